//! The key flows, on SQLite and on PostgreSQL: register, impose, read,
//! search, lift, history, entries and sources; every read is an
//! `audit.read` event by the token's user; the chain stays intact.

use axum::http::StatusCode;
use berkut_api::Role;
use berkut_domain::{
    Actor, EventBody,
    watchlist::{EntryKind, ListKind, ListedEntry, ListedName},
};
use berkut_store::{ChainReport, ImportBatch, ImportOptions, Store};
use berkut_testkit::runtime;
use serde_json::json;

use crate::support::{App, ban_body, person_body};

async fn key_flows(app: App) {
    let police = Role::MigrationPolice;
    let r = app
        .as_role(police, "POST", "/v1/persons", Some(person_body("W-000123")))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["id"], "W-000123");
    assert_eq!(r.body["names"][0]["script"], "cyrillic");
    assert_eq!(r.body["names"][1]["kind"], "transliteration");
    assert_eq!(r.body["birth_dates"], json!(["1975-03"]));

    let r = app
        .as_role(police, "POST", "/v1/bans", Some(ban_body("W-000123")))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("B-"));
    assert_eq!(r.body["status"], json!({"state": "active"}));
    assert_eq!(r.body["term"], json!({"type": "permanent"}));

    let r = app
        .as_role(Role::BorderOfficer, "GET", &format!("/v1/bans/{id}"), None)
        .await;
    assert_eq!(
        (r.status, r.body["ground"].as_str()),
        (StatusCode::OK, Some("terrorism"))
    );

    let r = app
        .as_role(
            Role::BorderOfficer,
            "GET",
            "/v1/bans?status=active&ground=terrorism&person_id=W-000123",
            None,
        )
        .await;
    assert_eq!(
        r.body["bans"].as_array().map(Vec::len),
        Some(1),
        "{}",
        r.text
    );
    let r = app
        .as_role(Role::BorderOfficer, "GET", "/v1/bans?status=lifted", None)
        .await;
    assert_eq!(
        r.body["bans"].as_array().map(Vec::len),
        Some(0),
        "{}",
        r.text
    );

    let r = app
        .as_role(
            police,
            "POST",
            &format!("/v1/bans/{id}/lift"),
            Some(json!({"reason": "court annulled the decision", "on": "2026-01-05"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.body["status"],
        json!({"state": "lifted", "on": "2026-01-05", "reason": "court annulled the decision"})
    );

    let r = app
        .as_role(
            Role::Auditor,
            "GET",
            &format!("/v1/bans/{id}/history"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let kinds: Vec<&str> = r.body["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["ban.imposed", "ban.lifted"]);
    assert_eq!(r.body["changes"][1]["actor"], "user-migration_police");

    let r = app
        .as_role(
            Role::CitizenshipOfficer,
            "GET",
            "/v1/persons/W-000123",
            None,
        )
        .await;
    assert_eq!(
        (r.status, &r.body["documents"][0]["number"]),
        (StatusCode::OK, &json!("N1234567"))
    );

    // A watchlist entry and its source.
    let mut entry = ListedEntry::new("QDi.001", ListKind::UnSc, EntryKind::Individual);
    entry.names.push(ListedName::strong(
        berkut_domain::PersonName::new("IVANOV IURII", berkut_domain::NameKind::Primary).unwrap(),
    ));
    let batch = ImportBatch {
        source: "un_sc_consolidated".into(),
        list: ListKind::UnSc,
        version: "2026-11-01".into(),
        content_hash: "00".repeat(32),
        entries: vec![entry],
    };
    app.target
        .store
        .import_source(
            &Actor::parse("importer").unwrap(),
            &batch,
            ImportOptions::default(),
        )
        .await
        .unwrap();
    let r = app
        .as_role(Role::BorderOfficer, "GET", "/v1/sources", None)
        .await;
    assert_eq!(
        r.body["sources"][0]["name"], "un_sc_consolidated",
        "{}",
        r.text
    );
    assert_eq!(r.body["sources"][0]["entries"], 1);
    let r = app
        .as_role(
            Role::BorderOfficer,
            "GET",
            "/v1/entries/un_sc_consolidated:QDi.001",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["status"], "listed");
    assert_eq!(r.body["entry"]["source_id"], "QDi.001");

    // Every read of personal data is an event, by the reading user.
    let events = app.target.store.events_after(0, 1000).await.unwrap();
    let reads: Vec<(String, String, String)> = events
        .iter()
        .filter(|e| e.kind == "audit.read")
        .map(|e| {
            let EventBody::PersonalDataRead(r) = EventBody::decode(&e.kind, &e.payload).unwrap()
            else {
                panic!("not a read")
            };
            (e.actor.clone(), r.what, r.subject)
        })
        .collect();
    assert_eq!(
        reads,
        [
            ("user-border_officer".into(), "ban".into(), id.clone()),
            (
                "user-border_officer".into(),
                "bans".into(),
                "status=active ground=terrorism person_id=W-000123".into()
            ),
            (
                "user-border_officer".into(),
                "bans".into(),
                "status=lifted ground=* person_id=*".into()
            ),
            ("user-auditor".into(), "ban_history".into(), id.clone()),
            (
                "user-citizenship_officer".into(),
                "person".into(),
                "W-000123".into()
            ),
            (
                "user-border_officer".into(),
                "entry".into(),
                "un_sc_consolidated:QDi.001".into()
            ),
        ]
    );
    // Users and tokens are events too; no token or hash reaches the log.
    assert_eq!(
        events.iter().filter(|e| e.kind == "user.created").count(),
        6
    );
    assert_eq!(
        events.iter().filter(|e| e.kind == "token.created").count(),
        6
    );
    for e in &events {
        for t in app.tokens.values() {
            assert!(!e.payload.contains(t.as_str()));
            assert!(!e.payload.contains(&berkut_api::hash_token(t)));
        }
    }
    assert!(matches!(
        app.target.store.verify_chain().await.unwrap(),
        ChainReport::Intact { .. }
    ));
}

#[test]
fn key_flows_on_sqlite() {
    runtime().block_on(async { key_flows(App::sqlite().await).await });
}

#[test]
fn key_flows_on_postgres() {
    runtime().block_on(async {
        if let Some(app) = App::postgres("berkut-api::key_flows_on_postgres").await {
            key_flows(app).await;
        }
    });
}

#[test]
fn bad_input_on_postgres_is_the_same() {
    runtime().block_on(async {
        let Some(app) = App::postgres("berkut-api::bad_input_on_postgres_is_the_same").await else {
            return;
        };
        let r = app
            .as_role(Role::Admin, "POST", "/v1/bans", Some(ban_body("W-404")))
            .await;
        crate::support::assert_error(
            &r,
            StatusCode::NOT_FOUND,
            "person_not_found",
            Some("person_id"),
        );
        let r = app
            .as_role(Role::Admin, "POST", "/v1/bans/B-1/lift", Some(json!({})))
            .await;
        crate::support::assert_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("reason"),
        );
        let r = app.call("GET", "/v1/sources", Some("bk_wrong"), None).await;
        crate::support::assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
    });
}

#[test]
fn tokens_are_checked_against_the_users_role() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        let admin = Actor::parse("setup").unwrap();
        let e =
            berkut_api::create_token(&app.target.store, &admin, "user-auditor", Role::Admin, "x")
                .await
                .unwrap_err();
        assert!(
            matches!(e, berkut_api::ServiceError::RoleMismatch { .. }),
            "{e}"
        );
        let e = berkut_api::create_token(&app.target.store, &admin, "nobody", Role::Admin, "x")
            .await
            .unwrap_err();
        assert!(e.to_string().contains("user not found"), "{e}");
        let t = berkut_api::create_token(
            &app.target.store,
            &admin,
            "user-auditor",
            Role::Auditor,
            "laptop",
        )
        .await
        .unwrap();
        assert!(
            !format!("{t:?}").contains(&t.token),
            "Debug must not show the secret"
        );
        let r = app.call("GET", "/v1/sources", Some(&t.token), None).await;
        assert_eq!(r.status, StatusCode::OK);
        berkut_api::revoke_token(&app.target.store, &admin, &t.info.id)
            .await
            .unwrap();
        let r = app.call("GET", "/v1/sources", Some(&t.token), None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    });
}

/// With the token cache on, a token revoked by another process (the CLI)
/// keeps working at most `token_cache` longer, then is refused.
#[test]
fn revocation_reaches_a_cached_token_within_its_lifetime() {
    runtime().block_on(async {
        let ttl = std::time::Duration::from_millis(300);
        let app = App::sqlite_with(berkut_api::ServeOptions {
            token_cache: ttl,
            ..crate::support::options()
        })
        .await;
        let admin = berkut_domain::Actor::parse("setup").unwrap();
        let t = berkut_api::create_token(
            &app.target.store,
            &admin,
            "user-auditor",
            Role::Auditor,
            "cached",
        )
        .await
        .unwrap();
        let r = app.call("GET", "/v1/sources", Some(&t.token), None).await;
        assert_eq!(r.status, StatusCode::OK);
        berkut_api::revoke_token(&app.target.store, &admin, &t.info.id)
            .await
            .unwrap();
        tokio::time::sleep(ttl + std::time::Duration::from_millis(100)).await;
        let r = app.call("GET", "/v1/sources", Some(&t.token), None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
    });
}
