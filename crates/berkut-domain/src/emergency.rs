//! Emergency declarations and the document-validity rule they bring.
//!
//! The 2024 amendments to Kazakhstan's migration law keep expired identity
//! documents valid during a declared emergency, when renewal or replacement is
//! impossible (standards.md §5.3). A declaration says by which act, from when
//! to when, where (regions, crossing points), for which document kinds and for
//! whose documents (by default citizens of Kazakhstan) that holds.
//!
//! [`document_validity`] is the one place that rule is applied. Its answer
//! names the declaration that made an expired document valid, so a decision
//! taken on it can be audited against the declaration's events.
//!
//! Scope rule: an empty list (regions, crossing points, document kinds) means
//! "all"; a non-empty list covers only what it names, and an unknown place
//! (`None`) is then *not* covered — a rule that widens validity must be shown
//! to apply, not assumed to.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{
    CountryCode, DocumentKind, IdentityDocument, RuleError, ValidationError,
    ban::required_text,
    date::{format_date, iso_date, parse_date},
    person::id_type,
};

id_type!(
    /// An emergency declaration's id.
    EmergencyId,
    "id"
);

/// Whose documents a declaration keeps valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HolderScope {
    /// Holders with one of these nationalities.
    Nationalities {
        /// The nationalities (at least one).
        codes: Vec<CountryCode>,
    },
    /// Every holder, whatever the nationality (also unknown).
    All,
}

impl Default for HolderScope {
    /// Citizens of Kazakhstan: the law speaks of documents the state itself
    /// cannot renew during the emergency.
    fn default() -> Self {
        Self::Nationalities {
            codes: vec![CountryCode::KAZ],
        }
    }
}

impl HolderScope {
    /// Whether a holder with these nationalities is covered.
    pub fn covers(&self, nationalities: &[CountryCode]) -> bool {
        match self {
            Self::All => true,
            Self::Nationalities { codes } => nationalities.iter().any(|n| codes.contains(n)),
        }
    }
}

/// The days a declaration applies, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// First day.
    #[serde(with = "iso_date")]
    pub from: Date,
    /// Last day; `None` until further notice (the declaration is then ended by
    /// an `emergency.ended` event).
    #[serde(default, with = "iso_date::option")]
    pub until: Option<Date>,
}

impl Period {
    /// Whether `day` lies in the period.
    pub fn contains(&self, day: Date) -> bool {
        self.from <= day && self.until.is_none_or(|u| day <= u)
    }
}

/// Whether a declaration is still in force.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EmergencyStatus {
    /// In force (within its period).
    #[default]
    Active,
    /// Ended by a decision.
    Ended {
        /// The first day it no longer applies.
        #[serde(with = "iso_date")]
        on: Date,
        /// Why.
        reason: String,
    },
}

impl EmergencyStatus {
    /// `active` or `ended`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Ended { .. } => "ended",
        }
    }
}

/// A declared emergency during which expired documents stay valid. Also the
/// payload of `emergency.declared`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyDeclaration {
    /// Id.
    pub id: EmergencyId,
    /// The authority that declared it.
    pub authority: String,
    /// Reference of the legal act (decree number and date).
    pub legal_act: String,
    /// When it applies.
    pub period: Period,
    /// Regions it applies in; empty = the whole country.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Border crossing points it applies at; empty = all.
    #[serde(default)]
    pub crossing_points: Vec<String>,
    /// Document kinds it keeps valid; empty = all.
    #[serde(default)]
    pub document_kinds: Vec<DocumentKind>,
    /// Whose documents.
    #[serde(default)]
    pub holders: HolderScope,
    /// Current status.
    #[serde(default)]
    pub status: EmergencyStatus,
}

/// Payload of `emergency.ended`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyEnded {
    /// Which declaration.
    pub id: EmergencyId,
    /// The first day it no longer applies.
    #[serde(with = "iso_date")]
    pub on: Date,
    /// Why (required).
    pub reason: String,
}

/// Place names compare case-insensitively, with runs of white space as one space.
fn same_place(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .flat_map(|w| w.chars().chain(std::iter::once(' ')))
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    norm(a) == norm(b)
}

/// Empty list = all; otherwise the place must be known and listed.
fn place_covered(list: &[String], place: Option<&str>) -> bool {
    list.is_empty() || place.is_some_and(|p| list.iter().any(|l| same_place(l, p)))
}

