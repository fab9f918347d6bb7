//! Operational routes, public: liveness, readiness, metrics, the OpenAPI
//! document and its docs page.

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};

use berkut_store::Store;

use crate::{
    AppState,
    dto::HealthView,
    error::{ApiError, ErrorCode, ErrorEnvelope},
};

/// The docs page, embedded from `assets/docs.html` (no CDN, nothing fetched at build time).
const DOCS_HTML: &str = include_str!("../../assets/docs.html");

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Alive", body = HealthView)))]
pub(crate) async fn healthz() -> Json<HealthView> {
    Json(HealthView {
        status: "ok".into(),
        engine: None,
        store_reachable: None,
    })
}

/// Readiness: the server has been marked ready and the screening index is
/// loaded. A node with an index stays ready while the store is away (it
/// screens on its last snapshot and reports `stale`); without an engine
/// the store must answer. The body tells where the index stands.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready", body = HealthView),
        (status = 503, description = "`not_ready`", body = ErrorEnvelope),
    ))]
pub(crate) async fn readyz(State(state): State<AppState>) -> Result<Json<HealthView>, ApiError> {
    let store_answers = match state.store().head().await {
        Ok(_) => true,
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the store does not answer");
            false
        }
    };
    let engine = state.screening().status();
    // A node with a loaded index keeps screening when the centre is away:
    // it stays ready and says it is stale. Without an index, the store must
    // answer.
    let serving = match &engine {
        Some(_) => state.is_ready(),
        None => state.is_ready() && store_answers,
    };
    if serving {
        Ok(Json(HealthView {
            status: "ready".into(),
            engine,
            store_reachable: Some(store_answers),
        }))
    } else {
        Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::NotReady,
            "the server is not ready",
        ))
    }
}

/// Prometheus metrics: requests, readiness, and the screening index against
/// the log (seq, head, lag, staleness, integrity).
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text exposition", content_type = "text/plain", body = String)))]
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state
            .metrics()
            .render(state.is_ready(), state.screening().status().as_ref()),
    )
        .into_response()
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object)))]
pub(crate) async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi_json(),
    )
        .into_response()
}

/// A small page that renders the OpenAPI document.
#[utoipa::path(get, path = "/docs", tag = "operations",
    responses((status = 200, description = "HTML", content_type = "text/html", body = String)))]
pub(crate) async fn docs() -> Html<&'static str> {
    Html(DOCS_HTML)
}
