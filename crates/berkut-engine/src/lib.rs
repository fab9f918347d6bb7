//! The screener: watchlist and ban events in, `CLEAR`/`REFER`/`DENY`
//! decisions with reasons out.
//!
//! [`Screener::apply`] folds events into a writer state (registry persons,
//! their bans, watchlist entries) and publishes a new immutable [`Snapshot`]
//! (records + `berkut-index` index) through an `ArcSwap`; [`Screener::screen`]
//! reads the current snapshot without locks: query → index candidates →
//! `berkut-match` scores → [`Policy`] → [`Decision`].
//!
//! Architecture invariants:
//! - pure: no I/O, no clock (screening takes `today`), no async;
//! - a decision names the `index_seq` of the snapshot it was made against,
//!   and a snapshot is never changed after it is published;
//! - a registry person is screenable only while one of their bans is active
//!   (and in force on the screening day); watchlist entries with a legal
//!   ground are ban-equivalents that can DENY, entries without one can at
//!   most REFER;
//! - DENY needs strong evidence against an in-force ban: a matching document
//!   with a compatible name, or a strong name with an equal full birth date.
//!   A matching document with a different name is its own reason and REFERs;
//! - a candidate is ruled out only when even its numeric score (no
//!   explanation built) over the name variants the index matched stays
//!   below the REFER threshold; every reported match is explained in full;
//! - records are analysed for scoring lazily, on first use, and the
//!   analysis is kept with the record (memory grows with the records ever
//!   screened against, at most the register).

mod documents;
mod eval;
mod traveller;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use arc_swap::ArcSwap;
use berkut_domain::watchlist::{BirthDate, EntryKind, ListedEntry};
use berkut_domain::{EntryBan, EventBody, LegalGround, Person, PersonName};
use berkut_index::{IndexRecord, NameIndex, Query, SearchLimits};
use berkut_match::{
    Band, MatchConfig, MatchSubject, PartialDate, PreparedSubject, compare_prepared_score,
    normalize_document, score_ceiling, score_prepared, score_value,
};
use serde::{Deserialize, Serialize};
use time::Date;

pub use documents::{DocumentCheck, DocumentContext, check_documents, presented_document};
pub use eval::{EvalReport, TruthLine, VariationStats, evaluate};
pub use traveller::{Traveller, TravellerDocument};

/// Decision thresholds; defaults chosen from the measured curves in
/// `docs/bench/2026-11-27-engine.md`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// A match at or above this score is reported and REFERs.
    pub refer: f64,
    /// Name similarity that, with an equal full birth date, DENYs.
    pub deny_name_with_birth_date: f64,
    /// Name similarity that, with the same document number, DENYs.
    pub deny_name_with_document: f64,
    /// Most matches reported per decision.
    pub max_matches: usize,
    /// DENY (instead of REFER) a traveller whose document is in the
    /// invalidated-documents register.
    pub deny_listed_documents: bool,
    /// Index search bounds.
    pub limits: SearchLimits,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            refer: 0.75,
            deny_name_with_birth_date: 0.85,
            deny_name_with_document: 0.75,
            max_matches: 5,
            deny_listed_documents: false,
            limits: SearchLimits::default(),
        }
    }
}

/// The outcome of screening, ordered by severity (`Clear < Refer < Deny`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Verdict {
    /// No possible match.
    Clear,
    /// A possible match: secondary inspection.
    Refer,
    /// Strong evidence against an in-force ban.
    Deny,
}

/// One reported match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchReport {
    /// Entry id (`national_register:W-1`, `registry:P-1`, `ofac_sdn:36`).
    pub entry_id: String,
    /// Score in `0..=1`.
    pub score: f64,
    /// `weak`, `possible` or `strong`.
    pub band: String,
    /// How the score came about.
    pub reasons: Vec<String>,
    /// Source list or `registry`.
    pub source: String,
    /// Legal ground code when the entry is a ban-equivalent.
    pub ground: Option<String>,
    /// Whether the entry bars entry today.
    pub bars_entry: bool,
    /// Whether this match is DENY-level evidence (a ban in force and a
    /// matching document or full birth date with the name).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deny: bool,
}

