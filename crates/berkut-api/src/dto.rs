//! Request and response bodies, documented for OpenAPI.
//!
//! Requests mirror the domain's input types (plain strings, validated by
//! the domain so every error names its field) and refuse unknown fields, so
//! a misspelt field is an error rather than silently ignored. Responses are
//! the domain's own JSON, decoded into these documented types on the way
//! out: a change in the domain's JSON that the documentation does not
//! describe fails loudly (500 `internal` and a failing test), not silently.

use berkut_domain::{DocumentInput, NameInput, NameKind, NewBanInput, PersonInput};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;

/// Decode a domain value's JSON into its documented view.
pub(crate) fn view<T: Serialize, V: DeserializeOwned>(value: &T) -> Result<V, ApiError> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|e| ApiError::internal(&format!("view does not match the domain's JSON: {e}")))
}

/// A new entry ban.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BanRequest {
    /// The banned person (registered before).
    pub person_id: String,
    /// Legal ground code (`terrorism`, `prior_deportation`, …).
    pub ground: String,
    /// The authority that imposed it.
    pub authority: String,
    /// `court_decision` or `document_reference`.
    pub basis_kind: String,
    /// Reference of the decision (case number and date).
    pub basis_reference: String,
    /// First day, `YYYY-MM-DD`.
    pub imposed_at: String,
    /// Last day `YYYY-MM-DD`; absent or null for a permanent ban.
    #[serde(default)]
    pub until: Option<String>,
}

impl From<BanRequest> for NewBanInput {
    fn from(r: BanRequest) -> Self {
        NewBanInput {
            person_id: r.person_id,
            ground: r.ground,
            authority: r.authority,
            basis_kind: r.basis_kind,
            basis_reference: r.basis_reference,
            imposed_at: r.imposed_at,
            until: r.until,
        }
    }
}

/// Lifting a ban: a reason is required.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LiftRequest {
    /// Why the ban is lifted (required, not empty).
    pub reason: String,
    /// The day it is lifted, `YYYY-MM-DD`; today (UTC) when absent.
    #[serde(default)]
    pub on: Option<String>,
}

/// Filters for listing bans.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BanQuery {
    /// `active`, `lifted` or `expired`.
    pub status: Option<String>,
    /// Legal ground code.
    pub ground: Option<String>,
    /// Only bans of this person.
    pub person_id: Option<String>,
    /// Only bans of persons whose name matches (any script or spelling;
    /// through the screening index, so banned persons only).
    pub name: Option<String>,
    /// At most this many, 1 to 1000 (default 1000).
    pub limit: Option<u32>,
}

/// The decision a ban rests on.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BasisView {
    /// `court_decision` or `document_reference`.
    pub kind: String,
    /// Its reference.
    pub reference: String,
}

/// How long a ban lasts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TermView {
    /// `until` or `permanent`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Last day, for `until`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Where a ban comes from.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SourceRef {
    /// `national_register` or `imported_list`.
    #[serde(rename = "type")]
    pub kind: String,
    /// List name, for `imported_list`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// List version, for `imported_list`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// A ban's status.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StatusView {
    /// `active`, `lifted` or `expired`.
    pub state: String,
    /// The day it was lifted or expired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<String>,
    /// Why it was lifted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An entry ban as it stands now.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BanView {
    /// Id (`B-…`).
    pub id: String,
    /// The banned person.
    pub person_id: String,
    /// Legal ground code.
    pub ground: String,
    /// Who imposed it.
    pub authority: String,
    /// On what decision.
    pub basis: BasisView,
    /// First day.
    pub imposed_at: String,
    /// Until when.
    pub term: TermView,
    /// Register or list.
    pub source: SourceRef,
    /// Current status.
    pub status: StatusView,
    /// Attempted entries recorded against this ban (on `GET /v1/bans/{id}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u64>,
}

/// Bans matching a search.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BanList {
    /// Oldest first.
    pub bans: Vec<BanView>,
}

/// One change of a ban.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BanChangeView {
    /// Event seq in the log.
    pub seq: u64,
    /// When (RFC 3339, UTC).
    pub recorded_at: String,
    /// Who.
    pub actor: String,
    /// `ban.imposed`, `ban.lifted` or `ban.expired`.
    pub kind: String,
    /// One line.
    pub summary: String,
}

