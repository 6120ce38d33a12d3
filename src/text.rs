//! Text that may be written once for every language or once per language.
//!
//! Titles, labels and notes are either a plain string (the same in every
//! report) or a table of translations such as `{ en = "...", vi = "..." }`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::i18n::Lang;

/// Which line breaks [`visible`] keeps as they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breaks {
    /// Keep line feeds and tabs (messages, CSV fields).
    Keep,
    /// Show them too, for output that must stay on one line (table cells).
    Show,
}

/// `text` with its control characters (ESC, BEL, NUL, DEL, ...) written
/// visibly as `\u{1b}`, so that text from the data can neither drive the
/// terminal nor vanish from what a person reads.
pub fn visible(text: &str, breaks: Breaks) -> std::borrow::Cow<'_, str> {
    let kept = |c: char| breaks == Breaks::Keep && matches!(c, '\n' | '\t');
    if !text.chars().any(|c| c.is_control() && !kept(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if kept(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A piece of text, plain or translated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    /// The same text in every language.
    Plain(String),
    /// One text per language; at least one is present.
    Translated(BTreeMap<Lang, String>),
}

/// The text chosen for a language, and whether it had to fall back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chosen<'a> {
    /// The text shown.
    pub text: &'a str,
    /// The language the text is written in, when known.
    pub lang: Option<Lang>,
    /// True when the wanted language was missing and another was used.
    pub fell_back: bool,
}

impl Text {
    /// The text for `lang`, falling back to another language when missing.
    pub fn choose(&self, lang: Lang) -> Chosen<'_> {
        match self {
            Text::Plain(text) => Chosen { text, lang: None, fell_back: false },
            Text::Translated(map) => match map.get(&lang) {
                Some(text) => Chosen { text, lang: Some(lang), fell_back: false },
                None => {
                    let (other, text) = map.iter().next().expect("a translated text has at least one language");
                    Chosen { text, lang: Some(*other), fell_back: true }
                }
            },
        }
    }

    /// The text for `lang` (see [`Text::choose`]).
    pub fn get(&self, lang: Lang) -> &str {
        self.choose(lang).text
    }

    /// True when `lang` has to fall back to another language.
    pub fn lacks(&self, lang: Lang) -> bool {
        self.choose(lang).fell_back
    }

    /// Every variant: the plain text, or each translation.
    pub fn variants(&self) -> Vec<&str> {
        match self {
            Text::Plain(text) => vec![text.as_str()],
            Text::Translated(map) => map.values().map(String::as_str).collect(),
        }
    }

    /// True when every variant is empty or white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Text::Plain(text) => text.trim().is_empty(),
            Text::Translated(map) => map.values().all(|t| t.trim().is_empty()),
        }
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Plain(text.to_owned())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, or a table of translations such as { en = \"...\", vi = \"...\" }")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Text, E> {
                Ok(Text::Plain(value.to_owned()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut translations = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let lang = Lang::parse(&key).ok_or_else(|| {
                        de::Error::custom(format!(
                            "unknown language `{key}`: write the text under {}",
                            Lang::ALL.iter().map(|l| format!("`{}`", l.code())).collect::<Vec<_>>().join(" or ")
                        ))
                    })?;
                    let text: String = map.next_value()?;
                    if translations.insert(lang, text).is_some() {
                        return Err(de::Error::custom(format!("language `{key}` is given twice")));
                    }
                }
                if translations.is_empty() {
                    return Err(de::Error::custom("a table of translations needs at least one language"));
                }
                Ok(Text::Translated(translations))
            }
        }

        deserializer.deserialize_any(TextVisitor)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Plain(text) => serializer.serialize_str(text),
            Text::Translated(map) => map.serialize(serializer),
        }
    }
}

/// `text` in lower case with the marks taken off its letters (Vietnamese
/// and the common accented Latin letters: `Đà Nẵng` gives `da nang`), for
/// matching what people type and for ids; other characters are kept.
pub fn ascii_fold(text: &str) -> String {
    const MARKED: [(&str, char); 10] = [
        ("àáảãạăằắẳẵặâầấẩẫậäåāą", 'a'),
        ("èéẻẽẹêềếểễệëēę", 'e'),
        ("ìíỉĩịïī", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợöøō", 'o'),
        ("ùúủũụưừứửữựüū", 'u'),
        ("ỳýỷỹỵÿ", 'y'),
        ("đ", 'd'),
        ("ç", 'c'),
        ("ñ", 'n'),
        ("ß", 's'),
    ];
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_ascii() {
                return c;
            }
            MARKED.iter().find(|(letters, _)| letters.contains(c)).map_or(c, |(_, plain)| *plain)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(visible("plain Đà Nẵng", Breaks::Show), "plain Đà Nẵng");
        assert_eq!(visible("a\u{1b}[31mb\u{7}\0", Breaks::Keep), "a\\u{1b}[31mb\\u{7}\\u{0}");
        assert_eq!(visible("two\nlines\r\n", Breaks::Keep), "two\nlines\\r\n");
        assert_eq!(visible("two\nlines\t", Breaks::Show), "two\\nlines\\t");
        assert_eq!(visible("\u{7f}\u{85}", Breaks::Keep), "\\u{7f}\\u{85}");
    }

    #[derive(Deserialize)]
    struct Holder {
        title: Text,
    }

    fn parse(toml_text: &str) -> Result<Text, String> {
        toml::from_str::<Holder>(toml_text).map(|h| h.title).map_err(|e| e.message().to_owned())
    }

    #[test]
    fn plain_text_is_the_same_in_every_language() {
        let text = parse(r#"title = "Forum""#).unwrap();
        assert_eq!(text.get(Lang::En), "Forum");
        assert_eq!(text.get(Lang::Vi), "Forum");
        assert!(!text.lacks(Lang::Vi));
    }

    #[test]
    fn translated_text_falls_back_and_says_so() {
        let text = parse(r#"title = { en = "Forum" }"#).unwrap();
        assert_eq!(text.choose(Lang::Vi), Chosen { text: "Forum", lang: Some(Lang::En), fell_back: true });
        let both = parse(r#"title = { en = "Forum", vi = "Diễn đàn" }"#).unwrap();
        assert_eq!(both.get(Lang::Vi), "Diễn đàn");
    }

    #[test]
    fn unknown_language_is_rejected_with_the_known_ones() {
        let message = parse(r#"title = { fr = "Forum" }"#).unwrap_err();
        assert!(message.contains("unknown language `fr`"), "{message}");
        assert!(message.contains("`vi`"), "{message}");
    }

    #[test]
    fn empty_translation_table_is_rejected() {
        assert!(parse("title = {}").unwrap_err().contains("at least one language"));
    }

    #[test]
    fn folding_takes_the_marks_off_vietnamese_letters() {
        assert_eq!(ascii_fold("Đà Nẵng, HÀN QUỐC"), "da nang, han quoc");
        assert_eq!(ascii_fold("Quần đảo Åland"), "quan dao aland");
        assert_eq!(ascii_fold("東京"), "東京");
    }
}
