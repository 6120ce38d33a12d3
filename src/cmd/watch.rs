//! `yearbrief watch`: build the report, then rebuild it whenever an input changes.
//!
//! Staff preview the draft while they record events, so a rebuild must be
//! quick and a mistake must not end the session. This module watches the
//! config's directory tree, the data directory, the templates and the fonts
//! (debounced), reloads the config on every change, prints each problem the
//! way `check` does and keeps watching, and keeps one [`Pipeline`] per
//! language alive between rebuilds. Keeping it alive keeps Typst's world and
//! incremental cache: a one-event edit changes a few lines of the generated
//! source, and only those are compiled again. One pipeline per language,
//! because alternating the English and the Vietnamese source in one world
//! replaces the whole source on every build: the first rebuild after the
//! start then recompiled everything (measured 137 ms against 35 ms on the
//! bundled report, see `docs/performance.md`).
//! Pipelines are recreated only when the templates or fonts (or the config
//! settings that name them) change.
//!
//! A watched folder that is removed or renamed away loses its watch, so the
//! loop also looks every [`LOOK`] whether the data folder is still there: it
//! says when the folder goes, ignores what happens to it while it is away,
//! and says when it comes back, watches it again and rebuilds.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, ModifyKind};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer};

use crate::args::WatchArgs;
use crate::config::Config;
use crate::diag::display_path;
use crate::failure::Failure;
use crate::i18n::Lang;
use crate::pipeline::load_config;
use crate::pipeline::{Pipeline, YearData, build_date, rebuild};
use crate::render::THEME;

/// How long the file system must be quiet before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// How often the loop looks whether the data folder is still there, when no
/// event wakes it: a folder's own watch ends when the folder goes, and
/// nothing watches for it to come back.
const LOOK: Duration = Duration::from_secs(1);

/// What the watch loop is told.
enum Message {
    /// Debounced file-system events, or the watcher's errors.
    Changed(DebounceEventResult),
    /// Ctrl-C (or SIGTERM): stop watching.
    Stop,
}

/// Builds, then rebuilds on every change until Ctrl-C, which ends it with exit 0.
pub fn run(args: &WatchArgs) -> Result<ExitCode, Failure> {
    let (sender, receiver) = mpsc::channel();
    let stop = sender.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    })
    .map_err(|err| Failure::Message(format!("cannot handle Ctrl-C: {err}")))?;
    let debouncer = new_debouncer(DEBOUNCE, None, move |result| {
        let _ = sender.send(Message::Changed(result));
    })
    .map_err(|err| Failure::Message(format!("cannot watch for file changes: {err}")))?;
    let mut session = Session::new(args, debouncer);
    session.cycle(true);
    crate::log::info("watching for changes (Ctrl-C to stop)");
    while let Some(rebuild_pipelines) = next_change(&receiver, &mut session) {
        session.cycle(rebuild_pipelines);
    }
    Ok(ExitCode::SUCCESS)
}

/// Waits for changes to the inputs; `Some(true)` when templates or fonts
/// changed, `Some(false)` for other inputs (or the data folder came back),
/// `None` to stop.
fn next_change(receiver: &Receiver<Message>, session: &mut Session) -> Option<bool> {
    let mut changed: Option<bool> = None;
    loop {
        let wait = if changed.is_some() { Duration::ZERO } else { LOOK };
        let message = match receiver.recv_timeout(wait) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) if changed.is_some() => return changed,
            Err(RecvTimeoutError::Timeout) => {
                if session.look_at_data() {
                    changed = Some(false);
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return changed,
        };
        match message {
            Message::Stop => return None,
            Message::Changed(Err(errors)) => {
                for error in errors {
                    crate::log::warning(format!("watching for file changes: {error}"));
                }
            }
            Message::Changed(Ok(events)) => {
                session.forget_lost_roots(&events);
                if session.look_at_data() {
                    changed = Some(changed.unwrap_or(false));
                }
                if let Some(pipelines) = session.inputs.classify(&events, session.missing_data()) {
                    changed = Some(changed.unwrap_or(false) || pipelines);
                }
            }
        }
    }
}

