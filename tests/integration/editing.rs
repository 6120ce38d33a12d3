//! Integration tests of the editing commands: `events add` and `events list`,
//! `templates export`, `init`, `completions` and `man`, each running the real
//! binary on a temporary copy of a fixture project (`tests/fixtures/edit-*`)
//! or of a freshly scaffolded one.

use std::path::PathBuf;

use crate::common::{Cmd, Project, files_ending};
use serde_json::Value;

/// A copy of the `edit-log` fixture in a temporary folder.
fn edit_log() -> Project {
    Project::fixture("edit-log")
}

/// `events add` with the fixture's config and these arguments.
fn add(project: &Project, args: &[&str]) -> Cmd {
    project.cmd(["events", "add", "--config", "report.toml"].iter().chain(args))
}

/// `events list --format json` with the fixture's config and these arguments.
fn list_json(project: &Project, args: &[&str]) -> Vec<Value> {
    let list = ["events", "list", "--config", "report.toml", "--format", "json"];
    project.cmd(list.iter().chain(args)).run().success().json().as_array().expect("an array").clone()
}

fn ids(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["id"].as_str().unwrap_or("")).collect()
}

const MOU: &[&str] = &[
    "--kind",
    "agreement",
    "--date",
    "2025-03-14",
    "--title",
    "Memorandum with Daegu, \"culture first\"",
    "--title-vi",
    "Ghi nhớ với Daegu",
    "--partner",
    "Daegu,KR,locality",
    "--partner",
    "Busan, Metropolitan City,KR,locality",
    "--amount",
    "2800000 USD",
    "--sector",
    "culture",
    "--source",
    "bulletin-2025",
    "--id",
    "2025-mou-daegu",
    "--note",
    "Signed in Daegu.",
];

#[test]
fn add_appends_after_every_existing_byte_and_the_record_round_trips() {
    let project = edit_log();
    let file = project.join("data/2025.toml");
    let before = std::fs::read(&file).unwrap();
    add(&project, MOU).run().success().stdout_is("added 2025-mou-daegu to data/2025.toml\n");
    let after = std::fs::read(&file).unwrap();
    assert!(after.starts_with(&before), "the old text must be an exact prefix of the new one");
    let added = String::from_utf8(after[before.len()..].to_vec()).unwrap();
    assert!(added.starts_with("\n\n[[event]]\nid = \"2025-mou-daegu\"\n"), "{added}");

    project
        .cmd(["check", "--config", "report.toml"])
        .run()
        .success()
        .stdout_contains("6 events")
        .stdout_contains("0 errors, 0 warnings");

    let events = list_json(&project, &["--year", "2025", "--kind", "agreement"]);
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event["title"], "Memorandum with Daegu, \"culture first\"");
    assert_eq!(event["partners"][1]["name"], "Busan, Metropolitan City");
    assert_eq!(event["amount"]["value"], 2_800_000);
    assert_eq!(event["amount"]["currency"], "USD");
    assert_eq!(event["sectors"][0], "culture");
    assert_eq!(event["note"], "Signed in Daegu.");
    let vi = list_json(&project, &["--year", "2025", "--kind", "agreement", "--lang", "vi"]);
    assert_eq!(vi[0]["title"], "Ghi nhớ với Daegu");
}

#[test]
fn add_keeps_crlf_line_ends_and_makes_an_id_when_none_is_given() {
    let project = edit_log();
    let file = "data/2024/events.toml";
    project.edit(file, |text| text.replace('\n', "\r\n"));
    let crlf = project.read(file);
    let args = [
        "--kind",
        "partnership",
        "--date",
        "2024-11",
        "--title",
        "Friendship with Uiwang",
        "--title-vi",
        "Quan hệ hữu nghị với Uiwang",
        "--source",
        "bulletin-2024",
        "--file",
        "data/2024/events.toml",
    ];
    add(&project, &args)
        .run()
        .success()
        .stdout_is("added 2024-11-partnership-friendship-with-uiwang to data/2024/events.toml\n");
    let after = project.read(file);
    assert!(after.starts_with(&crlf));
    assert!(!after.replace("\r\n", "").contains('\n'), "every line end stays CRLF");
    let again = add(&project, &args).run().success();
    assert!(again.stdout().starts_with("added 2024-11-partnership-friendship-with-uiwang-2 "), "{again}");
    project.cmd(["check", "--config", "report.toml"]).run().success();
}

