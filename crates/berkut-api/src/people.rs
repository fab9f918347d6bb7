//! Migration control about people (issue #7), shared by the routes and
//! the `berkut` CLI: citizenship applications screened at once, stays and
//! overstays, ban proposals, continuous re-screening of the population and
//! the reports. The rules are `berkut-control`'s; this module gathers their
//! inputs from the store and the engine and records their outcomes.
//!
//! Re-screening population: [`population_sources`] lists the
//! [`PopulationSource`]s: people in the country (open stays), pending
//! citizenship applicants, registered foreign workers ([`RegisteredWorkers`]).

use std::{collections::HashMap, fmt, time::Duration};

use axum::http::StatusCode;
use berkut_control::{
    Eligibility, PopulationKind, PopulationMember, RescreenConfig, StayRules, Verdict,
    citizenship::{ApplicationState, BanState, MatchBand},
    rescreen::NewEntry,
    stay::{Purpose, StayRecord},
};
use berkut_domain::{
    Actor, CountryCode, EventBody, LegalGround, PartialDate, PersonId, RecordedEvent,
    ValidationError,
    event::kind,
    people::{Applicant, ApplicationScreened, RescreenHit},
    screening::{Crossing, PresentedDocument, TravellerData},
};
use berkut_store::{
    AlertInfo, AnyStore, ApplicationFilter, ApplicationInfo, BanFilter, CountRow, NewApplication,
    NewOverstay, PeopleStore, RefusalsBy, RescreenBatch, ScreeningOutcome, StayFilter, StayInfo,
    Store, StoreError,
};
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;

pub use crate::population::PopulationCache;
use crate::{
    error::{ApiError, ErrorCode},
    screening::{Screening, ScreeningError, ScreeningRequest, TravelDocument},
};

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{} ({field}): {}", self.code.as_str(), self.message),
            None => write!(f, "{}: {}", self.code.as_str(), self.message),
        }
    }
}

impl std::error::Error for ApiError {}

/// How the server runs the migration-control tasks.
#[derive(Debug, Clone)]
pub struct PeopleOptions {
    /// Authorised-stay rules (default: 30 days per entry, 90 in 180).
    pub stay_rules: StayRules,
    /// How often the server looks for overstays (`None`: never; a node
    /// leaves it to the writer). Default one hour.
    pub overstay_every: Option<Duration>,
    /// How often the server tails the log for new bans and listings to
    /// re-screen the population against (`None`: never). Default 2 s.
    pub rescreen_every: Option<Duration>,
    /// Re-screening threshold and index limits.
    pub rescreen: RescreenConfig,
}

impl Default for PeopleOptions {
    fn default() -> Self {
        Self {
            stay_rules: StayRules::default(),
            overstay_every: Some(Duration::from_secs(3600)),
            rescreen_every: Some(Duration::from_secs(2)),
            rescreen: RescreenConfig::default(),
        }
    }
}

// ---------------------------------------------------------------- citizenship

/// A citizenship application.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationRequest {
    /// `naturalisation`, `restoration` or `kandas`.
    pub kind: String,
    /// Names in any script and order.
    pub names: Vec<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub birth_date: Option<String>,
    /// Nationality (alpha-3).
    #[serde(default)]
    pub nationality: Option<String>,
    /// `M`, `F` or `X`.
    #[serde(default)]
    pub sex: Option<String>,
    /// Kazakhstan IIN, when the applicant has one (12 digits, checked).
    #[serde(default)]
    pub iin: Option<String>,
    /// Identity documents.
    #[serde(default)]
    pub documents: Vec<TravelDocument>,
}

impl ApplicationRequest {
    /// Validate every field; the error names the first bad one.
    pub fn validate(&self) -> Result<Applicant, ValidationError> {
        match self.kind.trim() {
            "naturalisation" | "restoration" | "kandas" => {}
            other => {
                return Err(ValidationError::new(
                    "kind",
                    format!(
                        "'{other}' is not a kind; expected naturalisation, restoration or kandas"
                    ),
                ));
            }
        }
        let names: Vec<String> = self
            .names
            .iter()
            .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            return Err(ValidationError::new(
                "names",
                "at least one name is required",
            ));
        }
        if names.len() > 20 || names.iter().any(|n| n.chars().count() > 300) {
            return Err(ValidationError::new(
                "names",
                "at most 20 names of at most 300 characters",
            ));
        }
        if let Some(b) = &self.birth_date {
            PartialDate::parse(b.trim()).map_err(|e| e.in_field("birth_date"))?;
        }
        if let Some(n) = &self.nationality {
            CountryCode::parse(n.trim()).map_err(|e| e.in_field("nationality"))?;
        }
        if let Some(s) = &self.sex
            && !matches!(s.trim(), "M" | "F" | "X")
        {
            return Err(ValidationError::new("sex", "must be M, F or X"));
        }
        let iin = match &self.iin {
            Some(i) => {
                let t = i.trim();
                berkut_documents::parse_iin(t).map_err(|e| {
                    ValidationError::new("iin", format!("'{t}' is not a valid IIN: {e}"))
                })?;
                Some(t.to_string())
            }
            None => None,
        };
        if self.documents.len() > 10 {
            return Err(ValidationError::new("documents", "at most 10 documents"));
        }
        let mut documents = Vec::with_capacity(self.documents.len());
        for (i, d) in self.documents.iter().enumerate() {
            if !d.number.chars().any(char::is_alphanumeric) || d.number.chars().count() > 40 {
                return Err(ValidationError::new(
                    format!("documents[{i}].number"),
                    "must be 1 to 40 characters with a letter or digit",
                ));
            }
            if let Some(c) = &d.country {
                CountryCode::parse(c.trim())
                    .map_err(|e| e.in_field(format!("documents[{i}].country")))?;
            }
            documents.push(PresentedDocument {
                number: d.number.trim().to_string(),
                country: d.country.as_ref().map(|c| c.trim().to_uppercase()),
                kind: d.kind.clone(),
                expiry: d.expiry.clone(),
            });
        }
        Ok(Applicant {
            names,
            birth_date: self.birth_date.as_ref().map(|b| b.trim().to_string()),
            nationality: self.nationality.as_ref().map(|n| n.trim().to_uppercase()),
            sex: self.sex.as_ref().map(|s| s.trim().to_string()),
            iin,
            documents,
        })
    }
}

