//! `Date.parse` and `new Date(string)` as V8 reads date strings.
//!
//! boa 0.22 reads little more than ECMA-262's Date Time String Format (ISO 8601). V8,
//! and so workerd, tries that format first and, where it stops, goes on with its
//! "legacy" reader, which real Workers code leans on every day: HTTP and RFC 2822
//! dates (`Tue, 02 Jan 2024 10:00:00 GMT`, `+0100`, `EST`), SQL timestamps
//! (`2024-01-01 10:00:00`, SQLite's `CURRENT_TIMESTAMP`), `Date.prototype.toString`'s
//! own text, `Jan 2 2024`, `1/2/2024`, `2024/01/02`, 12-hour times with AM/PM. boa
//! answers NaN for all of these, so crosstalk reads date strings itself: [`parse`] is a
//! pure function of the string's UTF-16 code units, written from V8's observable
//! behaviour and checked against workerd's answers.
//!
//! How V8 reads a string, in short:
//!
//! * It is cut into tokens: runs of ASCII digits (only nine digits after the leading
//!   zeros count), the signs `:` `-` `+` `.` `)`, words (runs of code units from `A` up
//!   but spaces, so most non-ASCII text too), single whitespace characters (Unicode's
//!   spaces included), parenthesised groups (skipped, nesting counted), and any other
//!   single character. A NUL code unit ends the string.
//! * The ISO reader takes `yyyy` or `±yyyyyy`, then `-MM`, `-DD`, then `THH:mm`,
//!   `:ss`, `.s…` (any number of digits, the first three count) and `Z` or `±hh:mm`
//!   (`±hhmm` too). A date alone is UTC; a date and time without an offset is local
//!   time. Once its `T` is read, anything it does not expect makes the string invalid;
//!   before that, the tokens it has not used go on to the legacy reader, with the
//!   numbers it took so far.
//! * The legacy reader: a number followed by `:` is a time field (`h::` is an hour and a
//!   zero minute); a number that can be the time's next field and is followed by `.`
//!   takes the fraction after it, as milliseconds, into the field after it; one that is
//!   not followed by `.` completes the time; any other number is a date field (up to
//!   three, `-` after one is skipped). A word whose first three letters are a month's names the
//!   month; `AM`/`PM` after a time shift it; `UT`, `UTC`, `GMT`, `Z` and the US zones
//!   (`EST`, `PDT`…) after a number set the offset, and `+`/`-` after a time or a UTC
//!   zone starts a numeric one (`+1`, `+01`, `+0100`, `+01:00`). Unknown words may only
//!   come before the first number; a sign or `)` after it is an error.
//! * Date fields are ordered by what they can be: with a named month, a first field that
//!   cannot be a day (1–31) is the year; without one, three fields are Y/M/D when the
//!   first cannot be a day and M/D/Y otherwise. Missing fields are 1 (so `Jan 2` is in
//!   2001), and years 0–49 and 50–99 of the legacy reader are 2000–2049 and 1950–1999.
//!
//! crosstalk's time zone is UTC, as Cloudflare's is, so local time is UTC.
//!
//! [`register`] installs [`parse`] as `Date.parse` and puts a constructor in front of
//! boa's `Date`: a single argument that is not a Date and whose primitive is a string
//! is parsed here; everything else goes to boa's constructor unchanged.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsDate;
use boa_engine::property::{PropertyDescriptor, PropertyKey};
use boa_engine::value::PreferredType;
use boa_engine::{Context, JsObject, JsResult, JsValue, NativeFunction, js_error, js_string};

/// The largest magnitude of a time value: 100,000,000 days, in milliseconds.
const MAX_TIME: i64 = 8_640_000_000_000_000;
const MS_PER_DAY: i64 = 86_400_000;
/// V8's MakeDay answers NaN for years beyond ±1,000,000.
const MAX_YEAR: i64 = 1_000_000;
/// How many digits of a number V8 keeps after its leading zeros; the rest are read and
/// dropped.
const KEPT_DIGITS: usize = 9;
/// The largest UTC offset, in seconds, V8 accepts (its small-integer bound, 2^30 − 1).
const MAX_OFFSET_SECONDS: u32 = (1 << 30) - 1;
/// Local time's offset from UTC: crosstalk's zone is UTC, as Cloudflare's is.
const LOCAL_OFFSET_MS: i64 = 0;

/// What a word means, by its first three letters (case-insensitive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    /// A month, 1–12: any word whose first three letters are the month's.
    Month(i32),
    /// `AM` (0) or `PM` (12): hours added to a 12-hour clock.
    Meridiem(i32),
    /// `UT`, `UTC`, `GMT`, `Z` or a US zone: its offset in whole hours.
    Zone(i32),
    /// `T`, the ISO format's date–time separator.
    TimeMark,
    /// Any other word.
    Unknown,
}

