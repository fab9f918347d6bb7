//! The store conformance suite: the same behaviours, checked against every
//! backend. Each check takes a fresh [`Target`].

use std::path::PathBuf;

use berkut_domain::{
    Actor, ChainFault, EventBody, NameInput, NewBanInput, PersonInput, RuleError, WatchlistSource,
    parse_date,
};
use berkut_store::{AnyStore, BanFilter, ChainReport, Store, StoreError};

use crate::{pg::TestDb, tamper};

pub use crate::labour_suite::{labour_bad_input_changes_nothing, labour_lifecycle};

/// A fresh store under test, and how to open a second handle on it.
#[derive(Debug)]
pub struct Target {
    /// The store.
    pub store: AnyStore,
    where_: Location,
}

#[derive(Debug)]
enum Location {
    Sqlite(#[allow(dead_code)] tempfile::TempDir, PathBuf),
    Postgres(TestDb),
}

impl Target {
    /// A fresh SQLite store in a temporary directory.
    pub async fn sqlite() -> Target {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let store = AnyStore::open(&path, None, true).await.unwrap();
        Target {
            store,
            where_: Location::Sqlite(dir, path),
        }
    }

    /// A fresh PostgreSQL database, or `None` when PostgreSQL tests are off.
    pub async fn postgres(test: &str) -> Option<Target> {
        let db = TestDb::create(test).await?;
        let store = AnyStore::open(std::path::Path::new("."), Some(&db.url), false)
            .await
            .unwrap();
        Some(Target {
            store,
            where_: Location::Postgres(db),
        })
    }

    /// Another, independent handle (its own connection pool) on the same store.
    pub async fn open_another(&self) -> AnyStore {
        match &self.where_ {
            Location::Sqlite(_, p) => AnyStore::open(p, None, false).await.unwrap(),
            Location::Postgres(db) => {
                AnyStore::open(std::path::Path::new("."), Some(&db.url), false)
                    .await
                    .unwrap()
            }
        }
    }

