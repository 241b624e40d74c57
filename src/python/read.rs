//! What a read returns to Python, whole: [`PyLedger`] (the ledger with its findings in both
//! languages), [`PyRead`] (the kept rows and the ledger) and [`PyAggregated`] (a read of raw
//! records, with every rejected record). The classes are Rust's, so a read passed back to
//! `report` is the same ledger, not a table rebuilt into one.

use std::sync::OnceLock;

use polars::prelude::DataFrame;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use pyo3_polars::PyDataFrame;

use super::{frame, guard};
use crate::ingest::ledger::{Ledger, Severity};
use crate::lang::{language, Lang};

/// A read's ledger, whole: its counts and its findings, each finding in both languages until
/// it is shown (`frame()` in the language of messages, a report in its own).
#[pyclass(name = "Ledger", module = "cashless._cashless", frozen)]
pub(super) struct PyLedger(pub(super) Ledger);

#[pymethods]
impl PyLedger {
    /// An empty ledger: nothing read.
    #[new]
    fn new() -> Self {
        Self(Ledger::default())
    }

    #[getter]
    fn rows_read(&self) -> usize {
        self.0.rows_read
    }

    #[getter]
    fn rows_kept(&self) -> usize {
        self.0.rows_kept
    }

    #[getter]
    fn rows_rejected(&self) -> usize {
        self.0.rows_rejected
    }

    #[getter]
    fn rows_skipped(&self) -> usize {
        self.0.rows_skipped
    }

    #[getter]
    fn records(&self) -> usize {
        self.0.records
    }

    /// The findings as a table, the messages in `lang` (default: the language of messages).
    #[pyo3(signature = (lang = None))]
    fn frame(&self, py: Python<'_>, lang: Option<&str>) -> PyResult<PyDataFrame> {
        guard(py, || {
            let lang = match lang {
                Some(l) => l.parse::<Lang>()?,
                None => language(),
            };
            self.0.to_frame_in(lang)
        })
        .map(PyDataFrame)
    }

    /// The counts in one line, in the language of messages.
    fn summary(&self) -> String {
        self.0.to_string()
    }

    fn __len__(&self) -> usize {
        self.0.entries.len()
    }

    fn __repr__(&self) -> String {
        format!("<Ledger {}>", self.0)
    }
}

/// What `cashless.read` returns.
///
/// `data`: `region_code, period, channel, count, value[, bank], source, sheet, source_row`,
/// every kept record in the order of the files and rows (the other functions ignore the last
/// three columns). `ledger`: every finding, one row each, with `severity` `error` (the row
/// was rejected), `warning` (kept, but looks wrong) or `info` (left out on purpose: an empty
/// row, a total row, a notes sheet). The counts:
/// `rows_read == rows_kept + rows_rejected + rows_skipped`.
///
/// >>> import polars as pl, cashless
/// >>> r = cashless.Read(pl.DataFrame(), cashless._cashless.Ledger())
/// >>> r.summary(), r.rows_read, r.ledger.columns[:2]
/// ('0 rows read: 0 kept, 0 rejected, 0 skipped; 0 errors, 0 warnings', 0, ['severity', 'check'])
#[pyclass(name = "Read", module = "cashless._cashless", frozen, subclass)]
pub(super) struct PyRead {
    /// The kept rows, the Python object itself, so `r.data is r.data`.
    data: Py<PyAny>,
    /// The ledger whole; a report in another language shows its findings in its own.
    findings: Py<PyLedger>,
    /// The ledger's table in each language asked for, built once: a loop over `errors` does
    /// not rebuild it.
    frames: [OnceLock<Py<PyAny>>; 2],
}

impl PyRead {
    /// A read of `data` with `ledger`, the frame handed over to Python once.
    pub(super) fn new(py: Python<'_>, data: DataFrame, ledger: Ledger) -> PyResult<Self> {
        Ok(Self {
            data: PyDataFrame(data).into_pyobject(py)?.unbind(),
            findings: Py::new(py, PyLedger(ledger))?,
            frames: Default::default(),
        })
    }

    /// The ledger, whole.
    pub(super) fn findings(&self) -> &Ledger {
        &self.findings.get().0
    }

    /// The kept rows as a Rust frame.
    pub(super) fn data_frame(&self, py: Python<'_>) -> PyResult<DataFrame> {
        frame(self.data.bind(py), "data")
    }

    /// The ledger's table in `lang`, built on first use.
    fn ledger_in(&self, py: Python<'_>, lang: Lang) -> PyResult<Py<PyAny>> {
        let slot = &self.frames[lang as usize];
        if let Some(f) = slot.get() {
            return Ok(f.clone_ref(py));
        }
        let built = guard(py, || self.findings().to_frame_in(lang))?;
        let built = PyDataFrame(built).into_pyobject(py)?.unbind();
        Ok(slot.get_or_init(|| built).clone_ref(py))
    }

