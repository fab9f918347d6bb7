//! The officer console: a page, its JavaScript modules, style sheet and
//! dictionaries, embedded in the binary from `assets/console/` (nothing is
//! fetched from a CDN, at build time or at run time). The console is a
//! client of the public `/v1` API like any other: it signs in with a
//! bearer token kept in the browser's session storage.

use axum::{
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use crate::error::{ApiError, ErrorCode, ErrorEnvelope};

/// One embedded file.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

macro_rules! assets {
    ($($name:literal => $ct:expr),* $(,)?) => {
        &[$(Asset {
            name: $name,
            content_type: $ct,
            body: include_bytes!(concat!("../../assets/console/", $name)),
        }),*]
    };
}

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const JSON: &str = "application/json";
const CSS: &str = "text/css; charset=utf-8";

/// Every file of `assets/console/` (a test checks none is missing).
const ASSETS: &[Asset] = assets! {
    "index.html" => HTML,
    "console.css" => CSS,
    "app.js" => JS,
    "api.js" => JS,
    "i18n.js" => JS,
    "dom.js" => JS,
    "mrz.js" => JS,
    "charts.js" => JS,
    "screening.js" => JS,
    "alerts.js" => JS,
    "reviews.js" => JS,
    "bans.js" => JS,
    "sources.js" => JS,
    "dashboard.js" => JS,
    "records.js" => JS,
    "citizenship.js" => JS,
    "stays.js" => JS,
    "lang-en.json" => JSON,
    "lang-ru.json" => JSON,
    "lang-kk.json" => JSON,
};

/// The page's Content-Security-Policy: only this server's own files and API.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

fn serve(name: &str) -> Response {
    let Some(a) = ASSETS.iter().find(|a| a.name == name) else {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("the console has no file '{name}'"),
        )
        .into_response();
    };
    let mut r = (StatusCode::OK, a.body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(a.content_type),
    );
    // The files change with the binary: always revalidate.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// The officer console (the same page as `/console/`).
#[utoipa::path(get, path = "/", tag = "console",
    responses((status = 200, description = "The console's page", content_type = "text/html", body = String)))]
pub(crate) async fn root() -> Response {
    serve("index.html")
}

/// The officer console's page.
#[utoipa::path(get, path = "/console/", tag = "console",
    responses((status = 200, description = "The console's page", content_type = "text/html", body = String)))]
pub(crate) async fn index() -> Response {
    serve("index.html")
}

/// One of the console's files (JavaScript modules, style sheet, dictionaries).
#[utoipa::path(get, path = "/console/{file}", tag = "console",
    params(("file" = String, Path, description = "File name (`app.js`, `console.css`, `lang-kk.json`)")),
    responses(
        (status = 200, description = "The file, with its content type", content_type = "text/javascript", body = String),
        (status = 404, description = "`not_found`: no such file", body = ErrorEnvelope),
    ))]
pub(crate) async fn asset(Path(file): Path<String>) -> Response {
    serve(&file)
}
