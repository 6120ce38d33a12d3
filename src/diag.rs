//! Problems found in the user's input, and how they are reported.
//!
//! Every stage reports what is wrong with the input as a [`Problem`] with a
//! location where there is one. Problems are collected, not thrown, so that a
//! run can report everything that is wrong at once, the way a compiler does.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input can still be used; the result may not be what was meant.
    Warning,
    /// The input cannot be used as it is.
    Error,
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

/// One thing wrong with the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Whether the input is still usable.
    pub severity: Severity,
    /// Where the problem is, if it has a place.
    pub location: Option<Location>,
    /// What is wrong and, where it helps, what to do about it.
    pub message: String,
}

impl Problem {
    /// An error at a location.
    pub fn error(location: impl Into<Option<Location>>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, location: location.into(), message: message.into() }
    }

    /// A warning at a location.
    pub fn warning(location: impl Into<Option<Location>>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, location: location.into(), message: message.into() }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)
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
        let errors = self.list.iter().filter(|p| p.is_error()).count();
        (errors, self.list.len() - errors)
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
}