/// The engine's screening request for an applicant (purpose `citizenship`).
fn applicant_request(a: &Applicant, document: Option<&PresentedDocument>) -> ScreeningRequest {
    ScreeningRequest {
        names: a.names.clone(),
        birth_date: a.birth_date.clone(),
        nationality: a.nationality.clone(),
        sex: a.sex.clone(),
        document: document.map(|d| TravelDocument {
            number: d.number.clone(),
            country: d.country.clone(),
            kind: d.kind.clone(),
            expiry: None,
        }),
        purpose: Some("citizenship".into()),
        ..ScreeningRequest::default()
    }
}

fn engine_error(e: ScreeningError) -> ApiError {
    match e {
        ScreeningError::Invalid(v) => v.into(),
        ScreeningError::Unavailable(why) => {
            let mut e = ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::EngineUnavailable,
                format!("screening is unavailable: {why}"),
            );
            e.retry_after = Some(60);
            e
        }
    }
}

fn control_match(m: &crate::screening::ScreeningMatch) -> berkut_control::ScreeningMatch {
    let ground = m.ground.as_deref().and_then(|g| LegalGround::parse(g).ok());
    berkut_control::ScreeningMatch {
        entry_id: m.entry_id.clone(),
        score: m.score,
        band: match m.band.as_str() {
            "strong" => MatchBand::Strong,
            "possible" => MatchBand::Possible,
            _ => MatchBand::Weak,
        },
        decisive: m.deny,
        ground,
        ban_id: None,
        ban_state: if m.bars_entry && ground.is_some() {
            BanState::Active
        } else {
            BanState::Expired
        },
    }
}

/// The active registry ban on this ground behind `registry:P-…`.
async fn registry_ban(
    store: &AnyStore,
    entry_id: &str,
    ground: Option<LegalGround>,
) -> Option<String> {
    let person = PersonId::parse(entry_id.strip_prefix("registry:")?).ok()?;
    let bans = store
        .bans(&BanFilter {
            status: Some("active".into()),
            ground,
            person_id: Some(person),
            limit: Some(10),
        })
        .await
        .ok()?;
    bans.first().map(|b| b.id.to_string())
}

fn outcome_of(e: &Eligibility) -> (Option<String>, Option<String>) {
    match e {
        Eligibility::Refused { ground, ban, .. } => {
            (Some(ground.code().to_string()), Some(ban.clone()))
        }
        _ => (None, None),
    }
}

/// Screen an applicant with the engine (every document, or the names
/// alone) and decide eligibility; registry matches name their ban.
pub async fn screen_applicant(
    store: &AnyStore,
    screening: &dyn Screening,
    applicant: &Applicant,
) -> Result<ScreeningOutcome, ApiError> {
    let mut requests = vec![applicant_request(applicant, applicant.documents.first())];
    for d in applicant.documents.iter().skip(1) {
        requests.push(applicant_request(applicant, Some(d)));
    }
    let mut matches: Vec<berkut_control::ScreeningMatch> = Vec::new();
    let mut matched = Vec::new();
    let mut index_seq = 0;
    for r in &requests {
        let result = screening.screen(r).map_err(engine_error)?;
        index_seq = index_seq.max(result.index_seq);
        for m in &result.matches {
            if !matched.contains(&m.entry_id) {
                matched.push(m.entry_id.clone());
            }
            let mut c = control_match(m);
            if c.ban_state == BanState::Active {
                c.ban_id = registry_ban(store, &c.entry_id, c.ground).await;
            }
            matches.push(c);
        }
    }
    let e = berkut_control::eligibility(&matches);
    let (ground, ban) = outcome_of(&e);
    Ok(ScreeningOutcome {
        outcome: e.code().to_string(),
        ground,
        ban,
        eligibility: serde_json::to_value(&e).map_err(|x| ApiError::internal(&x))?,
        matched_entries: matched,
        index_seq,
    })
}

/// Submit an application: validate, screen at once, record.
pub async fn apply(
    store: &AnyStore,
    screening: &dyn Screening,
    actor: &Actor,
    request: &ApplicationRequest,
) -> Result<ApplicationInfo, ApiError> {
    let applicant = request.validate()?;
    let screening = screen_applicant(store, screening, &applicant).await?;
    Ok(store
        .submit_application(
            actor,
            &NewApplication {
                kind: request.kind.trim().to_string(),
                applicant,
                screening,
            },
        )
        .await?)
}

/// An officer's final decision.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// `granted` or `refused`.
    pub decision: String,
    /// Why (required, not empty).
    #[serde(default)]
    pub reason: String,
}

fn unknown_application(id: &str) -> ApiError {
    ApiError::not_found(ErrorCode::NotFound, "application_id", "application", id)
}

/// Decide an application: the status machine of `berkut-control` checks
/// the transition (a decision is final; a refused screening cannot be
/// granted), then the store records it unless the application changed.
pub async fn decide(
    store: &AnyStore,
    actor: &Actor,
    id: &str,
    request: &DecisionRequest,
    today: Date,
) -> Result<ApplicationInfo, ApiError> {
    let verdict = match request.decision.trim() {
        "granted" => Verdict::Grant,
        "refused" => Verdict::Refuse,
        other => {
            return Err(ApiError::validation(
                "decision",
                format!("'{other}' is not a decision; expected granted or refused"),
            ));
        }
    };
    if request.reason.trim().is_empty() {
        return Err(ApiError::validation("reason", "a reason is required"));
    }
    let a = store
        .application(id)
        .await?
        .ok_or_else(|| unknown_application(id))?;
    let kind = match a.kind.as_str() {
        "restoration" => berkut_control::ApplicationKind::Restoration,
        "kandas" => berkut_control::ApplicationKind::Kandas,
        _ => berkut_control::ApplicationKind::Naturalisation,
    };
    let outcome: Eligibility = serde_json::from_value(a.screening.eligibility.clone())
        .map_err(|e| ApiError::internal(&format!("stored eligibility: {e}")))?;
    let mut machine = berkut_control::Application::submit(&a.id, kind, today)?;
    if a.state == "decided" {
        // rebuild the final state so the machine refuses with its reason
        let verdict = if a.decision.as_deref() == Some("granted") {
            Verdict::Grant
        } else {
            Verdict::Refuse
        };
        machine.state = ApplicationState::Decided {
            outcome: outcome.clone(),
            decision: berkut_control::citizenship::FinalDecision {
                verdict,
                reason: a.reason.clone().unwrap_or_default(),
                officer: a.decided_by.clone().unwrap_or_default(),
                on: today,
            },
        };
    } else {
        machine.state = ApplicationState::Screened { outcome };
    }
    machine
        .decide(verdict, &request.reason, actor.as_str(), today)
        .map_err(|e| match e {
            berkut_control::TransitionError::Invalid(v) => ApiError::from(v),
            other => ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::InvalidTransition,
                other.to_string(),
            ),
        })?;
    Ok(store
        .decide_application(
            actor,
            id,
            request.decision.trim(),
            &request.reason,
            a.updated_seq,
        )
        .await?)
}

