//! Tampering with stored events the way an attacker with database access
//! would: the append-only triggers and foreign keys are disabled first.

use berkut_domain::RecordedEvent;
use berkut_store::{AnyStore, Store};
use sqlx::{Acquire, Row};

/// A stored column of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// `recorded_at`.
    RecordedAt,
    /// `actor`.
    Actor,
    /// `kind`.
    Kind,
    /// `subject`.
    Subject,
    /// `payload`.
    Payload,
    /// `hash`.
    Hash,
}

/// Every column.
pub const COLUMNS: [Column; 6] = [
    Column::RecordedAt,
    Column::Actor,
    Column::Kind,
    Column::Subject,
    Column::Payload,
    Column::Hash,
];

fn flip(s: &str) -> String {
    let mut b = s.as_bytes().to_vec();
    if let Some(i) = b.iter().position(|c| c.is_ascii_alphanumeric()) {
        b[i] ^= 0x01;
        if !b[i].is_ascii_alphanumeric() {
            b[i] ^= 0x03;
        }
    } else {
        b.push(b'x');
    }
    String::from_utf8(b).unwrap()
}

/// One stored event, read straight from the table.
pub async fn read(store: &AnyStore, seq: u64) -> RecordedEvent {
    let e = store.events_after(seq - 1, 1).await.unwrap();
    let e = e.into_iter().next().unwrap();
    assert_eq!(e.seq, seq);
    e
}

enum Op {
    Write(RecordedEvent),
    Delete(u64),
}

/// Run the ops on one open transaction of either backend.
macro_rules! run_ops {
    ($tx:expr, $ops:expr) => {
        for op in $ops {
            match op {
                Op::Write(e) => sqlx::query(UPDATE)
                    .bind(e.seq as i64)
                    .bind(e.recorded_at)
                    .bind(e.actor)
                    .bind(e.kind)
                    .bind(e.subject)
                    .bind(e.payload)
                    .bind(e.prev_hash)
                    .bind(e.hash)
                    .execute(&mut *$tx)
                    .await
                    .unwrap(),
                Op::Delete(seq) => sqlx::query(DELETE)
                    .bind(seq as i64)
                    .execute(&mut *$tx)
                    .await
                    .unwrap(),
            };
        }
    };
}

const UPDATE: &str = "UPDATE events SET recorded_at = $2, actor = $3, kind = $4, subject = $5, \
                      payload = $6, prev_hash = $7, hash = $8 WHERE seq = $1";
const DELETE: &str = "DELETE FROM events WHERE seq = $1";

async fn apply(store: &AnyStore, ops: Vec<Op>) {
    match store {
        AnyStore::Sqlite(s) => {
            let mut conn = s.pool().acquire().await.unwrap().detach();
            for sql in [
                "PRAGMA foreign_keys = OFF",
                "DROP TRIGGER IF EXISTS events_no_update",
                "DROP TRIGGER IF EXISTS events_no_delete",
            ] {
                sqlx::query(sql).execute(&mut conn).await.unwrap();
            }
            let mut tx = conn.begin().await.unwrap();
            run_ops!(tx, ops);
            tx.commit().await.unwrap();
        }
        AnyStore::Postgres(s) => {
            let mut tx = s.pool().begin().await.unwrap();
            sqlx::query("ALTER TABLE events DISABLE TRIGGER ALL")
                .execute(&mut *tx)
                .await
                .unwrap();
            run_ops!(tx, ops);
            tx.commit().await.unwrap();
        }
    }
}

/// Change one byte of one column of event `seq`.
pub async fn flip_byte(store: &AnyStore, seq: u64, column: Column) {
    let mut e = read(store, seq).await;
    let field = match column {
        Column::RecordedAt => &mut e.recorded_at,
        Column::Actor => &mut e.actor,
        Column::Kind => &mut e.kind,
        Column::Subject => &mut e.subject,
        Column::Payload => &mut e.payload,
        Column::Hash => &mut e.hash,
    };
    *field = flip(field);
    apply(store, vec![Op::Write(e)]).await;
}

/// Delete event `seq`.
pub async fn delete(store: &AnyStore, seq: u64) {
    apply(store, vec![Op::Delete(seq)]).await;
}

/// Swap the contents of events `a` and `b`, keeping their seq numbers.
pub async fn swap(store: &AnyStore, a: u64, b: u64) {
    let ea = read(store, a).await;
    let eb = read(store, b).await;
    apply(
        store,
        vec![
            Op::Write(RecordedEvent { seq: a, ..eb }),
            Op::Write(RecordedEvent { seq: b, ..ea }),
        ],
    )
    .await;
}

/// Whether a row for `seq` exists (to check deletes really happened).
pub async fn exists(store: &AnyStore, seq: u64) -> bool {
    const SQL: &str = "SELECT COUNT(*) AS n FROM events WHERE seq = $1";
    let n: i64 = match store {
        AnyStore::Sqlite(s) => sqlx::query(SQL)
            .bind(seq as i64)
            .fetch_one(s.pool())
            .await
            .unwrap()
            .get("n"),
        AnyStore::Postgres(s) => sqlx::query(SQL)
            .bind(seq as i64)
            .fetch_one(s.pool())
            .await
            .unwrap()
            .get("n"),
    };
    n == 1
}

/// Try to rewrite event `seq` through the normal path (triggers on).
pub async fn try_update_event(store: &AnyStore, seq: u64) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE events SET actor = 'mallory' WHERE seq = $1";
    match store {
        AnyStore::Sqlite(s) => sqlx::query(SQL)
            .bind(seq as i64)
            .execute(s.pool())
            .await
            .map(drop),
        AnyStore::Postgres(s) => sqlx::query(SQL)
            .bind(seq as i64)
            .execute(s.pool())
            .await
            .map(drop),
    }
}

/// Try to delete event `seq` through the normal path (triggers on).
pub async fn try_delete_event(store: &AnyStore, seq: u64) -> Result<(), sqlx::Error> {
    const SQL: &str = "DELETE FROM events WHERE seq = $1";
    match store {
        AnyStore::Sqlite(s) => sqlx::query(SQL)
            .bind(seq as i64)
            .execute(s.pool())
            .await
            .map(drop),
        AnyStore::Postgres(s) => sqlx::query(SQL)
            .bind(seq as i64)
            .execute(s.pool())
            .await
            .map(drop),
    }
}
