//! The fonts the typesetter may use, and nothing else.
//!
//! The binary must produce the same PDF on every machine, so system fonts are
//! never consulted. The faces are the Noto families bundled in `fonts/` (serif,
//! sans and mono, chosen because every style covers all of Vietnamese, which
//! Typst's own text faces do not), Typst's New Computer Modern Math for
//! equations, and optionally every font file in one extra directory named by
//! the configuration.
//!
//! Typst's built-in defaults ask for "Libertinus Serif" (body text and the last
//! fallback) and "DejaVu Sans Mono" (for `raw`). Those faces are not bundled, so the
//! two names are aliases of Noto Serif and Noto Sans Mono: a document or theme
//! that does not name its fonts still gets faces that cover Vietnamese. An
//! extra directory that holds a real face of either family disables the alias.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Coverage, Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use unicode_script::{Script, UnicodeScript};

/// Family name of the bundled serif faces (regular, bold, italic, bold italic).
pub const SERIF: &str = "Noto Serif";
/// Family name of the bundled sans-serif faces (regular, bold, italic, bold italic).
pub const SANS: &str = "Noto Sans";
/// Family name of the bundled monospaced faces (regular, bold; italic is slanted by Typst).
pub const MONO: &str = "Noto Sans Mono";
/// Family name of the bundled math faces, from Typst's own assets.
pub const MATH: &str = "New Computer Modern Math";

/// The licence of the bundled Noto faces (SIL OFL 1.1), to be shown with the binary's licences.
pub const FONT_LICENSE: &str = include_str!("../../fonts/OFL.txt");

/// The Noto faces compiled into the binary: file name and contents.
const BUNDLED: &[(&str, &[u8])] = &[
    ("NotoSerif-Regular.ttf", include_bytes!("../../fonts/NotoSerif-Regular.ttf")),
    ("NotoSerif-Bold.ttf", include_bytes!("../../fonts/NotoSerif-Bold.ttf")),
    ("NotoSerif-Italic.ttf", include_bytes!("../../fonts/NotoSerif-Italic.ttf")),
    ("NotoSerif-BoldItalic.ttf", include_bytes!("../../fonts/NotoSerif-BoldItalic.ttf")),
    ("NotoSans-Regular.ttf", include_bytes!("../../fonts/NotoSans-Regular.ttf")),
    ("NotoSans-Bold.ttf", include_bytes!("../../fonts/NotoSans-Bold.ttf")),
    ("NotoSans-Italic.ttf", include_bytes!("../../fonts/NotoSans-Italic.ttf")),
    ("NotoSans-BoldItalic.ttf", include_bytes!("../../fonts/NotoSans-BoldItalic.ttf")),
    ("NotoSansMono-Regular.ttf", include_bytes!("../../fonts/NotoSansMono-Regular.ttf")),
    ("NotoSansMono-Bold.ttf", include_bytes!("../../fonts/NotoSansMono-Bold.ttf")),
];

/// Fallback faces for scripts the text faces lack, so that names and titles
/// in those scripts print instead of turning into empty boxes. They are only
/// used when the theme's faces have no glyph.
const FALLBACK: &[(&str, &[u8])] = &[
    ("NotoNaskhArabic-Regular.ttf", include_bytes!("../../fonts/NotoNaskhArabic-Regular.ttf")),
    ("NotoNaskhArabic-Bold.ttf", include_bytes!("../../fonts/NotoNaskhArabic-Bold.ttf")),
];

/// Typst's default family names and the bundled family each one stands for.
const ALIASES: &[(&str, &str)] = &[("Libertinus Serif", SERIF), ("DejaVu Sans Mono", MONO)];

/// File extensions read from the extra font directory.
const FONT_EXTENSIONS: &[&str] = &["ttf", "otf", "ttc", "otc"];

