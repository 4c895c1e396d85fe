//! `Intl` and the locale-sensitive methods of the built-in prototypes (#14).
//!
//! The JS half (`web/intl.js`, a Web module loaded on first use) reads options and throws
//! V8's errors; this is its door into `crosstalk-intl` (ICU4X): `host.intl(op, ...args)`.
//! `Intl` is a lazy global, so a worker that never reads it parses none of it.
//!
//! The built-ins' `toLocaleString` (Number, BigInt, Date), `toLocaleDateString`,
//! `toLocaleTimeString`, `localeCompare`, `toLocaleUpperCase` and `toLocaleLowerCase`
//! are replaced at boot by host functions that load the module when first called: boa
//! 0.22 without its `intl` feature ignores their locales and options (and builds all of
//! its own Intl at every realm's creation when the feature is on; BENCHMARKS.md,
//! "boa's `intl_bundled` feature").

use boa_engine::object::builtins::JsArray;
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::{Attribute, PropertyDescriptor};
use boa_engine::{
    Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction, js_error, js_string,
};
use crosstalk_intl::{Error, Parts};

use crate::host::web::{self, WebModule};

/// The global `Intl` (a lazy global's builder).
pub(crate) fn build(context: &mut Context) -> JsResult<JsValue> {
    let exports = web::exports(WebModule::Intl, context)?;
    exports.get(js_string!("Intl"), context)
}

fn thrown(error: Error) -> JsError {
    match error {
        Error::Range(message) => JsNativeError::range().with_message(message).into(),
        Error::Type(message) => JsNativeError::typ().with_message(message).into(),
    }
}

fn arg(args: &[JsValue], index: usize) -> JsValue {
    args.get(index).cloned().unwrap_or_default()
}

fn string_arg(args: &[JsValue], index: usize, context: &mut Context) -> JsResult<String> {
    Ok(arg(args, index).to_string(context)?.to_std_string_lossy())
}

fn strings(value: &JsValue, context: &mut Context) -> JsResult<Vec<String>> {
    let Some(object) = value.as_object() else { return Ok(Vec::new()) };
    let length = object.get(js_string!("length"), context)?.to_length(context)?;
    let mut out = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
    for index in 0..length {
        out.push(object.get(index, context)?.to_string(context)?.to_std_string_lossy());
    }
    Ok(out)
}

/// A property of a resolved-options object: its string, if it has one.
fn field(record: &JsObject, key: &str, context: &mut Context) -> JsResult<Option<String>> {
    let value = record.get(JsString::from(key), context)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    Ok(Some(value.to_string(context)?.to_std_string_lossy()))
}

fn small(record: &JsObject, key: &str, context: &mut Context) -> JsResult<Option<u8>> {
    let value = record.get(JsString::from(key), context)?;
    if value.is_undefined() {
        return Ok(None);
    }
    let number = value.to_number(context)?;
    debug_assert!((0.0..=100.0).contains(&number), "{key} was range-checked by the JS half");
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(Some(number as u8))
}

fn record(args: &[JsValue], index: usize) -> JsResult<JsObject> {
    arg(args, index).as_object().ok_or_else(|| js_error!(TypeError: "Intl: an options record is needed"))
}

fn parts_array(parts: Parts, context: &mut Context) -> JsValue {
    let items: Vec<JsValue> = parts
        .into_iter()
        .map(|(kind, text)| {
            JsArray::from_iter([JsString::from(kind).into(), JsString::from(text.as_str()).into()], context).into()
        })
        .collect();
    JsArray::from_iter(items, context).into()
}

fn string_array(items: impl IntoIterator<Item = String>, context: &mut Context) -> JsValue {
    let items: Vec<JsValue> = items.into_iter().map(|s| JsString::from(s.as_str()).into()).collect();
    JsArray::from_iter(items, context).into()
}

