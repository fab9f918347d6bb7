//! The seam where the screening engine plugs in.
//!
//! The engine (`berkut-engine`) is pure and in memory: a screen takes
//! microseconds, so [`Screening::screen`] is a plain synchronous call made
//! inline by the handler. Until the engine is wired in, the server holds
//! [`EngineUnavailable`] and `POST /v1/screenings` answers 503
//! `engine_unavailable` after validating the request; nothing pretends to
//! screen.

use berkut_domain::ValidationError;
use serde::{Deserialize, Serialize};
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
        Ok(())
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
}

/// Why a screen could not be made.
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

    /// Whether the engine can screen now (index loaded); `/readyz` reports it.
    fn ready(&self) -> bool {
        true
    }

    /// Where the engine's index stands against the log (`None`: no engine).
    fn status(&self) -> Option<EngineStatus> {
        None
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
