//! The rules of method §3 applied to one target and one unit: growth ranges, shares, full
//! coverage, rising every year. [`crate::attainment`] gathers the data and the rows.

use crate::growth::StageAverage;
use crate::growth::{project, required_growth_for_average, required_growth_to_level};
use crate::indicators::IndicatorData;
use crate::lang::{say, Words};
use crate::status::{Progress, Status};
use crate::targets::{Ratio, Stage};

// A figure within this of a bound is on it: stage averages are n-th roots, and 1.2^5 read
// back through a fifth root is 0.2 only to about 1e-15.
const EPS: f64 = 1e-9;

/// One verdict, before it becomes a row of the result.
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    pub status: Status,
    pub actual: Option<f64>,
    pub year: Option<i32>,
    pub gap_pp: Option<f64>,
    pub ratio: Option<f64>,
    pub required: Option<f64>,
    pub projected: Option<f64>,
    pub years_used: Option<i32>,
    /// A final verdict on an estimated last year ([`crate::estimate`]).
    pub estimated: bool,
    pub note: Vec<Words>,
}

impl Verdict {
    fn new(status: Status) -> Self {
        Verdict {
            status,
            actual: None,
            year: None,
            gap_pp: None,
            ratio: None,
            required: None,
            projected: None,
            years_used: None,
            estimated: false,
            note: vec![],
        }
    }

    pub fn missing(note: Words) -> Self {
        let mut v = Verdict::new(Status::NotEvaluable);
        v.note.push(note);
        v
    }

    /// The notes joined, in `lang`; `None` when there are none. A single note is borrowed:
    /// most verdicts have one, and a table of thousands of verdicts would copy each.
    pub fn note_in(&self, lang: crate::lang::Lang) -> Option<std::borrow::Cow<'_, str>> {
        Words::notes_in(&self.note, lang)
    }

    /// A figure set against `lo`: the actual, its year and its gap in percentage points.
    fn against(status: Status, actual: f64, year: i32, lo: f64) -> Self {
        let mut v = Verdict::new(status);
        v.actual = Some(actual);
        v.year = Some(year);
        v.gap_pp = Some((actual - lo) * 100.0);
        v
    }
}

/// The stage's last year of one series in the annual table.
#[derive(Debug, Clone)]
pub(crate) struct LastYear {
    /// Months of it in the data.
    pub months: i32,
    /// Completed by an estimate.
    pub estimated: bool,
    /// The estimate's basis, or why it was not estimated.
    pub note: Option<Words>,
}

/// The stage average of one unit, channel and metric, and the stage's last year in the data.
#[derive(Debug, Clone)]
pub(crate) struct StageRow {
    /// The stage's last year, when the data has it.
    pub last_year: Option<LastYear>,
    pub average: StageAverage,
}

/// Exceeded, met or below at the deadline.
fn finished(actual: f64, lo: f64, hi: Option<f64>) -> Status {
    if hi.is_some_and(|h| actual > h + EPS) {
        Status::Exceeded
    } else if actual >= lo - EPS {
        Status::Met
    } else {
        Status::Below
    }
}

/// `2025`, or `2024-2025`.
fn years_span(from: i32, to: i32) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from}-{to}")
    }
}

/// A percentage in the language of messages: `58,86 %`, `58.86 %`.
fn pct(x: f64) -> String {
    crate::lang::language().percent(x, 2)
}

