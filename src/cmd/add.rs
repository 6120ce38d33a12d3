//! The end every `add` command shares (`events add`, `sources add`): a
//! record proposed to the [`Appender`] is refused with every problem it
//! causes, each naming the flag it came from, or written with its warnings.
//! One place, so the commands refuse and report alike.

use std::path::Path;

use crate::append::{Appender, Caused, Proposal};
use crate::diag::Problems;
use crate::failure::Failure;
use crate::log::print_problems;

/// Writes the proposed record, or refuses it: a new record must pass
/// `check` without errors. `what` names the record in messages ("the
/// event"); `flag_of` maps a record key to the flag that set it.
pub fn finish(
    appender: Appender<'_>,
    proposal: Proposal,
    what: &str,
    flag_of: fn(&str) -> Option<&'static str>,
) -> Result<(), Failure> {
    if !proposal.problems.is_empty() {
        let mut problems = Problems::new();
        for Caused { mut problem, place } in proposal.problems {
            if let Some(flag) = place.and_then(|place| place.key).as_deref().and_then(flag_of) {
                problem.message = format!("{} (from {flag})", problem.message);
            }
            problems.push(problem);
        }
        return Err(refuse(problems, what, appender.shown(), appender.exists()));
    }
    let warnings: Vec<Caused> = proposal.warnings.clone();
    appender.write(proposal)?;
    for warning in &warnings {
        crate::log::print_problem(&warning.problem);
    }
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
