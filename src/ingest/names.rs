//! Region cells to codes: a code as it is, or a name matched with or without diacritics and
//! with or without its kind ("Huyện Thọ Xuân", "Thọ Xuân", "tho xuan", "H. Thọ Xuân"). The
//! kind, written out or abbreviated, with or without a dot, decides between units that share
//! a name: "TP Thanh Hoá" is the city, "T. Thanh Hóa" the province. A name written without
//! its kind names the largest unit of that name when there is one ("Thanh Hóa" is the
//! province, "Thọ Xuân" the district rather than its thị trấn); otherwise the candidates are
//! named, each with its province.

use std::collections::BTreeMap;

use crate::channels::normalize;
use crate::lang::{Lang, Words};
use crate::regions::{Level, Regions};

/// The kinds of unit as they are written (normalized), the kind they stand for, and the
/// levels a unit of that kind can be at (a "thành phố" is a province when it is centrally
/// run, a district otherwise).
pub(crate) const KINDS: &[(&str, &str, &[Level])] = &[
    ("tinh", "tinh", &[Level::Province]),
    ("t", "tinh", &[Level::Province]),
    (
        "thanh pho",
        "thanh pho",
        &[Level::Province, Level::District],
    ),
    ("tp", "thanh pho", &[Level::Province, Level::District]),
    ("thi xa", "thi xa", &[Level::District]),
    ("tx", "thi xa", &[Level::District]),
    ("huyen", "huyen", &[Level::District]),
    ("h", "huyen", &[Level::District]),
    ("quan", "quan", &[Level::District]),
    ("q", "quan", &[Level::District]),
    ("thi tran", "thi tran", &[Level::Commune]),
    ("tt", "thi tran", &[Level::Commune]),
    ("xa", "xa", &[Level::Commune]),
    ("x", "xa", &[Level::Commune]),
    ("phuong", "phuong", &[Level::Commune]),
    ("p", "phuong", &[Level::Commune]),
    ("dac khu", "dac khu", &[Level::Commune]),
];

/// A normalized name split into its kind (written out: `huyen`, `thanh pho`) and the name.
///
/// ```text
/// "tp thanh hoa" → (Some("thanh pho"), "thanh hoa"); "tho xuan" → (None, "tho xuan")
/// ```
fn split_kind(name: &str) -> (Option<(&'static str, &'static [Level])>, String) {
    // Longest first, so "thi xa" is not read as "t" + "hi xa".
    let mut best: Option<(&str, &'static str, &'static [Level])> = None;
    for (written, kind, levels) in KINDS {
        if name.starts_with(&format!("{written} "))
            && best.is_none_or(|(w, _, _)| written.len() > w.len())
        {
            best = Some((written, kind, levels));
        }
    }
    match best {
        Some((written, kind, levels)) => {
            (Some((kind, levels)), name[written.len() + 1..].to_string())
        }
        None => (None, name.to_string()),
    }
}

/// A name folded for comparison: no case, no diacritics, no kind of unit ("TP. Thanh Hoá" and
/// "Thanh Hóa" both give "thanh hoa").
pub(crate) fn without_kind(name: &str) -> String {
    split_kind(&normalize(name)).1
}

/// A unit's name, level and the name of its province (when it is below one).
type Known = (String, Level, Option<String>);

/// Matches region cells against a region table; without one, every cell is taken as a code.
///
/// ```
/// use cashless::ingest::names::RegionMatcher;
/// let m = RegionMatcher::new(Some(&cashless::sample::sample_regions()));
/// assert_eq!(m.resolve("Huyện Thọ Xuân").unwrap(), "395");
/// assert_eq!(m.resolve("tho xuan").unwrap(), "395");
/// assert_eq!(m.resolve("395").unwrap(), "395");
/// assert_eq!(m.resolve("TP Thanh Hoá").unwrap(), "380");
/// assert_eq!(m.resolve("T. Thanh Hóa").unwrap(), "38");
/// assert_eq!(m.resolve("Thanh Hóa").unwrap(), "38"); // the largest unit of that name
/// assert!(m.resolve("Atlantis").unwrap_err().get(cashless::lang::Lang::En).contains("Atlantis"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct RegionMatcher {
    /// Code → the unit as the matcher names it.
    codes: Option<BTreeMap<String, Known>>,
    full: BTreeMap<String, Vec<String>>,
    bare: BTreeMap<String, Vec<String>>,
    map: Option<String>,
}

