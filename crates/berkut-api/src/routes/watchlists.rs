//! `/v1/entries` and `/v1/sources`: imported watchlists.

use axum::{Json, extract::Path, extract::State};
use berkut_domain::watchlist::EntryId;
use berkut_store::Store;

use crate::{
    AppState,
    auth::Authorized,
    dto::{EntryView, SourceList, view},
    error::{ApiError, ErrorCode, ErrorEnvelope},
    rbac::perm,
    routes::audit_read,
};

fn entry_not_found(id: &str) -> ApiError {
    ApiError::not_found(ErrorCode::EntryNotFound, "entry_id", "entry", id)
}

/// Read a watchlist entry.
#[utoipa::path(
    get, path = "/v1/entries/{id}", tag = "watchlists",
    params(("id" = String, Path, description = "Entry id (`source:source_id`)")),
    responses(
        (status = 200, description = "The entry", body = EntryView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`entry_not_found`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn get_entry(
    auth: Authorized<perm::EntryRead>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EntryView>, ApiError> {
    let id = EntryId::parse(&id).map_err(|_| entry_not_found(&id))?;
    let entry = state
        .store()
        .entry(id.as_str())
        .await?
        .ok_or_else(|| entry_not_found(id.as_str()))?;
    audit_read(&state, &auth.caller, "entry", id.as_str()).await?;
    Ok(Json(view(&entry)?))
}

/// Every watchlist source with its last import.
#[utoipa::path(
    get, path = "/v1/sources", tag = "watchlists",
    responses(
        (status = 200, description = "Sources by name", body = SourceList),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn list_sources(
    _auth: Authorized<perm::SourceRead>,
    State(state): State<AppState>,
) -> Result<Json<SourceList>, ApiError> {
    let sources = state.store().sources().await?;
    let sources = sources.iter().map(view).collect::<Result<Vec<_>, _>>()?;
    Ok(Json(SourceList { sources }))
}
