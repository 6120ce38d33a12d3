//! Integration tests of `import` and of the workbook export: real `.xlsx`
//! files written here by rust_xlsxwriter (as Excel would save them, with
//! date cells and Vietnamese sheet names and headers), CSV files as Excel
//! writes them where the comma is the decimal separator (a BOM, semicolons),
//! files with mistakes in many cells, the dry run, the second import of the
//! same sheet, and the bundled log exported and imported back.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::common::Project;

/// A cell of a test workbook.
enum C {
    /// Text.
    S(&'static str),
    /// A number.
    N(f64),
    /// A date cell (formatted dd/mm/yyyy, as a Vietnamese Excel shows it).
    D(u16, u8, u8),
    /// Nothing.
    E,
}

use C::{D, E, N, S};

/// Writes a workbook with these sheets of rows.
fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<C>>)]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    S(text) => {
                        sheet.write_string(r, c, *text).unwrap();
                    }
                    N(value) => {
                        sheet.write_number(r, c, *value).unwrap();
                    }
                    D(y, m, d) => {
                        sheet
                            .write_date_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date)
                            .unwrap();
                    }
                    E => {}
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// The two events of the sheet officers fill in, in Vietnamese.
fn two_events() -> Vec<Vec<C>> {
    vec![
        vec![
            S("Ngày"),
            S("Loại"),
            S("Tiêu đề tiếng Anh"),
            S("Tiêu đề tiếng Việt"),
            S("Đối tác"),
            S("Quốc gia"),
            S("Loại đối tác"),
            S("Số tiền"),
            S("Tiền tệ"),
            S("Nguồn"),
        ],
        vec![
            D(2025, 3, 25),
            S("Thỏa thuận và biên bản ghi nhớ"),
            S("Memorandum on culture with Daegu"),
            S("Ghi nhớ hợp tác văn hóa với Daegu"),
            S("Daegu"),
            S("Hàn Quốc"),
            S("địa phương"),
            S("1.200.000.000 VND"),
            E,
            S("dnt-2024-07-31"),
        ],
        vec![
            S("14/04/2025"),
            S("delegation-received"),
            S("Kawasaki delegation visits"),
            S("Đoàn Kawasaki thăm thành phố"),
            S("Kawasaki; Yokohama"),
            S("Japan"),
            S("locality"),
            N(2_800_000.0),
            S("usd"),
            S("dnt-2024-07-31"),
        ],
    ]
}

#[test]
fn an_xlsx_in_vietnamese_is_shown_by_the_dry_run_then_appended_once() {
    let project = Project::bundled();
    workbook(&project.join("nam-2025.xlsx"), &[("Sự kiện", two_events())]);
    let target = project.join("seeds/danang/import-2025.toml");

    let dry = project.cmd(["import", "nam-2025.xlsx", "--dry-run"]).run().success();
    let out = dry.stdout();
    assert!(out.contains("2025-03-25-agreement-memorandum-on-culture-with-daegu"), "{dry}");
    assert!(out.contains("Daegu (KR)") && out.contains("Kawasaki (JP), Yokohama (JP)"), "{dry}");
    assert!(out.contains("VND 1,200,000,000") && out.contains("USD 2,800,000"), "{dry}");
    assert!(
        out.contains("would add 2 events to seeds/danang/import-2025.toml (a new file); nothing was written"),
        "{dry}"
    );
    assert!(!target.exists(), "a dry run writes nothing");

    project
        .cmd(["import", "nam-2025.xlsx"])
        .run()
        .success()
        .stdout_is("added 2 events to seeds/danang/import-2025.toml (a new file)\n");
    let written = project.read("seeds/danang/import-2025.toml");
    assert!(written.contains("date = \"2025-03-25\"\nkind = \"agreement\""), "{written}");
    assert!(written.contains("amount = { value = 1200000000, currency = \"VND\" }"), "{written}");
    assert!(
        written.contains("partners = [{ name = \"Kawasaki\", country = \"JP\", type = \"locality\" }, { name = \"Yokohama\", country = \"JP\", type = \"locality\" }]"),
        "{written}"
    );
    project.cmd(["check"]).run().success().stdout_contains("0 errors");

    project
        .cmd(["import", "nam-2025.xlsx"])
        .run()
        .success()
        .stdout_is("nothing to add from nam-2025.xlsx; 2 rows already in the log (skipped); seeds/danang/import-2025.toml is unchanged\n");
    assert_eq!(project.read("seeds/danang/import-2025.toml"), written, "the second import adds nothing");
}

