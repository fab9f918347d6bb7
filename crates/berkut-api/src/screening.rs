//! The seam where the screening engine plugs in.
//!
//! The engine (`berkut-engine`) is pure and in memory: a screen takes
//! microseconds, so [`Screening::screen`] is a plain synchronous call made
//! inline by the handler. Until the engine is wired in, the server holds
//! [`EngineUnavailable`] and `POST /v1/screenings` answers 503
//! `engine_unavailable` after validating the request; nothing pretends to
//! screen.

use std::collections::HashMap;

use berkut_domain::{
    ValidationError,
    screening::{Crossing, PresentedDocument, TravellerData},
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// A traveller or applicant to screen (the traveller JSONL format).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreeningRequest {
    /// The caller's id for this traveller, echoed in the result.
    #[serde(default)]
    pub id: Option<String>,
    /// Names as read or typed, in any script and order.
    #[serde(default)]
    pub names: Vec<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub birth_date: Option<String>,
    /// ISO 3166-1 alpha-3 (or ICAO) nationality.
    #[serde(default)]
    pub nationality: Option<String>,
    /// `M`, `F` or `X`.
    #[serde(default)]
    pub sex: Option<String>,
    /// The travel document presented.
    #[serde(default)]
    pub document: Option<TravelDocument>,
    /// MRZ lines, instead of (or as well as) the fields above.
    #[serde(default)]
    pub mrz: Option<Vec<String>>,
    /// The crossing point (for emergency declarations limited to it).
    #[serde(default)]
    pub crossing_point: Option<String>,
    /// The region of the crossing point.
    #[serde(default)]
    pub region: Option<String>,
    /// `entry` (default) or `exit`.
    #[serde(default)]
    pub direction: Option<String>,
    /// `border` (default), `citizenship` or `residence`.
    #[serde(default)]
    pub purpose: Option<String>,
    /// The crossing time, RFC 3339 (`2026-11-27T08:15:00Z`); now when
    /// absent. Bans and documents are judged on its day (UTC).
    #[serde(default)]
    pub at: Option<String>,
}

/// A presented travel document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TravelDocument {
    /// The document number.
    pub number: String,
    /// Issuing state (alpha-3).
    #[serde(default)]
    pub country: Option<String>,
    /// Document type code (`P`, `ID`, …).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Expiry `YYYY-MM-DD`.
    #[serde(default)]
    pub expiry: Option<String>,
}

