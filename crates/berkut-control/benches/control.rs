//! Re-screening a population against one new ban, and inspection plans.
//!
//! `cargo bench -p berkut-control --bench control` first prints, per
//! population size, the index build time and the latency of
//! `PopulationIndex::rescreen` over generated new bans (p50/p90/p99/max,
//! cold — the first pass prepares the candidates' names for scoring — and
//! warm), and the time of `plan()` over generated employers; then runs the
//! divan micro-benchmarks. Sizes: `BERKUT_BENCH_POPULATION` (default
//! `100000`; `1000000` for the target) and `BERKUT_BENCH_EMPLOYERS`
//! (default `100000`).
//!
//! The population is generated travellers (`berkut-gen`: passport names in
//! Latin script, or MRZ lines only by several romanisation practices, 1 % of them persons of
//! a 20,000-person register, 1 % namesakes); the new bans are register
//! persons, in Cyrillic or Arabic script with a Latin spelling sometimes —
//! the real direction: a ban names a person as the register writes them,
//! the population holds them as their passports do. Generated truth says
//! which travellers are which register person, so the report gives the
//! share of the banned persons present in the population that re-screening
//! found. `BERKUT_BENCH_SHOW_MISSES=N` prints the first N it missed.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use berkut_control::calendar::{add_days, add_months};
use berkut_control::labour::{Category, Employer, EmployerId, NotificationStatus, Permit};
use berkut_control::risk::{EmployerFacts, PastViolation, WorkerFacts};
use berkut_control::{
    NewEntry, PopulationIndex, PopulationKind, PopulationMember, RescreenConfig, RiskConfig,
    TerritorialUnit, plan,
};
use berkut_documents::{BinAttribute, BinEntityType, generate_bin};
use berkut_domain::{CountryCode, PartialDate, Sex};
use berkut_engine::Traveller;

fn on() -> time::Date {
    time::macros::date!(2026 - 11 - 27)
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

struct Population {
    index: PopulationIndex,
    bans: Vec<NewEntry>,
    /// Register id → ids of the travellers who are that person (truth lines).
    truth: HashMap<String, Vec<String>>,
}

fn member(i: usize, t: Traveller) -> PopulationMember {
    let mut m = typed_member(i, &t);
    // MRZ-only travellers: names, birth date and document from the MRZ, as
    // an entry record made at the border would hold them
    if let Some(lines) = &t.mrz {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        if let Ok(z) = berkut_documents::parse_mrz(&refs) {
            let name = format!(
                "{} {}",
                z.primary_identifier.trim(),
                z.secondary_identifier.trim()
            );
            if !name.trim().is_empty() && !m.names.contains(&name) {
                m.names.push(name.trim().to_string());
            }
            if let Some(d) = z.birth_date_on(on()) {
                let d = PartialDate::Day(d);
                if !m.birth_dates.contains(&d) {
                    m.birth_dates.push(d);
                }
            }
            if !z.document_number.is_empty() && !m.documents.contains(&z.document_number) {
                m.documents.push(z.document_number.clone());
            }
        }
    }
    m
}

fn typed_member(i: usize, t: &Traveller) -> PopulationMember {
    PopulationMember {
        id: t.id.clone(),
        kind: [
            PopulationKind::InCountry,
            PopulationKind::InCountry,
            PopulationKind::InCountry,
            PopulationKind::RegisteredWorker,
            PopulationKind::PendingApplicant,
        ][i % 5],
        names: t.names.clone(),
        birth_dates: t
            .birth_date
            .as_deref()
            .and_then(|d| PartialDate::parse(d).ok())
            .into_iter()
            .collect(),
        nationalities: t
            .nationality
            .as_deref()
            .and_then(|c| CountryCode::parse(c).ok())
            .into_iter()
            .collect(),
        sex: match t.sex.as_deref() {
            Some("M") => Some(Sex::Male),
            Some("F") => Some(Sex::Female),
            _ => None,
        },
        documents: t.document.iter().map(|d| d.number.clone()).collect(),
    }
}

fn population() -> &'static Population {
    static P: OnceLock<Population> = OnceLock::new();
    P.get_or_init(|| {
        let n = env_usize("BERKUT_BENCH_POPULATION", 100_000);
        let t0 = Instant::now();
        let g = berkut_gen::generate_with(
            7,
            20_000,
            n,
            berkut_gen::Mix {
                listed: 1,
                namesakes: 1,
            },
        );
        let members: Vec<PopulationMember> = g
            .travellers
            .iter()
            .filter_map(|l| Traveller::from_json(l).ok())
            .enumerate()
            .map(|(i, t)| member(i, t))
            .collect();
        let text = g.register.join("\n");
        let bans: Vec<NewEntry> = berkut_lists::NationalJsonlReader::new(text.as_bytes())
            .filter_map(Result::ok)
            .map(|e| NewEntry::from_listed(&format!("registry:{}", e.source_id), &e))
            .collect();
        let generated = t0.elapsed();
        let named = members.iter().filter(|m| !m.names.is_empty()).count();
        if env_usize("BERKUT_BENCH_SHOW_MISSES", 0) > 0 {
            members_by_id().get_or_init(|| {
                members
                    .iter()
                    .map(|m| (m.id.clone(), (m.names.clone(), m.birth_dates.iter().map(ToString::to_string).collect())))
                    .collect()
            });
        }
        let t1 = Instant::now();
        let index = PopulationIndex::build(members);
        let built = t1.elapsed();
        let st = index.stats();
        println!(
            "population {n} ({named} with names, MRZ-only travellers by their MRZ name): generated in {generated:.1?}, index built in {built:.1?}; {} name variants, {} terms, index heap {:.0} MB",
            st.base_variants,
            st.terms,
            st.heap_bytes as f64 / 1e6
        );
        let mut truth: HashMap<String, Vec<String>> = HashMap::new();
        for line in &g.truth {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let (Some("listed"), Some(id), Some(e)) =
                (v["kind"].as_str(), v["id"].as_str(), v["expect"].as_str())
            {
                truth
                    .entry(format!("registry:{e}"))
                    .or_default()
                    .push(id.to_string());
            }
        }
        Population { index, bans, truth }
    })
}