/// A growth-range target for one unit: `what` names the series in notes.
pub(crate) fn growth(
    row: &StageRow,
    stage: Stage,
    lo: f64,
    hi: Option<f64>,
    // What is judged, in words for a note: worded only when a note needs it.
    what: &dyn Fn() -> Words,
    progress: Progress,
) -> Verdict {
    let last_year = row.last_year.as_ref();
    if let Some(y) = last_year.filter(|y| y.months < 12 && !y.estimated) {
        // A stage whose last year is partly in the data is neither finished nor under way:
        // only an estimate of the whole year can judge it.
        let what = what();
        let mut v = Verdict::missing(say!(
            format!(
                "{what}: năm {} mới có {} tháng số liệu; cần ước tính cả năm (--estimate same_period, estimate=\"same_period\") để đánh giá giai đoạn",
                stage.end, y.months
            ),
            format!(
                "{what}: {} has {} of 12 months in the data; the stage is judged on an estimate of the full year (--estimate same_period, estimate=\"same_period\")",
                stage.end, y.months
            ),
        ));
        v.note.extend(y.note.clone());
        return v;
    }
    // Levels are there when the average was computed from the data, not when it was given
    // (a published average): only a projection needs them.
    let a = &row.average;
    let (base, last) = (a.base_level, a.end_level);
    let (Some(avg), Some(end_year), Some(n)) = (a.avg, a.end_year, a.years) else {
        let why = a.note.clone().unwrap_or_else(|| {
            say!(
                "không có bình quân giai đoạn".into(),
                "no stage average".into(),
            )
        });
        let what = what();
        return Verdict::missing(say!(format!("{what}: {why}"), format!("{what}: {why}")));
    };
    if end_year >= stage.end {
        let mut v = Verdict::against(finished(avg, lo, hi), avg, end_year, lo);
        v.years_used = Some(n);
        v.ratio = (lo > 0.0).then(|| avg / lo);
        v.estimated = last_year.is_some_and(|y| y.estimated);
        v.note.extend(a.note.clone());
        return v;
    }
    // Under way: the growth still required in the remaining years for the stage to average
    // `lo` (method §2), against the average achieved so far. n years at the average realise the
    // same product as the yearly rates themselves.
    let remaining = stage.years() - n;
    let realised = vec![avg; n as usize];
    let Ok(required) = required_growth_for_average(lo, stage.years() as u32, &realised) else {
        // Only a fall to zero leaves no base to grow from.
        let mut v = Verdict::against(Status::Deterioration, avg, end_year, lo);
        v.years_used = Some(n);
        let (b, l) = (
            base.map_or("—".into(), |b| b.to_string()),
            last.map_or("—".into(), |l| l.to_string()),
        );
        let b_year = stage.base_year();
        v.note.push(say!(
            format!("giảm từ {b} năm {b_year} xuống {l} năm {end_year}"),
            format!("fell from {b} in {b_year} to {l} in {end_year}"),
        ));
        return v;
    };
    // Open SDG's ratio: cagr(current, base) / cagr(target, base). The target level is the
    // base year grown at `lo` over the whole stage, so cagr(target, base) is `lo` itself.
    let ratio = match progress {
        Progress::OpenSdg => (lo > 0.0).then(|| avg / lo),
        Progress::Remaining => (required > 0.0).then(|| avg / required),
    };
    let status = if required <= 0.0 {
        // The target level is reached (checked first, as Open SDG does): above the range is
        // exceeded, as at the deadline.
        finished(avg, lo, hi)
    } else {
        // A target of no growth not yet reached is a fall.
        ratio.map_or(Status::Deterioration, Status::from_progress)
    };
    let mut v = Verdict::against(status, avg, end_year, lo);
    v.years_used = Some(n);
    v.required = Some(required);
    v.projected = last.and_then(|last| project(last as f64, avg, remaining).ok());
    if required > 0.0 {
        v.ratio = ratio;
    }
    v.note.extend(a.note.clone());
    if required <= 0.0 {
        v.note.push(say!(
            format!(
                "mức cần có đến năm {} để bình quân đạt {} đã đạt được ngay năm {end_year}",
                stage.end,
                pct(lo)
            ),
            format!(
                "the level a {} average needs by {} is reached already in {end_year}",
                pct(lo),
                stage.end
            ),
        ));
    } else {
        let rest = years_span(end_year + 1, stage.end);
        v.note.push(say!(
            format!(
                "{}–{end_year} đã tăng bình quân {}/năm; năm {rest} cần tăng {}/năm để bình quân giai đoạn đạt {}",
                stage.start,
                pct(avg),
                pct(required),
                pct(lo)
            ),
            format!(
                "{} a year achieved {}-{end_year}; {} a year needed in {rest} for a {} average",
                pct(avg),
                stage.start,
                pct(required),
                pct(lo)
            ),
        ));
    }
    v
}

