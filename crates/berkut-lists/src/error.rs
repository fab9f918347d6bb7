//! Parse errors that say where in the file the problem is.

use std::fmt;

/// Where a problem was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// 1-based line number (CSV, JSON lines).
    Line(u64),
    /// 1-based CSV row number (the header, if any, is row 1). Equal to the
    /// line number unless a quoted field spans lines.
    Row(u64),
    /// Byte offset from the start of the input (XML).
    Byte(u64),
    /// Position unknown (e.g. an I/O error before any byte was read).
    Unknown,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Line(l) => write!(f, "line {l}"),
            Self::Row(r) => write!(f, "row {r}"),
            Self::Byte(b) => write!(f, "byte {b}"),
            Self::Unknown => f.write_str("unknown position"),
        }
    }
}

/// A record (or the whole input) could not be parsed.
///
/// Displayed as `line 7: record W-1: birth_dates[1]: '1990-02-30' does not exist …`;
/// every part but the position and message is optional.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    /// Where.
    pub position: Position,
    /// The record's own id, when it could be read.
    pub record: Option<String>,
    /// The input field that is wrong, when known.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl ParseError {
    /// A new error at `position`.
    pub fn new(position: Position, message: impl Into<String>) -> Self {
        Self {
            position,
            record: None,
            field: None,
            message: message.into(),
        }
    }

    /// The same error, naming the record.
    #[must_use]
    pub fn in_record(mut self, id: impl Into<String>) -> Self {
        self.record = Some(id.into());
        self
    }

    /// The same error, naming the field.
    #[must_use]
    pub fn in_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.position)?;
        if let Some(r) = &self.record {
            write!(f, ": record {r}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_all_parts() {
        let e = ParseError::new(Position::Line(7), "'1990-02-30' does not exist")
            .in_field("birth_dates[1]");
        assert_eq!(
            e.to_string(),
            "line 7: birth_dates[1]: '1990-02-30' does not exist"
        );
        let e = ParseError::new(Position::Byte(12), "truncated").in_record("6907993");
        assert_eq!(e.to_string(), "byte 12: record 6907993: truncated");
    }
}
