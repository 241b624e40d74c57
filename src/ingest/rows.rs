//! From a grid and its layout to transaction records, one data row at a time; every row is
//! kept, rejected with its errors, or skipped with the reason.

use super::findings::Finding;
use super::grid::{Cell, Grid};
use super::header::{Column, Field, Layout};
use super::ledger::{Entry, Ledger, Severity};
use super::names::RegionMatcher;
use super::numbers::{parse_number, Decimal, NumberStyle};
use super::periods::{parse_period, Period};
use super::ReadOptions;
use crate::channels::{normalize, Channel};
use crate::lang::{Lang, Words};
use crate::metrics::Metric;

/// One transactions record, with the input row it came from.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub region: String,
    /// `year × 12 + month − 1`.
    pub month: i32,
    pub channel: Channel,
    pub bank: Option<String>,
    /// The administrative map of `region`, when the input says.
    pub map: Option<String>,
    pub count: i64,
    pub value: i64,
    /// Index into [`Batch::origins`].
    pub origin: usize,
    /// Headers of the count and value cells, for messages.
    pub columns: (usize, usize),
}

/// An input row that produced records.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    pub source: String,
    pub sheet: Option<String>,
    pub row: usize,
    pub rejected: bool,
}

/// Everything read so far.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub records: Vec<Record>,
    pub origins: Vec<Origin>,
    pub headers: Vec<String>,
    pub ledger: Ledger,
}

impl Batch {
    pub(super) fn header_id(&mut self, header: &str) -> usize {
        match self.headers.iter().position(|h| h == header) {
            Some(i) => i,
            None => {
                self.headers.push(header.to_string());
                self.headers.len() - 1
            }
        }
    }

    /// An entry about a record's row.
    pub fn entry_at(
        &self,
        origin: usize,
        severity: Severity,
        check: Finding,
        column: &str,
        value: String,
        message: Words,
    ) -> Entry {
        let o = &self.origins[origin];
        Entry::new(severity, check, o.source.as_str(), column, value, message)
            .in_sheet(o.sheet.as_deref())
            .at_row(o.row)
    }
}

// Region labels of a total row ("Tổng cộng"): its figures are the sum of the rows above.
const TOTAL_WORDS: &[&str] = &[
    "tong",
    "tong cong",
    "cong",
    "tong so",
    "total",
    "grand total",
    "toan tinh",
    "toan huyen",
    "tong toan tinh",
    "tong toan huyen",
    "cong toan tinh",
];

// Words of the block under a table: who drew it up, who checked and signed it, and where and
// when ("Thanh Hóa, ngày 05 tháng 4 năm 2024"), normalized.
const SIGNATURE_WORDS: &[&str] = &[
    "nguoi lap",
    "lap bieu",
    "kiem soat",
    "giam doc",
    "pho giam doc",
    "ke toan",
    "truong phong",
    "thu truong",
    "ky ten",
    "ky ghi ro ho ten",
    "ghi ro ho ten",
    "dong dau",
    "noi nhan",
];

/// Whether a normalized line is part of a signature block or the date line above it.
fn signature_line(text: &str) -> bool {
    let padded = format!(" {text} ");
    SIGNATURE_WORDS
        .iter()
        .any(|w| padded.contains(&format!(" {w} ")))
        || (padded.contains(" ngay ") && padded.contains(" thang ") && padded.contains(" nam "))
}

/// A dash written for zero, the most common convention of Vietnamese tables.
pub(super) fn is_dash(text: &str) -> bool {
    matches!(text.trim(), "-" | "–" | "—" | "--")
}

/// The measures of a row: (channel or none for the long layout's row channel, count column,
/// value column, count factor, value factor).
pub(super) type Pair = (Option<Channel>, usize, usize, i64, i64);

