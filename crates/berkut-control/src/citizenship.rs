//! Citizenship eligibility from screening matches, and the application's
//! status machine `submitted → screened → decided`.
//!
//! Only a match against an *active* ban (or a listing with a legal ground
//! that is in force) whose ground bars citizenship
//! ([`LegalGround::bars_citizenship`]: sexual offences against minors,
//! terrorism, extremism, organised and serious crime) counts:
//! - **refused** when such a match is decisive (the screener's DENY-level
//!   evidence: document, or strong name with the full birth date) or in
//!   the strong band;
//! - **review** when it is only possible;
//! - **eligible** otherwise. Matches on other grounds, lifted or expired
//!   bans and weak matches are listed as not counted, with the reason.
//!
//! Invariants: the outcome depends on the set of matches, not their order;
//! a decided application never changes again; an officer cannot grant an
//! application whose screening was `refused` (the law bars it), and every
//! decision carries a reason and an officer.

use berkut_domain::{LegalGround, ValidationError, iso_date};
use berkut_engine::{Decision, MatchReport};
use serde::{Deserialize, Serialize};
use time::Date;

/// Score band of a match (as `berkut-match` bands it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchBand {
    /// Below the possible threshold.
    Weak,
    /// Worth a look.
    Possible,
    /// Strong evidence of the same person.
    Strong,
}

/// The state of the ban behind a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BanState {
    /// In force.
    Active,
    /// Lifted.
    Lifted,
    /// Its term ended.
    Expired,
}

/// One screening match of an applicant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningMatch {
    /// The matched entry (`registry:P-1`, `national_register:W-1`).
    pub entry_id: String,
    /// Score in `0..=1`.
    pub score: f64,
    /// Band.
    pub band: MatchBand,
    /// The screener found DENY-level evidence for this match.
    pub decisive: bool,
    /// Legal ground of the ban or listing, if any.
    pub ground: Option<LegalGround>,
    /// The ban's id when known (registry bans); else the entry is the ban.
    #[serde(default)]
    pub ban_id: Option<String>,
    /// State of the ban.
    pub ban_state: BanState,
}

impl ScreeningMatch {
    /// The reference named in a refusal: the ban id, or the entry id.
    pub fn ban_ref(&self) -> &str {
        self.ban_id.as_deref().unwrap_or(&self.entry_id)
    }

    fn counts(&self) -> Result<LegalGround, &'static str> {
        let Some(g) = self.ground else {
            return Err("no legal ground");
        };
        if !g.bars_citizenship() {
            return Err("ground does not bar citizenship");
        }
        if self.ban_state != BanState::Active {
            return Err("ban not active");
        }
        if self.band == MatchBand::Weak && !self.decisive {
            return Err("weak match");
        }
        Ok(g)
    }
}

/// Matches from a screening [`Decision`] of the applicant.
///
/// The engine reports a ground only for entries that bar entry on the
/// screening day, so a reported ground means an active ban; `decisive` is
/// the engine's own DENY-level flag (`MatchReport::deny`). It reports no
/// ban id (`ban_id` is `None`).
pub fn matches_from_decision(d: &Decision) -> Vec<ScreeningMatch> {
    d.matches.iter().map(from_report).collect()
}

fn from_report(m: &MatchReport) -> ScreeningMatch {
    let ground = m.ground.as_deref().and_then(|g| LegalGround::parse(g).ok());
    ScreeningMatch {
        entry_id: m.entry_id.clone(),
        score: m.score,
        band: match m.band.as_str() {
            "strong" => MatchBand::Strong,
            "possible" => MatchBand::Possible,
            _ => MatchBand::Weak,
        },
        decisive: m.deny,
        ground,
        ban_id: None,
        ban_state: if m.bars_entry && ground.is_some() {
            BanState::Active
        } else {
            BanState::Expired
        },
    }
}

/// A match that leads to review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    /// The entry.
    pub entry_id: String,
    /// Its ground.
    pub ground: LegalGround,
    /// Ban or entry reference.
    pub ban: String,
    /// Score.
    pub score: f64,
}

/// A match left out of the outcome, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotCounted {
    /// The entry.
    pub entry_id: String,
    /// Why it does not count.
    pub why: String,
}

/// The eligibility outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Eligibility {
    /// No counted match.
    Eligible {
        /// Matches left out, with the reason.
        not_counted: Vec<NotCounted>,
    },
    /// A decisive or strong match with an active ban that bars citizenship.
    Refused {
        /// The ground.
        ground: LegalGround,
        /// The ban (id, or entry id for listings).
        ban: String,
        /// The entry matched.
        entry_id: String,
        /// Its score.
        score: f64,
    },
    /// Possible matches an officer must resolve.
    Review {
        /// The matches, best first.
        matches: Vec<ReviewItem>,
    },
}

