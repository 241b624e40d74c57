//! The Python module `cashless._cashless`: converts arguments, calls the library, maps errors.
//!
//! Nothing is computed here. Every call runs inside [`guard`] (in `error.rs`, with the mapping
//! of errors to exceptions), so that no Rust panic reaches
//! Python as `PanicException` (which `except Exception` does not catch): a panic becomes
//! `cashless.InternalError`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use polars::prelude::DataFrame;
use pyo3::prelude::*;
use pyo3_polars::PyDataFrame;

mod catalogue;
mod error;
mod ingest;
mod read;
mod report;
mod scale;

pub(crate) use error::guard;
use error::{ArgumentError, InputError};

// Rust's default allocator here is glibc's malloc, whose per-thread arenas keep what polars'
// threads free: 100 million raw records peaked at 0.78 GB of anonymous memory with it and
// 0.33 GB with jemalloc. This relays every allocation to the allocator of the Python polars
// package (jemalloc on Linux), so no second allocator is compiled in; outside Python (the
// Rust tests) it falls back to the system allocator. Rust users choose their own.
#[global_allocator]
static ALLOCATOR: pyo3_polars::PolarsAllocator = pyo3_polars::PolarsAllocator::new();

use crate::{
    catalogue as cat, growth as g, sample, table, AggregateOptions, AttainmentOptions, Channel,
    Crosswalk, Frequency, Level, Method, Regions, YearStart,
};

/// A polars DataFrame given from Python; an argument of another type, or a frame with a
/// column type the engine cannot read, is refused by name.
pub(crate) fn frame(obj: &Bound<'_, PyAny>, argument: &str) -> PyResult<DataFrame> {
    match catch_unwind(AssertUnwindSafe(|| obj.extract::<PyDataFrame>())) {
        Ok(Ok(df)) => Ok(df.into()),
        Ok(Err(_)) => {
            let kind = obj
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "?".into());
            Err(ArgumentError::new_err(
                crate::say!(
                    format!("`{argument}` phải là một polars.DataFrame, không phải {kind}"),
                    format!("`{argument}` must be a polars.DataFrame, got {kind}"),
                )
                .to_string(),
            ))
        }
        Err(_) => Err(InputError::new_err(
            crate::say!(
                format!(
                    "`{argument}`: bảng có một cột kiểu mà cashless không đọc được; hãy đổi các \
                     cột Categorical, Enum, Decimal và lồng nhau sang String hoặc số nguyên trước"
                ),
                format!(
                    "`{argument}`: this DataFrame has a column type cashless cannot read; cast \
                     Categorical, Enum, Decimal and nested columns to String or integers first"
                ),
            )
            .to_string(),
        )),
    }
}

/// Channel labels from Python (the `additive` arguments), each parsed or refused by name.
pub(crate) fn channels(labels: &[String]) -> crate::Result<Vec<Channel>> {
    labels.iter().map(|l| Channel::parse(l)).collect()
}

fn options(
    year_start: &str,
    derive_all: bool,
    additive: Option<Vec<String>>,
) -> crate::Result<AggregateOptions> {
    let mut o = AggregateOptions {
        year_start: year_start.parse::<YearStart>()?,
        derive_all,
        ..Default::default()
    };
    if let Some(labels) = additive {
        o.additive = channels(&labels)?;
    }
    Ok(o)
}

#[pyfunction]
fn version() -> &'static str {
    crate::version()
}

#[pyfunction]
fn sample_data(py: Python<'_>) -> PyResult<PyDataFrame> {
    guard(py, sample::sample_data).map(PyDataFrame)
}

#[pyfunction]
fn sample_regions(py: Python<'_>) -> PyResult<PyDataFrame> {
    guard(py, || sample::sample_regions().to_frame()).map(PyDataFrame)
}

#[pyfunction]
fn sample_crosswalk(py: Python<'_>) -> PyResult<PyDataFrame> {
    guard(py, || sample::sample_crosswalk()?.to_frame()).map(PyDataFrame)
}

