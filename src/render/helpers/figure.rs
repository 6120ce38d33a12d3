//! `{{figure value qualifier currency}}`: a value with its qualifier, as
//! `nearly 400` or `over USD 213 million` (`gần 400`, `hơn 213 triệu USD`).

use handlebars::{Helper, RenderError};

use crate::locale::{self, Lang};

/// The word for a qualifier, empty for `exact`.
pub fn qualifier_word(qualifier: &str, lang: Lang) -> &'static str {
    match (qualifier, lang) {
        ("about", Lang::En) => "about",
        ("nearly", Lang::En) => "nearly",
        ("over", Lang::En) => "over",
        ("under", Lang::En) => "under",
        ("about", Lang::Vi) => "khoảng",
        ("nearly", Lang::Vi) => "gần",
        ("over", Lang::Vi) => "hơn",
        ("under", Lang::Vi) => "dưới",
        _ => "",
    }
}

/// Formats a value with its qualifier; empty for null.
pub fn figure(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    let Some(value) = super::number_param(h, 0)? else { return Ok(String::new()) };
    let qualifier = h.param(1).and_then(|p| p.value().as_str()).unwrap_or("exact");
    let amount = match h.param(2).and_then(|p| p.value().as_str()) {
        Some(code) => locale::format_money_compact(value, code, lang),
        None => locale::format_number(value, lang),
    };
    let word = qualifier_word(qualifier, lang);
    Ok(if word.is_empty() { amount } else { format!("{word} {amount}") })
}
