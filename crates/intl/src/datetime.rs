//! `Intl.DateTimeFormat` and `Date.prototype.toLocale…String`: an instant shown in a
//! time zone (from the bundled IANA database) in the locale's words and order.
//!
//! ECMA-402's option bag (`year: "numeric"`, `month: "long"`, …, or `dateStyle` and
//! `timeStyle`) is mapped to ICU4X's semantic field sets: which date fields, one length
//! (taken from the month's or the weekday's width, or from the style), the precision of
//! the time, and the style of the zone's name.

use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::builder::{DateFields, FieldSetBuilder, ZoneStyle};
use icu_datetime::fieldsets::enums::CompositeFieldSet;
use icu_datetime::options::{Alignment, Length, SubsecondDigits, TimePrecision, YearStyle};
use icu_time::zone::ZoneNameTimestamp;

use crate::{Error, Parts, collect_parts, locale};

/// `dateStyle` or `timeStyle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Full,
    Long,
    Medium,
    Short,
}

/// The resolved options of one `Intl.DateTimeFormat`: a style, or the fields to show
/// with each one's width as ECMA-402 names it (`"numeric"`, `"2-digit"`, `"long"`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub locale: String,
    /// A name [`time_zone`] returned.
    pub time_zone: String,
    /// `"h11"`, `"h12"`, `"h23"` or `"h24"`, if the options chose one.
    pub hour_cycle: Option<String>,
    /// The calendar the options or the tag's `-u-ca-` chose (a BCP 47 name), if any;
    /// else the locale's own ([`calendar`]).
    pub calendar: Option<String>,
    pub date_style: Option<Style>,
    pub time_style: Option<Style>,
    pub weekday: Option<String>,
    pub era: Option<String>,
    pub year: Option<String>,
    pub month: Option<String>,
    pub day: Option<String>,
    pub hour: Option<String>,
    pub minute: Option<String>,
    pub second: Option<String>,
    pub fractional_second_digits: Option<u8>,
    pub time_zone_name: Option<String>,
}

