//! Calendar dates and partial dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).

use std::{cmp::Ordering, fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month};

use crate::ValidationError;

/// Parse a full calendar date `YYYY-MM-DD`, with an error that says what is wrong.
pub fn parse_date(field: &str, s: &str) -> Result<Date, ValidationError> {
    match PartialDate::parse(s).map_err(|e| e.in_field(field))? {
        PartialDate::Day(d) => Ok(d),
        _ => Err(ValidationError::new(
            field,
            format!("'{s}' is not a full date; expected YYYY-MM-DD"),
        )),
    }
}

/// A date known to the year, the month or the day, as list files and
/// registers give birth dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    /// Only the year is known.
    Year(i32),
    /// Year and month are known.
    Month(i32, Month),
    /// The full date is known.
    Day(Date),
}

const MIN_YEAR: i32 = 1800;
const MAX_YEAR: i32 = 2200;

fn parse_year(field: &str, s: &str, part: &str) -> Result<i32, ValidationError> {
    if part.len() != 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValidationError::new(
            field,
            format!("'{s}' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ));
    }
    let y: i32 = part
        .parse()
        .map_err(|_| ValidationError::new(field, format!("'{s}' has an invalid year")))?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
        return Err(ValidationError::new(
            field,
            format!("year {y} in '{s}' is out of range {MIN_YEAR}..={MAX_YEAR}"),
        ));
    }
    Ok(y)
}

fn parse_two(field: &str, s: &str, part: &str, what: &str) -> Result<u8, ValidationError> {
    if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValidationError::new(
            field,
            format!("'{s}' has an invalid {what}; expected two digits"),
        ));
    }
    part.parse()
        .map_err(|_| ValidationError::new(field, format!("'{s}' has an invalid {what}")))
}

impl PartialDate {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking the calendar
    /// (`1990-02-30` is rejected, `2000-02-29` accepted).
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        const FIELD: &str = "date";
        let s = s.trim();
        let mut parts = s.split('-');
        let y = parse_year(FIELD, s, parts.next().unwrap_or(""))?;
        let Some(m) = parts.next() else {
            return Ok(Self::Year(y));
        };
        let m = parse_two(FIELD, s, m, "month")?;
        let month = Month::try_from(m).map_err(|_| {
            ValidationError::new(FIELD, format!("'{s}' has month {m}; months are 01..12"))
        })?;
        let Some(d) = parts.next() else {
            return Ok(Self::Month(y, month));
        };
        if parts.next().is_some() {
            return Err(ValidationError::new(
                FIELD,
                format!("'{s}' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD"),
            ));
        }
        let d = parse_two(FIELD, s, d, "day")?;
        let date = Date::from_calendar_date(y, month, d).map_err(|_| {
            ValidationError::new(
                FIELD,
                format!(
                    "'{s}' does not exist: {month} {y} has {} days",
                    month.length(y)
                ),
            )
        })?;
        Ok(Self::Day(date))
    }

    /// The year, always known.
    pub fn year(&self) -> i32 {
        match self {
            Self::Year(y) | Self::Month(y, _) => *y,
            Self::Day(d) => d.year(),
        }
    }

    /// The month, when known.
    pub fn month(&self) -> Option<Month> {
        match self {
            Self::Year(_) => None,
            Self::Month(_, m) => Some(*m),
            Self::Day(d) => Some(d.month()),
        }
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<u8> {
        match self {
            Self::Day(d) => Some(d.day()),
            _ => None,
        }
    }

    /// The earliest calendar day this partial date may denote.
    pub fn earliest(&self) -> Date {
        match self {
            Self::Day(d) => *d,
            Self::Month(y, m) => Date::from_calendar_date(*y, *m, 1).unwrap_or(Date::MIN),
            Self::Year(y) => Date::from_calendar_date(*y, Month::January, 1).unwrap_or(Date::MIN),
        }
    }

    /// The latest calendar day this partial date may denote.
    pub fn latest(&self) -> Date {
        match self {
            Self::Day(d) => *d,
            Self::Month(y, m) => {
                Date::from_calendar_date(*y, *m, m.length(*y)).unwrap_or(Date::MAX)
            }
            Self::Year(y) => Date::from_calendar_date(*y, Month::December, 31).unwrap_or(Date::MAX),
        }
    }

    /// Whether a full date falls inside this partial date.
    pub fn contains(&self, d: Date) -> bool {
        self.earliest() <= d && d <= self.latest()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(y) => write!(f, "{y:04}"),
            Self::Month(y, m) => write!(f, "{y:04}-{:02}", u8::from(*m)),
            Self::Day(d) => write!(
                f,
                "{:04}-{:02}-{:02}",
                d.year(),
                u8::from(d.month()),
                d.day()
            ),
        }
    }
}

