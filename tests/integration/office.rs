//! Spreadsheets saved by a second tool: a small events sheet saved by
//! LibreOffice Calc as `.xlsx` and as `.ods` (`tests/fixtures/office/`, its
//! README says how they were made). Vietnamese headers and titles, dates
//! day first (typed as text in the `.xlsx`, date cells in the `.ods`),
//! amounts with dots as thousands separators and Vietnamese country names
//! must land in the TOML as the officer meant them, and a second import of
//! either file adds nothing.

use crate::common::{Project, fixture};

/// What importing either workbook appends: the same three events.
const IMPORTED: &str = r#"[[event]]
id = "2025-03-25-agreement-memorandum-on-tourism-with-gyeongju"
date = "2025-03-25"
kind = "agreement"
title = { en = "Memorandum on tourism with Gyeongju", vi = "Ghi nhớ hợp tác du lịch với thành phố Gyeongju" }
partners = [{ name = "Gyeongju", country = "KR", type = "locality" }]
amount = { value = 1200000000, currency = "VND" }
source = "dnt-2024-07-31"

[[event]]
id = "2025-04-14-delegation-received-kawasaki-delegation-visits-da-nang"
date = "2025-04-14"
kind = "delegation-received"
title = { en = "Kawasaki delegation visits Da Nang", vi = "Đoàn đại biểu thành phố Kawasaki thăm Đà Nẵng" }
partners = [{ name = "Kawasaki", country = "JP", type = "locality" }]
source = "dnt-2024-07-31"

[[event]]
id = "2025-06-05-festival-da-nang-international-fireworks-festival-with-lyon"
date = "2025-06-05"
kind = "festival"
title = { en = "Da Nang International Fireworks Festival with Lyon", vi = "Lễ hội pháo hoa quốc tế Đà Nẵng với thành phố Lyon" }
partners = [{ name = "Lyon", country = "FR", type = "locality" }]
amount = { value = 150000, currency = "EUR" }
source = "dnt-2024-07-31"
"#;

/// The bundled project with the LibreOffice workbook `name` copied into it.
fn project_with(name: &str) -> Project {
    let project = Project::bundled();
    let bytes = std::fs::read(fixture("office").join(name)).unwrap();
    project.file(name, bytes);
    project
}

/// Imports `name` with a dry run, for real, then again, checking each step.
fn imports_once(name: &str) -> Project {
    let project = project_with(name);
    let target = "seeds/danang/import-2025.toml";

    let dry = project.cmd(["import", name, "--dry-run"]).run().success();
    let out = dry.stdout();
    for shown in [
        "2025-03-25-agreement-memorandum-on-tourism-with-gyeongju",
        "2025-04-14  delegation-received",
        "2025-06-05  festival",
        "Gyeongju (KR)",
        "Kawasaki (JP)",
        "Lyon (FR)",
        "VND 1,200,000,000",
        "EUR 150,000",
        "would add 3 events to seeds/danang/import-2025.toml (a new file); nothing was written",
    ] {
        assert!(out.contains(shown), "the dry run shows `{shown}`: {dry}");
    }
    assert!(!project.join(target).exists(), "a dry run writes nothing");

    project
        .cmd(["import", name])
        .run()
        .success()
        .stdout_is("added 3 events to seeds/danang/import-2025.toml (a new file)\n");
    assert_eq!(project.read(target), IMPORTED);
    project.cmd(["check"]).run().success().stdout_contains("0 errors");

    project.cmd(["import", name]).run().success().stdout_is(&format!(
        "nothing to add from {name}; 3 rows already in the log (skipped); seeds/danang/import-2025.toml is unchanged\n"
    ));
    assert_eq!(project.read(target), IMPORTED, "the second import adds nothing");
    project
}

#[test]
fn an_xlsx_saved_by_libreoffice_imports_day_first_dates_and_dotted_amounts_once() {
    imports_once("su-kien-2025.xlsx");
}

#[test]
fn an_ods_saved_by_libreoffice_imports_its_date_and_number_cells_once() {
    let project = imports_once("su-kien-2025.ods");
    let bytes = std::fs::read(fixture("office").join("su-kien-2025.xlsx")).unwrap();
    project.file("su-kien-2025.xlsx", bytes);
    project
        .cmd(["import", "su-kien-2025.xlsx"])
        .run()
        .success()
        .stdout_contains("nothing to add from su-kien-2025.xlsx; 3 rows already in the log (skipped)");
}
