//! The one diagnostic: everything the user is told, as data.
//!
//! Every problem the user sees (in the config, the data, a template, the
//! generated Typst source, or the run itself) is a [`Diagnostic`]: a
//! severity, a message, where it is if it has a place, the offending source
//! line for the human form, and hints and notes. The stages build them (the
//! input stages under the name [`Problem`]), [`crate::typeset`] converts
//! Typst's own, and [`crate::log`] is the one renderer that writes them as
//! plain lines, timestamped lines or JSON. Problems are collected, not
//! thrown, so that a run can report everything that is wrong at once, the way
//! a compiler does.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A report of progress or of a result; nothing is wrong.
    Info,
    /// The input can still be used; the result may not be what was meant.
    Warning,
    /// The input cannot be used as it is, or the work failed.
    Error,
}

impl Severity {
    /// The word used in messages and logs: `error`, `warning` or `info`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A place in a file: the file, and a 1-based line and column where known.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file, as it should be shown to the user.
    pub file: Arc<Path>,
    /// 1-based line and column (in characters), when the place is known.
    pub line_column: Option<(usize, usize)>,
}

impl Location {
    /// A whole file, with no position inside it.
    pub fn file(file: impl Into<Arc<Path>>) -> Self {
        Self { file: file.into(), line_column: None }
    }

    /// A position in a file given as a byte offset into its text.
    pub fn at_offset(file: &SourceFile, offset: usize) -> Self {
        Self { file: file.path.clone(), line_column: Some(file.line_column(offset)) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        Ok(())
    }
}

/// The text of an input file, kept to turn byte offsets into line and column.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as shown to the user.
    pub path: Arc<Path>,
    /// The whole text of the file.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Keeps a file's text and indexes its line starts.
    pub fn new(path: impl Into<Arc<Path>>, text: String) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(index, _)| index + 1)).collect();
        Self { path: path.into(), text, line_starts }
    }

    /// The 1-based line and column (counted in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

/// The line a diagnostic points into, and the part of it that is wrong;
/// the human form shows it under the message with a caret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The 1-based number of the line.
    pub line_number: usize,
    /// The text of the line, without its line break.
    pub text: String,
    /// The byte range within `text` that is wrong (empty for a point).
    pub span: Range<usize>,
}

impl Excerpt {
    /// The line of `text` holding byte `range.start`, with the range cut to
    /// that line; `None` when the range is not inside the text.
    pub fn in_text(text: &str, range: Range<usize>) -> Option<Excerpt> {
        if range.start > text.len() || !text.is_char_boundary(range.start) {
            return None;
        }
        let start = text[..range.start].rfind('\n').map_or(0, |index| index + 1);
        let end = text[range.start..].find('\n').map_or(text.len(), |index| range.start + index);
        let line = text[start..end].trim_end_matches('\r');
        let span_end = range.end.clamp(range.start, start + line.len());
        Some(Excerpt {
            line_number: text[..start].matches('\n').count() + 1,
            text: line.to_owned(),
            span: range.start - start..span_end - start,
        })
    }

    /// The character at a 1-based line and column (counted in characters)
    /// of `text`; `None` when there is no such line.
    pub fn at_line_column(text: &str, line: usize, column: usize) -> Option<Excerpt> {
        let line_text = text.split('\n').nth(line.checked_sub(1)?)?.trim_end_matches('\r');
        let start = line_text.char_indices().nth(column.saturating_sub(1)).map_or(line_text.len(), |(index, _)| index);
        let end = line_text[start..].chars().next().map_or(start, |c| start + c.len_utf8());
        Some(Excerpt { line_number: line, text: line_text.to_owned(), span: start..end })
    }
}

/// One thing the user is told: a problem in the input or the work, or a
/// report of progress.
///
/// Most problems (in the data) have no excerpt, hints or notes, and a
/// problem is the error type of the loaders, so those parts are boxed to keep
/// the type small.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Where it is, if it has a place.
    pub location: Option<Location>,
    /// What is wrong (or what happened).
    pub message: String,
    /// The offending line of the source, for the human form.
    pub excerpt: Option<Box<Excerpt>>,
    /// What the user can do about it.
    pub hints: Box<[String]>,
    /// Context that helps to find the cause (where generated code came from,
    /// the calls that led to an error).
    pub notes: Box<[String]>,
}

/// A diagnostic about the input: the name the input stages use.
pub type Problem = Diagnostic;

impl Diagnostic {
    /// A diagnostic of `severity` at a location.
    pub fn new(severity: Severity, location: impl Into<Option<Location>>, message: impl Into<String>) -> Self {
        Self {
            severity,
            location: location.into(),
            message: message.into(),
            excerpt: None,
            hints: Box::default(),
            notes: Box::default(),
        }
    }

