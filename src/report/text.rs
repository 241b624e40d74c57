//! Words of the report, in Vietnamese and English: measures, verdicts on an estimated year
//! (a channel's name is [`Channel::word`], a measure's heading [`Metric::heading`]). How each language writes numbers, percentages and dates
//! (`1.234.567`, `58,86 %`, `31/10/2025`; `1,234,567`, `58.86 %`, `2025-10-31`) is
//! [`Lang`]'s own, in [`crate::lang`], which the computations use for their notes too; a
//! status's name is [`Status::word`], a target's threshold [`crate::targets::Rule::threshold_in`].

use crate::attainment::Status;
use crate::channels::Channel;
use crate::metrics::Metric;

pub use crate::lang::Lang;

impl Lang {
    /// A channel's measure: `Giá trị – Điện thoại di động`, `Value – Mobile`.
    ///
    /// ```
    /// use cashless::{report::Lang, Channel, Metric};
    /// assert_eq!(Lang::Vi.measure(Channel::Mobile, Metric::Value), "Giá trị – Điện thoại di động");
    /// ```
    pub fn measure(self, channel: Channel, metric: Metric) -> String {
        metric.of(channel, self)
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
