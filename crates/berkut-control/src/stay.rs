//! Authorised stays: how long a foreigner may stay after an entry, and who
//! has overstayed.
//!
//! Rules are configuration ([`StayRules`]): a default rule and overrides per
//! nationality, per purpose, or both. Each rule has a per-entry limit and a
//! rolling window ("90 days in any 180"), either of which may be absent.
//! The most specific override wins: nationality + purpose, then nationality,
//! then purpose, then the default; among equally specific overrides the
//! first listed wins.
//!
//! Counting convention: a stay's days run from its entry day to its exit day,
//! both included (the usual 90/180 reading); with
//! [`StayRules::entry_day_counts`] set to `false` the entry day is not
//! counted. A day on which a person left and came back counts once. The
//! window of a stay counts every earlier day of presence, whatever the
//! purpose of the earlier stays, plus the stay's own days.
//!
//! Invariants (property-tested against a day-by-day simulation):
//! - `allowed_until` is the last day on which neither the per-entry limit
//!   nor the window is exceeded, and the next day exceeds one of them;
//! - the window count of a continuing stay never decreases, so the first
//!   day over the window ends the lawful stay;
//! - `days_over = last present day - allowed_until` when positive, else no
//!   overstay.

use berkut_domain::{CountryCode, LegalGround, ValidationError, format_date, iso_date};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::calendar::{add_days, days_between};

/// Why a person came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Tourism.
    Tourism,
    /// Business trip, negotiations.
    Business,
    /// Private visit (family, friends).
    Private,
    /// Work (under a permit or an EAEU contract).
    Work,
    /// Study.
    Study,
    /// Medical treatment.
    Medical,
    /// Transit.
    Transit,
    /// Anything else.
    Other,
}

/// A rolling window: at most `max_days` of presence in any `period_days`
/// consecutive days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// Most days of presence in the period.
    pub max_days: u32,
    /// Length of the period in days.
    pub period_days: u32,
}

/// One authorised-stay rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayRule {
    /// Name reported with every finding (`visa_free_default`).
    pub name: String,
    /// Most consecutive days per entry; `None`: no per-entry limit.
    #[serde(default)]
    pub per_entry_days: Option<u32>,
    /// Rolling window; `None`: no window.
    #[serde(default)]
    pub window: Option<Window>,
}

/// A rule for some nationality, purpose, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayOverride {
    /// Applies to this nationality only (any when absent).
    #[serde(default)]
    pub nationality: Option<CountryCode>,
    /// Applies to this purpose only (any when absent).
    #[serde(default)]
    pub purpose: Option<Purpose>,
    /// The rule.
    pub rule: StayRule,
}

/// The authorised-stay rules.
///
/// Default: one rule, `visa_free_default`, 30 days per entry and 90 days in
/// any 180, for every nationality and purpose — the visa-free regime the
/// reference notes record (standards.md §5.4: "≤30 days per entry, ≤90 days
/// in 180"; stays over 30 days need a temporary residence permit). The notes
/// do not give the regimes of other nationalities (EAEU members, visa
/// countries) or purposes (work under a permit, study): add them as
/// `overrides`, none is guessed here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StayRules {
    /// The rule when no override applies.
    pub default: StayRule,
    /// Rules per nationality and/or purpose.
    pub overrides: Vec<StayOverride>,
    /// Whether the entry day counts as a day of stay (default `true`; the
    /// exit day always counts).
    pub entry_day_counts: bool,
}

impl Default for StayRules {
    fn default() -> Self {
        Self {
            default: StayRule {
                name: "visa_free_default".into(),
                per_entry_days: Some(30),
                window: Some(Window {
                    max_days: 90,
                    period_days: 180,
                }),
            },
            overrides: Vec::new(),
            entry_day_counts: true,
        }
    }
}

