//! The input rows behind a figure: which file, sheet, row and bank each part of an annual
//! total, a growth rate or a stage average came from, so that a number can be defended line
//! by line.

use std::collections::{BTreeSet, HashMap};

use polars::prelude::*;

use super::{SOURCE, SOURCE_ROW};
use crate::calendar::YearStart;
use crate::channels::{Channel, DEFAULT_ADDITIVE};
use crate::error::{invalid_argument, Result};
use crate::lang::say;
use crate::regions::Regions;
use crate::table::{self, BANK, CHANNEL, PERIOD, REGION_CODE};

/// A figure of the results: a region's channel over reporting years (one year for an annual
/// total, two for a year-on-year growth, base year to end year for a stage average).
///
/// ```
/// use cashless::ingest::lineage::Figure;
/// let f = Figure::new("38", cashless::Channel::Mobile, 2020, 2025);
/// assert_eq!(f.years, (2020, 2025));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The region of the result row (rolled-up units take their parts' rows).
    pub region_code: String,
    /// Its channel; `all` takes the reported `all` rows, or the additive channels' where no
    /// `all` was reported (as [`crate::aggregate::with_all`] derives it).
    pub channel: Channel,
    /// First and last reporting year, inclusive.
    pub years: (i32, i32),
    /// Only this bank's rows.
    pub bank: Option<String>,
}

impl Figure {
    /// A figure over `first..=last`, all banks.
    pub fn new(region_code: &str, channel: Channel, first: i32, last: i32) -> Self {
        Self {
            region_code: region_code.to_string(),
            channel,
            years: (first, last),
            bank: None,
        }
    }
}

/// How the results were computed: their reporting calendar, the region table of a rollup,
/// and the channels a derived `all` sums.
#[derive(Debug, Clone)]
pub struct ExplainOptions {
    /// Start of the reporting year.
    pub year_start: YearStart,
    /// The region table, when the figure is of a rolled-up unit.
    pub regions: Option<Regions>,
    /// Channels summed into a derived `all`.
    pub additive: Vec<Channel>,
}

impl Default for ExplainOptions {
    fn default() -> Self {
        Self {
            year_start: YearStart::JANUARY,
            regions: None,
            additive: DEFAULT_ADDITIVE.to_vec(),
        }
    }
}

/// The rows of a read ([`super::Read::data`]) behind `figure`, with their reporting `year`,
/// sorted by year, then as read. Their counts and values sum to the figure's.
///
/// ```
/// use cashless::ingest::lineage::{explain, ExplainOptions, Figure};
/// use polars::prelude::*;
/// let raw = df!(
///     "region_code" => ["380", "380", "381"], "period" => ["2023-01", "2023-02", "2023-01"],
///     "channel" => ["mobile"; 3], "count" => [1i64, 2, 4], "value" => [10i64, 20, 40],
/// ).unwrap();
/// let read = cashless::ingest::read_frame(&raw, "DataFrame", &Default::default()).unwrap();
/// let rows = explain(&read.data, &Figure::new("380", cashless::Channel::Mobile, 2023, 2023),
///                    &ExplainOptions::default()).unwrap();
/// assert_eq!(rows.column("source_row").unwrap().i64().unwrap().to_vec(), [Some(0), Some(1)]);
/// ```
pub fn explain(data: &DataFrame, figure: &Figure, options: &ExplainOptions) -> Result<DataFrame> {
    for needed in [SOURCE, SOURCE_ROW] {
        table::require(data, "data", needed).map_err(|_| {
            invalid_argument(say!(
                format!("bảng không có cột `{needed}`: explain cần số liệu của một lần đọc tệp (cashless.read), có ghi nguồn của từng dòng"),
                format!("the table has no `{needed}` column: explain needs the data of a read (cashless.read), which keeps where each row came from"),
            ))
        })?;
    }
    let region = data.column(REGION_CODE)?.str()?.clone();
    let period = data.column(PERIOD)?.cast(&DataType::Int32)?;
    let period = period.i32()?;
    let channel = data.column(CHANNEL)?.str()?.clone();
    let bank = match data.column(BANK) {
        Ok(b) => Some(b.str()?.clone()),
        Err(_) => None,
    };
    let level = match &options.regions {
        Some(r) => Some(
            r.get(&figure.region_code)
                .ok_or_else(|| {
                    let code = &figure.region_code;
                    invalid_argument(say!(
                        format!("đơn vị {code:?} không có trong bảng đơn vị hành chính"),
                        format!("region {code:?} is not in the region table"),
                    ))
                })?
                .level,
        ),
        None => None,
    };
    let mut inside: HashMap<&str, bool> = HashMap::new();
    let mut candidates = Vec::new();
    for i in 0..data.height() {
        let code = region.get(i).unwrap_or_default();
        let ours = *inside
            .entry(code)
            .or_insert_with(|| match (&options.regions, level) {
                (Some(r), Some(level)) => r
                    .ancestor_at(code, level)
                    .is_ok_and(|a| a == figure.region_code),
                _ => code == figure.region_code,
            });
        let year = options
            .year_start
            .reporting_year_of(period.get(i).unwrap_or_default());
        let bank_i = bank.as_ref().and_then(|b| b.get(i));
        if ours
            && (figure.years.0..=figure.years.1).contains(&year)
            && (figure.bank.is_none() || figure.bank.as_deref() == bank_i)
        {
            candidates.push((i, year));
        }
    }
    let name = |i: usize| channel.get(i).unwrap_or_default();
    let wanted: Vec<(usize, i32)> = if figure.channel == Channel::All {
        let group = |i: usize| {
            (
                region.get(i),
                period.get(i),
                bank.as_ref().and_then(|b| b.get(i)),
            )
        };
        let reported: BTreeSet<_> = candidates
            .iter()
            .filter(|(i, _)| name(*i) == "all")
            .map(|(i, _)| group(*i))
            .collect();
        let additive: Vec<&str> = options.additive.iter().map(|c| c.name()).collect();
        candidates
            .into_iter()
            .filter(|(i, _)| {
                if reported.contains(&group(*i)) {
                    name(*i) == "all"
                } else {
                    additive.contains(&name(*i)) && name(*i) != "all"
                }
            })
            .collect()
    } else {
        candidates
            .into_iter()
            .filter(|(i, _)| name(*i) == figure.channel.name())
            .collect()
    };
    let mut wanted = wanted;
    wanted.sort_by_key(|&(i, year)| (year, i));
    let idx = IdxCa::from_vec(
        "".into(),
        wanted.iter().map(|(i, _)| *i as IdxSize).collect(),
    );
    let mut out = data.take(&idx)?;
    out.with_column(Column::new(
        "year".into(),
        wanted.iter().map(|(_, y)| *y).collect::<Vec<i32>>(),
    ))?;
    Ok(out)
}
