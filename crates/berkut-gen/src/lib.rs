//! Seeded generator of synthetic registers, traveller streams and truth
//! lines in the shared JSONL formats (`../shared/DESIGN.md`), for measuring
//! the screening engine.
//!
//! Registers write names natively (Kazakh, Russian, Uzbek, Kyrgyz and Tajik
//! Cyrillic; Arabic and Perso-Arabic script; Han characters; Turkish Latin).
//! Travellers carry passports in Latin, romanised by one of several
//! practices (ICAO 9303, the 1997 Russian passport rules, BGN/PCGN, French and
//! German styles, Kazakh passports and the Kazakh 2021 Latin alphabet, Uzbek
//! Latin), with name order swapped, patronymics dropped or kept, typos,
//! aliases, other passports, MRZ-only documents (some with a broken check
//! digit), namesakes born on other dates, and ordinary travellers drawn from
//! the same name pools. Every traveller has a truth line
//! `{"id","kind","expect","variation"}`.
//!
//! Architecture invariants:
//! - pure and deterministic: the same seed and sizes give byte-identical
//!   output on every platform (own SplitMix64 generator, no clock);
//! - the romanisation tables here are written independently of
//!   `berkut-text`, so the engine is not tested against its own tables.

mod names;
mod rng;
mod translit;

use berkut_documents::{MrzFields, MrzFormat, Sex as MrzSex, generate as mrz_generate};
use serde_json::{Value, json};
use time::{Date, Month};

pub use names::Culture;
pub use rng::Rng;
pub use translit::{Scheme, fold_turkish, romanize};

/// Generated register, travellers and truth, one JSON object per string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// Register lines (DESIGN Person JSONL with ground).
    pub register: Vec<String>,
    /// Traveller lines (DESIGN traveller JSONL).
    pub travellers: Vec<String>,
    /// Truth lines `{"id","kind","expect","variation"}`.
    pub truth: Vec<String>,
}

/// Shares of traveller kinds, in percent (the rest are clear travellers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mix {
    /// Travellers who are listed persons.
    pub listed: u32,
    /// Namesakes of listed persons (same name, other birth date and document).
    pub namesakes: u32,
}

impl Default for Mix {
    fn default() -> Self {
        Self {
            listed: 30,
            namesakes: 10,
        }
    }
}

/// A person of the synthetic world.
#[derive(Debug, Clone)]
struct Person {
    culture: Culture,
    male: bool,
    given: String,
    family: String,
    patronymic: Option<String>,
    /// Native patronymic is a separate marker word (`Кемел ұлы`)?
    birth: Date,
    nationality: &'static str,
    document: String,
    alias_family: Option<String>,
}

const GROUNDS: [&str; 9] = [
    "sexual_offence_against_minor",
    "terrorism",
    "extremism",
    "organised_crime",
    "serious_crime",
    "prior_deportation",
    "migration_violation",
    "un_or_foreign_sanctions",
    "public_security_other",
];

fn pick_culture(rng: &mut Rng) -> Culture {
    let total: u32 = Culture::MIX.iter().map(|(_, w)| w).sum();
    let mut x = rng.below(total);
    for (c, w) in Culture::MIX {
        if x < w {
            return c;
        }
        x -= w;
    }
    Culture::Russian
}

fn feminine(family: &str, c: Culture) -> String {
    if !c.cyrillic() {
        return family.to_string();
    }
    for suf in ["ов", "ев", "ёв", "ин", "ын"] {
        if family.ends_with(suf) {
            return format!("{family}а");
        }
    }
    family.to_string()
}

fn russian_patronymic(father: &str, male: bool) -> String {
    let (m, f) = match father {
        "Пётр" => ("Петрович".to_string(), "Петровна".to_string()),
        "Илья" => ("Ильич".to_string(), "Ильинична".to_string()),
        "Дмитрий" => ("Дмитриевич".to_string(), "Дмитриевна".to_string()),
        x if x.ends_with("ий") => {
            let stem = x.trim_end_matches("ий");
            (format!("{stem}ьевич"), format!("{stem}ьевна"))
        }
        x if x.ends_with('й') => {
            let stem = x.trim_end_matches('й');
            (format!("{stem}евич"), format!("{stem}евна"))
        }
        x if x.ends_with('ь') => {
            let stem = x.trim_end_matches('ь');
            (format!("{stem}евич"), format!("{stem}евна"))
        }
        x => (format!("{x}ович"), format!("{x}овна")),
    };
    if male { m } else { f }
}

