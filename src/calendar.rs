//! Reporting calendars: which reporting year, half-year or quarter a month belongs to.
//!
//! A reporting year may start on a day other than 1 January. Thanh Hóa's plan counts
//! 1 December of the previous year to 30 November, so December 2022 belongs to reporting
//! year 2023. A reporting year is named after the calendar year in which it ends.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{invalid_argument, Error, Result};
use crate::lang::say;

/// Hours from UTC to Vietnam time (UTC+7, no daylight saving since 1975).
pub const VIETNAM_OFFSET_HOURS: i64 = 7;

/// The first day of a reporting year, as month and day.
///
/// ```
/// use cashless::YearStart;
/// let thanh_hoa: YearStart = "12-01".parse().unwrap();
/// assert_eq!(thanh_hoa.reporting_year(2022, 12), 2023);
/// assert_eq!(thanh_hoa.reporting_year(2023, 11), 2023);
/// assert_eq!(YearStart::JANUARY.reporting_year(2023, 12), 2023);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearStart {
    /// 1–12.
    pub month: u32,
    /// 1–31, valid for the month.
    pub day: u32,
}

impl YearStart {
    /// The calendar year: 1 January.
    pub const JANUARY: YearStart = YearStart { month: 1, day: 1 };

    /// A year start from month and day, checked.
    ///
    /// ```
    /// assert!(cashless::YearStart::new(2, 30).is_err());
    /// ```
    pub fn new(month: u32, day: u32) -> Result<Self> {
        let days_in_month = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month[month as usize - 1] {
            return Err(invalid_argument(say!(
                format!("ngày bắt đầu năm {month:02}-{day:02} không phải một ngày trong năm (cần MM-DD)"),
                format!("year start {month:02}-{day:02} is not a day of the year (expected MM-DD)"),
            )));
        }
        Ok(Self { month, day })
    }

    /// Monthly data can only be split at a month boundary: a year start in the middle of a
    /// month would put the days of one month into two reporting years.
    ///
    /// ```
    /// assert!(cashless::YearStart::new(12, 1).unwrap().require_month_boundary().is_ok());
    /// assert!(cashless::YearStart::new(12, 16).unwrap().require_month_boundary().is_err());
    /// ```
    pub fn require_month_boundary(self) -> Result<Self> {
        if self.day != 1 {
            return Err(invalid_argument(say!(
                format!(
                    "ngày bắt đầu năm {self} nằm giữa tháng; số liệu theo tháng chỉ chia được vào \
                     năm báo cáo bắt đầu từ ngày 1 (ví dụ {:02}-01)",
                    self.month
                ),
                format!(
                    "year start {self} falls inside a month; monthly data can only be assigned to \
                     reporting years that start on the 1st (for example {:02}-01)",
                    self.month
                ),
            )));
        }
        Ok(self)
    }

    /// The reporting year a calendar month belongs to, named after the calendar year in
    /// which the reporting year ends. Assumes a start on the 1st (see
    /// [`YearStart::require_month_boundary`]).
    ///
    /// ```
    /// let july = cashless::YearStart::new(7, 1).unwrap();
    /// assert_eq!(july.reporting_year(2024, 6), 2024);
    /// assert_eq!(july.reporting_year(2024, 7), 2025);
    /// ```
    pub fn reporting_year(self, year: i32, month: u32) -> i32 {
        if self.month != 1 && month >= self.month {
            year + 1
        } else {
            year
        }
    }

    /// The reporting year of `day` (days since 1970-01-01), as [`YearStart::reporting_year`]
    /// of its calendar month. (Crate-private: days are the engine's, not the user's.)
    pub(crate) fn reporting_year_of(self, day: i32) -> i32 {
        let (year, month, _) = civil_from_days(day);
        self.reporting_year(year, month)
    }

    /// Position of a calendar month inside its reporting year, 1–12
    /// (December is month 1 of a year that starts on 1 December).
    ///
    /// ```
    /// let dec: cashless::YearStart = "12-01".parse().unwrap();
    /// assert_eq!(dec.month_index(12), 1);
    /// assert_eq!(dec.month_index(11), 12);
    /// ```
    pub fn month_index(self, month: u32) -> u32 {
        (month + 12 - self.month) % 12 + 1
    }

    /// The calendar (year, month) of month `index` (1–12) of reporting year `year`.
    ///
    /// ```
    /// let dec: cashless::YearStart = "12-01".parse().unwrap();
    /// assert_eq!(dec.calendar_month(2023, 1), (2022, 12));
    /// assert_eq!(dec.calendar_month(2023, 12), (2023, 11));
    /// ```
    pub fn calendar_month(self, year: i32, index: u32) -> (i32, u32) {
        let month = (self.month + index - 2) % 12 + 1;
        let calendar_year = if self.month != 1 && month >= self.month {
            year - 1
        } else {
            year
        };
        (calendar_year, month)
    }
}

impl Default for YearStart {
    fn default() -> Self {
        YearStart::JANUARY
    }
}

