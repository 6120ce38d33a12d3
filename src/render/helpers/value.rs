//! The shape shared by every value helper: compute one string from the
//! helper's parameters and the report's language.

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value;

use crate::locale::Lang;

/// The function behind a value helper.
pub type Format = fn(&Helper<'_>, Lang) -> Result<String, RenderError>;

/// A helper that returns text (escaped for markup like any `{{value}}`).
pub struct ValueHelper(pub Format);

impl HelperDef for ValueHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        Ok(ScopedJson::Derived(Value::String((self.0)(h, super::lang(ctx))?)))
    }
}
