//! The log as an Excel workbook that the import reads back.
//!
//! `events list --format xlsx` writes one sheet of events with the very
//! columns [`crate::import`] reads (see [`crate::import::columns`]), headed
//! in English or, with `--lang vi`, in Vietnamese with the kinds' Vietnamese
//! labels. Every field is kept in full (both languages of titles, notes and
//! partner names; every partner, country and type, separated by `; `), so
//! that exporting the log and importing the workbook adds nothing: a
//! department can keep its year in a spreadsheet and hand it back.
//! [`stats`] writes the year's figures as a workbook to read, not to import.

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, Formula, Workbook, XlsxError};

use crate::config::Config;
use crate::data::Event;
use crate::i18n::Lang;
use crate::import::columns::{EVENT_COLUMNS, event_sheet_name, sheet_name};
use crate::record::{EventFields, RecordType, Texts};

pub mod stats;

/// Column widths, in characters, by English column name.
fn width(column: &str) -> f64 {
    match column {
        "title_en" | "title_vi" | "note_en" | "note_vi" => 50.0,
        "id" | "partner" | "partner_vi" | "name_en" | "name_vi" | "indicator" | "publisher" | "publisher_vi" => 30.0,
        "kind" | "source" | "sectors" => 20.0,
        "amount" => 16.0,
        _ => 12.0,
    }
}

/// The texts of a list of partners, joined with `; `, in one language, a
/// partner without one leaving its place empty (the import reads the list
/// by position); `None` when no partner has a text in it.
fn joined(names: &[&Texts], pick: impl Fn(&Texts) -> Option<&str>) -> Option<String> {
    if names.iter().all(|name| pick(name).is_none()) {
        return None;
    }
    let items: Vec<&str> = names.iter().map(|name| pick(name).unwrap_or_default()).collect();
    Some(items.join("; ").trim_end().to_owned())
}

/// The cells of one event, by English column name; `None` for an empty cell.
fn row(fields: &EventFields, config: &Config, lang: Lang) -> Vec<(&'static str, Option<String>)> {
    let kind = match lang {
        Lang::En => fields.kind.clone(),
        Lang::Vi => config.kind(&fields.kind).map_or(fields.kind.clone(), |kind| kind.label.get(Lang::Vi).to_owned()),
    };
    let names: Vec<&Texts> = fields.partners.iter().map(|p| &p.name).collect();
    let list = |items: Vec<&str>| (!items.is_empty()).then(|| items.join("; "));
    vec![
        ("id", fields.id.clone()),
        ("date", Some(fields.date.clone())),
        ("end", fields.end.clone()),
        ("kind", Some(kind)),
        ("title_en", fields.title.en.clone()),
        ("title_vi", fields.title.vi.clone()),
        ("partner", joined(&names, |name| name.en.as_deref())),
        ("partner_vi", joined(&names, |name| name.vi.as_deref())),
        ("country", list(fields.partners.iter().map(|p| p.country.as_str()).collect())),
        ("partner_type", list(fields.partners.iter().map(|p| p.kind.as_str()).collect())),
        ("amount", None),
        ("currency", fields.amount.as_ref().map(|a| a.currency.clone())),
        ("sectors", list(fields.sectors.iter().map(String::as_str).collect())),
        ("source", list(fields.sources.iter().map(String::as_str).collect())),
        ("note_en", fields.note.en.clone()),
        ("note_vi", fields.note.vi.clone()),
    ]
}

