//! A compact in-memory register of invalidated documents (lost, stolen,
//! revoked, blank; INTERPOL SLTD-like) with exact lookup by normalised
//! document number and issuing state, optionally narrowed by document kind.
//!
//! Sized for national scale: 100 million documents in about 1.3 GB, a lookup
//! in a few hundred nanoseconds (see `docs/bench/`).
//!
//! Layout:
//! - Numbers of up to 10 characters (nearly all) are packed with the issuing
//!   state into one `u64` (`state · 37^10 + base-37 number`, then a bijective
//!   mix so keys are uniform). Keys sit sorted in one `Vec<u64>`, their
//!   payloads (`kind:3 | status:3 | source:10 | days since 1970:16`) in a
//!   parallel `Vec<u32>`: 12 bytes a document.
//! - A bucket directory over the top bits of the key (one `u32` per four to
//!   eight documents) turns a lookup into about three memory accesses.
//! - Longer numbers (11–24 characters) sit in a sorted side table, searched
//!   by binary search.
//! - Sources (`interpol_sltd`, …) and states are interned in small tables.
//!
//! Architecture invariants:
//! - Pure: no I/O. [`Register::to_bytes`] / [`Register::from_bytes`] work on
//!   byte slices; callers read and write files.
//! - Exact: packing and mixing are injective, so a lookup never returns a
//!   record of another document, and every built record is found.
//! - Immutable once built: rebuild (or load) and swap to update.

mod bytes;
mod key;

use std::{borrow::Borrow, collections::HashMap};

use berkut_domain::{
    CountryCode, DocumentKind, DocumentNumber, InvalidatedDocument, InvalidationStatus,
    ValidationError,
};
use time::Date;

pub use bytes::DecodeError;
use key::{LONG_MAX, MAX_SOURCES, MAX_STATES, STATE_SLOTS};

/// Why a register could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// More distinct sources than the payload can name.
    #[error("more than {MAX_SOURCES} distinct sources")]
    TooManySources,
    /// More distinct issuing states than the key can hold.
    #[error("more than {MAX_STATES} distinct issuing states")]
    TooManyStates,
    /// `reported_at` outside what the payload can hold.
    #[error("reported_at {0} is outside 1970-01-01 ..= 2149-06-06")]
    DateOutOfRange(Date),
    /// More records than 32-bit offsets can address.
    #[error("more than 4294967295 records")]
    TooManyRecords,
}

/// One record found by a lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'a> {
    /// The document kind, when the register said.
    pub kind: Option<DocumentKind>,
    /// Lost, stolen, revoked, blank or invalidated.
    pub status: InvalidationStatus,
    /// The day it was reported.
    pub reported_at: Date,
    /// Who reported it.
    pub source: &'a str,
}

/// A side-table record for numbers longer than 10 characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct LongEntry {
    pub(crate) state: u16,
    /// The number, zero-padded.
    pub(crate) number: [u8; LONG_MAX],
    pub(crate) payload: u32,
}

fn long_number(n: &[u8]) -> Option<[u8; LONG_MAX]> {
    let mut out = [0u8; LONG_MAX];
    out.get_mut(..n.len())?.copy_from_slice(n);
    Some(out)
}

/// An immutable register, built by [`RegisterBuilder`] or [`Register::build`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    /// Issuing states in first-seen order; the index is part of the key.
    states: Vec<CountryCode>,
    /// State slot (see `key::state_slot`) → index in `states`, `u16::MAX` if absent.
    state_index: Vec<u16>,
    sources: Vec<String>,
    /// Sorted keys of short numbers.
    keys: Vec<u64>,
    /// Payloads, parallel to `keys`.
    payloads: Vec<u32>,
    /// `dir[b]..dir[b + 1]` are the keys whose top `bucket_bits` bits are `b`.
    dir: Vec<u32>,
    bucket_bits: u32,
    /// Sorted records of long numbers.
    long: Vec<LongEntry>,
}

/// Collects records, then sorts them into a [`Register`].
#[derive(Debug, Default)]
pub struct RegisterBuilder {
    states: Vec<CountryCode>,
    state_index: Vec<u16>,
    sources: Vec<String>,
    source_index: HashMap<String, u16>,
    short: Vec<(u64, u32)>,
    long: Vec<LongEntry>,
}

