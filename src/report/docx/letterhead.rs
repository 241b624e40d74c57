//! The letterhead's parts of the Word report, as Decree 30/2020/NĐ-CP lays them out: the
//! issuing body beside the national motto, number and symbol, place and date, "Nơi nhận" and
//! the signer; a bracketed mark for whatever the branch's letterhead file leaves out.

use docx_rs::{Paragraph, Table as DocTable, TableRow, WidthType};

use super::{centred, plain_cell, run, BODY, SMALL, TABLE, TEXT_WIDTH};
use crate::error::Result;
use crate::report::text::Lang;
use crate::report::Letterhead;

/// Text placeholders for what the letterhead leaves out, in the reader's language.
pub(super) fn or_mark(v: Option<&str>, l: Lang, vi: &str, en: &str) -> String {
    v.map_or_else(|| format!("[{}]", l.pick(vi, en)), str::to_string)
}

/// "Thanh Hóa, ngày 05 tháng 12 năm 2025", or the blanks to fill in.
pub(super) fn place_and_date(lh: &Letterhead, l: Lang) -> Result<String> {
    let place = or_mark(lh.place.as_deref(), l, "Địa danh", "Place");
    Ok(
        match lh
            .date
            .as_deref()
            .map(crate::calendar::parse_day)
            .transpose()?
        {
            // The decree writes a zero before days under 10 and months 1 and 2 only.
            Some((y, m, d)) => match l {
                Lang::Vi if m <= 2 => format!("{place}, ngày {d:02} tháng {m:02} năm {y}"),
                Lang::Vi => format!("{place}, ngày {d:02} tháng {m} năm {y}"),
                Lang::En => format!("{place}, {y}-{m:02}-{d:02}"),
            },
            None => match l {
                Lang::Vi => format!("{place}, ngày … tháng … năm …"),
                Lang::En => format!("{place}, date …"),
            },
        },
    )
}

pub(super) fn number_and_symbol(lh: &Letterhead, l: Lang) -> String {
    format!(
        "{}: {}/{}",
        l.pick("Số", "No."),
        lh.number.as_deref().unwrap_or("…"),
        lh.symbol.as_deref().unwrap_or("BC-…")
    )
}

/// The issuer and the national motto, side by side, without borders.
pub(super) fn masthead(lh: &Letterhead, l: Lang) -> Result<DocTable> {
    let left = vec![
        centred(
            run(&or_mark(
                lh.parent_body.as_deref(),
                l,
                "CƠ QUAN CHỦ QUẢN",
                "PARENT BODY",
            ))
            .size(SMALL),
        ),
        centred(
            run(&or_mark(
                lh.issuing_body.as_deref(),
                l,
                "TÊN CƠ QUAN BAN HÀNH",
                "ISSUING BODY",
            ))
            .size(SMALL)
            .bold(),
        ),
        centred(run("———").size(SMALL)),
        centred(run(&number_and_symbol(lh, l)).size(BODY)),
    ];
    let right = vec![
        centred(
            run(l.pick(
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "SOCIALIST REPUBLIC OF VIET NAM",
            ))
            .size(SMALL)
            .bold(),
        ),
        centred(
            run(l.pick(
                "Độc lập - Tự do - Hạnh phúc",
                "Independence - Freedom - Happiness",
            ))
            .size(BODY)
            .bold(),
        ),
        centred(run("———————").size(SMALL)),
        centred(run(&place_and_date(lh, l)?).size(BODY).italic()),
    ];
    let w = TEXT_WIDTH * 2 / 5;
    Ok(DocTable::without_borders(vec![TableRow::new(vec![
        plain_cell(left, w),
        plain_cell(right, TEXT_WIDTH - w),
    ])])
    .set_grid(vec![w, TEXT_WIDTH - w])
    .width(TEXT_WIDTH, WidthType::Dxa))
}

pub(super) fn issuer(lh: &Letterhead, l: Lang) -> String {
    or_mark(
        lh.issuing_body.as_deref(),
        l,
        "Tên cơ quan ban hành",
        "Issuing body",
    )
}

/// Nơi nhận on the left, the signer on the right.
pub(super) fn signature(lh: &Letterhead, l: Lang) -> DocTable {
    let mut left = vec![Paragraph::new().add_run(
        run(l.pick("Nơi nhận:", "Copies to:"))
            .bold()
            .italic()
            .size(SMALL),
    )];
    let copies = if lh.copies.is_empty() {
        vec![
            l.pick("Như trên", "As above").to_string(),
            l.pick("Lưu: VT", "File").to_string(),
        ]
    } else {
        lh.copies.clone()
    };
    let last = copies.len().saturating_sub(1);
    for (i, c) in copies.iter().enumerate() {
        let end = if i == last { "." } else { ";" };
        left.push(Paragraph::new().add_run(run(&format!("- {c}{end}")).size(TABLE)));
    }
    let mut right = Vec::new();
    if let Some(a) = &lh.authority {
        right.push(centred(run(a).bold()));
    }
    right.push(centred(
        run(&or_mark(
            lh.signer_title.as_deref(),
            l,
            "CHỨC VỤ NGƯỜI KÝ",
            "SIGNER'S TITLE",
        ))
        .bold(),
    ));
    for _ in 0..4 {
        right.push(Paragraph::new());
    }
    right.push(centred(
        run(&or_mark(lh.signer_name.as_deref(), l, "Họ và tên", "Name")).bold(),
    ));
    let w = TEXT_WIDTH / 2;
    DocTable::without_borders(vec![TableRow::new(vec![
        plain_cell(left, w),
        plain_cell(right, TEXT_WIDTH - w),
    ])])
    .set_grid(vec![w, TEXT_WIDTH - w])
    .width(TEXT_WIDTH, WidthType::Dxa)
}
