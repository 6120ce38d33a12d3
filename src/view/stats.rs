//! What `yearbrief stats` shows: the year-over-year comparison as JSON (a
//! contract documented in the README, defined by [`StatsView`]), as a table,
//! or as the figures by year for a spreadsheet ([`FigureRow`]s, made from
//! the same [`StatsView`], written as CSV here and as a workbook by
//! [`crate::export::stats`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{LeftOutView, Number};
use crate::aggregate::{
    Aggregate, Comparison, ConflictKind, NetworkPartner, NetworkSize, Origin, Precedence, Resolved, YearSummary,
};
use crate::config::PartnerType;
use crate::config::{Config, Unit};
use crate::data::Qualifier;
use crate::i18n::{self, Lang};
use crate::locale;
use crate::period::{PartialDate, Period};

/// The `stats --format json` contract. Keys are never removed or renamed
/// within a major version; new keys may be added.
#[derive(Debug, Serialize)]
pub struct StatsView {
    /// The year.
    pub year: i32,
    /// Every indicator, in config order.
    pub indicators: Vec<IndicatorStats>,
    /// Events of the year and the year before, by kind.
    pub events_by_kind: BTreeMap<String, KindStats>,
    /// The partner network.
    pub partners: PartnerStats,
    /// Every source the indicators cite, by id.
    pub sources: BTreeMap<String, SourceStats>,
    /// The language the labels are in (the rows of [`StatsView::figure_rows`] use it too).
    #[serde(skip)]
    pub lang: Lang,
}

/// A source the indicators cite.
#[derive(Debug, Serialize)]
pub struct SourceStats {
    /// Its title in the language asked for.
    pub title: String,
    /// Who published it, in the language asked for.
    pub publisher: String,
    /// When.
    pub published: PartialDate,
}

/// One indicator: the year's comparison and its sub-year periods.
#[derive(Debug, Serialize)]
pub struct IndicatorStats {
    /// Its id.
    pub id: String,
    /// Its label in the language asked for.
    pub label: String,
    /// Its unit's name, or the currency code for money.
    pub unit: String,
    /// The year's comparison.
    #[serde(flatten)]
    pub year: ComparisonStats,
    /// Half-year, quarter and month comparisons of the year.
    pub periods: Vec<PeriodStats>,
    /// Amounts of the year in other currencies, left out of the sum.
    pub left_out: Vec<LeftOutView>,
}

/// A sub-year period's comparison.
#[derive(Debug, Serialize)]
pub struct PeriodStats {
    /// The period (`2024-H1`).
    pub period: Period,
    /// Its comparison.
    #[serde(flatten)]
    pub comparison: ComparisonStats,
}

/// A value compared with the same period a year earlier.
#[derive(Debug, Serialize)]
pub struct ComparisonStats {
    /// The value; null when nothing gives one.
    pub value: Number,
    /// Its qualifier; null with no value.
    pub qualifier: Option<Qualifier>,
    /// Where it comes from.
    pub origin: Origin,
    /// The count or sum of logged events; null without `from-events`.
    pub logged: Number,
    /// Whether `logged` counts a log declared complete for the period (a
    /// `[[coverage]]`); null without `from-events`.
    pub complete: Option<bool>,
    /// The value a year earlier.
    pub previous: Number,
    /// Its qualifier.
    pub previous_qualifier: Option<Qualifier>,
    /// Where it comes from.
    pub previous_origin: Origin,
    /// value − previous; null when either is unknown or they cannot be compared.
    pub change: Number,
    /// The change in percent, one decimal; null when previous is 0 or unknown.
    pub change_pct: Number,
    /// The sources of the value.
    pub sources: Vec<String>,
    /// The sources of the previous value.
    pub previous_sources: Vec<String>,
    /// Figures that disagree with the value used.
    pub conflicts: Vec<ConflictStats>,
}

/// A figure that disagrees with the value used.
#[derive(Debug, Serialize)]
pub struct ConflictStats {
    /// What sort of disagreement.
    pub kind: ConflictKind,
    /// Its value.
    pub value: Number,
    /// Its qualifier.
    pub qualifier: Qualifier,
    /// Its sources.
    pub sources: Vec<String>,
    /// Where it is recorded: `file:line:column`.
    pub at: String,
    /// Why the value used won: `as-of`, `later-source`, `later-record`
    /// (`none` for a change that does not add up).
    pub lost_by: Precedence,
}

/// Events of one kind.
#[derive(Debug, Serialize)]
pub struct KindStats {
    /// In the year.
    pub count: u64,
    /// In the year before.
    pub previous: u64,
}

