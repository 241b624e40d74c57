//! The Rust side of `benchmarks/bench_scale.py` (the Python API against the Rust API):
//! `bench_scale monthly.parquet 'raw/*.parquet'` (or `-` for no raw files) prints, as JSON,
//! the seconds of the core pipeline on a monthly table (and of each of its steps), best of
//! five, and of the raw-records aggregation, best of three.
use std::path::PathBuf;
use std::time::Instant;

use cashless::transactions::{aggregate_transactions, Source, TransactionOptions};
use cashless::{annual, attainment, average_growth, growth, AggregateOptions, Catalogue, Method};
use polars::prelude::*;

fn best<T>(repeat: usize, mut f: impl FnMut() -> cashless::Result<T>) -> cashless::Result<f64> {
    let mut times = Vec::new();
    for _ in 0..repeat {
        let t = Instant::now();
        f()?;
        times.push(t.elapsed().as_secs_f64());
    }
    Ok(times.into_iter().fold(f64::INFINITY, f64::min))
}

fn main() -> cashless::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (monthly, raw) = match (args.get(1), args.get(2)) {
        (Some(m), Some(r)) => (m.clone(), r.clone()),
        _ => {
            return Err(cashless::Error::InvalidArgument(cashless::say!(
                "cách dùng: bench_scale TỆP_THÁNG TỆP_GỐC".into(),
                "usage: bench_scale MONTHLY RAW".into(),
            )))
        }
    };
    let tx = LazyFrame::scan_parquet(monthly.as_str().into(), Default::default())?.collect()?;
    let o = AggregateOptions {
        derive_all: false,
        ..Default::default()
    };
    // As the Python side does it: the catalogue is loaded by the call that uses it.
    let core = best(5, || {
        let years = annual(&tx, &o)?;
        growth(&years, false)?;
        average_growth(&years, 2021, 2025, Method::Geometric)?;
        attainment(
            &years,
            None,
            &Catalogue::load("decision-1813")?,
            &Default::default(),
        )
    })?;
    // Its steps, to compare with the same steps timed in Python.
    let years = annual(&tx, &o)?;
    let steps = [
        best(5, || annual(&tx, &o))?,
        best(5, || growth(&years, false))?,
        best(5, || average_growth(&years, 2021, 2025, Method::Geometric))?,
        best(5, || {
            let catalogue = Catalogue::load("decision-1813")?;
            attainment(&years, None, &catalogue, &Default::default())
        })?,
    ];
    // `-` in place of the raw files: the core pipeline alone (a quick round to interleave).
    let records = if raw == "-" {
        f64::NAN
    } else {
        let source = Source::Files(vec![PathBuf::from(raw)]);
        best(3, || {
            aggregate_transactions(&source, &TransactionOptions::default())
        })?
    };
    println!(
        "{{\"core\": {core}, \"raw\": {}, \"steps\": [{}]}}",
        if records.is_nan() {
            "null".to_string()
        } else {
            records.to_string()
        },
        steps.map(|s| s.to_string()).join(", ")
    );
    Ok(())
}
