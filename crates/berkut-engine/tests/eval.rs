//! Evaluation on a generated set: recall, false referrals, namesakes.

use std::time::Instant;

use berkut_engine::{Policy, evaluate};

use crate::support::{screener_with, today, travellers, truth};

fn run(seed: u64, listed: usize, n: usize) -> berkut_engine::EvalReport {
    let g = berkut_gen::generate(seed, listed, n);
    // the curve the default thresholds are chosen from
    let ts = travellers(&g.travellers);
    let tr = truth(&g.truth);
    for refer in [0.68, 0.70, 0.72, 0.75, 0.78] {
        let policy = Policy {
            refer,
            ..Policy::default()
        };
        let s = berkut_engine::Screener::new(policy);
        s.apply(&crate::support::register_events(&g.register, 1));
        let r = evaluate(&s, &ts, &tr, today());
        println!(
            "curve refer {refer:.2}: recall {:.4} false referral {:.4} namesake referral {:.4} (deny: listed {}, clear {}, namesakes {})",
            r.recall,
            r.false_referral_rate,
            r.namesake_referral_rate,
            r.listed_denied,
            r.clear_denied,
            r.namesakes_denied
        );
    }
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
        r.recall,
        r.listed_found,
        r.listed,
        r.listed_denied,
        r.false_referral_rate,
        r.clear_referred,
        r.clear,
        r.clear_denied,
        r.namesake_referral_rate,
        r.namesakes_referred,
        r.namesakes,
        r.namesakes_denied
    );
    for (k, v) in &r.variations {
        println!(
            "  {k:24} total {:5} missed {:4} denied {:5}",
            v.total, v.missed, v.denied
        );
    }
    println!(
        "  missed: {:?}",
        &r.missed_ids[..r.missed_ids.len().min(20)]
    );
    println!(
        "  false referrals: {:?}",
        &r.false_referral_ids[..r.false_referral_ids.len().min(20)]
    );
    r
}

/// BERKUT_EVAL_FULL=1: 10k listed / 10k travellers; BERKUT_EVAL_SIZE=L,T: any size.
fn eval_size() -> (usize, usize) {
    match std::env::var("BERKUT_EVAL_SIZE").ok().and_then(|s| {
        let (a, b) = s.split_once(',')?;
        Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
    }) {
        Some(x) => x,
        None if std::env::var_os("BERKUT_EVAL_FULL").is_some() => (10_000, 10_000),
        None => (3_000, 3_000),
    }
}

#[test]
fn generated_set_meets_targets() {
    let (listed, n) = eval_size();
    let seed = std::env::var("BERKUT_EVAL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261127);
    let r = run(seed, listed, n);
    // measured levels, with a little room, on seeds 20261127, 7 and 99 at
    // 3k and 20261127 and 7 at 10k (docs/bench/2026-11-27-engine.md): a
    // regression below these fails. Targets 0.995 / 0.002 / 0.10: recall
    // is not reached, and at 10k the namesake rate is not either (the
    // generator's small name pools make half the ordinary travellers carry
    // a listed person's full name; see the same file)
    let (recall, fr, ns) = if listed > 5_000 {
        (0.98, 0.004, 0.12)
    } else {
        (0.985, 0.003, 0.075)
    };
    assert!(r.recall >= recall, "recall {}", r.recall);
    assert!(
        r.false_referral_rate <= fr,
        "false referral {}",
        r.false_referral_rate
    );
    assert!(
        r.namesake_referral_rate <= ns,
        "namesakes {}",
        r.namesake_referral_rate
    );
    assert_eq!(r.clear_denied, 0, "a clear traveller was denied");
}

#[test]
#[ignore = "diagnostics: prints missed and falsely referred travellers"]
fn print_misses() {
    // BERKUT_EVAL_SEED, BERKUT_EVAL_SIZE=L,T and BERKUT_SHOW=N choose the set
    let seed = std::env::var("BERKUT_EVAL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261127);
    let (listed, n) = eval_size();
    let show: usize = std::env::var("BERKUT_SHOW")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let g = berkut_gen::generate(seed, listed, n);
    let s = screener_with(&g.register);
    let ts = travellers(&g.travellers);
    let tr = truth(&g.truth);
    let r = evaluate(&s, &ts, &tr, today());
    let reg: std::collections::HashMap<String, &String> = g
        .register
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            (v["id"].as_str().unwrap_or("").to_string(), l)
        })
        .collect();
    for id in r
        .false_referral_ids
        .iter()
        .take(show / 2)
        .chain(r.missed_ids.iter().take(show))
    {
        let i = ts.iter().position(|t| &t.id == id).expect("id");
        let t = &ts[i];
        let truth = &tr[i];
        println!("== {id} {:?} {:?}", truth.kind, truth.variation);
        println!("   traveller {}", g.travellers[i]);
        if let Some(e) = truth.expect.as_deref() {
            println!("   expected  {}", reg.get(e).map_or("?", |s| s.as_str()));
            let cands = s.candidate_ids(t, today());
            println!("   in candidates: {}", cands.iter().any(|c| c.ends_with(e)));
        }
        let d = s.screen(t, today());
        println!("   decision {:?} {:?}", d.decision, d.reasons);
        for m in d.matches.iter().take(1) {
            println!("   {:?}", m.reasons);
        }
        let bf = s.brute_force(t, today());
        println!("   brute force: {bf:?}");
    }
    // namesakes referred, with the matched entry
    let mut shown = 0;
    for (i, t) in ts.iter().enumerate() {
        if tr[i].kind != "namesake" || shown >= show {
            continue;
        }
        let d = s.screen(t, today());
        if d.decision == berkut_engine::Verdict::Clear {
            continue;
        }
        shown += 1;
        println!(
            "== namesake {} {:?} {:?}",
            t.id, tr[i].variation, d.decision
        );
        println!("   traveller {}", g.travellers[i]);
        for m in d.matches.iter().take(1) {
            let e = m.entry_id.rsplit(':').next().unwrap_or("");
            println!("   entry     {}", reg.get(e).map_or("?", |s| s.as_str()));
            println!("   {:?}", m.reasons);
        }
    }
}