/// Where the bytes of a face come from.
#[derive(Debug, Clone)]
enum Origin {
    /// Compiled into the binary.
    Embedded(&'static [u8]),
    /// A file in the extra directory, read when the face is first used.
    File(PathBuf),
}

/// One face: where it comes from, and the font once loaded.
#[derive(Debug)]
struct Slot {
    /// A name for messages and tests: the file name.
    label: String,
    origin: Origin,
    /// Index of the face within a collection file.
    index: u32,
    font: OnceLock<Option<Font>>,
}

impl Slot {
    /// The font, loading it on first use.
    fn get(&self) -> Option<Font> {
        self.font
            .get_or_init(|| {
                let data = match &self.origin {
                    Origin::Embedded(data) => Bytes::new(*data),
                    Origin::File(path) => Bytes::new(fs::read(path).ok()?),
                };
                Font::new(data, self.index)
            })
            .clone()
    }
}

/// The faces a document may use: the bundled ones plus an optional extra directory.
///
/// Index `i` of [`FontSet::book`] is the face [`FontSet::font`] returns for `i`.
/// Faces are parsed for their metadata when the set is built, and loaded for
/// shaping only when a document uses them.
#[derive(Debug)]
pub struct FontSet {
    book: LazyHash<FontBook>,
    /// One entry per book index; aliases share the slot of their target face.
    slots: Vec<Arc<Slot>>,
    /// The characters some face has, as sorted, disjoint, inclusive ranges,
    /// for [`FontSet::covers`] (Typst's own coverage is a list to scan).
    covered: Vec<(u32, u32)>,
}

impl FontSet {
    /// The bundled faces, plus every font file under `extra_dir` (searched recursively) if given.
    ///
    /// Fails if the extra directory cannot be read or one of its font files
    /// cannot be parsed, naming the path.
    pub fn load(extra_dir: Option<&Path>) -> Result<FontSet, String> {
        let mut entries: Vec<(FontInfo, Arc<Slot>)> = Vec::new();

        for (name, data) in BUNDLED.iter().chain(FALLBACK) {
            push_faces(&mut entries, name, &Origin::Embedded(data), data)
                .map_err(|()| format!("bundled font {name} cannot be parsed"))?;
        }
        for data in typst_assets::fonts() {
            let is_math = FontInfo::iter(data).any(|info| info.family == MATH);
            if is_math {
                push_faces(&mut entries, MATH, &Origin::Embedded(data), data)
                    .map_err(|()| "Typst's math font cannot be parsed".to_string())?;
            }
        }

        if let Some(dir) = extra_dir {
            let listing = crate::walk::files(dir, "fonts folder", is_font_file);
            if let Some(problem) = listing.problems.first() {
                let place = problem.location.as_ref().map(|l| format!("{l}: ")).unwrap_or_default();
                return Err(format!("{place}{}", problem.message));
            }
            for path in listing.files {
                let data = fs::read(&path).map_err(|e| format!("cannot read font file {}: {e}", path.display()))?;
                let label = path.display().to_string();
                push_faces(&mut entries, &label, &Origin::File(path.clone()), &data)
                    .map_err(|()| format!("{} is not a font file Typst can read", path.display()))?;
            }
        }

        let covered = merged_coverage(entries.iter().map(|(info, _)| &info.coverage));
        for (alias, target) in ALIASES {
            if entries.iter().any(|(info, _)| info.family.eq_ignore_ascii_case(alias)) {
                continue;
            }
            let aliased: Vec<_> = entries
                .iter()
                .filter(|(info, _)| info.family == *target)
                .map(|(info, slot)| (FontInfo { family: (*alias).to_string(), ..info.clone() }, Arc::clone(slot)))
                .collect();
            entries.extend(aliased);
        }

        let (infos, slots): (Vec<_>, Vec<_>) = entries.into_iter().unzip();
        Ok(FontSet { book: LazyHash::new(FontBook::from_infos(infos)), slots, covered })
    }

    /// Whether some face of the set has a glyph for `c`. Typst falls back
    /// to any face of the set that has one, so this is what decides whether
    /// the character prints.
    pub fn covers(&self, c: char) -> bool {
        let c = c as u32;
        // The ranges that start at or before `c`; the last of them holds it, if any does.
        let starting = self.covered.partition_point(|&(first, _)| first <= c);
        c < 0x80 || (starting > 0 && self.covered[starting - 1].1 >= c)
    }

    /// Why `text` cannot be printed with these fonts, or `None` when it can:
    /// names the first character no face has, its script, and a font family
    /// to add to the config's `fonts` folder. Characters that are never drawn
    /// (controls, joiners, direction marks, variation selectors) are ignored.
    pub fn unprintable(&self, text: &str) -> Option<String> {
        if text.is_ascii() {
            // Every ASCII character is a control (never drawn) or in the bundled faces.
            return None;
        }
        let missing = text.chars().find(|&c| !is_never_drawn(c) && !self.covers(c))?;
        let script = missing.script();
        let word = text
            .split(char::is_whitespace)
            .find(|word| word.contains(missing))
            .map(|word| word.chars().take(40).collect::<String>())
            .unwrap_or_default();
        let (what, family) = describe_script(missing, script);
        Some(format!(
            "`{word}` has {what} (U+{:04X} `{missing}`), which none of the report's fonts can show, so the build would fail; put a font with it, such as {family}, in the folder named by `fonts` in [report] (see \"Adding a font\" in the README), or write the text in Latin letters",
            missing as u32
        ))
    }

