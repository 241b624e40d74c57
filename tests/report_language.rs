//! A report's notes are in the report's language, whatever language the process speaks
//! (issue 22): the growth notes, the verdicts' notes, the clauses and the plan's own remarks.
//! One test, since it sets the process's language, which every test of a binary shares.

use cashless::lang::{language, set_language};
use cashless::report::{report, Cell, Lang, Report, ReportInput, ReportOptions};
use cashless::Catalogue;

fn sample_report(lang: Lang) -> Report {
    let input = ReportInput::sample().unwrap();
    let catalogue = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let options = ReportOptions {
        year: 2025,
        as_of: Some((2025, 10, 31)),
        lang,
        ..Default::default()
    };
    report(&input, &catalogue, &options).unwrap()
}

/// Every text of the column `header` in the tables of section `id`.
fn column(r: &Report, id: &str, header: &str) -> Vec<String> {
    let mut out = Vec::new();
    for t in &r.section(id).unwrap().tables {
        if let Some(k) = t.columns.iter().position(|c| c == header) {
            for row in &t.rows {
                if let Cell::Text(s) = &row[k] {
                    out.push(s.clone());
                }
            }
        }
    }
    out
}

#[test]
fn the_notes_speak_the_reports_language() {
    // Vietnamese report, English process.
    set_language(Lang::En);
    let vi = sample_report(Lang::Vi);
    assert_eq!(language(), Lang::En, "the process keeps its language");
    let growth = column(&vi, "channels", "Ghi chú");
    assert!(!growth.is_empty());
    assert!(
        growth
            .iter()
            .all(|n| n == "2025: ước tính theo cùng kỳ, 11 tháng"),
        "{growth:?}"
    );
    let notes = column(&vi, "targets", "Ghi chú");
    let clauses = column(&vi, "targets", "Điều khoản");
    assert!(clauses.contains(&"106/KH-UBND II.2.a; Phụ lục, dòng 3".to_string()));
    // The plan's remark on its own contradiction, from the catalogue's `note_vi`.
    assert!(
        notes.iter().any(|n| n.contains(
            "cách đọc khác (Phụ lục, dòng 14, ≥ 80 %): Không đạt; Văn bản không thống nhất: \
             phần nội dung (II.2 điểm đ) yêu cầu 50% doanh thu tiền nước"
        )),
        "{notes:#?}"
    );
    let english = [
        "the ",
        " of ",
        "estimated",
        "appendix",
        "stage",
        "average",
        "months",
        "partial",
        "no data",
        "a year",
        "needed",
        "conflicting",
        "reading",
        "body text",
        "region",
    ];
    for text in notes.iter().chain(&clauses).chain(&growth) {
        for word in english {
            assert!(!text.contains(word), "{word:?} in {text:?}");
        }
    }

    // English report, Vietnamese process.
    set_language(Lang::Vi);
    let en = sample_report(Lang::En);
    assert_eq!(language(), Lang::Vi);
    let growth = column(&en, "channels", "Note");
    assert!(
        growth
            .iter()
            .all(|n| n == "2025: estimated by the same period, 11 months"),
        "{growth:?}"
    );
    let notes = column(&en, "targets", "Note");
    let clauses = column(&en, "targets", "Clause");
    assert!(clauses.contains(&"106/KH-UBND II.2.a; appendix row 3".to_string()));
    assert!(notes.iter().any(|n| n.contains(
        "conflicting reading (appendix row 14, ≥ 80 %): Below; The document contradicts itself"
    )));
    let vietnamese = [
        "năm",
        "tháng",
        "ước tính",
        "Phụ lục",
        "không",
        "của",
        "đơn vị",
    ];
    for text in notes.iter().chain(&clauses).chain(&growth) {
        for word in vietnamese {
            assert!(!text.contains(word), "{word:?} in {text:?}");
        }
    }
    set_language(Lang::En);
}
