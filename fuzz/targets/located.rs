//! Checks shared by the loader targets: every problem, and every record,
//! names a place that exists in the file it came from.

use std::path::Path;

use yearbrief::diag::{Location, Problem};

/// Asserts that `location` names `file` and, when it has a line and column,
/// that they lie inside `text` (1-based, the column counted in characters;
/// one past the end of a line, or of the file, is a valid place).
pub fn assert_inside(location: &Location, file: &Path, text: Option<&str>, what: &dyn std::fmt::Display) {
    assert_eq!(&*location.file, file, "{what} names another file than the one read");
    let (Some((line, column)), Some(text)) = (location.line_column, text) else {
        return;
    };
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(line >= 1 && line <= lines.len(), "{what}: line {line} is outside the file ({} lines)", lines.len());
    let width = lines[line - 1].chars().count();
    assert!(column >= 1 && column <= width + 1, "{what}: column {column} is outside line {line} ({width} characters)");
}

/// Asserts that `problem` has a line and column inside `text`, unless it is
/// one of `file_level`: problems about the file as a whole, which name the
/// file but no place in it. Each entry is a test on the message.
pub fn assert_located(problem: &Problem, file: &Path, text: Option<&str>, file_level: &[fn(&str) -> bool]) {
    let location = problem.location.as_ref().unwrap_or_else(|| panic!("a problem without a location: {problem}"));
    assert_inside(location, file, text, problem);
    if location.line_column.is_none() {
        assert!(
            file_level.iter().any(|is| is(&problem.message)),
            "a problem with no line and column (and not one about the whole file): {problem}"
        );
    }
}
