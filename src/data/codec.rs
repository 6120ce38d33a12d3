//! A checked data file as bytes and back, for the cache ([`crate::cache`]);
//! also its summary ([`super::Summary`]), and the writer and reader the
//! totals a sink folds are packed with ([`write_with`], [`read_with`]).
//!
//! A compact binary form written and read by hand: numbers as LEB128
//! varints, texts with their length, every place as a line and column in
//! the file (the file itself is the one being read, so its path is not
//! stored and a renamed file keeps its entry). Reading checks everything it
//! reads (lengths, UTF-8, tags, dates) and gives `None` for anything it
//! does not understand, so a damaged entry is never half used.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::ids::FileIds;
use super::{
    Amount, Checked, CheckedRecord, Coverage, Event, Figure, Partner, PartnerRef, Qualifier, Record, Source, Summary,
};
use crate::config::{LatLon, PartnerType};
use crate::diag::{Excerpt, Location, Problem, Severity};
use crate::i18n::Lang;
use crate::period::{PartialDate, Period};
use crate::text::Text;

/// Every partner type, by its number in an entry.
const PARTNER_TYPES: [PartnerType; 7] = PartnerType::ALL;

/// Every qualifier, by its number in an entry.
const QUALIFIERS: [Qualifier; 6] =
    [Qualifier::Exact, Qualifier::About, Qualifier::Nearly, Qualifier::Over, Qualifier::Under, Qualifier::AtLeast];

/// Every severity, by its number in an entry.
const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

/// The bytes of `value` (a checked file, or its summary), whose places all
/// lie in `file`; `None` when one lies elsewhere (such a file is not kept).
pub(super) fn pack<T: Packed>(value: &T, file: &Path) -> Option<Vec<u8>> {
    let mut writer = Writer { out: Vec::new(), file, elsewhere: false };
    value.write(&mut writer);
    (!writer.elsewhere).then_some(writer.out)
}

/// The checked file (or summary) `bytes` hold, its places in `file`;
/// `None` unless they are exactly one packed.
pub(super) fn unpack<T: Packed>(bytes: &[u8], file: &Arc<Path>) -> Option<T> {
    let mut reader = Reader { bytes, file };
    let value = T::read(&mut reader)?;
    reader.bytes.is_empty().then_some(value)
}

/// The bytes `write` writes (values with no place in a file).
pub(crate) fn write_with(write: impl FnOnce(&mut Writer<'_>)) -> Vec<u8> {
    let mut writer = Writer { out: Vec::new(), file: Path::new(""), elsewhere: false };
    write(&mut writer);
    writer.out
}

/// What `read` reads from `bytes`, when it reads them all.
pub(crate) fn read_with<T>(bytes: &[u8], read: impl FnOnce(&mut Reader<'_, '_>) -> Option<T>) -> Option<T> {
    let file: Arc<Path> = Path::new("").into();
    let mut reader = Reader { bytes, file: &file };
    let value = read(&mut reader)?;
    reader.bytes.is_empty().then_some(value)
}

/// Writes values into an entry.
pub(crate) struct Writer<'a> {
    out: Vec<u8>,
    file: &'a Path,
    /// Set when a place lies in another file.
    elsewhere: bool,
}

impl Writer<'_> {
    pub(crate) fn number(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.out.push(value as u8 | 0x80);
            value >>= 7;
        }
        self.out.push(value as u8);
    }

    pub(crate) fn signed(&mut self, value: i64) {
        self.number(((value << 1) ^ (value >> 63)) as u64);
    }

    pub(crate) fn float(&mut self, value: f64) {
        self.out.extend_from_slice(&value.to_bits().to_le_bytes());
    }

    pub(crate) fn flag(&mut self, value: bool) {
        self.out.push(u8::from(value));
    }

    pub(crate) fn text(&mut self, value: &str) {
        self.number(value.len() as u64);
        self.out.extend_from_slice(value.as_bytes());
    }

    pub(crate) fn place(&mut self, &(line, column): &(usize, usize)) {
        self.number(line as u64);
        self.number(column as u64);
    }

    pub(crate) fn option<T>(&mut self, value: &Option<T>, write: impl FnOnce(&mut Self, &T)) {
        self.flag(value.is_some());
        if let Some(value) = value {
            write(self, value);
        }
    }

    pub(crate) fn list<T>(&mut self, values: &[T], mut write: impl FnMut(&mut Self, &T)) {
        self.number(values.len() as u64);
        for value in values {
            write(self, value);
        }
    }
}