/// The share of `ratio` for a unit and year, or what is missing or wrong.
fn share_at(ind: &IndicatorData, ratio: &Ratio, region: &str, year: i32) -> Result<f64, Words> {
    let missing = |name: &str| {
        say!(
            format!("thiếu {name} của đơn vị {region}, năm {year}"),
            format!("missing {name} for region {region}, year {year}"),
        )
    };
    match ratio {
        Ratio::Parts {
            numerator,
            denominator,
        } => {
            let (num, den) = (
                ind.get(region, numerator, year),
                ind.get(region, denominator, year),
            );
            match (num, den) {
                (Some(n), Some(0.0)) => Err(say!(
                    format!(
                        "{denominator} của đơn vị {region}, năm {year} bằng 0 ({numerator} là {n})"
                    ),
                    format!(
                        "{denominator} is 0 for region {region}, year {year} ({numerator} is {n})"
                    ),
                )),
                (Some(n), Some(d)) if n > d * (1.0 + EPS) => Err(say!(
                    format!(
                        "{numerator} ({n}) lớn hơn {denominator} ({d}) của đơn vị {region}, năm \
                         {year}: tỷ lệ trên 100 % là số liệu sai"
                    ),
                    format!(
                        "{numerator} ({n}) exceeds {denominator} ({d}) for region {region}, year \
                         {year}: a share above 100 % is a data error"
                    ),
                )),
                (Some(n), Some(d)) => Ok(n / d),
                (None, Some(_)) => Err(missing(numerator)),
                (Some(_), None) => Err(missing(denominator)),
                (None, None) => Err(Words::joined(
                    &[missing(numerator), missing(denominator)],
                    "; ",
                )),
            }
        }
        Ratio::Reported { indicator } => match ind.get(region, indicator, year) {
            None => Err(missing(indicator)),
            Some(v) if v > 1.0 + EPS => Err(say!(
                format!(
                    "{indicator} của đơn vị {region}, năm {year} là {v}: tỷ lệ ghi dạng phân số \
                     (0,85 cho 85 %)"
                ),
                format!(
                    "{indicator} is {v} for region {region}, year {year}: shares are fractions \
                     (0.85 for 85 %)"
                ),
            )),
            Some(v) => Ok(v),
        },
    }
}

/// The latest year in `from..=to` with the share, and the share.
fn latest_share(
    ind: &IndicatorData,
    ratio: &Ratio,
    region: &str,
    from: i32,
    to: i32,
) -> Option<(i32, f64)> {
    (from..=to)
        .rev()
        .find_map(|y| share_at(ind, ratio, region, y).ok().map(|s| (y, s)))
}

/// The verdict of every unit when no indicator table is given: the indicators the rule
/// reads are named once (the unit is in the verdict's row).
pub(crate) fn no_indicator_table(needed: &str) -> Verdict {
    Verdict::missing(say!(
        format!("chưa có bảng chỉ tiêu: cần {needed}"),
        format!("no indicator table given: {needed} needed"),
    ))
}

