//! `berkut import …`: read a list file, parse it completely (any error
//! aborts before anything is written), then hand the entries to the store,
//! which applies them by delta in one transaction.

use std::{
    io::IsTerminal,
    path::{Path, PathBuf},
    time::Instant,
};

use anyhow::{Context, bail};
use berkut_domain::{Actor, watchlist::ListKind};
use berkut_lists::{
    AfmReader, FtmReader, ListedEntry, NationalCsvReader, NationalJsonlReader, ParseError,
    UnReader, ofac_consolidated, ofac_sdn,
};
use berkut_store::{AnyStore, ImportBatch, ImportOptions, ImportSummary, Store};
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};

/// Which format a file is in.
#[derive(Debug, Clone, Copy)]
pub enum Format {
    UnSc,
    OfacSdn,
    OfacCons,
    Ftm,
    KzAfm,
    Persons,
    Csv,
}

impl Format {
    fn list(self) -> ListKind {
        match self {
            Self::UnSc => ListKind::UnSc,
            Self::OfacSdn => ListKind::OfacSdn,
            Self::OfacCons => ListKind::OfacConsolidated,
            Self::Ftm => ListKind::OpenSanctions,
            Self::KzAfm => ListKind::KzAfm,
            Self::Persons | Self::Csv => ListKind::NationalRegister,
        }
    }
}

/// Options of one import.
#[derive(Debug)]
pub struct Request {
    pub format: Format,
    pub path: PathBuf,
    pub source: Option<String>,
    pub version: Option<String>,
    pub options: ImportOptions,
    pub json: bool,
}

/// A file read whole, checked to be UTF-8.
struct Input {
    path: PathBuf,
    bytes: Vec<u8>,
}

fn read(path: &Path) -> anyhow::Result<Input> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    // OFAC files end with a SUB (0x1A) byte; that is valid UTF-8.
    if let Err(e) = std::str::from_utf8(&bytes) {
        bail!(
            "{}: not UTF-8 text (invalid byte at offset {}); convert the file to UTF-8 first",
            path.display(),
            e.valid_up_to()
        );
    }
    Ok(Input {
        path: path.to_path_buf(),
        bytes,
    })
}

fn optional(dir: &Path, name: &str) -> anyhow::Result<Option<Input>> {
    let p = dir.join(name);
    if p.exists() {
        read(&p).map(Some)
    } else {
        Ok(None)
    }
}

fn located(path: &Path, e: &ParseError) -> anyhow::Error {
    anyhow::anyhow!("{}: {e}; nothing was imported", path.display())
}

