//! The one renderer: how every [`Diagnostic`] reaches the operator, as plain
//! compiler-style lines, as lines with a timestamp for log files, or as one
//! JSON object per line for log collectors.
//!
//! The format is chosen once per run (`--log-format`) and read here, so
//! commands never format messages themselves: they hand this module a
//! diagnostic (an error, a warning, or a line of progress) or, for a
//! command's result (a table, JSON, a script), the bytes to write as they
//! are. A reader of standard output that has gone away is handled here too,
//! once for every command.

use std::io::Write;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, SecondsFormat, Utc};
use clap::ValueEnum;
use codespan_reporting::diagnostic::{LabelStyle, Severity as Style};
use codespan_reporting::term::{Chars, Config, GeneralWriteResult, Renderer, WriteStyle};
use serde::Serialize;

use crate::diag::{Diagnostic, Excerpt, Problems, Severity};
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
    /// One JSON object per line: time, level, message, file, line, column, hints, notes.
    Json,
}

/// The JSON form of a diagnostic: one object on one line.
#[derive(Serialize)]
struct JsonLine<'a> {
    /// RFC 3339 UTC, to the second.
    time: String,
    /// `error`, `warning` or `info`.
    level: &'static str,
    /// The message alone; its place, hints and notes are fields of their own.
    message: &'a str,
    /// The file, as shown to the user, or null.
    file: Option<String>,
    /// The 1-based line, or null.
    line: Option<usize>,
    /// The 1-based column in characters, or null.
    column: Option<usize>,
    /// What the user can do about it.
    hints: &'a [String],
    /// Context: where generated code came from, the calls that led to it.
    notes: &'a [String],
}

/// A diagnostic as the text to write in `format`, each line ending in a newline.
pub fn render(diagnostic: &Diagnostic, format: LogFormat, now: DateTime<Utc>) -> String {
    match format {
        LogFormat::Plain => human(diagnostic),
        LogFormat::Text => {
            let time = timestamp(now);
            human(diagnostic).lines().map(|line| format!("{time} {line}\n")).collect()
        }
        LogFormat::Json => {
            let (line, column) = diagnostic.line_column().unzip();
            let object = JsonLine {
                time: timestamp(now),
                level: diagnostic.severity.name(),
                message: &diagnostic.message,
                file: diagnostic.location.as_ref().map(|location| location.file.display().to_string()),
                line,
                column,
                hints: &diagnostic.hints,
                notes: &diagnostic.notes,
            };
            match serde_json::to_string(&object) {
                Ok(text) => text + "\n",
                Err(err) => unreachable!("a diagnostic is plain data and always serializes: {err}"),
            }
        }
    }
}

/// The human form: `file:line:column: level: message` (an info message
/// without a label), then the offending source line with a caret under the
/// place, then `= hint:` and `= note:` lines. The first line is what editors
/// and `grep` read; the rest is drawn by `codespan-reporting`, never in colour.
fn human(diagnostic: &Diagnostic) -> String {
    let mut text = String::new();
    if let Some(location) = &diagnostic.location {
        text.push_str(&visible(&location.file.display().to_string(), Breaks::Show));
        if let Some((line, column)) = location.line_column {
            text.push_str(&format!(":{line}:{column}"));
        }
        text.push_str(": ");
    }
    if diagnostic.severity != Severity::Info {
        text.push_str(diagnostic.severity.name());
        text.push_str(": ");
    }
    text.push_str(&visible(&diagnostic.message, Breaks::Keep));
    text.push('\n');
    text.push_str(&details(diagnostic));
    text
}

/// The lines under the first: the source excerpt, hints and notes.
fn details(diagnostic: &Diagnostic) -> String {
    let mut out = Unstyled(Vec::new());
    // Writing into memory cannot fail, and the excerpt's span lies inside
    // its line; a failure could only shorten the text.
    let _ = draw_details(diagnostic, &mut out);
    String::from_utf8_lossy(&out.0).into_owned()
}

