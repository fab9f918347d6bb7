//! The rules of migration control end to end, on the real screener and on
//! generated populations; IIN/BIN examples from `../shared/data`.

use std::path::PathBuf;

use berkut_control::citizenship::{ApplicationKind, Verdict};
use berkut_control::risk::{EmployerFacts, Factor, WorkerFacts};
use berkut_control::stay::{Purpose, StayRecord, StayRules, assess};
use berkut_control::{
    Application, Eligibility, EmployerInput, NewEntry, PermitInput, PopulationIndex,
    PopulationKind, PopulationMember, RescreenConfig, RiskConfig, TerritorialUnit, eligibility,
    matches_from_decision, plan,
};
use berkut_domain::{
    BanId, CountryCode, EventBody, LegalGround, NewBanInput, PartialDate, PersonInput,
    WatchlistSource, parse_date,
};
use berkut_engine::{Screener, Traveller};
use time::Date;

fn day(s: &str) -> Date {
    parse_date("test", s).expect("test date")
}

fn person(id: &str, names: &[&str], dob: &str) -> berkut_domain::Person {
    let input: PersonInput = serde_json::from_value(serde_json::json!({
        "id": id, "names": names, "birth_dates": [dob], "nationalities": ["RUS"], "sex": "M",
    }))
    .expect("input");
    input.validate().expect("valid person")
}