/// A ban's full history.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BanHistoryView {
    /// The ban.
    pub ban_id: String,
    /// Every change, in seq order.
    pub changes: Vec<BanChangeView>,
}

/// What a name is to its person.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NameKindDto {
    /// The registered name.
    Primary,
    /// Another name.
    Alias,
    /// A former name.
    Former,
    /// The primary name in another script or standard.
    Transliteration,
}

/// A name: the whole name as written, or its parts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum NameDto {
    /// The whole name (`Иванов Юрий Петрович`).
    Full(String),
    /// Parts.
    Parts {
        /// Given name(s).
        #[serde(default)]
        given: Option<String>,
        /// Family name.
        #[serde(default)]
        family: Option<String>,
        /// Patronymic.
        #[serde(default)]
        patronymic: Option<String>,
        /// Ignored: detected from the letters.
        #[serde(default)]
        script: Option<String>,
        /// What the name is; the first name is primary, others aliases by default.
        #[serde(default)]
        kind: Option<NameKindDto>,
    },
}

/// An identity document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentDto {
    /// The number as written.
    pub number: String,
    /// Issuing state (alpha-3).
    #[serde(default)]
    pub country: Option<String>,
    /// MRZ type code or kind; passport when absent.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Expiry `YYYY-MM-DD`.
    #[serde(default)]
    pub expiry: Option<String>,
}

/// A person to register (the person JSONL format without ban fields).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonRequest {
    /// The external id (`W-000123`).
    pub id: String,
    /// At least one name; the first is primary.
    pub names: Vec<NameDto>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub birth_dates: Vec<String>,
    /// Alpha-3 codes.
    #[serde(default)]
    pub nationalities: Vec<String>,
    /// `M`, `F` or `X`.
    #[serde(default)]
    pub sex: Option<String>,
    /// Identity documents.
    #[serde(default)]
    pub documents: Vec<DocumentDto>,
}

impl From<PersonRequest> for PersonInput {
    fn from(r: PersonRequest) -> Self {
        PersonInput {
            id: r.id,
            names: r
                .names
                .into_iter()
                .map(|n| match n {
                    NameDto::Full(s) => NameInput::Full(s),
                    NameDto::Parts {
                        given,
                        family,
                        patronymic,
                        script,
                        kind,
                    } => NameInput::Parts {
                        given,
                        family,
                        patronymic,
                        script,
                        kind: kind.map(|k| match k {
                            NameKindDto::Primary => NameKind::Primary,
                            NameKindDto::Alias => NameKind::Alias,
                            NameKindDto::Former => NameKind::Former,
                            NameKindDto::Transliteration => NameKind::Transliteration,
                        }),
                    },
                })
                .collect(),
            birth_dates: r.birth_dates,
            nationalities: r.nationalities,
            sex: r.sex,
            documents: r
                .documents
                .into_iter()
                .map(|d| DocumentInput {
                    number: d.number,
                    country: d.country,
                    kind: d.kind,
                    expiry: d.expiry,
                })
                .collect(),
        }
    }
}

/// A stored name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonNameView {
    /// The whole name.
    pub full: String,
    /// Given name(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Patronymic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patronymic: Option<String>,
    /// `latin`, `cyrillic`, `arabic`, …
    pub script: String,
    /// `primary`, `alias`, `former` or `transliteration`.
    pub kind: String,
}

/// A stored identity document.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentView {
    /// `passport`, `id_card`, …
    pub kind: String,
    /// The normalised number.
    pub number: String,
    /// Issuing state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuing_state: Option<String>,
    /// Expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<String>,
}

/// A registered person.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonView {
    /// Id.
    pub id: String,
    /// Names.
    pub names: Vec<PersonNameView>,
    /// Birth dates, possibly partial.
    #[serde(default)]
    pub birth_dates: Vec<String>,
    /// Sex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    /// Nationalities.
    #[serde(default)]
    pub nationalities: Vec<String>,
    /// Documents.
    #[serde(default)]
    pub documents: Vec<DocumentView>,
}

