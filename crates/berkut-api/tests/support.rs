//! A router on a fresh store with one token per role.

use std::collections::HashMap;

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use berkut_api::{AppState, Role, ServeOptions, create_token, create_user};
use berkut_domain::Actor;
use berkut_testkit::suite::{self, Target};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub struct App {
    pub router: Router,
    pub state: AppState,
    pub target: Target,
    pub tokens: HashMap<Role, String>,
}

/// A response: status, headers and the body as JSON (or a string).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    /// The error code of an envelope.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
    /// The field of an envelope.
    pub fn field(&self) -> Option<&str> {
        self.body["error"]["field"].as_str()
    }
}

pub fn options() -> ServeOptions {
    ServeOptions {
        rate_limit: None,
        // every request reads the token table: revocations by another
        // process count at once (the cache has its own test)
        token_cache: std::time::Duration::ZERO,
        ..ServeOptions::default()
    }
}

impl App {
    pub async fn sqlite() -> App {
        Self::on(Target::sqlite().await, options()).await
    }

    pub async fn sqlite_with(options: ServeOptions) -> App {
        Self::on(Target::sqlite().await, options).await
    }

    pub async fn postgres(test: &str) -> Option<App> {
        Some(Self::on(Target::postgres(test).await?, options()).await)
    }

    pub async fn on(target: Target, options: ServeOptions) -> App {
        let admin = Actor::parse("setup").unwrap();
        let mut tokens = HashMap::new();
        for role in Role::ALL {
            let user = format!("user-{}", role.code());
            create_user(&target.store, &admin, &user, role)
                .await
                .unwrap();
            let t = create_token(&target.store, &admin, &user, role, "test")
                .await
                .unwrap();
            tokens.insert(role, t.token);
        }
        let state = AppState::with_options(target.store.clone(), options);
        state.set_ready(true);
        App {
            router: berkut_api::router(state.clone()),
            state,
            target,
            tokens,
        }
    }

    pub fn token(&self, role: Role) -> &str {
        &self.tokens[&role]
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        if headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"))
        {
            // An endless stream: the caller reads it with `App::stream`.
            return Reply {
                status,
                headers,
                body: Value::Null,
                text: String::new(),
            };
        }
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text,
        }
    }

    /// A call with an optional bearer token and an optional JSON body.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut b = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(path);
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(v) => b
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(v.to_string())),
            None => b.body(Body::empty()),
        }
        .unwrap();
        self.send(req).await
    }

    /// A call as `role`.
    pub async fn as_role(
        &self,
        role: Role,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Reply {
        let t = self.token(role).to_string();
        self.call(method, path, Some(&t), body).await
    }

    /// Open the alert stream as `role`, resuming after `last_event_id`.
    pub async fn stream(&self, role: Role, last_event_id: Option<u64>) -> SseReader {
        let mut b = Request::get("/v1/alerts/stream").header(
            header::AUTHORIZATION,
            format!("Bearer {}", self.token(role)),
        );
        if let Some(id) = last_event_id {
            b = b.header("last-event-id", id.to_string());
        }
        let resp = self
            .router
            .clone()
            .oneshot(b.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(
            resp.headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("text/event-stream")
        );
        SseReader {
            body: resp.into_body(),
            buf: String::new(),
        }
    }

    /// Record a screening with a DENY against `person`'s ban as `role`'s
    /// user, straight in the store (fixture); the alert id.
    pub async fn alert_fixture(&self, role: Role, person: &str) -> String {
        use berkut_store::Store;
        let actor = Actor::parse(&format!("user-{}", role.code())).unwrap();
        let rec = self
            .target
            .store
            .record_screenings(&actor, &[screening_fixture(person, true)])
            .await
            .unwrap();
        rec[0].alerts[0].id.clone()
    }

    /// Record a REFER against `person` (fixture); the review id.
    pub async fn review_fixture(&self, person: &str) -> String {
        use berkut_store::Store;
        let actor = Actor::parse("fixture").unwrap();
        let rec = self
            .target
            .store
            .record_screenings(&actor, &[screening_fixture(person, false)])
            .await
            .unwrap();
        rec[0].review_ids[0].clone()
    }

    /// Register a person through the store (fixture).
    pub async fn person(&self, id: &str) {
        use berkut_store::Store;
        let p = suite::person(id).validate().unwrap();
        self.target
            .store
            .register_person(&Actor::parse("fixture").unwrap(), p)
            .await
            .unwrap();
    }

    /// Impose an active ban through the store (fixture); its id.
    pub async fn ban(&self, person: &str) -> String {
        use berkut_store::Store;
        self.target
            .store
            .impose_ban(
                &Actor::parse("fixture").unwrap(),
                &suite::ban(person, None),
                berkut_domain::WatchlistSource::NationalRegister,
            )
            .await
            .unwrap()
            .id
            .to_string()
    }
}

/// A valid ban body.
pub fn ban_body(person: &str) -> Value {
    serde_json::json!({
        "person_id": person,
        "ground": "terrorism",
        "authority": "Migration Police of Almaty",
        "basis_kind": "court_decision",
        "basis_reference": "Case 2-1234/2025",
        "imposed_at": "2025-01-10",
        "until": null
    })
}

/// A valid person body.
pub fn person_body(id: &str) -> Value {
    serde_json::json!({
        "id": id,
        "names": ["Иванов Юрий Петрович", {"given": "Iurii", "family": "Ivanov", "kind": "transliteration"}],
        "birth_dates": ["1975-03"],
        "nationalities": ["RUS"],
        "sex": "M",
        "documents": [{"number": "N1234567", "country": "RUS", "type": "P", "expiry": "2030-01-01"}]
    })
}

/// Assert an error reply carries the envelope with `code` (and `field`).
#[track_caller]
pub fn assert_error(r: &Reply, status: StatusCode, code: &str, field: Option<&str>) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(r.code(), code, "{}", r.text);
    assert!(
        !r.body["error"]["message"].as_str().unwrap_or("").is_empty(),
        "no message: {}",
        r.text
    );
    if let Some(f) = field {
        assert_eq!(r.field(), Some(f), "{}", r.text);
    }
}

