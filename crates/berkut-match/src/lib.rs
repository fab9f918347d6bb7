//! Scoring of a query person against a candidate person, with readable
//! explanations.
//!
//! Pure: no I/O, no async. Names are analysed with `berkut-text`, aligned
//! order-free and role-aware ([`compare_names`]); birth dates, nationality,
//! sex and document numbers then add or remove evidence ([`score`]).
//!
//! Architecture invariants:
//! - a score is in `0..=1`; the name alone contributes at most
//!   [`MatchConfig::name_weight`] (0.85 by default), so an identical name with
//!   nothing else can never outrank the same name with a matching birth date:
//!   no saturation at 1.0;
//! - `score(x, x)` is maximal for `x`; name similarity is symmetric, and the
//!   whole score is symmetric because every comparator is;
//! - a matching document number with a different name is reported as its own
//!   reason and flag ([`MatchResult::document_conflict`]), lifting the score
//!   to the *possible* band but never to *strong* on its own;
//! - every adjustment is written into [`MatchResult::reasons`].

mod distance;
mod evidence;
mod names;

pub use distance::{
    jaro_winkler, key_similarity, key_similarity_may_reach, levenshtein_similarity,
    plain_levenshtein_similarity, weighted_levenshtein,
};
pub use evidence::{
    DateAgreement, PartialDate, compare_dates, normalize_country, normalize_document,
};
pub use names::{
    NameMatch, PreparedName, compare_analyzed, compare_names, compare_prepared,
    compare_prepared_score,
};

/// What is known about a person, on either side of a comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchSubject {
    /// All names and aliases, in any script and order.
    pub names: Vec<String>,
    /// Birth dates (several when sources disagree).
    pub birth_dates: Vec<PartialDate>,
    /// Nationalities (ISO alpha-2/alpha-3 codes or English names).
    pub nationalities: Vec<String>,
    /// `M`, `F` or `X`.
    pub sex: Option<char>,
    /// Document numbers as written.
    pub documents: Vec<String>,
}

/// Score bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Band {
    /// Below the possible threshold.
    Weak,
    /// Worth a look (REFER).
    Possible,
    /// Strong evidence of the same person.
    Strong,
}

/// Thresholds between bands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandThresholds {
    /// Minimum score for [`Band::Strong`].
    pub strong: f64,
    /// Minimum score for [`Band::Possible`].
    pub possible: f64,
}

impl Default for BandThresholds {
    fn default() -> Self {
        Self {
            strong: 0.90,
            possible: 0.70,
        }
    }
}

/// Weights of the scorer; defaults chosen on the test tables in `tests/data`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchConfig {
    /// Band thresholds.
    pub bands: BandThresholds,
    /// Share of the score the name can reach on its own.
    pub name_weight: f64,
    /// Full birth date equal.
    pub dob_exact: f64,
    /// Birth dates equal as far as both are known, or day/month swapped.
    pub dob_partial: f64,
    /// Birth years more than one apart.
    pub dob_mismatch: f64,
    /// Same year, different month/day.
    pub dob_same_year_only: f64,
    /// Both full dates known, within a year of each other and different
    /// (not a day/month swap): another person's birthday far more often
    /// than a typing slip.
    pub dob_other_full_date: f64,
    /// A shared nationality.
    pub nationality_match: f64,
    /// Nationalities known on both sides and disjoint.
    pub nationality_mismatch: f64,
    /// Sex known on both sides and different.
    pub sex_mismatch: f64,
    /// Same document number and a similar name.
    pub document_match: f64,
    /// Name score at or above which a document match counts as confirming.
    pub document_name_floor: f64,
}

impl Default for MatchConfig {
    fn default() -> Self {
        Self {
            bands: BandThresholds::default(),
            name_weight: 0.85,
            dob_exact: 0.09,
            dob_partial: 0.04,
            dob_mismatch: -0.15,
            dob_same_year_only: -0.05,
            dob_other_full_date: -0.13,
            nationality_match: 0.02,
            nationality_mismatch: -0.08,
            sex_mismatch: -0.10,
            document_match: 0.10,
            document_name_floor: 0.6,
        }
    }
}

