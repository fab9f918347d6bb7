//! Employers of foreign workers, the workers and inspections: the types
//! the API passes in and gets back, and the store logic both backends share
//! ([`impl_labour_store`], instantiated beside `impl_store`; the `Store`
//! methods delegate to it).
//!
//! The rules are `berkut-control`'s and are applied by the caller before
//! a write; the store checks only what needs the stored state (the employer
//! exists, the BIN/IIN is new, the worker is still employed), inside the
//! write transaction and before any append, so a refused command writes
//! nothing.
//!
//! A worker's registration screening is recorded like any screening, in
//! the same transaction: a `screening.recorded` event (purpose
//! `residence`), an `attempt.recorded` event and its alert per DENY-level
//! match against an entry that bars entry, then `worker.registered`, which
//! names the screening and the alerts. REFER-level candidates are kept on
//! the worker (decision and matched entries); they open no review item.

use berkut_domain::labour::{
    EmployerRegistered, InspectionRecorded, SanctionsHit, WorkerRegistered, WorkerTerminated,
};
use berkut_domain::{Person, ValidationError};

use crate::{NewScreening, Result, StoreError};

/// An employer as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EmployerInfo {
    /// As registered (its `sanctions_hits` are those found on registration).
    pub registered: EmployerRegistered,
    /// The hits now (after the last re-screening).
    pub sanctions_hits: Vec<SanctionsHit>,
    /// The log seq of the lists the hits were found against.
    pub lists_seq: u64,
    /// When it was registered (RFC 3339).
    pub registered_at: String,
    /// Seq of `employer.registered`.
    pub created_seq: u64,
    /// Seq of the last event that changed it.
    pub updated_seq: u64,
}

impl EmployerInfo {
    /// The BIN or IIN.
    pub fn id(&self) -> &str {
        &self.registered.employer
    }
}

/// Filter for [`crate::Store::employers`].
#[derive(Debug, Clone, Default)]
pub struct EmployerFilter {
    /// Only employers of this territorial unit (`KZ-75`).
    pub region: Option<String>,
    /// Only employers whose name contains this (case-blind) or whose
    /// BIN/IIN starts with it.
    pub q: Option<String>,
    /// At most this many (default 1000).
    pub limit: Option<u32>,
}

/// A worker to register: the caller's validated record and the screening
/// made on registration.
#[derive(Debug, Clone)]
pub struct NewWorker {
    /// The record. The store chooses `worker_id` and fills
    /// `screening.screening_id`, `screening.alert_ids` and
    /// `screening.ban_hits`; what the caller put there is replaced.
    pub worker: WorkerRegistered,
    /// The screening (its `reviews` are ignored: REFER candidates stay on
    /// the worker record).
    pub screening: NewScreening,
}

/// A worker as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WorkerInfo {
    /// As registered.
    pub worker: WorkerRegistered,
    /// `active` or `terminated`.
    pub status: String,
    /// The termination, once recorded.
    pub termination: Option<WorkerTerminated>,
    /// The unit the worker works in (the permit's, else the employer's).
    pub region: String,
    /// The employer's unit.
    pub employer_region: String,
    /// When it was registered (RFC 3339).
    pub registered_at: String,
    /// Seq of `worker.registered`.
    pub created_seq: u64,
    /// Seq of the last event that changed it.
    pub updated_seq: u64,
}

impl WorkerInfo {
    /// The worker's id (`FW-…`).
    pub fn id(&self) -> &str {
        &self.worker.worker_id
    }
}

/// Filter for [`crate::Store::workers`].
#[derive(Debug, Clone, Default)]
pub struct WorkerFilter {
    /// Only workers of this employer (BIN/IIN).
    pub employer: Option<String>,
    /// Only workers working in this unit.
    pub region: Option<String>,
    /// Only workers of employers of this unit.
    pub employer_region: Option<String>,
    /// Only this status (`active`, `terminated`).
    pub status: Option<String>,
    /// At most this many (default 10000).
    pub limit: Option<u32>,
}

/// An inspection as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InspectionInfo {
    /// The record.
    pub inspection: InspectionRecorded,
    /// Who recorded it (the token's user).
    pub recorded_by: String,
    /// When (RFC 3339).
    pub recorded_at: String,
    /// Seq of `inspection.recorded`.
    pub seq: u64,
}

