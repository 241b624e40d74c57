//! The commands that print figures: `growth` (yearly growth and the stage average, unit by
//! unit) and `targets` (a verdict on every target of a plan).

use std::io::Write;
use std::path::Path;

use polars::prelude::*;

use super::text::table;
use super::{
    regions, regions_usage, sample_or_files, usage_error, write_line, Arity, Command, Given, Opt,
    Outcome,
};
use crate::error::Result;
use crate::lang::{language, say, Lang};
use crate::schema::{BANK, REGION_CODE};
use crate::{AggregateOptions, Catalogue, Channel, Level, Metric, Regions, Status};

pub(super) const GROWTH: Command = Command {
    name: "growth",
    options: &[&[
        Opt("sample", Arity::Flag),
        Opt("data", Arity::Many),
        Opt("regions", Arity::One),
        Opt("level", Arity::One),
        Opt("region", Arity::One),
        Opt("catalogue", Arity::One),
        Opt("year-start", Arity::One),
        Opt("start", Arity::One),
        Opt("end", Arity::One),
    ]],
    positional: false,
    usage: growth_usage,
    run: growth,
};

pub(super) const TARGETS: Command = Command {
    name: "targets",
    options: &[&[
        Opt("sample", Arity::Flag),
        Opt("data", Arity::Many),
        Opt("regions", Arity::One),
        Opt("indicators", Arity::One),
        Opt("catalogue", Arity::One),
        Opt("year", Arity::One),
        Opt("year-start", Arity::One),
        Opt("reading", Arity::One),
        Opt("estimate", Arity::One),
    ]],
    positional: false,
    usage: targets_usage,
    run: targets,
};

fn inputs_usage() -> String {
    say!(
        "  --sample              bộ số liệu mẫu dựng sẵn (giả lập)
  --data TỆP...         bảng chuẩn CSV/Parquet (region_code, period, channel, count, value[, bank])"
            .into(),
        "  --sample              the built-in sample (synthetic)
  --data FILE...        canonical CSV/Parquet tables (region_code, period, channel, count, value[, bank])"
            .into(),
    ).to_string()
}

