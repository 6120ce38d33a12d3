//! Appending new records to a data file, checked against the whole data
//! set and written so that nothing is lost: the one way `events add` and
//! `import` change the log.
//!
//! Under the data directory's lock (so concurrent writers queue up and each
//! is checked against the others' records), the file is read, the data
//! directory is loaded as `check` loads it, the new records are rendered by
//! `toml_edit` and appended to the old text, every old byte kept (comments,
//! spacing, Windows line ends), and the data directory is loaded again with
//! that text in place of the file. Only the problems the new records cause
//! count; each is handed back with the record and key it lies in, so the
//! command can say where it came from (a flag, a spreadsheet cell). Then the
//! file is replaced atomically ([`crate::write`]).

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use toml_edit::Table;

use crate::config::{Config, normalize};
use crate::data::{Event, Overlay};
use crate::diag::{Location, Problem, display_path};
use crate::failure::Failure;
use crate::lock::{LockError, OutputLock};
use crate::pipeline::{LoadOptions, Seen, load_data_with};

/// A data file to append to.
#[derive(Clone, Debug)]
pub struct DataFile {
    /// Its path relative to the data directory.
    pub relative: PathBuf,
    /// Its path as the config names the data directory.
    pub path: PathBuf,
    /// The flag that names another file (`--file`, `--into`), for messages.
    pub flag: &'static str,
}

/// The data file named by `flag` (`--file`, `--into`; relative to the
/// working directory, or absolute), which must be a `.toml` file inside the
/// data directory and not hidden; without it, `default` (relative to the
/// data directory).
pub fn data_file(
    config: &Config,
    named: Option<&Path>,
    flag: &'static str,
    default: PathBuf,
) -> Result<DataFile, Failure> {
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
    let relative = match named {
        None => default,
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
                    "{flag} {} {how} outside the data directory {}; name a file inside it, or set `data` in [report] of {}",
                    file.display(),
                    shown_dir.display(),
                    display_path(&config.path).display()
                )));
            };
            let relative = relative.to_path_buf();
            if relative.as_os_str().is_empty() || relative.extension().is_none_or(|e| e != "toml") {
                return Err(Failure::Message(format!(
                    "{flag} {} must name a .toml file; `check` and `build` read only those",
                    file.display()
                )));
            }
            let hidden = relative
                .components()
                .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')));
            if hidden {
                return Err(Failure::Message(format!(
                    "{flag} {}: hidden files and folders (names starting with a dot) are skipped by `check` and `build`; choose another name",
                    file.display()
                )));
            }
            relative
        }
    };
    let path = data_dir.join(&relative);
    Ok(DataFile { relative, path, flag })
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
/// file, when given), noting every event id and showing every record to `seen`.
fn pass(config: &Config, overlay: Option<Overlay<'_>>, seen: &mut dyn FnMut(Seen<'_>)) -> Pass {
    let mut ids: HashMap<String, Location> = HashMap::new();
    let mut note = |record: Seen<'_>| {
        if let Seen::Event(event) = &record
            && let Some(id) = &event.id
        {
            ids.entry(id.clone()).or_insert_with(|| event.location.clone());
        }
        seen(record);
    };
    let options = LoadOptions { overlay, on_record: Some(&mut note), ..LoadOptions::default() };
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

/// A data file opened for appending: locked, read, and the data directory
/// loaded as it is now.
pub struct Appender<'c> {
    config: &'c Config,
    file: DataFile,
    shown: PathBuf,
    _lock: OutputLock,
    original: Option<String>,
    /// The file's text, parsed (to count its tables).
    parsed: toml::Table,
    before: Pass,
}

/// Where in the new records a problem lies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The record, counted from 0 in the order given.
    pub record: usize,
    /// The key of the line the problem is on, when it is on a key's line.
    pub key: Option<String>,
}

