//! Conformance checks of [`berkut_store::PeopleStore`] (issue #7): the
//! same behaviour on every backend. Each check takes a fresh [`Target`].

use berkut_domain::{
    Actor, RuleError,
    people::{Applicant, ApplicationScreened, RescreenHit},
    screening::{Crossing, PresentedDocument, TravellerData},
};
use berkut_store::{
    ApplicationFilter, NewApplication, NewAttempt, NewOverstay, NewScreening, PeopleStore,
    RefusalsBy, RescreenBatch, ScreeningOutcome, StayFilter, Store, StoreError,
};

use crate::suite::{Target, ban, person};

fn actor() -> Actor {
    Actor::parse("conformance").unwrap()
}

fn day(s: &str) -> time::Date {
    berkut_domain::parse_date("test", s).unwrap()
}

fn screening(
    names: &[&str],
    doc: Option<(&str, &str)>,
    direction: &str,
    decision: &str,
    on: &str,
    point: &str,
) -> NewScreening {
    NewScreening {
        screening_id: None,
        traveller: TravellerData {
            names: names.iter().map(|s| s.to_string()).collect(),
            nationality: Some("UZB".into()),
            document: doc.map(|(n, c)| PresentedDocument {
                number: n.into(),
                country: Some(c.into()),
                ..PresentedDocument::default()
            }),
            ..TravellerData::default()
        },
        traveller_fingerprint: format!("fp-{}", names.join("-")),
        crossing: Crossing {
            crossing_point: Some(point.into()),
            direction: direction.into(),
            purpose: "border".into(),
            ..Crossing::default()
        },
        decision: decision.into(),
        matched_entries: Vec::new(),
        index_seq: 0,
        attempts: Vec::new(),
        reviews: Vec::new(),
        on: day(on),
    }
}

fn field_of(e: StoreError) -> String {
    match e {
        StoreError::Rule(RuleError::Invalid(v)) => v.field,
        StoreError::Rule(RuleError::NotFound { field, .. }) => format!("{field}:not_found"),
        StoreError::Rule(RuleError::Transition(_)) => "transition".into(),
        other => format!("unexpected: {other}"),
    }
}

