//! Nationality and issuing-state codes: ISO 3166-1 alpha-3 plus the ICAO
//! Doc 9303 Part 3 special codes.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ValidationError;

/// ISO 3166-1 alpha-3 codes of current states and territories, sorted.
const ISO_ALPHA3: &[&str] = &[
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA",
    "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM",
    "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD",
    "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN",
    "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ",
    "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE",
    "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS",
    "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL",
    "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK",
    "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP",
    "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL",
    "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY",
    "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF",
    "ZMB", "ZWE",
];

/// ICAO Doc 9303 Part 3 special codes (and deprecated codes still seen on
/// documents), sorted. `D` is Germany's one-letter code, written `D<<`.
const ICAO_SPECIAL: &[&str] = &[
    "ANT", "D", "EUE", "GBD", "GBN", "GBO", "GBP", "GBS", "NTZ", "RKS", "UNA", "UNK", "UNO", "XBA",
    "XCC", "XCE", "XCO", "XDC", "XEC", "XES", "XIM", "XOM", "XPO", "XXA", "XXB", "XXC", "XXK",
    "XXX",
];

/// A nationality or issuing-state code: ISO 3166-1 alpha-3, or an ICAO
/// special code (`D`, `GBD`, `UNO`, `XXA`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 3]);

impl CountryCode {
    /// Kazakhstan.
    pub const KAZ: CountryCode = CountryCode(*b"KAZ");

    /// Parse a code; case and MRZ filler (`D<<`) are tolerated.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let up = s.trim().trim_end_matches('<').to_ascii_uppercase();
        let known = ISO_ALPHA3.binary_search(&up.as_str()).is_ok()
            || ICAO_SPECIAL.binary_search(&up.as_str()).is_ok();
        if !known {
            return Err(ValidationError::new(
                "nationality",
                format!("'{s}' is not an ISO 3166-1 alpha-3 or ICAO country code"),
            ));
        }
        let mut b = [b' '; 3];
        b[..up.len()].copy_from_slice(up.as_bytes());
        Ok(Self(b))
    }

    /// The code as text (`KAZ`, `D`).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???").trim_end()
    }

    /// Whether this is an ICAO special code rather than an ISO state.
    pub fn is_icao_special(&self) -> bool {
        ICAO_SPECIAL.binary_search(&self.as_str()).is_ok()
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_unique() {
        assert!(ISO_ALPHA3.windows(2).all(|w| w[0] < w[1]));
        assert!(ICAO_SPECIAL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ISO_ALPHA3.len(), 249);
    }

    #[test]
    fn parses_iso_and_special() {
        assert_eq!(
            CountryCode::parse("kaz").map(|c| c.to_string()),
            Ok("KAZ".into())
        );
        assert_eq!(
            CountryCode::parse("D<<").map(|c| c.to_string()),
            Ok("D".into())
        );
        assert!(CountryCode::parse("XXA").is_ok_and(|c| c.is_icao_special()));
        assert!(CountryCode::parse("KAZ").is_ok_and(|c| !c.is_icao_special()));
        for bad in ["", "KZ", "QQQ", "KAZA", "ЖЖЖ"] {
            assert!(CountryCode::parse(bad).is_err(), "{bad}");
        }
    }
}
