//! `berkut citizenship`, `berkut stays`, `berkut overstays`, `berkut
//! rescreen` and `berkut report`: migration control about people, as thin
//! glue over `berkut_api::people` (the same code the HTTP routes call).

use std::sync::Arc;

use anyhow::Context;
use berkut_api::{
    people::{self, ApplicationRequest, DecisionRequest, Report, ReportFormat},
    screening::TravelDocument,
};
use berkut_control::StayRules;
use berkut_domain::Actor;
use berkut_engine::Policy;
use berkut_store::{AnyStore, ApplicationInfo, PeopleStore, StayFilter};
use clap::{Args, Subcommand};
use time::Date;

use crate::screen;

/// `berkut citizenship …`
#[derive(Debug, Subcommand)]
pub enum CitizenshipCmd {
    /// Submit an application; it is screened at once (exit 0 eligible,
    /// 3 review, 4 refused).
    Apply(ApplyArgs),
    /// List applications.
    List {
        /// `eligible`, `refused`, `review`, `screened`, `decided` or `granted`.
        #[arg(long)]
        status: Option<String>,
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Show an application with its history.
    Show {
        /// Application id (`CA-…`).
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record the officer's final decision.
    Decide {
        /// Application id (`CA-…`).
        id: String,
        /// `granted` or `refused`.
        #[arg(long)]
        decision: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
}

/// `berkut citizenship apply` arguments.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// `naturalisation`, `restoration` or `kandas`.
    #[arg(long)]
    kind: String,
    /// A name (repeatable; any script and order).
    #[arg(long = "name", required = true)]
    names: Vec<String>,
    /// YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    birth_date: Option<String>,
    /// Nationality (alpha-3).
    #[arg(long)]
    nationality: Option<String>,
    /// M, F or X.
    #[arg(long)]
    sex: Option<String>,
    /// Kazakhstan IIN (12 digits, checked).
    #[arg(long)]
    iin: Option<String>,
    /// Document NUMBER[:COUNTRY] (repeatable).
    #[arg(long = "document")]
    documents: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `berkut stays …`
#[derive(Debug, Subcommand)]
pub enum StaysCmd {
    /// Entry/exit records with their allowed end today.
    List {
        /// `open`, `closed` or `overstay`.
        #[arg(long)]
        status: Option<String>,
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
    },
}

/// `berkut overstays …`
#[derive(Debug, Subcommand)]
pub enum OverstaysCmd {
    /// Record an overstay alert for every open stay past its allowed end.
    Check {
        /// The day to check (default today).
        #[arg(long)]
        on: Option<String>,
    },
}

/// `berkut report …`
#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    /// Refusals (DENY screenings) by ground, crossing point or day.
    Refusals {
        /// `ground`, `crossing_point` or `day`.
        #[arg(long, default_value = "ground")]
        by: String,
        #[command(flatten)]
        range: ReportRange,
    },
    /// Alerts by kind and status.
    Alerts {
        #[command(flatten)]
        range: ReportRange,
    },
    /// Overstays.
    Overstays {
        #[command(flatten)]
        range: ReportRange,
    },
}

/// Days and format of a report.
#[derive(Debug, Args)]
pub struct ReportRange {
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    from: Option<String>,
    /// Last day, YYYY-MM-DD.
    #[arg(long)]
    to: Option<String>,
    /// `json` or `csv` (default: a table on the terminal… as CSV).
    #[arg(long, default_value = "csv")]
    format: String,
}

fn api(e: berkut_api::ApiError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

fn print_application(a: &ApplicationInfo) {
    println!("Application {} ({})", a.id, a.kind);
    println!("  applicant   {}", a.applicant.names.join(" / "));
    if let Some(b) = &a.applicant.birth_date {
        println!("  born        {b}");
    }
    if let Some(i) = &a.applicant.iin {
        println!("  IIN         {i}");
    }
    match (&a.screening.ground, &a.screening.ban) {
        (Some(g), Some(b)) => println!("  status      {} (ground {g}, ban {b})", a.outcome),
        _ => println!("  status      {}", a.outcome),
    }
    println!("  state       {}", a.state);
    if let Some(d) = &a.decision {
        println!(
            "  decision    {d} by {}: {}",
            a.decided_by.as_deref().unwrap_or("?"),
            a.reason.as_deref().unwrap_or("")
        );
    }
    for s in &a.history {
        println!(
            "  #{:<6} {:<9} {} {}: {}",
            s.seq, s.state, s.recorded_at, s.actor, s.summary
        );
    }
}

/// Run a citizenship command; the exit code of `apply` says the outcome.
pub async fn citizenship(
    store: &AnyStore,
    actor: &Actor,
    policy: Policy,
    cmd: CitizenshipCmd,
    today: Date,
) -> anyhow::Result<u8> {
    match cmd {
        CitizenshipCmd::Apply(a) => {
            let mut documents = Vec::new();
            for d in &a.documents {
                let (number, country) = match d.split_once(':') {
                    Some((n, c)) => (n.to_string(), Some(c.to_string())),
                    None => (d.clone(), None),
                };
                documents.push(TravelDocument {
                    number,
                    country,
                    kind: None,
                    expiry: None,
                });
            }
            let request = ApplicationRequest {
                kind: a.kind,
                names: a.names,
                birth_date: a.birth_date,
                nationality: a.nationality,
                sex: a.sex,
                iin: a.iin,
                documents,
            };
            // bad input fails before the index is loaded
            request
                .validate()
                .map_err(|e| anyhow::anyhow!("{}: {}", e.field, e.message))?;
            let follower = Arc::new(screen::load(store, policy).await?);
            let engine = berkut_api::engine::EngineScreening::new(follower, None);
            let app = people::apply(store, &engine, actor, &request)
                .await
                .map_err(api)?;
            let app = store.application(&app.id).await?.unwrap_or(app);
            if a.json {
                println!("{}", serde_json::to_string(&app)?);
            } else {
                print_application(&app);
            }
            Ok(match app.outcome.as_str() {
                "refused" => 4,
                "review" => 3,
                _ => 0,
            })
        }
        CitizenshipCmd::List { status, json } => {
            let filter = people::application_filter(status.as_deref()).map_err(api)?;
            for a in store.applications(&filter).await? {
                if json {
                    println!("{}", serde_json::to_string(&a)?);
                } else {
                    let why = match (&a.screening.ground, &a.screening.ban) {
                        (Some(g), Some(b)) => format!(" ({g}, {b})"),
                        _ => String::new(),
                    };
                    println!(
                        "{}  {:<14} {:<9}{why} {:<8} {}",
                        a.id,
                        a.kind,
                        a.outcome,
                        a.decision.as_deref().unwrap_or(&a.state),
                        a.applicant.names.join(" / ")
                    );
                }
            }
            Ok(0)
        }
        CitizenshipCmd::Show { id, json } => {
            let a = store
                .application(&id)
                .await?
                .with_context(|| format!("application_id: application not found: {id}"))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&a)?);
            } else {
                print_application(&a);
            }
            Ok(0)
        }
        CitizenshipCmd::Decide {
            id,
            decision,
            reason,
        } => {
            let a = people::decide(
                store,
                actor,
                &id,
                &DecisionRequest { decision, reason },
                today,
            )
            .await
            .map_err(api)?;
            print_application(&a);
            Ok(0)
        }
    }
}

