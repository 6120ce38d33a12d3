//! `stats --format csv|xlsx`: the figures by year for a spreadsheet, one row
//! per indicator and period with the value, what it is (official, counted
//! from a complete log, a partial count), the change where `stats` gives
//! one, and the sources with their publishers; the same values the JSON
//! shows, in English or Vietnamese, with a byte-order mark for Excel.

use calamine::{Data, Reader};

use crate::common::{Project, fixture, repo};

/// The records of a CSV text (after its header), each as its fields.
fn records(csv: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader.records().map(|record| record.unwrap().iter().map(str::to_owned).collect()).collect()
}

#[test]
fn stats_csv_gives_every_figure_by_year_with_its_origin_and_sources() {
    let project = Project::at(fixture("valid"));
    let en = project.cmd(["stats", "--config", "report.toml", "--format", "csv"]).run().success();
    insta::assert_snapshot!("stats_csv_valid", en.stdout());
    let vi = project.cmd(["stats", "--config", "report.toml", "--format", "csv", "--lang", "vi"]).run().success();
    insta::assert_snapshot!("stats_csv_valid_vi", vi.stdout());
}

#[test]
fn stats_csv_rows_hold_the_values_the_json_shows_and_never_call_a_partial_count_official() {
    let project = Project::at(repo());
    let json = project.cmd(["stats", "--format", "json", "--year", "2024"]).run().success().json();
    let csv = project.cmd(["stats", "--format", "csv", "--year", "2024"]).run().success();
    let rows = records(csv.stdout());
    let cell = |value: &serde_json::Value| if value.is_null() { String::new() } else { value.to_string() };
    let mut partial = 0;
    for indicator in json["indicators"].as_array().unwrap() {
        let id = indicator["id"].as_str().unwrap();
        let row = |period: &str| {
            rows.iter()
                .find(|row| row[0] == id && row[3] == period)
                .unwrap_or_else(|| panic!("no row for {id} {period}: {csv}"))
        };
        let (year, before) = (row("2024"), row("2023"));
        assert_eq!(year[4], cell(&indicator["value"]), "{id}");
        assert_eq!(before[4], cell(&indicator["previous"]), "{id}");
        assert_eq!(year[7], cell(&indicator["change"]), "{id}");
        assert_eq!(year[8], cell(&indicator["change_pct"]), "{id}");
        let sources: Vec<&str> = indicator["sources"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        assert_eq!(year[9], sources.join("; "), "{id}");
        for (row, origin) in [(year, &indicator["origin"]), (before, &indicator["previous_origin"])] {
            if origin == "partial" {
                partial += 1;
                assert!(row[6].starts_with("partial count: at least"), "{id}: {row:?}");
                assert_eq!(row[5], "at least", "{id}: {row:?}");
                assert!(row[7].is_empty(), "a partial count is never compared: {row:?}");
            } else {
                assert!(!row[6].contains("partial"), "{id}: {row:?}");
            }
        }
    }
    assert!(partial >= 3, "the bundled data has partial counts: {csv}");
    assert!(csv.stdout().contains(",Nhan Dan (English edition)\r\n"), "publishers are given: {csv}");
}

#[test]
fn stats_csv_for_excel_starts_with_a_byte_order_mark() {
    let project = Project::at(fixture("valid"));
    let excel =
        project.cmd(["stats", "--config", "report.toml", "--format", "csv", "--lang", "vi", "--excel"]).run().success();
    assert!(excel.stdout().starts_with("\u{feff}mã,chỉ tiêu,đơn vị,kỳ,giá trị,"), "{excel}");
    let plain = project.cmd(["stats", "--config", "report.toml", "--format", "csv"]).run().success();
    assert!(plain.stdout().starts_with("id,indicator,unit,period,value,"), "no BOM without --excel: {plain}");
}

#[test]
fn stats_xlsx_has_the_csv_rows_with_numbers_as_number_cells() {
    let project = Project::fixture("valid");
    project
        .cmd(["stats", "--config", "report.toml", "--format", "xlsx", "--lang", "vi", "--output", "so-lieu.xlsx"])
        .run()
        .success()
        .stdout_is("wrote 9 rows of figures for 2024 to so-lieu.xlsx\n");
    let csv = project.cmd(["stats", "--config", "report.toml", "--format", "csv", "--lang", "vi"]).run().success();
    let mut expected = vec![csv.stdout().lines().next().unwrap().split(',').map(str::to_owned).collect::<Vec<_>>()];
    expected.extend(records(csv.stdout()));

    let mut workbook = calamine::open_workbook_auto(project.join("so-lieu.xlsx")).unwrap();
    assert_eq!(workbook.sheet_names(), ["số liệu"]);
    let sheet = workbook.worksheet_range("số liệu").unwrap();
    let mut numbers = 0;
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(text) => text.clone(),
                    Data::Float(value) => {
                        numbers += 1;
                        serde_json::to_string(&serde_json::json!(value)).unwrap().trim_end_matches(".0").to_owned()
                    }
                    Data::Empty => String::new(),
                    other => panic!("an unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect();
    assert_eq!(cells, expected, "the workbook has the CSV's cells");
    // 9 values and 3 changes with their percentages.
    assert_eq!(numbers, 9 + 3 * 2, "values, changes and percentages are number cells");
}

#[test]
fn stats_output_flags_are_checked_and_any_format_may_go_to_a_file() {
    let project = Project::fixture("valid");
    project
        .cmd(["stats", "--config", "report.toml", "--format", "xlsx"])
        .run()
        .status(1)
        .stderr_is("error: --format xlsx writes a workbook, not text: add --output FILE.xlsx\n");
    project
        .cmd(["stats", "--config", "report.toml", "--format", "json", "--excel"])
        .run()
        .status(1)
        .stderr_is("error: --excel is for --format csv; leave it out, or add --format csv\n");
    project
        .cmd(["stats", "--config", "report.toml", "--format", "json", "--output", "stats.json"])
        .run()
        .success()
        .stdout_is("wrote the statistics of 2024 to stats.json\n");
    assert_eq!(project.read("stats.json").parse::<serde_json::Value>().unwrap()["year"], 2024);
    let before = project.read("report.toml");
    project
        .cmd(["stats", "--config", "report.toml", "--format", "csv", "--output", "report.toml"])
        .run()
        .status(1)
        .stderr_contains("would write over a data or config file");
    assert_eq!(project.read("report.toml"), before);
}
