//! What each column of a report is, from its header: a key (region, period, channel, bank), a
//! measure of the long layout (count, value), or a measure of one channel in the wide layout
//! ("Số lượng GD qua Internet Banking (món)"). The header row is found even under a title
//! block, and a two-row header (a channel merged over "Số lượng" and "Giá trị") is read as one.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::grid::Grid;
use super::units::unit_in;
use crate::channels::{normalize, Channel};
use crate::error::{Error, Result};
use crate::lang::{say, Lang, Words};
use crate::metrics::Metric;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Region codes ("Mã đơn vị").
    RegionCode,
    /// Region names ("Đơn vị", "Huyện"), matched to codes through the region table.
    RegionName,
    /// A period label per row ("Kỳ báo cáo": "T5/2023", a date …).
    Period,
    /// The year, when month and year are in two columns.
    Year,
    /// The month (1–12), when month and year are in two columns.
    Month,
    /// A channel label per row (long layout).
    Channel,
    /// The reporting bank.
    Bank,
    /// The administrative map the region codes are on (`region_map` of the canonical table).
    RegionMap,
    /// Transactions of the row's channel (long layout), with the header's unit factor.
    Count(Option<i64>),
    /// Value of the row's channel (long layout), with the header's unit factor.
    Value(Option<i64>),
    /// One channel's count or value (wide layout), with the header's unit factor.
    Measure(Channel, Metric, Option<i64>),
    /// A column that is known not to matter ("STT", "Ghi chú").
    Ignore,
}

/// A user-editable mapping from headers to fields, for headers the built-in words do not
/// know. In TOML:
///
/// ```
/// let m = cashless::ingest::header::Mapping::from_toml(r#"
/// [columns]
/// "Mã ĐV" = "region_code"
/// "SL IB" = "internet.count"
/// "GT IB" = "internet.value"
/// [units]
/// "GT IB" = "triệu đồng"
/// "#).unwrap();
/// assert_eq!(m.columns.len(), 3);
/// ```
///
/// Fields: `region_code`, `region_name`, `period`, `year`, `month`, `channel`, `bank`,
/// `count`, `value`, `ignore`, or `<channel>.count` / `<channel>.value`. Headers are compared
/// without case, diacritics or punctuation.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Header → field.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Header → unit ("nghìn món", "triệu đồng"), for headers that name none.
    #[serde(default)]
    pub units: BTreeMap<String, String>,
}

impl Mapping {
    /// A mapping from TOML text.
    pub fn from_toml(text: &str) -> Result<Self> {
        Self::checked(toml::from_str(text).map_err(|e| Error::Catalogue {
            source_name: "mapping".into(),
            line: None,
            key: None,
            reason: crate::catalogue::toml_reason(e.message()),
        })?)
    }

    /// A mapping from a TOML file.
    pub fn from_path(path: &std::path::Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            crate::error::invalid_argument(say!(
                format!("{}: không đọc được: {e}", path.display()),
                format!("{}: cannot be read: {e}", path.display()),
            ))
        })?;
        Self::from_toml(&text).map_err(|e| match e {
            Error::Catalogue { reason, .. } => Error::Catalogue {
                source_name: path.display().to_string(),
                line: None,
                key: None,
                reason,
            },
            other => other,
        })
    }

    fn checked(self) -> Result<Self> {
        for (header, field) in &self.columns {
            parse_field(field, None).map_err(|reason| Error::Catalogue {
                source_name: "mapping".into(),
                line: None,
                key: Some(header.clone()),
                reason,
            })?;
        }
        for (header, unit) in &self.units {
            if unit_in(&format!("({unit})")).is_none() {
                return Err(Error::Catalogue {
                    source_name: "mapping".into(),
                    line: None,
                    key: Some(header.clone()),
                    reason: say!(
                        format!("đơn vị {unit:?} không rõ (món, nghìn món, đồng, triệu đồng, tỷ đồng …)"),
                        format!("unknown unit {unit:?} (món, nghìn món, đồng, triệu đồng, tỷ đồng …)"),
                    ),
                });
            }
        }
        Ok(self)
    }

    fn lookup<'a>(map: &'a BTreeMap<String, String>, header: &str) -> Option<&'a String> {
        let h = normalize(header);
        map.iter().find(|(k, _)| normalize(k) == h).map(|(_, v)| v)
    }
}

