//! Periods as reports write them: "T5/2023", "Tháng 5/2023", "05/2023", "2023-05",
//! "Quý 2/2023", "Quý II/2023", "6 tháng đầu năm 2023", "9 tháng đầu năm 2023", "Năm 2023".
//!
//! A period is read in calendar terms. Which reporting year it belongs to (Thanh Hóa's year
//! starts on 1 December) is decided later, by [`crate::calendar::YearStart`].

use std::fmt;

use crate::channels::normalize;
use crate::lang::{Lang, Words};

/// A period of a calendar year.
///
/// ```
/// use cashless::ingest::periods::{parse_period, Period};
/// assert_eq!(parse_period("Quý II/2023"), Ok(Period::Quarter { year: 2023, quarter: 2 }));
/// assert_eq!(parse_period("6 tháng đầu năm 2023").unwrap().months(), (2023, 1, 6));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// One month.
    Month {
        /// Year.
        year: i32,
        /// 1–12.
        month: u32,
    },
    /// A quarter, 1–4.
    Quarter {
        /// Year.
        year: i32,
        /// 1–4.
        quarter: u32,
    },
    /// A half-year, 1–2.
    Half {
        /// Year.
        year: i32,
        /// 1–2.
        half: u32,
    },
    /// The first `months` months of the year, cumulated ("9 tháng đầu năm").
    FirstMonths {
        /// Year.
        year: i32,
        /// 1–11 (6 is a half, 12 a year).
        months: u32,
    },
    /// A whole year.
    Year(i32),
}

impl Period {
    /// `(year, first month, last month)` of the period.
    ///
    /// ```
    /// use cashless::ingest::periods::Period;
    /// assert_eq!(Period::Quarter { year: 2024, quarter: 3 }.months(), (2024, 7, 9));
    /// ```
    pub fn months(self) -> (i32, u32, u32) {
        match self {
            Period::Month { year, month } => (year, month, month),
            Period::Quarter { year, quarter } => (year, 3 * quarter - 2, 3 * quarter),
            Period::Half { year, half } => (year, 6 * half - 5, 6 * half),
            Period::FirstMonths { year, months } => (year, 1, months),
            Period::Year(year) => (year, 1, 12),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Half { year, half } => write!(f, "{year}-H{half}"),
            Period::FirstMonths { year, months } => write!(f, "{year}-01..{months:02}"),
            Period::Year(year) => write!(f, "{year}"),
        }
    }
}

impl Period {
    /// The period as a report in `lang` writes it: `Quý 2/2023`, `6 tháng đầu năm 2023`
    /// (`2023-Q2`, `the first 6 months of 2023`).
    ///
    /// ```
    /// use cashless::{ingest::periods::Period, lang::Lang};
    /// assert_eq!(Period::Quarter { year: 2023, quarter: 2 }.words(Lang::Vi), "quý 2/2023");
    /// assert_eq!(Period::Half { year: 2023, half: 1 }.words(Lang::En), "the first half of 2023");
    /// ```
    pub fn words(&self, lang: Lang) -> String {
        match (*self, lang) {
            (Period::Month { year, month }, Lang::Vi) => format!("tháng {month:02}/{year}"),
            (Period::Month { year, month }, Lang::En) => format!("{year}-{month:02}"),
            (Period::Quarter { year, quarter }, Lang::Vi) => format!("quý {quarter}/{year}"),
            (Period::Quarter { year, quarter }, Lang::En) => format!("{year}-Q{quarter}"),
            (Period::Half { year, half: 1 }, Lang::Vi) => format!("6 tháng đầu năm {year}"),
            (Period::Half { year, .. }, Lang::Vi) => format!("6 tháng cuối năm {year}"),
            (Period::Half { year, half: 1 }, Lang::En) => format!("the first half of {year}"),
            (Period::Half { year, .. }, Lang::En) => format!("the second half of {year}"),
            (Period::FirstMonths { year, months }, Lang::Vi) => {
                format!("{months} tháng đầu năm {year}")
            }
            (Period::FirstMonths { year, months }, Lang::En) => {
                format!("the first {months} months of {year}")
            }
            (Period::Year(year), Lang::Vi) => format!("năm {year}"),
            (Period::Year(year), Lang::En) => format!("the year {year}"),
        }
    }
}

fn roman(t: &str) -> Option<u32> {
    match t {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        _ => None,
    }
}

