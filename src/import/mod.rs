//! The import stage: a department's spreadsheet (`.xlsx`, `.ods`, `.csv`)
//! read into records of the log (events, figures, sources and standing
//! partners), every problem located at its cell.
//!
//! Officers keep the year in a spreadsheet long before anyone writes TOML.
//! This stage turns each sheet of such a file into records of the
//! [`crate::record`] shapes, one per row, the way `events add`, `figures
//! add`, `sources add` and `partners add` would have been called for it:
//! the sheet's name (or `--table`) says which of the four it holds (see
//! [`columns`]), the header row names the columns (in English or
//! Vietnamese), each cell is read as officers type it (see [`cells`]), the
//! country names become ISO codes (see [`crate::country`]), and each event
//! and source gets a stable id, from its `id` column or made from its other
//! cells, so that the same row imported twice is the same record. Every
//! problem of every cell is collected, located as `FILE:SHEET!C5`
//! (`FILE:LINE:COLUMN` in a CSV file), so one run shows all of them.
//! Whether a row is new, and checking and writing the records, is the
//! command's business (`cmd::import` with [`crate::append`]).

pub mod cells;
pub mod columns;
pub mod sheet;

use std::path::Path;
use std::sync::Arc;

use cells::Cell;
use columns::Column;
use sheet::{Origin, Sheet, SheetRow};

use crate::config::{DateOrder, Indicator, Kind, closest};
use crate::diag::{Location, Problem};
use crate::record::{
    AmountFields, EventFields, FigureFields, PartnerFields, Record, RecordType, SourceFields, StandingPartnerFields,
    Texts, slug,
};
use crate::text::ascii_fold;

/// What to read.
pub struct Request<'a> {
    /// The file.
    pub path: &'a Path,
    /// The file as shown in messages.
    pub shown: &'a Path,
    /// The one sheet to read (`--sheet`), instead of every sheet.
    pub sheet: Option<&'a str>,
    /// What the sheets hold when their names do not say (`--table`).
    pub table: Option<RecordType>,
    /// How to read dates such as `03/04/2025`.
    pub order: DateOrder,
    /// The event kinds of the config (ids and labels).
    pub kinds: &'a [Kind],
    /// The indicators of the config (ids and labels).
    pub indicators: &'a [Indicator],
}

/// A row read into a record.
#[derive(Debug)]
pub struct Row {
    /// The sheet it is in, counted from 0 in file order.
    pub sheet: usize,
    /// The file and sheet it is in.
    pub origin: Arc<Origin>,
    /// Its row number (the CSV line it starts on).
    pub number: usize,
    /// The record it holds; an event's or a source's id is always set.
    pub record: Record,
    /// True when the id was made from the other cells (no `id` cell).
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
    /// Every row that holds a record, in file order (rows with errors left out).
    pub rows: Vec<Row>,
    /// Every problem found, in file order.
    pub problems: Vec<Found>,
    /// The names of the sheets read.
    pub sheets: Vec<String>,
}

/// Reads the sheets of a file that hold records.
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
        Err(problems) => {
            imported.problems.extend(problems);
            return imported;
        }
    };
    for (index, table) in chosen {
        let sheet = &sheets[index];
        imported.sheets.push(sheet.origin.sheet.clone().unwrap_or_default());
        read_sheet(sheet, index, table, request, &mut imported);
    }
    imported
}

/// What `--table` to pass, for messages.
const TABLE_FLAG: &str = "--table event|figure|source|partner";

