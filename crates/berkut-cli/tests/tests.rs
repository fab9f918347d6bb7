//! End-to-end tests of the `berkut` binary on the embedded store.

#![allow(clippy::unwrap_used)]

mod cli;
mod import;
mod labour;
mod people;
mod screen;
mod serve;
