//! Berkut's domain model: persons with names in any script, partial dates,
//! nationalities and documents; entry bans with their legal grounds and
//! status machine; watchlist sources; emergency declarations and the
//! document-validity rule; invalidated (lost, stolen, revoked) documents;
//! events and the hash chain.
//!
//! Pure: no I/O, no async, no clock. Values are parsed once into validated
//! newtypes ("parse, don't validate"); every validation error names the
//! input field that is wrong.

mod ban;
mod country;
mod date;
mod emergency;
mod error;
pub mod event;
mod ground;
mod invalidated;
pub mod labour;
pub mod people;
mod person;
pub mod screening;
pub mod watchlist;

pub use ban::{
    BanChange, BanExpired, BanId, BanImposed, BanLifted, BanStatus, Basis, BasisKind, EntryBan,
    NewBanInput, Term, WatchlistSource,
};
pub use country::CountryCode;
pub use date::{PartialDate, format_date, iso_date, parse_date};
pub use emergency::{
    DocumentValidity, EmergencyDeclaration, EmergencyEnded, EmergencyId, EmergencyInput,
    EmergencyStatus, HolderScope, Period, document_validity,
};
pub use error::{RuleError, ValidationError};
pub use event::{Actor, ChainBreak, ChainFault, ChainVerifier, EventBody, Hash, RecordedEvent};
pub use ground::LegalGround;
pub use invalidated::{InvalidatedDocument, InvalidatedDocumentInput, InvalidationStatus};
pub use person::{
    DocumentInput, DocumentKind, DocumentNumber, IdentityDocument, NameInput, NameKind, Person,
    PersonId, PersonInput, PersonName, Script, Sex,
};
