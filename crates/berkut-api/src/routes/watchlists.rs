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

/// A name search.
#[derive(Debug, Clone, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EntrySearch {
    /// A name in any script and order (required, at most 200 characters).
    pub name: Option<String>,
    /// Lowest name similarity, 0.5 to 1 (default 0.7).
    pub min_score: Option<f64>,
    /// At most this many, 1 to 100 (default 20).
    pub limit: Option<u32>,
}

/// Entries found by name, best first.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct EntrySearchResult {
    /// The hits.
    pub hits: Vec<crate::screening::NameHit>,
}

/// Search persons and watchlist entries by name, across scripts and
/// spellings (the screening index: banned registry persons and listed
/// entries). A registry hit carries its `person_id`.
#[utoipa::path(
    get, path = "/v1/entries", tag = "watchlists",
    params(EntrySearch),
    responses(
        (status = 200, description = "Hits, best first", body = EntrySearchResult),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: a bad parameter", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
        (status = 503, description = "`engine_unavailable`: no screening index in this server", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn search_entries(
    auth: Authorized<perm::EntryRead>,
    State(state): State<AppState>,
    crate::extract::QueryParams(q): crate::extract::QueryParams<EntrySearch>,
) -> Result<Json<EntrySearchResult>, ApiError> {
    let (name, min_score, limit) = search_params(&q)?;
    let hits = super::screenings::search(&state, &name, min_score, limit)?;
    audit_read(&state, &auth.caller, "entry_search", &name).await?;
    Ok(Json(EntrySearchResult { hits }))
}

/// Check a name search's parameters.
pub(crate) fn search_params(q: &EntrySearch) -> Result<(String, f64, usize), ApiError> {
    let name = q.name.as_deref().map(str::trim).unwrap_or_default();
    if name.is_empty() {
        return Err(ApiError::validation("name", "give a name to search for"));
    }
    if name.chars().count() > 200 {
        return Err(ApiError::validation("name", "at most 200 characters"));
    }
    let min_score = match q.min_score {
        None => 0.7,
        Some(s) if (0.5..=1.0).contains(&s) => s,
        Some(_) => return Err(ApiError::validation("min_score", "must be 0.5 to 1")),
    };
    let limit = match q.limit {
        None => 20,
        Some(n @ 1..=100) => n as usize,
        Some(_) => return Err(ApiError::validation("limit", "must be 1 to 100")),
    };
    Ok((name.to_string(), min_score, limit))
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