impl EmergencyDeclaration {
    /// Whether the declaration is in force on `day`: within its period and
    /// not ended on or before it. (An ended declaration still answers for
    /// the days before its end, so past decisions can be re-checked.)
    pub fn in_force_on(&self, day: Date) -> bool {
        self.period.contains(day)
            && match &self.status {
                EmergencyStatus::Active => true,
                EmergencyStatus::Ended { on, .. } => day < *on,
            }
    }

    /// Whether it keeps a document of `kind`, held by someone of these
    /// nationalities, valid on `day` at this region and crossing point.
    pub fn covers(
        &self,
        kind: DocumentKind,
        holder_nationalities: &[CountryCode],
        day: Date,
        region: Option<&str>,
        crossing_point: Option<&str>,
    ) -> bool {
        self.in_force_on(day)
            && place_covered(&self.regions, region)
            && place_covered(&self.crossing_points, crossing_point)
            && (self.document_kinds.is_empty() || self.document_kinds.contains(&kind))
            && self.holders.covers(holder_nationalities)
    }

    /// Decide an end: only an active declaration can be ended, with a reason,
    /// and not before it started.
    pub fn end(&self, reason: &str, on: Date) -> Result<EmergencyEnded, RuleError> {
        let reason = required_text("reason", reason, 1000)?;
        if on < self.period.from {
            return Err(ValidationError::new(
                "on",
                format!(
                    "{} is before the declaration starts ({})",
                    format_date(on),
                    format_date(self.period.from)
                ),
            )
            .into());
        }
        match &self.status {
            EmergencyStatus::Active => Ok(EmergencyEnded {
                id: self.id.clone(),
                on,
                reason,
            }),
            other => Err(RuleError::Transition(format!(
                "emergency {} is {} and cannot be ended",
                self.id,
                other.code()
            ))),
        }
    }

    /// Apply an end decided by [`EmergencyDeclaration::end`].
    pub fn apply_ended(&mut self, e: &EmergencyEnded) {
        self.status = EmergencyStatus::Ended {
            on: e.on,
            reason: e.reason.clone(),
        };
    }
}

