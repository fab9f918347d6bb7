//! Cyrillic → Latin romanisation by every standard a name is likely to have
//! been written in. One Cyrillic token yields a *set* of renderings; the
//! matcher compares skeletons of all of them.
//!
//! Input is lowercase Cyrillic with combining marks already removed (but `й`
//! and `ё` kept precomposed: NFC, not NFKD). Output is lowercase Latin that
//! may still carry diacritics (`ä`, `ş`, `ğ` …); [`crate::fold_latin`] reduces it.

/// Which Cyrillic alphabet(s) a name may be written in, as a set of flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CyrillicLang(u8);

impl CyrillicLang {
    /// Russian (the default when nothing more specific is seen).
    pub const RUSSIAN: Self = Self(1);
    /// Kazakh (also covers Kyrgyz letters).
    pub const KAZAKH: Self = Self(2);
    /// Ukrainian.
    pub const UKRAINIAN: Self = Self(4);
    /// Belarusian.
    pub const BELARUSIAN: Self = Self(8);
    /// Uzbek Cyrillic.
    pub const UZBEK: Self = Self(16);
    /// Tajik.
    pub const TAJIK: Self = Self(32);

    /// Whether all flags of `other` are set.
    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Union of two sets.
    pub fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Guess the alphabet(s) from the letters of `text`. Ambiguous letters
    /// (`і` is Kazakh, Ukrainian and Belarusian) set every candidate flag:
    /// script auto-detection must not decide Kazakh vs Ukrainian on its own.
    pub fn detect(text: &str) -> Self {
        let mut l = Self::RUSSIAN;
        for c in text.chars().flat_map(char::to_lowercase) {
            l = l.union(match c {
                'ә' | 'қ' | 'ұ' | 'һ' => Self::KAZAKH,
                'ң' | 'ө' | 'ү' => Self::KAZAKH,
                'ғ' => Self::KAZAKH.union(Self::UZBEK).union(Self::TAJIK),
                'і' => Self::KAZAKH.union(Self::UKRAINIAN).union(Self::BELARUSIAN),
                'є' | 'ї' | 'ґ' => Self::UKRAINIAN,
                'ў' => Self::BELARUSIAN.union(Self::UZBEK),
                'ҳ' => Self::UZBEK.union(Self::TAJIK),
                'ӣ' | 'ӯ' | 'ҷ' => Self::TAJIK,
                _ => Self::default(),
            });
        }
        l
    }
}

/// A romanisation standard (or documented practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// ICAO Doc 9303 (2013+), Russian passports since 2013/2014.
    Icao9303,
    /// Russian passports 1997–2010 (MVD order 310): Y, YU, YA.
    RussianPassport1997,
    /// GOST R 52535.1-2006 (Russian passports 2010–2013): TC for Ц.
    Gost52535,
    /// BGN/PCGN 1947 (sanctions lists, gazetteers).
    BgnPcgn,
    /// GOST 7.79-2000 system B (ISO 9 ASCII variant).
    Gost779B,
    /// German (Duden) practice.
    German,
    /// French practice.
    French,
    /// English popular spelling (`Dmitry`, `Yury`, `Habib`).
    English,
    /// Kazakh passport practice (`KASSYM-JOMART TOKAYEV`).
    KazakhPassport,
    /// Kazakh Latin alphabet (2021 version).
    Kazakh2021,
    /// BGN/PCGN 1979 Kazakh.
    KazakhBgn,
    /// Ukrainian national (2010 Cabinet rule).
    UkrainianNational,
    /// Belarusian national practice.
    BelarusianNational,
    /// Uzbek Latin alphabet.
    UzbekLatin,
    /// Tajik common romanisation.
    TajikLatin,
}

