//! Table-driven cases (`tests/data/*.tsv`).

use berkut_text::{analyze_name, skeleton};

fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

#[test]
fn cross_script_tokens_share_a_key() {
    let mut failures = Vec::new();
    for row in rows(include_str!("data/cross_script.tsv")) {
        let source = analyze_name(row[0]);
        let src_keys = &source.tokens[0].keys;
        for latin in row[1].split('|') {
            let l = analyze_name(latin);
            if !l.tokens[0].keys.iter().any(|k| src_keys.contains(k)) {
                failures.push(format!(
                    "{} {:?} !~ {} {:?}",
                    row[0], src_keys, latin, l.tokens[0].keys
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn latin_variants_share_the_primary_skeleton() {
    let mut failures = Vec::new();
    for row in rows(include_str!("data/same_skeleton.tsv")) {
        let words: Vec<&str> = row[0].split('|').collect();
        let k = skeleton(words[0]);
        for w in &words {
            if skeleton(w) != k {
                failures.push(format!("{w}={} vs {}={k}", skeleton(w), words[0]));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn different_names_keep_different_keys() {
    for row in rows(include_str!("data/different_skeleton.tsv")) {
        let a = analyze_name(row[0]);
        let b = analyze_name(row[1]);
        assert_ne!(a.tokens[0].key, b.tokens[0].key, "{} vs {}", row[0], row[1]);
    }
}

#[test]
fn main_standards_coincide_on_one_skeleton() {
    use berkut_text::{CyrillicLang, Scheme, fold_latin, romanize};
    let core = [
        Scheme::Icao9303,
        Scheme::RussianPassport1997,
        Scheme::Gost52535,
        Scheme::BgnPcgn,
        Scheme::English,
    ];
    for word in [
        "юрий",
        "юлия",
        "наталья",
        "алексей",
        "евгений",
        "цой",
        "хабиб",
        "ерлан",
        "дмитрий",
        "анастасия",
    ] {
        let lang = CyrillicLang::detect(word);
        let keys: Vec<String> = core
            .iter()
            .map(|s| skeleton(&fold_latin(&romanize(word, *s, lang))))
            .collect();
        assert!(keys.iter().all(|k| *k == keys[0]), "{word}: {keys:?}");
    }
    let kz = [
        Scheme::Icao9303,
        Scheme::KazakhPassport,
        Scheme::Kazakh2021,
        Scheme::KazakhBgn,
    ];
    for word in [
        "тоқаев",
        "қасым",
        "жомарт",
        "нұрсұлтан",
        "назарбаев",
        "кемелұлы",
    ] {
        let lang = CyrillicLang::detect(word);
        let keys: Vec<String> = kz
            .iter()
            .map(|s| skeleton(&fold_latin(&romanize(word, *s, lang))))
            .collect();
        assert!(keys.iter().all(|k| *k == keys[0]), "{word}: {keys:?}");
    }
}
