//! Continuous re-screening: when a ban is imposed or a list entry added,
//! screen the *population* (people in the country, pending citizenship
//! applicants, registered foreign workers) against that one new entry.
//!
//! The new entry is the query and the population is the index: the
//! population's names go into a `berkut-index` [`NameIndex`] (the same
//! skeleton-key and one-deletion postings the border screener uses over
//! the lists), the new entry's names are looked up in it, and each
//! candidate is scored with `berkut-match` exactly as the screener scores
//! a traveller against a listed person (the score is symmetric). The
//! `berkut-engine` `Screener` itself is not used: it indexes events
//! (persons with bans, watchlist entries), and a population member is
//! neither; see the crate documentation.
//!
//! Invariants:
//! - the index finds what the scorer can match: build and query derive
//!   terms with `berkut-index`'s own code, so a member scoring at or above
//!   the threshold is among the candidates unless the search was truncated
//!   (reported in [`Rescreen::truncated`]); `tests/tests.rs` checks it
//!   on a generated population against [`PopulationIndex::brute_force`];
//! - a candidate is ruled out only when its numeric score over the name
//!   variants the index matched stays below the threshold; every reported
//!   hit is scored and explained in full;
//! - changes ([`PopulationIndex::apply`]) produce a new index value through
//!   the overlay; the index never changes under a running query.

use std::collections::HashMap;
use std::sync::Arc;

use berkut_domain::watchlist::{BirthDate, ListedEntry};
use berkut_domain::{CountryCode, LegalGround, PartialDate, Person, Sex};
use berkut_index::{IndexRecord, NameIndex, Query, SearchLimits};
use berkut_match::{
    Band, MatchConfig, MatchSubject, PreparedName, PreparedSubject, compare_prepared_score,
    score_ceiling, score_prepared, score_value,
};
use serde::{Deserialize, Serialize};

/// Which population a member belongs to.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PopulationKind {
    /// In the country: an open entry record.
    #[default]
    InCountry,
    /// A pending citizenship application.
    PendingApplicant,
    /// A registered foreign worker.
    RegisteredWorker,
}

/// A person of the population, as the store describes them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PopulationMember {
    /// The id in its population (entry record, application, worker id).
    pub id: String,
    /// The population.
    pub kind: PopulationKind,
    /// Names in any script.
    pub names: Vec<String>,
    /// Birth dates.
    #[serde(default)]
    pub birth_dates: Vec<PartialDate>,
    /// Nationalities.
    #[serde(default)]
    pub nationalities: Vec<CountryCode>,
    /// Sex.
    #[serde(default)]
    pub sex: Option<Sex>,
    /// Document numbers.
    #[serde(default)]
    pub documents: Vec<String>,
}

/// The new entry to screen the population against.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewEntry {
    /// Its id (`registry:P-1`, `un_sc:QDi.001`).
    pub entry_id: String,
    /// Names in any script.
    pub names: Vec<String>,
    /// Birth dates.
    #[serde(default)]
    pub birth_dates: Vec<PartialDate>,
    /// Nationalities.
    #[serde(default)]
    pub nationalities: Vec<CountryCode>,
    /// Sex.
    #[serde(default)]
    pub sex: Option<Sex>,
    /// Document numbers.
    #[serde(default)]
    pub documents: Vec<String>,
    /// The ground of the ban or listing, if any.
    #[serde(default)]
    pub ground: Option<LegalGround>,
}

impl NewEntry {
    /// A registry ban on a person.
    pub fn from_ban(person: &Person, ground: LegalGround) -> Self {
        Self {
            entry_id: format!("registry:{}", person.id.as_str()),
            names: person.names.iter().map(|n| n.full.clone()).collect(),
            birth_dates: person.birth_dates.clone(),
            nationalities: person.nationalities.clone(),
            sex: person.sex,
            documents: person
                .documents
                .iter()
                .map(|d| d.number.as_str().to_string())
                .collect(),
            ground: Some(ground),
        }
    }

