//! `yearbrief import`: a spreadsheet of events, figures, sources and
//! partners appended to the log.
//!
//! The rows are read by [`crate::import`]; this command sorts them into new
//! rows, rows already in the log (skipped, so importing the same sheet twice
//! adds nothing) and rows whose id (or, for figures and partners, whose
//! identity) is taken by a different record (reported, never duplicated),
//! then checks all the new records together against the whole data set (so
//! a source imported in the same workbook may be cited by its events and
//! figures) and appends them with [`crate::append`] in one write, as `events
//! add` does. Every problem is shown at its cell, all at once; on any error
//! nothing is written. `--dry-run` shows what would be appended, a table per
//! type of record.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::append::{Appender, Caused, data_file};
use crate::args::ImportArgs;
use crate::config::{Config, DateOrder};
use crate::diag::{Location, Problem, display_path};
use crate::failure::Failure;
use crate::i18n::Lang;
use crate::import::{Found, Request, Row};
use crate::pipeline::{Seen, load_config};
use crate::record::{EventFields, FigureFields, Record, RecordType, SourceFields, StandingPartnerFields};

/// What becomes of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Status {
    /// Appended to the log.
    New,
    /// The same record is in the log already.
    Skipped,
    /// Its id (or identity) is taken by a different record; not imported.
    Changed,
    /// The same record as an earlier row of the file; imported once.
    Repeat,
}

impl Status {
    fn word(&self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Skipped => "skipped",
            Status::Changed => "changed",
            Status::Repeat => "repeat",
        }
    }
}

/// A record of the log, as the import compares rows with it.
struct Logged {
    record: Record,
    location: Location,
}

/// The records of the log by identity, and the content of every record
/// (without its id), so that a row without an id is found too.
#[derive(Default)]
struct Log {
    by_identity: HashMap<(RecordType, String), Logged>,
    by_content: HashMap<(RecordType, String), Location>,
}

impl Log {
    fn note(&mut self, record: Record, location: &Location) {
        let kind = record.record_type();
        self.by_content.entry((kind, content(&record))).or_insert_with(|| location.clone());
        let identities = identities(&record);
        if let Some((last, rest)) = identities.split_last() {
            for identity in rest {
                let logged = Logged { record: record.clone(), location: location.clone() };
                self.by_identity.entry((kind, identity.clone())).or_insert(logged);
            }
            self.by_identity.entry((kind, last.clone())).or_insert(Logged { record, location: location.clone() });
        }
    }

    /// The logged record a row's record is known as, if any.
    fn find(&self, record: &Record) -> Option<&Logged> {
        let kind = record.record_type();
        identities(record).into_iter().find_map(|identity| self.by_identity.get(&(kind, identity)))
    }
}

/// What tells a record apart from the others of its type: the id of an
/// event or a source; a figure's indicator, period and sources; a
/// partner's country and name (one per language it is named in). None for
/// an event without an id.
fn identities(record: &Record) -> Vec<String> {
    match record {
        Record::Event(fields) => fields.id.iter().cloned().collect(),
        Record::Source(fields) => vec![fields.id.clone()],
        Record::Figure(fields) => vec![fields.identity()],
        Record::Partner(fields) => fields.identities(),
    }
}

/// A record's fields without its id, as text: equal for the same record.
fn content(record: &Record) -> String {
    match record {
        Record::Event(fields) => format!("{:?}", EventFields { id: None, ..fields.clone() }),
        Record::Source(fields) => format!("{:?}", SourceFields { id: String::new(), ..fields.clone() }),
        other => format!("{other:?}"),
    }
}

/// The column names a key of a record is written in.
fn columns_of(table: RecordType, key: &str) -> &'static str {
    match (table, key) {
        (_, "title") => "title_en/title_vi",
        (_, "note") => "note_en/note_vi",
        (RecordType::Event, "partners") => "partner/partner_vi/country/partner_type",
        (RecordType::Event, "amount") => "amount/currency",
        (_, "publisher") => "publisher/publisher_vi",
        (_, "name") => "name_en/name_vi",
        (_, "type") => "partner_type",
        (_, "as-of") => "as_of",
        (_, "date") => "date",
        (_, "end") => "end",
        (_, "kind") => "kind",
        (_, "sectors") => "sectors",
        (_, "source") => "source",
        (_, "indicator") => "indicator",
        (_, "period") => "period",
        (_, "value") => "value",
        (_, "qualifier") => "qualifier",
        (_, "change") => "change",
        (_, "published") => "published",
        (_, "url") => "url",
        (_, "language") => "language",
        (_, "country") => "country",
        (_, "since") => "since",
        (_, "location") => "location",
        _ => "id",
    }
}

