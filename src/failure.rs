//! The one error type of a run: what a command or a stage failed with,
//! beyond the problems it already reported. [`crate::cli`] turns it into the
//! exit code (1, or 3 when another run holds an output).

use crate::diag::Problems;

/// What a command failed with, beyond the problems it already reported.
#[derive(Debug)]
pub enum Failure {
    /// The input has errors; they have been collected here to be printed.
    Input(Problems),
    /// Something else went wrong; the message says what.
    Message(String),
    /// Another run is building the same output (exit code 3); the message says which.
    Busy(String),
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
    /// output, else 1 (the input is wrong, or the work failed).
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Busy(_) => 3,
            Failure::Input(_) | Failure::Message(_) => 1,
        }
    }
}
