//! The languages yearbrief writes, and the wording of each.
//!
//! Every fixed word a user reads in a briefing, in `stats` or in `events
//! list` (labels, month names, qualifier words, kind labels, table headings,
//! country names, date and period patterns) comes from one catalogue per
//! language, `i18n/<code>.toml`, compiled into the binary and looked up by
//! key. Number rules (separators, rounding, the minus sign) are code, in
//! `locale`. A new language is one catalogue and one [`Lang`] variant with
//! its number rules; a test checks that every catalogue has every key.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A language the briefing is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Vietnamese.
    Vi,
}

impl Lang {
    /// Every supported language, in output order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Vi];

    /// Reads a language code (`en` or `vi`, any case).
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim();
        Lang::ALL.into_iter().find(|lang| lang.code().eq_ignore_ascii_case(code))
    }

    /// The lower-case language code (`en`, `vi`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Vi => "vi",
        }
    }

    /// The catalogue's text, compiled in.
    fn catalogue_source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../i18n/en.toml"),
            Lang::Vi => include_str!("../i18n/vi.toml"),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Lang::parse(code).ok_or_else(|| unknown_lang(code))
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(LangVisitor)
    }
}

/// Accepts a language code string.
struct LangVisitor;

impl Visitor<'_> for LangVisitor {
    type Value = Lang;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a language code, \"en\" or \"vi\"")
    }

    fn visit_str<E: de::Error>(self, code: &str) -> Result<Self::Value, E> {
        code.parse().map_err(E::custom)
    }
}

/// Message for a language code that is not supported.
fn unknown_lang(code: &str) -> String {
    let known: Vec<String> = Lang::ALL
        .iter()
        .map(|lang| format!("\"{}\" ({})", lang.code(), text(*lang, "language.english-name")))
        .collect();
    format!("unknown language \"{code}\"; use {}", known.join(" or "))
}

/// One language's wording: `section.key` → text.
struct Catalogue {
    entries: HashMap<String, String>,
}

impl Catalogue {
    /// Reads a catalogue's TOML: tables of strings, flattened to dotted keys.
    fn parse(source: &str) -> Result<Catalogue, String> {
        let table: toml::Table = source.parse().map_err(|err: toml::de::Error| err.to_string())?;
        let mut entries = HashMap::new();
        for (section, value) in table {
            let toml::Value::Table(keys) = value else {
                return Err(format!("`{section}` is not a table"));
            };
            for (key, value) in keys {
                let toml::Value::String(text) = value else {
                    return Err(format!("`{section}.{key}` is not a string"));
                };
                entries.insert(format!("{section}.{key}"), text);
            }
        }
        Ok(Catalogue { entries })
    }
}

/// Every catalogue, parsed once.
fn catalogues() -> &'static [Catalogue] {
    static CATALOGUES: OnceLock<Vec<Catalogue>> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        Lang::ALL
            .iter()
            .map(|lang| {
                // The catalogues are part of the binary and checked by the
                // tests; a broken one is a build defect, not a user error.
                Catalogue::parse(lang.catalogue_source())
                    .unwrap_or_else(|err| panic!("i18n/{}.toml is broken: {err}", lang.code()))
            })
            .collect()
    })
}

fn catalogue(lang: Lang) -> &'static Catalogue {
    &catalogues()[Lang::ALL.iter().position(|l| *l == lang).expect("every language has a catalogue")]
}

/// The text of `key` (`section.name`) in a language, if the catalogue has it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    catalogue(lang).entries.get(key).map(String::as_str)
}

