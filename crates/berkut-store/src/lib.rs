//! Berkut's store: one append-only event log with a gap-free sequence and a
//! SHA-256 hash chain, plus the projection tables the events update, on
//! SQLite (embedded default) or PostgreSQL (multi-node).
//!
//! Architecture Invariant: only this crate speaks SQL (the test kit's tamper
//! tests aside). Every change is one transaction that appends its events and
//! updates the projections; appends are serialised (`BEGIN IMMEDIATE` on
//! SQLite, the `log_head` row locked `FOR UPDATE` on PostgreSQL), so commit
//! order equals seq order and a follower reading `seq > cursor` never skips
//! an event.
//!
//! Architecture Invariant: the same SQL text runs on both backends (`$n`
//! placeholders, `BIGINT` and `TEXT` only); the two differ only in how a
//! write transaction starts and in their migration files, whose logical
//! schema is tested to be equal.

use std::{future::Future, path::PathBuf};

use berkut_domain::{
    Actor, BanChange, BanId, ChainBreak, EntryBan, LegalGround, NewBanInput, Person, PersonId,
    RecordedEvent, RuleError, ValidationError, WatchlistSource,
    watchlist::{EntryId, ListKind, ListedEntry},
};
use time::Date;

mod alerts;
mod labour;
mod people;
mod postgres;
mod shared;
mod sqlite;

pub use alerts::{
    AlertFilter, AlertInfo, NewAttempt, NewReview, NewScreening, RecordedScreening, ResolvedReview,
    ReviewExclusion, ReviewFilter, ReviewInfo,
};
pub use labour::{
    EmployerFilter, EmployerInfo, InspectionFilter, InspectionInfo, NewWorker, RescreenSummary,
    WorkerFilter, WorkerIdentity, WorkerInfo,
};
pub use people::{
    ApplicationFilter, ApplicationInfo, ApplicationStep, CountRow, NewApplication, NewOverstay,
    PeopleStore, ProposalInfo, RefusalsBy, RescreenBatch, RescreenRecorded, ScreeningOutcome,
    StayFilter, StayInfo, person_key,
};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// The PostgreSQL channel every committed append is announced on
/// (payload: the new head seq). Only a hint: followers read the log.
pub const LOG_CHANNEL: &str = "berkut_log";

/// Wake-up hints for a follower: PostgreSQL `LISTEN` on [`LOG_CHANNEL`].
#[derive(Debug)]
pub struct Wakeups {
    listener: sqlx::postgres::PgListener,
}

impl Wakeups {
    /// Wait for the next commit announcement; returns the announced head
    /// seq when the payload is one. An error means the listener dropped:
    /// poll now and listen again.
    pub async fn next(&mut self) -> Result<Option<u64>> {
        let n = self.listener.recv().await?;
        Ok(n.payload().parse().ok())
    }
}

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The command broke a domain rule (bad field, unknown id, transition).
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// No store has been initialised where one was expected.
    #[error("no Berkut store at {0}; run `berkut init` first")]
    NotInitialised(PathBuf),
    /// The database URL is not one Berkut understands.
    #[error("unsupported database URL '{0}': expected postgres://… or sqlite://…")]
    UnsupportedUrl(String),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// An import was refused by a guard rail (empty file, mass removal).
    #[error("import refused: {0}")]
    Refused(String),
    /// Stored data could not be decoded (tampering or a bug).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl From<ValidationError> for StoreError {
    fn from(e: ValidationError) -> Self {
        Self::Rule(RuleError::Invalid(e))
    }
}

/// Result alias.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// Filter for [`Store::bans`].
#[derive(Debug, Clone, Default)]
pub struct BanFilter {
    /// Only this status (`active`, `lifted`, `expired`).
    pub status: Option<String>,
    /// Only this ground.
    pub ground: Option<LegalGround>,
    /// Only bans of this person.
    pub person_id: Option<PersonId>,
    /// At most this many (default 1000).
    pub limit: Option<u32>,
}

