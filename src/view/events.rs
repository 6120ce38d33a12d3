//! What `yearbrief events list` shows: the events as a table, as JSON (an
//! array of [`EventRow`]) or as CSV.

use serde::Serialize;

use super::{AmountView, Number};
use crate::config::PartnerType;
use crate::data::Event;
use crate::i18n::{self, Lang};
use crate::locale;
use crate::period::PartialDate;

/// The `events list --format json` array.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct EventsView {
    /// One entry per event, by date.
    pub events: Vec<EventRow>,
}

/// One event as listed.
#[derive(Debug, Serialize)]
pub struct EventRow {
    /// Its id, if it has one.
    pub id: Option<String>,
    /// When it began.
    pub date: PartialDate,
    /// When it ended.
    pub end: Option<PartialDate>,
    /// Its kind.
    pub kind: String,
    /// Its title in the language asked for.
    pub title: String,
    /// Who took part.
    pub partners: Vec<PartnerRow>,
    /// The money involved.
    pub amount: Option<AmountView>,
    /// Sectors it concerns.
    pub sectors: Vec<String>,
    /// Its source ids.
    pub sources: Vec<String>,
    /// Its note in the language asked for.
    pub note: Option<String>,
    /// Where it is recorded: `file:line:column`.
    pub at: String,
}

/// A partner of an event.
#[derive(Debug, Serialize)]
pub struct PartnerRow {
    /// Its name.
    pub name: String,
    /// Its country code.
    pub country: String,
    /// What sort of body it is.
    #[serde(rename = "type")]
    pub kind: PartnerType,
}

impl EventsView {
    /// The events, in the order given.
    pub fn new(events: &[Event], lang: Lang) -> EventsView {
        let events = events
            .iter()
            .map(|event| EventRow {
                id: event.id.clone(),
                date: event.date,
                end: event.end,
                kind: event.kind.clone(),
                title: event.title.get(lang).to_owned(),
                partners: event
                    .partners
                    .iter()
                    .map(|p| PartnerRow { name: p.name.get(lang).to_owned(), country: p.country.clone(), kind: p.kind })
                    .collect(),
                amount: event.amount.as_ref().map(AmountView::from),
                sectors: event.sectors.clone(),
                sources: event.sources.clone(),
                note: event.note.as_ref().map(|n| n.get(lang).to_owned()),
                at: event.location.to_string(),
            })
            .collect();
        EventsView { events }
    }
}

fn dates(event: &Event) -> String {
    match &event.end {
        Some(end) => format!("{}/{end}", event.date),
        None => event.date.to_string(),
    }
}

/// A table cell cut to a readable width; JSON and CSV keep the whole text.
fn shorten(text: &str) -> String {
    const WIDTH: usize = 60;
    if text.chars().count() <= WIDTH {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(WIDTH - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The events as an aligned table with a closing count.
pub fn to_table(events: &[Event], lang: Lang) -> String {
    let headings = ["events.date", "events.kind", "events.title", "events.partners", "events.amount"];
    let mut rows: Vec<[String; 5]> = vec![headings.map(|key| i18n::text(lang, key).to_owned())];
    for event in events {
        let partners = event
            .partners
            .iter()
            .map(|p| format!("{} ({})", p.name.get(lang), p.country))
            .collect::<Vec<_>>()
            .join(", ");
        let amount = event.amount.as_ref().map_or(String::new(), |a| locale::format_money(a.value, &a.currency, lang));
        rows.push([dates(event), event.kind.clone(), shorten(event.title.get(lang)), shorten(&partners), amount]);
    }
    let mut out = crate::table::aligned(&rows, [false, false, false, false, true]);
    out.push_str(&count_text(events.len(), lang));
    out.push('\n');
    out
}

/// "1 event", "12 events" (in Vietnamese "12 sự kiện").
pub fn count_text(count: usize, lang: Lang) -> String {
    match count {
        1 => i18n::text(lang, "events.count-one").to_owned(),
        count => i18n::fill(lang, "events.count", &[("count", &count.to_string())]),
    }
}

/// The header of the CSV form in English (a contract: programs read it).
const CSV_HEADER: [&str; 10] =
    ["id", "date", "end", "kind", "title", "partners", "amount", "currency", "sectors", "sources"];

/// The header of the CSV form in Vietnamese, with the import's column names
/// where it has the same column.
const CSV_HEADER_VI: [&str; 10] =
    ["mã", "ngày", "ngày kết thúc", "loại", "tiêu đề", "đối tác", "số tiền", "tiền tệ", "lĩnh vực", "nguồn"];

/// The events as CSV (RFC 4180, written by the `csv` crate) with a header
/// row and CRLF line ends; control characters are shown escaped. In
/// Vietnamese the header and the kinds (`kind_label`) are Vietnamese too.
pub fn to_csv(events: &[Event], lang: Lang, kind_label: impl Fn(&str) -> String) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    writer.write_record(match lang {
        Lang::En => CSV_HEADER,
        Lang::Vi => CSV_HEADER_VI,
    })?;
    for event in events {
        let partners = event
            .partners
            .iter()
            .map(|p| format!("{} ({}, {})", p.name.get(lang), p.country, p.kind.name()))
            .collect::<Vec<_>>()
            .join("; ");
        let (amount, currency) = match &event.amount {
            Some(a) => (Number::of(a.value).to_string(), a.currency.clone()),
            None => (String::new(), String::new()),
        };
        let fields = [
            event.id.clone().unwrap_or_default(),
            event.date.to_string(),
            event.end.map(|d| d.to_string()).unwrap_or_default(),
            kind_label(&event.kind),
            event.title.get(lang).to_owned(),
            partners,
            amount,
            currency,
            event.sectors.join("; "),
            event.sources.join("; "),
        ];
        writer.write_record(fields.iter().map(|f| crate::text::visible(f, crate::text::Breaks::Keep).into_owned()))?;
    }
    let bytes = writer.into_inner().map_err(|err| csv::Error::from(err.into_error()))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::diag::Location;

    #[test]
    fn csv_fields_are_quoted_only_when_needed_and_controls_shown() {
        let event = |title: &str| Event {
            id: Some("e".into()),
            date: crate::period::PartialDate::parse("2025-03").unwrap(),
            end: None,
            kind: "other".into(),
            title: crate::text::Text::from(title),
            partners: Vec::new(),
            amount: None,
            sectors: Vec::new(),
            sources: vec!["s".into()],
            note: None,
            location: Location::file(PathBuf::from("a.toml")),
        };
        let csv = to_csv(
            &[event("plain"), event("a, b"), event("say \"hi\""), event("two\nlines"), event("bell\u{7}")],
            Lang::En,
            str::to_owned,
        )
        .unwrap();
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "id,date,end,kind,title,partners,amount,currency,sectors,sources");
        assert_eq!(lines[1], "e,2025-03,,other,plain,,,,,s");
        assert_eq!(lines[2], "e,2025-03,,other,\"a, b\",,,,,s");
        assert_eq!(lines[3], "e,2025-03,,other,\"say \"\"hi\"\"\",,,,,s");
        assert_eq!(lines[4], "e,2025-03,,other,\"two\nlines\",,,,,s");
        assert_eq!(lines[5], "e,2025-03,,other,bell\\u{7},,,,,s");
    }
}
