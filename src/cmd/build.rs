//! `yearbrief build`: config + data → aggregation → templates → Typst → PDF,
//! one PDF per language, each written atomically.
//!
//! A run first locks every output it will write (see [`crate::lock`]), so an
//! overlapping run waits or gives up (exit 3) before doing anything. After
//! each PDF it writes the manifest of its inputs (see [`crate::manifest`]),
//! which `--if-changed` compares to skip outputs whose inputs are unchanged.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};

use crate::cli::{BuildArgs, Emit, Failure, load_config, today};
use crate::config::{Config, PdfStandard, SectionContent};
use crate::context::{self, RunInfo};
use crate::diag::{Location, Problem, Problems, display_path};
use crate::locale::Lang;
use crate::lock::{LockError, OutputLock};
use crate::log::{self, Entry, Level, LogFormat};
use crate::manifest::{self, Manifest};
use crate::render::{Rendered, Renderer, THEME};
use crate::typeset::{self, Diagnostic, FontSet, PdfSettings, Standard, Typesetter};

/// Builds the report in every language of the config (or those asked for).
pub fn run(args: &BuildArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config)?;
    let year = args.year.resolve(&config);
    let date = build_date()?;
    let outputs: Vec<(Lang, PathBuf)> =
        args.languages.pick(&config).into_iter().map(|lang| (lang, config.output_path(year, lang))).collect();
    let _locks = lock_outputs(outputs.iter().map(|(_, output)| output.as_path()), Duration::from_secs(args.wait))?;
    let mut pipeline = None;
    let mut data = None;
    for (lang, output) in &outputs {
        let started = Instant::now();
        let inputs = manifest::fingerprint(&config, year, *lang, &args.emit);
        if args.if_changed
            && let Ok(inputs) = &inputs
            && Manifest::is_current(output, inputs)
        {
            if !args.quiet {
                log::info(format!("{} is up to date", display_path(output).display()));
            }
            continue;
        }
        let pipeline = match &mut pipeline {
            Some(pipeline) => pipeline,
            None => pipeline.insert(Pipeline::new(&config)?),
        };
        let data = match &data {
            Some(data) => data,
            None => data.insert(YearData::load(&config, year)?),
        };
        let built = pipeline.build(&config, data, *lang, date, output, &args.emit)?;
        if let Ok(inputs) = inputs {
            let manifest = Manifest::new(year, *lang, inputs, &built.pdf);
            write_atomically(&Manifest::path_for(output), manifest.to_json().as_bytes())?;
        }
        if !args.quiet {
            log::info(format!(
                "wrote {} ({} pages, {} ms)",
                display_path(output).display(),
                built.pages,
                started.elapsed().as_millis()
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Locks every output, in a fixed order so that two runs asking for
/// overlapping outputs cannot each hold one the other waits for.
pub fn lock_outputs<'a>(outputs: impl Iterator<Item = &'a Path>, wait: Duration) -> Result<Vec<OutputLock>, Failure> {
    let mut outputs: Vec<&Path> = outputs.collect();
    outputs.sort();
    outputs.dedup();
    let deadline = Instant::now().checked_add(wait);
    let mut locks = Vec::new();
    for output in outputs {
        let left = deadline.map_or(wait, |deadline| deadline.saturating_duration_since(Instant::now()));
        match OutputLock::acquire(output, left) {
            Ok(lock) => locks.push(lock),
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
    /// data are the failure (its warnings are left to `check`).
    pub fn load(config: &'c Config, year: i32) -> Result<YearData<'c>, Failure> {
        let loaded = super::load_data(config, vec![year]);
        if loaded.problems.has_errors() {
            return Err(Failure::Input(loaded.problems));
        }
        let summary = loaded.aggregate.year(year);
        Ok(YearData { aggregate: loaded.aggregate, summary })
    }
}

/// The parts of a build that can be kept between builds (in `watch`).
pub struct Pipeline {
    renderer: Renderer,
    typesetter: Typesetter,
}

impl Pipeline {
    /// Loads the templates and fonts the config names.
    pub fn new(config: &Config) -> Result<Pipeline, Failure> {
        let renderer = Renderer::new(config.report.templates.as_deref()).map_err(problems)?;
        let mut missing = Problems::new();
        for section in &config.sections {
            if let SectionContent::Text { template } = &section.content
                && !renderer.has_template(template)
            {
                missing.error(
                    Location::file(display_path(&config.path)),
                    format!(
                        "the text section \"{}\" names template `{template}`, but there is no {template}.typ.hbs{}",
                        section.title.get(Lang::En),
                        match &config.report.templates {
                            Some(dir) => format!(" in {}", display_path(dir).display()),
                            None => "; set `templates` in [report] to the folder that holds it".to_owned(),
                        }
                    ),
                );
            }
        }
        if missing.has_errors() {
            return Err(Failure::Input(missing));
        }
        let fonts = FontSet::load(config.report.fonts.as_deref()).map_err(Failure::Message)?;
        Ok(Pipeline { renderer, typesetter: Typesetter::new(fonts, config.dir.clone()) })
    }

    /// Builds one report from the year's data and writes it to `output`.
    pub fn build(
        &mut self,
        config: &Config,
        data: &YearData<'_>,
        lang: Lang,
        date: NaiveDate,
        output: &Path,
        emit: &[Emit],
    ) -> Result<Built, Failure> {
        let year = data.summary.year;
        let run = RunInfo { lang, year, issued: date };
        let context = context::build(config, &data.aggregate, &data.summary, &run);
        if emit.contains(&Emit::Context) {
            let text = serde_json::to_string_pretty(&context).map_err(|e| Failure::Message(e.to_string()))?;
            write_atomically(&output.with_extension("json"), text.as_bytes())?;
        }
        let rendered = self.renderer.render(&context).map_err(|p| {
            let mut problems = Problems::new();
            problems.push(p);
            Failure::Input(problems)
        })?;
        if emit.contains(&Emit::Typst) {
            write_typst(output, &rendered)?;
        }
        let settings = PdfSettings {
            standard: standard(config.report.pdf_standard),
            timestamp: DateTime::<Utc>::from_naive_utc_and_offset(date.and_hms_opt(0, 0, 0).unwrap_or_default(), Utc),
            ident: format!("yearbrief/{}/{year}/{}", config.report.title.get(lang), lang.code()),
        };
        match self.typesetter.compile(&rendered.main, &[(THEME, &rendered.theme)], &settings) {
            Ok(compiled) => {
                let typ = output.with_extension("typ");
                for warning in &compiled.warnings {
                    log::to_stderr(&describe(warning, &typ, &rendered, &self.renderer));
                }
                write_atomically(output, &compiled.pdf)?;
                Ok(Built { pages: compiled.pages, pdf: compiled.pdf })
            }
            Err(diagnostics) => {
                let typ = write_typst(output, &rendered)?;
                let mut text = String::new();
                for diagnostic in &diagnostics {
                    let entry = describe(diagnostic, &typ, &rendered, &self.renderer);
                    text.push_str(&entry.render(LogFormat::Plain, Utc::now()));
                }
                Err(Failure::Message(format!(
                    "Typst could not compile the generated report; the generated source is in {}\n{}",
                    display_path(&typ).display(),
                    text.trim_end()
                )))
            }
        }
    }
}

fn problems(list: Vec<Problem>) -> Failure {
    let mut problems = Problems::new();
    for problem in list {
        problems.push(problem);
    }
    Failure::Input(problems)
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
        Err(_) => Ok(today()),
    }
}

/// Writes the generated Typst source (and the theme it imports) beside the PDF.
fn write_typst(output: &Path, rendered: &Rendered) -> Result<PathBuf, Failure> {
    let typ = output.with_extension("typ");
    write_atomically(&typ, rendered.main.as_bytes())?;
    let theme = typ.with_file_name(THEME);
    write_atomically(&theme, rendered.theme.as_bytes())?;
    Ok(typ)
}

/// Writes a file through a temporary file in the same directory and a
/// rename, so a reader never sees half a file and a failure leaves the old one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let fail = |what: &str, err: std::io::Error| {
        Failure::Message(format!("cannot {what} {}: {}", display_path(path).display(), crate::input::io_reason(&err)))
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| fail("create the folder of", e))?;
    let mut file = tempfile::Builder::new()
        .prefix(".yearbrief-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| fail("write", e))?;
    file.write_all(bytes).and_then(|()| file.as_file().sync_all()).map_err(|e| fail("write", e))?;
    file.persist(path).map_err(|e| fail("replace", e.error))?;
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

/// A Typst diagnostic as a located message, with the offending line, the
/// hints, and the template and section that produced it.
fn describe(diagnostic: &Diagnostic, typ: &Path, rendered: &Rendered, renderer: &Renderer) -> Entry {
    let level = if diagnostic.is_error() { Level::Error } else { Level::Warning };
    let in_main = diagnostic.file.as_deref().is_none_or(|f| f == typeset::MAIN_PATH);
    let file =
        if in_main { display_path(typ).display().to_string() } else { diagnostic.file.clone().unwrap_or_default() };
    let line_column = diagnostic.line.zip(diagnostic.column);
    let mut text = diagnostic.message.clone();
    if let Some(line_text) = &diagnostic.line_text {
        text.push_str(&format!("\n  | {}", line_text.trim_end()));
    }
    for hint in &diagnostic.hints {
        text.push_str(&format!("\n  = hint: {hint}"));
    }
    if in_main
        && let Some(line) = diagnostic.line
        && let Some((index, partial)) = section_at(&rendered.main, line)
    {
        let template = renderer.template_path(&partial).map(|p| p.display().to_string()).unwrap_or(partial);
        text.push_str(&format!("\n  = note: generated by section {index}, from the template {template}"));
    }
    Entry { level, message: text, file: Some(file), line_column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_markers_map_lines_to_templates() {
        let main =
            "#import x\n// yearbrief section 1: sections/highlights\n= A\n// yearbrief section 2: outlook\nbad\n";
        assert_eq!(section_at(main, 1), None);
        assert_eq!(section_at(main, 3), Some(("1".into(), "sections/highlights".into())));
        assert_eq!(section_at(main, 5), Some(("2".into(), "outlook".into())));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/a.pdf");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path().join("out")).unwrap().count(), 1);
    }
}
