//! The `map` section: the bundled report draws the partner countries on a
//! world map with a caption, a legend and alt text.

use crate::common::{Project, pdf_text};

fn map_section(project: &Project, lang: &str) -> serde_json::Value {
    let context: serde_json::Value =
        serde_json::from_str(&project.read(format!("output/danang-2024-{lang}.json"))).unwrap();
    context["sections"].as_array().unwrap().iter().find(|s| s["type"] == "map").expect("a map section")["map"].clone()
}

#[test]
fn the_bundled_report_maps_its_partner_countries() {
    let project = Project::bundled();
    project.cmd(["build", "--config", "config/report.toml", "--emit", "context", "--quiet"]).run().success();

    let text = pdf_text(&project.join("output/danang-2024-en.pdf"));
    for expected in
        ["Partner countries on the map", "Partner localities by country, end of 2024", "Home city", "Natural Earth"]
    {
        assert!(text.contains(expected), "the English report lacks {expected:?}");
    }
    let text = pdf_text(&project.join("output/danang-2024-vi.pdf"));
    for expected in ["Bản đồ các quốc gia đối tác", "Địa phương đối tác theo quốc gia, cuối năm 2024"]
    {
        assert!(text.contains(expected), "the Vietnamese report lacks {expected:?}");
    }

    let map = map_section(&project, "en");
    assert_eq!(map["measure"], "localities");
    let countries = map["countries"].as_array().unwrap();
    assert!(!countries.is_empty());
    let alt = map["alt"].as_str().unwrap();
    assert!(alt.starts_with("World map. Partner localities by country, end of 2024: "), "{alt}");
    for country in countries {
        let name = country["country_name"].as_str().unwrap();
        assert!(alt.contains(&format!("{name} {}", country["count"])), "the alt text lacks {name}: {alt}");
        assert!(country["class"].as_u64().unwrap() >= 1);
    }
    assert!(alt.contains("The home city is marked with a dot."), "{alt}");
    assert!(alt.contains("Dots mark these partners: ") && alt.contains("Kawasaki (Japan)"), "{alt}");
    assert_eq!(map["dots"].as_array().unwrap().len(), 13, "the partners with a location in the bundled data");
    assert!(text_has_partner_legend(&project), "the legend explains the dots");
    assert!(map["shapes"].as_array().unwrap().len() > 170);
    let home = map["home"].as_array().unwrap();
    let (x, y) = (home[0].as_f64().unwrap(), home[1].as_f64().unwrap());
    assert!(
        (75.0..85.0).contains(&x) && (35.0..50.0).contains(&y),
        "Da Nang is east and a little north of centre: {x}, {y}"
    );
    let legend = map["legend"].as_array().unwrap();
    assert!((1..=4).contains(&legend.len()), "{legend:?}");

    let vi = map_section(&project, "vi");
    assert!(vi["alt"].as_str().unwrap().starts_with("Bản đồ thế giới. "), "{}", vi["alt"]);
}

fn text_has_partner_legend(project: &Project) -> bool {
    let text = pdf_text(&project.join("output/danang-2024-en.pdf"));
    let legend = text.find("Home city").expect("the legend names the home city");
    text[..legend].trim_end().ends_with("Partner")
}

#[test]
fn a_partner_location_off_the_globe_is_an_error_at_the_value() {
    let project = Project::bundled();
    project.edit("seeds/danang/partners.toml", |text| {
        text.replace("location = [35.53, 139.7]", "location = [135.53, 39.7]")
    });
    project
        .cmd(["check", "--config", "config/report.toml"])
        .run()
        .status(1)
        .stderr_contains("partners.toml:")
        .stderr_contains("`location` must be [latitude, longitude]");
}

#[test]
fn a_map_can_count_the_years_events_instead() {
    let project = Project::bundled();
    project.edit("config/report.toml", |text| text.replace("measure = \"localities\"", "measure = \"events\""));
    project
        .cmd(["build", "--config", "config/report.toml", "--lang", "en", "--emit", "context", "--quiet"])
        .run()
        .success();
    let map = map_section(&project, "en");
    assert_eq!(map["measure"], "events");
    assert_eq!(map["caption"], "Events of 2024 with partners from each country");
    // The same counts as the partners section's engagement table, most first.
    let first = &map["countries"][0];
    assert_eq!((first["country"].as_str(), first["count"].as_u64()), (Some("KR"), Some(6)));
    let text = pdf_text(&project.join("output/danang-2024-en.pdf"));
    assert!(text.contains("Events of 2024 with partners from each country"));
}

#[test]
fn a_home_off_the_globe_is_an_error_at_the_key() {
    let project = Project::bundled();
    project.edit("config/report.toml", |text| text.replace("home = [16.05, 108.2]", "home = [108.2, 16.05]"));
    project
        .cmd(["check", "--config", "config/report.toml"])
        .run()
        .status(1)
        .stderr_contains("`home` must be [latitude, longitude]");
}

#[test]
fn a_country_too_small_to_draw_is_named_under_the_map() {
    let project = Project::bundled();
    project.edit("seeds/danang/partners.toml", |text| {
        format!("{text}\n[[partner]]\nname = \"Singapore\"\ncountry = \"SG\"\ntype = \"locality\"\nsince = 2020\nsource = \"dnt-2014-10-29\"\n")
    });
    project
        .cmd(["build", "--config", "config/report.toml", "--lang", "en", "--emit", "context", "--quiet"])
        .run()
        .success();
    let map = map_section(&project, "en");
    assert_eq!(map["not_drawn"][0]["country"], "SG");
    assert!(map["alt"].as_str().unwrap().contains("Singapore 1"), "{}", map["alt"]);
    let text = pdf_text(&project.join("output/danang-2024-en.pdf"));
    assert!(text.contains("Too small to draw at this scale: Singapore (1)."), "{text}");
}