impl ScreeningRequest {
    /// The checks the API makes before handing a request to the engine.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let has_name = self.names.iter().any(|n| !n.trim().is_empty());
        let has_mrz = self
            .mrz
            .as_ref()
            .is_some_and(|l| l.iter().any(|x| !x.trim().is_empty()));
        if !has_name && !has_mrz {
            return Err(ValidationError::new(
                "names",
                "give at least one name or the MRZ lines",
            ));
        }
        if self.names.len() > 20 {
            return Err(ValidationError::new("names", "at most 20 names"));
        }
        if let Some(m) = &self.mrz
            && m.len() > 3
        {
            return Err(ValidationError::new("mrz", "at most 3 MRZ lines"));
        }
        self.direction()?;
        self.purpose()?;
        self.at()?;
        Ok(())
    }

    /// `entry` or `exit` (default `entry`).
    pub fn direction(&self) -> Result<&'static str, ValidationError> {
        match self.direction.as_deref().map(str::trim) {
            None | Some("entry") => Ok("entry"),
            Some("exit") => Ok("exit"),
            Some(other) => Err(ValidationError::new(
                "direction",
                format!("'{other}' is not a direction; expected entry or exit"),
            )),
        }
    }

    /// `border`, `citizenship` or `residence` (default `border`).
    pub fn purpose(&self) -> Result<&'static str, ValidationError> {
        match self.purpose.as_deref().map(str::trim) {
            None | Some("border") => Ok("border"),
            Some("citizenship") => Ok("citizenship"),
            Some("residence") => Ok("residence"),
            Some(other) => Err(ValidationError::new(
                "purpose",
                format!("'{other}' is not a purpose; expected border, citizenship or residence"),
            )),
        }
    }

    /// The crossing time, when given.
    pub fn at(&self) -> Result<Option<time::OffsetDateTime>, ValidationError> {
        self.at
            .as_deref()
            .map(|s| {
                time::OffsetDateTime::parse(
                    s.trim(),
                    &time::format_description::well_known::Rfc3339,
                )
                .map_err(|e| {
                    ValidationError::new(
                        "at",
                        format!("'{s}' is not an RFC 3339 time (2026-11-27T08:15:00Z): {e}"),
                    )
                })
            })
            .transpose()
    }

    /// The day bans and documents are judged on: the crossing time's UTC
    /// day, or today.
    pub fn day(&self) -> time::Date {
        match self.at() {
            Ok(Some(t)) => t.to_offset(time::UtcOffset::UTC).date(),
            _ => time::OffsetDateTime::now_utc().date(),
        }
    }

    /// The data presented, as the log keeps it.
    pub fn traveller_data(&self) -> TravellerData {
        TravellerData {
            id: self.id.clone(),
            names: self.names.clone(),
            birth_date: self.birth_date.clone(),
            nationality: self.nationality.clone(),
            sex: self.sex.clone(),
            document: self.document.as_ref().map(|d| PresentedDocument {
                number: d.number.clone(),
                country: d.country.clone(),
                kind: d.kind.clone(),
                expiry: d.expiry.clone(),
            }),
            mrz: self.mrz.clone(),
        }
    }

    /// Where and why (call after [`Self::validate`]).
    pub fn crossing(&self) -> Crossing {
        Crossing {
            crossing_point: self.crossing_point.clone(),
            region: self.region.clone(),
            direction: self.direction().unwrap_or("entry").to_string(),
            purpose: self.purpose().unwrap_or("border").to_string(),
            at: self.at.as_ref().map(|s| s.trim().to_string()),
        }
    }

    /// SHA-256 (hex) of the traveller's normalised identity data: names
    /// (upper case, spaces collapsed, sorted), birth date, nationality,
    /// sex, document number and issuing state, MRZ lines. The caller's id,
    /// the crossing and the document's expiry are left out. Review
    /// outcomes are remembered under it: any change in these data makes a
    /// different fingerprint and reopens the question.
    pub fn fingerprint(&self) -> String {
        fn norm(s: &str) -> String {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_uppercase()
        }
        let mut names: Vec<String> = self.names.iter().map(|n| norm(n)).collect();
        names.retain(|n| !n.is_empty());
        names.sort();
        names.dedup();
        let doc = self.document.as_ref().map(|d| {
            serde_json::json!({
                "number": d.number.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_uppercase(),
                "country": d.country.as_deref().map(norm),
            })
        });
        let value = serde_json::json!({
            "names": names,
            "birth_date": self.birth_date.as_deref().map(norm),
            "nationality": self.nationality.as_deref().map(norm),
            "sex": self.sex.as_deref().map(norm),
            "document": doc,
            "mrz": self.mrz.as_ref().map(|l| l.iter().map(|x| norm(x)).collect::<Vec<_>>()),
        });
        let canonical = berkut_domain::event::canonical_json(&value);
        hex::encode(Sha256::digest(canonical.as_bytes()))
    }
}

/// The engine's answer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScreeningResult {
    /// The request's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `CLEAR`, `REFER` or `DENY`.
    pub decision: String,
    /// Candidate matches with their scores and reasons.
    pub matches: Vec<ScreeningMatch>,
    /// The event seq of the index the decision was made against.
    pub index_seq: u64,
    /// Why, in one line each (CLEAR/REFER/DENY first).
    #[serde(default)]
    pub reasons: Vec<String>,
    /// Checks of the presented document (invalidated register, validity
    /// with emergency declarations).
    #[serde(default)]
    pub document_checks: Vec<DocumentCheckResult>,
    /// Problems with the input (failed MRZ check digits, truncated names).
    #[serde(default)]
    pub warnings: Vec<String>,
    /// The node has not heard from the central log for longer than its
    /// staleness threshold: the decision was made on an older list state
    /// (`index_seq`), and bans imposed since may be missing.
    #[serde(default)]
    pub stale: bool,
    /// The `screening.recorded` event's id (`S-…`); every screening is one.
    #[serde(default)]
    pub screening_id: String,
    /// Alerts this screening raised (a DENY against a ban in force).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alert_ids: Vec<String>,
    /// Review items this REFER opened, one per candidate entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review_ids: Vec<String>,
    /// The central store was unreachable: this node kept the screening in
    /// its spool under `screening_id` and sends it (with the alerts a DENY
    /// raises) when the centre returns.
    #[serde(default)]
    pub spooled: bool,
}

