//! Kazakhstan Financial Monitoring Agency (AFM) list of persons and
//! organisations linked to the financing of terrorism and extremism (XML).
//!
//! No public sample exists. The parser is written from the published field
//! list and assumes this structure (element names are matched without
//! regard to case or namespace prefix; unknown elements are ignored; a field
//! may also be given as an attribute of its record):
//!
//! ```xml
//! <root>                        <!-- any root name -->
//!   <persons>                   <!-- any grouping, optional -->
//!     <person>                  <!-- also: individual, item_person -->
//!       <num>1</num>            <!-- optional row number -->
//!       <lname>ИВАНОВ</lname>  <fname>ИВАН</fname>  <mname>ИВАНОВИЧ</mname>
//!       <birthdate>01.02.1980</birthdate>   <!-- dd.mm.yyyy; 00.00.1980 = year only -->
//!       <iin>800201300123</iin>
//!       <note>…</note>  <correction>…</correction>
//!       <added_to_list>15.03.2019</added_to_list>
//!     </person>
//!   </persons>
//!   <organizations>
//!     <org>                     <!-- also: organization, organisation, entity -->
//!       <org_name>…</org_name>  <org_name_en>…</org_name_en>  <org_iin>…</org_iin>
//!       <note>…</note>
//!     </org>
//!   </organizations>
//! </root>
//! ```
//!
//! `source_id` is the IIN/BIN when present, else `row:N` (the record's
//! 1-based position in the file).

use std::io::BufRead;

use berkut_domain::{LegalGround, NameKind, PartialDate, PersonName};
use time::{Date, Month};

use crate::entry::EntryBuild as _;
use crate::{
    EntryKind, Identifier, ListKind, ListedEntry, ListedName, NameQuality, ParseError, Position,
    xml::{Node, XmlStream},
};

const PERSON_TAGS: &[&str] = &["person", "individual", "item_person"];
const ORG_TAGS: &[&str] = &["org", "organization", "organisation", "entity", "item_org"];

/// Streams entries from an AFM XML list.
pub struct AfmReader<R: BufRead> {
    xml: XmlStream<R>,
    row: u64,
    ground: Option<LegalGround>,
}

impl<R: BufRead> AfmReader<R> {
    /// A reader; entries carry no legal ground unless one is set.
    pub fn new(r: R) -> Self {
        Self {
            xml: XmlStream::new(r),
            row: 0,
            ground: None,
        }
    }

    /// Set the legal ground entries of this list imply (the terrorism list
    /// and the extremism list are published separately).
    #[must_use]
    pub fn with_ground(mut self, ground: LegalGround) -> Self {
        self.ground = Some(ground);
        self
    }
}

fn is_record(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    PERSON_TAGS.contains(&n.as_str()) || ORG_TAGS.contains(&n.as_str())
}

impl<R: BufRead> Iterator for AfmReader<R> {
    type Item = Result<ListedEntry, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.xml.next_record(is_record)?;
        self.row += 1;
        let row = self.row;
        let ground = self.ground;
        Some(item.and_then(|(node, pos)| {
            let mut e = convert(&node, pos, row)?;
            e.ground = ground;
            Ok(e)
        }))
    }
}

/// A field of the record: a child element or an attribute, case-insensitive.
fn get<'a>(node: &'a Node, name: &str) -> Option<&'a str> {
    node.children
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(name))
        .and_then(Node::own_text)
        .or_else(|| {
            node.attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        })
}

