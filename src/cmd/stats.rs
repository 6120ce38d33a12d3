//! `yearbrief stats`: the year-over-year comparison as a table or as JSON,
//! or the figures by year as CSV or a workbook (the shapes are
//! `view::stats`; all four are made from the one summary of the year).

use std::process::ExitCode;

use crate::args::{StatsArgs, StatsFormat};
use crate::cmd::export;
use crate::failure::Failure;
use crate::pipeline::load_config;
use crate::view::stats::{StatsView, to_csv, to_table};
use crate::view::to_json_text;

/// Prints the statistics of a year, or writes them to `--output`.
pub fn run(args: &StatsArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config.config)?;
    let year = args.year.resolve(&config);
    let lang = args.lang.unwrap_or_else(|| config.report.main_language());
    let (csv, xlsx) = (args.format == StatsFormat::Csv, args.format == StatsFormat::Xlsx);
    export::check_flags(xlsx, csv, args.output.as_deref(), args.excel)?;
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
    let view = || StatsView::new(&loaded.aggregate, &summary, lang);
    let (bytes, rows) = match args.format {
        StatsFormat::Json => (
            to_json_text(&view()).map_err(|err| Failure::Message(format!("cannot write JSON: {err}")))?.into_bytes(),
            None,
        ),
        StatsFormat::Table => (to_table(&config, &summary, lang).into_bytes(), None),
        StatsFormat::Csv => {
            let rows = view().figure_rows();
            let csv = to_csv(&rows, lang).map_err(|err| Failure::Message(format!("cannot write CSV: {err}")))?;
            (export::csv_bytes(csv, args.excel), Some(rows.len()))
        }
        StatsFormat::Xlsx => {
            let rows = view().figure_rows();
            let bytes = crate::export::stats::figures_workbook(&rows, lang)
                .map_err(|err| Failure::Message(format!("cannot write the workbook: {err}")))?;
            (bytes, Some(rows.len()))
        }
    };
    let written = match rows {
        Some(rows) => format!("{} of figures for {year}", crate::log::count(rows, "row")),
        None => format!("the statistics of {year}"),
    };
    export::deliver(bytes, args.output.as_deref(), &written)?;
    Ok(ExitCode::SUCCESS)
}
