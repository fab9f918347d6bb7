//! `berkut screen`, `eval`, `score` and `gen`: screening travellers against
//! the index built from the store's events, and measuring it.

use std::{
    io::{BufRead, BufReader, IsTerminal, Write},
    path::{Path, PathBuf},
    time::Instant,
};

use anyhow::{Context, bail};
use berkut_domain::{
    EventBody,
    watchlist::{EntryId, EntryListed},
};
use berkut_engine::{
    Decision, DocumentContext, Policy, Screener, Traveller, TruthLine, Verdict, check_documents,
    evaluate,
};
use berkut_store::{AnyStore, Store};
use berkut_sync::Follower;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use time::Date;

fn bar(len: u64, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Build the screener from every event in the log, with a progress bar.
pub async fn load(store: &AnyStore, policy: Policy) -> anyhow::Result<Follower> {
    let (head, _) = store.head().await?;
    let pb = bar(head, "indexing");
    let f = Follower::bootstrap_with_progress(store.clone(), policy, |seq| pb.set_position(seq))
        .await?;
    pb.finish_and_clear();
    Ok(f)
}

/// `berkut screen` arguments.
#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// A name of the traveller (repeatable; any script and order).
    #[arg(long = "name")]
    names: Vec<String>,
    /// Birth date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    birth_date: Option<String>,
    /// Nationality (ISO alpha-3).
    #[arg(long)]
    nationality: Option<String>,
    /// M, F or X.
    #[arg(long)]
    sex: Option<String>,
    /// Document number.
    #[arg(long)]
    document: Option<String>,
    /// Issuing state of the document.
    #[arg(long)]
    document_country: Option<String>,
    /// Document expiry date.
    #[arg(long)]
    document_expiry: Option<String>,
    /// MRZ lines (2 or 3; quote each line).
    #[arg(long, num_args = 2..=3)]
    mrz: Option<Vec<String>>,
    /// Screen every traveller of a JSONL file (DESIGN traveller format).
    #[arg(long, conflicts_with_all = ["names", "mrz"])]
    batch: Option<PathBuf>,
    /// Write batch results here instead of stdout.
    #[arg(long, requires = "batch")]
    out: Option<PathBuf>,
    /// Screen as of this day (default: today).
    #[arg(long)]
    at: Option<String>,
    /// Region of the crossing point (for emergency declarations).
    #[arg(long)]
    region: Option<String>,
    /// The crossing point (for emergency declarations).
    #[arg(long)]
    crossing_point: Option<String>,
    /// Print the decision as JSON (batch output is always JSON lines).
    #[arg(long)]
    json: bool,
}

fn print_decision(d: &Decision) {
    let verdict = match d.decision {
        Verdict::Clear => "CLEAR",
        Verdict::Refer => "REFER (secondary inspection)",
        Verdict::Deny => "DENY",
    };
    println!("{verdict}   (index seq {})", d.index_seq);
    for r in &d.reasons {
        println!("  - {r}");
    }
    for m in &d.matches {
        println!(
            "  match {}  score {:.3} ({}){}",
            m.entry_id,
            m.score,
            m.band,
            m.ground
                .as_deref()
                .map(|g| format!("  ground {g}"))
                .unwrap_or_default()
        );
        for r in &m.reasons {
            println!("      {r}");
        }
    }
    for c in &d.document_checks {
        println!(
            "  document {}: {} — {}",
            c.check,
            if c.ok { "ok" } else { "NOT OK" },
            c.detail
        );
    }
    for w in &d.warnings {
        println!("  warning: {w}");
    }
}

