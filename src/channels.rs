//! Payment channels (kênh thanh toán): canonical names, the labels they arrive under, and
//! which of them may be summed.
//!
//! Labels arrive in Vietnamese and English, with or without diacritics, in any case
//! ("Mobile Banking", "điện thoại di động", "POS/mPOS", "Ví điện tử" …). [`Channel::parse`]
//! maps each onto one canonical channel and refuses a label it does not know, naming it: a
//! silent drop would change totals without anybody noticing.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Location, Result};
use crate::lang::{Lang, Words};

/// A payment channel, by its canonical name.
///
/// ```
/// use cashless::Channel;
/// assert_eq!(Channel::parse("Điện thoại di động").unwrap(), Channel::Mobile);
/// assert_eq!(Channel::parse("POS/mPOS").unwrap().name(), "pos");
/// assert!(Channel::parse("pigeon post").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Internet banking.
    Internet,
    /// Mobile banking (bank apps on a phone).
    Mobile,
    /// Card payments at POS / mPOS terminals.
    Pos,
    /// QR-code payments; most are made from a mobile banking app, so they overlap `mobile`.
    Qr,
    /// ATM transactions.
    Atm,
    /// E-wallets (ví điện tử).
    Ewallet,
    /// Mobile Money (telecom accounts).
    MobileMoney,
    /// Bank cards, whatever the terminal; overlaps `pos`, `atm` and `internet`.
    Card,
    /// Other cashless channels.
    Other,
    /// All cashless payments (the total).
    All,
}

/// Every channel, in the order reports list them.
pub const ALL_CHANNELS: [Channel; 10] = [
    Channel::Internet,
    Channel::Mobile,
    Channel::Pos,
    Channel::Qr,
    Channel::Atm,
    Channel::Ewallet,
    Channel::MobileMoney,
    Channel::Card,
    Channel::Other,
    Channel::All,
];

/// The channels summed when `all` has to be derived: the ones that do not overlap each other.
/// `qr` (inside `mobile`), `card` (inside `pos`/`atm`/`internet`), `ewallet` (funded through the
/// other channels) and `atm` (mostly cash withdrawals) are left out.
pub const DEFAULT_ADDITIVE: [Channel; 5] = [
    Channel::Internet,
    Channel::Mobile,
    Channel::Pos,
    Channel::MobileMoney,
    Channel::Other,
];

// Labels after `normalize`: lower case, no diacritics, words separated by one space.
pub(crate) const ALIASES: &[(&str, Channel)] = &[
    ("internet", Channel::Internet),
    ("internet banking", Channel::Internet),
    ("internetbanking", Channel::Internet),
    ("ib", Channel::Internet),
    ("online banking", Channel::Internet),
    ("ngan hang truc tuyen", Channel::Internet),
    ("mobile", Channel::Mobile),
    ("mobile banking", Channel::Mobile),
    ("mobilebanking", Channel::Mobile),
    ("mobile app", Channel::Mobile),
    ("dien thoai di dong", Channel::Mobile),
    ("dien thoai", Channel::Mobile),
    ("ung dung di dong", Channel::Mobile),
    ("pos", Channel::Pos),
    ("mpos", Channel::Pos),
    ("pos mpos", Channel::Pos),
    ("may pos", Channel::Pos),
    ("qr", Channel::Qr),
    ("qr code", Channel::Qr),
    ("qrcode", Channel::Qr),
    ("ma qr", Channel::Qr),
    ("vietqr", Channel::Qr),
    ("atm", Channel::Atm),
    ("may atm", Channel::Atm),
    ("ewallet", Channel::Ewallet),
    ("e wallet", Channel::Ewallet),
    ("vi dien tu", Channel::Ewallet),
    ("digital wallet", Channel::Ewallet),
    ("mobile money", Channel::MobileMoney),
    ("mobilemoney", Channel::MobileMoney),
    ("tien di dong", Channel::MobileMoney),
    ("card", Channel::Card),
    ("bank card", Channel::Card),
    ("the", Channel::Card),
    ("the ngan hang", Channel::Card),
    ("other", Channel::Other),
    ("others", Channel::Other),
    ("khac", Channel::Other),
    ("all", Channel::All),
    ("total", Channel::All),
    ("tong", Channel::All),
    ("tong cong", Channel::All),
    ("tong so", Channel::All),
    ("cashless", Channel::All),
    ("all cashless", Channel::All),
    ("ttkdtm", Channel::All),
    ("khong dung tien mat", Channel::All),
    ("thanh toan khong dung tien mat", Channel::All),
    // Total columns as banks head them.
    ("cong", Channel::All),
    ("tong ttkdtm", Channel::All),
    ("tong cong ttkdtm", Channel::All),
    ("tong so ttkdtm", Channel::All),
    ("tong thanh toan khong dung tien mat", Channel::All),
    ("tong cong thanh toan khong dung tien mat", Channel::All),
    // SMS banking is a payment made on a mobile phone: the State Bank counts it with the
    // mobile channel.
    ("sms banking", Channel::Mobile),
    ("sms", Channel::Mobile),
];