fn parse_field(text: &str, factor: Option<i64>) -> std::result::Result<Field, Words> {
    Ok(match text.trim() {
        "region_code" | "region" => Field::RegionCode,
        "region_name" => Field::RegionName,
        "period" => Field::Period,
        "year" => Field::Year,
        "month" => Field::Month,
        "channel" => Field::Channel,
        "bank" => Field::Bank,
        "region_map" => Field::RegionMap,
        "count" => Field::Count(factor),
        "value" => Field::Value(factor),
        "ignore" => Field::Ignore,
        other => {
            let (channel, metric) = other.rsplit_once('.').ok_or_else(|| {
                say!(
                    format!("trường {other:?} không rõ: cần một trong region_code, region_name, period, year, month, channel, bank, count, value, ignore hoặc <kênh>.count / <kênh>.value"),
                    format!("unknown field {other:?}: expected region_code, region_name, period, year, month, channel, bank, count, value, ignore or <channel>.count / <channel>.value"),
                )
            })?;
            let channel = Channel::parse(channel).map_err(|e| Words::shown(&e))?;
            let metric = match metric {
                "count" => Metric::Count,
                "value" => Metric::Value,
                m => {
                    return Err(say!(
                        format!("số đo {m:?} trong {other:?} không rõ: count hoặc value"),
                        format!("unknown measure {m:?} in {other:?}: count or value"),
                    ))
                }
            };
            Field::Measure(channel, metric, factor)
        }
    })
}

// Headers of key columns, normalized (lower case, no diacritics, single spaces).
pub(crate) const KEYS: &[(&str, Field)] = &[
    ("region code", Field::RegionCode),
    ("ma dia ban", Field::RegionCode),
    ("ma don vi", Field::RegionCode),
    ("ma dvhc", Field::RegionCode),
    ("ma huyen", Field::RegionCode),
    ("ma xa", Field::RegionCode),
    ("ma tinh", Field::RegionCode),
    ("region", Field::RegionName),
    ("region name", Field::RegionName),
    ("dia ban", Field::RegionName),
    ("don vi", Field::RegionName),
    ("ten don vi", Field::RegionName),
    ("ten dia ban", Field::RegionName),
    ("don vi hanh chinh", Field::RegionName),
    ("huyen", Field::RegionName),
    ("quan huyen", Field::RegionName),
    ("huyen thi xa thanh pho", Field::RegionName),
    ("xa", Field::RegionName),
    ("xa phuong", Field::RegionName),
    ("phuong xa", Field::RegionName),
    ("xa phuong thi tran", Field::RegionName),
    ("tinh", Field::RegionName),
    ("period", Field::Period),
    ("ky", Field::Period),
    ("ky bao cao", Field::Period),
    ("thoi gian", Field::Period),
    ("thoi ky", Field::Period),
    ("thang nam", Field::Period),
    ("year", Field::Year),
    ("nam", Field::Year),
    ("month", Field::Month),
    ("thang", Field::Month),
    ("channel", Field::Channel),
    ("kenh", Field::Channel),
    ("kenh thanh toan", Field::Channel),
    ("phuong tien thanh toan", Field::Channel),
    ("hinh thuc thanh toan", Field::Channel),
    ("bank", Field::Bank),
    ("region map", Field::RegionMap),
    ("ngan hang", Field::Bank),
    ("ma ngan hang", Field::Bank),
    ("ten ngan hang", Field::Bank),
    ("tctd", Field::Bank),
    ("ma tctd", Field::Bank),
    ("to chuc tin dung", Field::Bank),
    ("stt", Field::Ignore),
    ("tt", Field::Ignore),
    ("so tt", Field::Ignore),
    ("ghi chu", Field::Ignore),
    ("note", Field::Ignore),
    ("notes", Field::Ignore),
];

// Words that name a measure, normalized; "sl"/"gt" are the usual abbreviations.
pub(crate) const METRIC_WORDS: &[(&str, Metric)] = &[
    ("so luong giao dich", Metric::Count),
    ("so luong", Metric::Count),
    ("so mon", Metric::Count),
    ("so giao dich", Metric::Count),
    ("sl", Metric::Count),
    ("count", Metric::Count),
    ("number", Metric::Count),
    ("gia tri giao dich", Metric::Value),
    ("gia tri", Metric::Value),
    ("doanh so", Metric::Value),
    ("so tien", Metric::Value),
    ("gt", Metric::Value),
    ("value", Metric::Value),
    ("amount", Metric::Value),
];

