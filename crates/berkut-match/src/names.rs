//! Order-free, role-aware alignment of two analysed names.

use berkut_text::{
    AnalyzedName, NameToken, Role, Script, analyze_name, family_key, glued_keys, skeleton,
    strip_glued_article,
};

use crate::distance::{
    jaro_winkler, key_similarity, key_similarity_may_reach, levenshtein_similarity,
    plain_levenshtein_similarity,
};

/// Below this a token pair is not aligned at all.
const MIN_TOKEN_SIM: f64 = 0.7;

/// Ceiling of a pair that shares no key (typos, unknown variants).
const FUZZY_SCALE: f64 = 0.85;

/// Similarity of two names of five letters or more that are one typing
/// slip apart (a letter changed, missing, added, or two swapped): the
/// fuzzy scale alone left `TOKLEV` ~ `Tokaev` below [`MIN_TOKEN_SIM`].
const ONE_SLIP: f64 = 0.8;

/// Shortest name a one-slip match applies to (the other may have lost a
/// letter).
const ONE_SLIP_MIN_LEN: usize = 5;

/// How two names compare, with the alignment explained.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch {
    /// Similarity in `0..=1`; symmetric in its two arguments.
    pub score: f64,
    /// One line per aligned or unaligned token.
    pub details: Vec<String>,
}

/// A token, or two neighbouring tokens glued (`Abdul Rahman` ~ `Abdulrahman`).
#[derive(Debug, Clone)]
struct Unit {
    idx: Vec<usize>,
    forms: Vec<String>,
    keys: Vec<String>,
    role: Role,
    initial: bool,
    label: String,
    /// Skeletons of forms with a glued article removed (`elmasri` → `masri`).
    stripped: Vec<String>,
}

