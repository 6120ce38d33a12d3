//! `yearbrief schedule`: prints what an operator pastes into a crontab, or
//! installs as a systemd service and timer, to build last year's report every
//! year with no one at the keyboard.
//!
//! Everything printed uses absolute paths (the running binary, the canonical
//! config), because cron and systemd start jobs in an unrelated directory
//! with an almost empty environment.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::args::ScheduleArgs;
use crate::cron::CronExpr;
use crate::failure::Failure;
use crate::input::io_reason;
use crate::pipeline::load_config;

/// The arguments `build` gets when scheduled.
const BUILD_ARGS: &str = "build --year previous --if-changed --quiet";

/// The name of the log file the crontab line appends to.
const LOG_NAME: &str = "yearbrief.log";

/// Prints the crontab line, or the systemd units.
pub fn run(args: &ScheduleArgs) -> Result<ExitCode, Failure> {
    let shown = args.config.config.display().to_string();
    let config_path = std::fs::canonicalize(&args.config.config).map_err(|err| {
        Failure::Message(format!(
            "cannot find the config file {shown}: {}; pass the report definition with `--config PATH`",
            io_reason(&err)
        ))
    })?;
    let config = load_config(&config_path)?;
    let exe = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(|err| Failure::Message(format!("cannot tell where the yearbrief binary is: {}", io_reason(&err))))?;
    let text = if args.systemd {
        let calendar = args.at.on_calendar().map_err(Failure::Message)?;
        systemd_units(&exe, &config_path, &calendar)
    } else {
        let log = match &args.log {
            Some(log) => crate::config::absolute(log),
            None => default_log(&config),
        };
        crontab(&args.at, &exe, &config_path, &log)
    };
    if let Some(warning) = args.at.leap_years_only() {
        crate::log::warning(warning);
    }
    crate::log::print(text)?;
    Ok(ExitCode::SUCCESS)
}

/// `yearbrief.log` in the output folder when it does not depend on the year
/// or language and exists (a redirection to a missing folder would stop cron
/// from running the job at all), else beside the config.
fn default_log(config: &crate::config::Config) -> PathBuf {
    let lang = config.report.main_language();
    let folder = |year| config.output_path(year, lang).parent().map(Path::to_path_buf);
    match (folder(2000), folder(2001)) {
        (Some(a), Some(b)) if a == b && a.is_dir() => a.join(LOG_NAME),
        _ => config.dir.join(LOG_NAME),
    }
}

/// The crontab lines: a comment, then the schedule and the command.
pub fn crontab(at: &CronExpr, exe: &Path, config: &Path, log: &Path) -> String {
    let quote = |path: &Path| cron_escape(&shell_quote(&path.display().to_string()));
    format!(
        "# yearbrief: build last year's report from {}; messages go to {}\n{} {} {BUILD_ARGS} --config {} --log-format text >> {} 2>&1\n",
        config.display(),
        log.display(),
        at.text(),
        quote(exe),
        quote(config),
        quote(log),
    )
}

/// A systemd service that builds once, and a timer that starts it.
pub fn systemd_units(exe: &Path, config: &Path, calendar: &str) -> String {
    let quote = |path: &Path| systemd_quote(&path.display().to_string());
    format!(
        "# ---- yearbrief.service ----\n\
         [Unit]\n\
         Description=Build last year's report with yearbrief ({config})\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         ExecStart={exe} {BUILD_ARGS} --config {config_arg}\n\
         \n\
         # ---- yearbrief.timer ----\n\
         [Unit]\n\
         Description=Build last year's report with yearbrief every year\n\
         \n\
         [Timer]\n\
         OnCalendar={calendar}\n\
         Persistent=true\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n",
        config = config.display().to_string().replace('%', "%%"),
        exe = quote(exe),
        config_arg = quote(config),
    )
}

fn is_plain(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+,:@=".contains(c))
}

/// A word for `sh`: as it is when that is safe, else in single quotes.
fn shell_quote(text: &str) -> String {
    if is_plain(text) { text.to_owned() } else { format!("'{}'", text.replace('\'', r"'\''")) }
}

/// Cron turns an unescaped `%` into a newline, even inside quotes.
fn cron_escape(text: &str) -> String {
    text.replace('%', r"\%")
}

/// A word for a systemd `ExecStart=` line: specifiers (`%`) and variables
/// (`$`) doubled, quoted when it holds anything but plain characters.
fn systemd_quote(text: &str) -> String {
    let escaped = text.replace('%', "%%").replace('$', "$$");
    if is_plain(text) { escaped } else { format!("\"{}\"", escaped.replace('\\', r"\\").replace('"', "\\\"")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cron::DEFAULT_AT;

    #[test]
    fn crontab_line_quotes_paths_for_sh_and_cron() {
        let at = CronExpr::parse(DEFAULT_AT).unwrap();
        let text = crontab(&at, Path::new("/opt/yb/yearbrief"), Path::new("/srv/my city/100%.toml"), Path::new("/l"));
        let line = text.lines().find(|l| !l.starts_with('#')).unwrap();
        assert_eq!(
            line,
            "0 6 2 1 * /opt/yb/yearbrief build --year previous --if-changed --quiet --config '/srv/my city/100\\%.toml' --log-format text >> /l 2>&1"
        );
    }

    #[test]
    fn systemd_units_quote_and_escape() {
        let text = systemd_units(Path::new("/opt/yb/yearbrief"), Path::new("/srv/my city/r.toml"), "*-01-02 06:00:00");
        assert!(text.contains("ExecStart=/opt/yb/yearbrief build --year previous --if-changed --quiet --config \"/srv/my city/r.toml\"\n"), "{text}");
        assert!(text.contains("OnCalendar=*-01-02 06:00:00\n"));
        assert_eq!(systemd_quote("/a/$x%y"), "\"/a/$$x%%y\"");
    }
}
