//! `/v1/regions`, `/v1/employers`, `/v1/workers`, `/v1/inspections` and
//! `/v1/reports/inspections`: employers of foreign workers (screened against
//! the organisation entries of imported sanctions lists), the workers
//! (screened like any traveller, purpose `residence`), inspection plans per
//! territorial unit ranked by `berkut-control`'s risk score, inspection
//! records and their statistics.
//!
//! Every input is validated by `berkut-control` before the store is
//! touched; a refused request names its field and writes nothing.

use std::collections::{BTreeMap, HashMap};

use axum::{
    Json,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use berkut_control::{
    EmployerId, EmployerInput, NotificationKind, NotificationStatus, PermitInput, TerritorialUnit,
    UnitKind, WorkerInput, risk,
};
use berkut_domain::{
    Person, PersonInput, format_date,
    labour::{
        EmployerRegistered, InspectionRecorded, SanctionsHit, Violation, WorkerRegistered,
        WorkerScreening, WorkerTerminated,
    },
    parse_date,
};
use berkut_store::{
    EmployerFilter, EmployerInfo, InspectionFilter, InspectionInfo, NewAttempt, NewScreening,
    NewWorker, Store, WorkerFilter, WorkerInfo,
};
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState,
    auth::Authorized,
    dto::PersonRequest,
    error::{ApiError, ErrorCode, ErrorEnvelope},
    extract::{JsonBody, QueryParams},
    labour::{
        Overstays, employer_facts, employer_id, notifications, open_alerts, organisation_list,
        organisations, parse_unit, permit_record, screen_employer,
    },
    rbac::perm,
    routes::audit_read,
    screening::{ScreeningError, ScreeningRequest, TravelDocument},
};

fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

fn not_found(field: &str, what: &str, id: &str) -> ApiError {
    ApiError::not_found(ErrorCode::NotFound, field, what, id)
}

fn engine_error(e: ScreeningError) -> ApiError {
    match e {
        ScreeningError::Invalid(v) => v.into(),
        ScreeningError::Unavailable(why) => {
            let mut e = ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::EngineUnavailable,
                format!(
                    "a worker is screened on registration, and screening is unavailable: {why}"
                ),
            );
            e.retry_after = Some(60);
            e
        }
    }
}

fn optional_date(field: &str, s: Option<&str>) -> Result<Option<Date>, ApiError> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => Ok(Some(parse_date(field, s)?)),
    }
}

fn optional_text(field: &str, s: Option<&str>, max: usize) -> Result<Option<String>, ApiError> {
    match s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")) {
        None => Ok(None),
        Some(t) if t.is_empty() => Ok(None),
        Some(t) if t.chars().count() > max => Err(ApiError::validation(
            field,
            format!("is longer than {max} characters"),
        )),
        Some(t) => Ok(Some(t)),
    }
}

// --- regions ---

/// A territorial unit.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegionView {
    /// ISO 3166-2:KZ code (`KZ-75`).
    pub code: String,
    /// `region` or `city` (of republican significance).
    pub kind: String,
    /// Name in Kazakh.
    pub name_kk: String,
    /// Name in Russian.
    pub name_ru: String,
    /// Name in English.
    pub name_en: String,
}

/// The view of a stored record.
pub fn region_view(u: TerritorialUnit) -> RegionView {
    RegionView {
        code: u.code().into(),
        kind: match u.kind() {
            UnitKind::Region => "region",
            UnitKind::City => "city",
        }
        .into(),
        name_kk: u.name_kk().into(),
        name_ru: u.name_ru().into(),
        name_en: u.name_en().into(),
    }
}

/// The territorial units.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegionList {
    /// The 17 regions, then the 3 cities of republican significance.
    pub regions: Vec<RegionView>,
}

/// The 17 regions and 3 cities of republican significance whose police
/// inspect employers; codes are accepted wherever a region or unit is asked.
#[utoipa::path(
    get, path = "/v1/regions", tag = "labour",
    responses(
        (status = 200, description = "The territorial units", body = RegionList),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn list_regions(_auth: Authorized<perm::RegionRead>) -> Json<RegionList> {
    Json(RegionList {
        regions: TerritorialUnit::ALL.into_iter().map(region_view).collect(),
    })
}

// --- employers ---

/// An employer to register: a BIN (legal entity) or an IIN (individual
/// entrepreneur), not both.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployerRequest {
    /// 12-digit BIN of a legal entity.
    #[serde(default)]
    pub bin: Option<String>,
    /// 12-digit IIN of an individual entrepreneur.
    #[serde(default)]
    pub iin: Option<String>,
    /// Name.
    pub name: String,
    /// Territorial unit: code (`KZ-75`, `KZ-ALA`) or name in Kazakh, Russian or English.
    pub region: String,
    /// Address.
    #[serde(default)]
    pub address: Option<String>,
    /// Kazakh staff in categories 1–2 (heads and their deputies, division heads).
    #[serde(default)]
    pub local_management: u32,
    /// Kazakh staff in categories 3–4 (specialists, skilled workers).
    #[serde(default)]
    pub local_staff: u32,
}

/// A sanctions hit of an employer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SanctionsHitView {
    /// The watchlist entry.
    pub entry_id: String,
    /// Its source.
    pub source: String,
    /// The listed name.
    pub name: String,
    /// Score, 0..1 (1 for an identifier match).
    pub score: f64,
    /// Why.
    pub reason: String,
}

fn hit_view(h: &SanctionsHit) -> SanctionsHitView {
    SanctionsHitView {
        entry_id: h.entry_id.clone(),
        source: h.source.clone(),
        name: h.name.clone(),
        score: f64::from(h.score_milli) / 1000.0,
        reason: h.reason.clone(),
    }
}

/// An employer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EmployerView {
    /// The BIN or IIN.
    pub id: String,
    /// `bin` or `iin`.
    pub id_kind: String,
    /// Name.
    pub name: String,
    /// Territorial unit code.
    pub region: String,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Kazakh staff in categories 1–2.
    pub local_management: u32,
    /// Kazakh staff in categories 3–4.
    pub local_staff: u32,
    /// Hits against organisation entries of imported lists, now.
    pub sanctions_hits: Vec<SanctionsHitView>,
    /// The log seq of the lists the hits were found against.
    pub lists_seq: u64,
    /// When it was registered.
    pub registered_at: String,
    /// Seq of the last change.
    pub updated_seq: u64,
}

