//! Reading a catalogue file: its TOML form, `extends` merged parent first, then every target
//! resolved and checked, with the file, line and key of any fault.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::rule_spec::{rule_of, RuleSpec};
use super::{builtin_toml, read, unknown_catalogue, Catalogue, Document, Reporting};
use crate::calendar::YearStart;
use crate::error::{Error, Result};
use crate::glossary::Term;
use crate::lang::{say, Words};
use crate::regions::Level;
use crate::targets::{Conflict, Source, Stage, Target};

// What a file says, before inheritance. Every key is optional where a parent can supply it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueSpec {
    id: String,
    extends: Option<String>,
    title_vi: Option<String>,
    title_en: Option<String>,
    note: Option<String>,
    territory: Option<Vec<String>>,
    document: Document,
    level: Option<Level>,
    stage: Option<Stage>,
    reporting: Option<ReportingSpec>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    targets: Vec<toml::Spanned<TargetSpec>>,
    #[serde(default)]
    glossary: Vec<Term>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportingSpec {
    year_start: Option<String>,
    #[serde(default)]
    due: Vec<String>,
    final_due: Option<String>,
    final_data_to: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct TargetSpec {
    id: String,
    text_vi: Option<String>,
    text_en: Option<String>,
    name_vi: Option<String>,
    name_en: Option<String>,
    source: Option<Source>,
    agency: Option<String>,
    level: Option<Level>,
    stage: Option<Stage>,
    rule: Option<toml::Spanned<RuleSpec>>,
    note: Option<String>,
    conflict: Option<ConflictSpec>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct ConflictSpec {
    source: Source,
    text_vi: String,
    rule: RuleSpec,
    note: String,
    note_vi: Option<String>,
}

/// A target as merged so far, with where it was last written (for errors).
#[derive(Clone)]
struct Draft {
    spec: TargetSpec,
    document: String,
    origin: String,
    line: usize,
    /// Line of the `rule` key, where the file that set it has one.
    rule_line: usize,
}

/// A catalogue file read and merged onto its parents, not yet resolved.
#[derive(Default)]
struct Merged {
    spec_id: String,
    title_vi: Option<String>,
    title_en: Option<String>,
    note: Option<String>,
    territory: Option<Vec<String>>,
    document: Document,
    extends: Vec<String>,
    level: Option<Level>,
    stage: Option<Stage>,
    reporting: Option<Reporting>,
    drafts: Vec<Draft>,
    glossary: Vec<Term>,
}

pub(super) fn catalogue_error(
    origin: &str,
    line: Option<usize>,
    key: Option<&str>,
    reason: Words,
) -> Error {
    Error::Catalogue {
        source_name: origin.to_string(),
        line,
        key: key.map(str::to_string),
        reason,
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Line numbers of a text's offsets, found by bisection: a catalogue of many targets asks for
/// one per target, and counting from the top each time made loading quadratic.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        Lines(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|&n| n < offset) + 1
    }
}

/// The key written at `offset`, when the parser's error points at one (`upper = 0.6`).
fn key_at(text: &str, offset: usize) -> Option<String> {
    let rest = text.get(offset..)?;
    let key: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    let after = rest[key.len()..].trim_start_matches([' ', '\t']);
    (!key.is_empty() && after.starts_with('=')).then_some(key)
}

/// A catalogue from TOML text: parents merged in, then resolved and checked.
pub(super) fn parse(text: &str, origin: &str, base_dir: Option<&Path>) -> Result<Catalogue> {
    resolve(merge(text, origin, base_dir, 0)?, origin)
}

// Deep enough for any real chain; stops a file that extends itself.
const MAX_DEPTH: usize = 8;

fn merge(text: &str, origin: &str, base_dir: Option<&Path>, depth: usize) -> Result<Merged> {
    let spec: CatalogueSpec = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        let key = e.span().and_then(|s| key_at(text, s.start));
        catalogue_error(
            origin,
            line,
            key.as_deref(),
            super::toml_reason(e.message()),
        )
    })?;
    if depth > MAX_DEPTH {
        return Err(catalogue_error(
            origin,
            None,
            Some("extends"),
            say!(
                format!("quá {MAX_DEPTH} tầng `extends`: danh mục kế thừa chính nó?"),
                format!("more than {MAX_DEPTH} levels of `extends`: a catalogue extends itself?"),
            ),
        ));
    }
    let mut merged = match &spec.extends {
        None => Merged::default(),
        Some(parent) => {
            let mut m = match builtin_toml(parent) {
                Some(t) => merge(t, parent, None, depth + 1)?,
                None => {
                    let path: PathBuf = base_dir.unwrap_or(Path::new(".")).join(parent);
                    if !path.exists() {
                        return Err(catalogue_error(
                            origin,
                            None,
                            Some("extends"),
                            Words::shown(&unknown_catalogue(parent)),
                        ));
                    }
                    let parent_text = read(&path)?;
                    merge(
                        &parent_text,
                        &path.display().to_string(),
                        path.parent(),
                        depth + 1,
                    )?
                }
            };
            m.extends.insert(0, m.spec_id.clone());
            m
        }
    };
    merged.spec_id = spec.id;
    merged.document = spec.document;
    merged.title_vi = spec.title_vi.or(merged.title_vi);
    merged.title_en = spec.title_en.or(merged.title_en);
    // A note is about one document: it is not inherited.
    merged.note = spec.note;
    // So is the territory: Xuân Lộc's plan extends the national one but is not the nation's.
    merged.territory = spec.territory;
    merged.level = spec.level.or(merged.level);
    merged.stage = spec.stage.or(merged.stage);
    if let Some(r) = spec.reporting {
        merged.reporting = Some(reporting(r, origin)?);
    }
    // A plan's own terms after its parent's; one it writes again replaces the parent's.
    for term in spec.glossary {
        merged.glossary.retain(|t| t.vi != term.vi);
        merged.glossary.push(term);
    }
    for id in &spec.exclude {
        let before = merged.drafts.len();
        merged.drafts.retain(|d| &d.spec.id != id);
        if merged.drafts.len() == before {
            return Err(catalogue_error(
                origin,
                None,
                Some("exclude"),
                say!(
                    format!("không chỉ tiêu kế thừa nào có mã {id:?}"),
                    format!("no inherited target has id {id:?}"),
                ),
            ));
        }
    }
    let mut seen = BTreeMap::new();
    let lines = Lines::new(text);
    let mut index: BTreeMap<String, usize> = merged
        .drafts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.spec.id.clone(), i))
        .collect();
    for spanned in spec.targets {
        let line = lines.of(spanned.span().start);
        let t = spanned.into_inner();
        if let Some(first) = seen.insert(t.id.clone(), line) {
            return Err(catalogue_error(
                origin,
                Some(line),
                Some("targets.id"),
                say!(
                    format!("mã chỉ tiêu {:?} đã dùng ở dòng {first}", t.id),
                    format!("target id {:?} is already used at line {first}", t.id),
                ),
            ));
        }
        let own_words = t.text_vi.is_some() || t.source.is_some();
        let rule_line = t.rule.as_ref().map(|r| lines.of(r.span().start));
        match index.get(&t.id).map(|&i| &mut merged.drafts[i]) {
            Some(d) => {
                if own_words {
                    d.document = merged.document.number.clone();
                }
                overlay(&mut d.spec, t);
                d.origin = origin.to_string();
                d.line = line;
                if let Some(l) = rule_line {
                    d.rule_line = l;
                }
            }
            None => {
                index.insert(t.id.clone(), merged.drafts.len());
                merged.drafts.push(Draft {
                    spec: t,
                    document: merged.document.number.clone(),
                    origin: origin.to_string(),
                    line,
                    rule_line: rule_line.unwrap_or(line),
                })
            }
        }
    }
    Ok(merged)
}

