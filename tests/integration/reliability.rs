//! Regression tests for "nothing lost, nothing read that should not be":
//! concurrent writers, file modes and links, confinement, stale outputs,
//! and bad input caught by `check` at its place. Each test reproduces one
//! way the tool once lost data, read outside the project, hung or let a bad
//! input through, and runs the real binary on a temporary project.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{EPOCH, Output, Project, temporary_files};
use fs4::fs_std::FileExt;

/// A copy of the `edit-log` fixture (two languages, output in `output/`).
fn project() -> Project {
    Project::fixture("edit-log")
}

fn check(project: &Project) -> Output {
    project.cmd(["check", "--config", "report.toml"]).run()
}

/// Appends a record to a data file of the project.
fn append(project: &Project, file: &str, text: &str) {
    use std::io::Write;
    let path = project.join("data").join(file);
    let mut file = std::fs::OpenOptions::new().append(true).create(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

/// An event of 2025 citing the fixture's source, with one extra line.
fn event(extra: &str) -> String {
    format!(
        "\n[[event]]\ndate = \"2025-06-01\"\nkind = \"agreement\"\ntitle = \"Test\"\nsource = \"bulletin-2025\"\n{extra}\n"
    )
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().mode() & 0o7777
}

fn event_count(project: &Project) -> usize {
    let run = project.cmd(["events", "list", "--config", "report.toml", "--format", "json"]).run().success();
    run.json().as_array().unwrap().len()
}

/// `events add` of a 2025 event of this kind and title, with more arguments.
fn add_event(project: &Project, kind: &str, title: &str, more: &[&str]) -> Output {
    let args = ["events", "add", "--config", "report.toml", "--kind", kind, "--date", "2025-02-01", "--title", title];
    project.cmd(args.iter().chain(&["--source", "bulletin-2025"]).chain(more)).run()
}

/// Adds a text section titled `title` to the fixture's config, with the
/// template `name` in a new `templates/` folder (which the caller fills).
fn with_text_section(project: &Project, title: &str, name: &str) {
    std::fs::create_dir_all(project.join("templates")).unwrap();
    project.edit("report.toml", |text| {
        let text = text.replace(
            "output = \"output/review-{year}-{lang}.pdf\"",
            "output = \"output/review-{year}-{lang}.pdf\"\ntemplates = \"templates\"",
        );
        format!("{text}\n[[section]]\ntype = \"text\"\ntitle = \"{title}\"\ntemplate = \"{name}\"\n")
    });
}

// ---------------------------------------------------------------- data loss

#[test]
fn twenty_concurrent_events_add_keep_twenty_records() {
    let project = project();
    let before = event_count(&project);
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
            project.cmd(args).spawn()
        })
        .collect();
    for child in children {
        child.wait().success();
    }
    assert_eq!(event_count(&project), before + 20);
    check(&project).success();
    assert!(temporary_files(&project.join("data")).is_empty());
}

#[test]
fn events_add_waits_for_the_data_lock_and_gives_up_with_exit_3() {
    let project = project();
    let data = project.join("data");
    // The lock `events add` takes: an exclusive flock on the data directory,
    // held here by another open file description, as another process would.
    let holder = std::fs::File::open(&data).unwrap();
    assert!(holder.try_lock_exclusive().unwrap(), "the test could not take the lock");
    let before = std::fs::read(data.join("2025.toml")).unwrap();
    let run = add_event(&project, "other", "Waiting", &["--wait", "0"]);
    drop(holder);
    run.status(3).stderr_contains("another yearbrief command is writing to the data directory");
    assert_eq!(std::fs::read(data.join("2025.toml")).unwrap(), before);
}

#[test]
fn events_add_refuses_a_data_file_with_several_hard_links() {
    let project = project();
    let data = project.join("data");
    std::fs::hard_link(data.join("2025.toml"), project.join("master-2025.toml")).unwrap();
    let before = std::fs::read(data.join("2025.toml")).unwrap();
    add_event(&project, "other", "Linked", &[]).status(1).stderr_contains("has 2 hard links");
    assert_eq!(std::fs::read(data.join("2025.toml")).unwrap(), before);
    assert_eq!(std::fs::read(project.join("master-2025.toml")).unwrap(), before);
}

#[test]
fn output_naming_a_data_file_or_the_config_is_refused() {
    for output in ["data/2025.toml", "report.toml", "data/new-{lang}.toml"] {
        let project = project();
        project.edit("report.toml", |text| {
            text.replace("output = \"output/review-{year}-{lang}.pdf\"", &format!("output = \"{output}\""))
                .replace("languages = [\"en\", \"vi\"]", "languages = [\"en\"]")
        });
        let text = project.read("report.toml");
        let data_before = project.read("data/2025.toml");

        check(&project).status(1).stderr_contains("report.toml:9:10: error: `output` would make the build write");
        project.cmd(["build", "--config", "report.toml"]).run().status(1).stderr_contains("nothing was written");
        assert_eq!(project.read("data/2025.toml"), data_before);
        assert_eq!(project.read("report.toml"), text);
    }
}

