//! Reads the shared benchmark `putin_names.txt` at run time (never copied
//! into the repository) and reports how many of its Latin/Cyrillic spellings
//! share a key with `Владимир Путин`.

use std::path::PathBuf;

use berkut_text::analyze_name;

pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("BERKUT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    dir.join("data/lists/benchmarks").is_dir().then_some(dir)
}

fn key_sets(name: &str) -> Vec<Vec<String>> {
    analyze_name(name)
        .content()
        .filter(|t| !t.initial)
        .map(|t| t.keys.clone())
        .collect()
}

#[test]
fn putin_variants_share_keys() {
    let Some(dir) = shared_dir() else {
        println!("skipped: shared benchmarks not found (set BERKUT_SHARED_DIR)");
        return;
    };
    let path = dir.join("data/lists/benchmarks/name_variants/putin_names.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: cannot read {}", path.display());
        return;
    };
    let reference = key_sets("Владимир Владимирович Путин");
    let (mut total, mut hit) = (0, 0);
    let mut missed = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        total += 1;
        // a line matches when its family-name token shares a key with Путин
        let found = key_sets(line)
            .iter()
            .any(|ks| ks.iter().any(|k| reference[2].contains(k)));
        if found {
            hit += 1;
        } else {
            missed.push(line.to_string());
        }
    }
    let lines: Vec<&str> = text.lines().collect();
    let started = std::time::Instant::now();
    for _ in 0..20 {
        for l in &lines {
            std::hint::black_box(analyze_name(l));
        }
    }
    let per_name = started.elapsed().as_secs_f64() * 1e6 / (20 * lines.len()) as f64;
    println!("analyze_name: {per_name:.1} µs per name (this build; informal)");
    let recall = hit as f64 / total as f64;
    println!(
        "putin_names: {hit}/{total} spellings share the surname key ({:.1}%)",
        recall * 100.0
    );
    println!("missed: {missed:?}");
    assert!(recall >= 0.85, "recall {recall}");
}
