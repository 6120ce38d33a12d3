//! `{{t "key"}}`: the fixed wording of the report in its language, from the
//! `[report]` table of the language's catalogue (`i18n/<lang>.toml`).

use handlebars::{Helper, RenderError, RenderErrorReason};

use crate::i18n::{self, Lang};

/// Looks up a fixed label for `{{t "key"}}`; an unknown key is an error naming it.
pub fn t(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    let key = super::string_param(h, 0)?;
    i18n::lookup(lang, &format!("report.{key}")).map(str::to_owned).ok_or_else(|| {
        RenderErrorReason::Other(format!(
            "unknown label `{key}` in helper `t`; the labels are the keys of `[report]` in i18n/{}.toml",
            lang.code()
        ))
        .into()
    })
}
