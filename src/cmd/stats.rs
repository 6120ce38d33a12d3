//! `yearbrief stats`: the year-over-year comparison as a table or as JSON
//! (the shapes are `view::stats`).

use std::process::ExitCode;

use crate::args::{StatsArgs, StatsFormat};
use crate::failure::Failure;
use crate::pipeline::load_config;
use crate::view::stats::{StatsView, to_table};
use crate::view::to_json_text;

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
        StatsFormat::Json => to_json_text(&StatsView::new(&loaded.aggregate, &summary, lang))
            .map_err(|err| Failure::Message(format!("cannot write JSON: {err}")))?,
        StatsFormat::Table => to_table(&config, &summary, lang),
    };
    crate::log::print(text)?;
    Ok(ExitCode::SUCCESS)
}
