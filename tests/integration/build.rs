//! Integration tests of `yearbrief build`: the real binary builds PDFs from
//! the bundled project and from fixtures, and the PDFs are read back with
//! poppler (`pdftotext`, `pdfinfo`) and checked with `qpdf --check`.

use std::path::Path;
use std::process::Command;

use crate::common::{Project, assert_valid_pdf, pdf_text, pdf_text_raw, temporary_files};

fn pdf_pages(pdf: &Path) -> usize {
    let output = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&output.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in pdfinfo output: {info}"))
}

/// The text without white space, and without the invisible zero-width break
/// points yearbrief puts into very long words so that they wrap.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '\u{200B}').collect()
}

#[test]
fn bundled_report_builds_in_english_and_vietnamese() {
    let project = Project::bundled();
    project
        .cmd(["build", "--config", "config/report.toml"])
        .run()
        .success()
        .stdout_contains("wrote output/danang-2024-en.pdf");
    let en = project.join("output/danang-2024-en.pdf");
    let vi = project.join("output/danang-2024-vi.pdf");
    assert!(pdf_pages(&en) >= 6, "the English report has {} pages", pdf_pages(&en));

    let text = pdf_text(&en);
    for heading in [
        "Contents",
        "The year at a glance",
        "Delegations and visits",
        "Economic diplomacy",
        "Partner network",
        "Outlook",
        "Notes on the data",
        "Sources",
    ] {
        assert!(text.contains(heading), "the English report lacks the heading {heading:?}");
    }
    for figure in ["nearly 400", "over USD 213 million", "1,015", "Dentium", "Page 2 of"] {
        assert!(squash(&text).contains(&squash(figure)), "the English report lacks {figure:?}");
    }

    let text = pdf_text(&vi);
    for expected in
        ["Mục lục", "Tổng quan năm", "Mạng lưới đối tác", "1.015", "Đà Nẵng", "hơn 213 triệu USD", "Trang 2"]
    {
        assert!(squash(&text).contains(&squash(expected)), "the Vietnamese report lacks {expected:?}");
    }
}

#[test]
fn bundled_report_is_valid_pdf_a_and_reproducible() {
    let project = Project::bundled();
    let args = ["build", "--config", "config/report.toml", "--lang", "en"];
    project.cmd(args).run().success();
    let pdf = project.join("output/danang-2024-en.pdf");
    let first = std::fs::read(&pdf).unwrap();
    assert_valid_pdf(&pdf);

    let raw = String::from_utf8_lossy(&first);
    assert!(
        raw.contains("<pdfaid:part>2</pdfaid:part>") || raw.contains("pdfaid:part=\"2\""),
        "the XMP metadata does not claim PDF/A-2"
    );
    assert!(raw.contains("<pdfaid:conformance>B</pdfaid:conformance>") || raw.contains("pdfaid:conformance=\"B\""));
    assert!(raw.contains("Foreign Affairs Annual Review"), "the title is not in the metadata");
    // Viewers show the title, not the file name, in every standard.
    assert!(raw.contains("/DisplayDocTitle true"), "the catalog does not ask viewers to show the title");

    project.cmd(args).run().success();
    let second = std::fs::read(&pdf).unwrap();
    assert!(first == second, "two builds of the same inputs differ");
}

