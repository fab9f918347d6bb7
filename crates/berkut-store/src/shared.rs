//! The store logic both backends share. The SQL text is the same on SQLite
//! and PostgreSQL; the macro instantiates it for each concrete sqlx driver
//! (sqlx's generic `Database` bounds would be longer than the code).
//!
//! Each backend type provides `begin_write` (start a serialised write
//! transaction and read the locked head), `schema_columns` and a `pool`
//! field; the macro provides everything else.

use berkut_domain::{BanChange, EntryBan, Person, RuleError};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use crate::{Result, StoreError};

/// Events read per page while verifying or tailing.
pub(crate) const PAGE: u32 = 1000;

/// Rows per multi-row INSERT (9 binds each stays far below both backends'
/// bind limits).
pub(crate) const ROWS_PER_STATEMENT: usize = 200;

/// Wall time per phase of an import, logged at `debug` level on the
/// `berkut_store::import` target (`BERKUT_LOG=berkut_store::import=debug`).
pub(crate) struct PhaseTimer {
    start: std::time::Instant,
    last: std::time::Instant,
    phases: Vec<(&'static str, std::time::Duration)>,
    entries: usize,
}

impl PhaseTimer {
    pub(crate) fn new() -> Self {
        let now = std::time::Instant::now();
        Self {
            start: now,
            last: now,
            phases: Vec::new(),
            entries: 0,
        }
    }

    /// Add the time since the last lap to `phase`.
    pub(crate) fn lap(&mut self, phase: &'static str) {
        let now = std::time::Instant::now();
        let d = now - self.last;
        self.last = now;
        match self.phases.iter_mut().find(|(p, _)| *p == phase) {
            Some((_, total)) => *total += d,
            None => self.phases.push((phase, d)),
        }
    }

    /// Add a duration measured elsewhere (another task's busy time).
    pub(crate) fn note(&mut self, phase: &'static str, d: std::time::Duration) {
        self.phases.push((phase, d));
    }

    /// Count written entries; log the totals every 100,000.
    pub(crate) fn report_every(&mut self, written: usize) {
        let before = self.entries / 100_000;
        self.entries += written;
        if self.entries / 100_000 != before {
            tracing::debug!(target: "berkut_store::import", entries = self.entries, "{}", self.render());
        }
    }

    fn render(&self) -> String {
        let mut s = format!("{:.2} s total:", self.start.elapsed().as_secs_f64());
        for (p, d) in &self.phases {
            s.push_str(&format!(" {p} {:.2} s;", d.as_secs_f64()));
        }
        s
    }

    pub(crate) fn finish(&self) {
        tracing::debug!(target: "berkut_store::import", entries = self.entries, "done: {}", self.render());
    }
}

/// The current time as stored in `recorded_at`: RFC 3339, UTC, microseconds.
pub(crate) fn now_rfc3339() -> String {
    let now = OffsetDateTime::now_utc();
    let now = now
        .replace_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now);
    now.format(&Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}

pub(crate) fn new_ban_id() -> String {
    format!("B-{}", uuid::Uuid::now_v7().simple())
}

pub(crate) fn decode_person(data: &str) -> Result<Person> {
    serde_json::from_str(data).map_err(|e| StoreError::Corrupt(format!("person row: {e}")))
}

pub(crate) fn decode_ban(data: &str) -> Result<EntryBan> {
    serde_json::from_str(data).map_err(|e| StoreError::Corrupt(format!("ban row: {e}")))
}

pub(crate) fn encode<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(format!("encoding: {e}")))
}

pub(crate) fn seq_from_db(v: i64) -> Result<u64> {
    u64::try_from(v).map_err(|_| StoreError::Corrupt(format!("negative seq {v}")))
}

pub(crate) fn seq_to_db(v: u64) -> Result<i64> {
    i64::try_from(v).map_err(|_| StoreError::Corrupt(format!("seq {v} out of range")))
}

pub(crate) fn not_found(field: &'static str, what: &'static str, id: &str) -> StoreError {
    StoreError::Rule(RuleError::NotFound {
        field,
        what,
        id: id.to_string(),
    })
}

pub(crate) fn history_entry(
    seq: i64,
    recorded_at: String,
    actor: String,
    kind: String,
    summary: String,
) -> Result<BanChange> {
    Ok(BanChange {
        seq: seq_from_db(seq)?,
        recorded_at,
        actor,
        kind,
        summary,
    })
}

/// Normalise a column type to a family both backends share.
pub(crate) fn type_family(t: &str) -> String {
    let t = t.to_ascii_lowercase();
    if t.contains("int") {
        "integer".into()
    } else if t.contains("char") || t.contains("text") {
        "text".into()
    } else {
        t
    }
}

