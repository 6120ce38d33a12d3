//! Reading a spreadsheet file into sheets of cells, and naming a cell's place.
//!
//! `.xlsx`, `.xlsm`, `.xls` and `.ods` workbooks are read by calamine, every
//! sheet of them; a `.csv` file by the `csv` crate as one sheet: UTF-8 with
//! or without the byte-order mark Excel writes, its fields separated by
//! commas or by semicolons (as Excel writes CSV where the comma is the
//! decimal separator), told apart on the header line. Every cell keeps its
//! place, so each problem can be shown where the officer will look for it:
//! `FILE:SHEET!C5` in a workbook, `FILE:LINE:COLUMN` in a CSV file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{Data, Reader};

use super::cells::Cell;
use crate::diag::{Location, Problem};

/// A file's sheet: its rows of cells.
#[derive(Debug)]
pub struct Sheet {
    /// Where it is: the file and the sheet's name.
    pub origin: Arc<Origin>,
    /// The rows that hold anything, in order.
    pub rows: Vec<SheetRow>,
    /// True for a sheet hidden in the workbook (as the template's lists are).
    pub hidden: bool,
}

/// One row of a sheet.
#[derive(Debug)]
pub struct SheetRow {
    /// Its number: the spreadsheet's row, or the CSV line it starts on.
    pub number: usize,
    /// Its cells from column 1 on (1 is A); missing cells are empty.
    pub cells: Vec<Cell>,
}

/// The file and sheet a cell is in.
#[derive(Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file, as shown to the user.
    pub file: PathBuf,
    /// The sheet's name; `None` for a CSV file.
    pub sheet: Option<String>,
}

impl Origin {
    /// The place of a cell: `FILE:SHEET!C5`, or `FILE:5:3` in a CSV file.
    pub fn cell(&self, row: usize, column: usize) -> Location {
        match &self.sheet {
            Some(sheet) => Location::file(PathBuf::from(format!(
                "{}:{}!{}{row}",
                self.file.display(),
                quoted_sheet(sheet),
                column_letters(column)
            ))),
            None => Location { file: Arc::from(self.file.as_path()), line_column: Some((row, column)) },
        }
    }

    /// The place of the sheet itself: `FILE:SHEET` (the file, for a CSV file).
    pub fn whole(&self) -> Location {
        match &self.sheet {
            Some(sheet) => Location::file(PathBuf::from(format!("{}:{}", self.file.display(), quoted_sheet(sheet)))),
            None => Location::file(self.file.clone()),
        }
    }

    /// How a row is named in a table: `5`, or `Events!5` when the file has several sheets.
    pub fn row_name(&self, row: usize) -> String {
        match &self.sheet {
            Some(sheet) => format!("{}!{row}", quoted_sheet(sheet)),
            None => row.to_string(),
        }
    }
}

/// A sheet's name as a formula writes it: quoted when it holds anything but letters, digits, `_` and `.`.
fn quoted_sheet(name: &str) -> String {
    if name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.') {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// A column's letters: 1 is A, 26 is Z, 27 is AA.
pub fn column_letters(column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// What kind of file a path names, by its extension.
enum Format {
    Workbook,
    Csv,
}

/// Reads every sheet of `path` (shown as `shown`), or says why it cannot.
pub fn read(path: &Path, shown: &Path) -> Result<Vec<Sheet>, Problem> {
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let format = match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Format::Workbook,
        "csv" | "txt" => Format::Csv,
        _ => {
            return Err(Problem::error(
                Location::file(shown.to_path_buf()),
                "yearbrief imports .xlsx, .ods and .csv files; save the sheet in one of those formats (in Excel: File > Save As > Excel Workbook, or CSV UTF-8)",
            ));
        }
    };
    let cannot =
        |reason: String| Problem::error(Location::file(shown.to_path_buf()), format!("cannot read the file: {reason}"));
    if let Err(err) = std::fs::metadata(path) {
        return Err(cannot(crate::input::io_reason(&err)));
    }
    match format {
        Format::Workbook => read_workbook(path, shown).map_err(|reason| {
            cannot(format!(
                "{reason}; open it in a spreadsheet program and save it again as an Excel workbook (.xlsx) or OpenDocument (.ods)"
            ))
        }),
        Format::Csv => {
            let bytes = std::fs::read(path).map_err(|err| cannot(crate::input::io_reason(&err)))?;
            read_csv(bytes, shown).map(|sheet| vec![sheet])
        }
    }
}

fn read_workbook(path: &Path, shown: &Path) -> Result<Vec<Sheet>, String> {
    let mut workbook = calamine::open_workbook_auto(path).map_err(|err| err.to_string())?;
    let mut sheets = Vec::new();
    let hidden: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.visible != calamine::SheetVisible::Visible)
        .map(|sheet| sheet.name.clone())
        .collect();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|err| format!("sheet `{name}`: {err}"))?;
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (index, row) in range.rows().enumerate() {
            if row.iter().all(|data| matches!(data, Data::Empty)) {
                continue;
            }
            let mut cells = vec![Cell::Empty; first_column as usize];
            cells.extend(row.iter().map(cell));
            rows.push(SheetRow { number: first_row as usize + index + 1, cells });
        }
        let hidden = hidden.contains(&name);
        let origin = Arc::new(Origin { file: shown.to_path_buf(), sheet: Some(name) });
        sheets.push(Sheet { origin, rows, hidden });
    }
    Ok(sheets)
}

