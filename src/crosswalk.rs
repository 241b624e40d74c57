//! Crosswalks between administrative maps: old codes onto new ones, with shares where a unit
//! was split, so that a 2020–2025 series straddling the 2025 reform stays comparable.

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{invalid_argument, Error, Location, Result};
use crate::lang::say;
use crate::table::{self, canonical, COUNT, REGION_CODE, REGION_MAP, VALUE};

/// Where a crosswalk line's share comes from. Only [`ShareBasis::Given`] is a fact; the
/// others are approximations, and every output that relies on one names it.
///
/// ```
/// use cashless::crosswalk::ShareBasis;
/// assert!(!ShareBasis::Given.is_approximation());
/// assert_eq!(ShareBasis::NewCommuneArea.code(), "new_commune_area");
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ShareBasis {
    /// A whole unit (share 1), or a share the crosswalk's author gave.
    #[default]
    Given,
    /// A divided old commune split in proportion to the published areas of the new communes
    /// that received part of it (the area of each part is not published).
    NewCommuneArea,
    /// Split into equal parts: each old commune that went into a new one counts the same (or
    /// a divided commune whose parts have no published area).
    EqualParts,
}

impl ShareBasis {
    /// Every basis, for listings and tests.
    pub const ALL: [ShareBasis; 3] = [
        ShareBasis::Given,
        ShareBasis::NewCommuneArea,
        ShareBasis::EqualParts,
    ];

    /// The stable code (`given`, `new_commune_area`, `equal_parts`).
    pub fn code(self) -> &'static str {
        match self {
            ShareBasis::Given => "given",
            ShareBasis::NewCommuneArea => "new_commune_area",
            ShareBasis::EqualParts => "equal_parts",
        }
    }

    /// Whether the share is an approximation rather than a fact.
    pub fn is_approximation(self) -> bool {
        self != ShareBasis::Given
    }

    /// What the basis means, in the reader's language.
    ///
    /// ```
    /// use cashless::{crosswalk::ShareBasis, lang::Lang};
    /// assert!(ShareBasis::EqualParts.describe(Lang::Vi).starts_with("xấp xỉ"));
    /// ```
    pub fn describe(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            ShareBasis::Given => lang.pick("tỷ lệ đã cho", "share as given"),
            ShareBasis::NewCommuneArea => lang.pick(
                "xấp xỉ theo diện tích tự nhiên của các xã, phường mới nhận một phần xã cũ bị chia \
                 (diện tích từng phần không được công bố)",
                "approximated by the areas of the new communes that received part of the divided \
                 old commune (the area of each part is not published)",
            ),
            ShareBasis::EqualParts => lang.pick(
                "xấp xỉ: mỗi xã cũ hợp thành tính là một phần bằng nhau (xã cũ bị chia tính theo tỷ lệ của phần đó)",
                "approximated: one equal part for each old commune that went into it (a divided one by its own share)",
            ),
        }
    }
}

impl std::str::FromStr for ShareBasis {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        ShareBasis::ALL
            .into_iter()
            .find(|b| b.code() == s.trim())
            .ok_or_else(|| {
                invalid_argument(crate::say!(
                    format!("cơ sở tỷ lệ {s:?} không phải given, new_commune_area hay equal_parts"),
                    format!("share basis {s:?} is not one of given, new_commune_area, equal_parts"),
                ))
            })
    }
}

/// One line of a crosswalk: part `share` of old unit `old_code` goes to `new_code`.
///
/// ```
/// use cashless::crosswalk::ShareBasis;
/// let e = cashless::CrosswalkEntry {
///     old_code: "380".into(), new_code: "38".into(), share: 1.0, basis: ShareBasis::Given,
/// };
/// assert_eq!(e.share, 1.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrosswalkEntry {
    /// Code on the old map.
    pub old_code: String,
    /// Code on the new map.
    pub new_code: String,
    /// Share of the old unit that goes to the new one (1 unless the old unit was split).
    pub share: f64,
    /// Where the share comes from.
    #[serde(default)]
    pub basis: ShareBasis,
}

/// A mapping from one administrative map onto another.
///
/// ```
/// let cw = cashless::sample::sample_crosswalk().unwrap();
/// assert_eq!((cw.from_map.as_str(), cw.to_map.as_str()), ("vn-2020", "vn-2025"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Crosswalk {
    /// Name of the old map (for example `vn-2020`).
    pub from_map: String,
    /// Name of the new map (for example `vn-2025`).
    pub to_map: String,
    /// The lines.
    pub entries: Vec<CrosswalkEntry>,
}

