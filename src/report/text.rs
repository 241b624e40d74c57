//! Words and number formats of the report, in Vietnamese and English.
//!
//! Vietnamese reports group thousands with `.` and use `,` as the decimal mark (`1.234.567`,
//! `58,86 %`) and write dates `dd/mm/yyyy`; English ones use `1,234,567`, `58.86 %` and ISO
//! dates. Numbers are rounded here, for display only: the Excel workbook keeps full precision.

use crate::attainment::Status;
use crate::channels::Channel;
use crate::metrics::Metric;
use crate::targets::Rule;

pub use crate::lang::Lang;

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
    /// use cashless::report::Lang;
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

    /// The name of a channel as the plans write it.
    pub fn channel(self, c: Channel) -> &'static str {
        match c {
            Channel::Internet => "Internet",
            Channel::Mobile => self.pick("Điện thoại di động", "Mobile"),
            Channel::Pos => "POS",
            Channel::Qr => "QR code",
            Channel::Atm => "ATM",
            Channel::Ewallet => self.pick("Ví điện tử", "E-wallet"),
            Channel::MobileMoney => "Mobile Money",
            Channel::Card => self.pick("Thẻ ngân hàng", "Bank cards"),
            Channel::Other => self.pick("Kênh khác", "Other"),
            Channel::All => self.pick("Tổng TTKDTM", "All cashless"),
        }
    }

    /// `Số lượng (món)` / `Count`, `Giá trị (tỷ đồng)` / `Value (VND bn)`.
    pub fn metric(self, m: Metric) -> &'static str {
        match m {
            Metric::Count => self.pick("Số lượng (món)", "Count"),
            Metric::Value => self.pick("Giá trị (tỷ đồng)", "Value (VND bn)"),
        }
    }

    /// A channel's measure: `Giá trị – Điện thoại di động`, `Value – Mobile`.
    ///
    /// ```
    /// use cashless::{report::Lang, Channel, Metric};
    /// assert_eq!(Lang::Vi.measure(Channel::Mobile, Metric::Value), "Giá trị – Điện thoại di động");
    /// ```
    pub fn measure(self, channel: Channel, metric: Metric) -> String {
        let what = match metric {
            Metric::Count => self.pick("Số lượng", "Count"),
            Metric::Value => self.pick("Giá trị", "Value"),
        };
        format!("{what} – {}", self.channel(channel))
    }

    /// The name of a status.
    pub fn status(self, s: Status) -> &'static str {
        match s {
            Status::Exceeded => self.pick("Vượt", "Exceeded"),
            Status::Met => self.pick("Đạt", "Met"),
            Status::Below => self.pick("Không đạt", "Below"),
            Status::OnTrack => self.pick("Đúng tiến độ", "On track"),
            Status::AccelerationNeeded => self.pick("Cần tăng tốc", "Acceleration needed"),
            Status::LimitedProgress => self.pick("Tiến triển hạn chế", "Limited progress"),
            Status::Deterioration => self.pick("Giảm sút", "Deterioration"),
            Status::NotEvaluable => self.pick("Không đánh giá được", "Not evaluable"),
        }
    }

    /// A final verdict on an estimated year, marked as such.
    ///
    /// ```
    /// use cashless::{report::Lang, Status};
    /// assert_eq!(Lang::Vi.estimated_status(Status::Met), "Đạt (ước)");
    /// assert_eq!(Lang::En.estimated_status(Status::Below), "Below (estimated)");
    /// ```
    pub fn estimated_status(self, s: Status) -> String {
        format!("{} {}", self.status(s), self.pick("(ước)", "(estimated)"))
    }

    /// A percentage as the plans write their targets: whole ones without decimals (`20 %`),
    /// others with one (`12,5 %`).
    ///
    /// ```
    /// use cashless::report::Lang;
    /// assert_eq!(Lang::Vi.plan_percent(0.2), "20 %");
    /// assert_eq!(Lang::Vi.plan_percent(0.125), "12,5 %");
    /// ```
    pub fn plan_percent(self, x: f64) -> String {
        format!("{} %", self.plan_number(x))
    }

    /// The number of a plan's percentage: `20`, `12,5`.
    fn plan_number(self, x: f64) -> String {
        let p = x * 100.0;
        self.number(p, if (p - p.round()).abs() < 1e-9 { 0 } else { 1 })
    }

    /// A yearly target rate as the plans write it: `20 %/năm`, `20 %/yr`.
    pub fn plan_rate(self, x: f64) -> String {
        format!("{}/{}", self.plan_percent(x), self.pick("năm", "yr"))
    }

    /// A rule's threshold: `20–25 %/năm`, `≥ 80 %`, `100 %`, `tăng hằng năm`.
    ///
    /// ```
    /// let c = cashless::Catalogue::builtin("decision-1813").unwrap();
    /// let rule = &c.target("growth.mobile.value").unwrap().rule;
    /// assert_eq!(cashless::report::Lang::Vi.threshold(rule), "80–100 %/năm");
    /// ```
    pub fn threshold(self, rule: &Rule) -> String {
        let pct = |x: f64| self.plan_number(x);
        let year = self.pick("%/năm", "%/yr");
        match rule {
            Rule::GrowthRange { lo, hi, .. } => match hi {
                Some(h) => format!("{}–{} {year}", pct(*lo), pct(*h)),
                None => format!("≥ {} {year}", pct(*lo)),
            },
            Rule::Share { lo, hi, .. } => match hi {
                Some(h) => format!("{}–{} %", pct(*lo), pct(*h)),
                None => format!("≥ {} %", pct(*lo)),
            },
            Rule::FullCoverage { .. } => "100 %".into(),
            Rule::RisingEveryYear { .. } => self.pick("tăng hằng năm", "higher every year").into(),
        }
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