/// A problem the new records would cause.
#[derive(Clone, Debug)]
pub struct Caused {
    /// The problem, located in the data file as it would be.
    pub problem: Problem,
    /// The record and key it lies in; `None` for a problem elsewhere.
    pub place: Option<Place>,
}

/// The data file with the new records appended, and what they would cause.
pub struct Proposal {
    text: String,
    /// The problems the records cause while being read (errors and warnings).
    pub problems: Vec<Caused>,
    /// The warnings the records add to the comparison of the data (as
    /// `check` prints them after the records are read).
    pub warnings: Vec<Caused>,
}

impl<'c> Appender<'c> {
    /// Locks the data directory, reads the file (it need not exist) and
    /// loads the data directory, showing every event to `seen`.
    pub fn open(
        config: &'c Config,
        file: DataFile,
        wait: Duration,
        seen: &mut dyn FnMut(&Event),
    ) -> Result<Appender<'c>, Failure> {
        let mut events = |record: Seen<'_>| {
            if let Seen::Event(event) = record {
                seen(event);
            }
        };
        Appender::open_seeing_all(config, file, wait, &mut events)
    }

    /// [`Appender::open`], showing every record of the data directory
    /// (sources, events, figures, partners) to `seen`.
    pub fn open_seeing_all(
        config: &'c Config,
        file: DataFile,
        wait: Duration,
        seen: &mut dyn FnMut(Seen<'_>),
    ) -> Result<Appender<'c>, Failure> {
        let shown = display_path(&file.path);
        // Everything from reading the data to replacing the file happens
        // under the data directory's lock, so concurrent writers queue up
        // instead of losing records, and each is checked against the others'.
        let lock = lock_data(&config.report.data, &file, wait)?;
        let original = match std::fs::read_to_string(&file.path) {
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
        let parsed = match original.as_deref().unwrap_or_default().parse::<toml::Table>() {
            Ok(parsed) => parsed,
            Err(err) => {
                return Err(Failure::Message(format!(
                    "{} is not valid TOML, so nothing can be appended to it; run `yearbrief check` and fix it first ({})",
                    shown.display(),
                    err.message().trim()
                )));
            }
        };
        let before = pass(config, None, seen);
        Ok(Appender { config, file, shown, _lock: lock, original, parsed, before })
    }

    /// The file as shown to the user.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// True when the file exists.
    pub fn exists(&self) -> bool {
        self.original.is_some()
    }

    /// Every event id of the data directory, with where it is.
    pub fn ids(&self) -> &HashMap<String, Location> {
        &self.before.ids
    }

    /// How many errors the data directory has already (not caused by the new records).
    pub fn existing_errors(&self) -> usize {
        self.before.load.iter().filter(|p| p.is_error()).count()
    }

    /// The file with `records` appended as `[[table]]` tables, and the
    /// problems they would cause in the data directory.
    pub fn propose(&self, table: &str, records: &[Table]) -> Result<Proposal, Failure> {
        let named: Vec<(&str, &Table)> = records.iter().map(|record| (table, record)).collect();
        self.propose_records(&named)
    }

    /// The file with `records` appended, each as a `[[name]]` table of its
    /// own name (sources, events, figures and partners in one append), and
    /// the problems they would cause in the data directory.
    pub fn propose_records(&self, records: &[(&str, &Table)]) -> Result<Proposal, Failure> {
        let old_text = self.original.as_deref().unwrap_or_default();
        let crlf = old_text.contains("\r\n");
        let separator = if old_text.is_empty() {
            ""
        } else if old_text.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        let mut addition = String::from(separator);
        // The line (1-based, in the new text) each record starts on.
        let mut starts = Vec::with_capacity(records.len());
        let mut line = old_text.matches('\n').count() + separator.matches('\n').count() + 1;
        for (index, (table, record)) in records.iter().enumerate() {
            if index > 0 {
                addition.push('\n');
                line += 1;
            }
            let text = crate::record::records_text(table, [*record]);
            starts.push(line);
            line += text.matches('\n').count();
            addition.push_str(&text);
        }
        if crlf {
            addition = addition.replace('\n', "\r\n");
        }
        let new_text = format!("{old_text}{addition}");
        self.verify(&new_text, records)?;

        let mut nothing = |_: Seen<'_>| {};
        let overlay = Overlay { relative: &self.file.relative, text: &new_text };
        let after = pass(self.config, Some(overlay), &mut nothing);
        let caused = new_problems(&self.before.load, after.load);
        let warnings = new_problems(&self.before.aggregate, after.aggregate);
        let first_line = starts.first().copied().unwrap_or(usize::MAX);
        let lines: Vec<&str> =
            if caused.is_empty() && warnings.is_empty() { Vec::new() } else { new_text.lines().collect() };
        let place = |problem: Problem| {
            let line = problem.location.as_ref().filter(|l| *l.file == *self.shown).and_then(|l| l.line_column);
            let place = match line {
                Some((line, _)) if line >= first_line => {
                    let record = starts.partition_point(|&start| start <= line) - 1;
                    let key = lines
                        .get(line - 1)
                        .and_then(|text| text.split_once(" = "))
                        .map(|(key, _)| key.trim().to_owned())
                        .filter(|key| !key.starts_with('['));
                    Some(Place { record, key })
                }
                _ => None,
            };
            Caused { problem, place }
        };
        let problems = caused.into_iter().map(place).collect();
        let warnings = warnings.into_iter().map(place).collect();
        Ok(Proposal { text: new_text, problems, warnings })
    }

    /// Checks that the new text keeps the old one as it is and holds each
    /// new record as one more `[[name]]` table of its name.
    fn verify(&self, new_text: &str, records: &[(&str, &Table)]) -> Result<(), Failure> {
        let old_text = self.original.as_deref().unwrap_or_default();
        let fail = |reason: String| {
            Failure::Message(format!(
                "cannot append to {} without changing its existing text ({reason}); add the records by hand, or use {} to put them in another file",
                self.shown.display(),
                self.file.flag
            ))
        };
        if !new_text.starts_with(old_text) {
            return Err(fail("the old text would not be kept as it is".to_owned()));
        }
        // The `toml` parser, not `toml_edit`'s: a few times faster on a
        // large file, and only the count of tables is wanted here.
        let tables =
            |doc: &toml::Table, table: &str| doc.get(table).and_then(toml::Value::as_array).map_or(0, Vec::len);
        let new: toml::Table =
            new_text.parse().map_err(|err: toml::de::Error| fail(err.message().trim().to_owned()))?;
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (table, _) in records {
            *counts.entry(table).or_default() += 1;
        }
        for (table, count) in counts {
            if tables(&new, table) != tables(&self.parsed, table) + count {
                return Err(fail(format!("`{table}` is not written as `[[{table}]]` tables in this file")));
            }
        }
        Ok(())
    }

    /// Replaces the file with the proposal's text.
    pub fn write(self, proposal: Proposal) -> Result<(), Failure> {
        crate::write::write_atomically(&self.file.path, proposal.text.as_bytes())?;
        Ok(())
    }
}

/// Locks the data directory `data` for a rewrite of its file `file`. One
/// lock for the whole directory, because a new record is checked against
/// every file (a duplicate id in another file is a problem too). A file
/// with several hard links is refused: replacing it would leave its other
/// names with the old text.
fn lock_data(data: &Path, file: &DataFile, wait: Duration) -> Result<OutputLock, Failure> {
    let path = &file.path;
    let target = crate::write::target_of(path)?;
    if let Ok(metadata) = std::fs::metadata(&target)
        && metadata.nlink() > 1
    {
        return Err(Failure::Message(format!(
            "{} has {} hard links; writing it would give only this name the new records. Replace the other names with symbolic links (ln -sf), or name the file they share with {}",
            display_path(path).display(),
            metadata.nlink(),
            file.flag
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
