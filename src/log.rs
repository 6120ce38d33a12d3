//! How messages reach the operator: as plain compiler-style lines, as lines
//! with a timestamp for log files, or as one JSON object per line for log
//! collectors.
//!
//! The format is chosen once per run (`--log-format`) and read by every
//! printing function, so commands never format log lines themselves.

use std::io::Write;
use std::sync::OnceLock;

use chrono::{DateTime, SecondsFormat, Utc};
use clap::ValueEnum;

use crate::diag::{Problem, Problems, Severity};
use crate::failure::Failure;
use crate::text::{Breaks, visible};

/// How messages are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// `path:line:column: error: message`, as compilers write (the default).
    #[default]
    Plain,
    /// The plain lines, each prefixed with an RFC 3339 UTC timestamp.
    Text,
    /// One JSON object per line: time, level, message, file, line, column.
    Json,
}

/// How important a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Something failed.
    Error,
    /// Something may not be what was meant.
    Warning,
    /// A report of progress or of a result.
    Info,
}

impl Level {
    /// The name used in log lines.
    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// One message, with its place in a file where it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// How important it is.
    pub level: Level,
    /// What happened; may span several lines.
    pub message: String,
    /// The file it is about, as shown to the user.
    pub file: Option<String>,
    /// The 1-based line and column in that file.
    pub line_column: Option<(usize, usize)>,
}

impl Entry {
    /// A message with no place.
    pub fn new(level: Level, message: impl Into<String>) -> Entry {
        Entry { level, message: message.into(), file: None, line_column: None }
    }

    /// The entry for a problem in the input.
    pub fn problem(problem: &Problem) -> Entry {
        let level = match problem.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        Entry {
            level,
            message: problem.message.clone(),
            file: problem.location.as_ref().map(|l| l.file.display().to_string()),
            line_column: problem.location.as_ref().and_then(|l| l.line_column),
        }
    }

    /// The entry as the lines to write in `format`, each ending in a newline.
    pub fn render(&self, format: LogFormat, now: DateTime<Utc>) -> String {
        match format {
            LogFormat::Plain => format!("{}\n", self.plain()),
            LogFormat::Text => {
                let time = timestamp(now);
                self.plain().lines().map(|line| format!("{time} {line}\n")).collect()
            }
            LogFormat::Json => {
                let object = serde_json::json!({
                    "time": timestamp(now),
                    "level": self.level.name(),
                    "message": self.message,
                    "file": self.file,
                    "line": self.line_column.map(|(line, _)| line),
                    "column": self.line_column.map(|(_, column)| column),
                });
                format!("{object}\n")
            }
        }
    }

    /// `file:line:column: level: message`, leaving out what is unknown; an
    /// info message is written without a label.
    fn plain(&self) -> String {
        let mut text = String::new();
        if let Some(file) = &self.file {
            text.push_str(&visible(file, Breaks::Show));
            if let Some((line, column)) = self.line_column {
                text.push_str(&format!(":{line}:{column}"));
            }
            text.push_str(": ");
        }
        if self.level != Level::Info {
            text.push_str(self.level.name());
            text.push_str(": ");
        }
        text.push_str(&visible(&self.message, Breaks::Keep));
        text
    }
}

fn timestamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Secs, true)
}

static FORMAT: OnceLock<LogFormat> = OnceLock::new();

/// Chooses the format for the rest of the run; only the first call counts.
pub fn set_format(format: LogFormat) {
    let _ = FORMAT.set(format);
}

/// The format chosen for this run.
pub fn format() -> LogFormat {
    FORMAT.get().copied().unwrap_or_default()
}

/// Writes an entry to stderr in the run's format.
pub fn to_stderr(entry: &Entry) {
    let _ = std::io::stderr().lock().write_all(entry.render(format(), Utc::now()).as_bytes());
}

/// Writes an entry to stdout in the run's format (results and progress).
pub fn to_stdout(entry: &Entry) {
    // Progress lines are not the result: a closed pipe is no failure here.
    let _ = std::io::stdout().lock().write_all(entry.render(format(), Utc::now()).as_bytes());
}

