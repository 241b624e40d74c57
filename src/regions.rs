//! Administrative units, roll-ups and crosswalks between administrative maps.
//!
//! Vietnam's map changed in 2025: provinces were merged (63 → 34), the district level was
//! abolished from 1 July 2025 and communes were merged, so a 2020–2025 series straddles two
//! maps. A [`crate::Crosswalk`] maps codes of one map onto the other (with shares where a unit was
//! split) so that a series stays comparable, and the output carries the map it is on in
//! `region_map`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{invalid_argument, Error, Location, Result};
use crate::lang::{say, Lang};
use crate::table::{self, canonical, REGION_CODE};

/// Level of an administrative unit, from the coarsest.
///
/// ```
/// use cashless::Level;
/// assert!(Level::Province < Level::District);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The whole country.
    Nation,
    /// Province or centrally-run city (tỉnh, thành phố trực thuộc trung ương).
    Province,
    /// District-level unit (huyện, thị xã, thành phố thuộc tỉnh, quận); abolished 1 July 2025.
    District,
    /// Commune-level unit (xã, phường, thị trấn).
    Commune,
}

impl Level {
    /// The unit of the level as a report names it: `tỉnh`, `huyện`, `xã`, `quốc gia`
    /// (`province`, `district`, `commune`, `nation`).
    ///
    /// ```
    /// use cashless::{lang::Lang, regions::Level};
    /// assert_eq!(Level::District.word(Lang::Vi), "huyện");
    /// assert_eq!(Level::District.word(Lang::En), "district");
    /// ```
    pub fn word(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Level::Nation => lang.pick("quốc gia", "nation"),
            Level::Province => lang.pick("tỉnh", "province"),
            Level::District => lang.pick("huyện", "district"),
            Level::Commune => lang.pick("xã", "commune"),
        }
    }

    /// `nation`, `province`, `district` or `commune`.
    ///
    /// ```
    /// assert_eq!(cashless::Level::Commune.name(), "commune");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Level::Nation => "nation",
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Level {
    type Err = Error;
    /// English or Vietnamese level names, with or without diacritics.
    ///
    /// ```
    /// use cashless::Level;
    /// assert_eq!("Tỉnh".parse::<Level>().unwrap(), Level::Province);
    /// assert_eq!("huyen".parse::<Level>().unwrap(), Level::District);
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match crate::channels::normalize(s).as_str() {
            "nation" | "country" | "toan quoc" | "quoc gia" => Ok(Level::Nation),
            "province" | "tinh" | "cap tinh" => Ok(Level::Province),
            "district" | "huyen" | "quan" | "thi xa" | "thanh pho thuoc tinh" | "cap huyen" => {
                Ok(Level::District)
            }
            "commune" | "xa" | "phuong" | "thi tran" | "dac khu" | "cap xa" => Ok(Level::Commune),
            _ => Err(invalid_argument(say!(
                format!("cấp {s:?} không phải nation, province, district, commune (toàn quốc, tỉnh, huyện, xã)"),
                format!("level {s:?} is not one of nation, province, district, commune"),
            ))),
        }
    }
}

/// An administrative unit.
///
/// ```
/// let r = cashless::Region { code: "38".into(), name: "Tỉnh Thanh Hóa".into(),
///                            level: cashless::Level::Province, parent: None };
/// assert_eq!(r.level.name(), "province");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// Code (GSO code where there is one).
    pub code: String,
    /// Name, in Vietnamese.
    pub name: String,
    /// Level.
    pub level: Level,
    /// Code of the unit above it; `None` for the top of the table.
    pub parent: Option<String>,
}

/// The kinds of unit, as the plans write them at the start of a unit's name.
pub const KINDS: [&str; 9] = [
    "Tỉnh",
    "Thành phố",
    "Huyện",
    "Thị xã",
    "Quận",
    "Xã",
    "Phường",
    "Thị trấn",
    "Đặc khu",
];

