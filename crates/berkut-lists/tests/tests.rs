//! The one integration-test binary of berkut-lists.

/// Kazakhstan AFM XML (authored fixtures only: no public sample exists).
mod afm;
/// OpenSanctions FollowTheMoney JSON lines.
mod ftm;
/// Invalidated-documents registers, JSONL and CSV.
mod invalidated;
/// National register JSONL and CSV.
mod national;
/// OFAC legacy CSV: fixtures and the real SDN / consolidated files.
mod ofac;
/// Fuzz seed replay and proptest "never panics" over every parser.
mod robustness;
/// Locating `shared/` (real list files) and the fixtures in `tests/data/`.
mod support;
/// UN consolidated XML: fixtures and the real 2018 and 2026 files.
mod un;
