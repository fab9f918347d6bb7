//! Roles, permissions and the matrix between them, as data.
//!
//! Every route names one [`Permission`] (see [`ROUTES`]); a handler receives
//! an [`crate::auth::Authorized<P>`] for the permission's marker type `P`, so
//! a handler cannot run for a caller whose role lacks it. The matrix lives
//! here rather than in `berkut-domain` for now (the API is its only user).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Officer at a border crossing: screens travellers, reads bans.
    BorderOfficer,
    /// Migration police: imposes and lifts bans, registers persons.
    MigrationPolice,
    /// Citizenship officer: screens applicants, registers persons.
    CitizenshipOfficer,
    /// Labour inspector: screens foreign workers, reads bans.
    LabourInspector,
    /// Auditor: reads everything, changes nothing, cannot screen.
    Auditor,
    /// Administrator: every permission.
    Admin,
}

/// What a route lets its caller do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Read and search bans.
    BanRead,
    /// Impose a ban.
    BanImpose,
    /// Lift a ban.
    BanLift,
    /// Read a ban's full history.
    BanHistoryRead,
    /// Read a person.
    PersonRead,
    /// Register a person.
    PersonRegister,
    /// Read a watchlist entry.
    EntryRead,
    /// List watchlist sources.
    SourceRead,
    /// Screen a traveller or applicant.
    Screen,
    /// Read emergency declarations.
    EmergencyRead,
    /// Declare and end emergencies.
    EmergencyDeclare,
    /// Check a document against the invalidated register and validity rules.
    DocumentCheck,
    /// Read alerts and follow the alert stream (border officers: only
    /// alerts raised by their own screenings).
    AlertRead,
    /// Acknowledge and close alerts.
    AlertManage,
    /// Read the review queue.
    ReviewRead,
    /// Resolve review items.
    ReviewResolve,
    /// Read one's own user, role and permissions (`GET /v1/me`): every role.
    SelfRead,
    /// Read aggregate screening statistics (counts, no personal data).
    StatsRead,
    /// Submit a citizenship application (screened at once).
    CitizenshipApply,
    /// Read citizenship applications and their history.
    CitizenshipRead,
    /// Decide a citizenship application (final).
    CitizenshipDecide,
    /// Read entry/exit records (stays) and ban proposals.
    StayRead,
    /// Run the overstay check on demand.
    OverstayCheck,
    /// Propose a `migration_violation` ban for an overstay.
    BanPropose,
    /// Read reports (refusals, alerts, overstays).
    ReportRead,
    /// List the territorial units.
    RegionRead,
    /// Read employers, foreign workers, inspections, plans and their reports.
    LabourRead,
    /// Register employers and foreign workers, record terminations,
    /// re-screen employers.
    LabourRegister,
    /// Record inspections.
    InspectionRecord,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 6] = [
        Role::BorderOfficer,
        Role::MigrationPolice,
        Role::CitizenshipOfficer,
        Role::LabourInspector,
        Role::Auditor,
        Role::Admin,
    ];

    /// The role's code.
    pub fn code(self) -> &'static str {
        match self {
            Self::BorderOfficer => "border_officer",
            Self::MigrationPolice => "migration_police",
            Self::CitizenshipOfficer => "citizenship_officer",
            Self::LabourInspector => "labour_inspector",
            Self::Auditor => "auditor",
            Self::Admin => "admin",
        }
    }

    /// Parse a role code.
    pub fn parse(s: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }

    /// The role's permissions: the row of the matrix.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Self::BorderOfficer => &[
                Screen,
                BanRead,
                PersonRead,
                EntryRead,
                SourceRead,
                EmergencyRead,
                DocumentCheck,
                AlertRead,
                SelfRead,
                RegionRead,
            ],
            Self::MigrationPolice => &[
                Screen,
                BanRead,
                BanImpose,
                BanLift,
                BanHistoryRead,
                PersonRead,
                PersonRegister,
                EntryRead,
                SourceRead,
                EmergencyRead,
                EmergencyDeclare,
                DocumentCheck,
                AlertRead,
                AlertManage,
                ReviewRead,
                ReviewResolve,
                SelfRead,
                StatsRead,
                StayRead,
                OverstayCheck,
                BanPropose,
                ReportRead,
                RegionRead,
                LabourRead,
            ],
            Self::CitizenshipOfficer => &[
                Screen,
                BanRead,
                PersonRead,
                PersonRegister,
                EntryRead,
                SourceRead,
                EmergencyRead,
                DocumentCheck,
                SelfRead,
                CitizenshipApply,
                CitizenshipRead,
                CitizenshipDecide,
                RegionRead,
            ],
            Self::LabourInspector => &[
                Screen,
                BanRead,
                SourceRead,
                EmergencyRead,
                DocumentCheck,
                SelfRead,
                RegionRead,
                LabourRead,
                LabourRegister,
                InspectionRecord,
            ],
            Self::Auditor => &[
                BanRead,
                BanHistoryRead,
                PersonRead,
                EntryRead,
                SourceRead,
                EmergencyRead,
                AlertRead,
                ReviewRead,
                SelfRead,
                StatsRead,
                CitizenshipRead,
                StayRead,
                ReportRead,
                RegionRead,
                LabourRead,
            ],
            Self::Admin => &Permission::ALL,
        }
    }

    /// Whether the role sees every alert; the others see only the alerts
    /// raised by their own screenings.
    pub fn sees_all_alerts(self) -> bool {
        matches!(self, Self::MigrationPolice | Self::Auditor | Self::Admin)
    }

    /// Whether the role has the permission.
    pub fn allows(self, p: Permission) -> bool {
        self.permissions().contains(&p)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Permission {
    /// Every permission.
    pub const ALL: [Permission; 29] = [
        Permission::BanRead,
        Permission::BanImpose,
        Permission::BanLift,
        Permission::BanHistoryRead,
        Permission::PersonRead,
        Permission::PersonRegister,
        Permission::EntryRead,
        Permission::SourceRead,
        Permission::Screen,
        Permission::EmergencyRead,
        Permission::EmergencyDeclare,
        Permission::DocumentCheck,
        Permission::AlertRead,
        Permission::AlertManage,
        Permission::ReviewRead,
        Permission::ReviewResolve,
        Permission::SelfRead,
        Permission::StatsRead,
        Permission::CitizenshipApply,
        Permission::CitizenshipRead,
        Permission::CitizenshipDecide,
        Permission::StayRead,
        Permission::OverstayCheck,
        Permission::BanPropose,
        Permission::ReportRead,
        Permission::RegionRead,
        Permission::LabourRead,
        Permission::LabourRegister,
        Permission::InspectionRecord,
    ];

    /// The permission's code.
    pub fn code(self) -> &'static str {
        match self {
            Self::BanRead => "ban_read",
            Self::BanImpose => "ban_impose",
            Self::BanLift => "ban_lift",
            Self::BanHistoryRead => "ban_history_read",
            Self::PersonRead => "person_read",
            Self::PersonRegister => "person_register",
            Self::EntryRead => "entry_read",
            Self::SourceRead => "source_read",
            Self::Screen => "screen",
            Self::EmergencyRead => "emergency_read",
            Self::EmergencyDeclare => "emergency_declare",
            Self::DocumentCheck => "document_check",
            Self::AlertRead => "alert_read",
            Self::AlertManage => "alert_manage",
            Self::ReviewRead => "review_read",
            Self::ReviewResolve => "review_resolve",
            Self::SelfRead => "self_read",
            Self::StatsRead => "stats_read",
            Self::CitizenshipApply => "citizenship_apply",
            Self::CitizenshipRead => "citizenship_read",
            Self::CitizenshipDecide => "citizenship_decide",
            Self::StayRead => "stay_read",
            Self::OverstayCheck => "overstay_check",
            Self::BanPropose => "ban_propose",
            Self::ReportRead => "report_read",
            Self::RegionRead => "region_read",
            Self::LabourRead => "labour_read",
            Self::LabourRegister => "labour_register",
            Self::InspectionRecord => "inspection_record",
        }
    }

    /// The roles that have it.
    pub fn roles(self) -> Vec<Role> {
        Role::ALL.into_iter().filter(|r| r.allows(self)).collect()
    }
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A permission as a type, for [`crate::auth::Authorized`].
pub trait RequiredPermission: Send + Sync + 'static {
    /// The permission.
    const PERMISSION: Permission;
}

