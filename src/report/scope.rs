//! What a report covers: the unit, its monthly data up to the cut-off, the reporting year's
//! first and last day, and the units one level down.

use std::collections::BTreeSet;

use polars::prelude::*;

use crate::aggregate::AggregateOptions;
use crate::calendar::{civil_from_days, days_from_civil};
use crate::catalogue::Catalogue;
use crate::error::{invalid_argument, Result};
use crate::lang::{say, Lang};
use crate::regions::{rollup, Level};
use crate::table::{canonical, PERIOD, REGION_CODE};

use super::figures::{texts, UnitFigures};
use super::map_note::Maps;
use super::{ReportInput, ReportOptions, ReportPeriod};
use crate::calendar::{days_in_month, Day};

/// A unit one level down, with its figures.
pub(super) struct Child {
    pub code: String,
    pub name: String,
    pub figures: UnitFigures,
}

pub(super) struct Scope {
    pub unit: String,
    pub unit_name: String,
    pub unit_level: Option<Level>,
    /// Every unit's monthly transactions up to the cut-off, canonical.
    pub tx: DataFrame,
    /// The unit's monthly transactions up to the cut-off.
    pub tx_unit: DataFrame,
    pub figures: UnitFigures,
    /// The as-of date given, or the last day of the last month of data.
    pub cut_off: Day,
    /// First and last day of the reporting year.
    pub year_from: Day,
    pub year_to: Day,
    pub aggregate: AggregateOptions,
    /// Level of the children, and the children (empty without a region table).
    pub child_level: Option<Level>,
    pub children: Vec<Child>,
    /// The year, or its first half.
    pub period: ReportPeriod,
    /// The map units are judged and ranked on, and what was carried onto it.
    pub maps: Maps,
}

