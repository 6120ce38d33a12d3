//! Asks PDF viewers to show the document's title, not its file name.
//!
//! A viewer shows the title from the metadata in its window only when the
//! catalog's viewer preferences say `/DisplayDocTitle true`. Typst's PDF
//! writer sets that flag for PDF/UA alone, yet a briefing that is mailed on
//! should read "Foreign Affairs Annual Review 2024" in every standard, not
//! `danang-2024-en.pdf`. The writer puts the catalog last, right before the
//! cross-reference table, so the flag fits in without moving any other
//! object: only the table's own offset (`startxref`) changes. Output of any
//! other shape is passed through unchanged.

/// The key that asks a viewer to show the title.
const FLAG: &[u8] = b"/DisplayDocTitle true";

/// `pdf` with the catalog's `/DisplayDocTitle` flag set; unchanged when the
/// flag is already there or the file is not laid out as described above.
pub(super) fn with_title_displayed(pdf: Vec<u8>) -> Vec<u8> {
    match insertion(&pdf) {
        Some(edit) => edit.apply(&pdf),
        None => pdf,
    }
}

/// Where the flag goes and what the cross-reference offset becomes.
struct Edit {
    /// The byte offset of the insertion, inside the catalog's dictionary.
    at: usize,
    /// What is inserted there.
    text: Vec<u8>,
    /// The span of the old `startxref` number.
    offset_span: (usize, usize),
    /// The cross-reference table's offset before the insertion.
    offset: usize,
}

impl Edit {
    fn apply(&self, pdf: &[u8]) -> Vec<u8> {
        let (start, end) = self.offset_span;
        let mut out = Vec::with_capacity(pdf.len() + self.text.len() + 2);
        out.extend_from_slice(&pdf[..self.at]);
        out.extend_from_slice(&self.text);
        out.extend_from_slice(&pdf[self.at..start]);
        out.extend_from_slice((self.offset + self.text.len()).to_string().as_bytes());
        out.extend_from_slice(&pdf[end..]);
        out
    }
}

/// The edit that sets the flag, if the file has the expected shape.
fn insertion(pdf: &[u8]) -> Option<Edit> {
    let tail_start = pdf.len().saturating_sub(1024);
    let trailer = tail_start + rfind(&pdf[tail_start..], b"trailer")?;
    let startxref = trailer + find(&pdf[trailer..], b"startxref")?;
    let digits_start = startxref + b"startxref".len() + skip_space(&pdf[startxref + b"startxref".len()..]);
    let digits_len = pdf[digits_start..].iter().take_while(|b| b.is_ascii_digit()).count();
    let offset: usize = std::str::from_utf8(&pdf[digits_start..digits_start + digits_len]).ok()?.parse().ok()?;
    if !pdf.get(offset..)?.starts_with(b"xref") {
        return None;
    }
    let root = number_after(&pdf[trailer..startxref], b"/Root")?;
    // The catalog must be the last object before the table.
    let header = format!("{root} 0 obj");
    let object = rfind(&pdf[..offset], header.as_bytes())?;
    let body = &pdf[object..offset];
    let end = find(body, b"endobj")?;
    if body[end + b"endobj".len()..].iter().any(|b| !b.is_ascii_whitespace()) {
        return None;
    }
    let dict = &body[..end];
    if find(dict, b"/DisplayDocTitle").is_some() {
        return None;
    }
    let (at, text) = match find(dict, b"/ViewerPreferences") {
        Some(key) => {
            let open = key + find(&dict[key..], b"<<")?;
            (object + open + 2, FLAG.to_vec())
        }
        None => {
            let open = find(dict, b"<<")?;
            let mut text = b"/ViewerPreferences<<".to_vec();
            text.extend_from_slice(FLAG);
            text.extend_from_slice(b">>");
            (object + open + 2, text)
        }
    };
    Some(Edit { at, text, offset_span: (digits_start, digits_start + digits_len), offset })
}

/// The object number after `key` (`/Root 709 0 R` gives 709).
fn number_after(text: &[u8], key: &[u8]) -> Option<u64> {
    let at = find(text, key)? + key.len();
    let rest = &text[at + skip_space(&text[at..])..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
}

fn skip_space(text: &[u8]) -> usize {
    text.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal file of the writer's shape: objects, the catalog last, the table, the trailer.
    fn sample(catalog: &str) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n1 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n".to_vec();
        let catalog_at = pdf.len();
        pdf.extend_from_slice(format!("2 0 obj\n{catalog}\nendobj\n").as_bytes());
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!(
                "xref\n0 3\n0000000000 65535 f\r\n0000000009 00000 n\r\n{catalog_at:010} 00000 n\r\ntrailer\n<</Size 3/Root 2 0 R>>\nstartxref\n{xref}\n%%EOF"
            )
            .as_bytes(),
        );
        pdf
    }

    fn startxref(pdf: &[u8]) -> usize {
        let at = rfind(pdf, b"startxref").unwrap() + 10;
        std::str::from_utf8(&pdf[at..]).unwrap().split_whitespace().next().unwrap().parse().unwrap()
    }

    #[test]
    fn the_flag_joins_existing_viewer_preferences_and_the_table_offset_follows() {
        let pdf = with_title_displayed(sample("<</Type/Catalog/Pages 1 0 R/ViewerPreferences<</Direction/L2R>>>>"));
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert!(text.contains("/ViewerPreferences<</DisplayDocTitle true/Direction/L2R>>"), "{text}");
        assert!(pdf[startxref(&pdf)..].starts_with(b"xref"));
    }

    #[test]
    fn a_catalog_without_viewer_preferences_gets_them() {
        let pdf = with_title_displayed(sample("<</Type/Catalog/Pages 1 0 R>>"));
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert!(text.contains("2 0 obj\n<</ViewerPreferences<</DisplayDocTitle true>>/Type/Catalog"), "{text}");
        assert!(pdf[startxref(&pdf)..].starts_with(b"xref"));
    }

    #[test]
    fn a_flag_already_set_or_an_unknown_shape_is_left_alone() {
        let set = sample("<</Type/Catalog/ViewerPreferences<</DisplayDocTitle true>>>>");
        assert_eq!(with_title_displayed(set.clone()), set);
        let mut moved = sample("<</Type/Catalog>>");
        let at = find(&moved, b"xref\n0 3").unwrap();
        moved.insert(at, b'\n');
        assert_eq!(with_title_displayed(moved.clone()), moved, "a table not at its offset");
        assert_eq!(with_title_displayed(b"not a pdf".to_vec()), b"not a pdf");
    }
}
