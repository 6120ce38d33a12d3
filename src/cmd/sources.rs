//! `sources add`: a source recorded from the command line, checked as
//! `check` would check it, appended to a data file, and its id printed, so
//! an officer can cite it in `events add --source` at once.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use toml_edit::{InlineTable, Table, Value, value};

use crate::append::{Appender, data_file};
use crate::args::{SourceAddArgs, SourcesArgs, SourcesCommand};
use crate::cmd::add;
use crate::failure::Failure;
use crate::pipeline::load_config;
use crate::record::slug;

/// Runs a `sources` subcommand.
pub fn run(args: &SourcesArgs) -> Result<ExitCode, Failure> {
    match &args.command {
        SourcesCommand::Add(args) => run_add(args),
    }
}

/// The flag that set a key of the new `[[source]]`.
fn flag_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "id" => "--id",
        "title" => "--title",
        "publisher" => "--publisher",
        "published" => "--published",
        "url" => "--url",
        "language" => "--language",
        _ => return None,
    })
}

/// Records a new source, or refuses it with the reasons.
fn run_add(args: &SourceAddArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config.config)?;
    let target = data_file(&config, args.file.as_deref(), "--file", PathBuf::from("sources.toml"))?;
    let appender = Appender::open(&config, target, Duration::from_secs(args.wait), &mut |_| {})?;
    let shown = appender.shown().to_path_buf();
    let id = args.id.clone().unwrap_or_else(|| default_id(args));
    let proposal = appender.propose("source", &[table(args, &id)])?;
    let created = if appender.exists() { "" } else { " (a new file)" };
    add::finish(appender, proposal, "the source", flag_of)?;
    crate::log::report(format!("added source {id} to {}{created}", shown.display()))?;
    crate::log::report(format!("cite it with: --source {id}"))?;
    Ok(ExitCode::SUCCESS)
}

/// An id made from the publisher and the date: `da-nang-today-2024-07-31`.
/// A taken id is refused by the check, which says to choose one with --id.
fn default_id(args: &SourceAddArgs) -> String {
    let parts = [slug(&args.publisher, 4), slug(&args.published, 3)];
    let id = parts.iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join("-");
    if id.is_empty() { "source".to_owned() } else { id }
}

/// The new `[[source]]` table, keys in the order the README lists them.
fn table(args: &SourceAddArgs, id: &str) -> Table {
    let mut table = Table::new();
    table.insert("id", value(id));
    table.insert(
        "title",
        match &args.title_vi {
            None => value(args.title.as_str()),
            Some(vi) => {
                let mut both = InlineTable::new();
                both.insert("en", args.title.as_str().into());
                both.insert("vi", vi.as_str().into());
                value(Value::InlineTable(both))
            }
        },
    );
    table.insert("publisher", value(args.publisher.as_str()));
    table.insert("published", value(args.published.as_str()));
    if let Some(url) = &args.url {
        table.insert("url", value(url.as_str()));
    }
    if let Some(language) = &args.language {
        table.insert("language", value(language.as_str()));
    }
    table
}