/// The events as the bytes of an `.xlsx` workbook with one sheet.
pub fn events_workbook(events: &[Event], config: &Config, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(event_sheet_name(lang))?;
    let bold = Format::new().set_bold();
    let whole = Format::new().set_num_format("#,##0");
    let decimal = Format::new().set_num_format("#,##0.########");
    for (index, column) in EVENT_COLUMNS.iter().enumerate() {
        let at = index as u16;
        sheet.write_string_with_format(0, at, column.name(lang), &bold)?;
        sheet.set_column_width(at, width(column.en))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (number, event) in events.iter().enumerate() {
        let at_row = number as u32 + 1;
        let fields = EventFields::of(event);
        for (index, (name, text)) in row(&fields, config, lang).into_iter().enumerate() {
            let at = index as u16;
            if name == "amount" {
                if let Some(amount) = &fields.amount {
                    let format = if amount.value.fract() == 0.0 { &whole } else { &decimal };
                    sheet.write_number_with_format(at_row, at, amount.value, format)?;
                }
            } else if let Some(text) = text {
                sheet.write_string(at_row, at, text)?;
            }
        }
    }
    workbook.save_to_buffer()
}

/// Currencies offered in the template's list (any ISO 4217 code may be typed).
const TEMPLATE_CURRENCIES: [&str; 16] =
    ["VND", "USD", "EUR", "JPY", "KRW", "CNY", "TWD", "GBP", "AUD", "SGD", "THB", "LAK", "KHR", "HKD", "CHF", "CAD"];

/// The English names of every country, as the template lists them (each reads back to its code).
pub fn country_names() -> Vec<&'static str> {
    let mut names = Vec::new();
    for first in b'A'..=b'Z' {
        for second in b'A'..=b'Z' {
            let code = String::from_utf8(vec![first, second]).unwrap_or_default();
            if let Some(name) = crate::i18n::country_name(&code, Lang::En) {
                names.push(name);
            }
        }
    }
    names.sort_unstable();
    names
}

/// A cell of the template's example rows.
enum Example<'a> {
    /// Text.
    Text(&'a str),
    /// A number, shown with thousands separators.
    Number(f64),
    /// A date: year, month, day (shown dd/mm/yyyy, as a Vietnamese Excel does).
    Date(u16, u8, u8),
}

/// The example row of each sheet of the template, by English column name,
/// dated in `year`; the events, figures and partners cite the example source.
fn template_examples(year: u16) -> [(RecordType, Vec<(&'static str, Example<'static>)>); 4] {
    use Example::{Date, Number, Text};
    const SOURCE: &str = "example-statistics-bulletin";
    [
        (
            RecordType::Source,
            vec![
                ("id", Text(SOURCE)),
                ("title_en", Text("Statistical bulletin (example)")),
                ("title_vi", Text("Bản tin thống kê (ví dụ)")),
                ("publisher", Text("City Statistics Office")),
                ("publisher_vi", Text("Cục Thống kê thành phố")),
                ("published", Date(year, 6, 30)),
                ("language", Text("vi")),
            ],
        ),
        (
            RecordType::Event,
            vec![
                ("date", Date(year, 3, 14)),
                ("kind", Text("agreement")),
                ("title_en", Text("Cooperation memorandum with Daegu")),
                ("title_vi", Text("Biên bản ghi nhớ hợp tác với Daegu")),
                ("partner", Text("Daegu")),
                ("partner_vi", Text("Thành phố Daegu")),
                ("country", Text("Republic of Korea")),
                ("partner_type", Text("locality")),
                ("amount", Number(2_800_000.0)),
                ("currency", Text("USD")),
                ("source", Text(SOURCE)),
                ("note_en", Text("An example: replace this row with the year's events.")),
                ("note_vi", Text("Dòng ví dụ: thay bằng các sự kiện trong năm.")),
            ],
        ),
        (
            RecordType::Figure,
            vec![
                ("indicator", Text("delegations-received")),
                ("period", Text("6 tháng đầu năm")),
                ("value", Number(120.0)),
                ("qualifier", Text("about")),
                ("as_of", Date(year, 6, 30)),
                ("source", Text(SOURCE)),
                ("note_en", Text("An example: replace this row with the figures the year's reports give.")),
                ("note_vi", Text("Dòng ví dụ: thay bằng các số liệu báo cáo trong năm.")),
            ],
        ),
        (
            RecordType::Partner,
            vec![
                ("name_en", Text("Gyeongsangbuk-do Province")),
                ("name_vi", Text("Tỉnh Gyeongsangbuk-do")),
                ("country", Text("Republic of Korea")),
                ("partner_type", Text("locality")),
                ("since", Date(year, 9, 1)),
                ("source", Text(SOURCE)),
            ],
        ),
    ]
}

/// The partner types, by name, for the template's list.
fn partner_type_names() -> Vec<&'static str> {
    crate::config::PartnerType::ALL.iter().map(|kind| kind.name()).collect()
}

