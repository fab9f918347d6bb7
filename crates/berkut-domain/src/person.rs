//! Persons: names in any script, partial birth dates, sex, nationalities and
//! identity documents.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::Date;

use crate::{CountryCode, PartialDate, ValidationError, date::iso_date};

/// Maximum length of an identifier (person, ban, entry ids).
const MAX_ID_LEN: usize = 64;

/// Validate an external identifier: 1..=64 characters of `A-Z a-z 0-9 . _ : -`.
pub(crate) fn validate_id(field: &str, s: &str) -> Result<String, ValidationError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    if s.len() > MAX_ID_LEN {
        return Err(ValidationError::new(
            field,
            format!("'{s}' is longer than {MAX_ID_LEN} characters"),
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-')))
    {
        return Err(ValidationError::new(
            field,
            format!("'{s}' contains '{c}'; ids use only letters, digits, '.', '_', ':' and '-'"),
        ));
    }
    Ok(s.to_string())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Parse and validate an id.
            pub fn parse(s: &str) -> Result<Self, $crate::ValidationError> {
                $crate::person::validate_id($field, s).map(Self)
            }
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                Self::parse(&s).map_err(|e| ::serde::de::Error::custom(e.message))
            }
        }
    };
}
pub(crate) use id_type;

id_type!(
    /// A person's id: the external id of a register or list entry (`W-000123`)
    /// or one Berkut generated.
    PersonId,
    "person_id"
);

/// The writing system of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    /// Latin letters.
    Latin,
    /// Cyrillic letters (Russian, Kazakh, Ukrainian, …).
    Cyrillic,
    /// Arabic script (Arabic, Persian, Pashto, Urdu).
    Arabic,
    /// Chinese characters.
    Han,
    /// Greek letters.
    Greek,
    /// Letters of more than one script in one name.
    Mixed,
    /// Anything else, or no letters at all.
    Other,
}

/// `char::is_alphabetic`, answering the Cyrillic letters (every code point
/// of U+0400–U+0481 and U+048A–U+052F is one) without the Unicode table
/// search: registers are mostly Cyrillic, and imports test every character.
fn is_letter(c: char) -> bool {
    matches!(c as u32, 0x0400..=0x0481 | 0x048A..=0x052F) || c.is_alphabetic()
}

impl Script {
    fn of_char(c: char) -> Option<Script> {
        if !is_letter(c) {
            return None;
        }
        Some(match c as u32 {
            0x0041..=0x024F | 0x1E00..=0x1EFF => Script::Latin,
            0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
            0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => {
                Script::Cyrillic
            }
            0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x08A0..=0x08FF
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFF => Script::Arabic,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F => Script::Han,
            _ => Script::Other,
        })
    }

    /// The script of a text: the one script all its letters share, `Mixed`
    /// when letters of several scripts occur, `Other` when there is no letter.
    pub fn detect(text: &str) -> Script {
        let mut found: Option<Script> = None;
        for s in text.chars().filter_map(Script::of_char) {
            match found {
                None => found = Some(s),
                Some(f) if f == s => {}
                Some(_) => return Script::Mixed,
            }
        }
        found.unwrap_or(Script::Other)
    }
}

/// What a name is to its person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    /// The name as registered.
    #[default]
    Primary,
    /// Another name the person is known by.
    Alias,
    /// A name the person used before (maiden name, changed name).
    Former,
    /// The primary name written in another script or standard.
    Transliteration,
}

/// Maximum length of one name, in characters.
const MAX_NAME_CHARS: usize = 300;

/// One name of a person, in any script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    /// The whole name as written.
    pub full: String,
    /// Given name(s), when the source separates them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// Family name, when the source separates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Patronymic (father's name), when the source separates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patronymic: Option<String>,
    /// The script the name is written in.
    pub script: Script,
    /// What the name is to the person.
    pub kind: NameKind,
}