/// The partner network at the end of the year.
#[derive(Debug, Serialize)]
pub struct PartnerStats {
    /// Recorded partner localities.
    pub localities: Option<usize>,
    /// Their countries.
    pub countries: Option<usize>,
    /// Localities a year earlier.
    pub localities_previous: Option<usize>,
    /// Partner localities with no recorded start, in no year's count.
    pub localities_unknown_start: usize,
    /// Their countries a year earlier.
    pub countries_previous: Option<usize>,
    /// Partners that joined during the year.
    pub new: Vec<NewPartner>,
    /// Partner names by country code.
    pub by_country: BTreeMap<String, Vec<String>>,
    /// The network's size over the years.
    pub network: Vec<NetworkSize>,
    /// Events of the year with a partner from each country.
    pub engagement_by_country: BTreeMap<String, u64>,
}

/// A partner that joined during the year.
#[derive(Debug, Serialize)]
pub struct NewPartner {
    /// Its name.
    pub name: String,
    /// Its country code.
    pub country: String,
    /// What sort of body it is.
    #[serde(rename = "type")]
    pub kind: PartnerType,
    /// When it joined.
    pub since: Option<PartialDate>,
}

fn comparison_stats(comparison: &Comparison) -> ComparisonStats {
    let qualifier = |r: &Resolved| r.value.map(|_| r.qualifier);
    let current = &comparison.current;
    ComparisonStats {
        value: Number(current.value),
        qualifier: qualifier(current),
        origin: current.origin,
        logged: Number(current.logged),
        complete: current.complete,
        previous: Number(comparison.previous.value),
        previous_qualifier: qualifier(&comparison.previous),
        previous_origin: comparison.previous.origin,
        change: Number(comparison.change),
        change_pct: Number::percent(comparison.change_pct),
        sources: current.sources.clone(),
        previous_sources: comparison.previous.sources.clone(),
        conflicts: current
            .conflicts
            .iter()
            .map(|conflict| ConflictStats {
                kind: conflict.kind,
                value: Number::of(conflict.value),
                qualifier: conflict.qualifier,
                sources: conflict.sources.clone(),
                at: conflict.location.to_string(),
                lost_by: conflict.lost_by,
            })
            .collect(),
    }
}

fn new_partner(partner: &NetworkPartner, lang: Lang) -> NewPartner {
    NewPartner {
        name: partner.name.get(lang).to_owned(),
        country: partner.country.clone(),
        kind: partner.kind,
        since: partner.since,
    }
}

impl StatsView {
    /// The JSON form of a year's summary.
    pub fn new(aggregate: &Aggregate<'_>, summary: &YearSummary, lang: Lang) -> StatsView {
        let config = aggregate.config();
        let indicators: Vec<IndicatorStats> = summary
            .indicators
            .iter()
            .map(|item| {
                let indicator = config.indicator(&item.id).expect("summaries follow the config");
                IndicatorStats {
                    id: item.id.clone(),
                    label: indicator.label.get(lang).to_owned(),
                    unit: match &indicator.unit {
                        Unit::Money(code) => code.clone(),
                        Unit::Quantity(text) => text.get(lang).to_owned(),
                    },
                    year: comparison_stats(&item.year),
                    periods: item
                        .periods
                        .iter()
                        .map(|c| PeriodStats { period: c.current.period, comparison: comparison_stats(c) })
                        .collect(),
                    left_out: item.left_out.iter().map(LeftOutView::from).collect(),
                }
            })
            .collect();
        let sources = cited_sources(&indicators, aggregate, lang);
        let partners = &summary.partners;
        let current_size = partners.network.last();
        let previous_size = partners.network.iter().rev().nth(1);
        StatsView {
            year: summary.year,
            indicators,
            events_by_kind: summary
                .events_by_kind
                .iter()
                .map(|k| (k.kind.clone(), KindStats { count: k.count, previous: k.previous }))
                .collect(),
            partners: PartnerStats {
                localities: current_size.map(|n| n.localities),
                countries: current_size.map(|n| n.countries),
                localities_previous: previous_size.map(|n| n.localities),
                localities_unknown_start: partners.unknown_start,
                countries_previous: previous_size.map(|n| n.countries),
                new: partners.new.iter().map(|p| new_partner(p, lang)).collect(),
                by_country: partners
                    .by_country
                    .iter()
                    .map(|(country, list)| {
                        (country.clone(), list.iter().map(|p| p.name.get(lang).to_owned()).collect())
                    })
                    .collect(),
                network: partners.network.clone(),
                engagement_by_country: partners.engagement_by_country.clone(),
            },
            sources,
            lang,
        }
    }
}

