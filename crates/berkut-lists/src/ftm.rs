//! OpenSanctions FollowTheMoney entities, one JSON object per line:
//! `{id, schema, caption, properties: {name: [..], alias: [..], ..}, referents, datasets, ..}`.
//!
//! `Person` becomes an individual; `Company`, `Organization`, `LegalEntity`
//! and `PublicBody` organisations; `Vessel` and `Airplane` vessels and
//! aircraft. Other schemata (`Sanction`, `Ownership`, `Address`, …) are
//! skipped and counted per schema ([`FtmReader::skipped`]).

use std::{collections::BTreeMap, io::BufRead};

use berkut_domain::{DocumentKind, NameKind, PartialDate, PersonName, Sex};
use serde_json::{Map, Value};

use crate::entry::{DocumentBuild as _, EntryBuild as _};
use crate::{
    BirthDate, EntryKind, Identifier, ListKind, ListedDocument, ListedEntry, ListedName,
    NameQuality, ParseError, Position, country::country_from_alpha2,
};

/// Longest line accepted (a merged entity can be large, but not this large).
const MAX_LINE: usize = 16 << 20;

/// Streams entries from FtM JSON lines.
pub struct FtmReader<R: BufRead> {
    input: R,
    line: u64,
    line_buf: Vec<u8>,
    skipped: BTreeMap<String, usize>,
    done: bool,
}

impl<R: BufRead> FtmReader<R> {
    /// A reader over FtM JSON lines.
    pub fn new(input: R) -> Self {
        Self {
            input,
            line: 0,
            line_buf: Vec::new(),
            skipped: BTreeMap::new(),
            done: false,
        }
    }

    /// Entities of other schemata that were skipped, counted by schema.
    pub fn skipped(&self) -> &BTreeMap<String, usize> {
        &self.skipped
    }
}

/// Read one line (without its end) into `buf`; `Ok(false)` at EOF.
/// Lines longer than `max` are consumed and reported as too long.
pub(crate) fn read_line<R: BufRead>(
    input: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok(if buf.is_empty() && !too_long {
                None
            } else {
                Some(!too_long)
            });
        }
        let (used, end) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let data = &chunk[..if end { used - 1 } else { used }];
        if buf.len() + data.len() > max {
            too_long = true;
        } else if !too_long {
            buf.extend_from_slice(data);
        }
        input.consume(used);
        if end {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(!too_long));
        }
    }
}

impl<R: BufRead> Iterator for FtmReader<R> {
    type Item = Result<ListedEntry, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            self.line += 1;
            let pos = Position::Line(self.line);
            match read_line(&mut self.input, &mut self.line_buf, MAX_LINE) {
                Err(e) => {
                    self.done = true;
                    return Some(Err(ParseError::new(pos, format!("read error: {e}"))));
                }
                Ok(None) => return None,
                Ok(Some(false)) => {
                    return Some(Err(ParseError::new(pos, "line too long")));
                }
                Ok(Some(true)) => {}
            }
            if self.line_buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let v: Value = match serde_json::from_slice(&self.line_buf) {
                Ok(v) => v,
                Err(e) => return Some(Err(ParseError::new(pos, format!("invalid JSON: {e}")))),
            };
            let Some(obj) = v.as_object() else {
                return Some(Err(ParseError::new(pos, "not a JSON object")));
            };
            let schema = obj.get("schema").and_then(Value::as_str).unwrap_or("");
            let kind = match schema {
                "Person" => EntryKind::Individual,
                "Company" | "Organization" | "LegalEntity" | "PublicBody" => {
                    EntryKind::Organisation
                }
                "Vessel" => EntryKind::Vessel,
                "Airplane" => EntryKind::Aircraft,
                "" => {
                    return Some(Err(
                        ParseError::new(pos, "entity without a schema").in_field("schema")
                    ));
                }
                other => {
                    *self.skipped.entry(other.to_string()).or_default() += 1;
                    continue;
                }
            };
            return Some(convert(obj, kind, pos));
        }
    }
}

fn strings<'a>(props: &'a Map<String, Value>, key: &str) -> Vec<&'a str> {
    match props.get(key) {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(s)) => vec![s.as_str()],
        _ => Vec::new(),
    }
}

