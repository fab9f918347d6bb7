//! The whole role × route matrix: each allowed call succeeds with the
//! route's own status, each refused one is 403 `forbidden`, and every `/v1`
//! route is 401 without a token, with a bad one and with a revoked one.

use axum::http::StatusCode;
use berkut_api::{
    Role,
    rbac::{Permission, ROUTES},
    revoke_token,
};
use berkut_domain::Actor;
use berkut_testkit::runtime;
use serde_json::{Value, json};

use crate::support::{App, Reply, assert_error, ban_body, person_body};

/// A call of `route` that an allowed caller can make, fixtures included,
/// and the status it must get.
async fn probe(
    app: &App,
    role: Role,
    method: &str,
    path: &str,
    n: usize,
) -> (String, Option<Value>, StatusCode) {
    let person = format!("W-{n}");
    app.person(&person).await;
    let ban = app.ban(&person).await;
    let concrete = path.replace("{id}", &ban);
    match (method, path) {
        ("POST", "/v1/bans") => (concrete, Some(ban_body(&person)), StatusCode::CREATED),
        ("POST", "/v1/bans/{id}/lift") => (
            concrete,
            Some(json!({"reason": "court annulled"})),
            StatusCode::OK,
        ),
        ("POST", "/v1/persons") => (
            concrete,
            Some(person_body(&format!("N-{n}"))),
            StatusCode::CREATED,
        ),
        ("GET", "/v1/persons/{id}") => (path.replace("{id}", &person), None, StatusCode::OK),
        ("GET", "/v1/entries/{id}") => {
            (path.replace("{id}", "nope:1"), None, StatusCode::NOT_FOUND)
        }
        ("POST", "/v1/screenings") => (
            concrete,
            Some(json!({"names": ["IVANOV IURII"]})),
            StatusCode::SERVICE_UNAVAILABLE,
        ),
        ("POST", "/v1/emergencies") => (
            concrete,
            Some(json!({"authority": "Government", "legal_act": "Decree 1", "from": "2026-01-01"})),
            StatusCode::CREATED,
        ),
        ("POST", "/v1/emergencies/{id}/end") => (
            path.replace("{id}", "E-nope"),
            Some(json!({"reason": "over"})),
            StatusCode::NOT_FOUND,
        ),
        ("POST", "/v1/documents:check") => (
            concrete,
            Some(json!({"number": "N1234567", "country": "KAZ"})),
            StatusCode::OK,
        ),
        ("POST", "/v1/screenings:batch") => (
            concrete,
            Some(json!({"travellers": [{"names": ["IVANOV IURII"]}]})),
            StatusCode::SERVICE_UNAVAILABLE,
        ),
        // The alert is raised by this role's own screening, so a border
        // officer may see it too.
        ("GET", "/v1/alerts/{id}") => (
            path.replace("{id}", &app.alert_fixture(role, &person).await),
            None,
            StatusCode::OK,
        ),
        ("POST", "/v1/alerts/{id}/ack") => (
            path.replace("{id}", &app.alert_fixture(role, &person).await),
            Some(json!({})),
            StatusCode::OK,
        ),
        ("POST", "/v1/alerts/{id}/close") => (
            path.replace("{id}", &app.alert_fixture(role, &person).await),
            Some(json!({"note": "detained"})),
            StatusCode::OK,
        ),
        ("GET", "/v1/reviews/{id}") => (
            path.replace("{id}", &app.review_fixture(&person).await),
            None,
            StatusCode::OK,
        ),
        ("POST", "/v1/reviews/{id}/resolve") => (
            path.replace("{id}", &app.review_fixture(&person).await),
            Some(json!({"outcome": "different_person", "note": "other person"})),
            StatusCode::OK,
        ),
        // no engine in the matrix's server: the search is refused as unavailable
        ("GET", "/v1/entries") => (
            format!("{path}?name=IVANOV"),
            None,
            StatusCode::SERVICE_UNAVAILABLE,
        ),
        // migration control (issue #7): no engine here, unknown ids are 404
        ("POST", "/v1/citizenship/applications") => (
            concrete,
            Some(json!({"kind": "naturalisation", "names": ["Aigerim Bekova"]})),
            StatusCode::SERVICE_UNAVAILABLE,
        ),
        ("GET", "/v1/citizenship/applications/{id}")
        | ("GET", "/v1/stays/{id}")
        | ("GET", "/v1/ban-proposals/{id}") => {
            (path.replace("{id}", "X-nope"), None, StatusCode::NOT_FOUND)
        }
        ("POST", "/v1/citizenship/applications/{id}/decision") => (
            path.replace("{id}", "CA-nope"),
            Some(json!({"decision": "refused", "reason": "ban"})),
            StatusCode::NOT_FOUND,
        ),
        ("POST", "/v1/overstays:check") => (concrete, None, StatusCode::OK),
        ("POST", "/v1/stays/{id}/ban-proposal") => (
            path.replace("{id}", "ST-nope"),
            Some(json!({})),
            StatusCode::NOT_FOUND,
        ),
        ("POST", "/v1/ban-proposals/{id}/confirm") => (
            path.replace("{id}", "BP-nope"),
            Some(json!({"authority": "MVD", "basis_reference": "No. 1"})),
            StatusCode::NOT_FOUND,
        ),
        ("POST", "/v1/ban-proposals/{id}/reject") => (
            path.replace("{id}", "BP-nope"),
            Some(json!({"reason": "left in time"})),
            StatusCode::NOT_FOUND,
        ),
        ("POST", "/v1/employers") => (
            concrete,
            Some(crate::labour::employer_body(
                &crate::labour::bin(1000 + n as u32),
                "KZ-75",
            )),
            StatusCode::CREATED,
        ),
        ("GET", "/v1/employers/{id}") => (
            path.replace(
                "{id}",
                &crate::labour::employer_fixture(app, 1000 + n as u32, "KZ-75").await,
            ),
            None,
            StatusCode::OK,
        ),
        // no engine in the matrix's server: a worker cannot be screened
        ("POST", "/v1/workers") => {
            let b = crate::labour::employer_fixture(app, 1000 + n as u32, "KZ-75").await;
            (
                concrete,
                Some(crate::labour::worker_body(
                    &b,
                    "EXT-1",
                    "2026-01-01",
                    "2026-06-30",
                )),
                StatusCode::SERVICE_UNAVAILABLE,
            )
        }
        ("GET", "/v1/workers/{id}") | ("POST", "/v1/workers/{id}/termination") => {
            let b = crate::labour::employer_fixture(app, 1000 + n as u32, "KZ-75").await;
            let w = crate::labour::worker_fixture(app, &b).await;
            let body = (method == "POST").then(|| json!({"terminated": "2026-03-01"}));
            (path.replace("{id}", &w), body, StatusCode::OK)
        }
        ("POST", "/v1/inspections") => {
            let b = crate::labour::employer_fixture(app, 1000 + n as u32, "KZ-75").await;
            (
                concrete,
                Some(
                    json!({"inspector": "A", "employer": b, "date": "2026-04-01", "findings": "ok"}),
                ),
                StatusCode::CREATED,
            )
        }
        ("GET", "/v1/inspections/{id}") => {
            let b = crate::labour::employer_fixture(app, 1000 + n as u32, "KZ-75").await;
            let i = crate::labour::inspection_fixture(app, &b).await;
            (path.replace("{id}", &i), None, StatusCode::OK)
        }
        ("GET", "/v1/inspections/plan") => (format!("{path}?unit=KZ-75"), None, StatusCode::OK),
        ("GET", _) => (concrete, None, StatusCode::OK),
        ("POST", "/v1/employers:rescreen") => (concrete, None, StatusCode::OK),
        other => panic!("no probe for {other:?}: add one"),
    }
}

