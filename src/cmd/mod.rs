//! One module per subcommand; each takes its parsed arguments and returns
//! an exit code or a failure to [`crate::cli::run`].

pub mod build;
pub mod check;
pub mod completions;
pub mod events;
pub mod init;
pub mod schedule;
pub mod stats;
pub mod templates;
pub mod watch;

use crate::aggregate::{Aggregate, Aggregator};
use crate::config::Config;
use crate::data::{self, Counting, Counts};
use crate::diag::{Location, Problems};
use crate::typeset::FontSet;

/// The fonts a build of `config` uses; a fonts folder that cannot be used
/// is recorded as an error.
pub fn report_fonts(config: &Config, problems: &mut Problems) -> Option<FontSet> {
    match FontSet::load(config.report.fonts.as_deref()) {
        Ok(fonts) => Some(fonts),
        Err(reason) => {
            problems.error(Location::file(crate::diag::display_path(&config.path)), reason);
            None
        }
    }
}

/// The data directory, loaded and aggregated, with what loading found.
pub struct Loaded<'c> {
    /// The aggregate of every record.
    pub aggregate: Aggregate<'c>,
    /// How many records were read.
    pub counts: Counts,
    /// How many files were read.
    pub files: usize,
    /// Errors and warnings in the data.
    pub problems: Problems,
}

/// Loads the data directory of `config` in one pass, keeping the events of
/// the years in `keep_events`. Every text is checked against the fonts the
/// build will use, so text the PDF could not show is an error here, located
/// in the data, not a Typst error in the generated source.
pub fn load_data(config: &Config, keep_events: Vec<i32>) -> Loaded<'_> {
    let mut problems = Problems::new();
    let fonts = report_fonts(config, &mut problems);
    let unprintable = |text: &str| fonts.as_ref().and_then(|fonts| fonts.unprintable(text));
    for (location, text) in &config.texts {
        for variant in text.variants() {
            if let Some(reason) = unprintable(variant) {
                problems.error(location.clone(), reason);
            }
        }
    }
    let options = data::Options { overlay: None, unprintable: Some(&unprintable) };
    let mut aggregator = Aggregator::new(config, keep_events);
    let mut counting = Counting { inner: &mut aggregator, counts: Counts::default() };
    let files = data::load_with(config, options, &mut problems, &mut counting);
    let counts = counting.counts;
    let aggregate = aggregator.finish();
    for error in aggregate.errors() {
        problems.push(error.clone());
    }
    Loaded { aggregate, counts, files, problems }
}
