//! `berkut import` and `berkut sources` end to end.

use std::path::{Path, PathBuf};

use crate::cli::{berkut, ok};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn summary(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = ok(dir, &all);
    serde_json::from_str(out.trim()).unwrap()
}

fn head(dir: &Path) -> String {
    ok(dir, &["audit", "verify"])
}

#[test]
fn register_import_is_by_delta() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    let file = data("register.jsonl");
    let file = file.to_str().unwrap();
    let s = summary(dir.path(), &["persons", file]);
    assert_eq!(
        (
            s["read"].as_u64(),
            s["added"].as_u64(),
            s["persons"].as_u64()
        ),
        (Some(3), Some(3), Some(3))
    );
    assert_eq!(s["aliases"], 1);
    let before = head(dir.path());
    let s = summary(dir.path(), &["persons", file]);
    assert_eq!(
        (s["unchanged"].as_u64(), s["added"].as_u64()),
        (Some(3), Some(0))
    );
    assert_eq!(head(dir.path()), before, "re-import wrote events");
    let out = ok(dir.path(), &["sources"]);
    assert!(out.contains("national_register"), "{out}");
}

#[test]
fn a_bad_line_imports_nothing_and_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    let before = head(dir.path());
    let file = data("register-bad-line.jsonl");
    let out = berkut(dir.path())
        .args(["import", "persons", file.to_str().unwrap()])
        .assert()
        .failure()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("register-bad-line.jsonl: line 2"), "{err}");
    assert!(err.contains("birth_dates[0]"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(head(dir.path()), before);
}

#[test]
fn guard_rails_and_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    let full = data("register.jsonl");
    summary(dir.path(), &["persons", full.to_str().unwrap()]);
    let before = head(dir.path());
    // A file with one of three entries would delist two thirds of the source.
    let one = dir.path().join("one.jsonl");
    let first = std::fs::read_to_string(&full)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    std::fs::write(&one, format!("{first}\n")).unwrap();
    let out = berkut(dir.path())
        .args(["import", "persons", one.to_str().unwrap()])
        .assert()
        .failure();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("would delist 2 of 3"), "{err}");
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    berkut(dir.path())
        .args(["import", "persons", empty.to_str().unwrap()])
        .assert()
        .failure();
    let dry = summary(
        dir.path(),
        &[
            "persons",
            one.to_str().unwrap(),
            "--dry-run",
            "--allow-mass-removal",
        ],
    );
    assert_eq!(
        (dry["removed"].as_u64(), dry["dry_run"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(
        head(dir.path()),
        before,
        "refused or dry-run import wrote events"
    );
    let forced = summary(
        dir.path(),
        &["persons", one.to_str().unwrap(), "--allow-mass-removal"],
    );
    assert_eq!(forced["removed"], 2);
}

#[test]
fn broken_inputs_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    let latin1 = dir.path().join("latin1.jsonl");
    std::fs::write(&latin1, b"{\"id\": \"W-1\", \"names\": [\"Jos\xe9\"]}\n").unwrap();
    let xml = dir.path().join("broken.xml");
    std::fs::write(
        &xml,
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>",
    )
    .unwrap();
    let dtd = dir.path().join("dtd.xml");
    std::fs::write(
        &dtd,
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><CONSOLIDATED_LIST/>",
    )
    .unwrap();
    for (args, msg) in [
        (
            vec!["import", "persons", latin1.to_str().unwrap()],
            "not UTF-8",
        ),
        (vec!["import", "un-sc", xml.to_str().unwrap()], "truncated"),
        (vec!["import", "un-sc", dtd.to_str().unwrap()], "DOCTYPE"),
        (
            vec!["import", "ofac-sdn", dir.path().to_str().unwrap()],
            "no sdn.csv",
        ),
        (
            vec!["import", "persons", "/nonexistent/file.jsonl"],
            "cannot read",
        ),
    ] {
        let out = berkut(dir.path()).args(&args).assert().failure().code(1);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(err.contains(msg), "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    }
}

fn shared_lists() -> Option<PathBuf> {
    let base = std::env::var_os("BERKUT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let p = base.join("data/lists");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: shared list files not found at {}", p.display());
        None
    }
}

/// `(id, whitespace-normalised text)` of every UN record, read with string
/// search only (independent of the importer).
fn un_records(path: &Path) -> std::collections::BTreeMap<String, String> {
    let s = std::fs::read_to_string(path).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for tag in ["INDIVIDUAL", "ENTITY"] {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        let mut rest = s.as_str();
        while let Some(i) = rest.find(&open) {
            let body_start = i + open.len();
            let Some(j) = rest[body_start..].find(&close) else {
                break;
            };
            let body = &rest[body_start..body_start + j];
            let id = body
                .split("<DATAID>")
                .nth(1)
                .and_then(|t| t.split("</DATAID>").next())
                .unwrap();
            // Whitespace between tags is layout (the 2018 file is compact,
            // the 2026 one indented).
            out.insert(
                id.trim().to_string(),
                body.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace("> <", "><"),
            );
            rest = &rest[body_start + j..];
        }
    }
    out
}

/// The values of `tags` in a record's text, in document order, each with
/// its whitespace normalised.
fn un_values(record: &str, tags: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for tag in tags {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        for part in record.split(&open).skip(1) {
            if let Some(v) = part.split(&close).next() {
                out.push(v.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
    }
    out
}

#[test]
fn un_2018_then_2026_gives_the_independent_diff() {
    let Some(lists) = shared_lists() else { return };
    let (old, new) = (
        lists.join("un_sc/2018-10-29/consolidated.xml"),
        lists.join("un_sc/2026-02-27/UN_consolidated.xml"),
    );
    let (a, b) = (un_records(&old), un_records(&new));
    let added = b.keys().filter(|k| !a.contains_key(*k)).count() as u64;
    let removed = a.keys().filter(|k| !b.contains_key(*k)).count() as u64;
    let common = b.keys().filter(|k| a.contains_key(*k)).count() as u64;
    let text_changed = b
        .iter()
        .filter(|(k, v)| a.get(*k).is_some_and(|o| o != *v))
        .count() as u64;
    // Records whose names, dates, reference or comments differ must count
    // as changed, whatever else the importer keeps.
    let kept = [
        "FIRST_NAME",
        "SECOND_NAME",
        "THIRD_NAME",
        "FOURTH_NAME",
        "ALIAS_NAME",
        "NAME_ORIGINAL_SCRIPT",
        "DATE",
        "YEAR",
        "REFERENCE_NUMBER",
        "LISTED_ON",
        "COMMENTS1",
    ];
    let fields_changed = b
        .iter()
        .filter(|(k, v)| {
            a.get(*k)
                .is_some_and(|o| un_values(o, &kept) != un_values(v, &kept))
        })
        .count() as u64;

    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    let s = summary(dir.path(), &["un-sc", old.to_str().unwrap()]);
    assert_eq!(s["added"].as_u64(), Some(a.len() as u64));
    let s = summary(
        dir.path(),
        &["un-sc", new.to_str().unwrap(), "--allow-mass-removal"],
    );
    eprintln!(
        "UN 2018→2026: {s}; independent: added {added} removed {removed} common {common} \
         text-changed {text_changed} fields-changed {fields_changed}"
    );
    assert_eq!(s["read"], 1003);
    assert_eq!(
        (s["persons"].as_u64(), s["organisations"].as_u64()),
        (Some(730), Some(273))
    );
    // SOURCES.md: 2,139 individual and 613 entity alias records.
    assert_eq!(s["aliases"], 2_139 + 613);
    assert_eq!(s["remark_aliases"], 0);
    assert_eq!(
        (s["added"].as_u64(), s["removed"].as_u64()),
        (Some(added), Some(removed))
    );
    let (changed, unchanged) = (
        s["changed"].as_u64().unwrap(),
        s["unchanged"].as_u64().unwrap(),
    );
    assert_eq!(changed + unchanged, common);
    assert!(
        changed <= text_changed,
        "a record with identical text counted as changed"
    );
    assert!(
        changed >= fields_changed,
        "a record whose names, dates or comments changed counted as unchanged"
    );
    assert!(fields_changed > 0 && text_changed < common);
    let before = head(dir.path());
    let s = summary(dir.path(), &["un-sc", new.to_str().unwrap()]);
    assert_eq!(s["unchanged"], 1003);
    assert_eq!(head(dir.path()), before, "re-import wrote events");
}

/// `ent_num → row` of an OFAC CSV, split by string search only.
fn ofac_rows(path: &Path) -> std::collections::BTreeMap<String, String> {
    let s = std::fs::read_to_string(path).unwrap();
    s.lines()
        .filter_map(|l| {
            let id = l.split(',').next()?.trim().trim_matches('"').to_string();
            id.parse::<u64>()
                .ok()
                .map(|_| (id, l.trim_end().to_string()))
        })
        .collect()
}

#[test]
fn ofac_2023_then_2024_gives_the_independent_diff() {
    let Some(lists) = shared_lists() else { return };
    let dir = tempfile::tempdir().unwrap();
    // Compare the primary files alone (the 2024 snapshot has no alt/add).
    let (d1, d2) = (dir.path().join("2023"), dir.path().join("2024"));
    for (d, src) in [
        (&d1, "us_ofac_sdn/2023-12-28/sdn.csv"),
        (&d2, "us_ofac_sdn/2024-05-03/sdn.csv"),
    ] {
        std::fs::create_dir_all(d).unwrap();
        std::fs::copy(lists.join(src), d.join("sdn.csv")).unwrap();
    }
    let (a, b) = (
        ofac_rows(&d1.join("sdn.csv")),
        ofac_rows(&d2.join("sdn.csv")),
    );
    let added = b.keys().filter(|k| !a.contains_key(*k)).count() as u64;
    let removed = a.keys().filter(|k| !b.contains_key(*k)).count() as u64;
    let changed = b
        .iter()
        .filter(|(k, v)| a.get(*k).is_some_and(|o| o != *v))
        .count() as u64;
    ok(dir.path(), &["init"]);
    let s = summary(dir.path(), &["ofac-sdn", d1.to_str().unwrap()]);
    assert_eq!(
        (s["read"].as_u64(), s["persons"].as_u64()),
        (Some(13_821), Some(6_646))
    );
    let s = summary(dir.path(), &["ofac-sdn", d2.to_str().unwrap()]);
    eprintln!(
        "OFAC 2023→2024: {s}; independent: added {added} removed {removed} changed {changed}"
    );
    assert_eq!(s["read"], 14_965);
    assert_eq!(
        (
            s["added"].as_u64(),
            s["removed"].as_u64(),
            s["changed"].as_u64()
        ),
        (Some(added), Some(removed), Some(changed))
    );
    let before = head(dir.path());
    summary(dir.path(), &["ofac-sdn", d2.to_str().unwrap()]);
    assert_eq!(head(dir.path()), before, "re-import wrote events");
}

#[test]
fn ofac_full_triple_counts() {
    let Some(lists) = shared_lists() else { return };
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    let p = lists.join("us_ofac_sdn/2023-12-28");
    let s = summary(dir.path(), &["ofac-sdn", p.to_str().unwrap()]);
    assert_eq!(
        (
            s["read"].as_u64(),
            s["persons"].as_u64(),
            s["organisations"].as_u64()
        ),
        (Some(13_821), Some(6_646), Some(6_033))
    );
    // SOURCES.md: 17,091 alias rows in alt.csv; the weak a.k.a. names in
    // Remarks are counted apart, here against a string search of sdn.csv.
    assert_eq!(s["aliases"], 17_091, "{s}");
    let sdn = std::fs::read_to_string(p.join("sdn.csv")).unwrap();
    let in_remarks = ["a.k.a. '", "f.k.a. '", "n.k.a. '"]
        .iter()
        .map(|w| sdn.matches(w).count() as u64)
        .sum::<u64>();
    assert_eq!(s["remark_aliases"].as_u64(), Some(in_remarks), "{s}");
}