fn stripped_keys(forms: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for f in forms {
        if let Some(rest) = strip_glued_article(f) {
            let k = skeleton(rest);
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// A name prepared for repeated comparison: its content tokens and the
/// glued pairs of neighbours, with all keys computed once.
#[derive(Debug, Clone)]
pub struct PreparedName {
    analyzed: AnalyzedName,
    toks: Vec<NameToken>,
    units: Vec<Unit>,
}

impl PreparedName {
    /// Prepare an analysed name.
    pub fn new(name: &AnalyzedName) -> Self {
        let toks: Vec<NameToken> = name.content().cloned().collect();
        let units = units(&toks);
        Self {
            analyzed: name.clone(),
            toks,
            units,
        }
    }

    /// The analysis the name was prepared from.
    pub fn analyzed(&self) -> &AnalyzedName {
        &self.analyzed
    }

    /// Analyse and prepare a raw name.
    pub fn parse(raw: &str) -> Self {
        Self::new(&analyze_name(raw))
    }
}

fn units(toks: &[NameToken]) -> Vec<Unit> {
    let mut out: Vec<Unit> = toks
        .iter()
        .enumerate()
        .map(|(i, t)| Unit {
            idx: vec![i],
            forms: t.forms.clone(),
            keys: t.keys.clone(),
            role: t.role,
            initial: t.initial,
            label: t.latin.clone(),
            stripped: stripped_keys(&t.forms),
        })
        .collect();
    for i in 0..toks.len().saturating_sub(1) {
        let (a, b) = (&toks[i], &toks[i + 1]);
        if a.initial || b.initial {
            continue;
        }
        let glued = format!("{}{}", a.latin, b.latin);
        let arabic = a.script == Script::Arabic || b.script == Script::Arabic;
        let mut forms = vec![glued.clone()];
        for x in a.forms.iter().take(2) {
            for y in b.forms.iter().take(2) {
                let f = format!("{x}{y}");
                if !forms.contains(&f) {
                    forms.push(f);
                }
            }
        }
        out.push(Unit {
            idx: vec![i, i + 1],
            keys: glued_keys(&a.forms, &b.forms, arabic),
            stripped: stripped_keys(&forms),
            forms,
            role: if a.role == b.role {
                a.role
            } else {
                Role::Unknown
            },
            initial: false,
            label: glued,
        });
    }
    out
}

fn weight(role: Role) -> f64 {
    match role {
        Role::Family => 1.3,
        Role::Patronymic => 0.5,
        Role::Particle => 0.2,
        Role::Given | Role::Unknown => 1.0,
    }
}

/// Weight of a token left without a partner: a missing patronymic or middle
/// name costs little, a missing surname more.
fn missing_weight(role: Role) -> f64 {
    match role {
        Role::Family => 0.6,
        Role::Patronymic => 0.05,
        Role::Particle => 0.0,
        Role::Given | Role::Unknown => 0.35,
    }
}

fn role_factor(a: &Unit, b: &Unit) -> f64 {
    if a.initial || b.initial {
        return 1.0;
    }
    role_compat(a.role, b.role)
}

fn role_compat(a: Role, b: Role) -> f64 {
    use Role::*;
    match (a, b) {
        (Unknown, _) | (_, Unknown) => 1.0,
        (x, y) if x == y => 1.0,
        (Patronymic, _) | (_, Patronymic) => 0.85,
        _ => 0.92,
    }
}

/// Whether two ASCII words are one typing slip apart: a letter missing,
/// added, or two neighbours swapped, or a letter changed in a word of six
/// letters or more; never in the first letter (`Kaliev` is not `Aliev`, nor
/// `Serik` `Berik`), and a changed letter in a five-letter name is too often
/// another name (`Erlan`, `Erjan`).
fn one_slip_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b || a.first() != b.first() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let pre = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    match long.len() - short.len() {
        0 => {
            let suf = short[pre..]
                .iter()
                .rev()
                .zip(long[pre..].iter().rev())
                .take_while(|(x, y)| x == y)
                .count();
            let diff = short.len() - pre - suf;
            (diff == 1 && short.len() >= 6)
                || (diff == 2 && short[pre] == long[pre + 1] && short[pre + 1] == long[pre])
        }
        1 => short[pre..] == long[pre + 1..],
        _ => false,
    }
}

/// A short name's letters with spelling-only differences folded: `y` and a
/// final `j` as `i`, doubled letters once, `ee` as `i`, `oo` as `u`, a final
/// `h` after a vowel dropped (Alla/Allah).
fn short_spelling(form: &str) -> String {
    let s = form.replace("ee", "i").replace("oo", "u");
    let s = match s.strip_suffix('h') {
        Some(stem) if stem.ends_with(['a', 'e', 'i', 'o', 'u']) => stem.to_string(),
        _ => s,
    };
    let n = s.chars().count();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        let c = match c {
            'y' => 'i',
            'j' if i + 1 == n => 'i',
            c => c,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Whether a glued unit and a single token are close enough in length for
/// the glued reading to be the same name: the shorter at least 60 % of the
/// longer (renderings and articles vary the length a little).
fn glue_fits(x: &Unit, y: &Unit) -> bool {
    let len = |u: &Unit| u.forms.iter().map(String::len).max().unwrap_or(0);
    let (a, b) = (len(x), len(y));
    a.min(b) * 5 >= a.max(b) * 3
}

/// Similarity of two units and a short word for how they matched.
fn unit_sim(a: &Unit, b: &Unit) -> (f64, &'static str) {
    if a.initial || b.initial {
        let first =
            |u: &Unit| -> Vec<char> { u.forms.iter().filter_map(|f| f.chars().next()).collect() };
        let (fa, fb) = (first(a), first(b));
        let hit = fa.iter().any(|c| fb.contains(c));
        if !hit {
            return (0.0, "initial differs");
        }
        return if a.initial && b.initial {
            (0.9, "same initial")
        } else {
            (0.8, "initial")
        };
    }
    if a.forms.first() == b.forms.first() {
        return (1.0, "same");
    }
    let shared = a.keys.iter().any(|k| b.keys.contains(k));
    let best_form_sim = || {
        let mut best = 0.0f64;
        for fa in &a.forms {
            for fb in &b.forms {
                if fa == fb {
                    return 1.0;
                }
                best = best.max(jaro_winkler(fa, fb).max(levenshtein_similarity(fa, fb)));
            }
        }
        best
    };
    if shared {
        // Ivanov/Ivanova, Aleksandr/Aleksandra: one skeleton, but the ending
        // marks a different sex, so usually a different person of one family
        if let (Some(x), Some(y)) = (a.forms.first(), b.forms.first())
            && !a.initial
            && !b.initial
            && (x.strip_suffix('a') == Some(y.as_str()) || y.strip_suffix('a') == Some(x.as_str()))
        {
            return (0.8, "masculine/feminine form");
        }
        let f = best_form_sim();
        if f >= 1.0 {
            return (1.0, "same");
        }
        // a skeleton of one consonant (Hao, Hai, Hui, Liu, Luo) says little:
        // the vowels are the name, up to spelling (Ali/Aly, Tsoi/Tsoj, Isa/Issa)
        if a.keys
            .iter()
            .filter(|k| b.keys.contains(k))
            .all(|k| k.trim_start_matches('A').len() <= 1)
        {
            let mut strict = 0.0f64;
            for fa in &a.forms {
                for fb in &b.forms {
                    if short_spelling(fa) == short_spelling(fb) {
                        return (0.95, "same short name");
                    }
                    strict = strict.max(plain_levenshtein_similarity(fa, fb));
                }
            }
            return (0.5 * strict, "other short name");
        }
        return (0.9 + 0.1 * f, "same skeleton");
    }
    // an article glued to the name: Elmasri ~ al-Masri
    if a.stripped.iter().any(|k| b.keys.contains(k))
        || b.stripped.iter().any(|k| a.keys.contains(k))
    {
        return (0.9, "same without glued article");
    }
    // two different known name families (Hasan/Husayn, Mahmud/Muhammad)
    // are different names however close they are spelled
    // (members only: `Husseain` has the skeleton HSN, which is also the key
    // of the Hasan family, without being a Hasan)
    if a.forms.iter().any(|f| family_key(f).is_some())
        && b.forms.iter().any(|f| family_key(f).is_some())
    {
        return (0.0, "different name families");
    }
    // keys below this cannot lift the pair over MIN_TOKEN_SIM: skip their DP
    let floor = (MIN_TOKEN_SIM / FUZZY_SCALE - 0.4) / 0.6;
    let mut best_key = 0.0f64;
    for ka in &a.keys {
        for kb in &b.keys {
            if key_similarity_may_reach(ka, kb, floor) {
                best_key = best_key.max(key_similarity(ka, kb));
            }
        }
    }
    let slip = || {
        a.forms.iter().any(|fa| {
            b.forms.iter().any(|fb| {
                fa.len().max(fb.len()) >= ONE_SLIP_MIN_LEN
                    && fa.len().min(fb.len()) + 1 >= ONE_SLIP_MIN_LEN
                    && one_slip_apart(fa, fb)
            })
        })
    };
    // the form similarity is at most 1: skip it when it cannot lift the pair
    if FUZZY_SCALE * (0.4 + 0.6 * best_key) < MIN_TOKEN_SIM {
        return if slip() {
            (ONE_SLIP, "one letter off")
        } else {
            (0.0, "different")
        };
    }
    let best_form = best_form_sim();
    let s = FUZZY_SCALE * (0.4 * best_form + 0.6 * best_key);
    if s < ONE_SLIP && slip() {
        return (ONE_SLIP, "one letter off");
    }
    (s, "fuzzy")
}

/// Compare two analysed names. Tokens are aligned one-to-one, greedily by
/// similarity, in any order; glued neighbours may align with one token.
pub fn compare_analyzed(a: &AnalyzedName, b: &AnalyzedName) -> NameMatch {
    compare_prepared(&PreparedName::new(a), &PreparedName::new(b))
}

/// Compare two prepared names (the same as [`compare_analyzed`], without
/// recomputing keys: use it when one side is compared many times).
pub fn compare_prepared(a: &PreparedName, b: &PreparedName) -> NameMatch {
    align(a, b, true)
}

/// The score of [`compare_prepared`] without building the explanation (no
/// string formatting): for ranking many candidates.
pub fn compare_prepared_score(a: &PreparedName, b: &PreparedName) -> f64 {
    align(a, b, false).score
}

fn align(a: &PreparedName, b: &PreparedName, explain: bool) -> NameMatch {
    let (ta, ua) = (&a.toks, &a.units);
    let (tb, ub) = (&b.toks, &b.units);
    if ta.is_empty() || tb.is_empty() {
        return NameMatch {
            score: 0.0,
            details: vec!["a name has no content tokens".into()],
        };
    }
    let mut pairs: Vec<(f64, usize, usize, &'static str)> = Vec::new();
    for (i, x) in ua.iter().enumerate() {
        for (j, y) in ub.iter().enumerate() {
            if x.idx.len() > 1 && y.idx.len() > 1 {
                continue;
            }
            // a glued pair is worth comparing with a token of about its
            // length only (Abdulrahman ~ Abdul Rahman), and its first
            // forms' lengths say so cheaply
            if x.idx.len() != y.idx.len() && !glue_fits(x, y) {
                continue;
            }
            let (s, how) = unit_sim(x, y);
            let s = s * role_factor(x, y);
            if s >= MIN_TOKEN_SIM {
                pairs.push((s, i, j, how));
            }
        }
    }
    // best first; on ties prefer single tokens over glued ones (more evidence)
    pairs.sort_by(|p, q| {
        q.0.total_cmp(&p.0).then(
            (ua[p.1].idx.len() + ub[p.2].idx.len()).cmp(&(ua[q.1].idx.len() + ub[q.2].idx.len())),
        )
    });
    let mut used_a = vec![false; ta.len()];
    let mut used_b = vec![false; tb.len()];
    let (mut got, mut total) = (0.0, 0.0);
    let mut details = Vec::new();
    for (s, i, j, how) in pairs {
        let (x, y) = (&ua[i], &ub[j]);
        if x.idx.iter().any(|&k| used_a[k]) || y.idx.iter().any(|&k| used_b[k]) {
            continue;
        }
        x.idx.iter().for_each(|&k| used_a[k] = true);
        y.idx.iter().for_each(|&k| used_b[k] = true);
        let wa: f64 = x.idx.iter().map(|&k| weight(ta[k].role)).sum::<f64>() / x.idx.len() as f64;
        let wb: f64 = y.idx.iter().map(|&k| weight(tb[k].role)).sum::<f64>() / y.idx.len() as f64;
        let w = (wa + wb) / 2.0 * x.idx.len().max(y.idx.len()) as f64;
        got += s * w;
        total += w;
        if explain {
            details.push(format!("{} ~ {}: {how} {:.2}", x.label, y.label, s));
        }
    }
    // A token missing on one side (middle name, patronymic) costs little; a
    // token on each side left unpaired means the names disagree there.
    let left = |toks: &[NameToken], used: &[bool]| {
        toks.iter().zip(used).any(|(t, u)| {
            !u && !t.initial && matches!(t.role, Role::Given | Role::Family | Role::Unknown)
        })
    };
    let conflict = left(ta, &used_a) && left(tb, &used_b);
    // A personal name in front of a matched chain (Qusay Saddam Hussein vs
    // Saddam Hussein) is another person of the family, not a dropped middle name.
    let leading = |toks: &[NameToken], used: &[bool], other_used: &[bool]| {
        toks.len() >= 3
            && !used[0]
            && other_used.first() == Some(&true)
            && !toks[0].initial
            && matches!(toks[0].role, Role::Given | Role::Unknown)
    };
    let lead_a = leading(ta, &used_a, &used_b);
    let lead_b = leading(tb, &used_b, &used_a);
    let cost = |t: &NameToken, lead: bool| {
        if (conflict || lead) && t.role != Role::Patronymic && !t.initial {
            0.8 * weight(t.role)
        } else {
            missing_weight(t.role)
        }
    };
    let what = if conflict {
        "no counterpart"
    } else {
        "missing"
    };
    for (k, (t, _)) in ta
        .iter()
        .zip(&used_a)
        .enumerate()
        .filter(|(_, (_, u))| !**u)
    {
        total += cost(t, lead_a && k == 0);
        let what = if lead_a && k == 0 {
            "leading name with no counterpart"
        } else {
            what
        };
        if explain {
            details.push(format!("{} ({:?}): {what} in second name", t.latin, t.role));
        }
    }
    for (k, (t, _)) in tb
        .iter()
        .zip(&used_b)
        .enumerate()
        .filter(|(_, (_, u))| !**u)
    {
        total += cost(t, lead_b && k == 0);
        let what = if lead_b && k == 0 {
            "leading name with no counterpart"
        } else {
            what
        };
        if explain {
            details.push(format!("{} ({:?}): {what} in first name", t.latin, t.role));
        }
    }
    let score = if total > 0.0 {
        (got / total).clamp(0.0, 1.0)
    } else {
        0.0
    };
    NameMatch { score, details }
}

/// Compare two raw names (analysed with [`berkut_text::analyze_name`]).
pub fn compare_names(a: &str, b: &str) -> NameMatch {
    compare_analyzed(&analyze_name(a), &analyze_name(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_script_pairs_score_high() {
        for (a, b) in [
            ("IURII IVANOV", "Иванов Юрий Петрович"),
            ("KASSYM-JOMART TOKAYEV", "Тоқаев Қасым-Жомарт"),
            ("Qasym-Zhomart Toqaev", "Тоқаев Қасым-Жомарт"),
            (
                "Mohamed Abdel Rahman el-Masri",
                "Muhammad Abd al-Rahman al-Masri",
            ),
            ("Abdulhai Salek", "SALEK, Abdul Hai"),
        ] {
            let m = compare_names(a, b);
            assert!(m.score >= 0.85, "{a} ~ {b}: {m:#?}");
        }
    }

    #[test]
    fn one_slip() {
        assert!(one_slip_apart("toklev", "tokaev"));
        assert!(one_slip_apart("tusryn", "tursyn"));
        assert!(one_slip_apart("omurnbek", "omurbek"));
        assert!(!one_slip_apart("tokayev", "tokenov"));
        assert!(!one_slip_apart("abc", "abc"));
        assert!(!one_slip_apart("kaliev", "aliev"));
        assert!(!one_slip_apart("erjan", "erlan"));
        assert!(compare_names("TOKLEV BOLAT", "Тоқаев Болат").score > 0.85);
    }

    #[test]
    fn short_names_compare_their_vowels() {
        assert!(compare_names("HAO HU", "XU HAI").score < 0.7);
        assert!(compare_names("ZHAO JIANHUA", "ZHOU JIANHUA").score < 0.7);
        assert!(compare_names("Ali Hassan", "Aly Hassan").score > 0.9);
        assert!(compare_names("Viktor Tsoi", "Viktor Tsoj").score > 0.9);
    }

    #[test]
    fn different_surnames_score_low() {
        let m = compare_names("Ivan Ivanov", "Ivan Petrov");
        assert!(m.score < 0.6, "{m:#?}");
    }

    #[test]
    fn symmetric() {
        let a = compare_names("Yuriy Petrovich Ivanov", "IVANOV IURII");
        let b = compare_names("IVANOV IURII", "Yuriy Petrovich Ivanov");
        assert!((a.score - b.score).abs() < 1e-9);
    }
}
