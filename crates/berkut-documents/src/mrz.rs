//! ICAO Doc 9303 machine readable zones: TD1 (3×30), TD2 (2×36), TD3 (2×44), MRV-A (2×44)
//! and MRV-B (2×36).
//!
//! Architecture invariant: `MrzError` is returned only when the text cannot be laid out as an
//! MRZ at all (line count, line length, characters outside `A-Z0-9<`). Everything else —
//! failing check digits, unknown state codes, odd sex values, impossible dates — produces a
//! parsed [`Mrz`] with `valid == false` and/or [`MrzWarning`]s, so a reader can always show
//! what was printed.

use serde::Serialize;
use time::Date;

use crate::check_digit::check_digit;
use crate::date::{CenturyRule, MrzDate};
use crate::ocr::{self, Correction};
use crate::states::{self, StateCodeKind};

/// The five ICAO layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum MrzFormat {
    /// ID card, 3 lines × 30.
    #[serde(rename = "TD1")]
    Td1,
    /// Official travel document, 2 lines × 36.
    #[serde(rename = "TD2")]
    Td2,
    /// Passport booklet, 2 lines × 44.
    #[serde(rename = "TD3")]
    Td3,
    /// Full-size machine readable visa, 2 lines × 44.
    #[serde(rename = "MRVA")]
    MrvA,
    /// Small machine readable visa, 2 lines × 36.
    #[serde(rename = "MRVB")]
    MrvB,
}

impl MrzFormat {
    pub const ALL: [MrzFormat; 5] = [Self::Td1, Self::Td2, Self::Td3, Self::MrvA, Self::MrvB];

    pub fn line_count(self) -> usize {
        match self {
            Self::Td1 => 3,
            _ => 2,
        }
    }

    pub fn line_len(self) -> usize {
        match self {
            Self::Td1 => 30,
            Self::Td2 | Self::MrvB => 36,
            Self::Td3 | Self::MrvA => 44,
        }
    }

    /// Length of the name field.
    pub fn name_len(self) -> usize {
        match self {
            Self::Td1 => 30,
            Self::Td2 | Self::MrvB => 31,
            Self::Td3 | Self::MrvA => 39,
        }
    }

    /// Visas have no composite check digit.
    pub fn has_composite(self) -> bool {
        !matches!(self, Self::MrvA | Self::MrvB)
    }

    /// Name as used in the vector files and JSON output (`TD1`, …, `MRVA`, `MRVB`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Td1 => "TD1",
            Self::Td2 => "TD2",
            Self::Td3 => "TD3",
            Self::MrvA => "MRVA",
            Self::MrvB => "MRVB",
        }
    }

    /// Inverse of [`MrzFormat::as_str`] (also accepts `MRV-A` / `MRV-B`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "TD1" => Some(Self::Td1),
            "TD2" => Some(Self::Td2),
            "TD3" => Some(Self::Td3),
            "MRVA" | "MRV-A" => Some(Self::MrvA),
            "MRVB" | "MRV-B" => Some(Self::MrvB),
            _ => None,
        }
    }
}

/// Why text could not be parsed as an MRZ at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum MrzError {
    #[error("expected 2 lines (TD2, TD3, MRV-A, MRV-B) or 3 lines (TD1), found {found}")]
    LineCount { found: usize },
    #[error("line {line} has {found} characters, expected {expected}")]
    LineLength {
        line: usize,
        found: usize,
        expected: String,
    },
    #[error(
        "line {line}, column {column}: character {found:?} is not allowed in an MRZ (only A-Z, 0-9 and '<')"
    )]
    InvalidCharacter {
        line: usize,
        column: usize,
        found: char,
    },
}

/// A field protected by a check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckedField {
    DocumentNumber,
    BirthDate,
    ExpiryDate,
    /// TD3 personal number (optional data, positions 29–42 of line 2).
    PersonalNumber,
    Composite,
}