/// A watchlist entry.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EntryView {
    /// Berkut's id (`source:source_id`).
    pub id: String,
    /// `listed` or `delisted`.
    pub status: String,
    /// Seq of the event that created it.
    pub created_seq: u64,
    /// Seq of the last event that changed it.
    pub updated_seq: u64,
    /// The entry as last listed (names, birth dates, documents, …), as the
    /// importers produce it.
    #[schema(value_type = Object)]
    pub entry: serde_json::Value,
}

/// A watchlist source and its last import.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceView {
    /// Name.
    pub name: String,
    /// List format code.
    pub list: String,
    /// Version of the last import.
    pub version: String,
    /// Hex SHA-256 of the last imported file.
    pub content_hash: String,
    /// When (RFC 3339).
    pub imported_at: String,
    /// Entries listed now.
    pub entries: u64,
    /// Seq of the last import's last event.
    pub last_seq: u64,
}

/// All sources.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SourceList {
    /// By name.
    pub sources: Vec<SourceView>,
}

/// Liveness or readiness.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HealthView {
    /// `ok` or `ready`.
    pub status: String,
    /// The screening index against the log (readiness only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<crate::screening::EngineStatus>,
    /// Whether the store answered (readiness only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_reachable: Option<bool>,
}

/// A travel document as presented at a screening.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PresentedDocumentView {
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

/// The traveller data presented at a screening.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TravellerView {
    /// The caller's id for the traveller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Names.
    #[serde(default)]
    pub names: Vec<String>,
    /// Birth date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Nationality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Sex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    /// The document presented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<PresentedDocumentView>,
    /// MRZ lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mrz: Option<Vec<String>>,
}

/// Where, when and why a traveller was screened.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CrossingView {
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
    /// The crossing time given by the caller (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// An alert: an attempted entry by a banned person.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AlertView {
    /// Id (`AL-…`).
    pub id: String,
    /// Seq of the `attempt.recorded` event that raised it (the SSE event id).
    pub seq: u64,
    /// `open`, `acknowledged` or `closed`.
    pub status: String,
    /// When it was raised (RFC 3339).
    pub raised_at: String,
    /// The screening that found the attempt.
    pub screening_id: String,
    /// The entry matched (`registry:P-1`, `national_register:W-9`).
    pub entry_id: String,
    /// The registry bans in force against the person.
    pub ban_ids: Vec<String>,
    /// The legal ground.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<String>,
    /// Who: the data and document presented.
    pub traveller: TravellerView,
    /// Where and when.
    pub crossing: CrossingView,
    /// The user whose screening found it.
    pub screened_by: String,
    /// The review item whose `same_person` outcome raised it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_id: Option<String>,
    /// Who acknowledged it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_by: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_at: Option<String>,
    /// Who closed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    /// The last note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `attempt` (a banned person at a crossing: the screening and entry
    /// above), `overstay` (an open stay past its allowed end: `entry_id` is
    /// `stay:ST-…`, the screening is the entry's) or `rescreen` (a new ban
    /// or listing, `entry_id`, matched someone in the country or a pending
    /// applicant).
    #[serde(default = "attempt_kind")]
    pub kind: String,
    /// What an `overstay` or `rescreen` alert adds: days over and the rule;
    /// the population member, score and reasons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub detail: Option<serde_json::Value>,
}

fn attempt_kind() -> String {
    "attempt".into()
}

/// Alerts, in seq order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AlertList {
    /// The alerts.
    pub alerts: Vec<AlertView>,
}

/// Filters for listing alerts.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AlertQuery {
    /// `open`, `acknowledged` or `closed`.
    pub status: Option<String>,
    /// Only alerts with a seq above this.
    pub after_seq: Option<u64>,
    /// At most this many, 1 to 1000 (default 1000).
    pub limit: Option<u32>,
}

/// Acknowledging an alert.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AckRequest {
    /// An optional note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Closing an alert: a note is required.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseRequest {
    /// What was done (required, not empty).
    pub note: String,
}

/// A review item: a REFER candidate before an officer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReviewView {
    /// Id (`R-…`).
    pub id: String,
    /// `open` or `resolved`.
    pub status: String,
    /// When it was opened (RFC 3339).
    pub opened_at: String,
    /// Seconds since it was opened (until it was resolved, once resolved).
    pub age_seconds: u64,
    /// The screening.
    pub screening_id: String,
    /// The candidate entry.
    pub entry_id: String,
    /// Score in `0..=1`.
    pub score: f64,
    /// `weak`, `possible` or `strong`.
    pub band: String,
    /// The evidence, one line each.
    pub evidence: Vec<String>,
    /// Whether the entry barred entry at the screening.
    pub bars_entry: bool,
    /// The legal ground when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<String>,
    /// What was presented.
    pub traveller: TravellerView,
    /// Where and why.
    pub crossing: CrossingView,
    /// The user whose screening opened it.
    pub screened_by: String,
    /// `same_person` or `different_person`, once resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The resolving note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who resolved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<String>,
}

