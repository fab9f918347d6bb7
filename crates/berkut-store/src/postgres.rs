//! The PostgreSQL backend: the system of record for multi-node deployments.
//! Writes lock the one-row `log_head` with `FOR UPDATE`, so appends are
//! serialised and commit order equals seq order.

use std::time::Duration;

use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};

use crate::{
    alerts::impl_alert_store,
    labour::impl_labour_store,
    people::impl_people_store,
    shared::{impl_store, type_family},
};

/// The PostgreSQL store.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl PgStore {
    /// Connect and run migrations.
    pub async fn connect(url: &str) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(3))
            .connect(url)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    /// The pool (for the test kit).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Close the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A listener on the channel every commit notifies with its head seq
    /// (a wake-up hint for followers; they still read `seq > cursor`).
    pub async fn listener(&self) -> Result<PgListener> {
        let mut l = PgListener::connect_with(&self.pool).await?;
        l.listen(crate::LOG_CHANNEL).await?;
        Ok(l)
    }

    /// `NOTIFY` the log channel inside the write transaction: PostgreSQL
    /// delivers it on commit, to every listening node.
    async fn wake_followers(tx: &mut Transaction<'static, sqlx::Postgres>, seq: u64) -> Result<()> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(crate::LOG_CHANNEL)
            .bind(seq.to_string())
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    async fn begin_write(&self) -> Result<(Transaction<'static, sqlx::Postgres>, (u64, Hash))> {
        let mut tx = self.pool.begin().await?;
        let head = Self::read_head(
            &mut tx,
            "SELECT seq, hash FROM log_head WHERE id = 1 FOR UPDATE",
        )
        .await?;
        Ok((tx, head))
    }

    async fn schema_columns(&self) -> Result<Vec<SchemaColumn>> {
        let rows = sqlx::query(
            "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%' \
             ORDER BY table_name, column_name",
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

impl_store!(PgStore, sqlx::Postgres, Backend::Postgres);
impl_alert_store!(PgStore, sqlx::Postgres);
impl_people_store!(PgStore, sqlx::Postgres);
impl_labour_store!(PgStore, sqlx::Postgres);
