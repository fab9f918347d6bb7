//! Benchmark of continuous re-screening through the real path (issue #7):
//! a SQLite store holding N people in the country (open stays, opened by
//! CLEAR entry screenings recorded through the store API, so every stay
//! has its `screening.recorded` and `stay.opened` events), the server's
//! [`PopulationCache`] loaded from it, then new bans imposed through the
//! store and re-screened ([`people::rescreen_all_with`]) into recorded
//! alerts.
//!
//! ```text
//! BERKUT_BENCH_POPULATION=1000000 cargo run --release -p berkut-api --example rescreen_bench
//! ```
//! `BERKUT_BENCH_POPULATION` defaults to 100,000; `BERKUT_BENCH_BANS` (5)
//! new bans are measured one by one; `BERKUT_BENCH_DIR` keeps the database
//! there (default: a fresh directory under the system temp dir, removed
//! at the end). The travellers are `berkut-gen` travellers (seed 7); each
//! ban is on the names and birth date of a traveller in the country, so
//! each must raise at least one alert (checked).
//!
//! The bulk load is bench code: batches of screenings through
//! `Store::record_screenings`, the same write the border screening makes.

use std::time::Instant;

use berkut_api::people::{self, PopulationCache};
use berkut_control::RescreenConfig;
use berkut_domain::{
    Actor, NameInput, NewBanInput, PersonInput, WatchlistSource,
    screening::{Crossing, TravellerData},
};
use berkut_store::{AnyStore, NewScreening, PeopleStore, StayFilter, Store};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n = env_usize("BERKUT_BENCH_POPULATION", 100_000);
    let bans = env_usize("BERKUT_BENCH_BANS", 5);
    let (dir, remove) = match std::env::var("BERKUT_BENCH_DIR") {
        Ok(d) => (std::path::PathBuf::from(d), false),
        Err(_) => (
            std::env::temp_dir().join(format!("berkut-rescreen-bench-{}", std::process::id())),
            true,
        ),
    };
    std::fs::create_dir_all(&dir)?;
    let store = AnyStore::open(&dir, None, true).await?;
    let actor = Actor::parse("bench")?;
    let on = berkut_domain::parse_date("on", "2026-11-20")?;

    // -- the population: N CLEAR entries at a border, in batches
    let t = Instant::now();
    let g = berkut_gen::generate(7, 1_000, n);
    let travellers: Vec<TravellerData> = g
        .travellers
        .iter()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    drop(g);
    println!(
        "generated {} travellers in {:.1} s",
        travellers.len(),
        secs(t)
    );
    // a kept database (BERKUT_BENCH_DIR) already holds the stays
    let held = !store
        .stays(&StayFilter {
            status: Some("open".into()),
            limit: Some(1),
            ..StayFilter::default()
        })
        .await?
        .is_empty();
    let t = Instant::now();
    for (b, chunk) in travellers.chunks(10_000).enumerate() {
        if held {
            break;
        }
        let batch: Vec<NewScreening> = chunk
            .iter()
            .enumerate()
            .map(|(i, tr)| NewScreening {
                screening_id: None,
                traveller: tr.clone(),
                traveller_fingerprint: format!("fp-bench-{b}-{i}"),
                crossing: Crossing {
                    crossing_point: Some("Khorgos".into()),
                    direction: "entry".into(),
                    purpose: "border".into(),
                    ..Crossing::default()
                },
                decision: "CLEAR".into(),
                matched_entries: Vec::new(),
                index_seq: 0,
                attempts: Vec::new(),
                reviews: Vec::new(),
                on,
            })
            .collect();
        store.record_screenings(&actor, &batch).await?;
    }
    if held {
        println!("the database already holds the stays: nothing recorded");
    } else {
        println!(
            "recorded {} entry screenings (stays opened) in {:.1} s",
            travellers.len(),
            secs(t)
        );
    }
    // everything so far is history: start the re-screening cursor at the head
    let (run, _) = people::rescreen_all(&store, &actor, &RescreenConfig::default()).await?;
    assert!(run.alert_ids.is_empty());

    // -- the server's population cache: first (full) load
    let sources = people::population_sources();
    let mut cache = PopulationCache::default();
    let t = Instant::now();
    cache.sync(&store, &sources, false).await?;
    let load = secs(t);
    let stats = cache.index().stats();
    println!(
        "population loaded and indexed: {} members in {load:.1} s ({} name variants, {} terms, index heap {:.0} MB)",
        cache.len(),
        stats.base_variants,
        stats.terms,
        stats.heap_bytes as f64 / 1e6
    );

    // -- people keep crossing: 1,000 more entries and 1,000 exits, applied
    // incrementally
    let t = Instant::now();
    let mut moves = Vec::new();
    for (i, tr) in travellers.iter().take(1_000).enumerate() {
        moves.push(NewScreening {
            screening_id: None,
            traveller: tr.clone(),
            traveller_fingerprint: format!("fp-bench-0-{i}"),
            crossing: Crossing {
                crossing_point: Some("Khorgos".into()),
                direction: "exit".into(),
                purpose: "border".into(),
                ..Crossing::default()
            },
            decision: "CLEAR".into(),
            matched_entries: Vec::new(),
            index_seq: 0,
            attempts: Vec::new(),
            reviews: Vec::new(),
            on,
        });
    }
    store.record_screenings(&actor, &moves).await?;
    let recorded = secs(t);
    let t = Instant::now();
    let r = cache.sync(&store, &sources, false).await?;
    println!(
        "1,000 exits recorded in {recorded:.2} s; cache sync applied {} events ({} removals) in {:.3} s; {} members",
        r.events,
        r.removals,
        secs(t),
        cache.len()
    );

    // -- new bans, one at a time: impose, re-screen, alerts recorded
    let config = RescreenConfig::default();
    let mut figures = Vec::new();
    let step = (travellers.len() / (bans + 1)).max(1);
    for k in 0..bans {
        let Some(target) = travellers
            .iter()
            .skip(1_000 + k * step)
            .find(|t| !t.names.is_empty() && t.birth_date.is_some())
        else {
            break;
        };
        let id = format!("P-BENCH-{}-{k}", std::process::id());
        let person = PersonInput {
            id: id.clone(),
            names: target.names.iter().cloned().map(NameInput::Full).collect(),
            birth_dates: target.birth_date.iter().cloned().collect(),
            ..PersonInput::default()
        }
        .validate()?;
        store.register_person(&actor, person).await?;
        store
            .impose_ban(
                &actor,
                &NewBanInput {
                    person_id: id,
                    ground: "terrorism".into(),
                    authority: "Migration Police of Almaty".into(),
                    basis_kind: "court_decision".into(),
                    basis_reference: format!("Case bench-{k}"),
                    imposed_at: "2026-11-20".into(),
                    until: None,
                },
                WatchlistSource::NationalRegister,
            )
            .await?;
        let t = Instant::now();
        let (run, alerts) = people::rescreen_all_with(&mut cache, &store, &actor, &config).await?;
        let took = secs(t);
        // the query alone, against the same index
        let person = store
            .person(&format!("P-BENCH-{}-{k}", std::process::id()))
            .await?
            .ok_or("person vanished")?;
        let entry =
            berkut_control::NewEntry::from_ban(&person, berkut_domain::LegalGround::Terrorism);
        let t = Instant::now();
        let r = cache.index().rescreen(&entry, &config);
        let query = secs(t);
        println!(
            "ban {k} ({}): re-screened {} members, {} alerts recorded in {took:.3} s (index query alone {query:.3} s, {} candidates)",
            target.names.join(" / "),
            run.members,
            alerts.len(),
            r.candidates
        );
        assert_eq!(run.entries, 1);
        assert!(!alerts.is_empty(), "the banned traveller is in the country");
        figures.push(took);
    }
    figures.sort_by(f64::total_cmp);
    if let (Some(min), Some(max)) = (figures.first(), figures.last()) {
        println!(
            "one new ban -> alerts recorded: min {min:.3} s, median {:.3} s, max {max:.3} s over {} bans",
            figures[figures.len() / 2],
            figures.len()
        );
    }
    drop(store);
    if remove {
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(())
}
