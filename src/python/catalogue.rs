//! A plan's catalogue, parsed once and held whole by Python: `attainment`, `report` and
//! `agency_forms` take it as it is, where they took its TOML text and parsed it again.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3_polars::PyDataFrame;

use super::guard;
use crate::catalogue::Catalogue;

/// A catalogue of targets, as parsed from its TOML (and the catalogues it extends).
#[pyclass(name = "Catalogue", module = "cashless._cashless", frozen)]
pub(super) struct PyCatalogue(pub(super) Arc<Catalogue>);

#[pymethods]
impl PyCatalogue {
    /// The catalogue in `text`; `origin` names it in errors, `base_dir` resolves a relative
    /// `extends`.
    #[staticmethod]
    #[pyo3(signature = (text, origin, base_dir = None))]
    fn parse(
        py: Python<'_>,
        text: &str,
        origin: &str,
        base_dir: Option<std::path::PathBuf>,
    ) -> PyResult<Self> {
        let c = guard(py, || {
            Catalogue::from_toml(text, origin, base_dir.as_deref())
        })?;
        Ok(Self(Arc::new(c)))
    }

    /// The plan's document, stage, reporting calendar and glossary, by name.
    fn meta<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let c = &self.0;
        let d = PyDict::new(py);
        d.set_item("id", &c.id)?;
        d.set_item("title_vi", &c.title_vi)?;
        d.set_item("title_en", &c.title_en)?;
        d.set_item("note", &c.note)?;
        d.set_item("number", &c.document.number)?;
        d.set_item("date", &c.document.date)?;
        d.set_item("issuer", &c.document.issuer)?;
        d.set_item("extends", &c.extends)?;
        d.set_item("level", c.level.name())?;
        d.set_item("stage", (c.stage.start, c.stage.end))?;
        d.set_item("year_start", c.reporting.year_start.to_string())?;
        d.set_item("due", &c.reporting.due)?;
        d.set_item("final_due", &c.reporting.final_due)?;
        d.set_item("final_data_to", &c.reporting.final_data_to)?;
        d.set_item("required_indicators", c.required_indicators())?;
        let terms: Vec<(String, String, String, String)> = crate::glossary::with(&c.glossary)
            .into_iter()
            .map(|t| (t.vi, t.en, t.meaning_vi, t.meaning_en))
            .collect();
        d.set_item("glossary", terms)?;
        Ok(d)
    }

    /// The targets as a table, one row each.
    fn targets(&self, py: Python<'_>) -> PyResult<PyDataFrame> {
        let c = Arc::clone(&self.0);
        guard(py, || c.to_frame()).map(PyDataFrame)
    }
}
