//! `{{figure value qualifier currency}}`: a value with its qualifier, as
//! `nearly 400` or `over USD 213 million` (`gần 400`, `hơn 213 triệu USD`).

use handlebars::{Helper, RenderError};

use crate::i18n::Lang;
use crate::locale;

/// Formats a value with its qualifier; empty for null. The qualifier is its
/// name in the data (`nearly`); a missing or unknown one adds no word.
pub fn figure(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    let Some(value) = super::number_param(h, 0)? else { return Ok(String::new()) };
    let qualifier = h.param(1).and_then(|p| p.value().as_str()).unwrap_or("exact");
    let currency = h.param(2).and_then(|p| p.value().as_str());
    Ok(locale::format_figure(value, qualifier, currency, lang))
}
