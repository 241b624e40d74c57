//! On which administrative map a report judges and ranks, and what it did to data on another
//! map: 2025 figures reported by new commune carried back onto the old district a plan was
//! written for, with every approximate share named.

use std::collections::BTreeSet;

use polars::prelude::*;

use crate::catalogue::Catalogue;
use crate::crosswalk::{apply_crosswalk, ShareBasis};
use crate::error::{invalid_argument, Result};
use crate::lang::{say, Lang};
use crate::maps;
use crate::regions::{Level, Regions};
use crate::table::REGION_MAP;

use super::figures::texts;

/// A part of a new unit's figures counted in an old one by an approximate share.
#[derive(Debug, Clone)]
pub(super) struct Approximation {
    /// Name of the unit whose figures were shared (on the data's map).
    pub from_name: String,
    /// Code of the unit it was counted in (on the report's map).
    pub to_code: String,
    pub share: f64,
    pub basis: ShareBasis,
}

/// Data moved from one map onto the report's map.
#[derive(Debug, Clone)]
pub(super) struct MapShift {
    pub from: String,
    pub to: String,
    /// Units of the data's map that were moved.
    pub units: usize,
    pub approximations: Vec<Approximation>,
}

/// The report's maps: the one it ranks and judges on, and the moves made onto it.
#[derive(Debug, Clone, Default)]
pub(super) struct Maps {
    /// The map of the region table, or else the one map of the data.
    pub map: Option<String>,
    pub shifts: Vec<MapShift>,
}

impl Maps {
    /// The data moved onto the map of `regions`, at `level` (the level of the unit reported
    /// on). Rows on another map are carried over by the built-in crosswalk; without one, the
    /// report is refused rather than mixing two maps' codes.
    pub fn onto(
        tx: &DataFrame,
        regions: Option<&Regions>,
        level: Level,
    ) -> Result<(DataFrame, Self)> {
        let data_maps: BTreeSet<String> = match tx.column(REGION_MAP) {
            Ok(_) => texts(tx, REGION_MAP)?.into_iter().flatten().collect(),
            Err(_) => BTreeSet::new(),
        };
        let Some(target) = regions.and_then(Regions::map) else {
            let map = match data_maps.len() {
                1 => data_maps.into_iter().next(),
                _ => None,
            };
            return Ok((
                tx.clone(),
                Self {
                    map,
                    shifts: vec![],
                },
            ));
        };
        let mut tx = tx.clone();
        let mut shifts = Vec::new();
        for from in data_maps.iter().filter(|m| *m != target) {
            let cw_level = if target == maps::VN_2025 {
                Level::Commune
            } else {
                level
            };
            let cw = maps::crosswalk(from, target, cw_level).map_err(|_| {
                invalid_argument(say!(
                    format!("số liệu theo bản đồ {from}, bảng đơn vị theo bản đồ {target}: không có bảng chuyển đổi dựng sẵn ở cấp {} giữa hai bản đồ; hãy chuyển số liệu trước (apply_crosswalk) hoặc dùng bảng đơn vị của bản đồ {from}", cw_level.word(crate::lang::Lang::Vi)),
                    format!("the data is on map {from} and the region table on map {target}: there is no built-in crosswalk between them at {cw_level} level; move the data first (apply_crosswalk) or use a region table on map {from}"),
                ))
            })?;
            let moved_codes: BTreeSet<String> = {
                let on_from = tx
                    .clone()
                    .lazy()
                    .filter(col(REGION_MAP).eq(lit(from.as_str())))
                    .collect()?;
                texts(&on_from, crate::table::REGION_CODE)?
                    .into_iter()
                    .flatten()
                    .collect()
            };
            let names = maps::regions(from).ok();
            let approximations = cw
                .approximations(moved_codes.iter().map(String::as_str))
                .into_iter()
                .map(|e| Approximation {
                    from_name: names
                        .as_ref()
                        .and_then(|r| r.get(&e.old_code))
                        .map_or_else(|| e.old_code.clone(), |r| r.name.clone()),
                    to_code: e.new_code.clone(),
                    share: e.share,
                    basis: e.basis,
                })
                .collect();
            tx = apply_crosswalk(&tx, &cw)?;
            shifts.push(MapShift {
                from: from.clone(),
                to: target.to_string(),
                units: moved_codes.len(),
                approximations,
            });
        }
        Ok((
            tx,
            Self {
                map: Some(target.to_string()),
                shifts,
            },
        ))
    }

