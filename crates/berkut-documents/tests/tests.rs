//! Integration tests for berkut-documents (one test binary, see Cargo.toml).
#![allow(clippy::unwrap_used)]

mod cases;
mod fuzz_seeds;
mod props;
mod vectors;

use std::path::PathBuf;

/// `$BERKUT_SHARED_DIR`, or `shared/` beside the repository checkout.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("BERKUT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

/// Reads a JSON-lines file into values; blank lines are skipped.
pub fn read_jsonl(path: &std::path::Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Compact, stable text form of a warning used by the case tables.
pub fn warning_key(w: &berkut_documents::MrzWarning) -> String {
    use berkut_documents::{MrzWarning::*, StateField};
    let field = |f: &StateField| match f {
        StateField::IssuingState => "issuing_state",
        StateField::Nationality => "nationality",
    };
    match w {
        UnknownStateCode { field: f, code } => format!("unknown_state_code:{}:{code}", field(f)),
        SpecialStateCode { field: f, code, .. } => {
            format!("special_state_code:{}:{code}", field(f))
        }
        SpecimenStateCode { field: f } => format!("specimen_state_code:{}", field(f)),
        SexUnspecified => "sex_unspecified".into(),
        SexX => "sex_x".into(),
        InvalidSex { printed } => format!("invalid_sex:{printed}"),
        PartialBirthDate {
            year_unknown,
            month_unknown,
            day_unknown,
        } => {
            let parts: Vec<&str> = [
                (year_unknown, "year"),
                (month_unknown, "month"),
                (day_unknown, "day"),
            ]
            .into_iter()
            .filter(|(u, _)| **u)
            .map(|(_, n)| n)
            .collect();
            format!("partial_birth_date:{}", parts.join(","))
        }
        InvalidDate { field, .. } => format!(
            "invalid_date:{}",
            serde_json::to_value(field).unwrap().as_str().unwrap()
        ),
        NameProbablyTruncated => "name_probably_truncated".into(),
        OnlyPrimaryIdentifier => "only_primary_identifier".into(),
        NoPrimaryIdentifier => "no_primary_identifier".into(),
        DigitsInName => "digits_in_name".into(),
        TitleInName { title } => format!("title_in_name:{title}"),
        UnexpectedDocumentCode { code } => format!("unexpected_document_code:{code}"),
        Expired { .. } => "expired".into(),
    }
}
