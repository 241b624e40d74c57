//! Every label the reader accepts, in one table a user can look up (`cashless labels`): the
//! channels and the labels banks write for them, those refused and why, the column and
//! measure words of headers, the units, the kinds of administrative unit, the indicators and
//! the period formats. Built from the lists the reader itself uses, so it cannot fall behind.

use polars::prelude::*;

use super::header::{Field, KEYS, METRIC_WORDS};
use super::names::KINDS;
use super::units::UNITS;
use crate::channels::{ALIASES, REFUSED};
use crate::error::Result;
use crate::indicators::INDICATORS;
use crate::lang::{language, say};
use crate::metrics::Metric;

/// Period formats read in a period cell or a title ("T5/2023").
const PERIODS: &[&str] = &[
    "T5/2023",
    "Tháng 5/2023",
    "tháng 05 năm 2023",
    "05/2023",
    "2023-05",
];

fn field_name(f: Field) -> &'static str {
    match f {
        Field::RegionCode => "region_code",
        Field::RegionName => "region_name",
        Field::Period => "period",
        Field::Year => "year",
        Field::Month => "month",
        Field::Channel => "channel",
        Field::Bank => "bank",
        Field::RegionMap => "region_map",
        Field::Count(_) => "count",
        Field::Value(_) => "value",
        Field::Measure(..) => "measure",
        Field::Ignore => "ignore",
    }
}

/// The accepted labels: `kind` (`channel`, `refused`, `column`, `measure`, `unit`,
/// `region_kind`, `indicator`, `period`), `label` (compared without case, diacritics or
/// punctuation: the forms listed are folded) and `means`.
///
/// ```
/// use polars::prelude::*;
/// let l = cashless::ingest::labels::labels().unwrap();
/// let tong = l.lazy().filter(col("label").eq(lit("tong cong ttkdtm"))).collect().unwrap();
/// assert_eq!(tong.column("means").unwrap().str().unwrap().get(0), Some("all"));
/// ```
pub fn labels() -> Result<DataFrame> {
    let mut rows: Vec<(&str, String, String)> = Vec::new();
    for (label, channel) in ALIASES {
        rows.push(("channel", (*label).into(), channel.name().into()));
    }
    for (label, vi, en) in REFUSED {
        rows.push((
            "refused",
            (*label).into(),
            say!((*vi).into(), (*en).into()).to_string(),
        ));
    }
    for (label, field) in KEYS {
        rows.push(("column", (*label).into(), field_name(*field).into()));
    }
    for (label, metric) in METRIC_WORDS {
        rows.push(("measure", (*label).into(), metric.name().into()));
    }
    for (label, metric, factor) in UNITS {
        let what = match metric {
            Metric::Count => "món",
            Metric::Value => "đồng",
        };
        rows.push(("unit", (*label).into(), format!("{factor} {what}")));
    }
    for (written, kind, levels) in KINDS {
        let levels: Vec<&str> = levels.iter().map(|l| l.word(language())).collect();
        rows.push((
            "region_kind",
            (*written).into(),
            format!("{kind} ({})", levels.join(", ")),
        ));
    }
    for i in &INDICATORS {
        rows.push(("indicator", i.text_vi.into(), i.name.into()));
        rows.push(("indicator", i.text_en.into(), i.name.into()));
    }
    for p in PERIODS {
        rows.push(("period", (*p).into(), "month".into()));
    }
    // A date cell (a workbook's date, or 2023-05-01) names its month when it is the 1st.
    rows.push((
        "period",
        say!(
            "một ngày mùng 1 của tháng (01/05/2023)".into(),
            "a date on the 1st of the month (2023-05-01)".into(),
        )
        .to_string(),
        "month".into(),
    ));
    Ok(df!(
        "kind" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "label" => rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        "means" => rows.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_period_format_listed_reads_as_a_month() {
        for p in PERIODS {
            assert!(
                matches!(
                    super::super::periods::parse_period(p),
                    Ok(super::super::periods::Period::Month {
                        year: 2023,
                        month: 5
                    })
                ),
                "{p}"
            );
        }
    }

    #[test]
    fn every_channel_label_listed_parses_to_its_channel() {
        let l = labels().unwrap();
        let (kind, label, means) = (
            l.column("kind").unwrap().str().unwrap(),
            l.column("label").unwrap().str().unwrap(),
            l.column("means").unwrap().str().unwrap(),
        );
        for i in 0..l.height() {
            match kind.get(i) {
                Some("channel") => assert_eq!(
                    crate::Channel::parse(label.get(i).unwrap()).unwrap().name(),
                    means.get(i).unwrap()
                ),
                Some("refused") => assert!(crate::Channel::parse(label.get(i).unwrap()).is_err()),
                _ => {}
            }
        }
    }
}
