//! `/v1/bans`: impose, search, read, lift, history.

use axum::{Json, extract::Path, extract::State, http::StatusCode};
use berkut_domain::{BanId, LegalGround, NewBanInput, PersonId, WatchlistSource, parse_date};
use berkut_store::{BanFilter, Store};

use crate::{
    AppState,
    auth::Authorized,
    dto::{
        BanChangeView, BanHistoryView, BanList, BanQuery, BanRequest, BanView, LiftRequest, view,
    },
    error::{ApiError, ErrorCode, ErrorEnvelope},
    extract::{JsonBody, QueryParams},
    rbac::perm,
    routes::audit_read,
};

fn ban_not_found(id: &str) -> ApiError {
    ApiError::not_found(ErrorCode::BanNotFound, "ban_id", "ban", id)
}

/// Impose an entry ban on a registered person.
#[utoipa::path(
    post, path = "/v1/bans", tag = "bans",
    request_body = BanRequest,
    responses(
        (status = 201, description = "The new ban", body = BanView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`person_not_found`", body = ErrorEnvelope),
        (status = 413, description = "Body too large", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed` with the field", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn impose_ban(
    auth: Authorized<perm::BanImpose>,
    State(state): State<AppState>,
    JsonBody(body): JsonBody<BanRequest>,
) -> Result<(StatusCode, Json<BanView>), ApiError> {
    let input: NewBanInput = body.into();
    let ban = state
        .store()
        .impose_ban(
            &auth.caller.actor,
            &input,
            WatchlistSource::NationalRegister,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(view(&ban)?)))
}

/// Search bans by status, ground, person and name.
#[utoipa::path(
    get, path = "/v1/bans", tag = "bans",
    params(BanQuery),
    responses(
        (status = 200, description = "Matching bans, oldest first", body = BanList),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: a bad filter", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn list_bans(
    auth: Authorized<perm::BanRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<BanQuery>,
) -> Result<Json<BanList>, ApiError> {
    let status = match q.status.as_deref() {
        None => None,
        Some(s @ ("active" | "lifted" | "expired")) => Some(s.to_string()),
        Some(other) => {
            return Err(ApiError::validation(
                "status",
                format!("'{other}' is not a status; expected active, lifted or expired"),
            ));
        }
    };
    let ground = q.ground.as_deref().map(LegalGround::parse).transpose()?;
    let person_id = q
        .person_id
        .as_deref()
        .map(|p| PersonId::parse(p).map_err(|e| e.in_field("person_id")))
        .transpose()?;
    let limit = match q.limit {
        Some(n @ 1..=1000) => Some(n),
        None => None,
        Some(_) => return Err(ApiError::validation("limit", "must be 1 to 1000")),
    };
    let filter = BanFilter {
        status,
        ground,
        person_id,
        limit,
    };
    let bans = match q.name.as_deref() {
        None => state.store().bans(&filter).await?,
        Some(name) => {
            let (name, min_score, _) =
                super::watchlists::search_params(&super::watchlists::EntrySearch {
                    name: Some(name.to_string()),
                    min_score: None,
                    limit: None,
                })?;
            let hits = super::screenings::search(&state, &name, min_score, 100)?;
            let mut out = Vec::new();
            for person in hits.iter().filter_map(|h| h.person_id.as_deref()) {
                if filter
                    .person_id
                    .as_ref()
                    .is_some_and(|p| p.as_str() != person)
                {
                    continue;
                }
                let one = BanFilter {
                    person_id: Some(PersonId::parse(person)?),
                    ..filter.clone()
                };
                out.extend(state.store().bans(&one).await?);
            }
            out.truncate(filter.limit.map_or(1000, |l| l as usize));
            out
        }
    };
    let mut subject = format!(
        "status={} ground={} person_id={}",
        filter.status.as_deref().unwrap_or("*"),
        filter.ground.map_or("*", |g| g.code()),
        filter.person_id.as_ref().map_or("*", |p| p.as_str()),
    );
    if let Some(name) = &q.name {
        subject.push_str(&format!(" name={name}"));
    }
    audit_read(&state, &auth.caller, "bans", &subject).await?;
    let bans = bans.iter().map(view).collect::<Result<Vec<_>, _>>()?;
    Ok(Json(BanList { bans }))
}

/// Read one ban.
#[utoipa::path(
    get, path = "/v1/bans/{id}", tag = "bans",
    params(("id" = String, Path, description = "Ban id (`B-…`)")),
    responses(
        (status = 200, description = "The ban, with the attempts recorded against it", body = BanView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`ban_not_found`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn get_ban(
    auth: Authorized<perm::BanRead>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<BanView>, ApiError> {
    let id = BanId::parse(&id).map_err(|_| ban_not_found(&id))?;
    let ban = state
        .store()
        .ban(id.as_str())
        .await?
        .ok_or_else(|| ban_not_found(id.as_str()))?;
    let attempts = state.store().ban_attempts(id.as_str()).await?;
    audit_read(&state, &auth.caller, "ban", id.as_str()).await?;
    let mut v: BanView = view(&ban)?;
    v.attempts = Some(attempts);
    Ok(Json(v))
}

/// Lift an active ban; a reason is required.
#[utoipa::path(
    post, path = "/v1/bans/{id}/lift", tag = "bans",
    params(("id" = String, Path, description = "Ban id (`B-…`)")),
    request_body = LiftRequest,
    responses(
        (status = 200, description = "The lifted ban", body = BanView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`ban_not_found`", body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`: not active", body = ErrorEnvelope),
        (status = 413, description = "Body too large", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`, e.g. no `reason`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn lift_ban(
    auth: Authorized<perm::BanLift>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<LiftRequest>,
) -> Result<Json<BanView>, ApiError> {
    let id = BanId::parse(&id).map_err(|_| ban_not_found(&id))?;
    let on = match body.on.as_deref() {
        Some(s) => parse_date("on", s)?,
        None => time::OffsetDateTime::now_utc().date(),
    };
    let ban = state
        .store()
        .lift_ban(&auth.caller.actor, id.as_str(), &body.reason, on)
        .await?;
    Ok(Json(view(&ban)?))
}

/// Every change of a ban, in seq order.
#[utoipa::path(
    get, path = "/v1/bans/{id}/history", tag = "bans",
    params(("id" = String, Path, description = "Ban id (`B-…`)")),
    responses(
        (status = 200, description = "The history", body = BanHistoryView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`ban_not_found`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn ban_history(
    auth: Authorized<perm::BanHistoryRead>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<BanHistoryView>, ApiError> {
    let id = BanId::parse(&id).map_err(|_| ban_not_found(&id))?;
    if state.store().ban(id.as_str()).await?.is_none() {
        return Err(ban_not_found(id.as_str()));
    }
    let changes = state.store().ban_history(id.as_str()).await?;
    audit_read(&state, &auth.caller, "ban_history", id.as_str()).await?;
    let changes = changes
        .iter()
        .map(view::<_, BanChangeView>)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(BanHistoryView {
        ban_id: id.to_string(),
        changes,
    }))
}