#[test]
fn a_semicolon_csv_with_a_bom_is_appended_after_every_existing_byte() {
    let project = Project::bundled();
    let csv = "\u{feff}date;kind;title_en;title_vi;partner;country;partner_type;amount;source;note_en\r\n\
               05/06/2025;festival;Festival with Busan;Lễ hội với Busan;Busan, Metropolitan City;KR;locality;\"1.500,5 USD\";dnt-2024-07-31;\"Held; twice\"\r\n";
    project.file("busan.csv", csv);
    let before = std::fs::read(project.join("seeds/danang/2025.toml")).unwrap();
    project
        .cmd(["import", "busan.csv", "--table", "event", "--into", "seeds/danang/2025.toml"])
        .run()
        .success()
        .stdout_is("added 1 event to seeds/danang/2025.toml\n");
    let after = std::fs::read(project.join("seeds/danang/2025.toml")).unwrap();
    assert!(after.starts_with(&before), "the old text is kept byte for byte");
    let added = String::from_utf8(after[before.len()..].to_vec()).unwrap();
    assert!(added.contains("name = \"Busan, Metropolitan City\""), "{added}");
    assert!(added.contains("amount = { value = 1500.5, currency = \"USD\" }"), "{added}");
    assert!(added.contains("note = \"Held; twice\""), "{added}");
    project.cmd(["check"]).run().success();
    project
        .cmd(["import", "busan.csv", "--table", "event", "--into", "seeds/danang/2025.toml"])
        .run()
        .success()
        .stdout_contains("1 row already in the log (skipped)");
}

#[test]
fn every_mistake_is_shown_at_its_cell_and_nothing_is_written() {
    let project = Project::bundled();
    let rows = vec![
        vec![
            S("date"),
            S("kind"),
            S("title_en"),
            S("partner"),
            S("country"),
            S("partner_type"),
            S("amount"),
            S("currency"),
            S("source"),
            S("contry"),
        ],
        vec![
            S("31/02/2025"),
            S("agreemnt"),
            S("Bad row"),
            S("Daegu"),
            S("Koreaa"),
            S("town"),
            S("USD 2.8 million"),
            E,
            S("dnt-2024-07-31"),
        ],
        vec![S("25/03/25"), S("festival"), E, E, E, E, S("12,34,567"), E, S("dnt-2024-07-31")],
        vec![
            S("2025-05"),
            S("conference"),
            S("Cites a source that is not there"),
            E,
            E,
            E,
            N(5000.0),
            S("dollars"),
            S("no-such-source"),
        ],
        vec![
            S("2025-06"),
            S("conference"),
            S("Cites a source that is not there either"),
            E,
            E,
            E,
            E,
            E,
            S("dnt-2024-07-32"),
        ],
    ];
    workbook(&project.join("mistakes.xlsx"), &[("events", rows)]);
    let run = project.cmd(["import", "mistakes.xlsx"]).run().status(1);
    assert!(!project.join("seeds/danang/import-2025.toml").exists());
    insta::assert_snapshot!("import_mistakes", run.stderr());
    assert_eq!(run.stdout(), "");
}

