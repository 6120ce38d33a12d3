//! One cell as officers type it, read into the value the log needs.
//!
//! A spreadsheet holds dates as Excel dates or as text in several styles
//! (`2025-03-25`, `25/03/2025`), amounts with thousands separators of either
//! convention (`1,200,000`, `1.200.000`), the currency beside the number or
//! in its own column, kinds and countries by name in either language. Each
//! function here takes one cell and gives the value or a message that says
//! what to write instead; it knows nothing of rows, columns or files.

use crate::config::{DateOrder, Kind, PartnerType, closest};
use crate::data::Qualifier;
use crate::i18n::Lang;
use crate::period::{PartialDate, Period};
use crate::text::ascii_fold;

/// The value of one cell, as the reader of the file found it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing in it.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A cell formatted as a date: year, month, day (the time of day is dropped).
    Date(i32, u32, u32),
    /// TRUE or FALSE.
    Bool(bool),
    /// An error value of the spreadsheet (`#N/A`, `#REF!`).
    Error(String),
}

impl Cell {
    /// True for an empty cell or one holding only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }
}

/// A number as text, without a fraction when it is whole (`2024`, not `2024.0`).
pub fn number_text(value: f64) -> String {
    match crate::input::whole(value) {
        Some(whole) => whole.to_string(),
        None => value.to_string(),
    }
}

/// The text of a cell, trimmed; `None` when the cell is blank.
pub fn text(cell: &Cell) -> Result<Option<String>, String> {
    Ok(match cell {
        Cell::Empty => None,
        Cell::Text(text) => Some(text.trim()).filter(|t| !t.is_empty()).map(str::to_owned),
        Cell::Number(value) => Some(number_text(*value)),
        Cell::Date(year, month, day) => Some(format!("{year:04}-{month:02}-{day:02}")),
        Cell::Bool(value) => Some(if *value { "TRUE" } else { "FALSE" }.to_owned()),
        Cell::Error(error) => return Err(error_message(error)),
    })
}

fn error_message(error: &str) -> String {
    format!("the cell holds the spreadsheet error {error}; type the value itself, or fix the formula")
}

const DATE_FORMS: &str = "write it as 2025-03-25, 25/03/2025, 2025-03 (a month) or 2025 (a year)";

/// A date cell as a log date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
pub fn date(cell: &Cell, order: DateOrder) -> Result<String, String> {
    let date = match cell {
        Cell::Date(year, month, day) => {
            PartialDate::new(*year, Some(*month), Some(*day)).map_err(|reason| format!("{reason}; {DATE_FORMS}"))?
        }
        Cell::Number(value) => match crate::input::whole(*value) {
            Some(year) if (1900..=2100).contains(&year) => PartialDate::new(year as i32, None, None)?,
            _ => {
                return Err(format!(
                    "{} is a number, not a date; format the cell as a date, or {DATE_FORMS}",
                    number_text(*value)
                ));
            }
        },
        Cell::Text(text) => text_date(text.trim(), order)?,
        Cell::Empty => return Err(format!("the date is missing; {DATE_FORMS}")),
        Cell::Bool(_) => return Err(format!("TRUE or FALSE is not a date; {DATE_FORMS}")),
        Cell::Error(error) => return Err(error_message(error)),
    };
    Ok(date.to_string())
}

/// A date written as text: ISO (`2025-03-25`, `2025-03`, `2025`, with or
/// without a time after it), day first (`25/03/2025`, `25.03.2025`,
/// `25-03-2025`), a month (`03/2025`), or the same after `ngày` / `tháng`.
fn text_date(text: &str, order: DateOrder) -> Result<PartialDate, String> {
    let folded = ascii_fold(text);
    let bare = folded.strip_prefix("ngay ").or_else(|| folded.strip_prefix("thang ")).unwrap_or(&folded).trim();
    // A date with a time after it (ODS and ISO date-times): the date alone counts.
    let bare = bare.split(['T', 't', ' ']).next().unwrap_or(bare);
    let bad = || format!("`{text}` is not a date; {DATE_FORMS}");
    let parts: Vec<&str> = bare.split(['/', '.', '-']).collect();
    if parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    let number = |part: &str| part.parse::<u32>().map_err(|_| bad());
    let year = |part: &str| -> Result<i32, String> {
        if part.len() == 4 {
            Ok(number(part)? as i32)
        } else if part.len() <= 2 {
            Err(format!("`{text}`: write the year in full (20{part:0>2}), not with two digits"))
        } else {
            Err(bad())
        }
    };
    let date = match parts.as_slice() {
        [y] => PartialDate::new(year(y)?, None, None),
        [a, b] if a.len() == 4 => PartialDate::new(year(a)?, Some(number(b)?), None),
        [m, y] => PartialDate::new(year(y)?, Some(number(m)?), None),
        [a, m, d] if a.len() == 4 => PartialDate::new(year(a)?, Some(number(m)?), Some(number(d)?)),
        [a, b, y] => {
            let (day, month) = match order {
                DateOrder::DayFirst => (a, b),
                DateOrder::MonthFirst => (b, a),
            };
            let (day, month) = (number(day)?, number(month)?);
            if month > 12 && day <= 12 {
                let hint = match order {
                    DateOrder::DayFirst => "the day comes first (25/03/2025)",
                    DateOrder::MonthFirst => "the month comes first (03/25/2025)",
                };
                return Err(format!("`{text}` has no month {month}: {hint}"));
            }
            PartialDate::new(year(y)?, Some(month), Some(day))
        }
        _ => return Err(bad()),
    };
    date.map_err(|reason| format!("{reason}; {DATE_FORMS}"))
}