/// `?status=` of the application list: an outcome (`eligible`, `refused`,
/// `review`, pending or not), a state (`screened`, `decided`) or the
/// decision `granted`.
pub fn application_filter(status: Option<&str>) -> Result<ApplicationFilter, ApiError> {
    let mut f = ApplicationFilter::default();
    match status.map(str::trim) {
        None => {}
        Some(s @ ("eligible" | "refused" | "review")) => f.outcome = Some(s.into()),
        Some(s @ ("screened" | "decided")) => f.state = Some(s.into()),
        Some("granted") => f.decision = Some("granted".into()),
        Some(other) => {
            return Err(ApiError::validation(
                "status",
                format!(
                    "'{other}' is not an application status; expected eligible, refused, review, screened, decided or granted"
                ),
            ));
        }
    }
    Ok(f)
}

// ---------------------------------------------------------------- stays

fn day(s: &str) -> Option<Date> {
    berkut_domain::parse_date("day", s).ok()
}

fn nationality(s: &StayInfo) -> Option<CountryCode> {
    s.nationality
        .as_deref()
        .and_then(|n| CountryCode::parse(n).ok())
        // stateless or unknown (ICAO `XXX`): the default rule applies
        .or_else(|| CountryCode::parse("XXX").ok())
}

/// The assessment of one stay on `at`: allowed end, days over and the
/// rule, from the person's earlier closed stays and this one. Border
/// screenings carry no stay purpose: the rule for purpose `other` applies.
pub fn assess_stay(
    stay: &StayInfo,
    history: &[StayInfo],
    rules: &StayRules,
    at: Date,
) -> Option<berkut_control::stay::StayAssessment> {
    let entry = day(&stay.entry_on)?;
    let record = |s: &StayInfo| -> Option<StayRecord> {
        Some(StayRecord {
            entry: day(&s.entry_on)?,
            exit: s.exit_on.as_deref().and_then(day),
            nationality: nationality(s)?,
            purpose: Purpose::Other,
        })
    };
    let mut records: Vec<StayRecord> = history
        .iter()
        .filter(|h| h.id != stay.id && h.status == "closed")
        .filter_map(record)
        .filter(|r| r.exit.is_some_and(|x| x <= entry))
        .collect();
    records.push(record(stay)?);
    let own = records.len() - 1;
    let report = berkut_control::assess(&records, at, rules)
        .or_else(|_| berkut_control::assess(&records[own..], at, rules))
        .ok()?;
    report
        .stays
        .into_iter()
        .find(|s| s.entry == entry && s.exit == records.last().and_then(|r| r.exit))
}

/// A stay with its allowed end computed on a day.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StayView {
    /// Id (`ST-…`).
    pub id: String,
    /// `open` or `closed`.
    pub status: String,
    /// Entry day.
    pub entry_on: String,
    /// Exit day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_on: Option<String>,
    /// The entry screening.
    pub entry_screening_id: String,
    /// The exit screening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_screening_id: Option<String>,
    /// Names as presented at entry.
    pub names: Vec<String>,
    /// Nationality presented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Document number presented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Entry crossing point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crossing_point: Option<String>,
    /// The authorised-stay rule applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Last lawful day under the configured rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_until: Option<String>,
    /// Days present after it (today, or up to the exit).
    pub days_over: u32,
    /// The overstay alert, once raised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overstay_alert_id: Option<String>,
}

/// Stays in a list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StayList {
    /// The stays, oldest entry first.
    pub stays: Vec<StayView>,
}

/// The view of a stay on `at`.
pub async fn stay_view(
    store: &AnyStore,
    stay: &StayInfo,
    rules: &StayRules,
    at: Date,
) -> Result<StayView, ApiError> {
    let history = store
        .stays(&StayFilter {
            person_key: Some(stay.person_key.clone()),
            limit: Some(1000),
            ..StayFilter::default()
        })
        .await?;
    let a = assess_stay(stay, &history, rules, at);
    let t = &stay.opened.traveller;
    Ok(StayView {
        id: stay.id.clone(),
        status: stay.status.clone(),
        entry_on: stay.entry_on.clone(),
        exit_on: stay.exit_on.clone(),
        entry_screening_id: stay.entry_screening_id.clone(),
        exit_screening_id: stay.exit_screening_id.clone(),
        names: t.names.clone(),
        nationality: stay.nationality.clone(),
        document: t.document.as_ref().map(|d| d.number.clone()),
        crossing_point: stay.crossing_point.clone(),
        rule: a.as_ref().map(|a| a.rule.clone()),
        allowed_until: a
            .as_ref()
            .and_then(|a| a.allowed_until)
            .map(berkut_domain::format_date)
            .or_else(|| stay.allowed_until.clone()),
        days_over: a
            .as_ref()
            .and_then(|a| a.overstay.as_ref())
            .map_or(0, |o| o.days_over),
        overstay_alert_id: stay.overstay_alert_id.clone(),
    })
}

/// What an overstay check did.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OverstayCheck {
    /// The day checked.
    pub on: String,
    /// Open stays checked.
    pub checked: u64,
    /// Open stays past their allowed end (with or without a new alert).
    pub overstays: u64,
    /// Alerts raised now (one per stay, ever).
    pub alert_ids: Vec<String>,
}