fn check_rule(field: &str, r: &StayRule) -> Result<(), ValidationError> {
    if r.name.trim().is_empty() {
        return Err(ValidationError::new(
            format!("{field}.name"),
            "is required and must not be empty",
        ));
    }
    if r.per_entry_days == Some(0) {
        return Err(ValidationError::new(
            format!("{field}.per_entry_days"),
            "must be at least 1 (leave it out for no per-entry limit)",
        ));
    }
    if let Some(w) = r.window {
        // a window as long as its maximum never limits anything
        if w.max_days == 0 || w.max_days >= w.period_days {
            return Err(ValidationError::new(
                format!("{field}.window"),
                format!(
                    "{} days in {} is not a window; need 1 <= max_days < period_days",
                    w.max_days, w.period_days
                ),
            ));
        }
        if w.period_days > 3660 {
            return Err(ValidationError::new(
                format!("{field}.window.period_days"),
                "is longer than ten years",
            ));
        }
    }
    Ok(())
}

impl StayRules {
    /// Check a configuration: names present, limits positive, windows sane.
    pub fn validate(&self) -> Result<(), ValidationError> {
        check_rule("default", &self.default)?;
        for (i, o) in self.overrides.iter().enumerate() {
            check_rule(&format!("overrides[{i}].rule"), &o.rule)?;
            if o.nationality.is_none() && o.purpose.is_none() {
                return Err(ValidationError::new(
                    format!("overrides[{i}]"),
                    "names neither a nationality nor a purpose; change `default` instead",
                ));
            }
        }
        Ok(())
    }

    /// The rule for a nationality and purpose.
    pub fn rule_for(&self, nationality: CountryCode, purpose: Purpose) -> &StayRule {
        let mut best: Option<(u8, &StayRule)> = None;
        for o in &self.overrides {
            let n = match o.nationality {
                Some(c) if c != nationality => continue,
                Some(_) => 2,
                None => 0,
            };
            let p = match o.purpose {
                Some(x) if x != purpose => continue,
                Some(_) => 1,
                None => 0,
            };
            let rank = n + p;
            if best.is_none_or(|(b, _)| rank > b) {
                best = Some((rank, &o.rule));
            }
        }
        best.map_or(&self.default, |(_, r)| r)
    }

    fn offset(&self) -> i64 {
        if self.entry_day_counts { 0 } else { 1 }
    }
}

/// One entry (and maybe exit) of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayRecord {
    /// Day of entry.
    #[serde(with = "iso_date")]
    pub entry: Date,
    /// Day of exit; `None` while the person is in the country.
    #[serde(default, with = "iso_date::option")]
    pub exit: Option<Date>,
    /// Nationality of the document the person entered on.
    pub nationality: CountryCode,
    /// Declared purpose.
    pub purpose: Purpose,
}

/// Entry/exit records that cannot be one person's history.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StayError {
    /// An exit before its own entry.
    #[error("{field}: exit {exit} is before entry {entry}")]
    ExitBeforeEntry {
        /// `records[i].exit`.
        field: String,
        /// Entry day.
        entry: String,
        /// Exit day.
        exit: String,
    },
    /// An entry while an earlier entry is still open (no exit).
    #[error("{field}: entry on {entry} while records[{open}] (entered {open_entry}) has no exit")]
    OpenEntryOverlaps {
        /// `records[j].entry` of the later entry.
        field: String,
        /// Its day.
        entry: String,
        /// Index of the open record.
        open: usize,
        /// Entry day of the open record.
        open_entry: String,
    },
    /// An entry before the previous stay's exit.
    #[error("{field}: entry on {entry} is before the exit on {exit} of records[{previous}]")]
    Overlap {
        /// `records[j].entry`.
        field: String,
        /// Its day.
        entry: String,
        /// Index of the earlier record.
        previous: usize,
        /// Exit of the earlier record.
        exit: String,
    },
    /// The rules themselves are invalid.
    #[error(transparent)]
    Rules(#[from] ValidationError),
}

