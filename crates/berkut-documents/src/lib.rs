//! Identity documents: ICAO 9303 machine readable zones and Kazakhstan IIN/BIN.
//!
//! Pure: no I/O, no async.
