//! Integration tests of unattended runs: the real binary under an empty
//! environment, locks between overlapping runs, `--if-changed`, the exit
//! codes, the log formats, and `schedule`.

use std::path::Path;
use std::process::Command;

use crate::common::{bundled_project, command, finish, spawn, wait, yearbrief};
use chrono::Datelike;
use fs4::fs_std::FileExt;

/// The absolute path of the bundled config in a project copy.
fn config_of(project: &tempfile::TempDir) -> String {
    project.path().join("config/report.toml").to_str().unwrap().to_owned()
}

fn assert_valid_pdf(pdf: &Path) {
    let output = Command::new("qpdf").arg("--check").arg(pdf).output().expect("qpdf runs");
    assert!(
        output.status.success(),
        "qpdf --check failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&output.stdout)
    );
}

/// The files in `dir` whose names end with `suffix`.
fn files_ending(dir: &Path, suffix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(suffix))
        .collect();
    names.sort();
    names
}

/// Holds the lock a build of `output` takes, from this test process.
fn hold_lock(output: &Path) -> std::fs::File {
    let name = output.file_name().unwrap().to_string_lossy().into_owned();
    let path = output.with_file_name(format!(".{name}.lock"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).unwrap();
    assert!(file.try_lock_exclusive().unwrap(), "the test could not take the lock");
    file
}

#[test]
fn builds_under_an_empty_environment_from_an_unrelated_directory() {
    let project = bundled_project();
    let elsewhere = tempfile::tempdir().unwrap();
    let config = config_of(&project);
    let run = yearbrief(elsewhere.path(), &["build", "--config", &config, "--year", "previous", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let previous = chrono::Utc::now().year() - 1;
    let pdf = project.path().join(format!("output/danang-{previous}-en.pdf"));
    assert!(pdf.is_file(), "no {} after: {}", pdf.display(), run.stdout);
    assert_valid_pdf(&pdf);
    assert!(!elsewhere.path().join("output").exists(), "the build wrote into the working directory");
    assert!(!run.stdout.contains('\x1b') && !run.stderr.contains('\x1b'), "colour codes in the output");
}

#[test]
fn a_build_of_a_locked_output_exits_3_and_leaves_it_alone() {
    let project = bundled_project();
    let config = config_of(&project);
    let pdf = project.path().join("output/danang-2024-en.pdf");
    let lock = hold_lock(&pdf);
    let run = yearbrief(project.path(), &["build", "--config", &config, "--lang", "en"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("another yearbrief run is building"), "{}", run.stderr);
    assert!(run.stderr.contains("danang-2024-en.pdf"), "{}", run.stderr);
    assert!(!pdf.exists(), "the PDF was written without the lock");
    drop(lock);
    let run = yearbrief(project.path(), &["build", "--config", &config, "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_valid_pdf(&pdf);
}

#[test]
fn two_builds_of_the_same_output_at_once_never_interleave() {
    let project = bundled_project();
    let config = config_of(&project);
    let args = ["build", "--config", &config, "--lang", "en"];
    let first = spawn(project.path(), &args);
    let second = spawn(project.path(), &args);
    let (first, second) = (wait(first), wait(second));
    let mut codes = [first.code, second.code];
    codes.sort_unstable();
    assert!(codes == [0, 3] || codes == [0, 0], "exit codes {codes:?}: {}\n{}", first.stderr, second.stderr);
    let output = project.path().join("output");
    assert_eq!(files_ending(&output, ".pdf"), ["danang-2024-en.pdf"]);
    assert_valid_pdf(&output.join("danang-2024-en.pdf"));
    assert!(files_ending(&output, ".tmp").is_empty(), "temporary files were left");
}

#[test]
fn with_wait_both_overlapping_builds_succeed() {
    let project = bundled_project();
    let config = config_of(&project);
    let pdf = project.path().join("output/danang-2024-en.pdf");
    let lock = hold_lock(&pdf);
    let args = ["build", "--config", &config, "--lang", "en", "--wait", "60"];
    let first = spawn(project.path(), &args);
    let second = spawn(project.path(), &args);
    // Give them a moment to find the lock taken, so that the waiting is exercised.
    std::thread::sleep(std::time::Duration::from_millis(300));
    drop(lock);
    let (first, second) = (wait(first), wait(second));
    assert_eq!((first.code, second.code), (0, 0), "{}\n{}", first.stderr, second.stderr);
    assert_valid_pdf(&pdf);
    assert!(files_ending(&project.path().join("output"), ".tmp").is_empty(), "temporary files were left");
}

#[test]
fn two_configs_building_into_the_same_folder_at_once_both_succeed() {
    let project = bundled_project();
    let config = config_of(&project);
    let text = std::fs::read_to_string(&config).unwrap();
    let other_text = text.replace("../output/danang-{year}-{lang}.pdf", "../output/other-{year}-{lang}.pdf");
    assert_ne!(text, other_text, "the bundled config's output pattern changed; update this test");
    let other = project.path().join("config/other.toml");
    std::fs::write(&other, other_text).unwrap();
    let first = spawn(project.path(), &["build", "--config", &config]);
    let second = spawn(project.path(), &["build", "--config", other.to_str().unwrap()]);
    let (first, second) = (wait(first), wait(second));
    assert_eq!((first.code, second.code), (0, 0), "{}\n{}", first.stderr, second.stderr);
    let output = project.path().join("output");
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
    let project = bundled_project();
    let config = config_of(&project);
    let args = ["build", "--config", &config, "--lang", "en", "--if-changed"];
    let pdf = project.path().join("output/danang-2024-en.pdf");

    let run = yearbrief(project.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("wrote output/danang-2024-en.pdf"), "{}", run.stdout);
    assert!(project.path().join("output/danang-2024-en.pdf.manifest.json").is_file());
    let built = std::fs::read(&pdf).unwrap();

    let run = yearbrief(project.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "output/danang-2024-en.pdf is up to date\n");
    assert_eq!(std::fs::read(&pdf).unwrap(), built);

    let quiet: Vec<&str> = args.iter().copied().chain(["--quiet"]).collect();
    let run = yearbrief(project.path(), &quiet);
    assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (0, "", ""));

    let data = project.path().join("seeds/danang");
    let file = files_ending(&data, ".toml").into_iter().next().expect("a data file");
    let path = data.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n# edited by the operator\n");
    std::fs::write(&path, text).unwrap();
    let run = yearbrief(project.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("wrote "), "an edited data file did not rebuild: {}", run.stdout);
    assert!(yearbrief(project.path(), &args).stdout.ends_with("is up to date\n"));

    let other_date = finish(command(project.path(), &args).env("SOURCE_DATE_EPOCH", "1767225600").output().unwrap());
    assert!(other_date.stdout.starts_with("wrote "), "a new SOURCE_DATE_EPOCH did not rebuild: {}", other_date.stdout);

    std::fs::remove_file(&pdf).unwrap();
    let run = yearbrief(project.path(), &args);
    assert!(run.stdout.starts_with("wrote "), "a deleted PDF was not rebuilt: {}", run.stdout);
    assert!(pdf.is_file());
}

#[test]
fn quiet_build_prints_nothing() {
    let project = bundled_project();
    let run = yearbrief(project.path(), &["build", "--config", &config_of(&project), "--lang", "en", "--quiet"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2_and_build_failures_exit_1() {
    let project = bundled_project();
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
        let run = yearbrief(project.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty(), "{args:?} printed no reason");
    }
    std::fs::write(project.path().join("seeds/danang/broken.toml"), "[[event]\n").unwrap();
    let run = yearbrief(project.path(), &["build", "--config", &config]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("broken.toml:1:"), "{}", run.stderr);
}

#[test]
fn json_log_format_prints_one_object_per_line() {
    let project = bundled_project();
    let config = config_of(&project);
    std::fs::write(project.path().join("seeds/danang/broken.toml"), "[[event]]\nkind = \"festval\"\n").unwrap();
    let run = yearbrief(project.path(), &["build", "--config", &config, "--log-format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stderr
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
        .unwrap_or_else(|| panic!("no entry names broken.toml: {}", run.stderr));
    assert_eq!(located["level"], "error");
    assert!(located["line"].as_u64().is_some() && located["column"].as_u64().is_some(), "{located}");

    for args in
        [vec!["check", "--config", &config, "--log-format", "json"], vec!["build", "--wait=x", "--log-format=json"]]
    {
        let run = yearbrief(project.path(), &args);
        assert_ne!(run.code, 0);
        for line in run.stderr.lines() {
            assert!(serde_json::from_str::<serde_json::Value>(line).is_ok(), "{args:?}: not JSON: {line}");
        }
    }
}

#[test]
fn text_log_format_stamps_every_line() {
    let project = bundled_project();
    let config = config_of(&project);
    let pdf = project.path().join("output/danang-2024-en.pdf");
    let _lock = hold_lock(&pdf);
    let run = yearbrief(project.path(), &["build", "--config", &config, "--lang", "en", "--log-format", "text"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    for line in run.stderr.lines() {
        let (time, rest) = line.split_once(' ').unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(time).is_ok(), "no timestamp: {line}");
        assert!(time.ends_with('Z'), "not UTC: {line}");
        assert!(rest.starts_with("error: another yearbrief run"), "{line}");
    }
}

#[test]
fn schedule_prints_a_crontab_line_with_absolute_paths() {
    let project = bundled_project();
    let elsewhere = tempfile::tempdir().unwrap();
    let relative = Path::new("..").join(project.path().file_name().unwrap()).join("config/report.toml");
    let cwd = elsewhere.path();
    let run = yearbrief(cwd, &["schedule", "--config", relative.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let exe = std::fs::canonicalize(env!("CARGO_BIN_EXE_yearbrief")).unwrap();
    let config = std::fs::canonicalize(project.path().join("config/report.toml")).unwrap();
    let entries: Vec<&str> = run.stdout.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
    assert_eq!(entries.len(), 1, "{}", run.stdout);
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

    let custom = yearbrief(cwd, &["schedule", "--config", &config_of(&project), "--at", "30 5 2 1 *"]);
    assert!(custom.stdout.lines().any(|l| l.starts_with("30 5 2 1 * /")), "{}", custom.stdout);
}

#[test]
fn schedule_systemd_prints_a_service_and_a_timer() {
    let project = bundled_project();
    let config = config_of(&project);
    let run = yearbrief(project.path(), &["schedule", "--config", &config, "--systemd"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
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
        assert!(run.stdout.lines().any(|l| l == expected), "no line {expected:?} in:\n{}", run.stdout);
    }
    let custom = yearbrief(project.path(), &["schedule", "--config", &config, "--systemd", "--at", "0 7 * * 1"]);
    assert!(custom.stdout.contains("OnCalendar=Mon *-*-* 07:00:00\n"), "{}", custom.stdout);
    let refused = yearbrief(project.path(), &["schedule", "--config", &config, "--systemd", "--at", "*/15 * * * *"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("cannot translate the cron expression"), "{}", refused.stderr);
}