macro_rules! impl_store {
    ($Store:ty, $Db:ty, $backend:expr) => {
        use berkut_domain::{
            Actor, BanChange, BanId, BanImposed, ChainVerifier, EntryBan, EventBody, Hash,
            NewBanInput, Person, RecordedEvent, RuleError, WatchlistSource,
            watchlist::{EntryDelisted, EntryId, EntryListed, SourceImported},
        };
        use sqlx::{Row, Transaction};
        use time::Date;

        use crate::{
            Backend, BanFilter, ChainReport, ImportBatch, ImportOptions, ImportSummary, Result,
            SchemaColumn, SourceInfo, Store, StoreError, StoredEntry,
            shared::{
                Change, PAGE, ROWS_PER_STATEMENT, classify, decode_ban, decode_entry, decode_person, encode, history_entry, import_check,
                new_ban_id, not_found, now_rfc3339, seq_from_db, seq_to_db,
            },
        };

        impl $Store {
            /// Record the new head and commit the write transaction.
            async fn commit(mut tx: Transaction<'static, $Db>, head: &(u64, Hash)) -> Result<()> {
                sqlx::query("UPDATE log_head SET seq = $1, hash = $2 WHERE id = 1")
                    .bind(seq_to_db(head.0)?)
                    .bind(head.1.to_hex())
                    .execute(&mut *tx)
                    .await?;
                Self::wake_followers(&mut tx, head.0).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Seal the next event after `head` and move the head (nothing written).
            fn seal(head: &mut (u64, Hash), actor: &Actor, body: &EventBody) -> Result<RecordedEvent> {
                let e = RecordedEvent::seal(head.0, &head.1, now_rfc3339(), actor, body);
                head.0 = e.seq;
                head.1 = Hash::from_hex(&e.hash)
                    .ok_or_else(|| StoreError::Corrupt("sealed hash is not hex".into()))?;
                Ok(e)
            }

            /// [`Self::seal`] from an event's kind, subject and rendered payload.
            fn seal_parts(
                head: &mut (u64, Hash),
                actor: &Actor,
                kind: &str,
                subject: String,
                payload: String,
            ) -> Result<RecordedEvent> {
                let e = RecordedEvent::seal_parts(head.0, &head.1, now_rfc3339(), actor, kind, subject, payload);
                head.0 = e.seq;
                head.1 = Hash::from_hex(&e.hash)
                    .ok_or_else(|| StoreError::Corrupt("sealed hash is not hex".into()))?;
                Ok(e)
            }

            /// One multi-row INSERT of sealed events, owning its values (at
            /// most [`ROWS_PER_STATEMENT`] of them).
            fn events_statement(events: Vec<RecordedEvent>) -> Result<sqlx::QueryBuilder<$Db>> {
                let mut rows = Vec::with_capacity(events.len());
                for e in events {
                    rows.push((seq_to_db(e.seq)?, e));
                }
                let mut q = sqlx::QueryBuilder::<$Db>::new(
                    "INSERT INTO events (seq, recorded_at, actor, kind, subject, payload, prev_hash, hash) ",
                );
                q.push_values(rows, |mut b, (seq, e)| {
                    b.push_bind(seq)
                        .push_bind(e.recorded_at)
                        .push_bind(e.actor)
                        .push_bind(e.kind)
                        .push_bind(e.subject)
                        .push_bind(e.payload)
                        .push_bind(e.prev_hash)
                        .push_bind(e.hash);
                });
                Ok(q)
            }

            /// Write sealed events, many per statement.
            async fn insert_events(tx: &mut Transaction<'static, $Db>, events: &[RecordedEvent]) -> Result<()> {
                for chunk in events.chunks(ROWS_PER_STATEMENT) {
                    let mut q = sqlx::QueryBuilder::<$Db>::new(
                        "INSERT INTO events (seq, recorded_at, actor, kind, subject, payload, prev_hash, hash) ",
                    );
                    let mut bad = None;
                    q.push_values(chunk, |mut b, e| {
                        let seq = i64::try_from(e.seq).unwrap_or_else(|_| {
                            bad = Some(e.seq);
                            i64::MAX
                        });
                        b.push_bind(seq)
                            .push_bind(e.recorded_at.as_str())
                            .push_bind(e.actor.as_str())
                            .push_bind(e.kind.as_str())
                            .push_bind(e.subject.as_str())
                            .push_bind(e.payload.as_str())
                            .push_bind(e.prev_hash.as_str())
                            .push_bind(e.hash.as_str());
                    });
                    if let Some(seq) = bad {
                        return Err(StoreError::Corrupt(format!("seq {seq} out of range")));
                    }
                    q.build().execute(&mut **tx).await?;
                }
                Ok(())
            }

            /// Append one event after the head (the head row is written at commit).
            async fn append(
                tx: &mut Transaction<'static, $Db>,
                head: &mut (u64, Hash),
                actor: &Actor,
                body: &EventBody,
            ) -> Result<RecordedEvent> {
                let e = Self::seal(head, actor, body)?;
                Self::insert_events(tx, std::slice::from_ref(&e)).await?;
                Ok(e)
            }

            fn entry_row(r: &<$Db as sqlx::Database>::Row) -> Result<StoredEntry> {
                decode_entry(
                    r.try_get("id")?,
                    r.try_get("status")?,
                    r.try_get("created_seq")?,
                    r.try_get("updated_seq")?,
                    r.try_get("data")?,
                )
            }

            async fn upsert_source(
                tx: &mut Transaction<'static, $Db>,
                imported: &SourceImported,
                now: &str,
                seq: u64,
            ) -> Result<()> {
                sqlx::query(
                    "INSERT INTO sources (name, list, version, content_hash, imported_at, entries, last_seq) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (name) DO UPDATE SET list = excluded.list, version = excluded.version, \
                     content_hash = excluded.content_hash, imported_at = excluded.imported_at, \
                     entries = excluded.entries, last_seq = excluded.last_seq",
                )
                .bind(&imported.source)
                .bind(imported.list.code())
                .bind(&imported.version)
                .bind(&imported.content_hash)
                .bind(now)
                .bind(i64::try_from(imported.entries).unwrap_or(i64::MAX))
                .bind(seq_to_db(seq)?)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            async fn read_head(tx: &mut Transaction<'static, $Db>, sql: &'static str) -> Result<(u64, Hash)> {
                let row = sqlx::query(sql).fetch_one(&mut **tx).await?;
                let seq = seq_from_db(row.try_get("seq")?)?;
                let hash: String = row.try_get("hash")?;
                let hash = Hash::from_hex(&hash)
                    .ok_or_else(|| StoreError::Corrupt("log_head hash is not hex".into()))?;
                Ok((seq, hash))
            }

            async fn ban_in(tx: &mut Transaction<'static, $Db>, id: &str) -> Result<Option<EntryBan>> {
                let row = sqlx::query("SELECT data FROM bans WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?;
                row.map(|r| decode_ban(&r.try_get::<String, _>("data")?)).transpose()
            }

            async fn store_ban(
                tx: &mut Transaction<'static, $Db>,
                ban: &EntryBan,
                seq: u64,
                summary: &str,
                created: bool,
            ) -> Result<()> {
                let source = match &ban.source {
                    WatchlistSource::NationalRegister => "national_register".to_string(),
                    WatchlistSource::ImportedList { name, .. } => name.clone(),
                };
                if created {
                    sqlx::query(
                        "INSERT INTO bans (id, person_id, ground, status, source, data, created_seq, updated_seq) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                    )
                    .bind(ban.id.as_str())
                    .bind(ban.person_id.as_str())
                    .bind(ban.ground.code())
                    .bind(ban.status.code())
                    .bind(source)
                    .bind(encode(ban)?)
                    .bind(seq_to_db(seq)?)
                    .execute(&mut **tx)
                    .await?;
                } else {
                    sqlx::query("UPDATE bans SET status = $2, data = $3, updated_seq = $4 WHERE id = $1")
                        .bind(ban.id.as_str())
                        .bind(ban.status.code())
                        .bind(encode(ban)?)
                        .bind(seq_to_db(seq)?)
                        .execute(&mut **tx)
                        .await?;
                }
                sqlx::query("INSERT INTO ban_history (ban_id, seq, summary) VALUES ($1, $2, $3)")
                    .bind(ban.id.as_str())
                    .bind(seq_to_db(seq)?)
                    .bind(summary)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }
        }

        impl Store for $Store {
            fn backend(&self) -> Backend {
                $backend
            }

            async fn register_person(&self, actor: &Actor, person: Person) -> Result<RecordedEvent> {
                let (mut tx, mut head) = self.begin_write().await?;
                let exists = sqlx::query("SELECT id FROM persons WHERE id = $1")
                    .bind(person.id.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
                if exists.is_some() {
                    return Err(RuleError::AlreadyExists {
                        what: "person",
                        id: person.id.to_string(),
                    }
                    .into());
                }
                let data = encode(&person)?;
                let id = person.id.to_string();
                let e = Self::append(&mut tx, &mut head, actor, &EventBody::PersonRegistered(person)).await?;
                sqlx::query("INSERT INTO persons (id, data, created_seq, updated_seq) VALUES ($1, $2, $3, $3)")
                    .bind(&id)
                    .bind(data)
                    .bind(seq_to_db(e.seq)?)
                    .execute(&mut *tx)
                    .await?;
                Self::commit(tx, &head).await?;
                Ok(e)
            }

            async fn impose_ban(
                &self,
                actor: &Actor,
                input: &NewBanInput,
                source: WatchlistSource,
            ) -> Result<EntryBan> {
                let imposed: BanImposed = input.validate(BanId::parse(&new_ban_id())?, source)?;
                let (mut tx, mut head) = self.begin_write().await?;
                let person = sqlx::query("SELECT id FROM persons WHERE id = $1")
                    .bind(imposed.person_id.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
                if person.is_none() {
                    return Err(not_found("person_id", "person", imposed.person_id.as_str()));
                }
                let ban = EntryBan::from_imposed(&imposed);
                let summary = format!(
                    "imposed on ground {} by {} ({})",
                    imposed.ground, imposed.authority, imposed.basis.reference
                );
                let e = Self::append(&mut tx, &mut head, actor, &EventBody::BanImposed(imposed)).await?;
                Self::store_ban(&mut tx, &ban, e.seq, &summary, true).await?;
                Self::commit(tx, &head).await?;
                Ok(ban)
            }

            async fn lift_ban(&self, actor: &Actor, ban_id: &str, reason: &str, on: Date) -> Result<EntryBan> {
                let (mut tx, mut head) = self.begin_write().await?;
                let mut ban = Self::ban_in(&mut tx, ban_id)
                    .await?
                    .ok_or_else(|| not_found("ban_id", "ban", ban_id))?;
                let lifted = ban.lift(reason, on)?;
                ban.apply_lifted(&lifted);
                let summary = format!("lifted: {}", lifted.reason);
                let e = Self::append(&mut tx, &mut head, actor, &EventBody::BanLifted(lifted)).await?;
                Self::store_ban(&mut tx, &ban, e.seq, &summary, false).await?;
                Self::commit(tx, &head).await?;
                Ok(ban)
            }

            async fn expire_due_bans(&self, actor: &Actor, today: Date) -> Result<Vec<BanId>> {
                let (mut tx, mut head) = self.begin_write().await?;
                let rows = sqlx::query("SELECT data FROM bans WHERE status = 'active' ORDER BY created_seq")
                    .fetch_all(&mut *tx)
                    .await?;
                let mut expired = Vec::new();
                for row in rows {
                    let mut ban = decode_ban(&row.try_get::<String, _>("data")?)?;
                    let Some(ev) = ban.expiry_due(today) else { continue };
                    ban.apply_expired(&ev);
                    let summary = format!("expired: term ended before {}", berkut_domain::format_date(ev.on));
                    let e = Self::append(&mut tx, &mut head, actor, &EventBody::BanExpired(ev)).await?;
                    Self::store_ban(&mut tx, &ban, e.seq, &summary, false).await?;
                    expired.push(ban.id);
                }
                Self::commit(tx, &head).await?;
                Ok(expired)
            }

            async fn import_source(
                &self,
                actor: &Actor,
                batch: &ImportBatch,
                options: ImportOptions,
            ) -> Result<ImportSummary> {
                let mut timer = crate::shared::PhaseTimer::new();
                let (mut tx, mut head) = self.begin_write().await?;
                let rows = sqlx::query(
                    "SELECT id, status, content_hash FROM watchlist_entries WHERE source = $1",
                )
                .bind(&batch.source)
                .fetch_all(&mut *tx)
                .await?;
                let mut existing = std::collections::HashMap::with_capacity(rows.len());
                for r in rows {
                    let id: String = r.try_get("id")?;
                    let status: String = r.try_get("status")?;
                    let hash: String = r.try_get("content_hash")?;
                    existing.insert(id, (status == "listed", hash));
                }
                timer.lap("read existing");
                let check = import_check(batch, &existing, options)?;
                timer.lap("check ids");
                let mut summary = check.summary.clone();
                if options.dry_run {
                    // Count only; the transaction rolls back.
                    for (entry, id) in batch.entries.iter().zip(&check.ids) {
                        summary.count(classify(entry, id.as_str(), &existing).0);
                    }
                    return Ok(summary);
                }
                // Two threads: this task renders, hashes and seals entries
                // and builds multi-row statements; a writer task owning the
                // transaction executes them as they come. Nothing commits
                // until both are done, so a failure anywhere rolls back all.
                let (send, mut queue) = tokio::sync::mpsc::channel::<sqlx::QueryBuilder<$Db>>(8);
                let writer = tokio::spawn(async move {
                    let mut busy = std::time::Duration::ZERO;
                    while let Some(mut q) = queue.recv().await {
                        let t = std::time::Instant::now();
                        q.build().execute(&mut *tx).await?;
                        busy += t.elapsed();
                    }
                    Ok::<_, StoreError>((tx, busy))
                });
                let produced: Result<()> = async {
                    let mut part = Vec::with_capacity(ROWS_PER_STATEMENT);
                    let mut entries = batch.entries.iter().zip(&check.ids).peekable();
                    while entries.peek().is_some() {
                        part.clear();
                        for (entry, id) in entries.by_ref() {
                            let (change, canonical, hash) = classify(entry, id.as_str(), &existing);
                            summary.count(change);
                            if change != Change::Unchanged {
                                part.push((entry, id, canonical, hash, change == Change::Added));
                                if part.len() == ROWS_PER_STATEMENT {
                                    break;
                                }
                            }
                        }
                        timer.lap("render and hash");
                        if part.is_empty() {
                            break;
                        }
                        let written = part.len();
                        let mut events = Vec::with_capacity(written);
                        let mut rows = Vec::with_capacity(written);
                        for (entry, id, canonical, hash, created) in part.drain(..) {
                            let payload = EntryListed::payload_of(id, &batch.source, &hash, &canonical);
                            let kind = if created {
                                berkut_domain::event::kind::ENTRY_LISTED
                            } else {
                                berkut_domain::event::kind::ENTRY_CHANGED
                            };
                            let e = Self::seal_parts(&mut head, actor, kind, id.to_string(), payload)?;
                            let entry_kind = match entry.kind {
                                berkut_domain::watchlist::EntryKind::Individual => "individual",
                                berkut_domain::watchlist::EntryKind::Organisation => "organisation",
                                berkut_domain::watchlist::EntryKind::Vessel => "vessel",
                                berkut_domain::watchlist::EntryKind::Aircraft => "aircraft",
                            };
                            rows.push((id.to_string(), entry.source_id.clone(), entry_kind, hash, canonical, seq_to_db(e.seq)?));
                            events.push(e);
                        }
                        timer.lap("seal");
                        let events = Self::events_statement(events)?;
                        let mut q = sqlx::QueryBuilder::<$Db>::new(
                            "INSERT INTO watchlist_entries \
                             (id, source, source_id, kind, status, content_hash, data, created_seq, updated_seq) ",
                        );
                        q.push_values(rows, |mut b, (id, source_id, kind, hash, data, seq)| {
                            b.push_bind(id)
                                .push_bind(batch.source.clone())
                                .push_bind(source_id)
                                .push_bind(kind)
                                .push_bind("listed")
                                .push_bind(hash)
                                .push_bind(data)
                                .push_bind(seq)
                                .push_bind(seq);
                        });
                        q.push(
                            " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, status = 'listed', \
                             content_hash = excluded.content_hash, data = excluded.data, \
                             updated_seq = excluded.updated_seq",
                        );
                        timer.lap("build statements");
                        for q in [events, q] {
                            send.send(q)
                                .await
                                .map_err(|_| StoreError::Corrupt("the import writer stopped".into()))?;
                        }
                        timer.lap("wait for writer");
                        timer.report_every(written);
                    }
                    Ok(())
                }
                .await;
                drop(send);
                let (mut tx, busy) = match writer.await {
                    Ok(written) => written?,
                    Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                    Err(e) => return Err(StoreError::Corrupt(format!("the import writer failed: {e}"))),
                };
                produced?;
                timer.lap("wait for writer");
                timer.note("writer busy", busy);
                if summary.added == 0 && summary.changed == 0 && check.removals.is_empty() {
                    // Nothing changed: write nothing (the transaction rolls back).
                    return Ok(summary);
                }
                let now = now_rfc3339();
                let mut events = Vec::with_capacity(check.removals.len() + 1);
                let mut delisted = Vec::with_capacity(check.removals.len());
                for id in &check.removals {
                    let body = EntryDelisted {
                        entry_id: EntryId::parse(id)?,
                        source: batch.source.clone(),
                        reason: "delisted".into(),
                    };
                    let e = Self::seal(&mut head, actor, &EventBody::EntryDelisted(body))?;
                    delisted.push((id.as_str(), seq_to_db(e.seq)?));
                    events.push(e);
                }
                let imported = SourceImported {
                    source: batch.source.clone(),
                    list: batch.list,
                    version: batch.version.clone(),
                    content_hash: batch.content_hash.clone(),
                    entries: summary.read,
                    added: summary.added,
                    changed: summary.changed,
                    removed: summary.removed,
                    unchanged: summary.unchanged,
                };
                let e = Self::seal(&mut head, actor, &EventBody::SourceImported(imported.clone()))?;
                let last_seq = e.seq;
                events.push(e);
                Self::insert_events(&mut tx, &events).await?;
                for (id, seq) in delisted {
                    sqlx::query("UPDATE watchlist_entries SET status = 'delisted', updated_seq = $2 WHERE id = $1")
                        .bind(id)
                        .bind(seq)
                        .execute(&mut *tx)
                        .await?;
                }
                Self::upsert_source(&mut tx, &imported, &now, last_seq).await?;
                timer.lap("delist and source");
                Self::commit(tx, &head).await?;
                timer.lap("commit");
                timer.finish();
                summary.last_seq = Some(last_seq);
                Ok(summary)
            }

            async fn record_source_import(
                &self,
                actor: &Actor,
                import: &SourceImported,
            ) -> Result<u64> {
                let (mut tx, mut head) = self.begin_write().await?;
                let e = Self::append(&mut tx, &mut head, actor, &EventBody::SourceImported(import.clone())).await?;
                Self::upsert_source(&mut tx, import, &now_rfc3339(), e.seq).await?;
                Self::commit(tx, &head).await?;
                Ok(e.seq)
            }

            async fn entry(&self, id: &str) -> Result<Option<StoredEntry>> {
                let row = sqlx::query(
                    "SELECT id, status, created_seq, updated_seq, data FROM watchlist_entries WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| Self::entry_row(&r)).transpose()
            }

            async fn listed_entries(&self, source: Option<&str>) -> Result<Vec<StoredEntry>> {
                let rows = sqlx::query(
                    "SELECT id, status, created_seq, updated_seq, data FROM watchlist_entries \
                     WHERE status = 'listed' AND ($1 IS NULL OR source = $1) ORDER BY created_seq",
                )
                .bind(source)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::entry_row).collect()
            }

            async fn sources(&self) -> Result<Vec<SourceInfo>> {
                let rows = sqlx::query(
                    "SELECT name, list, version, content_hash, imported_at, entries, last_seq \
                     FROM sources ORDER BY name",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|r| {
                        Ok(SourceInfo {
                            name: r.try_get("name")?,
                            list: r.try_get("list")?,
                            version: r.try_get("version")?,
                            content_hash: r.try_get("content_hash")?,
                            imported_at: r.try_get("imported_at")?,
                            entries: seq_from_db(r.try_get("entries")?)?,
                            last_seq: seq_from_db(r.try_get("last_seq")?)?,
                        })
                    })
                    .collect()
            }

            async fn declare_emergency(
                &self,
                actor: &Actor,
                input: &berkut_domain::EmergencyInput,
            ) -> Result<berkut_domain::EmergencyDeclaration> {
                let id = berkut_domain::EmergencyId::parse(&format!(
                    "E-{}",
                    uuid::Uuid::now_v7().simple()
                ))?;
                let declaration = input.validate(id)?;
                let (mut tx, mut head) = self.begin_write().await?;
                let e = Self::append(
                    &mut tx,
                    &mut head,
                    actor,
                    &EventBody::EmergencyDeclared(declaration.clone()),
                )
                .await?;
                sqlx::query(
                    "INSERT INTO emergencies (id, status, data, created_seq, updated_seq) \
                     VALUES ($1, 'active', $2, $3, $3)",
                )
                .bind(declaration.id.as_str())
                .bind(encode(&declaration)?)
                .bind(seq_to_db(e.seq)?)
                .execute(&mut *tx)
                .await?;
                Self::commit(tx, &head).await?;
                Ok(declaration)
            }

            async fn end_emergency(
                &self,
                actor: &Actor,
                id: &str,
                reason: &str,
                on: Date,
            ) -> Result<berkut_domain::EmergencyDeclaration> {
                let (mut tx, mut head) = self.begin_write().await?;
                let row = sqlx::query("SELECT data FROM emergencies WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| not_found("emergency_id", "emergency declaration", id))?;
                let mut declaration: berkut_domain::EmergencyDeclaration =
                    serde_json::from_str(&row.try_get::<String, _>("data")?)
                        .map_err(|e| StoreError::Corrupt(format!("emergency {id}: {e}")))?;
                let ended = declaration.end(reason, on)?;
                declaration.apply_ended(&ended);
                let e = Self::append(&mut tx, &mut head, actor, &EventBody::EmergencyEnded(ended)).await?;
                sqlx::query("UPDATE emergencies SET status = 'ended', data = $2, updated_seq = $3 WHERE id = $1")
                    .bind(id)
                    .bind(encode(&declaration)?)
                    .bind(seq_to_db(e.seq)?)
                    .execute(&mut *tx)
                    .await?;
                Self::commit(tx, &head).await?;
                Ok(declaration)
            }

            async fn emergencies(&self) -> Result<Vec<berkut_domain::EmergencyDeclaration>> {
                let rows = sqlx::query("SELECT id, data FROM emergencies ORDER BY created_seq")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter()
                    .map(|r| {
                        let id: String = r.try_get("id")?;
                        serde_json::from_str(&r.try_get::<String, _>("data")?)
                            .map_err(|e| StoreError::Corrupt(format!("emergency {id}: {e}")))
                    })
                    .collect()
            }

            async fn person(&self, id: &str) -> Result<Option<Person>> {
                let row = sqlx::query("SELECT data FROM persons WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| decode_person(&r.try_get::<String, _>("data")?)).transpose()
            }

            async fn ban(&self, id: &str) -> Result<Option<EntryBan>> {
                let row = sqlx::query("SELECT data FROM bans WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| decode_ban(&r.try_get::<String, _>("data")?)).transpose()
            }

            async fn bans(&self, filter: &BanFilter) -> Result<Vec<EntryBan>> {
                let rows = sqlx::query(
                    "SELECT data FROM bans \
                     WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR ground = $2) \
                       AND ($3 IS NULL OR person_id = $3) \
                     ORDER BY created_seq LIMIT $4",
                )
                .bind(filter.status.as_deref())
                .bind(filter.ground.map(|g| g.code()))
                .bind(filter.person_id.as_ref().map(|p| p.as_str()))
                .bind(i64::from(filter.limit.unwrap_or(1000)))
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| decode_ban(&r.try_get::<String, _>("data")?))
                    .collect()
            }

            async fn ban_history(&self, id: &str) -> Result<Vec<BanChange>> {
                let rows = sqlx::query(
                    "SELECT e.seq, e.recorded_at, e.actor, e.kind, h.summary \
                     FROM ban_history h JOIN events e ON e.seq = h.seq \
                     WHERE h.ban_id = $1 ORDER BY e.seq",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|r| {
                        history_entry(
                            r.try_get("seq")?,
                            r.try_get("recorded_at")?,
                            r.try_get("actor")?,
                            r.try_get("kind")?,
                            r.try_get("summary")?,
                        )
                    })
                    .collect()
            }

            async fn events_after(&self, cursor: u64, limit: u32) -> Result<Vec<RecordedEvent>> {
                let rows = sqlx::query(
                    "SELECT seq, recorded_at, actor, kind, subject, payload, prev_hash, hash \
                     FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
                )
                .bind(seq_to_db(cursor)?)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|r| {
                        Ok(RecordedEvent {
                            seq: seq_from_db(r.try_get("seq")?)?,
                            recorded_at: r.try_get("recorded_at")?,
                            actor: r.try_get("actor")?,
                            kind: r.try_get("kind")?,
                            subject: r.try_get("subject")?,
                            payload: r.try_get("payload")?,
                            prev_hash: r.try_get("prev_hash")?,
                            hash: r.try_get("hash")?,
                        })
                    })
                    .collect()
            }

            async fn head(&self) -> Result<(u64, String)> {
                let row = sqlx::query("SELECT seq, hash FROM log_head WHERE id = 1")
                    .fetch_one(&self.pool)
                    .await?;
                Ok((seq_from_db(row.try_get("seq")?)?, row.try_get("hash")?))
            }

            async fn verify_chain(&self) -> Result<ChainReport> {
                // Read the head first: events appended after it are not checked
                // against it, and cannot make an intact log look broken.
                let (head_seq, head_hash) = self.head().await?;
                let mut v = ChainVerifier::default();
                let mut cursor = 0;
                while cursor < head_seq {
                    let page = self.events_after(cursor, PAGE).await?;
                    let Some(last) = page.last() else { break };
                    cursor = last.seq;
                    for e in page.iter().filter(|e| e.seq <= head_seq) {
                        if let Err(b) = v.push(e) {
                            return Ok(ChainReport::Broken(b));
                        }
                    }
                }
                Ok(match v.finish(head_seq, &head_hash) {
                    Ok((events, hash)) => ChainReport::Intact {
                        events,
                        head_hash: hash.to_hex(),
                    },
                    Err(b) => ChainReport::Broken(b),
                })
            }

            async fn logical_schema(&self) -> Result<Vec<SchemaColumn>> {
                self.schema_columns().await
            }

            // --- users, tokens and read audit (berkut-api) ---

            async fn create_user(&self, actor: &Actor, user: &str, role: &str) -> Result<crate::UserInfo> {
                let body = berkut_domain::event::UserCreated {
                    user: crate::shared::user_name(user)?,
                    role: crate::shared::role_code(role)?,
                };
                let (mut tx, mut head) = self.begin_write().await?;
                let exists = sqlx::query("SELECT name FROM users WHERE name = $1")
                    .bind(&body.user)
                    .fetch_optional(&mut *tx)
                    .await?;
                if exists.is_some() {
                    return Err(RuleError::AlreadyExists { what: "user", id: body.user }.into());
                }
                let e = Self::append(&mut tx, &mut head, actor, &EventBody::UserCreated(body.clone())).await?;
                sqlx::query("INSERT INTO users (name, role, created_seq) VALUES ($1, $2, $3)")
                    .bind(&body.user)
                    .bind(&body.role)
                    .bind(seq_to_db(e.seq)?)
                    .execute(&mut *tx)
                    .await?;
                Self::commit(tx, &head).await?;
                Ok(crate::UserInfo { name: body.user, role: body.role, created_seq: e.seq })
            }

            async fn user(&self, name: &str) -> Result<Option<crate::UserInfo>> {
                let row = sqlx::query("SELECT name, role, created_seq FROM users WHERE name = $1")
                    .bind(name)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| {
                    Ok(crate::UserInfo {
                        name: r.try_get("name")?,
                        role: r.try_get("role")?,
                        created_seq: seq_from_db(r.try_get("created_seq")?)?,
                    })
                })
                .transpose()
            }

            async fn create_token(
                &self,
                actor: &Actor,
                user: &str,
                role: &str,
                name: &str,
                token_hash: &str,
            ) -> Result<crate::TokenInfo> {
                let body = berkut_domain::event::TokenCreated {
                    token_id: crate::shared::new_token_id(),
                    user: crate::shared::user_name(user)?,
                    role: crate::shared::role_code(role)?,
                    name: crate::shared::token_label(name)?,
                };
                let token_hash = crate::shared::token_hash(token_hash)?;
                let (mut tx, mut head) = self.begin_write().await?;
                let exists = sqlx::query("SELECT name FROM users WHERE name = $1")
                    .bind(&body.user)
                    .fetch_optional(&mut *tx)
                    .await?;
                if exists.is_none() {
                    return Err(not_found("user", "user", &body.user));
                }
                let e = Self::append(&mut tx, &mut head, actor, &EventBody::TokenCreated(body.clone())).await?;
                sqlx::query(
                    "INSERT INTO api_tokens (id, user_name, role, name, token_hash, status, created_seq, updated_seq) \
                     VALUES ($1, $2, $3, $4, $5, 'active', $6, $6)",
                )
                .bind(&body.token_id)
                .bind(&body.user)
                .bind(&body.role)
                .bind(&body.name)
                .bind(token_hash)
                .bind(seq_to_db(e.seq)?)
                .execute(&mut *tx)
                .await?;
                Self::commit(tx, &head).await?;
                Ok(crate::TokenInfo {
                    id: body.token_id,
                    user: body.user,
                    role: body.role,
                    name: body.name,
                    status: "active".into(),
                    created_seq: e.seq,
                    updated_seq: e.seq,
                })
            }

            async fn token_by_hash(&self, token_hash: &str) -> Result<Option<crate::TokenInfo>> {
                let row = sqlx::query(
                    "SELECT id, user_name, role, name, status, created_seq, updated_seq \
                     FROM api_tokens WHERE token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| crate::shared::decode_token(&r)).transpose()
            }

            async fn revoke_token(&self, actor: &Actor, token_id: &str) -> Result<crate::TokenInfo> {
                let (mut tx, mut head) = self.begin_write().await?;
                let row = sqlx::query(
                    "SELECT id, user_name, role, name, status, created_seq, updated_seq \
                     FROM api_tokens WHERE id = $1",
                )
                .bind(token_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| not_found("token_id", "token", token_id))?;
                let mut token = crate::shared::decode_token(&row)?;
                if !token.is_active() {
                    return Err(RuleError::Transition(format!(
                        "token {} is {} and cannot be revoked",
                        token.id, token.status
                    ))
                    .into());
                }
                let body = berkut_domain::event::TokenRevoked { token_id: token.id.clone() };
                let e = Self::append(&mut tx, &mut head, actor, &EventBody::TokenRevoked(body)).await?;
                sqlx::query("UPDATE api_tokens SET status = 'revoked', updated_seq = $2 WHERE id = $1")
                    .bind(&token.id)
                    .bind(seq_to_db(e.seq)?)
                    .execute(&mut *tx)
                    .await?;
                Self::commit(tx, &head).await?;
                token.status = "revoked".into();
                token.updated_seq = e.seq;
                Ok(token)
            }

            async fn record_read(&self, actor: &Actor, what: &str, subject: &str) -> Result<RecordedEvent> {
                let body = berkut_domain::event::PersonalDataRead {
                    what: crate::shared::read_what(what)?,
                    subject: crate::shared::read_subject(subject),
                };
                let (mut tx, mut head) = self.begin_write().await?;
                let e = Self::append(&mut tx, &mut head, actor, &EventBody::PersonalDataRead(body)).await?;
                Self::commit(tx, &head).await?;
                Ok(e)
            }

            async fn record_reads(&self, reads: &[crate::Read]) -> Result<Vec<RecordedEvent>> {
                let bodies = reads
                    .iter()
                    .map(|r| {
                        Ok(EventBody::PersonalDataRead(berkut_domain::event::PersonalDataRead {
                            what: crate::shared::read_what(&r.what)?,
                            subject: crate::shared::read_subject(&r.subject),
                        }))
                    })
                    .collect::<Result<Vec<_>>>()?;
                if bodies.is_empty() {
                    return Ok(Vec::new());
                }
                let (mut tx, mut head) = self.begin_write().await?;
                let mut events = Vec::with_capacity(bodies.len());
                for (r, body) in reads.iter().zip(&bodies) {
                    events.push(Self::seal(&mut head, &r.actor, body)?);
                }
                Self::insert_events(&mut tx, &events).await?;
                Self::commit(tx, &head).await?;
                Ok(events)
            }

            // --- screenings, attempts, alerts and reviews (crate::alerts) ---

            async fn record_screenings(
                &self,
                actor: &Actor,
                screenings: &[crate::NewScreening],
            ) -> Result<Vec<crate::RecordedScreening>> {
                self.record_screenings_impl(actor, screenings).await
            }

            async fn alerts(&self, filter: &crate::AlertFilter) -> Result<Vec<crate::AlertInfo>> {
                self.alerts_impl(filter).await
            }

            async fn alert(&self, id: &str) -> Result<Option<crate::AlertInfo>> {
                self.alert_impl(id).await
            }

            async fn acknowledge_alert(&self, actor: &Actor, id: &str, note: Option<&str>) -> Result<crate::AlertInfo> {
                self.acknowledge_alert_impl(actor, id, note).await
            }

            async fn close_alert(&self, actor: &Actor, id: &str, note: &str) -> Result<crate::AlertInfo> {
                self.close_alert_impl(actor, id, note).await
            }

            async fn ban_attempts(&self, ban_id: &str) -> Result<u64> {
                self.ban_attempts_impl(ban_id).await
            }

            async fn reviews(&self, filter: &crate::ReviewFilter) -> Result<Vec<crate::ReviewInfo>> {
                self.reviews_impl(filter).await
            }

            async fn review(&self, id: &str) -> Result<Option<crate::ReviewInfo>> {
                self.review_impl(id).await
            }

            async fn resolve_review(
                &self,
                actor: &Actor,
                id: &str,
                outcome: &str,
                note: &str,
                on: Date,
            ) -> Result<crate::ResolvedReview> {
                self.resolve_review_impl(actor, id, outcome, note, on).await
            }

            async fn review_exclusions(&self, traveller_fingerprint: &str) -> Result<Vec<crate::ReviewExclusion>> {
                self.review_exclusions_impl(traveller_fingerprint).await
            }

            // --- employers, foreign workers, inspections (crate::labour) ---

            async fn register_employer(&self, actor: &Actor, e: &berkut_domain::labour::EmployerRegistered) -> Result<crate::EmployerInfo> {
                self.register_employer_impl(actor, e).await
            }
            async fn employer(&self, id: &str) -> Result<Option<crate::EmployerInfo>> {
                self.employer_impl(id).await
            }
            async fn employers(&self, f: &crate::EmployerFilter) -> Result<Vec<crate::EmployerInfo>> {
                self.employers_impl(f).await
            }
            async fn rescreen_employers(
                &self,
                actor: &Actor,
                through_seq: u64,
                results: &[(String, Vec<berkut_domain::labour::SanctionsHit>)],
            ) -> Result<crate::RescreenSummary> {
                self.rescreen_employers_impl(actor, through_seq, results).await
            }
            async fn employers_rescreened_through(&self) -> Result<u64> {
                self.employers_rescreened_through_impl().await
            }
            async fn register_worker(&self, actor: &Actor, w: &crate::NewWorker) -> Result<crate::WorkerInfo> {
                self.register_worker_impl(actor, w).await
            }
            async fn terminate_worker(&self, actor: &Actor, t: &berkut_domain::labour::WorkerTerminated) -> Result<crate::WorkerInfo> {
                self.terminate_worker_impl(actor, t).await
            }
            async fn worker(&self, id: &str) -> Result<Option<crate::WorkerInfo>> {
                self.worker_impl(id).await
            }
            async fn workers(&self, f: &crate::WorkerFilter) -> Result<Vec<crate::WorkerInfo>> {
                self.workers_impl(f).await
            }
            async fn listed_organisations(&self) -> Result<Vec<crate::StoredEntry>> {
                self.listed_organisations_impl().await
            }
            async fn list_worker_identities(&self) -> Result<Vec<crate::WorkerIdentity>> {
                self.list_worker_identities_impl().await
            }
            async fn record_inspection(&self, actor: &Actor, i: &berkut_domain::labour::InspectionRecorded) -> Result<crate::InspectionInfo> {
                self.record_inspection_impl(actor, i).await
            }
            async fn inspection(&self, id: &str) -> Result<Option<crate::InspectionInfo>> {
                self.inspection_impl(id).await
            }
            async fn inspections(&self, f: &crate::InspectionFilter) -> Result<Vec<crate::InspectionInfo>> {
                self.inspections_impl(f).await
            }
        }
    };
}

pub(crate) use impl_store;

pub(crate) fn decode_entry(
    id: String,
    status: String,
    created_seq: i64,
    updated_seq: i64,
    data: String,
) -> Result<crate::StoredEntry> {
    Ok(crate::StoredEntry {
        id: berkut_domain::watchlist::EntryId::parse(&id)
            .map_err(|e| StoreError::Corrupt(format!("entry id {id}: {e}")))?,
        status,
        created_seq: seq_from_db(created_seq)?,
        updated_seq: seq_from_db(updated_seq)?,
        entry: serde_json::from_str(&data)
            .map_err(|e| StoreError::Corrupt(format!("entry {id}: {e}")))?,
    })
}

/// What an import checks before it writes: every entry's id (in file
/// order), the ids to delist, and the counts that need no hashing.
pub(crate) struct ImportCheck {
    pub ids: Vec<berkut_domain::watchlist::EntryId>,
    /// Entry ids to delist, sorted.
    pub removals: Vec<String>,
    /// `read`, `persons`, `organisations`, `aliases` and `removed`.
    pub summary: crate::ImportSummary,
}

/// How an entry compares with the stored one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Added,
    Changed,
    Unchanged,
}

/// An entry's canonical JSON and content hash, and how it compares with the
/// source's stored entries (`id → (listed, content hash)`).
pub(crate) fn classify(
    entry: &berkut_domain::watchlist::ListedEntry,
    id: &str,
    existing: &std::collections::HashMap<String, (bool, String)>,
) -> (Change, String, String) {
    let canonical = entry.canonical_json();
    let hash = berkut_domain::watchlist::content_hash_of(&canonical);
    let change = match existing.get(id) {
        None => Change::Added,
        Some((listed, old)) if *listed && *old == hash => Change::Unchanged,
        Some(_) => Change::Changed,
    };
    (change, canonical, hash)
}

impl crate::ImportSummary {
    pub(crate) fn count(&mut self, change: Change) {
        match change {
            Change::Added => self.added += 1,
            Change::Changed => self.changed += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }
}

/// Check a file's entries against the source's stored ones (`id → (listed,
/// content hash)`) and apply the guard rails. Removals depend on ids only,
/// so a refused import is refused before any entry is hashed or written.
pub(crate) fn import_check(
    batch: &crate::ImportBatch,
    existing: &std::collections::HashMap<String, (bool, String)>,
    options: crate::ImportOptions,
) -> Result<ImportCheck> {
    use berkut_domain::watchlist::{EntryId, EntryKind};
    use std::collections::HashSet;

    let mut summary = crate::ImportSummary {
        read: batch.entries.len() as u64,
        ..Default::default()
    };
    let mut ids = Vec::with_capacity(batch.entries.len());
    let mut seen: HashSet<&str> = HashSet::with_capacity(batch.entries.len());
    for entry in &batch.entries {
        let id = EntryId::new(&batch.source, &entry.source_id)?;
        ids.push(id);
        match entry.kind {
            EntryKind::Individual => summary.persons += 1,
            EntryKind::Organisation => summary.organisations += 1,
            EntryKind::Vessel | EntryKind::Aircraft => {}
        }
        summary.aliases += entry.alias_records();
        summary.remark_aliases += u64::from(entry.source_counts.remark_aliases);
    }
    for (id, entry) in ids.iter().zip(&batch.entries) {
        if !seen.insert(id.as_str()) {
            return Err(StoreError::Refused(format!(
                "the file lists id '{}' more than once",
                entry.source_id
            )));
        }
    }
    let mut removals: Vec<String> = existing
        .iter()
        .filter(|(id, (listed, _))| *listed && !seen.contains(id.as_str()))
        .map(|(id, _)| id.clone())
        .collect();
    removals.sort();
    summary.removed = removals.len() as u64;
    let listed = existing.values().filter(|(l, _)| *l).count() as u64;
    if !options.allow_mass_removal {
        if batch.entries.is_empty() {
            return Err(StoreError::Refused(
                "the file has no entries (empty or truncated?); use --allow-mass-removal to delist everything".into(),
            ));
        }
        if listed > 0 && summary.removed as f64 > options.max_removal_share * listed as f64 {
            return Err(StoreError::Refused(format!(
                "the file would delist {} of {} entries of source '{}' (more than {:.0} %); \
                 is it truncated? use --allow-mass-removal if this is intended",
                summary.removed,
                listed,
                batch.source,
                options.max_removal_share * 100.0
            )));
        }
    }
    Ok(ImportCheck {
        ids,
        removals,
        summary,
    })
}

// --- users, tokens and read audit (berkut-api) ---

pub(crate) fn new_token_id() -> String {
    format!("T-{}", uuid::Uuid::now_v7().simple())
}

fn printable(field: &str, s: &str, max: usize) -> Result<String> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > max || t.chars().any(char::is_control) {
        return Err(berkut_domain::ValidationError::new(
            field,
            format!("must be 1 to {max} printable characters"),
        )
        .into());
    }
    Ok(t.to_string())
}

/// A user name: 1..=128 printable characters (it becomes the actor).
pub(crate) fn user_name(s: &str) -> Result<String> {
    printable("user", s, 128)
}

/// A token label: 1..=200 printable characters.
pub(crate) fn token_label(s: &str) -> Result<String> {
    printable("name", s, 200)
}

/// A role code: lower-case ASCII letters and `_` (which codes exist is the
/// API's business).
pub(crate) fn role_code(s: &str) -> Result<String> {
    if s.is_empty() || s.len() > 64 || !s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return Err(berkut_domain::ValidationError::new(
            "role",
            format!("'{s}' is not a role code"),
        )
        .into());
    }
    Ok(s.to_string())
}

/// A token hash: 64 lower-case hex digits.
pub(crate) fn token_hash(s: &str) -> Result<String> {
    if s.len() != 64 || !s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(berkut_domain::ValidationError::new(
            "token_hash",
            "must be 64 lower-case hex digits (SHA-256)",
        )
        .into());
    }
    Ok(s.to_string())
}

/// What was read: a short code.
pub(crate) fn read_what(s: &str) -> Result<String> {
    if s.is_empty() || s.len() > 64 || !s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return Err(berkut_domain::ValidationError::new(
            "what",
            format!("'{s}' is not a record kind"),
        )
        .into());
    }
    Ok(s.to_string())
}

/// The subject of a read, cut to 500 characters (it may be a search query).
pub(crate) fn read_subject(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(500).collect()
}

pub(crate) fn decode_token<R>(r: &R) -> Result<crate::TokenInfo>
where
    R: sqlx::Row,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(crate::TokenInfo {
        id: r.try_get("id")?,
        user: r.try_get("user_name")?,
        role: r.try_get("role")?,
        name: r.try_get("name")?,
        status: r.try_get("status")?,
        created_seq: seq_from_db(r.try_get("created_seq")?)?,
        updated_seq: seq_from_db(r.try_get("updated_seq")?)?,
    })
}

/// A caller-chosen screening id: `S-` and up to 64 letters, digits or `-`.
pub(crate) fn check_screening_id(id: &str) -> Result<()> {
    let ok = id.len() <= 66
        && id.strip_prefix("S-").is_some_and(|r| {
            !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if ok {
        Ok(())
    } else {
        Err(berkut_domain::ValidationError::new(
            "screening_id",
            format!("'{id}' is not a screening id (S- and letters, digits or -)"),
        )
        .into())
    }
}