// Words left around a metric that do not name a channel ("GD", "thanh toán").
const FILLERS: &[&str] = &[
    "gd",
    "giao dich",
    "thanh toan",
    "tt",
    "qua",
    "kenh",
    "cua",
    "via",
    "of",
];

/// What a header says, or why it says nothing usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A field.
    Field(Field),
    /// Not recognised; when the header names a measure in a way that cannot be read (a unit
    /// not known, count and value at once), why (an error: figures would be lost).
    Unknown(Option<Words>),
    /// A count or value of something that is not a known channel ("Chuyển khoản"), and why:
    /// its cells are not read, with a warning, and the other columns are.
    UnknownChannel(Words),
}

/// What one header means. `mapping` entries win over the built-in words.
///
/// ```
/// use cashless::ingest::header::{classify, Field, Mapping, Reading};
/// use cashless::{Channel, Metric};
/// let m = Mapping::default();
/// assert_eq!(classify("Số lượng GD qua Internet Banking (món)", &m),
///            Reading::Field(Field::Measure(Channel::Internet, Metric::Count, Some(1))));
/// assert_eq!(classify("Giá trị (triệu đồng)", &m), Reading::Field(Field::Value(Some(1_000_000))));
/// assert_eq!(classify("Mã đơn vị", &m), Reading::Field(Field::RegionCode));
/// assert!(matches!(classify("Số lượng GD qua Zalo (món)", &m), Reading::UnknownChannel(_)));
/// ```
pub fn classify(header: &str, mapping: &Mapping) -> Reading {
    let unit = Mapping::lookup(&mapping.units, header)
        .and_then(|u| unit_in(&format!("({u})")))
        .or_else(|| unit_in(header));
    let factor = unit
        .map(|u| u.factor)
        .or_else(|| super::units::multiplier_in(header));
    if let Some(field) = Mapping::lookup(&mapping.columns, header) {
        // Checked when the mapping was read.
        return parse_field(field, factor).map_or(Reading::Unknown(None), Reading::Field);
    }
    // The words outside parentheses (and outside a trailing unit) say what the column is.
    let bare: String = header.split('(').next().unwrap_or("").to_string();
    let mut words = normalize(&bare);
    if unit.is_some() && !header.contains('(') {
        for (unit_words, ..) in super::units::UNITS {
            if let Some(rest) = words.strip_suffix(unit_words) {
                words = rest.trim_end().to_string();
                break;
            }
        }
    }
    if let Some(&(_, field)) = KEYS.iter().find(|(k, _)| *k == words) {
        return Reading::Field(field);
    }
    let unknown_unit = || {
        super::units::unknown_unit(header).map(|u| {
            Reading::Unknown(Some(Words::new(
                format!("đơn vị ({u}) không rõ: ghi đơn vị như \"(món)\", \"(nghìn món)\", \"(triệu đồng)\", \"(tỷ đồng)\" hoặc \"(million VND)\""),
                format!("the unit ({u}) is not known: write it as \"(món)\", \"(nghìn món)\", \"(triệu đồng)\", \"(tỷ đồng)\" or \"(million VND)\""),
            )))
        })
    };
    match words.as_str() {
        "region_code" | "region code" => return Reading::Field(Field::RegionCode),
        "count" | "value" if unit.is_none() => {
            if let Some(r) = unknown_unit() {
                return r;
            }
        }
        _ => {}
    }
    match words.as_str() {
        "count" => return Reading::Field(Field::Count(factor.or(Some(1)))),
        "value" => return Reading::Field(Field::Value(factor.or(Some(1)))),
        _ => {}
    }
    let padded = format!(" {words} ");
    let metric_word = METRIC_WORDS
        .iter()
        .find(|(w, _)| padded.contains(&format!(" {w} ")));
    let metric = match (metric_word.map(|m| m.1), unit.map(|u| u.metric)) {
        (Some(a), Some(b)) if a != b => {
            return Reading::Unknown(Some(Words::new(
                format!(
                    "tiêu đề ghi {} nhưng đơn vị là đơn vị của {}",
                    a.word(Lang::Vi),
                    b.word(Lang::Vi)
                ),
                format!(
                    "the header names a {} but its unit is one of {}",
                    a.name(),
                    b.name()
                ),
            )));
        }
        (Some(m), _) | (None, Some(m)) => m,
        (None, None) => return Reading::Unknown(None),
    };
    let mut rest = padded;
    if let Some((w, _)) = metric_word {
        rest = rest.replacen(&format!(" {w} "), " ", 1);
    }
    let rest = strip_fillers(rest.trim());
    if rest.is_empty() {
        return Reading::Field(match metric {
            Metric::Count => Field::Count(factor),
            Metric::Value => Field::Value(factor),
        });
    }
    match Channel::parse(&rest) {
        Ok(channel) => Reading::Field(Field::Measure(channel, metric, factor)),
        Err(crate::Error::UnknownChannel { known, .. }) => Reading::UnknownChannel(Words::new(
            format!(
                "{} của {rest:?}, không phải một kênh thanh toán đã biết ({})",
                metric.word(Lang::Vi),
                known.get(Lang::Vi)
            ),
            format!(
                "a {} of {rest:?}, which is not a known channel ({})",
                metric.name(),
                known.get(Lang::En)
            ),
        )),
        Err(e) => Reading::Unknown(Some(Words::shown(&e))),
    }
}

