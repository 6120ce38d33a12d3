//! The end every `add` command shares (`events add`, `sources add`,
//! `figures add`, `partners add`): a record proposed to the [`Appender`] is
//! refused with every problem it causes, each naming the flag it came from,
//! or written with its warnings. One place, so the commands refuse and
//! report alike.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::append::{Appender, Caused, Proposal, data_file};
use crate::config::Config;
use crate::diag::Problems;
use crate::failure::Failure;
use crate::log::print_problems;
use crate::record::{Record, records_text};

/// Where a new record was written, and how.
pub struct Added {
    /// The data file, as shown to the user.
    pub shown: PathBuf,
    /// True when the file was created for it.
    pub created: bool,
    /// The record as it was written.
    pub text: String,
}

impl Added {
    /// ` (a new file)` when the file was created, else nothing.
    pub fn created_note(&self) -> &'static str {
        if self.created { " (a new file)" } else { "" }
    }
}

/// Appends one record to the data file named by `--file` (else `default`
/// in the data directory), or refuses it: the whole of an `add` command
/// but its flags and what it prints.
pub fn append(
    config: &Config,
    file: Option<&Path>,
    default: &str,
    wait: u64,
    record: &Record,
    flag_of: fn(&str) -> Option<&'static str>,
) -> Result<Added, Failure> {
    let target = data_file(config, file, "--file", PathBuf::from(default))?;
    let appender = Appender::open(config, target, Duration::from_secs(wait), &mut |_| {})?;
    let shown = appender.shown().to_path_buf();
    let created = !appender.exists();
    let name = record.record_type().name();
    let table = record.to_table();
    let proposal = appender.propose(name, std::slice::from_ref(&table))?;
    finish(appender, proposal, &format!("the {name}"), flag_of)?;
    Ok(Added { shown, created, text: records_text(name, [&table]) })
}

/// Writes the proposed record, or refuses it: a new record must pass
/// `check` without errors. `what` names the record in messages ("the
/// event"); `flag_of` maps a record key to the flag that set it.
pub fn finish(
    appender: Appender<'_>,
    proposal: Proposal,
    what: &str,
    flag_of: fn(&str) -> Option<&'static str>,
) -> Result<(), Failure> {
    // Every problem the record causes counts: those of reading it, and the
    // warnings of comparing the data with it (a figure that conflicts with
    // another source's), which `check` would print as new.
    if !proposal.problems.is_empty() || !proposal.warnings.is_empty() {
        let mut problems = Problems::new();
        for Caused { mut problem, place } in proposal.problems.into_iter().chain(proposal.warnings) {
            if let Some(flag) = place.and_then(|place| place.key).as_deref().and_then(flag_of) {
                problem.message = format!("{} (from {flag})", problem.message);
            }
            problems.push(problem);
        }
        return Err(refuse(problems, what, appender.shown(), appender.exists()));
    }
    appender.write(proposal)?;
    Ok(())
}

/// Says where a record of type `name` was added, and prints it as written
/// (`figures add`, `partners add`).
pub fn show(added: Added, name: &str) -> Result<(), Failure> {
    crate::log::report(format!("added a {name} to {}{}:", added.shown.display(), added.created_note()))?;
    crate::log::print(added.text.into_bytes())?;
    Ok(())
}

/// Prints why a record was refused and says that nothing was written.
pub fn refuse(problems: Problems, what: &str, shown: &Path, existed: bool) -> Failure {
    print_problems(problems);
    let state = if existed { "is unchanged" } else { "was not created" };
    Failure::Message(format!(
        "{what} was not added (a new record must pass `check` without errors or warnings); {} {state}",
        shown.display()
    ))
}
