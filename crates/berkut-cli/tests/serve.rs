//! End-to-end: the real `berkut serve` binary over HTTP, on SQLite and on
//! PostgreSQL (one writer and two `--mode node` servers on one database).

use std::{
    net::TcpListener,
    path::Path,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use std::io::BufRead;

use serde_json::{Value, json};

use crate::cli::ok;

/// A `berkut serve` child process, killed on drop.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    /// Start `berkut [global] serve --listen … [extra]` in `dir` and wait
    /// until `/readyz` answers 200.
    pub fn start(dir: &Path, global: &[&str], extra: &[&str]) -> Server {
        let port = free_port();
        let listen = format!("127.0.0.1:{port}");
        let child = Command::new(assert_cmd::cargo::cargo_bin("berkut"))
            .current_dir(dir)
            .env_remove("BERKUT_DATA_DIR")
            .env_remove("BERKUT_DATABASE_URL")
            .env_remove("BERKUT_CONFIG")
            .env("BERKUT_ACTOR", "server")
            .args(global)
            .args(["serve", "--listen", &listen, "--rate-limit", "0"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let s = Server {
            child,
            base: format!("http://{listen}"),
        };
        let t0 = Instant::now();
        loop {
            if let Ok(r) = ureq::get(format!("{}/readyz", s.base)).call()
                && r.status() == 200
            {
                return s;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(60),
                "server did not get ready"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// `(status, body)` of a JSON call with a bearer token.
pub fn call(
    base: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let a = agent();
    let url = format!("{base}{path}");
    let auth = format!("Bearer {token}");
    let r = match (method, body) {
        ("GET", _) => a.get(&url).header("Authorization", &auth).call(),
        (_, Some(b)) => a.post(&url).header("Authorization", &auth).send_json(b),
        (_, None) => a.post(&url).header("Authorization", &auth).send_empty(),
    }
    .unwrap();
    let status = r.status().as_u16();
    let text = r.into_body().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// An admin token made with the CLI on the given store.
pub fn admin_token(dir: &Path, global: &[&str]) -> String {
    let mut a: Vec<&str> = global.to_vec();
    a.extend(["user", "add", "chief", "--role", "admin"]);
    ok(dir, &a);
    let mut a: Vec<&str> = global.to_vec();
    a.extend([
        "token", "create", "--user", "chief", "--role", "admin", "--name", "e2e",
    ]);
    ok(dir, &a).trim().to_string()
}

pub fn person() -> Value {
    json!({
        "id": "W-000123",
        "names": ["Иванов Юрий Петрович"],
        "birth_dates": ["1975-03-12"],
        "nationalities": ["RUS"],
        "sex": "M"
    })
}

pub fn ban() -> Value {
    json!({
        "person_id": "W-000123",
        "ground": "terrorism",
        "authority": "Court of Astana",
        "basis_kind": "court_decision",
        "basis_reference": "2-123/2026",
        "imposed_at": "2026-01-10"
    })
}

/// The same man as his passport spells him.
pub fn traveller() -> Value {
    json!({"names": ["IURII IVANOV"], "birth_date": "1975-03-12", "crossing_point": "ALA-1"})
}

/// Screen until the decision is `want` (the node applies the log within a
/// poll); the test checks state, not timing.
pub fn screen_until(base: &str, token: &str, want: &str) -> Value {
    let t0 = Instant::now();
    loop {
        let (s, b) = call(base, token, "POST", "/v1/screenings", Some(traveller()));
        assert_eq!(s, 200, "{b}");
        if b["decision"] == want {
            return b;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "{base}: still {} after 20 s, wanted {want}: {b}",
            b["decision"]
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn ban_then_lift_over_http_on_sqlite() {
    let d = tempfile::tempdir().unwrap();
    ok(d.path(), &["init"]);
    let token = admin_token(d.path(), &[]);
    let s = Server::start(d.path(), &[], &[]);
    assert_eq!(screen_until(&s.base, &token, "CLEAR")["stale"], false);
    let (st, b) = call(&s.base, &token, "POST", "/v1/persons", Some(person()));
    assert_eq!(st, 201, "{b}");
    let (st, b) = call(&s.base, &token, "POST", "/v1/bans", Some(ban()));
    assert_eq!(st, 201, "{b}");
    let ban_id = b["id"].as_str().unwrap().to_string();
    let t0 = Instant::now();
    let d1 = screen_until(&s.base, &token, "DENY");
    assert!(
        t0.elapsed() < Duration::from_secs(1),
        "ban applied after {:?}",
        t0.elapsed()
    );
    assert!(
        d1["matches"][0]["entry_id"]
            .as_str()
            .unwrap()
            .contains("W-000123"),
        "{d1}"
    );
    let (st, b) = call(
        &s.base,
        &token,
        "POST",
        &format!("/v1/bans/{ban_id}/lift"),
        Some(json!({"reason": "court annulled the decision"})),
    );
    assert_eq!(st, 200, "{b}");
    screen_until(&s.base, &token, "CLEAR");
    let (st, r) = call(&s.base, &token, "GET", "/readyz", None);
    assert_eq!(st, 200);
    assert_eq!(r["engine"]["stale"], false, "{r}");
    assert_eq!(r["engine"]["lag"], 0, "{r}");
}

#[test]
fn two_nodes_and_a_writer_on_postgres() {
    let rt = berkut_testkit::runtime();
    let Some(db) = rt.block_on(berkut_testkit::pg::TestDb::create(
        "two_nodes_and_a_writer_on_postgres",
    )) else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let g = ["--database-url", db.url.as_str()];
    ok(d.path(), &["--database-url", &db.url, "init"]);
    let token = admin_token(d.path(), &g);
    let writer = Server::start(d.path(), &g, &[]);
    let n1 = Server::start(d.path(), &g, &["--mode", "node"]);
    let n2 = Server::start(d.path(), &g, &["--mode", "node"]);
    for s in [&writer, &n1, &n2] {
        screen_until(&s.base, &token, "CLEAR");
    }
    let (st, b) = call(&writer.base, &token, "POST", "/v1/persons", Some(person()));
    assert_eq!(st, 201, "{b}");
    let (st, b) = call(&writer.base, &token, "POST", "/v1/bans", Some(ban()));
    assert_eq!(st, 201, "{b}");
    let ban_id = b["id"].as_str().unwrap().to_string();
    for n in [&n1, &n2] {
        let r = screen_until(&n.base, &token, "DENY");
        assert_eq!(r["stale"], false, "{r}");
    }
    let (st, b) = call(
        &writer.base,
        &token,
        "POST",
        &format!("/v1/bans/{ban_id}/lift"),
        Some(json!({"reason": "quashed"})),
    );
    assert_eq!(st, 200, "{b}");
    for n in [&n1, &n2] {
        screen_until(&n.base, &token, "CLEAR");
        let (_, r) = call(&n.base, &token, "GET", "/readyz", None);
        assert_eq!(r["engine"]["integrity"], Value::Null, "{r}");
    }
    // a node refuses to start on the embedded store
    let e = tempfile::tempdir().unwrap();
    ok(e.path(), &["init"]);
    let out = crate::cli::berkut(e.path())
        .args(["serve", "--mode", "node"])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("--mode node"), "{err}");
    drop((writer, n1, n2));
    drop(db);
}

/// The README's first three calls: `berkut demo` data gives CLEAR, REFER
/// and DENY for the three travellers it prints.
#[test]
fn demo_data_answers_the_three_readme_calls() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("demo");
    let out = ok(
        d.path(),
        &[
            "--data-dir",
            data.to_str().unwrap(),
            "demo",
            "--no-serve",
            "--listed",
            "500",
        ],
    );
    let token = out
        .lines()
        .find_map(|l| l.strip_prefix("export BERKUT_TOKEN="))
        .expect("the demo prints a token")
        .to_string();
    let bodies: Vec<Value> = out
        .lines()
        .filter_map(|l| l.split_once(" -d '").map(|(_, b)| b.trim_end_matches('\'')))
        .map(|b| serde_json::from_str(b).unwrap())
        .collect();
    assert_eq!(bodies.len(), 3, "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("Console: http://127.0.0.1:8080/ ")),
        "{out}"
    );
    let officer = out
        .lines()
        .find_map(|l| l.split_once("cannot edit bans): ").map(|(_, t)| t.trim()))
        .expect("the demo prints a border officer's token")
        .to_string();
    let s = Server::start(d.path(), &["--data-dir", data.to_str().unwrap()], &[]);
    // the console is served by the same binary; the officer signs in as such
    let page = agent().get(format!("{}/", s.base)).call().unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(
        page.headers()["content-type"].to_str().unwrap(),
        "text/html; charset=utf-8"
    );
    let (st, me) = call(&s.base, &officer, "GET", "/v1/me", None);
    assert_eq!((st, &me["role"]), (200, &json!("border_officer")), "{me}");
    let (st, _) = call(&s.base, &officer, "POST", "/v1/bans", Some(json!({})));
    assert_eq!(st, 403);
    for (body, want) in bodies.into_iter().zip(["CLEAR", "REFER", "DENY"]) {
        let (st, r) = call(&s.base, &token, "POST", "/v1/screenings", Some(body));
        assert_eq!(st, 200, "{r}");
        assert_eq!(r["decision"], want, "{r}");
    }
}

/// Follow `/v1/alerts/stream` in a thread; alerts come back as JSON values.
fn subscribe(base: &str, token: &str) -> std::sync::mpsc::Receiver<Value> {
    let (tx, rx) = std::sync::mpsc::channel();
    let url = format!("{base}/v1/alerts/stream");
    let auth = format!("Bearer {token}");
    std::thread::spawn(move || {
        let Ok(r) = agent().get(&url).header("Authorization", &auth).call() else {
            return;
        };
        let reader = std::io::BufReader::new(r.into_body().into_reader());
        for line in reader.lines() {
            let Ok(line) = line else { return };
            if let Some(data) = line.strip_prefix("data:")
                && let Ok(v) = serde_json::from_str::<Value>(data.trim())
                && tx.send(v).is_err()
            {
                return;
            }
        }
    });
    rx
}

/// The acceptance flow on a running server: a ban → the person screened
/// under another spelling → DENY and the alert on the live stream → lift →
/// CLEAR; a REFER → resolved as a different person → not referred again,
/// until the traveller's data changes.
fn alert_and_review_flow(base: &str, token: &str) {
    let alerts = subscribe(base, token);
    let (st, b) = call(base, token, "POST", "/v1/persons", Some(person()));
    assert_eq!(st, 201, "{b}");
    let (st, b) = call(base, token, "POST", "/v1/bans", Some(ban()));
    assert_eq!(st, 201, "{b}");
    let ban_id = b["id"].as_str().unwrap().to_string();
    let deny = screen_until(base, token, "DENY");
    // the registry person and the ban, found by name in another script
    let (st, found) = call(base, token, "GET", "/v1/entries?name=Yuriy%20Ivanov", None);
    assert_eq!(st, 200, "{found}");
    assert_eq!(found["hits"][0]["person_id"], "W-000123", "{found}");
    let (st, bans) = call(base, token, "GET", "/v1/bans?name=IURII%20IVANOV", None);
    assert_eq!(st, 200, "{bans}");
    assert_eq!(bans["bans"][0]["id"], ban_id.as_str(), "{bans}");
    let (st, none) = call(base, token, "GET", "/v1/bans?name=Aigerim%20Bekova", None);
    assert_eq!(
        (st, none["bans"].as_array().map(Vec::len)),
        (200, Some(0)),
        "{none}"
    );
    let (st, bad) = call(base, token, "GET", "/v1/entries?limit=0&name=x", None);
    assert_eq!(st, 422, "{bad}");
    let (st, bad) = call(base, token, "GET", "/v1/entries", None);
    assert_eq!(
        (st, bad["error"]["field"].as_str()),
        (422, Some("name")),
        "{bad}"
    );
    let alert = alerts
        .recv_timeout(Duration::from_secs(20))
        .expect("an alert on the stream");
    assert_eq!(
        deny["alert_ids"][0], alert["id"],
        "the stream carries this screening's alert: {alert}"
    );
    let (_, b) = call(base, token, "GET", &format!("/v1/bans/{ban_id}"), None);
    assert!(b["attempts"].as_u64().unwrap() >= 1, "{b}");

    // name only, no birth date: a possible match, not proof
    let no_date =
        json!({"names": ["IURII IVANOV"], "document": {"number": "K0001112", "country": "RUS"}});
    let (_, r) = call(base, token, "POST", "/v1/screenings", Some(no_date.clone()));
    assert_eq!(r["decision"], "REFER", "{r}");
    let review = r["review_ids"][0]
        .as_str()
        .expect("a review item")
        .to_string();
    let (st, b) = call(
        base,
        token,
        "POST",
        &format!("/v1/reviews/{review}/resolve"),
        Some(json!({"outcome": "different_person", "note": "another man, met him at the desk"})),
    );
    assert_eq!(st, 200, "{b}");
    let (_, r) = call(base, token, "POST", "/v1/screenings", Some(no_date.clone()));
    assert_eq!(r["decision"], "CLEAR", "remembered: {r}");
    let mut other_doc = no_date;
    other_doc["document"]["number"] = json!("K0009999");
    let (_, r) = call(base, token, "POST", "/v1/screenings", Some(other_doc));
    assert_eq!(
        r["decision"], "REFER",
        "changed data reopens the question: {r}"
    );

    let (st, b) = call(
        base,
        token,
        "POST",
        &format!("/v1/bans/{ban_id}/lift"),
        Some(json!({"reason": "court annulled the decision"})),
    );
    assert_eq!(st, 200, "{b}");
    screen_until(base, token, "CLEAR");
}

#[test]
fn alerts_and_reviews_over_http_on_sqlite() {
    let d = tempfile::tempdir().unwrap();
    ok(d.path(), &["init"]);
    let token = admin_token(d.path(), &[]);
    let s = Server::start(d.path(), &[], &[]);
    alert_and_review_flow(&s.base, &token);
}

#[test]
fn alerts_and_reviews_over_http_on_postgres() {
    let rt = berkut_testkit::runtime();
    let Some(db) = rt.block_on(berkut_testkit::pg::TestDb::create(
        "alerts_and_reviews_over_http_on_postgres",
    )) else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let g = ["--database-url", db.url.as_str()];
    ok(d.path(), &["--database-url", &db.url, "init"]);
    let token = admin_token(d.path(), &g);
    let s = Server::start(d.path(), &g, &[]);
    alert_and_review_flow(&s.base, &token);
    drop(s);
    drop(db);
}

/// A node whose database goes away keeps screening (DENY stays DENY),
/// reports stale, spools what it must record, and when the centre returns
/// sends the spool: each screening recorded once, the alert raised.
#[test]
fn node_keeps_screening_while_the_centre_is_away() {
    use berkut_testkit::proxy::{self, TcpProxy};
    let rt = berkut_testkit::runtime();
    let Some(db) = rt.block_on(berkut_testkit::pg::TestDb::create(
        "node_keeps_screening_while_the_centre_is_away",
    )) else {
        return;
    };
    let p = rt.block_on(TcpProxy::start(&proxy::upstream(&db.url)));
    let via = proxy::via(&db.url, p.addr());
    let d = tempfile::tempdir().unwrap();
    let g = ["--database-url", db.url.as_str()];
    ok(d.path(), &["--database-url", &db.url, "init"]);
    let token = admin_token(d.path(), &g);
    let writer = Server::start(d.path(), &g, &[]);
    let node_dir = d.path().join("node");
    std::fs::create_dir_all(&node_dir).unwrap();
    let node = Server::start(
        d.path(),
        &[
            "--database-url",
            via.as_str(),
            "--data-dir",
            node_dir.to_str().unwrap(),
        ],
        &["--mode", "node", "--stale-after", "1", "--poll-ms", "100"],
    );
    let (st, b) = call(&writer.base, &token, "POST", "/v1/persons", Some(person()));
    assert_eq!(st, 201, "{b}");
    let (st, b) = call(&writer.base, &token, "POST", "/v1/bans", Some(ban()));
    assert_eq!(st, 201, "{b}");
    screen_until(&node.base, &token, "DENY");
    let (_, before) = call(&writer.base, &token, "GET", "/v1/alerts", None);
    let alerts_before = before["alerts"].as_array().unwrap().len();

    p.cut();
    let t0 = Instant::now();
    let r = loop {
        let (st, r) = call(
            &node.base,
            &token,
            "POST",
            "/v1/screenings",
            Some(traveller()),
        );
        assert_eq!(st, 200, "the node keeps screening: {r}");
        if r["spooled"] == true && r["stale"] == true {
            break r;
        }
        assert!(t0.elapsed() < Duration::from_secs(30), "never stale: {r}");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(r["decision"], "DENY", "{r}");
    let spooled_id = r["screening_id"].as_str().unwrap().to_string();
    let (st, ready) = call(&node.base, &token, "GET", "/readyz", None);
    assert_eq!(st, 200, "{ready}");
    assert_eq!(ready["engine"]["stale"], true, "{ready}");
    assert_eq!(ready["store_reachable"], false, "{ready}");

    p.restore();
    // the spool reaches the centre: the DENY made offline raises its alert there
    let t0 = Instant::now();
    loop {
        let (_, now) = call(&writer.base, &token, "GET", "/v1/alerts", None);
        let alerts = now["alerts"].as_array().unwrap();
        let mine: Vec<&Value> = alerts
            .iter()
            .filter(|a| {
                a["screening_id"] == spooled_id.as_str()
                    || a["attempt"]["screening_id"] == spooled_id.as_str()
            })
            .collect();
        if !mine.is_empty() {
            assert_eq!(mine.len(), 1, "recorded once: {now}");
            assert!(alerts.len() > alerts_before);
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "spool never sent: {now}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let (_, r) = call(&node.base, &token, "GET", "/readyz", None);
    assert_eq!(r["engine"]["integrity"], Value::Null, "{r}");
    screen_until(&node.base, &token, "DENY");
    drop((writer, node, p));
    drop(db);
}

/// The real binary: an employer and two foreign workers over HTTP; the
/// worker who matches a banned person raises an alert on registration, the
/// worker whose permit expired puts his employer in the plan of his unit
/// with that reason; an inspection is recorded and counted in the report.
#[test]
fn labour_workflow_over_http_on_sqlite() {
    let d = tempfile::tempdir().unwrap();
    ok(d.path(), &["init"]);
    let token = admin_token(d.path(), &[]);
    let s = Server::start(d.path(), &[], &[]);
    let (st, b) = call(&s.base, &token, "POST", "/v1/persons", Some(person()));
    assert_eq!(st, 201, "{b}");
    let (st, b) = call(&s.base, &token, "POST", "/v1/bans", Some(ban()));
    assert_eq!(st, 201, "{b}");
    screen_until(&s.base, &token, "DENY");
    let bin = "940140000385";
    let (st, b) = call(
        &s.base,
        &token,
        "POST",
        "/v1/employers",
        Some(
            json!({"bin": bin, "name": "Halyk Construction LLP", "region": "KZ-ALA", "local_staff": 40}),
        ),
    );
    assert_eq!(st, 201, "{b}");
    let worker = |names: Value, birth: &str, from: &str, to: &str| {
        json!({
            "person": {"id": "EXT", "names": names, "birth_dates": [birth], "nationalities": ["RUS"], "sex": "M"},
            "employer": bin,
            "permit": {"number": "AL-1", "category": 3, "region": "KZ-75", "position": "Welder", "valid_from": from, "valid_to": to},
            "hired": from, "hiring_notified": from
        })
    };
    let (st, b) = call(
        &s.base,
        &token,
        "POST",
        "/v1/workers",
        Some(worker(
            json!(["IURII IVANOV"]),
            "1975-03-12",
            "2026-09-01",
            "2027-08-31",
        )),
    );
    assert_eq!(st, 201, "{b}");
    assert_eq!(b["screening"]["decision"], "DENY", "{b}");
    let alert = b["screening"]["alert_ids"][0].as_str().unwrap().to_string();
    let (st, a) = call(&s.base, &token, "GET", &format!("/v1/alerts/{alert}"), None);
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["crossing"]["purpose"], "residence", "{a}");
    let (st, b) = call(
        &s.base,
        &token,
        "POST",
        "/v1/workers",
        Some(worker(
            json!(["Петров Сергей"]),
            "1988-02-03",
            "2026-01-01",
            "2026-06-30",
        )),
    );
    assert_eq!(st, 201, "{b}");
    let expired = b["id"].as_str().unwrap().to_string();
    let (st, plan) = call(
        &s.base,
        &token,
        "GET",
        "/v1/inspections/plan?unit=Almaty&date=2026-11-27",
        None,
    );
    assert_eq!(st, 200, "{plan}");
    let reasons = plan["ranked"][0]["reasons"].as_array().unwrap();
    let line = reasons
        .iter()
        .find(|r| r["factor"] == "expired_permit")
        .unwrap_or_else(|| panic!("{plan}"))["line"]
        .as_str()
        .unwrap();
    assert!(line.contains(&expired), "{line}");
    assert!(
        reasons.iter().any(|r| r["factor"] == "banned_worker"),
        "{plan}"
    );
    let (st, b) = call(
        &s.base,
        &token,
        "POST",
        "/v1/inspections",
        Some(
            json!({"inspector": "Capt. Nurlanov", "employer": bin, "date": "2026-11-28",
            "findings": "expired permit", "violations": [{"legal_reference": "CoAO art. 517", "description": "no valid permit", "worker_id": expired}],
            "fine_kzt": 368000}),
        ),
    );
    assert_eq!(st, 201, "{b}");
    let r = agent()
        .get(format!(
            "{}/v1/reports/inspections?by=region&format=csv",
            s.base
        ))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let text = r.into_body().read_to_string().unwrap();
    let row = text.lines().find(|l| l.starts_with("KZ-75,")).unwrap();
    assert!(row.contains(",1,1,1,368000,2026-11-28"), "{row}");
}

/// A list imported with the CLI while the server runs: the server's
/// background task re-screens the employers, and the employer whose BIN the
/// new list names gets the hit.
#[test]
fn employers_are_rescreened_after_a_list_import() {
    let d = tempfile::tempdir().unwrap();
    ok(d.path(), &["init"]);
    let token = admin_token(d.path(), &[]);
    let s = Server::start(d.path(), &[], &[]);
    let bin = "940140000385";
    let (st, b) = call(
        &s.base,
        &token,
        "POST",
        "/v1/employers",
        Some(json!({"bin": bin, "name": "Halyk Construction LLP", "region": "Astana"})),
    );
    assert_eq!(st, 201, "{b}");
    assert!(b["sanctions_hits"].as_array().unwrap().is_empty(), "{b}");
    let file = d.path().join("companies.jsonl");
    std::fs::write(
        &file,
        format!(
            "{}\n",
            json!({"id": "NK-1", "schema": "Company", "properties": {"name": ["Something Else Ltd"], "registrationNumber": [bin]}})
        ),
    )
    .unwrap();
    ok(d.path(), &["import", "ftm", file.to_str().unwrap()]);
    let t0 = Instant::now();
    loop {
        let (st, e) = call(
            &s.base,
            &token,
            "GET",
            &format!("/v1/employers/{bin}"),
            None,
        );
        assert_eq!(st, 200, "{e}");
        if let Some(h) = e["sanctions_hits"].as_array().and_then(|h| h.first()) {
            assert!(h["entry_id"].as_str().unwrap().ends_with(":NK-1"), "{e}");
            assert_eq!(e["risk"]["reasons"][0]["factor"], "sanctions_hit", "{e}");
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "no re-screening after the import: {e}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}