/// Reads values from an entry, checking each.
pub(crate) struct Reader<'a, 'f> {
    bytes: &'a [u8],
    file: &'f Arc<Path>,
}

impl Reader<'_, '_> {
    pub(crate) fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(first)
    }

    pub(crate) fn number(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte < 0x80 {
                return Some(value);
            }
        }
        None
    }

    pub(crate) fn size(&mut self) -> Option<usize> {
        usize::try_from(self.number()?).ok()
    }

    pub(crate) fn small(&mut self) -> Option<u32> {
        u32::try_from(self.number()?).ok()
    }

    pub(crate) fn signed(&mut self) -> Option<i64> {
        let value = self.number()?;
        Some((value >> 1) as i64 ^ -((value & 1) as i64))
    }

    pub(crate) fn year(&mut self) -> Option<i32> {
        i32::try_from(self.signed()?).ok()
    }

    pub(crate) fn float(&mut self) -> Option<f64> {
        let (bytes, rest) = self.bytes.split_first_chunk::<8>()?;
        self.bytes = rest;
        Some(f64::from_bits(u64::from_le_bytes(*bytes)))
    }

    pub(crate) fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    pub(crate) fn text(&mut self) -> Option<String> {
        let length = self.size()?;
        let (bytes, rest) = self.bytes.split_at_checked(length)?;
        self.bytes = rest;
        std::str::from_utf8(bytes).ok().map(str::to_owned)
    }

    pub(crate) fn place(&mut self) -> Option<(usize, usize)> {
        Some((self.size()?, self.size()?))
    }

    pub(crate) fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.flag()? {
            true => read(self).map(Some),
            false => Some(None),
        }
    }

    pub(crate) fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let length = self.size()?;
        // Each item takes at least one byte: a length beyond what is left is damage.
        if length > self.bytes.len() {
            return None;
        }
        let mut values = Vec::with_capacity(length);
        for _ in 0..length {
            values.push(read(self)?);
        }
        Some(values)
    }

    pub(crate) fn pick<T: Copy>(&mut self, values: &[T]) -> Option<T> {
        values.get(usize::from(self.byte()?)).copied()
    }
}