/// The result of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainReport {
    /// Every event verified; the head matches.
    Intact {
        /// Number of events.
        events: u64,
        /// Hash of the last event (hex).
        head_hash: String,
    },
    /// The first broken link.
    Broken(ChainBreak),
}

/// One import of a list file: every entry the file holds now.
#[derive(Debug, Clone)]
pub struct ImportBatch {
    /// Source name (`un_sc_consolidated`, `ofac_sdn`, or one the user chose).
    pub source: String,
    /// The list format.
    pub list: ListKind,
    /// The version the file states, or its date.
    pub version: String,
    /// Hex SHA-256 of the file's bytes.
    pub content_hash: String,
    /// All entries of the file; `source_id`s must be unique.
    pub entries: Vec<ListedEntry>,
}

/// How an import may proceed.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// Compute the summary and roll back.
    pub dry_run: bool,
    /// Allow removing more than `max_removal_share` of the listed entries,
    /// or importing an empty file.
    pub allow_mass_removal: bool,
    /// Largest share of a source's listed entries one import may remove.
    pub max_removal_share: f64,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            dry_run: false,
            allow_mass_removal: false,
            max_removal_share: 0.2,
        }
    }
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    /// Entries in the file.
    pub read: u64,
    /// Individuals among them.
    pub persons: u64,
    /// Organisations among them.
    pub organisations: u64,
    /// Alias records as the file gives them, before equal names of one
    /// entry are merged (UN alias elements, OFAC `alt.csv` rows; for formats
    /// whose parser does not count records, the entries' alias and former
    /// names). Not counting the primary name and transliterations.
    pub aliases: u64,
    /// Alias names found inside free-text remarks (OFAC's weak `a.k.a.`).
    pub remark_aliases: u64,
    /// New entries.
    pub added: u64,
    /// Entries whose content changed (or that came back after delisting).
    pub changed: u64,
    /// Entries no longer in the file, now delisted.
    pub removed: u64,
    /// Entries present and unchanged.
    pub unchanged: u64,
    /// Last seq written (`None` when nothing was written).
    pub last_seq: Option<u64>,
}

/// A source and its last import.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SourceInfo {
    /// Name.
    pub name: String,
    /// List format code.
    pub list: String,
    /// Version of the last import.
    pub version: String,
    /// Hex SHA-256 of the last imported file.
    pub content_hash: String,
    /// When it was imported (RFC 3339).
    pub imported_at: String,
    /// Entries listed now.
    pub entries: u64,
    /// Seq of the last import's last event.
    pub last_seq: u64,
}

/// A stored watchlist entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredEntry {
    /// Berkut's id.
    pub id: EntryId,
    /// `listed` or `delisted`.
    pub status: String,
    /// Seq of the event that created it.
    pub created_seq: u64,
    /// Seq of the last event that changed it.
    pub updated_seq: u64,
    /// The entry as last listed.
    pub entry: ListedEntry,
}

/// A column of the logical schema: table, column and type family.
pub type SchemaColumn = (String, String, String);

/// An API user.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UserInfo {
    /// The user name (the actor of what the user does).
    pub name: String,
    /// Role code.
    pub role: String,
    /// Seq of the `user.created` event.
    pub created_seq: u64,
}

/// An API token as stored: never the secret, only its hash's row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TokenInfo {
    /// The token's id (`T-…`), used to revoke it.
    pub id: String,
    /// Whose token.
    pub user: String,
    /// Role code the token carries.
    pub role: String,
    /// The token's label.
    pub name: String,
    /// `active` or `revoked`.
    pub status: String,
    /// Seq of the `token.created` event.
    pub created_seq: u64,
    /// Seq of the last event that changed it.
    pub updated_seq: u64,
}

impl TokenInfo {
    /// Whether the token may still be used.
    pub fn is_active(&self) -> bool {
        self.status == "active"
    }
}