/// The files a build reads and writes, as absolute paths.
#[derive(Default)]
struct Inputs {
    /// The config file.
    config: PathBuf,
    /// The config's directory: its whole tree is watched (templates and files the report reads).
    config_dir: PathBuf,
    /// The data directory.
    data: Option<PathBuf>,
    /// The templates folder.
    templates: Option<PathBuf>,
    /// The extra fonts folder.
    fonts: Option<PathBuf>,
    /// Files the build writes (the PDFs and what a failed build leaves beside them); neither they nor
    /// the folders that hold them (created by the first build) are a reason to rebuild.
    written: Vec<PathBuf>,
}

impl Inputs {
    /// The inputs of a config file that could not be loaded: the file and its folder.
    fn of_path(config: &Path) -> Inputs {
        let config = crate::walk::resolved(config);
        let config_dir = config.parent().map(Path::to_path_buf).unwrap_or_default();
        Inputs { config, config_dir, ..Inputs::default() }
    }

    /// The inputs and outputs of a loaded config, for one year and some languages.
    fn of_config(path: &Path, config: &Config, year: i32, languages: &[Lang]) -> Inputs {
        let mut written = Vec::new();
        for lang in languages {
            let pdf = crate::walk::resolved(&config.output_path(year, *lang));
            written.push(pdf.with_extension("typ"));
            written.push(pdf.with_extension("json"));
            written.push(pdf.with_file_name(THEME));
            written.push(pdf);
        }
        Inputs {
            config: crate::walk::resolved(path),
            config_dir: crate::walk::resolved(&config.dir),
            data: Some(crate::walk::resolved(&config.report.data)),
            templates: config.report.templates.as_deref().map(crate::walk::resolved),
            fonts: config.report.fonts.as_deref().map(crate::walk::resolved),
            written,
        }
    }

    /// The folders to watch recursively, none inside another.
    fn roots(&self) -> BTreeSet<PathBuf> {
        let mut all: Vec<&PathBuf> =
            [Some(&self.config_dir), self.data.as_ref(), self.templates.as_ref(), self.fonts.as_ref()]
                .into_iter()
                .flatten()
                .filter(|dir| !dir.as_os_str().is_empty())
                .collect();
        all.sort_by_key(|dir| dir.components().count());
        let mut roots = BTreeSet::new();
        for dir in all {
            if !roots.iter().any(|root: &PathBuf| dir.starts_with(root)) {
                roots.insert(dir.clone());
            }
        }
        roots
    }

    /// Whether `events` touch an input: `Some(true)` when a template or font
    /// changed, `Some(false)` for any other input, `None` when nothing that
    /// matters changed (reads, hidden and backup files, the build's own output,
    /// anything in the folder `away`, which has gone).
    fn classify(&self, events: &[DebouncedEvent], away: Option<&Path>) -> Option<bool> {
        let roots = self.roots();
        let mut changed = None;
        for event in events {
            let reading = matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write));
            if reading {
                continue;
            }
            for path in &event.paths {
                if away.is_some_and(|away| path.starts_with(away)) || !self.matters(&roots, path) {
                    continue;
                }
                let pipelines = [&self.templates, &self.fonts].into_iter().flatten().any(|dir| path.starts_with(dir));
                changed = Some(changed.unwrap_or(false) || pipelines);
            }
        }
        changed
    }

    /// Whether a change of `path` can change the report.
    fn matters(&self, roots: &BTreeSet<PathBuf>, path: &Path) -> bool {
        if path == self.config {
            return true;
        }
        if self.written.iter().any(|written| written.starts_with(path)) {
            return false;
        }
        let Some(relative) = roots.iter().find_map(|root| path.strip_prefix(root).ok()) else {
            return false;
        };
        let hidden = relative.components().any(|part| match part {
            Component::Normal(name) => name.to_string_lossy().starts_with('.'),
            _ => false,
        });
        let backup = path.file_name().is_some_and(|name| name.to_string_lossy().ends_with('~'));
        !hidden && !backup
    }
}

/// What makes a pipeline reusable: it holds the templates and fonts these name.
#[derive(Clone, PartialEq, Eq)]
struct PipelineKey {
    dir: PathBuf,
    templates: Option<PathBuf>,
    fonts: Option<PathBuf>,
    text_templates: Vec<String>,
}

