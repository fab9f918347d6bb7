//! The national entry-ban register: Person JSONL (DESIGN.md) and its CSV
//! equivalent (see the crate README).
//!
//! JSONL: one object a line, the `PersonInput` fields of berkut-domain plus
//! `ground`, `authority`, `basis`, `until`.
//!
//! CSV: a header row naming the columns `id, names, birth_dates,
//! nationalities, sex, documents, ground, authority, basis, until` (any
//! order; only `id` and `names` required; unknown columns ignored).
//! Multi-valued fields are separated by `|`; a document is
//! `TYPE:NUMBER:COUNTRY` (`P:N1234567:RUS`; `TYPE` and `COUNTRY` may be
//! empty: `:N1234567:`).

use std::io::BufRead;

use berkut_domain::{
    DocumentInput, LegalGround, NameInput, Person, PersonInput, ValidationError, parse_date,
};
use serde::Deserialize;

use crate::{
    BanDetails, BirthDate, EntryKind, ListKind, ListedDocument, ListedEntry, ListedName,
    ParseError, Position, ftm::read_line,
};

const MAX_LINE: usize = 1 << 20;

/// One register line: a person and the ban on them.
#[derive(Debug, Deserialize)]
struct RegisterLine {
    #[serde(flatten)]
    person: PersonInput,
    #[serde(default)]
    ground: Option<String>,
    #[serde(default)]
    authority: Option<String>,
    #[serde(default)]
    basis: Option<String>,
    #[serde(default)]
    until: Option<String>,
}

fn validation(pos: Position, id: &str, e: ValidationError) -> ParseError {
    let err = ParseError::new(pos, e.message).in_field(e.field);
    if id.trim().is_empty() {
        err
    } else {
        err.in_record(id.trim())
    }
}

fn entry(line: RegisterLine, pos: Position) -> Result<ListedEntry, ParseError> {
    let id = line.person.id.clone();
    let person: Person = line
        .person
        .validate()
        .map_err(|e| validation(pos, &id, e))?;
    let ground = line
        .ground
        .as_deref()
        .filter(|g| !g.trim().is_empty())
        .map(LegalGround::parse)
        .transpose()
        .map_err(|e| validation(pos, &id, e))?;
    let until = line
        .until
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .map(|u| parse_date("until", u.trim()))
        .transpose()
        .map_err(|e| validation(pos, &id, e))?;
    let text = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let mut e = ListedEntry::new(
        person.id.as_str(),
        ListKind::NationalRegister,
        EntryKind::Individual,
    );
    e.names = person.names.into_iter().map(ListedName::strong).collect();
    e.birth_dates = person
        .birth_dates
        .into_iter()
        .map(|date| BirthDate::Exact { date })
        .collect();
    e.nationalities = person.nationalities;
    e.sex = person.sex;
    e.documents = person
        .documents
        .into_iter()
        .map(|d| ListedDocument {
            kind: d.kind,
            kind_text: format!("{:?}", d.kind).to_lowercase(),
            number: d.number.as_str().to_string(),
            normalised: Some(d.number),
            country: d.issuing_state,
            country_text: None,
            note: d
                .expiry
                .map(|x| format!("expires {}", berkut_domain::format_date(x))),
        })
        .collect();
    e.ground = ground;
    e.ban = Some(BanDetails {
        authority: text(line.authority),
        basis: text(line.basis),
        until,
    });
    Ok(e)
}

/// Streams entries from register JSONL.
pub struct NationalJsonlReader<R: BufRead> {
    input: R,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> NationalJsonlReader<R> {
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

impl<R: BufRead> Iterator for NationalJsonlReader<R> {
    type Item = Result<ListedEntry, ParseError>;

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
            let line: RegisterLine = match serde_json::from_slice(&self.buf) {
                Ok(l) => l,
                Err(e) => {
                    return Some(Err(ParseError::new(pos, format!("invalid record: {e}"))));
                }
            };
            return Some(entry(line, pos));
        }
    }
}

/// Column indices of the register CSV header.
#[derive(Debug, Default)]
struct Columns {
    id: Option<usize>,
    names: Option<usize>,
    birth_dates: Option<usize>,
    nationalities: Option<usize>,
    sex: Option<usize>,
    documents: Option<usize>,
    ground: Option<usize>,
    authority: Option<usize>,
    basis: Option<usize>,
    until: Option<usize>,
}

