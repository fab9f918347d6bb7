//! Arabic-script names: romanisation to a consonant form, and the variant
//! families of common Arabic names (in any script) folded to one key.
//!
//! The consonant skeleton alone merges names that differ only in long vowels
//! (محمد/محمود, حسن/حسين → Muhammad/Mahmud, Hasan/Husayn), so a token found in
//! a family gets the family key instead of its skeleton.

/// Romanise one Arabic-script word to lowercase Latin consonants (long vowels
/// as `a`/`u`/`i`; short vowels are not written in Arabic).
pub fn romanize_arabic(word: &str) -> String {
    romanize_arabic_with(word, false)
}

/// Like [`romanize_arabic`], with medial `و`/`ي` read as the consonants
/// `w`/`y` (الظواهري = al-Zawahiri, not al-Zuahri) when `glides` is set.
pub(crate) fn romanize_arabic_with(word: &str, glides: bool) -> String {
    romanize(word, glides, false)
}

/// The Persian and Urdu reading: `ض`, `ذ`, `ظ` as `z` and `ث` as `s`
/// (فضل = Fazl, not Fadl).
pub(crate) fn romanize_persian(word: &str) -> String {
    romanize(word, false, true)
}

fn romanize(word: &str, glides: bool, persian: bool) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    for (i, &c) in chars.iter().enumerate() {
        let first = i == 0;
        // two equal consonant letters in a row stand for consonant, short
        // vowel, consonant (a doubled one is one letter with a shadda):
        // مجددی = Mujaddidi, not Mujadi
        let article_lam = i == 2 && chars[0] == 'ا' && chars[1] == 'ل';
        if i > 0 && !article_lam && chars[i - 1] == c && !matches!(c, 'ا' | 'و' | 'ي' | 'ی' | 'ى')
        {
            out.push('a');
        }
        let s = match c {
            'ض' | 'ذ' | 'ظ' if persian => "z",
            'ث' if persian => "s",
            'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ى' => "a",
            'ب' => "b",
            'ت' | 'ط' | 'ٹ' => "t",
            'ث' => "th",
            'ج' => "j",
            // final ه after a consonant is a vowel + h (الله = allah)
            'ه' if i + 1 == chars.len() && i > 0 => "ah",
            // after z, s, k, g, t, d a bare h would make a digraph (zh, sh,
            // kh …) that the Arabic does not have: الزهراني = al-Zahrani
            'ه' | 'ح'
                if out
                    .chars()
                    .last()
                    .is_some_and(|p| matches!(p, 'z' | 's' | 'k' | 'g' | 't' | 'd' | 'c')) =>
            {
                "ah"
            }
            'ح' | 'ه' | 'ھ' | 'ۀ' => "h",
            'خ' => "kh",
            'د' | 'ض' | 'ڈ' => "d",
            'ذ' => "dh",
            'ر' | 'ڑ' => "r",
            'ز' | 'ظ' => "z",
            'س' | 'ص' => "s",
            'ش' => "sh",
            'ع' if first => "a",
            'ع' => "",
            'غ' => "gh",
            'ف' => "f",
            'ق' => "q",
            'ك' | 'ک' => "k",
            'گ' => "g",
            'ل' => "l",
            'م' => "m",
            'ن' | 'ں' => "n",
            'و' | 'ؤ' if first => "w",
            'و' | 'ؤ' if glides => "w",
            'و' | 'ؤ' => "u",
            'ي' | 'ی' | 'ئ' | 'ے' if first => "y",
            'ي' | 'ی' | 'ئ' | 'ے' if glides && i + 1 < chars.len() => "y",
            'ي' | 'ی' | 'ئ' | 'ے' => "i",
            'ة' => "a",
            'پ' => "p",
            'چ' => "ch",
            'ژ' => "zh",
            _ => "",
        };
        out.push_str(s);
    }
    out
}

/// Strip the Arabic article from an Arabic-script word (`الرحمن` → `رحمن`).
pub fn strip_arabic_article(word: &str) -> &str {
    if word == "الله" {
        return word; // Allah: the article is the word
    }
    match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => word,
    }
}

