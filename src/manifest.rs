//! What a PDF was built from, so `build --if-changed` can skip a build whose
//! inputs have not changed since the last successful one.
//!
//! The inputs are fingerprinted by content, never by modification time (a
//! copy, a checkout or a backup restore changes times but not content): the
//! config file, every data file, every template and font file the loaders
//! read, each with its path relative to its folder, the built-in templates,
//! the yearbrief version, the year, the language, the extra files asked for
//! and `SOURCE_DATE_EPOCH`, taken once per run before any data is read. The
//! files Typst reads while typesetting (a logo) are recorded with the hash of
//! the bytes it used. All of it and the hash of the PDF are kept in
//! `NAME.pdf.manifest.json` beside the PDF, written only after the PDF itself.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::iter::{IntoParallelIterator, ParallelIterator};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::i18n::Lang;

/// The manifest file format version; a manifest of another version is ignored.
const FORMAT: u32 = 2;

/// What one PDF was built from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The manifest format version.
    pub format: u32,
    /// The yearbrief version that built the PDF.
    pub yearbrief: String,
    /// The year of the report.
    pub year: i32,
    /// The language code of the report.
    pub lang: String,
    /// The fingerprint of every input, `sha256:HEX`.
    pub inputs: String,
    /// The files Typst read while typesetting (an image, a logo), by their
    /// path relative to the config's folder, each with the hash of the bytes
    /// it used.
    pub read: BTreeMap<String, String>,
    /// The hash of the PDF as written, `sha256:HEX`.
    pub pdf: String,
    /// When the PDF was written, RFC 3339 UTC.
    pub built: String,
}

impl Manifest {
    /// The manifest file of `output`.
    pub fn path_for(output: &Path) -> PathBuf {
        let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        output.with_file_name(format!("{name}.manifest.json"))
    }

    /// A manifest for a PDF just written.
    pub fn new(year: i32, lang: Lang, inputs: String, read: BTreeMap<String, String>, pdf: &[u8]) -> Manifest {
        Manifest {
            format: FORMAT,
            yearbrief: env!("CARGO_PKG_VERSION").to_owned(),
            year,
            lang: lang.code().to_owned(),
            inputs,
            read,
            pdf: digest(pdf),
            built: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }

    /// The manifest as written to disk.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// True when `output` exists, is the PDF this manifest describes, was
    /// built from inputs with the fingerprint `inputs`, and every file Typst
    /// read for it (below `root`, the config's folder) is unchanged. Any
    /// doubt (no manifest, an unreadable or foreign one, a replaced PDF, a
    /// read file gone or moved out of the folder) means false.
    pub fn is_current(output: &Path, inputs: &str, root: &Path) -> bool {
        let Ok(text) = std::fs::read_to_string(Self::path_for(output)) else { return false };
        let Ok(manifest) = serde_json::from_str::<Manifest>(&text) else { return false };
        if manifest.format != FORMAT || manifest.inputs != inputs {
            return false;
        }
        let Ok(root) = std::fs::canonicalize(root) else { return false };
        let unchanged = |(relative, hash): (&String, &String)| {
            std::fs::canonicalize(root.join(relative))
                .ok()
                .filter(|real| real.starts_with(&root) && real.is_file())
                .and_then(|real| std::fs::read(real).ok())
                .is_some_and(|bytes| digest(&bytes) == *hash)
        };
        manifest.read.iter().all(unchanged) && std::fs::read(output).is_ok_and(|pdf| digest(&pdf) == manifest.pdf)
    }
}

/// `sha256:HEX` of some bytes.
pub fn digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    let mut text = String::from("sha256:");
    for byte in bytes {
        text.push_str(&format!("{byte:02x}"));
    }
    text
}

/// The fingerprint of the inputs every language of a run shares, taken once
/// before the data is read: if a file changes while the run goes on, the
/// manifest describes the older inputs, so the next `--if-changed` run
/// rebuilds rather than certify a PDF that lacks the change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inputs {
    fingerprint: String,
    /// The digest of each data file as it was fingerprinted.
    data: HashMap<PathBuf, crate::cache::Key>,
}

impl Inputs {
    /// The digest ([`crate::cache::digest`]) of each data file as it was
    /// fingerprinted, for the load to take kept files by (so that the build
    /// uses the bytes its manifest describes, and reads each file once).
    pub fn data_digests(&self) -> &HashMap<PathBuf, crate::cache::Key> {
        &self.data
    }

    /// The fingerprint of one output of the run: the shared inputs, the year and the language.
    pub fn for_output(&self, year: i32, lang: Lang) -> String {
        let mut hasher = Fingerprint::default();
        hasher.field("inputs", self.fingerprint.as_bytes());
        hasher.field("year", year.to_string().as_bytes());
        hasher.field("lang", lang.code().as_bytes());
        hex(&hasher.0.finalize())
    }
}