/// The store every backend implements. Writes append events and update
/// projections in one transaction; reads see only committed state.
pub trait Store: Send + Sync {
    /// Which backend this is.
    fn backend(&self) -> Backend;

    /// Register a new person.
    fn register_person(
        &self,
        actor: &Actor,
        person: Person,
    ) -> impl Future<Output = Result<RecordedEvent>> + Send;

    /// Impose a ban on a registered person. The store chooses the ban id.
    fn impose_ban(
        &self,
        actor: &Actor,
        input: &NewBanInput,
        source: WatchlistSource,
    ) -> impl Future<Output = Result<EntryBan>> + Send;

    /// Lift an active ban; a reason is required.
    fn lift_ban(
        &self,
        actor: &Actor,
        ban_id: &str,
        reason: &str,
        on: Date,
    ) -> impl Future<Output = Result<EntryBan>> + Send;

    /// Mark every active ban whose term ended before `today` as expired.
    fn expire_due_bans(
        &self,
        actor: &Actor,
        today: Date,
    ) -> impl Future<Output = Result<Vec<BanId>>> + Send;

    /// Import a list file by delta against the source's current entries,
    /// in one transaction: new entries are listed, changed ones changed,
    /// missing ones delisted; an identical re-import writes nothing.
    fn import_source(
        &self,
        actor: &Actor,
        batch: &ImportBatch,
        options: ImportOptions,
    ) -> impl Future<Output = Result<ImportSummary>> + Send;

    /// Record the import of a file that is not kept entry by entry in the
    /// store (the invalidated-documents register): a `source.imported`
    /// event and the source's row.
    fn record_source_import(
        &self,
        actor: &Actor,
        import: &berkut_domain::watchlist::SourceImported,
    ) -> impl Future<Output = Result<u64>> + Send;

    /// A watchlist entry by id.
    fn entry(&self, id: &str) -> impl Future<Output = Result<Option<StoredEntry>>> + Send;

    /// The listed entries of a source (all sources when `None`), oldest first.
    fn listed_entries(
        &self,
        source: Option<&str>,
    ) -> impl Future<Output = Result<Vec<StoredEntry>>> + Send;

    /// Every source with its last import.
    fn sources(&self) -> impl Future<Output = Result<Vec<SourceInfo>>> + Send;

    /// Declare an emergency; the store chooses its id.
    fn declare_emergency(
        &self,
        actor: &Actor,
        input: &berkut_domain::EmergencyInput,
    ) -> impl Future<Output = Result<berkut_domain::EmergencyDeclaration>> + Send;

    /// End an active emergency declaration; a reason is required.
    fn end_emergency(
        &self,
        actor: &Actor,
        id: &str,
        reason: &str,
        on: Date,
    ) -> impl Future<Output = Result<berkut_domain::EmergencyDeclaration>> + Send;

    /// Every emergency declaration, oldest first.
    fn emergencies(
        &self,
    ) -> impl Future<Output = Result<Vec<berkut_domain::EmergencyDeclaration>>> + Send;

    /// A person by id.
    fn person(&self, id: &str) -> impl Future<Output = Result<Option<Person>>> + Send;

    /// A ban by id.
    fn ban(&self, id: &str) -> impl Future<Output = Result<Option<EntryBan>>> + Send;

    /// Bans matching a filter, oldest first.
    fn bans(&self, filter: &BanFilter) -> impl Future<Output = Result<Vec<EntryBan>>> + Send;

    /// Every change of a ban, in seq order.
    fn ban_history(&self, id: &str) -> impl Future<Output = Result<Vec<BanChange>>> + Send;