/// A `NumberFormat`'s resolved options as the crate takes them.
fn number_format(record: &JsObject, context: &mut Context) -> JsResult<crosstalk_intl::number::NumberFormat> {
    use crosstalk_intl::number::{CurrencyDisplay, Notation, NumberFormat, Style, UnitDisplay};
    let locale = field(record, "locale", context)?.unwrap_or_else(|| "en-US".into());
    let style = match field(record, "style", context)?.as_deref() {
        Some("percent") => Style::Percent,
        Some("currency") => Style::Currency {
            code: field(record, "currency", context)?.unwrap_or_default(),
            display: match field(record, "currencyDisplay", context)?.as_deref() {
                Some("code") => CurrencyDisplay::Code,
                Some("name") => CurrencyDisplay::Name,
                Some("narrowSymbol") => CurrencyDisplay::NarrowSymbol,
                _ => CurrencyDisplay::Symbol,
            },
        },
        Some("unit") => Style::Unit {
            unit: field(record, "unit", context)?.unwrap_or_default(),
            display: match field(record, "unitDisplay", context)?.as_deref() {
                Some("long") => UnitDisplay::Long,
                Some("narrow") => UnitDisplay::Narrow,
                _ => UnitDisplay::Short,
            },
        },
        _ => Style::Decimal,
    };
    let mut format = NumberFormat::new(&locale, style);
    format.minimum_integer_digits = small(record, "minimumIntegerDigits", context)?.unwrap_or(1);
    let rounding = field(record, "roundingType", context)?;
    if let Some(minimum) = small(record, "minimumFractionDigits", context)? {
        format.minimum_fraction_digits = minimum;
    }
    if let Some(maximum) = small(record, "maximumFractionDigits", context)? {
        format.maximum_fraction_digits = maximum;
    }
    if rounding.as_deref() == Some("significantDigits") {
        let minimum = small(record, "minimumSignificantDigits", context)?.unwrap_or(1);
        let maximum = small(record, "maximumSignificantDigits", context)?.unwrap_or(21);
        format.significant_digits = Some((minimum, maximum));
    }
    format.notation = match field(record, "notation", context)?.as_deref() {
        Some("compact") => {
            Notation::Compact { long: field(record, "compactDisplay", context)?.as_deref() == Some("long") }
        }
        Some("scientific") => Notation::Scientific,
        Some("engineering") => Notation::Engineering,
        _ => Notation::Standard,
    };
    format.grouping = match record.get(js_string!("useGrouping"), context)? {
        value if value.is_boolean() => icu_decimal_grouping(value.to_boolean()),
        value => match value.to_string(context)?.to_std_string_lossy().as_str() {
            "always" => crosstalk_intl::number::GroupingStrategy::Always,
            "min2" => crosstalk_intl::number::GroupingStrategy::Min2,
            _ => crosstalk_intl::number::GroupingStrategy::Auto,
        },
    };
    format.sign_display = match field(record, "signDisplay", context)?.as_deref() {
        Some("never") => crosstalk_intl::number::SignDisplay::Never,
        Some("always") => crosstalk_intl::number::SignDisplay::Always,
        Some("exceptZero") => crosstalk_intl::number::SignDisplay::ExceptZero,
        Some("negative") => crosstalk_intl::number::SignDisplay::Negative,
        _ => crosstalk_intl::number::SignDisplay::Auto,
    };
    format.strip_if_integer = field(record, "trailingZeroDisplay", context)?.as_deref() == Some("stripIfInteger");
    format.accounting = record.get(js_string!("currencySignAccounting"), context)?.to_boolean();
    format.numbering_system = field(record, "nu", context)?;
    Ok(format)
}

fn icu_decimal_grouping(on: bool) -> crosstalk_intl::number::GroupingStrategy {
    if on { crosstalk_intl::number::GroupingStrategy::Always } else { crosstalk_intl::number::GroupingStrategy::Never }
}

fn collator_options(record: &JsObject, context: &mut Context) -> JsResult<crosstalk_intl::collate::Options> {
    use crosstalk_intl::collate::{Options, Sensitivity};
    Ok(Options {
        locale: field(record, "locale", context)?.unwrap_or_else(|| "en-US".into()),
        sensitivity: match field(record, "sensitivity", context)?.as_deref() {
            Some("base") => Sensitivity::Base,
            Some("accent") => Sensitivity::Accent,
            Some("case") => Sensitivity::Case,
            _ => Sensitivity::Variant,
        },
        numeric: record.get(js_string!("numeric"), context)?.to_boolean(),
        case_first: match field(record, "caseFirst", context)?.as_deref() {
            Some("upper") => "upper",
            Some("lower") => "lower",
            _ => "false",
        },
        ignore_punctuation: record.get(js_string!("ignorePunctuation"), context)?.to_boolean(),
    })
}