/// A share or full-coverage target for one unit.
#[allow(clippy::too_many_arguments)]
pub(crate) fn share(
    ind: &IndicatorData,
    ratio: &Ratio,
    stage: Stage,
    lo: f64,
    hi: Option<f64>,
    region: &str,
    as_of: i32,
    progress: Progress,
) -> Verdict {
    let base = stage.base_year();
    if as_of >= stage.end {
        return match share_at(ind, ratio, region, stage.end) {
            Ok(s) => {
                let mut v = Verdict::against(finished(s, lo, hi), s, stage.end, lo);
                v.years_used = Some(1);
                v.ratio = (lo > 0.0).then(|| s / lo);
                v
            }
            Err(why) => {
                let mut v = Verdict::missing(why);
                if let Some((y, s)) = latest_share(ind, ratio, region, base, stage.end - 1) {
                    v.note.push(say!(
                        format!("năm gần nhất có tỷ lệ: {y} ({})", pct(s)),
                        format!("latest year with the share: {y} ({})", pct(s)),
                    ));
                }
                v
            }
        };
    }
    let Some((y, s)) = latest_share(ind, ratio, region, base, as_of) else {
        let why = share_at(ind, ratio, region, as_of)
            .err()
            .unwrap_or_default();
        return Verdict::missing(say!(
            format!("{why}, và không năm nào từ {base} có tỷ lệ"),
            format!("{why}, and no year from {base} has the share"),
        ));
    };
    if s >= lo - EPS {
        let mut v = Verdict::against(finished(s, lo, hi), s, y, lo);
        v.years_used = Some(1);
        v.note.push(say!(
            format!("đã đạt ngay năm {y}"),
            format!("reached already in {y}"),
        ));
        return v;
    }
    let Some((y0, s0)) = (base..y).find_map(|y0| {
        share_at(ind, ratio, region, y0)
            .ok()
            .filter(|s0| *s0 > 0.0)
            .map(|s0| (y0, s0))
    }) else {
        return Verdict::missing(say!(
            format!(
                "{ratio} của đơn vị {region} chỉ có năm {y}: cần thêm một năm trước đó \
                 ({base}–{}) để tính tiến độ",
                y - 1
            ),
            format!(
                "{ratio} for region {region} is there for {y} only: progress needs an earlier \
                 year, {base}-{}",
                y - 1
            ),
        ));
    };
    // Growth of the share so far against the growth that takes it to `lo` by the deadline.
    let achieved = (s / s0).powf(1.0 / f64::from(y - y0)) - 1.0;
    let Ok(required) = required_growth_to_level(s, y, lo, stage.end) else {
        // Only a share fallen to zero has no growth that brings it back.
        let mut v = Verdict::against(Status::Deterioration, s, y, lo);
        v.years_used = Some(y - y0);
        v.note.push(say!(
            format!("tỷ lệ {} năm {y0}, 0 năm {y}", pct(s0)),
            format!("share {} in {y0}, 0 in {y}", pct(s0)),
        ));
        return v;
    };
    // Open SDG's ratio, over the constant growth from the base year's share to the target in
    // the end year (in absolute value, as theirs, for a base already above the target).
    let ratio = match progress {
        Progress::OpenSdg => {
            let steady = (lo / s0).powf(1.0 / f64::from(stage.end - y0)) - 1.0;
            (steady != 0.0 && steady.is_finite()).then(|| achieved / steady.abs())
        }
        Progress::Remaining => Some(achieved / required),
    };
    let status = ratio.map_or(Status::Deterioration, Status::from_progress);
    let mut v = Verdict::against(status, s, y, lo);
    v.years_used = Some(y - y0);
    v.ratio = ratio;
    v.required = Some(required);
    v.projected = project(s, achieved, stage.end - y).ok().map(|p| p.min(1.0));
    let (from, now, rate, need, goal, end) = (
        pct(s0),
        pct(s),
        pct(achieved),
        pct(required),
        pct(lo),
        stage.end,
    );
    v.note.push(say!(
        format!(
            "tỷ lệ {from} năm {y0}, {now} năm {y}: tăng {rate}/năm; cần tăng {need}/năm để đạt {goal} vào năm {end}"
        ),
        format!(
            "share {from} in {y0}, {now} in {y}: {rate} a year; {need} a year needed to reach {goal} by {end}"
        ),
    ));
    v
}

