//! The spool of a screening node: screenings it could not record because
//! the central store was unreachable, kept on local disk and sent upstream
//! when the centre returns.
//!
//! A spooled screening carries the id the node chose for it (`S-…`), which
//! the store treats as an idempotency key: sending the spool twice (a crash
//! between the central commit and the local truncation) records each
//! screening once. The officer got the decision at once; what waits is its
//! record, and the alert a DENY raises centrally.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use berkut_domain::Actor;
use berkut_store::{AnyStore, NewScreening, RecordedScreening, Store, StoreError};
use serde::{Deserialize, Serialize};

/// File name of the spool inside its directory.
const FILE: &str = "screenings.jsonl";

#[derive(Debug, Serialize, Deserialize)]
struct Spooled {
    actor: String,
    screening: NewScreening,
}

/// What can go wrong with the spool.
#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    /// The spool file could not be read or written.
    #[error("spool {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A spool line could not be decoded (it stays in the file).
    #[error("spool {path}, line {line}: {reason}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// Why.
        reason: String,
    },
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A node's local spool of unrecorded screenings.
#[derive(Debug)]
pub struct Spool {
    path: PathBuf,
    lock: tokio::sync::Mutex<()>,
}

impl Spool {
    /// A spool in `dir` (created when missing).
    pub fn open(dir: &Path) -> Result<Self, SpoolError> {
        std::fs::create_dir_all(dir).map_err(|source| SpoolError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(Self {
            path: dir.join(FILE),
            lock: tokio::sync::Mutex::new(()),
        })
    }

    fn io(&self, source: std::io::Error) -> SpoolError {
        SpoolError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Keep a screening until the centre returns; durable on return.
    pub async fn push(&self, actor: &Actor, screening: NewScreening) -> Result<(), SpoolError> {
        let mut line = serde_json::to_string(&Spooled {
            actor: actor.as_str().to_string(),
            screening,
        })
        .map_err(|e| self.io(std::io::Error::other(e)))?;
        line.push('\n');
        let _guard = self.lock.lock().await;
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)?;
            f.write_all(line.as_bytes())?;
            f.sync_data()
        })
        .await
        .map_err(|e| self.io(std::io::Error::other(e)))?
        .map_err(|e| self.io(e))
    }

    /// Screenings waiting.
    pub async fn pending(&self) -> Result<usize, SpoolError> {
        let _guard = self.lock.lock().await;
        match std::fs::read_to_string(&self.path) {
            Ok(s) => Ok(s.lines().filter(|l| !l.trim().is_empty()).count()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
            Err(e) => Err(self.io(e)),
        }
    }

    /// Send every spooled screening to the store (each actor's in one
    /// transaction); on success the spool is emptied. Returns what the
    /// store recorded (already recorded ones come back without alerts).
    pub async fn flush(&self, store: &AnyStore) -> Result<Vec<RecordedScreening>, SpoolError> {
        let _guard = self.lock.lock().await;
        let text = match std::fs::read_to_string(&self.path) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io(e)),
        };
        let mut groups: Vec<(Actor, Vec<NewScreening>)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let corrupt = |reason: String| SpoolError::Corrupt {
                path: self.path.clone(),
                line: i + 1,
                reason,
            };
            let s: Spooled = serde_json::from_str(line).map_err(|e| corrupt(e.to_string()))?;
            let actor = Actor::parse(&s.actor).map_err(|e| corrupt(e.to_string()))?;
            match groups.iter_mut().find(|(a, _)| *a == actor) {
                Some((_, v)) => v.push(s.screening),
                None => groups.push((actor, vec![s.screening])),
            }
        }
        let mut out = Vec::new();
        for (actor, screenings) in &groups {
            // a failure leaves the whole spool in place; sent again, the
            // screenings already recorded are recognised by their ids
            out.extend(store.record_screenings(actor, screenings).await?);
        }
        std::fs::write(&self.path, b"").map_err(|e| self.io(e))?;
        Ok(out)
    }
}
