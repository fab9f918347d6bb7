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