/// An amount of money: the number, and the currency when the cell names one.
#[derive(Clone, Debug, PartialEq)]
pub struct Money {
    /// The number of units.
    pub value: f64,
    /// The ISO 4217 code written with the number, if any.
    pub currency: Option<String>,
}

/// Words that stand for a power of ten, refused in amounts.
const SCALE_WORDS: [&str; 16] = [
    "thousand",
    "thousands",
    "k",
    "million",
    "millions",
    "m",
    "mn",
    "mio",
    "billion",
    "billions",
    "bn",
    "b",
    "trieu",
    "ty",
    "ti",
    "nghin",
];

const AMOUNT_FORMS: &str = "write the amount in figures (1200000, 1,200,000 or 1.200.000), with the currency in its own column or after the number (1.200.000.000 VND)";

/// An amount cell: a number, or text with thousands separators of either
/// convention and, before or after the number, a currency code or sign.
pub fn amount(cell: &Cell) -> Result<Option<Money>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(value) => Ok(Some(Money { value: *value, currency: None })),
        Cell::Text(text) if text.trim().is_empty() => Ok(None),
        Cell::Text(text) => text_amount(text.trim()).map(Some),
        Cell::Date(..) => Err(format!("the cell is formatted as a date; format it as a number, and {AMOUNT_FORMS}")),
        Cell::Bool(_) => Err(format!("TRUE or FALSE is not an amount; {AMOUNT_FORMS}")),
        Cell::Error(error) => Err(error_message(error)),
    }
}

fn text_amount(text: &str) -> Result<Money, String> {
    // Pieces: runs of number characters, and words (a currency sign is a word of its own).
    let numeric = |c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '\'' | '_');
    let mut pieces: Vec<(bool, String)> = Vec::new();
    for token in text.split_whitespace() {
        for c in token.chars() {
            let is_number = numeric(c);
            match pieces.last_mut() {
                Some((last_is_number, piece)) if *last_is_number == is_number && !piece.ends_with(is_sign) => {
                    piece.push(c)
                }
                _ => pieces.push((is_number, c.to_string())),
            }
        }
        // A space ends a word, but not a number (`1 200 000`).
        if pieces.last().is_some_and(|(is_number, _)| !is_number) {
            pieces.push((false, String::new()));
        }
    }
    let mut currency: Option<String> = None;
    let mut number = String::new();
    let mut number_ended = false;
    for (is_number, piece) in pieces {
        if piece.is_empty() {
            continue;
        }
        if is_number {
            if number_ended {
                return Err(format!("`{text}` holds two numbers; {AMOUNT_FORMS}"));
            }
            number.push_str(&piece);
            continue;
        }
        number_ended = !number.is_empty();
        let folded = ascii_fold(&piece);
        if SCALE_WORDS.contains(&folded.as_str()) {
            return Err(format!("`{text}` uses the word `{piece}`; {AMOUNT_FORMS}, not with words"));
        }
        let code = currency_word(&piece)
            .ok_or_else(|| format!("`{piece}` in `{text}` is neither a number nor a currency code; {AMOUNT_FORMS}"))?;
        match &currency {
            Some(other) if *other != code => {
                return Err(format!("`{text}` names two currencies, {other} and {code}; write one"));
            }
            _ => currency = Some(code),
        }
    }
    let value = parse_number(&number)?;
    Ok(Money { value, currency })
}

fn is_sign(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '₫')
}