fn clean_part(field: &str, s: Option<&str>) -> Result<Option<String>, ValidationError> {
    let Some(s) = s else { return Ok(None) };
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > MAX_NAME_CHARS {
        return Err(ValidationError::new(
            field,
            format!("is longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if s.chars().any(char::is_control) {
        return Err(ValidationError::new(field, "contains control characters"));
    }
    Ok(Some(s))
}

impl PersonName {
    /// A name from its full written form (whitespace is collapsed).
    pub fn new(full: &str, kind: NameKind) -> Result<Self, ValidationError> {
        let full = clean_part("names", Some(full))?
            .ok_or_else(|| ValidationError::new("names", "a name must not be empty"))?;
        if !full.chars().any(char::is_alphabetic) {
            return Err(ValidationError::new(
                "names",
                format!("'{full}' contains no letter"),
            ));
        }
        Ok(Self {
            script: Script::detect(&full),
            full,
            given: None,
            family: None,
            patronymic: None,
            kind,
        })
    }

    /// A name from separate parts; the full form is `family given patronymic`.
    pub fn from_parts(
        given: Option<&str>,
        family: Option<&str>,
        patronymic: Option<&str>,
        kind: NameKind,
    ) -> Result<Self, ValidationError> {
        let given = clean_part("names.given", given)?;
        let family = clean_part("names.family", family)?;
        let patronymic = clean_part("names.patronymic", patronymic)?;
        let full: Vec<&str> = [&family, &given, &patronymic]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        let mut name = Self::new(&full.join(" "), kind)?;
        name.given = given;
        name.family = family;
        name.patronymic = patronymic;
        Ok(name)
    }
}

/// Sex as recorded on documents and registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    /// Male.
    #[serde(rename = "M")]
    Male,
    /// Female.
    #[serde(rename = "F")]
    Female,
    /// Unspecified (`X` on documents).
    #[serde(rename = "X")]
    Unspecified,
}

impl Sex {
    /// Parse `M`, `F`, `X` (and the words male/female/unspecified).
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "m" | "male" => Ok(Sex::Male),
            "f" | "female" => Ok(Sex::Female),
            "x" | "<" | "unspecified" | "u" => Ok(Sex::Unspecified),
            _ => Err(ValidationError::new(
                "sex",
                format!("'{s}' is not a sex; expected M, F or X"),
            )),
        }
    }
}

/// The kind of an identity document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Passport (MRZ code `P`).
    Passport,
    /// Identity card (MRZ codes `I`, `A`, `C`).
    IdCard,
    /// Visa (MRZ code `V`).
    Visa,
    /// Residence permit.
    ResidencePermit,
    /// Other travel document (refugee, stateless, laissez-passer).
    TravelDocument,
    /// Anything else.
    Other,
}

impl DocumentKind {
    /// Parse an MRZ document code (`P`, `PO`, `I`, `ID`, `V`) or a kind name.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let t = s.trim().to_ascii_lowercase();
        Ok(match t.as_str() {
            "passport" => Self::Passport,
            "id_card" | "id" | "idcard" => Self::IdCard,
            "visa" => Self::Visa,
            "residence_permit" => Self::ResidencePermit,
            "travel_document" => Self::TravelDocument,
            "other" => Self::Other,
            _ if t.len() <= 2 && t.starts_with('p') => Self::Passport,
            _ if t.len() <= 2 && t.starts_with('v') => Self::Visa,
            _ if t.len() <= 2
                && (t.starts_with('i') || t.starts_with('a') || t.starts_with('c')) =>
            {
                Self::IdCard
            }
            _ => {
                return Err(ValidationError::new(
                    "documents.type",
                    format!(
                        "'{s}' is not a document type; expected an MRZ code (P, I, V, …) or \
                         passport, id_card, visa, residence_permit, travel_document, other"
                    ),
                ));
            }
        })
    }
}

/// A document number, normalised: upper case, letters and digits only
/// (spaces, dashes and MRZ fillers dropped).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentNumber(String);

impl DocumentNumber {
    /// Parse and normalise a document number (1..=24 letters or digits).
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_uppercase());
            } else if !matches!(c, ' ' | '-' | '<' | '/' | '.') {
                return Err(ValidationError::new(
                    "documents.number",
                    format!("'{s}' contains '{c}'; a document number has letters and digits"),
                ));
            }
        }
        if out.is_empty() || out.len() > 24 {
            return Err(ValidationError::new(
                "documents.number",
                format!("'{s}' must have 1 to 24 letters or digits"),
            ));
        }
        Ok(Self(out))
    }

    /// The normalised number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for DocumentNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DocumentNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// An identity document held by a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityDocument {
    /// Passport, ID card, …
    pub kind: DocumentKind,
    /// The normalised number.
    pub number: DocumentNumber,
    /// The issuing state, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuing_state: Option<CountryCode>,
    /// The expiry date, when known.
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub expiry: Option<Date>,
}

