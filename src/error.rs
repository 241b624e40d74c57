//! The library's errors.
//!
//! Every error about input data names where the bad value is: the source (a file name, or
//! `DataFrame` for an in-memory table), the row, the column and the value itself, so that an
//! analyst can find it without reading code. Messages are worded when shown, in the
//! language of messages ([`crate::lang::language`]).

use std::fmt;

use polars::prelude::PolarsError;

use crate::lang::{language, say, Lang, Words};

/// Where a bad value sits in the input.
///
/// `row` is the 0-based row index in the table as it was passed in (for a DataFrame, the
/// index `df[row]` returns).
///
/// ```
/// use cashless::Location;
/// use cashless::lang::{in_language, Lang};
/// let at = Location::new("DataFrame", 3, "channel", "Smoke signals");
/// let en = in_language(Lang::En, || at.to_string());
/// assert_eq!(en, "DataFrame, row 3, column `channel`, value \"Smoke signals\"");
/// let vi = in_language(Lang::Vi, || at.to_string());
/// assert_eq!(vi, "DataFrame, dòng 3, cột `channel`, giá trị \"Smoke signals\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// File name, or `DataFrame` for an in-memory table.
    pub source: String,
    /// 0-based row index.
    pub row: usize,
    /// Column name as it appears in the input.
    pub column: String,
    /// The raw value, as text.
    pub value: String,
}

