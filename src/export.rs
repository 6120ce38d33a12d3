//! The log as an Excel workbook that the import reads back.
//!
//! `events list --format xlsx` writes one sheet of events, and `yearbrief
//! export` the whole log as four sheets (sources, events, figures,
//! partners), with the very columns [`crate::import`] reads (see
//! [`crate::import::columns`]), headed in English or, with `--lang vi`, in
//! Vietnamese with the kinds' Vietnamese labels. Every field is kept in full
//! (both languages of titles, notes and names; every partner, country,
//! type and source, separated by `; `), so that exporting the log and
//! importing the workbook adds nothing: a department can keep its year in a
//! spreadsheet and hand it back.
//! [`stats`] writes the year's figures as a workbook to read, not to import.

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, Formula, Workbook, XlsxError};

use crate::config::Config;
use crate::data::{Event, Qualifier};
use crate::i18n::Lang;
use crate::import::columns::{columns, sheet_name};
use crate::record::{EventFields, FigureFields, Record, RecordType, SourceFields, StandingPartnerFields, Texts};

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

/// A cell the export writes.
enum Value {
    /// Text.
    Text(String),
    /// A number, shown with thousands separators.
    Number(f64),
}

/// The cells of one record, by English column name; `None` for an empty cell.
type Row = Vec<(&'static str, Option<Value>)>;

/// Items joined with `; `, as the import reads a list; `None` for none.
fn listed<'a>(items: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let items: Vec<&str> = items.into_iter().collect();
    (!items.is_empty()).then(|| items.join("; "))
}

/// Texts as cells: `None` stays an empty cell.
fn text(text: Option<&str>) -> Option<Value> {
    text.map(|text| Value::Text(text.to_owned()))
}

/// The cells of one event.
fn event_row(fields: &EventFields, config: &Config, lang: Lang) -> Row {
    let kind = match lang {
        Lang::En => fields.kind.clone(),
        Lang::Vi => config.kind(&fields.kind).map_or(fields.kind.clone(), |kind| kind.label.get(Lang::Vi).to_owned()),
    };
    let names: Vec<&Texts> = fields.partners.iter().map(|p| &p.name).collect();
    vec![
        ("id", text(fields.id.as_deref())),
        ("date", Some(Value::Text(fields.date.clone()))),
        ("end", text(fields.end.as_deref())),
        ("kind", Some(Value::Text(kind))),
        ("title_en", text(fields.title.en.as_deref())),
        ("title_vi", text(fields.title.vi.as_deref())),
        ("partner", joined(&names, |name| name.en.as_deref()).map(Value::Text)),
        ("partner_vi", joined(&names, |name| name.vi.as_deref()).map(Value::Text)),
        ("country", listed(fields.partners.iter().map(|p| p.country.as_str())).map(Value::Text)),
        ("partner_type", listed(fields.partners.iter().map(|p| p.kind.as_str())).map(Value::Text)),
        ("amount", fields.amount.as_ref().map(|a| Value::Number(a.value))),
        ("currency", fields.amount.as_ref().map(|a| Value::Text(a.currency.clone()))),
        ("sectors", listed(fields.sectors.iter().map(String::as_str)).map(Value::Text)),
        ("source", listed(fields.sources.iter().map(String::as_str)).map(Value::Text)),
        ("note_en", text(fields.note.en.as_deref())),
        ("note_vi", text(fields.note.vi.as_deref())),
    ]
}

/// The cells of one source.
fn source_row(fields: &SourceFields) -> Row {
    vec![
        ("id", Some(Value::Text(fields.id.clone()))),
        ("title_en", text(fields.title.en.as_deref())),
        ("title_vi", text(fields.title.vi.as_deref())),
        ("publisher", text(fields.publisher.en.as_deref())),
        ("publisher_vi", text(fields.publisher.vi.as_deref())),
        ("published", Some(Value::Text(fields.published.clone()))),
        ("url", text(fields.url.as_deref())),
        ("language", text(fields.language.as_deref())),
    ]
}

