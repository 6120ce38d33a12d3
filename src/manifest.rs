//! What a PDF was built from, so `build --if-changed` can skip a build whose
//! inputs have not changed since the last successful one.
//!
//! The inputs are fingerprinted by content, never by modification time (a
//! copy, a checkout or a backup restore changes times but not content): the
//! config file, every data file, every file in the templates and fonts
//! folders, each with its path relative to its folder, the built-in
//! templates, the yearbrief version, the year, the language, the extra files
//! asked for and `SOURCE_DATE_EPOCH`. The fingerprint and the hash of the PDF
//! are kept in `NAME.pdf.manifest.json` beside the PDF, written only after
//! the PDF itself.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cli::Emit;
use crate::config::Config;
use crate::locale::Lang;

/// The manifest file format version; a manifest of another version is ignored.
const FORMAT: u32 = 1;

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
    pub fn new(year: i32, lang: Lang, inputs: String, pdf: &[u8]) -> Manifest {
        Manifest {
            format: FORMAT,
            yearbrief: env!("CARGO_PKG_VERSION").to_owned(),
            year,
            lang: lang.code().to_owned(),
            inputs,
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

    /// True when `output` exists, is the PDF this manifest describes, and was
    /// built from inputs with the fingerprint `inputs`. Any doubt (no
    /// manifest, an unreadable or foreign one, a replaced PDF) means false.
    pub fn is_current(output: &Path, inputs: &str) -> bool {
        let Ok(text) = std::fs::read_to_string(Self::path_for(output)) else { return false };
        let Ok(manifest) = serde_json::from_str::<Manifest>(&text) else { return false };
        if manifest.format != FORMAT || manifest.inputs != inputs {
            return false;
        }
        std::fs::read(output).is_ok_and(|pdf| digest(&pdf) == manifest.pdf)
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

/// The fingerprint of everything a build of `year` in `lang` reads. Fails
/// with the reason when an input cannot be read; the caller then builds
/// anyway, and the build reports the problem where it is.
pub fn fingerprint(config: &Config, year: i32, lang: Lang, emit: &[Emit]) -> Result<String, String> {
    let mut hasher = Fingerprint::default();
    hasher.field("yearbrief", env!("CARGO_PKG_VERSION").as_bytes());
    hasher.field("year", year.to_string().as_bytes());
    hasher.field("lang", lang.code().as_bytes());
    let epoch = std::env::var("SOURCE_DATE_EPOCH").unwrap_or_default();
    hasher.field("source-date-epoch", epoch.as_bytes());
    let mut emitted: Vec<&str> = emit
        .iter()
        .map(|e| match e {
            Emit::Typst => "typst",
            Emit::Context => "context",
        })
        .collect();
    emitted.sort_unstable();
    emitted.dedup();
    hasher.field("emit", emitted.join(",").as_bytes());
    for (name, text) in crate::render::BUILTIN {
        hasher.field(&format!("builtin/{name}"), text.as_bytes());
    }
    hasher.file("config", &config.path)?;
    let data = &config.report.data;
    for path in crate::data::data_files(data)? {
        hasher.file(&format!("data/{}", relative(&path, data)), &path)?;
    }
    for (label, dir) in [("templates", &config.report.templates), ("fonts", &config.report.fonts)] {
        if let Some(dir) = dir {
            for path in files_below(dir)? {
                hasher.file(&format!("{label}/{}", relative(&path, dir)), &path)?;
            }
        }
    }
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
}

/// `path` relative to `dir`, with `/` between components on every system.
fn relative(path: &Path, dir: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Every file below `dir`, recursively, sorted; hidden files and folders are skipped.
fn files_below(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| format!("cannot list {}: {e}", folder.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", folder.display()))?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => pending.push(path),
                Ok(meta) if meta.is_file() => files.push(path),
                _ => {}
            }
        }
    }
    files.sort();
    Ok(files)
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
        assert!(!Manifest::is_current(&output, "sha256:aa"), "no manifest yet");
        let manifest = Manifest::new(2024, Lang::En, "sha256:aa".into(), b"%PDF one");
        std::fs::write(Manifest::path_for(&output), manifest.to_json()).unwrap();
        assert!(Manifest::is_current(&output, "sha256:aa"));
        assert!(!Manifest::is_current(&output, "sha256:bb"), "other inputs");
        std::fs::write(&output, b"%PDF two").unwrap();
        assert!(!Manifest::is_current(&output, "sha256:aa"), "the PDF was replaced");
        std::fs::remove_file(&output).unwrap();
        assert!(!Manifest::is_current(&output, "sha256:aa"), "the PDF is gone");
    }

    #[test]
    fn manifest_sits_beside_the_pdf() {
        assert_eq!(Manifest::path_for(Path::new("out/a.pdf")), Path::new("out/a.pdf.manifest.json"));
    }
}
