//! Name normalisation, script detection, transliteration and phonetic skeletons.
//!
//! Pure: no I/O, no async.