impl Scope {
    pub fn new(
        input: &ReportInput,
        catalogue: &Catalogue,
        options: &ReportOptions,
    ) -> Result<Self> {
        let year = options.year;
        let year_start = catalogue.reporting.year_start;
        let aggregate = AggregateOptions {
            year_start,
            ..Default::default()
        };
        let (fy, fm) = year_start.calendar_month(year, 1);
        let year_from = (fy, fm, year_start.day);
        let year_to = civil_from_days(days_from_civil(fy + 1, fm, year_start.day) - 1);

        if input.transactions.height() == 0
            && let Some(ledger) = &input.ledger
        {
            // Every row rejected or skipped (--keep-going): say so, and where the reasons are.
            return Err(invalid_argument(crate::say!(
                    format!("không còn giao dịch nào để báo cáo ({ledger}): mọi dòng đều bị loại hoặc bỏ qua; `cashless check TỆP...` liệt kê lý do của từng dòng"),
                    format!("no transactions left to report on ({ledger}): every row was rejected or skipped; `cashless check FILE...` lists the reason for each row"),
                )));
        }
        // A half-year report ends with the sixth month of the reporting year, or earlier.
        let as_of = match options.period {
            ReportPeriod::Year => options.as_of,
            ReportPeriod::FirstHalf => {
                let (y, m) = year_start.calendar_month(year, 6);
                let end = (y, m, days_in_month(y, m));
                let day = |d: Day| days_from_civil(d.0, d.1, d.2);
                Some(options.as_of.filter(|d| day(*d) < day(end)).unwrap_or(end))
            }
        };
        let estimate = match options.period {
            ReportPeriod::FirstHalf => options.estimate.or(Some(crate::estimate::Estimate::None)),
            ReportPeriod::Year => options.estimate,
        };
        let mut tx = canonical(&input.transactions, "transactions")?;
        if let Some(day) = as_of {
            if days_from_civil(day.0, day.1, day.2) < days_from_civil(fy, fm, year_start.day) {
                return Err(invalid_argument(say!(
                    format!(
                        "ngày chốt số liệu {:02}/{:02}/{} trước ngày bắt đầu năm báo cáo {year} ({:02}/{:02}/{})",
                        day.2, day.1, day.0, year_from.2, year_from.1, year_from.0
                    ),
                    format!(
                        "the cut-off {}-{:02}-{:02} is before reporting year {year} starts ({}-{:02}-{:02})",
                        day.0, day.1, day.2, year_from.0, year_from.1, year_from.2
                    ),
                )));
            }
            tx = cut(&tx, day)?;
        }
        // Data on another map than the region table's is carried onto it at the level of the
        // unit reported on (a district plan's 2025 figures by new commune onto the district).
        let report_level = match (&input.regions, &options.region) {
            (Some(r), Some(code)) => r.get(code).map_or(catalogue.level, |u| u.level),
            _ => catalogue.level,
        };
        let (tx, maps) = Maps::onto(&tx, input.regions.as_ref(), report_level)?;

        let (unit, unit_level, tx_unit) = match &input.regions {
            Some(regions) => {
                let (unit, level) = match &options.region {
                    Some(code) => {
                        let r = regions.get(code).ok_or_else(|| {
                            invalid_argument(say!(
                                format!("đơn vị {code:?} không có trong bảng đơn vị hành chính"),
                                format!("region {code:?} is not in the region table"),
                            ))
                        })?;
                        (code.clone(), r.level)
                    }
                    None => {
                        let codes = distinct(&tx, REGION_CODE)?;
                        let mut units = BTreeSet::new();
                        for code in &codes {
                            units.insert(regions.ancestor_at(code, catalogue.level)?.to_string());
                        }
                        (one_unit(units, Some(catalogue.level))?, catalogue.level)
                    }
                };
                let rolled = rollup(&tx, regions, level)?;
                (unit.clone(), Some(level), only(&rolled, &unit)?)
            }
            None => {
                let unit = match &options.region {
                    Some(code) => code.clone(),
                    None => one_unit(distinct(&tx, REGION_CODE)?.into_iter().collect(), None)?,
                };
                (unit.clone(), None, only(&tx, &unit)?)
            }
        };
        if tx_unit.height() == 0 {
            return Err(invalid_argument(say!(
                format!("số liệu không có giao dịch nào của đơn vị {unit:?}"),
                format!("no transactions of region {unit:?} in the data"),
            )));
        }
        let last = tx_unit
            .column(PERIOD)?
            .cast(&DataType::Int32)?
            .i32()?
            .max()
            .unwrap_or(0);
        let (ly, lm, _) = civil_from_days(last);
        // The report year's own cut-off: data past its end (a 2024 report from files that run
        // into 2025) does not date the report.
        let cut_off = as_of.unwrap_or((ly, lm, days_in_month(ly, lm)));
        let cut_off = if days_from_civil(cut_off.0, cut_off.1, cut_off.2)
            > days_from_civil(year_to.0, year_to.1, year_to.2)
        {
            year_to
        } else {
            cut_off
        };
        let figures = UnitFigures::compute(&tx_unit, year, catalogue.stage, estimate, &aggregate)?;
        if figures.months == 0 {
            return Err(invalid_argument(say!(
                format!(
                    "số liệu không có giao dịch nào của đơn vị {unit:?} trong năm báo cáo {year} \
                     (từ {:02}/{:02}/{} đến {:02}/{:02}/{}); số liệu chỉ đến tháng {lm:02}/{ly}",
                    year_from.2, year_from.1, year_from.0, year_to.2, year_to.1, year_to.0
                ),
                format!(
                    "no transactions of region {unit:?} in reporting year {year} \
                     ({}-{:02}-{:02} to {}-{:02}-{:02}); the data ends {ly}-{lm:02}",
                    year_from.0, year_from.1, year_from.2, year_to.0, year_to.1, year_to.2
                ),
            )));
        }

        let unit_name = input
            .regions
            .as_ref()
            .and_then(|r| r.get(&unit))
            .map_or_else(|| unit.clone(), |r| r.name.clone());
        let mut scope = Scope {
            unit,
            unit_name,
            unit_level,
            tx,
            tx_unit,
            figures,
            cut_off,
            year_from,
            year_to,
            aggregate,
            child_level: None,
            children: Vec::new(),
            period: options.period,
            maps,
        };
        scope.children(input, catalogue, year)?;
        Ok(scope)
    }

