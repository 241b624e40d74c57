//! The yearly report: what an SBV branch sends its People's Committee, from the data to an
//! Excel workbook, a self-contained HTML page, Markdown and SVG charts.
//!
//! [`report`] computes every figure with the library's own functions (annual totals, growth,
//! same period, stage averages, attainment) into a [`Report`]: six sections of sentences,
//! typed tables and charts. The outputs are rendered from that one model, so the workbook, the
//! page and the Markdown cannot disagree, and the same input gives the same bytes (nothing
//! depends on the clock: the workbook's creation date is the data cut-off).
//!
//! ```
//! use cashless::report::{report, Lang, ReportInput, ReportOptions};
//! let input = ReportInput::sample().unwrap();
//! let catalogue = cashless::Catalogue::builtin("thanh-hoa-106-2022").unwrap();
//! let options = ReportOptions { year: 2025, lang: Lang::En, ..Default::default() };
//! let r = report(&input, &catalogue, &options).unwrap();
//! let ids: Vec<_> = r.sections.iter().map(|s| s.id).collect();
//! assert_eq!(ids, ["summary", "channels", "targets", "regions", "quality", "method"]);
//! assert_eq!(r.file_stem(), "report-2025");
//! ```

mod charts;
mod docx;
mod figures;
mod html;
mod letterhead;
mod map_note;
mod method;
mod model;
mod ranking;
mod reporters;
mod scope;
mod sections;
mod summary;
mod text;
mod verdict_section;
mod xlsx;

use std::path::{Path, PathBuf};

use polars::prelude::DataFrame;

use crate::calendar::Day;
use crate::catalogue::Catalogue;
use crate::error::{invalid_argument, Result};
use crate::estimate::Estimate;
use crate::ingest::{self, ledger::Ledger, ReadOptions};
use crate::regions::Regions;
use crate::sample;

pub use letterhead::Letterhead;
pub use model::{Cell, Chart, Section, Table};
pub use text::Lang;

/// What a report is made from.
#[derive(Debug, Clone)]
pub struct ReportInput {
    /// Monthly transactions, the canonical table (`region_code, period, channel, count, value`
    /// and optionally `bank`); lineage columns from [`ingest`] are ignored.
    pub transactions: DataFrame,
    /// The region table: names in the report, roll-up to the plan's level, and the regions
    /// section (ranking the units one level down).
    pub regions: Option<Regions>,
    /// `region_code, year, indicator, value` for share and coverage targets.
    pub indicators: Option<DataFrame>,
    /// The ledger of the read, for the data-quality section.
    pub ledger: Option<Ledger>,
    /// Where the data came from, as the method section names it.
    pub sources: Vec<String>,
    /// Whether the data is the built-in synthetic sample: the report says so on every page.
    pub synthetic: bool,
}

impl ReportInput {
    /// The built-in synthetic sample: Thanh Hóa's districts, its region table and indicators.
    pub fn sample() -> Result<Self> {
        Ok(ReportInput {
            transactions: sample::sample_data()?,
            regions: Some(sample::sample_regions()),
            indicators: Some(sample::sample_indicators()?),
            ledger: None,
            sources: vec!["sample".into()],
            synthetic: true,
        })
    }

    /// A table as it is: no ledger, named `DataFrame` in the method section.
    pub fn from_table(transactions: DataFrame) -> Self {
        ReportInput {
            transactions,
            regions: None,
            indicators: None,
            ledger: None,
            sources: vec![crate::table::IN_MEMORY.into()],
            synthetic: false,
        }
    }

    /// A read already made (its rows and its ledger), its files named from the rows' `source`
    /// column in the order read.
    ///
    /// ```
    /// use polars::prelude::*;
    /// let raw = df!("region_code" => ["38", "38"], "period" => ["2024-01", "2024-02"],
    ///     "channel" => ["pos", "pos"], "count" => [1i64, 2], "value" => [10i64, 20]).unwrap();
    /// let read = cashless::ingest::read_frame(&raw, "nh01.csv", &Default::default()).unwrap();
    /// let input = cashless::report::ReportInput::from_read(read).unwrap();
    /// assert_eq!(input.sources, ["nh01.csv"]);
    /// assert!(input.ledger.is_some());
    /// ```
    pub fn from_read(read: ingest::Read) -> Result<Self> {
        let mut sources: Vec<String> = Vec::new();
        if let Ok(column) = read.data.column(ingest::SOURCE) {
            for s in column.str()?.iter().flatten() {
                if sources.last().is_none_or(|l| l != s) && !sources.iter().any(|x| x == s) {
                    sources.push(s.to_string());
                }
            }
        }
        Ok(ReportInput {
            ledger: Some(read.ledger),
            sources: if sources.is_empty() {
                vec![crate::table::IN_MEMORY.into()]
            } else {
                sources
            },
            ..Self::from_table(read.data)
        })
    }