/// The ISO code a currency word or sign stands for.
fn currency_word(word: &str) -> Option<String> {
    let folded = ascii_fold(word);
    let code = match folded.as_str() {
        "$" | "us$" | "usd$" => "USD",
        "€" => "EUR",
        "£" => "GBP",
        "₫" | "d" | "dong" | "vnd" => "VND",
        _ => {
            let upper = word.to_ascii_uppercase();
            return crate::locale::is_currency(&upper).then_some(upper);
        }
    };
    Some(code.to_owned())
}

/// A currency cell: an ISO 4217 code (any case) or `đồng`, `$`, `€`, `£`.
pub fn currency(text: &str) -> Result<String, String> {
    currency_word(text.trim())
        .ok_or_else(|| format!("`{text}` is not a currency; write an ISO 4217 code such as VND, USD, EUR, KRW or JPY"))
}

/// A number with thousands separators of either convention: `1,200,000`,
/// `1.200.000`, `1 200 000`, `1.234,5`, `1,234.5`, `2,5`. A lone separator
/// followed by exactly three digits groups thousands (`1.200` is 1200).
pub fn parse_number(text: &str) -> Result<f64, String> {
    let text: String = text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '_')).collect();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(&text)),
    };
    if digits.is_empty() {
        return Err(format!("`{text}` holds no number; {AMOUNT_FORMS}"));
    }
    if !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return Err(format!("`{text}` is not a number; write it in figures, e.g. 1,200,000 or 1.200.000"));
    }
    let dots = digits.matches('.').count();
    let commas = digits.matches(',').count();
    let (grouping, decimal) = match (dots, commas) {
        (0, 0) => (None, None),
        (_, 0) | (0, _) => {
            let sep = if dots > 0 { '.' } else { ',' };
            let after = digits.rsplit(sep).next().unwrap_or_default();
            if dots + commas > 1 || after.len() == 3 { (Some(sep), None) } else { (None, Some(sep)) }
        }
        _ => {
            let last = digits.rfind(['.', ',']).and_then(|i| digits[i..].chars().next()).unwrap_or('.');
            let other = if last == '.' { ',' } else { '.' };
            (Some(other), Some(last))
        }
    };
    if decimal.is_some_and(|d| digits.matches(d).count() > 1) {
        return Err(format!("`{text}` has more than one decimal separator; write it as 1,200,000.5 or 1.200.000,5"));
    }
    let (whole, fraction) = match decimal {
        Some(d) => digits.split_once(d).unwrap_or((digits, "")),
        None => (digits, ""),
    };
    if let Some(g) = grouping {
        let groups: Vec<&str> = whole.split(g).collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|group| group.len() != 3) {
            return Err(format!("`{text}` does not group its digits by three; write 1200000, 1,200,000 or 1.200.000"));
        }
    }
    let plain = format!("{}.{}", whole.replace(['.', ','], ""), if fraction.is_empty() { "0" } else { fraction });
    let value: f64 = plain.parse().map_err(|_| format!("`{text}` is not a number; write it in figures"))?;
    Ok(sign * value)
}

/// The short names officers use for a built-in kind (`đoàn vào` for
/// `delegation-received`), from the catalogues' `[kind-alias]` tables, in
/// every language, separated there by `;`.
pub fn kind_aliases(id: &str) -> Vec<&'static str> {
    Lang::ALL
        .iter()
        .filter_map(|lang| crate::i18n::lookup(*lang, &format!("kind-alias.{id}")))
        .flat_map(|aliases| aliases.split(';').map(str::trim).filter(|alias| !alias.is_empty()))
        .collect()
}

/// A kind cell: a kind id (any case, spaces for dashes), its label in
/// English or Vietnamese (marks optional), or, for a built-in kind, a short
/// name officers use (see [`kind_aliases`]).
pub fn kind(text: &str, kinds: &[Kind]) -> Result<String, String> {
    let wanted = ascii_fold(text.trim());
    let as_id = wanted.split(|c: char| c.is_whitespace() || c == '_').filter(|w| !w.is_empty()).collect::<Vec<_>>();
    let as_id = as_id.join("-");
    for kind in kinds {
        if kind.id == as_id || kind.label.variants().iter().any(|label| ascii_fold(label.trim()) == wanted) {
            return Ok(kind.id.clone());
        }
    }
    for kind in kinds.iter().filter(|kind| kind.builtin) {
        if kind_aliases(&kind.id).iter().any(|alias| ascii_fold(alias) == wanted) {
            return Ok(kind.id.clone());
        }
    }
    let hint = match closest(&as_id, kinds.iter().map(|k| k.id.as_str())) {
        Some(best) => format!("did you mean `{best}`? "),
        None => String::new(),
    };
    Err(format!(
        "unknown event kind `{}`; {hint}write a kind ({}) or its label in English or Vietnamese",
        text.trim(),
        kinds.iter().map(|k| k.id.as_str()).collect::<Vec<_>>().join(", ")
    ))
}