    /// The units one level below the unit, when the region table and the data go that deep.
    fn children(&mut self, input: &ReportInput, catalogue: &Catalogue, year: i32) -> Result<()> {
        let (Some(regions), Some(level)) = (&input.regions, self.unit_level) else {
            return Ok(());
        };
        let child_level = match level {
            Level::Nation => Level::Province,
            Level::Province => Level::District,
            Level::District => Level::Commune,
            Level::Commune => return Ok(()),
        };
        self.child_level = Some(child_level);
        // Data reported only above the child level cannot be split down: no ranking then.
        let Ok(rolled) = rollup(&self.tx, regions, child_level) else {
            return Ok(());
        };
        for code in distinct(&rolled, REGION_CODE)? {
            if regions.ancestor_at(&code, level).ok() != Some(self.unit.as_str()) {
                continue;
            }
            let own = only(&rolled, &code)?;
            // The children are completed as the unit is, so their ranking and its figures agree.
            let figures = UnitFigures::compute(
                &own,
                year,
                catalogue.stage,
                Some(self.figures.estimate),
                &self.aggregate,
            )?;
            let name = regions
                .get(&code)
                .map_or_else(|| code.clone(), |r| r.name.clone());
            self.children.push(Child {
                code,
                name,
                figures,
            });
        }
        Ok(())
    }
}

/// Rows of months that end on or before `day`.
fn cut(tx: &DataFrame, day: Day) -> Result<DataFrame> {
    let (y, m, d) = day;
    // The month of the cut-off counts only when the cut-off is its last day.
    let (ny, nm) = if d == days_in_month(y, m) {
        if m == 12 {
            (y + 1, 1)
        } else {
            (y, m + 1)
        }
    } else {
        (y, m)
    };
    let limit = days_from_civil(ny, nm, 1);
    Ok(tx
        .clone()
        .lazy()
        .filter(col(PERIOD).cast(DataType::Int32).lt(lit(limit)))
        .collect()?)
}

fn only(tx: &DataFrame, code: &str) -> Result<DataFrame> {
    Ok(tx
        .clone()
        .lazy()
        .filter(col(REGION_CODE).eq(lit(code)))
        .collect()?)
}

fn distinct(df: &DataFrame, column: &str) -> Result<BTreeSet<String>> {
    Ok(texts(df, column)?.into_iter().flatten().collect())
}

/// The one unit (of `level`, when the catalogue says) the data has, or an error saying to
/// choose.
fn one_unit(units: BTreeSet<String>, level: Option<Level>) -> Result<String> {
    let mut it = units.iter();
    let (n, list) = (
        units.len(),
        units.iter().take(8).cloned().collect::<Vec<_>>().join(", "),
    );
    match (it.next(), it.next()) {
        (Some(u), None) => Ok(u.clone()),
        (None, _) => Err(invalid_argument(say!(
            "số liệu không có giao dịch nào".into(),
            "no transactions in the data".into(),
        ))),
        _ => Err(invalid_argument(say!(
            format!(
                "số liệu có {n} đơn vị{} ({list}): chọn đơn vị cần báo cáo bằng --region (region= trong Python)",
                level.map_or(String::new(), |l| format!(" cấp {}", l.word(Lang::Vi)))
            ),
            format!(
                "the data has {n} {}s ({list}): say which one to report on with --region (region= in Python)",
                level.map_or("unit", Level::name)
            ),
        ))),
    }
}
