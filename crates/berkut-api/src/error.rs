//! The error envelope every failing response carries:
//! `{"error": {"code": "ban_not_found", "message": "...", "field": "ban_id"}}`.
//!
//! Codes are stable: clients branch on `code`, people read `message`, and
//! `field` names the input to correct when there is one. A rejected request
//! is a 4xx with this envelope, never a bare 500 or a panic; a 500 says
//! `internal` and nothing about the database (the details go to the log).

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use berkut_domain::{RuleError, ValidationError};
use berkut_store::StoreError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Every error code the API returns. Stable: add codes, never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A field is missing, has the wrong type or an invalid value (422).
    ValidationFailed,
    /// The body is not JSON (400).
    MalformedJson,
    /// The body is not `application/json` (415).
    UnsupportedMediaType,
    /// The body is larger than the configured limit (413).
    PayloadTooLarge,
    /// No `Authorization: Bearer` token, or an unknown or revoked one (401).
    Unauthorized,
    /// The token's role lacks the route's permission (403).
    Forbidden,
    /// Too many requests for this token; see `Retry-After` (429).
    RateLimited,
    /// The ban does not exist (404).
    BanNotFound,
    /// The person does not exist (404).
    PersonNotFound,
    /// The watchlist entry does not exist (404).
    EntryNotFound,
    /// No emergency declaration with that id.
    EmergencyNotFound,
    /// Something else named by the request does not exist (404).
    NotFound,
    /// The alert does not exist (or is not the caller's to see) (404).
    AlertNotFound,
    /// The review item does not exist (404).
    ReviewNotFound,
    /// A batch holds more items than allowed (422).
    BatchTooLarge,
    /// No such route (404).
    RouteNotFound,
    /// The route exists, but not for this method (405).
    MethodNotAllowed,
    /// The thing exists already (409).
    Conflict,
    /// The status machine does not allow this (e.g. lifting a lifted ban) (409).
    InvalidTransition,
    /// An import was refused by a guard rail (422).
    ImportRefused,
    /// The request took too long (408).
    Timeout,
    /// The screening engine is not available in this server (503).
    EngineUnavailable,
    /// The server is not ready (503).
    NotReady,
    /// Something failed inside the server; details are in its log (500).
    Internal,
}

impl ErrorCode {
    /// The code as it appears in the envelope.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ValidationFailed => "validation_failed",
            Self::MalformedJson => "malformed_json",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::RateLimited => "rate_limited",
            Self::BanNotFound => "ban_not_found",
            Self::PersonNotFound => "person_not_found",
            Self::EntryNotFound => "entry_not_found",
            Self::EmergencyNotFound => "emergency_not_found",
            Self::NotFound => "not_found",
            Self::AlertNotFound => "alert_not_found",
            Self::ReviewNotFound => "review_not_found",
            Self::BatchTooLarge => "batch_too_large",
            Self::RouteNotFound => "route_not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict => "conflict",
            Self::InvalidTransition => "invalid_transition",
            Self::ImportRefused => "import_refused",
            Self::Timeout => "timeout",
            Self::EngineUnavailable => "engine_unavailable",
            Self::NotReady => "not_ready",
            Self::Internal => "internal",
        }
    }
}

/// The body of an error response.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorEnvelope {
    /// The error.
    pub error: ErrorBody,
}

