use berkut_store::Store;
use berkut_testkit::{
    runtime,
    suite::{self, Target},
};

/// Runs a suite check on a fresh SQLite store and on a fresh PostgreSQL
/// database (skipped with a printed line unless configured).
macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            use super::*;
            $(#[test]
            fn $name() {
                runtime().block_on(async { suite::$name(Target::sqlite().await).await });
            })*
        }
        mod postgres {
            use super::*;
            $(#[test]
            fn $name() {
                runtime().block_on(async {
                    if let Some(t) = Target::postgres(concat!("postgres::", stringify!($name))).await {
                        suite::$name(t).await;
                    }
                });
            })*
        }
    };
}

conformance!(
    ban_lifecycle,
    history_never_overwritten,
    events_in_seq_order,
    concurrent_writers,
    bad_input_changes_nothing,
    import_by_delta,
    users_and_tokens,
    batched_reads,
    screening_ids_are_idempotency_keys,
    alerts_and_reviews,
    labour_lifecycle,
    labour_bad_input_changes_nothing,
);

#[test]
fn sqlite_tamper_is_detected() {
    runtime().block_on(suite::tamper_is_detected(async || Target::sqlite().await));
}

#[test]
fn postgres_tamper_is_detected() {
    runtime().block_on(async {
        if Target::postgres("postgres_tamper_is_detected")
            .await
            .is_none()
        {
            return;
        }
        suite::tamper_is_detected(async || {
            Target::postgres("postgres_tamper_is_detected")
                .await
                .unwrap()
        })
        .await;
    });
}

#[test]
fn both_backends_have_the_same_logical_schema() {
    runtime().block_on(async {
        let Some(pg) = Target::postgres("both_backends_have_the_same_logical_schema").await else {
            return;
        };
        let lite = Target::sqlite().await;
        let a = lite.store.logical_schema().await.unwrap();
        let b = pg.store.logical_schema().await.unwrap();
        assert!(a.len() >= 20, "schema looks empty: {a:?}");
        assert_eq!(a, b);
    });
}
