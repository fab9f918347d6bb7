//! Romanisation of Cyrillic names as passport offices and lists have
//! written them. Written apart from `berkut-text` on purpose: the generator
//! must not share the matcher's tables, or it would only test them against
//! themselves.

/// A romanisation practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// ICAO Doc 9303 (Russian passports since 2013): `Юлия` → `IULIIA`.
    Icao9303,
    /// Older Russian passport practice (1997): `Юлия` → `YULIYA`.
    RussianPassport1997,
    /// BGN/PCGN: `Юлия` → `YULIYA`, `Ё` → `YE`, initial `Е` → `YE`.
    BgnPcgn,
    /// French style: `Шевченко` → `CHEVTCHENKO`, `у` → `OU`.
    French,
    /// German style: `Шевченко` → `SCHEWTSCHENKO`.
    German,
    /// Kazakh passports (Russian-like, Kazakh letters folded): `Қасым` → `KASSYM`.
    KazakhPassport,
    /// Kazakh Latin alphabet of 2021: `Қасым-Жомарт` → `QASYM-JOMART`.
    Kazakh2021,
    /// Uzbek Latin: `Ўткир` → `O'TKIR`, `Ҳ` → `H`, `Х` → `X`.
    UzbekLatin,
}

impl Scheme {
    /// Short tag used in truth lines.
    pub fn tag(self) -> &'static str {
        match self {
            Scheme::Icao9303 => "icao9303",
            Scheme::RussianPassport1997 => "ru_passport_1997",
            Scheme::BgnPcgn => "bgn_pcgn",
            Scheme::French => "french",
            Scheme::German => "german",
            Scheme::KazakhPassport => "kz_passport",
            Scheme::Kazakh2021 => "kz_latin_2021",
            Scheme::UzbekLatin => "uz_latin",
        }
    }
}

fn is_vowel(c: char) -> bool {
    "аеёиоуыэюяәөүұіӣӯ".contains(c)
}

/// One letter (lower case) in a scheme; `prev` is the preceding letter.
fn letter(c: char, prev: Option<char>, next: Option<char>, s: Scheme) -> &'static str {
    use Scheme::*;
    let initial_or_after_vowel = prev.is_none_or(|p| is_vowel(p) || p == 'ь' || p == 'ъ');
    match c {
        'а' => "a",
        'б' => "b",
        'в' => {
            if s == German {
                "w"
            } else {
                "v"
            }
        }
        'г' => "g",
        'д' => "d",
        'е' => match s {
            BgnPcgn if initial_or_after_vowel => "ye",
            RussianPassport1997 if initial_or_after_vowel => "ye",
            German if initial_or_after_vowel => "je",
            _ => "e",
        },
        'ё' => match s {
            BgnPcgn => "ye",
            German => "jo",
            French => "io",
            Kazakh2021 => "io",
            _ => "e",
        },
        'ж' => match s {
            French => "j",
            German => "sh",
            Kazakh2021 | UzbekLatin => "j",
            _ => "zh",
        },
        'з' => {
            if s == German {
                "s"
            } else {
                "z"
            }
        }
        'и' => "i",
        'й' => match s {
            Icao9303 | Kazakh2021 => "i",
            German => "j",
            French => "i",
            _ => "y",
        },
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => {
            // Kazakh and old passports double s between vowels (KASSYM)
            let between = prev.is_some_and(is_vowel) && next.is_some_and(is_vowel);
            if between && matches!(s, KazakhPassport | French) {
                "ss"
            } else {
                "s"
            }
        }
        'т' => "t",
        'у' => match s {
            French => "ou",
            _ => "u",
        },
        'ф' => "f",
        'х' => match s {
            German => "ch",
            Kazakh2021 => "h",
            UzbekLatin => "x",
            _ => "kh",
        },
        'ц' => match s {
            German => "z",
            _ => "ts",
        },
        'ч' => match s {
            French => "tch",
            German => "tsch",
            _ => "ch",
        },
        'ш' => match s {
            French => "ch",
            German => "sch",
            _ => "sh",
        },
        'щ' => match s {
            French => "chtch",
            German => "schtsch",
            Kazakh2021 | UzbekLatin => "sh",
            _ => "shch",
        },
        'ъ' => match s {
            Icao9303 => "ie",
            UzbekLatin => "'",
            _ => "",
        },
        'ы' => "y",
        'ь' => match s {
            BgnPcgn => "'",
            _ => "",
        },
        'э' => "e",
        'ю' => match s {
            Icao9303 | Kazakh2021 => "iu",
            German => "ju",
            French => "iou",
            _ => "yu",
        },
        'я' => match s {
            Icao9303 | Kazakh2021 => "ia",
            German => "ja",
            _ => "ya",
        },
        // Kazakh, Uzbek, Kyrgyz, Tajik letters
        'ә' => "a",
        'ғ' => match s {
            UzbekLatin => "g'",
            Kazakh2021 => "g",
            _ => "g",
        },
        'қ' => match s {
            Kazakh2021 | UzbekLatin => "q",
            _ => "k",
        },
        'ң' => match s {
            Kazakh2021 => "n",
            _ => "ng",
        },
        'ө' => "o",
        'ұ' | 'ү' => "u",
        'і' => "i",
        'һ' | 'ҳ' => "h",
        'ў' => match s {
            UzbekLatin => "o'",
            _ => "u",
        },
        'ӣ' => "i",
        'ӯ' => "u",
        'ҷ' => match s {
            Kazakh2021 | UzbekLatin | French => "j",
            _ => "dzh",
        },
        _ => "",
    }
}

/// Romanise a Cyrillic word (or any text; non-Cyrillic letters pass).
pub fn romanize(word: &str, scheme: Scheme) -> String {
    let lower: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::new();
    for (i, &c) in lower.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| lower.get(j)).copied();
        let next = lower.get(i + 1).copied();
        let l = letter(c, prev, next, scheme);
        if l.is_empty() && !matches!(c, 'ъ' | 'ь') {
            if c.is_ascii_alphabetic() || c == '-' || c == ' ' || c == '\'' {
                out.push(c);
            }
            continue;
        }
        out.push_str(l);
    }
    // Russian passports write the -ий ending as -II (ICAO) or -IY (1997)
    out.to_uppercase()
}

/// Fold Turkish letters the ICAO way (`Ş`→`S`) or the German way (`Ö`→`OE`).
pub fn fold_turkish(word: &str, german: bool) -> String {
    let mut out = String::new();
    for c in word.chars() {
        match c {
            'ş' | 'Ş' => out.push('S'),
            'ç' | 'Ç' => out.push('C'),
            'ğ' | 'Ğ' => out.push('G'),
            'ı' | 'İ' => out.push('I'),
            'ö' | 'Ö' => out.push_str(if german { "OE" } else { "O" }),
            'ü' | 'Ü' => out.push_str(if german { "UE" } else { "U" }),
            c => out.extend(c.to_uppercase()),
        }
    }
    out
}