/// Variant families: (family key, spellings in folded Latin or Arabic script).
const FAMILIES: &[(&str, &[&str])] = &[
    (
        "MHMD",
        &[
            "muhammad",
            "mohammed",
            "mohammad",
            "mohamed",
            "mohamad",
            "muhammed",
            "muhamad",
            "muhamed",
            "mohd",
            "mhd",
            "mehmet",
            "mehmed",
            "magomed",
            "mukhammed",
            "mukhammad",
            "mukhamed",
            "mahamat",
            "mohamud",
            "mouhamed",
            "mouhammad",
            "muhamet",
            "mohammod",
            "mamadou",
            "محمد",
        ],
    ),
    (
        "MHMWD",
        &[
            "mahmud",
            "mahmoud",
            "mahmood",
            "makhmud",
            "mahmut",
            "mehmood",
            "محمود",
        ],
    ),
    (
        "HSYN",
        &[
            "husayn", "hussein", "husein", "hussain", "husain", "hossein", "hosein", "huseyin",
            "husseyn", "huseyn", "gusein", "guseyn", "gusejn", "houssein", "hussien", "hoseyn",
            "حسين",
        ],
    ),
    (
        "HSN",
        &[
            "hasan", "hassan", "hasen", "khasan", "gasan", "hassane", "hasson", "حسن",
        ],
    ),
    (
        "ASF",
        &[
            "yusuf", "yousef", "youssef", "yusif", "yusup", "iusup", "yousif", "yossef", "jusuf",
            "youcef", "yussuf", "yusef", "yousuf", "iusuf", "yussef", "يوسف",
        ],
    ),
    (
        "ASM",
        &[
            "usama",
            "osama",
            "ousama",
            "ossama",
            "oussama",
            "أسامة",
            "اسامة",
        ],
    ),
    (
        "AHMD",
        &[
            "ahmad", "ahmed", "akhmed", "achmed", "akhmad", "ahmet", "ahmat", "أحمد", "احمد",
        ],
    ),
    ("AMR", &["umar", "omar", "omer", "umer", "oumar", "عمر"]),
    (
        "SD",
        &[
            "said", "saeed", "sayed", "sayyid", "saied", "saeid", "sayid", "saiid", "سعيد",
        ],
    ),
    (
        "ABRHM",
        &[
            "ibrahim",
            "ebrahim",
            "ibragim",
            "brahim",
            "ibroxim",
            "ibrokhim",
            "إبراهيم",
            "ابراهيم",
        ],
    ),
    (
        "ASML",
        &[
            "ismail",
            "ismael",
            "esmail",
            "ismoil",
            "ismayil",
            "إسماعيل",
            "اسماعيل",
        ],
    ),
    (
        "HLD",
        &[
            "khalid", "khaled", "halid", "chalid", "khaleed", "xalid", "خالد",
        ],
    ),
    (
        "JML",
        &[
            "jamal", "gamal", "djamal", "dzhamal", "zhamal", "jamel", "djamel", "جمال",
        ],
    ),
    (
        "KSM",
        &[
            "qasim", "kassim", "kasem", "gasim", "kasym", "qasym", "kassym", "kasim", "qassem",
            "قاسم",
        ],
    ),
    (
        "ASMN",
        &[
            "osman",
            "usman",
            "othman",
            "uthman",
            "usmon",
            "osmane",
            "عثمان",
        ],
    ),
    (
        "AKB",
        &[
            "yaqub",
            "yakub",
            "yacoub",
            "yaqoob",
            "yakoub",
            "iakub",
            "يعقوب",
        ],
    ),
    (
        "ABKR",
        &["abubakar", "abubakr", "aboubakar", "abubakir", "ابوبكر"],
    ),
];

/// Family key of a name spelling (folded Latin, lowercase; or Arabic script).
pub fn family_key(form: &str) -> Option<&'static str> {
    FAMILIES
        .iter()
        .find(|(_, spellings)| spellings.contains(&form))
        .map(|(key, _)| *key)
}

/// Every spelling of a family key (empty for an unknown key).
pub(crate) fn family_spellings(key: &str) -> &'static [&'static str] {
    FAMILIES
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(&[], |(_, s)| s)
}

/// Canonical display spelling of a family key (the first spelling listed).
pub fn family_canonical(key: &str) -> Option<&'static str> {
    FAMILIES
        .iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, s)| s.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_romanisation() {
        assert_eq!(romanize_arabic("محمد"), "mhmd");
        assert_eq!(romanize_arabic(strip_arabic_article("الرحمن")), "rhmn");
        assert_eq!(romanize_arabic("عبد"), "abd");
    }

    #[test]
    fn families() {
        assert_eq!(family_key("mohd"), family_key("muhammad"));
        assert_eq!(family_key("محمد"), Some("MHMD"));
        assert_ne!(family_key("mahmoud"), family_key("mohamed"));
        assert_ne!(family_key("hassan"), family_key("hussein"));
        assert_eq!(family_key("gusein"), family_key("husayn"));
        assert_eq!(family_canonical("MHMD"), Some("muhammad"));
    }
}
