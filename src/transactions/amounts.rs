//! Text amounts as switches and offices write them, read with the Vietnamese rules of the
//! reports ("1.000" is one thousand đồng, "1.000,5" a fraction of one), never as polars reads
//! text (where "1.000" is one đồng and "inf" a number).

use polars::prelude::*;

use crate::ingest::numbers::{parse_number, NumberStyle};

/// The largest amount read: a float holds every whole number up to 2^53 exactly, and one
/// payment of more than 9 × 10^15 đồng is a unit error, not a payment.
pub const LARGEST_AMOUNT: f64 = 9_007_199_254_740_992.0;

/// Text amounts as floats holding their exact value (whole đồng below 2^53); null where the
/// text is not a number or is a percentage, infinite where it is a number beyond
/// [`LARGEST_AMOUNT`], so that the checks can tell the two apart.
pub(super) fn parse_amounts(c: Column) -> PolarsResult<Column> {
    let parsed: Float64Chunked = c.str()?.iter().map(|s| s.and_then(amount)).collect();
    Ok(parsed.with_name(c.name().clone()).into_column())
}

pub(super) fn amount(text: &str) -> Option<f64> {
    let n = parse_number(text, NumberStyle::Vietnamese).ok()?;
    if n.percent {
        return None;
    }
    let d = n.value;
    let whole = d.mantissa / 10i128.checked_pow(d.scale)?;
    if whole.unsigned_abs() > LARGEST_AMOUNT as u128 {
        return Some(if d.mantissa < 0 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    Some(d.mantissa as f64 / 10f64.powi(d.scale as i32))
}

#[cfg(test)]
mod tests {
    use super::amount;

    #[test]
    fn vietnamese_text_amounts() {
        assert_eq!(amount("1.000"), Some(1000.0));
        assert_eq!(amount("1.000,5"), Some(1000.5));
        assert_eq!(amount("250000"), Some(250_000.0));
        assert_eq!(amount("inf"), None);
        assert_eq!(amount("NaN"), None);
        assert_eq!(amount("12%"), None);
        assert_eq!(amount("100000000000000000000"), Some(f64::INFINITY));
        assert_eq!(amount("-5"), Some(-5.0));
    }
}
