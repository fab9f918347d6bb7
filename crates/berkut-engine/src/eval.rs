//! Evaluation against truth lines: recall, false referrals, namesake
//! referrals, and misses by kind of variation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{Decision, Screener, Traveller, Verdict};

/// One truth line: `{"id","kind":"listed"|"clear"|"namesake","expect":entry|null,"variation"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthLine {
    /// Traveller id.
    pub id: String,
    /// `listed`, `clear` or `namesake`.
    pub kind: String,
    /// The entry a listed traveller should match.
    #[serde(default)]
    pub expect: Option<String>,
    /// Variation tags joined by `+` (optional).
    #[serde(default)]
    pub variation: Option<String>,
}

/// Counts for one variation tag among listed travellers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariationStats {
    /// Listed travellers carrying the tag.
    pub total: usize,
    /// Of which not REFERred or DENYed naming the right entry.
    pub missed: usize,
    /// Of which DENYed.
    pub denied: usize,
}

/// The evaluation report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    /// Listed travellers.
    pub listed: usize,
    /// Listed travellers REFERred or DENYed naming the expected entry.
    pub listed_found: usize,
    /// `listed_found / listed`.
    pub recall: f64,
    /// Listed travellers DENYed naming the expected entry.
    pub listed_denied: usize,
    /// Clear travellers.
    pub clear: usize,
    /// Clear travellers REFERred or DENYed.
    pub clear_referred: usize,
    /// Clear travellers DENYed.
    pub clear_denied: usize,
    /// `clear_referred / clear`.
    pub false_referral_rate: f64,
    /// Namesakes.
    pub namesakes: usize,
    /// Namesakes REFERred or DENYed.
    pub namesakes_referred: usize,
    /// Namesakes DENYed.
    pub namesakes_denied: usize,
    /// `namesakes_referred / namesakes`.
    pub namesake_referral_rate: f64,
    /// Per variation tag among listed travellers.
    pub variations: BTreeMap<String, VariationStats>,
    /// Ids of missed listed travellers (first 50).
    pub missed_ids: Vec<String>,
    /// Ids of referred clear travellers (first 50).
    pub false_referral_ids: Vec<String>,
}

fn names_entry(d: &Decision, expect: &str) -> bool {
    d.matches.iter().any(|m| {
        m.entry_id == expect
            || m.entry_id
                .rsplit_once(':')
                .is_some_and(|(_, id)| id == expect)
    })
}

fn rate(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Screen every traveller and score the decisions against the truth.
/// Travellers without a truth line are ignored.
pub fn evaluate(
    screener: &Screener,
    travellers: &[Traveller],
    truth: &[TruthLine],
    today: Date,
) -> EvalReport {
    let by_id: BTreeMap<&str, &TruthLine> = truth.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut r = EvalReport::default();
    for t in travellers {
        let Some(tr) = by_id.get(t.id.as_str()) else {
            continue;
        };
        let d = screener.screen(t, today);
        let flagged = d.decision != Verdict::Clear;
        match tr.kind.as_str() {
            "listed" => {
                r.listed += 1;
                let expect = tr.expect.as_deref().unwrap_or("");
                let found = flagged && names_entry(&d, expect);
                let denied = d.decision == Verdict::Deny && found;
                if found {
                    r.listed_found += 1;
                } else if r.missed_ids.len() < 50 {
                    r.missed_ids.push(t.id.clone());
                }
                if denied {
                    r.listed_denied += 1;
                }
                for tag in tr.variation.as_deref().unwrap_or("").split('+') {
                    if tag.is_empty() {
                        continue;
                    }
                    let v = r.variations.entry(tag.to_string()).or_default();
                    v.total += 1;
                    v.missed += usize::from(!found);
                    v.denied += usize::from(denied);
                }
            }
            "namesake" => {
                r.namesakes += 1;
                r.namesakes_referred += usize::from(flagged);
                r.namesakes_denied += usize::from(d.decision == Verdict::Deny);
            }
            _ => {
                r.clear += 1;
                r.clear_referred += usize::from(flagged);
                r.clear_denied += usize::from(d.decision == Verdict::Deny);
                if flagged && r.false_referral_ids.len() < 50 {
                    r.false_referral_ids.push(t.id.clone());
                }
            }
        }
    }
    r.recall = rate(r.listed_found, r.listed);
    r.false_referral_rate = rate(r.clear_referred, r.clear);
    r.namesake_referral_rate = rate(r.namesakes_referred, r.namesakes);
    r
}
