//! Typst's errors and warnings turned into plain data a user can act on.
//!
//! Typst reports problems against spans of its syntax tree; a span means
//! nothing once the world is gone. This module resolves each span to a file,
//! a 1-based line and column and the text of that line while the world is
//! still at hand, so callers can print or test messages without Typst types.

use std::fmt;

use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::syntax::{DiagSpan, FileId, Lines, VirtualRoot};
use typst::{World, WorldExt};

/// Fragments of Typst hints that only make sense for the typst CLI; such hints are dropped.
const CLI_ONLY_HINTS: &[&str] = &["`--root`"];

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The document was not produced.
    Error,
    /// The document was produced but may not look as intended.
    Warning,
}

/// One error or warning from compiling or exporting a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in Typst's words or ours.
    pub message: String,
    /// Suggestions for fixing it.
    pub hints: Vec<String>,
    /// Virtual path of the file the problem is in (e.g. `report.typ`), if known.
    pub file: Option<String>,
    /// 1-based line number, if known.
    pub line: Option<usize>,
    /// 1-based column, counted in characters, if known.
    pub column: Option<usize>,
    /// The text of the offending line, without its line break, if known.
    pub line_text: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without a location, e.g. from PDF export.
    pub(crate) fn unlocated(severity: Severity, message: String, hints: Vec<String>) -> Self {
        Diagnostic { severity, message, hints, file: None, line: None, column: None, line_text: None }
    }

    /// Converts a Typst diagnostic, resolving its span (or the innermost located call) in `world`.
    pub(crate) fn from_typst(world: &dyn World, diag: &SourceDiagnostic) -> Self {
        let severity = match diag.severity {
            TypstSeverity::Error => Severity::Error,
            TypstSeverity::Warning => Severity::Warning,
        };
        let hints = diag
            .hints
            .iter()
            .map(|hint| hint.v.to_string())
            .filter(|hint| !CLI_ONLY_HINTS.iter().any(|cli| hint.contains(cli)))
            .collect();
        let mut out = Diagnostic::unlocated(severity, diag.message.to_string(), hints);
        let mut spans = std::iter::once(diag.span).chain(diag.trace.iter().map(|point| DiagSpan::from(point.span)));
        if let Some(location) = spans.find_map(|span| locate(world, span)) {
            out.file = Some(location.file);
            out.line = Some(location.line);
            out.column = Some(location.column);
            out.line_text = Some(location.line_text);
        }
        out
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Formats as `error: message`, then ` --> file:line:col`, the line with a caret, and hints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)?;
        if let Some(file) = &self.file {
            write!(f, "\n --> {file}")?;
            if let (Some(line), Some(column)) = (self.line, self.column) {
                write!(f, ":{line}:{column}")?;
            }
        }
        if let (Some(text), Some(column)) = (&self.line_text, self.column) {
            let indent: String =
                text.chars().take(column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            write!(f, "\n  | {text}\n  | {indent}^")?;
        }
        for hint in &self.hints {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// A resolved position in a file.
struct Location {
    file: String,
    line: usize,
    column: usize,
    line_text: String,
}

/// Resolves a span to file, 1-based line and column, and the line's text.
fn locate(world: &dyn World, span: DiagSpan) -> Option<Location> {
    let id = span.id()?;
    let range = world.range(span)?;
    let lines = match world.source(id) {
        Ok(source) => source.lines().clone(),
        Err(_) => Lines::new(world.file(id).ok()?.as_str().ok()?.to_string()),
    };
    let (line, column) = lines.byte_to_line_column(range.start)?;
    let line_range = lines.line_to_range(line)?;
    let line_text = lines.text().get(line_range)?.trim_end_matches(['\n', '\r']).to_string();
    Some(Location { file: display_path(id), line: line + 1, column: column + 1, line_text })
}

/// The path of a file as users know it: relative to the root, or prefixed with its package.
fn display_path(id: FileId) -> String {
    match id.root() {
        VirtualRoot::Project => id.vpath().get_without_slash().to_string(),
        VirtualRoot::Package(spec) => format!("{spec}{}", id.vpath().get_with_slash()),
    }
}
