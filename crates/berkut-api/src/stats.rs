//! Screening statistics for the console's dashboard, folded from the event
//! log: `screening.recorded` (a decision, its day and crossing point),
//! `screening.revised` (a REFER that review turned into a DENY) and
//! `attempt.recorded` (an attempt by a banned person, with its legal
//! ground).
//!
//! The tally lives in memory and is brought up to the log's head on each
//! request, reading only the events after its cursor: the first request
//! reads the whole log once, later ones only what is new. It holds counts,
//! never personal data (the screenings still open to revision are kept by
//! id with their day and crossing point only).
//!
//! Architecture Invariant: the figures are a pure function of the log's
//! events up to `through_seq`; a restarted server folds the same numbers.

use std::collections::{BTreeMap, HashMap};

use berkut_domain::{
    event::{RecordedEvent, kind as kinds},
    screening::{AttemptRecorded, ScreeningRecorded, ScreeningRevised},
};
use serde::Serialize;
use utoipa::ToSchema;

/// Decisions counted together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct DecisionCounts {
    /// Every screening.
    pub screenings: u64,
    /// `CLEAR`.
    pub clear: u64,
    /// `REFER` (still REFER: a REFER revised to DENY counts as DENY).
    pub refer: u64,
    /// `DENY`: refusals.
    pub deny: u64,
}

impl DecisionCounts {
    fn add(&mut self, decision: &str) {
        self.screenings += 1;
        self.bump(decision, 1);
    }

    fn bump(&mut self, decision: &str, by: i64) {
        let slot = match decision {
            "CLEAR" => &mut self.clear,
            "REFER" => &mut self.refer,
            "DENY" => &mut self.deny,
            _ => return,
        };
        *slot = slot.saturating_add_signed(by);
    }

    fn revise(&mut self, from: &str, to: &str) {
        self.bump(from, -1);
        self.bump(to, 1);
    }

    fn add_counts(&mut self, o: &DecisionCounts) {
        self.screenings += o.screenings;
        self.clear += o.clear;
        self.refer += o.refer;
        self.deny += o.deny;
    }
}

/// One day's screenings (UTC, by the day they were recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DayStats {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// The counts.
    #[serde(flatten)]
    pub counts: DecisionCounts,
}

/// One crossing point's screenings over the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PointStats {
    /// The crossing point as given by the screening (`""` when none was).
    pub crossing_point: String,
    /// The counts.
    #[serde(flatten)]
    pub counts: DecisionCounts,
}

/// Attempts by banned persons under one legal ground over the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct GroundStats {
    /// The legal ground code (`unknown` when the entry named none).
    pub ground: String,
    /// Attempts recorded (each raised an alert).
    pub attempts: u64,
}

/// Screening statistics over a window of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ScreeningStats {
    /// First day of the window.
    pub from: String,
    /// Last day of the window (today, UTC).
    pub to: String,
    /// The last log seq folded in.
    pub through_seq: u64,
    /// Every day of the window, oldest first (days without screenings as zeros).
    pub by_day: Vec<DayStats>,
    /// Crossing points with screenings in the window, most screenings first.
    pub by_crossing_point: Vec<PointStats>,
    /// Attempts by banned persons by legal ground in the window, most first.
    pub attempts_by_ground: Vec<GroundStats>,
    /// The window's totals.
    pub total: DecisionCounts,
}

/// The running tally.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    cursor: u64,
    /// (day, crossing point) → counts.
    cells: BTreeMap<(String, String), DecisionCounts>,
    /// (day, ground) → attempts.
    grounds: BTreeMap<(String, String), u64>,
    /// REFER screenings that review may still revise: id → (day, point).
    open_refers: HashMap<String, (String, String)>,
}

fn day_of(recorded_at: &str) -> String {
    recorded_at.get(..10).unwrap_or(recorded_at).to_string()
}

impl Tally {
    /// The last seq folded in.
    pub(crate) fn cursor(&self) -> u64 {
        self.cursor
    }

