//! Bad input: each case gets its exact status, code and field, with the
//! envelope, and never a 500.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use berkut_api::{RateLimit, Role, ServeOptions};
use berkut_testkit::runtime;
use serde_json::{Value, json};

use crate::support::{App, assert_error, ban_body, options};

/// (method, path, body, status, code, field)
type Case = (
    &'static str,
    String,
    Option<Value>,
    StatusCode,
    &'static str,
    Option<&'static str>,
);

#[test]
fn bad_input_table() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        app.person("W-1").await;
        let ban = app.ban("W-1").await;
        let lift = format!("/v1/bans/{ban}/lift");
        let mut wrong_type = ban_body("W-1");
        wrong_type["person_id"] = json!(5);
        let mut missing = ban_body("W-1");
        missing.as_object_mut().unwrap().remove("ground");
        let mut bad_ground = ban_body("W-1");
        bad_ground["ground"] = json!("jaywalking");
        let mut bad_date = ban_body("W-1");
        bad_date["imposed_at"] = json!("1990-02-30");
        let mut unknown_field = ban_body("W-1");
        unknown_field["colour"] = json!("red");
        let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
        let cases: Vec<Case> = vec![
            (
                "POST",
                "/v1/bans".into(),
                Some(wrong_type),
                unprocessable,
                "validation_failed",
                Some("person_id"),
            ),
            (
                "POST",
                "/v1/bans".into(),
                Some(missing),
                unprocessable,
                "validation_failed",
                Some("ground"),
            ),
            (
                "POST",
                "/v1/bans".into(),
                Some(bad_ground),
                unprocessable,
                "validation_failed",
                Some("ground"),
            ),
            (
                "POST",
                "/v1/bans".into(),
                Some(bad_date),
                unprocessable,
                "validation_failed",
                Some("imposed_at"),
            ),
            (
                "POST",
                "/v1/bans".into(),
                Some(unknown_field),
                unprocessable,
                "validation_failed",
                Some("colour"),
            ),
            (
                "POST",
                "/v1/bans".into(),
                Some(json!([1, 2])),
                unprocessable,
                "validation_failed",
                Some("body[0]"),
            ),
            (
                "POST",
                "/v1/bans".into(),
                Some(json!("a string")),
                unprocessable,
                "validation_failed",
                Some("body"),
            ),
            (
                "POST",
                "/v1/bans".into(),
                Some(ban_body("W-404")),
                StatusCode::NOT_FOUND,
                "person_not_found",
                Some("person_id"),
            ),
            (
                "GET",
                "/v1/bans/B-nope".into(),
                None,
                StatusCode::NOT_FOUND,
                "ban_not_found",
                Some("ban_id"),
            ),
            (
                "GET",
                "/v1/bans/%00%01".into(),
                None,
                StatusCode::NOT_FOUND,
                "ban_not_found",
                Some("ban_id"),
            ),
            (
                "GET",
                "/v1/bans/B-nope/history".into(),
                None,
                StatusCode::NOT_FOUND,
                "ban_not_found",
                Some("ban_id"),
            ),
            (
                "POST",
                "/v1/bans/B-nope/lift".into(),
                Some(json!({"reason": "x"})),
                StatusCode::NOT_FOUND,
                "ban_not_found",
                Some("ban_id"),
            ),
            (
                "GET",
                "/v1/persons/W-404".into(),
                None,
                StatusCode::NOT_FOUND,
                "person_not_found",
                Some("person_id"),
            ),
            (
                "GET",
                "/v1/entries/un:404".into(),
                None,
                StatusCode::NOT_FOUND,
                "entry_not_found",
                Some("entry_id"),
            ),
            (
                "GET",
                "/v1/bans?status=sleeping".into(),
                None,
                unprocessable,
                "validation_failed",
                Some("status"),
            ),
            (
                "GET",
                "/v1/bans?ground=jaywalking".into(),
                None,
                unprocessable,
                "validation_failed",
                Some("ground"),
            ),
            (
                "GET",
                "/v1/bans?limit=abc".into(),
                None,
                unprocessable,
                "validation_failed",
                Some("limit"),
            ),
            (
                "GET",
                "/v1/bans?limit=0".into(),
                None,
                unprocessable,
                "validation_failed",
                Some("limit"),
            ),
            (
                "GET",
                "/v1/bans?colour=red".into(),
                None,
                unprocessable,
                "validation_failed",
                Some("colour"),
            ),
            (
                "POST",
                lift.clone(),
                Some(json!({})),
                unprocessable,
                "validation_failed",
                Some("reason"),
            ),
            (
                "POST",
                lift.clone(),
                Some(json!({"reason": "   "})),
                unprocessable,
                "validation_failed",
                Some("reason"),
            ),
            (
                "POST",
                lift.clone(),
                Some(json!({"reason": 7})),
                unprocessable,
                "validation_failed",
                Some("reason"),
            ),
            (
                "POST",
                lift.clone(),
                Some(json!({"reason": "x", "on": "2025-13-01"})),
                unprocessable,
                "validation_failed",
                Some("on"),
            ),
            (
                "POST",
                "/v1/persons".into(),
                Some(json!({"id": "W-9", "names": []})),
                unprocessable,
                "validation_failed",
                Some("names"),
            ),
            (
                "POST",
                "/v1/persons".into(),
                Some(json!({"id": "W-9", "names": ["X"], "birth_dates": ["1975-02-30"]})),
                unprocessable,
                "validation_failed",
                Some("birth_dates[0]"),
            ),
            (
                "POST",
                "/v1/persons".into(),
                Some(json!({"id": "W-1", "names": ["Ivanov"]})),
                StatusCode::CONFLICT,
                "conflict",
                None,
            ),
            (
                "POST",
                "/v1/screenings".into(),
                Some(json!({"names": []})),
                unprocessable,
                "validation_failed",
                Some("names"),
            ),
            (
                "POST",
                "/v1/screenings".into(),
                Some(json!({"names": ["A"], "document": {"numbr": "1"}})),
                unprocessable,
                "validation_failed",
                Some("document.numbr"),
            ),
            (
                "POST",
                "/v1/screenings".into(),
                Some(json!({"names": ["IVANOV"]})),
                StatusCode::SERVICE_UNAVAILABLE,
                "engine_unavailable",
                None,
            ),
            (
                "GET",
                "/v1/nothing".into(),
                None,
                StatusCode::NOT_FOUND,
                "route_not_found",
                None,
            ),
            (
                "DELETE",
                "/v1/bans".into(),
                None,
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                None,
            ),
        ];
        for (method, path, body, status, code, field) in cases {
            let r = app.as_role(Role::Admin, method, &path, body.clone()).await;
            assert!(
                r.status == status && r.code() == code && (field.is_none() || r.field() == field),
                "{method} {path} {body:?}: expected {status} {code} {field:?}, got {} {}",
                r.status,
                r.text
            );
            assert_error(&r, status, code, field);
        }
        // Lifting twice: the second is an invalid transition.
        let ok = app
            .as_role(
                Role::Admin,
                "POST",
                &lift,
                Some(json!({"reason": "annulled"})),
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
        let again = app
            .as_role(Role::Admin, "POST", &lift, Some(json!({"reason": "again"})))
            .await;
        assert_error(&again, StatusCode::CONFLICT, "invalid_transition", None);
        assert_eq!(
            app.as_role(
                Role::Admin,
                "POST",
                "/v1/screenings",
                Some(json!({"names": ["A"]}))
            )
            .await
            .headers
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
            Some("60")
        );
    });
}

