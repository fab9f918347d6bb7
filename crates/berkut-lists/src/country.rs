//! Country names and ISO alpha-2 codes → [`CountryCode`] (alpha-3).
//!
//! Lists write countries as English names, each in its own style: UN
//! "Iran (Islamic Republic of)", OFAC "Iran", "Korea, North". The table in
//! `country_table.rs` holds ISO 3166-1 names (short, official, common), the
//! UN and OFAC spellings met in the list files and a few demonyms
//! ("Afghan", "Yemeni") that older UN files use. A name that is not in the
//! table is never guessed: callers keep it in `unmapped_countries`.

use berkut_domain::CountryCode;

use crate::country_table::{ALPHA2, NAMES};

/// Lower-case, punctuation to spaces, whitespace collapsed, leading "the " dropped.
pub(crate) fn normalise(name: &str) -> String {
    let mapped: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    let joined = mapped.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => joined,
    }
}

/// Values that say "no country" rather than naming one.
fn is_blank(key: &str) -> bool {
    matches!(
        key,
        "" | "na" | "n a" | "0" | "unknown" | "undetermined" | "none"
    )
}

/// What a country text turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountryLookup {
    /// A known country.
    Code(CountryCode),
    /// The text names no country (`na`, `unknown`, empty).
    Blank,
    /// A text not in the table; keep it, do not guess.
    Unmapped(String),
}

/// Map an English country name (or ISO alpha-2/alpha-3 code) to alpha-3.
///
/// Tries the whole name, then the name without a trailing parenthesised or
/// comma-free qualifier ("Bahrain (citizenship revoked in Jan. 2015)").
pub fn country_from_name(name: &str) -> CountryLookup {
    let key = normalise(name);
    if is_blank(&key) {
        return CountryLookup::Blank;
    }
    if let Some(c) = lookup(&key) {
        return CountryLookup::Code(c);
    }
    // "Indonesia (as at Dec. 2003)": drop a trailing parenthesis.
    if let Some((head, _)) = name.split_once('(') {
        let k = normalise(head);
        if !k.is_empty()
            && let Some(c) = lookup(&k)
        {
            return CountryLookup::Code(c);
        }
    }
    // Bare codes: "RU" is not taken as alpha-2 here (too ambiguous in free
    // text); only exact alpha-3 upper-case codes are.
    let t = name.trim();
    if t.len() == 3
        && t.bytes().all(|b| b.is_ascii_uppercase())
        && let Ok(c) = CountryCode::parse(t)
    {
        return CountryLookup::Code(c);
    }
    CountryLookup::Unmapped(name.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn lookup(key: &str) -> Option<CountryCode> {
    let i = NAMES.binary_search_by(|(k, _)| (*k).cmp(key)).ok()?;
    CountryCode::parse(NAMES[i].1).ok()
}

/// Map an ISO 3166-1 alpha-2 code (any case, as FollowTheMoney writes them)
/// to alpha-3. `None` for codes that are not ISO (FtM's `suhh`, `zz`).
pub fn country_from_alpha2(code: &str) -> Option<CountryCode> {
    let key = code.trim().to_ascii_lowercase();
    let i = ALPHA2
        .binary_search_by(|(k, _)| (*k).cmp(key.as_str()))
        .ok()?;
    CountryCode::parse(ALPHA2[i].1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(name: &str) -> String {
        match country_from_name(name) {
            CountryLookup::Code(c) => c.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn tables_sorted_normalised_and_valid() {
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(ALPHA2.windows(2).all(|w| w[0].0 < w[1].0));
        for (k, v) in NAMES.iter().chain(ALPHA2) {
            assert!(CountryCode::parse(v).is_ok(), "{k} → {v}");
        }
        for (k, _) in NAMES {
            assert_eq!(normalise(k), *k);
        }
    }

    #[test]
    fn un_and_ofac_spellings() {
        for (name, want) in [
            ("Russian Federation", "RUS"),
            ("Russia", "RUS"),
            ("Iran (Islamic Republic of)", "IRN"),
            ("Iran", "IRN"),
            ("Syrian Arab Republic", "SYR"),
            ("Democratic People's Republic of Korea", "PRK"),
            ("Korea, North", "PRK"),
            (
                "United Kingdom of Great Britain and Northern\n   Ireland",
                "GBR",
            ),
            ("Türkiye", "TUR"),
            ("Turkey", "TUR"),
            ("Viet Nam", "VNM"),
            ("China, Hong Kong Special Administrative Region", "HKG"),
            ("The Netherlands", "NLD"),
            ("Bahrain (citizenship revoked in Jan. 2015)", "BHR"),
            ("Yemeni", "YEM"),
            ("Kosovo", "RKS"),
            ("Kazakhstan", "KAZ"),
        ] {
            assert_eq!(code(name), want, "{name}");
        }
        assert_eq!(country_from_name("na"), CountryLookup::Blank);
        assert_eq!(
            country_from_name("former Soviet Union"),
            CountryLookup::Unmapped("former Soviet Union".into())
        );
    }

    #[test]
    fn alpha2() {
        assert_eq!(
            country_from_alpha2("ru").map(|c| c.to_string()),
            Some("RUS".into())
        );
        assert_eq!(
            country_from_alpha2("KZ").map(|c| c.to_string()),
            Some("KAZ".into())
        );
        assert_eq!(country_from_alpha2("suhh"), None);
    }
}