impl Scheme {
    /// Standards relevant for a given alphabet set.
    pub fn for_lang(lang: CyrillicLang) -> Vec<Scheme> {
        use Scheme::*;
        let mut v = vec![
            Icao9303,
            RussianPassport1997,
            Gost52535,
            BgnPcgn,
            Gost779B,
            German,
            French,
            English,
        ];
        if lang.contains(CyrillicLang::KAZAKH) {
            v.extend([KazakhPassport, Kazakh2021, KazakhBgn]);
        }
        if lang.contains(CyrillicLang::UKRAINIAN) {
            v.push(UkrainianNational);
        }
        if lang.contains(CyrillicLang::BELARUSIAN) {
            v.push(BelarusianNational);
        }
        if lang.contains(CyrillicLang::UZBEK) {
            v.push(UzbekLatin);
        }
        if lang.contains(CyrillicLang::TAJIK) {
            v.push(TajikLatin);
        }
        v
    }
}

fn is_cyr_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е'
            | 'ё'
            | 'и'
            | 'о'
            | 'у'
            | 'ы'
            | 'э'
            | 'ю'
            | 'я'
            | 'і'
            | 'ї'
            | 'є'
            | 'ә'
            | 'ө'
            | 'ұ'
            | 'ү'
            | 'ӣ'
            | 'ӯ'
            | 'ў'
    )
}

/// ICAO 9303 base table (Kazakh and other letters reduced as on passports).
fn icao(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' | 'ѓ' => "g",
        'д' | 'ђ' => "d",
        'е' | 'ё' | 'э' => "e",
        'є' => "ie",
        'ж' => "zh",
        'з' | 'ҙ' => "z",
        'ѕ' | 'џ' => "dz",
        'и' | 'і' | 'ї' | 'й' | 'ӣ' => "i",
        'ј' => "j",
        'к' | 'ќ' | 'қ' => "k",
        'л' => "l",
        'љ' => "lj",
        'м' => "m",
        'н' | 'ң' | 'ӊ' => "n",
        'њ' => "nj",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' | 'ҫ' => "s",
        'т' => "t",
        'ћ' => "c",
        'у' | 'ў' | 'ұ' | 'ү' | 'ӯ' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "ie",
        'ы' => "y",
        'ь' | 'ӏ' => "",
        'ю' => "iu",
        'я' => "ia",
        'ә' => "a",
        'ғ' => "g",
        'һ' | 'ҳ' => "h",
        'ҷ' => "j",
        _ => return None,
    })
}

