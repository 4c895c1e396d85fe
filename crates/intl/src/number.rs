//! `Intl.NumberFormat`: rounding as ECMA-402's FormatNumericToString does it, then the
//! locale's digits, separators and the pattern of the style (percent, currency).

use std::str::FromStr;

pub use fixed_decimal::SignDisplay;
use fixed_decimal::{Decimal, FloatPrecision, SignedRoundingMode, UnsignedRoundingMode};
use icu_decimal::options::DecimalFormatterOptions;
pub use icu_decimal::options::GroupingStrategy;
use icu_decimal::{CompactDecimalFormatter, DecimalFormatter};
use icu_experimental::dimension::provider::units::display_names::UnitsDisplayNames;

use crate::{Error, Parts, collect_parts, locale};

/// What a number is shown as.
#[derive(Debug, Clone, PartialEq)]
pub enum Style {
    Decimal,
    Percent,
    /// An ISO 4217 code (upper case) and how it is shown.
    Currency {
        code: String,
        display: CurrencyDisplay,
    },
    /// A CLDR unit (`day`, `kilogram`) and how it is shown.
    Unit {
        unit: String,
        display: UnitDisplay,
    },
}

/// `unitDisplay`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitDisplay {
    Short,
    Narrow,
    Long,
}

impl UnitDisplay {
    fn width(self) -> &'static str {
        match self {
            UnitDisplay::Short => "short",
            UnitDisplay::Narrow => "narrow",
            UnitDisplay::Long => "long",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurrencyDisplay {
    Symbol,
    NarrowSymbol,
    Code,
    Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notation {
    Standard,
    /// One digit before the separator and a power of ten (`1.235E5`).
    Scientific,
    /// A power of ten that is a multiple of three (`123.456E3`).
    Engineering,
    /// `compactDisplay: "short"` (`false`) or `"long"` (`true`).
    Compact {
        long: bool,
    },
}

/// The resolved options of one `Intl.NumberFormat` (ECMA-402's internal slots).
#[derive(Debug, Clone, PartialEq)]
pub struct NumberFormat {
    /// A tag [`locale::resolve`] returned.
    pub locale: String,
    pub style: Style,
    pub notation: Notation,
    pub minimum_integer_digits: u8,
    pub minimum_fraction_digits: u8,
    pub maximum_fraction_digits: u8,
    /// Minimum and maximum significant digits, when they decide the rounding.
    pub significant_digits: Option<(u8, u8)>,
    pub grouping: GroupingStrategy,
    pub sign_display: SignDisplay,
    /// `trailingZeroDisplay: "stripIfInteger"`.
    pub strip_if_integer: bool,
    /// The numbering system the options or the tag's `-u-nu-` chose, if any (else the
    /// locale's default).
    pub numbering_system: Option<String>,
    /// `currencySign: "accounting"`: a negative amount in the locale's accounting
    /// pattern (`($5.00)` in English).
    pub accounting: bool,
}

impl NumberFormat {
    /// The defaults for `locale` and `style`, as ECMA-402 sets them with no options.
    pub fn new(locale: &str, style: Style) -> NumberFormat {
        let (minimum_fraction_digits, maximum_fraction_digits) = default_fraction_digits(&style);
        NumberFormat {
            locale: locale.to_string(),
            style,
            notation: Notation::Standard,
            minimum_integer_digits: 1,
            minimum_fraction_digits,
            maximum_fraction_digits,
            significant_digits: None,
            grouping: GroupingStrategy::Auto,
            sign_display: SignDisplay::Auto,
            strip_if_integer: false,
            accounting: false,
            numbering_system: None,
        }
    }
}

/// The fraction digits a style has when the options name none (ECMA-402,
/// SetNumberFormatDigitOptions' defaults): a currency's own minor units; 0 for percent.
pub fn default_fraction_digits(style: &Style) -> (u8, u8) {
    match style {
        Style::Decimal | Style::Unit { .. } => (0, 3),
        Style::Percent => (0, 0),
        Style::Currency { code, .. } => {
            let digits = currency_digits(code);
            (digits, digits)
        }
    }
}

/// ISO 4217's minor units of `code`: 2 unless the standard says otherwise.
pub fn currency_digits(code: &str) -> u8 {
    const NONE: [&str; 17] = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF",
        "XPF",
    ];
    const THREE: [&str; 7] = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    const FOUR: [&str; 2] = ["CLF", "UYW"];
    if NONE.contains(&code) {
        0
    } else if THREE.contains(&code) {
        3
    } else if FOUR.contains(&code) {
        4
    } else {
        2
    }
}

/// The numbering system `tag` writes digits in by default (`latn`, `arab`, …), read off
/// the digit zero its formatter writes.
pub fn numbering_system(tag: &str) -> &'static str {
    let prefs = locale::with_keywords(tag, &[]);
    let Ok(formatter) = DecimalFormatter::try_new((&prefs).into(), Default::default()) else { return "latn" };
    match formatter.format(&Decimal::from(0)).to_string().chars().next() {
        Some('\u{660}') => "arab",
        Some('\u{6f0}') => "arabext",
        Some('\u{9e6}') => "beng",
        Some('\u{966}') => "deva",
        Some('\u{1040}') => "mymr",
        Some('\u{e50}') => "thai",
        _ => "latn",
    }
}

/// A value to format: a Number, or an exact decimal (a BigInt, or a string
/// `Intl.NumberFormat` reads as a decimal number).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(f64),
    Decimal(String),
}

