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
//! flag too many employers). Names are found through a `berkut-index`
//! [`NameIndex`] of the organisations' names (legal forms dropped) and
//! scored; [`OrganisationList::screen_all`], a full scan, is the reference
//! the index is tested against.

use std::collections::HashMap;

use berkut_domain::labour::SanctionsHit;
use berkut_domain::watchlist::{EntryKind, ListedEntry};
use berkut_index::{IndexRecord, NameIndex, Query, SearchLimits};
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

/// Organisation entries prepared once, for screening many employers: their
/// names (legal forms dropped) in a `berkut-index` [`NameIndex`], their
/// identifiers by digits.
pub struct OrganisationList<'a> {
    orgs: Vec<(ListedOrganisation<'a>, Vec<(String, PreparedName)>)>,
    index: NameIndex,
    by_number: HashMap<String, Vec<u32>>,
}

/// Index limits of an employer search: wider than the border screener's
/// (an employer is screened once, not at a lane), so that every
/// organisation the scorer puts at the threshold is a candidate.
const LIMITS: SearchLimits = SearchLimits {
    common_df: 65_536,
    fuzzy_df: 4_096,
    scan_cap: 100_000,
    max_variants: 256,
    max_entries: 512,
    min_coverage: 0.3,
};

impl<'a> OrganisationList<'a> {
    /// Prepare the organisation entries among `entries` (others are skipped).
    pub fn new(entries: impl IntoIterator<Item = ListedOrganisation<'a>>) -> Self {
        let orgs: Vec<_> = entries
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
        let mut by_number: HashMap<String, Vec<u32>> = HashMap::new();
        let mut records = Vec::with_capacity(orgs.len());
        for (n, (o, _)) in orgs.iter().enumerate() {
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            for i in &o.entry.identifiers {
                let d = digits(&i.value);
                if d.len() == 12 {
                    by_number.entry(d).or_default().push(n);
                }
            }
            records.push(IndexRecord {
                entry: n,
                names: o
                    .entry
                    .names
                    .iter()
                    .map(|x| core_name(&x.name.full))
                    .collect(),
                ..IndexRecord::default()
            });
        }
        Self {
            index: NameIndex::build(&records),
            orgs,
            by_number,
        }
    }

    /// Organisation entries held.
    pub fn len(&self) -> usize {
        self.orgs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.orgs.is_empty()
    }

    fn hit(
        &self,
        n: usize,
        number: &str,
        query: &PreparedName,
        name: &str,
        config: &SanctionsConfig,
    ) -> Option<SanctionsHit> {
        let (o, names) = self.orgs.get(n)?;
        if let Some(ident) = o
            .entry
            .identifiers
            .iter()
            .find(|i| digits(&i.value) == number)
        {
            return Some(SanctionsHit {
                entry_id: o.entry_id.to_string(),
                source: o.source.to_string(),
                name: names.first().map(|(n, _)| n.clone()).unwrap_or_default(),
                score_milli: 1000,
                reason: format!("the list gives {} {} for this entry", ident.scheme, number),
            });
        }
        let (full, score) = names
            .iter()
            .map(|(full, p)| (full, compare_prepared_score(query, p)))
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        (score >= config.min_score).then(|| SanctionsHit {
            entry_id: o.entry_id.to_string(),
            source: o.source.to_string(),
            name: full.clone(),
            // in 0..=1000 after the clamp: the cast is exact
            score_milli: (score.clamp(0.0, 1.0) * 1000.0).round() as u32,
            reason: format!("name '{name}' matches listed name '{full}' ({score:.2})"),
        })
    }

    fn sorted(mut hits: Vec<SanctionsHit>) -> Vec<SanctionsHit> {
        hits.sort_by(|a, b| {
            b.score_milli
                .cmp(&a.score_milli)
                .then_with(|| a.entry_id.cmp(&b.entry_id))
        });
        hits
    }

    /// The hits of one employer, best first (identifier hits score 1000):
    /// the entries listing its number, and the index's candidates for its
    /// name that score at least the threshold.
    pub fn screen(
        &self,
        id: &EmployerId,
        name: &str,
        config: &SanctionsConfig,
    ) -> Vec<SanctionsHit> {
        let query = PreparedName::parse(&core_name(name));
        let number = id.number();
        let iq = Query::from_analyzed(std::iter::once(query.analyzed()), &[] as &[String]);
        let mut seen: Vec<usize> = self
            .index
            .candidates(&iq, &LIMITS)
            .list
            .iter()
            .map(|c| c.entry as usize)
            .chain(
                self.by_number
                    .get(number)
                    .into_iter()
                    .flatten()
                    .map(|&n| n as usize),
            )
            .collect();
        seen.sort_unstable();
        seen.dedup();
        Self::sorted(
            seen.into_iter()
                .filter_map(|n| self.hit(n, number, &query, name, config))
                .collect(),
        )
    }

    /// The same as [`Self::screen`] by comparing with every entry: the
    /// reference the index is tested against.
    pub fn screen_all(
        &self,
        id: &EmployerId,
        name: &str,
        config: &SanctionsConfig,
    ) -> Vec<SanctionsHit> {
        let query = PreparedName::parse(&core_name(name));
        Self::sorted(
            (0..self.orgs.len())
                .filter_map(|n| self.hit(n, id.number(), &query, name, config))
                .collect(),
        )
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

    /// The index finds every organisation the full scan finds.
    #[test]
    fn index_finds_what_the_full_scan_finds() {
        let words = [
            "Halyk",
            "Kazakh",
            "Munai",
            "Golden",
            "Eagle",
            "Trading",
            "Silk",
            "Road",
            "Logistics",
            "Astana",
            "Steppe",
            "Energy",
            "Altyn",
            "Tau",
            "Nur",
            "Invest",
            "Caspian",
            "Oil",
            "Trans",
            "Service",
        ];
        let mut entries = Vec::new();
        for i in 0..400usize {
            let a = words[i % words.len()];
            let b = words[(i / words.len() + 3 * i) % words.len()];
            let c = words[(i * 7 + 1) % words.len()];
            entries.push(org(&[&format!("{a} {b} {c} LLP")], &[]));
        }
        let list =
            OrganisationList::new(entries.iter().enumerate().map(|(i, e)| ListedOrganisation {
                entry_id: Box::leak(format!("x:{i}").into_boxed_str()),
                source: "x",
                entry: e,
            }));
        let id = EmployerId::Bin(BIN.into());
        let config = SanctionsConfig::default();
        let mut hits = 0;
        for q in [
            "Halyk Munai Golden TOO",
            "KAZAKH GOLDEN MUNAY",
            "Silk Road Logistic",
            "Каспиан Ойл Транс",
            "Nur Invest Caspian",
            "Trans Service Altyn LLC",
            "Astana Bakery",
        ] {
            let a = list.screen(&id, q, &config);
            let b = list.screen_all(&id, q, &config);
            assert_eq!(a, b, "{q}");
            hits += b.len();
        }
        assert!(hits > 0, "the queries must find something");
    }

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
