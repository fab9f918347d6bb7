//! Events, their canonical bytes and the SHA-256 hash chain that makes the
//! log tamper-evident.
//!
//! Architecture Invariant: an event's hash covers every stored column
//! (`seq`, `recorded_at`, `actor`, `kind`, `subject`, the exact payload bytes)
//! and the previous hash, so changing one byte of a stored event, deleting
//! one or reordering two breaks verification at that event's seq.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::{
    BanExpired, BanImposed, BanLifted, EmergencyDeclaration, EmergencyEnded, Person,
    ValidationError,
    screening::{
        AlertAcknowledged, AlertClosed, AttemptRecorded, ReviewOpened, ReviewResolved,
        ScreeningRecorded, ScreeningRevised,
    },
    watchlist::{EntryDelisted, EntryListed, SourceImported},
};

/// A SHA-256 digest.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hash(pub [u8; 32]);

impl Hash {
    /// The `prev_hash` of the first event.
    pub const GENESIS: Hash = Hash([0; 32]);

    /// Lower-case hex.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parse 64 hex digits.
    pub fn from_hex(s: &str) -> Option<Hash> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).ok()?;
        Some(Hash(out))
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({})", self.to_hex())
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// What happened. The store appends these; projections and the screening
/// engine learn about data only through them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventBody {
    /// A person was registered.
    PersonRegistered(Person),
    /// A ban was imposed.
    BanImposed(BanImposed),
    /// A ban was lifted.
    BanLifted(BanLifted),
    /// A ban's term ended.
    BanExpired(BanExpired),
    /// A watchlist entry appeared in its source.
    EntryListed(EntryListed),
    /// A watchlist entry changed in its source.
    EntryChanged(EntryListed),
    /// A watchlist entry left its source.
    EntryDelisted(EntryDelisted),
    /// A list file was imported.
    SourceImported(SourceImported),
    /// An API user was created.
    UserCreated(UserCreated),
    /// An API token was issued.
    TokenCreated(TokenCreated),
    /// An API token was revoked.
    TokenRevoked(TokenRevoked),
    /// Someone read personal data (every read is audited).
    PersonalDataRead(PersonalDataRead),
    /// An emergency was declared: expired documents in its scope stay valid.
    EmergencyDeclared(EmergencyDeclaration),
    /// An emergency declaration was ended.
    EmergencyEnded(EmergencyEnded),
    /// A traveller was screened.
    ScreeningRecorded(ScreeningRecorded),
    /// A screening's decision was revised by review.
    ScreeningRevised(ScreeningRevised),
    /// A banned person attempted to enter; raises an alert.
    AttemptRecorded(AttemptRecorded),
    /// An alert was acknowledged.
    AlertAcknowledged(AlertAcknowledged),
    /// An alert was closed.
    AlertClosed(AlertClosed),
    /// A REFER opened a review item.
    ReviewOpened(Box<ReviewOpened>),
    /// A review item was resolved.
    ReviewResolved(ReviewResolved),
    /// A citizenship application was submitted.
    ApplicationSubmitted(crate::people::ApplicationSubmitted),
    /// A citizenship application was screened.
    ApplicationScreened(crate::people::ApplicationScreened),
    /// A citizenship application was finally decided.
    ApplicationDecided(crate::people::ApplicationDecided),
    /// An entry record was opened.
    StayOpened(crate::people::StayOpened),
    /// An entry record was closed by an exit.
    StayClosed(crate::people::StayClosed),
    /// An open stay passed its allowed end; raises an alert.
    OverstayDetected(crate::people::OverstayDetected),
    /// Re-screening found a possible match; raises an alert.
    RescreenHit(crate::people::RescreenHit),
    /// The re-screening task handled triggers up to a seq.
    RescreenCompleted(crate::people::RescreenCompleted),
    /// An overstay was proposed as a ban.
    BanProposalOpened(crate::people::BanProposalOpened),
    /// A ban proposal was confirmed.
    BanProposalConfirmed(crate::people::BanProposalConfirmed),
    /// A ban proposal was rejected.
    BanProposalRejected(crate::people::BanProposalRejected),
    /// Employers, foreign workers and inspections ([`crate::labour`]).
    Labour(crate::labour::LabourEvent),
}