/// The month names' first three letters.
const MONTHS: [&[u8; 3]; 12] =
    [b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"];

/// The other words V8 knows, which must be the whole word.
const KEYWORDS: [(&[u8], Word); 15] = [
    (b"am", Word::Meridiem(0)),
    (b"pm", Word::Meridiem(12)),
    (b"ut", Word::Zone(0)),
    (b"utc", Word::Zone(0)),
    (b"z", Word::Zone(0)),
    (b"gmt", Word::Zone(0)),
    (b"cdt", Word::Zone(-5)),
    (b"cst", Word::Zone(-6)),
    (b"edt", Word::Zone(-4)),
    (b"est", Word::Zone(-5)),
    (b"mdt", Word::Zone(-6)),
    (b"mst", Word::Zone(-7)),
    (b"pdt", Word::Zone(-7)),
    (b"pst", Word::Zone(-8)),
    (b"t", Word::TimeMark),
];

impl Word {
    /// The meaning of a word of `length` code units starting with `prefix` (lower-cased
    /// ASCII letters; zero past the word's end).
    fn classify(prefix: [u16; 3], length: usize) -> Word {
        let same = |letters: &[u8], units: &[u16]| {
            letters.len() == units.len() && letters.iter().zip(units).all(|(&l, &u)| u16::from(l) == u)
        };
        if let Some(index) = MONTHS.iter().position(|month| same(&month[..], &prefix)) {
            return Word::Month(index as i32 + 1);
        }
        if length > prefix.len() {
            return Word::Unknown;
        }
        let whole = &prefix[..length];
        KEYWORDS.iter().find(|(letters, _)| same(letters, whole)).map_or(Word::Unknown, |&(_, word)| word)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    /// A run of ASCII digits: the value of its first nine after any leading zeros, and
    /// how many digits there were in all.
    Number { value: i32, digits: usize },
    /// `:`, `-`, `+`, `.` or `)`.
    Symbol(u8),
    /// A run of code units from `A` (U+0041) up that are not spaces, and its length.
    Word(Word, usize),
    /// One whitespace or line-terminator character.
    Space,
    /// Any other single code unit, or a parenthesised group.
    Other,
    /// The end of the string (or a NUL code unit).
    End,
}

impl Token {
    fn is_sign(self) -> bool {
        matches!(self, Token::Symbol(b'+' | b'-'))
    }

    /// The zone word `Z` (the only one-letter zone).
    fn is_z(self) -> bool {
        self == Token::Word(Word::Zone(0), 1)
    }

    /// The value of a number of exactly `digits` digits.
    fn number_of(self, digits: usize) -> Option<i32> {
        match self {
            Token::Number { value, digits: d } if d == digits => Some(value),
            _ => None,
        }
    }
}

/// The tokens of a string, with one token of look-ahead.
struct Scanner<I: Iterator<Item = u16>> {
    units: I,
    /// The code unit being looked at; 0 at the end (and from a NUL on).
    current: u16,
    ahead: Token,
}

impl<I: Iterator<Item = u16>> Scanner<I> {
    fn new(mut units: I) -> Self {
        let current = units.next().unwrap_or(0);
        let mut scanner = Scanner { units, current, ahead: Token::End };
        scanner.ahead = scanner.scan();
        scanner
    }

    fn advance(&mut self) {
        // V8 reads a NUL as the end of the string: nothing after it is seen.
        if self.current != 0 {
            self.current = self.units.next().unwrap_or(0);
        }
    }

    fn peek(&self) -> Token {
        self.ahead
    }

    fn next(&mut self) -> Token {
        let token = self.ahead;
        self.ahead = self.scan();
        token
    }

    /// Consumes the next token if it is the sign `symbol`.
    fn skip_symbol(&mut self, symbol: u8) -> bool {
        let found = self.ahead == Token::Symbol(symbol);
        if found {
            self.next();
        }
        found
    }

    fn scan(&mut self) -> Token {
        let unit = self.current;
        let ascii = u8::try_from(unit).ok();
        match ascii {
            Some(0) => Token::End,
            Some(b'0'..=b'9') => {
                // Leading zeros are counted as digits but not kept.
                let mut zeros = 0usize;
                while self.current == u16::from(b'0') {
                    zeros += 1;
                    self.advance();
                }
                let (mut value, mut kept) = (0i32, 0usize);
                while let Ok(digit @ b'0'..=b'9') = u8::try_from(self.current) {
                    if kept < KEPT_DIGITS {
                        value = value * 10 + i32::from(digit - b'0');
                    }
                    kept += 1;
                    self.advance();
                }
                Token::Number { value, digits: zeros + kept }
            }
            Some(symbol @ (b':' | b'-' | b'+' | b'.' | b')')) => {
                self.advance();
                Token::Symbol(symbol)
            }
            _ if is_word_unit(unit) => {
                let mut prefix = [0u16; 3];
                let mut length = 0usize;
                while is_word_unit(self.current) {
                    if let Some(slot) = prefix.get_mut(length) {
                        *slot = if (u16::from(b'A')..=u16::from(b'Z')).contains(&self.current) {
                            self.current + 32
                        } else {
                            self.current
                        };
                    }
                    length += 1;
                    self.advance();
                }
                Token::Word(Word::classify(prefix, length), length)
            }
            _ if is_space(unit) => {
                self.advance();
                Token::Space
            }
            Some(b'(') => {
                let mut depth = 0usize;
                loop {
                    match self.current {
                        0x28 => depth += 1,
                        0x29 => {
                            debug_assert!(depth > 0, "a group is left at depth zero");
                            depth -= 1;
                        }
                        _ => {}
                    }
                    self.advance();
                    if depth == 0 || self.current == 0 {
                        break;
                    }
                }
                Token::Other
            }
            _ => {
                self.advance();
                Token::Other
            }
        }
    }
}

/// ECMAScript's whitespace and line terminators as V8's reader sees them: ASCII's, and
/// the Unicode spaces (U+2028 and U+2029, from `A` up, are read as word characters).
fn is_space(unit: u16) -> bool {
    matches!(unit, 0x09..=0x0D | 0x20 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000 | 0xFEFF)
}

/// Whether a code unit belongs to a word: anything from `A` (U+0041) up but a space.
fn is_word_unit(unit: u16) -> bool {
    unit >= u16::from(b'A') && !is_space(unit)
}

fn is_month(n: i32) -> bool {
    (1..=12).contains(&n)
}

fn is_day(n: i32) -> bool {
    (1..=31).contains(&n)
}

fn is_hour(n: i32) -> bool {
    (0..=23).contains(&n)
}

fn is_minute(n: i32) -> bool {
    (0..=59).contains(&n)
}

/// The milliseconds a fraction's digits give: its first three digits, as if padded with
/// zeros (`5` is 500, `12345` is 123). As in V8, a fraction of more than nine digits
/// is scaled as if it had nine, though its value skipped the leading zeros:
/// `.000123456789` gives 123.
fn milliseconds(value: i32, digits: usize) -> i32 {
    match digits {
        0 => unreachable!("a number has at least one digit"),
        1 => value * 100,
        2 => value * 10,
        _ => value / 10i32.pow((digits.min(KEPT_DIGITS) - 3) as u32),
    }
}

/// The date's numbers in the order they came, and the month a word named.
#[derive(Default)]
struct DateFields {
    numbers: [i32; 3],
    count: usize,
    named_month: Option<i32>,
    /// Read by the ISO reader to its end: year, month, day in that order, as given.
    iso: bool,
}

impl DateFields {
    fn push(&mut self, n: i32) -> bool {
        let Some(slot) = self.numbers.get_mut(self.count) else { return false };
        *slot = n;
        self.count += 1;
        true
    }

    fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The (year, month 1–12, day 1–31) the fields make, or `None`.
    fn resolve(mut self) -> Option<(i32, i32, i32)> {
        if self.count == 0 {
            return None;
        }
        // Missing fields are 1, filled in before the order is chosen: a lone `Jan 2`
        // reads the filled 1 as its year (2001).
        self.numbers[self.count..].fill(1);
        let [first, second, third] = self.numbers;
        let (year, month, day) = match self.named_month {
            None if self.iso || !is_day(first) => (first, second, third),
            None => (third, first, second),
            Some(month) if !is_day(first) => (first, month, second),
            Some(month) => (second, month, first),
        };
        let year = match year {
            _ if self.iso => year,
            0..=49 => year + 2000,
            50..=99 => year + 1900,
            _ => year,
        };
        (is_month(month) && is_day(day)).then_some((year, month, day))
    }
}

/// The time's numbers: hour, minute, second, millisecond.
#[derive(Default)]
struct TimeFields {
    numbers: [i32; 4],
    count: usize,
    /// Hours `AM` (0) or `PM` (12) add to a 12-hour clock.
    meridiem: Option<i32>,
}

impl TimeFields {
    fn push(&mut self, n: i32) -> bool {
        let Some(slot) = self.numbers.get_mut(self.count) else { return false };
        *slot = n;
        self.count += 1;
        true
    }

    /// Pushes `n` as the last field given: the ones after it are zero.
    fn push_last(&mut self, n: i32) -> bool {
        let pushed = self.push(n);
        self.count = self.numbers.len();
        pushed
    }

    fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether `n` can be the next field (minute, second or millisecond).
    fn expects(&self, n: i32) -> bool {
        match self.count {
            1 | 2 => is_minute(n),
            3 => (0..=999).contains(&n),
            _ => false,
        }
    }

    /// (hour, minute, second, millisecond), or `None` when out of range. Hour 24 is
    /// allowed with nothing after it (the end of the day).
    fn resolve(self) -> Option<(i32, i32, i32, i32)> {
        let [mut hour, minute, second, millisecond] = self.numbers;
        if let Some(meridiem) = self.meridiem {
            if !(0..=12).contains(&hour) {
                return None;
            }
            hour = hour % 12 + meridiem;
        }
        let valid = is_hour(hour) && is_minute(minute) && is_minute(second) && (0..=999).contains(&millisecond);
        (valid || (hour, minute, second, millisecond) == (24, 0, 0, 0)).then_some((hour, minute, second, millisecond))
    }
}

/// Where a time is: local time, or this many seconds east of UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Offset {
    Local,
    East(i64),
}

/// The UTC offset read so far.
#[derive(Default)]
struct ZoneFields {
    /// +1 or −1.
    sign: Option<i32>,
    hours: Option<i32>,
    minutes: Option<i32>,
}

impl ZoneFields {
    /// A zone named by a word: whole hours.
    fn set_hours(&mut self, hours: i32) {
        self.sign = Some(if hours < 0 { -1 } else { 1 });
        self.hours = Some(hours.abs());
        self.minutes = Some(0);
    }

    fn is_empty(&self) -> bool {
        self.hours.is_none()
    }

    fn is_utc(&self) -> bool {
        self.hours == Some(0) && self.minutes == Some(0)
    }

    /// Whether `n` is the minutes of an offset given as `±hh:`.
    fn expects(&self, n: i32) -> bool {
        self.hours.is_some() && self.minutes.is_none() && is_minute(n)
    }

    fn resolve(self) -> Option<Offset> {
        let Some(sign) = self.sign else { return Some(Offset::Local) };
        let hours = u32::try_from(self.hours.unwrap_or(0)).expect("offset hours are never negative");
        let minutes = u32::try_from(self.minutes.unwrap_or(0)).expect("offset minutes are never negative");
        // V8 sums the seconds in 32-bit unsigned arithmetic, which wraps for hours past
        // 1,193,046 (only reachable as `+hhhhhhh:`); what it then accepts is kept.
        let seconds = hours.wrapping_mul(3600).wrapping_add(minutes.wrapping_mul(60));
        (seconds <= MAX_OFFSET_SECONDS).then(|| Offset::East(i64::from(sign) * i64::from(seconds)))
    }
}

/// Everything a date string gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fields {
    year: i32,
    /// 1–12.
    month: i32,
    day: i32,
    hour: i32,
    minute: i32,
    second: i32,
    millisecond: i32,
    offset: Offset,
}

