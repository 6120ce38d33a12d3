//! `stats --format xlsx`: the figures by year as a workbook for the boss.
//!
//! One sheet, one row per [`FigureRow`] (made from the very
//! [`crate::view::stats::StatsView`] the JSON shows), headed in the language
//! asked for, the header frozen, and every value, change and percentage a
//! number cell, so the sheet sums and charts without retyping.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::i18n::{self, Lang};
use crate::view::stats::{FIGURE_COLUMNS, FigureCell, FigureRow};

/// Column widths, in characters, by catalogue key.
fn width(key: &str) -> f64 {
    match key {
        "stats.indicator" | "stats.origin" => 45.0,
        "stats.id" | "stats.sources" | "stats.publishers" => 28.0,
        "stats.value" | "stats.change" | "stats.unit" => 16.0,
        _ => 11.0,
    }
}

/// The figures as the bytes of an `.xlsx` workbook with one sheet.
pub fn figures_workbook(rows: &[FigureRow], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(i18n::text(lang, "stats.sheet"))?;
    let bold = Format::new().set_bold();
    let whole = Format::new().set_num_format("#,##0");
    let decimal = Format::new().set_num_format("#,##0.########");
    let percent = Format::new().set_num_format("0.0");
    for (index, key) in FIGURE_COLUMNS.iter().enumerate() {
        let at = index as u16;
        sheet.write_string_with_format(0, at, i18n::text(lang, key), &bold)?;
        sheet.set_column_width(at, width(key))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (number, row) in rows.iter().enumerate() {
        let at_row = number as u32 + 1;
        for (index, cell) in row.cells().into_iter().enumerate() {
            let at = index as u16;
            match cell {
                FigureCell::Text(text) if !text.is_empty() => {
                    sheet.write_string(at_row, at, text)?;
                }
                FigureCell::Number(number) => {
                    if let Some(value) = number.0 {
                        let format = if FIGURE_COLUMNS[index] == "stats.change-pct" {
                            &percent
                        } else if value.fract() == 0.0 {
                            &whole
                        } else {
                            &decimal
                        };
                        sheet.write_number_with_format(at_row, at, value, format)?;
                    }
                }
                FigureCell::Text(_) => {}
            }
        }
    }
    workbook.save_to_buffer()
}