fn ends_with_consonant(s: &str) -> bool {
    s.chars()
        .last()
        .is_some_and(|c| !"аеёиоуыэюяәөүұіӣӯйь".contains(c))
}

fn patronymic(rng: &mut Rng, c: Culture, male: bool) -> Option<String> {
    let father = rng.pick(names::male(c)).to_string();
    match c {
        Culture::Russian => Some(russian_patronymic(&father, male)),
        Culture::Kazakh => {
            if rng.chance(50) || !ends_with_consonant(&father) {
                Some(format!("{father}{}", if male { "ұлы" } else { "қызы" }))
            } else {
                Some(russian_patronymic(&father, male))
            }
        }
        Culture::Uzbek => {
            if rng.chance(50) || !ends_with_consonant(&father) {
                Some(format!("{father} {}", if male { "ўғли" } else { "қизи" }))
            } else {
                Some(russian_patronymic(&father, male))
            }
        }
        Culture::Kyrgyz => Some(format!("{father} {}", if male { "уулу" } else { "кызы" })),
        Culture::Arabic if rng.chance(50) => Some(father),
        _ => None,
    }
}

fn random_date(rng: &mut Rng, from_year: i32, to_year: i32) -> Date {
    let y = from_year + rng.below(u32::try_from(to_year - from_year + 1).unwrap_or(1)) as i32;
    let m = Month::try_from(1 + rng.below(12) as u8).unwrap_or(Month::January);
    let d = 1 + rng.below(28) as u8;
    Date::from_calendar_date(y, m, d).unwrap_or(Date::MIN)
}

fn document_number(rng: &mut Rng, nat: &str) -> String {
    let letters = b"ABCEHKMNPRTXN";
    match nat {
        "KAZ" => format!("N{:08}", rng.below(100_000_000)),
        "RUS" => format!("{:02}{:07}", rng.below(100), rng.below(10_000_000)),
        "CHN" => format!("E{:08}", rng.below(100_000_000)),
        _ => format!(
            "{}{}{:07}",
            letters[rng.below(letters.len() as u32) as usize] as char,
            letters[rng.below(letters.len() as u32) as usize] as char,
            rng.below(10_000_000)
        ),
    }
}

fn new_person(rng: &mut Rng) -> Person {
    let culture = pick_culture(rng);
    let male = rng.chance(75);
    let given = if male {
        rng.pick(names::male(culture))
    } else {
        rng.pick(names::female(culture))
    }
    .to_string();
    let fam = rng.pick(names::family(culture));
    let family = if male {
        fam.to_string()
    } else {
        feminine(fam, culture)
    };
    let patronymic = patronymic(rng, culture, male);
    let nationality = *rng.pick(culture.nationality());
    let alias_family = if rng.chance(10) {
        let f = rng.pick(names::family(culture));
        Some(if male {
            f.to_string()
        } else {
            feminine(f, culture)
        })
    } else {
        None
    };
    Person {
        culture,
        male,
        given,
        family,
        patronymic,
        birth: random_date(rng, 1950, 2004),
        nationality,
        document: document_number(rng, nationality),
        alias_family,
    }
}

/// The register's native full name.
fn native_name(p: &Person, family: &str) -> String {
    match p.culture {
        Culture::Chinese => format!("{family}{}", p.given),
        Culture::Arabic | Culture::Afghan | Culture::Turkish => {
            let mut s = p.given.clone();
            if let Some(f) = &p.patronymic {
                s.push(' ');
                s.push_str(f);
            }
            s.push(' ');
            s.push_str(family);
            s
        }
        _ => {
            let mut s = format!("{family} {}", p.given);
            if let Some(f) = &p.patronymic {
                s.push(' ');
                s.push_str(f);
            }
            s
        }
    }
}

