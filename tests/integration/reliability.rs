//! Regression tests for "nothing lost, nothing read that should not be":
//! concurrent writers, file modes and links, confinement, stale outputs,
//! and bad input caught by `check` at its place. Each test reproduces one
//! way the tool once lost data, read outside the project, hung or let a bad
//! input through, and runs the real binary on a temporary project.

use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{Run, command, fixture_project, wait, yearbrief};

/// A copy of the `edit-log` fixture (two languages, output in `output/`).
fn project() -> tempfile::TempDir {
    fixture_project("edit-log")
}

fn check(dir: &Path) -> Run {
    yearbrief(dir, &["check", "--config", "report.toml"])
}

/// Appends a record to a data file of the project.
fn append(dir: &Path, file: &str, text: &str) {
    use std::io::Write;
    let path = dir.join("data").join(file);
    let mut file = std::fs::OpenOptions::new().append(true).create(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

/// An event of 2025 citing the fixture's source, with one extra line.
fn event(extra: &str) -> String {
    format!(
        "\n[[event]]\ndate = \"2025-06-01\"\nkind = \"agreement\"\ntitle = \"Test\"\nsource = \"bulletin-2025\"\n{extra}\n"
    )
}

/// The runs' messages with the temporary folder taken out.
fn stderr_of(run: &Run) -> &str {
    &run.stderr
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().mode() & 0o7777
}

fn event_count(dir: &Path) -> usize {
    let run = yearbrief(dir, &["events", "list", "--config", "report.toml", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap().as_array().unwrap().len()
}

// ---------------------------------------------------------------- data loss

#[test]
fn twenty_concurrent_events_add_keep_twenty_records() {
    let project = project();
    let before = event_count(project.path());
    let children: Vec<_> = (0..20)
        .map(|n| {
            let title = format!("Concurrent visit {n}");
            let id = format!("2025-concurrent-{n}");
            let args = [
                "events",
                "add",
                "--config",
                "report.toml",
                "--kind",
                "delegation-received",
                "--date",
                "2025-05-02",
                "--title",
                title.as_str(),
                "--source",
                "bulletin-2025",
                "--id",
                id.as_str(),
            ];
            command(project.path(), &args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let run = wait(child);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert_eq!(event_count(project.path()), before + 20);
    let check = check(project.path());
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(crate::common::temporary_files(&project.path().join("data")).is_empty());
}

#[test]
fn events_add_waits_for_the_data_lock_and_gives_up_with_exit_3() {
    let project = project();
    let data = project.path().join("data");
    let mut holder = std::process::Command::new("flock").arg(&data).args(["sleep", "30"]).spawn().unwrap();
    // flock takes the lock as soon as it starts; wait until it holds it.
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::process::Command::new("flock").args(["-n"]).arg(&data).arg("true").status().unwrap().success() {
        assert!(Instant::now() < deadline, "flock did not take the lock");
        std::thread::sleep(Duration::from_millis(50));
    }
    let before = std::fs::read(data.join("2025.toml")).unwrap();
    let args = ["events", "add", "--config", "report.toml", "--kind", "other", "--date", "2025-02-01"];
    let args: Vec<&str> =
        args.into_iter().chain(["--title", "Waiting", "--source", "bulletin-2025", "--wait", "0"]).collect();
    let run = yearbrief(project.path(), &args);
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("another yearbrief command is writing to the data directory"), "{}", run.stderr);
    assert_eq!(std::fs::read(data.join("2025.toml")).unwrap(), before);
}

#[test]
fn events_add_refuses_a_data_file_with_several_hard_links() {
    let project = project();
    let data = project.path().join("data");
    std::fs::hard_link(data.join("2025.toml"), project.path().join("master-2025.toml")).unwrap();
    let before = std::fs::read(data.join("2025.toml")).unwrap();
    let args = ["events", "add", "--config", "report.toml", "--kind", "other", "--date", "2025-02-01"];
    let args: Vec<&str> = args.into_iter().chain(["--title", "Linked", "--source", "bulletin-2025"]).collect();
    let run = yearbrief(project.path(), &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("has 2 hard links"), "{}", run.stderr);
    assert_eq!(std::fs::read(data.join("2025.toml")).unwrap(), before);
    assert_eq!(std::fs::read(project.path().join("master-2025.toml")).unwrap(), before);
}

#[test]
fn output_naming_a_data_file_or_the_config_is_refused() {
    for output in ["data/2025.toml", "report.toml", "data/new-{lang}.toml"] {
        let project = project();
        let config = project.path().join("report.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        let text = text.replace("output = \"output/review-{year}-{lang}.pdf\"", &format!("output = \"{output}\""));
        let text = text.replace("languages = [\"en\", \"vi\"]", "languages = [\"en\"]");
        std::fs::write(&config, &text).unwrap();
        let data_before = std::fs::read(project.path().join("data/2025.toml")).unwrap();

        let checked = check(project.path());
        assert_eq!(checked.code, 1, "{output}: {}", checked.stderr);
        assert!(
            checked.stderr.contains("report.toml:9:10: error: `output` would make the build write"),
            "{}",
            checked.stderr
        );

        let built = yearbrief(project.path(), &["build", "--config", "report.toml"]);
        assert_eq!(built.code, 1, "{output}: {}", built.stderr);
        assert!(built.stderr.contains("nothing was written"), "{}", built.stderr);
        assert_eq!(std::fs::read(project.path().join("data/2025.toml")).unwrap(), data_before);
        assert_eq!(std::fs::read_to_string(&config).unwrap(), text);
    }
}

#[test]
fn output_linked_to_a_data_file_is_refused() {
    let project = project();
    std::fs::create_dir_all(project.path().join("output")).unwrap();
    symlink("../data/2025.toml", project.path().join("output/review-2025-en.pdf")).unwrap();
    let before = std::fs::read(project.path().join("data/2025.toml")).unwrap();
    let built = yearbrief(project.path(), &["build", "--config", "report.toml"]);
    assert_eq!(built.code, 1, "{}", built.stderr);
    assert!(built.stderr.contains("which is a file of the data directory"), "{}", built.stderr);
    assert_eq!(std::fs::read(project.path().join("data/2025.toml")).unwrap(), before);
}

#[test]
fn events_add_keeps_the_mode_and_owner_of_the_data_file() {
    let project = project();
    let file = project.path().join("data/2025.toml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o664)).unwrap();
    let root = std::process::Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    if root {
        std::os::unix::fs::chown(&file, Some(1000), Some(1000)).unwrap();
    }
    let run = yearbrief(
        project.path(),
        &["events", "add", "--config", "report.toml", "--kind", "other", "--date", "2025-02-01"]
            .into_iter()
            .chain(["--title", "Mode kept", "--source", "bulletin-2025"])
            .collect::<Vec<_>>(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let metadata = std::fs::metadata(&file).unwrap();
    assert_eq!(metadata.mode() & 0o7777, 0o664);
    if root {
        assert_eq!((metadata.uid(), metadata.gid()), (1000, 1000));
    }
}

#[test]
fn events_add_writes_through_a_symlinked_data_file_to_its_target() {
    let project = project();
    let data = project.path().join("data");
    std::fs::create_dir_all(data.join(".shared")).unwrap();
    std::fs::rename(data.join("2025.toml"), data.join(".shared/master-2025.toml")).unwrap();
    symlink(".shared/master-2025.toml", data.join("2025.toml")).unwrap();
    let run = yearbrief(
        project.path(),
        &["events", "add", "--config", "report.toml", "--kind", "other", "--date", "2025-02-01"]
            .into_iter()
            .chain(["--title", "Linked file", "--source", "bulletin-2025", "--id", "through-link"])
            .collect::<Vec<_>>(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::symlink_metadata(data.join("2025.toml")).unwrap().file_type().is_symlink());
    let master = std::fs::read_to_string(data.join(".shared/master-2025.toml")).unwrap();
    assert!(master.contains("id = \"through-link\""), "{master}");
}

#[test]
fn new_pdfs_and_manifests_are_readable_by_colleagues() {
    let project = project();
    let run = crate::common::finish(
        std::process::Command::new("sh")
            .args(["-c", &format!("umask 022; exec {} build --config report.toml", env!("CARGO_BIN_EXE_yearbrief"))])
            .current_dir(project.path())
            .env_clear()
            .env("SOURCE_DATE_EPOCH", crate::common::EPOCH)
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let output = project.path().join("output");
    assert_eq!(mode(&output.join("review-2025-en.pdf")), 0o644);
    assert_eq!(mode(&output.join("review-2025-en.pdf.manifest.json")), 0o644);
}

#[test]
fn if_changed_never_certifies_a_pdf_that_lacks_an_edit_made_during_the_build() {
    let project = project();
    // A text section whose typesetting takes a while, so that the edit below
    // lands while the first language is being typeset.
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    std::fs::write(
        project.path().join("templates/slow.typ.hbs"),
        "#let n = 0\n#for i in range(4000000) { n += 1 }\nDone: #n\n",
    )
    .unwrap();
    let config = project.path().join("report.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text = text.replace(
        "output = \"output/review-{year}-{lang}.pdf\"",
        "output = \"output/review-{year}-{lang}.pdf\"\ntemplates = \"templates\"",
    );
    text.push_str("\n[[section]]\ntype = \"text\"\ntitle = \"Slow\"\ntemplate = \"slow\"\n");
    std::fs::write(&config, text).unwrap();

    let started = Instant::now();
    let first = yearbrief(project.path(), &["build", "--config", "report.toml", "--if-changed"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let one_build = started.elapsed();

    let child = crate::common::spawn(project.path(), &["build", "--config", "report.toml"]);
    // The data is read at the start of the run; the edit comes while the
    // first language is typeset (about half of a whole build in).
    std::thread::sleep(one_build / 4);
    append(project.path(), "2025.toml", &event("id = \"late-edit\""));
    let during = wait(child);
    assert_eq!(during.code, 0, "{}", during.stderr);

    let after = yearbrief(project.path(), &["build", "--config", "report.toml", "--if-changed"]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert!(!after.stdout.contains("up to date"), "a PDF without the edit was certified:\n{}", after.stdout);
    assert_eq!(after.stdout.matches("wrote").count(), 2, "{}", after.stdout);
}

#[test]
fn if_changed_rebuilds_when_an_image_the_template_reads_changes() {
    let project = project();
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    std::fs::write(
        project.path().join("logo.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#,
    )
    .unwrap();
    std::fs::write(project.path().join("templates/logo.typ.hbs"), "#image(\"/logo.svg\", width: 1cm)\n").unwrap();
    let config = project.path().join("report.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text = text.replace(
        "output = \"output/review-{year}-{lang}.pdf\"",
        "output = \"output/review-{year}-{lang}.pdf\"\ntemplates = \"templates\"",
    );
    text.push_str("\n[[section]]\ntype = \"text\"\ntitle = \"Logo\"\ntemplate = \"logo\"\n");
    std::fs::write(&config, text).unwrap();
    let args = ["build", "--config", "report.toml", "--if-changed", "--lang", "en"];
    assert_eq!(yearbrief(project.path(), &args).code, 0);
    let same = yearbrief(project.path(), &args);
    assert!(same.stdout.contains("up to date"), "{}", same.stdout);
    std::fs::write(
        project.path().join("logo.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="5" cx="5" cy="5"/></svg>"#,
    )
    .unwrap();
    let changed = yearbrief(project.path(), &args);
    assert!(changed.stdout.contains("wrote"), "{}", changed.stdout);
}

// ------------------------------------------------------ confinement and hangs

/// The fixture with a text section using the template `name`, in `templates/`.
fn with_text_template(project: &tempfile::TempDir, name: &str) {
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    let config = project.path().join("report.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text = text.replace(
        "output = \"output/review-{year}-{lang}.pdf\"",
        "output = \"output/review-{year}-{lang}.pdf\"\ntemplates = \"templates\"",
    );
    text.push_str(&format!("\n[[section]]\ntype = \"text\"\ntitle = \"Text\"\ntemplate = \"{name}\"\n"));
    std::fs::write(&config, text).unwrap();
}

#[test]
fn symlinked_template_outside_the_folder_is_refused_not_read() {
    let project = project();
    with_text_template(&project, "evil");
    symlink("/etc/passwd", project.path().join("templates/evil.typ.hbs")).unwrap();
    let run = yearbrief(project.path(), &["build", "--config", "report.toml", "--emit", "typst"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("templates/evil.typ.hbs: error: this link leads to /etc/passwd, outside the templates folder"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("root:"), "{}", run.stderr);
    let output = project.path().join("output");
    if output.exists() {
        for entry in std::fs::read_dir(output).unwrap() {
            let text = std::fs::read(entry.unwrap().path()).unwrap();
            assert!(!String::from_utf8_lossy(&text).contains("root:x:0:0"));
        }
    }
}

#[test]
fn symlinked_folder_to_the_root_of_the_file_system_is_not_walked() {
    let project = project();
    with_text_template(&project, "outlook");
    std::fs::write(project.path().join("templates/outlook.typ.hbs"), "Outlook.\n").unwrap();
    symlink("/", project.path().join("templates/rootlink")).unwrap();
    let started = Instant::now();
    let run = yearbrief(project.path(), &["build", "--config", "report.toml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("templates/rootlink: error: this link leads to the folder /,"), "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(60), "the walk must not wander the file system");
}

#[test]
fn symlink_loops_in_the_templates_and_data_folders_are_refused() {
    let project = project();
    with_text_template(&project, "outlook");
    std::fs::write(project.path().join("templates/outlook.typ.hbs"), "Outlook.\n").unwrap();
    symlink(".", project.path().join("templates/a")).unwrap();
    symlink(".", project.path().join("templates/b")).unwrap();
    let run = yearbrief(project.path(), &["build", "--config", "report.toml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("which is read already").count(), 2, "{}", run.stderr);

    let project = self::project();
    symlink(".", project.path().join("data/a")).unwrap();
    symlink(".", project.path().join("data/b")).unwrap();
    let run = check(project.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("data/a: error: this link leads back to the folder"), "{}", run.stderr);
    assert!(run.stderr.contains("2 errors, 0 warnings"), "every data file is read once:\n{}", run.stderr);
}

#[test]
fn a_named_pipe_read_by_a_template_is_refused_not_waited_on() {
    let project = project();
    with_text_template(&project, "pipe");
    std::fs::write(project.path().join("templates/pipe.typ.hbs"), "#read(\"/fifo\")\n").unwrap();
    let status = std::process::Command::new("mkfifo").arg(project.path().join("fifo")).status().unwrap();
    assert!(status.success());
    let mut child = crate::common::spawn(project.path(), &["build", "--config", "report.toml", "--lang", "en"]);
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "the build hangs on the named pipe");
        std::thread::sleep(Duration::from_millis(100));
    }
    let run = wait(child);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[test]
fn a_named_pipe_in_the_data_folder_is_refused() {
    let project = project();
    let status = std::process::Command::new("mkfifo").arg(project.path().join("data/pipe.toml")).status().unwrap();
    assert!(status.success());
    let run = check(project.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("data/pipe.toml: error: this is not a regular file (a named pipe)"), "{}", run.stderr);
}

// ---------------------------------------------- caught by check, located in the data

#[test]
fn text_the_fonts_cannot_show_is_a_located_check_error() {
    let project = project();
    append(
        project.path(),
        "2025.toml",
        &event("partners = [{ name = \"대구광역시\", country = \"KR\", type = \"locality\" }]"),
    );
    let run = check(project.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = run.stderr.lines().find(|l| l.contains("대구광역시")).unwrap_or_default();
    assert!(line.starts_with("data/2025.toml:"), "{}", run.stderr);
    assert!(line.contains("Korean text (Hangul)"), "{line}");
    assert!(line.contains("Noto Sans KR"), "{line}");
    let build = yearbrief(project.path(), &["build", "--config", "report.toml"]);
    assert_eq!(build.code, 1);
    assert!(build.stderr.contains("Noto Sans KR"), "{}", build.stderr);
}

#[test]
fn config_text_the_fonts_cannot_show_is_a_located_check_error() {
    let project = project();
    let config = project.path().join("report.toml");
    let text =
        std::fs::read_to_string(&config).unwrap().replace("title = \"Agreements\"", "title = \"Agreements 協定\"");
    std::fs::write(&config, text).unwrap();
    let run = check(project.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("report.toml:25:9: error: `協定` has Chinese characters (Han)"), "{}", run.stderr);
}

#[test]
fn amounts_and_figures_out_of_range_are_located_errors() {
    let project = project();
    append(project.path(), "2025.toml", &event("amount = { value = 1.7e308, currency = \"USD\" }"));
    append(project.path(), "2025.toml", &event("amount = { value = 9007199254740993, currency = \"USD\" }"));
    let run = check(project.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("is out of range").count(), 2, "{}", run.stderr);
    assert!(
        run.stderr.lines().all(|l| !l.contains("out of range") || l.starts_with("data/2025.toml:")),
        "{}",
        run.stderr
    );
}

#[test]
fn sums_beyond_the_exact_range_are_located_errors() {
    let project = project();
    for _ in 0..10 {
        append(
            project.path(),
            "2025.toml",
            &event("kind = \"aid\"\namount = { value = 1_000_000_000_000_000, currency = \"USD\" }")
                .replace("kind = \"agreement\"\n", ""),
        );
    }
    let run = check(project.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("pass 2^53"), "{}", run.stderr);
}

#[test]
fn an_overlong_url_is_a_located_check_error() {
    let project = project();
    let url = format!("https://example.org/{}", "a".repeat(9000));
    append(
        project.path(),
        "sources.toml",
        &format!(
            "\n[[source]]\nid = \"long\"\ntitle = \"T\"\npublisher = \"P\"\npublished = \"2025\"\nurl = \"{url}\"\n"
        ),
    );
    let run = check(project.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("data/sources.toml:"), "{}", run.stderr);
    assert!(run.stderr.contains("the url is 9020 characters long"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_is_located_at_the_first_bad_byte() {
    let project = project();
    std::fs::write(project.path().join("data/bad.toml"), b"[[event]]\ntitle = \"Da N\xe0ng\"\n").unwrap();
    let run = check(project.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("data/bad.toml:2:14: error: the file is not UTF-8 text"), "{}", run.stderr);
}

#[test]
fn a_config_without_report_is_located_at_its_start() {
    let project = project();
    std::fs::write(project.path().join("report.toml"), "[[kind]]\nid = \"x\"\nlabel = \"X\"\n").unwrap();
    let run = check(project.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("report.toml:1:1: error: the config has no `[report]` table"), "{}", run.stderr);
}

#[test]
fn messages_never_name_internal_types() {
    let project = project();
    append(project.path(), "2025.toml", &event("amount = 5"));
    let config = project.path().join("report.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace("year = 2025", "year = true");
    std::fs::write(&config, text).unwrap();
    let run = check(project.path());
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("Raw"), "{}", run.stderr);
    assert!(!run.stderr.contains("untagged"), "{}", run.stderr);
    assert!(run.stderr.contains("report.toml:6:8: error:"), "{}", run.stderr);
    std::fs::write(&config, std::fs::read_to_string(crate::common::fixture("edit-log").join("report.toml")).unwrap())
        .unwrap();
    let run = check(project.path());
    assert!(!run.stderr.contains("Raw"), "{}", run.stderr);
    assert!(run.stderr.contains("expected a table"), "{}", run.stderr);
}

// ---------------------------------------------------------------- smaller

#[test]
fn control_characters_are_escaped_in_messages_tables_and_csv() {
    let project = project();
    append(
        project.path(),
        "2025.toml",
        &event("id = \"ctl\"").replace("title = \"Test\"", "title = \"Bell\\u0007 Esc\\u001b[2J\""),
    );
    append(project.path(), "2025.toml", &event("").replace("kind = \"agreement\"", "kind = \"agr\\u001b[31meement\""));
    let run = check(project.path());
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(run.stderr.contains("agr\\u{1b}[31meement"), "{}", run.stderr);

    let project = self::project();
    append(
        project.path(),
        "2025.toml",
        &event("id = \"ctl\"").replace("title = \"Test\"", "title = \"Bell\\u0007 Esc\\u001b[2J Nul\\u0000\""),
    );
    for format in ["table", "csv"] {
        let run = yearbrief(project.path(), &["events", "list", "--config", "report.toml", "--format", format]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(!run.stdout.chars().any(|c| matches!(c, '\u{0}' | '\u{7}' | '\u{1b}')), "{format}: {:?}", run.stdout);
        assert!(run.stdout.contains("Bell\\u{7} Esc\\u{1b}[2J Nul\\u{0}"), "{format}: {}", run.stdout);
    }
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let project = project();
    let runs: [&[&str]; 4] = [
        &["events", "list", "--config", "report.toml"],
        &["stats", "--config", "report.toml", "--format", "json"],
        &["check", "--config", "report.toml"],
        &["completions", "bash"],
    ];
    for args in runs {
        let mut child = command(project.path(), args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the command has written anything.
        drop(child.stdout.take());
        let run = wait(child);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked") && !run.stderr.contains("Broken pipe"), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn stale_temporary_files_of_an_output_are_removed_by_the_next_build() {
    let project = project();
    let output = project.path().join("output");
    std::fs::create_dir_all(&output).unwrap();
    for name in
        [".review-2025-en.pdf.Ab3xYz.tmp", ".review-2025-en.pdf.manifest.json.q1w2e3.tmp", ".other.pdf.Ab3xYz.tmp"]
    {
        std::fs::write(output.join(name), "half a file").unwrap();
    }
    let run = yearbrief(project.path(), &["build", "--config", "report.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(crate::common::temporary_files(&output), [".other.pdf.Ab3xYz.tmp"]);
}

#[test]
fn one_year_range_for_the_command_line_and_the_data() {
    let project = project();
    let run = yearbrief(project.path(), &["stats", "--config", "report.toml", "--year", "0001"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("1900 to 2100"), "{}", run.stderr);
    for date in ["0000-01-01", "9999-12-31"] {
        let project = self::project();
        append(project.path(), "2025.toml", &event("").replace("2025-06-01", date));
        let run = check(project.path());
        assert_eq!(run.code, 1, "{date}: {}", run.stderr);
        assert!(run.stderr.contains("outside the years yearbrief accepts (1900 to 2100)"), "{}", stderr_of(&run));
    }
}
