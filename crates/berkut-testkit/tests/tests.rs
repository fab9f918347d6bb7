//! Store conformance suite on SQLite and PostgreSQL, the logical-schema
//! comparison and the SIGKILL crash-safety test.

#![allow(clippy::unwrap_used)]

mod conformance;
mod crash;
mod people;
mod tidy;
