//! Numbers as Vietnamese reports write them ("1.234.567", "1.234,5", "12,5%"), and as English
//! ones do ("1,234,567.89"), read exactly: into a decimal, never through a float, so that
//! "1.234,5 triệu đồng" becomes exactly 1 234 500 000 đồng.

use std::fmt;

use crate::lang::Words;

/// How to read a lone separator: `1.234` is a thousand in Vietnamese and one point two three
/// four in English. A number with both separators, or the same one twice, is never ambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberStyle {
    /// `.` groups thousands, `,` is the decimal mark (the default: Vietnamese documents).
    #[default]
    Vietnamese,
    /// `,` groups thousands, `.` is the decimal mark.
    English,
}

/// An exact decimal: `mantissa × 10^-scale`.
///
/// ```
/// use cashless::ingest::numbers::{parse_number, NumberStyle};
/// let d = parse_number("1.234,5", NumberStyle::Vietnamese).unwrap().value;
/// assert_eq!((d.mantissa, d.scale), (12345, 1));
/// assert_eq!(d.times(1_000_000).unwrap(), 1_234_500_000); // triệu đồng → đồng, exactly
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    /// The digits, with the sign.
    pub mantissa: i128,
    /// How many of them are after the decimal mark.
    pub scale: u32,
}

impl Decimal {
    /// The number times a whole-number unit (1 000 000 for triệu đồng), as an exact integer:
    /// an error when a fraction of the base unit would remain (half a món) or when it leaves
    /// 64 bits.
    ///
    /// ```
    /// use cashless::ingest::numbers::Decimal;
    /// let half = Decimal { mantissa: 5, scale: 1 };
    /// assert!(half.times(1).is_err());
    /// assert_eq!(half.times(1_000).unwrap(), 500);
    /// ```
    pub fn times(self, unit: i64) -> Result<i64, Words> {
        let product = self.mantissa.checked_mul(i128::from(unit)).ok_or_else(|| {
            Words::new(
                format!("{self} × {unit} quá lớn"),
                format!("{self} × {unit} is too large"),
            )
        })?;
        let divisor = 10i128.checked_pow(self.scale).ok_or_else(|| {
            Words::new(
                format!("{self} có quá nhiều chữ số thập phân"),
                format!("{self} has too many decimals"),
            )
        })?;
        if product % divisor != 0 {
            return Err(Words::new(
                format!("{self} × {unit} không phải một số nguyên của đơn vị gốc (món, đồng)"),
                format!("{self} × {unit} is not a whole number of the base unit"),
            ));
        }
        i64::try_from(product / divisor).map_err(|_| {
            Words::new(
                format!("{self} × {unit} vượt quá số nguyên 64 bit"),
                format!("{self} × {unit} leaves 64 bits"),
            )
        })
    }

