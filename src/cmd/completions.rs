//! `yearbrief completions` and `yearbrief man`: shell completion scripts and
//! a manual page, generated from the clap definitions so they never drift
//! from the real command line.

use std::process::ExitCode;

use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs};
use crate::failure::Failure;

/// Prints the completion script for a shell.
pub fn run(args: &CompletionsArgs) -> Result<ExitCode, Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "yearbrief", &mut script);
    print(&script)
}

/// Prints the manual page in roff.
pub fn run_man() -> Result<ExitCode, Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|err| Failure::Message(format!("cannot write the manual page: {err}")))?;
    print(&page)
}

fn print(bytes: &[u8]) -> Result<ExitCode, Failure> {
    crate::log::print(bytes)?;
    Ok(ExitCode::SUCCESS)
}