/// Find open stays past their allowed end on `today` and record an
/// overstay (event + alert) for each that has none yet. Two reads however
/// many people are in the country: the open stays, and the closed stays
/// of the people who have one open (their history for the rule).
pub async fn check_overstays(
    store: &AnyStore,
    actor: &Actor,
    rules: &StayRules,
    today: Date,
) -> Result<(OverstayCheck, Vec<AlertInfo>), ApiError> {
    let open = store
        .stays(&StayFilter {
            status: Some("open".into()),
            limit: Some(u32::MAX),
            ..StayFilter::default()
        })
        .await?;
    // every earlier stay of the people in the country, in one query
    let closed = store
        .stays(&StayFilter {
            status: Some("closed".into()),
            with_open_stay: true,
            limit: Some(u32::MAX),
            ..StayFilter::default()
        })
        .await?;
    let mut by_person: HashMap<String, Vec<StayInfo>> = HashMap::new();
    for c in closed {
        by_person.entry(c.person_key.clone()).or_default().push(c);
    }
    let mut found = Vec::new();
    for s in &open {
        let history = by_person.get(&s.person_key).map_or(&[][..], Vec::as_slice);
        let Some(a) = assess_stay(s, history, rules, today) else {
            continue;
        };
        if let (Some(o), Some(until)) = (&a.overstay, a.allowed_until) {
            found.push(NewOverstay {
                stay_id: s.id.clone(),
                allowed_until: berkut_domain::format_date(until),
                days_over: o.days_over,
                rule: o.rule.clone(),
                reason: o.reason(),
            });
        }
    }
    let pending: Vec<NewOverstay> = found
        .iter()
        .filter(|o| {
            open.iter()
                .any(|s| s.id == o.stay_id && s.overstay_alert_id.is_none())
        })
        .cloned()
        .collect();
    let alerts = store.record_overstays(actor, &pending).await?;
    Ok((
        OverstayCheck {
            on: berkut_domain::format_date(today),
            checked: open.len() as u64,
            overstays: found.len() as u64,
            alert_ids: alerts.iter().map(|a| a.id.clone()).collect(),
        },
        alerts,
    ))
}

// ---------------------------------------------------------------- re-screening

/// A member of the population with what its alert carries.
#[derive(Debug, Clone)]
pub struct Member {
    /// What the index holds.
    pub member: PopulationMember,
    /// The data to put in an alert.
    pub traveller: TravellerData,
    /// The crossing (stays) or a `citizenship` crossing (applications).
    pub crossing: Crossing,
    /// The screening behind the member, or its id.
    pub screening_id: String,
}

/// One population to re-screen, listed in [`population_sources`].
pub trait PopulationSource: Send + Sync {
    /// Which population.
    fn kind(&self) -> PopulationKind;
    /// Its members now, from the store.
    fn members<'a>(
        &'a self,
        store: &'a AnyStore,
    ) -> futures::future::BoxFuture<'a, Result<Vec<Member>, StoreError>>;
    /// The event kinds that bring members into this population or take
    /// them out, for the server's population cache
    /// ([`crate::population::PopulationCache`]) to tail. Default: none
    /// declared: the source is then read in full with
    /// [`PopulationSource::members`] on every run that has a new entry to
    /// screen, and the differences go to the index.
    fn change_kinds(&self) -> &'static [&'static str] {
        &[]
    }
    /// What one event of [`PopulationSource::change_kinds`] does to the
    /// population, from its payload alone (`None`: nothing).
    fn change(&self, _event: &RecordedEvent) -> Option<PopulationChange> {
        None
    }
}

/// A change of a population, as one event brings it.
#[derive(Debug, Clone)]
pub enum PopulationChange {
    /// A member joins (or is replaced).
    Upsert(Box<Member>),
    /// A member leaves (by population and id).
    Remove(PopulationKind, String),
}

/// People in the country: every open stay.
#[derive(Debug, Clone, Copy)]
pub struct InCountry;

/// Citizenship applicants waiting for a decision.
#[derive(Debug, Clone, Copy)]
pub struct PendingApplicants;

fn parse_dates(s: Option<&str>) -> Vec<PartialDate> {
    s.and_then(|d| PartialDate::parse(d.trim()).ok())
        .into_iter()
        .collect()
}

fn parse_countries(s: Option<&str>) -> Vec<CountryCode> {
    s.and_then(|c| CountryCode::parse(c.trim()).ok())
        .into_iter()
        .collect()
}

fn parse_sex(s: Option<&str>) -> Option<berkut_domain::Sex> {
    match s.map(str::trim) {
        Some("M") => Some(berkut_domain::Sex::Male),
        Some("F") => Some(berkut_domain::Sex::Female),
        _ => None,
    }
}

impl PopulationSource for InCountry {
    fn kind(&self) -> PopulationKind {
        PopulationKind::InCountry
    }
    fn members<'a>(
        &'a self,
        store: &'a AnyStore,
    ) -> futures::future::BoxFuture<'a, Result<Vec<Member>, StoreError>> {
        Box::pin(async move {
            let open = store
                .stays(&StayFilter {
                    status: Some("open".into()),
                    limit: Some(u32::MAX),
                    ..StayFilter::default()
                })
                .await?;
            Ok(open
                .into_iter()
                .map(|s| {
                    stay_member(
                        s.id,
                        s.opened.traveller,
                        s.opened.crossing,
                        s.entry_screening_id,
                    )
                })
                .collect())
        })
    }
    fn change_kinds(&self) -> &'static [&'static str] {
        &[kind::STAY_OPENED, kind::STAY_CLOSED]
    }
    fn change(&self, event: &RecordedEvent) -> Option<PopulationChange> {
        match EventBody::decode(&event.kind, &event.payload).ok()? {
            EventBody::StayOpened(o) => Some(PopulationChange::Upsert(Box::new(stay_member(
                o.stay_id,
                o.traveller,
                o.crossing,
                o.screening_id,
            )))),
            EventBody::StayClosed(c) => Some(PopulationChange::Remove(
                PopulationKind::InCountry,
                c.stay_id,
            )),
            _ => None,
        }
    }
}

