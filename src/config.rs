//! The report definition: `config/report.toml` read, checked and typed.
//!
//! The file is parsed into raw serde structures that mirror its tables, then
//! validated into one [`Config`]. Every later stage works with the typed
//! config only and never looks at the raw input again. Paths inside the file
//! are resolved against the directory of the config file, so a run does not
//! depend on the working directory.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Location, Problems, SourceFile, display_path};
use crate::i18n::{self, Lang};
use crate::input::{self, FieldsError, StringList, at};
use crate::locale;
use crate::text::Text;

/// The validated report definition.
#[derive(Clone, Debug)]
pub struct Config {
    /// The config file itself.
    pub path: PathBuf,
    /// The directory every relative path in the config is resolved against.
    pub dir: PathBuf,
    /// The `[report]` table.
    pub report: Report,
    /// Every event kind: the built-in ones and those the config declares.
    pub kinds: Vec<Kind>,
    /// The indicators, in config order.
    pub indicators: Vec<Indicator>,
    /// The sections of the PDF, in config order.
    pub sections: Vec<Section>,
    /// The `[import]` table: how `yearbrief import` reads a spreadsheet.
    pub import: ImportSettings,
    /// Every text of the config the report may print (titles, labels, units,
    /// intros), with where it is written, so it can be checked against the
    /// fonts the build will use.
    pub texts: Vec<(Location, Text)>,
}

/// The `[import]` table: how a department's spreadsheets are written, so
/// that `yearbrief import` reads them without flags every time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ImportSettings {
    /// Which comes first in a date such as `03/04/2025`.
    #[serde(default)]
    pub dates: DateOrder,
}

/// Which comes first in a date such as `03/04/2025`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    /// `25/03/2025`, as Viet Nam and most of the world write it.
    #[default]
    DayFirst,
    /// `03/25/2025`, as the United States write it.
    MonthFirst,
}

/// The `[report]` table.
#[derive(Clone, Debug)]
pub struct Report {
    /// The report's title.
    pub title: Text,
    /// The organisation that issues the report (the PDF's author).
    pub organisation: Text,
    /// Which year the report covers unless the command line says otherwise.
    pub year: YearChoice,
    /// One PDF is built per language, in this order.
    pub languages: Vec<Lang>,
    /// The data directory.
    pub data: PathBuf,
    /// Where the config names the data directory, for error messages.
    pub data_location: Location,
    /// The output path pattern, with `{year}` and `{lang}` placeholders.
    pub output: String,
    /// Where the config names the output, for error messages.
    pub output_location: Location,
    /// A directory of templates that override the built-in ones.
    pub templates: Option<PathBuf>,
    /// A directory of extra font files.
    pub fonts: Option<PathBuf>,
    /// The PDF standard the output must conform to.
    pub pdf_standard: PdfStandard,
    /// The date printed as the issue date, when the config fixes it (else
    /// the build date is printed).
    pub issued: Option<chrono::NaiveDate>,
    /// The organisation's postal address, for the imprint.
    pub address: Option<Text>,
    /// The organisation's website, for the imprint.
    pub website: Option<String>,
    /// The organisation's logo for the cover, as Typst reads it: a path
    /// from the config's folder, starting with `/`.
    pub logo: Option<String>,
}

/// The year a report covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearChoice {
    /// A fixed calendar year.
    Fixed(i32),
    /// The last completed calendar year at the time of the run.
    Previous,
}

impl YearChoice {
    /// Parses `2024` or `previous` as given on the command line.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.eq_ignore_ascii_case("previous") {
            return Ok(YearChoice::Previous);
        }
        match text.parse::<i64>() {
            Ok(year) => crate::period::check_year(year).map(YearChoice::Fixed),
            _ => Err(format!("`{text}` is not a year: write a year such as 2024, or `previous`")),
        }
    }

    /// The calendar year meant, given today's date.
    pub fn resolve(self, today: chrono::NaiveDate) -> i32 {
        match self {
            YearChoice::Fixed(year) => year,
            YearChoice::Previous => crate::period::previous_completed_year(today),
        }
    }
}

/// The PDF standards a report can be written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PdfStandard {
    /// PDF/A-2b, for archiving (the default).
    A2b,
    /// PDF/A-3b, for archiving with attachments.
    A3b,
    /// PDF/UA-1, for accessibility.
    Ua1,
    /// Plain PDF.
    None,
}

impl PdfStandard {
    const NAMES: [(&'static str, PdfStandard); 4] = [
        ("a-2b", PdfStandard::A2b),
        ("a-3b", PdfStandard::A3b),
        ("ua-1", PdfStandard::Ua1),
        ("none", PdfStandard::None),
    ];

    /// The name used in the config.
    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(_, standard)| *standard == self).map_or("none", |(name, _)| name)
    }
}

/// An event kind.
#[derive(Clone, Debug)]
pub struct Kind {
    /// The id used in data files.
    pub id: String,
    /// A readable label, e.g. for headings and tables.
    pub label: Text,
    /// True for the kinds every config has.
    pub builtin: bool,
}

/// A quantity the report compares from year to year.
#[derive(Clone, Debug)]
pub struct Indicator {
    /// The id figures refer to.
    pub id: String,
    /// A readable label.
    pub label: Text,
    /// What the numbers measure.
    pub unit: Unit,
    /// How to compute the value from the event log, when it can be.
    pub rule: Option<EventRule>,
}

/// The unit of an indicator's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Money in an ISO 4217 currency.
    Money(String),
    /// A count or quantity of something named, e.g. "delegations".
    Quantity(Text),
}

impl Unit {
    /// The currency code of a money unit.
    pub fn currency(&self) -> Option<&str> {
        match self {
            Unit::Money(code) => Some(code),
            Unit::Quantity(_) => None,
        }
    }
}

/// What sort of body a partner is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartnerType {
    /// A city, province or state.
    Locality,
    /// A national government or one of its agencies.
    Government,
    /// A business.
    Company,
    /// A non-governmental organisation.
    Ngo,
    /// An international or professional body.
    Organisation,
    /// A university or research institute.
    University,
    /// Anything else.
    Other,
}

impl PartnerType {
    /// Every partner type, in the order of their declaration.
    pub const ALL: [PartnerType; 7] = [
        PartnerType::Locality,
        PartnerType::Government,
        PartnerType::Company,
        PartnerType::Ngo,
        PartnerType::Organisation,
        PartnerType::University,
        PartnerType::Other,
    ];

    /// Its name in the data (`locality`): serde's own name for it.
    pub fn name(self) -> &'static str {
        input::serde_names::<PartnerType>()[self as usize]
    }
}

/// How an indicator's value is computed from events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRule {
    /// The event kinds that count.
    pub kinds: Vec<String>,
    /// Which events of those kinds count.
    pub filter: EventFilter,
    /// Whether events are counted or their amounts added.
    pub measure: Measure,
    /// True for a running total of everything up to the end of the period.
    pub cumulative: bool,
}

/// Which events of an indicator's kinds it counts: each list that is not
/// empty must match (any of its entries); empty lists match everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// The event has one of these sectors.
    pub sectors: Vec<String>,
    /// A partner of the event is from one of these countries.
    pub partner_countries: Vec<String>,
    /// A partner of the event is of one of these types.
    pub partner_types: Vec<PartnerType>,
    /// Where the filter is written, for the warning when it matches nothing.
    pub location: Option<Location>,
}

