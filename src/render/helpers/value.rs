//! The two shapes of helper: value helpers compute text from their
//! parameters and the report's language (escaped like any `{{value}}`); code
//! helpers write Typst code, which is never escaped.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError, ScopedJson,
};
use serde_json::Value;

use crate::i18n::Lang;

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

/// The function behind a code helper.
pub type Code = fn(&Helper<'_>) -> Result<String, RenderError>;

/// A helper that writes Typst code as it is, in `{{ }}` as in `{{{ }}}`.
pub struct CodeHelper(pub Code);

impl HelperDef for CodeHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        out.write(&(self.0)(h)?)?;
        Ok(())
    }
}
