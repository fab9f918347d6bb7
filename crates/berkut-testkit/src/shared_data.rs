//! Locate `../shared/data` (or `$BERKUT_SHARED_DIR/data`) for tests that use
//! the real list files and vectors; skip with a printed reason when absent.

use std::path::PathBuf;

/// The shared data directory, or `None` after printing `skipped: …`.
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let base = std::env::var_os("BERKUT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let data = base.join("data");
    if data.is_dir() {
        Some(data)
    } else {
        eprintln!(
            "skipped: {test}: shared data not found at {}",
            data.display()
        );
        None
    }
}
