//! Inspection risk scores of employers and inspection plans per territorial
//! unit.
//!
//! A score is a sum of whole points, one contribution per factor, each
//! with a reason line that says what was counted and how it was weighed
//! (`expired permit: 2 worker(s) (W-1, W-7) × 10 = 20`). The weights are
//! [`RiskWeights`]; the defaults are listed in the crate documentation.
//! The score is a priority for planning, not a finding: every factor is a
//! fact an inspector then verifies.
//!
//! Invariants (property-tested):
//! - the score is the sum of the reason points, and every reason has
//!   points > 0;
//! - adding a worker, a violation or a hit never lowers a score (all
//!   weights are non-negative and every factor counts up);
//! - a plan lists each employer once, in its own unit, ordered by score
//!   (highest first), ties broken by the employer's number (ascending),
//!   so the same input gives the same plan.

use std::collections::BTreeMap;

use berkut_domain::{format_date, iso_date};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::calendar::months_before;
use crate::labour::{
    Employer, EmployerId, GroupCount, LocalShareRules, NotificationStatus, Permit, ShareBreach,
    ShareGroup,
};
use crate::territory::TerritorialUnit;

/// Points per factor. See the crate documentation for the defaults and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskWeights {
    /// Per worker employed on a permit that has expired.
    pub expired_permit: u32,
    /// Per worker employed without a permit who needs one.
    pub no_permit: u32,
    /// Per worker whose permit is for another territorial unit.
    pub permit_other_region: u32,
    /// Per worker under an in-force entry ban (screening hit).
    pub banned_worker: u32,
    /// Per open alert on a worker.
    pub open_alert: u32,
    /// Per worker overstaying.
    pub overstay: u32,
    /// Per late (or missing past the deadline) notification.
    pub late_notification: u32,
    /// Per percentage point below the local-staff minimum, per group.
    pub share_point: u32,
    /// Per intra-corporate transferee over the allowed number.
    pub ict_over: u32,
    /// Per past violation within `violation_years`.
    pub past_violation: u32,
    /// How far back past violations count, in years.
    pub violation_years: u32,
    /// Per sanctions-list hit on the employer itself.
    pub sanctions_hit: u32,
}

impl Default for RiskWeights {
    fn default() -> Self {
        Self {
            expired_permit: 10,
            no_permit: 12,
            permit_other_region: 4,
            banned_worker: 30,
            open_alert: 8,
            overstay: 10,
            late_notification: 3,
            share_point: 1,
            ict_over: 5,
            past_violation: 5,
            violation_years: 3,
            sanctions_hit: 40,
        }
    }
}

/// Risk configuration: weights, the share rule, and the plan's floor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskConfig {
    /// Points.
    pub weights: RiskWeights,
    /// The 70 %/90 % rule.
    pub local_share: LocalShareRules,
    /// Employers scoring below this are left out of plans (default 1: an
    /// employer with nothing against it is not planned).
    pub min_score: u32,
}

impl Default for RiskConfig {
    fn default() -> Self {
        Self {
            weights: RiskWeights::default(),
            local_share: LocalShareRules::default(),
            min_score: 1,
        }
    }
}

/// What is known about one foreign worker of an employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerFacts {
    /// Worker id.
    pub id: String,
    /// The work permit, if any.
    #[serde(default)]
    pub permit: Option<Permit>,
    /// Works without a permit by right (EAEU nationals).
    #[serde(default)]
    pub permit_exempt: bool,
    /// Hired on.
    #[serde(with = "iso_date")]
    pub hired: Date,
    /// Contract ended on (`None`: still employed).
    #[serde(default, with = "iso_date::option")]
    pub terminated: Option<Date>,
    /// In-force entry bans the worker was matched to (DENY-level hits).
    #[serde(default)]
    pub ban_hits: u32,
    /// Open alerts (REFERs not yet resolved, re-screening hits).
    #[serde(default)]
    pub open_alerts: u32,
    /// Whether the worker is overstaying (see [`crate::stay`]).
    #[serde(default)]
    pub overstaying: bool,
    /// Hiring and termination notifications as checked on the planning day.
    #[serde(default)]
    pub notifications: Vec<NotificationStatus>,
}

impl WorkerFacts {
    fn employed_on(&self, day: Date) -> bool {
        self.hired <= day && self.terminated.is_none_or(|t| day <= t)
    }
}