fn strip_fillers(text: &str) -> String {
    let mut rest = format!(" {text} ");
    loop {
        let before = rest.clone();
        for f in FILLERS {
            let pat = format!(" {f} ");
            if rest.starts_with(&pat) || rest.ends_with(&pat) {
                rest = rest.replacen(&pat, " ", 1);
            }
        }
        if rest == before {
            break;
        }
    }
    rest.trim().to_string()
}

/// A column of the table: its position, header text and field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// 0-based position in the row.
    pub index: usize,
    /// The header as written (two header rows joined with a space).
    pub header: String,
    /// What it holds.
    pub field: Field,
}

/// The table found in a grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Position in `grid.rows` of the first header row.
    pub header_at: usize,
    /// How many rows the header takes (1 or 2).
    pub header_rows: usize,
    /// The columns whose field is known.
    pub columns: Vec<Column>,
    /// Headers that name a measure in a way that cannot be read: (position, header, why).
    pub unknown: Vec<(usize, String, Words)>,
    /// Headers that name a measure of no known channel, not read: (position, header, why).
    pub unread: Vec<(usize, String, Words)>,
    /// Headers not recognised, left out: (position, header).
    pub unused: Vec<(usize, String)>,
}

impl Layout {
    /// The first column of a field kind.
    pub fn find(&self, wanted: impl Fn(Field) -> bool) -> Option<&Column> {
        self.columns.iter().find(|c| wanted(c.field))
    }

    /// The header text of the column at `index` (empty when the column is not a known one).
    pub fn header(&self, index: usize) -> String {
        self.columns
            .iter()
            .find(|c| c.index == index)
            .map(|c| c.header.clone())
            .unwrap_or_default()
    }

    /// Whether the rows have one channel each (long) or a column per channel (wide).
    pub fn is_wide(&self) -> bool {
        self.find(|f| matches!(f, Field::Measure(..))).is_some()
    }