    /// Events with `seq > cursor`, in seq order, at most `limit`.
    fn events_after(
        &self,
        cursor: u64,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<RecordedEvent>>> + Send;

    /// The head: last seq and its hash (seq 0 and the genesis hash when empty).
    fn head(&self) -> impl Future<Output = Result<(u64, String)>> + Send;

    /// Walk the whole log and report the first broken link, if any.
    fn verify_chain(&self) -> impl Future<Output = Result<ChainReport>> + Send;

    /// Tables, columns and type families, for schema comparison.
    fn logical_schema(&self) -> impl Future<Output = Result<Vec<SchemaColumn>>> + Send;

    // --- users, tokens and read audit (berkut-api) ---

    /// Create an API user with a role code; the name must be new.
    fn create_user(
        &self,
        actor: &Actor,
        user: &str,
        role: &str,
    ) -> impl Future<Output = Result<UserInfo>> + Send;

    /// A user by name.
    fn user(&self, name: &str) -> impl Future<Output = Result<Option<UserInfo>>> + Send;

    /// Record a new token for an existing user. The store chooses the token
    /// id; it keeps only `token_hash` (hex SHA-256 of the secret), never the
    /// secret.
    fn create_token(
        &self,
        actor: &Actor,
        user: &str,
        role: &str,
        name: &str,
        token_hash: &str,
    ) -> impl Future<Output = Result<TokenInfo>> + Send;

    /// The token with this hash, active or revoked.
    fn token_by_hash(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = Result<Option<TokenInfo>>> + Send;

    /// Revoke an active token.
    fn revoke_token(
        &self,
        actor: &Actor,
        token_id: &str,
    ) -> impl Future<Output = Result<TokenInfo>> + Send;

    /// Append an `audit.read` event: `actor` read `what` (`person`, `ban`,
    /// …) about `subject`.
    fn record_read(
        &self,
        actor: &Actor,
        what: &str,
        subject: &str,
    ) -> impl Future<Output = Result<RecordedEvent>> + Send;

    // --- screenings, attempts, alerts and reviews (berkut-api) ---

    /// Record screenings, each with the attempts it found (each raises an
    /// alert, counted on the bans in force on `on`) and the review items
    /// it opens, in one transaction. The store chooses the ids.
    fn record_screenings(
        &self,
        actor: &Actor,
        screenings: &[NewScreening],
    ) -> impl Future<Output = Result<Vec<RecordedScreening>>> + Send;

    /// Alerts matching a filter, in seq order.
    fn alerts(&self, filter: &AlertFilter) -> impl Future<Output = Result<Vec<AlertInfo>>> + Send;

    /// An alert by id.
    fn alert(&self, id: &str) -> impl Future<Output = Result<Option<AlertInfo>>> + Send;

    /// Acknowledge an open alert.
    fn acknowledge_alert(
        &self,
        actor: &Actor,
        id: &str,
        note: Option<&str>,
    ) -> impl Future<Output = Result<AlertInfo>> + Send;

    /// Close an open or acknowledged alert; a note is required.
    fn close_alert(
        &self,
        actor: &Actor,
        id: &str,
        note: &str,
    ) -> impl Future<Output = Result<AlertInfo>> + Send;

    /// Attempts recorded against a ban.
    fn ban_attempts(&self, ban_id: &str) -> impl Future<Output = Result<u64>> + Send;

    /// Review items: open first, then oldest first.
    fn reviews(
        &self,
        filter: &ReviewFilter,
    ) -> impl Future<Output = Result<Vec<ReviewInfo>>> + Send;

    /// A review item by id.
    fn review(&self, id: &str) -> impl Future<Output = Result<Option<ReviewInfo>>> + Send;

    /// Resolve an open review item as `same_person` (the screening becomes
    /// DENY and, when the entry bars entry on `on`, an attempt and its
    /// alert are recorded) or `different_person` (remembered for this
    /// traveller data and this entry version). A note is required.
    fn resolve_review(
        &self,
        actor: &Actor,
        id: &str,
        outcome: &str,
        note: &str,
        on: Date,
    ) -> impl Future<Output = Result<ResolvedReview>> + Send;

    /// The "different person" outcomes for this traveller fingerprint whose
    /// entry has not changed since.
    fn review_exclusions(
        &self,
        traveller_fingerprint: &str,
    ) -> impl Future<Output = Result<Vec<ReviewExclusion>>> + Send;

    /// Append many `audit.read` events in one transaction (one commit for
    /// all: how a busy server records its reads). All or none.
    fn record_reads(
        &self,
        reads: &[Read],
    ) -> impl Future<Output = Result<Vec<RecordedEvent>>> + Send;

    // --- employers, foreign workers, inspections (crate::labour) ---

    /// Register an employer (BIN/IIN validated by the caller) with the
    /// sanctions hits found on registration; the BIN/IIN must be new.
    fn register_employer(
        &self,
        actor: &Actor,
        employer: &berkut_domain::labour::EmployerRegistered,
    ) -> impl Future<Output = Result<EmployerInfo>> + Send;

    /// An employer by BIN/IIN.
    fn employer(&self, id: &str) -> impl Future<Output = Result<Option<EmployerInfo>>> + Send;

    /// Employers matching a filter, by BIN/IIN.
    fn employers(
        &self,
        filter: &EmployerFilter,
    ) -> impl Future<Output = Result<Vec<EmployerInfo>>> + Send;

    /// Record a re-screening of every employer against the lists as they
    /// stood at `through_seq`: an `employer.screened` event for each whose
    /// hits changed, then `employers.rescreened` (the cursor), in one
    /// transaction.
    fn rescreen_employers(
        &self,
        actor: &Actor,
        through_seq: u64,
        results: &[(String, Vec<berkut_domain::labour::SanctionsHit>)],
    ) -> impl Future<Output = Result<RescreenSummary>> + Send;

    /// The seq the last re-screening of every employer was made against
    /// (0: never).
    fn employers_rescreened_through(&self) -> impl Future<Output = Result<u64>> + Send;

    /// Register a foreign worker and record the registration screening
    /// (with its alerts) in one transaction; the employer must exist. The
    /// store chooses the worker id.
    fn register_worker(
        &self,
        actor: &Actor,
        worker: &NewWorker,
    ) -> impl Future<Output = Result<WorkerInfo>> + Send;

    /// Record the end of an active worker's contract.
    fn terminate_worker(
        &self,
        actor: &Actor,
        termination: &berkut_domain::labour::WorkerTerminated,
    ) -> impl Future<Output = Result<WorkerInfo>> + Send;

    /// A worker by id.
    fn worker(&self, id: &str) -> impl Future<Output = Result<Option<WorkerInfo>>> + Send;

    /// Workers matching a filter, oldest first.
    fn workers(
        &self,
        filter: &WorkerFilter,
    ) -> impl Future<Output = Result<Vec<WorkerInfo>>> + Send;

    /// The listed organisation entries of every source (what employers are
    /// screened against), oldest first.
    fn listed_organisations(&self) -> impl Future<Output = Result<Vec<StoredEntry>>> + Send;

    /// Every active foreign worker as (worker id, person): a population
    /// for continuous re-screening.
    fn list_worker_identities(&self) -> impl Future<Output = Result<Vec<WorkerIdentity>>> + Send;

    /// Record an inspection of a registered employer; the store chooses its id.
    fn record_inspection(
        &self,
        actor: &Actor,
        inspection: &berkut_domain::labour::InspectionRecorded,
    ) -> impl Future<Output = Result<InspectionInfo>> + Send;

    /// An inspection by id.
    fn inspection(&self, id: &str) -> impl Future<Output = Result<Option<InspectionInfo>>> + Send;

    /// Inspections matching a filter, by date.
    fn inspections(
        &self,
        filter: &InspectionFilter,
    ) -> impl Future<Output = Result<Vec<InspectionInfo>>> + Send;
}

/// One read of personal data, for [`Store::record_reads`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// Who read.
    pub actor: Actor,
    /// What kind of record (`person`, `ban`, `screening`, …).
    pub what: String,
    /// About whom or what.
    pub subject: String,
}

/// Either backend, chosen at run time from configuration.
#[derive(Debug, Clone)]
pub enum AnyStore {
    /// SQLite.
    Sqlite(SqliteStore),
    /// PostgreSQL.
    Postgres(PgStore),
}

impl AnyStore {
    /// Open the store named by `database_url`, or the SQLite file in
    /// `data_dir` when no URL is given. With `create`, a missing SQLite
    /// store is created; without it, a missing store is an error.
    pub async fn open(
        data_dir: &std::path::Path,
        database_url: Option<&str>,
        create: bool,
    ) -> Result<Self> {
        match database_url {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(Self::Postgres(PgStore::connect(url).await?))
            }
            Some(url) if url.starts_with("sqlite:") => {
                let path = url
                    .trim_start_matches("sqlite://")
                    .trim_start_matches("sqlite:");
                Ok(Self::Sqlite(
                    SqliteStore::open(std::path::Path::new(path), create).await?,
                ))
            }
            Some(url) => Err(StoreError::UnsupportedUrl(url.to_string())),
            None => {
                let file = data_dir.join(sqlite::DB_FILE);
                if !create && !file.exists() {
                    return Err(StoreError::NotInitialised(data_dir.to_path_buf()));
                }
                if create {
                    std::fs::create_dir_all(data_dir)
                        .map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
                }
                Ok(Self::Sqlite(SqliteStore::open(&file, create).await?))
            }
        }
    }
}

