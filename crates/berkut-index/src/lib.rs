//! Candidate retrieval for name screening over an immutable in-memory
//! snapshot of watchlist names.
//!
//! Every name of every entry (aliases included) is a *name variant*. Each
//! variant is analysed with `berkut-text`; its terms are the skeleton keys of
//! every token under every rendering (a Cyrillic token is rendered by every
//! common standard, so `Юрий`, `IURII`, `YURIY` share a key), a key's second
//! occurrence in the name as a term of its own (`Muhammad Muhammad`), the
//! keys of glued neighbours (`Abdul Hai` ~ `Abdulhai`), keys with a glued
//! article removed (`Elmasri` ~ `al-Masri`, `Uddin` ~ `ad-Din`), *coarse*
//! keys in which the classes the scorer substitutes at half cost are merged
//! (s/z/sh/ch, d/t, b/p/f/v, g/j/k; `A` and `H` dropped) with their
//! one-deletion neighbourhood (a typo of one letter on either side), and
//! first letters (so that an initial `V.` can be verified). Terms are 64-bit
//! hashes in a sorted dictionary; postings are sorted `u32` variant ids in
//! one flat array. Document numbers are OCR-folded (`O`→`0`, `I`→`1`, …) and
//! looked up exactly.
//!
//! A query looks up the terms of its own tokens; a variant's coverage is the
//! IDF-weighted share of query tokens it matched (exact keys in full,
//! approximate terms at 0.6). The best variants, grouped by entry, are the
//! candidates the scorer then compares in full; a variant holding every
//! query token by its exact key, with no token of its own left over and no
//! contradicting birth year, is always a candidate (up to 256 of them), so
//! a common full name never loses its own entry to `max_entries`.
//!
//! Changes go to a small delta segment and a set of removed entries (the
//! overlay); [`NameIndex::with_changes`] returns a new index and leaves the old
//! one intact, so readers can hold a snapshot while a writer prepares the
//! next. [`NameIndex::compact`] folds everything into one base segment.
//!
//! Architecture invariants:
//! - pure: no I/O, no clock, no global state; `build` may use scoped threads;
//! - build and query derive terms with the same code (`terms.rs`), so any
//!   key the scorer aligns on is a term the index finds;
//! - a query never scans the list: it reads the postings of its own terms
//!   only; postings longer than [`SearchLimits::common_df`] are not
//!   enumerated but checked by binary search for the variants found through
//!   rarer terms; approximate postings longer than
//!   [`SearchLimits::fuzzy_df`] are skipped; first-letter postings are only
//!   ever checked; a query made only of such terms takes the variants that
//!   hold its two rarest tokens (galloping intersection), a one-token query
//!   reads at most [`SearchLimits::scan_cap`] ids and says so
//!   ([`Candidates::truncated`]);
//! - snapshots round-trip exactly through [`NameIndex::to_bytes`] and
//!   [`NameIndex::from_bytes`] (postcard).

mod segment;
mod terms;

use std::collections::HashSet;
use std::sync::Arc;

use berkut_match::normalize_document;
use berkut_text::{AnalyzedName, analyze_name};
use serde::{Deserialize, Serialize};

use segment::{IdMap, Segment, VariantTerms};
use terms::{build_terms, doc_hash, query_terms, units};

/// What the index holds of one watchlist entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IndexRecord {
    /// The caller's number for the entry (stable across changes).
    pub entry: u32,
    /// All names, aliases and renderings, in any script; at most 255 are indexed.
    pub names: Vec<String>,
    /// Document numbers as written.
    pub documents: Vec<String>,
    /// Birth years (used to rank namesakes, never to exclude).
    pub birth_years: Vec<u16>,
}

/// Bounds of one search.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchLimits {
    /// Postings longer than this are checked, not enumerated.
    pub common_df: usize,
    /// Postings of approximate terms (coarse keys, one-letter neighbours)
    /// longer than this are skipped: a neighbour shared by that many names
    /// is no evidence, and reading it costs more than the rest of the query.
    pub fuzzy_df: usize,
    /// At most this many ids are read from one common posting when no rarer
    /// term exists.
    pub scan_cap: usize,
    /// Best variants kept per query name.
    pub max_variants: usize,
    /// Entries returned per query name (document hits come on top).
    pub max_entries: usize,
    /// Variants covering less than this IDF-weighted share of the query's
    /// tokens are dropped: a name that shares only a minor token cannot
    /// reach the REFER band. Document hits are kept regardless.
    pub min_coverage: f32,
}

