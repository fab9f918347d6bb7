//! Territorial units: the 17 regions (oblystar, after the 2022 reform that
//! created Abai, Jetisu and Ulytau) and the 3 cities of republican
//! significance (Astana, Almaty, Shymkent).
//!
//! The stable code of a unit is its ISO 3166-2:KZ code (`KZ-75`), numeric
//! since the 2022 revision. [`TerritorialUnit::parse`] accepts that code,
//! the older alphabetic ISO codes (`KZ-ALA`), and the Kazakh, Russian and
//! English names with the usual spellings (`Aqmola`, `Akmolinskaya`,
//! `Акмолинская область`, `Ақмола облысы`), case- and punctuation-blind.
//! "Almaty" alone is the city; the region is "Almaty Region" (or `Алматы
//! облысы`, `Алматинская область`).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use berkut_domain::ValidationError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Region or city of republican significance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// An oblys (region).
    Region,
    /// A city of republican significance.
    City,
}

/// One of the 20 territorial units whose police inspect employers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TerritorialUnit {
    /// Abai Region (2022, from East Kazakhstan).
    Abai,
    /// Akmola Region.
    Akmola,
    /// Aktobe Region.
    Aktobe,
    /// Almaty Region.
    AlmatyRegion,
    /// Atyrau Region.
    Atyrau,
    /// West Kazakhstan Region.
    WestKazakhstan,
    /// Jambyl Region.
    Jambyl,
    /// Jetisu Region (2022, from Almaty Region).
    Jetisu,
    /// Karaganda Region.
    Karaganda,
    /// Kostanay Region.
    Kostanay,
    /// Kyzylorda Region.
    Kyzylorda,
    /// Mangystau Region.
    Mangystau,
    /// Pavlodar Region.
    Pavlodar,
    /// North Kazakhstan Region.
    NorthKazakhstan,
    /// Turkistan Region.
    Turkistan,
    /// Ulytau Region (2022, from Karaganda Region).
    Ulytau,
    /// East Kazakhstan Region.
    EastKazakhstan,
    /// Astana, city of republican significance.
    Astana,
    /// Almaty, city of republican significance.
    AlmatyCity,
    /// Shymkent, city of republican significance.
    Shymkent,
}

/// Names of a unit in the three languages, plus accepted spellings.
struct Names {
    code: &'static str,
    old_code: &'static str,
    kk: &'static str,
    ru: &'static str,
    en: &'static str,
    /// Other spellings of the name (without "region"/"oblysy"), Latin or Cyrillic.
    stems: &'static [&'static str],
}

use TerritorialUnit as T;

impl TerritorialUnit {
    /// All 20 units: 17 regions, then the 3 cities.
    pub const ALL: [TerritorialUnit; 20] = [
        T::Abai,
        T::Akmola,
        T::Aktobe,
        T::AlmatyRegion,
        T::Atyrau,
        T::WestKazakhstan,
        T::Jambyl,
        T::Jetisu,
        T::Karaganda,
        T::Kostanay,
        T::Kyzylorda,
        T::Mangystau,
        T::Pavlodar,
        T::NorthKazakhstan,
        T::Turkistan,
        T::Ulytau,
        T::EastKazakhstan,
        T::Astana,
        T::AlmatyCity,
        T::Shymkent,
    ];

