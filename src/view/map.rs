//! The `map` section: a world map of the partner countries.
//!
//! The outlines are Natural Earth's 1:110m countries (public domain), taken
//! from the npm package world-atlas and converted once by
//! `tools/world_110m.py` into `assets/world-110m.txt`: already projected
//! (Equal Earth, an equal-area projection), quantised and simplified, keyed
//! by ISO 3166-1 alpha-2 code. The file is compiled in and read once. A
//! [`MapView`] gives every outline in percent of the map's width and height,
//! with a shade class per country; the theme draws them as Typst shapes.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

use super::Number;
use crate::aggregate::YearSummary;
use crate::config::{LatLon, MapMeasure, PartnerType};
use crate::i18n::{self, Lang};
use crate::locale;

/// The outlines, as `tools/world_110m.py` writes them.
const ATLAS: &str = include_str!("../../assets/world-110m.txt");

/// File units per unit of the projection (the file's integers are these).
const UNITS: f64 = 1000.0;

/// At most this many shades; counts are grouped into ranges beyond it.
const MAX_CLASSES: u64 = 4;

/// One outline of the atlas: a country's or, with no code, a piece of land
/// Natural Earth draws apart but ISO 3166 gives no code of its own.
#[derive(Debug)]
pub struct Shape {
    /// The ISO 3166-1 alpha-2 code; `None` for land with no code.
    pub code: Option<&'static str>,
    /// Its outer rings in file units, x east and y north. Holes are left out:
    /// what fills one is drawn after (the file puts a country with holes first).
    pub rings: Vec<Vec<(i32, i32)>>,
}

/// Every outline and the box around them.
#[derive(Debug)]
pub struct Atlas {
    /// The outlines, in the order they are drawn (the file's).
    pub shapes: Vec<Shape>,
    /// West, south, east and north edges of the box around every outline, in file units.
    pub bounds: [i32; 4],
}

impl Atlas {
    /// The outline of a country, if the atlas draws it at this scale.
    pub fn shape(&self, code: &str) -> Option<&Shape> {
        self.shapes.iter().find(|s| s.code == Some(code))
    }
}

/// The compiled-in atlas, read on first use.
pub fn atlas() -> &'static Atlas {
    static ATLAS_READ: OnceLock<Atlas> = OnceLock::new();
    ATLAS_READ.get_or_init(|| parse(ATLAS))
}

/// Reads the atlas file. It is part of the program, so a malformed line is a
/// bug (the unit tests read it): it panics.
fn parse(text: &'static str) -> Atlas {
    let mut shapes = Vec::new();
    let mut bounds = [i32::MAX, i32::MAX, i32::MIN, i32::MIN];
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (code, rest) = line.split_once(' ').expect("an atlas line starts with a code");
        let rings: Vec<Vec<(i32, i32)>> = rest
            .split(';')
            .map(|ring| {
                ring.split(' ')
                    .map(|point| {
                        let (x, y) = point.split_once(',').expect("an atlas point is x,y");
                        let point = (x.parse().expect("x is a whole number"), y.parse().expect("y is a whole number"));
                        bounds = [
                            bounds[0].min(point.0),
                            bounds[1].min(point.1),
                            bounds[2].max(point.0),
                            bounds[3].max(point.1),
                        ];
                        point
                    })
                    .collect()
            })
            .collect();
        shapes.push(Shape { code: (code != "-").then_some(code), rings });
    }
    Atlas { shapes, bounds }
}

/// The Equal Earth projection (Šavrič, Patterson and Jenny, 2018) of a
/// place, in the projection's units: x east from −2.7066 to 2.7066, y north
/// from −1.3174 to 1.3174. `tools/world_110m.py` uses the same formulas.
pub fn equal_earth(place: LatLon) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3f64.sqrt() / 2.0;
    let (lambda, phi) = (place.lon.to_radians(), place.lat.to_radians());
    let theta = (m * phi.sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = lambda * theta.cos() / (m * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, y)
}