fn overlay(base: &mut TargetSpec, over: TargetSpec) {
    macro_rules! take {
        ($($f:ident),*) => { $( if over.$f.is_some() { base.$f = over.$f; } )* };
    }
    take!(text_vi, text_en, name_vi, name_en, source, agency, level, stage, rule, note, conflict);
}

fn reporting(r: ReportingSpec, origin: &str) -> Result<Reporting> {
    let bad = |key: &str, e: Error| catalogue_error(origin, None, Some(key), Words::shown(&e));
    let year_start = match r.year_start {
        Some(s) => s
            .parse::<YearStart>()
            .map_err(|e| bad("reporting.year_start", e))?,
        None => YearStart::JANUARY,
    };
    for d in &r.due {
        d.parse::<YearStart>()
            .map_err(|e| bad("reporting.due", e))?;
    }
    for (key, date) in [
        ("reporting.final_due", &r.final_due),
        ("reporting.final_data_to", &r.final_data_to),
    ] {
        if let Some(d) = date {
            check_date(d, origin, key)?;
        }
    }
    Ok(Reporting {
        year_start,
        due: r.due,
        final_due: r.final_due,
        final_data_to: r.final_data_to,
    })
}

fn resolve(m: Merged, origin: &str) -> Result<Catalogue> {
    let level = m.level.ok_or_else(|| {
        catalogue_error(
            origin,
            None,
            Some("level"),
            say!(
                "không có `level` (nation, province, district, commune: toàn quốc, tỉnh, huyện, \
                 xã) ở đây hay ở danh mục cha"
                    .into(),
                "no `level` (nation, province, district, commune) here or in a parent".into(),
            ),
        )
    })?;
    let stage = m.stage.unwrap_or_default();
    if let Some(why) = stage_out_of_range(stage) {
        return Err(catalogue_error(origin, None, Some("stage"), why));
    }
    check_date(&m.document.date, origin, "document.date")?;
    let mut targets = Vec::with_capacity(m.drafts.len());
    for d in m.drafts {
        let missing = |key: &str| {
            catalogue_error(
                &d.origin,
                Some(d.line),
                Some(key),
                say!(
                    format!(
                        "chỉ tiêu {:?} không có `{key}` và không kế thừa được",
                        d.spec.id
                    ),
                    format!("target {:?} has no `{key}`, and inherits none", d.spec.id),
                ),
            )
        };
        let s = d.spec.clone();
        let at = |line: usize, key: &str, reason: Words| {
            catalogue_error(
                &d.origin,
                Some(line),
                Some(key),
                say!(
                    format!("chỉ tiêu {:?}: {reason}", s.id),
                    format!("target {:?}: {reason}", s.id),
                ),
            )
        };
        let rule_spec = s.rule.clone().ok_or_else(|| missing("rule"))?.into_inner();
        let rule = rule_of(rule_spec).map_err(|(k, r)| at(d.rule_line, &format!("rule.{k}"), r))?;
        let target_stage = s.stage.unwrap_or(stage);
        if target_stage.end < target_stage.start {
            return Err(at(
                d.line,
                "stage",
                say!(
                    "kết thúc trước khi bắt đầu".into(),
                    "ends before it starts".into(),
                ),
            ));
        }
        if let Some(why) = stage_out_of_range(target_stage) {
            return Err(at(d.line, "stage", why));
        }
        let conflict = match s.conflict {
            None => None,
            Some(c) => Some(Conflict {
                source: c.source,
                text_vi: c.text_vi,
                rule: rule_of(c.rule)
                    .map_err(|(k, r)| at(d.line, &format!("conflict.rule.{k}"), r))?,
                note: c.note,
                note_vi: c.note_vi,
            }),
        };
        targets.push(Target {
            text_vi: s.text_vi.ok_or_else(|| missing("text_vi"))?,
            text_en: s.text_en.ok_or_else(|| missing("text_en"))?,
            name_vi: s.name_vi,
            name_en: s.name_en,
            document: d.document,
            source: s.source.unwrap_or_default(),
            agency: s.agency,
            level: s.level.unwrap_or(level),
            stage: target_stage,
            rule,
            note: s.note,
            conflict,
            id: s.id,
        });
    }
    Ok(Catalogue {
        id: m.spec_id,
        title_vi: m.title_vi.unwrap_or_default(),
        title_en: m.title_en.unwrap_or_default(),
        note: m.note,
        territory: m.territory,
        document: m.document,
        extends: m.extends,
        level,
        stage,
        reporting: m.reporting.unwrap_or_default(),
        targets,
        glossary: m.glossary,
    })
}

