//! `/v1/screenings` and `/v1/screenings:batch`: screen, then record.
//!
//! Each screening is a `screening.recorded` event (its id is the
//! `screening_id`); a DENY-level match against an entry that bars entry is
//! an `attempt.recorded` event that raises an alert, pushed at once to the
//! alert streams; each REFER opens a review item per candidate entry. A
//! batch is recorded in one transaction.
//!
//! Review memory: when a screening has REFER-level matches, the traveller's
//! fingerprint is looked up among the "different person" outcomes whose
//! entry has not changed since; if one names a matched entry, the traveller
//! is screened again with that entry set aside (the engine stays pure: the
//! memory is passed in). DENY-level matches are never set aside.

use std::collections::HashMap;

use axum::{Json, extract::State, http::StatusCode};
use berkut_store::{NewAttempt, NewReview, NewScreening, Store, StoreError};

use crate::{
    AppState,
    auth::{Authorized, Caller},
    dto::{BatchRequest, BatchResult},
    error::{ApiError, ErrorCode, ErrorEnvelope},
    extract::JsonBody,
    rbac::perm,
    screening::{ScreeningError, ScreeningRequest, ScreeningResult},
};

/// Most travellers in one batch.
pub const MAX_BATCH: usize = 1000;

fn engine_error(e: ScreeningError) -> ApiError {
    match e {
        ScreeningError::Invalid(v) => v.into(),
        ScreeningError::Unavailable(why) => {
            let mut e = ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::EngineUnavailable,
                format!("screening is unavailable: {why}"),
            );
            e.retry_after = Some(60);
            e
        }
    }
}

/// Screen one request, with review memory applied.
async fn screen_one(
    state: &AppState,
    request: &ScreeningRequest,
    fingerprint: &str,
) -> Result<ScreeningResult, ApiError> {
    let first = state.screening().screen(request).map_err(engine_error)?;
    if !first.matches.iter().any(|m| !m.deny) {
        return Ok(first);
    }
    if state.centre_away() {
        return Ok(first);
    }
    let remembered = match state.store().review_exclusions(fingerprint).await {
        Ok(r) => r,
        // the centre is away: no remembered outcomes to apply; the REFER stands
        Err(StoreError::Database(e)) if state.spool().is_some() => {
            tracing::warn!(error = %e, "review memory unreachable; screening without it");
            return Ok(first);
        }
        Err(e) => return Err(e.into()),
    };
    let set_aside: HashMap<String, String> = remembered
        .into_iter()
        .filter(|x| {
            first
                .matches
                .iter()
                .any(|m| !m.deny && m.entry_id == x.entry_id)
        })
        .map(|x| {
            (
                x.entry_id,
                format!(
                    "previously resolved as a different person by review {}",
                    x.review_id
                ),
            )
        })
        .collect();
    if set_aside.is_empty() {
        return Ok(first);
    }
    state
        .screening()
        .screen_setting_aside(request, &set_aside)
        .map_err(engine_error)
}

