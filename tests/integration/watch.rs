//! Integration test of `yearbrief watch`: the real binary watches a copy of a
//! fixture project, rebuilds the PDF after a data edit, reports a broken data
//! file without exiting, recovers when it is fixed, says when the data folder
//! goes and comes back (and rebuilds then), and ends with exit 0 on Ctrl-C.
//! Every wait is bounded; nothing here asserts how fast a rebuild is.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{bundled_project, command, copy_tree, fixture, pdf_text, temporary_files};

/// How long any one expected change may take to show up.
const PATIENCE: Duration = Duration::from_secs(60);

/// A running `yearbrief watch`, killed if the test ends early.
struct Watch {
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Watch {
    fn start(project: &Path, logs: &Path, args: &[&str]) -> Watch {
        let stdout = logs.join("stdout");
        let stderr = logs.join("stderr");
        let mut all = vec!["watch"];
        all.extend_from_slice(args);
        let child = command(project, &all)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).unwrap())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .expect("the binary starts");
        Watch { child, stdout, stderr }
    }

    fn stdout(&self) -> String {
        std::fs::read_to_string(&self.stdout).unwrap_or_default()
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Waits until `done` holds, failing with `what` and the logs after [`PATIENCE`].
    fn wait_for(&mut self, what: &str, mut done: impl FnMut(&Watch) -> bool) {
        let started = Instant::now();
        while started.elapsed() < PATIENCE {
            if done(self) {
                return;
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("watch exited ({status}) while waiting for {what}\n{}\n{}", self.stdout(), self.stderr());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("timed out waiting for {what}\nstdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn builds(stdout: &str) -> usize {
    stdout.lines().filter(|l| l.starts_with("built ") || l.starts_with("rebuilt ")).count()
}

#[test]
fn watch_rebuilds_on_edits_survives_errors_and_stops_on_ctrl_c() {
    let project = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid"), project.path());
    let logs = tempfile::tempdir().unwrap();
    let pdf = project.path().join("output/review-2024-en.pdf");
    let events = project.path().join("data/2024/events.toml");
    let original = std::fs::read_to_string(&events).unwrap();
    assert!(original.contains("Cooperation memorandum with Daegu") && original.contains("date = \"2024-07\""));

    let mut watch = Watch::start(project.path(), logs.path(), &["--config", "report.toml", "--lang", "en"]);
    watch.wait_for("the first build", |w| w.stdout().contains("watching for changes") && pdf.exists());
    assert!(watch.stdout().contains("built output/review-2024-en.pdf"), "{}", watch.stdout());
    assert!(pdf_text(&pdf).contains("Cooperation memorandum with Daegu"));

    // The PDF is written inside the watched tree: writing it must not start another build.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(builds(&watch.stdout()), 1, "the build's own output triggered a rebuild:\n{}", watch.stdout());

    std::fs::write(&events, original.replace("Cooperation memorandum with Daegu", "Lighthouse memorandum with Daegu"))
        .unwrap();
    watch.wait_for("the edited title in the PDF", |_| pdf_text(&pdf).contains("Lighthouse memorandum with Daegu"));
    watch.wait_for("the rebuild message", |w| w.stdout().contains("rebuilt output/review-2024-en.pdf"));

    let broken = original.replace("date = \"2024-07\"", "date = \"2024-13\"");
    std::fs::write(&events, &broken).unwrap();
    watch.wait_for("the error report", |w| w.stderr().contains("month 13 is out of range"));
    let stderr = watch.stderr();
    assert!(stderr.contains("events.toml:3:8: error:"), "the error is not located:\n{stderr}");
    assert!(stderr.contains("watching for changes"), "{stderr}");
    assert!(watch.child.try_wait().unwrap().is_none(), "watch exited on a data error");
    assert!(pdf_text(&pdf).contains("Lighthouse memorandum with Daegu"), "the failed build changed the PDF");

    let before = builds(&watch.stdout());
    std::fs::write(&events, original.replace("Cooperation memorandum with Daegu", "Mended memorandum with Daegu"))
        .unwrap();
    watch.wait_for("the fixed title in the PDF", |_| pdf_text(&pdf).contains("Mended memorandum with Daegu"));
    watch.wait_for("the rebuild message", |w| builds(&w.stdout()) > before);

    let interrupted = Command::new("kill").arg("-INT").arg(watch.child.id().to_string()).status().unwrap();
    assert!(interrupted.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = watch.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < PATIENCE, "watch did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "Ctrl-C should end watch with exit 0:\n{}", watch.stderr());
    let leftovers = temporary_files(&project.path().join("output"));
    assert!(leftovers.is_empty(), "temporary files were left: {leftovers:?}");
}

#[test]
fn watch_reports_a_broken_config_and_picks_up_the_fix() {
    let project = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid"), project.path());
    let logs = tempfile::tempdir().unwrap();
    let config = project.path().join("report.toml");
    let original = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, original.replace("languages = [\"en\", \"vi\"]", "languages = [\"en\", \"xx\"]")).unwrap();

    let mut watch = Watch::start(project.path(), logs.path(), &["--config", "report.toml"]);
    watch.wait_for("the config error", |w| w.stderr().contains("report.toml:") && w.stdout().contains("watching"));
    assert!(watch.child.try_wait().unwrap().is_none(), "watch exited on a config error");

    std::fs::write(&config, &original).unwrap();
    let en = project.path().join("output/review-2024-en.pdf");
    let vi = project.path().join("output/review-2024-vi.pdf");
    watch.wait_for("both PDFs after the fix", |_| en.exists() && vi.exists());
    watch.wait_for("the build messages", |w| w.stdout().contains("output/review-2024-vi.pdf"));
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
fn data_folder_goes_and_comes_back(project: &Path, away: Away) {
    let logs = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let data = project.join(away.data);
    let parked = elsewhere.path().join("parked");
    let pdf = project.join(away.pdf);
    let mut watch = Watch::start(project, logs.path(), away.args);
    watch.wait_for("the first build", |w| w.stdout().contains("watching for changes") && pdf.exists());
    assert!(pdf_text(&pdf).contains(away.title), "the PDF lacks {:?}", away.title);

    std::fs::rename(&data, &parked).unwrap();
    let gone = format!("warning: the data folder {} has gone; waiting for it to come back", away.data);
    watch.wait_for("the message that the data folder has gone", |w| w.stderr().contains(&gone));
    let edited = std::fs::read_to_string(parked.join(away.file)).unwrap().replace(away.title, "Lighthouse keepers");
    std::fs::write(parked.join(away.file), edited).unwrap();
    // Give a wrongly followed watch of the folder time to report the edit.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(builds(&watch.stdout()), 1, "a rebuild ran while the data folder was away:\n{}", watch.stdout());
    assert!(!watch.stderr().contains("error:"), "{}", watch.stderr());
    assert_eq!(watch.stderr().matches(&gone).count(), 1, "{}", watch.stderr());

    std::fs::rename(&parked, &data).unwrap();
    let back = format!("the data folder {} is back; rebuilding", away.data);
    watch.wait_for("the message that the data folder is back", |w| w.stdout().contains(&back));
    watch.wait_for("the rebuild after it", |w| {
        w.stdout().split(&back).nth(1).is_some_and(|after| after.contains(&format!("rebuilt {}", away.pdf)))
    });
    watch.wait_for("the edit made while away in the PDF", |_| pdf_text(&pdf).contains("Lighthouse keepers"));
    assert!(!watch.stderr().contains("error:"), "{}", watch.stderr());

    // The folder is watched again: an edit now is rebuilt as usual.
    let before = builds(&watch.stdout());
    let file = data.join(away.file);
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("Lighthouse keepers", "Harbour pilots"))
        .unwrap();
    watch.wait_for("the edit after the return in the PDF", |_| pdf_text(&pdf).contains("Harbour pilots"));
    watch.wait_for("the rebuild message", |w| builds(&w.stdout()) > before);
}

#[test]
fn watch_reports_a_data_folder_of_its_own_going_and_coming_back() {
    let project = bundled_project();
    data_folder_goes_and_comes_back(
        project.path(),
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
    let project = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid"), project.path());
    data_folder_goes_and_comes_back(
        project.path(),
        Away {
            args: &["--config", "report.toml", "--lang", "en"],
            data: "data",
            pdf: "output/review-2024-en.pdf",
            file: "2024/events.toml",
            title: "Cooperation memorandum with Daegu",
        },
    );
}
