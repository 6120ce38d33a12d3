//! Number, money and date formatting for each language.
//!
//! The briefing is printed in English and in Vietnamese, and the two differ
//! in more than words: Vietnamese groups thousands with `.` and writes
//! decimals with `,`, puts the currency after the amount, counts money in
//! triệu and tỷ, and writes dates as `31/12/2023`. Keeping every such rule
//! here lets the rest of the tool stay language-neutral.
//!
//! Choices made here:
//! - negative numbers use U+2212 MINUS SIGN, never a hyphen;
//! - rounding is half away from zero on the number as written in decimal
//!   (4.35 rounds to 4.4), not on its binary approximation;
//! - a bare year is written `2024` in both languages (not `năm 2024`), so it
//!   fits a table cell; running text adds `năm` itself where it needs it;
//! - Vietnamese phrases such as `tháng 7/2024` are lower-case; capitalising
//!   the start of a sentence or cell is the template's job;
//! - a value that is not a finite number is written `—` (NaN) or `∞`/`−∞`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::i18n::{self, Lang};
use crate::period::{PartialDate, Period, Precision};

/// U+2212 MINUS SIGN, written before negative numbers.
const MINUS: char = '\u{2212}';

/// Every active ISO 4217 currency with the digits of its minor unit, from
/// `i18n/currencies.tsv`. Withdrawn codes (ANG, CUC, HRK, SLL, ZWL) and codes
/// without a minor unit (precious metals, XDR, XSU, XUA, test and no-currency
/// codes) are left out.
fn currencies() -> &'static HashMap<&'static str, u8> {
    static CURRENCIES: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
    CURRENCIES.get_or_init(|| {
        include_str!("../i18n/currencies.tsv")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .map(|line| {
                let (code, digits) = line.split_once('\t').expect("i18n/currencies.tsv: code, tab, digits");
                (code, digits.parse().expect("i18n/currencies.tsv: digits are a number"))
            })
            .collect()
    })
}

/// Whether `code` is an active ISO 4217 currency code (upper case).
pub fn is_currency(code: &str) -> bool {
    currency_minor_digits(code).is_some()
}

/// Digits after the decimal point in the currency's minor unit (VND 0, USD 2).
pub fn currency_minor_digits(code: &str) -> Option<u8> {
    currencies().get(code).copied()
}

/// A number split into decimal digits, already rounded.
struct Digits {
    negative: bool,
    integer: Vec<u8>,
    fraction: Vec<u8>,
}

impl Digits {
    /// `value` rounded half away from zero to at most `max_fraction` digits.
    ///
    /// Works on the shortest decimal that reads back as `value`, so a number
    /// typed as 4.35 rounds like 4.35 and not like its binary neighbour.
    fn round(value: f64, max_fraction: usize) -> Digits {
        let written = format!("{}", value.abs());
        let (int_text, frac_text) = written.split_once('.').unwrap_or((&written, ""));
        let mut integer: Vec<u8> = int_text.bytes().map(|b| b - b'0').collect();
        let mut fraction: Vec<u8> = frac_text.bytes().map(|b| b - b'0').collect();
        if fraction.len() > max_fraction {
            let round_up = fraction[max_fraction] >= 5;
            fraction.truncate(max_fraction);
            if round_up && !increment(&mut fraction) && !increment(&mut integer) {
                integer.insert(0, 1);
            }
        }
        Digits { negative: value.is_sign_negative(), integer, fraction }
    }

    /// Drops trailing zeros after the decimal point.
    fn trim(mut self) -> Digits {
        while self.fraction.last() == Some(&0) {
            self.fraction.pop();
        }
        self
    }

    /// Whether every digit is zero.
    fn is_zero(&self) -> bool {
        self.integer.iter().chain(&self.fraction).all(|&d| d == 0)
    }

    /// Writes the digits with the language's separators and a minus sign.
    fn render(&self, lang: Lang) -> String {
        let (group, point) = match lang {
            Lang::En => (',', '.'),
            Lang::Vi => ('.', ','),
        };
        let mut out = String::new();
        if self.negative && !self.is_zero() {
            out.push(MINUS);
        }
        let len = self.integer.len();
        for (i, d) in self.integer.iter().enumerate() {
            if i > 0 && (len - i).is_multiple_of(3) {
                out.push(group);
            }
            out.push(char::from(b'0' + d));
        }
        if !self.fraction.is_empty() {
            out.push(point);
            out.extend(self.fraction.iter().map(|d| char::from(b'0' + d)));
        }
        out
    }
}

