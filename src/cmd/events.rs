//! `yearbrief events`: record an event from the command line, and list the log.
//!
//! Staff who would rather not edit TOML by hand record an event with
//! `events add`. The new record is checked by the very loader `check` uses,
//! run on the data directory as it would be after the edit, and only then
//! written. The new file is the old text, byte for byte, followed by the
//! record (rendered by `toml_edit`, so quoting is always right), so comments,
//! spacing and layout of the existing records are never touched.
//! `events list` shows the log as a table, JSON or CSV.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, value};

use crate::args::{AddArgs, EventsArgs, EventsCommand, ListArgs, ListFormat};
use crate::config::{Config, kind_hint, normalize};
use crate::data::{Event, Overlay};
use crate::diag::{Location, Problem, Problems, display_path};
use crate::failure::Failure;
use crate::lock::{LockError, OutputLock};
use crate::log::print_problems;
use crate::period::PartialDate;
use crate::period::today;
use crate::pipeline::{LoadOptions, load_config, load_data_with};
use crate::view::events::{EventsView, to_csv, to_table};
use crate::view::to_json_text;

/// Runs `events add` or `events list`.
pub fn run(args: &EventsArgs) -> Result<ExitCode, Failure> {
    match &args.command {
        EventsCommand::Add(add) => run_add(add),
        EventsCommand::List(list) => run_list(list),
    }
}

/// What one load of the data directory found.
struct Pass {
    /// Problems from reading the records.
    load: Vec<Problem>,
    /// Warnings from comparing the records (as `check` prints them).
    aggregate: Vec<Problem>,
    /// Every event id, with where it is.
    ids: HashMap<String, Location>,
}

/// Loads the data directory as `check` does (with `overlay` in place of one
/// file, when given), noting every event id.
fn pass(config: &Config, overlay: Option<Overlay<'_>>) -> Pass {
    let mut ids: HashMap<String, Location> = HashMap::new();
    let mut note_id = |event: &Event| {
        if let Some(id) = &event.id {
            ids.entry(id.clone()).or_insert_with(|| event.location.clone());
        }
    };
    let options = LoadOptions { overlay, on_event: Some(&mut note_id), ..LoadOptions::default() };
    let loaded = load_data_with(config, options);
    let aggregate = if loaded.problems.has_errors() { Vec::new() } else { loaded.aggregate.warnings() };
    Pass { load: loaded.problems.sorted(), aggregate, ids }
}

