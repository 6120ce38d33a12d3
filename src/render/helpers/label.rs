//! `{{t "key"}}`: the fixed wording of the report in its language.

use handlebars::{Helper, RenderError, RenderErrorReason};

use crate::locale::Lang;

/// Every fixed label: key, English, Vietnamese.
pub const LABELS: &[(&str, &str, &str)] = &[
    ("contents", "Contents", "Mục lục"),
    ("page", "Page", "Trang"),
    ("of", "of", "/"),
    ("prepared-by", "Prepared by", "Đơn vị thực hiện"),
    ("issued", "Issued", "Ngày phát hành"),
    ("covering", "Covering the year", "Năm báo cáo"),
    ("compared-with", "compared with", "so với"),
    ("source", "Source", "Nguồn"),
    ("sources", "Sources", "Nguồn"),
    ("indicator", "Indicator", "Chỉ tiêu"),
    ("change", "Change", "Tăng/giảm"),
    ("no-data", "no data", "chưa có số liệu"),
    ("not-comparable", "not comparable", "không so sánh được"),
    ("date", "Date", "Thời gian"),
    ("event", "Event", "Sự kiện"),
    ("partners", "Partners", "Đối tác"),
    ("amount", "Amount", "Giá trị"),
    ("country", "Country", "Quốc gia"),
    ("since", "Since", "Từ năm"),
    ("count", "Number", "Số lượng"),
    (
        "no-events",
        "No events of this kind were recorded for the year.",
        "Không có sự kiện nào thuộc loại này được ghi nhận trong năm.",
    ),
    ("no-indicators", "No figures are available for this section.", "Chưa có số liệu cho mục này."),
    ("new-partners", "New partners this year", "Đối tác mới trong năm"),
    ("no-new-partners", "No new partner was recorded this year.", "Không ghi nhận đối tác mới trong năm."),
    ("network", "Recorded partner localities over the years", "Số địa phương đối tác được ghi nhận qua các năm"),
    ("partners-by-country", "Partners by country", "Đối tác theo quốc gia"),
    (
        "engagement",
        "Events with partners from each country this year",
        "Số sự kiện với đối tác theo quốc gia trong năm",
    ),
    ("localities", "Partner localities", "Địa phương đối tác"),
    ("countries", "Their countries", "Số quốc gia"),
    (
        "network-explained",
        "Counted from the partners recorded in the data, by the year each relationship began (or, when the start is not recorded, the year a source first names it); official totals, where reported, are among the indicators.",
        "Đếm từ các đối tác được ghi nhận trong dữ liệu, theo năm thiết lập quan hệ (hoặc năm nguồn đầu tiên nhắc đến nếu chưa rõ năm thiết lập); số liệu chính thức, nếu được công bố, nằm trong các chỉ tiêu.",
    ),
    ("no-partners", "No partners are recorded.", "Chưa ghi nhận đối tác nào."),
    ("conflicts", "Figures that disagree", "Số liệu không thống nhất giữa các nguồn"),
    ("conflict-used", "Used", "Được sử dụng"),
    ("conflict-other", "Also reported", "Nguồn khác công bố"),
    ("no-conflicts", "No sources disagree on any figure.", "Không có số liệu nào mâu thuẫn giữa các nguồn."),
    ("derived", "Figures derived from a reported change", "Số liệu suy ra từ mức tăng/giảm được công bố"),
    (
        "derived-explained",
        "The value for the previous period is the reported value minus the reported change.",
        "Số liệu kỳ trước bằng số liệu được công bố trừ đi mức tăng/giảm được công bố.",
    ),
    ("from-log", "Figures counted from the event log", "Số liệu đếm từ nhật ký sự kiện"),
    (
        "from-log-explained",
        "No official total was reported; these values count or add up the events recorded and may be incomplete.",
        "Không có số liệu tổng hợp chính thức; các giá trị này được đếm hoặc cộng từ các sự kiện đã ghi nhận và có thể chưa đầy đủ.",
    ),
    ("missing", "Indicators with no data for the year", "Chỉ tiêu chưa có số liệu trong năm"),
    ("no-missing", "Every indicator has a value for the year.", "Mọi chỉ tiêu đều có số liệu trong năm."),
    ("no-sources", "No sources are cited.", "Không có nguồn nào được trích dẫn."),
    ("published", "published", "đăng ngày"),
    ("chart-alt", "Bar chart of", "Biểu đồ cột"),
    ("previous-year", "previous year", "năm trước"),
    ("origin-events", "counted from the event log", "đếm từ nhật ký sự kiện"),
    ("origin-from-change", "derived from the reported change", "suy ra từ mức tăng/giảm được công bố"),
    ("year", "Year", "Năm"),
    ("total", "Total", "Tổng"),
];

/// The text of a fixed label in a language.
pub fn label(key: &str, lang: Lang) -> Option<&'static str> {
    LABELS.iter().find(|(k, _, _)| *k == key).map(|(_, en, vi)| match lang {
        Lang::En => *en,
        Lang::Vi => *vi,
    })
}

/// Looks up a fixed label for `{{t "key"}}`; an unknown key is an error naming it.
pub fn t(h: &Helper<'_>, lang: Lang) -> Result<String, RenderError> {
    let key = super::string_param(h, 0)?;
    label(key, lang)
        .map(str::to_owned)
        .ok_or_else(|| RenderErrorReason::Other(format!("unknown label `{key}` in helper `t`")).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages_and_a_unique_key() {
        let mut keys = std::collections::BTreeSet::new();
        for (key, en, vi) in LABELS {
            assert!(keys.insert(*key), "duplicate label {key}");
            assert!(!en.is_empty() && !vi.is_empty(), "label {key} lacks a language");
        }
        assert_eq!(label("contents", Lang::Vi), Some("Mục lục"));
        assert_eq!(label("nope", Lang::En), None);
    }
}