/// Event kinds as stored.
pub mod kind {
    /// [`super::EventBody::PersonRegistered`].
    pub const PERSON_REGISTERED: &str = "person.registered";
    /// [`super::EventBody::BanImposed`].
    pub const BAN_IMPOSED: &str = "ban.imposed";
    /// [`super::EventBody::BanLifted`].
    pub const BAN_LIFTED: &str = "ban.lifted";
    /// [`super::EventBody::BanExpired`].
    pub const BAN_EXPIRED: &str = "ban.expired";
    /// [`super::EventBody::EntryListed`].
    pub const ENTRY_LISTED: &str = "watchlist.entry_listed";
    /// [`super::EventBody::EntryChanged`].
    pub const ENTRY_CHANGED: &str = "watchlist.entry_changed";
    /// [`super::EventBody::EntryDelisted`].
    pub const ENTRY_DELISTED: &str = "watchlist.entry_delisted";
    /// [`super::EventBody::SourceImported`].
    pub const SOURCE_IMPORTED: &str = "source.imported";
    /// [`super::EventBody::UserCreated`].
    pub const USER_CREATED: &str = "user.created";
    /// [`super::EventBody::TokenCreated`].
    pub const TOKEN_CREATED: &str = "token.created";
    /// [`super::EventBody::TokenRevoked`].
    pub const TOKEN_REVOKED: &str = "token.revoked";
    /// [`super::EventBody::PersonalDataRead`].
    pub const PERSONAL_DATA_READ: &str = "audit.read";
    /// [`super::EventBody::EmergencyDeclared`].
    pub const EMERGENCY_DECLARED: &str = "emergency.declared";
    /// [`super::EventBody::EmergencyEnded`].
    pub const EMERGENCY_ENDED: &str = "emergency.ended";
    /// [`super::EventBody::ScreeningRecorded`].
    pub const SCREENING_RECORDED: &str = "screening.recorded";
    /// [`super::EventBody::ScreeningRevised`].
    pub const SCREENING_REVISED: &str = "screening.revised";
    /// [`super::EventBody::AttemptRecorded`].
    pub const ATTEMPT_RECORDED: &str = "attempt.recorded";
    /// [`super::EventBody::AlertAcknowledged`].
    pub const ALERT_ACKNOWLEDGED: &str = "alert.acknowledged";
    /// [`super::EventBody::AlertClosed`].
    pub const ALERT_CLOSED: &str = "alert.closed";
    /// [`super::EventBody::ReviewOpened`].
    pub const REVIEW_OPENED: &str = "review.opened";
    /// [`super::EventBody::ReviewResolved`].
    pub const REVIEW_RESOLVED: &str = "review.resolved";
    /// [`super::EventBody::ApplicationSubmitted`].
    pub const APPLICATION_SUBMITTED: &str = "citizenship.application_submitted";
    /// [`super::EventBody::ApplicationScreened`].
    pub const APPLICATION_SCREENED: &str = "citizenship.screened";
    /// [`super::EventBody::ApplicationDecided`].
    pub const APPLICATION_DECIDED: &str = "citizenship.decided";
    /// [`super::EventBody::StayOpened`].
    pub const STAY_OPENED: &str = "stay.opened";
    /// [`super::EventBody::StayClosed`].
    pub const STAY_CLOSED: &str = "stay.closed";
    /// [`super::EventBody::OverstayDetected`].
    pub const OVERSTAY_DETECTED: &str = "stay.overstay_detected";
    /// [`super::EventBody::RescreenHit`].
    pub const RESCREEN_HIT: &str = "rescreen.hit";
    /// [`super::EventBody::RescreenCompleted`].
    pub const RESCREEN_COMPLETED: &str = "rescreen.completed";
    /// [`super::EventBody::BanProposalOpened`].
    pub const BAN_PROPOSAL_OPENED: &str = "ban_proposal.opened";
    /// [`super::EventBody::BanProposalConfirmed`].
    pub const BAN_PROPOSAL_CONFIRMED: &str = "ban_proposal.confirmed";
    /// [`super::EventBody::BanProposalRejected`].
    pub const BAN_PROPOSAL_REJECTED: &str = "ban_proposal.rejected";
}

/// An event payload could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// Unknown kind.
    #[error("unknown event kind '{0}'")]
    UnknownKind(String),
    /// Payload is not valid for its kind.
    #[error("bad payload for {kind}: {source}")]
    Payload {
        /// The kind.
        kind: String,
        /// Why.
        source: serde_json::Error,
    },
}

