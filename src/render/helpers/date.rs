//! `{{date "2024-07-31"}}`, `{{daterange start end}}`, `{{period "2024-H1"}}`:
//! dates and periods in the report's language.

use handlebars::{Helper, RenderError, RenderErrorReason};
use serde_json::Value;

use crate::i18n::Lang;
use crate::locale;
use crate::period::{PartialDate, Period};

fn parse_date(h: &Helper<'_>, index: usize) -> Result<Option<PartialDate>, RenderError> {
    match super::param(h, index)? {
        Value::Null => Ok(None),
        Value::String(text) => PartialDate::parse(text)
            .map(Some)
            .map_err(|reason| RenderErrorReason::Other(format!("helper `{}`: {reason}", h.name())).into()),
        other => Err(RenderErrorReason::Other(format!("helper `{}` expects a date, got {other}", h.name())).into()),
    }
}

/// A date with its precision: `31 December 2023` / `31/12/2023`; empty for null.
pub fn date(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    Ok(parse_date(h, 0)?.map(|d| locale::format_date(d, lang)).unwrap_or_default())
}

/// A span of dates: `16–18 August 2024` / `16–18/8/2024`.
pub fn date_range(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    let end = if h.param(1).is_some() { parse_date(h, 1)? } else { None };
    Ok(parse_date(h, 0)?.map(|d| locale::format_date_range(d, end, lang)).unwrap_or_default())
}

/// A reporting period: `first half of 2024` / `6 tháng đầu năm 2024`.
pub fn period(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    let period = match super::param(h, 0)? {
        Value::String(text) => {
            Period::parse(text).map_err(|reason| RenderErrorReason::Other(format!("helper `period`: {reason}")))?
        }
        Value::Number(n) => Period::Year(n.as_i64().unwrap_or_default() as i32),
        other => return Err(RenderErrorReason::Other(format!("helper `period` expects a period, got {other}")).into()),
    };
    Ok(locale::format_period(period, lang))
}