#[test]
fn every_role_on_every_route() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        let mut n = 0;
        let mut checked = 0;
        for route in ROUTES {
            let Some(permission) = route.permission else {
                continue;
            };
            for role in Role::ALL {
                n += 1;
                let (path, body, expected) = probe(&app, role, route.method, route.path, n).await;
                let r: Reply = app.as_role(role, route.method, &path, body).await;
                if role.allows(permission) {
                    assert_eq!(
                        r.status, expected,
                        "{role} {} {path} should be allowed: {}",
                        route.method, r.text
                    );
                } else {
                    assert_error(&r, StatusCode::FORBIDDEN, "forbidden", None);
                    assert!(r.text.contains(permission.code()), "{}", r.text);
                }
                checked += 1;
            }
        }
        let guarded = ROUTES.iter().filter(|r| r.permission.is_some()).count();
        assert_eq!(checked, guarded * Role::ALL.len());
    });
}

#[test]
fn every_v1_route_needs_a_valid_unrevoked_token() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        let revoked = {
            let admin = Actor::parse("setup").unwrap();
            let t = berkut_api::create_token(
                &app.target.store,
                &admin,
                "user-admin",
                Role::Admin,
                "old",
            )
            .await
            .unwrap();
            revoke_token(&app.target.store, &admin, &t.info.id)
                .await
                .unwrap();
            t.token
        };
        for route in ROUTES.iter().filter(|r| r.permission.is_some()) {
            let path = route.path.replace("{id}", "B-1");
            let body = (route.method == "POST").then(|| json!({}));
            for token in [None, Some("bk_0000"), Some(revoked.as_str())] {
                let r = app.call(route.method, &path, token, body.clone()).await;
                assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
                assert_eq!(
                    r.headers
                        .get("www-authenticate")
                        .and_then(|v| v.to_str().ok()),
                    Some("Bearer")
                );
            }
        }
        // A malformed header is 401 too, not 400 or 500.
        let r = app
            .send(
                axum::http::Request::get("/v1/sources")
                    .header("authorization", "Basic dXNlcjpwdw==")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
    });
}

