//! An indicator table's columns found from its header (the unit, the indicator's label, the
//! value, the region and year, or a column per indicator), and the unit that turns a number
//! into an indicator's value.

use super::indicator_named;
use crate::channels::normalize;
use crate::indicators::IndicatorInfo;
use crate::ingest::grid::Grid;
use crate::ingest::header::{classify, Field, Reading};
use crate::ingest::ReadOptions;
use crate::lang::Words;
use crate::metrics::Metric;

/// The columns of an indicator table.
#[derive(Default)]
pub(super) struct Columns {
    pub(super) region: Option<(usize, String)>,
    pub(super) year: Option<(usize, String)>,
    pub(super) indicator: Option<(usize, String)>,
    pub(super) value: Option<(usize, String)>,
    pub(super) unit: Option<(usize, String)>,
    /// Wide layout: a column per indicator, with the unit its header names.
    pub(super) wide: Vec<(usize, String, &'static IndicatorInfo)>,
}

pub(super) fn columns(grid: &Grid, pos: usize, options: &ReadOptions) -> Columns {
    let mut c = Columns::default();
    for (i, cell) in grid.rows[pos].1.iter().enumerate() {
        let header = cell.text();
        let words = normalize(header.split('(').next().unwrap_or(""));
        let slot = match words.as_str() {
            "don vi tinh" | "dvt" | "unit" => &mut c.unit,
            "chi tieu" | "ten chi tieu" | "chi so" | "ten chi so" | "indicator" | "noi dung" => {
                &mut c.indicator
            }
            "gia tri" | "so lieu" | "value" | "thuc hien" | "ket qua" | "so luong" => &mut c.value,
            _ => {
                match classify(&header, &options.mapping) {
                    Reading::Field(Field::RegionCode | Field::RegionName) if c.region.is_none() => {
                        c.region = Some((i, header));
                    }
                    Reading::Field(Field::Year) if c.year.is_none() => c.year = Some((i, header)),
                    _ => {
                        if let Some(info) = indicator_named(header.split('(').next().unwrap_or(""))
                        {
                            c.wide.push((i, header, info));
                        }
                    }
                }
                continue;
            }
        };
        if slot.is_none() {
            *slot = Some((i, header));
        }
    }
    c
}

impl Columns {
    pub(super) fn is_table(&self, options: &ReadOptions) -> bool {
        (self.region.is_some() || options.region.is_some())
            && ((self.indicator.is_some() && self.value.is_some()) || !self.wide.is_empty())
    }
}

/// How a unit turns a number into the indicator's value, or why it cannot.
pub(super) fn factor(
    unit: &str,
    info: &IndicatorInfo,
    percent: bool,
) -> std::result::Result<f64, Words> {
    let money = info.unit == "đồng";
    if percent || normalize(unit) == "phan tram" || unit.trim() == "%" {
        return Err(Words::new(
            format!("là tỷ lệ phần trăm, nhưng chỉ tiêu {} tính bằng {}: hãy gửi số tuyệt đối (tỷ lệ được tính từ hai chỉ tiêu)", info.name, info.unit),
            format!("is a percentage, but {} counts {}: give the figure itself (the share is computed from two indicators)", info.name, info.unit),
        ));
    }
    let unit = unit.trim();
    match (
        unit.is_empty(),
        crate::ingest::units::unit_in(&format!("({unit})")),
    ) {
        (true, _) if money => Err(Words::new(
            format!(
                "{} tính bằng đồng: ghi đơn vị (đồng, nghìn đồng, triệu đồng, tỷ đồng)",
                info.name
            ),
            format!(
                "{} is in đồng: name the unit (đồng, nghìn đồng, triệu đồng, tỷ đồng)",
                info.name
            ),
        )),
        (true, _) => Ok(1.0),
        (false, Some(u)) if u.metric == Metric::Value && money => Ok(u.factor as f64),
        (false, Some(u)) if u.metric == Metric::Value => Err(Words::new(
            format!(
                "đơn vị {unit:?} là tiền, nhưng chỉ tiêu {} đếm {}",
                info.name, info.unit
            ),
            format!(
                "the unit {unit:?} is money, but {} counts {}",
                info.name, info.unit
            ),
        )),
        (false, Some(_)) => Err(Words::new(
            format!(
                "đơn vị {unit:?} là số giao dịch, không phải đơn vị của chỉ tiêu {}",
                info.name
            ),
            format!(
                "the unit {unit:?} counts transactions, not what {} counts",
                info.name
            ),
        )),
        (false, None) if money => Err(Words::new(
            format!(
                "đơn vị {unit:?} không phải đơn vị tiền: {} tính bằng đồng",
                info.name
            ),
            format!("the unit {unit:?} is not money: {} is in đồng", info.name),
        )),
        // Counts: "người", "khách hàng", "trường", "cơ sở" … all count one each.
        (false, None) => Ok(1.0),
    }
}

/// The unit written in a header's parentheses, or nothing.
pub(super) fn unit_of(header: &str) -> String {
    header
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(u, _)| u.trim().to_string())
        .unwrap_or_default()
}