impl StayError {
    /// The input field at fault.
    pub fn field(&self) -> &str {
        match self {
            Self::ExitBeforeEntry { field, .. }
            | Self::OpenEntryOverlaps { field, .. }
            | Self::Overlap { field, .. } => field,
            Self::Rules(v) => &v.field,
        }
    }
}

/// Which limit a stay ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Limit {
    /// The per-entry limit.
    PerEntry {
        /// Days per entry.
        days: u32,
    },
    /// The rolling window.
    Window {
        /// Most days in the period.
        max_days: u32,
        /// The period.
        period_days: u32,
    },
}

/// A stay past its allowed end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overstay {
    /// Days present after `allowed_until` (up to the exit or the assessment day).
    pub days_over: u32,
    /// First unlawful day.
    #[serde(with = "iso_date")]
    pub since: Date,
    /// The rule that was exceeded.
    pub rule: String,
    /// Which of its limits.
    pub limit: Limit,
}

impl Overstay {
    /// A one-line reason for an alert.
    pub fn reason(&self) -> String {
        let limit = match self.limit {
            Limit::PerEntry { days } => format!("{days} days per entry"),
            Limit::Window {
                max_days,
                period_days,
            } => format!("{max_days} days in {period_days}"),
        };
        format!(
            "overstay of {} day(s) since {} ({}: {limit})",
            self.days_over,
            format_date(self.since),
            self.rule
        )
    }

    /// The ban an officer may confirm for this overstay: ground
    /// `migration_violation`, with the reason as its basis text. Its term is
    /// for the officer to set (the reference notes do not give one).
    pub fn ban_proposal(&self) -> BanProposal {
        BanProposal {
            ground: LegalGround::MigrationViolation,
            basis: self.reason(),
        }
    }
}

/// A proposed ban, for an officer to confirm or drop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanProposal {
    /// Always `migration_violation` for an overstay.
    pub ground: LegalGround,
    /// The finding it rests on.
    pub basis: String,
}

/// The assessment of one stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayAssessment {
    /// Index of the record in the input.
    pub record: usize,
    /// Entry day.
    #[serde(with = "iso_date")]
    pub entry: Date,
    /// Exit day, if any.
    #[serde(with = "iso_date::option")]
    pub exit: Option<Date>,
    /// The rule applied.
    pub rule: String,
    /// Last lawful day; `None` when the rule sets no limit. It is the day
    /// before the first counted day when the window was full on entry.
    #[serde(with = "iso_date::option")]
    pub allowed_until: Option<Date>,
    /// The limit that sets `allowed_until`.
    pub limited_by: Option<Limit>,
    /// The overstay on the assessment day, if any.
    pub overstay: Option<Overstay>,
}

/// Presence days in a rolling window ending on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollingCount {
    /// Days of presence in the period ending on the assessment day.
    pub days: u32,
    /// The rule's maximum.
    pub max_days: u32,
    /// The period.
    pub period_days: u32,
}

/// All stays of a person on an assessment day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayReport {
    /// Stays that began on or before the assessment day, in entry order.
    pub stays: Vec<StayAssessment>,
    /// The rolling count under the window of the latest stay's rule.
    pub rolling: Option<RollingCount>,
}

impl StayReport {
    /// Overstays found.
    pub fn overstays(&self) -> impl Iterator<Item = (&StayAssessment, &Overstay)> {
        self.stays
            .iter()
            .filter_map(|s| s.overstay.as_ref().map(|o| (s, o)))
    }
}

/// Sorted, validated intervals of counted presence days.
struct History {
    /// `(first counted day, last counted day)`, clipped to the assessment
    /// day, in order, non-overlapping.
    spans: Vec<(Date, Date)>,
}

impl History {
    fn present(&self, d: Date) -> bool {
        let i = self.spans.partition_point(|&(a, _)| a <= d);
        i > 0 && self.spans.get(i - 1).is_some_and(|&(_, b)| d <= b)
    }

