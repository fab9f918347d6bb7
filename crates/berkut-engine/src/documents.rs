//! Checks of the presented document, beside name screening: is it listed
//! as lost, stolen, revoked or blank (the invalidated-documents register),
//! and is it valid on the day of the crossing, declared emergencies
//! included? A check never hides a name match: it can only raise a CLEAR
//! to a REFER (or, by policy, a listed document to a DENY).

use berkut_documents::parse_mrz;
use berkut_domain::{
    CountryCode, DocumentKind, DocumentNumber, DocumentValidity, EmergencyDeclaration,
    IdentityDocument, document_validity, format_date, parse_date,
};
use berkut_register::Register;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::{Decision, Traveller, Verdict};

/// Where and against what the document is checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocumentContext<'a> {
    /// The invalidated-documents register, when one is loaded.
    pub register: Option<&'a Register>,
    /// Emergency declarations (active and ended).
    pub declarations: &'a [EmergencyDeclaration],
    /// Region of the crossing point.
    pub region: Option<&'a str>,
    /// The crossing point.
    pub crossing_point: Option<&'a str>,
    /// DENY (instead of REFER) when the document is in the register.
    pub deny_listed_documents: bool,
}

/// One document check, as reported in a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentCheck {
    /// `invalidated_register` or `validity`.
    pub check: String,
    /// Whether the document passed.
    pub ok: bool,
    /// What was found, in words.
    pub detail: String,
}

/// The document the traveller presents: MRZ fields first, typed ones after.
pub fn presented_document(
    t: &Traveller,
    today: Date,
) -> Option<(IdentityDocument, Vec<CountryCode>)> {
    let mut holder = Vec::new();
    if let Some(lines) = &t.mrz {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        if let Ok(m) = parse_mrz(&refs)
            && let Ok(number) = DocumentNumber::parse(&m.document_number)
        {
            if let Ok(c) = CountryCode::parse(&m.nationality) {
                holder.push(c);
            }
            let doc = IdentityDocument {
                kind: DocumentKind::parse(&m.document_code).unwrap_or(DocumentKind::Other),
                number,
                issuing_state: CountryCode::parse(&m.issuing_state).ok(),
                expiry: m.expiry_date_on(today),
            };
            return Some((doc, holder));
        }
    }
    let d = t.document.as_ref()?;
    let number = DocumentNumber::parse(&d.number).ok()?;
    if let Some(c) = t
        .nationality
        .as_deref()
        .and_then(|n| CountryCode::parse(n).ok())
    {
        holder.push(c);
    }
    let doc = IdentityDocument {
        kind: d
            .kind
            .as_deref()
            .and_then(|k| DocumentKind::parse(k).ok())
            .unwrap_or(DocumentKind::Passport),
        number,
        issuing_state: d
            .country
            .as_deref()
            .and_then(|c| CountryCode::parse(c).ok()),
        expiry: d
            .expiry
            .as_deref()
            .and_then(|e| parse_date("expiry", e).ok()),
    };
    Some((doc, holder))
}

