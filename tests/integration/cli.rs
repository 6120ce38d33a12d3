//! Integration tests: the real binary run on fixture projects in
//! `tests/fixtures/<case>/` and on the bundled Da Nang data, with the exit
//! code checked and stderr compared with insta snapshots.

use std::path::{Path, PathBuf};

use crate::common::{Output, Project, fixture, repo};
use serde_json::Value;

/// `check` run on a fixture in place.
fn check_fixture(case: &str) -> Output {
    Project::at(fixture(case)).cmd(["check", "--config", "report.toml"]).run()
}

/// `stats --format json` with these arguments, run in `project`.
fn stats_json(project: &Project, args: &[&str]) -> Value {
    project.cmd(["stats", "--format", "json"].iter().chain(args)).run().success().json()
}

fn indicator<'a>(stats: &'a Value, id: &str) -> &'a Value {
    stats["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

fn assert_no_panic(run: &Output) {
    assert!(!run.stderr().contains("panicked"), "the binary panicked: {run}");
    assert!(!run.stderr().contains("RUST_BACKTRACE"), "a backtrace hint leaked: {run}");
}

#[test]
fn check_passes_on_the_valid_fixture() {
    let run = check_fixture("valid").success().stderr_is("");
    insta::assert_snapshot!("check_valid_stdout", run.stdout());
}

#[test]
fn stats_json_of_the_valid_fixture_matches_hand_computed_values() {
    let stats = stats_json(&Project::at(fixture("valid")), &["--config", "report.toml", "--year", "2024"]);
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
    let project = Project::fixture("valid");
    std::fs::remove_file(project.join("data/coverage.toml")).unwrap();
    let stats = stats_json(&project, &["--config", "report.toml", "--year", "2024"]);
    let aid = indicator(&stats, "aid-usd");
    assert_eq!(
        (&aid["value"], &aid["origin"], &aid["qualifier"]),
        (&300_000.into(), &"partial".into(), &"at-least".into())
    );
    assert_eq!((&aid["previous"], &aid["previous_origin"]), (&120_000.into(), &"partial".into()));
    assert_eq!((&aid["change"], &aid["change_pct"]), (&Value::Null, &Value::Null));
    project
        .cmd(["stats", "--config", "report.toml", "--year", "2024"])
        .run()
        .success()
        .stdout_contains("at least USD 300,000 (partial)");
}

#[test]
fn stats_table_of_the_valid_fixture_in_vietnamese() {
    let run = Project::at(fixture("valid")).cmd(["stats", "--config", "report.toml", "--lang", "vi"]).run().success();
    insta::assert_snapshot!("stats_valid_table_vi", run.stdout());
}

#[test]
fn malformed_toml_is_located_and_exits_1() {
    let run = check_fixture("syntax-error").status(1);
    assert_no_panic(&run);
    insta::assert_snapshot!("check_syntax_error", run.stderr());
}

#[test]
fn wrong_type_is_located_and_exits_1() {
    let run = check_fixture("wrong-type").status(1);
    assert_no_panic(&run);
    insta::assert_snapshot!("check_wrong_type", run.stderr());
}

#[test]
fn unknown_field_is_located_and_exits_1() {
    let run = check_fixture("unknown-field").status(1);
    insta::assert_snapshot!("check_unknown_field", run.stderr());
}

#[test]
fn unknown_indicator_in_a_figure_is_located_and_exits_1() {
    let run = check_fixture("unknown-indicator").status(1);
    insta::assert_snapshot!("check_unknown_indicator", run.stderr());
}

#[test]
fn missing_data_directory_points_at_the_config_key() {
    let run = check_fixture("missing-data-dir").status(1);
    insta::assert_snapshot!("check_missing_data_dir", run.stderr());
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let run = check_fixture("many-problems").status(1);
    assert_no_panic(&run);
    insta::assert_snapshot!("check_many_problems", run.stderr());
}

#[test]
fn config_errors_are_all_reported_with_positions() {
    let run = check_fixture("config-errors").status(1);
    insta::assert_snapshot!("check_config_errors", run.stderr());
}

#[test]
fn missing_config_says_how_to_name_one() {
    let run = Project::empty().cmd(["check"]).run().status(1);
    insta::assert_snapshot!("check_missing_config", run.stderr());
}

#[test]
fn usage_error_exits_2() {
    let repo = Project::at(repo());
    repo.cmd(["stats", "--format", "xml"]).run().status(2).stderr_contains("invalid value 'xml'");
    repo.cmd(["stats", "--year", "24"])
        .run()
        .status(2)
        .stderr_contains("the year 0024 is outside the years yearbrief accepts");
    repo.cmd(["stats", "--year", "last"]).run().status(2).stderr_contains("not a year");
}

#[test]
fn stats_refuses_data_with_errors() {
    Project::at(fixture("many-problems"))
        .cmd(["stats", "--config", "report.toml"])
        .run()
        .status(1)
        .stdout_is("")
        .stderr_contains("a.toml:9:8: error");
}

// The bundled Da Nang data set.

#[test]
fn bundled_data_passes_check() {
    let run = Project::at(repo()).cmd(["check"]).run().success();
    assert!(!run.stderr().contains("error"), "{run}");
}

#[test]
fn bundled_stats_2023_give_the_reported_delegations() {
    let stats = stats_json(&Project::at(repo()), &["--year", "2023"]);
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
    let stats = stats_json(&Project::at(repo()), &["--year", "2023"]);
    let packages = indicator(&stats, "ngo-aid-packages");
    let mut values = vec![packages["value"].as_i64().unwrap()];
    values.extend(packages["conflicts"].as_array().unwrap().iter().map(|c| c["value"].as_i64().unwrap()));
    values.sort();
    assert_eq!(values, [43, 44], "both the 43 and the 44 aid items are kept");
}

#[test]
fn bundled_stats_2024_give_the_fdi_and_first_half_aid() {
    let stats = stats_json(&Project::at(repo()), &["--year", "2024"]);
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
    let project = Project::bundled();
    let victim = first_toml(&project.join("seeds/danang"));
    let name = victim.file_name().unwrap().to_string_lossy().into_owned();
    let shown = format!("seeds/danang/{name}");
    let text = project.read(&shown);
    let date_line = text[..text.find("[[").unwrap()].matches('\n').count() + 2;
    project.edit(&shown, |text| {
        let broken = text.replacen("[[", "[[event]]\ndate = \"2024-13\"\nkind = \"agreement\"\ntitle = \"x\"\n\n[[", 1);
        format!(
            "{broken}\n[[figure]]\nindicator = \"no-such-indicator\"\nperiod = \"2024\"\nvalue = 1\nsource = \"x\"\n"
        )
    });
    project
        .cmd(["check"])
        .run()
        .status(1)
        .stderr_contains(&format!("{shown}:{date_line}:8: error: "))
        .stderr_contains("month 13")
        .stderr_contains("unknown indicator `no-such-indicator`");
}

#[test]
fn check_resolves_paths_against_the_config_not_the_working_directory() {
    let project = Project::bundled();
    let elsewhere = Project::empty();
    let config = project.join("config/report.toml");
    project.cmd(["check", "--config", config.to_str().unwrap()]).current_dir(elsewhere.path()).run().success();
}
