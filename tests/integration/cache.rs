//! The cache of checked data files (`.yearbrief-cache/` beside the config):
//! a run with it prints exactly what a run without it prints, a damaged or
//! deleted cache is made again without a word, an edit makes again only the
//! entry of the file edited, and `--if-changed` does not see the cache.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::common::{Output, Project, files_ending};

/// The cache folder of the bundled config.
const BUNDLED_CACHE: &str = "config/.yearbrief-cache/report.toml";

/// The entries of a cache folder: name and bytes.
fn entries(project: &Project, folder: &str) -> BTreeMap<String, Vec<u8>> {
    files_ending(&project.join(folder), ".entry")
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(project.join(folder).join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

/// What a run printed and how it ended, to compare runs byte for byte.
fn printed(output: &Output) -> (i32, String, String) {
    (output.code(), output.stdout().to_owned(), output.stderr().to_owned())
}

/// The commands whose output the cache must not change, on the bundled project.
const COMMANDS: [&[&str]; 4] = [
    &["check"],
    &["stats", "--format", "json", "--year", "2024"],
    &["stats", "--year", "2023", "--lang", "vi"],
    &["events", "list", "--format", "csv"],
];

#[test]
fn a_warm_cache_prints_what_a_cold_run_prints_byte_for_byte() {
    let project = Project::bundled();
    for command in COMMANDS {
        std::fs::remove_dir_all(project.join("config/.yearbrief-cache")).ok();
        let cold = printed(&project.cmd(command).run().success());
        let data_files = files_ending(&project.join("seeds/danang"), ".toml").len();
        assert!(entries(&project, BUNDLED_CACHE).len() >= data_files, "no entry a data file after {command:?}");
        let warm = printed(&project.cmd(command).run().success());
        assert_eq!(warm, cold, "{command:?} printed something else from the cache");
    }
}

#[test]
fn problems_come_from_the_cache_with_their_places_and_order() {
    let project = Project::fixture("many-problems");
    let cache = ".yearbrief-cache/report.toml";
    let cold = project.cmd(["check", "--config", "report.toml"]).run().status(1);
    assert!(cold.stderr().contains(": error: "), "{cold}");
    assert!(!entries(&project, cache).is_empty(), "a file with problems is kept too");
    let warm = project.cmd(["check", "--config", "report.toml"]).run().status(1);
    assert_eq!(printed(&warm), printed(&cold));
    let json = project.cmd(["check", "--config", "report.toml", "--log-format", "json"]).run().status(1);
    std::fs::remove_dir_all(project.join(".yearbrief-cache")).unwrap();
    let json_cold = project.cmd(["check", "--config", "report.toml", "--log-format", "json"]).run().status(1);
    let without_time = |output: &Output| -> Vec<serde_json::Value> {
        output
            .stderr()
            .lines()
            .map(|line| {
                let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
                value.as_object_mut().unwrap().remove("time");
                value
            })
            .collect()
    };
    assert_eq!(without_time(&json), without_time(&json_cold));
}

#[test]
fn a_damaged_cache_entry_is_ignored_and_made_again() {
    let project = Project::bundled();
    let cold = printed(&project.cmd(["check"]).run().success());
    let kept = entries(&project, BUNDLED_CACHE);
    assert!(kept.len() >= 4, "{kept:?}");
    for (index, (name, bytes)) in kept.iter().enumerate() {
        let damaged = match index % 4 {
            0 => bytes[..bytes.len() / 2].to_vec(),
            1 => Vec::new(),
            2 => {
                let mut flipped = bytes.clone();
                let middle = flipped.len() / 2;
                flipped[middle] ^= 0x20;
                flipped
            }
            _ => b"not an entry at all".to_vec(),
        };
        std::fs::write(project.join(BUNDLED_CACHE).join(name), damaged).unwrap();
    }
    let run = project.cmd(["check"]).run().success();
    assert_eq!(printed(&run), cold, "a damaged entry changed the output");
    assert_eq!(entries(&project, BUNDLED_CACHE), kept, "every damaged entry is made again");
}

#[test]
fn deleting_the_cache_is_safe() {
    let project = Project::bundled();
    let cold = printed(&project.cmd(COMMANDS[1]).run().success());
    std::fs::remove_dir_all(project.join("config/.yearbrief-cache")).unwrap();
    assert_eq!(printed(&project.cmd(COMMANDS[1]).run().success()), cold);
    assert!(project.join(BUNDLED_CACHE).is_dir(), "the cache is made again");
    // A cache folder that is a file (or cannot be written) is no error either.
    std::fs::remove_dir_all(project.join("config/.yearbrief-cache")).unwrap();
    std::fs::write(project.join("config/.yearbrief-cache"), "not a folder").unwrap();
    assert_eq!(printed(&project.cmd(COMMANDS[1]).run().success()), cold);
}

#[test]
fn editing_a_data_file_makes_again_only_its_entry() {
    let project = Project::bundled();
    project.cmd(["check"]).run().success();
    let before = entries(&project, BUNDLED_CACHE);
    project.edit("seeds/danang/2024.toml", |text| {
        let event = text.find("[[event]]").expect("an event");
        let title = event + text[event..].find("title = ").expect("a title");
        format!("{}title = \"Edited\" #{}", &text[..title], &text[title + "title = ".len()..])
    });
    let run = project.cmd(["events", "list", "--format", "csv"]).run().success();
    assert!(run.stdout().contains("Edited"), "the edit is not in the listing: {run}");
    let after = entries(&project, BUNDLED_CACHE);
    assert_eq!(after.len(), before.len());
    let changed: Vec<&String> = after.keys().filter(|name| before.get(*name) != after.get(*name)).collect();
    assert_eq!(changed.len(), 1, "entries made again: {changed:?}");
    std::fs::remove_file(project.join("seeds/danang/2022.toml")).unwrap();
    project.cmd(["check"]).run().success();
    assert_eq!(entries(&project, BUNDLED_CACHE).len(), before.len() - 1, "the entry of a removed file goes");
}

#[test]
fn if_changed_does_not_see_the_cache() {
    let project = Project::bundled();
    let args = ["build", "--lang", "en", "--if-changed"];
    project.cmd(args).run().success().stdout_contains("wrote output/danang-2024-en.pdf");
    let checked = printed(&project.cmd(["check"]).run().success());
    let cache: PathBuf = project.join(BUNDLED_CACHE);
    let names = files_ending(&cache, ".entry");
    std::fs::write(cache.join(&names[0]), b"damaged").unwrap();
    // Even a `.toml` file in the cache is never read as data: the folder is hidden.
    std::fs::write(cache.join("stray.toml"), b"[[event]]\n").unwrap();
    assert_eq!(printed(&project.cmd(["check"]).run().success()), checked);
    project.cmd(args).run().success().stdout_is("output/danang-2024-en.pdf is up to date\n");
}

#[test]
fn runs_at_the_same_time_share_the_cache_safely() {
    let project = Project::bundled();
    let runs: Vec<_> = (0..4).map(|_| project.cmd(COMMANDS[1]).spawn()).collect();
    let outputs: Vec<_> = runs.into_iter().map(|run| printed(&run.wait().success())).collect();
    assert!(outputs.windows(2).all(|pair| pair[0] == pair[1]), "runs at the same time disagree");
    assert_eq!(printed(&project.cmd(COMMANDS[1]).run().success()), outputs[0]);
    assert!(files_ending(&project.join(BUNDLED_CACHE), ".tmp").is_empty(), "temporary files were left");
}
