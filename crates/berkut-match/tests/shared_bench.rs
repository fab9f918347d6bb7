//! Recall on the shared benchmarks, read at run time from
//! `${BERKUT_SHARED_DIR}` or `../../../shared` (never copied into the repo).

use std::path::PathBuf;

use berkut_match::{BandThresholds, MatchConfig, compare_names};

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("BERKUT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    dir.join("data/lists/benchmarks").is_dir().then_some(dir)
}

/// Name similarity needed for the name alone to reach the possible band.
fn name_threshold() -> f64 {
    let c = MatchConfig::default();
    let b = BandThresholds::default();
    b.possible / c.name_weight
}

#[test]
fn cross_script_pairs_recall() {
    let Some(dir) = shared_dir() else {
        println!("skipped: shared benchmarks not found (set BERKUT_SHARED_DIR)");
        return;
    };
    let path = dir.join("data/lists/benchmarks/watchman_cross_script/cross_script_pairs.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: cannot read {}", path.display());
        return;
    };
    let t = name_threshold();
    let (mut total, mut hit) = (0, 0);
    let (mut cyr_ar_total, mut cyr_ar_hit) = (0, 0);
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 2 || f[0] == "Query" {
            continue;
        }
        let s = compare_names(f[0], f[1]).score;
        let ok = s >= t;
        total += 1;
        hit += usize::from(ok);
        let script = berkut_text::dominant_script(f[0]);
        if matches!(
            script,
            berkut_text::Script::Cyrillic | berkut_text::Script::Arabic
        ) {
            cyr_ar_total += 1;
            cyr_ar_hit += usize::from(ok);
        }
        println!(
            "{} {:.3} {} ~ {}",
            if ok { "hit " } else { "MISS" },
            s,
            f[0],
            f[1]
        );
    }
    println!(
        "cross_script_pairs: {hit}/{total} all scripts; {cyr_ar_hit}/{cyr_ar_total} Cyrillic+Arabic (name-only threshold {t:.3})"
    );
    assert!(total > 0);
    assert_eq!(
        cyr_ar_hit, cyr_ar_total,
        "every Cyrillic and Arabic pair must reach possible"
    );
}

#[test]
fn putin_names_recall() {
    let Some(dir) = shared_dir() else {
        println!("skipped: shared benchmarks not found (set BERKUT_SHARED_DIR)");
        return;
    };
    let path = dir.join("data/lists/benchmarks/name_variants/putin_names.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: cannot read {}", path.display());
        return;
    };
    let t = name_threshold();
    let reference = "Путин Владимир Владимирович";
    let (mut total, mut hit) = (0, 0);
    let mut missed = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        total += 1;
        let s = compare_names(line, reference).score;
        if s >= t {
            hit += 1;
        } else {
            missed.push(format!("{line} ({s:.2})"));
        }
    }
    let recall = hit as f64 / total as f64;
    println!(
        "putin_names vs '{reference}': {hit}/{total} reach possible ({:.1}%)",
        recall * 100.0
    );
    println!("missed: {missed:?}");
    assert!(recall >= 0.5, "recall {recall}");
}