/// A person: everything Berkut knows to tell them apart from others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The person's id.
    pub id: PersonId,
    /// All names (at least one), in any script.
    pub names: Vec<PersonName>,
    /// Birth dates, possibly partial; several when sources disagree.
    #[serde(default)]
    pub birth_dates: Vec<PartialDate>,
    /// Sex, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Nationalities (several allowed).
    #[serde(default)]
    pub nationalities: Vec<CountryCode>,
    /// Identity documents.
    #[serde(default)]
    pub documents: Vec<IdentityDocument>,
}

/// The raw form of a name in input files: a string, or an object of parts.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum NameInput {
    /// The whole name.
    Full(String),
    /// Name parts.
    Parts {
        /// Given name(s).
        #[serde(default)]
        given: Option<String>,
        /// Family name.
        #[serde(default)]
        family: Option<String>,
        /// Patronymic.
        #[serde(default)]
        patronymic: Option<String>,
        /// Ignored: the script is detected from the letters.
        #[serde(default)]
        script: Option<String>,
        /// `primary`, `alias`, `former` or `transliteration`.
        #[serde(default)]
        kind: Option<NameKind>,
    },
}

/// The raw form of a document in input files.
#[derive(Debug, Clone, Deserialize)]
pub struct DocumentInput {
    /// The number as written.
    pub number: String,
    /// Issuing state.
    #[serde(default)]
    pub country: Option<String>,
    /// MRZ code or kind; passport when absent.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Expiry, `YYYY-MM-DD`.
    #[serde(default)]
    pub expiry: Option<String>,
}

/// A person as users and files give it: plain strings, validated by
/// [`PersonInput::validate`] into a [`Person`].
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PersonInput {
    /// The id.
    pub id: String,
    /// Names: the first string is the primary name, the rest aliases.
    pub names: Vec<NameInput>,
    /// Birth dates.
    #[serde(default)]
    pub birth_dates: Vec<String>,
    /// Nationalities.
    #[serde(default)]
    pub nationalities: Vec<String>,
    /// Sex.
    #[serde(default)]
    pub sex: Option<String>,
    /// Documents.
    #[serde(default)]
    pub documents: Vec<DocumentInput>,
}

