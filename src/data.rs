//! The event log: every `*.toml` file of a data directory, read and validated.
//!
//! Files are read and checked on their own on several threads, a few at a
//! time; then, in file order, the checks that span files (duplicate ids,
//! citations of unknown sources) run and each valid record is handed to a
//! [`Sink`], so a log of any size is processed in one pass without being
//! held in memory. The checks that span files keep only compact indexes.
//!
//! What the checks of one file find depends only on its bytes and a few
//! settings ([`Rules`]), so it can be kept between runs ([`crate::cache`],
//! packed by [`codec`]): a file unchanged since the last run is not parsed
//! again. Plain files are parsed by a quick reader ([`quick`]), the rest by
//! the toml crate.
//!
//! A sink that needs only what the events add up to (`stats`, and `build`
//! for the years it does not list) gives a [`Fold`]: each file's events are
//! then folded into totals on the parsing threads, and kept so in the
//! cache beside the file's records ([`Summary`]); the thread that runs in
//! file order merges the totals and looks at the ids and citations in
//! compact lists, and never sees the events one by one.

pub(crate) mod codec;
mod ids;
mod quick;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::cache::{Cache, Key};
use crate::config::{Config, Kind, PartnerType, closest, kind_hint};
use crate::diag::{Location, Problem, Problems, SourceFile, display_path};
use crate::i18n::Lang;
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
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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
    /// The totals of `events` events that are not passed one by one, folded
    /// by the sink's [`Fold`] on a parsing thread; `false` when the sink
    /// cannot merge them (the events then come one by one instead).
    fn part(&mut self, events: usize, part: &[u8]) -> bool {
        let _ = (events, part);
        false
    }
}

