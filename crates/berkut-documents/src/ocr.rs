//! OCR repair suggestions. Never applied: the parser reports them in `Mrz::suggestions`.
//!
//! Only the classic OCR-B confusions are considered: `O↔0`, `I↔1`, `B↔8`, `S↔5`, `Z↔2`,
//! `G↔6`. Letters in numeric positions (dates, check digits) and digits in alphabetic
//! positions (codes, names) are type errors, so their repair is part of every suggestion.
//! In alphanumeric positions (document number, optional data) either character may be
//! right; there a substitution is only proposed when it makes a failing check digit pass,
//! trying the fewest substitutions first.

use serde::Serialize;

use crate::mrz::{
    CheckedField, Mrz, MrzFormat, Pos, Span, find_long_number, layout, parse_without_suggestions,
};

/// One proposed character change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Substitution {
    /// 1-based line and column.
    pub line: usize,
    pub column: usize,
    pub from: char,
    pub to: char,
    /// Field the position belongs to (`birth_date`, `name`, `document_number_check`, …).
    pub field: &'static str,
}

/// A candidate repair: the full corrected lines and what it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    pub lines: Vec<String>,
    pub substitutions: Vec<Substitution>,
    /// Check digits that fail on the input and pass after the correction.
    pub fixes: Vec<CheckedField>,
    /// Every check digit passes after the correction.
    pub all_checks_pass: bool,
}

const PAIRS: [(u8, u8); 6] = [
    (b'O', b'0'),
    (b'I', b'1'),
    (b'B', b'8'),
    (b'S', b'5'),
    (b'Z', b'2'),
    (b'G', b'6'),
];

fn letter_to_digit(c: u8) -> Option<u8> {
    PAIRS.iter().find(|(l, _)| *l == c).map(|(_, d)| *d)
}

fn digit_to_letter(c: u8) -> Option<u8> {
    PAIRS.iter().find(|(_, d)| *d == c).map(|(l, _)| *l)
}

/// The other member of a confusion pair, either direction.
fn partner(c: u8) -> Option<u8> {
    letter_to_digit(c).or_else(|| digit_to_letter(c))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Numeric,
    Alpha,
    AlphaNum,
    /// Sex: `M`, `F`, `<` — no confusion pair applies.
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    field: &'static str,
    class: CharClass,
    /// Field check digit covering this position (not the composite).
    check: Option<CheckedField>,
    in_composite: bool,
}

const EMPTY: Slot = Slot {
    field: "",
    class: CharClass::Other,
    check: None,
    in_composite: false,
};

fn slots(format: MrzFormat, lines: &[Vec<u8>]) -> Vec<Vec<Slot>> {
    let l = layout(format);
    let mut map = vec![vec![EMPTY; format.line_len()]; format.line_count()];
    let mut set = |s: Span, field, class, check| {
        if let Some(row) = map.get_mut(s.line) {
            for slot in row.iter_mut().take(s.end).skip(s.start) {
                *slot = Slot {
                    field,
                    class,
                    check,
                    in_composite: false,
                };
            }
        }
    };
    let one = |p: Pos| Span {
        line: p.0,
        start: p.1,
        end: p.1 + 1,
    };
    use CharClass::*;
    use CheckedField::*;
    set(l.code, "document_code", Alpha, None);
    set(l.state, "issuing_state", Alpha, None);
    set(l.name, "name", Alpha, None);
    set(l.number, "document_number", AlphaNum, Some(DocumentNumber));
    set(
        one(l.number_cd),
        "document_number_check",
        Numeric,
        Some(DocumentNumber),
    );
    set(l.nationality, "nationality", Alpha, None);
    set(l.birth, "birth_date", Numeric, Some(BirthDate));
    set(
        one(l.birth_cd),
        "birth_date_check",
        Numeric,
        Some(BirthDate),
    );
    set(one(l.sex), "sex", Other, None);
    set(l.expiry, "expiry_date", Numeric, Some(ExpiryDate));
    set(
        one(l.expiry_cd),
        "expiry_date_check",
        Numeric,
        Some(ExpiryDate),
    );
    let optional_check = l.optional_cd.map(|_| PersonalNumber);
    set(l.optional, "optional_data", AlphaNum, optional_check);
    if let Some(p) = l.optional_cd {
        set(
            one(p),
            "personal_number_check",
            Numeric,
            Some(PersonalNumber),
        );
    }
    if let Some(s) = l.optional2 {
        set(s, "optional_data_2", AlphaNum, None);
    }
    if let Some(long) = find_long_number(format, lines) {
        // `<` at the usual check-digit position belongs to the number; overflow and the
        // relocated check digit are part of it too.
        set(
            one(l.number_cd),
            "document_number",
            Other,
            Some(DocumentNumber),
        );
        set(
            long.overflow,
            "document_number",
            AlphaNum,
            Some(DocumentNumber),
        );
        set(
            one(long.cd),
            "document_number_check",
            Numeric,
            Some(DocumentNumber),
        );
    }
    if let Some((cd, _)) = l.composite {
        set(one(cd), "composite_check", Numeric, Some(Composite));
    }
    if let Some((_, spans)) = l.composite {
        for s in spans {
            if let Some(row) = map.get_mut(s.line) {
                for slot in row.iter_mut().take(s.end).skip(s.start) {
                    slot.in_composite = true;
                }
            }
        }
    }
    map
}

