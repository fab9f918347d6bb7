//! Batch throughput and per-phase profile of `Screener::screen`.
//!
//! `cargo run --release -p berkut-engine --example batch -- [LISTED] [TRAVELLERS] [THREADS]`
//! builds a generated register of LISTED persons (seed 42), screens
//! TRAVELLERS generated travellers once on one thread (cold) and again on
//! THREADS threads (warm), and prints latency percentiles and throughput.
//! With `PERF_CTL=FIFO` it writes `enable` to that perf control FIFO once
//! the index is built, so `perf record --control fifo:FIFO -D -1` samples
//! screening only.

use std::time::Instant;

use berkut_domain::EventBody;
use berkut_domain::watchlist::{EntryId, EntryListed};
use berkut_engine::{Screener, Traveller, Verdict};

/// CPU time of the calling thread, from `/proc/thread-self/schedstat`
/// (robust to other processes sharing the cores, unlike wall time).
fn thread_cpu() -> std::time::Duration {
    let ns = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .unwrap_or(0);
    std::time::Duration::from_nanos(ns)
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let listed = args.first().copied().unwrap_or(100_000);
    let n_trav = args.get(1).copied().unwrap_or(20_000);
    let threads = args.get(2).copied().unwrap_or(2);
    let today = time::macros::date!(2026 - 11 - 27);
    let g = berkut_gen::generate(42, listed, n_trav);
    let text = g.register.join("\n");
    let evs: Vec<(u64, EventBody)> = berkut_lists::NationalJsonlReader::new(text.as_bytes())
        .filter_map(Result::ok)
        .enumerate()
        .filter_map(|(i, e)| {
            let source = e.list.code().to_string();
            let entry_id = EntryId::new(&source, &e.source_id).ok()?;
            Some((
                i as u64 + 1,
                EventBody::EntryListed(EntryListed {
                    entry_id,
                    source,
                    content_hash: String::new(),
                    entry: e,
                }),
            ))
        })
        .collect();
    let screener = Screener::default();
    let t = Instant::now();
    screener.apply(&evs);
    println!("listed {listed}: apply+build {:.2?}", t.elapsed());
    let travellers: Vec<Traveller> = g
        .travellers
        .iter()
        .filter_map(|l| Traveller::from_json(l).ok())
        .collect();
    if std::env::var("WARM_ALL").is_ok() {
        let rss = || {
            std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmRSS"))
                        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                })
                .unwrap_or(0)
        };
        let (r0, t) = (rss(), Instant::now());
        let _ = screener.brute_force(&travellers[0], today);
        println!(
            "prepared every record in {:.2?}: RSS {} MB -> {} MB",
            t.elapsed(),
            r0 / 1024,
            rss() / 1024
        );
    }
    if let Ok(p) = std::env::var("PERF_CTL") {
        let _ = std::fs::write(p, "enable\n");
    }
    for pass in ["cold 1 thread", "warm 1 thread"] {
        let t = Instant::now();
        let cpu0 = thread_cpu();
        let mut ns: Vec<u128> = Vec::with_capacity(travellers.len());
        let mut counts = [0usize; 3];
        for tr in &travellers {
            let s = Instant::now();
            let d = screener.screen(tr, today);
            ns.push(s.elapsed().as_nanos());
            counts[d.decision as usize] += 1;
        }
        let total = t.elapsed();
        let cpu = thread_cpu() - cpu0;
        ns.sort_unstable();
        let q = |p: f64| ns[((ns.len() as f64 - 1.0) * p) as usize] as f64 / 1000.0;
        println!(
            "{pass}: {} travellers in {total:.2?} = {:.0}/s, CPU {cpu:.2?} = {:.0} µs CPU each; p50 {:.0} µs p90 {:.0} µs p99 {:.0} µs max {:.0} µs; CLEAR {} REFER {} DENY {}",
            travellers.len(),
            travellers.len() as f64 / total.as_secs_f64(),
            cpu.as_secs_f64() * 1e6 / travellers.len() as f64,
            q(0.5),
            q(0.9),
            q(0.99),
            q(1.0),
            counts[Verdict::Clear as usize],
            counts[Verdict::Refer as usize],
            counts[Verdict::Deny as usize],
        );
    }
    let t = Instant::now();
    std::thread::scope(|s| {
        for k in 0..threads {
            let (screener, travellers) = (&screener, &travellers);
            s.spawn(move || {
                for tr in travellers.iter().skip(k).step_by(threads) {
                    std::hint::black_box(screener.screen(tr, today));
                }
            });
        }
    });
    let total = t.elapsed();
    println!(
        "warm {threads} threads: {} travellers in {total:.2?} = {:.0}/s",
        travellers.len(),
        travellers.len() as f64 / total.as_secs_f64()
    );
}
