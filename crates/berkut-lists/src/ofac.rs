//! OFAC legacy CSV: `sdn.csv` + `alt.csv` + `add.csv` (SDN list) and
//! `cons_prim.csv` + `cons_alt.csv` + `cons_add.csv` + `cons_comments.csv`
//! (consolidated non-SDN list).
//!
//! No header; `-0-` (sometimes `-0- `) means empty; CRLF; a trailing 0x1A
//! byte. The primary file is streamed; the side files are small and are
//! loaded into maps keyed by `ent_num` to be joined.

use std::{collections::HashMap, io::BufRead};

use berkut_domain::{DocumentKind, NameKind, PartialDate, PersonName, Sex};
use time::Month;

use crate::entry::{DocumentBuild as _, EntryBuild as _};
use crate::{
    BirthDate, EntryKind, Identifier, ListKind, ListedDocument, ListedEntry, ListedName,
    NameQuality, ParseError, Position,
    country::{CountryLookup, country_from_name},
};

/// One alias row of `alt.csv`.
#[derive(Debug, Clone)]
struct Alias {
    kind: NameKind,
    name: String,
}

/// Streams entries from an OFAC primary file, joined with its side files.
pub struct OfacReader<R: BufRead> {
    rows: csv::ByteRecordsIntoIter<R>,
    list: ListKind,
    aliases: HashMap<u64, Vec<Alias>>,
    addresses: HashMap<u64, Vec<String>>,
    comments: HashMap<u64, String>,
    side_errors: Vec<ParseError>,
}

fn csv_reader<R: BufRead>(r: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(r)
}

/// A field with `-0-` and surrounding whitespace removed.
fn field(rec: &csv::ByteRecord, i: usize) -> String {
    let raw = rec.get(i).unwrap_or(b"");
    let s = String::from_utf8_lossy(raw);
    let t = s.trim().trim_matches('\u{1a}').trim();
    if t == "-0-" {
        String::new()
    } else {
        t.to_string()
    }
}

/// Whether a row is the end-of-file 0x1A marker or blank.
fn is_filler(rec: &csv::ByteRecord) -> bool {
    rec.iter()
        .all(|f| f.iter().all(|b| b.is_ascii_whitespace() || *b == 0x1a))
}

fn line_of(rec: &csv::ByteRecord) -> Position {
    // csv's line counter lags by one with CRLF ends; the record index does not.
    rec.position()
        .map_or(Position::Unknown, |p| Position::Row(p.record() + 1))
}

fn csv_error(e: &csv::Error) -> ParseError {
    let pos = e
        .position()
        .map_or(Position::Unknown, |p| Position::Row(p.record() + 1));
    ParseError::new(pos, format!("malformed CSV: {e}"))
}

fn ent_num(rec: &csv::ByteRecord) -> Result<u64, ParseError> {
    let s = field(rec, 0);
    s.parse().map_err(|_| {
        ParseError::new(line_of(rec), format!("ent_num '{s}' is not a number")).in_field("ent_num")
    })
}

