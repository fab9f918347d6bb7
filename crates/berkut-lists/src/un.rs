//! UN Security Council Consolidated List (XML, schema `sc-sanctions.xsd`).
//!
//! Root `CONSOLIDATED_LIST@dateGenerated` holds `INDIVIDUALS/INDIVIDUAL` and
//! `ENTITIES/ENTITY`. Records are streamed one at a time.

use std::io::BufRead;

use berkut_domain::{DocumentKind, LegalGround, NameKind, PartialDate, Sex};

use crate::entry::{DocumentBuild as _, EntryBuild as _};
use crate::{
    BirthDate, EntryKind, ListKind, ListedDocument, ListedEntry, NameQuality, ParseError, Position,
    entry::iso_day_prefix,
    xml::{Node, XmlStream},
};

/// Streams entries from a UN consolidated list.
///
/// ```
/// let xml = br#"<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS>
///   <INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>ERIC</FIRST_NAME><SECOND_NAME>BADEGE</SECOND_NAME>
///   </INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"#;
/// let mut un = berkut_lists::UnReader::new(&xml[..]).unwrap();
/// assert_eq!(un.version(), Some("2026-02-27T00:00:09.554Z"));
/// let e = un.next().unwrap().unwrap();
/// assert_eq!(e.names[0].name.full, "ERIC BADEGE");
/// ```
pub struct UnReader<R: BufRead> {
    xml: XmlStream<R>,
    version: Option<String>,
}

impl<R: BufRead> UnReader<R> {
    /// Read the prolog and root element. Fails when the input is not XML or
    /// the root is not `CONSOLIDATED_LIST`.
    pub fn new(r: R) -> Result<Self, ParseError> {
        let mut xml = XmlStream::new(r);
        xml.read_root()?;
        let root = xml
            .root
            .as_ref()
            .ok_or_else(|| ParseError::new(Position::Byte(0), "no root element"))?;
        if root.name != "CONSOLIDATED_LIST" {
            return Err(ParseError::new(
                Position::Byte(0),
                format!(
                    "root element is <{}>; a UN list has <CONSOLIDATED_LIST>",
                    root.name
                ),
            ));
        }
        let version = root
            .attrs
            .iter()
            .find(|(k, _)| k == "dateGenerated")
            .map(|(_, v)| v.clone());
        Ok(Self { xml, version })
    }

    /// The list version: the root's `dateGenerated` attribute.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }
}

impl<R: BufRead> Iterator for UnReader<R> {
    type Item = Result<ListedEntry, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self
            .xml
            .next_record(|n| n == "INDIVIDUAL" || n == "ENTITY")?;
        Some(item.and_then(|(node, pos)| convert(&node, pos)))
    }
}

fn convert(node: &Node, pos: u64) -> Result<ListedEntry, ParseError> {
    let individual = node.name == "INDIVIDUAL";
    let id = node.text_of("DATAID").ok_or_else(|| {
        ParseError::new(
            Position::Byte(pos),
            format!("<{}> without DATAID", node.name),
        )
    })?;
    let kind = if individual {
        EntryKind::Individual
    } else {
        EntryKind::Organisation
    };
    let mut e = ListedEntry::new(id, ListKind::UnSc, kind);

    let parts: Vec<&str> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
        .iter()
        .filter_map(|t| node.text_of(t))
        .collect();
    e.push_name(&parts.join(" "), NameKind::Primary, NameQuality::Strong);
    if e.names.is_empty() {
        return Err(ParseError::new(Position::Byte(pos), "record has no name").in_record(id));
    }
    if let Some(orig) = node.text_of("NAME_ORIGINAL_SCRIPT") {
        e.push_name(orig, NameKind::Transliteration, NameQuality::Strong);
    }
    let alias_tag = if individual {
        "INDIVIDUAL_ALIAS"
    } else {
        "ENTITY_ALIAS"
    };
    let mut alias_records = 0u32;
    for a in node.all(alias_tag) {
        let Some(name) = a.text_of("ALIAS_NAME") else {
            continue;
        };
        alias_records += 1;
        let quality = a.text_of("QUALITY").unwrap_or("");
        let (kind, q) = match quality.to_ascii_lowercase().as_str() {
            "low" => (NameKind::Alias, NameQuality::Weak),
            "f.k.a." | "fka" => (NameKind::Former, NameQuality::Strong),
            _ => (NameKind::Alias, NameQuality::Strong),
        };
        e.push_name(name, kind, q);
    }
    e.source_counts.alias_records = Some(alias_records);

    if let Some(t) = node.text_of("UN_LIST_TYPE") {
        e.programs.push(t.to_string());
    }
    e.reference_number = node.text_of("REFERENCE_NUMBER").map(str::to_string);
    if let Some(d) = node.text_of("LISTED_ON") {
        e.listed_on = iso_day_prefix(d);
        if e.listed_on.is_none() {
            e.warn(format!("LISTED_ON '{d}' is not a date"));
        }
    }
    if let Some(c) = node.text_of("COMMENTS1") {
        e.remarks.push(c.to_string());
    }
    for (tag, label) in [("TITLE", "title"), ("DESIGNATION", "designation")] {
        for t in node.all(tag) {
            for v in t.all("VALUE").filter_map(Node::own_text) {
                e.remarks.push(format!("{label}: {v}"));
            }
        }
    }
    for n in node.all("NATIONALITY") {
        for v in n.all("VALUE").filter_map(Node::own_text) {
            e.push_country_name(v);
        }
    }
    if let Some(g) = node.text_of("GENDER") {
        match Sex::parse(g) {
            Ok(s) => e.sex = Some(s),
            Err(_) => e.warn(format!("GENDER '{g}' is not a sex")),
        }
    }
    let addr_tag = if individual {
        "INDIVIDUAL_ADDRESS"
    } else {
        "ENTITY_ADDRESS"
    };
    for a in node.all(addr_tag) {
        let parts: Vec<&str> = ["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"]
            .iter()
            .filter_map(|t| a.text_of(t))
            .collect();
        if !parts.is_empty() {
            e.addresses.push(parts.join(", "));
        }
    }
    if individual {
        for d in node.all("INDIVIDUAL_DATE_OF_BIRTH") {
            birth_date(&mut e, d);
        }
        for p in node.all("INDIVIDUAL_PLACE_OF_BIRTH") {
            let parts: Vec<&str> = ["CITY", "STATE_PROVINCE", "COUNTRY"]
                .iter()
                .filter_map(|t| p.text_of(t))
                .collect();
            if !parts.is_empty() {
                e.places_of_birth.push(parts.join(", "));
            }
        }
        for d in node.all("INDIVIDUAL_DOCUMENT") {
            document(&mut e, d);
        }
        // Every UN individual is under a Security Council travel ban.
        e.ground = Some(LegalGround::UnOrForeignSanctions);
    }
    Ok(e)
}