impl Fields {
    /// The time value (ms since the epoch, UTC), or NaN beyond ±8.64e15 ms.
    fn time_value(self) -> f64 {
        let year = i64::from(self.year);
        if !(-MAX_YEAR..=MAX_YEAR).contains(&year) {
            return f64::NAN;
        }
        let days = days_from_civil(year, i64::from(self.month), i64::from(self.day));
        let in_day = ((i64::from(self.hour) * 60 + i64::from(self.minute)) * 60 + i64::from(self.second)) * 1000
            + i64::from(self.millisecond);
        let local = days * MS_PER_DAY + in_day;
        let utc = match self.offset {
            Offset::Local => local - LOCAL_OFFSET_MS,
            Offset::East(seconds) => local - seconds * 1000,
        };
        if utc.abs() > MAX_TIME { f64::NAN } else { utc as f64 }
    }
}

/// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar; a day
/// past the month's end runs on into the next month (MakeDay).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    debug_assert!((1..=12).contains(&month) && (1..=31).contains(&day));
    // Years counted from March, so that a leap day is the last day of its year.
    let year = if month <= 2 { year - 1 } else { year };
    let (era, year_of_era) = (year.div_euclid(400), year.rem_euclid(400));
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719,468 days from 0000-03-01 to 1970-01-01.
    era * 146_097 + day_of_era - 719_468
}

