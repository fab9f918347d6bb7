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
        ("GET", _) => (concrete, None, StatusCode::OK),
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
                let (path, body, expected) = probe(&app, route.method, route.path, n).await;
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
            let r = app.call(route.method, route.path, None, None).await;
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
}
