//! Employers of foreign workers, work permits, hiring and termination
//! notifications, and the local-staff share.
//!
//! Facts from the reference notes (standards.md §5.3–5.4): permits are
//! issued for 1 to 12 months, in categories 1 (heads and deputies),
//! 2 (heads of structural divisions), 3 (specialists) and 4 (skilled
//! workers), valid only in the named territory; citizens of Kazakhstan must
//! make up at least 70 % of the staff in categories 1–2 and 90 % in 3–4;
//! intra-corporate transferees (ICT) are outside the quota and at most 50 %
//! of the Kazakh staff of their category. Hosts notify a foreigner's
//! arrival within 3 working days; the deadline for an *employer's* hiring
//! and termination notifications is not in the notes, so it is
//! configuration ([`NotificationRules`]) whose default borrows the 3
//! working days.

use berkut_documents::{KzId, KzIdError, classify_kz_id};
use berkut_domain::{Person, PersonInput, ValidationError, format_date, iso_date, parse_date};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::calendar::{DayCount, WorkCalendar, add_days, add_months, days_between};
use crate::territory::TerritorialUnit;

/// How an employer is identified.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "number", rename_all = "snake_case")]
pub enum EmployerId {
    /// A legal entity, by its BIN.
    Bin(String),
    /// An individual entrepreneur, by the IIN they trade under.
    Iin(String),
}

impl EmployerId {
    /// The 12 digits.
    pub fn number(&self) -> &str {
        match self {
            Self::Bin(s) | Self::Iin(s) => s,
        }
    }

    /// Parse a number that must be a BIN (`field` names the input).
    pub fn bin(field: &str, s: &str) -> Result<Self, ValidationError> {
        berkut_documents::parse_bin(s.trim())
            .map(|b| Self::Bin(b.value))
            .map_err(|e| ValidationError::new(field, format!("'{s}' is not a valid BIN: {e}")))
    }

    /// Parse a number that must be an IIN (`field` names the input).
    pub fn iin(field: &str, s: &str) -> Result<Self, ValidationError> {
        berkut_documents::parse_iin(s.trim())
            .map(|i| Self::Iin(i.value))
            .map_err(|e| ValidationError::new(field, format!("'{s}' is not a valid IIN: {e}")))
    }

    /// Parse a 12-digit number that may be either (told apart by digit 5).
    pub fn any(field: &str, s: &str) -> Result<Self, ValidationError> {
        match classify_kz_id(s.trim()) {
            Ok(KzId::Bin(b)) => Ok(Self::Bin(b.value)),
            Ok(KzId::Iin(i)) => Ok(Self::Iin(i.value)),
            Err(e @ (KzIdError::Length { .. } | KzIdError::NonDigit { .. })) => Err(
                ValidationError::new(field, format!("'{s}' is not a BIN or IIN: {e}")),
            ),
            Err(e) => Err(ValidationError::new(field, format!("'{s}': {e}"))),
        }
    }
}

impl std::fmt::Display for EmployerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Bin(s) => write!(f, "BIN {s}"),
            Self::Iin(s) => write!(f, "IIN {s}"),
        }
    }
}

/// An employer as users give it: exactly one of `bin` and `iin`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmployerInput {
    /// BIN of a legal entity.
    pub bin: Option<String>,
    /// IIN of an individual entrepreneur.
    pub iin: Option<String>,
    /// Registered name.
    pub name: String,
    /// Territorial unit (code or name).
    pub region: String,
}

/// A validated employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employer {
    /// BIN or IIN.
    pub id: EmployerId,
    /// Registered name.
    pub name: String,
    /// Where it is registered (and inspected).
    pub region: TerritorialUnit,
}

