//! String similarity written for names: Jaro-Winkler and a weighted
//! Levenshtein whose substitution costs are folded for known variant pairs.

/// Jaro-Winkler similarity in `0..=1` (prefix scale 0.1, up to 4 characters).
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() {
        let (x, y) = (a.as_bytes(), b.as_bytes());
        if x.len() <= SHORT && y.len() <= SHORT {
            return jw_short(x, y);
        }
        return jw_slices(x, y);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    jw_slices(&a, &b)
}

/// Longest ASCII string the allocation-free paths handle.
const SHORT: usize = 64;

/// Jaro-Winkler on short ASCII strings with stack buffers (the hot path of
/// screening: no allocation per call).
fn jw_short(a: &[u8], b: &[u8]) -> f64 {
    let j = jaro_short(a, b);
    let prefix = a
        .iter()
        .zip(b.iter())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count();
    j + prefix as f64 * 0.1 * (1.0 - j)
}

fn jaro_short(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut b_used = [false; SHORT];
    let mut a_match = [0u8; SHORT];
    let mut m = 0usize;
    for (i, ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_used[j] && b[j] == *ca {
                b_used[j] = true;
                a_match[m] = *ca;
                m += 1;
                break;
            }
        }
    }
    if m == 0 {
        return 0.0;
    }
    let mut k = 0usize;
    let mut transpositions = 0usize;
    for (j, cb) in b.iter().enumerate() {
        if b_used[j] {
            if a_match[k] != *cb {
                transpositions += 1;
            }
            k += 1;
        }
    }
    let transpositions = transpositions / 2;
    let m = m as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64) / m) / 3.0
}

fn jw_slices<T: PartialEq + Copy>(a: &[T], b: &[T]) -> f64 {
    let j = jaro(a, b);
    let prefix = a
        .iter()
        .zip(b.iter())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count();
    j + prefix as f64 * 0.1 * (1.0 - j)
}

fn jaro<T: PartialEq + Copy>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut b_used = vec![false; b.len()];
    let mut a_match = Vec::with_capacity(a.len());
    for (i, ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_used[j] && b[j] == *ca {
                b_used[j] = true;
                a_match.push(*ca);
                break;
            }
        }
    }
    let m = a_match.len();
    if m == 0 {
        return 0.0;
    }
    let b_match: Vec<T> = b
        .iter()
        .zip(b_used.iter())
        .filter(|(_, u)| **u)
        .map(|(c, _)| *c)
        .collect();
    let transpositions = a_match
        .iter()
        .zip(b_match.iter())
        .filter(|(x, y)| x != y)
        .count()
        / 2;
    let m = m as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64) / m) / 3.0
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Cost of substituting `x` by `y` in a romanised name.
fn sub_cost(x: char, y: char) -> f64 {
    if x == y {
        return 0.0;
    }
    let pair = |p: char, q: char| (x == p && y == q) || (x == q && y == p);
    if is_vowel(x) && is_vowel(y) {
        0.4
    } else if pair('k', 'q')
        || pair('c', 'k')
        || pair('v', 'w')
        || pair('j', 'y')
        || pair('i', 'j')
        || pair('z', 's')
        || pair('c', 'z')
        || pair('c', 's')
        || pair('g', 'h')
        || pair('x', 'h')
        || pair('f', 'p')
        || pair('d', 't')
        || pair('b', 'p')
        || pair('j', 'g')
    {
        0.5
    } else {
        1.0
    }
}

fn indel_cost(c: char) -> f64 {
    if is_vowel(c) || c == 'h' || c == 'j' {
        0.5
    } else {
        1.0
    }
}

