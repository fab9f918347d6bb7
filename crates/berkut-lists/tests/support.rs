use std::{
    fs::File,
    io::BufReader,
    path::{Path, PathBuf},
    time::Instant,
};

/// The shared data directory: `$BERKUT_SHARED_DIR`, else `../../../shared`
/// from this crate. `None` (and a `skipped:` line) when absent.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let base = std::env::var_os("BERKUT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let p = base.join(rel);
    if p.exists() {
        Some(p)
    } else {
        println!("skipped: {} not found (set BERKUT_SHARED_DIR)", p.display());
        None
    }
}

/// Open a file for buffered reading.
pub fn open(p: &Path) -> BufReader<File> {
    BufReader::new(File::open(p).expect("open test file"))
}

/// A fixture written for these tests.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Print an informal throughput line (never asserted on).
pub fn report(what: &str, p: &Path, start: Instant, records: usize) {
    let secs = start.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64;
    println!(
        "{what}: {records} records in {:.1} ms ({:.1} MB/s, {:.0} records/s)",
        secs * 1e3,
        bytes / 1e6 / secs.max(1e-9),
        records as f64 / secs.max(1e-9)
    );
}