/// The problems of `after` that `before` does not have (counting repeats).
fn new_problems(before: &[Problem], after: Vec<Problem>) -> Vec<Problem> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for problem in before {
        *seen.entry(problem.to_string()).or_default() += 1;
    }
    after
        .into_iter()
        .filter(|problem| match seen.get_mut(&problem.to_string()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// The data file an event goes to: its path relative to the data directory,
/// and its path as the config names the data directory.
fn target_file(config: &Config, args: &AddArgs) -> Result<(PathBuf, PathBuf), Failure> {
    let data_dir = &config.report.data;
    let shown_dir = display_path(data_dir);
    let data_abs = std::fs::canonicalize(data_dir).map_err(|err| {
        Failure::Message(format!(
            "cannot use the data directory {}: {}; create it, or set `data` in [report] of {}",
            shown_dir.display(),
            crate::input::io_reason(&err),
            display_path(&config.path).display()
        ))
    })?;
    let relative = match &args.file {
        None => {
            let year = match PartialDate::parse(&args.date) {
                Ok(date) => date.year().to_string(),
                Err(reason) => match args.date.get(..4) {
                    Some(year) if year.bytes().all(|b| b.is_ascii_digit()) => year.to_owned(),
                    _ => return Err(Failure::Message(format!("--date: {reason}"))),
                },
            };
            PathBuf::from(format!("{year}.toml"))
        }
        Some(file) => {
            let cwd = std::env::current_dir()
                .map_err(|err| Failure::Message(format!("cannot read the working directory: {err}")))?;
            let resolved = crate::walk::resolved(&normalize(&cwd.join(file)));
            let Ok(relative) = resolved.strip_prefix(&data_abs) else {
                let how = match std::fs::read_link(cwd.join(file)) {
                    Ok(target) => format!("is a link to {}, which is", target.display()),
                    Err(_) => "is".to_owned(),
                };
                return Err(Failure::Message(format!(
                    "--file {} {how} outside the data directory {}; name a file inside it, or set `data` in [report] of {}",
                    file.display(),
                    shown_dir.display(),
                    display_path(&config.path).display()
                )));
            };
            let relative = relative.to_path_buf();
            if relative.as_os_str().is_empty() || relative.extension().is_none_or(|e| e != "toml") {
                return Err(Failure::Message(format!(
                    "--file {} must name a .toml file; `check` and `build` read only those",
                    file.display()
                )));
            }
            let hidden = relative
                .components()
                .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')));
            if hidden {
                return Err(Failure::Message(format!(
                    "--file {}: hidden files and folders (names starting with a dot) are skipped by `check` and `build`; choose another name",
                    file.display()
                )));
            }
            relative
        }
    };
    let path = data_dir.join(&relative);
    Ok((relative, path))
}

/// The words of `text` made into an id part: lower-case ASCII letters and digits joined by dashes.
fn slug(text: &str, max_words: usize) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(max_words)
        .collect::<Vec<_>>()
        .join("-")
}

/// An id made from the date, kind and title, unique among `taken`.
fn generated_id(args: &AddArgs, taken: &HashMap<String, Location>) -> String {
    let parts = [slug(&args.date, 3), slug(&args.kind, 3), slug(&args.title, 4)];
    let base = parts.iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join("-");
    let base = if base.is_empty() { "event".to_owned() } else { base };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains_key(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// A text value: plain, or `{ en, vi }` when a Vietnamese version is given.
fn text_item(en: Option<&str>, vi: Option<&str>) -> Option<Item> {
    match (en, vi) {
        (None, None) => None,
        (Some(text), None) => Some(value(text)),
        (en, Some(vi)) => {
            let mut table = InlineTable::new();
            if let Some(en) = en {
                table.insert("en", en.into());
            }
            table.insert("vi", vi.into());
            Some(value(table))
        }
    }
}

/// The new `[[event]]` record as a toml_edit table, keys in the README's order.
fn record(args: &AddArgs, id: &str) -> Table {
    let mut table = Table::new();
    table.insert("id", value(id));
    table.insert("date", value(args.date.as_str()));
    if let Some(end) = &args.end {
        table.insert("end", value(end.as_str()));
    }
    table.insert("kind", value(args.kind.as_str()));
    if let Some(title) = text_item(Some(&args.title), args.title_vi.as_deref()) {
        table.insert("title", title);
    }
    if !args.partners.is_empty() {
        let mut partners = Array::new();
        for partner in &args.partners {
            let mut entry = InlineTable::new();
            entry.insert("name", partner.name.as_str().into());
            entry.insert("country", partner.country.as_str().into());
            entry.insert("type", partner.kind.as_str().into());
            partners.push(entry);
        }
        table.insert("partners", value(partners));
    }
    if let Some(amount) = &args.amount {
        let mut entry = InlineTable::new();
        match crate::input::whole(amount.value) {
            Some(whole) => entry.insert("value", whole.into()),
            None => entry.insert("value", amount.value.into()),
        };
        entry.insert("currency", amount.currency.as_str().into());
        table.insert("amount", value(entry));
    }
    if !args.sectors.is_empty() {
        table.insert("sectors", value(args.sectors.iter().map(String::as_str).collect::<Array>()));
    }
    if let [one] = args.sources.as_slice() {
        table.insert("source", value(one.as_str()));
    } else {
        table.insert("source", value(args.sources.iter().map(String::as_str).collect::<Array>()));
    }
    if let Some(note) = text_item(args.note.as_deref(), args.note_vi.as_deref()) {
        table.insert("note", note);
    }
    table
}

/// The record as TOML text, one key per line, starting with `[[event]]`.
fn record_text(table: Table) -> String {
    let mut events = ArrayOfTables::new();
    events.push(table);
    let mut doc = DocumentMut::new();
    doc.insert("event", Item::ArrayOfTables(events));
    doc.to_string()
}

/// The flag a key of the new record came from.
fn flag_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "id" => "--id",
        "date" => "--date",
        "end" => "--end",
        "kind" => "--kind",
        "title" => "--title",
        "partners" => "--partner",
        "amount" => "--amount",
        "sectors" => "--sector",
        "source" => "--source",
        "note" => "--note",
        _ => return None,
    })
}

