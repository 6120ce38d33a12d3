//! The harness shared by the integration tests: a [`Project`] folder (a
//! temporary copy of the bundled project or of a fixture, an empty temporary
//! folder, or a folder used in place), the real binary run in it by a [`Cmd`]
//! in a bare environment, and the [`Output`] of the run with chainable checks:
//!
//! ```text
//! let project = Project::bundled();
//! project.cmd(["build", "--lang", "en"]).run().success().stdout_contains("wrote output/");
//! ```
//!
//! Every check that fails shows the command line, the exit code, stdout and
//! stderr. The PDF helpers read the built PDFs back with poppler.

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

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

/// The folder a test runs the binary in.
pub struct Project {
    root: PathBuf,
    /// The temporary folder, removed when the project is dropped; `None`
    /// for a folder used in place.
    _temp: Option<tempfile::TempDir>,
}

impl Project {
    /// An empty temporary folder.
    pub fn empty() -> Project {
        let temp = tempfile::tempdir().expect("a temporary folder");
        Project { root: temp.path().to_path_buf(), _temp: Some(temp) }
    }

    /// A copy of the bundled project (`config/` and `seeds/`; the templates
    /// and fonts it uses are built into the binary) in a temporary folder.
    pub fn bundled() -> Project {
        let project = Project::empty();
        copy_tree(&repo().join("config"), &project.join("config"));
        copy_tree(&repo().join("seeds"), &project.join("seeds"));
        project
    }

    /// A copy of the fixture project `tests/fixtures/<case>` in a temporary folder.
    pub fn fixture(case: &str) -> Project {
        let project = Project::empty();
        copy_tree(&fixture(case), project.path());
        project
    }

    /// An existing folder, used in place (not copied): for commands that
    /// write nothing, such as `check` on a fixture or on the repository.
    pub fn at(dir: impl Into<PathBuf>) -> Project {
        Project { root: dir.into(), _temp: None }
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// A path inside the folder.
    pub fn join(&self, relative: impl AsRef<Path>) -> PathBuf {
        self.root.join(relative)
    }

    /// The text of a file of the project.
    #[track_caller]
    pub fn read(&self, relative: impl AsRef<Path>) -> String {
        let path = self.join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
    }

    /// Writes a file of the project, creating its folders.
    #[track_caller]
    pub fn file(&self, relative: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> &Project {
        let path = self.join(relative);
        std::fs::create_dir_all(path.parent().expect("a file in a folder")).unwrap();
        std::fs::write(&path, contents).unwrap_or_else(|err| panic!("cannot write {}: {err}", path.display()));
        self
    }

    /// Rewrites a file of the project with `change`, which must change it:
    /// a fixture that no longer holds what a test replaces fails here.
    #[track_caller]
    pub fn edit(&self, relative: impl AsRef<Path>, change: impl FnOnce(&str) -> String) -> &Project {
        let relative = relative.as_ref();
        let before = self.read(relative);
        let after = change(&before);
        assert_ne!(before, after, "the edit left {} as it was", relative.display());
        self.file(relative, after)
    }

    /// The binary with these arguments, to run in the project.
    pub fn cmd<I, S>(&self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<_> = args.into_iter().map(|arg| arg.as_ref().to_owned()).collect();
        let shown = std::iter::once("yearbrief".into())
            .chain(args.iter().map(|arg| arg.to_string_lossy().into_owned()))
            .collect::<Vec<String>>()
            .join(" ");
        let mut command = Command::new(env!("CARGO_BIN_EXE_yearbrief"));
        command.args(args).current_dir(&self.root).env_clear().env("SOURCE_DATE_EPOCH", EPOCH);
        Cmd { command, root: self.root.clone(), shown }
    }
}

/// A run of the binary being set up: an empty environment (as cron starts
/// it) but for `SOURCE_DATE_EPOCH` ([`EPOCH`]), in the project folder.
pub struct Cmd {
    command: Command,
    root: PathBuf,
    shown: String,
}

impl Cmd {
    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Cmd {
        self.command.env(key, value);
        self
    }

    /// Runs in `dir` (relative to the project, or absolute) instead of the project folder.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Cmd {
        self.command.current_dir(self.root.join(dir));
        self
    }

    /// Runs the binary to its end, its output captured and stdin empty.
    #[track_caller]
    pub fn run(mut self) -> Output {
        let output = self.command.output().unwrap_or_else(|err| panic!("{} cannot run: {err}", self.shown));
        Output::new(self.shown, output)
    }

    /// Starts the binary without waiting; stdout and stderr are piped, stdin is empty.
    #[track_caller]
    pub fn spawn(mut self) -> Running {
        let child = self
            .command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|err| panic!("{} cannot start: {err}", self.shown));
        Running { child, shown: self.shown }
    }
}

