//! The event ids seen so far, to warn about an id used twice with the place
//! of its first use.
//!
//! A log may hold millions of ids, and looking each one up is the largest
//! part of what loading does on the thread that runs in file order. So the
//! index is compact and allocates little: the texts of the ids one after
//! another in one string, a list of first uses, and an open-addressing table
//! of small slots; each id comes with its hash, computed on the parsing
//! threads. A million ids take about 50 MB.

/// Where an id was first used: the file's number, the line and the column.
pub(super) type FirstUse = (u32, u32, u32);

/// One id seen, and where it was first used.
struct Entry {
    /// Where its text starts in [`EventIds::text`].
    start: usize,
    /// The length of its text.
    len: u32,
    first: FirstUse,
}

/// A slot of the table: the low half of an id's hash in the low half, its
/// entry's number plus one in the high half (zero for an empty slot). A
/// plain number, so a new table is zeroed memory the system provides.
type Slot = u64;

fn slot(fingerprint: u32, entry: u32) -> Slot {
    u64::from(fingerprint) | (u64::from(entry) << 32)
}

fn fingerprint(slot: Slot) -> u32 {
    slot as u32
}

fn entry(slot: Slot) -> u32 {
    (slot >> 32) as u32
}

/// The event ids seen so far.
#[derive(Default)]
pub(super) struct EventIds {
    text: String,
    entries: Vec<Entry>,
    /// A power of two in length (or empty), at most seven-eighths full.
    slots: Vec<Slot>,
}

impl EventIds {
    /// An empty index with room for about `ids` ids, so that its lists need
    /// not be copied as they grow (room not used is never touched, so it
    /// costs no memory).
    pub(super) fn with_room(ids: usize) -> EventIds {
        EventIds { text: String::with_capacity(ids * 8), entries: Vec::with_capacity(ids), slots: Vec::new() }
    }

    /// Where `id` (whose hash is `hash`) was first used; `None` when it is
    /// new, and then `first` is noted as its first use.
    pub(super) fn first_use_or_note(&mut self, id: &str, hash: u64, first: FirstUse) -> Option<FirstUse> {
        if (self.entries.len() + 1) * 8 > self.slots.len() * 7 {
            self.grow();
        }
        let fingerprint = hash as u32;
        let mask = self.slots.len() - 1;
        let mut index = fingerprint as usize & mask;
        loop {
            let found = self.slots[index];
            if entry(found) == 0 {
                break;
            }
            if self::fingerprint(found) == fingerprint {
                let entry = &self.entries[entry(found) as usize - 1];
                if self.text.get(entry.start..entry.start + entry.len as usize) == Some(id) {
                    return Some(entry.first);
                }
            }
            index = (index + 1) & mask;
        }
        let (Ok(len), Ok(number)) = (u32::try_from(id.len()), u32::try_from(self.entries.len() + 1)) else {
            // Beyond four thousand million ids, or an id of four gigabytes: not indexed.
            return None;
        };
        self.entries.push(Entry { start: self.text.len(), len, first });
        self.text.push_str(id);
        self.slots[index] = slot(fingerprint, number);
        None
    }

    /// Doubles the table (or makes the first one) and puts every entry back.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let mask = size - 1;
        let mut slots: Vec<Slot> = vec![0; size];
        for &old in self.slots.iter().filter(|&&old| entry(old) != 0) {
            let mut index = fingerprint(old) as usize & mask;
            while entry(slots[index]) != 0 {
                index = (index + 1) & mask;
            }
            slots[index] = old;
        }
        self.slots = slots;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_use_of_each_id_is_kept() {
        let mut ids = EventIds::default();
        assert_eq!(ids.first_use_or_note("a", 7, (0, 1, 1)), None);
        assert_eq!(ids.first_use_or_note("b", 7, (0, 2, 1)), None, "the same hash, another id");
        assert_eq!(ids.first_use_or_note("a", 7, (1, 5, 3)), Some((0, 1, 1)));
        assert_eq!(ids.first_use_or_note("b", 7, (2, 9, 9)), Some((0, 2, 1)));
        assert_eq!(ids.first_use_or_note("ab", 7, (2, 9, 9)), None);
    }

    #[test]
    fn many_ids_survive_the_table_growing() {
        let mut ids = EventIds::default();
        let hash = |n: u32| u64::from(n.wrapping_mul(2_654_435_761)) | (u64::from(n) << 32);
        for n in 0..10_000u32 {
            assert_eq!(ids.first_use_or_note(&format!("e{n}"), hash(n), (0, n, 1)), None);
        }
        for n in (0..10_000u32).step_by(7) {
            assert_eq!(ids.first_use_or_note(&format!("e{n}"), hash(n), (1, 0, 0)), Some((0, n, 1)));
        }
        assert!(ids.slots.len().is_power_of_two() && ids.entries.len() * 8 <= ids.slots.len() * 7);
    }
}
