//! The event log: every `*.toml` file of a data directory, read and validated.
//!
//! Files are read one at a time and each record is validated into a typed
//! value and handed to a [`Sink`] straight away, so a log of any size is
//! processed in one pass without being held in memory. Checks that span files
//! (duplicate ids, citations of unknown sources) keep only compact indexes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::config::{Config, PartnerType, closest, kind_hint};
use crate::diag::{Location, Problem, Problems, SourceFile, display_path};
use crate::input::{self, Quantity, StringList, at};
use crate::locale;
use crate::period::{PartialDate, Period};
use crate::text::Text;

/// The longest web address a source may have. Typst refuses links of more
/// than 8,000 bytes; an address of more than 2,000 characters is not one a
/// reader can use (browsers and mail programs cut such links), so the limit
/// is set there, well inside what the typesetter takes.
pub const MAX_URL_LENGTH: usize = 2000;

/// Where a fact comes from.
#[derive(Clone, Debug)]
pub struct Source {
    /// The id records cite.
    pub id: String,
    /// The title of the article or document.
    pub title: Text,
    /// Who published it.
    pub publisher: Text,
    /// When it was published.
    pub published: PartialDate,
    /// Where it can be read, if online.
    pub url: Option<String>,
    /// Its language (ISO 639-1), if given.
    pub language: Option<String>,
    /// Where the record is.
    pub location: Location,
}

/// One discrete happening.
#[derive(Clone, Debug)]
pub struct Event {
    /// Its id, if it has one.
    pub id: Option<String>,
    /// When it happened (or began).
    pub date: PartialDate,
    /// When it ended, for events spanning several days.
    pub end: Option<PartialDate>,
    /// Its kind, one of the config's kinds.
    pub kind: String,
    /// What happened.
    pub title: Text,
    /// Who took part on the foreign side.
    pub partners: Vec<PartnerRef>,
    /// The money involved, if any.
    pub amount: Option<Amount>,
    /// Fields of cooperation.
    pub sectors: Vec<String>,
    /// The ids of the sources that report it.
    pub sources: Vec<String>,
    /// A remark.
    pub note: Option<Text>,
    /// Where the record is.
    pub location: Location,
}

/// A partner named in an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerRef {
    /// Its name: plain, or per language (`{ en = "...", vi = "..." }`).
    pub name: Text,
    /// Its country, ISO 3166-1 alpha-2.
    pub country: String,
    /// What sort of body it is.
    pub kind: PartnerType,
}

/// An amount of money.
#[derive(Clone, Debug, PartialEq)]
pub struct Amount {
    /// The number of currency units.
    pub value: f64,
    /// The ISO 4217 currency code.
    pub currency: String,
}

/// How exact a reported figure is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    /// The number as stated.
    #[default]
    Exact,
    /// Roughly the number.
    About,
    /// A little below the number.
    Nearly,
    /// More than the number.
    Over,
    /// Less than the number.
    Under,
    /// The number or more: what a partial log's count says.
    AtLeast,
}

impl Qualifier {
    /// Its name in the data and in JSON (`nearly`): serde's own name for it.
    pub fn name(self) -> &'static str {
        input::serde_names::<Qualifier>()[self as usize]
    }
}

/// A statistic reported for a period.
#[derive(Clone, Debug)]
pub struct Figure {
    /// The indicator it measures.
    pub indicator: String,
    /// The period it covers.
    pub period: Period,
    /// The number reported.
    pub value: f64,
    /// How exact the number is.
    pub qualifier: Qualifier,
    /// The reported change against the same period a year earlier.
    pub change: Option<f64>,
    /// The date the figure describes, when stated.
    pub as_of: Option<PartialDate>,
    /// The ids of the sources that report it.
    pub sources: Vec<String>,
    /// A remark.
    pub note: Option<Text>,
    /// Where the record is.
    pub location: Location,
    /// Its position among all figures, in reading order.
    pub order: usize,
}

/// A standing partner of the city.
#[derive(Clone, Debug)]
pub struct Partner {
    /// Its name: plain, or per language.
    pub name: Text,
    /// Its country, ISO 3166-1 alpha-2.
    pub country: String,
    /// What sort of body it is.
    pub kind: PartnerType,
    /// When the relationship began, when known.
    pub since: Option<PartialDate>,
    /// The ids of the sources that name it.
    pub sources: Vec<String>,
    /// A remark.
    pub note: Option<Text>,
    /// Where it is on the globe (`location = [lat, lon]`), for the map.
    pub place: Option<crate::config::LatLon>,
    /// Where the record is.
    pub location: Location,
}

/// The department's statement that its log records every event of some
/// kinds over a span of time: counts from the log over such a span are
/// complete; everywhere else they are partial (at least what was recorded).
#[derive(Clone, Debug)]
pub struct Coverage {
    /// The event kinds recorded in full.
    pub kinds: Vec<String>,
    /// The first day covered; `None` since the beginning.
    pub from: Option<PartialDate>,
    /// The last day covered; `None` with no end.
    pub until: Option<PartialDate>,
    /// The sources that state it.
    pub sources: Vec<String>,
    /// How the department knows.
    pub note: Option<Text>,
    /// Where the record is.
    pub location: Location,
}

