//! Legal grounds for an entry ban, with stable codes.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ValidationError;

/// Why a person is barred from entry. Codes are stable snake_case strings:
/// they are stored in events and must never be renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LegalGround {
    /// Conviction for a sexual offence against a minor (2024 amendments).
    SexualOffenceAgainstMinor,
    /// Terrorist offence, or listed as a terrorist.
    Terrorism,
    /// Extremist offence, or listed as an extremist.
    Extremism,
    /// Organised crime (criminal group, community, organisation).
    OrganisedCrime,
    /// Serious or especially serious crime.
    SeriousCrime,
    /// Earlier deportation or expulsion by a court.
    PriorDeportation,
    /// Violation of migration law (overstay, illegal work, …).
    MigrationViolation,
    /// UN Security Council travel ban or foreign sanctions.
    UnOrForeignSanctions,
    /// Other threat to public security or order.
    PublicSecurityOther,
}

impl LegalGround {
    /// Every ground, in code order of the table above.
    pub const ALL: [LegalGround; 9] = [
        Self::SexualOffenceAgainstMinor,
        Self::Terrorism,
        Self::Extremism,
        Self::OrganisedCrime,
        Self::SeriousCrime,
        Self::PriorDeportation,
        Self::MigrationViolation,
        Self::UnOrForeignSanctions,
        Self::PublicSecurityOther,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::SexualOffenceAgainstMinor => "sexual_offence_against_minor",
            Self::Terrorism => "terrorism",
            Self::Extremism => "extremism",
            Self::OrganisedCrime => "organised_crime",
            Self::SeriousCrime => "serious_crime",
            Self::PriorDeportation => "prior_deportation",
            Self::MigrationViolation => "migration_violation",
            Self::UnOrForeignSanctions => "un_or_foreign_sanctions",
            Self::PublicSecurityOther => "public_security_other",
        }
    }

    /// A short description for officers.
    pub fn description(self) -> &'static str {
        match self {
            Self::SexualOffenceAgainstMinor => "sexual offence against a minor",
            Self::Terrorism => "terrorism",
            Self::Extremism => "extremism",
            Self::OrganisedCrime => "organised crime",
            Self::SeriousCrime => "serious or especially serious crime",
            Self::PriorDeportation => "prior deportation or court expulsion",
            Self::MigrationViolation => "violation of migration law",
            Self::UnOrForeignSanctions => "UN Security Council or foreign sanctions",
            Self::PublicSecurityOther => "other threat to public security",
        }
    }

    /// Whether this ground also bars citizenship (the 2024 amendments bar it
    /// for sexual offences against minors, terrorism, extremism, organised
    /// and serious crime).
    pub fn bars_citizenship(self) -> bool {
        matches!(
            self,
            Self::SexualOffenceAgainstMinor
                | Self::Terrorism
                | Self::Extremism
                | Self::OrganisedCrime
                | Self::SeriousCrime
        )
    }

    /// Parse a code.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let t = s.trim();
        Self::ALL
            .into_iter()
            .find(|g| g.code() == t)
            .ok_or_else(|| {
                let codes: Vec<&str> = Self::ALL.iter().map(|g| g.code()).collect();
                ValidationError::new(
                    "ground",
                    format!(
                        "unknown legal ground '{s}'; expected one of: {}",
                        codes.join(", ")
                    ),
                )
            })
    }
}

impl fmt::Display for LegalGround {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for LegalGround {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for LegalGround {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_snake_case() {
        for g in LegalGround::ALL {
            assert_eq!(LegalGround::parse(g.code()), Ok(g));
            assert!(
                g.code()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_')
            );
        }
    }

    #[test]
    fn citizenship_bars() {
        assert!(LegalGround::Terrorism.bars_citizenship());
        assert!(LegalGround::SexualOffenceAgainstMinor.bars_citizenship());
        assert!(!LegalGround::MigrationViolation.bars_citizenship());
        assert!(!LegalGround::UnOrForeignSanctions.bars_citizenship());
    }

    #[test]
    fn unknown_code_names_field() {
        let e = LegalGround::parse("murder").expect_err("unknown");
        assert_eq!(e.field, "ground");
        assert!(e.message.contains("terrorism"));
    }
}
