//! A small hand-rendered Prometheus counter set: requests by method, route
//! template and status, with their total duration. No exporter crate: a
//! handful of counters does not need one.

use std::{
    collections::BTreeMap,
    fmt::Write,
    sync::Mutex,
    time::{Duration, Instant},
};

use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::Response,
};

use crate::AppState;

#[derive(Debug, Default, Clone, Copy)]
struct Counter {
    count: u64,
    seconds: f64,
}

/// Request counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), Counter>>,
    alerts: std::sync::atomic::AtomicU64,
}

impl Metrics {
    /// Count one request.
    pub fn observe(&self, method: &str, route: &str, status: u16, took: Duration) {
        let mut map = match self.requests.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        let c = map
            .entry((method.to_string(), route.to_string(), status))
            .or_default();
        c.count += 1;
        c.seconds += took.as_secs_f64();
    }

    /// Count an alert raised by this server.
    pub fn alert_raised(&self) {
        self.alerts
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Prometheus text exposition format.
    pub fn render(&self, ready: bool) -> String {
        let map = match self.requests.lock() {
            Ok(m) => m.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        let mut out = String::new();
        out.push_str(
            "# HELP berkut_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE berkut_http_requests_total counter\n");
        for ((m, r, s), c) in &map {
            let _ = writeln!(
                out,
                "berkut_http_requests_total{{method=\"{m}\",route=\"{r}\",status=\"{s}\"}} {}",
                c.count
            );
        }
        out.push_str("# HELP berkut_http_request_duration_seconds_sum Time spent answering, by method, route and status.\n");
        out.push_str("# TYPE berkut_http_request_duration_seconds_sum counter\n");
        for ((m, r, s), c) in &map {
            let _ = writeln!(
                out,
                "berkut_http_request_duration_seconds_sum{{method=\"{m}\",route=\"{r}\",status=\"{s}\"}} {:.6}",
                c.seconds
            );
        }
        out.push_str("# HELP berkut_alerts_raised_total Alerts (attempts by banned persons) raised by this server.\n");
        out.push_str("# TYPE berkut_alerts_raised_total counter\n");
        let _ = writeln!(
            out,
            "berkut_alerts_raised_total {}",
            self.alerts.load(std::sync::atomic::Ordering::Relaxed)
        );
        out.push_str("# HELP berkut_ready Whether the server is ready (1) or not (0).\n");
        out.push_str("# TYPE berkut_ready gauge\n");
        let _ = writeln!(out, "berkut_ready {}", u8::from(ready));
        out
    }
}

/// Middleware: count every request under its route template (never the
/// raw path, which may hold personal ids).
pub(crate) async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = req.method().as_str().to_string();
    let start = Instant::now();
    let resp = next.run(req).await;
    state
        .metrics()
        .observe(&method, &route, resp.status().as_u16(), start.elapsed());
    resp
}
