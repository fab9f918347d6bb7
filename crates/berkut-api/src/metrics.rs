//! A small hand-rendered Prometheus metric set: requests by method, route
//! template and status with their total duration, a latency histogram per
//! route, screenings by decision, and the screening index against the log.
//! No exporter crate: a handful of series does not need one.

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

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 13] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Debug, Default, Clone, Copy)]
struct Histogram {
    /// Non-cumulative counts per bucket; the last slot is `+Inf`.
    counts: [u64; BUCKETS.len() + 1],
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, secs: f64) {
        let i = BUCKETS
            .iter()
            .position(|b| secs <= *b)
            .unwrap_or(BUCKETS.len());
        if let Some(c) = self.counts.get_mut(i) {
            *c += 1;
        }
        self.sum += secs;
    }
}

/// Request counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), Counter>>,
    latency: Mutex<BTreeMap<(String, String), Histogram>>,
    screenings: Mutex<BTreeMap<String, u64>>,
    alerts: std::sync::atomic::AtomicU64,
}

fn locked<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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
        drop(map);
        locked(&self.latency)
            .entry((method.to_string(), route.to_string()))
            .or_default()
            .observe(took.as_secs_f64());
    }

    /// Count one screening decision (`CLEAR`, `REFER`, `DENY`).
    pub fn screening(&self, decision: &str) {
        *locked(&self.screenings)
            .entry(decision.to_string())
            .or_default() += 1;
    }

    /// Count an alert raised by this server.
    pub fn alert_raised(&self) {
        self.alerts
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Prometheus text exposition format.
    pub fn render(&self, ready: bool, engine: Option<&crate::screening::EngineStatus>) -> String {
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
        out.push_str("# HELP berkut_http_request_seconds Request latency by method and route.\n");
        out.push_str("# TYPE berkut_http_request_seconds histogram\n");
        for ((m, r), h) in locked(&self.latency).iter() {
            let mut cumulative = 0;
            for (i, c) in h.counts.iter().enumerate() {
                cumulative += c;
                let le = BUCKETS
                    .get(i)
                    .map_or_else(|| "+Inf".to_string(), |b| b.to_string());
                let _ = writeln!(
                    out,
                    "berkut_http_request_seconds_bucket{{method=\"{m}\",route=\"{r}\",le=\"{le}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "berkut_http_request_seconds_sum{{method=\"{m}\",route=\"{r}\"}} {:.6}\nberkut_http_request_seconds_count{{method=\"{m}\",route=\"{r}\"}} {cumulative}",
                h.sum
            );
        }
        out.push_str("# HELP berkut_screenings_total Screenings by decision.\n");
        out.push_str("# TYPE berkut_screenings_total counter\n");
        for (d, n) in locked(&self.screenings).iter() {
            let _ = writeln!(out, "berkut_screenings_total{{decision=\"{d}\"}} {n}");
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
        if let Some(e) = engine {
            let gauges: [(&str, &str, f64); 7] = [
                (
                    "berkut_index_seq",
                    "Last log event applied to the screening index.",
                    e.index_seq as f64,
                ),
                (
                    "berkut_log_head_seq",
                    "Newest log head seen by this node.",
                    e.head_seq as f64,
                ),
                (
                    "berkut_follow_lag_events",
                    "Log events not yet applied to the index.",
                    e.lag as f64,
                ),
                (
                    "berkut_index_records",
                    "Screenable records in the index.",
                    e.records as f64,
                ),
                (
                    "berkut_follow_seconds_since_sync",
                    "Seconds since the log was last read successfully (-1: never).",
                    e.seconds_since_sync.unwrap_or(-1.0),
                ),
                (
                    "berkut_index_stale",
                    "1 when the node has not read the log within its staleness threshold.",
                    f64::from(u8::from(e.stale)),
                ),
                (
                    "berkut_log_integrity_ok",
                    "0 when the log's hash chain failed to verify while following.",
                    f64::from(u8::from(e.integrity.is_none())),
                ),
            ];
            for (name, help, v) in gauges {
                let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}");
            }
        }
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
