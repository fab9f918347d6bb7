//! Invalidated-documents registers (lost, stolen, revoked, blank; INTERPOL
//! SLTD-like), as JSONL or CSV with the fields `number, issuing_state, type,
//! status, reported_at, source`.
//!
//! JSONL: one object a line; every field a string (`type` may be absent or
//! null). Unknown fields are ignored.
//!
//! CSV: a header row naming the columns (any order; `type` optional, unknown
//! columns ignored).
//!
//! Every record is validated by berkut-domain's
//! [`InvalidatedDocumentInput::validate`]: the number is normalised through
//! `DocumentNumber`, the state through `CountryCode`. Errors carry the line
//! and the field.

use std::io::BufRead;

use berkut_domain::{InvalidatedDocument, InvalidatedDocumentInput, ValidationError};
use serde_json::Value;

use crate::{ParseError, Position, ftm::read_line};

/// Longest JSONL line accepted; a register record is a few hundred bytes.
const MAX_LINE: usize = 64 * 1024;

/// The column and field names, in canonical order.
const FIELDS: [&str; 6] = [
    "number",
    "issuing_state",
    "type",
    "status",
    "reported_at",
    "source",
];

fn validation(pos: Position, number: &str, e: ValidationError) -> ParseError {
    let err = ParseError::new(pos, e.message).in_field(e.field);
    let n = number.trim();
    if n.is_empty() || n.len() > 64 {
        err
    } else {
        err.in_record(n)
    }
}

fn validate(
    input: &InvalidatedDocumentInput,
    pos: Position,
) -> Result<InvalidatedDocument, ParseError> {
    input
        .validate()
        .map_err(|e| validation(pos, &input.number, e))
}

