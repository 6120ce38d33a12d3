//! `figures add`: a reported figure (a statistic for a period) recorded
//! from the command line, checked as `check` would check it, appended to a
//! data file, and printed as written, so that an officer with a figure from
//! a bulletin need not write TOML.

use std::process::ExitCode;

use crate::args::{FigureAddArgs, FiguresArgs, FiguresCommand};
use crate::cmd::add;
use crate::failure::Failure;
use crate::import::cells::{Cell, period};
use crate::pipeline::load_config;
use crate::record::{FigureFields, Record};

/// Runs a `figures` subcommand.
pub fn run(args: &FiguresArgs) -> Result<ExitCode, Failure> {
    match &args.command {
        FiguresCommand::Add(args) => run_add(args),
    }
}

/// The flag that set a key of the new `[[figure]]`.
fn flag_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "indicator" => "--indicator",
        "period" => "--period",
        "value" => "--value",
        "qualifier" => "--qualifier",
        "change" => "--change",
        "as-of" => "--as-of",
        "source" => "--source",
        "note" => "--note",
        _ => return None,
    })
}

/// The new figure's fields, as the flags give them; the period in any of
/// the forms the import reads (`quý 1/2025` is `2025-Q1`).
fn fields(args: &FigureAddArgs) -> Result<FigureFields, Failure> {
    let period =
        period(&Cell::Text(args.period.clone())).map_err(|reason| Failure::Message(format!("--period: {reason}")))?;
    Ok(FigureFields {
        indicator: args.indicator.clone(),
        period,
        value: args.value,
        qualifier: args.qualifier.unwrap_or_default(),
        change: args.change,
        as_of: args.as_of.clone(),
        sources: args.sources.clone(),
        note: args.note.texts(),
    })
}

/// Records a new figure, or refuses it with the reasons.
fn run_add(args: &FigureAddArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config.config)?;
    let record = Record::Figure(fields(args)?);
    let added = add::append(&config, args.file.as_deref(), "figures.toml", args.wait, &record, flag_of)?;
    add::show(added, "figure")?;
    Ok(ExitCode::SUCCESS)
}