enum Finite {
    Yes(Decimal),
    NaN,
    Infinity { negative: bool },
}

impl Value {
    fn decimal(&self) -> Finite {
        match self {
            Value::Number(x) if x.is_nan() => Finite::NaN,
            Value::Number(x) if x.is_infinite() => Finite::Infinity { negative: *x < 0.0 },
            Value::Number(x) => {
                Finite::Yes(Decimal::try_from_f64(*x, FloatPrecision::RoundTrip).expect("a finite Number is a decimal"))
            }
            Value::Decimal(text) => {
                let text = text.trim();
                match Decimal::from_str(text) {
                    Ok(decimal) => Finite::Yes(decimal),
                    Err(_) if text.trim_start_matches(['+', '-']) == "Infinity" => {
                        Finite::Infinity { negative: text.starts_with('-') }
                    }
                    Err(_) if text.is_empty() => Finite::Yes(Decimal::from(0)),
                    Err(_) => Finite::NaN,
                }
            }
        }
    }
}

/// The parts of `value` formatted by `format` (`formatToParts`).
pub fn format_to_parts(format: &NumberFormat, value: &Value) -> Result<Parts, Error> {
    let keywords: Vec<(&str, &str)> = format.numbering_system.as_deref().map(|nu| ("nu", nu)).into_iter().collect();
    let prefs = locale::with_keywords(&format.locale, &keywords);
    let options = DecimalFormatterOptions::from(format.grouping);
    let decimal_formatter = DecimalFormatter::try_new((&prefs).into(), options)
        .map_err(|e| Error::range(format!("no number data for {}: {e}", format.locale)))?;
    // The number's own parts, unsigned, and its sign.
    let (number, negative, zero): (Parts, bool, bool) = match value.decimal() {
        Finite::NaN => (vec![("nan", "NaN".to_string())], false, false),
        Finite::Infinity { negative } => (vec![("infinity", "∞".to_string())], negative, false),
        Finite::Yes(mut decimal) => {
            if format.style == Style::Percent {
                decimal.multiply_pow10(2);
            }
            let negative = decimal.sign == fixed_decimal::Sign::Negative;
            let mut magnitude = decimal.absolute.clone();
            if let Notation::Compact { long } = format.notation {
                let compact = if long {
                    CompactDecimalFormatter::try_new_long((&prefs).into(), Default::default())
                } else {
                    CompactDecimalFormatter::try_new_short((&prefs).into(), Default::default())
                }
                .map_err(|e| Error::range(format!("no compact data for {}: {e}", format.locale)))?;
                let unsigned = Decimal::new(fixed_decimal::Sign::None, magnitude);
                let zero = unsigned.is_zero();
                let parts = collect_parts(&compact.format(&unsigned), decimal_part_name);
                return styled(format, &prefs, parts, negative, zero, &unsigned);
            }
            if matches!(format.notation, Notation::Scientific | Notation::Engineering) {
                let (mantissa, exponent) = exponential(format, magnitude);
                let zero = mantissa.is_zero();
                let unsigned = Decimal::new(fixed_decimal::Sign::None, mantissa);
                let mut parts = collect_parts(&decimal_formatter.format(&unsigned), decimal_part_name);
                parts.push(("exponentSeparator", "E".to_string()));
                if exponent < 0 {
                    parts.push(("exponentMinusSign", "-".to_string()));
                }
                let power = Decimal::from(i64::from(exponent).unsigned_abs());
                parts.push(("exponentInteger", decimal_formatter.format(&power).to_string()));
                return styled(format, &prefs, parts, negative, zero, &unsigned);
            }
            round(format, &mut magnitude);
            let zero = magnitude.is_zero();
            let unsigned = Decimal::new(fixed_decimal::Sign::None, magnitude);
            let parts = collect_parts(&decimal_formatter.format(&unsigned), decimal_part_name);
            return styled(format, &prefs, parts, negative, zero, &unsigned);
        }
    };
    // NaN and the infinities take the plural form of "other" (as 0 does where it differs).
    styled(format, &prefs, number, negative, zero, &Decimal::from(10))
}