impl EventBody {
    /// The stored kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::PersonRegistered(_) => kind::PERSON_REGISTERED,
            Self::BanImposed(_) => kind::BAN_IMPOSED,
            Self::BanLifted(_) => kind::BAN_LIFTED,
            Self::BanExpired(_) => kind::BAN_EXPIRED,
            Self::EntryListed(_) => kind::ENTRY_LISTED,
            Self::EntryChanged(_) => kind::ENTRY_CHANGED,
            Self::EntryDelisted(_) => kind::ENTRY_DELISTED,
            Self::SourceImported(_) => kind::SOURCE_IMPORTED,
            Self::UserCreated(_) => kind::USER_CREATED,
            Self::TokenCreated(_) => kind::TOKEN_CREATED,
            Self::TokenRevoked(_) => kind::TOKEN_REVOKED,
            Self::PersonalDataRead(_) => kind::PERSONAL_DATA_READ,
            Self::EmergencyDeclared(_) => kind::EMERGENCY_DECLARED,
            Self::EmergencyEnded(_) => kind::EMERGENCY_ENDED,
            Self::ScreeningRecorded(_) => kind::SCREENING_RECORDED,
            Self::ScreeningRevised(_) => kind::SCREENING_REVISED,
            Self::AttemptRecorded(_) => kind::ATTEMPT_RECORDED,
            Self::AlertAcknowledged(_) => kind::ALERT_ACKNOWLEDGED,
            Self::AlertClosed(_) => kind::ALERT_CLOSED,
            Self::ReviewOpened(_) => kind::REVIEW_OPENED,
            Self::ReviewResolved(_) => kind::REVIEW_RESOLVED,
            Self::ApplicationSubmitted(_) => kind::APPLICATION_SUBMITTED,
            Self::ApplicationScreened(_) => kind::APPLICATION_SCREENED,
            Self::ApplicationDecided(_) => kind::APPLICATION_DECIDED,
            Self::StayOpened(_) => kind::STAY_OPENED,
            Self::StayClosed(_) => kind::STAY_CLOSED,
            Self::OverstayDetected(_) => kind::OVERSTAY_DETECTED,
            Self::RescreenHit(_) => kind::RESCREEN_HIT,
            Self::RescreenCompleted(_) => kind::RESCREEN_COMPLETED,
            Self::BanProposalOpened(_) => kind::BAN_PROPOSAL_OPENED,
            Self::BanProposalConfirmed(_) => kind::BAN_PROPOSAL_CONFIRMED,
            Self::BanProposalRejected(_) => kind::BAN_PROPOSAL_REJECTED,
            Self::Labour(l) => l.kind(),
        }
    }

    /// The id of the thing the event is about.
    pub fn subject(&self) -> String {
        match self {
            Self::PersonRegistered(p) => p.id.to_string(),
            Self::BanImposed(b) => b.ban_id.to_string(),
            Self::BanLifted(b) => b.ban_id.to_string(),
            Self::BanExpired(b) => b.ban_id.to_string(),
            Self::EntryListed(e) | Self::EntryChanged(e) => e.entry_id.to_string(),
            Self::EntryDelisted(e) => e.entry_id.to_string(),
            Self::SourceImported(s) => s.source.clone(),
            Self::UserCreated(u) => u.user.clone(),
            Self::TokenCreated(t) => t.token_id.clone(),
            Self::TokenRevoked(t) => t.token_id.clone(),
            Self::PersonalDataRead(r) => r.subject.clone(),
            Self::EmergencyDeclared(d) => d.id.to_string(),
            Self::EmergencyEnded(e) => e.id.to_string(),
            Self::ScreeningRecorded(s) => s.screening_id.clone(),
            Self::ScreeningRevised(s) => s.screening_id.clone(),
            Self::AttemptRecorded(a) => a.alert_id.clone(),
            Self::AlertAcknowledged(a) => a.alert_id.clone(),
            Self::AlertClosed(a) => a.alert_id.clone(),
            Self::ReviewOpened(r) => r.review_id.clone(),
            Self::ReviewResolved(r) => r.review_id.clone(),
            Self::ApplicationSubmitted(x) => x.application_id.clone(),
            Self::ApplicationScreened(x) => x.application_id.clone(),
            Self::ApplicationDecided(x) => x.application_id.clone(),
            Self::StayOpened(x) => x.stay_id.clone(),
            Self::StayClosed(x) => x.stay_id.clone(),
            Self::OverstayDetected(x) => x.alert_id.clone(),
            Self::RescreenHit(x) => x.alert_id.clone(),
            Self::RescreenCompleted(x) => x.through_seq.to_string(),
            Self::BanProposalOpened(x) => x.proposal_id.clone(),
            Self::BanProposalConfirmed(x) => x.proposal_id.clone(),
            Self::BanProposalRejected(x) => x.proposal_id.clone(),
            Self::Labour(l) => l.subject(),
        }
    }

    /// The payload as canonical JSON.
    pub fn payload(&self) -> String {
        if let Self::EntryListed(e) | Self::EntryChanged(e) = self {
            return e.payload_with(&e.entry.canonical_json());
        }
        let value = match self {
            Self::PersonRegistered(p) => serde_json::to_value(p),
            Self::BanImposed(b) => serde_json::to_value(b),
            Self::BanLifted(b) => serde_json::to_value(b),
            Self::BanExpired(b) => serde_json::to_value(b),
            Self::EntryListed(e) | Self::EntryChanged(e) => serde_json::to_value(e),
            Self::EntryDelisted(e) => serde_json::to_value(e),
            Self::SourceImported(s) => serde_json::to_value(s),
            Self::UserCreated(u) => serde_json::to_value(u),
            Self::TokenCreated(t) => serde_json::to_value(t),
            Self::TokenRevoked(t) => serde_json::to_value(t),
            Self::PersonalDataRead(r) => serde_json::to_value(r),
            Self::EmergencyDeclared(d) => serde_json::to_value(d),
            Self::EmergencyEnded(e) => serde_json::to_value(e),
            Self::ScreeningRecorded(x) => serde_json::to_value(x),
            Self::ScreeningRevised(x) => serde_json::to_value(x),
            Self::AttemptRecorded(x) => serde_json::to_value(x),
            Self::AlertAcknowledged(x) => serde_json::to_value(x),
            Self::AlertClosed(x) => serde_json::to_value(x),
            Self::ReviewOpened(x) => serde_json::to_value(x),
            Self::ReviewResolved(x) => serde_json::to_value(x),
            Self::ApplicationSubmitted(x) => serde_json::to_value(x),
            Self::ApplicationScreened(x) => serde_json::to_value(x),
            Self::ApplicationDecided(x) => serde_json::to_value(x),
            Self::StayOpened(x) => serde_json::to_value(x),
            Self::StayClosed(x) => serde_json::to_value(x),
            Self::OverstayDetected(x) => serde_json::to_value(x),
            Self::RescreenHit(x) => serde_json::to_value(x),
            Self::RescreenCompleted(x) => serde_json::to_value(x),
            Self::BanProposalOpened(x) => serde_json::to_value(x),
            Self::BanProposalConfirmed(x) => serde_json::to_value(x),
            Self::BanProposalRejected(x) => serde_json::to_value(x),
            Self::Labour(l) => l.to_value(),
        };
        // Serialising our own types to a Value cannot fail (no non-string keys).
        canonical_json(&value.unwrap_or(Value::Null))
    }

    /// Decode a stored event.
    pub fn decode(kind: &str, payload: &str) -> Result<Self, DecodeError> {
        fn de<T: for<'a> Deserialize<'a>>(kind: &str, p: &str) -> Result<T, DecodeError> {
            serde_json::from_str(p).map_err(|source| DecodeError::Payload {
                kind: kind.to_string(),
                source,
            })
        }
        Ok(match kind {
            kind::PERSON_REGISTERED => Self::PersonRegistered(de(kind, payload)?),
            kind::BAN_IMPOSED => Self::BanImposed(de(kind, payload)?),
            kind::BAN_LIFTED => Self::BanLifted(de(kind, payload)?),
            kind::BAN_EXPIRED => Self::BanExpired(de(kind, payload)?),
            kind::ENTRY_LISTED => Self::EntryListed(de(kind, payload)?),
            kind::ENTRY_CHANGED => Self::EntryChanged(de(kind, payload)?),
            kind::ENTRY_DELISTED => Self::EntryDelisted(de(kind, payload)?),
            kind::SOURCE_IMPORTED => Self::SourceImported(de(kind, payload)?),
            kind::USER_CREATED => Self::UserCreated(de(kind, payload)?),
            kind::TOKEN_CREATED => Self::TokenCreated(de(kind, payload)?),
            kind::TOKEN_REVOKED => Self::TokenRevoked(de(kind, payload)?),
            kind::PERSONAL_DATA_READ => Self::PersonalDataRead(de(kind, payload)?),
            kind::EMERGENCY_DECLARED => Self::EmergencyDeclared(de(kind, payload)?),
            kind::EMERGENCY_ENDED => Self::EmergencyEnded(de(kind, payload)?),
            kind::SCREENING_RECORDED => Self::ScreeningRecorded(de(kind, payload)?),
            kind::SCREENING_REVISED => Self::ScreeningRevised(de(kind, payload)?),
            kind::ATTEMPT_RECORDED => Self::AttemptRecorded(de(kind, payload)?),
            kind::ALERT_ACKNOWLEDGED => Self::AlertAcknowledged(de(kind, payload)?),
            kind::ALERT_CLOSED => Self::AlertClosed(de(kind, payload)?),
            kind::REVIEW_OPENED => Self::ReviewOpened(de(kind, payload)?),
            kind::REVIEW_RESOLVED => Self::ReviewResolved(de(kind, payload)?),
            kind::APPLICATION_SUBMITTED => Self::ApplicationSubmitted(de(kind, payload)?),
            kind::APPLICATION_SCREENED => Self::ApplicationScreened(de(kind, payload)?),
            kind::APPLICATION_DECIDED => Self::ApplicationDecided(de(kind, payload)?),
            kind::STAY_OPENED => Self::StayOpened(de(kind, payload)?),
            kind::STAY_CLOSED => Self::StayClosed(de(kind, payload)?),
            kind::OVERSTAY_DETECTED => Self::OverstayDetected(de(kind, payload)?),
            kind::RESCREEN_HIT => Self::RescreenHit(de(kind, payload)?),
            kind::RESCREEN_COMPLETED => Self::RescreenCompleted(de(kind, payload)?),
            kind::BAN_PROPOSAL_OPENED => Self::BanProposalOpened(de(kind, payload)?),
            kind::BAN_PROPOSAL_CONFIRMED => Self::BanProposalConfirmed(de(kind, payload)?),
            kind::BAN_PROPOSAL_REJECTED => Self::BanProposalRejected(de(kind, payload)?),
            other => match crate::labour::LabourEvent::decode(other, payload) {
                Some(l) => Self::Labour(l.map_err(|source| DecodeError::Payload {
                    kind: kind.to_string(),
                    source,
                })?),
                None => return Err(DecodeError::UnknownKind(other.to_string())),
            },
        })
    }
}

