//! Tests of the typeset stage against the real embedded compiler.

use std::fs;
use std::path::Path;
use std::time::Instant;

use chrono::TimeZone;
use typst::World;

use super::*;

const VIETNAMESE: &str = "Đà Nẵng — Sở Ngoại vụ, ơ ư ế ố ổ ả ẳ Ắ";

fn settings(standard: Standard) -> PdfSettings {
    PdfSettings {
        standard,
        timestamp: Utc.with_ymd_and_hms(2025, 1, 15, 8, 30, 0).single().expect("valid date"),
        ident: "yearbrief-test".to_string(),
    }
}

fn typesetter(root: &Path) -> Typesetter {
    Typesetter::new(FontSet::load(None).expect("bundled fonts load"), root.to_path_buf())
}

fn sample_document() -> String {
    format!(
        r#"#set page(paper: "a4", margin: 2cm)
#set text(font: "{SERIF}", lang: "vi")
#show heading: set text(font: "{SANS}")
#show raw: set text(font: "{MONO}")
= Báo cáo năm
== Hoạt động đối ngoại
#strong[{VIETNAMESE}]

#emph[{VIETNAMESE}]

#strong(emph[{VIETNAMESE}])

#table(
  columns: 2,
  [*Tháng*], [*Số đoàn*],
  [Một], [12],
  [Hai], [7],
)

`thiết bị ổ ắ {VIETNAMESE}`
"#
    )
}

fn errors(result: Result<Compiled, Vec<Diagnostic>>) -> Vec<Diagnostic> {
    match result {
        Ok(_) => panic!("expected the compilation to fail"),
        Err(diags) => diags,
    }
}

#[test]
fn vietnamese_document_compiles_to_pdf() {
    let root = tempfile::tempdir().expect("temp dir");
    let mut ts = typesetter(root.path());
    let compiled = ts.compile(&sample_document(), &[], &settings(Standard::None)).expect("compiles");
    for warning in &compiled.warnings {
        eprintln!("{warning}");
    }
    assert!(compiled.pdf.starts_with(b"%PDF"));
    assert!(compiled.pages >= 1);
    assert!(compiled.warnings.is_empty(), "unexpected warnings: {:?}", compiled.warnings);
}

#[test]
fn output_is_byte_identical_for_identical_inputs() {
    let root = tempfile::tempdir().expect("temp dir");
    let doc = sample_document();
    let mut first = typesetter(root.path());
    let a = first.compile(&doc, &[], &settings(Standard::A2b)).expect("compiles");
    let b = first.compile(&doc, &[], &settings(Standard::A2b)).expect("compiles again");
    let c = typesetter(root.path()).compile(&doc, &[], &settings(Standard::A2b)).expect("compiles in a new typesetter");
    assert!(a.pdf == b.pdf, "same typesetter, different bytes");
    assert!(a.pdf == c.pdf, "new typesetter, different bytes");

    let mut other = settings(Standard::A2b);
    other.ident = "another-document".to_string();
    let d = first.compile(&doc, &[], &other).expect("compiles with another ident");
    assert!(a.pdf != d.pdf, "the ident should change the document id");
}

#[test]
fn syntax_error_is_located() {
    let root = tempfile::tempdir().expect("temp dir");
    let main = "= Tiêu đề\n\nĐoạn văn.\n#let x = (1, 2\nthêm\n";
    let diags = errors(typesetter(root.path()).compile(main, &[], &settings(Standard::None)));
    let first = &diags[0];
    eprintln!("{first}");
    assert!(first.is_error());
    assert_eq!(file_of(first), Some(MAIN_PATH));
    let (line, column) = first.line_column().expect("a line and column");
    assert_eq!(line, 4);
    let excerpt = first.excerpt.as_ref().expect("the offending line");
    assert_eq!((excerpt.line_number, excerpt.text.as_str()), (4, "#let x = (1, 2"));
    assert_eq!(excerpt.text.chars().take(column - 1).collect::<String>(), excerpt.text[..excerpt.span.start]);
    assert!(first.to_string().starts_with("report.typ:4:"), "{first}");
}

#[test]
fn errors_in_extra_sources_name_their_file_and_hints_survive() {
    let root = tempfile::tempdir().expect("temp dir");
    let theme = "#let brand(body) = text(fill: blue, body)\n#let broken() = undefined-name\n";
    let main = "#import \"theme.typ\": brand, broken\n#brand[Đà Nẵng]\n#broken()\n";
    let mut ts = typesetter(root.path());
    let diags = errors(ts.compile(main, &[("theme.typ", theme)], &settings(Standard::None)));
    let first = &diags[0];
    eprintln!("{first}");
    assert_eq!(file_of(first), Some("theme.typ"));
    assert_eq!(first.line_column(), Some((2, 17)));
    assert_eq!(first.excerpt.as_ref().map(|e| &e.text[e.span.clone()]), Some("undefined-name"));
    assert!(first.notes.iter().any(|note| note.contains("report.typ:3:")), "the call is a note: {:?}", first.notes);

    ts.show_files_as(&[(MAIN_PATH, Path::new("out/r.typ")), ("theme.typ", Path::new("out/theme.typ"))]);
    let diags = errors(ts.compile(main, &[("theme.typ", theme)], &settings(Standard::None)));
    assert_eq!(file_of(&diags[0]), Some("out/theme.typ"), "{}", diags[0]);
    assert!(diags[0].notes.iter().any(|note| note.contains("at out/r.typ:3:")), "{:?}", diags[0].notes);

    let fixed = theme.replace("undefined-name", "[ok]");
    ts.compile(main, &[("theme.typ", &fixed)], &settings(Standard::None)).expect("fixed theme compiles");

    let diags = errors(ts.compile("#lorem(3) #text(sizee: 3pt)[x]", &[], &settings(Standard::None)));
    assert!(!diags.is_empty());
    assert!(diags[0].message.contains("sizee"), "{}", diags[0]);
}