/// A screening decision, serialisable as the DESIGN screening-result JSONL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Traveller id.
    pub id: String,
    /// CLEAR, REFER or DENY.
    pub decision: Verdict,
    /// Why, in one line each.
    pub reasons: Vec<String>,
    /// Matches at or above the REFER threshold, best first.
    pub matches: Vec<MatchReport>,
    /// The snapshot the decision was made against.
    pub index_seq: u64,
    /// Problems with the input (bad MRZ check digits, truncated names, …).
    pub warnings: Vec<String>,
    /// Checks of the presented document (register, validity), when run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub document_checks: Vec<documents::DocumentCheck>,
}

/// Counts of what the screener holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreenerStats {
    /// Seq of the last applied event.
    pub index_seq: u64,
    /// Screenable records (watchlist individuals + persons with an active ban).
    pub records: usize,
    /// Of which registry persons.
    pub registry_persons: usize,
    /// Index figures.
    pub index: berkut_index::IndexStats,
}

/// A screenable person as the snapshot holds it.
/// One result of [`Screener::search`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// Entry id (`registry:W-1`, `un-sc:QDi.001`, …).
    pub entry_id: String,
    /// Its source.
    pub source: String,
    /// Best name similarity, 0..1.
    pub score: f64,
    /// A person registered in Berkut (not an imported list entry).
    pub registry: bool,
}

#[derive(Debug)]
struct Record {
    entry_id: String,
    source: String,
    subject: MatchSubject,
    ground: Option<LegalGround>,
    /// Watchlist ban end (`until`); `None` for no end.
    until: Option<Date>,
    /// Registry bans that were active when applied.
    bans: Vec<EntryBan>,
    registry: bool,
    prepared: OnceLock<PreparedSubject>,
}

impl Record {
    fn prepared(&self) -> &PreparedSubject {
        self.prepared
            .get_or_init(|| PreparedSubject::new(&self.subject))
    }

    /// Whether the record bars entry on `today`, and under which ground.
    fn bars_on(&self, today: Date) -> Option<LegalGround> {
        if self.registry {
            return self
                .bans
                .iter()
                .find(|b| b.in_force_on(today))
                .map(|b| b.ground);
        }
        let g = self.ground?;
        match self.until {
            Some(u) if u < today => None,
            _ => Some(g),
        }
    }

    /// Registry persons whose every ban is over are not screenable.
    fn screenable_on(&self, today: Date) -> bool {
        !self.registry || self.bans.iter().any(|b| b.in_force_on(today))
    }

    fn index_record(&self, entry: u32) -> IndexRecord {
        IndexRecord {
            entry,
            names: self.subject.names.clone(),
            documents: self.subject.documents.clone(),
            birth_years: self.subject.birth_dates.iter().map(|d| d.year).collect(),
        }
    }
}

/// An immutable view the screener reads.
#[derive(Debug, Default)]
pub struct Snapshot {
    seq: u64,
    index: NameIndex,
    records: Vec<Option<Arc<Record>>>,
}

impl Snapshot {
    /// Seq of the last event applied.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// The index, e.g. to serialise it.
    pub fn index(&self) -> &NameIndex {
        &self.index
    }
}

#[derive(Debug, Default)]
struct Writer {
    /// Entry key → entry number.
    numbers: HashMap<String, u32>,
    persons: HashMap<String, Person>,
    bans: HashMap<String, EntryBan>,
    records: Vec<Option<Arc<Record>>>,
    registry_live: usize,
}

/// The screening engine.
#[derive(Debug)]
pub struct Screener {
    current: ArcSwap<Snapshot>,
    writer: Mutex<Writer>,
    policy: Policy,
    config: MatchConfig,
}

impl Default for Screener {
    fn default() -> Self {
        Self::new(Policy::default())
    }
}

fn to_partial(d: &berkut_domain::PartialDate) -> PartialDate {
    use berkut_domain::PartialDate as D;
    let year = u16::try_from(d.year()).unwrap_or(0);
    match d {
        D::Year(_) => PartialDate {
            year,
            month: None,
            day: None,
        },
        D::Month(_, m) => PartialDate {
            year,
            month: Some(u8::from(*m)),
            day: None,
        },
        D::Day(x) => PartialDate {
            year,
            month: Some(u8::from(x.month())),
            day: Some(x.day()),
        },
    }
}

fn name_strings(names: &[&PersonName]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.contains(&n.full) {
            out.push(n.full.clone());
        }
    }
    out
}

