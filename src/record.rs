//! Each record of the log as plain fields: the one shape of an event, a
//! figure, a source and a standing partner that every way into and out of
//! the log shares.
//!
//! `events add`, `sources add`, `figures add` and `partners add` build them
//! from flags, `import` from a row of a spreadsheet, and the exports and the
//! import's "already in the log" test from a logged record (`of`). They
//! exist so that a new record is written as a `[[table]]` in one place (by
//! `toml_edit`, so quoting is always right), and so that a row and a logged
//! record can be compared field by field (`differences`): the same fields,
//! the same text, the same record.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value, value};

use crate::data::{Event, Figure, Partner, Qualifier, Source};
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
        insert_texts(&mut table, "title", &self.title);
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
            entry.insert("value", number_value(amount.value));
            entry.insert("currency", amount.currency.as_str().into());
            table.insert("amount", value(entry));
        }
        if !self.sectors.is_empty() {
            table.insert("sectors", value(self.sectors.iter().map(String::as_str).collect::<Array>()));
        }
        insert_sources(&mut table, &self.sources);
        insert_texts(&mut table, "note", &self.note);
        table
    }

    /// The names of the fields in which `other` differs from this event
    /// (the id aside), as the keys of the record name them.
    pub fn differences(&self, other: &EventFields) -> Vec<&'static str> {
        let mut keys = Differences::default();
        keys.test("date", &self.date, &other.date)
            .test("end", &self.end, &other.end)
            .test("kind", &self.kind, &other.kind)
            .test("title", &self.title, &other.title)
            .test("partners", &self.partners, &other.partners)
            .test("amount", &self.amount, &other.amount)
            .test("sectors", &self.sectors, &other.sectors)
            .test("source", &self.sources, &other.sources)
            .test("note", &self.note, &other.note);
        keys.0
    }
}

/// A number as TOML writes it: an integer when it is whole (`2800000`, not `2800000.0`).
fn number_value(number: f64) -> Value {
    match crate::input::whole(number) {
        Some(whole) => whole.into(),
        None => number.into(),
    }
}

/// `source = "id"`, or `source = ["a", "b"]` for several; nothing for none.
fn insert_sources(table: &mut Table, sources: &[String]) {
    match sources {
        [] => {}
        [one] => {
            table.insert("source", value(one.as_str()));
        }
        many => {
            table.insert("source", value(many.iter().map(String::as_str).collect::<Array>()));
        }
    }
}

/// Inserts a text under `key` when it has one.
fn insert_texts(table: &mut Table, key: &str, texts: &Texts) {
    if let Some(text) = texts.to_value() {
        table.insert(key, value(text));
    }
}

/// Collects the keys whose values differ, in the order they are tested.
#[derive(Default)]
struct Differences(Vec<&'static str>);

impl Differences {
    fn test<T: PartialEq + ?Sized>(&mut self, key: &'static str, a: &T, b: &T) -> &mut Self {
        if a != b {
            self.0.push(key);
        }
        self
    }
}

/// One reported figure as fields (a `[[figure]]`), in the README's order of keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FigureFields {
    /// The indicator id.
    pub indicator: String,
    /// The period: `YYYY`, `YYYY-H1`, `YYYY-Q1` or `YYYY-MM`.
    pub period: String,
    /// The number reported.
    pub value: f64,
    /// How exact it is; `exact` is not written.
    pub qualifier: Qualifier,
    /// The reported change against a year earlier.
    pub change: Option<f64>,
    /// The date the figure describes: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub as_of: Option<String>,
    /// Source ids.
    pub sources: Vec<String>,
    /// A remark.
    pub note: Texts,
}

impl FigureFields {
    /// The fields of a logged figure.
    pub fn of(figure: &Figure) -> FigureFields {
        FigureFields {
            indicator: figure.indicator.clone(),
            period: figure.period.to_string(),
            value: figure.value,
            qualifier: figure.qualifier,
            change: figure.change,
            as_of: figure.as_of.map(|date| date.to_string()),
            sources: figure.sources.clone(),
            note: figure.note.as_ref().map(Texts::of).unwrap_or_default(),
        }
    }

