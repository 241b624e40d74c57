//! Verdicts (method §3): for each target of a catalogue and each unit, did it reach the target,
//! by how much, and — for a stage still under way — is it on track?
//!
//! A finished stage is `exceeded`, `met` or `below`. A stage under way is judged by the
//! progress measure of Eurostat and Open SDG (open-sdg/sdg-build, `sdg/ProgressMeasure.py`,
//! methodology 2): the target reached first (then `met`, or `exceeded`), else the growth
//! achieved since the base year over the constant growth from the base year that reaches the
//! target in the end year, `cagr(current, base) / cagr(target, base)`, which classifies it
//! `on_track` (≥ 0.95), `acceleration_needed` (0.60–0.95), `limited_progress` (0–0.60) or
//! `deterioration` (< 0). For a growth range the target level is the base year's grown at `lo`
//! for the whole stage, so the ratio is the average achieved over `lo`. [`Progress::Remaining`]
//! keeps the earlier ratio, over the growth still required in the remaining years; that growth
//! is in the `required` column either way. What cannot be judged is `not_evaluable`, with the
//! missing indicator, unit and year named.

use std::collections::BTreeSet;
use std::sync::Arc;

use polars::prelude::*;

use crate::calendar::YearStart;
use crate::catalogue::Catalogue;
use crate::error::Result;
use crate::estimate::Estimate;
use crate::keys::{gathered_column, notes_column, optional_column, runs_column};
use crate::lang::{say, Lang, Words};
use crate::regions::{Level, Regions};
use crate::table::REGION_CODE;
use crate::targets::{Reading, Rule, Target};
use crate::verdicts::{self, Verdict};

pub use crate::status::{Progress, Status};

mod data;
use data::Data;

/// Options of [`attainment`].
///
/// ```
/// let o = cashless::AttainmentOptions { year: 2024, ..Default::default() };
/// assert_eq!((o.year, o.reading), (2024, cashless::Reading::Body));
/// ```
#[derive(Debug, Clone)]
pub struct AttainmentOptions {
    /// The year judged: the last year of data the verdicts rest on (later years are ignored).
    /// A stage that ends after it is under way. (A year, where a report's cut-off is a day.)
    pub year: i32,
    /// First day of the reporting year for monthly input; `None` takes the catalogue's
    /// reporting calendar (Thanh Hóa: 1 December).
    pub year_start: Option<YearStart>,
    /// The region table. With it, each target is judged for the units of its level only, and
    /// monthly transactions are rolled up to that level; without it, for every unit in the
    /// data.
    pub regions: Option<Regions>,
    /// Which reading of a self-contradicting document to judge against.
    pub reading: Reading,
    /// How a stage under way is judged (see the [module](self) documentation).
    pub progress: Progress,
    /// For monthly input, how the year judged is completed when the data has only part of
    /// it ([`crate::estimate`]). A stage judged on an estimated last year gets a final verdict
    /// marked `estimated`; a stage whose last year is partial and not estimated gets none.
    pub estimate: Estimate,
}

impl Default for AttainmentOptions {
    fn default() -> Self {
        Self {
            year: 2025,
            year_start: None,
            regions: None,
            reading: Reading::Body,
            progress: Progress::OpenSdg,
            estimate: Estimate::None,
        }
    }
}

/// Judges every target of `catalogue` for every unit.
///
/// `input` is the canonical monthly table (summed into reporting years with the catalogue's
/// calendar unless `options.year_start` says otherwise) or an annual table as from
/// [`crate::annual`]. `indicators` is the table `region_code, year, indicator, value` that
/// share, coverage and rising targets read (see [`crate::indicators`]).
///
/// Returns one row per target × unit, targets in catalogue order, units sorted (a target
/// with no unit of its level in the data keeps one `not_evaluable` row, `region_code` null):
/// `target_id, region_code, rule, actual, lo, hi, status, gap_pp, ratio, required,
/// projected, years_used, estimated, note`, then `indicator, level, year, conflict`.
/// - `estimated`: the verdict is final on an estimated last year (`options.estimate`); the
///   note gives the estimate's basis.
/// - `actual`: the stage average (growth), the share (share, coverage), or the fraction of
///   the years that rose (rising every year); `year` is the year of that figure.
/// - `gap_pp`: `actual − lo` in percentage points (negative when short).
/// - `ratio`: finished stage, `actual / lo`; under way, achieved / required growth.
/// - `required`: the yearly growth still required in the remaining years (method §2); negative
///   when the level is reached already: the figure could fall that much a year and still
///   meet the target.
/// - `projected`: the level (growth) or the share at the end of the stage if the growth
///   achieved so far continues.
///
/// ```
/// use cashless::attainment::{attainment, AttainmentOptions};
/// use polars::prelude::*;
/// let annual = df!(
///     "region_code" => ["38"; 6],
///     "channel" => ["mobile"; 6],
///     "year" => [2020i32, 2021, 2022, 2023, 2024, 2025],
///     "count" => [100i64, 150, 225, 338, 506, 759],   // ≈ 50 %/yr
///     "value" => [100i64, 180, 324, 583, 1050, 1890], // 80 %/yr
/// ).unwrap();
/// let cat = cashless::Catalogue::builtin("decision-1813").unwrap();
/// let v = attainment(&annual, None, &cat, &AttainmentOptions::default()).unwrap();
/// let mobile_value = v.filter(&v.column("target_id").unwrap().str().unwrap().equal("growth.mobile.value")).unwrap();
/// assert_eq!(mobile_value.column("status").unwrap().str().unwrap().get(0), Some("met"));
/// ```
pub fn attainment(
    input: &DataFrame,
    indicators: Option<&DataFrame>,
    catalogue: &Catalogue,
    options: &AttainmentOptions,
) -> Result<DataFrame> {
    frame(&judge(input, indicators, catalogue, options)?)
}

