//! What one evaluation reads, once: stage averages by unit, channel and metric (computed
//! from monthly or annual transactions, or given as published), the units, the indicators.

use std::collections::BTreeSet;
use std::sync::Arc;

use polars::prelude::*;

use super::AttainmentOptions;
use crate::aggregate::{annual, AggregateOptions, YEAR};
use crate::catalogue::Catalogue;
use crate::channels::Channel;
use crate::error::{invalid_argument, Error, Result};
use crate::estimate::{estimate_year, Estimate, MIN_MONTHS};
use crate::growth::{averages_in, AnnualSeries, Method, SeriesKey, StageAverage};
use crate::indicators::IndicatorData;
use crate::lang::{say, Words};
use crate::metrics::Metric;
use crate::regions::{Level, Regions};
use crate::table::{self, CHANNEL, PERIOD, REGION_CODE, REGION_MAP};
use crate::targets::{Rule, Stage, Target};
use crate::verdicts::{LastYear, StageRow};

/// Inputs of one evaluation, read once.
pub(super) struct Data {
    /// Stage averages by stage, channel and metric, then by unit: a unit's row is at its
    /// place in `units`, so a verdict finds it without hashing the unit's code.
    pub growth: PlHashMap<GrowthKey, Vec<Option<StageRow>>>,
    /// Every unit with transactions or indicators, sorted and distinct; each code shared by
    /// its verdicts.
    pub units: Vec<Arc<str>>,
    pub indicators: Option<IndicatorData>,
}

impl Data {
    pub fn read(
        input: &DataFrame,
        indicators: Option<&DataFrame>,
        catalogue: &Catalogue,
        options: &AttainmentOptions,
    ) -> Result<Self> {
        let indicators = indicators.map(IndicatorData::read).transpose()?;
        if let (Some(ind), Some(regions)) = (&indicators, &options.regions)
            && let Some(code) = ind.regions.iter().find(|c| regions.get(c).is_none())
        {
            return Err(Error::UnknownRegion {
                code: code.clone(),
                location: None,
                reason: say!(
                    "có trong bảng chỉ tiêu nhưng không có trong bảng đơn vị hành chính".into(),
                    "in the indicator table but not in the region table".into(),
                ),
            });
        }
        let stages: BTreeSet<Stage> = catalogue.targets.iter().map(|t| t.stage).collect();
        if input.schema().contains(AVG_GROWTH) {
            let given = published(input, &stages)?;
            let mut units = indicator_units(indicators.as_ref());
            units.extend(given.values().flat_map(|rows| rows.keys().cloned()));
            let units = sorted_units(units);
            let growth = given
                .into_iter()
                .map(|(key, rows)| {
                    let mut by_unit = vec![None; units.len()];
                    for (code, row) in rows {
                        if let Ok(at) = units.binary_search(&code) {
                            by_unit[at] = Some(row);
                        }
                    }
                    (key, by_unit)
                })
                .collect();
            return Ok(Data {
                growth,
                units,
                indicators,
            });
        }
        let monthly = input.schema().contains(PERIOD);
        let agg = AggregateOptions {
            year_start: options.year_start.unwrap_or(catalogue.reporting.year_start),
            ..Default::default()
        };
        // The annual tables to judge: one per level of growth targets when the levels are known.
        let mut tables: Vec<DataFrame> = Vec::new();
        match (&options.regions, monthly) {
            (Some(regions), true) => {
                let levels: BTreeSet<Level> = catalogue
                    .targets
                    .iter()
                    .filter(|t| {
                        let growth = |r: &Rule| matches!(r, Rule::GrowthRange { .. });
                        growth(&t.rule) || t.conflict.as_ref().is_some_and(|c| growth(&c.rule))
                    })
                    .map(|t| t.level)
                    .collect();
                for level in levels {
                    if let Some(tx) = rows_at_or_below(input, regions, level)? {
                        let rolled = crate::rollup(&tx, regions, level)?;
                        tables.push(yearly(&rolled, &agg, options)?);
                    }
                }
            }
            (_, true) => tables.push(yearly(input, &agg, options)?),
            (_, false) => tables.push(input.clone()),
        }
        let wanted = growth_judged(catalogue);
        let mut units = indicator_units(indicators.as_ref());
        let mut read = Vec::with_capacity(tables.len());
        for table in tables {
            check_one_map(&table)?;
            // Years after the one judged (and missing years) are left out; a table that has
            // none is not copied.
            let years = table.column(YEAR)?.strict_cast(&DataType::Int32)?;
            let table = match years.i32()?.max() {
                Some(last) if last <= options.year && years.null_count() == 0 => table,
                _ => table
                    .lazy()
                    .filter(col(YEAR).lt_eq(lit(options.year)))
                    .collect()?,
            };
            let series = AnnualSeries::of(&table)?;
            let mut last = None;
            // Series come sorted by region: each region is looked at once.
            for ((code, _, _), _) in &series.series {
                if last == Some(code) {
                    continue;
                }
                last = Some(code);
                if options
                    .regions
                    .as_ref()
                    .is_some_and(|r| r.get(code).is_none())
                {
                    return Err(Error::UnknownRegion {
                        code: code.to_string(),
                        location: None,
                        reason: say!(
                            "có trong số liệu giao dịch nhưng không có trong bảng đơn vị hành chính"
                                .into(),
                            "in the transactions but not in the region table".into(),
                        ),
                    });
                }
                units.push(Arc::clone(code));
            }
            read.push(series);
        }
        let units = sorted_units(units);
        let mut growth = PlHashMap::new();
        for series in &read {
            for &stage in &stages {
                read_stage_rows(series, stage, &wanted, &units, &mut growth)?;
            }
        }
        Ok(Data {
            growth,
            units,
            indicators,
        })
    }