/// The view of a stored record.
pub fn employer_view(e: &EmployerInfo) -> EmployerView {
    let r = &e.registered;
    EmployerView {
        id: r.employer.clone(),
        id_kind: r.id_kind.clone(),
        name: r.name.clone(),
        region: r.region.clone(),
        address: r.address.clone(),
        local_management: r.local_management,
        local_staff: r.local_staff,
        sanctions_hits: e.sanctions_hits.iter().map(hit_view).collect(),
        lists_seq: e.lists_seq,
        registered_at: e.registered_at.clone(),
        updated_seq: e.updated_seq,
    }
}

/// Register an employer of foreign workers (validated BIN or IIN, name,
/// territorial unit), screened at once against the organisation entries of
/// every imported list; the hits are stored with it.
#[utoipa::path(
    post, path = "/v1/employers", tag = "labour",
    request_body = EmployerRequest,
    responses(
        (status = 201, description = "The registered employer with its sanctions hits", body = EmployerView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 409, description = "`conflict`: the BIN/IIN is registered", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: `bin`, `iin`, `name`, `region` …", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn register_employer(
    auth: Authorized<perm::LabourRegister>,
    State(state): State<AppState>,
    JsonBody(body): JsonBody<EmployerRequest>,
) -> Result<(StatusCode, Json<EmployerView>), ApiError> {
    let e = register_employer_op(&state, &auth.caller.actor, &body).await?;
    Ok((StatusCode::CREATED, Json(e)))
}

/// Validate, screen and register an employer (what `POST /v1/employers` does).
pub async fn register_employer_op(
    state: &AppState,
    actor: &berkut_domain::Actor,
    body: &EmployerRequest,
) -> Result<EmployerView, ApiError> {
    let e = EmployerInput {
        bin: body.bin.clone(),
        iin: body.iin.clone(),
        name: body.name.clone(),
        region: body.region.clone(),
    }
    .validate()?;
    let address = optional_text("address", body.address.as_deref(), 500)?;
    let config = &state.options().labour;
    let (lists_seq, entries) = organisations(state.store()).await?;
    let hits = screen_employer(&organisation_list(&entries), &e.id, &e.name, config);
    let record = EmployerRegistered {
        employer: e.id.number().to_string(),
        id_kind: match e.id {
            EmployerId::Bin(_) => "bin",
            EmployerId::Iin(_) => "iin",
        }
        .into(),
        name: e.name,
        region: e.region.code().into(),
        address,
        local_management: body.local_management,
        local_staff: body.local_staff,
        sanctions_hits: hits,
        lists_seq,
    };
    let stored = state.store().register_employer(actor, &record).await?;
    Ok(employer_view(&stored))
}

/// Filters for listing employers.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EmployerQuery {
    /// Territorial unit (code or name).
    pub region: Option<String>,
    /// Part of the name, or the start of the BIN/IIN.
    pub q: Option<String>,
    /// At most this many (1–1000, default 1000).
    pub limit: Option<u32>,
}

/// Employers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EmployerList {
    /// By BIN/IIN.
    pub employers: Vec<EmployerView>,
}

fn limit(l: Option<u32>) -> Result<Option<u32>, ApiError> {
    match l {
        None => Ok(None),
        Some(n @ 1..=1000) => Ok(Some(n)),
        Some(_) => Err(ApiError::validation("limit", "must be 1 to 1000")),
    }
}

/// Search employers by territorial unit and name or number.
#[utoipa::path(
    get, path = "/v1/employers", tag = "labour",
    params(EmployerQuery),
    responses(
        (status = 200, description = "Matching employers", body = EmployerList),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: a bad filter", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn list_employers(
    auth: Authorized<perm::LabourRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<EmployerQuery>,
) -> Result<Json<EmployerList>, ApiError> {
    let region = q
        .region
        .as_deref()
        .map(|r| parse_unit("region", r))
        .transpose()?;
    let filter = EmployerFilter {
        region: region.map(|u| u.code().to_string()),
        q: q.q.clone(),
        limit: limit(q.limit)?,
    };
    let found = state.store().employers(&filter).await?;
    let subject = format!(
        "region={} q={}",
        filter.region.as_deref().unwrap_or("*"),
        filter.q.as_deref().unwrap_or("*")
    );
    audit_read(&state, &auth.caller, "employers", &subject).await?;
    Ok(Json(EmployerList {
        employers: found.iter().map(employer_view).collect(),
    }))
}

/// One contribution to a risk score.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReasonView {
    /// Factor code (`expired_permit`, `sanctions_hit`, `local_share` …).
    pub factor: String,
    /// Points it adds.
    pub points: u32,
    /// What was counted and how it was weighed.
    pub line: String,
}

/// An employer's inspection risk score.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RiskView {
    /// The employer's BIN/IIN.
    pub employer: String,
    /// Its name.
    pub name: String,
    /// Its unit.
    pub region: String,
    /// Sum of the reason points.
    pub score: u32,
    /// One line per factor.
    pub reasons: Vec<ReasonView>,
}

/// The view of a stored record.
pub fn risk_view(s: &risk::RiskScore) -> RiskView {
    RiskView {
        employer: s.employer.number().to_string(),
        name: s.name.clone(),
        region: s.region.code().into(),
        score: s.score,
        reasons: s
            .reasons
            .iter()
            .map(|r| ReasonView {
                factor: serde_json::to_value(r.factor)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                points: r.points,
                line: r.line.clone(),
            })
            .collect(),
    }
}

/// An employer with its workers, inspections and risk score.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EmployerDetail {
    /// The employer.
    #[serde(flatten)]
    pub employer: EmployerView,
    /// Its foreign workers, current and past.
    pub workers: Vec<WorkerView>,
    /// Its inspections.
    pub inspections: Vec<InspectionView>,
    /// The inspection risk score today, with reasons.
    pub risk: RiskView,
}

/// The workers still in the country past their authorised stay: an open
/// stay whose overstay alert was raised, linked to the worker by a
/// document (number and issuing state, as stays key people).
async fn overstaying(
    store: &berkut_store::AnyStore,
    workers: &[&WorkerInfo],
) -> Result<Overstays, ApiError> {
    use berkut_store::PeopleStore as _;
    let keys: std::collections::HashSet<String> = store
        .stays(&berkut_store::StayFilter {
            status: Some("open".into()),
            limit: Some(u32::MAX),
            ..Default::default()
        })
        .await?
        .into_iter()
        .filter(|s| s.overstay_alert_id.is_some())
        .map(|s| s.person_key)
        .collect();
    if keys.is_empty() {
        return Ok(Overstays::none());
    }
    // the key stays use for a presented document (`berkut_store::person_key`)
    let key = |d: &berkut_domain::IdentityDocument| {
        let presented = berkut_domain::screening::TravellerData {
            document: Some(berkut_domain::screening::PresentedDocument {
                number: d.number.as_str().to_string(),
                country: d.issuing_state.as_ref().map(|c| c.as_str().to_string()),
                kind: None,
                expiry: None,
            }),
            ..Default::default()
        };
        berkut_store::person_key(&presented, "")
    };
    Ok(Overstays::of(
        workers
            .iter()
            .filter(|w| {
                w.worker
                    .person
                    .documents
                    .iter()
                    .any(|d| keys.contains(&key(d)))
            })
            .map(|w| w.id().to_string()),
    ))
}

