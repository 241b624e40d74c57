//! `cashless report`: the yearly (or half-year, or final) report, written to a folder.

use std::io::Write;
use std::path::PathBuf;

use super::{
    read_options, reading_usage, regions, regions_usage, sample_or_files, write_line, Arity,
    Command, Given, Opt, Outcome, READING,
};
use crate::lang::{say, Lang};
use crate::report::{self, ReportInput, ReportOptions, ReportPeriod};
use crate::Catalogue;

pub(super) const REPORT: Command = Command {
    name: "report",
    options: &[&OPTIONS, &READING],
    positional: false,
    usage,
    run,
};

const OPTIONS: [Opt; 13] = [
    Opt("sample", Arity::Flag),
    Opt("data", Arity::Many),
    Opt("catalogue", Arity::One),
    Opt("year", Arity::One),
    Opt("as-of", Arity::One),
    Opt("estimate", Arity::One),
    Opt("half", Arity::Flag),
    Opt("region", Arity::One),
    Opt("out", Arity::One),
    Opt("letterhead", Arity::One),
    Opt("regions", Arity::One),
    Opt("indicators", Arity::One),
    Opt("keep-going", Arity::Flag),
];

fn usage() -> String {
    let head = say!(
        "cách dùng: cashless report (--data [NH=]TỆP... | --sample) --catalogue MÃ|TỆP --year NĂM
       [--as-of YYYY-MM-DD] [--estimate same_period|run_rate|none] [--half] [--region MÃ]
       [--lang vi|en] [--out THƯ_MỤC] [--letterhead TOML] [--regions TỆP|BẢN_ĐỒ]
       [--indicators TỆP] [--keep-going] [cách đọc tệp]

báo cáo năm (Word, Excel, HTML, Markdown và biểu đồ) gửi Ủy ban nhân dân:
  --sample              bộ số liệu mẫu dựng sẵn (giả lập)
  --data [NH=]TỆP...    báo cáo của các ngân hàng như khi nhận được (.csv, .xlsx, .parquet);
                        NH01=TỆP cho biết ngân hàng của tệp
  --catalogue MÃ|TỆP    kế hoạch: mã dựng sẵn (thanh-hoa-106-2022) hoặc tệp TOML
  --year NĂM            năm báo cáo
  --as-of YYYY-MM-DD    ngày chốt số liệu (bỏ các tháng sau ngày đó)
  --estimate CÁCH       ước cả năm báo cáo chưa đủ tháng: same_period (cùng kỳ), run_rate, none
  --half                báo cáo 6 tháng đầu năm
  --region MÃ           đơn vị báo cáo, khi số liệu có nhiều đơn vị
  --out THƯ_MỤC         nơi ghi (mặc định: thư mục hiện tại)
  --letterhead TOML     thông tin đơn vị cho báo cáo Word (cơ quan, số, ký hiệu, nơi nhận, người ký)
  --indicators TỆP      các chỉ số của cơ quan (region_code,year,indicator,value)
  --keep-going          báo cáo trên các dòng không có lỗi
  --lang vi|en          ngôn ngữ của báo cáo và của lệnh (mặc định: tiếng Việt)"
            .into(),
        "usage: cashless report (--data [BANK=]FILE... | --sample) --catalogue ID|PATH --year YEAR
       [--as-of YYYY-MM-DD] [--estimate same_period|run_rate|none] [--half] [--region CODE]
       [--lang vi|en] [--out DIR] [--letterhead TOML] [--regions FILE|MAP]
       [--indicators FILE] [--keep-going] [reading options]

the yearly report (Word, Excel, HTML, Markdown and charts) for the People's Committee:
  --sample              the built-in sample (synthetic)
  --data [BANK=]FILE... reports as banks send them (.csv, .xlsx, .parquet); NH01=FILE gives
                        a file its bank
  --catalogue ID|PATH   the plan: a built-in id (thanh-hoa-106-2022) or a TOML file
  --year YEAR           the reporting year
  --as-of YYYY-MM-DD    data cut-off (later months left out)
  --estimate HOW        complete a partial report year: same_period, run_rate, none
  --half                the report on the first six months of the year
  --region CODE         the unit, when the data has several
  --out DIR             where to write (default: here)
  --letterhead TOML     the branch's details for the Word report (issuer, number, recipients, signer)
  --indicators FILE     the agencies' indicators (region_code,year,indicator,value)
  --keep-going          report on the rows without errors
  --lang vi|en          the language of the report and of the command (default: Vietnamese)"
            .into(),
    );
    format!("{head}\n{}\n{}", regions_usage(), reading_usage())
}

fn run(given: &Given, out: &mut dyn Write) -> Outcome<u8> {
    // The report is Vietnamese unless `--lang` says otherwise (the command's language is set
    // by `--lang` only, so the language of messages does not decide the report's).
    let lang = given.parsed::<Lang>("lang")?.unwrap_or(Lang::Vi);
    let catalogue = Catalogue::load(given.required("catalogue")?)?;
    let options = ReportOptions {
        year: given.required_year("year")?,
        as_of: given
            .one("as-of")
            .map(crate::calendar::parse_day)
            .transpose()?,
        region: given.one("region").map(String::from),
        lang,
        estimate: given.parsed("estimate")?,
        period: if given.flag("half") {
            ReportPeriod::FirstHalf
        } else {
            ReportPeriod::Year
        },
        letterhead: given
            .path("letterhead")
            .as_deref()
            .map(report::Letterhead::load)
            .transpose()?
            .unwrap_or_default(),
    };
    let regions = regions(given)?;
    let mut input = match sample_or_files(given)? {
        None => ReportInput::sample()?,
        Some(files) => {
            // `NH01=a.xlsx` gives a file without a bank column its bank.
            let (paths, file_banks) = crate::ingest::bank_files(files);
            let read = crate::ingest::ReadOptions {
                regions: regions.clone(),
                file_banks,
                keep_going: given.flag("keep-going"),
                ..read_options(given)?
            };
            ReportInput::read(&paths, &read)?
        }
    };
    if regions.is_some() {
        input.regions = regions;
    }
    if let Some(path) = given.path("indicators") {
        let regions = input.regions.as_ref();
        input.indicators = Some(crate::ingest::indicator_table::read_indicators(
            &path, regions,
        )?);
    }
    let r = report::report(&input, &catalogue, &options)?;
    let dir = given.path("out").unwrap_or_else(|| PathBuf::from("."));
    for path in r.save(&dir)? {
        write_line(out, &path.display().to_string());
    }
    Ok(0)
}
