//! `berkut employer|worker|inspection …` and `berkut report inspections`:
//! employers of foreign workers, the workers, inspection plans and
//! records. Glue: every command is the API's operation
//! (`berkut_api::labour_http`) run on the store directly, so the CLI and the
//! HTTP routes validate, screen and record the same way.

use std::sync::Arc;

use crate::config::Config;
use anyhow::Context;
use berkut_api::{
    ApiError, AppState, ServeOptions,
    labour_http::{
        self as ops, EmployerRequest, InspectionRequest, PlanQuery, TerminationRequest,
        ViolationDto, WorkerRequest,
    },
};
use berkut_domain::Actor;
use berkut_store::{AnyStore, EmployerFilter, InspectionFilter, Store, WorkerFilter};
use clap::{Args, Subcommand};

/// An API error as one line: `field: message`.
fn api(e: ApiError) -> anyhow::Error {
    match e.field {
        Some(f) => anyhow::anyhow!("{f}: {}", e.message),
        None => anyhow::anyhow!("{}", e.message),
    }
}

fn print<T: serde::Serialize>(v: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum EmployerCmd {
    /// Register an employer (BIN or IIN), screened against the organisation
    /// entries of every imported list.
    Add(EmployerAdd),
    /// List employers.
    List {
        /// Territorial unit (code or name).
        #[arg(long)]
        region: Option<String>,
        /// Part of the name, or the start of the BIN/IIN.
        #[arg(long)]
        q: Option<String>,
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Show an employer with its workers, inspections and risk score.
    Show {
        /// BIN or IIN.
        id: String,
    },
    /// Re-screen every employer against the lists now.
    Rescreen,
}

#[derive(Debug, Args)]
pub struct EmployerAdd {
    /// BIN of a legal entity.
    #[arg(long)]
    bin: Option<String>,
    /// IIN of an individual entrepreneur.
    #[arg(long)]
    iin: Option<String>,
    /// Name.
    #[arg(long)]
    name: String,
    /// Territorial unit (code such as KZ-75 or KZ-ALA, or a name).
    #[arg(long)]
    region: String,
    /// Address.
    #[arg(long)]
    address: Option<String>,
    /// Kazakh staff in categories 1–2.
    #[arg(long, default_value_t = 0)]
    local_management: u32,
    /// Kazakh staff in categories 3–4.
    #[arg(long, default_value_t = 0)]
    local_staff: u32,
}

#[derive(Debug, Subcommand)]
pub enum WorkerCmd {
    /// Register a foreign worker, screened against bans (purpose residence).
    Add(Box<WorkerAdd>),
    /// List workers.
    List {
        /// The employer's BIN/IIN.
        #[arg(long)]
        employer: Option<String>,
        /// The unit the workers work in.
        #[arg(long)]
        region: Option<String>,
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Record the end of a worker's contract.
    Terminate {
        /// Worker id (FW-…).
        id: String,
        /// Last day of the contract.
        #[arg(long)]
        terminated: String,
        /// The day the termination notification was made.
        #[arg(long)]
        notified: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct WorkerAdd {
    /// The employer's BIN/IIN.
    #[arg(long)]
    employer: String,
    /// The caller's id for the person (passport or HR number).
    #[arg(long)]
    id: String,
    /// A name, in any script (repeatable).
    #[arg(long = "name", required = true)]
    names: Vec<String>,
    /// Birth date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    birth_date: Option<String>,
    /// Nationality (alpha-3).
    #[arg(long)]
    nationality: Option<String>,
    /// M, F or X.
    #[arg(long)]
    sex: Option<String>,
    /// Passport as NUMBER[:COUNTRY].
    #[arg(long)]
    passport: Option<String>,
    /// Kazakh IIN, when the worker has one.
    #[arg(long)]
    iin: Option<String>,
    /// Work permit number (omit with --permit-exempt).
    #[arg(long)]
    permit: Option<String>,
    /// Permit category 1–4.
    #[arg(long, default_value_t = 0)]
    category: u8,
    /// Unit the permit is valid in (default: the employer's).
    #[arg(long)]
    permit_region: Option<String>,
    /// Position.
    #[arg(long, default_value = "")]
    position: String,
    /// Permit valid from.
    #[arg(long, default_value = "")]
    valid_from: String,
    /// Permit valid to (1 to 12 months later).
    #[arg(long, default_value = "")]
    valid_to: String,
    /// An intra-corporate transferee.
    #[arg(long)]
    ict: bool,
    /// EAEU national: no permit needed.
    #[arg(long)]
    permit_exempt: bool,
    /// Hiring day.
    #[arg(long)]
    hired: String,
    /// The day the hiring notification was made.
    #[arg(long)]
    hiring_notified: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum InspectionCmd {
    /// The ranked inspection plan of a territorial unit, with reasons.
    Plan {
        /// Territorial unit (KZ-ALA, KZ-75, Almaty …).
        #[arg(long)]
        unit: String,
        /// Planning day (default today).
        #[arg(long)]
        date: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record an inspection.
    Record(InspectionAdd),
    /// List inspections.
    List {
        /// Territorial unit.
        #[arg(long)]
        unit: Option<String>,
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct InspectionAdd {
    /// The employer's BIN/IIN.
    #[arg(long)]
    employer: String,
    /// The inspector.
    #[arg(long)]
    inspector: String,
    /// The day.
    #[arg(long)]
    date: String,
    /// What was found.
    #[arg(long)]
    findings: String,
    /// A violation as `LEGAL REFERENCE|description` (repeatable).
    #[arg(long = "violation")]
    violations: Vec<String>,
    /// The penalty.
    #[arg(long)]
    penalty: Option<String>,
    /// The fine in tenge.
    #[arg(long)]
    fine_kzt: Option<u64>,
    /// What follows.
    #[arg(long)]
    follow_up: Option<String>,
    /// The inspecting unit (default the employer's).
    #[arg(long)]
    unit: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    /// Inspections by region.
    Inspections {
        /// csv or json.
        #[arg(long, default_value = "csv")]
        format: String,
    },
}

fn options(cfg: &Config) -> ServeOptions {
    ServeOptions {
        labour: cfg.labour.to_config(),
        ..ServeOptions::default()
    }
}

fn state(store: &AnyStore, cfg: &Config) -> AppState {
    AppState::with_options(store.clone(), options(cfg))
}

pub async fn employer(
    store: &AnyStore,
    actor: &Actor,
    cfg: &Config,
    cmd: EmployerCmd,
) -> anyhow::Result<()> {
    let st = state(store, cfg);
    match cmd {
        EmployerCmd::Add(a) => {
            let e = ops::register_employer_op(
                &st,
                actor,
                &EmployerRequest {
                    bin: a.bin,
                    iin: a.iin,
                    name: a.name,
                    region: a.region,
                    address: a.address,
                    local_management: a.local_management,
                    local_staff: a.local_staff,
                },
            )
            .await
            .map_err(api)?;
            println!(
                "registered employer {} {} in {} ({} sanctions hit(s))",
                e.id_kind.to_uppercase(),
                e.id,
                e.region,
                e.sanctions_hits.len()
            );
            for h in &e.sanctions_hits {
                println!("  HIT {} {:.2} {}", h.entry_id, h.score, h.reason);
            }
        }
        EmployerCmd::List { region, q, json } => {
            let region = region
                .map(|r| berkut_api::labour::parse_unit("region", &r).map(|u| u.code().to_string()))
                .transpose()?;
            let found = store
                .employers(&EmployerFilter {
                    region,
                    q,
                    limit: None,
                })
                .await?;
            for e in &found {
                let v = ops::employer_view(e);
                if json {
                    println!("{}", serde_json::to_string(&v)?);
                } else {
                    println!(
                        "{}  {:<6} {:<40} hits {}",
                        v.id,
                        v.region,
                        v.name,
                        v.sanctions_hits.len()
                    );
                }
            }
        }
        EmployerCmd::Show { id } => print(&ops::employer_detail_op(&st, &id).await.map_err(api)?)?,
        EmployerCmd::Rescreen => {
            let r = ops::rescreen_all(&st, actor).await.map_err(api)?;
            println!(
                "re-screened {} employer(s) against {} organisation entries (log seq {}): {} changed",
                r.employers, r.organisations, r.through_seq, r.changed
            );
        }
    }
    Ok(())
}

pub async fn worker(
    store: &AnyStore,
    actor: &Actor,
    cfg: &Config,
    cmd: WorkerCmd,
) -> anyhow::Result<()> {
    match cmd {
        WorkerCmd::Add(a) => {
            let a = *a;
            let document = a.passport.as_deref().map(|p| {
                let (number, country) = p.split_once(':').unwrap_or((p, ""));
                let mut d = serde_json::json!({"number": number, "type": "P"});
                if !country.is_empty() {
                    d["country"] = country.into();
                }
                d
            });
            let employer = store.employer(a.employer.trim()).await?.with_context(|| {
                format!("employer: no employer is registered with {}", a.employer)
            })?;
            let permit = a.permit.map(|number| {
                serde_json::json!({
                    "number": number,
                    "category": a.category,
                    "region": a.permit_region.clone().unwrap_or_else(|| employer.registered.region.clone()),
                    "position": a.position,
                    "valid_from": a.valid_from,
                    "valid_to": a.valid_to,
                    "intra_corporate_transfer": a.ict,
                })
            });
            let body = serde_json::json!({
                "person": {
                    "id": a.id,
                    "names": a.names,
                    "birth_dates": a.birth_date.into_iter().collect::<Vec<_>>(),
                    "nationalities": a.nationality.into_iter().collect::<Vec<_>>(),
                    "sex": a.sex,
                    "documents": document.into_iter().collect::<Vec<_>>(),
                },
                "iin": a.iin,
                "employer": a.employer,
                "permit": permit,
                "permit_exempt": a.permit_exempt,
                "hired": a.hired,
                "hiring_notified": a.hiring_notified,
            });
            let request: WorkerRequest =
                berkut_api::extract::parse_json(body.to_string().as_bytes()).map_err(api)?;
            let follower = crate::screen::load(store, cfg.screening).await?;
            let options = ServeOptions {
                screening: Arc::new(berkut_api::engine::EngineScreening::new(
                    Arc::new(follower),
                    None,
                )),
                ..options(cfg)
            };
            let st = AppState::with_options(store.clone(), options);
            let w = ops::register_worker_op(&st, actor, &request)
                .await
                .map_err(api)?;
            println!(
                "registered worker {} for employer {} (screening {}: {})",
                w.id, w.employer, w.screening.screening_id, w.screening.decision
            );
            for id in &w.screening.alert_ids {
                println!("  ALERT {id}");
            }
            for n in w.notifications.iter().filter(|n| n.status == "late") {
                println!(
                    "  LATE {} notification: deadline {}, {} day(s) late",
                    n.kind,
                    n.deadline,
                    n.days_late.unwrap_or(0)
                );
            }
        }
        WorkerCmd::List {
            employer,
            region,
            json,
        } => {
            let region = region
                .map(|r| berkut_api::labour::parse_unit("region", &r).map(|u| u.code().to_string()))
                .transpose()?;
            let found = store
                .workers(&WorkerFilter {
                    employer,
                    region,
                    ..Default::default()
                })
                .await?;
            let rules = cfg.labour.notifications.clone();
            let day = time::OffsetDateTime::now_utc().date();
            for w in &found {
                let v = ops::worker_view(w, &rules, day);
                if json {
                    println!("{}", serde_json::to_string(&v)?);
                } else {
                    println!(
                        "{}  {:<10} {} {:<6} permit to {} {}",
                        v.id,
                        v.status,
                        v.employer,
                        v.region,
                        v.permit.as_ref().map_or("-", |p| p.valid_to.as_str()),
                        v.screening.decision
                    );
                }
            }
        }
        WorkerCmd::Terminate {
            id,
            terminated,
            notified,
        } => {
            let w = ops::terminate_worker_op(
                &state(store, cfg),
                actor,
                &id,
                &TerminationRequest {
                    terminated,
                    notified,
                },
            )
            .await
            .map_err(api)?;
            let late = w
                .notifications
                .iter()
                .any(|n| n.kind == "termination" && n.status == "late");
            println!(
                "terminated worker {} on {}{}",
                w.id,
                w.terminated.as_deref().unwrap_or("?"),
                if late { " (notification late)" } else { "" }
            );
        }
    }
    Ok(())
}

pub async fn inspection(
    store: &AnyStore,
    actor: &Actor,
    cfg: &Config,
    cmd: InspectionCmd,
) -> anyhow::Result<()> {
    let st = state(store, cfg);
    match cmd {
        InspectionCmd::Plan { unit, date, json } => {
            let plan = ops::plan_op(
                &st,
                &PlanQuery {
                    unit: Some(unit),
                    date,
                },
            )
            .await
            .map_err(api)?;
            if json {
                return print(&plan);
            }
            println!(
                "inspection plan of {} ({}) on {}: {} of {} employer(s)",
                plan.unit.name_en,
                plan.unit.code,
                plan.date,
                plan.ranked.len(),
                plan.employers_assessed
            );
            for (n, s) in plan.ranked.iter().enumerate() {
                println!(
                    "{:>3}. {} {} — score {}",
                    n + 1,
                    s.employer,
                    s.name,
                    s.score
                );
                for r in &s.reasons {
                    println!("       {}", r.line);
                }
            }
        }
        InspectionCmd::Record(a) => {
            let violations = a
                .violations
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let (r, d) = v.split_once('|').with_context(|| {
                        format!("violations[{i}]: '{v}' must be 'LEGAL REFERENCE|description'")
                    })?;
                    Ok(ViolationDto {
                        legal_reference: r.trim().to_string(),
                        description: d.trim().to_string(),
                        worker_id: None,
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let i = ops::record_inspection_op(
                &st,
                actor,
                &InspectionRequest {
                    inspector: a.inspector,
                    employer: a.employer,
                    unit: a.unit,
                    date: a.date,
                    findings: a.findings,
                    violations,
                    penalty: a.penalty,
                    fine_kzt: a.fine_kzt,
                    follow_up: a.follow_up,
                },
            )
            .await
            .map_err(api)?;
            println!(
                "recorded inspection {} of {} by {} ({} violation(s))",
                i.id,
                i.employer,
                i.unit,
                i.violations.len()
            );
        }
        InspectionCmd::List { unit, json } => {
            let unit = unit
                .map(|r| berkut_api::labour::parse_unit("unit", &r).map(|u| u.code().to_string()))
                .transpose()?;
            let found = store
                .inspections(&InspectionFilter {
                    unit,
                    ..Default::default()
                })
                .await?;
            for i in &found {
                let v = ops::inspection_view(i);
                if json {
                    println!("{}", serde_json::to_string(&v)?);
                } else {
                    println!(
                        "{}  {} {:<6} {} violation(s)  {}",
                        v.date,
                        v.employer,
                        v.unit,
                        v.violations.len(),
                        v.id
                    );
                }
            }
        }
    }
    Ok(())
}

pub async fn report(store: &AnyStore, cfg: &Config, cmd: ReportCmd) -> anyhow::Result<()> {
    let ReportCmd::Inspections { format } = cmd;
    let units = ops::unit_stats(&state(store, cfg)).await.map_err(api)?;
    match format.as_str() {
        "csv" => {
            let bytes = ops::stats_csv(&units).map_err(api)?;
            print!("{}", String::from_utf8_lossy(&bytes));
        }
        "json" => print(&serde_json::json!({ "units": units }))?,
        other => anyhow::bail!("format: '{other}' is not a format; expected csv or json"),
    }
    Ok(())
}
