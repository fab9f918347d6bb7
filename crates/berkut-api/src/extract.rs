//! Body and query extractors that fail with the error envelope: the
//! content type must be JSON, the body is parsed with the path of the bad
//! field kept (`names[1]`, `document.number`), and a missing or unknown
//! field is named.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Query, Request},
    http::{StatusCode, header, request::Parts},
};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ErrorCode};

/// A JSON request body of type `T`.
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

fn is_json(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            let mime = v
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
        .unwrap_or(false)
}

/// The name inside the first pair of backticks of a serde message
/// (`missing field `reason``, `unknown field `reson``).
fn quoted_name(msg: &str, after: &str) -> Option<String> {
    let rest = &msg[msg.find(after)? + after.len()..];
    let rest = rest.strip_prefix('`')?;
    Some(rest[..rest.find('`')?].to_string())
}

fn join(path: &str, name: &str) -> String {
    if path == name || path.ends_with(&format!(".{name}")) {
        // serde_path_to_error already put the (unknown) key on the path.
        path.to_string()
    } else if path.is_empty() || path == "." {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// Turn a serde error at `path` into the envelope.
fn body_error(path: String, e: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            format!("the request body is not valid JSON: {e}"),
        ),
        Category::Data => {
            let msg = e.to_string();
            // Strip serde_json's " at line 1 column 17" suffix: the field says where.
            let clean = msg
                .rfind(" at line ")
                .map_or(msg.as_str(), |i| &msg[..i])
                .to_string();
            let field = if let Some(name) = quoted_name(&msg, "missing field ") {
                join(&path, &name)
            } else if let Some(name) = quoted_name(&msg, "unknown field ") {
                join(&path, &name)
            } else if path.is_empty() || path == "." {
                "body".to_string()
            } else if path.starts_with('[') {
                // A top-level array where an object belongs.
                format!("body{path}")
            } else {
                path
            };
            ApiError::validation(field, clean)
        }
    }
}

/// Parse a JSON document into `T`, naming the bad field on error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| body_error(e.path().to_string(), e.inner()))?;
    de.end().map_err(|e| body_error(String::new(), &e))?;
    Ok(value)
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(&req) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "the request body must be JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::from_status(StatusCode::PAYLOAD_TOO_LARGE)
            } else {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::MalformedJson,
                    format!("the request body could not be read: {e}"),
                )
            }
        })?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Query parameters of type `T`; a bad one is a 422 `validation_failed`.
#[derive(Debug, Clone)]
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(Self(v)),
            Err(e) => {
                let text = e.body_text();
                let msg = text
                    .strip_prefix("Failed to deserialize query string: ")
                    .unwrap_or(&text);
                let field = quoted_name(msg, "unknown field ")
                    .or_else(|| {
                        msg.split(':')
                            .next()
                            .filter(|f| !f.contains(' '))
                            .map(str::to_string)
                    })
                    .unwrap_or_else(|| "query".to_string());
                Err(ApiError::validation(
                    field,
                    format!("bad query parameter: {msg}"),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        reason: String,
        inner: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
    }

    fn err(s: &str) -> (ErrorCode, Option<String>) {
        match parse_json::<Outer>(s.as_bytes()) {
            Ok(v) => panic!("parsed {v:?}"),
            Err(e) => (e.code, e.field),
        }
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(err("{"), (ErrorCode::MalformedJson, None));
        assert_eq!(
            err(r#"{"reason": "x"} x"#),
            (ErrorCode::MalformedJson, None)
        );
        assert_eq!(
            err("{}"),
            (ErrorCode::ValidationFailed, Some("reason".into()))
        );
        assert_eq!(
            err(r#"{"reason": 5}"#),
            (ErrorCode::ValidationFailed, Some("reason".into()))
        );
        assert_eq!(
            err(r#"{"reason": "x", "inner": {"n": "a"}}"#),
            (ErrorCode::ValidationFailed, Some("inner.n".into()))
        );
        assert_eq!(
            err(r#"{"reason": "x", "inner": {}}"#),
            (ErrorCode::ValidationFailed, Some("inner.n".into()))
        );
        assert_eq!(
            err(r#"{"reson": "x"}"#),
            (ErrorCode::ValidationFailed, Some("reson".into()))
        );
        assert_eq!(
            err("[1]"),
            (ErrorCode::ValidationFailed, Some("body[0]".into()))
        );
    }
}
