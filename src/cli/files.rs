//! The commands around files: `check` (the ledger of bank and agency reports), `forms` (the
//! data forms for the agencies) and `labels` (the words the reader knows).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::text::{spreadsheet_safe, table};
use super::{read_options, reading_usage, regions_usage, usage_error, write_line};
use super::{Arity, Command, Given, Opt, READING};
use crate::error::Result;
use crate::ingest::ledger::{Entry, Severity};
use crate::lang::{language, say};
use crate::report::cannot_write;

pub(super) const CHECK: Command = Command {
    name: "check",
    options: &[&CHECK_OPTIONS, &READING],
    positional: true,
    usage: check_usage,
    run: check,
};

const CHECK_OPTIONS: [Opt; 6] = [
    Opt("regions", Arity::One),
    Opt("sample-regions", Arity::Flag),
    Opt("region", Arity::One),
    Opt("rejected", Arity::One),
    Opt("all", Arity::Flag),
    Opt("quiet", Arity::Flag),
];

fn check_usage() -> String {
    let head = say(
        "cách dùng: cashless check [NH=]TỆP... [--regions TỆP|BẢN_ĐỒ | --sample-regions]
       [--region MÃ] [--rejected RA.csv] [--all] [--quiet] [cách đọc tệp]

đọc các báo cáo của ngân hàng và cơ quan như khi nhận được (CSV, Excel, Parquet; dạng dọc hoặc
ngang; số và đơn vị kiểu Việt Nam) và in sổ kiểm tra: số dòng đã đọc, giữ, loại, bỏ qua, và
từng lỗi, cảnh báo với tệp, trang tính, dòng, cột và giá trị. Trả về 1 khi có lỗi.
  [NH=]TỆP...           các tệp .csv, .xlsx, .parquet; NH01=TỆP cho biết ngân hàng của tệp
  --sample-regions      bảng đơn vị hành chính của bộ số liệu mẫu
  --region MÃ           đơn vị của mọi dòng, với tệp không có cột đơn vị
  --rejected RA.csv     ghi các lỗi (các dòng bị loại) vào tệp này
  --all                 in cả các mục thông tin
  --quiet               không in tiến trình đọc"
            .into(),
        "usage: cashless check [BANK=]FILE... [--regions FILE|MAP | --sample-regions]
       [--region CODE] [--rejected OUT.csv] [--all] [--quiet] [reading options]

reads bank and agency reports as they arrive (CSV, Excel, Parquet; long or wide; Vietnamese
numbers and units) and prints the ledger: rows read, kept, rejected and skipped, and every
error and warning with its file, sheet, row, column and value. Exits with 1 on any error.
  [BANK=]FILE...        .csv, .xlsx or .parquet files; NH01=FILE gives a file its bank
  --sample-regions      the sample's region table
  --region CODE         the region of every row, for files without one
  --rejected OUT.csv    write the errors (rejected rows) here
  --all                 also list info entries
  --quiet               no progress lines on standard error"
            .into(),
    );
    format!("{head}\n{}\n{}", regions_usage(), reading_usage())
}