fn apply(lines: &[Vec<u8>], subs: &[(Pos, u8)]) -> Vec<Vec<u8>> {
    let mut out = lines.to_vec();
    for &((line, col), to) in subs {
        if let Some(c) = out.get_mut(line).and_then(|l| l.get_mut(col)) {
            *c = to;
        }
    }
    out
}

fn reparse(lines: &[Vec<u8>]) -> Option<Mrz> {
    let strings: Vec<String> = lines
        .iter()
        .map(|l| l.iter().map(|&b| char::from(b)).collect())
        .collect();
    let refs: Vec<&str> = strings.iter().map(String::as_str).collect();
    parse_without_suggestions(&refs).ok()
}

fn passes(lines: &[Vec<u8>], field: CheckedField) -> bool {
    reparse(lines)
        .and_then(|m| m.check(field).map(|c| c.ok))
        .unwrap_or(false)
}

const MAX_CANDIDATES: usize = 12;

/// Subsets of `candidates` (fewest first, at most `max_size` each) whose substitution makes
/// the `field` check pass; at most `limit` results.
fn search(
    lines: &[Vec<u8>],
    candidates: &[(Pos, u8)],
    field: CheckedField,
    max_size: usize,
    limit: usize,
) -> Vec<Vec<(Pos, u8)>> {
    let candidates = &candidates[..candidates.len().min(MAX_CANDIDATES)];
    let mut found = Vec::new();
    for size in 1..=max_size.min(candidates.len()) {
        let mut idx: Vec<usize> = (0..size).collect();
        loop {
            let subset: Vec<(Pos, u8)> = idx
                .iter()
                .filter_map(|&i| candidates.get(i).copied())
                .collect();
            if passes(&apply(lines, &subset), field) {
                found.push(subset);
                if found.len() >= limit {
                    return found;
                }
            }
            // Next combination in lexicographic order.
            let mut k = size;
            while k > 0 && idx[k - 1] == candidates.len() - size + k - 1 {
                k -= 1;
            }
            if k == 0 {
                break;
            }
            idx[k - 1] += 1;
            for j in k..size {
                idx[j] = idx[j - 1] + 1;
            }
        }
    }
    found
}