/// The review queue: open items first, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReviewList {
    /// The items.
    pub reviews: Vec<ReviewView>,
}

/// Filters for the review queue.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReviewQuery {
    /// `open` or `resolved`.
    pub status: Option<String>,
    /// At most this many, 1 to 1000 (default 1000).
    pub limit: Option<u32>,
}

/// A review outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The traveller is the listed person: the screening becomes DENY.
    SamePerson,
    /// The traveller is someone else: remembered for this data and entry.
    DifferentPerson,
}

/// Resolving a review item.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    /// `same_person` or `different_person`.
    pub outcome: Outcome,
    /// Why (required, not empty).
    pub note: String,
}

/// What resolving a review item did.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ResolveResult {
    /// The item, resolved.
    pub review: ReviewView,
    /// The screening's decision now: `DENY` when the same person is barred
    /// from entry, else `REFER` as it was.
    pub screening_decision: String,
    /// The alert raised, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<AlertView>,
}

/// Up to 1,000 travellers (an airline's advance passenger list).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// The travellers, 1 to 1000.
    pub travellers: Vec<crate::screening::ScreeningRequest>,
}

/// One result per traveller, in the order given.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BatchResult {
    /// The results.
    pub results: Vec<crate::screening::ScreeningResult>,
}

fn age(from: &str, to: Option<&str>) -> u64 {
    use time::{OffsetDateTime, format_description::well_known::Rfc3339};
    let Ok(start) = OffsetDateTime::parse(from, &Rfc3339) else {
        return 0;
    };
    let end = to
        .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
        .unwrap_or_else(OffsetDateTime::now_utc);
    u64::try_from((end - start).whole_seconds()).unwrap_or(0)
}

/// The view of a stored alert.
pub(crate) fn alert_view(a: &berkut_store::AlertInfo) -> Result<AlertView, ApiError> {
    Ok(AlertView {
        id: a.id.clone(),
        seq: a.seq,
        status: a.status.clone(),
        raised_at: a.raised_at.clone(),
        screening_id: a.attempt.screening_id.clone(),
        entry_id: a.attempt.entry_id.clone(),
        ban_ids: a.attempt.ban_ids.clone(),
        ground: a.attempt.ground.clone(),
        traveller: view(&a.attempt.traveller)?,
        crossing: view(&a.attempt.crossing)?,
        screened_by: a.attempt.screened_by.clone(),
        review_id: a.attempt.review_id.clone(),
        acknowledged_by: a.acknowledged_by.clone(),
        acknowledged_at: a.acknowledged_at.clone(),
        closed_by: a.closed_by.clone(),
        closed_at: a.closed_at.clone(),
        note: a.note.clone(),
        kind: a.kind.clone(),
        detail: a.detail.clone(),
    })
}

/// The view of a stored review item.
pub(crate) fn review_view(r: &berkut_store::ReviewInfo) -> Result<ReviewView, ApiError> {
    let o = &r.opened;
    Ok(ReviewView {
        id: r.id.clone(),
        status: r.status.clone(),
        opened_at: r.opened_at.clone(),
        age_seconds: age(&r.opened_at, r.resolved_at.as_deref()),
        screening_id: o.screening_id.clone(),
        entry_id: o.entry_id.clone(),
        score: f64::from(o.score_milli) / 1000.0,
        band: o.band.clone(),
        evidence: o.evidence.clone(),
        bars_entry: o.bars_entry,
        ground: o.ground.clone(),
        traveller: view(&o.traveller)?,
        crossing: view(&o.crossing)?,
        screened_by: o.screened_by.clone(),
        outcome: r.outcome.clone(),
        note: r.note.clone(),
        resolved_by: r.resolved_by.clone(),
        resolved_at: r.resolved_at.clone(),
    })
}
