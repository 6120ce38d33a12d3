//! `{{country "KR"}}`: a country's name in the report's language.

use handlebars::{Helper, RenderError};

use crate::i18n::{self, Lang};

/// The country name for an ISO 3166-1 alpha-2 code (the code, marked, when unknown).
pub fn country(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    let code = super::string_param(h, 0)?;
    Ok(i18n::country_shown(code, lang))
}
