//! Kazakhstan 12-digit identifiers: IIN (individuals, ЖСН/ИИН) and BIN (legal entities,
//! БСН/БИН).
//!
//! Check digit (both): Σ dᵢ·wᵢ mod 11 over the first 11 digits with weights 1..11; if that
//! is 10, again with weights 3..11,1,2; if that is 10 too, the number is never issued (this
//! is not the Russian OKPO variant, which would use 0).

use serde::Serialize;
use time::{Date, Month};

const W1: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// Which weight sequence produced the check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckPass {
    /// Weights 1..11.
    First,
    /// Weights 3..11, 1, 2 (the first pass gave 10).
    Second,
}

impl CheckPass {
    /// 1 or 2.
    pub fn number(self) -> u8 {
        match self {
            Self::First => 1,
            Self::Second => 2,
        }
    }
}

/// Check digit over the first 11 digits (values 0..=9), `None` if both passes give 10.
pub fn kz_check_digit(digits: &[u8; 11]) -> Option<(u8, CheckPass)> {
    let pass = |w: &[u32; 11]| -> u32 {
        digits
            .iter()
            .zip(w)
            .map(|(&d, &w)| u32::from(d) * w)
            .sum::<u32>()
            % 11
    };
    let a = pass(&W1);
    if a != 10 {
        return u8::try_from(a).ok().map(|a| (a, CheckPass::First));
    }
    let b = pass(&W2);
    if b != 10 {
        return u8::try_from(b).ok().map(|b| (b, CheckPass::Second));
    }
    None
}

/// Problems shared by IIN and BIN: shape and check digit.
fn digits12(s: &str) -> Result<[u8; 12], ShapeError> {
    let found = s.chars().count();
    if found != 12 {
        return Err(ShapeError::Length { found });
    }
    let mut out = [0u8; 12];
    for (i, c) in s.chars().enumerate() {
        let d = c.to_digit(10).filter(|_| c.is_ascii_digit());
        match (d, out.get_mut(i)) {
            (Some(d), Some(slot)) => *slot = u8::try_from(d).unwrap_or(0),
            _ => {
                return Err(ShapeError::NonDigit {
                    position: i + 1,
                    found: c,
                });
            }
        }
    }
    Ok(out)
}

enum ShapeError {
    Length { found: usize },
    NonDigit { position: usize, found: char },
}

fn split(d: &[u8; 12]) -> ([u8; 11], u8) {
    let mut first = [0u8; 11];
    first.copy_from_slice(&d[..11]);
    (first, d[11])
}

fn two(d: &[u8; 12], i: usize) -> u8 {
    d[i] * 10 + d[i + 1]
}

fn digits_str(d: &[u8]) -> String {
    d.iter().map(|&x| char::from(b'0' + x)).collect()
}

/// Sex encoded in an IIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IinSex {
    Male,
    Female,
}

/// A valid individual identification number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Iin {
    pub value: String,
    /// Digits 1–6 with the century from digit 7.
    pub birth_date: Date,
    pub sex: IinSex,
    /// Digit 7: 1/2 = male/female born 1800s, 3/4 = 1900s, 5/6 = 2000s.
    pub century_sex_digit: u8,
    /// Digits 8–11.
    pub serial: String,
    pub check_digit: u8,
    pub check_pass: CheckPass,
}

/// Why a string is not a valid IIN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum IinError {
    #[error("an IIN has 12 digits, found {found} characters")]
    Length { found: usize },
    #[error("non-digit {found:?} at position {position}")]
    NonDigit { position: usize, found: char },
    #[error("7th digit {digit} is not a century/sex code (1-6)")]
    CenturySexDigit { digit: u8 },
    #[error("month {month:02} does not exist")]
    Month { month: u8 },
    #[error("day {day:02} does not exist in {year}-{month:02}")]
    Day { year: i32, month: u8, day: u8 },
    #[error("bad check digit: expected {expected}, found {found}")]
    CheckDigit { expected: u8, found: u8 },
    #[error("both check-digit passes give 10: such a number is never issued")]
    NeverIssued,
}

impl From<ShapeError> for IinError {
    fn from(e: ShapeError) -> Self {
        match e {
            ShapeError::Length { found } => Self::Length { found },
            ShapeError::NonDigit { position, found } => Self::NonDigit { position, found },
        }
    }
}