/// Adds one to the last digit, carrying; returns false when it carries out.
fn increment(digits: &mut [u8]) -> bool {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return true;
        }
    }
    false
}

/// How a value that is not a finite number is written.
fn non_finite(value: f64) -> Option<String> {
    if value.is_nan() {
        Some("—".to_string())
    } else if value.is_infinite() {
        Some(if value < 0.0 { format!("{MINUS}∞") } else { "∞".to_string() })
    } else {
        None
    }
}

/// A number rounded to at most `max_fraction_digits` decimals, trailing zeros dropped.
pub fn format_decimal(value: f64, max_fraction_digits: usize, lang: Lang) -> String {
    non_finite(value).unwrap_or_else(|| Digits::round(value, max_fraction_digits).trim().render(lang))
}

/// A count or amount: whole numbers without decimals, others with up to two.
pub fn format_number(value: f64, lang: Lang) -> String {
    format_decimal(value, 2, lang)
}

/// A percentage given in percent (12.5 → `12.5%` / `12,5%`), one decimal at most.
pub fn format_percent(value: f64, lang: Lang) -> String {
    format!("{}%", format_decimal(value, 1, lang))
}

/// A change with its sign: `+208`, `−5`, `0`.
pub fn format_signed(value: f64, lang: Lang) -> String {
    let text = format_number(value, lang);
    if text.starts_with(MINUS) || text == "0" || value.is_nan() { text } else { format!("+{text}") }
}

/// An amount of money in full: `USD 2,800,000` (en), `2.800.000 USD` (vi).
///
/// Decimals appear, as many as the currency's minor unit has, only when the
/// amount is not whole; an unknown currency code is written as given and
/// treated as having two decimals. In Vietnamese, VND is written `đồng`.
pub fn format_money(value: f64, currency: &str, lang: Lang) -> String {
    let amount = non_finite(value).unwrap_or_else(|| {
        let minor = usize::from(currency_minor_digits(currency).unwrap_or(2));
        let mut digits = Digits::round(value, minor);
        if digits.fraction.iter().all(|&d| d == 0) {
            digits.fraction.clear();
        } else {
            digits.fraction.resize(minor, 0);
        }
        digits.render(lang)
    });
    with_currency(&amount, currency, lang)
}

/// An amount of money shortened to millions, billions or trillions.
///
/// `USD 8.9 million`, `VND 65.7 billion` (en); `8,9 triệu USD`, `65,7 tỷ
/// đồng` (vi). Amounts under a million are written in full as by
/// [`format_money`]. One decimal is kept below 100 units and none from 100 up.
pub fn format_money_compact(value: f64, currency: &str, lang: Lang) -> String {
    let units: [(f64, &str); 3] = [
        (1e6, i18n::text(lang, "money.million")),
        (1e9, i18n::text(lang, "money.billion")),
        (1e12, i18n::text(lang, "money.trillion")),
    ];
    if !value.is_finite() || value.abs() < units[0].0 {
        return format_money(value, currency, lang);
    }
    let mut index = units.iter().rposition(|(scale, _)| value.abs() >= *scale).unwrap_or(0);
    let decimals = |scaled: f64| if scaled.abs() >= 100.0 { 0 } else { 1 };
    let mut scaled = value / units[index].0;
    if index + 1 < units.len() && Digits::round(scaled, decimals(scaled)).integer.len() > 3 {
        index += 1;
        scaled = value / units[index].0;
    }
    let number = format_decimal(scaled, decimals(scaled), lang);
    i18n::fill(
        lang,
        "money.compact",
        &[("amount", &number), ("scale", units[index].1), ("currency", currency_name(currency, lang))],
    )
}

/// The word for a figure's qualifier, by its name in the data (`nearly`
/// → `nearly`, `gần`); empty for `exact` and for a name the catalogue lacks.
pub fn qualifier_word(qualifier: &str, lang: Lang) -> &'static str {
    i18n::lookup(lang, &format!("qualifier.{qualifier}")).unwrap_or_default()
}

