//! `{{date "2024-07-31"}}`, `{{daterange start end}}`, `{{period "2024-H1"}}`:
//! dates and periods in the report's language.

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, RenderErrorReason, ScopedJson};
use serde_json::Value;

use crate::locale;
use crate::period::{PartialDate, Period};

/// A date with its precision: `31 December 2023` / `31/12/2023`.
pub struct Date;

/// A span of dates: `16–18 August 2024` / `16–18/8/2024`.
pub struct DateRange;

/// A reporting period: `first half of 2024` / `6 tháng đầu năm 2024`.
pub struct PeriodName;

fn parse_date(h: &Helper<'_>, index: usize) -> Result<Option<PartialDate>, RenderError> {
    match super::param(h, index)? {
        Value::Null => Ok(None),
        Value::String(text) => PartialDate::parse(text)
            .map(Some)
            .map_err(|reason| RenderErrorReason::Other(format!("helper `{}`: {reason}", h.name())).into()),
        other => Err(RenderErrorReason::Other(format!("helper `{}` expects a date, got {other}", h.name())).into()),
    }
}

impl HelperDef for Date {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let text = parse_date(h, 0)?.map(|d| locale::format_date(d, super::lang(ctx))).unwrap_or_default();
        Ok(ScopedJson::Derived(Value::String(text)))
    }
}

impl HelperDef for DateRange {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let end = if h.param(1).is_some() { parse_date(h, 1)? } else { None };
        let text = parse_date(h, 0)?.map(|d| locale::format_date_range(d, end, super::lang(ctx))).unwrap_or_default();
        Ok(ScopedJson::Derived(Value::String(text)))
    }
}

impl HelperDef for PeriodName {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let text = match super::param(h, 0)? {
            Value::String(text) => Period::parse(text)
                .map_err(|reason| RenderErrorReason::Other(format!("helper `period`: {reason}")))?
                .to_owned(),
            Value::Number(n) => Period::Year(n.as_i64().unwrap_or_default() as i32),
            other => {
                return Err(RenderErrorReason::Other(format!("helper `period` expects a period, got {other}")).into());
            }
        };
        Ok(ScopedJson::Derived(Value::String(locale::format_period(text, super::lang(ctx)))))
    }
}