type Shown = HashMap<String, (Vec<String>, Vec<String>)>;

fn members_by_id() -> &'static OnceLock<Shown> {
    static M: OnceLock<Shown> = OnceLock::new();
    &M
}

fn quantiles(mut v: Vec<Duration>) -> String {
    v.sort();
    let q = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    format!(
        "p50 {:.2?} / p90 {:.2?} / p99 {:.2?} / max {:.2?}",
        q(0.5),
        q(0.9),
        q(0.99),
        q(1.0)
    )
}

fn report_rescreen() {
    let p = population();
    let cfg = RescreenConfig::default();
    let bans: Vec<&NewEntry> = p.bans.iter().step_by(20).take(1_000).collect();
    let show_misses = env_usize("BERKUT_BENCH_SHOW_MISSES", 0);
    let mut misses_shown = 0;
    for pass in ["cold", "warm"] {
        let mut times = Vec::with_capacity(bans.len());
        let (mut hits, mut cands, mut truncated) = (0usize, 0usize, 0usize);
        let (mut true_members, mut found) = (0usize, 0usize);
        for b in &bans {
            let t = Instant::now();
            let r = p.index.rescreen(b, &cfg);
            times.push(t.elapsed());
            hits += r.hits.len();
            cands += r.candidates;
            truncated += usize::from(r.truncated);
            for m in p.truth.get(&b.entry_id).into_iter().flatten() {
                true_members += 1;
                let hit = r.hits.iter().any(|h| &h.member_id == m);
                found += usize::from(hit);
                if !hit && pass == "cold" && misses_shown < show_misses {
                    misses_shown += 1;
                    println!(
                        "  missed: ban {} {:?} {:?} -> member {m} {:?} ({} candidates)",
                        b.entry_id,
                        b.names,
                        b.birth_dates
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>(),
                        members_by_id().get().and_then(|x| x.get(m)),
                        r.candidates
                    );
                }
            }
        }
        println!(
            "rescreen {pass}, {} new bans: {}; {:.1} candidates and {:.2} hits per ban, {truncated} truncated; the banned person found in the population {found}/{true_members} times ({:.1} %)",
            bans.len(),
            quantiles(times),
            cands as f64 / bans.len() as f64,
            hits as f64 / bans.len() as f64,
            100.0 * found as f64 / true_members.max(1) as f64
        );
    }
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn employers(n: usize) -> Vec<EmployerFacts> {
    let mut rng = Rng(2026);
    let mut out = Vec::with_capacity(n);
    let mut serial = 0u32;
    while out.len() < n {
        serial += 1;
        let year = u8::try_from(serial / 99_999 % 30).unwrap_or(0);
        let Some(bin) = generate_bin(
            year,
            1 + u8::try_from(serial % 12).unwrap_or(0),
            BinEntityType::ResidentLegalEntity,
            BinAttribute::HeadUnit,
            serial % 99_999,
        ) else {
            continue;
        };
        let region = TerritorialUnit::ALL[out.len() % TerritorialUnit::ALL.len()];
        let mut workers = Vec::new();
        for k in 0..rng.below(10) {
            let start = add_days(on(), -(rng.below(500) as i64));
            let months = 1 + rng.below(12) as u32;
            let permit = (!rng.chance(3)).then(|| Permit {
                number: format!("P-{serial}-{k}"),
                category: Category::ALL[rng.below(4) as usize],
                region: if rng.chance(5) {
                    TerritorialUnit::ALL[rng.below(20) as usize]
                } else {
                    region
                },
                position: "worker".into(),
                valid_from: start,
                valid_to: add_days(add_months(start, months), -1),
                intra_corporate_transfer: rng.chance(2),
            });
            let mut notifications = Vec::new();
            if rng.chance(5) {
                notifications.push(NotificationStatus::Late {
                    deadline: add_days(start, 5),
                    days_late: 1 + rng.below(30) as u32,
                    made: rng.chance(50),
                });
            }
            workers.push(WorkerFacts {
                id: format!("W-{serial}-{k}"),
                permit,
                permit_exempt: rng.chance(10),
                hired: start,
                terminated: rng.chance(10).then(|| add_days(start, 30)),
                ban_hits: u32::from(rng.chance(1)),
                open_alerts: u32::from(rng.chance(3)),
                overstaying: rng.chance(2),
                notifications,
            });
        }
        let past_violations = (0..rng.below(3))
            .map(|_| PastViolation {
                date: add_days(on(), -(rng.below(2_000) as i64)),
                legal_reference: "CoAO art. 517".into(),
            })
            .collect();
        out.push(EmployerFacts {
            employer: Employer {
                id: EmployerId::Bin(bin),
                name: format!("Employer {serial}"),
                region,
            },
            local_management: rng.below(10) as u32,
            local_staff: rng.below(200) as u32,
            workers,
            past_violations,
            sanctions_hits: u32::from(rng.chance(1)),
        });
    }
    out
}

fn employer_fixture() -> &'static Vec<EmployerFacts> {
    static E: OnceLock<Vec<EmployerFacts>> = OnceLock::new();
    E.get_or_init(|| employers(env_usize("BERKUT_BENCH_EMPLOYERS", 100_000)))
}

fn report_plan() {
    let es = employer_fixture();
    let workers: usize = es.iter().map(|e| e.workers.len()).sum();
    let cfg = RiskConfig::default();
    let mut times = Vec::new();
    let mut planned = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let p = plan(es, on(), &cfg);
        times.push(t.elapsed());
        planned = p.iter().map(|u| u.ranked.len()).sum::<usize>();
    }
    println!(
        "plan: {} employers, {workers} workers, {planned} planned in 20 units: {}",
        es.len(),
        quantiles(times)
    );
}

#[divan::bench(sample_count = 200)]
fn rescreen_one_new_ban(bencher: divan::Bencher) {
    let p = population();
    let cfg = RescreenConfig::default();
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 1) % p.bans.len();
        p.index.rescreen(&p.bans[i], &cfg)
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn plan_employers(bencher: divan::Bencher) {
    let es = employer_fixture();
    let cfg = RiskConfig::default();
    bencher.bench_local(|| plan(es, on(), &cfg));
}

fn main() {
    report_plan();
    report_rescreen();
    divan::main();
}
