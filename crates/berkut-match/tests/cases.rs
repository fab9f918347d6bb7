//! Table-driven cases from `tests/data/match_cases.tsv`.

use berkut_match::{Band, MatchConfig, MatchSubject, PartialDate, score};

pub fn parse_side(s: &str) -> MatchSubject {
    let mut parts = s.split(" ; ");
    let mut m = MatchSubject {
        names: parts
            .next()
            .unwrap_or("")
            .split('|')
            .map(str::to_string)
            .collect(),
        ..MatchSubject::default()
    };
    for p in parts {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        match k.trim() {
            "dob" => m.birth_dates.extend(PartialDate::parse(v)),
            "nat" => m.nationalities.push(v.trim().into()),
            "sex" => m.sex = v.trim().chars().next(),
            "doc" => m.documents.push(v.trim().into()),
            other => panic!("unknown field {other}"),
        }
    }
    m
}

#[test]
fn match_table() {
    let config = MatchConfig::default();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in include_str!("data/match_cases.tsv").lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 3, "bad line {line}");
        n += 1;
        let (q, c) = (parse_side(f[1]), parse_side(f[2]));
        let r = score(&q, &c, &config);
        let ok = match f[0] {
            "strong" => r.band == Band::Strong,
            "possible" => r.band == Band::Possible,
            "weak" => r.band == Band::Weak,
            ">=possible" => r.band >= Band::Possible,
            "<strong" => r.band < Band::Strong,
            other => panic!("unknown band {other}"),
        };
        // symmetric scorer: the swapped case must give the same score
        let back = score(&c, &q, &config);
        if !ok || (back.score - r.score).abs() > 1e-9 {
            failures.push(format!(
                "{line}\n  => {:.3} {:?} (swapped {:.3})\n  {}",
                r.score,
                r.band,
                back.score,
                r.reasons.join("\n  ")
            ));
        }
    }
    assert!(n >= 40);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
#[ignore = "diagnostics: BERKUT_PAIRS='a|b;c|d' prints each comparison"]
fn explain_pairs() {
    let pairs = std::env::var("BERKUT_PAIRS").unwrap_or_default();
    for p in pairs.split(';').filter(|p| !p.is_empty()) {
        let (a, b) = p.split_once('|').unwrap_or((p, ""));
        let m = berkut_match::compare_names(a, b);
        println!("{a} ~ {b}: {:.3}", m.score);
        for d in &m.details {
            println!("   {d}");
        }
    }
}