impl CheckedField {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DocumentNumber => "document_number",
            Self::BirthDate => "birth_date",
            Self::ExpiryDate => "expiry_date",
            Self::PersonalNumber => "personal_number",
            Self::Composite => "composite",
        }
    }
}

/// Result of one check digit, reported separately for every field and the composite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckDigitResult {
    pub field: CheckedField,
    /// Check digit computed from the data.
    pub expected: char,
    /// Character printed in the check digit position.
    pub found: char,
    pub ok: bool,
    /// 1-based line and column of the check digit.
    pub line: usize,
    pub column: usize,
}

/// Which convention validated a TD1/TD2 long document number's check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LongNumberCheck {
    /// Check digit over the first 9 characters, the `<` at position 15 and the overflow
    /// (e.g. Belgian BEL-BO-03003).
    IncludingFiller,
    /// Check digit over the reassembled number only (ICAO Part 5 text, e.g. BEL-BO-11005).
    ExcludingFiller,
}

/// Sex as printed in the MRZ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
    /// `X` printed in the MRZ (ICAO uses `X` only in the visual zone; accepted with a warning).
    X,
    /// `<`, or an invalid character (then an [`MrzWarning::InvalidSex`] is raised).
    #[default]
    Unspecified,
}

impl Sex {
    /// Character the generator writes for this value.
    pub fn mrz_char(self) -> char {
        match self {
            Self::Male => 'M',
            Self::Female => 'F',
            Self::X => 'X',
            Self::Unspecified => '<',
        }
    }
}

/// Which state-code field a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StateField {
    IssuingState,
    Nationality,
}

/// Which date field a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateField {
    BirthDate,
    ExpiryDate,
}

/// Semantic findings that do not affect [`Mrz::valid`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MrzWarning {
    /// Not an ISO 3166-1 alpha-3 code nor an ICAO special code (e.g. withdrawn `BOS`).
    UnknownStateCode { field: StateField, code: String },
    /// ICAO special code (`D<<`, `GBD`, `UNO`, `XXA`, `XOM`, …) or deprecated code (`ANT`).
    SpecialStateCode {
        field: StateField,
        code: String,
        meaning: String,
    },
    /// `UTO`, the ICAO specimen state: a specimen or test document.
    SpecimenStateCode { field: StateField },
    /// `<` printed as sex.
    SexUnspecified,
    /// `X` printed as sex (not an ICAO MRZ value); treated as unspecified.
    SexX,
    /// Anything other than `M`, `F`, `<`, `X` in the sex position.
    InvalidSex { printed: char },
    /// Parts of the date of birth printed as `<<`.
    PartialBirthDate {
        year_unknown: bool,
        month_unknown: bool,
        day_unknown: bool,
    },
    /// Not `YYMMDD` digits (or `<<` parts for the date of birth), or no such calendar date.
    InvalidDate { field: DateField, raw: String },
    /// The name field ends in a letter: the name was probably truncated to fit.
    NameProbablyTruncated,
    /// Only a primary identifier (no `<<` secondary part).
    OnlyPrimaryIdentifier,
    /// The name field starts with `<<`: empty primary identifier.
    NoPrimaryIdentifier,
    /// Digits in the name field (never allowed; often OCR confusion).
    DigitsInName,
    /// A title such as `DR` or `MR` as the first name component (ICAO forbids titles).
    TitleInName { title: String },
    /// Document code does not fit the format (TD3 `P`, TD1/TD2 `A`/`C`/`I`, visas `V`).
    UnexpectedDocumentCode { code: String },
    /// Expired relative to a reference date (only from [`expiry_warnings`]).
    Expired { expiry: Date, reference: Date },
}

