//! The `cashless` command: one program, run by the crate's binary and by the Python console
//! script alike, so that both have the same arguments, help, output and errors.
//!
//! ```text
//! cashless growth  (--sample | --data FILE...)   yearly growth per channel, the stage average
//! cashless targets (--sample | --data FILE...) --catalogue ID|PATH   a verdict on every target
//! cashless report  (--sample | --data FILE...) --catalogue ID|PATH --year 2025   the report
//! cashless check FILE...                          the ledger of bank and agency files
//! cashless forms --catalogue ID|PATH --year 2025  the data forms for the agencies
//! cashless labels [KIND]                          the labels the reader accepts
//! ```
//!
//! `--lang vi|en`, with any command, is the language of everything it prints and writes;
//! without it, the language of messages ([`crate::lang::language`]), and Vietnamese reports.
//!
//! ```
//! let mut out = Vec::new();
//! let mut err = Vec::new();
//! let args = ["labels", "unit", "--lang", "en"].map(String::from);
//! assert_eq!(cashless::cli::run(&args, &mut out, &mut err), 0);
//! assert!(String::from_utf8(out).unwrap().contains("  trieu dong  →  1000000 đồng"));
//! ```

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::lang::{in_language, language, say, Lang};

mod figures;
mod files;
mod report;
pub mod text;

/// Whether an option takes no value, one, or every value up to the next option.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Arity {
    Flag,
    One,
    Many,
}

/// An option a command takes.
struct Opt(&'static str, Arity);

/// A subcommand: its options, its usage in both languages, and what it does.
struct Command {
    name: &'static str,
    /// Its options, in groups ([`READING`] is one, shared).
    options: &'static [&'static [Opt]],
    /// Whether it takes files as positional arguments (`check`) or one kind (`labels`).
    positional: bool,
    usage: fn() -> String,
    run: fn(&Given, &mut dyn Write) -> Result<u8>,
}

const LANG: Opt = Opt("lang", Arity::One);

const COMMANDS: [Command; 6] = [
    figures::GROWTH,
    figures::TARGETS,
    report::REPORT,
    files::CHECK,
    files::FORMS,
    files::LABELS,
];

/// The options given to a command, by name.
#[derive(Default)]
struct Given {
    values: BTreeMap<&'static str, Vec<String>>,
    positional: Vec<String>,
}

