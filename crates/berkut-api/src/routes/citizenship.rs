//! `/v1/citizenship/applications`: applications screened at once against
//! every ban whose ground bars citizenship (`eligible`, `refused` naming
//! the ground and the ban, or `review`), their history, and an officer's
//! final decision with a reason. The rules are `berkut-control`'s
//! (eligibility and the status machine); see [`crate::people`].

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use berkut_domain::people::Applicant;
use berkut_store::{ApplicationInfo, PeopleStore};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState,
    auth::Authorized,
    error::{ApiError, ErrorCode, ErrorEnvelope},
    extract::{JsonBody, QueryParams},
    people::{self, ApplicationRequest, DecisionRequest},
    rbac::perm,
    routes::audit_read,
};

/// The applicant as submitted.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicantView {
    /// Names.
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
    /// IIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iin: Option<String>,
    /// Document numbers (with issuing state, `KAZ:N123`).
    pub documents: Vec<String>,
}

/// One step of an application's history.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StepView {
    /// Seq of the event.
    pub seq: u64,
    /// `submitted`, `screened` or `decided`.
    pub state: String,
    /// When (RFC 3339).
    pub recorded_at: String,
    /// Who.
    pub actor: String,
    /// What happened.
    pub summary: String,
}

/// A citizenship application.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicationView {
    /// Id (`CA-…`).
    pub id: String,
    /// `naturalisation`, `restoration` or `kandas`.
    pub kind: String,
    /// `screened` (waiting for an officer) or `decided`.
    pub state: String,
    /// The screening: `eligible`, `refused` or `review`.
    pub status: String,
    /// The refusing legal ground.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<String>,
    /// The ban named by a refusal (ban id, or the list entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ban: Option<String>,
    /// The full outcome: matches for review, matches not counted and why.
    #[schema(value_type = Object)]
    pub eligibility: serde_json::Value,
    /// Entries the latest screening matched.
    pub matched_entries: Vec<String>,
    /// The officer's decision, `granted` or `refused`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// Its reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
    /// When submitted.
    pub submitted_at: String,
    /// The applicant.
    pub applicant: ApplicantView,
    /// Every step, oldest first (only when one application is read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StepView>,
}

/// Applications, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicationList {
    /// The applications.
    pub applications: Vec<ApplicationView>,
}

/// Filters for the application list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ApplicationQuery {
    /// `eligible`, `refused`, `review` (the screening), `screened`,
    /// `decided` (the state) or `granted`.
    pub status: Option<String>,
    /// At most this many, 1 to 1000 (default 1000).
    pub limit: Option<u32>,
}

fn applicant_view(a: &Applicant) -> ApplicantView {
    ApplicantView {
        names: a.names.clone(),
        birth_date: a.birth_date.clone(),
        nationality: a.nationality.clone(),
        sex: a.sex.clone(),
        iin: a.iin.clone(),
        documents: a
            .documents
            .iter()
            .map(|d| match &d.country {
                Some(c) => format!("{c}:{}", d.number),
                None => d.number.clone(),
            })
            .collect(),
    }
}

/// The view of a stored application.
pub fn application_view(a: &ApplicationInfo) -> ApplicationView {
    ApplicationView {
        id: a.id.clone(),
        kind: a.kind.clone(),
        state: a.state.clone(),
        status: a.outcome.clone(),
        ground: a.screening.ground.clone(),
        ban: a.screening.ban.clone(),
        eligibility: a.screening.eligibility.clone(),
        matched_entries: a.screening.matched_entries.clone(),
        decision: a.decision.clone(),
        reason: a.reason.clone(),
        decided_by: a.decided_by.clone(),
        decided_at: a.decided_at.clone(),
        submitted_at: a.submitted_at.clone(),
        applicant: applicant_view(&a.applicant),
        history: a
            .history
            .iter()
            .map(|s| StepView {
                seq: s.seq,
                state: s.state.clone(),
                recorded_at: s.recorded_at.clone(),
                actor: s.actor.clone(),
                summary: s.summary.clone(),
            })
            .collect(),
    }
}

