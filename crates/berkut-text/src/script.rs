//! Script detection from our own Unicode block ranges (enough for names; no
//! dependency on the full Unicode script property).

/// The writing system of a character or token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters, including all accented Latin forms.
    Latin,
    /// Cyrillic (Russian, Kazakh, Ukrainian, Belarusian, Kyrgyz, Uzbek, Tajik …).
    Cyrillic,
    /// Arabic, Persian and Urdu letters.
    Arabic,
    /// Greek.
    Greek,
    /// Hebrew.
    Hebrew,
    /// Han ideographs, kana and Hangul.
    Cjk,
    /// Any other script (Armenian, Georgian, Indic, Thai …).
    Other,
    /// Digits, punctuation, marks and spaces: not a script of their own.
    Common,
}

/// Script of one character.
pub fn script_of(c: char) -> Script {
    let u = c as u32;
    match u {
        0x41..=0x5A | 0x61..=0x7A | 0xAA | 0xBA | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F => {
            Script::Latin
        }
        0x250..=0x2AF | 0x1D00..=0x1DBF | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF => {
            Script::Latin
        }
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Script::Latin,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            if c.is_alphabetic() {
                Script::Arabic
            } else {
                Script::Common
            }
        }
        0x370..=0x3FF | 0x1F00..=0x1FFF => {
            if c.is_alphabetic() {
                Script::Greek
            } else {
                Script::Common
            }
        }
        0x590..=0x5FF => {
            if c.is_alphabetic() {
                Script::Hebrew
            } else {
                Script::Common
            }
        }
        0x1100..=0x11FF
        | 0x3040..=0x30FF
        | 0x3130..=0x318F
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F => Script::Cjk,
        _ if c.is_alphabetic() => Script::Other,
        _ => Script::Common,
    }
}

/// The script most letters of `s` are written in; [`Script::Common`] when it has no letter.
pub fn dominant_script(s: &str) -> Script {
    let order = [
        Script::Latin,
        Script::Cyrillic,
        Script::Arabic,
        Script::Greek,
        Script::Hebrew,
        Script::Cjk,
        Script::Other,
    ];
    let mut counts = [0usize; 7];
    for c in s.chars() {
        let sc = script_of(c);
        if let Some(i) = order.iter().position(|x| *x == sc) {
            counts[i] += 1;
        }
    }
    let mut best = Script::Common;
    let mut best_n = 0;
    for (i, n) in counts.iter().enumerate() {
        if *n > best_n {
            best_n = *n;
            best = order[i];
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_scripts() {
        assert_eq!(dominant_script("Тоқаев"), Script::Cyrillic);
        assert_eq!(dominant_script("Qasym"), Script::Latin);
        assert_eq!(dominant_script("Türkoğlu"), Script::Latin);
        assert_eq!(dominant_script("محمد"), Script::Arabic);
        assert_eq!(dominant_script("Βλαντίμιρ"), Script::Greek);
        assert_eq!(dominant_script("משה"), Script::Hebrew);
        assert_eq!(dominant_script("习近平"), Script::Cjk);
        assert_eq!(dominant_script("- 12"), Script::Common);
    }
}