/// The facts and score of one employer on `day`.
async fn score_employer(
    state: &AppState,
    e: &EmployerInfo,
    workers: &[WorkerInfo],
    inspections: &[InspectionInfo],
    day: Date,
) -> Result<risk::RiskScore, ApiError> {
    let ws: Vec<&WorkerInfo> = workers.iter().collect();
    let is: Vec<&InspectionInfo> = inspections.iter().collect();
    let alerts = open_alerts(state.store(), &ws).await?;
    let config = &state.options().labour;
    let overstays = overstaying(state.store(), &ws).await?;
    let facts = employer_facts(e, &ws, &is, &alerts, &overstays, config, day)?;
    Ok(risk::score(&facts, day, &config.risk))
}

/// Read an employer with its workers, sanctions hits, inspections and risk score.
#[utoipa::path(
    get, path = "/v1/employers/{id}", tag = "labour",
    params(("id" = String, Path, description = "BIN or IIN")),
    responses(
        (status = 200, description = "The employer", body = EmployerDetail),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`not_found`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn get_employer(
    auth: Authorized<perm::LabourRead>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EmployerDetail>, ApiError> {
    let d = employer_detail_op(&state, &id).await?;
    audit_read(&state, &auth.caller, "employer", &d.employer.id).await?;
    Ok(Json(d))
}

/// An employer with workers, inspections and risk score today (what
/// `GET /v1/employers/{id}` answers).
pub async fn employer_detail_op(state: &AppState, id: &str) -> Result<EmployerDetail, ApiError> {
    let e = state
        .store()
        .employer(id.trim())
        .await?
        .ok_or_else(|| not_found("employer_id", "employer", id))?;
    let workers = state
        .store()
        .workers(&WorkerFilter {
            employer: Some(e.id().to_string()),
            ..Default::default()
        })
        .await?;
    let inspections = state
        .store()
        .inspections(&InspectionFilter {
            employer: Some(e.id().to_string()),
            ..Default::default()
        })
        .await?;
    let day = today();
    let score = score_employer(state, &e, &workers, &inspections, day).await?;
    let rules = &state.options().labour.notifications;
    Ok(EmployerDetail {
        employer: employer_view(&e),
        workers: workers.iter().map(|w| worker_view(w, rules, day)).collect(),
        inspections: inspections.iter().map(inspection_view).collect(),
        risk: risk_view(&score),
    })
}

/// What a re-screening of every employer did.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RescreenView {
    /// The lists as they stood at this seq were screened against.
    pub through_seq: u64,
    /// Employers screened.
    pub employers: u64,
    /// Employers whose hits changed.
    pub changed: u64,
    /// Organisation entries screened against.
    pub organisations: u64,
    /// Seq of the `employers.rescreened` event.
    pub seq: u64,
}

/// Re-screen every employer against the organisation entries of the lists
/// as they stand now (run after every list import). Employers whose hits
/// changed get an `employer.screened` event; the run is an
/// `employers.rescreened` event that records how far the lists were read.
pub async fn rescreen_all(
    state: &AppState,
    actor: &berkut_domain::Actor,
) -> Result<RescreenView, ApiError> {
    let (through, entries) = organisations(state.store()).await?;
    let list = organisation_list(&entries);
    let config = &state.options().labour;
    let all = state
        .store()
        .employers(&EmployerFilter {
            limit: Some(u32::MAX),
            ..Default::default()
        })
        .await?;
    let results: Vec<(String, Vec<SanctionsHit>)> = all
        .iter()
        .map(|e| {
            (
                e.id().to_string(),
                screen_employer(&list, &employer_id(e), &e.registered.name, config),
            )
        })
        .collect();
    let r = state
        .store()
        .rescreen_employers(actor, through, &results)
        .await?;
    Ok(RescreenView {
        through_seq: r.through_seq,
        employers: r.employers,
        changed: r.changed,
        organisations: u64::try_from(list.len()).unwrap_or(u64::MAX),
        seq: r.seq,
    })
}

/// Re-screen every employer against the organisation entries of the lists
/// now (after a list import).
#[utoipa::path(
    post, path = "/v1/employers:rescreen", tag = "labour",
    responses(
        (status = 200, description = "What the re-screening did", body = RescreenView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn rescreen_employers(
    auth: Authorized<perm::LabourRegister>,
    State(state): State<AppState>,
) -> Result<Json<RescreenView>, ApiError> {
    Ok(Json(rescreen_all(&state, &auth.caller.actor).await?))
}

// --- workers ---

/// A work permit.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PermitRequest {
    /// Permit number.
    pub number: String,
    /// Category 1–4.
    pub category: u8,
    /// Territorial unit the permit is valid in.
    pub region: String,
    /// Position.
    pub position: String,
    /// First day `YYYY-MM-DD`.
    pub valid_from: String,
    /// Last day `YYYY-MM-DD` (1 to 12 months after `valid_from`).
    pub valid_to: String,
    /// An intra-corporate transferee.
    #[serde(default)]
    pub intra_corporate_transfer: bool,
}

/// A foreign worker to register.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkerRequest {
    /// Identity: names in any script, birth date, nationality, document.
    pub person: PersonRequest,
    /// Kazakh IIN, when the worker has one.
    #[serde(default)]
    pub iin: Option<String>,
    /// The employer's BIN or IIN (registered before).
    pub employer: String,
    /// The work permit (required unless `permit_exempt`).
    #[serde(default)]
    pub permit: Option<PermitRequest>,
    /// Works without a permit by right (EAEU nationals).
    #[serde(default)]
    pub permit_exempt: bool,
    /// Hiring day `YYYY-MM-DD`.
    pub hired: String,
    /// The day the hiring notification was made.
    #[serde(default)]
    pub hiring_notified: Option<String>,
}

/// A notification and where it stands.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NotificationView {
    /// `hiring` or `termination`.
    pub kind: String,
    /// `on_time`, `pending` or `late`.
    pub status: String,
    /// The deadline under the configured rules.
    pub deadline: String,
    /// Days late (made late, or missing past the deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_late: Option<u32>,
}