/// Column of a moved table naming the approximation a row rests on.
pub const SHARE_BASIS: &str = "share_basis";

// Shares are applied as integer parts of 2^60, in i128 arithmetic, so that đồng values up to
// i64::MAX are split to the unit and the parts add up to the whole.
const SHARE_SCALE: i128 = 1 << 60;

impl Crosswalk {
    /// A crosswalk from a table with columns `old_code`, `new_code` and optionally `share`
    /// (default 1) and `basis` (default `given`; see [`ShareBasis`]). The shares of each old
    /// code must add up to 1.
    ///
    /// ```
    /// use polars::prelude::*;
    /// let split = df!("old_code" => ["A", "A"], "new_code" => ["X", "Y"], "share" => [0.5, 0.4]).unwrap();
    /// let e = cashless::Crosswalk::from_frame(&split, "old", "new").unwrap_err();
    /// assert!(e.to_string().contains("add up to 0.9"));
    /// ```
    pub fn from_frame(df: &DataFrame, from_map: &str, to_map: &str) -> Result<Self> {
        let src = "crosswalk";
        let old = table::text_column(df, src, "old_code")?;
        let new = table::text_column(df, src, "new_code")?;
        // Each share with its text as given, for the error message.
        let share: Vec<(Option<f64>, String)> = match df.column("share") {
            // From a CSV read as text; a decimal comma ("0,5") is read as well.
            Ok(s) if s.dtype() == &DataType::String => s
                .str()?
                .iter()
                .map(|v| {
                    let raw = v.unwrap_or("null");
                    (raw.trim().replace(',', ".").parse().ok(), raw.to_string())
                })
                .collect(),
            Ok(s) => s
                .cast(&DataType::Float64)?
                .f64()?
                .iter()
                .map(|v| (v, v.map_or("null".into(), |x| x.to_string())))
                .collect(),
            Err(_) => vec![(Some(1.0), "1".into()); df.height()],
        };
        let (old, new) = (old.str()?, new.str()?);
        let basis: Vec<ShareBasis> = match df.column("basis") {
            Ok(b) => {
                let b = b.cast(&DataType::String)?;
                let mut out = Vec::with_capacity(df.height());
                for (i, v) in b.str()?.iter().enumerate() {
                    out.push(match v {
                        None | Some("") => ShareBasis::Given,
                        Some(v) => v.parse().map_err(|_| Error::InvalidValue {
                            location: Location::new(src, i, "basis", v).into(),
                            reason: crate::say!(
                                "không phải given, new_commune_area hay equal_parts".into(),
                                "is not one of given, new_commune_area, equal_parts".into(),
                            ),
                        })?,
                    });
                }
                out
            }
            Err(_) => vec![ShareBasis::Given; df.height()],
        };
        let mut entries = Vec::with_capacity(df.height());
        for (i, (s, raw)) in share.iter().enumerate() {
            let s = s
                .filter(|s| s.is_finite() && *s > 0.0 && *s <= 1.0)
                .ok_or_else(|| Error::InvalidValue {
                    location: Location::new(src, i, "share", raw.as_str()).into(),
                    reason: say!(
                        "không phải một tỷ lệ trong (0, 1]".into(),
                        "is not a share in (0, 1]".into(),
                    ),
                })?;
            entries.push(CrosswalkEntry {
                old_code: old.get(i).unwrap_or_default().to_string(),
                new_code: new.get(i).unwrap_or_default().to_string(),
                share: s,
                basis: basis[i],
            });
        }
        let cw = Self {
            from_map: from_map.to_string(),
            to_map: to_map.to_string(),
            entries,
        };
        cw.parts()?;
        Ok(cw)
    }

    /// A crosswalk from a CSV file with columns `old_code`, `new_code` and optionally `share`;
    /// codes are read as text.
    ///
    /// ```
    /// let path = std::env::temp_dir().join("cashless-doc-crosswalk.csv");
    /// std::fs::write(&path, "old_code,new_code,share\n001,01,1\n002,01,\"0,5\"\n002,02,\"0,5\"\n").unwrap();
    /// let cw = cashless::Crosswalk::from_csv(&path, "old", "new").unwrap();
    /// assert_eq!(cw.entries.len(), 3);
    /// assert_eq!(cw.entries[1].share, 0.5);
    /// ```
    pub fn from_csv(path: &std::path::Path, from_map: &str, to_map: &str) -> Result<Self> {
        Self::from_frame(&table::read_csv_text(path)?, from_map, to_map)
    }