/// Read a side file into a map, keeping row errors aside.
fn load<R: BufRead, T>(
    r: R,
    min_fields: usize,
    errors: &mut Vec<ParseError>,
    mut f: impl FnMut(&csv::ByteRecord) -> Option<T>,
) -> HashMap<u64, Vec<T>> {
    let mut map: HashMap<u64, Vec<T>> = HashMap::new();
    for rec in csv_reader(r).into_byte_records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(csv_error(&e));
                continue;
            }
        };
        if is_filler(&rec) {
            continue;
        }
        if rec.len() < min_fields {
            errors.push(ParseError::new(
                line_of(&rec),
                format!("{} fields; expected at least {min_fields}", rec.len()),
            ));
            continue;
        }
        match ent_num(&rec) {
            Ok(n) => {
                if let Some(v) = f(&rec) {
                    map.entry(n).or_default().push(v);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    map
}

impl<R: BufRead> OfacReader<R> {
    /// A reader over a primary file (`sdn.csv` or `cons_prim.csv`) alone.
    pub fn new(primary: R, list: ListKind) -> Self {
        Self {
            rows: csv_reader(primary).into_byte_records(),
            list,
            aliases: HashMap::new(),
            addresses: HashMap::new(),
            comments: HashMap::new(),
            side_errors: Vec::new(),
        }
    }

    /// Join aliases from `alt.csv` (`ent_num, alt_num, alt_type, alt_name, alt_remarks`).
    #[must_use]
    pub fn with_aliases(mut self, alt: impl BufRead) -> Self {
        self.aliases = load(alt, 4, &mut self.side_errors, |rec| {
            let name = field(rec, 3);
            let kind = match field(rec, 2).to_ascii_lowercase().as_str() {
                "fka" => NameKind::Former,
                _ => NameKind::Alias,
            };
            (!name.is_empty()).then_some(Alias { kind, name })
        });
        self
    }

    /// Join addresses from `add.csv` (`ent_num, add_num, address, city, country, remarks`).
    #[must_use]
    pub fn with_addresses(mut self, add: impl BufRead) -> Self {
        self.addresses = load(add, 5, &mut self.side_errors, |rec| {
            let parts: Vec<String> = (2..5)
                .map(|i| field(rec, i))
                .filter(|s| !s.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        });
        self
    }

    /// Join Remarks continuations from `cons_comments.csv` / `sdn_comments.csv`.
    #[must_use]
    pub fn with_comments(mut self, comments: impl BufRead) -> Self {
        let map = load(comments, 2, &mut self.side_errors, |rec| {
            // Continuations are cut mid-word: keep them byte-exact.
            let raw = rec.get(1).unwrap_or(b"");
            Some(String::from_utf8_lossy(raw).trim_end().to_string())
        });
        self.comments = map.into_iter().map(|(k, v)| (k, v.concat())).collect();
        self
    }

    /// Rows of the side files that could not be read (they are skipped).
    pub fn side_file_errors(&self) -> &[ParseError] {
        &self.side_errors
    }
}

/// SDN triple: `sdn.csv`, `alt.csv`, `add.csv`.
pub fn ofac_sdn<R: BufRead>(sdn: R, alt: impl BufRead, add: impl BufRead) -> OfacReader<R> {
    OfacReader::new(sdn, ListKind::OfacSdn)
        .with_aliases(alt)
        .with_addresses(add)
}

/// Consolidated non-SDN list: `cons_prim.csv`, `cons_alt.csv`, `cons_add.csv`, `cons_comments.csv`.
pub fn ofac_consolidated<R: BufRead>(
    prim: R,
    alt: impl BufRead,
    add: impl BufRead,
    comments: impl BufRead,
) -> OfacReader<R> {
    OfacReader::new(prim, ListKind::OfacConsolidated)
        .with_aliases(alt)
        .with_addresses(add)
        .with_comments(comments)
}

impl<R: BufRead> Iterator for OfacReader<R> {
    type Item = Result<ListedEntry, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let rec = match self.rows.next()? {
                Ok(r) => r,
                Err(e) => return Some(Err(csv_error(&e))),
            };
            if is_filler(&rec) {
                continue;
            }
            return Some(self.convert(&rec));
        }
    }
}

/// Split `SURNAME, Given names` into a name with parts.
fn individual_name(full: &str, kind: NameKind) -> Result<PersonName, String> {
    let res = match full.split_once(',') {
        Some((family, given)) if !family.trim().is_empty() && !given.trim().is_empty() => {
            PersonName::from_parts(Some(given), Some(family), None, kind)
        }
        _ => PersonName::new(full, kind),
    };
    res.map_err(|e| format!("name '{full}': {}", e.message))
}

impl<R: BufRead> OfacReader<R> {
    fn convert(&self, rec: &csv::ByteRecord) -> Result<ListedEntry, ParseError> {
        let pos = line_of(rec);
        if rec.len() < 12 {
            return Err(ParseError::new(
                pos,
                format!("{} fields; an OFAC primary row has 12", rec.len()),
            ));
        }
        let num = ent_num(rec)?;
        let id = num.to_string();
        let kind = match field(rec, 2).to_ascii_lowercase().as_str() {
            "individual" => EntryKind::Individual,
            "vessel" => EntryKind::Vessel,
            "aircraft" => EntryKind::Aircraft,
            "" | "entity" => EntryKind::Organisation,
            other => {
                return Err(ParseError::new(pos, format!("unknown SDN_Type '{other}'"))
                    .in_record(id)
                    .in_field("SDN_Type"));
            }
        };
        let mut e = ListedEntry::new(id.clone(), self.list, kind);
        let person = kind == EntryKind::Individual;
        let name = field(rec, 1);
        let mut push = |e: &mut ListedEntry, full: &str, k: NameKind, q: NameQuality| {
            if person {
                match individual_name(full, k) {
                    Ok(n) => e.push_listed(ListedName {
                        name: n,
                        quality: q,
                    }),
                    Err(w) => e.warn(w),
                }
            } else {
                e.push_name(full, k, q);
            }
        };
        push(&mut e, &name, NameKind::Primary, NameQuality::Strong);
        if e.names.is_empty() && !person {
            // Vessel "7-28": names without letters are still names here.
            if let Some(n) = crate::entry::plain_name(&name, NameKind::Primary) {
                e.warnings.clear();
                e.push_listed(ListedName::strong(n));
            }
        }
        if e.names.is_empty() {
            return Err(
                ParseError::new(pos, format!("SDN_Name '{name}' is not a name"))
                    .in_record(id)
                    .in_field("SDN_Name"),
            );
        }
        let mut alias_rows = 0u32;
        for a in self.aliases.get(&num).into_iter().flatten() {
            alias_rows += 1;
            push(&mut e, &a.name, a.kind, NameQuality::Strong);
        }
        e.source_counts.alias_records = Some(alias_rows);
        let program = field(rec, 3);
        e.programs = program
            .split("] [")
            .map(|p| {
                p.trim_matches(|c| c == '[' || c == ']' || c == ' ')
                    .to_string()
            })
            .filter(|p| !p.is_empty())
            .collect();
        for (i, label) in [
            (4, "title"),
            (5, "call sign"),
            (6, "vessel type"),
            (7, "tonnage"),
            (8, "GRT"),
            (9, "vessel flag"),
            (10, "vessel owner"),
        ] {
            let v = field(rec, i);
            if !v.is_empty() {
                e.remarks.push(format!("{label}: {v}"));
            }
        }
        if let Some(a) = self.addresses.get(&num) {
            e.addresses.extend(a.iter().cloned());
        }
        let mut remarks = field(rec, 11);
        if let Some(c) = self.comments.get(&num) {
            remarks.push_str(c);
        }
        parse_remarks(&mut e, &remarks, &mut push);
        Ok(e)
    }
}

/// Document-like remarks: prefix, document kind (or `None` for identifiers).
const DOC_PREFIXES: &[(&str, Option<DocumentKind>)] = &[
    ("Diplomatic Passport", Some(DocumentKind::Passport)),
    ("Passport No.", Some(DocumentKind::Passport)),
    ("Passport", Some(DocumentKind::Passport)),
    ("National ID No.", Some(DocumentKind::IdCard)),
    ("National ID", Some(DocumentKind::IdCard)),
    ("Identification Number", Some(DocumentKind::IdCard)),
    ("Personal ID Card", Some(DocumentKind::IdCard)),
    ("Cedula No.", Some(DocumentKind::IdCard)),
    ("D.N.I.", Some(DocumentKind::IdCard)),
    ("C.U.I.", Some(DocumentKind::IdCard)),
    ("Residency Number", Some(DocumentKind::ResidencePermit)),
    ("Electoral Registry No.", Some(DocumentKind::Other)),
    ("Credencial electoral", Some(DocumentKind::Other)),
    ("Birth Certificate Number", Some(DocumentKind::Other)),
    ("Driver's License No.", Some(DocumentKind::Other)),
    ("I.F.E.", Some(DocumentKind::Other)),
    (
        "Cartilla de Servicio Militar Nacional",
        Some(DocumentKind::Other),
    ),
    ("Tax ID No.", None),
    ("C.U.R.P.", None),
    ("R.F.C.", None),
    ("RFC", None),
    ("SSN", None),
    ("Italian Fiscal Code", None),
    ("NIT #", None),
    ("Registration Number", None),
    ("Registration ID", None),
    ("Legal Entity Number", None),
    ("Company Number", None),
    ("Business Registration Number", None),
    ("Government Gazette Number", None),
    ("Commercial Registry Number", None),
    ("Chamber of Commerce Number", None),
    ("Unified Social Credit Code (USCC)", None),
    ("Vessel Registration Identification", None),
    ("Aircraft Manufacturer's Serial Number (MSN)", None),
];

type NamePush<'a> = dyn FnMut(&mut ListedEntry, &str, NameKind, NameQuality) + 'a;

/// Interpret the `;`-separated Remarks bag.
fn parse_remarks(e: &mut ListedEntry, remarks: &str, push: &mut NamePush<'_>) {
    for seg in remarks.split(';') {
        let seg = seg.trim();
        let seg = seg.strip_suffix('.').unwrap_or(seg).trim();
        if seg.is_empty() || seg == "-0-" {
            continue;
        }
        let body = seg.strip_prefix("alt. ").unwrap_or(seg);
        if let Some(rest) = strip_word(body, &["a.k.a.", "f.k.a.", "n.k.a."]) {
            let kind = if body.starts_with("f.k.a.") {
                NameKind::Former
            } else {
                NameKind::Alias
            };
            let name = rest
                .trim()
                .trim_matches(|c| c == '\'' || c == '"' || c == '.');
            if !name.is_empty() {
                // Remarks aliases are OFAC's "weak" (low-quality) aliases.
                e.source_counts.remark_aliases += 1;
                push(e, name, kind, NameQuality::Weak);
            }
            continue;
        }
        if let Some(rest) = strip_word(body, &["DOB"]) {
            match parse_ofac_dob(rest) {
                Some(d) => e.birth_dates.push(d),
                None => e.warn(format!("DOB '{rest}' is not a date")),
            }
            continue;
        }
        if let Some(rest) = strip_word(body, &["POB"]) {
            e.places_of_birth.push(rest.trim().to_string());
            continue;
        }
        if let Some(rest) = strip_word(body, &["nationality", "citizen"]) {
            e.push_country_name(rest);
            continue;
        }
        if let Some(rest) = strip_word(body, &["Gender"]) {
            match Sex::parse(rest) {
                Ok(s) => e.sex = Some(s),
                Err(_) => e.warn(format!("Gender '{rest}' is not a sex")),
            }
            continue;
        }
        if let Some((prefix, kind, rest)) = DOC_PREFIXES
            .iter()
            .find_map(|(p, k)| strip_word(body, &[p]).map(|r| (*p, *k, r)))
        {
            let (value, country, note) = split_doc(rest);
            if value.is_empty() {
                e.remarks.push(seg.to_string());
                continue;
            }
            match kind {
                Some(kind) => {
                    let mut doc = ListedDocument::new(kind, prefix, value, country);
                    doc.note = note;
                    if let Some(c) = &doc.country_text
                        && !e.unmapped_countries.contains(c)
                    {
                        e.unmapped_countries.push(c.clone());
                    }
                    e.documents.push(doc);
                }
                None => {
                    let country = match country.map(country_from_name) {
                        Some(CountryLookup::Code(c)) => Some(c),
                        _ => None,
                    };
                    e.identifiers.push(Identifier {
                        scheme: prefix.to_string(),
                        value: value.to_string(),
                        country,
                    });
                }
            }
            continue;
        }
        e.remarks.push(seg.to_string());
    }
}

/// `body` without one of the words, when it starts with it followed by a
/// space (or ends there).
fn strip_word<'a>(body: &'a str, words: &[&str]) -> Option<&'a str> {
    words.iter().find_map(|w| {
        let rest = body.strip_prefix(w)?;
        if rest.is_empty() {
            Some(rest)
        } else {
            rest.strip_prefix(' ')
        }
    })
}

