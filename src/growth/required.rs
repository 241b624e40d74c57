//! The growth still required to reach a target, and where a growth leads: the arithmetic a
//! verdict on a stage under way rests on (method §2).

use crate::error::{invalid_argument, Result};
use crate::lang::say;

/// The yearly growth needed to go from `current` in year `from_year` to `level` in
/// `to_year`: `(L / X_t)^(1/(T−t)) − 1`.
///
/// ```
/// let g = cashless::growth::required_growth_to_level(100.0, 2023, 144.0, 2025).unwrap();
/// assert!((g - 0.2).abs() < 1e-12);
/// ```
pub fn required_growth_to_level(
    current: f64,
    from_year: i32,
    level: f64,
    to_year: i32,
) -> Result<f64> {
    if to_year <= from_year {
        return Err(invalid_argument(say!(
            format!("năm mục tiêu {to_year} không sau năm {from_year}"),
            format!("target year {to_year} is not after {from_year}"),
        )));
    }
    if !current.is_finite() || current <= 0.0 || !level.is_finite() || level < 0.0 {
        return Err(invalid_argument(say!(
            format!("các mức phải dương và hữu hạn (hiện tại {current}, mục tiêu {level})"),
            format!("levels must be positive and finite (current {current}, target {level})"),
        )));
    }
    finite((level / current).powf(1.0 / f64::from(to_year - from_year)) - 1.0)
}

/// The yearly growth needed in the `remaining` years for a stage of `n` years to average at
/// least `lo`, given the rates already realised: `((1+lo)^n / Π (1+g_i))^(1/remaining) − 1`.
///
/// ```
/// // Two years at 10 % in a five-year stage that must average 20 %:
/// let g = cashless::growth::required_growth_for_average(0.2, 5, &[0.1, 0.1]).unwrap();
/// assert!(((1.1f64 * 1.1 * (1.0 + g).powi(3)) - 1.2f64.powi(5)).abs() < 1e-9);
/// ```
pub fn required_growth_for_average(lo: f64, n: u32, realised: &[f64]) -> Result<f64> {
    if !lo.is_finite() || lo <= -1.0 {
        return Err(invalid_argument(say!(
            format!("mục tiêu tăng trưởng bình quân {lo} không hợp lệ: là phân số (0,2 = 20 %) và phải trên -1"),
            format!("the average growth target {lo} is not valid: it is a fraction (0.2 = 20 %) and must be above -1"),
        )));
    }
    let done = realised.len() as u32;
    if done >= n {
        return Err(invalid_argument(say!(
            format!("đã qua {done}/{n} năm: không còn năm nào"),
            format!("{done} of {n} years are realised already: no year remains"),
        )));
    }
    if let Some(r) = realised.iter().find(|r| !r.is_finite() || **r <= -1.0) {
        return Err(invalid_argument(say!(
            format!("tốc độ tăng đã đạt {r} không để lại mức gốc nào để tăng tiếp"),
            format!("realised growth {r} leaves no base to grow from"),
        )));
    }
    let log_done: f64 = realised.iter().map(|r| r.ln_1p()).sum();
    let log_needed = f64::from(n) * lo.ln_1p() - log_done;
    finite((log_needed / f64::from(n - done)).exp_m1())
}

/// Projection of a level at the average growth achieved: `X_t · (1 + ḡ)^(T − t)`. Refused
/// when a figure is not finite, the growth is −100 % or less (no level to grow from) or the
/// result leaves the range of a float.
///
/// ```
/// assert!((cashless::growth::project(100.0, 0.1, 2).unwrap() - 121.0).abs() < 1e-9);
/// assert!(cashless::growth::project(100.0, -1.0, -1).is_err()); // 100 / 0
/// ```
pub fn project(level: f64, average_growth: f64, years_ahead: i32) -> Result<f64> {
    if !level.is_finite() || !average_growth.is_finite() || average_growth <= -1.0 {
        return Err(invalid_argument(say!(
            format!("không thể dự báo từ mức {level} với tốc độ tăng {average_growth}: cần số hữu hạn và tốc độ trên -100 %"),
            format!("cannot project from level {level} at growth {average_growth}: both must be finite and the growth above -100 %"),
        )));
    }
    finite(level * (1.0 + average_growth).powi(years_ahead))
}

/// A computed rate or level, refused when it left the range of a float.
pub(super) fn finite(x: f64) -> Result<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(invalid_argument(say!(
            format!("kết quả ({x}) vượt quá phạm vi số thực: các số liệu đầu vào quá xa nhau"),
            format!("the result ({x}) is beyond the range of a float: the figures given are too far apart"),
        )))
    }
}
