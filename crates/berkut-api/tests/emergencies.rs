//! Emergency declarations and document checks over the API.

use std::sync::Arc;

use axum::http::StatusCode;
use berkut_api::Role;
use berkut_domain::{CountryCode, DocumentNumber, InvalidatedDocument, InvalidationStatus};
use berkut_testkit::runtime;
use serde_json::json;

use crate::support::{App, assert_error, options};

fn register() -> berkut_register::Register {
    berkut_register::Register::build([InvalidatedDocument {
        number: DocumentNumber::parse("N7654321").unwrap(),
        issuing_state: CountryCode::parse("KAZ").unwrap(),
        kind: None,
        status: InvalidationStatus::Stolen,
        reported_at: time::macros::date!(2026 - 02 - 01),
        source: "kz_mvd".into(),
    }])
    .unwrap()
}

#[test]
fn declare_check_end() {
    runtime().block_on(async {
        let app = App::sqlite_with(berkut_api::ServeOptions {
            register: Some(Arc::new(register())),
            ..options()
        })
        .await;
        let expired = json!({"number": "N1234567", "country": "KAZ", "expiry": "2026-01-31",
            "at": "2026-03-10", "crossing_point": "ALA-1"});

        // expired and no declaration: not acceptable
        let r = app
            .as_role(
                Role::BorderOfficer,
                "POST",
                "/v1/documents:check",
                Some(expired.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.body["validity"], "expired", "{}", r.text);
        assert_eq!(r.body["acceptable"], false);
        assert_eq!(r.body["register_loaded"], true);

        // a border officer may not declare
        let decl = json!({"authority": "Government", "legal_act": "Decree 12 of 2026-03-01",
            "from": "2026-03-01", "until": "2026-04-30", "document_kinds": ["passport"]});
        let r = app
            .as_role(
                Role::BorderOfficer,
                "POST",
                "/v1/emergencies",
                Some(decl.clone()),
            )
            .await;
        assert_error(&r, StatusCode::FORBIDDEN, "forbidden", None);
        let r = app
            .as_role(Role::MigrationPolice, "POST", "/v1/emergencies", Some(decl))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(
            r.body["holders"],
            json!(["KAZ"]),
            "default holders: citizens"
        );
        let id = r.body["id"].as_str().unwrap().to_string();

        // now the expired Kazakh passport is valid, and the answer names the act
        let r = app
            .as_role(
                Role::BorderOfficer,
                "POST",
                "/v1/documents:check",
                Some(expired.clone()),
            )
            .await;
        assert_eq!(r.body["validity"], "valid_under_emergency", "{}", r.text);
        assert_eq!(r.body["declaration_id"], id.as_str());
        assert_eq!(r.body["acceptable"], true);
        // ... but not a foreign one
        let mut foreign = expired.clone();
        foreign["country"] = json!("RUS");
        let r = app
            .as_role(
                Role::BorderOfficer,
                "POST",
                "/v1/documents:check",
                Some(foreign),
            )
            .await;
        assert_eq!(r.body["validity"], "expired", "{}", r.text);

        // a stolen document is never acceptable
        let r = app
            .as_role(
                Role::BorderOfficer,
                "POST",
                "/v1/documents:check",
                Some(json!({"number": "N 765-4321", "country": "KAZ", "expiry": "2030-01-01"})),
            )
            .await;
        assert_eq!(r.body["invalidated"][0]["status"], "stolen", "{}", r.text);
        assert_eq!(r.body["acceptable"], false);

        let r = app
            .as_role(Role::Auditor, "GET", "/v1/emergencies", None)
            .await;
        assert_eq!(r.body["emergencies"][0]["status"], "active", "{}", r.text);

        // ending needs a reason, and an id that exists
        let r = app
            .as_role(
                Role::MigrationPolice,
                "POST",
                &format!("/v1/emergencies/{id}/end"),
                Some(json!({"reason": " "})),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        let r = app
            .as_role(
                Role::MigrationPolice,
                "POST",
                "/v1/emergencies/E-nope/end",
                Some(json!({"reason": "over"})),
            )
            .await;
        assert_error(
            &r,
            StatusCode::NOT_FOUND,
            "emergency_not_found",
            Some("emergency_id"),
        );
        let r = app
            .as_role(
                Role::MigrationPolice,
                "POST",
                &format!("/v1/emergencies/{id}/end"),
                Some(json!({"reason": "renewal possible again", "on": "2026-03-05"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.body["status"], "ended");
        let r = app
            .as_role(
                Role::BorderOfficer,
                "POST",
                "/v1/documents:check",
                Some(expired),
            )
            .await;
        assert_eq!(
            r.body["validity"], "expired",
            "ended declarations keep nothing valid: {}",
            r.text
        );
    });
}

#[test]
fn bad_document_input_names_the_field() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        for (body, field) in [
            (json!({"number": "N1", "country": "ZZZ"}), "country"),
            (json!({"number": "N1", "country": "KAZ", "expiry": "2026-13-01"}), "expiry"),
            (json!({"number": "N1", "country": "KAZ", "type": "spaceship"}), "type"),
            (json!({"number": "N1", "country": "KAZ", "at": "yesterday"}), "at"),
        ] {
            let r = app
                .as_role(Role::BorderOfficer, "POST", "/v1/documents:check", Some(body))
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
            assert_eq!(r.field(), Some(field), "{}", r.text);
        }
        let r = app
            .as_role(
                Role::MigrationPolice,
                "POST",
                "/v1/emergencies",
                Some(json!({"authority": "G", "legal_act": "D", "from": "2026-05-01", "until": "2026-04-01"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    });
}
