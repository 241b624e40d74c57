//! The commands around files: `check` (the ledger of bank and agency reports), `forms` (the
//! data forms for the agencies) and `labels` (the words the reader knows).

use std::io::Write;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::text::{spreadsheet_safe, table};
use super::{read_options, reading_usage, regions, regions_usage, usage_error, write_line};
use super::{Arity, Command, Given, Opt, Outcome, READING};
use crate::error::{cannot_write, Result};
use crate::ingest::ledger::{Entry, Field, Ledger, Severity};
use crate::lang::{language, say};

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
    let head = say!(
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

fn check(given: &Given, out: &mut dyn Write) -> Outcome<u8> {
    if given.positional.is_empty() {
        return Err(usage_error(
            say!(
                "cần ít nhất một tệp".into(),
                "give at least one file".into(),
            )
            .to_string(),
        ));
    }
    let (paths, file_banks) = crate::ingest::bank_files(&given.positional);
    let options = crate::ingest::ReadOptions {
        regions: regions(given)?,
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
        // The ledger's own headings, the place (file[sheet]:row) in one column.
        let heading = |f: Field| f.heading(lang).to_lowercase();
        let header = [
            heading(Field::Severity),
            heading(Field::Check),
            lang.pick("vị trí", "where").to_string(),
            heading(Field::Column),
            heading(Field::Value),
            heading(Field::Message),
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
                    e.check_label(lang).to_string(),
                    place,
                    e.column.clone(),
                    e.value.clone(),
                    e.message.get(lang).to_string(),
                ]
            })
            .collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        write_line(out, "");
        write_line(out, &table(&header, &rows, &[]));
    }
    let info = ledger.count(Severity::Info);
    if info > 0 && !all {
        write_line(
            out,
            &say!(
                format!("\n({info} mục thông tin không in ra: dòng trống, dòng tổng, ghi chú; --all để in)"),
                format!("\n({info} info entries not shown: empty and total rows, notes; --all shows them)"),
            ).to_string(),
        );
    }
    if let Some(path) = given.path("rejected") {
        write_errors(&path, ledger)?;
        write_line(
            out,
            &say!(
                format!("\ncác lỗi (dòng bị loại) đã ghi vào {}", path.display()),
                format!("\nrejected rows written to {}", path.display()),
            )
            .to_string(),
        );
    }
    Ok(u8::from(ledger.count(Severity::Error) > 0))
}

/// The ledger's errors as CSV, its table's columns ([`Ledger::to_frame`]), every text cell
/// [`spreadsheet_safe`]: the file goes to a spreadsheet.
fn write_errors(path: &Path, ledger: &Ledger) -> Result<()> {
    let errors = Ledger {
        entries: ledger
            .entries
            .iter()
            .filter(|e| e.severity == Severity::Error)
            .cloned()
            .collect(),
        ..Default::default()
    };
    let frame = errors.to_frame()?;
    let columns: Vec<Column> = frame
        .columns()
        .iter()
        .map(|c| match c.str() {
            Ok(text) => text
                .iter()
                .map(|v| v.map(spreadsheet_safe))
                .collect::<StringChunked>()
                .with_name(c.name().clone())
                .into_column(),
            Err(_) => c.clone(),
        })
        .collect();
    let mut frame = DataFrame::new(frame.height(), columns)?;
    let mut file = std::fs::File::create(path).map_err(|e| cannot_write(path, &e))?;
    CsvWriter::new(&mut file)
        .finish(&mut frame)
        .map_err(|e| cannot_write(path, &e))
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
    let head = say!(
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

fn forms(given: &Given, out: &mut dyn Write) -> Outcome<u8> {
    let catalogue = crate::Catalogue::load(given.required("catalogue")?)?;
    let year = given.required_year("year")?;
    let regions = regions(given)?.ok_or_else(|| {
        usage_error(
            say!(
                "--regions TỆP|BẢN_ĐỒ hoặc --sample-regions: cần một trong hai".into(),
                "--regions FILE|MAP or --sample-regions: give one of them".into(),
            )
            .to_string(),
        )
    })?;
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
    say!(
        format!(
            "cách dùng: cashless labels [LOẠI]\n\ncác tên gọi mà bộ đọc hiểu, theo loại; LOẠI là một trong: {}",
            KINDS.join(", ")
        ),
        format!(
            "usage: cashless labels [KIND]\n\nthe labels the reader accepts, by kind; KIND is one of: {}",
            KINDS.join(", ")
        ),
    ).to_string()
}

fn labels(given: &Given, out: &mut dyn Write) -> Outcome<u8> {
    let only = match given.positional.as_slice() {
        [] => None,
        [kind] if KINDS.contains(&kind.as_str()) => Some(kind.as_str()),
        _ => {
            return Err(usage_error(
                say!(
                    format!("LOẠI là một trong: {}", KINDS.join(", ")),
                    format!("KIND is one of: {}", KINDS.join(", ")),
                )
                .to_string(),
            ))
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
