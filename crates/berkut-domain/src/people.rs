//! Migration-control events about people (issue #7): citizenship
//! applications, entry/exit records (stays) and overstays, ban proposals,
//! and re-screening hits.
//!
//! Architecture Invariant: each change of an application, a stay or a ban
//! proposal is one of these events; the `citizenship_applications`,
//! `stays`, `ban_proposals` and `rescreen_cursor` tables are their
//! projections. An overstay and a re-screening hit are alerts: their
//! events (`stay.overstay_detected`, `rescreen.hit`) raise an `alerts` row
//! (kind `overstay` / `rescreen`) in the same transaction, as
//! `attempt.recorded` does for kind `attempt`.
//!
//! The rules (eligibility, stay limits, re-screening) are `berkut-control`'s;
//! these payloads carry their outcomes as plain data, so this crate does
//! not depend on them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::screening::{Crossing, PresentedDocument, TravellerData};

/// A citizenship applicant as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    /// Names in any script.
    pub names: Vec<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Nationality (alpha-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// `M`, `F` or `X`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    /// Kazakhstan IIN, when the applicant has one (validated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iin: Option<String>,
    /// Identity documents.
    #[serde(default)]
    pub documents: Vec<PresentedDocument>,
}

/// Payload of `citizenship.application_submitted`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSubmitted {
    /// Id (`CA-…`).
    pub application_id: String,
    /// `naturalisation`, `restoration` or `kandas`.
    pub kind: String,
    /// Who applies.
    pub applicant: Applicant,
}

/// Payload of `citizenship.screened`: the eligibility outcome of one
/// screening of the applicant (at submission or on re-screening).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationScreened {
    /// The application.
    pub application_id: String,
    /// `eligible`, `refused` or `review`.
    pub outcome: String,
    /// The ground that refuses, when refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<String>,
    /// The ban named (ban id, or the entry id for a listing), when refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ban: Option<String>,
    /// The full outcome (`berkut-control`'s `Eligibility` as JSON).
    pub eligibility: Value,
    /// Entries the screening matched, best first.
    pub matched_entries: Vec<String>,
    /// The index seq of the screening (the trigger's seq for a re-screening).
    pub index_seq: u64,
    /// `submission`, or `rescreen` (a new ban or listing).
    pub trigger: String,
}

/// Payload of `citizenship.decided`: an officer's final decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDecided {
    /// The application.
    pub application_id: String,
    /// `granted` or `refused`.
    pub decision: String,
    /// Why (required).
    pub reason: String,
}

/// Payload of `stay.opened`: an entry screening that ended CLEAR at a
/// border opened an entry record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayOpened {
    /// Id (`ST-…`).
    pub stay_id: String,
    /// Who: the document (`doc:KAZ:N123`) or the traveller fingerprint
    /// (`fp:…`); the exit of the same key closes the record.
    pub person_key: String,
    /// The entry screening.
    pub screening_id: String,
    /// Entry day, `YYYY-MM-DD`.
    pub entry_on: String,
    /// What was presented.
    pub traveller: TravellerData,
    /// Where.
    pub crossing: Crossing,
}

/// Payload of `stay.closed`: an exit screening of the same person closed
/// the open entry record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayClosed {
    /// The stay.
    pub stay_id: String,
    /// The exit screening.
    pub screening_id: String,
    /// Exit day, `YYYY-MM-DD`.
    pub exit_on: String,
}

/// Payload of `stay.overstay_detected`: an open stay past its allowed end.
/// Raises alert `alert_id` (kind `overstay`); one per stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverstayDetected {
    /// The alert raised (`AL-…`).
    pub alert_id: String,
    /// The stay.
    pub stay_id: String,
    /// The entry screening.
    pub screening_id: String,
    /// Entry day.
    pub entry_on: String,
    /// Last lawful day.
    pub allowed_until: String,
    /// Days present after it on the check day.
    pub days_over: u32,
    /// The rule exceeded.
    pub rule: String,
    /// One line: days, since when, rule and limit.
    pub reason: String,
    /// The traveller as presented at entry.
    pub traveller: TravellerData,
    /// The entry crossing.
    pub crossing: Crossing,
}

/// Payload of `rescreen.hit`: a member of the population (in the country,
/// pending applicant, registered worker) may be the person of a new ban or
/// listing. Raises alert `alert_id` (kind `rescreen`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RescreenHit {
    /// The alert raised (`AL-…`).
    pub alert_id: String,
    /// Seq of the event that brought the new entry (`ban.imposed`,
    /// `watchlist.entry_listed`, …).
    pub trigger_seq: u64,
    /// The new entry (`registry:P-1`, `un_sc:QDi.1`).
    pub entry_id: String,
    /// The registry bans behind it.
    #[serde(default)]
    pub ban_ids: Vec<String>,
    /// Its legal ground.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<String>,
    /// `in_country`, `pending_applicant` or `registered_worker`.
    pub member_kind: String,
    /// The member's id (stay, application or worker id).
    pub member_id: String,
    /// Score in thousandths.
    pub score_milli: u32,
    /// `possible` or `strong`.
    pub band: String,
    /// The evidence.
    pub reasons: Vec<String>,
    /// The member's data.
    pub traveller: TravellerData,
    /// The member's entry crossing (stays), or a crossing of purpose
    /// `citizenship` (applications).
    pub crossing: Crossing,
    /// The screening behind the member (entry screening of a stay), or
    /// the member id.
    pub screening_id: String,
}

/// Payload of `rescreen.completed`: the re-screening task has handled
/// every trigger event up to `through_seq` (its cursor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RescreenCompleted {
    /// Last trigger seq handled.
    pub through_seq: u64,
    /// New entries screened.
    pub entries: u64,
    /// Population members indexed.
    pub members: u64,
    /// Alerts raised.
    pub hits: u64,
}

/// Payload of `ban_proposal.opened`: an overstay proposed as a
/// `migration_violation` ban, for an officer to confirm or reject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanProposalOpened {
    /// Id (`BP-…`).
    pub proposal_id: String,
    /// The stay that overstayed.
    pub stay_id: String,
    /// Always `migration_violation`.
    pub ground: String,
    /// The finding it rests on.
    pub basis: String,
}

/// Payload of `ban_proposal.confirmed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanProposalConfirmed {
    /// The proposal.
    pub proposal_id: String,
    /// The ban imposed.
    pub ban_id: String,
}

/// Payload of `ban_proposal.rejected`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanProposalRejected {
    /// The proposal.
    pub proposal_id: String,
    /// Why (required).
    pub reason: String,
}