#[test]
fn a_plain_english_title_in_a_bilingual_project_is_refused_with_the_way_out() {
    let project = edit_log();
    let base = ["--kind", "agreement", "--date", "2025-03-14", "--title", "Memorandum with Daegu"];
    add(&project, &[&base[..], &["--source", "bulletin-2025"]].concat())
        .run()
        .status(1)
        .stderr_contains("this title reads as English (\"with\")");
    add(&project, &[&base[..], &["--title-vi", "Biên bản ghi nhớ với Daegu", "--source", "bulletin-2025"]].concat())
        .run()
        .success();
}

#[test]
fn add_creates_the_year_file_when_absent() {
    let project = edit_log();
    add(&project, &["--kind", "other", "--date", "2026", "--title", "Planning", "--source", "bulletin-2025"])
        .run()
        .success()
        .stdout_contains("to data/2026.toml (a new file)");
    let text = project.read("data/2026.toml");
    assert!(text.starts_with("[[event]]\n"), "{text}");
    assert_eq!(list_json(&project, &["--year", "2026"]).len(), 1);
}

#[test]
fn bad_records_are_refused_with_the_reason_and_no_file_changes() {
    let cases: &[(&[&str], &str)] = &[
        (&["--kind", "agrement"], "unknown event kind `agrement`; did you mean `agreement`? (from --kind)"),
        (&["--date", "2025-02-29"], "2025-02-29 is not a real date (2025 is not a leap year) (from --date)"),
        (&["--end", "2025-03-01"], "the event ends (2025-03-01) before it starts (2025-03-14) (from --end)"),
        (
            &["--source", "bulletn-2025"],
            "unknown source id `bulletn-2025`; did you mean `bulletin-2025`? (from --source)",
        ),
        (&["--id", "2024-mou-daegu"], "event id `2024-mou-daegu` is already used at data/2024/events.toml:1:1"),
        (&["--amount", "500 USX"], "`USX` is not an ISO 4217 currency code"),
        (&["--partner", "Daegu,kr,locality"], "unknown country code `kr`; write it in capitals: `KR` (from --partner)"),
        (&["--title", "  "], "the title is empty"),
        (&["--id", "Bad Id"], "`Bad Id` is not a valid id"),
    ];
    for (change, expected) in cases {
        let project = edit_log();
        let data = project.join("data");
        let before: Vec<(PathBuf, Vec<u8>)> = ["sources.toml", "2024/events.toml", "2025.toml"]
            .iter()
            .map(|name| (data.join(name), std::fs::read(data.join(name)).unwrap()))
            .collect();
        let mut args: Vec<&str> =
            vec!["--kind", "agreement", "--date", "2025-03-14", "--title", "MOU", "--source", "bulletin-2025"];
        for pair in change.chunks(2) {
            match args.iter().position(|a| *a == pair[0]) {
                Some(at) => args[at + 1] = pair[1],
                None => args.extend_from_slice(pair),
            }
        }
        add(&project, &args)
            .run()
            .status(1)
            .stderr_contains(expected)
            .stderr_contains("the event was not added")
            .stdout_is("");
        for (path, bytes) in &before {
            assert_eq!(&std::fs::read(path).unwrap(), bytes, "{change:?} changed {}", path.display());
        }
        let files = std::fs::read_dir(&data).unwrap().count();
        assert_eq!(files, 3, "{change:?} left a file behind");
    }
}

#[test]
fn a_located_error_points_into_the_new_record() {
    let project = edit_log();
    let run = add(&project, &["--kind", "agreement", "--date", "2025-13", "--title", "X", "--source", "bulletin-2025"])
        .run()
        .status(1);
    let lines = project.read("data/2025.toml").lines().count();
    let expected = format!("data/2025.toml:{}:8: error: month 13 is out of range", lines + 4);
    assert!(run.stderr().starts_with(&expected), "expected `{expected}` in:\n{run}");
    assert!(run.stderr().ends_with("error: the event was not added (a new record must pass `check` without errors or warnings); data/2025.toml is unchanged\n"), "{run}");
}