/// Where the ISO reader left off.
enum Iso {
    /// The whole string was read.
    Done,
    /// The string is invalid.
    Invalid,
    /// The legacy reader goes on from this token.
    Rest(Token),
}

/// ECMA-262's Date Time String Format, with V8's extensions (any number of fraction
/// digits, `±hhmm`).
fn read_iso<I: Iterator<Item = u16>>(
    scanner: &mut Scanner<I>,
    date: &mut DateFields,
    time: &mut TimeFields,
    zone: &mut ZoneFields,
) -> Iso {
    debug_assert!(date.is_empty() && time.is_empty() && zone.is_empty());
    match scanner.peek() {
        Token::Symbol(sign @ (b'+' | b'-')) => {
            let sign_token = scanner.next();
            let Some(year) = scanner.peek().number_of(6) else { return Iso::Rest(sign_token) };
            scanner.next();
            // `-000000` is not a year: its digits are dropped and the sign goes on to
            // the legacy reader.
            if sign == b'-' && year == 0 {
                return Iso::Rest(sign_token);
            }
            date.push(if sign == b'-' { -year } else { year });
        }
        Token::Number { value, digits: 4 } => {
            scanner.next();
            date.push(value);
        }
        _ => return Iso::Rest(scanner.next()),
    }
    if scanner.skip_symbol(b'-') {
        let Some(month) = scanner.peek().number_of(2).filter(|&m| is_month(m)) else {
            return Iso::Rest(scanner.next());
        };
        scanner.next();
        date.push(month);
        if scanner.skip_symbol(b'-') {
            let Some(day) = scanner.peek().number_of(2).filter(|&d| is_day(d)) else {
                return Iso::Rest(scanner.next());
            };
            scanner.next();
            date.push(day);
        }
    }
    if matches!(scanner.peek(), Token::Word(Word::TimeMark, _)) {
        scanner.next();
        if read_iso_time(scanner, time, zone).is_none() {
            return Iso::Invalid;
        }
    } else if scanner.peek() != Token::End {
        return Iso::Rest(scanner.next());
    }
    // A date alone is UTC; a date and time without an offset is local time.
    if zone.is_empty() && time.is_empty() {
        zone.set_hours(0);
    }
    date.iso = true;
    Iso::Done
}

