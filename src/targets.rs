//! Targets of a plan (method §3): what is measured, where, by when, and the rule that says
//! whether it was reached. Catalogues of targets are read from TOML in [`crate::catalogue`].
//!
//! Thresholds are fractions, as everywhere in the library: `0.2` is 20 %, a growth range of
//! 20–25 %/yr is `lo = 0.20, hi = 0.25`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::channels::Channel;
use crate::lang::Lang;
use crate::metrics::Metric;
use crate::regions::Level;

/// The years a target runs over: base year `start − 1`, deadline the end of `end`.
///
/// ```
/// let s = cashless::Stage { start: 2021, end: 2025 };
/// assert_eq!((s.base_year(), s.years()), (2020, 5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// First year of the stage.
    pub start: i32,
    /// Last year of the stage: the deadline is its end.
    pub end: i32,
}

impl Stage {
    /// The year the stage's growth is measured from: the year before it starts.
    ///
    /// ```
    /// assert_eq!(cashless::Stage { start: 2026, end: 2030 }.base_year(), 2025);
    /// ```
    pub fn base_year(self) -> i32 {
        self.start - 1
    }
    /// `n` of the stage average: the number of yearly steps from the base year to the end.
    ///
    /// ```
    /// assert_eq!(cashless::Stage::default().years(), 5);
    /// ```
    pub fn years(self) -> i32 {
        self.end - self.base_year()
    }
}

impl Default for Stage {
    /// 2021–2025, the stage of Decision 1813/QĐ-TTg and the plans that carry it out.
    fn default() -> Self {
        Stage {
            start: 2021,
            end: 2025,
        }
    }
}

/// Where in its document a target is written.
///
/// ```
/// use cashless::lang::{in_language, Lang};
/// let s = cashless::targets::Source {
///     section: Some("II.2".into()),
///     point: Some("đ".into()),
///     appendix_row: Some("14".into()),
/// };
/// assert_eq!(in_language(Lang::En, || s.to_string()), "II.2.đ; appendix row 14");
/// let vi = in_language(Lang::Vi, || s.to_string());
/// assert_eq!(vi, "II.2.đ; Phụ lục, dòng 14");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Section of the body text, as numbered in the document (`II.2`).
    pub section: Option<String>,
    /// Point (letter) within the section (`đ`).
    pub point: Option<String>,
    /// Row (STT) of the appendix that assigns the target to an agency.
    pub appendix_row: Option<String>,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        match (&self.section, &self.point) {
            (Some(s), Some(p)) => parts.push(format!("{s}.{p}")),
            (Some(s), None) => parts.push(s.clone()),
            (None, Some(p)) => {
                parts.push(crate::say!(format!("điểm {p}"), format!("point {p}")).to_string())
            }
            (None, None) => {}
        }
        if let Some(r) = &self.appendix_row {
            parts.push(
                crate::say!(format!("Phụ lục, dòng {r}"), format!("appendix row {r}")).to_string(),
            );
        }
        f.write_str(&parts.join("; "))
    }
}

/// What a share is the share of: two indicators to divide, or a share reported as such.
///
/// ```
/// use cashless::targets::Ratio;
/// let r = Ratio::Parts { numerator: "water_revenue_cashless".into(), denominator: "water_revenue".into() };
/// assert_eq!(r.to_string(), "water_revenue_cashless / water_revenue");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ratio {
    /// `numerator / denominator`, both from the indicator table.
    Parts {
        /// Indicator counted in the share (payers paying electronically …).
        numerator: String,
        /// Indicator the share is of (all payers …).
        denominator: String,
    },
    /// A share reported directly as an indicator, as a fraction (0.85 = 85 %).
    Reported {
        /// The indicator holding the share.
        indicator: String,
    },
}

impl Ratio {
    /// The indicators the ratio reads.
    ///
    /// ```
    /// let r = cashless::targets::Ratio::Reported { indicator: "tax_share".into() };
    /// assert_eq!(r.indicators(), ["tax_share"]);
    /// ```
    pub fn indicators(&self) -> Vec<&str> {
        match self {
            Ratio::Parts {
                numerator,
                denominator,
            } => vec![numerator, denominator],
            Ratio::Reported { indicator } => vec![indicator],
        }
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ratio::Parts {
                numerator,
                denominator,
            } => write!(f, "{numerator} / {denominator}"),
            Ratio::Reported { indicator } => f.write_str(indicator),
        }
    }
}

