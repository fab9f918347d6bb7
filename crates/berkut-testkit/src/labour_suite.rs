//! Conformance checks of employers, foreign workers and inspections
//! (`berkut-store`'s `labour` module), run on every backend by
//! `tests/conformance.rs` like [`crate::suite`].

use berkut_domain::{
    Actor, EventBody, RuleError, WatchlistSource,
    labour::{
        EmployerRegistered, InspectionRecorded, LabourEvent, PermitRecord, SanctionsHit, Violation,
        WorkerRegistered, WorkerScreening, WorkerTerminated,
    },
    parse_date,
    screening::{Crossing, TravellerData},
};
use berkut_store::{
    EmployerFilter, InspectionFilter, NewAttempt, NewScreening, NewWorker, Store, StoreError,
    WorkerFilter,
};

use crate::suite::{Target, ban, person};

fn actor() -> Actor {
    Actor::parse("inspector-1").unwrap()
}

fn day(s: &str) -> time::Date {
    parse_date("test", s).unwrap()
}

/// An employer record (BIN 940140000385 unless given).
pub fn employer(id: &str, region: &str) -> EmployerRegistered {
    EmployerRegistered {
        employer: id.into(),
        id_kind: "bin".into(),
        name: format!("Employer {id} LLP"),
        region: region.into(),
        address: Some("Abay Ave 1".into()),
        local_management: 3,
        local_staff: 20,
        sanctions_hits: Vec::new(),
        lists_seq: 0,
    }
}

/// A worker record for `employer` with a permit in `region`.
pub fn worker(employer: &str, region: &str, valid_to: &str) -> WorkerRegistered {
    WorkerRegistered {
        worker_id: String::new(),
        employer: employer.into(),
        person: person("FW-P").validate().unwrap(),
        iin: None,
        permit: Some(PermitRecord {
            number: "AL-2026/001".into(),
            category: 3,
            region: region.into(),
            position: "Welder".into(),
            valid_from: day("2026-01-01"),
            valid_to: day(valid_to),
            intra_corporate_transfer: false,
        }),
        permit_exempt: false,
        hired: day("2026-01-05"),
        hiring_notified: Some(day("2026-01-06")),
        hiring_deadline: day("2026-01-08"),
        screening: WorkerScreening {
            screening_id: String::new(),
            decision: "CLEAR".into(),
            matched_entries: Vec::new(),
            ban_hits: 0,
            alert_ids: Vec::new(),
            index_seq: 0,
        },
    }
}

/// The registration screening of a worker.
pub fn worker_screening(decision: &str, attempts: Vec<NewAttempt>) -> NewScreening {
    NewScreening {
        screening_id: None,
        traveller: TravellerData {
            names: vec!["IURII IVANOV".into()],
            birth_date: Some("1975-03-12".into()),
            ..Default::default()
        },
        traveller_fingerprint: "fp-worker".into(),
        crossing: Crossing {
            region: Some("KZ-75".into()),
            direction: "entry".into(),
            purpose: "residence".into(),
            ..Default::default()
        },
        decision: decision.into(),
        matched_entries: attempts.iter().map(|a| a.entry_id.clone()).collect(),
        index_seq: 1,
        attempts,
        reviews: Vec::new(),
        on: day("2026-01-05"),
    }
}

fn inspection(employer: &str, unit: &str, date: &str, violations: usize) -> InspectionRecorded {
    InspectionRecorded {
        inspection_id: String::new(),
        employer: employer.into(),
        unit: unit.into(),
        inspector: "Capt. A. Nurlanov".into(),
        date: day(date),
        findings: "documents checked on site".into(),
        violations: (0..violations)
            .map(|n| Violation {
                legal_reference: format!("Code of Administrative Offences art. 517 p. {}", n + 1),
                description: "foreign worker without a valid permit".into(),
                worker_id: None,
            })
            .collect(),
        penalty: (violations > 0).then(|| "fine".into()),
        fine_kzt: (violations > 0).then_some(368_000),
        follow_up: None,
    }
}

const BIN: &str = "940140000385";
const BIN2: &str = "000740001307";