#[test]
fn a_row_whose_id_is_taken_by_a_different_event_is_reported_not_duplicated() {
    let project = Project::bundled();
    let header = || vec![S("id"), S("date"), S("kind"), S("title_en"), S("amount"), S("currency"), S("source")];
    let row = |amount: f64| {
        vec![S("2025-grant"), S("2025-02"), S("aid"), S("A grant"), N(amount), S("EUR"), S("dnt-2024-07-31")]
    };
    workbook(&project.join("grant.xlsx"), &[("events", vec![header(), row(100_000.0)])]);
    project.cmd(["import", "grant.xlsx"]).run().success();
    let written = project.read("seeds/danang/import-2025.toml");
    workbook(&project.join("grant.xlsx"), &[("events", vec![header(), row(120_000.0)])]);
    let again = project.cmd(["import", "grant.xlsx"]).run().success();
    assert!(again.stderr().contains("grant.xlsx:events!A2: warning: the id `2025-grant` (in its `id` cell) is already used at seeds/danang/import-2025.toml:1:1 by an event that differs in amount/currency; the row was not imported"), "{again}");
    assert!(
        again.stdout().contains("1 row differing from a record already in the log (not imported; see the warnings)"),
        "{again}"
    );
    assert_eq!(project.read("seeds/danang/import-2025.toml"), written);
}

#[test]
fn the_bundled_log_exported_as_a_workbook_imports_back_adding_nothing() {
    let project = Project::bundled();
    let data_before = data_files(&project);
    for lang in ["en", "vi"] {
        let file = format!("log-{lang}.xlsx");
        project
            .cmd(["events", "list", "--format", "xlsx", "--output", &file, "--lang", lang])
            .run()
            .success()
            .stdout_contains(&format!("events to {file}"));
        let run = project.cmd(["import", &file]).run().success();
        assert!(run.stdout().starts_with(&format!("nothing to add from {file}; ")), "{run}");
        assert!(run.stdout().contains("rows already in the log (skipped)"), "{run}");
        assert_eq!(run.stderr(), "", "no row differs from its event");
    }
    assert_eq!(data_files(&project), data_before, "no data file was written or created");

    // The Vietnamese workbook is headed and labelled in Vietnamese.
    let csv = project.cmd(["events", "list", "--format", "csv", "--lang", "vi", "--excel"]).run().success();
    assert!(csv.stdout().starts_with("\u{feff}mã,ngày,ngày kết thúc,loại,tiêu đề,đối tác,"), "{csv}");
    assert!(csv.stdout().contains("Thỏa thuận và biên bản ghi nhớ"), "{csv}");
    let plain = project.cmd(["events", "list", "--format", "csv"]).run().success();
    assert!(plain.stdout().starts_with("id,date,end,kind,title,"), "no BOM without --excel");
    project.cmd(["events", "list", "--format", "xlsx"]).run().status(1).stderr_contains("add --output FILE.xlsx");
}

#[test]
fn the_whole_bundled_log_exported_imports_back_adding_nothing() {
    let project = Project::bundled();
    let data_before = data_files(&project);
    for lang in ["en", "vi"] {
        let file = format!("whole-{lang}.xlsx");
        project.cmd(["export", &file, "--lang", lang]).run().success().stdout_contains(&format!("records to {file}"));
        // Every type of record is in it, each on its sheet.
        let dry = project.cmd(["import", &file, "--dry-run"]).run().success();
        for sheet in ["sources:", "events:", "figures:", "partners:"] {
            assert!(dry.stdout().contains(sheet), "{sheet} {dry}");
        }
        let run = project.cmd(["import", &file]).run().success();
        assert!(run.stdout().starts_with(&format!("nothing to add from {file}; ")), "{run}");
        assert!(!run.stdout().contains(" new ") && !run.stdout().contains("differ"), "{run}");
        assert_eq!(run.stderr(), "", "no row differs from its record");
    }
    assert_eq!(data_files(&project), data_before, "no data file was written or created");
    project.cmd(["export", "whole.csv"]).run().status(1).stderr_contains("must be an .xlsx file");
}

