//! Watchlist entries: one listed person, organisation, vessel or aircraft,
//! with everything its list says about it. Every list parser produces these;
//! the store keeps them as events; the screening engine indexes them.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{CountryCode, DocumentKind, DocumentNumber, LegalGround, PartialDate, PersonName, Sex};

/// Which list an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// A register of lost, stolen, revoked and blank documents (JSONL / CSV).
    InvalidatedDocuments,
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
            Self::InvalidatedDocuments => "invalidated_documents",
        }
    }
}

/// What kind of subject an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameQuality {
    /// A name the list gives as identifying (primary, good-quality alias).
    Strong,
    /// A "low quality" / weak alias: too common to identify on its own, but
    /// it must still be searched (watchman#450).
    Weak,
}

/// One name of a listed subject, with its quality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// A non-document identifier: tax number, INN, IIN/BIN, registration number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    /// The scheme as the list names it (`INN`, `IIN`, `BIN`, `Tax ID No.`).
    pub scheme: String,
    /// The value as written.
    pub value: String,
    /// The issuing country, when stated and mapped.
    pub country: Option<CountryCode>,
}

/// Ban details carried by national-register entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanDetails {
    /// The authority that imposed the ban.
    pub authority: Option<String>,
    /// The decision it rests on.
    pub basis: Option<String>,
    /// Last day of the ban; `None` means permanent or not stated.
    #[serde(default, with = "crate::iso_date::option")]
    pub until: Option<Date>,
}

/// One entry of a watchlist, whatever the source format.
///
/// Architecture invariant: parsers never silently drop what they cannot
/// interpret. A country name not in the table goes to `unmapped_countries`;
/// a date or name that fails validation goes to `warnings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(default, with = "crate::iso_date::option")]
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
    /// How the file wrote the entry (for counts that match the list's own
    /// statistics). Not content: not serialized, not hashed, and ignored by
    /// equality, so a stored entry equals the parsed one.
    #[serde(skip)]
    pub source_counts: SourceCounts,
}

/// Counts of how a list file wrote one entry, taken by the parser before
/// equal names are merged. Compares equal to any other `SourceCounts`: it
/// describes the file, not the entry.
#[derive(Debug, Clone, Copy, Default)]
pub struct SourceCounts {
    /// Alias records the file gives for the entry (UN `INDIVIDUAL_ALIAS` /
    /// `ENTITY_ALIAS` elements with a name, OFAC `alt.csv` rows), or `None`
    /// when the parser does not count them (then the entry's alias and
    /// former names are counted).
    pub alias_records: Option<u32>,
    /// Alias names found inside free-text remarks (OFAC's weak `a.k.a.
    /// 'NAME'` in Remarks), also before merging.
    pub remark_aliases: u32,
}

impl PartialEq for SourceCounts {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for SourceCounts {}

impl ListedEntry {
    /// Alias records as the file gives them ([`SourceCounts::alias_records`]),
    /// or, when the parser did not count them, the entry's alias and former
    /// names.
    pub fn alias_records(&self) -> u64 {
        match self.source_counts.alias_records {
            Some(n) => u64::from(n),
            None => self
                .names
                .iter()
                .filter(|n| {
                    matches!(
                        n.name.kind,
                        crate::NameKind::Alias | crate::NameKind::Former
                    )
                })
                .count() as u64,
        }
    }

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
            source_counts: SourceCounts::default(),
        }
    }

    /// The primary name (the first one), if any.
    pub fn primary_name(&self) -> Option<&PersonName> {
        self.names.first().map(|n| &n.name)
    }
}