    /// Metadata of every face, for Typst's font selection.
    pub fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    /// The face at `index` of the book, or `None` if out of range or unreadable.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.slots.get(index)?.get()
    }

    /// Number of entries in the book, aliases included.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the set has no faces at all (never true for a loaded set).
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Every distinct face with its family, as (file label, family, font); aliases are skipped.
    pub fn faces(&self) -> Vec<(String, String, Option<Font>)> {
        let mut seen: Vec<*const Slot> = Vec::new();
        let mut out = Vec::new();
        for (index, slot) in self.slots.iter().enumerate() {
            let ptr = Arc::as_ptr(slot);
            if seen.contains(&ptr) {
                continue;
            }
            seen.push(ptr);
            let family = self.book.info(index).map(|info| info.family.clone()).unwrap_or_default();
            out.push((slot.label.clone(), family, slot.get()));
        }
        out
    }
}

/// Adds every face of one font file; `Err` if the data holds no face at all.
fn push_faces(entries: &mut Vec<(FontInfo, Arc<Slot>)>, label: &str, origin: &Origin, data: &[u8]) -> Result<(), ()> {
    let mut found = false;
    for (index, info) in FontInfo::iter(data).enumerate() {
        found = true;
        let slot = Slot {
            label: label.to_string(),
            origin: origin.clone(),
            index: u32::try_from(index).map_err(|_| ())?,
            font: OnceLock::new(),
        };
        entries.push((info, Arc::new(slot)));
    }
    if found { Ok(()) } else { Err(()) }
}

/// The union of the faces' coverages as sorted, disjoint, inclusive ranges.
fn merged_coverage<'a>(coverages: impl Iterator<Item = &'a Coverage>) -> Vec<(u32, u32)> {
    let mut points: Vec<u32> = coverages.flat_map(Coverage::iter).collect();
    points.sort_unstable();
    points.dedup();
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for point in points {
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == point => *last = point,
            _ => ranges.push((point, point)),
        }
    }
    ranges
}

/// True for characters Typst never draws with a glyph of their own: control
/// characters, zero-width spaces and joiners, direction marks and
/// overrides, the soft hyphen, variation selectors and tags.
fn is_never_drawn(c: char) -> bool {
    c.is_control()
        || matches!(
            c as u32,
            0xAD | 0x34F
                | 0x61C
                | 0x180E
                | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x2064
                | 0x2066..=0x206F
                | 0xFE00..=0xFE0F
                | 0xFEFF
                | 0xE0000..=0xE007F
                | 0xE0100..=0xE01EF
        )
}

/// The script of a character in words, and a font family that covers it.
fn describe_script(c: char, script: Script) -> (String, String) {
    let family = match script {
        Script::Hangul => "Noto Sans KR",
        Script::Hiragana | Script::Katakana => "Noto Sans JP",
        Script::Han => "Noto Sans SC, TC, JP or KR (the one for the partner's country)",
        Script::Common | Script::Inherited | Script::Unknown => {
            let emoji = matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF);
            let family = if emoji { "Noto Emoji" } else { "Noto Sans Symbols 2" };
            let what = if emoji { "an emoji" } else { "a symbol" };
            return (what.to_owned(), family.to_owned());
        }
        _ => "",
    };
    let name = match script {
        Script::Han => "Chinese characters (Han)".to_owned(),
        Script::Hiragana | Script::Katakana => format!("Japanese text ({})", script.full_name()),
        Script::Hangul => "Korean text (Hangul)".to_owned(),
        other => format!("{} script", other.full_name().replace('_', " ")),
    };
    let family = if family.is_empty() {
        format!("Noto Sans {}", script.full_name().replace('_', " "))
    } else {
        family.to_owned()
    };
    (name, family)
}