/// A value with its qualifier, in money when a currency is given:
/// `nearly 400`, `over USD 213 million` / `gần 400`, `hơn 213 triệu USD`.
pub fn format_figure(value: f64, qualifier: &str, currency: Option<&str>, lang: Lang) -> String {
    let amount = match currency {
        Some(code) => format_money_compact(value, code, lang),
        None => format_number(value, lang),
    };
    match qualifier_word(qualifier, lang) {
        "" => amount,
        word => format!("{word} {amount}"),
    }
}

/// A change with its sign, in money when a currency is given: `+208`,
/// `−USD 1.2 million`.
pub fn format_change(value: f64, currency: Option<&str>, lang: Lang) -> String {
    match currency {
        Some(code) => format!("{}{}", sign(value), format_money_compact(value.abs(), code, lang)),
        None => format_signed(value, lang),
    }
}

/// `+` for a positive value, U+2212 for a negative one, nothing for zero.
fn sign(value: f64) -> String {
    if value > 0.0 {
        "+".to_owned()
    } else if value < 0.0 {
        MINUS.to_string()
    } else {
        String::new()
    }
}

/// A percentage change with its sign: `+154.3%`, `−12%`.
pub fn format_change_percent(value: f64, lang: Lang) -> String {
    format!("{}{}", sign(value), format_percent(value.abs(), lang))
}

/// How a currency is named beside an amount: its code, or a local word
/// (`đồng` for VND in Vietnamese).
fn currency_name(currency: &str, lang: Lang) -> &str {
    i18n::lookup(lang, &format!("currency.{currency}")).unwrap_or(currency)
}

/// An amount with its currency, in the language's order.
fn with_currency(amount: &str, currency: &str, lang: Lang) -> String {
    i18n::fill(lang, "money.amount", &[("amount", amount), ("currency", currency_name(currency, lang))])
}

/// The name of month 1–12: `July` (en), `tháng 7` (vi); `None` out of range.
pub fn month_name(month: u32, lang: Lang) -> Option<&'static str> {
    (1..=12).contains(&month).then(|| i18n::lookup(lang, &format!("month.{month}"))).flatten()
}

/// Month name for a month known to be 1–12.
fn month(month: u32, lang: Lang) -> &'static str {
    month_name(month, lang).unwrap_or_default()
}

/// A date as its precision allows.
///
/// en: `31 December 2023`, `July 2024`, `2024`; vi: `31/12/2023`,
/// `tháng 7/2024`, `2024`.
pub fn format_date(date: PartialDate, lang: Lang) -> String {
    let year = date.year().to_string();
    match (date.month(), date.day()) {
        (Some(m), Some(d)) => i18n::fill(
            lang,
            "date.day",
            &[("day", &d.to_string()), ("month", month(m, lang)), ("m", &m.to_string()), ("year", &year)],
        ),
        (Some(m), None) => {
            i18n::fill(lang, "date.month", &[("month", month(m, lang)), ("m", &m.to_string()), ("year", &year)])
        }
        _ => year,
    }
}

/// A span from `start` to `end`, sharing the month or year when both have it.
///
/// en: `16–18 August 2024`, `30 July – 2 August 2024`, `July–September 2024`,
/// `December 2023 – January 2024`; vi: `16–18/8/2024`, `30/7–2/8/2024`,
/// `tháng 7–9/2024`. Without an end, or with an end equal to the start, this
/// is [`format_date`]. The order is written as given, not checked.
pub fn format_date_range(start: PartialDate, end: Option<PartialDate>, lang: Lang) -> String {
    let Some(end) = end.filter(|end| *end != start) else {
        return format_date(start, lang);
    };
    let same_year = start.year() == end.year();
    let year = start.year().to_string();
    match (start.precision(), end.precision(), start.month(), end.month()) {
        (Precision::Day, Precision::Day, Some(m1), Some(m2)) if same_year => {
            let (d1, d2) = (start.day().unwrap_or(1).to_string(), end.day().unwrap_or(1).to_string());
            let (n1, n2) = (m1.to_string(), m2.to_string());
            if m1 == m2 {
                i18n::fill(
                    lang,
                    "date.days-in-month",
                    &[("day1", &d1), ("day2", &d2), ("month", month(m1, lang)), ("m", &n1), ("year", &year)],
                )
            } else {
                i18n::fill(
                    lang,
                    "date.days-in-year",
                    &[
                        ("day1", &d1),
                        ("day2", &d2),
                        ("month1", month(m1, lang)),
                        ("month2", month(m2, lang)),
                        ("m1", &n1),
                        ("m2", &n2),
                        ("year", &year),
                    ],
                )
            }
        }
        (Precision::Month, Precision::Month, Some(m1), Some(m2)) if same_year => i18n::fill(
            lang,
            "date.months-in-year",
            &[
                ("month1", month(m1, lang)),
                ("month2", month(m2, lang)),
                ("m1", &m1.to_string()),
                ("m2", &m2.to_string()),
                ("year", &year),
            ],
        ),
        _ => {
            let (a, b) = (format_date(start, lang), format_date(end, lang));
            if a.contains(' ') || b.contains(' ') { format!("{a} – {b}") } else { format!("{a}–{b}") }
        }
    }
}

