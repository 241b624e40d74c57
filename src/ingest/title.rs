//! What a sheet's title block says above its header: the month ("BÁO CÁO … THÁNG 5/2023"),
//! the units ("Đơn vị tính: món, triệu đồng"), the bank, and whether the figures are
//! cumulative ("LŨY KẾ TỪ THÁNG 1"). Each reader returns the row and the text it read, so the
//! ledger can say where an option came from.

use super::grid::Grid;
use super::periods::{parse_period, Period};
use crate::channels::normalize;
use crate::metrics::Metric;

/// A month named in the title block ("BÁO CÁO … THÁNG 5/2023"): its row, text and month.
pub(super) fn period_in_title(
    grid: &Grid,
    header_at: usize,
) -> Option<(usize, String, (i32, u32))> {
    for (number, cells) in &grid.rows[..header_at] {
        for cell in cells.iter().filter(|c| !c.is_empty()) {
            let text = cell.text();
            let words: Vec<String> = normalize(&text).split(' ').map(str::to_string).collect();
            for (i, w) in words.iter().enumerate() {
                if w != "thang" && w != "t" {
                    continue;
                }
                // The longest run of words from "tháng" that reads as a month.
                for end in (2..=(words.len() - i).min(4)).rev() {
                    if let Ok(Period::Month { year, month }) =
                        parse_period(&words[i..i + end].join(" "))
                    {
                        return Some((*number, text, (year, month)));
                    }
                }
            }
        }
    }
    None
}

/// The units a title-block line gives ("Đơn vị tính: món, triệu đồng", "ĐVT: nghìn món; tỷ
/// đồng"): its row and text, and the count and value factors it names.
pub(super) fn units_in_title(
    grid: &Grid,
    header_at: usize,
) -> Option<(usize, String, Option<i64>, Option<i64>)> {
    for (number, cells) in &grid.rows[..header_at] {
        for cell in cells.iter().filter(|c| !c.is_empty()) {
            let text = cell.text();
            let folded = normalize(&text);
            if !["don vi tinh ", "dvt "]
                .iter()
                .any(|p| folded.starts_with(p))
            {
                continue;
            }
            // The words after the label, split where the file separates them.
            let after = text
                .split_once([':', '：'])
                .map_or(text.as_str(), |(_, a)| a);
            let (mut count, mut value) = (None, None);
            for part in after.split([',', ';', '/']) {
                if let Some(u) = super::units::unit_in(&format!("({})", part.trim())) {
                    match u.metric {
                        Metric::Count => count = count.or(Some(u.factor)),
                        Metric::Value => value = value.or(Some(u.factor)),
                    }
                }
            }
            if count.is_some() || value.is_some() {
                return Some((*number, text, count, value));
            }
        }
    }
    None
}

/// The title-block line that names the bank ("NGÂN HÀNG TMCP CÔNG THƯƠNG - CHI NHÁNH THANH
/// HÓA"): its row and text as written.
pub(super) fn bank_in_title(grid: &Grid, header_at: usize) -> Option<(usize, String)> {
    grid.rows[..header_at].iter().find_map(|(number, cells)| {
        cells.iter().find_map(|c| {
            let text = c.text();
            let folded = normalize(&text);
            ["ngan hang ", "nh tmcp ", "nhtm "]
                .iter()
                .any(|p| folded.starts_with(p))
                .then(|| (*number, text.trim().to_string()))
        })
    })
}

/// A cumulative period named in the title block ("LŨY KẾ TỪ THÁNG 1 ĐẾN THÁNG 5/2023", "5
/// tháng đầu năm 2023"): its row and text.
pub(super) fn cumulative_title(grid: &Grid, header_at: usize) -> Option<(usize, String)> {
    for (number, cells) in &grid.rows[..header_at] {
        for cell in cells.iter().filter(|c| !c.is_empty()) {
            let text = cell.text();
            let words = format!(" {} ", normalize(&text));
            let cumulative = [
                " luy ke ",
                " tu thang ",
                " thang dau nam ",
                " den thang ",
                " year to date ",
                " ytd ",
            ]
            .iter()
            .any(|w| words.contains(w));
            if cumulative {
                return Some((*number, text));
            }
        }
    }
    None
}