/// What reading a data row needs: its grid and layout, the options, and the measure pairs.
pub(super) struct RowContext<'a> {
    pub grid: &'a Grid,
    pub layout: &'a Layout,
    pub options: &'a ReadOptions,
    pub matcher: &'a RegionMatcher,
    pub pairs: &'a [Pair],
    pub period: Option<(i32, u32)>,
    /// The bank of every row when the table has no bank column: the file's, the caller's, or
    /// the one its title block names.
    pub bank: Option<String>,
}

impl RowContext<'_> {
    fn column(&self, wanted: impl Fn(Field) -> bool) -> Option<&Column> {
        self.layout.find(wanted)
    }

    fn region_column(&self) -> Option<&Column> {
        self.column(|f| f == Field::RegionCode)
            .or_else(|| self.column(|f| f == Field::RegionName))
    }

    /// Why a row is not data: a total row, a signature block or the date line above it
    /// (`after_signature`: a signature line came earlier in the table), or a note under the
    /// table. Empty rows are counted by the sheet, a run at a time, before they get here.
    pub(super) fn skip_reason(
        &self,
        pos: usize,
        after_signature: bool,
    ) -> Option<(Finding, Words)> {
        let region = self.region_column().map(|c| self.grid.cell(pos, c.index));
        if let Some(cell) = region
            && TOTAL_WORDS.contains(&normalize(&cell.text()).as_str())
        {
            return Some((Finding::TotalRow, Words::new(
                    "dòng tổng cộng: số liệu của nó là tổng các dòng trên, đọc vào sẽ bị tính hai lần",
                    "a total row: its figures are the sum of the rows above and would be counted twice")));
        }
        // A signature or a note may sit under the measure columns: a row is data when it has
        // a region or something that reads as a number.
        let numeric = |c: &Cell| match c {
            Cell::Int(_) | Cell::Float(_) => true,
            Cell::Text(t) => is_dash(t) || parse_number(t, self.options.style).is_ok(),
            _ => false,
        };
        let no_numbers = self
            .pairs
            .iter()
            .all(|p| !numeric(self.grid.cell(pos, p.1)) && !numeric(self.grid.cell(pos, p.2)));
        // Only a row without numbers is looked at word by word: data rows never are.
        let signed = || {
            self.grid.rows[pos]
                .1
                .iter()
                .filter(|c| !c.is_empty())
                .any(|c| signature_line(&normalize(&c.text())))
        };
        if no_numbers && (after_signature || signed()) {
            return Some((
                Finding::Signature,
                Words::new(
                    "khối chữ ký hoặc dòng ngày tháng dưới bảng: không phải số liệu",
                    "the signature block or the date line under the table: not figures",
                ),
            ));
        }
        let no_figures = self
            .pairs
            .iter()
            .all(|p| !numeric(self.grid.cell(pos, p.1)) && !numeric(self.grid.cell(pos, p.2)))
            && region.is_none_or(Cell::is_empty)
            || self.pairs.iter().all(|p| {
                self.grid.cell(pos, p.1).is_empty() && self.grid.cell(pos, p.2).is_empty()
            });
        if no_figures {
            return Some((
                Finding::NotData,
                Words::new(
                    "dòng không có số liệu: một ghi chú, hoặc một đơn vị không báo cáo",
                    "no figures in this row: a note, or a unit that reported nothing",
                ),
            ));
        }
        None
    }

    pub(super) fn row(&self, pos: usize, entries: &mut Vec<Entry>) -> Vec<Record> {
        let g = self.grid;
        let mut error = |c: &Column, check: Finding, why: Words| {
            entries.push(Entry::new(
                Severity::Error,
                check,
                g.source.as_str(),
                c.header.as_str(),
                g.cell(pos, c.index).text(),
                why,
            ));
        };
        let region = match (self.region_column(), &self.options.region) {
            (Some(c), _) => {
                match key_text(g.cell(pos, c.index)).and_then(|t| self.matcher.resolve(&t)) {
                    Ok(code) => Some(code),
                    Err(why) => {
                        error(c, Finding::UnknownRegion, why);
                        None
                    }
                }
            }
            (None, fixed) => fixed.clone(),
        };
        let month = match self.month(pos) {
            Ok(m) => Some(m),
            Err((c, why)) => {
                error(c, Finding::BadPeriod, why);
                None
            }
        };
        let bank = match self.column(|f| f == Field::Bank) {
            Some(c) => match key_text(g.cell(pos, c.index)) {
                Ok(b) => Some(b),
                Err(why) => {
                    error(c, Finding::BadBank, why);
                    None
                }
            },
            None => self.bank.clone(),
        };
        let map = match self.column(|f| f == Field::RegionMap) {
            Some(c) => match key_text(g.cell(pos, c.index)) {
                Ok(m) => Some(m),
                Err(why) => {
                    error(c, Finding::BadRegionMap, why);
                    None
                }
            },
            // Codes matched against a built-in map are on that map.
            None => self.matcher.map().map(str::to_string),
        };
        let row_channel = match self.column(|f| f == Field::Channel) {
            Some(c) if !self.layout.is_wide() => match Channel::parse(&g.cell(pos, c.index).text())
            {
                Ok(ch) => Some(ch),
                Err(e) => {
                    let why = match g.cell(pos, c.index) {
                        Cell::Empty => Words::new("thiếu kênh", "the channel is missing"),
                        _ => Words::shown(&e),
                    };
                    error(c, Finding::UnknownChannel, why);
                    None
                }
            },
            _ => None,
        };
        let mut records = Vec::new();
        for &(channel, cc, vc, cf, vf) in self.pairs {
            let count = self.amount(pos, cc, cf, Metric::Count, entries);
            let value = self.amount(pos, vc, vf, Metric::Value, entries);
            let header = |i: usize| self.layout.header(i);
            // A record of this row's keys, when every key was read.
            let record = |count: i64, value: i64, records: &mut Vec<Record>| {
                if let (Some(region), Some(month), Some(channel)) =
                    (&region, month, channel.or(row_channel))
                {
                    records.push(Record {
                        region: region.clone(),
                        month,
                        channel,
                        bank: bank.clone(),
                        map: map.clone(),
                        count,
                        value,
                        origin: 0,
                        columns: (cc, vc),
                    });
                }
            };
            match (&count, &value) {
                (Ok(Some(count)), Ok(Some(value))) => record(*count, *value, &mut records),
                (Ok(None), Ok(None)) if channel.is_some() => {} // channel not reported in this row
                // An empty cell beside a zero is a zero too (a bank that writes "0" or "-"
                // for the count and leaves the value blank); beside a figure it is not.
                (Ok(None), Ok(Some(0))) | (Ok(Some(0)), Ok(None)) => {
                    let empty = if matches!(count, Ok(None)) { cc } else { vc };
                    entries.push(Entry::new(
                        Severity::Info,
                        Finding::EmptyZero,
                        g.source.as_str(),
                        header(empty),
                        "",
                        Words::new(
                            "ô trống bên cạnh số 0: đọc là 0",
                            "an empty cell beside a zero, read as 0",
                        ),
                    ));
                    record(0, 0, &mut records);
                }
                (Ok(None), Ok(_)) | (Ok(_), Ok(None)) => {
                    let (missing, other) = if matches!(count, Ok(None)) {
                        (cc, vc)
                    } else {
                        (vc, cc)
                    };
                    entries.push(Entry::new(
                        Severity::Error,
                        Finding::MissingValue,
                        g.source.as_str(),
                        header(missing),
                        "",
                        Words::new(
                            format!(
                                "để trống trong khi cột {:?} có số: số lượng và giá trị phải đi cùng nhau",
                                header(other)
                            ),
                            format!(
                                "is empty while {:?} has a figure: count and value come together",
                                header(other)
                            ),
                        ),
                    ));
                }
                (c, v) => {
                    for (r, i) in [(c, cc), (v, vc)] {
                        if let Err((check, why)) = r {
                            entries.push(Entry::new(
                                Severity::Error,
                                *check,
                                g.source.as_str(),
                                header(i),
                                g.cell(pos, i).text(),
                                why.clone(),
                            ));
                        }
                    }
                }
            }
        }
        records
    }

    /// The record's month, `year × 12 + month − 1`.
    fn month(&self, pos: usize) -> Result<i32, (&Column, Words)> {
        let g = self.grid;
        let index = |(y, m): (i32, u32)| y * 12 + m as i32 - 1;
        if let Some(c) = self.column(|f| f == Field::Period) {
            return month_of(g.cell(pos, c.index))
                .map(index)
                .map_err(|w| (c, w));
        }
        if let (Some(yc), Some(mc)) = (
            self.column(|f| f == Field::Year),
            self.column(|f| f == Field::Month),
        ) {
            let year = whole(g.cell(pos, yc.index))
                .filter(|y| (1900..=2100).contains(y))
                .ok_or_else(|| (yc, Words::new("không phải một năm", "is not a year")))?;
            let month = match g.cell(pos, mc.index) {
                Cell::Text(t) => normalize(t)
                    .split(' ')
                    .filter_map(|w| w.parse::<i64>().ok())
                    .next_back(),
                other => whole(other),
            }
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(|| {
                (
                    mc,
                    Words::new("không phải một tháng (1–12)", "is not a month (1–12)"),
                )
            })?;
            return Ok(index((year as i32, month as u32)));
        }
        Ok(index(self.period.expect("checked by Layout::missing")))
    }

    /// A count or value cell in món or đồng: `None` when empty.
    fn amount(
        &self,
        pos: usize,
        column: usize,
        factor: i64,
        metric: Metric,
        entries: &mut Vec<Entry>,
    ) -> Result<Option<i64>, (Finding, Words)> {
        let cell = self.grid.cell(pos, column);
        if let (false, Some((first, last))) = (cell.is_empty(), self.grid.merged_rows(pos, column))
        {
            return Err((Finding::MergedFigure, Words::new(
                format!("ô số liệu được gộp qua các dòng {first}–{last}: một số liệu chỉ thuộc về một dòng; hãy bỏ gộp ô và ghi số của từng dòng"),
                format!("the figure is in a cell merged over rows {first}–{last}: a figure belongs to one row; unmerge the cells and give each row its own figure"),
            )));
        }
        if let Some(formula) = self.grid.formulas.get(&(pos, column)) {
            if cell.is_empty() {
                return Err((Finding::FormulaNotComputed, Words::new(
                    format!("công thức {formula} không có kết quả tính sẵn trong tệp: hãy mở tệp bằng Excel rồi lưu lại"),
                    format!("the formula {formula} has no computed result in the file: open it in Excel and save it"),
                )));
            }
            if matches!(cell, Cell::Int(0)) || matches!(cell, Cell::Float(f) if *f == 0.0) {
                entries.push(Entry::new(Severity::Warning, Finding::FormulaZero, self.grid.source.as_str(), self.layout.header(column), "0",
                    Words::new(
                        format!("công thức {formula} được lưu với kết quả 0; một số phần mềm lưu công thức mà không tính: hãy kiểm tra số liệu"),
                        format!("the formula {formula} is stored with the result 0; some tools save formulas without computing them: check the figure"),
                    )));
            }
        }
        let decimal = match cell {
            Cell::Empty => return Ok(None),
            Cell::Text(t) if t.trim().is_empty() => return Ok(None),
            Cell::Text(t) if is_dash(t) => {
                entries.push(Entry::new(
                    Severity::Info,
                    Finding::DashZero,
                    self.grid.source.as_str(),
                    self.layout.header(column),
                    t.trim(),
                    Words::new("dấu gạch đọc là 0", "a dash, read as 0"),
                ));
                return Ok(Some(0));
            }
            Cell::Int(i) => Decimal {
                mantissa: i128::from(*i),
                scale: 0,
            },
            Cell::Float(f) => {
                parse_number(&f.to_string(), NumberStyle::English)
                    .map_err(|w| (Finding::NotANumber, w))?
                    .value
            }
            Cell::Text(t) => {
                let n = parse_number(t, self.options.style).map_err(|w| {
                    (
                        Finding::NotANumber,
                        if w.get(Lang::En).starts_with("is not") {
                            w
                        } else {
                            Words::new("không phải một số: ", "is not a number: ").and(&w)
                        },
                    )
                })?;
                if n.percent {
                    return Err((
                        Finding::NotANumber,
                        Words::new(
                            "là tỷ lệ phần trăm, trong khi cần số lượng hoặc giá trị",
                            "is a percentage where a count or value is expected",
                        ),
                    ));
                }
                n.value
            }
            Cell::Error(e) => {
                return Err((
                    Finding::NotANumber,
                    Words::new(
                        format!("là lỗi bảng tính {e}"),
                        format!("is the spreadsheet error {e}"),
                    ),
                ))
            }
            Cell::Date(..) | Cell::Bool(_) => {
                return Err((
                    Finding::NotANumber,
                    Words::new("không phải một số", "is not a number"),
                ))
            }
        };
        if decimal.mantissa < 0 {
            return Err((
                Finding::Negative,
                match metric {
                    Metric::Count => Words::new(
                        "là số âm: số lượng không thể âm",
                        "is negative: a count cannot be",
                    ),
                    Metric::Value => Words::new(
                        "là số âm: giá trị không thể âm",
                        "is negative: a value cannot be",
                    ),
                },
            ));
        }
        decimal.times(factor).map(Some).map_err(|w| {
            (
                Finding::NotWhole,
                w.and(&Words::new(
                    ": số lượng phải là số nguyên món, giá trị là số nguyên đồng; hãy kiểm tra đơn vị ở tiêu đề cột",
                    ": counts are whole món and values whole đồng; check the unit in the header",
                )),
            )
        })
    }
}

