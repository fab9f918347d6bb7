//! Latin folding and the phonetic skeleton key.
//!
//! The skeleton is a short string of consonant classes in which known
//! romanisation variants coincide:
//!
//! | class | spellings |
//! |---|---|
//! | `K` | k, q, ck, c (not before e/i/y) |
//! | `J` | zh, j, dzh, dj, ž (j before a vowel, unless the word is in a German/Slavic style) |
//! | `H` | h, kh |
//! | `Z` | z, ts, tz, tc, cz, c before e/i/y |
//! | `X` | sh, sch, ş, š |
//! | `C` | ch, tch, tsch, ç, č |
//! | `G` | g, gh, ğ |
//! | `V` | v, w |
//! | `F` | f, ph |
//! | `T`/`D` | t/th, d/dh |
//! | `KS` | x |
//!
//! Vowels (a e i o u y, and j as a glide) are dropped, except that a word
//! starting with a vowel or glide gets a single `A`. Doubled consonants
//! collapse, word-final `h` after a vowel (ta marbuta) is dropped, `-off`/`-eff`
//! become `-ov`/`-ev`, and a glued `Abd al-`/`Abdul`/`Abdur-` prefix becomes
//! `ABD` + the skeleton of the rest.

use unicode_normalization::UnicodeNormalization;

/// Reduce Latin text to lowercase ASCII letters and digits (everything else dropped). Letters whose diacritic carries a sound (ş, ç, č, ž, ğ …)
/// become digraphs *before* marks are stripped.
pub fn fold_latin(s: &str) -> String {
    let mut pre = String::with_capacity(s.len() + 4);
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ş' | 'š' | 'ș' | 'ś' => pre.push_str("sh"),
            'ç' | 'č' | 'ć' => pre.push_str("ch"),
            'ž' | 'ż' | 'ź' => pre.push_str("zh"),
            'ı' => pre.push('i'),
            'ł' => pre.push('l'),
            'ø' => pre.push('o'),
            'đ' => pre.push_str("dj"),
            'ß' => pre.push_str("ss"),
            'æ' => pre.push_str("ae"),
            'œ' => pre.push_str("oe"),
            'þ' => pre.push_str("th"),
            'ð' => pre.push('d'),
            'ŋ' => pre.push('n'),
            'ə' => pre.push('a'),
            _ => pre.push(c),
        }
    }
    let mut out = String::with_capacity(pre.len());
    for c in pre.nfkd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Reduce Latin text to lowercase ASCII letters and digits with every mark
/// simply dropped (`ş` → `s`, `ç` → `c`, `ü` → `u`): how MRZs and many
/// passports write letters with diacritics.
pub fn fold_plain(s: &str) -> String {
    let mut pre = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ı' => pre.push('i'),
            'ł' => pre.push('l'),
            'ø' => pre.push('o'),
            'đ' | 'ð' => pre.push('d'),
            'ß' => pre.push_str("ss"),
            'æ' => pre.push_str("ae"),
            'œ' => pre.push_str("oe"),
            'þ' => pre.push_str("th"),
            'ŋ' => pre.push('n'),
            'ə' => pre.push('a'),
            _ => pre.push(c),
        }
    }
    pre.nfkd()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Output of the class scan before vowel handling.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sym {
    Vowel,
    Cons(char),
}

