//! MRZ generator for tests and demo data: computes every check digit, transliterates simple
//! Latin names and truncates long names the ICAO way.

use serde::Serialize;

use crate::check_digit::check_digit;
use crate::mrz::{MrzFormat, Sex, layout};

/// Field values to encode. Strings are as a human would type them; they are uppercased,
/// and spaces/hyphens in names and optional data become `<`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MrzFields {
    /// `P`, `PO`, `ID`, `I`, `V`, `VB`, … (1–2 letters).
    pub document_code: String,
    /// 1–3 letters (`D` is written `D<<`).
    pub issuing_state: String,
    pub primary_identifier: String,
    pub secondary_identifier: String,
    /// Up to 9 characters; TD1 accepts longer numbers (overflow into optional data 1).
    pub document_number: String,
    pub nationality: String,
    /// `YYMMDD`; unknown parts may be `<<`.
    pub birth_date: String,
    pub sex: Sex,
    /// `YYMMDD`.
    pub expiry_date: String,
    /// TD3 personal number, TD2/visa optional data, TD1 optional data 1.
    pub optional_data: String,
    /// TD1 optional data 2 (ignored for other formats).
    pub optional_data_2: String,
}

/// Why fields cannot be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum GenerateError {
    #[error("{field}: character {found:?} cannot be written in an MRZ")]
    InvalidCharacter { field: &'static str, found: char },
    #[error("{field}: {found} characters, at most {max} fit")]
    TooLong {
        field: &'static str,
        max: usize,
        found: usize,
    },
    #[error("{field}: must not be empty")]
    Empty { field: &'static str },
    #[error("{field}: {raw:?} is not YYMMDD")]
    InvalidDate { field: &'static str, raw: String },
}

/// Formats a calendar date as MRZ `YYMMDD`.
pub fn mrz_date(date: time::Date) -> String {
    format!(
        "{:02}{:02}{:02}",
        date.year().rem_euclid(100),
        u8::from(date.month()),
        date.day()
    )
}

/// Transliterates one name (primary or secondary identifier) to MRZ characters: uppercase,
/// common Latin diacritics per Doc 9303 Part 3 (`Ä`→`AE`, `ß`→`SS`, `Ñ`→`N`, `Ł`→`L`, …),
/// spaces and hyphens → `<`, apostrophes, commas and periods dropped. Other scripts are
/// rejected (transliterating Cyrillic/Kazakh needs language rules, see berkut-text).
pub fn transliterate_name(name: &str, field: &'static str) -> Result<String, GenerateError> {
    let mut out = String::new();
    for c in name.chars() {
        let upper: Vec<char> = c.to_uppercase().collect();
        for u in upper {
            match u {
                'A'..='Z' => out.push(u),
                ' ' | '-' | '<' => out.push('<'),
                '\'' | '’' | ',' | '.' => {}
                _ => match latin(u) {
                    Some(s) => out.push_str(s),
                    None => return Err(GenerateError::InvalidCharacter { field, found: c }),
                },
            }
        }
    }
    // Collapse repeated separators so that `<<` keeps meaning "primary/secondary".
    let parts: Vec<&str> = out.split('<').filter(|p| !p.is_empty()).collect();
    Ok(parts.join("<"))
}

fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'Ä' | 'Æ' => "AE",
        'Ö' | 'Ø' | 'Œ' => "OE",
        'Ü' => "UE",
        'ß' | 'ẞ' => "SS",
        'Å' => "AA",
        'Þ' => "TH",
        'Ĳ' => "IJ",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ā' | 'Ă' | 'Ą' => "A",
        'Ç' | 'Ć' | 'Č' | 'Ĉ' | 'Ċ' => "C",
        'Ð' | 'Ď' | 'Đ' => "D",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'Ğ' | 'Ģ' | 'Ġ' | 'Ĝ' => "G",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'Ķ' => "K",
        'Ł' | 'Ľ' | 'Ĺ' | 'Ļ' => "L",
        'Ñ' | 'Ń' | 'Ň' | 'Ņ' => "N",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ō' | 'Ő' => "O",
        'Ŕ' | 'Ř' => "R",
        'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
        'Ť' | 'Ţ' | 'Ț' => "T",
        'Ù' | 'Ú' | 'Û' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'Ý' | 'Ÿ' => "Y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return None,
    })
}

