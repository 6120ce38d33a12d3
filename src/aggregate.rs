//! The year-over-year comparison, computed from events and reported figures.
//!
//! An [`Aggregator`] is a [`Sink`] for the data loader: it folds each event
//! into small per-indicator tallies as it arrives, so its memory does not grow
//! with the size of the log (only the events of the years a report lists are
//! kept). The events of the other years need not arrive at all: an
//! [`EventFold`] folds each file's events into the same tallies on a parsing
//! thread (and the cache keeps them), and the aggregator merges those in
//! file order, with the very result of folding the events one by one. [`Aggregator::finish`] freezes the tallies into an [`Aggregate`],
//! which answers questions with pure functions: an indicator's value for a
//! period and where it came from, a year's summary, and the warnings `check`
//! prints. The rules are those documented in the README.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Datelike;

use serde::Serialize;

use crate::config::PartnerType;
use crate::config::{Config, EventRule, Measure};
use crate::data::codec::{self, Packed, Reader, Writer};
use crate::data::{self, Amount, Coverage, Event, Figure, Partner, PartnerRef, Qualifier, Sink, Source};
use crate::diag::{Location, Problem};
use crate::input::MAX_TOTAL;
use crate::period::{PartialDate, Period};
use crate::text::Text;

/// Where a value comes from (serialized as `reported`, `from-change`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A figure reported for the period.
    Reported,
    /// The next period's reported figure minus its reported change.
    FromChange,
    /// Counted or summed from a log the department declares complete for
    /// the period (a `[[coverage]]`).
    Events,
    /// Counted or summed from a log that may miss events: at least this much.
    Partial,
    /// Nothing gives a value.
    Missing,
}

impl Origin {
    /// Whether a value of this origin is official: reported, or derived
    /// from a reported change.
    pub fn is_official(self) -> bool {
        matches!(self, Origin::Reported | Origin::FromChange)
    }
}

/// Why a figure was not used (serialized as `disagrees`, `change-mismatch`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConflictKind {
    /// Another figure for the same indicator and period won.
    Disagrees,
    /// The previous period's reported value differs from value − change.
    ChangeMismatch,
}

/// A figure that disagrees with the value used.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// What sort of disagreement it is.
    pub kind: ConflictKind,
    /// The value the other figure implies.
    pub value: f64,
    /// Its qualifier.
    pub qualifier: Qualifier,
    /// Its sources.
    pub sources: Vec<String>,
    /// Where it is recorded.
    pub location: Location,
    /// Why the value used won over this one.
    pub lost_by: Precedence,
}

/// Why one of two disagreeing figures is used: the rules in the order they
/// are tried (serialized as `as-of`, `later-source`, `later-record`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precedence {
    /// The figure used states a later date it describes (`as-of`); a figure
    /// that says when it holds beats one that does not, even one published
    /// later.
    AsOf,
    /// Neither states a later `as-of`; the figure used has the later source.
    LaterSource,
    /// Nothing else tells them apart; the figure used is recorded later.
    LaterRecord,
    /// Not a contest between two figures (a change that does not add up).
    None,
}

/// An indicator's value for one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// The period.
    pub period: Period,
    /// The value, when anything gives one.
    pub value: Option<f64>,
    /// How exact the value is.
    pub qualifier: Qualifier,
    /// Where the value comes from.
    pub origin: Origin,
    /// The count or sum of the logged events, for indicators computed from events.
    pub logged: Option<f64>,
    /// The sources of the value.
    pub sources: Vec<String>,
    /// Figures that disagree with the value used.
    pub conflicts: Vec<Conflict>,
    /// The change against a year earlier, as reported with the figure.
    pub reported_change: Option<f64>,
    /// The note of the figure used, if any.
    pub note: Option<Text>,
    /// Where the figure used is recorded.
    pub location: Option<Location>,
    /// Whether `logged` counts a log declared complete for the period;
    /// `None` without a count.
    pub complete: Option<bool>,
}

/// An indicator's value for a period compared with a year earlier.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The value for the period.
    pub current: Resolved,
    /// The value for the same period a year earlier.
    pub previous: Resolved,
    /// current − previous, when both are known.
    pub change: Option<f64>,
    /// The change as a percentage of the previous value.
    pub change_pct: Option<f64>,
}

/// What the log and figures say about one indicator in a year.
#[derive(Clone, Debug)]
pub struct IndicatorYear {
    /// The indicator's id.
    pub id: String,
    /// The year compared with the one before.
    pub year: Comparison,
    /// Half-year, quarter and month figures reported within the year.
    pub periods: Vec<Comparison>,
    /// Amounts in other currencies left out of the year's sum.
    pub left_out: Vec<LeftOut>,
}

/// The number of events of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindCount {
    /// The kind.
    pub kind: String,
    /// Events in the year.
    pub count: u64,
    /// Events in the year before.
    pub previous: u64,
}

/// A member of the partner network.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkPartner {
    /// Its name: plain, or per language.
    pub name: Text,
    /// Its country.
    pub country: String,
    /// What sort of body it is.
    pub kind: PartnerType,
    /// When it joined the network, or the earliest date it is known to be in it.
    pub since: Option<PartialDate>,
    /// True when `since` is only the date of the earliest source naming it.
    pub since_is_estimate: bool,
    /// The sources that name it.
    pub sources: Vec<String>,
    /// Where it is on the globe, when its `[[partner]]` record says.
    pub place: Option<crate::config::LatLon>,
}

/// The size of the partner network at the end of a year (shown as it is by
/// the report and by `stats`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct NetworkSize {
    /// The year.
    pub year: i32,
    /// Partner localities recorded.
    pub localities: usize,
    /// Countries those localities are in.
    pub countries: usize,
}

/// The partner network as of a year.
#[derive(Clone, Debug)]
pub struct PartnerSummary {
    /// Network partners as of the end of the year, by country (sorted).
    pub by_country: BTreeMap<String, Vec<NetworkPartner>>,
    /// Partners that joined during the year.
    pub new: Vec<NetworkPartner>,
    /// The size of the network over the years, oldest first, ending with the year.
    pub network: Vec<NetworkSize>,
    /// Events of the year with a partner from each country.
    pub engagement_by_country: BTreeMap<String, u64>,
    /// Partner localities whose start is not recorded: they are in the
    /// network but in no year's count, and never "new".
    pub unknown_start: usize,
}

/// Amounts in one other currency left out of an indicator's sum.
#[derive(Clone, Debug, PartialEq)]
pub struct LeftOut {
    /// Their currency.
    pub currency: String,
    /// How many events.
    pub events: u64,
    /// Their total, in that currency.
    pub amount: f64,
}

/// Everything the report and `stats` show for a year.
#[derive(Clone, Debug)]
pub struct YearSummary {
    /// The year.
    pub year: i32,
    /// Every indicator, in config order.
    pub indicators: Vec<IndicatorYear>,
    /// Events by kind, for every kind of the config.
    pub events_by_kind: Vec<KindCount>,
    /// The partner network.
    pub partners: PartnerSummary,
    /// The events of the year, by date.
    pub events: Vec<Event>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Tally {
    count: u64,
    sum: f64,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.count += other.count;
        self.sum += other.sum;
    }
}

/// Month 0 holds events dated only to the year.
type TallyKey = (i32, u8);

/// What the events of a log add up to: the part of the aggregate that grows
/// with the log. The [`Aggregator`] folds events into one as they come; a
/// parsing thread folds the events of one file into one of its own
/// ([`EventFold`]), which the aggregator merges in file order.
#[derive(Clone, Debug, PartialEq)]
struct Totals {
    tallies: Vec<BTreeMap<TallyKey, Tally>>,
    left_out: Vec<BTreeMap<(i32, String), Tally>>,
    /// Per indicator, whether any event passed its filter.
    matched: Vec<bool>,
    kind_counts: HashMap<String, BTreeMap<i32, u64>>,
    engagement: BTreeMap<i32, BTreeMap<String, u64>>,
    partnership_partners: Vec<(PartnerRef, PartialDate, Vec<String>)>,
    /// Per indicator, the sum of the sizes of everything added to it: no
    /// total the aggregate computes (a year, a running total) is larger.
    magnitudes: Vec<f64>,
    /// The sum of the sizes of every amount left out.
    left_out_magnitude: f64,
    /// Whether every number summed is whole. Whole numbers whose sizes add
    /// up to at most [`MAX_TOTAL`] sum exactly in any order, so totals
    /// folded apart and merged are then the very totals folded in turn.
    whole: bool,
}

