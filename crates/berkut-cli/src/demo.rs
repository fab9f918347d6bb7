//! `berkut demo`: a server on a fresh data directory with generated demo
//! data, ready for a new user's first three calls.
//!
//! Everything it loads is generated here or by `berkut-gen`: a national
//! register (Cyrillic and Arabic-script names), a small OpenSanctions-format
//! list file written by this module and imported through the ordinary
//! importer, two registry bans, an emergency declaration, an admin, a
//! border officer and a citizenship officer.

use std::{io::Write, net::SocketAddr, path::PathBuf};

use anyhow::Context;
use berkut_domain::{Actor, EmergencyInput, NameInput, NewBanInput, PersonInput, WatchlistSource};
use berkut_store::{AnyStore, ImportOptions, Store};
use clap::Args;
use time::Date;

use crate::{config::Config, import, serve};

/// `berkut demo` arguments.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "BERKUT_LISTEN")]
    listen: SocketAddr,
    /// Persons in the generated national register.
    #[arg(long, default_value_t = 20_000)]
    listed: usize,
    /// Seed of the generated register.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Load the data, print the token, and exit instead of serving.
    #[arg(long)]
    no_serve: bool,
}

/// The demo's list file: a few sanctioned persons in OpenSanctions'
/// FollowTheMoney JSON lines (fictional people).
const FTM_DEMO: &[&str] = &[
    r#"{"id": "demo-os-1", "schema": "Person", "caption": "Abd al-Rahman Yusuf al-Masri", "properties": {"name": ["Abd al-Rahman Yusuf al-Masri"], "alias": ["Abdelrahman Youssef el-Masri", "عبد الرحمن يوسف المصري"], "birthDate": ["1971"], "nationality": ["eg"], "topics": ["sanction", "crime.terror"]}}"#,
    r#"{"id": "demo-os-2", "schema": "Person", "caption": "Rustam Saidovich Nazarov", "properties": {"name": ["Rustam Saidovich Nazarov"], "alias": ["Назаров Рустам Саидович"], "birthDate": ["1983-07-19"], "nationality": ["tj"], "passportNumber": ["400123456"], "topics": ["sanction"]}}"#,
    r#"{"id": "demo-os-3", "schema": "Company", "caption": "Caspian Route Logistics LLP", "properties": {"name": ["Caspian Route Logistics LLP"], "country": ["kz"], "topics": ["sanction"]}}"#,
];

fn fresh_dir(cfg: &Config) -> anyhow::Result<PathBuf> {
    let configured = &cfg.data_dir;
    let empty = match std::fs::read_dir(configured) {
        Ok(mut d) => d.next().is_none(),
        Err(_) => true,
    };
    if empty && configured != &PathBuf::from("./berkut-data") {
        return Ok(configured.clone());
    }
    // never touch an existing store: a new directory every run
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let dir = std::env::temp_dir().join(format!("berkut-demo-{stamp}-{}", std::process::id()));
    Ok(dir)
}

fn write_lines(path: &std::path::Path, lines: &[impl AsRef<str>]) -> anyhow::Result<()> {
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
    );
    for l in lines {
        f.write_all(l.as_ref().as_bytes())?;
        f.write_all(b"\n")?;
    }
    f.flush()?;
    Ok(())
}

async fn registry_ban(
    store: &AnyStore,
    actor: &Actor,
    person: PersonInput,
    ground: &str,
    basis: &str,
) -> anyhow::Result<String> {
    let id = person.id.clone();
    store.register_person(actor, person.validate()?).await?;
    let ban = store
        .impose_ban(
            actor,
            &NewBanInput {
                person_id: id,
                ground: ground.into(),
                authority: "Migration Police Department, Almaty".into(),
                basis_kind: "court_decision".into(),
                basis_reference: basis.into(),
                imposed_at: "2025-01-10".into(),
                until: None,
            },
            WatchlistSource::NationalRegister,
        )
        .await?;
    Ok(ban.id.as_str().to_string())
}

