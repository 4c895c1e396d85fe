//! `Intl.RelativeTimeFormat`: "in 3 hours", "1 day ago", "yesterday".

use fixed_decimal::{Decimal, FloatPrecision, SignedRoundingMode, UnsignedRoundingMode};
use icu_experimental::relativetime::options::Numeric;
use icu_experimental::relativetime::{RelativeTimeFormatter, RelativeTimeFormatterOptions};

use crate::{Error, Parts, collect_parts, locale};

/// The singular of a unit `format` accepts (`"days"` → `"day"`), or `None` for one it
/// does not.
pub fn singular_unit(unit: &str) -> Option<&'static str> {
    const UNITS: [&str; 8] = ["second", "minute", "hour", "day", "week", "month", "quarter", "year"];
    let singular = unit.strip_suffix('s').unwrap_or(unit);
    UNITS.into_iter().find(|u| *u == singular)
}

/// The parts of `value` `unit`s from now; `style` is `"long"`, `"short"` or `"narrow"`,
/// `auto` is `numeric: "auto"`.
pub fn format_to_parts(tag: &str, style: &str, auto: bool, value: f64, unit: &str) -> Result<Parts, Error> {
    let unit = singular_unit(unit).ok_or_else(|| Error::range(format!("Invalid unit argument {unit}")))?;
    let prefs = locale::with_keywords(tag, &[]);
    let mut options = RelativeTimeFormatterOptions::default();
    options.numeric = if auto { Numeric::Auto } else { Numeric::Always };
    macro_rules! pick {
        ($($style:literal, $unit:literal => $ctor:ident),* $(,)?) => {
            match (style, unit) {
                $(($style, $unit) => RelativeTimeFormatter::$ctor((&prefs).into(), options),)*
                _ => unreachable!("styles and units are checked"),
            }
        };
    }
    let formatter = pick!(
        "long", "second" => try_new_long_second, "long", "minute" => try_new_long_minute,
        "long", "hour" => try_new_long_hour, "long", "day" => try_new_long_day,
        "long", "week" => try_new_long_week, "long", "month" => try_new_long_month,
        "long", "quarter" => try_new_long_quarter, "long", "year" => try_new_long_year,
        "short", "second" => try_new_short_second, "short", "minute" => try_new_short_minute,
        "short", "hour" => try_new_short_hour, "short", "day" => try_new_short_day,
        "short", "week" => try_new_short_week, "short", "month" => try_new_short_month,
        "short", "quarter" => try_new_short_quarter, "short", "year" => try_new_short_year,
        "narrow", "second" => try_new_narrow_second, "narrow", "minute" => try_new_narrow_minute,
        "narrow", "hour" => try_new_narrow_hour, "narrow", "day" => try_new_narrow_day,
        "narrow", "week" => try_new_narrow_week, "narrow", "month" => try_new_narrow_month,
        "narrow", "quarter" => try_new_narrow_quarter, "narrow", "year" => try_new_narrow_year,
    )
    .map_err(|e| Error::range(format!("no relative time data: {e}")))?;
    assert!(value.is_finite(), "the caller rejects values that are not finite");
    let mut decimal = Decimal::try_from_f64(value, FloatPrecision::RoundTrip).expect("a finite Number is a decimal");
    // The number inside reads as `Intl.NumberFormat`'s default shows it.
    decimal.round_with_mode(-3, SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand));
    decimal.absolute.trim_end();
    // The number is written unsigned ("1 day ago"): only its digits and separators show.
    let name = crate::number::decimal_part_name;
    let mut magnitude = decimal.clone();
    magnitude.sign = fixed_decimal::Sign::None;
    let parts = collect_parts(&formatter.format(decimal), name);
    if parts.iter().any(|(kind, _)| *kind != "literal") {
        return Ok(parts);
    }
    // ICU4X writes the number inside the pattern as plain text: find it and name its parts
    // (a phrase such as "yesterday" has none).
    let text = crate::join(&parts);
    let digits = icu_decimal::DecimalFormatter::try_new((&prefs).into(), Default::default())
        .map_err(|e| Error::range(format!("no number data: {e}")))?;
    let number = collect_parts(&digits.format(&magnitude), name);
    let shown = crate::join(&number);
    let Some(at) = text.find(&shown) else { return Ok(parts) };
    let mut out: Parts = Vec::new();
    if at > 0 {
        out.push(("literal", text[..at].to_string()));
    }
    out.extend(number);
    if at + shown.len() < text.len() {
        out.push(("literal", text[at + shown.len()..].to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(tag: &str, style: &str, auto: bool, value: f64, unit: &str) -> String {
        crate::join(&format_to_parts(tag, style, auto, value, unit).unwrap())
    }

    // Expected values: workerd 1.20261117.
    #[test]
    fn relative_times_read_as_in_english_and_german() {
        assert_eq!(text("en", "long", false, -1.0, "day"), "1 day ago");
        assert_eq!(text("en", "long", true, -1.0, "day"), "yesterday");
        assert_eq!(text("en", "long", false, 3.0, "hours"), "in 3 hours");
        assert_eq!(text("en", "short", false, -2.0, "month"), "2 mo. ago");
        assert_eq!(text("de", "long", false, 2.0, "week"), "in 2 Wochen");
        assert_eq!(singular_unit("bogus"), None);
        let parts = format_to_parts("en", "long", false, 100.0, "day").unwrap();
        let expected: Parts = vec![("literal", "in ".into()), ("integer", "100".into()), ("literal", " days".into())];
        assert_eq!(parts, expected);
    }
}