    /// Days present in `[from, to]`.
    fn count(&self, from: Date, to: Date) -> u32 {
        let mut n = 0i64;
        for &(a, b) in &self.spans {
            let lo = a.max(from);
            let hi = b.min(to);
            if lo <= hi {
                n += days_between(lo, hi) + 1;
            }
        }
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

fn validate(records: &[StayRecord]) -> Result<Vec<usize>, StayError> {
    for (i, r) in records.iter().enumerate() {
        if let Some(x) = r.exit
            && x < r.entry
        {
            return Err(StayError::ExitBeforeEntry {
                field: format!("records[{i}].exit"),
                entry: format_date(r.entry),
                exit: format_date(x),
            });
        }
    }
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by_key(|&i| (records[i].entry, i));
    for w in order.windows(2) {
        let (p, j) = (w[0], w[1]);
        let (prev, cur) = (&records[p], &records[j]);
        match prev.exit {
            None => {
                return Err(StayError::OpenEntryOverlaps {
                    field: format!("records[{j}].entry"),
                    entry: format_date(cur.entry),
                    open: p,
                    open_entry: format_date(prev.entry),
                });
            }
            Some(x) if cur.entry < x => {
                return Err(StayError::Overlap {
                    field: format!("records[{j}].entry"),
                    entry: format_date(cur.entry),
                    previous: p,
                    exit: format_date(x),
                });
            }
            Some(_) => {}
        }
    }
    Ok(order)
}

/// Assess every stay of one person on day `at`.
///
/// Records may come in any order; they must not overlap (an exit on the day
/// of the next entry is fine). Stays that begin after `at` are left out.
pub fn assess(
    records: &[StayRecord],
    at: Date,
    rules: &StayRules,
) -> Result<StayReport, StayError> {
    rules.validate()?;
    let order = validate(records)?;
    let off = rules.offset();
    let mut history = History { spans: Vec::new() };
    let mut stays = Vec::new();
    let mut last_rule: Option<&StayRule> = None;
    for i in order {
        let r = &records[i];
        if r.entry > at {
            continue;
        }
        let rule = rules.rule_for(r.nationality, r.purpose);
        last_rule = Some(rule);
        let first = add_days(r.entry, off);
        // never count a day twice: a same-day re-entry starts after the last span
        let first = match history.spans.last() {
            Some(&(_, b)) if first <= b => add_days(b, 1),
            _ => first,
        };
        let per_entry_end = rule
            .per_entry_days
            .map(|n| add_days(first, i64::from(n) - 1));
        let window_end = rule.window.map(|w| window_end(&history, first, w));
        let (allowed_until, limited_by) = match (per_entry_end, window_end) {
            (None, None) => (None, None),
            (Some(p), None) => (
                Some(p),
                rule.per_entry_days.map(|days| Limit::PerEntry { days }),
            ),
            (None, Some(w)) => (Some(w), rule.window.map(window_limit)),
            (Some(p), Some(w)) if p <= w => (
                Some(p),
                rule.per_entry_days.map(|days| Limit::PerEntry { days }),
            ),
            (Some(_), Some(w)) => (Some(w), rule.window.map(window_limit)),
        };
        let last = r.exit.unwrap_or(at).min(at);
        let overstay = match (allowed_until, limited_by) {
            (Some(u), Some(limit)) if last > u => Some(Overstay {
                days_over: u32::try_from(days_between(u, last)).unwrap_or(u32::MAX),
                since: add_days(u, 1),
                rule: rule.name.clone(),
                limit,
            }),
            _ => None,
        };
        if first <= last {
            history.spans.push((first, last));
        }
        stays.push(StayAssessment {
            record: i,
            entry: r.entry,
            exit: r.exit,
            rule: rule.name.clone(),
            allowed_until,
            limited_by,
            overstay,
        });
    }
    let rolling = last_rule.and_then(|r| r.window).map(|w| RollingCount {
        days: history.count(add_days(at, 1 - i64::from(w.period_days)), at),
        max_days: w.max_days,
        period_days: w.period_days,
    });
    Ok(StayReport { stays, rolling })
}

fn window_limit(w: Window) -> Limit {
    Limit::Window {
        max_days: w.max_days,
        period_days: w.period_days,
    }
}

/// The last day a stay counted from `first` keeps the window, given the
/// earlier presence in `history` (all before `first`).
///
/// The count for day `e` is the earlier presence in `[e-P+1, e]` plus the
/// stay's own `e - first + 1` days; moving to `e+1` adds one day and drops
/// at most one, so the count never decreases and the first day over the
/// maximum ends the lawful stay. The count is at least
/// `min(e - first + 1, period_days)`, so with `max_days < period_days`
/// (checked by [`StayRules::validate`]) that day is `first + max_days` at
/// the latest; the loop is bounded by it all the same.
fn window_end(history: &History, first: Date, w: Window) -> Date {
    let p = i64::from(w.period_days);
    let mut count = history.count(add_days(first, 1 - p), first) + 1;
    let mut e = first;
    let latest = add_days(first, i64::from(w.max_days));
    while count <= w.max_days && e < latest {
        // step to e+1: the day e+1-P leaves the window
        let leaving = add_days(e, 1 - p);
        let own = leaving >= first;
        if own || history.present(leaving) {
            count -= 1;
        }
        e = add_days(e, 1);
        count += 1;
    }
    add_days(e, -1)
}

/// Days present in the `period_days` ending on `at` (both ends included),
/// open stays counting up to `at`.
pub fn days_present(
    records: &[StayRecord],
    at: Date,
    period_days: u32,
    rules: &StayRules,
) -> Result<u32, StayError> {
    let order = validate(records)?;
    let mut spans: Vec<(Date, Date)> = Vec::new();
    for i in order {
        let r = &records[i];
        let first = add_days(r.entry, rules.offset());
        let first = match spans.last() {
            Some(&(_, b)) if first <= b => add_days(b, 1),
            _ => first,
        };
        let last = r.exit.unwrap_or(at).min(at);
        if first <= last {
            spans.push((first, last));
        }
    }
    let h = History { spans };
    Ok(h.count(add_days(at, 1 - i64::from(period_days)), at))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::calendar::day;

    fn uzb() -> CountryCode {
        CountryCode::parse("UZB").expect("code")
    }

    fn rec(entry: &str, exit: Option<&str>) -> StayRecord {
        StayRecord {
            entry: day(entry),
            exit: exit.map(day),
            nationality: uzb(),
            purpose: Purpose::Tourism,
        }
    }

    #[test]
    fn single_open_stay_table() {
        let rules = StayRules::default();
        // (entry, exit, at, allowed_until, days_over)
        let cases = [
            ("2026-01-01", None, "2026-01-30", "2026-01-30", 0),
            ("2026-01-01", None, "2026-01-31", "2026-01-30", 1),
            ("2026-01-01", None, "2026-03-01", "2026-01-30", 30),
            (
                "2026-01-01",
                Some("2026-02-05"),
                "2026-06-01",
                "2026-01-30",
                6,
            ),
            (
                "2026-01-01",
                Some("2026-01-30"),
                "2026-06-01",
                "2026-01-30",
                0,
            ),
        ];
        for (entry, exit, at, until, over) in cases {
            let r = assess(&[rec(entry, exit)], day(at), &rules).expect("valid");
            let s = &r.stays[0];
            assert_eq!(s.allowed_until, Some(day(until)), "{entry} {exit:?} {at}");
            assert_eq!(
                s.overstay.as_ref().map_or(0, |o| o.days_over),
                over,
                "{entry} {exit:?} {at}"
            );
            assert_eq!(s.limited_by, Some(Limit::PerEntry { days: 30 }));
            assert_eq!(s.rule, "visa_free_default");
        }
    }

    #[test]
    fn window_limits_repeated_stays() {
        // three 30-day stays use the 90 days; a fourth entry inside the
        // 180-day window has no day left until old days leave the window
        let rules = StayRules::default();
        let recs = [
            rec("2026-01-01", Some("2026-01-30")),
            rec("2026-02-01", Some("2026-03-02")),
            rec("2026-03-04", Some("2026-04-02")),
            rec("2026-04-05", None),
        ];
        let r = assess(&recs, day("2026-04-10"), &rules).expect("valid");
        let last = &r.stays[3];
        assert_eq!(
            last.limited_by,
            Some(Limit::Window {
                max_days: 90,
                period_days: 180
            })
        );
        // window on 2026-04-05 is [2025-10-08, 2026-04-05]: 90 days used
        assert_eq!(last.allowed_until, Some(day("2026-04-04")));
        let o = last.overstay.as_ref().expect("overstay");
        assert_eq!(o.days_over, 6);
        assert_eq!(o.since, day("2026-04-05"));
        assert!(o.reason().contains("90 days in 180"), "{}", o.reason());
        assert_eq!(o.ban_proposal().ground, LegalGround::MigrationViolation);
        assert_eq!(
            r.rolling,
            Some(RollingCount {
                days: 96,
                max_days: 90,
                period_days: 180
            })
        );
        assert_eq!(r.overstays().count(), 1);
    }

    #[test]
    fn same_day_reentry_counts_the_day_once() {
        let rules = StayRules::default();
        let recs = [
            rec("2026-01-01", Some("2026-01-10")),
            rec("2026-01-10", None),
        ];
        assert_eq!(days_present(&recs, day("2026-01-20"), 180, &rules), Ok(20));
        let r = assess(&recs, day("2026-01-20"), &rules).expect("valid");
        // the second stay's days start on the 11th
        assert_eq!(r.stays[1].allowed_until, Some(day("2026-02-09")));
    }

    #[test]
    fn overrides_most_specific_wins() {
        let kgz = CountryCode::parse("KGZ").expect("code");
        let mut rules = StayRules::default();
        let rule = |name: &str, days| StayRule {
            name: name.into(),
            per_entry_days: Some(days),
            window: None,
        };
        rules.overrides = vec![
            StayOverride {
                nationality: None,
                purpose: Some(Purpose::Study),
                rule: rule("study", 365),
            },
            StayOverride {
                nationality: Some(kgz),
                purpose: None,
                rule: rule("kgz", 90),
            },
            StayOverride {
                nationality: Some(kgz),
                purpose: Some(Purpose::Study),
                rule: rule("kgz_study", 200),
            },
        ];
        assert_eq!(rules.validate(), Ok(()));
        assert_eq!(rules.rule_for(kgz, Purpose::Study).name, "kgz_study");
        assert_eq!(rules.rule_for(kgz, Purpose::Tourism).name, "kgz");
        assert_eq!(rules.rule_for(uzb(), Purpose::Study).name, "study");
        assert_eq!(
            rules.rule_for(uzb(), Purpose::Tourism).name,
            "visa_free_default"
        );
        let json = serde_json::to_string(&rules).expect("serialises");
        assert_eq!(
            serde_json::from_str::<StayRules>(&json).expect("parses"),
            rules
        );
    }

    #[test]
    fn config_from_json_with_defaults() {
        let rules: StayRules = serde_json::from_str(
            r#"{"overrides": [{"nationality": "RUS", "rule": {"name": "eaeu", "window": {"max_days": 90, "period_days": 180}}}]}"#,
        )
        .expect("parses");
        assert_eq!(rules.default.per_entry_days, Some(30));
        let rus = CountryCode::parse("RUS").expect("code");
        let r = assess(
            &[StayRecord {
                entry: day("2026-01-01"),
                exit: None,
                nationality: rus,
                purpose: Purpose::Work,
            }],
            day("2026-03-01"),
            &rules,
        )
        .expect("valid");
        assert_eq!(r.stays[0].rule, "eaeu");
        assert_eq!(r.stays[0].allowed_until, Some(day("2026-03-31")));
        assert!(r.stays[0].overstay.is_none());
    }

    #[test]
    fn bad_rules_name_the_field() {
        let mut rules = StayRules::default();
        rules.default.window = Some(Window {
            max_days: 200,
            period_days: 180,
        });
        assert_eq!(
            rules.validate().map_err(|e| e.field),
            Err("default.window".into())
        );
        let mut rules = StayRules::default();
        rules.default.window = Some(Window {
            max_days: 90,
            period_days: 90,
        });
        assert_eq!(
            rules.validate().map_err(|e| e.field),
            Err("default.window".into())
        );
        let mut rules = StayRules::default();
        rules.overrides.push(StayOverride {
            nationality: None,
            purpose: None,
            rule: rules.default.clone(),
        });
        assert_eq!(
            rules.validate().map_err(|e| e.field),
            Err("overrides[0]".into())
        );
    }

    #[test]
    fn bad_records_name_the_field() {
        let rules = StayRules::default();
        let at = day("2026-06-01");
        let cases: [(Vec<StayRecord>, &str); 3] = [
            (
                vec![rec("2026-01-10", Some("2026-01-09"))],
                "records[0].exit",
            ),
            (
                vec![rec("2026-02-01", None), rec("2026-01-01", None)],
                "records[0].entry",
            ),
            (
                vec![
                    rec("2026-01-01", Some("2026-01-20")),
                    rec("2026-01-15", Some("2026-01-25")),
                ],
                "records[1].entry",
            ),
        ];
        for (recs, field) in cases {
            let e = assess(&recs, at, &rules).expect_err(field);
            assert_eq!(e.field(), field, "{e}");
        }
    }

    #[test]
    fn no_limits_means_no_overstay() {
        let mut rules = StayRules::default();
        rules.default.per_entry_days = None;
        rules.default.window = None;
        let r = assess(&[rec("2020-01-01", None)], day("2026-01-01"), &rules).expect("valid");
        assert_eq!(r.stays[0].allowed_until, None);
        assert!(r.stays[0].overstay.is_none());
        assert!(r.rolling.is_none());
    }

    /// Day-by-day reference: the set of counted days, and for the last stay
    /// the first day that breaks a limit.
    fn simulate(records: &[StayRecord], at: Date, rules: &StayRules) -> Vec<(Option<Date>, u32)> {
        use std::collections::BTreeSet;
        let mut idx: Vec<usize> = (0..records.len()).collect();
        idx.sort_by_key(|&i| records[i].entry);
        let mut present: BTreeSet<Date> = BTreeSet::new();
        let mut out = Vec::new();
        for i in idx {
            let r = &records[i];
            if r.entry > at {
                continue;
            }
            let rule = rules.rule_for(r.nationality, r.purpose);
            let mut d = add_days(r.entry, rules.offset());
            while present.contains(&d) {
                d = add_days(d, 1);
            }
            let first = d;
            // allowed_until: walk forward as if present every day
            let mut trial = present.clone();
            let mut e = first;
            let allowed = if rule.per_entry_days.is_none() && rule.window.is_none() {
                None
            } else {
                loop {
                    trial.insert(e);
                    let own = days_between(first, e) + 1;
                    let per_ok = rule.per_entry_days.is_none_or(|n| own <= i64::from(n));
                    let win_ok = rule.window.is_none_or(|w| {
                        let from = add_days(e, 1 - i64::from(w.period_days));
                        trial.range(from..=e).count() <= w.max_days as usize
                    });
                    if !(per_ok && win_ok) {
                        break Some(add_days(e, -1));
                    }
                    e = add_days(e, 1);
                }
            };
            let last = r.exit.unwrap_or(at).min(at);
            let mut x = first;
            while x <= last {
                present.insert(x);
                x = add_days(x, 1);
            }
            let over = match allowed {
                Some(u) if last > u => u32::try_from(days_between(u, last)).unwrap_or(0),
                _ => 0,
            };
            out.push((allowed, over));
        }
        out
    }

    fn history() -> impl Strategy<Value = (Vec<StayRecord>, i64)> {
        // gaps and lengths in days; the last stay may be open
        (
            proptest::collection::vec((0i64..120, 0i64..60), 1..6),
            any::<bool>(),
            0i64..200,
        )
            .prop_map(|(parts, open, tail)| {
                let mut d = day("2025-01-01");
                let mut recs = Vec::new();
                let n = parts.len();
                for (k, (gap, len)) in parts.into_iter().enumerate() {
                    d = add_days(d, gap);
                    let exit = add_days(d, len);
                    recs.push(StayRecord {
                        entry: d,
                        exit: if open && k + 1 == n { None } else { Some(exit) },
                        nationality: CountryCode::parse("UZB").expect("code"),
                        purpose: if k % 2 == 0 {
                            Purpose::Tourism
                        } else {
                            Purpose::Business
                        },
                    });
                    d = exit;
                }
                (recs, tail)
            })
    }

    fn rules_strategy() -> impl Strategy<Value = StayRules> {
        (
            proptest::option::of(1u32..60),
            proptest::option::of((1u32..100, 1u32..200)),
            any::<bool>(),
        )
            .prop_map(|(per, win, entry_day)| StayRules {
                default: StayRule {
                    name: "r".into(),
                    per_entry_days: per,
                    window: win.map(|(m, extra)| Window {
                        max_days: m,
                        period_days: m + extra,
                    }),
                },
                overrides: vec![StayOverride {
                    nationality: None,
                    purpose: Some(Purpose::Business),
                    rule: StayRule {
                        name: "business".into(),
                        per_entry_days: Some(20),
                        window: win.map(|(m, extra)| Window {
                            max_days: m,
                            period_days: m + extra,
                        }),
                    },
                }],
                entry_day_counts: entry_day,
            })
    }

    proptest! {
        #[test]
        fn assessment_matches_day_by_day_simulation((recs, tail) in history(), rules in rules_strategy()) {
            let last = recs.last().map(|r| r.exit.unwrap_or(r.entry)).unwrap_or(day("2025-01-01"));
            let at = add_days(last, tail);
            let report = assess(&recs, at, &rules).expect("generated histories are valid");
            let sim = simulate(&recs, at, &rules);
            prop_assert_eq!(report.stays.len(), sim.len());
            for (s, (allowed, over)) in report.stays.iter().zip(&sim) {
                prop_assert_eq!(s.allowed_until, *allowed);
                prop_assert_eq!(s.overstay.as_ref().map_or(0, |o| o.days_over), *over);
                if let (Some(u), Some(o)) = (s.allowed_until, &s.overstay) {
                    prop_assert_eq!(o.since, add_days(u, 1));
                }
                if let (Some(u), Some(Limit::PerEntry { days })) = (s.allowed_until, s.limited_by) {
                    prop_assert!(days_between(s.entry, u) < i64::from(days) + 1);
                }
            }
            if let Some(r) = report.rolling {
                prop_assert!(r.days <= r.period_days);
                prop_assert_eq!(Ok(r.days), days_present(&recs, at, r.period_days, &rules));
            }
        }

        #[test]
        fn rolling_count_is_bounded_by_period_and_stays(
            (recs, tail) in history(), period in 1u32..400
        ) {
            let rules = StayRules::default();
            let last = recs.last().map(|r| r.exit.unwrap_or(r.entry)).unwrap_or(day("2025-01-01"));
            let at = add_days(last, tail);
            let n = days_present(&recs, at, period, &rules).expect("valid");
            prop_assert!(n <= period);
            let total: i64 = recs.iter().map(|r| days_between(r.entry, r.exit.unwrap_or(at).min(at)) + 1).sum();
            prop_assert!(i64::from(n) <= total);
            // a longer period never counts fewer days
            prop_assert!(days_present(&recs, at, period + 1, &rules).expect("valid") >= n);
        }
    }
}
