//! The terms and abbreviations the reports write, with their meaning in each language: one
//! file (`terms.toml`) for the library's own, to which a catalogue adds its plan's under
//! `[[glossary]]`. The report's method section lists the terms its text uses.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// A term as each language's report writes it, and what it means.
///
/// ```
/// use cashless::{glossary::builtin, lang::Lang};
/// let t = builtin().iter().find(|t| t.vi == "TTKDTM").unwrap();
/// assert_eq!(t.meaning(Lang::Vi), "thanh toán không dùng tiền mặt");
/// assert_eq!(t.term(Lang::En), "cashless");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term in a Vietnamese report.
    pub vi: String,
    /// The term in an English report (the Vietnamese word where English keeps it).
    pub en: String,
    /// What it means, in Vietnamese.
    pub meaning_vi: String,
    /// What it means, in English.
    pub meaning_en: String,
}

impl Term {
    /// The term as a report in `lang` writes it.
    pub fn term(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }

    /// What it means, in `lang`.
    pub fn meaning(&self, lang: Lang) -> &str {
        lang.pick(&self.meaning_vi, &self.meaning_en)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    terms: Vec<Term>,
}

/// The library's own terms (`src/glossary/terms.toml`, compiled in).
pub fn builtin() -> &'static [Term] {
    static TERMS: OnceLock<Vec<Term>> = OnceLock::new();
    TERMS.get_or_init(|| {
        // Checked by a test; a fault here is the library's, and the list is then empty
        // rather than a panic.
        toml::from_str::<File>(include_str!("terms.toml"))
            .map(|f| f.terms)
            .unwrap_or_default()
    })
}

/// The library's terms with a plan's own (`[[glossary]]` in its catalogue) after them; where
/// both define a term, the plan's is kept.
///
/// ```
/// let c = cashless::Catalogue::builtin("thanh-hoa-106-2022").unwrap();
/// let all = cashless::glossary::with(&c.glossary);
/// assert!(all.iter().any(|t| t.vi == "Phụ lục") && all.iter().any(|t| t.vi == "TTKDTM"));
/// ```
pub fn with(plan: &[Term]) -> Vec<Term> {
    builtin()
        .iter()
        .filter(|b| !plan.iter().any(|p| p.vi == b.vi))
        .chain(plan)
        .cloned()
        .collect()
}

/// The terms of `terms` that `text` uses in `lang`, each once, in the order given; a term is
/// used when it stands in the text as a word of its own (not inside a longer word).
///
/// ```
/// use cashless::{glossary::{builtin, used}, lang::Lang};
/// let found = used(builtin(), "Tăng trưởng BQ của TTKDTM", Lang::Vi);
/// let words: Vec<&str> = found.iter().map(|t| t.vi.as_str()).collect();
/// assert_eq!(words, ["TTKDTM", "BQ"]);
/// ```
pub fn used<'a>(terms: &'a [Term], text: &str, lang: Lang) -> Vec<&'a Term> {
    let mut out: Vec<&Term> = Vec::new();
    for t in terms {
        let word = t.term(lang);
        let stands_alone = text.match_indices(word).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        });
        if !word.is_empty() && stands_alone && !out.iter().any(|o| o.term(lang) == word) {
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file reads, every term has both forms and both meanings, and no term is listed
    /// twice in a language.
    #[test]
    fn the_builtin_terms_are_complete() {
        let file: File = toml::from_str(include_str!("terms.toml")).unwrap();
        assert_eq!(file.terms.len(), builtin().len());
        assert!(builtin().len() >= 10);
        for lang in [Lang::Vi, Lang::En] {
            let mut seen = std::collections::BTreeSet::new();
            for t in builtin() {
                assert!(
                    !t.term(lang).is_empty() && !t.meaning(lang).is_empty(),
                    "{t:?}"
                );
                assert!(seen.insert(t.term(lang)), "{} twice", t.term(lang));
            }
        }
    }
}
