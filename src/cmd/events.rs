//! `yearbrief events`: record an event from the command line, and list the log.
//!
//! Staff who would rather not edit TOML by hand record an event with
//! `events add`. The new record is checked by the very loader `check` uses,
//! run on the data directory as it would be after the edit, and only then
//! written. The new file is the old text, byte for byte, followed by the
//! record (rendered by `toml_edit`, so quoting is always right), so comments,
//! spacing and layout of the existing records are never touched.
//! `events list` shows the log as a table, JSON or CSV.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::append::{Appender, DataFile, data_file};
use crate::args::{AddArgs, EventsArgs, EventsCommand, ListArgs, ListFormat};
use crate::cmd::{add, export};
use crate::config::{Config, kind_hint};
use crate::data::Event;
use crate::diag::{Location, Problems};
use crate::failure::Failure;
use crate::i18n::Lang;
use crate::period::PartialDate;
use crate::period::today;
use crate::pipeline::{LoadOptions, load_config, load_data_with};
use crate::record::{AmountFields, EventFields, PartnerFields, Texts, slug};
use crate::view::events::{EventsView, to_csv, to_table};
use crate::view::to_json_text;

/// Runs `events add` or `events list`.
pub fn run(args: &EventsArgs) -> Result<ExitCode, Failure> {
    match &args.command {
        EventsCommand::Add(add) => run_add(add),
        EventsCommand::List(list) => run_list(list),
    }
}

/// The data file an event goes to: `--file`, else `<data>/<year of --date>.toml`.
fn target_file(config: &Config, args: &AddArgs) -> Result<DataFile, Failure> {
    let default = match &args.file {
        Some(_) => PathBuf::new(),
        None => {
            let year = match PartialDate::parse(&args.date) {
                Ok(date) => date.year().to_string(),
                Err(reason) => match args.date.get(..4) {
                    Some(year) if year.bytes().all(|b| b.is_ascii_digit()) => year.to_owned(),
                    _ => return Err(Failure::Message(format!("--date: {reason}"))),
                },
            };
            PathBuf::from(format!("{year}.toml"))
        }
    };
    data_file(config, args.file.as_deref(), "--file", default)
}

/// An id made from the date, kind and title, unique among `taken`.
fn generated_id(args: &AddArgs, taken: &HashMap<String, Location>) -> String {
    let parts = [slug(&args.date, 3), slug(&args.kind, 3), slug(&args.title, 4)];
    let base = parts.iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join("-");
    let base = if base.is_empty() { "event".to_owned() } else { base };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains_key(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The new event's fields, as the flags give them.
fn fields(args: &AddArgs, id: &str) -> EventFields {
    EventFields {
        id: Some(id.to_owned()),
        date: args.date.clone(),
        end: args.end.clone(),
        kind: args.kind.clone(),
        title: Texts { en: Some(args.title.clone()), vi: args.title_vi.clone() },
        partners: args
            .partners
            .iter()
            .map(|p| PartnerFields {
                name: Texts::plain(p.name.as_str()),
                country: p.country.clone(),
                kind: p.kind.clone(),
            })
            .collect(),
        amount: args.amount.as_ref().map(|a| AmountFields { value: a.value, currency: a.currency.clone() }),
        sectors: args.sectors.clone(),
        sources: args.sources.clone(),
        note: Texts { en: args.note.clone(), vi: args.note_vi.clone() },
    }
}

/// The flag a key of the new record came from.
fn flag_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "id" => "--id",
        "date" => "--date",
        "end" => "--end",
        "kind" => "--kind",
        "title" => "--title",
        "partners" => "--partner",
        "amount" => "--amount",
        "sectors" => "--sector",
        "source" => "--source",
        "note" => "--note",
        _ => return None,
    })
}

