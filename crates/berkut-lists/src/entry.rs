//! The output of every parser: one listed person, organisation, vessel or
//! aircraft, with everything the list says about it.

use berkut_domain::{
    CountryCode, DocumentKind, DocumentNumber, LegalGround, NameKind, PartialDate, PersonName, Sex,
};
use serde::Serialize;
use time::Date;

use crate::country::{CountryLookup, country_from_name};

/// Which list an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// UN Security Council Consolidated List (XML).
    UnSc,
    /// OFAC Specially Designated Nationals (legacy CSV).
    OfacSdn,
    /// OFAC Consolidated (non-SDN) list (legacy CSV).
    OfacConsolidated,
    /// OpenSanctions FollowTheMoney entities (JSON lines).
    OpenSanctions,
    /// Kazakhstan Financial Monitoring Agency list (XML).
    KzAfm,
    /// Kazakhstan's own register of entry bans (JSONL / CSV).
    NationalRegister,
}

impl ListKind {
    /// A stable code, usable as `WatchlistSource::ImportedList::name`.
    pub fn code(self) -> &'static str {
        match self {
            Self::UnSc => "un_sc_consolidated",
            Self::OfacSdn => "ofac_sdn",
            Self::OfacConsolidated => "ofac_consolidated",
            Self::OpenSanctions => "opensanctions",
            Self::KzAfm => "kz_afm",
            Self::NationalRegister => "national_register",
        }
    }
}

/// What kind of subject an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A natural person.
    Individual,
    /// A company, organisation or other legal entity.
    Organisation,
    /// A ship.
    Vessel,
    /// An aircraft.
    Aircraft,
}

/// How much a name can be relied on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameQuality {
    /// A name the list gives as identifying (primary, good-quality alias).
    Strong,
    /// A "low quality" / weak alias: too common to identify on its own, but
    /// it must still be searched (watchman#450).
    Weak,
}

/// One name of a listed subject, with its quality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedName {
    /// The name; `name.kind` says primary / alias / former / transliteration.
    pub name: PersonName,
    /// Strong or weak.
    pub quality: NameQuality,
}

impl ListedName {
    /// A strong name.
    pub fn strong(name: PersonName) -> Self {
        Self {
            name,
            quality: NameQuality::Strong,
        }
    }

    /// A weak name.
    pub fn weak(name: PersonName) -> Self {
        Self {
            name,
            quality: NameQuality::Weak,
        }
    }
}

/// A date of birth as lists state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BirthDate {
    /// Known to the year, month or day.
    Exact {
        /// The date.
        date: PartialDate,
    },
    /// "circa", "approximately".
    Approximate {
        /// The approximate date.
        date: PartialDate,
    },
    /// "between 1960 and 1962", "1960 to 1962".
    Range {
        /// First possible.
        from: PartialDate,
        /// Last possible.
        to: PartialDate,
    },
}

impl BirthDate {
    /// The earliest day the statement allows.
    pub fn earliest(&self) -> Date {
        match self {
            Self::Exact { date } | Self::Approximate { date } => date.earliest(),
            Self::Range { from, .. } => from.earliest(),
        }
    }

    /// The latest day the statement allows.
    pub fn latest(&self) -> Date {
        match self {
            Self::Exact { date } | Self::Approximate { date } => date.latest(),
            Self::Range { to, .. } => to.latest(),
        }
    }
}

/// An identity document named by a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedDocument {
    /// Passport, ID card or other.
    pub kind: DocumentKind,
    /// The document type as the list writes it ("Passport", "Cedula No.").
    pub kind_text: String,
    /// The number as written.
    pub number: String,
    /// The number normalised for matching, when it is a plausible number.
    pub normalised: Option<DocumentNumber>,
    /// Issuing state, when named and mapped.
    pub country: Option<CountryCode>,
    /// Issuing state as written, when it could not be mapped.
    pub country_text: Option<String>,
    /// Anything else the list says (issue date, "expires …", note).
    pub note: Option<String>,
}

impl ListedDocument {
    /// A document; the number is normalised when possible and the country
    /// name mapped to alpha-3 when possible.
    pub fn new(kind: DocumentKind, kind_text: &str, number: &str, country: Option<&str>) -> Self {
        let (country, country_text) = match country.map(country_from_name) {
            Some(CountryLookup::Code(c)) => (Some(c), None),
            Some(CountryLookup::Unmapped(s)) => (None, Some(s)),
            Some(CountryLookup::Blank) | None => (None, None),
        };
        Self {
            kind,
            kind_text: kind_text.trim().to_string(),
            number: number.trim().to_string(),
            normalised: DocumentNumber::parse(number).ok(),
            country,
            country_text,
            note: None,
        }
    }
}

