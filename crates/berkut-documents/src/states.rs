//! Issuing state / nationality codes accepted in the MRZ: ISO 3166-1 alpha-3 plus the
//! ICAO Doc 9303 Part 3 exceptions (one-letter `D`, British nationality classes, UN and
//! other organisations, stateless/refugee codes, deprecated codes) and the `UTO` specimen.

use serde::Serialize;

/// What kind of code an issuing-state / nationality field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StateCodeKind {
    /// ISO 3166-1 alpha-3 country code.
    Iso3166,
    /// ICAO-specific code (Part 3 Appendix, parts A–E): `D`, `GBD`, `UNO`, `XXA`, …
    IcaoSpecial,
    /// Deprecated code still seen on old documents (`ANT`, `NTZ`).
    Deprecated,
    /// `UTO` (Utopia), the ICAO specimen state: test/training documents only.
    Specimen,
}

/// A known state or organisation code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StateCode {
    /// Code as written without filler (`D` for Germany's `D<<`).
    pub code: &'static str,
    pub name: &'static str,
    pub kind: StateCodeKind,
}

/// Looks up a code as printed in the MRZ, with or without trailing fillers (`D<<` = `D`).
pub fn lookup(code: &str) -> Option<StateCode> {
    let trimmed = code.trim_end_matches('<');
    if let Some(&(c, name, kind)) = SPECIAL.iter().find(|(c, _, _)| *c == trimmed) {
        return Some(StateCode {
            code: c,
            name,
            kind,
        });
    }
    ISO_3166_ALPHA3
        .iter()
        .find(|(c, _)| *c == trimmed)
        .map(|&(c, name)| StateCode {
            code: c,
            name,
            kind: StateCodeKind::Iso3166,
        })
}

/// ICAO Doc 9303 Part 3 codes that are not ISO 3166-1 alpha-3 country codes.
pub const SPECIAL: &[(&str, &str, StateCodeKind)] = &[
    (
        "D",
        "Germany (ICAO one-letter code, written D<<)",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "GBD",
        "British Overseas Territories Citizen",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "GBN",
        "British National (Overseas)",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "GBO",
        "British Overseas Citizen",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "GBP",
        "British Protected Person",
        StateCodeKind::IcaoSpecial,
    ),
    ("GBS", "British Subject", StateCodeKind::IcaoSpecial),
    ("RKS", "Kosovo (ICAO code)", StateCodeKind::IcaoSpecial),
    (
        "XXK",
        "Kosovo (EU temporary code)",
        StateCodeKind::IcaoSpecial,
    ),
    ("EUE", "European Union", StateCodeKind::IcaoSpecial),
    (
        "UNO",
        "United Nations Organization or one of its officials",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "UNA",
        "United Nations specialized agency or one of its officials",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "UNK",
        "Resident of Kosovo (UNMIK travel document)",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "XBA",
        "African Development Bank",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "XIM",
        "African Export-Import Bank",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "XCC",
        "Caribbean Community (CARICOM)",
        StateCodeKind::IcaoSpecial,
    ),
    ("XCE", "Council of Europe", StateCodeKind::IcaoSpecial),
    (
        "XCO",
        "Common Market for Eastern and Southern Africa (COMESA)",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "XEC",
        "Economic Community of West African States (ECOWAS)",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "XPO",
        "International Criminal Police Organization (INTERPOL)",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "XES",
        "Organisation of Eastern Caribbean States (OECS)",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "XOM",
        "Sovereign Military Order of Malta",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "XDC",
        "Southern African Development Community (SADC)",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "XXA",
        "Stateless person (1954 Convention)",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "XXB",
        "Refugee (1951 Convention / 1967 Protocol)",
        StateCodeKind::IcaoSpecial,
    ),
    (
        "XXC",
        "Refugee (other than 1951 Convention)",
        StateCodeKind::IcaoSpecial,
    ),
    ("XXX", "Unspecified nationality", StateCodeKind::IcaoSpecial),
    (
        "ANT",
        "Netherlands Antilles (deprecated)",
        StateCodeKind::Deprecated,
    ),
    (
        "NTZ",
        "Neutral Zone (deprecated)",
        StateCodeKind::Deprecated,
    ),
    ("UTO", "Utopia (ICAO specimen)", StateCodeKind::Specimen),
];

