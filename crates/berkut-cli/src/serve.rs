//! `berkut serve`: the HTTP API over a store, with the screening index
//! following its log.

use std::{net::SocketAddr, path::Path, sync::Arc, time::Duration};

use berkut_engine::Policy;
use berkut_store::{AnyStore, Backend, Store};
use clap::Args;

use crate::{invalidated, screen};

/// How `berkut serve` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ServeMode {
    /// One server on its own store.
    Single,
    /// A screening node following a central PostgreSQL log.
    Node,
}

/// `berkut serve` arguments.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "BERKUT_LISTEN")]
    pub listen: SocketAddr,
    /// Largest request body in bytes.
    #[arg(long, default_value_t = 1024 * 1024)]
    pub body_limit: usize,
    /// Requests per second allowed per token (0 turns the limit off).
    #[arg(long, default_value_t = 50)]
    pub rate_limit: u32,
    /// `single`: one server on its store. `node`: one of many screening
    /// nodes following a central PostgreSQL log (needs --database-url
    /// postgres://…); it keeps screening on its last snapshot when the
    /// centre is away and marks decisions stale.
    #[arg(long, value_enum, default_value_t = ServeMode::Single)]
    pub mode: ServeMode,
    /// Seconds without a successful read of the log after which decisions
    /// are marked `stale`.
    #[arg(long, default_value_t = 30)]
    pub stale_after: u64,
    /// How often the log is polled, in milliseconds (PostgreSQL also wakes
    /// the node on every commit).
    #[arg(long, default_value_t = 250)]
    pub poll_ms: u64,
    /// How often the server looks for overstays, in seconds (0: never).
    /// A node never does: the writer does.
    #[arg(long, default_value_t = 3600)]
    pub overstay_check_secs: u64,
    /// How often the server tails the log for new bans and listings to
    /// re-screen the population against, in milliseconds (0: never; a
    /// node never does).
    #[arg(long, default_value_t = 2000)]
    pub rescreen_poll_ms: u64,
}

impl ServeArgs {
    /// The defaults, listening on `listen`.
    pub fn on(listen: SocketAddr) -> Self {
        Self {
            listen,
            body_limit: 1024 * 1024,
            rate_limit: 50,
            mode: ServeMode::Single,
            stale_after: 30,
            poll_ms: 250,
            overstay_check_secs: 3600,
            rescreen_poll_ms: 2000,
        }
    }
}

/// Load the index, follow the log and serve until the process ends.
pub async fn run(
    store: AnyStore,
    data_dir: &Path,
    policy: Policy,
    stay_rules: berkut_control::StayRules,
    labour: berkut_api::labour::LabourConfig,
    a: ServeArgs,
) -> anyhow::Result<()> {
    if a.mode == ServeMode::Node && store.backend() != Backend::Postgres {
        anyhow::bail!(
            "--mode node follows a central PostgreSQL log: give --database-url postgres://…"
        );
    }
    let options = berkut_api::ServeOptions {
        body_limit: a.body_limit,
        rate_limit: (a.rate_limit > 0).then(|| berkut_api::RateLimit {
            per_second: f64::from(a.rate_limit),
            burst: a.rate_limit.saturating_mul(2),
        }),
        ..Default::default()
    };
    let follower = Arc::new(screen::load(&store, policy).await?);
    let register = invalidated::load(data_dir)?.map(Arc::new);
    follower.set_stale_after(Duration::from_secs(a.stale_after));
    if let Some(b) = follower.status().integrity {
        eprintln!(
            "berkut: WARNING: {b}; screening on the verified prefix (seq {}) until the log is repaired",
            follower.screener().index_seq()
        );
    }
    let _tail = follower
        .clone()
        .spawn(Duration::from_millis(a.poll_ms.max(10)));
    eprintln!(
        "berkut: {} at seq {} ({} screenable records); serving the API on http://{} (docs at /docs, officer console at /)",
        match a.mode {
            ServeMode::Single => "index",
            ServeMode::Node => "node following the central log, index",
        },
        follower.screener().index_seq(),
        follower.screener().stats().records,
        a.listen
    );
    let spool = match a.mode {
        ServeMode::Node => {
            let dir = data_dir.join("spool");
            let spool = berkut_api::spool::Spool::open(&dir)?;
            let pending = spool.pending().await?;
            eprintln!(
                "berkut: spool for screenings made while the centre is away: {} ({pending} waiting)",
                dir.display()
            );
            Some(Arc::new(spool))
        }
        ServeMode::Single => None,
    };
    // the overstay check and re-screening write: the single server does
    // them, a node leaves them to the writer
    let writer = a.mode == ServeMode::Single;
    let people = berkut_api::people::PeopleOptions {
        stay_rules,
        overstay_every: (writer && a.overstay_check_secs > 0)
            .then(|| Duration::from_secs(a.overstay_check_secs)),
        rescreen_every: (writer && a.rescreen_poll_ms > 0)
            .then(|| Duration::from_millis(a.rescreen_poll_ms)),
        ..Default::default()
    };
    let options = berkut_api::ServeOptions {
        spool,
        people,
        screening: Arc::new(berkut_api::engine::EngineScreening::new(follower, register)),
        labour,
        ..options
    };
    berkut_api::serve(store, a.listen, options).await?;
    Ok(())
}