    /// The place of a unit's code among the units, for a unit not taken from them (one of
    /// the region table's).
    pub fn unit_index(&self, code: &str) -> Option<usize> {
        self.units.binary_search_by(|u| (**u).cmp(code)).ok()
    }

    /// The units a target is judged for, each with its place among the units (always
    /// there: the type is [`Data::unit_index`]'s, for a unit of the region table).
    pub fn units(
        &self,
        target: &Target,
        regions: Option<&Regions>,
    ) -> Vec<(Option<usize>, Arc<str>)> {
        self.units
            .iter()
            .enumerate()
            .filter(|(_, code)| match regions {
                Some(r) => r.get(code).is_some_and(|r| r.level == target.level),
                None => true,
            })
            .map(|(at, code)| (Some(at), Arc::clone(code)))
            .collect()
    }
}

/// The units of the indicator table.
fn indicator_units(indicators: Option<&IndicatorData>) -> Vec<Arc<str>> {
    let codes = indicators.map(|i| i.regions.iter()).into_iter().flatten();
    codes.map(|code| Arc::from(code.as_str())).collect()
}

/// Codes sorted and each kept once. Mostly sorted already (a table's series come by region),
/// which the sort finds in one look.
fn sorted_units(mut units: Vec<Arc<str>>) -> Vec<Arc<str>> {
    units.sort_unstable();
    units.dedup();
    units
}

/// The stages and channels whose growth some target judges (in its rule, or in the rule of
/// a document it conflicts with).
fn growth_judged(catalogue: &Catalogue) -> Vec<(Stage, Channel)> {
    let mut judged = Vec::new();
    for target in &catalogue.targets {
        let conflict = target.conflict.as_ref().map(|c| &c.rule);
        for rule in std::iter::once(&target.rule).chain(conflict) {
            if let Rule::GrowthRange { channel, .. } = rule
                && !judged.contains(&(target.stage, *channel))
            {
                judged.push((target.stage, *channel));
            }
        }
    }
    judged
}

/// Monthly transactions summed into reporting years, the year judged estimated in full when
/// asked.
fn yearly(
    monthly: &DataFrame,
    agg: &AggregateOptions,
    options: &AttainmentOptions,
) -> Result<DataFrame> {
    match options.estimate {
        Estimate::None => annual(monthly, agg),
        e => estimate_year(monthly, options.year, e, MIN_MONTHS, agg),
    }
}

