//! `/v1/stays`, `/v1/overstays:check` and `/v1/ban-proposals`: entry/exit
//! records opened by CLEAR entry screenings and closed by exits, their
//! allowed end under the configured stay rules, overstays (an event and an
//! alert of kind `overstay`, one per stay), and overstays turned into
//! `migration_violation` ban proposals for migration police to confirm
//! (through the ban imposition path) or reject.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use berkut_domain::{DocumentInput, NameInput, NewBanInput, PersonInput};
use berkut_store::{PeopleStore, ProposalInfo, StayFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState,
    auth::Authorized,
    dto::BanView,
    error::{ApiError, ErrorCode, ErrorEnvelope},
    extract::{JsonBody, QueryParams},
    people::{self, OverstayCheck, StayList, StayView},
    rbac::perm,
    routes::audit_read,
};

/// Filters for the stay list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StayQuery {
    /// `open`, `closed` or `overstay` (an overstay alert was raised).
    pub status: Option<String>,
    /// At most this many, 1 to 1000 (default 1000).
    pub limit: Option<u32>,
}

/// A ban proposal.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProposalView {
    /// Id (`BP-…`).
    pub id: String,
    /// The stay that overstayed.
    pub stay_id: String,
    /// `open`, `confirmed` or `rejected`.
    pub status: String,
    /// Always `migration_violation`.
    pub ground: String,
    /// The finding.
    pub basis: String,
    /// The ban imposed on confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ban_id: Option<String>,
    /// Why it was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}

/// Confirming a ban proposal: the ban's authority, basis and term.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    /// The registered person to ban; when absent, the overstayer is
    /// registered from the data presented at entry (id `P-<stay id>`).
    #[serde(default)]
    pub person_id: Option<String>,
    /// The authority imposing the ban.
    pub authority: String,
    /// Reference of the decision.
    pub basis_reference: String,
    /// `court_decision` or `document_reference` (default `document_reference`).
    #[serde(default)]
    pub basis_kind: Option<String>,
    /// `YYYY-MM-DD` (default today).
    #[serde(default)]
    pub imposed_at: Option<String>,
    /// `YYYY-MM-DD` end of the ban; absent for a permanent ban.
    #[serde(default)]
    pub until: Option<String>,
}

/// What confirming did.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConfirmResult {
    /// The proposal, confirmed.
    pub proposal: ProposalView,
    /// The ban imposed.
    pub ban: BanView,
}

/// Rejecting a ban proposal: a reason is required.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    /// Why (required, not empty).
    #[serde(default)]
    pub reason: String,
}

/// Proposing a ban for an overstay.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposeRequest {
    /// The finding; the overstay's own reason when absent.
    #[serde(default)]
    pub basis: Option<String>,
}

fn proposal_view(p: &ProposalInfo) -> ProposalView {
    ProposalView {
        id: p.id.clone(),
        stay_id: p.stay_id.clone(),
        status: p.status.clone(),
        ground: "migration_violation".into(),
        basis: p.basis.clone(),
        ban_id: p.ban_id.clone(),
        reason: p.reason.clone(),
        decided_by: p.decided_by.clone(),
    }
}

