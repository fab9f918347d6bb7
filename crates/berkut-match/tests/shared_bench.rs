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
    assert!(hit >= 15, "overall {hit}/{total}");
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
    assert!(recall >= 0.70, "recall {recall}");
}

/// Split one line of OFAC's legacy CSV (double-quoted strings, `-0-` empty).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur).trim().to_string()),
            c => cur.push(c),
        }
    }
    out.push(cur.trim().to_string());
    out
}

/// OFAC SDN individuals: alias → primary name recall, and the rate at which
/// two *different* listed individuals would refer each other on the name
/// alone (a proxy for referring an innocent traveller).
#[test]
fn ofac_alias_recall_and_false_positive_rate() {
    use berkut_match::{PreparedName, compare_prepared};
    use std::collections::HashMap;

    let Some(dir) = shared_dir() else {
        println!("skipped: shared benchmarks not found (set BERKUT_SHARED_DIR)");
        return;
    };
    let base = dir.join("data/lists/us_ofac_sdn/2023-12-28");
    let (Ok(sdn), Ok(alt)) = (
        std::fs::read_to_string(base.join("sdn.csv")),
        std::fs::read_to_string(base.join("alt.csv")),
    ) else {
        println!("skipped: OFAC files not readable under {}", base.display());
        return;
    };
    let t = name_threshold();
    let mut primary: HashMap<String, String> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for line in sdn.lines() {
        let f = csv_fields(line);
        if f.len() > 2 && f[2] == "individual" {
            primary.insert(f[0].clone(), f[1].clone());
            order.push(f[0].clone());
        }
    }
    let (mut total, mut hit) = (0usize, 0usize);
    for line in alt.lines() {
        let f = csv_fields(line);
        if f.len() < 4 || f[2] != "aka" {
            continue;
        }
        let Some(p) = primary.get(&f[0]) else {
            continue;
        };
        total += 1;
        if compare_names(&f[3], p).score >= t {
            hit += 1;
        }
    }
    let recall = hit as f64 / total.max(1) as f64;
    println!(
        "OFAC aka→primary (individuals): {hit}/{total} reach possible on the name alone ({:.1}%)",
        recall * 100.0
    );

    // different individuals: first 300 primary names, all pairs
    let raw: Vec<&String> = order
        .iter()
        .take(300)
        .filter_map(|id| primary.get(id))
        .collect();
    let sample: Vec<PreparedName> = raw.iter().map(|n| PreparedName::parse(n)).collect();
    let started = std::time::Instant::now();
    let (mut pairs, mut fp) = (0usize, 0usize);
    let mut examples = Vec::new();
    for i in 0..sample.len() {
        for j in i + 1..sample.len() {
            pairs += 1;
            let s = compare_prepared(&sample[i], &sample[j]).score;
            if s >= t {
                fp += 1;
                if examples.len() < 10 {
                    examples.push(format!("{} ~ {} ({s:.2})", raw[i], raw[j]));
                }
            }
        }
    }
    let per_pair = started.elapsed().as_secs_f64() * 1e6 / pairs.max(1) as f64;
    let fp_rate = fp as f64 / pairs.max(1) as f64;
    println!(
        "OFAC different-individual pairs reaching possible on the name alone: {fp}/{pairs} ({:.4}%), {per_pair:.1} µs/pair (this build)",
        fp_rate * 100.0
    );
    println!("examples: {examples:#?}");
    assert!(total > 1000);
    assert!(recall >= 0.5, "alias recall {recall}");
    assert!(fp_rate <= 0.0002, "false-positive rate {fp_rate}");
}
