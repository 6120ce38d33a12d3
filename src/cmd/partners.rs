//! `partners add`: a standing partner of the city (a `[[partner]]`, whose
//! start may be unknown) recorded from the command line, checked as `check`
//! would check it, appended to a data file, and printed as written. The
//! country and the type may be given as officers say them (`Hàn Quốc`,
//! `địa phương`); the record holds the codes.

use std::process::ExitCode;

use crate::args::{PartnerAddArgs, PartnersArgs, PartnersCommand};
use crate::cmd::add;
use crate::failure::Failure;
use crate::import::cells::{location, partner_type};
use crate::pipeline::load_config;
use crate::record::{Record, StandingPartnerFields, Texts};

/// Runs a `partners` subcommand.
pub fn run(args: &PartnersArgs) -> Result<ExitCode, Failure> {
    match &args.command {
        PartnersCommand::Add(args) => run_add(args),
    }
}

/// The flag that set a key of the new `[[partner]]`.
fn flag_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "name" => "--name",
        "country" => "--country",
        "type" => "--type",
        "since" => "--since",
        "location" => "--location",
        "source" => "--source",
        "note" => "--note",
        _ => return None,
    })
}

/// The new partner's fields, as the flags give them, the country and type
/// read as the import reads them.
fn fields(args: &PartnerAddArgs) -> Result<StandingPartnerFields, Failure> {
    let flag = |flag: &'static str| move |reason: String| Failure::Message(format!("{flag}: {reason}"));
    let country = crate::country::code(&args.country).map_err(flag("--country"))?;
    let kind = partner_type(&args.kind).map_err(flag("--type"))?.name().to_owned();
    let location = args.location.as_deref().map(location).transpose().map_err(flag("--location"))?;
    Ok(StandingPartnerFields {
        name: Texts { en: args.name.clone(), vi: args.name_vi.clone() },
        country,
        kind,
        since: args.since.clone(),
        location,
        sources: args.sources.clone(),
        note: args.note.texts(),
    })
}

/// Records a new partner, or refuses it with the reasons.
fn run_add(args: &PartnerAddArgs) -> Result<ExitCode, Failure> {
    let config = load_config(&args.config.config)?;
    let record = Record::Partner(fields(args)?);
    let added = add::append(&config, args.file.as_deref(), "partners.toml", args.wait, &record, flag_of)?;
    add::show(added, "partner")?;
    Ok(ExitCode::SUCCESS)
}
