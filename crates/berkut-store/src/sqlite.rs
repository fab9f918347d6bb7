//! The embedded SQLite backend: one file in the data directory, WAL,
//! `synchronous=FULL`, foreign keys on; writes start with `BEGIN IMMEDIATE`.

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::{
    alerts::impl_alert_store,
    labour::impl_labour_store,
    people::impl_people_store,
    shared::{impl_store, type_family},
};

/// File name of the store inside the data directory.
pub(crate) const DB_FILE: &str = "berkut.db";

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

impl SqliteStore {
    /// Open (and with `create`, create) the store file and run migrations.
    pub async fn open(file: &Path, create: bool) -> Result<Self> {
        let opts = SqliteConnectOptions::from_str("sqlite:")?
            .filename(file)
            .create_if_missing(create)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(60))
            // 64 MiB of page cache: large imports spill to the WAL less often.
            .pragma("cache_size", "-65536");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opts)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    /// The pool (for the test kit).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// SQLite has no notifications; its follower lives in the same process
    /// and polls the one-row head, which costs microseconds.
    async fn wake_followers(_tx: &mut Transaction<'static, sqlx::Sqlite>, _seq: u64) -> Result<()> {
        Ok(())
    }

    async fn begin_write(&self) -> Result<(Transaction<'static, sqlx::Sqlite>, (u64, Hash))> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let head = Self::read_head(&mut tx, "SELECT seq, hash FROM log_head WHERE id = 1").await?;
        Ok((tx, head))
    }

    async fn schema_columns(&self) -> Result<Vec<SchemaColumn>> {
        let rows = sqlx::query(
            "SELECT m.name AS t, p.name AS c, p.type AS ty \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%' \
             ORDER BY m.name, p.name",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let ty: String = r.try_get("ty")?;
                Ok((r.try_get("t")?, r.try_get("c")?, type_family(&ty)))
            })
            .collect()
    }
}

impl_store!(SqliteStore, sqlx::Sqlite, Backend::Sqlite);
impl_alert_store!(SqliteStore, sqlx::Sqlite);
impl_people_store!(SqliteStore, sqlx::Sqlite);
impl_labour_store!(SqliteStore, sqlx::Sqlite);
