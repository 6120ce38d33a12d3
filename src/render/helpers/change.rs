//! `{{change x}}`, `{{change x "USD"}}`, `{{change pct percent=true}}` and
//! `{{arrow x}}`: signed changes and their direction.

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value;

use crate::locale;

/// A signed change: `+208`, `−USD 1.2 million`, `+12.5%`; empty for null.
pub struct Change;

/// `▲` for a rise, `▼` for a fall, `=` for no change; empty for null.
pub struct Arrow;

impl HelperDef for Change {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let lang = super::lang(ctx);
        let Some(value) = super::number_param(h, 0)? else {
            return Ok(ScopedJson::Derived(Value::String(String::new())));
        };
        let currency = h.param(1).and_then(|p| p.value().as_str());
        let percent = h.hash_get("percent").is_some_and(|v| v.value().as_bool() == Some(true));
        let sign = if value > 0.0 {
            "+"
        } else if value < 0.0 {
            "\u{2212}"
        } else {
            ""
        };
        let magnitude = match (currency, percent) {
            (_, true) => locale::format_percent(value.abs(), lang),
            (Some(code), false) => locale::format_money_compact(value.abs(), code, lang),
            (None, false) => locale::format_number(value.abs(), lang),
        };
        Ok(ScopedJson::Derived(Value::String(format!("{sign}{magnitude}"))))
    }
}

impl HelperDef for Arrow {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let arrow = match super::number_param(h, 0)? {
            None => "",
            Some(v) if v > 0.0 => "▲",
            Some(v) if v < 0.0 => "▼",
            Some(_) => "=",
        };
        Ok(ScopedJson::Derived(Value::String(arrow.to_owned())))
    }
}
