//! Integration test of `yearbrief watch`: the real binary watches a copy of a
//! fixture project, rebuilds the PDF after a data edit, reports a broken data
//! file without exiting, recovers when it is fixed, says when the data folder
//! goes and comes back (and rebuilds then), and ends with exit 0 on Ctrl-C.
//!
//! The tests wait on what the watch prints, line by line as it comes, never
//! for a fixed time: each expected line may take up to [`PATIENCE`], so a
//! loaded machine only makes them slower, and nothing here asserts how fast
//! a rebuild is. Only a check that something does *not* happen needs a
//! window of time ([`QUIET`]); a slow machine can make such a check miss a
//! stray rebuild, never fail a correct watch.

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, ExitStatus};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crate::common::{Project, Running, pdf_text, temporary_files};

/// How long any one expected line may take to show up.
const PATIENCE: Duration = Duration::from_secs(120);

/// How long the watch must stay quiet when nothing should happen.
const QUIET: Duration = Duration::from_secs(2);

/// Which of the watch's outputs a line came from.
#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

/// What waiting for the next line gave.
enum Next {
    /// A line, now in the watch's lines.
    Line,
    /// The deadline passed.
    Timeout,
    /// The watch closed both outputs: it has ended.
    Closed,
}

/// A running `yearbrief watch` and every line it has printed so far; killed
/// if the test ends early.
struct Watch {
    running: Running,
    lines: Receiver<(Stream, String)>,
    stdout: Vec<String>,
    stderr: Vec<String>,
}

impl Watch {
    fn start(project: &Project, args: &[&str]) -> Watch {
        let mut running = project.cmd(["watch"].iter().chain(args)).spawn();
        let (sender, lines) = mpsc::channel();
        forward(running.child.stdout.take().expect("stdout is piped"), Stream::Stdout, sender.clone());
        forward(running.child.stderr.take().expect("stderr is piped"), Stream::Stderr, sender);
        Watch { running, lines, stdout: Vec::new(), stderr: Vec::new() }
    }

    fn stdout(&self) -> String {
        self.stdout.join("\n")
    }

    fn stderr(&self) -> String {
        self.stderr.join("\n")
    }

    /// The number of builds and rebuilds reported so far.
    fn builds(&self) -> usize {
        self.stdout.iter().filter(|l| l.starts_with("built ") || l.starts_with("rebuilt ")).count()
    }

    /// Takes in the next line printed, waiting until `deadline` at most.
    fn next(&mut self, deadline: Instant) -> Next {
        match self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok((Stream::Stdout, line)) => self.stdout.push(line),
            Ok((Stream::Stderr, line)) => self.stderr.push(line),
            Err(RecvTimeoutError::Timeout) => return Next::Timeout,
            Err(RecvTimeoutError::Disconnected) => return Next::Closed,
        }
        Next::Line
    }

    /// Waits until `done` holds, looking again after every line printed;
    /// fails with `what` and the output if the watch ends or [`PATIENCE`] passes.
    fn wait_for(&mut self, what: &str, mut done: impl FnMut(&Watch) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(self) {
            match self.next(deadline) {
                Next::Line => {}
                Next::Timeout => panic!("timed out waiting for {what}\n{self}"),
                Next::Closed => panic!("watch ended while waiting for {what}\n{self}"),
            }
        }
    }

    /// Waits until a build after the first `before` shows `text` in `pdf`.
    fn wait_for_pdf(&mut self, pdf: &Path, before: usize, text: &str) {
        self.wait_for(&format!("a rebuild showing {text:?}"), |w| w.builds() > before && pdf_text(pdf).contains(text));
    }

    /// Fails, saying `why`, if a build is reported within [`QUIET`].
    fn expect_no_build(&mut self, why: &str) {
        let before = self.builds();
        let deadline = Instant::now() + QUIET;
        while let Next::Line = self.next(deadline) {
            assert_eq!(self.builds(), before, "{why}:\n{self}");
        }
    }

    /// Whether the process is still running.
    fn is_running(&mut self) -> bool {
        self.running.child.try_wait().unwrap().is_none()
    }

    /// Sends Ctrl-C (SIGINT) and waits for the watch to end.
    fn interrupt(mut self) -> (ExitStatus, Watch) {
        let pid = self.running.child.id().to_string();
        assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
        let deadline = Instant::now() + PATIENCE;
        loop {
            match self.next(deadline) {
                Next::Line => {}
                Next::Timeout => panic!("watch did not stop on Ctrl-C\n{self}"),
                Next::Closed => break,
            }
        }
        let status = self.running.child.wait().unwrap();
        (status, self)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.running.child.kill();
        let _ = self.running.child.wait();
    }
}

