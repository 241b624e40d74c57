//! The ledger at its edges: as a table and back (Python's `Read`, the workbook's sheet), and
//! in words, in the user's language. Apart from `ledger.rs` so that the ledger itself, which
//! the errors carry, depends on no error type and no language.

use std::fmt;

use polars::prelude::*;

use super::findings::Finding;
use super::ledger::{Entry, Field, Ledger, Severity};
use crate::error::Result;
use crate::lang::{language, Lang};

impl Field {
    /// The heading a reader sees, in `lang`.
    pub fn heading(self, lang: Lang) -> &'static str {
        match self {
            Field::Severity => lang.pick("Mức độ", "Severity"),
            Field::Check => lang.pick("Kiểm tra", "Check"),
            Field::Source => lang.pick("Tệp", "File"),
            Field::Sheet => lang.pick("Trang tính", "Sheet"),
            Field::Row => lang.pick("Dòng", "Row"),
            Field::Column => lang.pick("Cột", "Column"),
            Field::Value => lang.pick("Giá trị", "Value"),
            Field::Message => lang.pick("Nội dung", "Message"),
        }
    }
}

impl Ledger {
    /// The entries as a table, a column per [`Field`]: `severity, check, source, sheet, row,
    /// column, value, message`, the messages in the language of messages.
    ///
    /// ```
    /// let ledger = cashless::ingest::ledger::Ledger::default();
    /// assert_eq!(ledger.to_frame().unwrap().width(), 8);
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        self.to_frame_in(language())
    }

    /// [`Ledger::to_frame`] with the messages in `lang`.
    pub fn to_frame_in(&self, lang: Lang) -> Result<DataFrame> {
        self.to_frame_of(lang, |_| true)
    }

    /// [`Ledger::to_frame_in`] of the entries of the severities `keep` takes.
    ///
    /// ```
    /// use cashless::ingest::{findings::Finding, ledger::{Entry, Ledger, Severity}};
    /// use cashless::lang::{Lang, Words};
    /// let mut l = Ledger::default();
    /// let why = Words::new("số âm", "is negative");
    /// l.entries.push(Entry::new(Severity::Error, Finding::Negative, "a.csv", "count", "-1", why));
    /// let errors = l.to_frame_of(Lang::En, |s| s == Severity::Error).unwrap();
    /// let warnings = l.to_frame_of(Lang::En, |s| s == Severity::Warning).unwrap();
    /// assert_eq!((errors.height(), warnings.height()), (1, 0));
    /// ```
    pub fn to_frame_of(&self, lang: Lang, keep: impl Fn(Severity) -> bool) -> Result<DataFrame> {
        let e: Vec<&Entry> = self.entries.iter().filter(|x| keep(x.severity)).collect();
        let text = |f: &dyn Fn(&Entry) -> String| e.iter().map(|x| f(x)).collect::<Vec<String>>();
        Ok(df!(
            Field::Severity.name() => text(&|x| x.severity.name().to_string()),
            Field::Check.name() => text(&|x| x.check.to_string()),
            Field::Source.name() => text(&|x| x.source.clone()),
            Field::Sheet.name() => e.iter().map(|x| x.sheet.clone()).collect::<Vec<_>>(),
            Field::Row.name() => e.iter().map(|x| x.row.map(|r| r as i64)).collect::<Vec<_>>(),
            Field::Column.name() => text(&|x| x.column.clone()),
            Field::Value.name() => text(&|x| x.value.clone()),
            Field::Message.name() => text(&|x| x.message.get(lang).to_string()),
        )?)
    }
}

impl Severity {
    /// The severity in words: `Lỗi`, `Cảnh báo`, `Thông tin` (`Error`, `Warning`, `Info`).
    ///
    /// ```
    /// use cashless::{ingest::ledger::Severity, lang::Lang};
    /// assert_eq!(Severity::Warning.label(Lang::Vi), "Cảnh báo");
    /// ```
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("Lỗi", "Error"),
            Severity::Warning => lang.pick("Cảnh báo", "Warning"),
            Severity::Info => lang.pick("Thông tin", "Info"),
        }
    }
}

