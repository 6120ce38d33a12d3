//! `{{number x}}`, `{{percent x}}`, `{{signed x}}`: numbers in the report's language.

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value;

use crate::locale;

/// `1,015` in English, `1.015` in Vietnamese; empty for null.
pub struct Number;

/// `12.5%` / `12,5%`; empty for null.
pub struct Percent;

/// `+208`, `−5`, `0`; empty for null.
pub struct Signed;

fn format_with<'rc>(
    h: &Helper<'rc>,
    ctx: &'rc Context,
    format: fn(f64, locale::Lang) -> String,
) -> Result<ScopedJson<'rc>, RenderError> {
    let text = super::number_param(h, 0)?.map(|n| format(n, super::lang(ctx))).unwrap_or_default();
    Ok(ScopedJson::Derived(Value::String(text)))
}

impl HelperDef for Number {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        format_with(h, ctx, locale::format_number)
    }
}

impl HelperDef for Percent {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        format_with(h, ctx, locale::format_percent)
    }
}

impl HelperDef for Signed {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        format_with(h, ctx, locale::format_signed)
    }
}
