//! The typeset stage: Typst markup in, PDF bytes out, with the compiler built in.
//!
//! yearbrief must run as one binary without a Typst installation, system fonts
//! or network, and give the same PDF for the same input on any machine. This
//! module wraps the embedded Typst compiler to that end: [`FontSet`] holds the
//! bundled faces, [`TypesetWorld`] serves generated sources from memory and
//! confines file access to one directory, and [`Typesetter`] compiles and
//! exports, turning Typst's messages into located [`Diagnostic`]s (see
//! `diagnostic`, which converts them).
//!
//! The stage knows nothing of events or reports: it takes markup and returns a
//! PDF. A [`Typesetter`] is meant to be kept alive in watch mode, where a
//! recompile after a small edit of the markup takes milliseconds. Several
//! typesetters (see [`Typesetter::sibling`]) may compile at the same time on
//! different threads: each has its own world, and Typst's memoisation cache,
//! global to the process, is shared by all and bounded after every
//! compilation by `CACHE_GENERATIONS`.

mod diagnostic;
mod fonts;
mod viewer;
mod world;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, Timelike, Utc};
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diag::Diagnostic;
use diagnostic::FileNames;
pub use fonts::{FONT_LICENSE, FontSet, MATH, MONO, SANS, SERIF, is_font_file};
pub use world::TypesetWorld;

/// Virtual path of the main source, as it appears in messages.
pub const MAIN_PATH: &str = "report.typ";

/// How many compilations an unused cache entry of Typst survives.
const CACHE_GENERATIONS: usize = 10;

/// The PDF standard the output must conform to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Standard {
    /// PDF/A-2b, for archiving.
    A2b,
    /// PDF/A-3b, for archiving with attachments.
    A3b,
    /// PDF/UA-1, accessible PDF (needs a document title, alt texts, ...).
    Ua1,
    /// Plain PDF 1.7, still tagged.
    #[default]
    None,
}

impl Standard {
    /// The standard's usual name, e.g. `PDF/A-2b`.
    pub fn name(self) -> &'static str {
        match self {
            Standard::A2b => "PDF/A-2b",
            Standard::A3b => "PDF/A-3b",
            Standard::Ua1 => "PDF/UA-1",
            Standard::None => "PDF 1.7",
        }
    }
}

/// Settings of the PDF export that are not part of the markup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfSettings {
    /// The standard to conform to.
    pub standard: Standard,
    /// The document date, used unless the markup sets `document(date: ..)`; also `datetime.today()`.
    pub timestamp: DateTime<Utc>,
    /// A stable identifier of the document, hashed into the PDF's document id.
    pub ident: String,
}

/// How long the stages of one compilation took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timings {
    /// Evaluation and layout.
    pub compile: Duration,
    /// PDF export.
    pub export: Duration,
}

/// A successfully compiled document.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// Warnings from compilation; the PDF was produced regardless.
    pub warnings: Vec<Diagnostic>,
    /// Number of pages.
    pub pages: usize,
    /// Time spent compiling and exporting.
    pub timings: Timings,
}

/// Compiles Typst markup to PDF; keep one alive to recompile incrementally.
pub struct Typesetter {
    world: TypesetWorld,
    names: FileNames,
}

impl Typesetter {
    /// A typesetter using `fonts`, reading files only from inside `root` (the config's directory).
    pub fn new(fonts: impl Into<Arc<FontSet>>, root: PathBuf) -> Self {
        let world = match TypesetWorld::new(fonts, root, MAIN_PATH) {
            Ok(world) => world,
            Err(message) => unreachable!("MAIN_PATH is a valid virtual path: {message}"),
        };
        Typesetter { world, names: FileNames::default() }
    }

    /// A typesetter with the same fonts (shared, not loaded again) and root,
    /// and a world of its own: to typeset another document at the same time,
    /// on another thread, while each world keeps its own incremental state.
    pub fn sibling(&self) -> Typesetter {
        Typesetter::new(self.world.shared_fonts(), self.world.root().to_path_buf())
    }

    /// Names in-memory sources in messages by where the user can read them
    /// (virtual path, e.g. [`MAIN_PATH`], and the path shown); sources not
    /// named are shown by their virtual path.
    pub fn show_files_as(&mut self, names: &[(&str, &Path)]) {
        self.names.shown = names.iter().map(|(vpath, shown)| ((*vpath).to_owned(), Arc::from(*shown))).collect();
    }