#[test]
fn output_linked_to_a_data_file_is_refused() {
    let project = project();
    std::fs::create_dir_all(project.join("output")).unwrap();
    symlink("../data/2025.toml", project.join("output/review-2025-en.pdf")).unwrap();
    let before = project.read("data/2025.toml");
    project
        .cmd(["build", "--config", "report.toml"])
        .run()
        .status(1)
        .stderr_contains("which is a file of the data directory");
    assert_eq!(project.read("data/2025.toml"), before);
}

#[test]
fn events_add_keeps_the_mode_and_owner_of_the_data_file() {
    let project = project();
    let file = project.join("data/2025.toml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o664)).unwrap();
    let root = std::process::Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    if root {
        std::os::unix::fs::chown(&file, Some(1000), Some(1000)).unwrap();
    }
    add_event(&project, "other", "Mode kept", &[]).success();
    let metadata = std::fs::metadata(&file).unwrap();
    assert_eq!(metadata.mode() & 0o7777, 0o664);
    if root {
        assert_eq!((metadata.uid(), metadata.gid()), (1000, 1000));
    }
}

#[test]
fn events_add_writes_through_a_symlinked_data_file_to_its_target() {
    let project = project();
    let data = project.join("data");
    std::fs::create_dir_all(data.join(".shared")).unwrap();
    std::fs::rename(data.join("2025.toml"), data.join(".shared/master-2025.toml")).unwrap();
    symlink(".shared/master-2025.toml", data.join("2025.toml")).unwrap();
    add_event(&project, "other", "Linked file", &["--id", "through-link"]).success();
    assert!(std::fs::symlink_metadata(data.join("2025.toml")).unwrap().file_type().is_symlink());
    let master = project.read("data/.shared/master-2025.toml");
    assert!(master.contains("id = \"through-link\""), "{master}");
}

#[test]
fn new_pdfs_and_manifests_are_readable_by_colleagues() {
    let project = project();
    let run = std::process::Command::new("sh")
        .args(["-c", &format!("umask 022; exec {} build --config report.toml", env!("CARGO_BIN_EXE_yearbrief"))])
        .current_dir(project.path())
        .env_clear()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let output = project.join("output");
    assert_eq!(mode(&output.join("review-2025-en.pdf")), 0o644);
    assert_eq!(mode(&output.join("review-2025-en.pdf.manifest.json")), 0o644);
}

#[test]
fn if_changed_never_certifies_a_pdf_that_lacks_an_edit_made_during_the_build() {
    let project = project();
    // A text section whose typesetting takes a while, so that the edit below
    // lands while the second language is being typeset.
    with_text_section(&project, "Slow", "slow");
    project.file("templates/slow.typ.hbs", "#let n = 0\n#for i in range(4000000) { n += 1 }\nDone: #n\n");
    project.cmd(["build", "--config", "report.toml", "--if-changed"]).run().success();

    let mut during = project.cmd(["build", "--config", "report.toml"]).spawn();
    // The data is read at the start of the run; the edit comes as soon as the
    // first language's PDF is written, while the second one is typeset.
    let mut stdout = BufReader::new(during.child.stdout.take().expect("stdout is piped"));
    let mut first_line = String::new();
    stdout.read_line(&mut first_line).unwrap();
    assert!(first_line.starts_with("wrote "), "the build wrote no PDF first: {first_line:?}");
    append(&project, "2025.toml", &event("id = \"late-edit\""));
    std::io::copy(&mut stdout, &mut std::io::sink()).unwrap();
    during.wait().success();

    let after = project.cmd(["build", "--config", "report.toml", "--if-changed"]).run().success();
    assert!(!after.stdout().contains("up to date"), "a PDF without the edit was certified:\n{after}");
    assert_eq!(after.stdout().matches("wrote").count(), 2, "{after}");
}

#[test]
fn if_changed_rebuilds_when_an_image_the_template_reads_changes() {
    let project = project();
    with_text_section(&project, "Logo", "logo");
    project.file(
        "logo.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#,
    );
    project.file("templates/logo.typ.hbs", "#image(\"/logo.svg\", width: 1cm)\n");
    let args = ["build", "--config", "report.toml", "--if-changed", "--lang", "en"];
    project.cmd(args).run().success();
    project.cmd(args).run().stdout_contains("up to date");
    project.file(
        "logo.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="5" cx="5" cy="5"/></svg>"#,
    );
    project.cmd(args).run().stdout_contains("wrote");
}

// ------------------------------------------------------ confinement and hangs

#[test]
fn symlinked_template_outside_the_folder_is_refused_not_read() {
    let project = project();
    with_text_section(&project, "Text", "evil");
    symlink("/etc/passwd", project.join("templates/evil.typ.hbs")).unwrap();
    let run =
        project.cmd(["build", "--config", "report.toml", "--emit", "typst"]).run().status(1).stderr_contains(
            "templates/evil.typ.hbs: error: this link leads to /etc/passwd, outside the templates folder",
        );
    assert!(!run.stderr().contains("root:"), "{run}");
    let output = project.join("output");
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
    with_text_section(&project, "Text", "outlook");
    project.file("templates/outlook.typ.hbs", "Outlook.\n");
    symlink("/", project.join("templates/rootlink")).unwrap();
    let started = Instant::now();
    project
        .cmd(["build", "--config", "report.toml"])
        .run()
        .status(1)
        .stderr_contains("templates/rootlink: error: this link leads to the folder /,");
    assert!(started.elapsed() < Duration::from_secs(60), "the walk must not wander the file system");
}

#[test]
fn symlink_loops_in_the_templates_and_data_folders_are_refused() {
    let project = project();
    with_text_section(&project, "Text", "outlook");
    project.file("templates/outlook.typ.hbs", "Outlook.\n");
    symlink(".", project.join("templates/a")).unwrap();
    symlink(".", project.join("templates/b")).unwrap();
    let run = project.cmd(["build", "--config", "report.toml"]).run().status(1);
    assert_eq!(run.stderr().matches("which is read already").count(), 2, "{run}");

    let project = self::project();
    symlink(".", project.join("data/a")).unwrap();
    symlink(".", project.join("data/b")).unwrap();
    check(&project)
        .status(1)
        .stderr_contains("data/a: error: this link leads back to the folder")
        .stderr_contains("2 errors, 0 warnings");
}

#[test]
fn a_named_pipe_read_by_a_template_is_refused_not_waited_on() {
    let project = project();
    with_text_section(&project, "Text", "pipe");
    project.file("templates/pipe.typ.hbs", "#read(\"/fifo\")\n");
    let status = std::process::Command::new("mkfifo").arg(project.join("fifo")).status().unwrap();
    assert!(status.success());
    let mut build = project.cmd(["build", "--config", "report.toml", "--lang", "en"]).spawn();
    let deadline = Instant::now() + Duration::from_secs(120);
    while build.child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            build.child.kill().unwrap();
            panic!("the build hangs on the named pipe");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    build.wait().status(1).stderr_contains("not a regular file");
}

#[test]
fn a_named_pipe_in_the_data_folder_is_refused() {
    let project = project();
    let status = std::process::Command::new("mkfifo").arg(project.join("data/pipe.toml")).status().unwrap();
    assert!(status.success());
    check(&project).status(1).stderr_contains("data/pipe.toml: error: this is not a regular file (a named pipe)");
}

// ---------------------------------------------- caught by check, located in the data

#[test]
fn text_the_fonts_cannot_show_is_a_located_check_error() {
    let project = project();
    append(
        &project,
        "2025.toml",
        &event("partners = [{ name = \"대구광역시\", country = \"KR\", type = \"locality\" }]"),
    );
    let run = check(&project).status(1);
    let line = run.stderr().lines().find(|l| l.contains("대구광역시")).unwrap_or_default();
    assert!(line.starts_with("data/2025.toml:"), "{run}");
    assert!(line.contains("Korean text (Hangul)"), "{line}");
    assert!(line.contains("Noto Sans KR"), "{line}");
    project.cmd(["build", "--config", "report.toml"]).run().status(1).stderr_contains("Noto Sans KR");
}

#[test]
fn config_text_the_fonts_cannot_show_is_a_located_check_error() {
    let project = project();
    project.edit("report.toml", |text| text.replace("title = \"Agreements\"", "title = \"Agreements 協定\""));
    let run = check(&project).status(1);
    assert!(run.stderr().starts_with("report.toml:25:9: error: `協定` has Chinese characters (Han)"), "{run}");
}

#[test]
fn amounts_and_figures_out_of_range_are_located_errors() {
    let project = project();
    append(&project, "2025.toml", &event("amount = { value = 1.7e308, currency = \"USD\" }"));
    append(&project, "2025.toml", &event("amount = { value = 9007199254740993, currency = \"USD\" }"));
    let run = check(&project).status(1);
    assert_eq!(run.stderr().matches("is out of range").count(), 2, "{run}");
    assert!(run.stderr().lines().all(|l| !l.contains("out of range") || l.starts_with("data/2025.toml:")), "{run}");
}

#[test]
fn sums_beyond_the_exact_range_are_located_errors() {
    let project = project();
    for _ in 0..10 {
        append(
            &project,
            "2025.toml",
            &event("kind = \"aid\"\namount = { value = 1_000_000_000_000_000, currency = \"USD\" }")
                .replace("kind = \"agreement\"\n", ""),
        );
    }
    check(&project).status(1).stderr_contains("pass 2^53");
}

#[test]
fn an_overlong_url_is_a_located_check_error() {
    let project = project();
    let url = format!("https://example.org/{}", "a".repeat(9000));
    append(
        &project,
        "sources.toml",
        &format!(
            "\n[[source]]\nid = \"long\"\ntitle = \"T\"\npublisher = \"P\"\npublished = \"2025\"\nurl = \"{url}\"\n"
        ),
    );
    check(&project).status(1).stderr_contains("data/sources.toml:").stderr_contains("the url is 9020 characters long");
}

#[test]
fn invalid_utf8_is_located_at_the_first_bad_byte() {
    let project = project();
    project.file("data/bad.toml", b"[[event]]\ntitle = \"Da N\xe0ng\"\n");
    check(&project).status(1).stderr_contains("data/bad.toml:2:14: error: the file is not UTF-8 text");
}

#[test]
fn a_config_without_report_is_located_at_its_start() {
    let project = project();
    project.file("report.toml", "[[kind]]\nid = \"x\"\nlabel = \"X\"\n");
    let run = check(&project).status(1);
    assert!(run.stderr().starts_with("report.toml:1:1: error: the config has no `[report]` table"), "{run}");
}

#[test]
fn messages_never_name_internal_types() {
    let project = project();
    append(&project, "2025.toml", &event("amount = 5"));
    let original = project.read("report.toml");
    project.edit("report.toml", |text| text.replace("year = 2025", "year = true"));
    let run = check(&project).status(1).stderr_contains("report.toml:6:8: error:");
    assert!(!run.stderr().contains("Raw"), "{run}");
    assert!(!run.stderr().contains("untagged"), "{run}");
    project.file("report.toml", original);
    let run = check(&project)
        .stderr_contains("an amount needs its currency: write `amount = { value = 5, currency = \"VND\" }`");
    assert!(!run.stderr().contains("Raw"), "{run}");
}

// ---------------------------------------------------------------- smaller

#[test]
fn control_characters_are_escaped_in_messages_tables_and_csv() {
    let project = project();
    append(
        &project,
        "2025.toml",
        &event("id = \"ctl\"").replace("title = \"Test\"", "title = \"Bell\\u0007 Esc\\u001b[2J\""),
    );
    append(&project, "2025.toml", &event("").replace("kind = \"agreement\"", "kind = \"agr\\u001b[31meement\""));
    let run = check(&project).stderr_contains("agr\\u{1b}[31meement");
    assert!(!run.stderr().contains('\u{1b}'), "{:?}", run.stderr());

    let project = self::project();
    append(
        &project,
        "2025.toml",
        &event("id = \"ctl\"").replace("title = \"Test\"", "title = \"Bell\\u0007 Esc\\u001b[2J Nul\\u0000\""),
    );
    for format in ["table", "csv"] {
        let run = project
            .cmd(["events", "list", "--config", "report.toml", "--format", format])
            .run()
            .success()
            .stdout_contains("Bell\\u{7} Esc\\u{1b}[2J Nul\\u{0}");
        assert!(
            !run.stdout().chars().any(|c| matches!(c, '\u{0}' | '\u{7}' | '\u{1b}')),
            "{format}: {:?}",
            run.stdout()
        );
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
        let mut running = project.cmd(args).spawn();
        // The reader goes away before the command has written anything.
        drop(running.child.stdout.take());
        let run = running.wait().success();
        assert!(!run.stderr().contains("panicked") && !run.stderr().contains("Broken pipe"), "{run}");
    }
}

#[test]
fn stale_temporary_files_of_an_output_are_removed_by_the_next_build() {
    let project = project();
    for name in
        [".review-2025-en.pdf.Ab3xYz.tmp", ".review-2025-en.pdf.manifest.json.q1w2e3.tmp", ".other.pdf.Ab3xYz.tmp"]
    {
        project.file(format!("output/{name}"), "half a file");
    }
    project.cmd(["build", "--config", "report.toml"]).run().success();
    assert_eq!(temporary_files(&project.join("output")), [".other.pdf.Ab3xYz.tmp"]);
}

#[test]
fn one_year_range_for_the_command_line_and_the_data() {
    let project = project();
    project.cmd(["stats", "--config", "report.toml", "--year", "0001"]).run().status(2).stderr_contains("1900 to 2100");
    for date in ["0000-01-01", "9999-12-31"] {
        let project = self::project();
        append(&project, "2025.toml", &event("").replace("2025-06-01", date));
        check(&project).status(1).stderr_contains("outside the years yearbrief accepts (1900 to 2100)");
    }
}
