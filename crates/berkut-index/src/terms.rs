//! Index terms of a name: skeleton keys of every token and of glued
//! neighbours, and their one-deletion neighbourhood for typos.
//!
//! Build and query derive terms with the same functions, so a key the scorer
//! can align is a key the index can find.

use berkut_text::{AnalyzedName, NameToken, Role, analyze_name, skeleton};

/// Longest name (in content tokens) whose tokens get their own mask bit.
pub(crate) const MAX_TOKENS: usize = 24;

/// Shortest key whose one-deletion neighbours are indexed.
const MIN_DELETION_KEY: usize = 4;

/// Exact key term namespace.
const NS_KEY: u8 = b'K';
/// One-deletion neighbour namespace.
const NS_DEL: u8 = b'D';
/// Document number namespace.
const NS_DOC: u8 = b'N';

/// FNV-1a, 64 bits, over a namespace byte and the key. Stable across
/// processes and platforms, so snapshots stay valid. A collision only adds a
/// candidate, which the scorer then rejects.
pub(crate) fn term_hash(ns: u8, key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in std::iter::once(ns).chain(key.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Hash of a normalised (OCR-folded) document number.
pub(crate) fn doc_hash(folded: &str) -> u64 {
    term_hash(NS_DOC, folded)
}

/// A unit of a name: one token, or two neighbours glued.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Bits of the content tokens this unit covers.
    pub mask: u32,
    /// Skeleton keys (deduplicated).
    pub keys: Vec<String>,
    /// Whether deletion neighbours apply (single tokens only).
    pub fuzzy: bool,
}

fn push_unique(v: &mut Vec<String>, k: String) {
    if !k.is_empty() && !v.contains(&k) {
        v.push(k);
    }
}

fn token_keys(t: &NameToken) -> Vec<String> {
    let mut keys = Vec::with_capacity(t.keys.len() + 1);
    for k in &t.keys {
        push_unique(&mut keys, k.clone());
    }
    // an article glued to the name: Elmasri ~ al-Masri
    for f in &t.forms {
        for art in ["al", "el", "ul"] {
            if let Some(rest) = f.strip_prefix(art).filter(|r| r.len() >= 4) {
                push_unique(&mut keys, skeleton(rest));
            }
        }
    }
    keys
}

/// Content tokens of a name (particles and initials carry no retrievable key).
pub(crate) fn content_tokens(name: &AnalyzedName) -> Vec<&NameToken> {
    name.tokens
        .iter()
        .filter(|t| t.role != Role::Particle)
        .take(MAX_TOKENS)
        .collect()
}

/// Units of an analysed name, and its number of content tokens.
pub(crate) fn units(name: &AnalyzedName) -> (Vec<Unit>, usize) {
    let toks = content_tokens(name);
    let mut out = Vec::with_capacity(toks.len() * 2);
    for (i, t) in toks.iter().enumerate() {
        if t.initial {
            continue;
        }
        out.push(Unit {
            mask: 1 << i,
            keys: token_keys(t),
            fuzzy: true,
        });
    }
    for i in 0..toks.len().saturating_sub(1) {
        let (a, b) = (toks[i], toks[i + 1]);
        if a.initial || b.initial {
            continue;
        }
        let glued = format!("{}{}", a.latin, b.latin);
        let mut keys = vec![skeleton(&glued)];
        for art in ["al", "el", "ul"] {
            if let Some(rest) = glued.strip_prefix(art).filter(|r| r.len() >= 4) {
                push_unique(&mut keys, skeleton(rest));
            }
        }
        out.push(Unit {
            mask: (1 << i) | (1 << (i + 1)),
            keys,
            fuzzy: false,
        });
    }
    (out, toks.len())
}

/// Every string obtained by deleting one character (ASCII keys; other
/// characters are kept whole).
pub(crate) fn deletions(key: &str) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < MIN_DELETION_KEY {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::with_capacity(chars.len());
    for i in 0..chars.len() {
        let s: String = chars
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, c)| *c)
            .collect();
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Terms stored for one name variant, deduplicated and sorted, and its
/// number of content tokens other than patronymics (a listed patronymic the
/// traveller's passport leaves out costs the variant nothing in ranking).
pub(crate) fn build_terms(raw: &str) -> (Vec<u64>, usize) {
    let name = analyze_name(raw);
    let (units, _) = units(&name);
    let ntok = content_tokens(&name)
        .iter()
        .filter(|t| t.role != Role::Patronymic)
        .count();
    let mut terms = Vec::new();
    for u in &units {
        for (n, k) in u.keys.iter().enumerate() {
            terms.push(term_hash(NS_KEY, k));
            // neighbours of the first three keys: enough for the renderings
            // of one Cyrillic token, bounded for pathological inputs
            if u.fuzzy && n < 3 {
                terms.extend(deletions(k).iter().map(|d| term_hash(NS_DEL, d)));
            }
        }
    }
    terms.sort_unstable();
    terms.dedup();
    (terms, ntok)
}

/// A term to look up for a query unit, and whether it is an exact key (used
/// to verify very common tokens by binary search).
#[derive(Debug, Clone, Copy)]
pub(crate) struct QueryTerm {
    pub hash: u64,
    pub exact: bool,
}

/// Terms to look up for one query unit: its keys as keys and as deletion
/// neighbours (a letter missing in the list), and its own deletion
/// neighbours as keys (a letter added) and as neighbours (a letter changed).
pub(crate) fn query_terms(u: &Unit) -> Vec<QueryTerm> {
    let mut out = Vec::new();
    for k in &u.keys {
        out.push(QueryTerm {
            hash: term_hash(NS_KEY, k),
            exact: true,
        });
        if !u.fuzzy {
            continue;
        }
        out.push(QueryTerm {
            hash: term_hash(NS_DEL, k),
            exact: false,
        });
        for d in deletions(k) {
            out.push(QueryTerm {
                hash: term_hash(NS_KEY, &d),
                exact: false,
            });
            out.push(QueryTerm {
                hash: term_hash(NS_DEL, &d),
                exact: false,
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|t| seen.insert(t.hash));
    out
}