/// Build the demo store, then serve it.
pub async fn run(cfg: &Config, actor: &Actor, a: DemoArgs, today: Date) -> anyhow::Result<()> {
    if cfg.database_url.is_some() {
        anyhow::bail!("berkut demo runs on the embedded store; drop --database-url");
    }
    let dir = fresh_dir(cfg)?;
    let store = AnyStore::open(&dir, None, true).await?;
    let files = dir.join("demo-files");
    std::fs::create_dir_all(&files)
        .with_context(|| format!("cannot create {}", files.display()))?;
    eprintln!("berkut demo: data directory {}", dir.display());

    // 1. a generated national register, imported like any register file
    let g = berkut_gen::generate(a.seed, a.listed, 0);
    let register = files.join("register.jsonl");
    write_lines(&register, &g.register)?;
    import::run(
        &store,
        actor,
        import::Request {
            format: import::Format::Persons,
            path: register,
            source: Some("national-register-demo".into()),
            version: Some(format!("seed-{}", a.seed)),
            options: ImportOptions::default(),
            json: false,
        },
    )
    .await?;

    // 2. a list file in OpenSanctions' format, through the FtM importer
    let ftm = files.join("opensanctions-demo.jsonl");
    write_lines(&ftm, FTM_DEMO)?;
    import::run(
        &store,
        actor,
        import::Request {
            format: import::Format::Ftm,
            path: ftm,
            source: Some("opensanctions-demo".into()),
            version: Some(today.to_string()),
            options: ImportOptions::default(),
            json: false,
        },
    )
    .await?;

    // 3. bans imposed in the registry
    let ivanov = registry_ban(
        &store,
        actor,
        PersonInput {
            id: "W-DEMO-1".into(),
            names: vec![NameInput::Full("Иванов Юрий Петрович".into())],
            birth_dates: vec!["1975-03-12".into()],
            nationalities: vec!["RUS".into()],
            sex: Some("M".into()),
            ..Default::default()
        },
        "terrorism",
        "Court decision 2-1234/2025 of 2025-01-10",
    )
    .await?;
    registry_ban(
        &store,
        actor,
        PersonInput {
            id: "W-DEMO-2".into(),
            names: vec![NameInput::Full("Тоқтарова Әсел Қайратқызы".into())],
            birth_dates: vec!["1988-11-02".into()],
            nationalities: vec!["KAZ".into()],
            sex: Some("F".into()),
            ..Default::default()
        },
        "organised_crime",
        "Court decision 1-77/2024 of 2024-09-30",
    )
    .await?;

    // 4. an emergency declaration: expired Kazakh passports stay valid
    let from = today.saturating_sub(time::Duration::days(10));
    let until = today.saturating_add(time::Duration::days(30));
    store
        .declare_emergency(
            actor,
            &EmergencyInput {
                authority: "Government of the Republic of Kazakhstan".into(),
                legal_act: "Demo decree No. 1 (fictional)".into(),
                from: from.to_string(),
                until: Some(until.to_string()),
                regions: Vec::new(),
                crossing_points: Vec::new(),
                document_kinds: vec!["passport".into()],
                holders: None,
            },
        )
        .await?;

    // 5. an admin, a border officer and a citizenship officer with tokens
    // (the console's sign-in)
    berkut_api::create_user(&store, actor, "demo-admin", berkut_api::Role::Admin).await?;
    let admin =
        berkut_api::create_token(&store, actor, "demo-admin", berkut_api::Role::Admin, "demo")
            .await?;
    berkut_api::create_user(
        &store,
        actor,
        "demo-officer",
        berkut_api::Role::BorderOfficer,
    )
    .await?;
    let officer = berkut_api::create_token(
        &store,
        actor,
        "demo-officer",
        berkut_api::Role::BorderOfficer,
        "demo",
    )
    .await?;
    berkut_api::create_user(
        &store,
        actor,
        "demo-citizenship",
        berkut_api::Role::CitizenshipOfficer,
    )
    .await?;
    let citizenship = berkut_api::create_token(
        &store,
        actor,
        "demo-citizenship",
        berkut_api::Role::CitizenshipOfficer,
        "demo",
    )
    .await?;
    let base = format!("http://{}", a.listen);
    println!(
        "\nBerkut demo: {} persons listed, 1 list file imported, 2 registry bans ({ivanov}, …), 1 emergency declaration.",
        a.listed
    );
    println!("Data directory: {}", dir.display());
    println!("API: {base}/v1   docs: {base}/docs   OpenAPI: {base}/openapi.json");
    println!("\nexport BERKUT_TOKEN={}\n", admin.token);
    println!("Console: {base}/   (open it in a browser and sign in with the token above)");
    println!(
        "Border officer's token (screens, cannot edit bans): {}\n",
        officer.token
    );
    println!(
        "Citizenship officer's token (applications): {}\n",
        citizenship.token
    );
    println!("# in a second terminal, follow the alerts as they are raised (Server-Sent Events):");
    println!("curl -N -H \"Authorization: Bearer $BERKUT_TOKEN\" {base}/v1/alerts/stream");
    println!("# CLEAR: an ordinary traveller");
    println!(
        "curl -s -H \"Authorization: Bearer $BERKUT_TOKEN\" -H 'Content-Type: application/json' {base}/v1/screenings -d '{{\"names\": [\"AIGERIM BEKOVA\"], \"birth_date\": \"1990-05-05\", \"crossing_point\": \"ALA-1\"}}'"
    );
    println!(
        "# REFER: a possible match for a sanctioned person with only a birth year on the list"
    );
    println!(
        "curl -s -H \"Authorization: Bearer $BERKUT_TOKEN\" -H 'Content-Type: application/json' {base}/v1/screenings -d '{{\"names\": [\"ABDELRAHMAN YOUSEF ELMASRI\"], \"birth_date\": \"1971-04-02\", \"crossing_point\": \"ALA-1\"}}'"
    );
    println!(
        "# DENY: the registry says Иванов Юрий Петрович, the passport says IURII IVANOV; the alert appears on the stream"
    );
    println!(
        "curl -s -H \"Authorization: Bearer $BERKUT_TOKEN\" -H 'Content-Type: application/json' {base}/v1/screenings -d '{{\"names\": [\"IURII IVANOV\"], \"birth_date\": \"1975-03-12\", \"crossing_point\": \"ALA-1\"}}'"
    );
    if a.no_serve {
        return Ok(());
    }
    let data_dir = dir.clone();
    serve::run(
        store,
        &data_dir,
        cfg.screening,
        berkut_control::StayRules::default(),
        cfg.labour.to_config(),
        serve::ServeArgs::on(a.listen),
    )
    .await
}
