//! Region cells to codes: a code as it is, or a name matched with or without diacritics and
//! with or without its kind ("Huyện Thọ Xuân", "Thọ Xuân", "tho xuan", "H. Thọ Xuân").

use std::collections::BTreeMap;

use crate::channels::normalize;
use crate::regions::Regions;

// Words naming the kind of unit, normalized; dropped to compare the names themselves.
const KINDS: &[&str] = &[
    "tinh",
    "thanh pho",
    "tp",
    "thi xa",
    "tx",
    "huyen",
    "h",
    "quan",
    "q",
    "xa",
    "phuong",
    "p",
    "thi tran",
    "tt",
];

/// Matches region cells against a region table; without one, every cell is taken as a code.
///
/// ```
/// use cashless::ingest::names::RegionMatcher;
/// let m = RegionMatcher::new(Some(&cashless::sample::sample_regions()));
/// assert_eq!(m.resolve("Huyện Thọ Xuân").unwrap(), "395");
/// assert_eq!(m.resolve("tho xuan").unwrap(), "395");
/// assert_eq!(m.resolve("395").unwrap(), "395");
/// assert!(m.resolve("Atlantis").unwrap_err().contains("Atlantis"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct RegionMatcher {
    codes: Option<BTreeMap<String, String>>,
    full: BTreeMap<String, Vec<String>>,
    bare: BTreeMap<String, Vec<String>>,
}

fn without_kind(name: &str) -> String {
    let mut n = name.to_string();
    for kind in KINDS {
        if let Some(rest) = n.strip_prefix(&format!("{kind} ")) {
            n = rest.to_string();
            break;
        }
    }
    n
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
            codes.insert(r.code.clone(), r.name.clone());
            let full = normalize(&r.name);
            m.bare
                .entry(without_kind(&full))
                .or_default()
                .push(r.code.clone());
            m.full.entry(full).or_default().push(r.code.clone());
        }
        m.codes = Some(codes);
        m
    }

    /// The code a cell names, or why it names none (unknown, or several units share it).
    pub fn resolve(&self, text: &str) -> Result<String, String> {
        let text = text.trim();
        let Some(codes) = &self.codes else {
            return Ok(text.to_string());
        };
        if codes.contains_key(text) {
            return Ok(text.to_string());
        }
        let n = normalize(text);
        for (table, key) in [(&self.full, n.clone()), (&self.bare, without_kind(&n))] {
            match table.get(&key).map(Vec::as_slice) {
                Some([one]) => return Ok(one.clone()),
                Some(many) if many.len() > 1 => {
                    let names: Vec<String> =
                        many.iter().map(|c| format!("{c} ({})", codes[c])).collect();
                    return Err(format!(
                        "names more than one unit: {}; write the full name or the code",
                        names.join(", ")
                    ));
                }
                _ => {}
            }
        }
        Err(format!(
            "is neither a code nor a name of the region table: {text:?}"
        ))
    }
}