/// A request to declare an emergency, as users and files give it (plain strings).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EmergencyInput {
    /// The declaring authority.
    pub authority: String,
    /// Reference of the legal act.
    pub legal_act: String,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`; `None` or empty = until ended.
    #[serde(default)]
    pub until: Option<String>,
    /// Region names; empty = all.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Crossing point names or codes; empty = all.
    #[serde(default)]
    pub crossing_points: Vec<String>,
    /// Document kinds (`passport`, `id_card`, MRZ codes `P`, `I`, …); empty = all.
    #[serde(default)]
    pub document_kinds: Vec<String>,
    /// Holder nationalities (`KAZ`, …) or `["all"]`; `None` = citizens of
    /// Kazakhstan.
    #[serde(default)]
    pub holders: Option<Vec<String>>,
}

fn place_list(field: &str, items: &[String]) -> Result<Vec<String>, ValidationError> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for (i, s) in items.iter().enumerate() {
        let t = required_text(&format!("{field}[{i}]"), s, 200)?;
        if !out.iter().any(|o| same_place(o, &t)) {
            out.push(t);
        }
    }
    Ok(out)
}

impl EmergencyInput {
    /// Validate every field; `id` is chosen by the caller (the store).
    pub fn validate(&self, id: EmergencyId) -> Result<EmergencyDeclaration, ValidationError> {
        let authority = required_text("authority", &self.authority, 300)?;
        let legal_act = required_text("legal_act", &self.legal_act, 500)?;
        let from = parse_date("from", self.from.trim())?;
        let until = match self.until.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => {
                let u = parse_date("until", s)?;
                if u < from {
                    return Err(ValidationError::new(
                        "until",
                        format!("{} is before from {}", format_date(u), format_date(from)),
                    ));
                }
                Some(u)
            }
        };
        let regions = place_list("regions", &self.regions)?;
        let crossing_points = place_list("crossing_points", &self.crossing_points)?;
        let mut document_kinds = Vec::new();
        for (i, k) in self.document_kinds.iter().enumerate() {
            let kind =
                DocumentKind::parse(k).map_err(|e| e.in_field(format!("document_kinds[{i}]")))?;
            if !document_kinds.contains(&kind) {
                document_kinds.push(kind);
            }
        }
        let holders = match &self.holders {
            None => HolderScope::default(),
            Some(list) if list.len() == 1 && list[0].trim().eq_ignore_ascii_case("all") => {
                HolderScope::All
            }
            Some(list) if list.is_empty() => {
                return Err(ValidationError::new(
                    "holders",
                    "must name at least one nationality, or be [\"all\"]; omit it for citizens of Kazakhstan",
                ));
            }
            Some(list) => {
                let mut codes = Vec::new();
                for (i, c) in list.iter().enumerate() {
                    let code =
                        CountryCode::parse(c).map_err(|e| e.in_field(format!("holders[{i}]")))?;
                    if !codes.contains(&code) {
                        codes.push(code);
                    }
                }
                HolderScope::Nationalities { codes }
            }
        };
        Ok(EmergencyDeclaration {
            id,
            authority,
            legal_act,
            period: Period { from, until },
            regions,
            crossing_points,
            document_kinds,
            holders,
            status: EmergencyStatus::Active,
        })
    }
}

/// Whether a document may be accepted on a day, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "validity", rename_all = "snake_case")]
pub enum DocumentValidity {
    /// Not expired: valid through its expiry date (inclusive).
    Valid,
    /// Expired, and no declaration keeps it valid.
    Expired {
        /// The expiry date printed on the document (its last valid day).
        #[serde(with = "iso_date")]
        expired_on: Date,
    },
    /// Expired, but kept valid by a declared emergency.
    ValidUnderEmergency {
        /// The declaration that keeps it valid.
        declaration_id: EmergencyId,
        /// The expiry date printed on the document (its last valid day).
        #[serde(with = "iso_date")]
        expired_on: Date,
    },
    /// The document has no known expiry date: validity cannot be decided by date.
    NoExpiry,
}

impl DocumentValidity {
    /// Whether the document may be accepted (valid, or valid under an emergency).
    pub fn is_acceptable(&self) -> bool {
        matches!(self, Self::Valid | Self::ValidUnderEmergency { .. })
    }
}

/// Decide whether `doc`, held by someone of `holder_nationalities`, is valid
/// on `at`, at `region` and `crossing_point` (each `None` when unknown), given
/// the emergency declarations known.
///
/// A document is valid through its expiry date. An expired one is valid
/// under the first declaration (in the order given: pass them in log order)
/// that is in force on `at` and covers the place, the document kind and the
/// holder; the answer names it.
pub fn document_validity(
    doc: &IdentityDocument,
    holder_nationalities: &[CountryCode],
    at: Date,
    region: Option<&str>,
    crossing_point: Option<&str>,
    declarations: &[EmergencyDeclaration],
) -> DocumentValidity {
    let Some(expiry) = doc.expiry else {
        return DocumentValidity::NoExpiry;
    };
    if at <= expiry {
        return DocumentValidity::Valid;
    }
    declarations
        .iter()
        .find(|d| d.covers(doc.kind, holder_nationalities, at, region, crossing_point))
        .map_or(DocumentValidity::Expired { expired_on: expiry }, |d| {
            DocumentValidity::ValidUnderEmergency {
                declaration_id: d.id.clone(),
                expired_on: expiry,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DocumentNumber;

    fn day(s: &str) -> Date {
        parse_date("d", s).expect("valid date")
    }

    fn kaz() -> Vec<CountryCode> {
        vec![CountryCode::KAZ]
    }

    fn input() -> EmergencyInput {
        EmergencyInput {
            authority: "Government of the Republic of Kazakhstan".into(),
            legal_act: "Decree No. 1 of 2026-03-01".into(),
            from: "2026-03-01".into(),
            until: Some("2026-06-30".into()),
            regions: vec!["Almaty Region".into()],
            crossing_points: vec![],
            document_kinds: vec!["passport".into()],
            holders: None,
        }
    }

    fn declaration(i: EmergencyInput) -> EmergencyDeclaration {
        i.validate(EmergencyId::parse("EM-1").expect("id"))
            .expect("valid")
    }

    fn passport(expiry: &str) -> IdentityDocument {
        IdentityDocument {
            kind: DocumentKind::Passport,
            number: DocumentNumber::parse("N1234567").expect("number"),
            issuing_state: Some(CountryCode::KAZ),
            expiry: Some(day(expiry)),
        }
    }

    fn under(id: &str, exp: &str) -> DocumentValidity {
        DocumentValidity::ValidUnderEmergency {
            declaration_id: EmergencyId::parse(id).expect("id"),
            expired_on: day(exp),
        }
    }

    fn expired(exp: &str) -> DocumentValidity {
        DocumentValidity::Expired {
            expired_on: day(exp),
        }
    }

    #[test]
    fn expired_outside_the_declaration_is_invalid() {
        let d = [declaration(input())];
        let doc = passport("2026-01-31");
        let v = |at| document_validity(&doc, &kaz(), day(at), Some("Almaty Region"), None, &d);
        assert_eq!(v("2026-02-15"), expired("2026-01-31"));
        assert_eq!(v("2026-07-01"), expired("2026-01-31"));
        assert_eq!(
            document_validity(&doc, &kaz(), day("2026-04-01"), None, None, &[]),
            expired("2026-01-31")
        );
    }

    #[test]
    fn inside_period_and_region_is_valid_naming_the_declaration() {
        let d = [declaration(input())];
        let doc = passport("2026-01-31");
        for at in ["2026-03-01", "2026-04-15", "2026-06-30"] {
            assert_eq!(
                document_validity(&doc, &kaz(), day(at), Some("  almaty   region "), None, &d),
                under("EM-1", "2026-01-31"),
                "{at}"
            );
        }
        assert!(under("EM-1", "2026-01-31").is_acceptable());
        assert!(!expired("2026-01-31").is_acceptable());
    }

    #[test]
    fn ended_declaration_no_longer_covers() {
        let mut decl = declaration(input());
        let doc = passport("2026-01-31");
        let ended = decl
            .end("situation resolved", day("2026-04-10"))
            .expect("end");
        decl.apply_ended(&ended);
        let d = [decl.clone()];
        let v = |at| document_validity(&doc, &kaz(), day(at), Some("Almaty Region"), None, &d);
        assert_eq!(v("2026-04-09"), under("EM-1", "2026-01-31"));
        assert_eq!(v("2026-04-10"), expired("2026-01-31"));
        assert_eq!(v("2026-05-01"), expired("2026-01-31"));
        assert!(matches!(
            decl.end("again", day("2026-05-01")),
            Err(RuleError::Transition(_))
        ));
    }

    #[test]
    fn end_needs_a_reason_and_a_day_in_the_period() {
        let decl = declaration(input());
        let e = decl.end(" ", day("2026-04-01")).expect_err("no reason");
        assert!(
            matches!(e, RuleError::Invalid(ref v) if v.field == "reason"),
            "{e}"
        );
        let e = decl.end("x", day("2026-02-01")).expect_err("before start");
        assert!(
            matches!(e, RuleError::Invalid(ref v) if v.field == "on"),
            "{e}"
        );
    }

    #[test]
    fn other_region_crossing_point_kind_or_holder_is_invalid() {
        let mut i = input();
        i.crossing_points = vec!["Khorgos".into()];
        let d = [declaration(i)];
        let at = day("2026-04-01");
        let doc = passport("2026-01-31");
        let exp = expired("2026-01-31");
        let ok = under("EM-1", "2026-01-31");
        let region = Some("Almaty Region");
        let khorgos = Some("KHORGOS");
        assert_eq!(document_validity(&doc, &kaz(), at, region, khorgos, &d), ok);
        // Other region, unknown region.
        assert_eq!(
            document_validity(&doc, &kaz(), at, Some("Mangystau Region"), khorgos, &d),
            exp
        );
        assert_eq!(document_validity(&doc, &kaz(), at, None, khorgos, &d), exp);
        // Other crossing point, unknown crossing point.
        assert_eq!(
            document_validity(&doc, &kaz(), at, region, Some("Dostyk"), &d),
            exp
        );
        assert_eq!(document_validity(&doc, &kaz(), at, region, None, &d), exp);
        // Other document kind.
        let id_card = IdentityDocument {
            kind: DocumentKind::IdCard,
            ..doc.clone()
        };
        assert_eq!(
            document_validity(&id_card, &kaz(), at, region, khorgos, &d),
            exp
        );
        // Other holder nationality, unknown nationality.
        let rus = [CountryCode::parse("RUS").expect("code")];
        assert_eq!(document_validity(&doc, &rus, at, region, khorgos, &d), exp);
        assert_eq!(document_validity(&doc, &[], at, region, khorgos, &d), exp);
        // Dual nationality including KAZ is covered.
        assert_eq!(
            document_validity(&doc, &[rus[0], CountryCode::KAZ], at, region, khorgos, &d),
            ok
        );
    }

    #[test]
    fn empty_scopes_and_all_holders_cover_everything() {
        let i = EmergencyInput {
            regions: vec![],
            document_kinds: vec![],
            holders: Some(vec!["ALL".into()]),
            until: None,
            ..input()
        };
        let d = [declaration(i)];
        let doc = IdentityDocument {
            kind: DocumentKind::IdCard,
            ..passport("2020-01-01")
        };
        assert_eq!(
            document_validity(&doc, &[], day("2031-01-01"), None, None, &d),
            under("EM-1", "2020-01-01")
        );
    }

    #[test]
    fn not_expired_is_valid_regardless() {
        let doc = passport("2026-05-01");
        for at in ["2020-01-01", "2026-04-01", "2026-05-01"] {
            assert_eq!(
                document_validity(&doc, &[], day(at), None, None, &[]),
                DocumentValidity::Valid
            );
        }
        let no_expiry = IdentityDocument {
            expiry: None,
            ..doc
        };
        assert_eq!(
            document_validity(&no_expiry, &kaz(), day("2026-04-01"), None, None, &[]),
            DocumentValidity::NoExpiry
        );
    }

    #[test]
    fn first_covering_declaration_is_named() {
        let mut second = input();
        second.regions = vec![];
        let d = [
            declaration(input()),
            second
                .validate(EmergencyId::parse("EM-2").expect("id"))
                .expect("valid"),
        ];
        let doc = passport("2026-01-31");
        let at = day("2026-04-01");
        assert_eq!(
            document_validity(&doc, &kaz(), at, Some("Almaty Region"), None, &d),
            under("EM-1", "2026-01-31")
        );
        assert_eq!(
            document_validity(&doc, &kaz(), at, Some("Abai Region"), None, &d),
            under("EM-2", "2026-01-31")
        );
    }

    #[test]
    fn validation_names_fields() {
        type Case = (&'static str, fn(&mut EmergencyInput));
        let cases: [Case; 10] = [
            ("authority", |i| i.authority = " ".into()),
            ("legal_act", |i| i.legal_act = String::new()),
            ("from", |i| i.from = "2026-02-30".into()),
            ("from", |i| i.from = "2026".into()),
            ("until", |i| i.until = Some("2026-01-01".into())),
            ("until", |i| i.until = Some("soon".into())),
            ("regions[1]", |i| {
                i.regions = vec!["Almaty".into(), " ".into()]
            }),
            ("crossing_points[0]", |i| {
                i.crossing_points = vec![String::new()]
            }),
            ("document_kinds[0]", |i| {
                i.document_kinds = vec!["library card".into()]
            }),
            ("holders[1]", |i| {
                i.holders = Some(vec!["KAZ".into(), "QQQ".into()])
            }),
        ];
        for (field, f) in cases {
            let mut i = input();
            f(&mut i);
            let e = i
                .validate(EmergencyId::parse("EM-1").expect("id"))
                .expect_err(field);
            assert_eq!(e.field, field, "{e}");
        }
        let mut i = input();
        i.holders = Some(vec![]);
        let e = i
            .validate(EmergencyId::parse("EM-1").expect("id"))
            .expect_err("empty holders");
        assert_eq!(e.field, "holders");
    }

    #[test]
    fn defaults_and_serde_round_trip() {
        let d = declaration(EmergencyInput {
            until: Some(String::new()),
            regions: vec!["Almaty".into(), "ALMATY".into()],
            document_kinds: vec!["P".into(), "passport".into(), "ID".into()],
            ..input()
        });
        assert_eq!(d.holders, HolderScope::default());
        assert_eq!(d.period.until, None);
        assert_eq!(d.regions, vec!["Almaty".to_string()]);
        assert_eq!(
            d.document_kinds,
            vec![DocumentKind::Passport, DocumentKind::IdCard]
        );
        let json = serde_json::to_string(&d).expect("json");
        let back: EmergencyDeclaration = serde_json::from_str(&json).expect("back");
        assert_eq!(back, d);
    }
}
