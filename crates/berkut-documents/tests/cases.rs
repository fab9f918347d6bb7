//! Our own case tables in `tests/data/` (see `tests/data/README.md`): one `check()` per MRZ
//! format and one for the Kazakhstan identifiers.

use berkut_documents::{
    BinAttribute, BinEntityType, BinError, IinError, IinSex, KzId, KzIdError, LongNumberCheck,
    MrzError, MrzFormat, classify_kz_id, parse_bin, parse_iin, parse_iin as iin_of, parse_mrz,
};
use serde_json::Value;
use std::path::PathBuf;

fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data")).join(name)
}

fn error_key(e: &MrzError) -> String {
    match e {
        MrzError::LineCount { .. } => "line_count".into(),
        MrzError::LineLength { line, .. } => format!("line_length:{line}"),
        MrzError::InvalidCharacter { line, column, .. } => {
            format!("invalid_character:{line}:{column}")
        }
    }
}

/// Runs every case of `format` from `mrz_cases.jsonl`.
fn check(format: MrzFormat) {
    let cases = crate::read_jsonl(&data("mrz_cases.jsonl"));
    let mut n = 0;
    for c in cases.iter().filter(|c| c["format"] == format.as_str()) {
        n += 1;
        let id = c["id"].as_str().expect("id");
        let lines: Vec<&str> = c["lines"]
            .as_array()
            .expect("lines")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let result = parse_mrz(&lines);
        if let Some(want) = c.get("error").and_then(Value::as_str) {
            let err = result.expect_err(id);
            assert_eq!(error_key(&err), want, "{id}: {err}");
            continue;
        }
        let m = result.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(m.format, format, "{id}");
        assert_eq!(Some(m.valid), c["valid"].as_bool(), "{id}: {:?}", m.checks);
        let checks = c["checks"].as_object().expect("checks");
        let got: Vec<(&str, bool)> = m.checks.iter().map(|r| (r.field.as_str(), r.ok)).collect();
        let want: Vec<(&str, bool)> = checks
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_bool().unwrap_or(false)))
            .collect();
        let mut got_sorted = got.clone();
        got_sorted.sort();
        let mut want_sorted = want;
        want_sorted.sort();
        assert_eq!(got_sorted, want_sorted, "{id}: checks");
        for r in &m.checks {
            // Every result is self-consistent: ok means the printed digit is the computed one
            // (or the TD3 empty personal number's `<`).
            assert!(
                r.ok == (r.found == r.expected) || (r.ok && r.found == '<'),
                "{id}: {r:?}"
            );
        }

        for (key, want) in c["fields"].as_object().expect("fields") {
            let got = match key.as_str() {
                "document_code" => m.document_code.clone(),
                "issuing_state" => m.issuing_state.clone(),
                "primary_identifier" => m.primary_identifier.clone(),
                "secondary_identifier" => m.secondary_identifier.clone(),
                "document_number" => m.document_number.clone(),
                "nationality" => m.nationality.clone(),
                "birth_date" => m.birth_date.raw.clone(),
                "sex" => m.sex_printed.to_string(),
                "expiry_date" => m.expiry_date.raw.clone(),
                "personal_number" => m.personal_number().expect("TD3").to_owned(),
                "optional_data" | "optional_data_1" => m.optional_data.clone(),
                "optional_data_2" => m.optional_data_2.clone().expect("TD1"),
                other => panic!("{id}: unknown field {other}"),
            };
            assert_eq!(got, want.as_str().expect("string"), "{id}: {key}");
        }

        let mut warnings: Vec<String> = m.warnings.iter().map(crate::warning_key).collect();
        warnings.sort();
        let want: Vec<&str> = c["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(warnings, want, "{id}: warnings");

        if let Some(v) = c.get("long_number_check") {
            let want = match v.as_str() {
                Some("including_filler") => Some(LongNumberCheck::IncludingFiller),
                Some("excluding_filler") => Some(LongNumberCheck::ExcludingFiller),
                _ => None,
            };
            assert!(m.long_document_number, "{id}: long number not detected");
            assert_eq!(m.long_number_check, want, "{id}");
        }
        if let Some(fixed) = c.get("suggestion").and_then(Value::as_array) {
            let fixed: Vec<&str> = fixed.iter().filter_map(Value::as_str).collect();
            let best = m
                .suggestions
                .first()
                .unwrap_or_else(|| panic!("{id}: no suggestion"));
            assert_eq!(best.lines, fixed, "{id}: {:#?}", m.suggestions);
            assert!(best.all_checks_pass, "{id}");
            if let Some(k) = c.get("suggestion_substitutions").and_then(Value::as_u64) {
                assert_eq!(best.substitutions.len() as u64, k, "{id}");
            }
            // The original input is untouched: suggestions are never applied silently.
            assert_eq!(m.lines, lines, "{id}");
            assert!(!m.valid, "{id}");
        }
        if c.get("no_suggestions").and_then(Value::as_bool) == Some(true) {
            assert!(m.suggestions.is_empty(), "{id}: {:?}", m.suggestions);
        }
        if let Some(iin) = c.get("iin").and_then(Value::as_str) {
            let found = [m.optional_data.as_str()]
                .into_iter()
                .find(|s| iin_of(s).is_ok());
            assert_eq!(found, Some(iin), "{id}: IIN in optional data");
        }
    }
    assert!(n >= 4, "too few {} cases: {n}", format.as_str());
}