/// Entry screenings that end CLEAR open stays, exits close them (same
/// document, separators and case aside), DENY screenings are counted as
/// refusals; all in the screening's transaction.
pub async fn stays_follow_screenings(t: Target) {
    let s = &t.store;
    let a = actor();
    let (head0, _) = s.head().await.unwrap();
    s.record_screenings(
        &a,
        &[
            screening(
                &["A ONE"],
                Some(("FA 123-4567", "uzb")),
                "entry",
                "CLEAR",
                "2026-01-01",
                "Khorgos",
            ),
            screening(&["B TWO"], None, "entry", "CLEAR", "2026-01-02", "Khorgos"),
            // REFER at entry opens nothing
            screening(
                &["C THREE"],
                None,
                "entry",
                "REFER",
                "2026-01-02",
                "Khorgos",
            ),
            // citizenship screenings open nothing
            NewScreening {
                crossing: Crossing {
                    direction: "entry".into(),
                    purpose: "citizenship".into(),
                    ..Crossing::default()
                },
                ..screening(&["D FOUR"], None, "entry", "CLEAR", "2026-01-02", "x")
            },
        ],
    )
    .await
    .unwrap();
    let open = s
        .stays(&StayFilter {
            status: Some("open".into()),
            ..StayFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(open.len(), 2, "{open:?}");
    assert_eq!(open[0].person_key, "doc:UZB:FA1234567");
    assert_eq!(open[0].entry_on, "2026-01-01");
    assert_eq!(open[0].crossing_point.as_deref(), Some("Khorgos"));
    assert_eq!(open[0].nationality.as_deref(), Some("UZB"));
    // the exit of the same document, written differently, closes it
    let mut exit = screening(
        &["A ONE"],
        Some(("fa1234567", "UZB")),
        "exit",
        "CLEAR",
        "2026-01-20",
        "Khorgos",
    );
    exit.attempts = Vec::new();
    let rec = s.record_screenings(&a, &[exit]).await.unwrap();
    let closed = s.stay(&open[0].id).await.unwrap().unwrap();
    assert_eq!(closed.status, "closed");
    assert_eq!(closed.exit_on.as_deref(), Some("2026-01-20"));
    assert_eq!(
        closed.exit_screening_id.as_deref(),
        Some(rec[0].screening_id.as_str())
    );
    // an exit of someone never seen closes nothing
    s.record_screenings(
        &a,
        &[screening(
            &["Z"],
            Some(("X1", "KAZ")),
            "exit",
            "CLEAR",
            "2026-01-21",
            "x",
        )],
    )
    .await
    .unwrap();
    assert_eq!(
        s.stays(&StayFilter {
            status: Some("open".into()),
            ..StayFilter::default()
        })
        .await
        .unwrap()
        .len(),
        1
    );
    // the closed stays of people in the country (the overstay check's
    // history): none while A ONE is out, his first stay once he is back
    let history = || StayFilter {
        status: Some("closed".into()),
        with_open_stay: true,
        ..StayFilter::default()
    };
    assert!(s.stays(&history()).await.unwrap().is_empty());
    s.record_screenings(
        &a,
        &[screening(
            &["A ONE"],
            Some(("FA1234567", "UZB")),
            "entry",
            "CLEAR",
            "2026-02-01",
            "Khorgos",
        )],
    )
    .await
    .unwrap();
    let h = s.stays(&history()).await.unwrap();
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0].id, open[0].id);
    // refusals: one DENY with two grounds, one without an attempt
    s.register_person(&a, person("W-1").validate().unwrap())
        .await
        .unwrap();
    s.impose_ban(
        &a,
        &ban("W-1", None),
        berkut_domain::WatchlistSource::NationalRegister,
    )
    .await
    .unwrap();
    let mut deny = screening(
        &["IURII IVANOV"],
        None,
        "entry",
        "DENY",
        "2026-02-01",
        "Khorgos",
    );
    deny.attempts = vec![
        NewAttempt {
            entry_id: "registry:W-1".into(),
            ground: Some("terrorism".into()),
        },
        NewAttempt {
            entry_id: "un_sc:QDi.1".into(),
            ground: Some("extremism".into()),
        },
    ];
    let deny2 = screening(
        &["X"],
        None,
        "entry",
        "DENY",
        "2026-02-02",
        "Almaty airport",
    );
    s.record_screenings(&a, &[deny, deny2]).await.unwrap();
    let by_ground = s
        .refusal_report(RefusalsBy::Ground, None, None)
        .await
        .unwrap();
    let g: Vec<(String, u64)> = by_ground.into_iter().map(|r| (r.key, r.count)).collect();
    assert_eq!(
        g,
        [
            ("extremism".into(), 1),
            ("none".into(), 1),
            ("terrorism".into(), 1)
        ]
    );
    let by_point = s
        .refusal_report(RefusalsBy::CrossingPoint, None, None)
        .await
        .unwrap();
    let p: Vec<(String, u64)> = by_point.into_iter().map(|r| (r.key, r.count)).collect();
    assert_eq!(p, [("Almaty airport".into(), 1), ("Khorgos".into(), 1)]);
    let by_day = s
        .refusal_report(RefusalsBy::Day, Some(day("2026-02-02")), None)
        .await
        .unwrap();
    assert_eq!(by_day.len(), 1);
    assert_eq!(by_day[0].key, "2026-02-02");
    // the stays are projections of events in the log
    let events = s.events_after(head0, 1000).await.unwrap();
    let kinds = |k: &str| events.iter().filter(|e| e.kind == k).count();
    assert_eq!(kinds("stay.opened"), 3);
    assert_eq!(kinds("stay.closed"), 1);
    assert!(matches!(
        s.verify_chain().await.unwrap(),
        berkut_store::ChainReport::Intact { .. }
    ));
}