impl Given {
    fn flag(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    fn one(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    fn many(&self, name: &str) -> &[String] {
        self.values.get(name).map_or(&[], Vec::as_slice)
    }

    fn path(&self, name: &str) -> Option<PathBuf> {
        self.one(name).map(PathBuf::from)
    }

    /// An option's value read as a `T`, with the type's own error.
    fn parsed<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>>
    where
        Error: From<T::Err>,
    {
        Ok(self.one(name).map(str::parse).transpose()?)
    }

    /// An option's value read as a year (or any whole number).
    fn year(&self, name: &str) -> Result<Option<i32>> {
        self.one(name)
            .map(|v| {
                v.parse::<i32>().map_err(|_| {
                    usage_error(say(
                        format!("--{name} {v:?}: cần một số nguyên (ví dụ 2025)"),
                        format!("--{name} {v:?}: expected a whole number (such as 2025)"),
                    ))
                })
            })
            .transpose()
    }

    fn required(&self, name: &str) -> Result<&str> {
        self.one(name).ok_or_else(|| {
            usage_error(say(
                format!("cần --{name}"),
                format!("--{name} is required"),
            ))
        })
    }
}

/// A command line that cannot be run as given: exit status 2, with the command's usage.
fn usage_error(message: String) -> Error {
    Error::InvalidArgument(message)
}

/// Runs `cashless ARGS...` (without the program's name), printing to `out` and, for errors,
/// to `err`. The exit status: 0 done, 1 a library error or (for `check`) rows with errors, 2 a
/// command line that cannot be run.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    // `--lang` is the language of the whole command, its errors about the command line too.
    let lang = args
        .iter()
        .position(|a| a == "--lang")
        .and_then(|i| args.get(i + 1))
        .or_else(|| {
            args.iter()
                .find_map(|a| a.strip_prefix("--lang=").map(|_| a))
        })
        .map(|v| v.trim_start_matches("--lang=").parse::<Lang>());
    let lang = match lang {
        Some(Ok(l)) => l,
        Some(Err(e)) => return fail(err, &e.into(), 2, ""),
        None => language(),
    };
    in_language(lang, || dispatch(args, out, err))
}

fn dispatch(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some(first) = args.first().map(String::as_str) else {
        let _ = writeln!(err, "{}", overview());
        return 2;
    };
    match first {
        "-h" | "--help" => {
            let _ = writeln!(out, "{}", overview());
            return 0;
        }
        "-V" | "--version" => {
            let _ = writeln!(out, "cashless {}", crate::version());
            return 0;
        }
        _ => {}
    }
    let Some(command) = COMMANDS.iter().find(|c| c.name == first) else {
        let message = say(
            format!("không có lệnh {first:?}"),
            format!("no command {first:?}"),
        );
        return fail(err, &usage_error(message), 2, &overview());
    };
    if args[1..].iter().any(|a| a == "-h" || a == "--help") {
        let _ = writeln!(out, "{}", (command.usage)());
        return 0;
    }
    let given = match parse(command, &args[1..]) {
        Ok(g) => g,
        Err(e) => return fail(err, &e, 2, &(command.usage)()),
    };
    match (command.run)(&given, out) {
        Ok(status) => status,
        Err(e @ Error::InvalidArgument(_)) if is_usage(&e) => fail(err, &e, 2, &(command.usage)()),
        Err(e) => fail(err, &e, 1, ""),
    }
}

/// Errors about the command line name an option; they are shown with the usage.
fn is_usage(e: &Error) -> bool {
    matches!(e, Error::InvalidArgument(m) if m.starts_with("--") || m.starts_with("cần --"))
}

fn fail(err: &mut dyn Write, e: &Error, status: u8, usage: &str) -> u8 {
    let _ = writeln!(err, "cashless: {e}");
    if !usage.is_empty() {
        let _ = writeln!(err, "{usage}");
    }
    status
}

fn parse(command: &Command, args: &[String]) -> Result<Given> {
    use lexopt::prelude::*;
    let unreadable = |e: lexopt::Error| usage_error(e.to_string());
    let mut parser = lexopt::Parser::from_args(args.iter().cloned());
    let mut given = Given::default();
    while let Some(arg) = parser.next().map_err(unreadable)? {
        match arg {
            Long(name) => {
                let Some(Opt(name, arity)) = command
                    .options
                    .iter()
                    .flat_map(|group| group.iter())
                    .chain([&LANG])
                    .find(|o| o.0 == name)
                else {
                    return Err(usage_error(say(
                        format!("lệnh {} không có tùy chọn --{name}", command.name),
                        format!("{} takes no option --{name}", command.name),
                    )));
                };
                let values = given.values.entry(name).or_default();
                match arity {
                    Arity::Flag => {}
                    Arity::One => values.push(
                        parser
                            .value()
                            .map_err(unreadable)?
                            .string()
                            .map_err(unreadable)?,
                    ),
                    Arity::Many => {
                        for v in parser.values().map_err(unreadable)? {
                            values.push(v.string().map_err(unreadable)?);
                        }
                    }
                }
            }
            Value(v) if command.positional => {
                given.positional.push(v.string().map_err(unreadable)?)
            }
            other => return Err(unreadable(other.unexpected())),
        }
    }
    Ok(given)
}

/// `cashless --help`.
fn overview() -> String {
    say(
        format!(
            "cashless {v}: số liệu tăng trưởng và đánh giá chỉ tiêu thanh toán không dùng tiền mặt

cách dùng: cashless LỆNH [TÙY CHỌN...]   (cashless LỆNH --help: tùy chọn của lệnh)

  report   báo cáo năm: Word, Excel, HTML, Markdown và biểu đồ
  targets  đánh giá từng chỉ tiêu của một kế hoạch
  growth   tăng trưởng hằng năm theo kênh và tăng trưởng bình quân giai đoạn
  check    đọc các tệp báo cáo của ngân hàng, cơ quan và in sổ kiểm tra
  forms    biểu thu thập số liệu gửi các cơ quan, mỗi cơ quan một tệp
  labels   các tên gọi mà bộ đọc hiểu (kênh, đơn vị tính, cột...)

--lang vi|en: ngôn ngữ của lệnh (kết quả, báo cáo, thông báo lỗi).",
            v = crate::version()
        ),
        format!(
            "cashless {v}: growth figures and target verdicts of Vietnam's cashless-payment programme

usage: cashless COMMAND [OPTIONS...]   (cashless COMMAND --help: its options)

  report   the yearly report: Word, Excel, HTML, Markdown and charts
  targets  the verdict on every target of a plan
  growth   yearly growth per channel and the stage average
  check    read bank and agency reports as they arrive and print the ledger
  forms    the data forms for the agencies, one workbook each
  labels   the labels the reader accepts (channels, units, columns, ...)

--lang vi|en: the language of the command (output, report, errors).",
            v = crate::version()
        ),
    )
}

/// The options every command that reads bank files takes, in `check` and `report --data`.
const READING: [Opt; 8] = [
    Opt("sheet", Arity::One),
    Opt("style", Arity::One),
    Opt("mapping", Arity::One),
    Opt("count-unit", Arity::One),
    Opt("value-unit", Arity::One),
    Opt("period", Arity::One),
    Opt("bank", Arity::One),
    Opt("bank-from", Arity::One),
];

/// The usage lines of [`READING`].
fn reading_usage() -> String {
    say(
        "cách đọc tệp:
  --sheet TÊN           chỉ trang tính này của mỗi tệp Excel
  --style vi|en         vi: 1.234,5 (mặc định); en: 1,234.5
  --mapping TOML        tiêu đề cột mà bộ đọc chưa biết
  --count-unit ĐV       đơn vị của cột số lượng không ghi đơn vị (ví dụ 'nghìn món')
  --value-unit ĐV       đơn vị của cột giá trị không ghi đơn vị (ví dụ 'triệu đồng')
  --period T5/2023      tháng của mọi dòng, với tệp không có cột kỳ
  --bank NH             ngân hàng của mọi dòng, với tệp không có cột ngân hàng
  --bank-from name|title  ngân hàng lấy từ tên tệp (NH07_2024-03.xlsx) hoặc dòng tiêu đề"
            .into(),
        "reading the files:
  --sheet NAME          only this sheet of each workbook
  --style vi|en         vi: 1.234,5 (default); en: 1,234.5
  --mapping TOML        headers the built-in words do not know
  --count-unit U        unit of count headers naming none (e.g. 'nghìn món')
  --value-unit U        unit of value headers naming none (e.g. 'triệu đồng')
  --period T5/2023      the month of every row, for files without one
  --bank B              the bank of every row, for files without a bank column
  --bank-from name|title  a file's bank from its name (NH07_2024-03.xlsx) or its title block"
            .into(),
    )
}

/// `--regions FILE|MAP` in words.
fn regions_usage() -> String {
    say(
        "  --regions TỆP|BẢN_ĐỒ  bảng đơn vị hành chính: tệp CSV (code,name,level,parent) hoặc bản đồ
                        dựng sẵn vn-2025, vn-2025-06, có thể chỉ một tỉnh (vn-2025:38)"
            .into(),
        "  --regions FILE|MAP    region table: a CSV (code,name,level,parent) or a built-in map,
                        vn-2025 or vn-2025-06, optionally of one province (vn-2025:38)"
            .into(),
    )
}

/// The reading options given, as the ingest takes them.
fn read_options(given: &Given) -> Result<crate::ingest::ReadOptions> {
    let mut read = crate::ingest::ReadOptions {
        sheet: given.one("sheet").map(String::from),
        bank: given.one("bank").map(String::from),
        ..Default::default()
    };
    if let Some(style) = given.one("style") {
        read.set_style(style)?;
    }
    read.bank_from = given.parsed("bank-from")?;
    if let Some(path) = given.path("mapping") {
        read.mapping = crate::ingest::header::Mapping::from_path(&path)?;
    }
    read.set_units(given.one("count-unit"), given.one("value-unit"))?;
    if let Some(period) = given.one("period") {
        read.set_period(period)?;
    }
    Ok(read)
}

/// The region table of `--regions`, if given.
fn regions(given: &Given) -> Result<Option<crate::Regions>> {
    given.one("regions").map(crate::maps::load).transpose()
}

/// A line of output. A reader that went away (a closed pipe) loses the rest of the output,
/// not the work done.
fn write_line(out: &mut dyn Write, line: &str) {
    let _ = writeln!(out, "{line}");
}
