//! Appends `COUNT` events to the store at `URL`, printing each committed seq
//! on its own line (flushed) — the crash-safety test kills it with SIGKILL
//! at a random moment and then checks every printed seq is stored.
//!
//! Usage: crash-writer URL COUNT

use std::io::Write;

use berkut_domain::Actor;
use berkut_store::{AnyStore, Store};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(url), Some(count)) = (args.get(1), args.get(2).and_then(|c| c.parse::<u64>().ok()))
    else {
        eprintln!("usage: crash-writer URL COUNT");
        std::process::exit(2);
    };
    let rt = berkut_testkit::runtime();
    rt.block_on(async {
        let store = AnyStore::open(std::path::Path::new("."), Some(url), true)
            .await
            .expect("open store");
        let actor = Actor::parse("crash-writer").expect("actor");
        let mut out = std::io::stdout().lock();
        for i in 0..count {
            let p = berkut_testkit::suite::person(&format!("C-{i}"))
                .validate()
                .expect("valid person");
            let e = store.register_person(&actor, p).await.expect("append");
            writeln!(out, "{}", e.seq).expect("stdout");
            out.flush().expect("flush");
        }
    });
}