impl RegionMatcher {
    /// A matcher over `regions`, or one that takes cells as codes when `None`.
    pub fn new(regions: Option<&Regions>) -> Self {
        let mut m = Self::default();
        let Some(regions) = regions else {
            return m;
        };
        let mut codes = BTreeMap::new();
        for r in regions.iter() {
            let province = regions
                .ancestor_at(&r.code, Level::Province)
                .ok()
                .filter(|p| *p != r.code)
                .and_then(|p| regions.get(p))
                .map(|p| p.name.clone());
            codes.insert(r.code.clone(), (r.name.clone(), r.level, province));
            let (kind, bare) = split_kind(&normalize(&r.name));
            m.bare.entry(bare.clone()).or_default().push(r.code.clone());
            // The full name with its kind written out, so "TP" finds "Thành phố".
            let full = kind.map_or(bare.clone(), |(k, _)| format!("{k} {bare}"));
            m.full.entry(full).or_default().push(r.code.clone());
        }
        m.codes = Some(codes);
        m.map = regions.map().map(str::to_string);
        m
    }

    /// The administrative map of the region table, when it is known: what the codes read
    /// are on.
    pub fn map(&self) -> Option<&str> {
        self.map.as_deref()
    }

    /// The code a cell names, or why it names none (unknown, or several units share it: the
    /// candidates are listed with their names and levels).
    pub fn resolve(&self, text: &str) -> Result<String, Words> {
        let text = text.trim();
        let Some(codes) = &self.codes else {
            return Ok(text.to_string());
        };
        if codes.contains_key(text) {
            return Ok(text.to_string());
        }
        let (kind, bare) = split_kind(&normalize(text));
        let mut candidates: Vec<&String> = Vec::new();
        if let Some((k, _)) = kind {
            candidates.extend(self.full.get(&format!("{k} {bare}")).into_iter().flatten());
        }
        if candidates.is_empty() {
            let all = self.bare.get(&bare).into_iter().flatten();
            // A kind the table's names do not write still tells the level.
            candidates = match kind {
                Some((_, levels)) => all.filter(|c| levels.contains(&codes[*c].1)).collect(),
                None => all.collect(),
            };
        }
        // Without a kind, a name shared by units of several levels names the largest one,
        // when that one is alone at its level.
        if kind.is_none() && candidates.len() > 1 {
            let top = candidates.iter().map(|c| codes[*c].1).min();
            let largest: Vec<&String> = candidates
                .iter()
                .copied()
                .filter(|c| Some(codes[*c].1) == top)
                .collect();
            if largest.len() == 1 {
                candidates = largest;
            }
        }
        match candidates.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(Words::new(
                format!("không phải mã hay tên đơn vị nào trong bảng đơn vị hành chính: {text:?}"),
                format!("is neither a code nor a name of the region table: {text:?}"),
            )),
            many => {
                let names = |lang: Lang| {
                    let level = |l: Level| match lang {
                        Lang::Vi => format!("cấp {}", l.word(Lang::Vi)),
                        Lang::En => l.name().to_string(),
                    };
                    let names: Vec<String> = many
                        .iter()
                        .map(|c| {
                            let (name, l, province) = &codes[*c];
                            match province {
                                Some(p) => format!("{c} ({name}, {}, {p})", level(*l)),
                                None => format!("{c} ({name}, {})", level(*l)),
                            }
                        })
                        .collect();
                    names.join(", ")
                };
                Err(Words::new(
                    format!(
                        "chỉ nhiều đơn vị: {}; ghi rõ loại đơn vị (Tỉnh, TP, Huyện, Xã…) hoặc mã",
                        names(Lang::Vi)
                    ),
                    format!(
                        "names more than one unit: {}; write the kind (Tỉnh, TP, Huyện, Xã…) or the code",
                        names(Lang::En)
                    ),
                ))
            }
        }
    }
}
