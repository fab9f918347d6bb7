//! The screening engine behind [`Screening`]: a [`Follower`] keeps a
//! [`berkut_engine::Screener`] up to date with the log; each request is
//! screened against its current snapshot, then the presented document is
//! checked (invalidated register, validity with emergency declarations).

use std::{collections::HashMap, sync::Arc};

use berkut_engine::{DocumentContext, Traveller, TravellerDocument, Verdict, check_documents};
use berkut_register::Register;
use berkut_sync::Follower;

use crate::screening::{
    DocumentCheckResult, EngineStatus, NameHit, Screening, ScreeningError, ScreeningMatch,
    ScreeningRequest, ScreeningResult,
};

/// The engine as the API's screening service.
#[derive(Debug, Clone)]
pub struct EngineScreening {
    follower: Arc<Follower>,
    register: Option<Arc<Register>>,
}

impl EngineScreening {
    /// Screen with `follower`'s screener; check documents against
    /// `register` when one is loaded.
    pub fn new(follower: Arc<Follower>, register: Option<Arc<Register>>) -> Self {
        Self { follower, register }
    }
}

fn traveller(r: &ScreeningRequest) -> Traveller {
    Traveller {
        id: r.id.clone().unwrap_or_default(),
        names: r.names.clone(),
        birth_date: r.birth_date.clone(),
        nationality: r.nationality.clone(),
        sex: r.sex.clone(),
        document: r.document.as_ref().map(|d| TravellerDocument {
            number: d.number.clone(),
            country: d.country.clone(),
            kind: d.kind.clone(),
            expiry: d.expiry.clone(),
        }),
        mrz: r.mrz.clone(),
    }
}

impl Screening for EngineScreening {
    fn screen(&self, r: &ScreeningRequest) -> Result<ScreeningResult, ScreeningError> {
        self.screen_setting_aside(r, &HashMap::new())
    }

    fn screen_setting_aside(
        &self,
        r: &ScreeningRequest,
        set_aside: &HashMap<String, String>,
    ) -> Result<ScreeningResult, ScreeningError> {
        let t = traveller(r);
        let today = r.day();
        let screener = self.follower.screener();
        let mut d = if set_aside.is_empty() {
            screener.screen(&t, today)
        } else {
            screener.screen_with(&t, today, &|id: &str| set_aside.get(id).cloned())
        };
        let declarations = self.follower.declarations();
        let ctx = DocumentContext {
            register: self.register.as_deref(),
            declarations: &declarations,
            region: r.region.as_deref(),
            crossing_point: r.crossing_point.as_deref(),
            deny_listed_documents: screener.policy().deny_listed_documents,
        };
        check_documents(&mut d, &t, today, &ctx);
        Ok(ScreeningResult {
            id: r.id.clone(),
            decision: match d.decision {
                Verdict::Clear => "CLEAR",
                Verdict::Refer => "REFER",
                Verdict::Deny => "DENY",
            }
            .into(),
            matches: d
                .matches
                .into_iter()
                .map(|m| ScreeningMatch {
                    entry_id: m.entry_id,
                    score: m.score,
                    reasons: m.reasons,
                    band: m.band,
                    source: m.source,
                    ground: m.ground,
                    bars_entry: m.bars_entry,
                    deny: m.deny,
                })
                .collect(),
            index_seq: d.index_seq,
            reasons: d.reasons,
            document_checks: d
                .document_checks
                .into_iter()
                .map(|c| DocumentCheckResult {
                    check: c.check,
                    ok: c.ok,
                    detail: c.detail,
                })
                .collect(),
            warnings: d.warnings,
            stale: self.follower.is_stale(),
            screening_id: String::new(),
            alert_ids: Vec::new(),
            review_ids: Vec::new(),
            spooled: false,
        })
    }

    fn search(
        &self,
        name: &str,
        min_score: f64,
        limit: usize,
    ) -> Result<Vec<NameHit>, ScreeningError> {
        Ok(self
            .follower
            .screener()
            .search(&[name.to_string()], min_score, limit)
            .into_iter()
            .map(|h| NameHit {
                person_id: h
                    .registry
                    .then(|| h.entry_id.strip_prefix("registry:").map(str::to_string))
                    .flatten(),
                entry_id: h.entry_id,
                source: h.source,
                score: h.score,
            })
            .collect())
    }

    fn store_reachable(&self) -> bool {
        self.follower.is_connected()
    }

    fn status(&self) -> Option<EngineStatus> {
        let s = self.follower.status();
        let records = self.follower.screener().stats().records;
        Some(EngineStatus {
            index_seq: s.applied_seq,
            head_seq: s.head_seq,
            lag: s.lag,
            records: u64::try_from(records).unwrap_or(u64::MAX),
            seconds_since_sync: s.since_last_ok.map(|d| d.as_secs_f64()),
            stale: s.stale,
            connected: s.connected,
            integrity: s.integrity.map(|b| b.to_string()),
        })
    }
}