/// Employers, workers (with their registration screening and alerts),
/// terminations, inspections and the employer re-screening cursor are
/// events with projections; filters find them; a re-screening writes an
/// `employer.screened` only for employers whose hits changed.
pub async fn labour_lifecycle(t: Target) {
    let s = &t.store;
    let a = actor();
    let e = s
        .register_employer(&a, &employer(BIN, "KZ-75"))
        .await
        .unwrap();
    assert_eq!(e.id(), BIN);
    s.register_employer(&a, &employer(BIN2, "KZ-71"))
        .await
        .unwrap();
    // the same BIN twice is a conflict
    let again = s.register_employer(&a, &employer(BIN, "KZ-71")).await;
    assert!(
        matches!(
            again,
            Err(StoreError::Rule(RuleError::AlreadyExists { .. }))
        ),
        "{again:?}"
    );
    let in_almaty = s
        .employers(&EmployerFilter {
            region: Some("KZ-75".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(in_almaty.len(), 1);
    assert_eq!(in_almaty[0].registered.name, format!("Employer {BIN} LLP"));
    let by_name = s
        .employers(&EmployerFilter {
            q: Some("employer 0007".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_name.iter().map(|e| e.id()).collect::<Vec<_>>(), [BIN2]);

    // a worker whose screening found a ban in force raises an alert
    s.register_person(&a, person("P-9").validate().unwrap())
        .await
        .unwrap();
    let b = s
        .impose_ban(&a, &ban("P-9", None), WatchlistSource::NationalRegister)
        .await
        .unwrap();
    let w = s
        .register_worker(
            &a,
            &NewWorker {
                worker: worker(BIN, "KZ-75", "2026-06-30"),
                screening: worker_screening(
                    "DENY",
                    vec![NewAttempt {
                        entry_id: "registry:P-9".into(),
                        ground: Some("terrorism".into()),
                    }],
                ),
            },
        )
        .await
        .unwrap();
    assert!(w.id().starts_with("FW-"), "{}", w.id());
    assert_eq!(w.status, "active");
    assert_eq!(w.region, "KZ-75");
    assert_eq!(w.worker.screening.ban_hits, 1);
    let alert_id = w.worker.screening.alert_ids[0].clone();
    let alert = s.alert(&alert_id).await.unwrap().unwrap();
    assert_eq!(alert.attempt.entry_id, "registry:P-9");
    assert_eq!(alert.attempt.crossing.purpose, "residence");
    assert_eq!(alert.attempt.ban_ids, vec![b.id.to_string()]);
    assert_eq!(alert.attempt.screening_id, w.worker.screening.screening_id);
    assert_eq!(s.ban_attempts(b.id.as_str()).await.unwrap(), 1);

    // a second worker, for the other employer, permit elsewhere
    let w2 = s
        .register_worker(
            &a,
            &NewWorker {
                worker: worker(BIN2, "KZ-75", "2026-03-31"),
                screening: worker_screening("CLEAR", vec![]),
            },
        )
        .await
        .unwrap();
    assert_eq!(w2.employer_region, "KZ-71");
    assert!(w2.worker.screening.alert_ids.is_empty());
    let of_bin = s
        .workers(&WorkerFilter {
            employer: Some(BIN.into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(of_bin.iter().map(|w| w.id()).collect::<Vec<_>>(), [w.id()]);
    let working_in_almaty = s
        .workers(&WorkerFilter {
            region: Some("KZ-75".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(working_in_almaty.len(), 2);
    let of_astana_employers = s
        .workers(&WorkerFilter {
            employer_region: Some("KZ-71".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        of_astana_employers
            .iter()
            .map(|w| w.id())
            .collect::<Vec<_>>(),
        [w2.id()]
    );

    // termination: once, not before hiring
    let early = s
        .terminate_worker(
            &a,
            &WorkerTerminated {
                worker_id: w2.id().into(),
                terminated: day("2025-12-31"),
                notified: None,
                deadline: day("2026-01-05"),
            },
        )
        .await;
    assert!(
        matches!(&early, Err(StoreError::Rule(RuleError::Invalid(v))) if v.field == "terminated"),
        "{early:?}"
    );
    let t2 = WorkerTerminated {
        worker_id: w2.id().into(),
        terminated: day("2026-02-27"),
        notified: Some(day("2026-03-10")),
        deadline: day("2026-03-04"),
    };
    let done = s.terminate_worker(&a, &t2).await.unwrap();
    assert_eq!(done.status, "terminated");
    assert_eq!(done.termination.as_ref(), Some(&t2));
    let twice = s.terminate_worker(&a, &t2).await;
    assert!(
        matches!(twice, Err(StoreError::Rule(RuleError::Transition(_)))),
        "{twice:?}"
    );
    assert_eq!(s.worker(w2.id()).await.unwrap(), Some(done));
    let ids = s.list_worker_identities().await.unwrap();
    assert_eq!(ids.len(), 1, "only active workers");
    assert_eq!(ids[0].0, w.id());
    assert_eq!(ids[0].1.id.as_str(), "FW-P");

    // inspections
    let i1 = s
        .record_inspection(&a, &inspection(BIN, "KZ-75", "2026-04-01", 2))
        .await
        .unwrap();
    assert!(i1.inspection.inspection_id.starts_with("IN-"));
    assert_eq!(i1.recorded_by, "inspector-1");
    s.record_inspection(&a, &inspection(BIN2, "KZ-71", "2026-03-01", 0))
        .await
        .unwrap();
    let unit = s
        .inspections(&InspectionFilter {
            unit: Some("KZ-75".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(unit, vec![i1.clone()]);
    assert_eq!(
        s.inspection(&i1.inspection.inspection_id).await.unwrap(),
        Some(i1.clone())
    );
    assert_eq!(s.inspections(&Default::default()).await.unwrap().len(), 2);

    // re-screening: only changed employers get an event; the cursor moves
    assert_eq!(s.employers_rescreened_through().await.unwrap(), 0);
    let hit = SanctionsHit {
        entry_id: "ofac_sdn:1".into(),
        source: "ofac_sdn".into(),
        name: "EMPLOYER".into(),
        score_milli: 1000,
        reason: "BIN listed".into(),
    };
    let (head, _) = s.head().await.unwrap();
    let r = s
        .rescreen_employers(
            &a,
            head,
            &[(BIN.into(), vec![hit.clone()]), (BIN2.into(), vec![])],
        )
        .await
        .unwrap();
    assert_eq!((r.employers, r.changed, r.through_seq), (2, 1, head));
    assert_eq!(s.employers_rescreened_through().await.unwrap(), head);
    let e = s.employer(BIN).await.unwrap().unwrap();
    assert_eq!(e.sanctions_hits, vec![hit.clone()]);
    assert_eq!(e.lists_seq, head);
    let events = s.events_after(head, 10).await.unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["employer.screened", "employers.rescreened"]);
    // every labour event decodes
    let all = s.events_after(0, 1000).await.unwrap();
    let labour = all
        .iter()
        .filter(|e| {
            matches!(
                EventBody::decode(&e.kind, &e.payload),
                Ok(EventBody::Labour(_))
            )
        })
        .count();
    // 2 employers, 2 workers, 1 termination, 2 inspections, 1 screened, 1 rescreened
    assert_eq!(labour, 9);
    let r2 = s
        .rescreen_employers(
            &a,
            head + 2,
            &[(BIN.into(), vec![hit]), (BIN2.into(), vec![])],
        )
        .await
        .unwrap();
    assert_eq!(r2.changed, 0, "unchanged hits write no employer.screened");
    let decoded = s.events_after(head + 2, 10).await.unwrap();
    assert_eq!(decoded.len(), 1);
    assert!(matches!(
        EventBody::decode(&decoded[0].kind, &decoded[0].payload),
        Ok(EventBody::Labour(LabourEvent::EmployersRescreened(_)))
    ));
    // employers are screened against listed organisations only
    use berkut_domain::{
        NameKind, PersonName,
        watchlist::{EntryKind, ListKind, ListedEntry, ListedName},
    };
    let entry = |id: &str, kind: EntryKind| {
        let mut e = ListedEntry::new(id, ListKind::OfacSdn, kind);
        e.names.push(ListedName::strong(
            PersonName::new(&format!("Name {id}"), NameKind::Primary).unwrap(),
        ));
        e
    };
    let batch = |entries: Vec<ListedEntry>| berkut_store::ImportBatch {
        source: "ofac_sdn".into(),
        list: ListKind::OfacSdn,
        version: "1".into(),
        content_hash: format!("{:064}", entries.len()),
        entries,
    };
    s.import_source(
        &a,
        &batch(vec![
            entry("1", EntryKind::Organisation),
            entry("2", EntryKind::Individual),
            entry("3", EntryKind::Organisation),
            entry("4", EntryKind::Vessel),
        ]),
        Default::default(),
    )
    .await
    .unwrap();
    let orgs = s.listed_organisations().await.unwrap();
    let ids: Vec<&str> = orgs.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["ofac_sdn:1", "ofac_sdn:3"]);
    s.import_source(
        &a,
        &batch(vec![
            entry("1", EntryKind::Organisation),
            entry("2", EntryKind::Individual),
            entry("4", EntryKind::Vessel),
        ]),
        berkut_store::ImportOptions {
            allow_mass_removal: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let orgs = s.listed_organisations().await.unwrap();
    assert_eq!(
        orgs.len(),
        1,
        "a delisted organisation is not screened against"
    );
    assert!(matches!(
        s.verify_chain().await.unwrap(),
        berkut_store::ChainReport::Intact { .. }
    ));
}

/// A refused labour command writes nothing: unknown employer for a worker
/// or an inspection, a bad BIN, an unknown worker to terminate.
pub async fn labour_bad_input_changes_nothing(t: Target) {
    let s = &t.store;
    let a = actor();
    s.register_employer(&a, &employer(BIN, "KZ-75"))
        .await
        .unwrap();
    let before = s.head().await.unwrap();
    let field_of = |r: Result<(), StoreError>| match r {
        Err(StoreError::Rule(RuleError::Invalid(v))) => v.field,
        Err(StoreError::Rule(RuleError::NotFound { field, .. })) => field.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    };
    let unknown = s
        .register_worker(
            &a,
            &NewWorker {
                worker: worker(BIN2, "KZ-75", "2026-06-30"),
                screening: worker_screening("CLEAR", vec![]),
            },
        )
        .await
        .map(|_| ());
    assert_eq!(field_of(unknown), "employer");
    let bad_bin = s
        .register_employer(&a, &employer("94014000038", "KZ-75"))
        .await
        .map(|_| ());
    assert_eq!(field_of(bad_bin), "bin");
    let mut nameless = employer(BIN2, "KZ-75");
    nameless.name = "  ".into();
    assert_eq!(
        field_of(s.register_employer(&a, &nameless).await.map(|_| ())),
        "name"
    );
    let no_employer = s
        .record_inspection(&a, &inspection(BIN2, "KZ-75", "2026-04-01", 1))
        .await
        .map(|_| ());
    assert_eq!(field_of(no_employer), "employer");
    let mut no_ref = inspection(BIN, "KZ-75", "2026-04-01", 1);
    no_ref.violations[0].legal_reference = String::new();
    assert_eq!(
        field_of(s.record_inspection(&a, &no_ref).await.map(|_| ())),
        "violations[0].legal_reference"
    );
    let ghost = s
        .terminate_worker(
            &a,
            &WorkerTerminated {
                worker_id: "FW-none".into(),
                terminated: day("2026-02-01"),
                notified: None,
                deadline: day("2026-02-04"),
            },
        )
        .await
        .map(|_| ());
    assert_eq!(field_of(ghost), "worker_id");
    assert_eq!(s.head().await.unwrap(), before, "nothing was written");
    assert!(s.workers(&Default::default()).await.unwrap().is_empty());
    assert!(s.inspections(&Default::default()).await.unwrap().is_empty());
}