/// The result of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchResult {
    /// Overall score in `0..=1`.
    pub score: f64,
    /// Band of `score` under the config's thresholds.
    pub band: Band,
    /// Best name similarity over all name pairs.
    pub name_score: f64,
    /// A document number matched while the names did not.
    pub document_conflict: bool,
    /// Readable reasons, name alignment first.
    pub reasons: Vec<String>,
}

/// Band of a score.
pub fn band(score: f64, thresholds: &BandThresholds) -> Band {
    if score >= thresholds.strong {
        Band::Strong
    } else if score >= thresholds.possible {
        Band::Possible
    } else {
        Band::Weak
    }
}

/// A subject analysed once for repeated comparison: names prepared,
/// nationalities and document numbers normalised.
#[derive(Debug, Clone, Default)]
pub struct PreparedSubject {
    /// Names as written, each with its prepared form.
    pub names: Vec<(String, PreparedName)>,
    /// Birth dates.
    pub birth_dates: Vec<PartialDate>,
    /// Nationalities normalised with [`normalize_country`].
    pub nationalities: Vec<String>,
    /// `M`, `F` or `X`, upper case.
    pub sex: Option<char>,
    /// Document numbers normalised with [`normalize_document`], 5 characters or more.
    pub documents: Vec<String>,
}

impl PreparedSubject {
    /// Prepare a subject (analyses every name once).
    pub fn new(subject: &MatchSubject) -> Self {
        Self {
            names: subject
                .names
                .iter()
                .map(|n| (n.clone(), PreparedName::parse(n)))
                .collect(),
            birth_dates: subject.birth_dates.clone(),
            nationalities: subject
                .nationalities
                .iter()
                .map(|s| normalize_country(s))
                .collect(),
            sex: subject.sex.map(|c| c.to_ascii_uppercase()),
            documents: subject
                .documents
                .iter()
                .map(|d| normalize_document(d))
                .filter(|d| d.len() >= 5)
                .collect(),
        }
    }
}

/// Best name similarity over all name pairs of two prepared subjects,
/// without explanations (cheap: use it to skip hopeless candidates).
pub fn name_score_prepared(query: &PreparedSubject, candidate: &PreparedSubject) -> f64 {
    let mut best = 0.0f64;
    for (_, qx) in &query.names {
        for (_, cx) in &candidate.names {
            best = best.max(compare_prepared_score(qx, cx));
        }
    }
    best
}

/// The highest score a candidate with name similarity `name` can reach
/// whatever the other evidence says.
pub fn score_ceiling(name: f64, config: &MatchConfig) -> f64 {
    config.name_weight * name + config.dob_exact + config.nationality_match + config.document_match
}

