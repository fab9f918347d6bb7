//! Streaming parsers for watchlist files: the UN Security Council
//! consolidated list (XML), OFAC SDN and consolidated lists (legacy CSV),
//! OpenSanctions FollowTheMoney entities (JSON lines), the Kazakhstan AFM
//! list (XML), the national entry-ban register (JSONL and CSV) and
//! invalidated-documents registers (lost, stolen, revoked; JSONL and CSV).
//!
//! Every parser takes `impl BufRead` and is an
//! `Iterator<Item = Result<ListedEntry, ParseError>>`.
//!
//! Architecture invariants:
//! - Pure: no file or network access, no async. Callers open files.
//! - Bounded memory: records are streamed; only OFAC's small side files
//!   (aliases, addresses, comments) are held in memory to join by `ent_num`.
//! - A malformed record yields an `Err` carrying its position (line or byte
//!   offset) and, when readable, its id; the parser never panics, on any
//!   input. Broken XML ends the stream with an `Err`.
//! - Nothing is silently dropped: unmapped country names go to
//!   [`ListedEntry::unmapped_countries`], uninterpretable values to
//!   [`ListedEntry::warnings`] or [`ListedEntry::remarks`].

mod afm;
pub use afm::AfmReader;
mod country;
mod country_table;
mod entry;
mod error;
mod ftm;
pub use ftm::FtmReader;
pub mod fuzz;
mod invalidated;
pub use invalidated::{InvalidatedCsvReader, InvalidatedJsonlReader};
mod national;
pub use national::{NationalCsvReader, NationalJsonlReader};
mod ofac;
pub use ofac::{OfacReader, ofac_consolidated, ofac_sdn, parse_ofac_dob};
mod un;
mod xml;

pub use country::{CountryLookup, country_from_alpha2, country_from_name};
pub use entry::{
    BanDetails, BirthDate, EntryKind, Identifier, ListKind, ListedDocument, ListedEntry,
    ListedName, NameQuality,
};
pub use error::{ParseError, Position};

pub use un::UnReader;