/// A reporting period in words.
///
/// en: `2024`, `first half of 2024`, `second half of 2024`, `Q3 2024`,
/// `July 2024`; vi: `2024`, `6 tháng đầu năm 2024`, `6 tháng cuối năm 2024`,
/// `quý III/2024`, `tháng 7/2024`.
pub fn format_period(period: Period, lang: Lang) -> String {
    let year = period.year().to_string();
    match period {
        Period::Year(_) => year,
        Period::Half(_, h) if h <= 1 => i18n::fill(lang, "period.first-half", &[("year", &year)]),
        Period::Half(..) => i18n::fill(lang, "period.second-half", &[("year", &year)]),
        Period::Quarter(_, q) => {
            let q = q.clamp(1, 4);
            let roman = ["I", "II", "III", "IV"][usize::from(q - 1)];
            i18n::fill(
                lang,
                "period.quarter",
                &[("quarter", &q.to_string()), ("quarter-roman", roman), ("year", &year)],
            )
        }
        Period::Month(_, m) => {
            let m = u32::from(m.clamp(1, 12));
            i18n::fill(lang, "date.month", &[("month", month(m, lang)), ("m", &m.to_string()), ("year", &year)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{country_name, is_country};

    fn date(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    fn period(text: &str) -> Period {
        Period::parse(text).unwrap()
    }

    #[test]
    fn figures_and_changes_carry_qualifier_and_sign() {
        assert_eq!(format_figure(400.0, "nearly", None, Lang::En), "nearly 400");
        assert_eq!(format_figure(213e6, "over", Some("USD"), Lang::Vi), "hơn 213 triệu USD");
        assert_eq!(format_figure(1015.0, "exact", None, Lang::Vi), "1.015");
        assert_eq!(format_change(-1.2e6, Some("USD"), Lang::En), "\u{2212}USD 1.2 million");
        assert_eq!(format_change(208.0, None, Lang::En), "+208");
        assert_eq!(format_change_percent(154.29, Lang::En), "+154.3%");
        assert_eq!(format_change_percent(0.0, Lang::En), "0%");
    }

    #[test]
    fn country_names() {
        let cases = [
            ("KR", "Republic of Korea", "Hàn Quốc"),
            ("KP", "Democratic People's Republic of Korea", "Triều Tiên"),
            ("JP", "Japan", "Nhật Bản"),
            ("DE", "Germany", "Đức"),
            ("RU", "Russia", "Nga"),
            ("US", "United States", "Hoa Kỳ"),
            ("TW", "Taiwan", "Đài Loan (Trung Quốc)"),
            ("LA", "Laos", "Lào"),
            ("TH", "Thailand", "Thái Lan"),
            ("FR", "France", "Pháp"),
            ("CN", "China", "Trung Quốc"),
            ("VN", "Viet Nam", "Việt Nam"),
            ("AU", "Australia", "Úc"),
            ("KH", "Cambodia", "Campuchia"),
            ("GB", "United Kingdom", "Vương quốc Anh"),
            ("IN", "India", "Ấn Độ"),
            ("AD", "Andorra", "Andorra"),
            ("ZW", "Zimbabwe", "Zimbabwe"),
        ];
        for (code, en, vi) in cases {
            assert_eq!(country_name(code, Lang::En), Some(en), "{code}");
            assert_eq!(country_name(code, Lang::Vi), Some(vi), "{code}");
        }
    }

    #[test]
    fn unknown_or_lower_case_country_codes_are_rejected() {
        for code in ["kr", "Kr", "XX", "UK", "EU", "KOR", "", "K"] {
            assert!(!is_country(code), "{code}");
            assert_eq!(country_name(code, Lang::Vi), None, "{code}");
        }
    }

    #[test]
    fn currency_table_is_sorted_unique_iso_codes() {
        let lines = include_str!("../i18n/currencies.tsv").lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(currencies().len(), 165);
        assert_eq!(lines, 165, "no code is listed twice");
        for (code, &digits) in currencies() {
            assert!(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(digits <= 4, "{code}");
        }
    }

    #[test]
    fn currencies_and_minor_digits() {
        let cases = [
            ("VND", 0),
            ("USD", 2),
            ("EUR", 2),
            ("JPY", 0),
            ("KRW", 0),
            ("CNY", 2),
            ("LAK", 2),
            ("THB", 2),
            ("BHD", 3),
            ("KWD", 3),
            ("CLF", 4),
            ("XCG", 2),
        ];
        for (code, digits) in cases {
            assert!(is_currency(code), "{code}");
            assert_eq!(currency_minor_digits(code), Some(digits), "{code}");
        }
        for code in ["usd", "XXX", "XAU", "HRK", "ANG", "US", "USDT", ""] {
            assert!(!is_currency(code), "{code}");
            assert_eq!(currency_minor_digits(code), None, "{code}");
        }
    }

    #[test]
    fn integers_group_thousands() {
        assert_eq!(format_decimal(1015.0, 0, Lang::En), "1,015");
        assert_eq!(format_decimal(1015.0, 0, Lang::Vi), "1.015");
        assert_eq!(format_decimal(0.0, 0, Lang::En), "0");
        assert_eq!(format_decimal(999.0, 0, Lang::En), "999");
        assert_eq!(format_decimal(100_000.0, 0, Lang::En), "100,000");
        assert_eq!(format_decimal(1_234_567.0, 0, Lang::Vi), "1.234.567");
        assert_eq!(format_decimal(-5.0, 0, Lang::En), "\u{2212}5");
        assert_eq!(format_decimal(-1234.0, 0, Lang::Vi), "\u{2212}1.234");
        assert_eq!(format_decimal(1e15, 0, Lang::En), "1,000,000,000,000,000");
    }

    #[test]
    fn decimals_trim_and_round_half_away_from_zero() {
        assert_eq!(format_decimal(4.1, 1, Lang::En), "4.1");
        assert_eq!(format_decimal(4.1, 1, Lang::Vi), "4,1");
        assert_eq!(format_decimal(4.10, 3, Lang::En), "4.1");
        assert_eq!(format_decimal(4.0, 2, Lang::En), "4");
        assert_eq!(format_decimal(4.35, 1, Lang::En), "4.4");
        assert_eq!(format_decimal(4.25, 1, Lang::En), "4.3");
        assert_eq!(format_decimal(-4.25, 1, Lang::En), "\u{2212}4.3");
        assert_eq!(format_decimal(0.125, 2, Lang::En), "0.13");
        assert_eq!(format_decimal(2.5, 0, Lang::En), "3");
        assert_eq!(format_decimal(-2.5, 0, Lang::En), "\u{2212}3");
        assert_eq!(format_decimal(9.96, 1, Lang::En), "10");
        assert_eq!(format_decimal(999.95, 1, Lang::En), "1,000");
        assert_eq!(format_decimal(1234.5678, 2, Lang::En), "1,234.57");
        assert_eq!(format_decimal(1234.5678, 2, Lang::Vi), "1.234,57");
        assert_eq!(format_decimal(0.04, 1, Lang::En), "0");
        assert_eq!(format_decimal(-0.04, 1, Lang::En), "0");
        assert_eq!(format_decimal(-0.0, 1, Lang::En), "0");
        assert_eq!(format_decimal(0.0000001, 7, Lang::En), "0.0000001");
        assert_eq!(format_decimal(1e21, 0, Lang::En), "1,000,000,000,000,000,000,000");
        assert_eq!(format_decimal(f64::NAN, 1, Lang::En), "—");
        assert_eq!(format_decimal(f64::INFINITY, 1, Lang::En), "∞");
        assert_eq!(format_decimal(f64::NEG_INFINITY, 1, Lang::En), "\u{2212}∞");
    }

    #[test]
    fn numbers_show_decimals_only_when_needed() {
        assert_eq!(format_number(1015.0, Lang::En), "1,015");
        assert_eq!(format_number(1015.0, Lang::Vi), "1.015");
        assert_eq!(format_number(4.1, Lang::Vi), "4,1");
        assert_eq!(format_number(2.345, Lang::En), "2.35");
        assert_eq!(format_number(2.999, Lang::En), "3");
        assert_eq!(format_number(-1500.5, Lang::Vi), "\u{2212}1.500,5");
    }

    #[test]
    fn percentages() {
        assert_eq!(format_percent(12.5, Lang::En), "12.5%");
        assert_eq!(format_percent(12.5, Lang::Vi), "12,5%");
        assert_eq!(format_percent(12.46, Lang::En), "12.5%");
        assert_eq!(format_percent(100.0, Lang::En), "100%");
        assert_eq!(format_percent(-3.25, Lang::Vi), "\u{2212}3,3%");
        assert_eq!(format_percent(1234.0, Lang::Vi), "1.234%");
    }

    #[test]
    fn signed_changes() {
        assert_eq!(format_signed(208.0, Lang::En), "+208");
        assert_eq!(format_signed(-5.0, Lang::En), "\u{2212}5");
        assert_eq!(format_signed(0.0, Lang::En), "0");
        assert_eq!(format_signed(-0.001, Lang::En), "0");
        assert_eq!(format_signed(1234.5, Lang::Vi), "+1.234,5");
        assert_eq!(format_signed(f64::NAN, Lang::En), "—");
        assert!(!format_signed(-5.0, Lang::Vi).contains('-'));
    }

    #[test]
    fn money_in_full() {
        assert_eq!(format_money(2_800_000.0, "USD", Lang::En), "USD 2,800,000");
        assert_eq!(format_money(2_800_000.0, "USD", Lang::Vi), "2.800.000 USD");
        assert_eq!(format_money(65_700_000_000.0, "VND", Lang::Vi), "65.700.000.000 đồng");
        assert_eq!(format_money(65_700_000_000.0, "VND", Lang::En), "VND 65,700,000,000");
        assert_eq!(format_money(2.5, "USD", Lang::En), "USD 2.50");
        assert_eq!(format_money(1234.5, "EUR", Lang::Vi), "1.234,50 EUR");
        assert_eq!(format_money(2.004, "USD", Lang::En), "USD 2");
        assert_eq!(format_money(1500.6, "VND", Lang::Vi), "1.501 đồng");
        assert_eq!(format_money(1500.6, "JPY", Lang::En), "JPY 1,501");
        assert_eq!(format_money(1.2345, "BHD", Lang::En), "BHD 1.235");
        assert_eq!(format_money(-40.0, "USD", Lang::En), "USD \u{2212}40");
        assert_eq!(format_money(3.5, "ABC", Lang::En), "ABC 3.50");
    }

    #[test]
    fn money_compact() {
        let cases = [
            (213_000_000.0, "USD", "USD 213 million", "213 triệu USD"),
            (212_600_000.0, "USD", "USD 213 million", "213 triệu USD"),
            (8_900_000.0, "USD", "USD 8.9 million", "8,9 triệu USD"),
            (8_940_000.0, "USD", "USD 8.9 million", "8,9 triệu USD"),
            (8_950_000.0, "USD", "USD 9 million", "9 triệu USD"),
            (1_000_000.0, "USD", "USD 1 million", "1 triệu USD"),
            (65_700_000_000.0, "VND", "VND 65.7 billion", "65,7 tỷ đồng"),
            (1_500_000_000_000.0, "VND", "VND 1.5 trillion", "1,5 nghìn tỷ đồng"),
            (999_960_000.0, "USD", "USD 1 billion", "1 tỷ USD"),
            (460_000.0, "USD", "USD 460,000", "460.000 USD"),
            (999_999.0, "USD", "USD 999,999", "999.999 USD"),
            (-8_900_000.0, "USD", "USD \u{2212}8.9 million", "\u{2212}8,9 triệu USD"),
            (2_500_000_000_000_000.0, "USD", "USD 2,500 trillion", "2.500 nghìn tỷ USD"),
        ];
        for (value, currency, en, vi) in cases {
            assert_eq!(format_money_compact(value, currency, Lang::En), en);
            assert_eq!(format_money_compact(value, currency, Lang::Vi), vi);
        }
    }

    #[test]
    fn month_names() {
        assert_eq!(month_name(1, Lang::En), Some("January"));
        assert_eq!(month_name(7, Lang::En), Some("July"));
        assert_eq!(month_name(12, Lang::Vi), Some("tháng 12"));
        assert_eq!(month_name(0, Lang::En), None);
        assert_eq!(month_name(13, Lang::Vi), None);
    }

    #[test]
    fn dates_by_precision() {
        assert_eq!(format_date(date("2023-12-31"), Lang::En), "31 December 2023");
        assert_eq!(format_date(date("2024-08-02"), Lang::En), "2 August 2024");
        assert_eq!(format_date(date("2024-07"), Lang::En), "July 2024");
        assert_eq!(format_date(date("2024"), Lang::En), "2024");
        assert_eq!(format_date(date("2023-12-31"), Lang::Vi), "31/12/2023");
        assert_eq!(format_date(date("2024-08-02"), Lang::Vi), "2/8/2024");
        assert_eq!(format_date(date("2024-07"), Lang::Vi), "tháng 7/2024");
        assert_eq!(format_date(date("2024"), Lang::Vi), "2024");
    }

    #[test]
    fn date_ranges() {
        let range = |a: &str, b: Option<&str>, lang| format_date_range(date(a), b.map(date), lang);
        let cases = [
            ("2024-08-16", Some("2024-08-18"), "16–18 August 2024", "16–18/8/2024"),
            ("2024-07-30", Some("2024-08-02"), "30 July – 2 August 2024", "30/7–2/8/2024"),
            ("2023-12-30", Some("2024-01-02"), "30 December 2023 – 2 January 2024", "30/12/2023–2/1/2024"),
            ("2023-12", Some("2024-01"), "December 2023 – January 2024", "tháng 12/2023 – tháng 1/2024"),
            ("2024-07", Some("2024-09"), "July–September 2024", "tháng 7–9/2024"),
            ("2023", Some("2024"), "2023–2024", "2023–2024"),
            ("2024-07", Some("2024-08-02"), "July 2024 – 2 August 2024", "tháng 7/2024 – 2/8/2024"),
            ("2024-08-16", None, "16 August 2024", "16/8/2024"),
            ("2024-08-16", Some("2024-08-16"), "16 August 2024", "16/8/2024"),
            ("2024-07", None, "July 2024", "tháng 7/2024"),
        ];
        for (start, end, en, vi) in cases {
            assert_eq!(range(start, end, Lang::En), en, "{start} {end:?}");
            assert_eq!(range(start, end, Lang::Vi), vi, "{start} {end:?}");
        }
    }

    #[test]
    fn periods_in_words() {
        let cases = [
            ("2024", "2024", "2024"),
            ("2024-H1", "first half of 2024", "6 tháng đầu năm 2024"),
            ("2024-H2", "second half of 2024", "6 tháng cuối năm 2024"),
            ("2024-Q1", "Q1 2024", "quý I/2024"),
            ("2024-Q3", "Q3 2024", "quý III/2024"),
            ("2024-Q4", "Q4 2024", "quý IV/2024"),
            ("2024-07", "July 2024", "tháng 7/2024"),
        ];
        for (text, en, vi) in cases {
            assert_eq!(format_period(period(text), Lang::En), en, "{text}");
            assert_eq!(format_period(period(text), Lang::Vi), vi, "{text}");
        }
        assert_eq!(format_period(Period::Quarter(2024, 9), Lang::Vi), "quý IV/2024");
        assert_eq!(format_period(Period::Month(2024, 0), Lang::En), "January 2024");
    }
}
