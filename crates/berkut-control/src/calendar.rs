//! Day arithmetic: adding days and months, counting working days.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, Weekday};

/// `d + n` days, saturating at the ends of the calendar.
pub fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(Duration::days(n))
        .unwrap_or(if n < 0 { Date::MIN } else { Date::MAX })
}

/// Whole days from `a` to `b` (`b - a`; negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    (b - a).whole_days()
}

/// The same day `n` months later; a day the target month lacks becomes its
/// last day (`2026-01-31` + 1 month = `2026-02-28`).
pub fn add_months(d: Date, n: u32) -> Date {
    let total = i64::from(d.year()) * 12 + i64::from(u8::from(d.month()) - 1) + i64::from(n);
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(i32::MAX);
    let m = u8::try_from(total.rem_euclid(12) + 1).unwrap_or(12);
    let month = Month::try_from(m).unwrap_or(Month::December);
    let day = d.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MAX)
}

/// The same day `n` months earlier, clamped like [`add_months`].
pub fn months_before(d: Date, n: u32) -> Date {
    let total = i64::from(d.year()) * 12 + i64::from(u8::from(d.month()) - 1) - i64::from(n);
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(i32::MIN);
    let m = u8::try_from(total.rem_euclid(12) + 1).unwrap_or(1);
    let month = Month::try_from(m).unwrap_or(Month::January);
    let day = d.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MIN)
}

/// How a deadline of N days is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCount {
    /// Every day counts.
    Calendar,
    /// Monday to Friday, except configured holidays.
    Working,
}

/// Which days are not working days besides Saturdays and Sundays.
///
/// Empty by default: Kazakhstan's public holidays and the government's
/// yearly day transfers are not in the reference notes, so they are
/// configuration (list every holiday date, or the fixed month-days), not a
/// table in the code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkCalendar {
    /// Individual non-working dates (holidays, transferred days off).
    #[serde(with = "dates")]
    pub holidays: Vec<Date>,
    /// Non-working days every year, as `(month, day)`.
    pub yearly: Vec<(u8, u8)>,
    /// Saturdays or Sundays made working days by a transfer.
    #[serde(with = "dates")]
    pub working_weekends: Vec<Date>,
}

impl WorkCalendar {
    /// Whether `d` is a working day.
    pub fn is_working(&self, d: Date) -> bool {
        if self.working_weekends.contains(&d) {
            return true;
        }
        if matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
            return false;
        }
        !(self.holidays.contains(&d)
            || self
                .yearly
                .iter()
                .any(|&(m, day)| u8::from(d.month()) == m && d.day() == day))
    }

    /// The day `n` counted days after `from` (`from` itself not counted).
    /// With [`DayCount::Working`], the result is the n-th working day after
    /// `from`; `n = 0` gives `from`.
    pub fn after(&self, from: Date, n: u32, count: DayCount) -> Date {
        match count {
            DayCount::Calendar => add_days(from, i64::from(n)),
            DayCount::Working => {
                let mut d = from;
                let mut left = n;
                // a calendar without a single working day in a year is a
                // configuration error; stop rather than loop for ever
                let mut guard = 0u32;
                while left > 0 && guard < n.saturating_mul(366).max(366) {
                    d = add_days(d, 1);
                    guard += 1;
                    if self.is_working(d) {
                        left -= 1;
                    }
                }
                d
            }
        }
    }
}

mod dates {
    use serde::{Deserialize, Deserializer, Serializer, ser::SerializeSeq};
    use time::Date;

    pub fn serialize<S: Serializer>(v: &[Date], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for d in v {
            seq.serialize_element(&berkut_domain::format_date(*d))?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|s| {
                berkut_domain::parse_date("holidays", s)
                    .map_err(|e| serde::de::Error::custom(e.message))
            })
            .collect()
    }
}

#[cfg(test)]
pub(crate) fn day(s: &str) -> Date {
    berkut_domain::parse_date("test", s).expect("test date")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn months_clamp_to_month_end() {
        let cases = [
            ("2026-01-31", 1, "2026-02-28"),
            ("2028-01-31", 1, "2028-02-29"),
            ("2026-01-15", 12, "2027-01-15"),
            ("2026-11-30", 3, "2027-02-28"),
            ("2026-05-10", 0, "2026-05-10"),
        ];
        for (from, n, want) in cases {
            assert_eq!(add_months(day(from), n), day(want), "{from} + {n}");
        }
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let cal = WorkCalendar {
            holidays: vec![day("2026-12-16")],
            yearly: vec![(1, 1)],
            working_weekends: vec![],
        };
        // Friday 2026-11-27 + 3 working days = Wednesday 2026-12-02
        assert_eq!(
            cal.after(day("2026-11-27"), 3, DayCount::Working),
            day("2026-12-02")
        );
        // Tuesday 2026-12-15 + 1: the 16th is a holiday
        assert_eq!(
            cal.after(day("2026-12-15"), 1, DayCount::Working),
            day("2026-12-17")
        );
        // Thursday 2026-12-31 + 1: Friday 1 January is a yearly holiday,
        // then the weekend
        assert_eq!(
            cal.after(day("2026-12-31"), 1, DayCount::Working),
            day("2027-01-04")
        );
        assert_eq!(
            cal.after(day("2026-11-27"), 3, DayCount::Calendar),
            day("2026-11-30")
        );
        let json = serde_json::to_string(&cal).expect("serialises");
        assert_eq!(
            serde_json::from_str::<WorkCalendar>(&json).expect("parses"),
            cal
        );
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (0i64..40_000).prop_map(|n| add_days(day("1950-01-01"), n))
    }

    proptest! {
        #[test]
        fn add_months_stays_in_target_month(d in any_date(), n in 0u32..40) {
            let r = add_months(d, n);
            let months = (r.year() - d.year()) * 12 + i32::from(u8::from(r.month())) - i32::from(u8::from(d.month()));
            prop_assert_eq!(months, i32::try_from(n).expect("small"));
            prop_assert!(r.day() <= d.day());
            prop_assert!(r >= d);
        }

        #[test]
        fn working_deadline_counts_exactly_n_working_days(d in any_date(), n in 0u32..30, hol in proptest::collection::vec(0i64..60, 0..6)) {
            let cal = WorkCalendar {
                holidays: hol.iter().map(|k| add_days(d, *k)).collect(),
                ..WorkCalendar::default()
            };
            let end = cal.after(d, n, DayCount::Working);
            let mut k = 0;
            let mut x = d;
            while x < end {
                x = add_days(x, 1);
                if cal.is_working(x) {
                    k += 1;
                }
            }
            prop_assert_eq!(k, n);
            prop_assert!(n == 0 || cal.is_working(end));
            prop_assert!(days_between(d, end) >= i64::from(n));
        }
    }
}
