//! Test support shared by Berkut's crates: PostgreSQL test databases (one
//! fresh database per test), the store conformance suite that runs the same
//! behaviour against every backend, a locator for `../shared` data that
//! skips with a printed reason, and the `crash-writer` binary used by the
//! SIGKILL crash-safety test.
//!
//! This crate (with the store) is the only one besides `berkut-store` that
//! issues SQL: its tamper helpers edit stored events the way an attacker
//! with database access would.

#![allow(clippy::unwrap_used)]

pub mod labour_suite;
pub mod people;
pub mod pg;
pub mod proxy;
pub mod shared_data;
pub mod suite;
pub mod tamper;

/// A current-thread tokio runtime for tests.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}