/// `number`'s parts (unsigned) in the pattern of `format`'s style, with the sign its
/// `signDisplay` asks for; `shown` is the unsigned value they show (a unit's name agrees
/// with it in number).
fn styled(
    format: &NumberFormat,
    prefs: &icu_locale::Locale,
    number: Parts,
    negative: bool,
    zero: bool,
    shown: &Decimal,
) -> Result<Parts, Error> {
    // The sign ECMA-402's signDisplay shows.
    let sign = match (format.sign_display, negative, zero) {
        (SignDisplay::Never, _, _) => fixed_decimal::Sign::None,
        (SignDisplay::Auto, true, _) => fixed_decimal::Sign::Negative,
        (SignDisplay::Auto, false, _) => fixed_decimal::Sign::None,
        (SignDisplay::Always, true, _) => fixed_decimal::Sign::Negative,
        (SignDisplay::Always, false, _) => fixed_decimal::Sign::Positive,
        (SignDisplay::ExceptZero, _, true) => fixed_decimal::Sign::None,
        (SignDisplay::ExceptZero, true, false) => fixed_decimal::Sign::Negative,
        (SignDisplay::ExceptZero, false, false) => fixed_decimal::Sign::Positive,
        (SignDisplay::Negative, true, false) => fixed_decimal::Sign::Negative,
        (SignDisplay::Negative, _, _) => fixed_decimal::Sign::None,
        _ => fixed_decimal::Sign::None,
    };
    // The style's pattern around a stand-in 1 with that sign, whose digits are then
    // replaced by the number's.
    let mut one = Decimal::from(1);
    one.sign = sign;
    let template: Parts = match &format.style {
        Style::Decimal => {
            let formatter = DecimalFormatter::try_new(prefs.into(), Default::default())
                .map_err(|e| Error::range(format!("no number data: {e}")))?;
            collect_parts(&formatter.format(&one), decimal_part_name)
        }
        Style::Percent => {
            use icu_experimental::dimension::percent::formatter::PercentFormatter;
            let formatter = PercentFormatter::try_new(prefs.into(), Default::default())
                .map_err(|e| Error::range(format!("no percent data: {e}")))?;
            let decimal = DecimalFormatter::try_new(prefs.into(), Default::default())
                .map_err(|e| Error::range(format!("no number data: {e}")))?;
            // ICU4X writes a percentage as plain text: the sign of the decimal pattern,
            // then the percent pattern around the unsigned 1.
            let signed: Parts = collect_parts(&decimal.format(&one), decimal_part_name);
            let unsigned_one = decimal.format(&Decimal::from(1)).to_string();
            let text = formatter.format(&Decimal::from(1)).to_string();
            let at = text.find(&unsigned_one).expect("a percentage shows its number");
            let mut parts: Parts = signed.into_iter().filter(|(kind, _)| kind.ends_with("Sign")).collect();
            parts.extend(split_literal("literal", text[..at].to_string(), "percentSign"));
            parts.push(("integer", unsigned_one.clone()));
            parts.extend(split_literal("literal", text[at + unsigned_one.len()..].to_string(), "percentSign"));
            parts.retain(|(_, text)| !text.is_empty());
            parts
        }
        Style::Currency { code, display } => {
            use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
            let currency =
                icu_experimental::dimension::currency::CurrencyType::try_from_str(&code.to_ascii_lowercase())
                    .map_err(|_| Error::range(format!("Invalid currency code : {code}")))?;
            use icu_experimental::dimension::currency::options::{CurrencyFormatterOptions, CurrencyUsage};
            let options = CurrencyFormatterOptions::from(if format.accounting {
                CurrencyUsage::Accounting
            } else {
                CurrencyUsage::Standard
            });
            let formatter = match display {
                CurrencyDisplay::Symbol => CurrencyFormatter::try_new_symbol(prefs.into(), currency, options),
                CurrencyDisplay::NarrowSymbol => {
                    CurrencyFormatter::try_new_symbol_narrow(prefs.into(), currency, options)
                }
                CurrencyDisplay::Code => CurrencyFormatter::try_new_code(prefs.into(), currency, options),
                CurrencyDisplay::Name => CurrencyFormatter::try_new_name(prefs.into(), currency),
            }
            .map_err(|e| Error::range(format!("no currency data for {code}: {e}")))?;
            // The long name agrees in number with the value shown ("1.00 US dollars").
            let stand_in = if *display == CurrencyDisplay::Name {
                let mut shown = Decimal::from_str(&crate::join(&number).replace(|c: char| !c.is_ascii_digit(), ""))
                    .unwrap_or(Decimal::from(1));
                shown.sign = sign;
                shown
            } else {
                one
            };
            collect_parts(&formatter.format_fixed_decimal(&stand_in), decimal_part_name)
                .into_iter()
                .flat_map(|(kind, text)| split_literal(kind, text, "currency"))
                .collect()
        }
        Style::Unit { unit, display } => {
            let (before, after) = unit_pattern(prefs, unit, *display, shown)?;
            let decimal = DecimalFormatter::try_new(prefs.into(), Default::default())
                .map_err(|e| Error::range(format!("no number data: {e}")))?;
            let mut parts: Parts = split_literal("literal", before, "unit");
            parts.extend(collect_parts(&decimal.format(&one), decimal_part_name));
            parts.extend(split_literal("literal", after, "unit"));
            parts.retain(|(_, text)| !text.is_empty());
            parts
        }
    };
    let mut out: Parts = Vec::with_capacity(template.len() + number.len());
    let mut placed = false;
    for (kind, text) in template {
        if matches!(kind, "integer" | "group" | "decimal" | "fraction") {
            if !placed {
                out.extend(number.iter().cloned());
                placed = true;
            }
        } else {
            out.push((kind, text));
        }
    }
    assert!(placed, "every style's pattern has the number in it");
    Ok(out)
}