/// Streams records from register JSONL.
pub struct InvalidatedJsonlReader<R: BufRead> {
    input: R,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> InvalidatedJsonlReader<R> {
    /// A reader over register JSONL.
    pub fn new(input: R) -> Self {
        Self {
            input,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

/// Take a JSON object's fields as strings, naming the field that is not one.
fn from_object(v: Value, pos: Position) -> Result<InvalidatedDocumentInput, ParseError> {
    let Value::Object(mut map) = v else {
        return Err(ParseError::new(pos, "a record must be a JSON object"));
    };
    let mut take = |field: &str, required: bool| -> Result<Option<String>, ParseError> {
        match map.remove(field) {
            Some(Value::String(s)) => Ok(Some(s)),
            None | Some(Value::Null) if !required => Ok(None),
            None | Some(Value::Null) => Err(ParseError::new(pos, "is required").in_field(field)),
            Some(other) => Err(ParseError::new(
                pos,
                format!("must be a string, found {}", json_type(&other)),
            )
            .in_field(field)),
        }
    };
    let [number, issuing_state, kind, status, reported_at, source] = FIELDS;
    Ok(InvalidatedDocumentInput {
        number: take(number, true)?.unwrap_or_default(),
        issuing_state: take(issuing_state, true)?.unwrap_or_default(),
        kind: take(kind, false)?,
        status: take(status, true)?.unwrap_or_default(),
        reported_at: take(reported_at, true)?.unwrap_or_default(),
        source: take(source, true)?.unwrap_or_default(),
    })
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<R: BufRead> Iterator for InvalidatedJsonlReader<R> {
    type Item = Result<InvalidatedDocument, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            self.line += 1;
            let pos = Position::Line(self.line);
            match read_line(&mut self.input, &mut self.buf, MAX_LINE) {
                Err(e) => {
                    self.done = true;
                    return Some(Err(ParseError::new(pos, format!("read error: {e}"))));
                }
                Ok(None) => return None,
                Ok(Some(false)) => return Some(Err(ParseError::new(pos, "line too long"))),
                Ok(Some(true)) => {}
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let value: Value = match serde_json::from_slice(&self.buf) {
                Ok(v) => v,
                Err(e) => {
                    return Some(Err(ParseError::new(pos, format!("invalid JSON: {e}"))));
                }
            };
            return Some(from_object(value, pos).and_then(|input| validate(&input, pos)));
        }
    }
}

/// Column indices of the CSV header, in [`FIELDS`] order.
type Columns = [Option<usize>; 6];

/// Streams records from register CSV.
pub struct InvalidatedCsvReader<R: BufRead> {
    rows: csv::StringRecordsIntoIter<R>,
    cols: Result<Columns, ParseError>,
    done: bool,
}

fn header(h: &csv::StringRecord) -> Result<Columns, ParseError> {
    let mut cols: Columns = [None; 6];
    for (i, name) in h.iter().enumerate() {
        let name = name
            .trim()
            .trim_start_matches('\u{feff}')
            .to_ascii_lowercase();
        if let Some(slot) = FIELDS.iter().position(|f| *f == name) {
            cols[slot] = Some(i);
        }
    }
    let missing: Vec<&str> = FIELDS
        .iter()
        .zip(cols)
        .filter(|(f, c)| c.is_none() && **f != "type")
        .map(|(f, _)| *f)
        .collect();
    if missing.is_empty() {
        Ok(cols)
    } else {
        Err(ParseError::new(
            Position::Line(1),
            format!("header lacks the column(s) {}", missing.join(", ")),
        ))
    }
}

impl<R: BufRead> InvalidatedCsvReader<R> {
    /// A reader over register CSV; the header is read at once.
    pub fn new(input: R) -> Self {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(input);
        let cols = match rdr.headers() {
            Err(e) => Err(ParseError::new(
                Position::Line(1),
                format!("bad header: {e}"),
            )),
            Ok(h) => header(h),
        };
        Self {
            rows: rdr.into_records(),
            cols,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for InvalidatedCsvReader<R> {
    type Item = Result<InvalidatedDocument, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let cols = match &self.cols {
            Ok(c) => *c,
            Err(e) => {
                self.done = true;
                return Some(Err(e.clone()));
            }
        };
        let rec = match self.rows.next()? {
            Ok(r) => r,
            Err(e) => {
                let pos = e
                    .position()
                    .map_or(Position::Unknown, |p| Position::Line(p.line()));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    self.done = true;
                }
                return Some(Err(ParseError::new(pos, format!("malformed CSV: {e}"))));
            }
        };
        let pos = rec
            .position()
            .map_or(Position::Unknown, |p| Position::Line(p.line()));
        let get = |slot: usize| {
            cols[slot]
                .and_then(|i| rec.get(i))
                .unwrap_or("")
                .to_string()
        };
        let kind = get(2);
        let input = InvalidatedDocumentInput {
            number: get(0),
            issuing_state: get(1),
            kind: (!kind.is_empty()).then_some(kind),
            status: get(3),
            reported_at: get(4),
            source: get(5),
        };
        Some(validate(&input, pos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use berkut_domain::{CountryCode, DocumentKind, InvalidationStatus};

    fn errors<T>(items: Vec<Result<T, ParseError>>) -> Vec<String> {
        items
            .into_iter()
            .filter_map(|r| r.err())
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn jsonl_records_and_errors() {
        let text = concat!(
            r#"{"number": "n 123-4567", "issuing_state": "KAZ", "type": "P", "status": "stolen", "reported_at": "2026-01-02", "source": "interpol_sltd"}"#,
            "\n\n",
            r#"{"number": "AB12", "issuing_state": "D<<", "type": null, "status": "LOST", "reported_at": "2025-12-31T23:00:00Z", "source": "kz_mvd", "extra": 1}"#,
            "\n",
            r#"{"number": 1234, "issuing_state": "KAZ", "status": "lost", "reported_at": "2026-01-02", "source": "x"}"#,
            "\n",
            r#"{"number": "X1", "issuing_state": "KAZ", "status": "misplaced", "reported_at": "2026-01-02", "source": "x"}"#,
            "\n",
            r#"{"number": "X2", "issuing_state": "KAZ", "status": "lost", "source": "x"}"#,
            "\n",
            "not json\n",
            "[1]\n",
        );
        let items: Vec<_> = InvalidatedJsonlReader::new(text.as_bytes()).collect();
        assert_eq!(items.len(), 7);
        let first = items[0].as_ref().expect("first");
        assert_eq!(first.number.as_str(), "N1234567");
        assert_eq!(first.issuing_state, CountryCode::KAZ);
        assert_eq!(first.kind, Some(DocumentKind::Passport));
        assert_eq!(first.status, InvalidationStatus::Stolen);
        let second = items[1].as_ref().expect("second");
        assert_eq!(second.issuing_state.as_str(), "D");
        assert_eq!(second.kind, None);
        assert_eq!(
            errors(items),
            [
                "line 4: number: must be a string, found a number",
                "line 5: record X1: status: 'misplaced' is not a status; expected lost, stolen, revoked, blank or invalidated",
                "line 6: reported_at: is required",
                "line 7: invalid JSON: expected ident at line 1 column 2",
                "line 8: a record must be a JSON object",
            ]
        );
    }

    #[test]
    fn csv_records_and_errors() {
        let text = "\u{feff}Source,number,issuing_state,status,reported_at,type,note\n\
                    sltd,N 1234567,kaz,revoked,2026-01-02,ID,x\n\
                    sltd,N2,KAZ,blank,2026-01-02,,\n\
                    sltd,N3,QQQ,lost,2026-01-02,P,\n\
                    \"multi\nline\",N4,KAZ,lost,2026-13-01,P,\n";
        let items: Vec<_> = InvalidatedCsvReader::new(text.as_bytes()).collect();
        assert_eq!(items.len(), 4);
        let first = items[0].as_ref().expect("first");
        assert_eq!(first.kind, Some(DocumentKind::IdCard));
        assert_eq!(first.status, InvalidationStatus::Revoked);
        assert_eq!(items[1].as_ref().map(|d| d.kind), Ok(None));
        let errs = errors(items);
        assert_eq!(errs.len(), 2);
        assert!(
            errs[0].starts_with("line 4: record N3: issuing_state: 'QQQ'"),
            "{}",
            errs[0]
        );
        assert!(
            errs[1].starts_with("line 5: record N4: reported_at:"),
            "{}",
            errs[1]
        );
    }

    #[test]
    fn csv_header_must_name_required_columns() {
        let items: Vec<_> =
            InvalidatedCsvReader::new("number,status\nA1,lost\n".as_bytes()).collect();
        assert_eq!(
            errors(items),
            ["line 1: header lacks the column(s) issuing_state, reported_at, source"]
        );
    }
}