/// The score [`score_prepared`] gives when the best name similarity is
/// `name_score`, computed without explanations (no allocation): use it to
/// rule candidates out before explaining the few that remain.
pub fn score_value(
    query: &PreparedSubject,
    candidate: &PreparedSubject,
    name_score: f64,
    config: &MatchConfig,
) -> f64 {
    let mut total = config.name_weight * name_score;
    let mut best: Option<(DateAgreement, bool, bool)> = None;
    for a in &query.birth_dates {
        for b in &candidate.birth_dates {
            let ag = compare_dates(a, b);
            if best.is_none_or(|x| ag < x.0) {
                best = Some((
                    ag,
                    a.day.is_some() && b.day.is_some(),
                    a.month.is_none() || b.month.is_none(),
                ));
            }
        }
    }
    if let Some((ag, full, year_only)) = best {
        total += match ag {
            DateAgreement::Exact => config.dob_exact,
            DateAgreement::SamePrecision if full => config.dob_exact,
            DateAgreement::SamePrecision if year_only => config.dob_partial / 2.0,
            DateAgreement::SamePrecision => config.dob_partial,
            DateAgreement::DayMonthSwap => config.dob_partial,
            DateAgreement::SameYear | DateAgreement::NearYear if full => config.dob_other_full_date,
            DateAgreement::SameYear => config.dob_same_year_only,
            DateAgreement::NearYear => 0.0,
            DateAgreement::Different => config.dob_mismatch,
        };
    }
    let (qn, cn) = (&query.nationalities, &candidate.nationalities);
    if !qn.is_empty() && !cn.is_empty() {
        total += if qn.iter().any(|c| cn.contains(c)) {
            config.nationality_match
        } else {
            config.nationality_mismatch
        };
    }
    if let (Some(a), Some(b)) = (query.sex, candidate.sex)
        && matches!(a, 'M' | 'F')
        && matches!(b, 'M' | 'F')
        && a != b
    {
        total += config.sex_mismatch;
    }
    let doc = query
        .documents
        .iter()
        .any(|d| candidate.documents.contains(d));
    if doc && name_score >= config.document_name_floor {
        total += config.document_match;
    }
    let mut score = total.clamp(0.0, 1.0);
    if doc && name_score < config.document_name_floor {
        score = score
            .max(config.bands.possible)
            .min(config.bands.strong - 0.01);
    }
    score
}

/// Score a query person against a candidate person.
pub fn score(query: &MatchSubject, candidate: &MatchSubject, config: &MatchConfig) -> MatchResult {
    score_prepared(
        &PreparedSubject::new(query),
        &PreparedSubject::new(candidate),
        config,
    )
}