impl Coverage {
    /// Whether every event of `kind` from `first` to `last` (inclusive) is
    /// recorded; `since_beginning` asks for a coverage with no start (a
    /// running total counts everything before `last`).
    pub fn covers(&self, kind: &str, first: NaiveDate, last: NaiveDate, since_beginning: bool) -> bool {
        let starts_in_time = match self.from {
            None => true,
            Some(from) => !since_beginning && from.first_day() <= first,
        };
        self.kinds.iter().any(|k| k == kind)
            && starts_in_time
            && self.until.is_none_or(|until| until.last_day() >= last)
    }
}

/// Receives validated records as the data directory is read.
pub trait Sink {
    /// A source record.
    fn source(&mut self, source: Source);
    /// An event record.
    fn event(&mut self, event: Event);
    /// A figure record.
    fn figure(&mut self, figure: Figure);
    /// A partner record.
    fn partner(&mut self, partner: Partner);
    /// A coverage record.
    fn coverage(&mut self, coverage: Coverage);
}

/// A sink that keeps every record, for small logs and for tests.
#[derive(Clone, Debug, Default)]
pub struct DataSet {
    /// Every source.
    pub sources: Vec<Source>,
    /// Every event.
    pub events: Vec<Event>,
    /// Every figure.
    pub figures: Vec<Figure>,
    /// Every partner.
    pub partners: Vec<Partner>,
    /// Every coverage statement.
    pub coverage: Vec<Coverage>,
}

impl Sink for DataSet {
    fn source(&mut self, source: Source) {
        self.sources.push(source);
    }
    fn event(&mut self, event: Event) {
        self.events.push(event);
    }
    fn figure(&mut self, figure: Figure) {
        self.figures.push(figure);
    }
    fn partner(&mut self, partner: Partner) {
        self.partners.push(partner);
    }
    fn coverage(&mut self, coverage: Coverage) {
        self.coverage.push(coverage);
    }
}

/// How many records of each table were read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Sources read.
    pub sources: usize,
    /// Events read.
    pub events: usize,
    /// Figures read.
    pub figures: usize,
    /// Partners read.
    pub partners: usize,
    /// Coverage statements read.
    pub coverage: usize,
}

/// A sink that counts records on their way to another sink.
pub struct Counting<'a, S: Sink> {
    /// The sink records are passed on to.
    pub inner: &'a mut S,
    /// The counts so far.
    pub counts: Counts,
}

