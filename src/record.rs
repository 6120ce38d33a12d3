//! One event as plain fields: the shape every way into and out of the log
//! shares.
//!
//! `events add` builds it from flags, `import` from a row of a spreadsheet,
//! and `events list --format xlsx` and the import's "already in the log"
//! test from a logged [`Event`]. It exists so that a new record is written
//! as a `[[event]]` table in one place (by `toml_edit`, so quoting is always
//! right), and so that a row and a logged event can be compared field by
//! field: the same fields, the same text, the same record.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value, value};

use crate::data::Event;
use crate::i18n::Lang;
use crate::text::{Text, ascii_fold};

/// A text given once, or once per language (`en`, `vi`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Texts {
    /// The English text, or the only one.
    pub en: Option<String>,
    /// The Vietnamese text.
    pub vi: Option<String>,
}

impl Texts {
    /// A text in English (or in no particular language) only.
    pub fn plain(text: impl Into<String>) -> Texts {
        Texts { en: Some(text.into()), vi: None }
    }

    /// The texts of a [`Text`]: a plain text counts as the English one.
    pub fn of(text: &Text) -> Texts {
        match text {
            Text::Plain(text) => Texts::plain(text.clone()),
            Text::Translated(map) => Texts { en: map.get(&Lang::En).cloned(), vi: map.get(&Lang::Vi).cloned() },
        }
    }

    /// True when neither language has a text.
    pub fn is_empty(&self) -> bool {
        self.en.is_none() && self.vi.is_none()
    }

    /// The text in the language asked for, else the other one.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        let (first, second) = match lang {
            Lang::En => (&self.en, &self.vi),
            Lang::Vi => (&self.vi, &self.en),
        };
        first.as_deref().or(second.as_deref())
    }

    /// The TOML value: a plain string, or `{ en = "...", vi = "..." }` when
    /// there is a Vietnamese text.
    fn to_value(&self) -> Option<Value> {
        match (&self.en, &self.vi) {
            (None, None) => None,
            (Some(text), None) => Some(text.as_str().into()),
            (en, Some(vi)) => {
                let mut table = InlineTable::new();
                if let Some(en) = en {
                    table.insert("en", en.as_str().into());
                }
                table.insert("vi", vi.as_str().into());
                Some(Value::InlineTable(table))
            }
        }
    }
}

/// A partner of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerFields {
    /// Its name.
    pub name: Texts,
    /// Its ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// Its partner type (`locality`, `company`, ...).
    pub kind: String,
}

/// Money involved in an event.
#[derive(Clone, Debug, PartialEq)]
pub struct AmountFields {
    /// The number of units.
    pub value: f64,
    /// The ISO 4217 code.
    pub currency: String,
}

/// One event as fields, in the README's order of keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventFields {
    /// Its id.
    pub id: Option<String>,
    /// When it happened: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// When it ended.
    pub end: Option<String>,
    /// Its kind id.
    pub kind: String,
    /// What happened.
    pub title: Texts,
    /// Who took part.
    pub partners: Vec<PartnerFields>,
    /// The money involved.
    pub amount: Option<AmountFields>,
    /// Fields of cooperation.
    pub sectors: Vec<String>,
    /// Source ids.
    pub sources: Vec<String>,
    /// A remark.
    pub note: Texts,
}

impl EventFields {
    /// The fields of a logged event.
    pub fn of(event: &Event) -> EventFields {
        EventFields {
            id: event.id.clone(),
            date: event.date.to_string(),
            end: event.end.map(|end| end.to_string()),
            kind: event.kind.clone(),
            title: Texts::of(&event.title),
            partners: event
                .partners
                .iter()
                .map(|p| PartnerFields {
                    name: Texts::of(&p.name),
                    country: p.country.clone(),
                    kind: p.kind.name().into(),
                })
                .collect(),
            amount: event.amount.as_ref().map(|a| AmountFields { value: a.value, currency: a.currency.clone() }),
            sectors: event.sectors.clone(),
            sources: event.sources.clone(),
            note: event.note.as_ref().map(Texts::of).unwrap_or_default(),
        }
    }

