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
