//! Where a build writes, checked against what it reads.
//!
//! A report's output is named by a pattern in the config, so a slip of the
//! pen (`output = "../seeds/danang/2024.toml"`) could make a build replace a
//! data file, the config or a template with a PDF. Before anything is
//! written, every file a build writes is resolved through links and compared
//! with every input: the config, the data files, the templates and fonts the
//! loaders read, and (after typesetting) the files Typst read. A file that
//! would land where a loader would later read it as input is refused too.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{Problem, Problems, display_path};
use crate::i18n::Lang;
use crate::walk::Listing;

/// Every file a build of `output` may write: the PDF, the generated Typst
/// source and the theme it imports, the context JSON, the manifest and the
/// lock. All of them are guarded by the output's lock.
pub fn written_beside(output: &Path) -> Vec<PathBuf> {
    let typ = output.with_extension("typ");
    vec![
        output.to_path_buf(),
        typ.with_file_name(crate::render::THEME),
        typ,
        output.with_extension("json"),
        crate::manifest::Manifest::path_for(output),
        crate::lock::OutputLock::path_for(output),
    ]
}

/// One input folder: its resolved root, the files its loader reads, and
/// which names it would read.
struct Folder {
    what: &'static str,
    root: Option<PathBuf>,
    files: Vec<PathBuf>,
    reads: fn(&str) -> bool,
}

impl Folder {
    fn new(what: &'static str, dir: Option<&Path>, reads: fn(&str) -> bool) -> Folder {
        let Some(dir) = dir else { return Folder { what, root: None, files: Vec::new(), reads } };
        let listing: Listing = crate::walk::files(dir, what, reads);
        let files = listing.files.iter().filter_map(|p| std::fs::canonicalize(p).ok()).collect();
        Folder { what, root: std::fs::canonicalize(dir).ok(), files, reads }
    }

    /// Why writing `real` would touch this folder's input, if it would.
    fn clash(&self, real: &Path) -> Option<String> {
        if self.files.iter().any(|file| file == real) {
            return Some(format!("a file of the {}", self.what));
        }
        let inside = self.root.as_ref().is_some_and(|root| real.starts_with(root));
        let read = real.file_name().is_some_and(|name| (self.reads)(&name.to_string_lossy()));
        (inside && read).then(|| format!("the {}, where it would be read as input", self.what))
    }
}

/// The problems of the outputs of `year` in `languages`: every file a
/// build would write that is, or would become, one of its inputs.
pub fn check(config: &Config, year: i32, languages: &[Lang]) -> Problems {
    let folders = [
        Folder::new("data directory", Some(&config.report.data), crate::data::is_data_file),
        Folder::new("templates folder", config.report.templates.as_deref(), crate::render::is_template_file),
        Folder::new("fonts folder", config.report.fonts.as_deref(), crate::typeset::is_font_file),
    ];
    let config_real = std::fs::canonicalize(&config.path).ok();
    let mut problems = Problems::new();
    let mut seen = Vec::new();
    for lang in languages {
        for written in written_beside(&config.output_path(year, *lang)) {
            let real = crate::walk::resolved(&written);
            if seen.contains(&real) {
                continue;
            }
            let clash = if config_real.as_ref() == Some(&real) {
                Some("the config file itself".to_owned())
            } else {
                folders.iter().find_map(|folder| folder.clash(&real))
            };
            if let Some(what) = clash {
                problems.extend(collision(config, &written, &what));
            }
            seen.push(real);
        }
    }
    problems
}

/// The error for a written file that would replace an input (`what` says which).
pub fn collision(config: &Config, written: &Path, what: &str) -> Problems {
    let mut problems = Problems::new();
    problems.push(Problem::error(
        config.report.output_location.clone(),
        format!(
            "`output` would make the build write {}, which is {what}; nothing was written. Send the reports to a folder of their own, e.g. output = \"../output/report-{{year}}-{{lang}}.pdf\"",
            display_path(written).display()
        ),
    ));
    problems
}
