//! Country names as officers type them, mapped to ISO 3166-1 alpha-2 codes.
//!
//! A spreadsheet says `Hàn Quốc`, `Korea` or `kr` where the log needs `KR`,
//! and a hand-written data file sometimes does too: the import reads names
//! with it, and the data check uses it to say which code to write.
//! The names come from the catalogues (`[country]` in `i18n/en.toml` and
//! `i18n/vi.toml`, every assigned code in both languages), plus the short
//! and everyday names the catalogues do not use (`Korea`, `USA`, `Mỹ`).
//! Matching ignores case, Vietnamese marks and a leading "the", so `han
//! quoc` finds Korea too. The index is built once, on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::i18n::{self, Lang};
use crate::text::ascii_fold;

/// Everyday names that are not the catalogues' names, with their codes.
const ALIASES: [(&str, &str); 44] = [
    ("Korea", "KR"),
    ("South Korea", "KR"),
    ("Nam Hàn", "KR"),
    ("Đại Hàn Dân Quốc", "KR"),
    ("North Korea", "KP"),
    ("Bắc Triều Tiên", "KP"),
    ("USA", "US"),
    ("U.S.", "US"),
    ("U.S.A.", "US"),
    ("United States of America", "US"),
    ("America", "US"),
    ("Mỹ", "US"),
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("Britain", "GB"),
    ("Great Britain", "GB"),
    ("England", "GB"),
    ("Anh", "GB"),
    ("Russian Federation", "RU"),
    ("Liên bang Nga", "RU"),
    ("Vietnam", "VN"),
    ("Viet Nam", "VN"),
    ("Lao PDR", "LA"),
    ("Czech Republic", "CZ"),
    ("Séc", "CZ"),
    ("Taiwan", "TW"),
    ("Đài Loan", "TW"),
    ("Hong Kong", "HK"),
    ("Hồng Kông", "HK"),
    ("Macau", "MO"),
    ("Ma Cao", "MO"),
    ("Turkey", "TR"),
    ("Türkiye", "TR"),
    ("Holland", "NL"),
    ("Netherlands", "NL"),
    ("UAE", "AE"),
    ("Ivory Coast", "CI"),
    ("Burma", "MM"),
    ("Myanmar", "MM"),
    ("East Timor", "TL"),
    ("Brunei", "BN"),
    ("Iran", "IR"),
    ("Syria", "SY"),
    ("Vatican", "VA"),
];

/// How a name is compared: lower case, no marks, no leading "the", single spaces.
fn key(name: &str) -> String {
    let folded = ascii_fold(name);
    let words: Vec<&str> = folded.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let words = match words.as_slice() {
        ["the", rest @ ..] if !rest.is_empty() => rest,
        all => all,
    };
    words.join(" ")
}

/// Every known name (as [`key`] makes it) with its code and the name as written.
fn index() -> &'static HashMap<String, (String, &'static str)> {
    static INDEX: OnceLock<HashMap<String, (String, &'static str)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = HashMap::new();
        let letters = b'A'..=b'Z';
        for first in letters.clone() {
            for second in letters.clone() {
                let code = String::from_utf8(vec![first, second]).unwrap_or_default();
                for lang in Lang::ALL {
                    let Some(name) = i18n::country_name(&code, lang) else { continue };
                    index.entry(key(name)).or_insert((code.clone(), name));
                    // "Đài Loan (Trung Quốc)" is also found as "Đài Loan".
                    if let Some((short, _)) = name.split_once(" (") {
                        index.entry(key(short)).or_insert((code.clone(), name));
                    }
                }
            }
        }
        for (alias, code) in ALIASES {
            index.entry(key(alias)).or_insert((code.to_owned(), alias));
        }
        index
    })
}

/// The ISO code of a country typed by name (English or Vietnamese, any
/// case, with or without marks) or by its code (any case).
pub fn code(text: &str) -> Result<String, String> {
    let text = text.trim();
    let upper = text.to_ascii_uppercase();
    if i18n::is_country(&upper) {
        return Ok(upper);
    }
    let wanted = key(text);
    if let Some((code, _)) = index().get(&wanted) {
        return Ok(code.clone());
    }
    let closest = index()
        .iter()
        .map(|(name, entry)| (strsim::damerau_levenshtein(&wanted, name), name, entry))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let hint = match closest {
        Some((distance, _, (code, name))) if distance <= 3 => format!("did you mean {name} ({code})? "),
        _ => String::new(),
    };
    Err(format!(
        "unknown country `{text}`; {hint}write the country's name in English or Vietnamese (Korea, Hàn Quốc) or its two-letter ISO code (KR)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_both_languages_and_codes_give_the_code() {
        assert_eq!(code("Hàn Quốc").as_deref(), Ok("KR"));
        assert_eq!(code("han quoc").as_deref(), Ok("KR"));
        assert_eq!(code("Korea").as_deref(), Ok("KR"));
        assert_eq!(code("Republic of Korea").as_deref(), Ok("KR"));
        assert_eq!(code("the United States").as_deref(), Ok("US"));
        assert_eq!(code("Hoa Kỳ").as_deref(), Ok("US"));
        assert_eq!(code("Nhật Bản").as_deref(), Ok("JP"));
        assert_eq!(code(" japan ").as_deref(), Ok("JP"));
        assert_eq!(code("kr").as_deref(), Ok("KR"));
        assert_eq!(code("Đài Loan").as_deref(), Ok("TW"));
        assert_eq!(code("Lào").as_deref(), Ok("LA"));
    }

    #[test]
    fn an_unknown_name_names_the_closest_and_says_what_to_write() {
        let message = code("Koreaa").unwrap_err();
        assert!(message.starts_with("unknown country `Koreaa`; did you mean Korea (KR)?"), "{message}");
        let message = code("Atlantis").unwrap_err();
        assert!(message.contains("two-letter ISO code"), "{message}");
        assert!(code("XX").is_err());
    }
}