/// Check the presented document and fold the result into the decision.
pub fn check_documents(
    decision: &mut Decision,
    t: &Traveller,
    today: Date,
    ctx: &DocumentContext<'_>,
) {
    let Some((doc, holder)) = presented_document(t, today) else {
        return;
    };
    if let (Some(register), Some(state)) = (ctx.register, doc.issuing_state) {
        let hits: Vec<String> = register
            .lookup(&doc.number, state)
            .map(|h| {
                format!(
                    "document {} ({state}) is listed as {:?} since {} by {}",
                    doc.number,
                    h.status,
                    format_date(h.reported_at),
                    h.source
                )
            })
            .collect();
        let ok = hits.is_empty();
        for detail in &hits {
            let raise = if ctx.deny_listed_documents {
                Verdict::Deny
            } else {
                Verdict::Refer
            };
            if decision.decision < raise {
                decision.decision = raise;
            }
            decision
                .reasons
                .push(format!("{}: {detail}", verdict_word(raise)));
        }
        decision.document_checks.push(DocumentCheck {
            check: "invalidated_register".into(),
            ok,
            detail: if ok {
                format!("document {} ({state}) is not in the register", doc.number)
            } else {
                hits.join("; ")
            },
        });
    }
    let validity = document_validity(
        &doc,
        &holder,
        today,
        ctx.region,
        ctx.crossing_point,
        ctx.declarations,
    );
    let (ok, detail) = match &validity {
        DocumentValidity::Valid => (true, format!("valid on {}", format_date(today))),
        DocumentValidity::NoExpiry => (true, "no expiry date given".to_string()),
        DocumentValidity::ValidUnderEmergency {
            declaration_id,
            expired_on,
        } => (
            true,
            format!(
                "expired on {} but valid under emergency declaration {declaration_id}",
                format_date(*expired_on)
            ),
        ),
        DocumentValidity::Expired { expired_on } => (
            false,
            format!(
                "expired on {} and no emergency declaration covers it",
                format_date(*expired_on)
            ),
        ),
    };
    if !ok {
        if decision.decision < Verdict::Refer {
            decision.decision = Verdict::Refer;
        }
        decision.reasons.push(format!("REFER: {detail}"));
    }
    decision.document_checks.push(DocumentCheck {
        check: "validity".into(),
        ok,
        detail,
    });
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Clear => "CLEAR",
        Verdict::Refer => "REFER",
        Verdict::Deny => "DENY",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use berkut_domain::{EmergencyId, EmergencyInput, InvalidatedDocument, InvalidationStatus};

    use super::*;
    use crate::{Policy, Screener, TravellerDocument};

    fn day(s: &str) -> Date {
        parse_date("d", s).unwrap()
    }

    fn traveller(number: &str, expiry: &str) -> Traveller {
        Traveller {
            id: "T-1".into(),
            names: vec!["ASEL NURLANOVA".into()],
            nationality: Some("KAZ".into()),
            document: Some(TravellerDocument {
                number: number.into(),
                country: Some("KAZ".into()),
                kind: Some("P".into()),
                expiry: Some(expiry.into()),
            }),
            ..Default::default()
        }
    }

    fn register() -> Register {
        Register::build([InvalidatedDocument {
            number: DocumentNumber::parse("N1234567").unwrap(),
            issuing_state: CountryCode::KAZ,
            kind: None,
            status: InvalidationStatus::Stolen,
            reported_at: day("2026-01-02"),
            source: "interpol_sltd".into(),
        }])
        .unwrap()
    }

    #[test]
    fn listed_document_refers_or_denies_by_policy() {
        let s = Screener::new(Policy::default());
        let today = day("2026-03-01");
        let reg = register();
        let t = traveller("N 123-4567", "2030-01-01");
        let mut d = s.screen(&t, today);
        assert_eq!(d.decision, Verdict::Clear);
        let ctx = DocumentContext {
            register: Some(&reg),
            ..Default::default()
        };
        check_documents(&mut d, &t, today, &ctx);
        assert_eq!(d.decision, Verdict::Refer);
        assert!(
            d.reasons.iter().any(|r| r.contains("listed as Stolen")),
            "{:?}",
            d.reasons
        );
        let mut d = s.screen(&t, today);
        check_documents(
            &mut d,
            &t,
            today,
            &DocumentContext {
                deny_listed_documents: true,
                ..ctx
            },
        );
        assert_eq!(d.decision, Verdict::Deny);
        let clean = traveller("N7654321", "2030-01-01");
        let mut d = s.screen(&clean, today);
        check_documents(&mut d, &clean, today, &ctx);
        assert_eq!(d.decision, Verdict::Clear);
        assert!(d.document_checks.iter().all(|c| c.ok));
    }

    #[test]
    fn expired_document_refers_unless_an_emergency_covers_it() {
        let s = Screener::new(Policy::default());
        let today = day("2026-03-01");
        let t = traveller("N7654321", "2026-01-31");
        let mut d = s.screen(&t, today);
        check_documents(&mut d, &t, today, &DocumentContext::default());
        assert_eq!(d.decision, Verdict::Refer);
        assert!(
            d.reasons
                .iter()
                .any(|r| r.contains("expired on 2026-01-31"))
        );
        let decl = EmergencyInput {
            authority: "Government".into(),
            legal_act: "Decree 1".into(),
            from: "2026-02-01".into(),
            until: Some("2026-06-30".into()),
            ..Default::default()
        }
        .validate(EmergencyId::parse("E-1").unwrap())
        .unwrap();
        let decls = [decl];
        let ctx = DocumentContext {
            declarations: &decls,
            region: Some("Almaty"),
            ..Default::default()
        };
        let mut d = s.screen(&t, today);
        check_documents(&mut d, &t, today, &ctx);
        assert_eq!(d.decision, Verdict::Clear);
        assert!(
            d.document_checks
                .iter()
                .any(|c| c.detail.contains("emergency declaration E-1"))
        );
        // After the period the declaration no longer helps.
        let later = day("2026-07-01");
        let mut d = s.screen(&t, later);
        check_documents(&mut d, &t, later, &ctx);
        assert_eq!(d.decision, Verdict::Refer);
    }
}
