//! `GET /v1/stats/screenings`: counts of screenings and refusals by day,
//! crossing point and legal ground, for the console's dashboard.

use axum::{Json, extract::State};
use berkut_store::Store;

use crate::{
    AppState,
    auth::Authorized,
    error::{ApiError, ErrorEnvelope},
    extract::QueryParams,
    rbac::perm,
    stats::ScreeningStats,
};

/// The window of a statistics request.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Days back from today (UTC), today included: 1 to 366 (default 14).
    pub days: Option<u32>,
}

/// The longest window; older days are forgotten.
const MAX_DAYS: u32 = 366;

/// Events read from the log per round while catching up.
const PAGE: u32 = 5_000;

/// Screenings and refusals by day, crossing point and legal ground.
///
/// Counts only, folded from the event log (`screening.recorded`,
/// `screening.revised`, `attempt.recorded`); no personal data.
#[utoipa::path(
    get, path = "/v1/stats/screenings", tag = "screening",
    params(StatsQuery),
    responses(
        (status = 200, description = "The figures", body = ScreeningStats),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: `days` out of range", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn screening_stats(
    _auth: Authorized<perm::StatsRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<StatsQuery>,
) -> Result<Json<ScreeningStats>, ApiError> {
    let days = match q.days {
        None => 14,
        Some(d @ 1..=MAX_DAYS) => d,
        Some(_) => return Err(ApiError::validation("days", "must be 1 to 366")),
    };
    let mut tally = state.stats().lock().await;
    loop {
        let events = state.store().events_after(tally.cursor(), PAGE).await?;
        for e in &events {
            tally.apply(e);
        }
        if events.len() < PAGE as usize {
            break;
        }
    }
    let to = time::OffsetDateTime::now_utc().date();
    let from = to.saturating_sub(time::Duration::days(i64::from(days) - 1));
    tally.forget_before(to.saturating_sub(time::Duration::days(i64::from(MAX_DAYS) - 1)));
    Ok(Json(tally.report(from, to)))
}