/// The map of a `map` section.
#[derive(Clone, Debug, Serialize)]
pub struct MapView {
    /// What shades a country: `localities` or `events`.
    pub measure: MapMeasure,
    /// The map's height over its width.
    pub aspect: Number,
    /// Every outline drawn, with its shade.
    pub shapes: Vec<MapShape>,
    /// The home city, `[x, y]` in percent of the map's width and height.
    pub home: Option<[f64; 2]>,
    /// The network's partners whose record gives a `location`, one dot each.
    pub dots: Vec<MapDot>,
    /// The shades, lightest first.
    pub legend: Vec<LegendClass>,
    /// The countries counted, most first: what the alt text lists.
    pub countries: Vec<MapCountry>,
    /// Counted countries too small for the atlas (e.g. Singapore), named in a note.
    pub not_drawn: Vec<MapCountry>,
    /// "Partner localities by country, end of 2024".
    pub caption: String,
    /// The map in words: every country and its count.
    pub alt: String,
    /// Whether any country has a count (otherwise a sentence says so).
    pub has_data: bool,
}

/// One outline and its shade.
#[derive(Clone, Debug, Serialize)]
pub struct MapShape {
    /// The country's code; empty for land with no code.
    pub code: &'static str,
    /// Its shade: 0 for none, else the number of its legend class (from 1).
    pub class: usize,
    /// Its rings, each a list of points in percent of the map's width and
    /// height (y down), written as SVG writes a polygon's: `"x,y x,y …"`.
    pub rings: Vec<String>,
}

/// A partner drawn as a dot.
#[derive(Clone, Debug, Serialize)]
pub struct MapDot {
    /// Its name in the language.
    pub name: String,
    /// Its country's name in the language.
    pub country_name: String,
    /// Where, `[x, y]` in percent of the map's width and height.
    pub at: [f64; 2],
}

/// One shade of the legend.
#[derive(Clone, Debug, Serialize)]
pub struct LegendClass {
    /// Its number, from 1 (lightest).
    pub class: usize,
    /// The counts it covers: "1", "2–3".
    pub label: String,
}

/// A country with its count.
#[derive(Clone, Debug, Serialize)]
pub struct MapCountry {
    /// The country code.
    pub country: String,
    /// Its name in the language.
    pub country_name: String,
    /// Its partner localities or events.
    pub count: u64,
    /// Its legend class, from 1.
    pub class: usize,
}

