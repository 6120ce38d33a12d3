//! The usual mistakes of hand-written data (issue 13, part 4) get a message
//! that says what to write instead, located at the mistake; a file with a
//! syntax error does not stop the other files from being checked.

use crate::common::Project;

#[test]
fn the_usual_mistakes_say_what_to_write_instead() {
    let project = Project::fixture("valid");
    project.file(
        "data/2024/typed-by-hand.toml",
        r#"[[event]]
date = "2024-3-5"
kind = "aid"
title = "Without leading zeros"
source = "bulletin-2024"

[[event]]
date = "25/03/2024"
kind = "aid"
title = "Day first"
source = "bulletin-2024"

[[event]]
date = "2024-04-01"
kind = "aid"
title = "A bare amount"
amount = 1200000
source = "bulletin-2024"

[[event]]
date = "2024-04-02"
kind = "aid"
title = "A lower-case currency and a country's name"
amount = { value = 1_200_000, currency = "usd" }
partners = [{ name = "Seoul", country = "Hàn Quốc", type = "locality" }]
source = "bulletin-2024"
"#,
    );
    project.file(
        "data/2024/separators.toml",
        "[[event]]\ndate = \"2024-04-03\"\nkind = \"aid\"\ntitle = \"Separators\"\n\
         amount = { value = 1,200,000, currency = \"VND\" }\nsource = \"bulletin-2024\"\n",
    );
    let run = project.cmd(["check", "--config", "report.toml"]).run().status(1);
    insta::assert_snapshot!("usual_mistakes", run.stderr());
    assert!(!run.stderr().contains("Raw"), "no internal type name: {}", run.stderr());
}

#[test]
fn the_usual_mistakes_given_as_flags_get_the_same_messages_naming_the_flag() {
    let project = Project::fixture("valid");
    let event =
        ["events", "add", "--config", "report.toml", "--kind", "aid", "--title", "Aid", "--source", "bulletin-2024"];
    let cases: &[&[&str]] = &[
        &["--date", "25/03/2024"],
        &["--date", "2024-3-5"],
        &["--date", "25/03/2024", "--file", "data/2024/events.toml"],
        &["--date", "2024-04-01", "--amount", "1,200,000 VND"],
        &["--date", "2024-04-01", "--amount", "1.200.000 VND"],
        &["--date", "2024-04-01", "--amount", "1200000"],
        &["--date", "2024-04-01", "--amount", "1200000 usd"],
        &["--date", "2024-04-01", "--partner", "Paris,France,locality"],
        &["--date", "2024-04-01", "--partner", "Seoul,Hàn Quốc,locality"],
    ];
    let before = std::fs::read(project.join("data/2024/events.toml")).unwrap();
    let mut shown = String::new();
    for case in cases {
        let args: Vec<&str> = event.iter().chain(case.iter()).copied().collect();
        let run = project.cmd(&args).run();
        assert!(run.code() != 0, "refused: {run}");
        shown.push_str(&format!("$ events add {}\n{}\n", case.join(" "), run.stderr()));
    }
    let run = project
        .cmd([
            "sources",
            "add",
            "--config",
            "report.toml",
            "--title",
            "T",
            "--publisher",
            "P",
            "--published",
            "31/07/2024",
        ])
        .run();
    shown.push_str(&format!("$ sources add --published 31/07/2024\n{}", run.stderr()));
    insta::assert_snapshot!("usual_mistakes_as_flags", shown);
    assert_eq!(std::fs::read(project.join("data/2024/events.toml")).unwrap(), before, "nothing was written");
    assert!(!project.join("data/2024.toml").exists(), "no file was created");
}

#[test]
fn every_mistake_of_a_record_is_shown_not_only_the_first() {
    let project = Project::fixture("valid");
    project.file(
        "data/2024/two-mistakes.toml",
        r#"[[event]]
date = "25/03/2024"
kind = "aid"
title = "A date day first and a bare amount"
amount = 1200000
source = "bulletin-2024"

[[event]]
date = "2024-3-5"
kind = "aid"
title = "Three mistakes"
amount = "1.200.000"
colour = "red"
source = "bulletin-2024"

[[figure]]
indicator = "aid-usd"
period = "2024-13"
value = "many"
source = "bulletin-2024"
"#,
    );
    let run = project.cmd(["check", "--config", "report.toml"]).run().status(1);
    insta::assert_snapshot!("every_mistake_of_a_record", run.stderr());
}
