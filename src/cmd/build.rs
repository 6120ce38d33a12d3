//! `yearbrief build`: the PDF report, one file per language (see
//! [`crate::pipeline::build`], which does the work).

use std::process::ExitCode;
use std::time::Duration;

use crate::args::{BuildArgs, Emit};
use crate::diag::display_path;
use crate::failure::Failure;
use crate::log;
use crate::pipeline::{self, BuildRequest, Extras, Outcome};

/// Builds the report in every language of the config (or those asked for).
pub fn run(args: &BuildArgs) -> Result<ExitCode, Failure> {
    let config = pipeline::load_config(&args.config.config)?;
    let request = BuildRequest {
        year: args.year.resolve(&config),
        languages: args.languages.pick(&config),
        extras: Extras { typst: args.emit.contains(&Emit::Typst), context: args.emit.contains(&Emit::Context) },
        if_changed: args.if_changed,
        wait: Duration::from_secs(args.wait),
        allow_empty: args.allow_empty,
        parallel: !args.sequential,
    };
    pipeline::build(&config, &request, |outcome| {
        if args.quiet {
            return;
        }
        match outcome {
            Outcome::UpToDate { output } => log::info(format!("{} is up to date", display_path(output).display())),
            Outcome::Written { output, pages, elapsed } => log::info(format!(
                "wrote {} ({pages} pages, {} ms)",
                display_path(output).display(),
                elapsed.as_millis()
            )),
        }
    })?;
    Ok(ExitCode::SUCCESS)
}