/// A value written to and read from an entry.
pub(crate) trait Packed: Sized {
    fn write(&self, writer: &mut Writer<'_>);
    fn read(reader: &mut Reader<'_, '_>) -> Option<Self>;
}

impl Packed for Location {
    fn write(&self, writer: &mut Writer<'_>) {
        if *self.file != *writer.file {
            writer.elsewhere = true;
        }
        writer.option(&self.line_column, Writer::place);
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        let line_column = reader.option(Reader::place)?;
        Some(Location { file: reader.file.clone(), line_column })
    }
}

impl Packed for Problem {
    fn write(&self, writer: &mut Writer<'_>) {
        writer.out.push(SEVERITIES.iter().position(|s| *s == self.severity).unwrap_or_default() as u8);
        writer.option(&self.location, |writer, location| location.write(writer));
        writer.text(&self.message);
        writer.option(&self.excerpt, |writer, excerpt| {
            writer.number(excerpt.line_number as u64);
            writer.text(&excerpt.text);
            writer.number(excerpt.span.start as u64);
            writer.number(excerpt.span.end as u64);
        });
        writer.list(&self.hints, |writer, hint| writer.text(hint));
        writer.list(&self.notes, |writer, note| writer.text(note));
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        let severity = reader.pick(&SEVERITIES)?;
        let location = reader.option(Location::read)?;
        let message = reader.text()?;
        let excerpt = reader.option(|reader| {
            Some(Box::new(Excerpt {
                line_number: reader.size()?,
                text: reader.text()?,
                span: reader.size()?..reader.size()?,
            }))
        })?;
        let hints = reader.list(Reader::text)?.into_boxed_slice();
        let notes = reader.list(Reader::text)?.into_boxed_slice();
        Some(Problem { severity, location, message, excerpt, hints, notes })
    }
}

impl Packed for Text {
    fn write(&self, writer: &mut Writer<'_>) {
        match self {
            Text::Plain(text) => {
                writer.out.push(0);
                writer.text(text);
            }
            Text::Translated(map) => {
                writer.out.push(1);
                writer.number(map.len() as u64);
                for (lang, text) in map {
                    writer.out.push(Lang::ALL.iter().position(|l| l == lang).unwrap_or_default() as u8);
                    writer.text(text);
                }
            }
        }
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        match reader.byte()? {
            0 => Some(Text::Plain(reader.text()?)),
            1 => {
                let count = reader.size()?;
                let mut map = BTreeMap::new();
                for _ in 0..count {
                    let lang = reader.pick(&Lang::ALL)?;
                    if map.insert(lang, reader.text()?).is_some() {
                        return None;
                    }
                }
                (count > 0).then_some(Text::Translated(map))
            }
            _ => None,
        }
    }
}

impl Packed for PartialDate {
    fn write(&self, writer: &mut Writer<'_>) {
        writer.signed(i64::from(self.year()));
        writer.number(u64::from(self.month().unwrap_or(0)));
        writer.number(u64::from(self.day().unwrap_or(0)));
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        let year = reader.year()?;
        let month = Some(reader.small()?).filter(|&m| m != 0);
        let day = Some(reader.small()?).filter(|&d| d != 0);
        PartialDate::new(year, month, day).ok()
    }
}

impl Packed for Period {
    fn write(&self, writer: &mut Writer<'_>) {
        let (tag, year, part) = match *self {
            Period::Year(year) => (0, year, 0),
            Period::Half(year, half) => (1, year, half),
            Period::Quarter(year, quarter) => (2, year, quarter),
            Period::Month(year, month) => (3, year, month),
        };
        writer.out.push(tag);
        writer.signed(i64::from(year));
        writer.out.push(part);
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        let tag = reader.byte()?;
        let year = reader.year()?;
        let part = reader.byte()?;
        match (tag, part) {
            (0, 0) => Some(Period::Year(year)),
            (1, 1..=2) => Some(Period::Half(year, part)),
            (2, 1..=4) => Some(Period::Quarter(year, part)),
            (3, 1..=12) => Some(Period::Month(year, part)),
            _ => None,
        }
    }
}

impl Packed for Source {
    fn write(&self, writer: &mut Writer<'_>) {
        writer.text(&self.id);
        self.title.write(writer);
        self.publisher.write(writer);
        self.published.write(writer);
        writer.option(&self.url, |writer, url| writer.text(url));
        writer.option(&self.language, |writer, language| writer.text(language));
        self.location.write(writer);
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        Some(Source {
            id: reader.text()?,
            title: Text::read(reader)?,
            publisher: Text::read(reader)?,
            published: PartialDate::read(reader)?,
            url: reader.option(Reader::text)?,
            language: reader.option(Reader::text)?,
            location: Location::read(reader)?,
        })
    }
}

impl Packed for Event {
    fn write(&self, writer: &mut Writer<'_>) {
        writer.option(&self.id, |writer, id| writer.text(id));
        self.date.write(writer);
        writer.option(&self.end, |writer, end| end.write(writer));
        writer.text(&self.kind);
        self.title.write(writer);
        writer.list(&self.partners, |writer, partner| partner.write(writer));
        writer.option(&self.amount, |writer, amount| {
            writer.float(amount.value);
            writer.text(&amount.currency);
        });
        writer.list(&self.sectors, |writer, sector| writer.text(sector));
        writer.list(&self.sources, |writer, source| writer.text(source));
        writer.option(&self.note, |writer, note| note.write(writer));
        self.location.write(writer);
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        Some(Event {
            id: reader.option(Reader::text)?,
            date: PartialDate::read(reader)?,
            end: reader.option(PartialDate::read)?,
            kind: reader.text()?,
            title: Text::read(reader)?,
            partners: reader.list(PartnerRef::read)?,
            amount: reader.option(|reader| Some(Amount { value: reader.float()?, currency: reader.text()? }))?,
            sectors: reader.list(Reader::text)?,
            sources: reader.list(Reader::text)?,
            note: reader.option(Text::read)?,
            location: Location::read(reader)?,
        })
    }
}

impl Packed for PartnerRef {
    fn write(&self, writer: &mut Writer<'_>) {
        self.name.write(writer);
        writer.text(&self.country);
        writer.out.push(self.kind as u8);
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        Some(PartnerRef { name: Text::read(reader)?, country: reader.text()?, kind: reader.pick(&PARTNER_TYPES)? })
    }
}

impl Packed for Figure {
    fn write(&self, writer: &mut Writer<'_>) {
        writer.text(&self.indicator);
        self.period.write(writer);
        writer.float(self.value);
        writer.out.push(self.qualifier as u8);
        writer.option(&self.change, |writer, &change| writer.float(change));
        writer.option(&self.as_of, |writer, as_of| as_of.write(writer));
        writer.list(&self.sources, |writer, source| writer.text(source));
        writer.option(&self.note, |writer, note| note.write(writer));
        self.location.write(writer);
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        Some(Figure {
            indicator: reader.text()?,
            period: Period::read(reader)?,
            value: reader.float()?,
            qualifier: reader.pick(&QUALIFIERS)?,
            change: reader.option(Reader::float)?,
            as_of: reader.option(PartialDate::read)?,
            sources: reader.list(Reader::text)?,
            note: reader.option(Text::read)?,
            location: Location::read(reader)?,
            order: 0,
        })
    }
}

impl Packed for Partner {
    fn write(&self, writer: &mut Writer<'_>) {
        self.name.write(writer);
        writer.text(&self.country);
        writer.out.push(self.kind as u8);
        writer.option(&self.since, |writer, since| since.write(writer));
        writer.list(&self.sources, |writer, source| writer.text(source));
        writer.option(&self.note, |writer, note| note.write(writer));
        writer.option(&self.place, |writer, place| {
            writer.float(place.lat);
            writer.float(place.lon);
        });
        self.location.write(writer);
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        Some(Partner {
            name: Text::read(reader)?,
            country: reader.text()?,
            kind: reader.pick(&PARTNER_TYPES)?,
            since: reader.option(PartialDate::read)?,
            sources: reader.list(Reader::text)?,
            note: reader.option(Text::read)?,
            place: reader.option(|reader| Some(LatLon { lat: reader.float()?, lon: reader.float()? }))?,
            location: Location::read(reader)?,
        })
    }
}

impl Packed for Coverage {
    fn write(&self, writer: &mut Writer<'_>) {
        writer.list(&self.kinds, |writer, kind| writer.text(kind));
        writer.option(&self.from, |writer, from| from.write(writer));
        writer.option(&self.until, |writer, until| until.write(writer));
        writer.list(&self.sources, |writer, source| writer.text(source));
        writer.option(&self.note, |writer, note| note.write(writer));
        self.location.write(writer);
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        Some(Coverage {
            kinds: reader.list(Reader::text)?,
            from: reader.option(PartialDate::read)?,
            until: reader.option(PartialDate::read)?,
            sources: reader.list(Reader::text)?,
            note: reader.option(Text::read)?,
            location: Location::read(reader)?,
        })
    }
}

impl Packed for Record {
    fn write(&self, writer: &mut Writer<'_>) {
        match self {
            Record::Source(source) => {
                writer.out.push(0);
                source.write(writer);
            }
            Record::Event(event) => {
                writer.out.push(1);
                event.write(writer);
            }
            Record::Figure(figure) => {
                writer.out.push(2);
                figure.write(writer);
            }
            Record::Partner(partner) => {
                writer.out.push(3);
                partner.write(writer);
            }
            Record::Coverage(coverage) => {
                writer.out.push(4);
                coverage.write(writer);
            }
        }
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        match reader.byte()? {
            0 => Source::read(reader).map(Record::Source),
            1 => Event::read(reader).map(|event| Record::Event(Box::new(event))),
            2 => Figure::read(reader).map(Record::Figure),
            3 => Partner::read(reader).map(Record::Partner),
            4 => Coverage::read(reader).map(Record::Coverage),
            _ => None,
        }
    }
}

impl Packed for CheckedRecord {
    fn write(&self, writer: &mut Writer<'_>) {
        writer.list(&self.before, |writer, problem| problem.write(writer));
        writer.option(&self.claim, Writer::place);
        writer.list(&self.after, |writer, problem| problem.write(writer));
        writer.option(&self.cites, Writer::place);
        self.record.write(writer);
        writer.flag(self.accepted);
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        Some(CheckedRecord {
            before: reader.list(Problem::read)?,
            claim: reader.option(Reader::place)?,
            after: reader.list(Problem::read)?,
            id_hash: 0,
            cites: reader.option(Reader::place)?,
            record: Record::read(reader)?,
            accepted: reader.flag()?,
        })
    }
}

impl Packed for Checked {
    fn write(&self, writer: &mut Writer<'_>) {
        writer.list(&self.problems, |writer, problem| problem.write(writer));
        writer.list(&self.records, |writer, record| record.write(writer));
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        Some(Checked { problems: reader.list(Problem::read)?, records: reader.list(CheckedRecord::read)? })
    }
}

impl Packed for FileIds {
    fn write(&self, writer: &mut Writer<'_>) {
        writer.number(self.hashes.len() as u64);
        for hash in &self.hashes {
            writer.out.extend_from_slice(&hash.to_le_bytes());
        }
        writer.text(&self.text);
        let mut start = 0;
        for (&end, &(line, column)) in self.ends.iter().zip(&self.places) {
            writer.number(u64::from(end - start));
            writer.number(u64::from(line));
            writer.number(u64::from(column));
            start = end;
        }
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        let count = reader.size()?;
        let (hashes, rest) = reader.bytes.split_at_checked(count.checked_mul(8)?)?;
        reader.bytes = rest;
        let hashes =
            hashes.chunks_exact(8).map(|hash| u64::from_le_bytes(hash.try_into().unwrap_or_default())).collect();
        let text = reader.text()?;
        let (mut ends, mut places) = (Vec::with_capacity(count), Vec::with_capacity(count));
        let mut end = 0u32;
        for _ in 0..count {
            end = end.checked_add(reader.small()?)?;
            ends.push(end);
            places.push((reader.small()?, reader.small()?));
        }
        let ids = FileIds { hashes, text, ends, places };
        ids.is_whole().then_some(ids)
    }
}

impl Packed for Summary {
    fn write(&self, writer: &mut Writer<'_>) {
        writer.list(&self.problems, |writer, problem| problem.write(writer));
        writer.list(&self.others, |writer, record| record.write(writer));
        self.ids.write(writer);
        writer.list(&self.cites, |writer, (id, places)| {
            writer.text(id);
            writer.list(places, Writer::place);
        });
        writer.number(self.events as u64);
        writer.list(&self.years, |writer, &year| writer.signed(i64::from(year)));
        writer.option(&self.part, |writer, part| {
            writer.number(part.len() as u64);
            writer.out.extend_from_slice(part);
        });
    }

