//! Fuzzing entry points, shared by the cargo-fuzz targets in `fuzz/` and by the seed-corpus
//! replay test. They must never panic except on a broken invariant.

use crate::kz::{KzId, classify_kz_id, generate_bin, generate_iin, parse_bin, parse_iin};
use crate::mrz::{Mrz, parse_mrz, parse_mrz_text};

/// Parses arbitrary bytes as MRZ text (trimmed lines and raw `\n`-split lines) and checks
/// the invariants of the result.
pub fn mrz(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(m) = parse_mrz_text(&text) {
        mrz_invariants(&m);
    }
    let lines: Vec<&str> = text.split('\n').collect();
    match parse_mrz(&lines) {
        Ok(m) => mrz_invariants(&m),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

fn mrz_invariants(m: &Mrz) {
    assert_eq!(
        m.valid,
        m.checks.iter().all(|c| c.ok),
        "valid must mean every check ok"
    );
    assert_eq!(m.lines.len(), m.format.line_count());
    assert_eq!(
        m.checks
            .iter()
            .any(|c| c.field == crate::CheckedField::Composite),
        m.format.has_composite()
    );
    for s in &m.suggestions {
        assert!(
            !s.substitutions.is_empty(),
            "a suggestion must change something"
        );
        let refs: Vec<&str> = s.lines.iter().map(String::as_str).collect();
        match crate::mrz::parse_without_suggestions(&refs) {
            Ok(fixed) => {
                assert_eq!(fixed.valid, s.all_checks_pass);
                assert_eq!(fixed.format, m.format);
            }
            Err(e) => panic!("suggested lines do not parse: {e}"),
        }
    }
}

/// Validates arbitrary bytes as IIN, BIN and via classification, and checks that valid
/// numbers regenerate from their decoded parts.
pub fn kz_id(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let s = text.trim();
    let iin = parse_iin(s);
    let bin = parse_bin(s);
    if let Ok(i) = &iin {
        assert_eq!(
            generate_iin(i.birth_date, i.sex, i.serial.parse().unwrap_or(u16::MAX)).as_deref(),
            Some(i.value.as_str())
        );
    }
    if let Ok(b) = &bin {
        assert_eq!(
            generate_bin(
                b.registration_year,
                b.registration_month,
                b.entity_type,
                b.attribute,
                b.serial.parse().unwrap_or(u32::MAX)
            )
            .as_deref(),
            Some(b.value.as_str())
        );
    }
    match classify_kz_id(s) {
        Ok(KzId::Iin(i)) => assert_eq!(iin.as_ref().ok(), Some(&i)),
        Ok(KzId::Bin(b)) => assert_eq!(bin.as_ref().ok(), Some(&b)),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            // A valid IIN always has digit 5 in 0..=3, so it is classified as an IIN.
            assert!(iin.is_err());
            assert!(bin.is_err());
        }
    }
}