/// An open stay as a member of the population in the country.
fn stay_member(
    id: String,
    traveller: TravellerData,
    crossing: Crossing,
    screening_id: String,
) -> Member {
    let t = &traveller;
    Member {
        member: PopulationMember {
            id,
            kind: PopulationKind::InCountry,
            names: t.names.clone(),
            birth_dates: parse_dates(t.birth_date.as_deref()),
            nationalities: parse_countries(t.nationality.as_deref()),
            sex: parse_sex(t.sex.as_deref()),
            documents: t.document.iter().map(|d| d.number.clone()).collect(),
        },
        traveller,
        crossing,
        screening_id,
    }
}

fn applicant_traveller(id: &str, a: &Applicant) -> TravellerData {
    TravellerData {
        id: Some(id.to_string()),
        names: a.names.clone(),
        birth_date: a.birth_date.clone(),
        nationality: a.nationality.clone(),
        sex: a.sex.clone(),
        document: a.documents.first().cloned(),
        mrz: None,
    }
}

/// A pending application as a member of the applicants' population.
fn applicant_member(id: &str, a: &Applicant) -> Member {
    Member {
        member: PopulationMember {
            id: id.to_string(),
            kind: PopulationKind::PendingApplicant,
            names: a.names.clone(),
            birth_dates: parse_dates(a.birth_date.as_deref()),
            nationalities: parse_countries(a.nationality.as_deref()),
            sex: parse_sex(a.sex.as_deref()),
            documents: a.documents.iter().map(|d| d.number.clone()).collect(),
        },
        traveller: applicant_traveller(id, a),
        crossing: Crossing {
            direction: "none".into(),
            purpose: "citizenship".into(),
            ..Crossing::default()
        },
        screening_id: id.to_string(),
    }
}

impl PopulationSource for PendingApplicants {
    fn kind(&self) -> PopulationKind {
        PopulationKind::PendingApplicant
    }
    fn members<'a>(
        &'a self,
        store: &'a AnyStore,
    ) -> futures::future::BoxFuture<'a, Result<Vec<Member>, StoreError>> {
        Box::pin(async move {
            let pending = store
                .applications(&ApplicationFilter {
                    state: Some("screened".into()),
                    limit: Some(u32::MAX),
                    ..ApplicationFilter::default()
                })
                .await?;
            Ok(pending
                .iter()
                .map(|a| applicant_member(&a.id, &a.applicant))
                .collect())
        })
    }
    fn change_kinds(&self) -> &'static [&'static str] {
        &[kind::APPLICATION_SUBMITTED, kind::APPLICATION_DECIDED]
    }
    fn change(&self, event: &RecordedEvent) -> Option<PopulationChange> {
        match EventBody::decode(&event.kind, &event.payload).ok()? {
            EventBody::ApplicationSubmitted(a) => Some(PopulationChange::Upsert(Box::new(
                applicant_member(&a.application_id, &a.applicant),
            ))),
            EventBody::ApplicationDecided(d) => Some(PopulationChange::Remove(
                PopulationKind::PendingApplicant,
                d.application_id,
            )),
            _ => None,
        }
    }
}

/// Foreign workers registered with an employer and not terminated.
#[derive(Debug, Clone, Copy)]
pub struct RegisteredWorkers;

impl PopulationSource for RegisteredWorkers {
    fn kind(&self) -> PopulationKind {
        PopulationKind::RegisteredWorker
    }
    fn members<'a>(
        &'a self,
        store: &'a AnyStore,
    ) -> futures::future::BoxFuture<'a, Result<Vec<Member>, StoreError>> {
        Box::pin(async move {
            let workers = store.list_worker_identities().await?;
            Ok(workers
                .into_iter()
                .map(|(id, p)| {
                    let names: Vec<String> = p.names.iter().map(|n| n.full.clone()).collect();
                    let document = p.documents.first().map(|d| PresentedDocument {
                        number: d.number.as_str().to_string(),
                        country: d.issuing_state.as_ref().map(|c| c.as_str().to_string()),
                        kind: None,
                        expiry: None,
                    });
                    Member {
                        member: PopulationMember {
                            id: id.clone(),
                            kind: PopulationKind::RegisteredWorker,
                            names: names.clone(),
                            birth_dates: p.birth_dates.clone(),
                            nationalities: p.nationalities.clone(),
                            sex: p.sex,
                            documents: p
                                .documents
                                .iter()
                                .map(|d| d.number.as_str().to_string())
                                .collect(),
                        },
                        traveller: TravellerData {
                            id: Some(id.clone()),
                            names,
                            birth_date: p.birth_dates.first().map(ToString::to_string),
                            nationality: p.nationalities.first().map(|c| c.as_str().to_string()),
                            sex: None,
                            document,
                            mrz: None,
                        },
                        crossing: Crossing {
                            direction: "none".into(),
                            purpose: "residence".into(),
                            ..Crossing::default()
                        },
                        screening_id: id,
                    }
                })
                .collect())
        })
    }
}

/// The populations re-screened against every new ban and listing: people
/// in the country, pending citizenship applicants, registered foreign
/// workers.
pub fn population_sources() -> Vec<Box<dyn PopulationSource>> {
    vec![
        Box::new(InCountry),
        Box::new(PendingApplicants),
        Box::new(RegisteredWorkers),
    ]
}

/// Events that bring a new entry to re-screen against.
pub const RESCREEN_TRIGGERS: [&str; 3] =
    [kind::BAN_IMPOSED, kind::ENTRY_LISTED, kind::ENTRY_CHANGED];

/// The entry an event brings, if it still bars or lists someone now.
async fn new_entry(
    store: &AnyStore,
    e: &RecordedEvent,
) -> Result<Option<(NewEntry, Vec<String>)>, StoreError> {
    let Ok(body) = EventBody::decode(&e.kind, &e.payload) else {
        return Ok(None);
    };
    match body {
        EventBody::BanImposed(b) => {
            let active = store
                .ban(b.ban_id.as_str())
                .await?
                .is_some_and(|x| x.status.code() == "active");
            let Some(person) = store.person(b.person_id.as_str()).await? else {
                return Ok(None);
            };
            Ok(active.then(|| {
                (
                    NewEntry::from_ban(&person, b.ground),
                    vec![b.ban_id.to_string()],
                )
            }))
        }
        EventBody::EntryListed(l) | EventBody::EntryChanged(l) => {
            let id = l.entry_id.to_string();
            let listed = store
                .entry(&id)
                .await?
                .is_some_and(|x| x.status == "listed");
            Ok(listed.then(|| (NewEntry::from_listed(&id, &l.entry), Vec::new())))
        }
        _ => Ok(None),
    }
}

