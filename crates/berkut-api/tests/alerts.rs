//! Attempts, alerts on the live stream and the review queue, through the
//! router with the real engine: impose a ban, screen the person under
//! another transliteration (DENY, an alert arrives on the SSE stream,
//! attempts = 1), resume the stream with `Last-Event-ID`, lift the ban
//! (CLEAR); a REFER resolved as a different person is not referred again
//! until the traveller's data change; resolved as the same person it
//! becomes a DENY with its alert.

use std::{sync::Arc, time::Duration};

use axum::http::StatusCode;
use berkut_api::{ServeOptions, engine::EngineScreening, rbac::Role};
use berkut_engine::Policy;
use berkut_sync::Follower;
use berkut_testkit::suite::Target;
use serde_json::{Value, json};

use crate::support::{App, Reply, assert_error};

const WAIT: Duration = Duration::from_secs(10);

struct Engine {
    app: App,
    follower: Arc<Follower>,
}

impl Engine {
    async fn on(target: Target, tune: impl FnOnce(&mut ServeOptions)) -> Engine {
        let follower = Arc::new(
            Follower::bootstrap(target.open_another().await, Policy::default())
                .await
                .unwrap(),
        );
        let mut opts = crate::support::options();
        opts.screening = Arc::new(EngineScreening::new(follower.clone(), None));
        tune(&mut opts);
        let app = App::on(target, opts).await;
        Engine { app, follower }
    }

