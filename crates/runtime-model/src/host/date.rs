//! `Date`'s string forms as workerd gives them.
//!
//! crosstalk's time zone is UTC (as Cloudflare's is), so `toString` and `toTimeString`
//! end with V8's ` (Coordinated Universal Time)`, which boa 0.22 leaves out. boa is built
//! without `Intl`, so `toLocaleString`, `toLocaleDateString` and `toLocaleTimeString`
//! print `toString`'s text; for the default locale (none, `en` or `en-US`) and no
//! options they print V8's en-US forms (`12/4/2026, 3:30:05 PM`). Other locales and
//! options keep boa's text (not modelled).

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsDate;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, NativeFunction, js_error, js_string};

/// What V8 appends to `toString`/`toTimeString` in the UTC time zone.
const ZONE_NAME: &str = " (Coordinated Universal Time)";

/// Which string a replacement gives.
#[derive(Clone, Copy)]
enum Form {
    /// `toString`, `toTimeString`: boa's text and the zone name.
    WithZone,
    /// `toLocaleString`, `toLocaleDateString`, `toLocaleTimeString` in en-US.
    Locale { date: bool, time: bool },
}

/// The time value of `this` (a Date), or V8's TypeError.
fn time_value(this: &JsValue, context: &mut Context) -> JsResult<f64> {
    let date = this
        .as_object()
        .and_then(|o| JsDate::from_object(o.clone()).ok())
        .ok_or_else(|| js_error!(TypeError: "this is not a Date object."))?;
    date.get_time(context)?.to_number(context)
}

/// (year, month 1–12, day) of a count of days since 1970-01-01 (proleptic Gregorian).
fn civil(days: i64) -> (i64, i64, i64) {
    // Shift to an era starting 0000-03-01 so leap days come last in each 400-year era.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// V8's en-US text of time value `t` (UTC): `12/4/2026`, `3:30:05 PM`, or both joined by
/// `, `.
fn en_us(t: f64, date: bool, time: bool) -> String {
    let ms = t as i64;
    let (days, in_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let mut parts = Vec::new();
    if date {
        let (year, month, day) = civil(days);
        parts.push(format!("{month}/{day}/{year}"));
    }
    if time {
        let seconds = in_day / 1000;
        let (hour, minute, second) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        let twelve = if hour % 12 == 0 { 12 } else { hour % 12 };
        let half = if hour < 12 { "AM" } else { "PM" };
        parts.push(format!("{twelve}:{minute:02}:{second:02} {half}"));
    }
    parts.join(", ")
}

/// Whether the arguments ask for the default en-US form: no options, and no locale or
/// `en`/`en-US`.
fn default_locale(args: &[JsValue], context: &mut Context) -> JsResult<bool> {
    let locale = match args.first() {
        None => true,
        Some(v) if v.is_undefined() => true,
        Some(v) if v.is_string() => matches!(v.to_string(context)?.to_std_string_escaped().as_str(), "en" | "en-US"),
        Some(_) => false,
    };
    Ok(locale && args.get(1).is_none_or(JsValue::is_undefined))
}

fn replacement(
    this: &JsValue,
    args: &[JsValue],
    captures: &(JsObject, u8),
    context: &mut Context,
) -> JsResult<JsValue> {
    let (original, form) = captures;
    let form = match form {
        0 => Form::WithZone,
        1 => Form::Locale { date: true, time: true },
        2 => Form::Locale { date: true, time: false },
        _ => Form::Locale { date: false, time: true },
    };
    let t = time_value(this, context)?;
    match form {
        Form::WithZone => {
            let text = original.call(this, args, context)?;
            if t.is_nan() {
                return Ok(text);
            }
            let text = text.to_string(context)?.to_std_string_escaped();
            Ok(JsString::from(format!("{text}{ZONE_NAME}").as_str()).into())
        }
        Form::Locale { date, time } => {
            if t.is_nan() {
                return Ok(js_string!("Invalid Date").into());
            }
            if !default_locale(args, context)? {
                return original.call(this, args, context);
            }
            Ok(JsString::from(en_us(t, date, time).as_str()).into())
        }
    }
}

pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let prototype = context.intrinsics().constructors().date().prototype();
    let methods: [(&str, u8, usize); 5] = [
        ("toString", 0, 0),
        ("toTimeString", 0, 0),
        ("toLocaleString", 1, 0),
        ("toLocaleDateString", 2, 0),
        ("toLocaleTimeString", 3, 0),
    ];
    for (name, form, length) in methods {
        let original = prototype
            .get(JsString::from(name), context)?
            .as_object()
            .ok_or_else(|| js_error!(TypeError: "Date.prototype.{} is missing", name))?;
        let function = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure_with_captures(replacement, (original, form)),
        )
        .name(JsString::from(name))
        .length(length)
        .build();
        prototype.set(JsString::from(name), function, true, context)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_days_since_the_epoch() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(20_426), (2025, 12, 4));
        assert_eq!(civil(-1), (1969, 12, 31));
        assert_eq!(civil(11_016), (2000, 2, 29));
    }

    #[test]
    fn en_us_forms_as_v8_prints_them() {
        // 2026-12-04T15:30:05Z, and midnight and noon.
        let t = 1_796_398_205_000.0;
        assert_eq!(en_us(t, true, true), "12/4/2026, 3:30:05 PM");
        assert_eq!(en_us(t, true, false), "12/4/2026");
        assert_eq!(en_us(0.0, false, true), "12:00:00 AM");
        assert_eq!(en_us(43_200_000.0, false, true), "12:00:00 PM");
    }
}
