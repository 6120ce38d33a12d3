//! The report context: everything a template may show.
//!
//! Built from the config and the aggregate for one year and one language,
//! with every text already chosen for that language and every number left
//! raw (the template helpers format them). This is the interface between the
//! aggregation and the templates; it knows nothing of Typst. The field names
//! are what templates read (`{{current.value}}`, `{{#each sections}}`), so a
//! renamed field is a change to every user template: the README lists them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{AmountView, LeftOutView, Number, notable};
use crate::aggregate::{
    Aggregate, Comparison, ConflictKind, IndicatorYear, NetworkPartner, NetworkSize, Origin, Precedence, Resolved,
    YearSummary,
};
use crate::config::PartnerType;
use crate::config::{ChartOf, Config, Section, SectionContent, Unit};
use crate::data::{Event, Qualifier};
use crate::i18n::{self, Lang};
use crate::locale;
use crate::period::{PartialDate, Period};
use crate::text::Text;

/// Characters of text above which an event's row may break across pages; a
/// shorter row is kept whole (a page holds some 4,000 characters of table).
const LONG_ROW: usize = 1500;

/// Facts about the run that are not in the data: the language and the date.
#[derive(Clone, Debug)]
pub struct RunInfo {
    /// The report's language.
    pub lang: Lang,
    /// The year the report covers.
    pub year: i32,
    /// The date shown as the issue date (YYYY-MM-DD).
    pub issued: chrono::NaiveDate,
    /// The date the PDF was made (the document date).
    pub built: chrono::NaiveDate,
}

/// What the main template receives.
#[derive(Clone, Debug, Serialize)]
pub struct ReportContext {
    /// The language code (`en`, `vi`).
    pub lang: Lang,
    /// The year the report covers.
    pub year: i32,
    /// The year it is compared with.
    pub previous_year: i32,
    /// The report's title.
    pub title: String,
    /// The organisation issuing it.
    pub organisation: String,
    /// The issue date, `YYYY-MM-DD`.
    pub issued: String,
    /// PDF keywords.
    pub keywords: Vec<String>,
    /// Whether the first section is a summary (it then shares the contents page).
    pub summary_first: bool,
    /// The logo for the cover, as Typst reads it (`/logo.svg`).
    pub logo: Option<String>,
    /// The lines of the imprint at the end: organisation, address, website,
    /// and what made the document when.
    pub imprint: Vec<String>,
    /// Every indicator, by id.
    pub indicators: BTreeMap<String, IndicatorView>,
    /// The sections, in config order.
    pub sections: Vec<SectionView>,
    /// Every source cited, numbered in citation order.
    pub sources: Vec<SourceView>,
}

/// A source as cited: its number and what the reference list shows.
#[derive(Clone, Debug, Serialize)]
pub struct SourceView {
    /// Its id in the data.
    pub id: String,
    /// Its number in the reference list, from 1.
    pub number: usize,
    /// Its title.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// When, as written in the data.
    pub published: PartialDate,
    /// Where it can be read.
    pub url: Option<String>,
    /// The address as printed: without the scheme, shortened to fit a line
    /// (the link keeps the whole address).
    pub url_short: Option<String>,
}

/// A value for one period: the number, how exact it is, where it comes from.
#[derive(Clone, Debug, Serialize)]
pub struct ResolvedView {
    /// The period.
    pub period: Period,
    /// The value; null when nothing gives one.
    pub value: Number,
    /// Whether there is a value.
    pub known: bool,
    /// How exact the value is.
    pub qualifier: Qualifier,
    /// Where it comes from.
    pub origin: Origin,
    /// The count or sum of logged events, for a `from-events` indicator.
    pub logged: Number,
    /// Whether that count covers a log declared complete; null without one.
    pub complete: Option<bool>,
    /// Whether the value is a count of a log that may be incomplete.
    pub partial: bool,
    /// The sources behind it.
    pub sources: Vec<SourceView>,
}

/// A period's value compared with the same period a year earlier.
#[derive(Clone, Debug, Serialize)]
pub struct ComparisonView {
    /// The period.
    pub period: Period,
    /// Its value.
    pub current: ResolvedView,
    /// The value a year earlier.
    pub previous: ResolvedView,
    /// current − previous, when both are known and comparable.
    pub change: Number,
    /// Whether `change` is known.
    pub has_change: bool,
    /// The change in percent, one decimal.
    pub change_pct: Number,
    /// Both values are known but cannot be compared (e.g. different currencies).
    pub not_comparable: bool,
    /// The period is shorter than a year.
    pub sub_year: bool,
}

/// A figure that disagrees with the one used.
#[derive(Clone, Debug, Serialize)]
pub struct ConflictView {
    /// The period.
    pub period: Period,
    /// What sort of disagreement it is.
    pub kind: ConflictKind,
    /// The value used.
    pub used: Number,
    /// Its qualifier.
    pub used_qualifier: Qualifier,
    /// Its sources.
    pub used_sources: Vec<SourceView>,
    /// The other value.
    pub value: Number,
    /// Its qualifier.
    pub qualifier: Qualifier,
    /// Its sources.
    pub sources: Vec<SourceView>,
    /// Why the value used won over it.
    pub lost_by: Precedence,
    /// Whether it was published later than the value used (then the data
    /// notes say why it lost).
    pub published_later: bool,
}

/// An indicator for the year: its label, unit, year and sub-year comparisons.
#[derive(Clone, Debug, Serialize)]
pub struct IndicatorView {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its label followed by its unit in brackets (`Foreign aid (USD)`),
    /// unless the label already ends so: what tables and lists show.
    pub label_with_unit: String,
    /// The unit's name, or the currency code for money.
    pub unit: String,
    /// The currency code for money; null for quantities.
    pub currency: Option<String>,
    /// The year's comparison.
    #[serde(flatten)]
    pub year: ComparisonView,
    /// Half-year, quarter and month comparisons of the year.
    pub periods: Vec<ComparisonView>,
    /// What a key-figure card shows: the year, or else the latest sub-year
    /// period with a value (the first half when the year is not out yet).
    pub headline: ComparisonView,
    /// Figures that disagree with the ones used, in any of its periods.
    pub conflicts: Vec<ConflictView>,
    /// Amounts of the year in other currencies, left out of its sum.
    pub left_out: Vec<LeftOutView>,
}

/// One section: its place, title and partial, and what its type shows.
#[derive(Clone, Debug, Serialize)]
pub struct SectionView {
    /// Its number, from 1.
    pub index: usize,
    /// Its type (`highlights`, `table`, ...).
    #[serde(rename = "type")]
    pub section_type: &'static str,
    /// The partial that renders it.
    pub partial: String,
    /// Its title.
    pub title: String,
    /// The paragraph under its title.
    pub intro: Option<String>,
    /// What its type shows.
    #[serde(flatten)]
    pub content: SectionContentView,
}

