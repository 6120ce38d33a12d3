//! The command line: argument definitions, the exit-code policy, and the
//! dispatch to one module per subcommand.
//!
//! Every command returns to [`run`], which is the only place that decides the
//! exit code: 0 success, 1 the input or the work failed, 2 usage error,
//! 3 another run is building the same output. Every message goes through
//! [`crate::log`], in the format `--log-format` chose.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cmd;
use crate::config::{Config, YearChoice};
use crate::diag::{Problem, Problems};
use crate::log::{self, Entry, Level, LogFormat};

/// Turns a foreign-affairs department's event log into its yearly PDF briefing.
#[derive(Debug, Parser)]
#[command(name = "yearbrief", version, about, max_term_width = 100)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// How messages are written: plain lines, lines with a UTC timestamp (for
    /// log files), or one JSON object per line (for log collectors).
    #[arg(long, global = true, value_enum, value_name = "FORMAT", default_value_t = LogFormat::Plain)]
    pub log_format: LogFormat,
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
    /// Record an event from the command line, or list the logged events.
    Events(cmd::events::EventsArgs),
    /// Export the built-in templates and theme for customisation.
    Templates(cmd::templates::TemplatesArgs),
    /// Create a new project: a config, example data and an output folder.
    Init(cmd::init::InitArgs),
    /// Print a shell completion script to standard output.
    Completions(cmd::completions::CompletionsArgs),
    /// Print the manual page (roff) to standard output.
    Man,
    /// Print a crontab line (or systemd units) that builds last year's report every year.
    Schedule(cmd::schedule::ScheduleArgs),
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

/// `--year`: the year a command covers.
#[derive(Debug, Args)]
pub struct YearArg {
    /// The year: a four-digit year, or `previous` for the last completed one
    /// [default: the config's `year`].
    #[arg(long, short, value_name = "YEAR", value_parser = YearChoice::parse)]
    pub year: Option<YearChoice>,
}

impl YearArg {
    /// The calendar year meant: the one asked for, else the config's.
    pub fn resolve(&self, config: &Config) -> i32 {
        self.year.unwrap_or(config.report.year).resolve(today())
    }
}

/// `--lang`: which of the config's languages to build.
#[derive(Debug, Args)]
pub struct LanguagesArg {
    /// Build only these languages (comma-separated) [default: the config's `languages`].
    #[arg(long, value_name = "LANG", value_parser = parse_lang, value_delimiter = ',')]
    pub lang: Vec<crate::locale::Lang>,
}

impl LanguagesArg {
    /// The languages asked for, each once, else the config's.
    pub fn pick(&self, config: &Config) -> Vec<crate::locale::Lang> {
        let requested = if self.lang.is_empty() { &config.report.languages } else { &self.lang };
        let mut languages = Vec::new();
        for lang in requested {
            if !languages.contains(lang) {
                languages.push(*lang);
            }
        }
        languages
    }
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
    /// The year.
    #[command(flatten)]
    pub year: YearArg,
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

impl Emit {
    /// The name given on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Emit::Typst => "typst",
            Emit::Context => "context",
        }
    }
}

/// Arguments of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
    /// The year.
    #[command(flatten)]
    pub year: YearArg,
    /// The languages.
    #[command(flatten)]
    pub languages: LanguagesArg,
    /// Also write these files beside each PDF (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub emit: Vec<Emit>,
    /// Print nothing on success.
    #[arg(long, short)]
    pub quiet: bool,
    /// Skip an output whose inputs are unchanged since its last successful build.
    #[arg(long)]
    pub if_changed: bool,
    /// When another run is building the same output, wait this long for it
    /// before giving up with exit code 3.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub wait: u64,
}

/// Arguments of `watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
    /// The year.
    #[command(flatten)]
    pub year: YearArg,
    /// The languages.
    #[command(flatten)]
    pub languages: LanguagesArg,
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

/// Prints a failure and gives its exit code: 1 for input and work
/// failures, 3 when another run holds the output.
pub fn report(failure: Failure) -> ExitCode {
    match failure {
        Failure::Input(problems) => {
            print_problems(problems);
            ExitCode::from(1)
        }
        Failure::Message(message) => {
            log::error(message);
            ExitCode::from(1)
        }
        Failure::Busy(message) => {
            log::error(message);
            ExitCode::from(3)
        }
    }
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
        Command::Templates(args) => cmd::templates::run(&args),
        Command::Init(args) => cmd::init::run(&args),
        Command::Completions(args) => cmd::completions::run(&args),
        Command::Man => cmd::completions::run_man(),
        Command::Schedule(args) => cmd::schedule::run(&args),
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
    for problem in problems.sorted() {
        log::to_stderr(&Entry::problem(&problem));
    }
    if errors > 0 {
        log::to_stderr(&Entry::new(Level::Info, summary_line(errors, warnings)));
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
    log::to_stderr(&Entry::problem(problem));
}

/// Today's date in UTC, the reference for `year = "previous"`.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}