/// Records a new event in the log, or refuses it with the reasons.
pub fn run_add(args: &AddArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config.config)?;
    let target = target_file(&config, args)?;
    let appender = Appender::open(&config, target, Duration::from_secs(args.wait), &mut |_| {})?;
    let shown = appender.shown().to_path_buf();
    let existing_errors = appender.existing_errors();
    if existing_errors > 0 {
        crate::log::note(format!(
            "the data directory already has {} (not caused by this event); run `yearbrief check` to see them",
            crate::log::count(existing_errors, "error")
        ));
    }
    let id = match &args.id {
        Some(id) => {
            if let Some(first) = appender.ids().get(id) {
                let mut problems = Problems::new();
                problems.error(
                    None,
                    format!(
                        "event id `{id}` is already used at {first}; choose another id, or leave --id out to have one made (from --id)"
                    ),
                );
                return Err(add::refuse(problems, "the event", &shown, appender.exists()));
            }
            id.clone()
        }
        None => generated_id(args, appender.ids()),
    };

    let proposal = appender.propose("event", &[fields(args, &id).to_table()])?;
    let created = if appender.exists() { "" } else { " (a new file)" };
    add::finish(appender, proposal, "the event", flag_of)?;
    crate::log::report(format!("added {id} to {}{created}", shown.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// Lists the events of the log, filtered and sorted by date.
pub fn run_list(args: &ListArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config.config)?;
    for kind in &args.kind {
        if config.kind(kind).is_none() {
            return Err(Failure::Message(format!(
                "--kind: unknown event kind `{kind}`; {}",
                kind_hint(kind, &config.kinds)
            )));
        }
    }
    let lang = args.lang.unwrap_or_else(|| config.report.main_language());
    let year = args.year.map(|y| y.resolve(today()));
    let partner = args.partner.as_deref().map(str::to_lowercase);
    let wanted = |e: &Event| {
        year.is_none_or(|y| e.date.year() == y)
            && (args.kind.is_empty() || args.kind.contains(&e.kind))
            && partner.as_deref().is_none_or(|text| {
                e.partners.iter().any(|p| {
                    p.name.variants().iter().any(|name| name.to_lowercase().contains(text))
                        || p.country.eq_ignore_ascii_case(text)
                })
            })
    };
    let mut events: Vec<Event> = Vec::new();
    let mut keep = |event: &Event| {
        if wanted(event) {
            events.push(event.clone());
        }
    };
    let loaded = load_data_with(&config, LoadOptions { on_event: Some(&mut keep), ..LoadOptions::default() });
    if loaded.problems.has_errors() {
        return Err(Failure::Input(loaded.problems));
    }
    let (_, warnings) = loaded.problems.counts();
    if warnings > 0 {
        crate::log::note(format!("the data has {warnings} warning(s); run `yearbrief check` to see them"));
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.location.cmp(&b.location)));
    export::check_flags(
        args.format == ListFormat::Xlsx,
        args.format == ListFormat::Csv,
        args.output.as_deref(),
        args.excel,
    )?;
    let kind_label = |kind: &str| match lang {
        Lang::En => kind.to_owned(),
        _ => config.kind(kind).map_or_else(|| kind.to_owned(), |k| k.label.get(lang).to_owned()),
    };
    let bytes = match args.format {
        ListFormat::Table => to_table(&events, lang).into_bytes(),
        ListFormat::Json => to_json_text(&EventsView::new(&events, lang))
            .map_err(|err| Failure::Message(format!("cannot write JSON: {err}")))?
            .into_bytes(),
        ListFormat::Csv => {
            let csv = to_csv(&events, lang, kind_label)
                .map_err(|err| Failure::Message(format!("cannot write CSV: {err}")))?;
            export::csv_bytes(csv, args.excel)
        }
        ListFormat::Xlsx => crate::export::events_workbook(&events, &config, lang)
            .map_err(|err| Failure::Message(format!("cannot write the workbook: {err}")))?,
    };
    export::deliver(bytes, args.output.as_deref(), &crate::log::count(events.len(), "event"))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::{ConfigArg, parse_amount, parse_partner};

    #[test]
    fn the_record_has_the_flags_in_the_readmes_order() {
        let args = AddArgs {
            config: ConfigArg { config: PathBuf::from("c.toml") },
            kind: "agreement".into(),
            date: "2025-03-14".into(),
            end: None,
            title: "MOU \"Daegu\"".into(),
            title_vi: Some("Ghi nhớ".into()),
            partners: vec![parse_partner("Daegu,KR,locality").unwrap()],
            amount: Some(parse_amount("2800000 USD").unwrap()),
            sectors: vec!["culture".into()],
            sources: vec!["s1".into()],
            id: None,
            note: None,
            note_vi: None,
            file: None,
            wait: 0,
        };
        let text = crate::record::records_text("event", [&fields(&args, "x").to_table()]);
        assert_eq!(
            text,
            "[[event]]\nid = \"x\"\ndate = \"2025-03-14\"\nkind = \"agreement\"\ntitle = { en = 'MOU \"Daegu\"', vi = \"Ghi nhớ\" }\npartners = [{ name = \"Daegu\", country = \"KR\", type = \"locality\" }]\namount = { value = 2800000, currency = \"USD\" }\nsectors = [\"culture\"]\nsource = \"s1\"\n"
        );
    }
}
