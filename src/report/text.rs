//! Words of the report, in Vietnamese and English: channels as the plans name them, measures,
//! verdicts on an estimated year. How each language writes numbers, percentages and dates
//! (`1.234.567`, `58,86 %`, `31/10/2025`; `1,234,567`, `58.86 %`, `2025-10-31`) is
//! [`Lang`]'s own, in [`crate::lang`], which the computations use for their notes too; a
//! status's name is [`Status::word`], a target's threshold [`crate::targets::Rule::threshold_in`].

use crate::attainment::Status;
use crate::channels::Channel;
use crate::metrics::Metric;

pub use crate::lang::Lang;

impl Lang {
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

    /// A final verdict on an estimated year, marked as such.
    ///
    /// ```
    /// use cashless::{report::Lang, Status};
    /// assert_eq!(Lang::Vi.estimated_status(Status::Met), "Đạt (ước)");
    /// assert_eq!(Lang::En.estimated_status(Status::Below), "Below (estimated)");
    /// ```
    pub fn estimated_status(self, s: Status) -> String {
        format!("{} {}", s.word(self), self.pick("(ước)", "(estimated)"))
    }
}