/// Every data file of the bundled project with its bytes.
fn data_files(project: &Project) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut folders = vec![project.join("seeds/danang")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn init_writes_a_template_that_imports_as_it_is() {
    let root = Project::empty();
    root.cmd(["init", "review"]).run().success().stdout_contains("created review/import-template.xlsx");
    let project = Project::at(root.join("review"));
    let dry = project.cmd(["import", "import-template.xlsx", "--dry-run"]).run().success();
    assert!(dry.stdout().contains("agreement") && dry.stdout().contains("Daegu (KR)"), "{dry}");
    assert!(dry.stdout().contains("would add 1 source, 1 event, 1 figure, 1 partner to data/import-"), "{dry}");
    let run = project.cmd(["import", "import-template.xlsx"]).run().success();
    assert_eq!(run.stderr(), "", "the template's examples raise no warning");
    project.cmd(["check"]).run().success().stdout_contains("2 events");
}

#[test]
fn the_template_filled_in_imports_cleanly() {
    let root = Project::empty();
    root.cmd(["init", "review"]).run().success();
    let project = Project::at(root.join("review"));
    // An officer's copy: the template's sheets, headers and example rows,
    // read back with calamine, and a row of their own added to each sheet.
    let mut template: calamine::Xlsx<_> = calamine::open_workbook(project.join("import-template.xlsx")).unwrap();
    use calamine::Reader;
    let names = template.sheet_names();
    assert_eq!(names, ["sources", "events", "figures", "partners", "lists"]);
    let lists = template.worksheet_range("lists").unwrap();
    let list_headers: Vec<String> = lists.rows().next().unwrap().iter().map(|cell| cell.to_string()).collect();
    assert_eq!(
        list_headers,
        [
            "kind / loại",
            "country / quốc gia",
            "currency / tiền tệ",
            "qualifier / mức độ chính xác",
            "partner_type / loại đối tác"
        ]
    );
    assert!(lists.rows().any(|row| row[3] == "at-least"), "every qualifier is offered");
    let added: [(&str, &[(&str, &str)]); 4] = [
        (
            "sources",
            &[
                ("id", "dfa-report"),
                ("title_vi", "Báo cáo tổng kết"),
                ("publisher", "Sở Ngoại vụ"),
                ("published", "15/12/2025"),
            ],
        ),
        (
            "events",
            &[
                ("date", "05/06/2025"),
                ("kind", "đoàn vào"),
                ("title_vi", "Đoàn Busan thăm thành phố"),
                ("title_en", "Busan delegation visits"),
                ("source", "dfa-report"),
            ],
        ),
        (
            "figures",
            &[
                ("indicator", "agreements"),
                ("period", "2025"),
                ("value", "12"),
                ("qualifier", "ít nhất"),
                ("source", "dfa-report"),
            ],
        ),
        (
            "partners",
            &[
                ("name_en", "Busan"),
                ("name_vi", "Thành phố Busan"),
                ("country", "Hàn Quốc"),
                ("partner_type", "địa phương"),
                ("source", "dfa-report"),
            ],
        ),
    ];
    let mut book = Workbook::new();
    for (name, row) in added {
        let range = template.worksheet_range(name).unwrap();
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        let headers: Vec<String> = range.rows().next().unwrap().iter().map(|cell| cell.to_string()).collect();
        for (r, cells) in range.rows().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                match cell {
                    calamine::Data::Float(value) => sheet.write_number(r as u32, c as u16, *value).unwrap(),
                    calamine::Data::DateTime(date) => {
                        let (y, m, d, ..) = date.to_ymd_hms_milli();
                        sheet.write_string(r as u32, c as u16, format!("{y}-{m:02}-{d:02}")).unwrap()
                    }
                    calamine::Data::Empty => sheet,
                    other => sheet.write_string(r as u32, c as u16, other.to_string()).unwrap(),
                };
            }
        }
        let next = range.height() as u32;
        for (column, text) in row {
            let at = headers.iter().position(|header| header.starts_with(&format!("{column} / "))).unwrap();
            sheet.write_string(next, at as u16, *text).unwrap();
        }
    }
    book.save(project.join("filled.xlsx")).unwrap();
    let run = project.cmd(["import", "filled.xlsx"]).run().success();
    assert_eq!(run.stderr(), "", "{run}");
    assert!(run.stdout().starts_with("added 2 sources, 2 events, 2 figures, 2 partners to data/import-"), "{run}");
    project.cmd(["check"]).run().success().stdout_contains("0 errors");
}

