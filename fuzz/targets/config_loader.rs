//! The config loader target: any bytes as `report.toml`.
//!
//! The input is written to a config file in a temporary folder and read with
//! `Config::load`. Nothing else is touched: the data directory a config names
//! is never read, so a config pointing at `/` costs nothing.
//!
//! Properties: nothing panics; a config is returned exactly when there is no
//! error; every problem names the config file and, unless it is about the
//! file as a whole, a line and column inside it; a loaded config lists each
//! language once.

use std::path::PathBuf;
use std::sync::Mutex;

use yearbrief::config::Config;
use yearbrief::diag::{Problems, display_path};

use crate::located::assert_located;

/// The problems that are about the whole config file and so have no line
/// and column: none. A file that is not UTF-8 is located at its first bad
/// byte, a file without `[report]` at 1:1.
const FILE_LEVEL: [fn(&str) -> bool; 0] = [];

/// A temporary folder holding the config file under test.
pub struct ConfigFile {
    /// Kept so the folder is removed with the file.
    _folder: tempfile::TempDir,
    /// The config file, as the loader opens it.
    path: PathBuf,
    /// The config file, as problems name it.
    shown: PathBuf,
    /// One check at a time: they all write the same file.
    busy: Mutex<()>,
}

impl ConfigFile {
    /// A new temporary folder for the config.
    pub fn new() -> ConfigFile {
        let folder = tempfile::Builder::new().prefix("yearbrief-fuzz-config-").tempdir().expect("a temporary folder");
        let path = folder.path().join("report.toml");
        let shown = display_path(&path);
        ConfigFile { _folder: folder, path, shown, busy: Mutex::new(()) }
    }

    /// Loads `bytes` as the config and checks the properties.
    pub fn check(&self, bytes: &[u8]) {
        let _busy = self.busy.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        std::fs::write(&self.path, bytes).expect("the config file is written");
        let mut problems = Problems::new();
        let config = Config::load(&self.path, &mut problems);
        assert_eq!(
            config.is_some(),
            !problems.has_errors(),
            "a config must be returned exactly when there is no error: {:?}",
            problems.iter().collect::<Vec<_>>()
        );
        let text = std::str::from_utf8(bytes).ok();
        for problem in problems.iter() {
            assert_located(problem, &self.shown, text, &FILE_LEVEL);
        }
        if let Some(config) = config {
            assert_eq!(config.path, self.path, "the config remembers another path");
            let languages = &config.report.languages;
            for (index, lang) in languages.iter().enumerate() {
                assert!(!languages[..index].contains(lang), "language {lang} is listed twice in a loaded config");
            }
        }
    }
}

impl Default for ConfigFile {
    fn default() -> Self {
        Self::new()
    }
}
