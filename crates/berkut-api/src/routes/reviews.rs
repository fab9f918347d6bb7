//! `/v1/reviews`: the review queue. Each REFER opens one item per
//! candidate entry; an officer resolves it as the same person (the
//! screening becomes DENY and, when the entry bars entry, an attempt is
//! recorded and its alert raised) or a different person (remembered: the
//! same traveller data is not referred again for that unchanged entry).

use axum::{
    Json,
    extract::{Path, State},
};
use berkut_store::{ReviewFilter, Store};

use crate::{
    AppState,
    auth::Authorized,
    dto::{
        Outcome, ResolveRequest, ResolveResult, ReviewList, ReviewQuery, ReviewView, alert_view,
        review_view,
    },
    error::{ApiError, ErrorCode, ErrorEnvelope},
    extract::{JsonBody, QueryParams},
    rbac::perm,
    routes::audit_read,
};

fn review_not_found(id: &str) -> ApiError {
    ApiError::not_found(ErrorCode::ReviewNotFound, "review_id", "review", id)
}

/// The review queue: open items first, oldest first, each with its age.
#[utoipa::path(
    get, path = "/v1/reviews", tag = "reviews",
    params(ReviewQuery),
    responses(
        (status = 200, description = "Review items, open first, oldest first", body = ReviewList),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: a bad filter", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn list_reviews(
    auth: Authorized<perm::ReviewRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<ReviewQuery>,
) -> Result<Json<ReviewList>, ApiError> {
    let status = match q.status.as_deref() {
        None => None,
        Some(s @ ("open" | "resolved")) => Some(s.to_string()),
        Some(other) => {
            return Err(ApiError::validation(
                "status",
                format!("'{other}' is not a review status; expected open or resolved"),
            ));
        }
    };
    let limit = match q.limit {
        Some(n @ 1..=1000) => Some(n),
        None => None,
        Some(_) => return Err(ApiError::validation("limit", "must be 1 to 1000")),
    };
    let reviews = state
        .store()
        .reviews(&ReviewFilter {
            status: status.clone(),
            limit,
        })
        .await?;
    audit_read(
        &state,
        &auth.caller,
        "reviews",
        &format!("status={}", status.as_deref().unwrap_or("*")),
    )
    .await?;
    let reviews = reviews.iter().map(review_view).collect::<Result<_, _>>()?;
    Ok(Json(ReviewList { reviews }))
}

/// Read one review item.
#[utoipa::path(
    get, path = "/v1/reviews/{id}", tag = "reviews",
    params(("id" = String, Path, description = "Review id (`R-…`)")),
    responses(
        (status = 200, description = "The item", body = ReviewView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`review_not_found`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn get_review(
    auth: Authorized<perm::ReviewRead>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ReviewView>, ApiError> {
    let review = state
        .store()
        .review(&id)
        .await?
        .ok_or_else(|| review_not_found(&id))?;
    audit_read(&state, &auth.caller, "review", &review.id).await?;
    Ok(Json(review_view(&review)?))
}

/// Resolve a review item as `same_person` or `different_person`, with a note.
///
/// Same person: the screening becomes DENY (`screening.revised`) and an
/// attempt is recorded with its alert, when the entry bars entry today
/// (entries without a legal ground never DENY). Different person: this
/// traveller data is not referred again for this entry until either
/// changes.
#[utoipa::path(
    post, path = "/v1/reviews/{id}/resolve", tag = "reviews",
    params(("id" = String, Path, description = "Review id (`R-…`)")),
    request_body = ResolveRequest,
    responses(
        (status = 200, description = "The item, resolved, and what followed", body = ResolveResult),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`review_not_found`", body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`: already resolved", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`, e.g. no `note`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn resolve_review(
    auth: Authorized<perm::ReviewResolve>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ResolveRequest>,
) -> Result<Json<ResolveResult>, ApiError> {
    let outcome = match body.outcome {
        Outcome::SamePerson => "same_person",
        Outcome::DifferentPerson => "different_person",
    };
    let today = time::OffsetDateTime::now_utc().date();
    let done = state
        .store()
        .resolve_review(&auth.caller.actor, &id, outcome, &body.note, today)
        .await?;
    if let Some(a) = &done.alert {
        state.metrics().alert_raised();
        state.alert_committed(a.seq);
    }
    Ok(Json(ResolveResult {
        review: review_view(&done.review)?,
        screening_decision: if done.revised_to_deny {
            "DENY"
        } else {
            "REFER"
        }
        .into(),
        alert: done.alert.as_ref().map(alert_view).transpose()?,
    }))
}