#[test]
fn hostile_strings_print_verbatim_and_nothing_runs() {
    let project = Project::fixture("hostile");
    project.cmd(["build", "--config", "report.toml"]).run().success();
    let text = pdf_text(&project.join("output/hostile-2024-en.pdf"));
    let squashed = squash(&text);
    let corpus: serde_json::Value = serde_json::from_str(&project.read("strings.json")).unwrap();
    for string in corpus["strings"].as_array().unwrap() {
        let string = string.as_str().unwrap();
        if string.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)) {
            // Right-to-left text: poppler may reorder it, so only its letters are compared.
            let letters: String = string.chars().filter(|c| c.is_alphabetic()).collect();
            assert!(squashed.contains(&squash(&letters)), "missing right-to-left text {string:?}");
            continue;
        }
        for prefix in ["", "P", "N"] {
            let expected = squash(&format!("{prefix}{string}"));
            assert!(squashed.contains(&expected), "the PDF does not show {:?} verbatim", format!("{prefix}{string}"));
        }
    }
    // The 10 kB title runs over a page break: compare it without the running
    // header, the footer and the footnotes that the break puts in between.
    let raw = pdf_text_raw(&project.join("output/hostile-2024-en.pdf"));
    let body: String = raw
        .lines()
        .filter(|l| {
            let running = l.contains("Dept. of *Foreign*") || l.contains("Review #1 [draft]") || l.starts_with("Page ");
            let repeated_header = matches!(l.trim(), "Date" | "Event" | "Amount" | "Date Event" | "Date Event Amount");
            !running && !repeated_header && !l.contains("Publisher <x> @y")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let long = corpus["long"].as_str().unwrap();
    assert!(squash(&body).contains(&squash(long)), "the 10 kB title is not shown whole");
    assert!(!text.contains("root:"), "a template read /etc/passwd");
    // `#{ panic("boom") }` would have failed the build had it run: exit 0 above proves it did not.
    assert!(text.contains("Review #1 [draft] $x$"), "the hostile report title is not verbatim");
}

#[test]
fn failed_build_keeps_the_previous_pdf() {
    let project = Project::bundled();
    let args = ["build", "--config", "config/report.toml", "--lang", "en"];
    project.cmd(args).run().success();
    let pdf = project.join("output/danang-2024-en.pdf");
    let before = std::fs::read(&pdf).unwrap();
    project.file("config/templates/outlook.typ.hbs", "#let broken = (\n");
    project.cmd(args).run().status(1);
    assert_eq!(std::fs::read(&pdf).unwrap(), before, "the failed build changed the PDF");
    let leftovers = temporary_files(&project.join("output"));
    assert!(leftovers.is_empty(), "temporary files were left: {leftovers:?}");
}

#[test]
fn template_error_names_the_template_line_and_column() {
    let project = Project::fixture("template-error");
    let run = project.cmd(["build", "--config", "report.toml"]).run().status(1);
    assert!(!run.stderr().contains("panicked"), "{run}");
    insta::assert_snapshot!("build_template_error", run.stderr());
}

#[test]
fn typst_error_names_the_generated_line_and_the_template() {
    let project = Project::fixture("typst-error");
    let run = project.cmd(["build", "--config", "report.toml"]).run().status(1);
    assert!(project.join("output/review-2024-en.typ").exists(), "the generated source was not kept");
    assert!(!project.join("output/review-2024-en.pdf").exists());
    insta::assert_snapshot!("build_typst_error", run.stderr());
}

#[test]
fn emit_typst_writes_the_source_and_theme_beside_the_pdf() {
    let project = Project::fixture("valid");
    project.cmd(["build", "--config", "report.toml", "--emit", "typst,context"]).run().success();
    let typ = project.read("output/review-2024-en.typ");
    assert!(typ.starts_with("// Generated by yearbrief"));
    assert!(typ.contains("#import \"theme.typ\": *"));
    assert!(project.join("output/theme.typ").exists());
    let context: serde_json::Value = serde_json::from_str(&project.read("output/review-2024-vi.json")).unwrap();
    assert_eq!(context["lang"], "vi");
    assert_eq!(context["indicators"]["delegations-received"]["current"]["value"], 180);
}

/// The manifest beside `pdf` without the time it was written.
fn manifest_without_time(pdf: &Path) -> serde_json::Value {
    let path = pdf.with_file_name(format!("{}.manifest.json", pdf.file_name().unwrap().to_string_lossy()));
    let mut manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    manifest.as_object_mut().unwrap().remove("built");
    manifest
}

#[test]
fn both_languages_at_once_give_the_pdfs_of_one_language_at_a_time() {
    let together = Project::bundled();
    let run = together.cmd(["build", "--config", "config/report.toml"]).run().success();
    let lines: Vec<&str> = run.stdout().lines().collect();
    assert_eq!(lines.len(), 2, "{run}");
    assert!(lines[0].starts_with("wrote output/danang-2024-en.pdf ("), "{run}");
    assert!(lines[1].starts_with("wrote output/danang-2024-vi.pdf ("), "{run}");

    let apart = Project::bundled();
    for lang in ["en", "vi"] {
        apart.cmd(["build", "--config", "config/report.toml", "--lang", lang]).run().success();
    }
    for lang in ["en", "vi"] {
        let pdf = format!("output/danang-2024-{lang}.pdf");
        let (both, one) = (together.join(&pdf), apart.join(&pdf));
        assert!(std::fs::read(&both).unwrap() == std::fs::read(&one).unwrap(), "{pdf} differs from its own build");
        assert_eq!(manifest_without_time(&both), manifest_without_time(&one), "the manifests of {pdf} differ");
    }

    // The hidden switch typesets one language after the other in one run: the same files.
    let first: Vec<Vec<u8>> =
        ["en", "vi"].map(|lang| std::fs::read(together.join(format!("output/danang-2024-{lang}.pdf"))).unwrap()).into();
    together.cmd(["build", "--config", "config/report.toml", "--sequential", "--quiet"]).run().success().stdout_is("");
    for (lang, first) in ["en", "vi"].into_iter().zip(first) {
        let again = std::fs::read(together.join(format!("output/danang-2024-{lang}.pdf"))).unwrap();
        assert!(again == first, "the sequential build of {lang} differs from the parallel one");
    }
}

/// The bundled project with the outlook section failing in Typst for `lang` only.
fn failing_in(lang: &str) -> Project {
    let project = Project::bundled();
    project.edit("config/templates/outlook.typ.hbs", |text| {
        format!("{{{{#if (eq @root.lang \"{lang}\")}}}}#panic(\"only in {lang}\"){{{{/if}}}}\n{text}")
    });
    project
}

#[test]
fn an_error_in_one_language_comes_in_language_order_and_nothing_after_it_is_written() {
    let project = failing_in("vi");
    let run = project.cmd(["build", "--config", "config/report.toml"]).run().status(1);
    assert!(run.stdout().starts_with("wrote output/danang-2024-en.pdf ("), "{run}");
    assert_eq!(run.stdout().lines().count(), 1, "{run}");
    assert!(run.stderr().contains("output/danang-2024-vi.typ") && run.stderr().contains("only in vi"), "{run}");
    assert!(project.join("output/danang-2024-en.pdf").exists());
    assert!(project.join("output/danang-2024-en.pdf.manifest.json").exists());
    assert!(!project.join("output/danang-2024-vi.pdf").exists());

    // The first language fails: the second, typeset at the same time, is not written.
    let project = failing_in("en");
    let run = project.cmd(["build", "--config", "config/report.toml"]).run().status(1).stdout_is("");
    assert!(run.stderr().contains("output/danang-2024-en.typ") && run.stderr().contains("only in en"), "{run}");
    assert!(!run.stderr().contains("danang-2024-vi"), "{run}");
    assert!(project.join("output/danang-2024-en.typ").exists(), "the failing source was not kept");
    for file in ["danang-2024-en.pdf", "danang-2024-vi.pdf", "danang-2024-vi.typ", "danang-2024-vi.pdf.manifest.json"] {
        assert!(!project.join("output").join(file).exists(), "{file} was written");
    }
    let leftovers = temporary_files(&project.join("output"));
    assert!(leftovers.is_empty(), "temporary files were left: {leftovers:?}");
}

#[test]
fn a_report_that_reads_another_language_s_output_is_refused() {
    let project = Project::fixture("valid");
    project.edit("report.toml", |text| {
        let text = text.replacen("[report]\n", "[report]\ntemplates = \"templates\"\n", 1);
        format!("{text}\n[[section]]\ntype = \"text\"\ntitle = \"Peek\"\ntemplate = \"peek\"\n")
    });
    project.file(
        "templates/peek.typ.hbs",
        "{{#if (eq @root.lang \"vi\")}}#let peek = read(\"output/review-2024-en.pdf\", encoding: none){{/if}}\n",
    );
    project.cmd(["build", "--config", "report.toml", "--lang", "en"]).run().success();
    let run = project.cmd(["build", "--config", "report.toml"]).run().status(1);
    assert!(run.stderr().contains("output/review-2024-en.pdf, which is a file the templates read"), "{run}");
    assert!(!project.join("output/review-2024-vi.pdf").exists());
    assert!(!project.join("output/review-2024-vi.typ").exists(), "a refused build wrote its source");
}
