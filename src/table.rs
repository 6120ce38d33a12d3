//! Plain-text tables for the terminal (`stats`, `events list`): columns
//! padded to their widest cell, counted in characters, with a rule under the
//! heading row.

use crate::text::Breaks;

/// Lays out `rows` (the first is the heading) in aligned columns; a column
/// whose entry in `right` is true is right-aligned.
/// Control characters and line breaks in a cell are shown escaped (see
/// [`crate::text::visible`]), so a cell never breaks the layout or the terminal.
pub fn aligned<const N: usize>(rows: &[[String; N]], right: [bool; N]) -> String {
    let rows: Vec<[String; N]> =
        rows.iter().map(|row| row.clone().map(|cell| crate::text::visible(&cell, Breaks::Show).into_owned())).collect();
    let widths: Vec<usize> = (0..N).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for (index, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (column, cell) in row.iter().enumerate() {
            if column > 0 {
                line.push_str("  ");
            }
            let pad = " ".repeat(widths[column] - cell.chars().count());
            if right[column] {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if index == 0 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * N.saturating_sub(1)));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_characters_not_bytes() {
        let rows = [["a".to_owned(), "n".to_owned()], ["Đà Nẵng".to_owned(), "12".to_owned()]];
        assert_eq!(aligned(&rows, [false, true]), "a         n\n-----------\nĐà Nẵng  12\n");
    }

    #[test]
    fn control_characters_in_cells_are_escaped() {
        let rows = [["t".to_owned()], ["a\u{1b}[2Jb\nc".to_owned()]];
        assert_eq!(aligned(&rows, [false]), "t\n--------------\na\\u{1b}[2Jb\\nc\n");
    }
}