/// The text of a key the program itself uses. Every such key is in every
/// catalogue (a test reads the sources for them); should one be missing,
/// the key is shown rather than nothing.
pub fn text(lang: Lang, key: &'static str) -> &'static str {
    lookup(lang, key).unwrap_or(key)
}

/// A pattern from the catalogue with its `{name}` places filled in.
pub fn fill(lang: Lang, key: &'static str, values: &[(&str, &str)]) -> String {
    let mut out = text(lang, key).to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The name of a country (ISO 3166-1 alpha-2 code) in a language.
pub fn country_name(code: &str, lang: Lang) -> Option<&'static str> {
    lookup(lang, &format!("country.{code}"))
}

/// A country's name as a report shows it: the name in the language, or for
/// a code that is no country (a warning in `check`) the code itself, marked,
/// so that no name from another language slips into the report.
pub fn country_shown(code: &str, lang: Lang) -> String {
    match country_name(code, lang) {
        Some(name) => name.to_owned(),
        None => fill(lang, "report.unknown-country", &[("code", code)]),
    }
}

/// Whether a code is an assigned ISO 3166-1 alpha-2 country code.
pub fn is_country(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) && country_name(code, Lang::En).is_some()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn keys(lang: Lang) -> BTreeSet<&'static str> {
        catalogue(lang).entries.keys().map(String::as_str).collect()
    }

    #[test]
    fn every_catalogue_has_every_key_and_no_other() {
        let english = keys(Lang::En);
        assert!(english.len() > 300, "{}", english.len());
        for lang in Lang::ALL {
            let other = keys(lang);
            let missing: Vec<_> = english.difference(&other).collect();
            let extra: Vec<_> = other.difference(&english).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{lang}: missing {missing:?}, extra {extra:?}");
        }
    }

    #[test]
    fn patterns_use_the_same_places_in_every_language() {
        let places = |text: &str| -> BTreeSet<String> {
            text.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name.to_owned()).collect()
        };
        for key in keys(Lang::En) {
            let en = places(lookup(Lang::En, key).unwrap());
            for lang in Lang::ALL {
                let other = places(lookup(lang, key).unwrap());
                // Vietnamese writes months as numbers, English by name: a date
                // pattern may use {m} where another uses {month}.
                let strip = |set: &BTreeSet<String>| -> BTreeSet<String> {
                    set.iter().map(|p| p.replace("month", "m").replace("quarter-roman", "quarter")).collect()
                };
                assert_eq!(strip(&en), strip(&other), "{lang} {key}");
            }
        }
    }

    /// Every `i18n::text(lang, "…")` and `fill(lang, "…", …)` key in the
    /// sources, so a misspelt key fails here rather than in a report.
    #[test]
    fn every_key_the_code_uses_is_in_the_catalogues() {
        let mut used = Vec::new();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut folders = vec![src];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let source = std::fs::read_to_string(&path).unwrap();
                    for call in ["text(lang, \"", "fill(lang, \""] {
                        for (index, _) in source.match_indices(call) {
                            let rest = &source[index + call.len()..];
                            let key = &rest[..rest.find('"').unwrap()];
                            used.push((path.display().to_string(), key.to_owned()));
                        }
                    }
                }
            }
        }
        assert!(used.len() > 20, "the scan found too few keys: {used:?}");
        for (file, key) in used {
            let is_key = key.contains('.') && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            if !is_key {
                continue;
            }
            for lang in Lang::ALL {
                assert!(lookup(lang, &key).is_some(), "{file}: key `{key}` is not in i18n/{lang}.toml");
            }
        }
    }

    #[test]
    fn countries_are_the_249_assigned_codes() {
        let codes: Vec<&str> = keys(Lang::En).into_iter().filter_map(|k| k.strip_prefix("country.")).collect();
        assert_eq!(codes.len(), 249);
        assert!(is_country("VN") && is_country("KR"));
        assert!(!is_country("vn") && !is_country("XX") && !is_country("VNM"));
        assert_eq!(country_name("KR", Lang::Vi), Some("Hàn Quốc"));
        assert_eq!(country_name("JP", Lang::En), Some("Japan"));
        assert_eq!(country_shown("JP", Lang::Vi), "Nhật Bản");
        assert_eq!(country_shown("XK", Lang::Vi), "XK (mã quốc gia không xác định)");
        assert_eq!(country_shown("XK", Lang::En), "XK (unknown country code)");
    }

    #[test]
    fn patterns_are_filled() {
        assert_eq!(fill(Lang::En, "events.count", &[("count", "3")]), "3 events");
        assert_eq!(fill(Lang::Vi, "period.quarter", &[("quarter-roman", "III"), ("year", "2024")]), "quý III/2024");
    }

    #[test]
    fn lang_codes() {
        assert_eq!(Lang::ALL, [Lang::En, Lang::Vi]);
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("VI"), Some(Lang::Vi));
        assert_eq!(Lang::parse(" Vi "), Some(Lang::Vi));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse("english"), None);
        assert_eq!(Lang::En.code(), "en");
        assert_eq!(Lang::Vi.to_string(), "vi");
        assert!(Lang::En < Lang::Vi);
        assert_eq!(
            "fr".parse::<Lang>().unwrap_err(),
            "unknown language \"fr\"; use \"en\" (English) or \"vi\" (Vietnamese)"
        );
    }

    #[test]
    fn lang_serde_uses_the_code() {
        assert_eq!(serde_json::to_string(&Lang::Vi).unwrap(), "\"vi\"");
        assert_eq!(serde_json::from_str::<Lang>("\"EN\"").unwrap(), Lang::En);
        let err = serde_json::from_str::<Lang>("\"fr\"").unwrap_err().to_string();
        assert!(err.contains("unknown language \"fr\""), "{err}");
        assert!(serde_json::from_str::<Lang>("1").is_err());
        #[derive(serde::Deserialize)]
        struct Config {
            languages: Vec<Lang>,
        }
        let config: Config = toml::from_str("languages = [\"vi\", \"en\"]").unwrap();
        assert_eq!(config.languages, [Lang::Vi, Lang::En]);
    }
}
