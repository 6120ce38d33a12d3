//! The report context: everything a template may show, as JSON.
//!
//! Built from the config and the aggregate for one year and one language,
//! with every text already chosen for that language and every number left
//! raw (the template helpers format them). This is the interface between the
//! aggregation and the templates; it knows nothing of Typst.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::aggregate::{Aggregate, Comparison, Origin, Resolved, YearSummary};
use crate::config::{Config, Section, SectionContent, Unit};
use crate::data::Event;
use crate::locale::{self, Lang};
use crate::period::Period;
use crate::text::Text;

/// A JSON number, written without a fraction when it is a whole number;
/// null when unknown.
pub fn json_number(value: Option<f64>) -> Value {
    match value {
        None => Value::Null,
        Some(v) => match crate::input::whole(v) {
            Some(whole) => json!(whole),
            None => json!((v * 1e6).round() / 1e6),
        },
    }
}

use json_number as number;

/// Facts about the run that are not in the data: the language and the date.
#[derive(Clone, Debug)]
pub struct RunInfo {
    /// The report's language.
    pub lang: Lang,
    /// The year the report covers.
    pub year: i32,
    /// The date shown as the issue date (YYYY-MM-DD).
    pub issued: chrono::NaiveDate,
}

/// Builds the context for one report.
pub fn build(config: &Config, aggregate: &Aggregate<'_>, summary: &YearSummary, run: &RunInfo) -> Value {
    let lang = run.lang;
    let sources = Sources::new(aggregate, lang);
    let indicators: Map<String, Value> = summary
        .indicators
        .iter()
        .map(|item| {
            let value = indicator_json(config, &item.id, &item.year, &item.periods, &sources, lang);
            (item.id.clone(), value)
        })
        .collect();
    let sections: Vec<Value> = config
        .sections
        .iter()
        .enumerate()
        .map(|(index, section)| {
            section_json(index + 1, section, config, aggregate, summary, &indicators, &sources, lang)
        })
        .collect();
    json!({
        "lang": lang.code(),
        "year": run.year,
        "previous_year": run.year - 1,
        "title": config.report.title.get(lang),
        "organisation": config.report.organisation.get(lang),
        "issued": run.issued.format("%Y-%m-%d").to_string(),
        "keywords": keywords(config, lang),
        "indicators": indicators,
        "sections": sections,
        "sources": sources.list,
    })
}

fn keywords(config: &Config, lang: Lang) -> Vec<String> {
    let mut words = vec![
        match lang {
            Lang::En => "foreign affairs".to_owned(),
            Lang::Vi => "đối ngoại".to_owned(),
        },
        match lang {
            Lang::En => "annual review".to_owned(),
            Lang::Vi => "báo cáo năm".to_owned(),
        },
    ];
    words.push(config.report.organisation.get(lang).to_owned());
    words
}

/// The sources in citation order (by publication date), numbered from 1.
struct Sources {
    list: Vec<Value>,
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
                json!({
                    "id": source.id,
                    "number": index + 1,
                    "title": source.title.get(lang),
                    "publisher": source.publisher.get(lang),
                    "published": source.published.to_string(),
                    "url": source.url,
                })
            })
            .collect();
        Sources { list, numbers }
    }

    /// The citations of a list of source ids.
    fn cite(&self, ids: &[String]) -> Value {
        let cited: Vec<Value> =
            ids.iter().filter_map(|id| self.numbers.get(id).map(|&n| self.list[n - 1].clone())).collect();
        Value::Array(cited)
    }
}

fn text(value: &Text, lang: Lang) -> Value {
    json!(value.get(lang))
}

fn optional_text(value: &Option<Text>, lang: Lang) -> Value {
    value.as_ref().map_or(Value::Null, |t| text(t, lang))
}

fn resolved_json(resolved: &Resolved, sources: &Sources) -> Value {
    json!({
        "period": resolved.period.to_string(),
        "value": number(resolved.value),
        "known": resolved.value.is_some(),
        "qualifier": resolved.qualifier.name(),
        "origin": resolved.origin.name(),
        "logged": number(resolved.logged),
        "sources": sources.cite(&resolved.sources),
    })
}