fn progress(json: bool, total: u64, what: &str) -> ProgressBar {
    if json || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(total);
    pb.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {bytes}/{total_bytes} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Drain a parser into entries; the first error aborts.
fn collect<I>(path: &Path, parser: I) -> anyhow::Result<Vec<ListedEntry>>
where
    I: Iterator<Item = Result<ListedEntry, ParseError>>,
{
    parser
        .map(|item| item.map_err(|e| located(path, &e)))
        .collect()
}

fn file_date(path: &Path) -> String {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .map(time::OffsetDateTime::from)
        .map(|t| berkut_domain::format_date(t.date()))
        .unwrap_or_else(|| "unknown".into())
}

/// Parse the file(s) of a request into a batch.
fn parse(req: &Request) -> anyhow::Result<ImportBatch> {
    let mut hasher = Sha256::new();
    let mut version = None;
    let entries = match req.format {
        Format::OfacSdn | Format::OfacCons => {
            anyhow::ensure!(
                req.path.is_dir(),
                "{}: expected a directory holding the OFAC CSV files",
                req.path.display()
            );
            let (prim, alt, add, comments) = match req.format {
                Format::OfacSdn => ("sdn.csv", "alt.csv", "add.csv", None),
                _ => (
                    "cons_prim.csv",
                    "cons_alt.csv",
                    "cons_add.csv",
                    Some("cons_comments.csv"),
                ),
            };
            let primary = optional(&req.path, prim)?
                .with_context(|| format!("{}: no {prim} in this directory", req.path.display()))?;
            let alt = optional(&req.path, alt)?;
            let add = optional(&req.path, add)?;
            let comments = comments
                .map(|c| optional(&req.path, c))
                .transpose()?
                .flatten();
            for f in [
                Some(&primary),
                alt.as_ref(),
                add.as_ref(),
                comments.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                hasher.update(&f.bytes);
            }
            let empty: &[u8] = b"";
            let alt_b = alt.as_ref().map_or(empty, |f| &f.bytes[..]);
            let add_b = add.as_ref().map_or(empty, |f| &f.bytes[..]);
            let entries = match req.format {
                Format::OfacSdn => {
                    let mut r = ofac_sdn(&primary.bytes[..], alt_b, add_b);
                    let side = r.side_file_errors().first().cloned();
                    if let Some(e) = side {
                        return Err(located(&req.path, &e));
                    }
                    collect(&primary.path, r.by_ref())?
                }
                _ => {
                    let com_b = comments.as_ref().map_or(empty, |f| &f.bytes[..]);
                    let mut r = ofac_consolidated(&primary.bytes[..], alt_b, add_b, com_b);
                    let side = r.side_file_errors().first().cloned();
                    if let Some(e) = side {
                        return Err(located(&req.path, &e));
                    }
                    collect(&primary.path, r.by_ref())?
                }
            };
            version = Some(file_date(&req.path.join(prim)));
            entries
        }
        _ => {
            let input = read(&req.path)?;
            hasher.update(&input.bytes);
            let pb = progress(req.json, input.bytes.len() as u64, "parsing");
            let bytes: &[u8] = &input.bytes;
            let tracked = pb.wrap_read(bytes);
            let reader = std::io::BufReader::new(tracked);
            let entries = match req.format {
                Format::UnSc => {
                    let mut r = UnReader::new(reader).map_err(|e| located(&input.path, &e))?;
                    version = r.version().map(str::to_string);
                    collect(&input.path, r.by_ref())?
                }
                Format::Ftm => collect(&input.path, FtmReader::new(reader))?,
                Format::KzAfm => collect(&input.path, AfmReader::new(reader))?,
                Format::Persons => collect(&input.path, NationalJsonlReader::new(reader))?,
                Format::Csv => collect(&input.path, NationalCsvReader::new(reader))?,
                Format::OfacSdn | Format::OfacCons => unreachable_format()?,
            };
            pb.finish_and_clear();
            if version.is_none() {
                version = Some(file_date(&input.path));
            }
            entries
        }
    };
    let list = req.format.list();
    Ok(ImportBatch {
        source: req
            .source
            .clone()
            .unwrap_or_else(|| list.code().to_string()),
        list,
        version: req
            .version
            .clone()
            .or(version)
            .unwrap_or_else(|| "unknown".into()),
        content_hash: hex::encode(hasher.finalize()),
        entries,
    })
}

fn unreachable_format() -> anyhow::Result<Vec<ListedEntry>> {
    bail!("internal: directory formats are handled above")
}

/// Run an import and print its summary.
pub async fn run(store: &AnyStore, actor: &Actor, req: Request) -> anyhow::Result<()> {
    let started = Instant::now();
    if !req.json {
        eprintln!("reading {}", req.path.display());
    }
    let batch = parse(&req)?;
    if !req.json {
        eprintln!(
            "parsed {} entries from {} (version {}); applying to source '{}'",
            batch.entries.len(),
            req.path.display(),
            batch.version,
            batch.source
        );
    }
    let summary = store
        .import_source(actor, &batch, req.options)
        .await
        .map_err(|e| anyhow::anyhow!("{}: {e}; nothing was imported", req.path.display()))?;
    print_summary(&summary, started.elapsed().as_secs_f64(), &batch, &req);
    Ok(())
}

fn print_summary(s: &ImportSummary, seconds: f64, batch: &ImportBatch, req: &Request) {
    if req.json {
        let v = serde_json::json!({
            "source": batch.source,
            "version": batch.version,
            "dry_run": req.options.dry_run,
            "read": s.read,
            "persons": s.persons,
            "organisations": s.organisations,
            "aliases": s.aliases,
            "remark_aliases": s.remark_aliases,
            "added": s.added,
            "changed": s.changed,
            "removed": s.removed,
            "unchanged": s.unchanged,
            "seconds": (seconds * 1000.0).round() / 1000.0,
        });
        println!("{v}");
        return;
    }
    let verb = if req.options.dry_run {
        "would import (dry run, nothing written)"
    } else {
        "imported"
    };
    println!(
        "{verb} {} into source '{}' (version {}) in {seconds:.2} s",
        req.path.display(),
        batch.source,
        batch.version
    );
    println!(
        "  read {}  persons {}  organisations {}  aliases {}{}",
        s.read,
        s.persons,
        s.organisations,
        s.aliases,
        if s.remark_aliases > 0 {
            format!(" (+{} in remarks)", s.remark_aliases)
        } else {
            String::new()
        }
    );
    println!(
        "  added {}  changed {}  removed {}  unchanged {}",
        s.added, s.changed, s.removed, s.unchanged
    );
}

/// Print the sources table.
pub async fn sources(store: &AnyStore, json: bool) -> anyhow::Result<()> {
    let sources = store.sources().await?;
    if json {
        for s in &sources {
            println!("{}", serde_json::to_string(s)?);
        }
        return Ok(());
    }
    if sources.is_empty() {
        println!("no sources imported yet");
        return Ok(());
    }
    println!(
        "{:<22} {:<20} {:>8}  {:<28} {:<16} SHA-256",
        "SOURCE", "LIST", "ENTRIES", "VERSION", "IMPORTED"
    );
    for s in sources {
        println!(
            "{:<22} {:<20} {:>8}  {:<28} {:<16} {}",
            s.name,
            s.list,
            s.entries,
            s.version,
            s.imported_at.get(..16).unwrap_or(&s.imported_at),
            s.content_hash.get(..12).unwrap_or(&s.content_hash)
        );
    }
    Ok(())
}
