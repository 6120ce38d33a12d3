//! The pipeline that owns a build: config → data → aggregate → context →
//! templates → Typst → PDF, with the locks, the manifest and the atomic
//! writes around it.
//!
//! Commands are thin shims over this module: `build` and `watch` run
//! [`build`] or a kept [`Pipeline`]; `check`, `stats`, `events` load the data
//! through [`load_data`], the same wiring for all. Everything here returns a
//! [`Failure`] or domain values, never exit codes or printed output, except
//! the progress [`build`] hands to its caller as [`Outcome`]s.
//!
//! A build first locks every output it will write (see [`crate::lock`]), so
//! an overlapping run waits or gives up (exit 3) before doing anything. After
//! each PDF it writes the manifest of its inputs (see [`crate::manifest`]),
//! which `--if-changed` compares to skip outputs whose inputs are unchanged.
//! The languages of a build are typeset at the same time, one thread each,
//! and written afterwards on the calling thread, in language order (see
//! [`build`]).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};

use crate::aggregate::{Aggregate, Aggregator};
use crate::config::{Config, PdfStandard};
use crate::data::{self, Counting, Counts, Sink};
use crate::diag::{Diagnostic, Location, Problems, display_path};
use crate::failure::Failure;
use crate::i18n::Lang;
use crate::lock::{LockError, OutputLock};
use crate::manifest::{self, Manifest};
use crate::render::{Rendered, Renderer, THEME};
use crate::typeset::{self, FontSet, PdfSettings, Standard, Typesetter};
use crate::view::report::{self, RunInfo};
use crate::write::{
    Staged, remove_stale_temporaries, stage, sync_folder_of, write_atomically, write_atomically_unsynced,
};

/// Extra files a build writes beside each PDF.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extras {
    /// The generated Typst source (`.typ`) and the theme it imports.
    pub typst: bool,
    /// The JSON context the templates were rendered with (`.json`).
    pub context: bool,
}

impl Extras {
    /// Their names, as the command line gives them, for the fingerprint.
    fn names(self) -> Vec<&'static str> {
        [("typst", self.typst), ("context", self.context)].into_iter().filter(|(_, on)| *on).map(|(n, _)| n).collect()
    }
}

/// What a run of [`build`] is asked to do.
#[derive(Clone, Debug)]
pub struct BuildRequest {
    /// The report year.
    pub year: i32,
    /// The languages, each once, in order.
    pub languages: Vec<Lang>,
    /// Extra files to write beside each PDF.
    pub extras: Extras,
    /// Skip an output whose inputs are unchanged since its last build.
    pub if_changed: bool,
    /// How long to wait for another run holding an output.
    pub wait: Duration,
    /// Build a year that has no events and no figures at all.
    pub allow_empty: bool,
    /// Typeset the languages at the same time, each on a thread of its own
    /// (the outputs are the same either way).
    pub parallel: bool,
}

/// What became of one output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Its inputs are unchanged since it was built; nothing was written.
    UpToDate {
        /// The PDF.
        output: PathBuf,
    },
    /// It was built and written.
    Written {
        /// The PDF.
        output: PathBuf,
        /// Its pages.
        pages: usize,
        /// How long it took: its typesetting and writing, and for the first
        /// one built, loading the templates, fonts and data.
        elapsed: Duration,
    },
}

/// Loads the config, printing its warnings; its errors become the failure.
pub fn load_config(path: &Path) -> Result<Config, Failure> {
    let mut problems = Problems::new();
    match Config::load(path, &mut problems) {
        Some(config) => {
            crate::log::print_problems(problems);
            Ok(config)
        }
        None => Err(Failure::Input(problems)),
    }
}

