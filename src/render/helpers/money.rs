//! `{{money value "USD"}}`: an amount in a currency, compact by default
//! (`USD 213 million`); `{{money value "USD" full=true}}` writes every digit.

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value;

use crate::locale;

/// Formats money in the report's language; empty for null.
pub struct Money;

impl HelperDef for Money {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let value = super::number_param(h, 0)?;
        let currency = super::string_param(h, 1)?;
        let full = h.hash_get("full").is_some_and(|v| v.value().as_bool() == Some(true));
        let lang = super::lang(ctx);
        let text = value
            .map(|v| {
                if full {
                    locale::format_money(v, currency, lang)
                } else {
                    locale::format_money_compact(v, currency, lang)
                }
            })
            .unwrap_or_default();
        Ok(ScopedJson::Derived(Value::String(text)))
    }
}
