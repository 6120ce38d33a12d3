//! The cache of checked data files, so that a run parses again only the
//! files that changed since the last one.
//!
//! Parsing TOML is most of the time it takes to load a large log (a million
//! events take seconds), while an edit usually touches one file. So what the
//! checks of each file found (its records and its problems, see
//! `data::Checked`) is kept in a folder beside the config,
//! `.yearbrief-cache/<config file name>/`, one entry per data file, and used
//! again when the file's bytes are the same.
//!
//! An entry is trusted only when everything it was made from is the same:
//! its key is a SHA-256 over the SHA-256 of the file's bytes (its digest,
//! which `build` has in hand from its manifest's fingerprint, so that a file
//! found here is not read again) and a context that names the
//! yearbrief version, the format of the entries ([`FORMAT`]), the binary
//! itself (its size and modification time, so a rebuilt binary trusts
//! nothing from an older one), and the settings the checks depend on (the
//! event kinds, indicators and languages of the config, and the fonts).
//! An entry holds two sections ([`SECTIONS`]): what a run that needs only
//! the totals of a file's events reads (see `data::Summary`), then the whole
//! checked file; each is read on its own and carries its own SHA-256, so a
//! run reads and checks only what it uses. An entry that is
//! missing, short, corrupt or made under another key is ignored and made
//! again, never an error; so is a folder that cannot be written.
//!
//! Entries are written atomically (a temporary file, then a rename), so
//! runs at the same time never see half an entry; they are not flushed to
//! disk, since a crash can at worst leave an entry that fails its check.
//! The folder is hidden, so the walker never reads it as data and
//! `--if-changed` never fingerprints it, and it may be deleted at any time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use crate::write::write_atomically_unsynced;

/// The name of the cache folder, beside the config.
pub const FOLDER: &str = ".yearbrief-cache";

/// The format of the entries; raised whenever what an entry holds, or what
/// the checks of a file find in the same bytes, changes.
pub const FORMAT: u32 = 3;

/// The first bytes of every entry.
const MAGIC: &[u8; 8] = b"ybcache\n";

/// How many sections an entry holds, each read on its own: what a run
/// needing only totals reads, then the whole checked file.
pub const SECTIONS: usize = 2;

/// The bytes before an entry's sections: the magic, the key, then each
/// section's length and SHA-256.
const HEADER: usize = MAGIC.len() + 32 + SECTIONS * (8 + 32);

/// How old a temporary file must be before a run removes it: a younger one
/// may be another run's entry being written.
const STALE: Duration = Duration::from_secs(3600);

/// The key of an entry: what it was made from.
pub type Key = [u8; 32];

/// The cache folder of one config.
pub struct Cache {
    folder: PathBuf,
    /// The SHA-256 of the context, the start of every key.
    context: Key,
}

/// The SHA-256 of a file's bytes, from which its entry's key is made.
pub fn digest(content: &[u8]) -> Key {
    Sha256::digest(content).into()
}

/// The cache folder of the config at `config` (a file in `dir`).
pub fn folder_for(dir: &Path, config: &Path) -> PathBuf {
    let name = config.file_name().map_or_else(|| "report.toml".into(), |name| name.to_string_lossy().into_owned());
    dir.join(FOLDER).join(name)
}

impl Cache {
    /// The cache in `folder` (created when the first entry is written), for
    /// entries made under `context`: the settings the checks depend on.
    pub fn new(folder: PathBuf, context: &str) -> Cache {
        let mut hasher = Sha256::new();
        for part in [env!("CARGO_PKG_VERSION"), &FORMAT.to_string(), &build(), context] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        Cache { folder, context: hasher.finalize().into() }
    }

    /// The key of an entry for a file with these bytes.
    pub fn key(&self, content: &[u8]) -> Key {
        self.key_of(&digest(content))
    }

    /// The key of an entry for a file whose bytes have this [`digest`]: a
    /// build hashes every data file once, for its manifest, and looks the
    /// files up here by those digests without reading them again.
    pub fn key_of(&self, digest: &Key) -> Key {
        let mut hasher = Sha256::new();
        hasher.update(self.context);
        hasher.update(digest);
        hasher.finalize().into()
    }

    /// The file of the entry for `slot` (the data file's path below the data directory).
    fn path(&self, slot: &str) -> PathBuf {
        let digest = Sha256::digest(slot.as_bytes());
        let name: String = digest[..16].iter().map(|byte| format!("{byte:02x}")).collect();
        self.folder.join(format!("{name}.entry"))
    }

