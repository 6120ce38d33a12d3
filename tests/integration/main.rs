//! The integration tests, one binary: every area runs the real `yearbrief`
//! binary (or, for the fuzz corpora, the library's loaders) on fixture
//! projects in `tests/fixtures/`. One binary, so the test harness links once.

mod adding;
mod briefing;
mod build;
mod cache;
mod cli;
mod common;
mod contract;
mod diagnostics;
mod editing;
mod figures;
mod fuzz_corpus;
mod honest;
mod import;
/// The location checks the fuzz targets share (`crate::located` in them).
#[path = "../../fuzz/targets/located.rs"]
mod located;
mod map;
mod mistakes;
mod office;
mod ops;
mod reliability;
mod scale;
mod schedule;
mod watch;
