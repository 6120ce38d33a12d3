//! libFuzzer entry point for the Typst escaping; the check itself is in
//! `fuzz/targets/escape.rs`, shared with `tests/integration/fuzz_corpus.rs`.

#![no_main]

#[path = "../targets/escape.rs"]
mod escape;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| escape::check(bytes));