impl AnyStore {
    /// Wake-up hints for a follower, where the backend has them
    /// (PostgreSQL); `None` on SQLite, whose follower polls.
    pub async fn wakeups(&self) -> Result<Option<Wakeups>> {
        match self {
            Self::Sqlite(_) => Ok(None),
            Self::Postgres(p) => Ok(Some(Wakeups {
                listener: p.listener().await?,
            })),
        }
    }
}

macro_rules! dispatch {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            AnyStore::Sqlite($s) => $e,
            AnyStore::Postgres($s) => $e,
        }
    };
}

impl Store for AnyStore {
    fn backend(&self) -> Backend {
        dispatch!(self, s => s.backend())
    }
    async fn register_person(&self, actor: &Actor, person: Person) -> Result<RecordedEvent> {
        dispatch!(self, s => s.register_person(actor, person).await)
    }
    async fn impose_ban(
        &self,
        actor: &Actor,
        input: &NewBanInput,
        source: WatchlistSource,
    ) -> Result<EntryBan> {
        dispatch!(self, s => s.impose_ban(actor, input, source).await)
    }
    async fn lift_ban(
        &self,
        actor: &Actor,
        ban_id: &str,
        reason: &str,
        on: Date,
    ) -> Result<EntryBan> {
        dispatch!(self, s => s.lift_ban(actor, ban_id, reason, on).await)
    }
    async fn expire_due_bans(&self, actor: &Actor, today: Date) -> Result<Vec<BanId>> {
        dispatch!(self, s => s.expire_due_bans(actor, today).await)
    }
    async fn import_source(
        &self,
        actor: &Actor,
        batch: &ImportBatch,
        options: ImportOptions,
    ) -> Result<ImportSummary> {
        dispatch!(self, s => s.import_source(actor, batch, options).await)
    }
    async fn record_source_import(
        &self,
        actor: &Actor,
        import: &berkut_domain::watchlist::SourceImported,
    ) -> Result<u64> {
        dispatch!(self, s => s.record_source_import(actor, import).await)
    }
    async fn entry(&self, id: &str) -> Result<Option<StoredEntry>> {
        dispatch!(self, s => s.entry(id).await)
    }
    async fn listed_entries(&self, source: Option<&str>) -> Result<Vec<StoredEntry>> {
        dispatch!(self, s => s.listed_entries(source).await)
    }
    async fn sources(&self) -> Result<Vec<SourceInfo>> {
        dispatch!(self, s => s.sources().await)
    }
    async fn declare_emergency(
        &self,
        actor: &Actor,
        input: &berkut_domain::EmergencyInput,
    ) -> Result<berkut_domain::EmergencyDeclaration> {
        dispatch!(self, s => s.declare_emergency(actor, input).await)
    }
    async fn end_emergency(
        &self,
        actor: &Actor,
        id: &str,
        reason: &str,
        on: Date,
    ) -> Result<berkut_domain::EmergencyDeclaration> {
        dispatch!(self, s => s.end_emergency(actor, id, reason, on).await)
    }
    async fn emergencies(&self) -> Result<Vec<berkut_domain::EmergencyDeclaration>> {
        dispatch!(self, s => s.emergencies().await)
    }
    async fn person(&self, id: &str) -> Result<Option<Person>> {
        dispatch!(self, s => s.person(id).await)
    }
    async fn ban(&self, id: &str) -> Result<Option<EntryBan>> {
        dispatch!(self, s => s.ban(id).await)
    }
    async fn bans(&self, filter: &BanFilter) -> Result<Vec<EntryBan>> {
        dispatch!(self, s => s.bans(filter).await)
    }
    async fn ban_history(&self, id: &str) -> Result<Vec<BanChange>> {
        dispatch!(self, s => s.ban_history(id).await)
    }
    async fn events_after(&self, cursor: u64, limit: u32) -> Result<Vec<RecordedEvent>> {
        dispatch!(self, s => s.events_after(cursor, limit).await)
    }
    async fn head(&self) -> Result<(u64, String)> {
        dispatch!(self, s => s.head().await)
    }
    async fn verify_chain(&self) -> Result<ChainReport> {
        dispatch!(self, s => s.verify_chain().await)
    }
    async fn logical_schema(&self) -> Result<Vec<SchemaColumn>> {
        dispatch!(self, s => s.logical_schema().await)
    }

