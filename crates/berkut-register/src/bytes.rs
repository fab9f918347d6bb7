//! The register as bytes, to keep a built register in a file or ship it to
//! border posts. Little-endian:
//!
//! ```text
//! magic "BRKREG01"
//! u32 states;  states × 3 bytes (code, space-padded)
//! u32 sources; sources × (u32 length, UTF-8 bytes)
//! u64 short;   short × u64 key, then short × u32 payload
//! u64 long;    long × (u16 state, 24 bytes number zero-padded, u32 payload)
//! u64 checksum of everything before it
//! ```
//!
//! The directory and the state table are rebuilt on load. Loading verifies
//! the checksum (against accidental damage; it is no signature) and then
//! everything a lookup relies on (order, codes, indices), so damaged bytes
//! give an error, never a panic.

use berkut_domain::CountryCode;

use crate::{
    LongEntry, Register,
    key::{self, LONG_MAX, MAX_SOURCES, MAX_STATES, STATE_SLOTS},
};

const MAGIC: &[u8; 8] = b"BRKREG01";

/// Why bytes are not a register.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a register at byte {offset}: {message}")]
pub struct DecodeError {
    /// Where reading stopped.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn err(&self, message: impl Into<String>) -> DecodeError {
        DecodeError {
            offset: self.pos,
            message: message.into(),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.data.len())
            .ok_or_else(|| self.err(format!("truncated: {n} more bytes expected")))?;
        let s = self.data.get(self.pos..end).unwrap_or(&[]);
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u16(&mut self) -> Result<u16, DecodeError> {
        self.array().map(u16::from_le_bytes)
    }

    fn u32(&mut self) -> Result<u32, DecodeError> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64, DecodeError> {
        self.array().map(u64::from_le_bytes)
    }

    /// A count of items of `size` bytes each, checked against what is left
    /// so a damaged count cannot make us allocate without bound.
    fn count(&mut self, raw: u64, size: usize, max: usize) -> Result<usize, DecodeError> {
        let n = usize::try_from(raw).map_err(|_| self.err("count too large"))?;
        let left = self.data.len() - self.pos;
        if n > max || n.checked_mul(size).is_none_or(|b| b > left) {
            return Err(self.err(format!("count {n} does not fit the data")));
        }
        Ok(n)
    }
}

