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
use crate::diag::Problems;

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
/// the years in `keep_events`.
pub fn load_data(config: &Config, keep_events: Vec<i32>) -> Loaded<'_> {
    let mut problems = Problems::new();
    let mut aggregator = Aggregator::new(config, keep_events);
    let mut counting = Counting { inner: &mut aggregator, counts: Counts::default() };
    let files = data::load(config, &mut problems, &mut counting);
    let counts = counting.counts;
    Loaded { aggregate: aggregator.finish(), counts, files, problems }
}