    /// The record as a `toml_edit` table, keys in the README's order.
    pub fn to_table(&self) -> Table {
        let mut table = Table::new();
        if let Some(id) = &self.id {
            table.insert("id", value(id.as_str()));
        }
        table.insert("date", value(self.date.as_str()));
        if let Some(end) = &self.end {
            table.insert("end", value(end.as_str()));
        }
        table.insert("kind", value(self.kind.as_str()));
        if let Some(title) = self.title.to_value() {
            table.insert("title", value(title));
        }
        if !self.partners.is_empty() {
            let mut partners = Array::new();
            for partner in &self.partners {
                let mut entry = InlineTable::new();
                if let Some(name) = partner.name.to_value() {
                    entry.insert("name", name);
                }
                entry.insert("country", partner.country.as_str().into());
                entry.insert("type", partner.kind.as_str().into());
                partners.push(entry);
            }
            table.insert("partners", value(partners));
        }
        if let Some(amount) = &self.amount {
            let mut entry = InlineTable::new();
            match crate::input::whole(amount.value) {
                Some(whole) => entry.insert("value", whole.into()),
                None => entry.insert("value", amount.value.into()),
            };
            entry.insert("currency", amount.currency.as_str().into());
            table.insert("amount", value(entry));
        }
        if !self.sectors.is_empty() {
            table.insert("sectors", value(self.sectors.iter().map(String::as_str).collect::<Array>()));
        }
        match self.sources.as_slice() {
            [] => {}
            [one] => {
                table.insert("source", value(one.as_str()));
            }
            many => {
                table.insert("source", value(many.iter().map(String::as_str).collect::<Array>()));
            }
        }
        if let Some(note) = self.note.to_value() {
            table.insert("note", value(note));
        }
        table
    }

    /// The names of the fields in which `other` differs from this event
    /// (the id aside), as the keys of the record name them.
    pub fn differences(&self, other: &EventFields) -> Vec<&'static str> {
        let mut keys = Vec::new();
        let mut differ = |key, same: bool| {
            if !same {
                keys.push(key);
            }
        };
        differ("date", self.date == other.date);
        differ("end", self.end == other.end);
        differ("kind", self.kind == other.kind);
        differ("title", self.title == other.title);
        differ("partners", self.partners == other.partners);
        differ("amount", self.amount == other.amount);
        differ("sectors", self.sectors == other.sectors);
        differ("source", self.sources == other.sources);
        differ("note", self.note == other.note);
        keys
    }
}

/// Records as TOML text, one key per line, each starting with `[[NAME]]`.
pub fn records_text<'a>(name: &str, tables: impl IntoIterator<Item = &'a Table>) -> String {
    let mut list = ArrayOfTables::new();
    for table in tables {
        list.push(table.clone());
    }
    let mut doc = DocumentMut::new();
    doc.insert(name, Item::ArrayOfTables(list));
    doc.to_string()
}

/// The words of `text` made into an id part: lower-case ASCII letters and
/// digits joined by dashes, Vietnamese and other accented letters written
/// without their marks (`Đà Nẵng` gives `da-nang`).
pub fn slug(text: &str, max_words: usize) -> String {
    ascii_fold(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(max_words)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_ascii_words_and_drop_marks() {
        assert_eq!(slug("Cooperation memorandum with Daegu, Korea", 4), "cooperation-memorandum-with-daegu");
        assert_eq!(slug("2025-03-14", 3), "2025-03-14");
        assert_eq!(slug("Đoàn Đà Nẵng thăm Hàn Quốc", 8), "doan-da-nang-tham-han-quoc");
    }

    #[test]
    fn a_record_is_one_table_with_inline_partners_and_texts() {
        let fields = EventFields {
            id: Some("x".into()),
            date: "2025-03-14".into(),
            kind: "agreement".into(),
            title: Texts { en: Some("MOU \"Daegu\"".into()), vi: Some("Ghi nhớ".into()) },
            partners: vec![PartnerFields {
                name: Texts { en: Some("Daegu".into()), vi: Some("Thành phố Daegu".into()) },
                country: "KR".into(),
                kind: "locality".into(),
            }],
            amount: Some(AmountFields { value: 2_800_000.0, currency: "USD".into() }),
            sources: vec!["s1".into(), "s2".into()],
            ..EventFields::default()
        };
        assert_eq!(
            records_text("event", [&fields.to_table()]),
            "[[event]]\nid = \"x\"\ndate = \"2025-03-14\"\nkind = \"agreement\"\ntitle = { en = 'MOU \"Daegu\"', vi = \"Ghi nhớ\" }\npartners = [{ name = { en = \"Daegu\", vi = \"Thành phố Daegu\" }, country = \"KR\", type = \"locality\" }]\namount = { value = 2800000, currency = \"USD\" }\nsource = [\"s1\", \"s2\"]\n"
        );
        let mut other = fields.clone();
        other.amount = None;
        other.id = None;
        assert_eq!(fields.differences(&other), ["amount"]);
    }
}
