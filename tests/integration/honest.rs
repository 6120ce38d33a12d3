//! Numbers a director can sign (issue 10): what a report says when the log is
//! partial, when nothing is recorded, when a country code is unknown, and
//! where amounts in another currency went.

use crate::common::{bundled_project, fixture_project, pdf_text, yearbrief};

#[test]
fn a_year_with_nothing_recorded_is_refused_unless_allowed() {
    let project = fixture_project("valid");
    let run = yearbrief(project.path(), &["build", "--config", "report.toml", "--year", "2030", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("nothing is recorded for 2030"), "{}", run.stderr);
    assert!(run.stderr.contains("--allow-empty"), "{}", run.stderr);
    assert!(!project.path().join("output/review-2030-en.pdf").exists(), "no empty review is written");
    let run = yearbrief(
        project.path(),
        &["build", "--config", "report.toml", "--year", "2030", "--lang", "en", "--allow-empty", "--quiet"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(project.path().join("output/review-2030-en.pdf").exists());
}

#[test]
fn an_unknown_country_code_is_shown_marked_never_named_in_another_language() {
    let project = fixture_project("valid");
    let events = project.path().join("data/2024/events.toml");
    let text = std::fs::read_to_string(&events).unwrap().replace(
        r#"partners = [{ name = "Daegu", country = "KR", type = "locality" }]"#,
        r#"partners = [{ name = "Daegu", country = "XK", type = "locality" }]"#,
    );
    std::fs::write(&events, text).unwrap();
    let check = yearbrief(project.path(), &["check", "--config", "report.toml"]);
    assert_eq!(check.code, 0, "an unknown country stays a warning: {}", check.stderr);
    assert!(check.stderr.contains("unknown country code `XK`"), "{}", check.stderr);
    let run = yearbrief(project.path(), &["build", "--config", "report.toml", "--year", "2024", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let vi = pdf_text(&project.path().join("output/review-2024-vi.pdf"));
    assert!(vi.contains("XK (mã quốc gia không xác định)"), "{vi}");
    let en = pdf_text(&project.path().join("output/review-2024-en.pdf"));
    assert!(en.contains("XK (unknown country code)"), "{en}");
}

#[test]
fn amounts_in_another_currency_are_listed_not_dropped() {
    let project = fixture_project("valid");
    let config = project.path().join("report.toml");
    let text = std::fs::read_to_string(&config).unwrap()
        + "\n[[section]]\ntype = \"data-notes\"\ntitle = \"Notes on the data\"\n";
    std::fs::write(&config, text).unwrap();
    let run = yearbrief(project.path(), &["build", "--config", "report.toml", "--year", "2024", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let en = pdf_text(&project.path().join("output/review-2024-en.pdf"));
    assert!(en.contains("Amounts left out of sums"), "{en}");
    assert!(en.contains("Foreign aid (USD): VND 2.5 billion (events: 1)"), "{en}");
    assert!(en.contains("Counts from a log that may be incomplete"), "{en}");
    assert!(en.contains("Agreements signed, 2024: at least 1"), "{en}");
}

#[test]
fn no_unit_label_is_printed_twice_and_no_partial_count_is_a_headline() {
    let project = bundled_project();
    let run = yearbrief(project.path(), &["build", "--year", "2024", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for lang in ["en", "vi"] {
        let text = pdf_text(&project.path().join(format!("output/danang-2024-{lang}.pdf")));
        for doubled in ["(USD) (USD)", "(VND) (VND)", "(VNĐ) (VND)"] {
            assert!(!text.contains(doubled), "{lang}: {doubled}");
        }
        let partial = if lang == "en" { "no official total; at least 3" } else { "chưa có tổng số chính" };
        assert!(text.contains(partial), "{lang}: the delegations card says it has no official total");
    }
}

#[test]
fn a_declared_coverage_makes_counts_totals_in_the_pdf_and_without_it_they_are_partial() {
    let project = fixture_project("valid");
    let build = |lang: &str| {
        let run = yearbrief(project.path(), &["build", "--config", "report.toml", "--year", "2024", "--quiet"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        pdf_text(&project.path().join(format!("output/review-2024-{lang}.pdf")))
    };
    let complete = build("en");
    assert!(complete.contains("USD 300,000"), "{complete}");
    assert!(complete.contains("+USD 180,000"), "the complete sum is compared with 2023: {complete}");
    assert!(!complete.contains("no official total"), "{complete}");
    std::fs::remove_file(project.path().join("data/coverage.toml")).unwrap();
    let partial = build("en");
    assert!(partial.contains("no official total; at least USD 300,000"), "{partial}");
    assert!(!partial.contains("+USD 180,000"), "a partial sum is never compared: {partial}");
    let vi = build("vi");
    assert!(vi.contains("chưa có tổng số chính thức"), "{vi}");
}
