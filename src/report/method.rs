//! The data-quality section (the ingest ledger) and the method section (formulas, calendar,
//! cut-off, sources).

use crate::catalogue::Catalogue;
use crate::error::Result;
use crate::estimate::Estimate;
use crate::ingest::ledger::Field;
use crate::ingest::ledger::Severity;

use super::model::{Cell, Section, Table};
use super::scope::Scope;
use super::text::Lang;
use super::{ReportInput, ReportOptions};

pub(super) fn quality(input: &ReportInput, scope: &Scope, l: Lang) -> Result<Section> {
    let mut s = Section::new("quality", l.pick("Chất lượng số liệu", "Data quality"));
    // Who has not reported, before the ledger: it is what the branch chases first.
    if let Some((sentence, table)) = super::reporters::missing_banks(scope, l)? {
        s.paragraphs.push(sentence);
        s.tables.extend(table);
    }
    let Some(ledger) = &input.ledger else {
        s.paragraphs.push(if input.synthetic {
            l.pick(
                "Số liệu mẫu giả lập do phần mềm sinh ra: không có tệp nào được đọc.",
                "Built-in synthetic sample: no file was read.",
            )
            .into()
        } else {
            l.pick(
                "Số liệu được đưa vào dưới dạng bảng đã chuẩn hóa: không có sổ kiểm tra đầu vào.",
                "The data was given as a canonical table: there is no input ledger.",
            )
            .into()
        });
        return Ok(s);
    };
    s.paragraphs.push(format!(
        "{} {}.",
        l.pick("Sổ kiểm tra đầu vào:", "Input ledger:"),
        ledger
    ));
    let counts = [
        (l.pick("Dòng đọc", "Rows read"), ledger.rows_read),
        (l.pick("Dòng giữ lại", "Rows kept"), ledger.rows_kept),
        (
            l.pick("Dòng bị loại (lỗi)", "Rows rejected (errors)"),
            ledger.rows_rejected,
        ),
        (
            l.pick(
                "Dòng bỏ qua (trống, tổng, ghi chú)",
                "Rows skipped (empty, totals, notes)",
            ),
            ledger.rows_skipped,
        ),
        (
            l.pick("Bản ghi giao dịch", "Transaction records"),
            ledger.records,
        ),
        (l.pick("Lỗi", "Errors"), ledger.count(Severity::Error)),
        (
            l.pick("Cảnh báo", "Warnings"),
            ledger.count(Severity::Warning),
        ),
    ];
    s.tables.push(Table {
        sheet: l.pick("Chất lượng số liệu", "Data quality").into(),
        title: l.pick("Tóm tắt sổ kiểm tra", "Ledger summary").into(),
        columns: vec![l.pick("Mục", "Item").into(), l.pick("Số", "Number").into()],
        rows: counts
            .iter()
            .map(|(k, n)| vec![Cell::Text((*k).into()), Cell::Int(*n as i64)])
            .collect(),
    });
    // Errors and warnings grouped by check, with the first place each was found.
    let mut groups: Vec<(Severity, &str, usize, String)> = Vec::new();
    for e in ledger
        .entries
        .iter()
        .filter(|e| e.severity != Severity::Info)
    {
        match groups
            .iter_mut()
            .find(|g| g.0 == e.severity && g.1 == e.check)
        {
            Some(g) => g.2 += 1,
            None => groups.push((e.severity, e.check_label(l), 1, e.detail(l))),
        }
    }
    if !groups.is_empty() {
        s.tables.push(Table {
            sheet: l.pick("Lỗi và cảnh báo", "Errors and warnings").into(),
            title: l
                .pick(
                    "Lỗi và cảnh báo theo loại (toàn bộ ở trang Sổ kiểm tra)",
                    "Errors and warnings by check (all of them on the Ledger sheet)",
                )
                .into(),
            columns: vec![
                Field::Severity.heading(l).into(),
                Field::Check.heading(l).into(),
                l.pick("Số lần", "Count").into(),
                l.pick("Lần đầu", "First").into(),
            ],
            rows: groups
                .into_iter()
                .map(|(sev, check, n, first)| {
                    vec![
                        Cell::Text(sev.label(l).into()),
                        Cell::Text(check.into()),
                        Cell::Int(n as i64),
                        Cell::Text(first),
                    ]
                })
                .collect(),
        });
    }
    Ok(s)
}

