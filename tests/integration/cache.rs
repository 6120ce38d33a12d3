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
    // `check` reads only the first section of each entry (the summary); a
    // run that lists every event reads the whole checked files too.
    let listed = project.cmd(["events", "list", "--format", "csv"]).run().success();
    assert_eq!(entries(&project, BUNDLED_CACHE), kept, "every damaged entry is made again");
    std::fs::remove_dir_all(project.join("config/.yearbrief-cache")).unwrap();
    assert_eq!(printed(&project.cmd(["events", "list", "--format", "csv"]).run().success()), printed(&listed));
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

/// The bundled project with more data: a file that uses again an event id
/// of another file and one of its own, and cites a source only a later
/// file defines; with `errors`, also a file with invalid records and one
/// that is not TOML.
fn project_with_repeats(errors: bool) -> Project {
    let project = Project::bundled();
    let log = project.read("seeds/danang/2024.toml");
    let taken = log.split("\nid = \"").nth(1).and_then(|rest| rest.split('"').next()).expect("an event id").to_owned();
    let event = |id: &str, month: u32| {
        format!(
            "[[event]]\nid = \"{id}\"\ndate = \"2024-{month:02}\"\nkind = \"agreement\"\ntitle = {{ en = \"Repeat {month}\", vi = \"Lặp lại {month}\" }}\npartners = [{{ name = \"Daegu\", country = \"KR\", type = \"locality\" }}]\nsource = \"zz-late\"\n\n"
        )
    };
    let text = [event(&taken, 3), event("extra-1", 4), event("extra-1", 5)].concat();
    project.file("seeds/danang/2024-extra.toml", text);
    project.file(
        "seeds/danang/zz-sources.toml",
        "[[source]]\nid = \"zz-late\"\ntitle = \"Late\"\npublisher = \"Da Nang Today\"\npublished = \"2024-06-01\"\n",
    );
    if errors {
        project.file(
            "seeds/danang/2024-bad.toml",
            "[[event]]\ndate = \"2024-02\"\nkind = \"festval\"\ntitle = \"Bad kind\"\nsource = \"nowhere\"\n\n[[event]]\nid = \"extra-1\"\ndate = \"2024-02-30\"\nkind = \"festival\"\ntitle = \"Bad date\"\nsource = \"zz-late\"\n",
        );
        project.file("seeds/danang/2024-broken.toml", "[[event]\ndate = 2024\n");
    }
    project
}

/// What `check`, `stats` (JSON and table) and `build --lang en` give: how
/// each ended, what each printed but the build (which prints its time), and
/// the PDF's bytes.
fn every_output(project: &Project) -> Vec<(i32, String, Vec<u8>)> {
    let mut outputs = Vec::new();
    for command in
        [&["check"][..], &["stats", "--format", "json", "--year", "2024"], &["stats", "--year", "2023", "--lang", "vi"]]
    {
        let output = project.cmd(command).run();
        outputs.push((output.code(), format!("{}{}", output.stdout(), output.stderr()), Vec::new()));
    }
    let pdf = project.join("output/danang-2024-en.pdf");
    std::fs::remove_file(&pdf).ok();
    let build = project.cmd(["build", "--lang", "en"]).run();
    outputs.push((build.code(), String::new(), std::fs::read(&pdf).unwrap_or_default()));
    outputs
}

#[test]
fn cold_warm_edited_and_uncached_runs_agree_byte_for_byte() {
    let project = project_with_repeats(false);
    let cold = every_output(&project);
    // `2024-extra.toml` comes before `2024.toml`: the id's first use is there.
    assert!(cold[0].1.contains("2024.toml:7:6: warning: event id `2024-01-meet-da-nang` is already used at seeds/danang/2024-extra.toml:2:6"), "{}", cold[0].1);
    assert!(cold[0].1.contains("event id `extra-1` is already used at seeds/danang/2024-extra.toml"), "{}", cold[0].1);
    assert!(!cold[3].2.is_empty(), "the build wrote no PDF");
    assert_eq!(every_output(&project), cold, "warm");
    project
        .edit("seeds/danang/2023.toml", |text| text.replacen("kind = \"delegation-sent\"", "kind = \"festival\"", 1));
    let edited = every_output(&project);
    assert_ne!(edited[1].1, cold[1].1, "the edit changed no count");
    std::fs::remove_dir_all(project.join("config/.yearbrief-cache")).unwrap();
    assert_eq!(every_output(&project), edited, "cold after the edit");
    std::fs::remove_dir_all(project.join("config/.yearbrief-cache")).unwrap();
    std::fs::write(project.join("config/.yearbrief-cache"), "not a folder").unwrap();
    assert_eq!(every_output(&project), edited, "without a cache");
}

#[test]
fn diagnostics_of_a_log_with_errors_are_the_same_cold_warm_edited_and_uncached() {
    let project = project_with_repeats(true);
    let check = || printed(&project.cmd(["check"]).run().status(1));
    let cold = check();
    for expected in [
        "unknown event kind `festval`",
        "unknown source id `nowhere`",
        "2024-broken.toml:1:",
        "event id `extra-1` is already used",
    ] {
        assert!(cold.2.contains(expected), "{expected}: {}", cold.2);
    }
    assert_eq!(check(), cold, "warm");
    project.edit("seeds/danang/2024-extra.toml", |text| text.replacen("Repeat 4", "Repeated 4", 1));
    let edited = check();
    assert_eq!(edited, cold, "an edit of a title changes no message");
    std::fs::remove_dir_all(project.join("config/.yearbrief-cache")).unwrap();
    std::fs::write(project.join("config/.yearbrief-cache"), "not a folder").unwrap();
    assert_eq!(check(), cold, "without a cache");
}