impl<S: Sink> Sink for Counting<'_, S> {
    fn source(&mut self, source: Source) {
        self.counts.sources += 1;
        self.inner.source(source);
    }
    fn event(&mut self, event: Event) {
        self.counts.events += 1;
        self.inner.event(event);
    }
    fn figure(&mut self, figure: Figure) {
        self.counts.figures += 1;
        self.inner.figure(figure);
    }
    fn partner(&mut self, partner: Partner) {
        self.counts.partners += 1;
        self.inner.partner(partner);
    }
    fn coverage(&mut self, coverage: Coverage) {
        self.counts.coverage += 1;
        self.inner.coverage(coverage);
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    title: Spanned<Text>,
    publisher: Spanned<Text>,
    published: PartialDate,
    url: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    id: Option<Spanned<String>>,
    date: Spanned<PartialDate>,
    end: Option<Spanned<PartialDate>>,
    kind: Spanned<String>,
    title: Spanned<Text>,
    #[serde(default)]
    partners: Vec<Spanned<RawPartnerRef>>,
    amount: Option<Spanned<RawAmount>>,
    #[serde(default)]
    sectors: Vec<String>,
    source: Option<Spanned<StringList>>,
    note: Option<Spanned<Text>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartnerRef {
    name: Spanned<Text>,
    country: Spanned<String>,
    #[serde(rename = "type")]
    kind: PartnerType,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAmount {
    value: Quantity,
    currency: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFigure {
    indicator: Spanned<String>,
    period: Period,
    value: Spanned<Quantity>,
    #[serde(default)]
    qualifier: Qualifier,
    change: Option<Quantity>,
    as_of: Option<PartialDate>,
    source: Spanned<StringList>,
    note: Option<Spanned<Text>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartner {
    name: Spanned<Text>,
    country: Spanned<String>,
    #[serde(rename = "type")]
    kind: PartnerType,
    since: Option<PartialDate>,
    source: Spanned<StringList>,
    note: Option<Spanned<Text>>,
    location: Option<Spanned<[f64; 2]>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCoverage {
    kinds: Spanned<Vec<Spanned<String>>>,
    from: Option<Spanned<PartialDate>>,
    until: Option<Spanned<PartialDate>>,
    source: Option<Spanned<StringList>>,
    note: Option<Spanned<Text>>,
}

/// Reads every data file below `dir`, validates each record and passes it
/// to `sink`; every problem found is recorded. Returns the number of files read.
pub fn load(config: &Config, problems: &mut Problems, sink: &mut impl Sink) -> usize {
    load_with(config, Options::default(), problems, sink)
}

/// Says why a text cannot be printed in the report (with the fonts the build
/// will use), or `None` when it can.
pub type Unprintable<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// How [`load_with`] reads the data directory.
#[derive(Default)]
pub struct Options<'a> {
    /// A proposed text for one data file, read in place of what is on disk.
    pub overlay: Option<Overlay<'a>>,
    /// When given, every text the report may print is checked with it, and
    /// a text that cannot be printed is an error located at the text.
    pub unprintable: Option<Unprintable<'a>>,
}

/// A proposed text for one data file, read in place of what is on disk.
pub struct Overlay<'a> {
    /// The file, relative to the data directory; it need not exist yet.
    pub relative: &'a Path,
    /// The text the file would have.
    pub text: &'a str,
}

/// Like [`load`], with [`Options`]: one file's text replaced (or added) by
/// an overlay, so that an edit can be validated by the same rules before it
/// is written, and the texts checked against the report's fonts.
pub fn load_with(config: &Config, options: Options<'_>, problems: &mut Problems, sink: &mut impl Sink) -> usize {
    let Options { overlay, unprintable } = options;
    let dir = &config.report.data;
    let mut files = match data_files(dir) {
        Ok(listing) => {
            for problem in listing.problems {
                problems.push(problem);
            }
            listing.files
        }
        Err(reason) => {
            problems.push(Problem::error(config.report.data_location.clone(), reason));
            return 0;
        }
    };
    if let Some(overlay) = &overlay {
        let path = dir.join(overlay.relative);
        if !files.contains(&path) {
            files.push(path);
            files.sort();
        }
    }
    if files.is_empty() {
        problems.push(Problem::warning(
            config.report.data_location.clone(),
            format!("the data directory {} holds no .toml files", display_path(dir).display()),
        ));
    }
    let file_count = files.len();
    let files: Vec<(PathBuf, Option<String>)> = files
        .into_iter()
        .map(|path| {
            let text = match &overlay {
                Some(overlay) if path.strip_prefix(dir).is_ok_and(|p| p == overlay.relative) => {
                    Some(overlay.text.to_owned())
                }
                _ => None,
            };
            (path, text)
        })
        .collect();
    validate(config, &files, unprintable, problems, sink);
    file_count
}

/// Like [`load`], for data files given as texts instead of read from the
/// data directory: each `(path, text)` is parsed and validated as the file
/// at `path`, which only names it in messages, in the order given. Nothing
/// is read from disk.
pub fn load_texts(
    config: &Config,
    files: impl IntoIterator<Item = (PathBuf, String)>,
    problems: &mut Problems,
    sink: &mut impl Sink,
) {
    let files: Vec<(PathBuf, Option<String>)> = files.into_iter().map(|(path, text)| (path, Some(text))).collect();
    validate(config, &files, None, problems, sink);
}

/// Parses `files` (a text given with a path is read in place of the file)
/// and validates their records in order, passing them to `sink`.
fn validate(
    config: &Config,
    files: &[(PathBuf, Option<String>)],
    unprintable: Option<Unprintable<'_>>,
    problems: &mut Problems,
    sink: &mut impl Sink,
) {
    let mut loader = Loader { config, problems, sink, index: Index::default() };
    parse_in_order(files, unprintable, |parsed| match parsed {
        Ok(parsed) => loader.file(parsed),
        Err(problem) => loader.problems.push(problem),
    });
    loader.finish();
}

/// True for the names of data files: `*.toml`.
pub fn is_data_file(name: &str) -> bool {
    name.ends_with(".toml")
}

/// The `*.toml` files below `dir`, recursively, in a stable order, as the
/// shared walker lists them (hidden entries skipped, links confined to the
/// directory, loops and special files refused). `Err` says why the
/// directory itself cannot be used.
pub fn data_files(dir: &Path) -> Result<crate::walk::Listing, String> {
    let metadata = std::fs::metadata(dir).map_err(|err| {
        format!(
            "cannot read the data directory {}: {}; set `data` in [report] to a directory of .toml files, relative to the config file",
            display_path(dir).display(),
            input::io_reason(&err)
        )
    })?;
    if !metadata.is_dir() {
        return Err(format!("`data` must name a directory, but {} is a file", display_path(dir).display()));
    }
    Ok(crate::walk::files(dir, "data directory", is_data_file))
}

/// One record as written, deserialized but not yet validated, with its span.
enum RawRecord {
    Source(RawSource, Range<usize>),
    Event(Box<RawEvent>, Range<usize>),
    Figure(RawFigure, Range<usize>),
    Partner(RawPartner, Range<usize>),
    Coverage(RawCoverage, Range<usize>),
}

/// A data file read and parsed: the expensive, independent part of loading,
/// done on several threads. Validation then runs in file order.
struct ParsedFile {
    file: SourceFile,
    records: Vec<RawRecord>,
    problems: Vec<Problem>,
}

/// The tables a data file may hold.
const TABLES: [&str; 5] = ["source", "event", "figure", "partner", "coverage"];

/// Parses a file's text into raw records; syntax, type and unknown-table
/// errors are kept with it, and so is every text the fonts cannot print
/// (checked here, on the parsing threads, where the texts still have their
/// places).
fn parse_file(file: SourceFile, unprintable: Option<Unprintable<'_>>) -> ParsedFile {
    let mut problems = Problems::new();
    let mut records = Vec::new();
    if let Some(entries) = input::parse_document(&file, &mut problems) {
        for entry in entries {
            let key = entry.key.clone();
            if !TABLES.contains(&key.as_str()) {
                let hint = closest(&key, TABLES.into_iter())
                    .map(|best| format!("did you mean `[[{best}]]`?"))
                    .unwrap_or_else(|| {
                        "a data file holds `[[source]]`, `[[event]]`, `[[figure]]`, `[[partner]]` and `[[coverage]]` tables".into()
                    });
                problems.error(entry.key_location, format!("unknown table `{key}`; {hint}"));
                continue;
            }
            for value in input::array_of_tables(&file, entry, &mut problems) {
                let span = value.span();
                let record = match key.as_str() {
                    "source" => input::deserialize(&file, value).map(|raw| RawRecord::Source(raw, span)),
                    "event" => input::deserialize(&file, value).map(|raw| RawRecord::Event(Box::new(raw), span)),
                    "figure" => input::deserialize(&file, value).map(|raw| RawRecord::Figure(raw, span)),
                    "coverage" => input::deserialize(&file, value).map(|raw| RawRecord::Coverage(raw, span)),
                    _ => input::deserialize(&file, value).map(|raw| RawRecord::Partner(raw, span)),
                };
                match record {
                    Ok(record) => {
                        if let Some(unprintable) = unprintable {
                            check_printable(&file, &record, unprintable, &mut problems);
                        }
                        records.push(record);
                    }
                    Err(problem) => problems.push(problem),
                }
            }
        }
    }
    ParsedFile { file, records, problems: problems.into_vec() }
}

/// Records an error for every text of `record` the report may print and
/// the fonts cannot: titles, publishers, notes and partner names.
fn check_printable(file: &SourceFile, record: &RawRecord, unprintable: Unprintable<'_>, problems: &mut Problems) {
    let mut check = |text: &str, span: Range<usize>| {
        if let Some(reason) = unprintable(text) {
            problems.error(at(file, span), reason);
        }
    };
    let mut check_text = |text: &Spanned<Text>| match text.get_ref() {
        Text::Plain(plain) => check(plain, text.span()),
        Text::Translated(map) => map.values().for_each(|variant| check(variant, text.span())),
    };
    match record {
        RawRecord::Source(raw, _) => {
            check_text(&raw.title);
            check_text(&raw.publisher);
        }
        RawRecord::Event(raw, _) => {
            check_text(&raw.title);
            raw.note.iter().for_each(&mut check_text);
            for partner in &raw.partners {
                check_text(&partner.get_ref().name);
            }
        }
        RawRecord::Figure(raw, _) => raw.note.iter().for_each(check_text),
        RawRecord::Partner(raw, _) => {
            raw.note.iter().for_each(&mut check_text);
            check_text(&raw.name);
        }
        RawRecord::Coverage(raw, _) => raw.note.iter().for_each(check_text),
    }
}

/// Reads and parses `files` on up to one thread per core, and hands each
/// result to `consume` on this thread, in the order of `files`. At most a
/// few files are in memory at once, however many there are.
fn parse_in_order(
    files: &[(PathBuf, Option<String>)],
    unprintable: Option<Unprintable<'_>>,
    mut consume: impl FnMut(Result<ParsedFile, Problem>),
) {
    let read = |(path, text): &(PathBuf, Option<String>)| {
        let shown = display_path(path);
        match text {
            Some(text) => Ok(SourceFile::new(shown, text.clone())),
            None => input::read_source(path, &shown),
        }
        .map(|file| parse_file(file, unprintable))
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len());
    if workers <= 1 {
        files.iter().map(read).for_each(consume);
        return;
    }
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::sync_channel(workers);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, read) = (&next, &read);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(index) else { break };
                    if sender.send((index, read(file))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (index, parsed) in receiver {
            waiting.insert(index, parsed);
            while let Some(parsed) = waiting.remove(&expected) {
                consume(parsed);
                expected += 1;
            }
        }
    });
}

/// Where an event id was first used: the file's number and the line and column.
type FirstUse = (u32, u32, u32);

#[derive(Default)]
struct Index {
    sources: HashSet<String>,
    source_ids: HashMap<String, Location>,
    /// Event ids seen, compactly: a million ids take tens of megabytes.
    event_ids: HashMap<Box<str>, FirstUse>,
    /// The files read so far, by number, for [`FirstUse`].
    files: Vec<std::sync::Arc<Path>>,
    unresolved: HashMap<String, Vec<Location>>,
    figure_count: usize,
}

struct Loader<'a, S: Sink> {
    config: &'a Config,
    problems: &'a mut Problems,
    sink: &'a mut S,
    index: Index,
}

