//! The output of every parser is [`ListedEntry`], defined in
//! `berkut-domain` (the store keeps entries as events); this module adds
//! what parsers need to build entries.

pub use berkut_domain::watchlist::{
    BanDetails, BirthDate, EntryKind, Identifier, ListKind, ListedDocument, ListedEntry,
    ListedName, NameQuality,
};
use berkut_domain::{CountryCode, DocumentKind, NameKind, PartialDate, PersonName};
use time::Date;

use crate::country::{CountryLookup, country_from_name};

/// Building entries while parsing.
pub(crate) trait EntryBuild {
    /// Add a name from its written form; an invalid name becomes a warning.
    fn push_name(&mut self, full: &str, kind: NameKind, quality: NameQuality);
    /// Add a name unless an equal one (same text and kind) is present.
    fn push_listed(&mut self, n: ListedName);
    /// Add a nationality given as a country name.
    fn push_country_name(&mut self, name: &str);
    /// Add a nationality code, without duplicates.
    fn push_nationality(&mut self, c: CountryCode);
    /// Record a non-fatal problem.
    fn warn(&mut self, msg: impl Into<String>);
}

impl EntryBuild for ListedEntry {
    /// Add a name from its written form; an invalid name becomes a warning.
    fn push_name(&mut self, full: &str, kind: NameKind, quality: NameQuality) {
        let full = full.trim();
        if full.is_empty() {
            return;
        }
        match PersonName::new(full, kind) {
            Ok(name) => self.push_listed(ListedName { name, quality }),
            Err(e) => self.warnings.push(format!("name '{full}': {}", e.message)),
        }
    }

    /// Add a name unless an equal one (same text and kind) is present.
    fn push_listed(&mut self, n: ListedName) {
        if !self
            .names
            .iter()
            .any(|m| m.name.full == n.name.full && m.name.kind == n.name.kind)
        {
            self.names.push(n);
        }
    }

    /// Add a nationality given as a country name.
    fn push_country_name(&mut self, name: &str) {
        match country_from_name(name) {
            CountryLookup::Code(c) => self.push_nationality(c),
            CountryLookup::Blank => {}
            CountryLookup::Unmapped(s) => {
                if !self.unmapped_countries.contains(&s) {
                    self.unmapped_countries.push(s);
                }
            }
        }
    }

    /// Add a nationality code, without duplicates.
    fn push_nationality(&mut self, c: CountryCode) {
        if !self.nationalities.contains(&c) {
            self.nationalities.push(c);
        }
    }

    /// Record a non-fatal problem.
    fn warn(&mut self, msg: impl Into<String>) {
        self.warnings.push(msg.into());
    }
}

/// Building documents while parsing.
pub(crate) trait DocumentBuild {
    /// A document; the number is normalised when possible and the country
    /// name mapped to alpha-3 when possible.
    fn new(kind: DocumentKind, kind_text: &str, number: &str, country: Option<&str>) -> Self;
}

impl DocumentBuild for ListedDocument {
    fn new(kind: DocumentKind, kind_text: &str, number: &str, country: Option<&str>) -> Self {
        let (country, country_text) = match country.map(country_from_name) {
            Some(CountryLookup::Code(c)) => (Some(c), None),
            Some(CountryLookup::Unmapped(s)) => (None, Some(s)),
            Some(CountryLookup::Blank) | None => (None, None),
        };
        ListedDocument::with_country(kind, kind_text, number, country, country_text)
    }
}

/// A name that `PersonName::new` refuses only for lack of letters (vessel
/// "7-28", company "1520"): built as is when short and free of control
/// characters.
pub(crate) fn plain_name(full: &str, kind: NameKind) -> Option<PersonName> {
    let full = full.split_whitespace().collect::<Vec<_>>().join(" ");
    if full.is_empty() || full.chars().count() > 300 || full.chars().any(char::is_control) {
        return None;
    }
    Some(PersonName {
        script: berkut_domain::Script::detect(&full),
        full,
        given: None,
        family: None,
        patronymic: None,
        kind,
    })
}

/// Parse a `YYYY-MM-DD` prefix (UN writes `2001-01-25` and `2001-01-25-05:00`).
pub(crate) fn iso_day_prefix(s: &str) -> Option<Date> {
    let s = s.trim();
    let head = s.get(..10)?;
    match PartialDate::parse(head).ok()? {
        PartialDate::Day(d) => Some(d),
        _ => None,
    }
}