    /// A list entry (`entry_id` as the store keys it).
    pub fn from_listed(entry_id: &str, e: &ListedEntry) -> Self {
        let mut birth_dates = Vec::new();
        for b in &e.birth_dates {
            match b {
                BirthDate::Exact { date } | BirthDate::Approximate { date } => {
                    birth_dates.push(*date);
                }
                // a range gives no single date; its years are too vague to
                // add evidence here
                BirthDate::Range { .. } => {}
            }
        }
        Self {
            entry_id: entry_id.to_string(),
            names: e.names.iter().map(|n| n.name.full.clone()).collect(),
            birth_dates,
            nationalities: e.nationalities.clone(),
            sex: e.sex,
            documents: e.documents.iter().map(|d| d.number.clone()).collect(),
            ground: e.ground,
        }
    }
}

fn partial(d: &PartialDate) -> berkut_match::PartialDate {
    let year = u16::try_from(d.year()).unwrap_or(0);
    berkut_match::PartialDate {
        year,
        month: d.month().map(u8::from),
        day: d.day(),
    }
}

fn sex_char(s: Sex) -> char {
    match s {
        Sex::Male => 'M',
        Sex::Female => 'F',
        Sex::Unspecified => 'X',
    }
}

fn subject(
    names: &[String],
    birth_dates: &[PartialDate],
    nationalities: &[CountryCode],
    sex: Option<Sex>,
    documents: &[String],
) -> MatchSubject {
    let mut ns: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        if !n.trim().is_empty() && !ns.contains(n) {
            ns.push(n.clone());
        }
    }
    MatchSubject {
        names: ns,
        birth_dates: birth_dates.iter().map(partial).collect(),
        nationalities: nationalities
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        sex: sex.map(sex_char),
        documents: documents.to_vec(),
    }
}

/// A member as held: raw subject only. Prepared (analysed) names are built
/// per query and dropped: caching them, as the border screener does for
/// its listed persons, would grow to the whole population after a few
/// hundred new bans (gigabytes at a million people) to save little.
#[derive(Debug)]
struct Member {
    id: String,
    kind: PopulationKind,
    subject: MatchSubject,
}

impl Member {
    fn index_record(&self, entry: u32) -> IndexRecord {
        IndexRecord {
            entry,
            names: self.subject.names.clone(),
            documents: self.subject.documents.clone(),
            birth_years: self.subject.birth_dates.iter().map(|d| d.year).collect(),
        }
    }
}

fn member(m: PopulationMember) -> Member {
    Member {
        subject: subject(
            &m.names,
            &m.birth_dates,
            &m.nationalities,
            m.sex,
            &m.documents,
        ),
        id: m.id,
        kind: m.kind,
    }
}

/// Re-screening settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RescreenConfig {
    /// A member scoring at or above this is a hit (default 0.75, the
    /// screener's REFER threshold).
    pub threshold: f64,
    /// Index search bounds. Far wider than the border screener's (see the
    /// crate documentation): one query against a population of millions
    /// meets long postings and many namesakes, and every member above the
    /// threshold is wanted.
    pub limits: SearchLimits,
    /// Scorer weights.
    pub matching: MatchConfig,
}

impl Default for RescreenConfig {
    fn default() -> Self {
        Self {
            threshold: 0.75,
            limits: SearchLimits {
                common_df: 65_536,
                scan_cap: 262_144,
                max_variants: 16_384,
                max_entries: 8_192,
                ..SearchLimits::default()
            },
            matching: MatchConfig::default(),
        }
    }
}

/// One member who may be the new entry's person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Member id.
    pub member_id: String,
    /// Population.
    pub kind: PopulationKind,
    /// Score in `0..=1`.
    pub score: f64,
    /// `possible` or `strong` (or `weak` below the bands but above the
    /// threshold, if configured so).
    pub band: String,
    /// How the score came about.
    pub reasons: Vec<String>,
}