/// Builds the name field of `width` characters. Too-long names are truncated as in Doc 9303
/// Part 3: secondary-identifier components are shortened from the last one down to
/// initials, then later initials dropped, then the primary identifier cut, keeping `<<` and
/// the initial of the first secondary component. Returns the field and whether it truncated.
pub fn name_field(primary: &str, secondary: &str, width: usize) -> (String, bool) {
    let p: Vec<String> = primary
        .split('<')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let mut s: Vec<String> = secondary
        .split('<')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let render = |p: &[String], s: &[String]| {
        let mut r = p.join("<");
        if !s.is_empty() {
            r.push_str("<<");
            r.push_str(&s.join("<"));
        }
        r
    };
    let mut field = render(&p, &s);
    let truncated = field.len() > width;
    if truncated {
        for i in (0..s.len()).rev() {
            while render(&p, &s).len() > width && s.get(i).is_some_and(|c| c.len() > 1) {
                if let Some(c) = s.get_mut(i) {
                    c.pop();
                }
            }
        }
        while render(&p, &s).len() > width && s.len() > 1 {
            s.pop();
        }
        field = render(&p, &s);
        if field.len() > width {
            let tail = s.first().map(|c| format!("<<{c}")).unwrap_or_default();
            let keep = width.saturating_sub(tail.len());
            let head: String = p.join("<").chars().take(keep).collect();
            field = format!("{}{tail}", head.trim_end_matches('<'));
        }
    }
    let mut out: String = field.chars().take(width).collect();
    while out.len() < width {
        out.push('<');
    }
    (out, truncated)
}

fn alnum(value: &str, field: &'static str, max: usize) -> Result<String, GenerateError> {
    let mut out = String::new();
    for c in value.chars() {
        match c.to_ascii_uppercase() {
            u @ ('A'..='Z' | '0'..='9' | '<') => out.push(u),
            ' ' | '-' => out.push('<'),
            _ => return Err(GenerateError::InvalidCharacter { field, found: c }),
        }
    }
    if out.len() > max {
        return Err(GenerateError::TooLong {
            field,
            max,
            found: out.len(),
        });
    }
    Ok(out)
}

fn letters(value: &str, field: &'static str, max: usize) -> Result<String, GenerateError> {
    if value.is_empty() {
        return Err(GenerateError::Empty { field });
    }
    if let Some(c) = value.chars().find(|c| !c.is_ascii_alphabetic()) {
        return Err(GenerateError::InvalidCharacter { field, found: c });
    }
    if value.len() > max {
        return Err(GenerateError::TooLong {
            field,
            max,
            found: value.len(),
        });
    }
    Ok(pad(&value.to_ascii_uppercase(), max))
}

fn date(value: &str, field: &'static str, allow_unknown: bool) -> Result<String, GenerateError> {
    let ok = value.len() == 6
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (allow_unknown && b == b'<'));
    if ok {
        Ok(value.to_owned())
    } else {
        Err(GenerateError::InvalidDate {
            field,
            raw: value.to_owned(),
        })
    }
}

fn pad(s: &str, width: usize) -> String {
    let mut out = s.to_owned();
    while out.len() < width {
        out.push('<');
    }
    out
}

fn cd(data: &str) -> char {
    // Inputs are validated MRZ characters, so the check digit always exists.
    check_digit(data.as_bytes()).map_or('0', |d| char::from(b'0' + d))
}

