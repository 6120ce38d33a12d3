//! yearbrief: turns a foreign-affairs department's event log into a yearly PDF briefing.
//!
//! The pipeline has one module per stage: [`config`] reads the report
//! definition, [`data`] loads the event log, [`aggregate`] computes the
//! year-over-year comparison, and [`cli`] with [`cmd`] ties them to the
//! command line. [`diag`], [`input`], [`text`], [`period`] and [`locale`] are
//! the shared vocabulary of the stages. [`lock`], [`manifest`] and [`log`]
//! serve unattended runs: one run per output, skipping unchanged builds, and
//! messages a log file or collector can keep.

pub mod aggregate;
pub mod args;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod context;
pub mod cron;
pub mod data;
pub mod diag;
pub mod failure;
pub mod input;
pub mod locale;
pub mod lock;
pub mod log;
pub mod manifest;
pub mod output;
pub mod period;
pub mod pipeline;
pub mod render;
pub mod table;
pub mod text;
pub mod typeset;
pub mod walk;
pub mod write;