fn raw(
    app: &App,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
    length: bool,
) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(path).header(
        header::AUTHORIZATION,
        format!("Bearer {}", app.token(Role::Admin)),
    );
    if let Some(ct) = content_type {
        b = b.header(header::CONTENT_TYPE, ct);
    }
    if length {
        b = b.header(header::CONTENT_LENGTH, body.len());
    }
    b.body(Body::from(body)).unwrap()
}

#[test]
fn malformed_json_wrong_content_type_and_oversize_bodies() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        let json = Some("application/json");
        for body in [
            &b"{"[..],
            b"{\"reason\": }",
            b"not json",
            b"",
            b"{\"reason\": \"x\"} trailing",
        ] {
            let r = app
                .send(raw(
                    &app,
                    "POST",
                    "/v1/bans/B-1/lift",
                    json,
                    body.to_vec(),
                    true,
                ))
                .await;
            assert_error(&r, StatusCode::BAD_REQUEST, "malformed_json", None);
        }
        for ct in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
        ] {
            let r = app
                .send(raw(
                    &app,
                    "POST",
                    "/v1/bans",
                    ct,
                    ban_body("W-1").to_string().into_bytes(),
                    true,
                ))
                .await;
            assert_error(
                &r,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                None,
            );
        }
        // Charset parameters and +json types are JSON.
        let r = app
            .send(raw(
                &app,
                "POST",
                "/v1/persons",
                Some("application/json; charset=utf-8"),
                crate::support::person_body("W-7").to_string().into_bytes(),
                true,
            ))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        // Over the 1 MiB default: with a Content-Length, and streamed without one.
        let mut big = b"{\"reason\": \"".to_vec();
        big.extend(std::iter::repeat_n(b'x', 2 * 1024 * 1024));
        big.extend(b"\"}");
        for length in [true, false] {
            let r = app
                .send(raw(
                    &app,
                    "POST",
                    "/v1/bans/B-1/lift",
                    json,
                    big.clone(),
                    length,
                ))
                .await;
            assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", None);
        }
    });
}