impl Totals {
    fn new(indicators: usize) -> Totals {
        Totals {
            tallies: vec![BTreeMap::new(); indicators],
            left_out: vec![BTreeMap::new(); indicators],
            matched: vec![false; indicators],
            kind_counts: HashMap::new(),
            engagement: BTreeMap::new(),
            partnership_partners: Vec::new(),
            magnitudes: vec![0.0; indicators],
            left_out_magnitude: 0.0,
            whole: true,
        }
    }

    /// Whether `later`, folded apart from the events after these, can be
    /// merged into these with the very result of folding its events in turn.
    fn can_merge(&self, later: &Totals) -> bool {
        let within = |a: f64, b: f64| a + b <= MAX_TOTAL;
        self.whole
            && later.whole
            && self.magnitudes.len() == later.magnitudes.len()
            && self.magnitudes.iter().zip(&later.magnitudes).all(|(&a, &b)| within(a, b))
            && within(self.left_out_magnitude, later.left_out_magnitude)
    }

    /// Adds the totals of the events after these (see [`Totals::can_merge`]).
    fn merge(&mut self, later: Totals) {
        for (tallies, more) in self.tallies.iter_mut().zip(later.tallies) {
            for (key, tally) in more {
                tallies.entry(key).or_default().add(tally);
            }
        }
        for (left_out, more) in self.left_out.iter_mut().zip(later.left_out) {
            for (key, tally) in more {
                left_out.entry(key).or_default().add(tally);
            }
        }
        for (matched, more) in self.matched.iter_mut().zip(later.matched) {
            *matched |= more;
        }
        for (kind, by_year) in later.kind_counts {
            let counts = self.kind_counts.entry(kind).or_default();
            for (year, count) in by_year {
                *counts.entry(year).or_default() += count;
            }
        }
        for (year, by_country) in later.engagement {
            let counts = self.engagement.entry(year).or_default();
            for (country, count) in by_country {
                *counts.entry(country).or_default() += count;
            }
        }
        self.partnership_partners.extend(later.partnership_partners);
        for (magnitude, more) in self.magnitudes.iter_mut().zip(later.magnitudes) {
            *magnitude += more;
        }
        self.left_out_magnitude += later.left_out_magnitude;
    }

    fn pack(&self) -> Vec<u8> {
        codec::write_with(|writer| {
            let tally = |writer: &mut Writer<'_>, tally: &Tally| {
                writer.number(tally.count);
                writer.float(tally.sum);
            };
            writer.list(&self.tallies, |writer, tallies| {
                writer.number(tallies.len() as u64);
                for (&(year, month), value) in tallies {
                    writer.signed(i64::from(year));
                    writer.number(u64::from(month));
                    tally(writer, value);
                }
            });
            writer.list(&self.left_out, |writer, left_out| {
                writer.number(left_out.len() as u64);
                for ((year, currency), value) in left_out {
                    writer.signed(i64::from(*year));
                    writer.text(currency);
                    tally(writer, value);
                }
            });
            writer.list(&self.matched, |writer, &matched| writer.flag(matched));
            let mut kinds: Vec<_> = self.kind_counts.iter().collect();
            kinds.sort();
            writer.list(&kinds, |writer, (kind, by_year)| {
                writer.text(kind);
                writer.number(by_year.len() as u64);
                for (&year, &count) in *by_year {
                    writer.signed(i64::from(year));
                    writer.number(count);
                }
            });
            writer.number(self.engagement.len() as u64);
            for (&year, by_country) in &self.engagement {
                writer.signed(i64::from(year));
                writer.number(by_country.len() as u64);
                for (country, &count) in by_country {
                    writer.text(country);
                    writer.number(count);
                }
            }
            writer.list(&self.partnership_partners, |writer, (partner, date, sources)| {
                partner.write(writer);
                date.write(writer);
                writer.list(sources, |writer, source| writer.text(source));
            });
            writer.list(&self.magnitudes, |writer, &magnitude| writer.float(magnitude));
            writer.float(self.left_out_magnitude);
            writer.flag(self.whole);
        })
    }

    /// The totals `bytes` hold, when they are exactly packed totals of `indicators` indicators.
    fn unpack(bytes: &[u8], indicators: usize) -> Option<Totals> {
        codec::read_with(bytes, |reader| {
            let tally = |reader: &mut Reader<'_, '_>| Some(Tally { count: reader.number()?, sum: reader.float()? });
            let year = |reader: &mut Reader<'_, '_>| i32::try_from(reader.signed()?).ok();
            let tallies = reader.list(|reader| {
                let mut tallies = BTreeMap::new();
                for _ in 0..reader.size()? {
                    let key = (year(reader)?, u8::try_from(reader.number()?).ok()?);
                    tallies.insert(key, tally(reader)?);
                }
                Some(tallies)
            })?;
            let left_out = reader.list(|reader| {
                let mut left_out = BTreeMap::new();
                for _ in 0..reader.size()? {
                    let key = (year(reader)?, reader.text()?);
                    left_out.insert(key, tally(reader)?);
                }
                Some(left_out)
            })?;
            let matched = reader.list(Reader::flag)?;
            let kind_counts = reader
                .list(|reader| {
                    let kind = reader.text()?;
                    let mut by_year = BTreeMap::new();
                    for _ in 0..reader.size()? {
                        by_year.insert(year(reader)?, reader.number()?);
                    }
                    Some((kind, by_year))
                })?
                .into_iter()
                .collect();
            let mut engagement = BTreeMap::new();
            for _ in 0..reader.size()? {
                let year = year(reader)?;
                let mut by_country = BTreeMap::new();
                for _ in 0..reader.size()? {
                    by_country.insert(reader.text()?, reader.number()?);
                }
                engagement.insert(year, by_country);
            }
            let partnership_partners = reader.list(|reader| {
                Some((PartnerRef::read(reader)?, PartialDate::read(reader)?, reader.list(Reader::text)?))
            })?;
            let magnitudes = reader.list(Reader::float)?;
            let totals = Totals {
                tallies,
                left_out,
                matched,
                kind_counts,
                engagement,
                partnership_partners,
                magnitudes,
                left_out_magnitude: reader.float()?,
                whole: reader.flag()?,
            };
            let sized = [totals.tallies.len(), totals.left_out.len(), totals.matched.len(), totals.magnitudes.len()];
            sized.iter().all(|&size| size == indicators).then_some(totals)
        })
    }
}

/// Folds events into [`Totals`] by the indicators of a config.
struct Folding<'c> {
    config: &'c Config,
    /// The indicators counting or summing each event kind, by number.
    by_kind: HashMap<String, Vec<usize>>,
}

impl<'c> Folding<'c> {
    fn new(config: &'c Config) -> Folding<'c> {
        let mut by_kind: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, indicator) in config.indicators.iter().enumerate() {
            for kind in indicator.rule.iter().flat_map(|rule| &rule.kinds) {
                by_kind.entry(kind.clone()).or_default().push(index);
            }
        }
        Folding { config, by_kind }
    }

    fn totals(&self) -> Totals {
        Totals::new(self.config.indicators.len())
    }

