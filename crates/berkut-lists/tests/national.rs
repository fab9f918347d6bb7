use berkut_domain::{LegalGround, NameKind};
use berkut_lists::{NationalCsvReader, NationalJsonlReader};

use crate::support::{fixture, open};

#[test]
fn jsonl_entries_and_errors_with_line_and_field() {
    let all: Vec<_> = NationalJsonlReader::new(open(&fixture("national/register.jsonl"))).collect();
    assert_eq!(all.len(), 7, "{all:?}");
    let a = all[0].as_ref().expect("line 1");
    assert_eq!(a.source_id, "W-000123");
    assert_eq!(a.ground, Some(LegalGround::Terrorism));
    assert_eq!(
        a.ban.as_ref().and_then(|b| b.authority.as_deref()),
        Some("KNB")
    );
    assert_eq!(
        a.documents[0].country.map(|c| c.to_string()).as_deref(),
        Some("RUS")
    );
    let b = all[1].as_ref().expect("line 2");
    assert_eq!(b.names[0].name.family.as_deref(), Some("Тоқаев"));
    assert!(b.ban.as_ref().is_some_and(|x| x.until.is_some()));
    let errs: Vec<String> = all[2..]
        .iter()
        .map(|r| r.as_ref().expect_err("bad").to_string())
        .collect();
    assert!(
        errs[0].starts_with("line 3: record W-000125: birth_dates[1]: '1990-02-30' does not exist"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].starts_with("line 4: record W-000126: ground: unknown legal ground"),
        "{}",
        errs[1]
    );
    assert!(errs[2].starts_with("line 5: invalid record"), "{}", errs[2]);
    assert!(
        errs[3].starts_with("line 6: record W-000128: nationalities[0]"),
        "{}",
        errs[3]
    );
    assert!(
        errs[4].starts_with("line 8: record W-000129: until:"),
        "{}",
        errs[4]
    );
}

#[test]
fn csv_entries_and_errors() {
    let all: Vec<_> = NationalCsvReader::new(open(&fixture("national/register.csv"))).collect();
    assert_eq!(all.len(), 4, "{all:?}");
    let a = all[0].as_ref().expect("row 2");
    assert_eq!(a.names.len(), 2);
    assert_eq!(a.names[1].name.kind, NameKind::Alias);
    assert_eq!(a.birth_dates.len(), 2);
    assert_eq!(a.nationalities.len(), 2);
    assert_eq!(a.documents.len(), 2);
    assert_eq!(a.documents[1].kind, berkut_domain::DocumentKind::IdCard);
    let e = all[1].as_ref().expect_err("impossible date").to_string();
    assert!(
        e.starts_with("row 3: record W-000201: birth_dates[0]: '1990-02-30' does not exist"),
        "{e}"
    );
    let e = all[2].as_ref().expect_err("bad document").to_string();
    assert!(e.starts_with("row 4: record W-000202: documents[0]"), "{e}");
    let d = all[3].as_ref().expect("row 5");
    assert_eq!(d.documents[0].number, "N7654321");
    let missing: Vec<_> = NationalCsvReader::new(&b"name,x\nA,B\n"[..]).collect();
    assert_eq!(missing.len(), 1);
    assert!(
        missing[0]
            .as_ref()
            .is_err_and(|e| e.to_string().starts_with("row 1:"))
    );
}
