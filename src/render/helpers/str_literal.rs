//! `{{str value}}`: a Typst string literal, for use inside Typst code.

use handlebars::{Helper, RenderError};
use serde_json::Value;

use crate::render::escape::string_literal;

/// Writes its parameter as a Typst string literal; numbers and null too.
pub fn str_literal(h: &Helper<'_>) -> Result<String, RenderError> {
    let text = match super::param(h, 0)? {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    Ok(string_literal(&text))
}