/// One result of a name search.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NameHit {
    /// Entry id (`registry:W-1` for a person registered in Berkut,
    /// `source:id` for an imported list entry).
    pub entry_id: String,
    /// The source (`registry` or the list's source name).
    pub source: String,
    /// Best name similarity, 0..1.
    pub score: f64,
    /// For a registry entry: the person's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
}

/// How the engine stands against the event log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EngineStatus {
    /// Last event applied to the index (`applied_seq`).
    pub index_seq: u64,
    /// Newest log head the node has seen.
    pub head_seq: u64,
    /// `head_seq - index_seq`.
    pub lag: u64,
    /// Screenable records in the index.
    pub records: u64,
    /// Seconds since the log was last read successfully.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_since_sync: Option<f64>,
    /// No successful read for longer than the staleness threshold.
    pub stale: bool,
    /// The last read reached the store.
    pub connected: bool,
    /// A hash-chain break stopped the follower (its first bad seq and fault).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrity: Option<String>,
}

/// One candidate match.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScreeningMatch {
    /// Watchlist entry or person id.
    pub entry_id: String,
    /// Score in `0..=1`.
    pub score: f64,
    /// Readable reasons.
    pub reasons: Vec<String>,
    /// `weak`, `possible` or `strong`.
    #[serde(default)]
    pub band: String,
    /// The source list, or `registry` for bans imposed in Berkut.
    #[serde(default)]
    pub source: String,
    /// The legal ground, when the entry bars entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<String>,
    /// Whether the entry bars entry on the screening day.
    #[serde(default)]
    pub bars_entry: bool,
    /// Whether this match is DENY-level evidence against a ban in force.
    #[serde(default)]
    pub deny: bool,
}

/// One check of the presented document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DocumentCheckResult {
    /// `invalidated_register` or `validity`.
    pub check: String,
    /// Whether the document passed.
    pub ok: bool,
    /// What was found.
    pub detail: String,
}

/// Why a screen could not be made.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ScreeningError {
    /// No engine, or its index is not loaded yet.
    #[error("{0}")]
    Unavailable(String),
    /// The engine refused the input.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
}

/// What the API needs from a screening engine. `berkut-engine`'s
/// `Screener` is meant to implement this (or be wrapped by a type that does).
pub trait Screening: Send + Sync + 'static {
    /// Screen one traveller. Called inline on the request task: keep it short.
    fn screen(&self, request: &ScreeningRequest) -> Result<ScreeningResult, ScreeningError>;

    /// Screen one traveller, setting aside the REFER-level matches named in
    /// `set_aside` (entry id → the reason to report). DENY-level matches are
    /// never set aside. An engine without review memory ignores it.
    fn screen_setting_aside(
        &self,
        request: &ScreeningRequest,
        set_aside: &HashMap<String, String>,
    ) -> Result<ScreeningResult, ScreeningError> {
        let _ = set_aside;
        self.screen(request)
    }

    /// Whether the engine can screen now (index loaded); `/readyz` reports it.
    fn ready(&self) -> bool {
        true
    }

    /// Where the engine's index stands against the log (`None`: no engine).
    fn status(&self) -> Option<EngineStatus> {
        None
    }

    /// Search the screening index by name: entries whose best name pair
    /// scores at least `min_score`, best first.
    fn search(
        &self,
        _name: &str,
        _min_score: f64,
        _limit: usize,
    ) -> Result<Vec<NameHit>, ScreeningError> {
        Err(ScreeningError::Unavailable(
            "no screening index in this server".into(),
        ))
    }

    /// Whether the engine's last read of the log reached the store (cheap;
    /// asked on every screening by a node with a spool).
    fn store_reachable(&self) -> bool {
        true
    }
}

/// The placeholder engine: every screen is refused as unavailable.
#[derive(Debug, Clone, Copy, Default)]
pub struct EngineUnavailable;

impl Screening for EngineUnavailable {
    fn screen(&self, _: &ScreeningRequest) -> Result<ScreeningResult, ScreeningError> {
        Err(ScreeningError::Unavailable(
            "the screening engine is not part of this server yet".into(),
        ))
    }

    /// The placeholder does not hold readiness back: the rest of the API works.
    fn ready(&self) -> bool {
        true
    }
}