/// What one re-screening run did.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct RescreenRun {
    /// The cursor before.
    pub from_seq: u64,
    /// The cursor after.
    pub through_seq: u64,
    /// New entries screened.
    pub entries: u64,
    /// Population members indexed.
    pub members: u64,
    /// Alerts raised.
    pub alert_ids: Vec<String>,
}

/// Combine a pending application's outcome with a re-screening hit
/// against one new entry: a refusal stands; a new refusal or review joins.
fn rescreened_outcome(
    before: &Eligibility,
    hit: &berkut_control::ScreeningMatch,
) -> Option<Eligibility> {
    let new = berkut_control::eligibility(std::slice::from_ref(hit));
    match (before, &new) {
        (Eligibility::Refused { .. }, _) | (_, Eligibility::Eligible { .. }) => None,
        (_, Eligibility::Refused { .. }) => Some(new),
        (Eligibility::Review { matches: old }, Eligibility::Review { matches: add }) => {
            let mut all = old.clone();
            for m in add {
                if !all.iter().any(|x| x.entry_id == m.entry_id) {
                    all.push(m.clone());
                }
            }
            Some(Eligibility::Review { matches: all })
        }
        (Eligibility::Eligible { .. }, Eligibility::Review { .. }) => Some(new),
    }
}

/// Re-screen the population against every new ban and listing since the
/// cursor: one run, recorded with its alerts and the new cursor in one
/// transaction. The population index is built from the store for the run
/// (a one-off run, such as `berkut rescreen`); the server keeps it between
/// runs with [`rescreen_once_with`].
pub async fn rescreen_once(
    store: &AnyStore,
    actor: &Actor,
    config: &RescreenConfig,
    sources: &[Box<dyn PopulationSource>],
) -> Result<(RescreenRun, Vec<AlertInfo>), ApiError> {
    let mut cache = PopulationCache::default();
    rescreen_once_with(&mut cache, store, actor, config, sources).await
}

/// One run as [`rescreen_once`], against a population held in `cache`:
/// the cache is brought up to date (the population events since its
/// cursor; built in full the first time), so a new ban costs one query
/// against a ready index.
pub async fn rescreen_once_with(
    cache: &mut PopulationCache,
    store: &AnyStore,
    actor: &Actor,
    config: &RescreenConfig,
    sources: &[Box<dyn PopulationSource>],
) -> Result<(RescreenRun, Vec<AlertInfo>), ApiError> {
    let from = store.rescreen_cursor().await?;
    let events = store
        .events_of_kinds_after(from, &RESCREEN_TRIGGERS, 1000)
        .await?;
    let Some(last) = events.last().map(|e| e.seq) else {
        return Ok((
            RescreenRun {
                from_seq: from,
                through_seq: from,
                ..RescreenRun::default()
            },
            Vec::new(),
        ));
    };
    // the population first: with nobody to re-screen (a fresh system
    // catching up on its imported lists) the triggers need no lookups
    cache.sync(store, sources, true).await?;
    let mut entries = Vec::new();
    if !cache.is_empty() {
        for e in &events {
            if let Some((entry, bans)) = new_entry(store, e).await? {
                entries.push((e.seq, entry, bans));
            }
        }
    }
    let index = cache.index();
    let members = cache.members();
    let mut hits = Vec::new();
    let mut applications: HashMap<String, (ApplicationScreened, Eligibility)> = HashMap::new();
    for (seq, entry, bans) in &entries {
        let r = index.rescreen(entry, config);
        for h in r.hits {
            let Some(m) = members.get(&(h.kind, h.member_id.clone())) else {
                continue;
            };
            let ground = entry.ground.map(|g| g.code().to_string());
            hits.push(RescreenHit {
                alert_id: String::new(),
                trigger_seq: *seq,
                entry_id: entry.entry_id.clone(),
                ban_ids: bans.clone(),
                ground: ground.clone(),
                member_kind: match h.kind {
                    PopulationKind::InCountry => "in_country",
                    PopulationKind::PendingApplicant => "pending_applicant",
                    PopulationKind::RegisteredWorker => "registered_worker",
                }
                .into(),
                member_id: h.member_id.clone(),
                score_milli: (h.score.clamp(0.0, 1.0) * 1000.0).round() as u32,
                band: h.band.clone(),
                reasons: h.reasons.clone(),
                traveller: m.traveller.clone(),
                crossing: m.crossing.clone(),
                screening_id: m.screening_id.clone(),
            });
            if h.kind == PopulationKind::PendingApplicant {
                let hit = berkut_control::ScreeningMatch {
                    entry_id: entry.entry_id.clone(),
                    score: h.score,
                    band: match h.band.as_str() {
                        "strong" => MatchBand::Strong,
                        "possible" => MatchBand::Possible,
                        _ => MatchBand::Weak,
                    },
                    decisive: false,
                    ground: entry.ground,
                    ban_id: bans.first().cloned(),
                    ban_state: BanState::Active,
                };
                let before = match applications.get(&h.member_id) {
                    Some((_, e)) => e.clone(),
                    None => match store.application(&h.member_id).await? {
                        Some(a) => serde_json::from_value(a.screening.eligibility.clone())
                            .map_err(|e| ApiError::internal(&format!("stored eligibility: {e}")))?,
                        None => continue,
                    },
                };
                if let Some(after) = rescreened_outcome(&before, &hit) {
                    let (g, b) = outcome_of(&after);
                    let screened = ApplicationScreened {
                        application_id: h.member_id.clone(),
                        outcome: after.code().into(),
                        ground: g,
                        ban: b,
                        eligibility: serde_json::to_value(&after)
                            .map_err(|e| ApiError::internal(&e))?,
                        matched_entries: vec![entry.entry_id.clone()],
                        index_seq: *seq,
                        trigger: "rescreen".into(),
                    };
                    applications.insert(h.member_id.clone(), (screened, after));
                }
            }
        }
    }
    let mut apps: Vec<ApplicationScreened> = applications.into_values().map(|(s, _)| s).collect();
    apps.sort_by(|a, b| a.application_id.cmp(&b.application_id));
    let recorded = store
        .record_rescreen(
            actor,
            &RescreenBatch {
                from_seq: from,
                through_seq: last,
                entries: entries.len() as u64,
                members: cache.len() as u64,
                hits,
                applications: apps,
            },
        )
        .await?;
    Ok((
        RescreenRun {
            from_seq: from,
            through_seq: recorded.cursor,
            entries: entries.len() as u64,
            members: cache.len() as u64,
            alert_ids: recorded.alerts.iter().map(|a| a.id.clone()).collect(),
        },
        recorded.alerts,
    ))
}