    /// The nearest float, for shares and indicators.
    ///
    /// ```
    /// use cashless::ingest::numbers::Decimal;
    /// assert_eq!(Decimal { mantissa: 125, scale: 3 }.to_f64(), 0.125);
    /// ```
    pub fn to_f64(self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

/// A number read from a cell, and whether it was written as a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    /// The value; a percentage is already divided by 100 (`12,5%` is 0.125).
    pub value: Decimal,
    /// Whether the text ended in `%`.
    pub percent: bool,
}

/// Reads one number. Thousands may be grouped with `.`/`,` (per `style`), spaces or
/// non-breaking spaces; a negative is `-1.234` or `(1.234)`; a trailing `%` divides by 100.
/// Returns why the text is not a number otherwise: the caller names the cell.
///
/// ```
/// use cashless::ingest::numbers::{parse_number, NumberStyle::*};
/// let v = |s, style| parse_number(s, style).map(|n| n.value.to_string());
/// assert_eq!(v("1.234.567", Vietnamese).unwrap(), "1234567");
/// assert_eq!(v("1.234,5", Vietnamese).unwrap(), "1234.5");
/// assert_eq!(v("1,234,567.89", Vietnamese).unwrap(), "1234567.89"); // both marks: unambiguous
/// assert_eq!(v("1.234", English).unwrap(), "1.234");
/// assert_eq!(v("12,5%", Vietnamese).unwrap(), "0.125");
/// assert!(parse_number("12.34.5", Vietnamese).is_err());
/// ```
pub fn parse_number(text: &str, style: NumberStyle) -> Result<Number, Words> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Words::new("trống", "is empty"));
    }
    let (t, percent) = match t.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (t, false),
    };
    let (t, negative) = if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        (inner.trim(), true)
    } else if let Some(rest) = t.strip_prefix(['-', '−']) {
        (rest.trim_start(), true)
    } else {
        (t.strip_prefix('+').unwrap_or(t), false)
    };
    // Spaces of any width group thousands.
    let t: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .collect();
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(Words::new("không phải một số", "is not a number"));
    }
    let decimal_mark = decimal_mark(&t, style)?;
    let (int, frac) = match decimal_mark {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t.as_str(), ""),
    };
    let group = match decimal_mark.map(|i| t.as_bytes()[i]) {
        Some(b'.') => ',',
        Some(_) => '.',
        None => {
            if t.contains('.') {
                '.'
            } else {
                ','
            }
        }
    };
    check_groups(int, group)?;
    if frac.contains(['.', ',']) || (decimal_mark.is_some() && frac.is_empty()) {
        return Err(Words::new(
            "có dấu phân cách đặt sai chỗ",
            "has a misplaced separator",
        ));
    }
    let digits: String = int
        .chars()
        .filter(char::is_ascii_digit)
        .chain(frac.chars())
        .collect();
    if digits.is_empty() {
        return Err(Words::new("không có chữ số nào", "has no digits"));
    }
    let mut mantissa: i128 = digits
        .parse()
        .map_err(|_| Words::new("có quá nhiều chữ số", "has too many digits"))?;
    if negative {
        mantissa = -mantissa;
    }
    let mut scale = frac.len() as u32;
    if percent {
        scale += 2;
    }
    Ok(Number {
        value: Decimal { mantissa, scale },
        percent,
    })
}

/// Index of the decimal mark, if there is one.
fn decimal_mark(t: &str, style: NumberStyle) -> Result<Option<usize>, Words> {
    let dots = t.matches('.').count();
    let commas = t.matches(',').count();
    Ok(match (dots, commas) {
        (0, 0) => None,
        // Both marks: the last one is the decimal mark, and it appears once.
        (_, _) if dots > 0 && commas > 0 => {
            let last = t.rfind(['.', ',']).unwrap_or_default();
            let mark = t.as_bytes()[last];
            let count = if mark == b'.' { dots } else { commas };
            if count > 1 {
                return Err(Words::new(
                    "dùng lẫn dấu chấm và dấu phẩy theo cách không thành một số",
                    "mixes separators in a way that is not a number",
                ));
            }
            Some(last)
        }
        // The same mark twice or more groups thousands.
        (d, c) if d > 1 || c > 1 => None,
        // One mark alone: the style decides, unless it cannot group thousands here.
        _ => {
            let i = t.find(['.', ',']).unwrap_or_default();
            let is_dot = t.as_bytes()[i] == b'.';
            // "0.125" is never a thousand and a hundred and twenty-five.
            let groups = t.len() - i - 1 == 3 && i > 0 && i <= 3 && !t.starts_with('0');
            let grouping = match style {
                NumberStyle::Vietnamese => is_dot,
                NumberStyle::English => !is_dot,
            };
            if grouping && groups {
                None
            } else {
                Some(i)
            }
        }
    })
}

/// Thousands groups are 1–3 digits, then exactly 3 digits each.
fn check_groups(int: &str, group: char) -> Result<(), Words> {
    if !int.contains(group) {
        return Ok(());
    }
    let parts: Vec<&str> = int.split(group).collect();
    let first_ok = (1..=3).contains(&parts[0].len());
    if first_ok && parts[1..].iter().all(|p| p.len() == 3) {
        Ok(())
    } else {
        Err(Words::new(
            format!("nhóm chữ số không đúng cách phân cách hàng nghìn bằng {group:?}"),
            format!("groups its digits oddly for a thousands separator {group:?}"),
        ))
    }
}
