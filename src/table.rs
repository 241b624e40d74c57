//! The canonical transaction table and its checks.
//!
//! One row per region × month × channel (× reporting bank):
//!
//! | column | type | meaning |
//! |---|---|---|
//! | `region_code` | String | administrative code |
//! | `period` | Date | first day of the month |
//! | `channel` | String | canonical channel name (see [`crate::Channel`]) |
//! | `count` | Int64 | transactions (món) |
//! | `value` | Int64 | value in đồng |
//! | `bank` | String, optional | reporting bank |
//! | `region_map` | String, optional | which administrative map `region_code` is on |
//!
//! [`canonical`] reads any reasonable dtype (Categorical or integer codes, a Datetime or an
//! ISO `YYYY-MM` text period, whole floats in count columns) and refuses everything else with
//! an error that names the row, the column and the value.

use polars::prelude::*;

use crate::calendar::{civil_from_days, days_from_civil};
use crate::channels::Channel;
use crate::error::{Error, Location, Result};
use crate::keys::{Interned, Keys, MonthTable};
use crate::lang::{say, Words};

// The canonical columns' names, here for the modules that read them as `table::…`.
pub use crate::schema::{BANK, CHANNEL, COUNT, PERIOD, REGION_CODE, REGION_MAP, VALUE};

/// Name used in messages for a table that did not come from a file.
pub const IN_MEMORY: &str = "DataFrame";

/// The canonical form of a transaction table, checked.
///
/// Columns are put into canonical order and types; columns other than the canonical ones are
/// dropped; channel labels are mapped to canonical names. Refused, with the row, column and
/// value named: missing or negative counts and values, fractional counts, periods that are not
/// the first day of a month, unknown channel labels, and two rows with the same region ×
/// period × channel (× bank) key.
///
/// ```
/// use polars::prelude::*;
/// let raw = df!(
///     "region_code" => ["380", "380"],
///     "period" => ["2023-01", "2023-02"],
///     "channel" => ["Mobile Banking", "điện thoại di động"],
///     "count" => [10.0, 12.0],
///     "value" => [1_000i64, 1_500],
/// ).unwrap();
/// let tx = cashless::canonical(&raw, "DataFrame").unwrap();
/// assert_eq!(tx.column("channel").unwrap().str().unwrap().get(1), Some("mobile"));
/// assert_eq!(tx.column("count").unwrap().dtype(), &DataType::Int64);
/// ```
pub fn canonical(df: &DataFrame, source: &str) -> Result<DataFrame> {
    Ok(checked(df, source)?.frame)
}

/// A canonical table with its keys already encoded, for the computations that aggregate it.
pub(crate) struct Checked {
    pub frame: DataFrame,
    pub keys: Keys,
}

/// [`canonical`], keeping the encoded keys.
pub(crate) fn checked(df: &DataFrame, source: &str) -> Result<Checked> {
    let mut columns = vec![
        text_column(df, source, REGION_CODE)?,
        period_column(df, source)?,
        channel_column(df, source)?,
        amount_column(df, source, COUNT)?,
        amount_column(df, source, VALUE)?,
    ];
    for optional in [BANK, REGION_MAP] {
        if df.schema().contains(optional) {
            columns.push(text_column(df, source, optional)?);
        }
    }
    let frame = DataFrame::new(df.height(), columns)?;
    let keys = Keys::of(&frame)?;
    if let Some((first, second)) = keys.first_duplicate()? {
        return Err(duplicate(&frame, source, first, second));
    }
    Ok(Checked { frame, keys })
}

/// The key columns of a canonical table: region, period, channel and the optional ones present.
pub(crate) fn key_columns(df: &DataFrame) -> Vec<&'static str> {
    let mut keys = vec![REGION_CODE, PERIOD, CHANNEL];
    keys.extend(
        [BANK, REGION_MAP]
            .into_iter()
            .filter(|c| df.schema().contains(c)),
    );
    keys
}

