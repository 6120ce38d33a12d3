//! Integration tests of unattended runs: the real binary under an empty
//! environment, locks between overlapping runs, `--if-changed`, the exit
//! codes, the log formats, and `schedule`.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{Project, assert_valid_pdf, files_ending};
use chrono::Datelike;
use fs4::fs_std::FileExt;

/// The absolute path of the bundled config in a project copy.
fn config_of(project: &Project) -> String {
    project.join("config/report.toml").to_str().unwrap().to_owned()
}

/// Holds the lock a build of `output` takes, from this test process.
fn hold_lock(output: &Path) -> std::fs::File {
    let path = lock_file(output);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).unwrap();
    assert!(file.try_lock_exclusive().unwrap(), "the test could not take the lock");
    file
}

/// The lock file a build of `output` takes.
fn lock_file(output: &Path) -> std::path::PathBuf {
    let name = output.file_name().unwrap().to_string_lossy().into_owned();
    output.with_file_name(format!(".{name}.lock"))
}

/// Waits until process `pid` has `file` open (seen in `/proc/<pid>/fd`).
fn wait_until_open(pid: u32, file: &Path) {
    let deadline = Instant::now() + Duration::from_secs(120);
    let file = std::fs::canonicalize(file).unwrap();
    loop {
        let open = std::fs::read_dir(format!("/proc/{pid}/fd"))
            .map(|fds| fds.flatten().any(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target == file)))
            .unwrap_or(false);
        if open {
            return;
        }
        assert!(Instant::now() < deadline, "process {pid} did not open {}", file.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn builds_under_an_empty_environment_from_an_unrelated_directory() {
    let project = Project::bundled();
    let elsewhere = Project::empty();
    let config = config_of(&project);
    let run = project
        .cmd(["build", "--config", &config, "--year", "previous", "--lang", "en"])
        .current_dir(elsewhere.path())
        .run()
        .success();
    let previous = chrono::Utc::now().year() - 1;
    let pdf = project.join(format!("output/danang-{previous}-en.pdf"));
    assert!(pdf.is_file(), "no {} after: {run}", pdf.display());
    assert_valid_pdf(&pdf);
    assert!(!elsewhere.join("output").exists(), "the build wrote into the working directory");
    assert!(!run.stdout().contains('\x1b') && !run.stderr().contains('\x1b'), "colour codes in the output");
}

#[test]
fn a_build_of_a_locked_output_exits_3_and_leaves_it_alone() {
    let project = Project::bundled();
    let config = config_of(&project);
    let pdf = project.join("output/danang-2024-en.pdf");
    let lock = hold_lock(&pdf);
    let run = project
        .cmd(["build", "--config", &config, "--lang", "en"])
        .run()
        .status(3)
        .stderr_contains("another yearbrief run is building")
        .stderr_contains("danang-2024-en.pdf");
    assert_eq!(run.stderr().lines().count(), 1, "{run}");
    assert!(!pdf.exists(), "the PDF was written without the lock");
    drop(lock);
    project.cmd(["build", "--config", &config, "--lang", "en"]).run().success();
    assert_valid_pdf(&pdf);
}

#[test]
fn two_builds_of_the_same_output_at_once_never_interleave() {
    let project = Project::bundled();
    let config = config_of(&project);
    let args = ["build", "--config", &config, "--lang", "en"];
    let first = project.cmd(args).spawn();
    let second = project.cmd(args).spawn();
    let (first, second) = (first.wait(), second.wait());
    let mut codes = [first.code(), second.code()];
    codes.sort_unstable();
    assert!(codes == [0, 3] || codes == [0, 0], "exit codes {codes:?}:\n{first}\n{second}");
    let output = project.join("output");
    assert_eq!(files_ending(&output, ".pdf"), ["danang-2024-en.pdf"]);
    assert_valid_pdf(&output.join("danang-2024-en.pdf"));
    assert!(files_ending(&output, ".tmp").is_empty(), "temporary files were left");
}

#[test]
fn with_wait_both_overlapping_builds_succeed() {
    let project = Project::bundled();
    let config = config_of(&project);
    let pdf = project.join("output/danang-2024-en.pdf");
    let lock = hold_lock(&pdf);
    let args = ["build", "--config", &config, "--lang", "en", "--wait", "60"];
    let first = project.cmd(args).spawn();
    let second = project.cmd(args).spawn();
    // Both have found the lock taken once they hold its file open, so the waiting is exercised.
    wait_until_open(first.child.id(), &lock_file(&pdf));
    wait_until_open(second.child.id(), &lock_file(&pdf));
    drop(lock);
    let (first, second) = (first.wait(), second.wait());
    assert_eq!((first.code(), second.code()), (0, 0), "{first}\n{second}");
    assert_valid_pdf(&pdf);
    assert!(files_ending(&project.join("output"), ".tmp").is_empty(), "temporary files were left");
}

#[test]
fn two_configs_building_into_the_same_folder_at_once_both_succeed() {
    let project = Project::bundled();
    let config = config_of(&project);
    let text = project.read("config/report.toml");
    let other_text = text.replace("../output/danang-{year}-{lang}.pdf", "../output/other-{year}-{lang}.pdf");
    assert_ne!(text, other_text, "the bundled config's output pattern changed; update this test");
    project.file("config/other.toml", other_text);
    let first = project.cmd(["build", "--config", &config]).spawn();
    let second = project.cmd(["build", "--config", "config/other.toml"]).spawn();
    let (first, second) = (first.wait(), second.wait());
    assert_eq!((first.code(), second.code()), (0, 0), "{first}\n{second}");
    let output = project.join("output");
    assert_eq!(
        files_ending(&output, ".pdf"),
        ["danang-2024-en.pdf", "danang-2024-vi.pdf", "other-2024-en.pdf", "other-2024-vi.pdf"]
    );
    for name in files_ending(&output, ".pdf") {
        assert_valid_pdf(&output.join(name));
    }
    assert!(files_ending(&output, ".tmp").is_empty(), "temporary files were left");
}

#[test]
fn if_changed_skips_unchanged_inputs_and_rebuilds_after_an_edit() {
    let project = Project::bundled();
    let config = config_of(&project);
    let args = ["build", "--config", &config, "--lang", "en", "--if-changed"];
    let pdf = project.join("output/danang-2024-en.pdf");

    let run = project.cmd(args).run().success();
    assert!(run.stdout().starts_with("wrote output/danang-2024-en.pdf"), "{run}");
    assert!(project.join("output/danang-2024-en.pdf.manifest.json").is_file());
    let built = std::fs::read(&pdf).unwrap();

    project.cmd(args).run().success().stdout_is("output/danang-2024-en.pdf is up to date\n");
    assert_eq!(std::fs::read(&pdf).unwrap(), built);

    project.cmd(args.iter().chain(&["--quiet"])).run().success().stdout_is("").stderr_is("");

    let file = files_ending(&project.join("seeds/danang"), ".toml").into_iter().next().expect("a data file");
    project.edit(format!("seeds/danang/{file}"), |text| format!("{text}\n# edited by the operator\n"));
    let run = project.cmd(args).run().success();
    assert!(run.stdout().starts_with("wrote "), "an edited data file did not rebuild: {run}");
    let run = project.cmd(args).run();
    assert!(run.stdout().ends_with("is up to date\n"), "{run}");

    let other_date = project.cmd(args).env("SOURCE_DATE_EPOCH", "1767225600").run();
    assert!(other_date.stdout().starts_with("wrote "), "a new SOURCE_DATE_EPOCH did not rebuild: {other_date}");

    std::fs::remove_file(&pdf).unwrap();
    let run = project.cmd(args).run();
    assert!(run.stdout().starts_with("wrote "), "a deleted PDF was not rebuilt: {run}");
    assert!(pdf.is_file());
}

#[test]
fn quiet_build_prints_nothing() {
    let project = Project::bundled();
    project.cmd(["build", "--config", &config_of(&project), "--lang", "en", "--quiet"]).run().success().stdout_is("");
}

#[test]
fn usage_errors_exit_2_and_build_failures_exit_1() {
    let project = Project::bundled();
    let config = config_of(&project);
    for args in [
        vec!["build", "--config", &config, "--wait", "soon"],
        vec!["build", "--config", &config, "--no-such-flag"],
        vec!["build", "--config", &config, "--log-format", "xml"],
        vec!["build", "--year", "last"],
        vec!["schedule", "--config", &config, "--at", "61 6 2 1 *"],
        vec!["schedule", "--config", &config, "--at", "0 6 2 1"],
        vec![],
    ] {
        let run = project.cmd(&args).run().status(2);
        assert!(!run.stderr().is_empty(), "{args:?} printed no reason");
    }
    project.file("seeds/danang/broken.toml", "[[event]\n");
    project.cmd(["build", "--config", &config]).run().status(1).stderr_contains("broken.toml:1:");
}

#[test]
fn json_log_format_prints_one_object_per_line() {
    let project = Project::bundled();
    let config = config_of(&project);
    project.file("seeds/danang/broken.toml", "[[event]]\nkind = \"festval\"\n");
    let run = project.cmd(["build", "--config", &config, "--log-format", "json"]).run().status(1);
    let lines: Vec<serde_json::Value> = run
        .stderr()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    assert!(!lines.is_empty());
    for line in &lines {
        assert!(chrono::DateTime::parse_from_rfc3339(line["time"].as_str().unwrap()).is_ok(), "{line}");
        assert!(["error", "warning", "info"].contains(&line["level"].as_str().unwrap()), "{line}");
        assert!(line["message"].is_string(), "{line}");
    }
    let located = lines
        .iter()
        .find(|l| l["file"].as_str().is_some_and(|f| f.ends_with("broken.toml")))
        .unwrap_or_else(|| panic!("no entry names broken.toml: {run}"));
    assert_eq!(located["level"], "error");
    assert!(located["line"].as_u64().is_some() && located["column"].as_u64().is_some(), "{located}");

    for args in
        [vec!["check", "--config", &config, "--log-format", "json"], vec!["build", "--wait=x", "--log-format=json"]]
    {
        let run = project.cmd(&args).run();
        assert_ne!(run.code(), 0, "{run}");
        for line in run.stderr().lines() {
            assert!(serde_json::from_str::<serde_json::Value>(line).is_ok(), "{args:?}: not JSON: {line}");
        }
    }
}

#[test]
fn text_log_format_stamps_every_line() {
    let project = Project::bundled();
    let config = config_of(&project);
    let _lock = hold_lock(&project.join("output/danang-2024-en.pdf"));
    let run = project.cmd(["build", "--config", &config, "--lang", "en", "--log-format", "text"]).run().status(3);
    for line in run.stderr().lines() {
        let (time, rest) = line.split_once(' ').unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(time).is_ok(), "no timestamp: {line}");
        assert!(time.ends_with('Z'), "not UTC: {line}");
        assert!(rest.starts_with("error: another yearbrief run"), "{line}");
    }
}

#[test]
fn schedule_prints_a_crontab_line_with_absolute_paths() {
    let project = Project::bundled();
    let elsewhere = Project::empty();
    let relative = Path::new("..").join(project.path().file_name().unwrap()).join("config/report.toml");
    let run =
        project.cmd(["schedule", "--config", relative.to_str().unwrap()]).current_dir(elsewhere.path()).run().success();
    let exe = std::fs::canonicalize(env!("CARGO_BIN_EXE_yearbrief")).unwrap();
    let config = std::fs::canonicalize(project.join("config/report.toml")).unwrap();
    let entries: Vec<&str> = run.stdout().lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
    assert_eq!(entries.len(), 1, "{run}");
    let words: Vec<&str> = entries[0].split_whitespace().collect();
    assert!(words.len() > 6, "{}", entries[0]);
    assert_eq!(words[..5], ["0", "6", "2", "1", "*"]);
    for (field, (min, max)) in words[..5].iter().zip([(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]) {
        assert!(*field == "*" || field.parse::<u32>().is_ok_and(|n| (min..=max).contains(&n)), "{field}");
    }
    assert_eq!(Path::new(words[5]), exe);
    let command = words[6..].join(" ");
    assert!(command.contains(&format!("--config {}", config.display())), "{command}");
    assert!(command.contains("build --year previous --if-changed --quiet"), "{command}");
    let log = command.split(">> ").nth(1).and_then(|rest| rest.split_whitespace().next()).expect("a log redirection");
    assert!(Path::new(log).is_absolute(), "{log}");
    assert!(command.ends_with("2>&1"), "{command}");

    let custom = project
        .cmd(["schedule", "--config", &config_of(&project), "--at", "30 5 2 1 *"])
        .current_dir(elsewhere.path())
        .run();
    assert!(custom.stdout().lines().any(|l| l.starts_with("30 5 2 1 * /")), "{custom}");
}

#[test]
fn schedule_systemd_prints_a_service_and_a_timer() {
    let project = Project::bundled();
    let config = config_of(&project);
    let run = project.cmd(["schedule", "--config", &config, "--systemd"]).run().success();
    let exe = std::fs::canonicalize(env!("CARGO_BIN_EXE_yearbrief")).unwrap();
    for expected in [
        "# ---- yearbrief.service ----".to_owned(),
        "[Service]".to_owned(),
        "Type=oneshot".to_owned(),
        format!("ExecStart={} build --year previous --if-changed --quiet --config {config}", exe.display()),
        "# ---- yearbrief.timer ----".to_owned(),
        "OnCalendar=*-01-02 06:00:00".to_owned(),
        "Persistent=true".to_owned(),
        "WantedBy=timers.target".to_owned(),
    ] {
        assert!(run.stdout().lines().any(|l| l == expected), "no line {expected:?} in:\n{run}");
    }
    project
        .cmd(["schedule", "--config", &config, "--systemd", "--at", "0 7 * * 1"])
        .run()
        .stdout_contains("OnCalendar=Mon *-*-* 07:00:00\n");
    project
        .cmd(["schedule", "--config", &config, "--systemd", "--at", "*/15 * * * *"])
        .run()
        .status(1)
        .stderr_contains("cannot translate the cron expression");
}
