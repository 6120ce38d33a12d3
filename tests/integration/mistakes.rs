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
