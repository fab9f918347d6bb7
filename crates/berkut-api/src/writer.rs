//! Group commit for the events every request writes.
//!
//! Every read of personal data is an event, and every screening is a
//! `screening.recorded` event (with its attempts, alerts and review items);
//! the request fails when its event cannot be written. One transaction per
//! request would cost one durable commit (an fsync) per screening; instead
//! the handlers hand their records to one writer task, which writes
//! everything that queued up while the previous commit ran — one
//! transaction per kind and actor — and then answers each handler. A
//! handler still answers only after its own events are committed.

use std::collections::BTreeMap;

use berkut_domain::Actor;
use berkut_store::{AnyStore, NewScreening, Read, RecordedScreening, Store, StoreError};
use tokio::sync::{mpsc, oneshot};

use crate::error::ApiError;

/// Most records in one batch.
const MAX_BATCH: usize = 2048;

enum Job {
    Read(Read, oneshot::Sender<Result<(), ApiError>>),
    Screening(
        Actor,
        Box<NewScreening>,
        oneshot::Sender<Result<RecordedScreening, StoreError>>,
    ),
}

/// The handle handlers record through.
#[derive(Clone)]
pub(crate) struct EventWriter {
    tx: Option<mpsc::Sender<Job>>,
    store: AnyStore,
}

impl std::fmt::Debug for EventWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventWriter")
            .field("running", &self.tx.is_some())
            .finish_non_exhaustive()
    }
}

fn stopped() -> ApiError {
    ApiError::internal(&"the event writer has stopped")
}

impl EventWriter {
    /// Start the writer task on the current Tokio runtime (without one,
    /// every record is its own transaction).
    pub(crate) fn start(store: AnyStore) -> Self {
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return Self { tx: None, store };
        };
        let (tx, rx) = mpsc::channel::<Job>(16 * MAX_BATCH);
        rt.spawn(run(store.clone(), rx));
        Self {
            tx: Some(tx),
            store,
        }
    }

    /// Record one read; returns once it is committed.
    pub(crate) async fn record(&self, read: Read) -> Result<(), ApiError> {
        let Some(tx) = &self.tx else {
            return read_one(&self.store, &read).await;
        };
        let (done, wait) = oneshot::channel();
        tx.send(Job::Read(read, done))
            .await
            .map_err(|_| stopped())?;
        wait.await.unwrap_or_else(|_| Err(stopped()))
    }

    /// Record one screening; returns once it is committed.
    pub(crate) async fn record_screening(
        &self,
        actor: &Actor,
        s: NewScreening,
    ) -> Result<RecordedScreening, StoreError> {
        let writer_gone = || StoreError::Corrupt("the event writer has stopped".into());
        let Some(tx) = &self.tx else {
            return screening_one(&self.store, actor, s).await;
        };
        let (done, wait) = oneshot::channel();
        tx.send(Job::Screening(actor.clone(), Box::new(s), done))
            .await
            .map_err(|_| writer_gone())?;
        wait.await.unwrap_or_else(|_| Err(writer_gone()))
    }
}

async fn read_one(store: &AnyStore, r: &Read) -> Result<(), ApiError> {
    store.record_read(&r.actor, &r.what, &r.subject).await?;
    Ok(())
}

async fn screening_one(
    store: &AnyStore,
    actor: &Actor,
    s: NewScreening,
) -> Result<RecordedScreening, StoreError> {
    store
        .record_screenings(actor, std::slice::from_ref(&s))
        .await?
        .pop()
        .ok_or_else(|| StoreError::Corrupt("a recorded screening went missing".into()))
}

type ScreeningJob = (
    Box<NewScreening>,
    oneshot::Sender<Result<RecordedScreening, StoreError>>,
);

async fn run(store: AnyStore, mut rx: mpsc::Receiver<Job>) {
    let mut jobs: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.recv().await {
        jobs.push(first);
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        let mut reads = Vec::new();
        let mut screenings: BTreeMap<String, (Actor, Vec<ScreeningJob>)> = BTreeMap::new();
        for j in jobs.drain(..) {
            match j {
                Job::Read(r, done) => reads.push((r, done)),
                Job::Screening(actor, s, done) => screenings
                    .entry(actor.as_str().to_string())
                    .or_insert_with(|| (actor, Vec::new()))
                    .1
                    .push((s, done)),
            }
        }
        if !reads.is_empty() {
            write_reads(&store, reads).await;
        }
        for (_, (actor, group)) in screenings {
            write_screenings(&store, &actor, group).await;
        }
    }
}

async fn write_reads(store: &AnyStore, reads: Vec<(Read, oneshot::Sender<Result<(), ApiError>>)>) {
    let batch: Vec<Read> = reads.iter().map(|(r, _)| r.clone()).collect();
    match store.record_reads(&batch).await {
        Ok(_) => {
            for (_, done) in reads {
                let _ = done.send(Ok(()));
            }
        }
        Err(e) => {
            // one bad record must not fail the others: each on its own
            tracing::warn!(error = %e, n = reads.len(), "batched audit write failed; writing one by one");
            for (r, done) in reads {
                let _ = done.send(read_one(store, &r).await);
            }
        }
    }
}

async fn write_screenings(store: &AnyStore, actor: &Actor, group: Vec<ScreeningJob>) {
    let batch: Vec<NewScreening> = group.iter().map(|(s, _)| (**s).clone()).collect();
    match store.record_screenings(actor, &batch).await {
        Ok(recorded) if recorded.len() == group.len() => {
            for ((_, done), rec) in group.into_iter().zip(recorded) {
                let _ = done.send(Ok(rec));
            }
        }
        Ok(_) | Err(_) => {
            tracing::warn!(
                n = group.len(),
                "batched screening write failed; writing one by one"
            );
            for (s, done) in group {
                let _ = done.send(screening_one(store, actor, *s).await);
            }
        }
    }
}