/// A started run.
pub struct Running {
    /// The process; its stdout and stderr are pipes.
    pub child: Child,
    shown: String,
}

impl Running {
    /// Waits for the run to end and collects what it printed.
    #[track_caller]
    pub fn wait(self) -> Output {
        let output = self.child.wait_with_output().unwrap_or_else(|err| panic!("{}: {err}", self.shown));
        Output::new(self.shown, output)
    }
}

/// What a run did. The checks take and give back the output, so that they
/// chain; each fails showing the whole output.
pub struct Output {
    shown: String,
    code: i32,
    stdout: String,
    stderr: String,
}

impl Output {
    fn new(shown: String, output: std::process::Output) -> Output {
        let code = output.status.code().unwrap_or_else(|| panic!("{shown} ended by a signal: {}", output.status));
        let stdout = String::from_utf8(output.stdout).unwrap_or_else(|_| panic!("{shown}: stdout is not UTF-8"));
        let stderr = String::from_utf8(output.stderr).unwrap_or_else(|_| panic!("{shown}: stderr is not UTF-8"));
        Output { shown, code, stdout, stderr }
    }

    /// The exit code.
    pub fn code(&self) -> i32 {
        self.code
    }

    /// Everything printed on stdout.
    pub fn stdout(&self) -> &str {
        &self.stdout
    }

    /// Everything printed on stderr.
    pub fn stderr(&self) -> &str {
        &self.stderr
    }

    /// Stdout read as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|err| panic!("stdout is not JSON ({err}):\n{self}"))
    }

    /// Checks the exit code.
    #[track_caller]
    pub fn status(self, code: i32) -> Output {
        assert_eq!(self.code, code, "expected exit {code}:\n{self}");
        self
    }

    /// Checks that the run succeeded (exit 0).
    #[track_caller]
    pub fn success(self) -> Output {
        self.status(0)
    }

    /// Checks that stdout holds `text`.
    #[track_caller]
    pub fn stdout_contains(self, text: &str) -> Output {
        assert!(self.stdout.contains(text), "expected {text:?} on stdout:\n{self}");
        self
    }

    /// Checks that stderr holds `text`.
    #[track_caller]
    pub fn stderr_contains(self, text: &str) -> Output {
        assert!(self.stderr.contains(text), "expected {text:?} on stderr:\n{self}");
        self
    }

    /// Checks that stdout is exactly `text`.
    #[track_caller]
    pub fn stdout_is(self, text: &str) -> Output {
        assert_eq!(self.stdout, text, "unexpected stdout:\n{self}");
        self
    }

    /// Checks that stderr is exactly `text`.
    #[track_caller]
    pub fn stderr_is(self, text: &str) -> Output {
        assert_eq!(self.stderr, text, "unexpected stderr:\n{self}");
        self
    }
}

impl fmt::Display for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` exited with {}\n--- stdout\n{}--- stderr\n{}", self.shown, self.code, self.stdout, self.stderr)
    }
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

/// Checks a PDF's structure with `qpdf --check`.
#[track_caller]
pub fn assert_valid_pdf(pdf: &Path) {
    let output = Command::new("qpdf").arg("--check").arg(pdf).output().expect("qpdf runs");
    assert!(
        output.status.success(),
        "qpdf --check failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&output.stdout)
    );
}

/// The names of the files in `dir` whose names end with `suffix`, sorted.
pub fn files_ending(dir: &Path, suffix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(suffix))
        .collect();
    names.sort();
    names
}

/// The names of temporary files (`*.tmp`) left in a folder.
pub fn temporary_files(dir: &Path) -> Vec<String> {
    files_ending(dir, ".tmp")
}
