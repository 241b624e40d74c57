//! What a report is made of, before it is written out: sections of paragraphs, typed tables and
//! charts. Every output (HTML, Markdown, Excel) is rendered from this one model, so they cannot
//! disagree on a number.

use crate::attainment::Status;

use super::text::Lang;

/// One cell of a report table. Numbers stay numbers until an output formats them.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing: a figure that cannot be computed (the note says why).
    Empty,
    /// Text.
    Text(String),
    /// A whole number (món, rows, years counted).
    Int(i64),
    /// A year, printed without grouping.
    Year(i32),
    /// An amount in billions of đồng (tỷ đồng), printed with one decimal.
    Billions(f64),
    /// A fraction printed as a percentage.
    Percent(f64),
    /// A difference in percentage points (`-5.93` is 5.93 points short).
    Points(f64),
    /// A verdict, printed in words and coloured.
    Status(Status),
    /// A final verdict on an estimated year: `Đạt (ước)`.
    Estimated(Status),
}

impl Cell {
    /// Text, or `Empty` for `None`.
    pub fn text(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.into()))
    }

    /// A percentage, or `Empty` for `None` or a non-finite value.
    pub fn percent(x: Option<f64>) -> Cell {
        x.filter(|x| x.is_finite())
            .map_or(Cell::Empty, Cell::Percent)
    }

    /// The cell as the report prints it. Empty cells print as a dash.
    ///
    /// ```
    /// use cashless::report::{Cell, Lang};
    /// assert_eq!(Cell::Percent(0.5886).display(Lang::Vi), "58,86 %");
    /// assert_eq!(Cell::Billions(1234.56).display(Lang::En), "1,234.6");
    /// assert_eq!(Cell::Empty.display(Lang::Vi), "—");
    /// ```
    pub fn display(&self, lang: Lang) -> String {
        match self {
            Cell::Empty => "—".into(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => lang.integer(*n),
            Cell::Year(y) => y.to_string(),
            Cell::Billions(x) => lang.number(*x, 1),
            Cell::Percent(x) => lang.percent(*x, 2),
            Cell::Points(x) => lang.points(*x),
            Cell::Status(s) => s.word(lang).into(),
            Cell::Estimated(s) => lang.estimated_status(*s),
        }
    }

    /// A CSS class for the HTML output: the status family, or `num` for right-aligned figures.
    pub fn class(&self) -> &'static str {
        match self {
            Cell::Status(s) | Cell::Estimated(s) => status_class(*s),
            Cell::Int(_) | Cell::Billions(_) | Cell::Percent(_) | Cell::Points(_) => "num",
            Cell::Empty | Cell::Text(_) | Cell::Year(_) => "",
        }
    }
}

/// Three families that a reader tells apart at a glance: good, needs work, bad, unknown.
pub(crate) fn status_class(s: Status) -> &'static str {
    match s {
        Status::Exceeded | Status::Met | Status::OnTrack => "good",
        Status::AccelerationNeeded => "warn",
        Status::Below | Status::LimitedProgress | Status::Deterioration => "bad",
        Status::NotEvaluable => "none",
    }
}

/// A table with a title, its column headers and typed rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Short name, used as the Excel sheet name (at most 31 characters).
    pub sheet: String,
    /// Title printed above the table.
    pub title: String,
    /// Column headers.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

/// A chart, drawn once as a standalone SVG document and as a PNG image at print resolution;
/// both carry its title, legend and units.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// File stem (`growth-all-value`, `channel-mix`, `ranking`).
    pub name: String,
    /// Caption.
    pub title: String,
    /// The SVG markup, with every text escaped.
    pub svg: String,
    /// The PNG image, three pixels per CSS pixel of the SVG (288 dpi at the SVG's size).
    pub png: Vec<u8>,
}

/// One section of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Stable identifier (`summary`, `channels`, `targets`, `regions`, `quality`, `method`).
    pub id: &'static str,
    /// Heading.
    pub title: String,
    /// Plain sentences, printed before the tables.
    pub paragraphs: Vec<String>,
    /// Tables, in order.
    pub tables: Vec<Table>,
    /// Charts, after the tables.
    pub charts: Vec<Chart>,
}

impl Section {
    pub(crate) fn new(id: &'static str, title: &str) -> Self {
        Section {
            id,
            title: title.to_string(),
            paragraphs: Vec::new(),
            tables: Vec::new(),
            charts: Vec::new(),
        }
    }
}
