//! Entry bans: who, on what ground, by whose decision, for how long, and the
//! status machine `active → lifted | expired`.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{
    LegalGround, PersonId, RuleError, ValidationError,
    date::{format_date, iso_date, parse_date},
    person::id_type,
};

id_type!(
    /// A ban's id.
    BanId,
    "ban_id"
);

/// Where a ban (or watchlist entry) comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WatchlistSource {
    /// Kazakhstan's own register of entry bans.
    NationalRegister,
    /// An imported list, with its name and version.
    ImportedList {
        /// List name (`un_sc_consolidated`, `ofac_sdn`, …).
        name: String,
        /// Version as the publisher states it (date or number).
        version: String,
    },
}

/// The document that grounds a ban.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BasisKind {
    /// A court decision (judgement, expulsion order).
    CourtDecision,
    /// Another document: a decision of an authority, a list reference.
    DocumentReference,
}

/// The decision a ban rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Basis {
    /// Court decision or other document.
    pub kind: BasisKind,
    /// Its reference (case number, document number and date).
    pub reference: String,
}

/// How long a ban lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Term {
    /// Until the end of this day.
    Until {
        /// Last day of the ban.
        #[serde(with = "iso_date")]
        date: Date,
    },
    /// No end.
    Permanent,
}

/// The status of a ban.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum BanStatus {
    /// In force.
    Active,
    /// Lifted before its term ended.
    Lifted {
        /// The day it was lifted.
        #[serde(with = "iso_date")]
        on: Date,
        /// Why.
        reason: String,
    },
    /// Its term ended.
    Expired {
        /// The first day it no longer applied.
        #[serde(with = "iso_date")]
        on: Date,
    },
}

impl BanStatus {
    /// `active`, `lifted` or `expired`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Lifted { .. } => "lifted",
            Self::Expired { .. } => "expired",
        }
    }
}

pub(crate) fn required_text(field: &str, s: &str, max: usize) -> Result<String, ValidationError> {
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

/// A request to impose a ban, as users and files give it (plain strings).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewBanInput {
    /// The banned person.
    pub person_id: String,
    /// Legal ground code.
    pub ground: String,
    /// The authority that imposed it.
    pub authority: String,
    /// `court_decision` or `document_reference`.
    pub basis_kind: String,
    /// Reference of the decision.
    pub basis_reference: String,
    /// `YYYY-MM-DD`.
    pub imposed_at: String,
    /// `YYYY-MM-DD`, or `None` for a permanent ban.
    pub until: Option<String>,
}

/// The validated content of a new ban: the payload of `ban.imposed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanImposed {
    /// The new ban's id.
    pub ban_id: BanId,
    /// The banned person.
    pub person_id: PersonId,
    /// Why.
    pub ground: LegalGround,
    /// Who imposed it.
    pub authority: String,
    /// On what decision.
    pub basis: Basis,
    /// From when.
    #[serde(with = "iso_date")]
    pub imposed_at: Date,
    /// Until when.
    pub term: Term,
    /// Which register or list.
    pub source: WatchlistSource,
}

impl NewBanInput {
    /// Validate every field; `ban_id` is chosen by the caller (the store).
    pub fn validate(
        &self,
        ban_id: BanId,
        source: WatchlistSource,
    ) -> Result<BanImposed, ValidationError> {
        let person_id = PersonId::parse(&self.person_id).map_err(|e| e.in_field("person_id"))?;
        let ground = LegalGround::parse(&self.ground)?;
        let authority = required_text("authority", &self.authority, 300)?;
        let kind = match self.basis_kind.trim() {
            "court_decision" | "court" => BasisKind::CourtDecision,
            "document_reference" | "document" => BasisKind::DocumentReference,
            other => {
                return Err(ValidationError::new(
                    "basis_kind",
                    format!(
                        "'{other}' is not a basis kind; expected court_decision or document_reference"
                    ),
                ));
            }
        };
        let reference = required_text("basis_reference", &self.basis_reference, 500)?;
        let imposed_at = parse_date("imposed_at", &self.imposed_at)?;
        let term = match self.until.as_deref().map(str::trim) {
            None | Some("") | Some("permanent") => Term::Permanent,
            Some(s) => {
                let date = parse_date("until", s)?;
                if date < imposed_at {
                    return Err(ValidationError::new(
                        "until",
                        format!(
                            "{} is before imposed_at {}",
                            format_date(date),
                            format_date(imposed_at)
                        ),
                    ));
                }
                Term::Until { date }
            }
        };
        Ok(BanImposed {
            ban_id,
            person_id,
            ground,
            authority,
            basis: Basis { kind, reference },
            imposed_at,
            term,
            source,
        })
    }
}

/// Payload of `ban.lifted`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanLifted {
    /// Which ban.
    pub ban_id: BanId,
    /// The day it was lifted.
    #[serde(with = "iso_date")]
    pub on: Date,
    /// Why (required).
    pub reason: String,
}

/// Payload of `ban.expired`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanExpired {
    /// Which ban.
    pub ban_id: BanId,
    /// The first day it no longer applied.
    #[serde(with = "iso_date")]
    pub on: Date,
}

/// One entry of a ban's history: the event that changed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanChange {
    /// The event's sequence number in the log.
    pub seq: u64,
    /// When it was recorded (RFC 3339, UTC).
    pub recorded_at: String,
    /// Who did it.
    pub actor: String,
    /// `ban.imposed`, `ban.lifted`, `ban.expired`.
    pub kind: String,
    /// A one-line summary.
    pub summary: String,
}

