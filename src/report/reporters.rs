//! Who has not reported: the banks in the data and the months of the reporting year (up to
//! the cut-off) each one is missing, so the branch knows whom to chase before it signs.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use crate::calendar::{civil_from_days, days_from_civil};
use crate::error::Result;
use crate::table::{BANK, PERIOD};

use super::model::{Cell, Table};
use super::scope::Scope;
use super::text::Lang;

/// Calendar months `(year, month)`.
type Months = BTreeSet<(i32, u32)>;

/// Months `(year, month)` from the first day of the reporting year to the cut-off.
fn months_of(scope: &Scope) -> Vec<(i32, u32)> {
    let (mut y, mut m, _) = scope.year_from;
    let end = days_from_civil(scope.cut_off.0, scope.cut_off.1, 1).min(days_from_civil(
        scope.year_to.0,
        scope.year_to.1,
        1,
    ));
    let mut out = Vec::new();
    while days_from_civil(y, m, 1) <= end {
        out.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// The months each bank reported, over the reporting year and the year before (a bank that
/// reported last year and stopped is missing every month).
fn reported(scope: &Scope) -> Result<Option<BTreeMap<String, Months>>> {
    let tx = &scope.tx_unit;
    let Ok(bank) = tx.column(BANK) else {
        return Ok(None);
    };
    let bank = bank.str()?;
    let period = tx.column(PERIOD)?.cast(&DataType::Int32)?;
    let period = period.i32()?;
    let from = days_from_civil(scope.year_from.0 - 1, scope.year_from.1, 1);
    let mut out: BTreeMap<String, Months> = BTreeMap::new();
    for (b, p) in bank.iter().zip(period.iter()) {
        let (Some(b), Some(p)) = (b, p) else {
            continue;
        };
        if p >= from {
            let (y, m, _) = civil_from_days(p);
            out.entry(b.to_string()).or_default().insert((y, m));
        }
    }
    Ok(Some(out))
}

/// A sentence on who reported, and the table of the banks with months missing (none when
/// every bank reported every month, or the data has no bank column).
///
/// ```text
/// "10 ngân hàng có số liệu; 2 ngân hàng thiếu tháng: NH03 (1 tháng), NH07 (11 tháng)."
/// ```
pub(super) fn missing_banks(scope: &Scope, l: Lang) -> Result<Option<(String, Option<Table>)>> {
    let Some(reported) = reported(scope)? else {
        return Ok(None);
    };
    let months = months_of(scope);
    let label = |(y, m): (i32, u32)| format!("{y}-{m:02}");
    let missing: Vec<(&String, Vec<(i32, u32)>)> = reported
        .iter()
        .map(|(bank, seen)| {
            let gaps: Vec<(i32, u32)> = months
                .iter()
                .copied()
                .filter(|m| !seen.contains(m))
                .collect();
            (bank, gaps)
        })
        .filter(|(_, gaps)| !gaps.is_empty())
        .collect();
    let n = reported.len();
    if missing.is_empty() {
        return Ok(Some((
            match l {
                Lang::Vi => format!(
                    "{n} ngân hàng có số liệu, đều báo cáo đủ {} tháng của năm báo cáo.",
                    months.len()
                ),
                Lang::En => format!(
                    "{n} banks in the data, each reporting all {} months of the reporting year.",
                    months.len()
                ),
            },
            None,
        )));
    }
    let named: Vec<String> = missing
        .iter()
        .map(|(bank, gaps)| match l {
            Lang::Vi => format!("{bank} ({} tháng)", gaps.len()),
            Lang::En if gaps.len() == 1 => format!("{bank} (1 month)"),
            Lang::En => format!("{bank} ({} months)", gaps.len()),
        })
        .collect();
    let sentence = match l {
        Lang::Vi => format!(
            "{n} ngân hàng có số liệu; {} ngân hàng thiếu tháng: {}.",
            missing.len(),
            named.join(", ")
        ),
        Lang::En => format!(
            "{n} banks in the data; {} with months missing: {}.",
            missing.len(),
            named.join(", ")
        ),
    };
    let table = Table {
        sheet: l
            .pick("Ngân hàng chưa báo cáo", "Banks not reporting")
            .into(),
        title: l
            .pick(
                "Ngân hàng chưa báo cáo đủ các tháng của năm báo cáo",
                "Banks with months of the reporting year missing",
            )
            .into(),
        columns: vec![
            l.pick("Ngân hàng", "Bank").into(),
            l.pick("Số tháng thiếu", "Months missing").into(),
            l.pick("Các tháng thiếu", "Which months").into(),
        ],
        rows: missing
            .iter()
            .map(|(bank, gaps)| {
                vec![
                    Cell::Text((*bank).clone()),
                    Cell::Int(gaps.len() as i64),
                    Cell::Text(
                        gaps.iter()
                            .map(|m| label(*m))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ]
            })
            .collect(),
    };
    Ok(Some((sentence, Some(table))))
}
