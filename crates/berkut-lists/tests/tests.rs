//! The one integration-test binary of berkut-lists.

/// Locating `shared/` (real list files) and the fixtures in `tests/data/`.
mod support;
/// UN consolidated XML: fixtures and the real 2018 and 2026 files.
mod un;
/// OFAC legacy CSV: fixtures and the real SDN / consolidated files.
mod ofac;
/// OpenSanctions FollowTheMoney JSON lines.
mod ftm;
/// Kazakhstan AFM XML (authored fixtures only: no public sample exists).
mod afm;
/// National register JSONL and CSV.
mod national;
/// Fuzz seed replay and proptest "never panics" over every parser.
mod robustness;
