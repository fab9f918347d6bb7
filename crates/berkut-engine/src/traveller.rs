//! Travellers as the batch screening input gives them (DESIGN traveller
//! JSONL), and their reduction to a query subject.

use berkut_documents::{Sex as MrzSex, parse_mrz};
use berkut_match::{MatchSubject, PartialDate};
use serde::{Deserialize, Serialize};
use time::Date;

/// A travel document as printed in the visual zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TravellerDocument {
    /// Document number as written.
    pub number: String,
    /// Issuing state (ISO alpha-3).
    #[serde(default)]
    pub country: Option<String>,
    /// Document type (`P`, `ID`, …).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Expiry date `YYYY-MM-DD`.
    #[serde(default)]
    pub expiry: Option<String>,
}

/// One traveller to screen: names and data as typed, or MRZ lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Traveller {
    /// Caller's id, echoed in the decision.
    pub id: String,
    /// Names in any script and order.
    #[serde(default)]
    pub names: Vec<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub birth_date: Option<String>,
    /// Nationality (ISO alpha-3 or alpha-2).
    #[serde(default)]
    pub nationality: Option<String>,
    /// `M`, `F` or `X`.
    #[serde(default)]
    pub sex: Option<String>,
    /// The travel document.
    #[serde(default)]
    pub document: Option<TravellerDocument>,
    /// MRZ lines; their fields add to (never replace) the typed ones.
    #[serde(default)]
    pub mrz: Option<Vec<String>>,
}

/// What the screener compares: the subject and warnings about the input.
#[derive(Debug, Clone, Default)]
pub(crate) struct QuerySubject {
    pub subject: MatchSubject,
    pub warnings: Vec<String>,
}

fn partial(d: Date) -> PartialDate {
    PartialDate {
        year: u16::try_from(d.year()).unwrap_or(0),
        month: Some(u8::from(d.month())),
        day: Some(d.day()),
    }
}

impl Traveller {
    /// Parse one traveller JSONL line.
    pub fn from_json(line: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(line)
    }

    pub(crate) fn to_query(&self, today: Date) -> QuerySubject {
        let mut q = QuerySubject::default();
        let s = &mut q.subject;
        s.names = self
            .names
            .iter()
            .filter(|n| !n.trim().is_empty())
            .cloned()
            .collect();
        if let Some(b) = &self.birth_date {
            match PartialDate::parse(b) {
                Some(d) => s.birth_dates.push(d),
                None => q.warnings.push(format!("birth date '{b}' not understood")),
            }
        }
        if let Some(n) = &self.nationality {
            s.nationalities.push(n.clone());
        }
        s.sex = self.sex.as_deref().and_then(|x| x.trim().chars().next());
        if let Some(d) = &self.document {
            s.documents.push(d.number.clone());
        }
        if let Some(lines) = &self.mrz {
            let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
            match parse_mrz(&refs) {
                Ok(m) => {
                    if !m.valid {
                        let bad: Vec<&str> = m
                            .checks
                            .iter()
                            .filter(|c| !c.ok)
                            .map(|c| c.field.as_str())
                            .collect();
                        q.warnings.push(format!(
                            "MRZ check digits failed ({}): screened all the same",
                            bad.join(", ")
                        ));
                    }
                    let name = match (m.primary_identifier.trim(), m.secondary_identifier.trim()) {
                        ("", "") => None,
                        (p, "") => Some(p.to_string()),
                        ("", g) => Some(g.to_string()),
                        (p, g) => Some(format!("{p}, {g}")),
                    };
                    if let Some(n) = name
                        && !s.names.contains(&n)
                    {
                        s.names.push(n);
                    }
                    if m.name_possibly_truncated {
                        q.warnings
                            .push("MRZ name field is full: the name may be truncated".into());
                    }
                    if let Some(d) = m.birth_date_on(today) {
                        let d = partial(d);
                        if !s.birth_dates.contains(&d) {
                            s.birth_dates.push(d);
                        }
                    }
                    if !m.nationality.is_empty() && !s.nationalities.contains(&m.nationality) {
                        s.nationalities.push(m.nationality.clone());
                    }
                    if s.sex.is_none() {
                        s.sex = match m.sex {
                            MrzSex::Male => Some('M'),
                            MrzSex::Female => Some('F'),
                            _ => None,
                        };
                    }
                    if !m.document_number.is_empty() && !s.documents.contains(&m.document_number) {
                        s.documents.push(m.document_number.clone());
                    }
                }
                Err(e) => q.warnings.push(format!("MRZ not readable: {e}")),
            }
        }
        if s.names.is_empty() {
            q.warnings.push("no name to screen".into());
        }
        q
    }
}