/// A workbook of the four tables, headed in Vietnamese and English, with a
/// source the events and figures of the same workbook cite.
fn four_sheets() -> Vec<(&'static str, Vec<Vec<C>>)> {
    vec![
        (
            "Nguồn",
            vec![
                vec![S("Mã"), S("Tiêu đề tiếng Việt"), S("Cơ quan đăng"), S("Ngày đăng"), S("url")],
                vec![
                    S("bc-2025"),
                    S("Báo cáo công tác đối ngoại năm 2025"),
                    S("Sở Ngoại vụ"),
                    D(2025, 12, 20),
                    S("https://example.org/bc-2025"),
                ],
            ],
        ),
        (
            "events",
            vec![
                vec![
                    S("date"),
                    S("kind"),
                    S("title_en"),
                    S("title_vi"),
                    S("country"),
                    S("partner"),
                    S("partner_type"),
                    S("source"),
                ],
                vec![
                    D(2025, 5, 6),
                    S("đoàn vào"),
                    S("Delegation from Busan"),
                    S("Đoàn Busan thăm thành phố"),
                    S("Hàn Quốc"),
                    S("Busan"),
                    S("locality"),
                    S("bc-2025"),
                ],
                vec![
                    S("2025-09"),
                    S("Đoàn ra"),
                    S("City delegation to Japan"),
                    S("Đoàn thành phố đi Nhật Bản"),
                    S("Japan"),
                    S("Kawasaki"),
                    S("địa phương"),
                    S("bc-2025"),
                ],
            ],
        ),
        (
            "Số liệu",
            vec![
                vec![S("Chỉ tiêu"), S("Kỳ"), S("Giá trị"), S("qualifier"), S("change"), S("as_of"), S("Nguồn")],
                vec![S("delegations-received"), S("2025"), S("gần 1.200"), E, S("+800"), S("31/12/2025"), S("bc-2025")],
                vec![
                    S("Đoàn đi công tác nước ngoài"),
                    S("6 tháng đầu năm 2025"),
                    N(45.0),
                    S("hơn"),
                    E,
                    E,
                    S("bc-2025"),
                ],
            ],
        ),
        (
            "partners",
            vec![
                vec![
                    S("name_en"),
                    S("name_vi"),
                    S("country"),
                    S("partner_type"),
                    S("since"),
                    S("location"),
                    S("source"),
                ],
                vec![
                    S("Busan"),
                    S("Thành phố Busan"),
                    S("Hàn Quốc"),
                    S("địa phương"),
                    S("2025"),
                    S("35.18, 129.08"),
                    S("bc-2025"),
                ],
            ],
        ),
    ]
}

#[test]
fn a_workbook_of_the_four_tables_is_checked_together_and_appended_in_one_write() {
    let project = Project::bundled();
    workbook(&project.join("year.xlsx"), &four_sheets());
    let dry = project.cmd(["import", "year.xlsx", "--dry-run"]).run().success();
    insta::assert_snapshot!("import_four_tables_dry_run", dry.stdout());
    assert!(!project.join("seeds/danang/import-2025.toml").exists(), "a dry run writes nothing");

    project
        .cmd(["import", "year.xlsx"])
        .run()
        .success()
        .stdout_is("added 1 source, 2 events, 2 figures, 1 partner to seeds/danang/import-2025.toml (a new file)\n");
    let written = project.read("seeds/danang/import-2025.toml");
    insta::assert_snapshot!("import_four_tables_written", written);
    project.cmd(["check"]).run().success().stdout_contains("0 errors");

    project.cmd(["import", "year.xlsx"]).run().success().stdout_is(
        "nothing to add from year.xlsx; 6 rows already in the log (skipped); seeds/danang/import-2025.toml is unchanged\n",
    );
    assert_eq!(project.read("seeds/danang/import-2025.toml"), written, "the second import adds nothing");
}

