//! `berkut screen`, `eval`, `score` and `gen` end to end.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::cli::{berkut, ok};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn seeded() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    ok(
        dir.path(),
        &[
            "import",
            "persons",
            data("register.jsonl").to_str().unwrap(),
        ],
    );
    dir
}

#[test]
fn listed_traveller_under_another_spelling_is_denied() {
    let dir = seeded();
    berkut(dir.path())
        .args([
            "screen",
            "--name",
            "IURII IVANOV",
            "--birth-date",
            "1975-03-12",
            "--nationality",
            "RUS",
        ])
        .assert()
        .code(4)
        .stdout(predicate::str::contains("DENY"))
        .stdout(predicate::str::contains("national_register:W-000123"));
    // Name alone: a possible match, not a denial.
    berkut(dir.path())
        .args(["screen", "--name", "KASSYM-JOMART TOKAYEV"])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("national_register:W-000124"));
    berkut(dir.path())
        .args([
            "screen",
            "--name",
            "Aigerim Bekova",
            "--birth-date",
            "1990-05-05",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("CLEAR"));
}

#[test]
fn a_lifted_registry_ban_no_longer_denies() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    ok(
        dir.path(),
        &[
            "person",
            "add",
            "--id",
            "P-1",
            "--name",
            "Тоқаев Қасым-Жомарт",
            "--birth-date",
            "1953-05-17",
        ],
    );
    ok(
        dir.path(),
        &[
            "ban",
            "add",
            "--person",
            "P-1",
            "--ground",
            "extremism",
            "--authority",
            "MVD",
            "--basis",
            "No. 1",
            "--imposed-at",
            "2025-01-01",
        ],
    );
    let args = [
        "screen",
        "--name",
        "Qasym-Zhomart Toqaev",
        "--birth-date",
        "1953-05-17",
        "--json",
    ];
    let out = berkut(dir.path()).args(args).assert().code(4);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["decision"], "DENY");
    let ban = v["matches"][0]["entry_id"].as_str().unwrap().to_string();
    assert!(ban.contains("P-1"), "{ban}");
    let line = ok(dir.path(), &["ban", "list", "--json"]);
    let id: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    ok(
        dir.path(),
        &[
            "ban",
            "lift",
            id["id"].as_str().unwrap(),
            "--reason",
            "acquitted",
        ],
    );
    berkut(dir.path()).args(args).assert().code(0);
}

#[test]
fn mrz_with_bad_check_digits_is_screened_with_a_warning() {
    let dir = seeded();
    let l1 = "P<RUSIVANOV<<IURII<<<<<<<<<<<<<<<<<<<<<<<<<<";
    let l2 = "N1234567<0RUS7503128M3001014<<<<<<<<<<<<<<02";
    let out = berkut(dir.path())
        .args(["screen", "--mrz", l1, l2, "--json"])
        .assert();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_ne!(v["decision"], "CLEAR", "{v}");
    assert!(
        v["warnings"].to_string().contains("check digits failed"),
        "{v}"
    );
}

#[test]
fn invalidated_and_expired_documents_are_referred() {
    let dir = seeded();
    ok(
        dir.path(),
        &[
            "invalidated",
            "import",
            data("invalidated.jsonl").to_str().unwrap(),
        ],
    );
    berkut(dir.path())
        .args([
            "screen",
            "--name",
            "Aigerim Bekova",
            "--document",
            "N1234567",
            "--document-country",
            "KAZ",
            "--document-expiry",
            "2030-01-01",
        ])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("listed as Stolen"));
    berkut(dir.path())
        .args([
            "screen",
            "--name",
            "Aigerim Bekova",
            "--nationality",
            "KAZ",
            "--document",
            "N7777777",
            "--document-country",
            "KAZ",
            "--document-expiry",
            "2026-01-31",
            "--at",
            "2026-03-01",
        ])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("expired on 2026-01-31"));
    ok(
        dir.path(),
        &[
            "emergency",
            "declare",
            "--authority",
            "Government",
            "--legal-act",
            "Decree 7",
            "--from",
            "2026-02-01",
        ],
    );
    berkut(dir.path())
        .args([
            "screen",
            "--name",
            "Aigerim Bekova",
            "--nationality",
            "KAZ",
            "--document",
            "N7777777",
            "--document-country",
            "KAZ",
            "--document-expiry",
            "2026-01-31",
            "--at",
            "2026-03-01",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "valid under emergency declaration",
        ));
}

#[test]
fn batch_gen_eval_and_score() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gen");
    ok(
        dir.path(),
        &[
            "gen",
            "--seed",
            "11",
            "--listed",
            "600",
            "--travellers",
            "400",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let (reg, trav, truth) = (
        out.join("register.jsonl"),
        out.join("travellers.jsonl"),
        out.join("truth.jsonl"),
    );
    let report = ok(
        dir.path(),
        &[
            "eval",
            "--watchlist",
            reg.to_str().unwrap(),
            "--travellers",
            trav.to_str().unwrap(),
            "--truth",
            truth.to_str().unwrap(),
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(report.trim()).unwrap();
    let recall = v["recall"].as_f64().unwrap();
    eprintln!(
        "eval on 600/400 generated: recall {recall}, false referral {}",
        v["false_referral_rate"]
    );
    assert!(recall >= 0.90, "{v}");
    assert_eq!(v["clear_denied"], 0);
    // The same data through the store and batch screening.
    ok(dir.path(), &["init"]);
    ok(dir.path(), &["import", "persons", reg.to_str().unwrap()]);
    let results = dir.path().join("results.jsonl");
    ok(
        dir.path(),
        &[
            "screen",
            "--batch",
            trav.to_str().unwrap(),
            "--out",
            results.to_str().unwrap(),
        ],
    );
    let lines = std::fs::read_to_string(&results).unwrap();
    let travellers = std::fs::read_to_string(&trav).unwrap();
    assert_eq!(lines.lines().count(), travellers.lines().count());
    for (r, t) in lines.lines().zip(travellers.lines()) {
        let r: serde_json::Value = serde_json::from_str(r).unwrap();
        let t: serde_json::Value = serde_json::from_str(t).unwrap();
        assert_eq!(r["id"], t["id"], "results out of order");
    }
    // A malformed batch line names its line.
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"id\": \"T-1\", \"names\": [\"A\"]}\n{\"id\": 5}\n").unwrap();
    berkut(dir.path())
        .args(["screen", "--batch", bad.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.jsonl: line 2"));
    let scores = ok(
        dir.path(),
        &["score", "--pairs", data("pairs.jsonl").to_str().unwrap()],
    );
    let bands: Vec<String> = scores
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["band"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(bands.len(), 4);
    assert_eq!(bands[0], "strong");
    assert_ne!(bands[1], "weak");
    assert_eq!(bands[2], "weak");
}