/// A violation found by an earlier inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastViolation {
    /// When it was found.
    #[serde(with = "iso_date")]
    pub date: Date,
    /// The legal provision (article, paragraph).
    pub legal_reference: String,
}

/// Everything the score of one employer rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmployerFacts {
    /// The employer.
    pub employer: Employer,
    /// Kazakh staff in categories 1–2.
    #[serde(default)]
    pub local_management: u32,
    /// Kazakh staff in categories 3–4.
    #[serde(default)]
    pub local_staff: u32,
    /// Its foreign workers (current and past).
    #[serde(default)]
    pub workers: Vec<WorkerFacts>,
    /// Violations found before.
    #[serde(default)]
    pub past_violations: Vec<PastViolation>,
    /// Hits of the employer against sanctions lists (organisation entries).
    #[serde(default)]
    pub sanctions_hits: u32,
}

/// A risk factor, with a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// Employer on a sanctions list.
    SanctionsHit,
    /// Workers under bans.
    BannedWorker,
    /// Workers without a needed permit.
    NoPermit,
    /// Workers on expired permits.
    ExpiredPermit,
    /// Permits for another unit.
    PermitOtherRegion,
    /// Overstaying workers.
    Overstay,
    /// Open alerts.
    OpenAlert,
    /// Late or missing notifications.
    LateNotification,
    /// Local-staff share below the minimum.
    LocalShare,
    /// Too many intra-corporate transferees.
    IctShare,
    /// Past violations.
    PastViolation,
}

/// One contribution to a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// Which factor.
    pub factor: Factor,
    /// Points it adds (> 0).
    pub points: u32,
    /// What was counted and how it was weighed.
    pub line: String,
}

/// The score of one employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskScore {
    /// The employer.
    pub employer: EmployerId,
    /// Its name.
    pub name: String,
    /// Its unit.
    pub region: TerritorialUnit,
    /// Sum of the reason points.
    pub score: u32,
    /// One line per contribution, in factor order.
    pub reasons: Vec<Reason>,
}

/// Count of one factor and the first few ids it concerns.
#[derive(Default)]
struct Tally<'a> {
    n: u32,
    who: Vec<&'a str>,
    people: usize,
}

impl<'a> Tally<'a> {
    const SHOWN: usize = 5;

    fn add(&mut self, id: &'a str, n: u32) {
        if n == 0 {
            return;
        }
        self.n = self.n.saturating_add(n);
        self.people += 1;
        if self.who.len() < Self::SHOWN {
            self.who.push(id);
        }
    }
}

struct Scorer {
    reasons: Vec<Reason>,
}

impl Scorer {
    fn per(&mut self, factor: Factor, what: &str, t: &Tally<'_>, w: u32) {
        let points = t.n.saturating_mul(w);
        if points == 0 {
            return;
        }
        let mut line = format!("{what}: {}", t.n);
        if !t.who.is_empty() {
            line.push_str(" (");
            line.push_str(&t.who.join(", "));
            if t.people > t.who.len() {
                line.push_str(&format!(", … {} more", t.people - t.who.len()));
            }
            line.push(')');
        }
        line.push_str(&format!(" × {w} = {points}"));
        self.reasons.push(Reason {
            factor,
            points,
            line,
        });
    }
}