/// A parsed machine readable zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mrz {
    pub format: MrzFormat,
    /// The lines as given.
    pub lines: Vec<String>,
    /// Document code without filler (`P`, `PO`, `ID`, `I`, `V`, `VN`, …).
    pub document_code: String,
    /// Issuing state or organisation without filler (`D` for `D<<`).
    pub issuing_state: String,
    /// Primary identifier (surname), `<` turned into spaces.
    pub primary_identifier: String,
    /// Secondary identifier (given names), `<` turned into spaces.
    pub secondary_identifier: String,
    /// The name field is full and ends in a letter, so the name was probably truncated;
    /// match its last component by prefix.
    pub name_possibly_truncated: bool,
    /// Document number without filler; TD1/TD2 long numbers are reassembled.
    pub document_number: String,
    /// Set when the document number continues in the optional data (TD1 long number rule).
    pub long_document_number: bool,
    /// For long numbers: the check-digit convention that matched, if any.
    pub long_number_check: Option<LongNumberCheck>,
    /// Nationality without filler.
    pub nationality: String,
    pub birth_date: MrzDate,
    pub sex: Sex,
    /// The sex character as printed.
    pub sex_printed: char,
    pub expiry_date: MrzDate,
    /// TD3 personal number; TD2/visa optional data; TD1 optional data 1 (after a long
    /// document number's overflow and check digit). Fillers at the ends removed, inner `<`
    /// turned into spaces.
    pub optional_data: String,
    /// TD1 optional data 2 (line 2, positions 19–29).
    pub optional_data_2: Option<String>,
    /// Every check digit, in line order.
    pub checks: Vec<CheckDigitResult>,
    /// Layout, character set and every check digit correct. Semantic problems are warnings.
    pub valid: bool,
    pub warnings: Vec<MrzWarning>,
    /// OCR repair candidates (never applied), best first.
    pub suggestions: Vec<Correction>,
}

impl Mrz {
    /// Result of the check on `field`, if the format has one.
    pub fn check(&self, field: CheckedField) -> Option<&CheckDigitResult> {
        self.checks.iter().find(|c| c.field == field)
    }

    /// TD3 personal number (same as `optional_data`); `None` for other formats.
    pub fn personal_number(&self) -> Option<&str> {
        (self.format == MrzFormat::Td3).then_some(self.optional_data.as_str())
    }

    /// Date of birth with the century chosen so that it is not after `reference`.
    pub fn birth_date_on(&self, reference: Date) -> Option<Date> {
        self.birth_date
            .resolve(reference, CenturyRule::NotAfterReference)
    }

    /// Expiry date with the century chosen within `reference` − 50 … + 49 years.
    pub fn expiry_date_on(&self, reference: Date) -> Option<Date> {
        self.expiry_date
            .resolve(reference, CenturyRule::AroundReference)
    }
}

/// Expiry relative to a reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ExpiryStatus {
    /// Valid through `expiry` (inclusive).
    NotExpired {
        expiry: Date,
        days_left: i64,
    },
    Expired {
        expiry: Date,
        days_ago: i64,
    },
    /// Expiry date missing or not a calendar date.
    Unknown,
}

/// Pure expiry check: a document is valid through its expiry date. Whether an expired
/// document is acceptable is a policy decision (e.g. emergencies), not a parsing one.
pub fn check_expiry(mrz: &Mrz, reference: Date) -> ExpiryStatus {
    match mrz.expiry_date_on(reference) {
        None => ExpiryStatus::Unknown,
        Some(expiry) if expiry < reference => ExpiryStatus::Expired {
            expiry,
            days_ago: (reference - expiry).whole_days(),
        },
        Some(expiry) => ExpiryStatus::NotExpired {
            expiry,
            days_left: (expiry - reference).whole_days(),
        },
    }
}

/// Warnings that depend on a reference date (currently: expired).
pub fn expiry_warnings(mrz: &Mrz, reference: Date) -> Vec<MrzWarning> {
    match check_expiry(mrz, reference) {
        ExpiryStatus::Expired { expiry, .. } => vec![MrzWarning::Expired { expiry, reference }],
        _ => Vec::new(),
    }
}

