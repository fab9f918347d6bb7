//! The store conformance suite: the same behaviours, checked against every
//! backend. Each check takes a fresh [`Target`].

use std::path::PathBuf;

use berkut_domain::{
    Actor, ChainFault, EventBody, NameInput, NewBanInput, PersonInput, RuleError, WatchlistSource,
    parse_date,
};
use berkut_store::{AnyStore, BanFilter, ChainReport, Store, StoreError};

use crate::{pg::TestDb, tamper};

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