/// The part of a section that depends on its type.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum SectionContentView {
    /// Key-figure cards.
    Highlights {
        /// The indicators shown.
        indicators: Vec<IndicatorView>,
    },
    /// A table of indicators over several years.
    Table {
        /// The years, oldest first.
        years: Vec<i32>,
        /// One row per indicator.
        rows: Vec<TableRow>,
        /// Whether any cell is a partial count (then the mark is explained).
        has_partial: bool,
        /// Every source behind a cell, each once, for the table's source line.
        sources: Vec<SourceView>,
    },
    /// A bar chart of one indicator over several years.
    Trend(Box<TrendView>),
    /// Events of the year, grouped by kind.
    Events {
        /// One group per kind, in config order.
        groups: Vec<EventGroup>,
        /// Events in all groups.
        total: usize,
        /// With a `limit`, the sentence that counts the events not listed
        /// and names the annex that lists them.
        more: Option<String>,
    },
    /// Every event of the year, month by month.
    Annex {
        /// One group per month, then the events dated to the year only.
        months: Vec<AnnexMonth>,
        /// Events in all months.
        total: usize,
    },
    /// The partner network.
    Partners {
        /// The network and the year's new partners.
        partners: PartnersView,
    },
    /// A world map of the partner countries.
    Map {
        /// The outlines, shades, legend, caption and alt text.
        map: super::map::MapView,
    },
    /// A chart of the year's logged events, or small charts of indicators.
    Chart {
        /// The chart.
        chart: ChartView,
    },
    /// A user template's own text: nothing beyond the common fields.
    Text {},
    /// Key messages, generated from the comparison.
    Summary {
        /// The sentences, in order.
        messages: Vec<Message>,
        /// The user template whose list items follow them, if any.
        template: Option<String>,
    },
    /// Where the figures come from.
    DataNotes {
        /// Conflicts, derived values, log counts and gaps.
        notes: DataNotes,
    },
    /// The reference list.
    Sources {
        /// Every source cited.
        sources: Vec<SourceView>,
    },
}

/// What a `chart` section draws; `form` in the JSON tells the template.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "form", rename_all = "kebab-case")]
pub enum ChartView {
    /// One horizontal bar per month or country.
    Bars(BarChartView),
    /// One small bar chart per indicator, over the same years.
    Trends(TrendsView),
}

/// Small multiples: a trend chart per indicator, each on its own scale.
#[derive(Clone, Debug, Serialize)]
pub struct TrendsView {
    /// One chart per indicator, in config order.
    pub panels: Vec<TrendView>,
    /// What the charts show: the years, each chart on its own scale.
    pub caption: String,
    /// Every source behind a bar of any panel, each once.
    pub sources: Vec<SourceView>,
    /// Whether any bar is a partial count (then the legend explains it).
    pub has_partial: bool,
    /// Whether any bar is a complete count of the log (lighter, explained).
    pub has_complete: bool,
}

/// A horizontal bar chart: one labelled bar per row.
#[derive(Clone, Debug, Serialize)]
pub struct BarChartView {
    /// The bars, top to bottom.
    pub bars: Vec<LabelledBar>,
    /// The longest bar's value.
    pub max: u64,
    /// What the chart shows, under it.
    pub caption: String,
    /// The values in words, for the figure's alternative text.
    pub alt: String,
    /// A remark under the chart (events dated to the year only), if any.
    pub remark: Option<String>,
}

/// One bar of a [`BarChartView`].
#[derive(Clone, Debug, Serialize)]
pub struct LabelledBar {
    /// What the bar stands for.
    pub label: String,
    /// Its value.
    pub value: u64,
}

/// One key message: a sentence and the sources behind its figures.
#[derive(Clone, Debug, Serialize)]
pub struct Message {
    /// The sentence, in the report's language.
    pub text: String,
    /// The sources of its figures, each once.
    pub sources: Vec<SourceView>,
}

/// A table row: the indicator with its value in each year.
#[derive(Clone, Debug, Serialize)]
pub struct TableRow {
    /// The indicator.
    #[serde(flatten)]
    pub indicator: IndicatorView,
    /// Its value in each year of the table.
    pub values: Vec<ResolvedView>,
    /// Its sub-year periods, each with its value in each year.
    pub period_rows: Vec<PeriodRow>,
}

/// One sub-year period across the years of a table.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodRow {
    /// The period, in the report year.
    pub period: Period,
    /// The same period's value in each year of the table.
    pub values: Vec<ResolvedView>,
}

/// A trend chart.
#[derive(Clone, Debug, Serialize)]
pub struct TrendView {
    /// The values as text, for the chart's alternative text.
    pub alt_values: String,
    /// Every source behind a bar.
    pub sources: Vec<SourceView>,
    /// The indicator.
    pub indicator: IndicatorView,
    /// One bar per year, oldest first.
    pub bars: Vec<Bar>,
    /// The largest value (0 with none).
    pub max: Number,
    /// Whether any bar has a value above zero.
    pub has_data: bool,
    /// Whether any bar is a partial count (then the legend explains it).
    pub has_partial: bool,
}

/// One year's bar in a trend chart.
#[derive(Clone, Debug, Serialize)]
pub struct Bar {
    /// The year.
    pub year: i32,
    /// Its value.
    pub value: Number,
    /// Whether it has a value.
    pub known: bool,
    /// How exact it is.
    pub qualifier: Qualifier,
    /// Where it comes from.
    pub origin: Origin,
    /// Whether it is a count of a log that may be incomplete (drawn outlined).
    pub partial: bool,
    /// Its sources.
    pub sources: Vec<SourceView>,
}

/// The events of one kind.
#[derive(Clone, Debug, Serialize)]
pub struct EventGroup {
    /// The kind's id.
    pub kind: String,
    /// The kind's label.
    pub label: Option<String>,
    /// How many events.
    pub count: usize,
    /// How many are listed: all, unless the section has a `limit`.
    pub shown: usize,
    /// Whether any of them has an amount (else the table has no Amount column).
    pub has_amounts: bool,
    /// The events listed, by date.
    pub events: Vec<EventView>,
}

/// The events of one month in an annex.
#[derive(Clone, Debug, Serialize)]
pub struct AnnexMonth {
    /// The month and year, or the words for events dated to the year only.
    pub label: String,
    /// How many events.
    pub count: usize,
    /// Whether any of them has an amount (else the table has no Amount column).
    pub has_amounts: bool,
    /// The events, by date.
    pub events: Vec<AnnexRow>,
}

