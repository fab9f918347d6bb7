//! Events change what is screenable: bans imposed, lifted, expired; entries
//! listed, changed, delisted; MRZ input with bad check digits.

use berkut_domain::{BanId, BanLifted, EventBody, NewBanInput, PersonInput, WatchlistSource};
use berkut_engine::{Screener, Traveller, Verdict};

use crate::support::{register_events, today};

fn person(id: &str, name: &str, dob: &str) -> EventBody {
    let input: PersonInput = serde_json::from_value(serde_json::json!({
        "id": id, "names": [name], "birth_dates": [dob], "nationalities": ["KAZ"], "sex": "M",
        "documents": [{"number": "N77777777", "country": "KAZ", "type": "P"}]
    }))
    .expect("input");
    EventBody::PersonRegistered(input.validate().expect("valid person"))
}

fn ban(ban_id: &str, person: &str, until: Option<&str>) -> EventBody {
    let input = NewBanInput {
        person_id: person.into(),
        ground: "organised_crime".into(),
        authority: "Court".into(),
        basis_kind: "court_decision".into(),
        basis_reference: "2-123/2025".into(),
        imposed_at: "2025-01-10".into(),
        until: until.map(str::to_string),
    };
    EventBody::BanImposed(
        input
            .validate(
                BanId::parse(ban_id).expect("ban id"),
                WatchlistSource::NationalRegister,
            )
            .expect("valid ban"),
    )
}

fn t(json: &str) -> Traveller {
    Traveller::from_json(json).expect("traveller")
}

const ASKHAT: &str =
    r#"{"id":"T","names":["ASKHAT NURLANOV"],"birth_date":"1980-02-03","nationality":"KAZ"}"#;

#[test]
fn registry_person_is_screenable_only_while_banned() {
    let s = Screener::default();
    s.apply(&[(1, person("P-1", "Нұрланов Асхат Серікұлы", "1980-02-03"))]);
    assert_eq!(s.screen(&t(ASKHAT), today()).decision, Verdict::Clear);
    assert_eq!(s.stats().registry_persons, 0);

    s.apply(&[(2, ban("B-1", "P-1", None))]);
    let d = s.screen(&t(ASKHAT), today());
    assert_eq!(d.decision, Verdict::Deny, "{d:#?}");
    assert_eq!(d.index_seq, 2);
    assert_eq!(d.matches[0].entry_id, "registry:P-1");
    assert_eq!(s.stats().registry_persons, 1);

    // replaying old events changes nothing
    s.apply(&[(1, person("P-1", "Other Name", "1999-01-01"))]);
    assert_eq!(s.index_seq(), 2);

    s.apply(&[(
        3,
        EventBody::BanLifted(BanLifted {
            ban_id: BanId::parse("B-1").expect("id"),
            on: today(),
            reason: "court quashed".into(),
        }),
    )]);
    assert_eq!(s.screen(&t(ASKHAT), today()).decision, Verdict::Clear);
    assert_eq!(s.stats().registry_persons, 0);
}

#[test]
fn a_ban_past_its_term_does_not_deny() {
    let s = Screener::default();
    s.apply(&[
        (1, person("P-2", "Нұрланов Асхат", "1980-02-03")),
        (2, ban("B-2", "P-2", Some("2026-01-01"))),
    ]);
    // the term ended before today although no ban.expired event came yet
    assert_eq!(s.screen(&t(ASKHAT), today()).decision, Verdict::Clear);
    let earlier = time::macros::date!(2025 - 06 - 01);
    assert_eq!(s.screen(&t(ASKHAT), earlier).decision, Verdict::Deny);
}

