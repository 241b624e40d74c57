//! Target catalogues: the targets of a plan in a TOML file that analysts can copy and edit.
//!
//! Three are built in, from the documents in the repository's `catalogues/` folder:
//! `decision-1813` (the national targets, as both local plans quote them),
//! `thanh-hoa-106-2022` and `xuan-loc-83-2023`. A catalogue may `extends` another (a built-in
//! id, or a path relative to the file): the parent's targets are inherited, and a target
//! restated under the same `id` replaces the fields it gives, keeping the others.
//!
//! ```toml
//! id = "my-district-2021-2025"
//! extends = "decision-1813"
//! level = "district"
//! [document]
//! number = "12/KH-UBND"
//! date = "2023-05-02"
//! issuer = "UBND huyện …"
//!
//! [[targets]]
//! id = "epayment_users"              # restated: only the threshold changes
//! rule = { kind = "share", numerator = "payers_electronic", denominator = "payers", lo = 0.40 }
//! ```
//!
//! Errors name the file, the line and the key.

use std::path::Path;

use polars::prelude::*;
use serde::Deserialize;

use crate::calendar::YearStart;
use crate::error::{Error, Result};
use crate::regions::Level;
use crate::targets::{Stage, Target};

mod rule_spec;
mod spec;
mod toml_words;

pub use toml_words::toml_reason;

use spec::catalogue_error;

const BUILTINS: [(&str, &str); 3] = [
    (
        "decision-1813",
        include_str!("../../catalogues/decision-1813.toml"),
    ),
    (
        "thanh-hoa-106-2022",
        include_str!("../../catalogues/thanh-hoa-106-2022.toml"),
    ),
    (
        "xuan-loc-83-2023",
        include_str!("../../catalogues/xuan-loc-83-2023.toml"),
    ),
];

/// Ids of the built-in catalogues.
///
/// ```
/// assert_eq!(cashless::catalogue::builtin_ids(), ["decision-1813", "thanh-hoa-106-2022", "xuan-loc-83-2023"]);
/// ```
pub fn builtin_ids() -> Vec<&'static str> {
    BUILTINS.iter().map(|b| b.0).collect()
}

/// The TOML text of a built-in catalogue, to copy and edit.
///
/// ```
/// assert!(cashless::catalogue::builtin_toml("decision-1813").unwrap().contains("1813/QĐ-TTg"));
/// ```
pub fn builtin_toml(id: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|b| b.0 == id).map(|b| b.1)
}

/// The document a catalogue is built from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Number and symbol (`106/KH-UBND`).
    pub number: String,
    /// Date of signature, `YYYY-MM-DD`.
    pub date: String,
    /// Who issued it.
    pub issuer: String,
}

/// The reporting calendar a plan sets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reporting {
    /// First day of the reporting year (Thanh Hóa: 1 December of the previous year).
    pub year_start: YearStart,
    /// Days (`MM-DD`) by which the periodic reports are due each year.
    pub due: Vec<String>,
    /// Due date of the final report of the stage, `YYYY-MM-DD`.
    pub final_due: Option<String>,
    /// Data cut-off of the final report, `YYYY-MM-DD`.
    pub final_data_to: Option<String>,
}

/// A catalogue of targets, resolved: inheritance applied, every target complete and checked.
///
/// ```
/// let c = cashless::Catalogue::builtin("thanh-hoa-106-2022").unwrap();
/// assert_eq!(c.document.number, "106/KH-UBND");
/// assert_eq!(c.extends, ["decision-1813"]);
/// let water = c.target("water.revenue").unwrap();
/// assert_eq!(water.rule.bounds(), (0.5, None));              // the body text
/// assert_eq!(water.conflict.as_ref().unwrap().rule.bounds(), (0.8, None)); // appendix row 14
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    /// Identifier (`thanh-hoa-106-2022`).
    pub id: String,
    /// Title in Vietnamese.
    pub title_vi: String,
    /// Title in English.
    pub title_en: String,
    /// The document.
    pub document: Document,
    /// A remark on the document as a whole (a missing point, a target left out and why).
    pub note: Option<String>,
    /// The unit the plan is written for, then its parents, by name (`["Xuân Lộc", "Đồng
    /// Nai"]`): a report on another unit warns. Not inherited.
    pub territory: Option<Vec<String>>,
    /// Catalogues inherited from, nearest first.
    pub extends: Vec<String>,
    /// Level of the units the plan is for.
    pub level: Level,
    /// The stage.
    pub stage: Stage,
    /// The reporting calendar.
    pub reporting: Reporting,
    /// The targets, parents' first, in document order.
    pub targets: Vec<Target>,
    /// The plan's own terms and abbreviations (`[[glossary]]`), its parents' first; the
    /// report lists them with the library's ([`crate::glossary::builtin`]) where it uses them.
    pub glossary: Vec<crate::glossary::Term>,
}

impl Catalogue {
    /// A built-in catalogue by id (see [`builtin_ids`]).
    ///
    /// ```
    /// assert_eq!(cashless::Catalogue::builtin("xuan-loc-83-2023").unwrap().targets.len(), 14);
    /// ```
    pub fn builtin(id: &str) -> Result<Self> {
        let text = builtin_toml(id).ok_or_else(|| unknown_catalogue(id))?;
        Self::from_toml(text, id, None)
    }

    /// A built-in catalogue by id, or else a TOML file by path.
    ///
    /// ```
    /// assert!(cashless::Catalogue::load("no-such-catalogue").unwrap_err().to_string().contains("decision-1813"));
    /// ```
    pub fn load(id_or_path: &str) -> Result<Self> {
        if builtin_toml(id_or_path).is_some() {
            return Self::builtin(id_or_path);
        }
        let path = Path::new(id_or_path);
        if !path.exists() {
            return Err(unknown_catalogue(id_or_path));
        }
        Self::from_path(path)
    }

