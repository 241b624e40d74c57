//! Bindings of [`crate::report`]: build a report, read its parts, save its files.

use std::path::PathBuf;

use polars::prelude::*;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use pyo3_polars::PyDataFrame;

use super::read::PyRead;
use super::{frame, guard};

use crate::error::Result;
use crate::ingest::ReadOptions;
use crate::report::{self as rep, Cell, Lang, ReportInput, ReportOptions, Table};
use crate::Regions;

/// A computed report (`cashless.Report` wraps it).
#[pyclass(name = "NativeReport", module = "cashless._cashless", frozen)]
struct NativeReport(rep::Report);

#[pymethods]
impl NativeReport {
    #[getter]
    fn title(&self) -> String {
        self.0.title.clone()
    }

    #[getter]
    fn file_stem(&self) -> String {
        self.0.file_stem()
    }

    /// `(id, title, paragraphs, [table titles], [(chart name, title, svg, png)])` per section.
    #[allow(clippy::type_complexity)]
    fn sections<'py>(
        &self,
        py: Python<'py>,
    ) -> Vec<(
        String,
        String,
        Vec<String>,
        Vec<String>,
        Vec<(String, String, String, Bound<'py, PyBytes>)>,
    )> {
        self.0
            .sections
            .iter()
            .map(|s| {
                (
                    s.id.to_string(),
                    s.title.clone(),
                    s.paragraphs.clone(),
                    s.tables.iter().map(|t| t.title.clone()).collect(),
                    s.charts
                        .iter()
                        .map(|c| {
                            let png = PyBytes::new(py, &c.png);
                            (c.name.clone(), c.title.clone(), c.svg.clone(), png)
                        })
                        .collect(),
                )
            })
            .collect()
    }

    /// Table `index` of section `id` as a DataFrame: figures as numbers, text as text.
    fn table(&self, py: Python<'_>, id: &str, index: usize) -> PyResult<PyDataFrame> {
        let lang = self.0.lang;
        guard(py, || {
            let table = self
                .0
                .section(id)
                .and_then(|s| s.tables.get(index))
                .ok_or_else(|| {
                    crate::error::invalid_argument(crate::say!(
                        format!("phần {id:?} không có bảng {index}"),
                        format!("no table {index} in section {id:?}"),
                    ))
                })?;
            table_frame(table, lang)
        })
        .map(PyDataFrame)
    }

    fn table_html(&self, py: Python<'_>, id: &str, index: usize) -> PyResult<String> {
        guard(py, || self.0.table_html(id, index))
    }

    fn html(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || self.0.html())
    }

    fn html_fragment(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || self.0.html_fragment())
    }

    fn markdown(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || self.0.markdown())
    }

    fn xlsx<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = guard(py, || self.0.xlsx())?;
        Ok(PyBytes::new(py, &bytes))
    }

    fn docx<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = guard(py, || self.0.docx())?;
        Ok(PyBytes::new(py, &bytes))
    }

    fn save(&self, py: Python<'_>, dir: PathBuf) -> PyResult<Vec<PathBuf>> {
        guard(py, || self.0.save(&dir))
    }
}

/// A column is numeric when every cell is a number or empty; otherwise it is the printed text.
fn table_frame(t: &Table, lang: Lang) -> Result<DataFrame> {
    let mut columns = Vec::with_capacity(t.columns.len());
    let mut seen = std::collections::BTreeSet::new();
    for (j, name) in t.columns.iter().enumerate() {
        let cells: Vec<&Cell> = t.rows.iter().map(|r| &r[j]).collect();
        // Column names must be unique in a DataFrame.
        let mut name = name.clone();
        while !seen.insert(name.clone()) {
            name.push('\'');
        }
        let whole = cells
            .iter()
            .all(|c| matches!(c, Cell::Int(_) | Cell::Year(_) | Cell::Empty));
        let number = cells.iter().all(|c| {
            matches!(
                c,
                Cell::Int(_)
                    | Cell::Year(_)
                    | Cell::Empty
                    | Cell::Billions(_)
                    | Cell::Percent(_)
                    | Cell::Points(_)
            )
        });
        let any = cells.iter().any(|c| !matches!(c, Cell::Empty));
        let column = if any && whole {
            let v: Vec<Option<i64>> = cells
                .iter()
                .map(|c| match c {
                    Cell::Int(n) => Some(*n),
                    Cell::Year(y) => Some(i64::from(*y)),
                    _ => None,
                })
                .collect();
            Column::new(name.into(), v)
        } else if any && number {
            let v: Vec<Option<f64>> = cells
                .iter()
                .map(|c| match c {
                    Cell::Int(n) => Some(*n as f64),
                    Cell::Billions(x) | Cell::Percent(x) | Cell::Points(x) => Some(*x),
                    _ => None,
                })
                .collect();
            Column::new(name.into(), v)
        } else {
            let v: Vec<Option<String>> = cells
                .iter()
                .map(|c| (!matches!(c, Cell::Empty)).then(|| c.display(lang)))
                .collect();
            Column::new(name.into(), v)
        };
        columns.push(column);
    }
    Ok(DataFrame::new_infer_height(columns)?)
}

