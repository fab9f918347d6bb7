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
