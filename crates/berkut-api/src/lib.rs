//! Berkut's HTTP service: the axum router for entry bans, persons,
//! watchlist entries and sources (and, once the engine is plugged in,
//! screening), with an OpenAPI 3.1 document, a stable error envelope,
//! bearer tokens with roles, per-token rate limits and metrics.
//!
//! Architecture Invariant: every `/v1` route requires a token whose role has
//! the route's [`rbac::Permission`] (see [`rbac::ROUTES`]); handlers receive
//! an [`auth::Authorized`] for it, so an unauthorised call never reaches
//! the store.
//!
//! Architecture Invariant: every change and every read of personal data is
//! an event in the store's log, with the token's user as actor
//! (`audit.read` for reads). A read whose audit event cannot be written
//! fails.
//!
//! Architecture Invariant: a request that is wrong gets a 4xx with the
//! envelope `{"error": {"code", "message", "field"}}` and a stable code
//! ([`error::ErrorCode`]); no input makes a handler panic, and a 500 never
//! carries database details.
//!
//! Architecture Invariant: routes are registered only through
//! `utoipa_axum::routes!`, so a route cannot exist undocumented; the
//! committed `openapi.json` is compared with the generated one by a test.
//!
//! The screening engine is not part of this crate: it plugs in through the
//! [`screening::Screening`] trait ([`ServeOptions::screening`]); until then
//! `POST /v1/screenings` answers 503 `engine_unavailable`.
//!
//! Entry points for the `berkut` binary: [`serve`], [`create_user`],
//! [`create_token`], [`revoke_token`].

pub mod auth;
pub mod dto;
pub mod engine;
pub mod error;
pub mod extract;
pub mod labour;
pub mod metrics;
pub mod people;
pub mod population;
pub mod rbac;
mod routes;
pub mod screening;
pub mod spool;
mod state;
mod stats;
mod writer;

use std::{future::Future, net::SocketAddr, sync::OnceLock};

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::StatusCode,
    middleware::{from_fn, from_fn_with_state},
};
use berkut_domain::Actor;
use berkut_store::{AnyStore, Store, StoreError, TokenInfo, UserInfo};
use tower_http::{
    catch_panic::CatchPanicLayer, limit::RequestBodyLimitLayer, timeout::TimeoutLayer,
};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub use auth::{Caller, generate_token, hash_token};
pub use error::{ApiError, ErrorCode};
pub use rbac::{Permission, Role};
/// Employers, workers and inspections as operations on an [`AppState`]
/// (what the handlers do; the `berkut` binary calls them too), with their
/// request and view types.
pub use routes::labour as labour_http;
pub use state::{AppState, RateLimit, ServeOptions};

use routes::{
    alerts, bans, citizenship, emergencies, labour as labour_routes, ops, persons, reports,
    reviews, screenings, stays, watchlists,
};
use routes::{console, me, stats as stats_routes};

/// What can go wrong outside a request: serving, and managing users and tokens.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Binding or serving failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// The operating system gave no random bytes.
    #[error("no randomness for a token: {0}")]
    Random(String),
    /// A token may carry only its user's role.
    #[error("user {user} has role {user_role}; a token for them cannot carry role {role}")]
    RoleMismatch {
        /// The user.
        user: String,
        /// The user's role.
        user_role: String,
        /// The role asked for.
        role: Role,
    },
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Berkut API",
        description = "Entry bans, persons, watchlists, screening, alerts and reviews. Every `/v1` route needs \
            `Authorization: Bearer <token>`; each operation names its permission and the roles that \
            have it. Errors are `{\"error\": {\"code\", \"message\", \"field\"}}` with a stable `code`.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    components(schemas(ErrorCode, Role, Permission, stats::DecisionCounts)),
    tags(
        (name = "bans", description = "Entry bans"),
        (name = "persons", description = "Registered persons"),
        (name = "watchlists", description = "Imported watchlists"),
        (name = "screening", description = "Screening: every screening is an event"),
        (name = "documents", description = "Emergency declarations and document checks"),
        (name = "alerts", description = "Attempts by banned persons: alerts and their live stream"),
        (name = "reviews", description = "The review queue: one item per REFER candidate"),
        (name = "citizenship", description = "Citizenship applications, screened at once; final decisions"),
        (name = "stays", description = "Entry/exit records, overstays and ban proposals"),
        (name = "reports", description = "Refusals, alerts and overstays as JSON or CSV"),
        (name = "labour", description = "Employers of foreign workers, the workers, inspections by territorial police"),
        (name = "operations", description = "Health, readiness, metrics, documentation"),
        (name = "console", description = "The officer console: a page and its files, embedded in the binary"),
    )
)]
struct ApiDoc;

fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(bans::impose_ban, bans::list_bans))
        .routes(routes!(bans::get_ban))
        .routes(routes!(bans::lift_ban))
        .routes(routes!(bans::ban_history))
        .routes(routes!(persons::register_person))
        .routes(routes!(persons::get_person))
        .routes(routes!(watchlists::get_entry))
        .routes(routes!(watchlists::search_entries))
        .routes(routes!(watchlists::list_sources))
        .routes(routes!(screenings::screen))
        .routes(routes!(
            emergencies::list_emergencies,
            emergencies::declare_emergency
        ))
        .routes(routes!(emergencies::end_emergency))
        .routes(routes!(emergencies::check_document))
        .routes(routes!(screenings::screen_batch))
        .routes(routes!(alerts::list_alerts))
        .routes(routes!(alerts::alert_stream))
        .routes(routes!(alerts::get_alert))
        .routes(routes!(alerts::acknowledge_alert))
        .routes(routes!(alerts::close_alert))
        .routes(routes!(reviews::list_reviews))
        .routes(routes!(reviews::get_review))
        .routes(routes!(reviews::resolve_review))
        .routes(routes!(citizenship::apply, citizenship::list_applications))
        .routes(routes!(citizenship::get_application))
        .routes(routes!(citizenship::decide))
        .routes(routes!(stays::list_stays))
        .routes(routes!(stays::get_stay))
        .routes(routes!(stays::check_overstays))
        .routes(routes!(stays::propose_ban))
        .routes(routes!(stays::get_proposal))
        .routes(routes!(stays::confirm_proposal))
        .routes(routes!(stays::reject_proposal))
        .routes(routes!(reports::refusals))
        .routes(routes!(reports::alerts))
        .routes(routes!(reports::overstays))
        .routes(routes!(labour_routes::list_regions))
        .routes(routes!(
            labour_routes::register_employer,
            labour_routes::list_employers
        ))
        .routes(routes!(labour_routes::get_employer))
        .routes(routes!(labour_routes::rescreen_employers))
        .routes(routes!(
            labour_routes::register_worker,
            labour_routes::list_workers
        ))
        .routes(routes!(labour_routes::get_worker))
        .routes(routes!(labour_routes::terminate_worker))
        .routes(routes!(labour_routes::inspection_plan))
        .routes(routes!(
            labour_routes::record_inspection,
            labour_routes::list_inspections
        ))
        .routes(routes!(labour_routes::inspection_stats))
        .routes(routes!(labour_routes::get_inspection))
        .routes(routes!(labour_routes::inspection_report))
        .routes(routes!(ops::healthz))
        .routes(routes!(ops::readyz))
        .routes(routes!(ops::metrics))
        .routes(routes!(ops::openapi_json))
        .routes(routes!(ops::docs))
        .routes(routes!(me::me))
        .routes(routes!(stats_routes::screening_stats))
        .routes(routes!(console::root))
        .routes(routes!(console::index))
        .routes(routes!(console::asset))
}

/// Append each operation's permission and roles (from [`rbac::ROUTES`]) to
/// its description, so the document states the matrix.
fn describe_permissions(api: &mut utoipa::openapi::OpenApi) {
    for r in rbac::ROUTES {
        let Some(item) = api.paths.paths.get_mut(r.path) else {
            continue;
        };
        let op = match r.method {
            "GET" => item.get.as_mut(),
            "POST" => item.post.as_mut(),
            _ => None,
        };
        let Some(op) = op else { continue };
        let note = match r.permission {
            Some(p) => {
                let roles: Vec<&str> = p.roles().into_iter().map(Role::code).collect();
                format!("Permission: `{}` (roles: {}).", p.code(), roles.join(", "))
            }
            None => "Public: no token needed.".to_string(),
        };
        op.description = Some(match op.description.take() {
            Some(d) if !d.trim().is_empty() => format!("{d}\n\n{note}"),
            _ => note,
        });
    }
}

/// The OpenAPI 3.1 document of this API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut api = api_router().into_openapi();
    describe_permissions(&mut api);
    document_body_errors(&mut api);
    api
}

/// Every operation that takes a JSON body can answer 400 (malformed JSON),
/// 413 (too large), 415 (not JSON) and 422 (a field is wrong) from the
/// shared extractor and layers: document those it does not list itself, with
/// the error envelope its 401 already uses.
fn document_body_errors(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{RefOr, Response};
    const BODY_ERRORS: [(&str, &str); 4] = [
        ("400", "Malformed JSON"),
        ("413", "Body too large"),
        ("415", "Not JSON"),
        ("422", "`validation_failed` with the field"),
    ];
    for item in api.paths.paths.values_mut() {
        for op in [item.post.as_mut(), item.put.as_mut(), item.patch.as_mut()]
            .into_iter()
            .flatten()
        {
            if op.request_body.is_none() {
                continue;
            }
            let Some(RefOr::T(template)) = op.responses.responses.get("401").cloned() else {
                continue;
            };
            for (code, description) in BODY_ERRORS {
                if !op.responses.responses.contains_key(code) {
                    let mut r: Response = template.clone();
                    r.description = description.to_string();
                    op.responses.responses.insert(code.to_string(), RefOr::T(r));
                }
            }
        }
    }
}