    /// Fold one event (events must come in seq order; others are ignored).
    pub(crate) fn apply(&mut self, e: &RecordedEvent) {
        if e.seq <= self.cursor {
            return;
        }
        self.cursor = e.seq;
        match e.kind.as_str() {
            kinds::SCREENING_RECORDED => {
                let Ok(s) = serde_json::from_str::<ScreeningRecorded>(&e.payload) else {
                    tracing::warn!(seq = e.seq, "stats: unreadable screening.recorded");
                    return;
                };
                let day = day_of(&e.recorded_at);
                let point = s.crossing.crossing_point.unwrap_or_default();
                self.cells
                    .entry((day.clone(), point.clone()))
                    .or_default()
                    .add(&s.decision);
                if s.decision == "REFER" {
                    self.open_refers.insert(s.screening_id, (day, point));
                }
            }
            kinds::SCREENING_REVISED => {
                let Ok(r) = serde_json::from_str::<ScreeningRevised>(&e.payload) else {
                    tracing::warn!(seq = e.seq, "stats: unreadable screening.revised");
                    return;
                };
                if let Some(key) = self.open_refers.remove(&r.screening_id) {
                    self.cells
                        .entry(key)
                        .or_default()
                        .revise("REFER", &r.decision);
                }
            }
            kinds::ATTEMPT_RECORDED => {
                let Ok(a) = serde_json::from_str::<AttemptRecorded>(&e.payload) else {
                    tracing::warn!(seq = e.seq, "stats: unreadable attempt.recorded");
                    return;
                };
                let ground = a.ground.unwrap_or_else(|| "unknown".into());
                *self
                    .grounds
                    .entry((day_of(&e.recorded_at), ground))
                    .or_default() += 1;
            }
            _ => {}
        }
    }

    /// Forget the days before `first` (no window reaches them): the tally
    /// stays as large as the longest window, however long the log.
    pub(crate) fn forget_before(&mut self, first: time::Date) {
        let first = first.to_string();
        self.cells.retain(|(day, _), _| *day >= first);
        self.grounds.retain(|(day, _), _| *day >= first);
        self.open_refers.retain(|_, (day, _)| *day >= first);
    }

