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

/// An edited event stops the follower at the last verified event; what
/// came before keeps screening, and the break is reported.
async fn stops_at_a_broken_chain(t: suite::Target) {
    let a = Actor::parse("t").unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    t.store
        .register_person(&a, suite::person("W-1").validate().unwrap())
        .await
        .unwrap();
    t.store
        .impose_ban(
            &a,
            &suite::ban("W-1", None),
            WatchlistSource::NationalRegister,
        )
        .await
        .unwrap();
    let f = Follower::bootstrap(t.open_another().await, Policy::default())
        .await
        .unwrap();
    assert_eq!(f.status().integrity, None);
    assert_eq!(f.status().applied_seq, 2);
    // two more events; the first of them is edited after it was written
    t.store
        .register_person(&a, suite::person("W-2").validate().unwrap())
        .await
        .unwrap();
    t.store
        .impose_ban(
            &a,
            &suite::ban("W-2", None),
            WatchlistSource::NationalRegister,
        )
        .await
        .unwrap();
    berkut_testkit::tamper::flip_byte(&t.store, 3, berkut_testkit::tamper::Column::Payload).await;
    let err = f.catch_up(|_| {}).await.unwrap_err();
    assert!(
        matches!(err, berkut_sync::SyncError::Integrity(ref b) if b.seq == 3),
        "{err}"
    );
    let s = f.status();
    assert_eq!(s.applied_seq, 2, "nothing at or after the break is applied");
    assert_eq!(s.integrity.map(|b| b.seq), Some(3));
    assert_eq!(
        f.screener().screen(&traveller(), today).decision,
        Verdict::Deny,
        "the verified prefix keeps screening"
    );
    // and a fresh node refuses the same break at bootstrap, serving the prefix
    let g = Follower::bootstrap(t.open_another().await, Policy::default())
        .await
        .unwrap();
    assert_eq!(g.status().applied_seq, 2);
    assert_eq!(g.status().integrity.map(|b| b.seq), Some(3));
}

#[test]
fn stops_at_a_broken_chain_on_sqlite() {
    runtime().block_on(async { stops_at_a_broken_chain(suite::Target::sqlite().await).await });
}

#[test]
fn stops_at_a_broken_chain_on_postgres() {
    runtime().block_on(async {
        if let Some(t) = suite::Target::postgres("stops_at_a_broken_chain_on_postgres").await {
            stops_at_a_broken_chain(t).await;
        }
    });
}

mod multi_node {
    use std::time::Duration;

    use berkut_testkit::proxy::{self, TcpProxy};

    use super::*;

    fn named(name: &str, birth: &str) -> Traveller {
        Traveller {
            id: name.into(),
            names: vec![name.into()],
            birth_date: Some(birth.into()),
            ..Default::default()
        }
    }

    /// Wait (up to 20 s) until `cond` holds; the test checks state, not timing.
    async fn until(what: &str, mut cond: impl FnMut() -> bool) {
        for _ in 0..400 {
            if cond() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("timed out waiting until {what}");
    }

    async fn node(url: &str) -> Arc<Follower> {
        let store = berkut_store::AnyStore::open(std::path::Path::new("."), Some(url), false)
            .await
            .unwrap();
        let f = Arc::new(Follower::bootstrap(store, Policy::default()).await.unwrap());
        f.set_stale_after(Duration::from_millis(300));
        f.clone().spawn(Duration::from_millis(100));
        f
    }

    /// Two nodes and one writer on one PostgreSQL: a ban imposed through
    /// the writer is enforced by both nodes; a node whose database goes
    /// away keeps screening, reports stale, and after reconnecting catches
    /// up with no missing and no duplicate event (the hash-chain verifier
    /// checks every seq follows the one before).
    #[test]
    fn two_nodes_follow_one_writer() {
        runtime().block_on(async {
            let Some(t) = suite::Target::postgres("two_nodes_follow_one_writer").await else {
                return;
            };
            let url = t.url();
            let (p1, p2) = (
                TcpProxy::start(&proxy::upstream(&url)).await,
                TcpProxy::start(&proxy::upstream(&url)).await,
            );
            let n1 = node(&proxy::via(&url, p1.addr())).await;
            let n2 = node(&proxy::via(&url, p2.addr())).await;
            let a = Actor::parse("writer").unwrap();
            let today = time::OffsetDateTime::now_utc().date();
            let ivanov = named("IURII IVANOV", "1975-03-12");
            let kim = named("SERGEI KIM", "1969-01-02");

            // a ban through the writer reaches both nodes
            t.store
                .register_person(&a, suite::person("W-1").validate().unwrap())
                .await
                .unwrap();
            t.store
                .impose_ban(
                    &a,
                    &suite::ban("W-1", None),
                    WatchlistSource::NationalRegister,
                )
                .await
                .unwrap();
            let head = t.store.head().await.unwrap().0;
            until("both nodes applied the ban", || {
                n1.status().applied_seq == head && n2.status().applied_seq == head
            })
            .await;
            until("both nodes listen for commits", || {
                n1.status().listening && n2.status().listening
            })
            .await;
            for n in [&n1, &n2] {
                assert_eq!(n.screener().screen(&ivanov, today).decision, Verdict::Deny);
                assert!(!n.status().stale);
            }

            // node 1 loses its database
            p1.cut();
            let mut kim_person = suite::person("W-2");
            kim_person.names = vec![berkut_domain::NameInput::Full("Ким Сергей".into())];
            kim_person.birth_dates = vec!["1969-01-02".into()];
            t.store
                .register_person(&a, kim_person.validate().unwrap())
                .await
                .unwrap();
            t.store
                .impose_ban(
                    &a,
                    &suite::ban("W-2", None),
                    WatchlistSource::NationalRegister,
                )
                .await
                .unwrap();
            let head = t.store.head().await.unwrap().0;
            until("node 2 applied the second ban", || {
                n2.status().applied_seq == head
            })
            .await;
            assert_eq!(n2.screener().screen(&kim, today).decision, Verdict::Deny);
            until("node 1 reports stale", || n1.status().stale).await;
            let s = n1.status();
            assert!(!s.connected, "{s:?}");
            assert!(s.applied_seq < head);
            // ... and keeps screening on its last snapshot
            assert_eq!(n1.screener().screen(&ivanov, today).decision, Verdict::Deny);
            assert_eq!(n1.screener().screen(&kim, today).decision, Verdict::Clear);

            // the database comes back: node 1 catches up, exactly once each
            p1.restore();
            until("node 1 caught up", || {
                let s = n1.status();
                s.applied_seq == head && !s.stale && s.connected
            })
            .await;
            assert_eq!(
                n1.status().integrity,
                None,
                "a gap or duplicate would break the chain"
            );
            assert_eq!(n1.screener().screen(&kim, today).decision, Verdict::Deny);
            assert_eq!(
                n1.catch_up(|_| {}).await.unwrap(),
                0,
                "an event applied twice"
            );
        });
    }
}
