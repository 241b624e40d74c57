//! Bindings of [`crate::transactions`] and [`crate::merge`]: transaction-level input and
//! partial aggregates.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3_polars::PyDataFrame;

use super::read::PyAggregated;
use super::{frame, guard};
use crate::error::invalid_argument;
use crate::transactions::{self, Source, TransactionOptions};

#[pyfunction]
#[pyo3(signature = (paths = None, table = None, time_column = None,
    channel_column = "channel", amount_column = "amount", region_column = "region_code",
    bank_column = "bank", side = None, side_column = "side", utc = false, keep_going = false,
    examples = 5))]
#[allow(clippy::too_many_arguments)]
fn aggregate_transactions(
    py: Python<'_>,
    paths: Option<Vec<PathBuf>>,
    table: Option<&Bound<'_, PyAny>>,
    time_column: Option<String>,
    channel_column: &str,
    amount_column: &str,
    region_column: &str,
    bank_column: &str,
    side: Option<String>,
    side_column: &str,
    utc: bool,
    keep_going: bool,
    examples: usize,
) -> PyResult<Py<PyAggregated>> {
    let table = table.map(|t| frame(t, "source")).transpose()?;
    let options = TransactionOptions {
        time_column,
        channel_column: channel_column.into(),
        amount_column: amount_column.into(),
        region_column: region_column.into(),
        bank_column: bank_column.into(),
        side_column: side_column.into(),
        side,
        utc,
        keep_going,
        examples,
    };
    let out = guard(py, || {
        let source = match (paths, table) {
            (Some(p), None) => Source::Files(p),
            (None, Some(t)) => Source::Frame(t),
            _ => {
                return Err(invalid_argument(crate::say!(
                    "đưa vào các tệp hoặc một bảng, không phải cả hai".into(),
                    "give files or a table, not both".into(),
                )))
            }
        };
        transactions::aggregate_transactions(&source, &options)
    })?;
    PyAggregated::new(py, out.table, out.ledger, out.rejected)
}

#[pyfunction]
#[pyo3(signature = (parts, disjoint = false))]
fn merge(py: Python<'_>, parts: Vec<Bound<'_, PyAny>>, disjoint: bool) -> PyResult<PyDataFrame> {
    let parts = parts
        .iter()
        .enumerate()
        .map(|(i, p)| frame(p, &format!("parts[{i}]")))
        .collect::<PyResult<Vec<_>>>()?;
    guard(py, || crate::merge(&parts, disjoint)).map(PyDataFrame)
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(aggregate_transactions, m)?)?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    Ok(())
}