/// Builds the report of `request.year` in each language asked for, handing
/// each output's outcome to `progress` as soon as it is known.
///
/// The data is loaded and aggregated once; then every language is typeset
/// at the same time, each on a thread of its own with a Typst world of its
/// own (the templates and fonts are loaded once and shared), unless
/// `request.parallel` is false. Typesetting writes nothing, and nothing is
/// written until every language is typeset; then this thread writes the
/// files language by language, in the order asked for. So the outcomes, the
/// warnings, the first error (in language order) and the files on disk do
/// not depend on which thread finishes first; after an error nothing of a
/// later language is written.
///
/// Each PDF is staged (written to a temporary file and flushed to disk) on
/// its language's thread as soon as it is typeset, so the waits for the
/// disk overlap the typesetting of the other languages; writing it is then a
/// rename, and the output folders are flushed once at the end. A manifest
/// is not flushed on its own: it only says whether the PDF beside it is up
/// to date, and it names the PDF's hash, so a manifest that a crash left
/// old, new or broken makes the next `--if-changed` run build again, never
/// skip a build it needed.
pub fn build(config: &Config, request: &BuildRequest, mut progress: impl FnMut(&Outcome)) -> Result<(), Failure> {
    let BuildRequest { year, ref languages, extras, if_changed, wait, allow_empty, parallel } = *request;
    let started = Instant::now();
    let date = build_date()?;
    let outputs: Vec<(Lang, PathBuf)> = languages.iter().map(|lang| (*lang, config.output_path(year, *lang))).collect();
    let clashes = crate::output::check(config, year, languages);
    if clashes.has_errors() {
        return Err(Failure::Input(clashes));
    }
    let _locks = lock_outputs(outputs.iter().map(|(_, output)| output.as_path()), wait)?;
    // Once, before any data is read: see `manifest::Inputs`.
    let inputs = manifest::fingerprint(config, &extras.names()).ok();
    // Which outputs are up to date is decided before anything is written:
    // an output's manifest and the files it read are not written by the
    // build of another language (see `Pipeline::files_read`).
    let plan: Vec<Job<'_>> = outputs
        .iter()
        .map(|(lang, output)| {
            let inputs = inputs.as_ref().map(|inputs| inputs.for_output(year, *lang));
            let current =
                if_changed && inputs.as_ref().is_some_and(|inputs| Manifest::is_current(output, inputs, &config.dir));
            Job { lang: *lang, output, inputs, current }
        })
        .collect();
    // The outputs up to date before the first to build are reported before
    // anything is loaded.
    let ready = plan.iter().take_while(|job| job.current).count();
    let (ready, plan) = plan.split_at(ready);
    for job in ready {
        progress(&Outcome::UpToDate { output: job.output.clone() });
    }
    let to_build: Vec<&Job<'_>> = plan.iter().filter(|job| !job.current).collect();
    let Some(first) = to_build.first() else {
        return Ok(());
    };
    let mut pipeline = Pipeline::new(config)?;
    let digests = inputs.as_ref().map(|inputs| inputs.data_digests().clone()).unwrap_or_default();
    let data = YearData::load(config, year, Some(pipeline.fonts()), digests)?;
    if !allow_empty && !data.aggregate.has_records(year) {
        return Err(Failure::Message(format!(
            "nothing is recorded for {year}: no event and no figure in {}; is the year right? (to build an empty review anyway, pass --allow-empty)",
            display_path(&config.report.data).display()
        )));
    }
    let loading = started.elapsed();
    let written: Vec<&Path> = outputs.iter().map(|(_, output)| output.as_path()).collect();
    let work = Work { config, data: &data, date, extras, written: &written };
    let finish = |job: &Job<'_>, typeset: Typeset, took: Duration| -> Result<Outcome, Failure> {
        let started = Instant::now();
        let built = typeset.write(job.output)?;
        if let Some(inputs) = &job.inputs {
            let manifest = Manifest::new(year, job.lang, inputs.clone(), built.read, &built.pdf);
            write_atomically_unsynced(&Manifest::path_for(job.output), manifest.to_json().as_bytes())?;
        }
        let loaded = if job.lang == first.lang { loading } else { Duration::ZERO };
        Ok(Outcome::Written {
            output: job.output.clone(),
            pages: built.pages,
            elapsed: loaded + took + started.elapsed(),
        })
    };
    let typeset = if parallel && to_build.len() > 1 {
        let mut others: Vec<Pipeline> = to_build.iter().skip(1).map(|_| pipeline.sibling()).collect();
        let pipelines = std::iter::once(&mut pipeline).chain(&mut others);
        typeset_all(&work, to_build.iter().copied().zip(pipelines).collect())
    } else {
        to_build.iter().map(|job| Ok(work.typeset(&mut pipeline, job))).collect()
    };
    let mut typeset = typeset.into_iter();
    let written = in_order(plan, progress, |job| {
        let (typeset, took) = typeset.next().unwrap_or_else(|| Err(lost(job.lang)))?;
        finish(job, typeset, took)
    });
    flush_folders(to_build.iter().map(|job| job.output.as_path()));
    written
}

/// Typesets and writes the reports of `data`'s year in the languages of
/// `pipelines` (each language with its own pipeline, kept between runs by
/// `watch`), as [`build`] does: all at the same time, then written in
/// language order, with no manifest. Each PDF written is handed to `report`
/// with its language, its path and the time it took to typeset and write
/// (loading the data not included).
pub fn rebuild(
    config: &Config,
    data: &YearData<'_>,
    date: NaiveDate,
    pipelines: Vec<(Lang, &mut Pipeline)>,
    mut report: impl FnMut(Lang, &Path, &Built, Duration),
) -> Result<(), Failure> {
    let year = data.summary.year;
    let outputs: Vec<(Lang, PathBuf)> =
        pipelines.iter().map(|(lang, _)| (*lang, config.output_path(year, *lang))).collect();
    // A scheduled build of the same outputs may be running: wait for it a
    // little rather than interleave with it.
    let _locks = lock_outputs(outputs.iter().map(|(_, output)| output.as_path()), Duration::from_secs(10))?;
    let jobs: Vec<Job<'_>> =
        outputs.iter().map(|(lang, output)| Job { lang: *lang, output, inputs: None, current: false }).collect();
    let written: Vec<&Path> = outputs.iter().map(|(_, output)| output.as_path()).collect();
    let work = Work { config, data, date, extras: Extras::default(), written: &written };
    let typeset = typeset_all(&work, jobs.iter().zip(pipelines.into_iter().map(|(_, pipeline)| pipeline)).collect());
    let written = jobs.iter().zip(typeset).try_for_each(|(job, typeset)| {
        let (typeset, took) = typeset?;
        let started = Instant::now();
        let built = typeset.write(job.output)?;
        report(job.lang, job.output, &built, took + started.elapsed());
        Ok(())
    });
    flush_folders(jobs.iter().map(|job| job.output.as_path()));
    written
}

