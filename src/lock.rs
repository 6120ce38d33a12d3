//! A lock per file yearbrief writes, so that two runs building the same PDF
//! (an overlapping cron job, a person running it by hand) never interleave,
//! and two commands appending to the same data file never lose a record:
//! each reads, checks and replaces the file while it holds the lock.
//!
//! The lock is an exclusive advisory lock (`flock`) on a hidden file beside
//! the output, `.NAME.lock`. The operating system releases it when the
//! process ends, however it ends, so a crashed run never leaves a stale lock.
//! The lock file itself is left in place: deleting it would let a third run
//! lock a new file while a second still holds the old one.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fs4::fs_std::FileExt;

use crate::diag::display_path;

/// How often a waiting run tries the lock again.
const RETRY: Duration = Duration::from_millis(100);

/// A held lock on one file (an output or a data file); dropping it releases the lock.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

/// Why a lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another process holds the lock; the message names the output.
    Busy(String),
    /// The lock file could not be created or locked.
    Io(String),
}

impl OutputLock {
    /// The lock file that guards `output`.
    pub fn path_for(output: &Path) -> PathBuf {
        let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        output.with_file_name(format!(".{name}.lock"))
    }

    /// Takes the lock on `output`, trying again until `wait` has passed.
    pub fn acquire(output: &Path, wait: Duration) -> Result<OutputLock, LockError> {
        let path = Self::path_for(output);
        let shown = display_path(&path);
        let io = |what: &str, err: std::io::Error| {
            LockError::Io(format!(
                "cannot {what} the lock file {}: {}; check that the output folder is writable",
                shown.display(),
                crate::input::io_reason(&err)
            ))
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| io("create the folder of", e))?;
        }
        let file =
            OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| io("open", e))?;
        Self::hold(file, path, output, wait)
    }

    /// Takes the lock that guards rewrites of the files in `folder` (the
    /// data directory): a lock on the folder itself, which stays the same
    /// file while the files in it are replaced, so no lock file is left among
    /// the data.
    pub fn acquire_folder(folder: &Path, wait: Duration) -> Result<OutputLock, LockError> {
        let handle = File::open(folder).map_err(|err| {
            LockError::Io(format!(
                "cannot lock the folder {}: {}",
                display_path(folder).display(),
                crate::input::io_reason(&err)
            ))
        })?;
        Self::hold(handle, folder.to_path_buf(), folder, wait)
    }

    /// Locks `file` (the handle of the lock at `path`, guarding `output`),
    /// trying again until `wait` has passed.
    fn hold(file: File, path: PathBuf, output: &Path, wait: Duration) -> Result<OutputLock, LockError> {
        let shown = display_path(&path);
        let io = |err: std::io::Error| {
            LockError::Io(format!("cannot lock {}: {}", shown.display(), crate::input::io_reason(&err)))
        };
        // No deadline when the wait is too long to represent: wait until the lock is free.
        let deadline = Instant::now().checked_add(wait);
        loop {
            if file.try_lock_exclusive().map_err(io)? {
                return Ok(OutputLock { _file: file });
            }
            let now = Instant::now();
            let left = deadline.map_or(RETRY, |deadline| deadline.saturating_duration_since(now));
            if left.is_zero() {
                let waited = if wait.is_zero() {
                    "; pass --wait SECONDS to wait for it".to_owned()
                } else {
                    format!(" after waiting {} s", wait.as_secs())
                };
                return Err(LockError::Busy(format!(
                    "another yearbrief run is building {} (it holds {}); gave up{waited}",
                    display_path(output).display(),
                    shown.display()
                )));
            }
            std::thread::sleep(RETRY.min(left));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_file_is_hidden_beside_the_output() {
        assert_eq!(OutputLock::path_for(Path::new("out/a-2024-en.pdf")), Path::new("out/.a-2024-en.pdf.lock"));
    }

    #[test]
    fn folder_lock_is_exclusive_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputLock::acquire_folder(dir.path(), Duration::ZERO).unwrap();
        assert!(matches!(OutputLock::acquire_folder(dir.path(), Duration::ZERO), Err(LockError::Busy(_))));
        drop(first);
        assert!(OutputLock::acquire_folder(dir.path(), Duration::ZERO).is_ok());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn second_lock_on_the_same_output_is_busy_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out/a.pdf");
        let first = OutputLock::acquire(&output, Duration::ZERO).unwrap();
        assert!(OutputLock::path_for(&output).exists());
        match OutputLock::acquire(&output, Duration::ZERO) {
            Err(LockError::Busy(message)) => assert!(message.contains("a.pdf"), "{message}"),
            other => panic!("expected busy, got {other:?}"),
        }
        let other = OutputLock::acquire(&dir.path().join("out/b.pdf"), Duration::ZERO);
        assert!(other.is_ok(), "a different output has its own lock");
        drop(first);
        assert!(OutputLock::acquire(&output, Duration::ZERO).is_ok());
    }
}
