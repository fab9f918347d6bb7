use std::time::Instant;

use berkut_domain::{DocumentKind, NameKind, Sex};
use berkut_lists::{BirthDate, EntryKind, ListedEntry, NameQuality, ofac_consolidated, ofac_sdn};

use crate::support::{fixture, open, report, shared};

#[test]
fn real_sdn_2023_counts_match_sources_md() {
    let (Some(sdn), Some(alt), Some(add)) = (
        shared("data/lists/us_ofac_sdn/2023-12-28/sdn.csv"),
        shared("data/lists/us_ofac_sdn/2023-12-28/alt.csv"),
        shared("data/lists/us_ofac_sdn/2023-12-28/add.csv"),
    ) else {
        return;
    };
    let t = Instant::now();
    let r = ofac_sdn(open(&sdn), open(&alt), open(&add));
    assert!(
        r.side_file_errors().is_empty(),
        "{:?}",
        r.side_file_errors()
    );
    let entries: Vec<ListedEntry> = r.collect::<Result<_, _>>().expect("sdn.csv parses");
    report("OFAC SDN 2023-12-28 (sdn+alt+add)", &sdn, t, entries.len());
    let count = |k: EntryKind| entries.iter().filter(|e| e.kind == k).count();
    assert_eq!(entries.len(), 13_821);
    assert_eq!(
        (
            count(EntryKind::Individual),
            count(EntryKind::Organisation),
            count(EntryKind::Vessel),
            count(EntryKind::Aircraft)
        ),
        (6_646, 6_033, 764, 378)
    );
    let ind: Vec<_> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Individual)
        .collect();
    let strong_aliases = |e: &ListedEntry| {
        e.names
            .iter()
            .filter(|n| n.name.kind != NameKind::Primary && n.quality == NameQuality::Strong)
            .count()
    };
    let alias_rows: usize = ind.iter().map(|e| strong_aliases(e)).sum();
    let with_alias = ind.iter().filter(|e| strong_aliases(e) > 0).count();
    let weak: usize = entries
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.quality == NameQuality::Weak)
        .count();
    let former: usize = entries
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.name.kind == NameKind::Former)
        .count();
    let dobs: usize = ind.iter().map(|e| e.birth_dates.len()).sum();
    let with_dob = ind.iter().filter(|e| !e.birth_dates.is_empty()).count();
    let multi_dob = ind.iter().filter(|e| e.birth_dates.len() > 1).count();
    let dob_warn: usize = ind
        .iter()
        .flat_map(|e| &e.warnings)
        .filter(|w| w.starts_with("DOB"))
        .count();
    let years = ind
        .iter()
        .flat_map(|e| &e.birth_dates)
        .filter(|d| matches!(d, BirthDate::Exact { date } if date.month().is_none()))
        .count();
    let circa = ind
        .iter()
        .flat_map(|e| &e.birth_dates)
        .filter(|d| matches!(d, BirthDate::Approximate { .. }))
        .count();
    let ranges = ind
        .iter()
        .flat_map(|e| &e.birth_dates)
        .filter(|d| matches!(d, BirthDate::Range { .. }))
        .count();
    let with_nat = ind.iter().filter(|e| !e.nationalities.is_empty()).count();
    let with_pass = ind
        .iter()
        .filter(|e| e.documents.iter().any(|d| d.kind == DocumentKind::Passport))
        .count();
    let with_nid = ind
        .iter()
        .filter(|e| {
            e.documents
                .iter()
                .any(|d| d.kind_text.starts_with("National ID"))
        })
        .count();
    let sexed = ind.iter().filter(|e| e.sex.is_some()).count();
    let unmapped: std::collections::BTreeMap<&String, usize> = entries
        .iter()
        .flat_map(|e| &e.unmapped_countries)
        .fold(Default::default(), |mut m, u| {
            *m.entry(u).or_default() += 1;
            m
        });
    println!(
        "OFAC SDN individuals: {alias_rows} alias rows on {with_alias} persons; {weak} weak aliases \
         (all kinds), {former} former names; {dobs} DOBs ({years} year-only, {circa} circa, {ranges} ranges) \
         on {with_dob} persons, {multi_dob} with several, {dob_warn} unparsed; {with_nat} with nationality/citizenship; \
         {with_pass} with passport, {with_nid} with national ID; {sexed} with gender"
    );
    println!("OFAC SDN unmapped countries: {unmapped:?}");
    println!(
        "OFAC SDN DOB parse rate: {:.2} %",
        100.0 * dobs as f64 / (dobs + dob_warn) as f64
    );
    assert_eq!(alias_rows, 8_106);
    assert_eq!(with_alias, 3_219);
    // Alias records as the files give them (SOURCES.md): 17,091 alt.csv rows
    // in all, 8,106 of them on individuals.
    let records = |es: &mut dyn Iterator<Item = &ListedEntry>| -> u64 {
        es.map(ListedEntry::alias_records).sum()
    };
    assert_eq!(records(&mut entries.iter()), 17_091);
    assert_eq!(records(&mut ind.iter().copied()), 8_106);
    // Remarks aliases: SOURCES.md counts 1,860 rows with an a.k.a. '…';
    // f.k.a. and n.k.a. names are Remarks aliases too (string search).
    let text = std::fs::read_to_string(&sdn).expect("sdn.csv");
    let rows_with = |words: &[&str]| {
        text.lines()
            .filter(|l| words.iter().any(|w| l.contains(w)))
            .count()
    };
    assert_eq!(rows_with(&["a.k.a. '"]), 1_860);
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.source_counts.remark_aliases > 0)
            .count(),
        rows_with(&["a.k.a. '", "f.k.a. '", "n.k.a. '"])
    );
    assert_eq!(with_dob, 6_527);
    assert_eq!(with_pass, 1_603);
    assert!(weak >= 1_860, "{weak}");
    assert!(dob_warn * 1000 < dobs, "DOB parse rate below 99.9 %");
    let e = entries
        .iter()
        .find(|e| e.source_id == "306")
        .expect("ent 306");
    assert!(
        e.names
            .iter()
            .any(|n| n.name.full == "BNC" && n.quality == NameQuality::Weak)
    );
}

