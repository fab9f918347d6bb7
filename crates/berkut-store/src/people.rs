//! Migration control about people (issue #7): citizenship applications,
//! entry/exit records (stays) and overstays, ban proposals, the
//! re-screening cursor and its alerts, and the report queries.
//!
//! [`PeopleStore`] is a trait of its own beside [`crate::Store`] (both
//! backends and [`crate::AnyStore`] implement it), so this area adds to the
//! store without widening the main trait. The logic is one macro body for
//! both backends ([`impl_people_store`]), like the rest of the store.
//!
//! Architecture Invariant: a stay is opened by the `screening.recorded`
//! event of an entry screening that ended CLEAR at a border, in the same
//! transaction ([`crate::Store::record_screenings`] calls
//! `people_after_screening`), and closed by an exit screening of the same
//! person key in the same way. Overstay and re-screening alerts are rows of
//! the `alerts` table (kind `overstay` / `rescreen`) written with their
//! event; one overstay alert per stay (the stay row remembers it), and the
//! re-screening cursor moves in the transaction that writes its alerts, so
//! a restart neither repeats nor skips them.

use std::future::Future;

use berkut_domain::{
    Actor, EntryBan, NewBanInput, Person,
    people::{Applicant, ApplicationScreened, RescreenHit, StayOpened},
    screening::TravellerData,
};
use serde::Serialize;
use time::Date;

use crate::{AlertInfo, Result};

/// The outcome of one screening of an applicant, for the store to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreeningOutcome {
    /// `eligible`, `refused` or `review`.
    pub outcome: String,
    /// The refusing ground.
    pub ground: Option<String>,
    /// The ban named in a refusal.
    pub ban: Option<String>,
    /// The full eligibility (JSON).
    pub eligibility: serde_json::Value,
    /// Entries matched.
    pub matched_entries: Vec<String>,
    /// Index seq of the screening.
    pub index_seq: u64,
}

/// A new citizenship application, screened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplication {
    /// `naturalisation`, `restoration` or `kandas`.
    pub kind: String,
    /// The applicant (validated by the caller).
    pub applicant: Applicant,
    /// The screening at submission.
    pub screening: ScreeningOutcome,
}

/// One step of an application's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationStep {
    /// Seq of the event.
    pub seq: u64,
    /// State after it: `submitted`, `screened`, `decided`.
    pub state: String,
    /// When (RFC 3339).
    pub recorded_at: String,
    /// Who.
    pub actor: String,
    /// One line.
    pub summary: String,
}

/// A citizenship application as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationInfo {
    /// Id (`CA-…`).
    pub id: String,
    /// Kind.
    pub kind: String,
    /// `screened` (pending an officer) or `decided`.
    pub state: String,
    /// Latest screening outcome: `eligible`, `refused`, `review`.
    pub outcome: String,
    /// `granted` or `refused` once decided.
    pub decision: Option<String>,
    /// When submitted (RFC 3339).
    pub submitted_at: String,
    /// The applicant.
    pub applicant: Applicant,
    /// The latest screening.
    pub screening: ApplicationScreened,
    /// The decision's reason.
    pub reason: Option<String>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<String>,
    /// Seq of the submission.
    pub created_seq: u64,
    /// Seq of the last change.
    pub updated_seq: u64,
    /// Every step, oldest first (empty in lists).
    pub history: Vec<ApplicationStep>,
}

/// Filter for [`PeopleStore::applications`].
#[derive(Debug, Clone, Default)]
pub struct ApplicationFilter {
    /// Only this state (`screened`, `decided`).
    pub state: Option<String>,
    /// Only this outcome (`eligible`, `refused`, `review`).
    pub outcome: Option<String>,
    /// Only this decision (`granted`, `refused`).
    pub decision: Option<String>,
    /// At most this many (default 1000).
    pub limit: Option<u32>,
}

/// An entry/exit record as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StayInfo {
    /// Id (`ST-…`).
    pub id: String,
    /// The document or fingerprint key that links entry and exit.
    pub person_key: String,
    /// `open` or `closed`.
    pub status: String,
    /// The entry screening.
    pub entry_screening_id: String,
    /// Entry day.
    pub entry_on: String,
    /// The exit screening.
    pub exit_screening_id: Option<String>,
    /// Exit day.
    pub exit_on: Option<String>,
    /// Nationality presented.
    pub nationality: Option<String>,
    /// Entry crossing point.
    pub crossing_point: Option<String>,
    /// What the entry recorded.
    pub opened: StayOpened,
    /// The overstay alert, once raised.
    pub overstay_alert_id: Option<String>,
    /// Days over when the alert was raised.
    pub overstay_days: Option<u64>,
    /// The allowed end found by the overstay check.
    pub allowed_until: Option<String>,
    /// Seq of `stay.opened`.
    pub created_seq: u64,
    /// Seq of the last change.
    pub updated_seq: u64,
}

/// Filter for [`PeopleStore::stays`].
#[derive(Debug, Clone, Default)]
pub struct StayFilter {
    /// `open`, `closed`, or `overstay` (an overstay alert was raised).
    pub status: Option<String>,
    /// Only this person key.
    pub person_key: Option<String>,
    /// Only the stays of people who have an open stay (the overstay
    /// check's history, in one query).
    pub with_open_stay: bool,
    /// At most this many (default 1000; the overstay check asks for more).
    pub limit: Option<u32>,
}

/// An overstay found by the check, for the store to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOverstay {
    /// The open stay.
    pub stay_id: String,
    /// Last lawful day.
    pub allowed_until: String,
    /// Days over on the check day.
    pub days_over: u32,
    /// The rule.
    pub rule: String,
    /// One line.
    pub reason: String,
}

/// A ban proposal as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalInfo {
    /// Id (`BP-…`).
    pub id: String,
    /// The stay.
    pub stay_id: String,
    /// `open`, `confirmed` or `rejected`.
    pub status: String,
    /// The finding.
    pub basis: String,
    /// The ban imposed on confirmation.
    pub ban_id: Option<String>,
    /// Why rejected.
    pub reason: Option<String>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// Seq of `ban_proposal.opened`.
    pub created_seq: u64,
    /// Seq of the last change.
    pub updated_seq: u64,
}