impl Region {
    /// The kind of unit its name starts with (`Tỉnh`, `Thành phố`, `Huyện`, `Xã`, `Đặc khu`…),
    /// if it starts with one.
    ///
    /// ```
    /// let r = cashless::sample::sample_regions();
    /// assert_eq!(r.get("395").unwrap().kind(), Some("Huyện"));
    /// assert_eq!(r.get("380").unwrap().kind(), Some("Thành phố"));
    /// ```
    pub fn kind(&self) -> Option<&'static str> {
        KINDS.into_iter().find(|k| {
            self.name.len() > k.len()
                && self.name.starts_with(k)
                && self.name[k.len()..].starts_with(' ')
        })
    }
}

/// A set of units forming a tree: checked for unknown parents, duplicates and cycles.
///
/// Read from a table with columns `code`, `name`, `level`, `parent` ([`Regions::from_frame`]),
/// or deserialized (serde) from a list of [`Region`]s, checked the same way.
///
/// ```
/// let regions = cashless::sample::sample_regions();
/// // The province, its 27 district-level units and the 30 communes of Thọ Xuân.
/// assert_eq!(regions.iter().count(), 58);
/// assert_eq!(regions.get("384").unwrap().name, "Huyện Mường Lát");
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "Vec<Region>", into = "Vec<Region>")]
pub struct Regions {
    by_code: BTreeMap<String, Region>,
    /// The administrative map the units are on, when it is known (the built-in maps).
    map: Option<String>,
}

impl TryFrom<Vec<Region>> for Regions {
    type Error = Error;
    fn try_from(list: Vec<Region>) -> Result<Self> {
        Regions::new(list)
    }
}

impl From<Regions> for Vec<Region> {
    fn from(r: Regions) -> Self {
        r.by_code.into_values().collect()
    }
}

impl Regions {
    /// Regions from a list, checked.
    ///
    /// ```
    /// use cashless::{Level, Region, Regions};
    /// let r = Regions::new(vec![
    ///     Region { code: "38".into(), name: "Thanh Hóa".into(), level: Level::Province, parent: None },
    ///     Region { code: "380".into(), name: "TP Thanh Hóa".into(), level: Level::District, parent: Some("38".into()) },
    /// ]).unwrap();
    /// assert_eq!(r.ancestor_at("380", Level::Province).unwrap(), "38");
    /// ```
    pub fn new(regions: Vec<Region>) -> Result<Self> {
        let mut by_code = BTreeMap::new();
        for r in regions {
            let code = r.code.clone();
            if by_code.insert(code.clone(), r).is_some() {
                return Err(invalid_argument(say!(
                    format!("mã đơn vị {code:?} xuất hiện hai lần"),
                    format!("region code {code:?} appears twice"),
                )));
            }
        }
        for r in by_code.values() {
            if let Some(p) = &r.parent {
                let parent = by_code.get(p).ok_or_else(|| Error::UnknownRegion {
                    code: p.clone(),
                    location: None,
                    reason: say!(
                        format!(
                            "là đơn vị cấp trên của {:?} nhưng không có trong bảng đơn vị hành chính",
                            r.code
                        ),
                        format!("named as parent of {:?} but not in the region table", r.code),
                    ),
                })?;
                if parent.level >= r.level {
                    return Err(invalid_argument(say!(
                        format!(
                            "đơn vị {:?} ({}) có đơn vị cấp trên {:?} ở cấp {}, không cao hơn nó",
                            r.code,
                            r.level.word(Lang::Vi),
                            p,
                            parent.level.word(Lang::Vi)
                        ),
                        format!(
                            "region {:?} ({}) has parent {:?} at level {}, which is not above it",
                            r.code, r.level, p, parent.level
                        ),
                    )));
                }
            }
        }
        Ok(Self { by_code, map: None })
    }

    /// The same units, said to be on the administrative map `map` (`vn-2025`, …).
    ///
    /// ```
    /// let r = cashless::sample::sample_regions().on_map("vn-2020");
    /// assert_eq!(r.map(), Some("vn-2020"));
    /// ```
    pub fn on_map(mut self, map: &str) -> Self {
        self.map = Some(map.to_string());
        self
    }

    /// The administrative map the units are on, when known.
    ///
    /// ```
    /// assert_eq!(cashless::maps::regions("vn-2025").unwrap().map(), Some("vn-2025"));
    /// ```
    pub fn map(&self) -> Option<&str> {
        self.map.as_deref()
    }

