//! The columns an events sheet may have, by their English and Vietnamese
//! names, and the sheet names that say a sheet holds events.
//!
//! One list serves the import (which reads a header row) and the export
//! (`events list --format xlsx` writes these headers), so a sheet written by
//! yearbrief always reads back. Names match whatever the case, marks,
//! spaces or brackets (`Title (EN)`, `title_en`, `tiêu đề tiếng Anh`); an
//! unknown name is an error that names the closest known one.

use crate::i18n::Lang;
use crate::text::ascii_fold;

/// A column of an events sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// Its English name, as the export writes it (`title_en`).
    pub en: &'static str,
    /// Its Vietnamese name, as the export writes it with `--lang vi`.
    pub vi: &'static str,
    /// Other names it is known by.
    pub aliases: &'static [&'static str],
}

impl Column {
    /// Its name in a language.
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Vi => self.vi,
        }
    }
}

/// The columns of an events sheet, in the order the export writes them.
pub const EVENT_COLUMNS: [Column; 16] = [
    Column { en: "id", vi: "mã", aliases: &["mã sự kiện"] },
    Column { en: "date", vi: "ngày", aliases: &["start", "ngày bắt đầu", "thời gian"] },
    Column { en: "end", vi: "ngày kết thúc", aliases: &["end date", "đến ngày"] },
    Column { en: "kind", vi: "loại", aliases: &["loại sự kiện"] },
    Column { en: "title_en", vi: "tiêu đề tiếng Anh", aliases: &["title", "title english"] },
    Column { en: "title_vi", vi: "tiêu đề tiếng Việt", aliases: &["tiêu đề", "title vietnamese"] },
    Column { en: "partner", vi: "đối tác", aliases: &["partners", "partner en", "partner name"] },
    Column { en: "partner_vi", vi: "đối tác tiếng Việt", aliases: &["tên đối tác tiếng Việt"] },
    Column { en: "country", vi: "quốc gia", aliases: &["countries", "nước"] },
    Column { en: "partner_type", vi: "loại đối tác", aliases: &["partner types"] },
    Column { en: "amount", vi: "số tiền", aliases: &["value", "giá trị", "kinh phí"] },
    Column { en: "currency", vi: "tiền tệ", aliases: &["đơn vị tiền tệ", "loại tiền"] },
    Column { en: "sectors", vi: "lĩnh vực", aliases: &["sector"] },
    Column { en: "source", vi: "nguồn", aliases: &["sources"] },
    Column { en: "note_en", vi: "ghi chú tiếng Anh", aliases: &["note", "notes"] },
    Column { en: "note_vi", vi: "ghi chú tiếng Việt", aliases: &["ghi chú"] },
];

/// Names of a sheet of events.
const EVENT_SHEETS: [&str; 4] = ["events", "event", "sự kiện", "nhật ký sự kiện"];

/// The name the export gives the sheet of events.
pub fn event_sheet_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "events",
        Lang::Vi => "sự kiện",
    }
}

/// How names are compared: no case, no marks, any run of other characters as one `_`.
fn key(name: &str) -> String {
    ascii_fold(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// True when a sheet's name says it holds events.
pub fn is_event_sheet(name: &str) -> bool {
    let wanted = key(name);
    EVENT_SHEETS.iter().any(|sheet| key(sheet) == wanted)
}

/// The column a header names, or a message naming the closest known one.
/// A header may give the name in both languages, `date / ngày`, as the
/// template of `init` does.
pub fn find(header: &str) -> Result<&'static Column, String> {
    if let Some((first, second)) = header.split_once(" / ")
        && let (Ok(a), Ok(b)) = (find_one(first), find_one(second))
        && a == b
    {
        return Ok(a);
    }
    find_one(header)
}

/// The column one name names.
fn find_one(header: &str) -> Result<&'static Column, String> {
    let wanted = key(header);
    let names = || {
        EVENT_COLUMNS.iter().flat_map(|column| [column.en, column.vi].into_iter().chain(column.aliases.iter().copied()))
    };
    if let Some(column) = EVENT_COLUMNS
        .iter()
        .find(|column| [column.en, column.vi].iter().chain(column.aliases).any(|name| key(name) == wanted))
    {
        return Ok(column);
    }
    let closest = names()
        .map(|name| (strsim::damerau_levenshtein(&wanted, &key(name)), name))
        .min_by_key(|(distance, _)| *distance)
        .map_or("", |(_, name)| name);
    Err(format!(
        "unknown column `{}`; the closest known name is `{closest}`. Rename the column, or delete it; the columns of an events sheet are {}",
        header.trim(),
        EVENT_COLUMNS.iter().map(|column| column.en).collect::<Vec<_>>().join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_in_either_language_whatever_the_case_marks_and_brackets() {
        assert_eq!(find("date").unwrap().en, "date");
        assert_eq!(find("Ngày").unwrap().en, "date");
        assert_eq!(find("ngay").unwrap().en, "date");
        assert_eq!(find("Title (EN)").unwrap().en, "title_en");
        assert_eq!(find("Tiêu đề tiếng Việt").unwrap().en, "title_vi");
        assert_eq!(find("Quốc gia").unwrap().en, "country");
        assert_eq!(find("loại").unwrap().en, "kind");
        assert_eq!(find("Loại đối tác").unwrap().en, "partner_type");
    }

    #[test]
    fn an_unknown_header_names_the_closest_known_one() {
        let message = find("contry").unwrap_err();
        assert!(message.starts_with("unknown column `contry`; the closest known name is `country`"), "{message}");
        let message = find("Ngay ky").unwrap_err();
        assert!(message.contains("the closest known name is `ngày`"), "{message}");
    }

    #[test]
    fn the_exported_names_read_back() {
        for column in EVENT_COLUMNS {
            for lang in Lang::ALL {
                assert_eq!(find(column.name(lang)).unwrap(), &column);
            }
        }
        assert_eq!(find("date / ngày").unwrap().en, "date");
        assert!(find("date / quốc gia").is_err());
        assert!(is_event_sheet("Sự kiện") && is_event_sheet("EVENTS") && !is_event_sheet("Sheet1"));
    }
}
