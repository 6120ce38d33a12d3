//! `sources add`: a source recorded from the command line, checked as
//! `check` would check it, appended to a data file, and its id printed, so
//! an officer can cite it in `events add --source` at once.

use std::process::ExitCode;

use crate::args::{SourceAddArgs, SourcesArgs, SourcesCommand};
use crate::cmd::add;
use crate::failure::Failure;
use crate::pipeline::load_config;
use crate::record::{Record, SourceFields, Texts};

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
    let fields = fields(args);
    let id = fields.id.clone();
    let record = Record::Source(fields);
    let added = add::append(&config, args.file.as_deref(), "sources.toml", args.wait, &record, flag_of)?;
    crate::log::report(format!("added source {id} to {}{}", added.shown.display(), added.created_note()))?;
    crate::log::report(format!("cite it with: --source {id}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The new source's fields, as the flags give them; without --id, an id
/// made from the publisher and the date (`da-nang-today-2024-07-31`). A
/// taken id is refused by the check, which says to choose one with --id.
fn fields(args: &SourceAddArgs) -> SourceFields {
    let mut fields = SourceFields {
        id: String::new(),
        title: Texts { en: Some(args.title.clone()), vi: args.title_vi.clone() },
        publisher: Texts::plain(args.publisher.as_str()),
        published: args.published.clone(),
        url: args.url.clone(),
        language: args.language.clone(),
    };
    fields.id = args.id.clone().unwrap_or_else(|| fields.default_id());
    fields
}