/// The ISO format's time after its `T`, to the end of the string; `None` if invalid.
fn read_iso_time<I: Iterator<Item = u16>>(
    scanner: &mut Scanner<I>,
    time: &mut TimeFields,
    zone: &mut ZoneFields,
) -> Option<()> {
    let hour = scanner.peek().number_of(2).filter(|h| (0..=24).contains(h))?;
    // 24:00, 24:00:00 and 24:00:00.000 are the end of the day; nothing else after 24.
    let end_of_day = hour == 24;
    scanner.next();
    time.push(hour);
    if !scanner.skip_symbol(b':') {
        return None;
    }
    let minute = scanner.peek().number_of(2).filter(|&m| is_minute(m) && !(end_of_day && m > 0))?;
    scanner.next();
    time.push(minute);
    if scanner.skip_symbol(b':') {
        let second = scanner.peek().number_of(2).filter(|&s| is_minute(s) && !(end_of_day && s > 0))?;
        scanner.next();
        time.push(second);
        if scanner.skip_symbol(b'.') {
            let Token::Number { value, digits } = scanner.peek() else { return None };
            if end_of_day && value > 0 {
                return None;
            }
            scanner.next();
            time.push(milliseconds(value, digits));
        }
    }
    if scanner.peek().is_z() {
        scanner.next();
        zone.set_hours(0);
    } else if let Token::Symbol(sign @ (b'+' | b'-')) = scanner.peek() {
        scanner.next();
        zone.sign = Some(if sign == b'+' { 1 } else { -1 });
        if let Some(hhmm) = scanner.peek().number_of(4) {
            scanner.next();
            let (hours, minutes) = (hhmm / 100, hhmm % 100);
            if !is_hour(hours) || !is_minute(minutes) {
                return None;
            }
            zone.hours = Some(hours);
            zone.minutes = Some(minutes);
        } else {
            let hours = scanner.peek().number_of(2).filter(|&h| is_hour(h))?;
            scanner.next();
            zone.hours = Some(hours);
            if !scanner.skip_symbol(b':') {
                return None;
            }
            let minutes = scanner.peek().number_of(2).filter(|&m| is_minute(m))?;
            scanner.next();
            zone.minutes = Some(minutes);
        }
    }
    (scanner.peek() == Token::End).then_some(())
}

/// Reads a date string into its fields, or `None` when V8 would answer NaN.
fn read<I: Iterator<Item = u16>>(units: I) -> Option<Fields> {
    let mut scanner = Scanner::new(units);
    let mut date = DateFields::default();
    let mut time = TimeFields::default();
    let mut zone = ZoneFields::default();
    let mut token = match read_iso(&mut scanner, &mut date, &mut time, &mut zone) {
        Iso::Invalid => return None,
        Iso::Done => Token::End,
        Iso::Rest(token) => token,
    };
    let mut seen_number = !date.is_empty();
    while token != Token::End {
        match token {
            Token::Number { value: n, .. } => {
                seen_number = true;
                if scanner.skip_symbol(b':') {
                    if scanner.skip_symbol(b':') {
                        // `n::`: hour and a zero minute.
                        if !time.is_empty() {
                            return None;
                        }
                        let pushed = time.push(n) && time.push(0);
                        debug_assert!(pushed, "an empty time takes two fields");
                    } else {
                        if !time.push(n) {
                            return None;
                        }
                        if scanner.peek() == Token::Symbol(b'.') {
                            scanner.next();
                        }
                    }
                } else if scanner.skip_symbol(b'.') && time.expects(n) {
                    // A minute or second, then the fraction's digits.
                    let pushed = time.push(n);
                    debug_assert!(pushed, "an expected field has room");
                    let Token::Number { value, digits } = scanner.peek() else { return None };
                    scanner.next();
                    // With the fields full (`h:m:s:ms.f`) V8 drops the fraction.
                    time.push_last(milliseconds(value, digits));
                } else if zone.expects(n) {
                    zone.minutes = Some(n);
                } else if time.expects(n) {
                    let pushed = time.push_last(n);
                    debug_assert!(pushed, "an expected field has room");
                    // The time's last field must end there.
                    let after = scanner.peek();
                    if !(matches!(after, Token::End | Token::Space) || after.is_z() || after.is_sign()) {
                        return None;
                    }
                } else {
                    if !date.push(n) {
                        return None;
                    }
                    scanner.skip_symbol(b'-');
                }
            }
            Token::Word(word, _) => match word {
                Word::Meridiem(hours) if !time.is_empty() => time.meridiem = Some(hours),
                Word::Month(month) => {
                    date.named_month = Some(month);
                    scanner.skip_symbol(b'-');
                }
                Word::Zone(hours) if seen_number => zone.set_hours(hours),
                _ => {
                    // Unknown words only before the first number, and apart from it.
                    if seen_number || matches!(scanner.peek(), Token::Number { .. }) {
                        return None;
                    }
                }
            },
            Token::Symbol(sign @ (b'+' | b'-')) if zone.is_utc() || !time.is_empty() => {
                // A numeric offset, after a UTC zone or a time: `+1`, `+01`, `+0100`,
                // `+01:00` (the minutes come as the next number).
                zone.sign = Some(if sign == b'+' { 1 } else { -1 });
                let (n, digits) = match scanner.peek() {
                    Token::Number { value, digits } => {
                        scanner.next();
                        (value, digits)
                    }
                    _ => (0, 0),
                };
                seen_number = true;
                if scanner.peek() == Token::Symbol(b':') {
                    zone.hours = Some(n);
                    zone.minutes = None;
                } else {
                    match digits {
                        1 | 2 => {
                            zone.hours = Some(n);
                            zone.minutes = Some(0);
                        }
                        3 | 4 => {
                            zone.hours = Some(n / 100);
                            zone.minutes = Some(n % 100);
                        }
                        _ => return None,
                    }
                }
            }
            Token::Symbol(b'+' | b'-' | b')') if seen_number => return None,
            _ => {}
        }
        token = scanner.next();
    }
    let (year, month, day) = date.resolve()?;
    let (hour, minute, second, millisecond) = time.resolve()?;
    let offset = zone.resolve()?;
    Some(Fields { year, month, day, hour, minute, second, millisecond, offset })
}

