//! `yearbrief import`: a spreadsheet of events appended to the log.
//!
//! The rows are read by [`crate::import`]; this command sorts them into new
//! rows, rows already in the log (skipped, so importing the same sheet twice
//! adds nothing) and rows whose id is taken by a different record (reported,
//! never duplicated), then checks the new records against the whole data
//! set and appends them with [`crate::append`], as `events add` does. Every
//! problem is shown at its cell, all at once; on any error nothing is
//! written. `--dry-run` shows what would be appended, as a table.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::append::{Appender, Caused, data_file};
use crate::args::ImportArgs;
use crate::config::Config;
use crate::data::Event;
use crate::diag::{Location, Problem, display_path};
use crate::failure::Failure;
use crate::i18n::Lang;
use crate::import::cells::DayOrder;
use crate::import::{Found, Request, Row};
use crate::pipeline::load_config;
use crate::record::EventFields;

/// What becomes of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Status {
    /// Appended to the log.
    New,
    /// The same event is in the log already.
    Skipped,
    /// Its id is taken by a different record; not imported.
    Changed,
    /// The same event as an earlier row of the file; imported once.
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

/// An event of the log, as the import compares rows with it.
struct Logged {
    fields: EventFields,
    location: Location,
}

/// The events of the log by id, and the content of every event (without
/// its id), so that a row without an id is found too.
#[derive(Default)]
struct Log {
    by_id: HashMap<String, Logged>,
    by_content: HashMap<String, Location>,
}

/// An event's fields without its id, as text: equal for the same event.
fn content(fields: &EventFields) -> String {
    let mut fields = fields.clone();
    fields.id = None;
    format!("{fields:?}")
}

/// The column names a key of the record is written in.
fn columns_of(key: &str) -> &'static str {
    match key {
        "title" => "title_en/title_vi",
        "partners" => "partner/partner_vi/country/partner_type",
        "amount" => "amount/currency",
        "note" => "note_en/note_vi",
        "date" => "date",
        "end" => "end",
        "kind" => "kind",
        "sectors" => "sectors",
        "source" => "source",
        _ => "id",
    }
}

/// A loader's message said in the sheet's terms: what to fill in, not TOML to write.
fn for_sheet(message: &str, key: Option<&str>) -> String {
    let column = match key {
        Some("note") => "note",
        _ => "title",
    };
    let message = message
        .replace("add `source = \"...\"`", "fill the `source` column with the id of a source")
        .replace("write { en = \"...\", vi = \"...\" }", &format!("fill both `{column}_en` and `{column}_vi`"));
    if message.contains("has no `vi` text") {
        format!("{message}; fill `{column}_vi`")
    } else if message.contains("has no `en` text") {
        format!("{message}; fill `{column}_en`")
    } else {
        message
    }
}

/// The default data file: `import-YEAR.toml`, YEAR being the year most rows fall in (the latest on a tie).
fn default_file(rows: &[Row], config: &Config) -> PathBuf {
    let mut years: HashMap<&str, usize> = HashMap::new();
    for row in rows {
        if let Some(year) = row.fields.date.get(..4) {
            *years.entry(year).or_default() += 1;
        }
    }
    let year = years
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0)))
        .map_or(config.report.year.resolve(crate::period::today()).to_string(), |(year, _)| year.to_owned());
    PathBuf::from(format!("import-{year}.toml"))
}

