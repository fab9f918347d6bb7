//! Index build and candidate retrieval on generated registers.

use std::sync::OnceLock;

use berkut_index::{IndexRecord, NameIndex, Query, SearchLimits};

fn records(n: usize) -> Vec<IndexRecord> {
    let g = berkut_gen::generate(3, n, 0);
    let text = g.register.join("\n");
    berkut_lists::NationalJsonlReader::new(text.as_bytes())
        .filter_map(Result::ok)
        .enumerate()
        .map(|(i, e)| IndexRecord {
            entry: i as u32,
            names: e.names.iter().map(|n| n.name.full.clone()).collect(),
            documents: e.documents.iter().map(|d| d.number.clone()).collect(),
            birth_years: Vec::new(),
        })
        .collect()
}

fn index_100k() -> &'static (NameIndex, Vec<Query>) {
    static IX: OnceLock<(NameIndex, Vec<Query>)> = OnceLock::new();
    IX.get_or_init(|| {
        let r = records(100_000);
        let qs = r
            .iter()
            .step_by(101)
            .map(|r| Query::new(&r.names[..1], &[]))
            .collect();
        (NameIndex::build(&r), qs)
    })
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn build_20k(bencher: divan::Bencher) {
    let r = records(20_000);
    bencher.bench_local(|| NameIndex::build(&r));
}

#[divan::bench]
fn candidates_100k(bencher: divan::Bencher) {
    let (ix, qs) = index_100k();
    let l = SearchLimits::default();
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 1) % qs.len();
        ix.candidates(&qs[i], &l)
    });
}

fn main() {
    divan::main();
}