/// `N123 (Country) issued 2001` → (`N123`, `Country`, `issued 2001`).
fn split_doc(rest: &str) -> (&str, Option<&str>, Option<String>) {
    let rest = rest.trim();
    match rest.split_once(" (") {
        Some((value, tail)) => match tail.split_once(')') {
            Some((country, after)) => {
                let after = after.trim();
                (
                    value.trim(),
                    Some(country.trim()),
                    (!after.is_empty()).then(|| after.to_string()),
                )
            }
            None => (value.trim(), None, Some(tail.to_string())),
        },
        None => match rest.split_once(' ') {
            // "1234 issued 01 Jan 2000": number, then a note.
            Some((v, note)) if note.starts_with("issued") || note.starts_with("expires") => {
                (v, None, Some(note.to_string()))
            }
            _ => (rest, None, None),
        },
    }
}

fn month(s: &str) -> Option<Month> {
    let m = match s.get(..3)?.to_ascii_lowercase().as_str() {
        "jan" => Month::January,
        "feb" => Month::February,
        "mar" => Month::March,
        "apr" => Month::April,
        "may" => Month::May,
        "jun" => Month::June,
        "jul" => Month::July,
        "aug" => Month::August,
        "sep" => Month::September,
        "oct" => Month::October,
        "nov" => Month::November,
        "dec" => Month::December,
        _ => return None,
    };
    Some(m)
}