/// The qualifiers, in the order of their names.
const QUALIFIERS: [Qualifier; 6] =
    [Qualifier::Exact, Qualifier::About, Qualifier::Nearly, Qualifier::Over, Qualifier::Under, Qualifier::AtLeast];

/// Other words for the qualifiers, folded, besides their names and the
/// catalogues' words (`nearly`, `gần`).
const QUALIFIER_WORDS: [(&str, Qualifier); 14] = [
    ("exactly", Qualifier::Exact),
    ("chinh xac", Qualifier::Exact),
    ("approximately", Qualifier::About),
    ("around", Qualifier::About),
    ("xap xi", Qualifier::About),
    ("almost", Qualifier::Nearly),
    ("more than", Qualifier::Over),
    ("tren", Qualifier::Over),
    ("less than", Qualifier::Under),
    ("chua den", Qualifier::Under),
    ("at least", Qualifier::AtLeast),
    ("toi thieu", Qualifier::AtLeast),
    ("it nhat", Qualifier::AtLeast),
    ("at-least", Qualifier::AtLeast),
];

/// Every word that names a qualifier, folded, longest first.
fn qualifier_words() -> Vec<(String, Qualifier)> {
    let mut words: Vec<(String, Qualifier)> = QUALIFIER_WORDS.iter().map(|(w, q)| ((*w).to_owned(), *q)).collect();
    for qualifier in QUALIFIERS {
        words.push((qualifier.name().to_owned(), qualifier));
        for lang in Lang::ALL {
            if let Some(word) = crate::i18n::lookup(lang, &format!("qualifier.{}", qualifier.name()))
                && !word.trim().is_empty()
            {
                words.push((ascii_fold(word.trim()), qualifier));
            }
        }
    }
    words.sort_by_key(|(word, _)| std::cmp::Reverse(word.len()));
    words
}

const QUALIFIER_FORMS: &str =
    "write exact, about, nearly, over, under or at-least (or khoảng, gần, hơn, dưới, ít nhất)";

/// A qualifier cell: its name (`nearly`, `at-least`), its word in English
/// or Vietnamese (`at least`, `gần`, `ít nhất`) or a common synonym.
pub fn qualifier(text: &str) -> Result<Qualifier, String> {
    let wanted = ascii_fold(text.trim());
    qualifier_words()
        .into_iter()
        .find(|(word, _)| *word == wanted)
        .map(|(_, qualifier)| qualifier)
        .ok_or_else(|| format!("unknown qualifier `{}`; {QUALIFIER_FORMS}", text.trim()))
}

/// A figure's value cell: a number (thousands separators of either
/// convention), optionally after a qualifier word (`gần 400`, `over 1,200`).
pub fn figure_value(cell: &Cell) -> Result<(f64, Option<Qualifier>), String> {
    match cell {
        Cell::Number(value) => Ok((*value, None)),
        Cell::Text(text) => {
            let text = text.trim();
            let folded = ascii_fold(text);
            let (qualifier, rest) = match qualifier_words()
                .into_iter()
                .find(|(word, _)| folded.strip_prefix(word.as_str()).is_some_and(|rest| rest.starts_with(' ')))
            {
                Some((word, qualifier)) => {
                    let skipped = text.char_indices().nth(word.chars().count()).map_or(text.len(), |(at, _)| at);
                    (Some(qualifier), text[skipped..].trim())
                }
                None => (None, text),
            };
            Ok((plain_number(rest, "the value")?, qualifier))
        }
        Cell::Empty => Err("the value is missing; write the number the source reports".to_owned()),
        other => number(other, "the value").map(|value| (value, None)),
    }
}

/// A number in text, with thousands separators of either convention; words
/// (`million`, `triệu`), a currency or a percent sign are refused with a
/// message saying what `what` must be.
fn plain_number(text: &str, what: &str) -> Result<f64, String> {
    if text.ends_with('%') {
        return Err(format!(
            "`{text}` is a percentage; write {what} as a number in the indicator's unit (the change is a difference: 420 − 400 = 20)"
        ));
    }
    let figures = format!("write {what} in figures (1200000, 1,200,000 or 1.200.000)");
    let money = text_amount(text).map_err(|message| message.replace(AMOUNT_FORMS, &figures))?;
    if let Some(currency) = money.currency {
        return Err(format!(
            "`{text}` names a currency ({currency}); write {what} as a bare number, in the unit the indicator is measured in"
        ));
    }
    Ok(money.value)
}

