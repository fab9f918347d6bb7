//! Employers of foreign workers, the workers, and inspections of employers
//! by territorial police, as events (issue #7).
//!
//! The rules (BIN/IIN, permit terms, notification deadlines, risk scores)
//! are `berkut-control`'s; these are the records of what was validated and
//! decided, as the log keeps them. Territorial units are their ISO
//! 3166-2:KZ codes (`KZ-75`), permit categories their numbers 1–4.
//!
//! All five kinds are one [`crate::EventBody::Labour`] variant, so the
//! engine and the follower, which ignore them, need one arm for all.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{Person, iso_date};

/// Event kinds as stored.
pub mod kind {
    /// [`super::LabourEvent::EmployerRegistered`].
    pub const EMPLOYER_REGISTERED: &str = "employer.registered";
    /// [`super::LabourEvent::EmployerScreened`].
    pub const EMPLOYER_SCREENED: &str = "employer.screened";
    /// [`super::LabourEvent::EmployersRescreened`].
    pub const EMPLOYERS_RESCREENED: &str = "employers.rescreened";
    /// [`super::LabourEvent::WorkerRegistered`].
    pub const WORKER_REGISTERED: &str = "worker.registered";
    /// [`super::LabourEvent::WorkerTerminated`].
    pub const WORKER_TERMINATED: &str = "worker.terminated";
    /// [`super::LabourEvent::InspectionRecorded`].
    pub const INSPECTION_RECORDED: &str = "inspection.recorded";
    /// Every labour kind.
    pub const ALL: [&str; 6] = [
        EMPLOYER_REGISTERED,
        EMPLOYER_SCREENED,
        EMPLOYERS_RESCREENED,
        WORKER_REGISTERED,
        WORKER_TERMINATED,
        INSPECTION_RECORDED,
    ];
}

/// What happened to an employer, a worker or an inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabourEvent {
    /// An employer was registered (and screened against sanctions lists).
    EmployerRegistered(EmployerRegistered),
    /// An employer's sanctions hits changed on a re-screening.
    EmployerScreened(EmployerScreened),
    /// Every employer was re-screened against the lists as they stood at
    /// `through_seq` (the re-screening cursor).
    EmployersRescreened(EmployersRescreened),
    /// A foreign worker was registered (and screened like a traveller).
    WorkerRegistered(Box<WorkerRegistered>),
    /// A worker's contract ended.
    WorkerTerminated(WorkerTerminated),
    /// An inspection of an employer was recorded.
    InspectionRecorded(InspectionRecorded),
}

impl LabourEvent {
    /// The stored kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::EmployerRegistered(_) => kind::EMPLOYER_REGISTERED,
            Self::EmployerScreened(_) => kind::EMPLOYER_SCREENED,
            Self::EmployersRescreened(_) => kind::EMPLOYERS_RESCREENED,
            Self::WorkerRegistered(_) => kind::WORKER_REGISTERED,
            Self::WorkerTerminated(_) => kind::WORKER_TERMINATED,
            Self::InspectionRecorded(_) => kind::INSPECTION_RECORDED,
        }
    }

    /// The id the event is about.
    pub fn subject(&self) -> String {
        match self {
            Self::EmployerRegistered(e) => e.employer.clone(),
            Self::EmployerScreened(e) => e.employer.clone(),
            Self::EmployersRescreened(_) => "employers".to_string(),
            Self::WorkerRegistered(w) => w.worker_id.clone(),
            Self::WorkerTerminated(w) => w.worker_id.clone(),
            Self::InspectionRecorded(i) => i.inspection_id.clone(),
        }
    }

    /// The payload as a JSON value.
    pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        match self {
            Self::EmployerRegistered(x) => serde_json::to_value(x),
            Self::EmployerScreened(x) => serde_json::to_value(x),
            Self::EmployersRescreened(x) => serde_json::to_value(x),
            Self::WorkerRegistered(x) => serde_json::to_value(x),
            Self::WorkerTerminated(x) => serde_json::to_value(x),
            Self::InspectionRecorded(x) => serde_json::to_value(x),
        }
    }

    /// Decode a payload of a labour kind (`None`: not a labour kind).
    pub fn decode(kind: &str, payload: &str) -> Option<Result<Self, serde_json::Error>> {
        let p = payload;
        Some(match kind {
            kind::EMPLOYER_REGISTERED => serde_json::from_str(p).map(Self::EmployerRegistered),
            kind::EMPLOYER_SCREENED => serde_json::from_str(p).map(Self::EmployerScreened),
            kind::EMPLOYERS_RESCREENED => serde_json::from_str(p).map(Self::EmployersRescreened),
            kind::WORKER_REGISTERED => serde_json::from_str(p).map(Self::WorkerRegistered),
            kind::WORKER_TERMINATED => serde_json::from_str(p).map(Self::WorkerTerminated),
            kind::INSPECTION_RECORDED => serde_json::from_str(p).map(Self::InspectionRecorded),
            _ => return None,
        })
    }
}

