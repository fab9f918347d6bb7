//! Follows the store's event log and feeds the screening engine.
//!
//! A [`Follower`] bootstraps by replaying the log (`seq > 0`) into a
//! [`Screener`], then tails it: every poll applies the events with
//! `seq > index_seq`. Appends are serialised by the store, so commit order
//! equals seq order and a poll can never skip an event. On PostgreSQL a
//! `LISTEN` on the log channel wakes the follower as soon as a commit lands;
//! it is only a hint (a dropped listener means: poll now, listen again).
//!
//! Every event is checked against the hash chain before the engine sees it
//! ([`ChainVerifier`]): a gap, a duplicate, a reordering or an edited event
//! stops the follower at the last verified event and is reported in
//! [`FollowerStatus::integrity`] until the node is restarted; screening goes
//! on against the verified prefix.
//!
//! When the store is unreachable the follower keeps its last snapshot and
//! screening goes on; [`FollowerStatus::stale`] turns true once the last
//! successful poll is older than the staleness threshold, and the next
//! successful poll catches up.
//!
//! Architecture Invariant: the engine learns about data only through
//! events, on a single node as on many, and only through events whose hash
//! chain verified; emergency declarations are re-read from the store's
//! projection when their events pass by.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use arc_swap::ArcSwap;
use berkut_domain::{ChainBreak, ChainVerifier, EmergencyDeclaration, EventBody};
use berkut_engine::{Policy, Screener};
use berkut_store::{AnyStore, Store, StoreError, Wakeups};

/// Events read per page.
const PAGE: u32 = 5000;

/// Default staleness threshold.
pub const DEFAULT_STALE_AFTER: Duration = Duration::from_secs(30);

/// What can go wrong while following.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored event could not be decoded.
    #[error("event {seq} cannot be decoded: {reason}")]
    Decode {
        /// Its seq.
        seq: u64,
        /// Why.
        reason: String,
    },
    /// The log's hash chain does not verify; nothing after the break is
    /// applied.
    #[error(transparent)]
    Integrity(#[from] ChainBreak),
}

/// How a follower stands against the log, for `/readyz`, `/metrics` and
/// the `stale` flag on decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowerStatus {
    /// Last event applied to the screener.
    pub applied_seq: u64,
    /// Newest head seq the follower has seen (read or announced).
    pub head_seq: u64,
    /// `head_seq - applied_seq`.
    pub lag: u64,
    /// Time since the last successful poll (`None`: never).
    pub since_last_ok: Option<Duration>,
    /// The last poll is older than the staleness threshold.
    pub stale: bool,
    /// The last poll reached the store.
    pub connected: bool,
    /// A `LISTEN` wake-up channel is open (PostgreSQL).
    pub listening: bool,
    /// The first hash-chain break found, if any.
    pub integrity: Option<ChainBreak>,
    /// The last error, if the last poll failed.
    pub last_error: Option<String>,
}

#[derive(Debug, Default)]
struct Health {
    head_seq: u64,
    last_ok: Option<Instant>,
    last_error: Option<String>,
    integrity: Option<ChainBreak>,
    listening: bool,
}

/// A screener kept up to date with the log.
#[derive(Debug)]
pub struct Follower {
    store: AnyStore,
    screener: Arc<Screener>,
    declarations: ArcSwap<Vec<EmergencyDeclaration>>,
    /// Held for the whole of a catch-up: one at a time, in seq order.
    verifier: tokio::sync::Mutex<ChainVerifier>,
    health: Mutex<Health>,
    stale_after_ms: AtomicU64,
}

impl Follower {
    /// Replay the whole log into a new screener.
    pub async fn bootstrap(store: AnyStore, policy: Policy) -> Result<Self, SyncError> {
        Self::bootstrap_with_progress(store, policy, |_| {}).await
    }