/// A number cell (a figure's `change`): a number, or text as [`plain_number`] reads it.
pub fn number(cell: &Cell, what: &str) -> Result<f64, String> {
    match cell {
        Cell::Number(value) => Ok(*value),
        Cell::Text(text) => plain_number(text.trim(), what),
        Cell::Empty => Err(format!("{what} is missing; write a number")),
        Cell::Date(..) => {
            Err(format!("the cell is formatted as a date; format it as a number, and write {what} in figures"))
        }
        Cell::Bool(_) => Err(format!("TRUE or FALSE is not a number; write {what} in figures")),
        Cell::Error(error) => Err(error_message(error)),
    }
}

const PERIOD_FORMS: &str = "write a year (2025), a half (2025-H1, 6 tháng đầu năm 2025), a quarter (2025-Q1, quý 1/2025) or a month (2025-03, 03/2025)";

/// A period cell, as a log period (`2025`, `2025-H1`, `2025-Q1`, `2025-03`):
/// those forms, a year as a number, and the forms officers write (`quý
/// 1/2025`, `Q1/2025`, `6 tháng đầu năm 2025`, `H2/2025`, `03/2025`,
/// `tháng 3/2025`, `năm 2025`). A date cell on the first of a month is that
/// month (Excel turns a typed `03/2025` into 1 March 2025).
pub fn period(cell: &Cell) -> Result<String, String> {
    match cell {
        Cell::Number(value) => match crate::input::whole(*value) {
            Some(year) if (1900..=2100).contains(&year) => Ok(year.to_string()),
            _ => Err(format!("{} is not a period; {PERIOD_FORMS}", number_text(*value))),
        },
        Cell::Date(year, month, 1) => Ok(format!("{year:04}-{month:02}")),
        Cell::Date(year, month, day) => Err(format!(
            "{year:04}-{month:02}-{day:02} is a day, not a period; {PERIOD_FORMS} (format the cell as text)"
        )),
        Cell::Text(text) => text_period(text.trim()),
        Cell::Empty => Err(format!("the period is missing; {PERIOD_FORMS}")),
        Cell::Bool(_) => Err(format!("TRUE or FALSE is not a period; {PERIOD_FORMS}")),
        Cell::Error(error) => Err(error_message(error)),
    }
}

fn text_period(text: &str) -> Result<String, String> {
    if let Ok(period) = Period::parse(text) {
        return Ok(period.to_string());
    }
    let folded = ascii_fold(text);
    let words: Vec<&str> = folded.split(['/', ' ', '-', '.', ',']).filter(|w| !w.is_empty()).collect();
    let bad = || format!("`{text}` is not a period; {PERIOD_FORMS}");
    let year = |word: &str| -> Result<String, String> {
        if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) { Ok(word.to_owned()) } else { Err(bad()) }
    };
    let quarter = |word: &str| match word {
        "1" | "i" => Some(1),
        "2" | "ii" => Some(2),
        "3" | "iii" => Some(3),
        "4" | "iv" => Some(4),
        _ => None,
    };
    let written = match words.as_slice() {
        ["nam", y] => year(y)?,
        ["6", "thang", "dau", "nam", y] | ["6", "thang", "dau", y] => format!("{}-H1", year(y)?),
        ["6", "thang", "cuoi", "nam", y] | ["6", "thang", "cuoi", y] => format!("{}-H2", year(y)?),
        ["quy", q, "nam", y] | ["quy", q, y] => format!("{}-Q{}", year(y)?, quarter(q).ok_or_else(bad)?),
        ["thang", m, "nam", y] | ["thang", m, y] | [m, y] if m.len() <= 2 && m.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}-{m:0>2}", year(y)?)
        }
        [part, y] | [y, part] if part.len() == 2 && (part.starts_with('q') || part.starts_with('h')) => {
            format!("{}-{}", year(y)?, part.to_ascii_uppercase())
        }
        _ => return Err(bad()),
    };
    Period::parse(&written).map(|period| period.to_string()).map_err(|_| bad())
}

/// A location cell: latitude and longitude in degrees, `16.05, 108.2` or
/// `16,05; 108,2` (a decimal comma when a semicolon separates them).
pub fn location(text: &str) -> Result<(f64, f64), String> {
    let forms = "write the latitude and the longitude in degrees, e.g. 35.53, 139.7";
    let parts: Vec<&str> = if text.contains(';') { text.split(';').collect() } else { text.split(',').collect() };
    let [lat, lon] = parts.as_slice() else {
        return Err(format!("`{text}` is not a location; {forms}"));
    };
    let degrees = |part: &str| part.trim().replace(',', ".").parse::<f64>().ok().filter(|value| value.is_finite());
    match (degrees(lat), degrees(lon)) {
        (Some(lat), Some(lon)) => Ok((lat, lon)),
        _ => Err(format!("`{text}` is not a location; {forms}")),
    }
}