/// The canonical name of time zone `name` (case as the database spells it; `UTC` for
/// its aliases; an offset as `±HH:MM`), or V8's `RangeError`.
pub fn time_zone(name: &str) -> Result<String, Error> {
    let invalid = || Error::range(format!("Invalid time zone specified: {name}"));
    if let Some(offset) = parse_offset(name) {
        let sign = if offset < 0 { '-' } else { '+' };
        let minutes = offset.unsigned_abs() / 60;
        return Ok(format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
    }
    let upper = name.to_ascii_uppercase();
    if matches!(
        upper.as_str(),
        "UTC"
            | "GMT"
            | "ETC/UTC"
            | "ETC/GMT"
            | "ETC/UCT"
            | "UCT"
            | "ETC/ZULU"
            | "ZULU"
            | "ETC/UNIVERSAL"
            | "UNIVERSAL"
            | "ETC/GREENWICH"
            | "GREENWICH"
            | "ETC/GMT0"
            | "GMT0"
            | "ETC/GMT+0"
            | "ETC/GMT-0"
            | "GMT+0"
            | "GMT-0"
    ) {
        return Ok("UTC".to_string());
    }
    let zone = jiff::tz::db().get(name).map_err(|_| invalid())?;
    let iana = zone.iana_name().ok_or_else(invalid)?;
    // A link names its zone by the canonical ID (`US/Eastern` is `America/New_York`).
    let parsed = icu_time::zone::iana::IanaParserExtended::new().parse(iana);
    if parsed.time_zone == icu_time::TimeZone::UNKNOWN || parsed.canonical.starts_with("Etc/Unknown") {
        return Ok(iana.to_string());
    }
    Ok(parsed.canonical.to_string())
}

/// `±HH:MM`, `±HHMM` or `±HH` in seconds east of UTC.
fn parse_offset(name: &str) -> Option<i32> {
    let (sign, rest) = match name.as_bytes().first()? {
        b'+' => (1, &name[1..]),
        b'-' => (-1, &name[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    if rest.contains(':') && (rest.len() != 5 || rest.as_bytes()[2] != b':') {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = if digits.len() == 4 { digits[2..].parse().ok()? } else { 0 };
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 3600 + minutes * 60))
}

fn jiff_zone(name: &str) -> Result<jiff::tz::TimeZone, Error> {
    if name == "UTC" {
        return Ok(jiff::tz::TimeZone::UTC);
    }
    if let Some(seconds) = parse_offset(name) {
        let offset = jiff::tz::Offset::from_seconds(seconds).map_err(|e| Error::range(e.to_string()))?;
        return Ok(jiff::tz::TimeZone::fixed(offset));
    }
    jiff::tz::db().get(name).map_err(|_| Error::range(format!("Invalid time zone specified: {name}")))
}

/// The field set and the hour cycle `options` ask ICU4X for.
fn field_set(options: &Options) -> Result<CompositeFieldSet, Error> {
    let mut builder = FieldSetBuilder::new();
    let width = |w: &Option<String>| w.as_deref().map(str::to_string);
    if options.date_style.is_some() || options.time_style.is_some() {
        if let Some(style) = options.date_style {
            builder.date_fields = Some(if style == Style::Full { DateFields::YMDE } else { DateFields::YMD });
            builder.length = Some(match style {
                Style::Full | Style::Long => Length::Long,
                Style::Medium => Length::Medium,
                Style::Short => Length::Short,
            });
        }
        if let Some(style) = options.time_style {
            builder.time_precision =
                Some(if style == Style::Short { TimePrecision::Minute } else { TimePrecision::Second });
            builder.zone_style = match style {
                Style::Full => Some(ZoneStyle::SpecificLong),
                Style::Long => Some(ZoneStyle::SpecificShort),
                _ => None,
            };
            if builder.length.is_none() {
                builder.length = Some(Length::Medium);
            }
        }
    } else {
        let (y, m, d, e) =
            (options.year.is_some(), options.month.is_some(), options.day.is_some(), options.weekday.is_some());
        builder.date_fields = match (y, m, d, e) {
            (false, false, false, false) => None,
            (false, false, true, false) => Some(DateFields::D),
            (false, true, true, false) => Some(DateFields::MD),
            (true, _, true, false) | (true, true, false, false) if m => {
                Some(if d { DateFields::YMD } else { DateFields::YM })
            }
            (true, false, true, false) => Some(DateFields::YMD),
            (false, false, true, true) => Some(DateFields::DE),
            (false, true, true, true) | (false, true, false, true) => Some(DateFields::MDE),
            (true, _, _, true) => Some(DateFields::YMDE),
            (false, false, false, true) => Some(DateFields::E),
            (false, true, false, false) => Some(DateFields::M),
            (true, false, false, false) => Some(DateFields::Y),
            _ => Some(DateFields::YMD),
        };
        let month = width(&options.month);
        let weekday = width(&options.weekday);
        // The month's width decides the length, else the weekday's, else the era's.
        let named = month.as_deref().or(weekday.as_deref()).or(options.era.as_deref());
        builder.length = Some(match named {
            Some("long") => Length::Long,
            Some("short") => Length::Medium,
            _ => Length::Short,
        });
        if y {
            builder.year_style = Some(match (options.era.is_some(), options.year.as_deref()) {
                (true, _) => YearStyle::WithEra,
                (false, Some("2-digit")) => YearStyle::Auto,
                _ => YearStyle::Full,
            });
        }
        // Minutes and seconds have two digits anyway. A two-digit month or day pads every
        // numeric field; a two-digit hour pads the hour when no date is shown (ICU4X pads
        // all fields or none, and V8 pads an hour next to a date's day only when asked).
        let two = |w: &Option<String>| w.as_deref() == Some("2-digit");
        let two_digit = two(&options.month) || two(&options.day) || (two(&options.hour) && !(y || m || d || e));
        if two_digit {
            builder.alignment = Some(Alignment::Column);
        }
        builder.time_precision = if let Some(digits) = options.fractional_second_digits {
            Some(TimePrecision::Subsecond(match digits {
                1 => SubsecondDigits::S1,
                2 => SubsecondDigits::S2,
                _ => SubsecondDigits::S3,
            }))
        } else if options.second.is_some() {
            Some(TimePrecision::Second)
        } else if options.minute.is_some() {
            Some(TimePrecision::Minute)
        } else if options.hour.is_some() {
            Some(TimePrecision::Hour)
        } else {
            None
        };
        builder.zone_style = options.time_zone_name.as_deref().map(|name| match name {
            "long" => ZoneStyle::SpecificLong,
            "shortOffset" => ZoneStyle::LocalizedOffsetShort,
            "longOffset" => ZoneStyle::LocalizedOffsetLong,
            "shortGeneric" => ZoneStyle::GenericShort,
            "longGeneric" => ZoneStyle::GenericLong,
            _ => ZoneStyle::SpecificShort,
        });
        if builder.date_fields.is_none() && builder.time_precision.is_none() {
            builder.date_fields = Some(DateFields::YMD);
            builder.year_style = Some(YearStyle::Full);
        }
    }
    builder.build_composite().map_err(|e| Error::Type(format!("Invalid option combination: {e:?}")))
}

/// The hour cycle `tag` shows hours in by default: `"h12"` if its 13:00 reads as 1, else
/// `"h23"`.
pub fn hour_cycle(tag: &str) -> &'static str {
    let options = Options {
        locale: tag.to_string(),
        time_zone: "UTC".into(),
        hour: Some("numeric".into()),
        ..Options::default()
    };
    match format_to_parts(&options, 13.0 * 3_600_000.0) {
        Ok(parts) if parts.iter().any(|(kind, text)| *kind == "hour" && text.trim_start_matches('0') == "1") => "h12",
        _ => "h23",
    }
}

/// The calendar `tag` (with its `-u-ca-` keyword, if any) shows dates in, by its BCP 47
/// name (`th-TH`: `buddhist`, `fa-IR`: `persian`, most: `gregory`).
pub fn calendar(tag: &str) -> &'static str {
    use icu_calendar::AnyCalendarKind as Kind;
    let locale = locale::with_keywords(tag, &[]);
    #[allow(deprecated)] // JapaneseExtended: still a kind the data can name
    match Kind::try_new((&locale).into()) {
        Ok(Kind::Buddhist) => "buddhist",
        Ok(Kind::Chinese) => "chinese",
        Ok(Kind::Coptic) => "coptic",
        Ok(Kind::Dangi) => "dangi",
        Ok(Kind::Ethiopian) => "ethiopic",
        Ok(Kind::EthiopianAmeteAlem) => "ethioaa",
        Ok(Kind::Hebrew) => "hebrew",
        Ok(Kind::Indian) => "indian",
        Ok(Kind::HijriTabularTypeIIFriday) => "islamic-civil",
        Ok(Kind::HijriSimulatedMecca) => "islamic-rgsa",
        Ok(Kind::HijriTabularTypeIIThursday) => "islamic-tbla",
        Ok(Kind::HijriUmmAlQura) => "islamic-umalqura",
        Ok(Kind::Iso) => "iso8601",
        Ok(Kind::Japanese | Kind::JapaneseExtended) => "japanese",
        Ok(Kind::Persian) => "persian",
        Ok(Kind::Roc) => "roc",
        _ => "gregory",
    }
}

/// The values `Intl.supportedValuesOf(key)` lists for `"calendar"` and `"timeZone"`.
pub fn supported_values(key: &str) -> Option<Vec<String>> {
    match key {
        "calendar" => Some(
            [
                "buddhist",
                "chinese",
                "coptic",
                "dangi",
                "ethioaa",
                "ethiopic",
                "gregory",
                "hebrew",
                "indian",
                "islamic",
                "islamic-civil",
                "islamic-rgsa",
                "islamic-tbla",
                "islamic-umalqura",
                "iso8601",
                "japanese",
                "persian",
                "roc",
            ]
            .map(str::to_string)
            .to_vec(),
        ),
        "timeZone" => {
            // One canonical ID per zone, as V8 lists them (no `Etc/…`, no `UTC`).
            let mut names: Vec<String> = icu_time::zone::iana::IanaParserExtended::new()
                .iter_all()
                .filter(|zone| zone.time_zone != icu_time::TimeZone::UNKNOWN)
                .map(|zone| zone.canonical.to_string())
                .filter(|name| name.contains('/') && !name.starts_with("Etc/"))
                .collect();
            names.sort();
            names.dedup();
            Some(names)
        }
        _ => None,
    }
}

/// The parts of the instant `epoch_ms` (milliseconds since 1970, UTC) formatted by
/// `options` (`formatToParts`), or V8's `RangeError` for an invalid time.
pub fn format_to_parts(options: &Options, epoch_ms: f64) -> Result<Parts, Error> {
    if !epoch_ms.is_finite() || epoch_ms.abs() > 8.64e15 {
        return Err(Error::range("Invalid time value"));
    }
    let zone = jiff_zone(&options.time_zone)?;
    #[allow(clippy::cast_possible_truncation)]
    let ms = epoch_ms.trunc() as i64;
    let instant = jiff::Timestamp::from_millisecond(ms).map_err(|_| Error::range("Invalid time value"))?;
    let zoned = instant.to_zoned(zone);
    let civil = zoned.datetime();
    let date = icu_calendar::Date::try_new_iso(
        i32::from(civil.year()),
        civil.month().unsigned_abs(),
        civil.day().unsigned_abs(),
    )
    .map_err(|_| Error::range("Invalid time value"))?;
    let time = icu_time::Time::try_new(
        civil.hour().unsigned_abs(),
        civil.minute().unsigned_abs(),
        civil.second().unsigned_abs(),
        u32::try_from(civil.subsec_nanosecond()).expect("a sub-second part is positive"),
    )
    .map_err(|_| Error::range("Invalid time value"))?;
    let id = if options.time_zone == "UTC" {
        icu_time::TimeZone::from(&jiff::tz::TimeZone::UTC)
    } else if parse_offset(&options.time_zone).is_some() {
        icu_time::TimeZone::UNKNOWN
    } else {
        icu_time::zone::IanaParser::new().parse(&options.time_zone)
    };
    let offset = icu_time::zone::UtcOffset::from_seconds_unchecked(zoned.offset().seconds());
    let zone = id
        .with_offset(Some(offset))
        .with_zone_name_timestamp(ZoneNameTimestamp::from_epoch_seconds(instant.as_second()));
    let input = icu_time::ZonedDateTime { date, time, zone };
    let mut keywords: Vec<(&str, &str)> = Vec::new();
    if let Some(cycle) = options.hour_cycle.as_deref() {
        keywords.push(("hc", cycle));
    }
    if let Some(calendar) = options.calendar.as_deref() {
        keywords.push(("ca", calendar));
    }
    let prefs = locale::with_keywords(&options.locale, &keywords);
    let formatter = DateTimeFormatter::try_new((&prefs).into(), field_set(options)?)
        .map_err(|e| Error::range(format!("no date data for {}: {e:?}", options.locale)))?;
    let parts = collect_parts(&formatter.format(&input), |part| {
        use icu_datetime::parts;
        Some(match part {
            p if p == parts::ERA => "era",
            p if p == parts::YEAR => "year",
            p if p == parts::RELATED_YEAR => "relatedYear",
            p if p == parts::YEAR_NAME => "yearName",
            p if p == parts::MONTH => "month",
            p if p == parts::DAY => "day",
            p if p == parts::WEEKDAY => "weekday",
            p if p == parts::DAY_PERIOD => "dayPeriod",
            p if p == parts::HOUR => "hour",
            p if p == parts::MINUTE => "minute",
            p if p == parts::SECOND => "second",
            p if p == parts::TIME_ZONE_NAME => "timeZoneName",
            _ => return None,
        })
    });
    // V8 shows the narrow no-break space CLDR puts before "AM" as a plain space.
    Ok(parts.into_iter().map(|(kind, text)| (kind, text.replace('\u{202f}', " "))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(options: Options) -> String {
        crate::join(&format_to_parts(&options, 0.0).unwrap())
    }

    fn utc(locale: &str) -> Options {
        Options { locale: locale.into(), time_zone: "UTC".into(), ..Options::default() }
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    // Expected values: workerd 1.20261117, for new Date(0).
    #[test]
    fn styles_show_the_epoch_as_workerd_does() {
        let full = Options { date_style: Some(Style::Full), time_style: Some(Style::Long), ..utc("en-US") };
        assert_eq!(text(full), "Thursday, January 1, 1970 at 12:00:00 AM UTC");
        assert_eq!(text(Options { date_style: Some(Style::Medium), ..utc("en-US") }), "Jan 1, 1970");
        assert_eq!(
            text(Options { date_style: Some(Style::Short), time_style: Some(Style::Short), ..utc("en-US") }),
            "1/1/70, 12:00 AM"
        );
        assert_eq!(text(Options { date_style: Some(Style::Long), ..utc("en-GB") }), "1 January 1970");
        assert_eq!(
            text(Options { date_style: Some(Style::Full), time_style: Some(Style::Full), ..utc("de-DE") }),
            "Donnerstag, 1. Januar 1970 um 00:00:00 Koordinierte Weltzeit"
        );
    }

    #[test]
    fn a_two_digit_hour_beside_a_date_leaves_the_day_unpadded() {
        let with_date = Options {
            weekday: some("short"),
            year: some("numeric"),
            month: some("short"),
            day: some("numeric"),
            hour: some("2-digit"),
            minute: some("2-digit"),
            ..utc("en-US")
        };
        assert_eq!(text(with_date), "Thu, Jan 1, 1970, 12:00 AM");
        let alone =
            Options { hour: some("2-digit"), minute: some("2-digit"), time_zone: "Asia/Tokyo".into(), ..utc("en-US") };
        assert_eq!(text(alone), "09:00 AM");
    }

    #[test]
    fn components_choose_the_fields_and_their_width() {
        assert_eq!(text(utc("en-US")), "1/1/1970");
        assert_eq!(
            text(Options { year: some("numeric"), month: some("long"), day: some("numeric"), ..utc("en-US") }),
            "January 1, 1970"
        );
        assert_eq!(text(Options { month: some("short"), ..utc("en-US") }), "Jan");
    }

    #[test]
    fn time_zones_shift_the_instant_and_name_the_zone() {
        let new_york = Options {
            time_zone: time_zone("America/New_York").unwrap(),
            date_style: Some(Style::Short),
            time_style: Some(Style::Long),
            ..utc("en-US")
        };
        assert_eq!(text(new_york), "12/31/69, 7:00:00 PM EST");
        assert_eq!(time_zone("utc").unwrap(), "UTC");
        assert_eq!(time_zone("US/Eastern").unwrap(), "America/New_York");
        assert_eq!(time_zone("etc/gmt+5").unwrap(), "Etc/GMT+5");
        assert_eq!(time_zone("America/new_york").unwrap(), "America/New_York");
        assert_eq!(time_zone("+05:30").unwrap(), "+05:30");
        assert_eq!(time_zone("Mars/Base"), Err(Error::Range("Invalid time zone specified: Mars/Base".into())));
    }

    #[test]
    fn english_in_the_us_counts_hours_to_twelve_and_german_to_twenty_three() {
        assert_eq!(hour_cycle("en-US"), "h12");
        assert_eq!(hour_cycle("de-DE"), "h23");
        let zones = supported_values("timeZone").unwrap();
        assert_eq!(&zones[..3], ["Africa/Abidjan", "Africa/Accra", "Africa/Addis_Ababa"]);
        assert!(!zones.iter().any(|zone| zone == "UTC" || zone == "US/Eastern"));
    }

    #[test]
    fn a_locale_or_its_ca_keyword_chooses_the_calendar() {
        assert_eq!(calendar("th-TH"), "buddhist");
        assert_eq!(calendar("fa-IR"), "persian");
        assert_eq!(calendar("ar-SA"), "gregory");
        assert_eq!(calendar("en-US"), "gregory");
        let buddhist = Options { calendar: some("buddhist"), ..utc("en-US") };
        assert_eq!(text(buddhist), "1/1/2513 BE");
        let japanese = Options { calendar: some("japanese"), ..utc("en-US") };
        assert_eq!(text(japanese), "1/1/45 S");
        let era = Options { calendar: some("japanese"), era: some("long"), year: some("numeric"), ..utc("ja-JP") };
        assert_eq!(text(era), "昭和45年");
    }

    #[test]
    fn an_invalid_date_is_a_range_error() {
        assert_eq!(format_to_parts(&utc("en"), f64::NAN), Err(Error::Range("Invalid time value".into())));
    }
}
