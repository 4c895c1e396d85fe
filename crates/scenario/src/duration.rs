//! The one duration grammar of crosstalk: scenario files (`"20ms"`, `"1.5s"`, ranges
//! `"0ms..50ms"`) and command-line flags (`fuzz --time 30s`) are read here and nowhere
//! else.
//!
//! A duration is a decimal number and a unit: `ms`, `s`, `m` (or `min`), `h` or `d`. It must
//! come out as whole milliseconds, the resolution of virtual time. Parsing only; the
//! caller attaches the file location (or the flag name) to the error text.

use crosstalk_runtime::MsRange;

/// The units a duration may carry, with their length in milliseconds, in the order their
/// suffixes are tried (`min` before `m`, `ms` before `s`).
const UNITS_MS: [(&str, u64); 6] =
    [("min", 60_000), ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];

/// Parses a duration (`"20ms"`, `"2s"`, `"1.5s"`, `"2m"`, `"1h"`, `"2d"`) into whole
/// milliseconds.
///
/// ```
/// assert_eq!(crosstalk_scenario::parse_duration_ms("1.5s"), Ok(1500));
/// assert_eq!(crosstalk_scenario::parse_duration_ms("2m"), Ok(120_000));
/// assert_eq!(crosstalk_scenario::parse_duration_ms("2d"), Ok(172_800_000));
/// assert!(crosstalk_scenario::parse_duration_ms("20").is_err());
/// ```
pub fn parse_duration_ms(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let Some((number, scale)) = UNITS_MS.iter().find_map(|(unit, ms)| Some((text.strip_suffix(unit)?, *ms))) else {
        return Err(format!("'{text}' has no unit: write e.g. \"20ms\" or \"1.5s\""));
    };
    let number = number.trim();
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) {
        return Err(format!("'{text}' is not a duration: write e.g. \"20ms\" or \"1.5s\""));
    }
    let too_long = || format!("'{text}' is too long");
    let whole_ms = whole.parse::<u64>().map_err(|_| too_long())?.checked_mul(scale).ok_or_else(too_long)?;
    // The fraction must come out as whole milliseconds: virtual time has 1 ms resolution.
    let fraction = fraction.trim_end_matches('0');
    let fraction_ms = if fraction.is_empty() {
        0
    } else {
        let numerator = fraction.parse::<u128>().map_err(|_| too_long())? * u128::from(scale);
        let denominator =
            u32::try_from(fraction.len()).ok().and_then(|n| 10u128.checked_pow(n)).ok_or_else(too_long)?;
        if numerator % denominator != 0 {
            return Err(format!("'{text}' is finer than a millisecond, the resolution of virtual time"));
        }
        u64::try_from(numerator / denominator).map_err(|_| too_long())?
    };
    whole_ms.checked_add(fraction_ms).ok_or_else(too_long)
}

/// Parses a fixed duration or a range `"min..max"` (both ends inclusive).
///
/// ```
/// use crosstalk_runtime::MsRange;
/// assert_eq!(crosstalk_scenario::parse_range("0ms..50ms"), Ok(MsRange::new_range(0, 50)));
/// assert_eq!(crosstalk_scenario::parse_range("2s"), Ok(MsRange::fixed(2000)));
/// ```
pub fn parse_range(text: &str) -> Result<MsRange, String> {
    match text.split_once("..") {
        None => parse_duration_ms(text).map(MsRange::fixed),
        Some((min, max)) => {
            let (min, max) = (parse_duration_ms(min)?, parse_duration_ms(max)?);
            if min > max {
                return Err(format!("the range '{text}' ends before it starts"));
            }
            Ok(MsRange::new_range(min, max))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_accept_ms_and_seconds() {
        assert_eq!(parse_duration_ms("20ms"), Ok(20));
        assert_eq!(parse_duration_ms("2s"), Ok(2000));
        assert_eq!(parse_duration_ms("1.5s"), Ok(1500));
        assert_eq!(parse_duration_ms("0.001s"), Ok(1));
        assert_eq!(parse_duration_ms(" 7 ms "), Ok(7));
    }

    #[test]
    fn durations_accept_minutes_and_hours() {
        assert_eq!(parse_duration_ms("2m"), Ok(120_000));
        assert_eq!(parse_duration_ms("2min"), Ok(120_000));
        assert_eq!(parse_duration_ms("1h"), Ok(3_600_000));
        assert_eq!(parse_duration_ms("0.5m"), Ok(30_000));
        // 0.00005 min is 3 ms exactly; 0.00001 min is 0.6 ms.
        assert_eq!(parse_duration_ms("0.00005m"), Ok(3));
        assert!(parse_duration_ms("0.00001m").is_err());
        assert_eq!(parse_duration_ms("1.500s"), Ok(1500));
    }

    #[test]
    fn bad_durations_are_errors_not_panics() {
        for bad in ["", "ms", "20", "1.5ms", "0.0001s", "-1ms", "1e3ms", "x s", "99999999999999999999s", "1..s"] {
            assert!(parse_duration_ms(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn ranges_are_inclusive_and_ordered() {
        assert_eq!(parse_range("0ms..50ms"), Ok(MsRange::new_range(0, 50)));
        assert_eq!(parse_range("1s..1.5s"), Ok(MsRange::new_range(1000, 1500)));
        assert!(parse_range("50ms..0ms").is_err());
        assert!(parse_range("0ms..").is_err());
    }
}
