//! Handlebars helpers for the Typst templates, one per file.
//!
//! Value helpers (numbers, money, dates, labels) return JSON strings through
//! `call_inner`, so `{{money x "USD"}}` is escaped for markup like any other
//! value and they also work as subexpressions. Code helpers (`str`, `array`, `points`)
//! write Typst code and are never escaped.

mod array;
mod change;
mod country;
mod date;
mod figure;
mod label;
mod money;
mod number;
mod points;
mod str_literal;
mod value;

use handlebars::{Context, Handlebars, Helper, RenderError, RenderErrorReason};
use serde_json::Value;

use crate::i18n::Lang;

/// Registers every helper.
pub fn register(registry: &mut Handlebars<'_>) {
    registry.register_helper("str", Box::new(value::CodeHelper(str_literal::str_literal)));
    registry.register_helper("array", Box::new(value::CodeHelper(array::array)));
    registry.register_helper("points", Box::new(value::CodeHelper(points::points)));
    let values: [(&str, value::Format); 12] = [
        ("number", number::number),
        ("percent", number::percent),
        ("signed", number::signed),
        ("money", money::money),
        ("change", change::change),
        ("arrow", change::arrow),
        ("date", date::date),
        ("daterange", date::date_range),
        ("period", date::period),
        ("figure", figure::figure),
        ("t", label::t),
        ("country", country::country),
    ];
    for (name, format) in values {
        registry.register_helper(name, Box::new(value::ValueHelper(format)));
    }
}

/// The report language, from the root of the context.
fn lang(ctx: &Context) -> Lang {
    ctx.data().get("lang").and_then(Value::as_str).and_then(Lang::parse).unwrap_or(Lang::En)
}

/// The value of parameter `index`, or an error naming the helper.
fn param<'a>(h: &'a Helper<'_>, index: usize) -> Result<&'a Value, RenderError> {
    h.param(index)
        .map(|p| p.value())
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex(helper_name(h), index).into())
}

/// A parameter that must be a number (or null, giving `None`).
fn number_param(h: &Helper<'_>, index: usize) -> Result<Option<f64>, RenderError> {
    match param(h, index)? {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(n.as_f64()),
        other => Err(RenderErrorReason::Other(format!(
            "helper `{}` expects a number as parameter {}, got {}",
            h.name(),
            index + 1,
            other
        ))
        .into()),
    }
}

/// A parameter that must be a string.
fn string_param<'a>(h: &'a Helper<'_>, index: usize) -> Result<&'a str, RenderError> {
    param(h, index)?.as_str().ok_or_else(|| {
        RenderErrorReason::Other(format!("helper `{}` expects text as parameter {}", h.name(), index + 1)).into()
    })
}

fn helper_name(h: &Helper<'_>) -> &'static str {
    const NAMES: [&str; 14] = [
        "str",
        "array",
        "number",
        "percent",
        "signed",
        "money",
        "change",
        "arrow",
        "date",
        "daterange",
        "period",
        "figure",
        "t",
        "country",
    ];
    NAMES.iter().find(|name| **name == h.name()).copied().unwrap_or("helper")
}