/// Score two prepared subjects ([`score`] without re-analysing names).
pub fn score_prepared(
    query: &PreparedSubject,
    candidate: &PreparedSubject,
    config: &MatchConfig,
) -> MatchResult {
    let mut reasons = Vec::new();

    // names: best pair over all aliases
    let mut best: Option<(f64, &str, &str, NameMatch)> = None;
    for (qn, qx) in &query.names {
        for (cn, cx) in &candidate.names {
            let m = compare_prepared(qx, cx);
            if best.as_ref().is_none_or(|b| m.score > b.0) {
                best = Some((m.score, qn.as_str(), cn.as_str(), m));
            }
        }
    }
    let name_score = best.as_ref().map_or(0.0, |b| b.0);
    if let Some((s, qn, cn, m)) = &best {
        reasons.push(format!("name '{qn}' ~ '{cn}': {s:.2}"));
        reasons.extend(m.details.iter().map(|d| format!("  {d}")));
    } else {
        reasons.push("no names to compare".into());
    }
    let mut total = config.name_weight * name_score;

    // birth dates: the best-agreeing pair decides
    let mut best_date: Option<(DateAgreement, PartialDate, PartialDate)> = None;
    for a in &query.birth_dates {
        for b in &candidate.birth_dates {
            let ag = compare_dates(a, b);
            if best_date.as_ref().is_none_or(|x| ag < x.0) {
                best_date = Some((ag, *a, *b));
            }
        }
    }
    if let Some((ag, a, b)) = best_date {
        let full = a.day.is_some() && b.day.is_some();
        let delta = match ag {
            DateAgreement::Exact => config.dob_exact,
            DateAgreement::SamePrecision if full => config.dob_exact,
            DateAgreement::SamePrecision => {
                // a bare year agrees with many people: half credit
                if a.month.is_none() || b.month.is_none() {
                    config.dob_partial / 2.0
                } else {
                    config.dob_partial
                }
            }
            DateAgreement::DayMonthSwap => config.dob_partial,
            // two full dates that differ: most likely two people
            DateAgreement::SameYear | DateAgreement::NearYear if full => config.dob_other_full_date,
            DateAgreement::SameYear => config.dob_same_year_only,
            // a year apart is a reading error only when a side lacks the day
            DateAgreement::NearYear => 0.0,
            DateAgreement::Different => config.dob_mismatch,
        };
        total += delta;
        reasons.push(format!("birth date {a} vs {b}: {ag:?} ({delta:+.2})"));
    }

    // nationality
    let (qn, cn) = (&query.nationalities, &candidate.nationalities);
    if !qn.is_empty() && !cn.is_empty() {
        if let Some(c) = qn.iter().find(|c| cn.contains(c)) {
            total += config.nationality_match;
            reasons.push(format!(
                "nationality {c} shared ({:+.2})",
                config.nationality_match
            ));
        } else {
            total += config.nationality_mismatch;
            reasons.push(format!(
                "nationality {} vs {} ({:+.2})",
                qn.join("/"),
                cn.join("/"),
                config.nationality_mismatch
            ));
        }
    }

    // sex
    if let (Some(a), Some(b)) = (query.sex, candidate.sex) {
        let (a, b) = (a.to_ascii_uppercase(), b.to_ascii_uppercase());
        if matches!(a, 'M' | 'F') && matches!(b, 'M' | 'F') && a != b {
            total += config.sex_mismatch;
            reasons.push(format!("sex {a} vs {b} ({:+.2})", config.sex_mismatch));
        }
    }

    // documents
    let mut document_conflict = false;
    if let Some(d) = query
        .documents
        .iter()
        .find(|d| candidate.documents.contains(d))
    {
        if name_score >= config.document_name_floor {
            total += config.document_match;
            reasons.push(format!(
                "document number {d} matches ({:+.2})",
                config.document_match
            ));
        } else {
            document_conflict = true;
            total = total.max(config.bands.possible);
            reasons.push(format!(
                "document number {d} matches but names differ (name {name_score:.2}): referred for review, not confirmed"
            ));
        }
    }

    let mut score = total.clamp(0.0, 1.0);
    if document_conflict {
        // never strong on a number alone
        score = score
            .min(config.bands.strong - 0.01)
            .max(config.bands.possible);
    }
    MatchResult {
        score,
        band: band(score, &config.bands),
        name_score,
        document_conflict,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(name: &str, dob: &str) -> MatchSubject {
        MatchSubject {
            names: vec![name.into()],
            birth_dates: PartialDate::parse(dob).into_iter().collect(),
            ..MatchSubject::default()
        }
    }

    #[test]
    fn exact_name_alone_is_not_saturated() {
        let c = MatchConfig::default();
        let name_only = score(&subject("Ivan Ivanov", ""), &subject("Ivan Ivanov", ""), &c);
        let with_dob = score(
            &subject("Ivan Ivanov", "1975-03-12"),
            &subject("Ivan Ivanov", "1975-03-12"),
            &c,
        );
        let with_year = score(
            &subject("Ivan Ivanov", "1975"),
            &subject("Ivan Ivanov", "1975-03-12"),
            &c,
        );
        assert!(name_only.score < with_year.score && with_year.score < with_dob.score);
        assert_eq!(with_dob.band, Band::Strong);
        assert_eq!(name_only.band, Band::Possible);
    }

    #[test]
    fn document_with_other_name_is_its_own_reason() {
        let c = MatchConfig::default();
        let mut a = subject("Ivan Ivanov", "");
        let mut b = subject("Petr Sidorov", "");
        a.documents = vec!["N1234567".into()];
        b.documents = vec!["n-I234567".into()];
        let r = score(&a, &b, &c);
        assert!(r.document_conflict);
        assert_eq!(r.band, Band::Possible);
        assert!(r.reasons.iter().any(|s| s.contains("names differ")));
    }

    #[test]
    fn dob_mismatch_lowers() {
        let c = MatchConfig::default();
        let r = score(
            &subject("Ivan Petrov", "1980-01-02"),
            &subject("Ivan Petrov", "1975-05-05"),
            &c,
        );
        assert!(r.band < Band::Strong);
        let swap = score(
            &subject("Ivan Petrov", "1980-01-02"),
            &subject("Ivan Petrov", "1980-02-01"),
            &c,
        );
        assert!(swap.score > r.score);
    }
}