/// Marker types, one per [`Permission`].
pub mod perm {
    use super::{Permission, RequiredPermission};

    macro_rules! markers {
        ($($name:ident),* $(,)?) => {$(
            #[doc = concat!("Marker for [`Permission::", stringify!($name), "`].")]
            #[derive(Debug, Clone, Copy)]
            pub struct $name;
            impl RequiredPermission for $name {
                const PERMISSION: Permission = Permission::$name;
            }
        )*};
    }

    markers!(
        BanRead,
        BanImpose,
        BanLift,
        BanHistoryRead,
        PersonRead,
        PersonRegister,
        EntryRead,
        SourceRead,
        Screen,
        EmergencyRead,
        EmergencyDeclare,
        DocumentCheck,
        AlertRead,
        AlertManage,
        ReviewRead,
        ReviewResolve,
        SelfRead,
        StatsRead,
        CitizenshipApply,
        CitizenshipRead,
        CitizenshipDecide,
        StayRead,
        OverstayCheck,
        BanPropose,
        ReportRead,
        RegionRead,
        LabourRead,
        LabourRegister,
        InspectionRecord,
    );
}

/// One route: method, path (OpenAPI form) and its permission (`None`: public).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteInfo {
    /// HTTP method, upper case.
    pub method: &'static str,
    /// Path as in the OpenAPI document.
    pub path: &'static str,
    /// Required permission; `None` for the public operational routes.
    pub permission: Option<Permission>,
}