/// Vietnamese names of the partner types, folded.
const PARTNER_TYPES_VI: [(&str, PartnerType); 11] = [
    ("dia phuong", PartnerType::Locality),
    ("chinh quyen dia phuong", PartnerType::Locality),
    ("chinh phu", PartnerType::Government),
    ("doanh nghiep", PartnerType::Company),
    ("cong ty", PartnerType::Company),
    ("to chuc phi chinh phu", PartnerType::Ngo),
    ("phi chinh phu", PartnerType::Ngo),
    ("to chuc", PartnerType::Organisation),
    ("truong dai hoc", PartnerType::University),
    ("dai hoc", PartnerType::University),
    ("khac", PartnerType::Other),
];

/// A partner type cell: its name (`locality`, any case) or its Vietnamese name (`địa phương`).
pub fn partner_type(text: &str) -> Result<PartnerType, String> {
    let wanted = ascii_fold(text.trim());
    if let Some(kind) = PartnerType::ALL.iter().find(|kind| kind.name() == wanted) {
        return Ok(*kind);
    }
    if wanted == "organization" {
        return Ok(PartnerType::Organisation);
    }
    if let Some((_, kind)) = PARTNER_TYPES_VI.iter().find(|(name, _)| *name == wanted) {
        return Ok(*kind);
    }
    let names: Vec<&str> = PartnerType::ALL.iter().map(|kind| kind.name()).collect();
    let hint = match closest(&wanted, names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? "),
        None => String::new(),
    };
    Err(format!(
        "unknown partner type `{}`; {hint}write one of {} (or địa phương, chính phủ, doanh nghiệp, phi chính phủ, tổ chức, đại học, khác)",
        text.trim(),
        names.join(", ")
    ))
}