/// `dd.mm.yyyy`; `00.00.yyyy` and `00.mm.yyyy` give partial dates.
pub(crate) fn parse_dotted(s: &str) -> Result<PartialDate, String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split('.').collect();
    let num = |p: &str| p.parse::<u16>().ok();
    match parts.as_slice() {
        [y] if y.len() == 4 => PartialDate::parse(y).map_err(|e| e.message),
        [d, m, y] if y.len() == 4 => {
            let (Some(d), Some(m)) = (num(d), num(m)) else {
                return Err(format!("'{s}' is not a date; expected dd.mm.yyyy"));
            };
            let year = PartialDate::parse(y).map_err(|e| e.message)?.year();
            if m == 0 {
                return Ok(PartialDate::Year(year));
            }
            let month = u8::try_from(m)
                .ok()
                .and_then(|m| Month::try_from(m).ok())
                .ok_or_else(|| format!("'{s}' has month {m}; months are 01..12"))?;
            if d == 0 {
                return Ok(PartialDate::Month(year, month));
            }
            let day = u8::try_from(d).map_err(|_| format!("'{s}' has day {d}"))?;
            Date::from_calendar_date(year, month, day)
                .map(PartialDate::Day)
                .map_err(|_| {
                    format!(
                        "'{s}' does not exist: {month} {year} has {} days",
                        month.length(year)
                    )
                })
        }
        _ => Err(format!("'{s}' is not a date; expected dd.mm.yyyy")),
    }
}

fn convert(node: &Node, pos: u64, row: u64) -> Result<ListedEntry, ParseError> {
    let person = PERSON_TAGS.contains(&node.name.to_ascii_lowercase().as_str());
    let id_field = if person { "iin" } else { "org_iin" };
    let iin = get(node, id_field).or_else(|| get(node, "iin"));
    let id = iin.map_or_else(|| format!("row:{row}"), str::to_string);
    let err = |field: &str, msg: String| {
        ParseError::new(Position::Byte(pos), msg)
            .in_record(id.clone())
            .in_field(field.to_string())
    };
    let kind = if person {
        EntryKind::Individual
    } else {
        EntryKind::Organisation
    };
    let mut e = ListedEntry::new(id.clone(), ListKind::KzAfm, kind);
    if person {
        let (l, f, m) = (get(node, "lname"), get(node, "fname"), get(node, "mname"));
        if l.is_none() && f.is_none() {
            return Err(err("lname", "person without lname and fname".into()));
        }
        let name = PersonName::from_parts(f, l, m, NameKind::Primary)
            .map_err(|e| err("lname", e.message))?;
        e.push_listed(ListedName::strong(name));
        if let Some(b) = get(node, "birthdate") {
            let d = parse_dotted(b).map_err(|m| err("birthdate", m))?;
            e.birth_dates.push(crate::BirthDate::Exact { date: d });
        }
    } else {
        let name = get(node, "org_name")
            .or_else(|| get(node, "org_name_en"))
            .ok_or_else(|| err("org_name", "organisation without org_name".into()))?;
        e.push_name(name, NameKind::Primary, NameQuality::Strong);
        if let Some(en) = get(node, "org_name_en") {
            e.push_name(en, NameKind::Transliteration, NameQuality::Strong);
        }
        if e.names.is_empty() {
            return Err(err("org_name", format!("'{name}' is not a name")));
        }
    }
    if let Some(v) = iin {
        if !(v.len() == 12 && v.bytes().all(|b| b.is_ascii_digit())) {
            e.warn(format!("{id_field} '{v}' is not 12 digits"));
        }
        e.identifiers.push(Identifier {
            scheme: if person { "IIN" } else { "BIN" }.to_string(),
            value: v.to_string(),
            country: Some(berkut_domain::CountryCode::KAZ),
        });
    }
    for f in ["note", "correction"] {
        if let Some(v) = get(node, f) {
            e.remarks.push(format!("{f}: {v}"));
        }
    }
    if let Some(a) = get(node, "added_to_list") {
        match parse_dotted(a) {
            Ok(PartialDate::Day(d)) => e.listed_on = Some(d),
            _ => e.warn(format!("added_to_list '{a}' is not a date")),
        }
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_dates() {
        assert_eq!(
            parse_dotted("01.02.1980").map(|d| d.to_string()),
            Ok("1980-02-01".into())
        );
        assert_eq!(
            parse_dotted("00.00.1980").map(|d| d.to_string()),
            Ok("1980".into())
        );
        assert_eq!(
            parse_dotted("00.03.1980").map(|d| d.to_string()),
            Ok("1980-03".into())
        );
        assert!(parse_dotted("30.02.1990").is_err_and(|m| m.contains("does not exist")));
        for bad in ["", "1.2", "aa.bb.cccc", "01.13.1990", "01.02.90"] {
            assert!(parse_dotted(bad).is_err(), "{bad}");
        }
    }
}
