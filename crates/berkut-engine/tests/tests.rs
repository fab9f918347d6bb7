//! berkut-engine integration tests.

mod eval;
mod hard_pairs;
mod lifecycle;
mod props;
mod support;