#[test]
fn a_changed_figure_is_reported_not_added_beside_the_old_one() {
    let project = Project::bundled();
    workbook(&project.join("year.xlsx"), &four_sheets());
    project.cmd(["import", "year.xlsx"]).run().success();
    let written = project.read("seeds/danang/import-2025.toml");
    let mut sheets = four_sheets();
    sheets[2].1[1][2] = S("gần 1.250");
    workbook(&project.join("year.xlsx"), &sheets);
    let again = project.cmd(["import", "year.xlsx"]).run().success();
    assert_eq!(
        again.stderr(),
        "year.xlsx:'Số liệu'!C2: warning: a figure of `delegations-received` for 2025 citing bc-2025 is already recorded at seeds/danang/import-2025.toml:24:1 with a different value; the row was not imported. If the source corrected the figure, change it in its file; if another source reports this one, cite that source\n"
    );
    assert!(again.stdout().contains("1 row differing from a record already in the log"), "{again}");
    assert_eq!(project.read("seeds/danang/import-2025.toml"), written);
}

#[test]
fn a_csv_per_table_is_read_with_table_or_by_its_name() {
    let project = Project::bundled();
    project.file(
        "dfa.csv",
        "id,title_en,publisher,published\ndfa-2025,Year-end report 2025,Department of Foreign Affairs,20/12/2025\n",
    );
    project.file(
        "figures.csv",
        "\u{feff}indicator;period;value;qualifier;source\nagreements;quý 3/2025;12;at least;dfa-2025\n",
    );
    project.file("doi-tac.csv", "name_vi,country,partner_type,source\nTỉnh Gyeongsang Bắc,KR,locality,dfa-2025\n");
    // Columns that fit no one type of record (`date` and `note` are in
    // events and sources alike, neither complete) say nothing.
    project.file("notes.csv", "date,note\n20/12/2025,Year-end meeting\n");
    project.cmd(["import", "notes.csv"]).run().status(1).stderr_contains(
        "notes.csv: error: its columns do not show which records the CSV file holds: say it with --table event|figure|source|partner",
    );
    // Columns that fit sources only: read as sources whatever the file's name.
    project
        .cmd(["import", "dfa.csv", "--dry-run"])
        .run()
        .success()
        .stdout_contains("sources:\nrow  status  id        published");
    project
        .cmd(["import", "dfa.csv", "--table", "source", "--into", "seeds/danang/sources-2025.toml"])
        .run()
        .success()
        .stdout_is("added 1 source to seeds/danang/sources-2025.toml (a new file)\n");
    project
        .cmd(["import", "figures.csv", "--into", "seeds/danang/sources-2025.toml"])
        .run()
        .success()
        .stdout_is("added 1 figure to seeds/danang/sources-2025.toml\n");
    project
        .cmd(["import", "doi-tac.csv", "--table", "partner", "--into", "seeds/danang/sources-2025.toml"])
        .run()
        .success()
        .stdout_is("added 1 partner to seeds/danang/sources-2025.toml\n");
    let written = project.read("seeds/danang/sources-2025.toml");
    assert!(written.contains("period = \"2025-Q3\"\nvalue = 12\nqualifier = \"at-least\""), "{written}");
    assert!(written.contains("name = { vi = \"Tỉnh Gyeongsang Bắc\" }"), "{written}");
    project.cmd(["check"]).run().success().stdout_contains("0 errors");
}