/// A literal of a style's pattern, split into the `name`d text (a currency symbol or
/// name, a percent sign) and the spaces around it, which stay literals.
fn split_literal(kind: &'static str, text: String, name: &'static str) -> Vec<(&'static str, String)> {
    if kind != "literal" {
        return vec![(kind, text)];
    }
    // Spaces, direction marks and an accounting pattern's parentheses stay literals.
    let is_space =
        |c: char| c.is_whitespace() || matches!(c, '\u{a0}' | '\u{202f}' | '\u{200f}' | '\u{200e}' | '(' | ')');
    let core = text.trim_matches(is_space);
    if core.is_empty() {
        return vec![(kind, text)];
    }
    let start = text.find(core).expect("a trimmed string is inside it");
    let mut parts = Vec::new();
    if start > 0 {
        parts.push(("literal", text[..start].to_string()));
    }
    parts.push((name, core.to_string()));
    if start + core.len() < text.len() {
        parts.push(("literal", text[start + core.len()..].to_string()));
    }
    parts
}

/// ECMA-402's names of ICU4X's number parts.
pub(crate) fn decimal_part_name(part: writeable::Part) -> Option<&'static str> {
    use icu_decimal::parts;
    Some(match part {
        p if p == parts::INTEGER => "integer",
        p if p == parts::FRACTION => "fraction",
        p if p == parts::GROUP => "group",
        p if p == parts::DECIMAL => "decimal",
        p if p == parts::MINUS_SIGN => "minusSign",
        p if p == parts::PLUS_SIGN => "plusSign",
        _ => return None,
    })
}

