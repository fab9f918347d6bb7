//! The re-screening population held in memory between runs (issue #7).
//!
//! Building the [`PopulationIndex`] of a million people takes seconds;
//! screening it against one new entry takes a fraction of one. The
//! server's re-screening task therefore keeps a [`PopulationCache`]: built
//! in full from the [`PopulationSource`]s once, then kept up to date by
//! tailing the events that change a population (stays opened and closed,
//! applications submitted and decided) after its own cursor, each applied
//! to the index's overlay ([`PopulationIndex::apply`]); the overlay is
//! folded into the base ([`PopulationIndex::compact`]) when it grows.
//!
//! Invariant: after [`PopulationCache::sync`] the cache holds exactly the
//! members the sources would read from the store at that moment. The
//! cursor is the event head read *before* the full read, and every change
//! event is an idempotent "set" of one member (joins with its data, or
//! leaves), so replaying events the full read already saw leaves each
//! member in the state of the last event that touched it, which is the
//! store's. A source that declares no change kinds is read in full and
//! diffed on every sync that asks for it (`full`).

use std::collections::{HashMap, HashSet};

use berkut_control::{PopulationIndex, PopulationKind, PopulationMember};
use berkut_store::{AnyStore, PeopleStore, Store, StoreError};

use crate::people::{Member, PopulationChange, PopulationSource};

/// Change events read per store query while tailing.
const TAIL_BATCH: u32 = 10_000;

/// Fold the overlay into the base when it holds more than this many
/// variants and removals (and more than an eighth of the base).
const COMPACT_AT: usize = 65_536;

/// What one [`PopulationCache::sync`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// The index was built in full (first sync).
    pub built: bool,
    /// Change events applied.
    pub events: u64,
    /// Members added or replaced.
    pub upserts: u64,
    /// Members gone.
    pub removals: u64,
    /// The overlay was folded into the base.
    pub compacted: bool,
}

/// The population, indexed, with what each member's alert carries.
#[derive(Debug, Default)]
pub struct PopulationCache {
    index: PopulationIndex,
    members: HashMap<(PopulationKind, String), Member>,
    /// The change events are applied through this seq.
    cursor: u64,
    loaded: bool,
}

type Key = (PopulationKind, String);

impl PopulationCache {
    /// Members held.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether nobody is held.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Whether the first full build happened.
    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// The seq the change events are applied through.
    pub fn cursor(&self) -> u64 {
        self.cursor
    }

    /// The index (valid as of the last sync).
    pub fn index(&self) -> &PopulationIndex {
        &self.index
    }

    /// The members by population and id.
    pub fn members(&self) -> &HashMap<Key, Member> {
        &self.members
    }

    /// Bring the cache up to date with the store: the first call reads
    /// every source and builds the index (on a blocking thread); later
    /// calls apply the change events since the cursor. `full`: also re-read
    /// the sources that declare no change kinds.
    pub async fn sync(
        &mut self,
        store: &AnyStore,
        sources: &[Box<dyn PopulationSource>],
        full: bool,
    ) -> Result<SyncReport, StoreError> {
        let mut report = SyncReport::default();
        if !self.loaded {
            let (head, _) = store.head().await?;
            let mut members = HashMap::new();
            for s in sources {
                for m in s.members(store).await? {
                    members.insert((m.member.kind, m.member.id.clone()), m);
                }
            }
            let population: Vec<PopulationMember> =
                members.values().map(|m| m.member.clone()).collect();
            self.index = build(population).await?;
            self.members = members;
            self.cursor = head;
            self.loaded = true;
            report.built = true;
            return Ok(report);
        }
        // net change per member: the last event that touched it decides
        let mut changes: HashMap<Key, Option<Member>> = HashMap::new();
        let mut kinds: Vec<&str> = Vec::new();
        for s in sources {
            for k in s.change_kinds() {
                if !kinds.contains(k) {
                    kinds.push(k);
                }
            }
        }
        if !kinds.is_empty() {
            loop {
                let (head, _) = store.head().await?;
                let events = store
                    .events_of_kinds_after(self.cursor, &kinds, TAIL_BATCH)
                    .await?;
                let last = events.last().map(|e| e.seq);
                for e in &events {
                    report.events += 1;
                    for s in sources {
                        if !s.change_kinds().contains(&e.kind.as_str()) {
                            continue;
                        }
                        match s.change(e) {
                            Some(PopulationChange::Upsert(m)) => {
                                changes.insert((m.member.kind, m.member.id.clone()), Some(*m));
                            }
                            Some(PopulationChange::Remove(kind, id)) => {
                                changes.insert((kind, id), None);
                            }
                            None => {}
                        }
                    }
                }
                if events.len() < TAIL_BATCH as usize {
                    // every change event up to the head read before the
                    // query was returned by it
                    self.cursor = self.cursor.max(head).max(last.unwrap_or(0));
                    break;
                }
                self.cursor = last.unwrap_or(self.cursor);
            }
        }
        if full {
            for s in sources.iter().filter(|s| s.change_kinds().is_empty()) {
                let kind = s.kind();
                let now = s.members(store).await?;
                let ids: HashSet<&str> = now.iter().map(|m| m.member.id.as_str()).collect();
                for (k, _) in self.members.iter().filter(|(k, _)| k.0 == kind) {
                    if !ids.contains(k.1.as_str()) {
                        changes.insert(k.clone(), None);
                    }
                }
                for m in now {
                    let k = (m.member.kind, m.member.id.clone());
                    if self
                        .members
                        .get(&k)
                        .is_none_or(|old| old.member != m.member)
                    {
                        changes.insert(k, Some(m));
                    }
                }
            }
        }
        if changes.is_empty() {
            return Ok(report);
        }
        let mut upserts = Vec::new();
        let mut removals = Vec::new();
        for (k, m) in changes {
            match m {
                Some(m) => {
                    upserts.push(m.member.clone());
                    self.members.insert(k, m);
                }
                None => {
                    if self.members.remove(&k).is_some() {
                        removals.push(k);
                    }
                }
            }
        }
        report.upserts = upserts.len() as u64;
        report.removals = removals.len() as u64;
        self.index.apply(upserts, &removals);
        let stats = self.index.stats();
        let pending = stats.delta_variants + stats.removed_entries;
        if pending > COMPACT_AT && pending > stats.base_variants / 8 {
            let mut index = std::mem::take(&mut self.index);
            match tokio::task::spawn_blocking(move || {
                index.compact();
                index
            })
            .await
            {
                Ok(index) => self.index = index,
                Err(e) => {
                    // the index is gone: the next sync builds it again
                    *self = Self::default();
                    return Err(StoreError::Corrupt(format!(
                        "population index compaction: {e}"
                    )));
                }
            }
            report.compacted = true;
        }
        Ok(report)
    }
}

/// Build the index on a blocking thread (it uses every core for seconds at
/// a million people).
async fn build(population: Vec<PopulationMember>) -> Result<PopulationIndex, StoreError> {
    if population.is_empty() {
        return Ok(PopulationIndex::default());
    }
    tokio::task::spawn_blocking(move || PopulationIndex::build(population))
        .await
        .map_err(|e| StoreError::Corrupt(format!("population index build: {e}")))
}