fn stay_not_found(id: &str) -> ApiError {
    ApiError::not_found(ErrorCode::NotFound, "stay_id", "stay", id)
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Entry/exit records, oldest entry first, each with its allowed end.
#[utoipa::path(
    get, path = "/v1/stays", tag = "stays",
    params(StayQuery),
    responses(
        (status = 200, description = "Stays", body = StayList),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: a bad filter", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn list_stays(
    auth: Authorized<perm::StayRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<StayQuery>,
) -> Result<Json<StayList>, ApiError> {
    let status = match q.status.as_deref().map(str::trim) {
        None => None,
        Some(s @ ("open" | "closed" | "overstay")) => Some(s.to_string()),
        Some(other) => {
            return Err(ApiError::validation(
                "status",
                format!("'{other}' is not a stay status; expected open, closed or overstay"),
            ));
        }
    };
    let limit = match q.limit {
        Some(n @ 1..=1000) => Some(n),
        None => None,
        Some(_) => return Err(ApiError::validation("limit", "must be 1 to 1000")),
    };
    let stays = state
        .store()
        .stays(&StayFilter {
            status: status.clone(),
            limit,
            ..StayFilter::default()
        })
        .await?;
    audit_read(
        &state,
        &auth.caller,
        "stays",
        &format!("status={}", status.as_deref().unwrap_or("*")),
    )
    .await?;
    let rules = &state.options().people.stay_rules;
    let mut out = Vec::with_capacity(stays.len());
    for s in &stays {
        out.push(people::stay_view(state.store(), s, rules, today()).await?);
    }
    Ok(Json(StayList { stays: out }))
}

/// Read one entry/exit record with its allowed end.
#[utoipa::path(
    get, path = "/v1/stays/{id}", tag = "stays",
    params(("id" = String, Path, description = "Stay id (`ST-…`)")),
    responses(
        (status = 200, description = "The stay", body = StayView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`not_found` (field `stay_id`)", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn get_stay(
    auth: Authorized<perm::StayRead>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<StayView>, ApiError> {
    let s = state
        .store()
        .stay(&id)
        .await?
        .ok_or_else(|| stay_not_found(&id))?;
    audit_read(&state, &auth.caller, "stay", &s.id).await?;
    let rules = &state.options().people.stay_rules;
    Ok(Json(
        people::stay_view(state.store(), &s, rules, today()).await?,
    ))
}

/// Look for overstays now (the server also does it periodically).
///
/// Every open stay past its allowed end gets a `stay.overstay_detected`
/// event and an alert of kind `overstay`, once: checking again raises
/// nothing new for the same stay.
#[utoipa::path(
    post, path = "/v1/overstays:check", tag = "stays",
    responses(
        (status = 200, description = "What the check found", body = OverstayCheck),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn check_overstays(
    auth: Authorized<perm::OverstayCheck>,
    State(state): State<AppState>,
) -> Result<Json<OverstayCheck>, ApiError> {
    let rules = &state.options().people.stay_rules;
    let (check, alerts) =
        people::check_overstays(state.store(), &auth.caller.actor, rules, today()).await?;
    for a in &alerts {
        state.metrics().alert_raised();
        state.alert_committed(a.seq);
    }
    Ok(Json(check))
}

/// Propose a `migration_violation` ban for a stay with an overstay.
#[utoipa::path(
    post, path = "/v1/stays/{id}/ban-proposal", tag = "stays",
    params(("id" = String, Path, description = "Stay id (`ST-…`)")),
    request_body = ProposeRequest,
    responses(
        (status = 201, description = "The proposal", body = ProposalView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`not_found` (field `stay_id`)", body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`: no overstay, or already proposed", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn propose_ban(
    auth: Authorized<perm::BanPropose>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ProposeRequest>,
) -> Result<(StatusCode, Json<ProposalView>), ApiError> {
    let stay = state
        .store()
        .stay(&id)
        .await?
        .ok_or_else(|| stay_not_found(&id))?;
    let basis = match body.basis {
        Some(b) => b,
        None => {
            let v = people::stay_view(
                state.store(),
                &stay,
                &state.options().people.stay_rules,
                today(),
            )
            .await?;
            format!(
                "overstay of stay {} entered {} (allowed until {}, {} day(s) over, rule {})",
                stay.id,
                stay.entry_on,
                v.allowed_until.as_deref().unwrap_or("?"),
                v.days_over
                    .max(u32::try_from(stay.overstay_days.unwrap_or(0)).unwrap_or(u32::MAX)),
                v.rule.as_deref().unwrap_or("?")
            )
        }
    };
    let p = state
        .store()
        .propose_ban(&auth.caller.actor, &stay.id, &basis)
        .await?;
    Ok((StatusCode::CREATED, Json(proposal_view(&p))))
}

fn proposal_not_found(id: &str) -> ApiError {
    ApiError::not_found(ErrorCode::NotFound, "proposal_id", "ban proposal", id)
}

/// Read a ban proposal.
#[utoipa::path(
    get, path = "/v1/ban-proposals/{id}", tag = "stays",
    params(("id" = String, Path, description = "Proposal id (`BP-…`)")),
    responses(
        (status = 200, description = "The proposal", body = ProposalView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`not_found` (field `proposal_id`)", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn get_proposal(
    auth: Authorized<perm::StayRead>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ProposalView>, ApiError> {
    let p = state
        .store()
        .ban_proposal(&id)
        .await?
        .ok_or_else(|| proposal_not_found(&id))?;
    audit_read(&state, &auth.caller, "ban_proposal", &p.id).await?;
    Ok(Json(proposal_view(&p)))
}

/// Confirm a ban proposal: the `migration_violation` ban is imposed.
///
/// Without `person_id` the overstayer is registered from the data
/// presented at entry; the registration, the `ban.imposed` event and
/// `ban_proposal.confirmed` are one transaction.
#[utoipa::path(
    post, path = "/v1/ban-proposals/{id}/confirm", tag = "stays",
    params(("id" = String, Path, description = "Proposal id (`BP-…`)")),
    request_body = ConfirmRequest,
    responses(
        (status = 200, description = "The proposal and the ban", body = ConfirmResult),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`not_found` (`proposal_id`), `person_not_found`", body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`: not open", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed` naming the field", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn confirm_proposal(
    auth: Authorized<perm::BanImpose>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ConfirmRequest>,
) -> Result<Json<ConfirmResult>, ApiError> {
    let p = state
        .store()
        .ban_proposal(&id)
        .await?
        .ok_or_else(|| proposal_not_found(&id))?;
    let (person, person_id) = match &body.person_id {
        Some(pid) => (None, pid.trim().to_string()),
        None => {
            let stay = state
                .store()
                .stay(&p.stay_id)
                .await?
                .ok_or_else(|| stay_not_found(&p.stay_id))?;
            let t = &stay.opened.traveller;
            let pid = format!("P-{}", stay.id);
            let input = PersonInput {
                id: pid.clone(),
                names: t.names.iter().cloned().map(NameInput::Full).collect(),
                birth_dates: t.birth_date.iter().cloned().collect(),
                nationalities: t.nationality.iter().cloned().collect(),
                sex: t.sex.clone(),
                documents: t
                    .document
                    .iter()
                    .map(|d| DocumentInput {
                        number: d.number.clone(),
                        country: d.country.clone(),
                        kind: d.kind.clone(),
                        expiry: d.expiry.clone(),
                    })
                    .collect(),
            };
            let person = input
                .validate()
                .map_err(|e| ApiError::validation(format!("stay.{}", e.field), e.message))?;
            (Some(person), pid)
        }
    };
    let ban = NewBanInput {
        person_id,
        ground: "migration_violation".into(),
        authority: body.authority.clone(),
        basis_kind: body
            .basis_kind
            .clone()
            .unwrap_or_else(|| "document_reference".into()),
        basis_reference: body.basis_reference.clone(),
        imposed_at: body
            .imposed_at
            .clone()
            .unwrap_or_else(|| berkut_domain::format_date(today())),
        until: body.until.clone(),
    };
    let (p, ban) = state
        .store()
        .confirm_ban_proposal(&auth.caller.actor, &id, person, &ban)
        .await?;
    Ok(Json(ConfirmResult {
        proposal: proposal_view(&p),
        ban: crate::dto::view(&ban)?,
    }))
}

/// Reject a ban proposal, with a reason.
#[utoipa::path(
    post, path = "/v1/ban-proposals/{id}/reject", tag = "stays",
    params(("id" = String, Path, description = "Proposal id (`BP-…`)")),
    request_body = RejectRequest,
    responses(
        (status = 200, description = "The proposal, rejected", body = ProposalView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`not_found` (field `proposal_id`)", body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`: not open", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: `reason`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn reject_proposal(
    auth: Authorized<perm::BanImpose>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<RejectRequest>,
) -> Result<Json<ProposalView>, ApiError> {
    let p = state
        .store()
        .reject_ban_proposal(&auth.caller.actor, &id, &body.reason)
        .await?;
    Ok(Json(proposal_view(&p)))
}