fn rows_at_or_below(tx: &DataFrame, regions: &Regions, level: Level) -> Result<Option<DataFrame>> {
    let codes: Vec<&str> = regions
        .iter()
        .filter(|r| r.level >= level && regions.ancestor_at(&r.code, level).is_ok())
        .map(|r| r.code.as_str())
        .collect();
    if codes.is_empty() {
        return Ok(None);
    }
    let keep = df!("__code" => codes)?;
    let tx = table::canonical(tx, table::IN_MEMORY)?;
    let columns = tx.get_column_names_owned();
    // Codes are unique in the region table, so an inner join keeps each row once.
    let out = tx
        .lazy()
        .join(
            keep.lazy(),
            [col(REGION_CODE)],
            [col("__code")],
            JoinArgs::new(JoinType::Inner),
        )
        .select(columns.into_iter().map(col).collect::<Vec<_>>())
        .collect()?;
    Ok((out.height() > 0).then_some(out))
}

fn check_one_map(annual: &DataFrame) -> Result<()> {
    let Ok(map) = annual.column(REGION_MAP) else {
        return Ok(());
    };
    let maps: BTreeSet<&str> = map.str()?.iter().flatten().collect();
    if maps.len() > 1 {
        let maps = maps.into_iter().collect::<Vec<_>>().join(", ");
        return Err(invalid_argument(say!(
            format!(
                "số liệu theo nhiều bản đồ hành chính ({maps}): hãy đưa về một bản đồ bằng \
                 apply_crosswalk trước, để mỗi đơn vị chỉ được đánh giá một lần"
            ),
            format!(
                "the data is on several administrative maps ({maps}): put it on one with \
                 apply_crosswalk first, so each unit is judged once"
            ),
        )));
    }
    Ok(())
}

/// Stage, channel and metric of a stage average (a map by region under it).
type GrowthKey = (Stage, Channel, Metric);

/// The stage averages of the series of `annual` whose channel a target of the stage judges
/// (`wanted`), and their stage's last year, into `out`.
fn read_stage_rows(
    annual: &Arc<AnnualSeries>,
    stage: Stage,
    wanted: &[(Stage, Channel)],
    units: &[Arc<str>],
    out: &mut PlHashMap<GrowthKey, Vec<Option<StageRow>>>,
) -> Result<()> {
    // Channel names as the table has them (a handful), each parsed once.
    let mut parsed: Vec<(&str, Channel)> = Vec::new();
    for ((_, _, name), _) in &annual.series {
        if !parsed.iter().any(|(n, _)| *n == &**name) {
            parsed.push((name, Channel::parse(name)?));
        }
    }
    let channel_of = |name: &str| parsed.iter().find(|(n, _)| *n == name).map(|(_, c)| *c);
    // Only the channels some target of the stage judges: the others' averages would be
    // computed and never read.
    let judged = |key: &SeriesKey| channel_of(&key.2).is_some_and(|c| wanted.contains(&(stage, c)));
    // Those [`crate::average_growth`] computed for the stage on the same table, where it was
    // asked first; else only the judged ones.
    let averages = match annual.kept_averages(stage.start, stage.end, Method::Geometric) {
        Some(all) => all
            .iter()
            .filter(|(series, _, _)| judged(&annual.series[*series].0))
            .cloned()
            .collect(),
        None => averages_in(annual, stage.start, stage.end, Method::Geometric, judged),
    };
    // Series come sorted by region, as the units are: each series' unit is found by going
    // on from the last one's (its code mostly the same `Arc`, told without reading it).
    let mut at = 0;
    for (series, metric, average) in averages {
        let ((region, _, name), range) = &annual.series[series];
        let Some(channel) = channel_of(name) else {
            continue;
        };
        while let Some(unit) = units.get(at)
            && !Arc::ptr_eq(unit, region)
            && **unit < **region
        {
            at += 1;
        }
        if units.get(at).is_none_or(|unit| **unit != **region) {
            return Err(Error::Internal(
                say!(
                    format!(
                        "đơn vị {region} của một chuỗi số liệu không có trong danh sách đơn vị"
                    ),
                    format!("unit {region} of a series is not among the units read"),
                )
                .to_string(),
            ));
        }
        let last_year = annual.years(range).get(stage.end).map(|row| LastYear {
            months: row.months,
            estimated: row.estimate().is_some(),
            note: row.note().cloned(),
        });
        out.entry((stage, channel, metric))
            .or_insert_with(|| vec![None; units.len()])[at] = Some(StageRow { last_year, average });
    }
    Ok(())
}

/// `avg_growth` column: a stage average given rather than computed.
const AVG_GROWTH: &str = "avg_growth";