/// Filter for [`crate::Store::inspections`].
#[derive(Debug, Clone, Default)]
pub struct InspectionFilter {
    /// Only this unit.
    pub unit: Option<String>,
    /// Only this employer.
    pub employer: Option<String>,
    /// At most this many (default 10000).
    pub limit: Option<u32>,
}

/// What a re-screening of every employer wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RescreenSummary {
    /// The lists as they stood at this seq were screened against.
    pub through_seq: u64,
    /// Employers screened.
    pub employers: u64,
    /// Employers whose hits changed.
    pub changed: u64,
    /// Seq of the `employers.rescreened` event.
    pub seq: u64,
}

fn required(field: &str, s: &str, max: usize) -> Result<()> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > max || t.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ValidationError::new(
            field,
            format!("must be 1 to {max} printable characters"),
        )
        .into());
    }
    Ok(())
}

fn twelve_digits(field: &str, s: &str) -> Result<()> {
    if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(
            ValidationError::new(field, format!("'{s}' is not a 12-digit BIN or IIN")).into(),
        );
    }
    Ok(())
}

/// Checks of the record's shape (the rules were applied by the caller).
pub(crate) fn check_employer(e: &EmployerRegistered) -> Result<()> {
    twelve_digits("bin", &e.employer)?;
    if e.id_kind != "bin" && e.id_kind != "iin" {
        return Err(ValidationError::new("id_kind", "must be bin or iin").into());
    }
    required("name", &e.name, 300)?;
    required("region", &e.region, 10)
}

pub(crate) fn check_inspection(i: &InspectionRecorded) -> Result<()> {
    twelve_digits("employer", &i.employer)?;
    required("unit", &i.unit, 10)?;
    required("inspector", &i.inspector, 200)?;
    required("findings", &i.findings, 10_000)?;
    for (n, v) in i.violations.iter().enumerate() {
        required(
            &format!("violations[{n}].legal_reference"),
            &v.legal_reference,
            300,
        )?;
        required(
            &format!("violations[{n}].description"),
            &v.description,
            2000,
        )?;
    }
    Ok(())
}

pub(crate) fn worker_region(w: &WorkerRegistered, employer_region: &str) -> String {
    w.permit
        .as_ref()
        .map_or_else(|| employer_region.to_string(), |p| p.region.clone())
}

/// The identities of active workers, for re-screening.
pub type WorkerIdentity = (String, Person);

pub(crate) fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} row: {e}"))
}