impl PipelineKey {
    fn of(config: &Config) -> PipelineKey {
        let text_templates =
            config.sections.iter().filter_map(|section| section.content.user_template().map(str::to_owned)).collect();
        PipelineKey {
            dir: config.dir.clone(),
            templates: config.report.templates.clone(),
            fonts: config.report.fonts.clone(),
            text_templates,
        }
    }
}

/// The data folder, as last seen, to say when it goes and when it comes back.
struct DataFolder {
    /// Its absolute path.
    path: PathBuf,
    /// Whether it was there at the last look.
    there: bool,
    /// Whether it has been there since the config named it (else it "appears" rather than "comes back").
    seen: bool,
}

/// The state kept between rebuilds.
struct Session<'a> {
    args: &'a WatchArgs,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    /// The folders being watched.
    watched: BTreeSet<PathBuf>,
    /// What the last config reads and writes.
    inputs: Inputs,
    /// One pipeline per language, each with its own Typst world.
    pipelines: HashMap<Lang, Pipeline>,
    /// The settings the pipelines were made for.
    key: Option<PipelineKey>,
    /// The data folder as last seen.
    data: Option<DataFolder>,
}

impl<'a> Session<'a> {
    fn new(args: &'a WatchArgs, debouncer: Debouncer<RecommendedWatcher, RecommendedCache>) -> Session<'a> {
        Session {
            args,
            debouncer,
            watched: BTreeSet::new(),
            inputs: Inputs::of_path(&args.config.config),
            pipelines: HashMap::new(),
            key: None,
            data: None,
        }
    }

    /// Reloads the config and builds every language; problems are printed, never fatal.
    fn cycle(&mut self, rebuild_pipelines: bool) {
        if rebuild_pipelines {
            self.pipelines.clear();
        }
        if let Err(failure) = self.build_all() {
            crate::log::print_failure(failure);
            crate::log::note("the build failed; watching for changes (Ctrl-C to stop)");
        }
    }

    fn build_all(&mut self) -> Result<(), Failure> {
        let config = match load_config(&self.args.config.config) {
            Ok(config) => config,
            Err(failure) => {
                let mut inputs = Inputs::of_path(&self.args.config.config);
                inputs.data = self.inputs.data.take();
                inputs.templates = self.inputs.templates.take();
                inputs.fonts = self.inputs.fonts.take();
                self.watch(inputs);
                return Err(failure);
            }
        };
        let year = self.args.year.resolve(&config);
        let languages = self.args.languages.pick(&config);
        self.watch(Inputs::of_config(&self.args.config.config, &config, year, &languages));
        let date = build_date()?;
        let key = PipelineKey::of(&config);
        if self.key.as_ref() != Some(&key) {
            self.pipelines.clear();
            self.key = Some(key);
        }
        // The first time printed includes loading and aggregating the data.
        let started = Instant::now();
        let clashes = crate::output::check(&config, year, &languages);
        if clashes.has_errors() {
            return Err(Failure::Input(clashes));
        }
        // The fonts of a kept pipeline are the config's (pipelines go when the
        // fonts change), so they need not be loaded again to check the texts.
        let fonts = self.pipelines.values().next().map(Pipeline::fonts);
        let data = YearData::load(&config, year, fonts, Default::default())?;
        let loading = started.elapsed();
        let mut fresh = Vec::new();
        for lang in &languages {
            if !self.pipelines.contains_key(lang) {
                self.pipelines.insert(*lang, Pipeline::new(&config)?);
                fresh.push(*lang);
            }
        }
        let mut pipelines: Vec<(Lang, &mut Pipeline)> = self
            .pipelines
            .iter_mut()
            .filter(|(lang, _)| languages.contains(lang))
            .map(|(lang, pipeline)| (*lang, pipeline))
            .collect();
        pipelines.sort_by_key(|(lang, _)| languages.iter().position(|l| l == lang));
        let mut first = true;
        rebuild(&config, &data, date, pipelines, |lang, output, built, took| {
            let took = if std::mem::take(&mut first) { loading + took } else { took };
            crate::log::info(format!(
                "{} {} ({} pages) in {} ms",
                if fresh.contains(&lang) { "built" } else { "rebuilt" },
                display_path(output).display(),
                built.pages,
                took.as_millis()
            ));
        })
    }

    /// Watches the folders of `inputs`, and stops watching folders no longer needed.
    ///
    /// A folder that cannot be watched (it does not exist yet) is tried again on the next cycle.
    fn watch(&mut self, inputs: Inputs) {
        let roots = inputs.roots();
        for old in self.watched.difference(&roots).cloned().collect::<Vec<_>>() {
            let _ = self.debouncer.unwatch(&old);
            self.watched.remove(&old);
        }
        for root in roots {
            if self.watched.contains(&root) || !root.is_dir() {
                continue;
            }
            match self.debouncer.watch(&root, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(root);
                }
                Err(err) => crate::log::warning(format!("cannot watch {}: {err}", display_path(&root).display())),
            }
        }
        self.inputs = inputs;
        self.look_at_data();
    }