#[test]
fn dropped_extra_sources_are_forgotten() {
    let root = tempfile::tempdir().expect("temp dir");
    let mut ts = typesetter(root.path());
    let main = "#import \"theme.typ\": x\n#x\n";
    ts.compile(main, &[("theme.typ", "#let x = [a]")], &settings(Standard::None)).expect("compiles");
    let diags = errors(ts.compile(main, &[], &settings(Standard::None)));
    assert!(diags[0].message.contains("not found"), "{}", diags[0]);
}

#[test]
fn files_outside_the_root_are_never_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("config");
    fs::create_dir(&root).expect("mkdir");
    fs::write(dir.path().join("outside.txt"), "TOP SECRET").expect("write");
    fs::write(root.join("inside.txt"), "public").expect("write");
    let mut ts = typesetter(&root);

    ts.compile("#read(\"inside.txt\")", &[], &settings(Standard::None)).expect("files inside the root are readable");
    for main in ["#read(\"/etc/passwd\")", "#read(\"../outside.txt\")", "#image(\"/etc/hostname\")"] {
        let diags = errors(ts.compile(main, &[], &settings(Standard::None)));
        eprintln!("{main}: {}", diags[0]);
        assert!(diags[0].is_error());
        assert!(!diags[0].message.contains("TOP SECRET"));
    }

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("outside.txt"), root.join("link.txt")).expect("symlink");
        std::os::unix::fs::symlink("/etc", root.join("etc")).expect("symlink");
        for main in ["#read(\"link.txt\")", "#read(\"etc/hostname\")"] {
            let diags = errors(ts.compile(main, &[], &settings(Standard::None)));
            eprintln!("{main}: {}", diags[0]);
            assert!(diags[0].message.contains("access denied"), "{}", diags[0]);
        }
    }
}

#[test]
fn files_on_disk_are_reread_after_a_change() {
    let root = tempfile::tempdir().expect("temp dir");
    fs::write(root.path().join("n.txt"), "1").expect("write");
    let mut ts = typesetter(root.path());
    let main = "#let n = int(read(\"n.txt\"))\n#assert(n == 1)";
    ts.compile(main, &[], &settings(Standard::None)).expect("first read");
    fs::write(root.path().join("n.txt"), "2").expect("write");
    errors(ts.compile(main, &[], &settings(Standard::None)));
}

#[test]
fn recompiling_after_a_small_edit_is_incremental() {
    let root = tempfile::tempdir().expect("temp dir");
    let start = Instant::now();
    let fonts = FontSet::load(None).expect("bundled fonts load");
    let fonts_time = start.elapsed();
    let mut ts = Typesetter::new(fonts, root.path().to_path_buf());
    let mut doc = sample_document();
    for i in 0..40 {
        doc.push_str(&format!("\n== Mục {i}\n#lorem(120)\n"));
    }
    let start = Instant::now();
    let cold = ts.compile(&doc, &[], &settings(Standard::None)).expect("cold compile");
    let cold_total = start.elapsed();

    let edited = doc.replace("== Mục 20\n", "== Mục hai mươi — đã sửa\n");
    assert_ne!(doc, edited);
    let start = Instant::now();
    let warm = ts.compile(&edited, &[], &settings(Standard::None)).expect("warm compile");
    let warm_total = start.elapsed();

    eprintln!(
        "font set {fonts_time:?}; {} pages; cold: compile {:?}, export {:?}, total {:?}; warm after one-line edit: compile {:?}, export {:?}, total {:?}",
        cold.pages,
        cold.timings.compile,
        cold.timings.export,
        cold_total,
        warm.timings.compile,
        warm.timings.export,
        warm_total
    );
    assert_eq!(cold.pages, warm.pages);
    assert!(cold.pdf != warm.pdf);
}

#[test]
fn pdf_a_output_declares_its_conformance() {
    let root = tempfile::tempdir().expect("temp dir");
    let mut ts = typesetter(root.path());
    for (standard, part) in [(Standard::A2b, "2"), (Standard::A3b, "3")] {
        let pdf = ts.compile(&sample_document(), &[], &settings(standard)).expect("compiles").pdf;
        let needle = format!("<pdfaid:part>{part}</pdfaid:part>");
        assert!(contains(&pdf, needle.as_bytes()), "{} output lacks {needle}", standard.name());
        assert!(contains(&pdf, b"<pdfaid:conformance>B</pdfaid:conformance>"));
    }
}