impl EventFilter {
    /// Whether the filter narrows the kinds at all.
    pub fn is_empty(&self) -> bool {
        self.sectors.is_empty() && self.partner_countries.is_empty() && self.partner_types.is_empty()
    }

    /// Whether an event with these sectors and partners passes.
    pub fn matches<'a>(
        &self,
        sectors: &[String],
        partners: impl Iterator<Item = (&'a str, PartnerType)> + Clone,
    ) -> bool {
        (self.sectors.is_empty() || sectors.iter().any(|s| self.sectors.contains(s)))
            && (self.partner_countries.is_empty()
                || partners.clone().any(|(country, _)| self.partner_countries.iter().any(|c| c == country)))
            && (self.partner_types.is_empty() || partners.clone().any(|(_, kind)| self.partner_types.contains(&kind)))
    }
}

/// What is taken from each matching event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Each event counts as one.
    Count,
    /// The event's amount, when it is in this currency.
    SumAmount {
        /// The ISO 4217 currency added up; amounts in others are left out.
        currency: String,
    },
}

/// A section of the PDF.
#[derive(Clone, Debug)]
pub struct Section {
    /// What the section shows.
    pub content: SectionContent,
    /// Its heading.
    pub title: Text,
    /// An optional paragraph shown under the heading.
    pub intro: Option<Text>,
}

/// The kinds of section and their settings, read by serde.
///
/// A `[[section]]`'s `type` is the name of a variant in kebab-case, and its
/// keys other than `type`, `title` and `intro` are that variant's fields:
/// a key of another type or of none is an error at the key, a field that
/// has no default and is not given an error at the section. What a key
/// named `indicator`, `indicators` or `kinds` names is checked against the
/// config once every table is read. The type's partial is
/// `templates/sections/<type>.typ.hbs`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", rename_all_fields = "kebab-case", deny_unknown_fields)]
pub enum SectionContent {
    /// Key-figure cards.
    Highlights {
        /// The indicators shown, in order.
        indicators: Vec<String>,
    },
    /// A bar chart of one indicator over the years.
    Trend {
        /// The indicator charted.
        indicator: String,
        /// How many years, ending with the report year.
        #[serde(default = "default_years", deserialize_with = "years")]
        years: u32,
    },
    /// Indicators by year.
    Table {
        /// The indicators, one per row.
        indicators: Vec<String>,
        /// How many years, ending with the report year.
        #[serde(default = "default_years", deserialize_with = "years")]
        years: u32,
    },
    /// The year's events of some kinds.
    Events {
        /// The kinds listed.
        kinds: Vec<String>,
        /// At most this many events, the most notable (see `view::notable`);
        /// the rest are counted and left to an annex.
        #[serde(default, deserialize_with = "limit")]
        limit: Option<usize>,
    },
    /// Every event of the year, compactly, month by month.
    Annex {
        /// The kinds listed; every kind when empty.
        #[serde(default)]
        kinds: Vec<String>,
    },
    /// The partner network, set against the official totals when the
    /// config names the indicators that hold them.
    Partners {
        /// The indicator with the reported number of partner localities.
        #[serde(default, rename = "total-localities")]
        total_localities: Option<String>,
        /// The indicator with the reported number of their countries.
        #[serde(default, rename = "total-countries")]
        total_countries: Option<String>,
    },
    /// A world map of the partner countries, each shaded by a count.
    Map {
        /// What shades a country: its partner localities or the year's events.
        #[serde(default)]
        measure: MapMeasure,
        /// The home city, `[latitude, longitude]` in degrees, marked on the map.
        #[serde(default, deserialize_with = "lat_lon")]
        home: Option<LatLon>,
    },
    /// A chart of the year's logged events, or small charts of several
    /// indicators over the years.
    Chart {
        /// What the chart draws.
        of: ChartOf,
        /// The indicators of `of = "trends"`, one small chart each.
        #[serde(default)]
        indicators: Vec<String>,
        /// How many years `of = "trends"` shows, ending with the report year.
        #[serde(default = "default_years", deserialize_with = "years")]
        years: u32,
    },
    /// A template of the user's own.
    Text {
        /// The template's name, without extension.
        #[serde(deserialize_with = "template_name")]
        template: String,
    },
    /// Key messages: sentences generated from the comparison, then the
    /// config's own from a template, when it names one.
    Summary {
        /// A template of the user's own whose list items follow the generated ones.
        #[serde(default, deserialize_with = "optional_template_name")]
        template: Option<String>,
    },
    /// Conflicts, gaps and derived figures.
    DataNotes,
    /// Every source cited.
    Sources,
}

impl SectionContent {
    /// The user template the section renders, if any (`text`, and `summary`
    /// with its own sentences).
    pub fn user_template(&self) -> Option<&str> {
        match self {
            SectionContent::Text { template } => Some(template),
            SectionContent::Summary { template } => template.as_deref(),
            _ => None,
        }
    }

    /// Every `type` name, in the order the variants are declared.
    pub fn type_names() -> &'static [&'static str] {
        input::serde_names::<SectionContent>()
    }

    /// The `type` name used in the config: the variant's name as serde
    /// writes it (the one key of the JSON of a struct variant, the string of
    /// a unit variant), so it is always one of [`Self::type_names`].
    pub fn type_name(&self) -> &'static str {
        let written = serde_json::to_value(self).unwrap_or_default();
        let name = match &written {
            serde_json::Value::Object(variant) => variant.keys().next().map_or("", String::as_str),
            other => other.as_str().unwrap_or_default(),
        };
        Self::type_names().iter().copied().find(|known| *known == name).unwrap_or_default()
    }
}

/// What a `chart` section draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartOf {
    /// The year's events with a partner from each country, most first.
    EventsByCountry,
    /// The year's events in each month.
    EventsByMonth,
    /// Small bar charts of several indicators over the years, side by side.
    Trends,
}

/// What a `map` section counts in each country.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MapMeasure {
    /// Partner localities in the network at the end of the year.
    #[default]
    Localities,
    /// Events of the year with a partner from the country.
    Events,
}

/// A place on the globe, in degrees; written `[latitude, longitude]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    /// Degrees north (negative: south), −90 to 90.
    pub lat: f64,
    /// Degrees east (negative: west), −180 to 180.
    pub lon: f64,
}

// Both values are finite (checked when read), so equality is total.
impl Eq for LatLon {}

impl Serialize for LatLon {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.lat, self.lon].serialize(serializer)
    }
}

/// `home`: `[latitude, longitude]` in degrees.
fn lat_lon<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<LatLon>, D::Error> {
    let [lat, lon] = <[f64; 2]>::deserialize(deserializer)?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(serde::de::Error::custom(
            "`home` must be [latitude, longitude] in degrees, latitude from -90 to 90 and longitude from -180 to 180",
        ));
    }
    Ok(Some(LatLon { lat, lon }))
}

/// How many years a `trend` or `table` section shows unless it says.
fn default_years() -> u32 {
    5
}

/// `years`: a whole number from 1 to 30.
fn years<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let years = i64::deserialize(deserializer)?;
    u32::try_from(years)
        .ok()
        .filter(|years| (1..=30).contains(years))
        .ok_or_else(|| serde::de::Error::custom("`years` must be between 1 and 30"))
}

