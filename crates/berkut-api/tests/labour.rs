//! Employers, foreign workers and inspections through the router: sanctions
//! screening of employers (on registration and on re-screening), workers
//! screened by the real engine (a banned worker raises an alert), the
//! inspection plan of a unit with its reasons (the acceptance case: a
//! worker whose permit expired is in his region's plan for that reason, on
//! SQLite and PostgreSQL), bad input named by field with nothing stored,
//! inspections, statistics and the CSV report.

use std::sync::Arc;

use axum::http::StatusCode;
use berkut_api::{engine::EngineScreening, rbac::Role};
use berkut_documents::{BinAttribute, BinEntityType, generate_bin};
use berkut_domain::{
    Actor, NameKind, PersonName,
    watchlist::{EntryKind, Identifier, ListKind, ListedEntry, ListedName},
};
use berkut_engine::Policy;
use berkut_store::{ImportBatch, Store};
use berkut_sync::Follower;
use berkut_testkit::{runtime, suite::Target};
use serde_json::{Value, json};

use crate::support::{App, assert_error, options};

/// A valid BIN, different for each `n`.
pub fn bin(n: u32) -> String {
    (n * 10..n * 10 + 10)
        .find_map(|s| {
            generate_bin(
                24,
                5,
                BinEntityType::ResidentLegalEntity,
                BinAttribute::HeadUnit,
                s,
            )
        })
        .unwrap()
}

pub fn employer_body(bin: &str, region: &str) -> Value {
    json!({
        "bin": bin, "name": format!("Employer {bin} LLP"), "region": region,
        "address": "Abay Ave 1", "local_management": 5, "local_staff": 40
    })
}

pub fn worker_body(employer: &str, person: &str, valid_from: &str, valid_to: &str) -> Value {
    json!({
        "person": {
            "id": person,
            "names": ["Петров Сергей Иванович"],
            "birth_dates": ["1988-02-03"],
            "nationalities": ["RUS"],
            "sex": "M",
            "documents": [{"number": "75 1234567", "country": "RUS", "type": "P"}]
        },
        "employer": employer,
        "permit": {
            "number": "AL-2026/0001", "category": 3, "region": "KZ-75", "position": "Welder",
            "valid_from": valid_from, "valid_to": valid_to
        },
        "hired": valid_from,
        "hiring_notified": valid_from
    })
}

/// Register an employer straight in the store (fixture); its BIN.
pub async fn employer_fixture(app: &App, n: u32, region: &str) -> String {
    let b = bin(n);
    let mut e = berkut_testkit::labour_suite::employer(&b, region);
    e.name = format!("Fixture {n} LLP");
    app.target
        .store
        .register_employer(&Actor::parse("fixture").unwrap(), &e)
        .await
        .unwrap();
    b
}

/// Register a worker of `employer` straight in the store (fixture); its id.
pub async fn worker_fixture(app: &App, employer: &str) -> String {
    let w = app
        .target
        .store
        .register_worker(
            &Actor::parse("fixture").unwrap(),
            &berkut_store::NewWorker {
                worker: berkut_testkit::labour_suite::worker(employer, "KZ-75", "2026-06-30"),
                screening: berkut_testkit::labour_suite::worker_screening("CLEAR", vec![]),
            },
        )
        .await
        .unwrap();
    w.id().to_string()
}

/// Record an inspection straight in the store (fixture); its id.
pub async fn inspection_fixture(app: &App, employer: &str) -> String {
    let i = berkut_domain::labour::InspectionRecorded {
        inspection_id: String::new(),
        employer: employer.into(),
        unit: "KZ-75".into(),
        inspector: "Capt. Fixture".into(),
        date: berkut_domain::parse_date("d", "2026-03-01").unwrap(),
        findings: "all in order".into(),
        violations: vec![],
        penalty: None,
        fine_kzt: None,
        follow_up: None,
    };
    app.target
        .store
        .record_inspection(&Actor::parse("fixture").unwrap(), &i)
        .await
        .unwrap()
        .inspection
        .inspection_id
}