/// Typesets each job with its pipeline, all at the same time: every job
/// but the first on a thread of its own, the first on this one, each on a
/// rayon pool of its own ([`on_own_pool`]). Every language is typeset
/// before anything is written, so each reads the files as they were before
/// the run, whichever finishes first. The results come in job order.
fn typeset_all(work: &Work<'_, '_>, jobs: Vec<(&Job<'_>, &mut Pipeline)>) -> Vec<Result<(Typeset, Duration), Failure>> {
    let mut jobs = jobs.into_iter();
    let Some((first, pipeline)) = jobs.next() else { return Vec::new() };
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .map(|(job, pipeline)| (job.lang, scope.spawn(move || on_own_pool(|| work.typeset(pipeline, job)))))
            .collect();
        let first = on_own_pool(|| work.typeset(pipeline, first));
        let others = handles.into_iter().map(|(lang, handle)| handle.join().map_err(|_| lost(lang)));
        std::iter::once(Ok(first)).chain(others).collect()
    })
}

/// Flushes the folders of `outputs` to disk, each once (the outputs of a
/// run usually share one).
fn flush_folders<'a>(outputs: impl Iterator<Item = &'a Path>) {
    let mut flushed: Vec<Option<&Path>> = Vec::new();
    for output in outputs {
        if !flushed.contains(&output.parent()) {
            flushed.push(output.parent());
            sync_folder_of(output);
        }
    }
}

/// Runs `typeset` on a thread pool of its own, of one thread.
///
/// Typst lays out runs of pages and parses files on rayon's pool. With the
/// languages typeset at the same time, each language's thread handed that
/// work to the one global pool and waited for it behind the other
/// language's work; on a pool of its own each language does its own work,
/// on its own thread, as two processes would (both languages of the bundled
/// report: 157 against 169 ms, see docs/performance.md). When the pool
/// cannot be made (no thread to be had), the work runs where it is.
fn on_own_pool<T: Send>(typeset: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
        Ok(pool) => pool.install(typeset),
        Err(_) => typeset(),
    }
}

/// Goes through `plan` in order: an output that is up to date is reported
/// so, the others are built by `build`, until the first error.
fn in_order(
    plan: &[Job<'_>],
    mut progress: impl FnMut(&Outcome),
    mut build: impl FnMut(&Job<'_>) -> Result<Outcome, Failure>,
) -> Result<(), Failure> {
    for job in plan {
        let outcome = if job.current { Outcome::UpToDate { output: job.output.clone() } } else { build(job)? };
        progress(&outcome);
    }
    Ok(())
}

/// One output of a run of [`build`].
struct Job<'a> {
    lang: Lang,
    output: &'a PathBuf,
    /// The fingerprint of its inputs, when they could be read.
    inputs: Option<String>,
    /// Whether it is up to date and `--if-changed` skips it.
    current: bool,
}

/// What every language of a run of [`build`] is typeset from.
struct Work<'a, 'c> {
    config: &'c Config,
    data: &'a YearData<'c>,
    date: NaiveDate,
    extras: Extras,
    /// Every output of the run.
    written: &'a [&'a Path],
}

impl Work<'_, '_> {
    /// Typesets `job` with `pipeline` and stages its PDF, and how long it took.
    fn typeset(&self, pipeline: &mut Pipeline, job: &Job<'_>) -> (Typeset, Duration) {
        let started = Instant::now();
        let mut typeset = pipeline.typeset(self, job.lang, job.output);
        typeset.stage(job.output);
        (typeset, started.elapsed())
    }
}

/// The failure when typesetting `lang` ended without a result (its thread panicked).
fn lost(lang: Lang) -> Failure {
    Failure::Message(format!("typesetting the {} report stopped unexpectedly; nothing of it was written", lang.code()))
}

/// Locks every output, in a fixed order so that two runs asking for
/// overlapping outputs cannot each hold one the other waits for. Once an
/// output is locked, the temporary files a killed run left while writing it
/// (or the files written beside it) are removed.
pub fn lock_outputs<'a>(outputs: impl Iterator<Item = &'a Path>, wait: Duration) -> Result<Vec<OutputLock>, Failure> {
    let mut outputs: Vec<&Path> = outputs.collect();
    outputs.sort();
    outputs.dedup();
    let deadline = Instant::now().checked_add(wait);
    let mut locks = Vec::new();
    for output in outputs {
        let left = deadline.map_or(wait, |deadline| deadline.saturating_duration_since(Instant::now()));
        match OutputLock::acquire(output, left) {
            Ok(lock) => {
                for written in crate::output::written_beside(output) {
                    remove_stale_temporaries(&written);
                }
                locks.push(lock);
            }
            Err(LockError::Busy(message)) => return Err(Failure::Busy(message)),
            Err(LockError::Io(message)) => return Err(Failure::Message(message)),
        }
    }
    Ok(locks)
}

/// What one build produced.
pub struct Built {
    /// Pages in the PDF.
    pub pages: usize,
    /// The PDF as written.
    pub pdf: Vec<u8>,
    /// The files Typst read from the config's folder, with the hash of the bytes it used.
    pub read: BTreeMap<String, String>,
}

