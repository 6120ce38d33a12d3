//! The columns each sheet may have (events, figures, sources, partners), by
//! their English and Vietnamese names, and the sheet names that say which
//! of the four a sheet holds.
//!
//! One list per table serves the import (which reads a header row), the
//! export (`events list --format xlsx` writes these headers) and the
//! template `init` writes, so a sheet written by yearbrief always reads
//! back. Names match whatever the case, marks, spaces or brackets (`Title
//! (EN)`, `title_en`, `tiêu đề tiếng Anh`); an unknown name is an error that
//! names the closest known one.

use crate::i18n::Lang;
use crate::record::RecordType;
use crate::text::ascii_fold;

/// A column of a sheet.
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

/// The columns of a figures sheet, in the order the template writes them.
pub const FIGURE_COLUMNS: [Column; 9] = [
    Column { en: "indicator", vi: "chỉ tiêu", aliases: &["chỉ số", "indicator id"] },
    Column { en: "period", vi: "kỳ", aliases: &["kỳ báo cáo", "thời kỳ"] },
    Column { en: "value", vi: "giá trị", aliases: &["số liệu", "figure"] },
    Column {
        en: "qualifier", vi: "mức độ chính xác", aliases: &["độ chính xác", "mức độ", "precision"]
    },
    Column {
        en: "change", vi: "tăng giảm", aliases: &["thay đổi", "so với cùng kỳ", "change on a year earlier"]
    },
    Column { en: "as_of", vi: "tính đến ngày", aliases: &["tính đến", "as of date"] },
    Column { en: "source", vi: "nguồn", aliases: &["sources"] },
    Column { en: "note_en", vi: "ghi chú tiếng Anh", aliases: &["note", "notes"] },
    Column { en: "note_vi", vi: "ghi chú tiếng Việt", aliases: &["ghi chú"] },
];

/// The columns of a sources sheet, in the order the template writes them.
pub const SOURCE_COLUMNS: [Column; 8] = [
    Column { en: "id", vi: "mã", aliases: &["mã nguồn", "source id"] },
    Column { en: "title_en", vi: "tiêu đề tiếng Anh", aliases: &["title", "title english"] },
    Column { en: "title_vi", vi: "tiêu đề tiếng Việt", aliases: &["tiêu đề", "title vietnamese"] },
    Column {
        en: "publisher", vi: "cơ quan đăng", aliases: &["publisher_en", "nơi đăng", "đơn vị phát hành"]
    },
    Column { en: "publisher_vi", vi: "cơ quan đăng tiếng Việt", aliases: &[] },
    Column { en: "published", vi: "ngày đăng", aliases: &["date", "ngày phát hành", "ngày"] },
    Column { en: "url", vi: "địa chỉ web", aliases: &["link", "đường dẫn", "web"] },
    Column { en: "language", vi: "ngôn ngữ", aliases: &["lang"] },
];

/// The columns of a partners sheet, in the order the template writes them.
pub const PARTNER_COLUMNS: [Column; 9] = [
    Column { en: "name_en", vi: "tên tiếng Anh", aliases: &["name", "partner", "partner name"] },
    Column { en: "name_vi", vi: "tên tiếng Việt", aliases: &["tên", "đối tác", "tên đối tác"] },
    Column { en: "country", vi: "quốc gia", aliases: &["nước"] },
    Column { en: "partner_type", vi: "loại đối tác", aliases: &["type", "loại"] },
    Column { en: "since", vi: "từ năm", aliases: &["quan hệ từ", "từ ngày", "since date"] },
    Column { en: "location", vi: "vị trí", aliases: &["tọa độ", "coordinates", "lat lon"] },
    Column { en: "source", vi: "nguồn", aliases: &["sources"] },
    Column { en: "note_en", vi: "ghi chú tiếng Anh", aliases: &["note", "notes"] },
    Column { en: "note_vi", vi: "ghi chú tiếng Việt", aliases: &["ghi chú"] },
];

/// The columns of a sheet of a type.
pub fn columns(table: RecordType) -> &'static [Column] {
    match table {
        RecordType::Event => &EVENT_COLUMNS,
        RecordType::Figure => &FIGURE_COLUMNS,
        RecordType::Source => &SOURCE_COLUMNS,
        RecordType::Partner => &PARTNER_COLUMNS,
    }
}

/// The names that say a sheet (or a CSV file) holds records of a type; the
/// first in each language is the one the template and the export write.
pub fn sheet_names(table: RecordType) -> &'static [&'static str] {
    match table {
        RecordType::Event => &["events", "sự kiện", "event", "nhật ký sự kiện"],
        RecordType::Figure => &["figures", "số liệu", "figure", "chỉ tiêu"],
        RecordType::Source => &["sources", "nguồn", "source", "nguồn tin"],
        RecordType::Partner => &["partners", "đối tác", "partner"],
    }
}

/// The name of a sheet of a type in a language (`events`, `sự kiện`).
pub fn sheet_name(table: RecordType, lang: Lang) -> &'static str {
    match lang {
        Lang::En => sheet_names(table)[0],
        Lang::Vi => sheet_names(table)[1],
    }
}

/// The names of the template's sheet of drop-down lists, which is not data.
const LIST_SHEETS: [&str; 2] = ["lists", "danh sách"];