impl fmt::Display for Watch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--- stdout\n{}\n--- stderr\n{}", self.stdout(), self.stderr())
    }
}

/// Sends each line read from `output` to `lines`, on a thread of its own.
fn forward(output: impl Read + Send + 'static, stream: Stream, lines: Sender<(Stream, String)>) {
    std::thread::spawn(move || {
        for line in BufReader::new(output).lines() {
            let Ok(line) = line else { break };
            if lines.send((stream, line)).is_err() {
                break;
            }
        }
    });
}

#[test]
fn watch_rebuilds_on_edits_survives_errors_and_stops_on_ctrl_c() {
    let project = Project::fixture("valid");
    let pdf = project.join("output/review-2024-en.pdf");
    let events = "data/2024/events.toml";
    let original = project.read(events);
    assert!(original.contains("Cooperation memorandum with Daegu") && original.contains("date = \"2024-07\""));

    let mut watch = Watch::start(&project, &["--config", "report.toml", "--lang", "en"]);
    watch.wait_for("the first build", |w| w.stdout().contains("watching for changes") && pdf.exists());
    assert!(watch.stdout().contains("built output/review-2024-en.pdf"), "{watch}");
    assert!(pdf_text(&pdf).contains("Cooperation memorandum with Daegu"));

    // The PDF is written inside the watched tree: writing it must not start another build.
    watch.expect_no_build("the build's own output triggered a rebuild");
    assert_eq!(watch.builds(), 1, "{watch}");

    project.file(events, original.replace("Cooperation memorandum with Daegu", "Lighthouse memorandum with Daegu"));
    watch.wait_for_pdf(&pdf, 1, "Lighthouse memorandum with Daegu");
    assert!(watch.stdout().contains("rebuilt output/review-2024-en.pdf"), "{watch}");

    project.file(events, original.replace("date = \"2024-07\"", "date = \"2024-13\""));
    watch.wait_for("the error report", |w| {
        w.stderr().contains("month 13 is out of range") && w.stderr().contains("watching for changes")
    });
    assert!(watch.stderr().contains("events.toml:3:8: error:"), "the error is not located:\n{watch}");
    assert!(watch.is_running(), "watch exited on a data error");
    assert!(pdf_text(&pdf).contains("Lighthouse memorandum with Daegu"), "the failed build changed the PDF");

    let before = watch.builds();
    project.file(events, original.replace("Cooperation memorandum with Daegu", "Mended memorandum with Daegu"));
    watch.wait_for_pdf(&pdf, before, "Mended memorandum with Daegu");

    let (status, watch) = watch.interrupt();
    assert_eq!(status.code(), Some(0), "Ctrl-C should end watch with exit 0:\n{watch}");
    let leftovers = temporary_files(&project.join("output"));
    assert!(leftovers.is_empty(), "temporary files were left: {leftovers:?}");
}