/// The rule that decides whether a target is reached (method §3).
///
/// ```
/// use cashless::targets::Rule;
/// use cashless::{Channel, Metric};
/// let r = Rule::GrowthRange { channel: Channel::Mobile, metric: Metric::Count, lo: 0.5, hi: Some(0.8) };
/// assert_eq!(r.kind(), "growth_range");
/// assert_eq!(r.bounds(), (0.5, Some(0.8)));
/// assert_eq!(r.indicator(), "mobile count");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Rule {
    /// Average annual growth over the stage of a channel's count or value at least `lo`; above
    /// `hi` is `exceeded`, not a failure.
    GrowthRange {
        /// The channel (`all` for all cashless payments).
        channel: Channel,
        /// Count or value.
        metric: Metric,
        /// Lower bound, a fraction per year.
        lo: f64,
        /// Upper bound, if the document gives a range.
        hi: Option<f64>,
    },
    /// A share at least `lo` at the deadline (or within `lo`–`hi`).
    Share {
        /// What is divided by what.
        ratio: Ratio,
        /// Lower bound (fraction).
        lo: f64,
        /// Upper bound, if the document gives a range.
        hi: Option<f64>,
    },
    /// A share of 100 %: every school, clinic or shop.
    FullCoverage {
        /// What is divided by what.
        ratio: Ratio,
    },
    /// An indicator higher every year than the year before, in every unit of the level.
    RisingEveryYear {
        /// The indicator (acceptance points …).
        indicator: String,
    },
}

impl Rule {
    /// The rule's name: `growth_range`, `share`, `full_coverage` or `rising_every_year`.
    ///
    /// ```
    /// let r = cashless::Rule::RisingEveryYear { indicator: "acceptance_points".into() };
    /// assert_eq!((r.kind(), r.bounds()), ("rising_every_year", (1.0, Some(1.0))));
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::GrowthRange { .. } => "growth_range",
            Rule::Share { .. } => "share",
            Rule::FullCoverage { .. } => "full_coverage",
            Rule::RisingEveryYear { .. } => "rising_every_year",
        }
    }

    /// Lower and upper thresholds as fractions. Full coverage is `(1, 1)`; rising every year
    /// asks every yearly change to be a rise, `(1, 1)` of the years.
    pub fn bounds(&self) -> (f64, Option<f64>) {
        match self {
            Rule::GrowthRange { lo, hi, .. } | Rule::Share { lo, hi, .. } => (*lo, *hi),
            Rule::FullCoverage { .. } | Rule::RisingEveryYear { .. } => (1.0, Some(1.0)),
        }
    }

    /// What the rule measures, in words: `mobile count`, `a / b`, or an indicator name.
    pub fn indicator(&self) -> String {
        match self {
            Rule::GrowthRange {
                channel, metric, ..
            } => format!("{channel} {}", metric.name()),
            Rule::Share { ratio, .. } | Rule::FullCoverage { ratio } => ratio.to_string(),
            Rule::RisingEveryYear { indicator } => indicator.clone(),
        }
    }

    /// Indicators of the indicator table the rule reads (none for growth: transactions).
    pub fn indicators(&self) -> Vec<&str> {
        match self {
            Rule::GrowthRange { .. } => vec![],
            Rule::Share { ratio, .. } | Rule::FullCoverage { ratio } => ratio.indicators(),
            Rule::RisingEveryYear { indicator } => vec![indicator],
        }
    }

    /// The threshold as the plans write it, in `lang`: `20–25 %/năm`, `≥ 80 %`, `100 %`,
    /// `tăng hằng năm` (`20–25 %/yr`, …; whole percentages without decimals, others with one).
    ///
    /// ```
    /// use cashless::lang::Lang;
    /// let c = cashless::Catalogue::builtin("decision-1813").unwrap();
    /// let rule = &c.target("growth.mobile.value").unwrap().rule;
    /// assert_eq!(rule.threshold_in(Lang::Vi), "80–100 %/năm");
    /// assert_eq!(rule.threshold_in(Lang::En), "80–100 %/yr");
    /// assert_eq!(c.target("accounts").unwrap().rule.threshold_in(Lang::En), "≥ 80 %");
    /// ```
    pub fn threshold_in(&self, lang: Lang) -> String {
        let pct = |x: f64| lang.plan_number(x);
        let year = lang.pick("%/năm", "%/yr");
        match self {
            Rule::GrowthRange { lo, hi, .. } => match hi {
                Some(h) => format!("{}–{} {year}", pct(*lo), pct(*h)),
                None => format!("≥ {} {year}", pct(*lo)),
            },
            Rule::Share { lo, hi, .. } => match hi {
                Some(h) => format!("{}–{} %", pct(*lo), pct(*h)),
                None => format!("≥ {} %", pct(*lo)),
            },
            Rule::FullCoverage { .. } => "100 %".into(),
            Rule::RisingEveryYear { .. } => lang.pick("tăng hằng năm", "higher every year").into(),
        }
    }

    /// The threshold in English, as the catalogue's table gives it: [`Rule::threshold_in`].
    ///
    /// ```
    /// let c = cashless::Catalogue::builtin("decision-1813").unwrap();
    /// assert_eq!(c.target("growth.mobile.value").unwrap().rule.threshold(), "80–100 %/yr");
    /// ```
    pub fn threshold(&self) -> String {
        self.threshold_in(Lang::En)
    }
}

