//! The report reads as a briefing (issue 11): figures are never glued to a
//! note mark, sources are named in source lines, empty columns are dropped.

use crate::common::{Project, pdf_text};

#[test]
fn figures_are_never_fused_with_a_note_number_and_sources_are_named_in_lines() {
    let project = Project::bundled();
    project.cmd(["build", "--year", "2024", "--quiet"]).run().success();
    let en = pdf_text(&project.join("output/danang-2024-en.pdf"));
    for fused in ["nearly 1001", "122\n", "over USD 213\nmillion3"] {
        assert!(!en.contains(fused), "a figure is glued to a note number ({fused:?}): {en}");
    }
    assert!(en.lines().any(|l| l.trim() == "nearly 100"), "the card value stands alone: {en}");
    assert!(en.contains("Source: [5]"), "cards name their source: {en}");
    assert!(en.contains("Sources: [2], [4], [5]"), "a table names each of its sources once: {en}");
    let vi = pdf_text(&project.join("output/danang-2024-vi.pdf"));
    assert!(vi.contains("Nguồn: [5]"), "{vi}");
    // No invisible characters in copied text: zero-width space, soft hyphen,
    // word joiner (Typst's contents put one before each page number).
    for (lang, text) in [("en", &en), ("vi", &vi)] {
        for invisible in ['\u{200b}', '\u{ad}', '\u{2060}'] {
            assert!(!text.contains(invisible), "the {lang} text holds {invisible:?}");
        }
    }
}

#[test]
fn an_events_table_without_amounts_has_no_amount_column() {
    let project = Project::bundled();
    project.cmd(["build", "--year", "2024", "--lang", "en", "--emit", "typst", "--quiet"]).run().success();
    let typst = project.read("output/danang-2024-en.typ");
    let delegations = typst.split("title: [Delegations received").nth(1).unwrap();
    let table = &delegations[..delegations.find("\n)\n").unwrap()];
    assert!(!table.contains("[Amount]"), "{table}");
    let fdi = typst.split("title: [Foreign direct investment projects").nth(1).unwrap();
    assert!(fdi[..fdi.find("\n)\n").unwrap()].contains("[Amount]"), "the FDI table keeps its amounts");
}

#[test]
fn key_messages_come_first_from_official_figures_only() {
    let project = Project::bundled();
    project.cmd(["build", "--year", "2023", "--quiet"]).run().success();
    let en = squash_lines(&pdf_text(&project.join("output/danang-2023-en.pdf")));
    let start = en.rfind("1. Key messages").expect("a summary first");
    let messages = &en[start..start + en[start..].find(" 2. ").unwrap()];
    assert!(
        messages.contains(
            "International delegations received rose to nearly 400 delegations in 2023, +208 (+108.3%) on 2022. [2]"
        ),
        "{messages}"
    );
    // A long list is cut to four names; the notes on the data have them all.
    assert!(
        messages.contains("No official figure for 2023 is available yet for 11 indicators, among them:"),
        "{messages}"
    );
    assert!(messages.contains("(all are listed in the notes on the data)"), "{messages}");
    assert!(!messages.contains("at least"), "a partial count is never a key figure: {messages}");
    let vi = squash_lines(&pdf_text(&project.join("output/danang-2023-vi.pdf")));
    assert!(vi.contains("tăng lên gần 400 đoàn trong 2023, +208 (+108,3%) so với 2022."), "{vi}");
}

/// The text with its line breaks turned into spaces.
fn squash_lines(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_config_can_fix_the_issue_date_on_the_cover() {
    let project = Project::fixture("valid");
    project.edit("report.toml", |text| text.replacen("[report]\n", "[report]\nissued = \"2025-01-05\"\n", 1));
    project.cmd(["build", "--config", "report.toml", "--year", "2024", "--quiet"]).run().success();
    let en = pdf_text(&project.join("output/review-2024-en.pdf"));
    assert!(en.contains("5 January 2025"), "{en}");
    let vi = pdf_text(&project.join("output/review-2024-vi.pdf"));
    assert!(vi.contains("5/1/2025"), "{vi}");
}

#[test]
fn the_pdf_page_labels_equal_the_printed_page_numbers() {
    let project = Project::fixture("valid");
    project.cmd(["build", "--config", "report.toml", "--year", "2024", "--lang", "en", "--quiet"]).run().success();
    let pdf = project.join("output/review-2024-en.pdf");
    let expanded = project.join("expanded.pdf");
    let status = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&pdf)
        .arg(&expanded)
        .status()
        .expect("qpdf runs");
    assert!(status.success());
    let text = String::from_utf8_lossy(&std::fs::read(&expanded).unwrap()).into_owned();
    assert!(text.contains("/PageLabels"), "no page labels");
    assert!(text.contains("/S /D"), "page labels are decimal numbers");
}

