//! The command line as clap reads it: every command, argument and value
//! parser, and nothing that runs.
//!
//! Kept apart from the commands (as the typst CLI keeps its `args.rs`), so
//! that the commands import their arguments and the dispatch imports the
//! commands, never the other way round.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::config::{Config, YearChoice};
use crate::cron::{CronExpr, DEFAULT_AT};
use crate::data::{Qualifier, amount_needs_currency};
use crate::i18n::Lang;
use crate::input::thousands_separator_mistake;
use crate::log::LogFormat;
use crate::period::today;
use crate::record::{RecordType, Texts};

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
    Events(EventsArgs),
    /// Record a source (an article, a bulletin) from the command line.
    Sources(SourcesArgs),
    /// Record a reported figure (a statistic for a period) from the command line.
    Figures(FiguresArgs),
    /// Record a standing partner of the city from the command line.
    Partners(PartnersArgs),
    /// Append the events, figures, sources and partners of a spreadsheet (.xlsx, .ods, .csv) to the log.
    Import(ImportArgs),
    /// Write the whole log (sources, events, figures, partners) to a workbook that `import` reads back.
    Export(LogExportArgs),
    /// Export the built-in templates and theme for customisation.
    Templates(TemplatesArgs),
    /// Create a new project: a config, example data and an output folder.
    Init(InitArgs),
    /// Print a shell completion script to standard output.
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output.
    Man,
    /// Print a crontab line (or systemd units) that builds last year's report every year.
    Schedule(ScheduleArgs),
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
    pub lang: Vec<Lang>,
}

impl LanguagesArg {
    /// The languages asked for, each once, else the config's.
    pub fn pick(&self, config: &Config) -> Vec<Lang> {
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
    /// The figures by year as CSV (a header row, one row per indicator and
    /// period, with origins and sources), for spreadsheets.
    Csv,
    /// The same rows as an Excel workbook (needs --output).
    Xlsx,
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
    /// The language of labels and number formats, and with csv and xlsx of
    /// the headers and origin words [default: the config's first language].
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Write to this file instead of standard output (required with --format xlsx).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Start CSV with a UTF-8 byte-order mark, so that Excel shows Vietnamese letters right.
    #[arg(long)]
    pub excel: bool,
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
    /// Build even when the year has no events and no figures at all (by
    /// default that is an error: the year is probably wrong, or the log not
    /// yet filled).
    #[arg(long)]
    pub allow_empty: bool,
    /// Typeset the languages one after the other instead of at the same time
    /// (the PDFs are the same; for measuring what the threads save).
    #[arg(long, hide = true)]
    pub sequential: bool,
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

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("unknown language `{text}`; use en or vi"))
}

/// Arguments of `events`.
#[derive(Debug, Args)]
pub struct EventsArgs {
    /// What to do with the log.
    #[command(subcommand)]
    pub command: EventsCommand,
}

/// The subcommands of `events`.
#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// Check a new event against the rules of `check` and append it to a data file.
    Add(Box<AddArgs>),
    /// List the logged events, filtered, as a table, JSON or CSV.
    List(ListArgs),
}

/// Arguments of `events add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
    /// The event kind, e.g. agreement, delegation-received, aid.
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// When it happened: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// When it ended, for events spanning several days.
    #[arg(long, value_name = "DATE")]
    pub end: Option<String>,
    /// What happened, in a few words (in English when --title-vi is given too).
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// The title in Vietnamese.
    #[arg(long = "title-vi", value_name = "TEXT")]
    pub title_vi: Option<String>,
    /// A foreign partner, as NAME,COUNTRY,TYPE (e.g. "Daegu,KR,locality"); repeat for several.
    #[arg(long = "partner", value_name = "NAME,COUNTRY,TYPE", value_parser = parse_partner)]
    pub partners: Vec<PartnerSpec>,
    /// The money involved, as VALUE CURRENCY (e.g. "2800000 USD").
    #[arg(long, value_name = "AMOUNT", value_parser = parse_amount)]
    pub amount: Option<AmountSpec>,
    /// A field of cooperation; repeat for several.
    #[arg(long = "sector", value_name = "SECTOR")]
    pub sectors: Vec<String>,
    /// The id of a `[[source]]` that reports the event; repeat for several.
    #[arg(long = "source", value_name = "ID", required = true)]
    pub sources: Vec<String>,
    /// The event's id [default: made from the date, kind and title].
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// A remark (in English when --note-vi is given too).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The remark in Vietnamese.
    #[arg(long = "note-vi", value_name = "TEXT")]
    pub note_vi: Option<String>,
    /// The data file to append to, inside the data directory [default: <data>/<year of --date>.toml].
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// How long to wait for another command writing the same data file to finish.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub wait: u64,
}

