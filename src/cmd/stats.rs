//! `yearbrief stats`: the year-over-year comparison as a table or as JSON.
//!
//! The JSON shape is a contract documented in the README; [`to_json`] is the
//! one place that defines it.

use std::process::ExitCode;

use serde_json::{Map, Value, json};

use crate::aggregate::{Aggregate, Comparison, Resolved, YearSummary};
use crate::args::{StatsArgs, StatsFormat};
use crate::config::{Config, Unit};
use crate::context::json_number as number;
use crate::failure::Failure;
use crate::locale::{self, Lang};
use crate::pipeline::load_config;

/// Prints the statistics of a year.
pub fn run(args: &StatsArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config.config)?;
    let year = args.year.resolve(&config);
    let lang = args.lang.unwrap_or_else(|| config.report.main_language());
    // `stats` shows no event list, so no events are kept: memory stays flat.
    let loaded = crate::pipeline::load_data(&config, Vec::new());
    if loaded.problems.has_errors() {
        return Err(Failure::Input(loaded.problems));
    }
    let (_, warnings) = loaded.problems.counts();
    if warnings > 0 {
        crate::log::note(format!("the data has {warnings} warning(s); run `yearbrief check` to see them"));
    }
    let summary = loaded.aggregate.year(year);
    let text = match args.format {
        StatsFormat::Json => {
            let mut text = serde_json::to_string_pretty(&to_json(&loaded.aggregate, &summary, lang))
                .map_err(|err| Failure::Message(format!("cannot write JSON: {err}")))?;
            text.push('\n');
            text
        }
        StatsFormat::Table => to_table(&config, &summary, lang),
    };
    crate::log::print(text)?;
    Ok(ExitCode::SUCCESS)
}

fn unit_json(unit: &Unit, lang: Lang) -> Value {
    match unit {
        Unit::Money(code) => json!(code),
        Unit::Quantity(text) => json!(text.get(lang)),
    }
}

fn resolved_fields(resolved: &Resolved) -> (Value, Value, Value) {
    let qualifier = if resolved.value.is_some() { json!(resolved.qualifier.name()) } else { Value::Null };
    (number(resolved.value), qualifier, json!(resolved.origin.name()))
}

fn comparison_json(comparison: &Comparison) -> Map<String, Value> {
    let (value, qualifier, origin) = resolved_fields(&comparison.current);
    let (previous, previous_qualifier, previous_origin) = resolved_fields(&comparison.previous);
    let conflicts: Vec<Value> = comparison
        .current
        .conflicts
        .iter()
        .map(|conflict| {
            json!({
                "kind": conflict.kind.name(),
                "value": number(Some(conflict.value)),
                "qualifier": conflict.qualifier.name(),
                "sources": conflict.sources,
                "at": conflict.location.to_string(),
            })
        })
        .collect();
    let mut map = Map::new();
    map.insert("value".into(), value);
    map.insert("qualifier".into(), qualifier);
    map.insert("origin".into(), origin);
    map.insert("logged".into(), number(comparison.current.logged));
    map.insert("previous".into(), previous);
    map.insert("previous_qualifier".into(), previous_qualifier);
    map.insert("previous_origin".into(), previous_origin);
    map.insert("change".into(), number(comparison.change));
    map.insert("change_pct".into(), number(comparison.change_pct.map(|p| (p * 10.0).round() / 10.0)));
    map.insert("sources".into(), json!(comparison.current.sources));
    map.insert("previous_sources".into(), json!(comparison.previous.sources));
    map.insert("conflicts".into(), Value::Array(conflicts));
    map
}

/// The JSON form of a year's summary (the `stats --format json` contract).
pub fn to_json(aggregate: &Aggregate<'_>, summary: &YearSummary, lang: Lang) -> Value {
    let config = aggregate.config();
    let indicators: Vec<Value> = summary
        .indicators
        .iter()
        .map(|item| {
            let indicator = config.indicator(&item.id).expect("summaries follow the config");
            let mut map = Map::new();
            map.insert("id".into(), json!(item.id));
            map.insert("label".into(), json!(indicator.label.get(lang)));
            map.insert("unit".into(), unit_json(&indicator.unit, lang));
            map.extend(comparison_json(&item.year));
            let periods: Vec<Value> = item
                .periods
                .iter()
                .map(|comparison| {
                    let mut period = Map::new();
                    period.insert("period".into(), json!(comparison.current.period.to_string()));
                    period.extend(comparison_json(comparison));
                    Value::Object(period)
                })
                .collect();
            map.insert("periods".into(), Value::Array(periods));
            Value::Object(map)
        })
        .collect();
    let events_by_kind: Map<String, Value> = summary
        .events_by_kind
        .iter()
        .map(|k| (k.kind.clone(), json!({ "count": k.count, "previous": k.previous })))
        .collect();
    let partners = &summary.partners;
    let current_size = partners.network.last();
    let previous_size = partners.network.iter().rev().nth(1);
    let by_country: Map<String, Value> = partners
        .by_country
        .iter()
        .map(|(country, list)| (country.clone(), json!(list.iter().map(|p| p.name.as_str()).collect::<Vec<_>>())))
        .collect();
    let new: Vec<Value> = partners
        .new
        .iter()
        .map(|p| json!({ "name": p.name, "country": p.country, "type": p.kind, "since": p.since.map(|d| d.to_string()) }))
        .collect();
    let network: Vec<Value> = partners
        .network
        .iter()
        .map(|n| json!({ "year": n.year, "localities": n.localities, "countries": n.countries }))
        .collect();
    json!({
        "year": summary.year,
        "indicators": indicators,
        "events_by_kind": events_by_kind,
        "partners": {
            "localities": current_size.map(|n| n.localities),
            "countries": current_size.map(|n| n.countries),
            "localities_previous": previous_size.map(|n| n.localities),
            "countries_previous": previous_size.map(|n| n.countries),
            "new": new,
            "by_country": by_country,
            "network": network,
            "engagement_by_country": partners.engagement_by_country,
        },
    })
}

fn shown(resolved: &Resolved, unit: &Unit, lang: Lang) -> String {
    let Some(value) = resolved.value else { return "–".to_owned() };
    let marker = match resolved.origin {
        crate::aggregate::Origin::FromChange => " (Δ)",
        crate::aggregate::Origin::Events => " (log)",
        _ => "",
    };
    format!("{}{marker}", locale::format_figure(value, resolved.qualifier.name(), currency(unit), lang))
}

/// The currency of a money indicator.
fn currency(unit: &Unit) -> Option<&str> {
    match unit {
        Unit::Money(code) => Some(code),
        Unit::Quantity(_) => None,
    }
}

/// The table form: one row per indicator (and per reported sub-year period).
pub fn to_table(config: &Config, summary: &YearSummary, lang: Lang) -> String {
    let year = summary.year;
    let (indicator_heading, change_heading, legend) = match lang {
        Lang::En => {
            ("indicator", "change", "(Δ) derived from a reported change; (log) counted from the event log; – no data")
        }
        Lang::Vi => (
            "chỉ tiêu",
            "tăng/giảm",
            "(Δ) tính từ mức tăng/giảm được công bố; (log) đếm từ nhật ký sự kiện; – không có số liệu",
        ),
    };
    let mut rows: Vec<[String; 5]> =
        vec![[indicator_heading.into(), year.to_string(), (year - 1).to_string(), change_heading.into(), "%".into()]];
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
                .map_or("–".to_owned(), |change| locale::format_change(change, currency(&indicator.unit), lang));
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
    out.push_str(legend);
    out.push('\n');
    out
}
