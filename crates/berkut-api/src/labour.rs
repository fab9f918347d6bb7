//! Employers, foreign workers and inspections between the store and
//! `berkut-control`'s rules: the configuration (notification deadlines, risk
//! weights, sanctions threshold), the screening of employers against the
//! organisation entries of imported lists, and the facts an inspection plan
//! is scored on. The handlers are in `routes/labour.rs`.
//!
//! Overstays: the risk score counts overstaying workers: those with an open
//! stay whose overstay alert was raised, linked by document number and
//! issuing state (`routes/labour.rs`, `overstaying`).

use std::collections::{HashMap, HashSet};

use berkut_control::{
    EmployerId, NotificationKind, NotificationRules, NotificationStatus, Permit, RiskConfig,
    TerritorialUnit,
    labour::Category,
    risk::PastViolation,
    sanctions::{ListedOrganisation, OrganisationList, SanctionsConfig},
};
use berkut_domain::{
    ValidationError,
    labour::{PermitRecord, SanctionsHit},
};
use berkut_store::{
    AnyStore, EmployerInfo, InspectionInfo, Store, StoreError, StoredEntry, WorkerInfo,
};
use time::Date;

/// Rules of the labour routes. Defaults: `berkut-control`'s.
#[derive(Debug, Clone, Default)]
pub struct LabourConfig {
    /// Hiring and termination notification deadlines.
    pub notifications: NotificationRules,
    /// Inspection risk weights, the local-staff share, the plan's floor.
    pub risk: RiskConfig,
    /// How employers are matched to organisation entries.
    pub sanctions: SanctionsConfig,
}

/// Which workers overstay their authorised stay (by worker id).
#[derive(Debug, Clone, Default)]
pub struct Overstays(HashSet<String>);

impl Overstays {
    /// No worker overstays.
    pub fn none() -> Self {
        Self::default()
    }

    /// These workers overstay.
    pub fn of(ids: impl IntoIterator<Item = String>) -> Self {
        Self(ids.into_iter().collect())
    }

    fn contains(&self, worker: &str) -> bool {
        self.0.contains(worker)
    }
}

/// The employer id of a stored employer.
pub fn employer_id(e: &EmployerInfo) -> EmployerId {
    let n = e.registered.employer.clone();
    if e.registered.id_kind == "iin" {
        EmployerId::Iin(n)
    } else {
        EmployerId::Bin(n)
    }
}

fn unit(code: &str) -> Result<TerritorialUnit, StoreError> {
    TerritorialUnit::parse(code)
        .map_err(|e| StoreError::Corrupt(format!("stored unit '{code}': {}", e.message)))
}

/// The stored permit as `berkut-control`'s.
pub fn permit(p: &PermitRecord) -> Result<Permit, StoreError> {
    Ok(Permit {
        number: p.number.clone(),
        category: Category::from_number(p.category)
            .map_err(|e| StoreError::Corrupt(format!("stored permit: {}", e.message)))?,
        region: unit(&p.region)?,
        position: p.position.clone(),
        valid_from: p.valid_from,
        valid_to: p.valid_to,
        intra_corporate_transfer: p.intra_corporate_transfer,
    })
}

/// A validated permit as recorded.
pub fn permit_record(p: &Permit) -> PermitRecord {
    PermitRecord {
        number: p.number.clone(),
        category: p.category.number(),
        region: p.region.code().to_string(),
        position: p.position.clone(),
        valid_from: p.valid_from,
        valid_to: p.valid_to,
        intra_corporate_transfer: p.intra_corporate_transfer,
    }
}

/// The hiring and (when terminated) termination notifications of a worker
/// as they stand on `today`.
pub fn notifications(
    w: &WorkerInfo,
    rules: &NotificationRules,
    today: Date,
) -> Vec<(NotificationKind, NotificationStatus)> {
    let mut out = vec![(
        NotificationKind::Hiring,
        rules.check(
            NotificationKind::Hiring,
            w.worker.hired,
            w.worker.hiring_notified,
            today,
        ),
    )];
    if let Some(t) = &w.termination {
        out.push((
            NotificationKind::Termination,
            rules.check(
                NotificationKind::Termination,
                t.terminated,
                t.notified,
                today,
            ),
        ));
    }
    out
}