fn ban(ban_id: &str, person: &str, ground: &str) -> EventBody {
    let input = NewBanInput {
        person_id: person.into(),
        ground: ground.into(),
        authority: "Court".into(),
        basis_kind: "court_decision".into(),
        basis_reference: "1-77/2025".into(),
        imposed_at: "2025-01-10".into(),
        until: None,
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

#[test]
fn banned_for_offence_against_minor_applies_under_latin_spelling_and_is_refused() {
    let s = Screener::default();
    s.apply(&[
        (
            1,
            EventBody::PersonRegistered(person(
                "P-1",
                &["Кузнецов Дмитрий Сергеевич"],
                "1979-08-21",
            )),
        ),
        (2, ban("B-1", "P-1", "sexual_offence_against_minor")),
        (
            3,
            EventBody::PersonRegistered(person("P-2", &["Петров Олег"], "1985-01-01")),
        ),
        (4, ban("B-2", "P-2", "migration_violation")),
    ]);
    let today = day("2026-11-27");
    let applicant = Traveller::from_json(
        r#"{"id":"C-1","names":["DMITRII KUZNETSOV"],"birth_date":"1979-08-21"}"#,
    )
    .expect("traveller");
    let d = s.screen(&applicant, today);
    let outcome = eligibility(&matches_from_decision(&d));
    match &outcome {
        Eligibility::Refused {
            ground, entry_id, ..
        } => {
            assert_eq!(*ground, LegalGround::SexualOffenceAgainstMinor);
            assert_eq!(entry_id, "registry:P-1");
        }
        other => panic!("expected a refusal, got {other:?} from {d:#?}"),
    }
    let mut app = Application::submit("C-1", ApplicationKind::Naturalisation, today).expect("ok");
    app.screened(outcome, today).expect("screened");
    assert!(app.decide(Verdict::Grant, "x", "officer", today).is_err());

    // a namesake with another birth date is at most a review, never a refusal
    let namesake = Traveller::from_json(
        r#"{"id":"C-2","names":["DMITRY KUZNETSOV"],"birth_date":"1990-02-02"}"#,
    )
    .expect("traveller");
    let d = s.screen(&namesake, today);
    let code = eligibility(&matches_from_decision(&d)).code();
    assert_ne!(code, "refused", "{d:#?}");

    // a ban on a ground that does not bar citizenship leaves the applicant eligible
    let other =
        Traveller::from_json(r#"{"id":"C-3","names":["OLEG PETROV"],"birth_date":"1985-01-01"}"#)
            .expect("traveller");
    let d = s.screen(&other, today);
    assert!(!d.matches.is_empty(), "{d:#?}");
    assert_eq!(eligibility(&matches_from_decision(&d)).code(), "eligible");
}

#[test]
fn worker_with_expired_permit_is_in_his_regions_plan_with_that_reason() {
    let on = day("2026-11-27");
    let employer = EmployerInput {
        bin: Some("940140000385".into()),
        name: "Karaganda Steel LLP".into(),
        region: "Қарағанды облысы".into(),
        ..EmployerInput::default()
    }
    .validate()
    .expect("employer");
    let permit = PermitInput {
        number: "KAR-2026-0042".into(),
        category: 4,
        region: "Karaganda Region".into(),
        position: "Crane operator".into(),
        valid_from: "2026-02-01".into(),
        valid_to: "2026-07-31".into(),
        intra_corporate_transfer: false,
    }
    .validate()
    .expect("permit");
    let facts = EmployerFacts {
        employer,
        local_management: 5,
        local_staff: 200,
        workers: vec![WorkerFacts {
            id: "FW-7".into(),
            permit: Some(permit),
            permit_exempt: false,
            hired: day("2026-02-01"),
            terminated: None,
            ban_hits: 0,
            open_alerts: 0,
            overstaying: false,
            notifications: vec![],
        }],
        past_violations: vec![],
        sanctions_hits: 0,
    };
    let quiet = EmployerFacts {
        employer: EmployerInput {
            iin: Some("850315300019".into()),
            name: "IE Akhmetov".into(),
            region: "KZ-35".into(),
            ..EmployerInput::default()
        }
        .validate()
        .expect("employer"),
        local_management: 1,
        local_staff: 3,
        workers: vec![],
        past_violations: vec![],
        sanctions_hits: 0,
    };
    let plans = plan(&[quiet, facts], on, &RiskConfig::default());
    assert_eq!(plans.len(), 1);
    let p = &plans[0];
    assert_eq!(p.unit, TerritorialUnit::Karaganda);
    assert_eq!(p.employers_assessed, 2);
    assert_eq!(p.ranked.len(), 1);
    let r = &p.ranked[0].reasons;
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].factor, Factor::ExpiredPermit);
    assert!(r[0].line.contains("FW-7"), "{}", r[0].line);
}

#[test]
fn entry_without_exit_past_the_allowed_stay_is_an_overstay() {
    let rules = StayRules::default();
    let rec = StayRecord {
        entry: day("2026-09-01"),
        exit: None,
        nationality: CountryCode::parse("UZB").expect("code"),
        purpose: Purpose::Tourism,
    };
    let r = assess(std::slice::from_ref(&rec), day("2026-09-30"), &rules).expect("valid");
    assert!(r.stays[0].overstay.is_none());
    let r = assess(&[rec], day("2026-11-27"), &rules).expect("valid");
    let o = r.stays[0].overstay.as_ref().expect("overstay");
    assert_eq!(o.days_over, 58);
    assert_eq!(o.rule, "visa_free_default");
    assert_eq!(o.ban_proposal().ground, LegalGround::MigrationViolation);
}

#[test]
fn new_ban_against_someone_in_the_country_is_a_rescreening_hit() {
    let pop = vec![
        PopulationMember {
            id: "ENTRY-1".into(),
            kind: PopulationKind::InCountry,
            names: vec!["ASKHAT NURLANOV".into()],
            birth_dates: vec![PartialDate::parse("1980-02-03").expect("date")],
            ..PopulationMember::default()
        },
        PopulationMember {
            id: "ENTRY-2".into(),
            kind: PopulationKind::InCountry,
            names: vec!["GULNARA SADYKOVA".into()],
            ..PopulationMember::default()
        },
    ];
    let ix = PopulationIndex::build(pop);
    let p = person("P-5", &["Нұрланов Асхат Серікұлы"], "1980-02-03");
    let r = ix.rescreen(
        &NewEntry::from_ban(&p, LegalGround::Extremism),
        &RescreenConfig::default(),
    );
    assert_eq!(r.hits.len(), 1, "{r:#?}");
    assert_eq!(r.hits[0].member_id, "ENTRY-1");
    assert_eq!(r.ground, Some(LegalGround::Extremism));
}

/// Generated population and generated new entries: every member the full
/// scan scores at or above the threshold is among the index's hits.
#[test]
fn population_index_finds_what_the_full_scan_finds() {
    let g = berkut_gen::generate(11, 2_500, 300);
    let text = g.register.join("\n");
    let pop: Vec<PopulationMember> = berkut_lists::NationalJsonlReader::new(text.as_bytes())
        .filter_map(Result::ok)
        .enumerate()
        .map(|(i, e)| {
            let ne = NewEntry::from_listed(&e.source_id, &e);
            PopulationMember {
                id: e.source_id.clone(),
                kind: [
                    PopulationKind::InCountry,
                    PopulationKind::PendingApplicant,
                    PopulationKind::RegisteredWorker,
                ][i % 3],
                names: ne.names,
                birth_dates: ne.birth_dates,
                nationalities: ne.nationalities,
                sex: ne.sex,
                documents: ne.documents,
            }
        })
        .collect();
    assert!(pop.len() > 2_000, "{}", pop.len());
    let ix = PopulationIndex::build(pop);
    let cfg = RescreenConfig::default();
    let entries: Vec<NewEntry> = g
        .travellers
        .iter()
        .take(120)
        .map(|line| Traveller::from_json(line).expect("traveller"))
        .filter(|t| !t.names.is_empty())
        .map(|t| NewEntry {
            entry_id: t.id.clone(),
            names: t.names.clone(),
            birth_dates: t
                .birth_date
                .as_deref()
                .and_then(|d| PartialDate::parse(d).ok())
                .into_iter()
                .collect(),
            ..NewEntry::default()
        })
        .collect();
    let want_all = ix.brute_force(&entries, &cfg);
    let (mut checked, mut hits, mut truncated) = (0, 0, 0);
    for (entry, want) in entries.iter().zip(&want_all) {
        let r = ix.rescreen(entry, &cfg);
        if r.truncated {
            truncated += 1;
            continue;
        }
        let got: Vec<&str> = r.hits.iter().map(|h| h.member_id.as_str()).collect();
        for w in want {
            assert!(
                got.contains(&w.as_str()),
                "{}: full scan finds {w}, the index does not ({got:?})",
                entry.entry_id
            );
        }
        checked += 1;
        hits += want.len();
    }
    eprintln!("checked {checked} entries, {hits} full-scan hits, {truncated} truncated");
    assert!(checked >= 80 && hits > 15, "{checked} {hits}");
}

fn shared_data(test: &str) -> Option<PathBuf> {
    let base = std::env::var_os("BERKUT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let data = base.join("data");
    if data.is_dir() {
        Some(data)
    } else {
        eprintln!(
            "skipped: {test}: shared data not found at {}",
            data.display()
        );
        None
    }
}

/// Every published IIN/BIN example: valid BINs register legal entities,
/// valid IINs individual entrepreneurs, invalid ones are refused with the
/// field named.
#[test]
fn employers_from_shared_iin_bin_examples() {
    let Some(data) = shared_data("employers_from_shared_iin_bin_examples") else {
        return;
    };
    let path = data.join("kz-ids/examples.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not readable", path.display());
        return;
    };
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let kind = v["kind"].as_str().expect("kind");
        let value = v["value"].as_str().expect("value").to_string();
        let valid = v["valid"].as_bool().expect("valid");
        let mut input = EmployerInput {
            name: "Example".into(),
            region: "Astana".into(),
            ..EmployerInput::default()
        };
        let field = match kind {
            "BIN" => {
                input.bin = Some(value.clone());
                "bin"
            }
            _ => {
                input.iin = Some(value.clone());
                "iin"
            }
        };
        match input.validate() {
            Ok(e) => {
                assert!(valid, "{kind} {value} accepted but listed invalid");
                assert_eq!(e.id.number(), value);
            }
            Err(err) => {
                assert!(!valid, "{kind} {value} refused: {err}");
                assert_eq!(err.field, field);
            }
        }
        n += 1;
    }
    assert!(n >= 40, "only {n} examples");
}