    fn names(self) -> Names {
        let n = |code, old_code, kk, ru, en, stems| Names {
            code,
            old_code,
            kk,
            ru,
            en,
            stems,
        };
        match self {
            T::Abai => n(
                "KZ-10",
                "",
                "Абай облысы",
                "область Абай",
                "Abai Region",
                &["abai", "abay", "абай", "абайская"],
            ),
            T::Akmola => n(
                "KZ-11",
                "KZ-AKM",
                "Ақмола облысы",
                "Акмолинская область",
                "Akmola Region",
                &[
                    "akmola",
                    "aqmola",
                    "akmolinskaya",
                    "ақмола",
                    "акмола",
                    "акмолинская",
                ],
            ),
            T::Aktobe => n(
                "KZ-15",
                "KZ-AKT",
                "Ақтөбе облысы",
                "Актюбинская область",
                "Aktobe Region",
                &[
                    "aktobe",
                    "aqtobe",
                    "aqtöbe",
                    "aktyubinskaya",
                    "aktyubinsk",
                    "ақтөбе",
                    "актобе",
                    "актюбинская",
                ],
            ),
            T::AlmatyRegion => n(
                "KZ-19",
                "KZ-ALM",
                "Алматы облысы",
                "Алматинская область",
                "Almaty Region",
                // "Almaty" alone is the city: the region needs its suffix,
                // except in the Russian adjective form
                &["almatinskaya", "алматинская"],
            ),
            T::Atyrau => n(
                "KZ-23",
                "KZ-ATY",
                "Атырау облысы",
                "Атырауская область",
                "Atyrau Region",
                &["atyrau", "atyraū", "atyrauskaya", "атырау", "атырауская"],
            ),
            T::WestKazakhstan => n(
                "KZ-27",
                "KZ-ZAP",
                "Батыс Қазақстан облысы",
                "Западно-Казахстанская область",
                "West Kazakhstan Region",
                &[
                    "west kazakhstan",
                    "batys qazaqstan",
                    "batys kazakhstan",
                    "zapadno-kazakhstanskaya",
                    "батыс қазақстан",
                    "западно-казахстанская",
                ],
            ),
            T::Jambyl => n(
                "KZ-31",
                "KZ-ZHA",
                "Жамбыл облысы",
                "Жамбылская область",
                "Jambyl Region",
                &["jambyl", "zhambyl", "zhambylskaya", "жамбыл", "жамбылская"],
            ),
            T::Jetisu => n(
                "KZ-33",
                "",
                "Жетісу облысы",
                "область Жетісу",
                "Jetisu Region",
                &[
                    "jetisu",
                    "zhetisu",
                    "zhetysu",
                    "jetysu",
                    "жетісу",
                    "жетысу",
                    "жетысуская",
                ],
            ),
            T::Karaganda => n(
                "KZ-35",
                "KZ-KAR",
                "Қарағанды облысы",
                "Карагандинская область",
                "Karaganda Region",
                &[
                    "karaganda",
                    "karagandy",
                    "qaraghandy",
                    "qaragandy",
                    "karagandinskaya",
                    "қарағанды",
                    "караганда",
                    "карагандинская",
                ],
            ),
            T::Kostanay => n(
                "KZ-39",
                "KZ-KUS",
                "Қостанай облысы",
                "Костанайская область",
                "Kostanay Region",
                &[
                    "kostanay",
                    "kostanai",
                    "qostanay",
                    "qostanai",
                    "kostanayskaya",
                    "қостанай",
                    "костанай",
                    "костанайская",
                ],
            ),
            T::Kyzylorda => n(
                "KZ-43",
                "KZ-KZY",
                "Қызылорда облысы",
                "Кызылординская область",
                "Kyzylorda Region",
                &[
                    "kyzylorda",
                    "qyzylorda",
                    "kyzylordinskaya",
                    "қызылорда",
                    "кызылорда",
                    "кызылординская",
                ],
            ),
            T::Mangystau => n(
                "KZ-47",
                "KZ-MAN",
                "Маңғыстау облысы",
                "Мангистауская область",
                "Mangystau Region",
                &[
                    "mangystau",
                    "mangistau",
                    "mangghystau",
                    "mangistauskaya",
                    "маңғыстау",
                    "мангистау",
                    "мангыстау",
                    "мангистауская",
                ],
            ),
            T::Pavlodar => n(
                "KZ-55",
                "KZ-PAV",
                "Павлодар облысы",
                "Павлодарская область",
                "Pavlodar Region",
                &["pavlodar", "pavlodarskaya", "павлодар", "павлодарская"],
            ),
            T::NorthKazakhstan => n(
                "KZ-59",
                "KZ-SEV",
                "Солтүстік Қазақстан облысы",
                "Северо-Казахстанская область",
                "North Kazakhstan Region",
                &[
                    "north kazakhstan",
                    "soltustik qazaqstan",
                    "soltüstik qazaqstan",
                    "severo-kazakhstanskaya",
                    "солтүстік қазақстан",
                    "северо-казахстанская",
                ],
            ),
            T::Turkistan => n(
                "KZ-61",
                "KZ-YUZ",
                "Түркістан облысы",
                "Туркестанская область",
                "Turkistan Region",
                &[
                    "turkistan",
                    "turkestan",
                    "türkistan",
                    "turkestanskaya",
                    "түркістан",
                    "туркестан",
                    "туркестанская",
                ],
            ),
            T::Ulytau => n(
                "KZ-62",
                "",
                "Ұлытау облысы",
                "область Ұлытау",
                "Ulytau Region",
                &["ulytau", "ūlytau", "ұлытау", "улытау", "улытауская"],
            ),
            T::EastKazakhstan => n(
                "KZ-63",
                "KZ-VOS",
                "Шығыс Қазақстан облысы",
                "Восточно-Казахстанская область",
                "East Kazakhstan Region",
                &[
                    "east kazakhstan",
                    "shyghys qazaqstan",
                    "shygys kazakhstan",
                    "vostochno-kazakhstanskaya",
                    "шығыс қазақстан",
                    "восточно-казахстанская",
                ],
            ),
            T::Astana => n(
                "KZ-71",
                "KZ-AST",
                "Астана",
                "Астана",
                "Astana",
                &["astana", "nur-sultan", "nursultan", "астана", "нур-султан"],
            ),
            T::AlmatyCity => n(
                "KZ-75",
                "KZ-ALA",
                "Алматы",
                "Алматы",
                "Almaty",
                &["almaty", "almaty city", "алматы", "алма-ата", "alma-ata"],
            ),
            T::Shymkent => n(
                "KZ-79",
                "KZ-SHY",
                "Шымкент",
                "Шымкент",
                "Shymkent",
                &["shymkent", "chimkent", "шымкент", "чимкент"],
            ),
        }
    }