/// Re-screen until the cursor reaches the head of the triggers.
pub async fn rescreen_all(
    store: &AnyStore,
    actor: &Actor,
    config: &RescreenConfig,
) -> Result<(RescreenRun, Vec<AlertInfo>), ApiError> {
    rescreen_all_with(&mut PopulationCache::default(), store, actor, config).await
}

/// Re-screen until the cursor reaches the head of the triggers, against
/// the population held in `cache` (the server's background task keeps one
/// between runs).
pub async fn rescreen_all_with(
    cache: &mut PopulationCache,
    store: &AnyStore,
    actor: &Actor,
    config: &RescreenConfig,
) -> Result<(RescreenRun, Vec<AlertInfo>), ApiError> {
    let sources = population_sources();
    let mut total = RescreenRun::default();
    let mut alerts = Vec::new();
    let mut first = true;
    loop {
        let (run, a) = rescreen_once_with(cache, store, actor, config, &sources).await?;
        if first {
            total.from_seq = run.from_seq;
            first = false;
        }
        let done = run.through_seq == run.from_seq;
        total.through_seq = run.through_seq;
        total.entries += run.entries;
        total.members = total.members.max(run.members);
        total.alert_ids.extend(run.alert_ids);
        alerts.extend(a);
        if done {
            return Ok((total, alerts));
        }
    }
}

// ---------------------------------------------------------------- reports

/// Report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// JSON (default).
    Json,
    /// CSV with a header row.
    Csv,
}

impl ReportFormat {
    /// Parse `json` or `csv`.
    pub fn parse(s: Option<&str>) -> Result<Self, ValidationError> {
        match s.map(str::trim) {
            None | Some("json") => Ok(Self::Json),
            Some("csv") => Ok(Self::Csv),
            Some(other) => Err(ValidationError::new(
                "format",
                format!("'{other}' is not a format; expected json or csv"),
            )),
        }
    }
}

/// A report: named columns and rows of text.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Report {
    /// What it counts.
    pub report: String,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, one value per column.
    pub rows: Vec<Vec<String>>,
}

impl Report {
    /// As CSV (header row first).
    pub fn to_csv(&self) -> Result<String, ApiError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.columns)
            .map_err(|e| ApiError::internal(&e))?;
        for r in &self.rows {
            w.write_record(r).map_err(|e| ApiError::internal(&e))?;
        }
        let bytes = w.into_inner().map_err(|e| ApiError::internal(&e))?;
        String::from_utf8(bytes).map_err(|e| ApiError::internal(&e))
    }
}

fn count_report(name: &str, key: &str, rows: Vec<CountRow>) -> Report {
    Report {
        report: name.into(),
        columns: vec![key.into(), "count".into()],
        rows: rows
            .into_iter()
            .map(|r| vec![r.key, r.count.to_string()])
            .collect(),
    }
}

/// Parse the grouping of the refusal report.
pub fn refusals_by(s: Option<&str>) -> Result<RefusalsBy, ValidationError> {
    match s.map(str::trim) {
        None | Some("ground") => Ok(RefusalsBy::Ground),
        Some("crossing_point") => Ok(RefusalsBy::CrossingPoint),
        Some("day") => Ok(RefusalsBy::Day),
        Some(other) => Err(ValidationError::new(
            "by",
            format!("'{other}' is not a grouping; expected ground, crossing_point or day"),
        )),
    }
}

/// Parse an optional `YYYY-MM-DD` bound.
pub fn bound(field: &str, s: Option<&str>) -> Result<Option<Date>, ValidationError> {
    s.map(|d| berkut_domain::parse_date(field, d.trim()))
        .transpose()
}