/// `magnitude` as a mantissa, rounded by `format`'s digit options, and a power of ten:
/// one digit before the separator (scientific), or a power that is a multiple of three
/// (engineering). A mantissa that rounds up to 10 (or 1000) moves to the next power.
fn exponential(
    format: &NumberFormat,
    magnitude: fixed_decimal::UnsignedDecimal,
) -> (fixed_decimal::UnsignedDecimal, i16) {
    let step = if format.notation == Notation::Engineering { 3 } else { 1 };
    let power = |top: i16| top.div_euclid(step) * step;
    let mut exponent = if magnitude.is_zero() { 0 } else { power(magnitude.nonzero_magnitude_start()) };
    let mut mantissa = magnitude.clone();
    mantissa.multiply_pow10(-exponent);
    round(format, &mut mantissa);
    if !mantissa.is_zero() && mantissa.nonzero_magnitude_start() >= step {
        exponent += step;
        mantissa = magnitude;
        mantissa.multiply_pow10(-exponent);
        round(format, &mut mantissa);
    }
    debug_assert!(
        mantissa.is_zero() || mantissa.nonzero_magnitude_start() < step,
        "the mantissa has at most {step} digits before its separator"
    );
    (mantissa, exponent)
}

/// Rounds `magnitude` as ECMA-402's FormatNumericToString does (`roundingMode:
/// "halfExpand"`): to significant digits or to fraction digits, then pads it.
fn round(format: &NumberFormat, magnitude: &mut fixed_decimal::UnsignedDecimal) {
    let mode = UnsignedRoundingMode::HalfExpand;
    let mut signed = Decimal::new(fixed_decimal::Sign::None, magnitude.clone());
    match format.significant_digits {
        Some((minimum, maximum)) => {
            let top = if signed.absolute.is_zero() { 0 } else { signed.absolute.nonzero_magnitude_start() };
            signed.round_with_mode(top - i16::from(maximum) + 1, SignedRoundingMode::Unsigned(mode));
            signed.absolute.trim_end();
            let top = if signed.absolute.is_zero() { 0 } else { signed.absolute.nonzero_magnitude_start() };
            let last = top - i16::from(minimum) + 1;
            if last < 0 {
                signed.absolute.pad_end(last);
            }
        }
        None => {
            signed.round_with_mode(-i16::from(format.maximum_fraction_digits), SignedRoundingMode::Unsigned(mode));
            signed.absolute.trim_end();
            signed.absolute.pad_end(-i16::from(format.minimum_fraction_digits));
        }
    }
    if format.strip_if_integer && signed.absolute.nonzero_magnitude_end() >= 0 {
        signed.absolute.trim_end();
    }
    signed.absolute.pad_start(i16::from(format.minimum_integer_digits));
    *magnitude = signed.absolute;
}