impl PersonInput {
    /// Validate every field; the error names the first bad field.
    pub fn validate(&self) -> Result<Person, ValidationError> {
        let id = PersonId::parse(&self.id).map_err(|e| e.in_field("id"))?;
        if self.names.is_empty() {
            return Err(ValidationError::new(
                "names",
                "at least one name is required",
            ));
        }
        let mut names = Vec::with_capacity(self.names.len());
        for (i, n) in self.names.iter().enumerate() {
            let default_kind = if i == 0 {
                NameKind::Primary
            } else {
                NameKind::Alias
            };
            let name = match n {
                NameInput::Full(s) => PersonName::new(s, default_kind),
                NameInput::Parts {
                    given,
                    family,
                    patronymic,
                    kind,
                    ..
                } => PersonName::from_parts(
                    given.as_deref(),
                    family.as_deref(),
                    patronymic.as_deref(),
                    kind.unwrap_or(default_kind),
                ),
            }
            .map_err(|e| {
                let f = e.field.replacen("names", &format!("names[{i}]"), 1);
                e.in_field(f)
            })?;
            names.push(name);
        }
        let birth_dates = self
            .birth_dates
            .iter()
            .enumerate()
            .map(|(i, d)| {
                PartialDate::parse(d).map_err(|e| e.in_field(format!("birth_dates[{i}]")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let nationalities = self
            .nationalities
            .iter()
            .enumerate()
            .map(|(i, c)| {
                CountryCode::parse(c).map_err(|e| e.in_field(format!("nationalities[{i}]")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let sex = self
            .sex
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(Sex::parse)
            .transpose()?;
        let documents = self
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let f = |e: ValidationError| {
                    let name = e.field.replacen("documents", &format!("documents[{i}]"), 1);
                    e.in_field(name)
                };
                Ok(IdentityDocument {
                    kind: d
                        .kind
                        .as_deref()
                        .map(DocumentKind::parse)
                        .transpose()
                        .map_err(f)?
                        .unwrap_or(DocumentKind::Passport),
                    number: DocumentNumber::parse(&d.number).map_err(f)?,
                    issuing_state: d
                        .country
                        .as_deref()
                        .map(CountryCode::parse)
                        .transpose()
                        .map_err(|e| e.in_field(format!("documents[{i}].country")))?,
                    expiry: d
                        .expiry
                        .as_deref()
                        .map(|s| crate::parse_date(&format!("documents[{i}].expiry"), s))
                        .transpose()?,
                })
            })
            .collect::<Result<Vec<_>, ValidationError>>()?;
        Ok(Person {
            id,
            names,
            birth_dates,
            sex,
            nationalities,
            documents,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cyrillic_fast_path_agrees_with_unicode() {
        for u in 0x0400..=0x052F_u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(super::is_letter(c), c.is_alphabetic(), "U+{u:04X}");
            }
        }
    }

    use super::*;

    fn input(json: &str) -> PersonInput {
        serde_json::from_str(json).expect("test json")
    }

    #[test]
    fn design_format_person_validates() {
        let p = input(
            r#"{"id": "W-000123", "names": ["Иванов Юрий Петрович", "Yuriy Ivanov",
            {"given": "Қасым-Жомарт", "family": "Тоқаев", "kind": "former"}],
            "birth_dates": ["1975-03-12", "1975"], "nationalities": ["RUS"], "sex": "M",
            "documents": [{"number": "N 123-4567", "country": "RUS", "type": "P"}]}"#,
        )
        .validate()
        .expect("valid");
        assert_eq!(p.names[0].script, Script::Cyrillic);
        assert_eq!(p.names[1].kind, NameKind::Alias);
        assert_eq!(p.names[2].full, "Тоқаев Қасым-Жомарт");
        assert_eq!(p.names[2].kind, NameKind::Former);
        assert_eq!(p.documents[0].number.as_str(), "N1234567");
        assert_eq!(p.documents[0].kind, DocumentKind::Passport);
        let round: Person =
            serde_json::from_str(&serde_json::to_string(&p).expect("ser")).expect("de");
        assert_eq!(round, p);
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (r#"{"id": "", "names": ["A"]}"#, "id"),
            (r#"{"id": "x y", "names": ["A"]}"#, "id"),
            (r#"{"id": "X", "names": []}"#, "names"),
            (r#"{"id": "X", "names": ["A", "  "]}"#, "names[1]"),
            (
                r#"{"id": "X", "names": ["A"], "birth_dates": ["1990", "1990-02-30"]}"#,
                "birth_dates[1]",
            ),
            (
                r#"{"id": "X", "names": ["A"], "nationalities": ["ZZZ"]}"#,
                "nationalities[0]",
            ),
            (r#"{"id": "X", "names": ["A"], "sex": "Q"}"#, "sex"),
            (
                r#"{"id": "X", "names": ["A"], "documents": [{"number": "№1"}]}"#,
                "documents[0].number",
            ),
            (
                r#"{"id": "X", "names": ["A"], "documents": [{"number": "1", "country": "Q"}]}"#,
                "documents[0].country",
            ),
            (
                r#"{"id": "X", "names": ["A"], "documents": [{"number": "1", "expiry": "2020-13-01"}]}"#,
                "documents[0].expiry",
            ),
        ];
        for (json, field) in cases {
            let e = input(json).validate().expect_err(json);
            assert_eq!(e.field, field, "{json}: {e}");
        }
    }

    #[test]
    fn script_detection() {
        assert_eq!(Script::detect("Nursultan"), Script::Latin);
        assert_eq!(Script::detect("Нұрсұлтан"), Script::Cyrillic);
        assert_eq!(Script::detect("محمد"), Script::Arabic);
        assert_eq!(Script::detect("习近平"), Script::Han);
        assert_eq!(Script::detect("Ивaнов"), Script::Mixed);
        assert_eq!(Script::detect("123"), Script::Other);
    }
}
