//! Index terms of a name: skeleton keys of every token and of glued
//! neighbours, and their one-deletion neighbourhood for typos.
//!
//! Build and query derive terms with the same functions, so a key the scorer
//! can align is a key the index can find.

use berkut_text::{
    AnalyzedName, NameToken, Role, Script, analyze_name, glued_keys, skeleton, strip_glued_article,
};

/// Longest name (in content tokens) whose tokens get their own mask bit.
pub(crate) const MAX_TOKENS: usize = 24;

/// Shortest key whose one-deletion neighbours are indexed.
const MIN_DELETION_KEY: usize = 4;

/// Exact key term namespace.
const NS_KEY: u8 = b'K';
/// Coarse key namespace (confusable classes merged, see [`coarse`]).
const NS_COARSE: u8 = b'C';
/// One-deletion neighbour (of a coarse key) namespace.
const NS_DEL: u8 = b'D';
/// First letter of any content token (what a query initial verifies).
const NS_FIRST: u8 = b'I';
/// First letter of an initial (what a query's full token verifies).
const NS_INITIAL: u8 = b'J';
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
    /// Skeleton keys (deduplicated; empty for an initial).
    pub keys: Vec<String>,
    /// The keys as exact terms: `KEY#n` for a key that `n` earlier tokens
    /// of the name also have.
    pub exact: Vec<String>,
    /// Whether deletion neighbours apply (single tokens only).
    pub fuzzy: bool,
    /// First letters of the token's forms (single tokens only).
    pub firsts: Vec<char>,
    /// The token is an initial (`V.`).
    pub initial: bool,
}

/// A skeleton key with the classes the scorer substitutes at half cost
/// merged (s/z/sh/ch, d/t, b/p/f/v, g/j/k) and `A`/`H` (half-cost
/// insertions) removed: keys the scorer aligns with half-cost edits only
/// share their coarse key, and keys one full edit apart share a coarse
/// one-deletion neighbour.
pub(crate) fn coarse(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        let m = match c {
            'A' | 'H' => continue,
            'S' | 'Z' | 'X' | 'C' => 'S',
            'D' | 'T' => 'T',
            'B' | 'P' | 'F' | 'V' => 'B',
            'G' | 'J' | 'K' => 'K',
            c => c,
        };
        if !out.ends_with(m) {
            out.push(m);
        }
    }
    out
}

fn coarse_keys(keys: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        push_unique(&mut out, coarse(k));
    }
    out
}

/// The strings whose one-deletion neighbours stand for a token: its coarse
/// keys, or the key itself when the coarse key is too short to have useful
/// neighbours (`AHMD` → `MT`); keys of three letters or fewer have none (one
/// full edit leaves them below the scorer's alignment floor).
fn neighbour_bases(keys: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        let c = coarse(k);
        if c.chars().count() >= MIN_DELETION_KEY {
            push_unique(&mut out, c);
        } else if k.chars().count() >= MIN_DELETION_KEY {
            push_unique(&mut out, k.clone());
        }
    }
    out
}