fn draw_details(diagnostic: &Diagnostic, out: &mut Unstyled) -> Result<(), codespan_reporting::files::Error> {
    let excerpt = diagnostic.excerpt.as_deref();
    // The gutter is as wide as the line number, as rustc and typst draw it.
    let gutter = excerpt.map_or(1, |excerpt| excerpt.line_number.to_string().len());
    let config = Config { chars: Chars::ascii(), ..Config::default() };
    let mut renderer = Renderer::new(out, &config);
    let style = match diagnostic.severity {
        Severity::Error => Style::Error,
        Severity::Warning => Style::Warning,
        Severity::Info => Style::Note,
    };
    if let Some(Excerpt { line_number, text, span }) = excerpt {
        // Control characters are written visibly, which moves the span.
        let shown = |part: &str| visible(part, Breaks::Keep).len();
        let start = text.get(..span.start).map_or(0, shown);
        let span = start..start + text.get(span.clone()).map_or(0, shown);
        let label = (LabelStyle::Primary, span, "");
        renderer.render_snippet_empty(gutter, style, 0, &[])?;
        renderer.render_snippet_source(gutter, *line_number, &visible(text, Breaks::Keep), style, &[label], 0, &[])?;
    }
    for hint in &diagnostic.hints {
        renderer.render_snippet_note(gutter, &format!("hint: {}", visible(hint, Breaks::Keep)))?;
    }
    for note in &diagnostic.notes {
        renderer.render_snippet_note(gutter, &format!("note: {}", visible(note, Breaks::Keep)))?;
    }
    Ok(())
}

/// A writer for `codespan-reporting` that ignores every style: yearbrief
/// never writes colour codes, since its messages end up in logs.
struct Unstyled(Vec<u8>);

impl Write for Unstyled {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl WriteStyle for Unstyled {
    fn set_header(&mut self, _: Style) -> GeneralWriteResult {
        Ok(())
    }

    fn set_header_message(&mut self) -> GeneralWriteResult {
        Ok(())
    }

    fn set_line_number(&mut self) -> GeneralWriteResult {
        Ok(())
    }

    fn set_note_bullet(&mut self) -> GeneralWriteResult {
        Ok(())
    }

    fn set_source_border(&mut self) -> GeneralWriteResult {
        Ok(())
    }

    fn set_label(&mut self, _: Style, _: LabelStyle) -> GeneralWriteResult {
        Ok(())
    }

    fn reset(&mut self) -> GeneralWriteResult {
        Ok(())
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

/// Set once standard output has been found closed; nothing more is written to it.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes to stdout. A reader that has gone away (`yearbrief events list |
/// head -1`) is [`Failure::Closed`], which ends the command quietly with
/// success, as it would any Unix tool; any other failure is an error.
fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Err(Failure::Closed);
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Err(Failure::Closed)
        }
        Err(err) => Err(Failure::Message(format!("cannot write to standard output: {err}"))),
    }
}

/// Writes a diagnostic to stderr in the run's format.
pub fn to_stderr(diagnostic: &Diagnostic) {
    // Nothing is left to tell the user that stderr failed.
    let _ = std::io::stderr().lock().write_all(render(diagnostic, format(), Utc::now()).as_bytes());
}

/// Writes a diagnostic to stdout in the run's format.
pub fn to_stdout(diagnostic: &Diagnostic) -> Result<(), Failure> {
    write_stdout(render(diagnostic, format(), Utc::now()).as_bytes())
}

/// Writes a command's result (a table, JSON, a script) to stdout, as it is.
/// A reader that has gone away ends the command quietly (see [`write_stdout`]).
pub fn print(text: impl AsRef<[u8]>) -> Result<(), Failure> {
    write_stdout(text.as_ref())
}

/// An empty line between two blocks of a report, in the plain form only:
/// a timestamped log or a JSON stream has no use for it.
pub fn gap() -> Result<(), Failure> {
    if format() == LogFormat::Plain { write_stdout(b"\n") } else { Ok(()) }
}

/// Writes an error message with no place to stderr.
pub fn error(message: impl Into<String>) {
    to_stderr(&Diagnostic::error(None, message));
}

/// Writes a warning with no place to stderr.
pub fn warning(message: impl Into<String>) {
    to_stderr(&Diagnostic::warning(None, message));
}

/// Writes a remark about the run (not about the result) to stderr.
pub fn note(message: impl Into<String>) {
    to_stderr(&Diagnostic::info(message));
}

/// Writes a line of progress to stdout. Progress is not the result, so the
/// work goes on when no one reads it.
pub fn info(message: impl Into<String>) {
    let _ = to_stdout(&Diagnostic::info(message));
}

/// Writes a line of a command's report (what it wrote, what it found) to
/// stdout; unlike progress, a failure to write it fails the command, and a
/// reader that went away ends it quietly.
pub fn report(message: impl Into<String>) -> Result<(), Failure> {
    to_stdout(&Diagnostic::info(message))
}