pub(crate) fn require<'a>(df: &'a DataFrame, source: &str, name: &str) -> Result<&'a Column> {
    df.column(name).map_err(|_| Error::MissingColumn {
        source_name: source.to_string(),
        column: name.to_string(),
        present: df
            .get_column_names()
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

fn wrong_type(source: &str, column: &Column, expected: Words) -> Error {
    Error::ColumnType {
        source_name: source.to_string(),
        column: column.name().to_string(),
        dtype: column.dtype().to_string(),
        expected,
    }
}

fn missing_value(source: &str, column: &str, row: usize) -> Error {
    Error::InvalidValue {
        location: Location::new(source, row, column, "null").into(),
        reason: say!("để trống".into(), "is missing".into()),
    }
}

fn first_null(column: &Column) -> Option<usize> {
    if column.null_count() == 0 {
        return None;
    }
    let mask = column.as_materialized_series().is_null();
    mask.iter().position(|v| v == Some(true))
}

/// A text column (codes, names): String, Categorical, Enum or integer codes, no nulls.
pub(crate) fn text_column(df: &DataFrame, source: &str, name: &str) -> Result<Column> {
    let column = require(df, source, name)?;
    let out = match column.dtype() {
        DataType::String => column.clone(),
        DataType::Categorical(..) | DataType::Enum(..) => column.cast(&DataType::String)?,
        dt if dt.is_integer() => column.cast(&DataType::String)?,
        _ => {
            return Err(wrong_type(
                source,
                column,
                say!(
                    "chuỗi (hoặc Categorical, hoặc mã số nguyên)".into(),
                    "String (or Categorical, or integer codes)".into(),
                ),
            ))
        }
    };
    if let Some(row) = first_null(&out) {
        return Err(missing_value(source, name, row));
    }
    Ok(out)
}

fn channel_column(df: &DataFrame, source: &str) -> Result<Column> {
    let column = text_column(df, source, CHANNEL)?;
    let labels = Interned::of(column.str()?);
    let mut canonical_names = Vec::with_capacity(labels.names.len());
    for (i, label) in labels.names.iter().enumerate() {
        let row = labels
            .index
            .iter()
            .position(|&x| x as usize == i)
            .unwrap_or(0);
        let c = Channel::parse_at(label, || {
            Location::new(source, row, CHANNEL, label.as_str())
        })?;
        canonical_names.push(c.name());
    }
    // Most tables already use canonical names: keep their column rather than rebuild it.
    if labels
        .names
        .iter()
        .zip(&canonical_names)
        .all(|(a, b)| a == b)
    {
        return Ok(column);
    }
    let names: Vec<&str> = labels
        .index
        .iter()
        .map(|&i| canonical_names[i as usize])
        .collect();
    Ok(Column::new(CHANNEL.into(), names))
}

/// A count or value column as exact Int64, none missing or negative.
pub(crate) fn amount_column(df: &DataFrame, source: &str, name: &str) -> Result<Column> {
    let column = require(df, source, name)?;
    if let Some(row) = first_null(column) {
        return Err(missing_value(source, name, row));
    }
    let dtype = column.dtype().clone();
    let out = if dtype.is_float() {
        let floats = column.cast(&DataType::Float64)?;
        for (row, v) in floats.f64()?.into_no_null_iter().enumerate() {
            // 2^63 itself is not representable in i64; everything below it is.
            if !v.is_finite() || v.fract() != 0.0 || v.abs() >= 9.223_372_036_854_776e18 {
                return Err(Error::InvalidValue {
                    location: Location::new(source, row, name, v.to_string()).into(),
                    reason: say!(
                        "không phải số nguyên: số lượng tính bằng món, giá trị bằng đồng, đều là \
                         số nguyên"
                            .into(),
                        "is not a whole number: counts are in món and values in đồng, both whole"
                            .into(),
                    ),
                });
            }
        }
        floats.cast(&DataType::Int64)?
    } else if dtype.is_integer() {
        let cast = column.cast(&DataType::Int64)?;
        if let Some(row) = first_null(&cast) {
            let raw = column.as_materialized_series().str_value(row)?.to_string();
            return Err(Error::InvalidValue {
                location: Location::new(source, row, name, raw).into(),
                reason: say!(
                    "vượt quá phạm vi số nguyên 64 bit".into(),
                    "does not fit in a 64-bit integer".into(),
                ),
            });
        }
        cast
    } else {
        return Err(wrong_type(
            source,
            column,
            say!(
                "số nguyên hoặc số thực không có phần lẻ".into(),
                "an integer or whole-number float type".into(),
            ),
        ));
    };
    if let Some(row) = out.i64()?.into_no_null_iter().position(|v| v < 0) {
        let v = out.i64()?.get(row).unwrap_or_default();
        return Err(Error::InvalidValue {
            location: Location::new(source, row, name, v.to_string()).into(),
            reason: say!(
                "là số âm: số lượng và giá trị không thể nhỏ hơn 0".into(),
                "is negative: counts and values cannot be below zero".into(),
            ),
        });
    }
    Ok(out.with_name(name.into()))
}

/// `count` and `value` summed over `keys` (with `extra` aggregations), sorted by the keys.
///
/// polars' integer sum wraps around past `i64::MAX` without a word; each sum is therefore also
/// taken in floating point, and a group beyond the 64-bit range is refused, named. (The dense
/// aggregation of [`crate::annual`] checks every addition instead.)
pub(crate) fn sum_amounts(
    lf: LazyFrame,
    keys: &[&'static str],
    extra: Vec<Expr>,
) -> Result<DataFrame> {
    // Just under i64::MAX (9.223e18), so that float rounding cannot let a wrapped sum through.
    const LIMIT: f64 = 9.2e18;
    let mut aggs = vec![
        col(COUNT).sum(),
        col(VALUE).sum(),
        col(COUNT).cast(DataType::Float64).sum().alias("__count_f"),
        col(VALUE).cast(DataType::Float64).sum().alias("__value_f"),
    ];
    aggs.extend(extra);
    let grouped = lf
        .group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
        .agg(aggs)
        .sort(keys.to_vec(), SortMultipleOptions::default())
        .collect()?;
    let too_big = first_row_where(
        &grouped,
        col("__count_f")
            .gt(lit(LIMIT))
            .or(col("__value_f").gt(lit(LIMIT))),
    )?;
    if let Some((region, month, channel)) = too_big {
        return Err(crate::error::invalid_argument(crate::say!(
            format!(
                "số lượng hoặc giá trị kênh {channel} của đơn vị {region:?} tháng {month} vượt quá \
                 số nguyên 64 bit (khoảng 9,2 × 10^18): có dòng nào ghi sai đơn vị tính không?"
            ),
            format!(
                "the {channel} count or value of region {region:?} in {month} does not fit in a \
                 64-bit integer (about 9.2 × 10^18): are some rows in the wrong unit?"
            ),
        )));
    }
    Ok(grouped.drop_many(["__count_f", "__value_f"]))
}

/// Region, month (`YYYY-MM`) and channel of the first row of `df` where `predicate` holds.
pub(crate) fn first_row_where(
    df: &DataFrame,
    predicate: Expr,
) -> Result<Option<(String, String, String)>> {
    let hit = df.clone().lazy().filter(predicate).limit(1).collect()?;
    if hit.height() == 0 {
        return Ok(None);
    }
    let text = |name: &str| -> Result<String> {
        Ok(hit
            .column(name)?
            .as_materialized_series()
            .str_value(0)?
            .to_string())
    };
    let mut month = text(PERIOD)?;
    month.truncate(7);
    Ok(Some((text(REGION_CODE)?, month, text(CHANNEL)?)))
}

/// The extensions a file is read as Parquet by.
const PARQUET: [&str; 2] = ["parquet", "pq"];

/// A path's extension, in lower case.
fn extension(path: &std::path::Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Whether [`scan_file`] reads `path` (a file or a glob) as Parquet, by its extension.
///
/// ```
/// use std::path::Path;
/// assert!(cashless::table::is_parquet(Path::new("switch/2024-*.PARQUET")));
/// assert!(!cashless::table::is_parquet(Path::new("nh01.csv")));
/// ```
pub fn is_parquet(path: &std::path::Path) -> bool {
    extension(path).is_some_and(|e| PARQUET.contains(&e.as_str()))
}

/// A table file scanned lazily, by its extension: Parquet (`.parquet`, `.pq`) or CSV (`.csv`,
/// `.txt`). In a CSV, the columns named in `text` stay text (codes such as "01", Hà Nội, keep
/// their zero); the others are inferred. A glob's rows carry their file in `file_column`.
/// Returns the scan and whether it is CSV.
///
/// ```
/// let path = std::env::temp_dir().join("cashless-doc-scan-file.csv");
/// std::fs::write(&path, "region_code,count\n01,3\n").unwrap();
/// let (scan, csv) = cashless::table::scan_file(&path, &["region_code"], "file").unwrap();
/// let df = scan.collect().unwrap();
/// assert!(csv);
/// assert_eq!(df.column("region_code").unwrap().str().unwrap().get(0), Some("01"));
/// assert!(cashless::table::scan_file(std::path::Path::new("a.json"), &[], "file").is_err());
/// ```
pub fn scan_file(
    path: &std::path::Path,
    text: &[&str],
    file_column: &str,
) -> Result<(LazyFrame, bool)> {
    let name = path.display().to_string();
    let glob = name.contains(['*', '?', '[']);
    if !glob && !path.exists() {
        return Err(crate::error::no_such_file(path));
    }
    let ext = extension(path);
    let target = PlRefPath::from(name.as_str());
    let file_paths = glob.then(|| file_column.into());
    match ext.as_deref() {
        Some(e) if PARQUET.contains(&e) => {
            let args = ScanArgsParquet {
                include_file_paths: file_paths,
                ..Default::default()
            };
            Ok((LazyFrame::scan_parquet(target, args)?, false))
        }
        Some("csv" | "txt") => {
            let text = text
                .iter()
                .map(|c| Field::new((*c).into(), DataType::String));
            let scan = LazyCsvReader::new(target)
                .with_infer_schema_length(Some(10_000))
                .with_dtype_overwrite(Some(Arc::new(Schema::from_iter(text))))
                .with_include_file_paths(file_paths)
                .finish()?;
            Ok((scan, true))
        }
        _ => Err(crate::error::invalid_argument(crate::say!(
            format!("{name}: cần tệp .parquet hoặc .csv"),
            format!("{name}: expected a .parquet or .csv file"),
        ))),
    }
}

/// A file polars cannot read (not the format its name says, cut short, unreadable), named in
/// the language of messages; polars' other errors as they are.
pub(crate) fn unreadable(name: &str, e: PolarsError) -> Error {
    match e {
        PolarsError::IO { .. } | PolarsError::ComputeError(_) => {
            crate::error::invalid_argument(crate::say!(
                format!("{name}: không đọc được: {e}"),
                format!("{name}: cannot be read: {e}"),
            ))
        }
        e => e.into(),
    }
}

/// A CSV file with a header row, every column read as text so that codes keep their leading
/// zeros ("01" is Hà Nội, not 1). For the small reference tables: regions, crosswalks.
///
/// ```
/// let path = std::env::temp_dir().join("cashless-doc-read-csv-text.csv");
/// std::fs::write(&path, "code,name\n01,Hà Nội\n").unwrap();
/// let df = cashless::table::read_csv_text(&path).unwrap();
/// assert_eq!(df.column("code").unwrap().str().unwrap().get(0), Some("01"));
/// ```
pub fn read_csv_text(path: &std::path::Path) -> Result<DataFrame> {
    let fail = |e: PolarsError| {
        crate::error::invalid_argument(say!(
            format!("{}: không đọc được: {e}", path.display()),
            format!("{}: cannot be read: {e}", path.display()),
        ))
    };
    if !path.is_file() {
        return Err(crate::error::no_such_file(path));
    }
    CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .and_then(|r| r.finish())
        .map_err(fail)
}

/// An integer column read as `i64` values, nulls kept: integer types, or floats that are whole.
pub(crate) fn nullable_integers(
    df: &DataFrame,
    source: &str,
    name: &str,
) -> Result<Vec<Option<i64>>> {
    let column = require(df, source, name)?;
    let dtype = column.dtype();
    if dtype.is_float() {
        let floats = column.cast(&DataType::Float64)?;
        let floats = floats.f64()?;
        let mut out = Vec::with_capacity(floats.len());
        for (row, v) in floats.iter().enumerate() {
            match v {
                None => out.push(None),
                Some(v) if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.2e18 => {
                    out.push(Some(v as i64))
                }
                Some(v) => {
                    return Err(Error::InvalidValue {
                        location: Location::new(source, row, name, v.to_string()).into(),
                        reason: say!(
                            "không phải số nguyên".into(),
                            "is not a whole number".into(),
                        ),
                    })
                }
            }
        }
        Ok(out)
    } else if dtype.is_integer() {
        Ok(optional_values(
            column.strict_cast(&DataType::Int64)?.i64()?,
        ))
    } else {
        Err(wrong_type(
            source,
            column,
            say!("số nguyên".into(), "an integer type".into()),
        ))
    }
}

/// The values of a numeric column, `None` where null, read an array at a time: a column
/// without nulls is copied as it is, where the row-by-row iterator tests each row's validity
/// (a fifth of reading an annual table into series).
pub(crate) fn optional_values<T: PolarsNumericType>(
    ca: &ChunkedArray<T>,
) -> Vec<Option<T::Native>> {
    let mut out = Vec::with_capacity(ca.len());
    for arr in ca.downcast_iter() {
        match arr.validity().filter(|v| v.unset_bits() > 0) {
            None => out.extend(arr.values().iter().map(|&v| Some(v))),
            Some(valid) => out.extend(
                arr.values()
                    .iter()
                    .zip(valid.iter())
                    .map(|(&v, ok)| ok.then_some(v)),
            ),
        }
    }
    out
}

/// The values of a boolean column, null read as false, an array at a time.
pub(crate) fn flags(ca: &BooleanChunked) -> Vec<bool> {
    let mut out = Vec::with_capacity(ca.len());
    for arr in ca.downcast_iter() {
        match arr.validity().filter(|v| v.unset_bits() > 0) {
            None => out.extend(arr.values().iter()),
            Some(valid) => out.extend(arr.values().iter().zip(valid.iter()).map(|(v, ok)| v && ok)),
        }
    }
    out
}

fn not_month_start() -> Words {
    say!(
        "không phải ngày đầu tháng: kỳ là tháng, ghi bằng ngày đầu tháng (2023-05-01) hoặc \
         2023-05"
            .into(),
        "is not the first day of a month: periods are months, given as their first day \
         (2023-05-01) or as 2023-05"
            .into(),
    )
}

pub(crate) fn period_column(df: &DataFrame, source: &str) -> Result<Column> {
    let column = require(df, source, PERIOD)?;
    if let Some(row) = first_null(column) {
        return Err(missing_value(source, PERIOD, row));
    }
    let days: Vec<i32> = match column.dtype() {
        DataType::Date => {
            // Already a Date: check it and keep the column as it is.
            let days = column.date()?.physical();
            let months = MonthTable::of(days)?;
            if let Some(row) = days
                .iter()
                .position(|d| months.month(d.unwrap_or_default()).is_none())
            {
                let raw = column.as_materialized_series().str_value(row)?.to_string();
                return Err(Error::InvalidValue {
                    location: Location::new(source, row, PERIOD, raw).into(),
                    reason: not_month_start(),
                });
            }
            return Ok(column.clone());
        }
        DataType::Datetime(unit, None) => {
            let per_day: i64 = match unit {
                TimeUnit::Nanoseconds => 86_400_000_000_000,
                TimeUnit::Microseconds => 86_400_000_000,
                TimeUnit::Milliseconds => 86_400_000,
            };
            let ticks = column.datetime()?.physical().clone();
            let mut days = Vec::with_capacity(ticks.len());
            for (row, t) in ticks.into_no_null_iter().enumerate() {
                if t.rem_euclid(per_day) != 0 {
                    let raw = column.as_materialized_series().str_value(row)?.to_string();
                    return Err(Error::InvalidValue {
                        location: Location::new(source, row, PERIOD, raw).into(),
                        reason: say!(
                            "có giờ trong ngày: kỳ là tháng".into(),
                            "has a time of day: periods are months".into(),
                        ),
                    });
                }
                days.push(t.div_euclid(per_day) as i32);
            }
            days
        }
        DataType::String => {
            let text = column.str()?;
            let mut days = Vec::with_capacity(text.len());
            for (row, s) in text.iter().map(Option::unwrap_or_default).enumerate() {
                let d = parse_iso_month(s).ok_or_else(|| Error::InvalidValue {
                    location: Location::new(source, row, PERIOD, s).into(),
                    reason: say!(
                        "không phải một tháng dạng YYYY-MM hay YYYY-MM-01".into(),
                        "is not a month as YYYY-MM or YYYY-MM-01".into(),
                    ),
                })?;
                days.push(d);
            }
            days
        }
        _ => {
            return Err(wrong_type(
                source,
                column,
                say!(
                    "Date (ngày đầu tháng)".into(),
                    "Date (first day of the month)".into()
                ),
            ))
        }
    };
    for (row, &d) in days.iter().enumerate() {
        if civil_from_days(d).2 != 1 {
            let raw = column.as_materialized_series().str_value(row)?.to_string();
            return Err(Error::InvalidValue {
                location: Location::new(source, row, PERIOD, raw).into(),
                reason: not_month_start(),
            });
        }
    }
    Ok(Int32Chunked::from_vec(PERIOD.into(), days)
        .into_date()
        .into_column())
}

/// Days since 1970-01-01 of an ISO month (`2023-05` or `2023-05-01`); `None` if it is not one.
/// A day other than 01 is returned as is and refused by the caller with its own message.
fn parse_iso_month(s: &str) -> Option<i32> {
    let mut parts = s.trim().split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = match parts.next() {
        Some(d) => d.parse().ok()?,
        None => 1,
    };
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // Reject days that roll over into the next month (2023-02-30).
    (civil_from_days(days) == (year, month, day)).then_some(days)
}

fn duplicate(df: &DataFrame, source: &str, first: usize, second: usize) -> Error {
    let keys = key_columns(df);
    let shown: Vec<String> = keys
        .iter()
        .map(|k| {
            df.column(k)
                .and_then(|c| {
                    c.as_materialized_series()
                        .str_value(second)
                        .map(|v| v.to_string())
                })
                .unwrap_or_default()
        })
        .collect();
    Error::InvalidValue {
        location: Location::new(source, second, keys.join(", "), shown.join(" | ")).into(),
        reason: say!(
            format!(
                "khóa trùng: dòng {first} có cùng {}; mỗi khóa chỉ được có một lần",
                keys.join(" × ")
            ),
            format!(
                "duplicate key: row {first} has the same {}; each key may appear once",
                keys.join(" × ")
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_months() {
        assert_eq!(parse_iso_month("1970-01"), Some(0));
        assert_eq!(parse_iso_month("2023-02-30"), None);
        assert_eq!(parse_iso_month("2023-13"), None);
        assert_eq!(parse_iso_month("T5/2023"), None);
    }

    #[test]
    fn optional_values_keep_nulls_in_every_chunk() {
        // Two chunks: one without nulls (copied whole), one with (read with its validity).
        let mut ca = Int64Chunked::from_slice("x".into(), &[1, 2]);
        ca.append(&Int64Chunked::from_iter_options(
            "x".into(),
            [None, Some(4), None].into_iter(),
        ))
        .unwrap();
        assert_eq!(ca.chunks().len(), 2);
        assert_eq!(
            optional_values(&ca),
            [Some(1), Some(2), None, Some(4), None]
        );
        let mut flagged = BooleanChunked::from_slice("d".into(), &[true, false]);
        flagged
            .append(&BooleanChunked::from_iter_options(
                "d".into(),
                [None, Some(true), Some(false)].into_iter(),
            ))
            .unwrap();
        assert_eq!(flags(&flagged), [true, false, false, true, false]);
    }
}