fn text(field: &str, s: &str, max: usize) -> Result<String, ValidationError> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return Err(ValidationError::new(
            field,
            "is required and must not be empty",
        ));
    }
    if t.chars().count() > max {
        return Err(ValidationError::new(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(t)
}

impl EmployerInput {
    /// Validate: a valid BIN or IIN (not both), a name, a known region.
    pub fn validate(&self) -> Result<Employer, ValidationError> {
        let present = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.trim().is_empty());
        let id = match (present(&self.bin), present(&self.iin)) {
            (true, true) => {
                return Err(ValidationError::new(
                    "iin",
                    "give either a BIN (legal entity) or an IIN (individual entrepreneur), not both",
                ));
            }
            (false, false) => {
                return Err(ValidationError::new(
                    "bin",
                    "a BIN (legal entity) or an IIN (individual entrepreneur) is required",
                ));
            }
            (true, false) => EmployerId::bin("bin", self.bin.as_deref().unwrap_or(""))?,
            (false, true) => EmployerId::iin("iin", self.iin.as_deref().unwrap_or(""))?,
        };
        Ok(Employer {
            id,
            name: text("name", &self.name, 300)?,
            region: TerritorialUnit::parse(&self.region)?,
        })
    }
}

/// Work-permit category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Category {
    /// 1: heads and their deputies.
    Heads,
    /// 2: heads of structural divisions.
    DivisionHeads,
    /// 3: specialists.
    Specialists,
    /// 4: skilled workers.
    SkilledWorkers,
}

impl Category {
    /// All four, in order.
    pub const ALL: [Category; 4] = [
        Self::Heads,
        Self::DivisionHeads,
        Self::Specialists,
        Self::SkilledWorkers,
    ];

    /// 1..=4.
    pub fn number(self) -> u8 {
        match self {
            Self::Heads => 1,
            Self::DivisionHeads => 2,
            Self::Specialists => 3,
            Self::SkilledWorkers => 4,
        }
    }

    /// Parse 1..=4.
    pub fn from_number(n: u8) -> Result<Self, ValidationError> {
        match n {
            1 => Ok(Self::Heads),
            2 => Ok(Self::DivisionHeads),
            3 => Ok(Self::Specialists),
            4 => Ok(Self::SkilledWorkers),
            _ => Err(ValidationError::new(
                "category",
                format!("{n} is not a permit category; expected 1, 2, 3 or 4"),
            )),
        }
    }

    /// The local-share group: categories 1–2 or 3–4.
    pub fn group(self) -> ShareGroup {
        match self {
            Self::Heads | Self::DivisionHeads => ShareGroup::Management,
            Self::Specialists | Self::SkilledWorkers => ShareGroup::Staff,
        }
    }
}

impl TryFrom<u8> for Category {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        Self::from_number(n).map_err(|e| e.message)
    }
}

impl From<Category> for u8 {
    fn from(c: Category) -> u8 {
        c.number()
    }
}

/// A work permit as users give it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PermitInput {
    /// Permit number.
    pub number: String,
    /// 1..=4.
    pub category: u8,
    /// Territory it is valid in (code or name).
    pub region: String,
    /// Position held.
    pub position: String,
    /// First day, `YYYY-MM-DD`.
    pub valid_from: String,
    /// Last day, `YYYY-MM-DD`.
    pub valid_to: String,
    /// Issued to an intra-corporate transferee (outside the quota).
    pub intra_corporate_transfer: bool,
}

/// A validated work permit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permit {
    /// Permit number.
    pub number: String,
    /// Category.
    pub category: Category,
    /// Territory it is valid in.
    pub region: TerritorialUnit,
    /// Position held.
    pub position: String,
    /// First day.
    #[serde(with = "iso_date")]
    pub valid_from: Date,
    /// Last day.
    #[serde(with = "iso_date")]
    pub valid_to: Date,
    /// Intra-corporate transferee.
    pub intra_corporate_transfer: bool,
}

/// Shortest and longest permit, in months (standards.md §5.3: "from 1 to 12
/// months").
pub const PERMIT_MONTHS: (u32, u32) = (1, 12);

