//! The JSON contracts the README documents, checked against the real output:
//! every key the README shows is in the output and every key of the output
//! is in the README, object by object. The README's example is the contract
//! a script writer reads; the view types are what the binary writes.

use serde_json::Value;

use crate::common::{Project, repo};

/// The README's JSON example that follows `heading`, with its `//` comments
/// (explanations, not output) removed.
fn readme_example(heading: &str) -> Value {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let after = &readme[readme.find(heading).unwrap_or_else(|| panic!("README has no `{heading}`"))..];
    let block = &after[after.find("```json\n").unwrap() + 8..];
    let block = &block[..block.find("```").unwrap()];
    let text: String = block
        .lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].ends_with(':') && line[..at].matches('"').count() % 2 == 0 => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("README example is not JSON: {err}\n{text}"))
}

/// Compares the keys of `documented` and `actual` recursively. Objects whose
/// keys are data (kind ids, country codes) are listed in `maps`: there each
/// documented entry is compared with some entry of the output. A `"..."` key
/// in the README means "and the same fields as above": only the keys shown
/// must exist.
fn same_shape(path: &str, documented: &Value, actual: &Value, maps: &[&str], differences: &mut Vec<String>) {
    match (documented, actual) {
        (Value::Object(doc), Value::Object(out)) if maps.contains(&path) => {
            let Some(sample) = out.values().next() else {
                differences.push(format!("{path}: the output has no entry to compare"));
                return;
            };
            for entry in doc.values() {
                same_shape(&format!("{path}.*"), entry, sample, maps, differences);
            }
        }
        (Value::Object(doc), Value::Object(out)) => {
            let partial = doc.contains_key("...");
            for key in doc.keys().filter(|k| *k != "...") {
                match out.get(key) {
                    Some(value) => same_shape(&format!("{path}.{key}"), &doc[key], value, maps, differences),
                    None => differences.push(format!("{path}.{key}: documented, not in the output")),
                }
            }
            if !partial {
                for key in out.keys().filter(|k| !doc.contains_key(*k)) {
                    differences.push(format!("{path}.{key}: in the output, not documented"));
                }
            }
        }
        (Value::Array(doc), Value::Array(out)) => {
            if let (Some(doc), Some(out)) = (doc.first(), out.first()) {
                same_shape(&format!("{path}[]"), doc, out, maps, differences);
            }
        }
        _ => {}
    }
}

#[test]
fn stats_json_has_exactly_the_keys_the_readme_documents() {
    let documented = readme_example("## `stats --format json` (a contract)");
    let actual = Project::at(repo()).cmd(["stats", "--format", "json", "--year", "2024"]).run().success().json();
    let actual_periods =
        actual["indicators"].as_array().unwrap().iter().any(|i| !i["periods"].as_array().unwrap().is_empty());
    assert!(actual_periods, "the bundled data has sub-year periods to compare");
    let mut differences = Vec::new();
    let maps = ["$.events_by_kind", "$.partners.by_country", "$.partners.engagement_by_country", "$.sources"];
    same_shape("$", &documented, &actual, &maps, &mut differences);
    assert!(differences.is_empty(), "README and `stats --format json` differ:\n{}", differences.join("\n"));
}

#[test]
fn the_contract_check_finds_a_key_the_readme_lacks() {
    let documented: Value = serde_json::from_str(r#"{ "a": 1, "list": [{ "b": 2 }] }"#).unwrap();
    let actual: Value = serde_json::from_str(r#"{ "a": 1, "list": [{ "b": 2, "c": 3 }], "d": 4 }"#).unwrap();
    let mut differences = Vec::new();
    same_shape("$", &documented, &actual, &[], &mut differences);
    assert_eq!(differences, ["$.list[].c: in the output, not documented", "$.d: in the output, not documented"]);
}
