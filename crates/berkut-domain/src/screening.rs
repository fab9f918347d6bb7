//! Screenings, attempts by banned persons, alerts and review items as
//! events: what a screening was asked and answered, who tried to enter
//! against which ban, and how alerts and review items were handled.
//!
//! Architecture Invariant: every screening is a `screening.recorded` event,
//! every DENY against an entry that bars entry is an `attempt.recorded`
//! event (which raises the alert), and every change of an alert or review
//! item is an event; the `alerts`, `ban_attempts`, `reviews` and
//! `review_exclusions` tables are projections of these events.
//!
//! Plain strings: the API validates the request before it screens, and the
//! log keeps what was presented, as presented.

use serde::{Deserialize, Serialize};

/// The traveller data presented at a screening.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TravellerData {
    /// The caller's id for the traveller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Names as presented.
    #[serde(default)]
    pub names: Vec<String>,
    /// Birth date as presented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Nationality as presented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Sex as presented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    /// The travel document presented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<PresentedDocument>,
    /// MRZ lines as read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mrz: Option<Vec<String>>,
}

/// A travel document as presented.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresentedDocument {
    /// Number.
    pub number: String,
    /// Issuing state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Type code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<String>,
}

/// Where, when and why a traveller was screened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crossing {
    /// The crossing point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crossing_point: Option<String>,
    /// Its region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `entry` or `exit`.
    pub direction: String,
    /// `border`, `citizenship` or `residence`.
    pub purpose: String,
    /// The crossing time (RFC 3339) when the caller gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// Payload of `screening.recorded`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningRecorded {
    /// The screening's id (`S-…`).
    pub screening_id: String,
    /// What was presented.
    pub traveller: TravellerData,
    /// SHA-256 of the traveller's normalised data (review memory key).
    pub traveller_fingerprint: String,
    /// Where and why.
    pub crossing: Crossing,
    /// `CLEAR`, `REFER` or `DENY`.
    pub decision: String,
    /// Entry ids of the reported matches, best first.
    pub matched_entries: Vec<String>,
    /// The index seq the decision was made against.
    pub index_seq: u64,
}

/// Payload of `attempt.recorded`: an attempted entry by a banned person.
/// The event raises alert `alert_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRecorded {
    /// The alert this attempt raises (`AL-…`).
    pub alert_id: String,
    /// The screening that found it.
    pub screening_id: String,
    /// The entry matched (`registry:P-1`, `national_register:W-9`).
    pub entry_id: String,
    /// The registry bans in force against that person (empty for a
    /// watchlist entry, which is its own ban-equivalent).
    pub ban_ids: Vec<String>,
    /// The legal ground.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<String>,
    /// Who tried: the data presented.
    pub traveller: TravellerData,
    /// Where, when, which direction.
    pub crossing: Crossing,
    /// The user whose screening found it.
    pub screened_by: String,
    /// The review item whose `same_person` outcome made it a DENY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_id: Option<String>,
}

/// Payload of `alert.acknowledged`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertAcknowledged {
    /// The alert.
    pub alert_id: String,
    /// An optional note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Payload of `alert.closed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertClosed {
    /// The alert.
    pub alert_id: String,
    /// Why it is closed (required).
    pub note: String,
}

/// Payload of `review.opened`: a REFER put before an officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewOpened {
    /// The review item (`R-…`).
    pub review_id: String,
    /// The screening.
    pub screening_id: String,
    /// The candidate entry.
    pub entry_id: String,
    /// The entry's content version when the screening was made.
    pub entry_version: String,
    /// The traveller's fingerprint.
    pub traveller_fingerprint: String,
    /// What was presented.
    pub traveller: TravellerData,
    /// Where and why.
    pub crossing: Crossing,
    /// Score in thousandths.
    pub score_milli: u32,
    /// `weak`, `possible` or `strong`.
    pub band: String,
    /// The evidence, one line each.
    pub evidence: Vec<String>,
    /// Whether the entry barred entry at the screening.
    pub bars_entry: bool,
    /// The legal ground when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<String>,
    /// The user whose screening opened it.
    pub screened_by: String,
}

/// Payload of `review.resolved`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewResolved {
    /// The review item.
    pub review_id: String,
    /// `same_person` or `different_person`.
    pub outcome: String,
    /// The officer's note.
    pub note: String,
}

/// Payload of `screening.revised`: a screening's decision changed by review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningRevised {
    /// The screening.
    pub screening_id: String,
    /// The new decision (`DENY`).
    pub decision: String,
    /// The review item that changed it.
    pub review_id: String,
}
