//! Migration control about people (issue #7) through the router with the
//! real engine, on SQLite and PostgreSQL: citizenship applications against
//! a ban registered in another script, an entry without exit past the
//! allowed stay, a new ban against someone already in the country, reports,
//! and bad input that stores nothing.

use std::sync::Arc;

use axum::http::StatusCode;
use berkut_api::{engine::EngineScreening, people, rbac::Role};
use berkut_control::RescreenConfig;
use berkut_domain::Actor;
use berkut_engine::Policy;
use berkut_store::{PeopleStore, Store};
use berkut_sync::Follower;
use berkut_testkit::suite::Target;
use serde_json::{Value, json};

use crate::support::{App, assert_error, options};

async fn app_with_engine(target: Target) -> (App, Arc<Follower>) {
    let follower = Arc::new(
        Follower::bootstrap(target.open_another().await, Policy::default())
            .await
            .unwrap(),
    );
    let mut opts = options();
    opts.screening = Arc::new(EngineScreening::new(follower.clone(), None));
    (App::on(target, opts).await, follower)
}

/// Register a person through the API and ban them on `ground`; the ban id.
async fn banned(app: &App, id: &str, names: Value, born: &str, ground: &str) -> String {
    let police = Role::MigrationPolice;
    let r = app
        .as_role(
            police,
            "POST",
            "/v1/persons",
            Some(json!({"id": id, "names": names, "birth_dates": [born], "nationalities": ["RUS"], "sex": "M"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app
        .as_role(
            police,
            "POST",
            "/v1/bans",
            Some(json!({"person_id": id, "ground": ground, "authority": "Court of Almaty", "basis_kind": "court_decision", "basis_reference": "No. 2-77/2024", "imposed_at": "2024-06-01"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

fn days_ago(n: i64) -> String {
    let t = time::OffsetDateTime::now_utc() - time::Duration::days(n);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

async fn head(app: &App) -> u64 {
    app.target.store.head().await.unwrap().0
}

async fn citizenship(target: Target) {
    let (app, follower) = app_with_engine(target).await;
    let ban = banned(
        &app,
        "P-1",
        json!(["Иванов Юрий Петрович"]),
        "1975-03-12",
        "sexual_offence_against_minor",
    )
    .await;
    follower.catch_up(|_| {}).await.unwrap();
    let officer = Role::CitizenshipOfficer;
    // the same person under a Latin spelling
    let r = app
        .as_role(
            officer,
            "POST",
            "/v1/citizenship/applications",
            Some(json!({"kind": "naturalisation", "names": ["Yuriy Ivanov"], "birth_date": "1975-03-12", "nationality": "RUS"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["status"], "refused", "{}", r.text);
    assert_eq!(r.body["ground"], "sexual_offence_against_minor");
    assert_eq!(r.body["ban"], ban.as_str(), "{}", r.text);
    assert_eq!(r.body["state"], "screened");
    let refused = r.body["id"].as_str().unwrap().to_string();
    // someone else is eligible
    let gen_iin = berkut_documents::generate_iin(
        time::macros::date!(1990 - 05 - 05),
        berkut_documents::IinSex::Female,
        17,
    )
    .unwrap();
    let r = app
        .as_role(
            officer,
            "POST",
            "/v1/citizenship/applications",
            Some(json!({"kind": "kandas", "names": ["Айгерим Бекова"], "birth_date": "1990-05-05", "iin": gen_iin, "documents": [{"number": "N0000001", "country": "MNG"}]})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["status"], "eligible", "{}", r.text);
    let eligible = r.body["id"].as_str().unwrap().to_string();

    // the law bars granting a refused application
    let path = format!("/v1/citizenship/applications/{refused}/decision");
    let r = app
        .as_role(
            officer,
            "POST",
            &path,
            Some(json!({"decision": "granted", "reason": "looks fine"})),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "invalid_transition", None);
    let before = head(&app).await;
    let r = app
        .as_role(
            officer,
            "POST",
            &path,
            Some(json!({"decision": "refused", "reason": "  "})),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("reason"),
    );
    let r = app
        .as_role(officer, "POST", &path, Some(json!({"decision": "refused"})))
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("reason"),
    );
    let r = app
        .as_role(
            officer,
            "POST",
            "/v1/citizenship/applications/CA-nope/decision",
            Some(json!({"decision": "refused", "reason": "x"})),
        )
        .await;
    assert_error(
        &r,
        StatusCode::NOT_FOUND,
        "not_found",
        Some("application_id"),
    );
    let r = app
        .as_role(
            officer,
            "POST",
            "/v1/citizenship/applications",
            Some(json!({"kind": "naturalisation", "names": ["Someone"], "iin": "900101300001"})),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("iin"),
    );
    let r = app
        .as_role(
            officer,
            "POST",
            "/v1/citizenship/applications",
            Some(json!({"kind": "tourism", "names": ["Someone"]})),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("kind"),
    );
    assert_eq!(head(&app).await, before, "rejected commands stored nothing");

    let r = app
        .as_role(
            officer,
            "POST",
            &path,
            Some(json!({"decision": "refused", "reason": "ban for a sexual offence against a minor"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["decision"], "refused");
    assert_eq!(r.body["state"], "decided");
    // final is final
    let r = app
        .as_role(
            officer,
            "POST",
            &path,
            Some(json!({"decision": "refused", "reason": "again"})),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "invalid_transition", None);
    let r = app
        .as_role(
            officer,
            "POST",
            &format!("/v1/citizenship/applications/{eligible}/decision"),
            Some(json!({"decision": "granted", "reason": "all checks passed"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["decision"], "granted");

    // history, and the read is audited
    let before = head(&app).await;
    let r = app
        .as_role(
            Role::Auditor,
            "GET",
            &format!("/v1/citizenship/applications/{refused}"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let states: Vec<&str> = r.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["submitted", "screened", "decided"]);
    assert!(
        r.body["history"][1]["summary"]
            .as_str()
            .unwrap()
            .contains(&ban),
        "{}",
        r.text
    );
    let after = app.target.store.events_after(before, 10).await.unwrap();
    assert!(
        after
            .iter()
            .any(|e| e.kind == "audit.read" && e.subject == refused),
        "{after:?}"
    );
    let r = app
        .as_role(
            officer,
            "GET",
            "/v1/citizenship/applications?status=granted",
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["applications"].as_array().unwrap().len(), 1);
    assert_eq!(r.body["applications"][0]["id"], eligible.as_str());
    let r = app
        .as_role(
            officer,
            "GET",
            "/v1/citizenship/applications?status=maybe",
            None,
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("status"),
    );
    // a border officer cannot read applications
    let r = app
        .as_role(
            Role::BorderOfficer,
            "GET",
            "/v1/citizenship/applications",
            None,
        )
        .await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden", None);
}

async fn overstays(target: Target) {
    let (app, _follower) = app_with_engine(target).await;
    let border = Role::BorderOfficer;
    let police = Role::MigrationPolice;
    // entered 40 days ago, never left: 30 days per entry by default
    let r = app
        .as_role(
            border,
            "POST",
            "/v1/screenings",
            Some(json!({"names": ["BOBUR KARIMOV"], "birth_date": "1991-02-03", "nationality": "UZB", "document": {"number": "FA1234567", "country": "UZB"}, "crossing_point": "Zhibek Zholy", "at": days_ago(40)})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["decision"], "CLEAR", "{}", r.text);
    // another entered 5 days ago and left yesterday
    for (direction, at) in [("entry", days_ago(5)), ("exit", days_ago(1))] {
        let r = app
            .as_role(
                border,
                "POST",
                "/v1/screenings",
                Some(json!({"names": ["DILNOZA YUSUPOVA"], "nationality": "UZB", "document": {"number": "FB7654321", "country": "UZB"}, "direction": direction, "at": at})),
            )
            .await;
        assert_eq!(r.body["decision"], "CLEAR", "{}", r.text);
    }
    let r = app.as_role(police, "GET", "/v1/stays", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let stays = r.body["stays"].as_array().unwrap().clone();
    assert_eq!(stays.len(), 2, "{}", r.text);
    let open = stays.iter().find(|s| s["status"] == "open").unwrap();
    let closed = stays.iter().find(|s| s["status"] == "closed").unwrap();
    assert_eq!(open["days_over"], 11, "{open}");
    assert_eq!(open["rule"], "visa_free_default");
    assert_eq!(closed["days_over"], 0, "{closed}");
    assert!(closed["exit_on"].is_string(), "{closed}");
    let stay = open["id"].as_str().unwrap().to_string();

    // the check raises one alert, once
    let r = app
        .as_role(police, "POST", "/v1/overstays:check", None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["checked"], 1);
    let alerts = r.body["alert_ids"].as_array().unwrap().clone();
    assert_eq!(alerts.len(), 1, "{}", r.text);
    let r = app
        .as_role(police, "POST", "/v1/overstays:check", None)
        .await;
    assert_eq!(r.body["overstays"], 1, "{}", r.text);
    assert_eq!(r.body["alert_ids"], json!([]), "{}", r.text);
    let alert = alerts[0].as_str().unwrap();
    let r = app
        .as_role(police, "GET", &format!("/v1/alerts/{alert}"), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["kind"], "overstay", "{}", r.text);
    assert_eq!(r.body["entry_id"], format!("stay:{stay}"));
    assert_eq!(r.body["detail"]["days_over"], 11, "{}", r.text);
    assert_eq!(r.body["traveller"]["names"][0], "BOBUR KARIMOV");
    let r = app
        .as_role(police, "GET", "/v1/stays?status=overstay", None)
        .await;
    assert_eq!(r.body["stays"].as_array().unwrap().len(), 1, "{}", r.text);
    assert_eq!(r.body["stays"][0]["overstay_alert_id"], alert);

    // bad input names the field
    let before = head(&app).await;
    let r = app.as_role(police, "GET", "/v1/stays/ST-nope", None).await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", Some("stay_id"));
    let r = app
        .as_role(
            police,
            "POST",
            "/v1/stays/ST-nope/ban-proposal",
            Some(json!({})),
        )
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found", Some("stay_id"));
    let r = app
        .as_role(police, "GET", "/v1/stays?status=gone", None)
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("status"),
    );
    let closed_id = closed["id"].as_str().unwrap();
    let r = app
        .as_role(
            police,
            "POST",
            &format!("/v1/stays/{closed_id}/ban-proposal"),
            Some(json!({})),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "invalid_transition", None);
    assert_eq!(head(&app).await, before, "rejected commands stored nothing");

    // the overstay becomes a migration_violation ban, once confirmed
    let r = app
        .as_role(
            police,
            "POST",
            &format!("/v1/stays/{stay}/ban-proposal"),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["ground"], "migration_violation");
    assert!(
        r.body["basis"].as_str().unwrap().contains("11 day(s) over"),
        "{}",
        r.text
    );
    let proposal = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .as_role(
            police,
            "POST",
            &format!("/v1/stays/{stay}/ban-proposal"),
            Some(json!({})),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "invalid_transition", None);
    let r = app
        .as_role(
            police,
            "POST",
            &format!("/v1/ban-proposals/{proposal}/reject"),
            Some(json!({"reason": ""})),
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("reason"),
    );
    let r = app
        .as_role(
            police,
            "POST",
            &format!("/v1/ban-proposals/{proposal}/confirm"),
            Some(json!({"authority": "Migration Police of Almaty", "basis_reference": "Protocol 55", "until": "2031-01-01"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["proposal"]["status"], "confirmed");
    assert_eq!(r.body["ban"]["ground"], "migration_violation");
    let ban_id = r.body["ban"]["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["proposal"]["ban_id"], ban_id.as_str());
    let r = app
        .as_role(police, "GET", &format!("/v1/bans/{ban_id}"), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["person_id"], format!("P-{stay}"));
    let r = app
        .as_role(
            police,
            "POST",
            &format!("/v1/ban-proposals/{proposal}/confirm"),
            Some(json!({"authority": "x", "basis_reference": "y"})),
        )
        .await;
    assert_error(&r, StatusCode::CONFLICT, "invalid_transition", None);

    // reports
    let r = app
        .as_role(
            Role::Auditor,
            "GET",
            "/v1/reports/overstays?format=csv",
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let lines: Vec<&str> = r.text.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.text);
    assert!(lines[0].starts_with("stay_id,status,entry_on"));
    assert!(lines[1].starts_with(&stay), "{}", r.text);
    let r = app
        .as_role(Role::Auditor, "GET", "/v1/reports/alerts", None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body["rows"],
        json!([["overstay", "open", "1"]]),
        "{}",
        r.text
    );
    let r = app
        .as_role(
            Role::Auditor,
            "GET",
            "/v1/reports/refusals?by=nothing",
            None,
        )
        .await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("by"),
    );
    let r = app
        .as_role(Role::BorderOfficer, "GET", "/v1/reports/alerts", None)
        .await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden", None);
}

async fn rescreening(target: Target) {
    let (app, follower) = app_with_engine(target).await;
    let border = Role::BorderOfficer;
    // in the country since yesterday
    let r = app
        .as_role(
            border,
            "POST",
            "/v1/screenings",
            Some(json!({"names": ["SERGEI PETROV"], "birth_date": "1980-01-01", "nationality": "RUS", "document": {"number": "753001122", "country": "RUS"}, "crossing_point": "Almaty airport", "at": days_ago(1)})),
        )
        .await;
    assert_eq!(r.body["decision"], "CLEAR", "{}", r.text);
    // and applying for citizenship
    let r = app
        .as_role(
            Role::CitizenshipOfficer,
            "POST",
            "/v1/citizenship/applications",
            Some(json!({"kind": "naturalisation", "names": ["Sergey Petrov"], "birth_date": "1980-01-01", "nationality": "RUS"})),
        )
        .await;
    assert_eq!(r.body["status"], "eligible", "{}", r.text);
    let application = r.body["id"].as_str().unwrap().to_string();
    // someone else, also in the country
    let r = app
        .as_role(
            border,
            "POST",
            "/v1/screenings",
            Some(json!({"names": ["AIDANA NURLANOVA"], "birth_date": "1995-07-07", "nationality": "KGZ", "at": days_ago(2)})),
        )
        .await;
    assert_eq!(r.body["decision"], "CLEAR", "{}", r.text);
    // and working here: a foreign worker registered by his employer
    let employer = crate::labour::bin(4242);
    let r = app
        .as_role(
            Role::LabourInspector,
            "POST",
            "/v1/employers",
            Some(crate::labour::employer_body(&employer, "KZ-75")),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let mut w = crate::labour::worker_body(&employer, "P-W1", "2026-01-01", "2026-12-31");
    w["person"]["names"] = json!(["Petrov Sergey"]);
    w["person"]["birth_dates"] = json!(["1980-01-01"]);
    let r = app
        .as_role(Role::LabourInspector, "POST", "/v1/workers", Some(w))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let worker = r.body["id"].as_str().unwrap().to_string();

    let actor = Actor::parse("berkut-rescreen").unwrap();
    let config = RescreenConfig::default();
    let (run, _) = people::rescreen_all(&app.target.store, &actor, &config)
        .await
        .unwrap();
    assert!(run.alert_ids.is_empty(), "{run:?}");

    // a new terrorism ban, registered in Cyrillic
    let ban = banned(
        &app,
        "P-9",
        json!(["Петров Сергей"]),
        "1980-01-01",
        "terrorism",
    )
    .await;
    follower.catch_up(|_| {}).await.unwrap();
    let (run, alerts) = people::rescreen_all(&app.target.store, &actor, &config)
        .await
        .unwrap();
    assert_eq!(run.entries, 1, "{run:?}");
    assert_eq!(alerts.len(), 3, "{alerts:?}");
    let kinds: Vec<&str> = alerts
        .iter()
        .map(|a| a.detail.as_ref().unwrap()["member_kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"in_country")
            && kinds.contains(&"pending_applicant")
            && kinds.contains(&"registered_worker"),
        "{kinds:?}"
    );
    let on_worker = alerts
        .iter()
        .find(|a| a.detail.as_ref().unwrap()["member_kind"] == "registered_worker")
        .unwrap();
    assert_eq!(
        on_worker.detail.as_ref().unwrap()["member_id"],
        worker.as_str()
    );
    for a in &alerts {
        assert_eq!(a.kind, "rescreen");
        assert_eq!(a.attempt.entry_id, "registry:P-9");
        assert_eq!(a.attempt.ban_ids, vec![ban.clone()]);
        assert_eq!(a.attempt.ground.as_deref(), Some("terrorism"));
    }
    let in_country = alerts
        .iter()
        .find(|a| a.detail.as_ref().unwrap()["member_kind"] == "in_country")
        .unwrap();
    let r = app
        .as_role(
            Role::MigrationPolice,
            "GET",
            &format!("/v1/alerts/{}", in_country.id),
            None,
        )
        .await;
    assert_eq!(r.body["kind"], "rescreen", "{}", r.text);
    assert_eq!(r.body["traveller"]["names"][0], "SERGEI PETROV");
    assert_eq!(r.body["crossing"]["crossing_point"], "Almaty airport");
    // the pending application is refused by the new ban
    let r = app
        .as_role(
            Role::CitizenshipOfficer,
            "GET",
            &format!("/v1/citizenship/applications/{application}"),
            None,
        )
        .await;
    assert_eq!(r.body["status"], "refused", "{}", r.text);
    assert_eq!(r.body["ban"], ban.as_str(), "{}", r.text);
    // a restart (another handle, the persisted cursor) repeats nothing
    let again = app.target.open_another().await;
    let (run, alerts) = people::rescreen_all(&again, &actor, &config).await.unwrap();
    assert!(alerts.is_empty() && run.entries == 0, "{run:?}");
    assert_eq!(again.rescreen_cursor().await.unwrap(), run.through_seq);
}

/// The server's held population follows entries and exits between runs:
/// a new ban finds the newcomer and not the one who left.
async fn rescreening_with_a_held_population(target: Target) {
    let (app, follower) = app_with_engine(target).await;
    let border = Role::BorderOfficer;
    let actor = Actor::parse("berkut-rescreen").unwrap();
    let config = RescreenConfig::default();
    let sources = people::population_sources();
    let mut cache = people::PopulationCache::default();
    let r = cache
        .sync(&app.target.store, &sources, false)
        .await
        .unwrap();
    assert!(r.built && cache.is_empty(), "{r:?}");
    let r = app
        .as_role(
            border,
            "POST",
            "/v1/screenings",
            Some(json!({"names": ["SERGEI PETROV"], "birth_date": "1980-01-01", "nationality": "RUS", "document": {"number": "753001122", "country": "RUS"}, "at": days_ago(3)})),
        )
        .await;
    assert_eq!(r.body["decision"], "CLEAR", "{}", r.text);
    for (direction, at) in [("entry", days_ago(5)), ("exit", days_ago(1))] {
        let r = app
            .as_role(
                border,
                "POST",
                "/v1/screenings",
                Some(json!({"names": ["AIDANA NURLANOVA"], "birth_date": "1995-07-07", "nationality": "KGZ", "document": {"number": "ID5550001", "country": "KGZ"}, "direction": direction, "at": at})),
            )
            .await;
        assert_eq!(r.body["decision"], "CLEAR", "{}", r.text);
    }
    let r = cache
        .sync(&app.target.store, &sources, false)
        .await
        .unwrap();
    assert!(!r.built, "{r:?}");
    assert_eq!(r.events, 3, "{r:?}");
    assert_eq!(cache.len(), 1);
    // nothing new: nothing to apply
    let r = cache
        .sync(&app.target.store, &sources, false)
        .await
        .unwrap();
    assert_eq!(r.events, 0, "{r:?}");

    let ban = banned(
        &app,
        "P-7",
        json!(["Петров Сергей"]),
        "1980-01-01",
        "terrorism",
    )
    .await;
    banned(
        &app,
        "P-8",
        json!(["Нурланова Айдана"]),
        "1995-07-07",
        "extremism",
    )
    .await;
    follower.catch_up(|_| {}).await.unwrap();
    let (run, alerts) = people::rescreen_all_with(&mut cache, &app.target.store, &actor, &config)
        .await
        .unwrap();
    assert_eq!(run.entries, 2, "{run:?}");
    assert_eq!(run.members, 1, "{run:?}");
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0].attempt.ban_ids, vec![ban]);
    assert_eq!(alerts[0].attempt.traveller.names[0], "SERGEI PETROV");
}

macro_rules! both {
    ($flow:ident, $sqlite:ident, $pg:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $sqlite() {
            $flow(Target::sqlite().await).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $pg() {
            if let Some(t) = Target::postgres(stringify!($pg)).await {
                $flow(t).await;
            }
        }
    };
}

both!(citizenship, citizenship_sqlite, citizenship_postgres);
both!(overstays, overstays_sqlite, overstays_postgres);
both!(rescreening, rescreening_sqlite, rescreening_postgres);
both!(
    rescreening_with_a_held_population,
    held_population_sqlite,
    held_population_postgres
);
