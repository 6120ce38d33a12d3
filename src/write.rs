//! Writing a file so that nothing is lost: atomically, through links, with
//! the replaced file's mode and owner.
//!
//! Every file yearbrief writes (a PDF, a manifest, a data file it appends
//! to, the files of `init`) goes through [`write_atomically`]: the bytes go
//! to a temporary file beside the target, are flushed to disk, and the
//! temporary file is renamed over the target, so a reader sees the old file
//! or the new one, never half of one, and a failure leaves the old file.
//!
//! A target that is a symbolic link is written through: the link stays, and
//! the file it leads to gets the new bytes (a data file linked to a shared
//! master updates the master). A replaced file keeps its permission bits and,
//! where the process may set it, its owner and group; a new file gets
//! `0666` less the umask, like any file a program creates, so colleagues and
//! a web server can read a report.
//!
//! Temporary files are named `.TARGET.XXXXXX.tmp`, so a run that holds the
//! lock of a target can tell and remove the leftovers of a run that was
//! killed while writing it ([`remove_stale_temporaries`]).

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::diag::display_path;
use crate::input::io_reason;

/// The suffix of every temporary file.
const TEMPORARY_SUFFIX: &str = ".tmp";
/// How many random characters a temporary file name has.
const RANDOM_LENGTH: usize = 6;

/// Why a file could not be written, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The file a write of `path` replaces: `path` itself, or, when `path` is a
/// symbolic link (or a chain of them), the file it finally leads to.
pub fn target_of(path: &Path) -> Result<PathBuf, WriteError> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => fs::canonicalize(path).map_err(|err| {
            let target = fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
            WriteError(format!(
                "cannot write {}: it is a link to `{target}`, which cannot be followed ({}); fix or remove the link",
                display_path(path).display(),
                io_reason(&err)
            ))
        }),
        _ => Ok(path.to_path_buf()),
    }
}

/// Writes `bytes` to `path` atomically, through a link, keeping the replaced
/// file's mode and owner (see the module documentation).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write(path, bytes, true)
}

/// Like [`write_atomically`], without waiting for the disk: for a file that
/// can be made again at any time (an entry of the cache). Readers still see
/// the old file or the new one, never half of one; only a crash of the
/// machine right after the write can leave the file short, which is why
/// such a file must carry a check of its own contents.
pub fn write_atomically_unsynced(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write(path, bytes, false)
}

/// Writes `bytes` to `path` atomically; with `sync`, the bytes and the
/// rename are on disk before it returns.
fn write(path: &Path, bytes: &[u8], sync: bool) -> Result<(), WriteError> {
    let staged = stage_file(path, bytes, sync)?;
    let folder = staged.folder.clone();
    staged.commit()?;
    if sync {
        flush_folder(&folder);
    }
    Ok(())
}

/// A file's new bytes in a temporary file beside it, flushed to disk, with
/// the replaced file's mode and owner: [`Staged::commit`] puts it in place.
///
/// A build stages each language's PDF as soon as it is typeset, on that
/// language's thread, so that the waits for the disk overlap the
/// typesetting of the other languages; the files then appear, in language
/// order, by renames alone, and [`sync_folder_of`] makes the renames
/// durable with one wait. A staged file that is dropped is removed.
pub struct Staged {
    file: tempfile::NamedTempFile,
    target: PathBuf,
    folder: PathBuf,
    /// The path as given, for messages.
    shown: PathBuf,
}

/// Stages `bytes` for `path` (see [`Staged`]).
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, WriteError> {
    stage_file(path, bytes, true)
}

fn stage_file(path: &Path, bytes: &[u8], sync: bool) -> Result<Staged, WriteError> {
    let target = target_of(path)?;
    let fail = failure(path);
    let folder = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    fs::create_dir_all(&folder).map_err(|e| fail("create the folder of", e))?;
    let replaced = fs::metadata(&target).ok().filter(fs::Metadata::is_file);
    let mut file = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(TEMPORARY_SUFFIX)
        .rand_bytes(RANDOM_LENGTH)
        // The kernel takes the umask off, as for any new file.
        .permissions(fs::Permissions::from_mode(0o666))
        .tempfile_in(&folder)
        .map_err(|e| fail("write", e))?;
    if let Some(old) = &replaced {
        // The owner first: changing it may clear set-id bits the mode then restores.
        let _ = std::os::unix::fs::fchown(file.as_file(), Some(old.uid()), Some(old.gid()));
        file.as_file()
            .set_permissions(fs::Permissions::from_mode(old.mode() & 0o7777))
            .map_err(|e| fail("keep the permissions of", e))?;
    }
    file.write_all(bytes).map_err(|e| fail("write", e))?;
    if sync {
        file.as_file().sync_all().map_err(|e| fail("write", e))?;
    }
    Ok(Staged { file, target, folder, shown: path.to_path_buf() })
}