/// Payload of `user.created`: an API user and their role. Roles are
/// plain codes here; what each may do is the API's permission matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserCreated {
    /// The user name (also the actor of what the user does).
    pub user: String,
    /// Role code (`border_officer`, `auditor`, …).
    pub role: String,
}

/// Payload of `token.created`. The token itself and its hash are never
/// in the log; the log says who got a token for which role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenCreated {
    /// The token's id (not the secret).
    pub token_id: String,
    /// Whose token.
    pub user: String,
    /// Role code the token carries.
    pub role: String,
    /// A label for the token (`lane-3 terminal`).
    pub name: String,
}

/// Payload of `token.revoked`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRevoked {
    /// The revoked token's id.
    pub token_id: String,
}

/// Payload of `audit.read`: a read of personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalDataRead {
    /// What was read (`person`, `ban`, `ban_history`, `bans`, `entry`).
    pub what: String,
    /// Which record, or the query for a search.
    pub subject: String,
}

/// Canonical JSON: object keys sorted by their UTF-8 bytes, no whitespace,
/// serde_json's string escaping and number formatting. Independent of
/// whether serde_json's `preserve_order` feature is on.
pub fn canonical_json(v: &Value) -> String {
    let mut out = Vec::with_capacity(1024);
    write_canonical(v, &mut out);
    // serde_json writes UTF-8 only; the fallback cannot be reached.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// One JSON scalar or string, written by serde_json's compact serializer
/// straight into the buffer (the same bytes as `Value`'s `Display`).
fn write_scalar<T: Serialize + ?Sized>(v: &T, out: &mut Vec<u8>) {
    // Writing a string or scalar into a `Vec` cannot fail.
    let _ = serde_json::to_writer(&mut *out, v);
}

fn write_canonical(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_unstable();
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_scalar(k.as_str(), out);
                out.push(b':');
                if let Some(v) = map.get(k) {
                    write_canonical(v, out);
                }
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        scalar => write_scalar(scalar, out),
    }
}