/// Splits text into lines, trims surrounding whitespace and drops empty lines, then parses.
pub fn parse_mrz_text(text: &str) -> Result<Mrz, MrzError> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    parse_mrz(&lines)
}

/// Parses and validates an MRZ given as its lines (no newline characters), detecting the
/// format from the shape: 3×30 TD1; 2×44 TD3 or MRV-A (`V…`); 2×36 TD2 or MRV-B (`V…`).
pub fn parse_mrz(lines: &[&str]) -> Result<Mrz, MrzError> {
    let mut mrz = parse_without_suggestions(lines)?;
    mrz.suggestions = ocr::suggest(&mrz);
    Ok(mrz)
}

/// Detects the format without parsing the fields.
pub fn detect_format(lines: &[&str]) -> Result<MrzFormat, MrzError> {
    let lens: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    let format = match lens.as_slice() {
        [a, b, c] => {
            for (i, len) in [*a, *b, *c].into_iter().enumerate() {
                if len != 30 {
                    return Err(MrzError::LineLength {
                        line: i + 1,
                        found: len,
                        expected: "30 (TD1)".into(),
                    });
                }
            }
            MrzFormat::Td1
        }
        [a, b] => {
            let visa = lines.first().is_some_and(|l| l.starts_with('V'));
            let format = match (*a, visa) {
                (44, false) => MrzFormat::Td3,
                (44, true) => MrzFormat::MrvA,
                (36, false) => MrzFormat::Td2,
                (36, true) => MrzFormat::MrvB,
                _ => {
                    return Err(MrzError::LineLength {
                        line: 1,
                        found: *a,
                        expected: "36 (TD2, MRV-B) or 44 (TD3, MRV-A)".into(),
                    });
                }
            };
            if *b != *a {
                return Err(MrzError::LineLength {
                    line: 2,
                    found: *b,
                    expected: format!("{a} ({})", format.as_str()),
                });
            }
            format
        }
        _ => return Err(MrzError::LineCount { found: lines.len() }),
    };
    for (i, line) in lines.iter().enumerate() {
        if let Some((col, c)) = line
            .chars()
            .enumerate()
            .find(|(_, c)| !matches!(c, 'A'..='Z' | '0'..='9' | '<'))
        {
            return Err(MrzError::InvalidCharacter {
                line: i + 1,
                column: col + 1,
                found: c,
            });
        }
    }
    Ok(format)
}

/// 0-based line and column.
pub(crate) type Pos = (usize, usize);

/// A contiguous run of characters on one line (0-based).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

const fn span(line: usize, start: usize, end: usize) -> Span {
    Span { line, start, end }
}

