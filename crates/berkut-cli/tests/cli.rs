use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

pub fn berkut(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("berkut").unwrap();
    c.current_dir(dir)
        .env_remove("BERKUT_DATA_DIR")
        .env_remove("BERKUT_DATABASE_URL")
        .env_remove("BERKUT_CONFIG")
        .env("BERKUT_ACTOR", "officer-1");
    c
}

pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = berkut(dir).args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// A store with one person and one ban; returns the ban id.
fn seeded(dir: &Path) -> String {
    ok(dir, &["init"]);
    ok(
        dir,
        &[
            "person",
            "add",
            "--id",
            "W-000123",
            "--name",
            "Иванов Юрий Петрович",
            "--name",
            "IURII IVANOV",
            "--birth-date",
            "1975-03-12",
            "--nationality",
            "RUS",
            "--sex",
            "M",
            "--document",
            "P:N1234567:RUS:2030-01-01",
        ],
    );
    ok(
        dir,
        &[
            "ban",
            "add",
            "--person",
            "W-000123",
            "--ground",
            "terrorism",
            "--authority",
            "Migration Police",
            "--basis",
            "Case 2-1/2025",
            "--imposed-at",
            "2025-01-10",
        ],
    );
    let line = ok(dir, &["ban", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    v["id"].as_str().unwrap().to_string()
}

#[test]
fn scripted_flow() {
    let dir = tempfile::tempdir().unwrap();
    let ban = seeded(dir.path());
    let out = ok(dir.path(), &["ban", "show", &ban]);
    assert!(
        out.contains("ban.imposed") && out.contains("active"),
        "{out}"
    );
    ok(
        dir.path(),
        &[
            "ban",
            "lift",
            &ban,
            "--reason",
            "Appeal granted",
            "--on",
            "2025-06-01",
        ],
    );
    let out = ok(dir.path(), &["ban", "show", &ban, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ban"]["status"]["state"], "lifted");
    assert_eq!(v["history"].as_array().unwrap().len(), 2);
    assert_eq!(v["history"][1]["actor"], "officer-1");
    let out = ok(dir.path(), &["person", "show", "W-000123"]);
    assert!(out.contains("Иванов Юрий Петрович"), "{out}");
    let out = ok(dir.path(), &["ban", "list", "--status", "active"]);
    assert!(out.contains("no bans"), "{out}");
    berkut(dir.path())
        .args(["audit", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains("chain intact: 3 events"));
}

#[test]
fn commands_need_an_initialised_store() {
    let dir = tempfile::tempdir().unwrap();
    berkut(dir.path())
        .args(["ban", "list"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("run `berkut init` first"));
}

#[test]
fn bad_input_names_the_field_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ban = seeded(dir.path());
    let before = ok(dir.path(), &["audit", "verify"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "ban",
                "add",
                "--person",
                "W-000123",
                "--ground",
                "theft",
                "--authority",
                "A",
                "--basis",
                "B",
            ],
            "error: ground: unknown legal ground 'theft'",
        ),
        (
            &[
                "ban",
                "add",
                "--person",
                "W-000123",
                "--ground",
                "terrorism",
                "--authority",
                "A",
                "--basis",
                "B",
                "--imposed-at",
                "1990-02-30",
            ],
            "error: imposed_at: '1990-02-30' does not exist",
        ),
        (
            &[
                "ban",
                "add",
                "--person",
                "W-404",
                "--ground",
                "terrorism",
                "--authority",
                "A",
                "--basis",
                "B",
            ],
            "error: person_id: person not found: W-404",
        ),
        (
            &["ban", "lift", &ban, "--reason", "   "],
            "error: reason: is required",
        ),
        (
            &["ban", "lift", "B-404", "--reason", "x"],
            "error: ban_id: ban not found: B-404",
        ),
        (
            &[
                "person",
                "add",
                "--id",
                "W-2",
                "--name",
                "A B",
                "--birth-date",
                "1990-02-30",
            ],
            "error: birth_dates[0]: '1990-02-30' does not exist",
        ),
        (
            &[
                "person",
                "add",
                "--id",
                "W-2",
                "--name",
                "A B",
                "--nationality",
                "XYZ",
            ],
            "error: nationalities[0]",
        ),
        (&["ban", "list", "--ground", "nope"], "error: ground:"),
    ];
    for (args, msg) in cases {
        let out = berkut(dir.path()).args(*args).assert().failure().code(1);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(stderr.starts_with(msg), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
        assert!(!stderr.contains("panicked"));
    }
    assert_eq!(
        ok(dir.path(), &["audit", "verify"]),
        before,
        "store changed"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    berkut(dir.path()).args(["ban", "lift"]).assert().code(2);
    berkut(dir.path()).args(["frobnicate"]).assert().code(2);
}

fn tamper(db: &Path, sql: &[&'static str]) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        use sqlx::{Connection, SqliteConnection};
        let url = format!("sqlite://{}", db.display());
        let mut c = SqliteConnection::connect(&url).await.unwrap();
        let setup = [
            "PRAGMA foreign_keys = OFF",
            "DROP TRIGGER IF EXISTS events_no_update",
            "DROP TRIGGER IF EXISTS events_no_delete",
        ];
        for s in setup.iter().chain(sql) {
            sqlx::query(*s).execute(&mut c).await.unwrap();
        }
        c.close().await.unwrap();
    });
}

#[test]
fn audit_verify_names_the_first_bad_seq() {
    let cases: &[(&[&'static str], &str)] = &[
        // One byte of a payload.
        (
            &["UPDATE events SET payload = replace(payload, 'IURII', 'IURIJ') WHERE seq = 1"],
            "broken at seq 1",
        ),
        // One byte of the actor.
        (
            &["UPDATE events SET actor = 'officer-2' WHERE seq = 3"],
            "broken at seq 3",
        ),
        // A deleted event.
        (&["DELETE FROM events WHERE seq = 2"], "broken at seq 2"),
        // The last event deleted.
        (&["DELETE FROM events WHERE seq = 3"], "broken at seq 3"),
        // Two events reordered.
        (
            &[
                "UPDATE events SET seq = -1 WHERE seq = 2",
                "UPDATE events SET seq = 2 WHERE seq = 3",
                "UPDATE events SET seq = 3 WHERE seq = -1",
            ],
            "broken at seq 2",
        ),
    ];
    for (sql, expect) in cases {
        let dir = tempfile::tempdir().unwrap();
        let ban = seeded(dir.path());
        ok(dir.path(), &["ban", "lift", &ban, "--reason", "x"]);
        tamper(&dir.path().join("berkut-data/berkut.db"), sql);
        berkut(dir.path())
            .args(["audit", "verify"])
            .assert()
            .failure()
            .stderr(predicate::str::contains(*expect))
            .stderr(predicate::str::contains("hash chain"));
    }
}

#[test]
fn config_file_and_env_choose_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("berkut.toml"), "data_dir = \"from-toml\"\n").unwrap();
    ok(dir.path(), &["init"]);
    assert!(dir.path().join("from-toml/berkut.db").exists());
    berkut(dir.path())
        .env("BERKUT_DATA_DIR", "from-env")
        .arg("init")
        .assert()
        .success();
    assert!(dir.path().join("from-env/berkut.db").exists());
    ok(dir.path(), &["--data-dir", "from-flag", "init"]);
    assert!(dir.path().join("from-flag/berkut.db").exists());
    std::fs::write(dir.path().join("bad.toml"), "data_dri = 1\n").unwrap();
    berkut(dir.path())
        .args(["--config", "bad.toml", "init"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("data_dri"));
}

#[test]
fn doc_commands_exit_by_validity() {
    let dir = tempfile::tempdir().unwrap();
    let l1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    berkut(dir.path())
        .args([
            "doc",
            "mrz",
            l1,
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("TD3"));
    berkut(dir.path())
        .args([
            "doc",
            "mrz",
            l1,
            "L898902C37UTO7408122F1204159ZE184226B<<<<<10",
            "--json",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"valid\": false"));
    berkut(dir.path())
        .args(["doc", "iin", "950101300038"])
        .assert()
        .code(1);
    berkut(dir.path()).args(["doc", "mrz"]).assert().code(2);
}

#[test]
fn users_and_tokens() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    ok(
        dir.path(),
        &["user", "add", "anna", "--role", "border_officer"],
    );
    let token = ok(
        dir.path(),
        &[
            "token",
            "create",
            "--user",
            "anna",
            "--role",
            "border_officer",
            "--name",
            "lane-1",
        ],
    );
    assert!(
        token.trim().starts_with("bk_") && token.trim().len() > 40,
        "{token}"
    );
    berkut(dir.path())
        .args([
            "token", "create", "--user", "anna", "--role", "admin", "--name", "x",
        ])
        .assert()
        .failure();
    berkut(dir.path())
        .args(["user", "add", "bob", "--role", "chief"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("role: 'chief' is not a role"));
    let out = ok(dir.path(), &["audit", "verify"]);
    assert!(!out.contains(token.trim()));
}

#[test]
fn emergency_declarations_keep_expired_documents_valid() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    let check_in = |region: &str| {
        let args = [
            "doc",
            "validity",
            "--expiry",
            "2026-01-31",
            "--kind",
            "passport",
            "--nationality",
            "KAZ",
            "--at",
            "2026-03-01",
            "--region",
            region,
        ];
        berkut(dir.path()).args(args).assert()
    };

    // Expired, no declaration: invalid.
    check_in("Almaty")
        .code(1)
        .stdout(predicate::str::contains("INVALID"));
    let out = ok(
        dir.path(),
        &[
            "emergency",
            "declare",
            "--authority",
            "Government of Kazakhstan",
            "--legal-act",
            "Decree No. 1 of 2026-02-01",
            "--from",
            "2026-02-01",
            "--until",
            "2026-06-30",
            "--region",
            "Almaty",
            "--document-kind",
            "passport",
        ],
    );
    let id = out.split_whitespace().nth(2).unwrap().to_string();
    // Inside period and region: valid, naming the declaration.
    check_in("Almaty")
        .success()
        .stdout(predicate::str::contains(format!(
            "valid under emergency declaration {id}"
        )));
    // Another region, another nationality, outside the period: invalid.
    check_in("Astana").code(1);
    berkut(dir.path())
        .args([
            "doc",
            "validity",
            "--expiry",
            "2026-01-31",
            "--nationality",
            "RUS",
            "--at",
            "2026-03-01",
            "--region",
            "Almaty",
        ])
        .assert()
        .code(1);
    berkut(dir.path())
        .args([
            "doc",
            "validity",
            "--expiry",
            "2026-01-31",
            "--nationality",
            "KAZ",
            "--at",
            "2026-07-01",
            "--region",
            "Almaty",
        ])
        .assert()
        .code(1);
    // Ended: invalid again; ending twice is refused; listing shows it.
    ok(
        dir.path(),
        &[
            "emergency",
            "end",
            &id,
            "--reason",
            "renewal possible again",
            "--on",
            "2026-02-20",
        ],
    );
    check_in("Almaty").code(1);
    berkut(dir.path())
        .args(["emergency", "end", &id, "--reason", "again"])
        .assert()
        .failure();
    let list = ok(dir.path(), &["emergency", "list"]);
    assert!(list.contains("ended 2026-02-20"), "{list}");
    berkut(dir.path())
        .args([
            "emergency",
            "declare",
            "--authority",
            "A",
            "--legal-act",
            "B",
            "--from",
            "2026-02-30",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("error: from:"));
}

#[test]
fn invalidated_documents_register() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/invalidated.jsonl");
    berkut(dir.path())
        .args(["invalidated", "check", "N1234567", "--country", "KAZ"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no register imported yet"));
    let out = ok(
        dir.path(),
        &["invalidated", "import", file.to_str().unwrap()],
    );
    assert!(out.contains("invalidated documents built"), "{out}");
    berkut(dir.path())
        .args(["invalidated", "check", "n 123-4567", "--country", "kaz"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("LISTED: Stolen"));
    berkut(dir.path())
        .args(["invalidated", "check", "N7654321", "--country", "KAZ"])
        .assert()
        .success()
        .stdout(predicate::str::contains("not listed"));
    let sources = ok(dir.path(), &["sources"]);
    assert!(sources.contains("invalidated_documents"), "{sources}");
    // A broken file changes nothing.
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"number\": \"X1\", \"issuing_state\": \"KAZ\", \"status\": \"eaten\"}\n",
    )
    .unwrap();
    let before = ok(dir.path(), &["audit", "verify"]);
    berkut(dir.path())
        .args(["invalidated", "import", bad.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("line 1"));
    assert_eq!(ok(dir.path(), &["audit", "verify"]), before);
    berkut(dir.path())
        .args(["invalidated", "check", "N1234567", "--country", "KAZ"])
        .assert()
        .code(1);
}