#[pyfunction]
fn parse_channel(py: Python<'_>, label: String) -> PyResult<&'static str> {
    guard(py, || Channel::parse(&label).map(Channel::name))
}

/// The name of a ledger check (`not_a_number`) in the language of messages; the code itself
/// when no check has it.
#[pyfunction]
fn check_label(code: &str) -> String {
    crate::ingest::findings::Finding::from_code(code).map_or(code.to_string(), |f| {
        f.label(crate::lang::language()).to_string()
    })
}

#[pyfunction]
fn channel_table() -> Vec<(&'static str, bool)> {
    crate::channels::ALL_CHANNELS
        .iter()
        .map(|c| (c.name(), c.is_additive()))
        .collect()
}

#[pyfunction]
#[pyo3(signature = (tx, source = "DataFrame"))]
fn canonical(py: Python<'_>, tx: &Bound<'_, PyAny>, source: &str) -> PyResult<PyDataFrame> {
    let tx = frame(tx, "tx")?;
    guard(py, || table::canonical(&tx, source)).map(PyDataFrame)
}

#[pyfunction]
#[pyo3(signature = (tx, year_start = "01-01", derive_all = true, additive = None))]
fn annual(
    py: Python<'_>,
    tx: &Bound<'_, PyAny>,
    year_start: &str,
    derive_all: bool,
    additive: Option<Vec<String>>,
) -> PyResult<PyDataFrame> {
    let tx = frame(tx, "tx")?;
    guard(py, || {
        crate::annual(&tx, &options(year_start, derive_all, additive)?)
    })
    .map(PyDataFrame)
}

#[pyfunction]
#[pyo3(signature = (tx, frequency, year_start = "01-01", derive_all = true, additive = None))]
fn by_period(
    py: Python<'_>,
    tx: &Bound<'_, PyAny>,
    frequency: &str,
    year_start: &str,
    derive_all: bool,
    additive: Option<Vec<String>>,
) -> PyResult<PyDataFrame> {
    let tx = frame(tx, "tx")?;
    guard(py, || {
        let f: Frequency = frequency.parse()?;
        crate::by_period(&tx, f, &options(year_start, derive_all, additive)?)
    })
    .map(PyDataFrame)
}

#[pyfunction]
#[pyo3(signature = (tx, additive = None))]
fn with_all(
    py: Python<'_>,
    tx: &Bound<'_, PyAny>,
    additive: Option<Vec<String>>,
) -> PyResult<PyDataFrame> {
    let tx = frame(tx, "tx")?;
    guard(py, || {
        let o = options("01-01", true, additive)?;
        crate::with_all(&tx, &o.additive)
    })
    .map(PyDataFrame)
}

#[pyfunction]
#[pyo3(signature = (annual, allow_partial = false))]
fn growth(py: Python<'_>, annual: &Bound<'_, PyAny>, allow_partial: bool) -> PyResult<PyDataFrame> {
    let annual = frame(annual, "annual")?;
    guard(py, || crate::growth(&annual, allow_partial)).map(PyDataFrame)
}

#[pyfunction]
#[pyo3(signature = (annual, start, end, method = "geometric"))]
fn average_growth(
    py: Python<'_>,
    annual: &Bound<'_, PyAny>,
    start: i32,
    end: i32,
    method: &str,
) -> PyResult<PyDataFrame> {
    let annual = frame(annual, "annual")?;
    guard(py, || {
        crate::average_growth(&annual, start, end, method.parse::<Method>()?)
    })
    .map(PyDataFrame)
}

#[pyfunction]
#[pyo3(signature = (rates, method = "geometric"))]
fn average_growth_from_rates(py: Python<'_>, rates: Vec<f64>, method: &str) -> PyResult<f64> {
    guard(py, || g::average_growth_from_rates(&rates, method.parse()?))
}

#[pyfunction]
#[pyo3(signature = (tx, year, through_month, year_start = "01-01", derive_all = true, additive = None))]
fn same_period_growth(
    py: Python<'_>,
    tx: &Bound<'_, PyAny>,
    year: i32,
    through_month: u32,
    year_start: &str,
    derive_all: bool,
    additive: Option<Vec<String>>,
) -> PyResult<PyDataFrame> {
    let tx = frame(tx, "tx")?;
    guard(py, || {
        crate::same_period_growth(
            &tx,
            year,
            through_month,
            &options(year_start, derive_all, additive)?,
        )
    })
    .map(PyDataFrame)
}

#[pyfunction]
#[pyo3(signature = (tx, year, method = "same_period", min_months = 6, year_start = "01-01", derive_all = true, additive = None))]
#[allow(clippy::too_many_arguments)]
fn estimate_year(
    py: Python<'_>,
    tx: &Bound<'_, PyAny>,
    year: i32,
    method: &str,
    min_months: u32,
    year_start: &str,
    derive_all: bool,
    additive: Option<Vec<String>>,
) -> PyResult<PyDataFrame> {
    let tx = frame(tx, "tx")?;
    guard(py, || {
        crate::estimate_year(
            &tx,
            year,
            method.parse()?,
            min_months,
            &options(year_start, derive_all, additive)?,
        )
    })
    .map(PyDataFrame)
}

#[pyfunction]
fn required_growth_to_level(
    py: Python<'_>,
    current: f64,
    from_year: i32,
    level: f64,
    to_year: i32,
) -> PyResult<f64> {
    guard(py, || {
        g::required_growth_to_level(current, from_year, level, to_year)
    })
}

#[pyfunction]
fn required_growth_for_average(
    py: Python<'_>,
    lo: f64,
    n: u32,
    realised: Vec<f64>,
) -> PyResult<f64> {
    guard(py, || g::required_growth_for_average(lo, n, &realised))
}

#[pyfunction]
fn set_language(py: Python<'_>, lang: &str) -> PyResult<()> {
    let lang: crate::lang::Lang = guard(py, || Ok(lang.parse()?))?;
    crate::lang::set_language(lang);
    Ok(())
}

/// `cashless ARGS...`: the crate's command line, run in this process; its exit status, what it
/// printed and its errors (the console script writes them out).
#[pyfunction]
fn run_command(py: Python<'_>, args: Vec<String>) -> PyResult<(u8, String, String)> {
    guard(py, || {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = crate::cli::run(&args, &mut out, &mut err);
        let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
        Ok((status, text(out), text(err)))
    })
}

/// The headline of a Python `Attainment`, in the language of messages: the catalogue, the
/// year, how many verdicts on how many targets in how many units, and the statuses counted.
#[pyfunction]
fn attainment_headline(
    catalogue: &str,
    year: i32,
    targets: usize,
    units: usize,
    statuses: Vec<String>,
) -> String {
    use crate::lang::{language, say};
    let verdicts = statuses.len();
    use crate::Status;
    let tally = Status::tally(
        statuses.iter().filter_map(|s| Status::from_name(s)),
        language(),
    );
    say!(
        format!("{catalogue} đến năm {year}: {verdicts} kết quả đánh giá {targets} chỉ tiêu ở {units} đơn vị: {tally}"),
        format!(
            "{catalogue} as of {year}: {verdicts} verdicts on {targets} targets in {units} unit{}: {tally}",
            if units == 1 { "" } else { "s" }
        ),
    ).to_string()
}

#[pyfunction]
fn language() -> &'static str {
    crate::lang::language().code()
}