/// Why a stage's years cannot be a plan's: beyond them the year arithmetic would wrap.
fn stage_out_of_range(stage: Stage) -> Option<Words> {
    let ok = |y: i32| (FIRST_YEAR..=LAST_YEAR).contains(&y);
    (!ok(stage.start) || !ok(stage.end)).then(|| {
        say!(
            format!(
                "giai đoạn {}–{} nằm ngoài các năm {FIRST_YEAR}–{LAST_YEAR}",
                stage.start, stage.end
            ),
            format!(
                "the stage {}–{} is outside the years {FIRST_YEAR}–{LAST_YEAR}",
                stage.start, stage.end
            ),
        )
    })
}

const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2200;

fn check_date(date: &str, origin: &str, key: &str) -> Result<()> {
    let shape = date.len() == 10
        && date.as_bytes()[4] == b'-'
        && date.as_bytes()[7] == b'-'
        && date
            .chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let real = shape && {
        let part = |r: std::ops::Range<usize>| date[r].parse::<u32>().unwrap_or(0);
        let (y, m, d) = (part(0..4), part(5..7), part(8..10));
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        (1..=days).contains(&d)
    };
    if real {
        Ok(())
    } else {
        Err(catalogue_error(
            origin,
            None,
            Some(key),
            say!(
                format!("{date:?} không phải là một ngày có thật dạng YYYY-MM-DD"),
                format!("{date:?} is not a real date of the form YYYY-MM-DD"),
            ),
        ))
    }
}