impl PermitInput {
    /// Validate: number, category 1–4, region, position, dates in order and
    /// a term of 1 to 12 months (`valid_to` on or after the day before the
    /// same day one month later, and no later than the day before the same
    /// day twelve months later; month ends clamp).
    pub fn validate(&self) -> Result<Permit, ValidationError> {
        let number = text("number", &self.number, 50)?;
        if !number
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '.' | ' '))
        {
            return Err(ValidationError::new(
                "number",
                format!("'{number}' has characters other than letters, digits, '-', '/', '.'"),
            ));
        }
        let category = Category::from_number(self.category)?;
        let region = TerritorialUnit::parse(&self.region)?;
        let position = text("position", &self.position, 200)?;
        let valid_from = parse_date("valid_from", &self.valid_from)?;
        let valid_to = parse_date("valid_to", &self.valid_to)?;
        if valid_to < valid_from {
            return Err(ValidationError::new(
                "valid_to",
                format!(
                    "{} is before valid_from {}",
                    format_date(valid_to),
                    format_date(valid_from)
                ),
            ));
        }
        let (lo, hi) = PERMIT_MONTHS;
        let shortest = add_days(add_months(valid_from, lo), -1);
        let longest = add_days(add_months(valid_from, hi), -1);
        if valid_to < shortest || valid_to > longest {
            return Err(ValidationError::new(
                "valid_to",
                format!(
                    "a permit runs {lo} to {hi} months: from {} it must end between {} and {}, not {}",
                    format_date(valid_from),
                    format_date(shortest),
                    format_date(longest),
                    format_date(valid_to)
                ),
            ));
        }
        Ok(Permit {
            number,
            category,
            region,
            position,
            valid_from,
            valid_to,
            intra_corporate_transfer: self.intra_corporate_transfer,
        })
    }
}

impl Permit {
    /// Whether the permit covers `day`.
    pub fn valid_on(&self, day: Date) -> bool {
        self.valid_from <= day && day <= self.valid_to
    }
}

/// A foreign worker as users give it.
#[derive(Debug, Clone, Deserialize)]
pub struct WorkerInput {
    /// Identity: id, names in any script, birth date, nationality,
    /// documents (as `berkut-domain` takes a person).
    pub person: PersonInput,
    /// IIN, when the worker has one.
    #[serde(default)]
    pub iin: Option<String>,
    /// The employer's BIN or IIN.
    pub employer: String,
    /// The work permit; required unless `permit_exempt`.
    #[serde(default)]
    pub permit: Option<PermitInput>,
    /// Works without a permit by right (EAEU nationals).
    #[serde(default)]
    pub permit_exempt: bool,
    /// Day of hiring, `YYYY-MM-DD`.
    pub hired: String,
}

/// A validated foreign worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Worker {
    /// Identity.
    pub person: Person,
    /// IIN, validated.
    pub iin: Option<String>,
    /// Employer.
    pub employer: EmployerId,
    /// Permit.
    pub permit: Option<Permit>,
    /// Works without a permit by right.
    pub permit_exempt: bool,
    /// Day of hiring.
    #[serde(with = "iso_date")]
    pub hired: Date,
}

impl WorkerInput {
    /// Validate every field; `employer_known` says whether an employer is
    /// registered (the store answers it), so a worker for an unknown employer
    /// is refused with the field `employer`. Nested errors are prefixed:
    /// `person.names`, `permit.valid_to`.
    pub fn validate(
        &self,
        employer_known: impl Fn(&EmployerId) -> bool,
    ) -> Result<Worker, ValidationError> {
        let person = self.person.validate().map_err(|e| {
            let f = format!("person.{}", e.field);
            e.in_field(f)
        })?;
        let iin = match self.iin.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(EmployerId::iin("iin", s)?.number().to_string()),
        };
        let employer = EmployerId::any("employer", &self.employer)?;
        if !employer_known(&employer) {
            return Err(ValidationError::new(
                "employer",
                format!("no employer is registered with {employer}"),
            ));
        }
        let permit = match (&self.permit, self.permit_exempt) {
            (Some(p), _) => Some(p.validate().map_err(|e| {
                let f = format!("permit.{}", e.field);
                e.in_field(f)
            })?),
            (None, true) => None,
            (None, false) => {
                return Err(ValidationError::new(
                    "permit",
                    "a work permit is required (or permit_exempt for EAEU nationals)",
                ));
            }
        };
        let hired = parse_date("hired", &self.hired)?;
        Ok(Worker {
            person,
            iin,
            employer,
            permit,
            permit_exempt: self.permit_exempt,
            hired,
        })
    }
}