/// One verdict: a target judged for one unit, or for none when the data has no unit of its
/// level. [`attainment`]'s rows, before they are a table.
#[derive(Debug, Clone)]
pub(crate) struct Judgement<'a> {
    pub target: &'a Target,
    /// The rule judged: the body's, or the other reading's.
    pub rule: &'a Rule,
    /// Shared by the unit's verdicts on every target.
    pub region: Option<Arc<str>>,
    /// The unit's level: the target's, or a parent's, for a target all its units must meet.
    pub level: Level,
    pub verdict: Verdict,
}

/// The verdicts of [`attainment`], as values: targets in catalogue order, units sorted.
pub(crate) fn judge<'a>(
    input: &DataFrame,
    indicators: Option<&DataFrame>,
    catalogue: &'a Catalogue,
    options: &AttainmentOptions,
) -> Result<Vec<Judgement<'a>>> {
    let data = Data::read(input, indicators, catalogue, options)?;
    // Mostly a verdict a target and unit: room made once, where thousands of verdicts were
    // moved at every doubling.
    let mut rows = Vec::with_capacity(catalogue.targets.len() * data.units.len().max(1));
    let judged =
        |target: &'a Target, rule: &'a Rule, region: Option<Arc<str>>, verdict| Judgement {
            target,
            rule,
            region,
            level: target.level,
            verdict,
        };
    for target in &catalogue.targets {
        let mut units = data.units(target, options.regions.as_ref());
        // Rising in every commune: every unit of the region table under the parents that
        // have data is judged (one with no figures is named `not_evaluable`), then each parent.
        let parents = match (&target.rule, &options.regions) {
            (Rule::RisingEveryYear { .. }, Some(regions)) => {
                let parents = parents_of(&units, regions);
                units = regions
                    .iter()
                    .filter(|r| r.level == target.level)
                    .filter(|r| r.parent.as_ref().is_some_and(|p| parents.contains(p)))
                    .map(|r| (data.unit_index(&r.code), Arc::from(r.code.as_str())))
                    .collect();
                parents
            }
            _ => BTreeSet::new(),
        };
        let mut below: Vec<(String, Verdict)> = Vec::new();
        let rule = target.rule_for(options.reading);
        if units.is_empty() {
            // Every target keeps a row, so a report lists it even when no unit can be judged.
            let why = crate::say!(
                format!(
                    "số liệu không có đơn vị {} nào để đánh giá chỉ tiêu này",
                    target.level.word(crate::lang::Lang::Vi)
                ),
                format!("no {} in the data to judge this target for", target.level),
            );
            rows.push(judged(target, rule, None, Verdict::missing(why)));
        }
        // What every unit gets whatever its figures, worded once for the target; and for a
        // self-contradicting target, its other reading's rule, where that is written, and
        // what it says whatever the figures.
        let common = unit_free(&data, target, rule, options);
        let other_reading = target.conflict.as_ref().map(|c| {
            let (other, where_) = match options.reading {
                Reading::Body => (
                    &c.rule,
                    cited(
                        &c.source,
                        say!("cách đọc kia".into(), "the other reading".into()),
                    ),
                ),
                Reading::Alternative => (
                    &target.rule,
                    cited(
                        &target.source,
                        say!("phần nội dung".into(), "body text".into()),
                    ),
                ),
            };
            (c, other, where_, unit_free(&data, target, other, options))
        });
        for (unit, region) in units {
            let mut v = match &common {
                Some(v) => v.clone(),
                None => evaluate(&data, target, rule, (unit, &region), options),
            };
            if !parents.is_empty() {
                below.push((region.to_string(), v.clone()));
            }
            judged_year_note(&mut v, target, options.year);
            if let Some((c, other, where_, common_other)) = &other_reading {
                let alt = match common_other {
                    Some(v) => v.clone(),
                    None => evaluate(&data, target, other, (unit, &region), options),
                };
                let said = |lang: Lang| {
                    (
                        other.threshold_in(lang),
                        alt.status.word(lang),
                        c.note_in(lang),
                    )
                };
                let ((vi_threshold, vi_status, vi_why), (en_threshold, en_status, en_why)) =
                    (said(Lang::Vi), said(Lang::En));
                v.note.push(say!(
                    format!("cách đọc khác ({where_}, {vi_threshold}): {vi_status}; {vi_why}"),
                    format!(
                        "conflicting reading ({where_}, {en_threshold}): {en_status}; {en_why}"
                    ),
                ));
            }
            rows.push(judged(target, rule, Some(region), v));
        }
        if let Some(regions) = &options.regions {
            for parent in parents {
                let name = |code: &str| {
                    regions
                        .get(code)
                        .map_or(code.to_string(), |r| r.name.clone())
                };
                let mine: Vec<(String, &Verdict)> = below
                    .iter()
                    .filter(|(code, _)| {
                        regions.get(code).and_then(|r| r.parent.as_deref()) == Some(&parent)
                    })
                    .map(|(code, v)| (name(code), v))
                    .collect();
                let level = regions.get(&parent).map_or(target.level, |r| r.level);
                let mut v = verdicts::rising_everywhere(&mine, target.stage, options.year);
                judged_year_note(&mut v, target, options.year);
                rows.push(Judgement {
                    level,
                    ..judged(
                        target,
                        target.rule_for(options.reading),
                        Some(parent.into()),
                        v,
                    )
                });
            }
        }
    }
    Ok(rows)
}

