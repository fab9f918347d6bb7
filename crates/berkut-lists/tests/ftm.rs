use berkut_domain::{NameKind, Script, Sex};
use berkut_lists::{EntryKind, FtmReader, ListedEntry, NameQuality};

use crate::support::{fixture, open, shared};

#[test]
fn fixture_maps_properties() {
    let mut r = FtmReader::new(open(&fixture("ftm/small.ftm.json")));
    let all: Vec<_> = r.by_ref().collect();
    assert_eq!(r.skipped().get("Sanction"), Some(&1));
    assert_eq!(all.len(), 5, "{all:?}");
    let p = all[0].as_ref().expect("person");
    assert_eq!(p.kind, EntryKind::Individual);
    assert_eq!(p.names[0].name.full, "Ivan Petrov");
    assert_eq!(p.names[1].name.script, Script::Cyrillic);
    assert!(
        p.names
            .iter()
            .any(|n| n.name.full == "Vanya" && n.quality == NameQuality::Weak)
    );
    assert!(p.names.iter().any(|n| n.name.kind == NameKind::Former));
    assert!(
        p.names
            .iter()
            .any(|n| n.name.patronymic.as_deref() == Some("Sergeyevich"))
    );
    assert_eq!(p.birth_dates.len(), 2);
    let nat: Vec<_> = p.nationalities.iter().map(|c| c.as_str()).collect();
    assert_eq!(nat, ["RUS", "KAZ"]);
    assert_eq!(p.unmapped_countries, ["suhh"]);
    assert_eq!(p.sex, Some(Sex::Male));
    assert_eq!(p.documents[0].number, "751234567");
    assert_eq!(p.identifiers[0].scheme, "INN");
    assert_eq!(p.programs, ["sanction"]);
    let c = all[1].as_ref().expect("company");
    assert_eq!(c.kind, EntryKind::Organisation);
    assert_eq!(c.nationalities[0].as_str(), "RUS");
    let bad = all[2].as_ref().expect_err("truncated JSON");
    assert!(bad.to_string().starts_with("line 4: invalid JSON"), "{bad}");
    let no_id = all[3].as_ref().expect_err("no id");
    assert!(no_id.to_string().starts_with("line 5: id:"), "{no_id}");
    assert!(all[4].is_ok());
}

#[test]
fn real_fixtures_counts() {
    for (rel, persons, companies) in [
        ("data/lists/opensanctions_ftm/zala/entities.ftm.json", 6, 11),
        ("data/lists/opensanctions_ftm/t1/entities.ftm.json", 4, 0),
    ] {
        let Some(p) = shared(rel) else { return };
        let mut r = FtmReader::new(open(&p));
        let entries: Vec<ListedEntry> = r.by_ref().collect::<Result<_, _>>().expect("parses");
        let n = |k| entries.iter().filter(|e| e.kind == k).count();
        let names: usize = entries.iter().map(|e| e.names.len()).sum();
        println!(
            "{rel}: {} persons, {} organisations, {names} names; skipped {:?}",
            n(EntryKind::Individual),
            n(EntryKind::Organisation),
            r.skipped()
        );
        assert_eq!(n(EntryKind::Individual), persons, "{rel}");
        if companies > 0 {
            assert!(n(EntryKind::Organisation) >= companies, "{rel}");
        }
        assert!(entries.iter().all(|e| !e.names.is_empty()));
    }
}