    /// The unit `code` and every unit inside it, with `code` at the top: a branch matches the
    /// names in its banks' files against its own province, where a commune's name is unique
    /// far more often than across the country.
    ///
    /// ```
    /// let thanh_hoa = cashless::maps::regions("vn-2025").unwrap().within("38").unwrap();
    /// assert_eq!(thanh_hoa.iter().count(), 1 + 166); // the province and its 166 communes
    /// assert!(thanh_hoa.get("38").unwrap().parent.is_none());
    /// ```
    pub fn within(&self, code: &str) -> Result<Self> {
        if !self.by_code.contains_key(code) {
            return Err(Error::UnknownRegion {
                code: code.to_string(),
                location: None,
                reason: say!(
                    "không có trong bảng đơn vị hành chính".into(),
                    "not in the region table".into(),
                ),
            });
        }
        let inside = |start: &Region| {
            let mut r = start;
            loop {
                if r.code == code {
                    return true;
                }
                match r.parent.as_deref().and_then(|p| self.by_code.get(p)) {
                    Some(p) => r = p,
                    None => return false,
                }
            }
        };
        let by_code = self
            .by_code
            .iter()
            .filter(|(_, r)| inside(r))
            .map(|(c, r)| {
                let mut r = r.clone();
                if r.code == code {
                    r.parent = None;
                }
                (c.clone(), r)
            })
            .collect();
        Ok(Self {
            by_code,
            map: self.map.clone(),
        })
    }

    /// Regions from a table with columns `code`, `name`, `level`, `parent` (null at the top),
    /// and optionally `map` (the same on every row: the map the units are on). Levels may be
    /// written in Vietnamese (`tỉnh`, `huyện`, `xã`).
    ///
    /// ```
    /// use polars::prelude::*;
    /// let df = df!(
    ///     "code" => ["38", "380"], "name" => ["Thanh Hóa", "TP Thanh Hóa"],
    ///     "level" => ["tỉnh", "huyện"], "parent" => [None, Some("38")],
    /// ).unwrap();
    /// let r = cashless::Regions::from_frame(&df).unwrap();
    /// assert_eq!(r.get("380").unwrap().level, cashless::Level::District);
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<Self> {
        let src = "regions";
        let code = table::text_column(df, src, "code")?;
        let name = table::text_column(df, src, "name")?;
        let level = table::text_column(df, src, "level")?;
        let parent = table::require(df, src, "parent")?.cast(&DataType::String)?;
        let (code, name, level, parent) = (code.str()?, name.str()?, level.str()?, parent.str()?);
        let mut out = Vec::with_capacity(df.height());
        for i in 0..df.height() {
            let lv = level.get(i).unwrap_or_default();
            out.push(Region {
                code: code.get(i).unwrap_or_default().to_string(),
                name: name.get(i).unwrap_or_default().to_string(),
                level: lv.parse().map_err(|_| Error::InvalidValue {
                    location: Location::new(src, i, "level", lv).into(),
                    reason: say!(
                        "không phải nation, province, district, commune (toàn quốc, tỉnh, huyện, \
                         xã)"
                        .into(),
                        "is not one of nation, province, district, commune".into(),
                    ),
                })?,
                parent: parent.get(i).filter(|p| !p.is_empty()).map(str::to_string),
            });
        }
        let regions = Self::new(out)?;
        let maps: std::collections::BTreeSet<&str> = match df.column("map") {
            Ok(m) => m.str()?.iter().flatten().collect(),
            Err(_) => Default::default(),
        };
        match maps.into_iter().collect::<Vec<_>>()[..] {
            [] => Ok(regions),
            [one] => Ok(regions.on_map(one)),
            ref several => Err(invalid_argument(crate::say!(
                format!(
                    "một bảng đơn vị hành chính chỉ thuộc một bản đồ, không phải nhiều: {}",
                    several.join(", ")
                ),
                format!(
                    "a region table is on one map, not several: {}",
                    several.join(", ")
                ),
            ))),
        }
    }