/// A work permit as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PermitView {
    /// Number.
    pub number: String,
    /// Category 1–4.
    pub category: u8,
    /// Territorial unit code.
    pub region: String,
    /// Position.
    pub position: String,
    /// First day.
    pub valid_from: String,
    /// Last day.
    pub valid_to: String,
    /// An intra-corporate transferee.
    pub intra_corporate_transfer: bool,
    /// Whether it has expired today.
    pub expired: bool,
}

/// The registration screening of a worker.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WorkerScreeningView {
    /// The screening (`S-…`).
    pub screening_id: String,
    /// `CLEAR`, `REFER` or `DENY`.
    pub decision: String,
    /// Matched entries.
    pub matched_entries: Vec<String>,
    /// Alerts raised (DENY-level matches against bans in force).
    pub alert_ids: Vec<String>,
    /// Index seq.
    pub index_seq: u64,
}

/// A foreign worker.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WorkerView {
    /// Id (`FW-…`).
    pub id: String,
    /// The employer's BIN/IIN.
    pub employer: String,
    /// `active` or `terminated`.
    pub status: String,
    /// The unit the worker works in.
    pub region: String,
    /// Identity as registered (the person JSON).
    #[schema(value_type = Object)]
    pub person: serde_json::Value,
    /// Kazakh IIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iin: Option<String>,
    /// The permit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permit: Option<PermitView>,
    /// EAEU: no permit needed.
    pub permit_exempt: bool,
    /// Hired on.
    pub hired: String,
    /// Hiring notification made on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hiring_notified: Option<String>,
    /// Contract ended on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<String>,
    /// Termination notification made on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_notified: Option<String>,
    /// Hiring and termination notifications today.
    pub notifications: Vec<NotificationView>,
    /// The registration screening.
    pub screening: WorkerScreeningView,
    /// When it was registered.
    pub registered_at: String,
}

fn notification_view(kind: NotificationKind, s: NotificationStatus) -> NotificationView {
    let (status, deadline, days_late) = match s {
        NotificationStatus::OnTime { deadline } => ("on_time", deadline, None),
        NotificationStatus::Pending { deadline } => ("pending", deadline, None),
        NotificationStatus::Late {
            deadline,
            days_late,
            ..
        } => ("late", deadline, Some(days_late)),
    };
    NotificationView {
        kind: match kind {
            NotificationKind::Hiring => "hiring",
            NotificationKind::Termination => "termination",
        }
        .into(),
        status: status.into(),
        deadline: format_date(deadline),
        days_late,
    }
}

/// The view of a stored record.
pub fn worker_view(
    w: &WorkerInfo,
    rules: &berkut_control::NotificationRules,
    day: Date,
) -> WorkerView {
    let r = &w.worker;
    WorkerView {
        id: r.worker_id.clone(),
        employer: r.employer.clone(),
        status: w.status.clone(),
        region: w.region.clone(),
        person: serde_json::to_value(&r.person).unwrap_or(serde_json::Value::Null),
        iin: r.iin.clone(),
        permit: r.permit.as_ref().map(|p| PermitView {
            number: p.number.clone(),
            category: p.category,
            region: p.region.clone(),
            position: p.position.clone(),
            valid_from: format_date(p.valid_from),
            valid_to: format_date(p.valid_to),
            intra_corporate_transfer: p.intra_corporate_transfer,
            expired: p.valid_to < day,
        }),
        permit_exempt: r.permit_exempt,
        hired: format_date(r.hired),
        hiring_notified: r.hiring_notified.map(format_date),
        terminated: w.termination.as_ref().map(|t| format_date(t.terminated)),
        termination_notified: w
            .termination
            .as_ref()
            .and_then(|t| t.notified.map(format_date)),
        notifications: notifications(w, rules, day)
            .into_iter()
            .map(|(k, s)| notification_view(k, s))
            .collect(),
        screening: WorkerScreeningView {
            screening_id: r.screening.screening_id.clone(),
            decision: r.screening.decision.clone(),
            matched_entries: r.screening.matched_entries.clone(),
            alert_ids: r.screening.alert_ids.clone(),
            index_seq: r.screening.index_seq,
        },
        registered_at: w.registered_at.clone(),
    }
}

/// The screening request of a worker: the registered identity, purpose
/// `residence`, in the permit's unit.
fn worker_screening_request(p: &Person, region: &str) -> ScreeningRequest {
    let code = |v: serde_json::Result<serde_json::Value>| {
        v.ok().and_then(|v| v.as_str().map(str::to_string))
    };
    ScreeningRequest {
        id: Some(p.id.to_string()),
        names: p.names.iter().map(|n| n.full.clone()).collect(),
        birth_date: p.birth_dates.first().map(ToString::to_string),
        nationality: p.nationalities.first().map(ToString::to_string),
        sex: p.sex.and_then(|s| code(serde_json::to_value(s))),
        document: p.documents.first().map(|d| TravelDocument {
            number: d.number.to_string(),
            country: d.issuing_state.as_ref().map(ToString::to_string),
            kind: code(serde_json::to_value(d.kind)),
            expiry: d.expiry.map(format_date),
        }),
        purpose: Some("residence".into()),
        region: Some(region.to_string()),
        ..ScreeningRequest::default()
    }
}

