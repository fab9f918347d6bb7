//! One fresh PostgreSQL database per test.
//!
//! `BERKUT_TEST_PG_URL` names the server (for example
//! `postgres://postgres@127.0.0.1:5432/postgres`). Without it a test prints
//! `skipped: …` and returns; with `BERKUT_REQUIRE_PG=1` a missing or
//! unreachable server fails the test instead.

use sqlx::{Connection, PgConnection};

/// A database created for one test and dropped when this value drops.
#[derive(Debug)]
pub struct TestDb {
    admin_url: String,
    name: String,
    /// URL of the fresh database.
    pub url: String,
}

fn required() -> bool {
    std::env::var("BERKUT_REQUIRE_PG").is_ok_and(|v| v == "1")
}

/// Replace the database name in a PostgreSQL URL.
pub fn with_database(url: &str, db: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, format!("?{q}")),
        None => (rest, String::new()),
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{authority}/{db}{query}")
}

impl TestDb {
    /// Create a fresh database, or `None` (after printing why) when
    /// PostgreSQL tests are not configured. Panics when they are required
    /// but the server cannot be reached.
    pub async fn create(test: &str) -> Option<TestDb> {
        let Ok(admin_url) = std::env::var("BERKUT_TEST_PG_URL") else {
            assert!(
                !required(),
                "{test}: BERKUT_REQUIRE_PG=1 but BERKUT_TEST_PG_URL is not set"
            );
            eprintln!("skipped: {test}: BERKUT_TEST_PG_URL not set");
            return None;
        };
        let mut conn = match PgConnection::connect(&admin_url).await {
            Ok(c) => c,
            Err(e) => {
                assert!(
                    !required(),
                    "{test}: PostgreSQL at {admin_url} unreachable: {e}"
                );
                eprintln!("skipped: {test}: PostgreSQL at {admin_url} unreachable: {e}");
                return None;
            }
        };
        let name = format!("berkut_t_{}", uuid::Uuid::new_v4().simple());
        let create = format!("CREATE DATABASE {name}");
        sqlx::query(sqlx::AssertSqlSafe(create))
            .execute(&mut conn)
            .await
            .expect("CREATE DATABASE");
        let _ = conn.close().await;
        let url = with_database(&admin_url, &name);
        Some(TestDb {
            admin_url,
            name,
            url,
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let drop_sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // Best effort, on a thread of its own: Drop may run inside a runtime.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(rt) = rt {
                rt.block_on(async {
                    if let Ok(mut c) = PgConnection::connect(&admin_url).await {
                        let _ = sqlx::query(sqlx::AssertSqlSafe(drop_sql))
                            .execute(&mut c)
                            .await;
                        let _ = c.close().await;
                    }
                });
            }
        })
        .join();
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_database_name() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "t2"),
            "postgres://u:p@h/t2?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://h:5432", "t3"),
            "postgres://h:5432/t3"
        );
    }
}
