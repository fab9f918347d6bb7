//! The state every handler shares, and the options it is built from.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use berkut_store::AnyStore;

use crate::{
    auth::RateLimiter,
    metrics::Metrics,
    screening::{EngineUnavailable, Screening},
};

/// Per-token rate limit: a token bucket of `burst` requests refilled at
/// `per_second`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Sustained requests per second per token.
    pub per_second: f64,
    /// Requests a token may make at once.
    pub burst: u32,
}

impl Default for RateLimit {
    fn default() -> Self {
        Self {
            per_second: 50.0,
            burst: 100,
        }
    }
}

/// How the service runs.
#[derive(Clone)]
pub struct ServeOptions {
    /// Largest request body in bytes (default 1 MiB); larger ones get 413.
    pub body_limit: usize,
    /// Per-token rate limit; `None` turns it off.
    pub rate_limit: Option<RateLimit>,
    /// Longest a request may take (default 30 s); then 408.
    pub request_timeout: Duration,
    /// The screening engine (default [`EngineUnavailable`]).
    pub screening: Arc<dyn Screening>,
    /// The invalidated-documents register, when one is loaded.
    pub register: Option<Arc<berkut_register::Register>>,
    /// How often an alert stream reads the store for alerts committed by
    /// other servers (default 500 ms); this server's own alerts wake the
    /// streams at once.
    pub alert_poll: Duration,
    /// How often an idle alert stream sends a keep-alive comment (default 15 s).
    pub alert_keep_alive: Duration,
    /// How long a verified token is trusted without reading the store
    /// again (default 1 s; zero reads it on every request). A token revoked
    /// by another process is refused at most this long after.
    pub token_cache: Duration,
    /// A node's spool for screenings it cannot record while the central
    /// store is unreachable (`None`: such a screening fails).
    pub spool: Option<Arc<crate::spool::Spool>>,
    /// Migration control: stay rules, the overstay check and the
    /// re-screening task (see [`crate::people::PeopleOptions`]).
    pub people: crate::people::PeopleOptions,
    /// Rules of the labour routes (notification deadlines, risk weights,
    /// sanctions threshold); `berkut-control`'s defaults.
    pub labour: crate::labour::LabourConfig,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            body_limit: 1024 * 1024,
            rate_limit: Some(RateLimit::default()),
            request_timeout: Duration::from_secs(30),
            screening: Arc::new(EngineUnavailable),
            register: None,
            alert_poll: Duration::from_millis(500),
            alert_keep_alive: Duration::from_secs(15),
            token_cache: Duration::from_secs(1),
            spool: None,
            people: crate::people::PeopleOptions::default(),
            labour: crate::labour::LabourConfig::default(),
        }
    }
}

impl std::fmt::Debug for ServeOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeOptions")
            .field("body_limit", &self.body_limit)
            .field("rate_limit", &self.rate_limit)
            .field("request_timeout", &self.request_timeout)
            .field("alert_poll", &self.alert_poll)
            .field("alert_keep_alive", &self.alert_keep_alive)
            .finish_non_exhaustive()
    }
}

struct Inner {
    store: AnyStore,
    options: ServeOptions,
    ready: AtomicBool,
    metrics: Metrics,
    limiter: RateLimiter,
    tokens: crate::auth::TokenCache,
    writer: crate::writer::EventWriter,
    /// Seqs of alerts just committed by this server: a wake-up hint for the
    /// alert streams, which always read the alerts themselves from the store.
    alerts: tokio::sync::broadcast::Sender<u64>,
    /// Turns true when the server shuts down, so alert streams end.
    closing: tokio::sync::watch::Sender<bool>,
    stats: tokio::sync::Mutex<crate::stats::Tally>,
}

/// Shared state: the store, the screening engine, readiness, counters and
/// rate-limit buckets. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("backend", &berkut_store::Store::backend(&self.0.store))
            .field("options", &self.0.options)
            .field("ready", &self.is_ready())
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// State with default options; not ready until [`AppState::set_ready`].
    pub fn new(store: AnyStore) -> Self {
        Self::with_options(store, ServeOptions::default())
    }

    /// State with the given options; not ready until [`AppState::set_ready`].
    pub fn with_options(store: AnyStore, options: ServeOptions) -> Self {
        let limiter = RateLimiter::new(options.rate_limit);
        let tokens = crate::auth::TokenCache::new(options.token_cache);
        let writer = crate::writer::EventWriter::start(store.clone());
        Self(Arc::new(Inner {
            writer,
            store,
            options,
            ready: AtomicBool::new(false),
            metrics: Metrics::default(),
            limiter,
            tokens,
            alerts: tokio::sync::broadcast::channel(1024).0,
            closing: tokio::sync::watch::channel(false).0,
            stats: tokio::sync::Mutex::default(),
        }))
    }

    /// The store.
    pub fn store(&self) -> &AnyStore {
        &self.0.store
    }

    /// The invalidated-documents register, when one is loaded.
    pub fn register(&self) -> Option<&berkut_register::Register> {
        self.0.options.register.as_deref()
    }

    /// The group-committing writer of request events (`audit.read`, `screening.recorded`).
    pub(crate) fn writer(&self) -> &crate::writer::EventWriter {
        &self.0.writer
    }

    /// The screening engine.
    pub fn screening(&self) -> &dyn Screening {
        self.0.options.screening.as_ref()
    }

    /// The options.
    pub fn options(&self) -> &ServeOptions {
        &self.0.options
    }

    /// Mark the server ready (or not) for `/readyz`.
    pub fn set_ready(&self, ready: bool) {
        self.0.ready.store(ready, Ordering::SeqCst);
    }

    /// Ready: marked ready and the engine can screen.
    pub fn is_ready(&self) -> bool {
        self.0.ready.load(Ordering::SeqCst) && self.screening().ready()
    }

    /// Request counters.
    pub fn metrics(&self) -> &Metrics {
        &self.0.metrics
    }

    /// A node whose follower cannot reach the central store: screenings go
    /// straight to the spool instead of waiting on a dead connection.
    pub fn centre_away(&self) -> bool {
        self.0.options.spool.is_some() && !self.0.options.screening.store_reachable()
    }

    /// The node's spool, when it has one.
    pub fn spool(&self) -> Option<&Arc<crate::spool::Spool>> {
        self.0.options.spool.as_ref()
    }

    pub(crate) fn tokens(&self) -> &crate::auth::TokenCache {
        &self.0.tokens
    }

    pub(crate) fn limiter(&self) -> &RateLimiter {
        &self.0.limiter
    }

    /// Tell alert streams that an alert with this seq was committed.
    pub fn alert_committed(&self, seq: u64) {
        // No subscriber is not an error: nobody is watching.
        let _ = self.0.alerts.send(seq);
    }

    /// Wake-up hints for an alert stream.
    pub(crate) fn alert_hints(&self) -> tokio::sync::broadcast::Receiver<u64> {
        self.0.alerts.subscribe()
    }

    /// End every alert stream (the server is shutting down).
    pub fn close_streams(&self) {
        self.0.closing.send_replace(true);
    }

    /// Turns true when the server shuts down.
    pub(crate) fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.0.closing.subscribe()
    }

    /// The dashboard's screening tally (folded from the log on request).
    pub(crate) fn stats(&self) -> &tokio::sync::Mutex<crate::stats::Tally> {
        &self.0.stats
    }
}
