use berkut_domain::{LegalGround, NameKind, Script};
use berkut_lists::{AfmReader, BirthDate, EntryKind};

use crate::support::{fixture, open};

#[test]
fn authored_fixture() {
    let all: Vec<_> = AfmReader::new(open(&fixture("afm/persons.xml")))
        .with_ground(LegalGround::Terrorism)
        .collect();
    assert_eq!(all.len(), 5, "{all:?}");
    let p = all[0].as_ref().expect("first person");
    assert_eq!(p.source_id, "800201300123");
    let n = &p.names[0].name;
    assert_eq!(n.full, "ИВАНОВ ИВАН ИВАНОВИЧ");
    assert_eq!(n.patronymic.as_deref(), Some("ИВАНОВИЧ"));
    assert_eq!(n.script, Script::Cyrillic);
    assert_eq!(
        p.birth_dates[0],
        BirthDate::Exact {
            date: "1980-02-01".parse().expect("date")
        }
    );
    assert_eq!(p.identifiers[0].scheme, "IIN");
    assert_eq!(
        p.listed_on.map(berkut_domain::format_date).as_deref(),
        Some("2019-03-15")
    );
    assert_eq!(p.remarks.len(), 2);
    assert_eq!(p.ground, Some(LegalGround::Terrorism));
    let q = all[1].as_ref().expect("second person");
    assert_eq!(q.source_id, "row:2");
    assert_eq!(
        q.birth_dates[0],
        BirthDate::Exact {
            date: "1975".parse().expect("year")
        }
    );
    let bad = all[2].as_ref().expect_err("impossible date");
    assert!(
        bad.to_string()
            .contains("birthdate: '30.02.1990' does not exist"),
        "{bad}"
    );
    assert!(all[3].is_err(), "no name");
    let org = all[4].as_ref().expect("org");
    assert_eq!(org.kind, EntryKind::Organisation);
    assert_eq!(org.identifiers[0].scheme, "BIN");
    assert_eq!(org.names[1].name.kind, NameKind::Transliteration);
}

#[test]
fn truncated_file_is_an_error() {
    let all: Vec<_> = AfmReader::new(open(&fixture("afm/truncated.xml"))).collect();
    assert!(all.last().is_some_and(Result::is_err), "{all:?}");
}
