//! The kinds of finding a ledger records: a stable code that programs filter on (`check` in
//! the ledger's table) and a name in each language for the people who read it.

use crate::lang::Lang;

/// Declares the findings once: the variant, its code and its two names side by side, so
/// that no kind can lack a name in either language.
macro_rules! findings {
    ($($(#[$doc:meta])* $variant:ident = $code:literal, $vi:literal, $en:literal;)*) => {
        /// A kind of finding.
        ///
        /// ```
        /// use cashless::{ingest::findings::Finding, lang::Lang};
        /// assert_eq!(Finding::NotANumber.code(), "not_a_number");
        /// assert_eq!(Finding::NotANumber.label(Lang::Vi), "Không phải số");
        /// assert_eq!(Finding::from_code("total_row"), Some(Finding::TotalRow));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Finding {
            $($(#[$doc])* $variant,)*
        }

        impl Finding {
            /// Every kind, in the order declared.
            pub const ALL: &'static [Finding] = &[$(Finding::$variant,)*];

            /// The stable code (`not_a_number`): the ledger table's `check` column.
            pub fn code(self) -> &'static str {
                match self {
                    $(Finding::$variant => $code,)*
                }
            }

            /// The kind's name for a reader, in `lang`.
            pub fn label(self, lang: Lang) -> &'static str {
                match self {
                    $(Finding::$variant => lang.pick($vi, $en),)*
                }
            }
        }
    };
}

findings! {
    /// A reported `all` below one of the channels it adds up.
    AllBelowChannel = "all_below_channel", "Tổng nhỏ hơn một kênh", "All below a channel";
    /// A bank cell that cannot be read.
    BadBank = "bad_bank", "Ngân hàng không đọc được", "Bank not readable";
    /// A header that names a measure in a way that cannot be read.
    BadColumn = "bad_column", "Cột không đọc được", "Column not readable";
    /// A period cell that is not a month.
    BadPeriod = "bad_period", "Kỳ báo cáo không hợp lệ", "Bad period";
    /// A region-map cell that cannot be read.
    BadRegionMap = "bad_region_map", "Bản đồ hành chính không hợp lệ", "Bad region map";
    /// A transaction's time that is empty or not a date.
    BadTime = "bad_time", "Thời gian không hợp lệ", "Bad time";
    /// A year cell that is not a year.
    BadYear = "bad_year", "Năm không hợp lệ", "Bad year";
    /// The file's bank, taken from its title block.
    BankFromTitle = "bank_from_title", "Ngân hàng lấy từ tiêu đề", "Bank from the title";
    /// A column not read.
    ColumnUnused = "column_unused", "Cột không dùng", "Column not used";
    /// A title naming several months added up.
    CumulativePeriod = "cumulative_period", "Số lũy kế nhiều tháng", "Cumulative period";
    /// A dash read as zero.
    DashZero = "dash_zero", "Dấu gạch đọc là 0", "Dash read as 0";
    /// Two rows with the same key.
    DuplicateKey = "duplicate_key", "Trùng khóa", "Duplicate key";
    /// An empty row.
    EmptyRow = "empty_row", "Dòng trống", "Empty row";
    /// An empty cell beside a zero, read as zero.
    EmptyZero = "empty_zero", "Ô trống đọc là 0", "Empty cell read as 0";
    /// A formula stored without its result.
    FormulaNotComputed = "formula_not_computed", "Công thức chưa tính", "Formula not computed";
    /// A formula stored with the result 0.
    FormulaZero = "formula_zero", "Công thức có kết quả 0", "Formula with result 0";
    /// An amount with a fraction of a đồng.
    Fractional = "fractional", "Số tiền lẻ đồng", "Fraction of a đồng";
    /// A merged range too large to copy.
    MergeTooLarge = "merge_too_large", "Ô gộp quá lớn", "Merged range too large";
    /// A figure in a cell merged over rows.
    MergedFigure = "merged_figure", "Số liệu trong ô gộp", "Figure in a merged cell";
    /// A transaction without an amount.
    MissingAmount = "missing_amount", "Thiếu số tiền", "Amount missing";
    /// Months missing from a series.
    MissingMonths = "missing_months", "Thiếu tháng", "Months missing";
    /// A transaction without a region code.
    MissingRegion = "missing_region", "Thiếu mã đơn vị", "Region missing";
    /// A count without its value, or a value without its count.
    MissingValue = "missing_value", "Thiếu số lượng hoặc giá trị", "Count or value missing";
    /// A negative figure.
    Negative = "negative", "Số âm", "Negative";
    /// A row without its bank where others have one.
    NoBank = "no_bank", "Thiếu ngân hàng", "Bank missing";
    /// No header row, or one that lacks a key.
    NoHeader = "no_header", "Không có dòng tiêu đề", "No header";
    /// An indicator table without a year.
    NoYear = "no_year", "Thiếu năm", "Year missing";
    /// A figure that is not a number.
    NotANumber = "not_a_number", "Không phải số", "Not a number";
    /// A row without figures: a note.
    NotData = "not_data", "Dòng không có số liệu", "No figures";
    /// A figure that is not a whole number of món or đồng.
    NotWhole = "not_whole", "Không phải số nguyên", "Not a whole number";
    /// A key given both as an option and as a column.
    OptionAndColumn = "option_and_column", "Vừa có tùy chọn vừa có cột", "Option and column both given";
    /// A transaction on the side not counted.
    OtherSide = "other_side", "Phía không tính", "Other side";
    /// An amount beyond any single payment.
    OutOfRange = "out_of_range", "Số tiền ngoài phạm vi", "Amount out of range";
    /// A value per transaction outside the plausible range.
    PerTransaction = "per_transaction", "Giá trị bình quân một món bất thường", "Value per transaction";
    /// The month of every row, from the title.
    PeriodFromTitle = "period_from_title", "Kỳ báo cáo lấy từ tiêu đề", "Period from the title";
    /// A second column for the same key.
    SecondKeyColumn = "second_key_column", "Cột khóa thứ hai", "Second key column";
    /// A second table below the first.
    SecondTable = "second_table", "Bảng thứ hai", "Second table";
    /// A hidden sheet, not read.
    SheetHidden = "sheet_hidden", "Trang tính ẩn", "Hidden sheet";
    /// A sheet without a table, not read.
    SheetSkipped = "sheet_skipped", "Trang tính bỏ qua", "Sheet skipped";
    /// No record on the side chosen.
    SideNotFound = "side_not_found", "Không có phía đã chọn", "Side not found";
    /// The signature block under a table.
    Signature = "signature", "Khối chữ ký", "Signature block";
    /// A total row.
    TotalRow = "total_row", "Dòng tổng cộng", "Total row";
    /// A quote never closed in a CSV file.
    UnclosedQuote = "unclosed_quote", "Dấu ngoặc kép không đóng", "Unclosed quote";
    /// A month ×1000 its neighbours.
    UnitJump = "unit_jump", "Số liệu nhảy bậc", "Unit jump";
    /// Units from the title block.
    UnitsFromTitle = "units_from_title", "Đơn vị tính lấy từ tiêu đề", "Units from the title";
    /// A channel not known.
    UnknownChannel = "unknown_channel", "Kênh không rõ", "Unknown channel";
    /// An indicator not known.
    UnknownIndicator = "unknown_indicator", "Chỉ tiêu không rõ", "Unknown indicator";
    /// A region not in the region table.
    UnknownRegion = "unknown_region", "Đơn vị không rõ", "Unknown region";
}

impl Finding {
    /// The kind whose code is `code`.
    pub fn from_code(code: &str) -> Option<Finding> {
        Finding::ALL.iter().copied().find(|f| f.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind has a distinct code and a name in each language; the Vietnamese name is
    /// Vietnamese (it has the language's letters) and differs from the English one.
    #[test]
    fn every_kind_is_named_in_both_languages() {
        let mut codes = std::collections::BTreeSet::new();
        for f in Finding::ALL {
            assert!(codes.insert(f.code()), "{} twice", f.code());
            let (vi, en) = (f.label(Lang::Vi), f.label(Lang::En));
            assert!(!vi.is_empty() && !en.is_empty(), "{f:?}");
            assert_ne!(vi, en, "{f:?}");
            assert!(!vi.is_ascii(), "{f:?}: {vi:?} is not Vietnamese");
            assert_eq!(Finding::from_code(f.code()), Some(*f));
        }
        assert_eq!(Finding::ALL.len(), 48);
    }
}
