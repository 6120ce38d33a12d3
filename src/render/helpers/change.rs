//! `{{change x}}`, `{{change x "USD"}}`, `{{change pct percent=true}}` and
//! `{{arrow x}}`: signed changes and their direction.

use handlebars::{Helper, RenderError};

use crate::i18n::Lang;
use crate::locale;

/// A signed change: `+208`, `−USD 1.2 million`, `+12.5%`; empty for null.
pub fn change(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    let Some(value) = super::number_param(h, 0)? else { return Ok(String::new()) };
    let percent = h.hash_get("percent").is_some_and(|v| v.value().as_bool() == Some(true));
    Ok(if percent {
        locale::format_change_percent(value, lang)
    } else {
        locale::format_change(value, h.param(1).and_then(|p| p.value().as_str()), lang)
    })
}

/// `▲` for a rise, `▼` for a fall, `=` for no change; empty for null.
pub fn arrow(h: &Helper<'_>, _: Lang) -> Result<String, RenderError> {
    let arrow = match super::number_param(h, 0)? {
        None => "",
        Some(v) if v > 0.0 => "▲",
        Some(v) if v < 0.0 => "▼",
        Some(_) => "=",
    };
    Ok(arrow.to_owned())
}