/// An entry ban as it stands now (the projection of its events).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryBan {
    /// Id.
    pub id: BanId,
    /// The banned person.
    pub person_id: PersonId,
    /// Why.
    pub ground: LegalGround,
    /// Who imposed it.
    pub authority: String,
    /// On what decision.
    pub basis: Basis,
    /// From when.
    #[serde(with = "iso_date")]
    pub imposed_at: Date,
    /// Until when.
    pub term: Term,
    /// Which register or list.
    pub source: WatchlistSource,
    /// Current status.
    pub status: BanStatus,
}

impl EntryBan {
    /// The ban a `ban.imposed` event creates.
    pub fn from_imposed(e: &BanImposed) -> Self {
        Self {
            id: e.ban_id.clone(),
            person_id: e.person_id.clone(),
            ground: e.ground,
            authority: e.authority.clone(),
            basis: e.basis.clone(),
            imposed_at: e.imposed_at,
            term: e.term,
            source: e.source.clone(),
            status: BanStatus::Active,
        }
    }

    /// Whether the ban bars entry on `day`: active, started, and its term not over.
    pub fn in_force_on(&self, day: Date) -> bool {
        matches!(self.status, BanStatus::Active)
            && self.imposed_at <= day
            && match self.term {
                Term::Permanent => true,
                Term::Until { date } => day <= date,
            }
    }

    /// Decide a lift: only an active ban can be lifted, and only with a reason.
    pub fn lift(&self, reason: &str, on: Date) -> Result<BanLifted, RuleError> {
        let reason = required_text("reason", reason, 1000)?;
        match &self.status {
            BanStatus::Active => Ok(BanLifted {
                ban_id: self.id.clone(),
                on,
                reason,
            }),
            other => Err(RuleError::Transition(format!(
                "ban {} is {} and cannot be lifted",
                self.id,
                other.code()
            ))),
        }
    }

    /// The `ban.expired` event due on `today`, if the term has ended.
    pub fn expiry_due(&self, today: Date) -> Option<BanExpired> {
        match (&self.status, self.term) {
            (BanStatus::Active, Term::Until { date }) if date < today => Some(BanExpired {
                ban_id: self.id.clone(),
                on: date.next_day().unwrap_or(date),
            }),
            _ => None,
        }
    }

    /// Apply a lift decided by [`EntryBan::lift`].
    pub fn apply_lifted(&mut self, e: &BanLifted) {
        self.status = BanStatus::Lifted {
            on: e.on,
            reason: e.reason.clone(),
        };
    }

    /// Apply an expiry.
    pub fn apply_expired(&mut self, e: &BanExpired) {
        self.status = BanStatus::Expired { on: e.on };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> NewBanInput {
        NewBanInput {
            person_id: "W-1".into(),
            ground: "terrorism".into(),
            authority: "Migration Police, Almaty".into(),
            basis_kind: "court_decision".into(),
            basis_reference: "Case 2-123/2025".into(),
            imposed_at: "2025-01-10".into(),
            until: Some("2030-01-09".into()),
        }
    }

    fn id() -> BanId {
        BanId::parse("B-1").expect("valid id")
    }

    fn day(s: &str) -> Date {
        parse_date("d", s).expect("valid date")
    }

    #[test]
    fn lifecycle() {
        let imposed = input()
            .validate(id(), WatchlistSource::NationalRegister)
            .expect("valid");
        let mut ban = EntryBan::from_imposed(&imposed);
        assert!(ban.in_force_on(day("2026-01-01")));
        assert!(!ban.in_force_on(day("2025-01-09")));
        assert!(!ban.in_force_on(day("2030-01-10")));
        assert!(ban.expiry_due(day("2030-01-09")).is_none());
        assert_eq!(
            ban.expiry_due(day("2030-01-10")).map(|e| format_date(e.on)),
            Some("2030-01-10".into())
        );
        let e = ban.lift("  ", day("2026-01-01")).expect_err("no reason");
        assert!(
            matches!(e, RuleError::Invalid(ref v) if v.field == "reason"),
            "{e}"
        );
        let lifted = ban
            .lift("pardoned by decree 12", day("2026-01-01"))
            .expect("lift");
        ban.apply_lifted(&lifted);
        assert_eq!(ban.status.code(), "lifted");
        assert!(!ban.in_force_on(day("2026-06-01")));
        assert!(matches!(
            ban.lift("again", day("2026-01-02")),
            Err(RuleError::Transition(_))
        ));
        assert!(ban.expiry_due(day("2031-01-01")).is_none());
    }

    #[test]
    fn validation_names_fields() {
        type Case = (&'static str, fn(&mut NewBanInput));
        let cases: [Case; 8] = [
            ("person_id", |i| i.person_id = "a b".into()),
            ("ground", |i| i.ground = "theft".into()),
            ("authority", |i| i.authority = " ".into()),
            ("basis_kind", |i| i.basis_kind = "rumour".into()),
            ("basis_reference", |i| i.basis_reference = String::new()),
            ("imposed_at", |i| i.imposed_at = "1990-02-30".into()),
            ("until", |i| i.until = Some("2024-01-01".into())),
            ("until", |i| i.until = Some("2030-02-30".into())),
        ];
        for (field, f) in cases {
            let mut i = input();
            f(&mut i);
            let e = i
                .validate(id(), WatchlistSource::NationalRegister)
                .expect_err(field);
            assert_eq!(e.field, field, "{e}");
        }
    }

    #[test]
    fn permanent_ban() {
        let mut i = input();
        i.until = None;
        let ban = EntryBan::from_imposed(
            &i.validate(id(), WatchlistSource::NationalRegister)
                .expect("valid"),
        );
        assert_eq!(ban.term, Term::Permanent);
        assert!(ban.in_force_on(day("2199-01-01")));
        assert!(ban.expiry_due(day("2199-01-01")).is_none());
    }
}
