//! Handlebars templates → Typst source.
//!
//! The built-in templates (`templates/` in the repository) are compiled into
//! the binary. A user folder (`[report] templates = "DIR"`) may override any
//! of them by file name and add partials of its own for `text` sections.
//! Rendering is strict: a missing value is an error, never an empty string.
//! Every `{{value}}` is escaped for Typst markup, so data can never run as
//! Typst code. This module knows nothing of Typst's API, only its syntax.

pub mod escape;
mod helpers;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use handlebars::Handlebars;

use crate::diag::{Excerpt, Location, Problem, display_path};

/// The built-in templates: file name under `templates/`, and text.
pub const BUILTIN: &[(&str, &str)] = &[
    ("report.typ.hbs", include_str!("../../templates/report.typ.hbs")),
    ("theme.typ", include_str!("../../templates/theme.typ")),
    ("cite.typ.hbs", include_str!("../../templates/cite.typ.hbs")),
    ("source-line.typ.hbs", include_str!("../../templates/source-line.typ.hbs")),
    ("sections/highlights.typ.hbs", include_str!("../../templates/sections/highlights.typ.hbs")),
    ("sections/trend.typ.hbs", include_str!("../../templates/sections/trend.typ.hbs")),
    ("sections/table.typ.hbs", include_str!("../../templates/sections/table.typ.hbs")),
    ("sections/events.typ.hbs", include_str!("../../templates/sections/events.typ.hbs")),
    ("sections/partners.typ.hbs", include_str!("../../templates/sections/partners.typ.hbs")),
    ("sections/summary.typ.hbs", include_str!("../../templates/sections/summary.typ.hbs")),
    ("sections/chart.typ.hbs", include_str!("../../templates/sections/chart.typ.hbs")),
    ("sections/map.typ.hbs", include_str!("../../templates/sections/map.typ.hbs")),
    ("sections/data-notes.typ.hbs", include_str!("../../templates/sections/data-notes.typ.hbs")),
    ("sections/sources.typ.hbs", include_str!("../../templates/sections/sources.typ.hbs")),
    ("sections/annex.typ.hbs", include_str!("../../templates/sections/annex.typ.hbs")),
    ("sections/text.typ.hbs", include_str!("../../templates/sections/text.typ.hbs")),
];

/// The name of the theme file, which is plain Typst, not a template.
pub const THEME: &str = "theme.typ";

const TEMPLATE_SUFFIX: &str = ".typ.hbs";

/// One template file: where it comes from and its text.
#[derive(Clone, Debug)]
struct TemplateFile {
    shown_as: Arc<Path>,
    text: String,
}

/// The generated Typst source of one report.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The main document.
    pub main: String,
    /// The theme module the main document imports, as `theme.typ`.
    pub theme: String,
}

/// The template set, registered and ready to render.
pub struct Renderer {
    registry: Handlebars<'static>,
    files: BTreeMap<String, TemplateFile>,
    theme: String,
}

impl Renderer {
    /// Loads the built-in templates and the user's overrides from `user_dir`.
    pub fn new(user_dir: Option<&Path>) -> Result<Renderer, Vec<Problem>> {
        let mut files: BTreeMap<String, TemplateFile> = BUILTIN
            .iter()
            .map(|(name, text)| {
                let shown: PathBuf = Path::new("<built-in>/templates").join(name);
                ((*name).to_owned(), TemplateFile { shown_as: shown.into(), text: (*text).to_owned() })
            })
            .collect();
        let mut problems = Vec::new();
        if let Some(dir) = user_dir {
            match user_templates(dir) {
                Ok(found) => {
                    for (name, path) in found {
                        match std::fs::read_to_string(&path) {
                            Ok(text) => {
                                files.insert(name, TemplateFile { shown_as: display_path(&path).into(), text });
                            }
                            Err(err) => problems.push(Problem::error(
                                Location::file(display_path(&path)),
                                format!("cannot read the template: {}", crate::input::io_reason(&err)),
                            )),
                        }
                    }
                }
                Err(found) => problems.extend(found),
            }
        }
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.set_dev_mode(false);
        registry.register_escape_fn(escape::markup);
        helpers::register(&mut registry);
        let mut theme = String::new();
        for (name, file) in &files {
            if name == THEME {
                theme = file.text.clone();
                continue;
            }
            let Some(template_name) = name.strip_suffix(TEMPLATE_SUFFIX) else { continue };
            if let Err(err) = registry.register_template_string(template_name, &file.text) {
                let line_column = err.pos();
                problems.push(
                    Problem::error(
                        Location { file: file.shown_as.clone(), line_column },
                        format!("template syntax: {}", template_error_reason(&err)),
                    )
                    .with_excerpt(
                        line_column.and_then(|(line, column)| Excerpt::at_line_column(&file.text, line, column)),
                    ),
                );
            }
        }
        if problems.is_empty() { Ok(Renderer { registry, files, theme }) } else { Err(problems) }
    }