    /// The table form: `old_code`, `new_code`, `share`, `basis`.
    ///
    /// ```
    /// let df = cashless::sample::sample_crosswalk().unwrap().to_frame().unwrap();
    /// assert_eq!(df.get_column_names(), ["old_code", "new_code", "share", "basis"]);
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        let e = &self.entries;
        Ok(df!(
            "old_code" => e.iter().map(|x| x.old_code.as_str()).collect::<Vec<_>>(),
            "new_code" => e.iter().map(|x| x.new_code.as_str()).collect::<Vec<_>>(),
            "share" => e.iter().map(|x| x.share).collect::<Vec<_>>(),
            "basis" => e.iter().map(|x| x.basis.code()).collect::<Vec<_>>(),
        )?)
    }

    /// The lines with an approximate share among those of `old_codes`, for saying what a
    /// moved table relies on.
    ///
    /// ```
    /// let cw = cashless::maps::crosswalk("vn-2025-06", "vn-2025", cashless::Level::Commune).unwrap();
    /// // Xã Xuân Tâm (Xuân Lộc, Đồng Nai) was divided between Xuân Đông and Xuân Hòa.
    /// let lines = cw.approximations(["26449"]);
    /// assert_eq!(lines.len(), 2);
    /// ```
    pub fn approximations<'a>(
        &self,
        old_codes: impl IntoIterator<Item = &'a str>,
    ) -> Vec<&CrosswalkEntry> {
        let wanted: std::collections::BTreeSet<&str> = old_codes.into_iter().collect();
        self.entries
            .iter()
            .filter(|e| e.basis.is_approximation() && wanted.contains(e.old_code.as_str()))
            .collect()
    }

    /// Per old code, its (new code, parts of 2^60, basis) in new-code order; checked to sum
    /// to 1.
    fn parts(&self) -> Result<BTreeMap<&str, Vec<Part<'_>>>> {
        let mut parts: BTreeMap<&str, Vec<Part<'_>>> = BTreeMap::new();
        for e in &self.entries {
            let part = (e.share * SHARE_SCALE as f64).round() as i128;
            parts
                .entry(&e.old_code)
                .or_default()
                .push((&e.new_code, part, e.basis));
        }
        for (old, p) in parts.iter_mut() {
            p.sort();
            let total: i128 = p.iter().map(|x| x.1).sum();
            // Shares written as decimals (1/3 as 0.333333) are accepted to within 1e-6; what
            // they miss goes to the largest part, so that the parts add up to the whole.
            if (total - SHARE_SCALE).abs() > SHARE_SCALE / 1_000_000 {
                let total = total as f64 / SHARE_SCALE as f64;
                return Err(invalid_argument(say!(
                    format!("tỷ lệ chia của {old:?} trong bảng chuyển đổi cộng lại bằng {total}, không phải 1"),
                    format!("crosswalk shares of {old:?} add up to {total}, not 1"),
                )));
            }
            if let Some(largest) = p.iter_mut().max_by_key(|x| x.1) {
                largest.1 += SHARE_SCALE - total;
            }
        }
        Ok(parts)
    }
}

/// A new code, its part of 2^60 and where the part comes from.
type Part<'a> = (&'a str, i128, ShareBasis);

/// Splits `amount` by parts of 2^60, exactly: floors first, then the remaining units to
/// the largest remainders (ties to the earlier new code), so the pieces add up to `amount`.
fn apportion(amount: i64, parts: &[Part<'_>]) -> Vec<i64> {
    let a = i128::from(amount);
    let mut pieces: Vec<i128> = parts.iter().map(|p| a * p.1 / SHARE_SCALE).collect();
    let mut left = a - pieces.iter().sum::<i128>();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(a * parts[i].1 % SHARE_SCALE), i));
    for i in order {
        if left == 0 {
            break;
        }
        pieces[i] += 1;
        left -= 1;
    }
    pieces.into_iter().map(|p| p as i64).collect()
}