impl Location {
    /// A location from its four parts.
    ///
    /// ```
    /// assert_eq!(cashless::Location::new("a.csv", 2, "count", "-1").row, 2);
    /// ```
    pub fn new(
        source: impl Into<String>,
        row: usize,
        column: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        Self {
            source: source.into(),
            row,
            column: column.into(),
            value: value.into(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (row, column, value) = match language() {
            Lang::Vi => ("dòng", "cột", "giá trị"),
            Lang::En => ("row", "column", "value"),
        };
        write!(
            f,
            "{}, {row} {}, {column} `{}`, {value} {:?}",
            self.source, self.row, self.column, self.value
        )
    }
}

/// Everything that can go wrong in `cashless`.
///
/// ```
/// let e = cashless::Channel::parse("fax").unwrap_err();
/// assert!(matches!(e, cashless::Error::UnknownChannel { .. }));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value in the input that cannot be used, with where it is and why.
    #[error("{location}: {reason}")]
    InvalidValue {
        /// Where the value is (boxed: errors travel in every `Result`, keep them small).
        location: Box<Location>,
        /// Why it cannot be used.
        reason: Words,
    },
    /// A channel label that none of the known aliases match.
    #[error("{}{}; {known}", say!(format!("không rõ kênh {label:?}"), format!("unknown channel label {label:?}")), at(location))]
    UnknownChannel {
        /// The label as given.
        label: String,
        /// Where it was found, when it came from a table.
        location: Option<Box<Location>>,
        /// Why the label is refused, when it is a known label that names no one channel
        /// ("ATM/POS"), then the canonical channel names.
        known: crate::lang::Words,
    },
    /// A region code that the region table or crosswalk does not know.
    #[error("{}{}: {reason}", say!(format!("không rõ mã đơn vị hành chính {code:?}"), format!("unknown region code {code:?}")), at(location))]
    UnknownRegion {
        /// The code as given.
        code: String,
        /// Where it was found, when it came from a table.
        location: Option<Box<Location>>,
        /// What it was looked up in.
        reason: Words,
    },
    /// A column the computation needs is absent.
    #[error("{source_name}: {}", say!(format!("thiếu cột `{column}` (các cột có: {present})"), format!("missing column `{column}` (columns present: {present})")))]
    MissingColumn {
        /// File name or `DataFrame`.
        source_name: String,
        /// The column that is needed.
        column: String,
        /// The columns that are there.
        present: String,
    },
    /// A column whose type cannot be read as what the computation needs.
    #[error("{source_name}: {}", say!(format!("cột `{column}` có kiểu {dtype}, cần {expected}"), format!("column `{column}` has type {dtype}, expected {expected}")))]
    ColumnType {
        /// File name or `DataFrame`.
        source_name: String,
        /// The column.
        column: String,
        /// Its type as found.
        dtype: String,
        /// What would be accepted.
        expected: Words,
    },
    /// A target catalogue (TOML) that cannot be used: the file, the line and the key.
    #[error("{source_name}{}{}: {reason}", line.map(|l| say!(format!(", dòng {l}"), format!(", line {l}"))).unwrap_or_default(), key.as_ref().map(|k| say!(format!(", khóa `{k}`"), format!(", key `{k}`"))).unwrap_or_default())]
    Catalogue {
        /// File name, or the built-in catalogue's id.
        source_name: String,
        /// 1-based line of the file, when known.
        line: Option<usize>,
        /// The key at fault, when known (the TOML parser's own messages name it otherwise).
        key: Option<String>,
        /// What is wrong.
        reason: Words,
    },
    /// A read whose ledger has errors, when the caller did not ask to keep the good rows.
    #[error("{}", rejected_message(.0))]
    Rejected(Box<crate::ingest::ledger::Ledger>),
    /// An argument of a call that is out of its domain (a year range backwards, a rate below
    /// −100 %, an unknown method name …).
    #[error("{0}")]
    InvalidArgument(Words),
    /// A broken promise inside cashless: two of its checks disagree. Never expected.
    #[error("{}: {}", say!("lỗi bên trong cashless (xin báo cho người phát triển)".into(), "internal error in cashless (please report it)".into()), .0)]
    Internal(String),
    /// An error from the polars engine itself.
    #[error("{}: {}", say!("lỗi khi tính (polars)".into(), "polars".into()), .0)]
    Polars(#[from] PolarsError),
}

fn at(location: &Option<Box<Location>>) -> String {
    match location {
        Some(l) => say!(format!(" tại {l}"), format!(" at {l}")).to_string(),
        None => String::new(),
    }
}

fn rejected_message(ledger: &crate::ingest::ledger::Ledger) -> String {
    use crate::ingest::ledger::Severity;
    let errors: Vec<String> = ledger
        .entries
        .iter()
        .filter(|e| e.severity == Severity::Error)
        .map(|e| e.to_string())
        .collect();
    let shown = errors
        .iter()
        .take(5)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n  ");
    let (n, rest) = (errors.len(), errors.len().saturating_sub(5));
    let more = if rest > 0 {
        say!(
            format!("\n  … và {rest} lỗi khác"),
            format!("\n  … and {rest} more"),
        )
        .to_string()
    } else {
        String::new()
    };
    say!(
        format!("{n} lỗi trong số liệu ({ledger}):\n  {shown}{more}\nHãy sửa các lỗi, hoặc giữ các dòng đúng (keep_going) và xem sổ kiểm tra."),
        format!("{n} error(s) in the input ({ledger}):\n  {shown}{more}\nFix them, or keep the good rows (keep_going) and read the ledger."),
    )
    .to_string()
}

/// Result with the library's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Shorthand for [`Error::InvalidArgument`].
pub(crate) fn invalid_argument(message: Words) -> Error {
    Error::InvalidArgument(message)
}

impl From<crate::lang::UnknownLanguage> for Error {
    fn from(e: crate::lang::UnknownLanguage) -> Self {
        Error::InvalidArgument(Words::shown(&e))
    }
}

/// A file that is not there, naming it, in the language of messages.
pub(crate) fn no_such_file(path: &std::path::Path) -> Error {
    invalid_argument(say!(
        format!("{}: không có tệp này", path.display()),
        format!("{}: no such file", path.display()),
    ))
}

/// A file that cannot be written (a folder that is not there, a full disk, no permission),
/// naming it, in the language of messages.
pub(crate) fn cannot_write(path: &std::path::Path, e: &dyn fmt::Display) -> Error {
    invalid_argument(say!(
        format!("{}: không ghi được: {e}", path.display()),
        format!("{}: cannot be written: {e}", path.display()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::in_language;

    /// Which kind an error is: the match is exhaustive, so a new kind does not compile until
    /// it is numbered here, and then the test below fails until it has a sample.
    fn kind(e: &Error) -> usize {
        match e {
            Error::InvalidValue { .. } => 0,
            Error::UnknownChannel { .. } => 1,
            Error::UnknownRegion { .. } => 2,
            Error::MissingColumn { .. } => 3,
            Error::ColumnType { .. } => 4,
            Error::Catalogue { .. } => 5,
            Error::Rejected(_) => 6,
            Error::InvalidArgument(_) => 7,
            Error::Internal(_) => 8,
            Error::Polars(_) => 9,
        }
    }
    const KINDS: usize = 10;

    #[test]
    fn every_error_kind_reads_in_both_languages() {
        use crate::ingest::findings::Finding;
        use crate::ingest::ledger::{Entry, Ledger, Severity};
        let at = || Box::new(Location::new("a.csv", 3, "count", "-5"));
        let mut ledger = Ledger::default();
        ledger.push(
            Entry::new(
                Severity::Error,
                Finding::NotANumber,
                "a.csv",
                "count",
                "12a",
                say!("không phải một số".into(), "is not a number".into()),
            )
            .at_row(3),
        );
        let samples = vec![
            Error::InvalidValue {
                location: at(),
                reason: say!("là số âm".into(), "is negative".into()),
            },
            crate::Channel::parse("fax").unwrap_err(),
            Error::UnknownRegion {
                code: "99".into(),
                location: Some(at()),
                reason: say!(
                    "không có trong bảng đơn vị hành chính".into(),
                    "not in the region table".into(),
                ),
            },
            Error::MissingColumn {
                source_name: "a.csv".into(),
                column: "count".into(),
                present: "region_code".into(),
            },
            Error::ColumnType {
                source_name: "a.csv".into(),
                column: "count".into(),
                dtype: "str".into(),
                expected: say!("số nguyên".into(), "integers".into()),
            },
            Error::Catalogue {
                source_name: "plan.toml".into(),
                line: Some(3),
                key: Some("lo".into()),
                reason: say!("để trống".into(), "is empty".into()),
            },
            Error::Rejected(Box::new(ledger)),
            Error::from("fr".parse::<Lang>().unwrap_err()),
            Error::Internal("two checks disagree".into()),
            Error::Polars(PolarsError::NoData("empty".into())),
        ];
        let mut seen = [false; KINDS];
        for e in &samples {
            seen[kind(e)] = true;
            let vi = in_language(Lang::Vi, || e.to_string());
            let en = in_language(Lang::En, || e.to_string());
            assert_ne!(vi, en, "{e:?} reads the same in both languages");
            // Every Vietnamese rendering has words with the language's marks; none of the
            // English has them (a value given, like a file name, aside).
            assert!(
                vi.chars().any(|c| {
                    "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáèéìíòóùúý".contains(c)
                }),
                "{vi:?} has no Vietnamese word"
            );
            assert!(
                !en.chars()
                    .any(|c| "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ".contains(c)),
                "{en:?} has a Vietnamese word"
            );
        }
        assert_eq!(seen, [true; KINDS], "a kind of error has no sample");
    }
}
