//! Index recall ⊇ brute force: every entry the brute-force scorer puts at or
//! above the REFER threshold is among the index's candidates.

use proptest::prelude::*;

use crate::support::{screener_with, today, travellers};

/// The first traveller whose brute-force match the index does not return.
fn recall_gap(seed: u64, listed: usize) -> Option<String> {
    let g = berkut_gen::generate(seed, listed, 120);
    let s = screener_with(&g.register);
    for t in travellers(&g.travellers) {
        let cands = s.candidate_ids(&t, today());
        for (id, score) in s.brute_force(&t, today()) {
            if !cands.contains(&id) {
                return Some(format!(
                    "{} ({:?}): {id} scores {score:.3} by brute force but is not a candidate",
                    t.id, t.names
                ));
            }
        }
    }
    None
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]
    #[test]
    fn index_recall_contains_brute_force(seed in any::<u64>(), listed in 50usize..600) {
        if let Some(gap) = recall_gap(seed, listed) {
            prop_assert!(false, "{}", gap);
        }
    }
}

/// Failures CI found with random seeds (their proptest hashes were not
/// printed where we could read them, so they are pinned here by value).
#[test]
fn index_recall_regressions() {
    for (seed, listed) in [
        // `BIN LUO`: `bin` read as an Arabic particle, not indexed, yet scored
        (14147860107710998820u64, 466usize),
        (10611597459579955108, 62),
        // MRZ `GUNES<<BARIS` against `Barış Güneş`: keys differed (ş = sh)
        (17156358443358089837, 84),
        // ERJAN ~ Ерлан: the query key ARN is a listed key's deletion
        (7991189035422641815, 463),
    ] {
        assert_eq!(
            recall_gap(seed, listed),
            None,
            "seed {seed}, listed {listed}"
        );
    }
}

#[test]
#[ignore = "diagnostics for a proptest regression"]
fn print_regression() {
    let g = berkut_gen::generate(10611597459579955108, 62, 120);
    let s = screener_with(&g.register);
    let ts = travellers(&g.travellers);
    let i = ts.iter().position(|t| t.id == "T-0000037").expect("id");
    println!("{}", g.travellers[i]);
    println!("{}", g.register[59]);
    println!("{:?}", s.candidate_ids(&ts[i], today()));
    println!("{:?}", s.screen(&ts[i], today()));
}

#[test]
#[ignore = "diagnostics: SEED=… LISTED=… TID=T-… prints one recall gap"]
fn print_gap() {
    let seed: u64 = std::env::var("SEED").expect("SEED").parse().expect("seed");
    let listed: usize = std::env::var("LISTED")
        .expect("LISTED")
        .parse()
        .expect("listed");
    let tid = std::env::var("TID").expect("TID");
    let g = berkut_gen::generate(seed, listed, 120);
    let s = screener_with(&g.register);
    let ts = travellers(&g.travellers);
    let i = ts.iter().position(|t| t.id == tid).expect("id");
    println!("{}", g.travellers[i]);
    let bf = s.brute_force(&ts[i], today());
    for (id, _) in &bf {
        let short = id.rsplit(':').next().unwrap_or("");
        for l in &g.register {
            if l.contains(short) {
                println!("{l}");
            }
        }
    }
    println!("bf {bf:?}");
    println!("cands {:?}", s.candidate_ids(&ts[i], today()));
    println!("{:#?}", s.screen(&ts[i], today()));
}