#[test]
fn mistakes_in_several_sheets_are_all_located_and_nothing_is_written() {
    let project = Project::bundled();
    let sheets = vec![
        (
            "sources",
            vec![
                vec![S("id"), S("title_en"), S("publisher"), S("published"), S("langage")],
                vec![S("bad id!"), E, S("DFA"), S("2025-13"), E],
                vec![S("bad id!"), S("Year-end report"), S("DFA"), S("2025-12"), S("vi")],
            ],
        ),
        (
            "figures",
            vec![
                vec![S("indicator"), S("period"), S("value"), S("qualifier"), S("change"), S("source")],
                vec![
                    S("delegation-recieved"),
                    S("2025-H3"),
                    S("1,2 triệu"),
                    S("roughly"),
                    S("5%"),
                    S("dnt-2024-07-31"),
                ],
                vec![S("agreements"), S("2025"), S("gần 10"), S("hơn"), E, E],
                vec![S("agreements"), S("quý 2/2025"), N(10.0), E, E, S("no-such-source")],
            ],
        ),
        (
            "partners",
            vec![
                vec![S("name_en"), S("country"), S("partner_type"), S("location"), S("source")],
                vec![E, S("Koreaa"), S("city"), S("north"), S("dnt-2024-07-31")],
            ],
        ),
        ("Ghi chú", vec![vec![S("not data")]]),
    ];
    workbook(&project.join("mistakes.xlsx"), &sheets);
    let run = project.cmd(["import", "mistakes.xlsx"]).run().status(1);
    insta::assert_snapshot!("import_mistakes_unnamed_sheet", run.stderr());
    let sheets: Vec<_> = sheets.into_iter().filter(|(name, _)| *name != "Ghi chú").collect();
    workbook(&project.join("mistakes.xlsx"), &sheets);
    let run = project.cmd(["import", "mistakes.xlsx"]).run().status(1);
    insta::assert_snapshot!("import_mistakes_several_sheets", run.stderr());
    assert!(!project.join("seeds/danang/import-2025.toml").exists());
}

#[test]
fn a_partner_named_in_one_language_is_found_among_those_named_in_two() {
    let project = Project::bundled();
    let before = data_files(&project);
    // The log names it `{ en = "Yaroslavl Oblast", vi = "Tỉnh Yaroslavl" }`.
    project.file("doi-tac.csv", "name_vi,country,partner_type,source\nTỉnh Yaroslavl,Nga,địa phương,dnt-2014-10-29\n");
    let run = project.cmd(["import", "doi-tac.csv"]).run().success();
    assert!(run.stderr().contains("doi-tac.csv:2:1: warning: the partner `Tỉnh Yaroslavl` (RU) is already recorded at seeds/danang/partners.toml:"), "{run}");
    assert!(run.stderr().contains("and differs in name_en/name_vi; the row was not imported"), "{run}");
    assert!(run.stdout().starts_with("nothing to add from doi-tac.csv; 1 row differing from a record"), "{run}");
    assert_eq!(data_files(&project), before, "no second Yaroslavl");
}

#[test]
fn the_config_says_once_how_the_department_writes_dates_and_a_flag_overrides_it() {
    let project = Project::bundled();
    let events = "date,kind,title_en,source\n03/04/2025,festival,Spring festival,thoidai-2024\n";
    project.file("events.csv", events);
    // Day first unless the config says otherwise: 3 April.
    project.cmd(["import", "events.csv", "--dry-run"]).run().success().stdout_contains("2025-04-03");
    let config = project.read("config/report.toml");
    project.file("config/report.toml", format!("{config}\n[import]\ndates = \"month-first\"\n"));
    project.cmd(["import", "events.csv", "--dry-run"]).run().success().stdout_contains("2025-03-04");
    project.cmd(["import", "events.csv", "--dry-run", "--day-first"]).run().success().stdout_contains("2025-04-03");
    project.file("config/report.toml", format!("{config}\n[import]\ndates = \"us\"\n"));
    project
        .cmd(["check"])
        .run()
        .status(1)
        .stderr_contains("report.toml:")
        .stderr_contains("unknown variant `us`, expected `day-first` or `month-first`");
}
