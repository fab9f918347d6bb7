//! Scoring of names and identity evidence, with explanations an officer can read.
//!
//! Pure: no I/O, no async.
