//! `yearbrief templates export`: writes the built-in templates and theme to a
//! folder, so a department can restyle its report without rebuilding
//! yearbrief, and says how to point the config at them.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use crate::args::{ExportArgs, TemplatesArgs, TemplatesCommand};
use crate::diag::display_path;
use crate::failure::Failure;
use crate::log::count;
use crate::render::BUILTIN;
use crate::write::write_atomically;

/// Runs `templates export`.
pub fn run(args: &TemplatesArgs) -> Result<ExitCode, Failure> {
    match &args.command {
        TemplatesCommand::Export(export) => run_export(export),
    }
}

fn run_export(args: &ExportArgs) -> Result<ExitCode, Failure> {
    if args.dir.exists() && !args.dir.is_dir() {
        return Err(Failure::Message(format!("{} is a file; name a folder to export into", args.dir.display())));
    }
    let targets: Vec<(PathBuf, &str)> = BUILTIN.iter().map(|(name, text)| (args.dir.join(name), *text)).collect();
    let conflicts: Vec<&PathBuf> = targets.iter().map(|(path, _)| path).filter(|path| path.exists()).collect();
    if !conflicts.is_empty() && !args.force {
        let list = conflicts.iter().map(|p| format!("  {}", display_path(p).display())).collect::<Vec<_>>();
        return Err(Failure::Message(format!(
            "{} already exist; nothing was written. Pass --force to replace them, or export into another folder:\n{}",
            count(conflicts.len(), "file"),
            list.join("\n")
        )));
    }
    for (path, text) in &targets {
        write_atomically(path, text.as_bytes())?;
    }
    // Reported once all is written: a reader that goes away ends the report, not the export.
    for (path, _) in &targets {
        crate::log::report(format!("wrote {}", display_path(path).display()))?;
    }
    crate::log::gap()?;
    crate::log::report(hint(args))?;
    Ok(ExitCode::SUCCESS)
}

/// How to point the config at the exported folder.
fn hint(args: &ExportArgs) -> String {
    let dir = crate::config::absolute(&args.dir);
    let config = crate::config::absolute(&args.config);
    let edit = "Edit the copies; files you leave unchanged can be deleted (the built-in ones are used), and templates of your own for `text` sections belong in the same folder.";
    match config.parent().filter(|_| config.is_file()) {
        Some(config_dir) => format!(
            "To use them, set in [report] of {}:\n  templates = \"{}\"\n{edit}",
            display_path(&config).display(),
            toml_path(&relative_path(config_dir, &dir))
        ),
        None => format!(
            "To use them, set `templates` in [report] of your config to this folder, written relative to the config file (e.g. templates = \"../{}\").\n{edit}",
            args.dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "templates".into())
        ),
    }
}

/// The path from folder `from` to `to`, both absolute and normalized.
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for component in &to[common..] {
        path.push(component);
    }
    if path.as_os_str().is_empty() { PathBuf::from(".") } else { path }
}

/// A path as written in a TOML string: forward slashes on every platform.
fn toml_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_and_descend() {
        assert_eq!(relative_path(Path::new("/p/config"), Path::new("/p/templates")), PathBuf::from("../templates"));
        assert_eq!(relative_path(Path::new("/p/config"), Path::new("/p/config/t")), PathBuf::from("t"));
        assert_eq!(relative_path(Path::new("/p/config"), Path::new("/p/config")), PathBuf::from("."));
    }
}