/// The sources the indicators' values (this year's, the year before's and
/// their conflicts') cite, by id.
fn cited_sources(
    indicators: &[IndicatorStats],
    aggregate: &Aggregate<'_>,
    lang: Lang,
) -> BTreeMap<String, SourceStats> {
    let comparisons =
        indicators.iter().flat_map(|i| std::iter::once(&i.year).chain(i.periods.iter().map(|p| &p.comparison)));
    let cited: std::collections::BTreeSet<&str> = comparisons
        .flat_map(|c| {
            c.sources.iter().chain(&c.previous_sources).chain(c.conflicts.iter().flat_map(|conflict| &conflict.sources))
        })
        .map(String::as_str)
        .collect();
    aggregate
        .sources()
        .into_iter()
        .filter(|source| cited.contains(source.id.as_str()))
        .map(|source| {
            let stats = SourceStats {
                title: source.title.get(lang).to_owned(),
                publisher: source.publisher.get(lang).to_owned(),
                published: source.published,
            };
            (source.id.clone(), stats)
        })
        .collect()
}

/// One row of `stats --format csv|xlsx`: an indicator's value for one
/// period, with what the value is, as the table and the JSON say it.
#[derive(Debug, Serialize)]
pub struct FigureRow {
    /// The indicator's id.
    pub id: String,
    /// Its label in the language asked for.
    pub label: String,
    /// Its unit's name, or the currency code for money.
    pub unit: String,
    /// The period (`2024`, `2024-H1`).
    pub period: Period,
    /// The value; null when nothing gives one.
    pub value: Number,
    /// The word before a value that is not exact (`nearly`), in the language asked for.
    pub qualifier: String,
    /// Where the value comes from, in words: official, counted from a
    /// complete log, at least this many from a partial log, no data.
    pub origin: String,
    /// value − the value a year earlier, where `stats` gives one.
    pub change: Number,
    /// The change in percent, one decimal.
    pub change_pct: Number,
    /// The ids of the value's sources, separated by `; `.
    pub sources: String,
    /// Their publishers, in the same order.
    pub publishers: String,
}

/// The catalogue keys of the [`FigureRow`] columns, in order.
pub const FIGURE_COLUMNS: [&str; 11] = [
    "stats.id",
    "stats.indicator",
    "stats.unit",
    "stats.period",
    "stats.value",
    "stats.qualifier",
    "stats.origin",
    "stats.change",
    "stats.change-pct",
    "stats.sources",
    "stats.publishers",
];

/// The words for where a value comes from.
fn origin_words(origin: Origin, lang: Lang) -> &'static str {
    i18n::text(
        lang,
        match origin {
            Origin::Reported => "stats.origin-reported",
            Origin::FromChange => "stats.origin-from-change",
            Origin::Events => "stats.origin-events",
            Origin::Partial => "stats.origin-partial",
            Origin::Missing => "stats.origin-missing",
        },
    )
}

impl StatsView {
    /// The figures by year: for every indicator, the year before and the
    /// year (then each sub-year period the same way), and one row per
    /// currency of logged amounts left out of a sum.
    pub fn figure_rows(&self) -> Vec<FigureRow> {
        let lang = self.lang;
        let mut rows = Vec::new();
        for indicator in &self.indicators {
            let comparisons = std::iter::once((Period::Year(self.year), &indicator.year))
                .chain(indicator.periods.iter().map(|p| (p.period, &p.comparison)));
            for (period, comparison) in comparisons {
                let row = |period: Period,
                           value: Number,
                           qualifier: Option<Qualifier>,
                           origin: Origin,
                           sources: &[String]| {
                    FigureRow {
                        id: indicator.id.clone(),
                        label: indicator.label.clone(),
                        unit: indicator.unit.clone(),
                        period,
                        value,
                        qualifier: qualifier.map_or("", |q| locale::qualifier_word(q.name(), lang)).to_owned(),
                        origin: origin_words(origin, lang).to_owned(),
                        change: Number(None),
                        change_pct: Number(None),
                        sources: sources.join("; "),
                        publishers: sources
                            .iter()
                            .map(|id| self.sources.get(id).map_or("", |source| source.publisher.as_str()))
                            .collect::<Vec<_>>()
                            .join("; "),
                    }
                };
                rows.push(row(
                    period.same_period_previous_year(),
                    comparison.previous,
                    comparison.previous_qualifier,
                    comparison.previous_origin,
                    &comparison.previous_sources,
                ));
                rows.push(FigureRow {
                    change: comparison.change,
                    change_pct: comparison.change_pct,
                    ..row(period, comparison.value, comparison.qualifier, comparison.origin, &comparison.sources)
                });
            }
            for left_out in &indicator.left_out {
                let events = super::events::count_text(usize::try_from(left_out.events).unwrap_or(usize::MAX), lang);
                rows.push(FigureRow {
                    id: indicator.id.clone(),
                    label: indicator.label.clone(),
                    unit: left_out.currency.clone(),
                    period: Period::Year(self.year),
                    value: left_out.amount,
                    qualifier: String::new(),
                    origin: i18n::fill(lang, "stats.origin-left-out", &[("events", &events)]),
                    change: Number(None),
                    change_pct: Number(None),
                    sources: String::new(),
                    publishers: String::new(),
                });
            }
        }
        rows
    }
}