fn year(e: &mut ListedEntry, s: &str) -> Option<PartialDate> {
    match PartialDate::parse(s) {
        Ok(d) => Some(d),
        Err(err) => {
            e.warn(format!("date of birth: {}", err.message));
            None
        }
    }
}

fn birth_date(e: &mut ListedEntry, d: &Node) {
    if !d.has_content() {
        return;
    }
    let ty = d
        .text_of("TYPE_OF_DATE")
        .unwrap_or("EXACT")
        .to_ascii_uppercase();
    let date = d.text_of("DATE").map(|s| s.get(..10).unwrap_or(s));
    let single = date.or(d.text_of("YEAR"));
    let bd = match (ty.as_str(), d.text_of("FROM_YEAR"), d.text_of("TO_YEAR")) {
        (_, Some(f), Some(t)) => match (year(e, f), year(e, t)) {
            (Some(from), Some(to)) => Some(BirthDate::Range { from, to }),
            _ => None,
        },
        ("APPROXIMATELY", _, _) => single
            .and_then(|s| year(e, s))
            .map(|date| BirthDate::Approximate { date }),
        _ => single
            .and_then(|s| year(e, s))
            .map(|date| BirthDate::Exact { date }),
    };
    match bd {
        Some(b) => e.birth_dates.push(b),
        None => {
            if let Some(note) = d.text_of("NOTE") {
                e.remarks.push(format!("date of birth: {note}"));
            } else if single.is_none() {
                e.warn(format!("date of birth of type {ty} without a date"));
            }
        }
    }
}

fn document(e: &mut ListedEntry, d: &Node) {
    if !d.has_content() {
        return;
    }
    let ty = d
        .text_of("TYPE_OF_DOCUMENT")
        .or(d.text_of("TYPE_OF_DOCUMENT2"))
        .unwrap_or("");
    let lower = ty.to_lowercase();
    let kind = if lower.contains("pas") {
        DocumentKind::Passport
    } else if lower.contains("identi") || lower.contains("id card") {
        DocumentKind::IdCard
    } else {
        DocumentKind::Other
    };
    let number = d.text_of("NUMBER").unwrap_or("");
    let country = d
        .text_of("ISSUING_COUNTRY")
        .or(d.text_of("COUNTRY_OF_ISSUE"));
    let mut doc = ListedDocument::new(kind, ty, number, country);
    let notes: Vec<String> = [
        ("DATE_OF_ISSUE", "issued "),
        ("CITY_OF_ISSUE", "issued in "),
        ("NOTE", ""),
    ]
    .iter()
    .filter_map(|(t, p)| d.text_of(t).map(|v| format!("{p}{v}")))
    .collect();
    if !notes.is_empty() {
        doc.note = Some(notes.join("; "));
    }
    if let Some(c) = &doc.country_text
        && !e.unmapped_countries.contains(c)
    {
        e.unmapped_countries.push(c.clone());
    }
    e.documents.push(doc);
}