    fn read(reader: &mut Reader<'_, '_>) -> Option<Self> {
        Some(Summary {
            problems: reader.list(Problem::read)?,
            others: reader.list(CheckedRecord::read)?,
            ids: FileIds::read(reader)?,
            cites: reader.list(|reader| Some((reader.text()?, reader.list(Reader::place)?)))?,
            events: reader.size()?,
            years: reader.list(Reader::year)?,
            part: reader.option(|reader| {
                let length = reader.size()?;
                let (part, rest) = reader.bytes.split_at_checked(length)?;
                reader.bytes = rest;
                Some(part.to_vec())
            })?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::serde_names;

    #[test]
    fn the_tables_of_types_follow_their_declarations() {
        let names = serde_names::<PartnerType>();
        assert_eq!(names.len(), PARTNER_TYPES.len());
        for (index, kind) in PARTNER_TYPES.iter().enumerate() {
            assert_eq!((kind.name(), *kind as usize), (names[index], index));
        }
        let names = serde_names::<Qualifier>();
        assert_eq!(names.len(), QUALIFIERS.len());
        for (index, qualifier) in QUALIFIERS.iter().enumerate() {
            assert_eq!((qualifier.name(), *qualifier as usize), (names[index], index));
        }
    }

    #[test]
    fn numbers_survive_the_round_trip() {
        let file: Arc<Path> = Path::new("a.toml").into();
        let mut writer = Writer { out: Vec::new(), file: &file, elsewhere: false };
        let values = [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX];
        let signed = [0, -1, 1, i64::MIN, i64::MAX, -2024, 2024];
        values.iter().for_each(|&v| writer.number(v));
        signed.iter().for_each(|&v| writer.signed(v));
        let mut reader = Reader { bytes: &writer.out, file: &file };
        assert_eq!(values.map(|_| reader.number().unwrap()), values);
        assert_eq!(signed.map(|_| reader.signed().unwrap()), signed);
        assert!(reader.bytes.is_empty());
        assert_eq!(Reader { bytes: &[0xff; 11], file: &file }.number(), None, "a varint too long");
    }

    #[test]
    fn a_place_in_another_file_is_not_packed() {
        let checked = Checked {
            problems: vec![Problem::error(Location::file(Path::new("b.toml")), "elsewhere")],
            records: Vec::new(),
        };
        assert_eq!(pack(&checked, Path::new("a.toml")), None);
        assert!(pack(&checked, Path::new("b.toml")).is_some());
    }
}
