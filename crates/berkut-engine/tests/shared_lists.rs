//! Real lists (when `../shared` is present): every alias of a listed
//! individual, screened alone as a traveller's name, is referred (or denied)
//! naming its own entry: retrieval by the index *and* a score at or above
//! REFER. Organisations and vessels are not screened (the engine screens
//! people); their aliases are covered by `berkut-index`'s retrieval test.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use berkut_domain::watchlist::{EntryKind, ListedEntry};
use berkut_engine::{Screener, Traveller, Verdict};

use crate::support::{listed_event, today};

fn shared() -> Option<PathBuf> {
    let base = std::env::var_os("BERKUT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let data = base.join("data/lists");
    if data.is_dir() {
        Some(data)
    } else {
        println!("skipped: shared list data not found at {}", data.display());
        None
    }
}

fn open(p: PathBuf) -> BufReader<File> {
    BufReader::new(File::open(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
}

/// Aliases of individuals that do not screen back to their entry, as
/// `alias → first name` lines (all of them, not a sample).
fn misses(label: &str, entries: Vec<ListedEntry>) -> (usize, Vec<String>) {
    let s = Screener::default();
    let people: Vec<ListedEntry> = entries
        .into_iter()
        .filter(|e| e.kind == EntryKind::Individual)
        .collect();
    let ids: Vec<String> = people
        .iter()
        .map(|e| format!("{}:{}", e.list.code(), e.source_id))
        .collect();
    let events: Vec<_> = people
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, e)| (i as u64 + 1, listed_event(e)))
        .collect();
    s.apply(&events);
    let (mut total, mut missed) = (0usize, Vec::new());
    let t = std::time::Instant::now();
    for (e, id) in people.iter().zip(&ids) {
        for alias in e.names.iter().skip(1) {
            total += 1;
            let tr = Traveller {
                id: "alias".into(),
                names: vec![alias.name.full.clone()],
                ..Traveller::default()
            };
            let d = s.screen(&tr, today());
            let named = d.decision != Verdict::Clear && d.matches.iter().any(|m| &m.entry_id == id);
            if !named {
                missed.push(format!(
                    "{} → {} ({:?})",
                    alias.name.full, e.names[0].name.full, d.reasons
                ));
            }
        }
    }
    println!(
        "{label}: {} individuals, {total} aliases, {} not screened back ({:.0} µs per screening, this build)",
        people.len(),
        missed.len(),
        t.elapsed().as_secs_f64() * 1e6 / total.max(1) as f64
    );
    for m in &missed {
        println!("  {m}");
    }
    (total, missed)
}

#[test]
fn ofac_individual_aliases_screen_back() {
    let Some(d) = shared() else { return };
    let dir = d.join("us_ofac_sdn/2023-12-28");
    let entries: Vec<ListedEntry> = berkut_lists::ofac_sdn(
        open(dir.join("sdn.csv")),
        open(dir.join("alt.csv")),
        open(dir.join("add.csv")),
    )
    .collect::<Result<_, _>>()
    .expect("sdn parses");
    let (total, missed) = misses("OFAC SDN 2023-12-28", entries);
    assert!(total > 5_000);
    assert!(
        missed.is_empty(),
        "{} aliases not screened back",
        missed.len()
    );
}

#[test]
fn un_individual_aliases_screen_back() {
    let Some(d) = shared() else { return };
    let r = berkut_lists::UnReader::new(open(d.join("un_sc/2026-02-27/UN_consolidated.xml")))
        .expect("un header");
    let entries: Vec<ListedEntry> = r.collect::<Result<_, _>>().expect("un parses");
    let (total, missed) = misses("UN SC 2026-02-27", entries);
    assert!(total > 1_000);
    assert!(
        missed.is_empty(),
        "{} aliases not screened back",
        missed.len()
    );
}