/// A verdict before the deadline says the year it is as of.
fn judged_year_note(v: &mut Verdict, target: &Target, year: i32) {
    if year < target.stage.end && v.status != Status::NotEvaluable {
        v.note.insert(
            0,
            crate::say!(format!("đến năm {year}"), format!("as of {year}")),
        );
    }
}

/// The direct parents of `units` in the region table.
fn parents_of(units: &[(Option<usize>, Arc<str>)], regions: &Regions) -> BTreeSet<String> {
    units
        .iter()
        .filter_map(|(_, u)| regions.get(u)?.parent.clone())
        .collect()
}

/// Where a reading is written, or what it is when the catalogue does not say.
fn cited(source: &crate::targets::Source, otherwise: Words) -> Words {
    let at = Words::shown(source);
    if at.get(Lang::Vi).is_empty() {
        otherwise
    } else {
        at
    }
}

/// The verdict of a target for any unit, where it does not depend on the unit's figures: a
/// stage not yet begun, or a rule that reads indicators with no indicator table given.
fn unit_free(
    data: &Data,
    target: &Target,
    rule: &Rule,
    options: &AttainmentOptions,
) -> Option<Verdict> {
    let (year, stage) = (options.year, target.stage);
    if year < stage.start {
        return Some(Verdict::missing(crate::say!(
            format!(
                "giai đoạn {}–{} chưa bắt đầu vào năm {year}",
                stage.start, stage.end
            ),
            format!(
                "the stage {}-{} has not started by {year}",
                stage.start, stage.end
            ),
        )));
    }
    if data.indicators.is_some() {
        return None;
    }
    let needed = rule.indicators();
    (!needed.is_empty()).then(|| verdicts::no_indicator_table(&needed.join(", ")))
}

