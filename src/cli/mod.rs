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

use crate::error::Error;
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
    run: fn(&Given, &mut dyn Write) -> Outcome<u8>,
}

/// Why a command stopped.
enum Failure {
    /// The command line cannot be run as given: exit status 2, the command's usage shown.
    Usage(String),
    /// The library's error, about the data or a file: exit status 1.
    Run(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Run(e)
    }
}

impl From<polars::prelude::PolarsError> for Failure {
    fn from(e: polars::prelude::PolarsError) -> Self {
        Failure::Run(e.into())
    }
}

/// What a command returns: its exit status, or why it stopped.
type Outcome<T> = std::result::Result<T, Failure>;

/// A command line that cannot be run as given.
fn usage_error(message: String) -> Failure {
    Failure::Usage(message)
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

    /// An option's value read as a `T`; a value the type refuses is a command line that
    /// cannot run, with the type's own words.
    fn parsed<T: std::str::FromStr>(&self, name: &str) -> Outcome<Option<T>>
    where
        Error: From<T::Err>,
    {
        self.one(name)
            .map(|v| {
                v.parse::<T>()
                    .map_err(|e| usage_error(Error::from(e).to_string()))
            })
            .transpose()
    }

    /// An option's value read as a year.
    fn year(&self, name: &str) -> Outcome<Option<i32>> {
        self.one(name)
            .map(|v| {
                v.parse::<i32>().map_err(|_| {
                    usage_error(
                        say!(
                            format!("--{name} {v:?}: cần một năm (ví dụ 2025)"),
                            format!("--{name} {v:?}: expected a year (such as 2025)"),
                        )
                        .to_string(),
                    )
                })
            })
            .transpose()
    }

    fn required(&self, name: &str) -> Outcome<&str> {
        self.one(name).ok_or_else(|| missing(name))
    }

    fn required_year(&self, name: &str) -> Outcome<i32> {
        self.year(name)?.ok_or_else(|| missing(name))
    }
}

/// An option the command cannot run without.
fn missing(name: &str) -> Failure {
    usage_error(say!(format!("cần --{name}"), format!("--{name} is required"),).to_string())
}

/// Runs `cashless ARGS...` (without the program's name), printing to `out` and, for errors,
/// to `err`. The exit status: 0 done, 1 a library error or (for `check`) rows with errors, 2 a
/// command line that cannot be run.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    // `--lang` is the language of the whole command, its errors about the command line too.
    let given = args.iter().enumerate().find_map(|(i, a)| match a.as_str() {
        "--lang" => args.get(i + 1).map(String::as_str),
        _ => a.strip_prefix("--lang="),
    });
    let lang = match given.map(str::parse::<Lang>) {
        Some(Ok(l)) => l,
        Some(Err(e)) => return fail(err, &e.to_string(), 2, ""),
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
        let message = say!(
            format!("không có lệnh {first:?}"),
            format!("no command {first:?}"),
        );
        return fail(err, &message.to_string(), 2, &overview());
    };
    if args[1..].iter().any(|a| a == "-h" || a == "--help") {
        let _ = writeln!(out, "{}", (command.usage)());
        return 0;
    }
    match parse(command, &args[1..]).and_then(|given| (command.run)(&given, out)) {
        Ok(status) => status,
        Err(Failure::Usage(message)) => fail(err, &message, 2, &(command.usage)()),
        Err(Failure::Run(e)) => fail(err, &e.to_string(), 1, ""),
    }
}

fn fail(err: &mut dyn Write, message: &str, status: u8, usage: &str) -> u8 {
    let _ = writeln!(err, "cashless: {message}");
    if !usage.is_empty() {
        let _ = writeln!(err, "{usage}");
    }
    status
}