#[test]
fn entries_change_and_leave() {
    let s = Screener::default();
    let line = |name: &str| {
        format!(
            r#"{{"id":"W-9","names":["{name}"],"birth_dates":["1980-02-03"],"ground":"terrorism"}}"#
        )
    };
    s.apply(&register_events(&[line("Нұрланов Асхат")], 1));
    assert_eq!(s.screen(&t(ASKHAT), today()).decision, Verdict::Deny);
    // changed: another name
    let changed = match register_events(&[line("Сейітқалиев Бауыржан")], 2).remove(0)
    {
        (seq, EventBody::EntryListed(e)) => (seq, EventBody::EntryChanged(e)),
        other => other,
    };
    let entry_id = match &changed.1 {
        EventBody::EntryChanged(e) => e.entry_id.clone(),
        _ => unreachable!(),
    };
    s.apply(&[changed]);
    assert_eq!(s.screen(&t(ASKHAT), today()).decision, Verdict::Clear);
    let b = r#"{"id":"T","names":["BAUYRZHAN SEITKALIEV"],"birth_date":"1980-02-03"}"#;
    assert_eq!(s.screen(&t(b), today()).decision, Verdict::Deny);
    s.apply(&[(
        3,
        EventBody::EntryDelisted(berkut_domain::watchlist::EntryDelisted {
            entry_id,
            source: "national_register".into(),
            reason: "removed".into(),
        }),
    )]);
    assert_eq!(s.screen(&t(b), today()).decision, Verdict::Clear);
    assert_eq!(s.index_seq(), 3);
}

#[test]
fn mrz_with_bad_check_digit_is_screened_with_a_warning() {
    let s = Screener::default();
    s.apply(&register_events(
        &[r#"{"id":"W-5","names":["Тоқаев Болат"],"birth_dates":["1974-08-12"],"ground":"extremism"}"#.to_string()],
        1,
    ));
    let fields = berkut_documents::MrzFields {
        document_code: "P".into(),
        issuing_state: "KAZ".into(),
        primary_identifier: "TOKAYEV".into(),
        secondary_identifier: "BOLAT".into(),
        document_number: "N12345678".into(),
        nationality: "KAZ".into(),
        birth_date: "740812".into(),
        sex: berkut_documents::Sex::Male,
        expiry_date: "300101".into(),
        ..Default::default()
    };
    let mut lines =
        berkut_documents::generate(&fields, berkut_documents::MrzFormat::Td3).expect("mrz");
    let good = t(&serde_json::json!({"id": "M1", "mrz": lines}).to_string());
    let d = s.screen(&good, today());
    assert_eq!(d.decision, Verdict::Deny, "{d:#?}");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    // break the document number's check digit
    let mut l: Vec<char> = lines[1].chars().collect();
    l[9] = if l[9] == '0' { '1' } else { '0' };
    lines[1] = l.into_iter().collect();
    let bad = t(&serde_json::json!({"id": "M2", "mrz": lines}).to_string());
    let d = s.screen(&bad, today());
    assert_eq!(d.decision, Verdict::Deny, "{d:#?}");
    assert!(
        d.warnings.iter().any(|w| w.contains("check digit")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn refer_level_matches_can_be_set_aside_but_never_a_deny() {
    let s = Screener::default();
    s.apply(&[
        (1, person("P-3", "Нұрланов Асхат Серікұлы", "1980-02-03")),
        (2, ban("B-3", "P-3", None)),
    ]);
    // Same name, no birth date: a REFER.
    let refer = t(r#"{"id":"T","names":["ASKHAT NURLANOV"],"nationality":"KAZ"}"#);
    let d = s.screen(&refer, today());
    assert_eq!(d.decision, Verdict::Refer, "{d:#?}");
    assert!(!d.matches[0].deny);
    let note = |id: &str| (id == "registry:P-3").then(|| "resolved by review R-1".to_string());
    let d = s.screen_with(&refer, today(), &note);
    assert_eq!(d.decision, Verdict::Clear, "{d:#?}");
    assert!(d.matches.is_empty());
    assert!(
        d.reasons
            .iter()
            .any(|r| r.contains("registry:P-3") && r.contains("review R-1")),
        "{d:#?}"
    );
    // Another entry's memory does not set this one aside.
    let d = s.screen_with(&refer, today(), &|id: &str| {
        (id == "registry:P-9").then(|| "x".to_string())
    });
    assert_eq!(d.decision, Verdict::Refer);
    // Strong evidence (full birth date) denies whatever the memory says.
    let d = s.screen_with(&t(ASKHAT), today(), &note);
    assert_eq!(d.decision, Verdict::Deny, "{d:#?}");
    assert!(d.matches[0].deny);
}
