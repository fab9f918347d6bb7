//! `berkut doc mrz` and `berkut doc iin`: check a machine readable zone or a
//! Kazakhstan IIN/BIN and print what it says, as text or JSON. Exit code 0
//! when valid, 1 when not.
//!
//! The work is in berkut-documents; this file only renders. Each command is
//! a pure `*_report` function (text or JSON, and validity) plus a thin
//! printing wrapper, so the output is unit-tested without running the binary.

#![allow(dead_code)] // Wired into the clap commands by main.rs.

use std::process::ExitCode;

use berkut_documents::{
    CheckPass, DateField, ExpiryStatus, KzId, MrzDate, MrzWarning, StateField, check_expiry,
    classify_kz_id, expiry_warnings, parse_mrz,
};
use berkut_domain::format_date;
use serde_json::{Value, json};
use time::Date;

fn exit(valid: bool) -> ExitCode {
    if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Check an MRZ given as its lines; print format, validity, every check
/// digit, the fields, warnings (expiry relative to `today` included) and
/// suggested OCR corrections.
pub fn mrz(lines: &[String], json: bool, today: Date) -> ExitCode {
    let (out, valid) = mrz_report(lines, json, today);
    print!("{out}");
    exit(valid)
}

/// Check a Kazakhstan IIN or BIN (spaces and dashes ignored); print the
/// decoded fields.
pub fn iin(number: &str, json: bool) -> ExitCode {
    let (out, valid) = iin_report(number, json);
    print!("{out}");
    exit(valid)
}

fn pretty(v: &Value) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
    )
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn state_field(f: StateField) -> &'static str {
    match f {
        StateField::IssuingState => "issuing state",
        StateField::Nationality => "nationality",
    }
}

/// One line an officer can read for each warning.
fn warning_text(w: &MrzWarning) -> String {
    match w {
        MrzWarning::UnknownStateCode { field, code } => {
            format!("{} '{code}' is not a known state code", state_field(*field))
        }
        MrzWarning::SpecialStateCode {
            field,
            code,
            meaning,
        } => format!(
            "{} '{code}' is an ICAO special code: {meaning}",
            state_field(*field)
        ),
        MrzWarning::SpecimenStateCode { field } => {
            format!(
                "{} is UTO: a specimen or test document",
                state_field(*field)
            )
        }
        MrzWarning::SexUnspecified => "sex is unspecified ('<')".into(),
        MrzWarning::SexX => {
            "sex printed as 'X' (not an ICAO MRZ value); taken as unspecified".into()
        }
        MrzWarning::InvalidSex { printed } => format!("'{printed}' is not a sex code"),
        MrzWarning::PartialBirthDate {
            year_unknown,
            month_unknown,
            day_unknown,
        } => {
            let parts: Vec<&str> = [
                (*year_unknown, "year"),
                (*month_unknown, "month"),
                (*day_unknown, "day"),
            ]
            .into_iter()
            .filter(|(u, _)| *u)
            .map(|(_, p)| p)
            .collect();
            format!("birth date is partial: {} unknown", parts.join(", "))
        }
        MrzWarning::InvalidDate { field, raw } => {
            let f = match field {
                DateField::BirthDate => "birth date",
                DateField::ExpiryDate => "expiry date",
            };
            format!("{f} '{raw}' is not a calendar date")
        }
        MrzWarning::NameProbablyTruncated => {
            "name fills its field: probably truncated (match the last part by prefix)".into()
        }
        MrzWarning::OnlyPrimaryIdentifier => "only a primary identifier (no given names)".into(),
        MrzWarning::NoPrimaryIdentifier => "no primary identifier (name starts with '<<')".into(),
        MrzWarning::DigitsInName => "digits in the name (often OCR confusion)".into(),
        MrzWarning::TitleInName { title } => format!("title '{title}' in the name"),
        MrzWarning::UnexpectedDocumentCode { code } => {
            format!("document code '{code}' does not fit the format")
        }
        MrzWarning::Expired { expiry, reference } => format!(
            "expired on {} (checked on {})",
            format_date(*expiry),
            format_date(*reference)
        ),
    }
}

fn date_text(d: &MrzDate, resolved: Option<Date>) -> String {
    match resolved {
        Some(r) => format!("{} ({})", d.raw, format_date(r)),
        None => d.raw.clone(),
    }
}

fn expiry_text(s: &ExpiryStatus) -> String {
    match s {
        ExpiryStatus::NotExpired { days_left, .. } => format!("valid, {days_left} days left"),
        ExpiryStatus::Expired { days_ago, .. } => format!("EXPIRED {days_ago} days ago"),
        ExpiryStatus::Unknown => "unknown".into(),
    }
}