/// Who did something: a user name, a service name or `system`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor(String);

impl Actor {
    /// Parse an actor name: 1..=128 printable characters.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let t = s.trim();
        if t.is_empty() || t.chars().count() > 128 || t.chars().any(char::is_control) {
            return Err(ValidationError::new(
                "actor",
                "must be 1 to 128 printable characters",
            ));
        }
        Ok(Self(t.to_string()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An event as stored in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedEvent {
    /// Gap-free sequence number, from 1.
    pub seq: u64,
    /// When it was recorded, RFC 3339 UTC.
    pub recorded_at: String,
    /// Who.
    pub actor: String,
    /// What kind.
    pub kind: String,
    /// About what.
    pub subject: String,
    /// Canonical JSON payload, exactly as hashed.
    pub payload: String,
    /// Hash of the previous event ([`Hash::GENESIS`] for seq 1), hex.
    pub prev_hash: String,
    /// This event's hash, hex.
    pub hash: String,
}

/// `SHA-256(prev_hash ‖ canonical event bytes)`. The canonical bytes are
/// the seq as 8 big-endian bytes followed by each text column prefixed with
/// its length as 4 big-endian bytes, so no two different events share bytes.
pub fn chain_hash(
    prev: &Hash,
    seq: u64,
    recorded_at: &str,
    actor: &str,
    kind: &str,
    subject: &str,
    payload: &str,
) -> Hash {
    let mut h = Sha256::new();
    h.update(prev.0);
    h.update(seq.to_be_bytes());
    for part in [recorded_at, actor, kind, subject, payload] {
        let len = u32::try_from(part.len()).unwrap_or(u32::MAX);
        h.update(len.to_be_bytes());
        h.update(part.as_bytes());
    }
    Hash(h.finalize().into())
}

impl RecordedEvent {
    /// Seal a new event after `prev` (seq `prev_seq + 1`).
    pub fn seal(
        prev_seq: u64,
        prev_hash: &Hash,
        recorded_at: String,
        actor: &Actor,
        body: &EventBody,
    ) -> Self {
        Self::seal_rendered(
            prev_seq,
            prev_hash,
            recorded_at,
            actor,
            body,
            body.payload(),
        )
    }

    /// Seal with a payload the caller already rendered; it must equal
    /// `body.payload()` (see [`crate::watchlist::EntryListed::payload_with`]).
    pub fn seal_rendered(
        prev_seq: u64,
        prev_hash: &Hash,
        recorded_at: String,
        actor: &Actor,
        body: &EventBody,
        payload: String,
    ) -> Self {
        Self::seal_parts(
            prev_seq,
            prev_hash,
            recorded_at,
            actor,
            body.kind(),
            body.subject(),
            payload,
        )
    }

    /// Seal from the parts [`Self::seal`] derives from a body: its kind,
    /// subject and rendered payload (lets a bulk import seal an entry event
    /// without building the body; see
    /// [`crate::watchlist::EntryListed::payload_of`]).
    pub fn seal_parts(
        prev_seq: u64,
        prev_hash: &Hash,
        recorded_at: String,
        actor: &Actor,
        kind: &str,
        subject: String,
        payload: String,
    ) -> Self {
        let seq = prev_seq + 1;
        let kind = kind.to_string();
        let hash = chain_hash(
            prev_hash,
            seq,
            &recorded_at,
            actor.as_str(),
            &kind,
            &subject,
            &payload,
        );
        Self {
            seq,
            recorded_at,
            actor: actor.as_str().to_string(),
            kind,
            subject,
            payload,
            prev_hash: prev_hash.to_hex(),
            hash: hash.to_hex(),
        }
    }

    /// Recompute this event's hash from its columns and a given predecessor hash.
    pub fn computed_hash(&self, prev: &Hash) -> Hash {
        chain_hash(
            prev,
            self.seq,
            &self.recorded_at,
            &self.actor,
            &self.kind,
            &self.subject,
            &self.payload,
        )
    }
}

/// Why verification stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainFault {
    /// A seq is missing (deleted) or out of order.
    Gap {
        /// The seq that should have come next.
        expected: u64,
        /// The seq found instead.
        found: u64,
    },
    /// `prev_hash` does not equal the previous event's hash.
    PrevHashMismatch,
    /// The stored hash does not match the event's content.
    HashMismatch,
    /// The log ends before the recorded head (events deleted at the end).
    Truncated {
        /// Head seq recorded by the store.
        head_seq: u64,
    },
    /// The recorded head hash differs from the last event's hash.
    HeadMismatch,
}

/// The first bad link found by [`ChainVerifier`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("hash chain broken at seq {seq}: {fault}")]
pub struct ChainBreak {
    /// The first seq that does not verify.
    pub seq: u64,
    /// What is wrong there.
    pub fault: ChainFault,
}

impl fmt::Display for ChainFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Gap { expected, found } => {
                write!(
                    f,
                    "expected seq {expected} next, found {found} (event missing or reordered)"
                )
            }
            Self::PrevHashMismatch => f.write_str("prev_hash does not match the previous event"),
            Self::HashMismatch => f.write_str("stored hash does not match the event's content"),
            Self::Truncated { head_seq } => {
                write!(
                    f,
                    "log ends before the recorded head seq {head_seq} (events deleted)"
                )
            }
            Self::HeadMismatch => f.write_str("recorded head hash differs from the last event"),
        }
    }
}

