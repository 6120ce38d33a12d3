//! A big city's whole year (issue 12): an events section lists the most
//! notable events up to its `limit` and names the annex that lists them all.

use crate::common::{Project, pdf_text};

#[test]
fn a_limited_events_section_lists_the_most_notable_and_the_annex_lists_every_event() {
    let project = Project::bundled();
    project.edit("config/report.toml", |text| {
        let limited = text.replacen(
            "kinds = [\"delegation-received\", \"delegation-sent\"]",
            "kinds = [\"delegation-received\", \"delegation-sent\"]\nlimit = 2",
            1,
        );
        assert_ne!(limited, text, "the bundled config lists delegations");
        format!("{limited}\n[[section]]\ntype = \"annex\"\ntitle = {{ en = \"Annex: the year's events\", vi = \"Phụ lục: sự kiện trong năm\" }}\n")
    });
    project.cmd(["build", "--year", "2024", "--emit", "context", "--quiet"]).run().success();
    let context: serde_json::Value = serde_json::from_str(&project.read("output/danang-2024-en.json")).unwrap();
    let sections = context["sections"].as_array().unwrap();
    let delegations = sections.iter().find(|s| s["type"] == "events").unwrap();
    let shown: u64 = delegations["groups"].as_array().unwrap().iter().map(|g| g["shown"].as_u64().unwrap()).sum();
    let total = delegations["total"].as_u64().unwrap();
    assert_eq!(shown, 2);
    let annex_number = sections.len();
    let more = delegations["more"].as_str().unwrap();
    assert_eq!(
        more,
        format!(
            "And {} more events of these kinds, listed in the annex ({annex_number}. Annex: the year's events).",
            total - 2
        )
    );
    // The most notable of the delegations: those with a partner at government level.
    let listed: Vec<&str> = delegations["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["events"].as_array().unwrap())
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert!(
        listed.iter().all(|title| !title.contains("Qualcomm")),
        "a company's visit ranks below a government's: {listed:?}"
    );

    let annex = sections.last().unwrap();
    assert_eq!(annex["type"], "annex");
    let logged = project.cmd(["events", "list", "--year", "2024", "--format", "json"]).run().success().json();
    assert_eq!(
        annex["total"].as_u64().unwrap() as usize,
        logged.as_array().unwrap().len(),
        "the annex lists every event"
    );

    let en = pdf_text(&project.join("output/danang-2024-en.pdf"));
    assert!(en.contains("Annex: the year's events"), "{en}");
    assert!(en.contains("January 2024 ("), "the annex goes month by month: {en}");
    let vi = pdf_text(&project.join("output/danang-2024-vi.pdf"));
    assert!(vi.contains("liệt kê tại phụ lục"), "{vi}");
    assert!(vi.contains("tháng 1/2024 ("), "{vi}");
}

#[test]
fn a_limit_must_be_a_whole_number_of_events() {
    let project = Project::bundled();
    project.edit("config/report.toml", |text| {
        text.replacen(
            "kinds = [\"delegation-received\", \"delegation-sent\"]",
            "kinds = [\"delegation-received\"]\nlimit = 0",
            1,
        )
    });
    project
        .cmd(["check"])
        .run()
        .status(1)
        .stderr_contains("`limit` must be a whole number of events, at least 1, e.g. `limit = 40`");
}
