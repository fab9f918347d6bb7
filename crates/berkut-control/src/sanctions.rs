//! Screening employers against the organisation entries of imported
//! sanctions lists.
//!
//! The border screener (`berkut-engine`) indexes individuals only, so an
//! employer is compared here, with every listed organisation: first by
//! identifier (an entry that lists the employer's BIN or IIN is a hit
//! whatever its name), then by name with `berkut-match`'s order-free,
//! cross-script name comparison after legal forms (`LLP`, `ТОО`, `JSC`,
//! `АО`, `Ltd` …) are dropped from both sides. A name hit needs
//! [`SanctionsConfig::min_score`] (default 0.90, the scorer's *strong*
//! band: company names share common words, so a *possible* match would
//! flag too many employers). Organisations on the lists number in the
//! thousands; a full scan with names prepared once per call is cheap.

use berkut_domain::labour::SanctionsHit;
use berkut_domain::watchlist::{EntryKind, ListedEntry};
use berkut_match::{PreparedName, compare_prepared_score};

use crate::labour::EmployerId;

/// How employers are matched to organisation entries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SanctionsConfig {
    /// Least name similarity for a hit.
    pub min_score: f64,
}

impl Default for SanctionsConfig {
    fn default() -> Self {
        Self { min_score: 0.90 }
    }
}

/// Legal-form words dropped before names are compared (lower case).
const LEGAL_FORMS: &[&str] = &[
    "llp",
    "llc",
    "ltd",
    "limited",
    "liability",
    "partnership",
    "company",
    "co",
    "inc",
    "corp",
    "corporation",
    "jsc",
    "ojsc",
    "cjsc",
    "pjsc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "too",
    "ao",
    "tоо",
    "тоо",
    "ао",
    "оао",
    "зао",
    "пао",
    "ооо",
    "ип",
    "ie",
    "ip",
    "joint",
    "stock",
    "open",
    "closed",
    "public",
    "private",
    "товарищество",
    "ограниченной",
    "ответственностью",
    "акционерное",
    "общество",
    "жауапкершілігі",
    "шектеулі",
    "серіктестігі",
];

/// The name without legal forms and punctuation.
pub fn core_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let kept: Vec<&str> = cleaned
        .split_whitespace()
        .filter(|t| !LEGAL_FORMS.contains(&t.to_lowercase().as_str()))
        .collect();
    if kept.is_empty() {
        // a name made only of legal-form words: compare it as written
        cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        kept.join(" ")
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// One listed organisation to screen against.
#[derive(Debug, Clone, Copy)]
pub struct ListedOrganisation<'a> {
    /// The entry id (`ofac_sdn:123`).
    pub entry_id: &'a str,
    /// The source.
    pub source: &'a str,
    /// The entry.
    pub entry: &'a ListedEntry,
}

/// Organisation entries prepared once, for screening many employers.
pub struct OrganisationList<'a> {
    orgs: Vec<(ListedOrganisation<'a>, Vec<(String, PreparedName)>)>,
}

impl<'a> OrganisationList<'a> {
    /// Prepare the organisation entries among `entries` (others are skipped).
    pub fn new(entries: impl IntoIterator<Item = ListedOrganisation<'a>>) -> Self {
        let orgs = entries
            .into_iter()
            .filter(|o| o.entry.kind == EntryKind::Organisation)
            .map(|o| {
                let names = o
                    .entry
                    .names
                    .iter()
                    .map(|n| {
                        let full = n.name.full.clone();
                        let p = PreparedName::parse(&core_name(&full));
                        (full, p)
                    })
                    .collect();
                (o, names)
            })
            .collect();
        Self { orgs }
    }

    /// Organisation entries held.
    pub fn len(&self) -> usize {
        self.orgs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.orgs.is_empty()
    }