/// The data of a report year, loaded and aggregated once for every language.
pub struct YearData<'c> {
    /// The aggregate of the whole log.
    pub aggregate: crate::aggregate::Aggregate<'c>,
    /// The year's summary.
    pub summary: crate::aggregate::YearSummary,
}

impl<'c> YearData<'c> {
    /// Loads the data directory, keeping the year's events; errors in the
    /// data are the failure (its warnings are left to `check`). `fonts` are
    /// the fonts a pipeline has loaded already, if one has; `digests` those
    /// of the data files the build fingerprinted (see [`LoadOptions::digests`]).
    pub fn load(
        config: &'c Config,
        year: i32,
        fonts: Option<&FontSet>,
        digests: HashMap<PathBuf, crate::cache::Key>,
    ) -> Result<YearData<'c>, Failure> {
        let options = LoadOptions { keep_events: vec![year], fonts, digests, ..LoadOptions::default() };
        let loaded = load_data_with(config, options);
        if loaded.problems.has_errors() {
            return Err(Failure::Input(loaded.problems));
        }
        let summary = loaded.aggregate.year(year);
        Ok(YearData { aggregate: loaded.aggregate, summary })
    }
}

/// The parts of a build that can be kept between builds (in `watch`).
pub struct Pipeline {
    /// The templates, shared with the pipeline's siblings.
    renderer: Arc<Renderer>,
    typesetter: Typesetter,
}

/// One report typeset in memory, with what is to be written beside it and
/// said about it: [`Typeset::write`] writes and says it.
pub struct Typeset {
    /// What goes beside the PDF.
    beside: Beside,
    /// The PDF, or why there is none.
    result: Result<Built, Failure>,
    /// The PDF staged beside its output, once [`Typeset::stage`] was called.
    staged: Option<Result<Staged, Failure>>,
}

/// What is written beside a PDF and said about it, made while it is typeset.
#[derive(Default)]
struct Beside {
    /// The context as JSON (`--emit context`).
    context: Option<String>,
    /// The generated source and theme (`--emit typst`, or Typst failed).
    source: Option<Rendered>,
    /// Typst's warnings, each with its place.
    warnings: Vec<Diagnostic>,
}

impl Typeset {
    /// Writes the PDF to a temporary file beside `output` and flushes it to
    /// disk, so that [`Typeset::write`] is only a rename. Without a PDF it
    /// does nothing.
    pub fn stage(&mut self, output: &Path) {
        if let (Ok(built), None) = (&self.result, &self.staged) {
            self.staged = Some(stage(output, &built.pdf).map_err(Failure::from));
        }
    }

    /// Writes the files beside the PDF, prints the warnings, then puts the
    /// PDF in place (staging it first if it is not staged); or, when there is
    /// no PDF, returns why after writing what helps find out (the generated
    /// source). The caller flushes the output's folder ([`sync_folder`]).
    pub fn write(mut self, output: &Path) -> Result<Built, Failure> {
        self.stage(output);
        let Beside { context, source, warnings } = &self.beside;
        if let Some(context) = context {
            write_atomically(&output.with_extension("json"), context.as_bytes())?;
        }
        if let Some(rendered) = source {
            write_typst(output, rendered)?;
        }
        for warning in warnings {
            crate::log::to_stderr(warning);
        }
        let built = self.result?;
        if let Some(staged) = self.staged {
            staged?.commit()?;
        }
        Ok(built)
    }
}

impl Pipeline {
    /// Loads the templates and fonts the config names.
    pub fn new(config: &Config) -> Result<Pipeline, Failure> {
        let renderer = load_templates(config).map_err(Failure::Input)?;
        let fonts = FontSet::load(config.report.fonts.as_deref()).map_err(Failure::Message)?;
        Ok(Pipeline { renderer: Arc::new(renderer), typesetter: Typesetter::new(fonts, config.dir.clone()) })
    }

    /// A pipeline with the same templates and fonts (shared, not loaded
    /// again) and a Typst world of its own, to typeset another language at
    /// the same time on another thread.
    pub fn sibling(&self) -> Pipeline {
        Pipeline { renderer: Arc::clone(&self.renderer), typesetter: self.typesetter.sibling() }
    }

    /// Typesets the report of `work` in `lang` for `output`, in memory:
    /// nothing is written and nothing printed until [`Typeset::write`]. A
    /// file Typst read that one of the run's outputs (`work.written`, `output`
    /// among them) would replace is an error.
    fn typeset(&mut self, work: &Work<'_, '_>, lang: Lang, output: &Path) -> Typeset {
        let mut beside = Beside::default();
        let result = self.typeset_into(&mut beside, work, lang, output);
        Typeset { beside, result, staged: None }
    }