/// The OpenAPI document as pretty JSON with a final newline (what
/// `crates/berkut-api/openapi.json` holds).
pub fn openapi_json() -> String {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let mut s = serde_json::to_string_pretty(&openapi())
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    })
    .clone()
}

/// The service: every route with its layers (body limit, timeout, metrics,
/// error envelope, panic guard), on `state`.
pub fn router(state: AppState) -> Router {
    let (router, _) = api_router().split_for_parts();
    let options = state.options().clone();
    router
        .fallback(|| async { ApiError::from_status(StatusCode::NOT_FOUND) })
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(options.body_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            options.request_timeout,
        ))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .layer(from_fn(error::ensure_envelope))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .with_state(state)
}

/// Serve the API on `listen` until Ctrl-C or SIGTERM, then finish the
/// requests in flight. The server reports ready once it is listening.
pub async fn serve(
    store: AnyStore,
    listen: SocketAddr,
    options: ServeOptions,
) -> Result<(), ServiceError> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let state = AppState::with_options(store, options);
    serve_with(listener, state, shutdown_signal()).await
}

/// Serve on a bound listener (port 0 in tests) until `shutdown` completes.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServiceError> {
    tracing::info!(addr = %listener.local_addr()?, "berkut-api listening");
    let app = router(state.clone());
    if state.spool().is_some() {
        tokio::spawn(flush_spool(state.clone()));
    }
    people::spawn_tasks(&state);
    if state.spool().is_none() {
        // one server on its store: it re-screens employers after list imports
        tokio::spawn(labour_http::follow_list_imports(
            state.clone(),
            std::time::Duration::from_secs(5),
        ));
    }
    state.set_ready(true);
    let not_ready = state.clone();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            not_ready.set_ready(false);
            not_ready.close_streams();
        })
        .await?;
    Ok(())
}

/// Send a node's spooled screenings upstream every two seconds once the
/// central store answers again; alerts they raise go out on the streams.
async fn flush_spool(state: AppState) {
    let Some(spool) = state.spool().cloned() else {
        return;
    };
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(2));
    loop {
        tick.tick().await;
        match spool.pending().await {
            Ok(0) => continue,
            Ok(n) => match spool.flush(state.store()).await {
                Ok(recorded) => {
                    tracing::info!(screenings = n, "spool sent upstream");
                    for a in recorded.iter().flat_map(|r| &r.alerts) {
                        state.metrics().alert_raised();
                        state.alert_committed(a.seq);
                    }
                }
                Err(e) => tracing::debug!(error = %e, pending = n, "spool not sent yet"),
            },
            Err(e) => tracing::warn!(error = %e, "cannot read the spool"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Create an API user with a role (`berkut user add`). The creation is a
/// `user.created` event by `actor`.
pub async fn create_user<S: Store>(
    store: &S,
    actor: &Actor,
    name: &str,
    role: Role,
) -> Result<UserInfo, ServiceError> {
    Ok(store.create_user(actor, name, role.code()).await?)
}

/// A token just issued: the plaintext is here once and nowhere else.
#[derive(Clone)]
pub struct IssuedToken {
    /// The secret to give the user (`bk_…`). Not stored anywhere.
    pub token: String,
    /// The stored record (id to revoke it with, user, role, label).
    pub info: TokenInfo,
}

impl std::fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedToken")
            .field("token", &"[redacted]")
            .field("info", &self.info)
            .finish()
    }
}

/// Issue a token for an existing user (`berkut token create`): 32 random
/// bytes, stored as SHA-256 only, carrying `role`, which must be the user's
/// role. The issue is a `token.created` event by `actor` (without the
/// secret or its hash).
pub async fn create_token<S: Store>(
    store: &S,
    actor: &Actor,
    user: &str,
    role: Role,
    name: &str,
) -> Result<IssuedToken, ServiceError> {
    let found = store.user(user.trim()).await?.ok_or_else(|| {
        StoreError::Rule(berkut_domain::RuleError::NotFound {
            field: "user",
            what: "user",
            id: user.to_string(),
        })
    })?;
    if found.role != role.code() {
        return Err(ServiceError::RoleMismatch {
            user: found.name,
            user_role: found.role,
            role,
        });
    }
    let token = generate_token().map_err(|e| ServiceError::Random(e.to_string()))?;
    let info = store
        .create_token(actor, &found.name, role.code(), name, &hash_token(&token))
        .await?;
    Ok(IssuedToken { token, info })
}

/// Revoke a token by id (`berkut token revoke`); a `token.revoked` event by
/// `actor`. The token is refused from the next request on.
pub async fn revoke_token<S: Store>(
    store: &S,
    actor: &Actor,
    token_id: &str,
) -> Result<TokenInfo, ServiceError> {
    Ok(store.revoke_token(actor, token_id).await?)
}