/// The counts, in the language of messages: `192 dòng đã đọc: giữ 168, loại 0, bỏ qua 24; 0
/// lỗi, 0 cảnh báo` (`192 rows read: 168 kept, …`).
impl fmt::Display for Ledger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = (
            self.rows_read,
            self.rows_kept,
            self.rows_rejected,
            self.rows_skipped,
        );
        let findings = (self.count(Severity::Error), self.count(Severity::Warning));
        f.write_str(&counts_sentence(rows, findings))
    }
}

/// A ledger's counts in words: rows `(read, kept, rejected, skipped)` and findings `(errors,
/// warnings)`, in the language of messages.
///
/// ```
/// use cashless::{ingest::counts_sentence, lang::{in_language, Lang}};
/// let vi = in_language(Lang::Vi, || counts_sentence((4, 2, 0, 2), (0, 1)));
/// assert_eq!(vi, "4 dòng đã đọc: giữ 2, loại 0, bỏ qua 2; 0 lỗi, 1 cảnh báo");
/// ```
pub fn counts_sentence(
    (read, kept, rejected, skipped): (usize, usize, usize, usize),
    (errors, warnings): (usize, usize),
) -> String {
    match language() {
        Lang::Vi => format!(
            "{read} dòng đã đọc: giữ {kept}, loại {rejected}, bỏ qua {skipped}; {errors} lỗi, {warnings} cảnh báo"
        ),
        Lang::En => format!(
            "{read} rows read: {kept} kept, {rejected} rejected, {skipped} skipped; {errors} errors, {warnings} warnings"
        ),
    }
}

impl Entry {
    /// The kind of finding in words, in `lang` (`Không phải số` for `not_a_number`); a code
    /// the library does not know (a ledger read back from someone's table) as it is.
    ///
    /// ```
    /// use cashless::{ingest::{findings::Finding, ledger::{Entry, Severity}}, lang::{Lang, Words}};
    /// let e = Entry::new(Severity::Info, Finding::TotalRow, "a.csv", "", "", Words::same(""));
    /// assert_eq!(e.check_label(Lang::Vi), "Dòng tổng cộng");
    /// ```
    pub fn check_label(&self, lang: Lang) -> &str {
        Finding::from_code(&self.check).map_or(&self.check, |f| f.label(lang))
    }

    /// Where the entry is, in the language of messages: `a.xlsx, trang tính "T3", dòng 7`
    /// (`a.xlsx, sheet "T3", row 7`).
    pub fn place(&self) -> String {
        self.place_in(language())
    }

    /// [`Entry::place`] in `lang`.
    pub fn place_in(&self, lang: Lang) -> String {
        let mut s = self.source.clone();
        if let Some(sheet) = &self.sheet {
            s.push_str(&format!(", {} {sheet:?}", lang.pick("trang tính", "sheet")));
        }
        if let Some(row) = self.row {
            s.push_str(&format!(", {} {row}", lang.pick("dòng", "row")));
        }
        s
    }

    /// The place, the column, the value and the message, in `lang`: the entry without its
    /// severity and check, for a table that shows those in columns of their own.
    ///
    /// ```
    /// use cashless::{ingest::{findings::Finding, ledger::{Entry, Severity}}, lang::{Lang, Words}};
    /// let why = Words::new("là số âm", "is negative");
    /// let e = Entry::new(Severity::Error, Finding::Negative, "a.csv", "count", "-1", why).at_row(4);
    /// assert_eq!(e.detail(Lang::Vi), "a.csv, dòng 4, cột `count`, giá trị \"-1\": là số âm");
    /// ```
    pub fn detail(&self, lang: Lang) -> String {
        let mut s = self.place_in(lang);
        if !self.column.is_empty() {
            s.push_str(&format!(
                ", {} `{}`",
                lang.pick("cột", "column"),
                self.column
            ));
        }
        if !self.value.is_empty() {
            s.push_str(&format!(
                ", {} {:?}",
                lang.pick("giá trị", "value"),
                self.value
            ));
        }
        s.push_str(": ");
        s.push_str(self.message.get(lang));
        s
    }
}

/// `error [negative] a.csv, row 4, column `count`, value "-1": is negative`, in the language of
/// messages (the check's code stays as it is: it is what a program matches on).
impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lang = language();
        write!(
            f,
            "{} [{}] {}",
            self.severity.label(lang),
            self.check,
            self.detail(lang)
        )
    }
}