    /// The work of [`Pipeline::typeset`]: what is to be written beside the
    /// PDF goes into `beside` as it is made, the PDF is the result.
    fn typeset_into(
        &mut self,
        beside: &mut Beside,
        work: &Work<'_, '_>,
        lang: Lang,
        output: &Path,
    ) -> Result<Built, Failure> {
        let Work { config, data, date, extras, written } = *work;
        let year = data.summary.year;
        let run = RunInfo { lang, year, issued: config.report.issued.unwrap_or(date), built: date };
        let context = report::build(config, &data.aggregate, &data.summary, &run);
        if extras.context {
            let text = serde_json::to_string_pretty(&context).map_err(|e| Failure::Message(e.to_string()))?;
            beside.context = Some(text);
        }
        let rendered = self.renderer.render(&context).map_err(|p| {
            let mut problems = Problems::new();
            problems.push(p);
            Failure::Input(problems)
        })?;
        let settings = PdfSettings {
            standard: standard(config.report.pdf_standard),
            timestamp: DateTime::<Utc>::from_naive_utc_and_offset(date.and_hms_opt(0, 0, 0).unwrap_or_default(), Utc),
            ident: format!("yearbrief/{}/{year}/{}", config.report.title.get(lang), lang.code()),
        };
        // Typst's messages name the generated source by where it is written
        // (on failure, or with `--emit typst`), and the theme by the user's
        // file (copied as it is), else by its copy beside the generated source.
        let typ = display_path(&output.with_extension("typ"));
        let theme = self.renderer.user_theme().map_or_else(|| typ.with_file_name(THEME), Path::to_path_buf);
        self.typesetter.show_files_as(&[(typeset::MAIN_PATH, &typ), (THEME, &theme)]);
        let compiled = self.typesetter.compile(&rendered.main, &[(THEME, &rendered.theme)], &settings);
        match compiled {
            Ok(compiled) => {
                beside.warnings = compiled.warnings.into_iter().map(|w| self.describe(w, &typ, &rendered)).collect();
                if extras.typst {
                    beside.source = Some(rendered);
                }
                self.files_read(config, written).map(|read| Built { pages: compiled.pages, pdf: compiled.pdf, read })
            }
            Err(diagnostics) => {
                let lead = Diagnostic::error(
                    None,
                    format!(
                        "Typst could not compile the generated report; the generated source is in {}",
                        typ.display()
                    ),
                );
                let described: Vec<Diagnostic> =
                    diagnostics.into_iter().map(|d| self.describe(d, &typ, &rendered)).collect();
                beside.source = Some(rendered);
                Err(Failure::Diagnostics(std::iter::once(lead).chain(described).collect()))
            }
        }
    }

    /// A Typst diagnostic with a note on the section and template that
    /// generated its line, when it is in the generated main source `typ`.
    fn describe(&self, diagnostic: Diagnostic, typ: &Path, rendered: &Rendered) -> Diagnostic {
        let place = diagnostic.location.as_ref().filter(|location| *location.file == *typ);
        if let Some((line, _)) = place.and_then(|location| location.line_column)
            && let Some((index, partial)) = section_at(&rendered.main, line)
        {
            let template = self.renderer.template_path(&partial).map(|p| p.display().to_string()).unwrap_or(partial);
            return diagnostic.with_note(format!("generated by section {index}, from the template {template}"));
        }
        diagnostic
    }

    /// The fonts the pipeline typesets with.
    pub fn fonts(&self) -> &FontSet {
        self.typesetter.world().fonts()
    }

    /// The files Typst read for the document just compiled, hashed; an
    /// error when one of them is a file this run writes for one of the
    /// `outputs` (an output would replace an input; and the report of one
    /// language would read what the build of another writes, which depends
    /// on which is written first).
    fn files_read(&self, config: &Config, outputs: &[&Path]) -> Result<BTreeMap<String, String>, Failure> {
        let root = self.typesetter.world().root().to_path_buf();
        let written: Vec<PathBuf> = outputs
            .iter()
            .flat_map(|output| crate::output::written_beside(output))
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        let mut read = BTreeMap::new();
        for (relative, bytes) in self.typesetter.world().files_read() {
            if let Ok(real) = std::fs::canonicalize(root.join(&relative))
                && written.contains(&real)
            {
                return Err(Failure::Input(crate::output::collision(config, &real, "a file the templates read")));
            }
            read.insert(relative, manifest::digest(bytes.as_slice()));
        }
        Ok(read)
    }
}

/// The templates of a build, with every template a section names: `check`
/// and `build` report the same problems (a template's syntax, a missing one).
pub fn load_templates(config: &Config) -> Result<Renderer, Problems> {
    let renderer = Renderer::new(config.report.templates.as_deref()).map_err(|list| {
        let mut problems = Problems::new();
        for problem in list {
            problems.push(problem);
        }
        problems
    })?;
    let mut missing = Problems::new();
    for section in &config.sections {
        if let Some(template) = section.content.user_template()
            && !renderer.has_template(template)
        {
            missing.error(
                Location::file(display_path(&config.path)),
                format!(
                    "the {} section \"{}\" names template `{template}`, but there is no {template}.typ.hbs{}",
                    section.content.type_name(),
                    section.title.get(Lang::En),
                    match &config.report.templates {
                        Some(dir) => format!(" in {}", display_path(dir).display()),
                        None => "; set `templates` in [report] to the folder that holds it".to_owned(),
                    }
                ),
            );
        }
    }
    if missing.has_errors() { Err(missing) } else { Ok(renderer) }
}

fn standard(standard: PdfStandard) -> Standard {
    match standard {
        PdfStandard::A2b => Standard::A2b,
        PdfStandard::A3b => Standard::A3b,
        PdfStandard::Ua1 => Standard::Ua1,
        PdfStandard::None => Standard::None,
    }
}

