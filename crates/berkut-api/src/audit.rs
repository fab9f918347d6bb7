//! Group commit for `audit.read` events.
//!
//! Every read of personal data (each screening among them) is an event, and
//! the read fails when its event cannot be written. One transaction per
//! read would cost one durable commit (an fsync) per screening; instead the
//! handlers hand their reads to one writer task, which appends everything
//! that queued up while the previous commit ran in a single transaction and
//! then answers each handler. A handler still answers only after its event
//! is committed.

use berkut_store::{AnyStore, Read, Store};
use tokio::sync::{mpsc, oneshot};

use crate::error::ApiError;

/// Most reads in one transaction.
const MAX_BATCH: usize = 2048;

struct Job {
    read: Read,
    done: oneshot::Sender<Result<(), ApiError>>,
}

/// The handle handlers record reads through.
#[derive(Debug, Clone)]
pub(crate) struct AuditWriter {
    tx: Option<mpsc::Sender<JobBox>>,
    store: AnyStore,
}

struct JobBox(Job);

impl std::fmt::Debug for JobBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JobBox")
    }
}

impl AuditWriter {
    /// Start the writer task on the current Tokio runtime (without one,
    /// every read is its own transaction).
    pub(crate) fn start(store: AnyStore) -> Self {
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return Self { tx: None, store };
        };
        let (tx, rx) = mpsc::channel::<JobBox>(16 * MAX_BATCH);
        rt.spawn(run(store.clone(), rx));
        Self {
            tx: Some(tx),
            store,
        }
    }

    /// Record one read; returns once it is committed.
    pub(crate) async fn record(&self, read: Read) -> Result<(), ApiError> {
        let Some(tx) = &self.tx else {
            return direct(&self.store, &read).await;
        };
        let (done, wait) = oneshot::channel();
        if tx.send(JobBox(Job { read, done })).await.is_err() {
            return Err(ApiError::internal(&"the audit writer has stopped"));
        }
        wait.await
            .unwrap_or_else(|_| Err(ApiError::internal(&"the audit writer has stopped")))
    }
}

async fn direct(store: &AnyStore, r: &Read) -> Result<(), ApiError> {
    store.record_read(&r.actor, &r.what, &r.subject).await?;
    Ok(())
}

async fn run(store: AnyStore, mut rx: mpsc::Receiver<JobBox>) {
    let mut jobs: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while let Some(JobBox(first)) = rx.recv().await {
        jobs.push(first);
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(JobBox(j)) => jobs.push(j),
                Err(_) => break,
            }
        }
        let reads: Vec<Read> = jobs.iter().map(|j| j.read.clone()).collect();
        match store.record_reads(&reads).await {
            Ok(_) => {
                for j in jobs.drain(..) {
                    let _ = j.done.send(Ok(()));
                }
            }
            Err(e) => {
                // one bad read must not fail the others: each on its own
                tracing::warn!(error = %e, n = jobs.len(), "batched audit write failed; writing one by one");
                for j in jobs.drain(..) {
                    let r = direct(&store, &j.read).await;
                    let _ = j.done.send(r);
                }
            }
        }
    }
}