/// The cells of one reported figure.
fn figure_row(fields: &FigureFields) -> Row {
    vec![
        ("indicator", Some(Value::Text(fields.indicator.clone()))),
        ("period", Some(Value::Text(fields.period.clone()))),
        ("value", Some(Value::Number(fields.value))),
        ("qualifier", (fields.qualifier != Qualifier::Exact).then(|| Value::Text(fields.qualifier.name().to_owned()))),
        ("change", fields.change.map(Value::Number)),
        ("as_of", text(fields.as_of.as_deref())),
        ("source", listed(fields.sources.iter().map(String::as_str)).map(Value::Text)),
        ("note_en", text(fields.note.en.as_deref())),
        ("note_vi", text(fields.note.vi.as_deref())),
    ]
}

/// The cells of one standing partner.
fn partner_row(fields: &StandingPartnerFields) -> Row {
    vec![
        ("name_en", text(fields.name.en.as_deref())),
        ("name_vi", text(fields.name.vi.as_deref())),
        ("country", Some(Value::Text(fields.country.clone()))),
        ("partner_type", Some(Value::Text(fields.kind.clone()))),
        ("since", text(fields.since.as_deref())),
        ("location", fields.location.map(|(lat, lon)| Value::Text(format!("{lat}, {lon}")))),
        ("source", listed(fields.sources.iter().map(String::as_str)).map(Value::Text)),
        ("note_en", text(fields.note.en.as_deref())),
        ("note_vi", text(fields.note.vi.as_deref())),
    ]
}

/// Adds a sheet of records of one type: its columns headed in `lang`, then
/// one row per record.
fn add_sheet(workbook: &mut Workbook, table: RecordType, lang: Lang, rows: &[Row]) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(table, lang))?;
    let bold = Format::new().set_bold();
    let whole = Format::new().set_num_format("#,##0");
    let decimal = Format::new().set_num_format("#,##0.########");
    let columns = columns(table);
    for (index, column) in columns.iter().enumerate() {
        let at = index as u16;
        sheet.write_string_with_format(0, at, column.name(lang), &bold)?;
        sheet.set_column_width(at, width(column.en))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (number, row) in rows.iter().enumerate() {
        let at_row = number as u32 + 1;
        for (name, value) in row {
            let Some(at) = columns.iter().position(|column| column.en == *name) else { continue };
            let at = at as u16;
            match value {
                Some(Value::Text(text)) => {
                    sheet.write_string(at_row, at, text)?;
                }
                Some(Value::Number(number)) => {
                    let format = if number.fract() == 0.0 { &whole } else { &decimal };
                    sheet.write_number_with_format(at_row, at, *number, format)?;
                }
                None => {}
            }
        }
    }
    Ok(())
}

/// The events as the bytes of an `.xlsx` workbook with one sheet.
pub fn events_workbook(events: &[Event], config: &Config, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let rows: Vec<Row> = events.iter().map(|event| event_row(&EventFields::of(event), config, lang)).collect();
    add_sheet(&mut workbook, RecordType::Event, lang, &rows)?;
    workbook.save_to_buffer()
}

/// The whole log as the bytes of an `.xlsx` workbook: a sheet for each type
/// of record (sources first, which the others cite), each record in the
/// order given.
pub fn log_workbook(records: &[Record], config: &Config, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    for table in RecordType::ALL {
        let rows: Vec<Row> = records
            .iter()
            .filter_map(|record| match (table, record) {
                (RecordType::Source, Record::Source(fields)) => Some(source_row(fields)),
                (RecordType::Event, Record::Event(fields)) => Some(event_row(fields, config, lang)),
                (RecordType::Figure, Record::Figure(fields)) => Some(figure_row(fields)),
                (RecordType::Partner, Record::Partner(fields)) => Some(partner_row(fields)),
                _ => None,
            })
            .collect();
        add_sheet(&mut workbook, table, lang, &rows)?;
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
    fn every_column_the_import_reads_is_written_in_its_order() {
        let config = test_config();
        let rows = [
            (RecordType::Source, source_row(&SourceFields::default())),
            (RecordType::Event, event_row(&EventFields::default(), &config, Lang::En)),
            (RecordType::Figure, figure_row(&FigureFields::default())),
            (RecordType::Partner, partner_row(&StandingPartnerFields::default())),
        ];
        for (table, row) in rows {
            let names: Vec<&str> = columns(table).iter().map(|c| c.en).collect();
            let cells: Vec<&str> = row.into_iter().map(|(name, _)| name).collect();
            assert_eq!(names, cells, "{table:?}");
        }
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
