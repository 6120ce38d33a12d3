//! `yearbrief check`: validate the config and every data file at once.

use std::process::ExitCode;

use crate::args::CheckArgs;
use crate::diag::display_path;
use crate::failure::Failure;
use crate::log::{count, print_problems, summary_line};
use crate::pipeline::load_config;

/// Loads everything, prints every problem found, and fails on any error.
pub fn run(args: &CheckArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config.config)?;
    let crate::pipeline::Loaded { aggregate, counts, files, mut problems } =
        crate::pipeline::load_data(&config, Vec::new());
    let year = config.report.year.resolve(crate::period::today());
    problems.extend(crate::output::check(&config, year, &config.report.languages));
    if let Err(template_problems) = crate::pipeline::load_templates(&config) {
        problems.extend(template_problems);
    }
    if !problems.has_errors() {
        for warning in aggregate.warnings() {
            problems.push(warning);
        }
    }
    if problems.has_errors() {
        return Err(Failure::Input(problems));
    }
    let (_, warnings) = problems.counts();
    print_problems(problems);
    let coverage = match counts.coverage {
        0 => String::new(),
        n => format!(", {}", count(n, "coverage statement")),
    };
    crate::log::report(format!(
        "{}: {}, {}, {}, {}, {}{coverage}; {}",
        display_path(&config.report.data).display(),
        count(files, "file"),
        count(counts.sources, "source"),
        count(counts.events, "event"),
        count(counts.figures, "figure"),
        count(counts.partners, "partner"),
        summary_line(0, warnings)
    ))?;
    Ok(ExitCode::SUCCESS)
}