impl<S: Sink> Loader<'_, S> {
    fn file(&mut self, parsed: ParsedFile) {
        let ParsedFile { file, records, problems } = parsed;
        self.index.files.push(file.path.clone());
        for problem in problems {
            self.problems.push(problem);
        }
        for record in records {
            match record {
                RawRecord::Source(raw, span) => self.source(&file, raw, span),
                RawRecord::Event(raw, span) => self.event(&file, *raw, span),
                RawRecord::Figure(raw, span) => self.figure(&file, raw, span),
                RawRecord::Partner(raw, span) => self.partner(&file, raw, span),
                RawRecord::Coverage(raw, span) => self.coverage(&file, raw, span),
            }
        }
    }

    fn cite(&mut self, file: &SourceFile, list: &Spanned<StringList>) -> Vec<String> {
        for id in &list.get_ref().0 {
            if !self.index.sources.contains(id) {
                let places = self.index.unresolved.entry(id.clone()).or_default();
                if places.len() < 20 {
                    places.push(at(file, list.span()));
                }
            }
        }
        list.get_ref().0.clone()
    }

    fn country(&mut self, file: &SourceFile, code: &Spanned<String>) {
        let text = code.get_ref();
        if !crate::i18n::is_country(text) {
            let hint = if crate::i18n::is_country(&text.to_ascii_uppercase()) {
                format!("write it in capitals: `{}`", text.to_ascii_uppercase())
            } else {
                "use an ISO 3166-1 alpha-2 code such as KR, JP or DE".to_owned()
            };
            self.problems.warning(at(file, code.span()), format!("unknown country code `{text}`; {hint}"));
        }
    }

    fn source(&mut self, file: &SourceFile, raw: RawSource, span: std::ops::Range<usize>) {
        let id = raw.id.get_ref().clone();
        if let Err(reason) = crate::config::check_id(&id) {
            self.problems.error(at(file, raw.id.span()), reason);
            return;
        }
        if let Some(first) = self.index.source_ids.get(&id) {
            self.problems.error(
                at(file, raw.id.span()),
                format!("source id `{id}` is already used at {first}; give each source its own id"),
            );
            return;
        }
        if let Some(language) = &raw.language
            && !(language.get_ref().len() == 2 && language.get_ref().bytes().all(|b| b.is_ascii_lowercase()))
        {
            self.problems.warning(
                at(file, language.span()),
                format!("`{}` is not an ISO 639-1 language code such as en or vi", language.get_ref()),
            );
        }
        if let Some(url) = &raw.url {
            let length = url.get_ref().chars().count();
            if url.get_ref().trim().is_empty() {
                self.problems
                    .error(at(file, url.span()), "the url is empty; give the page's address, or leave `url` out");
            }
            if length > MAX_URL_LENGTH {
                self.problems.error(
                    at(file, url.span()),
                    format!(
                        "the url is {length} characters long; a link in the report may have at most {MAX_URL_LENGTH}: give the page's short address"
                    ),
                );
            }
        }
        self.index.source_ids.insert(id.clone(), at(file, raw.id.span()));
        self.index.sources.insert(id.clone());
        self.index.unresolved.remove(&id);
        self.sink.source(Source {
            id,
            title: raw.title.into_inner(),
            publisher: raw.publisher.into_inner(),
            published: raw.published,
            url: raw.url.map(Spanned::into_inner),
            language: raw.language.map(Spanned::into_inner),
            location: at(file, span),
        });
    }

    fn event(&mut self, file: &SourceFile, raw: RawEvent, span: std::ops::Range<usize>) {
        let mut ok = true;
        let kind = raw.kind.get_ref();
        if self.config.kind(kind).is_none() {
            self.problems.error(
                at(file, raw.kind.span()),
                format!("unknown event kind `{kind}`; {}", kind_hint(kind, &self.config.kinds)),
            );
            ok = false;
        }
        if let Some(end) = &raw.end
            && end.get_ref().last_day() < raw.date.get_ref().first_day()
        {
            self.problems.error(
                at(file, end.span()),
                format!("the event ends ({}) before it starts ({})", end.get_ref(), raw.date.get_ref()),
            );
            ok = false;
        }
        for lang in &self.config.report.languages {
            if raw.title.get_ref().lacks(*lang) {
                self.problems.warning(
                    at(file, raw.title.span()),
                    format!("the title has no `{lang}` text; the {lang} report shows it in another language"),
                );
            }
        }
        self.english_in_plain_text(file, &raw.title, "title");
        if raw.title.get_ref().is_blank() {
            self.problems.error(at(file, raw.title.span()), "the title is empty; say in a few words what happened");
            ok = false;
        }
        if let Some(id) = &raw.id {
            if let Err(reason) = crate::config::check_id(id.get_ref()) {
                self.problems.error(at(file, id.span()), reason);
                ok = false;
            } else if let Some(&(file_number, line, column)) = self.index.event_ids.get(id.get_ref().as_str()) {
                let first = Location {
                    file: self.index.files[file_number as usize].clone(),
                    line_column: Some((line as usize, column as usize)),
                };
                self.problems.warning(
                    at(file, id.span()),
                    format!("event id `{}` is already used at {first}; ids must be unique", id.get_ref()),
                );
            } else {
                let (line, column) = file.line_column(id.span().start);
                let file_number = self.index.files.len().saturating_sub(1) as u32;
                self.index.event_ids.insert(id.get_ref().as_str().into(), (file_number, line as u32, column as u32));
            }
        }
        let mut partners = Vec::with_capacity(raw.partners.len());
        for partner in raw.partners {
            let partner = partner.into_inner();
            self.country(file, &partner.country);
            if partner.name.get_ref().is_blank() {
                self.problems.error(at(file, partner.name.span()), "the partner's name is empty");
                ok = false;
            }
            self.english_in_plain_text(file, &partner.name, "partner name");
            partners.push(PartnerRef {
                name: partner.name.into_inner(),
                country: partner.country.into_inner(),
                kind: partner.kind,
            });
        }
        let amount = match raw.amount {
            None => None,
            Some(amount) => {
                let amount_span = amount.span();
                let amount = amount.into_inner();
                if !locale::is_currency(amount.currency.get_ref()) {
                    self.problems.error(
                        at(file, amount.currency.span()),
                        format!(
                            "`{}` is not an ISO 4217 currency code such as USD, EUR or VND",
                            amount.currency.get_ref()
                        ),
                    );
                    ok = false;
                }
                if amount.value.0 < 0.0 {
                    self.problems
                        .warning(at(file, amount_span), "the amount is negative; amounts are sums given or received");
                }
                Some(Amount { value: amount.value.0, currency: amount.currency.into_inner() })
            }
        };
        let sources = match &raw.source {
            Some(list) if !list.get_ref().0.is_empty() => self.cite(file, list),
            _ => {
                self.problems.warning(at(file, span.clone()), "the event cites no source; add `source = \"...\"`");
                Vec::new()
            }
        };
        if ok {
            self.sink.event(Event {
                id: raw.id.map(Spanned::into_inner),
                date: raw.date.into_inner(),
                end: raw.end.map(Spanned::into_inner),
                kind: raw.kind.into_inner(),
                title: raw.title.into_inner(),
                partners,
                amount,
                sectors: raw.sectors,
                sources,
                note: raw.note.map(Spanned::into_inner),
                location: at(file, span),
            });
        }
    }

    fn figure(&mut self, file: &SourceFile, raw: RawFigure, span: std::ops::Range<usize>) {
        let id = raw.indicator.get_ref();
        if self.config.indicator(id).is_none() {
            let hint = closest(id, self.config.indicators.iter().map(|i| i.id.as_str()))
                .map(|best| format!("did you mean `{best}`?"))
                .unwrap_or_else(|| "define it in an `[[indicator]]` table of the config".to_owned());
            self.problems.error(at(file, raw.indicator.span()), format!("unknown indicator `{id}`; {hint}"));
            return;
        }
        if raw.source.get_ref().0.is_empty() {
            self.problems.error(at(file, raw.source.span()), "a figure must cite at least one source");
            return;
        }
        let sources = self.cite(file, &raw.source);
        let order = self.index.figure_count;
        self.index.figure_count += 1;
        self.sink.figure(Figure {
            indicator: raw.indicator.into_inner(),
            period: raw.period,
            value: raw.value.into_inner().0,
            qualifier: raw.qualifier,
            change: raw.change.map(|change| change.0),
            as_of: raw.as_of,
            sources,
            note: raw.note.map(Spanned::into_inner),
            location: at(file, span),
            order,
        });
    }

    fn partner(&mut self, file: &SourceFile, raw: RawPartner, span: std::ops::Range<usize>) {
        if raw.name.get_ref().is_blank() {
            self.problems.error(at(file, raw.name.span()), "the partner's name is empty");
            return;
        }
        self.english_in_plain_text(file, &raw.name, "partner name");
        self.country(file, &raw.country);
        let sources = self.cite(file, &raw.source);
        let place = raw.location.and_then(|written| {
            let [lat, lon] = *written.get_ref();
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) {
                Some(crate::config::LatLon { lat, lon })
            } else {
                self.problems.error(
                    at(file, written.span()),
                    "`location` must be [latitude, longitude] in degrees, latitude from -90 to 90 and longitude from -180 to 180",
                );
                None
            }
        });
        self.sink.partner(Partner {
            name: raw.name.into_inner(),
            country: raw.country.into_inner(),
            kind: raw.kind,
            since: raw.since,
            sources,
            note: raw.note.map(Spanned::into_inner),
            place,
            location: at(file, span),
        });
    }

    /// Warns about a plain text that reads as English in a report that also
    /// has Vietnamese: the Vietnamese edition would print it as it is.
    fn english_in_plain_text(&mut self, file: &SourceFile, text: &Spanned<Text>, what: &str) {
        const ENGLISH: [&str; 5] = ["the", "of", "and", "for", "with"];
        let Text::Plain(plain) = text.get_ref() else { return };
        if !self.config.report.languages.contains(&crate::i18n::Lang::Vi) {
            return;
        }
        let english =
            plain.split(|c: char| !c.is_alphabetic()).find(|word| ENGLISH.iter().any(|e| e.eq_ignore_ascii_case(word)));
        if let Some(word) = english {
            self.problems.warning(
                at(file, text.span()),
                format!(
                    "this {what} reads as English (\"{word}\") and the report also has Vietnamese, which would print it as is; write {{ en = \"...\", vi = \"...\" }}"
                ),
            );
        }
    }

    fn coverage(&mut self, file: &SourceFile, raw: RawCoverage, span: std::ops::Range<usize>) {
        let mut ok = true;
        if raw.kinds.get_ref().is_empty() {
            self.problems.error(
                at(file, raw.kinds.span()),
                "the coverage names no kind; list the event kinds recorded in full, e.g. kinds = [\"delegation-received\"]",
            );
            ok = false;
        }
        for kind in raw.kinds.get_ref() {
            if self.config.kind(kind.get_ref()).is_none() {
                self.problems.error(
                    at(file, kind.span()),
                    format!(
                        "unknown event kind `{}`; {}",
                        kind.get_ref(),
                        kind_hint(kind.get_ref(), &self.config.kinds)
                    ),
                );
                ok = false;
            }
        }
        if let (Some(from), Some(until)) = (&raw.from, &raw.until)
            && until.get_ref().last_day() < from.get_ref().first_day()
        {
            self.problems.error(
                at(file, until.span()),
                format!("the coverage ends ({}) before it starts ({})", until.get_ref(), from.get_ref()),
            );
            ok = false;
        }
        let sources = raw.source.as_ref().map(|list| self.cite(file, list)).unwrap_or_default();
        if ok {
            self.sink.coverage(Coverage {
                kinds: raw.kinds.into_inner().into_iter().map(Spanned::into_inner).collect(),
                from: raw.from.map(Spanned::into_inner),
                until: raw.until.map(Spanned::into_inner),
                sources,
                note: raw.note.map(Spanned::into_inner),
                location: at(file, span),
            });
        }
    }

    fn finish(self) {
        let mut unresolved: Vec<_> = self.index.unresolved.into_iter().collect();
        unresolved.sort_by(|a, b| a.1.first().cmp(&b.1.first()).then_with(|| a.0.cmp(&b.0)));
        for (id, places) in unresolved {
            let hint = closest(&id, self.index.sources.iter().map(String::as_str))
                .map(|best| format!("did you mean `{best}`?"))
                .unwrap_or_else(|| "add a `[[source]]` with this id".to_owned());
            for place in places {
                self.problems.error(place, format!("unknown source id `{id}`; {hint}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"[report]
title = "R"
organisation = "O"
year = 2024
languages = ["en"]
data = "data"
output = "r-{year}-{lang}.pdf"

[[indicator]]
id = "delegations-received"
label = "Delegations received"
unit = "delegations"
from-events = { kind = "delegation-received" }
"#;

    /// The config above, as if read from `project/report.toml`; nothing is read from disk.
    fn config() -> Config {
        let mut problems = Problems::new();
        let config = Config::from_text(Path::new("project/report.toml"), CONFIG, &mut problems);
        assert!(!problems.has_errors(), "{problems:?}");
        config.expect("the test config is valid")
    }

    /// Loads data files given by name (relative to the data directory) and
    /// text, in the order given, without touching the disk.
    fn load_data(files: &[(&str, &str)]) -> (DataSet, Vec<String>) {
        let config = config();
        let texts = files.iter().map(|(name, text)| (config.report.data.join(name), (*text).to_owned()));
        let mut problems = Problems::new();
        let mut data = DataSet::default();
        load_texts(&config, texts, &mut problems, &mut data);
        (data, messages(problems))
    }

    /// Writes the config and the data files to a temporary folder and loads
    /// the data directory from disk, for what the walker decides.
    fn load_from_disk(files: &[(&str, &str)]) -> (DataSet, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("report.toml"), CONFIG).unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join("data").join(name), text).unwrap();
        }
        let mut problems = Problems::new();
        let config = Config::load(&dir.path().join("report.toml"), &mut problems).unwrap();
        let mut data = DataSet::default();
        load(&config, &mut problems, &mut data);
        (data, messages(problems))
    }

    /// The problems, sorted, each placed by file name, line and column.
    fn messages(problems: Problems) -> Vec<String> {
        problems
            .sorted()
            .into_iter()
            .map(|p| {
                let location = p.location.unwrap();
                let name = location.file.file_name().unwrap().to_string_lossy().into_owned();
                let (line, column) = location.line_column.unwrap_or((0, 0));
                format!("{name}:{line}:{column}: {}", p.message)
            })
            .collect()
    }

    const SOURCE: &str = "[[source]]\nid = \"s1\"\ntitle = \"T\"\npublisher = \"P\"\npublished = \"2024-07-31\"\n";

    #[test]
    fn records_from_nested_files_are_loaded() {
        let event = "[[event]]\ndate = \"2024-07\"\nkind = \"agreement\"\ntitle = \"MOU\"\npartners = [{ name = \"Daegu\", country = \"KR\", type = \"locality\" }]\nsource = \"s1\"\n";
        let (data, messages) = load_data(&[("sources.toml", SOURCE), ("2024/events.toml", event)]);
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(data.sources.len(), 1);
        assert_eq!(data.events.len(), 1);
        assert_eq!(data.events[0].partners[0].kind, PartnerType::Locality);
        assert_eq!(data.events[0].date.to_string(), "2024-07");
    }

    #[test]
    fn every_bad_record_in_a_file_is_reported() {
        let text = format!(
            "{SOURCE}\n[[event]]\ndate = \"2023-02-29\"\nkind = \"agreement\"\ntitle = \"A\"\nsource = \"s1\"\n\n[[event]]\ndate = \"2024-05\"\nend = \"2024-04-30\"\nkind = \"festval\"\ntitle = \"B\"\nsource = \"s2\"\n\n[[figure]]\nindicator = \"delegations\"\nperiod = \"2024\"\nvalue = 3\nsource = \"s1\"\n"
        );
        let (data, messages) = load_data(&[("a.toml", &text)]);
        assert!(data.events.is_empty());
        assert_eq!(messages.len(), 5, "{messages:?}");
        assert!(messages[0].starts_with("a.toml:8:8: "), "{messages:?}");
        assert!(messages[0].contains("2023-02-29"), "{messages:?}");
        assert!(
            messages[1].starts_with("a.toml:15:7: error") || messages[1].contains("ends (2024-04-30) before it starts"),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("unknown event kind `festval`; did you mean `festival`?")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("unknown source id `s2`")), "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("unknown indicator `delegations`; did you mean `delegations-received`?")),
            "{messages:?}"
        );
    }

    #[test]
    fn source_defined_in_a_later_file_resolves() {
        let event = "[[event]]\ndate = 2024\nkind = \"other\"\ntitle = \"X\"\nsource = \"s1\"\n";
        let (_, messages) = load_data(&[("a.toml", event), ("z.toml", SOURCE)]);
        assert!(messages.is_empty(), "{messages:?}");
    }

    #[test]
    fn duplicate_event_id_and_bad_country_are_warnings() {
        let event = "[[event]]\nid = \"e\"\ndate = 2024\nkind = \"other\"\ntitle = \"X\"\nsource = \"s1\"\npartners = [{ name = \"A\", country = \"kr\", type = \"company\" }]\n";
        let text = format!("{SOURCE}{event}{event}");
        let (data, messages) = load_data(&[("a.toml", &text)]);
        assert_eq!(data.events.len(), 2);
        assert!(messages.iter().any(|m| m.contains("event id `e` is already used at")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("write it in capitals: `KR`")), "{messages:?}");
    }

    #[test]
    fn unknown_key_in_an_event_is_located_at_the_key() {
        let event = "[[event]]\ndate = 2024\nkind = \"other\"\ntitle = \"X\"\nsoruce = \"s1\"\n";
        let (_, messages) = load_data(&[("a.toml", event)]);
        assert!(messages[0].starts_with("a.toml:5:1: unknown key `soruce`"), "{messages:?}");
    }

    #[test]
    fn translated_title_missing_a_report_language_is_a_warning() {
        let event = "[[event]]\ndate = 2024\nkind = \"other\"\ntitle = { vi = \"Hội thảo\" }\nsource = \"s1\"\n";
        let text = format!("{SOURCE}{event}");
        let (data, messages) = load_data(&[("a.toml", &text)]);
        assert_eq!(data.events.len(), 1);
        assert_eq!(messages, ["a.toml:9:9: the title has no `en` text; the en report shows it in another language"]);
    }

    #[test]
    fn an_overlay_replaces_or_adds_a_file_without_touching_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("report.toml"), CONFIG).unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join("data/s.toml"), SOURCE).unwrap();
        let mut problems = Problems::new();
        let config = Config::load(&dir.path().join("report.toml"), &mut problems).unwrap();
        let event = "[[event]]\ndate = 2024\nkind = \"other\"\ntitle = \"X\"\nsource = \"s1\"\n";
        for (name, text) in [("s.toml", format!("{SOURCE}{event}")), ("new/e.toml", event.to_owned())] {
            let mut data = DataSet::default();
            let overlay = Overlay { relative: Path::new(name), text: &text };
            let options = Options { overlay: Some(overlay), ..Options::default() };
            let files = load_with(&config, options, &mut problems, &mut data);
            assert!(!problems.has_errors(), "{problems:?}");
            assert_eq!((files, data.sources.len(), data.events.len()), (if name == "s.toml" { 1 } else { 2 }, 1, 1));
        }
        assert_eq!(std::fs::read_to_string(dir.path().join("data/s.toml")).unwrap(), SOURCE);
        assert!(!dir.path().join("data/new").exists());
    }

    #[test]
    fn files_parsed_in_parallel_are_validated_in_file_order() {
        let figure = |value: usize| {
            format!(
                "[[figure]]\nindicator = \"delegations-received\"\nperiod = \"2024\"\nvalue = {value}\nsource = \"s1\"\n"
            )
        };
        let texts: Vec<(String, String)> = (0..12).map(|i| (format!("f{i:02}.toml"), figure(i))).collect();
        let mut files: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        files.push(("sources.toml", SOURCE));
        let (data, messages) = load_data(&files);
        assert!(messages.is_empty(), "{messages:?}");
        let values: Vec<f64> = data.figures.iter().map(|f| f.value).collect();
        assert_eq!(values, (0..12).map(|i| i as f64).collect::<Vec<_>>());
        assert!(data.figures.iter().enumerate().all(|(i, f)| f.order == i));
    }

    #[test]
    fn hidden_and_non_toml_files_are_skipped() {
        let files = [(".draft.toml", "not toml"), ("notes.md", "# notes"), ("s.toml", SOURCE)];
        let (data, messages) = load_from_disk(&files);
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(data.sources.len(), 1);
    }

    #[test]
    fn qualifier_names_are_the_serde_names() {
        assert_eq!(Qualifier::Exact.name(), "exact");
        assert_eq!(Qualifier::AtLeast.name(), "at-least");
        for qualifier in [Qualifier::About, Qualifier::Nearly, Qualifier::Over, Qualifier::Under] {
            assert_eq!(serde_json::to_value(qualifier).unwrap(), qualifier.name());
        }
    }
}