impl Default for SearchLimits {
    fn default() -> Self {
        Self {
            common_df: 4_096,
            fuzzy_df: 1_024,
            scan_cap: 20_000,
            max_variants: 64,
            max_entries: 20,
            min_coverage: 0.3,
        }
    }
}

/// One candidate entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Entry number.
    pub entry: u32,
    /// Indexes of the entry's names that matched, best first.
    pub names: Vec<u8>,
    /// IDF-weighted share of the query tokens found (0 for document-only hits).
    pub coverage: f32,
    /// A document number matched (OCR-folded).
    pub document: bool,
}

/// The result of a search.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Candidates {
    /// Candidates, best coverage first, document hits included.
    pub list: Vec<Candidate>,
    /// A common term was read only in part: recall is not guaranteed.
    pub truncated: bool,
}

/// Size figures of an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexStats {
    /// Name variants in the base segment.
    pub base_variants: usize,
    /// Name variants in the delta segment.
    pub delta_variants: usize,
    /// Entries removed from the base segment by the overlay.
    pub removed_entries: usize,
    /// Distinct terms in the base segment.
    pub terms: usize,
    /// Postings in the base segment.
    pub postings: usize,
    /// Bytes held in memory by both segments and the overlay.
    pub heap_bytes: usize,
}

/// An index snapshot could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The bytes are not a snapshot of this version.
    #[error("index snapshot is not readable: {0}")]
    Decode(#[from] postcard::Error),
    /// The snapshot decoded but is inconsistent.
    #[error("index snapshot is inconsistent: {0}")]
    Inconsistent(&'static str),
}

/// Snapshot format version; bump when the layout or term derivation changes.
const FORMAT: u32 = 2;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Overlay {
    /// Analysed variants of entries added or changed since the base was built.
    variants: Vec<VariantTerms>,
    /// Document hashes of those entries.
    docs: Vec<(u64, u32)>,
    /// Base entries that are gone or replaced by a delta version.
    removed: HashSet<u32>,
    /// The segment built from `variants`.
    segment: Segment,
}

/// The screening index: an immutable base segment and a small overlay.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    base: Arc<Segment>,
    overlay: Arc<Overlay>,
}

#[derive(Serialize)]
struct SnapshotRef<'a> {
    format: u32,
    base: &'a Segment,
    overlay: &'a Overlay,
}

#[derive(Deserialize)]
struct SnapshotOwned {
    format: u32,
    base: Segment,
    overlay: Overlay,
}

/// Analysed variants and document hashes of some records.
type Analysed = (Vec<VariantTerms>, Vec<(u64, u32)>);

fn analyse_record(r: &IndexRecord) -> Analysed {
    let years = match (r.birth_years.iter().min(), r.birth_years.iter().max()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => (0, 0),
    };
    let mut vs = Vec::with_capacity(r.names.len());
    for (i, n) in r.names.iter().take(255).enumerate() {
        let (terms, ntok) = build_terms(n);
        if terms.is_empty() {
            continue;
        }
        vs.push(VariantTerms {
            entry: r.entry,
            name: u8::try_from(i).unwrap_or(u8::MAX),
            tokens: u8::try_from(ntok).unwrap_or(u8::MAX),
            years,
            terms,
        });
    }
    let mut docs: Vec<(u64, u32)> = r
        .documents
        .iter()
        .map(|d| normalize_document(d))
        .filter(|d| d.len() >= 5)
        .map(|d| (doc_hash(&d), r.entry))
        .collect();
    docs.sort_unstable();
    docs.dedup();
    (vs, docs)
}

