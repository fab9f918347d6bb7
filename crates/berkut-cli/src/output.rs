//! Human-readable output.

use berkut_domain::{BanChange, BanStatus, EntryBan, Person, Term, format_date};
use time::Date;

pub fn person(p: &Person) {
    println!("Person {}", p.id);
    for n in &p.names {
        println!("  name        {} ({:?}, {:?})", n.full, n.kind, n.script);
    }
    let dates: Vec<String> = p.birth_dates.iter().map(|d| d.to_string()).collect();
    if !dates.is_empty() {
        println!("  born        {}", dates.join(", "));
    }
    if let Some(s) = p.sex {
        println!("  sex         {s:?}");
    }
    let nat: Vec<&str> = p.nationalities.iter().map(|c| c.as_str()).collect();
    if !nat.is_empty() {
        println!("  nationality {}", nat.join(", "));
    }
    for d in &p.documents {
        let state = d.issuing_state.map(|c| c.to_string()).unwrap_or_default();
        let exp = d.expiry.map(format_date).unwrap_or_default();
        println!("  document    {:?} {} {} {}", d.kind, d.number, state, exp);
    }
}

fn term(t: &Term) -> String {
    match t {
        Term::Permanent => "permanent".into(),
        Term::Until { date } => format!("until {}", format_date(*date)),
    }
}

fn status(b: &EntryBan, today: Date) -> String {
    match &b.status {
        BanStatus::Active if !b.in_force_on(today) && b.imposed_at <= today => {
            "active (term ended; run `berkut ban expire`)".into()
        }
        BanStatus::Active => "active".into(),
        BanStatus::Lifted { on, .. } => format!("lifted {}", format_date(*on)),
        BanStatus::Expired { on } => format!("expired {}", format_date(*on)),
    }
}

pub fn ban_table(bans: &[EntryBan], today: Date) {
    if bans.is_empty() {
        println!("no bans");
        return;
    }
    println!(
        "{:<36}  {:<12}  {:<28}  {:<18}  STATUS",
        "BAN", "PERSON", "GROUND", "TERM"
    );
    for b in bans {
        println!(
            "{:<36}  {:<12}  {:<28}  {:<18}  {}",
            b.id,
            b.person_id,
            b.ground,
            term(&b.term),
            status(b, today)
        );
    }
}

pub fn ban(b: &EntryBan, history: &[BanChange], today: Date) {
    println!("Ban {}", b.id);
    println!("  person      {}", b.person_id);
    println!("  ground      {} ({})", b.ground, b.ground.description());
    println!(
        "  bars citizenship {}",
        if b.ground.bars_citizenship() {
            "yes"
        } else {
            "no"
        }
    );
    println!("  authority   {}", b.authority);
    println!("  basis       {:?}: {}", b.basis.kind, b.basis.reference);
    println!("  imposed     {}", format_date(b.imposed_at));
    println!("  term        {}", term(&b.term));
    println!("  status      {}", status(b, today));
    if let BanStatus::Lifted { reason, .. } = &b.status {
        println!("  lift reason {reason}");
    }
    println!("  history:");
    for h in history {
        println!(
            "    #{:<6} {}  {:<14} {}  {}",
            h.seq, h.recorded_at, h.kind, h.actor, h.summary
        );
    }
}
