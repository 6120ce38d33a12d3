//! Integration tests: the real binary run on fixture projects in
//! `tests/fixtures/<case>/` and on the bundled Da Nang data, with the exit
//! code checked and stderr compared with insta snapshots.

use std::path::{Path, PathBuf};

use crate::common::{Run, bundled_project, fixture, fixture_project, repo, yearbrief};
use serde_json::Value;

fn check_fixture(case: &str) -> Run {
    yearbrief(&fixture(case), &["check", "--config", "report.toml"])
}

fn stats_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["stats", "--format", "json"];
    all.extend_from_slice(args);
    let run = yearbrief(dir, &all);
    assert_eq!(run.code, 0, "stats failed: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("stats prints JSON")
}

fn indicator<'a>(stats: &'a Value, id: &str) -> &'a Value {
    stats["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

fn assert_no_panic(run: &Run) {
    assert!(!run.stderr.contains("panicked"), "the binary panicked: {}", run.stderr);
    assert!(!run.stderr.contains("RUST_BACKTRACE"), "a backtrace hint leaked: {}", run.stderr);
}

#[test]
fn check_passes_on_the_valid_fixture() {
    let run = check_fixture("valid");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("check_valid_stdout", run.stdout);
}

#[test]
fn stats_json_of_the_valid_fixture_matches_hand_computed_values() {
    let stats = stats_json(&fixture("valid"), &["--config", "report.toml", "--year", "2024"]);
    assert_eq!(stats["year"], 2024);
    let delegations = indicator(&stats, "delegations-received");
    assert_eq!(delegations["value"], 180);
    assert_eq!(delegations["qualifier"], "nearly");
    assert_eq!(delegations["origin"], "reported");
    assert_eq!(delegations["previous"], 150);
    assert_eq!(delegations["previous_qualifier"], "about");
    assert_eq!(delegations["change"], 30);
    assert_eq!(delegations["change_pct"], 20);
    assert_eq!(delegations["logged"], 0);
    let aid = indicator(&stats, "aid-usd");
    assert_eq!(aid["value"], 300_000, "the VND grant is not added to the USD sum");
    assert_eq!(aid["previous"], 120_000);
    assert_eq!(aid["change_pct"], 150);
    assert_eq!(aid["origin"], "events", "the aid log is declared complete from 2023");
    assert_eq!(aid["complete"], true);
    assert_eq!(indicator(&stats, "aid-packages")["value"], 2);
    let agreements = indicator(&stats, "agreements");
    assert_eq!(agreements["origin"], "partial", "no coverage is declared for agreements");
    assert_eq!(agreements["qualifier"], "at-least");
    assert_eq!(agreements["complete"], false);
    assert_eq!((&agreements["change"], &agreements["change_pct"]), (&Value::Null, &Value::Null));
    assert_eq!(stats["events_by_kind"]["agreement"]["count"], 1);
    assert_eq!(stats["events_by_kind"]["agreement"]["previous"], 1);
    assert_eq!(stats["partners"]["new"][0]["name"], "Uiwang");
    assert_eq!(stats["partners"]["localities"], 2);
    assert_eq!(stats["partners"]["localities_previous"], 1);
    insta::assert_json_snapshot!("stats_valid_2024", stats);
}

#[test]
fn without_a_coverage_log_counts_are_partial_and_never_compared() {
    let project = fixture_project("valid");
    std::fs::remove_file(project.path().join("data/coverage.toml")).unwrap();
    let stats = stats_json(project.path(), &["--config", "report.toml", "--year", "2024"]);
    let aid = indicator(&stats, "aid-usd");
    assert_eq!(
        (&aid["value"], &aid["origin"], &aid["qualifier"]),
        (&300_000.into(), &"partial".into(), &"at-least".into())
    );
    assert_eq!((&aid["previous"], &aid["previous_origin"]), (&120_000.into(), &"partial".into()));
    assert_eq!((&aid["change"], &aid["change_pct"]), (&Value::Null, &Value::Null));
    let table = yearbrief(project.path(), &["stats", "--config", "report.toml", "--year", "2024"]);
    assert!(table.stdout.contains("at least USD 300,000 (partial)"), "{}", table.stdout);
}

#[test]
fn stats_table_of_the_valid_fixture_in_vietnamese() {
    let run = yearbrief(&fixture("valid"), &["stats", "--config", "report.toml", "--lang", "vi"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("stats_valid_table_vi", run.stdout);
}

#[test]
fn malformed_toml_is_located_and_exits_1() {
    let run = check_fixture("syntax-error");
    assert_eq!(run.code, 1);
    assert_no_panic(&run);
    insta::assert_snapshot!("check_syntax_error", run.stderr);
}

#[test]
fn wrong_type_is_located_and_exits_1() {
    let run = check_fixture("wrong-type");
    assert_eq!(run.code, 1);
    assert_no_panic(&run);
    insta::assert_snapshot!("check_wrong_type", run.stderr);
}

#[test]
fn unknown_field_is_located_and_exits_1() {
    let run = check_fixture("unknown-field");
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("check_unknown_field", run.stderr);
}

#[test]
fn unknown_indicator_in_a_figure_is_located_and_exits_1() {
    let run = check_fixture("unknown-indicator");
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("check_unknown_indicator", run.stderr);
}

#[test]
fn missing_data_directory_points_at_the_config_key() {
    let run = check_fixture("missing-data-dir");
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("check_missing_data_dir", run.stderr);
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let run = check_fixture("many-problems");
    assert_eq!(run.code, 1);
    assert_no_panic(&run);
    insta::assert_snapshot!("check_many_problems", run.stderr);
}

#[test]
fn config_errors_are_all_reported_with_positions() {
    let run = check_fixture("config-errors");
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("check_config_errors", run.stderr);
}

#[test]
fn missing_config_says_how_to_name_one() {
    let dir = tempfile::tempdir().unwrap();
    let run = yearbrief(dir.path(), &["check"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("check_missing_config", run.stderr);
}

#[test]
fn usage_error_exits_2() {
    let run = yearbrief(&repo(), &["stats", "--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid value 'xml'"), "{}", run.stderr);
    let run = yearbrief(&repo(), &["stats", "--year", "24"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("the year 0024 is outside the years yearbrief accepts"), "{}", run.stderr);
    let run = yearbrief(&repo(), &["stats", "--year", "last"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a year"), "{}", run.stderr);
}

#[test]
fn stats_refuses_data_with_errors() {
    let run = yearbrief(&fixture("many-problems"), &["stats", "--config", "report.toml"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("a.toml:9:8: error"), "{}", run.stderr);
}

// The bundled Da Nang data set.

#[test]
fn bundled_data_passes_check() {
    let run = yearbrief(&repo(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
}

#[test]
fn bundled_stats_2023_give_the_reported_delegations() {
    let stats = stats_json(&repo(), &["--year", "2023"]);
    let delegations = indicator(&stats, "delegations-received");
    assert_eq!(delegations["value"], 400);
    assert_eq!(delegations["qualifier"], "nearly");
    assert_eq!(delegations["origin"], "reported");
    assert_eq!(delegations["previous"], 192);
    assert_eq!(delegations["previous_origin"], "from-change");
    assert_eq!(delegations["change"], 208);
}

#[test]
fn bundled_stats_2023_list_the_aid_items_conflict() {
    let stats = stats_json(&repo(), &["--year", "2023"]);
    let packages = indicator(&stats, "ngo-aid-packages");
    let mut values = vec![packages["value"].as_i64().unwrap()];
    values.extend(packages["conflicts"].as_array().unwrap().iter().map(|c| c["value"].as_i64().unwrap()));
    values.sort();
    assert_eq!(values, [43, 44], "both the 43 and the 44 aid items are kept");
}

#[test]
fn bundled_stats_2024_give_the_fdi_and_first_half_aid() {
    let stats = stats_json(&repo(), &["--year", "2024"]);
    let fdi = indicator(&stats, "fdi-capital-usd");
    assert_eq!(fdi["value"], 213_000_000);
    assert_eq!(fdi["qualifier"], "over");
    let packages = indicator(&stats, "ngo-aid-packages");
    let half =
        packages["periods"].as_array().unwrap().iter().find(|p| p["period"] == "2024-H1").expect("a 2024-H1 figure");
    assert_eq!(half["value"], 26);
    assert_eq!(half["previous"], 21);
    assert_eq!(half["change"], 5);
}

fn first_toml(dir: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files.into_iter().next().expect("the seeds have a top-level .toml file")
}

#[test]
fn broken_copy_of_bundled_data_fails_with_locations() {
    let project = bundled_project();
    let data = project.path().join("seeds/danang");
    let victim = first_toml(&data);
    let text = std::fs::read_to_string(&victim).unwrap();
    let date_line = text[..text.find("[[").unwrap()].matches('\n').count() + 2;
    let broken = text.replacen("[[", "[[event]]\ndate = \"2024-13\"\nkind = \"agreement\"\ntitle = \"x\"\n\n[[", 1);
    std::fs::write(
        &victim,
        format!(
            "{broken}\n[[figure]]\nindicator = \"no-such-indicator\"\nperiod = \"2024\"\nvalue = 1\nsource = \"x\"\n"
        ),
    )
    .unwrap();
    let run = yearbrief(project.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let name = victim.file_name().unwrap().to_string_lossy().into_owned();
    let shown = format!("seeds/danang/{name}");
    assert!(run.stderr.contains(&format!("{shown}:{date_line}:8: error: ")), "{}", run.stderr);
    assert!(run.stderr.contains("month 13"), "{}", run.stderr);
    assert!(run.stderr.contains("unknown indicator `no-such-indicator`"), "{}", run.stderr);
}

#[test]
fn check_resolves_paths_against_the_config_not_the_working_directory() {
    let project = bundled_project();
    let elsewhere = tempfile::tempdir().unwrap();
    let config = project.path().join("config/report.toml");
    let run = yearbrief(elsewhere.path(), &["check", "--config", config.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