/// Labels banks use that name no one channel: refused with the reason, never guessed.
pub(crate) const REFUSED: &[(&str, &str, &str)] = &[
    (
        "ngan hang dien tu",
        "\"Ngân hàng điện tử\" gồm cả Internet banking và Mobile banking: hãy báo cáo riêng từng kênh, hoặc ánh xạ cột này vào một kênh",
        "\"Ngân hàng điện tử\" (e-banking) covers both internet and mobile banking: report them apart, or map the column to one channel",
    ),
    (
        "e banking",
        "e-banking gồm cả Internet banking và Mobile banking: hãy báo cáo riêng từng kênh, hoặc ánh xạ cột này vào một kênh",
        "e-banking covers both internet and mobile banking: report them apart, or map the column to one channel",
    ),
    (
        "atm pos",
        "ATM/POS là hai kênh trong một cột: hãy báo cáo riêng ATM và POS",
        "ATM/POS is two channels in one column: report ATM and POS apart",
    ),
    // Payment instruments of the State Bank's statistics cut the same payments another way
    // (a credit transfer may be made through internet or mobile banking): summed with the
    // channels they would count payments twice, so they are not a channel.
    (
        "sec",
        "séc là phương tiện thanh toán, không phải kênh: số liệu theo phương tiện (séc, ủy nhiệm chi, ủy nhiệm thu, thẻ) và theo kênh là hai cách chia cùng một tổng; hãy gửi số theo kênh",
        "a cheque (séc) is a payment instrument, not a channel: instruments (cheques, credit transfers, direct debits, cards) and channels cut the same total two ways; send the figures by channel",
    ),
    (
        "uy nhiem chi",
        "ủy nhiệm chi là phương tiện thanh toán, không phải kênh (có thể lập qua Internet hoặc điện thoại di động): hãy gửi số theo kênh",
        "ủy nhiệm chi (a credit transfer) is a payment instrument, not a channel (it may be made through internet or mobile banking): send the figures by channel",
    ),
    (
        "chuyen tien",
        "chuyển tiền là phương tiện thanh toán, không phải kênh: hãy gửi số theo kênh",
        "chuyển tiền (a credit transfer) is a payment instrument, not a channel: send the figures by channel",
    ),
    (
        "chuyen khoan",
        "chuyển khoản là phương tiện thanh toán, không phải kênh (có thể lập qua Internet, điện thoại di động hoặc tại quầy): hãy gửi số theo kênh",
        "chuyển khoản (a transfer) is a payment instrument, not a channel (made through internet, mobile or at the counter): send the figures by channel",
    ),
    (
        "uy nhiem thu",
        "ủy nhiệm thu là phương tiện thanh toán, không phải kênh: hãy gửi số theo kênh",
        "ủy nhiệm thu (a direct debit) is a payment instrument, not a channel: send the figures by channel",
    ),
    (
        "nho thu",
        "nhờ thu là phương tiện thanh toán, không phải kênh: hãy gửi số theo kênh",
        "nhờ thu (a collection) is a payment instrument, not a channel: send the figures by channel",
    ),
    (
        "pos atm",
        "POS/ATM là hai kênh trong một cột: hãy báo cáo riêng ATM và POS",
        "POS/ATM is two channels in one column: report ATM and POS apart",
    ),
];