impl Eligibility {
    /// `eligible`, `refused` or `review`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Eligible { .. } => "eligible",
            Self::Refused { .. } => "refused",
            Self::Review { .. } => "review",
        }
    }
}

/// Decide eligibility from an applicant's screening matches.
///
/// Among refusing matches the one named is the highest score, then the
/// ground first in [`LegalGround::ALL`], then the smallest entry id.
pub fn eligibility(matches: &[ScreeningMatch]) -> Eligibility {
    let mut refusing: Vec<(&ScreeningMatch, LegalGround)> = Vec::new();
    let mut review: Vec<ReviewItem> = Vec::new();
    let mut not_counted = Vec::new();
    for m in matches {
        match m.counts() {
            Ok(g) if m.decisive || m.band == MatchBand::Strong => refusing.push((m, g)),
            Ok(g) => review.push(ReviewItem {
                entry_id: m.entry_id.clone(),
                ground: g,
                ban: m.ban_ref().to_string(),
                score: m.score,
            }),
            Err(why) => not_counted.push(NotCounted {
                entry_id: m.entry_id.clone(),
                why: why.into(),
            }),
        }
    }
    refusing.sort_by(|a, b| {
        b.0.score
            .total_cmp(&a.0.score)
            .then(a.1.cmp(&b.1))
            .then_with(|| a.0.entry_id.cmp(&b.0.entry_id))
    });
    if let Some((m, g)) = refusing.first() {
        return Eligibility::Refused {
            ground: *g,
            ban: m.ban_ref().to_string(),
            entry_id: m.entry_id.clone(),
            score: m.score,
        };
    }
    if !review.is_empty() {
        review.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.entry_id.cmp(&b.entry_id))
        });
        return Eligibility::Review { matches: review };
    }
    not_counted.sort_by(|a, b| a.entry_id.cmp(&b.entry_id));
    Eligibility::Eligible { not_counted }
}

/// Kind of application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationKind {
    /// Admission by naturalisation.
    Naturalisation,
    /// Restoration of citizenship.
    Restoration,
    /// Admission of a kandas (ethnic Kazakh returnee).
    Kandas,
}

/// An officer's final decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Citizenship granted.
    Grant,
    /// Application refused.
    Refuse,
}

/// The final decision as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalDecision {
    /// Grant or refuse.
    pub verdict: Verdict,
    /// Why (required).
    pub reason: String,
    /// Who decided.
    pub officer: String,
    /// When.
    #[serde(with = "iso_date")]
    pub on: Date,
}

/// Where an application stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ApplicationState {
    /// Received, not screened yet.
    Submitted,
    /// Screened (again, after each re-screening), waiting for an officer.
    Screened {
        /// The latest outcome.
        outcome: Eligibility,
    },
    /// Finally decided.
    Decided {
        /// The outcome the officer decided on.
        outcome: Eligibility,
        /// The decision.
        decision: FinalDecision,
    },
}

impl ApplicationState {
    /// `submitted`, `screened` or `decided`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Screened { .. } => "screened",
            Self::Decided { .. } => "decided",
        }
    }
}

/// A transition the status machine does not allow.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TransitionError {
    /// Deciding before screening.
    #[error("application {id} is submitted but not screened; screen it before deciding")]
    NotScreened {
        /// Application id.
        id: String,
    },
    /// Anything after the final decision.
    #[error("application {id} is already decided ({verdict:?}); a decision is final")]
    AlreadyDecided {
        /// Application id.
        id: String,
        /// The decision made.
        verdict: Verdict,
    },
    /// Granting against a ground that bars citizenship.
    #[error("application {id} cannot be granted: ban {ban} on ground {ground} bars citizenship")]
    GrantAgainstBar {
        /// Application id.
        id: String,
        /// The ground.
        ground: LegalGround,
        /// The ban.
        ban: String,
    },
    /// A required field is missing.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
}

/// One step of an application's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// State after the step.
    pub state: String,
    /// When.
    #[serde(with = "iso_date")]
    pub on: Date,
    /// One-line summary.
    pub summary: String,
}

/// A citizenship application and its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: ApplicationKind,
    /// Current state.
    pub state: ApplicationState,
    /// Every step, oldest first.
    pub history: Vec<Step>,
}

fn required(field: &str, s: &str) -> Result<String, ValidationError> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        Err(ValidationError::new(
            field,
            "is required and must not be empty",
        ))
    } else {
        Ok(t)
    }
}

