//! libFuzzer entry point for the config loader; the check itself is in
//! `fuzz/targets/config_loader.rs`, shared with `tests/integration/fuzz_corpus.rs`.

#![no_main]

use std::sync::LazyLock;

#[path = "../targets/located.rs"]
mod located;

#[path = "../targets/config_loader.rs"]
mod config_loader;

/// One temporary folder for the whole run.
static CONFIG: LazyLock<config_loader::ConfigFile> = LazyLock::new(config_loader::ConfigFile::new);

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| CONFIG.check(bytes));