/// Parses and fully validates an IIN: shape, century/sex digit, real calendar date (leap
/// years per century: 1900-02-29 is rejected, 2000-02-29 accepted), check digit.
pub fn parse_iin(s: &str) -> Result<Iin, IinError> {
    let d = digits12(s)?;
    let century_sex_digit = d[6];
    let (century, sex) = match century_sex_digit {
        1 => (1800, IinSex::Male),
        2 => (1800, IinSex::Female),
        3 => (1900, IinSex::Male),
        4 => (1900, IinSex::Female),
        5 => (2000, IinSex::Male),
        6 => (2000, IinSex::Female),
        digit => return Err(IinError::CenturySexDigit { digit }),
    };
    let year = century + i32::from(two(&d, 0));
    let month = two(&d, 2);
    let day = two(&d, 4);
    let m = Month::try_from(month).map_err(|_| IinError::Month { month })?;
    let birth_date =
        Date::from_calendar_date(year, m, day).map_err(|_| IinError::Day { year, month, day })?;
    let (first, found) = split(&d);
    let (check_digit, check_pass) = kz_check_digit(&first).ok_or(IinError::NeverIssued)?;
    if check_digit != found {
        return Err(IinError::CheckDigit {
            expected: check_digit,
            found,
        });
    }
    Ok(Iin {
        value: digits_str(&d),
        birth_date,
        sex,
        century_sex_digit,
        serial: digits_str(&d[7..11]),
        check_digit,
        check_pass,
    })
}

/// Builds an IIN for a birth date (1800–2099), sex and serial (0..=9999); `None` when out of
/// range or when the check digit would be 10 on both passes (never issued).
pub fn generate_iin(birth_date: Date, sex: IinSex, serial: u16) -> Option<String> {
    let century_digit: u8 = match (birth_date.year().div_euclid(100), sex) {
        (18, IinSex::Male) => 1,
        (18, IinSex::Female) => 2,
        (19, IinSex::Male) => 3,
        (19, IinSex::Female) => 4,
        (20, IinSex::Male) => 5,
        (20, IinSex::Female) => 6,
        _ => return None,
    };
    if serial > 9999 {
        return None;
    }
    let body = format!(
        "{:02}{:02}{:02}{century_digit}{serial:04}",
        birth_date.year().rem_euclid(100),
        u8::from(birth_date.month()),
        birth_date.day()
    );
    finish(&body)
}

fn finish(body11: &str) -> Option<String> {
    let mut digits = [0u8; 11];
    if body11.len() != 11 {
        return None;
    }
    for (slot, b) in digits.iter_mut().zip(body11.bytes()) {
        *slot = b.checked_sub(b'0').filter(|d| *d <= 9)?;
    }
    let (cd, _) = kz_check_digit(&digits)?;
    Some(format!("{body11}{cd}"))
}

/// BIN digit 5: kind of registered entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BinEntityType {
    /// 4
    ResidentLegalEntity,
    /// 5
    NonResidentLegalEntity,
    /// 6: joint individual entrepreneurship, IP(S).
    JointIndividualEntrepreneurship,
}

impl BinEntityType {
    pub fn digit(self) -> u8 {
        match self {
            Self::ResidentLegalEntity => 4,
            Self::NonResidentLegalEntity => 5,
            Self::JointIndividualEntrepreneurship => 6,
        }
    }
}

/// BIN digit 6: which unit of the entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BinAttribute {
    /// 0
    HeadUnit,
    /// 1
    Branch,
    /// 2
    RepresentativeOffice,
    /// 3: peasant (farm) enterprise on joint entrepreneurship.
    PeasantFarm,
}

impl BinAttribute {
    pub fn digit(self) -> u8 {
        match self {
            Self::HeadUnit => 0,
            Self::Branch => 1,
            Self::RepresentativeOffice => 2,
            Self::PeasantFarm => 3,
        }
    }
}

/// A valid business identification number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bin {
    pub value: String,
    /// Two-digit year of (re-)registration (digits 1–2).
    pub registration_year: u8,
    /// Month of (re-)registration (digits 3–4).
    pub registration_month: u8,
    pub entity_type: BinEntityType,
    pub attribute: BinAttribute,
    /// Digits 7–11.
    pub serial: String,
    pub check_digit: u8,
    pub check_pass: CheckPass,
}

