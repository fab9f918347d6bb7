//! Real lists (when `../shared` is present): every alias retrieves its own
//! entry among the candidates.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use berkut_index::{IndexRecord, NameIndex, Query, SearchLimits};
use berkut_lists::ListedEntry;

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

/// Aliases (names after the first) whose entry is not among the candidates
/// of the alias alone, as `alias → first name` lines (all of them).
fn alias_misses(label: &str, entries: &[ListedEntry]) -> Vec<String> {
    let recs: Vec<IndexRecord> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| IndexRecord {
            entry: i as u32,
            names: e.names.iter().map(|n| n.name.full.clone()).collect(),
            documents: e.documents.iter().map(|d| d.number.clone()).collect(),
            birth_years: Vec::new(),
        })
        .collect();
    let t = std::time::Instant::now();
    let ix = NameIndex::build(&recs);
    let built = t.elapsed();
    let (mut total, mut found) = (0usize, 0usize);
    let mut missed = Vec::new();
    let t = std::time::Instant::now();
    for r in &recs {
        for alias in r.names.iter().skip(1) {
            total += 1;
            let c = ix.candidates(&Query::new(&[alias], &[]), &SearchLimits::default());
            if c.list.iter().any(|c| c.entry == r.entry) {
                found += 1;
            } else {
                missed.push(format!("{alias} → {}", r.names[0]));
            }
        }
    }
    let share = found as f64 / total.max(1) as f64;
    println!(
        "{label}: {} entries, index built in {built:?}; aliases retrieving their entry: {found}/{total} = {:.4} ({:.0} µs per query)",
        recs.len(),
        share,
        t.elapsed().as_secs_f64() * 1e6 / total.max(1) as f64
    );
    println!("  missed: {missed:#?}");
    missed
}

#[test]
fn ofac_aliases_retrieve_their_entry() {
    let Some(d) = shared() else { return };
    let dir = d.join("us_ofac_sdn/2023-12-28");
    let entries: Vec<ListedEntry> = berkut_lists::ofac_sdn(
        open(dir.join("sdn.csv")),
        open(dir.join("alt.csv")),
        open(dir.join("add.csv")),
    )
    .collect::<Result<_, _>>()
    .expect("sdn parses");
    let missed = alias_misses("OFAC SDN 2023-12-28", &entries);
    // every alias, organisations' and vessels' included; no exceptions
    assert!(missed.is_empty(), "{} aliases: {missed:#?}", missed.len());
}

#[test]
fn un_aliases_retrieve_their_entry() {
    let Some(d) = shared() else { return };
    let r = berkut_lists::UnReader::new(open(d.join("un_sc/2026-02-27/UN_consolidated.xml")))
        .expect("un header");
    let entries: Vec<ListedEntry> = r.collect::<Result<_, _>>().expect("un parses");
    let missed = alias_misses("UN SC 2026-02-27", &entries);
    assert!(missed.is_empty(), "{} aliases: {missed:#?}", missed.len());
}
