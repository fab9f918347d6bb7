//! Mixed-script homoglyph folding: a Latin `a`/`o`/`e`/`c`/`p`/`x` typed
//! inside a Cyrillic word (or the reverse) is replaced by its look-alike in
//! the word's real script.

use crate::script::{Script, script_of};

/// (Latin, Cyrillic) look-alike pairs.
const PAIRS: &[(char, char)] = &[
    ('a', 'а'),
    ('e', 'е'),
    ('o', 'о'),
    ('p', 'р'),
    ('c', 'с'),
    ('x', 'х'),
    ('y', 'у'),
    ('k', 'к'),
    ('i', 'і'),
    ('j', 'ј'),
    ('s', 'ѕ'),
    ('A', 'А'),
    ('B', 'В'),
    ('E', 'Е'),
    ('K', 'К'),
    ('M', 'М'),
    ('H', 'Н'),
    ('O', 'О'),
    ('P', 'Р'),
    ('C', 'С'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('Y', 'У'),
    ('I', 'І'),
    ('J', 'Ј'),
    ('S', 'Ѕ'),
];

fn to_cyr(c: char) -> Option<char> {
    PAIRS.iter().find(|(l, _)| *l == c).map(|(_, k)| *k)
}

fn to_lat(c: char) -> Option<char> {
    PAIRS.iter().find(|(_, k)| *k == c).map(|(l, _)| *l)
}

/// Fold look-alikes of one word into its dominant script. A word is Cyrillic
/// if it has a Cyrillic letter with no Latin twin (or more Cyrillic letters
/// than Latin when all are twins), and vice versa. Words in one script are
/// returned unchanged.
pub fn fold_homoglyphs(word: &str) -> String {
    let (mut lat, mut cyr, mut lat_only, mut cyr_only) = (0, 0, 0, 0);
    for c in word.chars() {
        match script_of(c) {
            Script::Latin => {
                lat += 1;
                if to_cyr(c).is_none() {
                    lat_only += 1;
                }
            }
            Script::Cyrillic => {
                cyr += 1;
                if to_lat(c).is_none() {
                    cyr_only += 1;
                }
            }
            _ => {}
        }
    }
    if lat == 0 || cyr == 0 || (lat_only > 0 && cyr_only > 0) {
        return word.to_string();
    }
    let into_cyr = if cyr_only > 0 {
        true
    } else if lat_only > 0 {
        false
    } else {
        cyr >= lat
    };
    word.chars()
        .map(|c| {
            if into_cyr {
                to_cyr(c).unwrap_or(c)
            } else {
                to_lat(c).unwrap_or(c)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_both_ways() {
        assert_eq!(fold_homoglyphs("Пeтрoв"), "Петров");
        assert_eq!(fold_homoglyphs("Ivаnоv"), "Ivanov");
        assert_eq!(fold_homoglyphs("Petrov"), "Petrov");
    }
}