/// `22 Oct 1973`, `Oct 1973` or `1973`.
fn ofac_date(s: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let year = |y: &str| PartialDate::parse(y).ok().map(|d| d.year());
    match parts.as_slice() {
        [y] => PartialDate::parse(y).ok().filter(|d| d.month().is_none()),
        [m, y] => Some(PartialDate::Month(year(y)?, month(m)?)),
        [d, m, y] => {
            let day: u8 = d.parse().ok()?;
            let date = time::Date::from_calendar_date(year(y)?, month(m)?, day).ok()?;
            Some(PartialDate::Day(date))
        }
        _ => None,
    }
}

/// Parse the text after `DOB` in OFAC Remarks: `22 Oct 1973`, `Oct 1973`,
/// `1973`, `circa 1973`, `1960 to 1962`, `circa 1952-1954`,
/// `01 Jan 1960 to 31 Dec 1962`. `None` when it is none of these (or the
/// day does not exist).
pub fn parse_ofac_dob(text: &str) -> Option<BirthDate> {
    let t = text.trim().trim_end_matches('.').trim();
    let (approx, t) = match t.strip_prefix("circa ") {
        Some(rest) => (true, rest.trim()),
        None => (false, t),
    };
    let range = t.split_once(" to ").or_else(|| {
        // "1952-1954"
        t.split_once('-')
            .filter(|(a, b)| a.len() == 4 && b.len() == 4)
    });
    if let Some((a, b)) = range {
        let (from, to) = (ofac_date(a)?, ofac_date(b)?);
        return (from <= to).then_some(BirthDate::Range { from, to });
    }
    let date = ofac_date(t)?;
    Some(if approx {
        BirthDate::Approximate { date }
    } else {
        BirthDate::Exact { date }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dob_forms() {
        let s = |t: &str| parse_ofac_dob(t).map(|d| format!("{d:?}"));
        assert!(s("22 Oct 1973").is_some_and(|d| d.contains("Exact") && d.contains("1973-10-22")));
        assert!(matches!(
            parse_ofac_dob("1973"),
            Some(BirthDate::Exact {
                date: PartialDate::Year(1973)
            })
        ));
        assert!(matches!(
            parse_ofac_dob("Oct 1973"),
            Some(BirthDate::Exact {
                date: PartialDate::Month(1973, Month::October)
            })
        ));
        assert!(matches!(
            parse_ofac_dob("circa 1973"),
            Some(BirthDate::Approximate { .. })
        ));
        assert!(matches!(
            parse_ofac_dob("1960 to 1962"),
            Some(BirthDate::Range { .. })
        ));
        assert!(matches!(
            parse_ofac_dob("circa 1952-1954"),
            Some(BirthDate::Range { .. })
        ));
        assert!(matches!(
            parse_ofac_dob("01 Jan 1960 to 31 Dec 1962"),
            Some(BirthDate::Range { .. })
        ));
        for bad in [
            "31 Feb 1970",
            "",
            "circa",
            "1962 to 1960",
            "12 Foo 1970",
            "19",
        ] {
            assert_eq!(parse_ofac_dob(bad), None, "{bad}");
        }
    }

    #[test]
    fn remarks_bag() {
        let mut e = ListedEntry::new("1", ListKind::OfacSdn, EntryKind::Individual);
        let mut push = |e: &mut ListedEntry, full: &str, k: NameKind, q: NameQuality| {
            e.push_name(full, k, q);
        };
        parse_remarks(
            &mut e,
            "DOB 22 Oct 1973; alt. DOB 1975; POB Cairo, Egypt; nationality Egypt; citizen Russia; \
             Gender Male; Passport 1084010 (Egypt) issued 1990; National ID No. 216040 (Yemen); \
             Tax ID No. 7744001497 (Russia); a.k.a. 'ABU UMAR'; Linked To: HIZBALLAH.",
            &mut push,
        );
        assert_eq!(e.birth_dates.len(), 2);
        assert_eq!(e.places_of_birth, ["Cairo, Egypt"]);
        assert_eq!(e.nationalities.len(), 2);
        assert_eq!(e.sex, Some(Sex::Male));
        assert_eq!(e.documents.len(), 2);
        assert_eq!(e.documents[0].number, "1084010");
        assert_eq!(e.documents[0].note.as_deref(), Some("issued 1990"));
        assert_eq!(e.identifiers[0].scheme, "Tax ID No.");
        assert_eq!(e.names[0].quality, NameQuality::Weak);
        assert_eq!(e.remarks, ["Linked To: HIZBALLAH"]);
    }

    #[test]
    fn surname_given_split() {
        let n = individual_name("MADURO MOROS, Nicolas", NameKind::Primary).expect("name");
        assert_eq!(n.family.as_deref(), Some("MADURO MOROS"));
        assert_eq!(n.given.as_deref(), Some("Nicolas"));
    }
}
