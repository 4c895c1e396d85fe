//! A compatibility date (R13): the calendar day a Worker pins the runtime's behaviour to,
//! written `YYYY-MM-DD` as wrangler and workerd write it.
//!
//! Owns the one validation of such dates (format and calendar: `2024-02-30` is not a
//! day) and their order. Scenario files, wrangler configs and `conform
//! --compatibility-date` all parse through [`CompatibilityDate::from_str`].

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A valid calendar day of the Gregorian calendar, ordered chronologically.
///
/// ```
/// use crosstalk_runtime::CompatibilityDate;
/// let date: CompatibilityDate = "2024-10-14".parse().unwrap();
/// assert_eq!(date.to_string(), "2024-10-14");
/// assert!(date > "2024-09-30".parse().unwrap());
/// assert!("2024-02-30".parse::<CompatibilityDate>().is_err());
/// assert!("9999-99-99".parse::<CompatibilityDate>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CompatibilityDate {
    // Field order is the chronological order the derived `Ord` compares in.
    year: u16,
    month: u8,
    day: u8,
}

/// Why a text is not a compatibility date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadDate {
    /// Not shaped `YYYY-MM-DD`: four, two and two ASCII digits joined by `-`.
    #[error("not written YYYY-MM-DD")]
    Format,
    /// The month, as written, is not 1 to 12.
    #[error("there is no month {0}")]
    Month(u8),
    /// The day, as written, is 0 or past the last day of its month.
    #[error("{year:04}-{month:02} has {days} days")]
    Day {
        /// The year, as written.
        year: u16,
        /// The month (1-12), as written.
        month: u8,
        /// How many days that month has in that year (leap years count).
        days: u8,
    },
}

impl CompatibilityDate {
    /// The date `year-month-day`; panics (at compile time in a `const`) if it is not a
    /// calendar day.
    pub const fn ymd(year: u16, month: u8, day: u8) -> Self {
        assert!(month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month), "not a calendar day");
        Self { year, month, day }
    }

    /// The year, as written (`2024`).
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1-12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1-based.
    pub fn day(self) -> u8 {
        self.day
    }
}

const fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Days of `month` (1-12) in `year`.
const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for CompatibilityDate {
    type Err = BadDate;

    fn from_str(text: &str) -> Result<Self, BadDate> {
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
        if !shaped {
            return Err(BadDate::Format);
        }
        // Shaped: every field is ASCII digits, so these parses cannot fail.
        let field = |range: std::ops::Range<usize>| text[range].parse::<u16>().map_err(|_| BadDate::Format);
        let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
        let month = u8::try_from(month).map_err(|_| BadDate::Format)?;
        let day = u8::try_from(day).map_err(|_| BadDate::Format)?;
        if !(1..=12).contains(&month) {
            return Err(BadDate::Month(month));
        }
        let days = days_in_month(year, month);
        if !(1..=days).contains(&day) {
            return Err(BadDate::Day { year, month, days });
        }
        Ok(Self { year, month, day })
    }
}

impl fmt::Display for CompatibilityDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for CompatibilityDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CompatibilityDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(|e| serde::de::Error::custom(format!("bad compatibility date '{text}': {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<CompatibilityDate, BadDate> {
        text.parse()
    }

    #[test]
    fn dates_print_as_they_parse() {
        for text in ["2024-01-01", "2026-11-17", "0001-12-31", "2024-02-29", "2000-02-29"] {
            assert_eq!(parse(text).map(|d| d.to_string()).as_deref(), Ok(text));
        }
        assert_eq!(
            CompatibilityDate::ymd(2024, 10, 14),
            parse("2024-10-14").unwrap_or(CompatibilityDate::ymd(1, 1, 1))
        );
    }

    #[test]
    fn malformed_dates_are_rejected() {
        for bad in ["", "2024-1-01", "2024/01/01", "yesterday", "2024-01-01T00:00", "+024-01-01", "2024-01-1 "] {
            assert_eq!(parse(bad), Err(BadDate::Format), "{bad}");
        }
    }

    #[test]
    fn days_that_are_not_on_the_calendar_are_rejected() {
        assert_eq!(parse("9999-99-99"), Err(BadDate::Month(99)));
        assert_eq!(parse("2024-00-10"), Err(BadDate::Month(0)));
        assert_eq!(parse("2024-02-30"), Err(BadDate::Day { year: 2024, month: 2, days: 29 }));
        assert_eq!(parse("2023-02-29"), Err(BadDate::Day { year: 2023, month: 2, days: 28 }));
        assert_eq!(parse("1900-02-29"), Err(BadDate::Day { year: 1900, month: 2, days: 28 }));
        assert_eq!(parse("2024-04-31"), Err(BadDate::Day { year: 2024, month: 4, days: 30 }));
        assert_eq!(parse("2024-01-00"), Err(BadDate::Day { year: 2024, month: 1, days: 31 }));
        assert_eq!(BadDate::Day { year: 2024, month: 2, days: 29 }.to_string(), "2024-02 has 29 days");
    }

    #[test]
    fn dates_order_chronologically() {
        let ymd = CompatibilityDate::ymd;
        assert!(ymd(2024, 10, 13) < ymd(2024, 10, 14));
        assert!(ymd(2023, 12, 31) < ymd(2024, 1, 1));
        assert!(ymd(2024, 9, 30) < ymd(2024, 10, 1));
    }

    #[test]
    fn dates_serialise_as_their_text() {
        let date = CompatibilityDate::ymd(2024, 1, 1);
        assert_eq!(serde_json::to_string(&date).unwrap_or_default(), "\"2024-01-01\"");
        assert_eq!(serde_json::from_str::<CompatibilityDate>("\"2024-01-01\"").ok(), Some(date));
        assert!(serde_json::from_str::<CompatibilityDate>("\"2024-02-30\"").is_err());
    }
}