/// The `doc mrz` output and whether the MRZ is valid.
pub fn mrz_report(lines: &[String], json: bool, today: Date) -> (String, bool) {
    let trimmed: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    let mut m = match parse_mrz(&trimmed) {
        Ok(m) => m,
        Err(e) => {
            let out = if json {
                let code = serde_json::to_value(&e)
                    .ok()
                    .and_then(|v| v.get("code").cloned())
                    .unwrap_or(Value::Null);
                pretty(&json!({
                    "valid": false,
                    "error": {"code": code, "message": e.to_string()},
                }))
            } else {
                format!("valid       no\nerror       {e}\n")
            };
            return (out, false);
        }
    };
    let expiry = check_expiry(&m, today);
    m.warnings.extend(expiry_warnings(&m, today));
    let valid = m.valid;
    if json {
        let mut v = serde_json::to_value(&m).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut v {
            map.insert(
                "expiry".into(),
                serde_json::to_value(expiry).unwrap_or(Value::Null),
            );
            map.insert("checked_on".into(), Value::String(format_date(today)));
        }
        return (pretty(&v), valid);
    }
    let mut o = String::new();
    let mut line = |k: &str, v: &str| o.push_str(&format!("{k:<12}{v}\n"));
    line("format", m.format.as_str());
    line("valid", yes_no(valid));
    for (i, c) in m.checks.iter().enumerate() {
        let status = if c.ok {
            format!("ok   {}", c.found)
        } else {
            format!("FAIL expected {}, found {}", c.expected, c.found)
        };
        line(
            if i == 0 { "checks" } else { "" },
            &format!(
                "{:<16} {status} (line {}, column {})",
                c.field.as_str(),
                c.line,
                c.column
            ),
        );
    }
    line("document", &m.document_code);
    line("issuing", &m.issuing_state);
    line(
        "name",
        &format!("{}, {}", m.primary_identifier, m.secondary_identifier),
    );
    let number = if m.long_document_number {
        format!("{} (long number)", m.document_number)
    } else {
        m.document_number.clone()
    };
    line("number", &number);
    line("nationality", &m.nationality);
    line(
        "birth date",
        &date_text(&m.birth_date, m.birth_date_on(today)),
    );
    line("sex", &m.sex_printed.to_string());
    line(
        "expiry",
        &format!(
            "{} — {}",
            date_text(&m.expiry_date, m.expiry_date_on(today)),
            expiry_text(&expiry)
        ),
    );
    if !m.optional_data.is_empty() {
        line("optional", &m.optional_data);
    }
    if let Some(o2) = m.optional_data_2.as_deref().filter(|s| !s.is_empty()) {
        line("optional 2", o2);
    }
    for (i, w) in m.warnings.iter().enumerate() {
        line(if i == 0 { "warnings" } else { "" }, &warning_text(w));
    }
    for (i, c) in m.suggestions.iter().enumerate() {
        let subs: Vec<String> = c
            .substitutions
            .iter()
            .map(|s| {
                format!(
                    "line {} column {} '{}' → '{}' ({})",
                    s.line, s.column, s.from, s.to, s.field
                )
            })
            .collect();
        let fixes: Vec<&str> = c.fixes.iter().map(|f| f.as_str()).collect();
        line(
            if i == 0 { "suggestions" } else { "" },
            &format!(
                "{}; fixes {}{}",
                subs.join(", "),
                if fixes.is_empty() {
                    "no check digit".to_string()
                } else {
                    fixes.join(", ")
                },
                if c.all_checks_pass {
                    "; then every check passes"
                } else {
                    ""
                }
            ),
        );
        for l in &c.lines {
            line("", &format!("  {l}"));
        }
    }
    (o, valid)
}

fn pass(p: CheckPass) -> String {
    format!("pass {}", p.number())
}