fn firsts(t: &NameToken) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(2);
    for f in &t.forms {
        if let Some(c) = f.chars().next()
            && !out.contains(&c)
        {
            out.push(c);
        }
    }
    out
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
    // an article glued to the name: Elmasri ~ al-Masri, Uddin ~ ad-Din
    for f in &t.forms {
        if let Some(rest) = strip_glued_article(f) {
            push_unique(&mut keys, skeleton(rest));
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
        let keys = if t.initial { Vec::new() } else { token_keys(t) };
        // a key's second occurrence in the name is a term of its own, so a
        // query `Muhammad Muhammad` does not take `Muhammad Ali` for whole
        let exact: Vec<String> = keys
            .iter()
            .map(|k| {
                let seen = out.iter().filter(|u: &&Unit| u.keys.contains(k)).count();
                if seen == 0 {
                    k.clone()
                } else {
                    format!("{k}#{seen}")
                }
            })
            .collect();
        out.push(Unit {
            mask: 1 << i,
            keys,
            exact,
            fuzzy: !t.initial,
            firsts: firsts(t),
            initial: t.initial,
        });
    }
    for i in 0..toks.len().saturating_sub(1) {
        let (a, b) = (toks[i], toks[i + 1]);
        if a.initial || b.initial {
            continue;
        }
        let arabic = a.script == Script::Arabic || b.script == Script::Arabic;
        let mut keys = glued_keys(&a.forms, &b.forms, arabic);
        for x in a.forms.iter().take(2) {
            for y in b.forms.iter().take(2) {
                if let Some(rest) = strip_glued_article(&format!("{x}{y}")) {
                    push_unique(&mut keys, skeleton(rest));
                }
            }
        }
        out.push(Unit {
            mask: (1 << i) | (1 << (i + 1)),
            exact: keys.clone(),
            keys,
            fuzzy: false,
            firsts: Vec::new(),
            initial: false,
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
        for k in u.keys.iter().chain(&u.exact) {
            terms.push(term_hash(NS_KEY, k));
        }
        // coarse keys, and the neighbours of those of single tokens:
        // bounded to the first four keys for pathological inputs
        let n = if u.fuzzy { 4 } else { 2 };
        let ks: Vec<String> = u.keys.iter().take(n).cloned().collect();
        for c in coarse_keys(&ks) {
            terms.push(term_hash(NS_COARSE, &c));
        }
        if u.fuzzy {
            for d in neighbour_bases(&ks) {
                terms.extend(deletions(&d).iter().map(|x| term_hash(NS_DEL, x)));
            }
        }
        for f in &u.firsts {
            terms.push(term_hash(NS_FIRST, &f.to_string()));
            if u.initial {
                terms.push(term_hash(NS_INITIAL, &f.to_string()));
            }
        }
    }
    terms.sort_unstable();
    terms.dedup();
    (terms, ntok)
}

/// A term to look up for a query unit, whether it is an exact key (used
/// to verify very common tokens by binary search), and whether it is only
/// ever verified, never enumerated (first letters).
#[derive(Debug, Clone, Copy)]
pub(crate) struct QueryTerm {
    pub hash: u64,
    pub exact: bool,
    pub verify: bool,
}

/// Terms to look up for one query unit: its keys as keys; its coarse keys
/// as coarse keys and as deletion neighbours (a letter missing in the list);
/// the coarse keys' deletion neighbours as coarse keys (a letter added) and
/// as neighbours (a letter changed). An initial verifies first letters; a
/// full token verifies listed initials.
pub(crate) fn query_terms(u: &Unit) -> Vec<QueryTerm> {
    let mut out = Vec::new();
    let term = |hash: u64, exact: bool| QueryTerm {
        hash,
        exact,
        verify: false,
    };
    for k in &u.exact {
        out.push(term(term_hash(NS_KEY, k), true));
    }
    let n = if u.fuzzy { 4 } else { 2 };
    let ks: Vec<String> = u.keys.iter().take(n).cloned().collect();
    for c in coarse_keys(&ks) {
        out.push(term(term_hash(NS_COARSE, &c), false));
    }
    if u.fuzzy {
        // the query's own keys may be a listed key with a letter missing
        for k in ks.iter().cloned().chain(coarse_keys(&ks)) {
            if k.chars().count() + 1 >= MIN_DELETION_KEY {
                out.push(term(term_hash(NS_DEL, &k), false));
            }
        }
        for b in neighbour_bases(&ks) {
            out.push(term(term_hash(NS_DEL, &b), false));
            for d in deletions(&b) {
                out.push(term(term_hash(NS_COARSE, &d), false));
                out.push(term(term_hash(NS_DEL, &d), false));
            }
        }
    }
    for f in &u.firsts {
        let f = f.to_string();
        // an initial meets a listed initial exactly, a listed name's first
        // letter loosely; a full token meets a listed initial loosely
        let mut verify = |ns: u8, exact: bool| {
            out.push(QueryTerm {
                hash: term_hash(ns, &f),
                exact,
                verify: true,
            });
        };
        if u.initial {
            verify(NS_INITIAL, true);
            verify(NS_FIRST, false);
        } else {
            verify(NS_INITIAL, false);
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|t| seen.insert(t.hash));
    out
}
