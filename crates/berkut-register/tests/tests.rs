//! The one integration-test binary of berkut-register: the register agrees
//! with a `HashSet` on what it holds.

use std::collections::HashSet;

use berkut_domain::{
    CountryCode, DocumentKind, DocumentNumber, InvalidatedDocument, InvalidationStatus,
};
use berkut_register::Register;
use proptest::prelude::*;

const STATES: [&str; 6] = ["KAZ", "RUS", "UZB", "D", "KGZ", "CHN"];

fn number() -> impl Strategy<Value = String> {
    // Mostly short numbers (packed), some long ones (side table).
    prop_oneof![
        4 => "[A-Z0-9]{1,10}",
        1 => "[A-Z0-9]{11,24}",
    ]
}

fn doc(n: &str, state: usize, status: usize, day: u16) -> InvalidatedDocument {
    InvalidatedDocument {
        number: DocumentNumber::parse(n).expect("generated number is valid"),
        issuing_state: CountryCode::parse(STATES[state]).expect("state"),
        kind: status.is_multiple_of(2).then_some(DocumentKind::Passport),
        status: InvalidationStatus::ALL[status],
        reported_at: time::Date::from_calendar_date(2000, time::Month::January, 1).expect("date")
            + time::Duration::days(i64::from(day)),
        source: format!("source-{}", status % 3),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn inserted_are_found_and_others_are_not(
        inserted in prop::collection::vec((number(), 0usize..6, 0usize..5, 0u16..9000), 0..400),
        probes in prop::collection::vec((number(), 0usize..6), 0..400),
    ) {
        let docs: Vec<_> = inserted.iter().map(|(n, s, st, d)| doc(n, *s, *st, *d)).collect();
        let reg = Register::build(&docs).expect("build");
        let back = Register::from_bytes(&reg.to_bytes()).expect("round trip");
        prop_assert_eq!(&back, &reg);
        let set: HashSet<(String, usize)> = inserted.iter().map(|(n, s, _, _)| (n.clone(), *s)).collect();
        for d in &docs {
            let hits: Vec<_> = reg.lookup(&d.number, d.issuing_state).collect();
            prop_assert!(
                hits.iter().any(|h| h.status == d.status
                    && h.kind == d.kind
                    && h.reported_at == d.reported_at
                    && h.source == d.source),
                "{:?} not found among {:?}", d, hits
            );
        }
        for (n, s) in &probes {
            let number = DocumentNumber::parse(n).expect("number");
            let state = CountryCode::parse(STATES[*s]).expect("state");
            prop_assert_eq!(
                reg.contains(&number, state),
                set.contains(&(n.clone(), *s)),
                "probe {} {}", n, STATES[*s]
            );
        }
        let distinct: HashSet<_> = docs
            .iter()
            .map(|d| (d.number.clone(), d.issuing_state, d.kind, d.status, d.reported_at, d.source.clone()))
            .collect();
        prop_assert_eq!(reg.len(), distinct.len());
    }
}

#[test]
fn near_misses_are_not_found() {
    let docs = [doc("N1234567", 0, 1, 10), doc("AB1234567890", 1, 0, 10)];
    let reg = Register::build(&docs).expect("build");
    for (n, s) in [
        ("N1234567", "RUS"),
        ("N1234568", "KAZ"),
        ("N12345670", "KAZ"),
        ("0N1234567", "KAZ"),
        ("N123456", "KAZ"),
        ("AB1234567890", "KAZ"),
        ("AB123456789", "RUS"),
        ("AB12345678900", "RUS"),
    ] {
        assert_eq!(reg.lookup_text(n, s).expect("valid").count(), 0, "{n} {s}");
    }
    assert_eq!(
        reg.lookup_text("n1234567", "kaz").expect("valid").count(),
        1
    );
    assert_eq!(
        reg.lookup_text("AB-1234-5678-90", "RUS")
            .expect("valid")
            .count(),
        1
    );
}