fn screening_fixture(person: &str, deny: bool) -> berkut_store::NewScreening {
    use berkut_domain::screening::{Crossing, TravellerData};
    let entry = format!("registry:{person}");
    berkut_store::NewScreening {
        screening_id: None,
        traveller: TravellerData {
            names: vec!["IURII IVANOV".into()],
            ..Default::default()
        },
        traveller_fingerprint: "fixture".into(),
        crossing: Crossing {
            direction: "entry".into(),
            purpose: "border".into(),
            ..Default::default()
        },
        decision: if deny { "DENY" } else { "REFER" }.into(),
        matched_entries: vec![entry.clone()],
        index_seq: 0,
        attempts: if deny {
            vec![berkut_store::NewAttempt {
                entry_id: entry.clone(),
                ground: Some("terrorism".into()),
            }]
        } else {
            Vec::new()
        },
        reviews: if deny {
            Vec::new()
        } else {
            vec![berkut_store::NewReview {
                entry_id: entry,
                score_milli: 800,
                band: "possible".into(),
                evidence: vec!["name".into()],
                bars_entry: true,
                ground: Some("terrorism".into()),
            }]
        },
        on: time::OffsetDateTime::now_utc().date(),
    }
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub struct SseEvent {
    pub id: Option<u64>,
    pub event: Option<String>,
    pub data: Value,
}

/// Reads an SSE body frame by frame.
pub struct SseReader {
    body: Body,
    buf: String,
}

impl SseReader {
    /// The next event (comments skipped), or `None` after `wait`.
    pub async fn next(&mut self, wait: std::time::Duration) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut ev = SseEvent {
                    id: None,
                    event: None,
                    data: Value::Null,
                };
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        ev.id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("event:") {
                        ev.event = Some(v.trim().to_string());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if ev.event.is_none() && data.is_empty() {
                    continue; // a keep-alive comment
                }
                ev.data = serde_json::from_str(&data).unwrap_or(Value::String(data));
                return Some(ev);
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()??
                .unwrap();
            if let Ok(bytes) = frame.into_data() {
                self.buf.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }
}
