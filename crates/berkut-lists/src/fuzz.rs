//! Fuzz-target bodies, one per parser of outside input. Each runs a parser
//! over arbitrary bytes to the end; the only property checked is "no panic,
//! no hang". The cargo-fuzz workspace calls these; a normal test replays
//! the seeds in `tests/data/fuzz-seeds/`.

use crate::{
    AfmReader, FtmReader, InvalidatedCsvReader, InvalidatedJsonlReader, ListKind,
    NationalCsvReader, NationalJsonlReader, OfacReader, UnReader,
};

/// UN consolidated XML.
pub fn un_xml(data: &[u8]) {
    if let Ok(r) = UnReader::new(data) {
        r.for_each(drop);
    }
}

/// OFAC CSV: the same bytes as primary file and as alias / address /
/// comment side files.
pub fn ofac_csv(data: &[u8]) {
    OfacReader::new(data, ListKind::OfacSdn)
        .with_aliases(data)
        .with_addresses(data)
        .with_comments(data)
        .for_each(drop);
}

/// FollowTheMoney JSON lines.
pub fn ftm_json(data: &[u8]) {
    FtmReader::new(data).for_each(drop);
}

/// Kazakhstan AFM XML.
pub fn afm_xml(data: &[u8]) {
    AfmReader::new(data).for_each(drop);
}

/// National register JSONL.
pub fn national_jsonl(data: &[u8]) {
    NationalJsonlReader::new(data).for_each(drop);
}

/// National register CSV.
pub fn national_csv(data: &[u8]) {
    NationalCsvReader::new(data).for_each(drop);
}

/// Invalidated-documents register JSONL.
pub fn invalidated_jsonl(data: &[u8]) {
    InvalidatedJsonlReader::new(data).for_each(drop);
}

/// Invalidated-documents register CSV.
pub fn invalidated_csv(data: &[u8]) {
    InvalidatedCsvReader::new(data).for_each(drop);
}