/// What a notification reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A foreign worker was hired.
    Hiring,
    /// A foreign worker's contract ended.
    Termination,
}

/// Deadlines for an employer's notifications.
///
/// Default: 3 working days after the event, for hiring and termination
/// alike, Saturdays and Sundays off and no holidays. The 3 working days are
/// the host's arrival-notification deadline (standards.md §5.4); the
/// employer-specific deadlines are marked unverified there, so set them
/// here when known, and list holidays in `calendar`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationRules {
    /// Days allowed after a hiring.
    pub hiring_days: u32,
    /// Days allowed after a termination.
    pub termination_days: u32,
    /// Working or calendar days.
    pub count: DayCount,
    /// Non-working days.
    pub calendar: WorkCalendar,
}

impl Default for NotificationRules {
    fn default() -> Self {
        Self {
            hiring_days: 3,
            termination_days: 3,
            count: DayCount::Working,
            calendar: WorkCalendar::default(),
        }
    }
}

/// The state of one notification on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum NotificationStatus {
    /// Made by the deadline.
    OnTime {
        /// The deadline.
        #[serde(with = "iso_date")]
        deadline: Date,
    },
    /// Not made yet, deadline not passed.
    Pending {
        /// The deadline.
        #[serde(with = "iso_date")]
        deadline: Date,
    },
    /// Made after the deadline, or not made and the deadline passed.
    Late {
        /// The deadline.
        #[serde(with = "iso_date")]
        deadline: Date,
        /// Calendar days past the deadline (to the notification, or to the
        /// assessment day when none was made).
        days_late: u32,
        /// Whether a notification was made at all.
        made: bool,
    },
}

impl NotificationStatus {
    /// Whether the deadline was missed.
    pub fn is_late(&self) -> bool {
        matches!(self, Self::Late { .. })
    }
}

impl NotificationRules {
    /// The deadline for an event on `event_day`.
    pub fn deadline(&self, kind: NotificationKind, event_day: Date) -> Date {
        let n = match kind {
            NotificationKind::Hiring => self.hiring_days,
            NotificationKind::Termination => self.termination_days,
        };
        self.calendar.after(event_day, n, self.count)
    }

    /// Check a notification of an event on `event_day`, made on `notified`
    /// (or not yet), as of `today`. A notification dated before the event
    /// counts as made on the event day.
    pub fn check(
        &self,
        kind: NotificationKind,
        event_day: Date,
        notified: Option<Date>,
        today: Date,
    ) -> NotificationStatus {
        let deadline = self.deadline(kind, event_day);
        let late = |d: Date| u32::try_from(days_between(deadline, d)).unwrap_or(0);
        match notified {
            Some(n) if n <= deadline => NotificationStatus::OnTime { deadline },
            Some(n) => NotificationStatus::Late {
                deadline,
                days_late: late(n),
                made: true,
            },
            None if today <= deadline => NotificationStatus::Pending { deadline },
            None => NotificationStatus::Late {
                deadline,
                days_late: late(today),
                made: false,
            },
        }
    }
}

/// Local-staff groups of the share rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareGroup {
    /// Categories 1 and 2.
    Management,
    /// Categories 3 and 4.
    Staff,
}

impl ShareGroup {
    /// `1-2` or `3-4`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Management => "categories 1-2",
            Self::Staff => "categories 3-4",
        }
    }
}

/// The local-staff share rule. Defaults from standards.md §5.4: at least
/// 70 % citizens of Kazakhstan in categories 1–2, 90 % in 3–4; intra-
/// corporate transferees are left out of the share and may be at most 50 %
/// of the Kazakh staff of their group.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocalShareRules {
    /// Minimum share of Kazakh citizens in categories 1–2.
    pub management_min: f64,
    /// Minimum share of Kazakh citizens in categories 3–4.
    pub staff_min: f64,
    /// Most intra-corporate transferees as a share of the Kazakh staff of
    /// the group.
    pub ict_max_of_local: f64,
}