/// Submit a citizenship application; it is screened at once.
///
/// The applicant is screened with the engine (purpose `citizenship`)
/// against every ban and listing; only active bans whose ground bars
/// citizenship (sexual offences against minors, terrorism, extremism,
/// organised and serious crime) count: `refused` names the ground and the
/// ban, `review` lists possible matches, else `eligible`. Submission and
/// screening are `citizenship.application_submitted` and
/// `citizenship.screened` events.
#[utoipa::path(
    post, path = "/v1/citizenship/applications", tag = "citizenship",
    request_body = ApplicationRequest,
    responses(
        (status = 201, description = "The application, screened", body = ApplicationView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed` naming the field (`iin`, `names`, `kind`, …)", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
        (status = 503, description = "`engine_unavailable`: nothing is stored", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn apply(
    auth: Authorized<perm::CitizenshipApply>,
    State(state): State<AppState>,
    JsonBody(body): JsonBody<ApplicationRequest>,
) -> Result<(StatusCode, Json<ApplicationView>), ApiError> {
    let a = people::apply(state.store(), state.screening(), &auth.caller.actor, &body).await?;
    Ok((StatusCode::CREATED, Json(application_view(&a))))
}

/// List applications, oldest first.
#[utoipa::path(
    get, path = "/v1/citizenship/applications", tag = "citizenship",
    params(ApplicationQuery),
    responses(
        (status = 200, description = "Applications", body = ApplicationList),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: a bad filter", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn list_applications(
    auth: Authorized<perm::CitizenshipRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<ApplicationQuery>,
) -> Result<Json<ApplicationList>, ApiError> {
    let mut filter = people::application_filter(q.status.as_deref())?;
    filter.limit = match q.limit {
        Some(n @ 1..=1000) => Some(n),
        None => None,
        Some(_) => return Err(ApiError::validation("limit", "must be 1 to 1000")),
    };
    let apps = state.store().applications(&filter).await?;
    audit_read(
        &state,
        &auth.caller,
        "citizenship_applications",
        &format!("status={}", q.status.as_deref().unwrap_or("*")),
    )
    .await?;
    Ok(Json(ApplicationList {
        applications: apps.iter().map(application_view).collect(),
    }))
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(ErrorCode::NotFound, "application_id", "application", id)
}

/// Read one application with its decision history.
#[utoipa::path(
    get, path = "/v1/citizenship/applications/{id}", tag = "citizenship",
    params(("id" = String, Path, description = "Application id (`CA-…`)")),
    responses(
        (status = 200, description = "The application and its history", body = ApplicationView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`not_found` (field `application_id`)", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn get_application(
    auth: Authorized<perm::CitizenshipRead>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ApplicationView>, ApiError> {
    let a = state
        .store()
        .application(&id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    audit_read(&state, &auth.caller, "citizenship_application", &a.id).await?;
    Ok(Json(application_view(&a)))
}

/// Decide an application: `granted` or `refused`, with a reason.
///
/// A decision is final (409 `invalid_transition` on a decided
/// application); an application whose screening refused it on a ground
/// that bars citizenship cannot be granted (409).
#[utoipa::path(
    post, path = "/v1/citizenship/applications/{id}/decision", tag = "citizenship",
    params(("id" = String, Path, description = "Application id (`CA-…`)")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "The application, decided", body = ApplicationView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`not_found` (field `application_id`)", body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`: decided already, or a grant against a bar", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: `decision` or `reason`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn decide(
    auth: Authorized<perm::CitizenshipDecide>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<DecisionRequest>,
) -> Result<Json<ApplicationView>, ApiError> {
    let today = time::OffsetDateTime::now_utc().date();
    let a = people::decide(state.store(), &auth.caller.actor, &id, &body, today).await?;
    Ok(Json(application_view(&a)))
}