#[test]
fn public_routes_need_no_token() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        for route in ROUTES.iter().filter(|r| r.permission.is_none()) {
            let path = route.path.replace("{file}", "app.js");
            let r = app.call(route.method, &path, None, None).await;
            assert_eq!(r.status, StatusCode::OK, "{} {}", route.method, route.path);
        }
    });
}

#[test]
fn matrix_rows_are_what_the_roles_promise() {
    // Spot checks of the matrix as data, so a careless edit shows up here.
    assert!(Role::BorderOfficer.allows(Permission::Screen));
    assert!(!Role::BorderOfficer.allows(Permission::BanImpose));
    assert!(Role::MigrationPolice.allows(Permission::BanLift));
    assert!(!Role::LabourInspector.allows(Permission::PersonRead));
    assert!(!Role::Auditor.allows(Permission::Screen));
    assert!(Role::Auditor.allows(Permission::BanHistoryRead));
    assert!(Role::BorderOfficer.allows(Permission::AlertRead));
    assert!(!Role::BorderOfficer.sees_all_alerts());
    assert!(!Role::BorderOfficer.allows(Permission::AlertManage));
    assert!(Role::MigrationPolice.allows(Permission::ReviewResolve));
    assert!(Role::Auditor.allows(Permission::AlertRead) && Role::Auditor.sees_all_alerts());
    assert!(!Role::Auditor.allows(Permission::AlertManage));
    assert!(!Role::Auditor.allows(Permission::ReviewResolve));
    assert!(Role::LabourInspector.allows(Permission::InspectionRecord));
    assert!(Role::LabourInspector.allows(Permission::LabourRegister));
    assert!(Role::MigrationPolice.allows(Permission::LabourRead));
    assert!(!Role::MigrationPolice.allows(Permission::LabourRegister));
    assert!(!Role::MigrationPolice.allows(Permission::InspectionRecord));
    assert!(!Role::Auditor.allows(Permission::InspectionRecord));
    assert!(!Role::BorderOfficer.allows(Permission::LabourRead));
}

/// A border officer sees only the alerts of their own screenings: another
/// officer's alert is not found, and lists and streams leave it out.
#[test]
fn border_officers_see_only_their_own_alerts() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        app.person("W-1").await;
        app.ban("W-1").await;
        let theirs = app.alert_fixture(Role::MigrationPolice, "W-1").await;
        let mine = app.alert_fixture(Role::BorderOfficer, "W-1").await;
        let r = app
            .as_role(
                Role::BorderOfficer,
                "GET",
                &format!("/v1/alerts/{theirs}"),
                None,
            )
            .await;
        assert_error(
            &r,
            StatusCode::NOT_FOUND,
            "alert_not_found",
            Some("alert_id"),
        );
        let r = app
            .as_role(Role::BorderOfficer, "GET", "/v1/alerts", None)
            .await;
        let ids: Vec<&str> = r.body["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [mine.as_str()]);
        let r = app.as_role(Role::Auditor, "GET", "/v1/alerts", None).await;
        assert_eq!(r.body["alerts"].as_array().unwrap().len(), 2);
        let mut s = app.stream(Role::BorderOfficer, None).await;
        let ev = s.next(std::time::Duration::from_secs(5)).await.unwrap();
        assert_eq!(ev.data["id"], mine.as_str());
        assert!(
            s.next(std::time::Duration::from_millis(800))
                .await
                .is_none()
        );
    });
}
