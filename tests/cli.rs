//! The `cashless` command: the binary prints what [`cashless::cli::run`] prints (the Python
//! console script runs that function too), its help and errors in the language asked for,
//! naming the same file, row, column and value in both.

use std::process::Command;

/// A fresh folder of this test's own.
fn folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cashless-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = cashless::cli::run(&args, &mut out, &mut err);
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (status, text(out), text(err))
}

#[test]
fn the_binary_prints_what_the_library_prints() {
    let args = ["growth", "--sample", "--region", "38", "--lang", "vi"];
    let binary = Command::new(env!("CARGO_BIN_EXE_cashless"))
        .args(args)
        .output()
        .unwrap();
    let (status, out, err) = run(&args);
    assert_eq!((status, err.as_str()), (0, ""));
    assert_eq!(binary.status.code(), Some(0));
    assert_eq!(String::from_utf8(binary.stdout).unwrap(), out);
    // The province's ATM count in 2021 against 2020: 33,535,540 / 35,115,541 - 1 = -4.50 %
    // (the sample's figures, as `cashless growth --sample` printed them before).
    let atm = out
        .lines()
        .find(|l| l.starts_with("ATM") && l.contains(" 2021 "))
        .unwrap();
    assert!(
        atm.contains("33.535.540") && atm.contains("-4,50 %"),
        "{atm}"
    );
}

#[test]
fn help_is_in_the_language_asked_for() {
    let (status, vi, _) = run(&["--help", "--lang", "vi"]);
    assert_eq!(status, 0);
    assert!(vi.contains("cách dùng: cashless LỆNH"), "{vi}");
    let (_, en, _) = run(&["--help", "--lang", "en"]);
    assert!(en.contains("usage: cashless COMMAND"), "{en}");
    let (_, report, _) = run(&["report", "--help", "--lang", "vi"]);
    assert!(
        report.contains("--letterhead TOML     thông tin đơn vị"),
        "{report}"
    );
    for command in ["growth", "targets", "report", "check", "forms", "labels"] {
        let (status, vi, _) = run(&[command, "--help", "--lang", "vi"]);
        let (_, en, _) = run(&[command, "--help", "--lang", "en"]);
        assert_eq!(status, 0);
        assert!(
            vi.starts_with(&format!("cách dùng: cashless {command}")),
            "{vi}"
        );
        assert!(
            en.starts_with(&format!("usage: cashless {command}")),
            "{en}"
        );
    }
}

#[test]
fn a_command_line_that_cannot_run_exits_with_2_and_its_usage() {
    let (status, _, err) = run(&["report", "--sample", "--yaer", "2025", "--lang", "vi"]);
    assert_eq!(status, 2);
    assert!(
        err.starts_with("cashless: lệnh report không có tùy chọn --yaer\ncách dùng:"),
        "{err}"
    );
    let (status, _, err) = run(&["report", "--sample", "--yaer", "2025", "--lang", "en"]);
    assert_eq!(status, 2);
    assert!(
        err.starts_with("cashless: report takes no option --yaer\nusage:"),
        "{err}"
    );
    let (status, _, err) = run(&["tagrets", "--lang", "en"]);
    assert_eq!(status, 2);
    assert!(err.starts_with("cashless: no command \"tagrets\""), "{err}");
    let (status, _, err) = run(&["report", "--lang", "fr"]);
    assert_eq!(
        (status, err.as_str()),
        (2, "cashless: language \"fr\" is not vi or en\n")
    );
}

#[test]
fn a_bad_value_is_named_in_either_language() {
    let dir = folder("bad-value");
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "region_code,period,channel,count,value\n380,2023-01-01,Smoke,1,1\n",
    )
    .unwrap();
    let path = bad.to_str().unwrap();
    let (status, out, vi) = run(&["growth", "--data", path, "--lang", "vi"]);
    assert_eq!((status, out.as_str()), (1, ""));
    let want = format!(
        "cashless: không rõ kênh \"Smoke\" tại {path}, dòng 0, cột `channel`, giá trị \"Smoke\"; các kênh:"
    );
    assert!(vi.starts_with(&want), "{vi}");
    let (status, _, en) = run(&["growth", "--data", path, "--lang", "en"]);
    assert_eq!(status, 1);
    let want = format!(
        "cashless: unknown channel label \"Smoke\" at {path}, row 0, column `channel`, value \"Smoke\"; known channels:"
    );
    assert!(en.starts_with(&want), "{en}");
}

#[test]
fn check_prints_the_ledger_and_fails_on_errors() {
    let dir = folder("check");
    let file = dir.join("nh01.csv");
    std::fs::write(
        &file,
        "Mã đơn vị;Kỳ;Kênh;Số lượng (món);Giá trị (triệu đồng)\n\
         380;T1/2023;Mobile banking;1.200;3,5\n380;T1/2023;Fax;1;1\n",
    )
    .unwrap();
    let rejected = dir.join("loai.csv");
    let path = file.to_str().unwrap();
    let (status, vi, _) = run(&["check", path, "--quiet", "--lang", "vi"]);
    assert_eq!(status, 1);
    let lines: Vec<&str> = vi.lines().collect();
    assert_eq!(
        lines[0],
        "2 dòng đã đọc: giữ 1, loại 1, bỏ qua 0; 1 lỗi, 0 cảnh báo"
    );
    assert!(lines[2].starts_with("mức độ  kiểm tra"), "{vi}");
    assert!(
        lines[4].starts_with("lỗi     Kênh không rõ  nh01.csv:3  Kênh  Fax"),
        "{vi}"
    );
    let (status, en, _) = run(&[
        "check",
        path,
        "--quiet",
        "--lang",
        "en",
        "--rejected",
        rejected.to_str().unwrap(),
    ]);
    assert_eq!(status, 1);
    assert!(en.starts_with("2 rows read: 1 kept, 1 rejected, 0 skipped; 1 errors, 0 warnings"));
    assert!(
        en.contains("error     Unknown channel  nh01.csv:3  Kênh    Fax"),
        "{en}"
    );
    let csv = std::fs::read_to_string(&rejected).unwrap();
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("severity,check,source,sheet,row,column,value,message")
    );
    assert!(rows
        .next()
        .unwrap()
        .starts_with(&format!("error,unknown_channel,{path},,3,Kênh,Fax,")));
    assert_eq!(rows.next(), None);
}

#[test]
fn growth_takes_the_calendar_and_the_stage_of_a_plan() {
    let growth = |extra: &[&str]| {
        let base = ["growth", "--sample", "--region", "38", "--lang", "en"];
        run(&[&base[..], extra].concat())
    };
    // Thanh Hóa's plan: years from 1 December, stage 2021-2025. Without it, calendar years.
    let (status, plan, _) = growth(&["--catalogue", "thanh-hoa-106-2022"]);
    assert_eq!(status, 0);
    assert!(plan.contains("Reporting year starts 12-01"), "{plan}");
    let (_, calendar, _) = growth(&[]);
    assert!(
        calendar.contains("Reporting year starts 01-01"),
        "{calendar}"
    );
    // The plan's 2020 all-channel count (the first line of the report's table): 73,146,680.
    assert!(plan.contains("73,146,680"), "{plan}");
    assert!(!calendar.contains("73,146,680"), "{calendar}");
    // A year start given on the command line wins over the plan's.
    let (_, given, _) = growth(&["--catalogue", "thanh-hoa-106-2022", "--year-start", "01-01"]);
    assert_eq!(given, calendar);
}
