//! Integration tests for berkut-text: table-driven transliteration cases from
//! `tests/data/`, property tests, and the shared putin-names benchmark.

mod cases;
mod props;
mod shared_bench;
