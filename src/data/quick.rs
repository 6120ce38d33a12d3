//! A quick reader for data files written in plain TOML.
//!
//! Loading a large log is mostly parsing TOML, and the toml crate builds a
//! tree of the whole document before its records can be deserialized. Data
//! files are nearly always plain: `[[table]]` headers, then one `key =
//! value` a line, with strings, numbers, one-line inline tables and arrays.
//! This reader deserializes such a file straight into the records, with
//! the places the toml crate would give, by driving the records' own serde
//! code (so what a key may hold and what it means stay in one place).
//!
//! It gives up (`None`) on anything else: another TOML form (dotted or
//! quoted keys, `[table]` headers, multi-line strings, dates, booleans,
//! special floats, a byte-order mark, rarer escapes), and every mistake,
//! down to a key serde does not know. The caller then reads the file with
//! the toml crate, which says where the mistake is. So a file this reader
//! accepts gives exactly the records the toml crate gives, and every
//! message comes from one place; tests compare the two on every data file
//! the project has and on the fuzzing corpus.

use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, StrDeserializer, StringDeserializer, UsizeDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::{RawCoverage, RawEvent, RawFigure, RawPartner, RawRecord, RawSource};

/// The name serde gives `toml::Spanned` and its three fields: a
/// deserializer that knows them hands a value its place.
const SPANNED: &str = "$__serde_spanned_private_Spanned";
const SPANNED_START: &str = "$__serde_spanned_private_start";
const SPANNED_END: &str = "$__serde_spanned_private_end";
const SPANNED_VALUE: &str = "$__serde_spanned_private_value";

/// The records of `text`, in the order the toml crate gives them (the
/// tables in the order they first appear, each table's records in file
/// order), or `None` when the text is not plain TOML without mistakes.
pub(super) fn read(text: &str) -> Option<Vec<RawRecord>> {
    if text.starts_with('\u{feff}') {
        return None;
    }
    let mut scan = Scan { text, pos: 0 };
    // The tables in the order they first appear, and each record with its table's number.
    let mut tables: Vec<&str> = Vec::new();
    let mut records: Vec<(usize, RawRecord)> = Vec::new();
    loop {
        scan.blank_lines().ok()?;
        if scan.at_end() {
            break;
        }
        let start = scan.pos;
        let name = scan.header().ok()?;
        let span = start..scan.pos;
        scan.line_end().ok()?;
        let record = table_record(name, &mut scan, span).ok()?;
        let table = tables.iter().position(|table| *table == name).unwrap_or_else(|| {
            tables.push(name);
            tables.len() - 1
        });
        records.push((table, record));
    }
    // Usually each table is written in one block, and nothing moves.
    if !records.is_sorted_by_key(|(table, _)| *table) {
        records.sort_by_key(|(table, _)| *table);
    }
    Some(records.into_iter().map(|(_, record)| record).collect())
}

/// The record of one `[[name]]` table, whose keys follow.
fn table_record(name: &str, scan: &mut Scan<'_>, span: Range<usize>) -> Result<RawRecord, Bail> {
    let table = Table(scan);
    Ok(match name {
        "source" => RawRecord::Source(RawSource::deserialize(table)?, span),
        "event" => RawRecord::Event(Box::new(RawEvent::deserialize(table)?), span),
        "figure" => RawRecord::Figure(RawFigure::deserialize(table)?, span),
        "partner" => RawRecord::Partner(RawPartner::deserialize(table)?, span),
        "coverage" => RawRecord::Coverage(RawCoverage::deserialize(table)?, span),
        _ => return Err(Bail),
    })
}

/// Why the quick reader gave up; the toml crate reads the file instead.
#[derive(Debug)]
struct Bail;

impl fmt::Display for Bail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not plain TOML")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Bail
    }
}

/// The text and the place reading has reached.
struct Scan<'de> {
    text: &'de str,
    pos: usize,
}