#[test]
fn export_errors_are_worded() {
    let root = tempfile::tempdir().expect("temp dir");
    let diags = errors(typesetter(root.path()).compile("Không có tiêu đề.", &[], &settings(Standard::Ua1)));
    eprintln!("{}", diags[0]);
    assert_eq!(diags[0].message, "PDF export failed: PDF/UA-1 error: missing document title");
    assert!(diags[0].hints.iter().any(|hint| hint.contains("set document(title")), "{}", diags[0]);
}

#[test]
fn today_is_the_fixed_date() {
    let root = tempfile::tempdir().expect("temp dir");
    let mut world =
        TypesetWorld::new(FontSet::load(None).expect("fonts"), root.path().to_path_buf(), MAIN_PATH).expect("world");
    world.set_now(settings(Standard::None).timestamp);
    assert_eq!(world.today(None), Datetime::from_ymd(2025, 1, 15));
    let mut ts = typesetter(root.path());
    ts.compile("#assert(datetime.today() == datetime(year: 2025, month: 1, day: 15))", &[], &settings(Standard::None))
        .expect("today is fixed");
    ts.compile("#assert(datetime.today(offset: 20).day() == 16)", &[], &settings(Standard::None))
        .expect("offsets move the fixed moment");
}

#[test]
fn invalid_virtual_paths_are_errors() {
    let root = tempfile::tempdir().expect("temp dir");
    let diags = errors(typesetter(root.path()).compile("x", &[("..\\theme.typ", "")], &settings(Standard::None)));
    assert!(diags[0].message.contains("invalid virtual path"), "{}", diags[0]);
}

/// Renders one line per family and style, and the sample document as PDF/A-2b, for looking at.
///
/// `YEARBRIEF_SPECIMEN=/tmp/s.pdf cargo test --lib specimen` writes `/tmp/s.pdf` and `/tmp/s.pdf.sample-a2b.pdf`.
#[test]
fn specimen() {
    let Some(out) = std::env::var_os("YEARBRIEF_SPECIMEN") else { return };
    let root = tempfile::tempdir().expect("temp dir");
    let mut doc = String::from("#set page(width: 19cm, height: auto, margin: 8mm)\n#set text(size: 11pt)\n");
    let text = "Đà Nẵng — Sở Ngoại vụ: thiết ơ ư ế ố ổ ả ẳ Ắ Ặ Ậ Ở Ữ ỹ Ỵ đ";
    for family in [SERIF, SANS, MONO, "Libertinus Serif", "DejaVu Sans Mono"] {
        for (style, weight) in [("normal", "regular"), ("normal", "bold"), ("italic", "regular"), ("italic", "bold")] {
            doc.push_str(&format!(
                "#text(font: \"{family}\", style: \"{style}\", weight: \"{weight}\")[{family} {weight} {style}: {text}]\\\n"
            ));
        }
    }
    doc.push_str(&format!("#raw(\"raw default: {text}\")\\\n$ x^2 + sum_(i=1)^n a_i $\n"));
    let compiled = typesetter(root.path()).compile(&doc, &[], &settings(Standard::None)).expect("specimen compiles");
    for warning in &compiled.warnings {
        eprintln!("{warning}");
    }
    let sample =
        typesetter(root.path()).compile(&sample_document(), &[], &settings(Standard::A2b)).expect("sample compiles");
    let mut sample_path = out.clone();
    sample_path.push(".sample-a2b.pdf");
    fs::write(sample_path, sample.pdf).expect("write sample");
    fs::write(out, compiled.pdf).expect("write specimen");
}

fn file_of(diagnostic: &Diagnostic) -> Option<&str> {
    diagnostic.location.as_ref().and_then(|location| location.file.to_str())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[test]
fn siblings_compiling_at_the_same_time_give_the_pdfs_of_one_typesetter_alone() {
    let root = tempfile::tempdir().expect("temp dir");
    let english = "#set text(lang: \"en\")\n= Annual review\nDelegations received: 12.\n".to_string();
    let vietnamese = sample_document();
    let alone: Vec<Vec<u8>> = [&english, &vietnamese]
        .map(|markup| typesetter(root.path()).compile(markup, &[], &settings(Standard::A2b)).expect("compiles").pdf)
        .into();

    let mut first = typesetter(root.path());
    let mut second = first.sibling();
    assert!(std::ptr::eq(first.world().fonts(), second.world().fonts()), "the fonts are not shared");
    let (a, b) = std::thread::scope(|scope| {
        let other = scope.spawn(|| second.compile(&vietnamese, &[], &settings(Standard::A2b)));
        let mine = first.compile(&english, &[], &settings(Standard::A2b));
        (mine, other.join().expect("the thread ends"))
    });
    assert!(a.expect("English compiles").pdf == alone[0], "the English PDF differs");
    assert!(b.expect("Vietnamese compiles").pdf == alone[1], "the Vietnamese PDF differs");
}