/// Run `berkut screen`. Returns the process exit code: 0 CLEAR, 1 error,
/// 3 REFER, 4 DENY for a single traveller; 0 for a batch.
pub async fn screen(
    store: &AnyStore,
    data_dir: &Path,
    policy: Policy,
    a: ScreenArgs,
    today: Date,
) -> anyhow::Result<u8> {
    let today = match &a.at {
        Some(s) => berkut_domain::parse_date("at", s)?,
        None => today,
    };
    let register = crate::invalidated::load(data_dir)?;
    let follower = load(store, policy).await?;
    let screener = follower.screener();
    let declarations = follower.declarations();
    let ctx = DocumentContext {
        register: register.as_ref(),
        declarations: &declarations,
        region: a.region.as_deref(),
        crossing_point: a.crossing_point.as_deref(),
        deny_listed_documents: policy.deny_listed_documents,
    };
    if let Some(batch) = &a.batch {
        let file = std::fs::File::open(batch)
            .with_context(|| format!("cannot read {}", batch.display()))?;
        let travellers = read_travellers(batch, BufReader::new(file))?;
        let mut out: Box<dyn Write> = match &a.out {
            Some(p) => Box::new(std::io::BufWriter::new(
                std::fs::File::create(p)
                    .with_context(|| format!("cannot write {}", p.display()))?,
            )),
            None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
        };
        let pb = bar(travellers.len() as u64, "screening");
        let started = Instant::now();
        let mut counts = [0usize; 3];
        for t in &travellers {
            let mut d = screener.screen(t, today);
            check_documents(&mut d, t, today, &ctx);
            counts[match d.decision {
                Verdict::Clear => 0,
                Verdict::Refer => 1,
                Verdict::Deny => 2,
            }] += 1;
            serde_json::to_writer(&mut out, &d)?;
            out.write_all(b"\n")?;
            pb.inc(1);
        }
        out.flush()?;
        pb.finish_and_clear();
        eprintln!(
            "screened {} travellers in {:.2} s: {} CLEAR, {} REFER, {} DENY (index seq {})",
            travellers.len(),
            started.elapsed().as_secs_f64(),
            counts[0],
            counts[1],
            counts[2],
            screener.index_seq()
        );
        return Ok(0);
    }
    if a.names.is_empty() && a.mrz.is_none() {
        bail!("name: give at least one --name, or --mrz LINES, or --batch FILE");
    }
    let traveller = Traveller {
        id: "cli".into(),
        names: a.names,
        birth_date: a.birth_date,
        nationality: a.nationality,
        sex: a.sex,
        document: a.document.map(|number| berkut_engine::TravellerDocument {
            number,
            country: a.document_country,
            kind: None,
            expiry: a.document_expiry,
        }),
        mrz: a.mrz,
    };
    let mut d = screener.screen(&traveller, today);
    check_documents(&mut d, &traveller, today, &ctx);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&d)?);
    } else {
        print_decision(&d);
    }
    Ok(match d.decision {
        Verdict::Clear => 0,
        Verdict::Refer => 3,
        Verdict::Deny => 4,
    })
}

/// Read traveller JSONL; an error names file and line.
fn read_travellers(path: &Path, r: impl BufRead) -> anyhow::Result<Vec<Traveller>> {
    let mut out = Vec::new();
    for (i, line) in r.lines().enumerate() {
        let line =
            line.with_context(|| format!("{}: line {}: cannot read", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let t = Traveller::from_json(&line)
            .map_err(|e| anyhow::anyhow!("{}: line {}: {e}", path.display(), i + 1))?;
        out.push(t);
    }
    Ok(out)
}

/// Build a screener straight from a register file (no store), as `eval` does.
pub fn screener_from_register(path: &Path, policy: Policy) -> anyhow::Result<Screener> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let screener = Screener::new(policy);
    let mut batch = Vec::new();
    let source = "national_register";
    for (i, entry) in berkut_lists::NationalJsonlReader::new(BufReader::new(file)).enumerate() {
        let entry = entry.map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let entry_id = EntryId::new(source, &entry.source_id)?;
        batch.push((
            i as u64 + 1,
            EventBody::EntryListed(EntryListed {
                entry_id,
                source: source.into(),
                content_hash: entry.content_hash(),
                entry,
            }),
        ));
    }
    screener.apply(&batch);
    Ok(screener)
}

/// `berkut eval` arguments.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Register (Person JSONL).
    #[arg(long)]
    watchlist: PathBuf,
    /// Travellers (JSONL).
    #[arg(long)]
    travellers: PathBuf,
    /// Truth lines.
    #[arg(long)]
    truth: PathBuf,
    /// Write every decision here (JSONL), e.g. for the peer comparison.
    #[arg(long)]
    decisions: Option<PathBuf>,
    /// Evaluate as of this day (default: today).
    #[arg(long)]
    at: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn eval(policy: Policy, a: EvalArgs, today: Date) -> anyhow::Result<()> {
    let today = match &a.at {
        Some(s) => berkut_domain::parse_date("at", s)?,
        None => today,
    };
    let started = Instant::now();
    let screener = screener_from_register(&a.watchlist, policy)?;
    let built = started.elapsed().as_secs_f64();
    let tf = std::fs::File::open(&a.travellers)
        .with_context(|| format!("cannot read {}", a.travellers.display()))?;
    let travellers = read_travellers(&a.travellers, BufReader::new(tf))?;
    let truth_text = std::fs::read_to_string(&a.truth)
        .with_context(|| format!("cannot read {}", a.truth.display()))?;
    let mut truth = Vec::new();
    for (i, line) in truth_text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let t: TruthLine = serde_json::from_str(line)
            .map_err(|e| anyhow::anyhow!("{}: line {}: {e}", a.truth.display(), i + 1))?;
        truth.push(t);
    }
    let t0 = Instant::now();
    let report = evaluate(&screener, &travellers, &truth, today);
    let secs = t0.elapsed().as_secs_f64();
    if let Some(p) = &a.decisions {
        let mut out = std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        );
        for t in &travellers {
            serde_json::to_writer(&mut out, &screener.screen(t, today))?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    if a.json {
        let mut v = serde_json::to_value(&report)?;
        if let Some(o) = v.as_object_mut() {
            o.insert("build_seconds".into(), built.into());
            o.insert("screen_seconds".into(), secs.into());
        }
        println!("{v}");
    } else {
        println!("{}", serde_json::to_string_pretty(&report)?);
        println!(
            "index built in {built:.2} s; {} travellers screened in {secs:.2} s",
            travellers.len()
        );
    }
    Ok(())
}

/// `berkut score` arguments.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Pairs: `{"a": PERSON, "b": PERSON, "match": true|false|null}` per line.
    #[arg(long)]
    pairs: PathBuf,
}

