//! # cashless
//!
//! Growth figures and target verdicts of Vietnam's 2021–2025 cashless-payment programme
//! (Decision 1813/QĐ-TTg and the provincial and district plans that carry it out), from
//! cashless-payment transaction data.
//!
//! The engine is polars; every function takes and returns a `polars::DataFrame` with stable
//! column names, and every figure that cannot be computed honestly is null with a note saying
//! why. The same functions, under the same names, are in the Python package (`import
//! cashless`), built from this crate with the `python` feature.
//!
//! ```
//! use cashless::{annual, average_growth, growth, rollup, sample, AggregateOptions, Level, Method};
//!
//! // The built-in, synthetic, sample: Thanh Hóa's districts by bank and month.
//! let tx = cashless::sample_data().unwrap();
//! let province = rollup(&tx, &sample::sample_regions(), Level::Province).unwrap();
//! let years = annual(&province, &AggregateOptions::default()).unwrap();
//! let yoy = growth(&years, false).unwrap();
//! let stage = average_growth(&years, 2021, 2025, Method::Geometric).unwrap();
//! assert!(yoy.height() > 0 && stage.height() > 0);
//! ```
#![warn(missing_docs)]

pub mod aggregate;
pub mod attainment;
pub mod calendar;
pub mod catalogue;
pub mod channels;
pub mod cli;
pub mod crosswalk;
pub mod error;
pub mod estimate;
pub mod forms;
pub mod glossary;
pub mod growth;
pub mod indicators;
pub mod ingest;
mod keys;
pub mod lang;
pub mod maps;
pub mod merge;
pub mod metrics;
mod parts;
pub mod regions;
pub mod report;
pub mod same_period;
pub mod sample;
pub mod schema;
pub mod status;
pub mod table;
pub mod targets;
pub mod transactions;
mod verdicts;

#[cfg(feature = "python")]
mod python;

pub use aggregate::{annual, by_period, with_all, AggregateOptions};
pub use attainment::{attainment, AttainmentOptions, Status};
pub use calendar::{Frequency, YearStart};
pub use catalogue::Catalogue;
pub use channels::Channel;
pub use crosswalk::{apply_crosswalk, Crosswalk, CrosswalkEntry};
pub use error::{Error, Location, Result};
pub use estimate::{estimate_year, Estimate};
pub use growth::{average_growth, average_growth_from_rates, growth, Method};
pub use merge::merge;
pub use metrics::Metric;
pub use regions::{rollup, Level, Region, Regions};
pub use same_period::same_period_growth;
pub use sample::sample_data;
pub use table::canonical;
pub use targets::{Reading, Rule, Stage, Target};
pub use transactions::aggregate_transactions;

/// Version of the library.
///
/// ```
/// assert!(!cashless::version().is_empty());
/// ```
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
