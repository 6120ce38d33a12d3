//! The environment Typst compiles in: sources held in memory, files confined to one directory.
//!
//! Typst asks its `World` for everything outside the markup: the standard
//! library, fonts, the date, other source files and data files. This world
//! answers from memory for the generated markup (the main file and any modules
//! it imports, such as a theme), from the [`FontSet`] for fonts, from a fixed
//! date for `datetime.today()` so output is reproducible, and from disk only
//! for files inside the root directory. Nothing outside the root is ever read,
//! symbolic links included, and packages are never downloaded.
//!
//! The world is meant to live as long as the process: replacing a source keeps
//! the unchanged parts of its syntax tree (and their hashes), so Typst's
//! memoisation makes a recompile after a small edit take milliseconds.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

use super::fonts::FontSet;

/// A file read from disk during the current compilation, kept across compilations.
struct DiskSlot {
    /// Whether the file was read from disk during the current compilation.
    fresh: bool,
    /// The file's contents, or why it could not be read.
    file: FileResult<Bytes>,
    /// The file parsed as Typst source, once asked for; `None` when `file` changed.
    source: Option<FileResult<Source>>,
}

/// A [`World`] for generated markup: in-memory sources, confined file access, fixed date.
pub struct TypesetWorld {
    /// The directory relative paths resolve against, canonicalised when possible.
    root: PathBuf,
    library: LazyHash<Library>,
    /// Shared with the worlds that typeset the other languages of a build.
    fonts: Arc<FontSet>,
    main: FileId,
    /// Sources held in memory (the main file and extra modules); they shadow files on disk.
    sources: HashMap<FileId, Source>,
    /// Files read from disk, re-validated once per compilation.
    disk: Mutex<HashMap<FileId, DiskSlot>>,
    /// The moment `datetime.today()` reports.
    now: DateTime<Utc>,
}

impl TypesetWorld {
    /// A world with an empty main source at virtual path `main`, files confined to `root`.
    ///
    /// Fails only if `main` is not a valid virtual path (it contains a
    /// backslash or escapes the root).
    pub fn new(fonts: impl Into<Arc<FontSet>>, root: PathBuf, main: &str) -> Result<Self, String> {
        let root = fs::canonicalize(&root).unwrap_or(root);
        let main = file_id(main)?;
        let mut sources = HashMap::new();
        sources.insert(main, Source::new(main, String::new()));
        Ok(TypesetWorld {
            root,
            // `a11y-extras` gives `pdf.header-cell`, which tags the first column of
            // an indicator table as row headers.
            library: LazyHash::new(
                Library::builder().with_features([Feature::A11yExtras].into_iter().collect()).build(),
            ),
            fonts: fonts.into(),
            main,
            sources,
            disk: Mutex::new(HashMap::new()),
            now: DateTime::UNIX_EPOCH,
        })
    }

    /// Replaces the text of the main source, reparsing only what changed.
    pub fn set_main(&mut self, text: &str) {
        if let Some(source) = self.sources.get_mut(&self.main) {
            source.replace(text);
        }
    }

    /// Adds or replaces an in-memory source at virtual path `vpath` (e.g. `theme.typ`).
    ///
    /// Fails if `vpath` is not a valid virtual path. Setting the main file's
    /// path is the same as [`set_main`](Self::set_main).
    pub fn set_source(&mut self, vpath: &str, text: &str) -> Result<(), String> {
        let id = file_id(vpath)?;
        match self.sources.get_mut(&id) {
            Some(source) => {
                source.replace(text);
            }
            None => {
                self.sources.insert(id, Source::new(id, text.to_string()));
            }
        }
        Ok(())
    }

    /// Removes every in-memory source except the main one and those whose paths are in `keep`.
    pub fn retain_sources(&mut self, keep: &[&str]) {
        let keep: Vec<FileId> = keep.iter().filter_map(|vpath| file_id(vpath).ok()).collect();
        let main = self.main;
        self.sources.retain(|id, _| *id == main || keep.contains(id));
    }

