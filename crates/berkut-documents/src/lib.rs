//! Identity documents: ICAO 9303 machine readable zones and Kazakhstan IIN/BIN.
//!
//! Pure: no I/O, no async, no clock — functions that depend on "today" take the date as an
//! argument.
//!
//! Architecture invariants:
//! - `valid` means layout, character set and check digits only. Semantic findings (unknown
//!   state codes, `X` as sex, truncated names, partial or impossible dates, expiry) are
//!   [`MrzWarning`]s, so two readers never disagree on `valid` because of policy.
//! - Raw printed values are kept next to decoded ones (dates, sex, names) because matching
//!   works on what was printed, and MRZ data is lossy.
//! - OCR repairs are only ever *suggested* ([`Correction`]), never applied.

pub mod check_digit;
pub mod date;
pub mod fuzz;
pub mod generate;
pub mod kz;
pub mod mrz;
pub mod ocr;
pub mod states;

pub use check_digit::{check_digit, check_digit_char};
pub use date::{CenturyRule, MrzDate};
pub use generate::{GenerateError, MrzFields, generate, mrz_date, name_field, transliterate_name};
pub use kz::{
    Bin, BinAttribute, BinEntityType, BinError, CheckPass, Iin, IinError, IinSex, KzId, KzIdError,
    classify_kz_id, generate_bin, generate_iin, kz_check_digit, parse_bin, parse_iin,
};
pub use mrz::{
    CheckDigitResult, CheckedField, DateField, ExpiryStatus, LongNumberCheck, Mrz, MrzError,
    MrzFormat, MrzWarning, Sex, StateField, check_expiry, detect_format, expiry_warnings,
    parse_mrz, parse_mrz_text,
};
pub use ocr::{Correction, Substitution};
pub use states::{StateCode, StateCodeKind};
