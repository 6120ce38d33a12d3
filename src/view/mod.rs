//! The typed shapes yearbrief hands out: the report context the templates
//! read, and the JSON of `stats` and `events list`.
//!
//! Each is a `#[derive(Serialize)]` type, so the shape a template author or a
//! script relies on is written down once, in the type, and checked by the
//! compiler; nothing is assembled from ad-hoc JSON maps. The views choose
//! every text for the language asked for and leave numbers raw (templates
//! and tables format them).

pub mod events;
pub mod map;
pub mod notable;
pub mod report;
pub mod stats;

use serde::{Serialize, Serializer};

/// A number as written in JSON: without a fraction when it is whole,
/// otherwise rounded to six decimals; `null` when unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Number(pub Option<f64>);

impl Number {
    /// A known value.
    pub fn of(value: f64) -> Number {
        Number(Some(value))
    }

    /// A change in percent, rounded to one decimal as every output shows it.
    pub fn percent(value: Option<f64>) -> Number {
        Number(value.map(|p| (p * 10.0).round() / 10.0))
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            None => serializer.serialize_none(),
            Some(v) => match crate::input::whole(v) {
                Some(whole) => serializer.serialize_i64(whole),
                None => serializer.serialize_f64((v * 1e6).round() / 1e6),
            },
        }
    }
}

impl std::fmt::Display for Number {
    /// The same text the JSON form has (empty when unknown), for CSV cells.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            None => Ok(()),
            Some(_) => write!(f, "{}", serde_json::to_string(self).map_err(|_| std::fmt::Error)?),
        }
    }
}

/// An amount of money, as the report and `events list` show it.
#[derive(Clone, Debug, Serialize)]
pub struct AmountView {
    /// The number of units.
    pub value: Number,
    /// The ISO 4217 code.
    pub currency: String,
}

impl From<&crate::data::Amount> for AmountView {
    fn from(amount: &crate::data::Amount) -> Self {
        AmountView { value: Number::of(amount.value), currency: amount.currency.clone() }
    }
}

/// Amounts in one other currency left out of a sum, as the report's data
/// notes and `stats` show them.
#[derive(Clone, Debug, Serialize)]
pub struct LeftOutView {
    /// Their currency.
    pub currency: String,
    /// How many events.
    pub events: u64,
    /// Their total, in that currency.
    pub amount: Number,
}

impl From<&crate::aggregate::LeftOut> for LeftOutView {
    fn from(left_out: &crate::aggregate::LeftOut) -> Self {
        LeftOutView {
            currency: left_out.currency.clone(),
            events: left_out.events,
            amount: Number::of(left_out.amount),
        }
    }
}

/// Pretty JSON with a final newline, as every command writes it.
pub fn to_json_text<T: Serialize>(view: &T) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(view)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_integers_when_whole_and_rounded_otherwise() {
        let json = |n: Number| serde_json::to_string(&n).unwrap();
        assert_eq!(json(Number::of(400.0)), "400");
        assert_eq!(json(Number::of(-2.0)), "-2");
        assert_eq!(json(Number::of(0.1234567)), "0.123457");
        assert_eq!(json(Number(None)), "null");
        assert_eq!(json(Number::percent(Some(108.333))), "108.3");
        assert_eq!(Number::of(2.5).to_string(), "2.5");
        assert_eq!(Number(None).to_string(), "");
    }
}