/// The canonical table moved onto the crosswalk's new map.
///
/// Rows whose `region_map` is another map than the crosswalk's old map are kept as they are;
/// a table without `region_map` is taken to be on the old map. Split units are apportioned
/// exactly (the pieces add up to the original integers); merged units are summed. The output
/// has a `region_map` column set to the new map, and, when a row rests on an approximate
/// share, a `share_basis` column naming it ([`ShareBasis`] codes; null where every part was
/// given).
///
/// ```
/// use polars::prelude::*;
/// let cw = cashless::Crosswalk::from_frame(
///     &df!("old_code" => ["A", "A"], "new_code" => ["X", "Y"], "share" => [2.0 / 3.0, 1.0 / 3.0]).unwrap(),
///     "old", "new",
/// ).unwrap();
/// let tx = df!(
///     "region_code" => ["A"], "period" => ["2024-01"], "channel" => ["pos"],
///     "count" => [10i64], "value" => [1_000_000_000_001i64],
/// ).unwrap();
/// let moved = cashless::apply_crosswalk(&tx, &cw).unwrap();
/// let counts: Vec<i64> = moved.column("count").unwrap().i64().unwrap().into_no_null_iter().collect();
/// assert_eq!(counts, vec![7, 3]); // 6.67 and 3.33: the spare unit goes to the larger remainder
/// ```
pub fn apply_crosswalk(tx: &DataFrame, crosswalk: &Crosswalk) -> Result<DataFrame> {
    let tx = canonical(tx, table::IN_MEMORY)?;
    let parts = crosswalk.parts()?;
    // The map of each row as given; a table without `region_map` is on the old map.
    let maps: Vec<String> = match tx.column(REGION_MAP) {
        Ok(m) => m
            .str()?
            .iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect(),
        Err(_) => vec![crosswalk.from_map.clone(); tx.height()],
    };
    let codes = tx.column(REGION_CODE)?.str()?;
    let count = tx.column(COUNT)?.i64()?;
    let value = tx.column(VALUE)?.i64()?;
    // Rows are expanded: row i becomes one row per new code it maps to.
    let mut take: Vec<IdxSize> = Vec::with_capacity(tx.height());
    let (mut new_codes, mut new_maps, mut new_counts, mut new_values) =
        (vec![], vec![], vec![], vec![]);
    let mut bases: Vec<Option<&'static str>> = vec![];
    for (i, code) in codes.iter().map(Option::unwrap_or_default).enumerate() {
        let (c, v) = (count.get(i).unwrap_or(0), value.get(i).unwrap_or(0));
        if maps[i] != crosswalk.from_map {
            take.push(i as IdxSize);
            new_codes.push(code);
            new_maps.push(maps[i].as_str());
            new_counts.push(c);
            new_values.push(v);
            bases.push(None);
            continue;
        }
        let p = parts.get(code).ok_or_else(|| Error::UnknownRegion {
            code: code.to_string(),
            location: Some(Location::new(table::IN_MEMORY, i, REGION_CODE, code).into()),
            reason: say!(
                format!(
                    "không có trong bảng chuyển đổi từ {} sang {}",
                    crosswalk.from_map, crosswalk.to_map
                ),
                format!(
                    "not in the crosswalk from {} to {}",
                    crosswalk.from_map, crosswalk.to_map
                ),
            ),
        })?;
        for ((new, _, basis), (pc, pv)) in p
            .iter()
            .zip(apportion(c, p).into_iter().zip(apportion(v, p)))
        {
            bases.push(basis.is_approximation().then(|| basis.code()));
            take.push(i as IdxSize);
            new_codes.push(new);
            new_maps.push(crosswalk.to_map.as_str());
            new_counts.push(pc);
            new_values.push(pv);
        }
    }
    let mut expanded = tx.take(&IdxCa::from_vec("".into(), take))?;
    expanded.with_column(Column::new(REGION_CODE.into(), new_codes))?;
    expanded.with_column(Column::new(REGION_MAP.into(), new_maps))?;
    expanded.with_column(Column::new(COUNT.into(), new_counts))?;
    expanded.with_column(Column::new(VALUE.into(), new_values))?;
    let approximate = bases.iter().any(Option::is_some);
    if approximate {
        expanded.with_column(Column::new(SHARE_BASIS.into(), bases))?;
    }
    let columns = expanded.get_column_names_owned();
    let keys = table::key_columns(&expanded);
    // A row summed from given and approximate parts rests on the approximation.
    let extra = if approximate {
        vec![col(SHARE_BASIS).max().alias(SHARE_BASIS)]
    } else {
        vec![]
    };
    let summed = table::sum_amounts(expanded.lazy(), &keys, extra)?;
    Ok(summed.select(columns)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_adds_up_exactly() {
        let third = SHARE_SCALE / 3;
        let g = ShareBasis::Given;
        let parts = [
            ("a", third, g),
            ("b", third, g),
            ("c", SHARE_SCALE - 2 * third, g),
        ];
        for amount in [0, 1, 2, 10, 1_000_000_007, i64::MAX / 4] {
            let pieces = apportion(amount, &parts);
            assert_eq!(pieces.iter().sum::<i64>(), amount, "{amount}");
        }
    }
}