fn date_options(record: &JsObject, context: &mut Context) -> JsResult<crosstalk_intl::datetime::Options> {
    use crosstalk_intl::datetime::{Options, Style};
    let style = |name: Option<String>| {
        name.map(|s| match s.as_str() {
            "full" => Style::Full,
            "long" => Style::Long,
            "medium" => Style::Medium,
            _ => Style::Short,
        })
    };
    Ok(Options {
        locale: field(record, "locale", context)?.unwrap_or_else(|| "en-US".into()),
        time_zone: field(record, "timeZone", context)?.unwrap_or_else(|| "UTC".into()),
        hour_cycle: field(record, "hourCycle", context)?,
        calendar: field(record, "ca", context)?,
        date_style: style(field(record, "dateStyle", context)?),
        time_style: style(field(record, "timeStyle", context)?),
        weekday: field(record, "weekday", context)?,
        era: field(record, "era", context)?,
        year: field(record, "year", context)?,
        month: field(record, "month", context)?,
        day: field(record, "day", context)?,
        hour: field(record, "hour", context)?,
        minute: field(record, "minute", context)?,
        second: field(record, "second", context)?,
        fractional_second_digits: small(record, "fractionalSecondDigits", context)?,
        time_zone_name: field(record, "timeZoneName", context)?,
    })
}