#[test]
fn an_imprint_closes_the_document_with_the_address_and_what_made_it() {
    let project = Project::fixture("valid");
    project.edit("report.toml", |text| {
        text.replacen(
            "[report]\n",
            "[report]\naddress = { en = \"1 Example Street, Da Nang\", vi = \"Số 1 Đường Ví Dụ, Đà Nẵng\" }\nwebsite = \"https://example.org\"\n",
            1,
        )
    });
    project.cmd(["build", "--config", "report.toml", "--year", "2024", "--quiet"]).run().success();
    let en = pdf_text(&project.join("output/review-2024-en.pdf"));
    let end = &en[en.rfind("Department of Foreign Affairs").unwrap()..];
    assert!(end.contains("1 Example Street, Da Nang"), "{end}");
    assert!(end.contains("https://example.org"), "{end}");
    assert!(
        end.contains(concat!("Generated with yearbrief ", env!("CARGO_PKG_VERSION"), " on 1 January 2025")),
        "{end}"
    );
    let vi = pdf_text(&project.join("output/review-2024-vi.pdf"));
    assert!(vi.contains("Số 1 Đường Ví Dụ, Đà Nẵng"), "{vi}");
}

/// A small SVG logo.
const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4" fill="#c9a227"/></svg>"##;

#[test]
fn a_logo_on_the_cover_is_read_inside_the_project_and_rebuilds_when_it_changes() {
    let project = Project::fixture("valid");
    project.file("logo.svg", LOGO);
    project.edit("report.toml", |text| text.replacen("[report]\n", "[report]\nlogo = \"logo.svg\"\n", 1));
    let build =
        ["build", "--config", "report.toml", "--year", "2024", "--lang", "en", "--if-changed", "--emit", "typst"];
    project.cmd(build).run().success().stdout_contains("wrote output/review-2024-en.pdf");
    assert!(project.read("output/review-2024-en.typ").contains("logo: \"/logo.svg\""));
    project.cmd(build).run().success().stdout_contains("is up to date");
    project.file("logo.svg", LOGO.replace("c9a227", "1f3b63"));
    project.cmd(build).run().success().stdout_contains("wrote output/review-2024-en.pdf");
    project.edit("report.toml", |text| text.replace("logo = \"logo.svg\"", "logo = \"../logo.svg\""));
    project
        .cmd(["check", "--config", "report.toml"])
        .run()
        .status(1)
        .stderr_contains("`logo = \"../logo.svg\"`: the logo must lie inside the config's folder");
}

#[test]
fn a_chart_counts_the_year_s_logged_events_by_month_and_by_country() {
    let project = Project::bundled();
    project.edit("config/report.toml", |text| {
        format!("{text}\n[[section]]\ntype = \"chart\"\ntitle = \"By country\"\nof = \"events-by-country\"\n")
    });
    project.cmd(["build", "--year", "2024", "--lang", "en", "--emit", "context", "--quiet"]).run().success();
    let context: serde_json::Value = serde_json::from_str(&project.read("output/danang-2024-en.json")).unwrap();
    let charts: Vec<&serde_json::Value> =
        context["sections"].as_array().unwrap().iter().filter(|s| s["chart"]["form"] == "bars").collect();
    let by_month = &charts[0]["chart"];
    assert_eq!(by_month["bars"].as_array().unwrap().len(), 12);
    assert_eq!(by_month["bars"][0], serde_json::json!({ "label": "January", "value": 3 }));
    assert!(by_month["remark"].as_str().unwrap().contains("dated to the year only"), "{by_month}");
    let by_country = &charts[1]["chart"];
    assert_eq!(by_country["bars"][0], serde_json::json!({ "label": "Republic of Korea", "value": 6 }));
    assert!(by_country["alt"].as_str().unwrap().contains("Republic of Korea 6; United States 4"), "{by_country}");
    let text = pdf_text(&project.join("output/danang-2024-en.pdf"));
    assert!(text.contains("Events recorded in the log by month, 2024"), "{text}");
}

