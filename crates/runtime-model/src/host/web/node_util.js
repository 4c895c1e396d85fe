// node:util for crosstalk, as workerd provides it (node:sys and node:util/types share these
// objects). `format` and `inspect` are the console's own rendering (the host's), so a value
// prints the same both ways. `internal` holds the Node-style errors and helpers the other
// node modules of this family (assert, path, console) use.
(function (host) {
  "use strict";

  // ---------------------------------------------------------------------------------------
  // Node-style errors, with the codes, names and messages workerd gives them.

  const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
  const tagOf = (value) => Object.prototype.toString.call(value);

  function inspectShort(value) {
    return host.inspect(value);
  }

  // How a message names the value that was passed ("Received ...").
  function received(value) {
    if (value === null || value === undefined) return `Received ${value}`;
    if (typeof value === "function" && value.name) return `Received function ${value.name}`;
    if (typeof value === "object") {
      let name;
      try {
        name = value.constructor?.name;
      } catch {
        name = undefined;
      }
      if (name) return `Received an instance of ${name}`;
      return `Received ${inspectShort(value)}`;
    }
    let shown = inspectShort(value);
    if (shown.length > 25) shown = `${shown.slice(0, 25)}...`;
    return `Received type ${typeof value} (${shown})`;
  }

  // A TypeError/RangeError as workerd's NodeTypeError: own `code`, `name` and `toString`.
  function nodeTypeError(Base, code, message) {
    const error = new Base(message);
    error.code = code;
    error.name = Base.prototype.name;
    error.toString = function () {
      return `${this.name} [${this.code}]: ${this.message}`;
    };
    return error;
  }

  // workerd's NodeError: an Error subclass whose toString shows the code.
  class NodeError extends Error {
    constructor(code, message) {
      super(message);
      this.code = code;
      this.name = "Error";
    }

    toString() {
      return `${this.name} [${this.code}]: ${this.message}`;
    }
  }

  const primitiveNames = ["string", "function", "number", "object", "Function", "Object", "boolean", "bigint", "symbol"];

  function listWords(words, prefix) {
    if (words.length > 2) return `${prefix}${words.slice(0, -1).join(", ")}, or ${words[words.length - 1]}`;
    if (words.length === 2) return `${prefix}${words[0]} or ${words[1]}`;
    return `${prefix}${words[0]}`;
  }

  function expectedTypes(name, expected) {
    const list = Array.isArray(expected) ? expected : [expected];
    let text = "The ";
    if (name.endsWith(" argument")) text += `${name} `;
    else text += `"${name}" ${name.includes(".") ? "property" : "argument"} `;
    text += "must be ";
    const types = [];
    const classes = [];
    const others = [];
    for (const item of list) {
      if (primitiveNames.includes(item)) types.push(item.toLowerCase());
      else if (/^([A-Z][a-z0-9]*)+$/.test(item)) classes.push(item);
      else others.push(item);
    }
    if (classes.length > 0 && types.includes("object")) {
      types.splice(types.indexOf("object"), 1);
      classes.push("Object");
    }
    const parts = [];
    if (types.length > 0) parts.push(types.length === 1 ? `of type ${types[0]}` : listWords(types, "one of type "));
    if (classes.length > 0) {
      parts.push(classes.length === 2 ? `an instance of ${classes[0]} or ${classes[1]}` : listWords(classes, "an instance of "));
    }
    if (others.length > 0) {
      if (others.length === 1) parts.push(`${others[0].toLowerCase() !== others[0] ? "an " : ""}${others[0]}`);
      else parts.push(listWords(others, "one of "));
    }
    return text + parts.join(" or ");
  }

  const errors = {
    invalidArgType(name, expected, actual) {
      return nodeTypeError(TypeError, "ERR_INVALID_ARG_TYPE", `${expectedTypes(name, expected)}. ${received(actual)}`);
    },
    invalidArgValue(name, value, reason = "is invalid") {
      const kind = name.includes(".") ? "property" : "argument";
      return nodeTypeError(TypeError, "ERR_INVALID_ARG_VALUE", `The ${kind} '${name}' ${reason}. Received ${inspectShort(value)}`);
    },
    outOfRange(name, range, value) {
      let shown;
      const separated = (text) => {
        const sign = text[0] === "-" ? 1 : 0;
        let out = "";
        let end = text.length;
        for (; end >= sign + 4; end -= 3) out = `_${text.slice(end - 3, end)}${out}`;
        return text.slice(0, end) + out;
      };
      if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) shown = separated(String(value));
      else if (typeof value === "bigint") {
        shown = String(value);
        if (value > 2n ** 32n || value < -(2n ** 32n)) shown = separated(shown);
        shown += "n";
      } else shown = inspectShort(value);
      const error = new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${shown}`);
      error.code = "ERR_OUT_OF_RANGE";
      error.name = "RangeError";
      return error;
    },
    missingArgs(...names) {
      const quoted = names.map((n) => (Array.isArray(n) ? n.map((x) => `"${x}"`).join(" or ") : `"${n}"`));
      let text = "The ";
      if (quoted.length === 1) text += `${quoted[0]} argument`;
      else if (quoted.length === 2) text += `${quoted[0]} and ${quoted[1]} arguments`;
      else text += `${quoted.slice(0, -1).join(", ")}, and ${quoted[quoted.length - 1]} arguments`;
      return nodeTypeError(TypeError, "ERR_MISSING_ARGS", `${text} must be specified`);
    },
    methodNotImplemented(name) {
      return new NodeError("ERR_METHOD_NOT_IMPLEMENTED", `The ${name} method is not implemented`);
    },
    ambiguousArgument(name, reason) {
      return nodeTypeError(TypeError, "ERR_AMBIGUOUS_ARGUMENT", `The "${name}" argument is ambiguous. ${reason}`);
    },
    invalidReturnValue(what, name, value) {
      let shown;
      if (value === null || value === undefined) shown = String(value);
      else if (typeof value === "function" && value.name) shown = `function ${value.name}`;
      else if (typeof value === "object") shown = value.constructor?.name ? `an instance of ${value.constructor.name}` : inspectShort(value);
      else {
        shown = inspectShort(value);
        if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
        shown = `type ${typeof value} (${shown})`;
      }
      return nodeTypeError(TypeError, "ERR_INVALID_RETURN_VALUE", `Expected ${what} to be returned from the "${name}" function but got ${shown}.`);
    },
    nodeError(code, message) {
      return new NodeError(code, message);
    },
    nodeTypeError(code, message) {
      return nodeTypeError(TypeError, code, message);
    },
  };

  const validate = {
    string(value, name) {
      if (typeof value !== "string") throw errors.invalidArgType(name, "string", value);
    },
    function(value, name) {
      if (typeof value !== "function") throw errors.invalidArgType(name, "Function", value);
    },
    boolean(value, name) {
      if (typeof value !== "boolean") throw errors.invalidArgType(name, "boolean", value);
    },
    number(value, name) {
      if (typeof value !== "number") throw errors.invalidArgType(name, "number", value);
    },
    object(value, name) {
      if (value === null || Array.isArray(value) || typeof value !== "object") throw errors.invalidArgType(name, "Object", value);
    },
    oneOf(value, name, allowed) {
      if (!allowed.includes(value)) {
        const list = allowed.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(", ");
        throw errors.invalidArgValue(name, value, `must be one of: ${list}`);
      }
    },
  };

  // ---------------------------------------------------------------------------------------
  // Type checks (util.types): internal-slot checks where the language offers one.

  const getter = (object, key) => Object.getOwnPropertyDescriptor(object, key).get;
  const passes = (check) => {
    try {
      check();
      return true;
    } catch {
      return false;
    }
  };
  const isObjectLike = (value) => value !== null && (typeof value === "object" || typeof value === "function");
  const typedArrayTag = getter(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag);
  const arrayBufferLength = getter(ArrayBuffer.prototype, "byteLength");
  const sharedBufferLength = typeof SharedArrayBuffer === "function" ? getter(SharedArrayBuffer.prototype, "byteLength") : null;
  const dataViewBuffer = getter(DataView.prototype, "buffer");
  const regExpSource = getter(RegExp.prototype, "source");
  const mapSize = getter(Map.prototype, "size");
  const setSize = getter(Set.prototype, "size");
  // A built-in tag as Object.prototype.toString derives it from the object's kind, when no
  // Symbol.toStringTag can have replaced it.
  const builtinTag = (value) => {
    if (!isObjectLike(value)) return undefined;
    let own;
    try {
      own = value[Symbol.toStringTag];
    } catch {
      return undefined;
    }
    return own === undefined ? tagOf(value) : undefined;
  };
  const typed = (name) => (value) => isObjectLike(value) && typedArrayTag.call(value) === name;

  function isPromise(value) {
    if (!(value instanceof Promise)) return false;
    // A promise passes `then`'s brand check and reaches its constructor lookup, which is made
    // to throw, so no reaction is attached to the promise.
    let holder = value;
    try {
      while (holder !== null && !has(holder, "constructor")) holder = Object.getPrototypeOf(holder);
    } catch {
      return false;
    }
    if (holder === null) return false;
    const descriptor = Object.getOwnPropertyDescriptor(holder, "constructor");
    if (!descriptor || !descriptor.configurable) return tagOf(value) === "[object Promise]";
    const marker = {};
    try {
      Object.defineProperty(holder, "constructor", {
        get() {
          throw marker;
        },
        configurable: true,
      });
    } catch {
      return tagOf(value) === "[object Promise]";
    }
    try {
      Promise.prototype.then.call(value);
      return false;
    } catch (thrown) {
      return thrown === marker;
    } finally {
      Object.defineProperty(holder, "constructor", descriptor);
    }
  }

  const AsyncFunction = Object.getPrototypeOf(async function () {});
  const GeneratorFunction = Object.getPrototypeOf(function* () {});
  const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {});
  // crosstalk's provenance instrumentation turns the user's async functions into plain
  // ones whose body is `return __ct$t(<the async function>(), site)`, or for a concise
  // arrow `__ct$t(<the async function>(), site)` (as toString shows them: without the meter).
  const instrumentedAsync = (fn) =>
    /^[^{]*\{(if \(new\.target\) throw [^;]*;)?return __ct\$t\(|^[^{]*?=>\s*__ct\$t\(/.test(
      Function.prototype.toString.call(fn),
    );

  function isModuleNamespaceObject(value) {
    if (value === null || typeof value !== "object") return false;
    if (tagOf(value) !== "[object Module]" || Object.getPrototypeOf(value) !== null || Object.isExtensible(value)) return false;
    const names = Object.getOwnPropertyNames(value);
    return names.length === 0 || names.some((name) => Object.getOwnPropertyDescriptor(value, name)?.writable === true);
  }

  function keyObjectClass() {
    return host.loaded("node-crypto") ? host.load("node-crypto").KeyObject : undefined;
  }

  const types = {
    isAnyArrayBuffer: (v) => types.isArrayBuffer(v) || types.isSharedArrayBuffer(v),
    isArgumentsObject: (v) => builtinTag(v) === "[object Arguments]",
    isArrayBuffer: (v) => isObjectLike(v) && passes(() => arrayBufferLength.call(v)),
    isArrayBufferView: (v) => ArrayBuffer.isView(v),
    isAsyncFunction: (v) =>
      typeof v === "function" && ([AsyncFunction, AsyncGeneratorFunction].includes(Object.getPrototypeOf(v)) || instrumentedAsync(v)),
    isBigInt64Array: typed("BigInt64Array"),
    isBigIntObject: (v) => isObjectLike(v) && passes(() => BigInt.prototype.valueOf.call(v)),
    isBigUint64Array: typed("BigUint64Array"),
    isBooleanObject: (v) => isObjectLike(v) && passes(() => Boolean.prototype.valueOf.call(v)),
    isBoxedPrimitive: (v) =>
      types.isNumberObject(v) || types.isStringObject(v) || types.isBooleanObject(v) || types.isBigIntObject(v) || types.isSymbolObject(v),
    isCryptoKey: (v) => typeof CryptoKey === "function" && v instanceof CryptoKey,
    isDataView: (v) => isObjectLike(v) && passes(() => dataViewBuffer.call(v)),
    isDate: (v) => isObjectLike(v) && passes(() => Date.prototype.getTime.call(v)),
    isExternal: () => false,
    isFloat16Array: typed("Float16Array"),
    isFloat32Array: typed("Float32Array"),
    isFloat64Array: typed("Float64Array"),
    isGeneratorFunction: (v) => typeof v === "function" && [GeneratorFunction, AsyncGeneratorFunction].includes(Object.getPrototypeOf(v)),
    isGeneratorObject: (v) => ["[object Generator]", "[object AsyncGenerator]"].includes(isObjectLike(v) ? tagOf(v) : ""),
    isInt16Array: typed("Int16Array"),
    isInt32Array: typed("Int32Array"),
    isInt8Array: typed("Int8Array"),
    isKeyObject: (v) => {
      const KeyObject = keyObjectClass();
      return KeyObject !== undefined && v instanceof KeyObject;
    },
    isMap: (v) => isObjectLike(v) && passes(() => mapSize.call(v)),
    isMapIterator: (v) => isObjectLike(v) && tagOf(v) === "[object Map Iterator]",
    isModuleNamespaceObject,
    isNativeError: (v) => builtinTag(v) === "[object Error]",
    isNumberObject: (v) => isObjectLike(v) && passes(() => Number.prototype.valueOf.call(v)),
    isPromise,
    // boa offers no way to tell a proxy from its target.
    isProxy: () => false,
    isRegExp: (v) => isObjectLike(v) && v !== RegExp.prototype && passes(() => regExpSource.call(v)),
    isSet: (v) => isObjectLike(v) && passes(() => setSize.call(v)),
    isSetIterator: (v) => isObjectLike(v) && tagOf(v) === "[object Set Iterator]",
    isSharedArrayBuffer: (v) => sharedBufferLength !== null && isObjectLike(v) && passes(() => sharedBufferLength.call(v)),
    isStringObject: (v) => isObjectLike(v) && passes(() => String.prototype.valueOf.call(v)),
    isSymbolObject: (v) => isObjectLike(v) && passes(() => Symbol.prototype.valueOf.call(v)),
    isTypedArray: (v) => isObjectLike(v) && typedArrayTag.call(v) !== undefined,
    isUint16Array: typed("Uint16Array"),
    isUint32Array: typed("Uint32Array"),
    isUint8Array: typed("Uint8Array"),
    isUint8ClampedArray: typed("Uint8ClampedArray"),
    isWeakMap: (v) => isObjectLike(v) && passes(() => WeakMap.prototype.has.call(v, {})),
    isWeakSet: (v) => isObjectLike(v) && passes(() => WeakSet.prototype.has.call(v, {})),
  };

  // ---------------------------------------------------------------------------------------
  // Deep strict equality (util.isDeepStrictEqual, assert.deepStrictEqual).

  function sameBytes(a, b) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer ?? a, a.byteOffset ?? 0, a.byteLength);
    const y = new Uint8Array(b.buffer ?? b, b.byteOffset ?? 0, b.byteLength);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }

  const enumerableSymbols = (o) => Object.getOwnPropertySymbols(o).filter((s) => Object.prototype.propertyIsEnumerable.call(o, s));
  const isIndex = (key) => /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 2 ** 32 - 1;

  function boxedEqual(a, b) {
    for (const [check, unbox] of [
      [types.isNumberObject, Number.prototype.valueOf],
      [types.isStringObject, String.prototype.valueOf],
      [types.isBooleanObject, Boolean.prototype.valueOf],
      [types.isBigIntObject, BigInt.prototype.valueOf],
      [types.isSymbolObject, Symbol.prototype.valueOf],
    ]) {
      if (check(a)) return check(b) && Object.is(unbox.call(a), unbox.call(b));
    }
    return false;
  }

  // `pairs` also says the mode: `pairs.loose` compares as assert.deepEqual does (==, no
  // prototype or symbol-key checks).
  function deepEqual(a, b, pairs) {
    const loose = pairs.loose === true;
    if (a === b) return a !== 0 || Object.is(a, b) || loose;
    if (loose) {
      const objectA = a !== null && typeof a === "object";
      const objectB = b !== null && typeof b === "object";
      if (!objectA) return !objectB && (a == b || (Number.isNaN(a) && Number.isNaN(b)));
      if (!objectB) return false;
    } else {
      if (typeof a === "number") return Number.isNaN(a) && Number.isNaN(b);
      if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    }
    if (!loose && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (tagOf(a) !== tagOf(b)) return false;
    // A pair already being compared further up is taken as equal (cycles).
    let seen = pairs.get(a);
    if (seen?.has(b)) return true;
    if (!seen) pairs.set(a, (seen = new Set()));
    seen.add(b);
    try {
      return compareObjects(a, b, pairs);
    } finally {
      seen.delete(b);
    }
  }

  function compareObjects(a, b, pairs) {
    let skipIndices = false;
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) {
        const inA = has(a, i);
        if (inA !== has(b, i)) return false;
        if (inA && !deepEqual(a[i], b[i], pairs)) return false;
      }
      skipIndices = true;
    } else if (types.isDate(a)) {
      if (!types.isDate(b) || Date.prototype.getTime.call(a) !== Date.prototype.getTime.call(b)) return false;
    } else if (types.isRegExp(a)) {
      if (!types.isRegExp(b) || a.source !== b.source || a.flags !== b.flags || a.lastIndex !== b.lastIndex) return false;
    } else if (types.isNativeError(a) || a instanceof Error) {
      if (!(types.isNativeError(b) || b instanceof Error) || a.message !== b.message || a.name !== b.name) return false;
    } else if (ArrayBuffer.isView(a)) {
      if (!ArrayBuffer.isView(b)) return false;
      if (types.isTypedArray(a) && typedArrayTag.call(a) !== typedArrayTag.call(b)) return false;
      if (!sameBytes(a, b)) return false;
      skipIndices = true;
    } else if (types.isSet(a)) {
      if (!types.isSet(b) || a.size !== b.size || !setsEqual(a, b, pairs)) return false;
    } else if (types.isMap(a)) {
      if (!types.isMap(b) || a.size !== b.size || !mapsEqual(a, b, pairs)) return false;
    } else if (types.isAnyArrayBuffer(a)) {
      if (!types.isAnyArrayBuffer(b) || !sameBytes(a, b)) return false;
    } else if (types.isBoxedPrimitive(a)) {
      if (!boxedEqual(a, b)) return false;
    } else if (
      Array.isArray(b) ||
      ArrayBuffer.isView(b) ||
      types.isSet(b) ||
      types.isMap(b) ||
      types.isDate(b) ||
      types.isRegExp(b) ||
      types.isAnyArrayBuffer(b) ||
      types.isBoxedPrimitive(b) ||
      types.isNativeError(b) ||
      b instanceof Error
    ) {
      return false;
    }
    return keysEqual(a, b, pairs, skipIndices);
  }

  function keysEqual(a, b, pairs, skipIndices) {
    const keysOf = (o) => (skipIndices ? Object.keys(o).filter((k) => !isIndex(k)) : Object.keys(o));
    const keys = keysOf(a);
    if (keys.length !== keysOf(b).length) return false;
    for (const key of keys) if (!Object.prototype.propertyIsEnumerable.call(b, key)) return false;
    const symbols = pairs.loose ? [] : enumerableSymbols(a);
    if (!pairs.loose && symbols.length !== enumerableSymbols(b).length) return false;
    for (const symbol of symbols) if (!Object.prototype.propertyIsEnumerable.call(b, symbol)) return false;
    for (const key of [...keys, ...symbols]) if (!deepEqual(a[key], b[key], pairs)) return false;
    return true;
  }

  const isPrimitive = (v) => v === null || (typeof v !== "object" && typeof v !== "function");

  function setsEqual(a, b, pairs) {
    const pending = [];
    for (const value of a) {
      if (b.has(value)) continue;
      if (isPrimitive(value) && !pairs.loose) return false;
      pending.push(value);
    }
    if (pending.length === 0) return true;
    const candidates = [];
    for (const value of b) if ((pairs.loose || !isPrimitive(value)) && !a.has(value)) candidates.push(value);
    for (const value of pending) {
      const at = candidates.findIndex((c) => deepEqual(value, c, pairs));
      if (at === -1) return false;
      candidates.splice(at, 1);
    }
    return true;
  }

  function mapsEqual(a, b, pairs) {
    const pending = [];
    for (const [key, value] of a) {
      if (b.has(key)) {
        if (!deepEqual(value, b.get(key), pairs)) return false;
      } else if (isPrimitive(key) && !pairs.loose) return false;
      else pending.push([key, value]);
    }
    if (pending.length === 0) return true;
    const candidates = [];
    for (const entry of b) if ((pairs.loose || !isPrimitive(entry[0])) && !a.has(entry[0])) candidates.push(entry);
    for (const [key, value] of pending) {
      const at = candidates.findIndex(([k, v]) => deepEqual(key, k, pairs) && deepEqual(value, v, pairs));
      if (at === -1) return false;
      candidates.splice(at, 1);
    }
    return true;
  }

  function isDeepStrictEqual(a, b) {
    return deepEqual(a, b, new Map());
  }

  function isDeepLooseEqual(a, b) {
    const pairs = new Map();
    pairs.loose = true;
    return deepEqual(a, b, pairs);
  }

  // ---------------------------------------------------------------------------------------
  // The util functions.

  const custom = Symbol.for("nodejs.util.promisify.custom");
  const customArgs = Symbol.for("nodejs.util.promisify.custom.args");
  const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

  function copyProperties(target, source) {
    const descriptors = Object.getOwnPropertyDescriptors(source);
    for (const descriptor of Object.values(descriptors)) Object.setPrototypeOf(descriptor, null);
    return Object.defineProperties(target, descriptors);
  }

  function promisify(original) {
    validate.function(original, "original");
    if (original[custom]) {
      const fn = original[custom];
      validate.function(fn, "util.promisify.custom");
      return Object.defineProperty(fn, custom, { value: fn, enumerable: false, writable: false, configurable: true });
    }
    const names = original[customArgs];
    function fn(...args) {
      return new Promise((resolve, reject) => {
        args.push((error, ...values) => {
          if (error) return reject(error);
          if (names !== undefined && values.length > 1) {
            const result = {};
            names.forEach((name, i) => {
              result[name] = values[i];
            });
            return resolve(result);
          }
          return resolve(values[0]);
        });
        Reflect.apply(original, this, args);
      });
    }
    Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
    Object.defineProperty(fn, custom, { value: fn, enumerable: false, writable: false, configurable: true });
    return copyProperties(fn, original);
  }
  promisify.custom = custom;

  function callbackify(original) {
    validate.function(original, "original");
    function callbackified(...args) {
      const last = args.pop();
      if (typeof last !== "function") throw errors.invalidArgType("last argument", "Function", last);
      const callback = last.bind(this);
      Reflect.apply(original, this, args).then(
        (value) => queueMicrotask(() => callback(null, value)),
        (reason) =>
          queueMicrotask(() => {
            if (!reason) {
              const error = new NodeError("ERR_FALSY_VALUE_REJECTION", "Promise was rejected with falsy value");
              error.reason = reason;
              reason = error;
            }
            callback(reason);
          }),
      );
    }
    const descriptors = Object.getOwnPropertyDescriptors(original);
    if (typeof descriptors.length?.value === "number") descriptors.length.value++;
    if (typeof descriptors.name?.value === "string") descriptors.name.value += "Callbackified";
    for (const descriptor of Object.values(descriptors)) Object.setPrototypeOf(descriptor, null);
    return Object.defineProperties(callbackified, descriptors);
  }

  function inherits(ctor, superCtor) {
    if (ctor === undefined || ctor === null) throw errors.invalidArgType("ctor", "Function", ctor);
    if (superCtor === undefined || superCtor === null) throw errors.invalidArgType("superCtor", "Function", superCtor);
    if (superCtor.prototype === undefined) throw errors.invalidArgType("superCtor.prototype", "Object", superCtor.prototype);
    Object.defineProperty(ctor, "super_", { value: superCtor, writable: true, configurable: true });
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
  }

  function _extend(target, source) {
    if (source === null || typeof source !== "object") return target;
    const keys = Object.keys(source);
    for (let i = keys.length - 1; i >= 0; i--) target[keys[i]] = source[keys[i]];
    return target;
  }

  // workerd hands the function back as it is (no warning).
  function deprecate(fn) {
    return fn;
  }

  function format(...args) {
    return host.format(...args);
  }

  function formatWithOptions(inspectOptions, ...args) {
    if (inspectOptions === null || Array.isArray(inspectOptions) || typeof inspectOptions !== "object") {
      throw errors.invalidArgType("inspectOptions", "Object", inspectOptions);
    }
    return host.format(...args);
  }

  function inspect(value) {
    return host.inspect(value);
  }
  const colors = {
    reset: [0, 0], bold: [1, 22], dim: [2, 22], italic: [3, 23], underline: [4, 24], blink: [5, 25], inverse: [7, 27],
    hidden: [8, 28], strikethrough: [9, 29], doubleunderline: [21, 24], black: [30, 39], red: [31, 39], green: [32, 39],
    yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39], white: [37, 39], bgBlack: [40, 49],
    bgRed: [41, 49], bgGreen: [42, 49], bgYellow: [43, 49], bgBlue: [44, 49], bgMagenta: [45, 49], bgCyan: [46, 49],
    bgWhite: [47, 49], framed: [51, 54], overlined: [53, 55], gray: [90, 39], redBright: [91, 39], greenBright: [92, 39],
    yellowBright: [93, 39], blueBright: [94, 39], magentaBright: [95, 39], cyanBright: [96, 39], whiteBright: [97, 39],
    bgGray: [100, 49], bgRedBright: [101, 49], bgGreenBright: [102, 49], bgYellowBright: [103, 49], bgBlueBright: [104, 49],
    bgMagentaBright: [105, 49], bgCyanBright: [106, 49], bgWhiteBright: [107, 49],
  };
  for (const [alias, name] of [
    ["grey", "gray"], ["blackBright", "gray"], ["bgGrey", "bgGray"], ["bgBlackBright", "bgGray"], ["faint", "dim"],
    ["crossedout", "strikethrough"], ["strikeThrough", "strikethrough"], ["crossedOut", "strikethrough"],
    ["conceal", "hidden"], ["swapColors", "inverse"], ["swapcolors", "inverse"], ["doubleUnderline", "doubleunderline"],
  ]) {
    Object.defineProperty(colors, alias, {
      get() {
        return this[name];
      },
      set(value) {
        this[name] = value;
      },
      configurable: true,
      enumerable: false,
    });
  }
  const styles = {
    special: "cyan", number: "yellow", bigint: "yellow", boolean: "yellow", undefined: "grey", null: "bold",
    string: "green", symbol: "green", date: "magenta", name: undefined, regexp: "red", module: "underline",
  };
  let defaultOptions = {
    showHidden: false, depth: 2, colors: false, customInspect: true, showProxy: false, maxArrayLength: 100,
    maxStringLength: 10000, breakLength: 80, compact: 3, sorted: false, getters: false, numericSeparator: false,
  };
  inspect.custom = inspectCustom;
  Object.defineProperty(inspect, "defaultOptions", {
    get() {
      return defaultOptions;
    },
    set(options) {
      validate.object(options, "options");
      defaultOptions = { ...defaultOptions, ...options };
    },
    enumerable: false,
    configurable: true,
  });
  inspect.colors = colors;
  inspect.styles = styles;

  // Escape sequences: CSI/OSC introducers, then either a string terminated by BEL, ESC \ or
  // ST, or numeric parameters and a final byte.
  const vtPattern = new RegExp(
    [
      "[\\u001B\\u009B][[\\]()#;?]*",
      "(?:",
      "(?:(?:(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]+)*|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]*)*)?(?:\\u0007|\\u001B\\u005C|\\u009C))",
      "|",
      "(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PR-TZcf-ntqry=><~])",
      ")",
    ].join(""),
    "g",
  );

  function stripVTControlCharacters(str) {
    validate.string(str, "str");
    return str.replace(vtPattern, "");
  }

  const stdoutPlaceholder = Object.create(null);
  const isNodeStream = (s) =>
    !!s &&
    typeof s === "object" &&
    !!(s._readableState || s._writableState || (typeof s.write === "function" && typeof s.on === "function") || (typeof s.pipe === "function" && typeof s.on === "function"));
  const isWebReadable = (s) =>
    !!s && typeof s === "object" && !isNodeStream(s) && typeof s.pipeThrough === "function" && typeof s.getReader === "function" && typeof s.cancel === "function";
  const isWebWritable = (s) => !!s && typeof s === "object" && !isNodeStream(s) && typeof s.getWriter === "function" && typeof s.abort === "function";

  function styleText(format, text, { validateStream = true, stream = stdoutPlaceholder } = {}) {
    validate.string(text, "text");
    if (validateStream !== true) validate.boolean(validateStream, "options.validateStream");
    let plain = false;
    if (validateStream) {
      if (!isWebReadable(stream) && !isWebWritable(stream) && !isNodeStream(stream) && stream !== stdoutPlaceholder) {
        throw errors.invalidArgType("stream", ["ReadableStream", "WritableStream", "Stream"], stream);
      }
      // As workerd decides it: only a TTY stream of at most two colours gets the codes.
      const tty = stream != null && typeof stream === "object" && "isTTY" in stream && !!stream.isTTY && typeof stream.getColorDepth === "function";
      plain = tty ? stream.getColorDepth() > 2 : true;
    }
    let open = "";
    let close = "";
    for (const key of Array.isArray(format) ? format : [format]) {
      if (key === "none") continue;
      const codes = typeof key === "string" ? colors[key] : undefined;
      if (codes == null) validate.oneOf(key, "format", Object.keys(colors));
      if (plain) continue;
      open += codes ? `\u001b[${codes[0]}m` : "";
      close = `${codes ? `\u001b[${codes[1]}m` : ""}${close}`;
    }
    return plain ? text : `${open}${text}${close}`;
  }

  function toUSVString(input) {
    return input.toWellFormed();
  }

  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function log(...args) {
    const now = new Date();
    const two = (n) => String(n).padStart(2, "0");
    const stamp = `${now.getDate()} ${months[now.getMonth()]} ${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
    console.log("%s - %s", stamp, format(...args));
  }

  // workerd does not implement util.parseArgs.
  function parseArgs() {
    throw new Error("node:util parseArgs is not implemented");
  }

  function parseEnv(content) {
    validate.string(content, "content");
    const result = {};
    const lines = content.split("\n");
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i];
      if (!line.trim() || line.trimStart().startsWith("#")) continue;
      if (line.trimStart().startsWith("export ")) line = line.slice(line.indexOf("export ") + 7);
      const eq = line.indexOf("=");
      if (eq === -1) continue;
      const key = line.slice(0, eq).trim();
      if (!key) continue;
      let value = line.slice(eq + 1).trimStart();
      const quote = value[0];
      if (quote === '"' || quote === "'" || quote === "`") {
        const close = value.indexOf(quote, 1);
        if (close !== -1) {
          value = value.slice(1, close);
          if (quote === '"') value = value.replace(/\\n/g, "\n");
        } else {
          // The value runs on to the first later line holding the closing quote.
          let joined = value.slice(1);
          let found = false;
          for (let next = i + 1; next < lines.length; next++) {
            const at = lines[next].indexOf(quote);
            if (at !== -1) {
              value = `${joined}\n${lines[next].slice(0, at)}`;
              if (quote === '"') value = value.replace(/\\n/g, "\n");
              found = true;
              i = next;
              break;
            }
            joined += `\n${lines[next]}`;
          }
          if (!found) value = value.length === 1 ? quote : value.slice(1);
        }
      } else if (value.length > 0) {
        const hash = value.indexOf("#");
        if (hash !== -1) value = value.slice(0, hash);
        value = value.trimEnd();
      }
      result[key] = value;
    }
    return result;
  }

  async function aborted(signal, resource) {
    if (signal === undefined) throw errors.invalidArgType("signal", "AbortSignal", signal);
    if (signal === null || typeof signal !== "object" || !("aborted" in signal)) {
      throw errors.invalidArgType("signal", "AbortSignal", signal);
    }
    if (resource === null || (typeof resource !== "object" && typeof resource !== "function")) {
      throw errors.invalidArgType("resource", "Object", resource);
    }
    if (signal.aborted) return undefined;
    return new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
  }

  const debugLoggers = new Map();
  function debugLogger(set) {
    if (!debugLoggers.has(set)) {
      debugLoggers.set(set, function debug(...args) {
        console.log(format("%s: %s\n", set, formatWithOptions({}, ...args)));
      });
    }
    return debugLoggers.get(set);
  }

  // Always enabled: workerd has no NODE_DEBUG to choose sections by.
  function debuglog(set, callback) {
    let impl;
    const logger = (...args) => {
      if (impl === undefined) {
        set = set.toUpperCase();
        impl = debugLogger(set);
        if (typeof callback === "function") callback(impl);
      }
      return impl(...args);
    };
    Object.defineProperty(logger, "enabled", { get: () => true, configurable: true, enumerable: true });
    return logger;
  }

  function transferableAbortController() {
    return new AbortController();
  }

  function transferableAbortSignal(signal) {
    if (!(signal instanceof AbortSignal)) throw errors.invalidArgType("signal", "AbortSignal", signal);
    return signal;
  }

  // The named frames of the caller's stack, as boa's Error stack shows them.
  function getCallSites(frames) {
    let count = 10;
    if (frames !== undefined) {
      count = Number(frames);
      count = Number.isFinite(count) ? Math.trunc(count) : 0;
      if (count < 1 || count > 200) throw new Error("Frame count should be between 1 and 200 inclusive.");
    }
    const stack = String(new Error().stack ?? "").split("\n").slice(1);
    const sites = [];
    let skipped = false;
    for (const line of stack) {
      const match = /^\s*at (?:async )?(.*?) \((.*):(\d+):(\d+)\)$/.exec(line) ?? /^\s*at (?:async )?()(.*):(\d+):(\d+)$/.exec(line);
      if (!match) continue;
      const [, name, script, row, column] = match;
      if (!skipped && script.includes("crosstalk:web/node_util.js")) continue;
      skipped = true;
      if (count-- <= 0) break;
      if (!name || !script) continue;
      const functionName = name.replace(/^Object\./, "");
      sites.push({ functionName, scriptName: script, lineNumber: Number(row), columnNumber: Number(column), column: Number(column) });
    }
    return sites;
  }

  // libuv's errors, as workerd lists them: code → [name, message].
  const systemErrors = [
    [-7, "E2BIG", "argument list too long"], [-13, "EACCES", "permission denied"], [-98, "EADDRINUSE", "address already in use"],
    [-99, "EADDRNOTAVAIL", "address not available"], [-97, "EAFNOSUPPORT", "address family not supported"],
    [-11, "EAGAIN", "resource temporarily unavailable"], [-3000, "EAI_ADDRFAMILY", "address family not supported"],
    [-3001, "EAI_AGAIN", "temporary failure"], [-3002, "EAI_BADFLAGS", "bad ai_flags value"],
    [-3013, "EAI_BADHINTS", "invalid value for hints"], [-3003, "EAI_CANCELED", "request canceled"],
    [-3004, "EAI_FAIL", "permanent failure"], [-3005, "EAI_FAMILY", "ai_family not supported"],
    [-3006, "EAI_MEMORY", "out of memory"], [-3007, "EAI_NODATA", "no address"], [-3008, "EAI_NONAME", "unknown node or service"],
    [-3009, "EAI_OVERFLOW", "argument buffer overflow"], [-3014, "EAI_PROTOCOL", "resolved protocol is unknown"],
    [-3010, "EAI_SERVICE", "service not available for socket type"], [-3011, "EAI_SOCKTYPE", "socket type not supported"],
    [-114, "EALREADY", "connection already in progress"], [-9, "EBADF", "bad file descriptor"],
    [-16, "EBUSY", "resource busy or locked"], [-125, "ECANCELED", "operation canceled"],
    [-4080, "ECHARSET", "invalid Unicode character"], [-103, "ECONNABORTED", "software caused connection abort"],
    [-111, "ECONNREFUSED", "connection refused"], [-104, "ECONNRESET", "connection reset by peer"],
    [-89, "EDESTADDRREQ", "destination address required"], [-17, "EEXIST", "file already exists"],
    [-14, "EFAULT", "bad address in system call argument"], [-27, "EFBIG", "file too large"],
    [-113, "EHOSTUNREACH", "host is unreachable"], [-4, "EINTR", "interrupted system call"], [-22, "EINVAL", "invalid argument"],
    [-5, "EIO", "i/o error"], [-106, "EISCONN", "socket is already connected"], [-21, "EISDIR", "illegal operation on a directory"],
    [-40, "ELOOP", "too many symbolic links encountered"], [-24, "EMFILE", "too many open files"],
    [-90, "EMSGSIZE", "message too long"], [-36, "ENAMETOOLONG", "name too long"], [-100, "ENETDOWN", "network is down"],
    [-101, "ENETUNREACH", "network is unreachable"], [-23, "ENFILE", "file table overflow"],
    [-105, "ENOBUFS", "no buffer space available"], [-19, "ENODEV", "no such device"], [-2, "ENOENT", "no such file or directory"],
    [-12, "ENOMEM", "not enough memory"], [-64, "ENONET", "machine is not on the network"],
    [-92, "ENOPROTOOPT", "protocol not available"], [-28, "ENOSPC", "no space left on device"],
    [-38, "ENOSYS", "function not implemented"], [-107, "ENOTCONN", "socket is not connected"], [-20, "ENOTDIR", "not a directory"],
    [-39, "ENOTEMPTY", "directory not empty"], [-88, "ENOTSOCK", "socket operation on non-socket"],
    [-95, "ENOTSUP", "operation not supported on socket"], [-75, "EOVERFLOW", "value too large for defined data type"],
    [-1, "EPERM", "operation not permitted"], [-32, "EPIPE", "broken pipe"], [-71, "EPROTO", "protocol error"],
    [-93, "EPROTONOSUPPORT", "protocol not supported"], [-91, "EPROTOTYPE", "protocol wrong type for socket"],
    [-34, "ERANGE", "result too large"], [-30, "EROFS", "read-only file system"],
    [-108, "ESHUTDOWN", "cannot send after transport endpoint shutdown"], [-29, "ESPIPE", "invalid seek"],
    [-3, "ESRCH", "no such process"], [-110, "ETIMEDOUT", "connection timed out"], [-26, "ETXTBSY", "text file is busy"],
    [-18, "EXDEV", "cross-device link not permitted"], [-4094, "UNKNOWN", "unknown error"], [-4095, "EOF", "end of file"],
    [-6, "ENXIO", "no such device or address"], [-31, "EMLINK", "too many links"], [-112, "EHOSTDOWN", "host is down"],
    [-121, "EREMOTEIO", "remote I/O error"], [-25, "ENOTTY", "inappropriate ioctl for device"],
    [-4028, "EFTYPE", "inappropriate file type or format"], [-84, "EILSEQ", "illegal byte sequence"],
    [-94, "ESOCKTNOSUPPORT", "socket type not supported"], [-61, "ENODATA", "no data available"],
    [-49, "EUNATCH", "protocol driver not attached"], [-8, "ENOEXEC", "exec format error"],
  ];

  function getSystemErrorMap() {
    return new Map(systemErrors.map(([code, name, message]) => [code, [name, message]]));
  }

  function systemError(err) {
    validate.number(err, "err");
    if (err >= 0 || !Number.isSafeInteger(err)) throw errors.outOfRange("err", "a negative integer", err);
    return systemErrors.find(([code]) => code === err);
  }

  function getSystemErrorName(err) {
    return systemError(err)?.[1] ?? `Unknown system error ${err}`;
  }

  function getSystemErrorMessage(err) {
    return systemError(err)?.[2] ?? `Unknown system error ${err}`;
  }

  function _errnoException() {
    throw errors.methodNotImplemented("_errnoException");
  }

  function _exceptionWithHostPort() {
    throw errors.methodNotImplemented("_exceptionWithHostPort");
  }

  // The shortest edit script (Myers) from `actual` to `expected`: [0, item] kept,
  // [1, item] only in actual, [-1, item] only in expected.
  function editScript(a, b) {
    const n = a.length;
    const m = b.length;
    const max = n + m;
    const v = new Int32Array(2 * max + 2);
    const history = [];
    const fromAbove = (row, k, d) => k === -d || (k !== d && row[k - 1 + max] < row[k + 1 + max]);
    let done = false;
    for (let d = 0; d <= max && !done; d++) {
      history.push(v.slice());
      for (let k = -d; k <= d; k += 2) {
        let x = fromAbove(v, k, d) ? v[k + 1 + max] : v[k - 1 + max] + 1;
        let y = x - k;
        while (x < n && y < m && a[x] === b[y]) {
          x++;
          y++;
        }
        v[k + max] = x;
        if (x >= n && y >= m) {
          done = true;
          break;
        }
      }
    }
    const script = [];
    let x = n;
    let y = m;
    for (let d = history.length - 1; d >= 0; d--) {
      const row = history[d];
      const k = x - y;
      const previousK = fromAbove(row, k, d) ? k + 1 : k - 1;
      const previousX = row[previousK + max];
      const previousY = previousX - previousK;
      while (x > previousX && y > previousY) {
        script.push([0, a[x - 1]]);
        x--;
        y--;
      }
      if (d > 0) {
        if (x > previousX) {
          script.push([1, a[x - 1]]);
          x--;
        } else {
          script.push([-1, b[y - 1]]);
          y--;
        }
      }
    }
    return script.reverse();
  }

  function diff(actual, expected) {
    if (actual === expected) return [];
    for (const [value, name] of [
      [actual, "actual"],
      [expected, "expected"],
    ]) {
      if (Array.isArray(value)) value.forEach((item, i) => validate.string(item, `${name}[${i}]`));
      else validate.string(value, name);
    }
    return editScript(actual, expected);
  }

  const signalNumbers = {
    SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
    SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17, SIGSTKFLT: 16, SIGCONT: 18,
    SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27,
    SIGWINCH: 28, SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
  };

  function convertProcessSignalToExitCode(signalCode) {
    validate.oneOf(signalCode, "signalCode", Object.keys(signalNumbers));
    return 128 + signalNumbers[signalCode];
  }

  function setTraceSigInt() {}

  // ---------------------------------------------------------------------------------------
  // MIMEType / MIMEParams, parsed and serialised as workerd's MimeType does.

  const tokenChar = (c) => /[!#$%&'*+\\\-.^_`|~A-Za-z0-9]/.test(c);
  const quotedChar = (c) => c === "\t" || (c >= " " && c <= "~") || c.charCodeAt(0) >= 0x80;
  const allToken = (s) => s.length > 0 && [...s].every(tokenChar);
  const allQuoted = (s) => [...s].every(quotedChar);
  const mimeSpace = /^[\r\n\t ]+/;
  const mimeSpaceEnd = /[\r\n\t ]+$/;
  const lowerAscii = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

  // Parameters keep workerd's table order: removing one moves the last into its place.
  function addParam(state, name, value) {
    if (!allToken(name) || !allQuoted(value)) return false;
    const key = lowerAscii(name);
    if (!state.params.some(([k]) => k === key)) state.params.push([key, value]);
    return true;
  }

  function parseMime(input) {
    let rest = input.replace(mimeSpace, "");
    const slash = rest.indexOf("/");
    if (rest.length === 0 || slash === -1) return null;
    const type = rest.slice(0, slash);
    if (!allToken(type)) return null;
    rest = rest.slice(slash + 1);
    if (rest.length === 0) return null;
    const semicolon = rest.indexOf(";");
    const subtype = (semicolon === -1 ? rest : rest.slice(0, semicolon)).replace(mimeSpaceEnd, "");
    if (!allToken(subtype)) return null;
    rest = semicolon === -1 ? "" : rest.slice(semicolon + 1);
    const state = { type: lowerAscii(type), subtype: lowerAscii(subtype), params: [] };
    while (rest.length > 0) {
      rest = rest.replace(mimeSpace, "");
      if (rest.length === 0) break;
      const at = rest.search(/[;=]/);
      if (at === -1) break;
      if (rest[at] === ";") {
        rest = rest.slice(at + 1);
        continue;
      }
      const name = rest.slice(0, at);
      rest = rest.slice(at + 1);
      if (!allToken(name)) {
        const next = rest.indexOf(";");
        if (next === -1) break;
        rest = rest.slice(next + 1);
        continue;
      }
      if (rest.length === 0) break;
      if (rest[0] === '"') {
        let value = "";
        let i = 1;
        for (; i < rest.length; i++) {
          const c = rest[i];
          if (c === '"') {
            i++;
            break;
          }
          if (c === "\\") {
            i++;
            if (i >= rest.length) {
              value += "\\";
              break;
            }
            value += rest[i];
          } else value += c;
        }
        rest = rest.slice(i);
        addParam(state, name, value);
        const next = rest.indexOf(";");
        if (next === -1) break;
        rest = rest.slice(next + 1);
      } else {
        const next = rest.indexOf(";");
        const value = (next === -1 ? rest : rest.slice(0, next)).replace(mimeSpaceEnd, "");
        if (value.length > 0 && allQuoted(value)) addParam(state, name, value);
        if (next === -1) break;
        rest = rest.slice(next + 1);
      }
    }
    return state;
  }

  function paramsText(state) {
    return state.params
      .map(([key, value], i) => {
        const lead = i === 0 ? "" : ";";
        const space = key === "boundary" ? " " : "";
        let shown;
        if (value.length === 0) shown = '""';
        else if (!allToken(value)) shown = `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
        else shown = value;
        return `${lead}${space}${key}=${shown}`;
      })
      .join("");
  }

  const mimeStates = new WeakMap();
  const paramStates = new WeakMap();
  const illegal = () => new TypeError("Illegal invocation");
  const stateOf = (map, self) => {
    if (!map.has(self)) throw illegal();
    return map.get(self);
  };

  function makeIterator(name, items) {
    const iterator = Object.create(iteratorPrototypes[name]);
    iteratorItems.set(iterator, { items, index: 0 });
    return iterator;
  }
  const iteratorItems = new WeakMap();
  const iteratorPrototypes = {};
  for (const name of ["EntryIterator", "KeyIterator", "ValueIterator"]) {
    const proto = Object.create(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
    Object.defineProperty(proto, "next", {
      value: function next() {
        const state = iteratorItems.get(this);
        if (!state) throw illegal();
        if (state.index >= state.items.length) return { value: undefined, done: true };
        return { value: state.items[state.index++], done: false };
      },
      writable: true,
      configurable: true,
    });
    Object.defineProperty(proto, Symbol.toStringTag, { value: name, configurable: true });
    iteratorPrototypes[name] = proto;
  }

  class MIMEParams {
    constructor() {
      paramStates.set(this, null);
    }

    delete(name) {
      const state = stateOf(paramStates, this);
      if (!state) return;
      const key = lowerAscii(String(name));
      const at = state.params.findIndex(([k]) => k === key);
      if (at === -1) return;
      const last = state.params.pop();
      if (at < state.params.length) state.params[at] = last;
    }

    get(name) {
      const state = stateOf(paramStates, this);
      const found = state?.params.find(([k]) => k === String(name));
      return found ? found[1] : null;
    }

    has(name) {
      const state = stateOf(paramStates, this);
      return !!state?.params.some(([k]) => k === String(name));
    }

    set(name, value) {
      const state = stateOf(paramStates, this);
      if (state && !addParam(state, String(name), String(value))) throw new TypeError("Not a valid MIME parameter");
    }

    entries() {
      const state = stateOf(paramStates, this);
      return makeIterator("EntryIterator", state ? state.params.map(([k, v]) => [k, v]) : []);
    }

    keys() {
      const state = stateOf(paramStates, this);
      return makeIterator("KeyIterator", state ? state.params.map(([k]) => k) : []);
    }

    values() {
      const state = stateOf(paramStates, this);
      return makeIterator("ValueIterator", state ? state.params.map(([, v]) => v) : []);
    }

    toString() {
      const state = stateOf(paramStates, this);
      return state ? paramsText(state) : "";
    }

    toJSON() {
      return MIMEParams.prototype.toString.call(this);
    }
  }
  Object.defineProperty(MIMEParams.prototype, Symbol.iterator, {
    value: MIMEParams.prototype.entries,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(MIMEParams.prototype, Symbol.toStringTag, { value: "MIMEParams", configurable: true });

  class MIMEType {
    constructor(input) {
      const text = String(input);
      const state = parseMime(text);
      if (state === null) throw new TypeError(`Not a valid MIME type: ${text}`);
      const params = new MIMEParams();
      paramStates.set(params, state);
      mimeStates.set(this, { state, params });
    }

    get type() {
      return stateOf(mimeStates, this).state.type;
    }

    set type(value) {
      const { state } = stateOf(mimeStates, this);
      const text = String(value);
      if (!allToken(text)) throw new TypeError("Not a valid MIME type");
      state.type = lowerAscii(text);
    }

    get subtype() {
      return stateOf(mimeStates, this).state.subtype;
    }

    set subtype(value) {
      const { state } = stateOf(mimeStates, this);
      const text = String(value);
      if (!allToken(text)) throw new TypeError("Not a valid MIME subtype");
      state.subtype = lowerAscii(text);
    }

    get essence() {
      const { state } = stateOf(mimeStates, this);
      return `${state.type}/${state.subtype}`;
    }

    get params() {
      return stateOf(mimeStates, this).params;
    }

    toString() {
      const { state } = stateOf(mimeStates, this);
      const params = paramsText(state);
      return `${state.type}/${state.subtype}${state.params.length > 0 ? `;${params}` : ""}`;
    }

    toJSON() {
      return MIMEType.prototype.toString.call(this);
    }
  }
  Object.defineProperty(MIMEType.prototype, Symbol.toStringTag, { value: "MIMEType", configurable: true });

  // ---------------------------------------------------------------------------------------
  // The legacy `is*` checks, which workerd still provides.

  function isBuffer(value) {
    return host.loaded("node-buffer") && value instanceof host.load("node-buffer").Buffer;
  }

  const legacy = {
    isArray: (value) => Array.isArray(value),
    isBoolean: (value) => typeof value === "boolean",
    isBuffer,
    isDate: (value) => value instanceof Date,
    isError: (value) => types.isNativeError(value),
    isFunction: (value) => typeof value === "function",
    isNull: (value) => value === null,
    isNullOrUndefined: (value) => value === null || value === undefined,
    isNumber: (value) => typeof value === "number",
    isObject: (value) => value !== null && value !== undefined && typeof value === "object",
    isPrimitive: (value) => value === null || (typeof value !== "object" && typeof value !== "function"),
    isRegExp: (value) => value instanceof RegExp,
    isString: (value) => typeof value === "string",
    isSymbol: (value) => typeof value === "symbol",
    isUndefined: (value) => value === undefined,
  };
  for (const [name, fn] of Object.entries(types)) Object.defineProperty(fn, "name", { value: name });

  const util = {
    MIMEParams, MIMEType, TextDecoder, TextEncoder, _errnoException, _exceptionWithHostPort, _extend, aborted, callbackify,
    convertProcessSignalToExitCode, debug: debuglog, debuglog, deprecate, diff, format, formatWithOptions,
    getCallSite: (frames) => getCallSites(frames), getCallSites, getSystemErrorMap, getSystemErrorMessage, getSystemErrorName, inherits, inspect,
    ...legacy, isDeepStrictEqual, log, parseArgs, parseEnv, promisify, setTraceSigInt, stripVTControlCharacters, styleText,
    toUSVString, transferableAbortController, transferableAbortSignal, types,
  };
  const internal = { errors, validate, isDeepStrictEqual, isDeepLooseEqual, types, inspect, format, editScript, NodeError };
  return { ...util, default: util, internal };
})
