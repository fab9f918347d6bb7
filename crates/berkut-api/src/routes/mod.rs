//! The handlers, one file per resource. Every `/v1` handler takes an
//! [`crate::auth::Authorized`] for its permission first (so a refused
//! caller never reaches body parsing) and is registered only through
//! `utoipa_axum::routes!`, so it cannot be routed without being documented.

pub(crate) mod alerts;
pub(crate) mod bans;
pub(crate) mod citizenship;
pub(crate) mod console;
pub(crate) mod emergencies;
pub mod labour;
pub(crate) mod me;
pub(crate) mod ops;
pub(crate) mod persons;
pub(crate) mod reports;
pub(crate) mod reviews;
pub(crate) mod screenings;
pub(crate) mod stats;
pub(crate) mod stays;
pub(crate) mod watchlists;

use crate::{AppState, auth::Caller, error::ApiError};

/// Record that `caller` read `what` about `subject` (every read of personal
/// data is an event). Failing to record fails the read.
pub(crate) async fn audit_read(
    state: &AppState,
    caller: &Caller,
    what: &str,
    subject: &str,
) -> Result<(), ApiError> {
    state
        .writer()
        .record(berkut_store::Read {
            actor: caller.actor.clone(),
            what: what.to_string(),
            subject: subject.to_string(),
        })
        .await
}