const fn route(method: &'static str, path: &'static str, p: Permission) -> RouteInfo {
    RouteInfo {
        method,
        path,
        permission: Some(p),
    }
}

const fn public(method: &'static str, path: &'static str) -> RouteInfo {
    RouteInfo {
        method,
        path,
        permission: None,
    }
}

/// Every route of the API. The OpenAPI document is checked (by a test) to
/// list exactly these, and each operation's description names its
/// permission and roles from this table.
pub const ROUTES: &[RouteInfo] = &[
    route("POST", "/v1/bans", Permission::BanImpose),
    route("GET", "/v1/bans", Permission::BanRead),
    route("GET", "/v1/bans/{id}", Permission::BanRead),
    route("POST", "/v1/bans/{id}/lift", Permission::BanLift),
    route("GET", "/v1/bans/{id}/history", Permission::BanHistoryRead),
    route("POST", "/v1/persons", Permission::PersonRegister),
    route("GET", "/v1/persons/{id}", Permission::PersonRead),
    route("GET", "/v1/entries/{id}", Permission::EntryRead),
    route("GET", "/v1/entries", Permission::EntryRead),
    route("GET", "/v1/sources", Permission::SourceRead),
    route("POST", "/v1/screenings", Permission::Screen),
    route("GET", "/v1/emergencies", Permission::EmergencyRead),
    route("POST", "/v1/emergencies", Permission::EmergencyDeclare),
    route(
        "POST",
        "/v1/emergencies/{id}/end",
        Permission::EmergencyDeclare,
    ),
    route("POST", "/v1/documents:check", Permission::DocumentCheck),
    route("POST", "/v1/screenings:batch", Permission::Screen),
    route("GET", "/v1/alerts", Permission::AlertRead),
    route("GET", "/v1/alerts/stream", Permission::AlertRead),
    route("GET", "/v1/alerts/{id}", Permission::AlertRead),
    route("POST", "/v1/alerts/{id}/ack", Permission::AlertManage),
    route("POST", "/v1/alerts/{id}/close", Permission::AlertManage),
    route("GET", "/v1/reviews", Permission::ReviewRead),
    route("GET", "/v1/reviews/{id}", Permission::ReviewRead),
    route(
        "POST",
        "/v1/reviews/{id}/resolve",
        Permission::ReviewResolve,
    ),
    route("GET", "/v1/me", Permission::SelfRead),
    route("GET", "/v1/stats/screenings", Permission::StatsRead),
    route(
        "POST",
        "/v1/citizenship/applications",
        Permission::CitizenshipApply,
    ),
    route(
        "GET",
        "/v1/citizenship/applications",
        Permission::CitizenshipRead,
    ),
    route(
        "GET",
        "/v1/citizenship/applications/{id}",
        Permission::CitizenshipRead,
    ),
    route(
        "POST",
        "/v1/citizenship/applications/{id}/decision",
        Permission::CitizenshipDecide,
    ),
    route("GET", "/v1/stays", Permission::StayRead),
    route("GET", "/v1/stays/{id}", Permission::StayRead),
    route("POST", "/v1/overstays:check", Permission::OverstayCheck),
    route(
        "POST",
        "/v1/stays/{id}/ban-proposal",
        Permission::BanPropose,
    ),
    route("GET", "/v1/ban-proposals/{id}", Permission::StayRead),
    route(
        "POST",
        "/v1/ban-proposals/{id}/confirm",
        Permission::BanImpose,
    ),
    route(
        "POST",
        "/v1/ban-proposals/{id}/reject",
        Permission::BanImpose,
    ),
    route("GET", "/v1/reports/refusals", Permission::ReportRead),
    route("GET", "/v1/reports/alerts", Permission::ReportRead),
    route("GET", "/v1/reports/overstays", Permission::ReportRead),
    route("GET", "/v1/regions", Permission::RegionRead),
    route("POST", "/v1/employers", Permission::LabourRegister),
    route("GET", "/v1/employers", Permission::LabourRead),
    route("GET", "/v1/employers/{id}", Permission::LabourRead),
    route("POST", "/v1/employers:rescreen", Permission::LabourRegister),
    route("POST", "/v1/workers", Permission::LabourRegister),
    route("GET", "/v1/workers", Permission::LabourRead),
    route("GET", "/v1/workers/{id}", Permission::LabourRead),
    route(
        "POST",
        "/v1/workers/{id}/termination",
        Permission::LabourRegister,
    ),
    route("GET", "/v1/inspections/plan", Permission::LabourRead),
    route("POST", "/v1/inspections", Permission::InspectionRecord),
    route("GET", "/v1/inspections", Permission::LabourRead),
    route("GET", "/v1/inspections/stats", Permission::LabourRead),
    route("GET", "/v1/inspections/{id}", Permission::LabourRead),
    route("GET", "/v1/reports/inspections", Permission::LabourRead),
    public("GET", "/healthz"),
    public("GET", "/readyz"),
    public("GET", "/metrics"),
    public("GET", "/openapi.json"),
    public("GET", "/docs"),
    public("GET", "/"),
    public("GET", "/console/"),
    public("GET", "/console/{file}"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
            assert_eq!(
                serde_json::to_value(r).ok(),
                Some(serde_json::Value::String(r.code().into()))
            );
        }
        for p in Permission::ALL {
            assert_eq!(
                serde_json::to_value(p).ok(),
                Some(serde_json::Value::String(p.code().into()))
            );
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn admin_has_everything_and_auditor_changes_nothing() {
        assert!(Permission::ALL.iter().all(|p| Role::Admin.allows(*p)));
        for p in [
            Permission::BanImpose,
            Permission::BanLift,
            Permission::PersonRegister,
            Permission::Screen,
            Permission::AlertManage,
            Permission::ReviewResolve,
        ] {
            assert!(!Role::Auditor.allows(p), "{p}");
        }
        // Every permission is held by someone besides admin.
        for p in Permission::ALL {
            assert!(p.roles().len() >= 2, "{p}");
        }
    }
}