    /// The database URL (or SQLite file) for a child process.
    pub fn url(&self) -> String {
        match &self.where_ {
            Location::Sqlite(_, p) => format!("sqlite://{}", p.join("berkut.db").display()),
            Location::Postgres(db) => db.url.clone(),
        }
    }
}

fn actor() -> Actor {
    Actor::parse("conformance").unwrap()
}

/// A valid person input.
pub fn person(id: &str) -> PersonInput {
    PersonInput {
        id: id.into(),
        names: vec![
            NameInput::Full("Иванов Юрий Петрович".into()),
            NameInput::Full("IURII IVANOV".into()),
        ],
        birth_dates: vec!["1975-03-12".into()],
        nationalities: vec!["RUS".into()],
        sex: Some("M".into()),
        ..Default::default()
    }
}

/// A valid ban input for `person_id`.
pub fn ban(person_id: &str, until: Option<&str>) -> NewBanInput {
    NewBanInput {
        person_id: person_id.into(),
        ground: "terrorism".into(),
        authority: "Migration Police of Almaty".into(),
        basis_kind: "court_decision".into(),
        basis_reference: "Case 2-1234/2025 of 2025-01-10".into(),
        imposed_at: "2025-01-10".into(),
        until: until.map(str::to_string),
    }
}

fn day(s: &str) -> time::Date {
    parse_date("test", s).unwrap()
}

/// Bans go active → lifted, and active → expired; filters find them.
pub async fn ban_lifecycle(t: Target) {
    let s = &t.store;
    let a = actor();
    s.register_person(&a, person("W-1").validate().unwrap())
        .await
        .unwrap();
    let permanent = s
        .impose_ban(&a, &ban("W-1", None), WatchlistSource::NationalRegister)
        .await
        .unwrap();
    let timed = s
        .impose_ban(
            &a,
            &ban("W-1", Some("2026-01-09")),
            WatchlistSource::NationalRegister,
        )
        .await
        .unwrap();
    assert_eq!(permanent.status.code(), "active");
    let got = s.ban(permanent.id.as_str()).await.unwrap().unwrap();
    assert_eq!(got, permanent);

    let lifted = s
        .lift_ban(
            &a,
            permanent.id.as_str(),
            "decision quashed on appeal",
            day("2025-06-01"),
        )
        .await
        .unwrap();
    assert_eq!(lifted.status.code(), "lifted");
    assert_eq!(s.ban(permanent.id.as_str()).await.unwrap().unwrap(), lifted);

    assert!(
        s.expire_due_bans(&a, day("2026-01-09"))
            .await
            .unwrap()
            .is_empty()
    );
    let expired = s.expire_due_bans(&a, day("2026-01-10")).await.unwrap();
    assert_eq!(expired, vec![timed.id.clone()]);
    assert_eq!(
        s.ban(timed.id.as_str())
            .await
            .unwrap()
            .unwrap()
            .status
            .code(),
        "expired"
    );
    // Expiry is idempotent.
    assert!(
        s.expire_due_bans(&a, day("2027-01-01"))
            .await
            .unwrap()
            .is_empty()
    );

    let all = s.bans(&BanFilter::default()).await.unwrap();
    assert_eq!(all.len(), 2);
    let active = s
        .bans(&BanFilter {
            status: Some("active".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(active.is_empty());
    let lifted_only = s
        .bans(&BanFilter {
            status: Some("lifted".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(lifted_only.len(), 1);
    assert_eq!(lifted_only[0].id, permanent.id);
    assert!(matches!(
        s.verify_chain().await.unwrap(),
        ChainReport::Intact { events: 5, .. }
    ));
}

/// Changes add history; nothing earlier is rewritten; the database refuses
/// updates and deletes of events.
pub async fn history_never_overwritten(t: Target) {
    let s = &t.store;
    let a = actor();
    s.register_person(&a, person("W-2").validate().unwrap())
        .await
        .unwrap();
    let b = s
        .impose_ban(&a, &ban("W-2", None), WatchlistSource::NationalRegister)
        .await
        .unwrap();
    let before = s.events_after(0, 100).await.unwrap();
    s.lift_ban(&a, b.id.as_str(), "pardon", day("2025-02-01"))
        .await
        .unwrap();
    let after = s.events_after(0, 100).await.unwrap();
    assert_eq!(
        &after[..before.len()],
        &before[..],
        "earlier events changed"
    );
    assert_eq!(after.len(), before.len() + 1);
    let h = s.ban_history(b.id.as_str()).await.unwrap();
    let kinds: Vec<&str> = h.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(kinds, ["ban.imposed", "ban.lifted"]);
    assert!(h[1].summary.contains("pardon"));
    assert_eq!(h[1].actor, "conformance");
    // The original imposition is still there, unchanged, in the log.
    let imposed = EventBody::decode(&after[1].kind, &after[1].payload).unwrap();
    assert!(matches!(imposed, EventBody::BanImposed(ref i) if i.ban_id == b.id));
    // The database itself refuses to rewrite the log.
    assert!(tamper::try_update_event(&t.store, 1).await.is_err());
    assert!(tamper::try_delete_event(&t.store, 1).await.is_err());
    assert!(matches!(
        s.verify_chain().await.unwrap(),
        ChainReport::Intact { events: 3, .. }
    ));
}

/// Events read back in seq order, gap-free, pageable by cursor.
pub async fn events_in_seq_order(t: Target) {
    let s = &t.store;
    let a = actor();
    for i in 0..25 {
        s.register_person(&a, person(&format!("P-{i}")).validate().unwrap())
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut cursor = 0;
    loop {
        let page = s.events_after(cursor, 7).await.unwrap();
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 7);
        cursor = page.last().unwrap().seq;
        seen.extend(page);
    }
    let seqs: Vec<u64> = seen.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=25).collect::<Vec<_>>());
    for (i, e) in seen.iter().enumerate() {
        assert_eq!(e.subject, format!("P-{i}"));
        assert_eq!(e.kind, "person.registered");
        EventBody::decode(&e.kind, &e.payload).unwrap();
    }
    assert_eq!(s.head().await.unwrap(), (25, seen[24].hash.clone()));
}

/// Two writers with their own connection pools append at once: the chain
/// stays gap-free and verifies, and every write is there.
pub async fn concurrent_writers(t: Target) {
    let second = t.open_another().await;
    let first = t.store.clone();
    const EACH: usize = 60;
    let w1 = tokio::spawn(async move {
        for i in 0..EACH {
            first
                .register_person(&actor(), person(&format!("A-{i}")).validate().unwrap())
                .await
                .unwrap();
        }
    });
    let w2 = tokio::spawn(async move {
        for i in 0..EACH {
            second
                .register_person(&actor(), person(&format!("B-{i}")).validate().unwrap())
                .await
                .unwrap();
        }
    });
    w1.await.unwrap();
    w2.await.unwrap();
    let events = t.store.events_after(0, 1000).await.unwrap();
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=2 * EACH as u64).collect::<Vec<_>>());
    let a = events
        .iter()
        .filter(|e| e.subject.starts_with("A-"))
        .count();
    assert_eq!(a, EACH);
    for i in 0..EACH {
        assert!(t.store.person(&format!("A-{i}")).await.unwrap().is_some());
        assert!(t.store.person(&format!("B-{i}")).await.unwrap().is_some());
    }
    assert_eq!(
        t.store.verify_chain().await.unwrap(),
        ChainReport::Intact {
            events: 2 * EACH as u64,
            head_hash: events.last().unwrap().hash.clone()
        }
    );
}

async fn seeded(t: &Target, n: usize) {
    for i in 0..n {
        t.store
            .register_person(&actor(), person(&format!("T-{i}")).validate().unwrap())
            .await
            .unwrap();
    }
}

fn broken_at(r: ChainReport) -> (u64, ChainFault) {
    match r {
        ChainReport::Broken(b) => (b.seq, b.fault),
        ChainReport::Intact { .. } => panic!("tampering not detected"),
    }
}

/// Changing one byte of any stored column, deleting an event (in the
/// middle or at the end) or swapping two is detected at the first bad seq.
pub async fn tamper_is_detected(make: impl AsyncFn() -> Target) {
    for column in tamper::COLUMNS {
        let t = make().await;
        seeded(&t, 6).await;
        tamper::flip_byte(&t.store, 4, column).await;
        let (seq, _) = broken_at(t.store.verify_chain().await.unwrap());
        assert_eq!(seq, 4, "{column:?}");
    }
    let t = make().await;
    seeded(&t, 6).await;
    tamper::delete(&t.store, 3).await;
    assert!(!tamper::exists(&t.store, 3).await);
    let (seq, fault) = broken_at(t.store.verify_chain().await.unwrap());
    assert_eq!(
        (seq, fault),
        (
            3,
            ChainFault::Gap {
                expected: 3,
                found: 4
            }
        )
    );

    let t = make().await;
    seeded(&t, 6).await;
    tamper::delete(&t.store, 6).await;
    let (seq, fault) = broken_at(t.store.verify_chain().await.unwrap());
    assert_eq!((seq, fault), (6, ChainFault::Truncated { head_seq: 6 }));

    let t = make().await;
    seeded(&t, 6).await;
    tamper::swap(&t.store, 2, 5).await;
    let (seq, _) = broken_at(t.store.verify_chain().await.unwrap());
    assert_eq!(seq, 2);
}

/// A fingerprint of everything stored.
async fn fingerprint(s: &AnyStore) -> String {
    let events = s.events_after(0, 10_000).await.unwrap();
    let bans = s.bans(&BanFilter::default()).await.unwrap();
    format!("{:?}|{events:?}|{bans:?}", s.head().await.unwrap())
}

fn field_of(e: StoreError) -> String {
    match e {
        StoreError::Rule(RuleError::Invalid(v)) => v.field,
        StoreError::Rule(RuleError::NotFound { what, field, .. }) => {
            format!("{field}:not_found:{what}")
        }
        StoreError::Rule(RuleError::AlreadyExists { what, .. }) => format!("exists:{what}"),
        StoreError::Rule(RuleError::Transition(_)) => "transition".into(),
        other => panic!("unexpected error {other}"),
    }
}

/// Bad input gets an error naming the field, and the store is unchanged.
pub async fn bad_input_changes_nothing(t: Target) {
    let s = &t.store;
    let a = actor();
    s.register_person(&a, person("W-9").validate().unwrap())
        .await
        .unwrap();
    let b = s
        .impose_ban(&a, &ban("W-9", None), WatchlistSource::NationalRegister)
        .await
        .unwrap();
    let before = fingerprint(s).await;

    let mut bad_ground = ban("W-9", None);
    bad_ground.ground = "jaywalking".into();
    let mut bad_date = ban("W-9", None);
    bad_date.imposed_at = "1990-02-30".into();
    let bad_until = ban("W-9", Some("2030-02-30"));
    let cases = [
        (
            s.impose_ban(&a, &bad_ground, WatchlistSource::NationalRegister)
                .await,
            "ground",
        ),
        (
            s.impose_ban(&a, &bad_date, WatchlistSource::NationalRegister)
                .await,
            "imposed_at",
        ),
        (
            s.impose_ban(&a, &bad_until, WatchlistSource::NationalRegister)
                .await,
            "until",
        ),
        (
            s.impose_ban(&a, &ban("W-404", None), WatchlistSource::NationalRegister)
                .await,
            "person_id:not_found:person",
        ),
        (
            s.lift_ban(&a, b.id.as_str(), "  ", day("2025-03-01")).await,
            "reason",
        ),
        (
            s.lift_ban(&a, "B-404", "why", day("2025-03-01")).await,
            "ban_id:not_found:ban",
        ),
    ];
    for (result, field) in cases {
        assert_eq!(field_of(result.expect_err(field)), field);
    }
    let dup = s
        .register_person(&a, person("W-9").validate().unwrap())
        .await;
    assert_eq!(field_of(dup.expect_err("duplicate")), "exists:person");
    assert_eq!(
        fingerprint(s).await,
        before,
        "a rejected command changed the store"
    );
}

fn listed(id: &str, name: &str) -> berkut_domain::watchlist::ListedEntry {
    use berkut_domain::{
        NameKind, PersonName,
        watchlist::{EntryKind, ListKind, ListedEntry, ListedName},
    };
    let mut e = ListedEntry::new(id, ListKind::UnSc, EntryKind::Individual);
    e.names.push(ListedName::strong(
        PersonName::new(name, NameKind::Primary).unwrap(),
    ));
    e.names.push(ListedName::weak(
        PersonName::new("Abu X", NameKind::Alias).unwrap(),
    ));
    e
}

fn batch(entries: Vec<berkut_domain::watchlist::ListedEntry>) -> berkut_store::ImportBatch {
    berkut_store::ImportBatch {
        source: "un_sc_consolidated".into(),
        list: berkut_domain::watchlist::ListKind::UnSc,
        version: "test".into(),
        content_hash: format!("{:064}", entries.len()),
        entries,
    }
}

/// Imports apply by delta: identical re-imports write nothing; changes,
/// additions and removals are events; delisted entries stay in history;
/// guard rails refuse empty files and mass removals; dry runs write nothing.
pub async fn import_by_delta(t: Target) {
    use berkut_store::{ImportOptions, ImportSummary};
    let s = &t.store;
    let a = actor();
    let opts = ImportOptions::default();
    let first: Vec<_> = (0..10)
        .map(|i| listed(&format!("{i}"), &format!("Person Number{i}")))
        .collect();
    let sum = s
        .import_source(&a, &batch(first.clone()), opts)
        .await
        .unwrap();
    assert_eq!(
        (
            sum.read,
            sum.persons,
            sum.aliases,
            sum.added,
            sum.changed,
            sum.removed,
            sum.unchanged
        ),
        (10, 10, 10, 10, 0, 0, 0)
    );
    assert_eq!(sum.last_seq, Some(11));
    let head = s.head().await.unwrap();
    let again = s
        .import_source(&a, &batch(first.clone()), opts)
        .await
        .unwrap();
    assert_eq!((again.unchanged, again.last_seq), (10, None));
    assert_eq!(
        s.head().await.unwrap(),
        head,
        "identical re-import wrote events"
    );

    let mut second = first.clone();
    second[3] = listed("3", "Person Renamed");
    second.remove(7);
    second.push(listed("10", "Person Number10"));
    let dry = s
        .import_source(
            &a,
            &batch(second.clone()),
            ImportOptions {
                dry_run: true,
                ..opts
            },
        )
        .await
        .unwrap();
    assert_eq!(s.head().await.unwrap(), head, "dry run wrote events");
    let sum = s
        .import_source(&a, &batch(second.clone()), opts)
        .await
        .unwrap();
    assert_eq!(
        ImportSummary {
            last_seq: None,
            ..sum.clone()
        },
        dry
    );
    assert_eq!(
        (sum.added, sum.changed, sum.removed, sum.unchanged),
        (1, 1, 1, 8)
    );
    let kinds: Vec<String> = s
        .events_after(head.0, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            "watchlist.entry_changed",
            "watchlist.entry_listed",
            "watchlist.entry_delisted",
            "source.imported"
        ]
    );
    let gone = s.entry("un_sc_consolidated:7").await.unwrap().unwrap();
    assert_eq!(gone.status, "delisted");
    assert_eq!(gone.entry, first[7], "delisted entry lost its data");
    let renamed = s.entry("un_sc_consolidated:3").await.unwrap().unwrap();
    assert_eq!(renamed.entry.names[0].name.full, "Person Renamed");
    assert_eq!(
        s.listed_entries(Some("un_sc_consolidated"))
            .await
            .unwrap()
            .len(),
        10
    );
    let sources = s.sources().await.unwrap();
    assert_eq!(sources.len(), 1);
    assert_eq!(
        (sources[0].entries, sources[0].list.as_str()),
        (10, "un_sc_consolidated")
    );

    // Guard rails.
    let head = s.head().await.unwrap();
    let empty = s.import_source(&a, &batch(Vec::new()), opts).await;
    assert!(
        matches!(empty, Err(StoreError::Refused(ref m)) if m.contains("no entries")),
        "{empty:?}"
    );
    let truncated: Vec<_> = second[..5].to_vec();
    let mass = s.import_source(&a, &batch(truncated.clone()), opts).await;
    assert!(
        matches!(mass, Err(StoreError::Refused(ref m)) if m.contains("delist 5 of 10")),
        "{mass:?}"
    );
    let mut dup = second.clone();
    dup.push(listed("0", "Again"));
    assert!(matches!(
        s.import_source(&a, &batch(dup), opts).await,
        Err(StoreError::Refused(_))
    ));
    assert_eq!(
        s.head().await.unwrap(),
        head,
        "a refused import wrote events"
    );
    let forced = s
        .import_source(
            &a,
            &batch(truncated),
            ImportOptions {
                allow_mass_removal: true,
                ..opts
            },
        )
        .await
        .unwrap();
    assert_eq!(forced.removed, 5);
    // A delisted entry that comes back is a change, not a new entry.
    let back = s
        .import_source(
            &a,
            &batch(second),
            ImportOptions {
                allow_mass_removal: true,
                ..opts
            },
        )
        .await
        .unwrap();
    assert_eq!((back.added, back.changed), (0, 5));
    assert!(matches!(
        s.verify_chain().await.unwrap(),
        ChainReport::Intact { .. }
    ));
}

/// Users and tokens: creation, lookup by hash, revocation once, read audit;
/// each is an event and the chain stays intact.
pub async fn users_and_tokens(t: Target) {
    let s = &t.store;
    let a = actor();
    let hash = "ab".repeat(32);
    let u = s
        .create_user(&a, "officer-1", "border_officer")
        .await
        .unwrap();
    assert_eq!(u.role, "border_officer");
    assert!(matches!(
        s.create_user(&a, "officer-1", "auditor").await,
        Err(StoreError::Rule(RuleError::AlreadyExists { .. }))
    ));
    assert!(matches!(
        s.create_token(&a, "nobody", "auditor", "x", &hash).await,
        Err(StoreError::Rule(RuleError::NotFound { what: "user", .. }))
    ));
    assert!(matches!(
        s.create_token(&a, "officer-1", "border_officer", "lane 3", "not-hex")
            .await,
        Err(StoreError::Rule(RuleError::Invalid(_)))
    ));
    let tok = s
        .create_token(&a, "officer-1", "border_officer", "lane 3", &hash)
        .await
        .unwrap();
    assert!(tok.is_active());
    assert_eq!(s.token_by_hash(&hash).await.unwrap(), Some(tok.clone()));
    assert_eq!(s.token_by_hash(&"cd".repeat(32)).await.unwrap(), None);
    let revoked = s.revoke_token(&a, &tok.id).await.unwrap();
    assert!(!revoked.is_active());
    assert!(!s.token_by_hash(&hash).await.unwrap().unwrap().is_active());
    assert!(matches!(
        s.revoke_token(&a, &tok.id).await,
        Err(StoreError::Rule(RuleError::Transition(_)))
    ));
    let read = s.record_read(&a, "person", "W-1").await.unwrap();
    assert_eq!(
        (read.kind.as_str(), read.subject.as_str()),
        ("audit.read", "W-1")
    );
    let kinds: Vec<String> = s
        .events_after(0, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| {
            EventBody::decode(&e.kind, &e.payload).unwrap();
            e.kind
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "user.created",
            "token.created",
            "token.revoked",
            "audit.read"
        ]
    );
    // The secret's hash never reaches the log.
    for e in s.events_after(0, 100).await.unwrap() {
        assert!(!e.payload.contains(&hash));
    }
    assert!(matches!(
        s.verify_chain().await.unwrap(),
        ChainReport::Intact { .. }
    ));
}

/// Many reads are appended in one transaction, in order, on the chain; a
/// batch with one bad read writes none of them.
pub async fn batched_reads(t: Target) {
    let a = actor();
    let read = |what: &str, subject: &str| berkut_store::Read {
        actor: a.clone(),
        what: what.into(),
        subject: subject.into(),
    };
    let (before, _) = t.store.head().await.unwrap();
    let err = t
        .store
        .record_reads(&[read("person", "W-1"), read("Not A Kind", "W-2")])
        .await;
    assert!(matches!(err, Err(StoreError::Rule(_))), "{err:?}");
    assert_eq!(
        t.store.head().await.unwrap().0,
        before,
        "nothing of a bad batch"
    );
    let events = t
        .store
        .record_reads(&[
            read("person", "W-1"),
            read("screening", "T-1"),
            read("ban", "B-1"),
        ])
        .await
        .unwrap();
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, vec![before + 1, before + 2, before + 3]);
    assert!(events.iter().all(|e| e.kind == "audit.read"));
    assert!(t.store.record_reads(&[]).await.unwrap().is_empty());
    let report = t.store.verify_chain().await.unwrap();
    assert!(matches!(report, ChainReport::Intact { .. }), "{report:?}");
    assert_eq!(
        t.store.events_after(before, 10).await.unwrap().len(),
        3,
        "exactly the batch"
    );
}

fn screening(
    fingerprint: &str,
    decision: &str,
    attempts: Vec<berkut_store::NewAttempt>,
    reviews: Vec<berkut_store::NewReview>,
) -> berkut_store::NewScreening {
    use berkut_domain::screening::{Crossing, PresentedDocument, TravellerData};
    berkut_store::NewScreening {
        screening_id: None,
        traveller: TravellerData {
            names: vec!["IURII IVANOV".into()],
            birth_date: Some("1975-03-12".into()),
            document: Some(PresentedDocument {
                number: "N1234567".into(),
                country: Some("RUS".into()),
                ..Default::default()
            }),
            ..Default::default()
        },
        traveller_fingerprint: fingerprint.into(),
        crossing: Crossing {
            crossing_point: Some("KZ-ALA-AIRPORT".into()),
            direction: "entry".into(),
            purpose: "border".into(),
            ..Default::default()
        },
        decision: decision.into(),
        matched_entries: attempts
            .iter()
            .map(|a| a.entry_id.clone())
            .chain(reviews.iter().map(|r| r.entry_id.clone()))
            .collect(),
        index_seq: 1,
        attempts,
        reviews,
        on: day("2026-11-27"),
    }
}

fn attempt(entry: &str) -> berkut_store::NewAttempt {
    berkut_store::NewAttempt {
        entry_id: entry.into(),
        ground: Some("terrorism".into()),
    }
}

fn candidate(entry: &str, bars_entry: bool) -> berkut_store::NewReview {
    berkut_store::NewReview {
        entry_id: entry.into(),
        score_milli: 812,
        band: "possible".into(),
        evidence: vec!["names: close".into()],
        bars_entry,
        ground: bars_entry.then(|| "terrorism".into()),
    }
}

/// Screenings are events; a DENY against a ban records an attempt that
/// raises an alert and counts on the ban; alerts are acknowledged and
/// closed (with a note) by events; a REFER opens a review item; resolving
/// it as a different person is remembered until the entry changes, as the
/// same person it revises the screening to DENY and raises an alert.
pub async fn alerts_and_reviews(t: Target) {
    use berkut_store::{AlertFilter, ReviewFilter};
    let s = &t.store;
    let a = actor();
    let officer = Actor::parse("officer-7").unwrap();
    s.register_person(&a, person("W-1").validate().unwrap())
        .await
        .unwrap();
    s.register_person(&a, person("W-2").validate().unwrap())
        .await
        .unwrap();
    let ban1 = s
        .impose_ban(&a, &ban("W-1", None), WatchlistSource::NationalRegister)
        .await
        .unwrap();
    // a ban whose term is over on the crossing day does not count
    let old = s
        .impose_ban(
            &a,
            &ban("W-1", Some("2025-12-31")),
            WatchlistSource::NationalRegister,
        )
        .await
        .unwrap();
    s.import_source(
        &a,
        &batch(vec![listed("1", "Person Number1")]),
        Default::default(),
    )
    .await
    .unwrap();
    let entry = format!("{}:1", batch(vec![]).source);

    let recorded = s
        .record_screenings(
            &officer,
            &[
                screening("fp-a", "DENY", vec![attempt("registry:W-1")], vec![]),
                screening("fp-a", "CLEAR", vec![], vec![]),
                screening(
                    "fp-b",
                    "REFER",
                    vec![],
                    vec![candidate("registry:W-2", false), candidate(&entry, false)],
                ),
            ],
        )
        .await
        .unwrap();
    assert_eq!(recorded.len(), 3);
    assert_eq!(recorded[0].alerts.len(), 1);
    assert!(recorded[1].alerts.is_empty() && recorded[1].review_ids.is_empty());
    assert_eq!(recorded[2].review_ids.len(), 2);
    let alert = recorded[0].alerts[0].clone();
    assert_eq!(alert.attempt.ban_ids, vec![ban1.id.to_string()]);
    assert_eq!(alert.attempt.screened_by, "officer-7");
    assert_eq!(alert.status, "open");
    assert!(alert.seq > recorded[0].seq);
    let events = s.events_after(recorded[0].seq - 1, 100).await.unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "screening.recorded",
            "attempt.recorded",
            "screening.recorded",
            // a CLEAR entry at a border opens a stay (issue #7)
            "stay.opened",
            "screening.recorded",
            "review.opened",
            "review.opened"
        ]
    );
    assert_eq!(events[1].seq, alert.seq);
    assert_eq!(events[0].subject, recorded[0].screening_id);
    assert_eq!(s.ban_attempts(ban1.id.as_str()).await.unwrap(), 1);
    assert_eq!(s.ban_attempts(old.id.as_str()).await.unwrap(), 0);
    assert_eq!(s.alert(&alert.id).await.unwrap(), Some(alert.clone()));
    assert_eq!(s.alert("AL-nope").await.unwrap(), None);

    // filters
    let all = AlertFilter::default();
    assert_eq!(s.alerts(&all).await.unwrap(), vec![alert.clone()]);
    let mine = |who: &str| AlertFilter {
        raised_by: Some(who.into()),
        ..Default::default()
    };
    assert_eq!(s.alerts(&mine("officer-7")).await.unwrap().len(), 1);
    assert!(s.alerts(&mine("officer-8")).await.unwrap().is_empty());
    let after = AlertFilter {
        after_seq: Some(alert.seq),
        ..Default::default()
    };
    assert!(s.alerts(&after).await.unwrap().is_empty());

    // acknowledge, close; wrong transitions and a missing note are refused
    let acked = s.acknowledge_alert(&a, &alert.id, None).await.unwrap();
    assert_eq!(
        (acked.status.as_str(), acked.acknowledged_by.as_deref()),
        ("acknowledged", Some("conformance"))
    );
    assert!(matches!(
        s.acknowledge_alert(&a, &alert.id, None).await,
        Err(StoreError::Rule(RuleError::Transition(_)))
    ));
    let head = s.head().await.unwrap();
    assert_eq!(
        field_of(s.close_alert(&a, &alert.id, "  ").await.unwrap_err()),
        "note"
    );
    assert!(matches!(
        s.close_alert(&a, "AL-nope", "x").await,
        Err(StoreError::Rule(RuleError::NotFound { .. }))
    ));
    assert_eq!(s.head().await.unwrap(), head, "a refused change wrote");
    let closed = s
        .close_alert(&a, &alert.id, "detained at the desk")
        .await
        .unwrap();
    assert_eq!(
        (closed.status.as_str(), closed.note.as_deref()),
        ("closed", Some("detained at the desk"))
    );
    assert!(matches!(
        s.close_alert(&a, &alert.id, "again").await,
        Err(StoreError::Rule(RuleError::Transition(_)))
    ));
    let open = AlertFilter {
        status: Some("open".into()),
        ..Default::default()
    };
    assert!(s.alerts(&open).await.unwrap().is_empty());
    let kinds: Vec<String> = s
        .events_after(head.0, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, ["alert.closed"]);

    // reviews: open first, oldest first
    let reviews = s.reviews(&ReviewFilter::default()).await.unwrap();
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[0].id, recorded[2].review_ids[0]);
    assert_eq!(reviews[0].opened.entry_id, "registry:W-2");
    assert!(reviews[0].opened.entry_version.starts_with("person:"));
    let (r_person, r_entry) = (reviews[0].id.clone(), reviews[1].id.clone());
    assert_eq!(
        field_of(
            s.resolve_review(&a, &r_person, "maybe", "x", day("2026-11-27"))
                .await
                .unwrap_err()
        ),
        "outcome"
    );
    assert_eq!(
        field_of(
            s.resolve_review(&a, &r_person, "different_person", "", day("2026-11-27"))
                .await
                .unwrap_err()
        ),
        "note"
    );
    let done = s
        .resolve_review(
            &a,
            &r_person,
            "different_person",
            "other birth place",
            day("2026-11-27"),
        )
        .await
        .unwrap();
    assert_eq!(done.review.status, "resolved");
    assert!(!done.revised_to_deny && done.alert.is_none());
    assert!(matches!(
        s.resolve_review(&a, &r_person, "same_person", "x", day("2026-11-27"))
            .await,
        Err(StoreError::Rule(RuleError::Transition(_)))
    ));
    s.resolve_review(
        &a,
        &r_entry,
        "different_person",
        "not him",
        day("2026-11-27"),
    )
    .await
    .unwrap();
    let reviews = s.reviews(&ReviewFilter::default()).await.unwrap();
    assert!(reviews.iter().all(|r| r.status == "resolved"));
    let mut ex: Vec<String> = s
        .review_exclusions("fp-b")
        .await
        .unwrap()
        .into_iter()
        .map(|x| x.entry_id)
        .collect();
    ex.sort();
    let mut want = vec!["registry:W-2".to_string(), entry.clone()];
    want.sort();
    assert_eq!(ex, want);
    assert!(s.review_exclusions("fp-a").await.unwrap().is_empty());
    // the entry changes: the question is open again for it
    s.import_source(
        &a,
        &batch(vec![listed("1", "Person Renamed")]),
        Default::default(),
    )
    .await
    .unwrap();
    let ex: Vec<String> = s
        .review_exclusions("fp-b")
        .await
        .unwrap()
        .into_iter()
        .map(|x| x.entry_id)
        .collect();
    assert_eq!(ex, ["registry:W-2"]);

    // same person against a banned person: DENY and an alert
    let rec = s
        .record_screenings(
            &officer,
            &[screening(
                "fp-c",
                "REFER",
                vec![],
                vec![candidate("registry:W-1", true)],
            )],
        )
        .await
        .unwrap();
    let r = rec[0].review_ids[0].clone();
    let open_reviews = s
        .reviews(&ReviewFilter {
            status: Some("open".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(open_reviews.len(), 1);
    assert_eq!(
        s.reviews(&ReviewFilter::default()).await.unwrap()[0].id,
        r,
        "open items come first"
    );
    let done = s
        .resolve_review(
            &a,
            &r,
            "same_person",
            "fingerprints match",
            day("2026-11-27"),
        )
        .await
        .unwrap();
    assert!(done.revised_to_deny);
    let alert2 = done.alert.unwrap();
    assert_eq!(alert2.attempt.review_id.as_deref(), Some(r.as_str()));
    assert_eq!(alert2.attempt.screening_id, rec[0].screening_id);
    assert_eq!(alert2.attempt.screened_by, "officer-7");
    assert_eq!(s.ban_attempts(ban1.id.as_str()).await.unwrap(), 2);
    let listed_alerts = s.alerts(&AlertFilter::default()).await.unwrap();
    assert_eq!(listed_alerts.len(), 2);
    assert!(listed_alerts[0].seq < listed_alerts[1].seq);
    // same person against someone with no ban in force: no DENY
    let rec = s
        .record_screenings(
            &officer,
            &[screening(
                "fp-d",
                "REFER",
                vec![],
                vec![candidate("registry:W-2", false)],
            )],
        )
        .await
        .unwrap();
    let done = s
        .resolve_review(
            &a,
            &rec[0].review_ids[0],
            "same_person",
            "yes",
            day("2026-11-27"),
        )
        .await
        .unwrap();
    assert!(!done.revised_to_deny && done.alert.is_none());
    assert!(matches!(
        s.verify_chain().await.unwrap(),
        ChainReport::Intact { .. }
    ));
}

/// A screening recorded under a caller-chosen id (a node's spool sending it
/// again after an outage) is written once, however often it is sent; a
/// malformed id is refused and writes nothing.
pub async fn screening_ids_are_idempotency_keys(t: Target) {
    let a = actor();
    let mut s = screening("fp-1", "CLEAR", Vec::new(), Vec::new());
    s.screening_id = Some("S-node7-0001".into());
    let first = t
        .store
        .record_screenings(&a, std::slice::from_ref(&s))
        .await
        .unwrap();
    let (head, _) = t.store.head().await.unwrap();
    let again = t
        .store
        .record_screenings(&a, &[s.clone(), s.clone()])
        .await
        .unwrap();
    assert_eq!(
        t.store.head().await.unwrap().0,
        head,
        "sent again: nothing written"
    );
    assert_eq!(again.len(), 2);
    assert!(
        again
            .iter()
            .all(|r| r.screening_id == "S-node7-0001" && r.seq == first[0].seq)
    );
    let mut bad = s;
    bad.screening_id = Some("S-../x".into());
    let err = t.store.record_screenings(&a, &[bad]).await;
    assert!(matches!(err, Err(StoreError::Rule(_))), "{err:?}");
    assert_eq!(t.store.head().await.unwrap().0, head);
}
