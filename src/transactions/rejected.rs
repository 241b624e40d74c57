//! The rejected records: every one listed with its file and row (a second pass, run only when
//! some record was rejected), and the ledger's findings by check.

use polars::prelude::*;

use super::checks::{Check, CHECKS};
use super::{Input, Tally, TransactionOptions, CODE, FILE, ROW};
use crate::error::Result;
use crate::ingest::ledger::{Entry, Ledger, Severity};
use crate::lang::{Lang, Words};

/// The second pass, only when records were rejected: every bad record with file and row.
pub(super) fn rejection_list(
    inputs: &[Input],
    bad_labels: &[(Option<String>, usize)],
    o: &TransactionOptions,
) -> Result<DataFrame> {
    let (mut source, mut row, mut check) = (vec![], vec![], vec![]);
    let (mut value, mut record) = (vec![], vec![]);
    for input in inputs {
        let c = &input.columns;
        let mut code = input.check(input.local_time(o), o);
        let label = col(c.channel.as_str()).cast(DataType::String);
        let mut unknown = lit(false);
        for (l, _) in bad_labels {
            unknown = unknown.or(match l {
                Some(s) => label.clone().eq(lit(s.as_str())),
                None => label.clone().is_null(),
            });
        }
        code = when(code.clone().eq(lit(Check::Good as i32)).and(unknown))
            .then(lit(Check::UnknownChannel as i32))
            .otherwise(code)
            .cast(DataType::Int32)
            .alias(CODE);
        let fields: Vec<&String> = [&c.time, &c.region, &c.channel, &c.amount]
            .into_iter()
            .chain(c.bank.as_ref())
            .collect();
        // polars cannot write a zoned timestamp as text ("cannot format timezone-naive
        // Datetime"), which stopped the whole call: it is shown as the UTC instant it stores.
        let zoned = match &input.time_dtype {
            DataType::Datetime(unit, Some(_)) => Some(*unit),
            _ => None,
        };
        let mut select = vec![col(ROW), col(FILE), code];
        select.extend(fields.iter().map(|f| {
            let c = col(f.as_str());
            match zoned {
                Some(unit) if **f == input.columns.time => c
                    .cast(DataType::Datetime(unit, None))
                    .cast(DataType::String),
                _ => c.cast(DataType::String),
            }
        }));
        let numbered = input.numbered();
        // Records of the other side are skipped, not rejected: they are not listed.
        let bad = run(numbered.clone().select(select).filter(
            col(CODE)
                .neq(lit(Check::Good as i32))
                .and(col(CODE).neq(lit(Check::OtherSide as i32))),
        ))?;
        // A glob's row index runs across its files: each file's rows start at its first index.
        let starts = if input.glob {
            run(numbered.group_by([col(FILE)]).agg([col(ROW).min()]))?
        } else {
            df!(FILE => [input.name.as_str()], ROW => [0 as IdxSize])?
        };
        let start: PlHashMap<&str, i64> = starts
            .column(FILE)?
            .str()?
            .iter()
            .zip(starts.column(ROW)?.cast(&DataType::Int64)?.i64()?.iter())
            .map(|(f, r)| (f.unwrap_or_default(), r.unwrap_or(0)))
            .collect();
        let (codes, files) = (bad.column(CODE)?.i32()?, bad.column(FILE)?.str()?);
        let index = bad.column(ROW)?.cast(&DataType::Int64)?;
        let index = index.i64()?;
        let columns = &bad.columns()[3..];
        for i in 0..bad.height() {
            let file = files.get(i).unwrap_or(&input.name);
            let r = index.get(i).unwrap_or(0) - start.get(file).copied().unwrap_or(0);
            source.push(file.to_string());
            row.push(if input.csv { r + 2 } else { r });
            let failed = CHECKS[codes.get(i).unwrap_or(0) as usize];
            check.push(failed.name());
            let cell = |f: &str, c: &Column| {
                let text = c.str().ok().and_then(|s| s.get(i)).unwrap_or("");
                if zoned.is_some() && f == input.columns.time && !text.is_empty() {
                    format!("{text} UTC")
                } else {
                    text.to_string()
                }
            };
            let at = failed.column(&input.columns);
            value.push(
                fields
                    .iter()
                    .zip(columns)
                    .find(|(f, _)| ***f == at)
                    .map(|(f, c)| cell(f, c))
                    .unwrap_or_default(),
            );
            let shown: Vec<String> = fields
                .iter()
                .zip(columns)
                .map(|(f, c)| format!("{f}={}", cell(f, c)))
                .collect();
            record.push(shown.join(", "));
        }
    }
    Ok(df!(
        "source" => source, "row" => row, "check" => check, "value" => value, "record" => record,
    )?)
}

pub(super) fn run(frame: LazyFrame) -> Result<DataFrame> {
    // A plan with one root gives one frame.
    Ok(frame
        .collect_with_engine(Engine::Streaming)?
        .unwrap_single())
}

pub(super) fn empty_rejected() -> Result<DataFrame> {
    Ok(df!(
        "source" => Vec::<String>::new(),
        "row" => Vec::<i64>::new(),
        "check" => Vec::<String>::new(),
        "value" => Vec::<String>::new(),
        "record" => Vec::<String>::new(),
    )?)
}

pub(super) fn record_findings(
    ledger: &mut Ledger,
    tally: &Tally,
    rejected: &DataFrame,
    inputs: &[Input],
    o: &TransactionOptions,
) -> Result<()> {
    let names = inputs
        .iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let columns = &inputs[0].columns;
    let sources = rejected.column("source")?.str()?;
    let rows = rejected.column("row")?.i64()?;
    let checks = rejected.column("check")?.str()?;
    let values = rejected.column("value")?.str()?;
    for check in &CHECKS[1..] {
        let n = tally.rows[*check as usize];
        let Some(finding) = check.finding().filter(|_| n > 0) else {
            continue;
        };
        let severity = if *check == Check::OtherSide {
            Severity::Info
        } else {
            Severity::Error
        };
        let what = |lang: Lang| {
            if *check != Check::UnknownChannel {
                return String::new();
            }
            let labels: Vec<String> = tally
                .bad_labels
                .iter()
                .map(|(l, n)| {
                    let label = l.as_deref().map_or_else(
                        || lang.pick("trống", "empty").to_string(),
                        |l| format!("{l:?}"),
                    );
                    format!("{label} ({n})")
                })
                .collect();
            format!(": {}", labels.join(", "))
        };
        let message = check.message(o);
        ledger.push(Entry::new(
            severity,
            finding,
            names.clone(),
            check.column(columns),
            "",
            Words::new(
                format!("{n} bản ghi: {}{}", message.get(Lang::Vi), what(Lang::Vi)),
                format!("{n} record(s): {}{}", message.get(Lang::En), what(Lang::En)),
            ),
        ));
        let mut listed = 0;
        for i in 0..rejected.height() {
            if listed == o.examples {
                break;
            }
            if checks.get(i) != Some(check.name()) {
                continue;
            }
            listed += 1;
            ledger.push(
                Entry::new(
                    severity,
                    finding,
                    sources.get(i).unwrap_or_default(),
                    check.column(columns),
                    values.get(i).unwrap_or_default(),
                    check.message(o),
                )
                .at_row(rows.get(i).unwrap_or(0) as usize),
            );
        }
    }
    Ok(())
}
