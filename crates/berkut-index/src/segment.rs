//! An immutable segment: sorted term dictionary with postings in one flat
//! array (compressed sparse rows), the variant table and document postings.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

/// A multiplicative hasher for keys that are already hashes or small ids.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = (u64::from(i) ^ self.0).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (i ^ self.0).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// Terms of one name variant, as analysed for the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct VariantTerms {
    pub entry: u32,
    pub name: u8,
    pub tokens: u8,
    /// Earliest and latest birth year of the entry (0 = unknown).
    pub years: (u16, u16),
    pub terms: Vec<u64>,
}

/// Sorted keys with postings in one flat array.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Postings {
    keys: Vec<u64>,
    offsets: Vec<u32>,
    ids: Vec<u32>,
}

impl Postings {
    /// From `(key, id)` lists; ids of one key come out sorted and unique.
    pub fn from_map(map: IdMap<u64, Vec<u32>>) -> Self {
        let mut keys: Vec<u64> = map.keys().copied().collect();
        keys.sort_unstable();
        let total: usize = map.values().map(Vec::len).sum();
        let mut offsets = Vec::with_capacity(keys.len() + 1);
        let mut ids = Vec::with_capacity(total);
        offsets.push(0);
        for k in &keys {
            if let Some(v) = map.get(k) {
                let start = ids.len();
                ids.extend_from_slice(v);
                ids[start..].sort_unstable();
                let mut w = start;
                for r in start..ids.len() {
                    if w == start || ids[w - 1] != ids[r] {
                        ids[w] = ids[r];
                        w += 1;
                    }
                }
                ids.truncate(w);
            }
            offsets.push(u32::try_from(ids.len()).unwrap_or(u32::MAX));
        }
        Self { keys, offsets, ids }
    }

    /// The sorted ids of a key (empty when absent).
    pub fn get(&self, key: u64) -> &[u32] {
        match self.keys.binary_search(&key) {
            Ok(i) => {
                let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
                self.ids.get(a..b).unwrap_or(&[])
            }
            Err(_) => &[],
        }
    }

    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    pub fn id_count(&self) -> usize {
        self.ids.len()
    }

    /// Bytes held in memory.
    pub fn heap_bytes(&self) -> usize {
        self.keys.len() * 8 + self.offsets.len() * 4 + self.ids.len() * 4
    }
}

/// What the index keeps of one name variant besides its terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct VariantInfo {
    /// Entry number.
    pub entry: u32,
    /// Earliest and latest birth year of its entry (0 = unknown).
    pub years: (u16, u16),
    /// Index of the name within its entry.
    pub name: u8,
    /// Number of content tokens.
    pub tokens: u8,
}

/// One immutable segment of the index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Segment {
    /// Variant id of the first variant here (segments number variants apart).
    pub first_variant: u32,
    /// Term → variant ids (global numbering).
    pub terms: Postings,
    /// Per variant: what ranking needs, packed so that a candidate costs
    /// one cache line, not four.
    pub variants: Vec<VariantInfo>,
    /// Folded document number → entry numbers.
    pub documents: Postings,
}

impl Segment {
    /// Build from analysed variants (in variant order) and document hashes.
    pub fn build(first_variant: u32, variants: &[VariantTerms], docs: &[(u64, u32)]) -> Self {
        let mut map: IdMap<u64, Vec<u32>> = IdMap::default();
        let mut infos = Vec::with_capacity(variants.len());
        for (i, v) in variants.iter().enumerate() {
            let id = first_variant.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
            infos.push(VariantInfo {
                entry: v.entry,
                years: v.years,
                name: v.name,
                tokens: v.tokens,
            });
            for t in &v.terms {
                map.entry(*t).or_default().push(id);
            }
        }
        let mut dmap: IdMap<u64, Vec<u32>> = IdMap::default();
        for (h, e) in docs {
            dmap.entry(*h).or_default().push(*e);
        }
        Self {
            first_variant,
            terms: Postings::from_map(map),
            variants: infos,
            documents: Postings::from_map(dmap),
        }
    }

    pub fn variant_count(&self) -> u32 {
        u32::try_from(self.variants.len()).unwrap_or(u32::MAX)
    }

    pub fn contains_variant(&self, v: u32) -> bool {
        v >= self.first_variant && v - self.first_variant < self.variant_count()
    }

    /// `(entry, name index, tokens, years)` of a variant of this segment.
    pub fn variant(&self, v: u32) -> Option<(u32, u8, u8, (u16, u16))> {
        let i = v.checked_sub(self.first_variant)? as usize;
        let x = self.variants.get(i)?;
        Some((x.entry, x.name, x.tokens, x.years))
    }

    pub fn heap_bytes(&self) -> usize {
        self.terms.heap_bytes()
            + self.documents.heap_bytes()
            + self.variants.len() * std::mem::size_of::<VariantInfo>()
    }
}