/// `limit`: a whole number of events, at least 1.
fn limit<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<usize>, D::Error> {
    let limit = i64::deserialize(deserializer)?;
    usize::try_from(limit).ok().filter(|limit| *limit >= 1).map(Some).ok_or_else(|| {
        serde::de::Error::custom("`limit` must be a whole number of events, at least 1, e.g. `limit = 40`")
    })
}

/// `template`: the name of a template of the user's own, an id.
fn template_name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let name = String::deserialize(deserializer)?;
    check_id(&name).map_err(|reason| serde::de::Error::custom(format!("template name: {reason}")))?;
    Ok(name)
}

fn optional_template_name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    template_name(deserializer).map(Some)
}

/// The event kinds every project has; their labels are `[kind]` in each
/// language's catalogue (`i18n/<lang>.toml`).
pub const BUILTIN_KINDS: [&str; 9] = [
    "delegation-received",
    "delegation-sent",
    "agreement",
    "partnership",
    "conference",
    "festival",
    "investment",
    "aid",
    "other",
];

impl Report {
    /// The language of output that has one language only (`stats`, `events
    /// list`, the log file's name): the first the config lists.
    pub fn main_language(&self) -> Lang {
        self.languages.first().copied().unwrap_or(Lang::En)
    }
}

impl Config {
    /// Reads and validates a config file; problems are recorded, and `None`
    /// is returned when there is any error.
    pub fn load(path: &Path, problems: &mut Problems) -> Option<Config> {
        let shown = display_path(path);
        let file = match input::read_source(path, &shown) {
            Ok(file) => file,
            Err(mut problem) => {
                if problem.location.as_ref().is_some_and(|l| l.line_column.is_none()) {
                    problem.message = format!(
                        "{}; pass the report definition with `--config PATH` or run from the project directory",
                        problem.message.replace("the file", "the config file")
                    );
                }
                problems.push(problem);
                return None;
            }
        };
        Config::from_source(path, &file, problems)
    }

    /// Validates the text of a config file read from `path` (which only
    /// places the folder its paths are relative to); nothing is read from disk.
    pub fn from_text(path: &Path, text: &str, problems: &mut Problems) -> Option<Config> {
        Config::from_source(path, &SourceFile::new(display_path(path), text.to_owned()), problems)
    }

