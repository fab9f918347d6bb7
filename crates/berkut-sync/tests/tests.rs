//! The follower applies what is appended after its bootstrap.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use berkut_domain::{Actor, WatchlistSource};
use berkut_engine::{Policy, Traveller, Verdict};
use berkut_store::Store;
use berkut_sync::Follower;
use berkut_testkit::{runtime, suite};

fn traveller() -> Traveller {
    Traveller {
        id: "T".into(),
        names: vec!["IURII IVANOV".into()],
        birth_date: Some("1975-03-12".into()),
        ..Default::default()
    }
}

async fn follows(t: suite::Target) {
    let a = Actor::parse("t").unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    t.store
        .register_person(&a, suite::person("W-1").validate().unwrap())
        .await
        .unwrap();
    let f = Arc::new(
        Follower::bootstrap(t.open_another().await, Policy::default())
            .await
            .unwrap(),
    );
    assert_eq!(
        f.screener().screen(&traveller(), today).decision,
        Verdict::Clear
    );
    let ban = t
        .store
        .impose_ban(
            &a,
            &suite::ban("W-1", None),
            WatchlistSource::NationalRegister,
        )
        .await
        .unwrap();
    assert_eq!(f.catch_up(|_| {}).await.unwrap(), 1);
    let d = f.screener().screen(&traveller(), today);
    assert_eq!(d.decision, Verdict::Deny, "{d:?}");
    assert_eq!(d.index_seq, 2);
    t.store
        .lift_ban(&a, ban.id.as_str(), "quashed", today)
        .await
        .unwrap();
    f.catch_up(|_| {}).await.unwrap();
    assert_eq!(
        f.screener().screen(&traveller(), today).decision,
        Verdict::Clear
    );
    assert_eq!(
        f.catch_up(|_| {}).await.unwrap(),
        0,
        "an event applied twice"
    );
}

#[test]
fn follows_the_log_on_sqlite() {
    runtime().block_on(async { follows(suite::Target::sqlite().await).await });
}

#[test]
fn follows_the_log_on_postgres() {
    runtime().block_on(async {
        if let Some(t) = suite::Target::postgres("follows_the_log_on_postgres").await {
            follows(t).await;
        }
    });
}
