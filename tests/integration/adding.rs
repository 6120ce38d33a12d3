//! Integration tests of `figures add` and `partners add`: a record from
//! flags, checked as `check` would check it, appended after every old byte
//! and printed as written; refused, naming the flag, for anything `check`
//! would reject or newly warn about, with nothing written.

use crate::common::Project;

#[test]
fn figures_add_appends_a_checked_figure_and_prints_it() {
    let project = Project::fixture("valid");
    let args = [
        "figures",
        "add",
        "--config",
        "report.toml",
        "--indicator",
        "delegations-received",
        "--period",
        "quý 1/2024",
        "--value",
        "1_200",
        "--qualifier",
        "gần",
        "--change",
        "-3",
        "--as-of",
        "2024-03-31",
        "--source",
        "bulletin-2024",
        "--note",
        "From the bulletin",
        "--note-vi",
        "Theo bản tin",
    ];
    let record = "[[figure]]\nindicator = \"delegations-received\"\nperiod = \"2024-Q1\"\nvalue = 1200\nqualifier = \"nearly\"\nchange = -3\nas-of = \"2024-03-31\"\nsource = \"bulletin-2024\"\nnote = { en = \"From the bulletin\", vi = \"Theo bản tin\" }\n";
    added_as(&project, &args, "figure", "data/figures.toml", record);
}

/// Runs an `add` command that creates `file`, and checks that it printed
/// and wrote `record`, and that the data still passes `check`.
fn added_as(project: &Project, args: &[&str], name: &str, file: &str, record: &str) {
    project.cmd(args).run().success().stdout_is(&format!("added a {name} to {file} (a new file):\n{record}"));
    assert_eq!(project.read(file), record);
    project.cmd(["check", "--config", "report.toml"]).run().success().stdout_contains("0 errors");
}

#[test]
fn figures_add_refuses_what_check_would_reject_naming_the_flag() {
    let project = Project::fixture("valid");
    let add = |extra: &[&str]| {
        let mut args = vec!["figures", "add", "--config", "report.toml", "--period", "2024", "--value", "12"];
        args.extend(extra);
        project.cmd(args).run()
    };
    add(&["--indicator", "delegation-received", "--source", "bulletin-2024"])
        .status(1)
        .stderr_contains(
            "unknown indicator `delegation-received`; did you mean `delegations-received`? (from --indicator)",
        )
        .stderr_contains("the figure was not added");
    add(&["--indicator", "agreements", "--source", "bulletin-2042"])
        .status(1)
        .stderr_contains("unknown source id `bulletin-2042`; did you mean `bulletin-2024`? (from --source)")
        .stderr_contains("data/figures.toml was not created");
    add(&["--indicator", "agreements", "--source", "bulletin-2024", "--as-of", "31/12/2024"])
        .status(1)
        .stderr_contains("write 2024-12-31 (year-month-day) (from --as-of)");
    project
        .cmd([
            "figures",
            "add",
            "--config",
            "report.toml",
            "--indicator",
            "agreements",
            "--period",
            "2024-H3",
            "--value",
            "12",
            "--source",
            "bulletin-2024",
        ])
        .run()
        .status(1)
        .stderr_contains("--period: `2024-H3` is not a period");
    project
        .cmd([
            "figures",
            "add",
            "--config",
            "report.toml",
            "--indicator",
            "agreements",
            "--period",
            "2024",
            "--value",
            "1,200",
            "--source",
            "bulletin-2024",
        ])
        .run()
        .status(2)
        .stderr_contains("write the number without thousands separators: 1200 or with underscores");
    assert!(!project.join("data/figures.toml").exists(), "nothing was written");
}

#[test]
fn partners_add_reads_the_country_and_type_as_officers_say_them() {
    let project = Project::fixture("valid");
    let record = "[[partner]]\nname = { en = \"Daegu\", vi = \"Thành phố Daegu\" }\ncountry = \"KR\"\ntype = \"locality\"\nsince = \"2015\"\nlocation = [35.87, 128.6]\nsource = \"bulletin-2024\"\n";
    let args = [
        "partners",
        "add",
        "--config",
        "report.toml",
        "--name",
        "Daegu",
        "--name-vi",
        "Thành phố Daegu",
        "--country",
        "Hàn Quốc",
        "--type",
        "địa phương",
        "--since",
        "2015",
        "--location",
        "35.87,128.6",
        "--source",
        "bulletin-2024",
    ];
    added_as(&project, &args, "partner", "data/partners.toml", record);
}

#[test]
fn partners_add_refuses_what_check_would_reject_or_newly_warn_about() {
    let project = Project::fixture("valid");
    let add = |extra: &[&str]| {
        let mut args = vec!["partners", "add", "--config", "report.toml", "--type", "locality"];
        args.extend(extra);
        project.cmd(args).run()
    };
    add(&["--name", "Daegu", "--country", "Koreaa", "--source", "bulletin-2024"])
        .status(1)
        .stderr_contains("--country: unknown country `Koreaa`; did you mean Korea (KR)?");
    add(&["--name", "Daegu", "--country", "KR", "--source", "bulletin-2024", "--since", "2015-3-5"])
        .status(1)
        .stderr_contains("(from --since)")
        .stderr_contains("the partner was not added");
    add(&["--name", "City of Daegu", "--country", "KR", "--source", "bulletin-2024"])
        .status(1)
        .stderr_contains("this partner name reads as English (\"of\")")
        .stderr_contains("(from --name)");
    add(&["--name", "Daegu", "--country", "KR", "--source", "no-such-source"])
        .status(1)
        .stderr_contains("unknown source id `no-such-source`")
        .stderr_contains("(from --source)");
    add(&["--name", "Daegu", "--country", "KR", "--source", "bulletin-2024", "--location", "95,10"])
        .status(1)
        .stderr_contains("`location` must be [latitude, longitude]")
        .stderr_contains("(from --location)");
    assert!(!project.join("data/partners.toml").exists(), "nothing was written");
}

#[test]
fn figures_add_refuses_a_figure_that_check_would_newly_warn_about() {
    let project = Project::bundled();
    project
        .cmd([
            "figures",
            "add",
            "--indicator",
            "delegations-received",
            "--period",
            "2023",
            "--value",
            "500",
            "--source",
            "nhandan-2025",
        ])
        .run()
        .status(1)
        .stderr_contains("warning: conflicting figures for `delegations-received` in 2023: 400 here, 500 at seeds/danang/figures.toml:1:1")
        .stderr_contains("error: the figure was not added (a new record must pass `check` without errors or warnings); seeds/danang/figures.toml was not created");
    assert!(!project.join("seeds/danang/figures.toml").exists());
}
