//! Partial aggregates put together.
//!
//! The canonical monthly table is additive: shards of the records can be aggregated anywhere
//! (one machine per file, Spark executors, other offices) and the partial tables summed. What
//! must not happen is counting the same records twice, which is what two partial tables with
//! the same region × month × channel (× bank) key usually mean: the same file loaded twice, two
//! banks' reports overlapping. So a repeated key is an error, unless the caller declares the
//! parts disjoint by construction (sharded by transaction, so each key legitimately appears in
//! several parts).

use polars::prelude::*;

use crate::error::{invalid_argument, Error, Location, Result};
use crate::keys::Keys;
use crate::lang::say;
use crate::table::{self, key_columns, BANK, COUNT, REGION_MAP, VALUE};

/// Sums partial canonical tables into one.
///
/// Each part is checked as [`crate::canonical`] checks a table. With `disjoint == false`, a key
/// found in two parts is refused with both places named; with `disjoint == true` the parts'
/// counts and values are summed per key. Parts must agree on the optional columns (`bank`,
/// `region_map`). The result is sorted by key.
///
/// ```
/// use polars::prelude::*;
/// let part = |region: &str, count: i64| df!(
///     "region_code" => [region], "period" => ["2024-01"], "channel" => ["qr"],
///     "count" => [count], "value" => [count * 1_000],
/// ).unwrap();
/// // Two districts aggregated on two machines: different keys, put side by side.
/// let both = cashless::merge(&[part("380", 2), part("381", 3)], false).unwrap();
/// assert_eq!(both.height(), 2);
/// // The same district twice is refused unless the parts are disjoint by construction.
/// assert!(cashless::merge(&[part("380", 2), part("380", 3)], false).is_err());
/// let summed = cashless::merge(&[part("380", 2), part("380", 3)], true).unwrap();
/// assert_eq!(summed.column("count").unwrap().i64().unwrap().get(0), Some(5));
/// ```
pub fn merge(parts: &[DataFrame], disjoint: bool) -> Result<DataFrame> {
    if parts.is_empty() {
        return Err(invalid_argument(say!(
            "cần ít nhất một phần để gộp".into(),
            "merge needs at least one part".into(),
        )));
    }
    let checked = parts
        .iter()
        .enumerate()
        .map(|(i, p)| table::canonical(p, &part_name(i)))
        .collect::<Result<Vec<_>>>()?;
    let optional = |df: &DataFrame| {
        [BANK, REGION_MAP]
            .into_iter()
            .filter(|c| df.schema().contains(c))
            .collect::<Vec<_>>()
    };
    let first = optional(&checked[0]);
    if let Some((i, other)) = checked
        .iter()
        .enumerate()
        .map(|(i, p)| (i, optional(p)))
        .find(|(_, o)| *o != first)
    {
        let (first, other) = (first.join(", "), other.join(", "));
        return Err(invalid_argument(say!(
            format!(
                "phần 0 có các cột tùy chọn [{first}] còn phần {i} có [{other}]: các phần phải có \
                 cùng khóa (tổng hợp theo cùng một cách)"
            ),
            format!(
                "part 0 has the optional columns [{first}] and part {i} has [{other}]: parts must \
                 have the same keys (aggregate them the same way)"
            ),
        )));
    }
    let lengths: Vec<usize> = checked.iter().map(DataFrame::height).collect();
    let mut all = checked[0].clone();
    for p in &checked[1..] {
        all.vstack_mut(p)?;
    }
    all.rechunk_mut();
    let keys = key_columns(&all);
    if !disjoint && let Some((a, b)) = Keys::of(&all)?.first_duplicate()? {
        let (pa, ra) = locate(&lengths, a);
        let (pb, rb) = locate(&lengths, b);
        let text = |k: &str| -> Option<String> {
            let c = all.column(k).ok()?.cast(&DataType::String).ok()?;
            c.str().ok()?.get(a).map(str::to_string)
        };
        let key = keys
            .iter()
            .map(|k| format!("{k}={}", text(k).unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Error::InvalidValue {
            location: Location::new(part_name(pb), rb, keys.join(" × "), key).into(),
            reason: say!(
                format!(
                    "cùng khóa có ở {} dòng {ra}: cộng cả hai sẽ tính trùng; nếu các phần chia \
                         bản ghi theo giao dịch, hãy khai báo chúng rời nhau (disjoint)",
                    part_name(pa)
                ),
                format!(
                    "the same key is in {} row {ra}: counting it twice would double count; \
                         if the parts split the records by transaction, declare them disjoint",
                    part_name(pa)
                ),
            ),
        });
    }
    let key_exprs: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
    let merged = all
        .lazy()
        .group_by(key_exprs.clone())
        .agg([
            col(COUNT).sum(),
            col(VALUE).sum(),
            // polars' integer sums wrap; a float sum beside each shows where one did.
            col(COUNT).cast(DataType::Float64).sum().alias(COUNT_CHECK),
            col(VALUE).cast(DataType::Float64).sum().alias(VALUE_CHECK),
        ])
        .sort_by_exprs(key_exprs, SortMultipleOptions::default())
        .collect()?;
    for (exact, check) in [(COUNT, COUNT_CHECK), (VALUE, VALUE_CHECK)] {
        let (exact, check) = (merged.column(exact)?.i64()?, merged.column(check)?.f64()?);
        let wrapped = exact
            .iter()
            .zip(check.iter())
            .position(|(e, f)| match (e, f) {
                (Some(e), Some(f)) => (f - e as f64).abs() > f.abs() * 1e-9 + 1024.0,
                _ => false,
            });
        if let Some(i) = wrapped {
            let text = |k: &str| -> String {
                merged
                    .column(k)
                    .ok()
                    .and_then(|c| c.get(i).ok().map(|v| v.str_value().to_string()))
                    .unwrap_or_default()
            };
            let period = text(table::PERIOD);
            let (year, month) = period
                .split('-')
                .collect::<Vec<_>>()
                .get(..2)
                .and_then(|p| Some((p[0].parse().ok()?, p[1].parse().ok()?)))
                .unwrap_or((0, 0));
            let channel = text(table::CHANNEL).parse().unwrap_or(crate::Channel::All);
            return Err(crate::aggregate::overflow_error(
                channel,
                &text(table::REGION_CODE),
                year,
                month,
            ));
        }
    }
    // Canonical column order.
    let mut columns = vec![
        table::REGION_CODE,
        table::PERIOD,
        table::CHANNEL,
        COUNT,
        VALUE,
    ];
    columns.extend(first);
    Ok(merged.select(columns)?)
}

const COUNT_CHECK: &str = "__count_check";
const VALUE_CHECK: &str = "__value_check";

fn part_name(i: usize) -> String {
    format!("part {i}")
}

/// The part and row within it of row `i` of the stacked parts.
fn locate(lengths: &[usize], mut i: usize) -> (usize, usize) {
    for (p, &n) in lengths.iter().enumerate() {
        if i < n {
            return (p, i);
        }
        i -= n;
    }
    (lengths.len(), i)
}