macro_rules! impl_labour_store {
    ($Store:ty, $Db:ty) => {
        mod labour_store {
            #[allow(unused_imports)]
            use super::*;
            use berkut_domain::{
                Actor, EventBody, RuleError,
                labour::{
                    EmployerRegistered, EmployerScreened, EmployersRescreened, InspectionRecorded,
                    LabourEvent, SanctionsHit, WorkerRegistered, WorkerTerminated,
                },
                screening::{AttemptRecorded, ScreeningRecorded},
            };
            use sqlx::Row;

            use crate::{
                Result,
                alerts::{decode_json, new_id},
                labour::{
                    EmployerFilter, EmployerInfo, InspectionFilter, InspectionInfo, NewWorker,
                    RescreenSummary, WorkerFilter, WorkerIdentity, WorkerInfo, check_employer,
                    check_inspection, corrupt, worker_region,
                },
                shared::{encode, not_found, seq_from_db, seq_to_db},
            };

            macro_rules! employer_cols {
                () => {
                    "id, data, hits, lists_seq, registered_at, created_seq, updated_seq"
                };
            }
            macro_rules! worker_cols {
                () => {
                    "id, data, status, termination, region, employer_region, registered_at, created_seq, updated_seq"
                };
            }
            macro_rules! inspection_cols {
                () => {
                    "id, data, recorded_by, recorded_at, seq"
                };
            }

            fn employer_row(r: &<$Db as sqlx::Database>::Row) -> Result<EmployerInfo> {
                Ok(EmployerInfo {
                    registered: decode_json("employer", &r.try_get::<String, _>("data")?)?,
                    sanctions_hits: decode_json("employer", &r.try_get::<String, _>("hits")?)?,
                    lists_seq: seq_from_db(r.try_get("lists_seq")?)?,
                    registered_at: r.try_get("registered_at")?,
                    created_seq: seq_from_db(r.try_get("created_seq")?)?,
                    updated_seq: seq_from_db(r.try_get("updated_seq")?)?,
                })
            }

            fn worker_row(r: &<$Db as sqlx::Database>::Row) -> Result<WorkerInfo> {
                let termination: Option<String> = r.try_get("termination")?;
                Ok(WorkerInfo {
                    worker: decode_json("worker", &r.try_get::<String, _>("data")?)?,
                    status: r.try_get("status")?,
                    termination: termination.map(|t| decode_json("worker", &t)).transpose()?,
                    region: r.try_get("region")?,
                    employer_region: r.try_get("employer_region")?,
                    registered_at: r.try_get("registered_at")?,
                    created_seq: seq_from_db(r.try_get("created_seq")?)?,
                    updated_seq: seq_from_db(r.try_get("updated_seq")?)?,
                })
            }

            fn inspection_row(r: &<$Db as sqlx::Database>::Row) -> Result<InspectionInfo> {
                Ok(InspectionInfo {
                    inspection: decode_json("inspection", &r.try_get::<String, _>("data")?)?,
                    recorded_by: r.try_get("recorded_by")?,
                    recorded_at: r.try_get("recorded_at")?,
                    seq: seq_from_db(r.try_get("seq")?)?,
                })
            }

            fn limit(l: Option<u32>, default: u32) -> i64 {
                i64::from(l.unwrap_or(default))
            }

            impl $Store {
                pub(crate) async fn register_employer_impl(
                    &self,
                    actor: &Actor,
                    e: &EmployerRegistered,
                ) -> Result<EmployerInfo> {
                    check_employer(e)?;
                    let (mut tx, mut head) = self.begin_write().await?;
                    let exists = sqlx::query("SELECT id FROM employers WHERE id = $1")
                        .bind(&e.employer)
                        .fetch_optional(&mut *tx)
                        .await?;
                    if exists.is_some() {
                        return Err(RuleError::AlreadyExists { what: "employer", id: e.employer.clone() }.into());
                    }
                    let ev = Self::append(
                        &mut tx,
                        &mut head,
                        actor,
                        &EventBody::Labour(LabourEvent::EmployerRegistered(e.clone())),
                    )
                    .await?;
                    let seq = seq_to_db(ev.seq)?;
                    sqlx::query(
                        "INSERT INTO employers (id, id_kind, name, region, data, hits, hit_count, lists_seq, registered_at, created_seq, updated_seq) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
                    )
                    .bind(&e.employer)
                    .bind(&e.id_kind)
                    .bind(&e.name)
                    .bind(&e.region)
                    .bind(encode(e)?)
                    .bind(encode(&e.sanctions_hits)?)
                    .bind(i64::try_from(e.sanctions_hits.len()).unwrap_or(i64::MAX))
                    .bind(seq_to_db(e.lists_seq)?)
                    .bind(&ev.recorded_at)
                    .bind(seq)
                    .execute(&mut *tx)
                    .await?;
                    Self::commit(tx, &head).await?;
                    Ok(EmployerInfo {
                        registered: e.clone(),
                        sanctions_hits: e.sanctions_hits.clone(),
                        lists_seq: e.lists_seq,
                        registered_at: ev.recorded_at,
                        created_seq: ev.seq,
                        updated_seq: ev.seq,
                    })
                }

                pub(crate) async fn employer_impl(&self, id: &str) -> Result<Option<EmployerInfo>> {
                    let row = sqlx::query(concat!("SELECT ", employer_cols!(), " FROM employers WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.as_ref().map(employer_row).transpose()
                }

                pub(crate) async fn employers_impl(&self, f: &EmployerFilter) -> Result<Vec<EmployerInfo>> {
                    let rows = sqlx::query(concat!(
                        "SELECT ", employer_cols!(), " FROM employers WHERE ($1 IS NULL OR region = $1) ORDER BY id"
                    ))
                    .bind(f.region.as_deref())
                    .fetch_all(&self.pool)
                    .await?;
                    let q = f.q.as_deref().map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty());
                    let max = usize::try_from(limit(f.limit, 1000)).unwrap_or(usize::MAX);
                    let mut out = Vec::new();
                    for r in &rows {
                        let e = employer_row(r)?;
                        if let Some(q) = &q
                            && !e.registered.name.to_lowercase().contains(q.as_str())
                            && !e.registered.employer.starts_with(q.as_str())
                        {
                            continue;
                        }
                        out.push(e);
                        if out.len() >= max {
                            break;
                        }
                    }
                    Ok(out)
                }

                pub(crate) async fn rescreen_employers_impl(
                    &self,
                    actor: &Actor,
                    through_seq: u64,
                    results: &[(String, Vec<SanctionsHit>)],
                ) -> Result<RescreenSummary> {
                    let (mut tx, mut head) = self.begin_write().await?;
                    let cursor = sqlx::query("SELECT rescreened_through, seq FROM labour_cursor WHERE id = 1")
                        .fetch_optional(&mut *tx)
                        .await?;
                    if let Some(c) = cursor {
                        let done = seq_from_db(c.try_get("rescreened_through")?)?;
                        if through_seq <= done {
                            // another server re-screened against these lists (or newer) meanwhile
                            return Ok(RescreenSummary {
                                through_seq: done,
                                employers: 0,
                                changed: 0,
                                seq: seq_from_db(c.try_get("seq")?)?,
                            });
                        }
                    }
                    let mut changed = 0u64;
                    for (id, hits) in results {
                        let row = sqlx::query("SELECT hits FROM employers WHERE id = $1")
                            .bind(id)
                            .fetch_optional(&mut *tx)
                            .await?
                            .ok_or_else(|| not_found("employer", "employer", id))?;
                        let now: Vec<SanctionsHit> = decode_json("employer", &row.try_get::<String, _>("hits")?)?;
                        if &now == hits {
                            continue;
                        }
                        changed += 1;
                        let ev = Self::append(
                            &mut tx,
                            &mut head,
                            actor,
                            &EventBody::Labour(LabourEvent::EmployerScreened(EmployerScreened {
                                employer: id.clone(),
                                sanctions_hits: hits.clone(),
                                lists_seq: through_seq,
                            })),
                        )
                        .await?;
                        sqlx::query("UPDATE employers SET hits = $2, hit_count = $3, lists_seq = $4, updated_seq = $5 WHERE id = $1")
                            .bind(id)
                            .bind(encode(hits)?)
                            .bind(i64::try_from(hits.len()).unwrap_or(i64::MAX))
                            .bind(seq_to_db(through_seq)?)
                            .bind(seq_to_db(ev.seq)?)
                            .execute(&mut *tx)
                            .await?;
                    }
                    let employers = u64::try_from(results.len()).unwrap_or(u64::MAX);
                    let ev = Self::append(
                        &mut tx,
                        &mut head,
                        actor,
                        &EventBody::Labour(LabourEvent::EmployersRescreened(EmployersRescreened {
                            through_seq,
                            employers,
                            changed,
                        })),
                    )
                    .await?;
                    sqlx::query(
                        "INSERT INTO labour_cursor (id, rescreened_through, seq) VALUES (1, $1, $2) \
                         ON CONFLICT (id) DO UPDATE SET rescreened_through = $1, seq = $2",
                    )
                    .bind(seq_to_db(through_seq)?)
                    .bind(seq_to_db(ev.seq)?)
                    .execute(&mut *tx)
                    .await?;
                    Self::commit(tx, &head).await?;
                    Ok(RescreenSummary { through_seq, employers, changed, seq: ev.seq })
                }

                pub(crate) async fn employers_rescreened_through_impl(&self) -> Result<u64> {
                    let row = sqlx::query("SELECT rescreened_through FROM labour_cursor WHERE id = 1")
                        .fetch_optional(&self.pool)
                        .await?;
                    match row {
                        Some(r) => seq_from_db(r.try_get("rescreened_through")?),
                        None => Ok(0),
                    }
                }

                pub(crate) async fn register_worker_impl(&self, actor: &Actor, new: &NewWorker) -> Result<WorkerInfo> {
                    let mut w = new.worker.clone();
                    let s = &new.screening;
                    let (mut tx, mut head) = self.begin_write().await?;
                    let row = sqlx::query("SELECT region FROM employers WHERE id = $1")
                        .bind(&w.employer)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or_else(|| not_found("employer", "employer", &w.employer))?;
                    let employer_region: String = row.try_get("region")?;
                    w.worker_id = new_id("FW");
                    let screening_id = new_id("S");
                    let se = Self::append(
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
                        .bind(seq_to_db(se.seq)?)
                        .execute(&mut *tx)
                        .await?;
                    let mut alert_ids = Vec::new();
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
                        let alert = Self::write_attempt(&mut tx, &mut head, actor, attempt).await?;
                        alert_ids.push(alert.id);
                    }
                    w.screening.screening_id = screening_id;
                    w.screening.ban_hits = u32::try_from(alert_ids.len()).unwrap_or(u32::MAX);
                    w.screening.alert_ids = alert_ids;
                    let region = worker_region(&w, &employer_region);
                    let ev = Self::append(
                        &mut tx,
                        &mut head,
                        actor,
                        &EventBody::Labour(LabourEvent::WorkerRegistered(Box::new(w.clone()))),
                    )
                    .await?;
                    sqlx::query(
                        "INSERT INTO workers (id, employer_id, region, employer_region, status, data, registered_at, created_seq, updated_seq) \
                         VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $7)",
                    )
                    .bind(&w.worker_id)
                    .bind(&w.employer)
                    .bind(&region)
                    .bind(&employer_region)
                    .bind(encode(&w)?)
                    .bind(&ev.recorded_at)
                    .bind(seq_to_db(ev.seq)?)
                    .execute(&mut *tx)
                    .await?;
                    Self::commit(tx, &head).await?;
                    Ok(WorkerInfo {
                        worker: w,
                        status: "active".into(),
                        termination: None,
                        region,
                        employer_region,
                        registered_at: ev.recorded_at,
                        created_seq: ev.seq,
                        updated_seq: ev.seq,
                    })
                }

                pub(crate) async fn terminate_worker_impl(&self, actor: &Actor, t: &WorkerTerminated) -> Result<WorkerInfo> {
                    let (mut tx, mut head) = self.begin_write().await?;
                    let row = sqlx::query(concat!("SELECT ", worker_cols!(), " FROM workers WHERE id = $1"))
                        .bind(&t.worker_id)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or_else(|| not_found("worker_id", "worker", &t.worker_id))?;
                    let mut w = worker_row(&row)?;
                    if w.status != "active" {
                        return Err(RuleError::Transition(format!(
                            "worker {} is already terminated",
                            w.worker.worker_id
                        ))
                        .into());
                    }
                    if t.terminated < w.worker.hired {
                        return Err(berkut_domain::ValidationError::new(
                            "terminated",
                            format!(
                                "{} is before the hiring day {}",
                                berkut_domain::format_date(t.terminated),
                                berkut_domain::format_date(w.worker.hired)
                            ),
                        )
                        .into());
                    }
                    let ev = Self::append(
                        &mut tx,
                        &mut head,
                        actor,
                        &EventBody::Labour(LabourEvent::WorkerTerminated(t.clone())),
                    )
                    .await?;
                    sqlx::query("UPDATE workers SET status = 'terminated', termination = $2, updated_seq = $3 WHERE id = $1")
                        .bind(&t.worker_id)
                        .bind(encode(t)?)
                        .bind(seq_to_db(ev.seq)?)
                        .execute(&mut *tx)
                        .await?;
                    Self::commit(tx, &head).await?;
                    w.status = "terminated".into();
                    w.termination = Some(t.clone());
                    w.updated_seq = ev.seq;
                    Ok(w)
                }

                pub(crate) async fn worker_impl(&self, id: &str) -> Result<Option<WorkerInfo>> {
                    let row = sqlx::query(concat!("SELECT ", worker_cols!(), " FROM workers WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.as_ref().map(worker_row).transpose()
                }

                pub(crate) async fn workers_impl(&self, f: &WorkerFilter) -> Result<Vec<WorkerInfo>> {
                    let rows = sqlx::query(concat!(
                        "SELECT ", worker_cols!(), " FROM workers WHERE ($1 IS NULL OR employer_id = $1) \
                         AND ($2 IS NULL OR region = $2) AND ($3 IS NULL OR employer_region = $3) \
                         AND ($4 IS NULL OR status = $4) ORDER BY created_seq LIMIT $5"
                    ))
                    .bind(f.employer.as_deref())
                    .bind(f.region.as_deref())
                    .bind(f.employer_region.as_deref())
                    .bind(f.status.as_deref())
                    .bind(limit(f.limit, 10_000))
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(worker_row).collect()
                }

                pub(crate) async fn listed_organisations_impl(&self) -> Result<Vec<crate::StoredEntry>> {
                    let rows = sqlx::query(
                        "SELECT id, status, created_seq, updated_seq, data FROM watchlist_entries \
                         WHERE kind = 'organisation' AND status = 'listed' ORDER BY created_seq",
                    )
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(Self::entry_row).collect()
                }

                pub(crate) async fn list_worker_identities_impl(&self) -> Result<Vec<WorkerIdentity>> {
                    let rows = sqlx::query("SELECT id, data FROM workers WHERE status = 'active' ORDER BY created_seq")
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter()
                        .map(|r| {
                            let w: WorkerRegistered = decode_json("worker", &r.try_get::<String, _>("data")?)?;
                            Ok((w.worker_id, w.person))
                        })
                        .collect()
                }

                pub(crate) async fn record_inspection_impl(&self, actor: &Actor, i: &InspectionRecorded) -> Result<InspectionInfo> {
                    check_inspection(i)?;
                    let mut i = i.clone();
                    let (mut tx, mut head) = self.begin_write().await?;
                    let exists = sqlx::query("SELECT id FROM employers WHERE id = $1")
                        .bind(&i.employer)
                        .fetch_optional(&mut *tx)
                        .await?;
                    if exists.is_none() {
                        return Err(not_found("employer", "employer", &i.employer));
                    }
                    i.inspection_id = new_id("IN");
                    let ev = Self::append(
                        &mut tx,
                        &mut head,
                        actor,
                        &EventBody::Labour(LabourEvent::InspectionRecorded(i.clone())),
                    )
                    .await?;
                    sqlx::query(
                        "INSERT INTO inspections (id, employer_id, unit, inspected_on, violations, recorded_by, recorded_at, data, seq) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    )
                    .bind(&i.inspection_id)
                    .bind(&i.employer)
                    .bind(&i.unit)
                    .bind(berkut_domain::format_date(i.date))
                    .bind(i64::try_from(i.violations.len()).unwrap_or(i64::MAX))
                    .bind(actor.as_str())
                    .bind(&ev.recorded_at)
                    .bind(encode(&i).map_err(|e| corrupt("inspection", e))?)
                    .bind(seq_to_db(ev.seq)?)
                    .execute(&mut *tx)
                    .await?;
                    Self::commit(tx, &head).await?;
                    Ok(InspectionInfo {
                        inspection: i,
                        recorded_by: actor.as_str().to_string(),
                        recorded_at: ev.recorded_at,
                        seq: ev.seq,
                    })
                }

                pub(crate) async fn inspection_impl(&self, id: &str) -> Result<Option<InspectionInfo>> {
                    let row = sqlx::query(concat!("SELECT ", inspection_cols!(), " FROM inspections WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.as_ref().map(inspection_row).transpose()
                }

                pub(crate) async fn inspections_impl(&self, f: &InspectionFilter) -> Result<Vec<InspectionInfo>> {
                    let rows = sqlx::query(concat!(
                        "SELECT ", inspection_cols!(), " FROM inspections WHERE ($1 IS NULL OR unit = $1) \
                         AND ($2 IS NULL OR employer_id = $2) ORDER BY inspected_on, seq LIMIT $3"
                    ))
                    .bind(f.unit.as_deref())
                    .bind(f.employer.as_deref())
                    .bind(limit(f.limit, 10_000))
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(inspection_row).collect()
                }
            }
        }
    };
}

pub(crate) use impl_labour_store;