/// A rising-every-year target for one unit: every year of the stage above the year before.
pub(crate) fn rising(
    ind: &IndicatorData,
    indicator: &str,
    stage: Stage,
    region: &str,
    as_of: i32,
) -> Verdict {
    let last = as_of.min(stage.end);
    let value = |y: i32| ind.get(region, indicator, y);
    let missing: Vec<String> = (stage.base_year()..=last)
        .filter(|y| value(*y).is_none())
        .map(|y| y.to_string())
        .collect();
    let (mut compared, mut falls) = (0, Vec::new());
    for t in stage.start..=last {
        if let (Some(before), Some(now)) = (value(t - 1), value(t)) {
            compared += 1;
            if now <= before {
                falls.push(format!("{t} ({before} → {now})"));
            }
        }
    }
    let over = last >= stage.end;
    let mut v = if !falls.is_empty() {
        // One year without a rise fails "higher every year" for good: the verdict is final.
        let mut v = Verdict::new(Status::Below);
        v.note.push(say!(
            format!("không tăng năm {}", falls.join(", ")),
            format!("did not rise in {}", falls.join(", ")),
        ));
        if !over {
            v.note.push(say!(
                format!("không còn có thể đạt chỉ tiêu đến năm {}", stage.end),
                format!("the target can no longer be met by {}", stage.end),
            ));
        }
        if !missing.is_empty() {
            let years = missing.join(", ");
            v.note.push(say!(
                format!("không có số liệu năm {years}"),
                format!("no figure for {years}"),
            ));
        }
        v
    } else if !missing.is_empty() {
        let years = missing.join(", ");
        return Verdict::missing(say!(
            format!("thiếu {indicator} của đơn vị {region}, các năm {years}"),
            format!("missing {indicator} for region {region}, years {years}"),
        ));
    } else if over {
        Verdict::new(Status::Met)
    } else {
        let mut v = Verdict::new(Status::OnTrack);
        v.note.push(say!(
            format!("tăng đều hằng năm đến nay, {}–{last}", stage.start),
            format!("rose every year so far, {}-{last}", stage.start),
        ));
        v
    };
    if compared > 0 {
        let share_rising = f64::from(compared - falls.len() as i32) / f64::from(compared);
        v.actual = Some(share_rising);
        v.ratio = Some(share_rising);
    }
    v.year = Some(last);
    v.years_used = Some(compared);
    v
}

/// A parent's verdict on a target every unit below it must meet (acceptance points rising
/// every year in every commune): `below` as soon as one unit is below, `not_evaluable` while
/// one has no figures, else `met` at the deadline or `on_track` before it. `actual` is the
/// share of the units that rose every year so far; the note names the others.
pub(crate) fn rising_everywhere(units: &[(String, &Verdict)], stage: Stage, as_of: i32) -> Verdict {
    // The units, each with why it fell, in the language of the sentence that names them.
    let named = |st: Status, separator: &str| -> String {
        units
            .iter()
            .filter(|(_, v)| v.status == st)
            .map(|(name, v)| match (st, v.note.first()) {
                (Status::Below, Some(why)) => format!("{name} ({why})"),
                _ => name.clone(),
            })
            .collect::<Vec<_>>()
            .join(separator)
    };
    let count = |st: Status| units.iter().filter(|(_, v)| v.status == st).count();
    let (below, missing) = (count(Status::Below), count(Status::NotEvaluable));
    let n = units.len();
    let rose = n - below - missing;
    let over = as_of >= stage.end;
    let status = if below > 0 {
        Status::Below
    } else if n == 0 || missing > 0 {
        Status::NotEvaluable
    } else if over {
        Status::Met
    } else {
        Status::OnTrack
    };
    let mut v = Verdict::new(status);
    if n > 0 {
        let share = rose as f64 / n as f64;
        v.actual = Some(share);
        v.ratio = Some(share);
    }
    v.year = Some(as_of.min(stage.end));
    v.note.push(say!(
        format!("{rose}/{n} đơn vị tăng hằng năm"),
        format!("{rose} of {n} units rose every year"),
    ));
    if below > 0 {
        v.note.push(say!(
            format!("{below} đơn vị không tăng: {}", named(Status::Below, "; ")),
            format!("{below} did not: {}", named(Status::Below, "; ")),
        ));
    }
    if missing > 0 {
        v.note.push(say!(
            format!(
                "{missing} đơn vị không có số liệu: {}",
                named(Status::NotEvaluable, ", ")
            ),
            format!(
                "{missing} without figures: {}",
                named(Status::NotEvaluable, ", ")
            ),
        ));
    }
    v
}