    /// What identifies a figure (it has no id): its indicator, period and
    /// sources. Two figures of one indicator and period from different
    /// sources are two reports, which the comparison weighs.
    pub fn identity(&self) -> String {
        let mut sources: Vec<&str> = self.sources.iter().map(String::as_str).collect();
        sources.sort_unstable();
        format!("{} {} {}", self.indicator, self.period, sources.join(","))
    }

    /// The record as a `toml_edit` table, keys in the README's order.
    pub fn to_table(&self) -> Table {
        let mut table = Table::new();
        table.insert("indicator", value(self.indicator.as_str()));
        table.insert("period", value(self.period.as_str()));
        table.insert("value", value(number_value(self.value)));
        if self.qualifier != Qualifier::Exact {
            table.insert("qualifier", value(self.qualifier.name()));
        }
        if let Some(change) = self.change {
            table.insert("change", value(number_value(change)));
        }
        if let Some(as_of) = &self.as_of {
            table.insert("as-of", value(as_of.as_str()));
        }
        insert_sources(&mut table, &self.sources);
        insert_texts(&mut table, "note", &self.note);
        table
    }

    /// The keys in which `other` differs from this figure.
    pub fn differences(&self, other: &FigureFields) -> Vec<&'static str> {
        let mut keys = Differences::default();
        keys.test("indicator", &self.indicator, &other.indicator)
            .test("period", &self.period, &other.period)
            .test("value", &self.value, &other.value)
            .test("qualifier", &self.qualifier, &other.qualifier)
            .test("change", &self.change, &other.change)
            .test("as-of", &self.as_of, &other.as_of)
            .test("source", &self.sources, &other.sources)
            .test("note", &self.note, &other.note);
        keys.0
    }
}

/// One source as fields (a `[[source]]`), in the README's order of keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceFields {
    /// The id records cite.
    pub id: String,
    /// The title of the article or document.
    pub title: Texts,
    /// Who published it.
    pub publisher: Texts,
    /// When: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub published: String,
    /// Where it can be read.
    pub url: Option<String>,
    /// Its language (ISO 639-1).
    pub language: Option<String>,
}

impl SourceFields {
    /// The fields of a logged source.
    pub fn of(source: &Source) -> SourceFields {
        SourceFields {
            id: source.id.clone(),
            title: Texts::of(&source.title),
            publisher: Texts::of(&source.publisher),
            published: source.published.to_string(),
            url: source.url.clone(),
            language: source.language.clone(),
        }
    }

    /// An id made from the publisher and the date: `da-nang-today-2024-07-31`.
    pub fn default_id(&self) -> String {
        let publisher = self.publisher.en.as_deref().or(self.publisher.vi.as_deref()).unwrap_or_default();
        let parts = [slug(publisher, 4), slug(&self.published, 3)];
        let id = parts.iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join("-");
        if id.is_empty() { "source".to_owned() } else { id }
    }

    /// The record as a `toml_edit` table, keys in the README's order.
    pub fn to_table(&self) -> Table {
        let mut table = Table::new();
        table.insert("id", value(self.id.as_str()));
        insert_texts(&mut table, "title", &self.title);
        insert_texts(&mut table, "publisher", &self.publisher);
        table.insert("published", value(self.published.as_str()));
        if let Some(url) = &self.url {
            table.insert("url", value(url.as_str()));
        }
        if let Some(language) = &self.language {
            table.insert("language", value(language.as_str()));
        }
        table
    }

    /// The keys in which `other` differs from this source (the id aside).
    pub fn differences(&self, other: &SourceFields) -> Vec<&'static str> {
        let mut keys = Differences::default();
        keys.test("title", &self.title, &other.title)
            .test("publisher", &self.publisher, &other.publisher)
            .test("published", &self.published, &other.published)
            .test("url", &self.url, &other.url)
            .test("language", &self.language, &other.language);
        keys.0
    }
}

/// A standing partner of the city as fields (a `[[partner]]` record, not
/// the partner of an event, which is [`PartnerFields`]), in the README's
/// order of keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StandingPartnerFields {
    /// Its name.
    pub name: Texts,
    /// Its ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// Its partner type (`locality`, `company`, ...).
    pub kind: String,
    /// When the relationship began: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Where it is on the globe: latitude and longitude in degrees.
    pub location: Option<(f64, f64)>,
    /// Source ids.
    pub sources: Vec<String>,
    /// A remark.
    pub note: Texts,
}

