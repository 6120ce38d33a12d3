//! The end every exporting command shares (`events list`, `stats`): the
//! checks of `--format`, `--output` and `--excel`, the byte-order mark for
//! Excel, and the output printed or written atomically to a file that is
//! never a data or config file. One place, so both commands export alike.

use std::path::Path;

use crate::diag::display_path;
use crate::failure::Failure;

/// Refuses flags that do not go together: a workbook is not text, so it
/// needs a file; the byte-order mark is for CSV only.
pub fn check_flags(xlsx: bool, csv: bool, output: Option<&Path>, excel: bool) -> Result<(), Failure> {
    if xlsx && output.is_none() {
        return Err(Failure::Message("--format xlsx writes a workbook, not text: add --output FILE.xlsx".to_owned()));
    }
    if excel && !csv {
        return Err(Failure::Message("--excel is for --format csv; leave it out, or add --format csv".to_owned()));
    }
    Ok(())
}

/// CSV text as bytes, with a UTF-8 byte-order mark first when `excel`, so
/// that Excel reads the Vietnamese letters right.
pub fn csv_bytes(csv: String, excel: bool) -> Vec<u8> {
    if excel { format!("\u{feff}{csv}") } else { csv }.into_bytes()
}

/// Prints `bytes`, or writes them atomically to `output` and says what was
/// written (`written`: "12 events").
pub fn deliver(bytes: Vec<u8>, output: Option<&Path>, written: &str) -> Result<(), Failure> {
    match output {
        None => crate::log::print(bytes)?,
        Some(output) => {
            if output.extension().is_some_and(|e| e == "toml") {
                return Err(Failure::Message(format!(
                    "--output {} would write over a data or config file; name a .xlsx, .csv or .json file",
                    output.display()
                )));
            }
            crate::write::write_atomically(output, &bytes)?;
            crate::log::report(format!("wrote {written} to {}", display_path(output).display()))?;
        }
    }
    Ok(())
}