#[test]
fn file_outside_the_data_directory_or_not_toml_is_refused() {
    let project = edit_log();
    let base = ["--kind", "other", "--date", "2025", "--title", "X", "--source", "bulletin-2025", "--file"];
    for (file, expected) in [
        ("report.toml", "is outside the data directory data"),
        ("data/../elsewhere.toml", "is outside the data directory"),
        ("data/notes.txt", "must name a .toml file"),
        ("data/.draft.toml", "hidden files and folders"),
    ] {
        let mut args = base.to_vec();
        args.push(file);
        add(&project, &args).run().status(1).stderr_contains(expected);
    }
    assert!(!project.read("report.toml").contains("[[event]]"));
    let absolute = project.join("data/desk/culture.toml");
    let mut args = base.to_vec();
    args.push(absolute.to_str().unwrap());
    add(&project, &args).run().success();
    assert!(absolute.exists());
}

#[test]
fn a_missing_required_flag_is_a_usage_error() {
    let project = edit_log();
    add(&project, &["--kind", "other", "--date", "2025", "--title", "X"]).run().status(2).stderr_contains("--source");
    add(&project, &["--kind", "other", "--date", "2025", "--title", "X", "--source", "s", "--amount", "lots"])
        .run()
        .status(2)
        .stderr_contains("e.g. \"2800000 USD\"");
}

#[test]
fn list_filters_and_sorts_by_date() {
    let project = edit_log();
    let all = list_json(&project, &[]);
    assert_eq!(ids(&all), ["2024-aid-clinic", "2024-mou-daegu", "2024-festival", "2025-aid-water", "2025-visit-sakai"]);
    assert_eq!(
        ids(&list_json(&project, &["--year", "2024", "--kind", "aid,festival"])),
        ["2024-aid-clinic", "2024-festival"]
    );
    assert_eq!(ids(&list_json(&project, &["--partner", "sakai"])), ["2024-festival", "2025-visit-sakai"]);
    assert_eq!(ids(&list_json(&project, &["--partner", "KR"])), ["2024-mou-daegu", "2024-festival"]);
    assert!(list_json(&project, &["--year", "2023"]).is_empty());
    let festival = &all[2];
    assert_eq!(festival["end"], "2024-08-18");
    assert_eq!(festival["partners"].as_array().unwrap().len(), 2);
    assert_eq!(festival["at"], "data/2024/events.toml:19:1");
    project
        .cmd(["events", "list", "--config", "report.toml", "--kind", "festval"])
        .run()
        .status(1)
        .stderr_contains("did you mean `festival`?");
}

#[test]
fn list_as_table_and_csv() {
    let project = edit_log();
    let list = ["events", "list", "--config", "report.toml"];
    let table = project.cmd(list).run().success();
    insta::assert_snapshot!("list_table", table.stdout());
    let vi = project.cmd(list.iter().chain(&["--lang", "vi", "--year", "2025"])).run();
    insta::assert_snapshot!("list_table_vi", vi.stdout());
    let csv = project.cmd(list.iter().chain(&["--format", "csv"])).run().success();
    assert!(csv.stdout().split_inclusive('\n').all(|l| l.ends_with("\r\n")), "RFC 4180 lines end with CRLF");
    insta::assert_snapshot!("list_csv", csv.stdout().replace("\r\n", "⏎\n"));
}

#[test]
fn templates_export_refuses_to_overwrite_without_force() {
    let project = edit_log();
    project
        .cmd(["templates", "export", "templates", "--config", "report.toml"])
        .run()
        .success()
        .stdout_contains("templates = \"templates\"");
    for (name, text) in yearbrief::render::BUILTIN {
        assert_eq!(&project.read(PathBuf::from("templates").join(name)), text, "{name}");
    }

    project.file("templates/theme.typ", "// my theme\n");
    let missing = project.join("templates/cite.typ.hbs");
    std::fs::remove_file(&missing).unwrap();
    project
        .cmd(["templates", "export", "templates"])
        .run()
        .status(1)
        .stderr_contains(&format!("{} files already exist; nothing was written", yearbrief::render::BUILTIN.len() - 1))
        .stderr_contains("templates/theme.typ");
    assert_eq!(project.read("templates/theme.typ"), "// my theme\n");
    assert!(!missing.exists(), "nothing is written when any file conflicts");

    project.cmd(["templates", "export", "templates", "--force"]).run().success();
    assert!(project.read("templates/theme.typ").contains("#let"));
    assert!(missing.exists());
}