/// A calamine cell as a [`Cell`].
fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(value) => Cell::Number(*value as f64),
        Data::Float(value) => Cell::Number(*value),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(datetime) if datetime.is_datetime() => {
            let (year, month, day, ..) = datetime.to_ymd_hms_milli();
            Cell::Date(i32::from(year), u32::from(month), u32::from(day))
        }
        Data::DateTime(datetime) => Cell::Number(datetime.as_f64()),
        // ODS writes dates as ISO text; the date reader takes them as text.
        Data::DateTimeIso(text) | Data::DurationIso(text) => Cell::Text(text.clone()),
        Data::Error(error) => Cell::Error(error.to_string()),
    }
}

/// Reads a CSV file's bytes as one sheet.
fn read_csv(bytes: Vec<u8>, shown: &Path) -> Result<Sheet, Problem> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    if let Err(err) = std::str::from_utf8(&bytes) {
        let good = &bytes[..err.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        return Err(Problem::error(
            Location { file: Arc::from(shown), line_column: Some((line, column)) },
            "the file is not UTF-8 text; save it as \"CSV UTF-8\" (in Excel: File > Save As > CSV UTF-8), or import the workbook itself",
        ));
    }
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |separator: u8| first_line.iter().filter(|&&b| b == separator).count();
    let delimiter = if count(b';') > count(b',') { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(bytes.as_slice());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // The csv crate's line numbers skip blank lines; the line a record
    // starts on is counted from its byte offset instead.
    let mut line = 1;
    let mut counted = 0;
    let mut line_of = |offset: usize| {
        // The offset may be that of the blank lines before the record.
        let mut offset = offset.min(bytes.len());
        while offset < bytes.len() && matches!(bytes[offset], b'\n' | b'\r') {
            offset += 1;
        }
        line += bytes[counted.min(offset)..offset].iter().filter(|&&b| b == b'\n').count();
        counted = counted.max(offset);
        line
    };
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let number = record.position().map_or(rows.len() + 1, |p| line_of(p.byte() as usize));
                if record.iter().all(|field| field.trim().is_empty()) {
                    continue;
                }
                let cells = record
                    .iter()
                    .map(|field| if field.is_empty() { Cell::Empty } else { Cell::Text(field.to_owned()) })
                    .collect();
                rows.push(SheetRow { number, cells });
            }
            Err(err) => {
                let line = err.position().map_or(1, |p| p.line() as usize);
                return Err(Problem::error(
                    Location { file: Arc::from(shown), line_column: Some((line, 1)) },
                    format!("cannot read this line as CSV ({err}); check its quotes (\"...\")"),
                ));
            }
        }
    }
    Ok(Sheet { origin: Arc::new(Origin { file: shown.to_path_buf(), sheet: None }), rows, hidden: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_from_a_to_zz_and_on() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(3), "C");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn cells_are_placed_as_spreadsheets_and_editors_write_them() {
        let origin = Origin { file: "in.xlsx".into(), sheet: Some("Events".into()) };
        assert_eq!(origin.cell(5, 3).to_string(), "in.xlsx:Events!C5");
        let spaced = Origin { file: "in.xlsx".into(), sheet: Some("sự kiện".into()) };
        assert_eq!(spaced.cell(12, 1).to_string(), "in.xlsx:'sự kiện'!A12");
        let csv = Origin { file: "in.csv".into(), sheet: None };
        assert_eq!(csv.cell(5, 3).to_string(), "in.csv:5:3");
    }

    #[test]
    fn csv_with_a_bom_and_semicolons_is_one_sheet_of_text_cells() {
        let bytes =
            "\u{feff}date;title_en;amount\n25/03/2025;\"MOU; Daegu\";1.200.000\n\n2025;x;\n".as_bytes().to_vec();
        let sheet = read_csv(bytes, Path::new("in.csv")).unwrap();
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.rows[0].cells[0], Cell::Text("date".into()));
        assert_eq!(sheet.rows[1].cells[1], Cell::Text("MOU; Daegu".into()));
        assert_eq!(sheet.rows[2].number, 4);
        assert_eq!(sheet.rows[2].cells[2], Cell::Empty);
    }

    #[test]
    fn csv_that_is_not_utf8_is_refused_at_the_first_bad_byte() {
        let problem = read_csv(b"date,title\n2025,Caf\xe9\n".to_vec(), Path::new("in.csv")).unwrap_err();
        assert_eq!(problem.location.unwrap().to_string(), "in.csv:2:9");
        assert!(problem.message.contains("CSV UTF-8"));
    }
}