    /// The hits of one employer, best first (identifier hits score 1000).
    pub fn screen(
        &self,
        id: &EmployerId,
        name: &str,
        config: &SanctionsConfig,
    ) -> Vec<SanctionsHit> {
        let query = PreparedName::parse(&core_name(name));
        let number = id.number();
        let mut hits = Vec::new();
        for (o, names) in &self.orgs {
            let primary = names.first().map(|(n, _)| n.clone()).unwrap_or_default();
            if let Some(ident) = o
                .entry
                .identifiers
                .iter()
                .find(|i| digits(&i.value) == number)
            {
                hits.push(SanctionsHit {
                    entry_id: o.entry_id.to_string(),
                    source: o.source.to_string(),
                    name: primary,
                    score_milli: 1000,
                    reason: format!("the list gives {} {} for this entry", ident.scheme, number),
                });
                continue;
            }
            let best = names
                .iter()
                .map(|(full, p)| (full, compare_prepared_score(&query, p)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((full, score)) = best
                && score >= config.min_score
            {
                // in 0..=1000 after the clamp: the cast is exact
                let milli = (score.clamp(0.0, 1.0) * 1000.0).round() as u32;
                hits.push(SanctionsHit {
                    entry_id: o.entry_id.to_string(),
                    source: o.source.to_string(),
                    name: full.clone(),
                    score_milli: milli,
                    reason: format!("name '{name}' matches listed name '{full}' ({score:.2})"),
                });
            }
        }
        hits.sort_by(|a, b| {
            b.score_milli
                .cmp(&a.score_milli)
                .then_with(|| a.entry_id.cmp(&b.entry_id))
        });
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use berkut_domain::watchlist::{Identifier, ListKind, ListedName};
    use berkut_domain::{NameKind, PersonName};

    fn org(names: &[&str], ids: &[&str]) -> ListedEntry {
        let mut e = ListedEntry::new("1", ListKind::OfacSdn, EntryKind::Organisation);
        e.names = names
            .iter()
            .filter_map(|n| PersonName::new(n, NameKind::Primary).ok())
            .map(ListedName::strong)
            .collect();
        e.identifiers = ids
            .iter()
            .map(|v| Identifier {
                scheme: "BIN".into(),
                value: (*v).into(),
                country: None,
            })
            .collect();
        e
    }

    const BIN: &str = "940140000385";

    #[test]
    fn legal_forms_are_dropped() {
        assert_eq!(core_name("Halyk Construction LLP"), "Halyk Construction");
        assert_eq!(core_name("ТОО «Халық Құрылыс»"), "Халық Құрылыс");
        assert_eq!(core_name("LLP"), "LLP");
    }

    #[test]
    fn hits_by_identifier_and_by_name_across_scripts() {
        let by_id = org(&["Something Else Ltd"], &["BIN 9401-4000-0385"]);
        let by_name = org(&["HALYK CONSTRUCTION LIMITED LIABILITY PARTNERSHIP"], &[]);
        let cyrillic = org(&["TOO KAZAKH MUNAI"], &[]);
        let other = org(&["Golden Eagle Trading LLC"], &[]);
        let person = {
            let mut p = org(&["Halyk Construction"], &[]);
            p.kind = EntryKind::Individual;
            p
        };
        let list = OrganisationList::new([
            ListedOrganisation {
                entry_id: "ofac:1",
                source: "ofac",
                entry: &by_id,
            },
            ListedOrganisation {
                entry_id: "ofac:2",
                source: "ofac",
                entry: &by_name,
            },
            ListedOrganisation {
                entry_id: "ofac:5",
                source: "ofac",
                entry: &cyrillic,
            },
            ListedOrganisation {
                entry_id: "ofac:3",
                source: "ofac",
                entry: &other,
            },
            ListedOrganisation {
                entry_id: "ofac:4",
                source: "ofac",
                entry: &person,
            },
        ]);
        assert_eq!(list.len(), 4, "individuals are not organisations");
        let id = EmployerId::Bin(BIN.into());
        let hits = list.screen(&id, "Halyk Construction LLP", &SanctionsConfig::default());
        let ids: Vec<&str> = hits.iter().map(|h| h.entry_id.as_str()).collect();
        assert_eq!(ids, ["ofac:1", "ofac:2"], "{hits:?}");
        assert_eq!(hits[0].score_milli, 1000);
        assert!(hits[0].reason.contains(BIN), "{}", hits[0].reason);
        let kz = list.screen(
            &EmployerId::Bin("000000000000".into()),
            "ТОО «Қазақ Мұнай»",
            &SanctionsConfig::default(),
        );
        assert_eq!(
            kz.iter().map(|h| h.entry_id.as_str()).collect::<Vec<_>>(),
            ["ofac:5"],
            "{kz:?}"
        );
        let none = list.screen(
            &EmployerId::Bin("000000000000".into()),
            "Astana Bakery",
            &SanctionsConfig::default(),
        );
        assert!(none.is_empty(), "{none:?}");
    }
}
