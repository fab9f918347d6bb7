//! The hard pairs from the issue, among generated filler entries.

use berkut_domain::watchlist::{EntryKind, ListKind, ListedEntry, ListedName};
use berkut_domain::{NameKind, PersonName};
use berkut_engine::{Screener, Traveller, Verdict};

use crate::support::{listed_event, register_events, today};

fn register() -> Vec<String> {
    let mut lines = vec![
        r#"{"id":"W-1","names":["Иванов Юрий Петрович"],"birth_dates":["1975-03-12"],"nationalities":["RUS"],"sex":"M","documents":[{"number":"N1234567","country":"RUS","type":"P"}],"ground":"terrorism"}"#.to_string(),
        r#"{"id":"W-2","names":["Тоқаев Қасым-Жомарт"],"birth_dates":["1953-05-17"],"nationalities":["KAZ"],"sex":"M","ground":"un_or_foreign_sanctions"}"#.to_string(),
        r#"{"id":"W-4","names":["Юлия Тимошенко"],"birth_dates":["1960-11-27"],"nationalities":["UKR"],"sex":"F","ground":"extremism"}"#.to_string(),
    ];
    // filler: a register of generated people, so retrieval is not trivial
    lines.extend(berkut_gen::generate(99, 3_000, 0).register);
    lines
}

fn screener() -> Screener {
    let s = Screener::default();
    let mut events = register_events(&register(), 1);
    let mut masri = ListedEntry::new("36", ListKind::OfacSdn, EntryKind::Individual);
    masri.names.push(ListedName::strong(
        PersonName::new("Muhammad Abd al-Rahman al-Masri", NameKind::Primary).expect("name"),
    ));
    let n = events.len() as u64 + 1;
    events.push((n, listed_event(masri)));
    s.apply(&events);
    s
}

fn traveller(json: &str) -> Traveller {
    Traveller::from_json(json).expect("traveller")
}

fn check(s: &Screener, json: &str, verdict: Verdict, entry: &str) {
    let t = traveller(json);
    assert!(
        s.candidate_ids(&t, today())
            .iter()
            .any(|c| c.ends_with(entry)),
        "{entry} not among candidates for {json}"
    );
    let d = s.screen(&t, today());
    assert_eq!(d.decision, verdict, "{json}: {d:#?}");
    assert!(
        d.matches.iter().any(|m| m.entry_id.ends_with(entry)),
        "{json}: {d:#?}"
    );
}

#[test]
fn hard_pairs_are_retrieved_and_decided() {
    let s = screener();
    // name + full birth date against an in-force ban: DENY
    check(
        &s,
        r#"{"id":"T1","names":["IURII IVANOV"],"birth_date":"1975-03-12","nationality":"RUS","sex":"M","document":{"number":"75 0000001","country":"RUS"}}"#,
        Verdict::Deny,
        "W-1",
    );
    // the name alone: REFER
    check(
        &s,
        r#"{"id":"T2","names":["IURII IVANOV"]}"#,
        Verdict::Refer,
        "W-1",
    );
    // the document and a compatible name: DENY
    check(
        &s,
        r#"{"id":"T3","names":["YURIY IVANOV"],"document":{"number":"N1234567"}}"#,
        Verdict::Deny,
        "W-1",
    );
    check(
        &s,
        r#"{"id":"T4","names":["KASSYM-JOMART TOKAYEV"],"birth_date":"1953-05-17","nationality":"KAZ"}"#,
        Verdict::Deny,
        "W-2",
    );
    check(
        &s,
        r#"{"id":"T5","names":["Qasym-Zhomart Toqaev"],"birth_date":"1953-05-17"}"#,
        Verdict::Deny,
        "W-2",
    );
    // an entry without a legal ground can at most REFER
    check(
        &s,
        r#"{"id":"T6","names":["Mohamed Abdel Rahman el-Masri"],"birth_date":"1970-01-01"}"#,
        Verdict::Refer,
        "ofac_sdn:36",
    );
    check(
        &s,
        r#"{"id":"T7","names":["Iuliia Tymoshenko"],"birth_date":"1960-11-27","sex":"F"}"#,
        Verdict::Deny,
        "W-4",
    );
}

#[test]
fn document_with_another_name_refers_with_its_own_reason() {
    let s = screener();
    let t = traveller(r#"{"id":"T8","names":["PETR SIDOROV"],"document":{"number":"N1234567"}}"#);
    let d = s.screen(&t, today());
    assert_eq!(d.decision, Verdict::Refer, "{d:#?}");
    let m = &d.matches[0];
    assert!(m.entry_id.ends_with("W-1"));
    assert!(
        m.reasons.iter().any(|r| r.contains("names differ")),
        "{m:#?}"
    );
}

#[test]
fn namesake_born_elsewhen_is_not_denied() {
    let s = screener();
    let t = traveller(r#"{"id":"T9","names":["IURII IVANOV"],"birth_date":"1990-07-01"}"#);
    let d = s.screen(&t, today());
    assert_ne!(d.decision, Verdict::Deny, "{d:#?}");
}

#[test]
fn decision_serialises_as_the_result_line() {
    let s = screener();
    let d = s.screen(
        &traveller(r#"{"id":"T1","names":["IURII IVANOV"],"birth_date":"1975-03-12"}"#),
        today(),
    );
    let v = serde_json::to_value(&d).expect("json");
    assert_eq!(v["id"], "T1");
    assert_eq!(v["decision"], "DENY");
    assert_eq!(v["index_seq"], s.index_seq());
    assert!(
        v["matches"][0]["entry_id"]
            .as_str()
            .is_some_and(|e| e.ends_with("W-1"))
    );
    assert!(v["matches"][0]["score"].is_number());
    assert_eq!(v["matches"][0]["bars_entry"], true);
    assert_eq!(v["matches"][0]["ground"], "terrorism");
    let back: berkut_engine::Decision = serde_json::from_value(v).expect("round trip");
    assert_eq!(back, d);
}