// Words that often precede the channel itself in a header or a label ("qua kênh Internet",
// "giao dịch qua Mobile banking"). They are dropped only when the whole label did not match.
const LEADING_FILLERS: &[&str] = &["giao dich", "gd", "thanh toan", "tt", "qua", "kenh", "via"];

/// Lower case, diacritics folded (đ → d), punctuation to single spaces.
///
/// ```
/// assert_eq!(cashless::channels::normalize("  Ví  điện-tử "), "vi dien tu");
/// ```
pub fn normalize(label: &str) -> String {
    let folded = deunicode::deunicode(label).to_lowercase();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn lookup(normalized: &str) -> Option<Channel> {
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == normalized)
        .map(|(_, c)| *c)
}

impl Channel {
    /// The canonical name: `internet`, `mobile`, `pos`, `qr`, `atm`, `ewallet`,
    /// `mobile_money`, `card`, `other` or `all`.
    ///
    /// ```
    /// assert_eq!(cashless::Channel::MobileMoney.name(), "mobile_money");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Channel::Internet => "internet",
            Channel::Mobile => "mobile",
            Channel::Pos => "pos",
            Channel::Qr => "qr",
            Channel::Atm => "atm",
            Channel::Ewallet => "ewallet",
            Channel::MobileMoney => "mobile_money",
            Channel::Card => "card",
            Channel::Other => "other",
            Channel::All => "all",
        }
    }

    /// The channel a label stands for, in Vietnamese or English, with or without
    /// diacritics, in any case. Unknown labels are an error that names the label.
    ///
    /// ```
    /// use cashless::Channel;
    /// for label in ["Mobile Banking", "điện thoại di động", "dien thoai di dong", "QR Code",
    ///               "Internet banking", "Ví điện tử", "Giao dịch qua kênh POS"] {
    ///     assert!(Channel::parse(label).is_ok(), "{label}");
    /// }
    /// ```
    pub fn parse(label: &str) -> Result<Channel> {
        let normalized = normalize(label);
        if let Some(c) = lookup(&normalized) {
            return Ok(c);
        }
        let mut rest = normalized.as_str();
        while let Some(stripped) = LEADING_FILLERS
            .iter()
            .find_map(|f| rest.strip_prefix(f).and_then(|r| r.strip_prefix(' ')))
        {
            rest = stripped;
            if let Some(c) = lookup(rest) {
                return Ok(c);
            }
        }
        let why = REFUSED
            .iter()
            .find(|(alias, _, _)| {
                *alias == normalized || Some(*alias) == normalized.strip_prefix("giao dich ")
            })
            .map(|(_, vi, en)| Words::new(format!("{vi}; "), format!("{en}; ")))
            .unwrap_or_default();
        Err(Error::UnknownChannel {
            label: label.to_string(),
            location: None,
            known: why.and(&known_names()),
        })
    }

    /// Like [`Channel::parse`], with the location put into the error.
    ///
    /// ```
    /// use cashless::{Channel, Location};
    /// let e = Channel::parse_at("fax", || Location::new("nh01.csv", 7, "kênh", "fax")).unwrap_err();
    /// assert!(e.to_string().contains("nh01.csv, row 7, column `kênh`"));
    /// ```
    pub fn parse_at(label: &str, location: impl FnOnce() -> Location) -> Result<Channel> {
        Channel::parse(label).map_err(|e| match e {
            Error::UnknownChannel { label, known, .. } => Error::UnknownChannel {
                label,
                location: Some(location().into()),
                known,
            },
            other => other,
        })
    }

    /// Position in [`ALL_CHANNELS`], which lists the channels in declaration order.
    ///
    /// ```
    /// use cashless::{channels::ALL_CHANNELS, Channel};
    /// assert_eq!(ALL_CHANNELS[Channel::Qr.index()], Channel::Qr);
    /// ```
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the channel is summed by default when `all` has to be derived
    /// (see [`DEFAULT_ADDITIVE`]).
    ///
    /// ```
    /// use cashless::Channel;
    /// assert!(Channel::Mobile.is_additive());
    /// assert!(!Channel::Qr.is_additive()); // QR payments are mostly mobile payments too
    /// ```
    pub fn is_additive(self) -> bool {
        DEFAULT_ADDITIVE.contains(&self)
    }
}

