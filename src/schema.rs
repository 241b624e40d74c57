//! The names of the canonical table's columns, in the vocabulary layer: every module that reads
//! or writes the table names its columns from here.
//!
//! ```
//! assert_eq!(cashless::schema::REGION_CODE, "region_code");
//! ```

/// `region_code` column.
pub const REGION_CODE: &str = "region_code";
/// `period` column: first day of the month.
pub const PERIOD: &str = "period";
/// `channel` column.
pub const CHANNEL: &str = "channel";
/// `count` column (món).
pub const COUNT: &str = "count";
/// `value` column (đồng).
pub const VALUE: &str = "value";
/// Optional `bank` column.
pub const BANK: &str = "bank";
/// Optional `region_map` column: the administrative map the region codes belong to.
pub const REGION_MAP: &str = "region_map";
