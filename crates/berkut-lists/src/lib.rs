//! Streaming parsers for watchlist files. They take `impl BufRead` and never open files.
//!
//! Pure: no I/O of their own, no async.