/// A second reading of a target, where its document contradicts itself (Thanh Hóa's water
/// revenue: 50 % in the body text, 80 % in appendix row 14). Kept, never smoothed over;
/// targets are evaluated against the body text unless the alternative reading is asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// Where the other reading is written.
    pub source: Source,
    /// Its words.
    pub text_vi: String,
    /// Its rule.
    pub rule: Rule,
    /// What differs, in words (English).
    pub note: String,
    /// What differs, in Vietnamese; the English note is shown where it is absent.
    pub note_vi: Option<String>,
}

impl Conflict {
    /// What differs, in `lang` (the English note where the catalogue has no Vietnamese one).
    pub fn note_in(&self, lang: crate::lang::Lang) -> &str {
        match (lang, &self.note_vi) {
            (crate::lang::Lang::Vi, Some(vi)) => vi,
            _ => &self.note,
        }
    }
}

/// One target of a plan.
///
/// ```
/// let c = cashless::Catalogue::builtin("xuan-loc-83-2023").unwrap();
/// let t = c.target("acceptance_points.rising").unwrap();
/// assert_eq!((t.level, t.document.as_str()), (cashless::Level::Commune, "83/KH-UBND"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Identifier, unique in its catalogue (`growth.mobile.count`).
    pub id: String,
    /// The document's own words.
    pub text_vi: String,
    /// English rendering.
    pub text_en: String,
    /// A short name in Vietnamese for tables ("Viện phí thanh toán bằng TTKDTM"), when the
    /// catalogue gives one; see [`Target::name`].
    #[serde(default)]
    pub name_vi: Option<String>,
    /// A short name in English.
    #[serde(default)]
    pub name_en: Option<String>,
    /// Number of the document the words come from (`106/KH-UBND`).
    pub document: String,
    /// Where in that document.
    pub source: Source,
    /// The agency the plan's appendix assigns the target to, when it does.
    pub agency: Option<String>,
    /// The level of the units the target applies to.
    pub level: Level,
    /// The stage it runs over.
    pub stage: Stage,
    /// How it is judged.
    pub rule: Rule,
    /// A remark on the wording (a scope that differs between body and appendix …).
    pub note: Option<String>,
    /// The other reading, when the document contradicts itself.
    pub conflict: Option<Conflict>,
}

impl Target {
    /// The target's short name in `lang`, for tables and sentences: the catalogue's
    /// `name_vi`/`name_en`; else, for a growth target, its measure ("Tăng trưởng BQ: Giá trị –
    /// Internet"); else the document's words.
    ///
    /// ```
    /// use cashless::{lang::Lang, Catalogue};
    /// let c = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    /// assert_eq!(c.target("hospital.fees").unwrap().name(Lang::Vi), "Viện phí thanh toán bằng TTKDTM");
    /// assert_eq!(c.target("growth.mobile.value").unwrap().name(Lang::En), "Average growth: Value – Mobile");
    /// ```
    pub fn name(&self, lang: Lang) -> String {
        let own = match lang {
            Lang::Vi => &self.name_vi,
            Lang::En => &self.name_en,
        };
        if let Some(name) = own {
            return name.clone();
        }
        match &self.rule {
            Rule::GrowthRange {
                channel, metric, ..
            } => format!(
                "{} {}",
                lang.pick("Tăng trưởng BQ:", "Average growth:"),
                metric.of(*channel, lang)
            ),
            _ => {
                let text = lang.pick(&self.text_vi, &self.text_en);
                let text = if text.is_empty() { &self.text_vi } else { text };
                text.trim().to_string()
            }
        }
    }

    /// The rule of the reading asked for: the body text's, or the conflicting reading's.
    ///
    /// ```
    /// use cashless::{Catalogue, Reading};
    /// let c = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    /// let t = c.target("water.revenue").unwrap();
    /// assert_eq!(t.rule_for(Reading::Body).bounds().0, 0.5);
    /// assert_eq!(t.rule_for(Reading::Alternative).bounds().0, 0.8);
    /// ```
    pub fn rule_for(&self, reading: Reading) -> &Rule {
        match (reading, &self.conflict) {
            (Reading::Alternative, Some(c)) => &c.rule,
            _ => &self.rule,
        }
    }
}

/// Which reading of a self-contradicting document to evaluate.
///
/// ```
/// let r: cashless::Reading = "alternative".parse().unwrap();
/// assert_eq!(r, cashless::Reading::Alternative);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reading {
    /// The body text (the default).
    #[default]
    Body,
    /// The other reading recorded in a target's `conflict` (the appendix, for Thanh Hóa).
    Alternative,
}

impl Reading {
    /// `body` or `alternative`.
    ///
    /// ```
    /// assert_eq!(cashless::Reading::default().name(), "body");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Reading::Body => "body",
            Reading::Alternative => "alternative",
        }
    }
}

impl std::str::FromStr for Reading {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "body" => Ok(Reading::Body),
            "alternative" | "appendix" => Ok(Reading::Alternative),
            _ => Err(crate::error::invalid_argument(crate::say!(
                format!("cách đọc {s:?} không phải body (phần nội dung) hoặc alternative (cách đọc kia)"),
                format!("reading {s:?} is not one of body, alternative"),
            ))),
        }
    }
}