fn scheme_for(rng: &mut Rng, p: &Person) -> Scheme {
    if rng.chance(4) {
        return Scheme::French;
    }
    if rng.chance(4) {
        return Scheme::German;
    }
    let r = rng.below(100);
    match p.culture {
        Culture::Kazakh => match r {
            0..60 => Scheme::KazakhPassport,
            60..75 => Scheme::Kazakh2021,
            _ => Scheme::Icao9303,
        },
        Culture::Russian => match r {
            0..50 => Scheme::Icao9303,
            50..80 => Scheme::RussianPassport1997,
            _ => Scheme::BgnPcgn,
        },
        Culture::Uzbek => match r {
            0..50 => Scheme::UzbekLatin,
            50..80 => Scheme::Icao9303,
            _ => Scheme::RussianPassport1997,
        },
        _ => {
            if r < 50 {
                Scheme::Icao9303
            } else {
                Scheme::RussianPassport1997
            }
        }
    }
}

/// Latin spelling of a native word or multi-word part.
fn latin_word(rng: &mut Rng, word: &str, p: &Person, scheme: Scheme) -> String {
    match p.culture {
        c if c.cyrillic() => word
            .split(' ')
            .map(|w| romanize(w, scheme))
            .collect::<Vec<_>>()
            .join(" "),
        Culture::Turkish => fold_turkish(word, scheme == Scheme::German),
        Culture::Chinese => {
            // pinyin, as mainland passports write it; two-character given
            // names as one word
            let mut out = String::new();
            for ch in word.chars() {
                let s = names::latin_spellings(&ch.to_string());
                out.push_str(s.first().copied().unwrap_or(""));
            }
            if out.is_empty() {
                let s = names::latin_spellings(word);
                out = s.first().copied().unwrap_or("").to_string();
            }
            out
        }
        _ => {
            let s = names::latin_spellings(word);
            if s.is_empty() {
                // unknown word: keep as is (never happens with our pools)
                word.to_string()
            } else {
                rng.pick(s).to_string()
            }
        }
    }
}

/// Apply one typo to one word of at least five letters.
fn typo(rng: &mut Rng, words: &mut [String]) -> bool {
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().filter(char::is_ascii_alphabetic).count() >= 5)
        .collect();
    if long.is_empty() {
        return false;
    }
    let i = long[rng.below(long.len() as u32) as usize];
    let mut cs: Vec<char> = words[i].chars().collect();
    // keep the first letter: officers type it right
    let pos = 1 + rng.below((cs.len() - 1) as u32) as usize;
    let alphabet = b"AEIOUKLMNRST";
    match rng.below(4) {
        0 => cs[pos] = alphabet[rng.below(alphabet.len() as u32) as usize] as char,
        1 => {
            cs.remove(pos);
        }
        2 => cs.insert(
            pos,
            alphabet[rng.below(alphabet.len() as u32) as usize] as char,
        ),
        _ => {
            if pos + 1 < cs.len() {
                cs.swap(pos, pos + 1);
            } else {
                cs.swap(pos - 1, pos);
            }
        }
    }
    words[i] = cs.into_iter().collect();
    true
}

/// A traveller's passport name: (family, given, patronymic) in Latin.
fn passport_parts(
    rng: &mut Rng,
    p: &Person,
    family: &str,
    scheme: Scheme,
) -> (String, String, Option<String>) {
    let fam = latin_word(rng, family, p, scheme);
    let given = latin_word(rng, &p.given, p, scheme);
    let patr = p.patronymic.as_ref().map(|x| latin_word(rng, x, p, scheme));
    (fam, given, patr)
}

fn ymd(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn mrz_date(d: Date) -> String {
    format!(
        "{:02}{:02}{:02}",
        d.year().rem_euclid(100),
        u8::from(d.month()),
        d.day()
    )
}

fn mrz_clean(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphabetic() || *c == ' ' || *c == '-')
        .collect::<String>()
        .to_uppercase()
}