/// What one re-screening run found, for the store to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RescreenBatch {
    /// The cursor the run started from: the write is refused when another
    /// run moved it meanwhile (nothing is recorded twice).
    pub from_seq: u64,
    /// The last trigger seq handled: the new cursor.
    pub through_seq: u64,
    /// New entries screened.
    pub entries: u64,
    /// Members indexed.
    pub members: u64,
    /// Hits (their `alert_id` is chosen by the store).
    pub hits: Vec<RescreenHit>,
    /// Pending applications whose outcome the hits changed.
    pub applications: Vec<ApplicationScreened>,
}

/// What recording a re-screening run wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RescreenRecorded {
    /// Alerts raised.
    pub alerts: Vec<AlertInfo>,
    /// The new cursor.
    pub cursor: u64,
}

/// One row of a count report: a key and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountRow {
    /// The group (ground, crossing point, day, or `kind/status`).
    pub key: String,
    /// How many.
    pub count: u64,
}

/// How refusals are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalsBy {
    /// Per legal ground of the attempts (`none` without one).
    Ground,
    /// Per crossing point (`unknown` without one).
    CrossingPoint,
    /// Per crossing day.
    Day,
}

/// The person key that links an entry and an exit: the document (number
/// without separators, upper case, with its issuing state) when presented,
/// else the traveller fingerprint.
pub fn person_key(traveller: &TravellerData, fingerprint: &str) -> String {
    match &traveller.document {
        Some(d) if d.number.chars().any(char::is_alphanumeric) => {
            let number: String = d
                .number
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_uppercase();
            let country = d
                .country
                .as_deref()
                .map(|c| c.trim().to_uppercase())
                .unwrap_or_default();
            format!("doc:{country}:{number}")
        }
        _ => format!("fp:{fingerprint}"),
    }
}

/// Migration control about people; implemented by both backends and
/// [`crate::AnyStore`].
pub trait PeopleStore: Send + Sync {
    /// Record a new application and its first screening in one transaction
    /// (`citizenship.application_submitted` + `citizenship.screened`).
    fn submit_application(
        &self,
        actor: &Actor,
        application: &NewApplication,
    ) -> impl Future<Output = Result<ApplicationInfo>> + Send;

    /// Applications matching a filter, oldest first (without history).
    fn applications(
        &self,
        filter: &ApplicationFilter,
    ) -> impl Future<Output = Result<Vec<ApplicationInfo>>> + Send;

    /// An application with its history.
    fn application(&self, id: &str)
    -> impl Future<Output = Result<Option<ApplicationInfo>>> + Send;

    /// Record an officer's final decision (`granted` or `refused`). The
    /// caller checks the transition with the status machine against the
    /// application as read at `expected_seq` (its `updated_seq`); the store
    /// refuses when the application changed since (conflict).
    fn decide_application(
        &self,
        actor: &Actor,
        id: &str,
        decision: &str,
        reason: &str,
        expected_seq: u64,
    ) -> impl Future<Output = Result<ApplicationInfo>> + Send;

    /// Stays matching a filter, oldest entry first.
    fn stays(&self, filter: &StayFilter) -> impl Future<Output = Result<Vec<StayInfo>>> + Send;

    /// A stay by id.
    fn stay(&self, id: &str) -> impl Future<Output = Result<Option<StayInfo>>> + Send;

    /// Record overstays: one `stay.overstay_detected` event and one alert
    /// (kind `overstay`) per stay still open that has none yet; the others
    /// are skipped (so a repeated check raises nothing new).
    fn record_overstays(
        &self,
        actor: &Actor,
        overstays: &[NewOverstay],
    ) -> impl Future<Output = Result<Vec<AlertInfo>>> + Send;

    /// Propose a `migration_violation` ban for a stay with an overstay.
    fn propose_ban(
        &self,
        actor: &Actor,
        stay_id: &str,
        basis: &str,
    ) -> impl Future<Output = Result<ProposalInfo>> + Send;

    /// A ban proposal by id.
    fn ban_proposal(&self, id: &str) -> impl Future<Output = Result<Option<ProposalInfo>>> + Send;

    /// Confirm an open proposal: register `person` when given (the
    /// overstayer as presented at entry) and impose the ban, in one
    /// transaction with `ban_proposal.confirmed`.
    fn confirm_ban_proposal(
        &self,
        actor: &Actor,
        id: &str,
        person: Option<Person>,
        ban: &NewBanInput,
    ) -> impl Future<Output = Result<(ProposalInfo, EntryBan)>> + Send;

    /// Reject an open proposal; a reason is required.
    fn reject_ban_proposal(
        &self,
        actor: &Actor,
        id: &str,
        reason: &str,
    ) -> impl Future<Output = Result<ProposalInfo>> + Send;

    /// The re-screening cursor: the last trigger seq handled (0 at first).
    fn rescreen_cursor(&self) -> impl Future<Output = Result<u64>> + Send;

    /// Events of these kinds with `seq > cursor`, in seq order, at most `limit`.
    fn events_of_kinds_after(
        &self,
        cursor: u64,
        kinds: &[&str],
        limit: u32,
    ) -> impl Future<Output = Result<Vec<berkut_domain::RecordedEvent>>> + Send;

    /// Record a re-screening run: its alerts (kind `rescreen`), the
    /// applications it re-screened, `rescreen.completed` and the new cursor,
    /// in one transaction. Refused when the cursor is no longer `from_seq`.
    fn record_rescreen(
        &self,
        actor: &Actor,
        batch: &RescreenBatch,
    ) -> impl Future<Output = Result<RescreenRecorded>> + Send;

    /// Refusals (DENY screenings) counted by ground, crossing point or
    /// day, crossing days in `[from, to]`.
    fn refusal_report(
        &self,
        by: RefusalsBy,
        from: Option<Date>,
        to: Option<Date>,
    ) -> impl Future<Output = Result<Vec<CountRow>>> + Send;