/// One event in an annex, where the month is the heading above it.
#[derive(Clone, Debug, Serialize)]
pub struct AnnexRow {
    /// Its day of the month, or days (`16–18`); empty when the date has none.
    pub days: String,
    /// The event.
    #[serde(flatten)]
    pub event: EventView,
}

/// One event as the report shows it.
#[derive(Clone, Debug, Serialize)]
pub struct EventView {
    /// Its id, if it has one.
    pub id: Option<String>,
    /// When it began.
    pub date: PartialDate,
    /// When it ended.
    pub end: Option<PartialDate>,
    /// Its kind's id.
    pub kind: String,
    /// Its kind's label.
    pub kind_label: Option<String>,
    /// Its title.
    pub title: String,
    /// Who took part.
    pub partners: Vec<PartnerView>,
    /// The money involved.
    pub amount: Option<AmountView>,
    /// Sectors it concerns.
    pub sectors: Vec<String>,
    /// Its sources.
    pub sources: Vec<SourceView>,
    /// A note.
    pub note: Option<String>,
    /// Whether its text is long enough that its row may have to break
    /// across pages (every other row is kept whole).
    pub long: bool,
}

/// A partner taking part in an event.
#[derive(Clone, Debug, Serialize)]
pub struct PartnerView {
    /// Its name.
    pub name: String,
    /// Its country code.
    pub country: String,
    /// Its country's name in the language.
    pub country_name: String,
    /// What sort of body it is.
    #[serde(rename = "type")]
    pub kind: PartnerType,
}

/// A member of the partner network.
#[derive(Clone, Debug, Serialize)]
pub struct NetworkPartnerView {
    /// Who it is.
    #[serde(flatten)]
    pub partner: PartnerView,
    /// When it joined; null when only estimated from a source's date.
    pub since: Option<PartialDate>,
    /// The sources that name it.
    pub sources: Vec<SourceView>,
}

/// The network partners of one country.
#[derive(Clone, Debug, Serialize)]
pub struct CountryPartners {
    /// The country code.
    pub country: String,
    /// Its name in the language.
    pub country_name: String,
    /// How many partners.
    pub count: usize,
    /// The partners.
    pub partners: Vec<NetworkPartnerView>,
}

/// Events of the year with partners from one country.
#[derive(Clone, Debug, Serialize)]
pub struct Engagement {
    /// The country code.
    pub country: String,
    /// Its name in the language.
    pub country_name: String,
    /// How many events.
    pub events: u64,
}

/// The partner network as of the report year.
#[derive(Clone, Debug, Serialize)]
pub struct PartnersView {
    /// Partners in the network.
    pub total: usize,
    /// By country, most partners first.
    pub countries: Vec<CountryPartners>,
    /// Partners that joined during the year.
    pub new: Vec<NetworkPartnerView>,
    /// The network's size over the years.
    pub network: Vec<NetworkSize>,
    /// Events by partner country, most first.
    pub engagement: Vec<Engagement>,
    /// Partner localities with no recorded start (in no year's count).
    pub unknown_start: usize,
    /// Whether any year of `network` counts a partner locality (a table of
    /// zeros says nothing the sentence on unknown starts does not).
    pub network_counted: bool,
    /// The official totals the recorded network is set against, when the
    /// section names the indicators holding them and one is reported.
    pub official: Option<OfficialNetwork>,
}

/// The reported size of the network and how much of it the data records.
#[derive(Clone, Debug, Serialize)]
pub struct OfficialNetwork {
    /// "48 partner localities in 22 countries and territories (2023)".
    pub reported: String,
    /// "Of these, 21 are recorded in this data set, in 6 countries."
    pub recorded: String,
    /// The sources of the reported figures.
    pub sources: Vec<SourceView>,
}

/// One value in the data notes.
#[derive(Clone, Debug, Serialize)]
pub struct NotedValue {
    /// The indicator's label.
    pub label: String,
    /// The period.
    pub period: Period,
    /// The value.
    pub value: Number,
    /// Its qualifier.
    pub qualifier: Qualifier,
    /// The indicator's currency, for money.
    pub currency: Option<String>,
    /// Its sources.
    pub sources: Vec<SourceView>,
}

/// A conflict with the indicator it belongs to.
#[derive(Clone, Debug, Serialize)]
pub struct NotedConflict {
    /// The conflict.
    #[serde(flatten)]
    pub conflict: ConflictView,
    /// The indicator's label.
    pub label: String,
    /// The indicator's currency, for money.
    pub currency: Option<String>,
}

/// Amounts in one currency left out of an indicator's sum in the year.
#[derive(Clone, Debug, Serialize)]
pub struct NotedLeftOut {
    /// The indicator's label, with its unit.
    pub label: String,
    /// The indicator's currency.
    pub currency: Option<String>,
    /// The currency of the amounts left out.
    pub other_currency: String,
    /// How many events.
    pub events: u64,
    /// Their total, in `other_currency`.
    pub amount: Number,
}

/// An indicator with no value for the year.
#[derive(Clone, Debug, Serialize)]
pub struct MissingIndicator {
    /// Its label, with its unit.
    pub label: String,
}

/// Where the figures come from.
#[derive(Clone, Debug, Serialize)]
pub struct DataNotes {
    /// Figures that disagree with the ones used.
    pub conflicts: Vec<NotedConflict>,
    /// Values derived from a reported change.
    pub derived: Vec<NotedValue>,
    /// This year's values counted from a log declared complete.
    pub from_log: Vec<NotedValue>,
    /// This year's values counted from a log that may be incomplete.
    pub partial: Vec<NotedValue>,
    /// Amounts of the year in other currencies, left out of sums.
    pub left_out: Vec<NotedLeftOut>,
    /// Indicators with no value for the year.
    pub missing: Vec<MissingIndicator>,
}

/// Builds the context for one report.
pub fn build(config: &Config, aggregate: &Aggregate<'_>, summary: &YearSummary, run: &RunInfo) -> ReportContext {
    let lang = run.lang;
    let sources = Sources::new(aggregate, lang);
    let indicators: BTreeMap<String, IndicatorView> =
        summary.indicators.iter().map(|item| (item.id.clone(), indicator_view(config, item, &sources, lang))).collect();
    let sections = config
        .sections
        .iter()
        .enumerate()
        .map(|(index, section)| {
            section_view(index + 1, section, config, aggregate, summary, &indicators, &sources, lang)
        })
        .collect();
    ReportContext {
        lang,
        year: run.year,
        previous_year: run.year - 1,
        title: config.report.title.get(lang).to_owned(),
        organisation: config.report.organisation.get(lang).to_owned(),
        issued: run.issued.format("%Y-%m-%d").to_string(),
        keywords: vec![
            i18n::text(lang, "report.keyword-field").to_owned(),
            i18n::text(lang, "report.keyword-kind").to_owned(),
            config.report.organisation.get(lang).to_owned(),
        ],
        summary_first: matches!(config.sections.first().map(|s| &s.content), Some(SectionContent::Summary { .. })),
        imprint: imprint(config, run),
        logo: config.report.logo.clone(),
        indicators,
        sections,
        sources: sources.list,
    }
}