/// True for the names of font files read from the extra font folder.
pub fn is_font_file(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| FONT_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The twelve Vietnamese vowels, each with no tone and the five tones.
    const VOWELS: [&str; 12] = [
        "aàáảãạ",
        "ăằắẳẵặ",
        "âầấẩẫậ",
        "eèéẻẽẹ",
        "êềếểễệ",
        "iìíỉĩị",
        "oòóỏõọ",
        "ôồốổỗộ",
        "ơờớởỡợ",
        "uùúủũụ",
        "ưừứửữự",
        "yỳýỷỹỵ",
    ];

    /// Every Vietnamese letter that is not plain ASCII: 132 vowels with marks, and đ Đ.
    fn vietnamese_letters() -> Vec<char> {
        let lower: Vec<char> = VOWELS.iter().flat_map(|v| v.chars()).chain(['đ']).collect();
        let upper: Vec<char> = lower.iter().flat_map(|c| c.to_uppercase()).collect();
        lower.into_iter().chain(upper).filter(|c| !c.is_ascii()).collect()
    }

    #[test]
    fn letter_list_is_complete() {
        let letters = vietnamese_letters();
        assert_eq!(letters.len(), 134);
        let mut dedup = letters.clone();
        dedup.sort_unstable();
        dedup.dedup();
        assert_eq!(dedup.len(), 134);
    }

    #[test]
    fn every_bundled_text_face_covers_vietnamese() {
        let set = FontSet::load(None).expect("bundled fonts load");
        let letters = vietnamese_letters();
        let mut failures = Vec::new();
        let mut checked = 0;
        for (label, family, font) in set.faces() {
            if family == MATH || family.contains("Arabic") {
                continue;
            }
            let Some(font) = font else {
                failures.push(format!("{label}: cannot be loaded"));
                continue;
            };
            checked += 1;
            let missing: String = letters.iter().filter(|&&c| !font.info().coverage.contains(c as u32)).collect();
            if !missing.is_empty() {
                failures.push(format!("{label} ({family}) lacks {}: {missing}", missing.chars().count()));
            }
        }
        assert_eq!(checked, BUNDLED.len());
        assert!(failures.is_empty(), "faces without full Vietnamese coverage:\n{}", failures.join("\n"));
    }

    #[test]
    fn merged_coverage_agrees_with_every_face() {
        let set = FontSet::load(None).expect("bundled fonts load");
        let faces: Vec<Font> = set.faces().into_iter().filter_map(|(_, _, font)| font).collect();
        for c in (0x20..0x3000).chain(0x1F600..0x1F650).filter_map(char::from_u32) {
            let any = faces.iter().any(|font| font.info().coverage.contains(c as u32));
            assert_eq!(set.covers(c), any || c.is_ascii(), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn text_the_fonts_cannot_show_is_named_with_a_font_to_add() {
        let set = FontSet::load(None).expect("bundled fonts load");
        assert_eq!(set.unprintable("Đà Nẵng — Kawasaki, ‘Busan’ 1,5%"), None);
        assert_eq!(set.unprintable("a\u{200B}b\u{200D}c\u{FE0F}\n"), None);
        assert_eq!(set.unprintable("جدة"), None, "Arabic prints through the bundled fallback");
        let cases = [
            ("Daegu 대구광역시", "Korean text (Hangul)", "Noto Sans KR"),
            ("大邱広域市", "Chinese characters (Han)", "Noto Sans SC, TC, JP or KR"),
            ("とうきょう", "Japanese text (Hiragana)", "Noto Sans JP"),
            ("กรุงเทพ", "Thai script", "Noto Sans Thai"),
            ("תל אביב", "Hebrew script", "Noto Sans Hebrew"),
            ("ঢাকা", "Bengali script", "Noto Sans Bengali"),
            ("Hi 😀", "an emoji", "Noto Emoji"),
        ];
        for (text, script, family) in cases {
            let message = set.unprintable(text).unwrap_or_else(|| panic!("{text} should not print"));
            assert!(message.contains(script), "{text}: {message}");
            assert!(message.contains(family), "{text}: {message}");
        }
        let message = set.unprintable("Daegu 대구광역시").unwrap();
        assert!(message.starts_with("`대구광역시` has Korean text (Hangul) (U+B300 `대`)"), "{message}");
    }

    #[test]
    fn families_and_aliases_are_present() {
        let set = FontSet::load(None).expect("bundled fonts load");
        let book = set.book();
        for family in [SERIF, SANS, MONO, MATH, "Libertinus Serif", "DejaVu Sans Mono"] {
            assert!(book.contains_family(&family.to_lowercase()), "missing family {family}");
        }
        assert!(!book.contains_family("new computer modern"), "no other Typst text face should be bundled");
        assert!(set.len() > BUNDLED.len());
        assert!(set.font(set.len()).is_none());
    }

    #[test]
    fn extra_directory_is_read_and_bad_files_are_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("notes.txt"), "not a font, ignored").expect("write");
        fs::write(dir.path().join("Copy.ttf"), BUNDLED[0].1).expect("write");
        let set = FontSet::load(Some(dir.path())).expect("extra dir loads");
        assert!(set.faces().iter().any(|(label, _, _)| label.ends_with("Copy.ttf")));

        fs::write(dir.path().join("broken.otf"), b"garbage").expect("write");
        let err = FontSet::load(Some(dir.path())).expect_err("broken font is an error");
        assert!(err.contains("broken.otf"), "{err}");

        let err = FontSet::load(Some(&dir.path().join("missing"))).expect_err("missing dir is an error");
        assert!(err.contains("missing"), "{err}");
    }
}
