//! The event ids of the log, to warn about an id used twice with the place
//! of its first use.
//!
//! A log may hold millions of ids, and the thread that runs in file order is
//! what limits a load, so it does not look each id up as it comes. Each
//! file's ids come in one compact list ([`FileIds`]: their hashes, their
//! texts one after another, their places), made on the parsing threads or
//! read from the cache. Once every file is in, the hashes of all of them are
//! sorted, which finds the few hashes used more than once; only the ids with
//! such a hash are then looked at as texts, in file order, and an id seen
//! before gives the place of its first use, as if each had been looked up
//! as it came. A million ids take about 30 MB.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

/// A line and a column.
pub(super) type Place = (usize, usize);

/// The hash of an event id: the same in every run of one binary, since it
/// is kept in the cache (whose key names the binary).
pub(super) fn hash(id: &str) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(id)
}

/// The ids of one file's events, in the order of the records.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct FileIds {
    pub(super) hashes: Vec<u64>,
    /// The texts of the ids, one after another.
    pub(super) text: String,
    /// Where each id's text ends in `text`.
    pub(super) ends: Vec<u32>,
    pub(super) places: Vec<(u32, u32)>,
}

impl FileIds {
    /// Adds an id (whose hash is `hash`) used at `place`.
    pub(super) fn push(&mut self, hash: u64, id: &str, (line, column): Place) {
        self.hashes.push(hash);
        self.text.push_str(id);
        self.ends.push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        self.places.push((line as u32, column as u32));
    }

    /// The `index`th id and its place.
    fn get(&self, index: usize) -> (&str, Place) {
        let start = if index == 0 { 0 } else { self.ends[index - 1] as usize };
        let end = self.ends[index] as usize;
        let (line, column) = self.places[index];
        (self.text.get(start..end).unwrap_or_default(), (line as usize, column as usize))
    }

    /// Whether the lists agree with each other (an entry read back is checked).
    pub(super) fn is_whole(&self) -> bool {
        let ends_rise = self.ends.windows(2).all(|pair| pair[0] <= pair[1]);
        let ends_fit = self.ends.last().is_none_or(|&end| end as usize == self.text.len());
        let ends_split = self.ends.iter().all(|&end| self.text.is_char_boundary(end as usize));
        self.hashes.len() == self.ends.len()
            && self.places.len() == self.ends.len()
            && ends_rise
            && ends_fit
            && ends_split
    }
}

/// A use of an id already used: where, the id, and where it was first used
/// (a file's number and a place).
pub(super) struct Repeat<'a> {
    pub(super) file: usize,
    pub(super) place: Place,
    pub(super) id: &'a str,
    pub(super) first: (usize, Place),
}

/// The event ids of every file read so far, by file number.
#[derive(Default)]
pub(super) struct EventIds {
    files: Vec<FileIds>,
}

impl EventIds {
    /// Adds the ids of file number `file` (the files come in order, each once).
    pub(super) fn add(&mut self, file: usize, ids: FileIds) {
        if self.files.len() <= file {
            self.files.resize_with(file + 1, FileIds::default);
        }
        self.files[file] = ids;
    }

    /// Every use of an id used before, in file and record order.
    pub(super) fn repeats(&self) -> Vec<Repeat<'_>> {
        let mut hashes: Vec<u64> = self.files.iter().flat_map(|ids| ids.hashes.iter().copied()).collect();
        hashes.sort_unstable();
        let shared: HashSet<u64> = hashes.windows(2).filter(|pair| pair[0] == pair[1]).map(|pair| pair[0]).collect();
        drop(hashes);
        let mut first_uses: HashMap<&str, (usize, Place)> = HashMap::new();
        let mut repeats = Vec::new();
        if shared.is_empty() {
            return repeats;
        }
        for (file, ids) in self.files.iter().enumerate() {
            for (index, hash) in ids.hashes.iter().enumerate() {
                if !shared.contains(hash) {
                    continue;
                }
                let (id, place) = ids.get(index);
                match first_uses.get(id) {
                    Some(&first) => repeats.push(Repeat { file, place, id, first }),
                    None => {
                        first_uses.insert(id, (file, place));
                    }
                }
            }
        }
        repeats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[(&str, u64, Place)]) -> FileIds {
        let mut ids = FileIds::default();
        for &(id, hash, place) in list {
            ids.push(hash, id, place);
        }
        ids
    }

    fn repeats(index: &EventIds) -> Vec<(usize, Place, String, (usize, Place))> {
        index.repeats().into_iter().map(|r| (r.file, r.place, r.id.to_owned(), r.first)).collect()
    }

    #[test]
    fn the_first_use_of_each_id_is_kept() {
        let mut index = EventIds::default();
        index.add(0, ids(&[("a", 7, (1, 1)), ("b", 7, (2, 1))]));
        index.add(1, ids(&[("a", 7, (5, 3))]));
        index.add(2, ids(&[("b", 7, (9, 9)), ("ab", 7, (9, 9)), ("c", 8, (10, 1)), ("c", 8, (11, 1))]));
        assert_eq!(
            repeats(&index),
            [
                (1, (5, 3), "a".to_owned(), (0, (1, 1))),
                (2, (9, 9), "b".to_owned(), (0, (2, 1))),
                (2, (11, 1), "c".to_owned(), (2, (10, 1)))
            ]
        );
    }

    #[test]
    fn many_ids_with_their_real_hashes() {
        let mut index = EventIds::default();
        for file in 0..10 {
            let list: Vec<String> = (0..1000).map(|n| format!("e{}", file * 1000 + n)).collect();
            let mut file_ids = FileIds::default();
            for (n, id) in list.iter().enumerate() {
                file_ids.push(hash(id), id, (n + 1, 1));
            }
            if file == 9 {
                file_ids.push(hash("e42"), "e42", (2000, 5));
            }
            assert!(file_ids.is_whole());
            index.add(file, file_ids);
        }
        assert_eq!(repeats(&index), [(9, (2000, 5), "e42".to_owned(), (0, (43, 1)))]);
    }

    #[test]
    fn a_list_that_does_not_hang_together_is_not_whole() {
        let mut list = ids(&[("ab", 1, (1, 1)), ("c", 2, (2, 1))]);
        assert!(list.is_whole());
        list.ends[0] = 5;
        assert!(!list.is_whole());
        let mut list = ids(&[("é", 1, (1, 1))]);
        list.ends[0] = 1;
        assert!(!list.is_whole());
    }
}