impl Default for LocalShareRules {
    fn default() -> Self {
        Self {
            management_min: 0.70,
            staff_min: 0.90,
            ict_max_of_local: 0.50,
        }
    }
}

/// Head counts of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCount {
    /// Citizens of Kazakhstan.
    pub local: u32,
    /// Foreign workers under permits, intra-corporate transferees excluded.
    pub foreign: u32,
    /// Intra-corporate transferees.
    pub ict: u32,
}

/// A breach of the share rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ShareBreach {
    /// Too few Kazakh citizens in the group.
    LocalShare {
        /// Which group.
        group: ShareGroup,
        /// Their share (0..=1).
        share: f64,
        /// The minimum.
        min: f64,
    },
    /// Too many intra-corporate transferees.
    IctShare {
        /// Which group.
        group: ShareGroup,
        /// Transferees.
        ict: u32,
        /// Most allowed.
        max: u32,
    },
}

impl ShareBreach {
    /// Percentage points below the minimum (local share), or transferees
    /// over the maximum.
    pub fn shortfall(&self) -> f64 {
        match self {
            Self::LocalShare { share, min, .. } => ((min - share) * 100.0).max(0.0),
            Self::IctShare { ict, max, .. } => f64::from(ict.saturating_sub(*max)),
        }
    }

    /// One line for a reason.
    pub fn describe(&self) -> String {
        match self {
            Self::LocalShare { group, share, min } => format!(
                "local staff {:.1} % in {}, minimum {:.0} %",
                share * 100.0,
                group.label(),
                min * 100.0
            ),
            Self::IctShare { group, ict, max } => format!(
                "{ict} intra-corporate transferees in {}, at most {max}",
                group.label()
            ),
        }
    }
}

