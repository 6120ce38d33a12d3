//! `{{str value}}`: a Typst string literal, for use inside Typst code.

use handlebars::{Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext};
use serde_json::Value;

use crate::render::escape::string_literal;

/// Writes its parameter as a Typst string literal; numbers and null too.
pub struct StrLiteral;

impl HelperDef for StrLiteral {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let text = match super::param(h, 0)? {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        out.write(&string_literal(&text))?;
        Ok(())
    }
}