/// Walks events in stored order and finds the first broken link.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    last_seq: u64,
    last_hash: Hash,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            last_seq: 0,
            last_hash: Hash::GENESIS,
        }
    }
}

impl ChainVerifier {
    /// Check the next event, in the order the store returns them (by seq).
    pub fn push(&mut self, e: &RecordedEvent) -> Result<(), ChainBreak> {
        let expected = self.last_seq + 1;
        if e.seq != expected {
            return Err(ChainBreak {
                seq: expected.min(e.seq),
                fault: ChainFault::Gap {
                    expected,
                    found: e.seq,
                },
            });
        }
        let bad = |fault| ChainBreak { seq: e.seq, fault };
        if Hash::from_hex(&e.prev_hash) != Some(self.last_hash) {
            return Err(bad(ChainFault::PrevHashMismatch));
        }
        let computed = e.computed_hash(&self.last_hash);
        if Hash::from_hex(&e.hash) != Some(computed) {
            return Err(bad(ChainFault::HashMismatch));
        }
        self.last_seq = e.seq;
        self.last_hash = computed;
        Ok(())
    }

    /// Finish against the head the store recorded.
    pub fn finish(&self, head_seq: u64, head_hash: &str) -> Result<(u64, Hash), ChainBreak> {
        if head_seq > self.last_seq {
            return Err(ChainBreak {
                seq: self.last_seq + 1,
                fault: ChainFault::Truncated { head_seq },
            });
        }
        if head_seq < self.last_seq || Hash::from_hex(head_hash) != Some(self.last_hash) {
            return Err(ChainBreak {
                seq: self.last_seq,
                fault: ChainFault::HeadMismatch,
            });
        }
        Ok((self.last_seq, self.last_hash))
    }

