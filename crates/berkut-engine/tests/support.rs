//! Shared helpers: load registers into a screener, parse generated lines.

use berkut_domain::EventBody;
use berkut_domain::watchlist::{EntryId, EntryListed, ListedEntry};
use berkut_engine::{Screener, Traveller, TruthLine};

pub fn today() -> time::Date {
    time::macros::date!(2026 - 11 - 27)
}

pub fn listed_event(e: ListedEntry) -> EventBody {
    let source = e.list.code().to_string();
    let entry_id = EntryId::new(&source, &e.source_id).expect("entry id");
    EventBody::EntryListed(EntryListed {
        entry_id,
        source,
        content_hash: e.content_hash(),
        entry: e,
    })
}

/// Register JSONL lines → events numbered from `first_seq`.
pub fn register_events(lines: &[String], first_seq: u64) -> Vec<(u64, EventBody)> {
    let text = lines.join("\n");
    berkut_lists::NationalJsonlReader::new(text.as_bytes())
        .map(|e| e.expect("register line"))
        .enumerate()
        .map(|(i, e)| (first_seq + i as u64, listed_event(e)))
        .collect()
}

pub fn screener_with(lines: &[String]) -> Screener {
    let s = Screener::default();
    s.apply(&register_events(lines, 1));
    s
}

pub fn travellers(lines: &[String]) -> Vec<Traveller> {
    lines
        .iter()
        .map(|l| Traveller::from_json(l).expect("traveller"))
        .collect()
}

pub fn truth(lines: &[String]) -> Vec<TruthLine> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("truth"))
        .collect()
}
