//! `{{money value "USD"}}`: an amount in a currency, compact by default
//! (`USD 213 million`); `{{money value "USD" full=true}}` writes every digit.

use handlebars::{Helper, RenderError};

use crate::i18n::Lang;
use crate::locale;

/// Formats money in the report's language; empty for null.
pub fn money(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    let value = super::number_param(h, 0)?;
    let currency = super::string_param(h, 1)?;
    let full = h.hash_get("full").is_some_and(|v| v.value().as_bool() == Some(true));
    Ok(value
        .map(|v| {
            if full { locale::format_money(v, currency, lang) } else { locale::format_money_compact(v, currency, lang) }
        })
        .unwrap_or_default())
}