#[pyfunction]
fn project(py: Python<'_>, level: f64, average_growth: f64, years_ahead: i32) -> PyResult<f64> {
    guard(py, || g::project(level, average_growth, years_ahead))
}

#[pyfunction]
fn rollup(
    py: Python<'_>,
    tx: &Bound<'_, PyAny>,
    regions: &Bound<'_, PyAny>,
    level: &str,
) -> PyResult<PyDataFrame> {
    let tx = frame(tx, "tx")?;
    let regions = frame(regions, "regions")?;
    guard(py, || {
        let level: Level = level.parse()?;
        crate::rollup(&tx, &Regions::from_frame(&regions)?, level)
    })
    .map(PyDataFrame)
}

#[pyfunction]
fn apply_crosswalk(
    py: Python<'_>,
    tx: &Bound<'_, PyAny>,
    crosswalk: &Bound<'_, PyAny>,
    from_map: &str,
    to_map: &str,
) -> PyResult<PyDataFrame> {
    let tx = frame(tx, "tx")?;
    let cw = frame(crosswalk, "crosswalk")?;
    guard(py, || {
        crate::apply_crosswalk(&tx, &Crosswalk::from_frame(&cw, from_map, to_map)?)
    })
    .map(PyDataFrame)
}

#[pyfunction]
fn load_regions(py: Python<'_>, path: std::path::PathBuf) -> PyResult<PyDataFrame> {
    guard(py, || {
        crate::maps::load(&path.to_string_lossy())?.to_frame()
    })
    .map(PyDataFrame)
}