fn comparison_json(comparison: &Comparison, sources: &Sources) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("period".into(), json!(comparison.current.period.to_string()));
    map.insert("current".into(), resolved_json(&comparison.current, sources));
    map.insert("previous".into(), resolved_json(&comparison.previous, sources));
    map.insert("change".into(), number(comparison.change));
    map.insert("has_change".into(), json!(comparison.change.is_some()));
    map.insert("change_pct".into(), number(comparison.change_pct.map(|p| (p * 10.0).round() / 10.0)));
    map.insert(
        "not_comparable".into(),
        json!(comparison.change.is_none() && comparison.current.value.is_some() && comparison.previous.value.is_some()),
    );
    map.insert("sub_year".into(), json!(!comparison.current.period.is_year()));
    map
}

fn indicator_json(
    config: &Config,
    id: &str,
    year: &Comparison,
    periods: &[Comparison],
    sources: &Sources,
    lang: Lang,
) -> Value {
    let indicator = config.indicator(id).expect("summaries follow the config");
    let (unit, currency) = match &indicator.unit {
        Unit::Money(code) => (json!(code), json!(code)),
        Unit::Quantity(t) => (text(t, lang), Value::Null),
    };
    let mut map = Map::new();
    map.insert("id".into(), json!(id));
    map.insert("label".into(), text(&indicator.label, lang));
    map.insert("unit".into(), unit);
    map.insert("currency".into(), currency);
    map.extend(comparison_json(year, sources));
    map.insert(
        "periods".into(),
        Value::Array(periods.iter().map(|c| Value::Object(comparison_json(c, sources))).collect()),
    );
    // What a key-figure card shows: the year, or else the latest sub-year
    // period with a value (e.g. the first half when the year is not out yet).
    let headline = if year.current.value.is_some() {
        year
    } else {
        periods.iter().rev().find(|c| c.current.value.is_some()).unwrap_or(year)
    };
    map.insert("headline".into(), Value::Object(comparison_json(headline, sources)));
    let conflicts: Vec<Value> = std::iter::once(year)
        .chain(periods)
        .flat_map(|c| [&c.current, &c.previous])
        .flat_map(|r| r.conflicts.iter().map(move |conflict| (r, conflict)))
        .map(|(resolved, conflict)| {
            json!({
                "period": resolved.period.to_string(),
                "kind": conflict.kind.name(),
                "used": number(resolved.value),
                "used_qualifier": resolved.qualifier.name(),
                "used_sources": sources.cite(&resolved.sources),
                "value": number(Some(conflict.value)),
                "qualifier": conflict.qualifier.name(),
                "sources": sources.cite(&conflict.sources),
            })
        })
        .collect();
    map.insert("conflicts".into(), Value::Array(conflicts));
    Value::Object(map)
}

fn event_json(event: &Event, config: &Config, sources: &Sources, lang: Lang) -> Value {
    let partners: Vec<Value> = event
        .partners
        .iter()
        .map(|p| {
            json!({
                "name": p.name,
                "country": p.country,
                "country_name": locale::country_name(&p.country, lang).unwrap_or(&p.country),
                "type": p.kind,
            })
        })
        .collect();
    json!({
        "id": event.id,
        "date": event.date.to_string(),
        "end": event.end.map(|d| d.to_string()),
        "kind": event.kind,
        "kind_label": config.kind(&event.kind).map_or(Value::Null, |k| text(&k.label, lang)),
        "title": text(&event.title, lang),
        "partners": partners,
        "amount": event.amount.as_ref().map(|a| json!({ "value": number(Some(a.value)), "currency": a.currency })),
        "sectors": event.sectors,
        "sources": sources.cite(&event.sources),
        "note": optional_text(&event.note, lang),
    })
}