/// CLDR's names of `unit` in `display` width (ICU4X's, by category: duration, length,
/// mass, volume, area; each in its core, extended and outlier sets), one pattern per
/// plural form; `None` when CLDR has none.
fn unit_names(
    prefs: &icu_locale::Locale,
    unit: &str,
    display: UnitDisplay,
) -> Option<icu_provider::DataPayload<icu_provider::marker::ErasedMarker<UnitsDisplayNames<'static>>>> {
    use icu_experimental::dimension::provider::units::categorized_display_names::*;
    use icu_experimental::provider::Baked;
    use icu_provider::prelude::*;
    let attribute = format!("{}-{unit}", display.width());
    let attributes = DataMarkerAttributes::try_from_str(&attribute).ok()?;
    let preferences: icu_locale::preferences::LocalePreferences = prefs.into();
    macro_rules! first_found {
        ($($marker:ty),*) => {
            $(
                let locale = <$marker>::make_locale(preferences);
                let request = DataRequest {
                    id: DataIdentifierBorrowed::for_marker_attributes_and_locale(attributes, &locale),
                    ..Default::default()
                };
                if let Ok(response) = DataProvider::<$marker>::load(&Baked, request) {
                    return Some(response.payload.cast());
                }
            )*
        };
    }
    first_found!(
        UnitsNamesDurationCoreV1,
        UnitsNamesDurationExtendedV1,
        UnitsNamesDurationOutlierV1,
        UnitsNamesLengthCoreV1,
        UnitsNamesLengthExtendedV1,
        UnitsNamesLengthOutlierV1,
        UnitsNamesMassCoreV1,
        UnitsNamesMassExtendedV1,
        UnitsNamesMassOutlierV1,
        UnitsNamesVolumeCoreV1,
        UnitsNamesVolumeExtendedV1,
        UnitsNamesVolumeOutlierV1,
        UnitsNamesAreaCoreV1,
        UnitsNamesAreaExtendedV1,
        UnitsNamesAreaOutlierV1
    );
    None
}

/// Whether CLDR's unit names (as ICU4X carries them) name `unit` in `locale`.
pub fn has_unit(locale: &str, unit: &str) -> bool {
    let prefs = locale::with_keywords(locale, &[]);
    unit_names(&prefs, unit, UnitDisplay::Short).is_some()
}