impl FromStr for PartialDate {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.earliest()
            .cmp(&other.earliest())
            .then(self.latest().cmp(&other.latest()))
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// Format a calendar date as `YYYY-MM-DD`.
pub fn format_date(d: Date) -> String {
    PartialDate::Day(d).to_string()
}

/// Serde helpers for `time::Date` as `YYYY-MM-DD`.
pub mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    /// Serialize as `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&super::format_date(*d))
    }

    /// Deserialize from `YYYY-MM-DD`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_date("date", &s).map_err(|e| serde::de::Error::custom(e.message))
    }

    /// The same for `Option<Date>`.
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};
        use time::Date;

        /// Serialize as `YYYY-MM-DD` or null.
        pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.collect_str(&super::super::format_date(*d)),
                None => s.serialize_none(),
            }
        }

        /// Deserialize from `YYYY-MM-DD` or null.
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
            let s = Option::<String>::deserialize(d)?;
            s.map(|s| {
                super::super::parse_date("date", &s)
                    .map_err(|e| serde::de::Error::custom(e.message))
            })
            .transpose()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_precisions() {
        assert_eq!(
            PartialDate::parse("1975").map(|d| d.to_string()),
            Ok("1975".into())
        );
        assert_eq!(
            PartialDate::parse("1975-03").map(|d| d.to_string()),
            Ok("1975-03".into())
        );
        assert_eq!(
            PartialDate::parse("1975-03-12").map(|d| d.to_string()),
            Ok("1975-03-12".into())
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        let e = PartialDate::parse("1990-02-30").expect_err("no such day");
        assert!(e.message.contains("February 1990 has 28 days"), "{e}");
        assert!(PartialDate::parse("1900-02-29").is_err());
        assert!(PartialDate::parse("2000-02-29").is_ok());
        for bad in [
            "",
            "75",
            "1975-13",
            "1975-3-1",
            "1975-03-12-01",
            "abcd",
            "1975-00",
            "0999",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn ranges() {
        let m = PartialDate::parse("2000-02").expect("valid");
        assert_eq!(format_date(m.latest()), "2000-02-29");
        let d = parse_date("x", "2000-02-15").expect("valid");
        assert!(m.contains(d));
        assert!(!PartialDate::Year(2001).contains(d));
    }

    proptest::proptest! {
        #[test]
        fn display_parse_round_trip(y in 1800i32..2200, m in 1u8..=12, d in 1u8..=31, p in 0u8..3) {
            let month = Month::try_from(m).expect("1..=12");
            let date = match p {
                0 => PartialDate::Year(y),
                1 => PartialDate::Month(y, month),
                _ => match Date::from_calendar_date(y, month, d) {
                    Ok(d) => PartialDate::Day(d),
                    Err(_) => return Ok(()),
                },
            };
            proptest::prop_assert_eq!(PartialDate::parse(&date.to_string()), Ok(date));
        }

        #[test]
        fn never_panics(s in "\\PC{0,16}") {
            let _ = PartialDate::parse(&s);
        }
    }
}