/// The verdict of a target for one unit: [`unit_free`]'s where there is one (judged once a
/// target by [`judge`], which then asks here only for the others), else from its figures.
fn evaluate(
    data: &Data,
    target: &Target,
    rule: &Rule,
    // The unit's place among the data's units (none for a unit the data does not have), and
    // its code.
    (unit, region): (Option<usize>, &str),
    options: &AttainmentOptions,
) -> Verdict {
    if let Some(v) = unit_free(data, target, rule, options) {
        return v;
    }
    let (year, progress) = (options.year, options.progress);
    let stage = target.stage;
    match (rule, data.indicators.as_ref()) {
        (
            Rule::GrowthRange {
                channel,
                metric,
                lo,
                hi,
            },
            _,
        ) => {
            let row = data
                .growth
                .get(&(stage, *channel, *metric))
                .and_then(|by_unit| by_unit.get(unit?)?.as_ref());
            match row {
                None => Verdict::missing(crate::say!(
                    format!(
                        "không có giao dịch kênh {} của đơn vị {region}",
                        channel.word(Lang::Vi)
                    ),
                    format!(
                        "no transactions by {} for region {region}",
                        channel.word(Lang::En)
                    ),
                )),
                Some(row) => verdicts::growth(
                    row,
                    stage,
                    *lo,
                    *hi,
                    &|| {
                        crate::say!(
                            format!("{} của đơn vị {region}", metric.of(*channel, Lang::Vi)),
                            format!("{} for region {region}", metric.of(*channel, Lang::En)),
                        )
                    },
                    progress,
                ),
            }
        }
        (Rule::Share { ratio, lo, hi }, Some(ind)) => {
            verdicts::share(ind, ratio, stage, *lo, *hi, region, year, progress)
        }
        (Rule::FullCoverage { ratio }, Some(ind)) => {
            verdicts::share(ind, ratio, stage, 1.0, Some(1.0), region, year, progress)
        }
        (Rule::RisingEveryYear { indicator }, Some(ind)) => {
            verdicts::rising(ind, indicator, stage, region, year)
        }
        // Without an indicator table, `unit_free` has answered for these rules.
        (_, None) => verdicts::no_indicator_table(&rule.indicators().join(", ")),
    }
}

/// The result table, column by column.
/// The `indicator` column: a rule's indicator written once for its run of rows (a target's
/// verdicts for every unit come together).
fn indicator_column(rows: &[Judgement<'_>]) -> Result<Column> {
    let mut written: Vec<(&Rule, String)> = Vec::new();
    let mut index = Vec::with_capacity(rows.len());
    for r in rows {
        if !written
            .last()
            .is_some_and(|(rule, _)| std::ptr::eq(*rule, r.rule))
        {
            written.push((r.rule, r.rule.indicator()));
        }
        index.push((written.len() - 1) as IdxSize);
    }
    let texts: Vec<&str> = written.iter().map(|(_, text)| text.as_str()).collect();
    gathered_column("indicator", texts, index)
}

fn frame(rows: &[Judgement<'_>]) -> Result<DataFrame> {
    // Generic, not `dyn`: each column's reads are inlined into its loop.
    fn each_f64(rows: &[Judgement<'_>], name: &str, f: impl Fn(&Verdict) -> Option<f64>) -> Column {
        optional_column::<Float64Type>(name, rows.iter().map(|r| f(&r.verdict)))
    }
    let bounds: Vec<(f64, Option<f64>)> = rows.iter().map(|r| r.rule.bounds()).collect();
    let lang = crate::lang::language();
    Ok(DataFrame::new(
        rows.len(),
        vec![
            // A target's rows come together: its id, rule and level written once a run.
            runs_column("target_id", rows.iter().map(|r| r.target.id.as_str()))?,
            Column::new(
                REGION_CODE.into(),
                rows.iter().map(|r| r.region.as_deref()).collect::<Vec<_>>(),
            ),
            runs_column("rule", rows.iter().map(|r| r.rule.kind()))?,
            each_f64(rows, "actual", |v| v.actual),
            Column::new("lo".into(), bounds.iter().map(|b| b.0).collect::<Vec<_>>()),
            optional_column::<Float64Type>("hi", bounds.iter().map(|b| b.1)),
            runs_column("status", rows.iter().map(|r| r.verdict.status.name()))?,
            each_f64(rows, "gap_pp", |v| v.gap_pp),
            each_f64(rows, "ratio", |v| v.ratio),
            each_f64(rows, "required", |v| v.required),
            each_f64(rows, "projected", |v| v.projected),
            optional_column::<Int32Type>("years_used", rows.iter().map(|r| r.verdict.years_used)),
            Column::new(
                "estimated".into(),
                rows.iter().map(|r| r.verdict.estimated).collect::<Vec<_>>(),
            ),
            notes_column("note", rows.iter().map(|r| r.verdict.note.as_slice()), lang)?,
            indicator_column(rows)?,
            runs_column("level", rows.iter().map(|r| r.level.name()))?,
            optional_column::<Int32Type>("year", rows.iter().map(|r| r.verdict.year)),
            Column::new(
                "conflict".into(),
                rows.iter()
                    .map(|r| r.target.conflict.is_some())
                    .collect::<Vec<_>>(),
            ),
        ],
    )?)
}