/// A key cell (region, bank) as text: integers without a decimal point.
fn key_text(cell: &Cell) -> Result<String, Words> {
    match cell {
        Cell::Empty => Err(Words::new("bị thiếu", "is missing")),
        Cell::Float(f) if f.fract() == 0.0 => Ok(format!("{f:.0}")),
        Cell::Text(t) => Ok(t.trim().to_string()),
        other => Ok(other.text()),
    }
}

pub(super) fn whole(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Int(i) => Some(*i),
        Cell::Float(f) if f.fract() == 0.0 => Some(*f as i64),
        Cell::Text(t) => t.trim().parse().ok(),
        _ => None,
    }
}

/// The month of a period cell: a label ("T5/2023", "2023-05") or a date on the first day.
pub(crate) fn month_of(cell: &Cell) -> Result<(i32, u32), Words> {
    match cell {
        Cell::Empty => Err(Words::new("thiếu kỳ báo cáo", "the period is missing")),
        Cell::Date(y, m, 1) => Ok((*y, *m)),
        Cell::Date(..) => Err(Words::new(
            "là một ngày không phải ngày đầu tháng: cần một tháng (\"T5/2023\", \"2023-05\")",
            "is a date that is not the first of a month: a month is expected (\"T5/2023\", \"2023-05\")",
        )),
        other => match parse_period(&other.text()) {
            Ok(Period::Month { year, month }) => Ok((year, month)),
            Ok(p) => Err(Words::new(
                format!("là {}, không phải một tháng: bảng giao dịch theo tháng; hãy gửi số từng tháng", p.words(Lang::Vi)),
                format!("is {}, not a month: the transactions table is monthly; give the months", p.words(Lang::En)),
            )),
            Err(why) => Err(Words::new("không phải kỳ báo cáo: ", "is not a period: ").and(&why)),
        },
    }
}
