//! Migration control about people through the binary: citizenship
//! applications from the CLI, and over HTTP against the real server an
//! entry without exit past the allowed stay (overstay alert), a new ban
//! against someone in the country (re-screening alert from the server's
//! background task), a restart that repeats nothing, and the reports.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::{
    cli::{berkut, ok},
    serve::{Server, admin_token, call},
};

fn seeded(dir: &std::path::Path) -> String {
    ok(dir, &["init"]);
    ok(
        dir,
        &[
            "person",
            "add",
            "--id",
            "W-7",
            "--name",
            "Иванов Юрий Петрович",
            "--birth-date",
            "1975-03-12",
            "--nationality",
            "RUS",
        ],
    );
    ok(
        dir,
        &[
            "ban",
            "add",
            "--person",
            "W-7",
            "--ground",
            "sexual_offence_against_minor",
            "--authority",
            "Court of Astana",
            "--basis",
            "Case 1-77/2024",
            "--imposed-at",
            "2024-05-10",
        ],
    );
    let line = ok(dir, &["ban", "list", "--json"]);
    let v: Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    v["id"].as_str().unwrap().to_string()
}

#[test]
fn citizenship_over_the_cli() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let ban = seeded(dir);
    // a Latin spelling of the banned man: refused, exit 4, the ban named
    let out = berkut(dir)
        .args([
            "citizenship",
            "apply",
            "--kind",
            "naturalisation",
            "--name",
            "Yuriy Ivanov",
            "--birth-date",
            "1975-03-12",
            "--json",
        ])
        .assert()
        .code(4);
    let a: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(a["outcome"], "refused", "{a}");
    assert_eq!(a["screening"]["ground"], "sexual_offence_against_minor");
    assert_eq!(a["screening"]["ban"], ban.as_str());
    let id = a["id"].as_str().unwrap().to_string();
    // bad input: a non-IIN names the field; nothing is stored
    let out = berkut(dir)
        .args([
            "citizenship",
            "apply",
            "--kind",
            "kandas",
            "--name",
            "Someone",
            "--iin",
            "123456789012",
        ])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("iin"), "{err}");
    assert_eq!(
        ok(dir, &["citizenship", "list", "--json"]).lines().count(),
        1
    );
    // a refusal on a ground that bars citizenship cannot be granted
    let out = berkut(dir)
        .args([
            "citizenship",
            "decide",
            &id,
            "--decision",
            "granted",
            "--reason",
            "namesake",
        ])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("invalid_transition"), "{err}");
    let out = ok(
        dir,
        &[
            "citizenship",
            "decide",
            &id,
            "--decision",
            "refused",
            "--reason",
            "ban for a sexual offence against a minor",
        ],
    );
    assert!(out.contains("decision    refused"), "{out}");
    let out = ok(dir, &["citizenship", "show", &id]);
    assert!(
        out.contains("submitted") && out.contains("screened") && out.contains("refused by"),
        "{out}"
    );
    ok(dir, &["audit", "verify"]);
}

fn days_ago(n: i64) -> String {
    (time::OffsetDateTime::now_utc() - time::Duration::days(n))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn alerts_of_kind(base: &str, token: &str, kind: &str) -> Vec<Value> {
    let (s, b) = call(base, token, "GET", "/v1/alerts", None);
    assert_eq!(s, 200, "{b}");
    b["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == kind)
        .cloned()
        .collect()
}

#[test]
fn overstay_and_rescreening_by_the_server() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    ok(dir, &["init"]);
    let token = admin_token(dir, &[]);
    let s = Server::start(dir, &[], &["--rescreen-poll-ms", "100"]);
    // entered 40 days ago and never left
    let (st, b) = call(
        &s.base,
        &token,
        "POST",
        "/v1/screenings",
        Some(
            json!({"names": ["SERGEI PETROV"], "birth_date": "1980-01-01", "nationality": "RUS", "document": {"number": "753001122", "country": "RUS"}, "crossing_point": "Almaty airport", "at": days_ago(40)}),
        ),
    );
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["decision"], "CLEAR", "{b}");
    let (st, b) = call(&s.base, &token, "POST", "/v1/overstays:check", None);
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["alert_ids"].as_array().unwrap().len(), 1, "{b}");
    assert_eq!(alerts_of_kind(&s.base, &token, "overstay").len(), 1);
    // a new ban against him, registered in Cyrillic
    let (st, b) = call(
        &s.base,
        &token,
        "POST",
        "/v1/persons",
        Some(json!({"id": "P-9", "names": ["Петров Сергей"], "birth_dates": ["1980-01-01"]})),
    );
    assert_eq!(st, 201, "{b}");
    let (st, b) = call(
        &s.base,
        &token,
        "POST",
        "/v1/bans",
        Some(
            json!({"person_id": "P-9", "ground": "terrorism", "authority": "Court of Astana", "basis_kind": "court_decision", "basis_reference": "2-9/2026", "imposed_at": "2026-01-10"}),
        ),
    );
    assert_eq!(st, 201, "{b}");
    let t0 = Instant::now();
    let rescreen = loop {
        let found = alerts_of_kind(&s.base, &token, "rescreen");
        if !found.is_empty() {
            break found;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "no re-screening alert"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(rescreen.len(), 1, "{rescreen:?}");
    assert_eq!(rescreen[0]["entry_id"], "registry:P-9");
    assert_eq!(rescreen[0]["detail"]["member_kind"], "in_country");
    drop(s);
    // after a restart the persisted cursor repeats nothing
    let s = Server::start(dir, &[], &["--rescreen-poll-ms", "100"]);
    let run: Value = serde_json::from_str(ok(dir, &["rescreen", "--json"]).trim()).unwrap();
    assert_eq!(run["entries"], 0, "{run}");
    assert_eq!(alerts_of_kind(&s.base, &token, "rescreen").len(), 1);
    drop(s);
    let csv = ok(dir, &["report", "alerts", "--format", "csv"]);
    assert!(csv.contains("overstay,open,1"), "{csv}");
    assert!(csv.contains("rescreen,open,1"), "{csv}");
    let stays = ok(dir, &["stays", "list", "--status", "overstay"]);
    assert!(stays.contains("SERGEI PETROV"), "{stays}");
    let csv = ok(dir, &["report", "overstays"]);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    // the check from the CLI finds the same overstay and raises nothing new
    let out = ok(dir, &["overstays", "check"]);
    assert!(
        out.contains("1 past their allowed end, 0 new alert(s)"),
        "{out}"
    );
    ok(dir, &["audit", "verify"]);
}