/// Why a string is not a valid BIN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum BinError {
    #[error("a BIN has 12 digits, found {found} characters")]
    Length { found: usize },
    #[error("non-digit {found:?} at position {position}")]
    NonDigit { position: usize, found: char },
    #[error("registration month {month:02} does not exist")]
    Month { month: u8 },
    #[error("5th digit {digit} is not an entity type (4 resident, 5 non-resident, 6 IP(S))")]
    EntityType { digit: u8 },
    #[error(
        "6th digit {digit} is not an attribute (0 head unit, 1 branch, 2 representative office, 3 peasant farm)"
    )]
    Attribute { digit: u8 },
    #[error("bad check digit: expected {expected}, found {found}")]
    CheckDigit { expected: u8, found: u8 },
    #[error("both check-digit passes give 10: such a number is never issued")]
    NeverIssued,
}

impl From<ShapeError> for BinError {
    fn from(e: ShapeError) -> Self {
        match e {
            ShapeError::Length { found } => Self::Length { found },
            ShapeError::NonDigit { position, found } => Self::NonDigit { position, found },
        }
    }
}

/// Parses and fully validates a BIN: shape, month, entity type, attribute, check digit.
pub fn parse_bin(s: &str) -> Result<Bin, BinError> {
    let d = digits12(s)?;
    let month = two(&d, 2);
    if !(1..=12).contains(&month) {
        return Err(BinError::Month { month });
    }
    let entity_type = match d[4] {
        4 => BinEntityType::ResidentLegalEntity,
        5 => BinEntityType::NonResidentLegalEntity,
        6 => BinEntityType::JointIndividualEntrepreneurship,
        digit => return Err(BinError::EntityType { digit }),
    };
    let attribute = match d[5] {
        0 => BinAttribute::HeadUnit,
        1 => BinAttribute::Branch,
        2 => BinAttribute::RepresentativeOffice,
        3 => BinAttribute::PeasantFarm,
        digit => return Err(BinError::Attribute { digit }),
    };
    let (first, found) = split(&d);
    let (check_digit, check_pass) = kz_check_digit(&first).ok_or(BinError::NeverIssued)?;
    if check_digit != found {
        return Err(BinError::CheckDigit {
            expected: check_digit,
            found,
        });
    }
    Ok(Bin {
        value: digits_str(&d),
        registration_year: two(&d, 0),
        registration_month: month,
        entity_type,
        attribute,
        serial: digits_str(&d[6..11]),
        check_digit,
        check_pass,
    })
}

/// Builds a BIN; `None` when a component is out of range or the number is never issued.
pub fn generate_bin(
    year: u8,
    month: u8,
    entity_type: BinEntityType,
    attribute: BinAttribute,
    serial: u32,
) -> Option<String> {
    if year > 99 || !(1..=12).contains(&month) || serial > 99_999 {
        return None;
    }
    finish(&format!(
        "{year:02}{month:02}{}{}{serial:05}",
        entity_type.digit(),
        attribute.digit()
    ))
}

/// An IIN or a BIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind")]
pub enum KzId {
    #[serde(rename = "IIN")]
    Iin(Iin),
    #[serde(rename = "BIN")]
    Bin(Bin),
}

