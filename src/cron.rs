//! Cron expressions: parsed, checked (a day that never comes is refused),
//! and translated into a systemd calendar, for `yearbrief schedule`.

/// When the default schedule runs: 06:00 on 2 January.
pub const DEFAULT_AT: &str = "0 6 2 1 *";

/// The five fields of a cron expression, their names and allowed values.
const FIELDS: [(&str, u32, u32); 5] =
    [("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 7)];

/// One comma-separated part of a cron field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// `*`
    Any,
    /// `5`
    Value(u32),
    /// `1-5`
    Range(u32, u32),
    /// `*/15` or `0-30/10`: every `step`th value from `first` to `last`, which
    /// systemd's calendar cannot say the same way.
    Step { first: u32, last: u32, step: u32 },
}

impl Part {
    /// Whether `value` is one of the values this part stands for, in a field of `min..=max`.
    fn covers(self, value: u32, min: u32, max: u32) -> bool {
        match self {
            Part::Any => (min..=max).contains(&value),
            Part::Value(v) => value == v,
            Part::Range(a, b) => (a..=b).contains(&value),
            Part::Step { first, last, step } => (first..=last).contains(&value) && (value - first).is_multiple_of(step),
        }
    }
}

/// A validated 5-field cron expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CronExpr {
    fields: Vec<Vec<Part>>,
    text: String,
}

impl CronExpr {
    /// Parses and checks `minute hour day-of-month month day-of-week`
    /// (numbers, `*`, ranges `a-b`, lists `a,b` and steps `/n`).
    pub fn parse(text: &str) -> Result<CronExpr, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.len() != 5 {
            return Err(format!(
                "`{text}` has {} field(s); a cron expression has 5: minute hour day-of-month month day-of-week, e.g. \"{DEFAULT_AT}\"",
                words.len()
            ));
        }
        let mut fields = Vec::new();
        for (word, (name, min, max)) in words.iter().zip(FIELDS) {
            let mut parts = Vec::new();
            for item in word.split(',') {
                parts.push(parse_part(item, min, max).map_err(|reason| format!("{name} `{word}`: {reason}"))?);
            }
            fields.push(parts);
        }
        let expr = CronExpr { fields, text: words.join(" ") };
        expr.check_days_come()?;
        Ok(expr)
    }

    /// The values field `index` stands for.
    fn values(&self, index: usize) -> Vec<u32> {
        let (_, min, max) = FIELDS[index];
        (min..=max).filter(|value| self.fields[index].iter().any(|part| part.covers(*value, min, max))).collect()
    }

    /// Whether cron requires the day of month to match: when the day of week
    /// is `*`. (With both restricted, cron runs when either matches, so the
    /// listed weekdays come whatever the day of month; with a day of week such
    /// as `*/2`, cron implementations disagree, so no day is refused.)
    fn day_of_month_decides(&self) -> bool {
        self.fields[4].contains(&Part::Any)
    }

    /// Whether some listed day of month comes in some listed month in a year
    /// with (`leap`) or without a 29 February.
    fn some_day_comes(&self, leap: bool) -> bool {
        let days = self.values(2);
        self.values(3).into_iter().any(|month| days.iter().any(|day| *day <= month_length(month, leap)))
    }

    /// Refuses an expression whose days of month never come in its months
    /// (`31 2`, `30-31 2,4`): cron would accept it and never run the job.
    fn check_days_come(&self) -> Result<(), String> {
        if !self.day_of_month_decides() || self.some_day_comes(true) {
            return Ok(());
        }
        let months = self.values(3);
        let lengths: Vec<String> = months
            .iter()
            .enumerate()
            .map(|(i, month)| {
                let days = month_length(*month, true);
                if i == 0 {
                    format!("{} has at most {days} days", crate::period::month_en(*month))
                } else {
                    format!("{} {days}", crate::period::month_en(*month))
                }
            })
            .collect();
        let words: Vec<&str> = self.text.split(' ').collect();
        Err(format!(
            "day of month `{}` never comes in month `{}` ({}), so the job would never run; choose a day that does, such as \"{}\"",
            words[2],
            words[3],
            lengths.join(", "),
            self.with_day(self.longest_common_month()),
        ))
    }

    /// The most days any listed month has in every year (28 for February).
    fn longest_common_month(&self) -> u32 {
        self.values(3).into_iter().map(|month| month_length(month, false)).max().unwrap_or(28)
    }

    /// The expression with `day` as its day of month.
    fn with_day(&self, day: u32) -> String {
        let mut words: Vec<String> = self.text.split(' ').map(str::to_owned).collect();
        words[2] = day.to_string();
        words.join(" ")
    }

    /// A warning when the job runs only on 29 February, once every four
    /// years: allowed (it does run), but hardly what a yearly report needs.
    pub fn leap_years_only(&self) -> Option<String> {
        if !self.day_of_month_decides() || self.some_day_comes(false) {
            return None;
        }
        Some(format!(
            "\"{}\" runs only on 29 February, which comes in leap years only, so the job will run once every four years; for a run every year choose a day every year has, such as \"{}\"",
            self.text,
            self.with_day(self.longest_common_month()),
        ))
    }

    /// The expression as written in a crontab.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The systemd `OnCalendar=` value for the same times, for expressions
    /// made of numbers, ranges, lists and `*`; anything else is refused.
    pub fn on_calendar(&self) -> Result<String, String> {
        let refuse = |why: &str| {
            Err(format!(
                "cannot translate the cron expression \"{}\" into a systemd calendar: {why}; use numbers, ranges, lists and `*` only, or write OnCalendar= yourself (see `man systemd.time`)",
                self.text
            ))
        };
        if self.fields.iter().flatten().any(|p| matches!(p, Part::Step { .. })) {
            return refuse("it has a step (`/`)");
        }
        let any = |index: usize| self.fields[index].contains(&Part::Any);
        if !any(2) && !any(4) {
            return refuse(
                "cron runs when either the day of month or the day of week matches, systemd only when both do",
            );
        }
        let component = |index: usize| {
            if any(index) {
                "*".to_owned()
            } else {
                let parts = self.fields[index].iter().map(|part| match part {
                    Part::Value(v) => format!("{v:02}"),
                    Part::Range(a, b) => format!("{a:02}..{b:02}"),
                    Part::Any | Part::Step { .. } => "*".to_owned(),
                });
                parts.collect::<Vec<_>>().join(",")
            }
        };
        let mut calendar = String::new();
        if !any(4) {
            const NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
            let mut days = [false; 7];
            for part in &self.fields[4] {
                let (a, b) = match part {
                    Part::Value(v) => (*v, *v),
                    Part::Range(a, b) => (*a, *b),
                    Part::Any | Part::Step { .. } => (0, 7),
                };
                for day in a..=b {
                    days[(day % 7) as usize] = true;
                }
            }
            let names: Vec<&str> = [1, 2, 3, 4, 5, 6, 0].into_iter().filter(|d| days[*d]).map(|d| NAMES[d]).collect();
            calendar.push_str(&names.join(","));
            calendar.push(' ');
        }
        calendar.push_str(&format!("*-{}-{} {}:{}:00", component(3), component(2), component(1), component(0)));
        Ok(calendar)
    }
}