impl StandingPartnerFields {
    /// The fields of a logged partner.
    pub fn of(partner: &Partner) -> StandingPartnerFields {
        StandingPartnerFields {
            name: Texts::of(&partner.name),
            country: partner.country.clone(),
            kind: partner.kind.name().to_owned(),
            since: partner.since.map(|date| date.to_string()),
            location: partner.place.map(|place| (place.lat, place.lon)),
            sources: partner.sources.clone(),
            note: partner.note.as_ref().map(Texts::of).unwrap_or_default(),
        }
    }

    /// What identifies a partner (it has no id): its country and its name,
    /// without case or marks; one identity per language it is named in, so
    /// that a partner named in one language is found among those named in two.
    pub fn identities(&self) -> Vec<String> {
        [&self.name.en, &self.name.vi]
            .into_iter()
            .flatten()
            .map(|name| format!("{} {}", self.country, slug(name, usize::MAX)))
            .collect()
    }

    /// The record as a `toml_edit` table, keys in the README's order.
    pub fn to_table(&self) -> Table {
        let mut table = Table::new();
        insert_texts(&mut table, "name", &self.name);
        table.insert("country", value(self.country.as_str()));
        table.insert("type", value(self.kind.as_str()));
        if let Some(since) = &self.since {
            table.insert("since", value(since.as_str()));
        }
        if let Some((lat, lon)) = self.location {
            table.insert("location", value(Array::from_iter([number_value(lat), number_value(lon)])));
        }
        insert_sources(&mut table, &self.sources);
        insert_texts(&mut table, "note", &self.note);
        table
    }

    /// The keys in which `other` differs from this partner.
    pub fn differences(&self, other: &StandingPartnerFields) -> Vec<&'static str> {
        let mut keys = Differences::default();
        keys.test("name", &self.name, &other.name)
            .test("country", &self.country, &other.country)
            .test("type", &self.kind, &other.kind)
            .test("since", &self.since, &other.since)
            .test("location", &self.location, &other.location)
            .test("source", &self.sources, &other.sources)
            .test("note", &self.note, &other.note);
        keys.0
    }
}

/// The four kinds of record a department enters: the `[[table]]` names of the data files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum RecordType {
    /// Events (`[[event]]`).
    Event,
    /// Reported figures (`[[figure]]`).
    Figure,
    /// Sources (`[[source]]`).
    Source,
    /// Standing partners (`[[partner]]`).
    Partner,
}

impl RecordType {
    /// Every type, sources first (the others cite them).
    pub const ALL: [RecordType; 4] = [RecordType::Source, RecordType::Event, RecordType::Figure, RecordType::Partner];

    /// The name of its tables (`event` for `[[event]]`).
    pub fn name(self) -> &'static str {
        match self {
            RecordType::Event => "event",
            RecordType::Figure => "figure",
            RecordType::Source => "source",
            RecordType::Partner => "partner",
        }
    }

    /// The name of its tables in the plural, for messages (`events`).
    pub fn plural(self) -> &'static str {
        match self {
            RecordType::Event => "events",
            RecordType::Figure => "figures",
            RecordType::Source => "sources",
            RecordType::Partner => "partners",
        }
    }
}

/// A record of any of the four types.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    /// An event.
    Event(EventFields),
    /// A reported figure.
    Figure(FigureFields),
    /// A source.
    Source(SourceFields),
    /// A standing partner.
    Partner(StandingPartnerFields),
}

impl Record {
    /// Its type.
    pub fn record_type(&self) -> RecordType {
        match self {
            Record::Event(_) => RecordType::Event,
            Record::Figure(_) => RecordType::Figure,
            Record::Source(_) => RecordType::Source,
            Record::Partner(_) => RecordType::Partner,
        }
    }

    /// The record as a `toml_edit` table.
    pub fn to_table(&self) -> Table {
        match self {
            Record::Event(fields) => fields.to_table(),
            Record::Figure(fields) => fields.to_table(),
            Record::Source(fields) => fields.to_table(),
            Record::Partner(fields) => fields.to_table(),
        }
    }