/// The time value V8's `Date.parse` gives the string of UTF-16 code units `units`: ms
/// since the epoch, or NaN.
pub(crate) fn parse(units: impl IntoIterator<Item = u16>) -> f64 {
    read(units.into_iter()).map_or(f64::NAN, Fields::time_value)
}

/// `Date.parse(string)`.
fn date_parse(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let text = args.first().cloned().unwrap_or_default().to_string(context)?;
    Ok(JsValue::from(parse(text.iter())))
}

/// `Date(…)` and `new Date(…)`: boa's constructor, with a string read by [`parse`].
fn date_constructor(
    new_target: &JsValue,
    args: &[JsValue],
    captures: &(JsObject, JsObject),
    context: &mut Context,
) -> JsResult<JsValue> {
    let (original, to_string) = captures;
    let Some(new_target) = new_target.as_object() else {
        // Called as a function: the current time as `toString` gives it (arguments are
        // ignored), with V8's zone name.
        let now = original.construct(&[], None, context)?;
        return to_string.call(&now.into(), &[], context);
    };
    let [value] = args else { return Ok(original.construct(args, Some(&new_target), context)?.into()) };
    if value.as_object().is_some_and(|o| JsDate::from_object(o.clone()).is_ok()) {
        return Ok(original.construct(args, Some(&new_target), context)?.into());
    }
    // Date(value): ToPrimitive; a string is parsed; anything else boa converts (ToNumber
    // of a primitive runs no code, and throws for a Symbol or BigInt as V8 does).
    let primitive = value.to_primitive(context, PreferredType::Default)?;
    let argument = match primitive.as_string() {
        Some(text) => JsValue::from(parse(text.iter())),
        None => primitive,
    };
    Ok(original.construct(&[argument], Some(&new_target), context)?.into())
}

