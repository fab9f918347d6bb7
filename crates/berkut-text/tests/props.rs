//! Property tests: idempotence and no panics on arbitrary input.

use berkut_text::{
    analyze_name, latinize, normalize_text, renderings, skeleton, skeleton_variants,
};
use proptest::prelude::*;

fn name_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "[a-zA-Z ,.'<-]{0,30}",
        "[а-яёА-ЯЁәғқңөұүһі ,-]{0,30}",
        "[\u{0600}-\u{06FF} ]{0,20}",
    ]
}

proptest! {
    #[test]
    fn normalize_text_is_idempotent(s in name_like()) {
        let n = normalize_text(&s);
        prop_assert_eq!(normalize_text(&n), n);
    }

    #[test]
    fn latinize_is_idempotent_and_ascii(s in name_like()) {
        let l = latinize(&s);
        prop_assert!(l.is_ascii());
        prop_assert_eq!(latinize(&l), l);
    }

    #[test]
    fn never_panics(s in "\\PC{0,60}") {
        let a = analyze_name(&s);
        for t in &a.tokens {
            prop_assert!(t.latin.is_ascii());
            let _ = skeleton(&t.latin);
            let _ = skeleton_variants(&t.original);
            let _ = renderings(&t.original);
        }
    }

    #[test]
    fn skeleton_is_stable_under_case_and_doubling(s in "[a-z]{1,12}") {
        prop_assert_eq!(skeleton(&s.to_uppercase()), skeleton(&s));
    }
}