pub(super) fn method(
    input: &ReportInput,
    catalogue: &Catalogue,
    scope: &Scope,
    options: &ReportOptions,
) -> Section {
    let l = options.lang;
    let mut s = Section::new("method", l.pick("Phương pháp", "Method"));
    let ys = catalogue.reporting.year_start;
    s.paragraphs.push(format!(
        "{} {:02}/{:02}; {} {}: {} – {}.",
        l.pick("Năm báo cáo bắt đầu ngày", "The reporting year starts on"),
        ys.day,
        ys.month,
        l.pick("năm", "year"),
        options.year,
        l.date(scope.year_from),
        l.date(scope.year_to)
    ));
    s.paragraphs.push(format!(
        "{}: {}{}.",
        l.pick("Số liệu đến ngày", "Data cut-off"),
        l.date(scope.cut_off),
        if options.as_of.is_some() {
            l.pick(
                " (theo yêu cầu; các tháng sau đó không được tính)",
                " (as asked; later months are left out)",
            )
        } else {
            l.pick(
                " (tháng cuối cùng có số liệu)",
                " (the last month with data)",
            )
        }
    ));
    if let Some(p) = estimate_method(scope, l, options.year) {
        s.paragraphs.push(p);
    }
    let approximations: Vec<_> = scope
        .maps
        .approximations_in(&scope.unit, input.regions.as_ref(), scope.unit_level)
        .collect();
    s.paragraphs
        .extend(scope.maps.moved(&scope.unit_name, &approximations, l));
    s.paragraphs.push(format!(
        "{}: {}. {}",
        l.pick("Nguồn số liệu", "Data"),
        if input.synthetic {
            l.pick("số liệu mẫu GIẢ LẬP do phần mềm sinh ra (không phải số liệu thật)", "the library's SYNTHETIC sample (not real figures)").to_string()
        } else {
            input.sources.join(", ")
        },
        l.pick(
            "Số lượng tính bằng món, giá trị bằng đồng (làm tròn tỷ đồng khi in); tổng khớp đến từng đơn vị.",
            "Counts are món and values đồng (printed in VND billions); totals reconcile to the unit."
        )
    ));
    s.paragraphs.push(format!(
        "{} {} ({}, {}); {} {}–{}. {} cashless {}.",
        l.pick("Chỉ tiêu:", "Targets:"),
        catalogue.document.number,
        catalogue.id,
        catalogue.document.issuer,
        l.pick("giai đoạn", "stage"),
        catalogue.stage.start,
        catalogue.stage.end,
        l.pick("Tính bằng phần mềm", "Computed with"),
        crate::version()
    ));
    let rows = [
        (l.pick("Tăng trưởng so với năm trước", "Year-on-year growth"), "X_t / X_(t-1) − 1", l.pick("thiếu năm t−1 (không nối qua năm trống), năm t−1 bằng 0, hoặc một trong hai năm chưa đủ tháng", "year t−1 absent (a gap is never bridged), zero, or either year partial")),
        (l.pick("Bình quân giai đoạn (nhân)", "Stage average (geometric)"), l.pick("(X_cuối / X_gốc)^(1/n) − 1; năm gốc: năm trước năm đầu giai đoạn", "(X_end / X_base)^(1/n) − 1; base: the year before the stage starts"), l.pick("thiếu năm gốc hoặc năm gốc chưa đủ tháng; giai đoạn đang thực hiện tính đến năm đủ tháng cuối cùng và ghi n", "base year absent or partial; a stage under way runs to the last full year and states n")),
        (l.pick("Tăng trưởng cùng kỳ", "Same-period growth"), l.pick("tháng 1..m năm t / tháng 1..m năm t−1 − 1", "months 1..m of t / months 1..m of t−1 − 1"), l.pick("thiếu một tháng ở một trong hai năm", "any of those months missing in either year")),
        (l.pick("Tốc độ cần đạt mỗi năm còn lại", "Growth required each remaining year"), l.pick("((1 + a)^n / Π(1 + g_i))^(1/k) − 1; a: mức thấp nhất của mục tiêu, n: số năm của giai đoạn, g_i: tốc độ tăng các năm đã qua, k: số năm còn lại", "((1 + a)^n / Π(1 + g_i))^(1/k) − 1; a: the target's lower bound, n: the stage's years, g_i: the growth of the years past, k: the years remaining"), "—"),
        (l.pick("Tỷ lệ", "Share"), l.pick("tử số / mẫu số của năm đánh giá", "numerator / denominator of the year judged"), l.pick("thiếu một trong hai chỉ số", "either indicator missing")),
    ];
    s.tables.push(Table {
        sheet: l.pick("Phương pháp", "Method").into(),
        title: l.pick("Công thức tính", "Formulas").into(),
        columns: vec![
            l.pick("Chỉ số", "Figure").into(),
            l.pick("Công thức", "Formula").into(),
            l.pick("Để trống khi", "Left empty when").into(),
        ],
        rows: rows
            .iter()
            .map(|(a, b, c)| {
                vec![
                    Cell::Text((*a).into()),
                    Cell::Text((*b).into()),
                    Cell::Text((*c).into()),
                ]
            })
            .collect(),
    });
    s.paragraphs.push(
        l.pick(
            "Đánh giá: giai đoạn đã kết thúc — vượt / đạt / không đạt; giai đoạn đang thực hiện — nếu đã đạt mức mục tiêu thì là đạt, nếu chưa thì lấy tốc độ tăng bình quân đã đạt từ năm gốc chia cho tốc độ tăng đều từ năm gốc để đạt mục tiêu vào năm cuối giai đoạn (với chỉ tiêu tăng trưởng là cận dưới của khoảng mục tiêu): ≥ 0,95 đúng tiến độ, 0,60–0,95 cần tăng tốc, 0–0,60 tiến triển hạn chế, < 0 giảm sút (phương pháp đo tiến độ của Eurostat và Open SDG). Tốc độ còn cần đạt mỗi năm còn lại được ghi riêng. Năm cuối giai đoạn chưa đủ tháng: đánh giá kết quả trên số ước thực hiện cả năm, ghi “(ước)”; không ước tính thì chưa đánh giá được, không xếp tiến độ. Chỉ tiêu tăng hằng năm ở từng xã: xã nào có một năm không tăng là không đạt; huyện đạt khi mọi xã đều tăng hằng năm; xã không có số liệu ghi là chưa đánh giá được.",
            "Statuses: a finished stage is exceeded / met / below; a stage under way is met once the target level is reached, and otherwise judged by the average growth achieved since the base year over the constant growth from the base year that reaches the target in the end year (for a growth range, its lower bound): ≥ 0.95 on track, 0.60–0.95 acceleration needed, 0–0.60 limited progress, < 0 deterioration (the progress measure of Eurostat and Open SDG). The growth still required in each remaining year is shown apart. When the stage's last year is only partly in the data, the result is judged on the estimated full year and marked “(estimated)”; without an estimate it is not evaluable and gets no progress status. Rising every year in every commune: a commune that did not rise in one year is below; the district meets the target when every commune rose every year; a commune without figures is not evaluable.",
        )
        .into(),
    );
    s
}