    fn from_source(path: &Path, file: &SourceFile, problems: &mut Problems) -> Option<Config> {
        let before = problems.counts().0;
        let raw = parse_raw(file, problems)?;
        let dir = normalize(path.parent().unwrap_or(Path::new("")));
        let config = Validator { file, problems, dir: &dir, texts: Vec::new() }.validate(raw, path);
        if problems.counts().0 > before { None } else { config }
    }

    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|indicator| indicator.id == id)
    }

    /// The kind with this id.
    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|kind| kind.id == id)
    }

    /// The output path for a year and language.
    pub fn output_path(&self, year: i32, lang: Lang) -> PathBuf {
        let name = self.report.output.replace("{year}", &year.to_string()).replace("{lang}", lang.code());
        normalize(&self.dir.join(name))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawReport {
    title: Spanned<Text>,
    organisation: Spanned<Text>,
    year: Spanned<RawYear>,
    languages: Spanned<Vec<Spanned<String>>>,
    data: Spanned<String>,
    output: Spanned<String>,
    templates: Option<Spanned<String>>,
    fonts: Option<Spanned<String>>,
    pdf_standard: Option<Spanned<String>>,
    issued: Option<Spanned<String>>,
    address: Option<Spanned<Text>>,
    website: Option<Spanned<String>>,
    logo: Option<Spanned<String>>,
}

/// `year = 2024` or `year = "previous"`.
enum RawYear {
    Number(i64),
    Word(String),
}

impl<'de> Deserialize<'de> for RawYear {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct YearVisitor;

        impl serde::de::Visitor<'_> for YearVisitor {
            type Value = RawYear;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a year such as 2024, or \"previous\"")
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<RawYear, E> {
                Ok(RawYear::Number(value))
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<RawYear, E> {
                Ok(RawYear::Number(i64::try_from(value).unwrap_or(i64::MAX)))
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<RawYear, E> {
                Ok(RawYear::Word(value.to_owned()))
            }
        }

        deserializer.deserialize_any(YearVisitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    id: Spanned<String>,
    label: Spanned<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawIndicator {
    id: Spanned<String>,
    label: Spanned<Text>,
    unit: Spanned<Text>,
    from_events: Option<Spanned<RawEventRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEventRule {
    kind: Spanned<StringList>,
    sum: Option<Spanned<String>>,
    currency: Option<Spanned<String>>,
    #[serde(default)]
    cumulative: bool,
    sectors: Option<Spanned<StringList>>,
    partner_country: Option<Spanned<StringList>>,
    partner_type: Option<Spanned<Vec<PartnerType>>>,
}

/// The key of a `[[section]]` that names its type.
const TYPE_KEY: &str = "type";

/// The section keys that name indicators, in any section type.
const INDICATOR_KEYS: [&str; 4] = ["indicator", "indicators", "total-localities", "total-countries"];

/// The section keys that name event kinds, in any section type.
const KIND_KEYS: [&str; 1] = ["kinds"];

/// The keys every `[[section]]` has besides its type.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSectionHead {
    title: Spanned<Text>,
    intro: Option<Spanned<Text>>,
}

/// A `[[section]]` as read, before the indicators and kinds it names are
/// checked against the config.
struct RawSection {
    /// Its title and intro; none when they could not be read.
    head: Option<RawSectionHead>,
    /// Its settings; none when they could not be read (the problems are
    /// recorded).
    content: Option<SectionContent>,
    /// The indicators it names, where they are written.
    indicators: Vec<Spanned<String>>,
    /// The event kinds it names, where they are written.
    kinds: Vec<Spanned<String>>,
}

struct RawConfig {
    report: Option<RawReport>,
    import: ImportSettings,
    kinds: Vec<RawKind>,
    indicators: Vec<RawIndicator>,
    sections: Vec<RawSection>,
}

fn parse_raw(file: &SourceFile, problems: &mut Problems) -> Option<RawConfig> {
    let entries = input::parse_document(file, problems)?;
    let mut raw = RawConfig {
        report: None,
        import: ImportSettings::default(),
        kinds: Vec::new(),
        indicators: Vec::new(),
        sections: Vec::new(),
    };
    let mut ok = true;
    for entry in entries {
        match entry.key.as_str() {
            "report" => match input::deserialize(file, entry.value) {
                Ok(report) => raw.report = Some(report),
                Err(problem) => {
                    problems.push(problem);
                    ok = false;
                }
            },
            "import" => match input::deserialize(file, entry.value) {
                Ok(import) => raw.import = import,
                Err(problem) => {
                    problems.push(problem);
                    ok = false;
                }
            },
            "kind" | "indicator" | "section" => {
                let key = entry.key.clone();
                for value in input::array_of_tables(file, entry, problems) {
                    let parsed = match key.as_str() {
                        "kind" => input::deserialize(file, value).map(|kind| raw.kinds.push(kind)),
                        "indicator" => input::deserialize(file, value).map(|ind| raw.indicators.push(ind)),
                        _ => {
                            raw.sections.extend(read_section(file, value, problems));
                            Ok(())
                        }
                    };
                    if let Err(problem) = parsed {
                        problems.push(problem);
                        ok = false;
                    }
                }
            }
            other => {
                problems.error(
                    entry.key_location,
                    format!(
                        "unknown table `{other}`; a config holds `[report]`, `[import]`, `[[kind]]`, `[[indicator]]` and `[[section]]`"
                    ),
                );
                ok = false;
            }
        }
    }
    if raw.report.is_none() && ok {
        problems.error(
            Location { file: file.path.clone(), line_column: Some((1, 1)) },
            "the config has no `[report]` table; add one with title, organisation, year, languages, data and output",
        );
        return None;
    }
    ok.then_some(raw)
}

/// Reads one `[[section]]`: its `type`, `title` and `intro`, then its other
/// keys as the settings of its type. Every problem is recorded, so that one
/// run reports them all; `None` when nothing more can be checked.
fn read_section(file: &SourceFile, value: Spanned<DeValue<'_>>, problems: &mut Problems) -> Option<RawSection> {
    let span = value.span();
    let DeValue::Table(table) = value.into_inner() else {
        problems.error(at(file, span), "a section must be a table, written `[[section]]`");
        return None;
    };
    let head_keys = input::serde_names::<RawSectionHead>();
    let (mut written_type, mut head, mut rest) = (None, DeTable::new(), DeTable::new());
    for (key, value) in table {
        match key.get_ref().as_ref() {
            TYPE_KEY => written_type = Some(value),
            name if head_keys.contains(&name) => {
                head.insert(key, value);
            }
            _ => {
                rest.insert(key, value);
            }
        }
    }
    let head = match input::deserialize_fields(file, None, Spanned::new(span.clone(), head)) {
        Ok(head) => Some(head),
        Err(FieldsError::Missing(key)) => {
            problems.error(at(file, span.clone()), format!("a section needs `{key}`"));
            None
        }
        Err(FieldsError::Invalid(problem)) => {
            problems.push(problem);
            None
        }
    };
    let Some(written_type) = written_type else {
        problems.error(at(file, span), format!("a section needs `{TYPE_KEY}`; use {}", type_list()));
        return None;
    };
    let written_type: Spanned<String> = input::deserialize(file, written_type).map_err(|p| problems.push(p)).ok()?;
    let written = written_type.get_ref();
    let Some(type_name) = SectionContent::type_names().iter().copied().find(|name| name == written) else {
        problems
            .error(at(file, written_type.span()), format!("unknown section type `{written}`; {}", type_hint(written)));
        return None;
    };
    let keys = input::variant_keys::<SectionContent>(type_name);
    let mut settings = DeTable::new();
    let mut ok = true;
    for (key, value) in rest {
        if keys.contains(&key.get_ref().as_ref()) {
            settings.insert(key, value);
        } else {
            problems.error(at(file, key.span()), key_problem(key.get_ref(), type_name, keys));
            ok = false;
        }
    }
    let named = |wanted: &[&str]| -> Vec<Spanned<String>> {
        settings
            .iter()
            .filter(|(key, _)| wanted.contains(&key.get_ref().as_ref()))
            .flat_map(|(_, v)| strings(v))
            .collect()
    };
    let (indicators, kinds) = (named(&INDICATOR_KEYS), named(&KIND_KEYS));
    let chart_indicators = settings.keys().find(|key| key.get_ref() == "indicators").map(|key| key.span());
    let content = match input::deserialize_fields(file, Some(type_name), Spanned::new(span.clone(), settings)) {
        Ok(content) => ok.then_some(content),
        Err(FieldsError::Missing(key)) => {
            problems.error(at(file, span.clone()), format!("{} section needs `{key}`", a_type(type_name)));
            None
        }
        Err(FieldsError::Invalid(problem)) => {
            problems.push(problem);
            None
        }
    };
    let content = content.filter(|content| chart_fits(content, file, &span, chart_indicators, problems));
    Some(RawSection { head, content, indicators, kinds })
}

/// Whether a `chart` section names indicators exactly when it draws them:
/// `of = "trends"` needs them, the event charts take none.
fn chart_fits(
    content: &SectionContent,
    file: &SourceFile,
    section: &std::ops::Range<usize>,
    indicators_key: Option<std::ops::Range<usize>>,
    problems: &mut Problems,
) -> bool {
    let SectionContent::Chart { of, indicators, .. } = content else { return true };
    match (of, indicators.is_empty(), indicators_key) {
        (ChartOf::Trends, true, key) => {
            problems.error(
                at(file, key.unwrap_or_else(|| section.clone())),
                "a chart of `trends` needs `indicators`, e.g. `indicators = [\"delegations-received\", \"agreements\"]`",
            );
            false
        }
        (ChartOf::EventsByCountry | ChartOf::EventsByMonth, false, Some(key)) => {
            problems.error(
                at(file, key),
                "`indicators` is for a chart of `trends`; a chart of events counts the log and takes none",
            );
            false
        }
        _ => true,
    }
}

/// The strings of a value that is one string or a list, with their spans;
/// any other value gives none (reading it reports the error).
fn strings(value: &Spanned<DeValue<'_>>) -> Vec<Spanned<String>> {
    match value.get_ref() {
        DeValue::String(text) => vec![Spanned::new(value.span(), text.to_string())],
        DeValue::Array(items) => items.iter().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// What is wrong with `key` in a `type_name` section, whose own keys are `keys`.
fn key_problem(key: &str, type_name: &str, keys: &[&str]) -> String {
    let types = SectionContent::type_names();
    let elsewhere = types.iter().any(|name| input::variant_keys::<SectionContent>(name).contains(&key));
    let message = if elsewhere {
        format!("`{key}` does not apply to {} section", a_type(type_name))
    } else {
        format!("unknown key `{key}` in {} section", a_type(type_name))
    };
    let own: Vec<&str> = [TYPE_KEY].iter().chain(input::serde_names::<RawSectionHead>()).chain(keys).copied().collect();
    match closest(key, own.iter().copied()) {
        Some(best) => format!("{message}; did you mean `{best}`?"),
        None if elsewhere => message,
        None => format!("{message}; it takes {}", and_list(&own)),
    }
}

/// "a `trend`", "an `events`": a type name with its article.
fn a_type(type_name: &str) -> String {
    let article = if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} `{type_name}`")
}

/// A hint for an unknown section type: the closest name, or all of them.
fn type_hint(unknown: &str) -> String {
    match closest(unknown, SectionContent::type_names().iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("use {}", type_list()),
    }
}

/// The section types, as in "highlights, trend, … or sources".
fn type_list() -> String {
    match SectionContent::type_names() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [first @ .., last] => format!("{} or {last}", first.join(", ")),
    }
}

/// Keys written as "`a`, `b` and `c`".
fn and_list(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
    }
}

struct Validator<'a> {
    file: &'a SourceFile,
    problems: &'a mut Problems,
    dir: &'a Path,
    /// The printable texts met so far, with their places.
    texts: Vec<(Location, Text)>,
}

impl Validator<'_> {
    /// Notes a text the report may print and gives it back without its span.
    fn text(&mut self, text: Spanned<Text>) -> Text {
        let location = at(self.file, text.span());
        let text = text.into_inner();
        self.texts.push((location, text.clone()));
        text
    }

    /// Checks `logo`: an SVG, PNG or JPEG file inside the config's folder.
    /// `Some(Some(path))` is the path as Typst reads it; `None` an error.
    fn logo(&mut self, path: &Spanned<String>) -> Option<Option<String>> {
        let written = path.get_ref();
        let relative = Path::new(written);
        let inside = !relative.is_absolute()
            && relative
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
        let kind_ok = relative
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["svg", "png", "jpg", "jpeg"].contains(&e.to_ascii_lowercase().as_str()));
        let problem = if !inside {
            Some("the logo must lie inside the config's folder; write a path relative to the config file, without `..`")
        } else if !kind_ok {
            Some("the logo must be an SVG, PNG or JPEG file")
        } else if !self.dir.join(relative).is_file() {
            Some("there is no such file; write the logo's path relative to the config file")
        } else {
            None
        };
        match problem {
            Some(reason) => {
                self.error(path.span(), format!("`logo = \"{written}\"`: {reason}"));
                None
            }
            None => Some(Some(format!("/{}", normalize(relative).display()))),
        }
    }

    fn error(&mut self, span: std::ops::Range<usize>, message: impl Into<String>) {
        self.problems.error(at(self.file, span), message);
    }

    fn warning(&mut self, span: std::ops::Range<usize>, message: impl Into<String>) {
        self.problems.warning(at(self.file, span), message);
    }

    fn validate(mut self, raw: RawConfig, path: &Path) -> Option<Config> {
        let report = self.report(raw.report?);
        let kinds = self.kinds(raw.kinds);
        let indicators = self.indicators(raw.indicators, &kinds);
        let sections = self.sections(raw.sections, &indicators, &kinds);
        Some(Config {
            path: path.to_path_buf(),
            dir: self.dir.to_path_buf(),
            report: report?,
            kinds,
            indicators,
            sections,
            import: raw.import,
            texts: self.texts,
        })
    }

    fn report(&mut self, raw: RawReport) -> Option<Report> {
        let year = match raw.year.get_ref() {
            RawYear::Number(year) => match crate::period::check_year(*year) {
                Ok(year) => Some(YearChoice::Fixed(year)),
                Err(reason) => {
                    self.error(raw.year.span(), format!("`year`: {reason}"));
                    None
                }
            },
            RawYear::Word(word) if word == "previous" => Some(YearChoice::Previous),
            RawYear::Word(_) => {
                self.error(raw.year.span(), "`year` must be a year such as 2024, or \"previous\"");
                None
            }
        };
        let mut languages = Vec::new();
        for code in raw.languages.get_ref() {
            match Lang::parse(code.get_ref()) {
                Some(lang) if languages.contains(&lang) => {
                    self.warning(code.span(), format!("language `{lang}` is listed twice"));
                }
                Some(lang) => languages.push(lang),
                None => {
                    self.error(code.span(), format!("unknown language `{}`; write {}", code.get_ref(), lang_list()))
                }
            }
        }
        if raw.languages.get_ref().is_empty() {
            self.error(raw.languages.span(), format!("`languages` is empty; list at least one of {}", lang_list()));
        }
        let output = raw.output.get_ref().clone();
        self.check_output_pattern(&raw.output, languages.len());
        let pdf_standard = match &raw.pdf_standard {
            None => Some(PdfStandard::A2b),
            Some(name) => {
                let found = PdfStandard::NAMES.iter().find(|(n, _)| *n == name.get_ref().as_str()).map(|(_, s)| *s);
                if found.is_none() {
                    self.error(
                        name.span(),
                        format!("unknown `pdf-standard` `{}`; write a-2b, a-3b, ua-1 or none", name.get_ref()),
                    );
                }
                found
            }
        };
        let issued = match &raw.issued {
            None => Some(None),
            Some(text) => match chrono::NaiveDate::parse_from_str(text.get_ref(), "%Y-%m-%d") {
                Ok(date) => Some(Some(date)),
                Err(_) => {
                    self.error(
                        text.span(),
                        format!(
                            "`issued = \"{}\"` is not a date; write it as YYYY-MM-DD, e.g. \"2025-01-05\"",
                            text.get_ref()
                        ),
                    );
                    None
                }
            },
        };
        let logo = match &raw.logo {
            None => Some(None),
            Some(path) => self.logo(path),
        };
        let data = normalize(&self.dir.join(raw.data.get_ref()));
        if raw.data.get_ref().trim().is_empty() {
            self.error(raw.data.span(), "`data` is empty; name the data directory, relative to this config file");
        }
        for (key, text) in [("title", &raw.title), ("organisation", &raw.organisation)] {
            for lang in &languages {
                if text.get_ref().lacks(*lang) {
                    self.problems.warning(
                        at(self.file, text.span()),
                        format!("the report {key} has no `{lang}` text; the {lang} report uses another language's"),
                    );
                }
            }
        }
        Some(Report {
            title: self.text(raw.title),
            organisation: self.text(raw.organisation),
            year: year?,
            languages,
            data,
            data_location: at(self.file, raw.data.span()),
            output,
            output_location: at(self.file, raw.output.span()),
            templates: raw.templates.map(|t| normalize(&self.dir.join(t.get_ref()))),
            fonts: raw.fonts.map(|f| normalize(&self.dir.join(f.get_ref()))),
            pdf_standard: pdf_standard?,
            issued: issued?,
            address: raw.address.map(|a| self.text(a)),
            website: raw.website.map(Spanned::into_inner),
            logo: logo?,
        })
    }

    fn check_output_pattern(&mut self, output: &Spanned<String>, language_count: usize) {
        let pattern = output.get_ref();
        let mut rest = pattern.as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                self.error(output.span(), "`output` has a `{` with no closing `}`; placeholders are {year} and {lang}");
                return;
            };
            let name = &after[..close];
            if name != "year" && name != "lang" {
                self.error(
                    output.span(),
                    format!("unknown placeholder `{{{name}}}` in `output`; use {{year}} and {{lang}}"),
                );
            }
            rest = &after[close + 1..];
        }
        if !pattern.contains("{lang}") && language_count > 1 {
            self.error(
                output.span(),
                "`output` has no {lang} placeholder, so the reports in different languages would overwrite each other",
            );
        }
        if !pattern.ends_with(".pdf") {
            self.warning(output.span(), "`output` does not end in .pdf");
        }
    }

    fn kinds(&mut self, raw: Vec<RawKind>) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = BUILTIN_KINDS
            .iter()
            .map(|id| Kind {
                id: (*id).to_owned(),
                label: Text::Translated(
                    Lang::ALL
                        .iter()
                        .map(|&lang| (lang, i18n::lookup(lang, &format!("kind.{id}")).unwrap_or(id).to_owned()))
                        .collect(),
                ),
                builtin: true,
            })
            .collect();
        for kind in raw {
            let id = kind.id.get_ref();
            if let Err(reason) = check_id(id) {
                self.error(kind.id.span(), reason);
            } else if kinds.iter().any(|k| &k.id == id) {
                self.error(kind.id.span(), format!("kind `{id}` is already defined"));
            } else {
                let label = self.text(kind.label);
                kinds.push(Kind { id: id.clone(), label, builtin: false });
            }
        }
        kinds
    }

    fn indicators(&mut self, raw: Vec<RawIndicator>, kinds: &[Kind]) -> Vec<Indicator> {
        let mut seen = BTreeSet::new();
        let mut indicators = Vec::new();
        for indicator in raw {
            let id = indicator.id.get_ref().clone();
            if let Err(reason) = check_id(&id) {
                self.error(indicator.id.span(), reason);
                continue;
            }
            if !seen.insert(id.clone()) {
                self.error(indicator.id.span(), format!("indicator `{id}` is defined twice"));
                continue;
            }
            let is_currency = matches!(indicator.unit.get_ref(), Text::Plain(code) if looks_like_currency(code));
            if !is_currency {
                self.texts.push((at(self.file, indicator.unit.span()), indicator.unit.get_ref().clone()));
            }
            let unit = match indicator.unit.get_ref() {
                Text::Plain(code) if looks_like_currency(code) => {
                    if !locale::is_currency(code) {
                        self.error(
                            indicator.unit.span(),
                            format!("`{code}` is not an ISO 4217 currency code; write e.g. USD, or a unit name in lower case"),
                        );
                    }
                    Unit::Money(code.clone())
                }
                text => Unit::Quantity(text.clone()),
            };
            let rule = indicator.from_events.map(|rule| self.event_rule(rule, &unit, kinds));
            let label = self.text(indicator.label);
            indicators.push(Indicator { id, label, unit, rule: rule.flatten() });
        }
        indicators
    }

    fn event_rule(&mut self, raw: Spanned<RawEventRule>, unit: &Unit, kinds: &[Kind]) -> Option<EventRule> {
        let span = raw.span();
        let raw = raw.into_inner();
        let mut ok = true;
        for kind in &raw.kind.get_ref().0 {
            if !kinds.iter().any(|k| &k.id == kind) {
                self.error(raw.kind.span(), format!("unknown event kind `{kind}`; {}", kind_hint(kind, kinds)));
                ok = false;
            }
        }
        if raw.kind.get_ref().0.is_empty() {
            self.error(raw.kind.span(), "`kind` is empty; name at least one event kind");
            ok = false;
        }
        let measure = match (&raw.sum, &raw.currency) {
            (None, None) => Measure::Count,
            (Some(sum), currency) => {
                if sum.get_ref() != "amount" {
                    self.error(
                        sum.span(),
                        format!("`sum = \"{}\"` is not supported; write `sum = \"amount\"`", sum.get_ref()),
                    );
                    ok = false;
                }
                let currency = match (currency, unit) {
                    (Some(currency), _) => {
                        if !locale::is_currency(currency.get_ref()) {
                            self.error(
                                currency.span(),
                                format!("`{}` is not an ISO 4217 currency code", currency.get_ref()),
                            );
                            ok = false;
                        } else if let Unit::Money(unit_code) = unit
                            && unit_code != currency.get_ref()
                        {
                            self.error(
                                currency.span(),
                                format!("the indicator is in {unit_code} but sums {}; amounts in different currencies are never added", currency.get_ref()),
                            );
                            ok = false;
                        }
                        currency.get_ref().clone()
                    }
                    (None, Unit::Money(code)) => code.clone(),
                    (None, Unit::Quantity(_)) => {
                        self.error(span.clone(), "`sum = \"amount\"` needs `currency`, e.g. currency = \"USD\"");
                        ok = false;
                        String::new()
                    }
                };
                Measure::SumAmount { currency }
            }
            (None, Some(currency)) => {
                self.error(currency.span(), "`currency` only applies with `sum = \"amount\"`");
                ok = false;
                Measure::Count
            }
        };
        let mut filter = EventFilter::default();
        if let Some(sectors) = raw.sectors {
            filter.location = Some(at(self.file, sectors.span()));
            filter.sectors = sectors.into_inner().0;
        }
        if let Some(countries) = raw.partner_country {
            for code in &countries.get_ref().0 {
                if !crate::i18n::is_country(code) {
                    self.error(
                        countries.span(),
                        format!("`{code}` is not an ISO 3166-1 alpha-2 country code such as KR, JP or DE"),
                    );
                    ok = false;
                }
            }
            filter.location = filter.location.or_else(|| Some(at(self.file, countries.span())));
            filter.partner_countries = countries.into_inner().0;
        }
        if let Some(types) = raw.partner_type {
            filter.location = filter.location.or_else(|| Some(at(self.file, types.span())));
            filter.partner_types = types.into_inner();
        }
        ok.then(|| EventRule { kinds: raw.kind.into_inner().0, filter, measure, cumulative: raw.cumulative })
    }

    fn sections(&mut self, raw: Vec<RawSection>, indicators: &[Indicator], kinds: &[Kind]) -> Vec<Section> {
        let mut sections = Vec::new();
        for section in raw {
            let mut ok = section.head.is_some() && section.content.is_some();
            for id in &section.indicators {
                if !indicators.iter().any(|indicator| &indicator.id == id.get_ref()) {
                    self.error(
                        id.span(),
                        format!("unknown indicator `{}`; define it in an `[[indicator]]` table", id.get_ref()),
                    );
                    ok = false;
                }
            }
            for kind in &section.kinds {
                if !kinds.iter().any(|k| &k.id == kind.get_ref()) {
                    self.error(
                        kind.span(),
                        format!("unknown event kind `{}`; {}", kind.get_ref(), kind_hint(kind.get_ref(), kinds)),
                    );
                    ok = false;
                }
            }
            if let (true, Some(head), Some(content)) = (ok, section.head, section.content) {
                let title = self.text(head.title);
                let intro = head.intro.map(|intro| self.text(intro));
                sections.push(Section { content, title, intro });
            }
        }
        sections
    }
}

