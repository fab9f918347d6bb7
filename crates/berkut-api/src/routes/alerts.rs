//! `/v1/alerts`: attempts by banned persons. List, read, acknowledge,
//! close (with a note), and follow them live on `/v1/alerts/stream`.
//!
//! Who sees what: migration police, auditors and admins see every alert;
//! a border officer sees only the alerts raised by their own screenings
//! (another officer's alert is `alert_not_found` to them, so ids do not
//! leak). Reading an alert is reading personal data: audited.
//!
//! The stream: each SSE event is one alert, `id` = the alert's log seq. On
//! connect (and reconnect with `Last-Event-ID: N`) the stream first sends
//! every visible alert with seq > N from the store, then live ones. The
//! store is always the source: a commit on this server wakes the stream at
//! once (broadcast hint), and it also polls (`ServeOptions::alert_poll`,
//! 500 ms by default) for alerts
//! committed by other nodes. Commit order equals seq order, so reading
//! `seq > last sent` gives no gaps and no duplicates.

use std::{collections::VecDeque, convert::Infallible};

use axum::{
    Json,
    extract::{Path, State},
    http::HeaderMap,
    response::sse::{Event, KeepAlive, Sse},
};
use berkut_store::{AlertFilter, AlertInfo, Store};
use futures::Stream;

use crate::{
    AppState,
    auth::{Authorized, Caller},
    dto::{AckRequest, AlertList, AlertQuery, AlertView, CloseRequest, alert_view},
    error::{ApiError, ErrorCode, ErrorEnvelope},
    extract::{JsonBody, QueryParams},
    rbac::perm,
    routes::audit_read,
};

fn alert_not_found(id: &str) -> ApiError {
    ApiError::not_found(ErrorCode::AlertNotFound, "alert_id", "alert", id)
}

/// The user whose alerts the caller may see (`None`: all).
fn scope(caller: &Caller) -> Option<String> {
    (!caller.role.sees_all_alerts()).then(|| caller.user.clone())
}

fn status_filter(s: Option<&str>) -> Result<Option<String>, ApiError> {
    match s {
        None => Ok(None),
        Some(s @ ("open" | "acknowledged" | "closed")) => Ok(Some(s.to_string())),
        Some(other) => Err(ApiError::validation(
            "status",
            format!("'{other}' is not an alert status; expected open, acknowledged or closed"),
        )),
    }
}

/// An alert the caller may see, or 404.
async fn visible(state: &AppState, caller: &Caller, id: &str) -> Result<AlertInfo, ApiError> {
    let alert = state
        .store()
        .alert(id)
        .await?
        .ok_or_else(|| alert_not_found(id))?;
    match scope(caller) {
        Some(user) if alert.attempt.screened_by != user => Err(alert_not_found(id)),
        _ => Ok(alert),
    }
}

/// List alerts (seq order), by status.
#[utoipa::path(
    get, path = "/v1/alerts", tag = "alerts",
    params(AlertQuery),
    responses(
        (status = 200, description = "Alerts the caller may see, in seq order", body = AlertList),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: a bad filter", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn list_alerts(
    auth: Authorized<perm::AlertRead>,
    State(state): State<AppState>,
    QueryParams(q): QueryParams<AlertQuery>,
) -> Result<Json<AlertList>, ApiError> {
    let limit = match q.limit {
        Some(n @ 1..=1000) => Some(n),
        None => None,
        Some(_) => return Err(ApiError::validation("limit", "must be 1 to 1000")),
    };
    let filter = AlertFilter {
        status: status_filter(q.status.as_deref())?,
        raised_by: scope(&auth.caller),
        after_seq: q.after_seq,
        limit,
    };
    let alerts = state.store().alerts(&filter).await?;
    let subject = format!(
        "status={} after_seq={}",
        filter.status.as_deref().unwrap_or("*"),
        filter.after_seq.unwrap_or(0)
    );
    audit_read(&state, &auth.caller, "alerts", &subject).await?;
    let alerts = alerts.iter().map(alert_view).collect::<Result<_, _>>()?;
    Ok(Json(AlertList { alerts }))
}

