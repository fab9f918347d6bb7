//! Property tests for the scorer.

use berkut_match::{MatchConfig, MatchSubject, PartialDate, compare_names, score};
use proptest::prelude::*;

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z]{1,10}( [A-Za-z]{1,10}){0,3}",
        "[а-яА-Яқұә]{1,10}( [а-яА-Я]{1,10}){0,2}",
        "\\PC{0,30}",
    ]
}

fn subject() -> impl Strategy<Value = MatchSubject> {
    (
        name(),
        proptest::option::of((1900u16..2020, proptest::option::of(1u8..=12), 1u8..=28)),
        proptest::option::of(prop_oneof![Just('M'), Just('F')]),
    )
        .prop_map(|(n, d, sex)| MatchSubject {
            names: vec![n],
            birth_dates: d
                .map(|(y, m, day)| PartialDate {
                    year: y,
                    month: m,
                    day: m.map(|_| day),
                })
                .into_iter()
                .collect(),
            sex,
            ..MatchSubject::default()
        })
}

proptest! {
    #[test]
    fn self_score_is_maximal(x in subject(), y in subject()) {
        let c = MatchConfig::default();
        let xx = score(&x, &x, &c).score;
        let xy = score(&x, &y, &c).score;
        prop_assert!(xx + 1e-9 >= xy, "{xx} < {xy}");
    }

    #[test]
    fn symmetric(x in subject(), y in subject()) {
        let c = MatchConfig::default();
        let a = score(&x, &y, &c);
        let b = score(&y, &x, &c);
        prop_assert!((a.score - b.score).abs() < 1e-9, "{} vs {}", a.score, b.score);
    }

    #[test]
    fn bounded_and_never_panics(a in "\\PC{0,60}", b in "\\PC{0,60}") {
        let m = compare_names(&a, &b);
        prop_assert!((0.0..=1.0).contains(&m.score));
    }
}

/// Found by `self_score_is_maximal` in CI: a word with no Latin rendering
/// (`Ȝ`) used to become an empty token that counted as unmatched on both
/// sides, so a name scored lower against itself than against `ұ`.
#[test]
fn word_without_latin_rendering_does_not_lower_self_score() {
    let c = MatchConfig::default();
    let subject = |n: &str| MatchSubject {
        names: vec![n.to_string()],
        ..MatchSubject::default()
    };
    let (x, y) = (subject("u0Ȝ"), subject("ұ"));
    let xx = score(&x, &x, &c).score;
    let xy = score(&x, &y, &c).score;
    assert!(xx + 1e-9 >= xy, "{xx} < {xy}");
}