impl Application {
    /// A new application, `submitted` on `on`.
    pub fn submit(id: &str, kind: ApplicationKind, on: Date) -> Result<Self, ValidationError> {
        let id = required("id", id)?;
        Ok(Self {
            id,
            kind,
            state: ApplicationState::Submitted,
            history: vec![Step {
                state: "submitted".into(),
                on,
                summary: format!("{kind:?} application submitted"),
            }],
        })
    }

    fn decided(&self) -> Result<(), TransitionError> {
        if let ApplicationState::Decided { decision, .. } = &self.state {
            return Err(TransitionError::AlreadyDecided {
                id: self.id.clone(),
                verdict: decision.verdict,
            });
        }
        Ok(())
    }

    /// Record a screening outcome (first or repeated): `submitted` or
    /// `screened` → `screened`.
    pub fn screened(&mut self, outcome: Eligibility, on: Date) -> Result<(), TransitionError> {
        self.decided()?;
        let summary = match &outcome {
            Eligibility::Eligible { .. } => "screened: eligible".to_string(),
            Eligibility::Refused { ground, ban, .. } => {
                format!("screened: refused, ban {ban} on ground {ground}")
            }
            Eligibility::Review { matches } => {
                format!("screened: review, {} possible match(es)", matches.len())
            }
        };
        self.state = ApplicationState::Screened { outcome };
        self.history.push(Step {
            state: "screened".into(),
            on,
            summary,
        });
        Ok(())
    }