    /// Compiles `main` (with in-memory modules `extra_sources`, as (virtual path, text)) to PDF.
    ///
    /// On failure returns the errors followed by any warnings. Identical inputs
    /// and settings give byte-identical PDFs.
    pub fn compile(
        &mut self,
        main: &str,
        extra_sources: &[(&str, &str)],
        settings: &PdfSettings,
    ) -> Result<Compiled, Vec<Diagnostic>> {
        let result = self.compile_inner(main, extra_sources, settings);
        typst::comemo::evict(CACHE_GENERATIONS);
        result
    }

    fn compile_inner(
        &mut self,
        main: &str,
        extra_sources: &[(&str, &str)],
        settings: &PdfSettings,
    ) -> Result<Compiled, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        for (vpath, text) in extra_sources {
            if let Err(message) = self.world.set_source(vpath, text) {
                problems.push(Diagnostic::error(None, message));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let keep: Vec<&str> = extra_sources.iter().map(|(vpath, _)| *vpath).collect();
        self.world.retain_sources(&keep);
        self.world.set_main(main);
        self.world.set_now(settings.timestamp);
        self.world.reset();

        let start = Instant::now();
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&self.world);
        let compile_time = start.elapsed();
        let warnings = self.convert(&warnings);
        let document = output.map_err(|errors| {
            let mut all = self.convert(&errors);
            all.extend(warnings.iter().cloned());
            all
        })?;

        let start = Instant::now();
        let pdf = self.export(&document, settings).map_err(|mut errors| {
            errors.extend(warnings.iter().cloned());
            errors
        })?;
        let export = start.elapsed();

        Ok(Compiled {
            pdf,
            warnings,
            pages: document.pages().len(),
            timings: Timings { compile: compile_time, export },
        })
    }

    /// Exports a laid-out document with the standard, date and ident of `settings`.
    fn export(&self, document: &PagedDocument, settings: &PdfSettings) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let standard = settings.standard;
        let list: &[PdfStandard] = match standard {
            Standard::A2b => &[PdfStandard::A_2b],
            Standard::A3b => &[PdfStandard::A_3b],
            Standard::Ua1 => &[PdfStandard::Ua_1],
            Standard::None => &[],
        };
        let standards = if list.is_empty() {
            PdfStandards::default()
        } else {
            PdfStandards::new(list).map_err(|e| {
                let message = format!("cannot configure {} export: {}", standard.name(), e.message());
                let hints = e.hints().iter().map(ToString::to_string).collect();
                vec![Diagnostic { hints, ..Diagnostic::error(None, message) }]
            })?
        };
        let options = PdfOptions {
            ident: Smart::Custom(settings.ident.clone()),
            creator: Smart::Auto,
            timestamp: to_typst_datetime(settings.timestamp).map(Timestamp::new_utc),
            page_ranges: None,
            standards,
            tagged: true,
            pretty: false,
        };
        let pdf = typst_pdf::pdf(document, &options).map_err(|errors| {
            errors
                .iter()
                .map(|error| {
                    let mut diag = diagnostic::convert(&self.world, &self.names, error);
                    if diag.location.is_none() {
                        diag.message = if diag.message.contains(standard.name()) {
                            format!("PDF export failed: {}", diag.message)
                        } else {
                            format!("{} export failed: {}", standard.name(), diag.message)
                        };
                    }
                    diag
                })
                .collect::<Vec<_>>()
        })?;
        Ok(viewer::with_title_displayed(pdf))
    }

    /// Converts Typst diagnostics while the world can still resolve their spans.
    fn convert(&self, diags: &[SourceDiagnostic]) -> Vec<Diagnostic> {
        diags.iter().map(|diag| diagnostic::convert(&self.world, &self.names, diag)).collect()
    }

    /// The world, e.g. for its root directory.
    pub fn world(&self) -> &TypesetWorld {
        &self.world
    }
}

/// The UTC date and time as Typst's datetime, `None` for years before 0 or past 9999.
fn to_typst_datetime(at: DateTime<Utc>) -> Option<Datetime> {
    if !(0..=9999).contains(&at.year()) {
        return None;
    }
    Datetime::from_ymd_hms(
        at.year(),
        u8::try_from(at.month()).ok()?,
        u8::try_from(at.day()).ok()?,
        u8::try_from(at.hour()).ok()?,
        u8::try_from(at.minute()).ok()?,
        u8::try_from(at.second()).ok()?,
    )
}

#[cfg(test)]
mod tests;