/// One overstay alert per stay, ever; proposals move open → confirmed or
/// rejected once; a confirmation registers the overstayer and imposes the
/// ban in one transaction; rejected commands change nothing.
pub async fn overstays_and_proposals(t: Target) {
    let s = &t.store;
    let a = actor();
    s.record_screenings(
        &a,
        &[screening(
            &["BOBUR KARIMOV"],
            Some(("FA1", "UZB")),
            "entry",
            "CLEAR",
            "2026-01-01",
            "Khorgos",
        )],
    )
    .await
    .unwrap();
    let stay = s.stays(&StayFilter::default()).await.unwrap().remove(0);
    let before = s.head().await.unwrap();
    assert_eq!(
        field_of(s.propose_ban(&a, &stay.id, "overstay").await.unwrap_err()),
        "transition",
        "no overstay recorded yet"
    );
    assert_eq!(
        field_of(s.propose_ban(&a, "ST-nope", "x").await.unwrap_err()),
        "stay_id:not_found"
    );
    assert_eq!(s.head().await.unwrap(), before);
    let o = NewOverstay {
        stay_id: stay.id.clone(),
        allowed_until: "2026-01-30".into(),
        days_over: 5,
        rule: "visa_free_default".into(),
        reason: "overstay of 5 day(s)".into(),
    };
    let alerts = s
        .record_overstays(&a, std::slice::from_ref(&o))
        .await
        .unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].kind, "overstay");
    assert_eq!(alerts[0].attempt.entry_id, format!("stay:{}", stay.id));
    assert_eq!(alerts[0].detail.as_ref().unwrap()["days_over"], 5);
    let again = s.record_overstays(&a, &[o]).await.unwrap();
    assert!(again.is_empty(), "one alert per stay");
    let stored = s.alert(&alerts[0].id).await.unwrap().unwrap();
    assert_eq!(stored, alerts[0]);
    let over = s
        .stays(&StayFilter {
            status: Some("overstay".into()),
            ..StayFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].overstay_days, Some(5));

    let p = s
        .propose_ban(&a, &stay.id, "overstay of 5 day(s)")
        .await
        .unwrap();
    assert_eq!(p.status, "open");
    assert_eq!(
        field_of(s.propose_ban(&a, &stay.id, "again").await.unwrap_err()),
        "transition"
    );
    let before = s.head().await.unwrap();
    let mut wrong = ban("P-X", None);
    assert_eq!(
        field_of(
            s.confirm_ban_proposal(&a, &p.id, None, &wrong)
                .await
                .unwrap_err()
        ),
        "ground"
    );
    wrong.ground = "migration_violation".into();
    assert_eq!(
        field_of(
            s.confirm_ban_proposal(&a, &p.id, None, &wrong)
                .await
                .unwrap_err()
        ),
        "person_id:not_found"
    );
    assert_eq!(
        field_of(s.reject_ban_proposal(&a, &p.id, " ").await.unwrap_err()),
        "reason"
    );
    assert_eq!(
        s.head().await.unwrap(),
        before,
        "rejected commands changed nothing"
    );
    let overstayer = berkut_domain::PersonInput {
        id: "P-X".into(),
        names: vec![berkut_domain::NameInput::Full("BOBUR KARIMOV".into())],
        ..Default::default()
    }
    .validate()
    .unwrap();
    let (p2, b) = s
        .confirm_ban_proposal(&a, &p.id, Some(overstayer), &wrong)
        .await
        .unwrap();
    assert_eq!(p2.status, "confirmed");
    assert_eq!(p2.ban_id.as_deref(), Some(b.id.as_str()));
    assert!(s.person("P-X").await.unwrap().is_some());
    assert_eq!(
        s.ban(b.id.as_str()).await.unwrap().unwrap().ground.code(),
        "migration_violation"
    );
    assert_eq!(
        field_of(s.reject_ban_proposal(&a, &p.id, "late").await.unwrap_err()),
        "transition"
    );
    assert_eq!(s.ban_proposal(&p.id).await.unwrap().unwrap(), p2);
    let report = s.alert_report(None, None).await.unwrap();
    assert_eq!(report.len(), 1);
    assert_eq!(
        (report[0].key.as_str(), report[0].count),
        ("overstay/open", 1)
    );
}

fn outcome(o: &str) -> ScreeningOutcome {
    ScreeningOutcome {
        outcome: o.into(),
        ground: (o == "refused").then(|| "terrorism".into()),
        ban: (o == "refused").then(|| "B-1".into()),
        eligibility: serde_json::json!({"outcome": o}),
        matched_entries: Vec::new(),
        index_seq: 7,
    }
}