impl LocalShareRules {
    /// Check one group. A group without foreign workers or transferees never
    /// breaches.
    pub fn check(&self, group: ShareGroup, c: GroupCount) -> Vec<ShareBreach> {
        let mut out = Vec::new();
        let min = match group {
            ShareGroup::Management => self.management_min,
            ShareGroup::Staff => self.staff_min,
        };
        let total = c.local + c.foreign;
        if c.foreign > 0 && total > 0 {
            let share = f64::from(c.local) / f64::from(total);
            // compare with a small tolerance: 7 of 10 is 70 %
            if share + 1e-9 < min {
                out.push(ShareBreach::LocalShare { group, share, min });
            }
        }
        if c.ict > 0 {
            let max = (f64::from(c.local) * self.ict_max_of_local + 1e-9).floor();
            let max = if max >= f64::from(u32::MAX) {
                u32::MAX
            } else {
                // non-negative and below u32::MAX: the cast is exact
                max.max(0.0) as u32
            };
            if c.ict > max {
                out.push(ShareBreach::IctShare {
                    group,
                    ict: c.ict,
                    max,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::day;

    const BIN: &str = "940140000385";
    const IIN: &str = "850315300019";

    fn employer() -> EmployerInput {
        EmployerInput {
            bin: Some(BIN.into()),
            iin: None,
            name: "Halyk Construction LLP".into(),
            region: "Almaty".into(),
        }
    }

    #[test]
    fn employers_by_bin_or_iin() {
        let e = employer().validate().expect("valid");
        assert_eq!(e.id, EmployerId::Bin(BIN.into()));
        assert_eq!(e.region, TerritorialUnit::AlmatyCity);
        let mut i = employer();
        i.bin = None;
        i.iin = Some(IIN.into());
        assert_eq!(i.validate().map(|e| e.id), Ok(EmployerId::Iin(IIN.into())));
        assert_eq!(EmployerId::any("id", BIN), Ok(EmployerId::Bin(BIN.into())));
        assert_eq!(EmployerId::any("id", IIN), Ok(EmployerId::Iin(IIN.into())));
    }

    #[test]
    fn employer_errors_name_the_field() {
        type Case = (&'static str, fn(&mut EmployerInput));
        let cases: [Case; 7] = [
            ("bin", |e| e.bin = Some("940140000386".into())),
            ("bin", |e| e.bin = Some(IIN.into())),
            ("bin", |e| e.bin = None),
            ("iin", |e| e.iin = Some(IIN.into())),
            ("iin", |e| {
                e.bin = None;
                e.iin = Some("850315300010".into());
            }),
            ("name", |e| e.name = "  ".into()),
            ("region", |e| e.region = "Atlantis".into()),
        ];
        for (field, f) in cases {
            let mut e = employer();
            f(&mut e);
            assert_eq!(e.validate().map_err(|e| e.field), Err(field.to_string()));
        }
    }

    fn permit() -> PermitInput {
        PermitInput {
            number: "AL-2026/00123".into(),
            category: 3,
            region: "KZ-75".into(),
            position: "Welder".into(),
            valid_from: "2026-01-31".into(),
            valid_to: "2026-07-30".into(),
            intra_corporate_transfer: false,
        }
    }

    #[test]
    fn permit_terms_table() {
        let cases: [(&str, &str, Result<(), &str>); 8] = [
            ("2026-01-31", "2026-07-30", Ok(())),
            ("2026-01-31", "2026-02-27", Ok(())), // one month from the 31st: to Feb 27
            ("2026-01-31", "2026-02-26", Err("valid_to")), // under a month
            ("2026-01-01", "2026-12-31", Ok(())), // twelve months
            ("2026-01-01", "2027-01-01", Err("valid_to")), // over twelve
            ("2026-03-01", "2026-02-01", Err("valid_to")), // wrong order
            ("2026-02-30", "2026-05-01", Err("valid_from")),
            ("2026-02-01", "soon", Err("valid_to")),
        ];
        for (from, to, want) in cases {
            let mut p = permit();
            p.valid_from = from.into();
            p.valid_to = to.into();
            assert_eq!(
                p.validate().map(|_| ()).map_err(|e| e.field),
                want.map_err(str::to_string),
                "{from} .. {to}"
            );
        }
    }

    #[test]
    fn permit_errors_name_the_field() {
        type Case = (&'static str, fn(&mut PermitInput));
        let cases: [Case; 5] = [
            ("number", |p| p.number = String::new()),
            ("number", |p| p.number = "A;DROP".into()),
            ("category", |p| p.category = 5),
            ("region", |p| p.region = "KZ-00".into()),
            ("position", |p| p.position = " ".into()),
        ];
        for (field, f) in cases {
            let mut p = permit();
            f(&mut p);
            assert_eq!(p.validate().map_err(|e| e.field), Err(field.to_string()));
        }
        let p = permit().validate().expect("valid");
        assert!(p.valid_on(day("2026-07-30")));
        assert!(!p.valid_on(day("2026-07-31")));
        assert_eq!(p.category.group(), ShareGroup::Staff);
        let json = serde_json::to_string(&p).expect("serialises");
        assert!(json.contains("\"category\":3"), "{json}");
        assert_eq!(serde_json::from_str::<Permit>(&json).expect("parses"), p);
    }

    fn worker() -> WorkerInput {
        serde_json::from_value(serde_json::json!({
            "person": {"id": "FW-1", "names": ["Каримов Бахтиёр"], "birth_dates": ["1990-04-01"],
                       "nationalities": ["UZB"]},
            "employer": BIN,
            "permit": permit(),
            "hired": "2026-02-01"
        }))
        .expect("worker input")
    }

    #[test]
    fn workers_validate_with_field_names() {
        let known = |e: &EmployerId| e.number() == BIN;
        let w = worker().validate(known).expect("valid");
        assert_eq!(w.employer, EmployerId::Bin(BIN.into()));
        assert_eq!(w.permit.map(|p| p.category), Some(Category::Specialists));
        type Case = (&'static str, fn(&mut WorkerInput));
        let cases: [Case; 8] = [
            ("person.names", |w| w.person.names.clear()),
            ("person.nationalities[0]", |w| {
                w.person.nationalities = vec!["XYZ".into()]
            }),
            ("iin", |w| w.iin = Some("850315300010".into())),
            ("employer", |w| w.employer = "950341000052".into()),
            ("employer", |w| w.employer = "12345".into()),
            ("permit", |w| w.permit = None),
            ("permit.valid_to", |w| {
                if let Some(p) = &mut w.permit {
                    p.valid_to = "2025-01-01".into();
                }
            }),
            ("hired", |w| w.hired = "2026-13-01".into()),
        ];
        for (field, f) in cases {
            let mut w = worker();
            f(&mut w);
            assert_eq!(
                w.validate(known).map(|_| ()).map_err(|e| e.field),
                Err(field.to_string())
            );
        }
        let mut eaeu = worker();
        eaeu.permit = None;
        eaeu.permit_exempt = true;
        assert!(eaeu.validate(known).is_ok_and(|w| w.permit.is_none()));
    }

    #[test]
    fn notification_deadlines() {
        let r = NotificationRules::default();
        let hired = day("2026-11-27"); // a Friday
        assert_eq!(
            r.deadline(NotificationKind::Hiring, hired),
            day("2026-12-02")
        );
        let cases = [
            (Some("2026-12-02"), "2026-12-20", "on_time", 0),
            (Some("2026-12-03"), "2026-12-20", "late", 1),
            (None, "2026-12-01", "pending", 0),
            (None, "2026-12-10", "late", 8),
        ];
        for (notified, today, want, days) in cases {
            let s = r.check(
                NotificationKind::Hiring,
                hired,
                notified.map(day),
                day(today),
            );
            let v = serde_json::to_value(s).expect("serialises");
            assert_eq!(v["status"], want, "{notified:?} {today}");
            if want == "late" {
                assert_eq!(v["days_late"], days);
                assert_eq!(v["made"], notified.is_some());
            }
        }
        let cal: NotificationRules =
            serde_json::from_str(r#"{"termination_days": 10, "count": "calendar"}"#)
                .expect("parses");
        assert_eq!(cal.hiring_days, 3);
        assert_eq!(
            cal.deadline(NotificationKind::Termination, hired),
            day("2026-12-07")
        );
    }

    #[test]
    fn local_share_table() {
        let r = LocalShareRules::default();
        let g = |local, foreign, ict| GroupCount {
            local,
            foreign,
            ict,
        };
        // (group, counts, breaches)
        let cases = [
            (ShareGroup::Management, g(7, 3, 0), 0),
            (ShareGroup::Management, g(6, 4, 0), 1),
            (ShareGroup::Staff, g(90, 10, 0), 0),
            (ShareGroup::Staff, g(89, 11, 0), 1),
            (ShareGroup::Staff, g(0, 0, 0), 0),
            (ShareGroup::Staff, g(10, 0, 5), 0),
            (ShareGroup::Staff, g(10, 0, 6), 1),
            (ShareGroup::Management, g(0, 1, 1), 2),
        ];
        for (group, c, n) in cases {
            assert_eq!(r.check(group, c).len(), n, "{group:?} {c:?}");
        }
        let b = &r.check(ShareGroup::Management, g(6, 4, 0))[0];
        assert!((b.shortfall() - 10.0).abs() < 1e-9);
        assert_eq!(
            b.describe(),
            "local staff 60.0 % in categories 1-2, minimum 70 %"
        );
    }

    proptest::proptest! {
        #[test]
        fn share_breach_iff_below_minimum(local in 0u32..1000, foreign in 0u32..1000) {
            let r = LocalShareRules::default();
            let c = GroupCount { local, foreign, ict: 0 };
            let breached = !r.check(ShareGroup::Staff, c).is_empty();
            // integer form of local / (local + foreign) < 0.9
            let expect = foreign > 0 && u64::from(local) * 10 < u64::from(local + foreign) * 9;
            proptest::prop_assert_eq!(breached, expect);
        }
    }
}