/// Writes a command's result (a table, JSON, a script) to stdout, as it is.
/// A reader that has gone away (`yearbrief events list | head -1`) ends the
/// run quietly, as it would any Unix tool; any other failure is the error.
pub fn print(text: impl AsRef<[u8]>) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_ref()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(err) => Err(Failure::Message(format!("cannot write to standard output: {err}"))),
    }
}

/// Writes an error message with no place to stderr.
pub fn error(message: impl Into<String>) {
    to_stderr(&Entry::new(Level::Error, message));
}

/// Writes a warning with no place to stderr.
pub fn warning(message: impl Into<String>) {
    to_stderr(&Entry::new(Level::Warning, message));
}

/// Writes a remark about the run (not about the result) to stderr.
pub fn note(message: impl Into<String>) {
    to_stderr(&Entry::new(Level::Info, message));
}

/// Writes a progress or result line to stdout.
pub fn info(message: impl Into<String>) {
    to_stdout(&Entry::new(Level::Info, message));
}

/// Prints problems to stderr, sorted by place, with a closing count.
pub fn print_problems(problems: Problems) {
    let (errors, warnings) = problems.counts();
    for problem in problems.sorted() {
        to_stderr(&Entry::problem(&problem));
    }
    if errors > 0 {
        to_stderr(&Entry::new(Level::Info, summary_line(errors, warnings)));
    }
}

/// "2 errors, 1 warning".
pub fn summary_line(errors: usize, warnings: usize) -> String {
    format!("{}, {}", count(errors, "error"), count(warnings, "warning"))
}

/// "1 file", "3 files".
pub fn count(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// Prints one problem to stderr at once (for long-running commands).
pub fn print_problem(problem: &Problem) {
    to_stderr(&Entry::problem(problem));
}

/// Prints what a command failed with: its problems, or its message.
pub fn print_failure(failure: Failure) {
    match failure {
        Failure::Input(problems) => print_problems(problems),
        Failure::Message(message) | Failure::Busy(message) => error(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use std::path::Path;

    fn noon() -> DateTime<Utc> {
        DateTime::from_timestamp(1_735_732_800, 0).unwrap()
    }

    fn located() -> Entry {
        let location = Location { file: Path::new("data/a.toml").into(), line_column: Some((3, 7)) };
        Entry::problem(&Problem::error(location, "unknown kind `delegaton`"))
    }

    #[test]
    fn plain_is_the_compiler_style_line() {
        assert_eq!(located().render(LogFormat::Plain, noon()), "data/a.toml:3:7: error: unknown kind `delegaton`\n");
        assert_eq!(Entry::new(Level::Info, "wrote a.pdf").render(LogFormat::Plain, noon()), "wrote a.pdf\n");
    }

    #[test]
    fn text_prefixes_every_line_with_a_utc_timestamp() {
        let entry = Entry::new(Level::Error, "Typst failed\n  | #bad");
        assert_eq!(
            entry.render(LogFormat::Text, noon()),
            "2025-01-01T12:00:00Z error: Typst failed\n2025-01-01T12:00:00Z   | #bad\n"
        );
    }

    #[test]
    fn json_is_one_object_per_entry_even_for_several_lines() {
        let line = located().render(LogFormat::Json, noon());
        assert_eq!(line.matches('\n').count(), 1);
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["time"], "2025-01-01T12:00:00Z");
        assert_eq!(value["level"], "error");
        assert_eq!(value["file"], "data/a.toml");
        assert_eq!(value["line"], 3);
        assert_eq!(value["column"], 7);
        let multi = Entry::new(Level::Warning, "a\nb").render(LogFormat::Json, noon());
        assert_eq!(multi.matches('\n').count(), 1);
        assert!(serde_json::from_str::<serde_json::Value>(&multi).unwrap()["file"].is_null());
    }
}