impl<'de> Scan<'de> {
    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Skips spaces and tabs.
    fn spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Skips a comment, when one starts here; refuses one with a control character.
    fn comment(&mut self) -> Result<(), Bail> {
        if !self.eat(b'#') {
            return Ok(());
        }
        while let Some(byte) = self.peek() {
            match byte {
                b'\n' | b'\r' => break,
                b'\t' => {}
                0..=0x1f | 0x7f => return Err(Bail),
                _ => {}
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// Takes a line break, `\n` or `\r\n`; false when there is none here.
    fn newline(&mut self) -> Result<bool, Bail> {
        match self.peek() {
            Some(b'\n') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b'\r') if self.text.as_bytes().get(self.pos + 1) == Some(&b'\n') => {
                self.pos += 2;
                Ok(true)
            }
            Some(b'\r') => Err(Bail),
            _ => Ok(false),
        }
    }

    /// The rest of a line after a header or a value: spaces, a comment, the
    /// line break or the end of the text.
    fn line_end(&mut self) -> Result<(), Bail> {
        self.spaces();
        self.comment()?;
        if self.newline()? || self.at_end() { Ok(()) } else { Err(Bail) }
    }

    /// Skips spaces, comments and line breaks up to the next content: blank
    /// lines between keys, and what an array allows between its items.
    fn blank_lines(&mut self) -> Result<(), Bail> {
        loop {
            self.spaces();
            self.comment()?;
            if !self.newline()? {
                return Ok(());
            }
        }
    }

    /// A bare key: ASCII letters, digits, `_` and `-`.
    fn bare_key(&mut self) -> Result<&'de str, Bail> {
        let start = self.pos;
        while matches!(self.peek(), Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')) {
            self.pos += 1;
        }
        if self.pos == start { Err(Bail) } else { Ok(&self.text[start..self.pos]) }
    }

    /// A `[[name]]` header, its name a bare key.
    fn header(&mut self) -> Result<&'de str, Bail> {
        if !(self.eat(b'[') && self.eat(b'[')) {
            return Err(Bail);
        }
        let name = self.bare_key()?;
        if self.eat(b']') && self.eat(b']') { Ok(name) } else { Err(Bail) }
    }

    /// A key and the `=` after it, with the spaces around.
    fn key(&mut self) -> Result<&'de str, Bail> {
        let key = self.bare_key()?;
        self.spaces();
        if !self.eat(b'=') {
            return Err(Bail);
        }
        self.spaces();
        Ok(key)
    }

    /// A basic string (`"..."`), unescaped: borrowed when it has no escape.
    fn basic_string(&mut self) -> Result<Text<'de>, Bail> {
        self.pos += 1;
        if self.peek() == Some(b'"') && self.text.as_bytes().get(self.pos + 1) == Some(&b'"') {
            return Err(Bail);
        }
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            let byte = *bytes.get(self.pos).ok_or(Bail)?;
            match byte {
                b'"' => {
                    let text = match owned {
                        None => Text::Borrowed(&self.text[start..self.pos]),
                        Some(mut owned) => {
                            owned.push_str(&self.text[run..self.pos]);
                            Text::Owned(owned)
                        }
                    };
                    self.pos += 1;
                    return Ok(text);
                }
                b'\\' => {
                    let owned = owned.get_or_insert_with(String::new);
                    owned.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    let escaped = match *bytes.get(self.pos).ok_or(Bail)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'b' => '\u{8}',
                        b't' => '\t',
                        b'n' => '\n',
                        b'f' => '\u{c}',
                        b'r' => '\r',
                        b'u' => self.code_point(4)?,
                        b'U' => self.code_point(8)?,
                        _ => return Err(Bail),
                    };
                    owned.push(escaped);
                    self.pos += 1;
                    run = self.pos;
                }
                b'\t' => self.pos += 1,
                0..=0x1f | 0x7f => return Err(Bail),
                _ => self.pos += 1,
            }
        }
    }

    /// The character of a `\u` or `\U` escape whose `digits` hex digits
    /// follow; leaves the place on the last digit.
    fn code_point(&mut self, digits: usize) -> Result<char, Bail> {
        let hex = self.text.get(self.pos + 1..self.pos + 1 + digits).ok_or(Bail)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Bail);
        }
        let value = u32::from_str_radix(hex, 16).map_err(|_| Bail)?;
        self.pos += digits;
        char::from_u32(value).ok_or(Bail)
    }

    /// A literal string (`'...'`), which has no escapes.
    fn literal_string(&mut self) -> Result<&'de str, Bail> {
        self.pos += 1;
        if self.peek() == Some(b'\'') && self.text.as_bytes().get(self.pos + 1) == Some(&b'\'') {
            return Err(Bail);
        }
        let start = self.pos;
        loop {
            match self.peek().ok_or(Bail)? {
                b'\'' => {
                    self.pos += 1;
                    return Ok(&self.text[start..self.pos - 1]);
                }
                b'\t' => self.pos += 1,
                0..=0x1f | 0x7f => return Err(Bail),
                _ => self.pos += 1,
            }
        }
    }

    /// A decimal integer or float, as TOML writes them.
    fn number(&mut self) -> Result<Number, Bail> {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' | b'_' | b'+' | b'-' | b'.' | b':')) {
            self.pos += 1;
        }
        number(&self.text[start..self.pos]).ok_or(Bail)
    }
}

/// A string value: borrowed from the text, or unescaped into a new one.
enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

/// A number value.
enum Number {
    Integer(i64),
    Float(f64),
}