    /// [`Follower::bootstrap`], reporting the seq reached after each page.
    ///
    /// A hash-chain break does not fail the bootstrap: the follower serves
    /// the verified prefix and reports the break in [`Follower::status`].
    /// A store that cannot be read does fail it.
    pub async fn bootstrap_with_progress(
        store: AnyStore,
        policy: Policy,
        progress: impl Fn(u64),
    ) -> Result<Self, SyncError> {
        let f = Self {
            declarations: ArcSwap::from_pointee(store.emergencies().await?),
            store,
            screener: Arc::new(Screener::new(policy)),
            verifier: tokio::sync::Mutex::new(ChainVerifier::default()),
            health: Mutex::new(Health::default()),
            stale_after_ms: AtomicU64::new(millis(DEFAULT_STALE_AFTER)),
        };
        match f.catch_up(progress).await {
            Ok(_) | Err(SyncError::Integrity(_)) => Ok(f),
            Err(e) => Err(e),
        }
    }

    /// Set the staleness threshold (default [`DEFAULT_STALE_AFTER`]).
    pub fn set_stale_after(&self, d: Duration) {
        self.stale_after_ms.store(millis(d), Ordering::Relaxed);
    }

    /// Apply every event after the screener's seq; `progress` gets the seq
    /// reached after each page. Returns the number of events applied.
    pub async fn catch_up(&self, progress: impl Fn(u64)) -> Result<usize, SyncError> {
        let mut verifier = self.verifier.lock().await;
        if let Some(b) = self.health().integrity.clone() {
            return Err(SyncError::Integrity(b));
        }
        let r = self.catch_up_locked(&mut verifier, progress).await;
        let mut h = self.health();
        h.head_seq = h.head_seq.max(self.screener.index_seq());
        match &r {
            Ok(_) => {
                h.last_ok = Some(Instant::now());
                h.last_error = None;
            }
            Err(SyncError::Integrity(b)) => {
                // the log answered: the node is connected, but stopped
                h.last_ok = Some(Instant::now());
                h.last_error = Some(b.to_string());
                h.integrity = Some(b.clone());
                tracing::error!(error = %b, applied = self.screener.index_seq(),
                    "the event log's hash chain does not verify; following stopped at the last verified event");
            }
            Err(e) => h.last_error = Some(e.to_string()),
        }
        r
    }

    async fn catch_up_locked(
        &self,
        verifier: &mut ChainVerifier,
        progress: impl Fn(u64),
    ) -> Result<usize, SyncError> {
        let mut applied = 0;
        let mut emergencies = false;
        // Pages are applied in growing chunks: the engine rebuilds its index
        // when a change is large against what it holds, so applying a big
        // log page by page would rebuild it again and again (a 1 M-event
        // bootstrap took minutes). A chunk at least as large as everything
        // applied so far keeps the total work within twice one build.
        let mut pending: Vec<(u64, EventBody)> = Vec::new();
        let mut cursor = self.screener.index_seq();
        let outcome = loop {
            let page = match self.store.events_after(cursor, PAGE).await {
                Ok(p) => p,
                Err(e) => break Err(SyncError::from(e)),
            };
            if page.is_empty() {
                break Ok(());
            }
            let mut broken = None;
            for e in &page {
                if let Err(b) = verifier.push(e) {
                    broken = Some(SyncError::Integrity(b));
                    break;
                }
                match EventBody::decode(&e.kind, &e.payload) {
                    Ok(body) => {
                        emergencies |= matches!(
                            body,
                            EventBody::EmergencyDeclared(_) | EventBody::EmergencyEnded(_)
                        );
                        cursor = e.seq;
                        pending.push((e.seq, body));
                    }
                    Err(err) => {
                        broken = Some(SyncError::Decode {
                            seq: e.seq,
                            reason: err.to_string(),
                        });
                        break;
                    }
                }
            }
            if broken.is_some() || pending.len() >= (PAGE as usize).max(applied) {
                applied += pending.len();
                self.screener.apply(&pending);
                pending.clear();
            }
            progress(cursor);
            if let Some(e) = broken {
                break Err(e);
            }
        };
        // what was read and verified is applied, also when a later page failed
        if !pending.is_empty() {
            applied += pending.len();
            self.screener.apply(&pending);
        }
        if emergencies {
            self.declarations
                .store(Arc::new(self.store.emergencies().await?));
        }
        outcome.map(|()| applied)
    }

