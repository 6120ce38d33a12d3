//! Dates of varying precision and the reporting periods a briefing covers.
//!
//! The event log records what the department knows: sometimes the exact day
//! of a visit, sometimes only its month or year. [`PartialDate`] keeps that
//! precision instead of inventing a day, and [`Period`] is the span a
//! briefing reports on (a year, a half, a quarter or a month), so deciding
//! whether an event belongs to the briefing is a plain span comparison.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::de::{self, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Field name under which the `toml` crate hands a TOML datetime to serde.
const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

/// Accepted spellings of a date, quoted in error messages.
const DATE_FORMS: &str = "write YYYY, YYYY-MM or YYYY-MM-DD (for example 2024, 2024-07 or 2024-07-31)";

/// The years yearbrief accepts, everywhere a year is written: dates and
/// periods in the data, the config's `year`, and `--year`. A department's log
/// has no business before 1900 or after 2100, so a year outside them is a
/// typo (`2204`, `0224`) caught where it is written.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// `year` when it lies in [`YEARS`], else a message saying so.
pub fn check_year(year: i64) -> Result<i32, String> {
    match i32::try_from(year) {
        Ok(year) if YEARS.contains(&year) => Ok(year),
        _ => Err(format!(
            "the year {year:04} is outside the years yearbrief accepts ({} to {}); check it for a typo",
            YEARS.start(),
            YEARS.end()
        )),
    }
}

