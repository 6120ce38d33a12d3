//! Integration tests of the editing commands: `events add` and `events list`,
//! `templates export`, `init`, `completions` and `man`, each running the real
//! binary on a temporary copy of a fixture project (`tests/fixtures/edit-*`)
//! or of a freshly scaffolded one.

use std::path::{Path, PathBuf};

use crate::common::{Run, fixture_project, yearbrief};
use serde_json::Value;

/// A copy of the `edit-log` fixture in a temporary folder.
fn edit_log() -> tempfile::TempDir {
    fixture_project("edit-log")
}

/// `events add` with the fixture's config and these arguments.
fn add(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["events", "add", "--config", "report.toml"];
    all.extend_from_slice(args);
    yearbrief(dir, &all)
}

fn list_json(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["events", "list", "--config", "report.toml", "--format", "json"];
    all.extend_from_slice(args);
    let run = yearbrief(dir, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str::<Value>(&run.stdout).expect("list prints JSON").as_array().expect("an array").clone()
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
    let file = project.path().join("data/2025.toml");
    let before = std::fs::read(&file).unwrap();
    let run = add(project.path(), MOU);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "added 2025-mou-daegu to data/2025.toml\n");
    let after = std::fs::read(&file).unwrap();
    assert!(after.starts_with(&before), "the old text must be an exact prefix of the new one");
    let added = String::from_utf8(after[before.len()..].to_vec()).unwrap();
    assert!(added.starts_with("\n\n[[event]]\nid = \"2025-mou-daegu\"\n"), "{added}");

    let check = yearbrief(project.path(), &["check", "--config", "report.toml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.contains("6 events"), "{}", check.stdout);
    assert!(check.stdout.contains("0 errors, 0 warnings"), "{}", check.stdout);

    let events = list_json(project.path(), &["--year", "2025", "--kind", "agreement"]);
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event["title"], "Memorandum with Daegu, \"culture first\"");
    assert_eq!(event["partners"][1]["name"], "Busan, Metropolitan City");
    assert_eq!(event["amount"]["value"], 2_800_000);
    assert_eq!(event["amount"]["currency"], "USD");
    assert_eq!(event["sectors"][0], "culture");
    assert_eq!(event["note"], "Signed in Daegu.");
    let vi = list_json(project.path(), &["--year", "2025", "--kind", "agreement", "--lang", "vi"]);
    assert_eq!(vi[0]["title"], "Ghi nhớ với Daegu");
}

#[test]
fn add_keeps_crlf_line_ends_and_makes_an_id_when_none_is_given() {
    let project = edit_log();
    let file = project.path().join("data/2024/events.toml");
    let crlf = std::fs::read_to_string(&file).unwrap().replace('\n', "\r\n");
    std::fs::write(&file, &crlf).unwrap();
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
    let run = add(project.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "added 2024-11-partnership-friendship-with-uiwang to data/2024/events.toml\n");
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(after.starts_with(&crlf));
    assert!(!after.replace("\r\n", "").contains('\n'), "every line end stays CRLF");
    let again = add(project.path(), &args);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.starts_with("added 2024-11-partnership-friendship-with-uiwang-2 "), "{}", again.stdout);
    assert_eq!(yearbrief(project.path(), &["check", "--config", "report.toml"]).code, 0);
}