    /// Events verified so far.
    pub fn verified(&self) -> u64 {
        self.last_seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BanId, NewBanInput, PersonInput, WatchlistSource};

    fn chain(n: u64) -> Vec<RecordedEvent> {
        let actor = Actor::parse("tester").expect("actor");
        let mut prev = Hash::GENESIS;
        let mut out = Vec::new();
        for i in 0..n {
            let person = PersonInput {
                id: format!("P-{i}"),
                names: vec![crate::NameInput::Full(format!("Иванов Юрий {i}"))],
                ..Default::default()
            }
            .validate()
            .expect("valid");
            let e = RecordedEvent::seal(
                i,
                &prev,
                format!("2026-01-01T00:00:0{}Z", i % 10),
                &actor,
                &EventBody::PersonRegistered(person),
            );
            prev = Hash::from_hex(&e.hash).expect("hex");
            out.push(e);
        }
        out
    }

    fn verify(events: &[RecordedEvent], head: (u64, &str)) -> Result<(u64, Hash), ChainBreak> {
        let mut v = ChainVerifier::default();
        for e in events {
            v.push(e)?;
        }
        v.finish(head.0, head.1)
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        let head = c.last().map(|e| e.hash.clone()).expect("non-empty");
        assert_eq!(verify(&c, (5, &head)).map(|r| r.0), Ok(5));
    }

    #[test]
    fn every_byte_flip_is_caught_at_its_seq() {
        let c = chain(4);
        let head = c[3].hash.clone();
        for target in 0..4 {
            for field in 0..5 {
                let mut t = c.clone();
                let s = match field {
                    0 => &mut t[target].recorded_at,
                    1 => &mut t[target].actor,
                    2 => &mut t[target].kind,
                    3 => &mut t[target].subject,
                    _ => &mut t[target].payload,
                };
                let mut bytes = s.clone().into_bytes();
                bytes[0] ^= 0x01;
                *s = String::from_utf8_lossy(&bytes).into_owned();
                let e = verify(&t, (4, &head)).expect_err("tampered");
                assert_eq!(e.seq, target as u64 + 1, "field {field}: {e}");
            }
        }
    }

    #[test]
    fn deletion_and_reordering_are_caught() {
        let c = chain(5);
        let head = c[4].hash.clone();
        let mut deleted = c.clone();
        deleted.remove(2);
        assert_eq!(verify(&deleted, (5, &head)).map_err(|e| e.seq), Err(3));
        let mut last_deleted = c.clone();
        last_deleted.pop();
        assert_eq!(verify(&last_deleted, (5, &head)).map_err(|e| e.seq), Err(5));
        // Swap the contents of seq 2 and 3 but keep the seq numbers in order.
        let mut swapped = c.clone();
        let (a, b) = (swapped[1].clone(), swapped[2].clone());
        swapped[1] = RecordedEvent { seq: 2, ..b };
        swapped[2] = RecordedEvent { seq: 3, ..a };
        assert_eq!(verify(&swapped, (5, &head)).map_err(|e| e.seq), Err(2));
    }