/// Produces the MRZ lines for `fields` in `format`, with every check digit computed.
pub fn generate(fields: &MrzFields, format: MrzFormat) -> Result<Vec<String>, GenerateError> {
    let l = layout(format);
    let code = letters(&fields.document_code, "document_code", 2)?;
    let state = letters(&fields.issuing_state, "issuing_state", 3)?;
    let nationality = letters(&fields.nationality, "nationality", 3)?;
    let primary = transliterate_name(&fields.primary_identifier, "primary_identifier")?;
    let secondary = transliterate_name(&fields.secondary_identifier, "secondary_identifier")?;
    let (name, _) = name_field(&primary, &secondary, format.name_len());
    let birth = date(&fields.birth_date, "birth_date", true)?;
    let expiry = date(&fields.expiry_date, "expiry_date", false)?;
    let sex = fields.sex.mrz_char();

    let optional_len = l.optional.end - l.optional.start;
    let max_number = if format == MrzFormat::Td1 {
        9 + optional_len - 1
    } else {
        9
    };
    let number = alnum(&fields.document_number, "document_number", max_number)?;
    if number.contains('<') {
        return Err(GenerateError::InvalidCharacter {
            field: "document_number",
            found: '<',
        });
    }
    let optional = alnum(&fields.optional_data, "optional_data", optional_len)?;

    let (number_field, optional_field) = if number.len() > 9 {
        // TD1 long number: 9 characters, `<`, overflow + check digit at the start of
        // optional data 1, then `<` and any optional data.
        let (head, overflow) = number.split_at(9);
        let mut opt = format!("{overflow}{}", cd(&number));
        if !optional.is_empty() {
            opt.push('<');
            opt.push_str(&optional);
        }
        if opt.len() > optional_len {
            return Err(GenerateError::TooLong {
                field: "optional_data",
                max: optional_len.saturating_sub(overflow.len() + 2),
                found: optional.len(),
            });
        }
        (format!("{head}<"), pad(&opt, optional_len))
    } else {
        let n = pad(&number, 9);
        let c = cd(&n);
        (format!("{n}{c}"), pad(&optional, optional_len))
    };

    let lines = match format {
        MrzFormat::Td1 => {
            let optional2 = alnum(&fields.optional_data_2, "optional_data_2", 11)?;
            let line1 = format!("{code}{state}{number_field}{optional_field}");
            let mut line2 = format!(
                "{birth}{}{sex}{expiry}{}{nationality}{}",
                cd(&birth),
                cd(&expiry),
                pad(&optional2, 11)
            );
            let composite = format!(
                "{}{}{}{}",
                &line1[5..30],
                &line2[0..7],
                &line2[8..15],
                &line2[18..29]
            );
            line2.push(cd(&composite));
            vec![line1, line2, name]
        }
        _ => {
            let line1 = format!("{code}{state}{name}");
            let mut line2 = format!(
                "{number_field}{nationality}{birth}{}{sex}{expiry}{}{optional_field}",
                cd(&birth),
                cd(&expiry)
            );
            if format == MrzFormat::Td3 {
                let personal_cd = if optional.is_empty() {
                    '<'
                } else {
                    cd(&optional_field)
                };
                line2.push(personal_cd);
            }
            if format.has_composite() {
                let end = line2.len();
                let composite = format!("{}{}{}", &line2[0..10], &line2[13..20], &line2[21..end]);
                line2.push(cd(&composite));
            }
            vec![line1, line2]
        }
    };
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration() {
        assert_eq!(
            transliterate_name("Ospelt-Beck", "n"),
            Ok("OSPELT<BECK".into())
        );
        assert_eq!(transliterate_name("Müller", "n"), Ok("MUELLER".into()));
        assert_eq!(
            transliterate_name("Española  Española", "n"),
            Ok("ESPANOLA<ESPANOLA".into())
        );
        assert_eq!(transliterate_name("O'Brien", "n"), Ok("OBRIEN".into()));
        assert_eq!(transliterate_name("Straße", "n"), Ok("STRASSE".into()));
        assert_eq!(
            transliterate_name("Иван", "n"),
            Err(GenerateError::InvalidCharacter {
                field: "n",
                found: 'И'
            })
        );
        assert!(transliterate_name("R2D2", "n").is_err());
    }

    #[test]
    fn name_field_fits_and_pads() {
        let (f, t) = name_field("ERIKSSON", "ANNA<MARIA", 39);
        assert_eq!(f, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
        assert!(!t);
        let (f, _) = name_field("", "ANNA", 10);
        assert_eq!(f, "<<ANNA<<<<");
    }

    #[test]
    fn truncation_shortens_last_secondary_component_first() {
        let (f, t) = name_field("NILAVADHANANANDA", "CHAYAPA<DEJTHAMRONG<KRASUANG", 39);
        assert_eq!(f, "NILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K");
        assert!(t);
    }

    #[test]
    fn truncation_keeps_secondary_initial_when_primary_is_too_long() {
        let (f, t) = name_field("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGH", "JOHN<PAUL", 30);
        assert!(t);
        assert_eq!(f.len(), 30);
        assert!(f.ends_with("<<J"), "{f}");
        assert!(f.starts_with("ABCDEFGHIJKLMNOPQRSTUVWXYZA"));
    }

    #[test]
    fn regenerates_icao_td3_specimen() {
        let fields = MrzFields {
            document_code: "P".into(),
            issuing_state: "UTO".into(),
            primary_identifier: "Eriksson".into(),
            secondary_identifier: "Anna Maria".into(),
            document_number: "L898902C3".into(),
            nationality: "UTO".into(),
            birth_date: "740812".into(),
            sex: Sex::Female,
            expiry_date: "120415".into(),
            optional_data: "ZE184226B".into(),
            optional_data_2: String::new(),
        };
        let lines = generate(&fields, MrzFormat::Td3).expect("valid fields");
        assert_eq!(
            lines,
            [
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
            ]
        );
    }

    #[test]
    fn regenerates_icao_td1_long_number_specimen() {
        let fields = MrzFields {
            document_code: "I".into(),
            issuing_state: "UTO".into(),
            primary_identifier: "STEVENSON".into(),
            secondary_identifier: "PETER JOHN".into(),
            document_number: "D23145890734".into(),
            nationality: "UTO".into(),
            birth_date: "340712".into(),
            sex: Sex::Male,
            expiry_date: "950712".into(),
            ..MrzFields::default()
        };
        let lines = generate(&fields, MrzFormat::Td1).expect("valid fields");
        assert_eq!(
            lines,
            [
                "I<UTOD23145890<7349<<<<<<<<<<<",
                "3407127M9507122UTO<<<<<<<<<<<2",
                "STEVENSON<<PETER<JOHN<<<<<<<<<"
            ]
        );
    }

    #[test]
    fn rejects_bad_fields() {
        let fields = MrzFields {
            document_code: "P".into(),
            issuing_state: "UTO".into(),
            primary_identifier: "DOE".into(),
            document_number: "1234567890".into(),
            nationality: "UTO".into(),
            birth_date: "740812".into(),
            expiry_date: "120415".into(),
            ..MrzFields::default()
        };
        assert!(matches!(
            generate(&fields, MrzFormat::Td3),
            Err(GenerateError::TooLong {
                field: "document_number",
                ..
            })
        ));
        let bad_date = MrzFields {
            document_number: "123".into(),
            expiry_date: "12<415".into(),
            ..fields.clone()
        };
        assert!(matches!(
            generate(&bad_date, MrzFormat::Td3),
            Err(GenerateError::InvalidDate {
                field: "expiry_date",
                ..
            })
        ));
        let bad_state = MrzFields {
            document_number: "123".into(),
            issuing_state: "U1O".into(),
            ..fields
        };
        assert!(generate(&bad_state, MrzFormat::Td3).is_err());
    }
}