/// Fingerprints everything a build reads before it runs Typst: the config,
/// every data file, every template and font file the loaders would read
/// (listed by the same walker, with the same filters), the built-in
/// templates, the yearbrief version, the extra files asked for and
/// `SOURCE_DATE_EPOCH`. Files Typst itself reads (an image, a logo) are
/// recorded after the build, see [`Manifest::read`]. `emitted` names the
/// extra files asked for (`typst`, `context`). Fails with the reason when an
/// input cannot be read; the caller then builds anyway, and the build reports
/// the problem where it is.
pub fn fingerprint(config: &Config, emitted: &[&str]) -> Result<Inputs, String> {
    let mut hasher = Fingerprint::default();
    hasher.field("yearbrief", env!("CARGO_PKG_VERSION").as_bytes());
    let epoch = std::env::var("SOURCE_DATE_EPOCH").unwrap_or_default();
    hasher.field("source-date-epoch", epoch.as_bytes());
    let mut emitted = emitted.to_vec();
    emitted.sort_unstable();
    emitted.dedup();
    hasher.field("emit", emitted.join(",").as_bytes());
    for (name, text) in crate::render::BUILTIN {
        hasher.field(&format!("builtin/{name}"), text.as_bytes());
    }
    hasher.file("config", &config.path)?;
    let data = &config.report.data;
    let data_digests = hasher.listing("data", data, crate::data::data_files(data)?)?;
    if let Some(dir) = &config.report.templates {
        hasher.listing(
            "templates",
            dir,
            crate::walk::files(dir, "templates folder", crate::render::is_template_file),
        )?;
    }
    if let Some(dir) = &config.report.fonts {
        hasher.listing("fonts", dir, crate::walk::files(dir, "fonts folder", crate::typeset::is_font_file))?;
    }
    Ok(Inputs { fingerprint: hex(&hasher.0.finalize()), data: data_digests.into_iter().collect() })
}

/// The fingerprint of every file below `dir` that `wanted` accepts, listed
/// by the walker as the loaders list them (`what` names the folder), by
/// path and contents; fails with the reason when one cannot be read.
pub fn folder_fingerprint(dir: &Path, what: &str, wanted: impl Fn(&str) -> bool) -> Result<String, String> {
    let mut hasher = Fingerprint::default();
    hasher.listing("files", dir, crate::walk::files(dir, what, wanted))?;
    Ok(hex(&hasher.0.finalize()))
}

/// A SHA-256 over labelled fields, each length-prefixed so that no two
/// different sets of inputs can give the same byte stream.
#[derive(Default)]
struct Fingerprint(Sha256);

impl Fingerprint {
    fn field(&mut self, label: &str, bytes: &[u8]) {
        for part in [label.as_bytes(), bytes] {
            self.0.update((part.len() as u64).to_le_bytes());
            self.0.update(part);
        }
    }

    fn file(&mut self, label: &str, path: &Path) -> Result<(), String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        self.field(label, &bytes);
        Ok(())
    }

    /// Every file of a walker's listing, labelled by its path below `dir`,
    /// by the digest of its bytes ([`crate::cache::digest`], the files read
    /// and hashed on every core); returns the digests. A refused entry makes
    /// the fingerprint fail (the build reports it).
    fn listing(
        &mut self,
        label: &str,
        dir: &Path,
        listing: crate::walk::Listing,
    ) -> Result<Vec<(PathBuf, crate::cache::Key)>, String> {
        if let Some(problem) = listing.problems.first() {
            return Err(problem.to_string());
        }
        let digests: Vec<(PathBuf, crate::cache::Key)> = listing
            .files
            .into_par_iter()
            .map(|path| {
                let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let digest = crate::cache::digest(&bytes);
                Ok((path, digest))
            })
            .collect::<Result<_, String>>()?;
        for (path, digest) in &digests {
            self.field(&format!("{label}/{}", relative(path, dir)), digest);
        }
        Ok(digests)
    }
}

/// `path` relative to `dir`, with `/` between components on every system.
fn relative(path: &Path, dir: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_framed_so_boundaries_matter() {
        let mut a = Fingerprint::default();
        a.field("x", b"ab");
        a.field("y", b"c");
        let mut b = Fingerprint::default();
        b.field("x", b"a");
        b.field("y", b"bc");
        assert_ne!(a.0.finalize(), b.0.finalize());
    }

    #[test]
    fn manifest_is_current_only_for_the_same_inputs_and_the_same_pdf() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("r-2024-en.pdf");
        std::fs::write(&output, b"%PDF one").unwrap();
        let root = dir.path();
        assert!(!Manifest::is_current(&output, "sha256:aa", root), "no manifest yet");
        std::fs::write(root.join("logo.svg"), b"<svg/>").unwrap();
        let read = BTreeMap::from([("logo.svg".to_owned(), digest(b"<svg/>"))]);
        let manifest = Manifest::new(2024, Lang::En, "sha256:aa".into(), read, b"%PDF one");
        std::fs::write(Manifest::path_for(&output), manifest.to_json()).unwrap();
        assert!(Manifest::is_current(&output, "sha256:aa", root));
        assert!(!Manifest::is_current(&output, "sha256:bb", root), "other inputs");
        std::fs::write(root.join("logo.svg"), b"<svg></svg>").unwrap();
        assert!(!Manifest::is_current(&output, "sha256:aa", root), "a file Typst read has changed");
        std::fs::write(root.join("logo.svg"), b"<svg/>").unwrap();
        assert!(Manifest::is_current(&output, "sha256:aa", root));
        std::fs::write(&output, b"%PDF two").unwrap();
        assert!(!Manifest::is_current(&output, "sha256:aa", root), "the PDF was replaced");
        std::fs::remove_file(&output).unwrap();
        assert!(!Manifest::is_current(&output, "sha256:aa", root), "the PDF is gone");
    }

    #[test]
    fn manifest_sits_beside_the_pdf() {
        assert_eq!(Manifest::path_for(Path::new("out/a.pdf")), Path::new("out/a.pdf.manifest.json"));
    }
}