    #[test]
    fn canonical_json_sorts_keys() {
        let v: Value =
            serde_json::from_str(r#"{"b": [1, {"z": 1, "a": "ä"}], "a": null}"#).expect("json");
        assert_eq!(canonical_json(&v), r#"{"a":null,"b":[1,{"a":"ä","z":1}]}"#);
    }

    #[test]
    fn bodies_round_trip() {
        let ban = NewBanInput {
            person_id: "W-1".into(),
            ground: "extremism".into(),
            authority: "MVD".into(),
            basis_kind: "court_decision".into(),
            basis_reference: "No. 5".into(),
            imposed_at: "2025-05-05".into(),
            until: None,
        }
        .validate(
            BanId::parse("B-1").expect("id"),
            WatchlistSource::NationalRegister,
        )
        .expect("valid");
        let body = EventBody::BanImposed(ban);
        let decoded = EventBody::decode(body.kind(), &body.payload()).expect("decodes");
        assert_eq!(decoded, body);
        assert!(EventBody::decode("nope", "{}").is_err());
        assert!(EventBody::decode(kind::BAN_IMPOSED, "{}").is_err());
    }

    #[test]
    fn emergency_bodies_round_trip() {
        let decl = crate::EmergencyInput {
            authority: "Government".into(),
            legal_act: "Decree No. 1".into(),
            from: "2026-03-01".into(),
            regions: vec!["Almaty Region".into()],
            ..Default::default()
        }
        .validate(crate::EmergencyId::parse("EM-1").expect("id"))
        .expect("valid");
        let ended = decl
            .end(
                "resolved",
                crate::parse_date("on", "2026-04-01").expect("date"),
            )
            .expect("end");
        for (body, k) in [
            (EventBody::EmergencyDeclared(decl), kind::EMERGENCY_DECLARED),
            (EventBody::EmergencyEnded(ended), kind::EMERGENCY_ENDED),
        ] {
            assert_eq!(body.kind(), k);
            assert_eq!(body.subject(), "EM-1");
            let decoded = EventBody::decode(body.kind(), &body.payload()).expect("decodes");
            assert_eq!(decoded, body);
        }
        assert!(EventBody::decode(kind::EMERGENCY_ENDED, r#"{"id":"EM-1"}"#).is_err());
    }

    #[test]
    fn screening_alert_and_review_events_round_trip() {
        use crate::screening::*;
        let traveller = TravellerData {
            names: vec!["IURII IVANOV".into()],
            birth_date: Some("1975-03-12".into()),
            document: Some(PresentedDocument {
                number: "N1".into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let crossing = Crossing {
            crossing_point: Some("KZ-ALA-1".into()),
            direction: "entry".into(),
            purpose: "border".into(),
            ..Default::default()
        };
        let bodies = [
            EventBody::ScreeningRecorded(ScreeningRecorded {
                screening_id: "S-1".into(),
                traveller: traveller.clone(),
                traveller_fingerprint: "ab".into(),
                crossing: crossing.clone(),
                decision: "DENY".into(),
                matched_entries: vec!["registry:P-1".into()],
                index_seq: 9,
            }),
            EventBody::AttemptRecorded(AttemptRecorded {
                alert_id: "AL-1".into(),
                screening_id: "S-1".into(),
                entry_id: "registry:P-1".into(),
                ban_ids: vec!["B-1".into()],
                ground: Some("terrorism".into()),
                traveller: traveller.clone(),
                crossing: crossing.clone(),
                screened_by: "officer".into(),
                review_id: None,
            }),
            EventBody::AlertAcknowledged(AlertAcknowledged {
                alert_id: "AL-1".into(),
                note: None,
            }),
            EventBody::AlertClosed(AlertClosed {
                alert_id: "AL-1".into(),
                note: "detained".into(),
            }),
            EventBody::ReviewOpened(Box::new(ReviewOpened {
                review_id: "R-1".into(),
                screening_id: "S-1".into(),
                entry_id: "registry:P-1".into(),
                entry_version: "v".into(),
                traveller_fingerprint: "ab".into(),
                traveller,
                crossing,
                score_milli: 812,
                band: "possible".into(),
                evidence: vec!["name".into()],
                bars_entry: true,
                ground: None,
                screened_by: "officer".into(),
            })),
            EventBody::ReviewResolved(ReviewResolved {
                review_id: "R-1".into(),
                outcome: "same_person".into(),
                note: "photo".into(),
            }),
            EventBody::ScreeningRevised(ScreeningRevised {
                screening_id: "S-1".into(),
                decision: "DENY".into(),
                review_id: "R-1".into(),
            }),
        ];
        for body in bodies {
            let decoded = EventBody::decode(body.kind(), &body.payload()).expect("decodes");
            assert_eq!(decoded, body);
            assert!(!body.subject().is_empty());
        }
    }
}