struct TravellerOut {
    line: Value,
    tags: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
fn traveller(
    rng: &mut Rng,
    id: &str,
    p: &Person,
    family: &str,
    birth: Date,
    document: &str,
    allow_typo: bool,
    mut tags: Vec<String>,
) -> TravellerOut {
    let scheme = scheme_for(rng, p);
    if p.culture.cyrillic() {
        tags.push(scheme.tag().to_string());
    }
    let (fam, given, patr) = passport_parts(rng, p, family, scheme);
    let mut words_f: Vec<String> = fam.split(' ').map(str::to_string).collect();
    let mut words_g: Vec<String> = given.split(' ').map(str::to_string).collect();
    if allow_typo && rng.chance(15) {
        let hit = if rng.chance(50) {
            typo(rng, &mut words_f)
        } else {
            typo(rng, &mut words_g)
        };
        if hit {
            tags.push("typo".into());
        }
    }
    let fam = words_f.join(" ");
    let mut given = words_g.join(" ");
    if let Some(pt) = patr {
        if rng.chance(20) {
            given = format!("{given} {pt}");
            tags.push("patronymic_kept".into());
        } else {
            tags.push("patronymic_dropped".into());
        }
    }
    let expiry =
        Date::from_calendar_date(2027 + rng.below(8) as i32, Month::June, 1).unwrap_or(Date::MIN);
    let sex = if p.male { "M" } else { "F" };
    if rng.chance(15) {
        let fields = MrzFields {
            document_code: "P".into(),
            issuing_state: p.nationality.into(),
            primary_identifier: mrz_clean(&fam),
            secondary_identifier: mrz_clean(&given),
            document_number: document.chars().take(9).collect(),
            nationality: p.nationality.into(),
            birth_date: mrz_date(birth),
            sex: if p.male { MrzSex::Male } else { MrzSex::Female },
            expiry_date: mrz_date(expiry),
            optional_data: String::new(),
            optional_data_2: String::new(),
        };
        if let Ok(mut lines) = mrz_generate(&fields, MrzFormat::Td3) {
            tags.push("mrz_only".into());
            if rng.chance(10)
                && let Some(l) = lines.get_mut(1)
            {
                // a misread check digit of the document number
                let mut cs: Vec<char> = l.chars().collect();
                if let Some(c) = cs.get_mut(9) {
                    *c = if *c == '0' { '1' } else { '0' };
                }
                *l = cs.into_iter().collect();
                tags.push("mrz_bad_check".into());
            }
            return TravellerOut {
                line: json!({"id": id, "mrz": lines}),
                tags,
            };
        }
    }
    let name = if rng.chance(50) {
        tags.push("order_family_first".into());
        format!("{fam} {given}")
    } else {
        tags.push("order_given_first".into());
        format!("{given} {fam}")
    };
    TravellerOut {
        line: json!({
            "id": id,
            "names": [name],
            "birth_date": ymd(birth),
            "nationality": p.nationality,
            "sex": sex,
            "document": {"number": document, "country": p.nationality, "type": "P", "expiry": ymd(expiry)},
        }),
        tags,
    }
}

/// Generate `listed` register entries and `travellers` travellers with the
/// default mix (30 % listed, 10 % namesakes, 60 % clear).
pub fn generate(seed: u64, listed: usize, travellers: usize) -> Generated {
    generate_with(seed, listed, travellers, Mix::default())
}

/// Generate with an explicit traveller mix.
pub fn generate_with(seed: u64, listed: usize, travellers: usize, mix: Mix) -> Generated {
    let mut rng = Rng::new(seed);
    let mut out = Generated::default();
    let mut people = Vec::with_capacity(listed);
    // register
    for i in 0..listed {
        let p = new_person(&mut rng);
        let id = format!("W-{:07}", i + 1);
        let mut names: Vec<Value> = vec![Value::String(native_name(&p, &p.family))];
        if p.culture == Culture::Chinese || rng.chance(25) {
            // registers often keep a Latin spelling too
            let s = scheme_for(&mut rng, &p);
            let (f, g, _) = passport_parts(&mut rng, &p, &p.family, s);
            names.push(Value::String(format!("{f} {g}")));
        }
        if let Some(a) = &p.alias_family {
            names.push(json!({"given": p.given, "family": a, "kind": "former"}));
        }
        let mut obj = json!({
            "id": id,
            "names": names,
            "nationalities": [p.nationality],
            "sex": if p.male { "M" } else { "F" },
            "ground": *rng.pick(&GROUNDS),
            "authority": "Migration Service",
            "basis": format!("decision {}", 1000 + i),
            "until": Value::Null,
        });
        let dob = match rng.below(100) {
            0..85 => Some(ymd(p.birth)),
            85..95 => Some(format!("{:04}", p.birth.year())),
            _ => None,
        };
        if let Some(d) = &dob {
            obj["birth_dates"] = json!([d]);
        }
        let has_doc = rng.chance(50);
        if has_doc {
            obj["documents"] =
                json!([{"number": p.document, "country": p.nationality, "type": "P"}]);
        }
        out.register.push(obj.to_string());
        people.push((id, p, dob, has_doc));
    }
    let listed_names: std::collections::HashSet<(String, String)> = people
        .iter()
        .flat_map(|(_, p, _, _)| {
            let mut v = vec![(p.given.clone(), p.family.clone())];
            if let Some(a) = &p.alias_family {
                v.push((p.given.clone(), a.clone()));
            }
            v
        })
        .collect();
    // travellers
    for t in 0..travellers {
        let id = format!("T-{:07}", t + 1);
        let r = rng.below(100);
        let (kind, expect, tr) = if r < mix.listed && !people.is_empty() {
            let k = rng.below(people.len() as u32) as usize;
            let (eid, p, dob, has_doc) = &people[k];
            let mut tags = Vec::new();
            let family = match &p.alias_family {
                Some(a) if rng.chance(50) => {
                    tags.push("alias".to_string());
                    a.clone()
                }
                _ => p.family.clone(),
            };
            let mut birth = p.birth;
            match dob.as_deref() {
                None => tags.push("register_no_dob".into()),
                Some(d) if d.len() == 4 => tags.push("register_year_only".into()),
                _ => {}
            }
            if birth.day() <= 12
                && rng.chance(3)
                && let Ok(m) = Month::try_from(birth.day())
                && let Ok(d) = Date::from_calendar_date(birth.year(), m, u8::from(birth.month()))
            {
                birth = d;
                tags.push("dob_day_month_swap".into());
            }
            let doc = if *has_doc && rng.chance(40) {
                tags.push("same_document".into());
                p.document.clone()
            } else {
                if *has_doc {
                    tags.push("other_passport".into());
                }
                document_number(&mut rng, p.nationality)
            };
            let tr = traveller(&mut rng, &id, p, &family, birth, &doc, true, tags);
            ("listed", Value::String(eid.clone()), tr)
        } else if r < mix.listed + mix.namesakes && !people.is_empty() {
            let k = rng.below(people.len() as u32) as usize;
            let (_, p, _, _) = &people[k];
            let mut other = p.clone();
            let shift = 2 + rng.below(20) as i32;
            let year = if rng.chance(50) {
                p.birth.year() + shift
            } else {
                p.birth.year() - shift
            };
            other.birth = random_date(&mut rng, year, year);
            let doc = document_number(&mut rng, p.nationality);
            let tr = traveller(
                &mut rng,
                &id,
                &other,
                &p.family,
                other.birth,
                &doc,
                false,
                vec!["namesake".into()],
            );
            ("namesake", Value::Null, tr)
        } else {
            let p = new_person(&mut rng);
            // an ordinary traveller who happens to carry a listed person's
            // full name is a namesake, and is counted as one
            let incidental = listed_names.contains(&(p.given.clone(), p.family.clone()));
            let tr = traveller(
                &mut rng,
                &id,
                &p,
                &p.family,
                p.birth,
                &p.document,
                false,
                vec![
                    if incidental {
                        "namesake_incidental"
                    } else {
                        "clear"
                    }
                    .into(),
                ],
            );
            (
                if incidental { "namesake" } else { "clear" },
                Value::Null,
                tr,
            )
        };
        out.travellers.push(tr.line.to_string());
        out.truth.push(
            json!({"id": id, "kind": kind, "expect": expect, "variation": tr.tags.join("+")})
                .to_string(),
        );
    }
    out
}
