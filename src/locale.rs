//! Language-dependent wording and number, money and date formatting.
//!
//! The briefing is printed in English and in Vietnamese, and the two differ
//! in more than words: Vietnamese groups thousands with `.` and writes
//! decimals with `,`, puts the currency after the amount, counts money in
//! triệu and tỷ, and writes dates as `31/12/2023`. Keeping every such rule
//! here lets the rest of the tool stay language-neutral.
//!
//! Choices made here:
//! - negative numbers use U+2212 MINUS SIGN, never a hyphen;
//! - rounding is half away from zero on the number as written in decimal
//!   (4.35 rounds to 4.4), not on its binary approximation;
//! - a bare year is written `2024` in both languages (not `năm 2024`), so it
//!   fits a table cell; running text adds `năm` itself where it needs it;
//! - Vietnamese phrases such as `tháng 7/2024` are lower-case; capitalising
//!   the start of a sentence or cell is the template's job;
//! - a value that is not a finite number is written `—` (NaN) or `∞`/`−∞`.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::period::{PartialDate, Period, Precision};

/// U+2212 MINUS SIGN, written before negative numbers.
const MINUS: char = '\u{2212}';

/// A language the briefing is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Vietnamese.
    Vi,
}

impl Lang {
    /// Every supported language, in output order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Vi];

    /// Reads a language code (`en` or `vi`, any case).
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim();
        if code.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if code.eq_ignore_ascii_case("vi") {
            Some(Lang::Vi)
        } else {
            None
        }
    }

    /// The lower-case language code (`en`, `vi`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Vi => "vi",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Lang::parse(code).ok_or_else(|| unknown_lang(code))
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(LangVisitor)
    }
}

/// Accepts a language code string.
struct LangVisitor;

impl Visitor<'_> for LangVisitor {
    type Value = Lang;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a language code, \"en\" or \"vi\"")
    }

    fn visit_str<E: de::Error>(self, code: &str) -> Result<Self::Value, E> {
        code.parse().map_err(E::custom)
    }
}

/// Message for a language code that is not supported.
fn unknown_lang(code: &str) -> String {
    format!("unknown language \"{code}\"; use \"en\" (English) or \"vi\" (Vietnamese)")
}

