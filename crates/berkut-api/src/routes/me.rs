//! `GET /v1/me`: who the token belongs to and what it may do, so a client
//! (the officer console) shows each role only the screens it can use.

use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    auth::Authorized,
    error::{ApiError, ErrorEnvelope},
    rbac::{self, Permission, Role, perm},
};

/// One route the caller may call.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RouteView {
    /// `GET` or `POST`.
    pub method: String,
    /// The path as in the OpenAPI document (`/v1/bans/{id}`).
    pub path: String,
}

/// The caller: user, role, permissions and the `/v1` routes those allow.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeView {
    /// The user name.
    pub user: String,
    /// The token's role.
    pub role: Role,
    /// The role's permissions.
    pub permissions: Vec<Permission>,
    /// Every `/v1` route the role may call, in the order of the permission table.
    pub routes: Vec<RouteView>,
}

/// The caller's user, role and permissions, and the routes they open.
#[utoipa::path(
    get, path = "/v1/me", tag = "operations",
    responses(
        (status = 200, description = "The caller", body = MeView),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn me(auth: Authorized<perm::SelfRead>) -> Result<Json<MeView>, ApiError> {
    let role = auth.caller.role;
    let routes = rbac::ROUTES
        .iter()
        .filter(|r| r.permission.is_some_and(|p| role.allows(p)))
        .map(|r| RouteView {
            method: r.method.to_string(),
            path: r.path.to_string(),
        })
        .collect();
    Ok(Json(MeView {
        user: auth.caller.user,
        role,
        permissions: role.permissions().to_vec(),
        routes,
    }))
}