/// Read one alert.
#[utoipa::path(
    get, path = "/v1/alerts/{id}", tag = "alerts",
    params(("id" = String, Path, description = "Alert id (`AL-…`)")),
    responses(
        (status = 200, description = "The alert", body = AlertView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`alert_not_found`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn get_alert(
    auth: Authorized<perm::AlertRead>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<AlertView>, ApiError> {
    let alert = visible(&state, &auth.caller, &id).await?;
    audit_read(&state, &auth.caller, "alert", &alert.id).await?;
    Ok(Json(alert_view(&alert)?))
}

/// Acknowledge an open alert (an `alert.acknowledged` event).
#[utoipa::path(
    post, path = "/v1/alerts/{id}/ack", tag = "alerts",
    params(("id" = String, Path, description = "Alert id (`AL-…`)")),
    request_body = AckRequest,
    responses(
        (status = 200, description = "The alert, acknowledged", body = AlertView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`alert_not_found`", body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`: not open", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed` with the field", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn acknowledge_alert(
    auth: Authorized<perm::AlertManage>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<AckRequest>,
) -> Result<Json<AlertView>, ApiError> {
    visible(&state, &auth.caller, &id).await?;
    let alert = state
        .store()
        .acknowledge_alert(&auth.caller.actor, &id, body.note.as_deref())
        .await?;
    Ok(Json(alert_view(&alert)?))
}

/// Close an alert with a note (an `alert.closed` event).
#[utoipa::path(
    post, path = "/v1/alerts/{id}/close", tag = "alerts",
    params(("id" = String, Path, description = "Alert id (`AL-…`)")),
    request_body = CloseRequest,
    responses(
        (status = 200, description = "The alert, closed", body = AlertView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`alert_not_found`", body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`: already closed", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`, e.g. no `note`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn close_alert(
    auth: Authorized<perm::AlertManage>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<CloseRequest>,
) -> Result<Json<AlertView>, ApiError> {
    visible(&state, &auth.caller, &id).await?;
    let alert = state
        .store()
        .close_alert(&auth.caller.actor, &id, &body.note)
        .await?;
    Ok(Json(alert_view(&alert)?))
}

struct Follow {
    state: AppState,
    raised_by: Option<String>,
    last: u64,
    pending: VecDeque<AlertInfo>,
    hints: tokio::sync::broadcast::Receiver<u64>,
    closing: tokio::sync::watch::Receiver<bool>,
}

impl Follow {
    /// The next SSE event, or `None` when the server shuts down.
    async fn next(&mut self) -> Option<Event> {
        loop {
            if *self.closing.borrow() {
                return None;
            }
            if let Some(a) = self.pending.pop_front() {
                if a.seq <= self.last {
                    continue;
                }
                self.last = a.seq;
                let data = match alert_view(&a)
                    .and_then(|v| serde_json::to_string(&v).map_err(|e| ApiError::internal(&e)))
                {
                    Ok(d) => d,
                    Err(e) => e.envelope().error.message,
                };
                return Some(
                    Event::default()
                        .id(a.seq.to_string())
                        .event("alert")
                        .data(data),
                );
            }
            let filter = AlertFilter {
                raised_by: self.raised_by.clone(),
                after_seq: Some(self.last),
                limit: Some(100),
                ..Default::default()
            };
            match self.state.store().alerts(&filter).await {
                Ok(found) if !found.is_empty() => {
                    self.pending.extend(found);
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "alert stream: reading alerts failed; retrying")
                }
            }
            tokio::select! {
                r = self.hints.recv() => {
                    if let Err(tokio::sync::broadcast::error::RecvError::Closed) = r {
                        return None;
                    }
                }
                () = tokio::time::sleep(self.state.options().alert_poll) => {}
                _ = self.closing.changed() => {}
            }
        }
    }
}

/// Follow alerts live (Server-Sent Events).
///
/// `text/event-stream`: each event is `event: alert`, `id: <seq>` and the
/// alert as JSON in `data`; comments keep the connection alive. Reconnect
/// with `Last-Event-ID: <seq>` to get every alert after it first, then live
/// ones: no gaps, no duplicates. A border officer follows only the alerts of
/// their own screenings.
#[utoipa::path(
    get, path = "/v1/alerts/stream", tag = "alerts",
    params(("Last-Event-ID" = Option<u64>, Header, description = "Resume after this alert seq")),
    responses(
        (status = 200, description = "An endless stream of alerts", content_type = "text/event-stream", body = AlertView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed`: a bad `Last-Event-ID`", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn alert_stream(
    auth: Authorized<perm::AlertRead>,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let last = match headers.get("last-event-id") {
        None => 0,
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .ok_or_else(|| {
                ApiError::validation(
                    "Last-Event-ID",
                    "must be the seq of the last alert received (a whole number)",
                )
            })?,
    };
    audit_read(
        &state,
        &auth.caller,
        "alert_stream",
        &format!("after_seq={last}"),
    )
    .await?;
    let keep_alive = state.options().alert_keep_alive;
    // Subscribe before the first read: nothing committed after it is missed.
    let follow = Follow {
        hints: state.alert_hints(),
        closing: state.closing(),
        raised_by: scope(&auth.caller),
        last,
        pending: VecDeque::new(),
        state,
    };
    let stream =
        futures::stream::unfold(
            follow,
            |mut f| async move { f.next().await.map(|e| (Ok(e), f)) },
        );
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(keep_alive)))
}
