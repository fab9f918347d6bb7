//! ICAO Doc 9303 Part 3 check digit: values `0-9` → 0..9, `A-Z` → 10..35, `<` → 0,
//! weights 7, 3, 1 repeating from the left, sum modulo 10.

/// Numeric value of an MRZ character, `None` outside `A-Z0-9<`.
pub fn char_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// Check digit (0..=9) over MRZ characters, `None` if a character is outside the MRZ set.
pub fn check_digit(data: &[u8]) -> Option<u8> {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0u32;
    for (i, &c) in data.iter().enumerate() {
        sum += char_value(c)? * WEIGHTS[i % 3];
    }
    // sum % 10 < 10 always fits in u8.
    u8::try_from(sum % 10).ok()
}

/// Check digit of an MRZ string as an ASCII digit character; `None` outside the MRZ set.
pub fn check_digit_char(data: &str) -> Option<char> {
    check_digit(data.as_bytes()).map(|d| char::from(b'0' + d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icao_worked_examples() {
        // ICAO Part 3 worked example and the specimen document number.
        assert_eq!(check_digit_char("520727"), Some('3'));
        assert_eq!(check_digit_char("L898902C3"), Some('6'));
        assert_eq!(check_digit_char("510509"), Some('2'));
    }

    #[test]
    fn filler_counts_as_zero() {
        assert_eq!(check_digit(b"<<<<<<"), Some(0));
        assert_eq!(check_digit(b"A<1"), check_digit(b"A01"));
    }

    #[test]
    fn rejects_characters_outside_set() {
        assert_eq!(check_digit(b"ab1"), None);
        assert_eq!(check_digit(b"A B"), None);
    }

    #[test]
    fn every_single_digit_substitution_is_detected() {
        let base = b"740812".to_vec();
        let reference = check_digit(&base);
        for pos in 0..base.len() {
            for d in b'0'..=b'9' {
                if d == base[pos] {
                    continue;
                }
                let mut changed = base.clone();
                changed[pos] = d;
                assert_ne!(check_digit(&changed), reference, "pos {pos} digit {d}");
            }
        }
    }
}