/// How names are compared: no case, no marks, any run of other characters as one `_`.
fn key(name: &str) -> String {
    ascii_fold(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// The type of records a sheet's name (or a CSV file's name) says it holds.
pub fn table_of_sheet(name: &str) -> Option<RecordType> {
    let wanted = key(name);
    RecordType::ALL.into_iter().find(|table| sheet_names(*table).iter().any(|sheet| key(sheet) == wanted))
}

/// True for the template's sheet of drop-down lists.
pub fn is_list_sheet(name: &str) -> bool {
    let wanted = key(name);
    LIST_SHEETS.iter().any(|sheet| key(sheet) == wanted)
}

/// The sheet names the import recognises, for messages: `events` / `sự kiện`, ...
pub fn accepted_sheet_names() -> String {
    RecordType::ALL
        .iter()
        .map(|table| format!("`{}` or `{}`", sheet_name(*table, Lang::En), sheet_name(*table, Lang::Vi)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The column a header of a sheet of `table` names, or a message naming
/// the closest known one. A header may give the name in both languages,
/// `date / ngày`, as the template of `init` does.
pub fn find(table: RecordType, header: &str) -> Result<&'static Column, String> {
    if let Some((first, second)) = header.split_once(" / ")
        && let (Ok(a), Ok(b)) = (find_one(table, first), find_one(table, second))
        && a == b
    {
        return Ok(a);
    }
    find_one(table, header)
}

/// The column one name names.
fn find_one(table: RecordType, header: &str) -> Result<&'static Column, String> {
    let wanted = key(header);
    let known = columns(table);
    let names =
        || known.iter().flat_map(|column| [column.en, column.vi].into_iter().chain(column.aliases.iter().copied()));
    if let Some(column) =
        known.iter().find(|column| [column.en, column.vi].iter().chain(column.aliases).any(|name| key(name) == wanted))
    {
        return Ok(column);
    }
    let closest = names()
        .map(|name| (strsim::damerau_levenshtein(&wanted, &key(name)), name))
        .min_by_key(|(distance, _)| *distance)
        .map_or("", |(_, name)| name);
    let article = if table == RecordType::Event { "an" } else { "a" };
    Err(format!(
        "unknown column `{}`; the closest known name is `{closest}`. Rename the column, or delete it; the columns of {article} {} sheet are {}",
        header.trim(),
        table.plural(),
        known.iter().map(|column| column.en).collect::<Vec<_>>().join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_in_either_language_whatever_the_case_marks_and_brackets() {
        let event = |header| find(RecordType::Event, header).unwrap().en;
        assert_eq!(event("date"), "date");
        assert_eq!(event("Ngày"), "date");
        assert_eq!(event("ngay"), "date");
        assert_eq!(event("Title (EN)"), "title_en");
        assert_eq!(event("Tiêu đề tiếng Việt"), "title_vi");
        assert_eq!(event("Quốc gia"), "country");
        assert_eq!(event("loại"), "kind");
        assert_eq!(event("Loại đối tác"), "partner_type");
        assert_eq!(find(RecordType::Figure, "Chỉ tiêu").unwrap().en, "indicator");
        assert_eq!(find(RecordType::Figure, "Kỳ").unwrap().en, "period");
        assert_eq!(find(RecordType::Figure, "as-of").unwrap().en, "as_of");
        assert_eq!(find(RecordType::Source, "Ngày đăng").unwrap().en, "published");
        assert_eq!(find(RecordType::Partner, "Tên").unwrap().en, "name_vi");
        assert_eq!(find(RecordType::Partner, "loại").unwrap().en, "partner_type");
    }

    #[test]
    fn an_unknown_header_names_the_closest_known_one() {
        let message = find(RecordType::Event, "contry").unwrap_err();
        assert!(message.starts_with("unknown column `contry`; the closest known name is `country`"), "{message}");
        let message = find(RecordType::Event, "Ngay ky").unwrap_err();
        assert!(message.contains("the closest known name is `ngày`"), "{message}");
        let message = find(RecordType::Figure, "indicatr").unwrap_err();
        assert!(
            message.contains("closest known name is `indicator`") && message.contains("a figures sheet"),
            "{message}"
        );
    }

    #[test]
    fn the_exported_names_read_back_and_no_name_is_taken_twice() {
        for table in RecordType::ALL {
            let mut seen: Vec<String> = Vec::new();
            for column in columns(table) {
                for lang in Lang::ALL {
                    assert_eq!(find(table, column.name(lang)).unwrap(), column);
                }
                for name in [column.en, column.vi].iter().chain(column.aliases) {
                    assert!(!seen.contains(&key(name)), "{table:?}: `{name}` names two columns");
                    seen.push(key(name));
                }
            }
            for lang in Lang::ALL {
                assert_eq!(table_of_sheet(sheet_name(table, lang)), Some(table));
            }
        }
        assert_eq!(find(RecordType::Event, "date / ngày").unwrap().en, "date");
        assert!(find(RecordType::Event, "date / quốc gia").is_err());
        assert_eq!(table_of_sheet("Sự kiện"), Some(RecordType::Event));
        assert_eq!(table_of_sheet("SỐ LIỆU"), Some(RecordType::Figure));
        assert_eq!(table_of_sheet("Sheet1"), None);
        assert!(is_list_sheet("lists") && !is_list_sheet("events"));
    }
}
