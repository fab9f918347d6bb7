//! Screening latency at several register sizes, and build time.
//!
//! `cargo bench -p berkut-engine --bench screen` prints, per size, the
//! build time and p50/p99 of `screen()` over generated travellers (cold: the
//! first pass, which prepares candidate records; warm: the second), then
//! runs the divan micro-benchmarks. Sizes: `BERKUT_BENCH_SIZES` (default
//! `10000,100000`).

use std::sync::OnceLock;
use std::time::Instant;

use berkut_domain::EventBody;
use berkut_domain::watchlist::{EntryId, EntryListed};
use berkut_engine::{Screener, Traveller};

fn today() -> time::Date {
    time::macros::date!(2026 - 11 - 27)
}

fn sizes() -> Vec<usize> {
    std::env::var("BERKUT_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000])
}

fn events(lines: &[String]) -> Vec<(u64, EventBody)> {
    let text = lines.join("\n");
    berkut_lists::NationalJsonlReader::new(text.as_bytes())
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
        .collect()
}

struct Fixture {
    screener: Screener,
    travellers: Vec<Traveller>,
}

fn fixture(n: usize) -> &'static Fixture {
    static CACHE: OnceLock<std::sync::Mutex<Vec<(usize, &'static Fixture)>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, f)) = c.iter().find(|(k, _)| *k == n) {
        return f;
    }
    let g = berkut_gen::generate(42, n, 2_000);
    let evs = events(&g.register);
    let screener = Screener::default();
    let t = Instant::now();
    screener.apply(&evs);
    let built = t.elapsed();
    let travellers: Vec<Traveller> = g
        .travellers
        .iter()
        .filter_map(|l| Traveller::from_json(l).ok())
        .collect();
    let st = screener.stats();
    println!(
        "size {n}: apply+build {built:.2?}; {} variants, {} terms, {} postings, index heap {} bytes = {:.0} bytes per name variant",
        st.index.base_variants,
        st.index.terms,
        st.index.postings,
        st.index.heap_bytes,
        st.index.heap_bytes as f64 / st.index.base_variants.max(1) as f64
    );
    for pass in ["cold", "warm"] {
        let mut ns: Vec<u128> = travellers
            .iter()
            .map(|t| {
                let s = Instant::now();
                let d = screener.screen(t, today());
                std::hint::black_box(d);
                s.elapsed().as_nanos()
            })
            .collect();
        ns.sort_unstable();
        let q = |p: f64| ns[((ns.len() as f64 - 1.0) * p) as usize] as f64 / 1000.0;
        println!(
            "size {n} {pass}: screen() over {} travellers: p50 {:.0} µs, p90 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
            ns.len(),
            q(0.5),
            q(0.9),
            q(0.99),
            q(1.0)
        );
    }
    let f: &'static Fixture = Box::leak(Box::new(Fixture {
        screener,
        travellers,
    }));
    c.push((n, f));
    f
}

#[divan::bench(args = sizes())]
fn screen(bencher: divan::Bencher, n: usize) {
    let f = fixture(n);
    let mut i = 0usize;
    bencher.bench_local(|| {
        i = (i + 1) % f.travellers.len();
        f.screener.screen(&f.travellers[i], today())
    });
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn build_10k(bencher: divan::Bencher) {
    let g = berkut_gen::generate(7, 10_000, 0);
    let evs = events(&g.register);
    bencher.bench_local(|| {
        let s = Screener::default();
        s.apply(&evs);
        s
    });
}

fn main() {
    for n in sizes() {
        fixture(n);
    }
    divan::main();
}
