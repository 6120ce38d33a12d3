//! libFuzzer entry point for the data loader; the check itself is in
//! `fuzz/targets/data_loader.rs`, shared with `tests/integration/fuzz_corpus.rs`.

#![no_main]

use std::sync::LazyLock;

#[path = "../targets/located.rs"]
mod located;

#[path = "../targets/data_loader.rs"]
mod data_loader;

/// One project for the whole run: creating it per input would cost more than the load.
static PROJECT: LazyLock<data_loader::Project> = LazyLock::new(data_loader::Project::new);

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| PROJECT.check(bytes));
