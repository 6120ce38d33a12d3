//! `{{array list}}`: a JSON list of numbers and strings as a Typst array.

use handlebars::{Helper, RenderError, RenderErrorReason};
use serde_json::Value;

use crate::render::escape::string_literal;

/// A JSON value as Typst code: numbers, strings, booleans, none, and arrays
/// and dictionaries of those.
pub fn typst_value(value: &Value) -> String {
    match value {
        Value::Null => "none".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.is_finite() => n.to_string(),
            _ => "none".to_owned(),
        },
        Value::String(s) => string_literal(s),
        Value::Array(items) if items.is_empty() => "()".to_owned(),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(typst_value).collect();
            format!("({},)", inner.join(", "))
        }
        Value::Object(map) => {
            if map.is_empty() {
                return "(:)".to_owned();
            }
            let inner: Vec<String> =
                map.iter().map(|(k, v)| format!("{}: {}", string_literal(k), typst_value(v))).collect();
            format!("({})", inner.join(", "))
        }
    }
}

/// Writes a list as a Typst array literal, e.g. `(1, 2.5, none, "a",)`.
pub fn array(h: &Helper<'_>) -> Result<String, RenderError> {
    let value = super::param(h, 0)?;
    if !value.is_array() && !value.is_object() {
        return Err(RenderErrorReason::Other("helper `array` expects a list or a table".into()).into());
    }
    Ok(typst_value(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_becomes_typst_code() {
        assert_eq!(typst_value(&json!([1, 2.5, null, "a\"b"])), "(1, 2.5, none, \"a\\\"b\",)");
        assert_eq!(typst_value(&json!({"x": [true]})), "(\"x\": (true,))");
        assert_eq!(typst_value(&json!([])), "()");
    }
}