/// Installs [`parse`] as `Date.parse` and the string-reading `Date` constructor. Run after
/// `date::register`, whose `toString` `Date()` uses.
pub(crate) fn register(context: &mut Context) -> JsResult<()> {
    let original = context.intrinsics().constructors().date().constructor();
    let prototype = context.intrinsics().constructors().date().prototype();
    let to_string = prototype
        .get(js_string!("toString"), context)?
        .as_object()
        .ok_or_else(|| js_error!(TypeError: "Date.prototype.toString is missing"))?;
    let parse = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(date_parse))
        .name(js_string!("parse"))
        .length(1)
        .build();
    let constructor = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(date_constructor, (original.clone(), to_string)),
    )
    .name(js_string!("Date"))
    .length(7)
    .constructor(true)
    .build();
    let constructor: JsObject = constructor.into();
    // V8's own properties, in its order: length, name (the builder's), prototype, now,
    // parse, UTC.
    super::define_new(
        &constructor,
        js_string!("prototype"),
        PropertyDescriptor::builder().value(prototype.clone()).writable(false).enumerable(false).configurable(false),
    );
    let method =
        |value: JsValue| PropertyDescriptor::builder().value(value).writable(true).enumerable(false).configurable(true);
    let now = original.get(js_string!("now"), context)?;
    let utc = original.get(js_string!("UTC"), context)?;
    super::define_new(&constructor, js_string!("now"), method(now));
    super::define_new(&constructor, js_string!("parse"), method(parse.clone().into()));
    super::define_new(&constructor, js_string!("UTC"), method(utc));
    // boa's constructor keeps its own `parse` reachable by nothing; it gets this one too.
    let replaced = original.insert_property(js_string!("parse"), method(parse.into()));
    assert!(replaced, "boa's Date has a parse");
    let replaced = prototype.insert_property(js_string!("constructor"), method(constructor.clone().into()));
    assert!(replaced, "Date.prototype has a constructor");
    let global = context.global_object();
    let key = PropertyKey::from(js_string!("Date"));
    let replaced = global.insert_property(key, method(constructor.into()));
    assert!(replaced, "the global object has Date");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> f64 {
        parse(s.encode_utf16())
    }

    /// `Date.parse` of each string in workerd 2026-11-17 (whose zone is UTC).
    const WORKERD: &[(&str, f64)] = &[
        ("2024-01-02", 1704153600000.0),
        ("2024-01-02T10:00:00Z", 1704189600000.0),
        ("2024-01-02T10:00", 1704189600000.0),
        ("2024-01-02T10:00:00.123456+05:30", 1704169800123.0),
        ("2024-01-02T24:00", 1704240000000.0),
        ("2024-01-02T24:00:01", f64::NAN),
        ("2024-01-02T10:00 GMT", f64::NAN),
        ("+002024-01-02", 1704153600000.0),
        ("-000000-01-01", 978307200000.0),
        ("-000001-01-01T00:00:00Z", -62198755200000.0),
        ("+275760-09-13T00:00:00.000Z", 8640000000000000.0),
        ("+275760-09-13T00:00:00.001Z", f64::NAN),
        ("-271821-04-20T00:00:00Z", -8640000000000000.0),
        ("-271821-04-19T23:00:00-01:00", -8640000000000000.0),
        ("2024-1-2", 1704153600000.0),
        ("2024-13-01", f64::NAN),
        ("2024-02-30", 1709251200000.0),
        ("2024-01-02 10:00:00", 1704189600000.0),
        ("2024-01-02 10:00:00.5", 1704189600500.0),
        ("2024-01-02 10:00:00 +0100", 1704186000000.0),
        ("2024-01-02 10:00:00-07:00", 1704214800000.0),
        ("2024/01/02", 1704153600000.0),
        ("2024/1/2 10:00", 1704189600000.0),
        ("Tue, 02 Jan 2024 10:00:00 GMT", 1704189600000.0),
        ("Tue, 02 Jan 2024 10:00:00 +0100", 1704186000000.0),
        ("Tue, 02 Jan 2024 10:00:00 EST", 1704207600000.0),
        ("Tue, 02 Jan 2024 10:00:00 PDT", 1704214800000.0),
        ("Tuesday, 02-Jan-24 10:00:00 GMT", 1704189600000.0),
        ("Tue Jan  2 10:00:00 2024", 1704189600000.0),
        ("Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)", 0.0),
        ("Mon Jan 01 2024 00:00:00 GMT-0800 (Pacific Standard Time)", 1704096000000.0),
        ("Jan 2 2024", 1704153600000.0),
        ("January 2, 2024", 1704153600000.0),
        ("2 Jan 2024", 1704153600000.0),
        ("Jan 2024", 1704067200000.0),
        ("Jan 2", 978393600000.0),
        ("jan 2 2024", 1704153600000.0),
        ("Janxyz 2 2024", 1704153600000.0),
        ("Ja 2 2024", f64::NAN),
        ("Feb 30 2024", 1709251200000.0),
        ("Jan 2 49", 2493158400000.0),
        ("Jan 2 50", -631065600000.0),
        ("Jan 32 2024", f64::NAN),
        ("Jan 2 2024 10:00 PM", 1704232800000.0),
        ("Jan 2 2024 12:00 AM", 1704153600000.0),
        ("Jan 2 2024 12:00 PM", 1704196800000.0),
        ("Jan 2 2024 13:00 PM", f64::NAN),
        ("Jan 2 2024 10PM", f64::NAN),
        ("Jan 2 2024 10:30:15.5 pm", 1704234615500.0),
        ("1/2/2024", 1704153600000.0),
        ("1/2/24", 1704153600000.0),
        ("1/2/99", 915235200000.0),
        ("13/1/2024", f64::NAN),
        ("1/2", 978393600000.0),
        ("1.2.2024", 1704153600000.0),
        ("1-2-2024", 1704153600000.0),
        ("1/2/2024 10:00:00.9999", 1704189600999.0),
        ("1/2/2024 10::", 1704189600000.0),
        ("1/2/2024 10:20 30", f64::NAN),
        ("1/2/2024 10:20x", f64::NAN),
        ("1/2/2024 10:20 +1", 1704187200000.0),
        ("1/2/2024 10:20 +123", 1704185820000.0),
        ("1/2/2024 10:20 +12345", f64::NAN),
        ("1/2/2024 10:20 +01:30", 1704185400000.0),
        ("1/2/2024 10:20 GMT-12", 1704234000000.0),
        ("1/2/2024 GMT+1", 1704150000000.0),
        ("1/2/2024 10:00 24:00", f64::NAN),
        ("1/2/2024 (comment) 10:00", 1704189600000.0),
        ("(x) 1/2/2024", 1704153600000.0),
        ("1/2/2024 )", f64::NAN),
        ("foo 1/2/2024", 1704153600000.0),
        ("foo1/2/2024", f64::NAN),
        ("1/2/2024 foo", f64::NAN),
        ("T 1/2/2024", 1704153600000.0),
        ("+1/2/2024", 1704153600000.0),
        ("1/2/2024 24:00", 1704240000000.0),
        ("1/2/2024 24:00:01", f64::NAN),
        ("1/2/2024 25:00", f64::NAN),
        ("1/2/2024 10:60", f64::NAN),
        ("", f64::NAN),
        (" ", f64::NAN),
        ("x", f64::NAN),
        ("2024", 1704067200000.0),
        ("1", 978307200000.0),
        ("10:00", f64::NAN),
        ("Jan 2 0000000002024", 1704153600000.0),
        ("2024-01-02T10:00:00.000123456789Z", 1704189600123.0),
        ("Jan 2 2024 10:00 GMT+1193047:", 1704187696000.0),
        ("Jan 2 2024 10:00 GMT+298262:", f64::NAN),
        ("2024-01-02\u{0}garbage", 1704153600000.0),
        ("2024-01-02\u{a0}", 1704153600000.0),
        ("2024-01-02\u{2028}", f64::NAN),
        ("Tue\u{3000}Jan 2 2024", 1704153600000.0),
        ("Sep 13 275760 00:00:01 GMT", f64::NAN),
        ("Jan 1 1000001", f64::NAN),
        ("12/31/9999 23:59:59.999", 253402300799999.0),
    ];

    #[test]
    fn reads_what_workerd_reads() {
        let wrong: Vec<String> = WORKERD
            .iter()
            .filter(|&&(input, expected)| {
                let actual = p(input);
                !(actual == expected || (actual.is_nan() && expected.is_nan()))
            })
            .map(|&(input, expected)| format!("{input:?}: {} (workerd {expected})", p(input)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn words_by_their_first_three_letters() {
        let word = |s: &str| {
            let mut scanner = Scanner::new(s.encode_utf16());
            scanner.next()
        };
        assert_eq!(word("SEPTEMBER"), Token::Word(Word::Month(9), 9));
        assert_eq!(word("Sep."), Token::Word(Word::Month(9), 3));
        assert_eq!(word("Se"), Token::Word(Word::Unknown, 2));
        assert_eq!(word("pm"), Token::Word(Word::Meridiem(12), 2));
        assert_eq!(word("pmx"), Token::Word(Word::Unknown, 3));
        assert_eq!(word("Z"), Token::Word(Word::Zone(0), 1));
        assert_eq!(word("UTC+1"), Token::Word(Word::Zone(0), 3));
        assert_eq!(word("utcx"), Token::Word(Word::Unknown, 4));
        assert_eq!(word("PDT"), Token::Word(Word::Zone(-7), 3));
        assert_eq!(word("t"), Token::Word(Word::TimeMark, 1));
        assert_eq!(word("Été"), Token::Word(Word::Unknown, 3));
        assert_eq!(word("\u{a0}Jan"), Token::Space);
        assert_eq!(word("(a (b) c) d"), Token::Other);
        assert_eq!(word("007"), Token::Number { value: 7, digits: 3 });
        assert_eq!(word("12345678901"), Token::Number { value: 123_456_789, digits: 11 });
        assert_eq!(word(""), Token::End);
        assert_eq!(word("\u{0}1"), Token::End);
    }

    #[test]
    fn fractions_keep_three_digits() {
        assert_eq!(milliseconds(5, 1), 500);
        assert_eq!(milliseconds(12, 2), 120);
        assert_eq!(milliseconds(123, 3), 123);
        assert_eq!(milliseconds(12_345, 5), 123);
        assert_eq!(milliseconds(1, 6), 0);
        // `.000123456789`: nine digits kept after the zeros, scaled as nine digits.
        assert_eq!(milliseconds(123_456_789, 12), 123);
    }

    #[test]
    fn lone_surrogates_are_word_characters() {
        assert!(parse([0xD800]).is_nan());
        let mut units: Vec<u16> = "1/2/2024 ".encode_utf16().collect();
        units.push(0xDC00);
        assert!(parse(units).is_nan(), "a word after a number");
    }

    #[test]
    fn days_from_the_epoch() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2024, 2, 30), days_from_civil(2024, 3, 1));
        assert_eq!(days_from_civil(-1, 12, 31), -719_529);
        assert_eq!(days_from_civil(275_760, 9, 13) * MS_PER_DAY, MAX_TIME);
        assert_eq!(days_from_civil(-271_821, 4, 20) * MS_PER_DAY, -MAX_TIME);
    }
}
