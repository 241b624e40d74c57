//! What each fuzz target does with its input, shared by the fuzz targets (`fuzz_targets/`)
//! and by the test that replays what the fuzzers found (`tests/fuzz_regressions.rs`), so a
//! finding kept as a file is checked the way it was found.
//!
//! Each entry takes arbitrary bytes and asserts the library's promises: no panic, every row
//! accounted for, every figure exact or refused.

#![allow(dead_code)]

use std::path::PathBuf;

use cashless::ingest::header::{classify, Mapping};
use cashless::ingest::numbers::{parse_number, NumberStyle};
use cashless::ingest::periods::parse_period;
use cashless::ingest::units::{multiplier_in, unit_in};
use cashless::ingest::{read_paths, ReadOptions};
use cashless::transactions::{aggregate_transactions, Source, TransactionOptions};

/// What a target does with its input.
pub type Target = fn(&[u8]);

/// The targets by name, for the replay test.
pub const TARGETS: &[(&str, Target)] = &[
    ("numbers", numbers),
    ("periods", periods),
    ("units", units),
    ("headers", headers),
    ("csv", csv),
    ("xlsx", xlsx),
    ("catalogue", catalogue),
    ("transactions", transactions),
];

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A file of the fuzzer's bytes, one per process and extension.
fn file(data: &[u8], ext: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("cashless-fuzz-{}.{ext}", std::process::id()));
    std::fs::write(&path, data).expect("temp file");
    path
}

pub fn numbers(data: &[u8]) {
    let t = text(data);
    for style in [NumberStyle::Vietnamese, NumberStyle::English] {
        if let Ok(n) = parse_number(&t, style) {
            // A number read back from its own digits is the same number.
            let digits = n.value.to_string();
            let again = parse_number(&digits, NumberStyle::English).expect("its own digits");
            assert_eq!(again.value.to_string(), digits, "{t:?}");
        }
    }
}

pub fn periods(data: &[u8]) {
    let _ = parse_period(&text(data));
}

pub fn units(data: &[u8]) {
    let t = text(data);
    if let Some(u) = unit_in(&t) {
        assert!(u.factor >= 1);
    }
    if let Some(m) = multiplier_in(&t) {
        assert!(m >= 1_000);
    }
}

pub fn headers(data: &[u8]) {
    let _ = classify(&text(data), &Mapping::default());
}

fn accounted(read: &cashless::ingest::Read) {
    let l = &read.ledger;
    assert_eq!(
        l.rows_read,
        l.rows_kept + l.rows_rejected + l.rows_skipped,
        "{l}"
    );
    assert_eq!(read.data.height(), l.records);
}

fn read_file(data: &[u8], ext: &str) {
    let path = file(data, ext);
    let options = ReadOptions {
        keep_going: true,
        ..Default::default()
    };
    if let Ok(read) = read_paths(std::slice::from_ref(&path), &options) {
        accounted(&read);
    }
    let _ = std::fs::remove_file(path);
}

pub fn csv(data: &[u8]) {
    read_file(data, "csv");
}

pub fn xlsx(data: &[u8]) {
    read_file(data, "xlsx");
}

pub fn catalogue(data: &[u8]) {
    let _ = cashless::Catalogue::from_toml(&text(data), "fuzz.toml", None);
}

pub fn transactions(data: &[u8]) {
    let path = file(data, "csv");
    let options = TransactionOptions {
        keep_going: true,
        ..Default::default()
    };
    if let Ok(out) = aggregate_transactions(&Source::Files(vec![path.clone()]), &options) {
        let l = &out.ledger;
        assert_eq!(
            l.rows_read,
            l.rows_kept + l.rows_rejected + l.rows_skipped,
            "{l}"
        );
    }
    let _ = std::fs::remove_file(path);
}