#[test]
fn real_sdn_2024_parses_alone() {
    let Some(sdn) = shared("data/lists/us_ofac_sdn/2024-05-03/sdn.csv") else {
        return;
    };
    let t = Instant::now();
    let entries: Vec<ListedEntry> =
        berkut_lists::OfacReader::new(open(&sdn), berkut_lists::ListKind::OfacSdn)
            .collect::<Result<_, _>>()
            .expect("parses");
    report("OFAC SDN 2024-05-03 (sdn only)", &sdn, t, entries.len());
    assert_eq!(entries.len(), 14_965);
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.kind == EntryKind::Individual)
            .count(),
        6_854
    );
}

#[test]
fn real_consolidated_counts() {
    let dir = "data/lists/us_ofac_cons/";
    let (Some(p), Some(a), Some(d), Some(c)) = (
        shared(&format!("{dir}cons_prim.csv")),
        shared(&format!("{dir}cons_alt.csv")),
        shared(&format!("{dir}cons_add.csv")),
        shared(&format!("{dir}cons_comments.csv")),
    ) else {
        return;
    };
    let r = ofac_consolidated(open(&p), open(&a), open(&d), open(&c));
    assert!(
        r.side_file_errors().is_empty(),
        "{:?}",
        r.side_file_errors()
    );
    let entries: Vec<ListedEntry> = r.collect::<Result<_, _>>().expect("parses");
    assert_eq!(entries.len(), 442);
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.kind == EntryKind::Individual)
            .count(),
        79
    );
    let aliases: usize = entries
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.name.kind != NameKind::Primary && n.quality == NameQuality::Strong)
        .count();
    println!("OFAC consolidated: {aliases} alias rows joined (1,073 rows in cons_alt.csv)");
    // The comment continuation of ent 17014 carries a weak alias.
    let e = entries
        .iter()
        .find(|e| e.source_id == "17014")
        .expect("ent 17014");
    assert!(
        e.names
            .iter()
            .any(|n| n.name.full == "RUSAG" && n.quality == NameQuality::Weak),
        "{:?}",
        e.names
    );
}

#[test]
fn fixture_triple_joins_and_parses_remarks() {
    let r = ofac_sdn(
        open(&fixture("ofac/fixture-sdn.csv")),
        open(&fixture("ofac/fixture-alt.csv")),
        open(&fixture("ofac/fixture-add.csv")),
    );
    let all: Vec<_> = r.collect();
    assert_eq!(all.len(), 4, "{all:?}");
    let e = all[0].as_ref().expect("first row parses");
    assert_eq!(e.source_id, "100");
    let primary = e.primary_name().expect("name");
    assert_eq!(primary.family.as_deref(), Some("PETROV"));
    assert_eq!(primary.given.as_deref(), Some("Ivan Sergeyevich"));
    assert!(
        e.names
            .iter()
            .any(|n| n.name.kind == NameKind::Former && n.name.full == "IVANOV Ivan")
    );
    assert!(
        e.names
            .iter()
            .any(|n| n.quality == NameQuality::Weak && n.name.full == "VANYA")
    );
    assert_eq!(e.birth_dates.len(), 3);
    assert_eq!(e.sex, Some(Sex::Male));
    assert_eq!(
        e.nationalities
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
        ["RUS", "KAZ"]
    );
    assert_eq!(
        e.documents[0].country.map(|c| c.to_string()).as_deref(),
        Some("RUS")
    );
    assert_eq!(e.addresses, ["Moscow", "Almaty, Kazakhstan"]);
    assert_eq!(e.programs, ["RUSSIA-EO14024", "CYBER2"]);
    // Row 2: bad ent_num → an error naming the line; parsing goes on.
    let err = all[1].as_ref().expect_err("bad ent_num");
    assert!(err.to_string().starts_with("row 2: ent_num:"), "{err}");
    // Row 3: too few fields.
    assert!(all[2].is_err());
    assert_eq!(
        all[3].as_ref().map(|e| e.kind).ok(),
        Some(EntryKind::Vessel)
    );
}