fn check(given: &Given, out: &mut dyn Write) -> Result<u8> {
    if given.positional.is_empty() {
        return Err(usage_error(say(
            "--: cần ít nhất một tệp".into(),
            "--: give at least one file".into(),
        )));
    }
    let regions = match (given.one("regions"), given.flag("sample-regions")) {
        (Some(_), true) => {
            return Err(usage_error(say(
                "--regions hoặc --sample-regions, không dùng cả hai".into(),
                "--regions or --sample-regions, not both".into(),
            )))
        }
        (Some(spec), false) => Some(crate::maps::load(spec)?),
        (None, true) => Some(crate::sample::sample_regions()),
        (None, false) => None,
    };
    let (paths, file_banks) = crate::ingest::bank_files(&given.positional);
    let options = crate::ingest::ReadOptions {
        regions,
        file_banks,
        region: given.one("region").map(String::from),
        keep_going: true,
        progress: !given.flag("quiet"),
        ..read_options(given)?
    };
    let read = crate::ingest::read_paths(&paths, &options)?;
    let ledger = &read.ledger;
    write_line(out, &ledger.to_string());
    let all = given.flag("all");
    let shown: Vec<&Entry> = ledger
        .entries
        .iter()
        .filter(|e| all || e.severity != Severity::Info)
        .collect();
    if !shown.is_empty() {
        let lang = language();
        let header = [
            lang.pick("mức độ", "severity"),
            lang.pick("kiểm tra", "check"),
            lang.pick("vị trí", "where"),
            lang.pick("cột", "column"),
            lang.pick("giá trị", "value"),
            lang.pick("nội dung", "message"),
        ];
        let rows: Vec<Vec<String>> = shown
            .iter()
            .map(|e| {
                let mut place = Path::new(&e.source)
                    .file_name()
                    .map_or(e.source.clone(), |n| n.to_string_lossy().into_owned());
                if let Some(sheet) = &e.sheet {
                    place.push_str(&format!("[{sheet}]"));
                }
                if let Some(row) = e.row {
                    place.push_str(&format!(":{row}"));
                }
                vec![
                    e.severity.label(lang).to_lowercase(),
                    e.check.to_string(),
                    place,
                    e.column.clone(),
                    e.value.clone(),
                    e.message.clone(),
                ]
            })
            .collect();
        write_line(out, "");
        write_line(out, &table(&header, &rows, &[]));
    }
    let info = ledger.count(Severity::Info);
    if info > 0 && !all {
        write_line(
            out,
            &say(
                format!("\n({info} mục thông tin không in ra: dòng trống, dòng tổng, ghi chú; --all để in)"),
                format!("\n({info} info entries not shown: empty and total rows, notes; --all shows them)"),
            ),
        );
    }
    if let Some(path) = given.path("rejected") {
        write_rejected(
            &path,
            ledger
                .entries
                .iter()
                .filter(|e| e.severity == Severity::Error),
        )?;
        write_line(
            out,
            &say(
                format!("\ncác lỗi (dòng bị loại) đã ghi vào {}", path.display()),
                format!("\nrejected rows written to {}", path.display()),
            ),
        );
    }
    Ok(u8::from(ledger.count(Severity::Error) > 0))
}

/// The errors as CSV, every text cell [`spreadsheet_safe`]: the file goes to a spreadsheet.
fn write_rejected<'a>(path: &Path, errors: impl Iterator<Item = &'a Entry>) -> Result<()> {
    let cannot = |e: &dyn std::fmt::Display| cannot_write(path, e);
    let mut w = csv::Writer::from_path(path).map_err(|e| cannot(&e))?;
    let header = [
        "severity", "check", "source", "sheet", "row", "column", "value", "message",
    ];
    w.write_record(header).map_err(|e| cannot(&e))?;
    for e in errors {
        let row = e.row.map(|r| r.to_string()).unwrap_or_default();
        let sheet = e.sheet.as_deref().map(spreadsheet_safe).unwrap_or_default();
        w.write_record([
            e.severity.name().to_string(),
            spreadsheet_safe(&e.check),
            spreadsheet_safe(&e.source),
            sheet,
            row,
            spreadsheet_safe(&e.column),
            spreadsheet_safe(&e.value),
            spreadsheet_safe(&e.message),
        ])
        .map_err(|e| cannot(&e))?;
    }
    w.flush().map_err(|e| cannot(&e))
}

pub(super) const FORMS: Command = Command {
    name: "forms",
    options: &[&[
        Opt("catalogue", Arity::One),
        Opt("year", Arity::One),
        Opt("regions", Arity::One),
        Opt("sample-regions", Arity::Flag),
        Opt("region", Arity::One),
        Opt("out", Arity::One),
    ]],
    positional: false,
    usage: forms_usage,
    run: forms,
};

fn forms_usage() -> String {
    let head = say(
        "cách dùng: cashless forms --catalogue MÃ|TỆP --year NĂM (--regions TỆP|BẢN_ĐỒ | --sample-regions)
       [--region MÃ] [--out THƯ_MỤC]

biểu thu thập số liệu gửi các cơ quan mà kế hoạch giao, mỗi cơ quan một tệp Excel:
  --catalogue MÃ|TỆP    kế hoạch: mã dựng sẵn hoặc tệp TOML
  --year NĂM            năm cuối cần số liệu
  --sample-regions      bảng đơn vị hành chính của bộ số liệu mẫu
  --region MÃ           chỉ các đơn vị thuộc đơn vị này
  --out THƯ_MỤC         nơi ghi (mặc định: thư mục hiện tại)"
            .into(),
        "usage: cashless forms --catalogue ID|PATH --year YEAR (--regions FILE|MAP | --sample-regions)
       [--region CODE] [--out DIR]

the data forms for the agencies the plan names, one workbook each:
  --catalogue ID|PATH   the plan: a built-in id or a TOML file
  --year YEAR           the last year asked for
  --sample-regions      the sample's region table
  --region CODE         only the units inside this one
  --out DIR             where to write (default: here)"
            .into(),
    );
    format!("{head}\n{}", regions_usage())
}

