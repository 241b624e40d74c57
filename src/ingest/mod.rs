//! Reading reports as they arrive (issue 4, under way): the text of their cells.
//!
//! So far: numbers written the Vietnamese or the English way, read exactly
//! ([`numbers`]); period labels ([`periods`]); units named in headers ([`units`]). The file
//! readers and the ledger of every row build on these.

pub mod numbers;
pub mod periods;
pub mod units;