/// Everything an employer's risk score rests on, from the store's records.
/// `open_alerts` counts the open (or acknowledged) alerts of each worker.
pub fn employer_facts(
    e: &EmployerInfo,
    workers: &[&WorkerInfo],
    inspections: &[&InspectionInfo],
    open_alerts: &HashMap<String, u32>,
    overstays: &Overstays,
    config: &LabourConfig,
    today: Date,
) -> Result<berkut_control::EmployerFacts, StoreError> {
    let employer = berkut_control::Employer {
        id: employer_id(e),
        name: e.registered.name.clone(),
        region: unit(&e.registered.region)?,
    };
    let mut facts = Vec::with_capacity(workers.len());
    for w in workers {
        facts.push(berkut_control::WorkerFacts {
            id: w.id().to_string(),
            permit: w.worker.permit.as_ref().map(permit).transpose()?,
            permit_exempt: w.worker.permit_exempt,
            hired: w.worker.hired,
            terminated: w.termination.as_ref().map(|t| t.terminated),
            ban_hits: w.worker.screening.ban_hits,
            open_alerts: open_alerts.get(w.id()).copied().unwrap_or(0),
            overstaying: overstays.contains(w.id()),
            notifications: notifications(w, &config.notifications, today)
                .into_iter()
                .map(|(_, s)| s)
                .collect(),
        });
    }
    let past_violations = inspections
        .iter()
        .flat_map(|i| {
            i.inspection.violations.iter().map(|v| PastViolation {
                date: i.inspection.date,
                legal_reference: v.legal_reference.clone(),
            })
        })
        .collect();
    Ok(berkut_control::EmployerFacts {
        employer,
        local_management: e.registered.local_management,
        local_staff: e.registered.local_staff,
        workers: facts,
        past_violations,
        sanctions_hits: u32::try_from(e.sanctions_hits.len()).unwrap_or(u32::MAX),
    })
}

/// Open or acknowledged alerts per worker (from the alerts its
/// registration screening raised).
pub async fn open_alerts(
    store: &AnyStore,
    workers: &[&WorkerInfo],
) -> Result<HashMap<String, u32>, StoreError> {
    let mut out = HashMap::new();
    for w in workers {
        let mut n = 0u32;
        for id in &w.worker.screening.alert_ids {
            if let Some(a) = store.alert(id).await?
                && a.status != "closed"
            {
                n += 1;
            }
        }
        if n > 0 {
            out.insert(w.id().to_string(), n);
        }
    }
    Ok(out)
}

/// The organisation entries of every imported list, and the log head they
/// were read at (the lists are at least that new).
pub async fn organisations(store: &AnyStore) -> Result<(u64, Vec<StoredEntry>), StoreError> {
    let (head, _) = store.head().await?;
    Ok((head, store.listed_organisations().await?))
}

/// Prepare organisation entries for screening.
pub fn organisation_list(entries: &[StoredEntry]) -> OrganisationList<'_> {
    OrganisationList::new(entries.iter().map(|e| ListedOrganisation {
        entry_id: e.id.as_str(),
        source: e.id.as_str().split(':').next().unwrap_or(""),
        entry: &e.entry,
    }))
}

/// Screen one employer against prepared organisation entries.
pub fn screen_employer(
    list: &OrganisationList<'_>,
    id: &EmployerId,
    name: &str,
    config: &LabourConfig,
) -> Vec<SanctionsHit> {
    list.screen(id, name, &config.sanctions)
}

/// A territorial unit from a code or name, the error naming `field`.
pub fn parse_unit(field: &str, s: &str) -> Result<TerritorialUnit, ValidationError> {
    TerritorialUnit::parse(s).map_err(|e| e.in_field(field.to_string()))
}