/// Imports the events of a spreadsheet into the log.
pub fn run(args: &ImportArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config.config)?;
    let shown = display_path(&args.file);
    let order = if args.month_first { DayOrder::MonthFirst } else { DayOrder::DayFirst };
    let request =
        Request { path: &args.file, shown: &shown, sheet: args.sheet.as_deref(), order, kinds: &config.kinds };
    let imported = crate::import::read(&request);
    let mut found = imported.problems;
    let rows = imported.rows;
    if rows.is_empty() && found.iter().any(|f| f.problem.is_error()) {
        // Nothing could be read (the file, its sheets or its header): the
        // data need not be loaded to say so.
        return Err(refuse(found, &shown));
    }

    let target = data_file(&config, args.into.as_deref(), "--into", default_file(&rows, &config))?;
    let mut log = Log::default();
    let mut note = |event: &Event| {
        let fields = EventFields::of(event);
        log.by_content.entry(content(&fields)).or_insert_with(|| event.location.clone());
        if let Some(id) = &event.id {
            log.by_id.entry(id.clone()).or_insert(Logged { fields, location: event.location.clone() });
        }
    };
    let appender = Appender::open(&config, target, Duration::from_secs(args.wait), &mut note)?;
    let existing_errors = appender.existing_errors();
    if existing_errors > 0 {
        crate::log::note(format!(
            "the data directory already has {} (not caused by this import); run `yearbrief check` to see them",
            crate::log::count(existing_errors, "error")
        ));
    }

    // Sort the rows: new, in the log already, changed, repeated.
    let mut statuses = Vec::with_capacity(rows.len());
    let mut in_file: HashMap<&str, usize> = HashMap::new();
    let mut content_in_file: HashSet<String> = HashSet::new();
    for (index, row) in rows.iter().enumerate() {
        let id = row.fields.id.as_deref().unwrap_or_default();
        let key = content(&row.fields);
        let order = (row.sheet, row.number, row.column_of(Some("id")));
        let status = if let Some(logged) = log.by_id.get(id) {
            let differences = logged.fields.differences(&row.fields);
            if differences.is_empty() {
                Status::Skipped
            } else {
                let columns: Vec<&str> = differences.iter().map(|key| columns_of(key)).collect();
                let how = if row.derived_id { "made from its date, kind and title" } else { "in its `id` cell" };
                let problem = Problem::warning(
                    row.cell(Some("id")),
                    format!(
                        "the id `{id}` ({how}) is already used at {} by an event that differs in {}; the row was not imported. Change that event in its file, or give this row another id",
                        logged.location,
                        columns.join(", ")
                    ),
                );
                found.push(Found { order, problem });
                Status::Changed
            }
        } else if row.derived_id && log.by_content.contains_key(&key) {
            Status::Skipped
        } else if let Some(&first) = in_file.get(id) {
            let earlier: &Row = &rows[first];
            if content(&earlier.fields) == key {
                Status::Repeat
            } else {
                let problem = Problem::error(
                    row.cell(Some("id")),
                    format!(
                        "this row and row {} get the same id `{id}` but hold different events; give one of them another id in an `id` column",
                        earlier.origin.row_name(earlier.number)
                    ),
                );
                found.push(Found { order, problem });
                Status::Changed
            }
        } else if row.derived_id && !content_in_file.insert(key) {
            Status::Repeat
        } else {
            in_file.insert(id, index);
            Status::New
        };
        statuses.push(status);
    }

    let new: Vec<usize> = (0..rows.len()).filter(|&i| statuses[i] == Status::New).collect();
    let tables: Vec<toml_edit::Table> = new.iter().map(|&i| rows[i].fields.to_table()).collect();
    let proposal = if tables.is_empty() { None } else { Some(appender.propose("event", &tables)?) };
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
        crate::log::print(table(&rows, &statuses, config.report.main_language()))?;
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
            "{} whose id is taken by a different event (not imported; see the warnings)",
            crate::log::count(count(Status::Changed), "row")
        ));
    }
    let rest = if summary.is_empty() { String::new() } else { format!("; {}", summary.join("; ")) };
    let added = crate::log::count(new.len(), "event");
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

/// The rows as the dry run shows them: where, what becomes of them, and the event.
fn table(rows: &[Row], statuses: &[Status], lang: Lang) -> String {
    let headings = ["row", "status", "id", "date", "kind", "title", "partners", "amount"];
    let mut lines: Vec<[String; 8]> = vec![headings.map(str::to_owned)];
    let several = rows.iter().any(|row| row.origin != rows[0].origin);
    for (row, status) in rows.iter().zip(statuses) {
        let fields = &row.fields;
        let partners = fields
            .partners
            .iter()
            .map(|p| format!("{} ({})", p.name.get(lang).unwrap_or_default(), p.country))
            .collect::<Vec<_>>()
            .join(", ");
        let amount =
            fields.amount.as_ref().map_or(String::new(), |a| crate::locale::format_money(a.value, &a.currency, lang));
        let place = if several { row.origin.row_name(row.number) } else { row.number.to_string() };
        lines.push([
            place,
            status.word().to_owned(),
            fields.id.clone().unwrap_or_default(),
            fields.date.clone(),
            fields.kind.clone(),
            shorten(fields.title.get(lang).unwrap_or_default(), 50),
            shorten(&partners, 40),
            amount,
        ]);
    }
    let shown: Vec<[String; 8]> = lines
        .into_iter()
        .map(|line| line.map(|cell| crate::text::visible(&cell, crate::text::Breaks::Show).into_owned()))
        .collect();
    crate::table::aligned(&shown, [true, false, false, false, false, false, false, true])
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