fn subject(v: &serde_json::Value) -> berkut_match::MatchSubject {
    let strings = |key: &str| -> Vec<String> {
        match v.get(key) {
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let names = match v.get("names") {
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|n| match n {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Object(o) => {
                    let part =
                        |k: &str| o.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
                    let full = [part("family"), part("given"), part("patronymic")]
                        .into_iter()
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                    (!full.is_empty()).then_some(full)
                }
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut dates = strings("birth_dates");
    dates.extend(strings("birth_date"));
    let mut nationalities = strings("nationalities");
    nationalities.extend(strings("nationality"));
    let documents = match v.get("documents") {
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|d| d.get("number").and_then(|n| n.as_str()).map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    berkut_match::MatchSubject {
        names,
        birth_dates: dates
            .iter()
            .filter_map(|d| berkut_match::PartialDate::parse(d))
            .collect(),
        nationalities,
        sex: v
            .get("sex")
            .and_then(|s| s.as_str())
            .and_then(|s| s.chars().next()),
        documents,
    }
}

pub fn score(a: ScoreArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&a.pairs)
        .with_context(|| format!("cannot read {}", a.pairs.display()))?;
    let config = berkut_match::MatchConfig::default();
    let (mut tp, mut fp, mut fn_, mut labelled) = (0u64, 0u64, 0u64, 0u64);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| anyhow::anyhow!("{}: line {}: {e}", a.pairs.display(), i + 1))?;
        let (Some(pa), Some(pb)) = (v.get("a"), v.get("b")) else {
            bail!(
                "{}: line {}: a pair needs \"a\" and \"b\"",
                a.pairs.display(),
                i + 1
            );
        };
        let r = berkut_match::score(&subject(pa), &subject(pb), &config);
        let band = match r.band {
            berkut_match::Band::Strong => "strong",
            berkut_match::Band::Possible => "possible",
            berkut_match::Band::Weak => "weak",
        };
        writeln!(
            out,
            "{}",
            serde_json::json!({"score": (r.score * 1000.0).round() / 1000.0, "band": band})
        )?;
        if let Some(m) = v.get("match").and_then(|m| m.as_bool()) {
            labelled += 1;
            let flagged = r.band != berkut_match::Band::Weak;
            match (flagged, m) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => {}
            }
        }
    }
    if labelled > 0 {
        let p = if tp + fp == 0 {
            0.0
        } else {
            tp as f64 / (tp + fp) as f64
        };
        let r = if tp + fn_ == 0 {
            0.0
        } else {
            tp as f64 / (tp + fn_) as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        eprintln!(
            "{labelled} labelled pairs: precision {p:.3}, recall {r:.3}, F1 {f1:.3} (possible or strong counts as a match)"
        );
    }
    Ok(())
}

/// `berkut gen` arguments.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Seed (same seed, same data).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Listed persons in the register.
    #[arg(long, default_value_t = 10_000)]
    listed: usize,
    /// Travellers.
    #[arg(long, default_value_t = 10_000)]
    travellers: usize,
    /// Output directory (register.jsonl, travellers.jsonl, truth.jsonl).
    #[arg(long)]
    out: PathBuf,
}

pub fn gen_data(a: GenArgs) -> anyhow::Result<()> {
    let g = berkut_gen::generate(a.seed, a.listed, a.travellers);
    std::fs::create_dir_all(&a.out)
        .with_context(|| format!("cannot create {}", a.out.display()))?;
    for (name, lines) in [
        ("register.jsonl", &g.register),
        ("travellers.jsonl", &g.travellers),
        ("truth.jsonl", &g.truth),
    ] {
        let p = a.out.join(name);
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(&p).with_context(|| format!("cannot write {}", p.display()))?,
        );
        for l in lines.iter() {
            f.write_all(l.as_bytes())?;
            f.write_all(b"\n")?;
        }
        f.flush()?;
    }
    println!(
        "wrote {} register persons, {} travellers and their truth to {}",
        g.register.len(),
        g.travellers.len(),
        a.out.display()
    );
    Ok(())
}
