//! Property tests: generate → parse round trips for every format, OCR recovery, the parser
//! never panics, IIN/BIN generator round trips.

use berkut_documents::{
    BinAttribute, BinEntityType, IinSex, MrzFields, MrzFormat, Sex, fuzz, generate, generate_bin,
    generate_iin, kz_check_digit, parse_bin, parse_iin, parse_mrz,
};
use proptest::prelude::*;
use time::{Date, Duration};

const STATES: &[&str] = &[
    "KAZ", "UTO", "D", "XXA", "RUS", "USA", "UZB", "GBD", "UNO", "CHN",
];

fn format() -> impl Strategy<Value = MrzFormat> {
    prop::sample::select(MrzFormat::ALL.to_vec())
}

fn name() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[A-Z]{1,12}", 0..4)
}

fn date6() -> impl Strategy<Value = String> {
    "[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])"
}

fn fields(format: MrzFormat) -> impl Strategy<Value = MrzFields> {
    let code = match format {
        MrzFormat::Td3 => "P[A-Z]?",
        MrzFormat::Td1 | MrzFormat::Td2 => "[ACI][A-UW-Z]?",
        MrzFormat::MrvA | MrzFormat::MrvB => "V[A-Z]?",
    };
    let number = if format == MrzFormat::Td1 {
        "[A-Z0-9]{1,12}"
    } else {
        "[A-Z0-9]{1,9}"
    };
    let optional_len = match format {
        MrzFormat::Td1 => 10,
        MrzFormat::Td2 => 7,
        MrzFormat::Td3 => 14,
        MrzFormat::MrvA => 16,
        MrzFormat::MrvB => 8,
    };
    let sex = prop::sample::select(vec![Sex::Male, Sex::Female, Sex::X, Sex::Unspecified]);
    (
        (
            code,
            prop::sample::select(STATES),
            prop::sample::select(STATES),
            name(),
            name(),
        ),
        (
            number,
            date6(),
            prop_oneof![
                date6(),
                Just("85<<<<".to_owned()),
                Just("<<<<<<".to_owned())
            ],
        ),
        (
            sex,
            prop::collection::vec("[A-Z0-9]", 0..=optional_len),
            "[A-Z0-9]{0,11}",
        ),
    )
        .prop_map(
            move |(
                (code, state, nat, p, s),
                (number, expiry, birth),
                (sex, optional, optional2),
            )| {
                let mut optional: String = optional.concat();
                if number.len() > 9 {
                    // Long TD1 number: overflow + check digit + `<` + optional data fit in 15.
                    optional.truncate(15usize.saturating_sub(number.len() - 9 + 2));
                }
                MrzFields {
                    document_code: code,
                    issuing_state: state.to_owned(),
                    primary_identifier: p.join(" "),
                    secondary_identifier: s.join(" "),
                    document_number: number,
                    nationality: nat.to_owned(),
                    birth_date: birth,
                    sex,
                    expiry_date: expiry,
                    optional_data: optional,
                    optional_data_2: optional2,
                }
            },
        )
}

fn format_and_fields() -> impl Strategy<Value = (MrzFormat, MrzFields)> {
    format().prop_flat_map(|f| (Just(f), fields(f)))
}