/// Register a foreign worker (identity, permit, employer, hiring day and
/// notification), screened at once against bans like any traveller
/// (purpose `residence`); a DENY-level match against a ban in force raises
/// an alert. Nothing is stored when any field is wrong.
#[utoipa::path(
    post, path = "/v1/workers", tag = "labour",
    request_body = WorkerRequest,
    responses(
        (status = 201, description = "The registered worker with its screening", body = WorkerView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: `employer` (unknown), `permit.valid_to`, `permit.region`, `person.names` …", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
        (status = 503, description = "`engine_unavailable`: workers are screened on registration", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn register_worker(
    auth: Authorized<perm::LabourRegister>,
    State(state): State<AppState>,
    JsonBody(body): JsonBody<WorkerRequest>,
) -> Result<(StatusCode, Json<WorkerView>), ApiError> {
    let w = register_worker_op(&state, &auth.caller.actor, &body).await?;
    Ok((StatusCode::CREATED, Json(w)))
}

/// Validate, screen and register a worker (what `POST /v1/workers` does).
pub async fn register_worker_op(
    state: &AppState,
    actor: &berkut_domain::Actor,
    body: &WorkerRequest,
) -> Result<WorkerView, ApiError> {
    let known = match EmployerId::any("employer", &body.employer) {
        Ok(id) => state
            .store()
            .employer(id.number())
            .await?
            .map(|e| e.id().to_string()),
        Err(_) => None,
    };
    let input = WorkerInput {
        person: PersonInput::from(body.person.clone()),
        iin: body.iin.clone(),
        employer: body.employer.clone(),
        permit: body.permit.as_ref().map(|p| PermitInput {
            number: p.number.clone(),
            category: p.category,
            region: p.region.clone(),
            position: p.position.clone(),
            valid_from: p.valid_from.clone(),
            valid_to: p.valid_to.clone(),
            intra_corporate_transfer: p.intra_corporate_transfer,
        }),
        permit_exempt: body.permit_exempt,
        hired: body.hired.clone(),
    };
    let w = input.validate(|id| known.as_deref() == Some(id.number()))?;
    let hiring_notified = optional_date("hiring_notified", body.hiring_notified.as_deref())?;
    let employer = state
        .store()
        .employer(w.employer.number())
        .await?
        .ok_or_else(|| {
            ApiError::validation("employer", "no employer is registered with this number")
        })?;
    let region = w
        .permit
        .as_ref()
        .map_or(employer.registered.region.clone(), |p| {
            p.region.code().to_string()
        });
    let request = worker_screening_request(&w.person, &region);
    let result = state.screening().screen(&request).map_err(engine_error)?;
    let attempts: Vec<NewAttempt> = result
        .matches
        .iter()
        .filter(|m| m.deny && m.bars_entry)
        .map(|m| NewAttempt {
            entry_id: m.entry_id.clone(),
            ground: m.ground.clone(),
        })
        .collect();
    let rules = &state.options().labour.notifications;
    let record = WorkerRegistered {
        worker_id: String::new(),
        employer: employer.id().to_string(),
        person: w.person.clone(),
        iin: w.iin.clone(),
        permit: w.permit.as_ref().map(permit_record),
        permit_exempt: w.permit_exempt,
        hired: w.hired,
        hiring_notified,
        hiring_deadline: rules.deadline(NotificationKind::Hiring, w.hired),
        screening: WorkerScreening {
            screening_id: String::new(),
            decision: result.decision.clone(),
            matched_entries: result.matches.iter().map(|m| m.entry_id.clone()).collect(),
            ban_hits: 0,
            alert_ids: Vec::new(),
            index_seq: result.index_seq,
        },
    };
    let screening = NewScreening {
        screening_id: None,
        traveller: request.traveller_data(),
        traveller_fingerprint: request.fingerprint(),
        crossing: request.crossing(),
        decision: result.decision.clone(),
        matched_entries: record.screening.matched_entries.clone(),
        index_seq: result.index_seq,
        attempts,
        reviews: Vec::new(),
        on: today(),
    };
    let stored = state
        .store()
        .register_worker(
            actor,
            &NewWorker {
                worker: record,
                screening,
            },
        )
        .await?;
    for id in &stored.worker.screening.alert_ids {
        if let Some(a) = state.store().alert(id).await? {
            state.metrics().alert_raised();
            state.alert_committed(a.seq);
        }
    }
    Ok(worker_view(&stored, rules, today()))
}

/// Filters for listing workers.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WorkerQuery {
    /// The employer's BIN/IIN.
    pub employer: Option<String>,
    /// The unit the workers work in (code or name).
    pub region: Option<String>,
    /// `active` or `terminated`.
    pub status: Option<String>,
    /// At most this many (1–1000, default 1000).
    pub limit: Option<u32>,
}

/// Workers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WorkerList {
    /// Oldest first.
    pub workers: Vec<WorkerView>,
}

/// Search foreign workers by employer, unit and status.
#[utoipa::path(
    get, path = "/v1/workers", tag = "labour",
    params(WorkerQuery),
    responses(
        (status = 200, description = "Matching workers", body = WorkerList),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: a bad filter", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn list_workers(
    auth: Authorized<perm::LabourRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<WorkerQuery>,
) -> Result<Json<WorkerList>, ApiError> {
    let region = q
        .region
        .as_deref()
        .map(|r| parse_unit("region", r))
        .transpose()?;
    let status = match q.status.as_deref() {
        None => None,
        Some(s @ ("active" | "terminated")) => Some(s.to_string()),
        Some(other) => {
            return Err(ApiError::validation(
                "status",
                format!("'{other}' is not a status; expected active or terminated"),
            ));
        }
    };
    let employer = q
        .employer
        .as_deref()
        .map(|e| EmployerId::any("employer", e).map(|id| id.number().to_string()))
        .transpose()?;
    let filter = WorkerFilter {
        employer,
        region: region.map(|u| u.code().to_string()),
        status,
        limit: Some(limit(q.limit)?.unwrap_or(1000)),
        ..Default::default()
    };
    let found = state.store().workers(&filter).await?;
    let subject = format!(
        "employer={} region={} status={}",
        filter.employer.as_deref().unwrap_or("*"),
        filter.region.as_deref().unwrap_or("*"),
        filter.status.as_deref().unwrap_or("*")
    );
    audit_read(&state, &auth.caller, "workers", &subject).await?;
    let rules = &state.options().labour.notifications;
    let day = today();
    Ok(Json(WorkerList {
        workers: found.iter().map(|w| worker_view(w, rules, day)).collect(),
    }))
}

/// Read a foreign worker.
#[utoipa::path(
    get, path = "/v1/workers/{id}", tag = "labour",
    params(("id" = String, Path, description = "Worker id (`FW-…`)")),
    responses(
        (status = 200, description = "The worker", body = WorkerView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`not_found`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn get_worker(
    auth: Authorized<perm::LabourRead>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<WorkerView>, ApiError> {
    let w = state
        .store()
        .worker(&id)
        .await?
        .ok_or_else(|| not_found("worker_id", "worker", &id))?;
    audit_read(&state, &auth.caller, "worker", w.id()).await?;
    Ok(Json(worker_view(
        &w,
        &state.options().labour.notifications,
        today(),
    )))
}

/// The end of a worker's contract.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TerminationRequest {
    /// Last day of the contract `YYYY-MM-DD`.
    pub terminated: String,
    /// The day the termination notification was made.
    #[serde(default)]
    pub notified: Option<String>,
}

/// Record the end of a worker's contract and its notification; the
/// deadline is the configured one, a late notification shows as `late`.
#[utoipa::path(
    post, path = "/v1/workers/{id}/termination", tag = "labour",
    params(("id" = String, Path, description = "Worker id (`FW-…`)")),
    request_body = TerminationRequest,
    responses(
        (status = 200, description = "The worker, terminated", body = WorkerView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`not_found`", body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`: already terminated", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: `terminated`, `notified`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn terminate_worker(
    auth: Authorized<perm::LabourRegister>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<TerminationRequest>,
) -> Result<Json<WorkerView>, ApiError> {
    Ok(Json(
        terminate_worker_op(&state, &auth.caller.actor, &id, &body).await?,
    ))
}

/// Record a worker's termination (what `POST /v1/workers/{id}/termination` does).
pub async fn terminate_worker_op(
    state: &AppState,
    actor: &berkut_domain::Actor,
    id: &str,
    body: &TerminationRequest,
) -> Result<WorkerView, ApiError> {
    let terminated = parse_date("terminated", &body.terminated)?;
    let notified = optional_date("notified", body.notified.as_deref())?;
    let rules = &state.options().labour.notifications;
    let t = WorkerTerminated {
        worker_id: id.to_string(),
        terminated,
        notified,
        deadline: rules.deadline(NotificationKind::Termination, terminated),
    };
    let w = state.store().terminate_worker(actor, &t).await?;
    Ok(worker_view(&w, rules, today()))
}

// --- inspections ---

/// The plan's query.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// Territorial unit (code or name), required.
    pub unit: Option<String>,
    /// The planning day `YYYY-MM-DD` (default today).
    pub date: Option<String>,
}

/// The ranked inspection plan of one unit.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlanView {
    /// The unit.
    pub unit: RegionView,
    /// The planning day.
    pub date: String,
    /// Employers of the unit scored.
    pub employers_assessed: usize,
    /// Employers scoring at least the floor, highest first (ties by BIN/IIN).
    pub ranked: Vec<RiskView>,
}

/// The inspection plan of a unit: its employers ranked by risk score
/// (expired permits, workers under bans or with open alerts, late
/// notifications, past violations, the local-staff share, sanctions hits;
/// overstays once entry/exit records exist), each score with its reasons.
#[utoipa::path(
    get, path = "/v1/inspections/plan", tag = "labour",
    params(PlanQuery),
    responses(
        (status = 200, description = "The ranked plan", body = PlanView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: `unit`, `date`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn inspection_plan(
    auth: Authorized<perm::LabourRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<PlanQuery>,
) -> Result<Json<PlanView>, ApiError> {
    let plan = plan_op(&state, &q).await?;
    audit_read(&state, &auth.caller, "inspection_plan", &plan.unit.code).await?;
    Ok(Json(plan))
}

/// The ranked plan of a unit (what `GET /v1/inspections/plan` answers).
pub async fn plan_op(state: &AppState, q: &PlanQuery) -> Result<PlanView, ApiError> {
    let unit = match q.unit.as_deref() {
        Some(u) => parse_unit("unit", u)?,
        None => {
            return Err(ApiError::validation(
                "unit",
                "a territorial unit is required",
            ));
        }
    };
    let day = optional_date("date", q.date.as_deref())?.unwrap_or_else(today);
    let code = unit.code().to_string();
    let store = state.store();
    let employers = store
        .employers(&EmployerFilter {
            region: Some(code.clone()),
            limit: Some(u32::MAX),
            ..Default::default()
        })
        .await?;
    let workers = store
        .workers(&WorkerFilter {
            employer_region: Some(code.clone()),
            limit: Some(u32::MAX),
            ..Default::default()
        })
        .await?;
    let inspections = store
        .inspections(&InspectionFilter {
            limit: Some(u32::MAX),
            ..Default::default()
        })
        .await?;
    let mut by_employer: HashMap<&str, Vec<&WorkerInfo>> = HashMap::new();
    for w in &workers {
        by_employer
            .entry(w.worker.employer.as_str())
            .or_default()
            .push(w);
    }
    let mut inspected: HashMap<&str, Vec<&InspectionInfo>> = HashMap::new();
    for i in &inspections {
        inspected
            .entry(i.inspection.employer.as_str())
            .or_default()
            .push(i);
    }
    let all: Vec<&WorkerInfo> = workers.iter().collect();
    let alerts = open_alerts(store, &all).await?;
    let config = &state.options().labour;
    let overstays = overstaying(store, &all).await?;
    let mut facts = Vec::with_capacity(employers.len());
    for e in &employers {
        let ws = by_employer.get(e.id()).map_or(&[][..], Vec::as_slice);
        let is = inspected.get(e.id()).map_or(&[][..], Vec::as_slice);
        facts.push(employer_facts(e, ws, is, &alerts, &overstays, config, day)?);
    }
    let plan = risk::plan_for(unit, &facts, day, &config.risk);
    Ok(PlanView {
        unit: region_view(unit),
        date: format_date(day),
        employers_assessed: plan.employers_assessed,
        ranked: plan.ranked.iter().map(risk_view).collect(),
    })
}

/// A violation found.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ViolationDto {
    /// The legal provision (article, paragraph).
    pub legal_reference: String,
    /// What was found.
    pub description: String,
    /// The worker concerned (`FW-…`), if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_id: Option<String>,
}

/// An inspection to record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectionRequest {
    /// The inspector (name or badge).
    pub inspector: String,
    /// The inspected employer's BIN/IIN.
    pub employer: String,
    /// The inspecting unit (code or name; default the employer's).
    #[serde(default)]
    pub unit: Option<String>,
    /// The day `YYYY-MM-DD`.
    pub date: String,
    /// What was found.
    pub findings: String,
    /// Violations with their legal references.
    #[serde(default)]
    pub violations: Vec<ViolationDto>,
    /// The penalty imposed.
    #[serde(default)]
    pub penalty: Option<String>,
    /// The fine in tenge.
    #[serde(default)]
    pub fine_kzt: Option<u64>,
    /// What follows (re-inspection, referral).
    #[serde(default)]
    pub follow_up: Option<String>,
}

/// An inspection.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InspectionView {
    /// Id (`IN-…`).
    pub id: String,
    /// The employer's BIN/IIN.
    pub employer: String,
    /// The unit.
    pub unit: String,
    /// The inspector.
    pub inspector: String,
    /// The day.
    pub date: String,
    /// What was found.
    pub findings: String,
    /// Violations.
    pub violations: Vec<ViolationDto>,
    /// The penalty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty: Option<String>,
    /// The fine in tenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_kzt: Option<u64>,
    /// What follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
    /// Who recorded it.
    pub recorded_by: String,
    /// When.
    pub recorded_at: String,
    /// Seq of `inspection.recorded`.
    pub seq: u64,
}

/// The view of a stored record.
pub fn inspection_view(i: &InspectionInfo) -> InspectionView {
    let r = &i.inspection;
    InspectionView {
        id: r.inspection_id.clone(),
        employer: r.employer.clone(),
        unit: r.unit.clone(),
        inspector: r.inspector.clone(),
        date: format_date(r.date),
        findings: r.findings.clone(),
        violations: r
            .violations
            .iter()
            .map(|v| ViolationDto {
                legal_reference: v.legal_reference.clone(),
                description: v.description.clone(),
                worker_id: v.worker_id.clone(),
            })
            .collect(),
        penalty: r.penalty.clone(),
        fine_kzt: r.fine_kzt,
        follow_up: r.follow_up.clone(),
        recorded_by: i.recorded_by.clone(),
        recorded_at: i.recorded_at.clone(),
        seq: i.seq,
    }
}

/// Record an inspection of a registered employer (inspector, day,
/// findings, violations with legal references, penalty, follow-up).
#[utoipa::path(
    post, path = "/v1/inspections", tag = "labour",
    request_body = InspectionRequest,
    responses(
        (status = 201, description = "The recorded inspection", body = InspectionView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`not_found`: no such employer", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: `employer`, `unit`, `date`, `violations[n].legal_reference` …", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn record_inspection(
    auth: Authorized<perm::InspectionRecord>,
    State(state): State<AppState>,
    JsonBody(body): JsonBody<InspectionRequest>,
) -> Result<(StatusCode, Json<InspectionView>), ApiError> {
    let i = record_inspection_op(&state, &auth.caller.actor, &body).await?;
    Ok((StatusCode::CREATED, Json(i)))
}

/// Validate and record an inspection (what `POST /v1/inspections` does).
pub async fn record_inspection_op(
    state: &AppState,
    actor: &berkut_domain::Actor,
    body: &InspectionRequest,
) -> Result<InspectionView, ApiError> {
    let employer = EmployerId::any("employer", &body.employer)?;
    let date = parse_date("date", &body.date)?;
    let unit = body
        .unit
        .as_deref()
        .map(|u| parse_unit("unit", u))
        .transpose()?;
    let e = state
        .store()
        .employer(employer.number())
        .await?
        .ok_or_else(|| not_found("employer", "employer", employer.number()))?;
    let unit = unit.map_or(e.registered.region.clone(), |u| u.code().to_string());
    if let Some(w) = body.violations.iter().find_map(|v| v.worker_id.as_ref()) {
        let known = state.store().worker(w).await?;
        if known.is_none_or(|k| k.worker.employer != e.id()) {
            let n = body
                .violations
                .iter()
                .position(|v| v.worker_id.as_ref() == Some(w))
                .unwrap_or(0);
            return Err(ApiError::validation(
                format!("violations[{n}].worker_id"),
                format!("{w} is not a worker of employer {}", e.id()),
            ));
        }
    }
    let record = InspectionRecorded {
        inspection_id: String::new(),
        employer: e.id().to_string(),
        unit,
        inspector: body.inspector.trim().to_string(),
        date,
        findings: body.findings.trim().to_string(),
        violations: body
            .violations
            .iter()
            .map(|v| Violation {
                legal_reference: v.legal_reference.trim().to_string(),
                description: v.description.trim().to_string(),
                worker_id: v.worker_id.clone(),
            })
            .collect(),
        penalty: optional_text("penalty", body.penalty.as_deref(), 2000)?,
        fine_kzt: body.fine_kzt,
        follow_up: optional_text("follow_up", body.follow_up.as_deref(), 2000)?,
    };
    let stored = state.store().record_inspection(actor, &record).await?;
    Ok(inspection_view(&stored))
}

/// Filters for listing inspections.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InspectionQuery {
    /// Territorial unit (code or name).
    pub unit: Option<String>,
    /// The employer's BIN/IIN.
    pub employer: Option<String>,
}

/// Inspections.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InspectionList {
    /// By date.
    pub inspections: Vec<InspectionView>,
}

/// Search inspections by unit and employer.
#[utoipa::path(
    get, path = "/v1/inspections", tag = "labour",
    params(InspectionQuery),
    responses(
        (status = 200, description = "Matching inspections", body = InspectionList),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: a bad filter", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn list_inspections(
    auth: Authorized<perm::LabourRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<InspectionQuery>,
) -> Result<Json<InspectionList>, ApiError> {
    let unit = q
        .unit
        .as_deref()
        .map(|u| parse_unit("unit", u))
        .transpose()?;
    let employer = q
        .employer
        .as_deref()
        .map(|e| EmployerId::any("employer", e).map(|id| id.number().to_string()))
        .transpose()?;
    let filter = InspectionFilter {
        unit: unit.map(|u| u.code().to_string()),
        employer,
        limit: None,
    };
    let found = state.store().inspections(&filter).await?;
    let subject = format!(
        "unit={} employer={}",
        filter.unit.as_deref().unwrap_or("*"),
        filter.employer.as_deref().unwrap_or("*")
    );
    audit_read(&state, &auth.caller, "inspections", &subject).await?;
    Ok(Json(InspectionList {
        inspections: found.iter().map(inspection_view).collect(),
    }))
}

/// Read an inspection.
#[utoipa::path(
    get, path = "/v1/inspections/{id}", tag = "labour",
    params(("id" = String, Path, description = "Inspection id (`IN-…`)")),
    responses(
        (status = 200, description = "The inspection", body = InspectionView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`not_found`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn get_inspection(
    auth: Authorized<perm::LabourRead>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<InspectionView>, ApiError> {
    let i = state
        .store()
        .inspection(&id)
        .await?
        .ok_or_else(|| not_found("inspection_id", "inspection", &id))?;
    audit_read(&state, &auth.caller, "inspection", &id).await?;
    Ok(Json(inspection_view(&i)))
}

/// Inspection figures of one territorial unit.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct UnitStats {
    /// Unit code.
    pub unit: String,
    /// Its English name.
    pub name_en: String,
    /// Employers registered in it.
    pub employers: u64,
    /// Foreign workers working in it now.
    pub active_workers: u64,
    /// Inspections recorded by it.
    pub inspections: u64,
    /// Of which found at least one violation.
    pub with_violations: u64,
    /// Violations found.
    pub violations: u64,
    /// Fines imposed, tenge.
    pub fines_kzt: u64,
    /// The last inspection's day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_inspection: Option<String>,
}

/// Statistics per unit.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StatsView {
    /// Every unit, in unit order.
    pub units: Vec<UnitStats>,
}

/// Every unit's figures.
pub async fn unit_stats(state: &AppState) -> Result<Vec<UnitStats>, ApiError> {
    let store = state.store();
    let mut by: BTreeMap<TerritorialUnit, UnitStats> = TerritorialUnit::ALL
        .into_iter()
        .map(|u| {
            (
                u,
                UnitStats {
                    unit: u.code().into(),
                    name_en: u.name_en().into(),
                    ..UnitStats::default()
                },
            )
        })
        .collect();
    let index: HashMap<&str, TerritorialUnit> = TerritorialUnit::ALL
        .iter()
        .map(|u| (u.code(), *u))
        .collect();
    let employers = store
        .employers(&EmployerFilter {
            limit: Some(u32::MAX),
            ..Default::default()
        })
        .await?;
    let workers = store
        .workers(&WorkerFilter {
            status: Some("active".into()),
            limit: Some(u32::MAX),
            ..Default::default()
        })
        .await?;
    let inspections = store
        .inspections(&InspectionFilter {
            limit: Some(u32::MAX),
            ..Default::default()
        })
        .await?;
    let get = |code: &str| index.get(code).copied();
    for e in &employers {
        if let Some(u) = get(&e.registered.region)
            && let Some(s) = by.get_mut(&u)
        {
            s.employers += 1;
        }
    }
    for w in &workers {
        if let Some(u) = get(&w.region)
            && let Some(s) = by.get_mut(&u)
        {
            s.active_workers += 1;
        }
    }
    for i in &inspections {
        let r = &i.inspection;
        if let Some(u) = get(&r.unit)
            && let Some(s) = by.get_mut(&u)
        {
            s.inspections += 1;
            let n = u64::try_from(r.violations.len()).unwrap_or(u64::MAX);
            s.violations += n;
            s.with_violations += u64::from(n > 0);
            s.fines_kzt = s.fines_kzt.saturating_add(r.fine_kzt.unwrap_or(0));
            let d = format_date(r.date);
            if s.last_inspection.as_ref().is_none_or(|l| *l < d) {
                s.last_inspection = Some(d);
            }
        }
    }
    Ok(by.into_values().collect())
}

/// Inspection statistics per territorial unit: employers, active workers,
/// inspections, violations, fines.
#[utoipa::path(
    get, path = "/v1/inspections/stats", tag = "labour",
    responses(
        (status = 200, description = "Every unit's figures", body = StatsView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn inspection_stats(
    _auth: Authorized<perm::LabourRead>,
    State(state): State<AppState>,
) -> Result<Json<StatsView>, ApiError> {
    Ok(Json(StatsView {
        units: unit_stats(&state).await?,
    }))
}

/// The report's query.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InspectionReportQuery {
    /// Grouping: `region` (the only one).
    pub by: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
}

/// Inspections by region as CSV (`unit,name_en,employers,active_workers,
/// inspections,with_violations,violations,fines_kzt,last_inspection`) or JSON.
#[utoipa::path(
    get, path = "/v1/reports/inspections", tag = "labour",
    params(InspectionReportQuery),
    responses(
        (status = 200, description = "The report (JSON as in `/v1/inspections/stats`, or `text/csv`)", body = StatsView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: `by`, `format`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn inspection_report(
    _auth: Authorized<perm::LabourRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<InspectionReportQuery>,
) -> Result<Response, ApiError> {
    match q.by.as_deref().map(str::trim) {
        None | Some("region") => {}
        Some(other) => {
            return Err(ApiError::validation(
                "by",
                format!("'{other}' is not a grouping; expected region"),
            ));
        }
    }
    let csv = match q.format.as_deref().map(str::trim) {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::validation(
                "format",
                format!("'{other}' is not a format; expected json or csv"),
            ));
        }
    };
    let units = unit_stats(&state).await?;
    if !csv {
        return Ok(Json(StatsView { units }).into_response());
    }
    let bytes = stats_csv(&units)?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], bytes).into_response())
}

/// The inspections-by-region report as CSV.
pub fn stats_csv(units: &[UnitStats]) -> Result<Vec<u8>, ApiError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| ApiError::internal(&format!("csv: {e}"));
    w.write_record([
        "unit",
        "name_en",
        "employers",
        "active_workers",
        "inspections",
        "with_violations",
        "violations",
        "fines_kzt",
        "last_inspection",
    ])
    .map_err(csv_error)?;
    for u in units {
        w.write_record([
            u.unit.clone(),
            u.name_en.clone(),
            u.employers.to_string(),
            u.active_workers.to_string(),
            u.inspections.to_string(),
            u.with_violations.to_string(),
            u.violations.to_string(),
            u.fines_kzt.to_string(),
            u.last_inspection.clone().unwrap_or_default(),
        ])
        .map_err(csv_error)?;
    }
    w.into_inner()
        .map_err(|e| ApiError::internal(&format!("csv: {e}")))
}