/// The imprint: who issues the document, where to find them, and what made
/// it when.
fn imprint(config: &Config, run: &RunInfo) -> Vec<String> {
    let lang = run.lang;
    let mut lines = vec![config.report.organisation.get(lang).to_owned()];
    lines.extend(config.report.address.as_ref().map(|a| a.get(lang).to_owned()));
    lines.extend(config.report.website.clone());
    let built = crate::period::PartialDate::new(
        chrono::Datelike::year(&run.built),
        Some(chrono::Datelike::month(&run.built)),
        Some(chrono::Datelike::day(&run.built)),
    )
    .map(|date| locale::format_date(date, lang))
    .unwrap_or_else(|_| run.built.to_string());
    lines.push(i18n::fill(
        lang,
        "report.imprint-generated",
        &[("generator", concat!("yearbrief ", env!("CARGO_PKG_VERSION"))), ("date", &built)],
    ));
    lines
}

/// The sources in citation order (by publication date), numbered from 1.
struct Sources {
    list: Vec<SourceView>,
    numbers: BTreeMap<String, usize>,
}

impl Sources {
    fn new(aggregate: &Aggregate<'_>, lang: Lang) -> Self {
        let mut all = aggregate.sources();
        all.sort_by(|a, b| a.published.cmp(&b.published).then_with(|| a.id.cmp(&b.id)));
        let mut numbers = BTreeMap::new();
        let list = all
            .iter()
            .enumerate()
            .map(|(index, source)| {
                numbers.insert(source.id.clone(), index + 1);
                SourceView {
                    id: source.id.clone(),
                    number: index + 1,
                    title: source.title.get(lang).to_owned(),
                    publisher: source.publisher.get(lang).to_owned(),
                    published: source.published,
                    url: source.url.clone(),
                    url_short: source.url.as_deref().map(short_url),
                }
            })
            .collect();
        Sources { list, numbers }
    }

    /// The citations of a list of source ids, each once, by number.
    fn cite(&self, ids: &[String]) -> Vec<SourceView> {
        let mut numbers: Vec<usize> = ids.iter().filter_map(|id| self.numbers.get(id).copied()).collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers.into_iter().map(|n| self.list[n - 1].clone()).collect()
    }
}

/// Cited sources, each once, by number (as [`Sources::cite`] gives them).
fn distinct<'a>(cited: impl IntoIterator<Item = &'a SourceView>) -> Vec<SourceView> {
    let mut cited: Vec<SourceView> = cited.into_iter().cloned().collect();
    cited.sort_by_key(|s| s.number);
    cited.dedup_by_key(|s| s.number);
    cited
}

fn text(value: &Text, lang: Lang) -> String {
    value.get(lang).to_owned()
}

fn resolved_view(resolved: &Resolved, sources: &Sources) -> ResolvedView {
    ResolvedView {
        period: resolved.period,
        value: Number(resolved.value),
        known: resolved.value.is_some(),
        qualifier: resolved.qualifier,
        origin: resolved.origin,
        logged: Number(resolved.logged),
        complete: resolved.complete,
        partial: resolved.origin == Origin::Partial,
        sources: sources.cite(&resolved.sources),
    }
}

fn comparison_view(comparison: &Comparison, sources: &Sources) -> ComparisonView {
    ComparisonView {
        period: comparison.current.period,
        current: resolved_view(&comparison.current, sources),
        previous: resolved_view(&comparison.previous, sources),
        change: Number(comparison.change),
        has_change: comparison.change.is_some(),
        change_pct: Number::percent(comparison.change_pct),
        not_comparable: comparison.change.is_none()
            && comparison.current.value.is_some()
            && comparison.previous.value.is_some(),
        sub_year: !comparison.current.period.is_year(),
    }
}

fn indicator_view(config: &Config, item: &IndicatorYear, sources: &Sources, lang: Lang) -> IndicatorView {
    let (id, year, periods) = (item.id.as_str(), &item.year, item.periods.as_slice());
    let indicator = config.indicator(id).expect("summaries follow the config");
    let (unit, currency) = match &indicator.unit {
        Unit::Money(code) => (code.clone(), Some(code.clone())),
        Unit::Quantity(t) => (text(t, lang), None),
    };
    // A partial count is never a headline when a firmer value exists: the
    // year's official or complete value, else the latest such sub-year one,
    // else whatever the year has (a partial count, shown as one).
    let firm = |c: &&Comparison| c.current.value.is_some() && c.current.origin != Origin::Partial;
    let headline = if firm(&year) { year } else { periods.iter().rev().find(firm).unwrap_or(year) };
    let conflicts = std::iter::once(year)
        .chain(periods)
        .flat_map(|c| [&c.current, &c.previous])
        .flat_map(|r| r.conflicts.iter().map(move |conflict| (r, conflict)))
        .map(|(resolved, conflict)| ConflictView {
            period: resolved.period,
            kind: conflict.kind,
            used: Number(resolved.value),
            used_qualifier: resolved.qualifier,
            used_sources: sources.cite(&resolved.sources),
            value: Number::of(conflict.value),
            qualifier: conflict.qualifier,
            sources: sources.cite(&conflict.sources),
            lost_by: conflict.lost_by,
            published_later: latest(&sources.cite(&conflict.sources)) > latest(&sources.cite(&resolved.sources)),
        })
        .collect();
    let label = text(&indicator.label, lang);
    IndicatorView {
        id: id.to_owned(),
        label_with_unit: with_unit(&label, &unit),
        label,
        unit,
        currency,
        year: comparison_view(year, sources),
        periods: periods.iter().map(|c| comparison_view(c, sources)).collect(),
        headline: comparison_view(headline, sources),
        conflicts,
        left_out: item.left_out.iter().map(LeftOutView::from).collect(),
    }
}