/// ISO 3166-1 alpha-2 code, English short name and Vietnamese name, sorted by code.
static COUNTRIES: [(&str, &str, &str); 249] = [
    ("AD", "Andorra", "Andorra"),
    ("AE", "United Arab Emirates", "Các Tiểu vương quốc Ả Rập Thống nhất"),
    ("AF", "Afghanistan", "Afghanistan"),
    ("AG", "Antigua and Barbuda", "Antigua và Barbuda"),
    ("AI", "Anguilla", "Anguilla"),
    ("AL", "Albania", "Albania"),
    ("AM", "Armenia", "Armenia"),
    ("AO", "Angola", "Angola"),
    ("AQ", "Antarctica", "Nam Cực"),
    ("AR", "Argentina", "Argentina"),
    ("AS", "American Samoa", "Samoa thuộc Hoa Kỳ"),
    ("AT", "Austria", "Áo"),
    ("AU", "Australia", "Úc"),
    ("AW", "Aruba", "Aruba"),
    ("AX", "Åland Islands", "Quần đảo Åland"),
    ("AZ", "Azerbaijan", "Azerbaijan"),
    ("BA", "Bosnia and Herzegovina", "Bosnia và Herzegovina"),
    ("BB", "Barbados", "Barbados"),
    ("BD", "Bangladesh", "Bangladesh"),
    ("BE", "Belgium", "Bỉ"),
    ("BF", "Burkina Faso", "Burkina Faso"),
    ("BG", "Bulgaria", "Bulgaria"),
    ("BH", "Bahrain", "Bahrain"),
    ("BI", "Burundi", "Burundi"),
    ("BJ", "Benin", "Benin"),
    ("BL", "Saint Barthélemy", "Saint Barthélemy"),
    ("BM", "Bermuda", "Bermuda"),
    ("BN", "Brunei", "Brunei"),
    ("BO", "Bolivia", "Bolivia"),
    ("BQ", "Bonaire, Sint Eustatius and Saba", "Bonaire, Sint Eustatius và Saba"),
    ("BR", "Brazil", "Brazil"),
    ("BS", "Bahamas", "Bahamas"),
    ("BT", "Bhutan", "Bhutan"),
    ("BV", "Bouvet Island", "Đảo Bouvet"),
    ("BW", "Botswana", "Botswana"),
    ("BY", "Belarus", "Belarus"),
    ("BZ", "Belize", "Belize"),
    ("CA", "Canada", "Canada"),
    ("CC", "Cocos (Keeling) Islands", "Quần đảo Cocos (Keeling)"),
    ("CD", "Democratic Republic of the Congo", "Cộng hòa Dân chủ Congo"),
    ("CF", "Central African Republic", "Cộng hòa Trung Phi"),
    ("CG", "Republic of the Congo", "Cộng hòa Congo"),
    ("CH", "Switzerland", "Thụy Sĩ"),
    ("CI", "Côte d'Ivoire", "Côte d'Ivoire"),
    ("CK", "Cook Islands", "Quần đảo Cook"),
    ("CL", "Chile", "Chile"),
    ("CM", "Cameroon", "Cameroon"),
    ("CN", "China", "Trung Quốc"),
    ("CO", "Colombia", "Colombia"),
    ("CR", "Costa Rica", "Costa Rica"),
    ("CU", "Cuba", "Cuba"),
    ("CV", "Cabo Verde", "Cabo Verde"),
    ("CW", "Curaçao", "Curaçao"),
    ("CX", "Christmas Island", "Đảo Christmas"),
    ("CY", "Cyprus", "Síp"),
    ("CZ", "Czechia", "Séc"),
    ("DE", "Germany", "Đức"),
    ("DJ", "Djibouti", "Djibouti"),
    ("DK", "Denmark", "Đan Mạch"),
    ("DM", "Dominica", "Dominica"),
    ("DO", "Dominican Republic", "Cộng hòa Dominica"),
    ("DZ", "Algeria", "Algeria"),
    ("EC", "Ecuador", "Ecuador"),
    ("EE", "Estonia", "Estonia"),
    ("EG", "Egypt", "Ai Cập"),
    ("EH", "Western Sahara", "Tây Sahara"),
    ("ER", "Eritrea", "Eritrea"),
    ("ES", "Spain", "Tây Ban Nha"),
    ("ET", "Ethiopia", "Ethiopia"),
    ("FI", "Finland", "Phần Lan"),
    ("FJ", "Fiji", "Fiji"),
    ("FK", "Falkland Islands (Malvinas)", "Quần đảo Falkland (Malvinas)"),
    ("FM", "Micronesia", "Micronesia"),
    ("FO", "Faroe Islands", "Quần đảo Faroe"),
    ("FR", "France", "Pháp"),
    ("GA", "Gabon", "Gabon"),
    ("GB", "United Kingdom", "Vương quốc Anh"),
    ("GD", "Grenada", "Grenada"),
    ("GE", "Georgia", "Gruzia"),
    ("GF", "French Guiana", "Guyane thuộc Pháp"),
    ("GG", "Guernsey", "Guernsey"),
    ("GH", "Ghana", "Ghana"),
    ("GI", "Gibraltar", "Gibraltar"),
    ("GL", "Greenland", "Greenland"),
    ("GM", "Gambia", "Gambia"),
    ("GN", "Guinea", "Guinea"),
    ("GP", "Guadeloupe", "Guadeloupe"),
    ("GQ", "Equatorial Guinea", "Guinea Xích Đạo"),
    ("GR", "Greece", "Hy Lạp"),
    ("GS", "South Georgia and the South Sandwich Islands", "Quần đảo Nam Georgia và Nam Sandwich"),
    ("GT", "Guatemala", "Guatemala"),
    ("GU", "Guam", "Guam"),
    ("GW", "Guinea-Bissau", "Guinea-Bissau"),
    ("GY", "Guyana", "Guyana"),
    ("HK", "Hong Kong", "Hồng Kông (Trung Quốc)"),
    ("HM", "Heard Island and McDonald Islands", "Đảo Heard và quần đảo McDonald"),
    ("HN", "Honduras", "Honduras"),
    ("HR", "Croatia", "Croatia"),
    ("HT", "Haiti", "Haiti"),
    ("HU", "Hungary", "Hungary"),
    ("ID", "Indonesia", "Indonesia"),
    ("IE", "Ireland", "Ireland"),
    ("IL", "Israel", "Israel"),
    ("IM", "Isle of Man", "Đảo Man"),
    ("IN", "India", "Ấn Độ"),
    ("IO", "British Indian Ocean Territory", "Lãnh thổ Ấn Độ Dương thuộc Anh"),
    ("IQ", "Iraq", "Iraq"),
    ("IR", "Iran", "Iran"),
    ("IS", "Iceland", "Iceland"),
    ("IT", "Italy", "Italy"),
    ("JE", "Jersey", "Jersey"),
    ("JM", "Jamaica", "Jamaica"),
    ("JO", "Jordan", "Jordan"),
    ("JP", "Japan", "Nhật Bản"),
    ("KE", "Kenya", "Kenya"),
    ("KG", "Kyrgyzstan", "Kyrgyzstan"),
    ("KH", "Cambodia", "Campuchia"),
    ("KI", "Kiribati", "Kiribati"),
    ("KM", "Comoros", "Comoros"),
    ("KN", "Saint Kitts and Nevis", "Saint Kitts và Nevis"),
    ("KP", "Democratic People's Republic of Korea", "Triều Tiên"),
    ("KR", "Republic of Korea", "Hàn Quốc"),
    ("KW", "Kuwait", "Kuwait"),
    ("KY", "Cayman Islands", "Quần đảo Cayman"),
    ("KZ", "Kazakhstan", "Kazakhstan"),
    ("LA", "Laos", "Lào"),
    ("LB", "Lebanon", "Liban"),
    ("LC", "Saint Lucia", "Saint Lucia"),
    ("LI", "Liechtenstein", "Liechtenstein"),
    ("LK", "Sri Lanka", "Sri Lanka"),
    ("LR", "Liberia", "Liberia"),
    ("LS", "Lesotho", "Lesotho"),
    ("LT", "Lithuania", "Litva"),
    ("LU", "Luxembourg", "Luxembourg"),
    ("LV", "Latvia", "Latvia"),
    ("LY", "Libya", "Libya"),
    ("MA", "Morocco", "Maroc"),
    ("MC", "Monaco", "Monaco"),
    ("MD", "Moldova", "Moldova"),
    ("ME", "Montenegro", "Montenegro"),
    ("MF", "Saint Martin (French part)", "Saint Martin (phần thuộc Pháp)"),
    ("MG", "Madagascar", "Madagascar"),
    ("MH", "Marshall Islands", "Quần đảo Marshall"),
    ("MK", "North Macedonia", "Bắc Macedonia"),
    ("ML", "Mali", "Mali"),
    ("MM", "Myanmar", "Myanmar"),
    ("MN", "Mongolia", "Mông Cổ"),
    ("MO", "Macao", "Ma Cao (Trung Quốc)"),
    ("MP", "Northern Mariana Islands", "Quần đảo Bắc Mariana"),
    ("MQ", "Martinique", "Martinique"),
    ("MR", "Mauritania", "Mauritania"),
    ("MS", "Montserrat", "Montserrat"),
    ("MT", "Malta", "Malta"),
    ("MU", "Mauritius", "Mauritius"),
    ("MV", "Maldives", "Maldives"),
    ("MW", "Malawi", "Malawi"),
    ("MX", "Mexico", "Mexico"),
    ("MY", "Malaysia", "Malaysia"),
    ("MZ", "Mozambique", "Mozambique"),
    ("NA", "Namibia", "Namibia"),
    ("NC", "New Caledonia", "Nouvelle-Calédonie"),
    ("NE", "Niger", "Niger"),
    ("NF", "Norfolk Island", "Đảo Norfolk"),
    ("NG", "Nigeria", "Nigeria"),
    ("NI", "Nicaragua", "Nicaragua"),
    ("NL", "Netherlands", "Hà Lan"),
    ("NO", "Norway", "Na Uy"),
    ("NP", "Nepal", "Nepal"),
    ("NR", "Nauru", "Nauru"),
    ("NU", "Niue", "Niue"),
    ("NZ", "New Zealand", "New Zealand"),
    ("OM", "Oman", "Oman"),
    ("PA", "Panama", "Panama"),
    ("PE", "Peru", "Peru"),
    ("PF", "French Polynesia", "Polynesia thuộc Pháp"),
    ("PG", "Papua New Guinea", "Papua New Guinea"),
    ("PH", "Philippines", "Philippines"),
    ("PK", "Pakistan", "Pakistan"),
    ("PL", "Poland", "Ba Lan"),
    ("PM", "Saint Pierre and Miquelon", "Saint Pierre và Miquelon"),
    ("PN", "Pitcairn", "Quần đảo Pitcairn"),
    ("PR", "Puerto Rico", "Puerto Rico"),
    ("PS", "Palestine", "Palestine"),
    ("PT", "Portugal", "Bồ Đào Nha"),
    ("PW", "Palau", "Palau"),
    ("PY", "Paraguay", "Paraguay"),
    ("QA", "Qatar", "Qatar"),
    ("RE", "Réunion", "Réunion"),
    ("RO", "Romania", "Romania"),
    ("RS", "Serbia", "Serbia"),
    ("RU", "Russia", "Nga"),
    ("RW", "Rwanda", "Rwanda"),
    ("SA", "Saudi Arabia", "Ả Rập Xê Út"),
    ("SB", "Solomon Islands", "Quần đảo Solomon"),
    ("SC", "Seychelles", "Seychelles"),
    ("SD", "Sudan", "Sudan"),
    ("SE", "Sweden", "Thụy Điển"),
    ("SG", "Singapore", "Singapore"),
    ("SH", "Saint Helena, Ascension and Tristan da Cunha", "Saint Helena, Ascension và Tristan da Cunha"),
    ("SI", "Slovenia", "Slovenia"),
    ("SJ", "Svalbard and Jan Mayen", "Svalbard và Jan Mayen"),
    ("SK", "Slovakia", "Slovakia"),
    ("SL", "Sierra Leone", "Sierra Leone"),
    ("SM", "San Marino", "San Marino"),
    ("SN", "Senegal", "Senegal"),
    ("SO", "Somalia", "Somalia"),
    ("SR", "Suriname", "Suriname"),
    ("SS", "South Sudan", "Nam Sudan"),
    ("ST", "São Tomé and Príncipe", "São Tomé và Príncipe"),
    ("SV", "El Salvador", "El Salvador"),
    ("SX", "Sint Maarten (Dutch part)", "Sint Maarten (phần thuộc Hà Lan)"),
    ("SY", "Syria", "Syria"),
    ("SZ", "Eswatini", "Eswatini"),
    ("TC", "Turks and Caicos Islands", "Quần đảo Turks và Caicos"),
    ("TD", "Chad", "Tchad"),
    ("TF", "French Southern Territories", "Vùng đất phía Nam thuộc Pháp"),
    ("TG", "Togo", "Togo"),
    ("TH", "Thailand", "Thái Lan"),
    ("TJ", "Tajikistan", "Tajikistan"),
    ("TK", "Tokelau", "Tokelau"),
    ("TL", "Timor-Leste", "Timor-Leste"),
    ("TM", "Turkmenistan", "Turkmenistan"),
    ("TN", "Tunisia", "Tunisia"),
    ("TO", "Tonga", "Tonga"),
    ("TR", "Türkiye", "Thổ Nhĩ Kỳ"),
    ("TT", "Trinidad and Tobago", "Trinidad và Tobago"),
    ("TV", "Tuvalu", "Tuvalu"),
    ("TW", "Taiwan", "Đài Loan (Trung Quốc)"),
    ("TZ", "Tanzania", "Tanzania"),
    ("UA", "Ukraine", "Ukraine"),
    ("UG", "Uganda", "Uganda"),
    ("UM", "United States Minor Outlying Islands", "Các tiểu đảo xa của Hoa Kỳ"),
    ("US", "United States", "Hoa Kỳ"),
    ("UY", "Uruguay", "Uruguay"),
    ("UZ", "Uzbekistan", "Uzbekistan"),
    ("VA", "Holy See", "Tòa Thánh Vatican"),
    ("VC", "Saint Vincent and the Grenadines", "Saint Vincent và Grenadines"),
    ("VE", "Venezuela", "Venezuela"),
    ("VG", "British Virgin Islands", "Quần đảo Virgin thuộc Anh"),
    ("VI", "United States Virgin Islands", "Quần đảo Virgin thuộc Hoa Kỳ"),
    ("VN", "Viet Nam", "Việt Nam"),
    ("VU", "Vanuatu", "Vanuatu"),
    ("WF", "Wallis and Futuna", "Wallis và Futuna"),
    ("WS", "Samoa", "Samoa"),
    ("YE", "Yemen", "Yemen"),
    ("YT", "Mayotte", "Mayotte"),
    ("ZA", "South Africa", "Nam Phi"),
    ("ZM", "Zambia", "Zambia"),
    ("ZW", "Zimbabwe", "Zimbabwe"),
];