    /// The figures for the days `from..=to`.
    pub(crate) fn report(&self, from: time::Date, to: time::Date) -> ScreeningStats {
        let (lo, hi) = (from.to_string(), to.to_string());
        let in_window = |day: &str| day >= lo.as_str() && day <= hi.as_str();
        let mut by_day: BTreeMap<String, DecisionCounts> = BTreeMap::new();
        let mut d = from;
        while d <= to {
            by_day.insert(d.to_string(), DecisionCounts::default());
            match d.next_day() {
                Some(n) => d = n,
                None => break,
            }
        }
        let mut points: BTreeMap<String, DecisionCounts> = BTreeMap::new();
        let mut total = DecisionCounts::default();
        for ((day, point), c) in &self.cells {
            if !in_window(day) {
                continue;
            }
            by_day.entry(day.clone()).or_default().add_counts(c);
            points.entry(point.clone()).or_default().add_counts(c);
            total.add_counts(c);
        }
        let mut grounds: BTreeMap<String, u64> = BTreeMap::new();
        for ((day, ground), n) in &self.grounds {
            if in_window(day) {
                *grounds.entry(ground.clone()).or_default() += n;
            }
        }
        let mut by_crossing_point: Vec<PointStats> = points
            .into_iter()
            .map(|(crossing_point, counts)| PointStats {
                crossing_point,
                counts,
            })
            .collect();
        by_crossing_point.sort_by(|a, b| {
            b.counts
                .screenings
                .cmp(&a.counts.screenings)
                .then_with(|| a.crossing_point.cmp(&b.crossing_point))
        });
        let mut attempts_by_ground: Vec<GroundStats> = grounds
            .into_iter()
            .map(|(ground, attempts)| GroundStats { ground, attempts })
            .collect();
        attempts_by_ground.sort_by(|a, b| {
            b.attempts
                .cmp(&a.attempts)
                .then_with(|| a.ground.cmp(&b.ground))
        });
        ScreeningStats {
            from: lo,
            to: hi,
            through_seq: self.cursor,
            by_day: by_day
                .into_iter()
                .map(|(day, counts)| DayStats { day, counts })
                .collect(),
            by_crossing_point,
            attempts_by_ground,
            total,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use berkut_domain::screening::{Crossing, TravellerData};

    fn ev(seq: u64, at: &str, kind: &str, payload: serde_json::Value) -> RecordedEvent {
        RecordedEvent {
            seq,
            recorded_at: at.into(),
            actor: "t".into(),
            kind: kind.into(),
            subject: String::new(),
            payload: payload.to_string(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    fn screening(seq: u64, at: &str, id: &str, point: &str, decision: &str) -> RecordedEvent {
        let s = ScreeningRecorded {
            screening_id: id.into(),
            traveller: TravellerData::default(),
            traveller_fingerprint: "f".into(),
            crossing: Crossing {
                crossing_point: Some(point.into()),
                direction: "entry".into(),
                purpose: "border".into(),
                ..Default::default()
            },
            decision: decision.into(),
            matched_entries: Vec::new(),
            index_seq: 0,
        };
        ev(
            seq,
            at,
            kinds::SCREENING_RECORDED,
            serde_json::to_value(s).unwrap(),
        )
    }

    fn date(s: &str) -> time::Date {
        time::Date::parse(s, &time::format_description::well_known::Iso8601::DATE).unwrap()
    }

    #[test]
    fn folds_decisions_revisions_and_grounds_by_day_and_point() {
        let mut t = Tally::default();
        t.apply(&screening(
            1,
            "2026-11-20T10:00:00Z",
            "S-1",
            "ALA-1",
            "CLEAR",
        ));
        t.apply(&screening(
            2,
            "2026-11-20T11:00:00Z",
            "S-2",
            "ALA-1",
            "REFER",
        ));
        t.apply(&screening(
            3,
            "2026-11-21T09:00:00Z",
            "S-3",
            "KHO-2",
            "DENY",
        ));
        t.apply(&ev(
            4,
            "2026-11-21T09:00:00Z",
            kinds::ATTEMPT_RECORDED,
            serde_json::json!({"alert_id": "AL-1", "screening_id": "S-3", "entry_id": "registry:W-1",
                "ban_ids": [], "ground": "terrorism", "traveller": {"names": []},
                "crossing": {"direction": "entry", "purpose": "border"}, "screened_by": "u"}),
        ));
        // review turns the REFER of the 20th into a DENY
        t.apply(&ev(
            5,
            "2026-11-22T09:00:00Z",
            kinds::SCREENING_REVISED,
            serde_json::json!({"screening_id": "S-2", "decision": "DENY", "review_id": "R-1"}),
        ));
        // an event already folded changes nothing
        t.apply(&screening(
            3,
            "2026-11-21T09:00:00Z",
            "S-3",
            "KHO-2",
            "DENY",
        ));
        let r = t.report(date("2026-11-19"), date("2026-11-22"));
        assert_eq!(r.through_seq, 5);
        assert_eq!(r.by_day.len(), 4);
        assert_eq!(r.by_day[0].counts, DecisionCounts::default());
        assert_eq!(
            r.by_day[1].counts,
            DecisionCounts {
                screenings: 2,
                clear: 1,
                refer: 0,
                deny: 1
            }
        );
        assert_eq!(r.by_day[2].counts.deny, 1);
        assert_eq!(r.total.screenings, 3);
        assert_eq!(r.total.deny, 2);
        assert_eq!(r.by_crossing_point[0].crossing_point, "ALA-1");
        assert_eq!(r.by_crossing_point[0].counts.screenings, 2);
        assert_eq!(
            r.attempts_by_ground,
            vec![GroundStats {
                ground: "terrorism".into(),
                attempts: 1
            }]
        );
        // forgetting the 20th: a revision of its REFER no longer counts anywhere
        let mut f = Tally::default();
        f.apply(&screening(
            1,
            "2026-11-20T11:00:00Z",
            "S-2",
            "ALA-1",
            "REFER",
        ));
        f.forget_before(date("2026-11-21"));
        f.apply(&ev(
            2,
            "2026-11-22T09:00:00Z",
            kinds::SCREENING_REVISED,
            serde_json::json!({"screening_id": "S-2", "decision": "DENY", "review_id": "R-1"}),
        ));
        let r2 = f.report(date("2026-11-19"), date("2026-11-22"));
        assert_eq!(r2.total, DecisionCounts::default());
        assert_eq!(r2.through_seq, 2);
        // a window that leaves the 20th out
        let r = t.report(date("2026-11-21"), date("2026-11-21"));
        assert_eq!(r.total.screenings, 1);
        assert_eq!(r.by_crossing_point.len(), 1);
        assert_eq!(r.by_crossing_point[0].crossing_point, "KHO-2");
    }
}