#[allow(clippy::too_many_arguments)]
fn section_json(
    index: usize,
    section: &Section,
    config: &Config,
    aggregate: &Aggregate<'_>,
    summary: &YearSummary,
    indicators: &Map<String, Value>,
    sources: &Sources,
    lang: Lang,
) -> Value {
    let partial = match &section.content {
        SectionContent::Text { template } => template.clone(),
        other => format!("sections/{}", other.type_name()),
    };
    let mut map = Map::new();
    map.insert("index".into(), json!(index));
    map.insert("type".into(), json!(section.content.type_name()));
    map.insert("partial".into(), json!(partial));
    map.insert("title".into(), text(&section.title, lang));
    map.insert("intro".into(), optional_text(&section.intro, lang));
    let pick = |ids: &[String]| -> Vec<Value> { ids.iter().filter_map(|id| indicators.get(id).cloned()).collect() };
    match &section.content {
        SectionContent::Highlights { indicators: ids } => {
            map.insert("indicators".into(), Value::Array(pick(ids)));
        }
        SectionContent::Table { indicators: ids, years } => {
            let years: Vec<i32> = (summary.year - *years as i32 + 1..=summary.year).collect();
            let rows: Vec<Value> = ids
                .iter()
                .map(|id| {
                    let mut row = indicators.get(id).cloned().unwrap_or(Value::Null);
                    let values: Vec<Value> = years
                        .iter()
                        .map(|y| resolved_json(&aggregate.resolve(id, Period::Year(*y)), sources))
                        .collect();
                    let period_rows: Vec<Value> = summary
                        .indicators
                        .iter()
                        .filter(|item| &item.id == id)
                        .flat_map(|item| &item.periods)
                        .map(|comparison| {
                            let period = comparison.current.period;
                            let values: Vec<Value> = years
                                .iter()
                                .map(|y| resolved_json(&aggregate.resolve(id, with_year(period, *y)), sources))
                                .collect();
                            json!({ "period": period.to_string(), "values": values })
                        })
                        .collect();
                    if let Value::Object(map) = &mut row {
                        map.insert("values".into(), Value::Array(values));
                        map.insert("period_rows".into(), Value::Array(period_rows));
                    }
                    row
                })
                .collect();
            map.insert("years".into(), json!(years));
            map.insert("rows".into(), Value::Array(rows));
        }
        SectionContent::Trend { indicator, years } => {
            let resolved: Vec<(i32, Resolved)> = (summary.year - *years as i32 + 1..=summary.year)
                .map(|y| (y, aggregate.resolve(indicator, Period::Year(y))))
                .collect();
            let bars: Vec<Value> = resolved
                .iter()
                .map(|(year, r)| {
                    json!({
                        "year": year,
                        "value": number(r.value),
                        "known": r.value.is_some(),
                        "qualifier": r.qualifier.name(),
                        "origin": r.origin.name(),
                        "sources": sources.cite(&r.sources),
                    })
                })
                .collect();
            let max = resolved.iter().filter_map(|(_, r)| r.value).fold(0.0_f64, f64::max);
            let currency = match config.indicator(indicator).map(|i| &i.unit) {
                Some(Unit::Money(code)) => Some(code.as_str()),
                _ => None,
            };
            let alt_values: Vec<String> = resolved
                .iter()
                .map(|(year, r)| {
                    let shown = r.value.map_or("–".to_owned(), |v| locale::format_figure(v, "exact", currency, lang));
                    format!("{year}: {shown}")
                })
                .collect();
            map.insert("alt_values".into(), json!(alt_values.join("; ")));
            let mut cited: Vec<String> = Vec::new();
            for id in resolved.iter().flat_map(|(_, r)| &r.sources) {
                if !cited.contains(id) {
                    cited.push(id.clone());
                }
            }
            map.insert("sources".into(), sources.cite(&cited));
            map.insert("indicator".into(), indicators.get(indicator).cloned().unwrap_or(Value::Null));
            map.insert("bars".into(), Value::Array(bars));
            map.insert("max".into(), number(Some(max)));
            map.insert("has_data".into(), json!(max > 0.0));
        }
        SectionContent::Events { kinds } => {
            let groups: Vec<Value> = kinds
                .iter()
                .map(|kind| {
                    let events: Vec<Value> = summary
                        .events
                        .iter()
                        .filter(|e| &e.kind == kind)
                        .map(|e| event_json(e, config, sources, lang))
                        .collect();
                    json!({
                        "kind": kind,
                        "label": config.kind(kind).map_or(Value::Null, |k| text(&k.label, lang)),
                        "count": events.len(),
                        "events": events,
                    })
                })
                .collect();
            let total: usize = groups.iter().filter_map(|g| g["count"].as_u64()).sum::<u64>() as usize;
            map.insert("groups".into(), Value::Array(groups));
            map.insert("total".into(), json!(total));
        }
        SectionContent::Partners => {
            map.insert("partners".into(), partners_json(summary, sources, lang));
        }
        SectionContent::Text { .. } => {}
        SectionContent::DataNotes => {
            map.insert("notes".into(), data_notes_json(indicators));
        }
        SectionContent::Sources => {
            map.insert("sources".into(), Value::Array(sources.list.clone()));
        }
    }
    Value::Object(map)
}

