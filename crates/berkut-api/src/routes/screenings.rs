//! `/v1/screenings`: the seam for the screening engine.

use axum::{Json, extract::State, http::StatusCode};

use crate::{
    AppState,
    auth::Authorized,
    error::{ApiError, ErrorCode, ErrorEnvelope},
    extract::JsonBody,
    rbac::perm,
    screening::{ScreeningError, ScreeningRequest, ScreeningResult},
};

/// Screen a traveller or applicant against bans and watchlists.
///
/// The decision (CLEAR, REFER or DENY) with its reasons, matches, document
/// checks and the index seq it was made against; every screening is an
/// audited read. A server built without an engine answers 503
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
    match state.screening().screen(&request) {
        Ok(result) => {
            state.metrics().screening(&result.decision);
            // A screening reads personal data: it is audited like any read.
            let subject = result.id.clone().unwrap_or_else(|| "-".into());
            super::audit_read(&state, &auth.caller, "screening", &subject).await?;
            Ok(Json(result))
        }
        Err(ScreeningError::Invalid(v)) => Err(v.into()),
        Err(ScreeningError::Unavailable(why)) => {
            let mut e = ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::EngineUnavailable,
                format!("screening is unavailable: {why}"),
            );
            e.retry_after = Some(60);
            Err(e)
        }
    }
}