    /// Sets the moment `datetime.today()` reports, for reproducible output.
    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.now = now;
    }

    /// The fonts the world typesets with.
    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// The fonts, to share with another world: a face one world has loaded
    /// is not loaded again by the other.
    pub fn shared_fonts(&self) -> Arc<FontSet> {
        Arc::clone(&self.fonts)
    }

    /// The root directory files are confined to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The main source's virtual path without the leading slash, as used in messages.
    pub fn main_path(&self) -> String {
        self.main.vpath().get_without_slash().to_string()
    }

    /// Marks every file read from disk as stale, so the next compilation sees edits.
    ///
    /// Unchanged files keep their identity, so Typst's caches stay valid for them.
    pub fn reset(&mut self) {
        let disk = self.disk.get_mut().unwrap_or_else(PoisonError::into_inner);
        for slot in disk.values_mut() {
            slot.fresh = false;
        }
    }

    /// The files read from disk during the last compilation, by virtual path
    /// (relative to the root, `/` separated), with their bytes as used.
    pub fn files_read(&self) -> Vec<(String, Bytes)> {
        let disk = self.disk.lock().unwrap_or_else(PoisonError::into_inner);
        let mut read: Vec<(String, Bytes)> = disk
            .iter()
            .filter(|(_, slot)| slot.fresh)
            .filter_map(|(id, slot)| {
                let bytes = slot.file.as_ref().ok()?;
                Some((id.vpath().get_without_slash().to_string(), bytes.clone()))
            })
            .collect();
        read.sort_by(|a, b| a.0.cmp(&b.0));
        read
    }

    /// Runs `f` on the disk slot of `id`, reading the file first if it is stale.
    fn with_disk<T>(&self, id: FileId, f: impl FnOnce(&mut DiskSlot) -> T) -> T {
        let mut disk = self.disk.lock().unwrap_or_else(PoisonError::into_inner);
        let slot = disk.entry(id).or_insert_with(|| DiskSlot {
            fresh: false,
            file: Err(FileError::Other(None)),
            source: None,
        });
        if !slot.fresh {
            let new = self.read(id);
            let unchanged = matches!((&slot.file, &new), (Ok(old), Ok(new)) if old.as_slice() == new.as_slice());
            if !unchanged {
                slot.file = new;
                slot.source = None;
            }
            slot.fresh = true;
        }
        f(slot)
    }

    /// Reads a file of the project from disk, refusing anything that resolves outside the root.
    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::Other(Some(
                format!("packages such as {spec} are not available: yearbrief works offline").into(),
            ))));
        }
        let path = id.vpath().realize(&self.root).map_err(FileError::Realize)?;
        let real = fs::canonicalize(&path).map_err(|e| FileError::from_io(e, &path))?;
        if !real.starts_with(&self.root) {
            return Err(FileError::AccessDenied);
        }
        let metadata = fs::metadata(&real).map_err(|e| FileError::from_io(e, &path))?;
        if metadata.is_dir() {
            return Err(FileError::IsDirectory);
        }
        if !metadata.is_file() {
            return Err(FileError::Other(Some(
                "this is not a regular file (a named pipe or a device); only regular files can be read".into(),
            )));
        }
        fs::read(&real).map(Bytes::new).map_err(|e| FileError::from_io(e, &path))
    }
}

impl World for TypesetWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(source) = self.sources.get(&id) {
            return Ok(source.clone());
        }
        self.with_disk(id, |slot| {
            if let Some(source) = &slot.source {
                return source.clone();
            }
            let source = slot.file.clone().and_then(|bytes| {
                let text = bytes.as_str().map_err(|_| FileError::InvalidUtf8)?;
                let text = text.strip_prefix('\u{feff}').unwrap_or(text);
                Ok(Source::new(id, text.to_string()))
            });
            slot.source = Some(source.clone());
            source
        })
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.text().to_string()));
        }
        self.with_disk(id, |slot| slot.file.clone())
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, offset: Option<Duration>) -> Option<Datetime> {
        let now = match offset {
            None => self.now,
            Some(offset) => {
                let seconds = offset.seconds();
                if !seconds.is_finite() || seconds.abs() > 1e9 {
                    return None;
                }
                self.now.checked_add_signed(TimeDelta::try_seconds(seconds.round() as i64)?)?
            }
        };
        Datetime::from_ymd(now.year(), u8::try_from(now.month()).ok()?, u8::try_from(now.day()).ok()?)
    }
}

/// The file id of a project file at virtual path `vpath`.
fn file_id(vpath: &str) -> Result<FileId, String> {
    let path = VirtualPath::new(vpath).map_err(|e| format!("invalid virtual path {vpath:?}: {e}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, path).intern())
}