fn known_names() -> Words {
    let names = ALL_CHANNELS
        .iter()
        .map(|c| c.name())
        .collect::<Vec<_>>()
        .join(", ");
    Words::new(
        format!("các kênh: {names}"),
        format!("known channels: {names}"),
    )
}

impl Channel {
    /// The channel's name as the plans write it, in `lang`.
    ///
    /// ```
    /// use cashless::{lang::Lang, Channel};
    /// assert_eq!(Channel::Mobile.word(Lang::Vi), "Điện thoại di động");
    /// assert_eq!(Channel::All.word(Lang::En), "All cashless");
    /// ```
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Channel::Internet => "Internet",
            Channel::Mobile => lang.pick("Điện thoại di động", "Mobile"),
            Channel::Pos => "POS",
            Channel::Qr => lang.pick("Mã QR", "QR code"),
            Channel::Atm => "ATM",
            Channel::Ewallet => lang.pick("Ví điện tử", "E-wallet"),
            Channel::MobileMoney => "Mobile Money",
            Channel::Card => lang.pick("Thẻ ngân hàng", "Bank cards"),
            Channel::Other => lang.pick("Kênh khác", "Other"),
            Channel::All => lang.pick("Tổng TTKDTM", "All cashless"),
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Channel {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Channel::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_canonical_name_parses_to_itself() {
        for c in ALL_CHANNELS {
            assert_eq!(Channel::parse(c.name()).unwrap(), c);
        }
    }

    #[test]
    fn index_is_the_position_in_all_channels() {
        for (i, c) in ALL_CHANNELS.iter().enumerate() {
            assert_eq!(c.index(), i);
        }
    }

    #[test]
    fn the_labels_banks_write_for_totals_are_all() {
        for label in [
            "Tổng",
            "Tổng cộng",
            "Tổng TTKDTM",
            "Tổng cộng TTKDTM",
            "Cộng",
            "TTKDTM",
        ] {
            assert_eq!(Channel::parse(label).unwrap(), Channel::All, "{label}");
        }
        assert_eq!(Channel::parse("SMS Banking").unwrap(), Channel::Mobile);
    }

    #[test]
    fn a_label_of_two_channels_is_refused_with_the_reason() {
        crate::lang::set_language(crate::lang::Lang::En);
        for (label, why) in [
            ("ATM/POS", "ATM/POS is two channels in one column"),
            (
                "Ngân hàng điện tử",
                "covers both internet and mobile banking",
            ),
        ] {
            let e = Channel::parse(label).unwrap_err().to_string();
            assert!(
                e.contains(why) && e.contains("known channels: internet"),
                "{e}"
            );
        }
    }

    #[test]
    fn unknown_label_is_named() {
        let e = Channel::parse("Bồ câu đưa thư").unwrap_err().to_string();
        assert!(e.contains("\"Bồ câu đưa thư\""), "{e}");
        assert!(e.contains("mobile_money"), "{e}");
    }
}