    /// Adds `event` to `totals`; a total that passes [`MAX_TOTAL`] with it is an error.
    fn add(&self, totals: &mut Totals, event: &Event, errors: &mut Vec<Problem>) {
        let year = event.date.year();
        let month = event.date.month().map_or(0, |m| m as u8);
        // Looked up before it is inserted: a million events need not copy their kind a million times.
        if !totals.kind_counts.contains_key(&event.kind) {
            totals.kind_counts.insert(event.kind.clone(), BTreeMap::new());
        }
        if let Some(by_year) = totals.kind_counts.get_mut(&event.kind) {
            *by_year.entry(year).or_default() += 1;
        }
        if let Some(indices) = self.by_kind.get(&event.kind) {
            for &index in indices {
                let rule = self.config.indicators[index].rule.as_ref().expect("indexed indicators have a rule");
                if !passes(rule, event) {
                    continue;
                }
                totals.matched[index] = true;
                let tally = match contribution(rule, event) {
                    Contribution::Tally(tally) => tally,
                    Contribution::OtherCurrency(amount) => {
                        totals.whole &= amount.value.fract() == 0.0;
                        totals.left_out_magnitude += amount.value.abs();
                        totals.left_out[index]
                            .entry((year, amount.currency.clone()))
                            .or_default()
                            .add(Tally { count: 1, sum: amount.value });
                        continue;
                    }
                    Contribution::Nothing => continue,
                };
                totals.whole &= tally.sum.fract() == 0.0;
                totals.tallies[index].entry((year, month)).or_default().add(tally);
                let before = totals.magnitudes[index];
                totals.magnitudes[index] += tally.sum.abs();
                if before <= MAX_TOTAL && totals.magnitudes[index] > MAX_TOTAL {
                    errors.push(Problem::error(
                        event.location.clone(),
                        format!(
                            "with this amount the amounts summed for `{}` pass 2^53 (about 9 × 10^15), beyond which totals are no longer exact; check the amounts for a typo",
                            self.config.indicators[index].id
                        ),
                    ));
                }
            }
        }
        let engagement = totals.engagement.entry(year).or_default();
        for (index, partner) in event.partners.iter().enumerate() {
            let country = partner.country.as_str();
            if event.partners[..index].iter().any(|earlier| earlier.country == country) {
                continue;
            }
            match engagement.get_mut(country) {
                Some(count) => *count += 1,
                None => {
                    engagement.insert(country.to_owned(), 1);
                }
            }
        }
        if event.kind == "partnership" {
            for partner in &event.partners {
                totals.partnership_partners.push((partner.clone(), event.date, event.sources.clone()));
            }
        }
    }
}

/// Folds the events of one data file on a parsing thread, for an
/// [`Aggregator`] that needs only their totals (see [`data::Fold`]).
pub struct EventFold<'c> {
    folding: Folding<'c>,
    keep_events: Vec<i32>,
    keep_all: bool,
}

impl data::Fold for EventFold<'_> {
    fn context(&self) -> String {
        let rules: Vec<String> = self
            .folding
            .config
            .indicators
            .iter()
            .map(|indicator| format!("{} {:?}", indicator.id, indicator.rule))
            .collect();
        format!("folded by: {}\n", rules.join("; "))
    }

    fn keeps(&self, year: i32) -> bool {
        self.keep_all || self.keep_events.contains(&year)
    }

    fn fold(&self, events: &mut dyn Iterator<Item = &Event>) -> Option<Vec<u8>> {
        let mut totals = self.folding.totals();
        let mut errors = Vec::new();
        for event in events {
            self.folding.add(&mut totals, event, &mut errors);
        }
        (totals.whole && errors.is_empty()).then(|| totals.pack())
    }
}

/// Folds records into tallies as the data loader hands them over.
pub struct Aggregator<'c> {
    config: &'c Config,
    folding: Folding<'c>,
    totals: Totals,
    keep_events: Vec<i32>,
    events: Vec<Event>,
    sources: HashMap<String, Source>,
    figures: Vec<Figure>,
    partners: Vec<Partner>,
    coverage: Vec<Coverage>,
    /// Errors found while folding: totals out of the exact range.
    errors: Vec<Problem>,
}

impl<'c> Aggregator<'c> {
    /// An empty aggregator that keeps the events of the years listed in `keep_events`.
    pub fn new(config: &'c Config, keep_events: Vec<i32>) -> Self {
        let folding = Folding::new(config);
        Self {
            config,
            totals: folding.totals(),
            folding,
            keep_events,
            events: Vec::new(),
            sources: HashMap::new(),
            figures: Vec::new(),
            partners: Vec::new(),
            coverage: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// What folds a file's events on a parsing thread for this aggregator
    /// ([`Sink::part`]); with `keep_all`, every event must come one by one
    /// (someone else wants to see each).
    pub fn fold(&self, keep_all: bool) -> EventFold<'c> {
        EventFold { folding: Folding::new(self.config), keep_events: self.keep_events.clone(), keep_all }
    }

    /// Freezes the tallies for querying.
    pub fn finish(mut self) -> Aggregate<'c> {
        self.events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.location.cmp(&b.location)));
        let mut figures_by_key: HashMap<(String, Period), Vec<usize>> = HashMap::new();
        for (index, figure) in self.figures.iter().enumerate() {
            figures_by_key.entry((figure.indicator.clone(), figure.period)).or_default().push(index);
        }
        let totals = self.totals;
        let network = build_network(&self.partners, &totals.partnership_partners, &self.sources);
        Aggregate {
            errors: self.errors,
            config: self.config,
            tallies: totals.tallies,
            left_out: totals.left_out,
            matched: totals.matched,
            kind_counts: totals.kind_counts,
            engagement: totals.engagement,
            events: self.events,
            sources: self.sources,
            figures: self.figures,
            figures_by_key,
            network,
            coverage: self.coverage,
        }
    }
}

impl Sink for Aggregator<'_> {
    fn source(&mut self, source: Source) {
        self.sources.insert(source.id.clone(), source);
    }

    fn event(&mut self, event: Event) {
        self.folding.add(&mut self.totals, &event, &mut self.errors);
        if self.keep_events.contains(&event.date.year()) {
            self.events.push(event);
        }
    }

    fn part(&mut self, _events: usize, part: &[u8]) -> bool {
        let Some(totals) = Totals::unpack(part, self.config.indicators.len()) else { return false };
        if !self.totals.can_merge(&totals) {
            return false;
        }
        self.totals.merge(totals);
        true
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

/// Whether an event passes an indicator's filter.
fn passes(rule: &EventRule, event: &Event) -> bool {
    rule.filter.matches(&event.sectors, event.partners.iter().map(|p| (p.country.as_str(), p.kind)))
}

/// What one event that passes an indicator's filter contributes to it.
enum Contribution<'e> {
    /// One to the count, or its amount to the sum.
    Tally(Tally),
    /// An amount in another currency than the sum's: kept apart, never added.
    OtherCurrency(&'e Amount),
    /// Nothing: a sum's event without an amount.
    Nothing,
}

/// What one event (that passes the filter) contributes to an indicator.
fn contribution<'e>(rule: &EventRule, event: &'e Event) -> Contribution<'e> {
    match (&rule.measure, &event.amount) {
        (Measure::Count, _) => Contribution::Tally(Tally { count: 1, sum: 1.0 }),
        (Measure::SumAmount { currency }, Some(amount)) if &amount.currency == currency => {
            Contribution::Tally(Tally { count: 1, sum: amount.value })
        }
        (Measure::SumAmount { .. }, Some(amount)) => Contribution::OtherCurrency(amount),
        (Measure::SumAmount { .. }, None) => Contribution::Nothing,
    }
}

/// The frozen tallies and records, queried with pure functions.
pub struct Aggregate<'c> {
    errors: Vec<Problem>,
    config: &'c Config,
    tallies: Vec<BTreeMap<TallyKey, Tally>>,
    left_out: Vec<BTreeMap<(i32, String), Tally>>,
    matched: Vec<bool>,
    kind_counts: HashMap<String, BTreeMap<i32, u64>>,
    engagement: BTreeMap<i32, BTreeMap<String, u64>>,
    events: Vec<Event>,
    sources: HashMap<String, Source>,
    figures: Vec<Figure>,
    figures_by_key: HashMap<(String, Period), Vec<usize>>,
    network: Vec<NetworkPartner>,
    coverage: Vec<Coverage>,
}