    /// Follow the log until the task is dropped: poll every `interval`, and
    /// on PostgreSQL also wake at once on every commit announcement. Errors
    /// are logged; the last snapshot keeps serving.
    pub fn spawn(self: Arc<Self>, interval: Duration) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut wakeups: Option<Wakeups> = None;
            let mut want_listener = matches!(self.store, AnyStore::Postgres(_));
            loop {
                if want_listener && wakeups.is_none() {
                    match self.store.wakeups().await {
                        Ok(w) => {
                            want_listener = w.is_some();
                            wakeups = w;
                        }
                        Err(e) => tracing::debug!(error = %e, "cannot listen for commits; polling"),
                    }
                    self.health().listening = wakeups.is_some();
                }
                match wakeups.as_mut() {
                    Some(w) => {
                        tokio::select! {
                            _ = tick.tick() => {}
                            n = w.next() => match n {
                                Ok(Some(seq)) => {
                                    let mut h = self.health();
                                    h.head_seq = h.head_seq.max(seq);
                                }
                                Ok(None) => {}
                                Err(e) => {
                                    tracing::debug!(error = %e, "commit listener dropped; polling now");
                                    wakeups = None;
                                    self.health().listening = false;
                                }
                            },
                        }
                    }
                    None => {
                        tick.tick().await;
                    }
                }
                match self.catch_up(|_| {}).await {
                    Ok(0) => {}
                    Ok(n) => {
                        tracing::debug!(applied = n, seq = self.screener.index_seq(), "caught up")
                    }
                    Err(SyncError::Integrity(_)) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, seq = self.screener.index_seq(), "follow failed; screening on the last snapshot")
                    }
                }
            }
        })
    }

    /// Where the follower stands.
    pub fn status(&self) -> FollowerStatus {
        let applied_seq = self.screener.index_seq();
        let stale_after = Duration::from_millis(self.stale_after_ms.load(Ordering::Relaxed));
        let h = self.health();
        let since_last_ok = h.last_ok.map(|t| t.elapsed());
        FollowerStatus {
            applied_seq,
            head_seq: h.head_seq.max(applied_seq),
            lag: h.head_seq.saturating_sub(applied_seq),
            since_last_ok,
            stale: since_last_ok.is_none_or(|d| d > stale_after),
            connected: h.last_error.is_none() || h.integrity.is_some(),
            listening: h.listening,
            integrity: h.integrity.clone(),
            last_error: h.last_error.clone(),
        }
    }

    /// [`FollowerStatus::stale`] alone, cheaply (asked on every screening).
    pub fn is_stale(&self) -> bool {
        let stale_after = Duration::from_millis(self.stale_after_ms.load(Ordering::Relaxed));
        self.health()
            .last_ok
            .is_none_or(|t| t.elapsed() > stale_after)
    }

    /// Whether the last poll reached the store, cheaply.
    pub fn is_connected(&self) -> bool {
        let h = self.health();
        h.last_error.is_none() || h.integrity.is_some()
    }

    /// The screener.
    pub fn screener(&self) -> &Arc<Screener> {
        &self.screener
    }

    /// The emergency declarations as of the last catch-up.
    pub fn declarations(&self) -> Arc<Vec<EmergencyDeclaration>> {
        self.declarations.load_full()
    }

    fn health(&self) -> std::sync::MutexGuard<'_, Health> {
        // a panic while holding the lock leaves plain data behind: use it
        self.health
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