/// The `doc iin` output and whether the number is a valid IIN or BIN.
pub fn iin_report(number: &str, json: bool) -> (String, bool) {
    let cleaned: String = number
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    match classify_kz_id(&cleaned) {
        Ok(id) => {
            if json {
                let mut v = serde_json::to_value(&id).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut v {
                    map.insert("valid".into(), Value::Bool(true));
                }
                return (pretty(&v), true);
            }
            let mut o = String::new();
            let mut line = |k: &str, v: &str| o.push_str(&format!("{k:<12}{v}\n"));
            match id {
                KzId::Iin(i) => {
                    line("kind", "IIN (individual)");
                    line("valid", "yes");
                    line("number", &i.value);
                    line("birth date", &format_date(i.birth_date));
                    line("sex", &format!("{:?}", i.sex).to_lowercase());
                    line("digit 7", &i.century_sex_digit.to_string());
                    line("serial", &i.serial);
                    line(
                        "check digit",
                        &format!("{} ({})", i.check_digit, pass(i.check_pass)),
                    );
                }
                KzId::Bin(b) => {
                    line("kind", "BIN (legal entity)");
                    line("valid", "yes");
                    line("number", &b.value);
                    line(
                        "registered",
                        &format!(
                            "{:02}/{:02} (YY/MM)",
                            b.registration_year, b.registration_month
                        ),
                    );
                    line("entity", &format!("{:?}", b.entity_type));
                    line("attribute", &format!("{:?}", b.attribute));
                    line("serial", &b.serial);
                    line(
                        "check digit",
                        &format!("{} ({})", b.check_digit, pass(b.check_pass)),
                    );
                }
            }
            (o, true)
        }
        Err(e) => {
            let out = if json {
                let mut err = serde_json::to_value(&e).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut err {
                    map.insert("message".into(), Value::String(e.to_string()));
                }
                pretty(&json!({"valid": false, "number": cleaned, "error": err}))
            } else {
                format!("valid       no\nnumber      {cleaned}\nerror       {e}\n")
            };
            (out, false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use berkut_documents::{IinSex, generate_iin};
    use time::macros::date;

    const TD3: [&str; 2] = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ];

    fn lines(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn valid_mrz_text_has_checks_fields_and_expiry() {
        let (out, valid) = mrz_report(&lines(&TD3), false, date!(2026 - 11 - 27));
        assert!(valid, "{out}");
        for want in [
            "format      TD3",
            "valid       yes",
            "document_number  ok   6 (line 2, column 10)",
            "composite",
            "name        ERIKSSON, ANNA MARIA",
            "number      L898902C3",
            "birth date  740812 (1974-08-12)",
            "EXPIRED",
            "expired on 2012-04-15 (checked on 2026-11-27)",
            "UTO: a specimen",
        ] {
            assert!(out.contains(want), "missing {want:?} in\n{out}");
        }
        let (out, _) = mrz_report(&lines(&TD3), false, date!(2011 - 01 - 01));
        assert!(out.contains("valid, 470 days left"), "{out}");
    }

    #[test]
    fn bad_check_digit_is_invalid_with_a_suggestion() {
        // Birth date with an O for a 0: a type error the OCR repair fixes.
        let bad = [TD3[0], "L898902C36UTO74O8122F1204159ZE184226B<<<<<10"];
        let (out, valid) = mrz_report(&lines(&bad), false, date!(2026 - 11 - 27));
        assert!(!valid);
        assert!(out.contains("valid       no"), "{out}");
        assert!(out.contains("suggestions"), "{out}");
        assert!(out.contains("'O' → '0'"), "{out}");
        let (json, valid) = mrz_report(&lines(&bad), true, date!(2026 - 11 - 27));
        assert!(!valid);
        let v: Value = serde_json::from_str(&json).expect("json");
        assert_eq!(v["valid"], false);
        assert!(v["suggestions"].as_array().is_some_and(|s| !s.is_empty()));
    }

    #[test]
    fn unparseable_mrz_names_the_problem() {
        let (out, valid) = mrz_report(&lines(&["P<UTO", "L898"]), false, date!(2026 - 01 - 01));
        assert!(!valid);
        assert!(out.contains("error       line 1 has 5 characters"), "{out}");
        let (json, _) = mrz_report(&lines(&[TD3[0]]), true, date!(2026 - 01 - 01));
        let v: Value = serde_json::from_str(&json).expect("json");
        assert_eq!(v["error"]["code"], "line_count");
    }

    #[test]
    fn mrz_json_has_expiry_and_warnings() {
        let (json, valid) = mrz_report(&lines(&TD3), true, date!(2026 - 11 - 27));
        assert!(valid);
        let v: Value = serde_json::from_str(&json).expect("json");
        assert_eq!(v["format"], "TD3");
        assert_eq!(v["expiry"]["status"], "expired");
        assert_eq!(v["checked_on"], "2026-11-27");
        assert!(
            v["warnings"]
                .as_array()
                .is_some_and(|w| w.iter().any(|w| w["kind"] == "expired"))
        );
    }

    #[test]
    fn iin_and_bin() {
        let iin = generate_iin(date!(1990 - 01 - 15), IinSex::Female, 123).expect("iin");
        let spaced = format!("{} {}", &iin[..6], &iin[6..]);
        let (out, valid) = iin_report(&spaced, false);
        assert!(valid, "{out}");
        assert!(
            out.contains("IIN (individual)") && out.contains("1990-01-15"),
            "{out}"
        );
        assert!(out.contains("female"), "{out}");
        let (json, valid) = iin_report(&iin, true);
        assert!(valid);
        let v: Value = serde_json::from_str(&json).expect("json");
        assert_eq!(v["kind"], "IIN");
        assert_eq!(v["valid"], true);

        let bin = berkut_documents::generate_bin(
            5,
            3,
            berkut_documents::BinEntityType::ResidentLegalEntity,
            berkut_documents::BinAttribute::HeadUnit,
            42,
        )
        .expect("bin");
        let (out, valid) = iin_report(&bin, false);
        assert!(valid && out.contains("BIN (legal entity)"), "{out}");

        let mut broken = iin.clone().into_bytes();
        broken[11] = if broken[11] == b'9' {
            b'0'
        } else {
            broken[11] + 1
        };
        let broken = String::from_utf8(broken).expect("ascii");
        let (out, valid) = iin_report(&broken, false);
        assert!(!valid);
        assert!(out.contains("bad check digit"), "{out}");
        let (json, valid) = iin_report("12345", true);
        assert!(!valid);
        let v: Value = serde_json::from_str(&json).expect("json");
        assert_eq!(v["error"]["code"], "length");
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("12 digits"))
        );
    }
}