impl fmt::Display for YearStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl FromStr for YearStart {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            invalid_argument(say!(
                format!("ngày bắt đầu năm {s:?} không có dạng MM-DD"),
                format!("year start {s:?} is not of the form MM-DD"),
            ))
        };
        let (m, d) = s.trim().split_once('-').ok_or_else(bad)?;
        let month = m.parse().map_err(|_| bad())?;
        let day = d.parse().map_err(|_| bad())?;
        YearStart::new(month, day)
    }
}

/// How finely a reporting year is cut.
///
/// ```
/// use cashless::Frequency;
/// assert_eq!(Frequency::Half.periods_per_year(), 2);
/// assert_eq!(Frequency::Half.period_of(7), 2); // the 7th month is in the second half
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Twelve months.
    Month,
    /// Four quarters.
    Quarter,
    /// Two halves (Xuân Lộc reports twice a year).
    Half,
    /// The whole reporting year.
    Year,
}

impl Frequency {
    /// Periods in one reporting year.
    ///
    /// ```
    /// assert_eq!(cashless::Frequency::Quarter.periods_per_year(), 4);
    /// ```
    pub fn periods_per_year(self) -> u32 {
        match self {
            Frequency::Month => 12,
            Frequency::Quarter => 4,
            Frequency::Half => 2,
            Frequency::Year => 1,
        }
    }

    /// Months in one period.
    ///
    /// ```
    /// assert_eq!(cashless::Frequency::Quarter.months_per_period(), 3);
    /// ```
    pub fn months_per_period(self) -> u32 {
        12 / self.periods_per_year()
    }

    /// The period (1-based) that month `index` (1–12) of the reporting year falls in.
    ///
    /// ```
    /// assert_eq!(cashless::Frequency::Quarter.period_of(4), 2);
    /// ```
    pub fn period_of(self, month_index: u32) -> u32 {
        (month_index - 1) / self.months_per_period() + 1
    }
}

impl FromStr for Frequency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "month" | "monthly" | "m" => Ok(Frequency::Month),
            "quarter" | "quarterly" | "q" => Ok(Frequency::Quarter),
            "half" | "half-year" | "half_year" | "h" => Ok(Frequency::Half),
            "year" | "annual" | "yearly" | "y" => Ok(Frequency::Year),
            _ => Err(invalid_argument(say!(
                format!("kỳ {s:?} không phải month, quarter, half hoặc year"),
                format!("frequency {s:?} is not one of month, quarter, half, year"),
            ))),
        }
    }
}

/// A calendar date `(year, month, day)`.
pub type Day = (i32, u32, u32);

/// Reads `YYYY-MM-DD`, checking that the day exists.
///
/// ```
/// assert_eq!(cashless::calendar::parse_day("2025-10-31").unwrap(), (2025, 10, 31));
/// assert!(cashless::calendar::parse_day("2025-02-29").is_err());
/// ```
pub fn parse_day(text: &str) -> Result<Day> {
    let bad = || {
        invalid_argument(crate::say!(
            format!("ngày {text:?} không phải một ngày viết theo dạng YYYY-MM-DD"),
            format!("date {text:?} is not a day written YYYY-MM-DD"),
        ))
    };
    let mut parts = text.trim().splitn(3, '-');
    let mut next = || {
        parts
            .next()
            .and_then(|p| p.parse::<i64>().ok())
            .ok_or_else(bad)
    };
    let (y, m, d) = (next()?, next()?, next()?);
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 {
        return Err(bad());
    }
    let (y, m, d) = (y as i32, m as u32, d as u32);
    if d > days_in_month(y, m) {
        return Err(bad());
    }
    Ok((y, m, d))
}

/// The number of days in `month` of `year` (the Gregorian calendar).
///
/// ```
/// assert_eq!(cashless::calendar::days_in_month(2024, 2), 29);
/// assert_eq!(cashless::calendar::days_in_month(2025, 2), 28);
/// ```
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    (days_from_civil(ny, nm, 1) - days_from_civil(year, month, 1)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_index_and_calendar_month_are_inverse() {
        for start in 1..=12 {
            let ys = YearStart::new(start, 1).unwrap();
            for month in 1..=12 {
                let year = ys.reporting_year(2022, month);
                let idx = ys.month_index(month);
                assert_eq!(ys.calendar_month(year, idx), (2022, month), "start {start}");
            }
        }
    }

    #[test]
    fn mid_month_start_is_refused_for_monthly_data() {
        let ys: YearStart = "12-16".parse().unwrap();
        assert!(ys.require_month_boundary().is_err());
    }
}

/// Calendar date (year, month, day) of a day count since 1970-01-01, the physical value of a
/// polars `Date`. (H. Hinnant's `civil_from_days`; exact for the whole `i32` range we use.)
pub(crate) fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

/// Day count since 1970-01-01 of a calendar date; the inverse of [`civil_from_days`].
pub(crate) fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

#[cfg(test)]
mod civil_tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2024-02-29 is day 19782 (checked with `date -d 2024-02-29 +%s` / 86400).
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        for d in -800_000..800_000 {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }
}