/// A cell of a [`FigureRow`]: a text, or a number (a number cell in a workbook).
#[derive(Debug, Clone, PartialEq)]
pub enum FigureCell {
    /// A text.
    Text(String),
    /// A number; empty when unknown.
    Number(Number),
}

impl FigureRow {
    /// Its cells, in the order of [`FIGURE_COLUMNS`].
    pub fn cells(&self) -> [FigureCell; FIGURE_COLUMNS.len()] {
        let text = |s: &str| FigureCell::Text(s.to_owned());
        [
            text(&self.id),
            text(&self.label),
            text(&self.unit),
            FigureCell::Text(self.period.to_string()),
            FigureCell::Number(self.value),
            text(&self.qualifier),
            text(&self.origin),
            FigureCell::Number(self.change),
            FigureCell::Number(self.change_pct),
            text(&self.sources),
            text(&self.publishers),
        ]
    }
}

/// The figures by year as CSV (RFC 4180, CRLF line ends) with a header row
/// in the language asked for; numbers as JSON writes them.
pub fn to_csv(rows: &[FigureRow], lang: Lang) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    writer.write_record(FIGURE_COLUMNS.iter().map(|key| i18n::text(lang, key)))?;
    for row in rows {
        writer.write_record(row.cells().map(|cell| match cell {
            FigureCell::Text(text) => text,
            FigureCell::Number(number) => number.to_string(),
        }))?;
    }
    let bytes = writer.into_inner().map_err(|err| csv::Error::from(err.into_error()))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"))
}

fn shown(resolved: &Resolved, unit: &Unit, lang: Lang) -> String {
    let Some(value) = resolved.value else { return "–".to_owned() };
    let marker = match resolved.origin {
        Origin::FromChange => format!(" {}", i18n::text(lang, "stats.from-change-mark")),
        Origin::Events => format!(" {}", i18n::text(lang, "stats.from-log-mark")),
        Origin::Partial => format!(" {}", i18n::text(lang, "stats.partial-mark")),
        _ => String::new(),
    };
    format!("{}{marker}", locale::format_figure(value, resolved.qualifier.name(), unit.currency(), lang))
}

/// The table form: one row per indicator (and per reported sub-year period).
pub fn to_table(config: &Config, summary: &YearSummary, lang: Lang) -> String {
    let year = summary.year;
    let mut rows: Vec<[String; 5]> = vec![[
        i18n::text(lang, "stats.indicator").into(),
        year.to_string(),
        (year - 1).to_string(),
        i18n::text(lang, "stats.change").into(),
        "%".into(),
    ]];
    for item in &summary.indicators {
        let indicator = config.indicator(&item.id).expect("summaries follow the config");
        let comparisons = std::iter::once(&item.year).chain(&item.periods);
        for comparison in comparisons {
            let mut label = indicator.label.get(lang).to_owned();
            if !comparison.current.period.is_year() {
                label = format!("{label}, {}", locale::format_period(comparison.current.period, lang));
            }
            let change = comparison
                .change
                .map_or("–".to_owned(), |change| locale::format_change(change, indicator.unit.currency(), lang));
            let pct = comparison.change_pct.map_or("–".to_owned(), |p| locale::format_percent(p, lang));
            rows.push([
                label,
                shown(&comparison.current, &indicator.unit, lang),
                shown(&comparison.previous, &indicator.unit, lang),
                change,
                pct,
            ]);
        }
    }
    let mut out = crate::table::aligned(&rows, [false, true, true, true, true]);
    out.push('\n');
    out.push_str(i18n::text(lang, "stats.legend"));
    out.push('\n');
    out
}