    /// The findings of the severities `keep` takes, as a table in the language of messages.
    fn ledger_where(
        &self,
        py: Python<'_>,
        keep: impl Fn(Severity) -> bool + Sync,
    ) -> PyResult<Py<PyAny>> {
        let shown = guard(py, || self.findings().to_frame_of(language(), &keep))?;
        Ok(PyDataFrame(shown).into_pyobject(py)?.unbind())
    }
}

#[pymethods]
impl PyRead {
    /// A read of `data` (a `polars.DataFrame`) with `ledger`.
    #[new]
    fn py_new(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        ledger: PyRef<'_, PyLedger>,
    ) -> PyResult<Self> {
        Self::new(py, frame(data, "data")?, ledger.0.clone())
    }

    /// The kept rows.
    #[getter]
    fn data(&self, py: Python<'_>) -> Py<PyAny> {
        self.data.clone_ref(py)
    }

    /// Every finding, one row each, the messages in the language of messages.
    #[getter]
    fn ledger(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.ledger_in(py, language())
    }

    /// The ledger's errors: the rejected rows and why.
    #[getter]
    fn errors(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.ledger_where(py, |s| s == Severity::Error)
    }

    /// The ledger's warnings: rows kept that look wrong.
    #[getter]
    fn warnings(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.ledger_where(py, |s| s == Severity::Warning)
    }

    /// Data rows under the header(s), every file and sheet together.
    #[getter]
    fn rows_read(&self) -> usize {
        self.findings().rows_read
    }

    /// Rows whose every figure is in `data`.
    #[getter]
    fn rows_kept(&self) -> usize {
        self.findings().rows_kept
    }

    /// Rows left out because of an error (each has an error in the ledger).
    #[getter]
    fn rows_rejected(&self) -> usize {
        self.findings().rows_rejected
    }

    /// Rows left out on purpose: empty rows, total rows, notes (each has an info entry).
    #[getter]
    fn rows_skipped(&self) -> usize {
        self.findings().rows_skipped
    }

    /// Records in `data`.
    #[getter]
    fn records(&self) -> usize {
        self.findings().records
    }

    /// One line: rows read, kept, rejected, skipped; errors and warnings, in the language of
    /// messages.
    fn summary(&self) -> String {
        self.findings().to_string()
    }

    /// The input rows behind a result row; see `cashless.explain`.
    #[pyo3(signature = (row, **options))]
    fn explain<'py>(
        slf: &Bound<'py, Self>,
        row: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // One implementation of a row's lineage: the module function, guarded as `cashless` exports it.
        let explain = slf.py().import("cashless")?.getattr("explain")?;
        explain.call(PyTuple::new(slf.py(), [slf.as_any(), row])?, options)
    }

    fn __repr__(&self) -> String {
        format!("<Read {}>", self.summary())
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        let summary = py
            .import("html")?
            .call_method1("escape", (self.summary(),))?;
        let mut out = format!("<p><b>{summary}</b></p>");
        let shown = self.ledger_where(py, |s| s != Severity::Info)?;
        let shown = shown.bind(py);
        if shown.getattr("height")?.extract::<usize>()? > 0 {
            out.push_str(&shown.call_method0("_repr_html_")?.extract::<String>()?);
        }
        Ok(out)
    }
}

/// What `cashless.aggregate_transactions` returns: a `Read` whose `data` is the canonical
/// monthly table (`region_code, period, channel, count, value[, bank]`, sorted by key), plus
/// `rejected`.
///
/// The ledger counts records: `rows_read == rows_kept + rows_rejected + rows_skipped`
/// (skipped: the other side of each payment when a side was chosen). It lists the first
/// `examples` rejected records of each check; `rejected` has every one, with
/// `source, row, check, value, record`.
///
/// >>> import polars as pl, cashless
/// >>> raw = pl.DataFrame({"date": ["2024-03-01", "x"], "channel": "pos", "amount": [10, 5],
/// ...                     "region_code": "38"})
/// >>> out = cashless.aggregate_transactions(raw, keep_going=True)
/// >>> isinstance(out, cashless.Read), out.rejected["check"].to_list()
/// (True, ['bad_time'])
#[pyclass(name = "Aggregated", module = "cashless._cashless", extends = PyRead, frozen)]
pub(super) struct PyAggregated {
    rejected: Py<PyAny>,
}

impl PyAggregated {
    /// The aggregation's result as its Python class.
    pub(super) fn new(
        py: Python<'_>,
        data: DataFrame,
        ledger: Ledger,
        rejected: DataFrame,
    ) -> PyResult<Py<Self>> {
        let read = PyRead::new(py, data, ledger)?;
        let rejected = PyDataFrame(rejected).into_pyobject(py)?.unbind();
        Py::new(
            py,
            PyClassInitializer::from(read).add_subclass(Self { rejected }),
        )
    }
}

#[pymethods]
impl PyAggregated {
    /// Every rejected record: `source, row, check, value, record`.
    #[getter]
    fn rejected(&self, py: Python<'_>) -> Py<PyAny> {
        self.rejected.clone_ref(py)
    }
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyLedger>()?;
    m.add_class::<PyRead>()?;
    m.add_class::<PyAggregated>()?;
    Ok(())
}
