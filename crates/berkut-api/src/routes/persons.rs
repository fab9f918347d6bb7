//! `/v1/persons`: register and read.

use axum::{Json, extract::Path, extract::State, http::StatusCode};
use berkut_domain::{PersonId, PersonInput};
use berkut_store::Store;

use crate::{
    AppState,
    auth::Authorized,
    dto::{PersonRequest, PersonView, view},
    error::{ApiError, ErrorCode, ErrorEnvelope},
    extract::JsonBody,
    rbac::perm,
    routes::audit_read,
};

fn person_not_found(id: &str) -> ApiError {
    ApiError::not_found(ErrorCode::PersonNotFound, "person_id", "person", id)
}

/// Register a person (names in any script, partial birth dates, documents).
#[utoipa::path(
    post, path = "/v1/persons", tag = "persons",
    request_body = PersonRequest,
    responses(
        (status = 201, description = "The registered person", body = PersonView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 409, description = "`conflict`: the id is taken", body = ErrorEnvelope),
        (status = 413, description = "Body too large", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed` with the field", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn register_person(
    auth: Authorized<perm::PersonRegister>,
    State(state): State<AppState>,
    JsonBody(body): JsonBody<PersonRequest>,
) -> Result<(StatusCode, Json<PersonView>), ApiError> {
    let person = PersonInput::from(body).validate()?;
    let out = view(&person)?;
    state
        .store()
        .register_person(&auth.caller.actor, person)
        .await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// Read a person.
#[utoipa::path(
    get, path = "/v1/persons/{id}", tag = "persons",
    params(("id" = String, Path, description = "Person id")),
    responses(
        (status = 200, description = "The person", body = PersonView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`person_not_found`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn get_person(
    auth: Authorized<perm::PersonRead>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PersonView>, ApiError> {
    let id = PersonId::parse(&id).map_err(|_| person_not_found(&id))?;
    let person = state
        .store()
        .person(id.as_str())
        .await?
        .ok_or_else(|| person_not_found(id.as_str()))?;
    audit_read(&state, &auth.caller, "person", id.as_str()).await?;
    Ok(Json(view(&person)?))
}