/// An address as a reader needs it: host and path without the scheme or
/// `www.`, cut with an ellipsis beyond 50 characters.
fn short_url(url: &str) -> String {
    const MAX: usize = 50;
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
    let bare = bare.strip_prefix("www.").unwrap_or(bare).trim_end_matches('/');
    if bare.chars().count() <= MAX {
        bare.to_owned()
    } else {
        let cut: String = bare.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

/// A label with its unit in brackets, unless it already ends with them.
fn with_unit(label: &str, unit: &str) -> String {
    let suffix = format!("({unit})");
    if unit.is_empty() || label.trim_end().ends_with(&suffix) { label.to_owned() } else { format!("{label} {suffix}") }
}

/// The latest publication date among cited sources.
fn latest(cited: &[SourceView]) -> Option<chrono::NaiveDate> {
    cited.iter().map(|s| s.published.last_day()).max()
}

fn partner_view(partner: &crate::data::PartnerRef, lang: Lang) -> PartnerView {
    PartnerView::new(&partner.name, &partner.country, partner.kind, lang)
}

impl PartnerView {
    /// A partner's name and country in the language.
    fn new(name: &Text, country: &str, kind: PartnerType, lang: Lang) -> PartnerView {
        PartnerView {
            name: name.get(lang).to_owned(),
            country: country.to_owned(),
            country_name: i18n::country_shown(country, lang),
            kind,
        }
    }
}

/// The sentence under an events section with a `limit`: how many events it
/// leaves out, and the annex that lists them when the config has one.
fn more_events(count: usize, config: &Config, lang: Lang) -> String {
    let count = locale::format_number(count as f64, lang);
    let annex =
        config.sections.iter().enumerate().find(|(_, section)| matches!(section.content, SectionContent::Annex { .. }));
    match annex {
        Some((index, section)) => i18n::fill(
            lang,
            "report.more-in-annex",
            &[("count", &count), ("annex", &format!("{}. {}", index + 1, text(&section.title, lang)))],
        ),
        None => i18n::fill(lang, "report.more-not-listed", &[("count", &count)]),
    }
}

/// The day or days of an event under its month's heading: `16`, `16–18`,
/// `30/4–2/5` across a month's end; empty without a day.
fn annex_days(event: &Event) -> String {
    let Some(day) = event.date.day() else { return String::new() };
    match event.end.and_then(|end| Some((end.month()?, end.day()?))) {
        Some((month, end)) if Some(month) == event.date.month() && end != day => format!("{day}–{end}"),
        Some((month, end)) if Some(month) != event.date.month() => {
            format!("{day}/{}–{end}/{month}", event.date.month().unwrap_or_default())
        }
        _ => day.to_string(),
    }
}

fn event_view(event: &Event, config: &Config, sources: &Sources, lang: Lang) -> EventView {
    EventView {
        id: event.id.clone(),
        date: event.date,
        end: event.end,
        kind: event.kind.clone(),
        kind_label: config.kind(&event.kind).map(|k| text(&k.label, lang)),
        title: text(&event.title, lang),
        partners: event.partners.iter().map(|p| partner_view(p, lang)).collect(),
        amount: event.amount.as_ref().map(AmountView::from),
        sectors: event.sectors.clone(),
        sources: sources.cite(&event.sources),
        note: event.note.as_ref().map(|n| text(n, lang)),
        long: event.title.get(lang).chars().count() + event.note.as_ref().map_or(0, |n| n.get(lang).chars().count())
            > LONG_ROW,
    }
}

#[allow(clippy::too_many_arguments)]
fn section_view(
    index: usize,
    section: &Section,
    config: &Config,
    aggregate: &Aggregate<'_>,
    summary: &YearSummary,
    indicators: &BTreeMap<String, IndicatorView>,
    sources: &Sources,
    lang: Lang,
) -> SectionView {
    let partial = match &section.content {
        SectionContent::Text { template } => template.clone(),
        other => format!("sections/{}", other.type_name()),
    };
    let pick =
        |ids: &[String]| -> Vec<IndicatorView> { ids.iter().filter_map(|id| indicators.get(id).cloned()).collect() };
    let content = match &section.content {
        SectionContent::Highlights { indicators: ids } => SectionContentView::Highlights { indicators: pick(ids) },
        SectionContent::Table { indicators: ids, years } => {
            let years: Vec<i32> = (summary.year - *years as i32 + 1..=summary.year).collect();
            let rows = pick(ids)
                .into_iter()
                .map(|indicator| table_row(indicator, &years, aggregate, summary, sources))
                .collect();
            let rows: Vec<TableRow> = rows;
            let has_partial = rows
                .iter()
                .any(|row| row.values.iter().chain(row.period_rows.iter().flat_map(|p| &p.values)).any(|v| v.partial));
            let cited = distinct(
                rows.iter()
                    .flat_map(|row| row.values.iter().chain(row.period_rows.iter().flat_map(|p| &p.values)))
                    .flat_map(|value| &value.sources),
            );
            SectionContentView::Table { years, rows, has_partial, sources: cited }
        }
        SectionContent::Trend { indicator, years } => SectionContentView::Trend(Box::new(trend_view(
            indicator, *years, config, aggregate, summary, indicators, sources, lang,
        ))),
        SectionContent::Events { kinds, limit } => {
            let of_kinds: Vec<&Event> = summary.events.iter().filter(|e| kinds.contains(&e.kind)).collect();
            let listed = match limit {
                Some(limit) => notable::most_notable(&of_kinds, *limit),
                None => of_kinds.clone(),
            };
            let groups: Vec<EventGroup> = kinds
                .iter()
                .map(|kind| {
                    let events: Vec<EventView> = listed
                        .iter()
                        .filter(|e| &e.kind == kind)
                        .map(|e| event_view(e, config, sources, lang))
                        .collect();
                    EventGroup {
                        kind: kind.clone(),
                        label: config.kind(kind).map(|k| text(&k.label, lang)),
                        count: of_kinds.iter().filter(|e| &e.kind == kind).count(),
                        shown: events.len(),
                        has_amounts: events.iter().any(|e| e.amount.is_some()),
                        events,
                    }
                })
                .collect();
            let more =
                (listed.len() < of_kinds.len()).then(|| more_events(of_kinds.len() - listed.len(), config, lang));
            SectionContentView::Events { groups, total: of_kinds.len(), more }
        }
        SectionContent::Annex { kinds } => {
            // One pass: the twelve months, then the events dated to the year only.
            let mut by_month: Vec<Vec<AnnexRow>> = (0..13).map(|_| Vec::new()).collect();
            for event in summary.events.iter().filter(|e| kinds.is_empty() || kinds.contains(&e.kind)) {
                let slot = event.date.month().map_or(12, |month| month as usize - 1);
                by_month[slot]
                    .push(AnnexRow { days: annex_days(event), event: event_view(event, config, sources, lang) });
            }
            let months: Vec<AnnexMonth> = by_month
                .into_iter()
                .zip(1..)
                .filter(|(events, _)| !events.is_empty())
                .map(|(events, month)| {
                    let label = if month <= 12 {
                        locale::format_period(Period::Month(summary.year, month), lang)
                    } else {
                        i18n::text(lang, "report.annex-year-only").to_owned()
                    };
                    let has_amounts = events.iter().any(|e| e.event.amount.is_some());
                    AnnexMonth { label, count: events.len(), has_amounts, events }
                })
                .collect();
            let total = months.iter().map(|m| m.count).sum();
            SectionContentView::Annex { months, total }
        }
        SectionContent::Partners { total_localities, total_countries } => {
            let mut partners = partners_view(summary, sources, lang);
            partners.official = total_localities.as_deref().and_then(|localities| {
                official_network(localities, total_countries.as_deref(), aggregate, summary, sources, lang)
            });
            SectionContentView::Partners { partners }
        }
        SectionContent::Map { measure, home } => {
            SectionContentView::Map { map: super::map::map_view(summary, *measure, *home, lang) }
        }
        SectionContent::Text { .. } => SectionContentView::Text {},
        SectionContent::Chart { of, indicators: charted, years } => SectionContentView::Chart {
            chart: match of {
                ChartOf::EventsByCountry => ChartView::Bars(events_by_country(summary, lang)),
                ChartOf::EventsByMonth => ChartView::Bars(events_by_month(summary, lang)),
                ChartOf::Trends => {
                    let panels: Vec<TrendView> = charted
                        .iter()
                        .map(|id| trend_view(id, *years, config, aggregate, summary, indicators, sources, lang))
                        .collect();
                    ChartView::Trends(TrendsView {
                        caption: i18n::fill(
                            lang,
                            "report.trends-caption",
                            &[
                                ("first", &(summary.year - *years as i32 + 1).to_string()),
                                ("last", &summary.year.to_string()),
                            ],
                        ),
                        sources: distinct(panels.iter().flat_map(|p| &p.sources)),
                        has_partial: panels.iter().any(|p| p.has_partial),
                        has_complete: panels.iter().flat_map(|p| &p.bars).any(|b| b.origin == Origin::Events),
                        panels,
                    })
                }
            },
        },
        SectionContent::Summary { template } => SectionContentView::Summary {
            messages: key_messages(config, summary, indicators, sources, lang),
            template: template.clone(),
        },
        SectionContent::DataNotes => SectionContentView::DataNotes { notes: data_notes(indicators.values()) },
        SectionContent::Sources => SectionContentView::Sources { sources: sources.list.clone() },
    };
    SectionView {
        index,
        section_type: section.content.type_name(),
        partial,
        title: text(&section.title, lang),
        intro: section.intro.as_ref().map(|t| text(t, lang)),
        content,
    }
}

fn table_row(
    indicator: IndicatorView,
    years: &[i32],
    aggregate: &Aggregate<'_>,
    summary: &YearSummary,
    sources: &Sources,
) -> TableRow {
    let id = indicator.id.as_str();
    let values = years.iter().map(|y| resolved_view(&aggregate.resolve(id, Period::Year(*y)), sources)).collect();
    let period_rows = summary
        .indicators
        .iter()
        .filter(|item| item.id == id)
        .flat_map(|item| &item.periods)
        .map(|comparison| {
            let period = comparison.current.period;
            let values = years
                .iter()
                .map(|y| {
                    resolved_view(&aggregate.resolve(id, period.same_period_years_later(y - period.year())), sources)
                })
                .collect();
            PeriodRow { period, values }
        })
        .collect();
    TableRow { indicator, values, period_rows }
}

#[allow(clippy::too_many_arguments)]
fn trend_view(
    indicator: &str,
    years: u32,
    config: &Config,
    aggregate: &Aggregate<'_>,
    summary: &YearSummary,
    indicators: &BTreeMap<String, IndicatorView>,
    sources: &Sources,
    lang: Lang,
) -> TrendView {
    let resolved: Vec<(i32, Resolved)> = (summary.year - years as i32 + 1..=summary.year)
        .map(|y| (y, aggregate.resolve(indicator, Period::Year(y))))
        .collect();
    let bars = resolved
        .iter()
        .map(|(year, r)| Bar {
            year: *year,
            value: Number(r.value),
            known: r.value.is_some(),
            qualifier: r.qualifier,
            origin: r.origin,
            partial: r.origin == Origin::Partial,
            sources: sources.cite(&r.sources),
        })
        .collect();
    let max = resolved.iter().filter_map(|(_, r)| r.value).fold(0.0_f64, f64::max);
    let currency = config.indicator(indicator).and_then(|i| i.unit.currency());
    let alt_values: Vec<String> = resolved
        .iter()
        .map(|(year, r)| {
            let shown =
                r.value.map_or("–".to_owned(), |v| locale::format_figure(v, r.qualifier.name(), currency, lang));
            if r.origin == Origin::Partial {
                format!("{year}: {shown} ({})", i18n::text(lang, "report.partial-alt"))
            } else {
                format!("{year}: {shown}")
            }
        })
        .collect();
    let cited: Vec<String> = resolved.iter().flat_map(|(_, r)| r.sources.iter().cloned()).collect();
    TrendView {
        alt_values: alt_values.join("; "),
        sources: sources.cite(&cited),
        indicator: indicators.get(indicator).cloned().expect("sections name configured indicators"),
        bars,
        max: Number::of(max),
        has_data: max > 0.0,
        has_partial: resolved.iter().any(|(_, r)| r.origin == Origin::Partial),
    }
}

fn network_partner_view(partner: &NetworkPartner, sources: &Sources, lang: Lang) -> NetworkPartnerView {
    NetworkPartnerView {
        partner: PartnerView::new(&partner.name, &partner.country, partner.kind, lang),
        since: if partner.since_is_estimate { None } else { partner.since },
        sources: sources.cite(&partner.sources),
    }
}

fn partners_view(summary: &YearSummary, sources: &Sources, lang: Lang) -> PartnersView {
    let country_name = |code: &str| i18n::country_shown(code, lang);
    let mut countries: Vec<CountryPartners> = summary
        .partners
        .by_country
        .iter()
        .map(|(country, list)| CountryPartners {
            country: country.clone(),
            country_name: country_name(country),
            count: list.len(),
            partners: list.iter().map(|p| network_partner_view(p, sources, lang)).collect(),
        })
        .collect();
    countries.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.country_name.cmp(&b.country_name)));
    let mut engagement: Vec<Engagement> = summary
        .partners
        .engagement_by_country
        .iter()
        .map(|(country, count)| Engagement {
            country: country.clone(),
            country_name: country_name(country),
            events: *count,
        })
        .collect();
    engagement.sort_by_key(|e| std::cmp::Reverse(e.events));
    PartnersView {
        total: summary.partners.by_country.values().map(Vec::len).sum(),
        countries,
        new: summary.partners.new.iter().map(|p| network_partner_view(p, sources, lang)).collect(),
        network: summary.partners.network.clone(),
        engagement,
        unknown_start: summary.partners.unknown_start,
        network_counted: summary.partners.network.iter().any(|n| n.localities > 0),
        official: None,
    }
}