/// A project whose sections put the same three-event table at thirty
/// different heights on the page: filler intros of 1 to 30 lines.
fn tables_at_every_height() -> Project {
    let project = Project::empty();
    let mut config = String::from(
        "[report]\ntitle = \"Keep test\"\norganisation = \"Department\"\nyear = 2024\nlanguages = [\"en\"]\n\
         data = \"data\"\noutput = \"output/keep-{lang}.pdf\"\n",
    );
    for lines in 1..=30 {
        let intro = "Filler words that push the table down. ".repeat(lines * 2);
        config.push_str(&format!(
            "\n[[section]]\ntype = \"events\"\ntitle = \"Part {lines}\"\nintro = \"{}\"\nkinds = [\"festival\"]\n",
            intro.trim()
        ));
    }
    project.file("report.toml", config);
    let mut events = String::from(
        "[[source]]\nid = \"s\"\ntitle = \"Bulletin\"\npublisher = \"City Press\"\npublished = \"2025-01-10\"\n",
    );
    for (day, name) in [(3, "one"), (4, "two"), (5, "three")] {
        events.push_str(&format!(
            "\n[[event]]\ndate = \"2024-05-{day:02}\"\nkind = \"festival\"\ntitle = \"Festival {name}\"\n\
             note = \"A note long enough to take a second line under the title of the festival, as notes do.\"\n\
             source = \"s\"\n"
        ));
    }
    project.file("data/2024.toml", events);
    project
}

#[test]
fn a_table_heading_keeps_its_header_and_two_rows_on_its_page() {
    let project = tables_at_every_height();
    project.cmd(["build", "--config", "report.toml", "--quiet"]).run().success();
    let text = pdf_text(&project.join("output/keep-en.pdf"));
    let mut headings = 0;
    for page in text.split('\u{c}') {
        for (at, _) in page.match_indices("(3)") {
            headings += 1;
            let after = &page[at..];
            assert!(
                after.contains("Festival one") && after.contains("Festival two"),
                "a table heading stands with fewer than two rows at the end of a page:\n{page}"
            );
        }
    }
    assert_eq!(headings, 30, "every table heading is found once");
}

#[test]
fn small_multiples_draw_one_chart_per_indicator_with_gaps_as_words() {
    let project = Project::fixture("valid");
    project.edit("report.toml", |text| {
        format!(
            "{text}\n[[section]]\ntype = \"trend\"\ntitle = \"Aid over five years\"\nindicator = \"aid-packages\"\n\
             \n[[section]]\ntype = \"chart\"\ntitle = \"Over three years\"\nof = \"trends\"\n\
             indicators = [\"delegations-received\", \"aid-packages\"]\nyears = 3\n"
        )
    });
    project.cmd(["build", "--config", "report.toml", "--lang", "en", "--emit", "context", "--quiet"]).run().success();
    let context: serde_json::Value = serde_json::from_str(&project.read("output/review-2024-en.json")).unwrap();
    let sections = context["sections"].as_array().unwrap();
    let trend = &sections[sections.len() - 2];
    assert_eq!(trend["type"], "trend");
    let chart = &sections.last().unwrap()["chart"];
    assert_eq!(chart["form"], "trends");
    let panels = chart["panels"].as_array().unwrap();
    assert_eq!(panels.len(), 2);
    let years: Vec<i64> = panels[1]["bars"].as_array().unwrap().iter().map(|b| b["year"].as_i64().unwrap()).collect();
    assert_eq!(years, [2022, 2023, 2024]);
    let aid_2022 = &panels[1]["bars"][0];
    assert_eq!(aid_2022["known"], false, "a year before the aid register is a gap, not a zero: {aid_2022}");

    let text = pdf_text(&project.join("output/review-2024-en.pdf"));
    let trend_text = &text[text.rfind("Aid over five years").unwrap()..text.rfind("Over three years").unwrap()];
    assert!(trend_text.contains("no data") && trend_text.contains("2020"), "{trend_text}");
    let chart_text = &text[text.rfind("Over three years").unwrap()..];
    assert!(chart_text.contains("Delegations received (delegations)"), "{chart_text}");
    assert!(chart_text.contains("Aid packages (packages)"), "{chart_text}");
    assert!(chart_text.contains("no data"), "a year with no value says so: {chart_text}");
    assert!(chart_text.contains("Each chart on its own scale, 2022–2024."), "{chart_text}");
}

