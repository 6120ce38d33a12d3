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

/// Reads a file's text, or says why it cannot be read.
pub fn read_source(path: &Path, shown_as: &Path) -> Result<SourceFile, Problem> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(SourceFile::new(shown_as, text)),
        Err(err) => Err(Problem::error(Location::file(shown_as), format!("cannot read the file: {}", io_reason(&err)))),
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
        for err in errors {
            problems.push(located(file, &err));
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

fn located(file: &SourceFile, err: &toml::de::Error) -> Problem {
    let location = match err.span() {
        Some(span) => Location::at_offset(file, span.start),
        None => Location::file(file.path.clone()),
    };
    Problem::error(location, tidy_toml_message(err.message()))
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
    text
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

    #[test]
    fn string_list_takes_one_string_or_a_list() {
        let one: Sample = toml::from_str("name = \"a\"\nsource = \"s1\"").unwrap();
        assert_eq!(one.source.0, ["s1"]);
        let two: Sample = toml::from_str("name = \"a\"\nsource = [\"s1\", \"s2\"]").unwrap();
        assert_eq!(two.source.0, ["s1", "s2"]);
    }

    #[test]
    fn syntax_error_has_a_location() {
        let problem = parse_sample("[sample]\nname = \"a\nb = 1\n").unwrap_err();
        assert!(problem.location.unwrap().line_column.is_some());
    }
}
