//! `cashless report`: the yearly report from the command line, without Python.
//!
//! Same arguments and same bytes as the Python console script's `cashless report`:
//!
//! ```text
//! cashless report (--data [BANK=]FILE... | --sample) --catalogue ID|PATH --year 2025
//!     [--as-of 2025-10-31] [--estimate same_period|run_rate|none] [--half] [--region CODE]
//!     [--lang vi|en] [--out DIR] [--letterhead TOML]
//!     [--regions FILE|MAP] [--indicators FILE] [--keep-going]
//!     [--sheet NAME] [--style vi|en] [--mapping TOML] [--bank B] [--bank-from name|title]
//!     [--count-unit U] [--value-unit U] [--period T5/2024]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use cashless::lang::say;
use cashless::report::{self, Lang, ReportInput, ReportOptions};
use cashless::Catalogue;

const USAGE: &str =
    "usage: cashless report (--data [BANK=]FILE... | --sample) --catalogue ID|PATH --year YEAR
       [--as-of YYYY-MM-DD] [--estimate same_period|run_rate|none] [--half] [--region CODE]
       [--lang vi|en] [--out DIR] [--letterhead TOML]
       [--regions FILE|MAP] [--indicators FILE] [--keep-going]
       reading --data as `cashless check` does:
       [--sheet NAME] [--style vi|en] [--mapping TOML] [--bank B] [--bank-from name|title]
       [--count-unit U] [--value-unit U] [--period T5/2024]";

#[derive(Default)]
struct Args {
    data: Vec<String>,
    sample: bool,
    catalogue: Option<String>,
    year: Option<i32>,
    as_of: Option<String>,
    estimate: Option<String>,
    period_of_report: Option<String>,
    region: Option<String>,
    lang: Option<String>,
    out: Option<PathBuf>,
    regions: Option<PathBuf>,
    indicators: Option<PathBuf>,
    keep_going: bool,
    letterhead: Option<PathBuf>,
    // Reading options, as `cashless check` takes them.
    sheet: Option<String>,
    style: Option<String>,
    mapping: Option<PathBuf>,
    bank: Option<String>,
    bank_from: Option<String>,
    count_unit: Option<String>,
    value_unit: Option<String>,
    period: Option<String>,
}

fn parse() -> Result<Args, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut args = Args::default();
    match parser.next()? {
        Some(Value(cmd)) if cmd == "report" => {}
        Some(Long("help") | Short('h')) | None => {
            println!("{USAGE}");
            std::process::exit(0);
        }
        Some(other) => return Err(other.unexpected()),
    }
    while let Some(arg) = parser.next()? {
        match arg {
            Long("data") => {
                // One or more files after --data, up to the next option.
                for v in parser.values()? {
                    args.data.push(v.string()?);
                }
            }
            Long("sample") => args.sample = true,
            Long("catalogue") => args.catalogue = Some(parser.value()?.string()?),
            Long("year") => args.year = Some(parser.value()?.parse()?),
            Long("as-of") => args.as_of = Some(parser.value()?.string()?),
            Long("estimate") => args.estimate = Some(parser.value()?.string()?),
            Long("half") => args.period_of_report = Some("h1".into()),
            Long("region") => args.region = Some(parser.value()?.string()?),
            Long("lang") => args.lang = Some(parser.value()?.string()?),
            Long("out") => args.out = Some(parser.value()?.into()),
            Long("letterhead") => args.letterhead = Some(parser.value()?.into()),
            Long("regions") => args.regions = Some(parser.value()?.into()),
            Long("indicators") => args.indicators = Some(parser.value()?.into()),
            Long("keep-going") => args.keep_going = true,
            Long("sheet") => args.sheet = Some(parser.value()?.string()?),
            Long("style") => args.style = Some(parser.value()?.string()?),
            Long("mapping") => args.mapping = Some(parser.value()?.into()),
            Long("bank") => args.bank = Some(parser.value()?.string()?),
            Long("bank-from") => args.bank_from = Some(parser.value()?.string()?),
            Long("count-unit") => args.count_unit = Some(parser.value()?.string()?),
            Long("value-unit") => args.value_unit = Some(parser.value()?.string()?),
            Long("period") => args.period = Some(parser.value()?.string()?),
            Long("help") | Short('h') => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(args)
}

fn run(args: Args) -> cashless::Result<()> {
    // `--lang` given is the language of the whole command: the report, the ledger of the files
    // read for it and its errors. Without it the report is Vietnamese and the messages are in
    // the user's language.
    let lang = args.lang.as_deref().map(str::parse::<Lang>).transpose()?;
    if let Some(lang) = lang {
        cashless::lang::set_language(lang);
    }
    let bad = |vi: &str, en: &str| {
        cashless::Error::InvalidArgument(format!("{}\n{USAGE}", say(vi.into(), en.into())))
    };
    let catalogue = Catalogue::load(
        args.catalogue
            .as_deref()
            .ok_or_else(|| bad("cần --catalogue", "--catalogue is required"))?,
    )?;
    let options = ReportOptions {
        year: args
            .year
            .ok_or_else(|| bad("cần --year", "--year is required"))?,
        as_of: args
            .as_of
            .as_deref()
            .map(cashless::calendar::parse_day)
            .transpose()?,
        region: args.region,
        lang: lang.unwrap_or(Lang::Vi),
        estimate: args.estimate.as_deref().map(str::parse).transpose()?,
        period: args
            .period_of_report
            .as_deref()
            .map(str::parse)
            .transpose()?
            .unwrap_or_default(),
        letterhead: args
            .letterhead
            .as_deref()
            .map(report::Letterhead::load)
            .transpose()?
            .unwrap_or_default(),
    };
    let regions = args
        .regions
        .as_deref()
        .map(|p| cashless::maps::load(&p.to_string_lossy()))
        .transpose()?;
    let mut input = match (args.sample, args.data.is_empty()) {
        (true, true) => ReportInput::sample()?,
        (false, false) => {
            // `NH01=a.xlsx` gives a file without a bank column its bank.
            let (paths, file_banks) = cashless::ingest::bank_files(&args.data);
            let mut read = cashless::ingest::ReadOptions {
                sheet: args.sheet.clone(),
                regions: regions.clone(),
                bank: args.bank.clone(),
                file_banks,
                keep_going: args.keep_going,
                ..Default::default()
            };
            if let Some(style) = &args.style {
                read.set_style(style)?;
            }
            read.bank_from = args.bank_from.as_deref().map(str::parse).transpose()?;
            if let Some(path) = &args.mapping {
                read.mapping = cashless::ingest::header::Mapping::from_path(path)?;
            }
            read.set_units(args.count_unit.as_deref(), args.value_unit.as_deref())?;
            if let Some(period) = &args.period {
                read.set_period(period)?;
            }
            ReportInput::read(&paths, &read)?
        }
        _ => {
            return Err(bad(
                "cần --sample hoặc --data TỆP..., không dùng cả hai",
                "give either --sample or --data FILE...",
            ))
        }
    };
    if regions.is_some() {
        input.regions = regions;
    }
    if let Some(path) = &args.indicators {
        input.indicators = Some(cashless::ingest::indicator_table::read_indicators(path)?);
    }
    let r = report::report(&input, &catalogue, &options)?;
    let out = args.out.unwrap_or_else(|| PathBuf::from("."));
    for path in r.save(&out)? {
        println!("{}", path.display());
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("cashless: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cashless: {e}");
            ExitCode::FAILURE
        }
    }
}