/// The items of a list cell, trimmed, empty ones dropped. Items are
/// separated by `;` or line breaks, and by commas too when `commas` is set
/// (for ids and sectors, which never hold one; names may).
pub fn list(text: &str, commas: bool) -> Vec<String> {
    text.split(|c: char| c == ';' || c == '\n' || c == '\r' || (commas && c == ','))
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The items of a list cell by position, `None` for an empty item, so that
/// a second column can name the same items in another language with gaps
/// (`Siheung; Hiệp hội VKBIA` beside `; Hiệp hội...`). Items are separated
/// by `;` or line breaks; a separator at the end adds no item.
pub fn positional(text: &str) -> Vec<Option<String>> {
    let mut items: Vec<Option<String>> = text
        .split([';', '\n'])
        .map(|item| Some(item.trim()).filter(|item| !item.is_empty()).map(str::to_owned))
        .collect();
    while items.last().is_some_and(Option::is_none) {
        items.pop();
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_cell(text: &str) -> Cell {
        Cell::Text(text.to_owned())
    }

    fn day_first(text: &str) -> Result<String, String> {
        date(&text_cell(text), DateOrder::DayFirst)
    }

    #[test]
    fn dates_in_the_forms_officers_type() {
        assert_eq!(day_first("2025-03-25").unwrap(), "2025-03-25");
        assert_eq!(day_first("25/03/2025").unwrap(), "2025-03-25");
        assert_eq!(day_first("5/3/2025").unwrap(), "2025-03-05");
        assert_eq!(day_first("25.03.2025").unwrap(), "2025-03-25");
        assert_eq!(day_first("25-03-2025").unwrap(), "2025-03-25");
        assert_eq!(day_first("2025/03/25").unwrap(), "2025-03-25");
        assert_eq!(day_first("03/2025").unwrap(), "2025-03");
        assert_eq!(day_first("2025-03").unwrap(), "2025-03");
        assert_eq!(day_first("2025").unwrap(), "2025");
        assert_eq!(day_first("ngày 25/3/2025").unwrap(), "2025-03-25");
        assert_eq!(day_first("tháng 3/2025").unwrap(), "2025-03");
        assert_eq!(day_first("2025-03-25T00:00:00").unwrap(), "2025-03-25");
        assert_eq!(date(&text_cell("03/25/2025"), DateOrder::MonthFirst).unwrap(), "2025-03-25");
        assert_eq!(date(&Cell::Date(2025, 3, 25), DateOrder::DayFirst).unwrap(), "2025-03-25");
        assert_eq!(date(&Cell::Number(2024.0), DateOrder::DayFirst).unwrap(), "2024");
    }

    #[test]
    fn impossible_or_ambiguous_dates_say_what_to_write() {
        assert!(day_first("29/02/2025").unwrap_err().contains("not a real date"), "{:?}", day_first("29/02/2025"));
        assert!(day_first("25/03/25").unwrap_err().contains("write the year in full (2025)"));
        assert!(day_first("03/25/2025").unwrap_err().contains("the day comes first"));
        assert!(day_first("next March").unwrap_err().contains("write it as 2025-03-25"));
        assert!(date(&Cell::Number(45741.0), DateOrder::DayFirst).unwrap_err().contains("format the cell as a date"));
        assert!(date(&Cell::Empty, DateOrder::DayFirst).unwrap_err().contains("missing"));
    }

    fn money(text: &str) -> Result<(f64, Option<String>), String> {
        amount(&text_cell(text)).map(|m| m.map(|m| (m.value, m.currency)).unwrap())
    }

    #[test]
    fn amounts_with_either_thousands_separator_and_a_currency_in_the_cell() {
        assert_eq!(money("1,200,000").unwrap(), (1_200_000.0, None));
        assert_eq!(money("1.200.000").unwrap(), (1_200_000.0, None));
        assert_eq!(money("1 200 000").unwrap(), (1_200_000.0, None));
        assert_eq!(money("1\u{a0}200\u{a0}000").unwrap(), (1_200_000.0, None));
        assert_eq!(money("1.200.000.000 VND").unwrap(), (1_200_000_000.0, Some("VND".into())));
        assert_eq!(money("USD 2,800,000").unwrap(), (2_800_000.0, Some("USD".into())));
        assert_eq!(money("$2,800,000").unwrap(), (2_800_000.0, Some("USD".into())));
        assert_eq!(money("US$2,800,000").unwrap(), (2_800_000.0, Some("USD".into())));
        assert_eq!(money("2.000₫").unwrap(), (2000.0, Some("VND".into())));
        assert_eq!(money("500.000 đồng").unwrap(), (500_000.0, Some("VND".into())));
        assert_eq!(money("1.234,5 eur").unwrap(), (1234.5, Some("EUR".into())));
        assert_eq!(money("1,234.5").unwrap(), (1234.5, None));
        assert_eq!(money("2,5").unwrap(), (2.5, None));
        assert_eq!(money("2.8").unwrap(), (2.8, None));
        assert_eq!(money("1.200").unwrap(), (1200.0, None));
        assert_eq!(money("-300").unwrap(), (-300.0, None));
        assert_eq!(amount(&Cell::Number(2_800_000.0)).unwrap().unwrap().value, 2_800_000.0);
        assert_eq!(amount(&Cell::Empty).unwrap(), None);
    }

    #[test]
    fn amounts_in_words_or_badly_grouped_are_refused() {
        let words = money("USD 2.8 million").unwrap_err();
        assert!(words.contains("the word `million`") && words.contains("not with words"), "{words}");
        assert!(money("2,8 tỷ đồng").unwrap_err().contains("the word `tỷ`"));
        assert!(money("12,34,567").unwrap_err().contains("group its digits by three"));
        assert!(money("1.2.3,4,5").is_err());
        assert!(money("about 300").unwrap_err().contains("neither a number nor a currency code"));
        assert!(money("300 USD EUR").unwrap_err().contains("two currencies"));
    }

    #[test]
    fn currencies_by_code_or_sign() {
        assert_eq!(currency("usd").unwrap(), "USD");
        assert_eq!(currency("đồng").unwrap(), "VND");
        assert!(currency("dollars").unwrap_err().contains("ISO 4217 code"));
    }

    #[test]
    fn lists_split_on_semicolons_and_line_breaks() {
        assert_eq!(
            list("Daegu; Busan, Metropolitan City\nSeoul", false),
            ["Daegu", "Busan, Metropolitan City", "Seoul"]
        );
        assert_eq!(list("culture, tourism;", true), ["culture", "tourism"]);
    }

    #[test]
    fn positional_lists_keep_their_gaps() {
        assert_eq!(positional("; Hiệp hội\r\n"), [None, Some("Hiệp hội".to_owned())]);
        assert_eq!(positional("Daegu; "), [Some("Daegu".to_owned())]);
        assert!(positional("").is_empty());
    }

    #[test]
    fn qualifiers_in_either_language_and_every_qualifier_listed() {
        let names: Vec<&str> = QUALIFIERS.iter().map(|q| q.name()).collect();
        assert_eq!(names, crate::input::serde_names::<Qualifier>());
        assert_eq!(qualifier("gần").unwrap(), Qualifier::Nearly);
        assert_eq!(qualifier("At least").unwrap(), Qualifier::AtLeast);
        assert_eq!(qualifier("ít nhất").unwrap(), Qualifier::AtLeast);
        assert_eq!(qualifier("khoảng").unwrap(), Qualifier::About);
        assert!(qualifier("roughly").unwrap_err().contains("unknown qualifier `roughly`"));
    }

    #[test]
    fn figure_values_may_start_with_a_qualifier() {
        assert_eq!(figure_value(&text_cell("gần 1.200")).unwrap(), (1200.0, Some(Qualifier::Nearly)));
        assert_eq!(figure_value(&text_cell("over 2,500.5")).unwrap(), (2500.5, Some(Qualifier::Over)));
        assert_eq!(figure_value(&Cell::Number(45.0)).unwrap(), (45.0, None));
        assert!(figure_value(&text_cell("1,2 triệu")).unwrap_err().contains("write the value in figures"));
        assert!(figure_value(&text_cell("400 USD")).unwrap_err().contains("names a currency"));
        assert!(number(&text_cell("5%"), "the change").unwrap_err().contains("is a percentage"));
    }

    #[test]
    fn periods_in_the_forms_officers_write() {
        let read = |text: &str| period(&text_cell(text));
        assert_eq!(read("2025").unwrap(), "2025");
        assert_eq!(read("2025-H1").unwrap(), "2025-H1");
        assert_eq!(read("năm 2025").unwrap(), "2025");
        assert_eq!(read("6 tháng đầu năm 2025").unwrap(), "2025-H1");
        assert_eq!(read("6 tháng cuối năm 2025").unwrap(), "2025-H2");
        assert_eq!(read("Quý 3/2025").unwrap(), "2025-Q3");
        assert_eq!(read("quý IV năm 2025").unwrap(), "2025-Q4");
        assert_eq!(read("Q1/2025").unwrap(), "2025-Q1");
        assert_eq!(read("H2 2025").unwrap(), "2025-H2");
        assert_eq!(read("3/2025").unwrap(), "2025-03");
        assert_eq!(read("tháng 12/2025").unwrap(), "2025-12");
        assert_eq!(period(&Cell::Number(2024.0)).unwrap(), "2024");
        assert_eq!(period(&Cell::Date(2025, 3, 1)).unwrap(), "2025-03");
        assert!(period(&Cell::Date(2025, 3, 14)).unwrap_err().contains("is a day, not a period"));
        assert!(read("2025-H3").unwrap_err().contains("is not a period"));
        assert!(read("quý 5/2025").unwrap_err().contains("is not a period"));
        assert!(read("13/2025").unwrap_err().contains("is not a period"));
    }

    #[test]
    fn locations_with_a_decimal_point_or_a_decimal_comma() {
        assert_eq!(location("35.53, 139.7").unwrap(), (35.53, 139.7));
        assert_eq!(location("16,05; 108,2").unwrap(), (16.05, 108.2));
        assert_eq!(location("-33.9,151.2").unwrap(), (-33.9, 151.2));
        assert!(location("north").unwrap_err().contains("not a location"));
    }

    #[test]
    fn officers_short_kind_names_are_read_and_no_name_is_shared() {
        let kinds: Vec<Kind> = crate::config::BUILTIN_KINDS
            .iter()
            .map(|id| Kind { id: (*id).to_owned(), label: crate::text::Text::Plain((*id).to_owned()), builtin: true })
            .collect();
        assert_eq!(kind("đoàn vào", &kinds).unwrap(), "delegation-received");
        assert_eq!(kind("Đoàn ra", &kinds).unwrap(), "delegation-sent");
        assert_eq!(kind("MOU", &kinds).unwrap(), "agreement");
        let mut seen: Vec<String> = Vec::new();
        for id in crate::config::BUILTIN_KINDS {
            let aliases = kind_aliases(id);
            assert!(!aliases.is_empty(), "{id} has no short names");
            for alias in aliases {
                assert!(!seen.contains(&ascii_fold(alias)), "`{alias}` names two kinds");
                seen.push(ascii_fold(alias));
            }
        }
    }

    #[test]
    fn partner_types_in_either_language() {
        assert_eq!(partner_type("Locality").unwrap(), PartnerType::Locality);
        assert_eq!(partner_type("địa phương").unwrap(), PartnerType::Locality);
        assert_eq!(partner_type("Doanh nghiệp").unwrap(), PartnerType::Company);
        assert!(partner_type("town").unwrap_err().contains("unknown partner type `town`"));
    }
}
