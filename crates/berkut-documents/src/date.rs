//! MRZ dates: `YYMMDD` without century, where parts of a date of birth may be unknown (`<<`).

use serde::Serialize;
use time::{Date, Month};

/// A date as printed in the MRZ. The raw text is always kept; parts are `None` when printed
/// as `<<` (unknown) or when they are not two digits (then `well_formed` is false).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MrzDate {
    /// The six characters as printed.
    pub raw: String,
    /// Two-digit year (0..=99) as printed.
    pub year: Option<u8>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// Every part is either two digits or `<<`.
    pub well_formed: bool,
}

/// How to choose the century of a two-digit year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CenturyRule {
    /// Dates of birth: the latest century that does not put the date after the reference date.
    NotAfterReference,
    /// Expiry / validity dates: the year within reference − 50 … reference + 49.
    AroundReference,
}

impl MrzDate {
    /// Parses the six printed characters. Never fails: see `well_formed`.
    pub fn from_mrz(raw: &str) -> Self {
        let bytes = raw.as_bytes();
        let mut well_formed = bytes.len() == 6;
        let mut part = |i: usize| -> Option<u8> {
            match bytes.get(i..i + 2) {
                Some([a @ b'0'..=b'9', b @ b'0'..=b'9']) => Some((a - b'0') * 10 + (b - b'0')),
                Some(b"<<") => None,
                _ => {
                    well_formed = false;
                    None
                }
            }
        };
        let (year, month, day) = (part(0), part(2), part(4));
        MrzDate {
            raw: raw.to_owned(),
            year,
            month,
            day,
            well_formed,
        }
    }

    /// All three parts are known digits.
    pub fn is_complete(&self) -> bool {
        self.year.is_some() && self.month.is_some() && self.day.is_some()
    }

    /// Well-formed but with at least one part written `<<`.
    pub fn is_partial(&self) -> bool {
        self.well_formed && !self.is_complete()
    }

    /// The known parts are possible calendar values (month 1–12; the day exists in that month
    /// for at least one century when the year is known, e.g. `000229` is fine because of 2000).
    pub fn is_plausible(&self) -> bool {
        if !self.well_formed {
            return false;
        }
        if let Some(m) = self.month
            && !(1..=12).contains(&m)
        {
            return false;
        }
        match (self.day, self.month) {
            (Some(d), Some(m)) => {
                let Ok(month) = Month::try_from(m) else {
                    return false;
                };
                let max = match self.year {
                    // Some century makes it a leap year (2000 for 00, any for other multiples of 4).
                    Some(y) => month.length(2000 + i32::from(y)),
                    None => month.length(2000),
                };
                (1..=max).contains(&d)
            }
            (Some(d), None) => (1..=31).contains(&d),
            _ => true,
        }
    }

    /// Four-digit year chosen with `rule` relative to `reference`.
    pub fn resolve_year(&self, reference: Date, rule: CenturyRule) -> Option<i32> {
        let yy = i32::from(self.year?);
        let ref_year = reference.year();
        match rule {
            CenturyRule::AroundReference => {
                let low = ref_year - 50;
                let mut year = low - low.rem_euclid(100) + yy;
                if year < low {
                    year += 100;
                }
                Some(year)
            }
            CenturyRule::NotAfterReference => {
                let mut year = ref_year - ref_year.rem_euclid(100) + yy;
                if year > ref_year {
                    year -= 100;
                }
                if year == ref_year {
                    // Same two-digit year: a month/day later than the reference means a century ago.
                    let month = self.month.unwrap_or(1);
                    let day = self.day.unwrap_or(1);
                    if (month, day) > (u8::from(reference.month()), reference.day()) {
                        year -= 100;
                    }
                }
                Some(year)
            }
        }
    }

    /// Full calendar date, if all parts are known and form a real date in the chosen century.
    pub fn resolve(&self, reference: Date, rule: CenturyRule) -> Option<Date> {
        let year = self.resolve_year(reference, rule)?;
        let month = Month::try_from(self.month?).ok()?;
        Date::from_calendar_date(year, month, self.day?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn parses_full_and_partial_dates() {
        let d = MrzDate::from_mrz("740812");
        assert_eq!((d.year, d.month, d.day), (Some(74), Some(8), Some(12)));
        assert!(d.is_complete() && d.well_formed && d.is_plausible());

        let p = MrzDate::from_mrz("85<<<<");
        assert_eq!((p.year, p.month, p.day), (Some(85), None, None));
        assert!(p.is_partial() && p.is_plausible());

        let bad = MrzDate::from_mrz("7SIOZS");
        assert!(!bad.well_formed && !bad.is_partial() && !bad.is_plausible());
        assert_eq!(bad.raw, "7SIOZS");
        assert!(!MrzDate::from_mrz("74081").well_formed);
    }

    #[test]
    fn plausibility() {
        assert!(!MrzDate::from_mrz("741301").is_plausible());
        assert!(!MrzDate::from_mrz("740231").is_plausible());
        assert!(MrzDate::from_mrz("000229").is_plausible());
        assert!(!MrzDate::from_mrz("010229").is_plausible());
        assert!(!MrzDate::from_mrz("740800").is_plausible());
    }

    #[test]
    fn birth_century_is_never_after_reference() {
        let today = date!(2025 - 06 - 15);
        let rule = CenturyRule::NotAfterReference;
        assert_eq!(
            MrzDate::from_mrz("740812").resolve_year(today, rule),
            Some(1974)
        );
        assert_eq!(
            MrzDate::from_mrz("250101").resolve_year(today, rule),
            Some(2025)
        );
        assert_eq!(
            MrzDate::from_mrz("250616").resolve_year(today, rule),
            Some(1925)
        );
        assert_eq!(
            MrzDate::from_mrz("260101").resolve_year(today, rule),
            Some(1926)
        );
        assert_eq!(
            MrzDate::from_mrz("85<<<<").resolve_year(today, rule),
            Some(1985)
        );
        assert_eq!(MrzDate::from_mrz("<<<<<<").resolve_year(today, rule), None);
    }

    #[test]
    fn expiry_century_window() {
        let today = date!(2025 - 06 - 15);
        let rule = CenturyRule::AroundReference;
        assert_eq!(
            MrzDate::from_mrz("491231").resolve_year(today, rule),
            Some(2049)
        );
        assert_eq!(
            MrzDate::from_mrz("961210").resolve_year(today, rule),
            Some(1996)
        );
        assert_eq!(
            MrzDate::from_mrz("741231").resolve_year(today, rule),
            Some(2074)
        );
        assert_eq!(
            MrzDate::from_mrz("751231").resolve_year(today, rule),
            Some(1975)
        );
    }

    #[test]
    fn resolve_checks_the_calendar_in_the_chosen_century() {
        let rule = CenturyRule::NotAfterReference;
        assert_eq!(
            MrzDate::from_mrz("000229").resolve(date!(2025 - 01 - 01), rule),
            Some(date!(2000 - 02 - 29))
        );
        // Reference in 1999: 00 → 1900, which was not a leap year.
        assert_eq!(
            MrzDate::from_mrz("000229").resolve(date!(1999 - 01 - 01), rule),
            None
        );
    }
}
