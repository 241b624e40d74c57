//! The two measures of a channel, in the vocabulary layer: read by the ingest, the targets,
//! the catalogues and the figures alike, and computing nothing.

use crate::channels::Channel;
use crate::lang::Lang;
use crate::schema::{COUNT, VALUE};

/// The two measures of a channel.
///
/// ```
/// assert_eq!(cashless::Metric::Value.name(), "value");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Number of transactions (món).
    Count,
    /// Value of transactions (đồng).
    Value,
}

impl Metric {
    /// `count` or `value`: also the column name in the canonical and annual tables.
    ///
    /// ```
    /// assert_eq!(cashless::Metric::Count.name(), "count");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Metric::Count => COUNT,
            Metric::Value => VALUE,
        }
    }

    /// The measure as a table heads it, with its unit: `Số lượng (món)`, `Giá trị (tỷ đồng)`
    /// (`Count`, `Value (VND bn)`).
    ///
    /// ```
    /// use cashless::{lang::Lang, Metric};
    /// assert_eq!(Metric::Value.heading(Lang::Vi), "Giá trị (tỷ đồng)");
    /// ```
    pub fn heading(self, lang: Lang) -> &'static str {
        match self {
            Metric::Count => lang.pick("Số lượng (món)", "Count"),
            Metric::Value => lang.pick("Giá trị (tỷ đồng)", "Value (VND bn)"),
        }
    }

    /// The measure as a sentence names it: `số lượng`, `giá trị` (`count`, `value`).
    ///
    /// ```
    /// use cashless::{lang::Lang, Metric};
    /// assert_eq!(Metric::Count.word(Lang::Vi), "số lượng");
    /// ```
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Metric::Count => lang.pick("số lượng", "count"),
            Metric::Value => lang.pick("giá trị", "value"),
        }
    }

    /// A channel's measure: `Giá trị – Điện thoại di động` (`Value – Mobile`).
    ///
    /// ```
    /// use cashless::{lang::Lang, Channel, Metric};
    /// assert_eq!(Metric::Value.of(Channel::Mobile, Lang::Vi), "Giá trị – Điện thoại di động");
    /// ```
    pub fn of(self, channel: Channel, lang: Lang) -> String {
        let what = match self {
            Metric::Count => lang.pick("Số lượng", "Count"),
            Metric::Value => lang.pick("Giá trị", "Value"),
        };
        format!("{what} – {}", channel.word(lang))
    }
}
