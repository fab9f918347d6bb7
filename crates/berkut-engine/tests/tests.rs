//! berkut-engine integration tests.

mod eval;
mod hard_pairs;
mod lifecycle;
mod props;
mod shared_lists;
mod support;
