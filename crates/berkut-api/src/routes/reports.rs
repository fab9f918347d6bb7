//! `/v1/reports/*`: refusals (DENY screenings) by ground, crossing point
//! or day; alerts by kind and status; overstays. JSON by default, CSV
//! (header row first) with `?format=csv`.

use axum::{
    Json,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{
    AppState,
    auth::Authorized,
    error::{ApiError, ErrorEnvelope},
    extract::QueryParams,
    people::{self, Report, ReportFormat},
    rbac::perm,
    routes::audit_read,
};

/// Refusal report parameters.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RefusalQuery {
    /// `ground` (default), `crossing_point` or `day`.
    pub by: Option<String>,
    /// First crossing day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last crossing day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
}

/// Alert and overstay report parameters.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
}

fn respond(report: Report, format: ReportFormat) -> Result<Response, ApiError> {
    Ok(match format {
        ReportFormat::Json => Json(report).into_response(),
        ReportFormat::Csv => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            report.to_csv()?,
        )
            .into_response(),
    })
}

/// Refusals (DENY screenings) by ground, crossing point or day.
#[utoipa::path(
    get, path = "/v1/reports/refusals", tag = "reports",
    params(RefusalQuery),
    responses(
        (status = 200, description = "Counts (JSON, or CSV with `format=csv`)", body = Report),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: `by`, `from`, `to` or `format`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn refusals(
    _auth: Authorized<perm::ReportRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<RefusalQuery>,
) -> Result<Response, ApiError> {
    let by = people::refusals_by(q.by.as_deref())?;
    let from = people::bound("from", q.from.as_deref())?;
    let to = people::bound("to", q.to.as_deref())?;
    let format = ReportFormat::parse(q.format.as_deref())?;
    respond(
        people::refusal_report(state.store(), by, from, to).await?,
        format,
    )
}

/// Alerts by kind (`attempt`, `overstay`, `rescreen`) and status.
#[utoipa::path(
    get, path = "/v1/reports/alerts", tag = "reports",
    params(ReportQuery),
    responses(
        (status = 200, description = "Counts (JSON, or CSV with `format=csv`)", body = Report),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: `from`, `to` or `format`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn alerts(
    _auth: Authorized<perm::ReportRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<ReportQuery>,
) -> Result<Response, ApiError> {
    let from = people::bound("from", q.from.as_deref())?;
    let to = people::bound("to", q.to.as_deref())?;
    let format = ReportFormat::parse(q.format.as_deref())?;
    respond(people::alert_report(state.store(), from, to).await?, format)
}

/// Stays with an overstay alert (entry days in `[from, to]`).
#[utoipa::path(
    get, path = "/v1/reports/overstays", tag = "reports",
    params(ReportQuery),
    responses(
        (status = 200, description = "One row per overstay (JSON, or CSV with `format=csv`)", body = Report),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: `from`, `to` or `format`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn overstays(
    auth: Authorized<perm::ReportRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<ReportQuery>,
) -> Result<Response, ApiError> {
    let from = people::bound("from", q.from.as_deref())?;
    let to = people::bound("to", q.to.as_deref())?;
    let format = ReportFormat::parse(q.format.as_deref())?;
    let report = people::overstay_report(state.store(), from, to).await?;
    audit_read(&state, &auth.caller, "report", "overstays").await?;
    respond(report, format)
}
