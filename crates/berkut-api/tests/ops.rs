//! Health, readiness, metrics, the docs page, panics and a real socket.

use axum::http::{StatusCode, header};
use berkut_api::{AppState, Role};
use berkut_testkit::{runtime, suite::Target};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{App, assert_error};

#[test]
fn health_readiness_and_metrics() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        let r = app.call("GET", "/healthz", None, None).await;
        assert_eq!((r.status, r.body["status"].as_str()), (StatusCode::OK, Some("ok")));
        assert_eq!(app.call("GET", "/readyz", None, None).await.status, StatusCode::OK);
        app.state.set_ready(false);
        let r = app.call("GET", "/readyz", None, None).await;
        assert_error(&r, StatusCode::SERVICE_UNAVAILABLE, "not_ready", None);
        app.state.set_ready(true);

        app.as_role(Role::Admin, "GET", "/v1/persons/W-secret-1", None).await;
        let r = app.call("GET", "/metrics", None, None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
        assert!(
            r.text.contains(r#"berkut_http_requests_total{method="GET",route="/v1/persons/{id}",status="404"} 1"#),
            "{}",
            r.text
        );
        assert!(!r.text.contains("W-secret-1"), "metrics must not hold raw ids");
        assert!(r.text.contains("berkut_ready 1"));
    });
}

#[test]
fn docs_page_and_openapi_are_served_from_the_binary() {
    runtime().block_on(async {
        let app = App::sqlite().await;
        let r = app.call("GET", "/docs", None, None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(r.text.contains("/openapi.json"));
        assert!(
            !r.text.contains("http://") && !r.text.contains("https://"),
            "no external assets"
        );
        let r = app.call("GET", "/openapi.json", None, None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body["openapi"], "3.1.0");
    });
}

#[test]
fn serves_on_a_real_socket_and_shuts_down() {
    runtime().block_on(async {
        let target = Target::sqlite().await;
        let state = AppState::new(target.store.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(berkut_api::serve_with(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        assert!(out.starts_with("HTTP/1.1 200"), "{out}");
        stop.send(()).unwrap();
        server.await.unwrap().unwrap();
        assert!(!state.is_ready());
    });
}

/// The seam: an engine plugged in through `ServeOptions::screening` answers
/// the route, refuses input through the envelope, and holds readiness back.
#[test]
fn an_engine_plugs_into_the_screening_seam() {
    use std::sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    };

    use berkut_api::screening::{
        Screening, ScreeningError, ScreeningMatch, ScreeningRequest, ScreeningResult,
    };
    use berkut_domain::ValidationError;

    #[derive(Default)]
    struct Fake {
        loaded: AtomicBool,
    }
    impl Screening for Fake {
        fn screen(&self, r: &ScreeningRequest) -> Result<ScreeningResult, ScreeningError> {
            if r.names.iter().any(|n| n == "BAD") {
                return Err(ValidationError::new("names[0]", "not a name").into());
            }
            Ok(ScreeningResult {
                id: r.id.clone(),
                decision: "REFER".into(),
                matches: vec![ScreeningMatch {
                    entry_id: "W-1".into(),
                    score: 0.9,
                    reasons: vec!["name".into()],
                    band: "possible".into(),
                    source: "test".into(),
                    ground: None,
                    bars_entry: false,
                    deny: false,
                }],
                index_seq: 7,
                reasons: vec!["REFER: test".into()],
                document_checks: Vec::new(),
                warnings: Vec::new(),
                stale: false,
                screening_id: String::new(),
                alert_ids: Vec::new(),
                review_ids: Vec::new(),
                spooled: false,
            })
        }
        fn ready(&self) -> bool {
            self.loaded.load(Ordering::SeqCst)
        }
    }

    runtime().block_on(async {
        let fake = Arc::new(Fake::default());
        let app = App::sqlite_with(berkut_api::ServeOptions {
            screening: fake.clone(),
            ..crate::support::options()
        })
        .await;
        let r = app.call("GET", "/readyz", None, None).await;
        assert_error(&r, StatusCode::SERVICE_UNAVAILABLE, "not_ready", None);
        fake.loaded.store(true, Ordering::SeqCst);
        assert_eq!(app.call("GET", "/readyz", None, None).await.status, StatusCode::OK);

        let body = serde_json::json!({"id": "T-1", "names": ["IVANOV IURII"], "birth_date": "1975-03-12",
            "document": {"number": "N1234567", "country": "RUS", "type": "P"}});
        let r = app.as_role(Role::BorderOfficer, "POST", "/v1/screenings", Some(body)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!((r.body["id"].as_str(), r.body["decision"].as_str(), r.body["index_seq"].as_u64()), (Some("T-1"), Some("REFER"), Some(7)));
        // Recorded as an event, and the REFER opened a review item.
        assert!(r.body["screening_id"].as_str().unwrap().starts_with("S-"), "{}", r.text);
        assert_eq!(r.body["review_ids"].as_array().map(Vec::len), Some(1), "{}", r.text);
        let r = app
            .as_role(Role::BorderOfficer, "POST", "/v1/screenings", Some(serde_json::json!({"names": ["BAD"]})))
            .await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", Some("names[0]"));

        let m = app.call("GET", "/metrics", None, None).await.text;
        assert!(m.contains(r#"berkut_screenings_total{decision="REFER"} 1"#), "{m}");
        assert!(
            m.contains(r#"berkut_http_request_seconds_count{method="POST",route="/v1/screenings"} 2"#),
            "{m}"
        );
        assert!(
            m.contains(r#"berkut_http_request_seconds_bucket{method="POST",route="/v1/screenings",le="+Inf"} 2"#),
            "{m}"
        );
    });
}

/// An open alert stream on a real socket: it sends keep-alive comments and
/// alerts, and ends when the server shuts down (it does not hold shutdown).
#[test]
fn an_open_alert_stream_does_not_hold_shutdown() {
    runtime().block_on(async {
        let target = Target::sqlite().await;
        let admin = berkut_domain::Actor::parse("setup").unwrap();
        berkut_api::create_user(&target.store, &admin, "pol", Role::MigrationPolice)
            .await
            .unwrap();
        let token =
            berkut_api::create_token(&target.store, &admin, "pol", Role::MigrationPolice, "t")
                .await
                .unwrap()
                .token;
        let state = AppState::with_options(
            target.store.clone(),
            berkut_api::ServeOptions {
                alert_keep_alive: std::time::Duration::from_millis(100),
                ..Default::default()
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(berkut_api::serve_with(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(
            format!(
                "GET /v1/alerts/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
        let mut buf = vec![0u8; 4096];
        let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        let head = String::from_utf8_lossy(&buf[..n]).to_string();
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("text/event-stream"), "{head}");
        // An idle stream sends keep-alive comments (lines starting with ':').
        let mut seen = head.clone();
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
        let has_comment = |text: &str| {
            text.split_once("\r\n\r\n")
                .is_some_and(|(_, body)| body.lines().any(|l| l.starts_with(':')))
        };
        while !has_comment(&seen) {
            let n = tokio::time::timeout_at(deadline, s.read(&mut buf))
                .await
                .expect("a keep-alive comment")
                .unwrap();
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        stop.send(()).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(10), server)
            .await
            .expect("shutdown waited for the stream")
            .unwrap()
            .unwrap();
    });
}