/// The number of days of `month` (1-12), in a leap year or not.
fn month_length(month: u32, leap: bool) -> u32 {
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn parse_part(item: &str, min: u32, max: u32) -> Result<Part, String> {
    let number = |text: &str| -> Result<u32, String> {
        let value: u32 = text.parse().map_err(|_| {
            if text.chars().any(|c| c.is_ascii_alphabetic()) {
                format!("`{text}` is a name; write numbers ({min}-{max})")
            } else {
                format!("`{text}` is not a number")
            }
        })?;
        if (min..=max).contains(&value) { Ok(value) } else { Err(format!("{value} is outside {min}-{max}")) }
    };
    let (base, step) = match item.split_once('/') {
        Some((base, step)) => (base, Some(step)),
        None => (item, None),
    };
    let part = if base == "*" {
        Part::Any
    } else if let Some((a, b)) = base.split_once('-') {
        let (a, b) = (number(a)?, number(b)?);
        if a > b {
            return Err(format!("the range {a}-{b} runs backwards"));
        }
        Part::Range(a, b)
    } else {
        Part::Value(number(base)?)
    };
    match step {
        None => Ok(part),
        Some(step) => match (step.parse::<u32>(), part) {
            (Ok(step), Part::Any) if step >= 1 => Ok(Part::Step { first: min, last: max, step }),
            (Ok(step), Part::Range(first, last)) if step >= 1 => Ok(Part::Step { first, last, step }),
            (Ok(step), _) if step >= 1 => Err(format!("a step needs `*` or a range before it, not `{base}`")),
            _ => Err(format!("the step `{step}` must be a whole number of at least 1")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar(text: &str) -> Result<String, String> {
        CronExpr::parse(text).unwrap().on_calendar()
    }

    #[test]
    fn valid_expressions_parse() {
        for text in [DEFAULT_AT, "*/15 * * * *", "0 6,18 1-7 1 *", "30 5 * * 1-5", "0 0 * * 7", "0 0 1 1-12/3 *"] {
            assert!(CronExpr::parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn invalid_expressions_say_why() {
        for (text, reason) in [
            ("0 6 2 1", "has 4 field(s)"),
            ("@yearly", "has 1 field(s)"),
            ("60 6 2 1 *", "minute `60`: 60 is outside 0-59"),
            ("0 24 2 1 *", "hour `24`"),
            ("0 6 0 1 *", "day of month `0`"),
            ("0 6 2 jan *", "is a name"),
            ("0 6 2 1 8", "day of week `8`"),
            ("0 6 9-3 1 *", "runs backwards"),
            ("*/0 * * * *", "at least 1"),
            ("5/10 * * * *", "needs `*` or a range"),
            ("0 6 2 1 ?", "not a number"),
        ] {
            let err = CronExpr::parse(text).unwrap_err();
            assert!(err.contains(reason), "{text}: {err}");
        }
    }

    #[test]
    fn simple_expressions_become_calendars() {
        assert_eq!(calendar(DEFAULT_AT).unwrap(), "*-01-02 06:00:00");
        assert_eq!(calendar("30 5 * * 1-5").unwrap(), "Mon,Tue,Wed,Thu,Fri *-*-* 05:30:00");
        assert_eq!(calendar("0 0 * * 0,6").unwrap(), "Sat,Sun *-*-* 00:00:00");
        assert_eq!(calendar("0 6,18 1-7 1 *").unwrap(), "*-01-01..07 06,18:00:00");
        assert_eq!(calendar("* * * * *").unwrap(), "*-*-* *:*:00");
    }

    #[test]
    fn days_that_never_come_are_refused() {
        for (text, reason) in [
            ("0 6 31 2 *", "day of month `31` never comes in month `2` (February has at most 29 days)"),
            ("0 6 30 2 *", "day of month `30` never comes in month `2` (February has at most 29 days)"),
            ("0 6 31 4 *", "day of month `31` never comes in month `4` (April has at most 30 days)"),
            ("0 6 30-31 2 *", "such as \"0 6 28 2 *\""),
            ("0 6 31 2,4,6 *", "(February has at most 29 days, April 30, June 30)"),
            ("0 6 31 2-6/2 *", "such as \"0 6 30 2-6/2 *\""),
            ("0 6 30-31/1 2 *", "never comes in month `2`"),
            ("0 6 31 9,11 *,3", "never comes"),
        ] {
            let err = CronExpr::parse(text).unwrap_err();
            assert!(err.contains(reason), "{text}: {err}");
            assert!(err.contains("the job would never run"), "{text}: {err}");
        }
    }

    #[test]
    fn days_that_come_in_some_listed_month_are_accepted() {
        for text in [
            "0 6 31 2,3 *",
            "0 6 30-31 2,4 *",
            "0 6 28-31 2 *",
            "0 6 1-31/2 2 *",
            "0 6 31 1-12/2 *",
            "0 6 31 * *",
            "0 6 31 2 1",
            "0 6 30 2 1-5",
            "0 6 31 2 */2",
        ] {
            assert!(CronExpr::parse(text).is_ok(), "{text}: {:?}", CronExpr::parse(text));
        }
    }

    #[test]
    fn a_job_only_on_29_february_parses_with_a_warning() {
        let leap = CronExpr::parse("0 6 29 2 *").unwrap();
        let warning = leap.leap_years_only().unwrap();
        assert!(warning.contains("once every four years"), "{warning}");
        assert!(warning.contains("such as \"0 6 28 2 *\""), "{warning}");
        assert_eq!(calendar("0 6 29 2 *").unwrap(), "*-02-29 06:00:00");
        for text in [DEFAULT_AT, "0 6 28-29 2 *", "0 6 29 1,2 *", "0 6 29 2 1", "0 6 29-31 2 *"] {
            let leap_only = CronExpr::parse(text).unwrap().leap_years_only();
            assert_eq!(leap_only.is_some(), text == "0 6 29-31 2 *", "{text}: {leap_only:?}");
        }
    }

    #[test]
    fn steps_stand_for_every_nth_value() {
        let every_third = Part::Step { first: 1, last: 12, step: 3 };
        let months: Vec<u32> = (1..=12).filter(|m| every_third.covers(*m, 1, 12)).collect();
        assert_eq!(months, [1, 4, 7, 10]);
        assert_eq!(CronExpr::parse("*/20 * * * *").unwrap().values(0), [0, 20, 40]);
        assert_eq!(CronExpr::parse("0 6 5-20/5 1 *").unwrap().values(2), [5, 10, 15, 20]);
    }

    #[test]
    fn untranslatable_expressions_are_refused() {
        assert!(calendar("*/15 * * * *").unwrap_err().contains("step"));
        assert!(calendar("0 6 2 1 1").unwrap_err().contains("either the day of month or the day of week"));
    }
}