/// The latest official value of an indicator in the report year or the
/// ten years before it.
fn latest_official(aggregate: &Aggregate<'_>, indicator: &str, year: i32) -> Option<Resolved> {
    (year - 10..=year)
        .rev()
        .map(|y| aggregate.resolve(indicator, Period::Year(y)))
        .find(|r| r.value.is_some() && r.origin.is_official())
}

/// The reported network size against what the data records.
fn official_network(
    localities: &str,
    countries: Option<&str>,
    aggregate: &Aggregate<'_>,
    summary: &YearSummary,
    sources: &Sources,
    lang: Lang,
) -> Option<OfficialNetwork> {
    let reported = latest_official(aggregate, localities, summary.year)?;
    let figure = |r: &Resolved| locale::format_figure(r.value.unwrap_or_default(), r.qualifier.name(), None, lang);
    let period = reported.period;
    let in_countries =
        countries.map(|id| aggregate.resolve(id, period)).filter(|r| r.value.is_some() && r.origin.is_official());
    let year = period.year().to_string();
    let reported_text = match &in_countries {
        Some(countries) => i18n::fill(
            lang,
            "report.official-network-countries",
            &[("localities", &figure(&reported)), ("countries", &figure(countries)), ("year", &year)],
        ),
        None => i18n::fill(lang, "report.official-network", &[("localities", &figure(&reported)), ("year", &year)]),
    };
    let recorded: Vec<&NetworkPartner> = summary
        .partners
        .by_country
        .values()
        .flatten()
        .filter(|p| p.kind == crate::config::PartnerType::Locality)
        .collect();
    let recorded_countries: std::collections::BTreeSet<&str> = recorded.iter().map(|p| p.country.as_str()).collect();
    let recorded_text = i18n::fill(
        lang,
        "report.of-which-recorded",
        &[
            ("localities", &locale::format_number(recorded.len() as f64, lang)),
            ("countries", &locale::format_number(recorded_countries.len() as f64, lang)),
        ],
    );
    let cited: Vec<String> =
        reported.sources.iter().chain(in_countries.iter().flat_map(|c| &c.sources)).cloned().collect();
    Some(OfficialNetwork { reported: reported_text, recorded: recorded_text, sources: sources.cite(&cited) })
}