/// `token` as a TOML decimal integer or finite float; `None` for anything
/// else (hexadecimal, special floats, leading zeros, misplaced `_`).
fn number(token: &str) -> Option<Number> {
    let unsigned = token.strip_prefix(['+', '-']).unwrap_or(token);
    let (whole, rest) = unsigned.split_at(unsigned.find(['.', 'e', 'E']).unwrap_or(unsigned.len()));
    if !digits(whole) || (whole.len() > 1 && whole.starts_with('0')) {
        return None;
    }
    if rest.is_empty() {
        return token.replace('_', "").parse().ok().map(Number::Integer);
    }
    let (fraction, exponent) = match rest.strip_prefix('.') {
        Some(after) => {
            let (fraction, exponent) = after.split_at(after.find(['e', 'E']).unwrap_or(after.len()));
            (Some(fraction), exponent)
        }
        None => (None, rest),
    };
    if fraction.is_some_and(|fraction| !digits(fraction)) {
        return None;
    }
    if !exponent.is_empty() {
        let power = &exponent[1..];
        if !digits(power.strip_prefix(['+', '-']).unwrap_or(power)) {
            return None;
        }
    }
    let value: f64 = token.replace('_', "").parse().ok()?;
    value.is_finite().then_some(Number::Float(value))
}

/// True for ASCII digits with single `_` between two of them.
fn digits(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.iter().enumerate().all(|(index, &byte)| match byte {
            b'0'..=b'9' => true,
            b'_' => {
                index > 0
                    && index + 1 < bytes.len()
                    && bytes[index - 1].is_ascii_digit()
                    && bytes[index + 1].is_ascii_digit()
            }
            _ => false,
        })
}

/// The keys of a `[[table]]`, one a line, up to the next header or the end.
struct Table<'a, 'de>(&'a mut Scan<'de>);

impl<'de> Deserializer<'de> for Table<'_, 'de> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_map(TableKeys { scan: self.0 })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct TableKeys<'a, 'de> {
    scan: &'a mut Scan<'de>,
}

impl<'de> MapAccess<'de> for TableKeys<'_, 'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Bail> {
        self.scan.blank_lines()?;
        if self.scan.at_end() || self.scan.peek() == Some(b'[') {
            return Ok(None);
        }
        let key = self.scan.key()?;
        seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Bail> {
        let value = seed.deserialize(Value(self.scan))?;
        self.scan.line_end()?;
        Ok(value)
    }
}

/// One value, its first character at the place reached.
struct Value<'a, 'de>(&'a mut Scan<'de>);