/// The name of the country with ISO 3166-1 alpha-2 `code` (upper case), if assigned.
pub fn country_name(code: &str, lang: Lang) -> Option<&'static str> {
    let index = COUNTRIES.binary_search_by(|(c, _, _)| (*c).cmp(code)).ok()?;
    let (_, en, vi) = COUNTRIES[index];
    Some(match lang {
        Lang::En => en,
        Lang::Vi => vi,
    })
}

/// Whether `code` is an officially assigned ISO 3166-1 alpha-2 code (upper case).
pub fn is_country(code: &str) -> bool {
    country_name(code, Lang::En).is_some()
}

/// Active ISO 4217 currency codes with their number of minor-unit digits, sorted by code.
///
/// Withdrawn codes (ANG, CUC, HRK, SLL, ZWL) and codes without a minor unit
/// (precious metals, XDR, XSU, XUA, test and no-currency codes) are left out.
static CURRENCIES: [(&str, u8); 165] = [
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BOV", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHE", 2),
    ("CHF", 2),
    ("CHW", 2),
    ("CLF", 4),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("COU", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MXV", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("USN", 2),
    ("UYI", 0),
    ("UYU", 2),
    ("UYW", 4),
    ("UZS", 2),
    ("VED", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XCG", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// Whether `code` is an active ISO 4217 currency code (upper case).
pub fn is_currency(code: &str) -> bool {
    currency_minor_digits(code).is_some()
}

/// Digits after the decimal point in the currency's minor unit (VND 0, USD 2).
pub fn currency_minor_digits(code: &str) -> Option<u8> {
    let index = CURRENCIES.binary_search_by(|(c, _)| (*c).cmp(code)).ok()?;
    Some(CURRENCIES[index].1)
}

/// A number split into decimal digits, already rounded.
struct Digits {
    negative: bool,
    integer: Vec<u8>,
    fraction: Vec<u8>,
}

impl Digits {
    /// `value` rounded half away from zero to at most `max_fraction` digits.
    ///
    /// Works on the shortest decimal that reads back as `value`, so a number
    /// typed as 4.35 rounds like 4.35 and not like its binary neighbour.
    fn round(value: f64, max_fraction: usize) -> Digits {
        let written = format!("{}", value.abs());
        let (int_text, frac_text) = written.split_once('.').unwrap_or((&written, ""));
        let mut integer: Vec<u8> = int_text.bytes().map(|b| b - b'0').collect();
        let mut fraction: Vec<u8> = frac_text.bytes().map(|b| b - b'0').collect();
        if fraction.len() > max_fraction {
            let round_up = fraction[max_fraction] >= 5;
            fraction.truncate(max_fraction);
            if round_up && !increment(&mut fraction) && !increment(&mut integer) {
                integer.insert(0, 1);
            }
        }
        Digits { negative: value.is_sign_negative(), integer, fraction }
    }

    /// Drops trailing zeros after the decimal point.
    fn trim(mut self) -> Digits {
        while self.fraction.last() == Some(&0) {
            self.fraction.pop();
        }
        self
    }

    /// Whether every digit is zero.
    fn is_zero(&self) -> bool {
        self.integer.iter().chain(&self.fraction).all(|&d| d == 0)
    }

    /// Writes the digits with the language's separators and a minus sign.
    fn render(&self, lang: Lang) -> String {
        let (group, point) = match lang {
            Lang::En => (',', '.'),
            Lang::Vi => ('.', ','),
        };
        let mut out = String::new();
        if self.negative && !self.is_zero() {
            out.push(MINUS);
        }
        let len = self.integer.len();
        for (i, d) in self.integer.iter().enumerate() {
            if i > 0 && (len - i).is_multiple_of(3) {
                out.push(group);
            }
            out.push(char::from(b'0' + d));
        }
        if !self.fraction.is_empty() {
            out.push(point);
            out.extend(self.fraction.iter().map(|d| char::from(b'0' + d)));
        }
        out
    }
}

/// Adds one to the last digit, carrying; returns false when it carries out.
fn increment(digits: &mut [u8]) -> bool {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return true;
        }
    }
    false
}

