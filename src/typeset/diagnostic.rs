//! Typst's errors and warnings converted into the one [`Diagnostic`].
//!
//! Typst reports problems against spans of its syntax tree; a span means
//! nothing once the world is gone. This module resolves each span to a file,
//! a 1-based line and column and the offending line while the world is still
//! at hand, and turns Typst's hints and its trace (the calls, show rules and
//! imports that led to the error) into hints and notes, each with its own
//! place, so callers print or test messages without Typst types.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::syntax::{DiagSpan, FileId, Lines, VirtualRoot};
use typst::{World, WorldExt};

use crate::diag::{Diagnostic, Excerpt, Location, Severity};

/// Fragments of Typst hints that only make sense for the typst CLI; such hints are dropped.
const CLI_ONLY_HINTS: &[&str] = &["`--root`"];

/// How the files Typst knows are named for the user: in-memory sources by
/// the path they are written to, other files by their virtual path.
#[derive(Clone, Debug, Default)]
pub(crate) struct FileNames {
    /// Virtual path (without the leading slash) → the path shown.
    pub(crate) shown: HashMap<String, Arc<Path>>,
}

impl FileNames {
    /// The path of a file as users know it: the name given for it, else its
    /// path relative to the root, or prefixed with its package.
    fn name(&self, id: FileId) -> Arc<Path> {
        match id.root() {
            VirtualRoot::Project => {
                let vpath = id.vpath().get_without_slash();
                self.shown.get(vpath).cloned().unwrap_or_else(|| Path::new(vpath).into())
            }
            VirtualRoot::Package(spec) => Path::new(&format!("{spec}{}", id.vpath().get_with_slash())).into(),
        }
    }
}

/// Converts a Typst diagnostic, resolving its span (or, when it has none,
/// the first located step of its trace) in `world`.
pub(crate) fn convert(world: &dyn World, names: &FileNames, diag: &SourceDiagnostic) -> Diagnostic {
    let severity = match diag.severity {
        TypstSeverity::Error => Severity::Error,
        TypstSeverity::Warning => Severity::Warning,
    };
    let place = |span| locate(world, names, span);
    let mut trace: Vec<_> = diag.trace.iter().map(|point| (point.v.to_string(), place(point.span.into()))).collect();
    let found = place(diag.span).or_else(|| {
        let index = trace.iter().position(|(_, found)| found.is_some())?;
        trace.remove(index).1
    });
    let (location, excerpt) = found.unzip();
    let hints = diag.hints.iter().filter(|hint| !CLI_ONLY_HINTS.iter().any(|cli| hint.v.contains(cli))).map(|hint| {
        // A hint about another piece of code says where that is.
        match place(hint.span).map(|(at, _)| at).filter(|at| Some(at) != location.as_ref()) {
            Some(at) => format!("{} (at {at})", hint.v),
            None => hint.v.to_string(),
        }
    });
    let notes = trace.into_iter().filter_map(|(what, found)| found.map(|(at, _)| format!("{what} at {at}")));
    Diagnostic {
        hints: hints.collect(),
        notes: notes.collect(),
        ..Diagnostic::new(severity, location, diag.message.to_string()).with_excerpt(excerpt.flatten())
    }
}

/// Resolves a span to its file, 1-based line and column, and the offending line.
fn locate(world: &dyn World, names: &FileNames, span: DiagSpan) -> Option<(Location, Option<Excerpt>)> {
    let id = span.id()?;
    let range = world.range(span)?;
    let lines = match world.source(id) {
        Ok(source) => source.lines().clone(),
        Err(_) => Lines::new(world.file(id).ok()?.as_str().ok()?.to_string()),
    };
    let (line, column) = lines.byte_to_line_column(range.start)?;
    let location = Location { file: names.name(id), line_column: Some((line + 1, column + 1)) };
    Some((location, Excerpt::in_text(lines.text(), range)))
}
