//! The shared research vectors (`shared/data/mrz/vectors.jsonl`, `shared/data/kz-ids/
//! examples.jsonl`), read at run time; skipped when the shared directory is absent.

use berkut_documents::{
    BinAttribute, BinEntityType, BinError, CheckPass, IinError, IinSex, KzId, LongNumberCheck, Mrz,
    MrzWarning, classify_kz_id, parse_bin, parse_iin, parse_mrz,
};
use serde_json::Value;

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("missing string {key} in {v}"))
}

/// Compares one `expected` field of a vector with the parse result.
fn field_value(m: &Mrz, key: &str) -> String {
    match key {
        "document_code" => m.document_code.clone(),
        "issuing_state" => m.issuing_state.clone(),
        "primary_identifier" => m.primary_identifier.clone(),
        "secondary_identifier" => m.secondary_identifier.clone(),
        "nationality" => m.nationality.clone(),
        "document_number" => m.document_number.clone(),
        "birth_date" => m.birth_date.raw.clone(),
        "expiry_date" => m.expiry_date.raw.clone(),
        "sex" => m.sex_printed.to_string(),
        "personal_number" => m.personal_number().expect("TD3").to_owned(),
        "optional_data" | "optional_data_1" => m.optional_data.clone(),
        "optional_data_2" => m.optional_data_2.clone().expect("TD1"),
        "document_number_check_variant" => match m.long_number_check {
            Some(LongNumberCheck::IncludingFiller) => "including_filler_at_pos15".into(),
            Some(LongNumberCheck::ExcludingFiller) => "excluding_filler".into(),
            None => "none".into(),
        },
        other => panic!("vector field {other} not handled by the test"),
    }
}

/// Whether a vector's `field_issues` entry is reflected in the warnings. `None` for issues
/// this crate deliberately leaves to policy code.
fn issue_reported(m: &Mrz, issue: &str) -> Option<bool> {
    let (kind, arg) = issue.split_once(':').unwrap_or((issue, ""));
    let w = &m.warnings;
    Some(match kind {
        "specimen_state_code" => w
            .iter()
            .any(|w| matches!(w, MrzWarning::SpecimenStateCode { .. })),
        "unknown_state_code" => w
            .iter()
            .any(|w| matches!(w, MrzWarning::UnknownStateCode { code, .. } if code == arg)),
        "sex_not_M_F_filler" => arg == "X" && w.contains(&MrzWarning::SexX),
        "partial_birth_date" => w
            .iter()
            .any(|w| matches!(w, MrzWarning::PartialBirthDate { .. })),
        "possible_truncation" => {
            m.name_possibly_truncated && w.contains(&MrzWarning::NameProbablyTruncated)
        }
        "title_prefix_in_name" => w
            .iter()
            .any(|w| matches!(w, MrzWarning::TitleInName { title } if title == arg)),
        "only_primary_identifier" => w.contains(&MrzWarning::OnlyPrimaryIdentifier),
        // Validity-period policy relative to an issue date: not part of this crate.
        "expiry_more_than_10y_after_reference" => return None,
        other => panic!("field issue {other} not handled by the test"),
    })
}

#[test]
fn mrz_vectors() {
    let path = crate::shared_dir().join("data/mrz/vectors.jsonl");
    if !path.exists() {
        println!("skipped: {} not found", path.display());
        return;
    }
    let vectors = crate::read_jsonl(&path);
    assert!(!vectors.is_empty());
    let (mut valid, mut invalid, mut ocr) = (0, 0, 0);
    for v in &vectors {
        let id = str_of(v, "id");
        let lines: Vec<&str> = v["lines"]
            .as_array()
            .expect("lines")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let want_valid = v["valid"].as_bool().expect("valid");
        if want_valid {
            valid += 1;
        } else {
            invalid += 1;
        }
        let result = parse_mrz(&lines);
        if v["checks"].is_null() {
            let err = result.expect_err(id);
            assert!(!want_valid, "{id}");
            assert!(!err.to_string().is_empty());
            continue;
        }
        let m = result.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(m.format.as_str(), str_of(v, "format"), "{id}: format");
        assert_eq!(m.valid, want_valid, "{id}: valid; checks {:?}", m.checks);

        let checks = v["checks"].as_object().expect("checks object");
        assert_eq!(
            m.checks.len(),
            checks.len(),
            "{id}: number of checks {:?}",
            m.checks
        );
        for (name, ok) in checks {
            let got = m
                .checks
                .iter()
                .find(|c| c.field.as_str() == name)
                .unwrap_or_else(|| panic!("{id}: no {name} check"));
            assert_eq!(Some(got.ok), ok.as_bool(), "{id}: check {name}: {got:?}");
        }

        for (key, want) in v["expected"].as_object().expect("expected object") {
            assert_eq!(
                field_value(&m, key),
                want.as_str().expect("string field"),
                "{id}: field {key}"
            );
        }

        for issue in v
            .get("field_issues")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let issue = issue.as_str().expect("issue string");
            if let Some(reported) = issue_reported(&m, issue) {
                assert!(
                    reported,
                    "{id}: field issue {issue} not reported in {:?}",
                    m.warnings
                );
            }
        }

        if let Some(fixed) = v.get("ocr_corrected_lines").and_then(Value::as_array) {
            ocr += 1;
            let fixed: Vec<&str> = fixed.iter().filter_map(Value::as_str).collect();
            let best = m
                .suggestions
                .first()
                .unwrap_or_else(|| panic!("{id}: no OCR suggestion"));
            assert_eq!(best.lines, fixed, "{id}: best suggestion {best:?}");
            assert!(best.all_checks_pass, "{id}");
        } else if m.valid {
            assert!(
                m.suggestions.is_empty() || m.warnings.contains(&MrzWarning::DigitsInName),
                "{id}: unexpected suggestions {:?}",
                m.suggestions
            );
        }
    }
    println!(
        "mrz vectors: {} checked ({valid} valid, {invalid} invalid, {ocr} OCR repairs)",
        vectors.len()
    );
}