/// Re-screen every employer when a list was imported since the last
/// re-screening (a source's last import seq is past the cursor the last
/// `employers.rescreened` event recorded). The cursor is in the store, so a
/// restarted server neither misses an import made while it was down nor
/// re-screens for one it has handled. `None`: nothing new.
pub async fn rescreen_if_lists_changed(
    state: &AppState,
    actor: &berkut_domain::Actor,
) -> Result<Option<RescreenView>, ApiError> {
    let store = state.store();
    let cursor = store.employers_rescreened_through().await?;
    let newest = store
        .sources()
        .await?
        .iter()
        .map(|s| s.last_seq)
        .max()
        .unwrap_or(0);
    if newest <= cursor {
        return Ok(None);
    }
    rescreen_all(state, actor).await.map(Some)
}

/// The server's background task: every `every`, re-screen the employers
/// if a list was imported (see [`rescreen_if_lists_changed`]); actor
/// `berkut-rescreen`.
pub async fn follow_list_imports(state: AppState, every: std::time::Duration) {
    let Ok(actor) = berkut_domain::Actor::parse("berkut-rescreen") else {
        return;
    };
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match rescreen_if_lists_changed(&state, &actor).await {
            Ok(Some(r)) => tracing::info!(
                through_seq = r.through_seq,
                employers = r.employers,
                changed = r.changed,
                "employers re-screened after a list import"
            ),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e.message, "employer re-screening failed; retrying"),
        }
    }
}
