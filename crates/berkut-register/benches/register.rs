//! Lookup latency, build time and memory of the invalidated-documents
//! register on synthetic documents.
//!
//! `cargo bench -p berkut-register --bench register`; sizes from
//! `BERKUT_REGISTER_SIZES` (comma-separated, default `1000000,10000000`;
//! add `100000000` on a machine with 8 GB free). Memory per document is
//! printed before the timings, counted by `Register::heap_bytes`.

use std::{
    collections::HashMap,
    sync::{Mutex, OnceLock},
    time::Instant,
};

use berkut_domain::{
    CountryCode, DocumentKind, DocumentNumber, InvalidatedDocument, InvalidationStatus,
};
use berkut_register::Register;
use divan::Bencher;

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

const STATES: [&str; 12] = [
    "KAZ", "KAZ", "KAZ", "RUS", "RUS", "UZB", "KGZ", "TJK", "CHN", "TUR", "D", "USA",
];
const SOURCES: [&str; 4] = ["interpol_sltd", "kz_mvd", "kz_knb", "eaeu_exchange"];
/// Probes per size: enough distinct keys that they do not all stay in cache.
const PROBES: usize = 1 << 20;

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Document `i`: a letter `A`–`Y` and 8 digits, one in a hundred a 12-character
/// number (side table). `absent` numbers start with `Z` and are never inserted.
fn number_and_state(i: u64, absent: bool) -> (DocumentNumber, CountryCode) {
    let h = splitmix(i);
    let state = STATES[(h % STATES.len() as u64) as usize];
    let n = if h % 100 == 7 {
        format!("L{:011}", (h >> 8) % 100_000_000_000)
    } else {
        let letter = if absent {
            b'Z'
        } else {
            b'A' + ((h >> 4) % 25) as u8
        };
        format!("{}{:08}", letter as char, (h >> 12) % 100_000_000)
    };
    let (Ok(number), Ok(state)) = (DocumentNumber::parse(&n), CountryCode::parse(state)) else {
        unreachable!("synthetic values are valid")
    };
    (number, state)
}

fn synthetic(i: u64) -> InvalidatedDocument {
    let (number, issuing_state) = number_and_state(i, false);
    let h = splitmix(i ^ 0x5555);
    let epoch =
        time::Date::from_calendar_date(2000, time::Month::January, 1).unwrap_or(time::Date::MIN);
    InvalidatedDocument {
        number,
        issuing_state,
        kind: [
            Some(DocumentKind::Passport),
            Some(DocumentKind::IdCard),
            None,
        ][(h % 3) as usize],
        status: InvalidationStatus::ALL[((h >> 8) % 5) as usize],
        reported_at: epoch + time::Duration::days(((h >> 16) % 9500) as i64),
        source: SOURCES[((h >> 32) % 4) as usize].to_string(),
    }
}

fn build(n: usize) -> Register {
    match Register::build((0..n as u64).map(synthetic)) {
        Ok(r) => r,
        Err(e) => panic!("synthetic build failed: {e}"),
    }
}

fn sizes() -> Vec<usize> {
    std::env::var("BERKUT_REGISTER_SIZES")
        .unwrap_or_else(|_| "1000000,10000000".into())
        .split(',')
        .filter_map(|s| s.trim().replace('_', "").parse().ok())
        .collect()
}

type Cache = Mutex<HashMap<usize, &'static Register>>;

fn registers() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn register(n: usize) -> &'static Register {
    let mut cache = registers().lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(n)
        .or_insert_with(|| Box::leak(Box::new(build(n))))
}

/// Probes: documents drawn at random from the `n` inserted (`present`), or
/// numbers never inserted.
fn probes(n: usize, present: bool) -> Vec<(DocumentNumber, CountryCode)> {
    (0..PROBES as u64)
        .map(|j| {
            let r = splitmix(j ^ 0xabcdef);
            if present {
                number_and_state(r % n as u64, false)
            } else {
                number_and_state(r, true)
            }
        })
        .collect()
}

fn lookup(bencher: Bencher, n: usize, present: bool) {
    let reg = register(n);
    let probes = probes(n, present);
    let mut i = 0usize;
    bencher
        .with_inputs(|| {
            i = (i + 1) % probes.len();
            &probes[i]
        })
        .bench_local_values(|(number, state)| reg.lookup(number, *state).count());
}

#[divan::bench(args = sizes(), sample_count = 1000, sample_size = 100)]
fn lookup_present(bencher: Bencher, n: usize) {
    lookup(bencher, n, true);
}

#[divan::bench(args = sizes(), sample_count = 1000, sample_size = 100)]
fn lookup_absent(bencher: Bencher, n: usize) {
    lookup(bencher, n, false);
}

/// Build from synthetic documents, generation included (see `generate_only`).
#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn build_from_iterator(n: usize) -> Register {
    build(n)
}

/// Generating the synthetic documents alone, to subtract from `build_from_iterator`.
#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn generate_only(n: usize) -> usize {
    (0..n as u64)
        .map(synthetic)
        .map(|d| d.number.as_str().len())
        .sum()
}

fn main() {
    for n in sizes() {
        let start = Instant::now();
        let reg = register(n);
        let secs = start.elapsed().as_secs_f64();
        let bytes = reg.heap_bytes();
        println!(
            "size {n}: {} records ({} in the long-number side table), heap {bytes} bytes = {:.2} bytes/document, first build {secs:.2} s",
            reg.len(),
            reg.long_len(),
            bytes as f64 / reg.len().max(1) as f64,
        );
    }
    divan::main();
}