/// Reading options for ambiguous letters.
#[derive(Clone, Copy, Default)]
struct Reading {
    /// `ch` read as `H` (German, Czech: Chabib, Michail) instead of `C`.
    ch_as_h: bool,
    /// `ch` read as `X` (French: Chamil).
    ch_as_sh: bool,
    /// `x` read as `H` (GOST 7.79, Uzbek) instead of `KS`.
    x_as_h: bool,
    /// Force `j` before a vowel to be a glide (Jakov, Jelena) or a consonant.
    j_glide: Option<bool>,
    /// A lone `c` read as `C` (Turkish, Romanian and Slavic Latin: the
    /// passport writes `KILIC` for `Kılıç`).
    c_as_ch: bool,
    /// `j` is always a consonant (romanised Arabic script, which writes no
    /// short vowels: `جبوري` = `jburi`).
    j_consonant: bool,
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// German/Slavic spelling style: `j` is a glide in the whole word.
fn glide_style(w: &[u8]) -> bool {
    let s = std::str::from_utf8(w).unwrap_or("");
    if s.contains('w') || s.contains("sch") || s.contains("ij") {
        return true;
    }
    w.iter().enumerate().any(|(i, &b)| {
        b == b'j' && (i + 1 == w.len() || !is_vowel(w[i + 1])) && (i == 0 || w[i - 1] != b'd')
    })
}

fn scan(w: &[u8], rd: Reading) -> Vec<Sym> {
    let glide = rd.j_glide.unwrap_or_else(|| glide_style(w));
    let n = w.len();
    let at = |i: usize, pat: &[u8]| w.len() >= i + pat.len() && &w[i..i + pat.len()] == pat;
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let b = w[i];
        let (sym, adv): (&[Sym], usize) = if at(i, b"schtsch") {
            (&[Sym::Cons('X'), Sym::Cons('C')], 7)
        } else if at(i, b"shch") || at(i, b"shtch") {
            (
                &[Sym::Cons('X'), Sym::Cons('C')],
                if at(i, b"shch") { 4 } else { 5 },
            )
        } else if at(i, b"shh") {
            (&[Sym::Cons('X'), Sym::Cons('C')], 3)
        } else if at(i, b"tsch") {
            (&[Sym::Cons('C')], 4)
        } else if at(i, b"tch") {
            (&[Sym::Cons('C')], 3)
        } else if at(i, b"sch") {
            (&[Sym::Cons('X')], 3)
        } else if at(i, b"dzh") {
            (&[Sym::Cons('J')], 3)
        } else if at(i, b"sh") {
            (&[Sym::Cons('X')], 2)
        } else if at(i, b"zh") || at(i, b"dj") {
            (&[Sym::Cons('J')], 2)
        } else if at(i, b"kh") {
            (&[Sym::Cons('H')], 2)
        } else if at(i, b"gh") {
            (&[Sym::Cons('G')], 2)
        } else if at(i, b"ch") {
            let c = if rd.ch_as_h {
                'H'
            } else if rd.ch_as_sh {
                'X'
            } else {
                'C'
            };
            (
                if c == 'H' {
                    &[Sym::Cons('H')]
                } else if c == 'X' {
                    &[Sym::Cons('X')]
                } else {
                    &[Sym::Cons('C')]
                },
                2,
            )
        } else if at(i, b"ts") || at(i, b"tz") || at(i, b"tc") || at(i, b"cz") {
            (&[Sym::Cons('Z')], 2)
        } else if at(i, b"th") {
            (&[Sym::Cons('T')], 2)
        } else if at(i, b"dh") {
            (&[Sym::Cons('D')], 2)
        } else if at(i, b"ph") {
            (&[Sym::Cons('F')], 2)
        } else if at(i, b"ck") {
            (&[Sym::Cons('K')], 2)
        } else {
            let s: &[Sym] = match b {
                b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => &[Sym::Vowel],
                b'x' => {
                    if rd.x_as_h {
                        &[Sym::Cons('H')]
                    } else {
                        &[Sym::Cons('K'), Sym::Cons('S')]
                    }
                }
                b'q' | b'k' => &[Sym::Cons('K')],
                b'c' if rd.c_as_ch => &[Sym::Cons('C')],
                b'c' => {
                    if i + 1 < n && matches!(w[i + 1], b'e' | b'i' | b'y') {
                        &[Sym::Cons('Z')]
                    } else {
                        &[Sym::Cons('K')]
                    }
                }
                b'j' => {
                    let before_vowel = i + 1 < n && is_vowel(w[i + 1]);
                    let after_cons = i > 0 && !is_vowel(w[i - 1]);
                    if rd.j_consonant {
                        &[Sym::Cons('J')]
                    } else if !before_vowel || after_cons || glide {
                        &[Sym::Vowel]
                    } else {
                        &[Sym::Cons('J')]
                    }
                }
                b'w' | b'v' => &[Sym::Cons('V')],
                b'b' => &[Sym::Cons('B')],
                b'd' => &[Sym::Cons('D')],
                b'f' => &[Sym::Cons('F')],
                b'g' => &[Sym::Cons('G')],
                b'h' => &[Sym::Cons('H')],
                b'l' => &[Sym::Cons('L')],
                b'm' => &[Sym::Cons('M')],
                b'n' => &[Sym::Cons('N')],
                b'p' => &[Sym::Cons('P')],
                b'r' => &[Sym::Cons('R')],
                b's' => &[Sym::Cons('S')],
                b't' => &[Sym::Cons('T')],
                b'z' => &[Sym::Cons('Z')],
                // codes in aliases (`M1`, `EL 63`) keep their digits
                b'0' => &[Sym::Cons('0')],
                b'1' => &[Sym::Cons('1')],
                b'2' => &[Sym::Cons('2')],
                b'3' => &[Sym::Cons('3')],
                b'4' => &[Sym::Cons('4')],
                b'5' => &[Sym::Cons('5')],
                b'6' => &[Sym::Cons('6')],
                b'7' => &[Sym::Cons('7')],
                b'8' => &[Sym::Cons('8')],
                b'9' => &[Sym::Cons('9')],
                _ => &[],
            };
            (s, 1)
        };
        for s in sym {
            // doubled consonants collapse (KASSYM = KASYM)
            if let (Sym::Cons(c), Some(Sym::Cons(p))) = (s, out.last())
                && c == p
            {
                continue;
            }
            out.push(*s);
        }
        i += adv;
    }
    // word-final h after a vowel: ta marbuta (Abdullah = Abdulla)
    if out.len() >= 2 && out[out.len() - 1] == Sym::Cons('H') && out[out.len() - 2] == Sym::Vowel {
        out.pop();
    }
    out
}

