//! A child process appends 10,000 events and is killed with SIGKILL at a
//! random moment; every event it reported committed must be there, nothing
//! half-written, and the chain must verify.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use berkut_store::{BanFilter, ChainReport, Store};
use berkut_testkit::{runtime, suite::Target};

const COUNT: u64 = 10_000;

fn random_delay() -> Duration {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    // 150 ms .. 2.5 s: after the child has started appending, usually
    // before it is done.
    Duration::from_millis(150 + u64::from(nanos) % 2350)
}

fn kill_and_check(t: Target) {
    let delay = random_delay();
    let mut child = Command::new(env!("CARGO_BIN_EXE_crash-writer"))
        .arg(t.url())
        .arg(COUNT.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    let stdout = child.stdout.take().unwrap();
    let confirmed: Vec<u64> = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| l.trim().parse().ok())
        .collect();
    let last = confirmed.last().copied().unwrap_or(0);
    eprintln!(
        "crash test: killed after {delay:?} ({status}); {} events confirmed",
        confirmed.len()
    );
    assert_eq!(confirmed, (1..=last).collect::<Vec<_>>());

    runtime().block_on(async {
        let store = t.open_another().await;
        let (head, _) = store.head().await.unwrap();
        assert!(
            head >= last,
            "committed event lost: head {head} < confirmed {last}"
        );
        assert!(
            head <= last + 1,
            "more than one unconfirmed commit: {head} vs {last}"
        );
        match store.verify_chain().await.unwrap() {
            ChainReport::Intact { events, .. } => assert_eq!(events, head),
            ChainReport::Broken(b) => panic!("chain broken after crash: {b}"),
        }
        // Projections match the log exactly: one person per event.
        for i in 0..head {
            assert!(store.person(&format!("C-{i}")).await.unwrap().is_some());
        }
        assert!(store.person(&format!("C-{head}")).await.unwrap().is_none());
        assert!(store.bans(&BanFilter::default()).await.unwrap().is_empty());
        // The store still takes writes after the crash.
        let p = berkut_testkit::suite::person("after-crash")
            .validate()
            .unwrap();
        let e = store
            .register_person(&berkut_domain::Actor::parse("t").unwrap(), p)
            .await
            .unwrap();
        assert_eq!(e.seq, head + 1);
    });
}

#[test]
fn sqlite_survives_sigkill() {
    let t = runtime().block_on(Target::sqlite());
    kill_and_check(t);
}

#[test]
fn postgres_survives_sigkill() {
    let Some(t) = runtime().block_on(Target::postgres("postgres_survives_sigkill")) else {
        return;
    };
    kill_and_check(t);
}