#[test]
fn init_scaffolds_a_project_that_checks_and_builds() {
    let root = Project::empty();
    root.cmd(["init", "review"]).run().success();
    let project = Project::at(root.join("review"));
    for file in ["config/report.toml", "data/sources.toml", "data/partners.toml", "output/.gitkeep", "README.md"] {
        assert!(project.join(file).is_file(), "{file}");
    }
    project
        .cmd(["check"])
        .run()
        .success()
        .stdout_contains("1 source, 1 event, 1 figure, 1 partner; 0 errors, 0 warnings");

    project.cmd(["templates", "export", "templates"]).run().success().stdout_contains("templates = \"../templates\"");
    project.edit("config/report.toml", |text| text.replace("# templates = ", "templates = "));

    root.cmd(["build", "--config", "review/config/report.toml"]).run().success();
    let pdfs = files_ending(&project.join("output"), ".pdf");
    assert_eq!(pdfs.len(), 2, "{pdfs:?}");

    let year_file = std::fs::read_dir(project.join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("20"))
        .unwrap();
    let year = year_file.trim_end_matches(".toml");
    let date = format!("{year}-06-01");
    project
        .cmd([
            "events",
            "add",
            "--kind",
            "festival",
            "--date",
            &date,
            "--title",
            "Fest",
            "--source",
            "example-year-end-report",
        ])
        .run()
        .success()
        .stdout_contains(&format!("to data/{year_file}\n"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let root = Project::empty();
    root.file("notes.txt", "mine");
    root.cmd(["init", "."]).run().status(1).stderr_contains("is not empty (it holds notes.txt)");
    assert!(!root.join("config").exists());
    root.cmd(["init", ".", "--force"]).run().success();
    assert_eq!(root.read("notes.txt"), "mine");
    root.cmd(["check"]).run().success();
}

#[test]
fn completions_and_man_page_are_generated() {
    let dir = Project::empty();
    dir.cmd(["completions", "bash"]).run().success().stdout_contains("yearbrief").stdout_contains("--title-vi");
    let zsh = dir.cmd(["completions", "zsh"]).run();
    assert!(zsh.stdout().starts_with("#compdef yearbrief"), "{zsh}");
    dir.cmd(["completions", "tcsh"]).run().status(2);
    let man = dir.cmd(["man"]).run().success().stdout_contains(".TH yearbrief 1").stdout_contains("events");
    assert!(man.stdout().starts_with(".ie \\n(.g .ds Aq"), "{man}");
}

#[test]
fn sources_add_appends_a_checked_source_and_prints_the_id_to_cite() {
    let project = Project::fixture("valid");
    let before = project.read("data/sources.toml");
    let add = |published: &str, extra: &[&str]| {
        let mut args = vec!["sources", "add", "--config", "report.toml", "--publisher", "Da Nang Today"];
        args.extend(["--published", published]);
        args.extend(extra);
        project.cmd(args).run()
    };
    add("2024-07-31", &["--title", "Da Nang welcomes Daegu", "--title-vi", "Đà Nẵng đón Daegu"])
        .success()
        .stdout_contains("added source da-nang-today-2024-07-31 to data/sources.toml")
        .stdout_contains("cite it with: --source da-nang-today-2024-07-31");
    let after = project.read("data/sources.toml");
    assert!(after.starts_with(&before), "every old byte is kept");
    assert!(after.ends_with(
        "[[source]]\nid = \"da-nang-today-2024-07-31\"\ntitle = { en = \"Da Nang welcomes Daegu\", vi = \"Đà Nẵng đón Daegu\" }\n\
         publisher = \"Da Nang Today\"\npublished = \"2024-07-31\"\n"
    ), "{after}");
    project.cmd(["check", "--config", "report.toml"]).run().success();

    // The same id again, and a date written day first: refused, nothing written.
    for (published, message) in [
        ("2024-07-31", "source id `da-nang-today-2024-07-31` is already used"),
        ("31/07/2024", "\"31/07/2024\" is written day first; write 2024-07-31 (year-month-day) (from --published)"),
    ] {
        add(published, &["--title", "T"])
            .status(1)
            .stderr_contains(message)
            .stderr_contains("the source was not added");
        assert_eq!(project.read("data/sources.toml"), after);
    }
}