/// Render one lowercase Cyrillic word by `scheme`. Non-Cyrillic characters
/// pass through unchanged.
pub fn romanize(word: &str, scheme: Scheme, lang: CyrillicLang) -> String {
    use Scheme::*;
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len() * 2);
    let n = chars.len();
    for i in 0..n {
        let c = chars[i];
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        // "soft" position: word start, after a vowel or after ъ/ь
        let soft = prev.is_none_or(|p| is_cyr_vowel(p) || p == 'ъ' || p == 'ь');
        let intervocalic = prev.is_some_and(is_cyr_vowel) && next.is_some_and(is_cyr_vowel);
        let last = i + 1 == n;
        let ukr = lang.contains(CyrillicLang::UKRAINIAN) && !lang.contains(CyrillicLang::KAZAKH);
        // word-final -ий / -ый handled by English, German
        let s: &str = match (scheme, c) {
            (Icao9303, 'и') if ukr => "y",
            (Icao9303, 'г') if ukr || lang.contains(CyrillicLang::BELARUSIAN) => "h",
            (Icao9303, 'ъ') => "ie",

            (RussianPassport1997, 'й') => "y",
            (RussianPassport1997, 'ю') => "yu",
            (RussianPassport1997, 'я') => "ya",
            (RussianPassport1997, 'ъ') => "",

            (Gost52535, 'ц') => "tc",
            (Gost52535, 'ъ') => "",

            (BgnPcgn, 'е') if soft => "ye",
            (BgnPcgn, 'ё') => {
                if soft {
                    "yo"
                } else {
                    "ë"
                }
            }
            (BgnPcgn, 'й') => "y",
            (BgnPcgn, 'ю') => "yu",
            (BgnPcgn, 'я') => "ya",
            (BgnPcgn, 'ъ') => "",

            (Gost779B, 'ё') => "yo",
            (Gost779B, 'й') => "j",
            (Gost779B, 'х') => "x",
            (Gost779B, 'ц') => {
                if matches!(next, Some('е' | 'и' | 'ы' | 'й' | 'і')) {
                    "cz"
                } else {
                    "c"
                }
            }
            (Gost779B, 'щ') => "shh",
            (Gost779B, 'ъ') => "",
            (Gost779B, 'ю') => "yu",
            (Gost779B, 'я') => "ya",

            (German, 'в') => "w",
            (German, 'е') if soft => "je",
            (German, 'ё') => "jo",
            (German, 'ж') => "sch",
            (German, 'з') => "s",
            (German, 'й') => "j",
            (German, 'с') if intervocalic => "ss",
            (German, 'х') => "ch",
            (German, 'ц') => "z",
            (German, 'ч') => "tsch",
            (German, 'ш') => "sch",
            (German, 'щ') => "schtsch",
            (German, 'ъ') => "",
            (German, 'ю') => "ju",
            (German, 'я') => "ja",

            (French, 'ё') => "io",
            (French, 'ж') => "j",
            (French, 'й') => "i",
            (French, 'с') if intervocalic => "ss",
            (French, 'у') => "ou",
            (French, 'х') => "kh",
            (French, 'ч') => "tch",
            (French, 'ш') => "ch",
            (French, 'щ') => "chtch",
            (French, 'ъ') => "",
            (French, 'ю') => "iou",
            (French, 'я') => "ia",
            (French, 'н') if last && prev == Some('и') => "ne",

            (English, 'и') if next == Some('й') && i + 2 == n => "",
            (English, 'й') => "y",
            (English, 'ё') => "yo",
            (English, 'е') if prev.is_none() => "ye",
            (English, 'х') => "h",
            (English, 'ю') => "yu",
            (English, 'я') => "ya",
            (English, 'ъ') => "",

            (KazakhPassport, 'й') => "y",
            (KazakhPassport, 'ю') => "yu",
            (KazakhPassport, 'я') => "ya",
            (KazakhPassport, 'ё') => "yo",
            (KazakhPassport, 'е') if soft => "ye",
            (KazakhPassport, 'с') if intervocalic => "ss",
            (KazakhPassport, 'ъ') => "",

            (Kazakh2021, 'ә') => "ä",
            (Kazakh2021, 'ғ') => "ğ",
            (Kazakh2021, 'қ') => "q",
            (Kazakh2021, 'ң') => "ñ",
            (Kazakh2021, 'ө') => "ö",
            (Kazakh2021, 'ұ') => "ū",
            (Kazakh2021, 'ү') => "ü",
            (Kazakh2021, 'х' | 'һ') => "h",
            (Kazakh2021, 'ж') => "j",
            (Kazakh2021, 'ш') => "ş",
            (Kazakh2021, 'щ') => "şh",
            (Kazakh2021, 'ё') => "io",
            (Kazakh2021, 'ъ') => "",

            (KazakhBgn, 'ә') => "ä",
            (KazakhBgn, 'ғ') => "gh",
            (KazakhBgn, 'қ') => "q",
            (KazakhBgn, 'ң') => "ng",
            (KazakhBgn, 'ө') => "ö",
            (KazakhBgn, 'ү') => "ü",
            (KazakhBgn, 'й') => "y",
            (KazakhBgn, 'ю') => "yu",
            (KazakhBgn, 'я') => "ya",
            (KazakhBgn, 'е') if soft => "ye",
            (KazakhBgn, 'ъ') => "",

            (UkrainianNational, 'г') => "h",
            (UkrainianNational, 'и') => "y",
            (UkrainianNational, 'є') => {
                if prev.is_none() {
                    "ye"
                } else {
                    "ie"
                }
            }
            (UkrainianNational, 'ї') => {
                if prev.is_none() {
                    "yi"
                } else {
                    "i"
                }
            }
            (UkrainianNational, 'й') => {
                if prev.is_none() {
                    "y"
                } else {
                    "i"
                }
            }
            (UkrainianNational, 'ю') => {
                if prev.is_none() {
                    "yu"
                } else {
                    "iu"
                }
            }
            (UkrainianNational, 'я') => {
                if prev.is_none() {
                    "ya"
                } else {
                    "ia"
                }
            }
            (UkrainianNational, 'ъ') => "",

            (BelarusianNational, 'г') => "h",
            (BelarusianNational, 'ў') => "w",
            (BelarusianNational, 'е') if soft => "ye",
            (BelarusianNational, 'ё') => "yo",
            (BelarusianNational, 'й') => "y",
            (BelarusianNational, 'ю') => "yu",
            (BelarusianNational, 'я') => "ya",

            (UzbekLatin, 'ў') => "o",
            (UzbekLatin, 'қ') => "q",
            (UzbekLatin, 'ғ') => "g",
            (UzbekLatin, 'х') => "x",
            (UzbekLatin, 'ҳ') => "h",
            (UzbekLatin, 'ж') => "j",
            (UzbekLatin, 'й') => "y",
            (UzbekLatin, 'ю') => "yu",
            (UzbekLatin, 'я') => "ya",
            (UzbekLatin, 'ё') => "yo",
            (UzbekLatin, 'е') if soft => "ye",
            (UzbekLatin, 'ъ') => "",

            (TajikLatin, 'ғ') => "gh",
            (TajikLatin, 'қ') => "q",
            (TajikLatin, 'ҳ') => "h",
            (TajikLatin, 'ҷ') => "j",
            (TajikLatin, 'й') => "y",
            (TajikLatin, 'ю') => "yu",
            (TajikLatin, 'я') => "ya",
            (TajikLatin, 'ъ') => "",

            (_, c) => match icao(c) {
                Some(s) => s,
                None => {
                    out.push(c);
                    continue;
                }
            },
        };
        out.push_str(s);
    }
    out
}