/// Folds the events of one file into totals on a parsing thread, for a
/// sink that needs only their totals ([`Sink::part`]).
pub trait Fold: Sync {
    /// What the totals depend on besides the events: part of the key of
    /// every kept file.
    fn context(&self) -> String;
    /// Whether the events of `year` must reach the sink one by one: a file
    /// with such an event is not folded.
    fn keeps(&self, year: i32) -> bool;
    /// The totals of `events` (the file's valid events, in order), packed;
    /// `None` when they cannot be merged apart from the other files'.
    fn fold(&self, events: &mut dyn Iterator<Item = &Event>) -> Option<Vec<u8>>;
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
    fn part(&mut self, events: usize, part: &[u8]) -> bool {
        let merged = self.inner.part(events, part);
        if merged {
            self.counts.events += events;
        }
        merged
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    title: Spanned<Text>,
    publisher: Spanned<Text>,
    published: PartialDate,
    url: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    id: Option<Spanned<String>>,
    date: Spanned<PartialDate>,
    end: Option<Spanned<PartialDate>>,
    kind: Spanned<String>,
    title: Spanned<Text>,
    #[serde(default)]
    partners: Vec<Spanned<RawPartnerRef>>,
    amount: Option<Spanned<WrittenAmount>>,
    #[serde(default)]
    sectors: Vec<String>,
    source: Option<Spanned<StringList>>,
    note: Option<Spanned<Text>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartnerRef {
    name: Spanned<Text>,
    country: Spanned<String>,
    #[serde(rename = "type")]
    kind: PartnerType,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAmount {
    value: Quantity,
    currency: Spanned<String>,
}

/// The message for an amount written without its currency; `fix` is what
/// to write instead, with VND (`amount = { value = 5, currency = "VND" }`,
/// `--amount "5 VND"`).
pub fn amount_needs_currency(fix: &str) -> String {
    format!("an amount needs its currency: write `{fix}` (or \"USD\", ...)")
}

/// An `amount` as written: a table of value and currency. A bare number or
/// a text is the usual mistake, and its message shows what to write.
#[derive(Debug)]
struct WrittenAmount(RawAmount);

impl<'de> Deserialize<'de> for WrittenAmount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor;

        fn bare<E: serde::de::Error>(written: &str) -> E {
            E::custom(amount_needs_currency(&format!("amount = {{ value = {written}, currency = \"VND\" }}")))
        }

        impl<'de> serde::de::Visitor<'de> for AmountVisitor {
            type Value = WrittenAmount;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table such as { value = 1200000, currency = \"VND\" }")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<WrittenAmount, A::Error> {
                RawAmount::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(WrittenAmount)
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<WrittenAmount, E> {
                Err(bare(&value.to_string()))
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<WrittenAmount, E> {
                Err(bare(&value.to_string()))
            }

            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<WrittenAmount, E> {
                Err(bare(&value.to_string()))
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<WrittenAmount, E> {
                Err(E::custom(format!(
                    "\"{text}\" is text; write the amount as a number with its currency, e.g. `amount = {{ value = 1200000, currency = \"VND\" }}`"
                )))
            }
        }

        deserializer.deserialize_any(AmountVisitor)
    }
}

#[derive(Debug, Deserialize)]
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

#[derive(Debug, Deserialize)]
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

#[derive(Debug, Deserialize)]
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
    /// Where checked files are kept between runs, when they are (see
    /// [`crate::cache`]); the overlaid file is never kept.
    pub cache: Option<CacheOptions>,
    /// What folds each file's events into totals on the parsing threads,
    /// for a sink that merges them ([`Sink::part`]).
    pub fold: Option<&'a dyn Fold>,
}

/// Where [`load_with`] keeps checked files between runs.
pub struct CacheOptions {
    /// The cache folder of the config.
    pub folder: PathBuf,
    /// What identifies the fonts `unprintable` checks against besides the
    /// bundled ones (the fingerprint of the config's fonts folder), since a
    /// kept file holds the font check's findings.
    pub fonts: String,
    /// The digests ([`crate::cache::digest`]) of data files whose bytes were
    /// hashed already in this run (by `build`'s fingerprint of its inputs):
    /// a file kept under its digest is taken from the cache without being
    /// read again, so the run uses the bytes its manifest describes.
    pub digests: HashMap<PathBuf, Key>,
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
/// is written, the texts checked against the report's fonts, and checked
/// files kept between runs.
pub fn load_with(config: &Config, options: Options<'_>, problems: &mut Problems, sink: &mut impl Sink) -> usize {
    let Options { overlay, unprintable, cache, fold } = options;
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
    let known = Printable::default();
    let memo = |text: &str| known.unprintable(text, unprintable?);
    let rules = Rules::of(config, unprintable.is_some().then_some(&memo as Unprintable<'_>));
    let kept = cache.map(|CacheOptions { folder, fonts, digests }| {
        let folded = fold.map(|fold| fold.context()).unwrap_or_default();
        let cache = Cache::new(folder, &format!("{}{folded}", rules.context(&fonts)));
        Kept { cache, dir, digests }
    });
    let reading = Reading { rules, kept, fold, folding: AtomicBool::new(true) };
    validate(&reading, &files, problems, sink);
    if let Some(kept) = &reading.kept
        && overlay.is_none()
    {
        kept.cache.keep_only(files.iter().map(|(path, _)| kept.slot(path)));
    }
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
    let reading = Reading { rules: Rules::of(config, None), kept: None, fold: None, folding: AtomicBool::new(false) };
    validate(&reading, &files, problems, sink);
}

/// The characters of the Basic Multilingual Plane known to be printable,
/// one bit each, so that the font check looks a character up once rather
/// than once in every text (a log in Vietnamese has a million titles made
/// of the same few dozen letters).
struct Printable {
    known: Vec<AtomicU64>,
}

impl Default for Printable {
    fn default() -> Self {
        Printable { known: (0..1024).map(|_| AtomicU64::new(0)).collect() }
    }
}

impl Printable {
    /// What `check` says of `text`, without asking it when every character
    /// of the text is known to be printable; a text it passes makes each of
    /// its characters known.
    fn unprintable(&self, text: &str, check: Unprintable<'_>) -> Option<String> {
        let bit = |c: char| {
            let code = c as usize;
            (code < 0x10000).then(|| (&self.known[code / 64], 1u64 << (code % 64)))
        };
        let known = |c: char| bit(c).is_some_and(|(word, mask)| word.load(Ordering::Relaxed) & mask != 0);
        if text.chars().all(known) {
            return None;
        }
        let reason = check(text);
        if reason.is_none() {
            for (word, mask) in text.chars().filter_map(bit) {
                word.fetch_or(mask, Ordering::Relaxed);
            }
        }
        reason
    }
}

/// The cache of a load, with the data directory its slots are named from.
struct Kept<'a> {
    cache: Cache,
    dir: &'a Path,
    digests: HashMap<PathBuf, Key>,
}

impl Kept<'_> {
    /// The slot of a data file: its path below the data directory.
    fn slot(&self, path: &Path) -> String {
        path.strip_prefix(self.dir).unwrap_or(path).to_string_lossy().into_owned()
    }
}

/// How each data file is read: the rules of its checks, the cache, and
/// what folds its events.
struct Reading<'a> {
    rules: Rules<'a>,
    kept: Option<Kept<'a>>,
    fold: Option<&'a dyn Fold>,
    /// Cleared once the sink could not merge a file's totals: it then
    /// cannot merge any later file's either (see [`Sink::part`]), so the
    /// later files are read whole here, on the parsing threads.
    folding: AtomicBool,
}

/// A data file read and checked on its own.
enum Read {
    /// Every record, to pass through the checks that span files one by one.
    Whole(Checked),
    /// Its events folded into totals.
    Summed(Summary),
}

/// Reads and checks `files` (a text given with a path is read in place of
/// the file) on several threads, then passes their records, in order,
/// through the checks that span files and on to `sink`.
fn validate(reading: &Reading<'_>, files: &[(PathBuf, Option<String>)], problems: &mut Problems, sink: &mut impl Sink) {
    let numbered: Vec<(usize, &(PathBuf, Option<String>))> = files.iter().enumerate().collect();
    let read = |&(number, entry): &(usize, &(PathBuf, Option<String>))| (number, reading.read(entry, false));
    let mut loader = Loader { problems, sink, index: Index::default() };
    parse_in_order(&numbered, read, |(number, read)| match read {
        Ok((path, read)) => loader.file(path, read, || reading.whole(&files[number])),
        Err(problem) => loader.problems.push(problem),
    });
    loader.finish();
}

impl Reading<'_> {
    /// The records of a file read again one by one, for a sink that could
    /// not merge the totals of its events; later files are not folded.
    fn whole(&self, entry: &(PathBuf, Option<String>)) -> Result<Checked, Problem> {
        self.folding.store(false, Ordering::Relaxed);
        match self.read(entry, true)? {
            (_, Read::Whole(checked)) => Ok(checked),
            (shown, Read::Summed(_)) => unreachable!("{} was read whole, and came summed", shown.display()),
        }
    }

    /// Reads one file and checks it on its own, or takes what an earlier
    /// run found in the same bytes from the cache (and keeps what is found
    /// now); with `whole`, its records come one by one whatever the fold.
    fn read(&self, (path, text): &(PathBuf, Option<String>), whole: bool) -> Result<(Arc<Path>, Read), Problem> {
        let shown: Arc<Path> = display_path(path).into();
        let kept = self.kept.as_ref().filter(|_| text.is_none());
        let Some(kept) = kept else {
            let file = match text {
                Some(text) => SourceFile::new(shown, text.clone()),
                None => input::source_from_bytes(&shown, input::read_bytes(path, &shown)?)?,
            };
            let checked = check_file(&file, &self.rules);
            let summary = self.fold.filter(|_| !whole).map(|fold| Summary::of(&checked, Some(fold)));
            return Ok((file.path.clone(), self.choose(checked, summary, whole)));
        };
        BUFFERS.with_borrow_mut(|(bytes, entry)| {
            let slot = kept.slot(path);
            let cached = |key: &Key, entry: &mut Vec<u8>| {
                let summary = kept.cache.get(&slot, key, SUMMARY, entry)?;
                let summary = codec::unpack::<Summary>(summary, &shown)?;
                if !whole && self.usable(&summary) {
                    return Some(Read::Summed(summary));
                }
                let checked = kept.cache.get(&slot, key, WHOLE, entry)?;
                let checked = codec::unpack::<Checked>(checked, &shown)?;
                Some(self.choose(checked, None, true))
            };
            if let Some(digest) = kept.digests.get(path)
                && let Some(read) = cached(&kept.cache.key_of(digest), entry)
            {
                return Ok((shown, read));
            }
            input::read_into(path, &shown, bytes)?;
            let key = kept.cache.key(bytes);
            if let Some(read) = cached(&key, entry) {
                return Ok((shown, read));
            }
            let file = input::source_from_bytes(&shown, std::mem::take(bytes))?;
            let checked = check_file(&file, &self.rules);
            let summary = Summary::of(&checked, self.fold);
            if let (Some(whole), Some(summary)) = (codec::pack(&checked, &file.path), codec::pack(&summary, &file.path))
            {
                kept.cache.put(&slot, &key, [&summary, &whole]);
            }
            Ok((file.path.clone(), self.choose(checked, Some(summary), whole)))
        })
    }

    /// Whether a file may come as its summary: its events are folded, and
    /// none is of a year the sink keeps.
    fn usable(&self, summary: &Summary) -> bool {
        self.fold.is_some_and(|fold| {
            self.folding.load(Ordering::Relaxed)
                && summary.part.is_some()
                && !summary.years.iter().any(|&year| fold.keeps(year))
        })
    }

    /// The summary when it is usable, else the records one by one (with the
    /// hashes of their ids, made here on a parsing thread).
    fn choose(&self, mut checked: Checked, summary: Option<Summary>, whole: bool) -> Read {
        match summary {
            Some(summary) if !whole && self.usable(&summary) => Read::Summed(summary),
            _ => {
                checked.hash_ids();
                Read::Whole(checked)
            }
        }
    }
}

/// The sections of a cache entry: the summary, then the whole checked file.
const SUMMARY: usize = 0;
const WHOLE: usize = 1;

thread_local! {
    /// A parsing thread's buffers for a data file's bytes and for its cache
    /// entry, used again for each file: in the megabytes of a large log,
    /// fresh memory for every file costs more than reading it.
    static BUFFERS: std::cell::RefCell<(Vec<u8>, Vec<u8>)> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
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
#[derive(Debug)]
enum RawRecord {
    Source(RawSource, Range<usize>),
    Event(Box<RawEvent>, Range<usize>),
    Figure(RawFigure, Range<usize>),
    Partner(RawPartner, Range<usize>),
    Coverage(RawCoverage, Range<usize>),
}

/// The tables a data file may hold.
const TABLES: [&str; 5] = ["source", "event", "figure", "partner", "coverage"];

/// Parses a file's text into raw records; syntax, type and unknown-table
/// errors are returned with them, and so is every text the fonts cannot
/// print (checked here, where the texts still have their places).
///
/// A file written in the plain TOML that data files are made of is read by
/// the quick reader ([`quick`]); anything else, and every file with a
/// mistake in it, by the toml crate, which says where the mistake is.
fn parse_file(file: &SourceFile, unprintable: Option<Unprintable<'_>>) -> (Vec<RawRecord>, Vec<Problem>) {
    let mut problems = Problems::new();
    let check = |record: &RawRecord, problems: &mut Problems| {
        if let Some(unprintable) = unprintable {
            check_printable(file, record, unprintable, problems);
        }
    };
    if let Some(records) = quick::read(&file.text) {
        for record in &records {
            check(record, &mut problems);
        }
        return (records, problems.into_vec());
    }
    let mut records = Vec::new();
    for read in read_with_toml(file) {
        match read {
            Ok(record) => {
                check(&record, &mut problems);
                records.push(record);
            }
            Err(problem) => problems.push(problem),
        }
    }
    (records, problems.into_vec())
}

/// A file's records read by the toml crate, in order, each record or the
/// problem that stopped it; a syntax error, an unknown table or a table of
/// the wrong shape is a problem of its own in the list.
fn read_with_toml(file: &SourceFile) -> Vec<Result<RawRecord, Problem>> {
    let mut problems = Problems::new();
    let Some(entries) = input::parse_document(file, &mut problems) else {
        return problems.into_vec().into_iter().map(Err).collect();
    };
    let mut read = Vec::new();
    for entry in entries {
        let key = entry.key.clone();
        if !TABLES.contains(&key.as_str()) {
            let hint = closest(&key, TABLES.into_iter())
                .map(|best| format!("did you mean `[[{best}]]`?"))
                .unwrap_or_else(|| {
                    "a data file holds `[[source]]`, `[[event]]`, `[[figure]]`, `[[partner]]` and `[[coverage]]` tables"
                        .into()
                });
            read.push(Err(Problem::error(entry.key_location, format!("unknown table `{key}`; {hint}"))));
            continue;
        }
        let mut shape = Problems::new();
        let values = input::array_of_tables(file, entry, &mut shape);
        read.extend(shape.into_vec().into_iter().map(Err));
        for value in values {
            let span = value.span();
            let record = match key.as_str() {
                "source" => input::deserialize_table(file, value).map(|raw| RawRecord::Source(raw, span)),
                "event" => input::deserialize_table(file, value).map(|raw| RawRecord::Event(Box::new(raw), span)),
                "figure" => input::deserialize_table(file, value).map(|raw| RawRecord::Figure(raw, span)),
                "coverage" => input::deserialize_table(file, value).map(|raw| RawRecord::Coverage(raw, span)),
                _ => input::deserialize_table(file, value).map(|raw| RawRecord::Partner(raw, span)),
            };
            match record {
                Ok(record) => read.push(Ok(record)),
                // Every mistake of the record, each at its key.
                Err(problems) => read.extend(problems.into_iter().map(Err)),
            }
        }
    }
    read
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

/// Reads `files` with `read` on up to one thread per core, and hands each
/// result to `consume` on this thread, in the order of `files`. At most a
/// few files are in memory at once, however many there are.
fn parse_in_order<T: Sync, R: Send>(files: &[T], read: impl Fn(&T) -> R + Sync, mut consume: impl FnMut(R)) {
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

/// What the checks of one file depend on besides the file itself: the
/// config's kinds, indicators and languages, and the font check. The
/// checks of a file see nothing else, so what they find can be kept under
/// a key made of these ([`Rules::context`]) and the file's bytes.
struct Rules<'a> {
    kinds: &'a [Kind],
    indicators: Vec<&'a str>,
    languages: &'a [Lang],
    unprintable: Option<Unprintable<'a>>,
}

impl<'a> Rules<'a> {
    fn of(config: &'a Config, unprintable: Option<Unprintable<'a>>) -> Rules<'a> {
        Rules {
            kinds: &config.kinds,
            indicators: config.indicators.iter().map(|indicator| indicator.id.as_str()).collect(),
            languages: &config.report.languages,
            unprintable,
        }
    }

    /// Everything the checks of a file depend on besides its bytes, as
    /// labelled lines: `fonts` names the fonts the font check uses.
    fn context(&self, fonts: &str) -> String {
        let kinds: Vec<&str> = self.kinds.iter().map(|kind| kind.id.as_str()).collect();
        let languages: Vec<&str> = self.languages.iter().map(|lang| lang.code()).collect();
        let fonts = if self.unprintable.is_some() { fonts } else { "(no font check)" };
        format!(
            "kinds: {}\nindicators: {}\nlanguages: {}\nfonts: {fonts}\n",
            kinds.join(" "),
            self.indicators.join(" "),
            languages.join(" ")
        )
    }

    fn has_kind(&self, id: &str) -> bool {
        self.kinds.iter().any(|kind| kind.id == id)
    }
}

/// One data file checked on its own, in the order it was read: the problems
/// of reading it, and each record with what its checks found. Only the
/// checks that span files (duplicate ids, citations, the order of figures)
/// are left; [`Loader::file`] runs them. Every place in it lies in the file.
#[derive(Debug, PartialEq)]
struct Checked {
    /// Syntax, type and unknown-table errors, and text the fonts cannot show.
    problems: Vec<Problem>,
    /// Every record read, valid or not, in the order they are validated.
    records: Vec<CheckedRecord>,
}

/// A line and a column in the file being checked.
type Place = (usize, usize);

/// One record and what its checks found, around the one check that spans
/// files (whether its id is taken), so the problems keep their order.
#[derive(Clone, Debug, PartialEq)]
struct CheckedRecord {
    /// Problems found before its id is looked up.
    before: Vec<Problem>,
    /// Where its id is (line and column), when it has one to look up: a
    /// source's, whose repeat is an error that drops the source, or an
    /// event's, whose repeat is a warning.
    claim: Option<Place>,
    /// Problems found after its id is looked up (none are shown for a
    /// source whose id is taken).
    after: Vec<Problem>,
    /// The hash of an event's id, for the index of ids ([`Checked::hash_ids`]).
    id_hash: u64,
    /// Where its `source` list is, when its sources are to be looked up.
    cites: Option<Place>,
    /// The record, as it goes to the sink.
    record: Record,
    /// False when the checks of the file refused it.
    accepted: bool,
}

impl Checked {
    /// Hashes the id of every event whose id is to be looked up, here on a
    /// parsing thread rather than on the thread that runs in file order.
    fn hash_ids(&mut self) {
        for checked in &mut self.records {
            if let (Some(_), Record::Event(event)) = (&checked.claim, &checked.record)
                && let Some(id) = &event.id
            {
                checked.id_hash = ids::hash(id);
            }
        }
    }

    /// The events the checks accepted, in order.
    fn accepted_events(&self) -> impl Iterator<Item = &Event> {
        self.records.iter().filter(|checked| checked.accepted).filter_map(|checked| match &checked.record {
            Record::Event(event) => Some(&**event),
            _ => None,
        })
    }
}

/// How many places of each unknown source id are shown (the first ones).
const CITED_PLACES: usize = 20;

/// What the checks that span files need of a checked file whose events go
/// to the sink as totals: everything but the events themselves, which are
/// folded (see [`Fold`]). Made on a parsing thread, and kept in the cache
/// before the whole checked file, so that a run reading only this reads a
/// small part of each entry.
#[derive(Debug, PartialEq)]
struct Summary {
    /// The problems of the file and of its events, in order.
    problems: Vec<Problem>,
    /// Every record but the events, in order, without their citations
    /// (they are in `cites`).
    others: Vec<CheckedRecord>,
    /// The events' ids to look up.
    ids: ids::FileIds,
    /// Each source id the records cite, in the order first cited, with the
    /// places of its first [`CITED_PLACES`] citations.
    cites: Vec<(String, Vec<Place>)>,
    /// How many events the checks accepted.
    events: usize,
    /// The years of those events, in order, each once.
    years: Vec<i32>,
    /// The totals of those events, packed by the fold; `None` when they
    /// cannot be merged apart from the other files' (they then come one by one).
    part: Option<Vec<u8>>,
}

impl Summary {
    /// The summary of `checked`, its events folded by `fold` (without one,
    /// they are not folded and come one by one).
    fn of(checked: &Checked, fold: Option<&dyn Fold>) -> Summary {
        let mut summary = Summary {
            problems: checked.problems.clone(),
            others: Vec::new(),
            ids: ids::FileIds::default(),
            cites: Vec::new(),
            events: 0,
            years: Vec::new(),
            part: fold.and_then(|fold| fold.fold(&mut checked.accepted_events())),
        };
        let mut cited: HashMap<&str, usize> = HashMap::new();
        for checked in &checked.records {
            if let Some(place) = checked.cites {
                for id in checked.record.sources() {
                    let index = *cited.entry(id).or_insert_with(|| {
                        summary.cites.push((id.clone(), Vec::new()));
                        summary.cites.len() - 1
                    });
                    let places = &mut summary.cites[index].1;
                    if places.len() < CITED_PLACES {
                        places.push(place);
                    }
                }
            }
            let Record::Event(event) = &checked.record else {
                summary.others.push(CheckedRecord { cites: None, ..checked.clone() });
                continue;
            };
            summary.problems.extend(checked.before.iter().cloned());
            if let (Some(place), Some(id)) = (checked.claim, &event.id) {
                summary.ids.push(ids::hash(id), id, place);
            }
            summary.problems.extend(checked.after.iter().cloned());
            if checked.accepted {
                summary.events += 1;
                summary.years.push(event.date.year());
            }
        }
        summary.years.sort_unstable();
        summary.years.dedup();
        summary
    }
}

/// A validated record of any table.
#[derive(Clone, Debug, PartialEq)]
enum Record {
    Source(Source),
    Event(Box<Event>),
    Figure(Figure),
    Partner(Partner),
    Coverage(Coverage),
}

impl Record {
    /// The ids of the sources it cites.
    fn sources(&self) -> &[String] {
        match self {
            Record::Source(_) => &[],
            Record::Event(event) => &event.sources,
            Record::Figure(figure) => &figure.sources,
            Record::Partner(partner) => &partner.sources,
            Record::Coverage(coverage) => &coverage.sources,
        }
    }
}

/// Parses a file and checks each record on its own.
fn check_file(file: &SourceFile, rules: &Rules<'_>) -> Checked {
    let (records, problems) = parse_file(file, rules.unprintable);
    let checker = Checker { file, rules };
    Checked { problems, records: records.into_iter().map(|record| checker.record(record)).collect() }
}

/// The problems of one record, before and after its id is looked up.
#[derive(Default)]
struct Found {
    before: Vec<Problem>,
    claim: Option<Place>,
    claimed: bool,
    after: Vec<Problem>,
}

impl Found {
    fn push(&mut self, problem: Problem) {
        if self.claimed { self.after.push(problem) } else { self.before.push(problem) }
    }

    fn error(&mut self, location: Location, message: impl Into<String>) {
        self.push(Problem::error(location, message));
    }

    fn warning(&mut self, location: Location, message: impl Into<String>) {
        self.push(Problem::warning(location, message));
    }

    /// The id's place (or none, when the id was refused): later problems come after its lookup.
    fn claim(&mut self, place: Option<Place>) {
        self.claim = place;
        self.claimed = true;
    }

    fn finish(self, record: Record, cites: Option<Place>, accepted: bool) -> CheckedRecord {
        CheckedRecord { before: self.before, claim: self.claim, after: self.after, id_hash: 0, cites, record, accepted }
    }
}

/// The checks of one file that need no other file.
struct Checker<'a> {
    file: &'a SourceFile,
    rules: &'a Rules<'a>,
}

impl Checker<'_> {
    fn at(&self, span: Range<usize>) -> Location {
        at(self.file, span)
    }

    fn place(&self, span: Range<usize>) -> Place {
        self.file.line_column(span.start)
    }

    fn record(&self, record: RawRecord) -> CheckedRecord {
        match record {
            RawRecord::Source(raw, span) => self.source(raw, span),
            RawRecord::Event(raw, span) => self.event(*raw, span),
            RawRecord::Figure(raw, span) => self.figure(raw, span),
            RawRecord::Partner(raw, span) => self.partner(raw, span),
            RawRecord::Coverage(raw, span) => self.coverage(raw, span),
        }
    }

    fn country(&self, found: &mut Found, code: &Spanned<String>) {
        let text = code.get_ref();
        if !crate::i18n::is_country(text) {
            let hint = if crate::i18n::is_country(&text.to_ascii_uppercase()) {
                format!("write it in capitals: `{}`", text.to_ascii_uppercase())
            } else if let Ok(known) = crate::country::code(text) {
                // A name typed for the code, in English or Vietnamese.
                format!("that is a country's name; write its code: `country = \"{known}\"`")
            } else {
                "use an ISO 3166-1 alpha-2 code such as KR, JP or DE".to_owned()
            };
            found.warning(self.at(code.span()), format!("unknown country code `{text}`; {hint}"));
        }
    }

    fn source(&self, raw: RawSource, span: Range<usize>) -> CheckedRecord {
        let mut found = Found::default();
        let id_at = self.at(raw.id.span());
        let valid_id = match crate::config::check_id(raw.id.get_ref()) {
            Ok(()) => true,
            Err(reason) => {
                found.error(id_at.clone(), reason);
                false
            }
        };
        if valid_id {
            found.claim(id_at.line_column);
            if let Some(language) = &raw.language
                && !(language.get_ref().len() == 2 && language.get_ref().bytes().all(|b| b.is_ascii_lowercase()))
            {
                found.warning(
                    self.at(language.span()),
                    format!("`{}` is not an ISO 639-1 language code such as en or vi", language.get_ref()),
                );
            }
            if let Some(url) = &raw.url {
                let length = url.get_ref().chars().count();
                if url.get_ref().trim().is_empty() {
                    found.error(self.at(url.span()), "the url is empty; give the page's address, or leave `url` out");
                }
                if length > MAX_URL_LENGTH {
                    found.error(
                        self.at(url.span()),
                        format!(
                            "the url is {length} characters long; a link in the report may have at most {MAX_URL_LENGTH}: give the page's short address"
                        ),
                    );
                }
            }
        }
        let source = Source {
            id: raw.id.into_inner(),
            title: raw.title.into_inner(),
            publisher: raw.publisher.into_inner(),
            published: raw.published,
            url: raw.url.map(Spanned::into_inner),
            language: raw.language.map(Spanned::into_inner),
            location: self.at(span),
        };
        found.finish(Record::Source(source), None, valid_id)
    }

    fn event(&self, raw: RawEvent, span: Range<usize>) -> CheckedRecord {
        let mut found = Found::default();
        let mut ok = true;
        let kind = raw.kind.get_ref();
        if !self.rules.has_kind(kind) {
            found.error(
                self.at(raw.kind.span()),
                format!("unknown event kind `{kind}`; {}", kind_hint(kind, self.rules.kinds)),
            );
            ok = false;
        }
        if let Some(end) = &raw.end
            && end.get_ref().last_day() < raw.date.get_ref().first_day()
        {
            found.error(
                self.at(end.span()),
                format!("the event ends ({}) before it starts ({})", end.get_ref(), raw.date.get_ref()),
            );
            ok = false;
        }
        for lang in self.rules.languages {
            if raw.title.get_ref().lacks(*lang) {
                found.warning(
                    self.at(raw.title.span()),
                    format!("the title has no `{lang}` text; the {lang} report shows it in another language"),
                );
            }
        }
        self.english_in_plain_text(&mut found, &raw.title, "title");
        if raw.title.get_ref().is_blank() {
            found.error(self.at(raw.title.span()), "the title is empty; say in a few words what happened");
            ok = false;
        }
        match &raw.id {
            Some(id) => match crate::config::check_id(id.get_ref()) {
                Ok(()) => found.claim(Some(self.place(id.span()))),
                Err(reason) => {
                    found.error(self.at(id.span()), reason);
                    found.claim(None);
                    ok = false;
                }
            },
            None => found.claim(None),
        }
        let mut partners = Vec::with_capacity(raw.partners.len());
        for partner in raw.partners {
            let partner = partner.into_inner();
            self.country(&mut found, &partner.country);
            if partner.name.get_ref().is_blank() {
                found.error(self.at(partner.name.span()), "the partner's name is empty");
                ok = false;
            }
            self.english_in_plain_text(&mut found, &partner.name, "partner name");
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
                let amount = amount.into_inner().0;
                let written = amount.currency.get_ref();
                if !locale::is_currency(written) {
                    let upper = written.to_uppercase();
                    let message = if locale::is_currency(&upper) {
                        format!("currency codes are written in capitals: write `currency = \"{upper}\"`")
                    } else {
                        format!("`{written}` is not an ISO 4217 currency code such as USD, EUR or VND")
                    };
                    found.error(self.at(amount.currency.span()), message);
                    ok = false;
                }
                if amount.value.0 < 0.0 {
                    found.warning(self.at(amount_span), "the amount is negative; amounts are sums given or received");
                }
                Some(Amount { value: amount.value.0, currency: amount.currency.into_inner() })
            }
        };
        let (sources, cites) = match raw.source {
            Some(list) if !list.get_ref().0.is_empty() => {
                let place = self.place(list.span());
                (list.into_inner().0, Some(place))
            }
            _ => {
                found.warning(self.at(span.clone()), "the event cites no source; add `source = \"...\"`");
                (Vec::new(), None)
            }
        };
        let event = Event {
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
            location: self.at(span),
        };
        found.finish(Record::Event(Box::new(event)), cites, ok)
    }

