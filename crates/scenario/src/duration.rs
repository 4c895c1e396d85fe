//! Durations and ranges as scenario files write them: `"20ms"`, `"1.5s"`, `"0ms..50ms"`.
//!
//! Parsing only; the caller attaches the file location to the error text.

use crosstalk_runtime::MsRange;

/// Parses a duration (`"20ms"`, `"2s"`, `"1.5s"`) into whole milliseconds.
///
/// ```
/// assert_eq!(crosstalk_scenario::parse_duration_ms("1.5s"), Ok(1500));
/// assert!(crosstalk_scenario::parse_duration_ms("20").is_err());
/// ```
pub fn parse_duration_ms(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (number, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 1u64)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000)
    } else {
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
    let mut fraction_ms = 0u64;
    let mut unit = scale;
    for digit in fraction.bytes() {
        let d = u64::from(digit - b'0');
        if unit % 10 != 0 {
            if d != 0 {
                return Err(format!("'{text}' is finer than a millisecond, the resolution of virtual time"));
            }
            continue;
        }
        unit /= 10;
        fraction_ms += d * unit;
    }
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
