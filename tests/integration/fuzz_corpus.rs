//! Replays the committed fuzz corpora through the fuzz targets' checks.
//!
//! The checks live in `fuzz/targets/`, shared with the cargo-fuzz targets in
//! `fuzz/fuzz_targets/`, so a plain `cargo test` on stable runs exactly the
//! properties the fuzzer ran, on every input in `fuzz/corpus/<target>/`.
//! See `docs/reliability.md`.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../../fuzz/targets/data_loader.rs"]
mod data_loader;

#[path = "../../fuzz/targets/config_loader.rs"]
mod config_loader;

#[path = "../../fuzz/targets/escape.rs"]
mod escape;

/// Every file of a target's corpus, sorted by name; fails on an empty or
/// missing corpus, which would test nothing.
fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()));
    let mut files: Vec<PathBuf> = entries.map(|entry| entry.expect("a directory entry").path()).collect();
    files.retain(|path| path.is_file());
    files.sort();
    assert!(!files.is_empty(), "the corpus {} is empty, so nothing would be tested", dir.display());
    files
}

/// Runs `check` on every input of a target's corpus, naming the input that fails.
fn replay(target: &str, check: impl Fn(&[u8])) {
    for path in corpus(target) {
        let bytes = std::fs::read(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)));
        if outcome.is_err() {
            panic!("{} fails the {target} check; the reason is above", path.display());
        }
    }
}

#[test]
fn data_loader_corpus_passes() {
    let project = data_loader::Project::new();
    replay("data_loader", |bytes| project.check(bytes));
}

#[test]
fn config_loader_corpus_passes() {
    let config = config_loader::ConfigFile::new();
    replay("config_loader", |bytes| config.check(bytes));
}

#[test]
fn escape_corpus_passes() {
    replay("escape", escape::check);
}

/// Printed around the loaders' replay in the child process, to find their output.
const START: &str = "==== the loaders start ====";
const END: &str = "==== the loaders are done ====";

/// The loaders' half of [`the_loaders_print_nothing`], run by it in a child
/// process whose output it reads; ignored in a normal run.
#[test]
#[ignore = "run by the_loaders_print_nothing in a child process"]
fn replay_loaders_between_markers() {
    let project = data_loader::Project::new();
    let config = config_loader::ConfigFile::new();
    println!("{START}");
    replay("data_loader", |bytes| project.check(bytes));
    replay("config_loader", |bytes| config.check(bytes));
    println!("{END}");
}

#[test]
fn the_loaders_print_nothing() {
    let test_binary = std::env::current_exe().expect("the test binary's path");
    let output = Command::new(test_binary)
        .args([
            "fuzz_corpus::replay_loaders_between_markers",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ])
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the replay failed:\n{stdout}\n{stderr}");
    assert_eq!(stderr, "", "the loaders wrote to stderr");
    let start = stdout.find(START).unwrap_or_else(|| panic!("no start marker in the child's output:\n{stdout}"));
    let end = stdout.find(END).unwrap_or_else(|| panic!("no end marker in the child's output:\n{stdout}"));
    assert_eq!(stdout[start + START.len()..end].trim_start_matches('\n'), "", "the loaders wrote to stdout");
}
