//! Bearer tokens, the caller they identify, and per-token rate limits.
//!
//! A token is `bk_` followed by 64 hex digits (32 random bytes from the
//! operating system). It is shown once when issued; the store keeps only
//! its SHA-256, so a leaked database yields no usable token. Revoked tokens
//! keep their row and are refused.

use std::{
    collections::HashMap,
    marker::PhantomData,
    sync::Mutex,
    time::{Duration, Instant},
};

use axum::{
    extract::FromRequestParts,
    http::{StatusCode, header, request::Parts},
};
use berkut_domain::Actor;
use berkut_store::{Store, TokenInfo};
use sha2::{Digest, Sha256};

use crate::{
    AppState,
    error::{ApiError, ErrorCode},
    rbac::{RequiredPermission, Role},
    state::RateLimit,
};

/// Prefix of every token, so a leaked one is easy to recognise in logs.
pub const TOKEN_PREFIX: &str = "bk_";

/// A fresh random token (plaintext).
pub fn generate_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("{TOKEN_PREFIX}{}", hex::encode(bytes)))
}

/// The hex SHA-256 of a token, as stored.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Who is calling: resolved from a valid, unrevoked token.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user name.
    pub user: String,
    /// The token's role.
    pub role: Role,
    /// The token's id.
    pub token_id: String,
    /// The actor recorded on events the call causes.
    pub actor: Actor,
}

/// Extractor: a caller whose role has permission `P`. A handler that takes
/// `Authorized<perm::BanLift>` runs only for roles allowed to lift bans;
/// others get 401 (no or bad token), 403 (role lacks `P`) or 429 (rate).
#[derive(Debug, Clone)]
pub struct Authorized<P> {
    /// The caller.
    pub caller: Caller,
    _permission: PhantomData<P>,
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, message)
}

impl<P: RequiredPermission> FromRequestParts<AppState> for Authorized<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| unauthorized("missing Authorization: Bearer <token> header"))?;
        let value = header
            .to_str()
            .map_err(|_| unauthorized("the Authorization header is not readable text"))?;
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| unauthorized("the Authorization header must be 'Bearer <token>'"))?;
        let hash = hash_token(token);
        let cached = match state.tokens().get(&hash) {
            Some(info) => Some(info),
            None if state.centre_away() => state.tokens().get_any(&hash),
            None => None,
        };
        let info = match cached {
            Some(info) => info,
            None => {
                let found = match state.store().token_by_hash(&hash).await {
                    Ok(found) => found,
                    // a node whose centre is away keeps serving the tokens
                    // it has seen (revocations reach it when the centre returns)
                    Err(berkut_store::StoreError::Database(e)) if state.spool().is_some() => {
                        let known = state.tokens().get_any(&hash);
                        if known.is_none() {
                            return Err(berkut_store::StoreError::Database(e).into());
                        }
                        known
                    }
                    Err(e) => return Err(e.into()),
                };
                let info = found
                    .filter(|t| t.is_active())
                    .ok_or_else(|| unauthorized("the token is unknown or revoked"))?;
                state.tokens().put(hash, &info);
                info
            }
        };
        let role = Role::parse(&info.role).ok_or_else(|| {
            ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                format!("the token carries an unknown role '{}'", info.role),
            )
        })?;
        if let Err(wait) = state.limiter().check(&info.id) {
            let mut e = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                "too many requests for this token; slow down",
            );
            e.retry_after = Some(wait.as_secs().max(1));
            return Err(e);
        }
        if !role.allows(P::PERMISSION) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                format!("role {role} lacks permission {}", P::PERMISSION.code()),
            ));
        }
        let actor = Actor::parse(&info.user).map_err(|e| ApiError::internal(&e))?;
        Ok(Self {
            caller: Caller {
                user: info.user,
                role,
                token_id: info.id,
                actor,
            },
            _permission: PhantomData,
        })
    }
}

/// Token buckets, one per token id.
#[derive(Debug)]
/// Recently verified tokens, so a busy lane does not read the token table
/// on every request. An entry lives `ttl` (ServeOptions::token_cache): a
/// token revoked elsewhere (the CLI, another node) is refused at most that
/// long after. Only active tokens are cached; unknown ones always go to the
/// store.
pub(crate) struct TokenCache {
    ttl: std::time::Duration,
    map: std::sync::Mutex<std::collections::HashMap<String, (TokenInfo, std::time::Instant)>>,
}

impl TokenCache {
    /// Most tokens kept; the cache is emptied when it would grow past this.
    const MAX: usize = 10_000;

    pub(crate) fn new(ttl: std::time::Duration) -> Self {
        Self {
            ttl,
            map: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    fn get(&self, hash: &str) -> Option<TokenInfo> {
        if self.ttl.is_zero() {
            // still remembered for a node's outage (get_any), never trusted here
            return None;
        }
        let map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(hash)
            .filter(|(_, at)| at.elapsed() < self.ttl)
            .map(|(info, _)| info.clone())
    }

    /// A token seen before, however long ago (only when the store is away).
    fn get_any(&self, hash: &str) -> Option<TokenInfo> {
        let map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(hash).map(|(info, _)| info.clone())
    }

    fn put(&self, hash: String, info: &TokenInfo) {
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= Self::MAX {
            map.clear();
        }
        map.insert(hash, (info.clone(), std::time::Instant::now()));
    }
}

#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: Option<RateLimit>,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    pub(crate) fn new(limit: Option<RateLimit>) -> Self {
        Self {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Take one request from the token's bucket, or say how long to wait.
    pub(crate) fn check(&self, key: &str) -> Result<(), Duration> {
        let Some(limit) = self.limit else {
            return Ok(());
        };
        let burst = f64::from(limit.burst.max(1));
        let rate = limit.per_second.max(f64::MIN_POSITIVE);
        let now = Instant::now();
        let mut buckets = match self.buckets.lock() {
            Ok(b) => b,
            Err(poisoned) => poisoned.into_inner(),
        };
        let (tokens, last) = buckets.entry(key.to_string()).or_insert((burst, now));
        let refill = now.duration_since(*last).as_secs_f64() * rate;
        *tokens = (*tokens + refill).min(burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                ((1.0 - *tokens) / rate).min(3600.0),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_prefixed_and_hashed() {
        let a = generate_token().ok();
        let b = generate_token().ok();
        assert_ne!(a, b);
        let a = a.unwrap_or_default();
        assert!(a.starts_with(TOKEN_PREFIX) && a.len() == 3 + 64);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
    }

    #[test]
    fn bucket_allows_burst_then_refuses() {
        let l = RateLimiter::new(Some(RateLimit {
            per_second: 0.001,
            burst: 3,
        }));
        assert!((0..3).all(|_| l.check("t").is_ok()));
        assert!(l.check("t").is_err());
        assert!(l.check("other").is_ok());
        assert!(RateLimiter::new(None).check("t").is_ok());
    }
}
