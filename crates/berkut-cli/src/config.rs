//! Layered configuration: defaults, then a TOML file (`--config`, or
//! `berkut.toml` in the working directory when present), then `BERKUT_*`
//! environment variables, then command-line flags.

use std::path::PathBuf;

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};

/// Berkut's configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the embedded SQLite store lives.
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL instead of the embedded store.
    pub database_url: Option<String>,
    /// Who is acting (recorded in every event).
    pub actor: Option<String>,
    /// Screening thresholds (`[screening]` table: refer,
    /// deny_name_with_birth_date, deny_name_with_document, max_matches).
    #[serde(default)]
    pub screening: berkut_engine::Policy,
    /// Authorised-stay rules (`[stays]` table: `default` rule with
    /// `name`, `per_entry_days`, `window = {max_days, period_days}`;
    /// `overrides` per nationality and/or purpose; `entry_day_counts`).
    /// Default: 30 days per entry and 90 in any 180, for everyone.
    #[serde(default)]
    pub stays: berkut_control::StayRules,
    /// Employers, workers and inspections (`[labour]` table).
    #[serde(default)]
    pub labour: LabourSettings,
}

/// The `[labour]` table: `[labour.notifications]` (hiring_days,
/// termination_days, count = "working" | "calendar", calendar.holidays),
/// `[labour.risk]` (weights, local_share, min_score) and
/// `sanctions_min_score`; defaults are `berkut-control`'s.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LabourSettings {
    /// Hiring and termination notification deadlines.
    pub notifications: berkut_control::NotificationRules,
    /// Inspection risk weights, the local-staff share and the plan's floor.
    pub risk: berkut_control::RiskConfig,
    /// Least name similarity of an employer to a listed organisation.
    pub sanctions_min_score: f64,
}

impl Default for LabourSettings {
    fn default() -> Self {
        Self {
            notifications: berkut_control::NotificationRules::default(),
            risk: berkut_control::RiskConfig::default(),
            sanctions_min_score: berkut_control::sanctions::SanctionsConfig::default().min_score,
        }
    }
}

impl LabourSettings {
    /// As the API's configuration.
    pub fn to_config(&self) -> berkut_api::labour::LabourConfig {
        berkut_api::labour::LabourConfig {
            notifications: self.notifications.clone(),
            risk: self.risk,
            sanctions: berkut_control::sanctions::SanctionsConfig {
                min_score: self.sanctions_min_score,
            },
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./berkut-data"),
            database_url: None,
            actor: None,
            screening: berkut_engine::Policy::default(),
            stays: berkut_control::StayRules::default(),
            labour: LabourSettings::default(),
        }
    }
}

/// Values given on the command line (they win over everything else).
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
}

/// Load the configuration.
pub fn load(file: Option<&PathBuf>, overrides: &Overrides) -> anyhow::Result<Config> {
    let mut fig = Figment::from(Serialized::defaults(Config::default()));
    match file {
        Some(f) => {
            anyhow::ensure!(f.exists(), "config file {} does not exist", f.display());
            fig = fig.merge(Toml::file(f));
        }
        None => fig = fig.merge(Toml::file("berkut.toml")),
    }
    let fig = fig
        .merge(Env::prefixed("BERKUT_").only(&["data_dir", "database_url", "actor"]))
        .merge(Serialized::defaults(overrides));
    let cfg: Config = fig
        .extract()
        .map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
    cfg.stays
        .validate()
        .map_err(|e| anyhow::anyhow!("configuration: stays.{}: {}", e.field, e.message))?;
    Ok(cfg)
}