/// Refusals (DENY screenings) by ground, crossing point or day.
pub async fn refusal_report(
    store: &AnyStore,
    by: RefusalsBy,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Report, ApiError> {
    let key = match by {
        RefusalsBy::Ground => "ground",
        RefusalsBy::CrossingPoint => "crossing_point",
        RefusalsBy::Day => "day",
    };
    Ok(count_report(
        &format!("refusals by {key}"),
        key,
        store.refusal_report(by, from, to).await?,
    ))
}

/// Alerts by kind and status.
pub async fn alert_report(
    store: &AnyStore,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Report, ApiError> {
    let rows = store.alert_report(from, to).await?;
    Ok(Report {
        report: "alerts by kind and status".into(),
        columns: vec!["kind".into(), "status".into(), "count".into()],
        rows: rows
            .into_iter()
            .map(|r| {
                let (k, s) = r.key.split_once('/').unwrap_or((r.key.as_str(), ""));
                vec![k.to_string(), s.to_string(), r.count.to_string()]
            })
            .collect(),
    })
}

/// Stays with an overstay alert, with entry crossings in `[from, to]`.
pub async fn overstay_report(
    store: &AnyStore,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<Report, ApiError> {
    let stays = store
        .stays(&StayFilter {
            status: Some("overstay".into()),
            limit: Some(u32::MAX),
            ..StayFilter::default()
        })
        .await?;
    let rows = stays
        .into_iter()
        .filter(|s| {
            let d = day(&s.entry_on);
            from.is_none_or(|f| d.is_some_and(|d| d >= f))
                && to.is_none_or(|t| d.is_some_and(|d| d <= t))
        })
        .map(|s| {
            vec![
                s.id,
                s.status,
                s.entry_on,
                s.allowed_until.unwrap_or_default(),
                s.overstay_days.map(|d| d.to_string()).unwrap_or_default(),
                s.exit_on.unwrap_or_default(),
                s.nationality.unwrap_or_default(),
                s.crossing_point.unwrap_or_default(),
                s.overstay_alert_id.unwrap_or_default(),
            ]
        })
        .collect();
    Ok(Report {
        report: "overstays".into(),
        columns: [
            "stay_id",
            "status",
            "entry_on",
            "allowed_until",
            "days_over",
            "exit_on",
            "nationality",
            "crossing_point",
            "alert_id",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    })
}

// ---------------------------------------------------------------- background

/// Start the server's periodic tasks, as configured: re-screening (tails
/// the log for new bans and listings from the persisted cursor) and the
/// overstay check. Alerts they raise go out on the alert streams.
pub(crate) fn spawn_tasks(state: &crate::AppState) {
    let options = state.options().people.clone();
    if let Some(every) = options.rescreen_every {
        let state = state.clone();
        let config = options.rescreen;
        tokio::spawn(async move {
            let Ok(actor) = Actor::parse("berkut-rescreen") else {
                return;
            };
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // the population, held between runs and kept up to date on
            // every tick, so a new ban costs one query against it
            let mut cache = PopulationCache::default();
            let sources = population_sources();
            loop {
                tick.tick().await;
                match cache.sync(state.store(), &sources, false).await {
                    Ok(r) if r.built => tracing::info!(
                        members = cache.len(),
                        cursor = cache.cursor(),
                        "re-screening population indexed"
                    ),
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "re-screening population sync failed; retrying");
                        continue;
                    }
                }
                match rescreen_all_with(&mut cache, state.store(), &actor, &config).await {
                    Ok((run, alerts)) => {
                        if run.entries > 0 {
                            tracing::info!(
                                entries = run.entries,
                                members = run.members,
                                alerts = alerts.len(),
                                cursor = run.through_seq,
                                "re-screened the population"
                            );
                        }
                        for a in &alerts {
                            state.metrics().alert_raised();
                            state.alert_committed(a.seq);
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "re-screening failed; retrying"),
                }
            }
        });
    }
    if let Some(every) = options.overstay_every {
        let state = state.clone();
        let rules = options.stay_rules;
        tokio::spawn(async move {
            let Ok(actor) = Actor::parse("berkut-overstay") else {
                return;
            };
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let today = time::OffsetDateTime::now_utc().date();
                match check_overstays(state.store(), &actor, &rules, today).await {
                    Ok((check, alerts)) => {
                        if !alerts.is_empty() {
                            tracing::info!(
                                checked = check.checked,
                                alerts = alerts.len(),
                                "overstays recorded"
                            );
                        }
                        for a in &alerts {
                            state.metrics().alert_raised();
                            state.alert_committed(a.seq);
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "overstay check failed; retrying"),
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn application_request_names_the_bad_field() {
        let ok = ApplicationRequest {
            kind: "kandas".into(),
            names: vec!["Иванов Иван".into()],
            ..ApplicationRequest::default()
        };
        assert!(ok.validate().is_ok());
        let cases: Vec<(ApplicationRequest, &str)> = vec![
            (
                ApplicationRequest {
                    kind: "tourist".into(),
                    ..ok.clone()
                },
                "kind",
            ),
            (
                ApplicationRequest {
                    names: vec![" ".into()],
                    ..ok.clone()
                },
                "names",
            ),
            (
                ApplicationRequest {
                    birth_date: Some("1990-13-01".into()),
                    ..ok.clone()
                },
                "birth_date",
            ),
            (
                ApplicationRequest {
                    nationality: Some("Q".into()),
                    ..ok.clone()
                },
                "nationality",
            ),
            (
                ApplicationRequest {
                    iin: Some("900101300001".into()),
                    ..ok.clone()
                },
                "iin",
            ),
            (
                ApplicationRequest {
                    sex: Some("male".into()),
                    ..ok.clone()
                },
                "sex",
            ),
            (
                ApplicationRequest {
                    documents: vec![TravelDocument {
                        number: "--".into(),
                        country: None,
                        kind: None,
                        expiry: None,
                    }],
                    ..ok.clone()
                },
                "documents[0].number",
            ),
        ];
        for (req, field) in cases {
            assert_eq!(
                req.validate().map_err(|e| e.field),
                Err(field.to_string()),
                "{req:?}"
            );
        }
    }

    #[test]
    fn rescreen_keeps_a_refusal_and_adds_a_review() {
        let m = |band, ground| berkut_control::ScreeningMatch {
            entry_id: "registry:P-1".into(),
            score: 0.9,
            band,
            decisive: false,
            ground: Some(ground),
            ban_id: Some("B-1".into()),
            ban_state: BanState::Active,
        };
        let eligible = Eligibility::Eligible {
            not_counted: vec![],
        };
        let refused = berkut_control::eligibility(&[m(MatchBand::Strong, LegalGround::Terrorism)]);
        assert_eq!(
            rescreened_outcome(&eligible, &m(MatchBand::Strong, LegalGround::Terrorism))
                .map(|e| e.code()),
            Some("refused")
        );
        assert_eq!(
            rescreened_outcome(&eligible, &m(MatchBand::Possible, LegalGround::Extremism))
                .map(|e| e.code()),
            Some("review")
        );
        assert!(
            rescreened_outcome(&refused, &m(MatchBand::Possible, LegalGround::Extremism)).is_none()
        );
        // a ground that does not bar citizenship changes nothing
        assert!(
            rescreened_outcome(
                &eligible,
                &m(MatchBand::Strong, LegalGround::MigrationViolation)
            )
            .is_none()
        );
    }

    #[test]
    fn report_as_csv_quotes_what_needs_it() {
        let r = Report {
            report: "x".into(),
            columns: vec!["crossing_point".into(), "count".into()],
            rows: vec![vec!["Khorgos, KZ".into(), "2".into()]],
        };
        assert_eq!(
            r.to_csv().ok().as_deref(),
            Some("crossing_point,count\n\"Khorgos, KZ\",2\n")
        );
    }
}