/// `path` made absolute against the working directory and normalised,
/// without following links (for showing and comparing paths).
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return normalize(path);
    }
    match std::env::current_dir() {
        Ok(cwd) => normalize(&cwd.join(path)),
        Err(_) => normalize(path),
    }
}

/// Removes `.` and resolves `..` lexically, so paths print the way a person
/// would write them (`seeds/danang`, not `config/../seeds/danang`).
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                match last {
                    Some(Component::Normal(_)) => {
                        out.pop();
                    }
                    Some(Component::RootDir | Component::Prefix(_)) => {}
                    _ => out.push(".."),
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() { PathBuf::from(".") } else { out }
}

fn lang_list() -> String {
    Lang::ALL.iter().map(|l| format!("\"{}\"", l.code())).collect::<Vec<_>>().join(" or ")
}

fn looks_like_currency(text: &str) -> bool {
    text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase())
}

/// Checks that an id is made of lower-case letters, digits and dashes.
pub fn check_id(id: &str) -> Result<(), String> {
    let valid = !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !id.starts_with('-');
    if valid {
        Ok(())
    } else {
        Err(format!("`{id}` is not a valid id; use lower-case letters, digits and dashes, e.g. `ngo-aid-usd`"))
    }
}

/// A hint listing the known kinds, or suggesting the closest one.
pub fn kind_hint(unknown: &str, kinds: &[Kind]) -> String {
    match closest(unknown, kinds.iter().map(|k| k.id.as_str())) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "known kinds are {} (a config may declare more with `[[kind]]`)",
            kinds.iter().map(|k| format!("`{}`", k.id)).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The candidate closest to `word` by edit distance, when it is close enough
/// (or when one starts with the other, as `delegations` and `delegations-received`).
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|candidate| {
            let prefix = !word.is_empty() && (candidate.starts_with(word) || word.starts_with(candidate));
            (if prefix { 1 } else { strsim::damerau_levenshtein(word, candidate) }, candidate)
        })
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The config read from `text`, and its problems as "line:column: message", in order.
    fn load_text(text: &str) -> (Option<Config>, Vec<String>) {
        let mut problems = Problems::new();
        let config = Config::from_text(Path::new("config/report.toml"), text, &mut problems);
        let messages = problems
            .sorted()
            .into_iter()
            .map(|p| {
                let place =
                    p.location.and_then(|l| l.line_column).map(|(l, c)| format!("{l}:{c}: ")).unwrap_or_default();
                format!("{place}{}", p.message)
            })
            .collect();
        (config, messages)
    }

    const REPORT: &str = r#"[report]
