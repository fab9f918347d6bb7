use berkut_domain::{DocumentKind, InvalidationStatus};
use berkut_lists::{InvalidatedCsvReader, InvalidatedJsonlReader};

use crate::support::{fixture, open};

#[test]
fn jsonl_and_csv_fixtures_agree() {
    let jsonl: Vec<_> = InvalidatedJsonlReader::new(open(&fixture("invalidated/register.jsonl")))
        .collect::<Result<_, _>>()
        .expect("jsonl fixture is valid");
    let csv: Vec<_> = InvalidatedCsvReader::new(open(&fixture("invalidated/register.csv")))
        .collect::<Result<_, _>>()
        .expect("csv fixture is valid");
    assert_eq!(jsonl.len(), 5);
    assert_eq!(jsonl, csv);
    assert_eq!(jsonl[1].number.as_str(), "N0000001");
    assert_eq!(jsonl[1].kind, Some(DocumentKind::IdCard));
    assert_eq!(jsonl[2].issuing_state.as_str(), "D");
    assert_eq!(jsonl[3].kind, None);
    assert_eq!(jsonl[3].status, InvalidationStatus::Blank);
    assert_eq!(jsonl[4].number.as_str(), "D23145890734");
}