/// Score one employer on day `on`.
pub fn score(facts: &EmployerFacts, on: Date, config: &RiskConfig) -> RiskScore {
    let w = &config.weights;
    let mut s = Scorer {
        reasons: Vec::new(),
    };
    let region = facts.employer.region;
    let (mut banned, mut no_permit, mut expired, mut elsewhere): (Tally, Tally, Tally, Tally) =
        Default::default();
    let (mut over, mut alerted, mut late): (Tally, Tally, Tally) = Default::default();
    let mut groups = [
        GroupCount {
            local: facts.local_management,
            ..GroupCount::default()
        },
        GroupCount {
            local: facts.local_staff,
            ..GroupCount::default()
        },
    ];
    for x in &facts.workers {
        let id = x.id.as_str();
        // notifications count for past workers too: a late termination
        // notice is a violation after the contract ended
        let n_late = x.notifications.iter().filter(|n| n.is_late()).count();
        late.add(id, u32::try_from(n_late).unwrap_or(u32::MAX));
        if !x.employed_on(on) {
            continue;
        }
        banned.add(id, x.ban_hits);
        no_permit.add(id, u32::from(x.permit.is_none() && !x.permit_exempt));
        alerted.add(id, x.open_alerts);
        over.add(id, u32::from(x.overstaying));
        if let Some(p) = &x.permit {
            expired.add(id, u32::from(p.valid_to < on));
            elsewhere.add(id, u32::from(p.region != region));
            let g = &mut groups[usize::from(p.category.group() == ShareGroup::Staff)];
            if p.intra_corporate_transfer {
                g.ict += 1;
            } else {
                g.foreign += 1;
            }
        }
    }
    let sanctions = Tally {
        n: facts.sanctions_hits,
        ..Tally::default()
    };
    s.per(
        Factor::SanctionsHit,
        "employer on a sanctions list: hit(s)",
        &sanctions,
        w.sanctions_hit,
    );
    s.per(
        Factor::BannedWorker,
        "worker(s) under an entry ban: hit(s)",
        &banned,
        w.banned_worker,
    );
    s.per(
        Factor::NoPermit,
        "worker(s) without a permit",
        &no_permit,
        w.no_permit,
    );
    s.per(
        Factor::ExpiredPermit,
        "worker(s) on an expired permit",
        &expired,
        w.expired_permit,
    );
    s.per(
        Factor::PermitOtherRegion,
        &format!(
            "worker(s) with a permit for another unit than {}",
            region.code()
        ),
        &elsewhere,
        w.permit_other_region,
    );
    s.per(Factor::Overstay, "worker(s) overstaying", &over, w.overstay);
    s.per(
        Factor::OpenAlert,
        "open alert(s) on workers",
        &alerted,
        w.open_alert,
    );
    s.per(
        Factor::LateNotification,
        "late or missing notification(s)",
        &late,
        w.late_notification,
    );

    // local-staff share, per group, over workers employed on a permit
    for (group, c) in [ShareGroup::Management, ShareGroup::Staff]
        .into_iter()
        .zip(groups)
    {
        for b in config.local_share.check(group, c) {
            let (factor, weight) = match b {
                ShareBreach::LocalShare { .. } => (Factor::LocalShare, w.share_point),
                ShareBreach::IctShare { .. } => (Factor::IctShare, w.ict_over),
            };
            // whole points per started percentage point or transferee (the
            // tolerance keeps 9.999999999999998 and 10.000000000000002 at 10)
            let units = (b.shortfall() - 1e-9).ceil();
            let units = if units >= f64::from(u32::MAX) {
                u32::MAX
            } else {
                // in 0..u32::MAX after the check: the cast is exact
                units.max(0.0) as u32
            };
            let points = units.saturating_mul(weight);
            if points > 0 {
                s.reasons.push(Reason {
                    factor,
                    points,
                    line: format!("{}: {units} × {weight} = {points}", b.describe()),
                });
            }
        }
    }

    let since = months_before(on, w.violation_years.saturating_mul(12));
    let mut recent = Tally::default();
    for v in &facts.past_violations {
        if since < v.date && v.date <= on {
            recent.add(&v.legal_reference, 1);
        }
    }
    s.per(
        Factor::PastViolation,
        &format!(
            "violation(s) since {}",
            format_date(since.next_day().unwrap_or(since))
        ),
        &recent,
        w.past_violation,
    );

    s.reasons.sort_by_key(|r| r.factor);
    RiskScore {
        employer: facts.employer.id.clone(),
        name: facts.employer.name.clone(),
        region: facts.employer.region,
        score: s
            .reasons
            .iter()
            .map(|r| r.points)
            .fold(0, u32::saturating_add),
        reasons: s.reasons,
    }
}

/// The ranked plan of one territorial unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPlan {
    /// The unit.
    pub unit: TerritorialUnit,
    /// Employers of the unit that were scored.
    pub employers_assessed: usize,
    /// Employers at or above the plan's floor, highest score first.
    pub ranked: Vec<RiskScore>,
}

/// Plans for every unit that has employers, in unit order.
pub fn plan(employers: &[EmployerFacts], on: Date, config: &RiskConfig) -> Vec<UnitPlan> {
    let mut units: BTreeMap<TerritorialUnit, UnitPlan> = BTreeMap::new();
    for f in employers {
        let u = units.entry(f.employer.region).or_insert_with(|| UnitPlan {
            unit: f.employer.region,
            employers_assessed: 0,
            ranked: Vec::new(),
        });
        u.employers_assessed += 1;
        let s = score(f, on, config);
        if s.score >= config.min_score {
            u.ranked.push(s);
        }
    }
    let mut out: Vec<UnitPlan> = units.into_values().collect();
    for u in &mut out {
        u.ranked.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| a.employer.number().cmp(b.employer.number()))
                .then_with(|| a.employer.cmp(&b.employer))
        });
    }
    out
}