/// A non-document identifier: tax number, INN, IIN/BIN, registration number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identifier {
    /// The scheme as the list names it (`INN`, `IIN`, `BIN`, `Tax ID No.`).
    pub scheme: String,
    /// The value as written.
    pub value: String,
    /// The issuing country, when stated and mapped.
    pub country: Option<CountryCode>,
}

/// Ban details carried by national-register entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BanDetails {
    /// The authority that imposed the ban.
    pub authority: Option<String>,
    /// The decision it rests on.
    pub basis: Option<String>,
    /// Last day of the ban; `None` means permanent or not stated.
    pub until: Option<Date>,
}

/// One entry of a watchlist, whatever the source format.
///
/// Architecture invariant: parsers never silently drop what they cannot
/// interpret. A country name not in the table goes to `unmapped_countries`;
/// a date or name that fails validation goes to `warnings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedEntry {
    /// The list's own stable id (UN DATAID, OFAC ent_num, FtM id, AFM IIN or
    /// `row:N`, register id).
    pub source_id: String,
    /// The list.
    pub list: ListKind,
    /// Person, organisation, vessel or aircraft.
    pub kind: EntryKind,
    /// All names; the first is the primary one.
    pub names: Vec<ListedName>,
    /// Dates of birth (several when the list gives several).
    pub birth_dates: Vec<BirthDate>,
    /// Places of birth as written.
    pub places_of_birth: Vec<String>,
    /// Nationalities and citizenships, mapped to alpha-3, without duplicates.
    pub nationalities: Vec<CountryCode>,
    /// Country names found in the record that are not in the table.
    pub unmapped_countries: Vec<String>,
    /// Sex, when stated.
    pub sex: Option<Sex>,
    /// Passports, ID cards and other documents.
    pub documents: Vec<ListedDocument>,
    /// Tax numbers, INN, IIN/BIN and other identifiers.
    pub identifiers: Vec<Identifier>,
    /// Sanctions programmes, list types, FtM topics.
    pub programs: Vec<String>,
    /// The list's reference number (UN `QDi.001`), when distinct from the id.
    pub reference_number: Option<String>,
    /// The day the entry was listed.
    pub listed_on: Option<Date>,
    /// Addresses as written.
    pub addresses: Vec<String>,
    /// Free-text remarks the parser did not turn into fields.
    pub remarks: Vec<String>,
    /// The legal ground for an entry ban this listing implies, if any.
    pub ground: Option<LegalGround>,
    /// Ban details (national register only).
    pub ban: Option<BanDetails>,
    /// Values the parser could not interpret (bad date, empty name); kept so
    /// nothing is lost silently.
    pub warnings: Vec<String>,
}

impl ListedEntry {
    /// An empty entry.
    pub fn new(source_id: impl Into<String>, list: ListKind, kind: EntryKind) -> Self {
        Self {
            source_id: source_id.into(),
            list,
            kind,
            names: Vec::new(),
            birth_dates: Vec::new(),
            places_of_birth: Vec::new(),
            nationalities: Vec::new(),
            unmapped_countries: Vec::new(),
            sex: None,
            documents: Vec::new(),
            identifiers: Vec::new(),
            programs: Vec::new(),
            reference_number: None,
            listed_on: None,
            addresses: Vec::new(),
            remarks: Vec::new(),
            ground: None,
            ban: None,
            warnings: Vec::new(),
        }
    }

    /// The primary name (the first one), if any.
    pub fn primary_name(&self) -> Option<&PersonName> {
        self.names.first().map(|n| &n.name)
    }

    /// Add a name from its written form; an invalid name becomes a warning.
    pub(crate) fn push_name(&mut self, full: &str, kind: NameKind, quality: NameQuality) {
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
    pub(crate) fn push_listed(&mut self, n: ListedName) {
        if !self
            .names
            .iter()
            .any(|m| m.name.full == n.name.full && m.name.kind == n.name.kind)
        {
            self.names.push(n);
        }
    }

    /// Add a nationality given as a country name.
    pub(crate) fn push_country_name(&mut self, name: &str) {
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
    pub(crate) fn push_nationality(&mut self, c: CountryCode) {
        if !self.nationalities.contains(&c) {
            self.nationalities.push(c);
        }
    }

    /// Record a non-fatal problem.
    pub(crate) fn warn(&mut self, msg: impl Into<String>) {
        self.warnings.push(msg.into());
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