/// The document date: `SOURCE_DATE_EPOCH` when set (for reproducible
/// builds), else today at 00:00 UTC.
pub fn build_date() -> Result<NaiveDate, Failure> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => {
            let seconds: i64 = text.trim().parse().map_err(|_| {
                Failure::Message(format!("SOURCE_DATE_EPOCH must be a number of seconds since 1970, not `{text}`"))
            })?;
            DateTime::<Utc>::from_timestamp(seconds, 0)
                .map(|d| d.date_naive())
                .ok_or_else(|| Failure::Message(format!("SOURCE_DATE_EPOCH `{text}` is out of range")))
        }
        Err(_) => Ok(crate::period::today()),
    }
}

/// Writes the generated Typst source (and the theme it imports) beside the PDF.
fn write_typst(output: &Path, rendered: &Rendered) -> Result<(), Failure> {
    let typ = output.with_extension("typ");
    write_atomically(&typ, rendered.main.as_bytes())?;
    write_atomically(&typ.with_file_name(THEME), rendered.theme.as_bytes())?;
    Ok(())
}

/// The section of the generated source a line belongs to, from the markers
/// the report template writes (`// yearbrief section N: partial`).
fn section_at(main: &str, line: usize) -> Option<(String, String)> {
    main.lines().take(line).filter_map(|l| l.strip_prefix("// yearbrief section ")).last().map(|rest| {
        let (index, partial) = rest.split_once(": ").unwrap_or((rest, ""));
        (index.to_owned(), partial.to_owned())
    })
}

/// The data directory, loaded and aggregated, with what loading found.
pub struct Loaded<'c> {
    /// The aggregate of every record.
    pub aggregate: Aggregate<'c>,
    /// How many records were read.
    pub counts: Counts,
    /// How many files were read.
    pub files: usize,
    /// Errors and warnings in the data.
    pub problems: Problems,
}

/// Loads the data directory of `config` in one pass, keeping the events of
/// the years in `keep_events`; see [`load_data_with`].
pub fn load_data(config: &Config, keep_events: Vec<i32>) -> Loaded<'_> {
    load_data_with(config, LoadOptions { keep_events, ..LoadOptions::default() })
}

/// How [`load_data_with`] loads the data directory.
#[derive(Default)]
pub struct LoadOptions<'a> {
    /// The years whose events are kept in the aggregate (for listing).
    pub keep_events: Vec<i32>,
    /// A proposed text for one data file, read in place of what is on disk,
    /// so an edit is checked by the very rules of `check` before it is written.
    pub overlay: Option<data::Overlay<'a>>,
    /// Called with every valid event as it is read.
    pub on_event: Option<&'a mut dyn FnMut(&data::Event)>,
    /// Called with every valid source, event, figure and partner as it is read.
    pub on_record: Option<&'a mut dyn FnMut(Seen<'_>)>,
    /// The fonts to check texts against, when already loaded; else they are
    /// loaded from the config.
    pub fonts: Option<&'a FontSet>,
    /// The digests of data files hashed already in this run, for the
    /// build's manifest: a file kept in the cache under its digest is not
    /// read again (see [`data::CacheOptions::digests`]).
    pub digests: HashMap<PathBuf, crate::cache::Key>,
}

/// Loads the data directory of `config` in one pass, as `check`, `stats`,
/// `build` and `events add` all do. Every text is checked against the fonts
/// the build will use, so text the PDF could not show is an error here,
/// located in the data (or the config), not a Typst error in the generated
/// source.
pub fn load_data_with<'c>(config: &'c Config, options: LoadOptions<'_>) -> Loaded<'c> {
    let LoadOptions { keep_events, overlay, on_event, on_record, fonts, digests } = options;
    let mut problems = Problems::new();
    let loaded_fonts = if fonts.is_none() { report_fonts(config, &mut problems) } else { None };
    let fonts = fonts.or(loaded_fonts.as_ref());
    let unprintable = |text: &str| fonts.and_then(|fonts| fonts.unprintable(text));
    for (location, text) in &config.texts {
        for variant in text.variants() {
            if let Some(reason) = unprintable(variant) {
                problems.error(location.clone(), reason);
            }
        }
    }
    let cache = fonts_fingerprint(config).map(|fonts| data::CacheOptions {
        folder: crate::cache::folder_for(&config.dir, &config.path),
        fonts,
        digests,
    });
    let mut aggregator = Aggregator::new(config, keep_events);
    // The events of the years kept, and every event when someone watches
    // them (`on_event`, or `on_record`, which sees every record), come one
    // by one; the others only as each file's totals.
    let fold = aggregator.fold(on_event.is_some() || on_record.is_some());
    let options = data::Options { overlay, unprintable: Some(&unprintable), cache, fold: Some(&fold) };
    let mut tap = Tap { inner: &mut aggregator, on_event, on_record };
    let mut counting = Counting { inner: &mut tap, counts: Counts::default() };
    let files = data::load_with(config, options, &mut problems, &mut counting);
    let counts = counting.counts;
    let aggregate = aggregator.finish();
    for error in aggregate.errors() {
        problems.push(error.clone());
    }
    Loaded { aggregate, counts, files, problems }
}