    async fn screen(&self, traveller: Value) -> Reply {
        self.follower.catch_up(|_| {}).await.unwrap();
        let r = self
            .app
            .as_role(
                Role::BorderOfficer,
                "POST",
                "/v1/screenings",
                Some(traveller),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        r
    }

    async fn police(&self, method: &str, path: &str, body: Option<Value>) -> Reply {
        self.app
            .as_role(Role::MigrationPolice, method, path, body)
            .await
    }

    /// Register a person and ban them; the ban id.
    async fn banned(&self, person: Value) -> String {
        let id = person["id"].as_str().unwrap().to_string();
        let r = self.police("POST", "/v1/persons", Some(person)).await;
        assert_eq!(r.status, 201, "{}", r.text);
        let r = self
            .police(
                "POST",
                "/v1/bans",
                Some(json!({"person_id": id, "ground": "extremism", "authority": "MVD",
                    "basis_kind": "court_decision", "basis_reference": "No. 1", "imposed_at": "2025-01-01"})),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        r.body["id"].as_str().unwrap().to_string()
    }
}

fn tokayev() -> Value {
    json!({"id": "P-1", "names": ["Тоқаев Қасым-Жомарт"], "birth_dates": ["1953-05-17"]})
}

fn kassym(id: &str) -> Value {
    json!({"id": id, "names": ["KASSYM-JOMART TOKAYEV"], "birth_date": "1953-05-17",
        "document": {"number": "N0001234", "country": "KAZ", "type": "P"},
        "crossing_point": "KZ-ALA-AIRPORT", "direction": "entry", "purpose": "border",
        "at": "2026-11-27T08:00:00+06:00"})
}

async fn attempts(e: &Engine, ban: &str) -> u64 {
    let r = e.police("GET", &format!("/v1/bans/{ban}"), None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["attempts"].as_u64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_banned_person_at_the_border_raises_an_alert_on_the_stream_sqlite() {
    alert_flow(Target::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_banned_person_at_the_border_raises_an_alert_on_the_stream_postgres() {
    if let Some(t) =
        Target::postgres("a_banned_person_at_the_border_raises_an_alert_on_the_stream_postgres")
            .await
    {
        alert_flow(t).await;
    }
}

async fn alert_flow(target: Target) {
    // A stream that polls only once a minute: the alert must come by push.
    let e = Engine::on(target, |o| {
        o.alert_poll = Duration::from_secs(60);
    })
    .await;
    let ban = e.banned(tokayev()).await;
    assert_eq!(attempts(&e, &ban).await, 0);

    let mut police = e.app.stream(Role::MigrationPolice, None).await;
    let mut officer = e.app.stream(Role::BorderOfficer, None).await;
    // Nothing yet: the stream waits (and has read the store once).
    assert!(police.next(Duration::from_millis(300)).await.is_none());

    let r = e.screen(kassym("T-1")).await;
    assert_eq!(r.body["decision"], "DENY", "{}", r.text);
    let screening_id = r.body["screening_id"].as_str().unwrap().to_string();
    assert!(screening_id.starts_with("S-"), "{}", r.text);
    let alert_id = r.body["alert_ids"][0].as_str().unwrap().to_string();
    assert!(r.body["matches"][0]["deny"].as_bool().unwrap());

    let started = std::time::Instant::now();
    let ev = police
        .next(Duration::from_secs(5))
        .await
        .expect("alert pushed");
    eprintln!("alert reached the stream in {:?}", started.elapsed());
    assert_eq!(ev.event.as_deref(), Some("alert"));
    let first_seq = ev.id.unwrap();
    assert_eq!(ev.data["seq"].as_u64(), Some(first_seq));
    assert_eq!(ev.data["id"], alert_id.as_str());
    assert_eq!(ev.data["screening_id"], screening_id.as_str());
    assert_eq!(ev.data["entry_id"], "registry:P-1");
    assert_eq!(ev.data["ban_ids"], json!([ban]));
    assert_eq!(ev.data["ground"], "extremism");
    assert_eq!(ev.data["status"], "open");
    assert_eq!(ev.data["screened_by"], "user-border_officer");
    assert_eq!(ev.data["crossing"]["crossing_point"], "KZ-ALA-AIRPORT");
    assert_eq!(ev.data["traveller"]["document"]["number"], "N0001234");
    let mine = officer.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(mine.data["id"], alert_id.as_str());
    assert_eq!(attempts(&e, &ban).await, 1);

    // The screening and the attempt are events in the log.
    let events = {
        use berkut_store::Store;
        e.app.target.store.events_after(0, 10_000).await.unwrap()
    };
    let screening = events
        .iter()
        .find(|x| x.kind == "screening.recorded" && x.subject == screening_id)
        .expect("screening event");
    assert!(screening.payload.contains("\"decision\":\"DENY\""));
    let attempt = events
        .iter()
        .find(|x| x.kind == "attempt.recorded")
        .expect("attempt event");
    assert_eq!(
        (attempt.seq, attempt.subject.as_str()),
        (first_seq, alert_id.as_str())
    );

    // A second attempt; a reconnect after the first gets only the second.
    let r = e.screen(kassym("T-2")).await;
    assert_eq!(r.body["decision"], "DENY");
    let second = police.next(Duration::from_secs(5)).await.unwrap();
    assert!(second.id.unwrap() > first_seq);
    let mut resumed = e.app.stream(Role::MigrationPolice, Some(first_seq)).await;
    let again = resumed.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(again.id, second.id);
    assert!(
        resumed.next(Duration::from_millis(500)).await.is_none(),
        "a duplicate or more"
    );
    let mut from_start = e.app.stream(Role::Auditor, Some(0)).await;
    let ids = [
        from_start.next(WAIT).await.unwrap().id,
        from_start.next(WAIT).await.unwrap().id,
    ];
    assert_eq!(ids, [Some(first_seq), second.id]);
    assert_eq!(attempts(&e, &ban).await, 2);

    // Acknowledge and close (a note is required).
    let path = format!("/v1/alerts/{alert_id}");
    let r = e
        .police(
            "POST",
            &format!("{path}/ack"),
            Some(json!({"note": "on my way"})),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.body["status"].as_str()),
        (200, Some("acknowledged")),
        "{}",
        r.text
    );
    let r = e
        .police("POST", &format!("{path}/close"), Some(json!({})))
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("note"),
    );
    let r = e
        .police("POST", &format!("{path}/close"), Some(json!({"note": " "})))
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("note"),
    );
    let r = e
        .police(
            "POST",
            &format!("{path}/close"),
            Some(json!({"note": "detained"})),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.body["status"].as_str()),
        (200, Some("closed")),
        "{}",
        r.text
    );
    let r = e
        .police("POST", &format!("{path}/ack"), Some(json!({})))
        .await;
    assert_error(&r, StatusCode::CONFLICT, "invalid_transition", None);
    let r = e.police("GET", "/v1/alerts?status=open", None).await;
    assert_eq!(r.body["alerts"].as_array().unwrap().len(), 1, "{}", r.text);
    let r = e.police("GET", "/v1/alerts?status=closed", None).await;
    assert_eq!(r.body["alerts"][0]["note"], "detained", "{}", r.text);

    // Before the ban began, the same person is not denied (crossing time).
    let mut early = kassym("T-3");
    early["at"] = json!("2024-12-31T23:00:00Z");
    assert_eq!(e.screen(early).await.body["decision"], "CLEAR");

    // Lift the ban: CLEAR, no alert, attempts unchanged.
    let r = e
        .police(
            "POST",
            &format!("/v1/bans/{ban}/lift"),
            Some(json!({"reason": "acquitted"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = e.screen(kassym("T-4")).await;
    assert_eq!(r.body["decision"], "CLEAR", "{}", r.text);
    assert!(r.body.get("alert_ids").is_none(), "{}", r.text);
    assert!(police.next(Duration::from_millis(500)).await.is_none());
    assert_eq!(attempts(&e, &ban).await, 2);
}

/// Alerts committed by another server (here: straight into the shared
/// store) reach the stream by polling.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_from_another_node_arrive_by_polling() {
    let e = Engine::on(Target::sqlite().await, |o| {
        o.alert_poll = Duration::from_millis(100);
    })
    .await;
    e.app.person("W-1").await;
    e.app.ban("W-1").await;
    let mut s = e.app.stream(Role::Admin, None).await;
    assert!(s.next(Duration::from_millis(300)).await.is_none());
    let id = e.app.alert_fixture(Role::BorderOfficer, "W-1").await;
    let ev = s.next(Duration::from_secs(5)).await.expect("polled");
    assert_eq!(ev.data["id"], id.as_str());
}

fn askhat() -> Value {
    json!({"id": "P-2", "names": ["Нұрланов Асхат Серікұлы"], "birth_dates": ["1980-02-03"], "nationalities": ["KAZ"]})
}

fn traveller(doc: &str, birth: &str) -> Value {
    json!({"id": "T", "names": ["ASKHAT NURLANOV"], "birth_date": birth, "nationality": "KAZ",
        "document": {"number": doc, "country": "KAZ"}, "crossing_point": "KZ-NUR-1"})
}

async fn review_flow(target: Target) {
    let e = Engine::on(target, |_| {}).await;
    let ban = e.banned(askhat()).await;
    let r = e.screen(traveller("N0000001", "1980")).await;
    assert_eq!(r.body["decision"], "REFER", "{}", r.text);
    let review = r.body["review_ids"][0].as_str().unwrap().to_string();
    assert!(review.starts_with("R-"));

    let r = e.police("GET", "/v1/reviews", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let first = &r.body["reviews"][0];
    assert_eq!(
        (first["id"].as_str(), first["status"].as_str()),
        (Some(review.as_str()), Some("open"))
    );
    assert!(first["age_seconds"].as_u64().is_some());
    assert_eq!(first["entry_id"], "registry:P-2");
    let r = e
        .police("GET", &format!("/v1/reviews/{review}"), None)
        .await;
    assert_eq!(
        r.body["traveller"]["document"]["number"], "N0000001",
        "{}",
        r.text
    );
    assert!(!r.body["evidence"].as_array().unwrap().is_empty());

    // Bad resolutions.
    let path = format!("/v1/reviews/{review}/resolve");
    let r = e
        .police("POST", &path, Some(json!({"outcome": "different_person"})))
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("note"),
    );
    let r = e
        .police(
            "POST",
            &path,
            Some(json!({"outcome": "maybe", "note": "x"})),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("outcome"),
    );
    let r = e
        .app
        .as_role(
            Role::BorderOfficer,
            "POST",
            &path,
            Some(json!({"outcome": "different_person", "note": "x"})),
        )
        .await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden", None);

    // Different person: the same traveller data is not referred again.
    let r = e
        .police(
            "POST",
            &path,
            Some(json!({"outcome": "different_person", "note": "older, other birthplace"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["screening_decision"], "REFER");
    assert_eq!(r.body["review"]["outcome"], "different_person");
    let r = e
        .police(
            "POST",
            &path,
            Some(json!({"outcome": "same_person", "note": "x"})),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "invalid_transition", None);

    let r = e.screen(traveller("N0000001", "1980")).await;
    assert_eq!(r.body["decision"], "CLEAR", "{}", r.text);
    assert!(r.body.get("review_ids").is_none(), "{}", r.text);
    let reasons = r.body["reasons"].to_string();
    assert!(
        reasons.contains(&format!(
            "previously resolved as a different person by review {review}"
        )),
        "{reasons}"
    );
    // The same data in another case and spacing is the same traveller.
    let mut same = traveller("n0000001", "1980");
    same["names"] = json!(["askhat  nurlanov"]);
    assert_eq!(e.screen(same).await.body["decision"], "CLEAR");

    // Changed data reopens the question: another document, another birth date.
    let r = e.screen(traveller("N0000002", "1980")).await;
    assert_eq!(r.body["decision"], "REFER", "{}", r.text);
    let r2 = r.body["review_ids"][0].as_str().unwrap().to_string();
    let r = e.screen(traveller("N0000001", "1980-02")).await;
    assert_eq!(r.body["decision"], "REFER", "{}", r.text);

    // Same person: the screening becomes DENY and the alert fires.
    let mut s = e.app.stream(Role::MigrationPolice, None).await;
    let r = e
        .police(
            "POST",
            &format!("/v1/reviews/{r2}/resolve"),
            Some(json!({"outcome": "same_person", "note": "fingerprints match"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["screening_decision"], "DENY", "{}", r.text);
    let alert = r.body["alert"]["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["alert"]["review_id"], r2.as_str());
    let ev = s.next(WAIT).await.expect("alert on the stream");
    assert_eq!(ev.data["id"], alert.as_str());
    assert_eq!(ev.data["ban_ids"], json!([ban]));
    assert_eq!(attempts(&e, &ban).await, 1);
    let events = {
        use berkut_store::Store;
        e.app.target.store.events_after(0, 10_000).await.unwrap()
    };
    assert!(
        events
            .iter()
            .any(|x| x.kind == "screening.revised" && x.payload.contains(&r2))
    );
    // Open items first: the REFER still open comes before the resolved ones.
    let r = e.police("GET", "/v1/reviews", None).await;
    let statuses: Vec<&str> = r.body["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["open", "resolved", "resolved"], "{}", r.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_queue_remembers_different_persons_sqlite() {
    review_flow(Target::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_queue_remembers_different_persons_postgres() {
    if let Some(t) = Target::postgres("review_queue_remembers_different_persons_postgres").await {
        review_flow(t).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_screens_in_order_and_refuses_more_than_a_thousand() {
    let e = Engine::on(Target::sqlite().await, |_| {}).await;
    e.banned(tokayev()).await;
    e.follower.catch_up(|_| {}).await.unwrap();
    let body = json!({"travellers": [
        {"id": "A", "names": ["JOHN SMITH"], "birth_date": "1990-01-01"},
        kassym("B"),
        {"id": "C", "names": ["TOKAYEV"], "birth_date": "1953", "direction": "exit"},
    ]});
    let r = e
        .app
        .as_role(
            Role::BorderOfficer,
            "POST",
            "/v1/screenings:batch",
            Some(body),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let results = r.body["results"].as_array().unwrap();
    let ids: Vec<&str> = results.iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["A", "B", "C"]);
    assert_eq!(results[0]["decision"], "CLEAR");
    assert_eq!(results[1]["decision"], "DENY");
    let sids: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|x| x["screening_id"].as_str().unwrap())
        .collect();
    assert_eq!(sids.len(), 3);
    assert_eq!(results[1]["alert_ids"].as_array().unwrap().len(), 1);

    let one = json!({"names": ["A B"]});
    let r = e
        .app
        .as_role(
            Role::BorderOfficer,
            "POST",
            "/v1/screenings:batch",
            Some(json!({"travellers": vec![one.clone(); 1001]})),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "batch_too_large",
        Some("travellers"),
    );
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("1000"),
        "{}",
        r.text
    );
    let started = std::time::Instant::now();
    let r = e
        .app
        .as_role(
            Role::BorderOfficer,
            "POST",
            "/v1/screenings:batch",
            Some(json!({"travellers": vec![one.clone(); 1000]})),
        )
        .await;
    eprintln!(
        "a batch of 1000 screened and recorded in {:?}",
        started.elapsed()
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["results"].as_array().unwrap().len(), 1000);
    let r = e
        .app
        .as_role(
            Role::BorderOfficer,
            "POST",
            "/v1/screenings:batch",
            Some(json!({"travellers": [one, {"names": []}]})),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("travellers[1].names"),
    );
    let r = e
        .app
        .as_role(
            Role::BorderOfficer,
            "POST",
            "/v1/screenings:batch",
            Some(json!({"travellers": []})),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("travellers"),
    );
}

/// Unknown ids, missing fields and bad values are 4xx naming what is wrong.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_on_alerts_reviews_and_screenings() {
    let app = App::sqlite().await;
    let admin = Role::Admin;
    for (method, path, body, status, code, field) in [
        (
            "GET",
            "/v1/alerts/AL-nope",
            None,
            404,
            "alert_not_found",
            Some("alert_id"),
        ),
        (
            "POST",
            "/v1/alerts/AL-nope/ack",
            Some(json!({})),
            404,
            "alert_not_found",
            Some("alert_id"),
        ),
        (
            "POST",
            "/v1/alerts/AL-nope/close",
            Some(json!({"note": "x"})),
            404,
            "alert_not_found",
            Some("alert_id"),
        ),
        (
            "POST",
            "/v1/alerts/AL-nope/close",
            Some(json!({})),
            422,
            "validation_failed",
            Some("note"),
        ),
        (
            "GET",
            "/v1/reviews/R-nope",
            None,
            404,
            "review_not_found",
            Some("review_id"),
        ),
        (
            "POST",
            "/v1/reviews/R-nope/resolve",
            Some(json!({"outcome": "same_person", "note": "x"})),
            404,
            "review_not_found",
            Some("review_id"),
        ),
        (
            "POST",
            "/v1/reviews/R-nope/resolve",
            Some(json!({"outcome": "same_person"})),
            422,
            "validation_failed",
            Some("note"),
        ),
        (
            "GET",
            "/v1/alerts?status=lost",
            None,
            422,
            "validation_failed",
            Some("status"),
        ),
        (
            "GET",
            "/v1/alerts?limit=0",
            None,
            422,
            "validation_failed",
            Some("limit"),
        ),
        (
            "GET",
            "/v1/reviews?status=maybe",
            None,
            422,
            "validation_failed",
            Some("status"),
        ),
        (
            "POST",
            "/v1/screenings",
            Some(json!({"names": ["A"], "direction": "sideways"})),
            422,
            "validation_failed",
            Some("direction"),
        ),
        (
            "POST",
            "/v1/screenings",
            Some(json!({"names": ["A"], "purpose": "tourism"})),
            422,
            "validation_failed",
            Some("purpose"),
        ),
        (
            "POST",
            "/v1/screenings",
            Some(json!({"names": ["A"], "at": "yesterday"})),
            422,
            "validation_failed",
            Some("at"),
        ),
        (
            "POST",
            "/v1/screenings:batch",
            Some(json!({"travellers": [{"names": ["A"], "at": "2026-13-01T00:00:00Z"}]})),
            422,
            "validation_failed",
            Some("travellers[0].at"),
        ),
        (
            "POST",
            "/v1/screenings:batch",
            Some(json!({"people": []})),
            422,
            "validation_failed",
            Some("people"),
        ),
    ] {
        let r = app.as_role(admin, method, path, body).await;
        assert_error(&r, StatusCode::from_u16(status).unwrap(), code, field);
    }
    let req = axum::http::Request::get("/v1/alerts/stream")
        .header("authorization", format!("Bearer {}", app.token(admin)))
        .header("last-event-id", "abc")
        .body(axum::body::Body::empty())
        .unwrap();
    let r = app.send(req).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("Last-Event-ID"),
    );
}