    fn figure(&self, raw: RawFigure, span: Range<usize>) -> CheckedRecord {
        let mut found = Found::default();
        let id = raw.indicator.get_ref();
        let mut cites = None;
        if !self.rules.indicators.contains(&id.as_str()) {
            let hint = closest(id, self.rules.indicators.iter().copied())
                .map(|best| format!("did you mean `{best}`?"))
                .unwrap_or_else(|| "define it in an `[[indicator]]` table of the config".to_owned());
            found.error(self.at(raw.indicator.span()), format!("unknown indicator `{id}`; {hint}"));
        } else if raw.source.get_ref().0.is_empty() {
            found.error(self.at(raw.source.span()), "a figure must cite at least one source");
        } else {
            cites = Some(self.place(raw.source.span()));
        }
        let accepted = cites.is_some();
        let figure = Figure {
            indicator: raw.indicator.into_inner(),
            period: raw.period,
            value: raw.value.into_inner().0,
            qualifier: raw.qualifier,
            change: raw.change.map(|change| change.0),
            as_of: raw.as_of,
            sources: raw.source.into_inner().0,
            note: raw.note.map(Spanned::into_inner),
            location: self.at(span),
            order: 0,
        };
        found.finish(Record::Figure(figure), cites, accepted)
    }

    fn partner(&self, raw: RawPartner, span: Range<usize>) -> CheckedRecord {
        let mut found = Found::default();
        let accepted = !raw.name.get_ref().is_blank();
        let mut place = None;
        if !accepted {
            found.error(self.at(raw.name.span()), "the partner's name is empty");
        } else {
            self.english_in_plain_text(&mut found, &raw.name, "partner name");
            self.country(&mut found, &raw.country);
            place = raw.location.and_then(|written| {
                let [lat, lon] = *written.get_ref();
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) {
                    Some(crate::config::LatLon { lat, lon })
                } else {
                    found.error(
                        self.at(written.span()),
                        "`location` must be [latitude, longitude] in degrees, latitude from -90 to 90 and longitude from -180 to 180",
                    );
                    None
                }
            });
        }
        let cites = accepted.then(|| self.place(raw.source.span()));
        let partner = Partner {
            name: raw.name.into_inner(),
            country: raw.country.into_inner(),
            kind: raw.kind,
            since: raw.since,
            sources: raw.source.into_inner().0,
            note: raw.note.map(Spanned::into_inner),
            place,
            location: self.at(span),
        };
        found.finish(Record::Partner(partner), cites, accepted)
    }

    /// Warns about a plain text that reads as English in a report that also
    /// has Vietnamese: the Vietnamese edition would print it as it is.
    fn english_in_plain_text(&self, found: &mut Found, text: &Spanned<Text>, what: &str) {
        const ENGLISH: [&str; 5] = ["the", "of", "and", "for", "with"];
        let Text::Plain(plain) = text.get_ref() else { return };
        if !self.rules.languages.contains(&Lang::Vi) {
            return;
        }
        let english =
            plain.split(|c: char| !c.is_alphabetic()).find(|word| ENGLISH.iter().any(|e| e.eq_ignore_ascii_case(word)));
        if let Some(word) = english {
            found.warning(
                self.at(text.span()),
                format!(
                    "this {what} reads as English (\"{word}\") and the report also has Vietnamese, which would print it as is; write {{ en = \"...\", vi = \"...\" }}"
                ),
            );
        }
    }

    fn coverage(&self, raw: RawCoverage, span: Range<usize>) -> CheckedRecord {
        let mut found = Found::default();
        let mut ok = true;
        if raw.kinds.get_ref().is_empty() {
            found.error(
                self.at(raw.kinds.span()),
                "the coverage names no kind; list the event kinds recorded in full, e.g. kinds = [\"delegation-received\"]",
            );
            ok = false;
        }
        for kind in raw.kinds.get_ref() {
            if !self.rules.has_kind(kind.get_ref()) {
                found.error(
                    self.at(kind.span()),
                    format!("unknown event kind `{}`; {}", kind.get_ref(), kind_hint(kind.get_ref(), self.rules.kinds)),
                );
                ok = false;
            }
        }
        if let (Some(from), Some(until)) = (&raw.from, &raw.until)
            && until.get_ref().last_day() < from.get_ref().first_day()
        {
            found.error(
                self.at(until.span()),
                format!("the coverage ends ({}) before it starts ({})", until.get_ref(), from.get_ref()),
            );
            ok = false;
        }
        let cites = raw.source.as_ref().map(|list| self.place(list.span()));
        let coverage = Coverage {
            kinds: raw.kinds.into_inner().into_iter().map(Spanned::into_inner).collect(),
            from: raw.from.map(Spanned::into_inner),
            until: raw.until.map(Spanned::into_inner),
            sources: raw.source.map(|list| list.into_inner().0).unwrap_or_default(),
            note: raw.note.map(Spanned::into_inner),
            location: self.at(span),
        };
        found.finish(Record::Coverage(coverage), cites, ok)
    }
}