/// A partner given on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerSpec {
    /// Its name.
    pub name: String,
    /// Its country code, as typed.
    pub country: String,
    /// Its partner type, as typed.
    pub kind: String,
}

/// An amount given on the command line.
#[derive(Clone, Debug, PartialEq)]
pub struct AmountSpec {
    /// The number of currency units.
    pub value: f64,
    /// The currency code, as typed.
    pub currency: String,
}

const PARTNER_TYPES: [&str; 7] = ["locality", "government", "company", "ngo", "organisation", "university", "other"];

/// Reads `--partner NAME,COUNTRY,TYPE`.
pub fn parse_partner(text: &str) -> Result<PartnerSpec, String> {
    let mut parts = text.rsplitn(3, ',');
    let (Some(kind), Some(country), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("write a partner as NAME,COUNTRY,TYPE, e.g. \"Daegu,KR,locality\" (got \"{text}\")"));
    };
    let (name, country, kind) = (name.trim(), country.trim(), kind.trim());
    if name.is_empty() {
        return Err(format!("the partner's name is empty in \"{text}\""));
    }
    if !PARTNER_TYPES.contains(&kind) {
        return Err(format!("unknown partner type `{kind}`; use one of {}", PARTNER_TYPES.join(", ")));
    }
    Ok(PartnerSpec { name: name.to_owned(), country: country.to_owned(), kind: kind.to_owned() })
}

/// Reads `--amount "VALUE CURRENCY"`.
pub fn parse_amount(text: &str) -> Result<AmountSpec, String> {
    let usage = || format!("write an amount as a number and a currency code, e.g. \"2800000 USD\" (got \"{text}\")");
    let parts: Vec<&str> = text.split_whitespace().collect();
    if let Some(message) = parts.first().and_then(|number| thousands_separator_mistake(number, "--amount")) {
        return Err(message);
    }
    let number = |written: &str| written.replace('_', "").parse::<f64>().ok().filter(|value| value.is_finite());
    let (value, currency) = match parts.as_slice() {
        [written, currency] => (number(written).ok_or_else(usage)?, *currency),
        [written] if number(written).is_some() => {
            return Err(amount_needs_currency(&format!("--amount \"{written} VND\"")));
        }
        _ => return Err(usage()),
    };
    Ok(AmountSpec { value, currency: currency.to_owned() })
}

/// Output formats of `events list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table for people.
    Table,
    /// A JSON array of objects, one per event.
    Json,
    /// CSV with a header row (RFC 4180), for spreadsheets.
    Csv,
    /// An Excel workbook (needs --output) with the columns `import` reads back.
    Xlsx,
}

/// Arguments of `events list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
    /// Only events of this year: a four-digit year, or `previous`.
    #[arg(long, short, value_name = "YEAR", value_parser = YearChoice::parse)]
    pub year: Option<YearChoice>,
    /// Only events of these kinds (repeat, or separate with commas).
    #[arg(long, value_name = "KIND", value_delimiter = ',')]
    pub kind: Vec<String>,
    /// Only events with a partner whose name contains TEXT (any case) or whose country code is TEXT.
    #[arg(long, value_name = "TEXT")]
    pub partner: Option<String>,
    /// The output format.
    #[arg(long, short, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// The language of titles and amounts, and with csv and xlsx of the
    /// headers and kinds [default: the config's first language].
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Write to this file instead of standard output (required with --format xlsx).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Start CSV with a UTF-8 byte-order mark, so that Excel shows Vietnamese letters right.
    #[arg(long)]
    pub excel: bool,
}

/// Arguments of `sources`.
#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// What to do with the sources.
    #[command(subcommand)]
    pub command: SourcesCommand,
}

/// The subcommands of `sources`.
#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
    /// Check a new source against the rules of `check`, append it to a data file and print its id.
    Add(SourceAddArgs),
}

/// Arguments of `sources add`.
#[derive(Debug, Args)]
pub struct SourceAddArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
    /// Its title (in English when --title-vi is given too).
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// The title in Vietnamese.
    #[arg(long = "title-vi", value_name = "TEXT")]
    pub title_vi: Option<String>,
    /// Who published it, e.g. "Da Nang Today".
    #[arg(long, value_name = "TEXT")]
    pub publisher: String,
    /// When it was published: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub published: String,
    /// Where it can be read.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The language it is written in, e.g. vi or en.
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
    /// The source's id, which events cite [default: made from the publisher and the date].
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The data file to append to, inside the data directory [default: <data>/sources.toml].
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// How long to wait for another command writing to the data directory to finish.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub wait: u64,
}