    /// Regions from a CSV file with columns `code`, `name`, `level`, `parent` (empty at the
    /// top); codes are read as text.
    ///
    /// ```
    /// let path = std::env::temp_dir().join("cashless-doc-regions.csv");
    /// std::fs::write(&path, "code,name,level,parent\n01,Hà Nội,tỉnh,\n001,Ba Đình,quận,01\n").unwrap();
    /// let r = cashless::Regions::from_csv(&path).unwrap();
    /// assert_eq!(r.ancestor_at("001", cashless::Level::Province).unwrap(), "01");
    /// ```
    pub fn from_csv(path: &std::path::Path) -> Result<Self> {
        Self::from_frame(&table::read_csv_text(path)?)
    }

    /// The table form: `code`, `name`, `kind` (null where the name starts with none), `level`,
    /// `parent`, and `map` when the map is known, sorted by code.
    ///
    /// ```
    /// let df = cashless::sample::sample_regions().to_frame().unwrap();
    /// assert_eq!(df.height(), 58);
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        let rs: Vec<&Region> = self.by_code.values().collect();
        Ok(DataFrame::new(
            rs.len(),
            vec![
                Column::new(
                    "code".into(),
                    rs.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "name".into(),
                    rs.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "kind".into(),
                    rs.iter().map(|r| r.kind()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "level".into(),
                    rs.iter().map(|r| r.level.name()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "parent".into(),
                    rs.iter().map(|r| r.parent.as_deref()).collect::<Vec<_>>(),
                ),
            ]
            .into_iter()
            .chain(
                self.map
                    .as_deref()
                    .map(|m| Column::new("map".into(), vec![m; rs.len()])),
            )
            .collect(),
        )?)
    }

    /// A unit by code.
    ///
    /// ```
    /// assert!(cashless::sample::sample_regions().get("999").is_none());
    /// ```
    pub fn get(&self, code: &str) -> Option<&Region> {
        self.by_code.get(code)
    }

    /// All units, by code.
    ///
    /// ```
    /// let first = cashless::sample::sample_regions().iter().next().unwrap().code.clone();
    /// assert_eq!(first, "15493"); // by code as text: the communes' five digits sort first
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &Region> {
        self.by_code.values()
    }

    /// The unit at `level` that contains `code` (itself if it is at that level).
    ///
    /// ```
    /// use cashless::Level;
    /// let r = cashless::sample::sample_regions();
    /// assert_eq!(r.ancestor_at("384", Level::Province).unwrap(), "38");
    /// assert!(r.ancestor_at("38", Level::District).is_err()); // never split down
    /// ```
    pub fn ancestor_at(&self, code: &str, level: Level) -> Result<&str> {
        let unknown = || Error::UnknownRegion {
            code: code.to_string(),
            location: None,
            reason: say!(
                "không có trong bảng đơn vị hành chính".into(),
                "not in the region table".into(),
            ),
        };
        let mut r = self.by_code.get(code).ok_or_else(unknown)?;
        if r.level < level {
            return Err(invalid_argument(say!(
                format!(
                    "đơn vị {code:?} thuộc cấp {}, cao hơn cấp {} được yêu cầu: số liệu chỉ được \
                     cộng lên cấp trên, không chia xuống cấp dưới",
                    r.level.word(Lang::Vi),
                    level.word(Lang::Vi)
                ),
                format!(
                    "region {code:?} is a {}, above the level {level} asked for: figures are \
                     rolled up, never split down",
                    r.level
                ),
            )));
        }
        // The tree is checked to have strictly rising levels, so this walk ends.
        while r.level > level {
            let parent = r.parent.as_deref().ok_or_else(|| {
                invalid_argument(say!(
                    format!(
                        "đơn vị {:?} ({}) không có đơn vị cấp trên, nên không đơn vị cấp {} nào chứa {code:?}",
                        r.code,
                        r.level.word(Lang::Vi),
                        level.word(Lang::Vi)
                    ),
                    format!(
                        "region {:?} ({}) has no parent, so no {level} contains {code:?}",
                        r.code, r.level
                    ),
                ))
            })?;
            r = &self.by_code[parent];
        }
        if r.level != level {
            return Err(invalid_argument(say!(
                format!(
                    "không có đơn vị cấp {} nào trên {code:?}: chuỗi đơn vị bỏ qua cấp đó từ cấp {} trở lên",
                    level.word(Lang::Vi),
                    r.level.word(Lang::Vi)
                ),
                format!(
                    "no unit at level {level} above {code:?}: the chain skips from {} upwards",
                    r.level
                ),
            )));
        }
        Ok(&r.code)
    }
}

/// The canonical table summed up to `level`: each row's region replaced by the unit at that
/// level containing it, then rows with the same key added. Exact integer sums.
///
/// A table that holds both a unit and one of its sub-units for the same month and channel
/// would be counted twice: that is refused, naming the unit and the month.
///
/// ```
/// use polars::prelude::*;
/// use cashless::{Level, Region, Regions};
/// let regions = Regions::new(vec![
///     Region { code: "38".into(), name: "Thanh Hóa".into(), level: Level::Province, parent: None },
///     Region { code: "380".into(), name: "TP Thanh Hóa".into(), level: Level::District, parent: Some("38".into()) },
///     Region { code: "381".into(), name: "TX Bỉm Sơn".into(), level: Level::District, parent: Some("38".into()) },
/// ]).unwrap();
/// let tx = df!(
///     "region_code" => ["380", "381"],
///     "period" => ["2024-01", "2024-01"],
///     "channel" => ["mobile", "mobile"],
///     "count" => [9_007_199_254_740_993i64, 1],
///     "value" => [1i64, 2],
/// ).unwrap();
/// let province = cashless::rollup(&tx, &regions, Level::Province).unwrap();
/// // Beyond 2^53, where a float sum would round:
/// assert_eq!(province.column("count").unwrap().i64().unwrap().get(0), Some(9_007_199_254_740_994));
/// ```
pub fn rollup(tx: &DataFrame, regions: &Regions, level: Level) -> Result<DataFrame> {
    let tx = canonical(tx, table::IN_MEMORY)?;
    let codes = tx.column(REGION_CODE)?.str()?;
    // Map each distinct code once; report the first row of an unknown one.
    let mut target: HashMap<&str, (String, Level)> = HashMap::new();
    for (row, code) in codes.iter().map(Option::unwrap_or_default).enumerate() {
        if target.contains_key(code) {
            continue;
        }
        let up = regions.ancestor_at(code, level).map_err(|e| match e {
            Error::UnknownRegion { code, reason, .. } => Error::UnknownRegion {
                location: Some(
                    Location::new(table::IN_MEMORY, row, REGION_CODE, code.clone()).into(),
                ),
                code,
                reason,
            },
            other => other,
        })?;
        let own_level = regions.by_code[code].level;
        target.insert(code, (up.to_string(), own_level));
    }
    let mapping = df!(
        "__from" => target.keys().copied().collect::<Vec<_>>(),
        "__to" => target.values().map(|v| v.0.as_str()).collect::<Vec<_>>(),
        "__level" => target.values().map(|v| v.1.name()).collect::<Vec<_>>(),
    )?;
    let columns = tx.get_column_names_owned();
    let rolled = tx
        .clone()
        .lazy()
        .join(
            mapping.lazy(),
            [col(REGION_CODE)],
            [col("__from")],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(col("__to").alias(REGION_CODE));
    let grouped = table::sum_amounts(
        rolled,
        &table::key_columns(&tx),
        vec![col("__level").n_unique().alias("__levels")],
    )?;
    if let Some((region, month, channel)) =
        table::first_row_where(&grouped, col("__levels").gt(lit(1)))?
    {
        return Err(invalid_argument(say!(
            format!(
                "có cả dòng của {region:?} và dòng của các đơn vị trực thuộc nó cho tháng {month}, \
                 kênh {channel}: cộng lại sẽ tính cùng giao dịch hai lần"
            ),
            format!(
                "rows for {region:?} and for units inside it are both present for {month}, \
                 channel {channel}: summing them would count the same transactions twice"
            ),
        )));
    }
    Ok(grouped.select(columns)?)
}