impl<'c> Aggregate<'c> {
    /// The config the aggregate was computed for.
    pub fn config(&self) -> &'c Config {
        self.config
    }

    /// The amounts a sum indicator left out in a year because they are in
    /// another currency: currency, number of events, their total.
    pub fn left_out(&self, indicator: &str, year: i32) -> Vec<LeftOut> {
        let Some(index) = self.config.indicators.iter().position(|i| i.id == indicator) else { return Vec::new() };
        self.left_out[index]
            .range((year, String::new())..(year + 1, String::new()))
            .map(|((_, currency), tally)| LeftOut {
                currency: currency.clone(),
                events: tally.count,
                amount: tally.sum,
            })
            .collect()
    }

    /// Whether anything at all is recorded for a year: an event, or a figure
    /// for the year or a part of it.
    pub fn has_records(&self, year: i32) -> bool {
        self.kind_counts.values().any(|by_year| by_year.get(&year).is_some_and(|&n| n > 0))
            || self.figures.iter().any(|figure| figure.period.year() == year)
    }

    /// Every source, in no particular order.
    pub fn sources(&self) -> Vec<&Source> {
        self.sources.values().collect()
    }

    /// The logged count or sum for an indicator and period, when it has a rule.
    fn logged(&self, indicator: &str, period: Period) -> Option<Tally> {
        let index = self.config.indicators.iter().position(|i| i.id == indicator)?;
        let rule = self.config.indicators[index].rule.as_ref()?;
        let tallies = &self.tallies[index];
        let (first_month, last_month) = (period.first_day().month() as u8, period.last_day().month() as u8);
        let mut total = Tally::default();
        let in_period = |&(year, month): &TallyKey| {
            if rule.cumulative {
                year < period.year()
                    || (year == period.year() && (period.is_year() || (month >= 1 && month <= last_month)))
            } else {
                year == period.year() && (period.is_year() || (month >= first_month && month <= last_month))
            }
        };
        let range = if rule.cumulative {
            tallies.range(..=(period.year(), 12))
        } else {
            tallies.range((period.year(), 0)..=(period.year(), 12))
        };
        for (key, tally) in range {
            if in_period(key) {
                total.add(*tally);
            }
        }
        Some(total)
    }

    fn logged_value(&self, indicator: &str, period: Period) -> Option<f64> {
        self.logged(indicator, period).map(|tally| tally.sum)
    }

    /// Whether the log holds every event an indicator counts in a period:
    /// each kind it counts is under a coverage for the whole period (for a
    /// running total, from the beginning). `None` for an indicator without
    /// a rule.
    pub fn complete(&self, indicator: &str, period: Period) -> Option<bool> {
        let rule = self.config.indicator(indicator)?.rule.as_ref()?;
        let (first, last) = (period.first_day(), period.last_day());
        Some(
            rule.kinds
                .iter()
                .all(|kind| self.coverage.iter().any(|coverage| coverage.covers(kind, first, last, rule.cumulative))),
        )
    }

    /// The figure that wins among several for the same indicator and period:
    /// the latest `as-of`, then the latest source date, then the later record.
    fn ranked(&self, indices: &[usize]) -> Vec<&Figure> {
        let mut figures: Vec<&Figure> = indices.iter().map(|&i| &self.figures[i]).collect();
        figures.sort_by(|a, b| {
            let key = |f: &Figure| (f.as_of.map(|d| d.last_day()), self.latest_source_date(&f.sources), f.order);
            key(b).cmp(&key(a))
        });
        figures
    }

    fn latest_source_date(&self, ids: &[String]) -> Option<chrono::NaiveDate> {
        ids.iter().filter_map(|id| self.sources.get(id)).map(|s| s.published.last_day()).max()
    }

    fn reported(&self, indicator: &str, period: Period) -> Option<(&Figure, Vec<Conflict>, Vec<String>)> {
        let indices = self.figures_by_key.get(&(indicator.to_owned(), period))?;
        let ranked = self.ranked(indices);
        let winner = ranked[0];
        let mut sources = winner.sources.clone();
        let mut conflicts = Vec::new();
        for other in &ranked[1..] {
            if other.value == winner.value && other.qualifier == winner.qualifier {
                for source in &other.sources {
                    if !sources.contains(source) {
                        sources.push(source.clone());
                    }
                }
            } else {
                let lost_by = if winner.as_of.map(|d| d.last_day()) != other.as_of.map(|d| d.last_day()) {
                    Precedence::AsOf
                } else if self.latest_source_date(&winner.sources) != self.latest_source_date(&other.sources) {
                    Precedence::LaterSource
                } else {
                    Precedence::LaterRecord
                };
                conflicts.push(Conflict {
                    kind: ConflictKind::Disagrees,
                    value: other.value,
                    qualifier: other.qualifier,
                    sources: other.sources.clone(),
                    location: other.location.clone(),
                    lost_by,
                });
            }
        }
        Some((winner, conflicts, sources))
    }

    /// An indicator's value for a period, by the rules: a reported figure, else
    /// the next period's figure minus its change, else the logged events.
    pub fn resolve(&self, indicator: &str, period: Period) -> Resolved {
        let logged = self.logged_value(indicator, period);
        let complete = self.complete(indicator, period);
        let mut resolved = Resolved {
            period,
            value: None,
            qualifier: Qualifier::Exact,
            origin: Origin::Missing,
            logged,
            sources: Vec::new(),
            conflicts: Vec::new(),
            reported_change: None,
            note: None,
            location: None,
            complete,
        };
        if let Some((figure, conflicts, sources)) = self.reported(indicator, period) {
            resolved.value = Some(figure.value);
            resolved.qualifier = figure.qualifier;
            resolved.origin = Origin::Reported;
            resolved.sources = sources;
            resolved.conflicts = conflicts;
            resolved.reported_change = figure.change;
            resolved.note = figure.note.clone();
            resolved.location = Some(figure.location.clone());
            if let Some(change) = figure.change
                && let Some((earlier, _, _)) = self.reported(indicator, period.same_period_previous_year())
                && (figure.value - change - earlier.value).abs() > 1e-9 * earlier.value.abs().max(1.0)
            {
                resolved.conflicts.push(Conflict {
                    kind: ConflictKind::ChangeMismatch,
                    value: figure.value - change,
                    qualifier: figure.qualifier,
                    sources: figure.sources.clone(),
                    location: figure.location.clone(),
                    lost_by: Precedence::None,
                });
            }
            return resolved;
        }
        if let Some((later, _, _)) = self.reported(indicator, period.same_period_years_later(1))
            && let Some(change) = later.change
        {
            resolved.value = Some(later.value - change);
            resolved.qualifier = later.qualifier;
            resolved.origin = Origin::FromChange;
            resolved.sources = later.sources.clone();
            resolved.location = Some(later.location.clone());
            return resolved;
        }
        if let Some(tally) = self.logged(indicator, period)
            && tally.count > 0
        {
            resolved.value = Some(tally.sum);
            if complete == Some(true) {
                resolved.origin = Origin::Events;
            } else {
                resolved.origin = Origin::Partial;
                resolved.qualifier = Qualifier::AtLeast;
            }
        }
        resolved
    }

    /// An indicator for a period compared with the same period a year earlier.
    pub fn compare(&self, indicator: &str, period: Period) -> Comparison {
        let current = self.resolve(indicator, period);
        let previous = self.resolve(indicator, period.same_period_previous_year());
        let change = match (current.value, previous.value) {
            (Some(now), Some(before)) if comparable(current.origin, previous.origin) => Some(now - before),
            _ => None,
        };
        let change_pct = match (change, previous.value) {
            (Some(change), Some(before)) if before != 0.0 => Some(change / before * 100.0),
            _ => None,
        };
        Comparison { current, previous, change, change_pct }
    }

    /// The summary of a year: indicators, events by kind, partners, events.
    pub fn year(&self, year: i32) -> YearSummary {
        let indicators = self
            .config
            .indicators
            .iter()
            .map(|indicator| {
                let mut sub_periods: Vec<Period> = self
                    .figures
                    .iter()
                    .filter(|f| f.indicator == indicator.id && f.period.year() == year && !f.period.is_year())
                    .map(|f| f.period)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                sub_periods.sort();
                IndicatorYear {
                    id: indicator.id.clone(),
                    year: self.compare(&indicator.id, Period::Year(year)),
                    periods: sub_periods.into_iter().map(|p| self.compare(&indicator.id, p)).collect(),
                    left_out: self.left_out(&indicator.id, year),
                }
            })
            .collect();
        let events_by_kind = self
            .config
            .kinds
            .iter()
            .map(|kind| {
                let counts = self.kind_counts.get(&kind.id);
                let count_in = |y: i32| counts.and_then(|c| c.get(&y)).copied().unwrap_or(0);
                KindCount { kind: kind.id.clone(), count: count_in(year), previous: count_in(year - 1) }
            })
            .collect();
        YearSummary {
            year,
            indicators,
            events_by_kind,
            partners: self.partner_summary(year, 5),
            events: self.events.iter().filter(|e| e.date.year() == year).cloned().collect(),
        }
    }

    /// The partner network as of the end of `year`, with its size over `span` years.
    pub fn partner_summary(&self, year: i32, span: i32) -> PartnerSummary {
        let mut by_country: BTreeMap<String, Vec<NetworkPartner>> = BTreeMap::new();
        let mut new = Vec::new();
        for partner in &self.network {
            let joined = partner.since.map(|d| d.year());
            if joined.is_none_or(|y| y <= year) {
                by_country.entry(partner.country.clone()).or_default().push(partner.clone());
            }
            if joined == Some(year) && !partner.since_is_estimate {
                new.push(partner.clone());
            }
        }
        let network = (year - span + 1..=year).map(|y| network_size(&self.network, y)).collect();
        let engagement_by_country = self.engagement.get(&year).cloned().unwrap_or_default();
        let unknown_start = self
            .network
            .iter()
            .filter(|p| p.kind == PartnerType::Locality && (p.since_is_estimate || p.since.is_none()))
            .filter(|p| p.since.is_none_or(|d| d.year() <= year))
            .count();
        PartnerSummary { by_country, new, network, engagement_by_country, unknown_start }
    }

    /// Errors found while adding up: a total beyond the range where sums stay exact.
    pub fn errors(&self) -> &[Problem] {
        &self.errors
    }

    /// Warnings about the figures: conflicts between sources, a log holding
    /// more than the reported total, changes that do not add up, and
    /// indicator filters that match no event in any year.
    pub fn warnings(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (indicator, matched) in self.config.indicators.iter().zip(&self.matched) {
            if let Some(rule) = &indicator.rule
                && !rule.filter.is_empty()
                && !matched
                && let Some(place) = &rule.filter.location
            {
                problems.push(Problem::warning(
                    place.clone(),
                    format!(
                        "the filter of `{}` matches no event of kind {} in any year; check the sectors, countries and partner types it names",
                        indicator.id,
                        rule.kinds.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        let mut keys: Vec<&(String, Period)> = self.figures_by_key.keys().collect();
        keys.sort();
        for (indicator, period) in keys {
            let resolved = self.resolve(indicator, *period);
            let Some(value) = resolved.value else { continue };
            let place = resolved.location.clone();
            for conflict in &resolved.conflicts {
                let message = match conflict.kind {
                    ConflictKind::Disagrees => format!(
                        "conflicting figures for `{indicator}` in {period}: {} here, {} at {}; the latter is used (later as-of or source date), and the conflict is listed in the report",
                        number(conflict.value),
                        number(value),
                        place.as_ref().map(ToString::to_string).unwrap_or_default()
                    ),
                    ConflictKind::ChangeMismatch => format!(
                        "`{indicator}` in {period}: value − change gives {} for a year earlier, but {} is reported for {}",
                        number(conflict.value),
                        self.resolve(indicator, period.same_period_previous_year())
                            .value
                            .map(number)
                            .unwrap_or_default(),
                        period.same_period_previous_year()
                    ),
                };
                problems.push(Problem::warning(conflict.location.clone(), message));
            }
            if let Some(logged) = resolved.logged
                && resolved.complete == Some(true)
                && logged > value
                && !matches!(resolved.qualifier, Qualifier::Over | Qualifier::AtLeast)
            {
                problems.push(Problem::warning(
                    place,
                    format!(
                        "the log, declared complete for {period}, holds more for `{indicator}` ({}) than the reported figure ({}); look for duplicate events, correct the coverage, or mark the figure `qualifier = \"over\"`",
                        number(logged),
                        number(value)
                    ),
                ));
            }
        }
        problems
    }
}

/// Whether two values can be subtracted: both official (reported, or derived
/// from a reported change) or both counted from a log declared complete. A
/// partial count set against anything would show a false rise or fall, and
/// so would a complete count set against an official total (they may count
/// different things), so such pairs have no change.
fn comparable(a: Origin, b: Origin) -> bool {
    (a.is_official() && b.is_official()) || (a == Origin::Events && b == Origin::Events)
}

/// A number for a message: integers without decimals.
fn number(value: f64) -> String {
    crate::input::whole(value).map_or_else(|| format!("{value}"), |whole| whole.to_string())
}

/// A partner is the same partner under the same name (its English form, or
/// its only form) in the same country, whatever the case.
fn partner_key(name: &Text, country: &str) -> (String, String) {
    (name.get(crate::i18n::Lang::En).trim().to_lowercase(), country.to_owned())
}

/// Merges `[[partner]]` records and partners of `partnership` events into
/// one network, each member with the date it joined (or is first known).
fn build_network(
    partners: &[Partner],
    partnership_partners: &[(PartnerRef, PartialDate, Vec<String>)],
    sources: &HashMap<String, Source>,
) -> Vec<NetworkPartner> {
    let mut members: BTreeMap<(String, String), NetworkPartner> = BTreeMap::new();
    let mut merge = |name: &Text,
                     country: &str,
                     kind: PartnerType,
                     since: Option<PartialDate>,
                     source_ids: &[String],
                     place: Option<crate::config::LatLon>| {
        let member = members.entry(partner_key(name, country)).or_insert_with(|| NetworkPartner {
            name: name.clone(),
            country: country.to_owned(),
            kind,
            since: None,
            since_is_estimate: false,
            sources: Vec::new(),
            place: None,
        });
        if place.is_some() {
            member.place = place;
        }
        if matches!(member.name, Text::Plain(_)) && matches!(name, Text::Translated(_)) {
            member.name = name.clone();
        }
        if let Some(since) = since
            && (member.since.is_none_or(|current| since < current) || member.since_is_estimate)
        {
            member.since = Some(since);
            member.since_is_estimate = false;
        }
        for id in source_ids {
            if !member.sources.contains(id) {
                member.sources.push(id.clone());
            }
        }
    };
    for partner in partners {
        merge(&partner.name, &partner.country, partner.kind, partner.since, &partner.sources, partner.place);
    }
    for (partner, date, source_ids) in partnership_partners {
        merge(&partner.name, &partner.country, partner.kind, Some(*date), source_ids, None);
    }
    let mut network: Vec<NetworkPartner> = members.into_values().collect();
    for member in &mut network {
        if member.since.is_none() {
            member.since = member.sources.iter().filter_map(|id| sources.get(id)).map(|s| s.published).min();
            member.since_is_estimate = member.since.is_some();
        }
    }
    network.sort_by(|a, b| {
        let name = |p: &NetworkPartner| p.name.get(crate::i18n::Lang::En).to_lowercase();
        a.country.cmp(&b.country).then_with(|| name(a).cmp(&name(b)))
    });
    network
}

fn network_size(network: &[NetworkPartner], year: i32) -> NetworkSize {
    let localities: Vec<&NetworkPartner> = network
        .iter()
        .filter(|p| {
            p.kind == PartnerType::Locality && !p.since_is_estimate && p.since.is_some_and(|d| d.year() <= year)
        })
        .collect();
    let countries: BTreeSet<&str> = localities.iter().map(|p| p.country.as_str()).collect();
    NetworkSize { year, localities: localities.len(), countries: countries.len() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{EventFilter, Indicator, Unit};
    use crate::i18n::Lang;
    use std::path::Path;

    fn config(indicators: Vec<Indicator>) -> Config {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        std::fs::write(
            &path,
            "[report]\ntitle = \"R\"\norganisation = \"O\"\nyear = 2024\nlanguages = [\"en\"]\ndata = \"d\"\noutput = \"o-{year}-{lang}.pdf\"\n",
        )
        .unwrap();
        let mut problems = crate::diag::Problems::new();
        let mut config = Config::load(&path, &mut problems).unwrap();
        config.indicators = indicators;
        config
    }

    fn counted(id: &str, kind: &str) -> Indicator {
        Indicator {
            id: id.into(),
            label: Text::from(id),
            unit: Unit::Quantity(Text::from("items")),
            rule: Some(EventRule {
                kinds: vec![kind.into()],
                filter: EventFilter::default(),
                measure: Measure::Count,
                cumulative: false,
            }),
        }
    }

    fn summed(id: &str, kind: &str, currency: &str) -> Indicator {
        Indicator {
            id: id.into(),
            label: Text::from(id),
            unit: Unit::Money(currency.into()),
            rule: Some(EventRule {
                kinds: vec![kind.into()],
                filter: EventFilter::default(),
                measure: Measure::SumAmount { currency: currency.into() },
                cumulative: false,
            }),
        }
    }

    fn reported_only(id: &str) -> Indicator {
        Indicator { id: id.into(), label: Text::from(id), unit: Unit::Quantity(Text::from("items")), rule: None }
    }

    fn location(line: usize) -> Location {
        Location { file: Path::new("t.toml").into(), line_column: Some((line, 1)) }
    }

    fn event(kind: &str, date: &str, amount: Option<(f64, &str)>) -> Event {
        Event {
            id: None,
            date: PartialDate::parse(date).unwrap(),
            end: None,
            kind: kind.into(),
            title: Text::from("e"),
            partners: vec![PartnerRef { name: "Daegu".into(), country: "KR".into(), kind: PartnerType::Locality }],
            amount: amount.map(|(value, currency)| Amount { value, currency: currency.into() }),
            sectors: vec![],
            sources: vec!["s".into()],
            note: None,
            location: location(1),
        }
    }

    #[derive(Clone)]
    struct FigureSpec<'a> {
        indicator: &'a str,
        period: &'a str,
        value: f64,
        qualifier: Qualifier,
        change: Option<f64>,
        as_of: Option<&'a str>,
        source: &'a str,
    }

    impl Default for FigureSpec<'_> {
        fn default() -> Self {
            Self {
                indicator: "x",
                period: "2024",
                value: 0.0,
                qualifier: Qualifier::Exact,
                change: None,
                as_of: None,
                source: "s",
            }
        }
    }

    fn figure(order: usize, spec: FigureSpec<'_>) -> Figure {
        Figure {
            indicator: spec.indicator.into(),
            period: Period::parse(spec.period).unwrap(),
            value: spec.value,
            qualifier: spec.qualifier,
            change: spec.change,
            as_of: spec.as_of.map(|d| PartialDate::parse(d).unwrap()),
            sources: vec![spec.source.into()],
            note: None,
            location: location(order + 10),
            order,
        }
    }

    fn source(id: &str, published: &str) -> Source {
        Source {
            id: id.into(),
            title: Text::from("t"),
            publisher: Text::from("p"),
            published: PartialDate::parse(published).unwrap(),
            url: None,
            language: None,
            location: location(1),
        }
    }

    fn aggregate<'c>(config: &'c Config, events: Vec<Event>, figures: Vec<FigureSpec<'_>>) -> Aggregate<'c> {
        covered(config, events, figures, &[])
    }

    /// A coverage of `kinds` from `from` until `until` (either may be open).
    fn coverage(kinds: &[&str], from: Option<&str>, until: Option<&str>) -> Coverage {
        Coverage {
            kinds: kinds.iter().map(|k| (*k).to_owned()).collect(),
            from: from.map(|d| PartialDate::parse(d).unwrap()),
            until: until.map(|d| PartialDate::parse(d).unwrap()),
            sources: Vec::new(),
            note: None,
            location: location(2),
        }
    }

    /// An aggregate whose log is declared complete as `coverage` says.
    fn covered<'c>(
        config: &'c Config,
        events: Vec<Event>,
        figures: Vec<FigureSpec<'_>>,
        coverage: &[Coverage],
    ) -> Aggregate<'c> {
        let mut aggregator = Aggregator::new(config, (2000..=2100).collect());
        for statement in coverage {
            aggregator.coverage(statement.clone());
        }
        aggregator.source(source("s", "2024-01-01"));
        aggregator.source(source("old", "2023-06-01"));
        aggregator.source(source("new", "2024-06-01"));
        for event in events {
            aggregator.event(event);
        }
        for (order, spec) in figures.into_iter().enumerate() {
            aggregator.figure(figure(order, spec));
        }
        aggregator.finish()
    }

    #[test]
    fn reported_figure_wins_and_logged_count_is_kept_beside_it() {
        let config = config(vec![counted("x", "delegation-received")]);
        let events = vec![event("delegation-received", "2024-03", None), event("delegation-received", "2024", None)];
        let agg = aggregate(
            &config,
            events,
            vec![FigureSpec { value: 100.0, qualifier: Qualifier::Nearly, ..Default::default() }],
        );
        let resolved = agg.resolve("x", Period::Year(2024));
        assert_eq!(resolved.value, Some(100.0));
        assert_eq!(resolved.origin, Origin::Reported);
        assert_eq!(resolved.qualifier, Qualifier::Nearly);
        assert_eq!(resolved.logged, Some(2.0));
    }

    #[test]
    fn a_log_declared_complete_gives_counts_that_are_compared() {
        let config = config(vec![counted("x", "agreement")]);
        let events = vec![
            event("agreement", "2024-07", None),
            event("agreement", "2023-05-02", None),
            event("festival", "2024", None),
        ];
        let agg = covered(&config, events, vec![], &[coverage(&["agreement"], Some("2023"), None)]);
        let comparison = agg.compare("x", Period::Year(2024));
        assert_eq!(comparison.current.value, Some(1.0));
        assert_eq!((comparison.current.origin, comparison.current.qualifier), (Origin::Events, Qualifier::Exact));
        assert_eq!(comparison.current.complete, Some(true));
        assert_eq!(comparison.previous.value, Some(1.0));
        assert_eq!(comparison.change, Some(0.0));
        assert_eq!(comparison.change_pct, Some(0.0));
    }

    #[test]
    fn a_log_not_declared_complete_gives_partial_counts_never_compared() {
        let config = config(vec![counted("x", "agreement")]);
        let events = vec![event("agreement", "2024-07", None), event("agreement", "2023-05-02", None)];
        let agg = aggregate(&config, events, vec![]);
        let comparison = agg.compare("x", Period::Year(2024));
        assert_eq!(comparison.current.value, Some(1.0));
        assert_eq!((comparison.current.origin, comparison.current.qualifier), (Origin::Partial, Qualifier::AtLeast));
        assert_eq!(comparison.current.complete, Some(false));
        assert_eq!(comparison.previous.origin, Origin::Partial);
        assert_eq!((comparison.change, comparison.change_pct), (None, None));
    }

    #[test]
    fn a_coverage_must_span_the_whole_period_and_every_kind_counted() {
        let mut both = counted("x", "agreement");
        both.rule.as_mut().unwrap().kinds.push("partnership".into());
        let config = config(vec![counted("a", "agreement"), both]);
        let events = vec![event("agreement", "2024-07", None), event("partnership", "2024-08", None)];
        let statements = [coverage(&["agreement"], Some("2024-03"), Some("2024-12-31"))];
        let agg = covered(&config, events, vec![], &statements);
        assert_eq!(agg.complete("a", Period::Year(2024)), Some(false), "March onwards does not cover the year");
        assert_eq!(agg.complete("a", Period::Half(2024, 2)), Some(true));
        assert_eq!(agg.complete("a", Period::Year(2025)), Some(false), "the coverage ends in 2024");
        assert_eq!(agg.complete("x", Period::Half(2024, 2)), Some(false), "partnerships are not covered");
        assert_eq!(agg.resolve("a", Period::Half(2024, 2)).origin, Origin::Events);
    }

    #[test]
    fn a_running_total_is_complete_only_under_a_coverage_since_the_beginning() {
        let mut total = counted("x", "partnership");
        total.rule.as_mut().unwrap().cumulative = true;
        let config = config(vec![total]);
        let events = vec![event("partnership", "2010", None)];
        let from_2000 = covered(&config, events.clone(), vec![], &[coverage(&["partnership"], Some("2000"), None)]);
        assert_eq!(from_2000.complete("x", Period::Year(2024)), Some(false));
        let always = covered(&config, events, vec![], &[coverage(&["partnership"], None, None)]);
        assert_eq!(always.complete("x", Period::Year(2024)), Some(true));
        assert_eq!(always.resolve("x", Period::Year(2024)).origin, Origin::Events);
    }

    #[test]
    fn a_filter_counts_only_the_events_it_names_and_warns_when_it_matches_none() {
        let mut promotion = counted("promotion", "conference");
        promotion.rule.as_mut().unwrap().filter =
            EventFilter { sectors: vec!["investment".into()], location: Some(location(3)), ..EventFilter::default() };
        let mut korean = counted("korean", "conference");
        korean.rule.as_mut().unwrap().filter = EventFilter {
            partner_countries: vec!["JP".into()],
            partner_types: vec![PartnerType::Company],
            location: Some(location(4)),
            ..EventFilter::default()
        };
        let config = config(vec![promotion, korean]);
        let mut seminar = event("conference", "2024-05", None);
        seminar.sectors = vec!["investment".into()];
        let ministers = event("conference", "2024-06", None);
        let agg = aggregate(&config, vec![seminar, ministers], vec![]);
        assert_eq!(
            agg.resolve("promotion", Period::Year(2024)).value,
            Some(1.0),
            "the ministers' meeting is no seminar"
        );
        assert_eq!(agg.resolve("korean", Period::Year(2024)).value, None);
        let warnings = agg.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("the filter of `korean` matches no event"), "{}", warnings[0].message);
        assert_eq!(warnings[0].location, Some(location(4)));
    }

    #[test]
    fn official_total_and_log_count_are_not_compared() {
        let config = config(vec![counted("x", "delegation-received")]);
        let events = vec![event("delegation-received", "2024-03", None)];
        let figures = vec![FigureSpec { period: "2023", value: 400.0, ..Default::default() }];
        let agg = aggregate(&config, events.clone(), figures.clone());
        let comparison = agg.compare("x", Period::Year(2024));
        assert_eq!((comparison.current.value, comparison.current.origin), (Some(1.0), Origin::Partial));
        assert_eq!((comparison.previous.value, comparison.previous.origin), (Some(400.0), Origin::Reported));
        assert_eq!((comparison.change, comparison.change_pct), (None, None));
        let complete = covered(&config, events, figures, &[coverage(&["delegation-received"], None, None)]);
        let comparison = complete.compare("x", Period::Year(2024));
        assert_eq!(comparison.current.origin, Origin::Events);
        assert_eq!(
            (comparison.change, comparison.change_pct),
            (None, None),
            "a complete count is not an official total"
        );
    }

    #[test]
    fn nothing_logged_gives_no_value_rather_than_zero() {
        let config = config(vec![counted("x", "agreement")]);
        let agg = aggregate(&config, vec![], vec![]);
        let resolved = agg.resolve("x", Period::Year(2024));
        assert_eq!(resolved.value, None);
        assert_eq!(resolved.origin, Origin::Missing);
        assert_eq!(resolved.logged, Some(0.0));
        assert_eq!(agg.compare("x", Period::Year(2024)).change, None);
    }

    #[test]
    fn previous_year_comes_from_reported_change_before_events() {
        // nearly 400 in 2023, 208 more than in 2022 → 2022 is (nearly) 192,
        // even though one 2022 delegation is logged.
        let config = config(vec![counted("x", "delegation-received")]);
        let events = vec![event("delegation-received", "2022-05", None)];
        let figures = vec![FigureSpec {
            period: "2023",
            value: 400.0,
            qualifier: Qualifier::Nearly,
            change: Some(208.0),
            ..Default::default()
        }];
        let agg = aggregate(&config, events, figures);
        let comparison = agg.compare("x", Period::Year(2023));
        assert_eq!(comparison.previous.value, Some(192.0));
        assert_eq!(comparison.previous.origin, Origin::FromChange);
        assert_eq!(comparison.previous.qualifier, Qualifier::Nearly);
        assert_eq!(comparison.previous.logged, Some(1.0));
        assert_eq!(comparison.change, Some(208.0));
        assert_eq!(comparison.change_pct.map(|p| (p * 100.0).round() / 100.0), Some(108.33));
    }

    #[test]
    fn conflicting_figures_latest_as_of_wins_and_the_other_is_listed() {
        let config = config(vec![reported_only("x")]);
        let figures = vec![
            FigureSpec { period: "2023", value: 44.0, as_of: Some("2024-01-15"), source: "old", ..Default::default() },
            FigureSpec { period: "2023", value: 43.0, as_of: Some("2023-12-31"), source: "new", ..Default::default() },
        ];
        let agg = aggregate(&config, vec![], figures);
        let resolved = agg.resolve("x", Period::Year(2023));
        assert_eq!(resolved.value, Some(44.0));
        assert_eq!(resolved.conflicts.len(), 1);
        assert_eq!(resolved.conflicts[0].value, 43.0);
        assert_eq!(resolved.conflicts[0].kind, ConflictKind::Disagrees);
        assert_eq!(resolved.conflicts[0].lost_by, Precedence::AsOf, "the later-published figure lost by as-of");
        assert_eq!(agg.warnings().len(), 1);
    }

    #[test]
    fn a_figure_with_as_of_beats_a_later_published_one_without() {
        let config = config(vec![reported_only("x")]);
        let figures = vec![
            FigureSpec { period: "2023", value: 43.0, as_of: Some("2023-12-31"), source: "old", ..Default::default() },
            FigureSpec { period: "2023", value: 44.0, source: "new", ..Default::default() },
        ];
        let resolved = aggregate(&config, vec![], figures).resolve("x", Period::Year(2023));
        assert_eq!(resolved.value, Some(43.0));
        assert_eq!(resolved.conflicts[0].lost_by, Precedence::AsOf);
    }

    #[test]
    fn conflicting_figures_without_as_of_latest_source_wins() {
        let config = config(vec![reported_only("x")]);
        let figures = vec![
            FigureSpec { period: "2023", value: 44.0, source: "new", ..Default::default() },
            FigureSpec { period: "2023", value: 43.0, source: "old", ..Default::default() },
        ];
        let agg = aggregate(&config, vec![], figures);
        let resolved = agg.resolve("x", Period::Year(2023));
        assert_eq!(resolved.value, Some(44.0));
        assert_eq!(resolved.conflicts[0].lost_by, Precedence::LaterSource);
    }

    #[test]
    fn agreeing_figures_merge_their_sources_without_conflict() {
        let config = config(vec![reported_only("x")]);
        let figures = vec![
            FigureSpec { value: 5.0, source: "old", ..Default::default() },
            FigureSpec { value: 5.0, source: "new", ..Default::default() },
        ];
        let agg = aggregate(&config, vec![], figures);
        let resolved = agg.resolve("x", Period::Year(2024));
        assert!(resolved.conflicts.is_empty());
        assert_eq!(resolved.sources.len(), 2);
    }

    #[test]
    fn half_year_figures_compare_with_the_same_half_a_year_earlier() {
        let config = config(vec![counted("x", "aid")]);
        let events = vec![event("aid", "2023-03-10", None), event("aid", "2023-09", None), event("aid", "2023", None)];
        let figures = vec![FigureSpec { period: "2024-H1", value: 26.0, change: Some(5.0), ..Default::default() }];
        let agg = aggregate(&config, events, figures);
        let comparison = agg.compare("x", Period::parse("2024-H1").unwrap());
        assert_eq!(comparison.previous.value, Some(21.0));
        assert_eq!(comparison.previous.period, Period::parse("2023-H1").unwrap());
        // Only the March event lies inside 2023-H1: the September one and the
        // one dated to the year alone do not.
        assert_eq!(comparison.previous.logged, Some(1.0));
        let summary = agg.year(2024);
        assert_eq!(summary.indicators[0].periods.len(), 1);
    }

    #[test]
    fn sums_never_mix_currencies() {
        let config = config(vec![summed("usd", "aid", "USD"), summed("vnd", "aid", "VND")]);
        let events = vec![
            event("aid", "2024-02", Some((2_800_000.0, "USD"))),
            event("aid", "2024-04", Some((460_000.0, "USD"))),
            event("aid", "2024-05", Some((65_700_000_000.0, "VND"))),
            event("aid", "2024-06", None),
        ];
        let agg = aggregate(&config, events, vec![]);
        assert_eq!(agg.resolve("usd", Period::Year(2024)).value, Some(3_260_000.0));
        assert_eq!(agg.resolve("vnd", Period::Year(2024)).value, Some(65_700_000_000.0));
    }

    #[test]
    fn cumulative_indicator_is_a_running_total() {
        let mut indicator = counted("x", "investment");
        indicator.rule.as_mut().unwrap().cumulative = true;
        let config = config(vec![indicator]);
        let events = vec![
            event("investment", "2014", None),
            event("investment", "2023-02", None),
            event("investment", "2024-11-02", None),
        ];
        let agg = aggregate(&config, events, vec![]);
        let comparison = agg.compare("x", Period::Year(2024));
        assert_eq!(comparison.current.value, Some(3.0));
        assert_eq!(comparison.previous.value, Some(2.0));
    }

    #[test]
    fn complete_log_above_reported_total_is_a_warning_unless_over() {
        let config = config(vec![counted("x", "agreement")]);
        let events = vec![event("agreement", "2024", None), event("agreement", "2024", None)];
        let complete = [coverage(&["agreement"], None, None)];
        let agg = covered(&config, events.clone(), vec![FigureSpec { value: 1.0, ..Default::default() }], &complete);
        let warnings = agg.warnings();
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("holds more for `x` (2) than the reported figure (1)"),
            "{}",
            warnings[0].message
        );
        let over = vec![FigureSpec { value: 1.0, qualifier: Qualifier::Over, ..Default::default() }];
        assert!(covered(&config, events.clone(), over, &complete).warnings().is_empty());
        let partial = aggregate(&config, events, vec![FigureSpec { value: 1.0, ..Default::default() }]);
        assert!(partial.warnings().is_empty(), "a partial log may well hold less, or more by duplicates: no noise");
    }

    #[test]
    fn reported_previous_that_contradicts_the_change_is_a_conflict() {
        let config = config(vec![reported_only("x")]);
        let figures = vec![
            FigureSpec { period: "2023", value: 400.0, change: Some(208.0), ..Default::default() },
            FigureSpec { period: "2022", value: 190.0, ..Default::default() },
        ];
        let agg = aggregate(&config, vec![], figures);
        let comparison = agg.compare("x", Period::Year(2023));
        assert_eq!(comparison.previous.value, Some(190.0));
        assert_eq!(comparison.previous.origin, Origin::Reported);
        assert_eq!(comparison.current.conflicts[0].kind, ConflictKind::ChangeMismatch);
        assert_eq!(comparison.current.conflicts[0].value, 192.0);
    }

    #[test]
    fn events_by_kind_and_partner_engagement_count_per_year() {
        let config = config(vec![]);
        let events = vec![
            event("agreement", "2024-07", None),
            event("agreement", "2023-07", None),
            event("festival", "2024-08", None),
        ];
        let agg = aggregate(&config, events, vec![]);
        let summary = agg.year(2024);
        let agreements = summary.events_by_kind.iter().find(|k| k.kind == "agreement").unwrap();
        assert_eq!((agreements.count, agreements.previous), (1, 1));
        assert_eq!(summary.partners.engagement_by_country.get("KR"), Some(&2));
        assert_eq!(summary.events.len(), 2);
    }

    #[test]
    fn partner_network_grows_with_partnerships_and_since_dates() {
        let config = config(vec![]);
        let mut aggregator = Aggregator::new(&config, vec![2024]);
        aggregator.source(source("s", "2021-05-01"));
        let standing = |name: &str, country: &str, since: Option<&str>| Partner {
            name: name.into(),
            country: country.into(),
            kind: PartnerType::Locality,
            since: since.map(|d| PartialDate::parse(d).unwrap()),
            sources: vec!["s".into()],
            note: None,
            place: None,
            location: location(1),
        };
        aggregator.partner(standing("Kawasaki", "JP", None));
        aggregator.partner(standing("Yaroslavl", "RU", Some("2015")));
        let mut joined = event("partnership", "2024-07", None);
        joined.partners[0].name = "Uiwang".into();
        aggregator.event(joined);
        let agg = aggregator.finish();
        let summary = agg.partner_summary(2024, 4);
        assert_eq!(summary.new.len(), 1);
        assert_eq!(summary.new[0].name, Text::from("Uiwang"));
        let sizes: Vec<(i32, usize, usize)> =
            summary.network.iter().map(|n| (n.year, n.localities, n.countries)).collect();
        assert_eq!(sizes, [(2021, 1, 1), (2022, 1, 1), (2023, 1, 1), (2024, 2, 2)], "known starts only");
        assert!(summary.by_country["JP"][0].since_is_estimate);
        assert_eq!(summary.unknown_start, 1, "Kawasaki is in the network with no recorded start");
        let first_named = agg.partner_summary(2021, 1);
        assert!(first_named.new.is_empty(), "a partner is never new in the year its first source names it");
    }

    #[test]
    fn a_bilingual_partner_name_is_the_same_partner_as_its_plain_english_name() {
        let config = config(vec![]);
        let mut aggregator = Aggregator::new(&config, vec![2024]);
        aggregator.source(source("s", "2021-05-01"));
        aggregator.partner(Partner {
            name: "Daegu".into(),
            country: "KR".into(),
            kind: PartnerType::Locality,
            since: None,
            sources: vec!["s".into()],
            note: None,
            place: None,
            location: location(1),
        });
        let mut joined = event("partnership", "2024-07", None);
        joined.partners[0].name =
            Text::Translated([(Lang::En, "Daegu".to_owned()), (Lang::Vi, "Đại Khâu".to_owned())].into());
        aggregator.event(joined);
        let summary = aggregator.finish().partner_summary(2024, 1);
        assert_eq!(summary.by_country["KR"].len(), 1);
        assert_eq!(summary.by_country["KR"][0].name.get(Lang::Vi), "Đại Khâu");
        assert_eq!(summary.unknown_start, 0, "the partnership event dates it");
    }
}