#[test]
fn a_plain_english_title_in_a_bilingual_project_is_refused_with_the_way_out() {
    let project = edit_log();
    let run = add(
        project.path(),
        &[
            "--kind",
            "agreement",
            "--date",
            "2025-03-14",
            "--title",
            "Memorandum with Daegu",
            "--source",
            "bulletin-2025",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("this title reads as English (\"with\")"), "{}", run.stderr);
    let run = add(
        project.path(),
        &[
            "--kind",
            "agreement",
            "--date",
            "2025-03-14",
            "--title",
            "Memorandum with Daegu",
            "--title-vi",
            "Biên bản ghi nhớ với Daegu",
            "--source",
            "bulletin-2025",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn add_creates_the_year_file_when_absent() {
    let project = edit_log();
    let run =
        add(project.path(), &["--kind", "other", "--date", "2026", "--title", "Planning", "--source", "bulletin-2025"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("to data/2026.toml (a new file)"), "{}", run.stdout);
    let text = std::fs::read_to_string(project.path().join("data/2026.toml")).unwrap();
    assert!(text.starts_with("[[event]]\n"), "{text}");
    assert_eq!(list_json(project.path(), &["--year", "2026"]).len(), 1);
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
        let data = project.path().join("data");
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
        let run = add(project.path(), &args);
        assert_eq!(run.code, 1, "{change:?} must be refused: {}", run.stdout);
        assert!(run.stderr.contains(expected), "{change:?}: expected `{expected}` in:\n{}", run.stderr);
        assert!(run.stderr.contains("the event was not added"), "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
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
    let run =
        add(project.path(), &["--kind", "agreement", "--date", "2025-13", "--title", "X", "--source", "bulletin-2025"]);
    assert_eq!(run.code, 1);
    let lines = std::fs::read_to_string(project.path().join("data/2025.toml")).unwrap().lines().count();
    let expected = format!("data/2025.toml:{}:8: error: month 13 is out of range", lines + 4);
    assert!(run.stderr.starts_with(&expected), "expected `{expected}` in:\n{}", run.stderr);
    assert!(run.stderr.ends_with("error: the event was not added (a new record must pass `check` without errors or warnings); data/2025.toml is unchanged\n"), "{}", run.stderr);
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
        let run = add(project.path(), &args);
        assert_eq!(run.code, 1, "{file}");
        assert!(run.stderr.contains(expected), "{file}: {}", run.stderr);
    }
    let report = std::fs::read_to_string(project.path().join("report.toml")).unwrap();
    assert!(!report.contains("[[event]]"));
    let absolute = project.path().join("data/desk/culture.toml");
    let mut args = base.to_vec();
    args.push(absolute.to_str().unwrap());
    let run = add(project.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(absolute.exists());
}

#[test]
fn a_missing_required_flag_is_a_usage_error() {
    let project = edit_log();
    let run = add(project.path(), &["--kind", "other", "--date", "2025", "--title", "X"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--source"), "{}", run.stderr);
    let run = add(
        project.path(),
        &["--kind", "other", "--date", "2025", "--title", "X", "--source", "s", "--amount", "lots"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("e.g. \"2800000 USD\""), "{}", run.stderr);
}

#[test]
fn list_filters_and_sorts_by_date() {
    let project = edit_log();
    let all = list_json(project.path(), &[]);
    assert_eq!(ids(&all), ["2024-aid-clinic", "2024-mou-daegu", "2024-festival", "2025-aid-water", "2025-visit-sakai"]);
    assert_eq!(
        ids(&list_json(project.path(), &["--year", "2024", "--kind", "aid,festival"])),
        ["2024-aid-clinic", "2024-festival"]
    );
    assert_eq!(ids(&list_json(project.path(), &["--partner", "sakai"])), ["2024-festival", "2025-visit-sakai"]);
    assert_eq!(ids(&list_json(project.path(), &["--partner", "KR"])), ["2024-mou-daegu", "2024-festival"]);
    assert!(list_json(project.path(), &["--year", "2023"]).is_empty());
    let festival = &all[2];
    assert_eq!(festival["end"], "2024-08-18");
    assert_eq!(festival["partners"].as_array().unwrap().len(), 2);
    assert_eq!(festival["at"], "data/2024/events.toml:19:1");
    let unknown = yearbrief(project.path(), &["events", "list", "--config", "report.toml", "--kind", "festval"]);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("did you mean `festival`?"), "{}", unknown.stderr);
}

#[test]
fn list_as_table_and_csv() {
    let project = edit_log();
    let table = yearbrief(project.path(), &["events", "list", "--config", "report.toml"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    insta::assert_snapshot!("list_table", table.stdout);
    let vi =
        yearbrief(project.path(), &["events", "list", "--config", "report.toml", "--lang", "vi", "--year", "2025"]);
    insta::assert_snapshot!("list_table_vi", vi.stdout);
    let csv = yearbrief(project.path(), &["events", "list", "--config", "report.toml", "--format", "csv"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert!(csv.stdout.split_inclusive('\n').all(|l| l.ends_with("\r\n")), "RFC 4180 lines end with CRLF");
    insta::assert_snapshot!("list_csv", csv.stdout.replace("\r\n", "⏎\n"));
}

#[test]
fn templates_export_refuses_to_overwrite_without_force() {
    let project = edit_log();
    let run = yearbrief(project.path(), &["templates", "export", "templates", "--config", "report.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (name, text) in yearbrief::render::BUILTIN {
        assert_eq!(&std::fs::read_to_string(project.path().join("templates").join(name)).unwrap(), text, "{name}");
    }
    assert!(run.stdout.contains("templates = \"templates\""), "{}", run.stdout);

    let theme = project.path().join("templates/theme.typ");
    std::fs::write(&theme, "// my theme\n").unwrap();
    let missing = project.path().join("templates/cite.typ.hbs");
    std::fs::remove_file(&missing).unwrap();
    let refused = yearbrief(project.path(), &["templates", "export", "templates"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("10 files already exist; nothing was written"), "{}", refused.stderr);
    assert!(refused.stderr.contains("templates/theme.typ"), "{}", refused.stderr);
    assert_eq!(std::fs::read_to_string(&theme).unwrap(), "// my theme\n");
    assert!(!missing.exists(), "nothing is written when any file conflicts");

    let forced = yearbrief(project.path(), &["templates", "export", "templates", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(std::fs::read_to_string(&theme).unwrap().contains("#let"));
    assert!(missing.exists());
}

#[test]
fn init_scaffolds_a_project_that_checks_and_builds() {
    let root = tempfile::tempdir().unwrap();
    let run = yearbrief(root.path(), &["init", "review"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let project = root.path().join("review");
    for file in ["config/report.toml", "data/sources.toml", "data/partners.toml", "output/.gitkeep", "README.md"] {
        assert!(project.join(file).is_file(), "{file}");
    }
    let check = yearbrief(&project, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.contains("1 source, 1 event, 1 figure, 1 partner; 0 errors, 0 warnings"), "{}", check.stdout);

    let export = yearbrief(&project, &["templates", "export", "templates"]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    assert!(export.stdout.contains("templates = \"../templates\""), "{}", export.stdout);
    let config = project.join("config/report.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace("# templates = ", "templates = ");
    std::fs::write(&config, text).unwrap();

    let build = yearbrief(root.path(), &["build", "--config", "review/config/report.toml"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let pdfs: Vec<_> = std::fs::read_dir(project.join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs.len(), 2, "{pdfs:?}");

    let year_file = std::fs::read_dir(project.join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("20"))
        .unwrap();
    let year = year_file.trim_end_matches(".toml");
    let date = format!("{year}-06-01");
    let added = yearbrief(
        &project,
        &[
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
        ],
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert!(added.stdout.contains(&format!("to data/{year_file}\n")), "{}", added.stdout);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("notes.txt"), "mine").unwrap();
    let run = yearbrief(root.path(), &["init", "."]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is not empty (it holds notes.txt)"), "{}", run.stderr);
    assert!(!root.path().join("config").exists());
    let forced = yearbrief(root.path(), &["init", ".", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(std::fs::read_to_string(root.path().join("notes.txt")).unwrap(), "mine");
    assert_eq!(yearbrief(root.path(), &["check"]).code, 0);
}

#[test]
fn completions_and_man_page_are_generated() {
    let dir = tempfile::tempdir().unwrap();
    let bash = yearbrief(dir.path(), &["completions", "bash"]);
    assert_eq!(bash.code, 0, "{}", bash.stderr);
    assert!(bash.stdout.contains("yearbrief"));
    assert!(bash.stdout.contains("--title-vi"), "subcommand flags are completed");
    let zsh = yearbrief(dir.path(), &["completions", "zsh"]);
    assert!(zsh.stdout.starts_with("#compdef yearbrief"), "{}", &zsh.stdout[..40.min(zsh.stdout.len())]);
    assert_eq!(yearbrief(dir.path(), &["completions", "tcsh"]).code, 2);
    let man = yearbrief(dir.path(), &["man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(man.stdout.starts_with(".ie \\n(.g .ds Aq"), "{}", &man.stdout[..60.min(man.stdout.len())]);
    assert!(man.stdout.contains(".TH yearbrief 1"), "roff with a title header");
    assert!(man.stdout.contains("events"), "the page lists the subcommands");
}