/// A loader's message said in the sheet's terms: what to fill in, not TOML to write.
fn for_sheet(message: &str, key: Option<&str>) -> String {
    let column = match key {
        Some("note") => "note",
        Some("name") => "name",
        _ => "title",
    };
    let message = message
        .replace("add `source = \"...\"`", "fill the `source` column with the id of a source")
        .replace(
            "add a `[[source]]` with this id",
            "add a row with this id to the sources sheet (`sources` or `nguồn`)",
        )
        .replace("write { en = \"...\", vi = \"...\" }", &format!("fill both `{column}_en` and `{column}_vi`"));
    if message.contains("has no `vi` text") {
        format!("{message}; fill `{column}_vi`")
    } else if message.contains("has no `en` text") {
        format!("{message}; fill `{column}_en`")
    } else {
        message
    }
}

/// The year a row is about, for the default file: an event's date, a figure's period.
fn year_of(row: &Row) -> Option<&str> {
    match &row.record {
        Record::Event(fields) => fields.date.get(..4),
        Record::Figure(fields) => fields.period.get(..4),
        Record::Source(_) | Record::Partner(_) => None,
    }
}

/// The default data file: `import-YEAR.toml`, YEAR being the year most
/// events and figures fall in (the latest on a tie), else the config's.
fn default_file(rows: &[Row], config: &Config) -> PathBuf {
    let mut years: HashMap<&str, usize> = HashMap::new();
    for year in rows.iter().filter_map(year_of) {
        *years.entry(year).or_default() += 1;
    }
    let year = years
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0)))
        .map_or(config.report.year.resolve(crate::period::today()).to_string(), |(year, _)| year.to_owned());
    PathBuf::from(format!("import-{year}.toml"))
}

/// What a row holds, in a few words, for messages: `the figure of
/// delegations-received for 2024 citing qt-2024`.
fn described(record: &Record) -> String {
    match record {
        Record::Event(fields) => format!("the event `{}`", fields.id.as_deref().unwrap_or_default()),
        Record::Source(fields) => format!("the source `{}`", fields.id),
        Record::Figure(fields) => {
            format!("a figure of `{}` for {} citing {}", fields.indicator, fields.period, fields.sources.join(", "))
        }
        Record::Partner(fields) => {
            format!("the partner `{}` ({})", fields.name.get(Lang::En).unwrap_or_default(), fields.country)
        }
    }
}

/// The warning for a row whose id or identity is taken by a different record of the log.
fn changed(row: &Row, logged: &Logged, differences: &[&str]) -> Problem {
    let table = row.record.record_type();
    let columns: Vec<&str> = differences.iter().map(|key| columns_of(table, key)).collect();
    let columns = columns.join(", ");
    let message = match (&row.record, identities(&row.record).first()) {
        (Record::Event(_) | Record::Source(_), Some(id)) => {
            let how = match (row.derived_id, table) {
                (false, _) => "in its `id` cell",
                (true, RecordType::Source) => "made from its publisher and date",
                (true, _) => "made from its date, kind and title",
            };
            format!(
                "the id `{id}` ({how}) is already used at {} by {} {} that differs in {columns}; the row was not imported. Change that {} in its file, or give this row another id",
                logged.location,
                if table == RecordType::Event { "an" } else { "a" },
                table.name(),
                table.name()
            )
        }
        (Record::Figure(_), _) => format!(
            "{} is already recorded at {} with a different {columns}; the row was not imported. If the source corrected the figure, change it in its file; if another source reports this one, cite that source",
            described(&row.record),
            logged.location
        ),
        _ => format!(
            "{} is already recorded at {} and differs in {columns}; the row was not imported. Change that partner in its file",
            described(&row.record),
            logged.location
        ),
    };
    let key = match table {
        RecordType::Event | RecordType::Source => Some("id"),
        _ => differences.first().copied(),
    };
    Problem::warning(row.cell(key), message)
}

