//! One module per subcommand; each parses nothing itself (see
//! [`crate::args`]), calls the pipeline or a stage, and prints. Each returns
//! an exit code or a failure to [`crate::cli::run`].

mod add;
pub mod build;
pub mod check;
pub mod completions;
pub mod events;
mod export;
pub mod export_log;
pub mod figures;
pub mod import;
pub mod init;
pub mod partners;
pub mod schedule;
pub mod sources;
pub mod stats;
pub mod templates;
pub mod watch;