fn entry_record(id: &str, e: &ListedEntry) -> Record {
    let names: Vec<&PersonName> = e.names.iter().map(|n| &n.name).collect();
    let mut birth_dates = Vec::new();
    for b in &e.birth_dates {
        match b {
            BirthDate::Exact { date } | BirthDate::Approximate { date } => {
                birth_dates.push(to_partial(date));
            }
            BirthDate::Range { from, to } => {
                let (a, z) = (from.year(), to.year());
                if z >= a && z - a <= 12 {
                    for y in a..=z {
                        birth_dates.push(PartialDate {
                            year: u16::try_from(y).unwrap_or(0),
                            month: None,
                            day: None,
                        });
                    }
                }
            }
        }
    }
    Record {
        entry_id: id.to_string(),
        source: e.list.code().to_string(),
        subject: MatchSubject {
            names: name_strings(&names),
            birth_dates,
            nationalities: e
                .nationalities
                .iter()
                .map(|c| c.as_str().to_string())
                .collect(),
            sex: e.sex.map(sex_char),
            documents: e.documents.iter().map(|d| d.number.clone()).collect(),
        },
        ground: e.ground,
        until: e.ban.as_ref().and_then(|b| b.until),
        bans: Vec::new(),
        registry: false,
        prepared: OnceLock::new(),
    }
}

fn sex_char(s: berkut_domain::Sex) -> char {
    let v = serde_json::to_value(s).unwrap_or_default();
    v.as_str()
        .and_then(|x| x.chars().next())
        .map_or('X', |c| c.to_ascii_uppercase())
}

fn person_record(p: &Person, bans: Vec<EntryBan>) -> Record {
    let names: Vec<&PersonName> = p.names.iter().collect();
    Record {
        entry_id: format!("registry:{}", p.id.as_str()),
        source: "registry".into(),
        subject: MatchSubject {
            names: name_strings(&names),
            birth_dates: p.birth_dates.iter().map(to_partial).collect(),
            nationalities: p
                .nationalities
                .iter()
                .map(|c| c.as_str().to_string())
                .collect(),
            sex: p.sex.map(sex_char),
            documents: p
                .documents
                .iter()
                .map(|d| d.number.as_str().to_string())
                .collect(),
        },
        ground: bans.first().map(|b| b.ground),
        until: None,
        bans,
        registry: true,
        prepared: OnceLock::new(),
    }
}

impl Writer {
    fn number(&mut self, key: &str) -> u32 {
        if let Some(n) = self.numbers.get(key) {
            return *n;
        }
        let n = u32::try_from(self.records.len()).unwrap_or(u32::MAX);
        self.numbers.insert(key.to_string(), n);
        self.records.push(None);
        n
    }

    fn set(&mut self, n: u32, rec: Option<Record>, changed: &mut Vec<u32>) {
        if let Some(slot) = self.records.get_mut(n as usize) {
            let was_registry = slot.as_ref().is_some_and(|r| r.registry);
            let is_registry = rec.as_ref().is_some_and(|r| r.registry);
            if was_registry {
                self.registry_live -= 1;
            }
            if is_registry {
                self.registry_live += 1;
            }
            *slot = rec.map(Arc::new);
            changed.push(n);
        }
    }

    fn refresh_person(&mut self, person_id: &str, changed: &mut Vec<u32>) {
        let key = format!("registry:{person_id}");
        let active: Vec<EntryBan> = self
            .bans
            .values()
            .filter(|b| {
                b.person_id.as_str() == person_id
                    && matches!(b.status, berkut_domain::BanStatus::Active)
            })
            .cloned()
            .collect();
        let rec = match self.persons.get(person_id) {
            Some(p) if !active.is_empty() => Some(person_record(p, active)),
            _ => None,
        };
        if rec.is_none() && !self.numbers.contains_key(&key) {
            return;
        }
        let n = self.number(&key);
        self.set(n, rec, changed);
    }
}

impl Screener {
    /// An empty screener with a policy and the default scorer weights.
    pub fn new(policy: Policy) -> Self {
        Self::with_config(policy, MatchConfig::default())
    }

    /// An empty screener with a policy and scorer weights.
    pub fn with_config(policy: Policy, config: MatchConfig) -> Self {
        Self {
            current: ArcSwap::from_pointee(Snapshot::default()),
            writer: Mutex::new(Writer::default()),
            policy,
            config,
        }
    }

    /// The policy in use.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// Seq of the last applied event.
    pub fn index_seq(&self) -> u64 {
        self.current.load().seq
    }

    /// Size figures.
    pub fn stats(&self) -> ScreenerStats {
        let s = self.current.load();
        let w = self.writer.lock().map(|w| w.registry_live).unwrap_or(0);
        ScreenerStats {
            index_seq: s.seq,
            records: s.records.iter().filter(|r| r.is_some()).count(),
            registry_persons: w,
            index: s.index.stats(),
        }
    }