/// How a value that is not a finite number is written.
fn non_finite(value: f64) -> Option<String> {
    if value.is_nan() {
        Some("—".to_string())
    } else if value.is_infinite() {
        Some(if value < 0.0 { format!("{MINUS}∞") } else { "∞".to_string() })
    } else {
        None
    }
}

/// A number rounded to at most `max_fraction_digits` decimals, trailing zeros dropped.
pub fn format_decimal(value: f64, max_fraction_digits: usize, lang: Lang) -> String {
    non_finite(value).unwrap_or_else(|| Digits::round(value, max_fraction_digits).trim().render(lang))
}

/// A count or amount: whole numbers without decimals, others with up to two.
pub fn format_number(value: f64, lang: Lang) -> String {
    format_decimal(value, 2, lang)
}

/// A percentage given in percent (12.5 → `12.5%` / `12,5%`), one decimal at most.
pub fn format_percent(value: f64, lang: Lang) -> String {
    format!("{}%", format_decimal(value, 1, lang))
}

/// A change with its sign: `+208`, `−5`, `0`.
pub fn format_signed(value: f64, lang: Lang) -> String {
    let text = format_number(value, lang);
    if text.starts_with(MINUS) || text == "0" || value.is_nan() { text } else { format!("+{text}") }
}

/// An amount of money in full: `USD 2,800,000` (en), `2.800.000 USD` (vi).
///
/// Decimals appear, as many as the currency's minor unit has, only when the
/// amount is not whole; an unknown currency code is written as given and
/// treated as having two decimals. In Vietnamese, VND is written `đồng`.
pub fn format_money(value: f64, currency: &str, lang: Lang) -> String {
    let amount = non_finite(value).unwrap_or_else(|| {
        let minor = usize::from(currency_minor_digits(currency).unwrap_or(2));
        let mut digits = Digits::round(value, minor);
        if digits.fraction.iter().all(|&d| d == 0) {
            digits.fraction.clear();
        } else {
            digits.fraction.resize(minor, 0);
        }
        digits.render(lang)
    });
    with_currency(&amount, currency, lang)
}

/// An amount of money shortened to millions, billions or trillions.
///
/// `USD 8.9 million`, `VND 65.7 billion` (en); `8,9 triệu USD`, `65,7 tỷ
/// đồng` (vi, with triệu, tỷ and nghìn tỷ). Amounts under a million are
/// written in full as by [`format_money`]. One decimal is kept below 100
/// units and none from 100 up.
pub fn format_money_compact(value: f64, currency: &str, lang: Lang) -> String {
    let units: [(f64, &str); 3] = match lang {
        Lang::En => [(1e6, "million"), (1e9, "billion"), (1e12, "trillion")],
        Lang::Vi => [(1e6, "triệu"), (1e9, "tỷ"), (1e12, "nghìn tỷ")],
    };
    if !value.is_finite() || value.abs() < units[0].0 {
        return format_money(value, currency, lang);
    }
    let mut index = units.iter().rposition(|(scale, _)| value.abs() >= *scale).unwrap_or(0);
    let decimals = |scaled: f64| if scaled.abs() >= 100.0 { 0 } else { 1 };
    let mut scaled = value / units[index].0;
    if index + 1 < units.len() && Digits::round(scaled, decimals(scaled)).integer.len() > 3 {
        index += 1;
        scaled = value / units[index].0;
    }
    let number = format_decimal(scaled, decimals(scaled), lang);
    let unit = units[index].1;
    match lang {
        Lang::En => format!("{currency} {number} {unit}"),
        Lang::Vi => with_currency(&format!("{number} {unit}"), currency, lang),
    }
}