    /// A catalogue from a TOML file; `extends` paths are taken relative to its folder.
    ///
    /// ```
    /// let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogues/decision-1813.toml");
    /// assert_eq!(cashless::Catalogue::from_path(&path).unwrap().id, "decision-1813");
    /// ```
    pub fn from_path(path: &Path) -> Result<Self> {
        let text = read(path)?;
        Self::from_toml(&text, &path.display().to_string(), path.parent())
    }

    /// A catalogue from TOML text. `origin` names it in errors; `base_dir` is where relative
    /// `extends` paths are looked up (the working directory when `None`).
    ///
    /// ```
    /// let text = r#"
    /// id = "mine"
    /// extends = "decision-1813"
    /// level = "district"
    /// document = { number = "1/KH", date = "2024-01-02", issuer = "UBND huyện X" }
    /// [[targets]]
    /// id = "epayment_users"
    /// rule = { kind = "share", numerator = "payers_electronic", denominator = "payers", lo = 0.3 }
    /// "#;
    /// let c = cashless::Catalogue::from_toml(text, "mine.toml", None).unwrap();
    /// let t = c.target("epayment_users").unwrap();
    /// assert_eq!(t.rule.bounds(), (0.3, None));
    /// assert_eq!(t.document, "1813/QĐ-TTg"); // the words are still the Decision's
    ///
    /// let bad = text.replace("lo = 0.3", "lo = 30");
    /// let e = cashless::Catalogue::from_toml(&bad, "mine.toml", None).unwrap_err().to_string();
    /// assert!(e.contains("mine.toml, line 8") && e.contains("`rule.lo`"), "{e}");
    /// ```
    pub fn from_toml(text: &str, origin: &str, base_dir: Option<&Path>) -> Result<Self> {
        spec::parse(text, origin, base_dir)
    }

    /// The target with this id.
    ///
    /// ```
    /// let c = cashless::Catalogue::builtin("decision-1813").unwrap();
    /// assert!(c.target("accounts").is_some() && c.target("nothing").is_none());
    /// ```
    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.id == id)
    }

    /// Every indicator of the indicator table that some target reads, sorted.
    ///
    /// ```
    /// let c = cashless::Catalogue::builtin("xuan-loc-83-2023").unwrap();
    /// assert!(c.required_indicators().contains(&"acceptance_points"));
    /// ```
    pub fn required_indicators(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self
            .targets
            .iter()
            .flat_map(|t| {
                let mut v = t.rule.indicators();
                if let Some(c) = &t.conflict {
                    v.extend(c.rule.indicators());
                }
                v
            })
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// The targets as a table: `id, text_vi, text_en, document, source, agency, level, stage,
    /// rule, indicator, lo, hi, threshold, note, conflict_source, conflict_threshold,
    /// conflict_note`.
    ///
    /// ```
    /// let t = cashless::Catalogue::builtin("decision-1813").unwrap().to_frame().unwrap();
    /// assert_eq!(t.height(), 9);
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        let t = &self.targets;
        let s = |f: &dyn Fn(&Target) -> Option<String>| -> Vec<Option<String>> {
            t.iter().map(f).collect()
        };
        let height = t.len();
        let columns = vec![
            Column::new("id".into(), s(&|t| Some(t.id.clone()))),
            Column::new("text_vi".into(), s(&|t| Some(t.text_vi.clone()))),
            Column::new("text_en".into(), s(&|t| Some(t.text_en.clone()))),
            Column::new("document".into(), s(&|t| Some(t.document.clone()))),
            Column::new("source".into(), s(&|t| Some(t.source.to_string()))),
            Column::new("agency".into(), s(&|t| t.agency.clone())),
            Column::new("level".into(), s(&|t| Some(t.level.name().into()))),
            Column::new(
                "stage".into(),
                s(&|t| Some(format!("{}-{}", t.stage.start, t.stage.end))),
            ),
            Column::new("rule".into(), s(&|t| Some(t.rule.kind().into()))),
            Column::new("indicator".into(), s(&|t| Some(t.rule.indicator()))),
            Column::new(
                "lo".into(),
                t.iter().map(|t| t.rule.bounds().0).collect::<Vec<_>>(),
            ),
            Column::new(
                "hi".into(),
                t.iter().map(|t| t.rule.bounds().1).collect::<Vec<_>>(),
            ),
            Column::new("threshold".into(), s(&|t| Some(t.rule.threshold()))),
            Column::new("note".into(), s(&|t| t.note.clone())),
            Column::new(
                "conflict_source".into(),
                s(&|t| t.conflict.as_ref().map(|c| c.source.to_string())),
            ),
            Column::new(
                "conflict_threshold".into(),
                s(&|t| t.conflict.as_ref().map(|c| c.rule.threshold())),
            ),
            Column::new(
                "conflict_note".into(),
                s(&|t| t.conflict.as_ref().map(|c| c.note.clone())),
            ),
        ];
        Ok(DataFrame::new(height, columns)?)
    }
}

fn unknown_catalogue(id: &str) -> Error {
    let ids = builtin_ids().join(", ");
    crate::error::invalid_argument(crate::say!(
        format!("{id:?} không phải danh mục dựng sẵn ({ids}) cũng không phải một tệp có thật"),
        format!("{id:?} is neither a built-in catalogue ({ids}) nor an existing file"),
    ))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        catalogue_error(
            &path.display().to_string(),
            None,
            None,
            crate::say!(
                format!("không đọc được: {e}"),
                format!("cannot be read: {e}"),
            ),
        )
    })
}