fn convert(
    obj: &Map<String, Value>,
    kind: EntryKind,
    pos: Position,
) -> Result<ListedEntry, ParseError> {
    let id = obj
        .get("id")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| ParseError::new(pos, "entity without an id").in_field("id"))?;
    let empty = Map::new();
    let props = match obj.get("properties") {
        Some(Value::Object(p)) => p,
        None => &empty,
        Some(_) => {
            return Err(ParseError::new(pos, "properties is not an object")
                .in_record(id)
                .in_field("properties"));
        }
    };
    let mut e = ListedEntry::new(id, ListKind::OpenSanctions, kind);
    for (i, n) in strings(props, "name").into_iter().enumerate() {
        let k = if i == 0 {
            NameKind::Primary
        } else {
            NameKind::Alias
        };
        e.push_name(n, k, NameQuality::Strong);
    }
    if e.names.is_empty()
        && let Some(c) = obj.get("caption").and_then(Value::as_str)
    {
        e.push_name(c, NameKind::Primary, NameQuality::Strong);
    }
    for n in strings(props, "alias") {
        e.push_name(n, NameKind::Alias, NameQuality::Strong);
    }
    for n in strings(props, "previousName") {
        e.push_name(n, NameKind::Former, NameQuality::Strong);
    }
    for n in strings(props, "weakAlias") {
        e.push_name(n, NameKind::Alias, NameQuality::Weak);
    }
    let first = strings(props, "firstName");
    let last = strings(props, "lastName");
    let father = strings(props, "fatherName");
    let middle = strings(props, "middleName");
    if !first.is_empty() || !last.is_empty() {
        let given = [first.first(), middle.first()]
            .into_iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let given = (!given.is_empty()).then_some(given);
        let kind = if e.names.is_empty() {
            NameKind::Primary
        } else {
            NameKind::Alias
        };
        match PersonName::from_parts(
            given.as_deref(),
            last.first().copied(),
            father.first().copied(),
            kind,
        ) {
            Ok(n) => e.push_listed(ListedName::strong(n)),
            Err(err) => e.warn(format!("firstName/lastName: {}", err.message)),
        }
    }
    if e.names.is_empty() {
        return Err(ParseError::new(pos, "entity has no name")
            .in_record(id)
            .in_field("name"));
    }
    for d in strings(props, "birthDate") {
        let head = d.get(..10).unwrap_or(d);
        match PartialDate::parse(head) {
            Ok(date) => e.birth_dates.push(BirthDate::Exact { date }),
            Err(err) => e.warn(format!("birthDate: {}", err.message)),
        }
    }
    e.places_of_birth = strings(props, "birthPlace")
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut countries = vec!["nationality", "citizenship"];
    if kind != EntryKind::Individual {
        countries.extend(["jurisdiction", "country"]);
    }
    for key in countries {
        for c in strings(props, key) {
            match country_from_alpha2(c) {
                Some(code) => e.push_nationality(code),
                None => {
                    if !e.unmapped_countries.iter().any(|u| u == c) {
                        e.unmapped_countries.push(c.to_string());
                    }
                }
            }
        }
    }
    if let Some(g) = strings(props, "gender").first() {
        match Sex::parse(g) {
            Ok(s) => e.sex = Some(s),
            Err(_) => e.sex = Some(Sex::Unspecified),
        }
    }
    for n in strings(props, "passportNumber") {
        e.documents.push(ListedDocument::new(
            DocumentKind::Passport,
            "passportNumber",
            n,
            None,
        ));
    }
    for n in strings(props, "idNumber") {
        e.documents.push(ListedDocument::new(
            DocumentKind::IdCard,
            "idNumber",
            n,
            None,
        ));
    }
    for (key, scheme) in [
        ("innCode", "INN"),
        ("taxNumber", "tax"),
        ("ogrnCode", "OGRN"),
        ("registrationNumber", "registration"),
        ("leiCode", "LEI"),
        ("imoNumber", "IMO"),
    ] {
        for v in strings(props, key) {
            e.identifiers.push(Identifier {
                scheme: scheme.to_string(),
                value: v.to_string(),
                country: None,
            });
        }
    }
    e.programs = strings(props, "topics")
        .into_iter()
        .map(str::to_string)
        .collect();
    e.programs
        .extend(strings(props, "programId").into_iter().map(str::to_string));
    e.remarks = strings(props, "notes")
        .into_iter()
        .map(str::to_string)
        .collect();
    e.addresses = strings(props, "address")
        .into_iter()
        .map(str::to_string)
        .collect();
    if let Some(Value::Array(r)) = obj.get("referents") {
        let refs: Vec<&str> = r.iter().filter_map(Value::as_str).collect();
        if !refs.is_empty() {
            e.remarks.push(format!("referents: {}", refs.join(", ")));
        }
    }
    if let Some(d) = obj.get("first_seen").and_then(Value::as_str) {
        e.listed_on = crate::entry::iso_day_prefix(d);
    }
    Ok(e)
}
