//! The real engine behind `/v1/screenings`: impose a ban through the API,
//! screen that person under another script, lift the ban, screen again.

use std::sync::Arc;

use berkut_api::{engine::EngineScreening, rbac::Role};
use berkut_engine::Policy;
use berkut_sync::Follower;
use berkut_testkit::suite::Target;
use serde_json::json;

use crate::support::{App, options};

async fn flow(target: Target) {
    let follower = Arc::new(
        Follower::bootstrap(target.open_another().await, Policy::default())
            .await
            .unwrap(),
    );
    let mut opts = options();
    opts.screening = Arc::new(EngineScreening::new(follower.clone(), None));
    let app = App::on(target, opts).await;
    let police = Role::MigrationPolice;
    let r = app
        .as_role(police, "POST", "/v1/persons", Some(json!({"id": "P-1", "names": ["Тоқаев Қасым-Жомарт"], "birth_dates": ["1953-05-17"]})))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app
        .as_role(police, "POST", "/v1/bans", Some(json!({"person_id": "P-1", "ground": "extremism", "authority": "MVD", "basis_kind": "court_decision", "basis_reference": "No. 1", "imposed_at": "2025-01-01"})))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let ban = r.body["id"].as_str().unwrap().to_string();
    follower.catch_up(|_| {}).await.unwrap();
    let traveller =
        json!({"id": "T-1", "names": ["KASSYM-JOMART TOKAYEV"], "birth_date": "1953-05-17"});
    let r = app
        .as_role(
            Role::BorderOfficer,
            "POST",
            "/v1/screenings",
            Some(traveller.clone()),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["decision"], "DENY", "{}", r.text);
    assert_eq!(r.body["matches"][0]["entry_id"], "registry:P-1");
    assert!(r.body["index_seq"].as_u64().unwrap() > 0);
    let r = app
        .as_role(
            police,
            "POST",
            &format!("/v1/bans/{ban}/lift"),
            Some(json!({"reason": "acquitted"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    follower.catch_up(|_| {}).await.unwrap();
    let r = app
        .as_role(
            Role::BorderOfficer,
            "POST",
            "/v1/screenings",
            Some(traveller),
        )
        .await;
    assert_eq!(r.body["decision"], "CLEAR", "{}", r.text);
    // Bad input to the real engine is still a 4xx.
    let r = app
        .as_role(
            Role::BorderOfficer,
            "POST",
            "/v1/screenings",
            Some(json!({"names": []})),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    let r = app
        .as_role(
            Role::BorderOfficer,
            "POST",
            "/v1/screenings",
            Some(json!({"mrz": ["P<KAZ", "garbage"]})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body["warnings"].to_string().contains("MRZ"), "{}", r.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ban_through_the_api_is_enforced_by_the_engine_sqlite() {
    flow(Target::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ban_through_the_api_is_enforced_by_the_engine_postgres() {
    if let Some(t) =
        Target::postgres("ban_through_the_api_is_enforced_by_the_engine_postgres").await
    {
        flow(t).await;
    }
}
