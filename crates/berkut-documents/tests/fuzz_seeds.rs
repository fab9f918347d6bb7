//! Replays every seed of the cargo-fuzz corpora (`fuzz/corpus/<target>/`) through the same
//! library entry points the fuzz targets call.

use berkut_documents::{classify_kz_id, fuzz, parse_mrz_text};
use std::path::PathBuf;

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/corpus")).join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("directory entry").path();
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn mrz_seed_corpus_replays() {
    let seeds = seeds("mrz");
    assert!(seeds.len() >= 10, "seed corpus too small");
    let mut parsed_valid = 0;
    for (_, bytes) in &seeds {
        fuzz::mrz(bytes);
        let text = String::from_utf8_lossy(bytes);
        if parse_mrz_text(&text).is_ok_and(|m| m.valid) {
            parsed_valid += 1;
        }
    }
    // The corpus must reach deep code paths, not only the shape errors.
    assert!(
        parsed_valid >= 5,
        "only {parsed_valid} seeds are valid MRZs"
    );
}

#[test]
fn kz_id_seed_corpus_replays() {
    let seeds = seeds("kz_id");
    assert!(seeds.len() >= 5, "seed corpus too small");
    let mut valid = 0;
    for (_, bytes) in &seeds {
        fuzz::kz_id(bytes);
        if classify_kz_id(String::from_utf8_lossy(bytes).trim()).is_ok() {
            valid += 1;
        }
    }
    assert!(valid >= 2, "only {valid} seeds are valid identifiers");
}