    /// Section `section` of the entry kept for `slot` under `key`, when the
    /// entry is whole and the section intact; only the header and that
    /// section are read, into `bytes` (emptied first, its room kept).
    pub fn get<'b>(&self, slot: &str, key: &Key, section: usize, bytes: &'b mut Vec<u8>) -> Option<&'b [u8]> {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = std::fs::File::open(self.path(slot)).ok()?;
        let mut header = [0u8; HEADER];
        file.read_exact(&mut header).ok()?;
        let (magic, rest) = header.split_at(MAGIC.len());
        let (stored_key, mut table) = rest.split_at(32);
        if magic != MAGIC || stored_key != key {
            return None;
        }
        let mut sections = [(0u64, [0u8; 32]); SECTIONS];
        for entry in &mut sections {
            let (length, rest) = table.split_at(8);
            let (checksum, rest) = rest.split_at(32);
            *entry = (u64::from_le_bytes(length.try_into().ok()?), checksum.try_into().ok()?);
            table = rest;
        }
        let total = sections.iter().try_fold(HEADER as u64, |sum, (length, _)| sum.checked_add(*length))?;
        if file.metadata().ok()?.len() != total {
            return None;
        }
        let (length, checksum) = sections.get(section)?;
        let offset = HEADER as u64 + sections[..section].iter().map(|(length, _)| length).sum::<u64>();
        file.seek(SeekFrom::Start(offset)).ok()?;
        bytes.clear();
        file.take(*length).read_to_end(bytes).ok()?;
        (bytes.len() as u64 == *length && Sha256::digest(&bytes[..]).as_slice() == checksum).then_some(&bytes[..])
    }

    /// Keeps `sections` for `slot` under `key`; a failure only means they are not kept.
    pub fn put(&self, slot: &str, key: &Key, sections: [&[u8]; SECTIONS]) {
        let _ = write_atomically_unsynced(&self.path(slot), &entry(key, sections));
    }

    /// Removes the entries of every slot but `slots` (files no longer in the
    /// data directory), and temporary files a killed run left.
    pub fn keep_only(&self, slots: impl Iterator<Item = String>) {
        let Ok(entries) = std::fs::read_dir(&self.folder) else { return };
        let wanted: HashSet<PathBuf> = slots.map(|slot| self.path(&slot)).collect();
        let now = SystemTime::now();
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = |entry: &std::fs::DirEntry| {
                entry
                    .metadata()
                    .and_then(|metadata| metadata.modified())
                    .is_ok_and(|modified| now.duration_since(modified).is_ok_and(|age| age > STALE))
            };
            let remove = if name.starts_with('.') && name.ends_with(".tmp") {
                stale(&entry)
            } else {
                name.ends_with(".entry") && !wanted.contains(&path)
            };
            if remove && entry.file_type().is_ok_and(|kind| kind.is_file()) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// An entry's bytes: the header, then the sections.
fn entry(key: &Key, sections: [&[u8]; SECTIONS]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER + sections.iter().map(|section| section.len()).sum::<usize>());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(key);
    for section in sections {
        bytes.extend_from_slice(&(section.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&Sha256::digest(section));
    }
    for section in sections {
        bytes.extend_from_slice(section);
    }
    bytes
}

/// What tells this binary from another of the same version: its size and
/// modification time (empty when they cannot be read).
fn build() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|metadata| {
            let modified = metadata
                .modified()
                .ok()
                .and_then(|time| time.duration_since(SystemTime::UNIX_EPOCH).ok())
                .unwrap_or_default();
            format!("{} {}", metadata.len(), modified.as_nanos())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(dir: &Path, context: &str) -> Cache {
        Cache::new(dir.join(FOLDER).join("report.toml"), context)
    }

    #[test]
    fn a_body_comes_back_under_its_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path(), "kinds: a");
        let key = cache.key(b"[[event]]");
        assert_eq!(cache.get("2024.toml", &key, 0, &mut Vec::new()), None, "nothing kept yet");
        cache.put("2024.toml", &key, [b"sum", b"body"]);
        assert_eq!(cache.get("2024.toml", &key, 0, &mut Vec::new()), Some(&b"sum"[..]));
        assert_eq!(cache.get("2024.toml", &key, 1, &mut Vec::new()), Some(&b"body"[..]));
        assert_eq!(cache.get("2024.toml", &key, 2, &mut Vec::new()), None, "no such section");
        assert_eq!(cache.get("2023.toml", &key, 1, &mut Vec::new()), None, "another slot");
        assert_eq!(cache.get("2024.toml", &cache.key(b"[[source]]"), 1, &mut Vec::new()), None, "other bytes");
    }

    #[test]
    fn a_key_made_from_the_digest_of_the_bytes_is_the_key_of_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path(), "kinds: a");
        assert_eq!(cache.key_of(&digest(b"[[event]]")), cache.key(b"[[event]]"));
        assert_ne!(cache.key_of(&digest(b"[[event]]")), cache.key(b"[[source]]"));
    }

    #[test]
    fn the_key_changes_with_the_bytes_and_the_context() {
        let dir = tempfile::tempdir().unwrap();
        let one = cache(dir.path(), "kinds: a");
        assert_eq!(one.key(b"x"), cache(dir.path(), "kinds: a").key(b"x"));
        assert_ne!(one.key(b"x"), one.key(b"y"));
        assert_ne!(one.key(b"x"), cache(dir.path(), "kinds: b").key(b"x"));
    }

    #[test]
    fn an_entry_of_another_version_or_format_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path(), "");
        let key = cache.key(b"x");
        let mut other = Sha256::new();
        for part in ["0.0.0", &FORMAT.to_string(), &build(), ""] {
            other.update((part.len() as u64).to_le_bytes());
            other.update(part.as_bytes());
        }
        let old_key: Key = Sha256::new().chain_update(other.finalize()).chain_update(b"x").finalize().into();
        std::fs::create_dir_all(&cache.folder).unwrap();
        std::fs::write(cache.path("a.toml"), entry(&old_key, [b"", b"old"])).unwrap();
        assert_eq!(cache.get("a.toml", &key, 1, &mut Vec::new()), None);
        cache.put("a.toml", &key, [b"", b"new"]);
        assert_eq!(cache.get("a.toml", &key, 1, &mut Vec::new()), Some(&b"new"[..]));
    }

    #[test]
    fn a_torn_or_corrupt_entry_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path(), "");
        let key = cache.key(b"x");
        let whole = entry(&key, [b"its totals", b"the checked file"]);
        std::fs::create_dir_all(&cache.folder).unwrap();
        let path = cache.path("a.toml");
        for bytes in [&whole[..whole.len() - 1], &whole[..10], &[][..]] {
            std::fs::write(&path, bytes).unwrap();
            for section in 0..SECTIONS {
                let mut buffer = Vec::new();
                let got = cache.get("a.toml", &key, section, &mut buffer);
                assert_eq!(got, None, "{} bytes of {}", bytes.len(), whole.len());
            }
        }
        let mut flipped = whole.clone();
        *flipped.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &flipped).unwrap();
        assert_eq!(cache.get("a.toml", &key, 1, &mut Vec::new()), None, "a changed byte");
        assert!(cache.get("a.toml", &key, 0, &mut Vec::new()).is_some(), "the other section is intact");
        flipped = whole.clone();
        flipped[HEADER] ^= 1;
        std::fs::write(&path, &flipped).unwrap();
        assert_eq!(cache.get("a.toml", &key, 0, &mut Vec::new()), None, "a changed byte in the first section");
        std::fs::write(&path, &whole).unwrap();
        assert!(cache.get("a.toml", &key, 1, &mut Vec::new()).is_some());
    }

    #[test]
    fn only_the_slots_in_use_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path(), "");
        let key = cache.key(b"x");
        for slot in ["a.toml", "b.toml", "old.toml"] {
            cache.put(slot, &key, [b"", b"body"]);
        }
        std::fs::write(cache.folder.join(".fresh.entry.abcdef.tmp"), b"").unwrap();
        cache.keep_only(["a.toml".to_owned(), "b.toml".to_owned()].into_iter());
        assert!(cache.get("a.toml", &key, 1, &mut Vec::new()).is_some());
        assert!(cache.get("b.toml", &key, 1, &mut Vec::new()).is_some());
        assert!(!cache.path("old.toml").exists());
        assert!(cache.folder.join(".fresh.entry.abcdef.tmp").exists(), "a young temporary file may be in use");
    }

    #[test]
    fn a_missing_folder_is_no_error() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(&dir.path().join("gone"), "");
        cache.keep_only(std::iter::empty());
        assert_eq!(cache.get("a.toml", &cache.key(b"x"), 0, &mut Vec::new()), None);
    }
}