/// `host.intl(op, ...args)`: the operation `op` of the JS half.
///
/// Every operation is charged to the task's CPU budget by the length of the text it
/// reads (`host::charge`, as the input-sized built-ins are): comparing, segmenting or
/// case-mapping a huge string is work the worker asked for.
pub(crate) fn host_intl(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let op = string_arg(args, 0, context)?;
    let rest = &args[1.min(args.len())..];
    let read: usize = rest.iter().map(|value| value.as_string().map_or(1, |text| text.len())).sum();
    crate::host::charge(read as u64, context)?;
    match op.as_str() {
        "canonicalize" => {
            let tag = string_arg(rest, 0, context)?;
            let canonical = crosstalk_intl::locale::canonicalize(&tag).map_err(thrown)?;
            Ok(JsString::from(canonical.as_str()).into())
        }
        "resolve" => {
            let requested = strings(&arg(rest, 0), context)?;
            Ok(JsString::from(crosstalk_intl::locale::resolve(&requested).as_str()).into())
        }
        "supported" => Ok(crosstalk_intl::locale::supported(&string_arg(rest, 0, context)?).into()),
        "localeParts" => {
            let (language, script, region, variants, extensions) =
                crosstalk_intl::locale::parts(&string_arg(rest, 0, context)?);
            let variants = string_array(variants, context);
            let object = ObjectInitializer::new(context)
                .property(js_string!("language"), JsString::from(language.as_str()), Attribute::all())
                .property(js_string!("script"), JsString::from(script.as_str()), Attribute::all())
                .property(js_string!("region"), JsString::from(region.as_str()), Attribute::all())
                .property(js_string!("variants"), variants, Attribute::all())
                .property(js_string!("extensions"), JsString::from(extensions.as_str()), Attribute::all())
                .build();
            Ok(object.into())
        }
        "localeMaximize" => {
            let tag = string_arg(rest, 0, context)?;
            let maximize = arg(rest, 1).to_boolean();
            Ok(JsString::from(crosstalk_intl::locale::maximize(&tag, maximize).as_str()).into())
        }
        "hasUnit" => {
            let tag = string_arg(rest, 0, context)?;
            let unit = string_arg(rest, 1, context)?;
            Ok(crosstalk_intl::number::has_unit(&tag, &unit).into())
        }
        "numberingSystem" => {
            Ok(JsString::from(crosstalk_intl::number::numbering_system(&string_arg(rest, 0, context)?)).into())
        }
        "number" => {
            let format = number_format(&record(rest, 0)?, context)?;
            let value = arg(rest, 1);
            let value = if value.is_string() {
                crosstalk_intl::number::Value::Decimal(value.to_string(context)?.to_std_string_lossy())
            } else {
                crosstalk_intl::number::Value::Number(value.to_number(context)?)
            };
            let parts = crosstalk_intl::number::format_to_parts(&format, &value).map_err(thrown)?;
            Ok(parts_array(parts, context))
        }
        "plural" => {
            let record = record(rest, 0)?;
            let mut digits = number_format(&record, context)?;
            digits.style = crosstalk_intl::number::Style::Decimal;
            let ordinal = field(&record, "type", context)?.as_deref() == Some("ordinal");
            let value = arg(rest, 1).to_number(context)?;
            Ok(JsString::from(crosstalk_intl::plural::select(&digits, ordinal, value).map_err(thrown)?).into())
        }
        "pluralCategories" => {
            let tag = string_arg(rest, 0, context)?;
            let categories = crosstalk_intl::plural::categories(&tag, arg(rest, 1).to_boolean()).map_err(thrown)?;
            Ok(string_array(categories.into_iter().map(str::to_string), context))
        }
        "compare" => {
            let options = collator_options(&record(rest, 0)?, context)?;
            let a = arg(rest, 1).to_string(context)?;
            let b = arg(rest, 2).to_string(context)?;
            Ok(crosstalk_intl::collate::compare_with(options, &a.to_vec(), &b.to_vec()).into())
        }
        "list" => {
            use crosstalk_intl::list::Kind;
            let tag = string_arg(rest, 0, context)?;
            let kind = match string_arg(rest, 1, context)?.as_str() {
                "disjunction" => Kind::Disjunction,
                "unit" => Kind::Unit,
                _ => Kind::Conjunction,
            };
            let style = string_arg(rest, 2, context)?;
            let items = strings(&arg(rest, 3), context)?;
            crate::host::charge(items.iter().map(|item| item.len() as u64).sum(), context)?;
            let parts = crosstalk_intl::list::format_to_parts(&tag, kind, &style, &items).map_err(thrown)?;
            Ok(parts_array(parts, context))
        }
        "relative" => {
            let tag = string_arg(rest, 0, context)?;
            let style = string_arg(rest, 1, context)?;
            let auto = arg(rest, 2).to_boolean();
            let value = arg(rest, 3).to_number(context)?;
            let unit = string_arg(rest, 4, context)?;
            let parts = crosstalk_intl::relative::format_to_parts(&tag, &style, auto, value, &unit).map_err(thrown)?;
            Ok(parts_array(parts, context))
        }
        "segment" => {
            use crosstalk_intl::segment::Granularity;
            let granularity = match string_arg(rest, 0, context)?.as_str() {
                "word" => Granularity::Word,
                "sentence" => Granularity::Sentence,
                _ => Granularity::Grapheme,
            };
            let text = arg(rest, 1).to_string(context)?.to_vec();
            let segments: Vec<JsValue> = crosstalk_intl::segment::segments(granularity, &text)
                .into_iter()
                .map(|(start, word_like)| JsArray::from_iter([start.into(), word_like.into()], context).into())
                .collect();
            Ok(JsArray::from_iter(segments, context).into())
        }
        "displayName" => {
            use crosstalk_intl::names::Kind;
            let tag = string_arg(rest, 0, context)?;
            let kind = match string_arg(rest, 1, context)?.as_str() {
                "region" => Kind::Region,
                "script" => Kind::Script,
                "currency" => Kind::Currency,
                _ => Kind::Language,
            };
            let code = string_arg(rest, 2, context)?;
            let style = string_arg(rest, 3, context)?;
            let dialect = arg(rest, 4).to_boolean();
            let name = crosstalk_intl::names::name(&tag, kind, &code, &style, dialect).map_err(thrown)?;
            Ok(name.map_or(JsValue::undefined(), |n| JsString::from(n.as_str()).into()))
        }
        "timeZone" => {
            let name = string_arg(rest, 0, context)?;
            Ok(JsString::from(crosstalk_intl::datetime::time_zone(&name).map_err(thrown)?.as_str()).into())
        }
        "hourCycle" => Ok(JsString::from(crosstalk_intl::datetime::hour_cycle(&string_arg(rest, 0, context)?)).into()),
        "calendar" => Ok(JsString::from(crosstalk_intl::datetime::calendar(&string_arg(rest, 0, context)?)).into()),
        "date" => {
            let options = date_options(&record(rest, 0)?, context)?;
            let time = arg(rest, 1).to_number(context)?;
            let parts = crosstalk_intl::datetime::format_to_parts(&options, time).map_err(thrown)?;
            Ok(parts_array(parts, context))
        }
        "supportedValues" => {
            let key = string_arg(rest, 0, context)?;
            match crosstalk_intl::datetime::supported_values(&key) {
                Some(values) => Ok(string_array(values, context)),
                None if ["collation", "currency", "numberingSystem", "unit"].contains(&key.as_str()) => {
                    Err(js_error!(RangeError: "Intl.supportedValuesOf('{}') is not supported by crosstalk yet", key))
                }
                None => Ok(JsValue::undefined()),
            }
        }
        "case" => {
            let tag = string_arg(rest, 0, context)?;
            let text = arg(rest, 1).to_string(context)?;
            let upper = arg(rest, 2).to_boolean();
            // A lone surrogate has no case: such a string keeps boa's own mapping.
            let Ok(text) = text.to_std_string() else {
                let method = if upper { "toUpperCase" } else { "toLowerCase" };
                let string = context.intrinsics().constructors().string().prototype();
                let f = string.get(JsString::from(method), context)?;
                return f.as_callable().expect("a String method").call(&arg(rest, 1), &[], context);
            };
            Ok(JsString::from(crosstalk_intl::text::change_case(&tag, &text, upper).as_str()).into())
        }
        _ => Err(js_error!(TypeError: "Intl: no operation {}", op)),
    }
}