impl ListedDocument {
    /// A document with its number normalised when possible; the country is
    /// given already mapped (`country`) or as unmapped text.
    pub fn with_country(
        kind: DocumentKind,
        kind_text: &str,
        number: &str,
        country: Option<CountryCode>,
        country_text: Option<String>,
    ) -> Self {
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

/// The id of a watchlist entry in Berkut: `SOURCE:SOURCE_ID`
/// (`un_sc_consolidated:6908555`, `national_register:W-000123`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(String);

impl EntryId {
    /// The id of `source_id` in `source`; both must be non-empty, without
    /// control characters, and together at most 256 characters.
    pub fn new(source: &str, source_id: &str) -> Result<Self, crate::ValidationError> {
        let (source, source_id) = (source.trim(), source_id.trim());
        if source.is_empty() || source_id.is_empty() {
            return Err(crate::ValidationError::new(
                "id",
                "an entry needs a source and an id",
            ));
        }
        let id = format!("{source}:{source_id}");
        if id.chars().count() > 256 || id.chars().any(char::is_control) {
            return Err(crate::ValidationError::new(
                "id",
                format!("'{id}' is longer than 256 characters or has control characters"),
            ));
        }
        Ok(Self(id))
    }

    /// Parse a stored id.
    pub fn parse(s: &str) -> Result<Self, crate::ValidationError> {
        match s.split_once(':') {
            Some((source, id)) => Self::new(source, id),
            None => Err(crate::ValidationError::new(
                "entry_id",
                format!("'{s}' is not SOURCE:ID"),
            )),
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The source part.
    pub fn source(&self) -> &str {
        self.0.split_once(':').map_or("", |(s, _)| s)
    }
}

impl std::fmt::Display for EntryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Payload of `watchlist.entry_listed` and `watchlist.entry_changed`: the
/// entry as its source now states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryListed {
    /// Berkut's id of the entry.
    pub entry_id: EntryId,
    /// The source (list name as imported).
    pub source: String,
    /// Hex SHA-256 of the entry's canonical JSON, for delta refresh.
    pub content_hash: String,
    /// The entry.
    pub entry: ListedEntry,
}

/// Payload of `watchlist.entry_delisted`: the entry left its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryDelisted {
    /// Berkut's id of the entry.
    pub entry_id: EntryId,
    /// The source.
    pub source: String,
    /// Why (`delisted` when a newer file no longer has it).
    pub reason: String,
}

/// Payload of `source.imported`: one import of a list file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceImported {
    /// Source name.
    pub source: String,
    /// The list format.
    pub list: ListKind,
    /// The version the file states (UN `dateGenerated`), or the file's date.
    pub version: String,
    /// Hex SHA-256 of the file's bytes.
    pub content_hash: String,
    /// Entries in the file.
    pub entries: u64,
    /// Entries added, changed, delisted and unchanged by this import.
    pub added: u64,
    /// Changed.
    pub changed: u64,
    /// Delisted.
    pub removed: u64,
    /// Unchanged.
    pub unchanged: u64,
}

/// Hex SHA-256 of an entry's canonical JSON ([`ListedEntry::canonical_json`]).
pub fn content_hash_of(canonical: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

impl EntryListed {
    /// The event payload (canonical JSON), given the entry's canonical JSON:
    /// large imports compute that once for the content hash, the payload
    /// and the projection row.
    pub fn payload_with(&self, entry_canonical: &str) -> String {
        Self::payload_of(
            &self.entry_id,
            &self.source,
            &self.content_hash,
            entry_canonical,
        )
    }

    /// [`Self::payload_with`] from the parts of a body, without building it.
    pub fn payload_of(
        entry_id: &EntryId,
        source: &str,
        content_hash: &str,
        entry_canonical: &str,
    ) -> String {
        let s = |v: &str| serde_json::to_string(v).unwrap_or_default();
        format!(
            "{{\"content_hash\":{},\"entry\":{entry_canonical},\"entry_id\":{},\"source\":{}}}",
            s(content_hash),
            s(entry_id.as_str()),
            s(source)
        )
    }
}

impl ListedEntry {
    /// Hex SHA-256 of the entry's canonical JSON: equal for equal entries,
    /// whatever the order of keys; used to tell changed entries apart.
    pub fn content_hash(&self) -> String {
        content_hash_of(&self.canonical_json())
    }

    /// The entry as canonical JSON (sorted keys, no whitespace).
    pub fn canonical_json(&self) -> String {
        let v = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        crate::event::canonical_json(&v)
    }

    /// Whether this entry bars entry by itself (a national ban, a UN travel
    /// ban): it carries a legal ground.
    pub fn bars_entry(&self) -> bool {
        self.ground.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_round_trips_through_json() {
        let mut e = ListedEntry::new("6908555", ListKind::UnSc, EntryKind::Individual);
        e.names.push(ListedName::strong(
            PersonName::new("Иванов Юрий", crate::NameKind::Primary).expect("valid"),
        ));
        e.birth_dates.push(BirthDate::Range {
            from: PartialDate::Year(1960),
            to: PartialDate::Year(1962),
        });
        e.listed_on = crate::parse_date("d", "2001-01-25").ok();
        e.ground = Some(LegalGround::UnOrForeignSanctions);
        e.ban = Some(BanDetails {
            authority: Some("UN SC".into()),
            basis: None,
            until: None,
        });
        let json = serde_json::to_string(&e).expect("ser");
        assert!(json.contains("\"listed_on\":\"2001-01-25\""), "{json}");
        let back: ListedEntry = serde_json::from_str(&json).expect("de");
        assert_eq!(back, e);
    }

    #[test]
    fn fast_payload_equals_canonical_json() {
        let mut e = ListedEntry::new("7\"q", ListKind::OfacSdn, EntryKind::Individual);
        e.names.push(ListedName::weak(
            PersonName::new("Абу \\ \"Икс\"", crate::NameKind::Alias).expect("valid"),
        ));
        let body = EntryListed {
            entry_id: EntryId::new("ofac_sdn", "7\"q").expect("id"),
            source: "ofac_sdn".into(),
            content_hash: e.content_hash(),
            entry: e,
        };
        let generic = crate::event::canonical_json(&serde_json::to_value(&body).expect("value"));
        assert_eq!(body.payload_with(&body.entry.canonical_json()), generic);
        // Sealing from parts gives the event sealing the body gives.
        let actor = crate::Actor::parse("importer").expect("actor");
        let prev = crate::Hash::from_hex(&"ab".repeat(32)).expect("hex");
        for (event, kind) in [
            (
                crate::EventBody::EntryListed(body.clone()),
                crate::event::kind::ENTRY_LISTED,
            ),
            (
                crate::EventBody::EntryChanged(body.clone()),
                crate::event::kind::ENTRY_CHANGED,
            ),
        ] {
            let at = "2026-01-01T00:00:00Z".to_string();
            let whole = crate::RecordedEvent::seal(6, &prev, at.clone(), &actor, &event);
            let parts = crate::RecordedEvent::seal_parts(
                6,
                &prev,
                at,
                &actor,
                kind,
                body.entry_id.to_string(),
                EntryListed::payload_of(
                    &body.entry_id,
                    &body.source,
                    &body.content_hash,
                    &body.entry.canonical_json(),
                ),
            );
            assert_eq!(whole, parts);
        }
    }

    /// The canonical form as first written (through `Value`'s `Display`):
    /// the chain hashes of stored events depend on these exact bytes.
    fn reference_canonical(v: &serde_json::Value) -> String {
        match v {
            serde_json::Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let parts: Vec<String> = keys
                    .into_iter()
                    .map(|k| {
                        format!(
                            "{}:{}",
                            serde_json::Value::String(k.clone()),
                            reference_canonical(&map[k])
                        )
                    })
                    .collect();
                format!("{{{}}}", parts.join(","))
            }
            serde_json::Value::Array(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(reference_canonical)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            scalar => scalar.to_string(),
        }
    }

    #[test]
    fn canonical_json_is_byte_stable() {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"z": [1.5, -2, 1e300, 0.1, true, null, {"b": "\u0000\"\\/\n\t é 𝄞 \u001f \u2028", "a": {}}], "ä": [], "A": 18446744073709551615, "": ""}"#,
        )
        .expect("json");
        assert_eq!(crate::event::canonical_json(&v), reference_canonical(&v));
        let mut e = ListedEntry::new("7\"q", ListKind::OfacSdn, EntryKind::Individual);
        e.names.push(ListedName::weak(
            PersonName::new("Абу \\ \"Икс\"", crate::NameKind::Alias).expect("valid"),
        ));
        e.remarks.push("tab\there\u{1}".into());
        let v = serde_json::to_value(&e).expect("value");
        assert_eq!(e.canonical_json(), reference_canonical(&v));
    }

    #[test]
    fn entry_ids() {
        let id = EntryId::new("ofac_sdn", "36").expect("valid");
        assert_eq!(id.as_str(), "ofac_sdn:36");
        assert_eq!(id.source(), "ofac_sdn");
        assert_eq!(EntryId::parse("ofac_sdn:36"), Ok(id));
        assert!(EntryId::new("", "1").is_err());
        assert!(EntryId::parse("nocolon").is_err());
    }
}