/// The word for a figure's qualifier (`exact`, `about`, `nearly`, `over`,
/// `under`), empty for `exact` and unknown ones.
pub fn qualifier_word(qualifier: &str, lang: Lang) -> &'static str {
    match (qualifier, lang) {
        ("about", Lang::En) => "about",
        ("nearly", Lang::En) => "nearly",
        ("over", Lang::En) => "over",
        ("under", Lang::En) => "under",
        ("about", Lang::Vi) => "khoảng",
        ("nearly", Lang::Vi) => "gần",
        ("over", Lang::Vi) => "hơn",
        ("under", Lang::Vi) => "dưới",
        _ => "",
    }
}

/// A value with its qualifier, in money when a currency is given:
/// `nearly 400`, `over USD 213 million` / `gần 400`, `hơn 213 triệu USD`.
pub fn format_figure(value: f64, qualifier: &str, currency: Option<&str>, lang: Lang) -> String {
    let amount = match currency {
        Some(code) => format_money_compact(value, code, lang),
        None => format_number(value, lang),
    };
    match qualifier_word(qualifier, lang) {
        "" => amount,
        word => format!("{word} {amount}"),
    }
}

/// A change with its sign, in money when a currency is given: `+208`,
/// `−USD 1.2 million`.
pub fn format_change(value: f64, currency: Option<&str>, lang: Lang) -> String {
    match currency {
        Some(code) => format!("{}{}", sign(value), format_money_compact(value.abs(), code, lang)),
        None => format_signed(value, lang),
    }
}

/// `+` for a positive value, U+2212 for a negative one, nothing for zero.
fn sign(value: f64) -> String {
    if value > 0.0 {
        "+".to_owned()
    } else if value < 0.0 {
        MINUS.to_string()
    } else {
        String::new()
    }
}

/// A percentage change with its sign: `+154.3%`, `−12%`.
pub fn format_change_percent(value: f64, lang: Lang) -> String {
    format!("{}{}", sign(value), format_percent(value.abs(), lang))
}

/// Puts the currency before (en) or after (vi) an amount.
fn with_currency(amount: &str, currency: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{currency} {amount}"),
        Lang::Vi if currency == "VND" => format!("{amount} đồng"),
        Lang::Vi => format!("{amount} {currency}"),
    }
}

/// English month names.
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Vietnamese month names.
const MONTHS_VI: [&str; 12] = [
    "tháng 1",
    "tháng 2",
    "tháng 3",
    "tháng 4",
    "tháng 5",
    "tháng 6",
    "tháng 7",
    "tháng 8",
    "tháng 9",
    "tháng 10",
    "tháng 11",
    "tháng 12",
];

/// The name of month 1–12: `July` (en), `tháng 7` (vi); `None` out of range.
pub fn month_name(month: u32, lang: Lang) -> Option<&'static str> {
    let names = match lang {
        Lang::En => &MONTHS_EN,
        Lang::Vi => &MONTHS_VI,
    };
    names.get(usize::try_from(month.checked_sub(1)?).ok()?).copied()
}

/// Month name for a month known to be 1–12.
fn month(month: u32, lang: Lang) -> &'static str {
    month_name(month, lang).unwrap_or_default()
}

/// A date as its precision allows.
///
/// en: `31 December 2023`, `July 2024`, `2024`; vi: `31/12/2023`,
/// `tháng 7/2024`, `2024`.
pub fn format_date(date: PartialDate, lang: Lang) -> String {
    let year = date.year();
    match (date.month(), date.day(), lang) {
        (Some(m), Some(d), Lang::En) => format!("{d} {} {year}", month(m, lang)),
        (Some(m), Some(d), Lang::Vi) => format!("{d}/{m}/{year}"),
        (Some(m), None, Lang::En) => format!("{} {year}", month(m, lang)),
        (Some(m), None, Lang::Vi) => format!("tháng {m}/{year}"),
        _ => year.to_string(),
    }
}

/// A span from `start` to `end`, sharing the month or year when both have it.
///
/// en: `16–18 August 2024`, `30 July – 2 August 2024`, `July–September 2024`,
/// `December 2023 – January 2024`; vi: `16–18/8/2024`, `30/7–2/8/2024`,
/// `tháng 7–9/2024`. Without an end, or with an end equal to the start, this
/// is [`format_date`]. The order is written as given, not checked.
pub fn format_date_range(start: PartialDate, end: Option<PartialDate>, lang: Lang) -> String {
    let Some(end) = end.filter(|end| *end != start) else {
        return format_date(start, lang);
    };
    let same_year = start.year() == end.year();
    let year = start.year();
    match (start.precision(), end.precision(), start.month(), end.month()) {
        (Precision::Day, Precision::Day, Some(m1), Some(m2)) if same_year => {
            let (d1, d2) = (start.day().unwrap_or(1), end.day().unwrap_or(1));
            match lang {
                Lang::En if m1 == m2 => format!("{d1}–{d2} {} {year}", month(m1, lang)),
                Lang::En => format!("{d1} {} – {d2} {} {year}", month(m1, lang), month(m2, lang)),
                Lang::Vi if m1 == m2 => format!("{d1}–{d2}/{m1}/{year}"),
                Lang::Vi => format!("{d1}/{m1}–{d2}/{m2}/{year}"),
            }
        }
        (Precision::Month, Precision::Month, Some(m1), Some(m2)) if same_year => match lang {
            Lang::En => format!("{}–{} {year}", month(m1, lang), month(m2, lang)),
            Lang::Vi => format!("tháng {m1}–{m2}/{year}"),
        },
        _ => {
            let (a, b) = (format_date(start, lang), format_date(end, lang));
            if a.contains(' ') || b.contains(' ') { format!("{a} – {b}") } else { format!("{a}–{b}") }
        }
    }
}