/// The map of a year: countries shaded by `measure`, the home city marked.
pub fn map_view(summary: &YearSummary, measure: MapMeasure, home: Option<LatLon>, lang: Lang) -> MapView {
    let counts: BTreeMap<&str, u64> = match measure {
        MapMeasure::Localities => summary
            .partners
            .by_country
            .iter()
            .map(|(country, list)| {
                (country.as_str(), list.iter().filter(|p| p.kind == PartnerType::Locality).count() as u64)
            })
            .filter(|(_, n)| *n > 0)
            .collect(),
        MapMeasure::Events => summary
            .partners
            .engagement_by_country
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(c, n)| (c.as_str(), *n))
            .collect(),
    };
    let ranges = classes(counts.values().copied().max().unwrap_or(0));
    let class_of = |n: u64| ranges.iter().position(|(lo, hi)| (*lo..=*hi).contains(&n)).map_or(0, |i| i + 1);
    let atlas = atlas();
    let [west, south, east, north] = atlas.bounds.map(f64::from);
    let (width, height) = (east - west, north - south);
    let percent = |x: f64, y: f64| [round2((x - west) / width * 100.0), round2((north - y) / height * 100.0)];
    let points = |ring: &[(i32, i32)]| {
        let mut text = String::with_capacity(ring.len() * 12);
        for (i, (x, y)) in ring.iter().enumerate() {
            let [x, y] = percent(f64::from(*x), f64::from(*y));
            if i > 0 {
                text.push(' ');
            }
            text.push_str(&format!("{x},{y}"));
        }
        text
    };
    let shapes = atlas
        .shapes
        .iter()
        .map(|shape| MapShape {
            code: shape.code.unwrap_or_default(),
            class: shape.code.and_then(|c| counts.get(c)).map_or(0, |n| class_of(*n)),
            rings: shape.rings.iter().map(|ring| points(ring)).collect(),
        })
        .collect();
    let mut countries: Vec<MapCountry> = counts
        .iter()
        .map(|(code, n)| MapCountry {
            country: (*code).to_owned(),
            country_name: i18n::country_shown(code, lang),
            count: *n,
            class: class_of(*n),
        })
        .collect();
    countries.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.country_name.cmp(&b.country_name)));
    let not_drawn = countries.iter().filter(|c| atlas.shape(&c.country).is_none()).cloned().collect();
    let number = |n: u64| locale::format_number(n as f64, lang);
    let legend = ranges
        .iter()
        .enumerate()
        .map(|(i, (lo, hi))| LegendClass {
            class: i + 1,
            label: if lo == hi { number(*lo) } else { format!("{}–{}", number(*lo), number(*hi)) },
        })
        .collect();
    let year = summary.year.to_string();
    let caption = match measure {
        MapMeasure::Localities => i18n::fill(lang, "report.map-caption-localities", &[("year", &year)]),
        MapMeasure::Events => i18n::fill(lang, "report.map-caption-events", &[("year", &year)]),
    };
    let listed: Vec<String> = countries.iter().map(|c| format!("{} {}", c.country_name, number(c.count))).collect();
    let dots: Vec<MapDot> = summary
        .partners
        .by_country
        .values()
        .flatten()
        .filter_map(|partner| {
            let (x, y) = equal_earth(partner.place?);
            Some(MapDot {
                name: partner.name.get(lang).to_owned(),
                country_name: i18n::country_shown(&partner.country, lang),
                at: percent(x * UNITS, y * UNITS),
            })
        })
        .collect();
    let mut alt = i18n::fill(lang, "report.map-alt", &[("caption", &caption), ("countries", &listed.join(", "))]);
    if !dots.is_empty() {
        let named: Vec<String> = dots.iter().map(|d| format!("{} ({})", d.name, d.country_name)).collect();
        alt.push(' ');
        alt.push_str(&i18n::fill(lang, "report.map-alt-dots", &[("partners", &named.join(", "))]));
    }
    if home.is_some() {
        alt.push(' ');
        alt.push_str(i18n::text(lang, "report.map-alt-home"));
    }
    MapView {
        measure,
        aspect: Number::of(round2(height / width * 10_000.0) / 10_000.0),
        shapes,
        home: home.map(|place| {
            let (x, y) = equal_earth(place);
            percent(x * UNITS, y * UNITS)
        }),
        dots,
        legend,
        has_data: !countries.is_empty(),
        countries,
        not_drawn,
        caption,
        alt,
    }
}

