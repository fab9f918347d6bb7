//! `/v1/emergencies` and `/v1/documents:check`: emergency declarations, and
//! checks of a presented document against the invalidated-documents
//! register and the validity rule (expired documents stay valid under a
//! declaration that covers them).

use axum::{Json, extract::Path, extract::State, http::StatusCode};
use berkut_domain::{
    CountryCode, DocumentKind, DocumentNumber, DocumentValidity, EmergencyDeclaration,
    EmergencyInput, EmergencyStatus, HolderScope, IdentityDocument, ValidationError,
    document_validity, parse_date,
};
use berkut_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    AppState,
    auth::Authorized,
    error::{ApiError, ErrorEnvelope},
    extract::JsonBody,
    rbac::perm,
};

/// A request to declare an emergency.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmergencyRequest {
    /// The declaring authority.
    pub authority: String,
    /// Reference of the legal act (decree number and date).
    pub legal_act: String,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`; absent = until ended.
    #[serde(default)]
    pub until: Option<String>,
    /// Regions covered; empty = all.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Crossing points covered; empty = all.
    #[serde(default)]
    pub crossing_points: Vec<String>,
    /// Document kinds kept valid (`passport`, `id_card`, MRZ codes); empty = all.
    #[serde(default)]
    pub document_kinds: Vec<String>,
    /// Holder nationalities (`KAZ`, …) or `["all"]`; absent = citizens of Kazakhstan.
    #[serde(default)]
    pub holders: Option<Vec<String>>,
}

/// Ending a declaration: a reason is required.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndRequest {
    /// Why it ends (required, not empty).
    pub reason: String,
    /// The first day it no longer applies, `YYYY-MM-DD`; today (UTC) when absent.
    #[serde(default)]
    pub on: Option<String>,
}

/// An emergency declaration.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EmergencyView {
    /// Id.
    pub id: String,
    /// The declaring authority.
    pub authority: String,
    /// The legal act.
    pub legal_act: String,
    /// First day.
    pub from: String,
    /// Last day (absent: until ended).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Regions (empty: all).
    pub regions: Vec<String>,
    /// Crossing points (empty: all).
    pub crossing_points: Vec<String>,
    /// Document kinds (empty: all).
    pub document_kinds: Vec<String>,
    /// Holder nationalities, or `["all"]`.
    pub holders: Vec<String>,
    /// `active` or `ended`.
    pub status: String,
    /// The day it ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_on: Option<String>,
    /// Why it ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<String>,
}

/// Every declaration, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EmergencyList {
    /// The declarations.
    pub emergencies: Vec<EmergencyView>,
}

fn kind_code(k: DocumentKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{k:?}"))
}

fn view(d: &EmergencyDeclaration) -> EmergencyView {
    let (ended_on, end_reason) = match &d.status {
        EmergencyStatus::Active => (None, None),
        EmergencyStatus::Ended { on, reason } => (Some(on.to_string()), Some(reason.clone())),
    };
    EmergencyView {
        id: d.id.as_str().to_string(),
        authority: d.authority.clone(),
        legal_act: d.legal_act.clone(),
        from: d.period.from.to_string(),
        until: d.period.until.map(|u| u.to_string()),
        regions: d.regions.clone(),
        crossing_points: d.crossing_points.clone(),
        document_kinds: d.document_kinds.iter().map(|k| kind_code(*k)).collect(),
        holders: match &d.holders {
            HolderScope::All => vec!["all".into()],
            HolderScope::Nationalities { codes } => {
                codes.iter().map(|c| c.as_str().to_string()).collect()
            }
        },
        status: d.status.code().into(),
        ended_on,
        end_reason,
    }
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Every emergency declaration.
#[utoipa::path(
    get, path = "/v1/emergencies", tag = "documents",
    responses(
        (status = 200, description = "Declarations, oldest first", body = EmergencyList),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn list_emergencies(
    _auth: Authorized<perm::EmergencyRead>,
    State(state): State<AppState>,
) -> Result<Json<EmergencyList>, ApiError> {
    let all = state.store().emergencies().await?;
    Ok(Json(EmergencyList {
        emergencies: all.iter().map(view).collect(),
    }))
}

/// Declare an emergency: expired documents it covers stay valid.
#[utoipa::path(
    post, path = "/v1/emergencies", tag = "documents",
    request_body = EmergencyRequest,
    responses(
        (status = 201, description = "Declared", body = EmergencyView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 413, description = "Body too large", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed` with the field", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn declare_emergency(
    auth: Authorized<perm::EmergencyDeclare>,
    State(state): State<AppState>,
    JsonBody(r): JsonBody<EmergencyRequest>,
) -> Result<(StatusCode, Json<EmergencyView>), ApiError> {
    let input = EmergencyInput {
        authority: r.authority,
        legal_act: r.legal_act,
        from: r.from,
        until: r.until,
        regions: r.regions,
        crossing_points: r.crossing_points,
        document_kinds: r.document_kinds,
        holders: r.holders,
    };
    let d = state
        .store()
        .declare_emergency(&auth.caller.actor, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(view(&d))))
}

