//! The library's errors as Python exceptions, by kind (as polars maps its own: schema and
//! compute errors caused by the input are the input's), and the guard every call runs in.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3_polars::PyDataFrame;

use crate::{Error, Location};

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

/// Adds the exception classes to the module, each with the attributes the stub declares.
pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
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
    Ok(())
}