title = "Review"
organisation = "Department"
year = 2024
languages = ["en"]
data = "data"
output = "out/r-{year}-{lang}.pdf"
"#;

    #[test]
    fn minimal_config_loads_with_builtin_kinds_and_defaults() {
        let (config, messages) = load_text(REPORT);
        assert_eq!(messages, Vec::<String>::new());
        let config = config.unwrap();
        assert_eq!(config.report.year, YearChoice::Fixed(2024));
        assert_eq!(config.report.pdf_standard, PdfStandard::A2b);
        assert!(config.kind("delegation-received").is_some());
        assert!(config.report.data.ends_with("data"));
        assert!(config.output_path(2024, Lang::En).ends_with("out/r-2024-en.pdf"));
    }

    #[test]
    fn indicator_with_currency_unit_sums_in_that_currency() {
        let text = format!(
            "{REPORT}\n[[indicator]]\nid = \"aid\"\nlabel = \"Aid\"\nunit = \"USD\"\nfrom-events = {{ kind = \"aid\", sum = \"amount\" }}\n"
        );
        let (config, messages) = load_text(&text);
        assert!(messages.is_empty(), "{messages:?}");
        let indicator = config.unwrap().indicators.remove(0);
        assert_eq!(indicator.unit, Unit::Money("USD".into()));
        assert_eq!(indicator.rule.unwrap().measure, Measure::SumAmount { currency: "USD".into() });
    }

    #[test]
    fn mixing_currencies_in_an_indicator_is_an_error() {
        let text = format!(
            "{REPORT}\n[[indicator]]\nid = \"aid\"\nlabel = \"Aid\"\nunit = \"USD\"\nfrom-events = {{ kind = \"aid\", sum = \"amount\", currency = \"VND\" }}\n"
        );
        let (config, messages) = load_text(&text);
        assert!(config.is_none());
        assert!(messages[0].contains("never added"), "{messages:?}");
    }

    #[test]
    fn unknown_kind_in_rule_suggests_the_closest() {
        let text = format!(
            "{REPORT}\n[[indicator]]\nid = \"d\"\nlabel = \"D\"\nunit = \"visits\"\nfrom-events = {{ kind = \"delegation-recieved\" }}\n"
        );
        let (_, messages) = load_text(&text);
        assert!(messages[0].contains("did you mean `delegation-received`?"), "{messages:?}");
    }

    #[test]
    fn section_errors_are_all_reported_with_positions() {
        let text = format!(
            "{REPORT}\n[[section]]\ntype = \"highlights\"\ntitle = \"A\"\nindicators = [\"nope\"]\nyears = 3\n\n[[section]]\ntype = \"graph\"\ntitle = \"B\"\n"
        );
        let (config, messages) = load_text(&text);
        assert!(config.is_none());
        assert_eq!(
            messages,
            [
                "12:15: unknown indicator `nope`; define it in an `[[indicator]]` table",
                "13:1: `years` does not apply to a `highlights` section",
                "16:8: unknown section type `graph`; use highlights, trend, table, events, annex, partners, map, chart, text, summary, data-notes or sources",
            ]
        );
    }

    /// `REPORT` with one indicator `aid` and the sections `sections`.
    fn with_sections(sections: &str) -> String {
        format!("{REPORT}\n[[indicator]]\nid = \"aid\"\nlabel = \"Aid\"\nunit = \"USD\"\n{sections}")
    }

    #[test]
    fn every_section_type_reads_into_its_variant() {
        let text = with_sections(
            r#"
[[section]]
type = "highlights"
title = "A"
intro = "I"
indicators = ["aid"]

[[section]]
type = "trend"
title = "B"
indicator = "aid"

[[section]]
type = "table"
title = "C"
indicators = ["aid"]
years = 3

[[section]]
type = "events"
title = "D"
kinds = ["aid", "festival"]
limit = 12

[[section]]
type = "annex"
title = "D2"

[[section]]
type = "partners"
title = "E"

[[section]]
type = "map"
title = "M"
measure = "events"
home = [16.05, 108.2]

[[section]]
type = "chart"
title = "C"
of = "events-by-month"

[[section]]
type = "text"
title = "F"
template = "outlook"

[[section]]
type = "summary"
title = "S"

[[section]]
type = "data-notes"
title = "G"

[[section]]
type = "sources"
title = "H"
"#,
        );
        let (config, messages) = load_text(&text);
        assert_eq!(messages, Vec::<String>::new());
        let config = config.unwrap();
        let aid = || vec!["aid".to_owned()];
        let contents: Vec<SectionContent> = config.sections.iter().map(|s| s.content.clone()).collect();
        assert_eq!(
            contents,
            [
                SectionContent::Highlights { indicators: aid() },
                SectionContent::Trend { indicator: "aid".into(), years: 5 },
                SectionContent::Table { indicators: aid(), years: 3 },
                SectionContent::Events { kinds: vec!["aid".into(), "festival".into()], limit: Some(12) },
                SectionContent::Annex { kinds: Vec::new() },
                SectionContent::Partners { total_localities: None, total_countries: None },
                SectionContent::Map { measure: MapMeasure::Events, home: Some(LatLon { lat: 16.05, lon: 108.2 }) },
                SectionContent::Chart { of: ChartOf::EventsByMonth, indicators: Vec::new(), years: 5 },
                SectionContent::Text { template: "outlook".into() },
                SectionContent::Summary { template: None },
                SectionContent::DataNotes,
                SectionContent::Sources,
            ]
        );
        let names: Vec<&str> = contents.iter().map(SectionContent::type_name).collect();
        assert_eq!(names, SectionContent::type_names());
        assert_eq!(config.sections[0].intro, Some(Text::Plain("I".into())));
    }

    #[test]
    fn every_section_type_has_a_built_in_partial() {
        for name in SectionContent::type_names() {
            let file = format!("sections/{name}.typ.hbs");
            assert!(crate::render::BUILTIN.iter().any(|(path, _)| *path == file), "no built-in {file}");
        }
    }

    #[test]
    fn a_key_of_another_section_type_is_located_at_the_key() {
        let text = with_sections(
            "\n[[section]]\ntype = \"highlights\"\ntitle = \"A\"\nindicators = [\"aid\"]\n  indicator = \"aid\"\n",
        );
        let (config, messages) = load_text(&text);
        assert!(config.is_none());
        assert_eq!(
            messages,
            ["18:3: `indicator` does not apply to a `highlights` section; did you mean `indicators`?"]
        );
    }

    #[test]
    fn an_unknown_key_is_located_at_the_key_with_a_hint() {
        let text = with_sections(
            "\n[[section]]\ntype = \"table\"\ntitle = \"A\"\nindicaters = [\"aid\"]\n\n[[section]]\ntype = \"partners\"\ntitle = \"B\"\ncolour = \"red\"\n",
        );
        let (_, messages) = load_text(&text);
        assert_eq!(
            messages,
            [
                "14:1: a `table` section needs `indicators`",
                "17:1: unknown key `indicaters` in a `table` section; did you mean `indicators`?",
                "22:1: unknown key `colour` in a `partners` section; it takes `type`, `title`, `intro`, `total-localities` and `total-countries`",
            ]
        );
    }

    #[test]
    fn a_missing_key_is_located_at_the_section() {
        let text = with_sections(
            "\n[[section]]\ntype = \"trend\"\ntitle = \"A\"\nyears = 3\n\n[[section]]\ntype = \"sources\"\n",
        );
        let (config, messages) = load_text(&text);
        assert!(config.is_none());
        assert_eq!(messages, ["14:1: a `trend` section needs `indicator`", "19:1: a section needs `title`"]);
        let (_, messages) = load_text(&with_sections("\n[[section]]\ntype = \"partners\"\ntitel = \"A\"\n"));
        assert_eq!(
            messages,
            [
                "14:1: a section needs `title`",
                "16:1: unknown key `titel` in a `partners` section; did you mean `title`?"
            ]
        );
        let (_, messages) = load_text(&with_sections("\n[[section]]\ntitle = \"A\"\n"));
        assert_eq!(
            messages,
            [
                "14:1: a section needs `type`; use highlights, trend, table, events, annex, partners, map, chart, text, summary, data-notes or sources"
            ]
        );
    }

    #[test]
    fn an_unknown_type_is_located_at_the_value_with_the_types_or_the_closest() {
        let text = with_sections(
            "\n[[section]]\ntype = \"graph\"\ntitle = \"A\"\n\n[[section]]\ntype = \"trends\"\ntitle = \"B\"\n",
        );
        let (_, messages) = load_text(&text);
        assert_eq!(
            messages,
            [
                "15:8: unknown section type `graph`; use highlights, trend, table, events, annex, partners, map, chart, text, summary, data-notes or sources",
                "19:8: unknown section type `trends`; did you mean `trend`?",
            ]
        );
    }

    #[test]
    fn wrong_values_are_located_at_the_value_and_all_sections_are_checked() {
        let text = with_sections(
            r#"
[[section]]
type = "trend"
title = "A"
indicator = "aid"
years = 0

[[section]]
type = "text"
title = "B"
template = "Outlook"

[[section]]
type = "events"
title = "C"
kinds = ["aid", "festval"]
extra = 1

[[section]]
type = "highlights"
title = 5
"#,
        );
        let (config, messages) = load_text(&text);
        assert!(config.is_none());
        assert_eq!(
            messages,
            [
                "18:9: `years` must be between 1 and 30",
                "23:12: template name: `Outlook` is not a valid id; use lower-case letters, digits and dashes, e.g. `ngo-aid-usd`",
                "28:17: unknown event kind `festval`; did you mean `festival`?",
                "29:1: unknown key `extra` in an `events` section; it takes `type`, `title`, `intro`, `kinds` and `limit`",
                "31:1: a `highlights` section needs `indicators`",
                "33:9: invalid type: integer `5`, expected a string, or a table of translations such as { en = \"...\", vi = \"...\" }",
            ]
        );
    }

    #[test]
    fn output_without_lang_placeholder_is_an_error_for_two_languages() {
        let text = REPORT.replace("[\"en\"]", "[\"en\", \"vi\"]").replace("-{lang}", "");
        let (config, messages) = load_text(&text);
        assert!(config.is_none());
        assert!(messages.iter().any(|m| m.contains("overwrite each other")), "{messages:?}");
    }

    #[test]
    fn year_previous_resolves_to_last_completed_year() {
        let (config, _) = load_text(&REPORT.replace("2024", "\"previous\""));
        let year = config.unwrap().report.year;
        assert_eq!(year.resolve(chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap()), 2024);
        assert_eq!(YearChoice::parse("2023"), Ok(YearChoice::Fixed(2023)));
        assert!(YearChoice::parse("23").is_err());
    }

    #[test]
    fn missing_report_table_is_an_error() {
        let (config, messages) = load_text("[[kind]]\nid = \"x\"\nlabel = \"X\"\n");
        assert!(config.is_none());
        assert!(messages[0].contains("no `[report]` table"));
    }

    #[test]
    fn unknown_key_in_report_is_located() {
        let (config, messages) = load_text(&REPORT.replace("year = 2024", "yaer = 2024"));
        assert!(config.is_none());
        assert!(messages[0].starts_with("4:1: unknown key `yaer`"), "{messages:?}");
    }

    #[test]
    fn normalize_resolves_dots_lexically() {
        assert_eq!(normalize(Path::new("config/../seeds/danang")), Path::new("seeds/danang"));
        assert_eq!(normalize(Path::new("./data")), Path::new("data"));
        assert_eq!(normalize(Path::new("../a/./b")), Path::new("../a/b"));
        assert_eq!(normalize(Path::new("/x/../../y")), Path::new("/y"));
        assert_eq!(normalize(Path::new("")), Path::new("."));
    }

    #[test]
    fn closest_suggests_a_near_spelling_only() {
        assert_eq!(closest("festval", ["festival", "aid"].into_iter()), Some("festival"));
        assert_eq!(closest("delegation-recieved", ["delegation-received"].into_iter()), Some("delegation-received"));
        assert_eq!(closest("aidd", ["aid", "other"].into_iter()), Some("aid"));
        assert_eq!(closest("zzzzzz", ["aid"].into_iter()), None);
    }

    #[test]
    fn from_events_filters_are_read_and_checked() {
        let text = format!(
            "{REPORT}\n[[indicator]]\nid = \"p\"\nlabel = \"P\"\nunit = \"events\"\nfrom-events = {{ kind = \"conference\", sectors = [\"investment\"], partner-country = [\"KR\", \"JP\"], partner-type = [\"company\"] }}\n"
        );
        let (config, messages) = load_text(&text);
        assert!(messages.is_empty(), "{messages:?}");
        let filter = &config.unwrap().indicators[0].rule.clone().unwrap().filter;
        assert_eq!(filter.sectors, ["investment"]);
        assert_eq!(filter.partner_countries, ["KR", "JP"]);
        assert_eq!(filter.partner_types, [PartnerType::Company]);
        let (config, messages) = load_text(&text.replace("\"JP\"", "\"Japan\""));
        assert!(config.is_none());
        assert!(
            messages.iter().any(|m| m.contains("`Japan` is not an ISO 3166-1 alpha-2 country code")),
            "{messages:?}"
        );
        let (config, messages) = load_text(&text.replace("\"company\"", "\"firm\""));
        assert!(config.is_none());
        assert!(messages.iter().any(|m| m.contains("unknown variant `firm`, expected one of")), "{messages:?}");
    }

    #[test]
    fn the_issue_date_is_read_or_refused_where_it_is_written() {
        let text = REPORT.replace("[report]\n", "[report]\nissued = \"2025-01-05\"\n");
        let (config, messages) = load_text(&text);
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(config.unwrap().report.issued, chrono::NaiveDate::from_ymd_opt(2025, 1, 5));
        let (config, messages) = load_text(&REPORT.replace("[report]\n", "[report]\nissued = \"5 Jan 2025\"\n"));
        assert!(config.is_none());
        assert_eq!(
            messages,
            ["2:10: `issued = \"5 Jan 2025\"` is not a date; write it as YYYY-MM-DD, e.g. \"2025-01-05\""]
        );
    }
}
