//! Invalidated documents: passports and ID cards reported lost, stolen,
//! revoked or stolen blank (INTERPOL SLTD-like registers). A document found
//! here must not be accepted, whatever its expiry date.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{
    CountryCode, DocumentKind, DocumentNumber, ValidationError,
    ban::required_text,
    date::{iso_date, parse_date},
};

/// Why a document is in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidationStatus {
    /// Reported lost by its holder.
    Lost,
    /// Reported stolen.
    Stolen,
    /// Revoked by the issuing authority.
    Revoked,
    /// A blank (never personalised) document, stolen or missing.
    Blank,
    /// Invalidated for another or unstated reason.
    Invalidated,
}

impl InvalidationStatus {
    /// Every status, in code order.
    pub const ALL: [InvalidationStatus; 5] = [
        Self::Lost,
        Self::Stolen,
        Self::Revoked,
        Self::Blank,
        Self::Invalidated,
    ];

    /// `lost`, `stolen`, `revoked`, `blank` or `invalidated`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Lost => "lost",
            Self::Stolen => "stolen",
            Self::Revoked => "revoked",
            Self::Blank => "blank",
            Self::Invalidated => "invalidated",
        }
    }

    /// Parse a status code (case-insensitive).
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let t = s.trim();
        Self::ALL
            .into_iter()
            .find(|st| st.code().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                ValidationError::new(
                    "status",
                    format!("'{s}' is not a status; expected lost, stolen, revoked, blank or invalidated"),
                )
            })
    }
}

impl fmt::Display for InvalidationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One record of an invalidated-documents register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvalidatedDocument {
    /// The normalised document number.
    pub number: DocumentNumber,
    /// The issuing state.
    pub issuing_state: CountryCode,
    /// The document kind, when the register says.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DocumentKind>,
    /// Lost, stolen, revoked, blank or invalidated.
    pub status: InvalidationStatus,
    /// The day it was reported.
    #[serde(with = "iso_date")]
    pub reported_at: Date,
    /// Who reported it (`interpol_sltd`, `kz_mvd`, …).
    pub source: String,
}

/// A register record as files give it (plain strings).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InvalidatedDocumentInput {
    /// Document number, in any usual spelling (`N 123-4567`).
    pub number: String,
    /// Issuing state code (`KAZ`, `D<<`).
    pub issuing_state: String,
    /// Document type (MRZ code or kind name); empty or `None` = unknown.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// Status code.
    pub status: String,
    /// `YYYY-MM-DD`, or an RFC 3339 timestamp whose date is taken.
    pub reported_at: String,
    /// Reporting source.
    pub source: String,
}

impl InvalidatedDocumentInput {
    /// Validate every field; errors name the field (`number`, `issuing_state`,
    /// `type`, `status`, `reported_at`, `source`).
    pub fn validate(&self) -> Result<InvalidatedDocument, ValidationError> {
        let number = DocumentNumber::parse(&self.number).map_err(|e| e.in_field("number"))?;
        let issuing_state =
            CountryCode::parse(&self.issuing_state).map_err(|e| e.in_field("issuing_state"))?;
        let kind = match self.kind.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(k) => Some(DocumentKind::parse(k).map_err(|e| e.in_field("type"))?),
        };
        let status = InvalidationStatus::parse(&self.status)?;
        let r = self.reported_at.trim();
        // A timestamp's date part: `2026-01-02T10:00:00Z` → `2026-01-02`.
        let day = match r.as_bytes().get(10) {
            Some(b'T' | b't' | b' ') => r.get(..10).unwrap_or(r),
            _ => r,
        };
        let reported_at = parse_date("reported_at", day)?;
        let source = required_text("source", &self.source, 200)?;
        Ok(InvalidatedDocument {
            number,
            issuing_state,
            kind,
            status,
            reported_at,
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> InvalidatedDocumentInput {
        InvalidatedDocumentInput {
            number: "n 123-4567".into(),
            issuing_state: "kaz".into(),
            kind: Some("P".into()),
            status: "Stolen".into(),
            reported_at: "2026-01-02T10:00:00Z".into(),
            source: "  interpol   sltd ".into(),
        }
    }

    #[test]
    fn normalises() {
        let d = input().validate().expect("valid");
        assert_eq!(d.number.as_str(), "N1234567");
        assert_eq!(d.issuing_state, CountryCode::KAZ);
        assert_eq!(d.kind, Some(DocumentKind::Passport));
        assert_eq!(d.status, InvalidationStatus::Stolen);
        assert_eq!(crate::format_date(d.reported_at), "2026-01-02");
        assert_eq!(d.source, "interpol sltd");
        let json = serde_json::to_string(&d).expect("json");
        assert!(json.contains(r#""type":"passport""#), "{json}");
        let back: InvalidatedDocument = serde_json::from_str(&json).expect("back");
        assert_eq!(back, d);
    }

    #[test]
    fn errors_name_fields() {
        type Case = (&'static str, fn(&mut InvalidatedDocumentInput));
        let cases: [Case; 7] = [
            ("number", |i| i.number = "N°1".into()),
            ("number", |i| i.number = " ".into()),
            ("issuing_state", |i| i.issuing_state = "QQQ".into()),
            ("type", |i| i.kind = Some("library card".into())),
            ("status", |i| i.status = "misplaced".into()),
            ("reported_at", |i| i.reported_at = "2026-02-30".into()),
            ("source", |i| i.source = String::new()),
        ];
        for (field, f) in cases {
            let mut i = input();
            f(&mut i);
            let e = i.validate().expect_err(field);
            assert_eq!(e.field, field, "{e}");
        }
    }

    #[test]
    fn status_codes_round_trip() {
        for s in InvalidationStatus::ALL {
            assert_eq!(InvalidationStatus::parse(s.code()), Ok(s));
        }
    }
}