#[test]
fn body_limit_is_configurable() {
    runtime().block_on(async {
        let app = App::sqlite_with(ServeOptions {
            body_limit: 64,
            ..options()
        })
        .await;
        let r = app
            .as_role(
                Role::Admin,
                "POST",
                "/v1/persons",
                Some(crate::support::person_body("W-1")),
            )
            .await;
        assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", None);
    });
}

#[test]
fn rate_limit_per_token() {
    runtime().block_on(async {
        let app = App::sqlite_with(ServeOptions {
            rate_limit: Some(RateLimit {
                per_second: 0.01,
                burst: 3,
            }),
            ..options()
        })
        .await;
        for _ in 0..3 {
            let r = app.as_role(Role::Auditor, "GET", "/v1/sources", None).await;
            assert_eq!(r.status, StatusCode::OK);
        }
        let r = app.as_role(Role::Auditor, "GET", "/v1/sources", None).await;
        assert_error(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited", None);
        let wait: u64 = r.headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(wait >= 1);
        // Another token has its own bucket.
        let r = app
            .as_role(Role::BorderOfficer, "GET", "/v1/sources", None)
            .await;
        assert_eq!(r.status, StatusCode::OK);
    });
}

/// Garbage on every route is a 4xx with the envelope, never a 5xx.
#[test]
fn garbage_is_never_a_server_error() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        app.person("W-1").await;
        let ban = app.ban("W-1").await;
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let long = "x".repeat(100_000);
        let bodies: Vec<Vec<u8>> = vec![
            b"null".to_vec(),
            b"true".to_vec(),
            b"1e999999".to_vec(),
            b"{\"reason\": \"\\ud800\"}".to_vec(),
            vec![0xff, 0xfe, 0x00, b'{'],
            deep.into_bytes(),
            format!("{{\"reason\": \"{long}\", \"id\": \"{long}\", \"names\": [\"{long}\"]}}").into_bytes(),
            b"{\"names\": [{\"given\": 1}], \"id\": \"W-2\"}".to_vec(),
            b"{\"person_id\": \"W-1\", \"ground\": \"terrorism\", \"authority\": \"\\u0000\", \"basis_kind\": \"court\", \"basis_reference\": \"r\", \"imposed_at\": \"99999-01-01\"}".to_vec(),
        ];
        let alert = app.alert_fixture(Role::Admin, "W-1").await;
        let review = app.review_fixture("W-1").await;
        let posts = [
            "/v1/bans".to_string(),
            format!("/v1/bans/{ban}/lift"),
            "/v1/persons".into(),
            "/v1/screenings".into(),
            "/v1/screenings:batch".into(),
            format!("/v1/alerts/{alert}/ack"),
            format!("/v1/alerts/{alert}/close"),
            format!("/v1/reviews/{review}/resolve"),
        ];
        for path in &posts {
            for body in &bodies {
                let r = app.send(raw(&app, "POST", path, Some("application/json"), body.clone(), true)).await;
                assert!(r.status.is_client_error() || r.status == StatusCode::SERVICE_UNAVAILABLE, "{path} {}: {}", r.status, r.text);
                assert!(!r.code().is_empty(), "{path}: no envelope: {}", r.text);
            }
        }
        let ids = ["%2e%2e%2fetc", "..", "Ю", "%F0%9F%92%A9", "a%00b", &"9".repeat(5000)];
        for prefix in ["/v1/bans/", "/v1/persons/", "/v1/entries/", "/v1/alerts/", "/v1/reviews/"] {
            for id in ids {
                let r = app.as_role(Role::Admin, "GET", &format!("{prefix}{id}"), None).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{prefix}{id}: {}", r.text);
                assert!(r.code().ends_with("not_found"), "{}", r.text);
            }
        }
        // found by schemathesis: a cursor beyond any stored seq was a 500
        for q in ["after_seq=9223372036854775808", "after_seq=18446744073709551615"] {
            let r = app.as_role(Role::Admin, "GET", &format!("/v1/alerts?{q}"), None).await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
            assert_eq!(r.body["alerts"].as_array().map(Vec::len), Some(0), "{}", r.text);
        }
    });
}
