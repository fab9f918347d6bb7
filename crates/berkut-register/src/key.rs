//! Packing a (document number, issuing state) pair into one `u64`, and the
//! bit layout of a record's payload.

use berkut_domain::{CountryCode, DocumentKind, InvalidationStatus};
use time::Date;

/// Numbers up to this many characters are packed into the main table;
/// longer ones go to the side table.
pub(crate) const SHORT_MAX: usize = 10;
/// Longest normalised document number (`DocumentNumber` allows 24).
pub(crate) const LONG_MAX: usize = 24;
/// `37^10`: the number of distinct packed numbers of up to 10 characters.
const SHORT_SPACE: u64 = 37u64.pow(SHORT_MAX as u32);
/// State indices fit in 11 bits: `2048 · 37^10 < 2^64`.
pub(crate) const MAX_STATES: usize = 2048;
/// Sources fit in 10 bits of the payload.
pub(crate) const MAX_SOURCES: usize = 1024;
/// Slots of the state table: three characters of `' '`/`A`–`Z` in base 27.
pub(crate) const STATE_SLOTS: usize = 27 * 27 * 27;

/// The value of one number character: `0`–`9` → 1–10, `A`–`Z` → 11–36.
/// Never 0, so different lengths never collide.
fn char_value(c: u8) -> Option<u64> {
    match c {
        b'0'..=b'9' => Some(u64::from(c - b'0') + 1),
        b'A'..=b'Z' => Some(u64::from(c - b'A') + 11),
        _ => None,
    }
}

/// Pack a normalised number of 1..=10 characters (`< 37^10`); `None` when
/// longer or not normalised.
pub(crate) fn pack_short(number: &[u8]) -> Option<u64> {
    if number.is_empty() || number.len() > SHORT_MAX {
        return None;
    }
    number
        .iter()
        .try_fold(0u64, |acc, &c| Some(acc * 37 + char_value(c)?))
}

/// The key of a short number in a state: a bijective mix of
/// `state · 37^10 + packed`, so keys are spread uniformly over `u64` and the
/// bucket directory stays balanced whatever the numbering schemes.
pub(crate) fn short_key(state: u16, packed: u64) -> u64 {
    mix(u64::from(state) * SHORT_SPACE + packed)
}

/// SplitMix64's finaliser: a bijection on `u64` (xor-shifts and multiplications
/// by odd constants are invertible), so distinct inputs never share a key.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The slot of a state in the state table.
pub(crate) fn state_slot(state: CountryCode) -> usize {
    let mut slot = 0;
    let bytes = state.as_str().as_bytes();
    for i in 0..3 {
        let v = match bytes.get(i) {
            Some(c @ b'A'..=b'Z') => usize::from(c - b'A') + 1,
            _ => 0,
        };
        slot = slot * 27 + v;
    }
    slot
}

/// Julian day of 1970-01-01, day 0 of the payload's date.
const EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// A record's payload: `kind:3 | status:3 | source:10 | days since 1970:16`.
pub(crate) fn payload(
    kind: Option<DocumentKind>,
    status: InvalidationStatus,
    source: u16,
    day: u16,
) -> u32 {
    (u32::from(kind_code(kind)) << 29)
        | (u32::from(status_code(status)) << 26)
        | (u32::from(source) << 16)
        | u32::from(day)
}

/// Days since 1970-01-01, if the date is within 1970-01-01 ..= 2149-06-06.
pub(crate) fn day_number(d: Date) -> Option<u16> {
    u16::try_from(d.to_julian_day() - EPOCH_JULIAN_DAY).ok()
}

/// The fields of a payload; `None` when a code is out of range (only from
/// damaged bytes).
pub(crate) fn unpack(p: u32) -> Option<(Option<DocumentKind>, InvalidationStatus, u16, Date)> {
    let kind = kind_from_code((p >> 29) as u8)?;
    let status = status_from_code(((p >> 26) & 0b111) as u8)?;
    let source = ((p >> 16) & 0x3ff) as u16;
    let day = Date::from_julian_day(EPOCH_JULIAN_DAY + (p & 0xffff) as i32).ok()?;
    Some((kind, status, source, day))
}

fn kind_code(k: Option<DocumentKind>) -> u8 {
    match k {
        None => 0,
        Some(DocumentKind::Passport) => 1,
        Some(DocumentKind::IdCard) => 2,
        Some(DocumentKind::Visa) => 3,
        Some(DocumentKind::ResidencePermit) => 4,
        Some(DocumentKind::TravelDocument) => 5,
        Some(DocumentKind::Other) => 6,
    }
}

fn kind_from_code(c: u8) -> Option<Option<DocumentKind>> {
    Some(match c {
        0 => None,
        1 => Some(DocumentKind::Passport),
        2 => Some(DocumentKind::IdCard),
        3 => Some(DocumentKind::Visa),
        4 => Some(DocumentKind::ResidencePermit),
        5 => Some(DocumentKind::TravelDocument),
        6 => Some(DocumentKind::Other),
        _ => return None,
    })
}

fn status_code(s: InvalidationStatus) -> u8 {
    match s {
        InvalidationStatus::Lost => 0,
        InvalidationStatus::Stolen => 1,
        InvalidationStatus::Revoked => 2,
        InvalidationStatus::Blank => 3,
        InvalidationStatus::Invalidated => 4,
    }
}

fn status_from_code(c: u8) -> Option<InvalidationStatus> {
    InvalidationStatus::ALL.get(usize::from(c)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_is_injective_across_lengths() {
        let a = pack_short(b"A");
        let b = pack_short(b"0A");
        let c = pack_short(b"00A");
        assert!(a.is_some() && a != b && b != c && a != c);
        assert_eq!(pack_short(b"ZZZZZZZZZZ"), Some(SHORT_SPACE - 1));
        assert_eq!(pack_short(b"ZZZZZZZZZZZ"), None);
        assert_eq!(pack_short(b""), None);
        assert_eq!(pack_short(b"a1"), None);
        assert!(
            u64::try_from(MAX_STATES).is_ok_and(|m| m.checked_mul(SHORT_SPACE).is_some()),
            "state index and packed number fit in u64"
        );
    }

    #[test]
    fn payload_round_trips() {
        let d = Date::from_calendar_date(2026, time::Month::January, 2).expect("date");
        for kind in [
            None,
            Some(DocumentKind::Passport),
            Some(DocumentKind::Other),
        ] {
            for status in InvalidationStatus::ALL {
                let day = day_number(d).expect("in range");
                let p = payload(kind, status, 1023, day);
                assert_eq!(unpack(p), Some((kind, status, 1023, d)));
            }
        }
        let early = Date::from_calendar_date(1969, time::Month::December, 31).expect("date");
        assert_eq!(day_number(early), None);
        assert_eq!(unpack(7 << 29), None);
    }

    #[test]
    fn state_slots_are_distinct() {
        let kaz = state_slot(CountryCode::KAZ);
        let d = CountryCode::parse("D").map(state_slot).expect("D");
        let dza = CountryCode::parse("DZA").map(state_slot).expect("DZA");
        assert!(kaz < STATE_SLOTS && d != dza && d != kaz);
    }
}