    /// An officer's final decision: `screened` → `decided`.
    pub fn decide(
        &mut self,
        verdict: Verdict,
        reason: &str,
        officer: &str,
        on: Date,
    ) -> Result<(), TransitionError> {
        self.decided()?;
        let outcome = match &self.state {
            ApplicationState::Submitted => {
                return Err(TransitionError::NotScreened {
                    id: self.id.clone(),
                });
            }
            ApplicationState::Screened { outcome } => outcome.clone(),
            ApplicationState::Decided { .. } => return self.decided(),
        };
        let reason = required("reason", reason)?;
        let officer = required("officer", officer)?;
        if let (Verdict::Grant, Eligibility::Refused { ground, ban, .. }) = (verdict, &outcome) {
            return Err(TransitionError::GrantAgainstBar {
                id: self.id.clone(),
                ground: *ground,
                ban: ban.clone(),
            });
        }
        self.history.push(Step {
            state: "decided".into(),
            on,
            summary: format!("{verdict:?} by {officer}: {reason}"),
        });
        self.state = ApplicationState::Decided {
            outcome,
            decision: FinalDecision {
                verdict,
                reason,
                officer,
                on,
            },
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::calendar::day;

    fn m(id: &str, score: f64, band: MatchBand, ground: Option<LegalGround>) -> ScreeningMatch {
        ScreeningMatch {
            entry_id: id.into(),
            score,
            band,
            decisive: false,
            ground,
            ban_id: Some(format!("B-{id}")),
            ban_state: BanState::Active,
        }
    }

    use LegalGround as G;
    use MatchBand as B;

    #[test]
    fn outcomes_table() {
        let sex = Some(G::SexualOffenceAgainstMinor);
        let cases: Vec<(Vec<ScreeningMatch>, &str)> = vec![
            (vec![], "eligible"),
            (vec![m("a", 0.95, B::Strong, sex)], "refused"),
            (vec![m("a", 0.80, B::Possible, sex)], "review"),
            (vec![m("a", 0.60, B::Weak, sex)], "eligible"),
            (
                vec![m("a", 0.95, B::Strong, Some(G::MigrationViolation))],
                "eligible",
            ),
            (
                vec![m("a", 0.95, B::Strong, Some(G::UnOrForeignSanctions))],
                "eligible",
            ),
            (vec![m("a", 0.95, B::Strong, None)], "eligible"),
            (
                vec![ScreeningMatch {
                    ban_state: BanState::Lifted,
                    ..m("a", 0.95, B::Strong, sex)
                }],
                "eligible",
            ),
            (
                vec![ScreeningMatch {
                    decisive: true,
                    ..m("a", 0.86, B::Possible, Some(G::Terrorism))
                }],
                "refused",
            ),
            (
                vec![
                    m("a", 0.80, B::Possible, Some(G::Extremism)),
                    m("b", 0.95, B::Strong, Some(G::OrganisedCrime)),
                ],
                "refused",
            ),
        ];
        for (ms, want) in cases {
            assert_eq!(eligibility(&ms).code(), want, "{ms:?}");
        }
    }

    #[test]
    fn refusal_names_ground_and_ban() {
        let e = eligibility(&[
            m("w1", 0.92, B::Strong, Some(G::SeriousCrime)),
            m("w2", 0.97, B::Strong, Some(G::SexualOffenceAgainstMinor)),
            m("w3", 0.99, B::Strong, Some(G::MigrationViolation)),
        ]);
        assert_eq!(
            e,
            Eligibility::Refused {
                ground: G::SexualOffenceAgainstMinor,
                ban: "B-w2".into(),
                entry_id: "w2".into(),
                score: 0.97
            }
        );
        let json = serde_json::to_value(&e).expect("serialises");
        assert_eq!(json["outcome"], "refused");
        assert_eq!(json["ground"], "sexual_offence_against_minor");
    }

    #[test]
    fn status_machine() {
        let on = day("2026-11-27");
        let mut a = Application::submit("C-1", ApplicationKind::Kandas, on).expect("valid");
        let e = a
            .decide(Verdict::Grant, "ok", "officer-1", on)
            .expect_err("not screened");
        assert!(matches!(e, TransitionError::NotScreened { .. }), "{e}");
        a.screened(
            eligibility(&[m("w", 0.8, B::Possible, Some(G::Terrorism))]),
            on,
        )
        .expect("screen");
        // re-screening a pending application is allowed
        a.screened(
            eligibility(&[m("w", 0.97, B::Strong, Some(G::Terrorism))]),
            on,
        )
        .expect("re-screen");
        let e = a
            .decide(Verdict::Grant, "officer thinks it is a namesake", "o", on)
            .expect_err("barred");
        assert!(matches!(e, TransitionError::GrantAgainstBar { .. }), "{e}");
        let e = a.decide(Verdict::Refuse, " ", "o", on).expect_err("reason");
        assert!(
            matches!(e, TransitionError::Invalid(ref v) if v.field == "reason"),
            "{e}"
        );
        let e = a
            .decide(Verdict::Refuse, "ban", "", on)
            .expect_err("officer");
        assert!(
            matches!(e, TransitionError::Invalid(ref v) if v.field == "officer"),
            "{e}"
        );
        a.decide(Verdict::Refuse, "terrorism ban B-w", "officer-1", on)
            .expect("decide");
        assert_eq!(a.state.code(), "decided");
        assert!(matches!(
            a.screened(eligibility(&[]), on),
            Err(TransitionError::AlreadyDecided { .. })
        ));
        assert!(matches!(
            a.decide(Verdict::Refuse, "again", "o", on),
            Err(TransitionError::AlreadyDecided { .. })
        ));
        let states: Vec<&str> = a.history.iter().map(|s| s.state.as_str()).collect();
        assert_eq!(states, ["submitted", "screened", "screened", "decided"]);
        // a review can be granted by an officer who resolves it
        let mut b = Application::submit("C-2", ApplicationKind::Naturalisation, on).expect("valid");
        b.screened(
            eligibility(&[m("w", 0.8, B::Possible, Some(G::Terrorism))]),
            on,
        )
        .expect("screen");
        b.decide(
            Verdict::Grant,
            "namesake: other birth date",
            "officer-2",
            on,
        )
        .expect("grant after review");
        let json = serde_json::to_string(&b).expect("serialises");
        assert_eq!(
            serde_json::from_str::<Application>(&json).expect("parses"),
            b
        );
    }

    fn any_match() -> impl Strategy<Value = ScreeningMatch> {
        (
            "[a-d]",
            0.0f64..1.0,
            0u8..3,
            any::<bool>(),
            proptest::option::of(0usize..9),
            0u8..3,
        )
            .prop_map(|(id, score, band, decisive, g, st)| ScreeningMatch {
                entry_id: id,
                score,
                band: [B::Weak, B::Possible, B::Strong][usize::from(band)],
                decisive,
                ground: g.map(|i| G::ALL[i]),
                ban_id: None,
                ban_state: [BanState::Active, BanState::Lifted, BanState::Expired][usize::from(st)],
            })
    }

    proptest! {
        #[test]
        fn outcome_ignores_order_and_only_barring_active_bans_refuse(
            ms in proptest::collection::vec(any_match(), 0..6),
            shift in 0usize..6,
        ) {
            let e = eligibility(&ms);
            let mut rotated = ms.clone();
            if !rotated.is_empty() {
                let k = shift % rotated.len();
                rotated.rotate_left(k);
            }
            prop_assert_eq!(eligibility(&rotated).code(), e.code());
            if let Eligibility::Refused { ground, entry_id, .. } = &e {
                prop_assert!(ground.bars_citizenship());
                prop_assert!(ms.iter().any(|m| &m.entry_id == entry_id
                    && m.ban_state == BanState::Active
                    && (m.decisive || m.band == B::Strong)));
            }
            let counts = ms.iter().any(|m| m.ground.is_some_and(G::bars_citizenship)
                && m.ban_state == BanState::Active
                && (m.decisive || m.band != B::Weak));
            prop_assert_eq!(e.code() == "eligible", !counts);
        }
    }
}