#[derive(Default)]
struct Index {
    source_ids: HashMap<String, Location>,
    /// Event ids, a compact list per file, looked at once every file is in.
    event_ids: ids::EventIds,
    /// The files read so far, by number.
    files: Vec<Arc<Path>>,
    unresolved: HashMap<String, Vec<Location>>,
    figure_count: usize,
}

/// The checks that span files, run on each checked file in order, and the
/// sink the records that pass go to.
struct Loader<'a, S: Sink> {
    problems: &'a mut Problems,
    sink: &'a mut S,
    index: Index,
}

impl<S: Sink> Loader<'_, S> {
    /// Takes the next file in order; `whole` reads it again record by
    /// record, for a sink that cannot merge the totals of its events.
    fn file(&mut self, path: Arc<Path>, read: Read, whole: impl FnOnce() -> Result<Checked, Problem>) {
        let number = self.index.files.len();
        self.index.files.push(path.clone());
        let located = |place: Place| Location { file: path.clone(), line_column: Some(place) };
        match read {
            Read::Whole(checked) => {
                let ids = self.records(&path, checked.problems, checked.records);
                self.index.event_ids.add(number, ids);
            }
            Read::Summed(summary) => {
                self.records(&path, summary.problems, summary.others);
                self.index.event_ids.add(number, summary.ids);
                for (id, places) in summary.cites {
                    if !self.index.source_ids.contains_key(&id) {
                        let noted = self.index.unresolved.entry(id).or_default();
                        let room = CITED_PLACES.saturating_sub(noted.len());
                        noted.extend(places.into_iter().take(room).map(located));
                    }
                }
                let part = summary.part.unwrap_or_default();
                if !self.sink.part(summary.events, &part) {
                    match whole() {
                        Ok(checked) => {
                            for checked in checked.records.into_iter().filter(|checked| checked.accepted) {
                                if let Record::Event(event) = checked.record {
                                    self.sink.event(*event);
                                }
                            }
                        }
                        Err(problem) => self.problems.push(problem),
                    }
                }
            }
        }
    }

    /// Notes a file's problems, then runs [`Loader::record`] on each of its
    /// records in turn: the ids of its events, to be looked at later.
    fn records(&mut self, file: &Arc<Path>, problems: Vec<Problem>, records: Vec<CheckedRecord>) -> ids::FileIds {
        for problem in problems {
            self.problems.push(problem);
        }
        let mut ids = ids::FileIds::default();
        for record in records {
            self.record(file, record, &mut ids);
        }
        ids
    }

    /// Runs the checks that span files on one record and passes it on; the
    /// id of an event is noted in `ids`, to be looked at with all the others.
    fn record(&mut self, file: &Arc<Path>, checked: CheckedRecord, ids: &mut ids::FileIds) {
        let CheckedRecord { before, claim, after, id_hash, cites, record, accepted } = checked;
        let located = |place: Place| Location { file: file.clone(), line_column: Some(place) };
        for problem in before {
            self.problems.push(problem);
        }
        if let Some(place) = claim {
            match &record {
                Record::Source(source) => {
                    if let Some(first) = self.index.source_ids.get(&source.id) {
                        self.problems.error(
                            located(place),
                            format!(
                                "source id `{}` is already used at {first}; give each source its own id",
                                source.id
                            ),
                        );
                        return;
                    }
                    self.index.source_ids.insert(source.id.clone(), located(place));
                    self.index.unresolved.remove(&source.id);
                }
                Record::Event(event) => {
                    if let Some(id) = &event.id {
                        ids.push(id_hash, id, place);
                    }
                }
                _ => {}
            }
        }
        for problem in after {
            self.problems.push(problem);
        }
        if let Some(place) = cites {
            self.cite(record.sources(), place, located);
        }
        if !accepted {
            return;
        }
        match record {
            Record::Source(source) => self.sink.source(source),
            Record::Event(event) => self.sink.event(*event),
            Record::Figure(mut figure) => {
                figure.order = self.index.figure_count;
                self.index.figure_count += 1;
                self.sink.figure(figure);
            }
            Record::Partner(partner) => self.sink.partner(partner),
            Record::Coverage(coverage) => self.sink.coverage(coverage),
        }
    }

    fn cite(&mut self, ids: &[String], place: Place, located: impl Fn(Place) -> Location) {
        for id in ids {
            if !self.index.source_ids.contains_key(id) {
                let places = self.index.unresolved.entry(id.clone()).or_default();
                if places.len() < CITED_PLACES {
                    places.push(located(place));
                }
            }
        }
    }

    fn finish(self) {
        for repeat in self.index.event_ids.repeats() {
            let at =
                |file: usize, place: Place| Location { file: self.index.files[file].clone(), line_column: Some(place) };
            let first = at(repeat.first.0, repeat.first.1);
            self.problems.warning(
                at(repeat.file, repeat.place),
                format!("event id `{}` is already used at {first}; ids must be unique", repeat.id),
            );
        }
        let mut unresolved: Vec<_> = self.index.unresolved.into_iter().collect();
        unresolved.sort_by(|a, b| a.1.first().cmp(&b.1.first()).then_with(|| a.0.cmp(&b.0)));
        for (id, places) in unresolved {
            let hint = closest(&id, self.index.source_ids.keys().map(String::as_str))
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

    /// Every `.toml` file below `dir` of the repository, recursively, with its text.
    fn repository_files(dir: &str, found: &mut Vec<(PathBuf, String)>) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                repository_files(path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().to_str().unwrap(), found);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                found.push((path, text));
            }
        }
    }

    /// Data files of every shape the project has: the bundled log, the test
    /// fixtures, the fuzzing corpus of the data loader, and variations of a
    /// plain file (comments, escapes, line ends, interleaved tables).
    fn sample_files() -> Vec<(PathBuf, String)> {
        let mut files = Vec::new();
        for dir in ["seeds", "tests/fixtures", "fuzz/corpus/data_loader"] {
            repository_files(dir, &mut files);
        }
        files.retain(|(path, _)| {
            path.extension().is_some_and(|e| e == "toml")
                || path.starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz"))
        });
        let plain = "# A log\r\n[[event]]\r\nid = \"e-1\"   # its id\r\ndate = \"2024-07\"\r\nkind = \"agreement\"\r\ntitle = { en = \"A \\\"quoted\\\" \\u00e9 title\\tx\", vi = 'Bi\u{ea}n b\u{1ea3}n' }\r\npartners = [\r\n  { name = \"Daegu\", country = \"KR\", type = \"locality\" },  # first\r\n  { name = \"Busan\", country = \"kr\", type = \"locality\" },\r\n]\r\namount = { value = -2_800_000.5e0, currency = \"USD\" }\r\nsectors = [\"culture\"]\r\nsource = [\"s1\", \"s9\"]\r\n\r\n[[source]]\r\nid = \"s1\"\r\ntitle = \"T\"\r\npublisher = \"P\"\r\npublished = 2024\r\nurl = \"\"\r\n\r\n[[event]]\r\ndate = 2024\r\nkind = \"festval\"\r\ntitle = \"The fair\"\r\n[[figure]]\r\nindicator = \"delegations-received\"\r\nperiod = \"2024-H1\"\r\nvalue = 12\r\nqualifier = \"at-least\"\r\nchange = -3\r\nas-of = \"2024-06-30\"\r\nsource = \"s1\"\r\n[[partner]]\r\nname = \"Kawasaki\"\r\ncountry = \"JP\"\r\ntype = \"locality\"\r\nsince = \"2013\"\r\nlocation = [35.53, 139.7]\r\nsource = \"s1\"\r\n[[coverage]]\r\nkinds = [\"aid\", \"ad\"]\r\nfrom = \"2020\"\r\nuntil = \"2019\"\r\n";
        files.push((PathBuf::from("plain-crlf.toml"), plain.to_owned()));
        files.push((PathBuf::from("plain-lf.toml"), plain.replace("\r\n", "\n")));
        files
    }

    /// The bundled config, which has both languages, every kind and the usual indicators.
    fn bundled_config() -> Config {
        let text = include_str!("../config/report.toml");
        let mut problems = Problems::new();
        Config::from_text(Path::new("config/report.toml"), text, &mut problems).expect("the bundled config is valid")
    }

    #[test]
    fn the_quick_reader_gives_what_the_toml_crate_gives() {
        let mut quick = 0;
        for (path, text) in sample_files() {
            let Some(records) = quick::read(&text) else { continue };
            quick += 1;
            let file = SourceFile::new(path.as_path(), text.clone());
            let toml: Vec<RawRecord> = read_with_toml(&file)
                .into_iter()
                .map(|record| {
                    record.unwrap_or_else(|problem| panic!("{}: the toml crate says {problem}", path.display()))
                })
                .collect();
            assert_eq!(format!("{records:#?}"), format!("{toml:#?}"), "{}", path.display());
        }
        assert!(quick >= 20, "the quick reader read only {quick} of the sample files");
    }

    #[test]
    fn the_quick_reader_agrees_with_the_toml_crate_on_mutated_files() {
        let bases: Vec<String> = sample_files()
            .into_iter()
            .map(|(_, text)| text)
            .filter(|text| text.len() < 4000 && quick::read(text).is_some())
            .collect();
        const BYTES: &[u8] = b"\"'\\[]{},=#\n\r \t._-+e01x:a\x00\x7f";
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        let mut accepted = 0;
        for round in 0..20_000 {
            let mut bytes = bases[round % bases.len()].clone().into_bytes();
            for _ in 0..1 + next(3) {
                let at = next(bytes.len() + 1);
                let byte = BYTES[next(BYTES.len())];
                match next(3) {
                    0 => bytes.insert(at, byte),
                    1 if at < bytes.len() => bytes[at] = byte,
                    _ if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => {}
                }
            }
            let Ok(text) = String::from_utf8(bytes) else { continue };
            let Some(records) = quick::read(&text) else { continue };
            accepted += 1;
            let file = SourceFile::new(Path::new("m.toml"), text.clone());
            let toml: Vec<RawRecord> = read_with_toml(&file)
                .into_iter()
                .map(|record| record.unwrap_or_else(|problem| panic!("the toml crate says {problem} of {text:?}")))
                .collect();
            assert_eq!(format!("{records:#?}"), format!("{toml:#?}"), "{text:?}");
        }
        assert!(accepted > 1000, "only {accepted} mutated files were plain enough");
    }

    /// A fold that counts the events and keeps none of their years.
    struct CountingFold;

    impl Fold for CountingFold {
        fn context(&self) -> String {
            "counted".into()
        }
        fn keeps(&self, _: i32) -> bool {
            false
        }
        fn fold(&self, events: &mut dyn Iterator<Item = &Event>) -> Option<Vec<u8>> {
            Some(events.count().to_le_bytes().to_vec())
        }
    }

    #[test]
    fn a_summary_holds_what_the_checks_that_span_files_need() {
        let event = |id: &str, source: &str| {
            format!(
                "[[event]]\nid = \"{id}\"\ndate = \"2024-03\"\nkind = \"other\"\ntitle = \"X\"\nsource = \"{source}\"\n\n"
            )
        };
        let text =
            [SOURCE.to_owned() + "\n", event("a", "s1"), event("b", "s9"), event("a", "s9"), event("c", "s8")].concat();
        let text = text + "[[event]]\ndate = 2024\nkind = \"festval\"\ntitle = \"Y\"\nsource = \"s9\"\n";
        let file = SourceFile::new(Path::new("a.toml"), text);
        let checked = check_file(&file, &Rules::of(&config(), None));
        let summary = Summary::of(&checked, Some(&CountingFold));
        assert_eq!(summary.others.len(), 1, "the source");
        assert_eq!((summary.events, summary.years.as_slice()), (4, &[2024][..]), "the refused event is not counted");
        assert_eq!(summary.part, Some(4usize.to_le_bytes().to_vec()));
        assert_eq!(summary.ids.hashes.len(), 4);
        let cites: Vec<(&str, Vec<Place>)> =
            summary.cites.iter().map(|(id, places)| (id.as_str(), places.clone())).collect();
        assert_eq!(cites, [("s1", vec![(12, 10)]), ("s9", vec![(19, 10), (26, 10), (39, 10)]), ("s8", vec![(33, 10)])]);
        assert!(summary.problems.iter().any(|p| p.message.contains("festval")), "{:?}", summary.problems);
        assert_eq!(Summary::of(&checked, None).part, None, "without a fold nothing is folded");
    }

    #[test]
    fn a_checked_file_survives_packing() {
        let config = bundled_config();
        let fonts = crate::typeset::FontSet::load(None).unwrap();
        let unprintable = |text: &str| fonts.unprintable(text);
        let rules = Rules::of(&config, Some(&unprintable));
        let mut problems = 0;
        for (path, text) in sample_files() {
            let file = SourceFile::new(path.as_path(), text);
            let checked = check_file(&file, &rules);
            problems +=
                checked.problems.len() + checked.records.iter().map(|r| r.before.len() + r.after.len()).sum::<usize>();
            let summary = Summary::of(&checked, Some(&CountingFold));
            let packed = codec::pack(&summary, &file.path).expect("every place is in the file");
            assert_eq!(codec::unpack::<Summary>(&packed, &file.path), Some(summary), "{}", path.display());
            assert_eq!(codec::unpack::<Summary>(&packed[..packed.len() - 1], &file.path), None, "a short summary");
            let packed = codec::pack(&checked, &file.path).expect("every place is in the file");
            assert_eq!(codec::unpack::<Checked>(&packed, &file.path), Some(checked), "{}", path.display());
            assert_eq!(codec::unpack::<Checked>(&packed[..packed.len() - 1], &file.path), None, "a short entry");
        }
        assert!(problems > 100, "the samples hold only {problems} problems");
    }

    /// Loads `dir`'s data with a cache in `cache`: the messages and the records as text.
    fn load_cached(config: &Config, cache: &Path) -> (Vec<String>, String) {
        load_cached_with(config, cache, HashMap::new())
    }

    /// [`load_cached`], with the digests of files hashed already.
    fn load_cached_with(config: &Config, cache: &Path, digests: HashMap<PathBuf, Key>) -> (Vec<String>, String) {
        let mut problems = Problems::new();
        let mut data = DataSet::default();
        let options = Options {
            cache: Some(CacheOptions { folder: cache.to_path_buf(), fonts: "bundled".into(), digests }),
            ..Options::default()
        };
        load_with(config, options, &mut problems, &mut data);
        let records =
            format!("{:?}{:?}{:?}{:?}{:?}", data.sources, data.events, data.figures, data.partners, data.coverage);
        (problems.into_vec().iter().map(ToString::to_string).collect(), records)
    }

    #[test]
    fn a_file_kept_under_the_digest_the_build_fingerprinted_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("report.toml"), CONFIG).unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        let path = dir.path().join("data/a.toml");
        let fingerprinted =
            format!("{SOURCE}[[event]]\nid = \"e\"\ndate = 2024\nkind = \"other\"\ntitle = \"Y\"\nsource = \"s1\"\n");
        std::fs::write(&path, &fingerprinted).unwrap();
        let mut problems = Problems::new();
        let config = Config::load(&dir.path().join("report.toml"), &mut problems).unwrap();
        let cache = dir.path().join(".yearbrief-cache/report.toml");
        let first = load_cached(&config, &cache);
        // The file changes after the build hashed it: the build goes on with
        // the bytes it hashed (its manifest names them), from the cache.
        std::fs::write(&path, "[[event]\n").unwrap();
        let digests = HashMap::from([(path.clone(), crate::cache::digest(fingerprinted.as_bytes()))]);
        assert_eq!(load_cached_with(&config, &cache, digests), first);
        // Without the digest, or under another one, the file is read as it now is.
        let now = load_cached(&config, &cache);
        assert!(now.0.iter().any(|m| m.contains("a.toml:1:")), "{:?}", now.0);
        let other = HashMap::from([(path, crate::cache::digest(b"other bytes"))]);
        assert_eq!(load_cached_with(&config, &cache, other), now);
    }

    #[test]
    fn a_kept_file_gives_what_reading_it_gives() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("report.toml"), CONFIG).unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        let bad = "[[event]]\nid = \"e\"\ndate = \"2024-02\"\nkind = \"festval\"\ntitle = \"X\"\nsource = \"s2\"\n\n[[event]]\ndate = \"2024-02-30\"\nkind = \"other\"\ntitle = \"Z\"\n";
        std::fs::write(dir.path().join("data/a.toml"), format!("{SOURCE}{bad}")).unwrap();
        std::fs::write(
            dir.path().join("data/b.toml"),
            "[[event]]\nid = \"e\"\ndate = 2024\nkind = \"other\"\ntitle = \"Y\"\nsource = \"s1\"\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("data/c.toml"), "[[event]\n").unwrap();
        let mut problems = Problems::new();
        let config = Config::load(&dir.path().join("report.toml"), &mut problems).unwrap();
        let cache = dir.path().join(".yearbrief-cache/report.toml");
        let cold = load_cached(&config, &cache);
        assert!(cold.0.iter().any(|m| m.contains("already used at")), "{:?}", cold.0);
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 3, "one entry a file");
        assert_eq!(load_cached(&config, &cache), cold, "from the cache");
        for entry in std::fs::read_dir(&cache).unwrap() {
            let path = entry.unwrap().path();
            let mut bytes = std::fs::read(&path).unwrap();
            let last = bytes.len() - 1;
            bytes[last] ^= 0x55;
            std::fs::write(&path, bytes).unwrap();
        }
        assert_eq!(load_cached(&config, &cache), cold, "every entry damaged");
        std::fs::remove_file(dir.path().join("data/b.toml")).unwrap();
        load_cached(&config, &cache);
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 2, "the entry of a removed file goes");
    }
}