/// Streams entries from register CSV.
pub struct NationalCsvReader<R: BufRead> {
    rows: csv::StringRecordsIntoIter<R>,
    cols: Result<Columns, ParseError>,
    row: u64,
    done: bool,
}

impl<R: BufRead> NationalCsvReader<R> {
    /// A reader over register CSV; the header is read on the first `next`.
    pub fn new(input: R) -> Self {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(input);
        let cols = match rdr.headers() {
            Err(e) => Err(ParseError::new(
                Position::Row(1),
                format!("bad header: {e}"),
            )),
            Ok(h) => {
                let mut c = Columns::default();
                for (i, name) in h.iter().enumerate() {
                    let slot = match name.trim().trim_start_matches('\u{feff}') {
                        "id" => &mut c.id,
                        "names" => &mut c.names,
                        "birth_dates" => &mut c.birth_dates,
                        "nationalities" => &mut c.nationalities,
                        "sex" => &mut c.sex,
                        "documents" => &mut c.documents,
                        "ground" => &mut c.ground,
                        "authority" => &mut c.authority,
                        "basis" => &mut c.basis,
                        "until" => &mut c.until,
                        _ => continue,
                    };
                    *slot = Some(i);
                }
                if c.id.is_none() || c.names.is_none() {
                    Err(ParseError::new(
                        Position::Row(1),
                        "header must name at least the columns 'id' and 'names'",
                    ))
                } else {
                    Ok(c)
                }
            }
        };
        Self {
            rows: rdr.into_records(),
            cols,
            row: 1,
            done: false,
        }
    }
}

fn multi(s: Option<&str>) -> Vec<String> {
    s.map(|s| {
        s.split('|')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

fn document(i: usize, s: &str, pos: Position, id: &str) -> Result<DocumentInput, ParseError> {
    let parts: Vec<&str> = s.split(':').map(str::trim).collect();
    let [ty, number, country] = parts.as_slice() else {
        return Err(
            ParseError::new(pos, format!("'{s}' is not TYPE:NUMBER:COUNTRY"))
                .in_record(id)
                .in_field(format!("documents[{i}]")),
        );
    };
    let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
    Ok(DocumentInput {
        number: (*number).to_string(),
        country: opt(country),
        kind: opt(ty),
        expiry: None,
    })
}

impl<R: BufRead> Iterator for NationalCsvReader<R> {
    type Item = Result<ListedEntry, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let cols = match &self.cols {
            Ok(c) => c,
            Err(e) => {
                self.done = true;
                return Some(Err(e.clone()));
            }
        };
        let rec = match self.rows.next()? {
            Ok(r) => r,
            Err(e) => {
                self.row += 1;
                let pos = e
                    .position()
                    .map_or(Position::Row(self.row), |p| Position::Row(p.record() + 1));
                return Some(Err(ParseError::new(pos, format!("malformed CSV: {e}"))));
            }
        };
        let pos = rec
            .position()
            .map_or(Position::Unknown, |p| Position::Row(p.record() + 1));
        let get = |c: Option<usize>| c.and_then(|i| rec.get(i)).filter(|s| !s.is_empty());
        let id = get(cols.id).unwrap_or("").to_string();
        let documents = match multi(get(cols.documents))
            .iter()
            .enumerate()
            .map(|(i, d)| document(i, d, pos, &id))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(d) => d,
            Err(e) => return Some(Err(e)),
        };
        let line = RegisterLine {
            person: PersonInput {
                id: id.clone(),
                names: multi(get(cols.names))
                    .into_iter()
                    .map(NameInput::Full)
                    .collect(),
                birth_dates: multi(get(cols.birth_dates)),
                nationalities: multi(get(cols.nationalities)),
                sex: get(cols.sex).map(str::to_string),
                documents,
            },
            ground: get(cols.ground).map(str::to_string),
            authority: get(cols.authority).map(str::to_string),
            basis: get(cols.basis).map(str::to_string),
            until: get(cols.until).map(str::to_string),
        };
        Some(entry(line, pos))
    }
}
