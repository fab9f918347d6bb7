//! Migration-control rules: the pure domain logic of citizenship
//! applications, employers of foreign workers and their inspections,
//! entry/exit records with overstays, and continuous re-screening
//! (issue #7). Storage, HTTP routes and CLI commands sit above this crate.
//!
//! Pure: no I/O, no async, no clock — every function that depends on
//! "today" takes the day as an argument. Input is parsed once into
//! validated types; every validation error names the input field
//! ([`berkut_domain::ValidationError`], [`stay::StayError::field`]).
//! Rules the reference notes (`standards.md` §5) do not state precisely are
//! configuration with a documented default, never a constant in the code.
//!
//! # Map
//! | module | holds | key invariant |
//! |---|---|---|
//! | [`territory`] | the 17 regions and 3 cities of republican significance, ISO 3166-2:KZ codes, names in Kazakh, Russian, English; parse from code or any name | no spelling names two units ("Almaty" is the city) |
//! | [`calendar`] | adding days and months (month ends clamp), working days with configured holidays | the n-th working day after D has exactly n working days in (D, deadline] |
//! | [`stay`] | authorised-stay rules per nationality and purpose ([`stay::StayRules`]), allowed end of each stay, overstays (days over, which rule, which limit), the rolling 90/180 count | equal to a day-by-day simulation (property test) |
//! | [`labour`] | employers by BIN or IIN ([`labour::EmployerInput`]), foreign workers ([`labour::WorkerInput`]: identity, employer, permit), work permits (category 1–4, 1–12 months), notification deadlines, the 70 %/90 % local-staff share | a rejected input names its field; nothing is half-valid |
//! | [`risk`] | inspection risk score with one reason line per factor, inspection plans per unit | score = Σ reason points; monotone; deterministic order |
//! | [`sanctions`] | employers against organisation entries of sanctions lists: by BIN/IIN identifier, then by name without legal forms | an identifier hit whatever the name |
//! | [`citizenship`] | eligibility from screening matches (`eligible`, `refused`, `review`), the application status machine | only active bans on grounds that bar citizenship refuse; a decision is final |
//! | [`rescreen`] | the population index and re-screening of it against one new entry | the index finds what the scorer matches (tested against a full scan) |
//!
//! # Defaults
//! Authorised stay ([`stay::StayRules::default`]): 30 days per entry and 90
//! days in any 180, for every nationality and purpose (the visa-free regime
//! in standards.md §5.4); entry and exit days both count. Other regimes are
//! overrides to configure.
//!
//! Work permits: 1 to 12 months ([`labour::PERMIT_MONTHS`], §5.3 — a fact,
//! not configuration). Notifications ([`labour::NotificationRules`]):
//! 3 working days after hiring or termination, Monday–Friday, no holidays
//! configured — the host's arrival deadline of §5.4, since the employer's
//! own deadline is unverified there. Local-staff share
//! ([`labour::LocalShareRules`]): ≥ 70 % Kazakh citizens in categories 1–2,
//! ≥ 90 % in 3–4, intra-corporate transferees ≤ 50 % of the Kazakh staff of
//! their group (§5.4).
//!
//! Risk weights ([`risk::RiskWeights`]), in points. They are a planning
//! priority chosen for this system, not law: a sanctions hit on the employer
//! (40) and a worker under an entry ban (30 per hit) come first; then the
//! work itself being unlawful — a worker without a needed permit (12), on an
//! expired permit (10), overstaying (10); open alerts on workers (8 each);
//! past violations within 3 years (5 each); permits for another unit (4
//! each, a permit is valid only in its territory); late or missing hiring
//! and termination notifications (3 each); the share rule — 1 point per
//! started percentage point below the minimum, per group, and 5 per
//! intra-corporate transferee over the limit. Employers scoring 0 are not
//! planned ([`risk::RiskConfig::min_score`]). Ties in a plan are broken by
//! the employer's 12-digit number, ascending.
//!
//! Employers against sanctions lists ([`sanctions::SanctionsConfig`]): an
//! organisation entry listing the employer's BIN/IIN is a hit; otherwise a
//! name similarity ≥ 0.90 (the scorer's *strong* band) after legal forms
//! are dropped from both names.
//!
//! Re-screening ([`rescreen::RescreenConfig`]): a hit is a score ≥ 0.75,
//! the border screener's REFER threshold. The index limits are far wider
//! than the border screener's: postings of up to 65,536 variants are read
//! in full (the screener: 4,096) and up to 8,192 entries per query name are
//! scored (the screener: 20). One new ban against a million people is a
//! rare query that must not miss; with the screener's limits, a banned
//! person whose given and family names are both common was found only when
//! a rarer token (a patronymic the passport lacks) did not decide the
//! candidates — 86 % of the banned persons present in a generated
//! population of 1 M, against 96 % with these limits (`docs/bench/2026-11-27-control.md`).
//!
//! # Reuse
//! IIN/BIN validation is `berkut-documents`; persons, dates, country codes,
//! legal grounds and `bars_citizenship` are `berkut-domain`; the population
//! index is `berkut-index`'s [`berkut_index::NameIndex`] and scores are
//! `berkut-match`'s. `berkut-engine`'s `Screener` is used only through its
//! [`berkut_engine::Decision`] ([`citizenship::matches_from_decision`]): it
//! indexes events (persons with active bans, watchlist entries) and cannot
//! hold a population of people without bans, so [`rescreen`] builds its own
//! index with the same parts.

pub mod calendar;
pub mod citizenship;
pub mod labour;
pub mod rescreen;
pub mod risk;
pub mod sanctions;
pub mod stay;
pub mod territory;

pub use citizenship::{
    Application, ApplicationKind, ApplicationState, BanState, Eligibility, MatchBand,
    ScreeningMatch, TransitionError, Verdict, eligibility, matches_from_decision,
};
pub use labour::{
    Category, Employer, EmployerId, EmployerInput, LocalShareRules, NotificationKind,
    NotificationRules, NotificationStatus, Permit, PermitInput, Worker, WorkerInput,
};
pub use rescreen::{
    Hit, NewEntry, PopulationIndex, PopulationKind, PopulationMember, Rescreen, RescreenConfig,
};
pub use risk::{EmployerFacts, RiskConfig, RiskScore, RiskWeights, UnitPlan, WorkerFacts, plan};
pub use stay::{StayError, StayRecord, StayReport, StayRules, assess};
pub use territory::{TerritorialUnit, UnitKind};
