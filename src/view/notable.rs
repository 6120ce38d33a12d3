//! Which events a briefing lists when an events section has a `limit`.
//!
//! A department's whole year runs to thousands of events; the director
//! reads the few that matter, and an annex lists the rest. What "matter"
//! means is one documented rule, decided here alone (the README's "Events
//! sections with a limit" states it in words), so the report and its tests
//! agree and the choice never depends on the order of the files.

use std::cmp::Reverse;

use crate::config::PartnerType;
use crate::data::Event;

/// How notable an event is; a greater value is more notable. The fields
/// are compared in order:
/// 1. a signed agreement or a new partnership (kinds `agreement`, `partnership`);
/// 2. an amount of money;
/// 3. a partner at government level: a national government or a locality;
/// 4. the number of partners.
///
/// Ties go to the earlier event, then to its place in the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Notability {
    signed: bool,
    money: bool,
    government: bool,
    partners: usize,
}

impl Notability {
    /// The notability of `event`.
    pub fn of(event: &Event) -> Notability {
        Notability {
            signed: matches!(event.kind.as_str(), "agreement" | "partnership"),
            money: event.amount.is_some(),
            government: event
                .partners
                .iter()
                .any(|p| matches!(p.kind, PartnerType::Government | PartnerType::Locality)),
            partners: event.partners.len(),
        }
    }
}

/// The `limit` most notable of `events` (which come in date order, ties in
/// log order), kept in that order.
pub fn most_notable<'a>(events: &[&'a Event], limit: usize) -> Vec<&'a Event> {
    if events.len() <= limit {
        return events.to_vec();
    }
    let mut order: Vec<usize> = (0..events.len()).collect();
    // A stable sort: equal notability keeps the date and log order.
    order.sort_by_key(|&i| Reverse(Notability::of(events[i])));
    order.truncate(limit);
    order.sort_unstable();
    order.into_iter().map(|i| events[i]).collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::data::{DataSet, load_texts};
    use crate::diag::Problems;

    /// The events of a data file, read without touching the disk.
    fn events(text: &str) -> Vec<Event> {
        let mut problems = Problems::new();
        let config = Config::from_text(
            Path::new("project/report.toml"),
            "[report]\ntitle = \"T\"\norganisation = \"O\"\nyear = 2024\nlanguages = [\"en\"]\n\
             data = \"data\"\noutput = \"out/r-{lang}.pdf\"\n",
            &mut problems,
        )
        .expect("the config is valid");
        let mut data = DataSet::default();
        load_texts(&config, [(config.report.data.join("events.toml"), text.to_owned())], &mut problems, &mut data);
        assert!(!problems.has_errors(), "{problems:?}");
        data.events
    }

    const LOG: &str = r#"
[[source]]
id = "s"
title = "Bulletin"
publisher = "Press"
published = "2025-01-10"

[[event]]
date = "2024-01-05"
kind = "delegation-received"
title = "A visit"
source = "s"

[[event]]
date = "2024-02-05"
kind = "aid"
title = "An aid package"
amount = { value = 1000, currency = "USD" }
source = "s"

[[event]]
date = "2024-03-05"
kind = "agreement"
title = "A memorandum"
source = "s"

[[event]]
date = "2024-04-05"
kind = "delegation-received"
title = "A ministry's visit"
partners = [{ name = "Ministry", country = "JP", type = "government" }]
source = "s"

[[event]]
date = "2024-05-05"
kind = "delegation-received"
title = "Another visit"
source = "s"
"#;

    fn titles(events: &[&Event]) -> Vec<String> {
        events.iter().map(|e| e.title.get(crate::i18n::Lang::En).to_owned()).collect()
    }

    #[test]
    fn signed_then_money_then_government_then_the_earlier_in_date_order() {
        let all = events(LOG);
        let refs: Vec<&Event> = all.iter().collect();
        assert_eq!(titles(&most_notable(&refs, 1)), ["A memorandum"]);
        assert_eq!(titles(&most_notable(&refs, 2)), ["An aid package", "A memorandum"]);
        assert_eq!(titles(&most_notable(&refs, 3)), ["An aid package", "A memorandum", "A ministry's visit"]);
        assert_eq!(
            titles(&most_notable(&refs, 4)),
            ["A visit", "An aid package", "A memorandum", "A ministry's visit"],
            "of two plain visits the earlier is kept"
        );
    }

    #[test]
    fn a_limit_at_or_above_the_count_keeps_every_event() {
        let all = events(LOG);
        let refs: Vec<&Event> = all.iter().collect();
        assert_eq!(most_notable(&refs, 5).len(), 5);
        assert_eq!(most_notable(&refs, 50).len(), 5);
    }
}