impl<'de> Deserializer<'de> for Value<'_, 'de> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        let scan = self.0;
        match scan.peek().ok_or(Bail)? {
            b'"' => match scan.basic_string()? {
                Text::Borrowed(text) => visitor.visit_borrowed_str(text),
                Text::Owned(text) => visitor.visit_string(text),
            },
            b'\'' => visitor.visit_borrowed_str(scan.literal_string()?),
            b'{' => {
                scan.pos += 1;
                let value = visitor.visit_map(InlineTable { scan: &mut *scan, first: true })?;
                InlineTable { scan, first: false }.close()?;
                Ok(value)
            }
            b'[' => {
                scan.pos += 1;
                let value = visitor.visit_seq(Array { scan: &mut *scan, first: true })?;
                Array { scan, first: false }.close()?;
                Ok(value)
            }
            b'0'..=b'9' | b'+' | b'-' => match scan.number()? {
                Number::Integer(value) => visitor.visit_i64(value),
                Number::Float(value) => visitor.visit_f64(value),
            },
            _ => Err(Bail),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_some(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        if name == SPANNED && fields == [SPANNED_START, SPANNED_END, SPANNED_VALUE] {
            let start = self.0.pos;
            return visitor.visit_map(Spanned { scan: self.0, start, step: 0 });
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        let scan = self.0;
        match scan.peek() {
            Some(b'"') => match scan.basic_string()? {
                Text::Borrowed(text) => visitor.visit_enum(StrDeserializer::<Bail>::new(text)),
                Text::Owned(text) => visitor.visit_enum(StringDeserializer::<Bail>::new(text)),
            },
            Some(b'\'') => visitor.visit_enum(StrDeserializer::<Bail>::new(scan.literal_string()?)),
            _ => Err(Bail),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map identifier ignored_any
    }
}

/// A value handed over as `toml::Spanned`: its start, the value, its end.
struct Spanned<'a, 'de> {
    scan: &'a mut Scan<'de>,
    start: usize,
    step: u8,
}

impl<'de> MapAccess<'de> for Spanned<'_, 'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Bail> {
        let key = match self.step {
            0 => SPANNED_START,
            1 => SPANNED_VALUE,
            2 => SPANNED_END,
            _ => return Ok(None),
        };
        seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Bail> {
        self.step += 1;
        match self.step {
            1 => seed.deserialize(UsizeDeserializer::new(self.start)),
            2 => seed.deserialize(Value(self.scan)),
            _ => seed.deserialize(self.scan.pos.into_deserializer()),
        }
    }
}

/// The keys of a one-line inline table, after its `{`.
struct InlineTable<'a, 'de> {
    scan: &'a mut Scan<'de>,
    first: bool,
}

impl InlineTable<'_, '_> {
    /// Takes the closing `}`, refusing keys the visitor left unread.
    fn close(self) -> Result<(), Bail> {
        self.scan.spaces();
        if self.scan.eat(b'}') { Ok(()) } else { Err(Bail) }
    }
}

impl<'de> MapAccess<'de> for InlineTable<'_, 'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Bail> {
        self.scan.spaces();
        match self.scan.peek() {
            Some(b'}') => return Ok(None),
            Some(b',') if !self.first => {
                self.scan.pos += 1;
                self.scan.spaces();
            }
            _ if self.first => {}
            _ => return Err(Bail),
        }
        self.first = false;
        let key = self.scan.key()?;
        seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Bail> {
        seed.deserialize(Value(self.scan))
    }
}

/// The items of an array, after its `[`; it may span lines and hold comments.
struct Array<'a, 'de> {
    scan: &'a mut Scan<'de>,
    first: bool,
}

impl Array<'_, '_> {
    /// Takes the closing `]` (after an optional trailing comma), refusing
    /// items the visitor left unread.
    fn close(self) -> Result<(), Bail> {
        self.scan.blank_lines()?;
        if !self.first && self.scan.eat(b',') {
            self.scan.blank_lines()?;
        }
        if self.scan.eat(b']') { Ok(()) } else { Err(Bail) }
    }
}

impl<'de> SeqAccess<'de> for Array<'_, 'de> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Bail> {
        self.scan.blank_lines()?;
        if !self.first {
            match self.scan.peek() {
                Some(b',') => {
                    self.scan.pos += 1;
                    self.scan.blank_lines()?;
                }
                Some(b']') => return Ok(None),
                _ => return Err(Bail),
            }
        }
        if self.scan.peek() == Some(b']') {
            return Ok(None);
        }
        self.first = false;
        seed.deserialize(Value(self.scan)).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_toml_writes_them() {
        let int = |t: &str| match number(t) {
            Some(Number::Integer(v)) => Some(v),
            _ => None,
        };
        let float = |t: &str| match number(t) {
            Some(Number::Float(v)) => Some(v),
            _ => None,
        };
        assert_eq!(int("2024"), Some(2024));
        assert_eq!(int("-5"), Some(-5));
        assert_eq!(int("+1_000"), Some(1000));
        assert_eq!(int("0"), Some(0));
        assert_eq!(float("35.53"), Some(35.53));
        assert_eq!(float("-1e3"), Some(-1000.0));
        assert_eq!(float("6.02E+2_3"), Some(6.02e23));
        for refused in [
            "012",
            "1__0",
            "_1",
            "1_",
            "0x1F",
            "1.",
            ".5",
            "1.e3",
            "inf",
            "nan",
            "2024-07-31",
            "1e",
            "1e400",
            "9223372036854775808",
        ] {
            assert!(number(refused).is_none(), "{refused}");
        }
    }

    #[test]
    fn other_forms_of_toml_are_left_to_the_toml_crate() {
        let event = "date = 2024\nkind = \"other\"\ntitle = \"X\"\n";
        assert!(read(&format!("[[event]]\n{event}")).is_some());
        for other in [
            format!("[event]\n{event}"),
            format!("[[event]]\n{event}event.note = \"n\"\n"),
            "[[event]]\n\"date\" = 2024\nkind = \"other\"\ntitle = \"X\"\n".to_owned(),
            format!("[[event]]\n{event}note = \"\"\"n\"\"\"\n"),
            "[[event]]\ndate = 2024-07-31\nkind = \"other\"\ntitle = \"X\"\n".to_owned(),
            format!("[[event]]\n{event}note = \"\\e\"\n"),
            format!("[[event]]\n{event}partners = [{{ name = \"A\", country = \"KR\", type = \"ngo\", }}]\n"),
            format!("\u{feff}[[event]]\n{event}"),
            format!("[[event]]\n{event}kind = \"other\"\n"),
            format!("[[event]]\n{event}soruce = \"s\"\n"),
            format!("[[event]]\r{event}"),
            format!("[[event]] x = 1\n{event}"),
            format!("[[evnt]]\n{event}"),
            format!("note = \"n\"\n[[event]]\n{event}"),
        ] {
            assert!(read(&other).is_none(), "{other}");
        }
    }
}
