//! Follows the store's event log and feeds the screening engine.
//!
//! A [`Follower`] bootstraps by replaying the log (`seq > 0`) into a
//! [`Screener`], then tails it: every poll applies the events with
//! `seq > index_seq`. Appends are serialised by the store, so commit order
//! equals seq order and a poll can never skip an event. When the store is
//! unreachable the follower keeps its last snapshot and screening goes on;
//! the error is logged and the next poll catches up.
//!
//! Architecture Invariant: the engine learns about data only through
//! events, on a single node as on many; emergency declarations are re-read
//! from the store's projection when their events pass by.

use std::{sync::Arc, time::Duration};

use arc_swap::ArcSwap;
use berkut_domain::{EmergencyDeclaration, EventBody};
use berkut_engine::{Policy, Screener};
use berkut_store::{AnyStore, Store, StoreError};

/// Events read per page.
const PAGE: u32 = 5000;

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
}

/// A screener kept up to date with the log.
#[derive(Debug)]
pub struct Follower {
    store: AnyStore,
    screener: Arc<Screener>,
    declarations: ArcSwap<Vec<EmergencyDeclaration>>,
}

impl Follower {
    /// Replay the whole log into a new screener.
    pub async fn bootstrap(store: AnyStore, policy: Policy) -> Result<Self, SyncError> {
        Self::bootstrap_with_progress(store, policy, |_| {}).await
    }

    /// [`Follower::bootstrap`], reporting the seq reached after each page.
    pub async fn bootstrap_with_progress(
        store: AnyStore,
        policy: Policy,
        progress: impl Fn(u64),
    ) -> Result<Self, SyncError> {
        let f = Self {
            declarations: ArcSwap::from_pointee(store.emergencies().await?),
            store,
            screener: Arc::new(Screener::new(policy)),
        };
        f.catch_up(progress).await?;
        Ok(f)
    }

    /// Apply every event after the screener's seq; `progress` gets the seq
    /// reached after each page. Returns the number of events applied.
    pub async fn catch_up(&self, progress: impl Fn(u64)) -> Result<usize, SyncError> {
        let mut applied = 0;
        let mut emergencies = false;
        loop {
            let cursor = self.screener.index_seq();
            let page = self.store.events_after(cursor, PAGE).await?;
            if page.is_empty() {
                break;
            }
            let mut batch = Vec::with_capacity(page.len());
            for e in &page {
                let body =
                    EventBody::decode(&e.kind, &e.payload).map_err(|err| SyncError::Decode {
                        seq: e.seq,
                        reason: err.to_string(),
                    })?;
                emergencies |= matches!(
                    body,
                    EventBody::EmergencyDeclared(_) | EventBody::EmergencyEnded(_)
                );
                batch.push((e.seq, body));
            }
            applied += batch.len();
            self.screener.apply(&batch);
            progress(self.screener.index_seq());
        }
        if emergencies {
            self.declarations
                .store(Arc::new(self.store.emergencies().await?));
        }
        Ok(applied)
    }

    /// Poll the log every `interval` until the task is dropped. Errors are
    /// logged; the last snapshot keeps serving.
    pub fn spawn(self: Arc<Self>, interval: Duration) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                match self.catch_up(|_| {}).await {
                    Ok(0) => {}
                    Ok(n) => {
                        tracing::debug!(applied = n, seq = self.screener.index_seq(), "caught up")
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, seq = self.screener.index_seq(), "follow failed; screening on the last snapshot")
                    }
                }
            }
        })
    }

    /// The screener.
    pub fn screener(&self) -> &Arc<Screener> {
        &self.screener
    }

    /// The emergency declarations as of the last catch-up.
    pub fn declarations(&self) -> Arc<Vec<EmergencyDeclaration>> {
        self.declarations.load_full()
    }
}