#[test]
#[ignore = "diagnostics: candidates of given travellers"]
fn print_candidates() {
    let g = berkut_gen::generate(20261127, 3_000, 3_000);
    let s = screener_with(&g.register);
    let ts = travellers(&g.travellers);
    for id in ["T-0000171", "T-0001640", "T-0000356"] {
        let t = ts.iter().find(|t| t.id == id).expect("id");
        println!("{id}: {:?}", t.names);
        let q = berkut_index::Query::new(&t.names, &[]);
        let snap = s.snapshot();
        let c = snap.index().candidates(&q, &s.policy().limits);
        for x in c.list.iter().take(20) {
            println!("   {:?}", x);
        }
    }
}

#[test]
#[ignore = "diagnostics: where screening time goes"]
fn print_phases() {
    let g = berkut_gen::generate(42, 30_000, 1_000);
    let s = screener_with(&g.register);
    let ts = travellers(&g.travellers);
    let snap = s.snapshot();
    for _ in 0..2 {
        let (mut a, mut c, mut all, mut n) = (0u128, 0u128, 0u128, 0usize);
        for t in &ts {
            let t0 = Instant::now();
            let subj = berkut_match::MatchSubject {
                names: t.names.clone(),
                ..Default::default()
            };
            let p = berkut_match::PreparedSubject::new(&subj);
            a += t0.elapsed().as_nanos();
            let t1 = Instant::now();
            let q = berkut_index::Query::from_analyzed(
                p.names.iter().map(|(_, x)| x.analyzed()),
                &[] as &[String],
            );
            let cands = snap.index().candidates(&q, &s.policy().limits);
            c += t1.elapsed().as_nanos();
            n += cands.list.len();
            let t2 = Instant::now();
            std::hint::black_box(s.screen(t, today()));
            all += t2.elapsed().as_nanos();
        }
        let k = ts.len() as f64 * 1000.0;
        println!(
            "analyse {:.0} µs, candidates {:.0} µs ({:.1} per query), screen total {:.0} µs",
            a as f64 / k,
            c as f64 / k,
            n as f64 / ts.len() as f64,
            all as f64 / k
        );
    }
}

#[test]
#[ignore = "diagnostics: a screening loop to profile"]
fn screen_loop() {
    let g = berkut_gen::generate(42, 30_000, 1_000);
    let s = screener_with(&g.register);
    let ts = travellers(&g.travellers);
    let t0 = Instant::now();
    for _ in 0..8 {
        for t in &ts {
            std::hint::black_box(s.screen(t, today()));
        }
    }
    println!(
        "{:.0} µs per screening",
        t0.elapsed().as_secs_f64() * 1e6 / (8.0 * ts.len() as f64)
    );
}