/// Field positions of a format (0-based, end exclusive).
pub(crate) struct Layout {
    pub code: Span,
    pub state: Span,
    pub name: Span,
    pub number: Span,
    pub number_cd: Pos,
    pub nationality: Span,
    pub birth: Span,
    pub birth_cd: Pos,
    pub sex: Pos,
    pub expiry: Span,
    pub expiry_cd: Pos,
    pub optional: Span,
    /// TD3 personal-number check digit.
    pub optional_cd: Option<Pos>,
    /// TD1 optional data 2.
    pub optional2: Option<Span>,
    pub composite: Option<(Pos, &'static [Span])>,
}

const TD1_COMPOSITE: &[Span] = &[
    span(0, 5, 30),
    span(1, 0, 7),
    span(1, 8, 15),
    span(1, 18, 29),
];
const TD2_COMPOSITE: &[Span] = &[span(1, 0, 10), span(1, 13, 20), span(1, 21, 35)];
const TD3_COMPOSITE: &[Span] = &[span(1, 0, 10), span(1, 13, 20), span(1, 21, 43)];

pub(crate) fn layout(format: MrzFormat) -> Layout {
    match format {
        MrzFormat::Td1 => Layout {
            code: span(0, 0, 2),
            state: span(0, 2, 5),
            name: span(2, 0, 30),
            number: span(0, 5, 14),
            number_cd: (0, 14),
            nationality: span(1, 15, 18),
            birth: span(1, 0, 6),
            birth_cd: (1, 6),
            sex: (1, 7),
            expiry: span(1, 8, 14),
            expiry_cd: (1, 14),
            optional: span(0, 15, 30),
            optional_cd: None,
            optional2: Some(span(1, 18, 29)),
            composite: Some(((1, 29), TD1_COMPOSITE)),
        },
        _ => {
            let len = format.line_len();
            let (optional, optional_cd, composite) = match format {
                MrzFormat::Td3 => (
                    span(1, 28, 42),
                    Some((1, 42)),
                    Some(((1, 43), TD3_COMPOSITE)),
                ),
                MrzFormat::Td2 => (span(1, 28, 35), None, Some(((1, 35), TD2_COMPOSITE))),
                _ => (span(1, 28, len), None, None),
            };
            Layout {
                code: span(0, 0, 2),
                state: span(0, 2, 5),
                name: span(0, 5, len),
                number: span(1, 0, 9),
                number_cd: (1, 9),
                nationality: span(1, 10, 13),
                birth: span(1, 13, 19),
                birth_cd: (1, 19),
                sex: (1, 20),
                expiry: span(1, 21, 27),
                expiry_cd: (1, 27),
                optional,
                optional_cd,
                optional2: None,
                composite,
            }
        }
    }
}

/// TD1/TD2 long document number: where the overflow and its check digit sit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LongNumber {
    /// Overflow characters (0-based span, before the check digit).
    pub overflow: Span,
    /// Position of the relocated check digit.
    pub cd: Pos,
}

/// Long number rule (Doc 9303 Part 5): all 9 number positions used, `<` in the check-digit
/// position, overflow at the start of the optional data followed by the check digit.
pub(crate) fn find_long_number(format: MrzFormat, lines: &[Vec<u8>]) -> Option<LongNumber> {
    if !matches!(format, MrzFormat::Td1 | MrzFormat::Td2) {
        return None;
    }
    let l = layout(format);
    let line = lines.get(l.number.line)?;
    if *line.get(l.number_cd.1)? != b'<' || *line.get(l.number.end - 1)? == b'<' {
        return None;
    }
    let opt = line.get(l.optional.start..l.optional.end)?;
    let run = opt.iter().take_while(|&&c| c != b'<').count();
    if run < 2 {
        return None;
    }
    let cd_col = l.optional.start + run - 1;
    Some(LongNumber {
        overflow: span(l.number.line, l.optional.start, cd_col),
        cd: (l.number.line, cd_col),
    })
}

fn text(lines: &[Vec<u8>], s: Span) -> &[u8] {
    lines
        .get(s.line)
        .and_then(|l| l.get(s.start..s.end))
        .unwrap_or_default()
}

fn at(lines: &[Vec<u8>], p: Pos) -> u8 {
    lines
        .get(p.0)
        .and_then(|l| l.get(p.1))
        .copied()
        .unwrap_or(b'<')
}

