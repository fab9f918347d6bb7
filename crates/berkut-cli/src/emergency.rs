//! `berkut emergency …` and `berkut doc validity`: emergency declarations
//! (expired documents stay valid in their scope) and the validity check.

use berkut_domain::{
    Actor, CountryCode, DocumentKind, DocumentNumber, DocumentValidity, EmergencyDeclaration,
    EmergencyInput, EmergencyStatus, IdentityDocument, document_validity, format_date, parse_date,
};
use berkut_store::{AnyStore, Store};
use clap::{Args, Subcommand};
use time::Date;

#[derive(Debug, Subcommand)]
pub enum EmergencyCmd {
    /// Declare an emergency: expired documents in its scope stay valid.
    Declare(Declare),
    /// End an active declaration (a reason is required).
    End {
        /// Declaration id.
        id: String,
        /// Why it ends.
        #[arg(long)]
        reason: String,
        /// The day it ends (default: today).
        #[arg(long)]
        on: Option<String>,
    },
    /// List declarations.
    List {
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct Declare {
    /// The declaring authority.
    #[arg(long)]
    authority: String,
    /// Reference of the legal act (decree number and date).
    #[arg(long)]
    legal_act: String,
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    from: String,
    /// Last day; omit for "until ended".
    #[arg(long)]
    until: Option<String>,
    /// A region it covers (repeatable; none = all regions).
    #[arg(long = "region")]
    regions: Vec<String>,
    /// A crossing point it covers (repeatable; none = all).
    #[arg(long = "crossing-point")]
    crossing_points: Vec<String>,
    /// A document kind it covers: passport, id_card, … or MRZ code (repeatable; none = all).
    #[arg(long = "document-kind")]
    document_kinds: Vec<String>,
    /// Holder nationality it covers (repeatable), or `all`; default: citizens of Kazakhstan (KAZ).
    #[arg(long = "holder")]
    holders: Vec<String>,
}

/// `berkut doc validity`: is a document valid at a crossing on a day?
#[derive(Debug, Args)]
pub struct ValidityArgs {
    /// Expiry date printed on the document.
    #[arg(long)]
    expiry: String,
    /// Document kind (passport, id_card, or MRZ code P, I, …).
    #[arg(long, default_value = "passport")]
    kind: String,
    /// Holder nationality (repeatable).
    #[arg(long = "nationality", required = true)]
    nationalities: Vec<String>,
    /// Day of the crossing (default: today).
    #[arg(long)]
    at: Option<String>,
    /// Region of the crossing point.
    #[arg(long)]
    region: Option<String>,
    /// Crossing point.
    #[arg(long)]
    crossing_point: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn day(field: &str, s: Option<&str>, today: Date) -> anyhow::Result<Date> {
    Ok(match s {
        Some(s) => parse_date(field, s)?,
        None => today,
    })
}

fn describe(d: &EmergencyDeclaration) -> String {
    let until = d
        .period
        .until
        .map(format_date)
        .unwrap_or_else(|| "until ended".into());
    let status = match &d.status {
        EmergencyStatus::Active => "active".to_string(),
        EmergencyStatus::Ended { on, reason } => format!("ended {} ({reason})", format_date(*on)),
    };
    let all = |v: &[String]| {
        if v.is_empty() {
            "all".to_string()
        } else {
            v.join(", ")
        }
    };
    format!(
        "{}  {}  {} .. {}  {}\n    authority {}; act {}\n    regions {}; crossing points {}; holders {:?}",
        d.id,
        status,
        format_date(d.period.from),
        until,
        d.document_kinds
            .iter()
            .map(|k| format!("{k:?}"))
            .collect::<Vec<_>>()
            .join("/"),
        d.authority,
        d.legal_act,
        all(&d.regions),
        all(&d.crossing_points),
        d.holders
    )
}

pub async fn run(
    store: &AnyStore,
    actor: &Actor,
    cmd: EmergencyCmd,
    today: Date,
) -> anyhow::Result<()> {
    match cmd {
        EmergencyCmd::Declare(a) => {
            let input = EmergencyInput {
                authority: a.authority,
                legal_act: a.legal_act,
                from: a.from,
                until: a.until,
                regions: a.regions,
                crossing_points: a.crossing_points,
                document_kinds: a.document_kinds,
                holders: (!a.holders.is_empty()).then_some(a.holders),
            };
            let d = store.declare_emergency(actor, &input).await?;
            println!("declared emergency {}", d.id);
            println!("{}", describe(&d));
        }
        EmergencyCmd::End { id, reason, on } => {
            let on = day("on", on.as_deref(), today)?;
            let d = store.end_emergency(actor, &id, &reason, on).await?;
            println!("ended emergency {}", d.id);
        }
        EmergencyCmd::List { json } => {
            let all = store.emergencies().await?;
            if json {
                for d in &all {
                    println!("{}", serde_json::to_string(d)?);
                }
            } else if all.is_empty() {
                println!("no emergency declarations");
            } else {
                for d in &all {
                    println!("{}", describe(d));
                }
            }
        }
    }
    Ok(())
}

/// Exit status 0 when the document may be accepted, 1 when not.
pub async fn validity(store: &AnyStore, a: ValidityArgs, today: Date) -> anyhow::Result<bool> {
    let nationalities = a
        .nationalities
        .iter()
        .enumerate()
        .map(|(i, c)| CountryCode::parse(c).map_err(|e| e.in_field(format!("nationality[{i}]"))))
        .collect::<Result<Vec<_>, _>>()?;
    let doc = IdentityDocument {
        kind: DocumentKind::parse(&a.kind).map_err(|e| e.in_field("kind"))?,
        number: DocumentNumber::parse("0")?,
        issuing_state: nationalities.first().copied(),
        expiry: Some(parse_date("expiry", &a.expiry)?),
    };
    let at = day("at", a.at.as_deref(), today)?;
    let declarations = store.emergencies().await?;
    let v = document_validity(
        &doc,
        &nationalities,
        at,
        a.region.as_deref(),
        a.crossing_point.as_deref(),
        &declarations,
    );
    if a.json {
        println!(
            "{}",
            serde_json::json!({ "at": format_date(at), "validity": v, "acceptable": v.is_acceptable() })
        );
    } else {
        match &v {
            DocumentValidity::Valid => println!("valid on {}", format_date(at)),
            DocumentValidity::NoExpiry => {
                println!("no expiry date: validity cannot be decided by date")
            }
            DocumentValidity::Expired { expired_on } => {
                println!(
                    "INVALID: expired on {} and no emergency declaration covers it",
                    format_date(*expired_on)
                )
            }
            DocumentValidity::ValidUnderEmergency {
                declaration_id,
                expired_on,
            } => println!(
                "valid under emergency declaration {declaration_id} (expired on {})",
                format_date(*expired_on)
            ),
        }
    }
    Ok(v.is_acceptable())
}