#[pyfunction]
fn builtin_crosswalk(
    py: Python<'_>,
    from_map: &str,
    to_map: &str,
    level: &str,
) -> PyResult<PyDataFrame> {
    guard(py, || {
        crate::maps::crosswalk(from_map, to_map, level.parse()?)?.to_frame()
    })
    .map(PyDataFrame)
}

#[pyfunction]
fn builtin_maps() -> Vec<&'static str> {
    crate::maps::built_in()
}

/// One agency's form: agency, file name, indicators, rows, the workbook's bytes.
type FormTuple<'py> = (
    String,
    String,
    Vec<String>,
    usize,
    Bound<'py, pyo3::types::PyBytes>,
);

#[pyfunction]
#[pyo3(signature = (catalogue, year, regions, region = None))]
fn agency_forms<'py>(
    py: Python<'py>,
    catalogue: &catalogue::PyCatalogue,
    year: i32,
    regions: &Bound<'py, PyAny>,
    region: Option<String>,
) -> PyResult<Vec<FormTuple<'py>>> {
    let regions = frame(regions, "regions")?;
    let c = std::sync::Arc::clone(&catalogue.0);
    let forms = guard(py, || {
        crate::forms::agency_forms(&c, year, &Regions::from_frame(&regions)?, region.as_deref())
    })?;
    Ok(forms
        .into_iter()
        .map(|f| {
            let bytes = pyo3::types::PyBytes::new(py, &f.bytes);
            (f.agency, f.file_name, f.indicators, f.rows, bytes)
        })
        .collect())
}

#[pyfunction]
fn load_crosswalk(
    py: Python<'_>,
    path: std::path::PathBuf,
    from_map: &str,
    to_map: &str,
) -> PyResult<PyDataFrame> {
    guard(py, || {
        Crosswalk::from_csv(&path, from_map, to_map)?.to_frame()
    })
    .map(PyDataFrame)
}

#[pyfunction]
fn sample_indicators(py: Python<'_>) -> PyResult<PyDataFrame> {
    guard(py, sample::sample_indicators).map(PyDataFrame)
}

#[pyfunction]
fn indicator_list(py: Python<'_>) -> PyResult<PyDataFrame> {
    guard(py, crate::indicators::indicator_list).map(PyDataFrame)
}

#[pyfunction]
fn catalogue_ids() -> Vec<&'static str> {
    cat::builtin_ids()
}

#[pyfunction]
fn catalogue_toml(id: &str) -> Option<&'static str> {
    cat::builtin_toml(id)
}