    /// Apply events in seq order and publish a new snapshot. Events at or
    /// below the current seq are skipped (replays are harmless).
    pub fn apply(&self, events: &[(u64, EventBody)]) {
        let Ok(mut w) = self.writer.lock() else {
            return;
        };
        let old = self.current.load_full();
        let mut seq = old.seq;
        let mut changed: Vec<u32> = Vec::new();
        for (s, ev) in events {
            if *s <= seq {
                continue;
            }
            seq = *s;
            match ev {
                EventBody::PersonRegistered(p) => {
                    let id = p.id.as_str().to_string();
                    w.persons.insert(id.clone(), p.clone());
                    w.refresh_person(&id, &mut changed);
                }
                EventBody::BanImposed(b) => {
                    let ban = EntryBan::from_imposed(b);
                    let pid = ban.person_id.as_str().to_string();
                    w.bans.insert(ban.id.as_str().to_string(), ban);
                    w.refresh_person(&pid, &mut changed);
                }
                EventBody::BanLifted(l) => {
                    let key = l.ban_id.as_str().to_string();
                    if let Some(b) = w.bans.get_mut(&key) {
                        b.apply_lifted(l);
                        let pid = b.person_id.as_str().to_string();
                        w.refresh_person(&pid, &mut changed);
                    }
                }
                EventBody::BanExpired(x) => {
                    let key = x.ban_id.as_str().to_string();
                    if let Some(b) = w.bans.get_mut(&key) {
                        b.apply_expired(x);
                        let pid = b.person_id.as_str().to_string();
                        w.refresh_person(&pid, &mut changed);
                    }
                }
                EventBody::EntryListed(l) | EventBody::EntryChanged(l) => {
                    let key = l.entry_id.as_str().to_string();
                    let rec = (l.entry.kind == EntryKind::Individual)
                        .then(|| entry_record(&key, &l.entry));
                    if rec.is_none() && !w.numbers.contains_key(&key) {
                        continue;
                    }
                    let n = w.number(&key);
                    w.set(n, rec, &mut changed);
                }
                EventBody::EntryDelisted(d) => {
                    if let Some(&n) = w.numbers.get(d.entry_id.as_str()) {
                        w.set(n, None, &mut changed);
                    }
                }
                // Emergency declarations matter to document validity, not
                // to name screening; users, tokens and audited reads carry
                // nothing to screen against.
                EventBody::SourceImported(_)
                | EventBody::EmergencyDeclared(_)
                | EventBody::EmergencyEnded(_)
                | EventBody::UserCreated(_)
                | EventBody::TokenCreated(_)
                | EventBody::TokenRevoked(_)
                | EventBody::PersonalDataRead(_)
                | EventBody::ScreeningRecorded(_)
                | EventBody::ScreeningRevised(_)
                | EventBody::AttemptRecorded(_)
                | EventBody::AlertAcknowledged(_)
                | EventBody::AlertClosed(_)
                | EventBody::ReviewOpened(_)
                | EventBody::ReviewResolved(_) => {}
                // migration control (issue #7): applications, stays, their
                // alerts and proposals are about people, not list entries
                EventBody::ApplicationSubmitted(_)
                | EventBody::ApplicationScreened(_)
                | EventBody::ApplicationDecided(_)
                | EventBody::StayOpened(_)
                | EventBody::StayClosed(_)
                | EventBody::OverstayDetected(_)
                | EventBody::RescreenHit(_)
                | EventBody::RescreenCompleted(_)
                | EventBody::BanProposalOpened(_)
                | EventBody::BanProposalConfirmed(_)
                | EventBody::BanProposalRejected(_)
                | EventBody::Labour(_) => {}
            }
        }
        changed.sort_unstable();
        changed.dedup();
        let index = if changed.is_empty() {
            old.index.clone()
        } else {
            let live = w.records.iter().filter(|r| r.is_some()).count();
            let delta = old.index.delta_len() + changed.len();
            if delta > 4_096 && delta * 8 > live {
                let all: Vec<IndexRecord> = w
                    .records
                    .iter()
                    .enumerate()
                    .filter_map(|(i, r)| {
                        r.as_ref()
                            .map(|r| r.index_record(u32::try_from(i).unwrap_or(u32::MAX)))
                    })
                    .collect();
                NameIndex::compact(&all)
            } else {
                let mut ups = Vec::new();
                let mut gone = Vec::new();
                for &n in &changed {
                    match w.records.get(n as usize).and_then(Option::as_ref) {
                        Some(r) => ups.push(r.index_record(n)),
                        None => gone.push(n),
                    }
                }
                old.index.with_changes(&ups, &gone)
            }
        };
        self.current.store(Arc::new(Snapshot {
            seq,
            index,
            records: w.records.clone(),
        }));
    }