    /// True when a template of this name (without `.typ.hbs`) exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.registry.has_template(name)
    }

    /// Renders the report for a context (the report view, or any JSON in tests).
    pub fn render(&self, context: &impl serde::Serialize) -> Result<Rendered, Problem> {
        let main = self.registry.render("report", context).map_err(|err| self.render_problem(&err))?;
        Ok(Rendered { main, theme: self.theme.clone() })
    }

    /// Where a template (by registry name) comes from, for messages.
    pub fn template_path(&self, name: &str) -> Option<&Path> {
        self.files.get(&format!("{name}{TEMPLATE_SUFFIX}")).map(|f| &*f.shown_as)
    }

    /// The user's theme file, when their templates folder has one.
    pub fn user_theme(&self) -> Option<&Path> {
        self.files.get(THEME).map(|f| &*f.shown_as).filter(|path| !path.starts_with("<built-in>"))
    }

    fn render_problem(&self, err: &handlebars::RenderError) -> Problem {
        let name = err.template_name.clone().unwrap_or_else(|| "report".to_owned());
        let template = self.files.get(&format!("{name}{TEMPLATE_SUFFIX}"));
        let file = template.map(|f| f.shown_as.clone()).unwrap_or_else(|| Path::new(&name).into());
        let line_column = err.line_no.zip(err.column_no);
        let mut reason = err.reason().to_string();
        if let (Some(start), Some(end)) = (reason.find("Some(\""), reason.rfind("\")"))
            && start + 6 <= end
        {
            reason = format!("{}`{}`{}", &reason[..start], &reason[start + 6..end], &reason[end + 2..]);
        }
        let excerpt =
            template.zip(line_column).and_then(|(f, (line, column))| Excerpt::at_line_column(&f.text, line, column));
        let problem =
            Problem::error(Location { file, line_column }, format!("template: {reason}")).with_excerpt(excerpt);
        if reason.contains("strict mode") || reason.contains("missing") {
            problem.with_hint("the value is not in the report context: inside a section the section is the context and the report's fields are under @root (e.g. @root.year); `yearbrief build --emit context` writes the whole context")
        } else {
            problem
        }
    }
}

fn template_error_reason(err: &handlebars::TemplateError) -> String {
    let text = err.reason().to_string();
    text.lines().next().unwrap_or_default().to_owned()
}

/// True for the names of files the renderer reads from a templates folder.
pub fn is_template_file(name: &str) -> bool {
    name.ends_with(TEMPLATE_SUFFIX) || name == THEME
}

/// The template files below a user folder: name relative to it, and path.
/// The folder is listed by the shared walker, so links out of it, loops and
/// special files are refused.
fn user_templates(dir: &Path) -> Result<Vec<(String, PathBuf)>, Vec<Problem>> {
    let listing = crate::walk::files(dir, "templates folder", is_template_file);
    if !listing.problems.is_empty() {
        return Err(listing.problems);
    }
    let found = listing
        .files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(dir).unwrap_or(&path);
            let key = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            (key, path)
        })
        .collect();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render_one(template: &str, context: serde_json::Value) -> Result<String, String> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape::markup);
        helpers::register(&mut registry);
        registry.register_template_string("t", template).map_err(|e| e.to_string())?;
        registry.render("t", &context).map_err(|e| e.to_string())
    }

    #[test]
    fn values_are_escaped_and_code_helpers_are_not() {
        let out = render_one("[{{x}}] #let s = {{str x}}", json!({"x": "#read(\"a\")"})).unwrap();
        assert_eq!(out, "[\\#read(\\\"a\\\")] #let s = \"#read(\\\"a\\\")\"");
    }

    #[test]
    fn number_helpers_follow_the_language() {
        let context = json!({"lang": "vi", "n": 1015, "m": 65_700_000_000u64, "c": -5, "d": "2023-12-31"});
        let out = render_one("{{number n}} {{money m \"VND\"}} {{change c}} {{date d}}", context).unwrap();
        assert_eq!(out, "1\\.015 65,7 tỷ đồng \u{2212}5 31\\/12\\/2023");
        let out =
            render_one("{{number n}} {{figure n \"nearly\"}} {{t \"contents\"}}", json!({"lang": "en", "n": 1015}))
                .unwrap();
        assert_eq!(out, "1,015 nearly 1,015 Contents");
    }

    #[test]
    fn strict_mode_rejects_missing_values() {
        let err = render_one("{{nope}}", json!({})).unwrap_err();
        assert!(err.contains("nope"), "{err}");
    }

    #[test]
    fn builtin_templates_register_cleanly() {
        let renderer = Renderer::new(None).map_err(|p| format!("{p:?}")).unwrap();
        assert!(renderer.has_template("report"));
        assert!(renderer.has_template("sections/highlights"));
        assert!(renderer.theme.contains("#let"));
    }

    #[test]
    fn user_template_overrides_builtin_and_syntax_errors_are_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sections")).unwrap();
        std::fs::write(dir.path().join("sections/sources.typ.hbs"), "ok\n{{#if x}}\nunclosed\n").unwrap();
        let problems = Renderer::new(Some(dir.path())).err().unwrap();
        assert_eq!(problems.len(), 1);
        let location = problems[0].location.as_ref().unwrap();
        assert!(location.file.ends_with("sections/sources.typ.hbs"), "{location}");
        assert!(location.line_column.is_some(), "{:?}", problems[0]);
    }
}
