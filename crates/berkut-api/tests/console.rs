//! The officer console: its embedded files are served with the right
//! content types and headers, reference nothing outside the server, and
//! every label exists in all three dictionaries; `GET /v1/me` and
//! `GET /v1/stats/screenings`, which the console reads, on both backends.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use berkut_api::{Role, rbac::ROUTES};
use berkut_domain::{
    Actor,
    screening::{Crossing, TravellerData},
};
use berkut_store::Store;
use berkut_testkit::runtime;
use serde_json::json;

use crate::support::{App, assert_error};

fn console_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/console")
}

/// Every file of the console directory: name → contents.
fn console_files() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(console_dir()).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        out.insert(name, std::fs::read_to_string(&p).unwrap());
    }
    assert!(out.len() >= 10, "{out:?}");
    out
}

fn expected_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        other => panic!("{name}: no content type for {other:?}"),
    }
}

#[test]
fn every_console_file_is_served_with_its_content_type() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        for (name, text) in console_files() {
            let r = app
                .call("GET", &format!("/console/{name}"), None, None)
                .await;
            assert_eq!(r.status, StatusCode::OK, "{name}");
            assert_eq!(
                r.headers["content-type"].to_str().unwrap(),
                expected_type(&name),
                "{name}"
            );
            assert_eq!(r.text, text, "{name} is not the embedded file");
            assert_eq!(r.headers["x-content-type-options"], "nosniff");
            let csp = r.headers["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("script-src 'self'"), "{csp}");
            assert!(csp.contains("connect-src 'self'"), "{csp}");
        }
        for path in ["/", "/console/"] {
            let r = app.call("GET", path, None, None).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            assert_eq!(
                r.headers["content-type"].to_str().unwrap(),
                "text/html; charset=utf-8"
            );
            assert!(r.text.contains("<script type=\"module\""), "{path}");
        }
        let r = app.call("GET", "/console/nope.js", None, None).await;
        assert_error(&r, StatusCode::NOT_FOUND, "not_found", None);
        let r = app.call("GET", "/console/..%2Fdocs.html", None, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    });
}

#[test]
fn console_loads_nothing_from_outside_the_server() {
    let files = console_files();
    for (name, text) in &files {
        // the SVG namespace is a name, not a location
        let text = &text.replace("'http://www.w3.org/2000/svg'", "");
        for needle in ["http://", "https://", "//cdn", "@import"] {
            assert!(!text.contains(needle), "{name} contains {needle}");
        }
        // every module it imports is one of the console's files
        for line in text.lines() {
            let line = line.trim();
            if name.ends_with(".js") && line.starts_with("import ") {
                let Some(spec) = line.split(['\'', '"']).nth(1) else {
                    continue;
                };
                let file = spec.trim_start_matches("./");
                assert!(files.contains_key(file), "{name} imports {spec}");
            }
        }
    }
    let index = &files["index.html"];
    for attr in ["src=\"", "href=\""] {
        for part in index.split(attr).skip(1) {
            let url = part.split('"').next().unwrap();
            if url.starts_with("data:") || url.starts_with('#') {
                continue;
            }
            let file = url
                .strip_prefix("/console/")
                .unwrap_or_else(|| panic!("index.html refers to {url} outside /console/"));
            assert!(files.contains_key(file), "index.html refers to {url}");
        }
    }
}

/// Keys the console's code asks for: `t('key')`/`t("key")` in modules and
/// `data-i18n="key"` in the page.
fn keys_used(files: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for (name, text) in files {
        let patterns: &[&str] = if name.ends_with(".js") {
            &["t('", "t(\""]
        } else if name.ends_with(".html") {
            &["data-i18n=\""]
        } else {
            &[]
        };
        for pat in patterns {
            for (i, _) in text.match_indices(pat) {
                // `t(` must not end a longer identifier (`split(`, `set(`)
                if pat.starts_with('t')
                    && text[..i]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                {
                    continue;
                }
                let rest = &text[i + pat.len()..];
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                    .collect();
                assert!(!key.is_empty(), "{name}: empty key at {i}");
                used.insert(key);
            }
        }
    }
    used
}

