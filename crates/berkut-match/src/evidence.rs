//! Comparators for the evidence besides the name: birth dates, nationality,
//! sex and document numbers. Each returns a score adjustment and a reason.

/// A birth date that may lack its month or day (`1975`, `1975-03`, `1975-03-12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// Year.
    pub year: u16,
    /// Month 1–12, if known.
    pub month: Option<u8>,
    /// Day 1–31, if known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parse `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `DD.MM.YYYY`.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let (y, m, d) = if s.contains('.') {
            let p: Vec<&str> = s.split('.').collect();
            match p.as_slice() {
                [d, m, y] => (*y, Some(*m), Some(*d)),
                _ => return None,
            }
        } else {
            let mut p = s.split('-');
            (p.next()?, p.next(), p.next())
        };
        if y.len() != 4 {
            return None;
        }
        let year: u16 = y.parse().ok()?;
        let month = match m {
            Some(m) => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day = match d {
            Some(d) => Some(d.parse::<u8>().ok().filter(|d| (1..=31).contains(d))?),
            None => None,
        };
        if month.is_none() && day.is_some() {
            return None;
        }
        Some(Self { year, month, day })
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// Outcome of comparing two birth dates, strongest agreement first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateAgreement {
    /// Same full date.
    Exact,
    /// Equal as far as both are known (one is partial).
    SamePrecision,
    /// Day and month swapped (`1980-01-02` vs `1980-02-01`).
    DayMonthSwap,
    /// Same year, different month or day.
    SameYear,
    /// Years one apart.
    NearYear,
    /// Years more than one apart.
    Different,
}

/// Compare two partial dates.
pub fn compare_dates(a: &PartialDate, b: &PartialDate) -> DateAgreement {
    if a.year.abs_diff(b.year) > 1 {
        return DateAgreement::Different;
    }
    if a.year != b.year {
        return DateAgreement::NearYear;
    }
    match (a.month, a.day, b.month, b.day) {
        (Some(m1), Some(d1), Some(m2), Some(d2)) => {
            if m1 == m2 && d1 == d2 {
                DateAgreement::Exact
            } else if m1 == d2 && d1 == m2 {
                DateAgreement::DayMonthSwap
            } else {
                DateAgreement::SameYear
            }
        }
        (Some(m1), _, Some(m2), _) if m1 != m2 => DateAgreement::SameYear,
        _ => DateAgreement::SamePrecision,
    }
}

/// Normalise a document number for comparison: upper-case alphanumerics
/// with OCR-confusable letters folded to digits (O→0, I/L→1, Z→2, S→5, B→8, G→6).
pub fn normalize_document(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| match c.to_ascii_uppercase() {
            'O' | 'Q' | 'D' => '0',
            'I' | 'L' => '1',
            'Z' => '2',
            'S' => '5',
            'B' => '8',
            'G' => '6',
            c => c,
        })
        .collect()
}

/// Normalise a nationality to an ISO 3166 alpha-3 code where we know it
/// (alpha-2 codes and common English names of the region), else upper case.
pub fn normalize_country(s: &str) -> String {
    let u: String = s.trim().to_uppercase();
    let code = match u.as_str() {
        "KZ" | "KAZAKHSTAN" => "KAZ",
        "RU" | "RUSSIA" | "RUSSIAN FEDERATION" => "RUS",
        "UA" | "UKRAINE" => "UKR",
        "BY" | "BELARUS" => "BLR",
        "UZ" | "UZBEKISTAN" => "UZB",
        "KG" | "KYRGYZSTAN" => "KGZ",
        "TJ" | "TAJIKISTAN" => "TJK",
        "TM" | "TURKMENISTAN" => "TKM",
        "AZ" | "AZERBAIJAN" => "AZE",
        "AM" | "ARMENIA" => "ARM",
        "GE" | "GEORGIA" => "GEO",
        "CN" | "CHINA" => "CHN",
        "TR" | "TURKEY" | "TÜRKIYE" | "TURKIYE" => "TUR",
        "AF" | "AFGHANISTAN" => "AFG",
        "PK" | "PAKISTAN" => "PAK",
        "IR" | "IRAN" => "IRN",
        "IQ" | "IRAQ" => "IRQ",
        "SY" | "SYRIA" => "SYR",
        "EG" | "EGYPT" => "EGY",
        "SA" | "SAUDI ARABIA" => "SAU",
        "YE" | "YEMEN" => "YEM",
        "DE" | "GERMANY" => "DEU",
        "US" | "UNITED STATES" | "USA" => "USA",
        "GB" | "UNITED KINGDOM" => "GBR",
        "D" => "DEU",
        _ => return u,
    };
    code.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_dates() {
        assert_eq!(
            PartialDate::parse("1975"),
            Some(PartialDate {
                year: 1975,
                month: None,
                day: None
            })
        );
        assert_eq!(PartialDate::parse("1975-03").and_then(|d| d.month), Some(3));
        assert_eq!(
            PartialDate::parse("12.03.1975").map(|d| d.to_string()),
            Some("1975-03-12".into())
        );
        assert_eq!(PartialDate::parse("1975-13-01"), None);
        assert_eq!(PartialDate::parse("75"), None);
    }

    #[test]
    fn date_agreements() {
        let p = |s: &str| {
            PartialDate::parse(s).unwrap_or(PartialDate {
                year: 0,
                month: None,
                day: None,
            })
        };
        assert_eq!(
            compare_dates(&p("1980-01-02"), &p("1980-02-01")),
            DateAgreement::DayMonthSwap
        );
        assert_eq!(
            compare_dates(&p("1980"), &p("1980-02-01")),
            DateAgreement::SamePrecision
        );
        assert_eq!(
            compare_dates(&p("1981"), &p("1980-02-01")),
            DateAgreement::NearYear
        );
        assert_eq!(
            compare_dates(&p("1975-05-05"), &p("1980-01-02")),
            DateAgreement::Different
        );
    }

    #[test]
    fn documents_fold_ocr_confusables() {
        assert_eq!(
            normalize_document("N-1234567"),
            normalize_document("n1234567")
        );
        assert_eq!(normalize_document("AB O12I"), normalize_document("A8 0121"));
    }
}