/// All distinct renderings of one Cyrillic token by every standard that
/// applies to its alphabet (detected from the token). The ICAO 9303 rendering
/// is first. Input may be in any case; output is lowercase.
pub fn renderings(cyrillic_token: &str) -> Vec<String> {
    let lower = cyrillic_token.to_lowercase();
    let lang = CyrillicLang::detect(&lower);
    renderings_in(&lower, lang)
}

/// Like [`renderings`] with the alphabet given (detected from the whole name).
pub fn renderings_in(lower: &str, lang: CyrillicLang) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for scheme in Scheme::for_lang(lang) {
        let r = romanize(lower, scheme, lang);
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str, sc: Scheme) -> String {
        romanize(s, sc, CyrillicLang::detect(s))
    }

    #[test]
    fn standards_render_yuriy_shchukin() {
        assert_eq!(r("юрий", Scheme::Icao9303), "iurii");
        assert_eq!(r("юрий", Scheme::RussianPassport1997), "yuriy");
        assert_eq!(r("юрий", Scheme::German), "jurij");
        assert_eq!(r("юрий", Scheme::French), "iourii");
        assert_eq!(r("юрий", Scheme::English), "yury");
        assert_eq!(r("щукин", Scheme::French), "chtchoukine");
        assert_eq!(r("щукин", Scheme::German), "schtschukin");
        assert_eq!(r("цой", Scheme::Gost52535), "tcoi");
    }

    #[test]
    fn kazakh_forms() {
        assert_eq!(r("тоқаев", Scheme::KazakhPassport), "tokayev");
        assert_eq!(r("қасым", Scheme::KazakhPassport), "kassym");
        assert_eq!(r("жомарт", Scheme::Kazakh2021), "jomart");
        assert_eq!(r("тоқаев", Scheme::Kazakh2021), "toqaev");
        assert_eq!(r("нұрсұлтан", Scheme::Icao9303), "nursultan");
        let all = renderings("Тоқаев");
        assert!(all.contains(&"tokaev".to_string()));
        assert!(all.contains(&"toqaev".to_string()));
    }

    #[test]
    fn lang_detection_is_a_set() {
        let l = CyrillicLang::detect("Айгерім");
        assert!(l.contains(CyrillicLang::KAZAKH));
        assert!(l.contains(CyrillicLang::UKRAINIAN));
        assert!(!CyrillicLang::detect("Иванов").contains(CyrillicLang::KAZAKH));
    }
}