/// Stage averages given directly, as a press release gives them (the SBV's 58,86 % a year in
/// count over 2021–2025): `region_code, channel, metric, avg_growth`, and optionally
/// `base_year` and `end_year` (a row counts for a stage only when they are the stage's; by
/// default the whole stage), `years`, `base_level`, `end_level` and `note`: the shape
/// [`crate::average_growth`] returns.
fn published(
    table: &DataFrame,
    stages: &BTreeSet<Stage>,
) -> Result<PlHashMap<GrowthKey, PlHashMap<Arc<str>, StageRow>>> {
    let src = "stage averages";
    let text = |name: &str| -> Result<Vec<Option<String>>> {
        let c = table::text_column(table, src, name)?;
        Ok(c.str()?.iter().map(|s| s.map(str::to_string)).collect())
    };
    let optional_ints = |name: &str| -> Result<Vec<Option<i64>>> {
        Ok(match table.column(name) {
            Ok(c) => c.strict_cast(&DataType::Int64)?.i64()?.iter().collect(),
            Err(_) => vec![None; table.height()],
        })
    };
    let (region, channel, metric) = (text(REGION_CODE)?, text(CHANNEL)?, text("metric")?);
    let notes = match table.column("note") {
        Ok(_) => text("note")?,
        Err(_) => vec![None; table.height()],
    };
    let avg: Vec<Option<f64>> = table
        .column(AVG_GROWTH)?
        .strict_cast(&DataType::Float64)?
        .f64()?
        .iter()
        .collect();
    let (base_year, end_year, years) = (
        optional_ints("base_year")?,
        optional_ints("end_year")?,
        optional_ints("years")?,
    );
    let (base_level, end_level) = (optional_ints("base_level")?, optional_ints("end_level")?);
    let bad = |row: usize, column: &str, value: String, vi: &str, en: &str| Error::InvalidValue {
        location: crate::Location::new(src, row, column, value).into(),
        reason: say!(vi.into(), en.into()),
    };
    let mut out = PlHashMap::new();
    for i in 0..table.height() {
        let region = region[i]
            .clone()
            .ok_or_else(|| bad(i, REGION_CODE, "null".into(), "để trống", "is missing"))?;
        let channel = Channel::parse(channel[i].as_deref().unwrap_or_default())?;
        let metric = match metric[i].as_deref() {
            Some("count") => Metric::Count,
            Some("value") => Metric::Value,
            other => {
                return Err(bad(
                    i,
                    "metric",
                    other.unwrap_or("null").into(),
                    "không phải count (số lượng) hay value (giá trị)",
                    "is not count or value",
                ))
            }
        };
        if let Some(g) = avg[i].filter(|g| !g.is_finite() || *g <= -1.0) {
            return Err(bad(
                i,
                AVG_GROWTH,
                g.to_string(),
                "không phải tốc độ tăng (một phân số lớn hơn -1: 0.2 là 20 %)",
                "is not a growth rate (a fraction above -1: 0.2 for 20 %)",
            ));
        }
        let int = |v: Option<i64>| v.and_then(|v| i32::try_from(v).ok());
        for &stage in stages {
            if base_year[i].is_some_and(|b| b != i64::from(stage.base_year())) {
                continue;
            }
            let end = int(end_year[i]).unwrap_or(stage.end);
            if end > stage.end {
                continue;
            }
            let by_region: &mut PlHashMap<Arc<str>, StageRow> =
                out.entry((stage, channel, metric)).or_default();
            if by_region.contains_key(region.as_str()) {
                return Err(bad(
                    i,
                    AVG_GROWTH,
                    format!("{region} {channel} {}", metric.name()),
                    "có hai lần cho cùng giai đoạn, đơn vị, kênh và chỉ tiêu",
                    "is given twice for the same stage, unit, channel and metric",
                ));
            }
            let row = StageRow {
                last_year: None,
                average: StageAverage {
                    base_year: stage.base_year(),
                    end_year: Some(end),
                    years: int(years[i]).or(Some(end - stage.base_year())),
                    base_level: base_level[i],
                    end_level: end_level[i],
                    avg: avg[i],
                    method: None,
                    note: notes[i].clone().map(Words::same),
                },
            };
            by_region.insert(Arc::from(region.as_str()), row);
        }
    }
    Ok(out)
}