#[test]
fn every_label_is_in_all_three_dictionaries() {
    let files = console_files();
    let mut dicts: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
    for lang in ["en", "ru", "kk"] {
        let d: BTreeMap<String, String> =
            serde_json::from_str(&files[&format!("lang-{lang}.json")]).unwrap();
        for (k, v) in &d {
            assert!(!v.trim().is_empty(), "lang-{lang}.json: {k} is empty");
        }
        dicts.insert(lang, d);
    }
    let en: BTreeSet<&String> = dicts["en"].keys().collect();
    assert!(en.len() > 100, "only {} labels", en.len());
    for lang in ["ru", "kk"] {
        let other: BTreeSet<&String> = dicts[lang].keys().collect();
        let missing: Vec<_> = en.difference(&other).collect();
        let extra: Vec<_> = other.difference(&en).collect();
        assert!(missing.is_empty(), "lang-{lang}.json lacks {missing:?}");
        assert!(extra.is_empty(), "lang-{lang}.json has extra {extra:?}");
        // translated, not copied: most labels differ from English
        let same = dicts["en"]
            .iter()
            .filter(|(k, v)| dicts[lang][*k] == **v)
            .count();
        assert!(
            same * 5 < en.len(),
            "lang-{lang}.json: {same} labels as in English"
        );
    }
    let used = keys_used(&files);
    assert!(used.len() > 50, "{used:?}");
    let missing: Vec<_> = used
        .iter()
        .filter(|k| !dicts["en"].contains_key(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "labels used but not defined: {missing:?}"
    );
    // every role and decision has a label (looked up by value at run time)
    for r in Role::ALL {
        assert!(
            dicts["en"].contains_key(&format!("role.{}", r.code())),
            "{r}"
        );
    }
    for d in ["CLEAR", "REFER", "DENY"] {
        assert!(dicts["en"].contains_key(&format!("decision.{d}")), "{d}");
    }
}

#[test]
fn me_tells_each_role_its_permissions_and_routes() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        for role in Role::ALL {
            let r = app.as_role(role, "GET", "/v1/me", None).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            assert_eq!(r.body["user"], format!("user-{}", role.code()));
            assert_eq!(r.body["role"], role.code());
            let perms: Vec<&str> = r.body["permissions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            let want: Vec<&str> = role.permissions().iter().map(|p| p.code()).collect();
            assert_eq!(perms, want);
            let routes: BTreeSet<(String, String)> = r.body["routes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    (
                        x["method"].as_str().unwrap().to_string(),
                        x["path"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            let want: BTreeSet<(String, String)> = ROUTES
                .iter()
                .filter(|x| x.permission.is_some_and(|p| role.allows(p)))
                .map(|x| (x.method.to_string(), x.path.to_string()))
                .collect();
            assert_eq!(routes, want, "{role}");
            let can_impose = routes.contains(&("POST".into(), "/v1/bans".into()));
            assert_eq!(
                can_impose,
                matches!(role, Role::MigrationPolice | Role::Admin),
                "{role}"
            );
        }
        let r = app.call("GET", "/v1/me", None, None).await;
        assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized", None);
    });
}

fn screening(point: &str, decision: &str, ground: Option<&str>) -> berkut_store::NewScreening {
    let entry = "registry:W-1".to_string();
    berkut_store::NewScreening {
        screening_id: None,
        traveller: TravellerData {
            names: vec!["IURII IVANOV".into()],
            ..Default::default()
        },
        traveller_fingerprint: format!("fp-{point}-{decision}"),
        crossing: Crossing {
            crossing_point: Some(point.into()),
            direction: "entry".into(),
            purpose: "border".into(),
            ..Default::default()
        },
        decision: decision.into(),
        matched_entries: if decision == "CLEAR" {
            Vec::new()
        } else {
            vec![entry.clone()]
        },
        index_seq: 0,
        attempts: match (decision, ground) {
            ("DENY", g) => vec![berkut_store::NewAttempt {
                entry_id: entry.clone(),
                ground: g.map(str::to_string),
            }],
            _ => Vec::new(),
        },
        reviews: if decision == "REFER" {
            vec![berkut_store::NewReview {
                entry_id: entry,
                score_milli: 800,
                band: "possible".into(),
                evidence: vec!["name".into()],
                bars_entry: true,
                ground: ground.map(str::to_string),
            }]
        } else {
            Vec::new()
        },
        on: time::OffsetDateTime::now_utc().date(),
    }
}

async fn stats_count_decisions_and_revisions(app: App) {
    app.person("W-1").await;
    app.ban("W-1").await;
    let actor = Actor::parse("officer").unwrap();
    let store = &app.target.store;
    store
        .record_screenings(
            &actor,
            &[
                screening("ALA-1", "CLEAR", None),
                screening("ALA-1", "CLEAR", None),
                screening("ALA-1", "DENY", Some("terrorism")),
                screening("KHO-2", "REFER", Some("terrorism")),
            ],
        )
        .await
        .unwrap();
    let r = app
        .as_role(Role::Auditor, "GET", "/v1/stats/screenings?days=3", None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["by_day"].as_array().unwrap().len(), 3);
    let today = &r.body["by_day"][2];
    assert_eq!(
        today["day"],
        time::OffsetDateTime::now_utc().date().to_string()
    );
    assert_eq!(
        (
            &today["screenings"],
            &today["clear"],
            &today["refer"],
            &today["deny"]
        ),
        (&json!(4), &json!(2), &json!(1), &json!(1))
    );
    assert_eq!(r.body["by_crossing_point"][0]["crossing_point"], "ALA-1");
    assert_eq!(r.body["by_crossing_point"][0]["screenings"], 3);
    assert_eq!(r.body["by_crossing_point"][1]["crossing_point"], "KHO-2");
    assert_eq!(
        r.body["attempts_by_ground"],
        json!([{"ground": "terrorism", "attempts": 1}])
    );
    // review: the REFER at KHO-2 is the same person → DENY; the tally
    // catches up from where it stopped
    let reviews = app
        .as_role(
            Role::MigrationPolice,
            "GET",
            "/v1/reviews?status=open",
            None,
        )
        .await;
    let id = reviews.body["reviews"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .as_role(
            Role::MigrationPolice,
            "POST",
            &format!("/v1/reviews/{id}/resolve"),
            Some(json!({"outcome": "same_person", "note": "photo matches"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = app
        .as_role(Role::Admin, "GET", "/v1/stats/screenings", None)
        .await;
    assert_eq!(r.body["by_day"].as_array().unwrap().len(), 14);
    assert_eq!(r.body["total"]["refer"], 0, "{}", r.body);
    assert_eq!(r.body["total"]["deny"], 2);
    assert_eq!(r.body["total"]["screenings"], 4);
    let kho = &r.body["by_crossing_point"][1];
    assert_eq!(
        (&kho["crossing_point"], &kho["deny"]),
        (&json!("KHO-2"), &json!(1))
    );
    assert_eq!(r.body["attempts_by_ground"][0]["attempts"], 2);
    let seq = r.body["through_seq"].as_u64().unwrap();
    assert_eq!(seq, store.head().await.unwrap().0);
    for bad in ["days=0", "days=367", "days=x", "weeks=2"] {
        let r = app
            .as_role(
                Role::Admin,
                "GET",
                &format!("/v1/stats/screenings?{bad}"),
                None,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.text
        );
        assert_eq!(r.code(), "validation_failed");
    }
    let r = app
        .as_role(Role::BorderOfficer, "GET", "/v1/stats/screenings", None)
        .await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden", None);
}

#[test]
fn stats_count_decisions_and_revisions_on_sqlite() {
    runtime().block_on(async {
        stats_count_decisions_and_revisions(App::sqlite().await).await;
    });
}

#[test]
fn stats_count_decisions_and_revisions_on_postgres() {
    runtime().block_on(async {
        let Some(app) = App::postgres("console_stats").await else {
            return;
        };
        stats_count_decisions_and_revisions(app).await;
    });
}
