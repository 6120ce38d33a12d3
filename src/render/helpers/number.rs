//! `{{number x}}`, `{{percent x}}`, `{{signed x}}`: numbers in the report's language.

use handlebars::{Helper, RenderError};

use crate::i18n::Lang;
use crate::locale;

/// `1,015` in English, `1.015` in Vietnamese; empty for null.
pub fn number(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    Ok(super::number_param(h, 0)?.map(|n| locale::format_number(n, lang)).unwrap_or_default())
}

/// `12.5%` / `12,5%`; empty for null.
pub fn percent(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    Ok(super::number_param(h, 0)?.map(|n| locale::format_percent(n, lang)).unwrap_or_default())
}

/// `+208`, `−5`, `0`; empty for null.
pub fn signed(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    Ok(super::number_param(h, 0)?.map(|n| locale::format_signed(n, lang)).unwrap_or_default())
}