    // --- users, tokens and read audit (berkut-api) ---

    async fn create_user(&self, actor: &Actor, user: &str, role: &str) -> Result<UserInfo> {
        dispatch!(self, s => s.create_user(actor, user, role).await)
    }
    async fn user(&self, name: &str) -> Result<Option<UserInfo>> {
        dispatch!(self, s => s.user(name).await)
    }
    async fn create_token(
        &self,
        actor: &Actor,
        user: &str,
        role: &str,
        name: &str,
        token_hash: &str,
    ) -> Result<TokenInfo> {
        dispatch!(self, s => s.create_token(actor, user, role, name, token_hash).await)
    }
    async fn token_by_hash(&self, token_hash: &str) -> Result<Option<TokenInfo>> {
        dispatch!(self, s => s.token_by_hash(token_hash).await)
    }
    async fn revoke_token(&self, actor: &Actor, token_id: &str) -> Result<TokenInfo> {
        dispatch!(self, s => s.revoke_token(actor, token_id).await)
    }
    async fn record_read(&self, actor: &Actor, what: &str, subject: &str) -> Result<RecordedEvent> {
        dispatch!(self, s => s.record_read(actor, what, subject).await)
    }
    async fn record_reads(&self, reads: &[Read]) -> Result<Vec<RecordedEvent>> {
        dispatch!(self, s => s.record_reads(reads).await)
    }