    /// The stable code (ISO 3166-2:KZ, e.g. `KZ-75`).
    pub fn code(self) -> &'static str {
        self.names().code
    }

    /// Name in Kazakh.
    pub fn name_kk(self) -> &'static str {
        self.names().kk
    }

    /// Name in Russian.
    pub fn name_ru(self) -> &'static str {
        self.names().ru
    }

    /// Name in English.
    pub fn name_en(self) -> &'static str {
        self.names().en
    }

    /// Region or city.
    pub fn kind(self) -> UnitKind {
        match self {
            T::Astana | T::AlmatyCity | T::Shymkent => UnitKind::City,
            _ => UnitKind::Region,
        }
    }

    /// Every accepted spelling, normalised.
    fn aliases(self) -> Vec<String> {
        let n = self.names();
        let mut out = vec![
            norm(n.code),
            norm(n.kk),
            norm(n.ru),
            norm(n.en),
            norm(&n.code.replace('-', "")),
        ];
        if !n.old_code.is_empty() {
            out.push(norm(n.old_code));
        }
        for s in n.stems {
            let s = norm(s);
            match self.kind() {
                UnitKind::City => out.push(s.clone()),
                UnitKind::Region => {
                    // the bare stem names the region, except where it is also a city
                    out.push(s.clone());
                    for suffix in [
                        "region",
                        "oblast",
                        "oblysy",
                        "province",
                        "облысы",
                        "область",
                        "обл",
                    ] {
                        out.push(format!("{s} {suffix}"));
                    }
                    out.push(format!("область {s}"));
                }
            }
        }
        if self == T::AlmatyRegion {
            for s in ["almaty", "алматы"] {
                for suffix in ["region", "oblast", "oblysy", "province", "облысы", "обл"] {
                    out.push(format!("{s} {suffix}"));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Parse a code or a name in any of the three languages.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        static TABLE: OnceLock<HashMap<String, TerritorialUnit>> = OnceLock::new();
        let table = TABLE.get_or_init(|| {
            let mut t = HashMap::new();
            for u in Self::ALL {
                for a in u.aliases() {
                    t.insert(a, u);
                }
            }
            t
        });
        if let Some(u) = table.get(&norm(s)) {
            return Ok(*u);
        }
        Err(ValidationError::new(
            "region",
            format!(
                "'{s}' is not a territorial unit of Kazakhstan; expected a code KZ-10..KZ-79 or a region or city name (e.g. 'Almaty Region', 'Shymkent')"
            ),
        ))
    }
}

/// Lower case, `ё`→`е`, punctuation and repeated spaces removed, hyphens
/// kept only between letters.
fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        let c = if c == 'ё' { 'е' } else { c };
        if c.is_alphanumeric() || c == '-' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out.trim_end_matches('-').to_string()
}

impl fmt::Display for TerritorialUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for TerritorialUnit {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for TerritorialUnit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for TerritorialUnit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seventeen_regions_three_cities_unique_codes() {
        let regions = TerritorialUnit::ALL
            .iter()
            .filter(|u| u.kind() == UnitKind::Region)
            .count();
        assert_eq!(regions, 17);
        assert_eq!(TerritorialUnit::ALL.len() - regions, 3);
        let mut codes: Vec<&str> = TerritorialUnit::ALL.iter().map(|u| u.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 20);
        for u in TerritorialUnit::ALL {
            assert!(u.code().starts_with("KZ-") && u.code().len() == 5, "{u:?}");
        }
    }

    #[test]
    fn no_spelling_names_two_units() {
        let mut seen: HashMap<String, TerritorialUnit> = HashMap::new();
        for u in TerritorialUnit::ALL {
            for a in u.aliases() {
                if let Some(other) = seen.insert(a.clone(), u) {
                    panic!("'{a}' names both {other:?} and {u:?}");
                }
            }
        }
    }

    #[test]
    fn every_name_and_code_parses_back() {
        for u in TerritorialUnit::ALL {
            for s in [u.code(), u.name_kk(), u.name_ru(), u.name_en()] {
                assert_eq!(TerritorialUnit::parse(s), Ok(u), "{s}");
                assert_eq!(TerritorialUnit::parse(&s.to_uppercase()), Ok(u), "{s}");
            }
            let json = serde_json::to_string(&u).expect("serialises");
            assert_eq!(json, format!("\"{}\"", u.code()));
            assert_eq!(
                serde_json::from_str::<TerritorialUnit>(&json).expect("parses"),
                u
            );
        }
    }

    #[test]
    fn spellings_table() {
        let cases = [
            ("Almaty", T::AlmatyCity),
            ("almaty  city", T::AlmatyCity),
            ("Алма-Ата", T::AlmatyCity),
            ("Almaty region", T::AlmatyRegion),
            ("Алматинская обл.", T::AlmatyRegion),
            ("Алматы облысы", T::AlmatyRegion),
            ("KZ-ALA", T::AlmatyCity),
            ("kz-alm", T::AlmatyRegion),
            ("KZ75", T::AlmatyCity),
            ("Nur-Sultan", T::Astana),
            ("Zhetysu", T::Jetisu),
            ("Жетісу облысы", T::Jetisu),
            ("Abay oblysy", T::Abai),
            ("Абайская область", T::Abai),
            ("Ulytau", T::Ulytau),
            ("Ұлытау облысы", T::Ulytau),
            ("Улытауская область", T::Ulytau),
            ("Qaraghandy oblysy", T::Karaganda),
            ("Chimkent", T::Shymkent),
            ("Turkestan region", T::Turkistan),
            ("Западно-Казахстанская область", T::WestKazakhstan),
            ("Severo-Kazakhstanskaya oblast", T::NorthKazakhstan),
            ("ВОСТОЧНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ", T::EastKazakhstan),
            ("Мангистауская область", T::Mangystau),
        ];
        for (s, want) in cases {
            assert_eq!(TerritorialUnit::parse(s), Ok(want), "{s}");
        }
    }

    #[test]
    fn unknown_names_the_field() {
        for bad in ["", "Moscow", "KZ-99", "Semey Region", "South Kazakhstan"] {
            let e = TerritorialUnit::parse(bad).expect_err(bad);
            assert_eq!(e.field, "region");
        }
    }
}