/// Run `berkut stays list`.
pub async fn stays(
    store: &AnyStore,
    rules: &StayRules,
    cmd: StaysCmd,
    today: Date,
) -> anyhow::Result<()> {
    match cmd {
        StaysCmd::List { status, json } => {
            let stays = store
                .stays(&StayFilter {
                    status,
                    limit: Some(u32::MAX),
                    ..StayFilter::default()
                })
                .await?;
            for s in &stays {
                let v = people::stay_view(store, s, rules, today)
                    .await
                    .map_err(api)?;
                if json {
                    println!("{}", serde_json::to_string(&v)?);
                } else {
                    println!(
                        "{}  {:<6} entered {} {:<10} allowed until {:<10} over {:>3}  {}",
                        v.id,
                        v.status,
                        v.entry_on,
                        v.exit_on
                            .as_deref()
                            .map(|x| format!("left {x}"))
                            .unwrap_or_default(),
                        v.allowed_until.as_deref().unwrap_or("-"),
                        v.days_over,
                        v.names.join(" / ")
                    );
                }
            }
            Ok(())
        }
    }
}

/// Run `berkut overstays check`.
pub async fn overstays(
    store: &AnyStore,
    actor: &Actor,
    rules: &StayRules,
    cmd: OverstaysCmd,
    today: Date,
) -> anyhow::Result<()> {
    match cmd {
        OverstaysCmd::Check { on } => {
            let on = match on {
                Some(d) => berkut_domain::parse_date("on", &d)?,
                None => today,
            };
            let (check, _) = people::check_overstays(store, actor, rules, on)
                .await
                .map_err(api)?;
            println!(
                "{} open stay(s) checked on {}: {} past their allowed end, {} new alert(s) {}",
                check.checked,
                check.on,
                check.overstays,
                check.alert_ids.len(),
                check.alert_ids.join(" ")
            );
            Ok(())
        }
    }
}

/// Run `berkut rescreen`: re-screen the population against every new ban
/// and listing since the persisted cursor.
pub async fn rescreen(store: &AnyStore, actor: &Actor, json: bool) -> anyhow::Result<()> {
    let (run, _) = people::rescreen_all(store, actor, &berkut_control::RescreenConfig::default())
        .await
        .map_err(api)?;
    if json {
        println!("{}", serde_json::to_string(&run)?);
    } else {
        println!(
            "re-screened {} new entr(y/ies) (seq {} → {}) against {} people: {} alert(s) {}",
            run.entries,
            run.from_seq,
            run.through_seq,
            run.members,
            run.alert_ids.len(),
            run.alert_ids.join(" ")
        );
    }
    Ok(())
}

fn print_report(r: &Report, format: ReportFormat) -> anyhow::Result<()> {
    match format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(r)?),
        ReportFormat::Csv => print!("{}", r.to_csv().map_err(api)?),
    }
    Ok(())
}

/// Run a report command.
pub async fn report(store: &AnyStore, cmd: ReportCmd) -> anyhow::Result<()> {
    let range = match &cmd {
        ReportCmd::Refusals { range, .. }
        | ReportCmd::Alerts { range }
        | ReportCmd::Overstays { range } => range,
    };
    let err = |e: berkut_domain::ValidationError| anyhow::anyhow!("{}: {}", e.field, e.message);
    let from = people::bound("from", range.from.as_deref()).map_err(err)?;
    let to = people::bound("to", range.to.as_deref()).map_err(err)?;
    let format = ReportFormat::parse(Some(&range.format)).map_err(err)?;
    let r = match &cmd {
        ReportCmd::Refusals { by, .. } => {
            let by = people::refusals_by(Some(by)).map_err(err)?;
            people::refusal_report(store, by, from, to).await
        }
        ReportCmd::Alerts { .. } => people::alert_report(store, from, to).await,
        ReportCmd::Overstays { .. } => people::overstay_report(store, from, to).await,
    }
    .map_err(api)?;
    print_report(&r, format)
}
