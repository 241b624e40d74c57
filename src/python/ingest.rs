//! Bindings of [`crate::ingest`]: reading files and tables with a ledger, and lineage.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3_polars::PyDataFrame;

use super::read::PyRead;
use super::{channels, frame, guard};
use crate::error::invalid_argument;
use crate::ingest::{self, header::Mapping, lineage};
use crate::{Channel, Regions, YearStart};

#[pyfunction]
#[pyo3(signature = (paths = None, table = None, source = "DataFrame", sheet = None, style = "vi",
    mapping = None, mapping_toml = None, regions = None, count_unit = None, value_unit = None,
    period = None, bank = None, region = None, keep_going = false, additive = None,
    per_transaction = None, progress = false, file_banks = None, bank_from = None,
    indicators = false))]
#[allow(clippy::too_many_arguments)]
fn read(
    py: Python<'_>,
    paths: Option<Vec<String>>,
    table: Option<&Bound<'_, PyAny>>,
    source: &str,
    sheet: Option<String>,
    style: &str,
    mapping: Option<PathBuf>,
    mapping_toml: Option<String>,
    regions: Option<&Bound<'_, PyAny>>,
    count_unit: Option<String>,
    value_unit: Option<String>,
    period: Option<String>,
    bank: Option<String>,
    region: Option<String>,
    keep_going: bool,
    additive: Option<Vec<String>>,
    per_transaction: Option<(i64, i64)>,
    progress: bool,
    file_banks: Option<Vec<(PathBuf, String)>>,
    bank_from: Option<String>,
    indicators: bool,
) -> PyResult<PyRead> {
    // "NH01=a.xlsx" gives a file its bank, as on the command line.
    let (paths, mut banks) = match paths {
        Some(args) => {
            let (p, b) = ingest::bank_files(&args);
            (Some(p), b)
        }
        None => (None, Vec::new()),
    };
    banks.extend(file_banks.unwrap_or_default());
    let table = table.map(|t| frame(t, "table")).transpose()?;
    let regions = regions.map(|r| frame(r, "regions")).transpose()?;
    let read = guard(py, || {
        let mut o = ingest::ReadOptions {
            sheet,
            regions: regions.as_ref().map(Regions::from_frame).transpose()?,
            bank,
            file_banks: banks,
            region,
            keep_going,
            progress,
            ..Default::default()
        };
        o.mapping = match (mapping, mapping_toml) {
            (Some(p), _) => Mapping::from_path(&p)?,
            (None, Some(t)) => Mapping::from_toml(&t)?,
            (None, None) => Mapping::default(),
        };
        o.set_style(style)?;
        o.bank_from = bank_from.as_deref().map(str::parse).transpose()?;
        o.set_units(count_unit.as_deref(), value_unit.as_deref())?;
        if let Some(p) = period {
            o.set_period(&p)?;
        }
        if let Some(labels) = additive {
            o.additive = channels(&labels)?;
        }
        if let Some(bounds) = per_transaction {
            o.per_transaction = bounds;
        }
        use ingest::indicator_table::{read_indicator_frame, read_indicator_paths};
        let read = match (&paths, &table, indicators) {
            (Some(p), None, false) => ingest::read_paths(p, &o)?,
            (None, Some(t), false) => ingest::read_frame(t, source, &o)?,
            (Some(p), None, true) => read_indicator_paths(p, &o)?,
            (None, Some(t), true) => read_indicator_frame(t, source, &o)?,
            _ => {
                return Err(invalid_argument(crate::say!(
                    "đưa vào các tệp hoặc một bảng, không phải cả hai".into(),
                    "give files or a table, not both".into(),
                )))
            }
        };
        Ok(read)
    })?;
    PyRead::new(py, read.data, read.ledger)
}

#[pyfunction]
fn labels(py: Python<'_>) -> PyResult<PyDataFrame> {
    guard(py, ingest::labels::labels).map(PyDataFrame)
}

#[pyfunction]
#[pyo3(signature = (data, region_code, channel, first, last, bank = None, year_start = "01-01", regions = None, additive = None))]
#[allow(clippy::too_many_arguments)]
fn explain(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    region_code: String,
    channel: &str,
    first: i32,
    last: i32,
    bank: Option<String>,
    year_start: &str,
    regions: Option<&Bound<'_, PyAny>>,
    additive: Option<Vec<String>>,
) -> PyResult<PyDataFrame> {
    let data = frame(data, "data")?;
    let regions = regions.map(|r| frame(r, "regions")).transpose()?;
    guard(py, || {
        let mut o = lineage::ExplainOptions {
            year_start: year_start.parse::<YearStart>()?,
            regions: regions.as_ref().map(Regions::from_frame).transpose()?,
            ..Default::default()
        };
        if let Some(labels) = additive {
            o.additive = channels(&labels)?;
        }
        let figure = lineage::Figure {
            region_code,
            channel: Channel::parse(channel)?,
            years: (first, last),
            bank,
        };
        lineage::explain(&data, &figure, &o)
    })
    .map(PyDataFrame)
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(labels, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    Ok(())
}
