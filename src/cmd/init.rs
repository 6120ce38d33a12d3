//! `yearbrief init`: scaffolds a new project for another city or ministry, a
//! config with the standard indicators and sections, a data directory with
//! one commented example of each table, an output folder, and a
//! spreadsheet to fill in for `yearbrief import`, so that `yearbrief build`
//! works at once and staff learn the format from examples.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::args::InitArgs;
use crate::diag::display_path;
use crate::failure::Failure;
use crate::period::previous_completed_year;
use crate::period::today;
use crate::write::write_atomically;

/// Creates the project files.
pub fn run(args: &InitArgs) -> Result<ExitCode, Failure> {
    let dir = &args.dir;
    let shown = display_path(dir);
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Failure::Message(format!("{} is a file; name a new or empty folder", shown.display())));
        }
        let mut entries: Vec<String> = std::fs::read_dir(dir)
            .map_err(|err| {
                Failure::Message(format!("cannot read {}: {}", shown.display(), crate::input::io_reason(&err)))
            })?
            .filter_map(|entry| entry.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        entries.sort();
        if !entries.is_empty() && !args.force {
            return Err(Failure::Message(format!(
                "{} is not empty (it holds {}); name a new or empty folder, or pass --force to write the project into it, replacing files of the same names",
                shown.display(),
                entries.join(", ")
            )));
        }
    }
    let year = previous_completed_year(today());
    let files = scaffold(year);
    for (name, text) in &files {
        write_atomically(&dir.join(name), text.as_bytes())?;
    }
    let template = PathBuf::from("import-template.xlsx");
    let kinds: Vec<&str> = crate::config::BUILTIN_KINDS.to_vec();
    let workbook = crate::export::import_template(year, &kinds)
        .map_err(|err| Failure::Message(format!("cannot write {}: {err}", template.display())))?;
    write_atomically(&dir.join(&template), &workbook)?;
    for name in files.iter().map(|(name, _)| name).chain([&template]) {
        crate::log::report(format!("created {}", display_path(&dir.join(name)).display()))?;
    }
    let config = display_path(&dir.join("config/report.toml"));
    crate::log::gap()?;
    crate::log::report(format!(
        "Next: edit {config} (title, organisation), replace the examples in\n{}, then run:\n  yearbrief check --config {config}\n  yearbrief build --config {config}",
        display_path(&dir.join("data")).display(),
        config = config.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The files of a new project, relative to its folder, with examples dated in `year`.
pub fn scaffold(year: i32) -> Vec<(PathBuf, String)> {
    let fill = |text: &str| text.replace("{YEAR}", &year.to_string());
    vec![
        (PathBuf::from("config/report.toml"), CONFIG.to_owned()),
        (PathBuf::from("data/sources.toml"), fill(SOURCES)),
        (PathBuf::from(format!("data/{year}.toml")), fill(EVENTS)),
        (PathBuf::from("data/partners.toml"), fill(PARTNERS)),
        (PathBuf::from("output/.gitkeep"), String::new()),
        (PathBuf::from("README.md"), README.to_owned()),
    ]
}

const CONFIG: &str = r#"# The report definition. Every path here is relative to this file.
# The README of yearbrief describes every key.

[report]
title = { en = "Foreign Affairs Annual Review", vi = "Báo cáo tổng kết công tác đối ngoại" }
organisation = { en = "Department of Foreign Affairs", vi = "Sở Ngoại vụ" }
year = "previous"               # the last completed calendar year, or a year such as 2025
languages = ["en", "vi"]        # one PDF per language
data = "../data"                # the event log: every *.toml file below this folder
output = "../output/review-{year}-{lang}.pdf"
# templates = "../templates"    # your own templates (see `yearbrief templates export`)
# fonts = "../fonts"            # extra font files

# ---- Indicators: the numbers the review reports ------------------------------
# An indicator with `from-events` is counted (or summed) from the event log;
# a reported `[[figure]]` for the same period takes precedence.

[[indicator]]
id = "delegations-received"
label = { en = "International delegations received", vi = "Đoàn khách quốc tế đến thăm, làm việc" }
unit = { en = "delegations", vi = "đoàn" }
from-events = { kind = "delegation-received" }

[[indicator]]
id = "delegations-sent"
label = { en = "Delegations sent abroad", vi = "Đoàn đi công tác nước ngoài" }
unit = { en = "delegations", vi = "đoàn" }
from-events = { kind = "delegation-sent" }

[[indicator]]
id = "agreements"
label = { en = "Agreements and memoranda signed", vi = "Thỏa thuận, biên bản ghi nhớ được ký kết" }
unit = { en = "agreements", vi = "văn bản" }
from-events = { kind = "agreement" }

[[indicator]]
id = "investment-seminars"
label = { en = "Investment promotion seminars and conferences", vi = "Hội nghị, hội thảo xúc tiến đầu tư" }
unit = { en = "events", vi = "sự kiện" }
from-events = { kind = "conference" }

[[indicator]]
id = "festivals"
label = { en = "International festivals and exchange events", vi = "Lễ hội, sự kiện giao lưu quốc tế" }
unit = { en = "festivals", vi = "lễ hội" }
from-events = { kind = "festival" }

[[indicator]]
id = "fdi-capital-usd"
label = { en = "FDI capital attracted", vi = "Vốn đầu tư trực tiếp nước ngoài thu hút" }
unit = "USD"
from-events = { kind = "investment", sum = "amount", currency = "USD" }

[[indicator]]
id = "ngo-aid-usd"
label = { en = "Foreign NGO aid committed", vi = "Giá trị viện trợ phi chính phủ nước ngoài cam kết" }
unit = "USD"
from-events = { kind = "aid", sum = "amount", currency = "USD" }

[[indicator]]
id = "ngo-aid-packages"
label = { en = "Foreign NGO aid packages", vi = "Khoản viện trợ phi chính phủ nước ngoài" }
unit = { en = "packages", vi = "khoản" }
from-events = { kind = "aid" }

# Reported only: give a [[figure]] each year.
[[indicator]]
id = "partner-localities"
label = { en = "Partner localities", vi = "Địa phương đối tác" }
unit = { en = "localities", vi = "địa phương" }

# ---- Sections of the PDF, in order ---------------------------------------------

[[section]]
type = "highlights"
title = { en = "The year at a glance", vi = "Tổng quan năm" }
indicators = ["delegations-received", "delegations-sent", "agreements", "fdi-capital-usd", "ngo-aid-usd", "partner-localities"]

[[section]]
type = "events"
title = { en = "Delegations and visits", vi = "Đoàn ra, đoàn vào" }
kinds = ["delegation-received", "delegation-sent"]

[[section]]
type = "events"
title = { en = "Agreements and new partnerships", vi = "Ký kết thỏa thuận và thiết lập quan hệ" }
kinds = ["agreement", "partnership"]

[[section]]
type = "table"
title = { en = "Economic diplomacy", vi = "Ngoại giao kinh tế" }
indicators = ["fdi-capital-usd", "investment-seminars"]
years = 3

[[section]]
type = "events"
title = { en = "Investment projects and promotion events", vi = "Dự án đầu tư và hoạt động xúc tiến" }
kinds = ["investment", "conference"]

[[section]]
type = "table"
title = { en = "People-to-people diplomacy and foreign NGO aid", vi = "Đối ngoại nhân dân và viện trợ phi chính phủ nước ngoài" }
indicators = ["ngo-aid-packages", "ngo-aid-usd", "festivals"]
years = 3

[[section]]
type = "events"
title = { en = "Festivals and aid projects", vi = "Lễ hội và dự án viện trợ" }
kinds = ["festival", "aid"]

[[section]]
type = "partners"
title = { en = "Partner network", vi = "Mạng lưới đối tác" }

[[section]]
type = "trend"
title = { en = "International delegations received, last five years", vi = "Đoàn khách quốc tế đến thăm, làm việc trong 5 năm" }
indicator = "delegations-received"
years = 5

[[section]]
type = "data-notes"
title = { en = "Notes on the data", vi = "Ghi chú về số liệu" }

[[section]]
type = "sources"
title = { en = "Sources", vi = "Nguồn tài liệu" }
"#;

const SOURCES: &str = r#"# Sources: where the facts come from. Every event, figure and partner cites
# one of these ids. Replace the example with your own articles and reports.

[[source]]
id = "example-year-end-report"                 # unique; lower-case letters, digits and dashes
title = "Year-end report on foreign affairs {YEAR} (example)"
publisher = "Department of Foreign Affairs"
published = "{YEAR}-12-31"                     # YYYY, YYYY-MM or YYYY-MM-DD
# url = "https://example.org/report"           # optional
language = "en"                                # optional, ISO 639-1
"#;

const EVENTS: &str = r#"# Events of {YEAR}, one [[event]] table each. Add more by hand or with
#   yearbrief events add --kind agreement --date {YEAR}-03-14 --title "..." --source ID
# Replace the example below with real events.

[[event]]
id = "{YEAR}-03-mou-example-city"                # optional; unique when present
date = "{YEAR}-03-14"                            # YYYY, YYYY-MM or YYYY-MM-DD
# end = "{YEAR}-03-16"                           # optional, for events lasting several days
kind = "agreement"                             # delegation-received, delegation-sent, agreement, partnership,
                                               # conference, festival, investment, aid or other
title = { en = "Cooperation memorandum with Example City (example)", vi = "Biên bản ghi nhớ hợp tác với Thành phố Mẫu (ví dụ)" }
partners = [{ name = "Example City", country = "KR", type = "locality" }]
# amount = { value = 2_800_000, currency = "USD" }   # optional, ISO 4217 currency code
sectors = ["culture", "education"]             # optional
source = "example-year-end-report"             # a source id, or a list of them
note = "An example record: replace it with a real one."   # optional

# Figures: statistics reported for a period, which take precedence over counts of the log.

[[figure]]
indicator = "partner-localities"               # an indicator id from config/report.toml
period = "{YEAR}"                                # YYYY, YYYY-H1, YYYY-Q1..Q4 or YYYY-MM
value = 2
qualifier = "exact"                            # exact, about, nearly, over or under
# change = 1                                   # optional: the change against a year earlier
as-of = "{YEAR}-12-31"                           # optional: the date the figure describes
source = "example-year-end-report"
"#;

const PARTNERS: &str = r#"# Standing partners whose relationship may have begun before the log starts.

[[partner]]
name = "Example Sister City"
country = "JP"                                 # ISO 3166-1 alpha-2
type = "locality"                              # locality, government, company, ngo, organisation, university or other
since = "2015"                                 # optional: when the relationship began
source = "example-year-end-report"
"#;

const README: &str = r#"# Foreign affairs annual review

This project builds the department's yearly briefing with yearbrief.

- `config/report.toml`: the report definition (title, languages, indicators, sections)
- `data/`: the event log, any number of `*.toml` files; the examples show each kind of record
- `output/`: the PDFs
- `import-template.xlsx`: a spreadsheet to fill in with the year's sources,
  events, figures and partners, one sheet each (headers in English and
  Vietnamese, one example row each, lists of kinds, countries, currencies,
  qualifiers and partner types); replace the example rows, then import it
- `config/.yearbrief-cache/`: what yearbrief found in each data file, so a run reads again only the files that changed; safe to delete, keep it out of version control

Everyday commands, run from this folder:

```sh
yearbrief check --config config/report.toml          # validate everything
yearbrief import --config config/report.toml import-template.xlsx --dry-run
yearbrief import --config config/report.toml import-template.xlsx
yearbrief events add --config config/report.toml \
  --kind agreement --date 2025-03-14 --title "..." --source example-year-end-report
yearbrief events list --config config/report.toml --year 2025
yearbrief watch --config config/report.toml          # rebuild the draft on every change
yearbrief build --config config/report.toml          # the PDFs, one per language
```
"#;