/// A replacement of a locale-sensitive built-in method: which one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Method {
    NumberToLocaleString,
    BigIntToLocaleString,
    DateToLocaleString,
    DateToLocaleDateString,
    DateToLocaleTimeString,
    LocaleCompare,
    ToLocaleUpperCase,
    ToLocaleLowerCase,
    ArrayToLocaleString,
}

/// One plain function per method (a closure with captures would cost every schedule an
/// allocation more per method: these are made at every isolate's boot).
macro_rules! entry_points {
    ($($name:ident => $method:ident),* $(,)?) => {
        $(
            fn $name(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
                locale_method(this, args, Method::$method, context)
            }
        )*
    };
}

entry_points!(
    number_to_locale_string => NumberToLocaleString,
    bigint_to_locale_string => BigIntToLocaleString,
    date_to_locale_string => DateToLocaleString,
    date_to_locale_date_string => DateToLocaleDateString,
    date_to_locale_time_string => DateToLocaleTimeString,
    locale_compare => LocaleCompare,
    to_locale_upper_case => ToLocaleUpperCase,
    to_locale_lower_case => ToLocaleLowerCase,
    array_to_locale_string => ArrayToLocaleString,
);

/// Replaces the locale-sensitive methods of the built-in prototypes by ones that take
/// their locales and options as workerd does (through the Intl module, loaded on first
/// call).
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let intrinsics = context.intrinsics().constructors();
    type Entry = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;
    let table: [(JsObject, &str, u32, Entry); 9] = [
        (intrinsics.number().prototype(), "toLocaleString", 0, number_to_locale_string),
        (intrinsics.bigint().prototype(), "toLocaleString", 0, bigint_to_locale_string),
        (intrinsics.date().prototype(), "toLocaleString", 0, date_to_locale_string),
        (intrinsics.date().prototype(), "toLocaleDateString", 0, date_to_locale_date_string),
        (intrinsics.date().prototype(), "toLocaleTimeString", 0, date_to_locale_time_string),
        (intrinsics.string().prototype(), "localeCompare", 1, locale_compare),
        (intrinsics.string().prototype(), "toLocaleUpperCase", 0, to_locale_upper_case),
        (intrinsics.string().prototype(), "toLocaleLowerCase", 0, to_locale_lower_case),
        (intrinsics.array().prototype(), "toLocaleString", 0, array_to_locale_string),
    ];
    for (prototype, name, length, entry) in table {
        let function = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(entry))
            .name(JsString::from(name))
            .length(length as usize)
            .build();
        prototype.define_property_or_throw(
            JsString::from(name),
            PropertyDescriptor::builder().value(function).writable(true).enumerable(false).configurable(true),
            context,
        )?;
    }
    Ok(())
}

