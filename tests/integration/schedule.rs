//! Integration tests of `yearbrief schedule --at` run through the real
//! binary: a day of month that never comes is a usage error in both the
//! crontab and the systemd form; a job only on 29 February is printed with a
//! warning.

use crate::common::Project;

#[test]
fn schedule_refuses_a_day_of_month_that_never_comes() {
    let project = Project::bundled();
    let config = project.join("config/report.toml");
    let config = config.to_str().unwrap();
    for (at, systemd) in [("0 6 31 2 *", false), ("0 6 30 2 *", true), ("0 6 31 4,6 *", false)] {
        let mut args = vec!["schedule", "--config", config, "--at", at];
        if systemd {
            args.push("--systemd");
        }
        project
            .cmd(&args)
            .run()
            .status(2)
            .stdout_is("")
            .stderr_contains("--at")
            .stderr_contains("never comes in month")
            .stderr_contains("so the job would never run; choose a day that does, such as");
    }
    project
        .cmd(["schedule", "--config", config, "--at", "0 6 31 2 *"])
        .run()
        .stderr_contains("(February has at most 29 days)")
        .stderr_contains("such as \"0 6 28 2 *\"");
}

#[test]
fn schedule_on_29_february_warns_that_it_runs_every_four_years() {
    let project = Project::bundled();
    let config = project.join("config/report.toml");
    let config = config.to_str().unwrap();
    let run = project
        .cmd(["schedule", "--config", config, "--at", "0 6 29 2 *"])
        .run()
        .success()
        .stderr_contains("once every four years");
    assert!(run.stdout().lines().any(|line| line.starts_with("0 6 29 2 * /")), "{run}");
    assert!(run.stderr().starts_with("warning: \"0 6 29 2 *\" runs only on 29 February"), "{run}");
    project
        .cmd(["schedule", "--config", config, "--at", "0 6 29 2 *", "--systemd"])
        .run()
        .success()
        .stdout_contains("OnCalendar=*-02-29 06:00:00\n")
        .stderr_contains("once every four years");
}