    /// The approximations that count in `unit` (itself or a unit inside it).
    pub fn approximations_in<'a>(
        &'a self,
        unit: &'a str,
        regions: Option<&'a Regions>,
        level: Option<Level>,
    ) -> impl Iterator<Item = &'a Approximation> + 'a {
        self.shifts
            .iter()
            .flat_map(|s| s.approximations.iter())
            .filter(move |a| {
                a.to_code == unit
                    || matches!((regions, level), (Some(r), Some(l)) if r.ancestor_at(&a.to_code, l).ok() == Some(unit))
            })
    }

    /// The sentence a ranking opens with: the map its units are on, and the reform when the
    /// stage crossed it.
    pub fn ranked_on(&self, catalogue: &Catalogue, l: Lang) -> Option<String> {
        let map = self.map.as_deref()?;
        let label = maps::describe(map).map_or(map, |m| m.label(l));
        let mut out = format!(
            "{} {label} ({map}).",
            l.pick("Các đơn vị được xếp hạng theo", "Units are ranked on"),
        );
        if catalogue.stage.end >= 2025 && catalogue.stage.start <= 2025 {
            let has_districts = maps::describe(map).is_none_or(|m| m.has_districts);
            out.push(' ');
            out.push_str(if has_districts {
                l.pick(
                    "Giai đoạn đi qua đợt sắp xếp đơn vị hành chính từ ngày 1/7/2025 (không còn cấp huyện, các xã được sắp xếp lại): số liệu theo đơn vị mới phải được quy về đơn vị cũ mới so sánh được với các năm trước.",
                    "The stage crosses the reorganisation of 1 July 2025 (no more districts, communes merged): figures by the new units must be carried back onto the old ones to compare with earlier years.",
                )
            } else {
                l.pick(
                    "Giai đoạn đi qua đợt sắp xếp đơn vị hành chính từ ngày 1/7/2025: số liệu các năm trước theo đơn vị cũ phải được quy về đơn vị mới mới so sánh được.",
                    "The stage crosses the reorganisation of 1 July 2025: figures of earlier years by the old units must be carried onto the new ones to compare.",
                )
            });
        }
        Some(out)
    }

    /// What was moved, and the approximate shares that count in the unit reported on.
    pub fn moved<'a>(
        &'a self,
        unit_name: &str,
        approximations: &[&'a Approximation],
        l: Lang,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.shifts {
            let label =
                |m: &str| maps::describe(m).map_or(m.to_string(), |i| i.label(l).to_string());
            out.push(format!(
                "{} {} ({}; {} {}) {} {} ({}) {}.",
                l.pick("Số liệu theo", "Figures on"),
                label(&s.from),
                s.from,
                s.units,
                l.pick("đơn vị", "units"),
                l.pick("được quy về", "were carried onto"),
                label(&s.to),
                s.to,
                l.pick(
                    "theo bảng chuyển đổi dựng sẵn (nguồn: vietnamadminunits, xem src/maps/data/SOURCE.md)",
                    "by the built-in crosswalk (source: vietnamadminunits, see src/maps/data/SOURCE.md)",
                ),
            ));
        }
        if self.shifts.is_empty() {
            return out;
        }
        if approximations.is_empty() {
            out.push(format!(
                "{} {unit_name} {}",
                l.pick("Mọi đơn vị mới tính vào", "Every new unit counted in"),
                l.pick(
                    "được tính trọn: không dùng tỷ lệ xấp xỉ nào.",
                    "is counted whole: no approximate share is used.",
                ),
            ));
            return out;
        }
        let bases: BTreeSet<ShareBasis> = approximations.iter().map(|a| a.basis).collect();
        let parts: Vec<String> = approximations
            .iter()
            .map(|a| format!("{} {}", a.from_name, l.percent(a.share, 2)))
            .collect();
        out.push(format!(
            "{} {unit_name} {}: {}. {}: {}.",
            l.pick(
                "Các đơn vị mới hình thành từ đơn vị cũ của nhiều nơi chỉ được tính một phần vào",
                "New units formed from old units of several places are counted only in part in",
            ),
            l.pick("(tỷ lệ xấp xỉ)", "(approximate shares)"),
            parts.join("; "),
            l.pick("Cách tính tỷ lệ", "How the shares are set"),
            bases
                .iter()
                .map(|b| b.describe(l))
                .collect::<Vec<_>>()
                .join("; "),
        ));
        out
    }
}