impl Register {
    /// The register as bytes (see the module docs for the format).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.keys.len() * 12 + self.long.len() * 30);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.states.len() as u32).to_le_bytes());
        for s in &self.states {
            let mut b = [b' '; 3];
            for (slot, c) in b.iter_mut().zip(s.as_str().bytes()) {
                *slot = c;
            }
            out.extend_from_slice(&b);
        }
        out.extend_from_slice(&(self.sources.len() as u32).to_le_bytes());
        for s in &self.sources {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(&(self.keys.len() as u64).to_le_bytes());
        for k in &self.keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for p in &self.payloads {
            out.extend_from_slice(&p.to_le_bytes());
        }
        out.extend_from_slice(&(self.long.len() as u64).to_le_bytes());
        for e in &self.long {
            out.extend_from_slice(&e.state.to_le_bytes());
            out.extend_from_slice(&e.number);
            out.extend_from_slice(&e.payload.to_le_bytes());
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Load a register written by [`Register::to_bytes`].
    pub fn from_bytes(data: &[u8]) -> Result<Self, DecodeError> {
        if data.get(..MAGIC.len()) != Some(MAGIC) {
            return Err(DecodeError {
                offset: 0,
                message: "bad magic".into(),
            });
        }
        let Some((body, sum)) = data.split_last_chunk::<8>() else {
            return Err(DecodeError {
                offset: data.len(),
                message: "truncated".into(),
            });
        };
        if checksum(body) != u64::from_le_bytes(*sum) {
            return Err(DecodeError {
                offset: body.len(),
                message: "checksum mismatch: the data is damaged".into(),
            });
        }
        let data = body;
        let mut r = Reader { data, pos: 0 };
        r.take(MAGIC.len())?;
        let raw = r.u32()?;
        let n_states = r.count(raw.into(), 3, MAX_STATES)?;
        let mut states = Vec::with_capacity(n_states);
        let mut state_index = vec![u16::MAX; STATE_SLOTS];
        for i in 0..n_states {
            let b: [u8; 3] = r.array()?;
            let code = std::str::from_utf8(&b)
                .ok()
                .and_then(|s| CountryCode::parse(s.trim_end()).ok())
                .ok_or_else(|| r.err("bad state code"))?;
            let slot = state_index
                .get_mut(key::state_slot(code))
                .ok_or_else(|| r.err("bad state code"))?;
            if *slot != u16::MAX {
                return Err(r.err("state listed twice"));
            }
            *slot = u16::try_from(i).map_err(|_| r.err("too many states"))?;
            states.push(code);
        }
        let raw = r.u32()?;
        let n_sources = r.count(raw.into(), 4, MAX_SOURCES)?;
        let mut sources = Vec::with_capacity(n_sources);
        for _ in 0..n_sources {
            let len = r.u32()? as usize;
            let bytes = r.take(len)?;
            let s = std::str::from_utf8(bytes).map_err(|_| r.err("source is not UTF-8"))?;
            sources.push(s.to_string());
        }
        let raw = r.u64()?;
        let n_short = r.count(raw, 12, u32::MAX as usize)?;
        let mut keys = Vec::with_capacity(n_short);
        for _ in 0..n_short {
            keys.push(r.u64()?);
        }
        let mut payloads = Vec::with_capacity(n_short);
        for _ in 0..n_short {
            let p = r.u32()?;
            check_payload(p, n_sources).map_err(|m| r.err(m))?;
            payloads.push(p);
        }
        let sorted = keys
            .iter()
            .zip(&payloads)
            .zip(keys.iter().zip(&payloads).skip(1))
            .all(|(a, b)| a < b);
        if !sorted {
            return Err(r.err("keys are not sorted"));
        }
        let raw = r.u64()?;
        let n_long = r.count(raw, 2 + LONG_MAX + 4, usize::MAX)?;
        let mut long = Vec::with_capacity(n_long);
        for _ in 0..n_long {
            let state = r.u16()?;
            let number: [u8; LONG_MAX] = r.array()?;
            let payload = r.u32()?;
            if usize::from(state) >= n_states {
                return Err(r.err("state index out of range"));
            }
            let len = number.iter().position(|&c| c == 0).unwrap_or(LONG_MAX);
            let (head, tail) = number.split_at(len);
            if len <= key::SHORT_MAX
                || !head
                    .iter()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
                || tail.iter().any(|&c| c != 0)
            {
                return Err(r.err("bad long document number"));
            }
            check_payload(payload, n_sources).map_err(|m| r.err(m))?;
            long.push(LongEntry {
                state,
                number,
                payload,
            });
        }
        if !long.windows(2).all(|w| w[0] < w[1]) {
            return Err(r.err("long numbers are not sorted"));
        }
        if r.pos != data.len() {
            return Err(r.err("trailing bytes"));
        }
        Ok(Register::assemble(
            states,
            state_index,
            sources,
            keys,
            payloads,
            long,
        ))
    }
}

/// A fast 64-bit checksum over 8-byte words (multiply-rotate mixing).
fn checksum(data: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = (data.len() as u64).wrapping_mul(K);
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 32)
}

fn check_payload(p: u32, n_sources: usize) -> Result<(), &'static str> {
    match key::unpack(p) {
        Some((_, _, source, _)) if usize::from(source) < n_sources => Ok(()),
        Some(_) => Err("source index out of range"),
        None => Err("bad kind or status code"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use berkut_domain::{DocumentKind, DocumentNumber, InvalidatedDocument, InvalidationStatus};

    fn register() -> Register {
        let docs: Vec<InvalidatedDocument> = (0..200)
            .map(|i| InvalidatedDocument {
                number: DocumentNumber::parse(&if i % 10 == 0 {
                    format!("LONG{i:010}")
                } else {
                    format!("N{i:07}")
                })
                .expect("number"),
                issuing_state: CountryCode::parse(["KAZ", "RUS", "D"][i % 3]).expect("state"),
                kind: (i % 2 == 0).then_some(DocumentKind::Passport),
                status: InvalidationStatus::ALL[i % 5],
                reported_at: time::Date::from_calendar_date(2020, time::Month::May, 1)
                    .expect("date"),
                source: ["sltd", "kz_mvd"][i % 2].into(),
            })
            .collect();
        Register::build(&docs).expect("build")
    }

    #[test]
    fn round_trips() {
        let r = register();
        let bytes = r.to_bytes();
        let back = Register::from_bytes(&bytes).expect("decodes");
        assert_eq!(back, r);
        assert_eq!(
            back.lookup_text("LONG0000000010", "RUS")
                .expect("ok")
                .count(),
            1
        );
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        let bytes = register().to_bytes();
        for cut in 0..bytes.len() {
            assert!(Register::from_bytes(&bytes[..cut]).is_err(), "cut {cut}");
        }
        let mut rejected = 0;
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            if Register::from_bytes(&b).is_err() {
                rejected += 1;
            }
        }
        assert_eq!(rejected, bytes.len(), "every flipped byte is caught");
        let mut trailing = bytes.clone();
        trailing.push(0);
        assert!(Register::from_bytes(&trailing).is_err());
    }
}