/// Accepted spellings of a period, quoted in error messages.
const PERIOD_FORMS: &str = "write YYYY, YYYY-H1, YYYY-H2, YYYY-Q1 to YYYY-Q4 or YYYY-MM \
     (for example 2024, 2024-H1, 2024-Q3 or 2024-07)";

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year is known.
    Year,
    /// The year and month are known.
    Month,
    /// The exact day is known.
    Day,
}

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting dates that do not exist.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let text = text.trim();
        let syntax_error = || match usual_mistake(text) {
            Some(advice) => advice,
            None => format!("\"{text}\" is not a date; {DATE_FORMS}"),
        };
        let parts: Vec<&str> = text.split('-').collect();
        let (year, month, day) = match parts.as_slice() {
            [y] => (digits(y, 4), Some(None), Some(None)),
            [y, m] => (digits(y, 4), digits(m, 2).map(Some), Some(None)),
            [y, m, d] => (digits(y, 4), digits(m, 2).map(Some), digits(d, 2).map(Some)),
            _ => return Err(syntax_error()),
        };
        match (year, month, day) {
            (Some(year), Some(month), Some(day)) => {
                let year = i32::try_from(year).map_err(|_| syntax_error())?;
                PartialDate::new(year, month, day)
            }
            _ => Err(syntax_error()),
        }
    }

    /// Builds a date from its parts, checking that the month and day exist.
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Result<PartialDate, String> {
        let year = check_year(i64::from(year))?;
        // Written out only for a message: a valid date costs no formatting.
        let written = || PartialDate { year, month, day }.to_string();
        let Some(m) = month else {
            return match day {
                Some(_) => {
                    Err(format!("a day needs a month; {DATE_FORMS} (got year {year} and a day without a month)"))
                }
                None => Ok(PartialDate { year, month, day }),
            };
        };
        if !(1..=12).contains(&m) {
            return Err(format!("month {m:02} is out of range in {}; months run from 01 to 12", written()));
        }
        if let Some(d) = day {
            if d == 0 {
                return Err(format!("day 00 is out of range in {}; days start at 01", written()));
            }
            let length = days_in_month(year, m);
            if d > length {
                return Err(if m == 2 && d == 29 {
                    format!("{} is not a real date ({year} is not a leap year)", written())
                } else {
                    format!("{} is not a real date ({} {year} has {length} days)", written(), month_en(m))
                });
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// Wraps an exact calendar day.
    pub fn from_naive(date: NaiveDate) -> PartialDate {
        PartialDate { year: date.year(), month: Some(date.month()), day: Some(date.day()) }
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month (1–12), when known.
    pub fn month(&self) -> Option<u32> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<u32> {
        self.day
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The earliest day the date may mean (2024-07 → 2024-07-01).
    pub fn first_day(&self) -> NaiveDate {
        ymd(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The latest day the date may mean (2024-02 → 2024-02-29).
    pub fn last_day(&self) -> NaiveDate {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        ymd(self.year, month, day)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PartialDate::parse(text)
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.first_day().cmp(&other.first_day()).then(self.precision().cmp(&other.precision()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PartialDateVisitor)
    }
}

/// Accepts a date as a string, a year as an integer, or a TOML local date.
struct PartialDateVisitor;

impl<'de> Visitor<'de> for PartialDateVisitor {
    type Value = PartialDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date written as YYYY, YYYY-MM or YYYY-MM-DD, or a year as an integer")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        PartialDate::parse(text).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        let year = year_from_integer(value).map_err(E::custom)?;
        PartialDate::new(year, None, None).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        let value = i64::try_from(value).unwrap_or(i64::MAX);
        self.visit_i64(value)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let key: Option<String> = map.next_key()?;
        if key.as_deref() != Some(TOML_DATETIME_FIELD) {
            return Err(de::Error::invalid_type(Unexpected::Map, &self));
        }
        let text: String = map.next_value()?;
        if text.contains([':', 'T', 't', ' ']) {
            return Err(de::Error::custom(format!(
                "{text} has a time of day; a date here is just the day, so {DATE_FORMS}"
            )));
        }
        PartialDate::parse(&text).map_err(de::Error::custom)
    }
}

/// A span a briefing reports on.
///
/// Values built by [`Period::parse`] are always valid; a variant built by
/// hand with an index out of range (a half other than 1–2, a quarter other
/// than 1–4, a month other than 1–12) is treated as the nearest valid one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A calendar year.
    Year(i32),
    /// Half `1` (January–June) or `2` (July–December) of a year.
    Half(i32, u8),
    /// Quarter `1`–`4` of a year.
    Quarter(i32, u8),
    /// Month `1`–`12` of a year.
    Month(i32, u8),
}

impl Period {
    /// Parses `2024`, `2024-H1`/`2024-H2`, `2024-Q1`..`2024-Q4` or `2024-07`.
    pub fn parse(text: &str) -> Result<Period, String> {
        let text = text.trim();
        let syntax_error = || format!("\"{text}\" is not a reporting period; {PERIOD_FORMS}");
        let (year_text, rest) = match text.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => (text, None),
        };
        let year = digits(year_text, 4).ok_or_else(syntax_error)?;
        let year = check_year(i64::from(year))?;
        let Some(rest) = rest else {
            return Ok(Period::Year(year));
        };
        let (kind, number) = match rest.as_bytes().first() {
            Some(b'h' | b'H') => ('H', digits(&rest[1..], 1)),
            Some(b'q' | b'Q') => ('Q', digits(&rest[1..], 1)),
            _ => ('M', digits(rest, 2)),
        };
        let number = number.ok_or_else(syntax_error)?;
        let index = u8::try_from(number).map_err(|_| syntax_error())?;
        match kind {
            'H' if (1..=2).contains(&index) => Ok(Period::Half(year, index)),
            'H' => Err(format!("half-year H{index} is out of range in \"{text}\"; use H1 or H2")),
            'Q' if (1..=4).contains(&index) => Ok(Period::Quarter(year, index)),
            'Q' => Err(format!("quarter Q{index} is out of range in \"{text}\"; use Q1 to Q4")),
            _ if (1..=12).contains(&index) => Ok(Period::Month(year, index)),
            _ => Err(format!("month {index:02} is out of range in \"{text}\"; months run from 01 to 12")),
        }
    }

    /// The calendar year the period lies in.
    pub fn year(&self) -> i32 {
        match *self {
            Period::Year(year) | Period::Half(year, _) | Period::Quarter(year, _) | Period::Month(year, _) => year,
        }
    }

    /// The first day of the period.
    pub fn first_day(&self) -> NaiveDate {
        let (first, _) = self.month_span();
        ymd(self.year(), first, 1)
    }

    /// The last day of the period.
    pub fn last_day(&self) -> NaiveDate {
        let (_, last) = self.month_span();
        ymd(self.year(), last, days_in_month(self.year(), last))
    }

    /// The same span one year earlier (2024-H1 → 2023-H1).
    pub fn same_period_previous_year(&self) -> Period {
        self.same_period_years_later(-1)
    }

    /// The same span `years` later, or earlier for a negative number
    /// (2024-H1 and 1 → 2025-H1).
    pub fn same_period_years_later(&self, years: i32) -> Period {
        let shift = |year: i32| year.saturating_add(years);
        match *self {
            Period::Year(year) => Period::Year(shift(year)),
            Period::Half(year, h) => Period::Half(shift(year), h),
            Period::Quarter(year, q) => Period::Quarter(shift(year), q),
            Period::Month(year, m) => Period::Month(shift(year), m),
        }
    }

    /// Whether the period is a whole calendar year.
    pub fn is_year(&self) -> bool {
        matches!(self, Period::Year(_))
    }

    /// First and last month (1–12) of the period, clamping stray indices.
    fn month_span(&self) -> (u32, u32) {
        match *self {
            Period::Year(_) => (1, 12),
            Period::Half(_, h) => {
                let h = u32::from(h.clamp(1, 2));
                (6 * h - 5, 6 * h)
            }
            Period::Quarter(_, q) => {
                let q = u32::from(q.clamp(1, 4));
                (3 * q - 2, 3 * q)
            }
            Period::Month(_, m) => {
                let m = u32::from(m.clamp(1, 12));
                (m, m)
            }
        }
    }

    /// Sort key: start, then coarser spans first, then the raw fields.
    fn sort_key(&self) -> (NaiveDate, u8, i32, u8) {
        let (rank, index) = match *self {
            Period::Year(_) => (0, 0),
            Period::Half(_, h) => (1, h),
            Period::Quarter(_, q) => (2, q),
            Period::Month(_, m) => (3, m),
        };
        (self.first_day(), rank, self.year(), index)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Year(year) => write!(f, "{year:04}"),
            Period::Half(year, h) => write!(f, "{year:04}-H{h}"),
            Period::Quarter(year, q) => write!(f, "{year:04}-Q{q}"),
            Period::Month(year, m) => write!(f, "{year:04}-{m:02}"),
        }
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Period::parse(text)
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PeriodVisitor)
    }
}

/// Accepts a period as a string or a year as an integer.
struct PeriodVisitor;

impl<'de> Visitor<'de> for PeriodVisitor {
    type Value = Period;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a reporting period such as 2024, 2024-H1, 2024-Q3 or 2024-07")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Period::parse(text).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        year_from_integer(value).map(Period::Year).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        let value = i64::try_from(value).unwrap_or(i64::MAX);
        self.visit_i64(value)
    }
}

/// Today's date in UTC, the reference for `year = "previous"`.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The last calendar year that has ended by `today`.
pub fn previous_completed_year(today: NaiveDate) -> i32 {
    today.year() - 1
}

/// The value of `text` when it is exactly `len` ASCII digits.
/// What to write instead of a date written the usual wrong ways: day first
/// (`25/03/2025`, as dates are written in Viet Nam) or without leading zeros
/// (`2025-3-5`). `None` for anything else, or when the date would not exist.
fn usual_mistake(text: &str) -> Option<String> {
    let number = |part: &str, max_len: usize| {
        (!part.is_empty() && part.len() <= max_len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (year, month, day, how) = if let [y, m, d] = text.split('-').collect::<Vec<_>>()[..] {
        (
            number(y, 4).filter(|_| y.len() == 4)?,
            number(m, 2)?,
            number(d, 2)?,
            "needs two digits for the month and the day",
        )
    } else {
        let parts: Vec<&str> = text.split(['/', '.']).collect();
        let [d, m, y] = parts[..] else { return None };
        let year = number(y, 4).filter(|_| y.len() == 4)?;
        (year, number(m, 2)?, number(d, 2)?, "is written day first")
    };
    let date = PartialDate::new(i32::try_from(year).ok()?, Some(month), Some(day)).ok()?;
    Some(format!("\"{text}\" {how}; write {date} (year-month-day)"))
}

fn digits(text: &str, len: usize) -> Option<u32> {
    if text.len() == len && text.bytes().all(|b| b.is_ascii_digit()) { text.parse().ok() } else { None }
}

/// A year given as an integer, which must lie in [`YEARS`].
fn year_from_integer(value: i64) -> Result<i32, String> {
    check_year(value)
}

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// English name of `month` (1–12) for messages (the report's own wording
/// is in the locale).
pub fn month_en(month: u32) -> &'static str {
    u8::try_from(month).ok().and_then(|m| chrono::Month::try_from(m).ok()).map_or("month", |m| m.name())
}

/// The given day, or the nearest representable date when it does not exist.
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if year < 0 { NaiveDate::MIN } else { NaiveDate::MAX })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_date_written_day_first_or_without_zeros_gets_the_date_to_write() {
        let message = |text: &str| super::PartialDate::parse(text).unwrap_err();
        assert_eq!(message("25/03/2025"), "\"25/03/2025\" is written day first; write 2025-03-25 (year-month-day)");
        assert_eq!(message("5.3.2025"), "\"5.3.2025\" is written day first; write 2025-03-05 (year-month-day)");
        assert_eq!(
            message("2025-3-5"),
            "\"2025-3-5\" needs two digits for the month and the day; write 2025-03-05 (year-month-day)"
        );
        assert!(
            message("31/02/2025").starts_with("\"31/02/2025\" is not a date"),
            "no advice for a date that does not exist"
        );
        assert!(message("25/03/25").starts_with("\"25/03/25\" is not a date"));
    }

    use super::*;
    use serde::Deserialize;

    fn date(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn period(text: &str) -> Period {
        Period::parse(text).unwrap()
    }

    #[test]
    fn parses_the_three_precisions() {
        let y = date("2024");
        assert_eq!((y.year(), y.month(), y.day()), (2024, None, None));
        assert_eq!(y.precision(), Precision::Year);
        let m = date("2024-07");
        assert_eq!((m.year(), m.month(), m.day()), (2024, Some(7), None));
        assert_eq!(m.precision(), Precision::Month);
        let d = date("2024-07-31");
        assert_eq!((d.year(), d.month(), d.day()), (2024, Some(7), Some(31)));
        assert_eq!(d.precision(), Precision::Day);
        assert_eq!(date(" 2024-07 "), m);
        assert_eq!("2024-07-31".parse::<PartialDate>(), Ok(d));
    }

    #[test]
    fn rejects_malformed_dates_listing_the_accepted_forms() {
        for bad in [
            "",
            "24",
            "20245",
            "2024-7",
            "2024/07/01",
            "2024-07-01-01",
            "abcd",
            "2024-",
            "-2024",
            "2024-07-",
            "+024",
            "２０２４",
        ] {
            let err = PartialDate::parse(bad).unwrap_err();
            assert!(err.contains("YYYY, YYYY-MM or YYYY-MM-DD"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn rejects_impossible_dates_saying_why() {
        assert_eq!(
            PartialDate::parse("2023-02-29").unwrap_err(),
            "2023-02-29 is not a real date (2023 is not a leap year)"
        );
        assert_eq!(
            PartialDate::parse("2024-13").unwrap_err(),
            "month 13 is out of range in 2024-13; months run from 01 to 12"
        );
        assert_eq!(
            PartialDate::parse("2024-00-10").unwrap_err(),
            "month 00 is out of range in 2024-00-10; months run from 01 to 12"
        );
        assert_eq!(
            PartialDate::parse("2024-04-31").unwrap_err(),
            "2024-04-31 is not a real date (April 2024 has 30 days)"
        );
        assert_eq!(
            PartialDate::parse("2024-01-32").unwrap_err(),
            "2024-01-32 is not a real date (January 2024 has 31 days)"
        );
        assert_eq!(
            PartialDate::parse("2024-05-00").unwrap_err(),
            "day 00 is out of range in 2024-05-00; days start at 01"
        );
        assert!(PartialDate::parse("1900-02-29").is_err());
        assert!(PartialDate::parse("2000-02-29").is_ok());
        assert!(PartialDate::parse("2024-02-29").is_ok());
    }

    #[test]
    fn new_checks_its_parts() {
        assert_eq!(PartialDate::new(2024, Some(7), None), Ok(date("2024-07")));
        assert!(PartialDate::new(2024, None, Some(3)).unwrap_err().contains("a day needs a month"));
        assert!(PartialDate::new(2024, Some(2), Some(30)).is_err());
        assert_eq!(
            PartialDate::new(1_000_000, None, None).unwrap_err(),
            "the year 1000000 is outside the years yearbrief accepts (1900 to 2100); check it for a typo"
        );
    }

    #[test]
    fn first_and_last_day_cover_the_whole_span() {
        assert_eq!(date("2024").first_day(), day(2024, 1, 1));
        assert_eq!(date("2024").last_day(), day(2024, 12, 31));
        assert_eq!(date("2024-02").first_day(), day(2024, 2, 1));
        assert_eq!(date("2024-02").last_day(), day(2024, 2, 29));
        assert_eq!(date("2023-02").last_day(), day(2023, 2, 28));
        assert_eq!(date("2024-04").last_day(), day(2024, 4, 30));
        assert_eq!(date("2024-07-31").first_day(), day(2024, 7, 31));
        assert_eq!(date("2024-07-31").last_day(), day(2024, 7, 31));
    }

    #[test]
    fn from_naive_is_day_precise() {
        let d = PartialDate::from_naive(day(2023, 12, 31));
        assert_eq!(d, date("2023-12-31"));
        assert_eq!(d.precision(), Precision::Day);
    }

    #[test]
    fn displays_as_written() {
        for text in ["2024", "2024-07", "2024-07-05", "1999-01-01"] {
            assert_eq!(date(text).to_string(), text);
        }
    }

    #[test]
    fn orders_by_first_day_then_coarser_first() {
        let mut dates = [
            date("2024-02-01"),
            date("2024-01-01"),
            date("2023-12-31"),
            date("2024-01"),
            date("2024"),
            date("2024-02"),
        ];
        dates.sort();
        let written: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(written, ["2023-12-31", "2024", "2024-01", "2024-01-01", "2024-02", "2024-02-01"]);
        assert!(Precision::Year < Precision::Month && Precision::Month < Precision::Day);
    }

    #[derive(Deserialize)]
    struct Event {
        date: PartialDate,
    }

    fn from_toml(text: &str) -> Result<PartialDate, String> {
        toml::from_str::<Event>(text).map(|e| e.date).map_err(|e| e.to_string())
    }

    #[test]
    fn deserializes_from_toml_string_integer_and_local_date() {
        assert_eq!(from_toml("date = 2024-07-31"), Ok(date("2024-07-31")));
        assert_eq!(from_toml("date = \"2024-07-31\""), Ok(date("2024-07-31")));
        assert_eq!(from_toml("date = \"2024-07\""), Ok(date("2024-07")));
        assert_eq!(from_toml("date = 2024"), Ok(date("2024")));
    }

    #[test]
    fn deserializes_inside_toml_spanned() {
        #[derive(Deserialize)]
        struct Spanned {
            date: toml::Spanned<PartialDate>,
        }
        for (text, expected) in
            [("date = 2024-07-31", "2024-07-31"), ("date = \"2024-07\"", "2024-07"), ("date = 2024", "2024")]
        {
            let parsed: Spanned = toml::from_str(text).unwrap();
            assert_eq!(*parsed.date.get_ref(), date(expected), "{text}");
            assert_eq!(parsed.date.span(), 7..text.len(), "{text}");
        }
    }

    #[test]
    fn one_year_range_for_dates_periods_and_integers() {
        for bad in ["0000-01-01", "9999-12-31", "1899-12-31", "2101"] {
            assert!(PartialDate::parse(bad).unwrap_err().contains("1900 to 2100"), "{bad}");
        }
        for bad in ["0001", "2101-H1", "1899-Q4"] {
            assert!(Period::parse(bad).unwrap_err().contains("1900 to 2100"), "{bad}");
        }
        assert!(PartialDate::parse("1900-01-01").is_ok());
        assert!(PartialDate::parse("2100-12-31").is_ok());
        assert_eq!(year_from_integer(2100), Ok(2100));
        assert!(year_from_integer(1899).is_err());
    }

    #[test]
    fn toml_deserialization_reports_bad_dates() {
        let err = from_toml("date = \"2023-02-29\"").unwrap_err();
        assert!(err.contains("2023 is not a leap year"), "{err}");
        let err = from_toml("date = 2024-07-31T10:00:00").unwrap_err();
        assert!(err.contains("has a time of day"), "{err}");
        let err = from_toml("date = 10:00:00").unwrap_err();
        assert!(err.contains("has a time of day"), "{err}");
        let err = from_toml("date = 24").unwrap_err();
        assert!(err.contains("the year 0024 is outside the years yearbrief accepts (1900 to 2100)"), "{err}");
        let err = from_toml("date = { year = 2024 }").unwrap_err();
        assert!(err.contains("YYYY, YYYY-MM or YYYY-MM-DD"), "{err}");
        let err = from_toml("date = true").unwrap_err();
        assert!(err.contains("YYYY, YYYY-MM or YYYY-MM-DD"), "{err}");
    }

    #[test]
    fn json_round_trip_uses_the_string() {
        let d = date("2024-07");
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2024-07\"");
        assert_eq!(serde_json::from_str::<PartialDate>("\"2024-07\"").unwrap(), d);
        assert_eq!(serde_json::from_str::<PartialDate>("2024").unwrap(), date("2024"));
        assert!(serde_json::from_str::<PartialDate>("-2024").is_err());
        assert!(serde_json::from_str::<PartialDate>("18446744073709551615").is_err());
    }

    #[test]
    fn parses_every_period_form() {
        assert_eq!(period("2024"), Period::Year(2024));
        assert_eq!(period("2024-H1"), Period::Half(2024, 1));
        assert_eq!(period("2024-h2"), Period::Half(2024, 2));
        assert_eq!(period("2024-Q1"), Period::Quarter(2024, 1));
        assert_eq!(period("2024-q4"), Period::Quarter(2024, 4));
        assert_eq!(period("2024-07"), Period::Month(2024, 7));
        assert_eq!(period(" 2024-12 "), Period::Month(2024, 12));
        assert_eq!("2024-Q3".parse::<Period>(), Ok(Period::Quarter(2024, 3)));
    }

    #[test]
    fn rejects_bad_periods_clearly() {
        assert_eq!(Period::parse("2024-H3").unwrap_err(), "half-year H3 is out of range in \"2024-H3\"; use H1 or H2");
        assert_eq!(Period::parse("2024-Q0").unwrap_err(), "quarter Q0 is out of range in \"2024-Q0\"; use Q1 to Q4");
        assert_eq!(
            Period::parse("2024-13").unwrap_err(),
            "month 13 is out of range in \"2024-13\"; months run from 01 to 12"
        );
        for bad in [
            "",
            "24",
            "2024-",
            "2024-7",
            "2024-H",
            "2024-H12",
            "2024-Q10",
            "2024-S1",
            "2024-07-01",
            "H1-2024",
            "2024 H1",
            "2024-é",
        ] {
            let err = Period::parse(bad).unwrap_err();
            assert!(err.contains("YYYY-H1, YYYY-H2, YYYY-Q1 to YYYY-Q4"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn period_bounds() {
        let cases = [
            ("2024", day(2024, 1, 1), day(2024, 12, 31)),
            ("2024-H1", day(2024, 1, 1), day(2024, 6, 30)),
            ("2024-H2", day(2024, 7, 1), day(2024, 12, 31)),
            ("2024-Q1", day(2024, 1, 1), day(2024, 3, 31)),
            ("2024-Q2", day(2024, 4, 1), day(2024, 6, 30)),
            ("2024-Q3", day(2024, 7, 1), day(2024, 9, 30)),
            ("2024-Q4", day(2024, 10, 1), day(2024, 12, 31)),
            ("2024-02", day(2024, 2, 1), day(2024, 2, 29)),
            ("2023-02", day(2023, 2, 1), day(2023, 2, 28)),
            ("2024-11", day(2024, 11, 1), day(2024, 11, 30)),
        ];
        for (text, first, last) in cases {
            let p = period(text);
            assert_eq!((p.first_day(), p.last_day()), (first, last), "{text}");
            assert_eq!(p.year(), first.year(), "{text}");
        }
    }

    #[test]
    fn hand_built_out_of_range_indices_are_clamped() {
        assert_eq!(Period::Half(2024, 7).first_day(), day(2024, 7, 1));
        assert_eq!(Period::Quarter(2024, 0).last_day(), day(2024, 3, 31));
        assert_eq!(Period::Month(2024, 99).last_day(), day(2024, 12, 31));
        assert_eq!(Period::Year(i32::MAX).first_day(), NaiveDate::MAX);
    }

    #[test]
    fn previous_year_keeps_the_span() {
        assert_eq!(period("2024").same_period_previous_year(), period("2023"));
        assert_eq!(period("2024-H2").same_period_previous_year(), period("2023-H2"));
        assert_eq!(period("2024-Q1").same_period_previous_year(), period("2023-Q1"));
        assert_eq!(period("2024-02").same_period_previous_year(), period("2023-02"));
    }

    #[test]
    fn is_year_only_for_years() {
        assert!(period("2024").is_year());
        assert!(!period("2024-H1").is_year());
        assert!(!period("2024-Q1").is_year());
        assert!(!period("2024-01").is_year());
    }

    #[test]
    fn period_display_is_canonical() {
        assert_eq!(period("2024-h1").to_string(), "2024-H1");
        assert_eq!(period("2024-q3").to_string(), "2024-Q3");
        assert_eq!(period("2024-07").to_string(), "2024-07");
        assert_eq!(period("2024").to_string(), "2024");
    }

    #[test]
    fn periods_sort_by_start_then_coarser_first() {
        let mut periods: Vec<Period> =
            ["2024-07", "2024-Q3", "2024-H2", "2024", "2024-01", "2023-H2"].into_iter().map(period).collect();
        periods.sort();
        let written: Vec<String> = periods.iter().map(ToString::to_string).collect();
        assert_eq!(written, ["2023-H2", "2024", "2024-01", "2024-H2", "2024-Q3", "2024-07"]);
    }

    #[derive(Deserialize)]
    struct Config {
        period: Period,
    }

    #[test]
    fn period_serde() {
        let from = |text: &str| toml::from_str::<Config>(text).map(|c| c.period);
        assert_eq!(from("period = \"2024-H1\"").unwrap(), Period::Half(2024, 1));
        assert_eq!(from("period = 2024").unwrap(), Period::Year(2024));
        let err = from("period = \"2024-H3\"").unwrap_err().to_string();
        assert!(err.contains("use H1 or H2"), "{err}");
        assert_eq!(serde_json::to_string(&Period::Quarter(2024, 3)).unwrap(), "\"2024-Q3\"");
        assert_eq!(serde_json::from_str::<Period>("\"2024-q3\"").unwrap(), Period::Quarter(2024, 3));
        assert_eq!(serde_json::from_str::<Period>("2024").unwrap(), Period::Year(2024));
        assert!(serde_json::from_str::<Period>("99999").is_err());
    }

    #[test]
    fn previous_completed_year_is_last_calendar_year() {
        assert_eq!(previous_completed_year(day(2025, 1, 1)), 2024);
        assert_eq!(previous_completed_year(day(2024, 12, 31)), 2023);
    }
}