/// Arguments of `figures`.
#[derive(Debug, Args)]
pub struct FiguresArgs {
    /// What to do with the figures.
    #[command(subcommand)]
    pub command: FiguresCommand,
}

/// The subcommands of `figures`.
#[derive(Debug, Subcommand)]
pub enum FiguresCommand {
    /// Check a reported figure against the rules of `check` and append it to a data file.
    Add(FigureAddArgs),
}

/// Arguments of `figures add`.
#[derive(Debug, Args)]
pub struct FigureAddArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
    /// The indicator it measures: an indicator id of the config.
    #[arg(long, value_name = "ID")]
    pub indicator: String,
    /// The period it covers: YYYY, YYYY-H1, YYYY-Q1 or YYYY-MM (also Q1/2025, quý 1/2025, 6 tháng đầu năm 2025).
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// The number reported, e.g. 400 or 1200000 (1_200_000).
    #[arg(long, value_name = "NUMBER", allow_hyphen_values = true, value_parser = parse_number)]
    pub value: f64,
    /// How exact the number is: exact, about, nearly, over, under or at-least (or khoảng, gần, hơn, dưới, ít nhất).
    #[arg(long, value_name = "WORD", value_parser = parse_qualifier)]
    pub qualifier: Option<Qualifier>,
    /// The reported change against the same period a year earlier (a difference, e.g. 208 or -3).
    #[arg(long, value_name = "NUMBER", allow_hyphen_values = true, value_parser = parse_number)]
    pub change: Option<f64>,
    /// The date the figure describes: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long = "as-of", value_name = "DATE")]
    pub as_of: Option<String>,
    /// The id of a source that reports it (repeat for several; at least one).
    #[arg(long = "source", value_name = "ID", required = true)]
    pub sources: Vec<String>,
    /// A remark.
    #[command(flatten)]
    pub note: NoteArgs,
    /// The data file to append to, inside the data directory [default: <data>/figures.toml].
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// How long to wait for another command writing to the data directory to finish.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub wait: u64,
}

/// Arguments of `partners`.
#[derive(Debug, Args)]
pub struct PartnersArgs {
    /// What to do with the partners.
    #[command(subcommand)]
    pub command: PartnersCommand,
}

/// The subcommands of `partners`.
#[derive(Debug, Subcommand)]
pub enum PartnersCommand {
    /// Check a standing partner against the rules of `check` and append it to a data file.
    Add(PartnerAddArgs),
}

/// Arguments of `partners add`.
#[derive(Debug, Args)]
pub struct PartnerAddArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
    /// Its name (in English when --name-vi is given too).
    #[arg(long, value_name = "TEXT", required_unless_present = "name_vi")]
    pub name: Option<String>,
    /// Its name in Vietnamese.
    #[arg(long = "name-vi", value_name = "TEXT")]
    pub name_vi: Option<String>,
    /// Its country: an ISO 3166-1 code (KR) or the country's name in English or Vietnamese (Korea, Hàn Quốc).
    #[arg(long, value_name = "COUNTRY")]
    pub country: String,
    /// What sort of body it is: locality, government, company, ngo, organisation, university or other.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: String,
    /// When the relationship began: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Where it is, for the map: latitude and longitude in degrees, e.g. "35.53,139.7".
    #[arg(long, value_name = "LAT,LON", allow_hyphen_values = true)]
    pub location: Option<String>,
    /// The id of a source that names it (repeat for several; at least one).
    #[arg(long = "source", value_name = "ID", required = true)]
    pub sources: Vec<String>,
    /// A remark.
    #[command(flatten)]
    pub note: NoteArgs,
    /// The data file to append to, inside the data directory [default: <data>/partners.toml].
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// How long to wait for another command writing to the data directory to finish.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub wait: u64,
}

/// `--note` and `--note-vi`: a remark on a new record.
#[derive(Debug, Args)]
pub struct NoteArgs {
    /// A remark (in English when --note-vi is given too).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The remark in Vietnamese.
    #[arg(long = "note-vi", value_name = "TEXT")]
    pub note_vi: Option<String>,
}

impl NoteArgs {
    /// The remark as the record holds it.
    pub fn texts(&self) -> Texts {
        Texts { en: self.note.clone(), vi: self.note_vi.clone() }
    }
}

/// Reads a number flag: digits, an optional sign and decimal point, `_`
/// between digits; thousands separators are refused with what to write.
pub fn parse_number(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    let plain = trimmed.replace('_', "");
    if let Ok(value) = plain.parse::<f64>()
        && value.is_finite()
    {
        return Ok(value);
    }
    if trimmed.contains(',') || trimmed.matches('.').count() > 1 {
        let digits: String = trimmed.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect();
        return Err(format!(
            "write the number without thousands separators: {digits} or with underscores (got \"{text}\")"
        ));
    }
    Err(format!("write a number in figures, e.g. 400 or 1200000 (got \"{text}\")"))
}