/// The text of `unit`'s pattern in `display` width before and after its number, in the
/// plural form `shown` takes (`("", " days")` for 2 days in English).
fn unit_pattern(
    prefs: &icu_locale::Locale,
    unit: &str,
    display: UnitDisplay,
    shown: &Decimal,
) -> Result<(String, String), Error> {
    let names = unit_names(prefs, unit, display)
        .ok_or_else(|| Error::range(format!("Intl.NumberFormat's unit {unit} is not supported by crosstalk yet")))?;
    let rules = icu_plurals::PluralRules::try_new_cardinal(prefs.into())
        .map_err(|e| Error::range(format!("no plural rules: {e}")))?;
    // A stand-in the pattern cannot contain marks where the number goes.
    const MARK: &str = "\u{f8ff}";
    let text = names.get().get(shown.into(), &rules).interpolate((MARK,)).to_string();
    let at = text.find(MARK).expect("a unit's pattern has its number");
    Ok((text[..at].to_string(), text[at + MARK.len()..].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(format: &NumberFormat, value: f64) -> String {
        crate::join(&format_to_parts(format, &Value::Number(value)).unwrap())
    }

    fn currency(locale: &str, code: &str, display: CurrencyDisplay) -> NumberFormat {
        NumberFormat::new(locale, Style::Currency { code: code.into(), display })
    }

    // Every expected value below is workerd 1.20261117's for the same options.
    #[test]
    #[allow(clippy::approx_constant)] // 3.14159 is the probe's input, not an approximation of pi
    fn decimals_group_and_round_half_away_from_zero() {
        let en = NumberFormat::new("en-US", Style::Decimal);
        assert_eq!(text(&en, 1234567.891), "1,234,567.891");
        assert_eq!(text(&en, 0.1 + 0.2), "0.3");
        assert_eq!(text(&en, 1.0 / 3.0), "0.333");
        assert_eq!(text(&en, -0.0), "-0");
        assert_eq!(text(&en, f64::NAN), "NaN");
        assert_eq!(text(&en, f64::INFINITY), "∞");
        assert_eq!(text(&en, 1e21), "1,000,000,000,000,000,000,000");
        assert_eq!(text(&NumberFormat::new("de-DE", Style::Decimal), 1234567.891), "1.234.567,891");
        assert_eq!(text(&NumberFormat::new("fr-FR", Style::Decimal), 1234567.5), "1\u{202f}234\u{202f}567,5");
        assert_eq!(text(&NumberFormat::new("en-IN", Style::Decimal), 123456789.0), "12,34,56,789");
        let whole = NumberFormat { maximum_fraction_digits: 0, ..en.clone() };
        assert_eq!(text(&whole, 2.5), "3");
        assert_eq!(text(&whole, 3.5), "4");
        let two = NumberFormat { maximum_fraction_digits: 2, ..en.clone() };
        assert_eq!(text(&two, 3.14159), "3.14");
        let padded = NumberFormat { minimum_fraction_digits: 2, maximum_fraction_digits: 3, ..en.clone() };
        assert_eq!(text(&padded, 3.0), "3.00");
        let integer = NumberFormat { minimum_integer_digits: 3, ..en.clone() };
        assert_eq!(text(&integer, 5.0), "005");
        let significant = NumberFormat { significant_digits: Some((1, 3)), ..en.clone() };
        assert_eq!(text(&significant, 123456.0), "123,000");
        let ungrouped = NumberFormat { grouping: GroupingStrategy::Never, ..en.clone() };
        assert_eq!(text(&ungrouped, 1234567.5), "1234567.5");
        let signed = NumberFormat { sign_display: SignDisplay::Always, ..en.clone() };
        assert_eq!(text(&signed, 5.0), "+5");
        assert_eq!(
            crate::join(&format_to_parts(&en, &Value::Decimal("123456789012345678901234567890".into())).unwrap()),
            "123,456,789,012,345,678,901,234,567,890"
        );
        assert_eq!(crate::join(&format_to_parts(&en, &Value::Decimal("1234.5".into())).unwrap()), "1,234.5");
    }

    #[test]
    fn arabic_in_egypt_writes_arabic_indic_digits() {
        assert_eq!(text(&NumberFormat::new("ar-EG", Style::Decimal), 123.0), "١٢٣");
        let arab = NumberFormat { numbering_system: Some("arab".into()), ..NumberFormat::new("de-DE", Style::Decimal) };
        assert_eq!(text(&arab, 12.0), "١٢");
        assert_eq!(numbering_system("ar-EG"), "arab");
        assert_eq!(numbering_system("zh-CN"), "latn");
    }

    #[test]
    fn the_parts_are_named_as_ecma_402_names_them() {
        let en = NumberFormat::new("en-US", Style::Decimal);
        let parts = format_to_parts(&en, &Value::Number(-1234.5)).unwrap();
        let expected: Parts = vec![
            ("minusSign", "-".into()),
            ("integer", "1".into()),
            ("group", ",".into()),
            ("integer", "234".into()),
            ("decimal", ".".into()),
            ("fraction", "5".into()),
        ];
        assert_eq!(parts, expected);
    }

    #[test]
    fn currencies_take_their_symbol_pattern_and_minor_units_from_the_locale() {
        assert_eq!(text(&currency("en-US", "USD", CurrencyDisplay::Symbol), 1234.5), "$1,234.50");
        assert_eq!(text(&currency("en-US", "EUR", CurrencyDisplay::Symbol), 1234.5), "€1,234.50");
        assert_eq!(text(&currency("de-DE", "EUR", CurrencyDisplay::Symbol), 1234.5), "1.234,50\u{a0}€");
        assert_eq!(text(&currency("ja-JP", "JPY", CurrencyDisplay::Symbol), 1234.5), "￥1,235");
        assert_eq!(text(&currency("en-US", "GBP", CurrencyDisplay::Symbol), -5.0), "-£5.00");
        assert_eq!(text(&currency("en-US", "USD", CurrencyDisplay::Code), 1.0), "USD\u{a0}1.00");
        assert_eq!(text(&currency("en-US", "USD", CurrencyDisplay::Name), 1.0), "1.00 US dollars");
        let accounting = NumberFormat { accounting: true, ..currency("en-US", "USD", CurrencyDisplay::Symbol) };
        assert_eq!(text(&accounting, -5.0), "($5.00)");
    }

    #[test]
    fn percents_scale_by_a_hundred() {
        let percent = NumberFormat::new("en-US", Style::Percent);
        assert_eq!(text(&percent, 0.256), "26%");
        assert_eq!(text(&percent, 0.5), "50%");
    }

    #[test]
    fn scientific_and_engineering_notation_write_a_power_of_ten() {
        let en = NumberFormat::new("en", Style::Decimal);
        let scientific = NumberFormat { notation: Notation::Scientific, ..en.clone() };
        let engineering = NumberFormat { notation: Notation::Engineering, ..en.clone() };
        assert_eq!(text(&scientific, 123456.0), "1.235E5");
        assert_eq!(text(&engineering, 123456.0), "123.456E3");
        assert_eq!(text(&scientific, 0.00012345), "1.235E-4");
        assert_eq!(text(&scientific, -9.9996), "-1E1");
        assert_eq!(text(&scientific, 0.0), "0E0");
        assert_eq!(text(&engineering, 0.00012345), "123.45E-6");
        assert_eq!(text(&scientific, 1e21), "1E21");
        assert_eq!(text(&engineering, 1e21), "1E21");
        assert_eq!(
            text(&NumberFormat { notation: Notation::Scientific, ..NumberFormat::new("de", Style::Decimal) }, 123456.0),
            "1,235E5"
        );
        let two = NumberFormat { significant_digits: Some((1, 2)), ..scientific.clone() };
        assert_eq!(text(&two, 123456.0), "1.2E5");
        let parts = format_to_parts(&scientific, &Value::Number(-0.00012345)).unwrap();
        let expected: Parts = vec![
            ("minusSign", "-".into()),
            ("integer", "1".into()),
            ("decimal", ".".into()),
            ("fraction", "235".into()),
            ("exponentSeparator", "E".into()),
            ("exponentMinusSign", "-".into()),
            ("exponentInteger", "4".into()),
        ];
        assert_eq!(parts, expected);
        assert_eq!(
            text(&NumberFormat { notation: Notation::Scientific, ..NumberFormat::new("en", Style::Percent) }, 12.0),
            "1E3%"
        );
    }

    #[test]
    fn compact_notation_shortens_to_two_significant_digits() {
        let compact =
            NumberFormat { notation: Notation::Compact { long: false }, ..NumberFormat::new("en-US", Style::Decimal) };
        assert_eq!(text(&compact, 1234567.0), "1.2M");
    }
}