impl RegisterBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// An empty builder with room for `n` records.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            state_index: vec![u16::MAX; STATE_SLOTS],
            short: Vec::with_capacity(n),
            ..Self::default()
        }
    }

    fn state(&mut self, s: CountryCode) -> Result<u16, BuildError> {
        let slot = key::state_slot(s);
        match self.state_index.get(slot) {
            Some(&i) if i != u16::MAX => Ok(i),
            _ => {
                if self.states.len() >= MAX_STATES {
                    return Err(BuildError::TooManyStates);
                }
                let i = u16::try_from(self.states.len()).map_err(|_| BuildError::TooManyStates)?;
                self.states.push(s);
                if let Some(x) = self.state_index.get_mut(slot) {
                    *x = i;
                }
                Ok(i)
            }
        }
    }

    fn source(&mut self, s: &str) -> Result<u16, BuildError> {
        if let Some(&i) = self.source_index.get(s) {
            return Ok(i);
        }
        if self.sources.len() >= MAX_SOURCES {
            return Err(BuildError::TooManySources);
        }
        let i = u16::try_from(self.sources.len()).map_err(|_| BuildError::TooManySources)?;
        self.sources.push(s.to_string());
        self.source_index.insert(s.to_string(), i);
        Ok(i)
    }

    /// Add one record.
    pub fn push(&mut self, doc: &InvalidatedDocument) -> Result<(), BuildError> {
        let day =
            key::day_number(doc.reported_at).ok_or(BuildError::DateOutOfRange(doc.reported_at))?;
        let state = self.state(doc.issuing_state)?;
        let source = self.source(&doc.source)?;
        let payload = key::payload(doc.kind, doc.status, source, day);
        let number = doc.number.as_str().as_bytes();
        if let Some(packed) = key::pack_short(number) {
            self.short.push((key::short_key(state, packed), payload));
        } else if let Some(number) = long_number(number) {
            self.long.push(LongEntry {
                state,
                number,
                payload,
            });
        }
        Ok(())
    }

    /// Sort, drop exact duplicates and build the directory.
    pub fn finish(self) -> Result<Register, BuildError> {
        let Self {
            states,
            state_index,
            sources,
            mut short,
            mut long,
            ..
        } = self;
        if u32::try_from(short.len()).is_err() {
            return Err(BuildError::TooManyRecords);
        }
        short.sort_unstable();
        short.dedup();
        long.sort_unstable();
        long.dedup();
        long.shrink_to_fit();
        let mut keys = Vec::with_capacity(short.len());
        let mut payloads = Vec::with_capacity(short.len());
        for (k, p) in short {
            keys.push(k);
            payloads.push(p);
        }
        Ok(Register::assemble(
            states,
            state_index,
            sources,
            keys,
            payloads,
            long,
        ))
    }
}

/// The records of one document, as found by [`Register::lookup`].
#[derive(Debug, Clone)]
pub struct Hits<'a> {
    register: &'a Register,
    short: &'a [u32],
    long: &'a [LongEntry],
}

impl<'a> Iterator for Hits<'a> {
    type Item = Hit<'a>;

    fn next(&mut self) -> Option<Hit<'a>> {
        let payload = if let Some((p, rest)) = self.short.split_first() {
            self.short = rest;
            *p
        } else {
            let (e, rest) = self.long.split_first()?;
            self.long = rest;
            e.payload
        };
        let (kind, status, source, reported_at) = key::unpack(payload)?;
        Some(Hit {
            kind,
            status,
            reported_at,
            source: self
                .register
                .sources
                .get(usize::from(source))
                .map_or("", String::as_str),
        })
    }
}

impl Register {
    /// Build from records.
    pub fn build<D: Borrow<InvalidatedDocument>>(
        docs: impl IntoIterator<Item = D>,
    ) -> Result<Self, BuildError> {
        let docs = docs.into_iter();
        let mut b = RegisterBuilder::with_capacity(docs.size_hint().0);
        for d in docs {
            b.push(d.borrow())?;
        }
        b.finish()
    }