    /// Reads report files through [`ingest::read_paths`] (CSV, Excel, Parquet, as banks send
    /// them), keeping the ledger for the data-quality section. `options.regions` is used for
    /// region names and kept for the report.
    pub fn read(paths: &[PathBuf], options: &ReadOptions) -> Result<Self> {
        let read = ingest::read_paths(paths, options)?;
        Ok(ReportInput {
            transactions: read.data,
            regions: options.regions.clone(),
            indicators: None,
            ledger: Some(read.ledger),
            sources: paths.iter().map(|p| p.display().to_string()).collect(),
            synthetic: false,
        })
    }
}

/// What to report on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// The reporting year (by the plan's calendar: Thanh Hóa's 2025 runs 1 December 2024 –
    /// 30 November 2025).
    pub year: i32,
    /// Data cut-off: months that end after it are left out (the final 2021–2025 report of
    /// Thanh Hóa: 2025-10-31). Also the date the report carries.
    pub as_of: Option<Day>,
    /// The unit reported on; by default the one unit of the plan's level in the data.
    pub region: Option<String>,
    /// Language of the text and of the number formats.
    pub lang: Lang,
    /// How a report year that the cut-off ends early is completed ([`crate::estimate`]).
    /// `None` chooses: by the same period when the year is the stage's last and at least half
    /// of it is in the data (the final report of a stage), no estimate otherwise (and never
    /// for a half-year report).
    pub estimate: Option<Estimate>,
    /// A yearly report, or one for the first six months (Xuân Lộc reports before 15/6).
    pub period: ReportPeriod,
    /// The branch's details for the Word document (placeholders where absent).
    pub letterhead: Letterhead,
}

/// What a report covers.
///
/// ```
/// use cashless::report::ReportPeriod;
/// assert_eq!("h1".parse::<ReportPeriod>().unwrap(), ReportPeriod::FirstHalf);
/// assert_eq!(ReportPeriod::default(), ReportPeriod::Year);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReportPeriod {
    /// The reporting year (to the cut-off).
    #[default]
    Year,
    /// Its first six months (báo cáo 6 tháng đầu năm): data to the end of the sixth month,
    /// or an earlier cut-off; growth against the same months of the year before.
    FirstHalf,
}

impl std::str::FromStr for ReportPeriod {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "year" | "nam" => Ok(ReportPeriod::Year),
            "h1" | "half" | "6-thang" => Ok(ReportPeriod::FirstHalf),
            other => Err(invalid_argument(crate::say!(
                format!("kỳ báo cáo {other:?}: \"year\" (cả năm) hoặc \"h1\" (6 tháng đầu năm)"),
                format!("report period {other:?}: \"year\" or \"h1\" (the first six months)"),
            ))),
        }
    }
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            year: 2025,
            as_of: None,
            region: None,
            lang: Lang::Vi,
            estimate: None,
            period: ReportPeriod::Year,
            letterhead: Letterhead::default(),
        }
    }
}

/// A computed report, ready to be written out.
#[derive(Debug, Clone)]
pub struct Report {
    /// Language.
    pub lang: Lang,
    /// Reporting year.
    pub year: i32,
    /// Title (`Báo cáo kết quả thanh toán không dùng tiền mặt năm 2025 – Tỉnh Thanh Hóa`).
    pub title: String,
    /// The plan the targets come from, and the data cut-off.
    pub subtitle: String,
    /// A warning printed at the top when the data is synthetic.
    pub banner: Option<String>,
    /// Summary, channels, targets, regions, quality, method.
    pub sections: Vec<Section>,
    /// The full ledger, written to its own sheet of the workbook.
    pub ledger: Option<Ledger>,
    /// The data cut-off: the workbook's creation date, so that nothing depends on the clock.
    pub cut_off: Day,
    /// The year, or its first half.
    pub period: ReportPeriod,
    /// What the report is about, as the Word document's subject says it ("Kết quả thực hiện
    /// thanh toán không dùng tiền mặt năm 2025 trên địa bàn Tỉnh Thanh Hóa").
    pub subject: String,
    /// The branch's details for the Word document.
    pub letterhead: Letterhead,
}

