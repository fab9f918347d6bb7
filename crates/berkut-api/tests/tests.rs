//! berkut-api through its router (`tower::ServiceExt::oneshot`, no socket)
//! on a fresh SQLite store, and the key flows on PostgreSQL when
//! `BERKUT_TEST_PG_URL` is set (skipped with a printed line otherwise;
//! `BERKUT_REQUIRE_PG=1` makes a missing server a failure).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod alerts;
mod bad_input;
mod console;
mod emergencies;
mod engine;
mod flows;
mod labour;
mod matrix;
mod openapi;
mod ops;
mod people;
mod support;