    pub(crate) fn assemble(
        states: Vec<CountryCode>,
        state_index: Vec<u16>,
        sources: Vec<String>,
        keys: Vec<u64>,
        payloads: Vec<u32>,
        long: Vec<LongEntry>,
    ) -> Self {
        // Four to eight keys a bucket: one or two cache lines to scan, and
        // at most one byte of directory a document.
        let bucket_bits = match keys.len() / 4 {
            0 => 0,
            n => n.ilog2().min(32),
        };
        let buckets = 1usize << bucket_bits;
        let mut dir = Vec::with_capacity(buckets + 1);
        let mut i = 0usize;
        for b in 0..buckets {
            while keys.get(i).is_some_and(|&k| bucket(k, bucket_bits) < b) {
                i += 1;
            }
            dir.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
        dir.push(u32::try_from(keys.len()).unwrap_or(u32::MAX));
        Self {
            states,
            state_index,
            sources,
            keys,
            payloads,
            dir,
            bucket_bits,
            long,
        }
    }

    /// The records of the document with this number and issuing state (none
    /// when it is not in the register). Does not allocate.
    pub fn lookup(&self, number: &DocumentNumber, state: CountryCode) -> Hits<'_> {
        let mut hits = Hits {
            register: self,
            short: &[],
            long: &[],
        };
        let Some(&si) = self.state_index.get(key::state_slot(state)) else {
            return hits;
        };
        if si == u16::MAX {
            return hits;
        }
        let n = number.as_str().as_bytes();
        if let Some(packed) = key::pack_short(n) {
            let k = key::short_key(si, packed);
            let b = bucket(k, self.bucket_bits);
            let lo = self.dir.get(b).map_or(0, |&x| x as usize);
            let hi = self.dir.get(b + 1).map_or(0, |&x| x as usize);
            let slice = self.keys.get(lo..hi).unwrap_or(&[]);
            let start = lo + slice.partition_point(|&x| x < k);
            let end = start
                + slice
                    .get(start - lo..)
                    .map_or(0, |s| s.partition_point(|&x| x == k));
            hits.short = self.payloads.get(start..end).unwrap_or(&[]);
        } else if let Some(number) = long_number(n) {
            let probe = |payload| LongEntry {
                state: si,
                number,
                payload,
            };
            let start = self.long.partition_point(|e| *e < probe(0));
            let end = self.long.partition_point(|e| *e <= probe(u32::MAX));
            hits.long = self.long.get(start..end).unwrap_or(&[]);
        }
        hits
    }

    /// The records of this document that could be of `kind`: those of that
    /// kind and those whose kind the register does not know.
    pub fn lookup_kind(
        &self,
        number: &DocumentNumber,
        state: CountryCode,
        kind: DocumentKind,
    ) -> impl Iterator<Item = Hit<'_>> {
        self.lookup(number, state)
            .filter(move |h| h.kind.is_none_or(|k| k == kind))
    }

    /// Normalise a number and state as printed (`N 123-4567`, `D<<`), then
    /// look them up. Errors name the field (`number`, `issuing_state`).
    pub fn lookup_text(&self, number: &str, state: &str) -> Result<Hits<'_>, ValidationError> {
        let n = DocumentNumber::parse(number).map_err(|e| e.in_field("number"))?;
        let s = CountryCode::parse(state).map_err(|e| e.in_field("issuing_state"))?;
        Ok(self.lookup(&n, s))
    }

    /// Whether the document is in the register.
    pub fn contains(&self, number: &DocumentNumber, state: CountryCode) -> bool {
        self.lookup(number, state).next().is_some()
    }

    /// Number of records (after removing exact duplicates).
    pub fn len(&self) -> usize {
        self.keys.len() + self.long.len()
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Records whose numbers were too long to pack (side table).
    pub fn long_len(&self) -> usize {
        self.long.len()
    }

    /// Heap memory held, in bytes, counted from the structure's own vectors.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.states.capacity() * size_of::<CountryCode>()
            + self.state_index.capacity() * size_of::<u16>()
            + self.sources.capacity() * size_of::<String>()
            + self.sources.iter().map(String::capacity).sum::<usize>()
            + self.keys.capacity() * size_of::<u64>()
            + self.payloads.capacity() * size_of::<u32>()
            + self.dir.capacity() * size_of::<u32>()
            + self.long.capacity() * size_of::<LongEntry>()
    }
}