fn analyse_all(records: &[IndexRecord]) -> Analysed {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let chunk = records.len().div_ceil(threads).max(1);
    let parts: Vec<Analysed> = std::thread::scope(|s| {
        let handles: Vec<_> = records
            .chunks(chunk)
            .map(|c| {
                s.spawn(move || {
                    let mut vs = Vec::new();
                    let mut ds = Vec::new();
                    for r in c {
                        let (v, d) = analyse_record(r);
                        vs.extend(v);
                        ds.extend(d);
                    }
                    (vs, ds)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut vs = Vec::new();
    let mut ds = Vec::new();
    for (v, d) in parts {
        vs.extend(v);
        ds.extend(d);
    }
    (vs, ds)
}

/// Sorted intersection of two sorted id lists, galloping through the longer.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(small.len().min(1024));
    let mut lo = 0usize;
    for &x in small {
        // gallop to the first element >= x
        let mut step = 1usize;
        let mut hi = lo;
        while hi < large.len() && large[hi] < x {
            lo = hi;
            hi += step;
            step *= 2;
        }
        // the answer lies in lo..=hi (hi may be one past the end)
        let hi = (hi + 1).min(large.len());
        match large[lo..hi].binary_search(&x) {
            Ok(i) => {
                out.push(x);
                lo += i + 1;
            }
            Err(i) => lo += i,
        }
        if lo >= large.len() {
            break;
        }
    }
    out
}

/// A query prepared once: analysed names and folded document numbers.
#[derive(Debug, Clone, Default)]
pub struct Query {
    names: Vec<(Vec<QueryUnit>, usize)>,
    documents: Vec<String>,
    birth_years: Vec<u16>,
}

#[derive(Debug, Clone)]
struct QueryUnit {
    mask: u32,
    single: bool,
    initial: bool,
    terms: Vec<terms::QueryTerm>,
}

impl Query {
    /// Prepare raw names and document numbers.
    pub fn new<S: AsRef<str>>(names: &[S], documents: &[S]) -> Self {
        let analysed: Vec<AnalyzedName> = names.iter().map(|n| analyze_name(n.as_ref())).collect();
        Self::from_analyzed(analysed.iter(), documents)
    }

    /// Prepare already analysed names and raw document numbers.
    pub fn from_analyzed<'a, S: AsRef<str>>(
        names: impl IntoIterator<Item = &'a AnalyzedName>,
        documents: &[S],
    ) -> Self {
        let names = names
            .into_iter()
            .map(|a| {
                let (us, ntok) = units(a);
                let qs = us
                    .iter()
                    .map(|u| QueryUnit {
                        mask: u.mask,
                        single: u.mask.count_ones() == 1,
                        initial: u.initial,
                        terms: query_terms(u),
                    })
                    .collect();
                (qs, ntok)
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        let documents = documents
            .iter()
            .map(|d| normalize_document(d.as_ref()))
            .filter(|d| d.len() >= 5)
            .collect();
        Self {
            names,
            documents,
            birth_years: Vec::new(),
        }
    }

    /// Add the traveller's birth years: variants of entries born within a
    /// year of one rank higher (namesakes born elsewhen rank lower; nobody
    /// is excluded).
    pub fn with_birth_years(mut self, years: &[u16]) -> Self {
        self.birth_years = years.to_vec();
        self
    }
}

impl NameIndex {
    /// An empty index.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Build a base segment from records (analysis runs on all cores).
    pub fn build(records: &[IndexRecord]) -> Self {
        let (vs, ds) = analyse_all(records);
        let base = Segment::build(0, &vs, &ds);
        let overlay = Overlay {
            segment: Segment::build(base.variant_count(), &[], &[]),
            ..Overlay::default()
        };
        Self {
            base: Arc::new(base),
            overlay: Arc::new(overlay),
        }
    }

    /// A new index with `upserts` added or replacing earlier versions of
    /// their entries, and `removals` gone. `self` is unchanged.
    pub fn with_changes(&self, upserts: &[IndexRecord], removals: &[u32]) -> Self {
        let gone: HashSet<u32> = upserts
            .iter()
            .map(|r| r.entry)
            .chain(removals.iter().copied())
            .collect();
        let old = &self.overlay;
        let mut variants: Vec<VariantTerms> = old
            .variants
            .iter()
            .filter(|v| !gone.contains(&v.entry))
            .cloned()
            .collect();
        let mut docs: Vec<(u64, u32)> = old
            .docs
            .iter()
            .filter(|(_, e)| !gone.contains(e))
            .copied()
            .collect();
        for r in upserts {
            let (v, d) = analyse_record(r);
            variants.extend(v);
            docs.extend(d);
        }
        let mut removed = old.removed.clone();
        removed.extend(gone);
        let segment = Segment::build(self.base.variant_count(), &variants, &docs);
        Self {
            base: Arc::clone(&self.base),
            overlay: Arc::new(Overlay {
                variants,
                docs,
                removed,
                segment,
            }),
        }
    }

    /// Rebuild one base segment from the full set of live records.
    pub fn compact(records: &[IndexRecord]) -> Self {
        Self::build(records)
    }

    /// Variants waiting in the delta segment (a signal to compact).
    pub fn delta_len(&self) -> usize {
        self.overlay.variants.len()
    }

    /// Size figures.
    pub fn stats(&self) -> IndexStats {
        let o = &self.overlay;
        IndexStats {
            base_variants: self.base.variant_count() as usize,
            delta_variants: o.variants.len(),
            removed_entries: o.removed.len(),
            terms: self.base.terms.key_count(),
            postings: self.base.terms.id_count(),
            heap_bytes: self.base.heap_bytes()
                + o.segment.heap_bytes()
                + o.variants
                    .iter()
                    .map(|v| v.terms.len() * 8 + 32)
                    .sum::<usize>()
                + o.removed.len() * 8,
        }
    }

    /// Encode the snapshot (postcard).
    pub fn to_bytes(&self) -> Result<Vec<u8>, IndexError> {
        Ok(postcard::to_stdvec(&SnapshotRef {
            format: FORMAT,
            base: &self.base,
            overlay: &self.overlay,
        })?)
    }

    /// Decode a snapshot written by [`NameIndex::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, IndexError> {
        let s: SnapshotOwned = postcard::from_bytes(bytes)?;
        if s.format != FORMAT {
            return Err(IndexError::Inconsistent("snapshot format version differs"));
        }
        if s.overlay.segment.first_variant != s.base.variant_count() {
            return Err(IndexError::Inconsistent(
                "delta numbering does not follow base",
            ));
        }
        Ok(Self {
            base: Arc::new(s.base),
            overlay: Arc::new(s.overlay),
        })
    }

    fn live_variant(&self, v: u32) -> Option<(u32, u8, u8, (u16, u16))> {
        if self.base.contains_variant(v) {
            let r = self.base.variant(v)?;
            if self.overlay.removed.contains(&r.0) {
                return None;
            }
            Some(r)
        } else {
            self.overlay.segment.variant(v)
        }
    }

    /// Entries holding a document number (OCR-folded, exact).
    pub fn lookup_document(&self, number: &str) -> Vec<u32> {
        let folded = normalize_document(number);
        if folded.len() < 5 {
            return Vec::new();
        }
        let h = doc_hash(&folded);
        let mut out: Vec<u32> = self
            .base
            .documents
            .get(h)
            .iter()
            .filter(|e| !self.overlay.removed.contains(e))
            .chain(self.overlay.segment.documents.get(h))
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Candidates for a prepared query.
    pub fn candidates(&self, query: &Query, limits: &SearchLimits) -> Candidates {
        let mut out = Candidates::default();
        let mut by_entry: IdMap<u32, usize> = IdMap::default();
        for (units, ntok) in &query.names {
            for (entry, name, cov) in
                self.search_name(units, *ntok, &query.birth_years, limits, &mut out.truncated)
            {
                match by_entry.get(&entry) {
                    Some(&i) => {
                        let c: &mut Candidate = &mut out.list[i];
                        if !c.names.contains(&name) {
                            c.names.push(name);
                        }
                        c.coverage = c.coverage.max(cov);
                    }
                    None => {
                        by_entry.insert(entry, out.list.len());
                        out.list.push(Candidate {
                            entry,
                            names: vec![name],
                            coverage: cov,
                            document: false,
                        });
                    }
                }
            }
        }
        for d in &query.documents {
            for entry in self.lookup_document(d) {
                match by_entry.get(&entry) {
                    Some(&i) => out.list[i].document = true,
                    None => {
                        by_entry.insert(entry, out.list.len());
                        out.list.push(Candidate {
                            entry,
                            names: Vec::new(),
                            coverage: 0.0,
                            document: true,
                        });
                    }
                }
            }
        }
        out.list.sort_by(|a, b| {
            b.document
                .cmp(&a.document)
                .then(b.coverage.total_cmp(&a.coverage))
                .then(a.entry.cmp(&b.entry))
        });
        out
    }

    /// `(entry, name index, coverage)` of the best variants for one query
    /// name, at most `max_entries` entries, best first.
    fn search_name(
        &self,
        units: &[QueryUnit],
        ntok: usize,
        years: &[u16],
        limits: &SearchLimits,
        truncated: &mut bool,
    ) -> Vec<(u32, u8, f32)> {
        let segs: [&Segment; 2] = [&self.base, &self.overlay.segment];
        let total_variants =
            (self.base.variant_count() as usize + self.overlay.variants.len()).max(1) as f64;
        // token weights from the document frequency of their exact keys
        let mut weight = vec![0.0f64; ntok];
        let mut seen = vec![false; ntok];
        for u in units.iter().filter(|u| u.single) {
            let df: usize = u
                .terms
                .iter()
                .filter(|t| t.exact)
                .map(|t| {
                    segs.iter()
                        .map(|s| s.terms.get(t.hash).len())
                        .sum::<usize>()
                })
                .sum();
            let i = u.mask.trailing_zeros() as usize;
            if let Some(w) = weight.get_mut(i) {
                *w = (1.0 + total_variants / (1.0 + df as f64)).ln().max(0.1);
                seen[i] = df > 0;
            }
        }
        // a token the index has never seen is most likely misspelt: it
        // weighs as much as an average seen token, not as the rarest
        let seen_w: Vec<f64> = (0..ntok).filter(|&i| seen[i]).map(|i| weight[i]).collect();
        let fill = if seen_w.is_empty() {
            weight.iter().copied().fold(0.1, f64::max)
        } else {
            seen_w.iter().sum::<f64>() / seen_w.len() as f64
        };
        for (w, s) in weight.iter_mut().zip(&seen) {
            if !s {
                *w = fill; // unseen, an initial, or a token without keys
            }
        }
        let total_w: f64 = weight.iter().sum();

        // per variant: query tokens matched exactly (low 32 bits) and
        // through a one-letter neighbour only (high 32 bits), in a dense
        // scratch array indexed by variant id (touched ids listed apart)
        let space = self.overlay.segment.first_variant as usize
            + self.overlay.segment.variant_count() as usize;
        let mut acc = Accumulator::take(space.max(self.base.variant_count() as usize));
        // postings checked by binary search instead of enumerated: common
        // exact keys, and first letters (verification only)
        let mut deferred: Vec<(u64, &[u32])> = Vec::new();
        for u in units {
            for t in &u.terms {
                let bits = if t.exact {
                    u64::from(u.mask)
                } else {
                    u64::from(u.mask) << 32
                };
                for s in segs {
                    let p = s.terms.get(t.hash);
                    if p.is_empty() {
                        continue;
                    }
                    if t.verify {
                        deferred.push((bits, p));
                    } else if !t.exact && p.len() > limits.fuzzy_df {
                        continue;
                    } else if p.len() <= limits.common_df {
                        acc.add_all(p, bits);
                    } else if t.exact {
                        deferred.push((bits, p));
                    }
                }
            }
        }
        let exact_deferred = deferred.iter().filter(|(b, _)| *b <= 0xffff_ffff).count();
        if acc.is_empty() && exact_deferred > 0 {
            // only common terms: the variants holding the two rarest common
            // tokens (a galloping intersection); a one-token query reads at
            // most `scan_cap` ids of its posting
            let mut common: Vec<(u64, &[u32])> = deferred
                .iter()
                .copied()
                .filter(|(b, _)| *b <= 0xffff_ffff)
                .collect();
            common.sort_by_key(|(_, p)| p.len());
            let (m0, p0) = common[0];
            match common.iter().find(|(m, _)| *m & m0 == 0) {
                Some(&(m1, p1)) => {
                    acc.add_all(&intersect(p0, p1), m0 | m1);
                    if acc.len() > limits.scan_cap {
                        *truncated = true;
                    }
                }
                None => {
                    if p0.len() > limits.scan_cap {
                        *truncated = true;
                    }
                    acc.add_all(&p0[..p0.len().min(limits.scan_cap)], m0);
                }
            }
        }
        if !deferred.is_empty() {
            acc.verify(&deferred);
        }

        // (rank, entry, name, variant); a variant holding every query token
        // by its exact key, with no token of its own left over and no
        // contradicting birth year, is as good a match as the index can
        // tell: all such are kept, whatever `max_entries` says (up to
        // `FULL_CAP`), so a common full name never loses its own entry
        // an initial matched by a first letter cannot make a full match
        let initials: u32 = units
            .iter()
            .filter(|u| u.initial)
            .fold(0, |m, u| m | u.mask);
        let mut ranked: Vec<(f32, u32, u8, u32)> = Vec::with_capacity(acc.len().min(4_096));
        let mut full: Vec<(f32, u32, u8, u32)> = Vec::new();
        let all_tokens: u32 = if ntok >= 32 {
            u32::MAX
        } else {
            (1u32 << ntok) - 1
        };
        // every touched variant with the upper bound of its rank: `got`
        // over the total weight, plus the birth-year bonus (0.1); the
        // extra-token penalty only lowers it
        let mut bounded: Vec<(f32, u32, u64, f64)> = acc
            .drain()
            .into_iter()
            .filter_map(|(v, m)| {
                let exact = (m & 0xffff_ffff) as u32;
                let fuzzy = ((m >> 32) as u32) & !exact;
                let got: f64 = (0..ntok)
                    .map(|i| {
                        if exact & (1 << i) != 0 {
                            weight[i]
                        } else if fuzzy & (1 << i) != 0 {
                            0.6 * weight[i]
                        } else {
                            0.0
                        }
                    })
                    .sum();
                let bound = (got / total_w + 0.1) as f32;
                // a variant that cannot reach `min_coverage` is dropped before
                // its record is read (a full match has got == total_w)
                (bound >= limits.min_coverage).then_some((bound, v, m, got))
            })
            .collect();
        // Records are read best bound first, and reading stops once
        // `max_variants` ranked variants all rank above every bound left:
        // what is left can neither enter the kept variants nor be a full
        // match (a full match has the highest bound there is). Reading a
        // variant's record is a cache miss; most touched variants share one
        // common token with the query and are never read.
        let by_bound = |a: &(f32, u32, u64, f64), b: &(f32, u32, u64, f64)| {
            b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
        };
        let head = bounded
            .len()
            .min(limits.max_variants.saturating_mul(4).max(64));
        if head < bounded.len() && head > 0 {
            bounded.select_nth_unstable_by(head - 1, by_bound);
            bounded[..head].sort_unstable_by(by_bound);
        } else {
            bounded.sort_unstable_by(by_bound);
        }
        let mut rest_sorted = head >= bounded.len();
        let mut i = 0usize;
        while i < bounded.len() {
            if i == head && !rest_sorted {
                // the head is read: stop if the kept variants outrank every
                // bound left, else read the rest in order too
                let max_rest = bounded[head..]
                    .iter()
                    .map(|x| x.0)
                    .fold(f32::NEG_INFINITY, f32::max);
                if ranked.len() >= limits.max_variants && limits.max_variants > 0 {
                    let k = limits.max_variants;
                    let mut ranks: Vec<f32> = ranked.iter().map(|r| r.0).collect();
                    ranks.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
                    if ranks[k - 1] > max_rest {
                        break;
                    }
                }
                bounded[head..].sort_unstable_by(by_bound);
                rest_sorted = true;
            }
            let (_, v, m, got) = bounded[i];
            i += 1;
            let exact = (m & 0xffff_ffff) as u32;
            let fuzzy = ((m >> 32) as u32) & !exact;
            let Some((entry, name, toks, (lo, hi))) = self.live_variant(v) else {
                continue;
            };
            let matched = (exact | fuzzy).count_ones();
            let extra = u32::from(toks).saturating_sub(matched) as f64;
            let year = if lo == 0 || years.is_empty() {
                0.0
            } else if years
                .iter()
                .any(|y| *y + 1 >= lo && *y <= hi.saturating_add(1))
            {
                0.1
            } else {
                -0.05
            };
            let rank = (got / total_w - 0.05 * extra + year) as f32;
            if exact & all_tokens == all_tokens && initials == 0 && extra == 0.0 && year >= 0.0 {
                full.push((rank, entry, name, v));
                continue;
            }
            if rank < limits.min_coverage {
                continue;
            }
            ranked.push((rank, entry, name, v));
        }
        let k = limits.max_variants.min(ranked.len());
        let cmp = |a: &(f32, u32, u8, u32), b: &(f32, u32, u8, u32)| {
            b.0.total_cmp(&a.0).then(a.3.cmp(&b.3))
        };
        if k < ranked.len() && k > 0 {
            ranked.select_nth_unstable_by(k - 1, cmp);
            ranked.truncate(k);
        }
        ranked.sort_by(cmp);
        full.sort_by(cmp);
        if full.len() > FULL_CAP {
            *truncated = true;
            full.truncate(FULL_CAP);
        }
        let mut seen: IdMap<u32, ()> = IdMap::default();
        let mut out = Vec::new();
        for (rank, entry, name, _) in full {
            seen.insert(entry, ());
            out.push((entry, name, rank));
        }
        let (mut fresh, cap) = (0usize, out.len() + limits.max_entries * 2);
        for (rank, entry, name, _) in ranked {
            if seen.insert(entry, ()).is_none() {
                fresh += 1;
                if fresh > limits.max_entries {
                    break;
                }
            } else if out.len() >= cap {
                continue;
            }
            out.push((entry, name, rank));
        }
        out
    }
}

/// Per-variant match bits of one query name: a dense array indexed by
/// variant id, zero except at the ids listed in `touched`. Arrays are
/// pooled (one per concurrent query) and handed back zeroed, so a query
/// costs no allocation and no hashing per posting id.
struct Accumulator {
    bits: Vec<u64>,
    touched: Vec<u32>,
}

static ACCUMULATORS: std::sync::Mutex<Vec<Accumulator>> = std::sync::Mutex::new(Vec::new());

impl Accumulator {
    /// A zeroed accumulator for ids below `space`.
    fn take(space: usize) -> Self {
        let mut a = ACCUMULATORS
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or(Self {
                bits: Vec::new(),
                touched: Vec::new(),
            });
        if a.bits.len() < space {
            a.bits.resize(space, 0);
        }
        a
    }

    fn add_all(&mut self, ids: &[u32], bits: u64) {
        for &v in ids {
            if let Some(m) = self.bits.get_mut(v as usize) {
                if *m == 0 {
                    self.touched.push(v);
                }
                *m |= bits;
            }
        }
    }

    fn len(&self) -> usize {
        self.touched.len()
    }

    fn is_empty(&self) -> bool {
        self.touched.is_empty()
    }

    /// Sets the bits of each deferred posting that holds a touched id.
    fn verify(&mut self, deferred: &[(u64, &[u32])]) {
        for &v in &self.touched {
            if let Some(m) = self.bits.get_mut(v as usize) {
                for (bits, p) in deferred {
                    if *m & bits != *bits && p.binary_search(&v).is_ok() {
                        *m |= bits;
                    }
                }
            }
        }
    }

    /// `(id, bits)` of every touched id, in the order first touched; the
    /// array is left zeroed.
    fn drain(&mut self) -> Vec<(u32, u64)> {
        let mut out = Vec::with_capacity(self.touched.len());
        for &v in &self.touched {
            if let Some(m) = self.bits.get_mut(v as usize) {
                out.push((v, std::mem::take(m)));
            }
        }
        self.touched.clear();
        out
    }
}

impl Drop for Accumulator {
    fn drop(&mut self) {
        if self.bits.is_empty() {
            return;
        }
        for &v in &self.touched {
            if let Some(m) = self.bits.get_mut(v as usize) {
                *m = 0;
            }
        }
        self.touched.clear();
        let bits = std::mem::take(&mut self.bits);
        let touched = std::mem::take(&mut self.touched);
        if let Ok(mut pool) = ACCUMULATORS.lock() {
            pool.push(Accumulator { bits, touched });
        }
    }
}

/// Most variants kept because they hold every query token exactly.
const FULL_CAP: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intersect_matches_a_naive_one() {
        let a: Vec<u32> = (0..500).map(|i| i * 3).collect();
        let b: Vec<u32> = (0..2_000).map(|i| i * 2 + 1).collect();
        let naive: Vec<u32> = a.iter().copied().filter(|x| b.contains(x)).collect();
        assert_eq!(intersect(&a, &b), naive);
        assert_eq!(intersect(&b, &a), naive);
        assert!(intersect(&[], &b).is_empty());
    }

    #[test]
    fn deletion_neighbours() {
        assert_eq!(terms::deletions("ABC"), Vec::<String>::new());
        assert_eq!(terms::deletions("ABCD"), vec!["BCD", "ACD", "ABD", "ABC"]);
        assert_eq!(terms::deletions("AABB"), vec!["ABB", "AAB"]);
    }
}