fn forms(given: &Given, out: &mut dyn Write) -> Result<u8> {
    let catalogue = crate::Catalogue::load(given.required("catalogue")?)?;
    let year = given
        .year("year")?
        .ok_or_else(|| usage_error(say("cần --year".into(), "--year is required".into())))?;
    let regions = match (given.one("regions"), given.flag("sample-regions")) {
        (Some(spec), false) => crate::maps::load(spec)?,
        (None, true) => crate::sample::sample_regions(),
        _ => {
            return Err(usage_error(say(
                "--regions TỆP|BẢN_ĐỒ hoặc --sample-regions: cần một trong hai".into(),
                "--regions FILE|MAP or --sample-regions: give one of them".into(),
            )))
        }
    };
    let dir = given.path("out").unwrap_or_else(|| PathBuf::from("."));
    let forms = crate::forms::agency_forms(&catalogue, year, &regions, given.one("region"))?;
    std::fs::create_dir_all(&dir).map_err(|e| cannot_write(&dir, &e))?;
    for form in forms {
        let path = dir.join(&form.file_name);
        std::fs::write(&path, &form.bytes).map_err(|e| cannot_write(&path, &e))?;
        write_line(out, &path.display().to_string());
    }
    Ok(0)
}

pub(super) const LABELS: Command = Command {
    name: "labels",
    options: &[],
    positional: true,
    usage: labels_usage,
    run: labels,
};

/// The kinds of label, as [`crate::ingest::labels::labels`] names them.
const KINDS: [&str; 8] = [
    "channel",
    "refused",
    "column",
    "measure",
    "unit",
    "region_kind",
    "indicator",
    "period",
];

fn labels_usage() -> String {
    say(
        format!(
            "cách dùng: cashless labels [LOẠI]\n\ncác tên gọi mà bộ đọc hiểu, theo loại; LOẠI là một trong: {}",
            KINDS.join(", ")
        ),
        format!(
            "usage: cashless labels [KIND]\n\nthe labels the reader accepts, by kind; KIND is one of: {}",
            KINDS.join(", ")
        ),
    )
}

fn labels(given: &Given, out: &mut dyn Write) -> Result<u8> {
    let only = match given.positional.as_slice() {
        [] => None,
        [kind] if KINDS.contains(&kind.as_str()) => Some(kind.as_str()),
        _ => {
            return Err(usage_error(say(
                format!("--: LOẠI là một trong: {}", KINDS.join(", ")),
                format!("--: KIND is one of: {}", KINDS.join(", ")),
            )))
        }
    };
    let frame = crate::ingest::labels::labels()?;
    let text = |name: &str| -> Result<Vec<Option<String>>> {
        Ok(frame
            .column(name)?
            .str()?
            .iter()
            .map(|v| v.map(String::from))
            .collect())
    };
    let (kinds, words, means) = (text("kind")?, text("label")?, text("means")?);
    let mut current: Option<&str> = None;
    for ((kind, label), meaning) in kinds.iter().zip(&words).zip(&means) {
        let kind = kind.as_deref().unwrap_or_default();
        if only.is_some_and(|k| k != kind) {
            continue;
        }
        if current != Some(kind) {
            if current.is_some() {
                write_line(out, "");
            }
            write_line(
                out,
                &format!("{kind}\n{}", "-".repeat(kind.chars().count())),
            );
            current = Some(kind);
        }
        let (label, meaning) = (
            label.as_deref().unwrap_or(""),
            meaning.as_deref().unwrap_or(""),
        );
        write_line(
            out,
            &super::text::inert(&format!("  {label}  →  {meaning}")),
        );
    }
    Ok(0)
}