/// Computes the report of `options.year` for one unit against `catalogue`.
///
/// Errors name what is missing: no data for the year, several units where one was expected
/// (give `region`), a cut-off before the year starts. The report's notes are in its language
/// (`options.lang`), its errors in the user's ([`crate::lang::language`]).
pub fn report(
    input: &ReportInput,
    catalogue: &Catalogue,
    options: &ReportOptions,
) -> Result<Report> {
    match crate::lang::in_language(options.lang, || sections::build(input, catalogue, options)) {
        // Notes and errors are worded where they are found, in one language: a report that
        // fails is built again in the user's language to word its error (a failure comes
        // early, before the figures are computed).
        Err(_) if options.lang != crate::lang::language() => {
            sections::build(input, catalogue, options)
        }
        built => built,
    }
}

impl Report {
    /// `bao-cao-2025` in Vietnamese, `report-2025` in English (`bao-cao-6-thang-2025`,
    /// `report-h1-2025` for the first half).
    pub fn file_stem(&self) -> String {
        match self.period {
            ReportPeriod::Year => format!("{}-{}", self.lang.pick("bao-cao", "report"), self.year),
            ReportPeriod::FirstHalf => {
                format!(
                    "{}-{}",
                    self.lang.pick("bao-cao-6-thang", "report-h1"),
                    self.year
                )
            }
        }
    }

    /// The self-contained HTML page: inline CSS and SVG, no script, every text escaped.
    pub fn html(&self) -> Result<String> {
        html::page(self)
    }

    /// The page's body with its style, for embedding (what Jupyter shows).
    pub fn html_fragment(&self) -> Result<String> {
        html::fragment(self)
    }

    /// Table `index` of section `id` as HTML with the report's style and formats (what a
    /// notebook shows for one table).
    ///
    /// ```
    /// use cashless::report::{report, ReportInput, ReportOptions};
    /// let cat = cashless::Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    /// let r = report(&ReportInput::sample().unwrap(), &cat, &ReportOptions::default()).unwrap();
    /// let html = r.table_html("channels", 0).unwrap();
    /// assert!(html.contains("73.146.680")); // the 2020 count, with the report's separators
    /// assert!(r.table_html("channels", 9).is_err());
    /// ```
    pub fn table_html(&self, id: &str, index: usize) -> Result<String> {
        html::table_fragment(self, id, index)
    }

    /// The report as Markdown; charts are linked as the PNG files [`Report::save`] writes.
    pub fn markdown(&self) -> Result<String> {
        html::markdown(self)
    }

    /// The Excel workbook: a sheet per table, the ledger on its own sheet.
    pub fn xlsx(&self) -> Result<Vec<u8>> {
        xlsx::workbook(self)
    }

    /// The Word document in the layout of Decree 30/2020/NĐ-CP: the letterhead, the body
    /// (results, shortfalls, a marked place for recommendations), the signature and the
    /// tables in an annex.
    ///
    /// ```
    /// use cashless::report::{report, ReportInput, ReportOptions};
    /// let cat = cashless::Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    /// let r = report(&ReportInput::sample().unwrap(), &cat, &ReportOptions::default()).unwrap();
    /// let docx = r.docx().unwrap();
    /// assert_eq!(&docx[..2], b"PK"); // a zip archive, as every .docx is
    /// assert_eq!(docx, r.docx().unwrap()); // the same bytes every time
    /// ```
    pub fn docx(&self) -> Result<Vec<u8>> {
        docx::document(self)
    }

    /// Every file of the report, by name: `.xlsx`, `.docx`, `.html`, `.md` and, per chart, an
    /// `.svg` and a `.png`.
    pub fn files(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let stem = self.file_stem();
        let mut out = vec![
            (format!("{stem}.xlsx"), self.xlsx()?),
            (format!("{stem}.docx"), self.docx()?),
            (format!("{stem}.html"), self.html()?.into_bytes()),
            (format!("{stem}.md"), self.markdown()?.into_bytes()),
        ];
        for chart in self.charts() {
            let svg = chart.svg.clone().into_bytes();
            out.push((chart_file(&stem, chart, "svg"), svg));
            out.push((chart_file(&stem, chart, "png"), chart.png.clone()));
        }
        Ok(out)
    }

    /// Writes [`Report::files`] into `dir` (created if missing) and returns their paths.
    pub fn save(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let io = |path: &Path, e: std::io::Error| crate::error::cannot_write(path, &e);
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let mut paths = Vec::new();
        for (name, bytes) in self.files()? {
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(|e| io(&path, e))?;
            paths.push(path);
        }
        Ok(paths)
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Every chart, in section order.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.sections.iter().flat_map(|s| s.charts.iter())
    }
}

/// A chart's file name: `bao-cao-2025-ranking.png`.
pub(crate) fn chart_file(stem: &str, chart: &Chart, extension: &str) -> String {
    format!("{stem}-{}.{extension}", chart.name)
}