/// The plan of one unit.
pub fn plan_for(
    unit: TerritorialUnit,
    employers: &[EmployerFacts],
    on: Date,
    config: &RiskConfig,
) -> UnitPlan {
    let mine: Vec<EmployerFacts> = employers
        .iter()
        .filter(|f| f.employer.region == unit)
        .cloned()
        .collect();
    plan(&mine, on, config)
        .into_iter()
        .next()
        .unwrap_or(UnitPlan {
            unit,
            employers_assessed: 0,
            ranked: Vec::new(),
        })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::calendar::{add_months, day};
    use crate::labour::{EmployerInput, NotificationKind, NotificationRules, PermitInput};

    fn employer(bin: &str, region: &str) -> Employer {
        EmployerInput {
            bin: Some(bin.into()),
            iin: None,
            name: format!("Employer {bin}"),
            region: region.into(),
        }
        .validate()
        .expect("valid employer")
    }

    fn permit(region: &str, category: u8, from: &str, to: &str) -> Permit {
        PermitInput {
            number: "P-1".into(),
            category,
            region: region.into(),
            position: "Engineer".into(),
            valid_from: from.into(),
            valid_to: to.into(),
            intra_corporate_transfer: false,
        }
        .validate()
        .expect("valid permit")
    }

    fn worker(id: &str, p: Option<Permit>) -> WorkerFacts {
        WorkerFacts {
            id: id.into(),
            permit: p,
            permit_exempt: false,
            hired: day("2026-01-10"),
            terminated: None,
            ban_hits: 0,
            open_alerts: 0,
            overstaying: false,
            notifications: Vec::new(),
        }
    }

    fn facts(bin: &str, region: &str) -> EmployerFacts {
        EmployerFacts {
            employer: employer(bin, region),
            local_management: 10,
            local_staff: 100,
            workers: Vec::new(),
            past_violations: Vec::new(),
            sanctions_hits: 0,
        }
    }

    const A: &str = "940140000385";
    const B: &str = "950341000052";
    const C: &str = "961141000023";

    #[test]
    fn each_factor_gives_one_reason_line() {
        let on = day("2026-11-27");
        let mut f = facts(A, "Almaty");
        let late = NotificationRules::default().check(
            NotificationKind::Hiring,
            day("2026-01-10"),
            None,
            on,
        );
        let mut w1 = worker("W-1", Some(permit("Almaty", 3, "2026-01-10", "2026-07-09")));
        w1.notifications.push(late);
        let mut w2 = worker(
            "W-2",
            Some(permit("Shymkent", 3, "2026-06-01", "2027-05-31")),
        );
        w2.ban_hits = 1;
        w2.open_alerts = 2;
        let mut w3 = worker("W-3", None);
        w3.overstaying = true;
        let mut gone = worker("W-4", None);
        gone.terminated = Some(day("2026-03-01"));
        f.workers = vec![w1, w2, w3, gone];
        f.past_violations = vec![
            PastViolation {
                date: day("2025-05-01"),
                legal_reference: "CoAO art. 517".into(),
            },
            PastViolation {
                date: day("2020-05-01"),
                legal_reference: "too old".into(),
            },
        ];
        f.sanctions_hits = 1;
        let s = score(&f, on, &RiskConfig::default());
        let lines: Vec<(Factor, u32)> = s.reasons.iter().map(|r| (r.factor, r.points)).collect();
        assert_eq!(
            lines,
            vec![
                (Factor::SanctionsHit, 40),
                (Factor::BannedWorker, 30),
                (Factor::NoPermit, 12),
                (Factor::ExpiredPermit, 10),
                (Factor::PermitOtherRegion, 4),
                (Factor::Overstay, 10),
                (Factor::OpenAlert, 16),
                (Factor::LateNotification, 3),
                (Factor::PastViolation, 5),
            ]
        );
        assert_eq!(s.score, 130);
        let expired = &s.reasons[3];
        assert_eq!(
            expired.line,
            "worker(s) on an expired permit: 1 (W-1) × 10 = 10"
        );
        assert!(s.reasons[8].line.contains("CoAO art. 517"));
        assert!(!s.reasons[8].line.contains("too old"));
    }

    #[test]
    fn local_share_points_per_started_point() {
        let mut f = facts(A, "Almaty");
        f.local_staff = 8;
        // 8 Kazakh staff and 2 foreign specialists: 80 % < 90 %
        f.workers = vec![
            worker("W-1", Some(permit("Almaty", 3, "2026-01-10", "2026-12-31"))),
            worker("W-2", Some(permit("Almaty", 4, "2026-01-10", "2026-12-31"))),
        ];
        let s = score(&f, day("2026-06-01"), &RiskConfig::default());
        assert_eq!(s.score, 10);
        assert_eq!(s.reasons[0].factor, Factor::LocalShare);
        assert_eq!(
            s.reasons[0].line,
            "local staff 80.0 % in categories 3-4, minimum 90 %: 10 × 1 = 10"
        );
    }

    #[test]
    fn plan_ranks_per_unit_with_deterministic_ties() {
        let on = day("2026-11-27");
        let expired = || Some(permit("Almaty", 3, "2026-01-10", "2026-07-09"));
        let mut a = facts(A, "Almaty");
        a.workers = vec![worker("W-1", expired())];
        let mut b = facts(B, "Almaty");
        b.workers = vec![worker("W-2", expired())];
        let mut c = facts(C, "Almaty");
        c.workers = vec![worker("W-3", expired()), worker("W-4", expired())];
        let quiet = facts("070941024691", "Almaty");
        let mut shym = facts("940140000385", "Shymkent");
        shym.sanctions_hits = 1;
        let all = vec![b.clone(), quiet, a.clone(), c, shym];
        let plans = plan(&all, on, &RiskConfig::default());
        assert_eq!(plans.len(), 2);
        let almaty = &plans[0];
        assert_eq!(almaty.unit, TerritorialUnit::AlmatyCity);
        assert_eq!(almaty.employers_assessed, 4);
        let order: Vec<&str> = almaty.ranked.iter().map(|r| r.employer.number()).collect();
        assert_eq!(order, vec![C, A, B]);
        // the same input in another order gives the same plan
        let mut rev = all.clone();
        rev.reverse();
        assert_eq!(plan(&rev, on, &RiskConfig::default()), plans);
        assert_eq!(
            plan_for(TerritorialUnit::Shymkent, &all, on, &RiskConfig::default()).ranked[0].score,
            40
        );
        assert!(
            plan_for(TerritorialUnit::Abai, &all, on, &RiskConfig::default())
                .ranked
                .is_empty()
        );
    }

    fn worker_strategy() -> impl Strategy<Value = WorkerFacts> {
        (
            0u32..3,
            0u32..3,
            any::<bool>(),
            any::<bool>(),
            0i64..400,
            proptest::option::of(0u8..3),
        )
            .prop_map(|(bans, alerts, over, has_permit, start, region)| {
                let from = crate::calendar::add_days(day("2025-06-01"), start);
                let to = crate::calendar::add_days(add_months(from, 6), -1);
                let region = match region {
                    Some(0) => "Almaty",
                    Some(1) => "Shymkent",
                    _ => "Astana",
                };
                let mut w = worker(
                    "W",
                    has_permit.then(|| permit(region, 3, &format_date(from), &format_date(to))),
                );
                w.ban_hits = bans;
                w.open_alerts = alerts;
                w.overstaying = over;
                w
            })
    }

    proptest! {
        #[test]
        fn score_is_sum_and_monotone(
            workers in proptest::collection::vec(worker_strategy(), 0..8),
            extra in worker_strategy(),
            sanctions in 0u32..3,
            local in 0u32..50,
        ) {
            let on = day("2026-06-01");
            let config = RiskConfig::default();
            let mut f = facts(A, "Almaty");
            f.workers = workers;
            f.sanctions_hits = sanctions;
            f.local_staff = local;
            let s = score(&f, on, &config);
            prop_assert_eq!(s.score, s.reasons.iter().map(|r| r.points).sum::<u32>());
            prop_assert!(s.reasons.iter().all(|r| r.points > 0));
            let mut factors: Vec<Factor> = s.reasons.iter().map(|r| r.factor).collect();
            factors.dedup();
            prop_assert_eq!(factors.len(), s.reasons.len());
            // more of anything never lowers the score — except a worker with a
            // valid permit, who may raise the foreign share: also never lower
            let mut g = f.clone();
            g.workers.push(extra);
            prop_assert!(score(&g, on, &config).score >= s.score);
            let mut h = f.clone();
            h.sanctions_hits += 1;
            prop_assert!(score(&h, on, &config).score > s.score);
        }
    }
}
