//! Name normalisation, script detection, transliteration and phonetic skeletons.
//!
//! Pure: no I/O, no async, no global state.
//!
//! The pipeline for a raw name ([`analyze_name`]): NFKC → split on
//! punctuation (apostrophes glue, hyphens and dots split, a comma or MRZ `<<`
//! marks `SURNAME, Given`) → mixed-script homoglyph folding → lowercase and
//! stress marks removed (NFC, so `й` survives: never NFKD before
//! transliterating Cyrillic) → per token: Cyrillic rendered by every standard
//! ([`renderings`]), Arabic script romanised to consonants, other scripts by
//! `any_ascii` → Latin folding ([`fold_latin`]) → skeleton keys
//! ([`skeleton`]) or an Arabic-family key → roles (given, family,
//! patronymic, particle) → honorifics dropped, `Abd al-X` merged.
//!
//! Architecture invariants:
//! - different romanisations of one Cyrillic name give the same skeleton for
//!   ICAO 9303, the 1997 and 2010 passport rules, BGN/PCGN, Kazakh passport
//!   practice and Kazakh 2021 Latin; German and French renderings are in the
//!   rendering set, so a Cyrillic token's key set contains their skeletons;
//! - [`normalize_text`] and [`latinize`] are idempotent;
//! - no function panics on any input string.

mod arabic;
mod cyrillic;
mod homoglyph;
mod name;
mod script;
mod skeleton;

pub use arabic::{family_canonical, family_key, romanize_arabic, strip_arabic_article};
pub use cyrillic::{CyrillicLang, Scheme, renderings, renderings_in, romanize};
pub use homoglyph::fold_homoglyphs;
pub use name::{AnalyzedName, NameToken, Role, analyze_name, latinize, normalize_text};
pub use script::{Script, dominant_script, script_of};
pub use skeleton::{
    fold_latin, fold_plain, glued_keys, skeleton, skeleton_consonantal, skeleton_variants,
    strip_glued_article,
};