fn locale_method(this: &JsValue, args: &[JsValue], method: Method, context: &mut Context) -> JsResult<JsValue> {
    let locales = arg(args, 0);
    let options = arg(args, 1);
    // Without options and with at most one locale tag (what most calls pass), the answer
    // comes straight from crosstalk-intl: loading the JS half costs a parse of it in
    // every schedule that uses it (BENCHMARKS.md, "Intl").
    let plain = |options: &JsValue, locales: &JsValue| {
        options.is_undefined() && (locales.is_undefined() || locales.is_string())
    };
    match method {
        Method::NumberToLocaleString | Method::BigIntToLocaleString => {
            let constructors = context.intrinsics().constructors();
            let prototype = if method == Method::NumberToLocaleString {
                constructors.number().prototype()
            } else {
                constructors.bigint().prototype()
            };
            let value = unwrap_this(this, prototype, "valueOf", context)?;
            if plain(&options, &locales) {
                let locale = resolved(&locales, context)?;
                let format = crosstalk_intl::number::NumberFormat::new(&locale, crosstalk_intl::number::Style::Decimal);
                let value = match value.as_number() {
                    Some(number) => crosstalk_intl::number::Value::Number(number),
                    None => crosstalk_intl::number::Value::Decimal(value.to_string(context)?.to_std_string_lossy()),
                };
                let parts = crosstalk_intl::number::format_to_parts(&format, &value).map_err(thrown)?;
                return Ok(JsString::from(crosstalk_intl::join(&parts).as_str()).into());
            }
            web::call(WebModule::Intl, "numberToLocaleString", &[value, locales, options], context)
        }
        Method::DateToLocaleString | Method::DateToLocaleDateString | Method::DateToLocaleTimeString => {
            let time = unwrap_this(this, context.intrinsics().constructors().date().prototype(), "getTime", context)?;
            if plain(&options, &locales) {
                let Some(time) = time.as_number().filter(|t| t.is_finite()) else {
                    return Ok(js_string!("Invalid Date").into());
                };
                let numeric = || Some("numeric".to_string());
                let date = method != Method::DateToLocaleTimeString;
                let clock = method != Method::DateToLocaleDateString;
                let format = crosstalk_intl::datetime::Options {
                    locale: resolved(&locales, context)?,
                    time_zone: "UTC".into(),
                    year: if date { numeric() } else { None },
                    month: if date { numeric() } else { None },
                    day: if date { numeric() } else { None },
                    hour: if clock { numeric() } else { None },
                    minute: if clock { numeric() } else { None },
                    second: if clock { numeric() } else { None },
                    ..Default::default()
                };
                let parts = crosstalk_intl::datetime::format_to_parts(&format, time).map_err(thrown)?;
                return Ok(JsString::from(crosstalk_intl::join(&parts).as_str()).into());
            }
            let (required, defaults) = match method {
                Method::DateToLocaleDateString => ("date", "date"),
                Method::DateToLocaleTimeString => ("time", "time"),
                _ => ("any", "all"),
            };
            web::call(
                WebModule::Intl,
                "dateToLocaleString",
                &[time, locales, options, js_string!(required).into(), js_string!(defaults).into()],
                context,
            )
        }
        Method::LocaleCompare => {
            let a = this_string(this, "localeCompare", context)?;
            let b = arg(args, 0).to_string(context)?;
            let locales = arg(args, 1);
            let options = arg(args, 2);
            if plain(&options, &locales) {
                let options = crosstalk_intl::collate::Options {
                    locale: resolved(&locales, context)?,
                    sensitivity: crosstalk_intl::collate::Sensitivity::Variant,
                    numeric: false,
                    case_first: "false",
                    ignore_punctuation: false,
                };
                crate::host::charge((a.len() + b.len()) as u64, context)?;
                return Ok(crosstalk_intl::collate::compare_with(options, &a.to_vec(), &b.to_vec()).into());
            }
            web::call(WebModule::Intl, "localeCompare", &[a.into(), b.into(), locales, options], context)
        }
        Method::ArrayToLocaleString => join_locale_strings(this, locales, options, context),
        Method::ToLocaleUpperCase | Method::ToLocaleLowerCase => {
            let name = if method == Method::ToLocaleUpperCase { "toLocaleUpperCase" } else { "toLocaleLowerCase" };
            let text = this_string(this, name, context)?;
            let upper = method == Method::ToLocaleUpperCase;
            if locales.is_undefined() || locales.is_string() {
                let tag = if locales.is_undefined() {
                    crosstalk_intl::locale::DEFAULT.to_string()
                } else {
                    let canonical =
                        crosstalk_intl::locale::canonicalize(&locales.to_string(context)?.to_std_string_lossy())
                            .map_err(thrown)?;
                    crosstalk_intl::locale::without_extensions(&canonical)
                };
                let args = [js_string!("case").into(), JsString::from(tag.as_str()).into(), text.into(), upper.into()];
                return host_intl(&JsValue::undefined(), &args, context);
            }
            web::call(WebModule::Intl, "changeCase", &[text.into(), locales, upper.into()], context)
        }
    }
}