    /// Keys and measures a table needs, given what the caller fixed for the whole file;
    /// `None` when complete, else what is missing.
    pub fn missing(&self, fixed_region: bool, fixed_period: bool) -> Option<Words> {
        let has = |f: fn(Field) -> bool| self.find(f).is_some();
        let mut missing = Vec::new();
        if !fixed_region && !has(|f| matches!(f, Field::RegionCode | Field::RegionName)) {
            missing.push((
                "cột đơn vị (\"Mã đơn vị\", \"Huyện\", region_code)",
                "a region column (\"Mã đơn vị\", \"Huyện\", region_code)",
            ));
        }
        let periods = has(|f| f == Field::Period)
            || (has(|f| f == Field::Year) && has(|f| f == Field::Month));
        if !fixed_period && !periods {
            missing.push((
                "cột kỳ báo cáo (\"Kỳ báo cáo\", period, hoặc \"Năm\" và \"Tháng\")",
                "a period column (\"Kỳ báo cáo\", period, or \"Năm\" and \"Tháng\")",
            ));
        }
        let long = has(|f| f == Field::Channel)
            && has(|f| matches!(f, Field::Count(_)))
            && has(|f| matches!(f, Field::Value(_)));
        if !long && !self.is_wide() {
            missing.push((
                "cột kênh, cột số lượng và cột giá trị, hoặc một cột số lượng và một cột giá trị cho mỗi kênh (\"Số lượng GD qua Internet Banking (món)\")",
                "channel, count and value columns, or a count and a value column per channel (\"Số lượng GD qua Internet Banking (món)\")",
            ));
        }
        let vi: Vec<&str> = missing.iter().map(|m| m.0).collect();
        let en: Vec<&str> = missing.iter().map(|m| m.1).collect();
        (!missing.is_empty()).then(|| Words::new(vi.join("; "), en.join("; ")))
    }
}

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header: the row (or pair of rows) among the first [`HEADER_SEARCH_ROWS`] whose
/// headers name the most fields. Returns the best candidate even when it is incomplete; the
/// caller checks [`Layout::missing`].
pub fn find_layout(grid: &Grid, mapping: &Mapping) -> Option<Layout> {
    let limit = if grid.header_given {
        1
    } else {
        grid.rows.len().min(HEADER_SEARCH_ROWS)
    };
    let mut best: Option<(usize, Layout)> = None;
    for at in 0..limit {
        for rows in [1, 2] {
            if rows == 2 && (grid.header_given || at + 1 >= grid.rows.len()) {
                continue;
            }
            let layout = layout_at(grid, at, rows, mapping);
            // Distinct headers: a title merged across the sheet repeats in every cell.
            let score = layout
                .columns
                .iter()
                .filter(|c| c.field != Field::Ignore)
                .map(|c| c.header.as_str())
                .chain(layout.unknown.iter().map(|u| u.1.as_str()))
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            if score >= 2 && best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, layout));
            }
        }
        // The first header with its figure columns complete is the table's: a later one is a
        // second table under it (read as such by the rows), not a better header.
        if best
            .as_ref()
            .is_some_and(|(_, l)| l.missing(true, true).is_none())
        {
            break;
        }
    }
    best.map(|(_, l)| l)
}

/// Whether the row at `at` (alone, or with the row below) is a complete header: channel and
/// figure columns, keys aside. Used to find a second table below a first.
pub(crate) fn is_header_row(grid: &Grid, at: usize, mapping: &Mapping) -> bool {
    [1, 2].iter().any(|&rows| {
        at + rows <= grid.rows.len() && {
            let l = layout_at(grid, at, rows, mapping);
            l.missing(true, true).is_none()
                && l.columns
                    .iter()
                    .filter(|c| c.field != Field::Ignore)
                    .count()
                    >= 3
        }
    })
}

fn layout_at(grid: &Grid, at: usize, rows: usize, mapping: &Mapping) -> Layout {
    let width = grid.width();
    let mut upper: Vec<String> = (0..width)
        .map(|c| grid.cell(at, c).text().trim().to_string())
        .collect();
    let headers: Vec<String> = if rows == 1 {
        upper
    } else {
        let lower: Vec<String> = (0..width)
            .map(|c| grid.cell(at + 1, c).text().trim().to_string())
            .collect();
        // A channel written once over its "Số lượng" and "Giá trị" columns (merged cells
        // saved to CSV leave the ones after the first empty).
        for c in 1..width {
            if upper[c].is_empty() && !lower[c].is_empty() {
                upper[c] = upper[c - 1].clone();
            }
        }
        upper
            .into_iter()
            .zip(lower)
            .map(|(u, l)| match (u.is_empty(), l.is_empty()) {
                (_, true) => u,
                (true, false) => l,
                // A key merged down over both header rows carries the same text twice.
                _ if u == l => u,
                _ => format!("{u} {l}"),
            })
            .collect()
    };
    let mut layout = Layout {
        header_at: at,
        header_rows: rows,
        columns: Vec::new(),
        unknown: Vec::new(),
        unread: Vec::new(),
        unused: Vec::new(),
    };
    for (index, header) in headers.into_iter().enumerate() {
        if header.is_empty() {
            continue;
        }
        match classify(&header, mapping) {
            Reading::Field(field) => layout.columns.push(Column {
                index,
                header,
                field,
            }),
            Reading::Unknown(Some(why)) => layout.unknown.push((index, header, why)),
            Reading::UnknownChannel(why) => layout.unread.push((index, header, why)),
            Reading::Unknown(None) => layout.unused.push((index, header)),
        }
    }
    // "Tháng" is a month number only beside a year column; alone it is the period.
    if layout.find(|f| f == Field::Year).is_none() {
        for c in layout
            .columns
            .iter_mut()
            .filter(|c| c.field == Field::Month)
        {
            c.field = Field::Period;
        }
    }
    layout
}