impl Staged {
    /// Renames the staged file over its target. The rename is on disk once
    /// the target's folder is flushed ([`sync_folder_of`]).
    pub fn commit(self) -> Result<(), WriteError> {
        let Staged { file, target, shown, .. } = self;
        file.persist(&target).map_err(|e| failure(&shown)("replace", e.error))?;
        Ok(())
    }
}

/// Flushes to disk the entries (the renames) of the folder that `path`, or
/// the file it links to, is in.
pub fn sync_folder_of(path: &Path) {
    let target = target_of(path).unwrap_or_else(|_| path.to_path_buf());
    match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => flush_folder(folder),
        _ => flush_folder(Path::new(".")),
    }
}

/// Flushes a folder's entries to disk. A folder that cannot be opened or
/// flushed is left as it is: the files in it are whole either way, and only
/// their names could be the old ones after a crash.
fn flush_folder(folder: &Path) {
    if let Ok(folder) = fs::File::open(folder) {
        let _ = folder.sync_all();
    }
}

/// The message of a failed write of `path`.
fn failure(path: &Path) -> impl Fn(&str, std::io::Error) -> WriteError + '_ {
    move |what, err| WriteError(format!("cannot {what} {}: {}", display_path(path).display(), io_reason(&err)))
}

/// True when `name` is a temporary file this module made for a target named `target`.
fn is_temporary_of(name: &str, target: &str) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|rest| rest.strip_suffix(TEMPORARY_SUFFIX)) else {
        return false;
    };
    match rest.rsplit_once('.') {
        Some((of, random)) => {
            of == target && random.len() == RANDOM_LENGTH && random.chars().all(|c| c.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// Removes the temporary files a killed run left while writing `path` (or
/// the file it links to), and says how many it removed. Call it only while
/// holding the lock that every writer of `path` takes, so no live write's
/// temporary file is touched.
pub fn remove_stale_temporaries(path: &Path) -> usize {
    let target = target_of(path).unwrap_or_else(|_| path.to_path_buf());
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else { return 0 };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let name = name.to_string_lossy();
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .filter(|entry| is_temporary_of(&entry.file_name().to_string_lossy(), &name))
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter(|entry| fs::remove_file(entry.path()).is_ok())
        .count()
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().mode() & 0o7777
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/a.pdf");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path().join("out")).unwrap().count(), 1);
    }

    #[test]
    fn rewrite_keeps_the_mode_of_the_replaced_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2024.toml");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(mode(&path), 0o664);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"newer").unwrap();
        assert_eq!(mode(&path), 0o640);
    }

    #[test]
    fn new_file_is_readable_by_others_unless_the_umask_says_no() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.pdf");
        write_atomically(&path, b"%PDF").unwrap();
        // The test process runs with its inherited umask; the usual 022 or
        // 002 leave the file readable by everyone, never private to the owner.
        assert_ne!(mode(&path), 0o600);
        assert_eq!(mode(&path) & 0o444, 0o444, "mode {:o}", mode(&path));
    }

    #[test]
    fn write_through_a_link_updates_the_target_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("shared")).unwrap();
        let master = dir.path().join("shared/master.toml");
        fs::write(&master, "old").unwrap();
        let link = dir.path().join("2024.toml");
        symlink("shared/master.toml", &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(&master).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path().join("shared")).unwrap().count(), 1, "no temporary file is left");
    }

    #[test]
    fn a_staged_file_appears_only_when_committed_and_a_dropped_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.pdf");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let staged = stage(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"old", "staging leaves the target as it was");
        staged.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(mode(&path), 0o640, "the replaced file's mode is kept");
        drop(stage(&path, b"newer").unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left");
    }

    #[test]
    fn stale_temporaries_of_a_target_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        for name in [".a.pdf.Ab12Cd.tmp", ".a.pdf.zzzzzz.tmp", ".b.pdf.Ab12Cd.tmp", ".a.pdf.long-name.tmp", "a.pdf"] {
            fs::write(dir.path().join(name), "").unwrap();
        }
        assert_eq!(remove_stale_temporaries(&dir.path().join("a.pdf")), 2);
        let mut left: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        left.sort();
        assert_eq!(left, [".a.pdf.long-name.tmp", ".b.pdf.Ab12Cd.tmp", "a.pdf"]);
    }

    #[test]
    fn temporary_names_match_what_the_writer_makes() {
        let dir = tempfile::tempdir().unwrap();
        let file = tempfile::Builder::new()
            .prefix(".r.pdf.")
            .suffix(TEMPORARY_SUFFIX)
            .rand_bytes(RANDOM_LENGTH)
            .tempfile_in(dir.path())
            .unwrap();
        let name = file.path().file_name().unwrap().to_string_lossy().into_owned();
        assert!(is_temporary_of(&name, "r.pdf"), "{name}");
        assert!(!is_temporary_of(&name, "r"), "{name}");
    }
}