/// A catalogue's description and its targets table.
#[pyfunction]
#[pyo3(signature = (data, indicators, catalogue, year = None, year_start = None, regions = None, reading = "body", progress = "open_sdg", estimate = "none"))]
#[allow(clippy::too_many_arguments)]
fn attainment(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    indicators: Option<&Bound<'_, PyAny>>,
    catalogue: &catalogue::PyCatalogue,
    year: Option<i32>,
    year_start: Option<&str>,
    regions: Option<&Bound<'_, PyAny>>,
    reading: &str,
    progress: &str,
    estimate: &str,
) -> PyResult<(PyDataFrame, i32)> {
    let data = frame(data, "data")?;
    let indicators = indicators.map(|i| frame(i, "indicators")).transpose()?;
    let regions = regions.map(|r| frame(r, "regions")).transpose()?;
    let c = std::sync::Arc::clone(&catalogue.0);
    guard(py, || {
        // The year judged defaults to the plan's last, as on the command line.
        let year = year.unwrap_or(c.stage.end);
        let options = AttainmentOptions {
            year,
            year_start: year_start.map(str::parse).transpose()?,
            regions: regions.as_ref().map(Regions::from_frame).transpose()?,
            reading: reading.parse()?,
            progress: progress.parse()?,
            estimate: estimate.parse()?,
        };
        Ok((
            PyDataFrame(crate::attainment(&data, indicators.as_ref(), &c, &options)?),
            year,
        ))
    })
}

#[pymodule]
#[pyo3(name = "_cashless")]
fn cashless_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    error::register(m)?;
    m.add("SAMPLE_MAP", sample::SAMPLE_MAP)?;
    m.add("MAP_2025", sample::MAP_2025)?;
    m.add(
        "STATUSES",
        crate::Status::ALL.map(crate::Status::name).to_vec(),
    )?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(sample_data, m)?)?;
    m.add_function(wrap_pyfunction!(sample_regions, m)?)?;
    m.add_function(wrap_pyfunction!(sample_crosswalk, m)?)?;
    m.add_function(wrap_pyfunction!(parse_channel, m)?)?;
    m.add_function(wrap_pyfunction!(check_label, m)?)?;
    m.add_function(wrap_pyfunction!(channel_table, m)?)?;
    m.add_function(wrap_pyfunction!(canonical, m)?)?;
    m.add_function(wrap_pyfunction!(annual, m)?)?;
    m.add_function(wrap_pyfunction!(by_period, m)?)?;
    m.add_function(wrap_pyfunction!(with_all, m)?)?;
    m.add_function(wrap_pyfunction!(growth, m)?)?;
    m.add_function(wrap_pyfunction!(average_growth, m)?)?;
    m.add_function(wrap_pyfunction!(average_growth_from_rates, m)?)?;
    m.add_function(wrap_pyfunction!(same_period_growth, m)?)?;
    m.add_function(wrap_pyfunction!(estimate_year, m)?)?;
    m.add_function(wrap_pyfunction!(required_growth_to_level, m)?)?;
    m.add_function(wrap_pyfunction!(required_growth_for_average, m)?)?;
    m.add_function(wrap_pyfunction!(project, m)?)?;
    m.add_function(wrap_pyfunction!(set_language, m)?)?;
    m.add_function(wrap_pyfunction!(language, m)?)?;
    m.add_function(wrap_pyfunction!(run_command, m)?)?;
    m.add(
        "TRANSACTION_CHECKS",
        crate::transactions::check_names().collect::<Vec<_>>(),
    )?;
    m.add_function(wrap_pyfunction!(rollup, m)?)?;
    m.add_function(wrap_pyfunction!(apply_crosswalk, m)?)?;
    m.add_function(wrap_pyfunction!(load_regions, m)?)?;
    m.add_function(wrap_pyfunction!(load_crosswalk, m)?)?;
    m.add_function(wrap_pyfunction!(builtin_crosswalk, m)?)?;
    m.add_function(wrap_pyfunction!(builtin_maps, m)?)?;
    m.add_function(wrap_pyfunction!(agency_forms, m)?)?;
    m.add_function(wrap_pyfunction!(sample_indicators, m)?)?;
    m.add_function(wrap_pyfunction!(indicator_list, m)?)?;
    m.add_function(wrap_pyfunction!(catalogue_ids, m)?)?;
    m.add_function(wrap_pyfunction!(catalogue_toml, m)?)?;
    m.add_class::<catalogue::PyCatalogue>()?;
    m.add_function(wrap_pyfunction!(attainment, m)?)?;
    m.add_function(wrap_pyfunction!(attainment_headline, m)?)?;
    ingest::register(m)?;
    read::register(m)?;
    report::register(m)?;
    scale::register(m)?;
    Ok(())
}
