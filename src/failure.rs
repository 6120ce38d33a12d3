//! The one error type of a run: what a command or a stage failed with,
//! beyond the problems it already reported. [`crate::cli`] turns it into the
//! exit code (1, or 3 when another run holds an output, or 0 when the reader
//! of the output went away) and [`crate::log`] prints it.

use crate::diag::{Diagnostic, Problems};

/// What a command failed with, beyond the problems it already reported.
#[derive(Debug)]
pub enum Failure {
    /// The input has errors; they have been collected here to be printed,
    /// sorted by place and counted.
    Input(Problems),
    /// The work failed; the diagnostics say why, in the order to print them
    /// (a Typst failure: what failed, then each of Typst's errors at its place).
    Diagnostics(Vec<Diagnostic>),
    /// Something else went wrong; the message says what.
    Message(String),
    /// Another run is building the same output (exit code 3); the message says which.
    Busy(String),
    /// The reader of standard output went away (`yearbrief events list |
    /// head -1`): the rest is not wanted, so the run ends quietly, with success.
    Closed,
}

impl From<crate::write::WriteError> for Failure {
    fn from(error: crate::write::WriteError) -> Self {
        Failure::Message(error.0)
    }
}

impl From<Problems> for Failure {
    fn from(problems: Problems) -> Self {
        Failure::Input(problems)
    }
}

impl Failure {
    /// The exit code of a run that failed so: 3 when another run holds an
    /// output, 0 when the reader went away, else 1 (the input is wrong, or
    /// the work failed).
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Busy(_) => 3,
            Failure::Closed => 0,
            Failure::Input(_) | Failure::Diagnostics(_) | Failure::Message(_) => 1,
        }
    }
}