/// Records a new event in the log, or refuses it with the reasons.
pub fn run_add(args: &AddArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config.config)?;
    let (relative, path) = target_file(&config, args)?;
    let shown = display_path(&path);
    // Everything from reading the data to replacing the file happens under
    // the data directory's lock, so concurrent adds queue up instead of
    // losing records, and each is checked against the others' records.
    let _lock = lock_data(&config.report.data, &path, Duration::from_secs(args.wait))?;
    let original = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => {
            return Err(Failure::Message(format!(
                "cannot read {}: {}",
                shown.display(),
                crate::input::io_reason(&err)
            )));
        }
    };
    let old_text = original.as_deref().unwrap_or_default();
    if let Err(err) = old_text.parse::<DocumentMut>() {
        return Err(Failure::Message(format!(
            "{} is not valid TOML, so nothing can be appended to it; run `yearbrief check` and fix it first ({})",
            shown.display(),
            err.message().trim()
        )));
    }

    let before = pass(&config, None);
    let existing_errors = before.load.iter().filter(|p| p.is_error()).count();
    if existing_errors > 0 {
        crate::log::note(format!(
            "the data directory already has {} (not caused by this event); run `yearbrief check` to see them",
            crate::log::count(existing_errors, "error")
        ));
    }
    let id = match &args.id {
        Some(id) => {
            if let Some(first) = before.ids.get(id) {
                let mut problems = Problems::new();
                problems.error(
                    None,
                    format!(
                        "event id `{id}` is already used at {first}; choose another id, or leave --id out to have one made (from --id)"
                    ),
                );
                return Err(refuse(problems, &shown, original.is_some()));
            }
            id.clone()
        }
        None => generated_id(args, &before.ids),
    };

    let crlf = old_text.contains("\r\n");
    let mut addition = record_text(record(args, &id));
    let separator = if old_text.is_empty() {
        ""
    } else if old_text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    addition.insert_str(0, separator);
    if crlf {
        addition = addition.replace('\n', "\r\n");
    }
    let new_text = format!("{old_text}{addition}");
    let start_line = old_text.matches('\n').count() + separator.matches('\n').count() + 1;
    verify_append(&new_text, old_text, &id, &shown)?;

    let after = pass(&config, Some(Overlay { relative: &relative, text: &new_text }));
    let refused = new_problems(&before.load, after.load);
    if !refused.is_empty() {
        let record_lines: Vec<&str> = new_text.lines().skip(start_line - 1).collect();
        let mut problems = Problems::new();
        for mut problem in refused {
            let line = problem.location.as_ref().filter(|l| *l.file == *shown).and_then(|l| l.line_column);
            if let Some((line, _)) = line
                && line >= start_line
                && let Some(key) = record_lines.get(line - start_line).and_then(|l| l.split(" = ").next())
                && let Some(flag) = flag_of(key.trim())
            {
                problem.message = format!("{} (from {flag})", problem.message);
            }
            problems.push(problem);
        }
        return Err(refuse(problems, &shown, original.is_some()));
    }

    crate::write::write_atomically(&path, new_text.as_bytes())?;
    for warning in new_problems(&before.aggregate, after.aggregate) {
        crate::log::print_problem(&warning);
    }
    let created = if original.is_none() { " (a new file)" } else { "" };
    crate::log::report(format!("added {id} to {}{created}", shown.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// Locks the data directory `data` for a rewrite of its file `path`. One
/// lock for the whole directory, because a new record is checked against
/// every file (a duplicate id in another file is a problem too). A file
/// with several hard links is refused: replacing it would leave its other
/// names with the old text.
pub fn lock_data(data: &Path, path: &Path, wait: Duration) -> Result<OutputLock, Failure> {
    let target = crate::write::target_of(path)?;
    if let Ok(metadata) = std::fs::metadata(&target)
        && metadata.nlink() > 1
    {
        return Err(Failure::Message(format!(
            "{} has {} hard links; writing it would give only this name the new record. Replace the other names with symbolic links (ln -sf), or name the file they share with --file",
            display_path(path).display(),
            metadata.nlink()
        )));
    }
    let lock = match OutputLock::acquire_folder(data, wait) {
        Ok(lock) => lock,
        Err(LockError::Busy(_)) => {
            return Err(Failure::Busy(format!(
                "another yearbrief command is writing to the data directory {}; gave up after waiting {} s (pass --wait SECONDS to wait longer)",
                display_path(data).display(),
                wait.as_secs()
            )));
        }
        Err(LockError::Io(message)) => return Err(Failure::Message(message)),
    };
    crate::write::remove_stale_temporaries(&target);
    Ok(lock)
}

/// Prints why a record was refused and says that nothing was written.
fn refuse(problems: Problems, shown: &Path, existed: bool) -> Failure {
    print_problems(problems);
    let what = if existed { "is unchanged" } else { "was not created" };
    Failure::Message(format!(
        "the event was not added (a new record must pass `check` without errors or warnings); {} {what}",
        shown.display()
    ))
}

/// Checks that the appended text is still TOML and that its last event is the new one.
fn verify_append(new_text: &str, old_text: &str, id: &str, shown: &Path) -> Result<(), Failure> {
    let fail = |reason: String| {
        Failure::Message(format!(
            "cannot append to {} without changing its existing text ({reason}); add the event by hand, or use --file to put it in another file",
            shown.display()
        ))
    };
    if !new_text.starts_with(old_text) {
        return Err(fail("the old text would not be kept as it is".to_owned()));
    }
    let doc: DocumentMut =
        new_text.parse().map_err(|err: toml_edit::TomlError| fail(err.message().trim().to_owned()))?;
    let last_id = doc
        .get("event")
        .and_then(Item::as_array_of_tables)
        .and_then(|events| events.iter().last())
        .and_then(|event| event.get("id"))
        .and_then(Item::as_str);
    if last_id != Some(id) {
        return Err(fail("`event` is not written as `[[event]]` tables in this file".to_owned()));
    }
    Ok(())
}

/// Lists the events of the log, filtered and sorted by date.
pub fn run_list(args: &ListArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config.config)?;
    for kind in &args.kind {
        if config.kind(kind).is_none() {
            return Err(Failure::Message(format!(
                "--kind: unknown event kind `{kind}`; {}",
                kind_hint(kind, &config.kinds)
            )));
        }
    }
    let lang = args.lang.unwrap_or_else(|| config.report.main_language());
    let year = args.year.map(|y| y.resolve(today()));
    let partner = args.partner.as_deref().map(str::to_lowercase);
    let wanted = |e: &Event| {
        year.is_none_or(|y| e.date.year() == y)
            && (args.kind.is_empty() || args.kind.contains(&e.kind))
            && partner.as_deref().is_none_or(|text| {
                e.partners.iter().any(|p| {
                    p.name.variants().iter().any(|name| name.to_lowercase().contains(text))
                        || p.country.eq_ignore_ascii_case(text)
                })
            })
    };
    let mut events: Vec<Event> = Vec::new();
    let mut keep = |event: &Event| {
        if wanted(event) {
            events.push(event.clone());
        }
    };
    let loaded = load_data_with(&config, LoadOptions { on_event: Some(&mut keep), ..LoadOptions::default() });
    if loaded.problems.has_errors() {
        return Err(Failure::Input(loaded.problems));
    }
    let (_, warnings) = loaded.problems.counts();
    if warnings > 0 {
        crate::log::note(format!("the data has {warnings} warning(s); run `yearbrief check` to see them"));
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.location.cmp(&b.location)));
    let text = match args.format {
        ListFormat::Table => to_table(&events, lang),
        ListFormat::Json => to_json_text(&EventsView::new(&events, lang))
            .map_err(|err| Failure::Message(format!("cannot write JSON: {err}")))?,
        ListFormat::Csv => to_csv(&events, lang).map_err(|err| Failure::Message(format!("cannot write CSV: {err}")))?,
    };
    crate::log::print(text)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::{ConfigArg, parse_amount, parse_partner};

    #[test]
    fn slugs_keep_ascii_words() {
        assert_eq!(slug("Cooperation memorandum with Daegu, Korea", 4), "cooperation-memorandum-with-daegu");
        assert_eq!(slug("2025-03-14", 3), "2025-03-14");
    }

    #[test]
    fn record_text_is_one_table_with_inline_partners() {
        let args = AddArgs {
            config: ConfigArg { config: PathBuf::from("c.toml") },
            kind: "agreement".into(),
            date: "2025-03-14".into(),
            end: None,
            title: "MOU \"Daegu\"".into(),
            title_vi: Some("Ghi nhớ".into()),
            partners: vec![parse_partner("Daegu,KR,locality").unwrap()],
            amount: Some(parse_amount("2800000 USD").unwrap()),
            sectors: vec!["culture".into()],
            sources: vec!["s1".into()],
            id: None,
            note: None,
            note_vi: None,
            file: None,
            wait: 0,
        };
        let text = record_text(record(&args, "x"));
        assert_eq!(
            text,
            "[[event]]\nid = \"x\"\ndate = \"2025-03-14\"\nkind = \"agreement\"\ntitle = { en = 'MOU \"Daegu\"', vi = \"Ghi nhớ\" }\npartners = [{ name = \"Daegu\", country = \"KR\", type = \"locality\" }]\namount = { value = 2800000, currency = \"USD\" }\nsectors = [\"culture\"]\nsource = \"s1\"\n"
        );
    }
}