    /// An error at a location.
    pub fn error(location: impl Into<Option<Location>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, location, message)
    }

    /// A warning at a location.
    pub fn warning(location: impl Into<Option<Location>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, location, message)
    }

    /// A report of progress or of a result, with no place.
    pub fn info(message: impl Into<String>) -> Self {
        Self::new(Severity::Info, None, message)
    }

    /// The same diagnostic with a hint added.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints = std::mem::take(&mut self.hints).into_iter().chain([hint.into()]).collect();
        self
    }

    /// The same diagnostic with a note added.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes = std::mem::take(&mut self.notes).into_iter().chain([note.into()]).collect();
        self
    }

    /// The same diagnostic showing the offending source line, when known.
    pub fn with_excerpt(mut self, excerpt: Option<Excerpt>) -> Self {
        self.excerpt = excerpt.map(Box::new);
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The 1-based line and column, when the diagnostic has them.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        self.location.as_ref().and_then(|location| location.line_column)
    }
}

impl fmt::Display for Diagnostic {
    /// The first line of the plain form: `file:line:column: error: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        write!(f, "{}: {}", self.severity.name(), self.message)
    }
}

/// Problems collected during a run, in the order they were found.
#[derive(Clone, Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn push(&mut self, problem: Problem) {
        self.list.push(problem);
    }

    /// Records an error.
    pub fn error(&mut self, location: impl Into<Option<Location>>, message: impl Into<String>) {
        self.push(Problem::error(location, message));
    }

    /// Records a warning.
    pub fn warning(&mut self, location: impl Into<Option<Location>>, message: impl Into<String>) {
        self.push(Problem::warning(location, message));
    }

    /// True when at least one error was recorded.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Problem::is_error)
    }

    /// The number of errors and of warnings.
    pub fn counts(&self) -> (usize, usize) {
        let count = |severity| self.list.iter().filter(|p| p.severity == severity).count();
        (count(Severity::Error), count(Severity::Warning))
    }

    /// Moves every problem of `other` into this collection.
    pub fn extend(&mut self, other: Problems) {
        self.list.extend(other.list);
    }

    /// The problems, sorted by file and position so output is stable.
    pub fn sorted(mut self) -> Vec<Problem> {
        self.list.sort_by(|a, b| a.location.cmp(&b.location));
        self.list
    }

    /// The problems in the order they were found, as a list.
    pub fn into_vec(self) -> Vec<Problem> {
        self.list
    }

    /// The problems in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter()
    }
}

/// Shows `path` relative to the working directory when it lies below it.
pub fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let file = SourceFile::new(Path::new("a.toml"), "x = 1\ntitle = \"Đà Nẵng\" y\n".into());
        let offset = file.text.find('y').unwrap();
        assert_eq!(file.line_column(offset), (2, 19));
        assert_eq!(file.line_column(0), (1, 1));
    }

    #[test]
    fn line_column_at_end_of_file_is_last_position() {
        let file = SourceFile::new(Path::new("a.toml"), "a\nbc".into());
        assert_eq!(file.line_column(4), (2, 3));
        assert_eq!(file.line_column(99), (2, 3));
    }

    #[test]
    fn problem_display_has_file_line_column_and_severity() {
        let location = Location { file: Path::new("d/x.toml").into(), line_column: Some((3, 7)) };
        let problem = Problem::error(location, "unknown kind `delegaton`");
        assert_eq!(problem.to_string(), "d/x.toml:3:7: error: unknown kind `delegaton`");
    }

    #[test]
    fn excerpt_is_the_line_of_the_range_cut_to_that_line() {
        let text = "a = 1\r\nb = (1,\n  2)\n";
        let start = text.find('(').unwrap();
        let excerpt = Excerpt::in_text(text, start..text.len()).unwrap();
        assert_eq!(excerpt, Excerpt { line_number: 2, text: "b = (1,".into(), span: 4..7 });
        assert_eq!(Excerpt::in_text(text, 0..1).unwrap().text, "a = 1");
        assert!(Excerpt::in_text(text, 99..100).is_none());
    }

    #[test]
    fn excerpt_at_line_and_column_counts_characters() {
        let excerpt = Excerpt::at_line_column("x\nĐà {{nope}}\n", 2, 4).unwrap();
        assert_eq!(&excerpt.text[excerpt.span.clone()], "{");
        assert_eq!(Excerpt::at_line_column("ab", 1, 9).unwrap().span, 2..2);
        assert!(Excerpt::at_line_column("ab", 3, 1).is_none());
    }

    #[test]
    fn builders_add_hints_and_notes_in_order() {
        let diagnostic = Diagnostic::error(None, "m").with_hint("h1").with_note("n").with_hint("h2");
        assert_eq!(*diagnostic.hints, ["h1", "h2"]);
        assert_eq!(*diagnostic.notes, ["n"]);
        assert_eq!(diagnostic.to_string(), "error: m");
        assert_eq!(Diagnostic::info("wrote a.pdf").severity, Severity::Info);
    }
}