/// The workbook `init` writes for a department to fill in: a sheet of each
/// table (sources, events, figures, partners) headed in English and
/// Vietnamese (`date / ngày`), one example row each dated in `year`, and
/// drop-down lists of the kinds, the countries, common currencies, the
/// qualifiers and the partner types (from a hidden sheet `lists`, which the
/// import skips).
pub fn import_template(year: i32, kinds: &[&str]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let whole = Format::new().set_num_format("#,##0");
    let countries = country_names();
    let qualifiers: Vec<&str> = crate::input::serde_names::<crate::data::Qualifier>().to_vec();
    let lists: [(&str, &str, Vec<&str>); 5] = [
        ("kind", "kind / loại", kinds.to_vec()),
        ("country", "country / quốc gia", countries),
        ("currency", "currency / tiền tệ", TEMPLATE_CURRENCIES.to_vec()),
        ("qualifier", "qualifier / mức độ chính xác", qualifiers),
        ("partner_type", "partner_type / loại đối tác", partner_type_names()),
    ];
    let year_cell = u16::try_from(year).unwrap_or(2025);
    for (table, example) in template_examples(year_cell) {
        let columns = crate::import::columns::columns(table);
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(table, Lang::En))?;
        for (index, column) in columns.iter().enumerate() {
            let at = index as u16;
            let header = format!("{} / {}", column.en, column.vi);
            // Wide enough for its header in bold, so no heading is cut off.
            sheet.set_column_width(at, width(column.en).max(header.chars().count() as f64 * 1.15 + 2.0))?;
            sheet.write_string_with_format(0, at, header, &bold)?;
            match example.iter().find(|(name, _)| *name == column.en).map(|(_, cell)| cell) {
                Some(Example::Text(text)) => {
                    let text = if column.en == "period" { format!("{text} {year}") } else { (*text).to_owned() };
                    sheet.write_string(1, at, text)?;
                }
                Some(Example::Number(number)) => {
                    sheet.write_number_with_format(1, at, *number, &whole)?;
                }
                Some(Example::Date(year, month, day)) => {
                    sheet.write_date_with_format(1, at, ExcelDateTime::from_ymd(*year, *month, *day)?, &date)?;
                }
                None => {}
            }
            if let Some(list) = lists.iter().position(|(name, _, _)| *name == column.en) {
                let letter = crate::import::sheet::column_letters(list + 1);
                let count = lists[list].2.len() + 1;
                let validation = DataValidation::new()
                    .allow_list_formula(Formula::new(format!("=lists!${letter}$2:${letter}${count}")))
                    .set_error_style(DataValidationErrorStyle::Warning);
                const LAST_ROW: u32 = 10_000;
                sheet.add_data_validation(1, at, LAST_ROW, at, &validation)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name("lists")?;
    for (index, (_, header, values)) in lists.iter().enumerate() {
        let at = index as u16;
        sheet.write_string_with_format(0, at, *header, &bold)?;
        sheet.set_column_width(at, 30)?;
        for (row, value) in values.iter().enumerate() {
            sheet.write_string(row as u32 + 1, at, *value)?;
        }
    }
    sheet.set_hidden(true);
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_are_written_in_the_order_the_import_reads() {
        let names: Vec<&str> = EVENT_COLUMNS.iter().map(|c| c.en).collect();
        let cells: Vec<&str> =
            row(&EventFields::default(), &test_config(), Lang::En).into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, cells);
    }

    #[test]
    fn every_country_the_template_lists_reads_back_to_its_code() {
        let names = country_names();
        assert_eq!(names.len(), 249);
        for name in names {
            let code = crate::country::code(name).unwrap();
            assert_eq!(crate::i18n::country_name(&code, Lang::En), Some(name), "{name}");
        }
    }

    fn test_config() -> Config {
        let mut problems = crate::diag::Problems::new();
        Config::from_text(
            std::path::Path::new("report.toml"),
            "[report]\ntitle = \"t\"\norganisation = \"o\"\nyear = 2024\nlanguages = [\"en\"]\ndata = \"data\"\noutput = \"out/{year}-{lang}.pdf\"\n",
            &mut problems,
        )
        .unwrap_or_else(|| panic!("{:?}", problems.into_vec()))
    }
}