/// The count ranges of the shades: one per count up to [`MAX_CLASSES`],
/// beyond that ranges growing geometrically, the last ending at `max`.
fn classes(max: u64) -> Vec<(u64, u64)> {
    if max <= MAX_CLASSES {
        return (1..=max).map(|n| (n, n)).collect();
    }
    let mut ranges = Vec::new();
    let mut low = 1;
    for k in 1..=MAX_CLASSES {
        let high = if k == MAX_CLASSES { max } else { (max as f64).powf(k as f64 / MAX_CLASSES as f64).round() as u64 };
        if high >= low {
            ranges.push((low, high));
            low = high + 1;
        }
    }
    ranges
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(point: (f64, f64), ring: &[(i32, i32)]) -> bool {
        let mut inside = false;
        let mut previous = ring[ring.len() - 1];
        for &current in ring {
            let ((xi, yi), (xj, yj)) =
                ((f64::from(current.0), f64::from(current.1)), (f64::from(previous.0), f64::from(previous.1)));
            if (yi > point.1) != (yj > point.1) && point.0 < (xj - xi) * (point.1 - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            previous = current;
        }
        inside
    }

    fn country_at(lat: f64, lon: f64) -> Option<&'static str> {
        let (x, y) = equal_earth(LatLon { lat, lon });
        let point = (x * UNITS, y * UNITS);
        atlas()
            .shapes
            .iter()
            .find(|shape| shape.rings.iter().filter(|r| inside(point, r)).count() % 2 == 1)
            .and_then(|shape| shape.code)
    }

    #[test]
    fn the_projection_keeps_its_known_points() {
        let close = |(x, y): (f64, f64), (ex, ey): (f64, f64)| (x - ex).abs() < 1e-4 && (y - ey).abs() < 1e-4;
        assert!(close(equal_earth(LatLon { lat: 0.0, lon: 0.0 }), (0.0, 0.0)));
        // The extent: π / (A1·√3/2) wide at the equator, and at the poles
        // θ = asin(√3/2) = π/3 gives y = θ(A1 + A2θ² + A3θ⁶ + A4θ⁸).
        assert!(close(equal_earth(LatLon { lat: 0.0, lon: 180.0 }), (2.70663, 0.0)));
        assert!(close(equal_earth(LatLon { lat: 90.0, lon: 0.0 }), (0.0, 1.31736)));
        assert!((equal_earth(LatLon { lat: -90.0, lon: -30.0 }).1 + 1.31736).abs() < 1e-4);
        // The poles are lines (shorter than the equator), not points.
        let pole = equal_earth(LatLon { lat: 90.0, lon: 180.0 }).0;
        assert!(pole > 1.0 && pole < 2.0, "{pole}");
        // West is negative, south is negative, and the map is symmetric.
        let (x, y) = equal_earth(LatLon { lat: 45.0, lon: 90.0 });
        assert!(x > 0.0 && y > 0.0);
        assert!(close(equal_earth(LatLon { lat: -45.0, lon: -90.0 }), (-x, -y)));
    }

    #[test]
    fn cities_fall_in_their_countries() {
        for (lat, lon, code) in [
            (16.05, 108.2, "VN"),
            (21.03, 105.85, "VN"),
            (11.56, 104.92, "KH"),
            (19.89, 102.13, "LA"), // Luang Prabang: Vientiane is on the border river, within the simplification
            (13.75, 100.5, "TH"),
            (35.68, 139.69, "JP"),
            (37.57, 126.98, "KR"),
            (39.9, 116.4, "CN"),
            (48.86, 2.35, "FR"),
            (52.52, 13.4, "DE"),
            (38.9, -77.04, "US"),
            (-33.87, 151.21, "AU"),
            (-15.79, -47.88, "BR"),
            (55.75, 37.62, "RU"),
            (64.0, 170.0, "RU"),
        ] {
            assert_eq!(country_at(lat, lon), Some(code), "{lat}, {lon}");
        }
        assert_eq!(country_at(0.0, -30.0), None, "the mid-Atlantic is sea");
    }

    #[test]
    fn every_code_in_the_atlas_is_a_country_once() {
        let atlas = atlas();
        let codes: Vec<&str> = atlas.shapes.iter().filter_map(|s| s.code).collect();
        assert!(codes.len() > 170, "{} countries", codes.len());
        for code in &codes {
            assert!(i18n::is_country(code), "{code} is no ISO 3166-1 country");
        }
        let unique: std::collections::BTreeSet<&str> = codes.iter().copied().collect();
        assert_eq!(unique.len(), codes.len(), "one line a country");
        let position = |code| atlas.shapes.iter().position(|s| s.code == Some(code)).unwrap();
        assert!(position("ZA") < position("LS"), "Lesotho, in South Africa's hole, is drawn over it");
        assert!(atlas.shape("AQ").is_none(), "Antarctica is left out");
        assert!(atlas.shapes.iter().all(|s| s.rings.iter().all(|r| r.len() >= 3)));
    }

    #[test]
    fn counts_are_grouped_into_at_most_four_shades() {
        assert_eq!(classes(0), []);
        assert_eq!(classes(3), [(1, 1), (2, 2), (3, 3)]);
        assert_eq!(classes(5), [(1, 1), (2, 2), (3, 3), (4, 5)]);
        assert_eq!(classes(20), [(1, 2), (3, 4), (5, 9), (10, 20)]);
        for max in 1..200 {
            let ranges = classes(max);
            assert!(ranges.len() <= 4 && ranges[0].0 == 1 && ranges.last().unwrap().1 == max, "{max}");
            assert!(ranges.windows(2).all(|w| w[1].0 == w[0].1 + 1 && w[0].0 <= w[0].1), "{max}");
        }
    }
}
