//! The Python module `cashless._cashless`: converts arguments, calls the library, maps errors.
//!
//! Nothing is computed here. Every call runs inside [`guard`], so that no Rust panic reaches
//! Python as `PanicException` (which `except Exception` does not catch): a panic becomes
//! `cashless.InternalError`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use polars::prelude::DataFrame;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3_polars::PyDataFrame;

mod catalogue;
mod ingest;
mod report;
mod scale;

// Rust's default allocator here is glibc's malloc, whose per-thread arenas keep what polars'
// threads free: 100 million raw records peaked at 0.78 GB of anonymous memory with it and
// 0.33 GB with jemalloc. This relays every allocation to the allocator of the Python polars
// package (jemalloc on Linux), so no second allocator is compiled in; outside Python (the
// Rust tests) it falls back to the system allocator. Rust users choose their own.
#[global_allocator]
static ALLOCATOR: pyo3_polars::PolarsAllocator = pyo3_polars::PolarsAllocator::new();

use crate::{
    catalogue as cat, growth as g, sample, table, AggregateOptions, AttainmentOptions, Channel,
    Crosswalk, Error, Frequency, Level, Location, Method, Regions, YearStart,
};

create_exception!(
    cashless,
    CashlessError,
    PyException,
    "Base class of every error raised by cashless."
);
create_exception!(
    cashless,
    InputError,
    CashlessError,
    "Input data that cannot be used; `source`, `row`, `column` and `value` say where."
);
create_exception!(
    cashless,
    UnknownChannelError,
    InputError,
    "A channel label that no alias matches."
);
create_exception!(
    cashless,
    UnknownRegionError,
    InputError,
    "A region code that is not known."
);
create_exception!(
    cashless,
    CatalogueError,
    InputError,
    "A target catalogue that cannot be used; `source`, `line` and `key` say where."
);
create_exception!(
    cashless,
    IngestError,
    InputError,
    "A read whose ledger has errors; `ledger` holds every finding, the location is the first error's."
);
create_exception!(
    cashless,
    ArgumentError,
    CashlessError,
    "An argument outside its domain."
);
create_exception!(
    cashless,
    InternalError,
    CashlessError,
    "A fault inside cashless: please report it."
);

fn set_location(py: Python<'_>, err: &PyErr, location: Option<&Location>) {
    let value = err.value(py);
    let (source, row, column, raw) = match location {
        Some(l) => (
            Some(l.source.as_str()),
            Some(l.row),
            Some(l.column.as_str()),
            Some(l.value.as_str()),
        ),
        None => (None, None, None, None),
    };
    // Attribute assignment on a fresh exception instance cannot fail in practice; if it did,
    // the message still carries the same information.
    let _ = value.setattr("source", source);
    let _ = value.setattr("row", row);
    let _ = value.setattr("column", column);
    let _ = value.setattr("value", raw);
}

fn to_py(err: Error) -> PyErr {
    let message = err.to_string();
    Python::attach(|py| {
        let (e, location) = match &err {
            Error::InvalidValue { location, .. } => {
                (InputError::new_err(message), Some(&**location))
            }
            Error::UnknownChannel { location, .. } => {
                (UnknownChannelError::new_err(message), location.as_deref())
            }
            Error::UnknownRegion { location, .. } => {
                (UnknownRegionError::new_err(message), location.as_deref())
            }
            Error::MissingColumn { .. } | Error::ColumnType { .. } => {
                (InputError::new_err(message), None)
            }
            Error::Rejected(ledger) => {
                let e = IngestError::new_err(message);
                let errors = || {
                    ledger
                        .entries
                        .iter()
                        .filter(|x| x.severity == crate::ingest::ledger::Severity::Error)
                };
                // A row to go to beats a summary line (transaction input counts first, then lists).
                let first = errors()
                    .find(|x| x.row.is_some())
                    .or_else(|| errors().next());
                let location = first.map(|x| {
                    Location::new(
                        x.source.as_str(),
                        x.row.unwrap_or(0),
                        x.column.as_str(),
                        x.value.as_str(),
                    )
                });
                set_location(py, &e, location.as_ref());
                let _ = e
                    .value(py)
                    .setattr("sheet", first.and_then(|x| x.sheet.as_deref()));
                if let Ok(df) = ledger.to_frame() {
                    let _ = e.value(py).setattr("ledger", PyDataFrame(df));
                }
                return e;
            }
            Error::InvalidArgument(_) => (ArgumentError::new_err(message), None),
            // polars' errors by kind, as polars maps them: what the input caused (a column
            // missing or of another type, a value that does not convert) is the input's error.
            Error::Polars(p) if caused_by_input(p) => (InputError::new_err(message), None),
            Error::Polars(_) | Error::Internal(_) => (InternalError::new_err(message), None),
            Error::Catalogue {
                source_name,
                line,
                key,
                ..
            } => {
                let e = CatalogueError::new_err(message);
                set_location(py, &e, None);
                let value = e.value(py);
                let _ = value.setattr("source", source_name);
                let _ = value.setattr("line", *line);
                let _ = value.setattr("key", key.as_deref());
                return e;
            }
        };
        set_location(py, &e, location);
        e
    })
}