/// Repair candidates for `mrz`, best first (all checks passing, then fewest substitutions).
pub fn suggest(mrz: &Mrz) -> Vec<Correction> {
    let lines: Vec<Vec<u8>> = mrz.lines.iter().map(|l| l.as_bytes().to_vec()).collect();
    let map = slots(mrz.format, &lines);
    let slot_at = |(line, col): Pos| {
        map.get(line)
            .and_then(|r| r.get(col))
            .copied()
            .unwrap_or(EMPTY)
    };

    let mut forced = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        for (ci, &c) in line.iter().enumerate() {
            let to = match slot_at((li, ci)).class {
                CharClass::Numeric => letter_to_digit(c),
                CharClass::Alpha => digit_to_letter(c),
                CharClass::AlphaNum | CharClass::Other => None,
            };
            if let Some(to) = to {
                forced.push(((li, ci), to));
            }
        }
    }
    if forced.is_empty() && mrz.valid {
        return Vec::new();
    }
    let base = apply(&lines, &forced);
    let Some(base_mrz) = reparse(&base) else {
        return Vec::new();
    };

    let candidates_for = |pred: &dyn Fn(Slot) -> bool| -> Vec<(Pos, u8)> {
        let mut out = Vec::new();
        for (li, line) in base.iter().enumerate() {
            for (ci, &c) in line.iter().enumerate() {
                let slot = slot_at((li, ci));
                if slot.class == CharClass::AlphaNum
                    && pred(slot)
                    && let Some(to) = partner(c)
                {
                    out.push(((li, ci), to));
                }
            }
        }
        out
    };

    // Per failing field check: alternative fixes, fewest substitutions first; the empty
    // option (leave it failing) comes last.
    let mut per_field: Vec<Vec<Vec<(Pos, u8)>>> = Vec::new();
    for check in base_mrz
        .checks
        .iter()
        .filter(|c| !c.ok && c.field != CheckedField::Composite)
    {
        let field = check.field;
        let cands = candidates_for(&|s: Slot| s.check == Some(field));
        let mut options = search(&base, &cands, field, 3, 2);
        options.push(Vec::new());
        per_field.push(options);
    }

    let composite_cands = candidates_for(&|s: Slot| s.in_composite && s.check.is_none());
    let mut results: Vec<Correction> = Vec::new();
    let mut choice = vec![0usize; per_field.len()];
    loop {
        let mut subs = forced.clone();
        for (opts, &i) in per_field.iter().zip(&choice) {
            if let Some(o) = opts.get(i) {
                subs.extend_from_slice(o);
            }
        }
        let mut candidate = apply(&lines, &subs);
        if mrz.format.has_composite()
            && !passes(&candidate, CheckedField::Composite)
            && let Some(fix) =
                search(&candidate, &composite_cands, CheckedField::Composite, 2, 1).pop()
        {
            candidate = apply(&candidate, &fix);
            subs.extend(fix);
        }
        if let Some(fixed) = reparse(&candidate) {
            let fixes: Vec<CheckedField> = mrz
                .checks
                .iter()
                .filter(|c| !c.ok && fixed.check(c.field).is_some_and(|f| f.ok))
                .map(|c| c.field)
                .collect();
            let changed = subs.iter().any(|&((li, ci), to)| {
                lines
                    .get(li)
                    .and_then(|l| l.get(ci))
                    .is_some_and(|&c| c != to)
            });
            if changed && (!fixes.is_empty() || fixed.valid) {
                let substitutions = subs
                    .iter()
                    .filter_map(|&((li, ci), to)| {
                        let from = *lines.get(li)?.get(ci)?;
                        Some(Substitution {
                            line: li + 1,
                            column: ci + 1,
                            from: char::from(from),
                            to: char::from(to),
                            field: slot_at((li, ci)).field,
                        })
                    })
                    .collect();
                let correction = Correction {
                    lines: fixed.lines.clone(),
                    substitutions,
                    fixes,
                    all_checks_pass: fixed.valid,
                };
                if !results.iter().any(|r| r.lines == correction.lines) {
                    results.push(correction);
                }
            }
        }
        // Next combination of per-field options.
        let mut k = 0;
        while let Some(opts) = per_field.get(k) {
            choice[k] += 1;
            if choice[k] < opts.len() {
                break;
            }
            choice[k] = 0;
            k += 1;
        }
        if k == per_field.len() {
            break;
        }
    }
    results.sort_by_key(|c| (!c.all_checks_pass, c.substitutions.len()));
    results.truncate(5);
    results
}

#[cfg(test)]
mod tests {
    use crate::mrz::parse_mrz;

    #[test]
    fn type_errors_are_repaired_and_reported_per_position() {
        // Birth date 740812 read as 74O8IZ, composite 0 read as O.
        let m = parse_mrz(&[
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO74O8IZ2F1204159ZE184226B<<<<<1O",
        ])
        .expect("MRZ shape");
        assert!(!m.valid);
        let best = &m.suggestions[0];
        assert!(best.all_checks_pass);
        assert_eq!(
            best.lines[1],
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
        );
        let subs: Vec<(usize, usize, char, char, &str)> = best
            .substitutions
            .iter()
            .map(|s| (s.line, s.column, s.from, s.to, s.field))
            .collect();
        assert_eq!(
            subs,
            [
                (2, 16, 'O', '0', "birth_date"),
                (2, 18, 'I', '1', "birth_date"),
                (2, 19, 'Z', '2', "birth_date"),
                (2, 44, 'O', '0', "composite_check"),
            ]
        );
    }

    #[test]
    fn no_suggestion_when_nothing_is_confusable() {
        // Wrong birth-date check digit (3 instead of 2): not an OCR confusion we can repair.
        let m = parse_mrz(&[
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408123F1204159ZE184226B<<<<<10",
        ])
        .expect("MRZ shape");
        assert!(!m.valid);
        assert!(m.suggestions.iter().all(|s| !s.substitutions.is_empty()));
        assert!(
            m.suggestions
                .iter()
                .all(|s| !s.fixes.contains(&crate::CheckedField::BirthDate))
        );
    }
}