/// Screen and record every request (validated before), in one transaction;
/// push the alerts raised.
pub(crate) async fn screen_and_record(
    state: &AppState,
    caller: &Caller,
    requests: &[ScreeningRequest],
) -> Result<Vec<ScreeningResult>, ApiError> {
    let mut results = Vec::with_capacity(requests.len());
    let mut records = Vec::with_capacity(requests.len());
    for request in requests {
        let fingerprint = request.fingerprint();
        let result = screen_one(state, request, &fingerprint).await?;
        let attempts = result
            .matches
            .iter()
            .filter(|m| m.deny && m.bars_entry)
            .map(|m| NewAttempt {
                entry_id: m.entry_id.clone(),
                ground: m.ground.clone(),
            })
            .collect();
        let reviews = if result.decision == "REFER" {
            result
                .matches
                .iter()
                .filter(|m| !m.deny)
                .map(|m| NewReview {
                    entry_id: m.entry_id.clone(),
                    score_milli: (m.score.clamp(0.0, 1.0) * 1000.0).round() as u32,
                    band: m.band.clone(),
                    evidence: m.reasons.clone(),
                    bars_entry: m.bars_entry,
                    ground: m.ground.clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        records.push(NewScreening {
            screening_id: None,
            traveller: request.traveller_data(),
            traveller_fingerprint: fingerprint,
            crossing: request.crossing(),
            decision: result.decision.clone(),
            matched_entries: result.matches.iter().map(|m| m.entry_id.clone()).collect(),
            index_seq: result.index_seq,
            attempts,
            reviews,
            on: request.day(),
        });
        results.push(result);
    }
    // one traveller: through the group-committing writer (many requests,
    // one commit); a batch is already one transaction of its own
    if state.centre_away() {
        return spool(state, caller, results, records).await;
    }
    let recorded = if let [one] = records.as_slice() {
        state
            .writer()
            .record_screening(&caller.actor, one.clone())
            .await
            .map(|r| vec![r])
    } else {
        state
            .store()
            .record_screenings(&caller.actor, &records)
            .await
    };
    let recorded = match recorded {
        Ok(r) => r,
        Err(StoreError::Database(e)) if state.spool().is_some() => {
            tracing::warn!(error = %e, n = records.len(), "central store unreachable; spooling screenings");
            return spool(state, caller, results, records).await;
        }
        Err(e) => return Err(e.into()),
    };
    for (result, rec) in results.iter_mut().zip(recorded) {
        state.metrics().screening(&result.decision);
        result.screening_id = rec.screening_id;
        result.review_ids = rec.review_ids;
        result.alert_ids = rec.alerts.iter().map(|a| a.id.clone()).collect();
        for a in &rec.alerts {
            state.metrics().alert_raised();
            state.alert_committed(a.seq);
        }
    }
    Ok(results)
}

/// Keep screenings in the node's spool under ids chosen here; the
/// decisions stand, their records follow when the centre returns.
async fn spool(
    state: &AppState,
    caller: &Caller,
    mut results: Vec<ScreeningResult>,
    records: Vec<NewScreening>,
) -> Result<Vec<ScreeningResult>, ApiError> {
    let Some(spool) = state.spool() else {
        return Err(ApiError::internal(&"no spool"));
    };
    for (result, mut record) in results.iter_mut().zip(records) {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| ApiError::internal(&e))?;
        let id = format!("S-{}", hex::encode(bytes));
        record.screening_id = Some(id.clone());
        spool
            .push(&caller.actor, record)
            .await
            .map_err(|e| ApiError::internal(&e))?;
        state.metrics().screening(&result.decision);
        result.screening_id = id;
        result.spooled = true;
    }
    Ok(results)
}

/// Screen a traveller or applicant against bans and watchlists.
///
/// The decision (CLEAR, REFER or DENY) with its reasons, matches, document
/// checks and the index seq it was made against. Every screening is
/// recorded as a `screening.recorded` event (`screening_id`); a DENY against
/// a ban in force records an attempt and raises an alert; a REFER opens a
/// review item per candidate. A server built without an engine answers 503
/// `engine_unavailable`.
#[utoipa::path(
    post, path = "/v1/screenings", tag = "screening",
    request_body = ScreeningRequest,
    responses(
        (status = 200, description = "The decision", body = ScreeningResult),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 413, description = "Body too large", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed` with the field", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
        (status = 503, description = "`engine_unavailable`: no screening engine in this server", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn screen(
    auth: Authorized<perm::Screen>,
    State(state): State<AppState>,
    JsonBody(request): JsonBody<ScreeningRequest>,
) -> Result<Json<ScreeningResult>, ApiError> {
    request.validate()?;
    let mut results =
        screen_and_record(&state, &auth.caller, std::slice::from_ref(&request)).await?;
    let result = results
        .pop()
        .ok_or_else(|| ApiError::internal(&"a screening gave no result"))?;
    Ok(Json(result))
}

/// Screen up to 1,000 travellers at once (an advance passenger list).
///
/// One result per traveller, in the order given; all are recorded in one
/// transaction. More than 1,000 is 422 `batch_too_large`; a bad traveller
/// is 422 naming it (`travellers[3].names`) and nothing is screened.
#[utoipa::path(
    post, path = "/v1/screenings:batch", tag = "screening",
    request_body = BatchRequest,
    responses(
        (status = 200, description = "The decisions, in order", body = BatchResult),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 413, description = "Body too large", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`batch_too_large`, or `validation_failed` with the field", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
        (status = 503, description = "`engine_unavailable`: no screening engine in this server", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn screen_batch(
    auth: Authorized<perm::Screen>,
    State(state): State<AppState>,
    JsonBody(body): JsonBody<BatchRequest>,
) -> Result<Json<BatchResult>, ApiError> {
    let n = body.travellers.len();
    if n > MAX_BATCH {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::BatchTooLarge,
            format!("{n} travellers in one batch; at most {MAX_BATCH}"),
        )
        .with_field("travellers"));
    }
    if n == 0 {
        return Err(ApiError::validation(
            "travellers",
            "give 1 to 1000 travellers",
        ));
    }
    for (i, t) in body.travellers.iter().enumerate() {
        t.validate().map_err(|e| {
            let field = format!("travellers[{i}].{}", e.field);
            e.in_field(field)
        })?;
    }
    let results = screen_and_record(&state, &auth.caller, &body.travellers).await?;
    Ok(Json(BatchResult { results }))
}

/// A name search through the engine, with its errors as API errors.
pub(crate) fn search(
    state: &AppState,
    name: &str,
    min_score: f64,
    limit: usize,
) -> Result<Vec<crate::screening::NameHit>, ApiError> {
    state
        .screening()
        .search(name, min_score, limit)
        .map_err(engine_error)
}