/// One hit of an employer against an organisation entry of an imported
/// sanctions list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanctionsHit {
    /// The watchlist entry (`ofac_sdn:12345`).
    pub entry_id: String,
    /// Its source.
    pub source: String,
    /// The listed name that matched (or the primary name for an identifier hit).
    pub name: String,
    /// Score in thousandths (1000 for an identifier match).
    pub score_milli: u32,
    /// Why, in one line.
    pub reason: String,
}

/// Payload of `employer.registered`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployerRegistered {
    /// The 12-digit BIN or IIN: the employer's id.
    pub employer: String,
    /// `bin` (legal entity) or `iin` (individual entrepreneur).
    pub id_kind: String,
    /// Name.
    pub name: String,
    /// Territorial unit code (`KZ-75`).
    pub region: String,
    /// Address as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Kazakh staff in categories 1–2 (for the local-staff share).
    #[serde(default)]
    pub local_management: u32,
    /// Kazakh staff in categories 3–4.
    #[serde(default)]
    pub local_staff: u32,
    /// Sanctions hits found on registration.
    #[serde(default)]
    pub sanctions_hits: Vec<SanctionsHit>,
    /// The log seq the lists were screened at.
    pub lists_seq: u64,
}

/// Payload of `employer.screened`: the employer's hits now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployerScreened {
    /// The employer's BIN or IIN.
    pub employer: String,
    /// Every hit now (empty: none any more).
    pub sanctions_hits: Vec<SanctionsHit>,
    /// The log seq the lists were screened at.
    pub lists_seq: u64,
}

/// Payload of `employers.rescreened`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployersRescreened {
    /// The lists as they stood at this seq were screened against.
    pub through_seq: u64,
    /// Employers screened.
    pub employers: u64,
    /// Employers whose hits changed (each has its `employer.screened`).
    pub changed: u64,
}

/// A work permit as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermitRecord {
    /// Permit number.
    pub number: String,
    /// Category 1–4.
    pub category: u8,
    /// Territorial unit code the permit is valid in.
    pub region: String,
    /// Position.
    pub position: String,
    /// First day.
    #[serde(with = "iso_date")]
    pub valid_from: Date,
    /// Last day.
    #[serde(with = "iso_date")]
    pub valid_to: Date,
    /// An intra-corporate transferee.
    #[serde(default)]
    pub intra_corporate_transfer: bool,
}

/// The screening of a worker on registration (purpose `residence`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerScreening {
    /// The `screening.recorded` event's id (`S-…`).
    pub screening_id: String,
    /// `CLEAR`, `REFER` or `DENY`.
    pub decision: String,
    /// Matched entry ids, best first.
    #[serde(default)]
    pub matched_entries: Vec<String>,
    /// DENY-level matches against entries that bar entry (each raised an alert).
    #[serde(default)]
    pub ban_hits: u32,
    /// Alerts raised (`AL-…`).
    #[serde(default)]
    pub alert_ids: Vec<String>,
    /// Index seq of the decision.
    pub index_seq: u64,
}

/// Payload of `worker.registered`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerRegistered {
    /// The worker's id (`FW-…`).
    pub worker_id: String,
    /// The employer's BIN or IIN.
    pub employer: String,
    /// Identity.
    pub person: Person,
    /// Kazakh IIN, when the worker has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iin: Option<String>,
    /// The work permit (none for EAEU nationals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permit: Option<PermitRecord>,
    /// Works without a permit by right (EAEU).
    #[serde(default)]
    pub permit_exempt: bool,
    /// Hired on.
    #[serde(with = "iso_date")]
    pub hired: Date,
    /// The hiring notification was made on.
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub hiring_notified: Option<Date>,
    /// The hiring notification deadline under the rules in force.
    #[serde(with = "iso_date")]
    pub hiring_deadline: Date,
    /// The screening on registration.
    pub screening: WorkerScreening,
}

/// Payload of `worker.terminated`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerTerminated {
    /// The worker.
    pub worker_id: String,
    /// Last day of the contract.
    #[serde(with = "iso_date")]
    pub terminated: Date,
    /// The termination notification was made on.
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub notified: Option<Date>,
    /// The termination notification deadline under the rules in force.
    #[serde(with = "iso_date")]
    pub deadline: Date,
}

/// A violation found by an inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// The legal provision (article, paragraph).
    pub legal_reference: String,
    /// What was found.
    pub description: String,
    /// The worker it concerns, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_id: Option<String>,
}

/// Payload of `inspection.recorded`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionRecorded {
    /// The inspection's id (`IN-…`).
    pub inspection_id: String,
    /// The inspected employer's BIN or IIN.
    pub employer: String,
    /// The inspecting territorial unit (`KZ-75`).
    pub unit: String,
    /// The inspector (name or badge).
    pub inspector: String,
    /// The day of the inspection.
    #[serde(with = "iso_date")]
    pub date: Date,
    /// What was found.
    pub findings: String,
    /// Violations with their legal references.
    #[serde(default)]
    pub violations: Vec<Violation>,
    /// The penalty imposed, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty: Option<String>,
    /// The fine in tenge, when one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_kzt: Option<u64>,
    /// What follows (re-inspection, referral).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
}
