//! Evaluation on a generated set: recall, false referrals, namesakes.

use std::time::Instant;

use berkut_engine::evaluate;

use crate::support::{screener_with, today, travellers, truth};

fn run(seed: u64, listed: usize, n: usize) -> berkut_engine::EvalReport {
    let g = berkut_gen::generate(seed, listed, n);
    let t0 = Instant::now();
    let s = screener_with(&g.register);
    let build = t0.elapsed();
    let ts = travellers(&g.travellers);
    let tr = truth(&g.truth);
    let t1 = Instant::now();
    let r = evaluate(&s, &ts, &tr, today());
    let per = t1.elapsed().as_secs_f64() * 1e6 / ts.len().max(1) as f64;
    println!(
        "eval seed {seed}: {listed} listed / {n} travellers (build {build:?}, {per:.0} µs per screening, debug or release as built)"
    );
    println!(
        "  recall {:.4} ({}/{}), denied {}; false referral {:.4} ({}/{}, denied {}); namesake referral {:.4} ({}/{}, denied {})",
        r.recall, r.listed_found, r.listed, r.listed_denied,
        r.false_referral_rate, r.clear_referred, r.clear, r.clear_denied,
        r.namesake_referral_rate, r.namesakes_referred, r.namesakes, r.namesakes_denied
    );
    for (k, v) in &r.variations {
        println!("  {k:24} total {:5} missed {:4} denied {:5}", v.total, v.missed, v.denied);
    }
    println!("  missed: {:?}", &r.missed_ids[..r.missed_ids.len().min(20)]);
    println!("  false referrals: {:?}", &r.false_referral_ids[..r.false_referral_ids.len().min(20)]);
    r
}

#[test]
fn generated_set_meets_targets() {
    let (listed, n) = if std::env::var_os("BERKUT_EVAL_FULL").is_some() {
        (10_000, 10_000)
    } else {
        (3_000, 3_000)
    };
    let r = run(20261127, listed, n);
    assert!(r.recall >= 0.99, "recall {}", r.recall);
    assert!(r.false_referral_rate <= 0.005, "false referral {}", r.false_referral_rate);
    assert!(r.namesake_referral_rate <= 0.25, "namesakes {}", r.namesake_referral_rate);
}
