//! `berkut`: the command-line face of Berkut. Glue only: it parses
//! arguments and configuration, calls the store and the domain, and prints.
//! A user's mistake gets one clear line on stderr and a non-zero exit.

mod config;
mod demo;
mod doc;
mod emergency;
mod import;
mod invalidated;
mod labour;
mod output;
mod people;
mod screen;
mod serve;

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use berkut_domain::{
    Actor, DocumentInput, NameInput, NewBanInput, PersonInput, WatchlistSource, parse_date,
};
use berkut_store::{AnyStore, BanFilter, ChainReport, Store};
use clap::{Args, Parser, Subcommand};

/// Berkut: entry-ban registry and border screening for migration control.
#[derive(Debug, Parser)]
#[command(name = "berkut", version, about, propagate_version = true)]
struct Cli {
    /// Directory of the embedded store (SQLite).
    #[arg(long, global = true, env = "BERKUT_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// PostgreSQL URL (postgres://…) instead of the embedded store.
    #[arg(
        long,
        global = true,
        env = "BERKUT_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// Configuration file (TOML); default: ./berkut.toml when present.
    #[arg(long, global = true, env = "BERKUT_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Who is acting; recorded in every event (default: $USER).
    #[arg(long, global = true, env = "BERKUT_ACTOR")]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// `berkut report …`: the people reports and the labour ones.
#[derive(Debug, Subcommand)]
enum ReportCmd {
    #[command(flatten)]
    People(people::ReportCmd),
    #[command(flatten)]
    Labour(labour::ReportCmd),
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the store (and the data directory) and run migrations.
    Init,
    /// Persons: register and show.
    #[command(subcommand)]
    Person(PersonCmd),
    /// Entry bans: impose, list, show, lift, expire.
    #[command(subcommand)]
    Ban(BanCmd),
    /// The tamper-evident log.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Import a watchlist file, by delta against what its source holds.
    Import(ImportArgs),
    /// Identity documents: check an MRZ or an IIN/BIN (no store needed).
    #[command(subcommand)]
    Doc(DocCmd),
    /// Emergency declarations: expired documents stay valid in their scope.
    #[command(subcommand)]
    Emergency(emergency::EmergencyCmd),
    /// Screen one traveller (names or MRZ) or a batch file against every
    /// active ban and listed entry. Exit 0 CLEAR, 3 REFER, 4 DENY.
    Screen(screen::ScreenArgs),
    /// Measure recall and false referrals on labelled data (no store needed).
    Eval(screen::EvalArgs),
    /// Score pairs of persons (no store needed); precision/recall when labelled.
    Score(screen::ScoreArgs),
    /// Generate a synthetic register, travellers and truth (seeded).
    Gen(screen::GenArgs),
    /// The register of lost, stolen, revoked and blank documents.
    #[command(subcommand)]
    Invalidated(invalidated::InvalidatedCmd),
    /// Serve the HTTP API.
    Serve(serve::ServeArgs),
    /// Start a server on a fresh data directory with generated demo data
    /// (a register, imported lists, an emergency declaration), print an
    /// admin token, the URLs and three calls to paste.
    Demo(demo::DemoArgs),
    /// API users.
    #[command(subcommand)]
    User(UserCmd),
    /// API tokens.
    #[command(subcommand)]
    Token(TokenCmd),
    /// Citizenship applications: apply (screened at once), list, show, decide.
    #[command(subcommand)]
    Citizenship(people::CitizenshipCmd),
    /// Entry/exit records opened by CLEAR entry screenings.
    #[command(subcommand)]
    Stays(people::StaysCmd),
    /// Overstays: check open stays against the stay rules (`[stays]`).
    #[command(subcommand)]
    Overstays(people::OverstaysCmd),
    /// Re-screen the people in the country and pending applicants against
    /// every ban and listing added since the last run.
    Rescreen {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Reports as CSV or JSON: refusals, alerts, overstays, inspections.
    #[command(subcommand)]
    Report(ReportCmd),
    /// Employers of foreign workers: add, list, show, rescreen.
    #[command(subcommand)]
    Employer(labour::EmployerCmd),
    /// Foreign workers: add, list, terminate.
    #[command(subcommand)]
    Worker(labour::WorkerCmd),
    /// Inspections by territorial police: plan, record, list.
    #[command(subcommand)]
    Inspection(labour::InspectionCmd),
    /// Imported sources with their version, content hash and import time.
    Sources {
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum DocCmd {
    /// Parse and validate a machine readable zone (2 or 3 lines). Exit 0 when
    /// valid, 1 when invalid, 2 on a usage error.
    Mrz {
        /// The MRZ lines (quote each line: `<` is special to the shell).
        #[arg(required = true, num_args = 1..=3)]
        lines: Vec<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Is a document valid at a crossing on a day, taking emergency
    /// declarations into account? Exit 0 when it may be accepted, 1 when not.
    Validity(emergency::ValidityArgs),
    /// Check a Kazakhstan IIN or BIN. Exit 0 when valid, 1 when invalid.
    Iin {
        /// The 12-digit number.
        number: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum UserCmd {
    /// Create an API user with a role: border_officer, migration_police,
    /// citizenship_officer, labour_inspector, auditor, admin.
    Add {
        /// User name.
        name: String,
        /// Role.
        #[arg(long)]
        role: String,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCmd {
    /// Issue a token for a user; the token is printed once on stdout.
    Create {
        /// The user.
        #[arg(long)]
        user: String,
        /// The role (must be the user's role).
        #[arg(long)]
        role: String,
        /// A label for the token (e.g. the workstation).
        #[arg(long)]
        name: String,
    },
    /// Revoke a token by its id.
    Revoke {
        /// Token id (as printed by `token create`).
        id: String,
    },
}

#[derive(Debug, Args)]
struct ImportArgs {
    #[command(subcommand)]
    what: ImportWhat,
    /// Source name (default: the list's own, e.g. un_sc_consolidated, ofac_sdn).
    #[arg(long, global = true)]
    source: Option<String>,
    /// Version to record (default: the version the file states, or its date).
    #[arg(long = "list-version", global = true)]
    list_version: Option<String>,
    /// Parse and compare, print the summary, write nothing.
    #[arg(long, global = true)]
    dry_run: bool,
    /// Allow an import that empties the source or removes a large share of it.
    #[arg(long, global = true)]
    allow_mass_removal: bool,
    /// Largest share of a source's entries one import may remove (0..1).
    #[arg(long, global = true, default_value_t = 0.2)]
    max_removal_share: f64,
    /// Print the summary as one JSON object.
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum ImportWhat {
    /// UN Security Council consolidated list (XML).
    UnSc {
        /// The XML file.
        file: PathBuf,
    },
    /// OFAC SDN legacy CSV files (sdn.csv, alt.csv, add.csv) in DIR.
    OfacSdn {
        /// Directory holding the files.
        dir: PathBuf,
    },
    /// OFAC consolidated non-SDN CSV files (cons_prim.csv, …) in DIR.
    OfacCons {
        /// Directory holding the files.
        dir: PathBuf,
    },
    /// OpenSanctions FollowTheMoney entities (JSON lines).
    Ftm {
        /// The JSON-lines file.
        file: PathBuf,
    },
    /// Kazakhstan Financial Monitoring Agency list (XML).
    KzAfm {
        /// The XML file.
        file: PathBuf,
    },
    /// National entry-ban register, Person JSON lines.
    Persons {
        /// The JSONL file.
        file: PathBuf,
    },
    /// National entry-ban register, CSV.
    Csv {
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum PersonCmd {
    /// Register a person.
    Add(PersonAdd),
    /// Show a person.
    Show {
        /// Person id.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
struct PersonAdd {
    /// Id (the register's own id, e.g. W-000123).
    #[arg(long)]
    id: String,
    /// A name in any script; the first is the primary name, the rest aliases.
    #[arg(long = "name", required = true)]
    names: Vec<String>,
    /// Birth date: YYYY, YYYY-MM or YYYY-MM-DD (repeatable).
    #[arg(long = "birth-date")]
    birth_dates: Vec<String>,
    /// Nationality, ISO 3166 alpha-3 or ICAO code (repeatable).
    #[arg(long = "nationality")]
    nationalities: Vec<String>,
    /// M, F or X.
    #[arg(long)]
    sex: Option<String>,
    /// Identity document TYPE:NUMBER[:COUNTRY[:EXPIRY]], e.g. P:N1234567:RUS:2030-01-01.
    #[arg(long = "document")]
    documents: Vec<String>,
}

#[derive(Debug, Subcommand)]
enum BanCmd {
    /// Impose an entry ban on a registered person.
    Add(BanAdd),
    /// List bans.
    List {
        /// active, lifted or expired.
        #[arg(long)]
        status: Option<String>,
        /// Legal ground code.
        #[arg(long)]
        ground: Option<String>,
        /// Person id.
        #[arg(long)]
        person: Option<String>,
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Show a ban with its history.
    Show {
        /// Ban id.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Lift an active ban (a reason is required).
    Lift {
        /// Ban id.
        id: String,
        /// Why the ban is lifted.
        #[arg(long)]
        reason: String,
        /// The day it is lifted (default: today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Mark bans whose term has ended as expired.
    Expire {
        /// Treat this day as today (default: today).
        #[arg(long)]
        today: Option<String>,
    },
}

#[derive(Debug, Args)]
struct BanAdd {
    /// The banned person's id.
    #[arg(long)]
    person: String,
    /// Legal ground: sexual_offence_against_minor, terrorism, extremism, organised_crime,
    /// serious_crime, prior_deportation, migration_violation, un_or_foreign_sanctions,
    /// public_security_other.
    #[arg(long)]
    ground: String,
    /// The authority that imposed the ban.
    #[arg(long)]
    authority: String,
    /// court_decision or document_reference.
    #[arg(long, default_value = "court_decision")]
    basis_kind: String,
    /// Reference of the decision (case number and date).
    #[arg(long = "basis")]
    basis_reference: String,
    /// First day of the ban (default: today).
    #[arg(long)]
    imposed_at: Option<String>,
    /// Last day of the ban; omit for a permanent ban.
    #[arg(long)]
    until: Option<String>,
}

#[derive(Debug, Subcommand)]
enum AuditCmd {
    /// Walk the hash chain; report the first broken link and exit non-zero.
    Verify,
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

fn day_or_today(field: &str, s: Option<&str>) -> anyhow::Result<time::Date> {
    Ok(match s {
        Some(s) => parse_date(field, s)?,
        None => today(),
    })
}

fn unreachable_doc() -> anyhow::Result<()> {
    anyhow::bail!("internal: document commands are handled before the store is opened")
}

fn parse_role(s: &str) -> anyhow::Result<berkut_api::rbac::Role> {
    berkut_api::rbac::Role::parse(s).ok_or_else(|| {
        anyhow::anyhow!(
            "role: '{s}' is not a role; expected border_officer, migration_police, \
             citizenship_officer, labour_inspector, auditor or admin"
        )
    })
}

fn document(i: usize, spec: &str) -> anyhow::Result<DocumentInput> {
    let parts: Vec<&str> = spec.split(':').collect();
    anyhow::ensure!(
        (2..=4).contains(&parts.len()),
        "documents[{i}]: '{spec}' must be TYPE:NUMBER[:COUNTRY[:EXPIRY]]"
    );
    Ok(DocumentInput {
        kind: Some(parts[0].to_string()),
        number: parts[1].to_string(),
        country: parts
            .get(2)
            .filter(|s| !s.is_empty())
            .map(|s| s.to_string()),
        expiry: parts.get(3).map(|s| s.to_string()),
    })
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let cfg = config::load(
        cli.config.as_ref(),
        &config::Overrides {
            data_dir: cli.data_dir,
            database_url: cli.database_url,
            actor: cli.actor,
        },
    )?;
    let actor_name = cfg
        .actor
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "cli".to_string());
    let actor = Actor::parse(&actor_name)?;
    // Document checks need no store.
    let command = match cli.command {
        Command::Doc(DocCmd::Mrz { lines, json }) => return Ok(doc::mrz(&lines, json, today())),
        Command::Doc(DocCmd::Iin { number, json }) => return Ok(doc::iin(&number, json)),
        Command::Eval(a) => {
            screen::eval(cfg.screening, a, today())?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Score(a) => {
            screen::score(a)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Gen(a) => {
            screen::gen_data(a)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Demo(a) => {
            demo::run(&cfg, &actor, a, today()).await?;
            return Ok(ExitCode::SUCCESS);
        }
        other => other,
    };
    let create = matches!(command, Command::Init);
    let store = AnyStore::open(&cfg.data_dir, cfg.database_url.as_deref(), create).await?;

    match command {
        Command::Init => {
            let (seq, _) = store.head().await?;
            match &cfg.database_url {
                Some(_) => println!("Berkut store ready on PostgreSQL ({seq} events)"),
                None => println!(
                    "Berkut store ready in {} ({seq} events)",
                    cfg.data_dir.display()
                ),
            }
        }
        Command::Person(PersonCmd::Add(a)) => {
            let documents = a
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| document(i, d))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let person = PersonInput {
                id: a.id,
                names: a.names.into_iter().map(NameInput::Full).collect(),
                birth_dates: a.birth_dates,
                nationalities: a.nationalities,
                sex: a.sex,
                documents,
            }
            .validate()?;
            let id = person.id.clone();
            let e = store.register_person(&actor, person).await?;
            println!("registered person {id} (event {})", e.seq);
        }
        Command::Person(PersonCmd::Show { id, json }) => {
            let p = store
                .person(&id)
                .await?
                .with_context(|| format!("person not found: {id}"))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&p)?);
            } else {
                output::person(&p);
            }
        }
        Command::Ban(BanCmd::Add(a)) => {
            let input = NewBanInput {
                person_id: a.person,
                ground: a.ground,
                authority: a.authority,
                basis_kind: a.basis_kind,
                basis_reference: a.basis_reference,
                imposed_at: match a.imposed_at {
                    Some(d) => d,
                    None => berkut_domain::format_date(today()),
                },
                until: a.until,
            };
            let ban = store
                .impose_ban(&actor, &input, WatchlistSource::NationalRegister)
                .await?;
            println!(
                "imposed ban {} on person {} ({})",
                ban.id, ban.person_id, ban.ground
            );
        }
        Command::Ban(BanCmd::List {
            status,
            ground,
            person,
            json,
        }) => {
            if let Some(s) = &status {
                anyhow::ensure!(
                    matches!(s.as_str(), "active" | "lifted" | "expired"),
                    "status: '{s}' is not a status; expected active, lifted or expired"
                );
            }
            let filter = BanFilter {
                status,
                ground: ground
                    .as_deref()
                    .map(berkut_domain::LegalGround::parse)
                    .transpose()?,
                person_id: person
                    .as_deref()
                    .map(berkut_domain::PersonId::parse)
                    .transpose()?,
                limit: None,
            };
            let bans = store.bans(&filter).await?;
            if json {
                for b in &bans {
                    println!("{}", serde_json::to_string(b)?);
                }
            } else {
                output::ban_table(&bans, today());
            }
        }
        Command::Ban(BanCmd::Show { id, json }) => {
            let ban = store
                .ban(&id)
                .await?
                .with_context(|| format!("ban not found: {id}"))?;
            let history = store.ban_history(&id).await?;
            if json {
                let v = serde_json::json!({ "ban": ban, "history": history });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                output::ban(&ban, &history, today());
            }
        }
        Command::Ban(BanCmd::Lift { id, reason, on }) => {
            let on = day_or_today("on", on.as_deref())?;
            let ban = store.lift_ban(&actor, &id, &reason, on).await?;
            println!("lifted ban {} ({})", ban.id, reason.trim());
        }
        Command::Ban(BanCmd::Expire { today: t }) => {
            let t = day_or_today("today", t.as_deref())?;
            let expired = store.expire_due_bans(&actor, t).await?;
            println!("{} ban(s) expired", expired.len());
            for id in expired {
                println!("  {id}");
            }
        }
        Command::Import(args) => {
            anyhow::ensure!(
                (0.0..=1.0).contains(&args.max_removal_share),
                "max_removal_share: {} is not a share between 0 and 1",
                args.max_removal_share
            );
            let (format, path) = match args.what {
                ImportWhat::UnSc { file } => (import::Format::UnSc, file),
                ImportWhat::OfacSdn { dir } => (import::Format::OfacSdn, dir),
                ImportWhat::OfacCons { dir } => (import::Format::OfacCons, dir),
                ImportWhat::Ftm { file } => (import::Format::Ftm, file),
                ImportWhat::KzAfm { file } => (import::Format::KzAfm, file),
                ImportWhat::Persons { file } => (import::Format::Persons, file),
                ImportWhat::Csv { file } => (import::Format::Csv, file),
            };
            let req = import::Request {
                format,
                path,
                source: args.source,
                version: args.list_version,
                options: berkut_store::ImportOptions {
                    dry_run: args.dry_run,
                    allow_mass_removal: args.allow_mass_removal,
                    max_removal_share: args.max_removal_share,
                },
                json: args.json,
            };
            import::run(&store, &actor, req).await?;
        }
        Command::Doc(DocCmd::Validity(a)) => {
            if !emergency::validity(&store, a, today()).await? {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Doc(_) | Command::Eval(_) | Command::Score(_) | Command::Gen(_) => {
            unreachable_doc()?
        }
        Command::Screen(a) => {
            let code = screen::screen(&store, &cfg.data_dir, cfg.screening, a, today()).await?;
            return Ok(ExitCode::from(code));
        }
        Command::Invalidated(cmd) => {
            if !invalidated::run(&store, &actor, &cfg.data_dir, cmd).await? {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Emergency(cmd) => emergency::run(&store, &actor, cmd, today()).await?,
        Command::Citizenship(cmd) => {
            let code = people::citizenship(&store, &actor, cfg.screening, cmd, today()).await?;
            return Ok(ExitCode::from(code));
        }
        Command::Stays(cmd) => people::stays(&store, &cfg.stays, cmd, today()).await?,
        Command::Overstays(cmd) => {
            people::overstays(&store, &actor, &cfg.stays, cmd, today()).await?;
        }
        Command::Rescreen { json } => people::rescreen(&store, &actor, json).await?,
        Command::Report(ReportCmd::People(cmd)) => people::report(&store, cmd).await?,
        Command::Report(ReportCmd::Labour(cmd)) => labour::report(&store, &cfg, cmd).await?,
        Command::Serve(a) => {
            let labour = cfg.labour.to_config();
            serve::run(
                store,
                &cfg.data_dir,
                cfg.screening,
                cfg.stays.clone(),
                labour,
                a,
            )
            .await?;
        }
        Command::Employer(cmd) => labour::employer(&store, &actor, &cfg, cmd).await?,
        Command::Worker(cmd) => labour::worker(&store, &actor, &cfg, cmd).await?,
        Command::Inspection(cmd) => labour::inspection(&store, &actor, &cfg, cmd).await?,
        Command::Demo(_) => anyhow::bail!("berkut demo makes its own store"),
        Command::User(UserCmd::Add { name, role }) => {
            let role = parse_role(&role)?;
            let u = berkut_api::create_user(&store, &actor, &name, role).await?;
            println!("created user {} with role {}", u.name, u.role);
        }
        Command::Token(TokenCmd::Create { user, role, name }) => {
            let role = parse_role(&role)?;
            let t = berkut_api::create_token(&store, &actor, &user, role, &name).await?;
            eprintln!(
                "token {} for {} ({}); it is shown once:",
                t.info.id, t.info.user, t.info.role
            );
            println!("{}", t.token);
        }
        Command::Token(TokenCmd::Revoke { id }) => {
            let t = berkut_api::revoke_token(&store, &actor, &id).await?;
            println!("revoked token {} of {}", t.id, t.user);
        }
        Command::Sources { json } => import::sources(&store, json).await?,
        Command::Audit(AuditCmd::Verify) => match store.verify_chain().await? {
            ChainReport::Intact { events, head_hash } => {
                println!("chain intact: {events} events, head {head_hash}");
            }
            ChainReport::Broken(b) => {
                eprintln!("error: {b}");
                return Ok(ExitCode::from(1));
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    // A reader that stops early (`berkut … | head`) closes our stdout; end
    // quietly as other Unix tools do, instead of reporting a panic.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("Broken pipe") {
            std::process::exit(141);
        }
        default_hook(info);
    }));
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("BERKUT_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
