//! Integration tests for berkut-match: table-driven match cases, property
//! tests, and the shared cross-script benchmark.

mod cases;
mod props;
mod shared_bench;