/// Reads `--qualifier`: its name, or its word in English or Vietnamese.
pub fn parse_qualifier(text: &str) -> Result<Qualifier, String> {
    crate::import::cells::qualifier(text)
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct LogExportArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
    /// The workbook to write (.xlsx).
    #[arg(value_name = "FILE")]
    pub output: PathBuf,
    /// The language of the sheet names, headers and kinds [default: the config's first language].
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The config.
    #[command(flatten)]
    pub config: ConfigArg,
    /// The spreadsheet: .xlsx, .ods, or .csv (UTF-8, with or without a BOM; commas or semicolons).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Read only this sheet [default: every visible sheet, each named after what it holds:
    /// events/sự kiện, figures/số liệu, sources/nguồn, partners/đối tác].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// What a CSV file, or a sheet whose name does not say, holds.
    #[arg(long, value_enum, value_name = "TABLE")]
    pub table: Option<RecordType>,
    /// The data file to append to, inside the data directory [default: <data>/import-<year>.toml,
    /// the year most events and figures fall in].
    #[arg(long, value_name = "PATH")]
    pub into: Option<PathBuf>,
    /// Show what would be appended, and every problem, without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Read dates such as 03/04/2025 month first (4 March), whatever the config's `[import] dates` says.
    #[arg(long, conflicts_with = "day_first")]
    pub month_first: bool,
    /// Read dates such as 03/04/2025 day first (3 April), whatever the config's `[import] dates` says.
    #[arg(long)]
    pub day_first: bool,
    /// How long to wait for another command writing to the data directory to finish.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub wait: u64,
}

/// Arguments of `templates`.
#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// What to do with the templates.
    #[command(subcommand)]
    pub command: TemplatesCommand,
}

/// The subcommands of `templates`.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates and theme into DIR, keeping their relative paths.
    Export(ExportArgs),
}

/// Arguments of `templates export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The folder to write them to (created if absent).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Replace files that already exist.
    #[arg(long)]
    pub force: bool,
    /// The config the hint refers to; `templates` is relative to it.
    #[arg(long, short, value_name = "PATH", default_value = "config/report.toml")]
    pub config: PathBuf,
}

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder of the new project (created if absent; must be empty).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Write into a folder that is not empty, replacing files of the same names.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Arguments of `schedule`.
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The config to build; printed as an absolute path.
    #[command(flatten)]
    pub config: ConfigArg,
    /// When to run, as a 5-field cron expression: minute hour day-of-month month day-of-week.
    #[arg(long, value_name = "CRON", default_value = DEFAULT_AT, value_parser = CronExpr::parse)]
    pub at: CronExpr,
    /// Print a systemd service and timer instead of a crontab line.
    #[arg(long)]
    pub systemd: bool,
    /// The log file the crontab line appends to [default: yearbrief.log in the
    /// output folder if it exists, else beside the config].
    #[arg(long, value_name = "PATH")]
    pub log: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_spec_keeps_commas_in_the_name() {
        let spec = parse_partner("Busan, Metropolitan City,KR,locality").unwrap();
        assert_eq!(spec.name, "Busan, Metropolitan City");
        assert_eq!(spec.country, "KR");
        assert!(parse_partner("Daegu KR").unwrap_err().contains("NAME,COUNTRY,TYPE"));
        assert!(parse_partner("Daegu,KR,town").unwrap_err().contains("unknown partner type `town`"));
    }

    #[test]
    fn amount_spec_needs_a_number_and_a_code() {
        assert_eq!(parse_amount("2_800_000 USD").unwrap(), AmountSpec { value: 2_800_000.0, currency: "USD".into() });
        assert!(parse_amount("USD").is_err());
        assert!(parse_amount("many USD").is_err());
    }

    #[test]
    fn an_amount_flag_gets_the_messages_the_data_files_get_for_the_usual_mistakes() {
        let separators =
            "`1.200.000` has thousands separators, which --amount does not allow: write `1_200_000` or `1200000`";
        assert_eq!(parse_amount("1.200.000 VND").unwrap_err(), separators);
        assert!(parse_amount("1,200,000").unwrap_err().contains("write `1_200_000` or `1200000`"));
        assert_eq!(
            parse_amount("1200000").unwrap_err(),
            "an amount needs its currency: write `--amount \"1200000 VND\"` (or \"USD\", ...)"
        );
    }
}
