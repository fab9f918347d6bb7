//! The delta overlay answers like a rebuilt index.

use berkut_index::{IndexRecord, NameIndex, Query, SearchLimits};

use crate::records;

fn sorted_entries(ix: &NameIndex, q: &Query) -> Vec<u32> {
    let l = SearchLimits {
        max_entries: 10_000,
        max_variants: 100_000,
        // every variant that shares a term, however weakly: IDF weights
        // differ a little between an overlay (its base still counts removed
        // variants) and a rebuild, so a cut at some coverage could differ
        min_coverage: f32::MIN,
        ..SearchLimits::default()
    };
    let mut v: Vec<u32> = ix.candidates(q, &l).list.iter().map(|c| c.entry).collect();
    v.sort_unstable();
    v
}

#[test]
fn overlay_equals_rebuild() {
    let g = berkut_gen::generate(8, 1_500, 0);
    let mut recs = records(&g.register);
    let base = NameIndex::build(&recs[..1_000]);
    // add 500, change 50 (give them another entry's names), remove 50
    let mut changed: Vec<IndexRecord> = recs[1_000..].to_vec();
    for i in 0..50 {
        let mut r = recs[i].clone();
        r.names = recs[1_400 + i].names.clone();
        recs[i] = r.clone();
        changed.push(r);
    }
    let removed: Vec<u32> = (100..150).collect();
    let ix = base.with_changes(&changed, &removed);
    let live: Vec<IndexRecord> = recs
        .iter()
        .filter(|r| !removed.contains(&r.entry))
        .cloned()
        .collect();
    let rebuilt = NameIndex::build(&live);
    let delta = ix.stats().delta_variants;
    assert!(delta > 0 && delta <= changed.iter().map(|r| r.names.len()).sum::<usize>());
    for r in recs.iter().step_by(7) {
        let q = Query::new(&r.names, &r.documents);
        assert_eq!(
            sorted_entries(&ix, &q),
            sorted_entries(&rebuilt, &q),
            "{:?}",
            r.names
        );
    }
    // the old snapshot is untouched
    let q = Query::new(&recs[120].names, &[]);
    assert!(sorted_entries(&base, &q).contains(&120));
    assert!(!sorted_entries(&ix, &q).contains(&120));
    // and the overlay survives serialisation
    let back = NameIndex::from_bytes(&ix.to_bytes().expect("encode")).expect("decode");
    assert_eq!(sorted_entries(&back, &q), sorted_entries(&ix, &q));
}