fn parse(command: &Command, args: &[String]) -> Outcome<Given> {
    use lexopt::prelude::*;
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
                    return Err(usage_error(
                        say!(
                            format!("lệnh {} không có tùy chọn --{name}", command.name),
                            format!("{} takes no option --{name}", command.name),
                        )
                        .to_string(),
                    ));
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

/// lexopt's error in the language of the command.
fn unreadable(e: lexopt::Error) -> Failure {
    use lexopt::Error as E;
    let message = match e {
        E::MissingValue { option: Some(o) } => say!(
            format!("{o}: thiếu giá trị"),
            format!("{o}: a value is missing"),
        ),
        E::MissingValue { option: None } => {
            say!("thiếu một giá trị".into(), "a value is missing".into())
        }
        E::UnexpectedOption(o) => say!(
            format!("không có tùy chọn {o}"),
            format!("there is no option {o}"),
        ),
        E::UnexpectedArgument(a) => say!(
            format!("đối số thừa {a:?}"),
            format!("unexpected argument {a:?}"),
        ),
        E::UnexpectedValue { option, value } => say!(
            format!("{option} không nhận giá trị ({value:?})"),
            format!("{option} takes no value ({value:?})"),
        ),
        E::NonUnicodeValue(v) => say!(
            format!("giá trị không phải UTF-8: {v:?}"),
            format!("a value is not UTF-8: {v:?}"),
        ),
        other => say!(
            format!("không đọc được các đối số: {other}"),
            format!("the arguments cannot be read: {other}"),
        ),
    };
    usage_error(message.to_string())
}

/// `cashless --help`.
fn overview() -> String {
    say!(
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
    ).to_string()
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
    say!(
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
    .to_string()
}

/// `--regions FILE|MAP` in words.
fn regions_usage() -> String {
    say!(
        "  --regions TỆP|BẢN_ĐỒ  bảng đơn vị hành chính: tệp CSV (code,name,level,parent) hoặc bản đồ
                        dựng sẵn vn-2025, vn-2025-06, có thể chỉ một tỉnh (vn-2025:38)"
            .into(),
        "  --regions FILE|MAP    region table: a CSV (code,name,level,parent) or a built-in map,
                        vn-2025 or vn-2025-06, optionally of one province (vn-2025:38)"
            .into(),
    ).to_string()
}

/// The reading options given, as the ingest takes them.
fn read_options(given: &Given) -> Outcome<crate::ingest::ReadOptions> {
    let mut read = crate::ingest::ReadOptions {
        sheet: given.one("sheet").map(String::from),
        bank: given.one("bank").map(String::from),
        bank_from: given.parsed("bank-from")?,
        ..Default::default()
    };
    if let Some(style) = given.one("style") {
        read.set_style(style)?;
    }
    if let Some(path) = given.path("mapping") {
        read.mapping = crate::ingest::header::Mapping::from_path(&path)?;
    }
    read.set_units(given.one("count-unit"), given.one("value-unit"))?;
    if let Some(period) = given.one("period") {
        read.set_period(period)?;
    }
    Ok(read)
}

/// `--sample` or `--data FILE...`: `None` for the built-in sample, else the files.
fn sample_or_files(given: &Given) -> Outcome<Option<&[String]>> {
    match (given.flag("sample"), given.many("data")) {
        (true, []) => Ok(None),
        (false, files) if !files.is_empty() => Ok(Some(files)),
        _ => Err(usage_error(
            say!(
                "--sample hoặc --data TỆP...: cần một trong hai, không dùng cả hai".into(),
                "--sample or --data FILE...: give one of them, not both".into(),
            )
            .to_string(),
        )),
    }
}

/// The region table of `--regions FILE|MAP`, or the sample's with `--sample-regions`.
fn regions(given: &Given) -> Outcome<Option<crate::Regions>> {
    match (given.one("regions"), given.flag("sample-regions")) {
        (Some(_), true) => Err(usage_error(
            say!(
                "--regions hoặc --sample-regions, không dùng cả hai".into(),
                "--regions or --sample-regions, not both".into(),
            )
            .to_string(),
        )),
        (Some(spec), false) => Ok(Some(crate::maps::load(spec)?)),
        (None, true) => Ok(Some(crate::sample::sample_regions())),
        (None, false) => Ok(None),
    }
}

/// A line of output. A reader that went away (a closed pipe) loses the rest of the output,
/// not the work done.
fn write_line(out: &mut dyn Write, line: &str) {
    let _ = writeln!(out, "{line}");
}
