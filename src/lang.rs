//! The language a user reads: Vietnamese or English.
//!
//! Reports take theirs from `--lang`; messages (errors, ledger findings, warnings) are written
//! in the process's language: the one set with [`set_language`], else `CASHLESS_LANG`, else
//! Vietnamese when the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) is Vietnamese, else English.
//! Each message is written in both languages where it is found ([`say!`](crate::say) makes a
//! [`Words`]: an error's, a note's, a ledger finding's) and shown in the language of whoever
//! shows it: a report in its own `--lang`, a terminal or Python in the language of messages.
//!
//! [`Lang`] also knows how its language writes numbers, percentages and dates: the same
//! formats in a report's tables and in the notes the computations write.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

/// The language of a report or a message, and how it writes numbers (Vietnamese groups
/// thousands with `.` and uses `,` as the decimal mark; numbers are rounded for display only).
///
/// ```
/// use cashless::lang::Lang;
/// let vi: Lang = "vi".parse().unwrap();
/// assert_eq!(vi.pick("Tóm tắt", "Summary"), "Tóm tắt");
/// assert_eq!(vi.percent(0.5886, 2), "58,86 %");
/// assert_eq!(Lang::En.integer(1_234_567), "1,234,567");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum Lang {
    /// Vietnamese, the language of the plans and of the reports sent to People's Committees.
    #[default]
    Vi,
    /// English.
    En,
}

impl FromStr for Lang {
    type Err = UnknownLanguage;
    fn from_str(s: &str) -> std::result::Result<Self, UnknownLanguage> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vn" | "vie" => Ok(Lang::Vi),
            "en" | "eng" => Ok(Lang::En),
            _ => Err(UnknownLanguage(s.to_string())),
        }
    }
}

/// A language name that is neither `vi` nor `en`; it becomes an
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument). (Its own type, so that this
/// module, which every message uses, needs nothing of the errors.)
///
/// ```
/// let e = "fr".parse::<cashless::lang::Lang>().unwrap_err();
/// assert_eq!(e.0, "fr");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLanguage(pub String);

impl fmt::Display for UnknownLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = say!(
            format!("ngôn ngữ {:?} không phải vi hay en", self.0),
            format!("language {:?} is not vi or en", self.0),
        );
        message.fmt(f)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Lang {
    /// `vi` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The Vietnamese or the English text.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// How each language writes numbers, percentages and dates.
impl Lang {
    fn marks(self) -> (char, char) {
        match self {
            Lang::Vi => ('.', ','),
            Lang::En => (',', '.'),
        }
    }

    /// A whole number with thousands grouped.
    pub fn integer(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let (group, _) = self.marks();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(group);
            }
            out.push(c);
        }
        out
    }

    /// A number with `decimals` places and thousands grouped.
    ///
    /// ```
    /// use cashless::lang::Lang;
    /// assert_eq!(Lang::Vi.number(1234.567, 1), "1.234,6");
    /// assert_eq!(Lang::En.number(-0.004, 2), "0.00");
    /// ```
    pub fn number(self, x: f64, decimals: usize) -> String {
        let text = format!("{:.*}", decimals, x.abs());
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut out = String::new();
        // "-0,00" would read as a fall: a figure that rounds to zero has no sign.
        if x < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
            out.push('-');
        }
        out.push_str(&self.integer(whole.parse::<i64>().unwrap_or(i64::MAX)));
        if !frac.is_empty() {
            out.push(self.marks().1);
            out.push_str(frac);
        }
        out
    }

    /// A fraction as a percentage: `0.5886` → `58,86 %` (vi), `58.86 %` (en).
    pub fn percent(self, x: f64, decimals: usize) -> String {
        format!("{} %", self.number(x * 100.0, decimals))
    }

    /// Percentage points, signed: `+5,93 điểm %`, `-5.93 pp`.
    pub fn points(self, pp: f64) -> String {
        let sign = if pp >= 0.0 { "+" } else { "" };
        format!("{sign}{} {}", self.number(pp, 2), self.pick("điểm %", "pp"))
    }

    /// A yearly rate: `20 %/năm`, `20 %/yr`.
    pub fn pct_rate(self, x: f64) -> String {
        format!("{}/{}", self.percent(x, 2), self.pick("năm", "yr"))
    }

    /// A date: `31/10/2025` (vi), `2025-10-31` (en).
    pub fn date(self, (y, m, d): (i32, u32, u32)) -> String {
        match self {
            Lang::Vi => format!("{d:02}/{m:02}/{y}"),
            Lang::En => format!("{y}-{m:02}-{d:02}"),
        }
    }

    /// A percentage as the plans write their targets: whole ones without decimals (`20 %`),
    /// others with one (`12,5 %`).
    ///
    /// ```
    /// use cashless::lang::Lang;
    /// assert_eq!(Lang::Vi.plan_percent(0.2), "20 %");
    /// assert_eq!(Lang::Vi.plan_percent(0.125), "12,5 %");
    /// ```
    pub fn plan_percent(self, x: f64) -> String {
        format!("{} %", self.plan_number(x))
    }

    /// The number of a plan's percentage: `20`, `12,5`.
    pub(crate) fn plan_number(self, x: f64) -> String {
        let p = x * 100.0;
        self.number(p, if (p - p.round()).abs() < 1e-9 { 0 } else { 1 })
    }

    /// A yearly target rate as the plans write it: `20 %/năm`, `20 %/yr`.
    pub fn plan_rate(self, x: f64) -> String {
        format!("{}/{}", self.plan_percent(x), self.pick("năm", "yr"))
    }
}