/// Imports the records of a spreadsheet into the log.
pub fn run(args: &ImportArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config.config)?;
    let shown = display_path(&args.file);
    let order = match (args.month_first, args.day_first) {
        (true, _) => DateOrder::MonthFirst,
        (_, true) => DateOrder::DayFirst,
        _ => config.import.dates,
    };
    let request = Request {
        path: &args.file,
        shown: &shown,
        sheet: args.sheet.as_deref(),
        table: args.table,
        order,
        kinds: &config.kinds,
        indicators: &config.indicators,
    };
    let imported = crate::import::read(&request);
    let mut found = imported.problems;
    let rows = imported.rows;
    if rows.is_empty() && found.iter().any(|f| f.problem.is_error()) {
        // Nothing could be read (the file, its sheets or its headers): the
        // data need not be loaded to say so.
        return Err(refuse(found, &shown));
    }

    let target = data_file(&config, args.into.as_deref(), "--into", default_file(&rows, &config))?;
    let mut log = Log::default();
    let wanted: HashSet<RecordType> = rows.iter().map(|row| row.record.record_type()).collect();
    let mut note = |seen: Seen<'_>| match seen {
        Seen::Event(event) if wanted.contains(&RecordType::Event) => {
            log.note(Record::Event(EventFields::of(event)), &event.location)
        }
        Seen::Source(source) if wanted.contains(&RecordType::Source) => {
            log.note(Record::Source(SourceFields::of(source)), &source.location)
        }
        Seen::Figure(figure) if wanted.contains(&RecordType::Figure) => {
            log.note(Record::Figure(FigureFields::of(figure)), &figure.location)
        }
        Seen::Partner(partner) if wanted.contains(&RecordType::Partner) => {
            log.note(Record::Partner(StandingPartnerFields::of(partner)), &partner.location)
        }
        _ => {}
    };
    let appender = Appender::open_seeing_all(&config, target, Duration::from_secs(args.wait), &mut note)?;
    let existing_errors = appender.existing_errors();
    if existing_errors > 0 {
        crate::log::note(format!(
            "the data directory already has {} (not caused by this import); run `yearbrief check` to see them",
            crate::log::count(existing_errors, "error")
        ));
    }

    // Sort the rows: new, in the log already, changed, repeated.
    let mut statuses = Vec::with_capacity(rows.len());
    let mut in_file: HashMap<(RecordType, String), usize> = HashMap::new();
    let mut content_in_file: HashSet<(RecordType, String)> = HashSet::new();
    for (index, row) in rows.iter().enumerate() {
        let table = row.record.record_type();
        let identities: Vec<(RecordType, String)> =
            identities(&row.record).into_iter().map(|identity| (table, identity)).collect();
        let key = (table, content(&row.record));
        let status = if let Some(logged) = log.find(&row.record) {
            let differences = logged.record.differences(&row.record);
            if differences.is_empty() {
                Status::Skipped
            } else {
                let problem = changed(row, logged, &differences);
                let order = (row.sheet, row.number, row.column_of(Some("id")));
                found.push(Found { order, problem });
                Status::Changed
            }
        } else if row.derived_id && log.by_content.contains_key(&key) {
            Status::Skipped
        } else if let Some(&first) = identities.iter().find_map(|identity| in_file.get(identity)) {
            let earlier: &Row = &rows[first];
            let differences = earlier.record.differences(&row.record);
            if differences.is_empty() {
                Status::Repeat
            } else {
                let place = earlier.origin.row_name(earlier.number);
                let message = match table {
                    RecordType::Event | RecordType::Source => format!(
                        "this row and row {place} get the same id `{}` but hold different {}; give one of them another id in an `id` column",
                        identities.first().map_or("", |(_, id)| id.as_str()),
                        table.plural()
                    ),
                    _ => format!(
                        "this row and row {place} hold {} but differ in {}; keep the right one",
                        described(&row.record),
                        differences.iter().map(|key| columns_of(table, key)).collect::<Vec<_>>().join(", ")
                    ),
                };
                let key = match table {
                    RecordType::Event | RecordType::Source => Some("id"),
                    _ => differences.first().copied(),
                };
                found.push(Found {
                    order: (row.sheet, row.number, row.column_of(key)),
                    problem: Problem::error(row.cell(key), message),
                });
                Status::Changed
            }
        } else if row.derived_id && !content_in_file.insert(key) {
            Status::Repeat
        } else {
            for identity in identities {
                in_file.insert(identity, index);
            }
            Status::New
        };
        statuses.push(status);
    }

    // The new records, sources first (the others cite them), each type in file order.
    let mut new: Vec<usize> = (0..rows.len()).filter(|&i| statuses[i] == Status::New).collect();
    let rank = |table: RecordType| RecordType::ALL.iter().position(|t| *t == table).unwrap_or(0);
    new.sort_by_key(|&i| rank(rows[i].record.record_type()));
    let tables: Vec<(&str, toml_edit::Table)> =
        new.iter().map(|&i| (rows[i].record.record_type().name(), rows[i].record.to_table())).collect();
    let named: Vec<(&str, &toml_edit::Table)> = tables.iter().map(|(name, table)| (*name, table)).collect();
    let proposal = if named.is_empty() { None } else { Some(appender.propose_records(&named)?) };
    if let Some(proposal) = &proposal {
        for Caused { problem, place } in proposal.problems.iter().chain(&proposal.warnings) {
            let mut problem = problem.clone();
            let order = match place {
                Some(place) => {
                    let row = &rows[new[place.record]];
                    let key = place.key.as_deref();
                    problem.message = for_sheet(&problem.message, key);
                    problem.location = Some(row.cell(key));
                    (row.sheet, row.number, row.column_of(key))
                }
                None => (usize::MAX, 0, 0),
            };
            found.push(Found { order, problem });
        }
    }

    found.sort_by_key(|found| found.order);
    let errors = found.iter().filter(|f| f.problem.is_error()).count();
    let warnings = found.len() - errors;
    let target_shown = appender.shown().to_path_buf();
    if args.dry_run && errors == 0 {
        crate::log::print(tables_shown(&rows, &statuses, config.report.main_language()))?;
    }
    for found in &found {
        crate::log::print_problem(&found.problem);
    }
    if errors > 0 {
        crate::log::note(crate::log::summary_line(errors, warnings));
        let what = if appender.exists() { "is unchanged" } else { "was not created" };
        return Err(Failure::Message(format!(
            "nothing was imported: fix the errors above in {} and import it again; {} {what}",
            shown.display(),
            target_shown.display()
        )));
    }
    let count = |status: Status| statuses.iter().filter(|s| **s == status).count();
    let mut summary = Vec::new();
    if count(Status::Skipped) > 0 {
        summary.push(format!("{} already in the log (skipped)", crate::log::count(count(Status::Skipped), "row")));
    }
    if count(Status::Repeat) > 0 {
        summary.push(format!(
            "{} repeating an earlier row (imported once)",
            crate::log::count(count(Status::Repeat), "row")
        ));
    }
    if count(Status::Changed) > 0 {
        summary.push(format!(
            "{} differing from a record already in the log (not imported; see the warnings)",
            crate::log::count(count(Status::Changed), "row")
        ));
    }
    let rest = if summary.is_empty() { String::new() } else { format!("; {}", summary.join("; ")) };
    let added = RecordType::ALL
        .iter()
        .map(|table| (table, new.iter().filter(|&&i| rows[i].record.record_type() == *table).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(table, n)| crate::log::count(n, table.name()))
        .collect::<Vec<_>>()
        .join(", ");
    let created = if appender.exists() { "" } else { " (a new file)" };
    match proposal {
        None => crate::log::report(format!(
            "nothing to add from {}{rest}; {} is unchanged",
            shown.display(),
            target_shown.display()
        ))?,
        Some(_) if args.dry_run => crate::log::report(format!(
            "would add {added} to {}{created}{rest}; nothing was written (--dry-run)",
            target_shown.display()
        ))?,
        Some(proposal) => {
            appender.write(proposal)?;
            crate::log::report(format!("added {added} to {}{created}{rest}", target_shown.display()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints problems that leave nothing to import and says so.
fn refuse(mut found: Vec<Found>, shown: &std::path::Path) -> Failure {
    found.sort_by_key(|found| found.order);
    let errors = found.iter().filter(|f| f.problem.is_error()).count();
    for found in &found {
        crate::log::print_problem(&found.problem);
    }
    crate::log::note(crate::log::summary_line(errors, found.len() - errors));
    Failure::Message(format!(
        "nothing was imported: fix the errors above in {} and import it again; the data is unchanged",
        shown.display()
    ))
}

/// The rows as the dry run shows them: a table per type of record, each
/// row with where it is, what becomes of it, and the record, country
/// names shown as the codes they were read as.
fn tables_shown(rows: &[Row], statuses: &[Status], lang: Lang) -> String {
    let several = rows.iter().any(|row| row.origin != rows[0].origin);
    let place = |row: &Row| if several { row.origin.row_name(row.number) } else { row.number.to_string() };
    let text = |texts: &crate::record::Texts, width| shorten(texts.get(lang).unwrap_or_default(), width);
    let number = |value: f64| crate::locale::format_number(value, lang);
    let mut events = Vec::new();
    let mut figures = Vec::new();
    let mut sources = Vec::new();
    let mut partners = Vec::new();
    for (row, status) in rows.iter().zip(statuses) {
        let (place, status) = (place(row), status.word().to_owned());
        match &row.record {
            Record::Event(fields) => {
                let names = fields
                    .partners
                    .iter()
                    .map(|p| format!("{} ({})", p.name.get(lang).unwrap_or_default(), p.country))
                    .collect::<Vec<_>>()
                    .join(", ");
                let amount = fields
                    .amount
                    .as_ref()
                    .map_or(String::new(), |a| crate::locale::format_money(a.value, &a.currency, lang));
                events.push([
                    place,
                    status,
                    fields.id.clone().unwrap_or_default(),
                    fields.date.clone(),
                    fields.kind.clone(),
                    text(&fields.title, 50),
                    shorten(&names, 40),
                    amount,
                ]);
            }
            Record::Figure(fields) => figures.push([
                place,
                status,
                fields.indicator.clone(),
                fields.period.clone(),
                fields.qualifier.name().to_owned(),
                number(fields.value),
                fields.change.map(number).unwrap_or_default(),
                fields.as_of.clone().unwrap_or_default(),
                fields.sources.join(", "),
            ]),
            Record::Source(fields) => sources.push([
                place,
                status,
                fields.id.clone(),
                fields.published.clone(),
                text(&fields.publisher, 30),
                text(&fields.title, 50),
            ]),
            Record::Partner(fields) => partners.push([
                place,
                status,
                text(&fields.name, 40),
                fields.country.clone(),
                fields.kind.clone(),
                fields.since.clone().unwrap_or_default(),
                fields.sources.join(", "),
            ]),
        }
    }
    let parts = [
        layout(
            RecordType::Source,
            ["row", "status", "id", "published", "publisher", "title"],
            [true, false, false, false, false, false],
            sources,
        ),
        layout(
            RecordType::Event,
            ["row", "status", "id", "date", "kind", "title", "partners", "amount"],
            [true, false, false, false, false, false, false, true],
            events,
        ),
        layout(
            RecordType::Figure,
            ["row", "status", "indicator", "period", "qualifier", "value", "change", "as_of", "source"],
            [true, false, false, false, false, true, true, false, false],
            figures,
        ),
        layout(
            RecordType::Partner,
            ["row", "status", "name", "country", "type", "since", "source"],
            [true, false, false, false, false, false, false],
            partners,
        ),
    ];
    parts.into_iter().flatten().collect::<Vec<_>>().join("\n")
}

/// One type's table of the dry run, under its name; `None` without rows.
fn layout<const N: usize>(
    table: RecordType,
    headings: [&str; N],
    right: [bool; N],
    rows: Vec<[String; N]>,
) -> Option<String> {
    if rows.is_empty() {
        return None;
    }
    let lines: Vec<[String; N]> = std::iter::once(headings.map(str::to_owned)).chain(rows).collect();
    Some(format!("{}:\n{}", table.plural(), crate::table::aligned(&lines, right)))
}

/// A cell cut to `width` characters with `…`.
fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(width - 1).collect();
        format!("{}…", cut.trim_end())
    }
}