/// Prints problems to stderr, sorted by place, with a closing count.
pub fn print_problems(problems: Problems) {
    let (errors, warnings) = problems.counts();
    for problem in problems.sorted() {
        to_stderr(&problem);
    }
    if errors > 0 {
        note(summary_line(errors, warnings));
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
pub fn print_problem(problem: &Diagnostic) {
    to_stderr(problem);
}

/// Prints what a command failed with: its problems, its diagnostics, or its
/// message; a reader that went away is no news to print.
pub fn print_failure(failure: Failure) {
    match failure {
        Failure::Input(problems) => print_problems(problems),
        Failure::Diagnostics(list) => list.iter().for_each(to_stderr),
        Failure::Message(message) | Failure::Busy(message) => error(message),
        Failure::Closed => {}
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

    fn located() -> Diagnostic {
        let location = Location { file: Path::new("data/a.toml").into(), line_column: Some((3, 7)) };
        Diagnostic::error(location, "unknown kind `delegaton`")
    }

    /// A Typst error as [`crate::typeset`] converts it: its own place, the
    /// offending line, a hint and a note.
    fn typst_error() -> Diagnostic {
        let source = format!("{}#let priorities = (1, 2\n", "x\n".repeat(42));
        let start = source.rfind('(').unwrap();
        let location = Location { file: Path::new("output/review-2024-en.typ").into(), line_column: Some((43, 19)) };
        Diagnostic::error(location, "unclosed delimiter")
            .with_excerpt(Excerpt::in_text(&source, start..start + 1))
            .with_hint("close the parenthesis")
            .with_note("generated by section 2, from the template templates/outlook.typ.hbs")
    }

    #[test]
    fn plain_is_the_compiler_style_line() {
        assert_eq!(render(&located(), LogFormat::Plain, noon()), "data/a.toml:3:7: error: unknown kind `delegaton`\n");
        assert_eq!(render(&Diagnostic::info("wrote a.pdf"), LogFormat::Plain, noon()), "wrote a.pdf\n");
    }

    #[test]
    fn plain_shows_the_source_line_with_a_caret_then_hints_and_notes() {
        let text = render(&typst_error(), LogFormat::Plain, noon());
        insta::assert_snapshot!(text, @r"
        output/review-2024-en.typ:43:19: error: unclosed delimiter
           |
        43 | #let priorities = (1, 2
           |                   ^
           = hint: close the parenthesis
           = note: generated by section 2, from the template templates/outlook.typ.hbs
        ");
        let unplaced = Diagnostic::error(None, "PDF export failed").with_hint("set a title");
        assert_eq!(render(&unplaced, LogFormat::Plain, noon()), "error: PDF export failed\n  = hint: set a title\n");
    }

    #[test]
    fn control_characters_in_the_source_line_are_shown_and_the_caret_follows() {
        let source = "a\u{1b}[2J = nope\n";
        let start = source.find("nope").unwrap();
        let diagnostic = Diagnostic::error(None, "bad").with_excerpt(Excerpt::in_text(source, start..start + 4));
        let text = render(&diagnostic, LogFormat::Plain, noon());
        assert!(!text.contains('\u{1b}'), "{text}");
        let expected = format!("1 | a\\u{{1b}}[2J = nope\n  | {}^^^^\n", " ".repeat(13));
        assert!(text.contains(&expected), "{text}");
    }

    #[test]
    fn text_prefixes_every_line_with_a_utc_timestamp() {
        let diagnostic = Diagnostic::error(None, "Typst failed").with_hint("look");
        assert_eq!(
            render(&diagnostic, LogFormat::Text, noon()),
            "2025-01-01T12:00:00Z error: Typst failed\n2025-01-01T12:00:00Z   = hint: look\n"
        );
    }

    #[test]
    fn json_is_one_object_per_diagnostic_with_its_place_hints_and_notes() {
        let line = render(&typst_error(), LogFormat::Json, noon());
        assert_eq!(line.matches('\n').count(), 1);
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["time"], "2025-01-01T12:00:00Z");
        assert_eq!(value["level"], "error");
        assert_eq!(value["message"], "unclosed delimiter");
        assert_eq!(value["file"], "output/review-2024-en.typ");
        assert_eq!(value["line"], 43);
        assert_eq!(value["column"], 19);
        assert_eq!(value["hints"], serde_json::json!(["close the parenthesis"]));
        assert_eq!(value["notes"][0], "generated by section 2, from the template templates/outlook.typ.hbs");
        let multi = render(&Diagnostic::warning(None, "a\nb"), LogFormat::Json, noon());
        assert_eq!(multi.matches('\n').count(), 1);
        let value: serde_json::Value = serde_json::from_str(&multi).unwrap();
        assert!(value["file"].is_null() && value["line"].is_null(), "{value}");
        assert_eq!(value["hints"], serde_json::json!([]));
    }
}
