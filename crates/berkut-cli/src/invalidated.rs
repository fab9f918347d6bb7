//! `berkut invalidated import | check`: the register of lost, stolen,
//! revoked and blank documents. 100 M records do not belong in the event
//! log one by one: the register is built into a compact file in the data
//! directory (written atomically) and its import is a `source.imported`
//! event with the file's content hash.

use std::{
    io::BufReader,
    path::{Path, PathBuf},
    time::Instant,
};

use anyhow::Context;
use berkut_domain::{
    Actor,
    watchlist::{ListKind, SourceImported},
};
use berkut_lists::{InvalidatedCsvReader, InvalidatedJsonlReader};
use berkut_register::Register;
use berkut_store::{AnyStore, Store};
use clap::Subcommand;
use sha2::{Digest, Sha256};

/// File name of the register in the data directory.
pub const FILE: &str = "invalidated-documents.bin";

#[derive(Debug, Subcommand)]
pub enum InvalidatedCmd {
    /// Replace the register with the records of FILE (JSONL, or CSV by extension).
    Import {
        /// Records: number, issuing_state, type, status, reported_at, source.
        file: PathBuf,
        /// Source name to record.
        #[arg(long, default_value = "invalidated_documents")]
        source: String,
    },
    /// Look a document up. Exit 0 when not listed, 1 when listed.
    Check {
        /// Document number.
        number: String,
        /// Issuing state (ISO alpha-3).
        #[arg(long)]
        country: String,
    },
}

/// Load the register from the data directory, if one was imported.
pub fn load(data_dir: &Path) -> anyhow::Result<Option<Register>> {
    let p = data_dir.join(FILE);
    if !p.exists() {
        return Ok(None);
    }
    let bytes = std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
    let r = Register::from_bytes(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
    Ok(Some(r))
}

pub async fn run(
    store: &AnyStore,
    actor: &Actor,
    data_dir: &Path,
    cmd: InvalidatedCmd,
) -> anyhow::Result<bool> {
    match cmd {
        InvalidatedCmd::Import { file, source } => {
            let started = Instant::now();
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let csv = file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            let located = |e: berkut_lists::ParseError| {
                anyhow::anyhow!("{}: {e}; nothing was imported", file.display())
            };
            let docs = if csv {
                InvalidatedCsvReader::new(BufReader::new(&bytes[..]))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(located)?
            } else {
                InvalidatedJsonlReader::new(BufReader::new(&bytes[..]))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(located)?
            };
            anyhow::ensure!(
                !docs.is_empty(),
                "{}: no records; the register was left as it was",
                file.display()
            );
            let register =
                Register::build(&docs).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            // Write beside, then rename: a crash leaves the old file or the new one.
            let target = data_dir.join(FILE);
            let tmp = data_dir.join(format!("{FILE}.tmp"));
            std::fs::write(&tmp, register.to_bytes())
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            std::fs::rename(&tmp, &target)
                .with_context(|| format!("cannot replace {}", target.display()))?;
            let import = SourceImported {
                source,
                list: ListKind::InvalidatedDocuments,
                version: berkut_domain::format_date(time::OffsetDateTime::now_utc().date()),
                content_hash: hex::encode(Sha256::digest(&bytes)),
                entries: register.len() as u64,
                added: 0,
                changed: 0,
                removed: 0,
                unchanged: 0,
            };
            let seq = store.record_source_import(actor, &import).await?;
            println!(
                "register of {} invalidated documents built in {:.2} s ({} bytes in memory); event {seq}",
                register.len(),
                started.elapsed().as_secs_f64(),
                register.heap_bytes()
            );
            Ok(true)
        }
        InvalidatedCmd::Check { number, country } => {
            let Some(register) = load(data_dir)? else {
                anyhow::bail!("no register imported yet; run `berkut invalidated import FILE`");
            };
            let hits = register.lookup_text(&number, &country)?;
            let mut any = false;
            for h in hits {
                any = true;
                println!(
                    "LISTED: {:?} since {} (source {}{})",
                    h.status,
                    berkut_domain::format_date(h.reported_at),
                    h.source,
                    h.kind.map(|k| format!(", {k:?}")).unwrap_or_default()
                );
            }
            if !any {
                println!("not listed");
            }
            Ok(!any)
        }
    }
}