fn caused_by_input(e: &polars::prelude::PolarsError) -> bool {
    use polars::prelude::PolarsError as P;
    match e {
        P::Context { error, .. } | P::ExprContext { error, .. } => caused_by_input(error),
        P::ColumnNotFound(_)
        | P::ComputeError(_)
        | P::Duplicate(_)
        | P::InvalidOperation(_)
        | P::IO { .. }
        | P::NoData(_)
        | P::OutOfBounds(_)
        | P::SchemaFieldNotFound(_)
        | P::SchemaMismatch(_)
        | P::ShapeMismatch(_)
        | P::SQLInterface(_)
        | P::SQLSyntax(_)
        | P::StructFieldNotFound(_) => true,
        _ => false,
    }
}

/// Runs `f`, turning library errors into the library's exceptions and panics into
/// `InternalError`. The GIL is released meanwhile: the work is pure Rust.
pub(crate) fn guard<T: Send>(
    py: Python<'_>,
    f: impl FnOnce() -> crate::Result<T> + Send,
) -> PyResult<T> {
    match py.detach(|| catch_unwind(AssertUnwindSafe(f))) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_py(e)),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            Err(InternalError::new_err(
                crate::say!(
                    format!("lỗi bên trong cashless (xin báo cho người phát triển): {what}"),
                    format!("internal error in cashless (please report it): {what}"),
                )
                .to_string(),
            ))
        }
    }
}

pub(crate) fn frame(obj: &Bound<'_, PyAny>, argument: &str) -> PyResult<DataFrame> {
    match catch_unwind(AssertUnwindSafe(|| obj.extract::<PyDataFrame>())) {
        Ok(Ok(df)) => Ok(df.into()),
        Ok(Err(_)) => Err(ArgumentError::new_err(format!(
            "`{argument}` must be a polars.DataFrame, got {}",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "?".into())
        ))),
        Err(_) => Err(InputError::new_err(format!(
            "`{argument}`: this DataFrame has a column type cashless cannot read; cast \
             Categorical, Enum, Decimal and nested columns to String or integers first"
        ))),
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
    let py = m.py();
    m.add("CashlessError", py.get_type::<CashlessError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("UnknownChannelError", py.get_type::<UnknownChannelError>())?;
    m.add("UnknownRegionError", py.get_type::<UnknownRegionError>())?;
    m.add("CatalogueError", py.get_type::<CatalogueError>())?;
    m.add("IngestError", py.get_type::<IngestError>())?;
    m.add("ArgumentError", py.get_type::<ArgumentError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    // Where an input error is, on the class as `None` so that every instance has the
    // attributes the stub declares, set on the instance by `to_py`.
    for (class, names) in [
        (
            py.get_type::<InputError>(),
            &["source", "row", "column", "value"][..],
        ),
        (py.get_type::<CatalogueError>(), &["line", "key"][..]),
        (py.get_type::<IngestError>(), &["sheet", "ledger"][..]),
    ] {
        for name in names {
            class.setattr(*name, py.None())?;
        }
    }
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
    report::register(m)?;
    scale::register(m)?;
    Ok(())
}