/// The result of re-screening the population against one entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rescreen {
    /// The new entry.
    pub entry_id: String,
    /// Its ground, carried into the alerts.
    pub ground: Option<LegalGround>,
    /// Hits, best first (score, then population, then id).
    pub hits: Vec<Hit>,
    /// Candidates the index returned.
    pub candidates: usize,
    /// The index read a very common term only in part: recall is not
    /// guaranteed for this entry.
    pub truncated: bool,
}

/// The population, indexed by name and document.
#[derive(Debug, Default, Clone)]
pub struct PopulationIndex {
    index: NameIndex,
    members: Vec<Option<Arc<Member>>>,
    numbers: HashMap<(PopulationKind, String), u32>,
}

fn key(m: &PopulationMember) -> (PopulationKind, String) {
    (m.kind, m.id.clone())
}

impl PopulationIndex {
    /// Index a whole population (name analysis runs on all cores).
    pub fn build(population: Vec<PopulationMember>) -> Self {
        let mut numbers = HashMap::with_capacity(population.len());
        let mut members: Vec<Option<Arc<Member>>> = Vec::with_capacity(population.len());
        for m in population {
            let k = key(&m);
            let n = match numbers.get(&k) {
                Some(&n) => n,
                None => {
                    let n = u32::try_from(members.len()).unwrap_or(u32::MAX);
                    numbers.insert(k, n);
                    members.push(None);
                    n
                }
            };
            if let Some(slot) = members.get_mut(n as usize) {
                *slot = Some(Arc::new(member(m)));
            }
        }
        let records: Vec<IndexRecord> = members
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                m.as_ref()
                    .map(|m| m.index_record(u32::try_from(i).unwrap_or(u32::MAX)))
            })
            .collect();
        Self {
            index: NameIndex::build(&records),
            members,
            numbers,
        }
    }

    /// Members held.
    pub fn len(&self) -> usize {
        self.members.iter().filter(|m| m.is_some()).count()
    }

    /// Whether no member is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Members added or changed (by population and id) and members gone
    /// (left the country, application decided, worker deregistered). The
    /// changes go to the index's overlay; call [`PopulationIndex::compact`]
    /// when it grows large.
    pub fn apply(&mut self, upserts: Vec<PopulationMember>, removals: &[(PopulationKind, String)]) {
        let mut ups = Vec::with_capacity(upserts.len());
        let mut gone = Vec::new();
        for m in upserts {
            let k = key(&m);
            let n = match self.numbers.get(&k) {
                Some(&n) => n,
                None => {
                    let n = u32::try_from(self.members.len()).unwrap_or(u32::MAX);
                    self.numbers.insert(k, n);
                    self.members.push(None);
                    n
                }
            };
            let m = Arc::new(member(m));
            ups.push(m.index_record(n));
            if let Some(slot) = self.members.get_mut(n as usize) {
                *slot = Some(m);
            }
        }
        for k in removals {
            if let Some(&n) = self.numbers.get(k)
                && let Some(slot) = self.members.get_mut(n as usize)
                && slot.take().is_some()
            {
                gone.push(n);
            }
        }
        self.index = self.index.with_changes(&ups, &gone);
    }

    /// Size figures of the index.
    pub fn stats(&self) -> berkut_index::IndexStats {
        self.index.stats()
    }

    /// Variants waiting in the overlay.
    pub fn delta_len(&self) -> usize {
        self.index.delta_len()
    }

    /// Fold the overlay into one base segment.
    pub fn compact(&mut self) {
        let records: Vec<IndexRecord> = self
            .members
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                m.as_ref()
                    .map(|m| m.index_record(u32::try_from(i).unwrap_or(u32::MAX)))
            })
            .collect();
        self.index = NameIndex::compact(&records);
    }

    /// Screen the population against one new entry.
    pub fn rescreen(&self, entry: &NewEntry, config: &RescreenConfig) -> Rescreen {
        let subj = subject(
            &entry.names,
            &entry.birth_dates,
            &entry.nationalities,
            entry.sex,
            &entry.documents,
        );
        let query = PreparedSubject::new(&subj);
        let years: Vec<u16> = subj.birth_dates.iter().map(|d| d.year).collect();
        let iq = Query::from_analyzed(
            query.names.iter().map(|(_, p)| p.analyzed()),
            &subj.documents,
        )
        .with_birth_years(&years);
        let cands = self.index.candidates(&iq, &config.limits);
        let mut hits = Vec::new();
        for c in &cands.list {
            let Some(m) = self.members.get(c.entry as usize).and_then(Option::as_ref) else {
                continue;
            };
            // the names the index matched are the ones worth comparing; the
            // rest of the member is prepared only if these can reach the
            // threshold
            let cand = if c.document {
                PreparedSubject::new(&m.subject)
            } else {
                let mut best = 0.0f64;
                for &i in &c.names {
                    if let Some(n) = m.subject.names.get(usize::from(i)) {
                        let cn = PreparedName::parse(n);
                        for (_, qn) in &query.names {
                            best = best.max(compare_prepared_score(qn, &cn));
                        }
                    }
                }
                if score_ceiling(best, &config.matching) < config.threshold {
                    continue;
                }
                let cand = PreparedSubject::new(&m.subject);
                if score_value(&query, &cand, best, &config.matching) < config.threshold {
                    continue;
                }
                cand
            };
            let r = score_prepared(&query, &cand, &config.matching);
            if r.score < config.threshold && !r.document_conflict {
                continue;
            }
            hits.push(Hit {
                member_id: m.id.clone(),
                kind: m.kind,
                score: (r.score * 1000.0).round() / 1000.0,
                band: match r.band {
                    Band::Strong => "strong",
                    Band::Possible => "possible",
                    Band::Weak => "weak",
                }
                .into(),
                reasons: r.reasons,
            });
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.kind.cmp(&b.kind))
                .then_with(|| a.member_id.cmp(&b.member_id))
        });
        Rescreen {
            entry_id: entry.entry_id.clone(),
            ground: entry.ground,
            hits,
            candidates: cands.list.len(),
            truncated: cands.truncated,
        }
    }

    /// For each entry, every member scoring at or above the threshold, by
    /// scanning the whole population (each member prepared once for all
    /// entries): the reference the index's recall is tested against.
    pub fn brute_force(&self, entries: &[NewEntry], config: &RescreenConfig) -> Vec<Vec<String>> {
        let queries: Vec<PreparedSubject> = entries
            .iter()
            .map(|e| {
                PreparedSubject::new(&subject(
                    &e.names,
                    &e.birth_dates,
                    &e.nationalities,
                    e.sex,
                    &e.documents,
                ))
            })
            .collect();
        let mut out = vec![Vec::new(); entries.len()];
        for m in self.members.iter().flatten() {
            let cand = PreparedSubject::new(&m.subject);
            for (q, hits) in queries.iter().zip(out.iter_mut()) {
                if score_prepared(q, &cand, &config.matching).score >= config.threshold {
                    hits.push(m.id.clone());
                }
            }
        }
        for hits in &mut out {
            hits.sort();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pm(id: &str, kind: PopulationKind, names: &[&str], dob: Option<&str>) -> PopulationMember {
        PopulationMember {
            id: id.into(),
            kind,
            names: names.iter().map(|s| s.to_string()).collect(),
            birth_dates: dob
                .map(|d| PartialDate::parse(d).expect("date"))
                .into_iter()
                .collect(),
            ..PopulationMember::default()
        }
    }

    fn entry(names: &[&str], dob: Option<&str>) -> NewEntry {
        NewEntry {
            entry_id: "registry:P-9".into(),
            names: names.iter().map(|s| s.to_string()).collect(),
            birth_dates: dob
                .map(|d| PartialDate::parse(d).expect("date"))
                .into_iter()
                .collect(),
            ground: Some(LegalGround::Terrorism),
            ..NewEntry::default()
        }
    }

    fn population() -> Vec<PopulationMember> {
        use PopulationKind::*;
        vec![
            pm("E-1", InCountry, &["IURII IVANOV"], Some("1975-03-12")),
            pm("E-2", InCountry, &["AIGERIM BEKOVA"], Some("1990-05-05")),
            pm(
                "A-1",
                PendingApplicant,
                &["Yuriy Petrovich Ivanov"],
                Some("1975-03-12"),
            ),
            pm("W-1", RegisteredWorker, &["JURIJ IVANOV"], Some("1975")),
            pm(
                "W-2",
                RegisteredWorker,
                &["Ivan Petrov"],
                Some("1975-03-12"),
            ),
            pm(
                "E-3",
                InCountry,
                &["Иванов Юрий Петрович"],
                Some("1980-01-01"),
            ),
        ]
    }

    #[test]
    fn new_ban_finds_the_person_in_every_population() {
        let ix = PopulationIndex::build(population());
        assert_eq!(ix.len(), 6);
        let r = ix.rescreen(
            &entry(&["Иванов Юрий Петрович"], Some("1975-03-12")),
            &RescreenConfig::default(),
        );
        let ids: Vec<&str> = r.hits.iter().map(|h| h.member_id.as_str()).collect();
        assert!(ids.contains(&"E-1"), "{ids:?}");
        assert!(ids.contains(&"A-1"), "{ids:?}");
        assert!(ids.contains(&"W-1"), "{ids:?}");
        assert!(!ids.contains(&"E-2"), "{ids:?}");
        assert!(!ids.contains(&"W-2"), "{ids:?}");
        assert_eq!(r.ground, Some(LegalGround::Terrorism));
        assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(
            r.hits
                .iter()
                .all(|h| h.score >= 0.75 && !h.reasons.is_empty())
        );
        // the index found every member the full scan finds
        let mut found: Vec<String> = r.hits.iter().map(|h| h.member_id.clone()).collect();
        found.sort();
        assert_eq!(
            found,
            ix.brute_force(
                &[entry(&["Иванов Юрий Петрович"], Some("1975-03-12"))],
                &RescreenConfig::default()
            )[0]
        );
    }

    #[test]
    fn changes_apply_through_the_overlay() {
        let mut ix = PopulationIndex::build(population());
        let e = entry(&["AIGERIM BEKOVA"], Some("1990-05-05"));
        let cfg = RescreenConfig::default();
        assert_eq!(ix.rescreen(&e, &cfg).hits.len(), 1);
        // she leaves the country; someone with her name is registered as a worker
        ix.apply(
            vec![pm(
                "W-9",
                PopulationKind::RegisteredWorker,
                &["Айгерим Бекова"],
                Some("1990-05-05"),
            )],
            &[(PopulationKind::InCountry, "E-2".into())],
        );
        let r = ix.rescreen(&e, &cfg);
        let ids: Vec<&str> = r.hits.iter().map(|h| h.member_id.as_str()).collect();
        assert_eq!(ids, ["W-9"]);
        assert!(ix.delta_len() > 0);
        ix.compact();
        assert_eq!(ix.delta_len(), 0);
        assert_eq!(ix.rescreen(&e, &cfg).hits.len(), 1);
        assert_eq!(ix.len(), 6);
    }

    #[test]
    fn document_number_alone_is_a_hit() {
        let mut p = population();
        p[1].documents = vec!["N1234567".into()];
        let ix = PopulationIndex::build(p);
        let mut e = entry(&["SOMEONE ELSE ENTIRELY"], None);
        e.documents = vec!["N1234567".into()];
        let r = ix.rescreen(&e, &RescreenConfig::default());
        assert_eq!(r.hits.len(), 1);
        assert_eq!(r.hits[0].member_id, "E-2");
        assert!(
            r.hits[0].reasons.iter().any(|x| x.contains("document")),
            "{:?}",
            r.hits[0].reasons
        );
    }
}
