//! The two measures of a channel, in the vocabulary layer: read by the ingest, the targets,
//! the catalogues and the figures alike, and computing nothing.

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
}
