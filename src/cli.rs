//! The command line: the exit-code policy, and the dispatch of the parsed
//! arguments ([`crate::args`]) to one module per subcommand.
//!
//! Every command returns to [`run`], which is the only place that decides the
//! exit code: 0 success, 1 the input or the work failed, 2 usage error,
//! 3 another run is building the same output. Every message goes through
//! [`crate::log`], in the format `--log-format` chose.

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::cmd;
use crate::failure::Failure;
use crate::log::{self, LogFormat};

/// Parses the command line, runs the command and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let usage_error = err.use_stderr();
            if usage_error && asks_for_json(std::env::args_os()) {
                log::set_format(LogFormat::Json);
                log::error(err.render().to_string().trim_end().trim_start_matches("error: "));
            } else {
                let _ = err.print();
            }
            return if usage_error { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    log::set_format(cli.log_format);
    match run(cli) {
        Ok(code) => code,
        Err(failure) => report(failure),
    }
}

/// Prints a failure and gives its exit code (see [`Failure::exit_code`]).
pub fn report(failure: Failure) -> ExitCode {
    let code = failure.exit_code();
    log::print_failure(failure);
    ExitCode::from(code)
}

/// True when the raw arguments ask for `--log-format json`, so that even a
/// usage error reaches a log collector as JSON.
fn asks_for_json(args: impl Iterator<Item = std::ffi::OsString>) -> bool {
    let args: Vec<String> = args.map(|a| a.to_string_lossy().into_owned()).collect();
    args.iter().any(|a| a == "--log-format=json") || args.windows(2).any(|w| w[0] == "--log-format" && w[1] == "json")
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Check(args) => cmd::check::run(&args),
        Command::Stats(args) => cmd::stats::run(&args),
        Command::Build(args) => cmd::build::run(&args),
        Command::Events(args) => cmd::events::run(&args),
        Command::Import(args) => cmd::import::run(&args),
        Command::Export(args) => cmd::export_log::run(&args),
        Command::Sources(args) => cmd::sources::run(&args),
        Command::Figures(args) => cmd::figures::run(&args),
        Command::Partners(args) => cmd::partners::run(&args),
        Command::Templates(args) => cmd::templates::run(&args),
        Command::Init(args) => cmd::init::run(&args),
        Command::Completions(args) => cmd::completions::run(&args),
        Command::Man => cmd::completions::run_man(),
        Command::Schedule(args) => cmd::schedule::run(&args),
        Command::Watch(args) => cmd::watch::run(&args),
    }
}