#[test]
fn a_chart_of_trends_needs_indicators_and_a_chart_of_events_takes_none() {
    let project = Project::fixture("valid");
    project.edit("report.toml", |text| {
        format!(
            "{text}\n[[section]]\ntype = \"chart\"\ntitle = \"Trends\"\nof = \"trends\"\n\n\
             [[section]]\ntype = \"chart\"\ntitle = \"Months\"\nof = \"events-by-month\"\nindicators = [\"aid-packages\"]\n"
        )
    });
    let run = project.cmd(["check", "--config", "report.toml"]).run().status(1);
    run.stderr_contains("a chart of `trends` needs `indicators`")
        .stderr_contains("`indicators` is for a chart of `trends`");
}

#[test]
fn a_config_adds_its_own_key_messages_through_a_template() {
    let project = Project::fixture("valid");
    project.edit("report.toml", |text| {
        text.replacen("[report]\n", "[report]\ntemplates = \"templates\"\n", 1).replacen(
            "[[section]]\ntype = \"highlights\"",
            "[[section]]\ntype = \"summary\"\ntitle = \"Key messages\"\ntemplate = \"our-messages\"\n\n\
             [[section]]\ntype = \"highlights\"",
            1,
        )
    });
    project.file(
        "templates/our-messages.typ.hbs",
        "{{#if (eq @root.lang \"vi\")}}- Thành phố đón đoàn Daegu.\n{{else}}- The city welcomed the delegation of Daegu.\n{{/if}}",
    );
    project.cmd(["build", "--config", "report.toml", "--year", "2024", "--quiet"]).run().success();
    let en = squash_lines(&pdf_text(&project.join("output/review-2024-en.pdf")));
    let messages = &en[en.find("1. Key messages").unwrap()..];
    let generated = messages.find("No official figure for 2024").expect("the generated messages come first");
    let own = messages.find("The city welcomed the delegation of Daegu.").expect("the config's own message follows");
    assert!(generated < own, "{messages}");
    let vi = pdf_text(&project.join("output/review-2024-vi.pdf"));
    assert!(vi.contains("Thành phố đón đoàn Daegu."), "{vi}");

    project.edit("report.toml", |text| text.replace("our-messages", "missing-messages"));
    project
        .cmd(["check", "--config", "report.toml"])
        .run()
        .status(1)
        .stderr_contains("the summary section \"Key messages\" names template `missing-messages`");
    project
        .cmd(["build", "--config", "report.toml", "--year", "2024", "--quiet"])
        .run()
        .status(1)
        .stderr_contains("the summary section \"Key messages\" names template `missing-messages`");
}

#[test]
fn the_cover_title_is_the_document_s_first_heading() {
    let project = Project::fixture("valid");
    project.cmd(["build", "--config", "report.toml", "--year", "2024", "--lang", "en", "--quiet"]).run().success();
    let expanded = project.join("expanded.pdf");
    let status = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(project.join("output/review-2024-en.pdf"))
        .arg(&expanded)
        .status()
        .expect("qpdf runs");
    assert!(status.success());
    let raw = String::from_utf8_lossy(&std::fs::read(&expanded).unwrap()).into_owned();
    let first = raw.find("/S /H1").expect("the document has headings");
    let title = &raw[first..first + 80];
    assert!(title.contains("/T (Foreign Affairs Review)"), "the first heading is not the cover title: {title}");
}
