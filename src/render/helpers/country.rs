//! `{{country "KR"}}`: a country's name in the report's language.

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value;

use crate::locale;

/// The country name for an ISO 3166-1 alpha-2 code (the code itself when unknown).
pub struct Country;

impl HelperDef for Country {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let code = super::string_param(h, 0)?;
        let name = locale::country_name(code, super::lang(ctx)).unwrap_or(code);
        Ok(ScopedJson::Derived(Value::String(name.to_owned())))
    }
}