/// What identifies the fonts a build of `config` checks its texts against,
/// besides the bundled ones, for the cache of checked files: the contents of
/// its fonts folder. `None` when the folder cannot be read (the load then
/// reports it, and keeps nothing).
fn fonts_fingerprint(config: &Config) -> Option<String> {
    match &config.report.fonts {
        None => Some("bundled".to_owned()),
        Some(dir) => manifest::folder_fingerprint(dir, "fonts folder", typeset::is_font_file).ok(),
    }
}

/// A valid record of the data, as [`LoadOptions::on_record`] is shown it.
pub enum Seen<'r> {
    /// A `[[source]]`.
    Source(&'r data::Source),
    /// An `[[event]]`.
    Event(&'r data::Event),
    /// A `[[figure]]`.
    Figure(&'r data::Figure),
    /// A `[[partner]]`.
    Partner(&'r data::Partner),
}

/// A sink that shows every record to the callbacks on its way to another sink.
struct Tap<'a, 'f, S: Sink> {
    inner: &'a mut S,
    on_event: Option<&'f mut dyn FnMut(&data::Event)>,
    on_record: Option<&'f mut dyn FnMut(Seen<'_>)>,
}

impl<S: Sink> Tap<'_, '_, S> {
    fn show(&mut self, record: Seen<'_>) {
        if let Some(on_record) = self.on_record.as_mut() {
            on_record(record);
        }
    }
}

impl<S: Sink> Sink for Tap<'_, '_, S> {
    fn source(&mut self, source: data::Source) {
        self.show(Seen::Source(&source));
        self.inner.source(source);
    }
    fn event(&mut self, event: data::Event) {
        if let Some(on_event) = self.on_event.as_mut() {
            on_event(&event);
        }
        self.show(Seen::Event(&event));
        self.inner.event(event);
    }
    fn figure(&mut self, figure: data::Figure) {
        self.show(Seen::Figure(&figure));
        self.inner.figure(figure);
    }
    fn partner(&mut self, partner: data::Partner) {
        self.show(Seen::Partner(&partner));
        self.inner.partner(partner);
    }
    fn coverage(&mut self, coverage: data::Coverage) {
        self.inner.coverage(coverage);
    }
    fn part(&mut self, events: usize, part: &[u8]) -> bool {
        self.on_event.is_none() && self.inner.part(events, part)
    }
}

/// The fonts a build of `config` uses; a fonts folder that cannot be used
/// is recorded as an error.
pub fn report_fonts(config: &Config, problems: &mut Problems) -> Option<FontSet> {
    match FontSet::load(config.report.fonts.as_deref()) {
        Ok(fonts) => Some(fonts),
        Err(reason) => {
            problems.error(Location::file(crate::diag::display_path(&config.path)), reason);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_come_in_plan_order_and_stop_at_the_first_error() {
        let paths: Vec<PathBuf> = ["en.pdf", "vi.pdf", "fr.pdf"].map(PathBuf::from).into();
        let job = |output, current| Job { lang: Lang::En, output, inputs: None, current };
        let plan = [job(&paths[0], true), job(&paths[1], false), job(&paths[2], false)];
        let written =
            |job: &Job<'_>| Outcome::Written { output: job.output.clone(), pages: 1, elapsed: Duration::ZERO };

        let mut seen = Vec::new();
        let result = in_order(&plan, |outcome| seen.push(outcome.clone()), |job| Ok(written(job)));
        assert!(result.is_ok());
        assert_eq!(seen, [Outcome::UpToDate { output: paths[0].clone() }, written(&plan[1]), written(&plan[2])]);

        let mut seen = Vec::new();
        let mut built = Vec::new();
        let result = in_order(
            &plan,
            |outcome| seen.push(outcome.clone()),
            |job| {
                built.push(job.output.clone());
                Err(Failure::Message(format!("{} failed", job.output.display())))
            },
        );
        assert!(matches!(result, Err(Failure::Message(message)) if message == "vi.pdf failed"));
        assert_eq!(seen, [Outcome::UpToDate { output: paths[0].clone() }]);
        assert_eq!(built, [paths[1].clone()], "nothing after the first error is built");
    }

    /// A log that exercises every check spanning files: ids used twice in
    /// one file and across files, citations of sources defined later or
    /// never, a source defined twice, a file with a syntax error and one
    /// with invalid records, amounts in other currencies and partnerships;
    /// with `fractions`, amounts that are not whole in two files (whose
    /// events then cannot be folded apart, nor any file's after them).
    fn mixed_log(data: &Path, files: usize, fractions: bool) {
        std::fs::create_dir_all(data).unwrap();
        const KINDS: [&str; 7] =
            ["delegation-received", "agreement", "conference", "festival", "investment", "aid", "partnership"];
        for file in 0..files {
            let mut text = String::new();
            if file == 3 {
                text.push_str("[[source]]\nid = \"late\"\ntitle = \"T\"\npublisher = \"P\"\npublished = 2024\n\n");
            }
            if file % 4 == 0 {
                text.push_str(&format!(
                    "[[source]]\nid = \"s{file}\"\ntitle = \"T\"\npublisher = \"P\"\npublished = 2023\n\n[[source]]\nid = \"s0\"\ntitle = \"Again\"\npublisher = \"P\"\npublished = 2023\n\n"
                ));
            }
            for n in 0..40 {
                let kind = KINDS[(file + n) % KINDS.len()];
                let year = 2022 + file % 3;
                let month = 1 + n % 12;
                let id = if n % 13 == 0 { format!("shared-{}", n % 3) } else { format!("e-{file}-{n}") };
                let source = match n % 11 {
                    0 => "late".to_owned(),
                    1 => "nowhere".to_owned(),
                    _ => format!("s{}", file / 4 * 4),
                };
                let amount = match (kind, file % 5) {
                    ("investment" | "aid", 2) if fractions => {
                        format!("amount = {{ value = {}.25, currency = \"USD\" }}\n", n)
                    }
                    ("investment" | "aid", 3) => format!("amount = {{ value = {}, currency = \"VND\" }}\n", 1000 * n),
                    ("investment" | "aid", _) => format!("amount = {{ value = {}, currency = \"USD\" }}\n", 500 + n),
                    _ => String::new(),
                };
                let sectors = if n % 2 == 0 { "sectors = [\"investment\"]\n" } else { "" };
                let country = ["KR", "JP", "kr", "FR"][n % 4];
                text.push_str(&format!(
                    "[[event]]\nid = \"{id}\"\ndate = \"{year}-{month:02}\"\nkind = \"{kind}\"\ntitle = {{ en = \"Event {n}\", vi = \"Sự kiện {n}\" }}\npartners = [{{ name = \"P{n}\", country = \"{country}\", type = \"locality\" }}]\n{amount}{sectors}source = \"{source}\"\n\n"
                ));
            }
            if file == 5 {
                text.push_str(
                    "[[event]]\ndate = \"2024-02\"\nkind = \"festval\"\ntitle = \"Bad\"\nsource = \"s4\"\n\n",
                );
                text.push_str(
                    "[[event]]\ndate = \"2024-02-30\"\nkind = \"festival\"\ntitle = \"Bad\"\nsource = \"s4\"\n",
                );
            }
            if file == 6 {
                text.push_str("[[event]\n");
            }
            std::fs::write(data.join(format!("f{file:02}.toml")), text).unwrap();
        }
    }

    /// What a load gives, as text: the problems in the order printed, the
    /// aggregate's warnings, the counts, and every year's summary.
    fn loaded_as_text(config: &Config, one_by_one: bool) -> String {
        let mut seen = 0;
        let mut count = |_: &data::Event| seen += 1;
        let on_event: Option<&mut dyn FnMut(&data::Event)> = if one_by_one { Some(&mut count) } else { None };
        let loaded =
            load_data_with(config, LoadOptions { keep_events: vec![2023], on_event, ..LoadOptions::default() });
        let problems: Vec<String> = loaded.problems.sorted().iter().map(ToString::to_string).collect();
        let warnings: Vec<String> = loaded.aggregate.warnings().iter().map(ToString::to_string).collect();
        let years: Vec<String> = (2021..=2025).map(|year| format!("{:?}", loaded.aggregate.year(year))).collect();
        format!("{problems:#?}\n{warnings:#?}\n{:?} {}\n{years:#?}", loaded.counts, loaded.files)
    }

    #[test]
    fn events_folded_per_file_give_what_events_one_by_one_give() {
        for fractions in [false, true] {
            folded_and_one_by_one_agree(fractions);
        }
    }

    fn folded_and_one_by_one_agree(fractions: bool) {
        let dir = tempfile::tempdir().unwrap();
        let text = include_str!("../config/report.toml").replace("data = \"../seeds/danang\"", "data = \"data\"");
        std::fs::write(dir.path().join("report.toml"), text).unwrap();
        mixed_log(&dir.path().join("data"), 12, fractions);
        let config = load_config(&dir.path().join("report.toml")).unwrap();
        let one_by_one = loaded_as_text(&config, true);
        for problem in [
            "event id `shared-0` is already used at",
            "unknown source id `nowhere`",
            "source id `s0` is already used",
            "festval",
        ] {
            assert!(one_by_one.contains(problem), "{problem}: {one_by_one}");
        }
        let cold = loaded_as_text(&config, false);
        assert_eq!(cold, one_by_one, "folded, cold");
        assert_eq!(loaded_as_text(&config, false), one_by_one, "folded, from the cache");
        assert_eq!(loaded_as_text(&config, true), one_by_one, "one by one, from the cache");
        std::fs::remove_dir_all(dir.path().join(".yearbrief-cache")).unwrap();
        std::fs::write(dir.path().join(".yearbrief-cache"), "not a folder").unwrap();
        assert_eq!(loaded_as_text(&config, false), one_by_one, "folded, no cache");
    }

    #[test]
    fn section_markers_map_lines_to_templates() {
        let main =
            "#import x\n// yearbrief section 1: sections/highlights\n= A\n// yearbrief section 2: outlook\nbad\n";
        assert_eq!(section_at(main, 1), None);
        assert_eq!(section_at(main, 3), Some(("1".into(), "sections/highlights".into())));
        assert_eq!(section_at(main, 5), Some(("2".into(), "outlook".into())));
    }
}