    // --- screenings, attempts, alerts and reviews (berkut-api) ---

    async fn record_screenings(
        &self,
        actor: &Actor,
        screenings: &[NewScreening],
    ) -> Result<Vec<RecordedScreening>> {
        dispatch!(self, s => s.record_screenings(actor, screenings).await)
    }
    async fn alerts(&self, filter: &AlertFilter) -> Result<Vec<AlertInfo>> {
        dispatch!(self, s => s.alerts(filter).await)
    }
    async fn alert(&self, id: &str) -> Result<Option<AlertInfo>> {
        dispatch!(self, s => s.alert(id).await)
    }
    async fn acknowledge_alert(
        &self,
        actor: &Actor,
        id: &str,
        note: Option<&str>,
    ) -> Result<AlertInfo> {
        dispatch!(self, s => s.acknowledge_alert(actor, id, note).await)
    }
    async fn close_alert(&self, actor: &Actor, id: &str, note: &str) -> Result<AlertInfo> {
        dispatch!(self, s => s.close_alert(actor, id, note).await)
    }
    async fn ban_attempts(&self, ban_id: &str) -> Result<u64> {
        dispatch!(self, s => s.ban_attempts(ban_id).await)
    }
    async fn reviews(&self, filter: &ReviewFilter) -> Result<Vec<ReviewInfo>> {
        dispatch!(self, s => s.reviews(filter).await)
    }
    async fn review(&self, id: &str) -> Result<Option<ReviewInfo>> {
        dispatch!(self, s => s.review(id).await)
    }
    async fn resolve_review(
        &self,
        actor: &Actor,
        id: &str,
        outcome: &str,
        note: &str,
        on: Date,
    ) -> Result<ResolvedReview> {
        dispatch!(self, s => s.resolve_review(actor, id, outcome, note, on).await)
    }
    async fn review_exclusions(&self, traveller_fingerprint: &str) -> Result<Vec<ReviewExclusion>> {
        dispatch!(self, s => s.review_exclusions(traveller_fingerprint).await)
    }