fn iin_error_reason(e: &IinError) -> String {
    match e {
        IinError::Length { .. } => "bad_length".into(),
        IinError::NonDigit { .. } => "non_digit".into(),
        IinError::Month { .. } => "bad_month".into(),
        IinError::Day { .. } => "bad_day".into(),
        IinError::CenturySexDigit { .. } => "bad_century_sex_digit".into(),
        IinError::CheckDigit { expected, .. } => format!("bad_check_digit(expected {expected})"),
        IinError::NeverIssued => "never_issued_check_10_both_passes".into(),
    }
}

fn bin_error_reason(e: &BinError) -> String {
    match e {
        BinError::Length { .. } => "bad_length".into(),
        BinError::NonDigit { .. } => "non_digit".into(),
        BinError::Month { .. } => "bad_month".into(),
        BinError::EntityType { .. } => "bad_entity_type_digit".into(),
        BinError::Attribute { .. } => "bad_attribute_digit".into(),
        BinError::CheckDigit { expected, .. } => format!("bad_check_digit(expected {expected})"),
        BinError::NeverIssued => "never_issued_check_10_both_passes".into(),
    }
}

fn pass_number(p: CheckPass) -> u64 {
    u64::from(p.number())
}

#[test]
fn kz_id_examples() {
    let path = crate::shared_dir().join("data/kz-ids/examples.jsonl");
    if !path.exists() {
        println!("skipped: {} not found", path.display());
        return;
    }
    let examples = crate::read_jsonl(&path);
    assert!(!examples.is_empty());
    for e in &examples {
        let value = str_of(e, "value");
        let valid = e["valid"].as_bool().expect("valid");
        let x = &e["expected"];
        match str_of(e, "kind") {
            "IIN" => match parse_iin(value) {
                Ok(iin) => {
                    assert!(valid, "{value} accepted: {iin:?}");
                    assert_eq!(
                        iin.birth_date.to_string(),
                        str_of(x, "birth_date"),
                        "{value}"
                    );
                    let sex = match iin.sex {
                        IinSex::Male => "M",
                        IinSex::Female => "F",
                    };
                    assert_eq!(sex, str_of(x, "sex"), "{value}");
                    assert_eq!(
                        Some(u64::from(iin.century_sex_digit)),
                        x["century_sex_digit"].as_u64()
                    );
                    assert_eq!(iin.serial, str_of(x, "serial"), "{value}");
                    assert_eq!(
                        Some(pass_number(iin.check_pass)),
                        x["check_pass"].as_u64(),
                        "{value}"
                    );
                    assert!(matches!(classify_kz_id(value), Ok(KzId::Iin(ref i)) if *i == iin));
                }
                Err(err) => {
                    assert!(!valid, "{value} rejected: {err}");
                    assert_eq!(
                        iin_error_reason(&err),
                        str_of(e, "reason"),
                        "{value}: {err}"
                    );
                }
            },
            "BIN" => match parse_bin(value) {
                Ok(bin) => {
                    assert!(valid, "{value} accepted: {bin:?}");
                    let yymm = format!("{:02}{:02}", bin.registration_year, bin.registration_month);
                    assert_eq!(yymm, str_of(x, "registration_yymm"));
                    let entity = match bin.entity_type {
                        BinEntityType::ResidentLegalEntity => "resident_legal_entity",
                        BinEntityType::NonResidentLegalEntity => "non_resident_legal_entity",
                        BinEntityType::JointIndividualEntrepreneurship => {
                            "joint_individual_entrepreneurship_IP(S)"
                        }
                    };
                    assert_eq!(entity, str_of(x, "entity_type"), "{value}");
                    let attribute = match bin.attribute {
                        BinAttribute::HeadUnit => "head_unit",
                        BinAttribute::Branch => "branch",
                        BinAttribute::RepresentativeOffice => "representative_office",
                        BinAttribute::PeasantFarm => "peasant_farm_joint_entrepreneurship",
                    };
                    assert_eq!(attribute, str_of(x, "attribute"), "{value}");
                    assert_eq!(bin.serial, str_of(x, "serial"), "{value}");
                    assert_eq!(
                        Some(pass_number(bin.check_pass)),
                        x["check_pass"].as_u64(),
                        "{value}"
                    );
                    assert!(matches!(classify_kz_id(value), Ok(KzId::Bin(ref b)) if *b == bin));
                }
                Err(err) => {
                    assert!(!valid, "{value} rejected: {err}");
                    assert_eq!(
                        bin_error_reason(&err),
                        str_of(e, "reason"),
                        "{value}: {err}"
                    );
                }
            },
            other => panic!("unknown kind {other}"),
        }
    }
    println!("kz-id examples: {} checked", examples.len());
}