fn render(syms: &[Sym]) -> String {
    let mut s = String::with_capacity(syms.len());
    if syms.first() == Some(&Sym::Vowel) {
        s.push('A');
    }
    for sym in syms {
        if let Sym::Cons(c) = sym {
            s.push(*c);
        }
    }
    s
}

/// Split a glued `Abd`+article+name token; returns the name part.
/// `abdurrahman` → `rahman`, `abdulaziz` → `aziz`, `abdrakhman` → `rakhman`.
pub(crate) fn split_abd(w: &str) -> Option<&str> {
    let rest = w.strip_prefix("abd")?;
    let b = rest.as_bytes();
    let mut i = 0;
    if b.first()
        .is_some_and(|&c| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u'))
    {
        i = 1;
        if b.get(1) == Some(&b'u') {
            i = 2; // abdou
        }
    }
    if b.get(i) == Some(&b'l') {
        i += 1;
    } else if b.len() > i + 1 && b[i] == b[i + 1] && !is_vowel(b[i]) {
        i += 1; // sun letter: abdur-rahman
    }
    let tail = &rest[i..];
    if tail.len() >= 2 { Some(tail) } else { None }
}

fn off_suffix(w: &str) -> String {
    if let Some(stem) = w.strip_suffix("off") {
        format!("{stem}ov")
    } else if let Some(stem) = w.strip_suffix("eff") {
        format!("{stem}ev")
    } else {
        w.to_string()
    }
}

fn skeleton_with(latin: &str, rd: Reading) -> String {
    let w = fold_latin(latin);
    let w: String = w.chars().filter(char::is_ascii_alphanumeric).collect();
    if let Some(tail) = split_abd(&w) {
        let t = render(&scan(off_suffix(tail).as_bytes(), rd));
        let t = t.strip_prefix('A').unwrap_or(&t);
        return format!("ABD{t}");
    }
    render(&scan(off_suffix(&w).as_bytes(), rd))
}

/// Skeleton of a consonant-only romanisation of Arabic script, where `j`
/// is always the letter ج.
pub fn skeleton_consonantal(latin_token: &str) -> String {
    skeleton_with(
        latin_token,
        Reading {
            j_consonant: true,
            ..Reading::default()
        },
    )
}

/// A glued article removed from a Latin form: `al`/`el`/`ul` (`elmasri` →
/// `masri`) or a vowel and an assimilated sun letter (`uddin` → `din`,
/// `arrahman` → `rahman`), leaving four letters or more (three after a sun
/// letter).
pub fn strip_glued_article(form: &str) -> Option<&str> {
    for art in ["al", "el", "ul"] {
        if let Some(rest) = form.strip_prefix(art).filter(|r| r.len() >= 4) {
            return Some(rest);
        }
    }
    let b = form.as_bytes();
    if b.len() >= 5
        && matches!(b[0], b'a' | b'e' | b'u')
        && b[1] == b[2]
        && matches!(b[1], b'd' | b'r' | b's' | b'z' | b't' | b'n' | b'l')
    {
        return Some(&form[2..]);
    }
    None
}

/// Skeleton keys of two neighbouring tokens glued (`Zabih` + `Ullah` ~
/// `Zabihullah`): the skeletons of their forms glued pairwise (the first
/// two of each, so other readings carry over: Persian `ذ` = z, Cyrillic
/// renderings), read as romanised Arabic when `consonantal`.
pub fn glued_keys(a: &[String], b: &[String], consonantal: bool) -> Vec<String> {
    let mut out = Vec::new();
    for x in a.iter().take(2) {
        for y in b.iter().take(2) {
            let glued = format!("{x}{y}");
            let k = if consonantal {
                skeleton_consonantal(&glued)
            } else {
                skeleton(&glued)
            };
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// Phonetic skeleton of one Latin (or already romanised) token.
pub fn skeleton(latin_token: &str) -> String {
    skeleton_with(latin_token, Reading::default())
}

/// The primary skeleton followed by those of alternative readings of ambiguous
/// letters (`ch` as `kh` or `sh`, `x` as `kh`, `j` as glide or consonant),
/// deduplicated.
pub fn skeleton_variants(latin_token: &str) -> Vec<String> {
    let w = fold_latin(latin_token);
    let mut out = vec![skeleton_with(&w, Reading::default())];
    let mut alts = Vec::new();
    if w.contains("ch") {
        alts.push(Reading {
            ch_as_h: true,
            ..Reading::default()
        });
        alts.push(Reading {
            ch_as_sh: true,
            ..Reading::default()
        });
    }
    if w.contains('x') {
        alts.push(Reading {
            x_as_h: true,
            ..Reading::default()
        });
    }
    if w.contains('j') {
        alts.push(Reading {
            j_glide: Some(true),
            ..Reading::default()
        });
        alts.push(Reading {
            j_glide: Some(false),
            ..Reading::default()
        });
    }
    if w.contains('j') {
        // a final or pre-consonant j as the consonant (Siraj, Faraj = سراج)
        alts.push(Reading {
            j_consonant: true,
            ..Reading::default()
        });
    }
    if w.replace("ch", "").contains('c') {
        alts.push(Reading {
            c_as_ch: true,
            ..Reading::default()
        });
    }
    for rd in alts {
        let s = skeleton_with(&w, rd);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(words: &[&str]) {
        let k = skeleton(words[0]);
        for w in words {
            assert_eq!(skeleton(w), k, "{w} vs {}", words[0]);
        }
    }

    #[test]
    fn variant_families_coincide() {
        same(&[
            "Yuriy", "Iurii", "Yurii", "Jurij", "Youri", "Yury", "Yuri", "Iouri",
        ]);
        same(&["Tokayev", "Toqaev", "Tokaev"]);
        same(&["Kassym", "Qasym", "Kasym"]);
        same(&["Jomart", "Zhomart"]);
        same(&["Iuliia", "Yulia", "Julija", "Yuliya"]);
        same(&[
            "Aleksey", "Aleksei", "Alexey", "Alexei", "Aleksej", "Alexej",
        ]);
        same(&["Natalya", "Natalia", "Nataliia", "Natalja"]);
        same(&["Evgeniy", "Evgenii", "Yevgeniy", "Yevgeny", "Jewgeni"]);
        same(&["Tsoy", "Tsoi", "Tcoi", "Tsoj"]);
        same(&["Smirnov", "Smirnoff", "Smirnow"]);
        same(&["Mohamed", "Muhammad", "Mohammed", "Mukhammad"]);
        same(&["Abdulrahman", "Abdurrahman", "Abdelrahman", "Abdrakhman"]);
        same(&["Abdullah", "Abdulla", "Abdallah"]);
        same(&["Nursultan", "Nūrsūltan"]);
        same(&["Shukin", "Şukin", "Schukin"]);
    }

    #[test]
    fn different_names_differ() {
        assert_ne!(skeleton("Ivanov"), skeleton("Petrov"));
        assert_ne!(skeleton("Sergey"), skeleton("Andrey"));
        assert_ne!(skeleton("Shukin"), skeleton("Sukin"));
    }

    #[test]
    fn variants_cover_german_ch() {
        assert!(skeleton_variants("Chabib").contains(&skeleton("Khabib")));
        assert!(skeleton_variants("Michail").contains(&skeleton("Mikhail")));
    }

    #[test]
    fn fold_keeps_sounds() {
        assert_eq!(fold_latin("Şahin"), "shahin");
        assert_eq!(fold_latin("Çelik"), "chelik");
        assert_eq!(fold_latin("Vladímír"), "vladimir");
    }
}