/// The sheets to read and what each holds: `--sheet` alone, else every
/// visible sheet but the template's lists. A sheet holds what its name
/// says, else what `--table` says, else what its header row shows (see
/// [`table_of_header`]); a sheet that shows none of these is an error
/// (nothing is skipped in silence). A CSV file's name counts as its sheet's.
fn choose(sheets: &[Sheet], request: &Request<'_>) -> Result<Vec<(usize, RecordType)>, Vec<Found>> {
    let fail = |location: Location, message: String| {
        vec![Found { order: (0, 0, 0), problem: Problem::error(location, message) }]
    };
    let file = || Location::file(request.shown.to_path_buf());
    let names: Vec<&str> = sheets.iter().filter_map(|s| s.origin.sheet.as_deref()).collect();
    let listed = || names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let csv = sheets.iter().all(|s| s.origin.sheet.is_none());
    if csv {
        if request.sheet.is_some() {
            return Err(fail(file(), "a CSV file has no sheets; leave --sheet out".to_owned()));
        }
        let stem = request.shown.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let by_header = || sheets.first().and_then(table_of_header);
        return match request.table.or_else(|| columns::table_of_sheet(&stem)).or_else(by_header) {
            Some(table) => Ok(sheets.iter().enumerate().map(|(index, _)| (index, table)).collect()),
            None => {
                let files = RecordType::ALL
                    .iter()
                    .map(|t| format!("{}.csv", columns::sheet_name(*t, crate::i18n::Lang::En)))
                    .collect::<Vec<_>>()
                    .join(", ");
                Err(fail(
                    file(),
                    format!(
                        "its columns do not show which records the CSV file holds: say it with {TABLE_FLAG}, or name the file after it ({files}, or their Vietnamese names)"
                    ),
                ))
            }
        };
    }
    let table_of = |sheet: &Sheet| {
        let name = sheet.origin.sheet.as_deref().unwrap_or_default();
        columns::table_of_sheet(name).or(request.table).or_else(|| table_of_header(sheet))
    };
    let unnamed = |sheet: &Sheet| {
        let name = sheet.origin.sheet.as_deref().unwrap_or_default();
        format!(
            "neither the name of the sheet `{name}` nor its columns show which records it holds; rename it {}, or import it alone with --sheet \"{name}\" {TABLE_FLAG}",
            columns::accepted_sheet_names()
        )
    };
    if let Some(wanted) = request.sheet {
        let Some(index) = sheets.iter().position(|s| s.origin.sheet.as_deref() == Some(wanted)) else {
            let hint = match closest(wanted, names.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? "),
                None => String::new(),
            };
            return Err(fail(file(), format!("the file has no sheet `{wanted}`; {hint}its sheets are {}", listed())));
        };
        let sheet = &sheets[index];
        return match request.table.or_else(|| table_of(sheet)) {
            Some(table) => Ok(vec![(index, table)]),
            None => Err(fail(sheet.origin.whole(), unnamed(sheet))),
        };
    }
    let read: Vec<usize> = (0..sheets.len())
        .filter(|&index| {
            let sheet = &sheets[index];
            !sheet.hidden && !sheet.origin.sheet.as_deref().is_some_and(columns::is_list_sheet)
        })
        .collect();
    let mut chosen = Vec::new();
    let mut problems = Vec::new();
    for index in read {
        let sheet = &sheets[index];
        match table_of(sheet) {
            Some(table) => chosen.push((index, table)),
            None => {
                let problem = Problem::error(sheet.origin.whole(), unnamed(sheet));
                problems.push(Found { order: (index, 0, 0), problem });
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if chosen.is_empty() {
        return Err(fail(file(), format!("the file has no sheet of records to read; its sheets are {}", listed())));
    }
    Ok(chosen)
}

/// The one type of records whose columns a sheet's header row (its first
/// row) holds: every header names a column of that type and every column
/// the type needs is there. An officer's own list, saved under any sheet
/// or file name, is read as what its columns say; a header row that fits
/// no type, or more than one, tells nothing.
fn table_of_header(sheet: &Sheet) -> Option<RecordType> {
    let row = sheet.rows.first()?;
    let mut names = Vec::new();
    for cell in &row.cells {
        match cell {
            Cell::Text(text) if !text.trim().is_empty() => names.push(text.trim()),
            cell if cell.is_blank() => {}
            _ => return None,
        }
    }
    let fits = |table: &RecordType| {
        let found: Vec<&str> = names.iter().filter_map(|name| columns::find(*table, name).ok()).map(|c| c.en).collect();
        found.len() == names.len()
            && required(*table).iter().all(|(any_of, _)| any_of.iter().any(|en| found.contains(en)))
    };
    let mut fitting = RecordType::ALL.into_iter().filter(fits);
    match (fitting.next(), fitting.next()) {
        (Some(table), None) => Some(table),
        _ => None,
    }
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

/// The columns a sheet of a type must have: each entry is satisfied by any
/// of its columns, and says what to fill it with.
fn required(table: RecordType) -> &'static [(&'static [&'static str], &'static str)] {
    match table {
        RecordType::Event => &[
            (&["date"], "the date of each event"),
            (&["kind"], "the kind of each event"),
            (&["title_en", "title_vi"], "the title of each event"),
        ],
        RecordType::Figure => &[
            (&["indicator"], "the indicator of each figure"),
            (&["period"], "the period each figure covers"),
            (&["value"], "the number reported"),
            (&["source"], "the id of the source that reports each figure"),
        ],
        RecordType::Source => &[
            (&["title_en", "title_vi"], "the title of each source"),
            (&["publisher", "publisher_vi"], "who published each source"),
            (&["published"], "the date each source was published"),
        ],
        RecordType::Partner => &[
            (&["name_en", "name_vi"], "the name of each partner"),
            (&["country"], "the country of each partner"),
            (&["partner_type"], "the type of each partner (locality, company, ...)"),
            (&["source"], "the id of the source that names each partner"),
        ],
    }
}

/// Reads the header row of a sheet; the problems of its cells are recorded.
fn header(sheet: &Sheet, table: RecordType, row: &SheetRow, index: usize, found: &mut Vec<Found>) -> Option<Header> {
    let origin = &sheet.origin;
    let mut columns: Vec<(&'static Column, usize)> = Vec::new();
    let mut headed = Vec::new();
    let mut ok = true;
    let mut error = |column: usize, message: String| {
        let problem = Problem::error(origin.cell(row.number, column), message);
        found.push(Found { order: (index, row.number, column), problem });
    };
    let examples = columns::columns(table).iter().take(3).map(|c| c.en).collect::<Vec<_>>().join(", ");
    for (offset, cell) in row.cells.iter().enumerate() {
        let at = offset + 1;
        let name = match cell {
            Cell::Empty => continue,
            Cell::Text(text) if text.trim().is_empty() => continue,
            Cell::Text(text) => text.trim().to_owned(),
            _ => {
                error(at, format!("a header must be a column name ({examples}, ...), not a number or a date"));
                headed.push(at);
                continue;
            }
        };
        headed.push(at);
        match columns::find(table, &name) {
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
    for (any_of, what) in required(table) {
        if any_of.iter().all(|en| header.at(en).is_none()) {
            let names = any_of.iter().map(|en| format!("`{en}`")).collect::<Vec<_>>().join(" or ");
            error(first, format!("the sheet has no {names} column; add one with {what}"));
            ok = false;
        }
    }
    ok.then_some(header)
}

fn read_sheet(sheet: &Sheet, index: usize, table: RecordType, request: &Request<'_>, imported: &mut Imported) {
    let Some((first, rest)) = sheet.rows.split_first() else { return };
    let Some(header) = header(sheet, table, first, index, &mut imported.problems) else { return };
    let first_column = header.columns.iter().map(|(_, at)| *at).min().unwrap_or(1);
    let examples = columns::columns(table).iter().take(3).map(|c| c.en).collect::<Vec<_>>().join(", ");
    for row in rest {
        // Values beyond the named columns would be lost: say so.
        let named = |at: usize| header.headed.contains(&at);
        for (offset, cell) in row.cells.iter().enumerate() {
            if !cell.is_blank() && !named(offset + 1) {
                let problem = Problem::error(
                    sheet.origin.cell(row.number, offset + 1),
                    format!(
                        "this cell is in a column without a header; add a header ({examples}, ...) or clear the cell"
                    ),
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
        let read = match table {
            RecordType::Event => reader.event().map(|mut fields| {
                let derived_id = fields.id.is_none();
                if derived_id {
                    fields.id = Some(derived(&fields));
                }
                (Record::Event(fields), derived_id)
            }),
            RecordType::Source => reader.source().map(|(mut fields, has_id)| {
                if !has_id {
                    fields.id = fields.default_id();
                }
                (Record::Source(fields), !has_id)
            }),
            RecordType::Figure => reader.figure().map(|fields| (Record::Figure(fields), false)),
            RecordType::Partner => reader.partner().map(|fields| (Record::Partner(fields), false)),
        };
        if let Some((record, derived_id)) = read {
            let columns = reader.columns;
            imported.rows.push(Row {
                sheet: index,
                origin: sheet.origin.clone(),
                number: row.number,
                record,
                derived_id,
                columns,
                first_column,
            });
        }
    }
}

/// The id of an event row that has none: its date, kind and first eight
/// words of its title, as `events add` makes one
/// (`2025-03-14-agreement-memorandum-with-daegu`).
pub fn derived(fields: &EventFields) -> String {
    let title = fields.title.en.as_deref().or(fields.title.vi.as_deref()).unwrap_or_default();
    let parts = [slug(&fields.date, 3), slug(&fields.kind, 3), slug(title, 8)];
    let id = parts.iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join("-");
    if id.is_empty() { "event".to_owned() } else { id }
}

/// Reads one row of a sheet, recording the problems of its cells.
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

    /// A source row, and whether it has its own id.
    fn source(&mut self) -> Option<(SourceFields, bool)> {
        let id = self.text("id", "id");
        let title = self.texts("title", "title_en", "title_vi");
        if title.is_empty() {
            let at = self.header.at("title_en").or(self.header.at("title_vi")).unwrap_or(1);
            self.error(
                at,
                "the title is missing; write the title of the article or document (title_en, title_vi)".to_owned(),
            );
        }
        let publisher = self.texts("publisher", "publisher", "publisher_vi");
        if publisher.is_empty() {
            let at = self.header.at("publisher").or(self.header.at("publisher_vi")).unwrap_or(1);
            self.error(at, "the publisher is missing; write who published it (publisher, publisher_vi)".to_owned());
        }
        let published = self.date("published", "published", true);
        let url = self.text("url", "url");
        let language = self.text("language", "language").map(|code| code.to_lowercase());
        if !self.ok {
            return None;
        }
        let has_id = id.is_some();
        Some((
            SourceFields { id: id.unwrap_or_default(), title, publisher, published: published?, url, language },
            has_id,
        ))
    }

    /// A figure row; a qualifier may be written before the value (`gần 400`).
    fn figure(&mut self) -> Option<FigureFields> {
        let indicator = self.indicator();
        let period = self.required("period", "period", cells::period);
        let value = self.required("value", "value", cells::figure_value);
        let qualifier = match self.text("qualifier", "qualifier") {
            None => None,
            Some(text) => match cells::qualifier(&text) {
                Ok(qualifier) => Some(qualifier),
                Err(message) => {
                    let at = self.header.at("qualifier").unwrap_or(1);
                    self.error(at, message);
                    None
                }
            },
        };
        let qualifier = match (value.and_then(|(_, written)| written), qualifier) {
            (Some(written), Some(column)) if written != column => {
                let at = self.header.at("value").unwrap_or(1);
                self.error(
                    at,
                    format!(
                        "the value says `{}` but the `qualifier` column says `{}`; write one of them",
                        written.name(),
                        column.name()
                    ),
                );
                None
            }
            (written, column) => column.or(written),
        };
        let change = self.optional("change", "change", |cell| cells::number(cell, "the change"));
        let as_of = self.date("as_of", "as-of", false);
        let sources = self.cited("a figure must cite the id of the source that reports it");
        let note = self.texts("note", "note_en", "note_vi");
        if !self.ok {
            return None;
        }
        Some(FigureFields {
            indicator: indicator?,
            period: period?,
            value: value?.0,
            qualifier: qualifier.unwrap_or_default(),
            change,
            as_of,
            sources,
            note,
        })
    }

    /// A standing partner row.
    fn partner(&mut self) -> Option<StandingPartnerFields> {
        let name = self.texts("name", "name_en", "name_vi");
        if name.is_empty() {
            let at = self.header.at("name_en").or(self.header.at("name_vi")).unwrap_or(1);
            self.error(at, "the name is missing; write the partner's name (name_en, name_vi)".to_owned());
        }
        let country = self.required("country", "country", |cell| match cells::text(cell)? {
            Some(text) => crate::country::code(&text),
            None => Err("the country is missing; write its name (Korea, Hàn Quốc) or its code (KR)".to_owned()),
        });
        let kind = self.required("partner_type", "type", |cell| match cells::text(cell)? {
            Some(text) => cells::partner_type(&text).map(|kind| kind.name().to_owned()),
            None => Err("the partner type is missing; write locality, government, company, ngo, organisation, university or other".to_owned()),
        });
        let since = self.date("since", "since", false);
        let location =
            self.optional("location", "location", |cell| cells::location(&cells::text(cell)?.unwrap_or_default()));
        let sources = self.cited("a partner must cite the id of a source that names it");
        let note = self.texts("note", "note_en", "note_vi");
        if !self.ok {
            return None;
        }
        Some(StandingPartnerFields { name, country: country?, kind: kind?, since, location, sources, note })
    }

    /// The ids of the `source` cell, which must name at least one; `why` says why.
    fn cited(&mut self, why: &str) -> Vec<String> {
        let sources = self.text("source", "source").map(|text| cells::list(&text, true)).unwrap_or_default();
        if sources.is_empty() {
            let at = self.header.at("source").unwrap_or(1);
            self.error(at, format!("the source is missing; {why}"));
        }
        sources
    }

    /// An indicator cell: its id, or its label in English or Vietnamese
    /// when only one indicator has that label.
    fn indicator(&mut self) -> Option<String> {
        let indicators = self.request.indicators;
        self.required("indicator", "indicator", |cell| {
            let Some(text) = cells::text(cell)? else {
                return Err("the indicator is missing; write an indicator id of the config, or its label".to_owned());
            };
            if indicators.iter().any(|indicator| indicator.id == text) {
                return Ok(text);
            }
            let wanted = ascii_fold(&text);
            let labelled: Vec<&str> = indicators
                .iter()
                .filter(|indicator| {
                    ascii_fold(&indicator.id) == wanted
                        || indicator.label.variants().iter().any(|label| ascii_fold(label.trim()) == wanted)
                })
                .map(|indicator| indicator.id.as_str())
                .collect();
            match labelled.as_slice() {
                [one] => Ok((*one).to_owned()),
                [] => {
                    let hint = match closest(&text, indicators.iter().map(|i| i.id.as_str())) {
                        Some(best) => format!("did you mean `{best}`? "),
                        None => String::new(),
                    };
                    Err(format!(
                        "unknown indicator `{text}`; {hint}write an indicator id of the config ({}) or its label",
                        indicators.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(", ")
                    ))
                }
                several => Err(format!(
                    "`{text}` is the label of several indicators ({}); write the id of the one meant",
                    several.join(", ")
                )),
            }
        })
    }

    /// The value of a column every row must fill, read by `read`; the
    /// column's absence was reported with the header.
    fn required<T>(&mut self, en: &str, key: &'static str, read: impl FnOnce(&Cell) -> Result<T, String>) -> Option<T> {
        let (cell, at) = self.cell(en)?;
        match read(cell) {
            Ok(value) => {
                self.note(key, at);
                Some(value)
            }
            Err(message) => {
                self.error(at, message);
                None
            }
        }
    }

    /// The value of a column a row may leave blank, read by `read`.
    fn optional<T>(&mut self, en: &str, key: &'static str, read: impl FnOnce(&Cell) -> Result<T, String>) -> Option<T> {
        let (cell, _) = self.cell(en)?;
        if cell.is_blank() {
            return None;
        }
        self.required(en, key, read)
    }

    fn date(&mut self, en: &str, key: &'static str, required: bool) -> Option<String> {
        let order = self.request.order;
        let read = |cell: &Cell| cells::date(cell, order);
        if required { self.required(en, key, read) } else { self.optional(en, key, read) }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(name: Option<&str>, hidden: bool) -> Sheet {
        let origin = Arc::new(Origin { file: "in.xlsx".into(), sheet: name.map(str::to_owned) });
        Sheet { origin, rows: Vec::new(), hidden }
    }

    fn chosen(
        sheets: &[Sheet],
        shown: &str,
        sheet: Option<&str>,
        table: Option<RecordType>,
    ) -> Result<Vec<(usize, RecordType)>, Vec<String>> {
        let request = Request {
            path: Path::new(shown),
            shown: Path::new(shown),
            sheet,
            table,
            order: DateOrder::DayFirst,
            kinds: &[],
            indicators: &[],
        };
        choose(sheets, &request).map_err(|found| found.into_iter().map(|f| f.problem.to_string()).collect())
    }

    #[test]
    fn every_visible_sheet_is_read_as_its_name_says_and_the_template_lists_are_not() {
        let sheets = [
            sheet(Some("Nguồn"), false),
            sheet(Some("events"), false),
            sheet(Some("SỐ LIỆU"), false),
            sheet(Some("lists"), false),
            sheet(Some("Old"), true),
        ];
        assert_eq!(
            chosen(&sheets, "in.xlsx", None, None).unwrap(),
            [(0, RecordType::Source), (1, RecordType::Event), (2, RecordType::Figure)]
        );
    }

    fn headed(name: &str, header: &[&str]) -> Sheet {
        let cells = header.iter().map(|text| Cell::Text((*text).to_owned())).collect();
        Sheet { rows: vec![SheetRow { number: 1, cells }], ..sheet(Some(name), false) }
    }

    #[test]
    fn a_sheet_named_for_nothing_is_read_as_its_columns_say_when_they_fit_one_type() {
        let sheets = [
            headed("Sheet1", &["Ngày", "Loại", "Tiêu đề", "Quốc gia", ""]),
            headed("2025", &["chỉ tiêu", "kỳ", "giá trị", "nguồn"]),
            headed("list", &["date", "note"]),
            headed("mixed", &["date", "kind", "title", "indicator"]),
        ];
        assert_eq!(table_of_header(&sheets[0]), Some(RecordType::Event));
        assert_eq!(table_of_header(&sheets[1]), Some(RecordType::Figure));
        assert_eq!(table_of_header(&sheets[2]), None, "columns of no complete type");
        assert_eq!(table_of_header(&sheets[3]), None, "a column of another type");
        let errors = chosen(&sheets, "in.xlsx", None, None).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn a_sheet_whose_name_says_nothing_is_an_error_unless_table_says() {
        let sheets = [sheet(Some("events"), false), sheet(Some("Ghi chú"), false)];
        let errors = chosen(&sheets, "in.xlsx", None, None).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("in.xlsx:'Ghi chú': error: neither the name of the sheet `Ghi chú` nor its columns"),
            "{errors:?}"
        );
        assert_eq!(
            chosen(&sheets, "in.xlsx", None, Some(RecordType::Partner)).unwrap(),
            [(0, RecordType::Event), (1, RecordType::Partner)]
        );
        assert_eq!(
            chosen(&sheets, "in.xlsx", Some("Ghi chú"), Some(RecordType::Figure)).unwrap(),
            [(1, RecordType::Figure)]
        );
        assert!(chosen(&sheets, "in.xlsx", Some("Ghi chu"), None).unwrap_err()[0].contains("did you mean `Ghi chú`?"));
    }

    #[test]
    fn a_csv_file_holds_what_its_name_or_table_says() {
        let csv = [sheet(None, false)];
        assert_eq!(chosen(&csv, "đối tác.csv", None, None).unwrap(), [(0, RecordType::Partner)]);
        assert_eq!(chosen(&csv, "q3.csv", None, Some(RecordType::Figure)).unwrap(), [(0, RecordType::Figure)]);
        assert!(
            chosen(&csv, "q3.csv", None, None).unwrap_err()[0].contains("with --table event|figure|source|partner")
        );
        assert!(chosen(&csv, "q3.csv", Some("x"), None).unwrap_err()[0].contains("a CSV file has no sheets"));
    }
}