/// End a declaration (reason required).
#[utoipa::path(
    post, path = "/v1/emergencies/{id}/end", tag = "documents",
    params(("id" = String, Path, description = "Declaration id")),
    request_body = EndRequest,
    responses(
        (status = 200, description = "Ended", body = EmergencyView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 404, description = "`emergency_not_found`", body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`: already ended", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed` with the field", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn end_emergency(
    auth: Authorized<perm::EmergencyDeclare>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(r): JsonBody<EndRequest>,
) -> Result<Json<EmergencyView>, ApiError> {
    let on = match r.on.as_deref() {
        Some(s) => parse_date("on", s)?,
        None => today(),
    };
    let d = state
        .store()
        .end_emergency(&auth.caller.actor, &id, &r.reason, on)
        .await?;
    Ok(Json(view(&d)))
}

/// A presented document to check.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentCheckRequest {
    /// The number as printed.
    pub number: String,
    /// Issuing state (alpha-3, ICAO codes allowed).
    pub country: String,
    /// `passport`, `id_card`, … or an MRZ code; default passport.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Expiry `YYYY-MM-DD`, for the validity check.
    #[serde(default)]
    pub expiry: Option<String>,
    /// The holder's nationalities (default: the issuing state).
    #[serde(default)]
    pub nationalities: Vec<String>,
    /// The day of the crossing, `YYYY-MM-DD`; today (UTC) when absent.
    #[serde(default)]
    pub at: Option<String>,
    /// The region of the crossing.
    #[serde(default)]
    pub region: Option<String>,
    /// The crossing point.
    #[serde(default)]
    pub crossing_point: Option<String>,
}

/// One invalidated-register record of the document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvalidatedHit {
    /// `lost`, `stolen`, `revoked`, `blank` or `invalidated`.
    pub status: String,
    /// The day it was reported.
    pub reported_at: String,
    /// Who reported it.
    pub source: String,
}

/// What the checks found.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentCheckView {
    /// Whether an invalidated-documents register is loaded on this server.
    pub register_loaded: bool,
    /// The register's records of this document (empty: not listed).
    pub invalidated: Vec<InvalidatedHit>,
    /// `valid`, `valid_under_emergency`, `expired` or `no_expiry`.
    pub validity: String,
    /// The declaration that keeps an expired document valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declaration_id: Option<String>,
    /// The day it expired, when it has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expired_on: Option<String>,
    /// Whether the document may be accepted: not listed, and valid (or
    /// valid under an emergency, or without an expiry to judge by).
    pub acceptable: bool,
}

/// Check a document against the invalidated-documents register and the
/// validity rule with emergency declarations.
#[utoipa::path(
    post, path = "/v1/documents:check", tag = "documents",
    request_body = DocumentCheckRequest,
    responses(
        (status = 200, description = "What the checks found", body = DocumentCheckView),
        (status = 400, description = "Malformed JSON", body = ErrorEnvelope),
        (status = 401, description = "No or bad token", body = ErrorEnvelope),
        (status = 403, description = "Role lacks the permission", body = ErrorEnvelope),
        (status = 415, description = "Not JSON", body = ErrorEnvelope),
        (status = 422, description = "`validation_failed` with the field", body = ErrorEnvelope),
        (status = 429, description = "Rate limited", body = ErrorEnvelope),
    ),
    security(("bearer" = []))
)]
pub(crate) async fn check_document(
    auth: Authorized<perm::DocumentCheck>,
    State(state): State<AppState>,
    JsonBody(r): JsonBody<DocumentCheckRequest>,
) -> Result<Json<DocumentCheckView>, ApiError> {
    let kind = match r.kind.as_deref() {
        Some(k) => DocumentKind::parse(k).map_err(|e| e.in_field("type"))?,
        None => DocumentKind::Passport,
    };
    let number = DocumentNumber::parse(&r.number).map_err(|e| e.in_field("number"))?;
    let country = CountryCode::parse(&r.country).map_err(|e| e.in_field("country"))?;
    let mut nationalities = r
        .nationalities
        .iter()
        .enumerate()
        .map(|(i, c)| CountryCode::parse(c).map_err(|e| e.in_field(format!("nationalities[{i}]"))))
        .collect::<Result<Vec<_>, ValidationError>>()?;
    if nationalities.is_empty() {
        nationalities.push(country);
    }
    let expiry = r
        .expiry
        .as_deref()
        .map(|s| parse_date("expiry", s))
        .transpose()?;
    let at = match r.at.as_deref() {
        Some(s) => parse_date("at", s)?,
        None => today(),
    };
    let register = state.register();
    let invalidated: Vec<InvalidatedHit> = register
        .map(|reg| {
            reg.lookup_kind(&number, country, kind)
                .map(|h| InvalidatedHit {
                    status: h.status.code().into(),
                    reported_at: h.reported_at.to_string(),
                    source: h.source.to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let declarations = state.store().emergencies().await?;
    let doc = IdentityDocument {
        kind,
        number,
        issuing_state: Some(country),
        expiry,
    };
    let v = document_validity(
        &doc,
        &nationalities,
        at,
        r.region.as_deref(),
        r.crossing_point.as_deref(),
        &declarations,
    );
    let (validity, declaration_id, expired_on) = match &v {
        DocumentValidity::Valid => ("valid", None, None),
        DocumentValidity::NoExpiry => ("no_expiry", None, None),
        DocumentValidity::Expired { expired_on } => ("expired", None, Some(expired_on.to_string())),
        DocumentValidity::ValidUnderEmergency {
            declaration_id,
            expired_on,
        } => (
            "valid_under_emergency",
            Some(declaration_id.as_str().to_string()),
            Some(expired_on.to_string()),
        ),
    };
    // the document belongs to a person: the check is a read of personal data
    super::audit_read(&state, &auth.caller, "document", doc.number.as_str()).await?;
    Ok(Json(DocumentCheckView {
        register_loaded: register.is_some(),
        acceptable: invalidated.is_empty() && v.is_acceptable(),
        invalidated,
        validity: validity.into(),
        declaration_id,
        expired_on,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_codes_are_snake_case() {
        assert_eq!(kind_code(DocumentKind::IdCard), "id_card");
        assert_eq!(kind_code(DocumentKind::Passport), "passport");
    }
}
