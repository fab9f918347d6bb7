//! berkut-engine integration tests.

mod eval;
mod support;