fn bucket(k: u64, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (k >> (64 - bits)) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(
        number: &str,
        state: &str,
        kind: Option<DocumentKind>,
        status: InvalidationStatus,
        source: &str,
    ) -> InvalidatedDocument {
        InvalidatedDocument {
            number: DocumentNumber::parse(number).expect("number"),
            issuing_state: CountryCode::parse(state).expect("state"),
            kind,
            status,
            reported_at: Date::from_calendar_date(2026, time::Month::January, 2).expect("date"),
            source: source.into(),
        }
    }

    #[test]
    fn finds_short_and_long_numbers_with_all_records() {
        use InvalidationStatus::*;
        let docs = [
            doc(
                "N1234567",
                "KAZ",
                Some(DocumentKind::Passport),
                Stolen,
                "sltd",
            ),
            doc(
                "N1234567",
                "KAZ",
                Some(DocumentKind::Passport),
                Stolen,
                "sltd",
            ),
            doc("N1234567", "KAZ", None, Lost, "kz_mvd"),
            doc(
                "N1234567",
                "RUS",
                Some(DocumentKind::IdCard),
                Revoked,
                "sltd",
            ),
            doc("D23145890734ABCDEFGHIJKL", "D", None, Blank, "sltd"),
            doc(
                "12345678901",
                "KAZ",
                Some(DocumentKind::IdCard),
                Invalidated,
                "sltd",
            ),
        ];
        let r = Register::build(&docs).expect("build");
        assert_eq!(r.len(), 5, "exact duplicate dropped");
        assert_eq!(r.long_len(), 2);
        let kaz: Vec<_> = r.lookup_text("n 123-4567", "kaz").expect("ok").collect();
        assert_eq!(kaz.len(), 2);
        assert!(kaz.iter().any(|h| h.status == Stolen && h.source == "sltd"));
        assert!(kaz.iter().any(|h| h.status == Lost && h.source == "kz_mvd"));
        let visa: Vec<_> = r
            .lookup_kind(&docs[0].number, CountryCode::KAZ, DocumentKind::Visa)
            .collect();
        assert_eq!(visa.len(), 1, "only the record without a kind: {visa:?}");
        assert_eq!(r.lookup_text("N1234567", "RUS").expect("ok").count(), 1);
        assert_eq!(r.lookup_text("N1234567", "UZB").expect("ok").count(), 0);
        assert_eq!(r.lookup_text("N123456", "KAZ").expect("ok").count(), 0);
        assert_eq!(
            r.lookup_text("D23145890734ABCDEFGHIJKL", "D<<")
                .expect("ok")
                .count(),
            1
        );
        assert_eq!(r.lookup_text("12345678901", "KAZ").expect("ok").count(), 1);
        assert_eq!(r.lookup_text("12345678901", "RUS").expect("ok").count(), 0);
        assert_eq!(
            r.lookup_text("x", "QQQ").map(|_| ()).map_err(|e| e.field),
            Err("issuing_state".to_string())
        );
        assert_eq!(
            r.lookup_text("№", "KAZ").map(|_| ()).map_err(|e| e.field),
            Err("number".to_string())
        );
        assert!(r.heap_bytes() > 0);
    }

    #[test]
    fn empty_register() {
        let r = Register::build(Vec::<InvalidatedDocument>::new()).expect("build");
        assert!(r.is_empty());
        assert_eq!(r.lookup_text("A1", "KAZ").expect("ok").count(), 0);
    }

    #[test]
    fn build_errors() {
        let mut d = doc("A1", "KAZ", None, InvalidationStatus::Lost, "s");
        d.reported_at = Date::from_calendar_date(1960, time::Month::January, 1).expect("date");
        assert!(matches!(
            Register::build([&d]),
            Err(BuildError::DateOutOfRange(_))
        ));
        let mut b = RegisterBuilder::new();
        for i in 0..MAX_SOURCES {
            b.push(&doc(
                "A1",
                "KAZ",
                None,
                InvalidationStatus::Lost,
                &format!("s{i}"),
            ))
            .expect("fits");
        }
        assert_eq!(
            b.push(&doc(
                "A1",
                "KAZ",
                None,
                InvalidationStatus::Lost,
                "one more"
            )),
            Err(BuildError::TooManySources)
        );
    }
}