/// What went wrong.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// One sentence for a person.
    pub message: String,
    /// The input field to correct, when there is one (`ground`, `names[1]`, `reason`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// An error on its way to becoming a response.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code.
    pub code: ErrorCode,
    /// Message for a person.
    pub message: String,
    /// Field to correct.
    pub field: Option<String>,
    /// Seconds for a `Retry-After` header.
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// A new error.
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            field: None,
            retry_after: None,
        }
    }

    /// Name the field to correct.
    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// A 422 `validation_failed` naming `field`.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
            message,
        )
        .with_field(field)
    }

    /// A 404 with a specific code.
    pub fn not_found(code: ErrorCode, field: &str, what: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code,
            format!("{what} not found: {id}"),
        )
        .with_field(field)
    }

    /// A 500 `internal`; the cause is logged, not returned.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "internal error; the server log has the details",
        )
    }

    /// The envelope for this error.
    pub fn envelope(&self) -> ErrorEnvelope {
        ErrorEnvelope {
            error: ErrorBody {
                code: self.code,
                message: self.message.clone(),
                field: self.field.clone(),
            },
        }
    }

    /// The error a bare status (from a layer or the router) stands for.
    pub fn from_status(status: StatusCode) -> Self {
        let (code, message) = match status {
            StatusCode::NOT_FOUND => (ErrorCode::RouteNotFound, "no such route"),
            StatusCode::METHOD_NOT_ALLOWED => (
                ErrorCode::MethodNotAllowed,
                "this route does not accept this method",
            ),
            StatusCode::PAYLOAD_TOO_LARGE => (
                ErrorCode::PayloadTooLarge,
                "the request body is larger than the server accepts",
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                ErrorCode::UnsupportedMediaType,
                "the request body must be application/json",
            ),
            StatusCode::REQUEST_TIMEOUT => (ErrorCode::Timeout, "the request took too long"),
            StatusCode::TOO_MANY_REQUESTS => (ErrorCode::RateLimited, "too many requests"),
            StatusCode::UNAUTHORIZED => (ErrorCode::Unauthorized, "authentication required"),
            StatusCode::FORBIDDEN => (ErrorCode::Forbidden, "not allowed"),
            s if s.is_server_error() => (
                ErrorCode::Internal,
                "internal error; the server log has the details",
            ),
            _ => (
                ErrorCode::ValidationFailed,
                "the request was not understood",
            ),
        };
        Self::new(status, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = (self.status, Json(self.envelope())).into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

impl From<ValidationError> for ApiError {
    fn from(e: ValidationError) -> Self {
        Self::validation(e.field, e.message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Rule(RuleError::Invalid(v)) => v.into(),
            StoreError::Rule(RuleError::NotFound { field, what, id }) => {
                let code = match what {
                    "ban" => ErrorCode::BanNotFound,
                    "person" => ErrorCode::PersonNotFound,
                    "entry" => ErrorCode::EntryNotFound,
                    "emergency" | "emergency declaration" => ErrorCode::EmergencyNotFound,
                    "alert" => ErrorCode::AlertNotFound,
                    "review" => ErrorCode::ReviewNotFound,
                    _ => ErrorCode::NotFound,
                };
                Self::not_found(code, field, what, &id)
            }
            StoreError::Rule(e @ RuleError::AlreadyExists { .. }) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::Conflict, e.to_string())
            }
            StoreError::Rule(RuleError::Transition(m)) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::InvalidTransition, m)
            }
            StoreError::Refused(m) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ImportRefused,
                format!("import refused: {m}"),
            ),
            other @ (StoreError::NotInitialised(_)
            | StoreError::UnsupportedUrl(_)
            | StoreError::Database(_)
            | StoreError::Migrate(_)
            | StoreError::Corrupt(_)) => Self::internal(&other),
        }
    }
}

/// Middleware: give every error response the envelope, including those
/// made by the router (404, 405) and by layers (413 from the body limit,
/// 408 from the timeout), which come as plain text or empty bodies.
pub(crate) async fn ensure_envelope(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return resp;
    }
    let mut out = ApiError::from_status(status).into_response();
    for h in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = resp.headers().get(&h) {
            out.headers_mut().insert(h, v.clone());
        }
    }
    out
}

/// The response for a handler that panicked (there should be none).
pub(crate) fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal(&"a request handler panicked").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_names() {
        for code in [
            ErrorCode::ValidationFailed,
            ErrorCode::BanNotFound,
            ErrorCode::EngineUnavailable,
            ErrorCode::Internal,
        ] {
            assert_eq!(
                serde_json::to_value(code).ok(),
                Some(serde_json::Value::String(code.as_str().into()))
            );
        }
    }

    #[test]
    fn store_errors_map_to_codes() {
        let nf: ApiError = StoreError::Rule(RuleError::NotFound {
            field: "person_id",
            what: "person",
            id: "W-1".into(),
        })
        .into();
        assert_eq!(
            (nf.status, nf.code, nf.field.as_deref()),
            (
                StatusCode::NOT_FOUND,
                ErrorCode::PersonNotFound,
                Some("person_id")
            )
        );
        let t: ApiError = StoreError::Rule(RuleError::Transition("no".into())).into();
        assert_eq!(t.code, ErrorCode::InvalidTransition);
        let r: ApiError = StoreError::Refused("empty".into()).into();
        assert_eq!(r.code, ErrorCode::ImportRefused);
        let c: ApiError = StoreError::Corrupt("secret detail".into()).into();
        assert_eq!(c.code, ErrorCode::Internal);
        assert!(!c.message.contains("secret"));
    }
}
