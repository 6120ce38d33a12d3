//! Reading TOML input files into raw serde structures, with located errors.
//!
//! Both the config and the data files go through here, so every syntax or
//! type error names the file, line and column the same way.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diag::{Location, Problem, Problems, SourceFile};

/// Reads a file's text, or says why it cannot be read; text that is not
/// UTF-8 is located at its first bad byte.
pub fn read_source(path: &Path, shown_as: &Path) -> Result<SourceFile, Problem> {
    source_from_bytes(shown_as, read_bytes(path, shown_as)?)
}

/// Reads a file's bytes, or says why they cannot be read.
pub fn read_bytes(path: &Path, shown_as: &Path) -> Result<Vec<u8>, Problem> {
    let mut bytes = Vec::new();
    read_into(path, shown_as, &mut bytes)?;
    Ok(bytes)
}

/// Reads a file's bytes into `bytes` (emptied first, its room kept), or
/// says why they cannot be read.
pub fn read_into(path: &Path, shown_as: &Path, bytes: &mut Vec<u8>) -> Result<(), Problem> {
    use std::io::Read;
    bytes.clear();
    std::fs::File::open(path)
        .and_then(|mut file| file.read_to_end(bytes))
        .map(drop)
        .map_err(|err| Problem::error(Location::file(shown_as), format!("cannot read the file: {}", io_reason(&err))))
}

/// A file's bytes as text, or a problem located at the first byte that is not UTF-8.
pub fn source_from_bytes(shown_as: &Path, bytes: Vec<u8>) -> Result<SourceFile, Problem> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(shown_as, text)),
        Err(err) => {
            let bytes = err.as_bytes();
            let at = err.utf8_error().valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&bytes[line_start..at]).chars().count() + 1;
            Err(Problem::error(
                Location { file: shown_as.into(), line_column: Some((line, column)) },
                format!(
                    "the file is not UTF-8 text: the byte 0x{:02X} here is not part of any character; save the file with the encoding \"UTF-8\"",
                    bytes[at]
                ),
            ))
        }
    }
}

/// One top-level key of a TOML document and its value, with their places.
pub struct Entry<'a> {
    /// The key as written.
    pub key: String,
    /// Where the key is.
    pub key_location: Location,
    /// The value, with its span, ready to be deserialized.
    pub value: Spanned<DeValue<'a>>,
}

/// Parses a TOML document into its top-level entries, in file order.
///
/// Every syntax error is recorded; when there is any, `None` is returned so
/// that a half-parsed document does not produce misleading follow-up errors.
pub fn parse_document<'a>(file: &'a SourceFile, problems: &mut Problems) -> Option<Vec<Entry<'a>>> {
    let (root, errors) = DeTable::parse_recoverable(&file.text);
    if !errors.is_empty() {
        // A number with thousands separators gives the parser several
        // errors on its line; one message saying what to write replaces them.
        let mut explained_lines = Vec::new();
        for err in errors {
            let offset = err.span().map_or(0, |span| span.start);
            let line_start = file.text[..offset.min(file.text.len())].rfind('\n').map_or(0, |i| i + 1);
            if explained_lines.contains(&line_start) {
                continue;
            }
            let line = file.text[line_start..].lines().next().unwrap_or("");
            match thousands_separated(line) {
                Some((column, number)) => {
                    explained_lines.push(line_start);
                    problems.push(Problem::error(
                        Location::at_offset(file, line_start + column),
                        thousands_message(number, "TOML"),
                    ));
                }
                None => problems.push(located(file, &err)),
            }
        }
        return None;
    }
    let mut entries: Vec<Entry<'a>> = root
        .into_inner()
        .into_iter()
        .map(|(key, value)| Entry { key_location: at(file, key.span()), key: key.into_inner().into_owned(), value })
        .collect();
    entries.sort_by_key(|entry| entry.value.span().start);
    Some(entries)
}