fn string(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Removes fillers at both ends and turns inner fillers into spaces.
fn clean(bytes: &[u8]) -> String {
    string(bytes).trim_matches('<').replace('<', " ")
}

fn check_result(
    field: CheckedField,
    data: &[u8],
    cd_at: Pos,
    lines: &[Vec<u8>],
) -> CheckDigitResult {
    let found = at(lines, cd_at);
    let expected = check_digit(data).map_or('?', |d| char::from(b'0' + d));
    CheckDigitResult {
        field,
        expected,
        found: char::from(found),
        ok: char::from(found) == expected,
        line: cd_at.0 + 1,
        column: cd_at.1 + 1,
    }
}

/// Name field: `PRIMARY<<SECONDARY`, components separated by single `<`.
fn split_name(raw: &[u8]) -> (String, String) {
    let s = string(raw);
    match s.find("<<") {
        Some(i) => {
            let primary = s[..i].replace('<', " ").trim().to_owned();
            let secondary = s[i + 2..]
                .trim_end_matches('<')
                .replace('<', " ")
                .trim()
                .to_owned();
            (primary, secondary)
        }
        None => (
            s.trim_end_matches('<').replace('<', " ").trim().to_owned(),
            String::new(),
        ),
    }
}

const TITLES: &[&str] = &["DR", "MR", "MRS", "MS", "MISS", "PROF", "SIR"];

pub(crate) fn parse_without_suggestions(input: &[&str]) -> Result<Mrz, MrzError> {
    let format = detect_format(input)?;
    let lines: Vec<Vec<u8>> = input.iter().map(|l| l.as_bytes().to_vec()).collect();
    let l = layout(format);
    let mut checks = Vec::new();
    let mut warnings = Vec::new();

    // Document number, including the TD1/TD2 long-number rule.
    let number9 = text(&lines, l.number);
    let long = find_long_number(format, &lines);
    let mut long_number_check = None;
    let (document_number, optional_raw) = if let Some(ln) = long {
        let overflow = text(&lines, ln.overflow);
        let with_filler = [number9, b"<", overflow].concat();
        let without = [number9, overflow].concat();
        let with_res = check_result(CheckedField::DocumentNumber, &with_filler, ln.cd, &lines);
        let without_res = check_result(CheckedField::DocumentNumber, &without, ln.cd, &lines);
        let result = if with_res.ok {
            long_number_check = Some(LongNumberCheck::IncludingFiller);
            with_res
        } else {
            if without_res.ok {
                long_number_check = Some(LongNumberCheck::ExcludingFiller);
            }
            without_res
        };
        checks.push(result);
        let rest = text(&lines, span(ln.cd.0, ln.cd.1 + 1, l.optional.end));
        (clean(&without), rest)
    } else {
        checks.push(check_result(
            CheckedField::DocumentNumber,
            number9,
            l.number_cd,
            &lines,
        ));
        (clean(number9), text(&lines, l.optional))
    };

    let birth_raw = text(&lines, l.birth);
    checks.push(check_result(
        CheckedField::BirthDate,
        birth_raw,
        l.birth_cd,
        &lines,
    ));
    let expiry_raw = text(&lines, l.expiry);
    checks.push(check_result(
        CheckedField::ExpiryDate,
        expiry_raw,
        l.expiry_cd,
        &lines,
    ));

    if let Some(cd_at) = l.optional_cd {
        let data = text(&lines, l.optional);
        let mut result = check_result(CheckedField::PersonalNumber, data, cd_at, &lines);
        // Empty personal number: the check digit may be `<` as well as `0`.
        if data.iter().all(|&c| c == b'<') && result.found == '<' {
            result.ok = true;
        }
        checks.push(result);
    }

    if let Some((cd_at, spans)) = l.composite {
        let data: Vec<u8> = spans
            .iter()
            .flat_map(|s| text(&lines, *s).iter().copied())
            .collect();
        checks.push(check_result(CheckedField::Composite, &data, cd_at, &lines));
    }
    // Check-digit order in the printed layout (TD1 composite last either way).
    checks.sort_by_key(|c| (c.line, c.column));

    let document_code = clean(text(&lines, l.code));
    let expected_code = match format {
        MrzFormat::Td3 => document_code.starts_with('P'),
        MrzFormat::Td1 | MrzFormat::Td2 => {
            matches!(document_code.as_bytes().first(), Some(b'A' | b'C' | b'I'))
                && document_code.as_bytes().get(1) != Some(&b'V')
        }
        MrzFormat::MrvA | MrzFormat::MrvB => document_code.starts_with('V'),
    };
    if !expected_code {
        warnings.push(MrzWarning::UnexpectedDocumentCode {
            code: string(text(&lines, l.code)),
        });
    }

    let issuing_state = clean(text(&lines, l.state));
    let nationality = clean(text(&lines, l.nationality));
    for (field, raw) in [
        (StateField::IssuingState, text(&lines, l.state)),
        (StateField::Nationality, text(&lines, l.nationality)),
    ] {
        state_warning(field, raw, &mut warnings);
    }

    let name_raw = text(&lines, l.name);
    let (primary_identifier, secondary_identifier) = split_name(name_raw);
    let name_possibly_truncated = name_raw.last().is_some_and(|c| c.is_ascii_alphabetic());
    if name_possibly_truncated {
        warnings.push(MrzWarning::NameProbablyTruncated);
    }
    if name_raw.iter().any(u8::is_ascii_digit) {
        warnings.push(MrzWarning::DigitsInName);
    }
    if primary_identifier.is_empty() && !secondary_identifier.is_empty() {
        warnings.push(MrzWarning::NoPrimaryIdentifier);
    } else if secondary_identifier.is_empty() && !primary_identifier.is_empty() {
        warnings.push(MrzWarning::OnlyPrimaryIdentifier);
    }
    for ident in [&primary_identifier, &secondary_identifier] {
        if let Some(first) = ident.split(' ').next()
            && TITLES.contains(&first)
            && ident.contains(' ')
        {
            warnings.push(MrzWarning::TitleInName {
                title: first.to_owned(),
            });
        }
    }

    let sex_printed = char::from(at(&lines, l.sex));
    let sex = match sex_printed {
        'M' => Sex::Male,
        'F' => Sex::Female,
        'X' => {
            warnings.push(MrzWarning::SexX);
            Sex::X
        }
        '<' => {
            warnings.push(MrzWarning::SexUnspecified);
            Sex::Unspecified
        }
        other => {
            warnings.push(MrzWarning::InvalidSex { printed: other });
            Sex::Unspecified
        }
    };

    let birth_date = MrzDate::from_mrz(&string(birth_raw));
    if birth_date.is_partial() {
        warnings.push(MrzWarning::PartialBirthDate {
            year_unknown: birth_date.year.is_none(),
            month_unknown: birth_date.month.is_none(),
            day_unknown: birth_date.day.is_none(),
        });
    }
    if !birth_date.is_plausible() {
        warnings.push(MrzWarning::InvalidDate {
            field: DateField::BirthDate,
            raw: birth_date.raw.clone(),
        });
    }
    let expiry_date = MrzDate::from_mrz(&string(expiry_raw));
    if !expiry_date.is_complete() || !expiry_date.is_plausible() {
        warnings.push(MrzWarning::InvalidDate {
            field: DateField::ExpiryDate,
            raw: expiry_date.raw.clone(),
        });
    }

    let valid = checks.iter().all(|c| c.ok);
    Ok(Mrz {
        format,
        lines: input.iter().map(|s| (*s).to_owned()).collect(),
        document_code,
        issuing_state,
        primary_identifier,
        secondary_identifier,
        name_possibly_truncated,
        document_number,
        long_document_number: long.is_some(),
        long_number_check,
        nationality,
        birth_date,
        sex,
        sex_printed,
        expiry_date,
        optional_data: clean(optional_raw),
        optional_data_2: l.optional2.map(|s| clean(text(&lines, s))),
        checks,
        valid,
        warnings,
        suggestions: Vec::new(),
    })
}

fn state_warning(field: StateField, raw: &[u8], warnings: &mut Vec<MrzWarning>) {
    let code = string(raw);
    match states::lookup(&code) {
        None => warnings.push(MrzWarning::UnknownStateCode {
            field,
            code: code.trim_end_matches('<').to_owned(),
        }),
        Some(s) => match s.kind {
            StateCodeKind::Iso3166 => {}
            StateCodeKind::Specimen => warnings.push(MrzWarning::SpecimenStateCode { field }),
            StateCodeKind::IcaoSpecial | StateCodeKind::Deprecated => {
                warnings.push(MrzWarning::SpecialStateCode {
                    field,
                    code: s.code.to_owned(),
                    meaning: s.name.to_owned(),
                });
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TD3: [&str; 2] = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ];

    #[test]
    fn errors_name_line_and_column() {
        let err = parse_mrz(&[TD3[0], "L898902C36UTO7408122F1204159ZE184226B<<<<<1"]);
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err("line 2 has 43 characters, expected 44 (TD3)".to_owned())
        );
        let lower = TD3[0].replace("ERIKSSON", "Eriksson");
        let err = parse_mrz(&[&lower, TD3[1]]);
        assert_eq!(
            err,
            Err(MrzError::InvalidCharacter {
                line: 1,
                column: 7,
                found: 'r'
            })
        );
        assert_eq!(parse_mrz(&[]), Err(MrzError::LineCount { found: 0 }));
    }

    #[test]
    fn specimen_parses_with_every_check() {
        let m = parse_mrz(&TD3).expect("specimen");
        assert!(m.valid);
        let fields: Vec<&str> = m.checks.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "document_number",
                "birth_date",
                "expiry_date",
                "personal_number",
                "composite"
            ]
        );
        assert_eq!(
            m.check(CheckedField::Composite).map(|c| (c.line, c.column)),
            Some((2, 44))
        );
        assert_eq!(
            m.warnings,
            vec![
                MrzWarning::SpecimenStateCode {
                    field: StateField::IssuingState
                },
                MrzWarning::SpecimenStateCode {
                    field: StateField::Nationality
                },
            ]
        );
    }

    #[test]
    fn text_input_is_trimmed_line_by_line() {
        let text = format!("\r\n  {}\r\n{}  \n\n", TD3[0], TD3[1]);
        assert_eq!(parse_mrz_text(&text).map(|m| m.valid), Ok(true));
    }

    #[test]
    fn expiry_is_relative_to_a_given_date() {
        let m = parse_mrz(&TD3).expect("specimen");
        assert_eq!(
            check_expiry(&m, date!(2012 - 04 - 15)),
            ExpiryStatus::NotExpired {
                expiry: date!(2012 - 04 - 15),
                days_left: 0
            }
        );
        assert_eq!(
            check_expiry(&m, date!(2012 - 04 - 16)),
            ExpiryStatus::Expired {
                expiry: date!(2012 - 04 - 15),
                days_ago: 1
            }
        );
        assert_eq!(expiry_warnings(&m, date!(2011 - 01 - 01)), vec![]);
        assert_eq!(expiry_warnings(&m, date!(2025 - 01 - 01)).len(), 1);
        assert_eq!(
            m.birth_date_on(date!(2025 - 01 - 01)),
            Some(date!(1974 - 08 - 12))
        );
    }

    #[test]
    fn long_number_needs_a_full_first_part() {
        let full = [b"I<UTOD23145890<7349<<<<<<<<<<<".to_vec()];
        assert!(find_long_number(MrzFormat::Td1, &full).is_some());
        let short = [b"I<UTOD2314589<<7349<<<<<<<<<<<".to_vec()];
        assert!(find_long_number(MrzFormat::Td1, &short).is_none());
        assert!(find_long_number(MrzFormat::Td3, &full).is_none());
    }

    #[test]
    fn output_serializes_for_the_cli() {
        let m = parse_mrz(&TD3).expect("specimen");
        let json = serde_json::to_value(&m).expect("serializable");
        assert_eq!(json["format"], "TD3");
        assert_eq!(json["sex"], "female");
        assert_eq!(json["checks"][0]["field"], "document_number");
        assert_eq!(json["warnings"][0]["kind"], "specimen_state_code");
    }
}