/// Why a string is neither a valid IIN nor a valid BIN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum KzIdError {
    #[error("a Kazakhstan IIN/BIN has 12 digits, found {found} characters")]
    Length { found: usize },
    #[error("non-digit {found:?} at position {position}")]
    NonDigit { position: usize, found: char },
    #[error("5th digit {digit} fits neither an IIN (day tens 0-3) nor a BIN (entity type 4-6)")]
    UnknownKind { digit: u8 },
    #[error("looks like an IIN: {0}")]
    Iin(#[from] IinError),
    #[error("looks like a BIN: {0}")]
    Bin(#[from] BinError),
}

/// Decides from digit 5 whether `s` is an IIN (tens of the birth day, 0–3) or a BIN
/// (entity type, 4–6) and validates it as that.
pub fn classify_kz_id(s: &str) -> Result<KzId, KzIdError> {
    let d = digits12(s).map_err(|e| match e {
        ShapeError::Length { found } => KzIdError::Length { found },
        ShapeError::NonDigit { position, found } => KzIdError::NonDigit { position, found },
    })?;
    match d[4] {
        0..=3 => Ok(KzId::Iin(parse_iin(s)?)),
        4..=6 => Ok(KzId::Bin(parse_bin(s)?)),
        digit => Err(KzIdError::UnknownKind { digit }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn body(s: &str) -> [u8; 11] {
        let mut out = [0u8; 11];
        for (o, b) in out.iter_mut().zip(s.bytes()) {
            *o = b - b'0';
        }
        out
    }

    #[test]
    fn first_and_second_pass() {
        // 8·1+5·2+0·3+3·4+1·5+5·6+3·7+0+0+0+1·11 = 97 → 97 mod 11 = 9.
        assert_eq!(
            kz_check_digit(&body("85031530001")),
            Some((9, CheckPass::First))
        );
        assert_eq!(
            kz_check_digit(&body("85031530180")),
            Some((1, CheckPass::Second))
        );
        assert_eq!(kz_check_digit(&body("00081315989")), None);
    }

    #[test]
    fn digit_eleven_is_ignored_by_the_first_pass() {
        // Weight 11 ≡ 0 (mod 11): changing digit 11 never changes a first-pass result.
        let a = kz_check_digit(&body("85031530001"));
        let b = kz_check_digit(&body("85031530007"));
        assert_eq!(a, b);
    }

    #[test]
    fn iin_decodes_and_validates_dates_per_century() {
        let iin = parse_iin("000229500127").expect("2000-02-29 exists");
        assert_eq!(iin.birth_date, date!(2000 - 02 - 29));
        assert_eq!(iin.sex, IinSex::Male);
        assert_eq!(
            parse_iin("000229300124"),
            Err(IinError::Day {
                year: 1900,
                month: 2,
                day: 29
            })
        );
        assert_eq!(
            parse_iin("851315300019"),
            Err(IinError::Month { month: 13 })
        );
        assert_eq!(
            parse_iin("850315700019"),
            Err(IinError::CenturySexDigit { digit: 7 })
        );
        assert_eq!(
            parse_iin("850315300010"),
            Err(IinError::CheckDigit {
                expected: 9,
                found: 0
            })
        );
        assert_eq!(parse_iin("000813159890"), Err(IinError::NeverIssued));
        assert_eq!(parse_iin("8503153000"), Err(IinError::Length { found: 10 }));
        assert_eq!(
            parse_iin("85031530001٩"),
            Err(IinError::NonDigit {
                position: 12,
                found: '٩'
            })
        );
    }

    #[test]
    fn error_messages_name_the_problem() {
        assert_eq!(
            parse_iin("850315300010").map_err(|e| e.to_string()),
            Err("bad check digit: expected 9, found 0".to_owned())
        );
        assert_eq!(
            parse_iin("85031530001A").map_err(|e| e.to_string()),
            Err("non-digit 'A' at position 12".to_owned())
        );
    }

    #[test]
    fn bin_components() {
        let bin = parse_bin("940140000385").expect("Halyk Bank BIN");
        assert_eq!((bin.registration_year, bin.registration_month), (94, 1));
        assert_eq!(bin.entity_type, BinEntityType::ResidentLegalEntity);
        assert_eq!(bin.attribute, BinAttribute::HeadUnit);
        assert_eq!(
            parse_bin("940190000385"),
            Err(BinError::EntityType { digit: 9 })
        );
        assert_eq!(
            parse_bin("940149000385"),
            Err(BinError::Attribute { digit: 9 })
        );
        assert_eq!(parse_bin("940040000385"), Err(BinError::Month { month: 0 }));
    }

    #[test]
    fn classification_uses_digit_five() {
        assert!(matches!(classify_kz_id("850315300019"), Ok(KzId::Iin(_))));
        assert!(matches!(classify_kz_id("940140000385"), Ok(KzId::Bin(_))));
        assert_eq!(
            classify_kz_id("940170000385"),
            Err(KzIdError::UnknownKind { digit: 7 })
        );
        assert!(matches!(
            classify_kz_id("850315300010"),
            Err(KzIdError::Iin(_))
        ));
        assert!(matches!(
            classify_kz_id("940140000380"),
            Err(KzIdError::Bin(_))
        ));
    }

    #[test]
    fn generators_produce_parseable_numbers() {
        let iin = generate_iin(date!(1985 - 03 - 15), IinSex::Male, 1).expect("issuable");
        assert_eq!(iin, "850315300019");
        assert_eq!(generate_iin(date!(1799 - 12 - 31), IinSex::Male, 1), None);
        let bin = generate_bin(
            94,
            1,
            BinEntityType::ResidentLegalEntity,
            BinAttribute::HeadUnit,
            38,
        );
        assert_eq!(bin.as_deref(), Some("940140000385"));
    }
}