/// Weighted Levenshtein distance: vowel changes, vowel/h/j insertions and
/// variant consonant pairs (k/q, v/w, z/s, j/y …) cost less than 1.
pub fn weighted_levenshtein(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() && b.len() < SHORT {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let mut prev = [0.0f64; SHORT + 1];
        let mut cur = [0.0f64; SHORT + 1];
        for (j, c) in b.iter().enumerate() {
            prev[j + 1] = prev[j] + indel_cost(char::from(*c));
        }
        for ca in a {
            let ca = char::from(*ca);
            cur[0] = prev[0] + indel_cost(ca);
            for (j, cb) in b.iter().enumerate() {
                let cb = char::from(*cb);
                let del = prev[j + 1] + indel_cost(ca);
                let ins = cur[j] + indel_cost(cb);
                let sub = prev[j] + sub_cost(ca, cb);
                cur[j + 1] = del.min(ins).min(sub);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        return prev[b.len()];
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<f64> = Vec::with_capacity(b.len() + 1);
    prev.push(0.0);
    for c in &b {
        let last = prev.last().copied().unwrap_or(0.0);
        prev.push(last + indel_cost(*c));
    }
    let mut cur = vec![0.0; b.len() + 1];
    for ca in &a {
        cur[0] = prev[0] + indel_cost(*ca);
        for (j, cb) in b.iter().enumerate() {
            let del = prev[j + 1] + indel_cost(*ca);
            let ins = cur[j] + indel_cost(*cb);
            let sub = prev[j] + sub_cost(*ca, *cb);
            cur[j + 1] = del.min(ins).min(sub);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Cost of substituting one skeleton class by another: classes that
/// romanisations still confuse (s/z, d/t, b/p, f/v, g/h/j/k) cost half.
fn key_sub_cost(x: u8, y: u8) -> f64 {
    if x == y {
        return 0.0;
    }
    let pair = |p: u8, q: u8| (x == p && y == q) || (x == q && y == p);
    if pair(b'Z', b'S')
        || pair(b'D', b'T')
        || pair(b'B', b'P')
        || pair(b'F', b'V')
        || pair(b'F', b'P')
        || pair(b'G', b'H')
        || pair(b'G', b'J')
        || pair(b'G', b'K')
        || pair(b'C', b'Z')
        || pair(b'X', b'S')
    {
        0.5
    } else {
        1.0
    }
}

fn key_indel_cost(c: u8) -> f64 {
    if matches!(c, b'A' | b'H') { 0.5 } else { 1.0 }
}

/// Weighted Levenshtein similarity of two skeleton keys (`1 − cost / longer
/// length`), with costs folded for classes romanisations confuse. Keys are
/// short ASCII strings; no allocation below 32 bytes.
/// Whether [`key_similarity`] can reach `floor`: a cheap necessary test
/// (every letter one key has more of than the other costs at least 0.5).
pub fn key_similarity_may_reach(a: &str, b: &str, floor: f64) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len().max(b.len());
    if n == 0 {
        return true;
    }
    let mut hist = [0i16; 64];
    for c in a {
        hist[usize::from(*c & 63)] += 1;
    }
    for c in b {
        hist[usize::from(*c & 63)] -= 1;
    }
    let (mut more_a, mut more_b) = (0i32, 0i32);
    for h in hist {
        if h > 0 {
            more_a += i32::from(h);
        } else {
            more_b -= i32::from(h);
        }
    }
    let min_cost = 0.5 * f64::from(more_a.max(more_b));
    1.0 - min_cost / n as f64 >= floor - 1e-9
}

pub fn key_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len().max(b.len());
    if n == 0 {
        return 1.0;
    }
    if b.len() >= 32 {
        let (a, b) = (&a[..a.len().min(31)], &b[..31]);
        return key_similarity(
            std::str::from_utf8(a).unwrap_or(""),
            std::str::from_utf8(b).unwrap_or(""),
        );
    }
    // Damerau (optimal string alignment): two neighbours swapped, the
    // commonest typo, cost one edit, not two
    let mut prev2 = [0.0f64; 33];
    let mut prev = [0.0f64; 33];
    let mut cur = [0.0f64; 33];
    for j in 0..b.len() {
        prev[j + 1] = prev[j] + key_indel_cost(b[j]);
    }
    for (i, ca) in a.iter().enumerate() {
        cur[0] = prev[0] + key_indel_cost(*ca);
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + key_sub_cost(*ca, *cb);
            let del = prev[j + 1] + key_indel_cost(*ca);
            let ins = cur[j] + key_indel_cost(*cb);
            let mut best = sub.min(del).min(ins);
            if i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb && ca != cb {
                best = best.min(prev2[j - 1] + 1.0);
            }
            cur[j + 1] = best;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    (1.0 - prev[b.len()] / n as f64).clamp(0.0, 1.0)
}

/// `1 − Levenshtein / longer length` with every edit costing one (vowels
/// included), in `0..=1`: for short names, whose vowels are their identity
/// (`Hao`, `Hai`, `Hui`).
pub fn plain_levenshtein_similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let n = a.len().max(b.len());
    if n == 0 {
        return 1.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - prev[b.len()] as f64 / n as f64
}

/// `1 − weighted_levenshtein / longer length`, in `0..=1`.
pub fn levenshtein_similarity(a: &str, b: &str) -> f64 {
    let n = a.chars().count().max(b.chars().count());
    if n == 0 {
        return 1.0;
    }
    (1.0 - weighted_levenshtein(a, b) / n as f64).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaro_winkler_matches_strsim() {
        for (a, b) in [
            ("martha", "marhta"),
            ("dixon", "dicksonx"),
            ("kassym", "qasym"),
            ("", "abc"),
            ("ivanov", "ivanov"),
            ("abc", "xyz"),
        ] {
            let ours = jaro_winkler(a, b);
            let theirs = strsim::jaro_winkler(a, b);
            assert!((ours - theirs).abs() < 1e-9, "{a} {b}: {ours} vs {theirs}");
        }
    }

    #[test]
    fn key_similarity_is_bounded_and_folded() {
        assert_eq!(key_similarity("IVNV", "IVNV"), 1.0);
        assert!(key_similarity("ZKRV", "SKRV") > key_similarity("MKRV", "SKRV"));
        let long = "K".repeat(40);
        assert!((0.0..=1.0).contains(&key_similarity(&long, "KS")));
    }

    #[test]
    fn transposition_is_one_edit() {
        assert!((key_similarity("TSRN", "TRSN") - 0.75).abs() < 1e-9);
        assert!((plain_levenshtein_similarity("hao", "hai") - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn levenshtein_folds_variants() {
        assert_eq!(weighted_levenshtein("abc", "abc"), 0.0);
        assert!((weighted_levenshtein("kitten", "sitting") - 2.4).abs() < 1e-9);
        assert!(weighted_levenshtein("qasym", "kasym") < 1.0);
        assert!(levenshtein_similarity("petrov", "ivanov") < 0.6);
        assert!(levenshtein_similarity("tokaev", "tokayev") > 0.9);
    }
}