/// The estimate's formula and its months, when the report year was estimated.
fn estimate_method(scope: &Scope, l: Lang, year: i32) -> Option<String> {
    let f = &scope.figures;
    if f.estimated.is_empty() {
        return None;
    }
    let m = f.months;
    let (formula, how) = match f.estimate {
        Estimate::SamePeriod => (
            format!(
                "X̂_{year} = X_{} × X_{year}(1..{m}) / X_{}(1..{m})",
                year - 1,
                year - 1
            ),
            l.pick("theo cùng kỳ", "by the same period"),
        ),
        Estimate::RunRate => (
            format!("X̂_{year} = X_{year}(1..{m}) × 12 / {m}"),
            l.pick(
                "theo bình quân tháng (không tính yếu tố mùa vụ)",
                "by the run rate (seasonality not taken into account)",
            ),
        ),
        Estimate::None => return None,
    };
    Some(match l {
        Lang::Vi => format!(
            "Ước thực hiện cả năm {year} {how}: {formula}, trong đó (1..{m}) là {m} tháng đầu \
             năm báo cáo có số liệu (tháng thiếu được trừ ra ở cả hai năm); làm tròn đến món, \
             đồng. Tăng trưởng năm {year} và bình quân giai đoạn tính trên số ước này; kết quả \
             đánh giá ghi “(ước)”."
        ),
        Lang::En => format!(
            "Full year {year} estimated {how}: {formula}, where (1..{m}) are the {m} months of \
             the reporting year in the data (a missing month is left out of both years); \
             rounded to whole transactions and đồng. Growth in {year} and the stage averages \
             use the estimate; their verdicts are marked “(estimated)”."
        ),
    })
}

/// The terms and abbreviations the report uses, with their meaning: the library's glossary
/// and the plan's own (`[[glossary]]` in its catalogue; the plan's wins where both define a
/// term), each listed once, when the report's text (`title`, every paragraph and cell) uses it.
pub(super) fn glossary(
    title: &str,
    sections: &[Section],
    catalogue: &Catalogue,
    l: Lang,
) -> Option<Table> {
    let mut text = String::from(title);
    for s in sections {
        for p in &s.paragraphs {
            text.push('\n');
            text.push_str(p);
        }
        for t in &s.tables {
            for cell in t
                .columns
                .iter()
                .cloned()
                .chain(t.rows.iter().flatten().map(|c| c.display(l)))
            {
                text.push('\n');
                text.push_str(&cell);
            }
        }
    }
    let terms = crate::glossary::with(&catalogue.glossary);
    let used = crate::glossary::used(&terms, &text, l);
    (!used.is_empty()).then(|| Table {
        sheet: l.pick("Thuật ngữ", "Terms").into(),
        title: l
            .pick("Từ viết tắt và thuật ngữ", "Abbreviations and terms")
            .into(),
        columns: vec![
            l.pick("Từ", "Term").into(),
            l.pick("Nghĩa", "Meaning").into(),
        ],
        rows: used
            .iter()
            .map(|t| {
                vec![
                    Cell::Text(t.term(l).into()),
                    Cell::Text(t.meaning(l).into()),
                ]
            })
            .collect(),
    })
}