fn growth_usage() -> String {
    let head = say!(
        "cách dùng: cashless growth (--sample | --data TỆP...) [--regions TỆP|BẢN_ĐỒ] [--level CẤP]
       [--region MÃ] [--catalogue MÃ|TỆP] [--year-start MM-DD] [--start NĂM] [--end NĂM]

tăng trưởng hằng năm theo kênh và tăng trưởng bình quân giai đoạn, từng đơn vị:
  --level CẤP           cộng lên cấp này (mặc định province: tỉnh)
  --region MÃ           chỉ đơn vị này
  --catalogue MÃ|TỆP    lịch năm báo cáo và giai đoạn theo kế hoạch này (thanh-hoa-106-2022)
  --year-start MM-DD    ngày đầu năm báo cáo (mặc định: theo kế hoạch, không có thì 01-01)
  --start NĂM           năm đầu giai đoạn (mặc định: theo kế hoạch, không có thì 2021)
  --end NĂM             năm cuối giai đoạn (mặc định: theo kế hoạch, không có thì 2025)"
            .into(),
        "usage: cashless growth (--sample | --data FILE...) [--regions FILE|MAP] [--level LEVEL]
       [--region CODE] [--catalogue ID|PATH] [--year-start MM-DD] [--start YEAR] [--end YEAR]

yearly growth per channel and the stage average, unit by unit:
  --level LEVEL         roll up to this level (default province)
  --region CODE         only this unit
  --catalogue ID|PATH   the reporting calendar and the stage of this plan (thanh-hoa-106-2022)
  --year-start MM-DD    first day of the reporting year (default: the plan's, else 01-01)
  --start YEAR          first year of the stage (default: the plan's, else 2021)
  --end YEAR            last year of the stage (default: the plan's, else 2025)"
            .into(),
    );
    format!("{head}\n{}\n{}", inputs_usage(), regions_usage())
}

fn targets_usage() -> String {
    let head = say!(
        "cách dùng: cashless targets (--sample | --data TỆP...) --catalogue MÃ|TỆP [--year NĂM]
       [--indicators TỆP] [--regions TỆP|BẢN_ĐỒ] [--year-start MM-DD]
       [--reading body|alternative] [--estimate none|same_period|run_rate]

đánh giá từng chỉ tiêu của một kế hoạch, từng đơn vị:
  --catalogue MÃ|TỆP    kế hoạch: mã dựng sẵn (thanh-hoa-106-2022) hoặc tệp TOML
  --year NĂM            năm đánh giá: năm cuối có số liệu dùng để đánh giá (mặc định: năm cuối giai đoạn)
  --indicators TỆP      các chỉ số của cơ quan (region_code,year,indicator,value)
  --year-start MM-DD    ngày đầu năm báo cáo (mặc định: theo kế hoạch)
  --reading CÁCH        body: theo nội dung kế hoạch; alternative: theo cách đọc khác (phụ lục)
  --estimate CÁCH       ước cả năm --year chưa đủ tháng: none, same_period, run_rate"
            .into(),
        "usage: cashless targets (--sample | --data FILE...) --catalogue ID|PATH [--year YEAR]
       [--indicators FILE] [--regions FILE|MAP] [--year-start MM-DD]
       [--reading body|alternative] [--estimate none|same_period|run_rate]

the verdict on every target of a plan, unit by unit:
  --catalogue ID|PATH   the plan: a built-in id (thanh-hoa-106-2022) or a TOML file
  --year YEAR           the year judged: the last year of data the verdicts rest on (default: the stage's last)
  --indicators FILE     the agencies' indicators (region_code,year,indicator,value)
  --year-start MM-DD    first day of the reporting year (default: the plan's)
  --reading HOW         body: the plan's text; alternative: its other reading (the appendix)
  --estimate HOW        complete a partial --year: none, same_period, run_rate"
            .into(),
    );
    format!("{head}\n{}\n{}", inputs_usage(), regions_usage())
}

/// The monthly table of `--sample` or `--data`, the region table, and a line saying what the
/// data is.
fn load(given: &Given) -> Outcome<(DataFrame, Option<Regions>, String)> {
    let Some(files) = sample_or_files(given)? else {
        return Ok((
            crate::sample_data()?,
            Some(crate::sample::sample_regions()),
            say!(
                "Số liệu: MẪU dựng sẵn. Số liệu GIẢ LẬP, không do ai báo cáo: 27 đơn vị cấp huyện của Thanh Hóa theo ngân hàng, 12/2019 đến 10/2025.".into(),
                "Data: built-in SAMPLE. SYNTHETIC figures, not reported by anybody: Thanh Hóa's 27 district-level units by bank, 2019-12 to 2025-10.".into(),
            ).to_string(),
        ));
    };
    let frames = files
        .iter()
        .map(|f| canonical_file(Path::new(f)))
        .collect::<Result<Vec<_>>>()?;
    let names = files.join(", ");
    Ok((
        stack(frames)?,
        regions(given)?,
        say!(format!("Số liệu: {names}"), format!("Data: {names}")).to_string(),
    ))
}

/// A canonical table from a CSV or Parquet file; a file without a bank column is one bank's,
/// named by the file.
fn canonical_file(path: &Path) -> Result<DataFrame> {
    let name = path.display().to_string();
    let (scan, _) = crate::table::scan_file(path, &[REGION_CODE, BANK], "file")?;
    let raw = scan
        .collect()
        .map_err(|e| crate::table::unreadable(&name, e))?;
    let mut frame = crate::canonical(&raw, &name)?;
    if frame.column(BANK).is_err() {
        let file = path
            .file_name()
            .map_or(name.clone(), |n| n.to_string_lossy().into());
        let bank = Scalar::from(PlSmallStr::from(file));
        frame.with_column(Column::new_scalar(BANK.into(), bank, frame.height()))?;
    }
    Ok(frame)
}

/// The files' tables one under the other; a column some files have (`region_map`) is empty in
/// the rows of the others.
fn stack(frames: Vec<DataFrame>) -> Result<DataFrame> {
    let mut schema = Schema::default();
    for f in &frames {
        for (name, dtype) in f.schema().iter() {
            if !schema.contains(name) {
                schema.insert(name.clone(), dtype.clone());
            }
        }
    }
    let mut out: Option<DataFrame> = None;
    for mut f in frames {
        for (name, dtype) in schema.iter() {
            if f.column(name).is_err() {
                f.with_column(Column::full_null(name.clone(), f.height(), dtype))?;
            }
        }
        let f = f.select(schema.iter_names().cloned())?;
        match out.as_mut() {
            None => out = Some(f),
            Some(all) => {
                all.vstack_mut(&f)?;
            }
        }
    }
    Ok(out.unwrap_or_default())
}

fn growth(given: &Given, out: &mut dyn Write) -> Outcome<u8> {
    let lang = language();
    let (mut tx, regions, banner) = load(given)?;
    let level: Level = given.parsed("level")?.unwrap_or(Level::Province);
    if let Some(regions) = &regions {
        tx = crate::rollup(&tx, regions, level)?;
    }
    if let Some(region) = given.one("region") {
        tx = only(&tx, region)?;
        if tx.height() == 0 {
            return Err(usage_error(
                say!(
                    format!("--region {region:?}: số liệu không có đơn vị này"),
                    format!("--region {region:?}: the data has no such unit"),
                )
                .to_string(),
            ));
        }
    }
    // A plan, when named, gives the calendar and the stage; without one, the programme's
    // (calendar years, 2021-2025).
    let plan = given.one("catalogue").map(Catalogue::load).transpose()?;
    let year_start = given
        .parsed("year-start")?
        .or(plan.as_ref().map(|p| p.reporting.year_start))
        .unwrap_or_default();
    let stage = plan
        .as_ref()
        .map_or((2021, 2025), |p| (p.stage.start, p.stage.end));
    let (start, end) = (
        given.year("start")?.unwrap_or(stage.0),
        given.year("end")?.unwrap_or(stage.1),
    );
    let years = crate::annual(
        &tx,
        &AggregateOptions {
            year_start,
            ..Default::default()
        },
    )?;
    let yoy = crate::growth(&years, false)?;
    let stage = crate::average_growth(&years, start, end, crate::Method::Geometric)?;

    let mut lines = vec![
        format!(
            "cashless {}: {}",
            crate::version(),
            lang.pick("tăng trưởng thanh toán không dùng tiền mặt", "growth of cashless payments")
        ),
        banner,
        say!(
            format!("Năm báo cáo bắt đầu từ ngày {:02}/{:02} và mang tên năm nó kết thúc. Tăng trưởng g_t = X_t / X_(t-1) - 1; năm chưa đủ tháng không so với năm đủ tháng.", year_start.day, year_start.month),
            format!("Reporting year starts {year_start} and is named after the year it ends in. Growth g_t = X_t / X_(t-1) - 1; a partial year is not compared with a full one."),
        ).to_string(),
    ];
    let codes = strings(&yoy, REGION_CODE)?;
    let mut seen: Vec<&str> = Vec::new();
    for code in codes.iter().flatten() {
        if !seen.contains(&code.as_str()) {
            seen.push(code);
        }
    }
    for code in seen {
        let name = regions
            .as_ref()
            .and_then(|r| r.get(code))
            .map(|r| r.name.as_str());
        let label = format!("{code} {}", name.unwrap_or(""))
            .trim_end()
            .to_string();
        let rows = only(&yoy, code)?;
        let mut place = vec![if regions.is_some() {
            level.word(lang).to_lowercase()
        } else {
            lang.pick("cấp như trong số liệu", "level as given")
                .to_string()
        }];
        if let Ok(maps) = rows.column("region_map") {
            let mut maps: Vec<String> = maps.str()?.iter().flatten().map(String::from).collect();
            maps.sort();
            maps.dedup();
            place.push(format!(
                "{} {}",
                lang.pick("bản đồ", "map"),
                maps.join(", ")
            ));
        }
        lines.extend([
            String::new(),
            format!("== {label} ({})", place.join("; ")),
            String::new(),
        ]);
        lines.push(yearly_table(&rows, lang)?);
        lines.extend([
            String::new(),
            say!(
                format!(
                    "Tốc độ tăng trưởng bình quân năm {start}-{end} (bình quân nhân, năm gốc {}):",
                    start - 1
                ),
                format!(
                    "Average annual growth {start}-{end} (geometric, base year {}):",
                    start - 1
                ),
            )
            .to_string(),
            String::new(),
        ]);
        lines.push(stage_table(&only(&stage, code)?, lang)?);
    }
    write_line(out, &lines.join("\n"));
    Ok(0)
}

fn yearly_table(rows: &DataFrame, lang: Lang) -> Result<String> {
    let channel = strings(rows, "channel")?;
    let year = rows.column("year")?.cast(&DataType::Int64)?;
    let months = rows.column("months")?.cast(&DataType::Int64)?;
    let (count, value) = (rows.column("count")?.i64()?, rows.column("value")?.i64()?);
    let (cg, vg) = (
        rows.column("count_growth")?.f64()?,
        rows.column("value_growth")?.f64()?,
    );
    let (cn, vn) = (strings(rows, "count_note")?, strings(rows, "value_note")?);
    let body: Vec<Vec<String>> = (0..rows.height())
        .map(|i| {
            vec![
                channel_word(channel[i].as_deref(), lang),
                year.i64()
                    .ok()
                    .and_then(|y| y.get(i))
                    .map_or_else(String::new, |y| y.to_string()),
                months
                    .i64()
                    .ok()
                    .and_then(|m| m.get(i))
                    .map_or_else(String::new, |m| m.to_string()),
                count.get(i).map_or("—".into(), |n| lang.integer(n)),
                value
                    .get(i)
                    .map_or("—".into(), |v| lang.number(v as f64 / 1e9, 1)),
                rate(cg.get(i), lang),
                rate(vg.get(i), lang),
                cn[i].clone().or_else(|| vn[i].clone()).unwrap_or_default(),
            ]
        })
        .collect();
    let header = match lang {
        Lang::Vi => [
            "kênh",
            "năm",
            "số tháng",
            "số lượng (món)",
            "giá trị (tỷ đồng)",
            "tăng SL",
            "tăng GT",
            "ghi chú",
        ],
        Lang::En => [
            "channel",
            "year",
            "months",
            "count (món)",
            "value (tỷ đồng)",
            "count g",
            "value g",
            "note",
        ],
    };
    Ok(table(&header, &body, &[1, 2, 3, 4, 5, 6]))
}

fn stage_table(rows: &DataFrame, lang: Lang) -> Result<String> {
    let channel = strings(rows, "channel")?;
    let metric = strings(rows, "metric")?;
    let years = rows.column("years")?.cast(&DataType::Int64)?;
    let avg = rows.column("avg_growth")?.f64()?;
    let (formula, note) = (strings(rows, "formula")?, strings(rows, "note")?);
    let body: Vec<Vec<String>> = (0..rows.height())
        .map(|i| {
            let metric = [Metric::Count, Metric::Value]
                .into_iter()
                .find(|m| metric[i].as_deref() == Some(m.name()));
            vec![
                channel_word(channel[i].as_deref(), lang),
                metric.map_or_else(String::new, |m| m.heading(lang).to_lowercase()),
                years
                    .i64()
                    .ok()
                    .and_then(|y| y.get(i))
                    .map_or_else(String::new, |y| y.to_string()),
                rate(avg.get(i), lang),
                formula[i].clone().unwrap_or_default(),
                note[i].clone().unwrap_or_default(),
            ]
        })
        .collect();
    let header = match lang {
        Lang::Vi => [
            "kênh",
            "chỉ tiêu",
            "số năm",
            "bình quân/năm",
            "công thức",
            "ghi chú",
        ],
        Lang::En => [
            "channel",
            "metric",
            "years",
            "avg growth",
            "formula",
            "note",
        ],
    };
    Ok(table(&header, &body, &[2, 3]))
}

fn targets(given: &Given, out: &mut dyn Write) -> Outcome<u8> {
    let lang = language();
    let (tx, regions, banner) = load(given)?;
    let catalogue = Catalogue::load(given.required("catalogue")?)?;
    let indicators = if given.flag("sample") {
        Some(crate::sample::sample_indicators()?)
    } else if let Some(path) = given.path("indicators") {
        let read = crate::ingest::indicator_table::read_indicators;
        Some(read(&path, regions.as_ref())?)
    } else {
        None
    };
    let reading: crate::Reading = given.parsed("reading")?.unwrap_or(crate::Reading::Body);
    let year = given.year("year")?.unwrap_or(catalogue.stage.end);
    let options = crate::AttainmentOptions {
        year,
        year_start: given.parsed("year-start")?,
        regions,
        reading,
        estimate: given.parsed("estimate")?.unwrap_or(crate::Estimate::None),
        ..Default::default()
    };
    let verdicts = crate::attainment(&tx, indicators.as_ref(), &catalogue, &options)?;
    let year_start = options.year_start.unwrap_or(catalogue.reporting.year_start);
    let statuses: Vec<Option<Status>> = strings(&verdicts, "status")?
        .iter()
        .map(|s| s.as_deref().and_then(Status::from_name))
        .collect();
    let counted = Status::tally(statuses.iter().flatten().copied(), lang);
    let reading_word = match reading {
        crate::Reading::Body => lang.pick("theo nội dung kế hoạch", "the plan's text"),
        crate::Reading::Alternative => lang.pick("theo cách đọc khác", "the other reading"),
    };
    let doc = &catalogue.document;
    let mut lines = vec![
        say!(
            format!("cashless {}: các chỉ tiêu của {} ({}, {}, {})", crate::version(), catalogue.id, doc.number, doc.date, doc.issuer),
            format!("cashless {}: targets of {} ({}, {}, {})", crate::version(), catalogue.id, doc.number, doc.date, doc.issuer),
        )
        .to_string(),
        banner,
        say!(
            format!("Số liệu đến hết năm {year}; cách đọc: {reading_word}; năm báo cáo bắt đầu từ ngày {:02}/{:02}.", year_start.day, year_start.month),
            format!("As of {year}; reading: {reading_word}; reporting year starts {year_start}."),
        )
        .to_string(),
        String::new(),
        counted,
        String::new(),
    ];
    let ids = strings(&verdicts, "target_id")?;
    let units = strings(&verdicts, "region_code")?;
    let actual = verdicts.column("actual")?.f64()?;
    let gap = verdicts.column("gap_pp")?.f64()?;
    let required = verdicts.column("required")?.f64()?;
    let notes = strings(&verdicts, "note")?;
    let body: Vec<Vec<String>> = (0..verdicts.height())
        .map(|i| {
            let id = ids[i].clone().unwrap_or_default();
            let threshold = catalogue
                .target(&id)
                .map_or_else(String::new, |t| t.rule_for(reading).threshold_in(lang));
            let status = statuses[i].map_or("", |s| s.word(lang)).to_string();
            vec![
                id,
                units[i].clone().unwrap_or_default(),
                status,
                rate(actual.get(i), lang),
                threshold,
                gap.get(i).map_or("—".into(), |g| lang.points(g)),
                rate(required.get(i), lang),
                notes[i].clone().unwrap_or_default(),
            ]
        })
        .collect();
    let header = match lang {
        Lang::Vi => [
            "chỉ tiêu",
            "đơn vị",
            "đánh giá",
            "thực hiện",
            "mục tiêu",
            "chênh lệch",
            "cần đạt/năm",
            "ghi chú",
        ],
        Lang::En => [
            "target",
            "unit",
            "status",
            "actual",
            "threshold",
            "gap",
            "required/yr",
            "note",
        ],
    };
    lines.push(table(&header, &body, &[3, 5, 6]));
    write_line(out, &lines.join("\n"));
    Ok(0)
}

/// The rows of one unit.
fn only(frame: &DataFrame, code: &str) -> Result<DataFrame> {
    let codes = frame.column(REGION_CODE)?.str()?.clone();
    Ok(frame.filter(&codes.equal(code))?)
}

fn strings(frame: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    Ok(frame
        .column(name)?
        .cast(&DataType::String)?
        .str()?
        .iter()
        .map(|v| v.map(String::from))
        .collect())
}

fn channel_word(code: Option<&str>, lang: Lang) -> String {
    match (code.and_then(|c| c.parse::<Channel>().ok()), lang) {
        (Some(c), Lang::Vi) => c.word(lang).to_string(),
        _ => code.unwrap_or_default().to_string(),
    }
}

fn rate(g: Option<f64>, lang: Lang) -> String {
    g.map_or("—".into(), |g| lang.percent(g, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_stack_with_the_columns_some_of_them_have() {
        let mapped = df!(
            "region_code" => ["380"], "bank" => ["NH01"], "region_map" => ["vn-2020"],
        )
        .unwrap();
        let plain = df!("region_code" => ["381", "382"], "bank" => ["b.csv", "b.csv"]).unwrap();
        let all = stack(vec![mapped, plain]).unwrap();
        assert_eq!(all.height(), 3);
        let maps: Vec<Option<&str>> = all
            .column("region_map")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(maps, [Some("vn-2020"), None, None]);
        let codes: Vec<Option<&str>> = all
            .column("region_code")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(codes, [Some("380"), Some("381"), Some("382")]);
    }
}