    // --- employers, foreign workers, inspections ---

    async fn register_employer(
        &self,
        actor: &Actor,
        employer: &berkut_domain::labour::EmployerRegistered,
    ) -> Result<EmployerInfo> {
        dispatch!(self, s => s.register_employer(actor, employer).await)
    }
    async fn employer(&self, id: &str) -> Result<Option<EmployerInfo>> {
        dispatch!(self, s => s.employer(id).await)
    }
    async fn employers(&self, filter: &EmployerFilter) -> Result<Vec<EmployerInfo>> {
        dispatch!(self, s => s.employers(filter).await)
    }
    async fn rescreen_employers(
        &self,
        actor: &Actor,
        through_seq: u64,
        results: &[(String, Vec<berkut_domain::labour::SanctionsHit>)],
    ) -> Result<RescreenSummary> {
        dispatch!(self, s => s.rescreen_employers(actor, through_seq, results).await)
    }
    async fn employers_rescreened_through(&self) -> Result<u64> {
        dispatch!(self, s => s.employers_rescreened_through().await)
    }
    async fn register_worker(&self, actor: &Actor, worker: &NewWorker) -> Result<WorkerInfo> {
        dispatch!(self, s => s.register_worker(actor, worker).await)
    }
    async fn terminate_worker(
        &self,
        actor: &Actor,
        termination: &berkut_domain::labour::WorkerTerminated,
    ) -> Result<WorkerInfo> {
        dispatch!(self, s => s.terminate_worker(actor, termination).await)
    }
    async fn worker(&self, id: &str) -> Result<Option<WorkerInfo>> {
        dispatch!(self, s => s.worker(id).await)
    }
    async fn workers(&self, filter: &WorkerFilter) -> Result<Vec<WorkerInfo>> {
        dispatch!(self, s => s.workers(filter).await)
    }
    async fn listed_organisations(&self) -> Result<Vec<StoredEntry>> {
        dispatch!(self, s => s.listed_organisations().await)
    }
    async fn list_worker_identities(&self) -> Result<Vec<WorkerIdentity>> {
        dispatch!(self, s => s.list_worker_identities().await)
    }
    async fn record_inspection(
        &self,
        actor: &Actor,
        inspection: &berkut_domain::labour::InspectionRecorded,
    ) -> Result<InspectionInfo> {
        dispatch!(self, s => s.record_inspection(actor, inspection).await)
    }
    async fn inspection(&self, id: &str) -> Result<Option<InspectionInfo>> {
        dispatch!(self, s => s.inspection(id).await)
    }
    async fn inspections(&self, filter: &InspectionFilter) -> Result<Vec<InspectionInfo>> {
        dispatch!(self, s => s.inspections(filter).await)
    }
}
