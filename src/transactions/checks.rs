//! The checks a record can fail: their names and messages for the ledger, and the polars
//! expression that gives each record the code of the first check it fails.

use polars::prelude::*;

use super::amounts::LARGEST_AMOUNT;
use super::input::{Columns, Input};
use super::{TransactionOptions, CODE};
use crate::ingest::findings::Finding;
use crate::lang::Words;

/// A check a record can fail, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Check {
    Good = 0,
    BadTime = 1,
    MissingRegion = 2,
    MissingAmount = 3,
    NotANumber = 4,
    Negative = 5,
    Fractional = 6,
    OtherSide = 7,
    // Found on the grouped labels, after the stream.
    UnknownChannel = 8,
    OutOfRange = 9,
}

pub(super) const CHECKS: [Check; 10] = [
    Check::Good,
    Check::BadTime,
    Check::MissingRegion,
    Check::MissingAmount,
    Check::NotANumber,
    Check::Negative,
    Check::Fractional,
    Check::OtherSide,
    Check::UnknownChannel,
    Check::OutOfRange,
];

impl Check {
    /// The ledger's kind of finding; none for a good record.
    pub(super) fn finding(self) -> Option<Finding> {
        Some(match self {
            Check::Good => return None,
            Check::BadTime => Finding::BadTime,
            Check::MissingRegion => Finding::MissingRegion,
            Check::MissingAmount => Finding::MissingAmount,
            Check::NotANumber => Finding::NotANumber,
            Check::Negative => Finding::Negative,
            Check::Fractional => Finding::Fractional,
            Check::OtherSide => Finding::OtherSide,
            Check::UnknownChannel => Finding::UnknownChannel,
            Check::OutOfRange => Finding::OutOfRange,
        })
    }

    /// The check's code: the finding's, `good` for a good record.
    pub(super) fn name(self) -> &'static str {
        self.finding().map_or("good", Finding::code)
    }

    pub(super) fn message(self, o: &TransactionOptions) -> Words {
        match self {
            Check::Good => Words::default(),
            Check::BadTime => Words::new(
                "thời gian trống hoặc không phải một ngày",
                "the time is empty or not a date",
            ),
            Check::MissingRegion => Words::new(
                "mã đơn vị hành chính trống",
                "the region code is empty",
            ),
            Check::MissingAmount => Words::new("số tiền trống", "the amount is empty"),
            Check::NotANumber => Words::new(
                "số tiền không phải là số",
                "the amount is not a number",
            ),
            Check::Negative => Words::new(
                "số tiền âm (giao dịch hoàn trả được bù trừ tại nguồn, không phải ở đây)",
                "the amount is negative (reversals are netted at the source, not here)",
            ),
            Check::Fractional => Words::new(
                "số tiền không phải số đồng chẵn",
                "the amount is not a whole number of đồng",
            ),
            Check::OtherSide => {
                let side = o.side.as_deref().unwrap_or("?");
                Words::new(
                    format!("cố ý bỏ qua: mỗi giao dịch chỉ tính một lần, ở phía {side}"),
                    format!("left out on purpose: each payment is counted once, on its {side} side"),
                )
            }
            Check::UnknownChannel => Words::new(
                "tên kênh trống, không rõ, hoặc là `all` (mỗi giao dịch thuộc một kênh)",
                "the channel label is empty, unknown, or `all` (a payment has one channel)",
            ),
            Check::OutOfRange => Words::new(
                "số tiền không hữu hạn hoặc lớn hơn 9 × 10^15 đồng: một giao dịch không thể lớn như vậy; kiểm tra đơn vị tính",
                "the amount is infinite or above 9 × 10^15 đồng: no single payment is that large; check the unit",
            ),
        }
    }

    pub(super) fn column(self, c: &Columns) -> String {
        match self {
            Check::BadTime => c.time.clone(),
            Check::MissingRegion => c.region.clone(),
            Check::MissingAmount
            | Check::NotANumber
            | Check::Negative
            | Check::Fractional
            | Check::OutOfRange => c.amount.clone(),
            Check::OtherSide => c.side.clone().unwrap_or_default(),
            Check::UnknownChannel => c.channel.clone(),
            Check::Good => String::new(),
        }
    }
}

impl Input {
    /// Each record's check code (0 = good), the first check it fails.
    pub(super) fn check(&self, time: Expr, o: &TransactionOptions) -> Expr {
        let c = &self.columns;
        let amount = self.amount();
        let raw_amount = col(c.amount.as_str());
        let region = col(c.region.as_str()).cast(DataType::String);
        let code = |k: Check| lit(k as i32);
        let mut rule = when(time.is_null())
            .then(code(Check::BadTime))
            .when(region.clone().is_null().or(region.eq(lit(""))))
            .then(code(Check::MissingRegion))
            .when(raw_amount.clone().is_null())
            .then(code(Check::MissingAmount));
        // Integer amounts (switch data) can only be negative: no float round trip per record.
        rule = if self.integer_amount {
            // An unsigned amount past i64 would wrap when summed.
            let too_large = if self.unsigned_amount {
                raw_amount.clone().gt(lit(i64::MAX as u64))
            } else {
                lit(false)
            };
            rule.when(too_large)
                .then(code(Check::OutOfRange))
                .when(raw_amount.lt(lit(0)))
                .then(code(Check::Negative))
        } else {
            rule.when(amount.clone().is_null().or(amount.clone().is_nan()))
                .then(code(Check::NotANumber))
                .when(
                    amount
                        .clone()
                        .gt(lit(LARGEST_AMOUNT))
                        .or(amount.clone().lt(lit(-LARGEST_AMOUNT))),
                )
                .then(code(Check::OutOfRange))
                .when(amount.clone().lt(lit(0.0)))
                .then(code(Check::Negative))
                .when(
                    amount
                        .clone()
                        .cast(DataType::Int64)
                        .cast(DataType::Float64)
                        .neq(amount),
                )
                .then(code(Check::Fractional))
        };
        if let (Some(side), Some(keep)) = (&c.side, &o.side) {
            rule = rule
                .when(
                    col(side.as_str())
                        .cast(DataType::String)
                        .neq_missing(lit(keep.as_str())),
                )
                .then(code(Check::OtherSide));
        }
        rule.otherwise(code(Check::Good))
            .cast(DataType::Int32)
            .alias(CODE)
    }
}