#[test]
fn watch_reports_a_broken_config_and_picks_up_the_fix() {
    let project = Project::fixture("valid");
    let original = project.read("report.toml");
    project.edit("report.toml", |text| text.replace("languages = [\"en\", \"vi\"]", "languages = [\"en\", \"xx\"]"));

    let mut watch = Watch::start(&project, &["--config", "report.toml"]);
    watch.wait_for("the config error", |w| w.stderr().contains("report.toml:") && w.stdout().contains("watching"));
    assert!(watch.is_running(), "watch exited on a config error");

    project.file("report.toml", original);
    let en = project.join("output/review-2024-en.pdf");
    let vi = project.join("output/review-2024-vi.pdf");
    watch.wait_for("both PDFs built after the fix", |w| w.stdout().contains("output/review-2024-vi.pdf"));
    assert!(en.exists() && vi.exists(), "{watch}");
}

/// Where a data folder goes and what is edited while it is away.
struct Away<'a> {
    /// The watch's arguments.
    args: &'a [&'a str],
    /// The data folder, relative to the project, as the messages name it.
    data: &'a str,
    /// The PDF, relative to the project.
    pdf: &'a str,
    /// A data file, relative to the data folder, and a title in it that the PDF shows.
    file: &'a str,
    title: &'a str,
}

/// Renames the data folder out of the project, edits it there, moves it back,
/// and expects a message each way and a rebuild with the edit.
fn data_folder_goes_and_comes_back(project: &Project, away: Away) {
    let elsewhere = Project::empty();
    let data = project.join(away.data);
    let parked = elsewhere.join("parked");
    let pdf = project.join(away.pdf);
    let mut watch = Watch::start(project, away.args);
    watch.wait_for("the first build", |w| w.stdout().contains("watching for changes") && pdf.exists());
    assert!(pdf_text(&pdf).contains(away.title), "the PDF lacks {:?}", away.title);

    std::fs::rename(&data, &parked).unwrap();
    let gone = format!("warning: the data folder {} has gone; waiting for it to come back", away.data);
    watch.wait_for("the message that the data folder has gone", |w| w.stderr().contains(&gone));
    let edited = std::fs::read_to_string(parked.join(away.file)).unwrap().replace(away.title, "Lighthouse keepers");
    std::fs::write(parked.join(away.file), edited).unwrap();
    // A wrongly followed watch of the folder would report the edit.
    watch.expect_no_build("a rebuild ran while the data folder was away");
    assert_eq!(watch.builds(), 1, "{watch}");
    assert!(!watch.stderr().contains("error:"), "{watch}");
    assert_eq!(watch.stderr().matches(&gone).count(), 1, "{watch}");

    std::fs::rename(&parked, &data).unwrap();
    let back = format!("the data folder {} is back; rebuilding", away.data);
    let rebuilt = format!("rebuilt {}", away.pdf);
    watch.wait_for("the message that the data folder is back, a rebuild after it, and the edit in the PDF", |w| {
        w.stdout().split(&back).nth(1).is_some_and(|after| after.contains(&rebuilt))
            && pdf_text(&pdf).contains("Lighthouse keepers")
    });
    assert!(!watch.stderr().contains("error:"), "{watch}");

    // The folder is watched again: an edit now is rebuilt as usual.
    let before = watch.builds();
    let file = data.join(away.file);
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("Lighthouse keepers", "Harbour pilots"))
        .unwrap();
    watch.wait_for_pdf(&pdf, before, "Harbour pilots");
}

#[test]
fn watch_reports_a_data_folder_of_its_own_going_and_coming_back() {
    let project = Project::bundled();
    data_folder_goes_and_comes_back(
        &project,
        Away {
            args: &["--config", "config/report.toml", "--lang", "en"],
            data: "seeds/danang",
            pdf: "output/danang-2024-en.pdf",
            file: "2024.toml",
            title: "DSAC and Synopsys agree to train chip designers",
        },
    );
}

#[test]
fn watch_reports_a_data_folder_inside_the_config_folder_going_and_coming_back() {
    let project = Project::fixture("valid");
    data_folder_goes_and_comes_back(
        &project,
        Away {
            args: &["--config", "report.toml", "--lang", "en"],
            data: "data",
            pdf: "output/review-2024-en.pdf",
            file: "2024/events.toml",
            title: "Cooperation memorandum with Daegu",
        },
    );
}
