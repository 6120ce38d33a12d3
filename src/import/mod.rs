//! The import stage: a department's spreadsheet (`.xlsx`, `.ods`, `.csv`)
//! read into event records, every problem located at its cell.
//!
//! Officers keep the year in a spreadsheet long before anyone writes TOML.
//! This stage turns the events sheet of such a file into [`EventFields`],
//! one per row, the way `events add` would have been called for it: the
//! header row names the columns (in English or Vietnamese, see
//! [`columns`]), each cell is read as officers type it (see [`cells`]), the
//! country names become ISO codes (see [`crate::country`]), and each row gets a
//! stable id, from its `id` column or made from its date, kind and title,
//! so that the same row imported twice is the same record. Every problem of
//! every cell is collected, located as `FILE:SHEET!C5` (`FILE:LINE:COLUMN`
//! in a CSV file), so one run shows all of them. Whether a row is new, and
//! checking and writing the records, is the command's business
//! (`cmd::import` with [`crate::append`]).

pub mod cells;
pub mod columns;
pub mod sheet;

use std::path::Path;
use std::sync::Arc;

use cells::{Cell, DayOrder};
use columns::Column;
use sheet::{Origin, Sheet, SheetRow};

use crate::config::Kind;
use crate::diag::{Location, Problem};
use crate::record::{AmountFields, EventFields, PartnerFields, Texts, slug};

/// What to read.
pub struct Request<'a> {
    /// The file.
    pub path: &'a Path,
    /// The file as shown in messages.
    pub shown: &'a Path,
    /// The one sheet to read (`--sheet`), instead of the sheets named as events.
    pub sheet: Option<&'a str>,
    /// How to read dates such as `03/04/2025`.
    pub order: DayOrder,
    /// The event kinds of the config (ids and labels).
    pub kinds: &'a [Kind],
}

/// A row read into an event.
#[derive(Debug)]
pub struct Row {
    /// The sheet it is in, counted from 0 in file order.
    pub sheet: usize,
    /// The file and sheet it is in.
    pub origin: Arc<Origin>,
    /// Its row number (the CSV line it starts on).
    pub number: usize,
    /// The event it holds; its id is always set.
    pub fields: EventFields,
    /// True when the id was made from the date, kind and title (no `id` cell).
    pub derived_id: bool,
    /// The column each key of the record came from.
    columns: Vec<(&'static str, usize)>,
    /// The row's first column, for problems of the whole row.
    first_column: usize,
}

impl Row {
    /// The place of the cell a key of the record (`title`, `partners`) came
    /// from; the row's first cell when none did.
    pub fn cell(&self, key: Option<&str>) -> Location {
        let column = key
            .and_then(|key| self.columns.iter().find(|(k, _)| *k == key))
            .map_or(self.first_column, |(_, column)| *column);
        self.origin.cell(self.number, column)
    }

