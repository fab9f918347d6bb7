//! Screenings, attempts by banned persons, alerts and review items: the
//! types the API passes in and gets back, and the store logic both backends
//! share ([`impl_alert_store`], instantiated beside [`crate::shared`]'s
//! `impl_store`; the `Store` methods delegate to it).
//!
//! Architecture Invariant: every attempt is an `attempt.recorded` event and
//! its alert row is written in the same transaction, with the event's seq;
//! since commit order equals seq order, a reader that has seen alert seq N
//! has seen every alert below N (the SSE stream relies on this).

use berkut_domain::screening::{AttemptRecorded, Crossing, ReviewOpened, TravellerData};
use time::Date;

use crate::{Result, StoreError};

/// An attempt found by a screening: a DENY-level match against an entry
/// that bars entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewAttempt {
    /// The matched entry (`registry:P-1`, `national_register:W-9`).
    pub entry_id: String,
    /// The legal ground.
    pub ground: Option<String>,
}

/// A REFER-level candidate: opens a review item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewReview {
    /// The candidate entry.
    pub entry_id: String,
    /// Score in thousandths.
    pub score_milli: u32,
    /// Band.
    pub band: String,
    /// The evidence.
    pub evidence: Vec<String>,
    /// Whether the entry barred entry at the screening.
    pub bars_entry: bool,
    /// The ground when it did.
    pub ground: Option<String>,
}

/// One screening to record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewScreening {
    /// The screening's id when the caller chose it (`S-…`): an idempotency
    /// key. Recording a screening whose id is already recorded writes
    /// nothing and answers with the stored one. `None`: the store chooses.
    #[serde(default)]
    pub screening_id: Option<String>,
    /// What was presented.
    pub traveller: TravellerData,
    /// SHA-256 of the normalised traveller data.
    pub traveller_fingerprint: String,
    /// Where and why.
    pub crossing: Crossing,
    /// `CLEAR`, `REFER` or `DENY`.
    pub decision: String,
    /// Entry ids of the reported matches.
    pub matched_entries: Vec<String>,
    /// The index seq of the decision.
    pub index_seq: u64,
    /// Attempts (DENY-level matches against entries that bar entry).
    pub attempts: Vec<NewAttempt>,
    /// Review items to open.
    pub reviews: Vec<NewReview>,
    /// The crossing day: attempts count on the bans in force then.
    pub on: Date,
}

/// What recording a screening wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedScreening {
    /// The screening's id (`S-…`).
    pub screening_id: String,
    /// Seq of its `screening.recorded` event.
    pub seq: u64,
    /// Alerts raised.
    pub alerts: Vec<AlertInfo>,
    /// Review items opened.
    pub review_ids: Vec<String>,
}

/// An alert as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AlertInfo {
    /// Id (`AL-…`).
    pub id: String,
    /// Seq of the `attempt.recorded` event that raised it.
    pub seq: u64,
    /// `open`, `acknowledged` or `closed`.
    pub status: String,
    /// When it was raised (RFC 3339).
    pub raised_at: String,
    /// The attempt.
    pub attempt: AttemptRecorded,
    /// Who acknowledged it.
    pub acknowledged_by: Option<String>,
    /// When.
    pub acknowledged_at: Option<String>,
    /// Who closed it.
    pub closed_by: Option<String>,
    /// When.
    pub closed_at: Option<String>,
    /// The last note (acknowledgement or closing).
    pub note: Option<String>,
    /// Seq of the last event that changed it.
    pub updated_seq: u64,
    /// `attempt` (a banned person at a crossing), `overstay` or `rescreen`
    /// (a new ban or listing matched someone in the population).
    pub kind: String,
    /// What the kind adds (overstay: days and rule; rescreen: the member,
    /// score and reasons); `None` for attempts.
    pub detail: Option<serde_json::Value>,
}

/// Filter for [`crate::Store::alerts`].
#[derive(Debug, Clone, Default)]
pub struct AlertFilter {
    /// Only this status.
    pub status: Option<String>,
    /// Only alerts raised by this user's screenings.
    pub raised_by: Option<String>,
    /// Only alerts with `seq` above this.
    pub after_seq: Option<u64>,
    /// At most this many (default 1000).
    pub limit: Option<u32>,
}