/// A reporting period in words.
///
/// en: `2024`, `first half of 2024`, `second half of 2024`, `Q3 2024`,
/// `July 2024`; vi: `2024`, `6 tháng đầu năm 2024`, `6 tháng cuối năm 2024`,
/// `quý III/2024`, `tháng 7/2024`.
pub fn format_period(period: Period, lang: Lang) -> String {
    let year = period.year();
    match (period, lang) {
        (Period::Year(_), _) => year.to_string(),
        (Period::Half(_, h), Lang::En) if h <= 1 => format!("first half of {year}"),
        (Period::Half(..), Lang::En) => format!("second half of {year}"),
        (Period::Half(_, h), Lang::Vi) if h <= 1 => format!("6 tháng đầu năm {year}"),
        (Period::Half(..), Lang::Vi) => format!("6 tháng cuối năm {year}"),
        (Period::Quarter(_, q), _) => {
            let q = q.clamp(1, 4);
            match lang {
                Lang::En => format!("Q{q} {year}"),
                Lang::Vi => {
                    let roman = ["I", "II", "III", "IV"][usize::from(q - 1)];
                    format!("quý {roman}/{year}")
                }
            }
        }
        (Period::Month(_, m), _) => {
            let m = u32::from(m.clamp(1, 12));
            match lang {
                Lang::En => format!("{} {year}", month(m, lang)),
                Lang::Vi => format!("tháng {m}/{year}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    fn period(text: &str) -> Period {
        Period::parse(text).unwrap()
    }

    #[test]
    fn figures_and_changes_carry_qualifier_and_sign() {
        assert_eq!(format_figure(400.0, "nearly", None, Lang::En), "nearly 400");
        assert_eq!(format_figure(213e6, "over", Some("USD"), Lang::Vi), "hơn 213 triệu USD");
        assert_eq!(format_figure(1015.0, "exact", None, Lang::Vi), "1.015");
        assert_eq!(format_change(-1.2e6, Some("USD"), Lang::En), "\u{2212}USD 1.2 million");
        assert_eq!(format_change(208.0, None, Lang::En), "+208");
        assert_eq!(format_change_percent(154.29, Lang::En), "+154.3%");
        assert_eq!(format_change_percent(0.0, Lang::En), "0%");
    }

    #[test]
    fn lang_codes() {
        assert_eq!(Lang::ALL, [Lang::En, Lang::Vi]);
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("VI"), Some(Lang::Vi));
        assert_eq!(Lang::parse(" Vi "), Some(Lang::Vi));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse("english"), None);
        assert_eq!(Lang::En.code(), "en");
        assert_eq!(Lang::Vi.to_string(), "vi");
        assert!(Lang::En < Lang::Vi);
        assert_eq!(
            "fr".parse::<Lang>().unwrap_err(),
            "unknown language \"fr\"; use \"en\" (English) or \"vi\" (Vietnamese)"
        );
    }

    #[test]
    fn lang_serde_uses_the_code() {
        assert_eq!(serde_json::to_string(&Lang::Vi).unwrap(), "\"vi\"");
        assert_eq!(serde_json::from_str::<Lang>("\"EN\"").unwrap(), Lang::En);
        let err = serde_json::from_str::<Lang>("\"fr\"").unwrap_err().to_string();
        assert!(err.contains("unknown language \"fr\""), "{err}");
        assert!(serde_json::from_str::<Lang>("1").is_err());
        #[derive(serde::Deserialize)]
        struct Config {
            languages: Vec<Lang>,
        }
        let config: Config = toml::from_str("languages = [\"vi\", \"en\"]").unwrap();
        assert_eq!(config.languages, [Lang::Vi, Lang::En]);
    }

    /// The 249 officially assigned ISO 3166-1 alpha-2 codes.
    const ALL_CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
        BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
        CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ \
        EC EE EG EH ER ES ET FI FJ FK FM FO FR \
        GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU \
        ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ \
        LA LB LC LI LK LR LS LT LU LV LY \
        MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
        NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY \
        QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
        TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ \
        VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

    #[test]
    fn country_table_has_the_249_codes_sorted_and_unique() {
        let codes: Vec<&str> = COUNTRIES.iter().map(|(code, _, _)| *code).collect();
        let expected: Vec<&str> = ALL_CODES.split_whitespace().collect();
        assert_eq!(expected.len(), 249);
        assert_eq!(codes, expected);
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        for (code, en, vi) in COUNTRIES {
            assert!(code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(!en.is_empty() && en.trim() == en, "{code}");
            assert!(!vi.is_empty() && vi.trim() == vi, "{code}");
            assert!(is_country(code));
        }
    }

    #[test]
    fn country_names() {
        let cases = [
            ("KR", "Republic of Korea", "Hàn Quốc"),
            ("KP", "Democratic People's Republic of Korea", "Triều Tiên"),
            ("JP", "Japan", "Nhật Bản"),
            ("DE", "Germany", "Đức"),
            ("RU", "Russia", "Nga"),
            ("US", "United States", "Hoa Kỳ"),
            ("TW", "Taiwan", "Đài Loan (Trung Quốc)"),
            ("LA", "Laos", "Lào"),
            ("TH", "Thailand", "Thái Lan"),
            ("FR", "France", "Pháp"),
            ("CN", "China", "Trung Quốc"),
            ("VN", "Viet Nam", "Việt Nam"),
            ("AU", "Australia", "Úc"),
            ("KH", "Cambodia", "Campuchia"),
            ("GB", "United Kingdom", "Vương quốc Anh"),
            ("IN", "India", "Ấn Độ"),
            ("AD", "Andorra", "Andorra"),
            ("ZW", "Zimbabwe", "Zimbabwe"),
        ];
        for (code, en, vi) in cases {
            assert_eq!(country_name(code, Lang::En), Some(en), "{code}");
            assert_eq!(country_name(code, Lang::Vi), Some(vi), "{code}");
        }
    }

    #[test]
    fn unknown_or_lower_case_country_codes_are_rejected() {
        for code in ["kr", "Kr", "XX", "UK", "EU", "KOR", "", "K"] {
            assert!(!is_country(code), "{code}");
            assert_eq!(country_name(code, Lang::Vi), None, "{code}");
        }
    }

    #[test]
    fn currency_table_is_sorted_unique_iso_codes() {
        assert_eq!(CURRENCIES.len(), 165);
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
        for (code, digits) in CURRENCIES {
            assert!(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(digits <= 4, "{code}");
        }
    }

    #[test]
    fn currencies_and_minor_digits() {
        let cases = [
            ("VND", 0),
            ("USD", 2),
            ("EUR", 2),
            ("JPY", 0),
            ("KRW", 0),
            ("CNY", 2),
            ("LAK", 2),
            ("THB", 2),
            ("BHD", 3),
            ("KWD", 3),
            ("CLF", 4),
            ("XCG", 2),
        ];
        for (code, digits) in cases {
            assert!(is_currency(code), "{code}");
            assert_eq!(currency_minor_digits(code), Some(digits), "{code}");
        }
        for code in ["usd", "XXX", "XAU", "HRK", "ANG", "US", "USDT", ""] {
            assert!(!is_currency(code), "{code}");
            assert_eq!(currency_minor_digits(code), None, "{code}");
        }
    }

    #[test]
    fn integers_group_thousands() {
        assert_eq!(format_decimal(1015.0, 0, Lang::En), "1,015");
        assert_eq!(format_decimal(1015.0, 0, Lang::Vi), "1.015");
        assert_eq!(format_decimal(0.0, 0, Lang::En), "0");
        assert_eq!(format_decimal(999.0, 0, Lang::En), "999");
        assert_eq!(format_decimal(100_000.0, 0, Lang::En), "100,000");
        assert_eq!(format_decimal(1_234_567.0, 0, Lang::Vi), "1.234.567");
        assert_eq!(format_decimal(-5.0, 0, Lang::En), "\u{2212}5");
        assert_eq!(format_decimal(-1234.0, 0, Lang::Vi), "\u{2212}1.234");
        assert_eq!(format_decimal(1e15, 0, Lang::En), "1,000,000,000,000,000");
    }

    #[test]
    fn decimals_trim_and_round_half_away_from_zero() {
        assert_eq!(format_decimal(4.1, 1, Lang::En), "4.1");
        assert_eq!(format_decimal(4.1, 1, Lang::Vi), "4,1");
        assert_eq!(format_decimal(4.10, 3, Lang::En), "4.1");
        assert_eq!(format_decimal(4.0, 2, Lang::En), "4");
        assert_eq!(format_decimal(4.35, 1, Lang::En), "4.4");
        assert_eq!(format_decimal(4.25, 1, Lang::En), "4.3");
        assert_eq!(format_decimal(-4.25, 1, Lang::En), "\u{2212}4.3");
        assert_eq!(format_decimal(0.125, 2, Lang::En), "0.13");
        assert_eq!(format_decimal(2.5, 0, Lang::En), "3");
        assert_eq!(format_decimal(-2.5, 0, Lang::En), "\u{2212}3");
        assert_eq!(format_decimal(9.96, 1, Lang::En), "10");
        assert_eq!(format_decimal(999.95, 1, Lang::En), "1,000");
        assert_eq!(format_decimal(1234.5678, 2, Lang::En), "1,234.57");
        assert_eq!(format_decimal(1234.5678, 2, Lang::Vi), "1.234,57");
        assert_eq!(format_decimal(0.04, 1, Lang::En), "0");
        assert_eq!(format_decimal(-0.04, 1, Lang::En), "0");
        assert_eq!(format_decimal(-0.0, 1, Lang::En), "0");
        assert_eq!(format_decimal(0.0000001, 7, Lang::En), "0.0000001");
        assert_eq!(format_decimal(1e21, 0, Lang::En), "1,000,000,000,000,000,000,000");
        assert_eq!(format_decimal(f64::NAN, 1, Lang::En), "—");
        assert_eq!(format_decimal(f64::INFINITY, 1, Lang::En), "∞");
        assert_eq!(format_decimal(f64::NEG_INFINITY, 1, Lang::En), "\u{2212}∞");
    }

    #[test]
    fn numbers_show_decimals_only_when_needed() {
        assert_eq!(format_number(1015.0, Lang::En), "1,015");
        assert_eq!(format_number(1015.0, Lang::Vi), "1.015");
        assert_eq!(format_number(4.1, Lang::Vi), "4,1");
        assert_eq!(format_number(2.345, Lang::En), "2.35");
        assert_eq!(format_number(2.999, Lang::En), "3");
        assert_eq!(format_number(-1500.5, Lang::Vi), "\u{2212}1.500,5");
    }

    #[test]
    fn percentages() {
        assert_eq!(format_percent(12.5, Lang::En), "12.5%");
        assert_eq!(format_percent(12.5, Lang::Vi), "12,5%");
        assert_eq!(format_percent(12.46, Lang::En), "12.5%");
        assert_eq!(format_percent(100.0, Lang::En), "100%");
        assert_eq!(format_percent(-3.25, Lang::Vi), "\u{2212}3,3%");
        assert_eq!(format_percent(1234.0, Lang::Vi), "1.234%");
    }

    #[test]
    fn signed_changes() {
        assert_eq!(format_signed(208.0, Lang::En), "+208");
        assert_eq!(format_signed(-5.0, Lang::En), "\u{2212}5");
        assert_eq!(format_signed(0.0, Lang::En), "0");
        assert_eq!(format_signed(-0.001, Lang::En), "0");
        assert_eq!(format_signed(1234.5, Lang::Vi), "+1.234,5");
        assert_eq!(format_signed(f64::NAN, Lang::En), "—");
        assert!(!format_signed(-5.0, Lang::Vi).contains('-'));
    }

    #[test]
    fn money_in_full() {
        assert_eq!(format_money(2_800_000.0, "USD", Lang::En), "USD 2,800,000");
        assert_eq!(format_money(2_800_000.0, "USD", Lang::Vi), "2.800.000 USD");
        assert_eq!(format_money(65_700_000_000.0, "VND", Lang::Vi), "65.700.000.000 đồng");
        assert_eq!(format_money(65_700_000_000.0, "VND", Lang::En), "VND 65,700,000,000");
        assert_eq!(format_money(2.5, "USD", Lang::En), "USD 2.50");
        assert_eq!(format_money(1234.5, "EUR", Lang::Vi), "1.234,50 EUR");
        assert_eq!(format_money(2.004, "USD", Lang::En), "USD 2");
        assert_eq!(format_money(1500.6, "VND", Lang::Vi), "1.501 đồng");
        assert_eq!(format_money(1500.6, "JPY", Lang::En), "JPY 1,501");
        assert_eq!(format_money(1.2345, "BHD", Lang::En), "BHD 1.235");
        assert_eq!(format_money(-40.0, "USD", Lang::En), "USD \u{2212}40");
        assert_eq!(format_money(3.5, "ABC", Lang::En), "ABC 3.50");
    }

    #[test]
    fn money_compact() {
        let cases = [
            (213_000_000.0, "USD", "USD 213 million", "213 triệu USD"),
            (212_600_000.0, "USD", "USD 213 million", "213 triệu USD"),
            (8_900_000.0, "USD", "USD 8.9 million", "8,9 triệu USD"),
            (8_940_000.0, "USD", "USD 8.9 million", "8,9 triệu USD"),
            (8_950_000.0, "USD", "USD 9 million", "9 triệu USD"),
            (1_000_000.0, "USD", "USD 1 million", "1 triệu USD"),
            (65_700_000_000.0, "VND", "VND 65.7 billion", "65,7 tỷ đồng"),
            (1_500_000_000_000.0, "VND", "VND 1.5 trillion", "1,5 nghìn tỷ đồng"),
            (999_960_000.0, "USD", "USD 1 billion", "1 tỷ USD"),
            (460_000.0, "USD", "USD 460,000", "460.000 USD"),
            (999_999.0, "USD", "USD 999,999", "999.999 USD"),
            (-8_900_000.0, "USD", "USD \u{2212}8.9 million", "\u{2212}8,9 triệu USD"),
            (2_500_000_000_000_000.0, "USD", "USD 2,500 trillion", "2.500 nghìn tỷ USD"),
        ];
        for (value, currency, en, vi) in cases {
            assert_eq!(format_money_compact(value, currency, Lang::En), en);
            assert_eq!(format_money_compact(value, currency, Lang::Vi), vi);
        }
    }

    #[test]
    fn month_names() {
        assert_eq!(month_name(1, Lang::En), Some("January"));
        assert_eq!(month_name(7, Lang::En), Some("July"));
        assert_eq!(month_name(12, Lang::Vi), Some("tháng 12"));
        assert_eq!(month_name(0, Lang::En), None);
        assert_eq!(month_name(13, Lang::Vi), None);
    }

    #[test]
    fn dates_by_precision() {
        assert_eq!(format_date(date("2023-12-31"), Lang::En), "31 December 2023");
        assert_eq!(format_date(date("2024-08-02"), Lang::En), "2 August 2024");
        assert_eq!(format_date(date("2024-07"), Lang::En), "July 2024");
        assert_eq!(format_date(date("2024"), Lang::En), "2024");
        assert_eq!(format_date(date("2023-12-31"), Lang::Vi), "31/12/2023");
        assert_eq!(format_date(date("2024-08-02"), Lang::Vi), "2/8/2024");
        assert_eq!(format_date(date("2024-07"), Lang::Vi), "tháng 7/2024");
        assert_eq!(format_date(date("2024"), Lang::Vi), "2024");
    }

    #[test]
    fn date_ranges() {
        let range = |a: &str, b: Option<&str>, lang| format_date_range(date(a), b.map(date), lang);
        let cases = [
            ("2024-08-16", Some("2024-08-18"), "16–18 August 2024", "16–18/8/2024"),
            ("2024-07-30", Some("2024-08-02"), "30 July – 2 August 2024", "30/7–2/8/2024"),
            ("2023-12-30", Some("2024-01-02"), "30 December 2023 – 2 January 2024", "30/12/2023–2/1/2024"),
            ("2023-12", Some("2024-01"), "December 2023 – January 2024", "tháng 12/2023 – tháng 1/2024"),
            ("2024-07", Some("2024-09"), "July–September 2024", "tháng 7–9/2024"),
            ("2023", Some("2024"), "2023–2024", "2023–2024"),
            ("2024-07", Some("2024-08-02"), "July 2024 – 2 August 2024", "tháng 7/2024 – 2/8/2024"),
            ("2024-08-16", None, "16 August 2024", "16/8/2024"),
            ("2024-08-16", Some("2024-08-16"), "16 August 2024", "16/8/2024"),
            ("2024-07", None, "July 2024", "tháng 7/2024"),
        ];
        for (start, end, en, vi) in cases {
            assert_eq!(range(start, end, Lang::En), en, "{start} {end:?}");
            assert_eq!(range(start, end, Lang::Vi), vi, "{start} {end:?}");
        }
    }

    #[test]
    fn periods_in_words() {
        let cases = [
            ("2024", "2024", "2024"),
            ("2024-H1", "first half of 2024", "6 tháng đầu năm 2024"),
            ("2024-H2", "second half of 2024", "6 tháng cuối năm 2024"),
            ("2024-Q1", "Q1 2024", "quý I/2024"),
            ("2024-Q3", "Q3 2024", "quý III/2024"),
            ("2024-Q4", "Q4 2024", "quý IV/2024"),
            ("2024-07", "July 2024", "tháng 7/2024"),
        ];
        for (text, en, vi) in cases {
            assert_eq!(format_period(period(text), Lang::En), en, "{text}");
            assert_eq!(format_period(period(text), Lang::Vi), vi, "{text}");
        }
        assert_eq!(format_period(Period::Quarter(2024, 9), Lang::Vi), "quý IV/2024");
        assert_eq!(format_period(Period::Month(2024, 0), Lang::En), "January 2024");
    }
}