/// Deserializes one parsed value into `T`; an error becomes a located problem.
pub fn deserialize<T: DeserializeOwned>(file: &SourceFile, value: Spanned<DeValue<'_>>) -> Result<T, Problem> {
    T::deserialize(ValueDeserializer::from(value)).map_err(|err| located(file, &err))
}

/// Deserializes one table into `T`, reporting every key whose value is
/// wrong, not only the first: after an error at a key, the table is read
/// again without that key, until it reads or an error is not at a key of
/// its own (a key `T` needs and the table lacks). A key left out is not
/// then reported missing: its own error says what to write. Serde stops at
/// the first needed key it lacks, so when that is a key left out, a needed
/// key the table never had is reported once the first mistake is fixed.
/// Valid tables are read once, as by [`deserialize`] (from a copy of the
/// table, kept for the reading again).
pub fn deserialize_table<T: DeserializeOwned>(
    file: &SourceFile,
    mut value: Spanned<DeValue<'_>>,
) -> Result<T, Vec<Problem>> {
    // Each problem with its offset: a table's keys are read in their
    // order, not the file's, and the problems are given in the file's.
    let mut problems: Vec<(usize, Problem)> = Vec::new();
    let mut left_out: Vec<String> = Vec::new();
    let in_file_order = |mut problems: Vec<(usize, Problem)>| {
        problems.sort_by_key(|(offset, _)| *offset);
        problems.into_iter().map(|(_, problem)| problem).collect()
    };
    loop {
        let err = match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(read) if problems.is_empty() => return Ok(read),
            Ok(_) => return Err(in_file_order(problems)),
            Err(err) => err,
        };
        let missing = err.message().strip_prefix("missing field `").and_then(|rest| rest.strip_suffix('`'));
        if missing.is_some_and(|key| left_out.iter().any(|out| out == key)) {
            return Err(in_file_order(problems));
        }
        problems.push((err.span().map_or(usize::MAX, |span| span.start), located(file, &err)));
        let DeValue::Table(table) = value.get_mut() else { return Err(in_file_order(problems)) };
        let at_fault = err.span().and_then(|span| {
            let within = |(key, item): &(&Spanned<_>, &Spanned<_>)| {
                key.span().start <= span.start && span.start < item.span().end
            };
            table.iter().find(within).map(|(key, _)| key.clone())
        });
        let Some(key) = at_fault else { return Err(in_file_order(problems)) };
        table.remove(&key);
        left_out.push(key.into_inner().into_owned());
    }
}

/// The tables of an array of tables such as `[[event]]`, each with its span.
///
/// A value of another shape is recorded as an error and gives no tables.
pub fn array_of_tables<'a>(file: &SourceFile, entry: Entry<'a>, problems: &mut Problems) -> Vec<Spanned<DeValue<'a>>> {
    let span = entry.value.span();
    match entry.value.into_inner() {
        DeValue::Array(items) => items.into_iter().collect(),
        other => {
            problems.error(
                at(file, span),
                format!(
                    "`{}` must be an array of tables written `[[{}]]`, not a {}",
                    entry.key,
                    entry.key,
                    other.type_str()
                ),
            );
            Vec::new()
        }
    }
}

/// The names serde reads for `T`: the variants of an enum, or the keys of a
/// struct, in the order they are declared. Serde's own lists, so messages
/// that list them never drift from what is read.
pub fn serde_names<T: DeserializeOwned>() -> &'static [&'static str] {
    match T::deserialize(Probe { variant: None }) {
        Err(FieldsReadError::Names(names)) => names,
        _ => &[],
    }
}