// 0: not chosen yet (read from the environment on first use), 1: vi, 2: en.
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Sets the language of messages for the whole process.
///
/// ```
/// use cashless::lang::{language, set_language, Lang};
/// set_language(Lang::En);
/// assert_eq!(language(), Lang::En);
/// ```
pub fn set_language(lang: Lang) {
    CURRENT.store(lang as u8 + 1, Ordering::Relaxed);
}

thread_local! {
    // The language of the document being written on this thread, over the process's.
    static DOCUMENT: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with the messages of this thread in `lang`: a report in Vietnamese gets its notes
/// in Vietnamese whatever language the process speaks (and the process's language is back
/// afterwards, also when `f` fails).
///
/// ```
/// use cashless::lang::{in_language, set_language, Lang};
/// use cashless::Location;
/// set_language(Lang::En);
/// let at = Location::new("a.csv", 3, "count", "x");
/// assert_eq!(in_language(Lang::Vi, || at.to_string()), "a.csv, dòng 3, cột `count`, giá trị \"x\"");
/// assert_eq!(at.to_string(), "a.csv, row 3, column `count`, value \"x\"");
/// ```
pub fn in_language<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            DOCUMENT.with(|d| d.set(self.0));
        }
    }
    let _restore = Restore(DOCUMENT.with(|d| d.replace(Some(lang))));
    f()
}

/// The language of messages: see the [module](self) documentation for how it is chosen.
pub fn language() -> Lang {
    if let Some(lang) = DOCUMENT.with(std::cell::Cell::get) {
        return lang;
    }
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Vi,
        2 => Lang::En,
        _ => {
            let lang = from_environment();
            set_language(lang);
            lang
        }
    }
}

fn from_environment() -> Lang {
    if let Some(lang) = std::env::var("CASHLESS_LANG")
        .ok()
        .and_then(|v| v.parse::<Lang>().ok())
    {
        return lang;
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    if locale.to_ascii_lowercase().starts_with("vi") {
        Lang::Vi
    } else {
        Lang::En
    }
}

/// A message in both languages, kept whole until it is shown: `say!(vietnamese, english)`,
/// each a `String` expression, evaluated in its own language, so that a value worded inside
/// it (an error, a location, a period) is worded in the language of the sentence around it.
/// Errors, notes and warnings are made with it where the fact is found; the user reads one
/// rendering, chosen where the message is shown (a report in its `--lang`, a terminal or
/// Python in the language of messages).
///
/// ```
/// use cashless::lang::{in_language, Lang};
/// use cashless::{say, Location};
/// let at = Location::new("a.csv", 3, "count", "x");
/// let message = say!(format!("{at}: trống"), format!("{at}: empty"));
/// assert_eq!(message.get(Lang::Vi), "a.csv, dòng 3, cột `count`, giá trị \"x\": trống");
/// assert_eq!(message.get(Lang::En), "a.csv, row 3, column `count`, value \"x\": empty");
/// assert_eq!(in_language(Lang::Vi, || message.to_string()), message.get(Lang::Vi));
/// ```
#[macro_export]
macro_rules! say {
    ($vi:expr, $en:expr $(,)?) => {
        $crate::lang::Words::new(
            $crate::lang::in_language($crate::lang::Lang::Vi, || -> String { $vi }),
            $crate::lang::in_language($crate::lang::Lang::En, || -> String { $en }),
        )
    };
}
pub use crate::say;

/// A sentence in both languages, kept whole until it is shown: a ledger's finding is written
/// where the fact is found and read in the language of whoever shows it (a report in its
/// `--lang`, a terminal in the language of messages), not in the language of the read.
///
/// There is no conversion from a lone `String`: every finding the library writes has both
/// renderings. [`Words::same`] is for text that is the same in both (a finding read back from
/// a table, which keeps one rendering).
///
/// ```
/// use cashless::lang::{Lang, Words};
/// let w = Words::new("dấu gạch đọc là 0", "a dash, read as 0");
/// assert_eq!(w.get(Lang::Vi), "dấu gạch đọc là 0");
/// assert_eq!(w.get(Lang::En), "a dash, read as 0");
/// ```
///
/// Shared when cloned: one note or finding is often given to thousands of rows (every
/// series' first year has no year before it), and a clone costs a count, not two strings.
#[derive(Clone, PartialEq, Eq, Default, Hash)]
pub struct Words(Arc<Renderings>);

#[derive(Clone, PartialEq, Eq, Default, Hash)]
struct Renderings {
    vi: String,
    en: String,
}

impl fmt::Debug for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Words")
            .field("vi", &self.0.vi)
            .field("en", &self.0.en)
            .finish()
    }
}

