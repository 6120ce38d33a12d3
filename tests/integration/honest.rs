//! Numbers a director can sign (issue 10): what a report says when the log is
//! partial, when nothing is recorded, when a country code is unknown, and
//! where amounts in another currency went.

use crate::common::{Project, pdf_text};

/// Builds the valid fixture's 2024 review and returns the text of one language.
fn build_valid(project: &Project, lang: &str) -> String {
    project.cmd(["build", "--config", "report.toml", "--year", "2024", "--quiet"]).run().success();
    pdf_text(&project.join(format!("output/review-2024-{lang}.pdf")))
}

#[test]
fn a_year_with_nothing_recorded_is_refused_unless_allowed() {
    let project = Project::fixture("valid");
    let build = ["build", "--config", "report.toml", "--year", "2030", "--lang", "en"];
    project.cmd(build).run().status(1).stderr_contains("nothing is recorded for 2030").stderr_contains("--allow-empty");
    assert!(!project.join("output/review-2030-en.pdf").exists(), "no empty review is written");
    project.cmd(build.iter().chain(&["--allow-empty", "--quiet"])).run().success();
    assert!(project.join("output/review-2030-en.pdf").exists());
}

#[test]
fn an_unknown_country_code_is_shown_marked_never_named_in_another_language() {
    let project = Project::fixture("valid");
    project.edit("data/2024/events.toml", |text| {
        text.replace(
            r#"partners = [{ name = "Daegu", country = "KR", type = "locality" }]"#,
            r#"partners = [{ name = "Daegu", country = "XK", type = "locality" }]"#,
        )
    });
    project.cmd(["check", "--config", "report.toml"]).run().success().stderr_contains("unknown country code `XK`");
    let vi = build_valid(&project, "vi");
    assert!(vi.contains("XK (mã quốc gia không xác định)"), "{vi}");
    let en = pdf_text(&project.join("output/review-2024-en.pdf"));
    assert!(en.contains("XK (unknown country code)"), "{en}");
}

#[test]
fn amounts_in_another_currency_are_listed_not_dropped() {
    let project = Project::fixture("valid");
    project.edit("report.toml", |text| {
        format!("{text}\n[[section]]\ntype = \"data-notes\"\ntitle = \"Notes on the data\"\n")
    });
    let en = build_valid(&project, "en");
    assert!(en.contains("Amounts left out of sums"), "{en}");
    assert!(en.contains("Foreign aid (USD): VND 2.5 billion (events: 1)"), "{en}");
    assert!(en.contains("Counts from a log that may be incomplete"), "{en}");
    assert!(en.contains("Agreements signed, 2024: at least 1"), "{en}");
}

#[test]
fn no_unit_label_is_printed_twice_and_no_partial_count_is_a_headline() {
    let project = Project::bundled();
    project.cmd(["build", "--year", "2024", "--quiet"]).run().success();
    for lang in ["en", "vi"] {
        let text = pdf_text(&project.join(format!("output/danang-2024-{lang}.pdf")));
        for doubled in ["(USD) (USD)", "(VND) (VND)", "(VNĐ) (VND)"] {
            assert!(!text.contains(doubled), "{lang}: {doubled}");
        }
        let partial = if lang == "en" { "no official total; at least 3" } else { "chưa có tổng số chính" };
        assert!(text.contains(partial), "{lang}: the delegations card says it has no official total");
    }
    let en = pdf_text(&project.join("output/danang-2024-en.pdf"));
    assert!(en.contains("Officially reported: 48 partner localities in 22 countries and territories (2023)"), "{en}");
    assert!(en.contains("Of these, 20"), "the recorded part of the network is set against the total: {en}");
}

#[test]
fn a_declared_coverage_makes_counts_totals_in_the_pdf_and_without_it_they_are_partial() {
    let project = Project::fixture("valid");
    let complete = build_valid(&project, "en");
    assert!(complete.contains("USD 300,000"), "{complete}");
    assert!(complete.contains("+USD 180,000"), "the complete sum is compared with 2023: {complete}");
    assert!(!complete.contains("no official total"), "{complete}");
    std::fs::remove_file(project.join("data/coverage.toml")).unwrap();
    let partial = build_valid(&project, "en");
    assert!(partial.contains("no official total; at least USD 300,000"), "{partial}");
    assert!(!partial.contains("+USD 180,000"), "a partial sum is never compared: {partial}");
    let vi = build_valid(&project, "vi");
    assert!(vi.contains("chưa có tổng số chính thức"), "{vi}");
}

#[test]
fn the_trend_chart_marks_a_partial_year_as_partial_in_its_alt_text() {
    let project = Project::bundled();
    project.cmd(["build", "--year", "2024", "--lang", "en", "--emit", "context", "--quiet"]).run().success();
    let context: serde_json::Value = serde_json::from_str(&project.read("output/danang-2024-en.json")).unwrap();
    let chart = context["sections"].as_array().unwrap().iter().find(|s| s["chart"]["form"] == "trends").unwrap();
    let trend = &chart["chart"]["panels"][0];
    assert_eq!(trend["indicator"]["id"], "delegations-received");
    assert!(trend["alt_values"].as_str().unwrap().contains("2024: at least 3 (partial)"), "{}", trend["alt_values"]);
    let bars = trend["bars"].as_array().unwrap();
    assert_eq!(bars.last().unwrap()["partial"], true);
    assert_eq!(trend["has_partial"], true);
}