/// A review item as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReviewInfo {
    /// Id (`R-…`).
    pub id: String,
    /// `open` or `resolved`.
    pub status: String,
    /// When it was opened (RFC 3339).
    pub opened_at: String,
    /// Seq of `review.opened`.
    pub created_seq: u64,
    /// What was opened.
    pub opened: ReviewOpened,
    /// `same_person` or `different_person`, once resolved.
    pub outcome: Option<String>,
    /// The resolving note.
    pub note: Option<String>,
    /// Who resolved it.
    pub resolved_by: Option<String>,
    /// When.
    pub resolved_at: Option<String>,
    /// Seq of the last event that changed it.
    pub updated_seq: u64,
}

/// Filter for [`crate::Store::reviews`].
#[derive(Debug, Clone, Default)]
pub struct ReviewFilter {
    /// Only this status (`open`, `resolved`).
    pub status: Option<String>,
    /// At most this many (default 1000).
    pub limit: Option<u32>,
}

/// What resolving a review item wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedReview {
    /// The item, resolved.
    pub review: ReviewInfo,
    /// Whether the screening became DENY.
    pub revised_to_deny: bool,
    /// The alert raised (same person, entry barring entry).
    pub alert: Option<AlertInfo>,
}

/// A remembered "different person" outcome still valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewExclusion {
    /// The entry not to refer again for this traveller data.
    pub entry_id: String,
    /// The review item that decided it.
    pub review_id: String,
}

pub(crate) fn new_id(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::now_v7().simple())
}

pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(what: &str, data: &str) -> Result<T> {
    serde_json::from_str(data).map_err(|e| StoreError::Corrupt(format!("{what} row: {e}")))
}

/// A required note: 1..=2000 printable characters (newlines allowed).
pub(crate) fn note(field: &str, s: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > 2000 || t.chars().any(|c| c.is_control() && c != '\n') {
        return Err(berkut_domain::ValidationError::new(
            field,
            "must be 1 to 2000 printable characters",
        )
        .into());
    }
    Ok(t.to_string())
}

/// The outcome of a review.
pub(crate) fn outcome(s: &str) -> Result<String> {
    match s {
        "same_person" | "different_person" => Ok(s.to_string()),
        other => Err(berkut_domain::ValidationError::new(
            "outcome",
            format!("'{other}' is not an outcome; expected same_person or different_person"),
        )
        .into()),
    }
}