/// An app with the real engine; the follower to catch up after writes.
async fn with_engine(target: Target) -> (App, Arc<Follower>) {
    let follower = Arc::new(
        Follower::bootstrap(target.open_another().await, Policy::default())
            .await
            .unwrap(),
    );
    let mut opts = options();
    opts.screening = Arc::new(EngineScreening::new(follower.clone(), None));
    (App::on(target, opts).await, follower)
}

fn org(id: &str, name: &str, identifier: Option<&str>) -> ListedEntry {
    let mut e = ListedEntry::new(id, ListKind::OfacSdn, EntryKind::Organisation);
    e.names.push(ListedName::strong(
        PersonName::new(name, NameKind::Primary).unwrap(),
    ));
    if let Some(v) = identifier {
        e.identifiers.push(Identifier {
            scheme: "BIN".into(),
            value: v.into(),
            country: None,
        });
    }
    e
}

async fn import_orgs(app: &App, entries: Vec<ListedEntry>) {
    app.target
        .store
        .import_source(
            &Actor::parse("importer").unwrap(),
            &ImportBatch {
                source: "ofac_sdn".into(),
                list: ListKind::OfacSdn,
                version: "test".into(),
                content_hash: format!("{:064}", entries.len()),
                entries,
            },
            berkut_store::ImportOptions {
                allow_mass_removal: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
}

const INSPECTOR: Role = Role::LabourInspector;

#[test]
fn regions_are_the_seventeen_regions_and_three_cities() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        let r = app
            .as_role(Role::BorderOfficer, "GET", "/v1/regions", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let regions = r.body["regions"].as_array().unwrap();
        assert_eq!(regions.len(), 20);
        let cities: Vec<&str> = regions
            .iter()
            .filter(|u| u["kind"] == "city")
            .map(|u| u["name_en"].as_str().unwrap())
            .collect();
        assert_eq!(cities.len(), 3, "{cities:?}");
        let almaty = regions.iter().find(|u| u["code"] == "KZ-75").unwrap();
        assert_eq!(almaty["kind"], "city");
        assert!(!almaty["name_kk"].as_str().unwrap().is_empty());
        assert!(!almaty["name_ru"].as_str().unwrap().is_empty());
    });
}