    /// Stops counting as watched a watched folder that `events` say was
    /// removed or renamed: its watch has ended (or follows it elsewhere), and
    /// the next cycle watches whatever is at its path again.
    fn forget_lost_roots(&mut self, events: &[DebouncedEvent]) {
        for event in events {
            if !matches!(event.kind, EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))) {
                continue;
            }
            for path in &event.paths {
                self.forget(path);
            }
        }
    }

    /// Ends the watch of the watched folder `path`, if it is one.
    fn forget(&mut self, path: &Path) {
        if self.watched.remove(path) {
            // The watch may have ended with the folder; then there is nothing to undo.
            let _ = self.debouncer.unwatch(path);
        }
    }

    /// The data folder, while it is away.
    fn missing_data(&self) -> Option<&Path> {
        self.data.as_ref().filter(|data| !data.there).map(|data| data.path.as_path())
    }

    /// Looks whether the data folder is there and says when it has gone or
    /// come back; true when it has come back (or appeared), which calls for a
    /// rebuild. A folder that was missing when the config named it was already
    /// reported by the build.
    fn look_at_data(&mut self) -> bool {
        let Some(path) = self.inputs.data.clone() else {
            self.data = None;
            return false;
        };
        let there = path.is_dir();
        let Some(data) = self.data.as_mut().filter(|data| data.path == path) else {
            self.data = Some(DataFolder { path, there, seen: there });
            return false;
        };
        let shown = display_path(&path).display().to_string();
        match (data.there, there) {
            (true, false) => {
                data.there = false;
                crate::log::warning(format!("the data folder {shown} has gone; waiting for it to come back"));
                self.forget(&path);
                false
            }
            (false, true) => {
                data.there = true;
                let how = if data.seen { "is back" } else { "has appeared" };
                data.seen = true;
                crate::log::info(format!("the data folder {shown} {how}; rebuilding"));
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::notify::Event;
    use notify_debouncer_full::notify::event::{CreateKind, ModifyKind};

    fn inputs() -> Inputs {
        Inputs {
            config: PathBuf::from("/p/report.toml"),
            config_dir: PathBuf::from("/p"),
            data: Some(PathBuf::from("/p/data")),
            templates: Some(PathBuf::from("/p/templates")),
            fonts: Some(PathBuf::from("/fonts")),
            written: vec![PathBuf::from("/p/output/r-en.pdf"), PathBuf::from("/p/output/r-en.typ")],
        }
    }

    fn event(kind: EventKind, path: &str) -> DebouncedEvent {
        DebouncedEvent::new(Event::new(kind).add_path(PathBuf::from(path)), std::time::Instant::now())
    }

    #[test]
    fn roots_are_the_outermost_folders() {
        let roots: Vec<PathBuf> = inputs().roots().into_iter().collect();
        assert_eq!(roots, [PathBuf::from("/fonts"), PathBuf::from("/p")]);
    }

    #[test]
    fn edits_of_inputs_matter_and_the_build_s_own_files_do_not() {
        let inputs = inputs();
        let modify = EventKind::Modify(ModifyKind::Any);
        assert_eq!(inputs.classify(&[event(modify, "/p/data/2024.toml")], None), Some(false));
        assert_eq!(inputs.classify(&[event(modify, "/p/report.toml")], None), Some(false));
        assert_eq!(inputs.classify(&[event(modify, "/p/templates/outlook.typ.hbs")], None), Some(true));
        assert_eq!(inputs.classify(&[event(EventKind::Create(CreateKind::File), "/fonts/a.ttf")], None), Some(true));
        assert_eq!(inputs.classify(&[event(modify, "/p/output/r-en.pdf")], None), None);
        assert_eq!(inputs.classify(&[event(modify, "/p/output/r-en.typ")], None), None);
        assert_eq!(inputs.classify(&[event(EventKind::Create(CreateKind::Folder), "/p/output")], None), None);
        assert_eq!(inputs.classify(&[event(modify, "/p/output/.yearbrief-x.tmp")], None), None);
        assert_eq!(inputs.classify(&[event(modify, "/p/data/.2024.toml.swp")], None), None);
        assert_eq!(inputs.classify(&[event(modify, "/p/data/2024.toml~")], None), None);
        assert_eq!(inputs.classify(&[event(modify, "/elsewhere/x.toml")], None), None);
        let read = EventKind::Access(AccessKind::Open(AccessMode::Any));
        assert_eq!(inputs.classify(&[event(read, "/p/data/2024.toml")], None), None);
        let written = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert_eq!(inputs.classify(&[event(written, "/p/data/2024.toml")], None), Some(false));
    }

    #[test]
    fn nothing_in_a_data_folder_that_has_gone_is_a_change() {
        let inputs = inputs();
        let away = Some(Path::new("/p/data"));
        let remove = EventKind::Remove(notify_debouncer_full::notify::event::RemoveKind::Folder);
        assert_eq!(inputs.classify(&[event(remove, "/p/data")], away), None);
        assert_eq!(inputs.classify(&[event(remove, "/p/data/2024.toml")], away), None);
        let modify = EventKind::Modify(ModifyKind::Any);
        assert_eq!(inputs.classify(&[event(modify, "/p/report.toml"), event(remove, "/p/data")], away), Some(false));
        assert_eq!(inputs.classify(&[event(modify, "/p/database/a.toml")], away), Some(false));
    }

    #[derive(clap::Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: WatchArgs,
    }

    #[test]
    fn the_data_folder_going_and_coming_back_is_noticed_once_each() {
        use clap::Parser;
        let project = tempfile::tempdir().unwrap();
        let data = project.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let config = project.path().join("report.toml");
        let wrapper = Wrapper::parse_from(["watch", "--config", config.to_str().unwrap()]);
        let debouncer = new_debouncer(DEBOUNCE, None, |_| {}).unwrap();
        let mut session = Session::new(&wrapper.args, debouncer);
        session.inputs.data = Some(crate::walk::resolved(&data));

        assert!(!session.look_at_data(), "the first look only records");
        assert_eq!(session.missing_data(), None);
        std::fs::rename(&data, project.path().join("away")).unwrap();
        assert!(!session.look_at_data(), "a folder that went calls for no rebuild");
        assert_eq!(session.missing_data(), Some(crate::walk::resolved(&data).as_path()));
        assert!(!session.look_at_data(), "a folder still away is not news");
        std::fs::rename(project.path().join("away"), &data).unwrap();
        assert!(session.look_at_data(), "a folder back calls for a rebuild");
        assert_eq!(session.missing_data(), None);
        assert!(!session.look_at_data());
    }

    #[test]
    fn a_data_folder_missing_from_the_start_appears_rather_than_comes_back() {
        use clap::Parser;
        let project = tempfile::tempdir().unwrap();
        let data = project.path().join("data");
        let wrapper = Wrapper::parse_from(["watch", "--config", project.path().join("r.toml").to_str().unwrap()]);
        let mut session = Session::new(&wrapper.args, new_debouncer(DEBOUNCE, None, |_| {}).unwrap());
        session.inputs.data = Some(crate::walk::resolved(&data));
        assert!(!session.look_at_data());
        assert!(!session.data.as_ref().unwrap().seen);
        std::fs::create_dir(&data).unwrap();
        assert!(session.look_at_data());
        assert!(session.data.as_ref().unwrap().seen);
    }
}
