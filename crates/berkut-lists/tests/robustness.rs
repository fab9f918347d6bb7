use std::path::Path;

use berkut_lists::fuzz;
use proptest::prelude::*;

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("un_xml", fuzz::un_xml),
    ("ofac_csv", fuzz::ofac_csv),
    ("ftm_json", fuzz::ftm_json),
    ("afm_xml", fuzz::afm_xml),
    ("national_jsonl", fuzz::national_jsonl),
    ("national_csv", fuzz::national_csv),
    ("invalidated_jsonl", fuzz::invalidated_jsonl),
    ("invalidated_csv", fuzz::invalidated_csv),
];

#[test]
fn fuzz_seeds_replay() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-seeds");
    for (name, f) in TARGETS {
        let dir = base.join(name);
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).expect("seed dir") {
            let data = std::fs::read(entry.expect("entry").path()).expect("seed");
            f(&data);
            // Every prefix too: truncation is the most common real damage.
            for cut in (0..data.len()).step_by(97) {
                f(&data[..cut]);
            }
            n += 1;
        }
        assert!(n > 0, "no seeds for {name}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        for (_, f) in TARGETS {
            f(&data);
        }
    }

    #[test]
    fn never_panics_on_mutated_seeds(which in 0..TARGETS.len(), pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let (name, f) = TARGETS[which];
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-seeds").join(name);
        let mut seeds: Vec<_> = std::fs::read_dir(&base).expect("dir").filter_map(Result::ok).map(|e| e.path()).collect();
        seeds.sort();
        let mut data = std::fs::read(&seeds[0]).expect("seed");
        if !data.is_empty() {
            let i = pos.index(data.len());
            data[i] = byte;
        }
        f(&data);
    }
}