    /// Screen one traveller on `today`.
    pub fn screen(&self, t: &Traveller, today: Date) -> Decision {
        self.screen_with(t, today, &|_| None)
    }

    /// Screen one traveller on `today`, setting aside REFER-level matches
    /// the caller already knows to be someone else: `set_aside(entry_id)`
    /// returns the reason to report (e.g. a review that resolved this very
    /// traveller data against this very entry version as a different
    /// person), or `None` to keep the match. DENY-level matches are never
    /// set aside: strong evidence against a ban in force always counts.
    /// The caller owns the memory; the engine stays pure.
    pub fn screen_with(
        &self,
        t: &Traveller,
        today: Date,
        set_aside: &dyn Fn(&str) -> Option<String>,
    ) -> Decision {
        let snap = self.current.load();
        let q = t.to_query(today);
        let mut warnings = q.warnings;
        let query = PreparedSubject::new(&q.subject);
        let years: Vec<u16> = q.subject.birth_dates.iter().map(|d| d.year).collect();
        let iq = Query::from_analyzed(
            query.names.iter().map(|(_, p)| p.analyzed()),
            &q.subject.documents,
        )
        .with_birth_years(&years);
        let cands = snap.index.candidates(&iq, &self.policy.limits);
        if cands.truncated {
            warnings
                .push("name made only of very common tokens: candidates were read in part".into());
        }
        let mut matches: Vec<(MatchReport, bool)> = Vec::new();
        let mut reasons = Vec::new();
        let mut verdict = Verdict::Clear;
        let mut aside: Vec<String> = Vec::new();
        for c in &cands.list {
            let Some(rec) = snap.records.get(c.entry as usize).and_then(Option::as_ref) else {
                continue;
            };
            if !rec.screenable_on(today) {
                continue;
            }
            // most candidates share a token or two and no more: rule them
            // out on the name alone before building explanations
            if !c.document {
                // the names the index matched are the ones worth comparing
                let cand = rec.prepared();
                let mut best = 0.0f64;
                for (_, qn) in &query.names {
                    for &i in &c.names {
                        if let Some((_, cn)) = cand.names.get(usize::from(i)) {
                            best = best.max(compare_prepared_score(qn, cn));
                        }
                    }
                }
                if score_ceiling(best, &self.config) < self.policy.refer
                    || score_value(&query, cand, best, &self.config) < self.policy.refer
                {
                    continue;
                }
            }
            let r = score_prepared(&query, rec.prepared(), &self.config);
            let doc_exact = c.document
                && q.subject.documents.iter().any(|d| {
                    rec.subject
                        .documents
                        .iter()
                        .any(|x| normalize_document(x) == normalize_document(d))
                });
            let conflict = r.document_conflict || (doc_exact && r.name_score < 0.6);
            if r.score < self.policy.refer && !conflict {
                continue;
            }
            let bars = rec.bars_on(today);
            let full_dob = q
                .subject
                .birth_dates
                .iter()
                .any(|a| a.day.is_some() && rec.subject.birth_dates.iter().any(|b| b == a));
            let deny = bars.is_some()
                && ((doc_exact && r.name_score >= self.policy.deny_name_with_document)
                    || (full_dob && r.name_score >= self.policy.deny_name_with_birth_date));
            if !deny && let Some(note) = set_aside(&rec.entry_id) {
                aside.push(format!("set aside: {} {note}", rec.entry_id));
                continue;
            }
            let mut why = r.reasons.clone();
            if conflict && !r.document_conflict {
                why.push("document number matches but names differ".into());
            }
            if deny {
                verdict = Verdict::Deny;
                reasons.push(format!(
                    "DENY: {} ({}) {} against an in-force ban",
                    rec.entry_id,
                    bars.map_or("", LegalGround::code),
                    if doc_exact {
                        "document and name match"
                    } else {
                        "name and full birth date match"
                    }
                ));
            } else {
                if verdict == Verdict::Clear {
                    verdict = Verdict::Refer;
                }
                reasons.push(format!(
                    "REFER: possible match with {} (score {:.2}{})",
                    rec.entry_id,
                    r.score,
                    if conflict {
                        ", same document number, different name"
                    } else {
                        ""
                    }
                ));
            }
            matches.push((
                MatchReport {
                    entry_id: rec.entry_id.clone(),
                    score: (r.score * 1000.0).round() / 1000.0,
                    band: match r.band {
                        Band::Strong => "strong",
                        Band::Possible => "possible",
                        Band::Weak => "weak",
                    }
                    .into(),
                    reasons: why,
                    source: rec.source.clone(),
                    ground: bars.map(|g| g.code().to_string()),
                    bars_entry: bars.is_some(),
                    deny,
                },
                deny,
            ));
        }
        matches.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.score.total_cmp(&a.0.score)));
        matches.truncate(self.policy.max_matches);
        if verdict == Verdict::Clear {
            if q.subject.names.is_empty() && q.subject.documents.is_empty() {
                verdict = Verdict::Refer;
                reasons.push("REFER: nothing to screen on".into());
            } else {
                reasons.push(format!(
                    "CLEAR: {} candidates checked, none at or above {:.2}",
                    cands.list.len(),
                    self.policy.refer
                ));
            }
        }
        reasons.extend(aside);
        Decision {
            id: t.id.clone(),
            decision: verdict,
            reasons,
            matches: matches.into_iter().map(|(m, _)| m).collect(),
            index_seq: snap.seq,
            warnings,
            document_checks: Vec::new(),
        }
    }

    /// Search the index by name (analysts' search, not a screening): every
    /// record whose best name pair scores at least `min_score`, best first,
    /// at most `limit`. Names only; no birth date, document or policy.
    pub fn search(&self, names: &[String], min_score: f64, limit: usize) -> Vec<SearchHit> {
        let snap = self.current.load();
        let subject = MatchSubject {
            names: names.to_vec(),
            ..MatchSubject::default()
        };
        let query = PreparedSubject::new(&subject);
        let iq = Query::from_analyzed(
            query.names.iter().map(|(_, p)| p.analyzed()),
            &[] as &[String],
        );
        let cands = snap.index.candidates(&iq, &self.policy.limits);
        let mut hits: Vec<SearchHit> = cands
            .list
            .iter()
            .filter_map(|c| {
                let rec = snap
                    .records
                    .get(c.entry as usize)
                    .and_then(Option::as_ref)?;
                let cand = rec.prepared();
                let mut best = 0.0f64;
                for (_, qn) in &query.names {
                    for (_, cn) in &cand.names {
                        best = best.max(compare_prepared_score(qn, cn));
                    }
                }
                (best >= min_score).then(|| SearchHit {
                    entry_id: rec.entry_id.clone(),
                    source: rec.source.clone(),
                    score: best,
                    registry: rec.registry,
                })
            })
            .collect();
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.entry_id.cmp(&b.entry_id))
        });
        hits.truncate(limit);
        hits
    }

    /// Candidates the index returns for a traveller (for recall tests).
    pub fn candidate_ids(&self, t: &Traveller, today: Date) -> Vec<String> {
        let snap = self.current.load();
        let q = t.to_query(today);
        let years: Vec<u16> = q.subject.birth_dates.iter().map(|d| d.year).collect();
        let iq = Query::new(&q.subject.names, &q.subject.documents).with_birth_years(&years);
        snap.index
            .candidates(&iq, &self.policy.limits)
            .list
            .iter()
            .filter_map(|c| snap.records.get(c.entry as usize).and_then(Option::as_ref))
            .map(|r| r.entry_id.clone())
            .collect()
    }

    /// Score a traveller against every record, without the index: the
    /// reference the index's recall is tested against. Returns entry ids
    /// scoring at or above the REFER threshold.
    pub fn brute_force(&self, t: &Traveller, today: Date) -> Vec<(String, f64)> {
        let snap = self.current.load();
        let q = t.to_query(today);
        let query = PreparedSubject::new(&q.subject);
        snap.records
            .iter()
            .flatten()
            .filter(|r| r.screenable_on(today))
            .map(|r| {
                (
                    r.entry_id.clone(),
                    score_prepared(&query, r.prepared(), &self.config),
                )
            })
            .filter(|(_, m)| m.score >= self.policy.refer)
            .map(|(id, m)| (id, m.score))
            .collect()
    }
}
