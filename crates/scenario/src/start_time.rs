//! `[runtime] start_time`: where virtual time begins, as an RFC 3339 instant.
//!
//! `Date.now()`, `new Date()` and everything built on them read the virtual clock, which
//! starts at this instant (default 2024-01-01T00:00:00Z, `DEFAULT_EPOCH_MS`) and moves
//! only with the schedule. Parsing is ours: the grammar is small (a date, optionally a
//! time with up to millisecond fractions and a `Z` or `±HH:MM` offset) and a whole
//! date-time crate would serve these twenty lines only.

/// Milliseconds since the Unix epoch of `text`: `2026-12-01T00:00:00Z`,
/// `2026-12-01T09:30:00.250+02:00`, or a date alone (`2026-12-01`, midnight UTC).
pub fn parse_start_time(text: &str) -> Result<i64, String> {
    let bad = |why: &str| Err(format!("'{text}' is not an RFC 3339 instant: {why}"));
    let (date, rest) = text.split_at(text.find(['T', 't', ' ']).unwrap_or(text.len()));
    let mut parts = date.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return bad("write YYYY-MM-DD, then optionally THH:MM:SSZ");
    };
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<i64>().ok()).flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(y, 4), number(m, 2), number(d, 2)) else {
        return bad("write YYYY-MM-DD, then optionally THH:MM:SSZ");
    };
    if !(1970..=9999).contains(&year) || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return bad("no such date (years 1970 to 9999)");
    }
    let mut ms = days_from_civil(year, month, day) * 86_400_000;
    if rest.is_empty() {
        return Ok(ms);
    }
    let time = &rest[1..];
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => return bad("the time needs an offset: Z or ±HH:MM"),
    };
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let fields: Vec<Option<i64>> = hms.split(':').map(|f| number(f, 2)).collect();
    let [Some(hour), Some(minute), Some(second)] = fields[..] else { return bad("write the time as HH:MM:SS") };
    if hour > 23 || minute > 59 || second > 59 {
        return bad("no such time of day");
    }
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) || clock.ends_with('.') {
        return bad("fractions of a second go to milliseconds at most (.250)");
    }
    let millis = if fraction.is_empty() { 0 } else { format!("{fraction:0<3}").parse::<i64>().unwrap_or(0) };
    ms += ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    match offset {
        "Z" | "z" => Ok(ms),
        _ => {
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let Some((h, m)) = offset[1..].split_once(':') else { return bad("write the offset as ±HH:MM") };
            let (Some(h), Some(m)) = (number(h, 2), number(m, 2)) else { return bad("write the offset as ±HH:MM") };
            if h > 23 || m > 59 {
                return bad("no such offset");
            }
            Ok(ms - sign * (h * 60 + m) * 60_000)
        }
    }
}

/// The RFC 3339 text of `ms` since the Unix epoch, in UTC (`2026-12-01T00:00:00Z`,
/// milliseconds shown when not zero).
pub fn format_start_time(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let of_day = ms.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let (h, m, s, milli) = (of_day / 3_600_000, of_day / 60_000 % 60, of_day / 1000 % 60, of_day % 1000);
    let fraction = if milli == 0 { String::new() } else { format!(".{milli:03}") };
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}{fraction}Z")
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (if month <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_parse_to_unix_milliseconds() {
        // Expected values: Python's datetime.fromisoformat(...).timestamp() * 1000.
        assert_eq!(parse_start_time("2026-12-01T00:00:00Z"), Ok(1_796_083_200_000));
        assert_eq!(parse_start_time("2024-01-01T00:00:00Z"), Ok(crosstalk_runtime::DEFAULT_EPOCH_MS));
        assert_eq!(parse_start_time("2024-01-01"), Ok(crosstalk_runtime::DEFAULT_EPOCH_MS));
        assert_eq!(parse_start_time("2024-02-29T23:59:59.25Z"), Ok(1_709_251_199_250));
        assert_eq!(parse_start_time("2026-12-01T09:30:00+02:00"), Ok(1_796_110_200_000));
        assert_eq!(parse_start_time("1970-01-01T00:00:00Z"), Ok(0));
    }

    #[test]
    fn impossible_instants_are_errors() {
        for bad in [
            "2026-13-01",
            "2025-02-29",
            "2026-12-01T24:00:00Z",
            "2026-12-01T10:00:00",
            "2026-12-01T10:00Z",
            "1969-12-31",
            "26-12-01",
            "2026-12-01T10:00:00.1234Z",
            "2026-12-01T10:00:00+2:00",
            "tomorrow",
        ] {
            assert!(parse_start_time(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn formatting_is_the_inverse_in_utc() {
        for text in ["2026-12-01T00:00:00Z", "2024-02-29T23:59:59.250Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z"]
        {
            let ms = parse_start_time(text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(format_start_time(ms), text);
        }
    }
}