/// The same period in another year.
fn with_year(period: Period, year: i32) -> Period {
    match period {
        Period::Year(_) => Period::Year(year),
        Period::Half(_, h) => Period::Half(year, h),
        Period::Quarter(_, q) => Period::Quarter(year, q),
        Period::Month(_, m) => Period::Month(year, m),
    }
}

fn partners_json(summary: &YearSummary, sources: &Sources, lang: Lang) -> Value {
    let partner = |p: &crate::aggregate::NetworkPartner| {
        json!({
            "name": p.name,
            "country": p.country,
            "country_name": locale::country_name(&p.country, lang).unwrap_or(&p.country),
            "type": p.kind,
            "since": if p.since_is_estimate { Value::Null } else { json!(p.since.map(|d| d.to_string())) },
            "sources": sources.cite(&p.sources),
        })
    };
    let mut countries: Vec<Value> = summary
        .partners
        .by_country
        .iter()
        .map(|(country, list)| {
            json!({
                "country": country,
                "country_name": locale::country_name(country, lang).unwrap_or(country),
                "count": list.len(),
                "partners": list.iter().map(partner).collect::<Vec<_>>(),
            })
        })
        .collect();
    countries.sort_by(|a, b| {
        b["count"]
            .as_u64()
            .cmp(&a["count"].as_u64())
            .then_with(|| a["country_name"].as_str().cmp(&b["country_name"].as_str()))
    });
    let mut engagement: Vec<Value> = summary
        .partners
        .engagement_by_country
        .iter()
        .map(|(country, count)| {
            json!({
                "country": country,
                "country_name": locale::country_name(country, lang).unwrap_or(country),
                "events": count,
            })
        })
        .collect();
    engagement.sort_by(|a, b| b["events"].as_u64().cmp(&a["events"].as_u64()));
    let network: Vec<Value> = summary
        .partners
        .network
        .iter()
        .map(|n| json!({ "year": n.year, "localities": n.localities, "countries": n.countries }))
        .collect();
    let total: usize = summary.partners.by_country.values().map(Vec::len).sum();
    json!({
        "total": total,
        "countries": countries,
        "new": summary.partners.new.iter().map(partner).collect::<Vec<_>>(),
        "network": network,
        "engagement": engagement,
    })
}

fn data_notes_json(indicators: &Map<String, Value>) -> Value {
    let mut conflicts = Vec::new();
    let mut derived = Vec::new();
    let mut from_log = Vec::new();
    let mut missing = Vec::new();
    for indicator in indicators.values() {
        let label = &indicator["label"];
        for conflict in indicator["conflicts"].as_array().into_iter().flatten() {
            let mut entry = conflict.clone();
            entry["label"] = label.clone();
            entry["currency"] = indicator["currency"].clone();
            conflicts.push(entry);
        }
        let comparisons = std::iter::once(indicator).chain(indicator["periods"].as_array().into_iter().flatten());
        for comparison in comparisons {
            for side in ["current", "previous"] {
                let resolved = &comparison[side];
                let entry = json!({
                    "label": label,
                    "period": resolved["period"],
                    "value": resolved["value"],
                    "qualifier": resolved["qualifier"],
                    "currency": indicator["currency"],
                    "sources": resolved["sources"],
                });
                match resolved["origin"].as_str() {
                    Some(o) if o == Origin::FromChange.name() => derived.push(entry),
                    Some(o) if o == Origin::Events.name() && side == "current" => from_log.push(entry),
                    _ => {}
                }
            }
        }
        if indicator["current"]["value"].is_null() {
            missing.push(json!({ "label": label }));
        }
    }
    json!({ "conflicts": conflicts, "derived": derived, "from_log": from_log, "missing": missing })
}
