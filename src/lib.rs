//! yearbrief: turns a foreign-affairs department's event log into a yearly PDF briefing.
//!
//! The pipeline has one module per stage: [`config`] reads the report
//! definition, [`data`] loads the event log, `aggregate` computes the
//! year-over-year comparison, `view` builds what the templates show (and
//! the JSON of `stats` and `events list`),
//! [`render`] turns templates into Typst markup and [`typeset`] compiles it
//! to PDF; `pipeline` owns a build from end to end, and `cli` with `cmd`
//! ties it to the command line (`args` holds the clap definitions). `diag`,
//! `input`, `text`, `period`, `i18n` (the wording) and `locale` (number and
//! date rules) are the shared vocabulary of the
//! stages; `walk`, `write`, `lock`, `output` and `manifest` keep reads inside
//! the project, writes atomic, runs apart and unchanged builds skipped;
//! `cache` keeps checked data files between runs.
//!
//! Only what the binary and the tests outside the crate (the fuzz targets
//! and their corpus replay) use is public: [`main`], the config and data
//! loaders with the diagnostics they return, the escaping, and the fonts.

mod aggregate;
mod append;
mod args;
mod cache;
mod cli;
mod cmd;
pub mod config;
mod country;
mod cron;
pub mod data;
pub mod diag;
mod export;
mod failure;
mod i18n;
mod import;
mod input;
mod locale;
mod lock;
mod log;
mod manifest;
mod output;
mod period;
mod pipeline;
mod record;
pub mod render;
mod table;
mod text;
pub mod typeset;
mod view;
mod walk;
mod write;

pub use cli::main;
