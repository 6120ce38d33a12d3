//! The harness shared by the integration tests: run the real binary in a
//! bare environment, and copy projects into temporary folders.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// What one run of the binary did.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Everything printed on stdout.
    pub stdout: String,
    /// Everything printed on stderr.
    pub stderr: String,
}

/// A fixed document date (2025-01-01T00:00:00Z), so builds are reproducible.
pub const EPOCH: &str = "1735689600";

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture project in `tests/fixtures/`.
pub fn fixture(case: &str) -> PathBuf {
    repo().join("tests/fixtures").join(case)
}

/// The binary with an empty environment (as cron starts it) plus
/// `SOURCE_DATE_EPOCH`, to run in `cwd`.
pub fn command(cwd: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_yearbrief"));
    command.args(args).current_dir(cwd).env_clear().env("SOURCE_DATE_EPOCH", EPOCH);
    command
}

/// The outcome of a finished run.
pub fn finish(output: std::process::Output) -> Run {
    Run {
        code: output.status.code().expect("the binary exits normally"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs yearbrief in `dir` and waits for it.
pub fn yearbrief(dir: &Path, args: &[&str]) -> Run {
    finish(command(dir, args).output().expect("the binary runs"))
}

/// Starts yearbrief in `dir` without waiting, its output captured.
pub fn spawn(cwd: &Path, args: &[&str]) -> Child {
    command(cwd, args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the binary starts")
}

/// Waits for a started run.
pub fn wait(child: Child) -> Run {
    finish(child.wait_with_output().expect("the binary runs"))
}

/// Copies a folder recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the bundled project (`config/` and `seeds/`) in a temporary folder.
pub fn bundled_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("config"), &dir.path().join("config"));
    copy_tree(&repo().join("seeds"), &dir.path().join("seeds"));
    dir
}

/// A copy of a fixture project in a temporary folder.
pub fn fixture_project(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(case), dir.path());
    dir
}

/// The text of a PDF as poppler's `pdftotext` reads it (layout order).
pub fn pdf_text(pdf: &Path) -> String {
    pdf_text_with(pdf, &[])
}

/// The text in content-stream order (`-raw`), which keeps a table cell's
/// text together where the layout mode would interleave columns.
pub fn pdf_text_raw(pdf: &Path) -> String {
    pdf_text_with(pdf, &["-raw"])
}

fn pdf_text_with(pdf: &Path, options: &[&str]) -> String {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .args(options)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(output.stdout).unwrap()
}

/// The names of temporary files (`*.tmp`) left in a folder.
pub fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}
