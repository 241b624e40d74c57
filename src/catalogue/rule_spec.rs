//! A target's rule as a catalogue writes it (`kind = "growth_range"`, `"share"`,
//! `"full_coverage"`, `"rising_every_year"`), checked and turned into a [`Rule`]: bounds a
//! plan can mean (a growth of 20 % written 0.2, not 20), a ratio given by its two parts or as
//! one reported indicator, never both.

use serde::Deserialize;

use crate::channels::Channel;
use crate::lang::{say, Words};
use crate::metrics::Metric;
use crate::targets::{Ratio, Rule};

// What a `[[target.rule]]` table says.
#[derive(Deserialize, Clone)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(super) enum RuleSpec {
    GrowthRange {
        channel: Channel,
        metric: Metric,
        lo: f64,
        hi: Option<f64>,
    },
    Share {
        numerator: Option<String>,
        denominator: Option<String>,
        indicator: Option<String>,
        lo: f64,
        hi: Option<f64>,
    },
    FullCoverage {
        numerator: Option<String>,
        denominator: Option<String>,
        indicator: Option<String>,
    },
    RisingEveryYear {
        indicator: String,
    },
}

/// The highest yearly growth a target may set (300 %): a higher one is a percentage written
/// where a fraction belongs.
const MAX_GROWTH: f64 = 3.0;

/// A rule from its TOML form, or the key at fault and why.
pub(super) fn rule_of(spec: RuleSpec) -> std::result::Result<Rule, (String, Words)> {
    let fault = |k: &str, r: Words| Err((k.to_string(), r));
    let ratio =
        |num: Option<String>, den: Option<String>, ind: Option<String>| match (num, den, ind) {
            (Some(numerator), Some(denominator), None) => Ok(Ratio::Parts {
                numerator,
                denominator,
            }),
            (None, None, Some(indicator)) => Ok(Ratio::Reported { indicator }),
            _ => Err((
                "numerator".to_string(),
                say!(
                    "ghi `numerator` và `denominator`, hoặc `indicator` (tỷ lệ được báo cáo \
                     sẵn), không trộn hai cách"
                        .into(),
                    "give `numerator` and `denominator`, or `indicator` (a share reported as \
                     such), not a mix"
                        .into(),
                ),
            )),
        };
    let check_bounds = |lo: f64, hi: Option<f64>, max: f64| {
        if !lo.is_finite() || (lo < 0.0 && max <= 1.0) || lo <= -1.0 {
            return Err((
                "lo".to_string(),
                say!(
                    format!("{lo} nằm ngoài phạm vi"),
                    format!("{lo} is out of range"),
                ),
            ));
        }
        if lo > max {
            return Err((
                "lo".to_string(),
                say!(
                    format!(
                        "{lo} lớn hơn {max}: ngưỡng ghi dạng phân số, {lo} % ghi là {}",
                        lo / 100.0
                    ),
                    format!(
                        "{lo} is above {max}: thresholds are fractions, write {} for {lo} %",
                        lo / 100.0
                    ),
                ),
            ));
        }
        if let Some(h) = hi {
            if !h.is_finite() || h > max {
                return Err((
                    "hi".to_string(),
                    say!(
                        format!(
                            "{h} lớn hơn {max}: ngưỡng ghi dạng phân số, {h} % ghi là {}",
                            h / 100.0
                        ),
                        format!(
                            "{h} is above {max}: thresholds are fractions, write {} for {h} %",
                            h / 100.0
                        ),
                    ),
                ));
            }
            if h < lo {
                return Err((
                    "hi".to_string(),
                    say!(
                        format!("{h} nhỏ hơn lo = {lo}"),
                        format!("{h} is below lo = {lo}"),
                    ),
                ));
            }
        }
        Ok(())
    };
    match spec {
        RuleSpec::GrowthRange {
            channel,
            metric,
            lo,
            hi,
        } => {
            // 300 %/yr is beyond any plan's average: such a figure is a percentage written as
            // a number (lo = 5 for 5 %), not a fraction.
            check_bounds(lo, hi, MAX_GROWTH)?;
            Ok(Rule::GrowthRange {
                channel,
                metric,
                lo,
                hi,
            })
        }
        RuleSpec::Share {
            numerator,
            denominator,
            indicator,
            lo,
            hi,
        } => {
            check_bounds(lo, hi, 1.0)?;
            Ok(Rule::Share {
                ratio: ratio(numerator, denominator, indicator)?,
                lo,
                hi,
            })
        }
        RuleSpec::FullCoverage {
            numerator,
            denominator,
            indicator,
        } => Ok(Rule::FullCoverage {
            ratio: ratio(numerator, denominator, indicator)?,
        }),
        RuleSpec::RisingEveryYear { indicator } => {
            if indicator.trim().is_empty() {
                return fault("indicator", say!("để trống".into(), "is empty".into()));
            }
            Ok(Rule::RisingEveryYear { indicator })
        }
    }
}