#[pyfunction]
#[pyo3(signature = (catalogue, year, *, sample = false, data = None, read = None,
    paths = None, regions = None, indicators = None, indicators_path = None,
    as_of = None, estimate = None, period = "year", region = None, lang = "vi",
    keep_going = false, letterhead = None))]
#[allow(clippy::too_many_arguments)]
fn report(
    py: Python<'_>,
    catalogue: &super::catalogue::PyCatalogue,
    year: i32,
    sample: bool,
    data: Option<&Bound<'_, PyAny>>,
    read: Option<PyRef<'_, PyRead>>,
    paths: Option<Vec<String>>,
    regions: Option<&Bound<'_, PyAny>>,
    indicators: Option<&Bound<'_, PyAny>>,
    indicators_path: Option<PathBuf>,
    as_of: Option<String>,
    estimate: Option<String>,
    period: &str,
    region: Option<String>,
    lang: &str,
    keep_going: bool,
    letterhead: Option<PathBuf>,
) -> PyResult<NativeReport> {
    let data = data.map(|d| frame(d, "data")).transpose()?;
    // A read brings its ledger whole and its files' names; a bare table has neither.
    let read = match read {
        Some(r) => Some(crate::ingest::Read {
            data: r.data_frame(py)?,
            ledger: r.findings().clone(),
        }),
        None => None,
    };
    let regions = regions.map(|r| frame(r, "regions")).transpose()?;
    let indicators = indicators.map(|i| frame(i, "indicators")).transpose()?;
    let catalogue = std::sync::Arc::clone(&catalogue.0);
    guard(py, || {
        let regions = regions.as_ref().map(Regions::from_frame).transpose()?;
        let mut input = match (sample, data, read, paths) {
            (true, None, None, None) => ReportInput::sample()?,
            (false, Some(df), None, None) => ReportInput::from_table(df),
            (false, None, Some(read), None) => ReportInput::from_read(read)?,
            (false, None, None, Some(args)) => {
                let (paths, file_banks) = crate::ingest::bank_files(&args);
                let read = ReadOptions {
                    regions: regions.clone(),
                    file_banks,
                    keep_going,
                    ..Default::default()
                };
                ReportInput::read(&paths, &read)?
            }
            _ => {
                return Err(crate::error::invalid_argument(crate::say!(
                    "cần một trong ba: sample=True, một bảng, hoặc các tệp".into(),
                    "give one of: sample=True, a table, or files".into(),
                )))
            }
        };
        if regions.is_some() {
            input.regions = regions;
        }
        if let Some(df) = indicators {
            input.indicators = Some(df);
        }
        if let Some(path) = &indicators_path {
            let regions = input.regions.as_ref();
            input.indicators = Some(crate::ingest::indicator_table::read_indicators(
                path, regions,
            )?);
        }
        let options = ReportOptions {
            year,
            as_of: as_of
                .as_deref()
                .map(crate::calendar::parse_day)
                .transpose()?,
            region,
            lang: lang.parse()?,
            estimate: estimate.as_deref().map(str::parse).transpose()?,
            period: period.parse()?,
            letterhead: letterhead
                .as_deref()
                .map(rep::Letterhead::load)
                .transpose()?
                .unwrap_or_default(),
        };
        rep::report(&input, &catalogue, &options)
    })
    .map(NativeReport)
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeReport>()?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    Ok(())
}