/// The keys serde reads for the variant `variant` of the enum `T` (none for
/// a unit variant or a name that is not one of its variants).
pub fn variant_keys<T: DeserializeOwned>(variant: &'static str) -> &'static [&'static str] {
    match T::deserialize(Probe { variant: Some(variant) }) {
        Err(FieldsReadError::Names(keys)) => keys,
        _ => &[],
    }
}

/// Why a table's fields could not be read by [`deserialize_fields`].
#[derive(Debug)]
pub enum FieldsError {
    /// A key that must be given is absent: the caller words it and places
    /// it at the table.
    Missing(&'static str),
    /// Any other problem, located at the key or value at fault.
    Invalid(Problem),
}

/// Reads a table's keys as the struct `T` (`variant` none) or as the
/// variant `variant` of the enum `T` (a unit variant, or a struct variant
/// whose fields are the keys), with each error located like
/// [`deserialize`]'s and a missing key told apart.
pub fn deserialize_fields<T: DeserializeOwned>(
    file: &SourceFile,
    variant: Option<&'static str>,
    table: Spanned<DeTable<'_>>,
) -> Result<T, FieldsError> {
    let span = table.span();
    T::deserialize(Fields { variant, table }).map_err(|err| match err {
        FieldsReadError::Missing(key) => FieldsError::Missing(key),
        FieldsReadError::Names(_) => FieldsError::Invalid(Problem::error(at(file, span), "the table cannot be read")),
        FieldsReadError::Invalid { message, span: at_span } => {
            FieldsError::Invalid(Problem::error(at(file, at_span.unwrap_or(span)), tidy_toml_message(&message)))
        }
    })
}

/// The error type of [`Probe`] and [`Fields`].
#[derive(Debug)]
enum FieldsReadError {
    /// The names serde passed when asked for an enum, a struct or a variant:
    /// what [`Probe`] is after.
    Names(&'static [&'static str]),
    /// A key serde needs and did not get.
    Missing(&'static str),
    /// Anything else, with the span at fault once it is known.
    Invalid { message: String, span: Option<Range<usize>> },
}

impl FieldsReadError {
    /// The error, placed at `span` unless it already has a place.
    fn at(self, span: Range<usize>) -> Self {
        match self {
            FieldsReadError::Invalid { message, span: None } => FieldsReadError::Invalid { message, span: Some(span) },
            other => other,
        }
    }
}

impl fmt::Display for FieldsReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldsReadError::Names(names) => write!(f, "names: {}", names.join(", ")),
            FieldsReadError::Missing(key) => write!(f, "missing field `{key}`"),
            FieldsReadError::Invalid { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for FieldsReadError {}

impl de::Error for FieldsReadError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        FieldsReadError::Invalid { message: message.to_string(), span: None }
    }

    fn missing_field(field: &'static str) -> Self {
        FieldsReadError::Missing(field)
    }
}

/// A deserializer that reads nothing: it asks a type for the names serde
/// knows (its variants or keys, or with `variant` the keys of that variant)
/// and gives them back as [`FieldsReadError::Names`].
struct Probe {
    variant: Option<&'static str>,
}

impl<'de> Deserializer<'de> for Probe {
    type Error = FieldsReadError;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, FieldsReadError> {
        Err(de::Error::custom("only a struct or an enum has names"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, FieldsReadError> {
        Err(FieldsReadError::Names(fields))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FieldsReadError> {
        match self.variant {
            None => Err(FieldsReadError::Names(variants)),
            Some(_) => visitor.visit_enum(self),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map identifier ignored_any
    }
}

impl<'de> de::EnumAccess<'de> for Probe {
    type Error = FieldsReadError;
    type Variant = Self;

    fn variant_seed<V: de::DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), FieldsReadError> {
        let name = self.variant.unwrap_or_default();
        Ok((seed.deserialize(de::value::StrDeserializer::new(name))?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Probe {
    type Error = FieldsReadError;

    fn unit_variant(self) -> Result<(), FieldsReadError> {
        Err(FieldsReadError::Names(&[]))
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, FieldsReadError> {
        Err(de::Error::custom("a newtype variant has no keys of its own"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, FieldsReadError> {
        Err(de::Error::custom("a tuple variant has no keys"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, FieldsReadError> {
        Err(FieldsReadError::Names(fields))
    }
}

/// A table read as a struct, or as the variant `variant` of an enum: each
/// value through toml's own deserializer (so spans and located errors
/// stay), each error placed at its key or value.
struct Fields<'a> {
    variant: Option<&'static str>,
    table: Spanned<DeTable<'a>>,
}

impl<'de> Deserializer<'de> for Fields<'de> {
    type Error = FieldsReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldsReadError> {
        let span = self.table.span();
        visitor
            .visit_map(FieldsAccess { entries: self.table.into_inner().into_iter(), value: None })
            .map_err(|e| e.at(span))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FieldsReadError> {
        let span = self.table.span();
        visitor.visit_enum(self).map_err(|e| e.at(span))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

impl<'de> de::EnumAccess<'de> for Fields<'de> {
    type Error = FieldsReadError;
    type Variant = Self;

    fn variant_seed<V: de::DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), FieldsReadError> {
        let name = self.variant.unwrap_or_default();
        Ok((seed.deserialize(de::value::StrDeserializer::new(name))?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Fields<'de> {
    type Error = FieldsReadError;

    fn unit_variant(self) -> Result<(), FieldsReadError> {
        match self.table.get_ref().keys().next() {
            Some(key) => Err(<FieldsReadError as de::Error>::unknown_field(key.get_ref(), &[]).at(key.span())),
            None => Ok(()),
        }
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, FieldsReadError> {
        Err(de::Error::custom("a table cannot be read as a newtype variant"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, FieldsReadError> {
        Err(de::Error::custom("a table cannot be read as a tuple variant"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FieldsReadError> {
        Deserializer::deserialize_any(Fields { variant: None, table: self.table }, visitor)
    }
}

/// The keys and values of a table, handed to serde one by one.
struct FieldsAccess<'a> {
    entries: <DeTable<'a> as IntoIterator>::IntoIter,
    value: Option<Spanned<DeValue<'a>>>,
}

impl<'de> de::MapAccess<'de> for FieldsAccess<'de> {
    type Error = FieldsReadError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, FieldsReadError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let span = key.span();
        seed.deserialize(de::value::StrDeserializer::<FieldsReadError>::new(key.get_ref()))
            .map(Some)
            .map_err(|e| e.at(span))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, FieldsReadError> {
        let value = self.value.take().ok_or_else(|| de::Error::custom("a value was asked for before its key"))?;
        let span = value.span();
        seed.deserialize(ValueDeserializer::from(value)).map_err(|err| FieldsReadError::Invalid {
            message: err.message().to_owned(),
            span: Some(err.span().unwrap_or(span)),
        })
    }
}

/// The first number of `line` written with thousands separators
/// (`1,200,000`) outside a quoted text: its byte offset and the number.
fn thousands_separated(line: &str) -> Option<(usize, &str)> {
    let bytes = line.as_bytes();
    let mut quoted = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b'0'..=b'9' if !quoted && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) => {
                let end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit() || **b == b',').count();
                let run = line[i..end].trim_end_matches(',');
                if grouped_by_thousands(run, ',') {
                    return Some((i, run));
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether `number` is digits grouped by three with `separator`
/// (`1,200,000`, `1.200`): one to three digits, then groups of three.
fn grouped_by_thousands(number: &str, separator: char) -> bool {
    let mut groups = number.split(separator);
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    let digits = |group: &str| group.bytes().all(|b| b.is_ascii_digit());
    (1..=3).contains(&first.len())
        && digits(first)
        && !rest.is_empty()
        && rest.iter().all(|group| group.len() == 3 && digits(group))
}

/// What to write instead of a number with thousands separators, which
/// `writing` (TOML, a flag) does not allow.
fn thousands_message(number: &str, writing: &str) -> String {
    format!(
        "`{number}` has thousands separators, which {writing} does not allow: write `{}` or `{}`",
        number.replace([',', '.'], "_"),
        number.replace([',', '.'], "")
    )
}

/// The message for a number written with thousands separators of either
/// convention (`1,200,000`, `1.200.000`, `1.200`), as given to `writing`
/// (`--amount`); `None` for any other text. A single dot before three
/// digits counts as a separator: `1.200` is 1200 as Vietnamese write it,
/// and reading it as 1.2 would be wrong a thousandfold.
pub fn thousands_separator_mistake(number: &str, writing: &str) -> Option<String> {
    (grouped_by_thousands(number, ',') || grouped_by_thousands(number, '.')).then(|| thousands_message(number, writing))
}

fn located(file: &SourceFile, err: &toml::de::Error) -> Problem {
    let location = match err.span() {
        Some(span) => Location::at_offset(file, span.start),
        None => Location::at_offset(file, unspanned_error_offset(&file.text)),
    };
    Problem::error(location, tidy_toml_message(err.message()))
}

/// Where an error the TOML parser gives without a place lies. The one such
/// error is "recursion limit": a key of more than 80 dotted parts, in a
/// table header or before `=`. It is placed at the first line with such a
/// key, else at the start of the file.
fn unspanned_error_offset(text: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let key = line.split('=').next().unwrap_or(line);
        if key.matches('.').count() >= 80 {
            return offset + (line.len() - line.trim_start().len());
        }
        offset += line.len();
    }
    0
}

/// The location of a span inside a file.
pub fn at(file: &SourceFile, span: Range<usize>) -> Location {
    Location::at_offset(file, span.start)
}

/// An I/O error in words, without the "(os error 2)" noise.
pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::InvalidData => "it is not valid UTF-8 text".to_owned(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(index) => text[..index].to_owned(),
                None => text,
            }
        }
    }
}

fn tidy_toml_message(message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    let mut text = message.replace('\n', "; ");
    for (raw, plain) in [
        ("expected f64", "expected a number"),
        ("expected i64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected a sequence", "expected a list"),
        ("expected struct", "expected a table"),
    ] {
        text = text.replace(raw, plain);
    }
    if let Some(rest) = text.strip_prefix("unknown field ") {
        text = format!("unknown key {rest}; check its spelling");
    }
    without_type_names(&text)
}

/// `text` without the names of yearbrief's own Rust types (`RawAmount`,
/// `RawEvent`), which serde puts into its messages and which mean nothing
/// to a user. A word in backticks is the user's own and stays.
fn without_type_names(text: &str) -> String {
    let is_type_name = |word: &str| {
        if word.starts_with('`') {
            return false;
        }
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        word.strip_prefix("Raw").is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
    };
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive(' ') {
        if is_type_name(piece) {
            let ending: String = piece.trim_end().chars().rev().take_while(|c| !c.is_alphanumeric()).collect();
            if out.ends_with(' ') {
                out.pop();
            }
            out.extend(ending.chars().rev());
            if piece.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push_str(piece);
        }
    }
    out
}

/// The largest amount, figure or change yearbrief accepts, in either sign:
/// 10^15, a thousand trillion. Far above any real amount (even in đồng), and
/// far enough below 2^53 that every whole number up to it, and sums of many
/// of them, stay exact.
pub const MAX_QUANTITY: f64 = 1e15;

/// The largest total (a sum of amounts) yearbrief computes: 2^53, the last
/// point up to which every whole number is exact in the arithmetic it uses.
pub const MAX_TOTAL: f64 = 9_007_199_254_740_992.0;

/// `value` as an integer when it is a whole number small enough to be exact
/// (at most [`MAX_TOTAL`] in size), for writing it without a fraction.
pub fn whole(value: f64) -> Option<i64> {
    (value.fract() == 0.0 && value.abs() <= MAX_TOTAL).then_some(value as i64)
}

/// A number as written in a data file (an amount, a figure, a change),
/// checked to be finite and at most [`MAX_QUANTITY`] in size, so that it is
/// printed, summed and compared exactly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantity(pub f64);

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct QuantityVisitor;

        fn out_of_range<E: de::Error>(written: &str) -> E {
            E::custom(format!(
                "the number {written} is out of range: yearbrief takes numbers up to 10^15 (1,000,000,000,000,000) either way; check it for a typo"
            ))
        }

        impl Visitor<'_> for QuantityVisitor {
            type Value = Quantity;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Quantity, E> {
                if value.unsigned_abs() > MAX_QUANTITY as u64 {
                    return Err(out_of_range(&value.to_string()));
                }
                Ok(Quantity(value as f64))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Quantity, E> {
                if value > MAX_QUANTITY as u64 {
                    return Err(out_of_range(&value.to_string()));
                }
                Ok(Quantity(value as f64))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Quantity, E> {
                if value.is_nan() {
                    return Err(E::custom("`nan` is not a number; write the value, or leave the key out"));
                }
                if value.is_infinite() || value.abs() > MAX_QUANTITY {
                    let written = if value.is_infinite() { value.to_string() } else { format!("{value:e}") };
                    return Err(out_of_range(&written));
                }
                Ok(Quantity(value))
            }
        }

        deserializer.deserialize_any(QuantityVisitor)
    }
}

/// One string or a list of strings, as in `source = "a"` or `source = ["a", "b"]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StringList(pub Vec<String>);

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;

        impl<'de> Visitor<'de> for ListVisitor {
            type Value = StringList;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<StringList, E> {
                Ok(StringList(vec![value.to_owned()]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StringList, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                Ok(StringList(items))
            }
        }

        deserializer.deserialize_any(ListVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        #[allow(dead_code)]
        name: String,
        #[serde(default)]
        source: StringList,
    }

    /// The `sample` table of a document, deserialized the way data files are.
    fn parse_sample(text: &str) -> Result<Sample, Problem> {
        let file = SourceFile::new(Path::new("x.toml"), text.into());
        let mut problems = Problems::new();
        let Some(entries) = parse_document(&file, &mut problems) else {
            return Err(problems.into_vec().remove(0));
        };
        let entry = entries.into_iter().next().expect("one table");
        deserialize(&file, entry.value)
    }

    #[test]
    fn unknown_key_error_points_at_the_key() {
        let problem = parse_sample("[sample]\nname = \"a\"\n  nmae = 3\n").unwrap_err();
        assert_eq!(problem.location.unwrap().line_column, Some((3, 3)));
        assert!(problem.message.starts_with("unknown key `nmae`"), "{}", problem.message);
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Record {
        #[allow(dead_code)]
        date: u32,
        #[allow(dead_code)]
        title: String,
        #[allow(dead_code)]
        amount: Option<u32>,
    }

    /// The messages of the `record` table of a document read by [`deserialize_table`].
    fn record_messages(text: &str) -> Vec<String> {
        let file = SourceFile::new(Path::new("x.toml"), text.into());
        let entry = parse_document(&file, &mut Problems::new()).expect("no syntax error").remove(0);
        match deserialize_table::<Record>(&file, entry.value) {
            Ok(_) => Vec::new(),
            Err(problems) => {
                problems.into_iter().map(|p| format!("{:?}: {}", p.location.unwrap().line_column, p.message)).collect()
            }
        }
    }

    #[test]
    fn every_key_in_error_is_reported_and_a_key_left_out_is_not_called_missing() {
        assert!(record_messages("[record]\ndate = 1\ntitle = \"t\"\n").is_empty());
        let messages = record_messages("[record]\ndate = \"x\"\ntitle = \"t\"\namount = \"y\"\ncolour = 1\n");
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("Some((2, 8)): invalid type: string \"x\""), "{messages:?}");
        assert!(messages[1].starts_with("Some((4, 10)): invalid type: string \"y\""), "{messages:?}");
        assert!(messages[2].starts_with("Some((5, 1)): unknown key `colour`"), "{messages:?}");
        let missing = record_messages("[record]\namount = \"y\"\n");
        assert_eq!(missing.len(), 2, "{missing:?}");
        assert!(missing[0].ends_with("missing field `date`"), "a key never written is still missing: {missing:?}");
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "kebab-case", deny_unknown_fields)]
    enum Shape {
        Circle { radius: u32 },
        Rectangle { width: u32, height: u32, label: Option<Spanned<String>> },
        PointMark,
    }

    /// The `shape` table of a document read as the variant `variant` of [`Shape`].
    fn read_shape(text: &str, variant: &'static str) -> Result<Shape, FieldsError> {
        let file = SourceFile::new(Path::new("x.toml"), text.into());
        let mut problems = Problems::new();
        let entry = parse_document(&file, &mut problems).expect("no syntax error").into_iter().next().expect("one");
        let span = entry.value.span();
        let DeValue::Table(table) = entry.value.into_inner() else { panic!("a table") };
        deserialize_fields(&file, Some(variant), Spanned::new(span, table))
    }

    #[test]
    fn serde_names_lists_variants_fields_and_a_variants_keys() {
        assert_eq!(serde_names::<Shape>(), ["circle", "rectangle", "point-mark"]);
        assert_eq!(serde_names::<Sample>(), ["name", "source"]);
        assert_eq!(variant_keys::<Shape>("rectangle"), ["width", "height", "label"]);
        assert_eq!(variant_keys::<Shape>("point-mark"), [] as [&str; 0]);
        assert_eq!(variant_keys::<Shape>("hexagon"), [] as [&str; 0]);
    }

    #[test]
    fn a_variant_reads_from_a_table_with_located_errors() {
        let shape = read_shape("[shape]\nwidth = 2\nheight = 3\nlabel = \"door\"\n", "rectangle").unwrap();
        let Shape::Rectangle { width: 2, height: 3, label: Some(label) } = shape else { panic!("{shape:?}") };
        assert_eq!(label.span(), 37..43);
        assert_eq!(read_shape("[shape]\n", "point-mark").unwrap(), Shape::PointMark);
        assert!(matches!(read_shape("[shape]\nwidth = 2\n", "rectangle"), Err(FieldsError::Missing("height"))));
        let Err(FieldsError::Invalid(problem)) = read_shape("[shape]\nradius = \"big\"\n", "circle") else {
            panic!("a wrong value is an error")
        };
        assert_eq!(problem.location.unwrap().line_column, Some((2, 10)));
        assert!(problem.message.contains("expected a whole number"), "{}", problem.message);
        let Err(FieldsError::Invalid(problem)) = read_shape("[shape]\nradius = 1\n  side = 2\n", "circle") else {
            panic!("an unknown key is an error")
        };
        assert_eq!(problem.location.unwrap().line_column, Some((3, 3)));
        assert!(problem.message.starts_with("unknown key `side`"), "{}", problem.message);
        let Err(FieldsError::Invalid(problem)) = read_shape("[shape]\nside = 2\n", "point-mark") else {
            panic!("a key of a unit variant is an error")
        };
        assert_eq!(problem.location.unwrap().line_column, Some((2, 1)));
    }

    #[test]
    fn string_list_takes_one_string_or_a_list() {
        let one: Sample = toml::from_str("name = \"a\"\nsource = \"s1\"").unwrap();
        assert_eq!(one.source.0, ["s1"]);
        let two: Sample = toml::from_str("name = \"a\"\nsource = [\"s1\", \"s2\"]").unwrap();
        assert_eq!(two.source.0, ["s1", "s2"]);
    }

    #[test]
    fn a_number_with_thousands_separators_is_found_outside_texts() {
        assert_eq!(thousands_separated("amount = { value = 1,200,000, currency = \"VND\" }"), Some((19, "1,200,000")));
        assert_eq!(thousands_separated("value = 12,500"), Some((8, "12,500")));
        assert_eq!(thousands_separated("title = \"1,200,000 people\""), None);
        assert_eq!(thousands_separated("kinds = [1,2]"), None);
        assert_eq!(thousands_separated("list = [10, 200]"), None);
    }

    #[test]
    fn thousands_separators_of_either_convention_say_what_to_write() {
        let message = thousands_separator_mistake("1.200.000", "--amount").unwrap();
        assert_eq!(
            message,
            "`1.200.000` has thousands separators, which --amount does not allow: write `1_200_000` or `1200000`"
        );
        assert!(thousands_separator_mistake("1,200,000", "--amount").is_some());
        assert!(thousands_separator_mistake("2.500", "--amount").is_some(), "a dot before three digits groups them");
        for plain in ["1200000", "1_200_000", "2.5", "12.25", "1,2", "1.2000", ",200", "1..200"] {
            assert_eq!(thousands_separator_mistake(plain, "--amount"), None, "{plain}");
        }
    }

    #[test]
    fn messages_never_name_internal_types() {
        assert_eq!(
            tidy_toml_message("invalid type: integer `5`, expected struct RawAmount"),
            "invalid type: integer `5`, expected a table"
        );
        assert_eq!(without_type_names("expected a table RawAmount; then"), "expected a table; then");
        assert_eq!(without_type_names("a Rawhide b"), "a Rawhide b");
        assert_eq!(without_type_names("template name: `RawOutlook` is not"), "template name: `RawOutlook` is not");
    }

    #[derive(Debug, Deserialize)]
    struct Numbers {
        value: Quantity,
    }

    #[test]
    fn numbers_out_of_range_are_refused_and_in_range_ones_exact() {
        let refused = |text: &str| toml::from_str::<Numbers>(text).unwrap_err().message().to_owned();
        assert!(refused("value = 1.7e308").contains("1.7e308 is out of range"), "{}", refused("value = 1.7e308"));
        assert!(refused("value = 9007199254740993").contains("out of range"));
        assert!(refused("value = -1_000_000_000_000_001").contains("out of range"));
        assert!(refused("value = inf").contains("out of range"));
        assert!(refused("value = nan").contains("`nan` is not a number"));
        let value = |text: &str| toml::from_str::<Numbers>(text).unwrap().value.0;
        assert_eq!(value("value = 1_000_000_000_000_000"), 1e15);
        assert_eq!(value("value = 999_999_999_999_999"), 999_999_999_999_999.0);
        assert_eq!(value("value = -2.5"), -2.5);
    }

    #[test]
    fn whole_numbers_are_integers_up_to_the_exact_range() {
        assert_eq!(whole(1015.0), Some(1015));
        assert_eq!(whole(-3.0), Some(-3));
        assert_eq!(whole(2.5), None);
        assert_eq!(whole(MAX_TOTAL), Some(9_007_199_254_740_992));
        assert_eq!(whole(1e300), None);
        assert_eq!(whole(f64::NAN), None);
    }

    #[test]
    fn invalid_utf8_is_located_at_its_first_bad_byte() {
        let problem = source_from_bytes(Path::new("x.toml"), b"a = 1\ntitle = \"Da N\xe0ng\"\n".to_vec()).unwrap_err();
        assert_eq!(problem.location.unwrap().line_column, Some((2, 14)));
        assert!(problem.message.contains("byte 0xE0"), "{}", problem.message);
    }

    #[test]
    fn a_key_too_deep_for_the_parser_is_located_at_its_line() {
        let key = vec!["a"; 81].join(".");
        let problem = parse_sample(&format!("[sample]\nname = \"x\"\n\n  [{key}]\n")).unwrap_err();
        assert_eq!(problem.location.unwrap().line_column, Some((4, 3)), "{}", problem.message);
        let problem = parse_sample(&format!("{key} = 1\n")).unwrap_err();
        assert_eq!(problem.location.unwrap().line_column, Some((1, 1)), "{}", problem.message);
    }

    #[test]
    fn syntax_error_has_a_location() {
        let problem = parse_sample("[sample]\nname = \"a\nb = 1\n").unwrap_err();
        assert!(problem.location.unwrap().line_column.is_some());
    }
}