/// The year's logged events with partners from each country, most first.
/// These are counts of what the log records, and the caption says so.
fn events_by_country(summary: &YearSummary, lang: Lang) -> BarChartView {
    let mut bars: Vec<LabelledBar> = summary
        .partners
        .engagement_by_country
        .iter()
        .map(|(code, count)| LabelledBar { label: i18n::country_shown(code, lang), value: *count })
        .collect();
    bars.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.label.cmp(&b.label)));
    let caption = i18n::fill(lang, "report.chart-by-country", &[("year", &summary.year.to_string())]);
    BarChartView::new(bars, caption, None)
}

/// The year's logged events in each month; those dated only to the year
/// are counted in a remark.
fn events_by_month(summary: &YearSummary, lang: Lang) -> BarChartView {
    let mut months = [0u64; 12];
    let mut undated = 0u64;
    for event in &summary.events {
        match event.date.month() {
            Some(month) => months[month as usize - 1] += 1,
            None => undated += 1,
        }
    }
    let bars = (1..=12u32)
        .map(|m| LabelledBar {
            label: locale::month_name(m, lang).unwrap_or_default().to_owned(),
            value: months[m as usize - 1],
        })
        .collect();
    let remark = (undated > 0)
        .then(|| i18n::fill(lang, "report.chart-undated", &[("count", &locale::format_number(undated as f64, lang))]));
    let caption = i18n::fill(lang, "report.chart-by-month", &[("year", &summary.year.to_string())]);
    BarChartView::new(bars, caption, remark)
}

impl BarChartView {
    fn new(bars: Vec<LabelledBar>, caption: String, remark: Option<String>) -> BarChartView {
        let alt = bars.iter().map(|b| format!("{} {}", b.label, b.value)).collect::<Vec<_>>().join("; ");
        BarChartView {
            max: bars.iter().map(|b| b.value).max().unwrap_or(0),
            alt: format!("{caption}: {alt}"),
            bars,
            caption,
            remark,
        }
    }
}

/// Whether a value is official: reported, or derived from a reported change.
fn official(resolved: &ResolvedView) -> bool {
    resolved.known && resolved.origin.is_official()
}

/// Sources of both sides of a comparison, each once, by number.
fn both_sources(comparison: &ComparisonView) -> Vec<SourceView> {
    distinct(comparison.current.sources.iter().chain(&comparison.previous.sources))
}