/// Applications: submitted and screened in one transaction, listed by
/// state, outcome and decision; a decision is recorded once and only on
/// the version read; the re-screening cursor refuses a stale run.
pub async fn applications_and_rescreen_cursor(t: Target) {
    let s = &t.store;
    let a = actor();
    let applicant = Applicant {
        names: vec!["Айгерим Бекова".into()],
        birth_date: Some("1990-05-05".into()),
        ..Applicant::default()
    };
    let one = s
        .submit_application(
            &a,
            &NewApplication {
                kind: "kandas".into(),
                applicant: applicant.clone(),
                screening: outcome("eligible"),
            },
        )
        .await
        .unwrap();
    let two = s
        .submit_application(
            &a,
            &NewApplication {
                kind: "naturalisation".into(),
                applicant,
                screening: outcome("refused"),
            },
        )
        .await
        .unwrap();
    assert_eq!(one.state, "screened");
    assert_eq!(one.history.len(), 2);
    assert_eq!(two.screening.ban.as_deref(), Some("B-1"));
    let refused = s
        .applications(&ApplicationFilter {
            outcome: Some("refused".into()),
            ..ApplicationFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].id, two.id);
    let before = s.head().await.unwrap();
    for (r, field) in [
        (
            s.decide_application(&a, &one.id, "maybe", "x", one.updated_seq)
                .await,
            "decision",
        ),
        (
            s.decide_application(&a, &one.id, "granted", "", one.updated_seq)
                .await,
            "reason",
        ),
        (
            s.decide_application(&a, "CA-nope", "granted", "x", 1).await,
            "application_id:not_found",
        ),
        (
            s.decide_application(&a, &one.id, "granted", "x", one.updated_seq - 1)
                .await,
            "transition",
        ),
    ] {
        assert_eq!(field_of(r.unwrap_err()), field);
    }
    assert_eq!(s.head().await.unwrap(), before);
    let d = s
        .decide_application(&a, &one.id, "granted", "all checks passed", one.updated_seq)
        .await
        .unwrap();
    assert_eq!(
        (d.state.as_str(), d.decision.as_deref()),
        ("decided", Some("granted"))
    );
    assert_eq!(d.history.last().unwrap().state, "decided");
    assert_eq!(
        field_of(
            s.decide_application(&a, &one.id, "refused", "again", d.updated_seq)
                .await
                .unwrap_err()
        ),
        "transition"
    );

    // the cursor: a run from a stale cursor records nothing
    assert_eq!(s.rescreen_cursor().await.unwrap(), 0);
    let triggers = s
        .events_of_kinds_after(0, &["citizenship.application_submitted"], 10)
        .await
        .unwrap();
    assert_eq!(triggers.len(), 2);
    let hit = RescreenHit {
        alert_id: String::new(),
        trigger_seq: triggers[1].seq,
        entry_id: "registry:P-9".into(),
        ban_ids: vec!["B-9".into()],
        ground: Some("terrorism".into()),
        member_kind: "pending_applicant".into(),
        member_id: two.id.clone(),
        score_milli: 910,
        band: "strong".into(),
        reasons: vec!["names".into()],
        traveller: TravellerData::default(),
        crossing: Crossing::default(),
        screening_id: two.id.clone(),
    };
    let screened = ApplicationScreened {
        application_id: one.id.clone(), // decided: left alone
        outcome: "refused".into(),
        ground: Some("terrorism".into()),
        ban: Some("B-9".into()),
        eligibility: serde_json::json!({}),
        matched_entries: vec![],
        index_seq: 9,
        trigger: "rescreen".into(),
    };
    let batch = RescreenBatch {
        from_seq: 0,
        through_seq: triggers[1].seq,
        entries: 1,
        members: 2,
        hits: vec![hit],
        applications: vec![screened],
    };
    let stale = RescreenBatch {
        from_seq: 3,
        ..batch.clone()
    };
    let before = s.head().await.unwrap();
    assert_eq!(
        field_of(s.record_rescreen(&a, &stale).await.unwrap_err()),
        "transition"
    );
    assert_eq!(s.head().await.unwrap(), before);
    let rec = s.record_rescreen(&a, &batch).await.unwrap();
    assert_eq!(rec.alerts.len(), 1);
    assert_eq!(rec.alerts[0].kind, "rescreen");
    assert_eq!(rec.cursor, triggers[1].seq);
    assert_eq!(s.rescreen_cursor().await.unwrap(), triggers[1].seq);
    // the same run again: the cursor has moved, nothing is repeated
    assert_eq!(
        field_of(s.record_rescreen(&a, &batch).await.unwrap_err()),
        "transition"
    );
    assert_eq!(
        s.application(&one.id)
            .await
            .unwrap()
            .unwrap()
            .decision
            .as_deref(),
        Some("granted")
    );
    assert!(matches!(
        s.verify_chain().await.unwrap(),
        berkut_store::ChainReport::Intact { .. }
    ));
}