/// Reads a period label. Returns why it is not one otherwise; the caller names the cell.
///
/// ```
/// use cashless::ingest::periods::{parse_period, Period::*};
/// for text in ["T5/2023", "Tháng 5/2023", "05/2023", "2023-05", "tháng 05 năm 2023"] {
///     assert_eq!(parse_period(text), Ok(Month { year: 2023, month: 5 }), "{text}");
/// }
/// assert_eq!(parse_period("9 tháng đầu năm 2023"), Ok(FirstMonths { year: 2023, months: 9 }));
/// assert_eq!(parse_period("Năm 2023"), Ok(Year(2023)));
/// assert!(parse_period("31/10/2025").unwrap_err().get(cashless::lang::Lang::En).contains("a date"));
/// ```
pub fn parse_period(text: &str) -> Result<Period, Words> {
    let norm = normalize(text);
    let tokens: Vec<&str> = norm.split(' ').filter(|t| !t.is_empty()).collect();
    let is_year =
        |t: &str| t.len() == 4 && t.parse::<i32>().is_ok_and(|y| (1900..=2100).contains(&y));
    let years: Vec<i32> = tokens
        .iter()
        .filter(|t| is_year(t))
        .filter_map(|t| t.parse().ok())
        .collect();
    let [year] = years[..] else {
        return Err(if years.is_empty() {
            Words::new(
                "không có năm (kỳ báo cáo cần có năm, như T5/2023)",
                "has no year (a period needs one, as in T5/2023)",
            )
        } else {
            Words::new("có nhiều hơn một năm", "has more than one year")
        });
    };
    let rest: Vec<&str> = tokens.iter().copied().filter(|t| !is_year(t)).collect();
    let numbers: Vec<u32> = rest.iter().filter_map(|t| t.parse().ok()).collect();
    let words: Vec<&str> = rest
        .iter()
        .copied()
        .filter(|t| t.parse::<u32>().is_err())
        .collect();
    let has = |w: &str| words.contains(&w);
    let month = |m: u32| {
        if (1..=12).contains(&m) {
            Ok(Period::Month { year, month: m })
        } else {
            Err(Words::new(
                format!("tháng {m} không nằm trong 1–12"),
                format!("month {m} is not 1-12"),
            ))
        }
    };
    // Abbreviations glued to their number: "t5" (tháng 5), "q2" (quý 2), "6t" (6 tháng),
    // "h1" (first half).
    for w in &words {
        let (head, tail) = w.split_at(1);
        if let Ok(n) = tail.parse::<u32>() {
            match head {
                "t" if rest.len() == 1 => return month(n),
                "q" if (1..=4).contains(&n) => return Ok(Period::Quarter { year, quarter: n }),
                "h" if (1..=2).contains(&n) => return Ok(Period::Half { year, half: n }),
                _ => {}
            }
        }
        if let Some(n) = w.strip_suffix('t').and_then(|n| n.parse::<u32>().ok()) {
            return first_months(year, n);
        }
    }
    if has("quy") {
        let q = numbers
            .first()
            .copied()
            .or_else(|| words.iter().find_map(|w| roman(w)));
        return match q {
            Some(q @ 1..=4) => Ok(Period::Quarter { year, quarter: q }),
            _ => Err(Words::new(
                "ghi quý mà không có số quý 1–4",
                "names a quarter without a number 1-4",
            )),
        };
    }
    if has("thang") && (has("dau") || has("cuoi")) {
        let Some(&n) = numbers.first() else {
            return Err(Words::new(
                "ghi số tháng mà không có con số",
                "counts months without a number",
            ));
        };
        if has("cuoi") {
            return match n {
                6 => Ok(Period::Half { year, half: 2 }),
                _ => Err(Words::new(
                    format!("{n} tháng cuối năm không phải kỳ báo cáo cashless đọc được"),
                    format!("the last {n} months of a year are not a period cashless reads"),
                )),
            };
        }
        return first_months(year, n);
    }
    match (numbers.as_slice(), words.as_slice()) {
        ([], []) | ([], ["nam"]) | ([], ["year"]) => Ok(Period::Year(year)),
        ([m], []) | ([m], ["thang"]) | ([m], ["thang", "nam"]) => month(*m),
        ([a, b], []) => {
            // A date: y-m-1 or 1/m/y is the month; any other day is not a month.
            let (day, m) = if tokens.first().is_some_and(|t| is_year(t)) { (*b, *a) } else { (*a, *b) };
            if day == 1 {
                month(m)
            } else {
                Err(Words::new(
                    "là một ngày, không phải một tháng (ghi tháng, như 10/2025)",
                    "is a date, not a month (give the month, as in 10/2025)",
                ))
            }
        }
        _ => Err(Words::new(
            "không phải kỳ báo cáo cashless đọc được (T5/2023, Quý 2/2023, 6 tháng đầu năm 2023, Năm 2023 …)",
            "is not a period cashless reads (T5/2023, Quý 2/2023, 6 tháng đầu năm 2023, Năm 2023 …)",
        )),
    }
}

fn first_months(year: i32, n: u32) -> Result<Period, Words> {
    match n {
        1..=5 | 7..=11 => Ok(Period::FirstMonths { year, months: n }),
        6 => Ok(Period::Half { year, half: 1 }),
        12 => Ok(Period::Year(year)),
        _ => Err(Words::new(
            format!("{n} tháng không phải một phần của năm"),
            format!("{n} months is not part of a year"),
        )),
    }
}