macro_rules! impl_alert_store {
    ($Store:ty, $Db:ty) => {
        mod alert_store {
            // The backend type and its private helpers (append, commit).
            #[allow(unused_imports)]
            use super::*;
            use berkut_domain::{
                Actor, EventBody, Hash, RecordedEvent, RuleError,
                screening::{
                    AlertAcknowledged, AlertClosed, AttemptRecorded, ReviewOpened, ReviewResolved,
                    ScreeningRecorded, ScreeningRevised,
                },
            };
            use sqlx::{Row, Transaction};
            use time::Date;

            use crate::{
                Result,
                alerts::{
                    AlertFilter, AlertInfo, NewScreening, RecordedScreening, ResolvedReview,
                    ReviewExclusion, ReviewFilter, ReviewInfo, decode_json, new_id, note, outcome,
                },
                shared::{decode_ban, encode, not_found, seq_from_db, seq_to_db},
            };


            pub(super) fn alert_row(r: &<$Db as sqlx::Database>::Row) -> Result<AlertInfo> {
                Ok(AlertInfo {
                    id: r.try_get("id")?,
                    seq: seq_from_db(r.try_get("seq")?)?,
                    status: r.try_get("status")?,
                    raised_at: r.try_get("raised_at")?,
                    attempt: decode_json("alert", &r.try_get::<String, _>("data")?)?,
                    acknowledged_by: r.try_get("acknowledged_by")?,
                    acknowledged_at: r.try_get("acknowledged_at")?,
                    closed_by: r.try_get("closed_by")?,
                    closed_at: r.try_get("closed_at")?,
                    note: r.try_get("note")?,
                    updated_seq: seq_from_db(r.try_get("updated_seq")?)?,
                    kind: r.try_get("kind")?,
                    detail: r
                        .try_get::<Option<String>, _>("detail")?
                        .map(|d| decode_json("alert detail", &d))
                        .transpose()?,
                })
            }

            fn review_row(r: &<$Db as sqlx::Database>::Row) -> Result<ReviewInfo> {
                Ok(ReviewInfo {
                    id: r.try_get("id")?,
                    status: r.try_get("status")?,
                    opened_at: r.try_get("opened_at")?,
                    created_seq: seq_from_db(r.try_get("created_seq")?)?,
                    opened: decode_json("review", &r.try_get::<String, _>("data")?)?,
                    outcome: r.try_get("outcome")?,
                    note: r.try_get("note")?,
                    resolved_by: r.try_get("resolved_by")?,
                    resolved_at: r.try_get("resolved_at")?,
                    updated_seq: seq_from_db(r.try_get("updated_seq")?)?,
                })
            }

            type Tx = Transaction<'static, $Db>;

            impl $Store {
                /// Append one event (the head row is written at commit).
                async fn alert_append(
                    tx: &mut Tx,
                    head: &mut (u64, Hash),
                    actor: &Actor,
                    body: &EventBody,
                ) -> Result<RecordedEvent> {
                    Self::append(tx, head, actor, body).await
                }

                /// The registry bans in force on `on` against the person of
                /// `registry:P-…` (none for a watchlist entry).
                pub(crate) async fn bans_in_force(tx: &mut Tx, entry_id: &str, on: Date) -> Result<Vec<String>> {
                    let Some(person) = entry_id.strip_prefix("registry:") else {
                        return Ok(Vec::new());
                    };
                    let rows = sqlx::query(
                        "SELECT data FROM bans WHERE person_id = $1 AND status = 'active' ORDER BY created_seq",
                    )
                    .bind(person)
                    .fetch_all(&mut **tx)
                    .await?;
                    let mut out = Vec::new();
                    for r in &rows {
                        let ban = decode_ban(&r.try_get::<String, _>("data")?)?;
                        if ban.in_force_on(on) {
                            out.push(ban.id.to_string());
                        }
                    }
                    Ok(out)
                }

                /// The content version of an entry: the hash of the stored
                /// person (`registry:…`) or the entry's content hash, with
                /// its listing status. `None` when unknown.
                async fn entry_version_with<'e, E>(ex: E, entry_id: &str) -> Result<Option<String>>
                where
                    E: sqlx::Executor<'e, Database = $Db>,
                {
                    if let Some(person) = entry_id.strip_prefix("registry:") {
                        let row = sqlx::query("SELECT data FROM persons WHERE id = $1")
                            .bind(person)
                            .fetch_optional(ex)
                            .await?;
                        return row
                            .map(|r| {
                                let data: String = r.try_get("data")?;
                                Ok(format!(
                                    "person:{}",
                                    berkut_domain::watchlist::content_hash_of(&data)
                                ))
                            })
                            .transpose();
                    }
                    let row = sqlx::query(
                        "SELECT status, content_hash FROM watchlist_entries WHERE id = $1",
                    )
                    .bind(entry_id)
                    .fetch_optional(ex)
                    .await?;
                    row.map(|r| {
                        let status: String = r.try_get("status")?;
                        let hash: String = r.try_get("content_hash")?;
                        Ok(format!("{status}:{hash}"))
                    })
                    .transpose()
                }

                /// Whether a watchlist entry is listed now (registry persons
                /// are judged by their bans).
                async fn entry_listed(tx: &mut Tx, entry_id: &str) -> Result<bool> {
                    let row = sqlx::query("SELECT status FROM watchlist_entries WHERE id = $1")
                        .bind(entry_id)
                        .fetch_optional(&mut **tx)
                        .await?;
                    Ok(row
                        .map(|r| r.try_get::<String, _>("status"))
                        .transpose()?
                        .is_some_and(|s| s == "listed"))
                }

                /// Seal an attempt, write its alert row and its ban counts.
                pub(crate) async fn write_attempt(
                    tx: &mut Tx,
                    head: &mut (u64, Hash),
                    actor: &Actor,
                    attempt: AttemptRecorded,
                ) -> Result<AlertInfo> {
                    let e = Self::alert_append(tx, head, actor, &EventBody::AttemptRecorded(attempt.clone())).await?;
                    sqlx::query(
                        "INSERT INTO alerts (id, seq, status, screening_id, entry_id, raised_by, raised_at, data, updated_seq) \
                         VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $2)",
                    )
                    .bind(&attempt.alert_id)
                    .bind(seq_to_db(e.seq)?)
                    .bind(&attempt.screening_id)
                    .bind(&attempt.entry_id)
                    .bind(&attempt.screened_by)
                    .bind(&e.recorded_at)
                    .bind(encode(&attempt)?)
                    .execute(&mut **tx)
                    .await?;
                    for ban in &attempt.ban_ids {
                        sqlx::query("INSERT INTO ban_attempts (ban_id, seq) VALUES ($1, $2)")
                            .bind(ban)
                            .bind(seq_to_db(e.seq)?)
                            .execute(&mut **tx)
                            .await?;
                    }
                    Ok(AlertInfo {
                        id: attempt.alert_id.clone(),
                        seq: e.seq,
                        status: "open".into(),
                        raised_at: e.recorded_at.clone(),
                        attempt,
                        acknowledged_by: None,
                        acknowledged_at: None,
                        closed_by: None,
                        closed_at: None,
                        note: None,
                        updated_seq: e.seq,
                        kind: "attempt".into(),
                        detail: None,
                    })
                }

                async fn alert_in(tx: &mut Tx, id: &str) -> Result<AlertInfo> {
                    let row = sqlx::query("SELECT id, seq, status, raised_at, data, acknowledged_by, acknowledged_at, closed_by, closed_at, note, updated_seq, kind, detail FROM alerts WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?
                        .ok_or_else(|| not_found("alert_id", "alert", id))?;
                    alert_row(&row)
                }

                pub(crate) async fn record_screenings_impl(
                    &self,
                    actor: &Actor,
                    screenings: &[NewScreening],
                ) -> Result<Vec<RecordedScreening>> {
                    let (mut tx, mut head) = self.begin_write().await?;
                    let mut out = Vec::with_capacity(screenings.len());
                    for s in screenings {
                        let screening_id = match &s.screening_id {
                            Some(id) => {
                                crate::shared::check_screening_id(id)?;
                                let known = sqlx::query("SELECT seq FROM screening_keys WHERE screening_id = $1")
                                    .bind(id)
                                    .fetch_optional(&mut *tx)
                                    .await?;
                                if let Some(row) = known {
                                    // sent again (a node's spool): already recorded
                                    out.push(RecordedScreening {
                                        screening_id: id.clone(),
                                        seq: seq_from_db(row.try_get("seq")?)?,
                                        alerts: Vec::new(),
                                        review_ids: Vec::new(),
                                    });
                                    continue;
                                }
                                id.clone()
                            }
                            None => new_id("S"),
                        };
                        let e = Self::alert_append(
                            &mut tx,
                            &mut head,
                            actor,
                            &EventBody::ScreeningRecorded(ScreeningRecorded {
                                screening_id: screening_id.clone(),
                                traveller: s.traveller.clone(),
                                traveller_fingerprint: s.traveller_fingerprint.clone(),
                                crossing: s.crossing.clone(),
                                decision: s.decision.clone(),
                                matched_entries: s.matched_entries.clone(),
                                index_seq: s.index_seq,
                            }),
                        )
                        .await?;
                        sqlx::query("INSERT INTO screening_keys (screening_id, seq) VALUES ($1, $2)")
                            .bind(&screening_id)
                            .bind(seq_to_db(e.seq)?)
                            .execute(&mut *tx)
                            .await?;
                        // entry/exit records and refusals (people.rs)
                        Self::people_after_screening(&mut tx, &mut head, actor, &screening_id, s, e.seq).await?;
                        let mut alerts = Vec::new();
                        for a in &s.attempts {
                            let ban_ids = Self::bans_in_force(&mut tx, &a.entry_id, s.on).await?;
                            let attempt = AttemptRecorded {
                                alert_id: new_id("AL"),
                                screening_id: screening_id.clone(),
                                entry_id: a.entry_id.clone(),
                                ban_ids,
                                ground: a.ground.clone(),
                                traveller: s.traveller.clone(),
                                crossing: s.crossing.clone(),
                                screened_by: actor.as_str().to_string(),
                                review_id: None,
                            };
                            alerts.push(Self::write_attempt(&mut tx, &mut head, actor, attempt).await?);
                        }
                        let mut review_ids = Vec::new();
                        for r in &s.reviews {
                            let version = Self::entry_version_with(&mut *tx, &r.entry_id)
                                .await?
                                .unwrap_or_else(|| "unknown".into());
                            let opened = ReviewOpened {
                                review_id: new_id("R"),
                                screening_id: screening_id.clone(),
                                entry_id: r.entry_id.clone(),
                                entry_version: version,
                                traveller_fingerprint: s.traveller_fingerprint.clone(),
                                traveller: s.traveller.clone(),
                                crossing: s.crossing.clone(),
                                score_milli: r.score_milli,
                                band: r.band.clone(),
                                evidence: r.evidence.clone(),
                                bars_entry: r.bars_entry,
                                ground: r.ground.clone(),
                                screened_by: actor.as_str().to_string(),
                            };
                            let re = Self::alert_append(
                                &mut tx,
                                &mut head,
                                actor,
                                &EventBody::ReviewOpened(Box::new(opened.clone())),
                            )
                            .await?;
                            sqlx::query(
                                "INSERT INTO reviews (id, status, screening_id, entry_id, traveller_fingerprint, \
                                 entry_version, opened_at, data, created_seq, updated_seq) \
                                 VALUES ($1, 'open', $2, $3, $4, $5, $6, $7, $8, $8)",
                            )
                            .bind(&opened.review_id)
                            .bind(&opened.screening_id)
                            .bind(&opened.entry_id)
                            .bind(&opened.traveller_fingerprint)
                            .bind(&opened.entry_version)
                            .bind(&re.recorded_at)
                            .bind(encode(&opened)?)
                            .bind(seq_to_db(re.seq)?)
                            .execute(&mut *tx)
                            .await?;
                            review_ids.push(opened.review_id);
                        }
                        out.push(RecordedScreening {
                            screening_id,
                            seq: e.seq,
                            alerts,
                            review_ids,
                        });
                    }
                    Self::commit(tx, &head).await?;
                    Ok(out)
                }

                pub(crate) async fn alerts_impl(&self, f: &AlertFilter) -> Result<Vec<AlertInfo>> {
                    // nothing lies after the largest stored seq: clamp, never fail
                    let after = i64::try_from(f.after_seq.unwrap_or(0)).unwrap_or(i64::MAX);
                    let rows = sqlx::query(
                        "SELECT id, seq, status, raised_at, data, acknowledged_by, acknowledged_at, closed_by, closed_at, note, updated_seq, kind, detail FROM alerts \
                         WHERE seq > $1 AND ($2 IS NULL OR status = $2) AND ($3 IS NULL OR raised_by = $3) \
                         ORDER BY seq LIMIT $4",
                    )
                    .bind(after)
                    .bind(f.status.as_deref())
                    .bind(f.raised_by.as_deref())
                    .bind(i64::from(f.limit.unwrap_or(1000)))
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(alert_row).collect()
                }

                pub(crate) async fn alert_impl(&self, id: &str) -> Result<Option<AlertInfo>> {
                    let row = sqlx::query("SELECT id, seq, status, raised_at, data, acknowledged_by, acknowledged_at, closed_by, closed_at, note, updated_seq, kind, detail FROM alerts WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.as_ref().map(alert_row).transpose()
                }

                pub(crate) async fn acknowledge_alert_impl(
                    &self,
                    actor: &Actor,
                    id: &str,
                    text: Option<&str>,
                ) -> Result<AlertInfo> {
                    let text = text.map(|t| note("note", t)).transpose()?;
                    let (mut tx, mut head) = self.begin_write().await?;
                    let mut alert = Self::alert_in(&mut tx, id).await?;
                    if alert.status != "open" {
                        return Err(RuleError::Transition(format!(
                            "alert {} is {}; only an open alert can be acknowledged",
                            alert.id, alert.status
                        ))
                        .into());
                    }
                    let e = Self::alert_append(
                        &mut tx,
                        &mut head,
                        actor,
                        &EventBody::AlertAcknowledged(AlertAcknowledged {
                            alert_id: alert.id.clone(),
                            note: text.clone(),
                        }),
                    )
                    .await?;
                    sqlx::query(
                        "UPDATE alerts SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3, \
                         note = COALESCE($4, note), updated_seq = $5 WHERE id = $1",
                    )
                    .bind(&alert.id)
                    .bind(actor.as_str())
                    .bind(&e.recorded_at)
                    .bind(text.as_deref())
                    .bind(seq_to_db(e.seq)?)
                    .execute(&mut *tx)
                    .await?;
                    Self::commit(tx, &head).await?;
                    alert.status = "acknowledged".into();
                    alert.acknowledged_by = Some(actor.as_str().to_string());
                    alert.acknowledged_at = Some(e.recorded_at);
                    if text.is_some() {
                        alert.note = text;
                    }
                    alert.updated_seq = e.seq;
                    Ok(alert)
                }

                pub(crate) async fn close_alert_impl(
                    &self,
                    actor: &Actor,
                    id: &str,
                    text: &str,
                ) -> Result<AlertInfo> {
                    let text = note("note", text)?;
                    let (mut tx, mut head) = self.begin_write().await?;
                    let mut alert = Self::alert_in(&mut tx, id).await?;
                    if alert.status == "closed" {
                        return Err(RuleError::Transition(format!("alert {} is already closed", alert.id)).into());
                    }
                    let e = Self::alert_append(
                        &mut tx,
                        &mut head,
                        actor,
                        &EventBody::AlertClosed(AlertClosed {
                            alert_id: alert.id.clone(),
                            note: text.clone(),
                        }),
                    )
                    .await?;
                    sqlx::query(
                        "UPDATE alerts SET status = 'closed', closed_by = $2, closed_at = $3, note = $4, \
                         updated_seq = $5 WHERE id = $1",
                    )
                    .bind(&alert.id)
                    .bind(actor.as_str())
                    .bind(&e.recorded_at)
                    .bind(&text)
                    .bind(seq_to_db(e.seq)?)
                    .execute(&mut *tx)
                    .await?;
                    Self::commit(tx, &head).await?;
                    alert.status = "closed".into();
                    alert.closed_by = Some(actor.as_str().to_string());
                    alert.closed_at = Some(e.recorded_at);
                    alert.note = Some(text);
                    alert.updated_seq = e.seq;
                    Ok(alert)
                }

                pub(crate) async fn ban_attempts_impl(&self, ban_id: &str) -> Result<u64> {
                    let row = sqlx::query("SELECT COUNT(*) AS n FROM ban_attempts WHERE ban_id = $1")
                        .bind(ban_id)
                        .fetch_one(&self.pool)
                        .await?;
                    seq_from_db(row.try_get("n")?)
                }

                pub(crate) async fn reviews_impl(&self, f: &ReviewFilter) -> Result<Vec<ReviewInfo>> {
                    let rows = sqlx::query(
                        "SELECT id, status, opened_at, created_seq, data, outcome, note, resolved_by, resolved_at, updated_seq FROM reviews WHERE ($1 IS NULL OR status = $1) \
                         ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, created_seq LIMIT $2",
                    )
                    .bind(f.status.as_deref())
                    .bind(i64::from(f.limit.unwrap_or(1000)))
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(review_row).collect()
                }

                pub(crate) async fn review_impl(&self, id: &str) -> Result<Option<ReviewInfo>> {
                    let row = sqlx::query("SELECT id, status, opened_at, created_seq, data, outcome, note, resolved_by, resolved_at, updated_seq FROM reviews WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.as_ref().map(review_row).transpose()
                }

                pub(crate) async fn resolve_review_impl(
                    &self,
                    actor: &Actor,
                    id: &str,
                    outcome_code: &str,
                    text: &str,
                    on: Date,
                ) -> Result<ResolvedReview> {
                    let outcome_code = outcome(outcome_code)?;
                    let text = note("note", text)?;
                    let (mut tx, mut head) = self.begin_write().await?;
                    let row = sqlx::query("SELECT id, status, opened_at, created_seq, data, outcome, note, resolved_by, resolved_at, updated_seq FROM reviews WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or_else(|| not_found("review_id", "review", id))?;
                    let mut review = review_row(&row)?;
                    if review.status != "open" {
                        return Err(RuleError::Transition(format!(
                            "review {} is already resolved ({})",
                            review.id,
                            review.outcome.as_deref().unwrap_or("?")
                        ))
                        .into());
                    }
                    let e = Self::alert_append(
                        &mut tx,
                        &mut head,
                        actor,
                        &EventBody::ReviewResolved(ReviewResolved {
                            review_id: review.id.clone(),
                            outcome: outcome_code.clone(),
                            note: text.clone(),
                        }),
                    )
                    .await?;
                    sqlx::query(
                        "UPDATE reviews SET status = 'resolved', outcome = $2, note = $3, resolved_by = $4, \
                         resolved_at = $5, updated_seq = $6 WHERE id = $1",
                    )
                    .bind(&review.id)
                    .bind(&outcome_code)
                    .bind(&text)
                    .bind(actor.as_str())
                    .bind(&e.recorded_at)
                    .bind(seq_to_db(e.seq)?)
                    .execute(&mut *tx)
                    .await?;
                    let o = &review.opened;
                    let mut revised = false;
                    let mut alert = None;
                    if outcome_code == "different_person" {
                        sqlx::query(
                            "INSERT INTO review_exclusions (traveller_fingerprint, entry_id, entry_version, review_id, seq) \
                             VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(&o.traveller_fingerprint)
                        .bind(&o.entry_id)
                        .bind(&o.entry_version)
                        .bind(&review.id)
                        .bind(seq_to_db(e.seq)?)
                        .execute(&mut *tx)
                        .await?;
                    } else {
                        // Same person: DENY only when the entry bars entry now
                        // (a registry ban in force, or a listed entry that
                        // barred entry at the screening); lists without a
                        // legal ground cannot DENY.
                        let bans = Self::bans_in_force(&mut tx, &o.entry_id, on).await?;
                        let bars = if o.entry_id.starts_with("registry:") {
                            !bans.is_empty()
                        } else {
                            o.bars_entry && Self::entry_listed(&mut tx, &o.entry_id).await?
                        };
                        if bars {
                            let rev = Self::alert_append(
                                &mut tx,
                                &mut head,
                                actor,
                                &EventBody::ScreeningRevised(ScreeningRevised {
                                    screening_id: o.screening_id.clone(),
                                    decision: "DENY".into(),
                                    review_id: review.id.clone(),
                                }),
                            )
                            .await?;
                            revised = true;
                            Self::refusal_after_revision(&mut tx, o, &rev).await?;
                            let attempt = AttemptRecorded {
                                alert_id: new_id("AL"),
                                screening_id: o.screening_id.clone(),
                                entry_id: o.entry_id.clone(),
                                ban_ids: bans,
                                ground: o.ground.clone(),
                                traveller: o.traveller.clone(),
                                crossing: o.crossing.clone(),
                                screened_by: o.screened_by.clone(),
                                review_id: Some(review.id.clone()),
                            };
                            alert = Some(Self::write_attempt(&mut tx, &mut head, actor, attempt).await?);
                        }
                    }
                    Self::commit(tx, &head).await?;
                    review.status = "resolved".into();
                    review.outcome = Some(outcome_code);
                    review.note = Some(text);
                    review.resolved_by = Some(actor.as_str().to_string());
                    review.resolved_at = Some(e.recorded_at);
                    review.updated_seq = e.seq;
                    Ok(ResolvedReview {
                        review,
                        revised_to_deny: revised,
                        alert,
                    })
                }

                pub(crate) async fn review_exclusions_impl(&self, fingerprint: &str) -> Result<Vec<ReviewExclusion>> {
                    let rows = sqlx::query(
                        "SELECT entry_id, entry_version, review_id FROM review_exclusions \
                         WHERE traveller_fingerprint = $1 ORDER BY seq",
                    )
                    .bind(fingerprint)
                    .fetch_all(&self.pool)
                    .await?;
                    let mut out = Vec::new();
                    for r in &rows {
                        let entry_id: String = r.try_get("entry_id")?;
                        let version: String = r.try_get("entry_version")?;
                        let now = Self::entry_version_with(&self.pool, &entry_id).await?;
                        if now.as_deref() == Some(version.as_str()) {
                            out.push(ReviewExclusion {
                                entry_id,
                                review_id: r.try_get("review_id")?,
                            });
                        }
                    }
                    Ok(out)
                }
            }
        }
    };
}

pub(crate) use impl_alert_store;