/// A sentence's first letter in capitals (labels may start lower-case).
fn sentence(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// The key messages of the year, by the rules of the catalogue's
/// `[summary]` patterns: the largest official rises and falls (two of each
/// at most), a sub-year comparison for an indicator whose year has none, the
/// year's new partners, and what has no official figure yet. Only official
/// values are compared, so a partial count never appears as a total.
fn key_messages(
    config: &Config,
    summary: &YearSummary,
    indicators: &BTreeMap<String, IndicatorView>,
    sources: &Sources,
    lang: Lang,
) -> Vec<Message> {
    let ordered: Vec<&IndicatorView> =
        config.indicators.iter().filter_map(|indicator| indicators.get(&indicator.id)).collect();
    let figure = |indicator: &IndicatorView, r: &ResolvedView| {
        locale::format_figure(r.value.0.unwrap_or_default(), r.qualifier.name(), indicator.currency.as_deref(), lang)
            + &indicator.currency.as_ref().map_or_else(|| format!(" {}", indicator.unit), |_| String::new())
    };
    let compared = |indicator: &IndicatorView, comparison: &ComparisonView| -> Vec<(&'static str, String)> {
        let change = comparison.change.0.unwrap_or_default();
        vec![
            ("label", indicator.label.clone()),
            ("value", figure(indicator, &comparison.current)),
            ("period", locale::format_period(comparison.period, lang)),
            ("previous-period", locale::format_period(comparison.previous.period, lang)),
            ("change", locale::format_change(change, indicator.currency.as_deref(), lang)),
            ("percent", comparison.change_pct.0.map_or(String::new(), |p| locale::format_change_percent(p, lang))),
        ]
    };
    let fill = |key: &'static str, values: Vec<(&'static str, String)>| {
        let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        sentence(i18n::fill(lang, key, &pairs))
    };
    let mut messages = Vec::new();
    let mut changes: Vec<(&IndicatorView, f64)> = ordered
        .iter()
        .filter(|i| i.year.has_change && official(&i.year.current) && official(&i.year.previous))
        .filter_map(|i| i.year.change_pct.0.map(|pct| (*i, pct)))
        .collect();
    changes.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    let rises = changes.iter().filter(|(_, pct)| *pct > 0.0).take(2);
    let falls = changes.iter().filter(|(_, pct)| *pct < 0.0).take(2);
    for (indicator, pct) in rises.chain(falls) {
        let key = if *pct > 0.0 { "summary.rise" } else { "summary.fall" };
        messages.push(Message {
            text: fill(key, compared(indicator, &indicator.year)),
            sources: both_sources(&indicator.year),
        });
    }
    let reported: Vec<&IndicatorView> =
        ordered.iter().copied().filter(|i| official(&i.year.current) && !i.year.has_change).take(4).collect();
    if !reported.is_empty() {
        let list: Vec<String> =
            reported.iter().map(|i| format!("{}: {}", i.label, figure(i, &i.year.current))).collect();
        messages.push(Message {
            text: fill("summary.reported", vec![("year", summary.year.to_string()), ("list", list.join("; "))]),
            sources: distinct(reported.iter().flat_map(|i| &i.year.current.sources)),
        });
    }
    let agreements: Vec<&Event> = summary.events.iter().filter(|e| e.kind == "agreement").collect();
    if !agreements.is_empty() {
        let titles: Vec<String> = agreements.iter().take(2).map(|e| e.title.get(lang).to_owned()).collect();
        let cited: Vec<String> = agreements.iter().take(2).flat_map(|e| e.sources.iter().cloned()).collect();
        messages.push(Message {
            text: fill(
                if agreements.len() == 1 { "summary.agreement" } else { "summary.agreements" },
                vec![
                    ("count", locale::format_number(agreements.len() as f64, lang)),
                    ("year", summary.year.to_string()),
                    ("titles", titles.join("; ")),
                ],
            ),
            sources: sources.cite(&cited),
        });
    }
    for indicator in &ordered {
        if indicator.year.current.known {
            continue;
        }
        if let Some(part) =
            indicator.periods.iter().rev().find(|c| c.has_change && official(&c.current) && official(&c.previous))
        {
            messages.push(Message {
                text: fill("summary.sub-year", compared(indicator, part)),
                sources: both_sources(part),
            });
        }
    }
    let new: Vec<String> = summary.partners.new.iter().map(|p| p.name.get(lang).to_owned()).collect();
    if !new.is_empty() {
        let cited: Vec<String> = summary.partners.new.iter().flat_map(|p| p.sources.iter().cloned()).collect();
        messages.push(Message {
            text: fill(
                "summary.new-partners",
                vec![("count", locale::format_number(new.len() as f64, lang)), ("names", new.join(", "))],
            ),
            sources: sources.cite(&cited),
        });
    }
    let unofficial: Vec<String> = ordered
        .iter()
        .filter(|i| !official(&i.year.current))
        .map(|i| if i.currency.is_some() { i.label_with_unit.clone() } else { i.label.clone() })
        .collect();
    // A key message names a few; the notes on the data list them all.
    const NAMED: usize = 4;
    if !unofficial.is_empty() {
        let text = if unofficial.len() <= NAMED {
            fill("summary.no-official", vec![("year", summary.year.to_string()), ("list", unofficial.join("; "))])
        } else {
            fill(
                "summary.no-official-many",
                vec![
                    ("year", summary.year.to_string()),
                    ("count", locale::format_number(unofficial.len() as f64, lang)),
                    ("list", unofficial[..NAMED].join("; ")),
                ],
            )
        };
        messages.push(Message { text, sources: Vec::new() });
    }
    messages
}

/// The data notes, from the indicators' typed comparisons.
fn data_notes<'a>(indicators: impl Iterator<Item = &'a IndicatorView>) -> DataNotes {
    let mut notes = DataNotes {
        conflicts: Vec::new(),
        derived: Vec::new(),
        from_log: Vec::new(),
        partial: Vec::new(),
        left_out: Vec::new(),
        missing: Vec::new(),
    };
    for indicator in indicators {
        let noted = |resolved: &ResolvedView| NotedValue {
            label: indicator.label.clone(),
            period: resolved.period,
            value: resolved.value,
            qualifier: resolved.qualifier,
            currency: indicator.currency.clone(),
            sources: resolved.sources.clone(),
        };
        notes.conflicts.extend(indicator.conflicts.iter().map(|conflict| NotedConflict {
            conflict: conflict.clone(),
            label: indicator.label.clone(),
            currency: indicator.currency.clone(),
        }));
        for comparison in std::iter::once(&indicator.year).chain(&indicator.periods) {
            for (resolved, is_current) in [(&comparison.current, true), (&comparison.previous, false)] {
                match resolved.origin {
                    Origin::FromChange => notes.derived.push(noted(resolved)),
                    Origin::Events if is_current => notes.from_log.push(noted(resolved)),
                    Origin::Partial if is_current => notes.partial.push(noted(resolved)),
                    _ => {}
                }
            }
        }
        notes.left_out.extend(indicator.left_out.iter().map(|l| NotedLeftOut {
            label: indicator.label_with_unit.clone(),
            currency: indicator.currency.clone(),
            other_currency: l.currency.clone(),
            events: l.events,
            amount: l.amount,
        }));
        if !indicator.year.current.known {
            notes.missing.push(MissingIndicator { label: indicator.label_with_unit.clone() });
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::with_unit;

    #[test]
    fn addresses_are_printed_short() {
        assert_eq!(super::short_url("https://www.example.org/a/b/"), "example.org/a/b");
        let long = super::short_url(
            "https://baoquocte.vn/da-nang-thuc-day-hop-tac-voi-48-dia-phuong-cua-22-quoc-gia-257893.html",
        );
        assert_eq!(long.chars().count(), 50);
        assert!(long.ends_with('…') && long.starts_with("baoquocte.vn/"), "{long}");
    }

    #[test]
    fn a_unit_is_added_to_a_label_once() {
        assert_eq!(with_unit("Foreign aid", "USD"), "Foreign aid (USD)");
        assert_eq!(with_unit("Foreign aid (USD)", "USD"), "Foreign aid (USD)");
        assert_eq!(with_unit("Delegations", "delegations"), "Delegations (delegations)");
        assert_eq!(with_unit("Index", ""), "Index");
    }
}