    /// The column number a key came from, for sorting problems.
    pub fn column_of(&self, key: Option<&str>) -> usize {
        key.and_then(|key| self.columns.iter().find(|(k, _)| *k == key)).map_or(0, |(_, column)| *column)
    }
}

/// A problem, with where it sorts: sheet, row, column.
#[derive(Debug)]
pub struct Found {
    /// The sheet (in file order), row and column, for sorting.
    pub order: (usize, usize, usize),
    /// The problem, located at its cell.
    pub problem: Problem,
}

/// What the import read.
#[derive(Debug, Default)]
pub struct Imported {
    /// Every row that holds an event, in file order (rows with errors left out).
    pub rows: Vec<Row>,
    /// Every problem found, in file order.
    pub problems: Vec<Found>,
    /// The names of the sheets read.
    pub sheets: Vec<String>,
}

/// Reads the events sheet(s) of a file.
pub fn read(request: &Request<'_>) -> Imported {
    let mut imported = Imported::default();
    let sheets = match sheet::read(request.path, request.shown) {
        Ok(sheets) => sheets,
        Err(problem) => {
            imported.problems.push(Found { order: (0, 0, 0), problem });
            return imported;
        }
    };
    let chosen = match choose(&sheets, request) {
        Ok(chosen) => chosen,
        Err(message) => {
            let problem = Problem::error(Location::file(request.shown.to_path_buf()), message);
            imported.problems.push(Found { order: (0, 0, 0), problem });
            return imported;
        }
    };
    for (index, sheet) in sheets.iter().enumerate().filter(|(index, _)| chosen.contains(index)) {
        imported.sheets.push(sheet.origin.sheet.clone().unwrap_or_default());
        read_sheet(sheet, index, request, &mut imported);
    }
    imported
}

/// The sheets to read: `--sheet`, else those named as events, else a workbook's only sheet.
fn choose(sheets: &[Sheet], request: &Request<'_>) -> Result<Vec<usize>, String> {
    let names: Vec<&str> = sheets.iter().filter_map(|s| s.origin.sheet.as_deref()).collect();
    let listed = || names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    if let Some(wanted) = request.sheet {
        if sheets.iter().all(|s| s.origin.sheet.is_none()) {
            return Err("a CSV file has no sheets; leave --sheet out".to_owned());
        }
        return match sheets.iter().position(|s| s.origin.sheet.as_deref() == Some(wanted)) {
            Some(index) => Ok(vec![index]),
            None => {
                let hint = match crate::config::closest(wanted, names.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`? "),
                    None => String::new(),
                };
                Err(format!("the file has no sheet `{wanted}`; {hint}its sheets are {}", listed()))
            }
        };
    }
    if sheets.len() == 1 {
        return Ok(vec![0]);
    }
    let named: Vec<usize> = sheets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.origin.sheet.as_deref().is_some_and(columns::is_event_sheet))
        .map(|(index, _)| index)
        .collect();
    if named.is_empty() {
        return Err(format!(
            "none of the sheets ({}) is named as a sheet of events; name it `events` or `sự kiện`, or pass --sheet NAME",
            listed()
        ));
    }
    Ok(named)
}

/// Where each column of a header row is, by its English name.
struct Header {
    columns: Vec<(&'static Column, usize)>,
    /// Every column with a header, known or not (an unknown one is an
    /// error already; its cells are not reported again).
    headed: Vec<usize>,
}

impl Header {
    fn at(&self, en: &str) -> Option<usize> {
        self.columns.iter().find(|(column, _)| column.en == en).map(|(_, at)| *at)
    }
}

/// Reads the header row of a sheet; the problems of its cells are recorded.
fn header(sheet: &Sheet, row: &SheetRow, index: usize, found: &mut Vec<Found>) -> Option<Header> {
    let origin = &sheet.origin;
    let mut columns: Vec<(&'static Column, usize)> = Vec::new();
    let mut headed = Vec::new();
    let mut ok = true;
    let mut error = |column: usize, message: String| {
        let problem = Problem::error(origin.cell(row.number, column), message);
        found.push(Found { order: (index, row.number, column), problem });
    };
    for (offset, cell) in row.cells.iter().enumerate() {
        let at = offset + 1;
        let name = match cell {
            Cell::Empty => continue,
            Cell::Text(text) if text.trim().is_empty() => continue,
            Cell::Text(text) => text.trim().to_owned(),
            _ => {
                error(
                    at,
                    "a header must be a column name (date, kind, title_en, ...), not a number or a date".to_owned(),
                );
                headed.push(at);
                continue;
            }
        };
        headed.push(at);
        match columns::find(&name) {
            Ok(column) => {
                if let Some((_, first)) = columns.iter().find(|(c, _)| c == &column) {
                    error(
                        at,
                        format!(
                            "column `{}` appears twice (also in column {}); keep one of them",
                            column.en,
                            sheet::column_letters(*first)
                        ),
                    );
                } else {
                    columns.push((column, at));
                }
            }
            Err(message) => error(at, message),
        }
    }
    let first = row.cells.iter().position(|c| !c.is_blank()).map_or(1, |i| i + 1);
    let header = Header { columns, headed };
    for (required, what) in [("date", "the date of each event"), ("kind", "the kind of each event")] {
        if header.at(required).is_none() {
            error(first, format!("the sheet has no `{required}` column; add one with {what}"));
            ok = false;
        }
    }
    if header.at("title_en").is_none() && header.at("title_vi").is_none() {
        error(
            first,
            "the sheet has no `title_en` or `title_vi` column; add one with the title of each event".to_owned(),
        );
        ok = false;
    }
    ok.then_some(header)
}

fn read_sheet(sheet: &Sheet, index: usize, request: &Request<'_>, imported: &mut Imported) {
    let Some((first, rest)) = sheet.rows.split_first() else { return };
    let Some(header) = header(sheet, first, index, &mut imported.problems) else { return };
    let first_column = header.columns.iter().map(|(_, at)| *at).min().unwrap_or(1);
    for row in rest {
        // Values beyond the named columns would be lost: say so.
        let named = |at: usize| header.headed.contains(&at);
        for (offset, cell) in row.cells.iter().enumerate() {
            if !cell.is_blank() && !named(offset + 1) {
                let problem = Problem::error(
                    sheet.origin.cell(row.number, offset + 1),
                    "this cell is in a column without a header; add a header (date, kind, title_en, ...) or clear the cell",
                );
                imported.problems.push(Found { order: (index, row.number, offset + 1), problem });
            }
        }
        let mut reader = RowReader {
            sheet,
            row,
            header: &header,
            index,
            request,
            problems: &mut imported.problems,
            ok: true,
            columns: Vec::new(),
        };
        if let Some(fields) = reader.event() {
            let derived_id = fields.id.is_none();
            let mut fields = fields;
            if derived_id {
                fields.id = Some(derived(&fields));
            }
            let columns = reader.columns;
            imported.rows.push(Row {
                sheet: index,
                origin: sheet.origin.clone(),
                number: row.number,
                fields,
                derived_id,
                columns,
                first_column,
            });
        }
    }
}

/// The id of a row that has none: its date, kind and first eight words of
/// its title, as `events add` makes one (`2025-03-14-agreement-memorandum-with-daegu`).
pub fn derived(fields: &EventFields) -> String {
    let title = fields.title.en.as_deref().or(fields.title.vi.as_deref()).unwrap_or_default();
    let parts = [slug(&fields.date, 3), slug(&fields.kind, 3), slug(title, 8)];
    let id = parts.iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join("-");
    if id.is_empty() { "event".to_owned() } else { id }
}

/// Reads one row of an events sheet, recording the problems of its cells.
struct RowReader<'a> {
    sheet: &'a Sheet,
    row: &'a SheetRow,
    header: &'a Header,
    index: usize,
    request: &'a Request<'a>,
    problems: &'a mut Vec<Found>,
    ok: bool,
    /// The column each key of the record came from.
    columns: Vec<(&'static str, usize)>,
}

impl RowReader<'_> {
    fn error(&mut self, column: usize, message: String) {
        let problem = Problem::error(self.sheet.origin.cell(self.row.number, column), message);
        self.problems.push(Found { order: (self.index, self.row.number, column), problem });
        self.ok = false;
    }

    /// The cell of a column and where it is, when the sheet has the column.
    fn cell(&self, en: &str) -> Option<(&Cell, usize)> {
        let at = self.header.at(en)?;
        Some((self.row.cells.get(at - 1).unwrap_or(&Cell::Empty), at))
    }

    /// The text of a column's cell; `None` when blank or absent.
    fn text(&mut self, en: &str, key: &'static str) -> Option<String> {
        let (cell, at) = self.cell(en)?;
        match cells::text(cell) {
            Ok(Some(text)) => {
                self.note(key, at);
                Some(text)
            }
            Ok(None) => None,
            Err(message) => {
                self.error(at, message);
                None
            }
        }
    }

    /// Notes that a key of the record came from a column (the first one counts).
    fn note(&mut self, key: &'static str, at: usize) {
        if !self.columns.iter().any(|(k, _)| *k == key) {
            self.columns.push((key, at));
        }
    }

    fn texts(&mut self, key: &'static str, en: &str, vi: &str) -> Texts {
        Texts { en: self.text(en, key), vi: self.text(vi, key) }
    }

    fn event(&mut self) -> Option<EventFields> {
        let id = self.text("id", "id");
        let date = self.date("date", "date", true);
        let end = self.date("end", "end", false);
        let kind = self.kind();
        let title = self.texts("title", "title_en", "title_vi");
        if title.is_empty() {
            let at = self.header.at("title_en").or(self.header.at("title_vi")).unwrap_or(1);
            self.error(at, "the title is missing; say in a few words what happened (title_en, title_vi)".to_owned());
        }
        let partners = self.partners();
        let amount = self.amount();
        let sectors = self.text("sectors", "sectors").map(|text| cells::list(&text, true)).unwrap_or_default();
        let sources = self.text("source", "source").map(|text| cells::list(&text, true)).unwrap_or_default();
        let note = self.texts("note", "note_en", "note_vi");
        if !self.ok {
            return None;
        }
        Some(EventFields { id, date: date?, end, kind: kind?, title, partners, amount, sectors, sources, note })
    }

    fn date(&mut self, en: &str, key: &'static str, required: bool) -> Option<String> {
        let (cell, at) = self.cell(en)?;
        if cell.is_blank() && !required {
            return None;
        }
        match cells::date(cell, self.request.order) {
            Ok(date) => {
                self.note(key, at);
                Some(date)
            }
            Err(message) => {
                self.error(at, message);
                None
            }
        }
    }

    fn kind(&mut self) -> Option<String> {
        let (cell, at) = self.cell("kind")?;
        let text = match cells::text(cell) {
            Ok(Some(text)) => text,
            Ok(None) => {
                let known = self.request.kinds.iter().map(|k| k.id.as_str()).collect::<Vec<_>>().join(", ");
                self.error(at, format!("the kind is missing; write one of {known}, or its label"));
                return None;
            }
            Err(message) => {
                self.error(at, message);
                return None;
            }
        };
        match cells::kind(&text, self.request.kinds) {
            Ok(kind) => {
                self.note("kind", at);
                Some(kind)
            }
            Err(message) => {
                self.error(at, message);
                None
            }
        }
    }

    /// The partners: names (`;` or a line break between them), each with a
    /// country and a type; one country or type given for several names
    /// holds for all of them.
    fn partners(&mut self) -> Vec<PartnerFields> {
        let names = self.text("partner", "partners").map(|t| cells::positional(&t)).unwrap_or_default();
        let names_vi = self.text("partner_vi", "partners").map(|t| cells::positional(&t)).unwrap_or_default();
        let countries = self.text("country", "partners").map(|t| cells::list(&t, false)).unwrap_or_default();
        let types = self.text("partner_type", "partners").map(|t| cells::list(&t, false)).unwrap_or_default();
        let count = names.len().max(names_vi.len());
        let at = |reader: &Self, en: &str| reader.header.at(en).unwrap_or(1);
        if count == 0 {
            if !countries.is_empty() || !types.is_empty() {
                let column = if countries.is_empty() { at(self, "partner_type") } else { at(self, "country") };
                self.error(column, "a country or partner type is given but no partner; write the partner's name in `partner`, or clear this cell".to_owned());
            }
            return Vec::new();
        }
        let name = |i: usize| Texts { en: names.get(i).cloned().flatten(), vi: names_vi.get(i).cloned().flatten() };
        if let Some(i) = (0..count).find(|&i| name(i).is_empty()) {
            let column = at(self, "partner");
            self.error(
                column,
                format!("partner {} of the list has no name; write each partner's name between the `;`", i + 1),
            );
            return Vec::new();
        }
        let mut codes = Vec::new();
        for country in &countries {
            match crate::country::code(country) {
                Ok(code) => codes.push(code),
                Err(message) => {
                    let column = at(self, "country");
                    self.error(column, message);
                }
            }
        }
        let mut kinds = Vec::new();
        for kind in &types {
            match cells::partner_type(kind) {
                Ok(kind) => kinds.push(kind.name().to_owned()),
                Err(message) => {
                    let column = at(self, "partner_type");
                    self.error(column, message);
                }
            }
        }
        if codes.len() != countries.len() || kinds.len() != types.len() {
            return Vec::new();
        }
        for (list, en, what) in [(codes.len(), "country", "country"), (kinds.len(), "partner_type", "partner type")] {
            if list == 0 {
                let column = self.header.at(en).unwrap_or(at(self, "partner"));
                self.error(column, format!("the partner has no {what}; write it in the `{en}` column (one for all the partners, or one each, separated by `;`)"));
                return Vec::new();
            }
            if list != 1 && list != count {
                let column = at(self, en);
                self.error(column, format!("{count} partners but {list} entries; write one {what} for all of them, or one each in the order of the names, separated by `;`"));
                return Vec::new();
            }
        }
        (0..count)
            .map(|i| PartnerFields {
                name: name(i),
                country: codes[if codes.len() == 1 { 0 } else { i }].clone(),
                kind: kinds[if kinds.len() == 1 { 0 } else { i }].clone(),
            })
            .collect()
    }

    fn amount(&mut self) -> Option<AmountFields> {
        let amount = match self.cell("amount") {
            Some((cell, at)) => match cells::amount(cell) {
                Ok(money) => money.map(|money| (money, at)),
                Err(message) => {
                    self.error(at, message);
                    return None;
                }
            },
            None => None,
        };
        let currency = match self.cell("currency") {
            Some((cell, at)) => match cells::text(cell) {
                Ok(Some(text)) => match cells::currency(&text) {
                    Ok(code) => Some((code, at)),
                    Err(message) => {
                        self.error(at, message);
                        return None;
                    }
                },
                Ok(None) => None,
                Err(message) => {
                    self.error(at, message);
                    return None;
                }
            },
            None => None,
        };
        let Some((money, at)) = amount else {
            if let Some((_, column)) = currency {
                self.error(
                    column,
                    "a currency is given but no amount; write the amount in `amount`, or clear this cell".to_owned(),
                );
            }
            return None;
        };
        let code = match (money.currency, currency) {
            (Some(own), Some((column_code, _))) if own != column_code => {
                self.error(
                    at,
                    format!("the amount says {own} but the `currency` column says {column_code}; write one currency"),
                );
                return None;
            }
            (Some(own), _) => own,
            (None, Some((code, _))) => code,
            (None, None) => {
                self.error(at, "the amount has no currency; write it in a `currency` column or after the number (1.200.000.000 VND)".to_owned());
                return None;
            }
        };
        self.note("amount", at);
        Some(AmountFields { value: money.value, currency: code })
    }
}
