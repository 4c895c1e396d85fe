// Intl (ECMA-402), crosstalk's own code.
//
// This file reads the options as ECMA-402 says (GetOption, the digit options, the
// locale lists) and throws V8's errors; the locale data and the algorithms that need it
// (canonical tags, number, plural, list, relative-time and date formatting, collation,
// segmentation, case mapping) are the host's, on ICU4X (crates/intl). The default
// locale is workerd's, en-US, and the default time zone UTC.
(function (host) {
  "use strict";

  // The host's half: `call(op, ...args)`, one door for every operation.
  const call = host.intl;

  // The internal slots of every Intl object, by object.
  const slots = new WeakMap();

  function slot(object, kind, method) {
    const found = typeof object === "object" && object !== null ? slots.get(object) : undefined;
    if (found === undefined || found.kind !== kind) {
      throw new TypeError(`Method ${method} called on incompatible receiver ${describe(object)}`);
    }
    return found;
  }

  function describe(value) {
    if (value === null || value === undefined) return String(value);
    if (typeof value === "object" || typeof value === "function") {
      const name = value.constructor && value.constructor.name;
      return `#<${name || "Object"}>`;
    }
    return typeof value === "string" ? value : String(value);
  }

  function define(target, values) {
    for (const key of Reflect.ownKeys(values)) {
      Object.defineProperty(target, key, { value: values[key], writable: true, enumerable: false, configurable: true });
    }
  }

  function tag(prototype, name) {
    Object.defineProperty(prototype, Symbol.toStringTag, { value: name, configurable: true });
  }

  // A constructor that throws V8's TypeError when called without `new` (a class's own
  // check has boa's text), with the class's prototype, statics, name and length.
  function requireNew(Class, name) {
    const F = function () {
      if (new.target === undefined) throw new TypeError(`Constructor ${name} requires 'new'`);
      return Reflect.construct(Class, arguments, new.target);
    };
    for (const key of Reflect.ownKeys(Class)) {
      if (key !== "prototype") Object.defineProperty(F, key, Object.getOwnPropertyDescriptor(Class, key));
    }
    Object.defineProperty(F, "prototype", { value: Class.prototype, writable: false, enumerable: false, configurable: false });
    Object.defineProperty(Class.prototype, "constructor", { value: F, writable: true, enumerable: false, configurable: true });
    return F;
  }

  // --- Locale lists and options -------------------------------------------------------

  // CanonicalizeLocaleList: the requested tags, canonical and without duplicates.
  function canonicalLocales(locales) {
    if (locales === undefined) return [];
    let list;
    if (typeof locales === "string" || slots.get(locales)?.kind === "Locale") {
      list = [locales];
    } else {
      const object = Object(locales);
      const length = Math.min(Number(object.length) || 0, 2 ** 32 - 1);
      list = [];
      for (let k = 0; k < length; k++) {
        if (!(k in object)) continue;
        list.push(object[k]);
      }
    }
    const tags = [];
    for (const item of list) {
      if (typeof item !== "string" && (typeof item !== "object" || item === null)) {
        throw new TypeError("Language ID should be string or object.");
      }
      const text = slots.get(item)?.kind === "Locale" ? slots.get(item).tag : String(item);
      const canonical = call("canonicalize", text);
      if (!tags.includes(canonical)) tags.push(canonical);
    }
    return tags;
  }

  function resolveLocale(locales) {
    return call("resolve", canonicalLocales(locales));
  }

  function toOptions(options) {
    if (options === undefined) return Object.create(null);
    if (options === null) throw new TypeError("Cannot convert undefined or null to object");
    return Object(options);
  }

  // GetOption, with V8's error text.
  function getOption(options, property, type, values, fallback, service) {
    let value = options[property];
    if (value === undefined) return fallback;
    if (type === "boolean") return Boolean(value);
    value = String(value);
    if (values !== undefined && !values.includes(value)) {
      throw new RangeError(`Value ${value} out of range for ${service} options property ${property}`);
    }
    return value;
  }

  function defaultNumberOption(value, minimum, maximum, fallback, property) {
    if (value === undefined) return fallback;
    value = Number(value);
    if (Number.isNaN(value) || value < minimum || value > maximum) {
      throw new RangeError(`${property} value is out of range.`);
    }
    return Math.floor(value);
  }

  function getNumberOption(options, property, minimum, maximum, fallback) {
    return defaultNumberOption(options[property], minimum, maximum, fallback, property);
  }

  function supportedLocalesOf(locales, options) {
    const requested = canonicalLocales(locales);
    if (options !== undefined) getOption(toOptions(options), "localeMatcher", "string", ["lookup", "best fit"], "best fit", "Intl");
    return requested.filter((tag) => call("supported", tag));
  }

  function stripExtensions(tag) {
    const at = tag.search(/-[a-wyz0-9]-/i);
    return at < 0 ? tag : tag.slice(0, at);
  }

  // --- NumberFormat ---------------------------------------------------------------------

  const NF = "Intl.NumberFormat";

  // SetNumberFormatDigitOptions (ECMA-402, 2023 edition).
  function digitOptions(options, r, mnfdDefault, mxfdDefault, notation) {
    const mnid = getNumberOption(options, "minimumIntegerDigits", 1, 21, 1);
    const mnfd = options.minimumFractionDigits;
    const mxfd = options.maximumFractionDigits;
    const mnsd = options.minimumSignificantDigits;
    const mxsd = options.maximumSignificantDigits;
    r.minimumIntegerDigits = mnid;
    const roundingIncrement = getNumberOption(options, "roundingIncrement", 1, 5000, 1);
    if (![1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000].includes(roundingIncrement)) {
      throw new RangeError("roundingIncrement value is out of range.");
    }
    const roundingMode = getOption(options, "roundingMode", "string",
      ["ceil", "floor", "expand", "trunc", "halfCeil", "halfFloor", "halfExpand", "halfTrunc", "halfEven"], "halfExpand", NF);
    const roundingPriority = getOption(options, "roundingPriority", "string", ["auto", "morePrecision", "lessPrecision"], "auto", NF);
    const trailingZeroDisplay = getOption(options, "trailingZeroDisplay", "string", ["auto", "stripIfInteger"], "auto", NF);
    const hasSd = mnsd !== undefined || mxsd !== undefined;
    const hasFd = mnfd !== undefined || mxfd !== undefined;
    let needSd = true;
    let needFd = true;
    if (roundingPriority === "auto") {
      needSd = hasSd;
      if (needSd || (!hasFd && notation === "compact")) needFd = false;
    }
    if (needSd) {
      if (hasSd) {
        r.minimumSignificantDigits = defaultNumberOption(mnsd, 1, 21, 1, "minimumSignificantDigits");
        r.maximumSignificantDigits = defaultNumberOption(mxsd, r.minimumSignificantDigits, 21, 21, "maximumSignificantDigits");
      } else {
        r.minimumSignificantDigits = 1;
        r.maximumSignificantDigits = 21;
      }
    }
    if (needFd) {
      if (hasFd) {
        let min = defaultNumberOption(mnfd, 0, 100, undefined, "minimumFractionDigits");
        let max = defaultNumberOption(mxfd, 0, 100, undefined, "maximumFractionDigits");
        if (min === undefined) min = Math.min(mnfdDefault, max);
        else if (max === undefined) max = Math.max(mxfdDefault, min);
        else if (min > max) throw new RangeError("maximumFractionDigits value is out of range.");
        r.minimumFractionDigits = min;
        r.maximumFractionDigits = max;
      } else {
        r.minimumFractionDigits = mnfdDefault;
        r.maximumFractionDigits = mxfdDefault;
      }
    }
    if (!needSd && !needFd) {
      r.minimumFractionDigits = 0;
      r.maximumFractionDigits = 0;
      r.minimumSignificantDigits = 1;
      r.maximumSignificantDigits = 2;
      r.roundingType = "morePrecision";
    } else if (roundingPriority === "auto") {
      r.roundingType = needSd ? "significantDigits" : "fractionDigits";
    } else {
      r.roundingType = roundingPriority;
    }
    r.roundingIncrement = roundingIncrement;
    r.roundingMode = roundingMode;
    r.roundingPriority = roundingPriority;
    r.trailingZeroDisplay = trailingZeroDisplay;
  }

  const CURRENCY_DIGITS = { BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
    UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0, BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3, CLF: 4, UYW: 4 };

  // ECMA-402's sanctioned simple units, alone or as X-per-Y (IsWellFormedUnitIdentifier).
  const SIMPLE_UNITS = new Set(["acre", "bit", "byte", "celsius", "centimeter", "day", "degree", "fahrenheit",
    "fluid-ounce", "foot", "gallon", "gigabit", "gigabyte", "gram", "hectare", "hour", "inch", "kilobit", "kilobyte",
    "kilogram", "kilometer", "liter", "megabit", "megabyte", "meter", "microsecond", "mile", "mile-scandinavian",
    "milliliter", "millimeter", "millisecond", "minute", "month", "nanosecond", "ounce", "percent", "petabyte",
    "pound", "second", "stone", "terabit", "terabyte", "week", "yard", "year"]);

  function wellFormedUnit(unit) {
    if (SIMPLE_UNITS.has(unit)) return true;
    const per = unit.indexOf("-per-");
    if (per < 0 || unit.indexOf("-per-", per + 1) >= 0) return false;
    return SIMPLE_UNITS.has(unit.slice(0, per)) && SIMPLE_UNITS.has(unit.slice(per + 5));
  }

  function initializeNumberFormat(object, locales, options) {
    const requested = canonicalLocales(locales);
    let locale = call("resolve", requested);
    options = toOptions(options);
    getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", NF);
    let numberingSystem = options.numberingSystem;
    if (numberingSystem !== undefined) {
      numberingSystem = String(numberingSystem);
      if (!/^[a-z0-9]{3,8}(-[a-z0-9]{3,8})*$/i.test(numberingSystem)) {
        throw new RangeError(`Invalid numberingSystem : ${numberingSystem}`);
      }
    } else if (requested.length > 0) {
      // The requested tag's -u-nu- keyword, kept in the resolved locale as V8 keeps it.
      const nu = unicodeKeywords(requested[0]).nu;
      if (nu) {
        numberingSystem = nu;
        locale = `${locale}-u-nu-${nu}`;
      }
    }
    const r = { kind: "NumberFormat", locale, numberingSystem: numberingSystem ?? call("numberingSystem", locale) };
    if (numberingSystem !== undefined) r.nu = numberingSystem;
    const style = getOption(options, "style", "string", ["decimal", "percent", "currency", "unit"], "decimal", NF);
    r.style = style;
    let currency = getOption(options, "currency", "string", undefined, undefined, NF);
    if (currency !== undefined && !/^[A-Za-z]{3}$/.test(currency)) {
      throw new RangeError(`Invalid currency code : ${currency}`);
    }
    const currencyDisplay = getOption(options, "currencyDisplay", "string", ["code", "symbol", "narrowSymbol", "name"], "symbol", NF);
    const currencySign = getOption(options, "currencySign", "string", ["standard", "accounting"], "standard", NF);
    const unit = getOption(options, "unit", "string", undefined, undefined, NF);
    const unitDisplay = getOption(options, "unitDisplay", "string", ["short", "narrow", "long"], "short", NF);
    if (style === "currency") {
      if (currency === undefined) throw new TypeError("Currency code is required with currency style.");
      r.currency = currency.toUpperCase();
      r.currencySignAccounting = currencySign === "accounting";
      r.currencyDisplay = currencyDisplay;
      r.currencySign = currencySign;
    }
    if (unit !== undefined && !wellFormedUnit(unit)) {
      throw new RangeError(`Invalid unit argument for Intl.NumberFormat() '${unit}'`);
    }
    if (style === "unit") {
      if (unit === undefined) throw new TypeError("Invalid unit argument for Intl.NumberFormat() ''");
      // CLDR names the units of ICU4X's categories (duration, length, mass, volume, area);
      // the rest (bytes, temperatures, percent, compound units) it does not carry yet.
      if (!call("hasUnit", locale, unit)) {
        throw new RangeError(`Intl.NumberFormat's unit style is not supported by crosstalk yet (unit ${unit})`);
      }
      r.unit = unit;
      r.unitDisplay = unitDisplay;
    }
    const notation = getOption(options, "notation", "string", ["standard", "scientific", "engineering", "compact"], "standard", NF);
    let mnfdDefault = 0;
    let mxfdDefault = style === "percent" ? 0 : 3;
    if (style === "currency" && notation === "standard") {
      const digits = CURRENCY_DIGITS[r.currency] ?? 2;
      mnfdDefault = digits;
      mxfdDefault = digits;
    }
    digitOptions(options, r, mnfdDefault, mxfdDefault, notation);
    r.notation = notation;
    const compactDisplay = getOption(options, "compactDisplay", "string", ["short", "long"], "short", NF);
    if (notation === "compact") r.compactDisplay = compactDisplay;
    const defaultGrouping = notation === "compact" ? "min2" : "auto";
    let grouping = options.useGrouping;
    if (grouping === undefined) grouping = defaultGrouping;
    else if (grouping === true) grouping = "always";
    else if (!grouping) grouping = false;
    else {
      grouping = String(grouping);
      if (grouping === "true" || grouping === "false") grouping = defaultGrouping;
      else if (!["min2", "auto", "always"].includes(grouping)) {
        throw new RangeError(`Value ${grouping} out of range for Intl.NumberFormat options property useGrouping`);
      }
    }
    r.useGrouping = grouping;
    r.signDisplay = getOption(options, "signDisplay", "string", ["auto", "never", "always", "exceptZero", "negative"], "auto", NF);
    slots.set(object, r);
    return object;
  }

  // ToIntlMathematicalValue: a Number, or the exact decimal text of a BigInt or a string.
  function mathematicalValue(value) {
    if (typeof value === "bigint") return value.toString();
    const primitive = typeof value === "object" && value !== null ? toPrimitiveNumber(value) : value;
    if (typeof primitive === "bigint") return primitive.toString();
    if (typeof primitive === "string") {
      const trimmed = primitive.trim();
      if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return trimmed;
      return Number(primitive);
    }
    return Number(primitive);
  }

  function toPrimitiveNumber(value) {
    const prim = value[Symbol.toPrimitive];
    if (prim !== undefined) return prim.call(value, "number");
    for (const name of ["valueOf", "toString"]) {
      const method = value[name];
      if (typeof method === "function") {
        const result = method.call(value);
        if (typeof result !== "object" || result === null) return result;
      }
    }
    throw new TypeError("Cannot convert object to primitive value");
  }

  function formatNumberToParts(r, value) {
    return call("number", r, mathematicalValue(value));
  }

  function partsToString(parts) {
    let text = "";
    for (const part of parts) text += part[1];
    return text;
  }

  // formatRangeToParts: the start's parts, the separator, the end's, each part with its
  // `source`; two values that read the same are one, shared (a number's with an
  // approximately sign).
  function rangeParts(a, b, separator, approximately, sign) {
    if (partsToString(a) === partsToString(b)) {
      const shared = a.map(([type, value]) => ({ type, value, source: "shared" }));
      return approximately === undefined ? shared : [{ type: approximately, value: sign, source: "shared" }, ...shared];
    }
    return [
      ...a.map(([type, value]) => ({ type, value, source: "startRange" })),
      { type: "literal", value: separator, source: "shared" },
      ...b.map(([type, value]) => ({ type, value, source: "endRange" })),
    ];
  }

  function partsToObjects(parts) {
    return parts.map(([type, value]) => ({ type, value }));
  }

  function NumberFormat(locales, options) {
    const object = new.target === undefined ? Object.create(NumberFormat.prototype) : this;
    return initializeNumberFormat(object, locales, options);
  }
  Object.defineProperty(NumberFormat, "length", { value: 0 });
  define(NumberFormat, {
    supportedLocalesOf(locales, options = undefined) {
      return supportedLocalesOf(locales, options);
    },
  });
  define(NumberFormat.prototype, {
    formatToParts(value) {
      const r = slot(this, "NumberFormat", "Intl.NumberFormat.prototype.formatToParts");
      return partsToObjects(formatNumberToParts(r, value));
    },
    formatRange(start, end) {
      const r = slot(this, "NumberFormat", "Intl.NumberFormat.prototype.formatRange");
      if (start === undefined || end === undefined) throw new TypeError("start or end is undefined");
      const a = partsToString(formatNumberToParts(r, start));
      const b = partsToString(formatNumberToParts(r, end));
      return a === b ? `~${a}` : `${a}–${b}`;
    },
    formatRangeToParts(start, end) {
      const r = slot(this, "NumberFormat", "Intl.NumberFormat.prototype.formatRangeToParts");
      if (start === undefined || end === undefined) throw new TypeError("start or end is undefined");
      return rangeParts(formatNumberToParts(r, start), formatNumberToParts(r, end), "–", "approximatelySign", "~");
    },
    resolvedOptions() {
      const r = slot(this, "NumberFormat", "Intl.NumberFormat.prototype.resolvedOptions");
      const out = {};
      for (const key of ["locale", "numberingSystem", "style", "currency", "currencyDisplay", "currencySign",
        "unit", "unitDisplay", "minimumIntegerDigits", "minimumFractionDigits", "maximumFractionDigits", "minimumSignificantDigits",
        "maximumSignificantDigits", "useGrouping", "notation", "compactDisplay", "signDisplay", "roundingIncrement",
        "roundingMode", "roundingPriority", "trailingZeroDisplay"]) {
        if (r[key] !== undefined) out[key] = r[key];
      }
      return out;
    },
  });
  Object.defineProperty(NumberFormat.prototype, "format", {
    get() {
      const r = slot(this, "NumberFormat", "UnwrapNumberFormat");
      if (r.bound === undefined) {
        r.bound = (value) => partsToString(formatNumberToParts(r, value));
      }
      return r.bound;
    },
    enumerable: false,
    configurable: true,
  });
  tag(NumberFormat.prototype, "Intl.NumberFormat");

  // --- PluralRules ----------------------------------------------------------------------

  const PR = "Intl.PluralRules";

  class PluralRules {
    constructor(locales = undefined, options = undefined) {
      const locale = resolveLocale(locales);
      options = toOptions(options);
      getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", PR);
      const type = getOption(options, "type", "string", ["cardinal", "ordinal"], "cardinal", PR);
      const notation = getOption(options, "notation", "string", ["standard", "scientific", "engineering", "compact"], "standard", PR);
      const r = { kind: "PluralRules", locale, type, notation, style: "decimal" };
      digitOptions(options, r, 0, 3, notation);
      slots.set(this, r);
    }
    select(value) {
      const r = slot(this, "PluralRules", "Intl.PluralRules.prototype.select");
      return call("plural", r, Number(value));
    }
    selectRange(start, end) {
      const r = slot(this, "PluralRules", "Intl.PluralRules.prototype.selectRange");
      if (start === undefined || end === undefined) throw new TypeError("start or end is undefined");
      return call("plural", r, Number(end));
    }
    resolvedOptions() {
      const r = slot(this, "PluralRules", "Intl.PluralRules.prototype.resolvedOptions");
      const out = { locale: r.locale, type: r.type, notation: r.notation, minimumIntegerDigits: r.minimumIntegerDigits };
      for (const key of ["minimumFractionDigits", "maximumFractionDigits", "minimumSignificantDigits", "maximumSignificantDigits"]) {
        if (r[key] !== undefined) out[key] = r[key];
      }
      out.pluralCategories = call("pluralCategories", r.locale, r.type === "ordinal");
      out.roundingIncrement = r.roundingIncrement;
      out.roundingMode = r.roundingMode;
      out.roundingPriority = r.roundingPriority;
      out.trailingZeroDisplay = r.trailingZeroDisplay;
      return out;
    }
    static supportedLocalesOf(locales, options = undefined) {
      return supportedLocalesOf(locales, options);
    }
  }
  tag(PluralRules.prototype, "Intl.PluralRules");
  const PluralRulesConstructor = requireNew(PluralRules, "Intl.PluralRules");

  // --- Collator -------------------------------------------------------------------------

  const CO = "Intl.Collator";

  function initializeCollator(object, locales, options) {
    const requested = canonicalLocales(locales);
    const locale = call("resolve", requested);
    options = toOptions(options);
    const usage = getOption(options, "usage", "string", ["sort", "search"], "sort", CO);
    getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", CO);
    const collation = getOption(options, "collation", "string", undefined, undefined, CO);
    void collation;
    let numeric = getOption(options, "numeric", "boolean", undefined, undefined, CO);
    let caseFirst = getOption(options, "caseFirst", "string", ["upper", "lower", "false"], undefined, CO);
    // The -u-kn and -u-kf keywords of the requested tag, when the options leave them open.
    const keywords = requested.length > 0 ? unicodeKeywords(requested[0]) : {};
    if (numeric === undefined && "kn" in keywords) numeric = keywords.kn === "" || keywords.kn === "true";
    if (caseFirst === undefined && "kf" in keywords) caseFirst = keywords.kf || undefined;
    let sensitivity = getOption(options, "sensitivity", "string", ["base", "accent", "case", "variant"], undefined, CO);
    if (sensitivity === undefined) sensitivity = "variant";
    const ignorePunctuation = getOption(options, "ignorePunctuation", "boolean", undefined, false, CO);
    slots.set(object, {
      kind: "Collator",
      locale,
      usage,
      sensitivity,
      ignorePunctuation,
      collation: "default",
      numeric: Boolean(numeric),
      caseFirst: caseFirst ?? "false",
    });
    return object;
  }

  function unicodeKeywords(tag) {
    const match = /-u((?:-[a-z0-9]{2,8})+)/i.exec(tag);
    const out = {};
    if (!match) return out;
    let key;
    for (const subtag of match[1].slice(1).split("-")) {
      if (subtag.length === 2) {
        key = subtag.toLowerCase();
        out[key] = "";
      } else if (key !== undefined) {
        out[key] = out[key] ? `${out[key]}-${subtag}` : subtag;
      }
    }
    return out;
  }

  function Collator(locales, options) {
    const object = new.target === undefined ? Object.create(Collator.prototype) : this;
    return initializeCollator(object, locales, options);
  }
  Object.defineProperty(Collator, "length", { value: 0 });
  define(Collator, {
    supportedLocalesOf(locales, options = undefined) {
      return supportedLocalesOf(locales, options);
    },
  });
  define(Collator.prototype, {
    resolvedOptions() {
      const r = slot(this, "Collator", "Intl.Collator.prototype.resolvedOptions");
      return {
        locale: r.locale,
        usage: r.usage,
        sensitivity: r.sensitivity,
        ignorePunctuation: r.ignorePunctuation,
        collation: r.collation,
        numeric: r.numeric,
        caseFirst: r.caseFirst,
      };
    },
  });
  Object.defineProperty(Collator.prototype, "compare", {
    get() {
      const r = slot(this, "Collator", "get Intl.Collator.prototype.compare");
      if (r.bound === undefined) {
        r.bound = (x, y) => call("compare", r, String(x), String(y));
      }
      return r.bound;
    },
    enumerable: false,
    configurable: true,
  });
  tag(Collator.prototype, "Intl.Collator");

  // --- ListFormat -----------------------------------------------------------------------

  const LF = "Intl.ListFormat";

  function stringList(list) {
    if (list === undefined) return [];
    const out = [];
    for (const item of list) {
      if (typeof item !== "string") throw new TypeError(`Iterable yielded ${describeValue(item)} which is not a string`);
      out.push(item);
    }
    return out;
  }

  function describeValue(value) {
    if (typeof value === "string") return value;
    if (typeof value === "symbol") return value.toString();
    if (typeof value === "object" && value !== null) return describe(value);
    return String(value);
  }

  class ListFormat {
    constructor(locales = undefined, options = undefined) {
      const locale = resolveLocale(locales);
      if (options !== undefined && (typeof options !== "object" || options === null)) {
        throw new TypeError("Options must be an object");
      }
      options = toOptions(options);
      getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", LF);
      const type = getOption(options, "type", "string", ["conjunction", "disjunction", "unit"], "conjunction", LF);
      const style = getOption(options, "style", "string", ["long", "short", "narrow"], "long", LF);
      slots.set(this, { kind: "ListFormat", locale, type, style });
    }
    format(list) {
      const r = slot(this, "ListFormat", "Intl.ListFormat.prototype.format");
      return partsToString(call("list", r.locale, r.type, r.style, stringList(list)));
    }
    formatToParts(list) {
      const r = slot(this, "ListFormat", "Intl.ListFormat.prototype.formatToParts");
      return partsToObjects(call("list", r.locale, r.type, r.style, stringList(list)));
    }
    resolvedOptions() {
      const r = slot(this, "ListFormat", "Intl.ListFormat.prototype.resolvedOptions");
      return { locale: r.locale, type: r.type, style: r.style };
    }
    static supportedLocalesOf(locales, options = undefined) {
      return supportedLocalesOf(locales, options);
    }
  }
  tag(ListFormat.prototype, "Intl.ListFormat");
  const ListFormatConstructor = requireNew(ListFormat, "Intl.ListFormat");

  // --- RelativeTimeFormat ---------------------------------------------------------------

  const RTF = "Intl.RelativeTimeFormat";
  const RTF_UNITS = ["second", "minute", "hour", "day", "week", "month", "quarter", "year"];

  function relativeParts(r, value, unit, method) {
    value = Number(value);
    unit = String(unit);
    const singular = unit.endsWith("s") ? unit.slice(0, -1) : unit;
    if (!RTF_UNITS.includes(singular)) {
      throw new RangeError(`Invalid unit argument for ${method}() '${unit}'`);
    }
    if (!Number.isFinite(value)) throw new RangeError(`Invalid time value`);
    return call("relative", r.locale, r.style, r.numeric === "auto", value, singular);
  }

  class RelativeTimeFormat {
    constructor(locales = undefined, options = undefined) {
      const locale = resolveLocale(locales);
      options = toOptions(options);
      getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", RTF);
      getOption(options, "numberingSystem", "string", undefined, undefined, RTF);
      const style = getOption(options, "style", "string", ["long", "short", "narrow"], "long", RTF);
      const numeric = getOption(options, "numeric", "string", ["always", "auto"], "always", RTF);
      slots.set(this, { kind: "RelativeTimeFormat", locale, style, numeric, numberingSystem: call("numberingSystem", locale) });
    }
    format(value, unit) {
      const r = slot(this, "RelativeTimeFormat", "Intl.RelativeTimeFormat.prototype.format");
      return partsToString(relativeParts(r, value, unit, "Intl.RelativeTimeFormat.prototype.format"));
    }
    formatToParts(value, unit) {
      const r = slot(this, "RelativeTimeFormat", "Intl.RelativeTimeFormat.prototype.formatToParts");
      const method = "Intl.RelativeTimeFormat.prototype.formatToParts";
      const singular = String(unit).replace(/s$/, "");
      return relativeParts(r, value, unit, method).map(([type, text]) =>
        type === "literal" ? { type, value: text } : { type, value: text, unit: singular });
    }
    resolvedOptions() {
      const r = slot(this, "RelativeTimeFormat", "Intl.RelativeTimeFormat.prototype.resolvedOptions");
      return { locale: r.locale, style: r.style, numeric: r.numeric, numberingSystem: r.numberingSystem };
    }
    static supportedLocalesOf(locales, options = undefined) {
      return supportedLocalesOf(locales, options);
    }
  }
  tag(RelativeTimeFormat.prototype, "Intl.RelativeTimeFormat");
  const RelativeTimeFormatConstructor = requireNew(RelativeTimeFormat, "Intl.RelativeTimeFormat");

  // --- Segmenter ------------------------------------------------------------------------

  const SG = "Intl.Segmenter";

  function segmentData(r, input, start, end, wordLike) {
    const data = { segment: input.slice(start, end), index: start, input };
    if (r.granularity === "word") data.isWordLike = wordLike;
    return data;
  }

  // The segments of one string: [start, isWordLike] pairs, computed on first use.
  function boundaries(state) {
    if (state.breaks === undefined) state.breaks = call("segment", state.r.granularity, state.input);
    return state.breaks;
  }

  const segmentsPrototype = {
    containing(index = undefined) {
      const state = slots.get(this);
      if (state === undefined || state.kind !== "Segments") throw new TypeError("Illegal invocation");
      const n = Math.trunc(Number(index)) || 0;
      const input = state.input;
      if (n < 0 || n >= input.length) return undefined;
      const breaks = boundaries(state);
      for (let i = breaks.length - 1; i >= 0; i--) {
        if (breaks[i][0] <= n) {
          const end = i + 1 < breaks.length ? breaks[i + 1][0] : input.length;
          return segmentData(state.r, input, breaks[i][0], end, breaks[i][1]);
        }
      }
      return undefined;
    },
    [Symbol.iterator]() {
      const state = slots.get(this);
      if (state === undefined || state.kind !== "Segments") throw new TypeError("Illegal invocation");
      const iterator = Object.create(segmentIteratorPrototype);
      slots.set(iterator, { kind: "SegmentIterator", state, next: 0 });
      return iterator;
    },
  };

  const segmentIteratorPrototype = Object.create(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
  define(segmentIteratorPrototype, {
    next() {
      const it = slots.get(this);
      if (it === undefined || it.kind !== "SegmentIterator") throw new TypeError("Illegal invocation");
      const breaks = boundaries(it.state);
      if (it.next >= breaks.length) return { value: undefined, done: true };
      const i = it.next++;
      const end = i + 1 < breaks.length ? breaks[i + 1][0] : it.state.input.length;
      return { value: segmentData(it.state.r, it.state.input, breaks[i][0], end, breaks[i][1]), done: false };
    },
  });
  tag(segmentIteratorPrototype, "Segmenter String Iterator");

  class Segmenter {
    constructor(locales = undefined, options = undefined) {
      const locale = resolveLocale(locales);
      options = toOptions(options);
      getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", SG);
      const granularity = getOption(options, "granularity", "string", ["grapheme", "word", "sentence"], "grapheme", SG);
      slots.set(this, { kind: "Segmenter", locale, granularity });
    }
    segment(string) {
      const r = slot(this, "Segmenter", "Intl.Segmenter.prototype.segment");
      const segments = Object.create(segmentsPrototype);
      slots.set(segments, { kind: "Segments", r, input: String(string), breaks: undefined });
      return segments;
    }
    resolvedOptions() {
      const r = slot(this, "Segmenter", "Intl.Segmenter.prototype.resolvedOptions");
      return { locale: r.locale, granularity: r.granularity };
    }
    static supportedLocalesOf(locales, options = undefined) {
      return supportedLocalesOf(locales, options);
    }
  }
  tag(Segmenter.prototype, "Intl.Segmenter");
  const SegmenterConstructor = requireNew(Segmenter, "Intl.Segmenter");

  // --- DateTimeFormat -------------------------------------------------------------------

  const DTF = "Intl.DateTimeFormat";
  const COMPONENTS = [
    ["weekday", ["narrow", "short", "long"]],
    ["era", ["narrow", "short", "long"]],
    ["year", ["2-digit", "numeric"]],
    ["month", ["2-digit", "numeric", "narrow", "short", "long"]],
    ["day", ["2-digit", "numeric"]],
    ["dayPeriod", ["narrow", "short", "long"]],
    ["hour", ["2-digit", "numeric"]],
    ["minute", ["2-digit", "numeric"]],
    ["second", ["2-digit", "numeric"]],
    ["fractionalSecondDigits", undefined],
    ["timeZoneName", ["short", "long", "shortOffset", "longOffset", "shortGeneric", "longGeneric"]],
  ];
  const STYLES = ["full", "long", "medium", "short"];

  // CreateDateTimeFormat; `required` and `defaults` are ToDateTimeOptions' ("date",
  // "time" or "any"; "date", "time" or "all").
  // The calendars dates can be shown in (`Intl.supportedValuesOf('calendar')`).
  let calendars;

  function initializeDateTimeFormat(object, locales, options, required, defaults) {
    const requested = canonicalLocales(locales);
    let locale = call("resolve", requested);
    options = options === undefined ? Object.create(null) : toOptions(options);
    getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", DTF);
    let calendar = getOption(options, "calendar", "string", undefined, undefined, DTF);
    if (calendar !== undefined && !/^[a-z0-9]{3,8}(-[a-z0-9]{3,8})*$/i.test(calendar)) {
      throw new RangeError(`Invalid calendar : ${calendar}`);
    }
    // The option's calendar, else the tag's -u-ca- (kept in the resolved locale, as V8
    // keeps it), when it is one dates can be shown in; else the locale's own.
    calendars ??= call("supportedValues", "calendar");
    if (calendar !== undefined) {
      calendar = calendar.toLowerCase();
      if (!calendars.includes(calendar)) calendar = undefined;
    } else if (requested.length > 0) {
      const ca = unicodeKeywords(requested[0]).ca;
      if (ca && calendars.includes(ca)) {
        calendar = ca;
        locale = `${locale}-u-ca-${ca}`;
      }
    }
    getOption(options, "numberingSystem", "string", undefined, undefined, DTF);
    const hour12 = getOption(options, "hour12", "boolean", undefined, undefined, DTF);
    let hourCycle = getOption(options, "hourCycle", "string", ["h11", "h12", "h23", "h24"], undefined, DTF);
    if (hour12 !== undefined) hourCycle = null;
    let timeZone = options.timeZone;
    timeZone = timeZone === undefined ? "UTC" : call("timeZone", String(timeZone));
    const r = {
      kind: "DateTimeFormat",
      locale,
      calendar: calendar ?? call("calendar", locale),
      numberingSystem: call("numberingSystem", locale),
      timeZone,
    };
    if (calendar !== undefined) r.ca = calendar;
    let hasExplicit = false;
    for (const [name, values] of COMPONENTS) {
      let value;
      if (name === "fractionalSecondDigits") {
        value = options[name] === undefined ? undefined : defaultNumberOption(options[name], 1, 3, undefined, name);
      } else {
        value = getOption(options, name, "string", values, undefined, DTF);
      }
      if (value !== undefined) {
        r[name] = value;
        hasExplicit = true;
      }
    }
    getOption(options, "formatMatcher", "string", ["basic", "best fit"], "best fit", DTF);
    const dateStyle = getOption(options, "dateStyle", "string", STYLES, undefined, DTF);
    const timeStyle = getOption(options, "timeStyle", "string", STYLES, undefined, DTF);
    if (dateStyle !== undefined || timeStyle !== undefined) {
      if (hasExplicit) {
        throw new TypeError("Invalid option : option");
      }
      if (required === "date" && dateStyle === undefined) throw new TypeError("Invalid option : timeStyle");
      if (required === "time" && timeStyle === undefined) throw new TypeError("Invalid option : dateStyle");
      r.dateStyle = dateStyle;
      r.timeStyle = timeStyle;
    } else {
      let needDefaults = true;
      if (required === "date" || required === "any") {
        for (const name of ["weekday", "year", "month", "day"]) if (r[name] !== undefined) needDefaults = false;
      }
      if (required === "time" || required === "any") {
        for (const name of ["dayPeriod", "hour", "minute", "second", "fractionalSecondDigits"]) if (r[name] !== undefined) needDefaults = false;
      }
      if (needDefaults && (defaults === "date" || defaults === "all")) {
        r.year = "numeric";
        r.month = "numeric";
        r.day = "numeric";
      }
      if (needDefaults && (defaults === "time" || defaults === "all")) {
        r.hour = "numeric";
        r.minute = "numeric";
        r.second = "numeric";
      }
    }
    if (r.hour !== undefined || r.timeStyle !== undefined) {
      if (hourCycle === null) {
        const localeCycle = call("hourCycle", locale);
        hourCycle = hour12 ? (localeCycle === "h11" || localeCycle === "h23" ? "h11" : "h12") : (localeCycle === "h11" || localeCycle === "h23" ? "h23" : "h23");
      } else if (hourCycle === undefined) {
        hourCycle = call("hourCycle", locale);
      }
      r.hourCycle = hourCycle;
      r.hour12 = hourCycle === "h11" || hourCycle === "h12";
    }
    slots.set(object, r);
    return object;
  }

  // An instant in milliseconds, from a Date, a number or undefined ("now").
  function timeValue(date) {
    if (date === undefined) return Date.now();
    return Number(date);
  }

  function formatDateToParts(r, date) {
    return call("date", r, timeValue(date));
  }

  function DateTimeFormat(locales, options) {
    const object = new.target === undefined ? Object.create(DateTimeFormat.prototype) : this;
    return initializeDateTimeFormat(object, locales, options, "any", "date");
  }
  Object.defineProperty(DateTimeFormat, "length", { value: 0 });
  define(DateTimeFormat, {
    supportedLocalesOf(locales, options = undefined) {
      return supportedLocalesOf(locales, options);
    },
  });
  define(DateTimeFormat.prototype, {
    formatToParts(date) {
      const r = slot(this, "DateTimeFormat", "Intl.DateTimeFormat.prototype.formatToParts");
      return partsToObjects(formatDateToParts(r, date));
    },
    formatRange(start, end) {
      const r = slot(this, "DateTimeFormat", "Intl.DateTimeFormat.prototype.formatRange");
      if (start === undefined || end === undefined) throw new TypeError("startDate or endDate is undefined");
      const a = partsToString(formatDateToParts(r, start));
      const b = partsToString(formatDateToParts(r, end));
      return a === b ? a : `${a} – ${b}`;
    },
    formatRangeToParts(start, end) {
      const r = slot(this, "DateTimeFormat", "Intl.DateTimeFormat.prototype.formatRangeToParts");
      if (start === undefined || end === undefined) throw new TypeError("startDate or endDate is undefined");
      return rangeParts(formatDateToParts(r, start), formatDateToParts(r, end), " – ");
    },
    resolvedOptions() {
      const r = slot(this, "DateTimeFormat", "Intl.DateTimeFormat.prototype.resolvedOptions");
      const out = { locale: r.locale, calendar: r.calendar, numberingSystem: r.numberingSystem, timeZone: r.timeZone };
      if (r.hourCycle !== undefined) {
        out.hourCycle = r.hourCycle;
        out.hour12 = r.hour12;
      }
      for (const [name] of COMPONENTS) if (r[name] !== undefined) out[name] = r[name];
      if (r.dateStyle !== undefined) out.dateStyle = r.dateStyle;
      if (r.timeStyle !== undefined) out.timeStyle = r.timeStyle;
      return out;
    },
  });
  Object.defineProperty(DateTimeFormat.prototype, "format", {
    get() {
      const r = slot(this, "DateTimeFormat", "get Intl.DateTimeFormat.prototype.format");
      if (r.bound === undefined) {
        r.bound = (date) => partsToString(formatDateToParts(r, date));
      }
      return r.bound;
    },
    enumerable: false,
    configurable: true,
  });
  tag(DateTimeFormat.prototype, "Intl.DateTimeFormat");

  // --- Locale ---------------------------------------------------------------------------

  class Locale {
    constructor(tag, options = undefined) {
      if (typeof tag !== "string" && (typeof tag !== "object" || tag === null)) {
        throw new TypeError("First argument to Intl.Locale constructor can't be empty or missing");
      }
      let text = slots.get(tag)?.kind === "Locale" ? slots.get(tag).tag : String(tag);
      options = toOptions(options);
      const parts = call("localeParts", call("canonicalize", text));
      for (const key of ["language", "script", "region"]) {
        const value = options[key];
        if (value !== undefined) parts[key] = String(value);
      }
      let rebuilt = [parts.language, parts.script, parts.region, ...parts.variants].filter(Boolean).join("-");
      if (parts.extensions) rebuilt += `-${parts.extensions}`;
      const keywords = [["calendar", "ca"], ["collation", "co"], ["hourCycle", "hc"], ["caseFirst", "kf"], ["numeric", "kn"], ["numberingSystem", "nu"]];
      let extra = "";
      for (const [name, key] of keywords) {
        const value = options[name];
        if (value !== undefined) extra += `-${key}-${name === "numeric" ? String(Boolean(value)) : String(value)}`;
      }
      if (extra) rebuilt = rebuilt.includes("-u-") ? rebuilt.replace("-u-", `-u${extra}-`) : `${rebuilt}-u${extra}`;
      slots.set(this, { kind: "Locale", tag: call("canonicalize", rebuilt) });
    }
    toString() {
      return slot(this, "Locale", "Intl.Locale.prototype.toString").tag;
    }
    toJSON() {
      return slot(this, "Locale", "Intl.Locale.prototype.toJSON").tag;
    }
    maximize() {
      return new Locale(call("localeMaximize", slot(this, "Locale", "Intl.Locale.prototype.maximize").tag, true));
    }
    minimize() {
      return new Locale(call("localeMaximize", slot(this, "Locale", "Intl.Locale.prototype.minimize").tag, false));
    }
  }
  for (const name of ["baseName", "language", "script", "region", "calendar", "caseFirst", "collation", "hourCycle", "numeric", "numberingSystem"]) {
    Object.defineProperty(Locale.prototype, name, {
      get() {
        const tag = slot(this, "Locale", `get Intl.Locale.prototype.${name}`).tag;
        const parts = call("localeParts", tag);
        if (name === "baseName") return [parts.language, parts.script, parts.region, ...parts.variants].filter(Boolean).join("-");
        if (name === "language" || name === "script" || name === "region") return parts[name] || undefined;
        const keywords = unicodeKeywords(tag);
        const key = { calendar: "ca", caseFirst: "kf", collation: "co", hourCycle: "hc", numeric: "kn", numberingSystem: "nu" }[name];
        if (name === "numeric") return keywords.kn === "" || keywords.kn === "true";
        return keywords[key];
      },
      enumerable: false,
      configurable: true,
    });
  }
  tag(Locale.prototype, "Intl.Locale");
  const LocaleConstructor = requireNew(Locale, "Intl.Locale");

  // --- DisplayNames ---------------------------------------------------------------------

  const DN = "Intl.DisplayNames";

  class DisplayNames {
    constructor(locales, options) {
      const locale = resolveLocale(locales);
      if (options === undefined) throw new TypeError("invalid_argument");
      options = toOptions(options);
      getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", DN);
      const style = getOption(options, "style", "string", ["narrow", "short", "long"], "long", DN);
      const type = getOption(options, "type", "string", ["language", "region", "script", "currency", "calendar", "dateTimeField"], undefined, DN);
      if (type === undefined) throw new TypeError("invalid_argument");
      if (type === "calendar" || type === "dateTimeField") {
        throw new RangeError(`Intl.DisplayNames' ${type} type is not supported by crosstalk yet`);
      }
      const fallback = getOption(options, "fallback", "string", ["code", "none"], "code", DN);
      const languageDisplay = getOption(options, "languageDisplay", "string", ["dialect", "standard"], "dialect", DN);
      slots.set(this, { kind: "DisplayNames", locale, style, type, fallback, languageDisplay });
    }
    of(code) {
      const r = slot(this, "DisplayNames", "Intl.DisplayNames.prototype.of");
      code = String(code);
      const name = call("displayName", r.locale, r.type, code, r.style, r.languageDisplay === "dialect");
      if (name !== undefined) return name;
      if (r.fallback === "none") return undefined;
      if (r.type === "region" || r.type === "currency") return code.toUpperCase();
      if (r.type === "script") return code[0].toUpperCase() + code.slice(1).toLowerCase();
      return call("canonicalize", code);
    }
    resolvedOptions() {
      const r = slot(this, "DisplayNames", "Intl.DisplayNames.prototype.resolvedOptions");
      const out = { locale: r.locale, style: r.style, type: r.type, fallback: r.fallback };
      if (r.type === "language") out.languageDisplay = r.languageDisplay;
      return out;
    }
    static supportedLocalesOf(locales, options = undefined) {
      return supportedLocalesOf(locales, options);
    }
  }
  tag(DisplayNames.prototype, "Intl.DisplayNames");
  const DisplayNamesConstructor = requireNew(DisplayNames, "Intl.DisplayNames");

  // --- Intl -----------------------------------------------------------------------------

  const Intl = {};
  define(Intl, {
    getCanonicalLocales(locales) {
      return canonicalLocales(locales);
    },
    supportedValuesOf(key) {
      key = String(key);
      const values = call("supportedValues", key);
      if (values === undefined) throw new RangeError(`Invalid key : ${key}`);
      return values;
    },
    DateTimeFormat,
    NumberFormat,
    Collator,
    PluralRules: PluralRulesConstructor,
    RelativeTimeFormat: RelativeTimeFormatConstructor,
    ListFormat: ListFormatConstructor,
    Locale: LocaleConstructor,
    DisplayNames: DisplayNamesConstructor,
    Segmenter: SegmenterConstructor,
  });
  tag(Intl, "Intl");

  // The locale-sensitive methods of the built-in prototypes (installed by the host).
  function numberToLocaleString(value, locales, options) {
    const nf = initializeNumberFormat(Object.create(NumberFormat.prototype), locales, options);
    return partsToString(formatNumberToParts(slots.get(nf), value));
  }

  function dateToLocaleString(time, locales, options, required, defaults) {
    if (Number.isNaN(time)) return "Invalid Date";
    const dtf = initializeDateTimeFormat(Object.create(DateTimeFormat.prototype), locales, options, required, defaults);
    return partsToString(formatDateToParts(slots.get(dtf), time));
  }

  function localeCompare(a, b, locales, options) {
    const collator = initializeCollator(Object.create(Collator.prototype), locales, options);
    return call("compare", slots.get(collator), a, b);
  }

  function changeCase(text, locales, upper) {
    const requested = canonicalLocales(locales);
    const locale = requested.length > 0 ? stripExtensions(requested[0]) : "en-US";
    return call("case", locale, text, upper);
  }

  return { Intl, numberToLocaleString, dateToLocaleString, localeCompare, changeCase };
});
