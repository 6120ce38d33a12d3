//! The command line: argument definitions, the exit-code policy, and the
//! dispatch to one module per subcommand.
//!
//! Every command returns to [`run`], which is the only place that decides the
//! exit code: 0 success, 1 the input or the work failed, 2 usage error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cmd;
use crate::config::{Config, YearChoice};
use crate::diag::{Problem, Problems};

/// Turns a foreign-affairs department's event log into its yearly PDF briefing.
#[derive(Debug, Parser)]
#[command(name = "yearbrief", version, about, max_term_width = 100)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate the config and every data file, reporting every problem.
    Check(CheckArgs),
    /// Print the year-over-year statistics for a year.
    Stats(StatsArgs),
    /// Build the PDF report, one file per language.
    Build(BuildArgs),
    /// Build the report, then rebuild it whenever the config, data, templates or fonts change.
    Watch(WatchArgs),
}

/// Where the report definition is.
#[derive(Debug, Args)]
pub struct ConfigArg {
    /// The report config; every path inside it is relative to the file itself.
    #[arg(long, short, value_name = "PATH", default_value = "config/report.toml")]
    pub config: PathBuf,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
}

/// Output formats of `stats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// An aligned table for people.
    Table,
    /// JSON for programs (a stable contract, see the README).
    Json,
}

/// Arguments of `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
    /// The year: a four-digit year, or `previous` for the last completed one
    /// [default: the config's `year`].
    #[arg(long, short, value_name = "YEAR", value_parser = YearChoice::parse)]
    pub year: Option<YearChoice>,
    /// The output format.
    #[arg(long, short, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
    /// The language of labels and number formats [default: the config's first language].
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<crate::locale::Lang>,
}

/// Extra files `build` can write beside each PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// The generated Typst source (`.typ`) and the theme it imports.
    Typst,
    /// The JSON context the templates were rendered with (`.json`).
    Context,
}

/// Arguments of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
    /// The year: a four-digit year, or `previous` for the last completed one
    /// [default: the config's `year`].
    #[arg(long, short, value_name = "YEAR", value_parser = YearChoice::parse)]
    pub year: Option<YearChoice>,
    /// Build only these languages (comma-separated) [default: the config's `languages`].
    #[arg(long, value_name = "LANG", value_parser = parse_lang, value_delimiter = ',')]
    pub lang: Vec<crate::locale::Lang>,
    /// Also write these files beside each PDF (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub emit: Vec<Emit>,
    /// Print nothing on success.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
    /// The year: a four-digit year, or `previous` for the last completed one
    /// [default: the config's `year`].
    #[arg(long, short, value_name = "YEAR", value_parser = YearChoice::parse)]
    pub year: Option<YearChoice>,
    /// Build only these languages (comma-separated) [default: the config's `languages`].
    #[arg(long, value_name = "LANG", value_parser = parse_lang, value_delimiter = ',')]
    pub lang: Vec<crate::locale::Lang>,
}

fn parse_lang(text: &str) -> Result<crate::locale::Lang, String> {
    crate::locale::Lang::parse(text).ok_or_else(|| format!("unknown language `{text}`; use en or vi"))
}

/// What a command failed with, beyond the problems it already reported.
#[derive(Debug)]
pub enum Failure {
    /// The input has errors; they have been collected here to be printed.
    Input(Problems),
    /// Something else went wrong; the message says what.
    Message(String),
}

impl From<Problems> for Failure {
    fn from(problems: Problems) -> Self {
        Failure::Input(problems)
    }
}

/// Parses the command line, runs the command and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let usage_error = err.use_stderr();
            let _ = err.print();
            return if usage_error { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(Failure::Input(problems)) => {
            print_problems(problems);
            ExitCode::from(1)
        }
        Err(Failure::Message(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Check(args) => cmd::check::run(&args),
        Command::Stats(args) => cmd::stats::run(&args),
        Command::Build(args) => cmd::build::run(&args),
        Command::Watch(args) => cmd::watch::run(&args),
    }
}

/// Loads the config, printing its warnings; its errors become the failure.
pub fn load_config(arg: &ConfigArg) -> Result<Config, Failure> {
    let mut problems = Problems::new();
    match Config::load(&arg.config, &mut problems) {
        Some(config) => {
            print_problems(problems);
            Ok(config)
        }
        None => Err(Failure::Input(problems)),
    }
}

/// Prints problems to stderr, sorted by place, with a closing count.
pub fn print_problems(problems: Problems) {
    let (errors, warnings) = problems.counts();
    let mut stderr = std::io::stderr().lock();
    for problem in problems.sorted() {
        let _ = writeln!(stderr, "{problem}");
    }
    if errors > 0 {
        let _ = writeln!(stderr, "{}", summary_line(errors, warnings));
    }
}

/// "2 errors, 1 warning".
pub fn summary_line(errors: usize, warnings: usize) -> String {
    format!("{}, {}", count(errors, "error"), count(warnings, "warning"))
}

/// "1 file", "3 files".
pub fn count(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// Prints one problem to stderr at once (for long-running commands).
pub fn print_problem(problem: &Problem) {
    eprintln!("{problem}");
}

/// Today's date in UTC, the reference for `year = "previous"`.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}