/// The locale a formatter resolves `locales` (undefined or one tag) to.
fn resolved(locales: &JsValue, context: &mut Context) -> JsResult<String> {
    if locales.is_undefined() {
        return Ok(crosstalk_intl::locale::DEFAULT.to_string());
    }
    let tag = locales.to_string(context)?.to_std_string_lossy();
    let canonical = crosstalk_intl::locale::canonicalize(&tag).map_err(thrown)?;
    Ok(crosstalk_intl::locale::resolve(&[canonical]))
}

/// `Array.prototype.toLocaleString` (ECMA-402): each element's own `toLocaleString` with
/// the same locales and options, joined by V8's separator, a comma (boa's adds a space).
fn join_locale_strings(this: &JsValue, locales: JsValue, options: JsValue, context: &mut Context) -> JsResult<JsValue> {
    let array = this.to_object(context)?;
    let length = array.get(js_string!("length"), context)?.to_length(context)?;
    let mut text: Vec<u16> = Vec::new();
    for index in 0..length {
        crate::host::charge(1, context)?;
        if index > 0 {
            text.push(u16::from(b','));
        }
        let element = array.get(index, context)?;
        if element.is_null_or_undefined() {
            continue;
        }
        let method = element.to_object(context)?.get(js_string!("toLocaleString"), context)?;
        let Some(method) = method.as_callable() else {
            return Err(js_error!(TypeError: "toLocaleString is not a function"));
        };
        let shown = method.call(&element, &[locales.clone(), options.clone()], context)?.to_string(context)?;
        text.extend(shown.iter());
    }
    Ok(JsString::from(text.as_slice()).into())
}

/// `this` through the built-in `valueOf`/`getTime` of `constructor`'s prototype, which
/// throws V8's and the standard's TypeError for a receiver of another type.
fn unwrap_this(this: &JsValue, prototype: JsObject, method: &str, context: &mut Context) -> JsResult<JsValue> {
    let function = prototype.get(JsString::from(method), context)?;
    function.as_callable().expect("a built-in method").call(this, &[], context)
}

fn this_string(this: &JsValue, method: &str, context: &mut Context) -> JsResult<JsString> {
    if this.is_null_or_undefined() {
        return Err(js_error!(TypeError: "String.prototype.{} called on null or undefined", method));
    }
    this.to_string(context)
}
