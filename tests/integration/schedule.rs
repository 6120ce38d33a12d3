//! Integration tests of `yearbrief schedule --at` run through the real
//! binary: a day of month that never comes is a usage error in both the
//! crontab and the systemd form; a job only on 29 February is printed with a
//! warning.

use crate::common::{bundled_project, yearbrief};

#[test]
fn schedule_refuses_a_day_of_month_that_never_comes() {
    let project = bundled_project();
    let config = project.path().join("config/report.toml");
    let config = config.to_str().unwrap();
    for (at, systemd) in [("0 6 31 2 *", false), ("0 6 30 2 *", true), ("0 6 31 4,6 *", false)] {
        let mut args = vec!["schedule", "--config", config, "--at", at];
        if systemd {
            args.push("--systemd");
        }
        let run = yearbrief(project.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?} printed a schedule:\n{}", run.stdout);
        assert!(run.stderr.contains("--at"), "{}", run.stderr);
        assert!(run.stderr.contains("never comes in month"), "{}", run.stderr);
        assert!(run.stderr.contains("so the job would never run; choose a day that does, such as"), "{}", run.stderr);
    }
    let run = yearbrief(project.path(), &["schedule", "--config", config, "--at", "0 6 31 2 *"]);
    assert!(run.stderr.contains("(February has at most 29 days)"), "{}", run.stderr);
    assert!(run.stderr.contains("such as \"0 6 28 2 *\""), "{}", run.stderr);
}

#[test]
fn schedule_on_29_february_warns_that_it_runs_every_four_years() {
    let project = bundled_project();
    let config = project.path().join("config/report.toml");
    let config = config.to_str().unwrap();
    let run = yearbrief(project.path(), &["schedule", "--config", config, "--at", "0 6 29 2 *"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.lines().any(|line| line.starts_with("0 6 29 2 * /")), "{}", run.stdout);
    assert!(run.stderr.starts_with("warning: \"0 6 29 2 *\" runs only on 29 February"), "{}", run.stderr);
    assert!(run.stderr.contains("once every four years"), "{}", run.stderr);
    let systemd = yearbrief(project.path(), &["schedule", "--config", config, "--at", "0 6 29 2 *", "--systemd"]);
    assert_eq!(systemd.code, 0, "{}", systemd.stderr);
    assert!(systemd.stdout.contains("OnCalendar=*-02-29 06:00:00\n"), "{}", systemd.stdout);
    assert!(systemd.stderr.contains("once every four years"), "{}", systemd.stderr);
}
