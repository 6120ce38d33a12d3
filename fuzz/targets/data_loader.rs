//! The data loader target: any bytes as one data file of a project.
//!
//! The project is the bundled config (`config/report.toml`, unchanged) in a
//! temporary folder, with an empty data directory. The input is written to
//! one data file and the directory is loaded from disk; valid UTF-8 is then
//! loaded a second time as an overlay of the same file, the way `events add`
//! checks an edit before writing it.
//!
//! Properties: nothing panics; every problem names the data file and a line
//! and column inside it (a file that is not UTF-8 is one error about the
//! whole file); every record handed to the sink is located the same way; the
//! overlay gives the same records and the same problems, in the same order,
//! that reading the file gives. Every text is checked against the bundled
//! fonts, as `check` does.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use yearbrief::config::Config;
use yearbrief::data::{self, Coverage, Event, Figure, Overlay, Partner, Sink, Source};
use yearbrief::diag::{Location, Problem, Problems, display_path};
use yearbrief::typeset::FontSet;

use crate::located::{assert_inside, assert_located};

/// The bundled config, the one `yearbrief build` uses by default.
const CONFIG: &str = include_str!("../../config/report.toml");

/// The data file the input becomes, relative to the data directory.
const FILE: &str = "fuzz.toml";

/// A temporary project with the bundled config and one data file.
pub struct Project {
    /// Kept so the folder is removed with the project.
    _folder: tempfile::TempDir,
    config: Config,
    /// The data file, as the loader opens it.
    file: PathBuf,
    /// The data file, as problems name it.
    shown: PathBuf,
    /// The fonts a build uses, to check every text against.
    fonts: FontSet,
    /// One check at a time: they all write the same file.
    busy: Mutex<()>,
}

impl Project {
    /// Writes the config to a new temporary folder and creates its data directory.
    pub fn new() -> Project {
        let folder = tempfile::Builder::new().prefix("yearbrief-fuzz-data-").tempdir().expect("a temporary folder");
        let config_path = folder.path().join("config/report.toml");
        std::fs::create_dir(folder.path().join("config")).expect("the config folder is created");
        std::fs::write(&config_path, CONFIG).expect("the config is written");
        let mut problems = Problems::new();
        let config = Config::load(&config_path, &mut problems);
        assert!(problems.iter().next().is_none(), "the bundled config has problems: {:?}", problems.into_vec());
        let config = config.expect("the bundled config loads");
        assert!(
            config.report.data.starts_with(folder.path()),
            "the bundled config's data directory {} lies outside its project",
            config.report.data.display()
        );
        std::fs::create_dir_all(&config.report.data).expect("the data directory is created");
        let file = config.report.data.join(FILE);
        let shown = display_path(&file);
        let fonts = FontSet::load(None).expect("the bundled fonts load");
        Project { _folder: folder, config, file, shown, fonts, busy: Mutex::new(()) }
    }

    /// Loads `bytes` as the project's one data file and checks the properties.
    pub fn check(&self, bytes: &[u8]) {
        let _busy = self.busy.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        std::fs::write(&self.file, bytes).expect("the data file is written");
        let (problems, places) = self.load(None);
        let Ok(text) = std::str::from_utf8(bytes) else {
            assert!(places.is_empty(), "records were read from a file that is not UTF-8");
            assert_eq!(problems.len(), 1, "a file that is not UTF-8 gives one problem: {problems:?}");
            assert!(problems[0].is_error(), "a file that is not UTF-8 is an error: {}", problems[0]);
            assert_located(&problems[0], &self.shown, None, &[]);
            assert!(not_utf8(&problems[0].message), "not the UTF-8 error: {}", problems[0]);
            let valid = std::str::from_utf8(bytes).unwrap_err().valid_up_to();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            assert_eq!(problems[0].location.as_ref().and_then(|l| l.line_column).map(|(l, _)| l), Some(line));
            return;
        };
        for problem in &problems {
            assert_located(problem, &self.shown, Some(text), &[]);
        }
        for place in &places {
            assert!(place.line_column.is_some(), "a record without a line and column: {place}");
            assert_inside(place, &self.shown, Some(text), &"a record");
        }
        let overlay = Overlay { relative: Path::new(FILE), text };
        let (overlaid, overlaid_places) = self.load(Some(overlay));
        assert_eq!(overlaid, problems, "the overlay and the file on disk give different problems");
        assert_eq!(overlaid_places, places, "the overlay and the file on disk give different records");
    }

    /// Loads the data directory: its problems, and where each record was.
    fn load(&self, overlay: Option<Overlay<'_>>) -> (Vec<Problem>, Vec<Location>) {
        let mut problems = Problems::new();
        let mut records = Places::default();
        let unprintable = |text: &str| self.fonts.unprintable(text);
        let options = data::Options { overlay, unprintable: Some(&unprintable), cache: None, fold: None };
        let files = data::load_with(&self.config, options, &mut problems, &mut records);
        assert_eq!(files, 1, "the data directory holds one file");
        (problems.into_vec(), records.0)
    }
}

impl Default for Project {
    fn default() -> Self {
        Self::new()
    }
}

/// A sink that keeps where each record was, in the order they came.
#[derive(Default)]
struct Places(Vec<Location>);

impl Sink for Places {
    fn source(&mut self, source: Source) {
        self.0.push(source.location);
    }
    fn event(&mut self, event: Event) {
        self.0.push(event.location);
    }
    fn figure(&mut self, figure: Figure) {
        self.0.push(figure.location);
    }
    fn partner(&mut self, partner: Partner) {
        self.0.push(partner.location);
    }
    fn coverage(&mut self, coverage: Coverage) {
        self.0.push(coverage.location);
    }
}

/// The problem of a file that is not UTF-8 (located at its first bad byte).
fn not_utf8(message: &str) -> bool {
    message.starts_with("the file is not UTF-8 text")
}