impl Words {
    /// The Vietnamese and the English rendering.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self(Arc::new(Renderings {
            vi: vi.into(),
            en: en.into(),
        }))
    }

    /// Text that reads the same in both languages (a finding read back from a table).
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Self::new(text.clone(), text)
    }

    /// A value worded when shown (an error), rendered in each language.
    ///
    /// ```
    /// use cashless::lang::{Lang, Words};
    /// let e = cashless::Channel::parse("fax").unwrap_err();
    /// let w = Words::shown(&e);
    /// assert!(w.get(Lang::Vi).starts_with("không rõ kênh \"fax\""));
    /// assert!(w.get(Lang::En).starts_with("unknown channel label \"fax\""));
    /// ```
    pub fn shown(value: &impl fmt::Display) -> Self {
        Self::new(
            in_language(Lang::Vi, || value.to_string()),
            in_language(Lang::En, || value.to_string()),
        )
    }

    /// The identity of these words: clones share it, words made apart do not (even when
    /// they say the same). A table writes shared words once and gathers them.
    pub(crate) fn identity(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }

    /// Notes in `lang` as a table writes them, joined by `; `: `None` for none, a single one
    /// borrowed (most rows have one, and a table of thousands would copy each).
    ///
    /// ```
    /// use cashless::lang::{Lang, Words};
    /// let notes = [Words::new("ước tính", "estimated"), Words::new("11 tháng", "11 months")];
    /// assert_eq!(Words::notes_in(&notes, Lang::En).as_deref(), Some("estimated; 11 months"));
    /// assert_eq!(Words::notes_in(&[], Lang::Vi), None);
    /// ```
    pub fn notes_in(notes: &[Words], lang: Lang) -> Option<Cow<'_, str>> {
        match notes {
            [] => None,
            [one] => Some(one.get(lang).into()),
            many => Some(
                many.iter()
                    .map(|w| w.get(lang))
                    .collect::<Vec<_>>()
                    .join("; ")
                    .into(),
            ),
        }
    }

    /// The rendering in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.0.vi,
            Lang::En => &self.0.en,
        }
    }

    /// The parts joined by `separator`, each language with its own renderings.
    ///
    /// ```
    /// use cashless::lang::{Lang, Words};
    /// let parts = [Words::new("năm gốc", "base year"), Words::new("ước", "estimate")];
    /// assert_eq!(Words::joined(&parts, "; ").get(Lang::Vi), "năm gốc; ước");
    /// ```
    pub fn joined<'a>(parts: impl IntoIterator<Item = &'a Words>, separator: &str) -> Words {
        let mut out = Renderings::default();
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                out.vi.push_str(separator);
                out.en.push_str(separator);
            }
            out.vi.push_str(&part.0.vi);
            out.en.push_str(&part.0.en);
        }
        Words(Arc::new(out))
    }

    /// Both renderings, each with `suffix` in its language appended.
    ///
    /// ```
    /// use cashless::lang::{Lang, Words};
    /// let w = Words::new("không phải một số", "is not a number").and(&Words::new(": 12a", ": 12a"));
    /// assert_eq!(w.get(Lang::En), "is not a number: 12a");
    /// ```
    pub fn and(mut self, suffix: &Words) -> Self {
        let own = Arc::make_mut(&mut self.0);
        own.vi.push_str(&suffix.0.vi);
        own.en.push_str(&suffix.0.en);
        self
    }
}

/// The rendering in the language of messages.
impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get(language()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_and_english_numbers() {
        assert_eq!(Lang::Vi.integer(0), "0");
        assert_eq!(Lang::Vi.integer(999), "999");
        assert_eq!(Lang::Vi.integer(1000), "1.000");
        assert_eq!(Lang::Vi.integer(-1_234_567), "-1.234.567");
        assert_eq!(Lang::En.number(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(Lang::Vi.percent(-0.0593, 2), "-5,93 %");
        assert_eq!(Lang::Vi.points(7.23), "+7,23 điểm %");
        assert_eq!(Lang::En.points(-5.93), "-5.93 pp");
        assert_eq!(Lang::Vi.date((2025, 10, 31)), "31/10/2025");
        assert_eq!(Lang::En.date((2025, 10, 31)), "2025-10-31");
    }
}
