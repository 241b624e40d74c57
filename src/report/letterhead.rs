//! The branch's own details for the Word report: issuing body, number and symbol, place and
//! date, recipients, signer. Kept by the branch in a small TOML file (`--letterhead FILE`);
//! what it leaves out is printed as a placeholder to fill in, never invented.

use serde::Deserialize;

use crate::error::{invalid_argument, Result};
use crate::lang::say;

/// The issuing body's details, as Decree 30/2020/NĐ-CP lays out an administrative report.
///
/// Keys in English or Vietnamese without diacritics:
///
/// ```
/// let lh = cashless::report::Letterhead::from_toml(r#"
///     co_quan_chu_quan = "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM"
///     co_quan_ban_hanh = "NGÂN HÀNG NHÀ NƯỚC CHI NHÁNH KHU VỰC 7"
///     so = "215"
///     ky_hieu = "BC-KV7"
///     dia_danh = "Thanh Hóa"
///     ngay = "2025-12-05"
///     kinh_gui = ["Ủy ban nhân dân tỉnh Thanh Hóa"]
///     noi_nhan = ["Như trên", "Lưu: VT, TTKDTM"]
///     quyen_han = "KT. GIÁM ĐỐC"
///     chuc_vu = "PHÓ GIÁM ĐỐC"
///     nguoi_ky = "Nguyễn Văn An"
/// "#).unwrap();
/// assert_eq!(lh.symbol.as_deref(), Some("BC-KV7"));
/// assert!(cashless::report::Letterhead::from_toml("so_hieu = 1").is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Letterhead {
    /// The body above the issuer (`NGÂN HÀNG NHÀ NƯỚC VIỆT NAM`).
    #[serde(alias = "co_quan_chu_quan")]
    pub parent_body: Option<String>,
    /// The issuer (`NGÂN HÀNG NHÀ NƯỚC CHI NHÁNH KHU VỰC 7`).
    #[serde(alias = "co_quan_ban_hanh")]
    pub issuing_body: Option<String>,
    /// The document's number (`215`).
    #[serde(alias = "so")]
    pub number: Option<String>,
    /// Its symbol (`BC-KV7`).
    #[serde(alias = "ky_hieu")]
    pub symbol: Option<String>,
    /// The place it is issued (`Thanh Hóa`).
    #[serde(alias = "dia_danh")]
    pub place: Option<String>,
    /// The date it is issued, `YYYY-MM-DD`.
    #[serde(alias = "ngay")]
    pub date: Option<String>,
    /// Kính gửi: who it is addressed to.
    #[serde(alias = "kinh_gui", default)]
    pub recipients: Vec<String>,
    /// Nơi nhận: who receives a copy.
    #[serde(alias = "noi_nhan", default)]
    pub copies: Vec<String>,
    /// Signing on behalf (`KT. GIÁM ĐỐC`), when the signer is not the head.
    #[serde(alias = "quyen_han")]
    pub authority: Option<String>,
    /// The signer's title (`PHÓ GIÁM ĐỐC`).
    #[serde(alias = "chuc_vu")]
    pub signer_title: Option<String>,
    /// The signer's name.
    #[serde(alias = "nguoi_ky")]
    pub signer_name: Option<String>,
}

impl Letterhead {
    /// Details from TOML text; an unknown key or a date that is not `YYYY-MM-DD` is refused.
    pub fn from_toml(text: &str) -> Result<Self> {
        let lh: Letterhead = toml::from_str(text).map_err(|e| {
            let why = crate::catalogue::toml_reason(e.message());
            invalid_argument(say!(
                format!("thông tin đơn vị (letterhead) không đọc được: {why}"),
                format!("the letterhead cannot be read: {why}"),
            ))
        })?;
        if let Some(d) = &lh.date {
            crate::calendar::parse_day(d)?;
        }
        Ok(lh)
    }

    /// Details from a TOML file.
    ///
    /// ```
    /// let path = std::env::temp_dir().join("cashless-doc-letterhead.toml");
    /// std::fs::write(&path, "dia_danh = \"Xuân Lộc\"\n").unwrap();
    /// let lh = cashless::report::Letterhead::load(&path).unwrap();
    /// assert_eq!(lh.place.as_deref(), Some("Xuân Lộc"));
    /// ```
    pub fn load(path: &std::path::Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            invalid_argument(say!(
                format!("{}: không đọc được: {e}", path.display()),
                format!("{}: cannot be read: {e}", path.display()),
            ))
        })?;
        Self::from_toml(&text).map_err(|e| {
            let at = path.display();
            invalid_argument(say!(format!("{at}: {e}"), format!("{at}: {e}")))
        })
    }
}
