//! `berkut employer|worker|inspection|report` on the embedded store: an
//! employer, a worker on a permit that has expired by the planning day, the
//! plan of his unit naming that reason, an inspection, the CSV report; bad
//! input fails with the field named and writes nothing.

use tempfile::tempdir;

use crate::cli::{berkut, ok};

const BIN: &str = "940140000385";

#[test]
fn employer_worker_plan_inspection_report() {
    let dir = tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init"]);
    let out = ok(
        d,
        &[
            "employer",
            "add",
            "--bin",
            BIN,
            "--name",
            "Halyk Construction LLP",
            "--region",
            "Almaty",
            "--local-staff",
            "40",
        ],
    );
    assert!(
        out.contains("registered employer BIN 940140000385 in KZ-75"),
        "{out}"
    );
    let out = ok(
        d,
        &[
            "worker",
            "add",
            "--employer",
            BIN,
            "--id",
            "EXT-1",
            "--name",
            "Петров Сергей",
            "--birth-date",
            "1988-02-03",
            "--nationality",
            "RUS",
            "--passport",
            "751234567:RUS",
            "--permit",
            "AL-1",
            "--category",
            "3",
            "--position",
            "Welder",
            "--valid-from",
            "2026-01-01",
            "--valid-to",
            "2026-06-30",
            "--hired",
            "2026-01-05",
            "--hiring-notified",
            "2026-01-05",
        ],
    );
    assert!(out.contains("registered worker FW-"), "{out}");
    assert!(out.contains("CLEAR"), "{out}");
    let worker = out
        .split_whitespace()
        .find(|w| w.starts_with("FW-"))
        .unwrap()
        .to_string();
    let out = ok(
        d,
        &[
            "inspection",
            "plan",
            "--unit",
            "KZ-ALA",
            "--date",
            "2026-11-27",
        ],
    );
    assert!(
        out.contains("1. 940140000385 Halyk Construction LLP"),
        "{out}"
    );
    assert!(out.contains("expired permit"), "{out}");
    assert!(out.contains(&worker), "{out}");
    let out = ok(
        d,
        &[
            "inspection",
            "record",
            "--employer",
            BIN,
            "--inspector",
            "Capt. Nurlanov",
            "--date",
            "2026-11-28",
            "--findings",
            "permit expired",
            "--violation",
            "CoAO art. 517 p. 1|work without a valid permit",
            "--fine-kzt",
            "368000",
        ],
    );
    assert!(out.contains("recorded inspection IN-"), "{out}");
    let out = ok(d, &["inspection", "list", "--unit", "Almaty"]);
    assert!(out.contains("2026-11-28"), "{out}");
    let out = ok(d, &["report", "inspections", "--format", "csv"]);
    let row = out.lines().find(|l| l.starts_with("KZ-75,")).unwrap();
    assert!(row.contains(",1,1,1,368000,2026-11-28"), "{row}");
    let out = ok(
        d,
        &["worker", "terminate", &worker, "--terminated", "2026-11-30"],
    );
    assert!(out.contains("terminated worker"), "{out}");
    ok(d, &["audit", "verify"]);
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let dir = tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init"]);
    let head = || ok(d, &["audit", "verify"]);
    let before = head();
    for (args, field) in [
        (
            vec![
                "employer",
                "add",
                "--bin",
                "940140000386",
                "--name",
                "X",
                "--region",
                "KZ-75",
            ],
            "bin:",
        ),
        (
            vec![
                "employer", "add", "--bin", BIN, "--name", "X", "--region", "Atlantis",
            ],
            "region:",
        ),
        (
            vec![
                "worker",
                "add",
                "--employer",
                BIN,
                "--id",
                "E",
                "--name",
                "A B",
                "--hired",
                "2026-01-01",
            ],
            "employer:",
        ),
        (vec!["inspection", "plan", "--unit", "Atlantis"], "unit:"),
    ] {
        berkut(d)
            .args(&args)
            .assert()
            .failure()
            .stderr(predicates::str::contains(field));
    }
    assert_eq!(head(), before, "nothing was written");
}

/// The notification deadline is configuration: 3 working days by default,
/// `[labour.notifications] hiring_days` in berkut.toml changes it.
#[test]
fn notification_deadline_is_configurable() {
    let add = |d: &std::path::Path, id: &str| {
        ok(
            d,
            &[
                "worker",
                "add",
                "--employer",
                BIN,
                "--id",
                id,
                "--name",
                "Петров Сергей",
                "--permit",
                "AL-1",
                "--category",
                "3",
                "--position",
                "Welder",
                "--valid-from",
                "2026-01-05",
                "--valid-to",
                "2026-06-30",
                "--hired",
                "2026-01-05",
                "--hiring-notified",
                "2026-01-12",
            ],
        )
    };
    for (config, late) in [
        (None, true),
        (Some("[labour.notifications]\nhiring_days = 10\n"), false),
    ] {
        let dir = tempdir().unwrap();
        let d = dir.path();
        if let Some(c) = config {
            std::fs::write(d.join("berkut.toml"), c).unwrap();
        }
        ok(d, &["init"]);
        ok(
            d,
            &[
                "employer", "add", "--bin", BIN, "--name", "E LLP", "--region", "KZ-75",
            ],
        );
        let out = add(d, "EXT-1");
        assert_eq!(
            out.contains("LATE hiring notification: deadline 2026-01-08, 4 day(s) late"),
            late,
            "{config:?}: {out}"
        );
    }
}