/// On registration an employer is screened against organisation entries
/// (by BIN in the list's identifiers); a later list is applied by
/// re-screening every employer, which changes only those whose hits changed.
#[test]
fn employers_are_screened_against_organisations_on_registration_and_refresh() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        let listed_bin = bin(1);
        import_orgs(
            &app,
            vec![
                org("100", "Something Else Ltd", Some(&listed_bin)),
                org("101", "Golden Eagle Trading LLC", None),
            ],
        )
        .await;
        let r = app
            .as_role(
                INSPECTOR,
                "POST",
                "/v1/employers",
                Some(employer_body(&listed_bin, "Almaty")),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.body["region"], "KZ-75");
        assert_eq!(r.body["id_kind"], "bin");
        assert_eq!(r.body["sanctions_hits"][0]["entry_id"], "ofac_sdn:100");
        assert_eq!(r.body["sanctions_hits"][0]["score"], 1.0);
        let clean = bin(2);
        let r = app
            .as_role(
                INSPECTOR,
                "POST",
                "/v1/employers",
                Some(json!({"bin": clean, "name": "ТОО «Қазақ Мұнай»", "region": "Шымкент"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.body["region"], "KZ-79");
        assert!(r.body["sanctions_hits"].as_array().unwrap().is_empty());
        // the same BIN again is a conflict
        let r = app
            .as_role(
                INSPECTOR,
                "POST",
                "/v1/employers",
                Some(employer_body(&clean, "KZ-79")),
            )
            .await;
        assert_error(&r, StatusCode::CONFLICT, "conflict", None);

        // a list refresh names the second employer; re-screen all
        import_orgs(
            &app,
            vec![
                org("100", "Something Else Ltd", Some(&listed_bin)),
                org("101", "Golden Eagle Trading LLC", None),
                org("102", "TOO KAZAKH MUNAI", None),
            ],
        )
        .await;
        let r = app
            .as_role(INSPECTOR, "POST", "/v1/employers:rescreen", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.body["employers"], 2);
        assert_eq!(r.body["changed"], 1);
        assert_eq!(r.body["organisations"], 3);
        let r = app
            .as_role(
                Role::MigrationPolice,
                "GET",
                &format!("/v1/employers/{clean}"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.body["sanctions_hits"][0]["entry_id"], "ofac_sdn:102");
        assert_eq!(r.body["risk"]["reasons"][0]["factor"], "sanctions_hit");
        assert_eq!(r.body["risk"]["score"], 40);
        // the same lists again: nothing changes
        let r = app
            .as_role(INSPECTOR, "POST", "/v1/employers:rescreen", None)
            .await;
        assert_eq!(r.body["changed"], 0, "{}", r.text);
        // the background check: nothing imported since the last run
        let system = Actor::parse("berkut-rescreen").unwrap();
        let none = berkut_api::labour_http::rescreen_if_lists_changed(&app.state, &system)
            .await
            .unwrap();
        assert!(none.is_none(), "{none:?}");
        // a new import is seen, once, also by a server started afresh
        import_orgs(
            &app,
            vec![
                org("100", "Something Else Ltd", Some(&listed_bin)),
                org("101", "Golden Eagle Trading LLC", None),
                org("103", "Silk Road Logistics LLP", None),
            ],
        )
        .await;
        let fresh = berkut_api::AppState::with_options(app.target.store.clone(), options());
        let once = berkut_api::labour_http::rescreen_if_lists_changed(&fresh, &system)
            .await
            .unwrap()
            .expect("the import is seen");
        assert_eq!((once.employers, once.changed), (2, 1), "{once:?}");
        let r = app
            .as_role(INSPECTOR, "GET", &format!("/v1/employers/{clean}"), None)
            .await;
        assert!(
            r.body["sanctions_hits"].as_array().unwrap().is_empty(),
            "delisted: {}",
            r.text
        );
        let again = berkut_api::labour_http::rescreen_if_lists_changed(&app.state, &system)
            .await
            .unwrap();
        assert!(again.is_none(), "{again:?}");
        // search by unit and by name
        let r = app
            .as_role(
                INSPECTOR,
                "GET",
                "/v1/employers?region=Shymkent&q=мұнай",
                None,
            )
            .await;
        let ids: Vec<&str> = r.body["employers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [clean.as_str()], "{}", r.text);
    });
}

/// The acceptance case: a worker whose permit has expired is in the plan of
/// his region with that reason; a worker under a ban raises an alert on
/// registration and weighs in his employer's score; another unit's plan
/// does not list them.
async fn expired_permit_in_plan(target: Target) {
    let (app, follower) = with_engine(target).await;
    let police = Role::MigrationPolice;
    let r = app
        .as_role(police, "POST", "/v1/persons", Some(json!({"id": "P-1", "names": ["Тоқаев Қасым-Жомарт"], "birth_dates": ["1953-05-17"]})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let r = app
        .as_role(police, "POST", "/v1/bans", Some(json!({"person_id": "P-1", "ground": "extremism", "authority": "MVD", "basis_kind": "court_decision", "basis_reference": "No. 1", "imposed_at": "2025-01-01"})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    follower.catch_up(|_| {}).await.unwrap();

    let (expired_at, clean_at) = (bin(11), bin(12));
    for (b, region) in [(&expired_at, "KZ-ALA"), (&clean_at, "Almaty")] {
        let r = app
            .as_role(
                INSPECTOR,
                "POST",
                "/v1/employers",
                Some(employer_body(b, region)),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }
    // permit 2026-01-01..2026-06-30: expired on the planning day 2026-11-27
    let r = app
        .as_role(
            INSPECTOR,
            "POST",
            "/v1/workers",
            Some(worker_body(
                &expired_at,
                "EXT-1",
                "2026-01-01",
                "2026-06-30",
            )),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let expired_worker = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["screening"]["decision"], "CLEAR", "{}", r.text);
    assert_eq!(r.body["region"], "KZ-75");
    // a current permit, a banned worker
    let mut banned = worker_body(&clean_at, "EXT-2", "2026-09-01", "2027-08-31");
    banned["person"]["names"] = json!(["KASSYM-JOMART TOKAYEV"]);
    banned["person"]["birth_dates"] = json!(["1953-05-17"]);
    banned["person"]["nationalities"] = json!(["KAZ"]);
    banned["person"]["documents"] = json!([]);
    let r = app
        .as_role(INSPECTOR, "POST", "/v1/workers", Some(banned))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["screening"]["decision"], "DENY", "{}", r.text);
    let alert = r.body["screening"]["alert_ids"][0]
        .as_str()
        .unwrap()
        .to_string();
    let banned_worker = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .as_role(police, "GET", &format!("/v1/alerts/{alert}"), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["entry_id"], "registry:P-1", "{}", r.text);
    assert_eq!(r.body["crossing"]["purpose"], "residence");

    // followers read the labour events (and ignore them) without a break
    follower.catch_up(|_| {}).await.unwrap();
    let status = follower.status();
    assert!(status.integrity.is_none(), "{:?}", status.integrity);
    assert_eq!(status.lag, 0);
    let r = app
        .as_role(
            police,
            "GET",
            "/v1/inspections/plan?unit=KZ-ALA&date=2026-11-27",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["unit"]["code"], "KZ-75");
    assert_eq!(r.body["employers_assessed"], 2);
    let ranked = r.body["ranked"].as_array().unwrap();
    let of = |b: &str| ranked.iter().find(|s| s["employer"] == b).cloned();
    let expired = of(&expired_at).expect("the employer of the expired permit is planned");
    let reason = expired["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["factor"] == "expired_permit")
        .unwrap_or_else(|| panic!("no expired_permit reason: {expired}"));
    assert!(
        reason["line"].as_str().unwrap().contains(&expired_worker),
        "{reason}"
    );
    assert_eq!(reason["points"], 10);
    let banned = of(&clean_at).expect("the banned worker's employer is planned");
    let factors: Vec<&str> = banned["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["factor"].as_str().unwrap())
        .collect();
    assert!(factors.contains(&"banned_worker"), "{banned}");
    assert!(factors.contains(&"open_alert"), "{banned}");
    assert!(
        banned["reasons"].to_string().contains(&banned_worker),
        "{banned}"
    );
    // ranked highest first: 30 + 8 for the ban and its alert over 10
    assert_eq!(ranked[0]["employer"], clean_at.as_str());
    let score: u64 = banned["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["points"].as_u64().unwrap())
        .sum();
    assert_eq!(banned["score"].as_u64(), Some(score));
    // before the permit ran out, it is not a reason
    let r = app
        .as_role(
            police,
            "GET",
            "/v1/inspections/plan?unit=KZ-75&date=2026-06-30",
            None,
        )
        .await;
    assert!(!r.text.contains("expired_permit"), "{}", r.text);
    // another unit's plan lists neither
    let r = app
        .as_role(
            police,
            "GET",
            "/v1/inspections/plan?unit=Astana&date=2026-11-27",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["employers_assessed"], 0);
    assert!(r.body["ranked"].as_array().unwrap().is_empty());
    // the employer's own page agrees and lists the worker
    let r = app
        .as_role(
            INSPECTOR,
            "GET",
            &format!("/v1/employers/{expired_at}"),
            None,
        )
        .await;
    assert_eq!(
        r.body["workers"][0]["id"],
        expired_worker.as_str(),
        "{}",
        r.text
    );
    assert_eq!(r.body["workers"][0]["permit"]["expired"], true);
    let r = app
        .as_role(
            INSPECTOR,
            "GET",
            &format!("/v1/workers?employer={expired_at}"),
            None,
        )
        .await;
    assert_eq!(r.body["workers"].as_array().unwrap().len(), 1, "{}", r.text);
    let r = app
        .as_role(INSPECTOR, "GET", "/v1/workers?region=KZ-75", None)
        .await;
    assert_eq!(r.body["workers"].as_array().unwrap().len(), 2, "{}", r.text);
}

#[test]
fn expired_permit_in_plan_sqlite() {
    runtime().block_on(async { expired_permit_in_plan(Target::sqlite().await).await });
}

#[test]
fn expired_permit_in_plan_postgres() {
    runtime().block_on(async {
        if let Some(t) = Target::postgres("api::expired_permit_in_plan").await {
            expired_permit_in_plan(t).await;
        }
    });
}

/// Bad input: the field is named and nothing is stored (the log head does
/// not move).
async fn bad_input(target: Target) {
    let (app, _follower) = with_engine(target).await;
    let employer = bin(21);
    let r = app
        .as_role(
            INSPECTOR,
            "POST",
            "/v1/employers",
            Some(employer_body(&employer, "KZ-75")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let before = app.target.store.head().await.unwrap();
    let mut bad_check = employer.clone();
    let last = bad_check.pop().unwrap();
    bad_check.push(if last == '9' {
        '0'
    } else {
        char::from(last as u8 + 1)
    });
    let unknown = bin(22);
    let wrong_order = {
        let mut w = worker_body(&employer, "EXT-9", "2026-06-01", "2026-05-01");
        w["hired"] = json!("2026-06-01");
        w
    };
    let bad_region = {
        let mut w = worker_body(&employer, "EXT-9", "2026-01-01", "2026-06-30");
        w["permit"]["region"] = json!("Atlantis");
        w
    };
    let cases: Vec<(&str, &str, Value, StatusCode, &str)> = vec![
        (
            "POST",
            "/v1/employers",
            employer_body(&bad_check, "KZ-75"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "bin",
        ),
        (
            "POST",
            "/v1/employers",
            json!({"iin": "850315300010", "name": "IP Aliev", "region": "KZ-75"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "iin",
        ),
        (
            "POST",
            "/v1/employers",
            json!({"name": "No Number LLP", "region": "KZ-75"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "bin",
        ),
        (
            "POST",
            "/v1/employers",
            employer_body(&unknown, "Atlantis"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "region",
        ),
        (
            "POST",
            "/v1/workers",
            worker_body(&unknown, "EXT-9", "2026-01-01", "2026-06-30"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "employer",
        ),
        (
            "POST",
            "/v1/workers",
            worker_body("12345", "EXT-9", "2026-01-01", "2026-06-30"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "employer",
        ),
        (
            "POST",
            "/v1/workers",
            wrong_order,
            StatusCode::UNPROCESSABLE_ENTITY,
            "permit.valid_to",
        ),
        (
            "POST",
            "/v1/workers",
            worker_body(&employer, "EXT-9", "2026-01-01", "2027-06-30"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "permit.valid_to",
        ),
        (
            "POST",
            "/v1/workers",
            bad_region,
            StatusCode::UNPROCESSABLE_ENTITY,
            "permit.region",
        ),
        (
            "POST",
            "/v1/inspections",
            json!({"inspector": "A", "employer": unknown, "date": "2026-04-01", "findings": "x"}),
            StatusCode::NOT_FOUND,
            "employer",
        ),
        (
            "POST",
            "/v1/inspections",
            json!({"inspector": "A", "employer": employer, "date": "2026-04-01", "findings": "x", "violations": [{"legal_reference": " ", "description": "no permit"}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "violations[0].legal_reference",
        ),
        (
            "POST",
            "/v1/inspections",
            json!({"inspector": "A", "employer": employer, "unit": "Atlantis", "date": "2026-04-01", "findings": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unit",
        ),
        (
            "POST",
            "/v1/workers/FW-none/termination",
            json!({"terminated": "2026-04-01"}),
            StatusCode::NOT_FOUND,
            "worker_id",
        ),
        (
            "GET",
            "/v1/inspections/plan",
            Value::Null,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unit",
        ),
        (
            "GET",
            "/v1/inspections/plan?unit=Atlantis",
            Value::Null,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unit",
        ),
        (
            "GET",
            "/v1/reports/inspections?format=xml",
            Value::Null,
            StatusCode::UNPROCESSABLE_ENTITY,
            "format",
        ),
    ];
    for (method, path, body, status, field) in cases {
        let body = (!body.is_null()).then_some(body);
        let r = app.as_role(Role::Admin, method, path, body).await;
        assert_eq!(r.status, status, "{method} {path}: {}", r.text);
        assert_eq!(r.field(), Some(field), "{method} {path}: {}", r.text);
        assert!(
            !r.body["error"]["message"].as_str().unwrap_or("").is_empty(),
            "{}",
            r.text
        );
        assert_eq!(
            app.target.store.head().await.unwrap(),
            before,
            "{method} {path} stored something"
        );
    }
    assert!(
        app.target
            .store
            .workers(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
}

#[test]
fn bad_input_names_the_field_and_stores_nothing_sqlite() {
    runtime().block_on(async { bad_input(Target::sqlite().await).await });
}

#[test]
fn bad_input_names_the_field_and_stores_nothing_postgres() {
    runtime().block_on(async {
        if let Some(t) = Target::postgres("api::labour_bad_input").await {
            bad_input(t).await;
        }
    });
}

/// Late hiring and termination notifications are recorded and counted;
/// inspections are events, listed per unit, counted in the statistics and
/// the CSV report; past violations weigh in the plan.
#[test]
fn notifications_inspections_stats_and_report() {
    runtime().block_on(async {
        let (app, _follower) = with_engine(Target::sqlite().await).await;
        let b = bin(31);
        app.as_role(INSPECTOR, "POST", "/v1/employers", Some(employer_body(&b, "KZ-75")))
            .await;
        // hired on Monday 2026-01-05: 3 working days → deadline Thursday 01-08
        let mut w = worker_body(&b, "EXT-3", "2026-01-05", "2026-12-31");
        w["hiring_notified"] = json!("2026-01-12");
        let r = app.as_role(INSPECTOR, "POST", "/v1/workers", Some(w)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let id = r.body["id"].as_str().unwrap().to_string();
        assert_eq!(r.body["notifications"][0]["status"], "late", "{}", r.text);
        assert_eq!(r.body["notifications"][0]["deadline"], "2026-01-08");
        assert_eq!(r.body["notifications"][0]["days_late"], 4);
        let r = app
            .as_role(
                INSPECTOR,
                "POST",
                &format!("/v1/workers/{id}/termination"),
                Some(json!({"terminated": "2026-03-31", "notified": "2026-04-01"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.body["status"], "terminated");
        assert_eq!(r.body["notifications"][1]["kind"], "termination");
        assert_eq!(r.body["notifications"][1]["status"], "on_time");
        let r = app
            .as_role(
                INSPECTOR,
                "POST",
                &format!("/v1/workers/{id}/termination"),
                Some(json!({"terminated": "2026-04-30"})),
            )
            .await;
        assert_error(&r, StatusCode::CONFLICT, "invalid_transition", None);

        let r = app
            .as_role(
                INSPECTOR,
                "POST",
                "/v1/inspections",
                Some(json!({
                    "inspector": "Capt. A. Nurlanov", "employer": b, "date": "2026-04-15",
                    "findings": "one worker without notification",
                    "violations": [{"legal_reference": "CoAO art. 519 p. 1", "description": "late hiring notification", "worker_id": id}],
                    "penalty": "fine", "fine_kzt": 184600, "follow_up": "re-inspect in 3 months"
                })),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.body["unit"], "KZ-75");
        assert_eq!(r.body["recorded_by"], "user-labour_inspector");
        let inspection = r.body["id"].as_str().unwrap().to_string();
        let r = app
            .as_role(Role::Auditor, "GET", &format!("/v1/inspections/{inspection}"), None)
            .await;
        assert_eq!(r.body["violations"][0]["legal_reference"], "CoAO art. 519 p. 1", "{}", r.text);
        let r = app
            .as_role(Role::Auditor, "GET", "/v1/inspections?unit=Almaty", None)
            .await;
        assert_eq!(r.body["inspections"].as_array().unwrap().len(), 1, "{}", r.text);
        let r = app
            .as_role(Role::Auditor, "GET", "/v1/inspections?unit=KZ-71", None)
            .await;
        assert!(r.body["inspections"].as_array().unwrap().is_empty());

        let r = app
            .as_role(INSPECTOR, "GET", "/v1/inspections/plan?unit=KZ-75&date=2026-05-01", None)
            .await;
        let factors: Vec<&str> = r.body["ranked"][0]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["factor"].as_str().unwrap())
            .collect();
        assert_eq!(factors, ["late_notification", "past_violation"], "{}", r.text);

        let r = app.as_role(INSPECTOR, "GET", "/v1/inspections/stats", None).await;
        let units = r.body["units"].as_array().unwrap();
        assert_eq!(units.len(), 20);
        let almaty = units.iter().find(|u| u["unit"] == "KZ-75").unwrap();
        assert_eq!(almaty["employers"], 1);
        assert_eq!(almaty["active_workers"], 0, "terminated: {almaty}");
        assert_eq!(almaty["inspections"], 1);
        assert_eq!(almaty["violations"], 1);
        assert_eq!(almaty["fines_kzt"], 184600);
        assert_eq!(almaty["last_inspection"], "2026-04-15");

        let r = app
            .as_role(Role::MigrationPolice, "GET", "/v1/reports/inspections?by=region&format=csv", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert!(
            r.headers["content-type"].to_str().unwrap().starts_with("text/csv"),
            "{:?}",
            r.headers
        );
        let mut rows = csv::Reader::from_reader(r.text.as_bytes());
        let header = rows.headers().unwrap().clone();
        assert_eq!(&header[0], "unit");
        let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 20);
        let row = records.iter().find(|x| &x[0] == "KZ-75").unwrap();
        assert_eq!(&row[4], "1");
        assert_eq!(&row[7], "184600");
        let r = app
            .as_role(Role::MigrationPolice, "GET", "/v1/reports/inspections?by=region&format=json", None)
            .await;
        assert_eq!(r.body["units"].as_array().unwrap().len(), 20, "{}", r.text);
        let r = app
            .as_role(Role::MigrationPolice, "GET", "/v1/reports/inspections?by=crossing_point", None)
            .await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", Some("by"));
    });
}

/// Without an engine a worker is not registered (workers are screened on
/// registration), and nothing is stored.
#[test]
fn workers_need_the_engine() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        let b = employer_fixture(&app, 41, "KZ-75").await;
        let before = app.target.store.head().await.unwrap();
        let r = app
            .as_role(
                INSPECTOR,
                "POST",
                "/v1/workers",
                Some(worker_body(&b, "EXT-4", "2026-01-01", "2026-06-30")),
            )
            .await;
        assert_error(
            &r,
            StatusCode::SERVICE_UNAVAILABLE,
            "engine_unavailable",
            None,
        );
        assert_eq!(app.target.store.head().await.unwrap(), before);
    });
}