    /// Alerts counted by `kind/status`, raised on days in `[from, to]`.
    fn alert_report(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> impl Future<Output = Result<Vec<CountRow>>> + Send;
}

pub(crate) fn day_text(d: Date) -> String {
    berkut_domain::format_date(d)
}

macro_rules! impl_people_store {
    ($Store:ty, $Db:ty) => {
        mod people_store {
            #[allow(unused_imports)]
            use super::*;
            use berkut_domain::{
                Actor, BanId, BanImposed, EntryBan, EventBody, Hash, NewBanInput, Person,
                RecordedEvent, RuleError, WatchlistSource,
                people::{
                    ApplicationDecided, ApplicationScreened, ApplicationSubmitted,
                    BanProposalConfirmed, BanProposalOpened, BanProposalRejected,
                    OverstayDetected, RescreenCompleted, RescreenHit, StayClosed, StayOpened,
                },
                screening::{AttemptRecorded, ReviewOpened},
            };
            use sqlx::{Row, Transaction};
            use time::Date;

            use crate::{
                AlertInfo, NewScreening, Result, StoreError,
                alerts::{decode_json, new_id, note},
                people::{
                    ApplicationFilter, ApplicationInfo, ApplicationStep, CountRow, NewApplication,
                    NewOverstay, PeopleStore, ProposalInfo, RefusalsBy, RescreenBatch,
                    RescreenRecorded, StayFilter, StayInfo, day_text, person_key,
                },
                shared::{encode, new_ban_id, not_found, seq_from_db, seq_to_db},
            };

            type Tx = Transaction<'static, $Db>;

            macro_rules! app_cols { () => { "id, kind, state, outcome, decision, submitted_at, data, screening, reason, decided_by, decided_at, created_seq, updated_seq" }; }
            macro_rules! stay_cols { () => { "id, person_key, status, entry_screening_id, entry_on, exit_screening_id, exit_on, nationality, crossing_point, data, overstay_alert_id, overstay_days, allowed_until, created_seq, updated_seq" }; }
            macro_rules! proposal_cols { () => { "id, stay_id, status, basis, ban_id, reason, decided_by, created_seq, updated_seq" }; }

            fn app_row(r: &<$Db as sqlx::Database>::Row) -> Result<ApplicationInfo> {
                let submitted: ApplicationSubmitted =
                    decode_json("application", &r.try_get::<String, _>("data")?)?;
                Ok(ApplicationInfo {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    state: r.try_get("state")?,
                    outcome: r.try_get("outcome")?,
                    decision: r.try_get("decision")?,
                    submitted_at: r.try_get("submitted_at")?,
                    applicant: submitted.applicant,
                    screening: decode_json("application screening", &r.try_get::<String, _>("screening")?)?,
                    reason: r.try_get("reason")?,
                    decided_by: r.try_get("decided_by")?,
                    decided_at: r.try_get("decided_at")?,
                    created_seq: seq_from_db(r.try_get("created_seq")?)?,
                    updated_seq: seq_from_db(r.try_get("updated_seq")?)?,
                    history: Vec::new(),
                })
            }

            fn stay_row(r: &<$Db as sqlx::Database>::Row) -> Result<StayInfo> {
                Ok(StayInfo {
                    id: r.try_get("id")?,
                    person_key: r.try_get("person_key")?,
                    status: r.try_get("status")?,
                    entry_screening_id: r.try_get("entry_screening_id")?,
                    entry_on: r.try_get("entry_on")?,
                    exit_screening_id: r.try_get("exit_screening_id")?,
                    exit_on: r.try_get("exit_on")?,
                    nationality: r.try_get("nationality")?,
                    crossing_point: r.try_get("crossing_point")?,
                    opened: decode_json("stay", &r.try_get::<String, _>("data")?)?,
                    overstay_alert_id: r.try_get("overstay_alert_id")?,
                    overstay_days: r
                        .try_get::<Option<i64>, _>("overstay_days")?
                        .map(seq_from_db)
                        .transpose()?,
                    allowed_until: r.try_get("allowed_until")?,
                    created_seq: seq_from_db(r.try_get("created_seq")?)?,
                    updated_seq: seq_from_db(r.try_get("updated_seq")?)?,
                })
            }

            fn proposal_row(r: &<$Db as sqlx::Database>::Row) -> Result<ProposalInfo> {
                Ok(ProposalInfo {
                    id: r.try_get("id")?,
                    stay_id: r.try_get("stay_id")?,
                    status: r.try_get("status")?,
                    basis: r.try_get("basis")?,
                    ban_id: r.try_get("ban_id")?,
                    reason: r.try_get("reason")?,
                    decided_by: r.try_get("decided_by")?,
                    created_seq: seq_from_db(r.try_get("created_seq")?)?,
                    updated_seq: seq_from_db(r.try_get("updated_seq")?)?,
                })
            }

            fn counts(rows: &[<$Db as sqlx::Database>::Row]) -> Result<Vec<CountRow>> {
                rows.iter()
                    .map(|r| {
                        Ok(CountRow {
                            key: r.try_get::<Option<String>, _>("k")?.unwrap_or_default(),
                            count: seq_from_db(r.try_get("n")?)?,
                        })
                    })
                    .collect()
            }

            fn screened_summary(s: &ApplicationScreened) -> String {
                match (s.outcome.as_str(), &s.ground, &s.ban) {
                    ("refused", Some(g), Some(b)) => {
                        format!("{}: refused, ban {b} on ground {g}", s.trigger)
                    }
                    (o, _, _) => format!("{}: {o}", s.trigger),
                }
            }

            impl $Store {
                async fn people_append(
                    tx: &mut Tx,
                    head: &mut (u64, Hash),
                    actor: &Actor,
                    body: &EventBody,
                ) -> Result<RecordedEvent> {
                    Self::append(tx, head, actor, body).await
                }

                async fn history_row(tx: &mut Tx, id: &str, e: &RecordedEvent, state: &str, summary: &str) -> Result<()> {
                    sqlx::query(
                        "INSERT INTO citizenship_history (application_id, seq, state, recorded_at, actor, summary) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(id)
                    .bind(seq_to_db(e.seq)?)
                    .bind(state)
                    .bind(&e.recorded_at)
                    .bind(&e.actor)
                    .bind(summary)
                    .execute(&mut **tx)
                    .await?;
                    Ok(())
                }

                /// After a `screening.recorded` (same transaction): open a
                /// stay for a CLEAR entry at a border, close the open stay
                /// of the same person on an exit, and count a DENY among
                /// the refusals.
                pub(crate) async fn people_after_screening(
                    tx: &mut Tx,
                    head: &mut (u64, Hash),
                    actor: &Actor,
                    screening_id: &str,
                    s: &NewScreening,
                    seq: u64,
                ) -> Result<()> {
                    let day = day_text(s.on);
                    if s.decision == "DENY" {
                        let mut grounds: Vec<String> = s
                            .attempts
                            .iter()
                            .map(|a| a.ground.clone().unwrap_or_else(|| "none".into()))
                            .collect();
                        grounds.sort();
                        grounds.dedup();
                        if grounds.is_empty() {
                            grounds.push("none".into());
                        }
                        for g in &grounds {
                            Self::refusal_row(tx, screening_id, g, &day, s.crossing.crossing_point.as_deref(), seq).await?;
                        }
                    }
                    if s.crossing.purpose != "border" {
                        return Ok(());
                    }
                    let key = person_key(&s.traveller, &s.traveller_fingerprint);
                    if s.crossing.direction == "entry" && s.decision == "CLEAR" {
                        let opened = StayOpened {
                            stay_id: new_id("ST"),
                            person_key: key.clone(),
                            screening_id: screening_id.to_string(),
                            entry_on: day.clone(),
                            traveller: s.traveller.clone(),
                            crossing: s.crossing.clone(),
                        };
                        let e = Self::people_append(tx, head, actor, &EventBody::StayOpened(opened.clone())).await?;
                        let nationality = s
                            .traveller
                            .nationality
                            .clone()
                            .or_else(|| s.traveller.document.as_ref().and_then(|d| d.country.clone()));
                        sqlx::query(
                            "INSERT INTO stays (id, person_key, status, entry_screening_id, entry_on, nationality, \
                             crossing_point, data, created_seq, updated_seq) VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $8, $8)",
                        )
                        .bind(&opened.stay_id)
                        .bind(&key)
                        .bind(screening_id)
                        .bind(&day)
                        .bind(nationality)
                        .bind(s.crossing.crossing_point.as_deref())
                        .bind(encode(&opened)?)
                        .bind(seq_to_db(e.seq)?)
                        .execute(&mut **tx)
                        .await?;
                    } else if s.crossing.direction == "exit" {
                        let open = sqlx::query(
                            "SELECT id FROM stays WHERE person_key = $1 AND status = 'open' ORDER BY entry_on DESC, created_seq DESC LIMIT 1",
                        )
                        .bind(&key)
                        .fetch_optional(&mut **tx)
                        .await?;
                        if let Some(row) = open {
                            let stay_id: String = row.try_get("id")?;
                            let closed = StayClosed {
                                stay_id: stay_id.clone(),
                                screening_id: screening_id.to_string(),
                                exit_on: day.clone(),
                            };
                            let e = Self::people_append(tx, head, actor, &EventBody::StayClosed(closed)).await?;
                            sqlx::query(
                                "UPDATE stays SET status = 'closed', exit_screening_id = $2, exit_on = $3, updated_seq = $4 WHERE id = $1",
                            )
                            .bind(&stay_id)
                            .bind(screening_id)
                            .bind(&day)
                            .bind(seq_to_db(e.seq)?)
                            .execute(&mut **tx)
                            .await?;
                        }
                    }
                    Ok(())
                }

                async fn refusal_row(
                    tx: &mut Tx,
                    screening_id: &str,
                    ground: &str,
                    day: &str,
                    crossing_point: Option<&str>,
                    seq: u64,
                ) -> Result<()> {
                    sqlx::query(
                        "INSERT INTO refusals (screening_id, ground, day, crossing_point, seq) VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (screening_id, ground) DO NOTHING",
                    )
                    .bind(screening_id)
                    .bind(ground)
                    .bind(day)
                    .bind(crossing_point)
                    .bind(seq_to_db(seq)?)
                    .execute(&mut **tx)
                    .await?;
                    Ok(())
                }

                /// A screening revised to DENY by review counts among the
                /// refusals (on its crossing day when given, else the day
                /// of the revision).
                pub(crate) async fn refusal_after_revision(tx: &mut Tx, o: &ReviewOpened, e: &RecordedEvent) -> Result<()> {
                    let day = o
                        .crossing
                        .at
                        .as_deref()
                        .and_then(|a| a.get(..10))
                        .filter(|d| berkut_domain::parse_date("at", d).is_ok())
                        .or_else(|| e.recorded_at.get(..10))
                        .unwrap_or_default()
                        .to_string();
                    let ground = o.ground.clone().unwrap_or_else(|| "none".into());
                    Self::refusal_row(tx, &o.screening_id, &ground, &day, o.crossing.crossing_point.as_deref(), e.seq).await
                }

                async fn app_in(tx: &mut Tx, id: &str) -> Result<ApplicationInfo> {
                    let row = sqlx::query(concat!("SELECT ", app_cols!(), " FROM citizenship_applications WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?
                        .ok_or_else(|| not_found("application_id", "application", id))?;
                    app_row(&row)
                }

                async fn stay_in(tx: &mut Tx, id: &str) -> Result<StayInfo> {
                    let row = sqlx::query(concat!("SELECT ", stay_cols!(), " FROM stays WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?
                        .ok_or_else(|| not_found("stay_id", "stay", id))?;
                    stay_row(&row)
                }

                async fn proposal_in(tx: &mut Tx, id: &str) -> Result<ProposalInfo> {
                    let row = sqlx::query(concat!("SELECT ", proposal_cols!(), " FROM ban_proposals WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?
                        .ok_or_else(|| not_found("proposal_id", "ban proposal", id))?;
                    proposal_row(&row)
                }

                /// Write one control alert (kind `overstay` or `rescreen`):
                /// the common part as an attempt record, the rest as detail.
                #[allow(clippy::too_many_arguments)]
                async fn control_alert(
                    tx: &mut Tx,
                    e: &RecordedEvent,
                    kind: &str,
                    common: &AttemptRecorded,
                    detail: &serde_json::Value,
                ) -> Result<AlertInfo> {
                    sqlx::query(
                        "INSERT INTO alerts (id, seq, status, screening_id, entry_id, raised_by, raised_at, data, updated_seq, kind, detail) \
                         VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $2, $8, $9)",
                    )
                    .bind(&common.alert_id)
                    .bind(seq_to_db(e.seq)?)
                    .bind(&common.screening_id)
                    .bind(&common.entry_id)
                    .bind(&common.screened_by)
                    .bind(&e.recorded_at)
                    .bind(encode(common)?)
                    .bind(kind)
                    .bind(encode(detail)?)
                    .execute(&mut **tx)
                    .await?;
                    Ok(AlertInfo {
                        id: common.alert_id.clone(),
                        seq: e.seq,
                        status: "open".into(),
                        raised_at: e.recorded_at.clone(),
                        attempt: common.clone(),
                        acknowledged_by: None,
                        acknowledged_at: None,
                        closed_by: None,
                        closed_at: None,
                        note: None,
                        updated_seq: e.seq,
                        kind: kind.into(),
                        detail: Some(detail.clone()),
                    })
                }
            }

            impl PeopleStore for $Store {
                async fn submit_application(&self, actor: &Actor, a: &NewApplication) -> Result<ApplicationInfo> {
                    let id = new_id("CA");
                    let submitted = ApplicationSubmitted {
                        application_id: id.clone(),
                        kind: a.kind.clone(),
                        applicant: a.applicant.clone(),
                    };
                    let screened = ApplicationScreened {
                        application_id: id.clone(),
                        outcome: a.screening.outcome.clone(),
                        ground: a.screening.ground.clone(),
                        ban: a.screening.ban.clone(),
                        eligibility: a.screening.eligibility.clone(),
                        matched_entries: a.screening.matched_entries.clone(),
                        index_seq: a.screening.index_seq,
                        trigger: "submission".into(),
                    };
                    let (mut tx, mut head) = self.begin_write().await?;
                    let e1 = Self::people_append(&mut tx, &mut head, actor, &EventBody::ApplicationSubmitted(submitted.clone())).await?;
                    let e2 = Self::people_append(&mut tx, &mut head, actor, &EventBody::ApplicationScreened(screened.clone())).await?;
                    sqlx::query(
                        "INSERT INTO citizenship_applications (id, kind, state, outcome, submitted_at, data, screening, created_seq, updated_seq) \
                         VALUES ($1, $2, 'screened', $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(&id)
                    .bind(&a.kind)
                    .bind(&screened.outcome)
                    .bind(&e1.recorded_at)
                    .bind(encode(&submitted)?)
                    .bind(encode(&screened)?)
                    .bind(seq_to_db(e1.seq)?)
                    .bind(seq_to_db(e2.seq)?)
                    .execute(&mut *tx)
                    .await?;
                    Self::history_row(&mut tx, &id, &e1, "submitted", &format!("{} application submitted", a.kind)).await?;
                    Self::history_row(&mut tx, &id, &e2, "screened", &screened_summary(&screened)).await?;
                    Self::commit(tx, &head).await?;
                    self.application(&id)
                        .await?
                        .ok_or_else(|| StoreError::Corrupt(format!("application {id} vanished")))
                }

                async fn applications(&self, f: &ApplicationFilter) -> Result<Vec<ApplicationInfo>> {
                    let rows = sqlx::query(concat!("SELECT ", app_cols!(), " FROM citizenship_applications WHERE ($1 IS NULL OR state = $1) \
                         AND ($2 IS NULL OR outcome = $2) AND ($3 IS NULL OR decision = $3) ORDER BY created_seq LIMIT $4"))
                    .bind(f.state.as_deref())
                    .bind(f.outcome.as_deref())
                    .bind(f.decision.as_deref())
                    .bind(i64::from(f.limit.unwrap_or(1000)))
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(app_row).collect()
                }

                async fn application(&self, id: &str) -> Result<Option<ApplicationInfo>> {
                    let row = sqlx::query(concat!("SELECT ", app_cols!(), " FROM citizenship_applications WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    let Some(row) = row else { return Ok(None) };
                    let mut a = app_row(&row)?;
                    let steps = sqlx::query(
                        "SELECT seq, state, recorded_at, actor, summary FROM citizenship_history WHERE application_id = $1 ORDER BY seq",
                    )
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?;
                    for s in &steps {
                        a.history.push(ApplicationStep {
                            seq: seq_from_db(s.try_get("seq")?)?,
                            state: s.try_get("state")?,
                            recorded_at: s.try_get("recorded_at")?,
                            actor: s.try_get("actor")?,
                            summary: s.try_get("summary")?,
                        });
                    }
                    Ok(Some(a))
                }

                async fn decide_application(
                    &self,
                    actor: &Actor,
                    id: &str,
                    decision: &str,
                    reason: &str,
                    expected_seq: u64,
                ) -> Result<ApplicationInfo> {
                    if decision != "granted" && decision != "refused" {
                        return Err(berkut_domain::ValidationError::new(
                            "decision",
                            format!("'{decision}' is not a decision; expected granted or refused"),
                        )
                        .into());
                    }
                    let reason = note("reason", reason)?;
                    let (mut tx, mut head) = self.begin_write().await?;
                    let a = Self::app_in(&mut tx, id).await?;
                    if a.state == "decided" {
                        return Err(RuleError::Transition(format!(
                            "application {id} is already decided ({}); a decision is final",
                            a.decision.as_deref().unwrap_or("?")
                        ))
                        .into());
                    }
                    if a.updated_seq != expected_seq {
                        return Err(RuleError::Transition(format!(
                            "application {id} changed (seq {}) since it was read (seq {expected_seq}); read it again",
                            a.updated_seq
                        ))
                        .into());
                    }
                    let e = Self::people_append(
                        &mut tx,
                        &mut head,
                        actor,
                        &EventBody::ApplicationDecided(ApplicationDecided {
                            application_id: id.to_string(),
                            decision: decision.to_string(),
                            reason: reason.clone(),
                        }),
                    )
                    .await?;
                    sqlx::query(
                        "UPDATE citizenship_applications SET state = 'decided', decision = $2, reason = $3, decided_by = $4, \
                         decided_at = $5, updated_seq = $6 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(decision)
                    .bind(&reason)
                    .bind(actor.as_str())
                    .bind(&e.recorded_at)
                    .bind(seq_to_db(e.seq)?)
                    .execute(&mut *tx)
                    .await?;
                    Self::history_row(&mut tx, id, &e, "decided", &format!("{decision} by {}: {reason}", actor.as_str())).await?;
                    Self::commit(tx, &head).await?;
                    self.application(id)
                        .await?
                        .ok_or_else(|| StoreError::Corrupt(format!("application {id} vanished")))
                }

                async fn stays(&self, f: &StayFilter) -> Result<Vec<StayInfo>> {
                    let (status, overstay) = match f.status.as_deref() {
                        Some("overstay") => (None, true),
                        s => (s, false),
                    };
                    let rows = sqlx::query(concat!("SELECT ", stay_cols!(), " FROM stays WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR person_key = $2) \
                         AND ($3 = 0 OR overstay_alert_id IS NOT NULL) \
                         AND ($5 = 0 OR person_key IN (SELECT o.person_key FROM stays o WHERE o.status = 'open')) \
                         ORDER BY entry_on, created_seq LIMIT $4"))
                    .bind(status)
                    .bind(f.person_key.as_deref())
                    .bind(i64::from(overstay))
                    .bind(i64::from(f.limit.unwrap_or(1000)))
                    .bind(i64::from(f.with_open_stay))
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(stay_row).collect()
                }

                async fn stay(&self, id: &str) -> Result<Option<StayInfo>> {
                    let row = sqlx::query(concat!("SELECT ", stay_cols!(), " FROM stays WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.as_ref().map(stay_row).transpose()
                }

                async fn record_overstays(&self, actor: &Actor, items: &[NewOverstay]) -> Result<Vec<AlertInfo>> {
                    if items.is_empty() {
                        return Ok(Vec::new());
                    }
                    let (mut tx, mut head) = self.begin_write().await?;
                    let mut out = Vec::new();
                    for o in items {
                        let stay = Self::stay_in(&mut tx, &o.stay_id).await?;
                        if stay.status != "open" || stay.overstay_alert_id.is_some() {
                            continue;
                        }
                        let detected = OverstayDetected {
                            alert_id: new_id("AL"),
                            stay_id: stay.id.clone(),
                            screening_id: stay.entry_screening_id.clone(),
                            entry_on: stay.entry_on.clone(),
                            allowed_until: o.allowed_until.clone(),
                            days_over: o.days_over,
                            rule: o.rule.clone(),
                            reason: o.reason.clone(),
                            traveller: stay.opened.traveller.clone(),
                            crossing: stay.opened.crossing.clone(),
                        };
                        let e = Self::people_append(&mut tx, &mut head, actor, &EventBody::OverstayDetected(detected.clone())).await?;
                        let common = AttemptRecorded {
                            alert_id: detected.alert_id.clone(),
                            screening_id: detected.screening_id.clone(),
                            entry_id: format!("stay:{}", stay.id),
                            ban_ids: Vec::new(),
                            ground: None,
                            traveller: detected.traveller.clone(),
                            crossing: detected.crossing.clone(),
                            screened_by: actor.as_str().to_string(),
                            review_id: None,
                        };
                        let detail = serde_json::json!({
                            "stay_id": stay.id,
                            "entry_on": stay.entry_on,
                            "allowed_until": o.allowed_until,
                            "days_over": o.days_over,
                            "rule": o.rule,
                            "reason": o.reason,
                        });
                        out.push(Self::control_alert(&mut tx, &e, "overstay", &common, &detail).await?);
                        sqlx::query(
                            "UPDATE stays SET overstay_alert_id = $2, overstay_days = $3, allowed_until = $4, updated_seq = $5 WHERE id = $1",
                        )
                        .bind(&stay.id)
                        .bind(&detected.alert_id)
                        .bind(i64::from(o.days_over))
                        .bind(&o.allowed_until)
                        .bind(seq_to_db(e.seq)?)
                        .execute(&mut *tx)
                        .await?;
                    }
                    if out.is_empty() {
                        // nothing new: roll back the empty transaction
                        return Ok(out);
                    }
                    Self::commit(tx, &head).await?;
                    Ok(out)
                }

                async fn propose_ban(&self, actor: &Actor, stay_id: &str, basis: &str) -> Result<ProposalInfo> {
                    let basis = note("basis", basis)?;
                    let (mut tx, mut head) = self.begin_write().await?;
                    let stay = Self::stay_in(&mut tx, stay_id).await?;
                    if stay.overstay_alert_id.is_none() {
                        return Err(RuleError::Transition(format!(
                            "stay {stay_id} has no recorded overstay; only an overstay can be proposed as a ban"
                        ))
                        .into());
                    }
                    let existing = sqlx::query(
                        "SELECT id, status FROM ban_proposals WHERE stay_id = $1 AND status <> 'rejected' LIMIT 1",
                    )
                    .bind(stay_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if let Some(r) = existing {
                        let pid: String = r.try_get("id")?;
                        let st: String = r.try_get("status")?;
                        return Err(RuleError::Transition(format!(
                            "stay {stay_id} already has ban proposal {pid} ({st})"
                        ))
                        .into());
                    }
                    let opened = BanProposalOpened {
                        proposal_id: new_id("BP"),
                        stay_id: stay_id.to_string(),
                        ground: "migration_violation".into(),
                        basis: basis.clone(),
                    };
                    let e = Self::people_append(&mut tx, &mut head, actor, &EventBody::BanProposalOpened(opened.clone())).await?;
                    sqlx::query(
                        "INSERT INTO ban_proposals (id, stay_id, status, basis, created_seq, updated_seq) VALUES ($1, $2, 'open', $3, $4, $4)",
                    )
                    .bind(&opened.proposal_id)
                    .bind(stay_id)
                    .bind(&basis)
                    .bind(seq_to_db(e.seq)?)
                    .execute(&mut *tx)
                    .await?;
                    let p = Self::proposal_in(&mut tx, &opened.proposal_id).await?;
                    Self::commit(tx, &head).await?;
                    Ok(p)
                }

                async fn ban_proposal(&self, id: &str) -> Result<Option<ProposalInfo>> {
                    let row = sqlx::query(concat!("SELECT ", proposal_cols!(), " FROM ban_proposals WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.as_ref().map(proposal_row).transpose()
                }

                async fn confirm_ban_proposal(
                    &self,
                    actor: &Actor,
                    id: &str,
                    person: Option<Person>,
                    input: &NewBanInput,
                ) -> Result<(ProposalInfo, EntryBan)> {
                    if input.ground != "migration_violation" {
                        return Err(berkut_domain::ValidationError::new(
                            "ground",
                            "a ban proposed for an overstay has ground migration_violation",
                        )
                        .into());
                    }
                    let imposed: BanImposed = input.validate(BanId::parse(&new_ban_id())?, WatchlistSource::NationalRegister)?;
                    let (mut tx, mut head) = self.begin_write().await?;
                    let p = Self::proposal_in(&mut tx, id).await?;
                    if p.status != "open" {
                        return Err(RuleError::Transition(format!("ban proposal {id} is already {}", p.status)).into());
                    }
                    if let Some(person) = person {
                        let exists = sqlx::query("SELECT id FROM persons WHERE id = $1")
                            .bind(person.id.as_str())
                            .fetch_optional(&mut *tx)
                            .await?;
                        if exists.is_none() {
                            let pid = person.id.to_string();
                            let data = encode(&person)?;
                            let e = Self::people_append(&mut tx, &mut head, actor, &EventBody::PersonRegistered(person)).await?;
                            sqlx::query("INSERT INTO persons (id, data, created_seq, updated_seq) VALUES ($1, $2, $3, $3)")
                                .bind(&pid)
                                .bind(data)
                                .bind(seq_to_db(e.seq)?)
                                .execute(&mut *tx)
                                .await?;
                        }
                    }
                    let known = sqlx::query("SELECT id FROM persons WHERE id = $1")
                        .bind(imposed.person_id.as_str())
                        .fetch_optional(&mut *tx)
                        .await?;
                    if known.is_none() {
                        return Err(not_found("person_id", "person", imposed.person_id.as_str()));
                    }
                    let ban = EntryBan::from_imposed(&imposed);
                    let summary = format!(
                        "imposed on ground {} by {} ({}), from ban proposal {id}",
                        imposed.ground, imposed.authority, imposed.basis.reference
                    );
                    let e = Self::people_append(&mut tx, &mut head, actor, &EventBody::BanImposed(imposed)).await?;
                    Self::store_ban(&mut tx, &ban, e.seq, &summary, true).await?;
                    let c = Self::people_append(
                        &mut tx,
                        &mut head,
                        actor,
                        &EventBody::BanProposalConfirmed(BanProposalConfirmed {
                            proposal_id: id.to_string(),
                            ban_id: ban.id.to_string(),
                        }),
                    )
                    .await?;
                    sqlx::query(
                        "UPDATE ban_proposals SET status = 'confirmed', ban_id = $2, decided_by = $3, updated_seq = $4 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(ban.id.as_str())
                    .bind(actor.as_str())
                    .bind(seq_to_db(c.seq)?)
                    .execute(&mut *tx)
                    .await?;
                    let p = Self::proposal_in(&mut tx, id).await?;
                    Self::commit(tx, &head).await?;
                    Ok((p, ban))
                }

                async fn reject_ban_proposal(&self, actor: &Actor, id: &str, reason: &str) -> Result<ProposalInfo> {
                    let reason = note("reason", reason)?;
                    let (mut tx, mut head) = self.begin_write().await?;
                    let p = Self::proposal_in(&mut tx, id).await?;
                    if p.status != "open" {
                        return Err(RuleError::Transition(format!("ban proposal {id} is already {}", p.status)).into());
                    }
                    let e = Self::people_append(
                        &mut tx,
                        &mut head,
                        actor,
                        &EventBody::BanProposalRejected(BanProposalRejected {
                            proposal_id: id.to_string(),
                            reason: reason.clone(),
                        }),
                    )
                    .await?;
                    sqlx::query(
                        "UPDATE ban_proposals SET status = 'rejected', reason = $2, decided_by = $3, updated_seq = $4 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(&reason)
                    .bind(actor.as_str())
                    .bind(seq_to_db(e.seq)?)
                    .execute(&mut *tx)
                    .await?;
                    let p = Self::proposal_in(&mut tx, id).await?;
                    Self::commit(tx, &head).await?;
                    Ok(p)
                }

                async fn rescreen_cursor(&self) -> Result<u64> {
                    let row = sqlx::query("SELECT seq FROM rescreen_cursor WHERE id = 1")
                        .fetch_optional(&self.pool)
                        .await?;
                    row.map(|r| seq_from_db(r.try_get("seq")?)).transpose().map(Option::unwrap_or_default)
                }

                async fn events_of_kinds_after(&self, cursor: u64, kinds: &[&str], limit: u32) -> Result<Vec<RecordedEvent>> {
                    let after = i64::try_from(cursor).unwrap_or(i64::MAX);
                    let mut q = sqlx::QueryBuilder::<$Db>::new(
                        "SELECT seq, recorded_at, actor, kind, subject, payload, prev_hash, hash FROM events WHERE seq > ",
                    );
                    q.push_bind(after);
                    q.push(" AND kind IN (");
                    let mut sep = q.separated(", ");
                    for k in kinds {
                        sep.push_bind(k.to_string());
                    }
                    q.push(") ORDER BY seq LIMIT ");
                    q.push_bind(i64::from(limit));
                    let rows = q.build().fetch_all(&self.pool).await?;
                    rows.iter()
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

                async fn record_rescreen(&self, actor: &Actor, b: &RescreenBatch) -> Result<RescreenRecorded> {
                    let (mut tx, mut head) = self.begin_write().await?;
                    let row = sqlx::query("SELECT seq FROM rescreen_cursor WHERE id = 1")
                        .fetch_optional(&mut *tx)
                        .await?;
                    let now = row.map(|r| seq_from_db(r.try_get("seq")?)).transpose()?.unwrap_or_default();
                    if now != b.from_seq {
                        return Err(RuleError::Transition(format!(
                            "the re-screening cursor moved from {} to {now} during this run; nothing recorded",
                            b.from_seq
                        ))
                        .into());
                    }
                    if b.through_seq <= now {
                        return Ok(RescreenRecorded { alerts: Vec::new(), cursor: now });
                    }
                    let mut alerts = Vec::with_capacity(b.hits.len());
                    for h in &b.hits {
                        let hit = RescreenHit {
                            alert_id: new_id("AL"),
                            ..h.clone()
                        };
                        let e = Self::people_append(&mut tx, &mut head, actor, &EventBody::RescreenHit(hit.clone())).await?;
                        let common = AttemptRecorded {
                            alert_id: hit.alert_id.clone(),
                            screening_id: hit.screening_id.clone(),
                            entry_id: hit.entry_id.clone(),
                            ban_ids: hit.ban_ids.clone(),
                            ground: hit.ground.clone(),
                            traveller: hit.traveller.clone(),
                            crossing: hit.crossing.clone(),
                            screened_by: actor.as_str().to_string(),
                            review_id: None,
                        };
                        let detail = serde_json::json!({
                            "trigger_seq": hit.trigger_seq,
                            "member_kind": hit.member_kind,
                            "member_id": hit.member_id,
                            "score": f64::from(hit.score_milli) / 1000.0,
                            "band": hit.band,
                            "reasons": hit.reasons,
                        });
                        alerts.push(Self::control_alert(&mut tx, &e, "rescreen", &common, &detail).await?);
                    }
                    for s in &b.applications {
                        let a = Self::app_in(&mut tx, &s.application_id).await?;
                        if a.state != "screened" {
                            continue;
                        }
                        let e = Self::people_append(&mut tx, &mut head, actor, &EventBody::ApplicationScreened(s.clone())).await?;
                        sqlx::query("UPDATE citizenship_applications SET outcome = $2, screening = $3, updated_seq = $4 WHERE id = $1")
                            .bind(&s.application_id)
                            .bind(&s.outcome)
                            .bind(encode(s)?)
                            .bind(seq_to_db(e.seq)?)
                            .execute(&mut *tx)
                            .await?;
                        Self::history_row(&mut tx, &s.application_id, &e, "screened", &screened_summary(s)).await?;
                    }
                    let e = Self::people_append(
                        &mut tx,
                        &mut head,
                        actor,
                        &EventBody::RescreenCompleted(RescreenCompleted {
                            through_seq: b.through_seq,
                            entries: b.entries,
                            members: b.members,
                            hits: u64::try_from(alerts.len()).unwrap_or(u64::MAX),
                        }),
                    )
                    .await?;
                    sqlx::query(
                        "INSERT INTO rescreen_cursor (id, seq, updated_seq) VALUES (1, $1, $2) \
                         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, updated_seq = excluded.updated_seq",
                    )
                    .bind(seq_to_db(b.through_seq)?)
                    .bind(seq_to_db(e.seq)?)
                    .execute(&mut *tx)
                    .await?;
                    Self::commit(tx, &head).await?;
                    Ok(RescreenRecorded { alerts, cursor: b.through_seq })
                }

                async fn refusal_report(&self, by: RefusalsBy, from: Option<Date>, to: Option<Date>) -> Result<Vec<CountRow>> {
                    let sql = match by {
                        RefusalsBy::Ground => "SELECT ground AS k, COUNT(*) AS n FROM refusals \
                             WHERE ($1 IS NULL OR day >= $1) AND ($2 IS NULL OR day <= $2) GROUP BY ground ORDER BY ground",
                        RefusalsBy::CrossingPoint => "SELECT COALESCE(crossing_point, 'unknown') AS k, COUNT(DISTINCT screening_id) AS n FROM refusals \
                             WHERE ($1 IS NULL OR day >= $1) AND ($2 IS NULL OR day <= $2) GROUP BY COALESCE(crossing_point, 'unknown') ORDER BY k",
                        RefusalsBy::Day => "SELECT day AS k, COUNT(DISTINCT screening_id) AS n FROM refusals \
                             WHERE ($1 IS NULL OR day >= $1) AND ($2 IS NULL OR day <= $2) GROUP BY day ORDER BY day",
                    };
                    let rows = sqlx::query(sql)
                        .bind(from.map(day_text))
                        .bind(to.map(day_text))
                        .fetch_all(&self.pool)
                        .await?;
                    counts(&rows)
                }

                async fn alert_report(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<CountRow>> {
                    let rows = sqlx::query(
                        "SELECT kind || '/' || status AS k, COUNT(*) AS n FROM alerts \
                         WHERE ($1 IS NULL OR substr(raised_at, 1, 10) >= $1) AND ($2 IS NULL OR substr(raised_at, 1, 10) <= $2) \
                         GROUP BY kind, status ORDER BY k",
                    )
                    .bind(from.map(day_text))
                    .bind(to.map(day_text))
                    .fetch_all(&self.pool)
                    .await?;
                    counts(&rows)
                }
            }
        }
    };
}

pub(crate) use impl_people_store;

macro_rules! dispatch {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            crate::AnyStore::Sqlite($s) => $e,
            crate::AnyStore::Postgres($s) => $e,
        }
    };
}

impl PeopleStore for crate::AnyStore {
    async fn submit_application(
        &self,
        actor: &Actor,
        a: &NewApplication,
    ) -> Result<ApplicationInfo> {
        dispatch!(self, s => s.submit_application(actor, a).await)
    }
    async fn applications(&self, f: &ApplicationFilter) -> Result<Vec<ApplicationInfo>> {
        dispatch!(self, s => s.applications(f).await)
    }
    async fn application(&self, id: &str) -> Result<Option<ApplicationInfo>> {
        dispatch!(self, s => s.application(id).await)
    }
    async fn decide_application(
        &self,
        actor: &Actor,
        id: &str,
        decision: &str,
        reason: &str,
        expected_seq: u64,
    ) -> Result<ApplicationInfo> {
        dispatch!(self, s => s.decide_application(actor, id, decision, reason, expected_seq).await)
    }
    async fn stays(&self, f: &StayFilter) -> Result<Vec<StayInfo>> {
        dispatch!(self, s => s.stays(f).await)
    }
    async fn stay(&self, id: &str) -> Result<Option<StayInfo>> {
        dispatch!(self, s => s.stay(id).await)
    }
    async fn record_overstays(&self, actor: &Actor, o: &[NewOverstay]) -> Result<Vec<AlertInfo>> {
        dispatch!(self, s => s.record_overstays(actor, o).await)
    }
    async fn propose_ban(&self, actor: &Actor, stay_id: &str, basis: &str) -> Result<ProposalInfo> {
        dispatch!(self, s => s.propose_ban(actor, stay_id, basis).await)
    }
    async fn ban_proposal(&self, id: &str) -> Result<Option<ProposalInfo>> {
        dispatch!(self, s => s.ban_proposal(id).await)
    }
    async fn confirm_ban_proposal(
        &self,
        actor: &Actor,
        id: &str,
        person: Option<Person>,
        ban: &NewBanInput,
    ) -> Result<(ProposalInfo, EntryBan)> {
        dispatch!(self, s => s.confirm_ban_proposal(actor, id, person, ban).await)
    }
    async fn reject_ban_proposal(
        &self,
        actor: &Actor,
        id: &str,
        reason: &str,
    ) -> Result<ProposalInfo> {
        dispatch!(self, s => s.reject_ban_proposal(actor, id, reason).await)
    }
    async fn rescreen_cursor(&self) -> Result<u64> {
        dispatch!(self, s => s.rescreen_cursor().await)
    }
    async fn events_of_kinds_after(
        &self,
        cursor: u64,
        kinds: &[&str],
        limit: u32,
    ) -> Result<Vec<berkut_domain::RecordedEvent>> {
        dispatch!(self, s => s.events_of_kinds_after(cursor, kinds, limit).await)
    }
    async fn record_rescreen(&self, actor: &Actor, b: &RescreenBatch) -> Result<RescreenRecorded> {
        dispatch!(self, s => s.record_rescreen(actor, b).await)
    }
    async fn refusal_report(
        &self,
        by: RefusalsBy,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<CountRow>> {
        dispatch!(self, s => s.refusal_report(by, from, to).await)
    }
    async fn alert_report(&self, from: Option<Date>, to: Option<Date>) -> Result<Vec<CountRow>> {
        dispatch!(self, s => s.alert_report(from, to).await)
    }
}