    /// The keys in which `other` differs from this record (ids aside); a
    /// record of another type differs in everything (`type`).
    pub fn differences(&self, other: &Record) -> Vec<&'static str> {
        match (self, other) {
            (Record::Event(a), Record::Event(b)) => a.differences(b),
            (Record::Figure(a), Record::Figure(b)) => a.differences(b),
            (Record::Source(a), Record::Source(b)) => a.differences(b),
            (Record::Partner(a), Record::Partner(b)) => a.differences(b),
            _ => vec!["type"],
        }
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

    #[test]
    fn a_figure_is_written_in_the_readmes_order_without_an_exact_qualifier() {
        let mut figure = FigureFields {
            indicator: "delegations-received".into(),
            period: "2023".into(),
            value: 400.0,
            qualifier: Qualifier::Nearly,
            change: Some(208.0),
            as_of: Some("2023-12-31".into()),
            sources: vec!["qt-2024".into()],
            note: Texts::plain("n"),
        };
        assert_eq!(
            records_text("figure", [&figure.to_table()]),
            "[[figure]]\nindicator = \"delegations-received\"\nperiod = \"2023\"\nvalue = 400\nqualifier = \"nearly\"\nchange = 208\nas-of = \"2023-12-31\"\nsource = \"qt-2024\"\nnote = \"n\"\n"
        );
        let mut other = figure.clone();
        other.sources = vec!["qt-2024".into(), "b".into()];
        figure.sources = vec!["b".into(), "qt-2024".into()];
        assert_eq!(figure.identity(), other.identity(), "the order of the sources does not count");
        figure.sources = vec!["qt-2024".into()];
        other.sources = vec!["qt-2024".into()];
        other.value = 401.5;
        other.qualifier = Qualifier::Exact;
        assert_eq!(figure.differences(&other), ["value", "qualifier"]);
        assert_eq!(figure.identity(), other.identity(), "a figure is known by indicator, period and sources");
        figure.qualifier = Qualifier::Exact;
        figure.change = None;
        figure.as_of = None;
        figure.note = Texts::default();
        assert_eq!(
            records_text("figure", [&figure.to_table()]),
            "[[figure]]\nindicator = \"delegations-received\"\nperiod = \"2023\"\nvalue = 400\nsource = \"qt-2024\"\n"
        );
    }

    #[test]
    fn a_source_gets_an_id_from_its_publisher_and_date() {
        let source = SourceFields {
            id: String::new(),
            title: Texts { en: None, vi: Some("Báo cáo".into()) },
            publisher: Texts::plain("Sở Ngoại vụ Đà Nẵng"),
            published: "2025-12-20".into(),
            url: None,
            language: Some("vi".into()),
        };
        assert_eq!(source.default_id(), "so-ngoai-vu-da-2025-12-20");
        let source = SourceFields { id: "s".into(), ..source };
        assert_eq!(
            records_text("source", [&source.to_table()]),
            "[[source]]\nid = \"s\"\ntitle = { vi = \"Báo cáo\" }\npublisher = \"Sở Ngoại vụ Đà Nẵng\"\npublished = \"2025-12-20\"\nlanguage = \"vi\"\n"
        );
    }

    #[test]
    fn a_standing_partner_is_known_by_its_country_and_name_and_written_with_its_location() {
        let partner = StandingPartnerFields {
            name: Texts { en: Some("Daegu".into()), vi: Some("Thành phố Daegu".into()) },
            country: "KR".into(),
            kind: "locality".into(),
            since: Some("2015".into()),
            location: Some((35.87, 128.6)),
            sources: vec!["a".into(), "b".into()],
            note: Texts::default(),
        };
        assert_eq!(
            records_text("partner", [&partner.to_table()]),
            "[[partner]]\nname = { en = \"Daegu\", vi = \"Thành phố Daegu\" }\ncountry = \"KR\"\ntype = \"locality\"\nsince = \"2015\"\nlocation = [35.87, 128.6]\nsource = [\"a\", \"b\"]\n"
        );
        let renamed = StandingPartnerFields { name: Texts::plain("DAEGU"), since: None, ..partner.clone() };
        assert!(renamed.identities().iter().all(|identity| partner.identities().contains(identity)));
        assert_eq!(partner.identities().len(), 2);
        assert_eq!(partner.differences(&renamed), ["name", "since"]);
        assert_eq!(Record::Partner(partner).differences(&Record::Source(SourceFields::default())), ["type"]);
    }
}