#[test]
fn td1_cases() {
    check(MrzFormat::Td1);
}

#[test]
fn td2_cases() {
    check(MrzFormat::Td2);
}

#[test]
fn td3_cases() {
    check(MrzFormat::Td3);
}

#[test]
fn mrva_cases() {
    check(MrzFormat::MrvA);
}

#[test]
fn mrvb_cases() {
    check(MrzFormat::MrvB);
}

fn iin_key(r: &Result<berkut_documents::Iin, IinError>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(IinError::Length { .. }) => "bad_length".into(),
        Err(IinError::NonDigit { position, .. }) => format!("non_digit({position})"),
        Err(IinError::CenturySexDigit { .. }) => "bad_century_sex_digit".into(),
        Err(IinError::Month { .. }) => "bad_month".into(),
        Err(IinError::Day { .. }) => "bad_day".into(),
        Err(IinError::CheckDigit { expected, .. }) => {
            format!("bad_check_digit(expected {expected})")
        }
        Err(IinError::NeverIssued) => "never_issued".into(),
    }
}

fn bin_key(r: &Result<berkut_documents::Bin, BinError>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(BinError::Length { .. }) => "bad_length".into(),
        Err(BinError::NonDigit { position, .. }) => format!("non_digit({position})"),
        Err(BinError::Month { .. }) => "bad_month".into(),
        Err(BinError::EntityType { .. }) => "bad_entity_type_digit".into(),
        Err(BinError::Attribute { .. }) => "bad_attribute_digit".into(),
        Err(BinError::CheckDigit { expected, .. }) => {
            format!("bad_check_digit(expected {expected})")
        }
        Err(BinError::NeverIssued) => "never_issued".into(),
    }
}

fn classify_key(r: &Result<KzId, KzIdError>) -> String {
    match r {
        Ok(KzId::Iin(_)) => "IIN".into(),
        Ok(KzId::Bin(_)) => "BIN".into(),
        Err(KzIdError::Length { .. }) => "bad_length".into(),
        Err(KzIdError::NonDigit { position, .. }) => format!("non_digit({position})"),
        Err(KzIdError::UnknownKind { digit }) => format!("unknown_kind({digit})"),
        Err(KzIdError::Iin(e)) => iin_key(&Err(e.clone())),
        Err(KzIdError::Bin(e)) => bin_key(&Err(e.clone())),
    }
}

#[test]
fn kz_id_cases() {
    let cases = crate::read_jsonl(&data("kz_cases.jsonl"));
    assert!(cases.len() >= 20);
    for c in &cases {
        let input = c["input"].as_str().expect("input");
        let iin = parse_iin(input);
        let bin = parse_bin(input);
        assert_eq!(
            iin_key(&iin),
            c["iin"].as_str().expect("iin"),
            "{input}: IIN"
        );
        assert_eq!(
            bin_key(&bin),
            c["bin"].as_str().expect("bin"),
            "{input}: BIN"
        );
        assert_eq!(
            classify_key(&classify_kz_id(input)),
            c["classify"].as_str().expect("classify"),
            "{input}"
        );
        if let Ok(i) = &iin {
            assert_eq!(
                i.birth_date.to_string(),
                c["birth_date"].as_str().expect("birth_date"),
                "{input}"
            );
            let sex = if i.sex == IinSex::Male { "M" } else { "F" };
            assert_eq!(sex, c["sex"].as_str().expect("sex"), "{input}");
            assert_eq!(
                Some(u64::from(i.check_pass.number())),
                c["check_pass"].as_u64(),
                "{input}"
            );
        }
        if let Ok(b) = &bin {
            let reg = format!("{:02}{:02}", b.registration_year, b.registration_month);
            assert_eq!(
                reg,
                c["registration"].as_str().expect("registration"),
                "{input}"
            );
            let entity = match b.entity_type {
                BinEntityType::ResidentLegalEntity => "resident_legal_entity",
                BinEntityType::NonResidentLegalEntity => "non_resident_legal_entity",
                BinEntityType::JointIndividualEntrepreneurship => {
                    "joint_individual_entrepreneurship"
                }
            };
            assert_eq!(
                entity,
                c["entity_type"].as_str().expect("entity_type"),
                "{input}"
            );
            let attribute = match b.attribute {
                BinAttribute::HeadUnit => "head_unit",
                BinAttribute::Branch => "branch",
                BinAttribute::RepresentativeOffice => "representative_office",
                BinAttribute::PeasantFarm => "peasant_farm",
            };
            assert_eq!(
                attribute,
                c["attribute"].as_str().expect("attribute"),
                "{input}"
            );
            assert_eq!(
                Some(u64::from(b.check_pass.number())),
                c["check_pass"].as_u64(),
                "{input}"
            );
        }
    }
}
