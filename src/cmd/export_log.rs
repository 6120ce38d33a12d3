//! `yearbrief export`: the whole log as a workbook, to hand over, to keep,
//! or to edit in a spreadsheet and bring back.
//!
//! Every source, event, figure and partner of the data directory, in the
//! order the log holds them, goes to a sheet of its type with the columns
//! `import` reads (see [`crate::export::log_workbook`]); importing the
//! workbook into the same log adds nothing.

use std::process::ExitCode;

use crate::args::LogExportArgs;
use crate::cmd::export::deliver;
use crate::failure::Failure;
use crate::pipeline::{LoadOptions, Seen, load_config, load_data_with};
use crate::record::{EventFields, FigureFields, Record, SourceFields, StandingPartnerFields};

/// Writes the log to the workbook `args.output`.
pub fn run(args: &LogExportArgs) -> Result<ExitCode, Failure> {
    if !args.output.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("xlsx")) {
        return Err(Failure::Message(format!(
            "the workbook must be an .xlsx file, not {}",
            crate::diag::display_path(&args.output).display()
        )));
    }
    let config = load_config(&args.config.config)?;
    let lang = args.lang.unwrap_or_else(|| config.report.main_language());
    let mut records: Vec<Record> = Vec::new();
    let mut keep = |seen: Seen<'_>| {
        records.push(match seen {
            Seen::Source(source) => Record::Source(SourceFields::of(source)),
            Seen::Event(event) => Record::Event(EventFields::of(event)),
            Seen::Figure(figure) => Record::Figure(FigureFields::of(figure)),
            Seen::Partner(partner) => Record::Partner(StandingPartnerFields::of(partner)),
        });
    };
    let loaded = load_data_with(&config, LoadOptions { on_record: Some(&mut keep), ..LoadOptions::default() });
    // A log with errors would not come back as it went out.
    if loaded.problems.has_errors() {
        return Err(Failure::Input(loaded.problems));
    }
    let bytes = crate::export::log_workbook(&records, &config, lang)
        .map_err(|err| Failure::Message(format!("cannot write the workbook: {err}")))?;
    deliver(bytes, Some(&args.output), &crate::log::count(records.len(), "record"))?;
    Ok(ExitCode::SUCCESS)
}