/// ISO 3166-1 alpha-3 codes with short English names.
pub const ISO_3166_ALPHA3: &[(&str, &str)] = &[
    ("ABW", "Aruba"),
    ("AFG", "Afghanistan"),
    ("AGO", "Angola"),
    ("AIA", "Anguilla"),
    ("ALA", "Åland Islands"),
    ("ALB", "Albania"),
    ("AND", "Andorra"),
    ("ARE", "United Arab Emirates"),
    ("ARG", "Argentina"),
    ("ARM", "Armenia"),
    ("ASM", "American Samoa"),
    ("ATA", "Antarctica"),
    ("ATF", "French Southern Territories"),
    ("ATG", "Antigua and Barbuda"),
    ("AUS", "Australia"),
    ("AUT", "Austria"),
    ("AZE", "Azerbaijan"),
    ("BDI", "Burundi"),
    ("BEL", "Belgium"),
    ("BEN", "Benin"),
    ("BES", "Bonaire, Sint Eustatius and Saba"),
    ("BFA", "Burkina Faso"),
    ("BGD", "Bangladesh"),
    ("BGR", "Bulgaria"),
    ("BHR", "Bahrain"),
    ("BHS", "Bahamas"),
    ("BIH", "Bosnia and Herzegovina"),
    ("BLM", "Saint Barthélemy"),
    ("BLR", "Belarus"),
    ("BLZ", "Belize"),
    ("BMU", "Bermuda"),
    ("BOL", "Bolivia"),
    ("BRA", "Brazil"),
    ("BRB", "Barbados"),
    ("BRN", "Brunei Darussalam"),
    ("BTN", "Bhutan"),
    ("BVT", "Bouvet Island"),
    ("BWA", "Botswana"),
    ("CAF", "Central African Republic"),
    ("CAN", "Canada"),
    ("CCK", "Cocos (Keeling) Islands"),
    ("CHE", "Switzerland"),
    ("CHL", "Chile"),
    ("CHN", "China"),
    ("CIV", "Côte d'Ivoire"),
    ("CMR", "Cameroon"),
    ("COD", "Congo, Democratic Republic of the"),
    ("COG", "Congo"),
    ("COK", "Cook Islands"),
    ("COL", "Colombia"),
    ("COM", "Comoros"),
    ("CPV", "Cabo Verde"),
    ("CRI", "Costa Rica"),
    ("CUB", "Cuba"),
    ("CUW", "Curaçao"),
    ("CXR", "Christmas Island"),
    ("CYM", "Cayman Islands"),
    ("CYP", "Cyprus"),
    ("CZE", "Czechia"),
    ("DEU", "Germany"),
    ("DJI", "Djibouti"),
    ("DMA", "Dominica"),
    ("DNK", "Denmark"),
    ("DOM", "Dominican Republic"),
    ("DZA", "Algeria"),
    ("ECU", "Ecuador"),
    ("EGY", "Egypt"),
    ("ERI", "Eritrea"),
    ("ESH", "Western Sahara"),
    ("ESP", "Spain"),
    ("EST", "Estonia"),
    ("ETH", "Ethiopia"),
    ("FIN", "Finland"),
    ("FJI", "Fiji"),
    ("FLK", "Falkland Islands (Malvinas)"),
    ("FRA", "France"),
    ("FRO", "Faroe Islands"),
    ("FSM", "Micronesia, Federated States of"),
    ("GAB", "Gabon"),
    ("GBR", "United Kingdom"),
    ("GEO", "Georgia"),
    ("GGY", "Guernsey"),
    ("GHA", "Ghana"),
    ("GIB", "Gibraltar"),
    ("GIN", "Guinea"),
    ("GLP", "Guadeloupe"),
    ("GMB", "Gambia"),
    ("GNB", "Guinea-Bissau"),
    ("GNQ", "Equatorial Guinea"),
    ("GRC", "Greece"),
    ("GRD", "Grenada"),
    ("GRL", "Greenland"),
    ("GTM", "Guatemala"),
    ("GUF", "French Guiana"),
    ("GUM", "Guam"),
    ("GUY", "Guyana"),
    ("HKG", "Hong Kong"),
    ("HMD", "Heard Island and McDonald Islands"),
    ("HND", "Honduras"),
    ("HRV", "Croatia"),
    ("HTI", "Haiti"),
    ("HUN", "Hungary"),
    ("IDN", "Indonesia"),
    ("IMN", "Isle of Man"),
    ("IND", "India"),
    ("IOT", "British Indian Ocean Territory"),
    ("IRL", "Ireland"),
    ("IRN", "Iran"),
    ("IRQ", "Iraq"),
    ("ISL", "Iceland"),
    ("ISR", "Israel"),
    ("ITA", "Italy"),
    ("JAM", "Jamaica"),
    ("JEY", "Jersey"),
    ("JOR", "Jordan"),
    ("JPN", "Japan"),
    ("KAZ", "Kazakhstan"),
    ("KEN", "Kenya"),
    ("KGZ", "Kyrgyzstan"),
    ("KHM", "Cambodia"),
    ("KIR", "Kiribati"),
    ("KNA", "Saint Kitts and Nevis"),
    ("KOR", "Korea, Republic of"),
    ("KWT", "Kuwait"),
    ("LAO", "Lao People's Democratic Republic"),
    ("LBN", "Lebanon"),
    ("LBR", "Liberia"),
    ("LBY", "Libya"),
    ("LCA", "Saint Lucia"),
    ("LIE", "Liechtenstein"),
    ("LKA", "Sri Lanka"),
    ("LSO", "Lesotho"),
    ("LTU", "Lithuania"),
    ("LUX", "Luxembourg"),
    ("LVA", "Latvia"),
    ("MAC", "Macao"),
    ("MAF", "Saint Martin (French part)"),
    ("MAR", "Morocco"),
    ("MCO", "Monaco"),
    ("MDA", "Moldova"),
    ("MDG", "Madagascar"),
    ("MDV", "Maldives"),
    ("MEX", "Mexico"),
    ("MHL", "Marshall Islands"),
    ("MKD", "North Macedonia"),
    ("MLI", "Mali"),
    ("MLT", "Malta"),
    ("MMR", "Myanmar"),
    ("MNE", "Montenegro"),
    ("MNG", "Mongolia"),
    ("MNP", "Northern Mariana Islands"),
    ("MOZ", "Mozambique"),
    ("MRT", "Mauritania"),
    ("MSR", "Montserrat"),
    ("MTQ", "Martinique"),
    ("MUS", "Mauritius"),
    ("MWI", "Malawi"),
    ("MYS", "Malaysia"),
    ("MYT", "Mayotte"),
    ("NAM", "Namibia"),
    ("NCL", "New Caledonia"),
    ("NER", "Niger"),
    ("NFK", "Norfolk Island"),
    ("NGA", "Nigeria"),
    ("NIC", "Nicaragua"),
    ("NIU", "Niue"),
    ("NLD", "Netherlands"),
    ("NOR", "Norway"),
    ("NPL", "Nepal"),
    ("NRU", "Nauru"),
    ("NZL", "New Zealand"),
    ("OMN", "Oman"),
    ("PAK", "Pakistan"),
    ("PAN", "Panama"),
    ("PCN", "Pitcairn"),
    ("PER", "Peru"),
    ("PHL", "Philippines"),
    ("PLW", "Palau"),
    ("PNG", "Papua New Guinea"),
    ("POL", "Poland"),
    ("PRI", "Puerto Rico"),
    ("PRK", "Korea, Democratic People's Republic of"),
    ("PRT", "Portugal"),
    ("PRY", "Paraguay"),
    ("PSE", "Palestine, State of"),
    ("PYF", "French Polynesia"),
    ("QAT", "Qatar"),
    ("REU", "Réunion"),
    ("ROU", "Romania"),
    ("RUS", "Russian Federation"),
    ("RWA", "Rwanda"),
    ("SAU", "Saudi Arabia"),
    ("SDN", "Sudan"),
    ("SEN", "Senegal"),
    ("SGP", "Singapore"),
    ("SGS", "South Georgia and the South Sandwich Islands"),
    ("SHN", "Saint Helena, Ascension and Tristan da Cunha"),
    ("SJM", "Svalbard and Jan Mayen"),
    ("SLB", "Solomon Islands"),
    ("SLE", "Sierra Leone"),
    ("SLV", "El Salvador"),
    ("SMR", "San Marino"),
    ("SOM", "Somalia"),
    ("SPM", "Saint Pierre and Miquelon"),
    ("SRB", "Serbia"),
    ("SSD", "South Sudan"),
    ("STP", "Sao Tome and Principe"),
    ("SUR", "Suriname"),
    ("SVK", "Slovakia"),
    ("SVN", "Slovenia"),
    ("SWE", "Sweden"),
    ("SWZ", "Eswatini"),
    ("SXM", "Sint Maarten (Dutch part)"),
    ("SYC", "Seychelles"),
    ("SYR", "Syrian Arab Republic"),
    ("TCA", "Turks and Caicos Islands"),
    ("TCD", "Chad"),
    ("TGO", "Togo"),
    ("THA", "Thailand"),
    ("TJK", "Tajikistan"),
    ("TKL", "Tokelau"),
    ("TKM", "Turkmenistan"),
    ("TLS", "Timor-Leste"),
    ("TON", "Tonga"),
    ("TTO", "Trinidad and Tobago"),
    ("TUN", "Tunisia"),
    ("TUR", "Türkiye"),
    ("TUV", "Tuvalu"),
    ("TWN", "Taiwan, Province of China"),
    ("TZA", "Tanzania, United Republic of"),
    ("UGA", "Uganda"),
    ("UKR", "Ukraine"),
    ("UMI", "United States Minor Outlying Islands"),
    ("URY", "Uruguay"),
    ("USA", "United States of America"),
    ("UZB", "Uzbekistan"),
    ("VAT", "Holy See"),
    ("VCT", "Saint Vincent and the Grenadines"),
    ("VEN", "Venezuela"),
    ("VGB", "Virgin Islands (British)"),
    ("VIR", "Virgin Islands (U.S.)"),
    ("VNM", "Viet Nam"),
    ("VUT", "Vanuatu"),
    ("WLF", "Wallis and Futuna"),
    ("WSM", "Samoa"),
    ("YEM", "Yemen"),
    ("ZAF", "South Africa"),
    ("ZMB", "Zambia"),
    ("ZWE", "Zimbabwe"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_table_is_sorted_unique_and_complete() {
        assert_eq!(ISO_3166_ALPHA3.len(), 249, "ISO 3166-1 has 249 entries");
        for pair in ISO_3166_ALPHA3.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} !< {}", pair[0].0, pair[1].0);
        }
        for (code, _) in ISO_3166_ALPHA3 {
            assert!(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()));
        }
    }

    #[test]
    fn special_codes_do_not_shadow_iso_codes() {
        for (code, _, _) in SPECIAL {
            assert!(!ISO_3166_ALPHA3.iter().any(|(c, _)| c == code), "{code}");
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(lookup("KAZ").map(|s| s.kind), Some(StateCodeKind::Iso3166));
        assert_eq!(lookup("D<<").map(|s| s.code), Some("D"));
        assert_eq!(
            lookup("XXA").map(|s| s.kind),
            Some(StateCodeKind::IcaoSpecial)
        );
        assert_eq!(lookup("UTO").map(|s| s.kind), Some(StateCodeKind::Specimen));
        assert_eq!(
            lookup("NTZ").map(|s| s.kind),
            Some(StateCodeKind::Deprecated)
        );
        assert!(lookup("BOS").is_none());
        assert!(lookup("ASU").is_none());
        assert!(lookup("UT0").is_none());
        assert!(lookup("").is_none());
        assert!(lookup("<<<").is_none());
    }
}