proptest! {
    #[test]
    fn generate_then_parse_round_trips((format, f) in format_and_fields()) {
        let lines = generate(&f, format).expect("generatable fields");
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let m = parse_mrz(&refs).expect("generated MRZ parses");
        prop_assert_eq!(m.format, format);
        prop_assert!(m.valid, "{:?}", m.checks);
        prop_assert!(m.suggestions.is_empty());
        prop_assert_eq!(&m.document_code, &f.document_code);
        prop_assert_eq!(&m.issuing_state, &f.issuing_state);
        prop_assert_eq!(&m.nationality, &f.nationality);
        prop_assert_eq!(&m.document_number, &f.document_number);
        prop_assert_eq!(m.long_document_number, f.document_number.len() > 9);
        prop_assert_eq!(&m.birth_date.raw, &f.birth_date);
        prop_assert_eq!(&m.expiry_date.raw, &f.expiry_date);
        prop_assert_eq!(m.sex, f.sex);
        prop_assert_eq!(&m.optional_data, &f.optional_data);
        if format == MrzFormat::Td1 {
            prop_assert_eq!(m.optional_data_2.as_deref(), Some(f.optional_data_2.as_str()));
        }
        let mut full = f.primary_identifier.replace(' ', "<");
        if !f.secondary_identifier.is_empty() {
            full = format!("{full}<<{}", f.secondary_identifier.replace(' ', "<"));
        }
        if full.len() <= format.name_len() {
            prop_assert_eq!(&m.primary_identifier, &f.primary_identifier);
            prop_assert_eq!(&m.secondary_identifier, &f.secondary_identifier);
        } else {
            // Truncated: what is left is a prefix of each identifier, and it is flagged
            // unless the cut happened to land on a component boundary.
            prop_assert!(f.primary_identifier.starts_with(&m.primary_identifier));
            let kept: Vec<&str> = m.secondary_identifier.split(' ').filter(|s| !s.is_empty()).collect();
            let original: Vec<&str> = f.secondary_identifier.split(' ').collect();
            for (k, o) in kept.iter().zip(&original) {
                prop_assert!(o.starts_with(k), "{} vs {}", k, o);
            }
            prop_assert!(kept.len() <= original.len());
        }
    }

    #[test]
    fn letter_for_digit_in_a_date_is_suggested_back((format, f) in format_and_fields(), which in 0usize..6) {
        let lines = generate(&f, format).expect("generatable fields");
        let (line, start) = if format == MrzFormat::Td1 { (1, 0) } else { (1, 13) };
        let col = start + which;
        let original = lines[line].as_bytes()[col];
        let letter = match original {
            b'0' => b'O', b'1' => b'I', b'2' => b'Z', b'5' => b'S', b'6' => b'G', b'8' => b'B',
            _ => return Ok(()),
        };
        let mut garbled = lines.clone();
        let mut bytes = garbled[line].clone().into_bytes();
        bytes[col] = letter;
        garbled[line] = String::from_utf8(bytes).expect("ascii");
        let refs: Vec<&str> = garbled.iter().map(String::as_str).collect();
        let m = parse_mrz(&refs).expect("still an MRZ");
        // G and 6 differ by 10, so the check digit cannot see that one; the type rule does.
        prop_assert_eq!(m.valid, letter == b'G');
        let best = m.suggestions.first().expect("a suggestion");
        prop_assert_eq!(&best.lines, &lines);
        prop_assert_eq!(best.substitutions.len(), 1);
        prop_assert_eq!(m.lines, garbled);
    }

    #[test]
    fn parser_never_panics_on_arbitrary_lines(lines in prop::collection::vec(any::<String>(), 0..4)) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let _ = parse_mrz(&refs);
        fuzz::mrz(lines.join("\n").as_bytes());
    }

    #[test]
    fn parser_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        fuzz::mrz(&bytes);
        fuzz::kz_id(&bytes);
    }

    #[test]
    fn well_shaped_noise_always_parses(
        shape in prop::sample::select(vec![(3usize, 30usize), (2, 36), (2, 44)]),
        seed in prop::collection::vec("[A-Z0-9<]{44}", 3),
    ) {
        let lines: Vec<String> = seed.iter().take(shape.0).map(|l| l[..shape.1].to_owned()).collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let m = parse_mrz(&refs).expect("right shape and characters");
        prop_assert_eq!(m.valid, m.checks.iter().all(|c| c.ok));
        fuzz::mrz(lines.join("\n").as_bytes());
    }

    #[test]
    fn iin_generator_round_trips(days in 0i64..109_572, female in any::<bool>(), serial in 0u16..10_000) {
        let birth = Date::from_calendar_date(1800, time::Month::January, 1).expect("date") + Duration::days(days);
        let sex = if female { IinSex::Female } else { IinSex::Male };
        match generate_iin(birth, sex, serial) {
            Some(iin) => {
                let parsed = parse_iin(&iin).expect("generated IIN is valid");
                prop_assert_eq!(parsed.birth_date, birth);
                prop_assert_eq!(parsed.sex, sex);
                prop_assert_eq!(parsed.serial, format!("{serial:04}"));
            }
            None => {
                // Only never-issued numbers are refused inside 1800–2099.
                let body = format!("{:02}{:02}{:02}0{serial:04}", birth.year() % 100, u8::from(birth.month()), birth.day());
                let mut digits = [0u8; 11];
                for (d, b) in digits.iter_mut().zip(body.bytes()) { *d = b - b'0'; }
                let century = (birth.year() / 100 - 18) as u8 * 2 + 1 + u8::from(female);
                digits[6] = century;
                prop_assert_eq!(kz_check_digit(&digits), None);
            }
        }
    }

    #[test]
    fn bin_generator_round_trips(year in 0u8..100, month in 1u8..13, t in 0usize..3, a in 0usize..4, serial in 0u32..100_000) {
        let types = [BinEntityType::ResidentLegalEntity, BinEntityType::NonResidentLegalEntity, BinEntityType::JointIndividualEntrepreneurship];
        let attrs = [BinAttribute::HeadUnit, BinAttribute::Branch, BinAttribute::RepresentativeOffice, BinAttribute::PeasantFarm];
        if let Some(bin) = generate_bin(year, month, types[t], attrs[a], serial) {
            let parsed = parse_bin(&bin).expect("generated BIN is valid");
            prop_assert_eq!((parsed.registration_year, parsed.registration_month), (year, month));
            prop_assert_eq!(parsed.entity_type, types[t]);
            prop_assert_eq!(parsed.attribute, attrs[a]);
            prop_assert_eq!(parsed.serial, format!("{serial:05}"));
        }
    }

    #[test]
    fn any_twelve_digits_are_classified_consistently(s in "[0-9]{12}") {
        fuzz::kz_id(s.as_bytes());
    }

    #[test]
    fn one_changed_digit_breaks_a_valid_iin(days in 0i64..109_572, serial in 0u16..10_000, pos in 0usize..12, delta in 1u8..10) {
        let birth = Date::from_calendar_date(1800, time::Month::January, 1).expect("date") + Duration::days(days);
        if let Some(iin_text) = generate_iin(birth, IinSex::Male, serial) {
            let mut bytes = iin_text.clone().into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).expect("ascii");
            // With weights 1..10 mod 11 (11 prime) a single changed digit always changes the
            // first-pass result; digit 11 has weight 11 ≡ 0 and is invisible to that pass. When
            // either number falls back to the second pass, no such guarantee exists.
            let body = |s: &str| {
                let mut d = [0u8; 11];
                for (o, b) in d.iter_mut().zip(s.bytes()) { *o = b - b'0'; }
                d
            };
            let original = iin_first_pass(&body(&iin_text));
            let now = iin_first_pass(&body(&changed));
            if pos != 10 && original && now {
                prop_assert!(parse_iin(&changed).is_err(), "{}", changed);
            }
        }
    }
}

fn iin_first_pass(digits: &[u8; 11]) -> bool {
    let sum: u32 = digits
        .iter()
        .zip(1u32..)
        .map(|(&d, w)| u32::from(d) * w)
        .sum();
    sum % 11 != 10
}
