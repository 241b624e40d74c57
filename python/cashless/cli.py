"""The ``cashless`` command.

``cashless growth --sample`` prints the province's year-on-year growth per channel and the
2021-2025 average annual growth, from the built-in synthetic sample. ``--data FILE`` reads
canonical tables (CSV or Parquet: ``region_code, period, channel, count, value[, bank]``).

``cashless targets --sample --catalogue thanh-hoa-106-2022`` prints the verdict on every
target of a plan; ``--indicators FILE`` reads ``region_code, year, indicator, value``.

``cashless report --sample --catalogue thanh-hoa-106-2022 --year 2025`` writes the yearly
report (``bao-cao-2025.xlsx``, ``.html``, ``.md`` and SVG charts), as the crate's binary does.

``cashless check FILE...`` reads bank and agency reports as they arrive (CSV, Excel,
Parquet; long or wide; Vietnamese numbers and units) and prints the ledger: rows read, kept,
rejected and skipped, and every error and warning with its file, sheet, row, column and value.
It exits with status 1 when any error was found; ``--rejected OUT.csv`` writes the errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

import cashless
from cashless.textfmt import growth_rate, integer, render_table, spreadsheet_safe

SAMPLE_BANNER = (
    "Data: built-in SAMPLE. SYNTHETIC figures, not reported by anybody: Thanh Hoa's 27 "
    "district-level units by bank, 2019-12 to 2025-10."
)


REGIONS_HELP = (
    "bảng đơn vị hành chính: tệp CSV (code,name,level,parent) hoặc bản đồ dựng sẵn vn-2025, "
    "vn-2025-06, có thể chỉ một tỉnh (vn-2025:38, vn-2025-06:Thanh Hóa)"
    if cashless.language() == "vi"
    else "region table: a CSV (code,name,level,parent) or a built-in map, vn-2025 or "
    "vn-2025-06, optionally of one province (vn-2025:38, vn-2025-06:Thanh Hóa)"
)


def _read(path: str) -> pl.DataFrame:
    p = Path(path)
    if not p.exists():
        raise cashless.ArgumentError(f"{path}: no such file")
    if p.suffix.lower() == ".parquet":
        return pl.read_parquet(p)
    if p.suffix.lower() in (".csv", ".txt"):
        # Codes stay text: "01" (Ha Noi) must not become 1.
        return pl.read_csv(p, schema_overrides={"region_code": pl.String, "bank": pl.String})
    raise cashless.ArgumentError(f"{path}: expected a .csv or .parquet file")


def _load(args: argparse.Namespace) -> tuple[pl.DataFrame, pl.DataFrame | None, str]:
    if args.sample:
        return cashless.sample_data(), cashless.sample_regions(), SAMPLE_BANNER
    frames = []
    for path in args.data:
        frame = cashless.canonical(_read(path), source=path)
        if "bank" not in frame.columns:
            # A file without a bank column is usually one bank's report: the file names it.
            frame = frame.with_columns(bank=pl.lit(Path(path).name))
        frames.append(frame)
    regions = cashless.load_regions(args.regions) if args.regions else None
    files = ", ".join(args.data)
    return pl.concat(frames, how="diagonal"), regions, f"Data: {files}"


def growth_command(args: argparse.Namespace) -> int:
    """Print yearly growth per channel and the stage average for each region of the data.

    >>> args = build_parser().parse_args(["growth", "--sample", "--region", "38"])
    >>> growth_command(args)  # doctest: +ELLIPSIS
    cashless ...: growth of cashless payments
    ...
    mobile    count       4     79.41 %  (X_2024 / X_2020)^(1/4) - 1  stage not complete: ...
    ...
    0
    """
    tx, regions, banner = _load(args)
    if regions is not None:
        tx = cashless.rollup(tx, regions, args.level)
    if args.region:
        tx = tx.filter(pl.col("region_code") == args.region)
        if tx.height == 0:
            raise cashless.ArgumentError(f"no data for region {args.region!r}")
    years = cashless.annual(tx, year_start=args.year_start)
    yoy = cashless.growth(years)
    stage = cashless.average_growth(years, args.start, args.end)
    names = {}
    if regions is not None:
        names = dict(zip(regions["code"].to_list(), regions["name"].to_list()))

    out = [f"cashless {cashless.__version__}: growth of cashless payments", banner]
    out.append(
        f"Reporting year starts {args.year_start} and is named after the year it ends in. "
        "Growth g_t = X_t / X_(t-1) - 1; a partial year is not compared with a full one."
    )
    for region in yoy["region_code"].unique(maintain_order=True).to_list():
        label = f"{region} {names.get(region, '')}".strip()
        rows = yoy.filter(pl.col("region_code") == region)
        where = [args.level if regions is not None else "level as given"]
        if "region_map" in rows.columns:
            where.append("map " + ", ".join(sorted(rows["region_map"].unique().to_list())))
        out += ["", f"== {label} ({'; '.join(where)})", ""]
        out.append(
            render_table(
                [
                    "channel",
                    "year",
                    "months",
                    "count (mon)",
                    "value (ty dong)",
                    "count g",
                    "value g",
                    "note",
                ],
                [
                    [
                        r["channel"],
                        str(r["year"]),
                        str(r["months"]),
                        integer(r["count"]),
                        f"{r['value'] / 1e9:,.1f}",
                        growth_rate(r["count_growth"]),
                        growth_rate(r["value_growth"]),
                        r["count_note"] or r["value_note"] or "",
                    ]
                    for r in rows.iter_rows(named=True)
                ],
                right={1, 2, 3, 4, 5, 6},
            )
        )
        avg = stage.filter(pl.col("region_code") == region)
        out += [
            "",
            f"Average annual growth {args.start}-{args.end} (geometric, base year "
            f"{args.start - 1}):",
            "",
        ]
        out.append(
            render_table(
                ["channel", "metric", "years", "avg growth", "formula", "note"],
                [
                    [
                        r["channel"],
                        r["metric"],
                        "" if r["years"] is None else str(r["years"]),
                        growth_rate(r["avg_growth"]),
                        r["formula"] or "",
                        r["note"] or "",
                    ]
                    for r in avg.iter_rows(named=True)
                ],
                right={2, 3},
            )
        )
    print("\n".join(out))
    return 0


def targets_command(args: argparse.Namespace) -> int:
    """Print the verdict on every target of a catalogue, unit by unit.

    >>> plan = "thanh-hoa-106-2022"
    >>> args = build_parser().parse_args(["targets", "--sample", "--catalogue", plan])
    >>> targets_command(args)  # doctest: +ELLIPSIS
    cashless ...: targets of thanh-hoa-106-2022 (106/KH-UBND, 2022-04-12, UBND tỉnh Thanh Hóa)
    ...
    water.revenue ... met ...61.56 %  ≥ 50 %  ...reading (appendix row 14, ≥ 80 %): Below...
    ...
    0
    """
    tx, regions, banner = _load(args)
    if args.sample:
        indicators: pl.DataFrame | None = cashless.sample_indicators()
    elif args.indicators:
        indicators = cashless.read_indicators(args.indicators, regions=regions).data
    else:
        indicators = None
    cat = cashless.catalogue(args.catalogue)
    result = cashless.attainment(
        tx,
        indicators,
        cat,
        args.as_of,
        year_start=args.year_start,
        regions=regions,
        reading=args.reading,
        estimate=args.estimate,
    )
    out = [
        f"cashless {cashless.__version__}: targets of {cat.id} ({cat.number}, {cat.date}, "
        f"{cat.issuer})",
        banner,
        f"As of {args.as_of}; reading: {args.reading}; reporting year starts "
        f"{args.year_start or cat.reporting['year_start']}.",
        "",
        ", ".join(f"{n} {s}" for s, n in result.summary().items() if n),
        "",
    ]

    thresholds = {
        r["id"]: (r["conflict_threshold"] if args.reading == "alternative" else None)
        or r["threshold"]
        for r in cat.targets.iter_rows(named=True)
    }

    def pp(x: float | None) -> str:
        return "—" if x is None else f"{x:+.2f} pp"

    out.append(
        render_table(
            ["target", "unit", "status", "actual", "threshold", "gap", "required/yr", "note"],
            [
                [
                    r["target_id"],
                    r["region_code"],
                    r["status"],
                    growth_rate(r["actual"]),
                    thresholds[r["target_id"]],
                    pp(r["gap_pp"]),
                    growth_rate(r["required"]),
                    r["note"] or "",
                ]
                for r in result.frame.iter_rows(named=True)
            ],
            right={3, 5, 6},
        )
    )
    print("\n".join(out))
    return 0


def check_command(args: argparse.Namespace) -> int:
    r"""Print the ledger of reading ``args.files``; 1 when any row was rejected.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "nh01.csv").write_text(
    ...     "Mã đơn vị;Kỳ;Kênh;Số lượng (món);Giá trị (triệu đồng)\n"
    ...     "380;T1/2023;Mobile banking;1.200;3,5\n380;T1/2023;Fax;1;1\n", encoding="utf-8")
    >>> args = build_parser().parse_args(["check", str(d / "nh01.csv"), "--quiet"])
    >>> check_command(args)  # doctest: +ELLIPSIS
    2 rows read: 1 kept, 1 rejected, 0 skipped; 1 errors, 0 warnings
    <BLANKLINE>
    severity  check            where       column  value  message
    --------  ---------------  ----------  ------  -----  -------...
    error     unknown_channel  nh01.csv:3  Kênh    Fax    unknown channel label "Fax"; ...
    1
    """
    regions = None
    if args.regions:
        regions = cashless.load_regions(args.regions)
    elif args.sample_regions:
        regions = cashless.sample_regions()
    read = _read_bank_files(
        args, args.files, regions, keep_going=True, region=args.region, progress=not args.quiet
    )
    print(read.summary())
    shown = read.ledger if args.all else read.ledger.filter(pl.col("severity") != "info")
    if shown.height:
        rows = []
        for e in shown.iter_rows(named=True):
            where = Path(e["source"]).name
            if e["sheet"] is not None:
                where += f"[{e['sheet']}]"
            if e["row"] is not None:
                where += f":{e['row']}"
            rows.append([e["severity"], e["check"], where, e["column"], e["value"], e["message"]])
        header = ["severity", "check", "where", "column", "value", "message"]
        print()
        print(render_table(header, rows))
    info = read.ledger.filter(severity="info").height
    if info and not args.all:
        print(f"\n({info} info entries not shown: empty and total rows, notes; --all shows them)")
    if args.rejected:
        text = [c for c, t in read.errors.schema.items() if t == pl.String]
        read.errors.with_columns(
            pl.col(c).map_elements(spreadsheet_safe, return_dtype=pl.String) for c in text
        ).write_csv(args.rejected)
        print(f"\nrejected rows written to {args.rejected}")
    return 1 if read.errors.height else 0


def report_command(args: argparse.Namespace) -> int:
    """Write the yearly report (Excel, HTML, Markdown, SVG charts) and list the files.

    The same Rust code as the crate's ``cashless`` binary: the same arguments give the same
    bytes.

    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> args = build_parser().parse_args(["report", "--sample", "--catalogue",
    ...     "thanh-hoa-106-2022", "--year", "2025", "--out", out])
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()) as printed:
    ...     status = report_command(args)
    >>> status, sorted(Path(p).name for p in printed.getvalue().split())[-4:]
    (0, ['bao-cao-2025.docx', 'bao-cao-2025.html', 'bao-cao-2025.md', 'bao-cao-2025.xlsx'])
    """
    if args.lang:
        cashless.set_language(args.lang)
    data: cashless.Read | None = None
    if not args.sample and args.data:
        # The files are read as `cashless check` reads them, with the same options.
        regions = None if args.regions is None else cashless.load_regions(args.regions)
        data = _read_bank_files(args, args.data, regions, keep_going=args.keep_going)
    r = cashless.report(
        data,
        sample=args.sample,
        catalogue=args.catalogue,
        year=args.year,
        as_of=args.as_of,
        estimate=args.estimate,
        period="h1" if args.half else "year",
        region=args.region,
        lang=args.lang or "vi",
        regions=args.regions,
        indicators=args.indicators,
        keep_going=args.keep_going,
        letterhead=args.letterhead,
    )
    for path in r.save(args.out):
        print(path)
    return 0


def labels_command(args: argparse.Namespace) -> int:
    """Print the labels the reader accepts, by kind.

    >>> args = build_parser().parse_args(["labels", "refused"])
    >>> labels_command(args)  # doctest: +ELLIPSIS
    refused
    -------
      ngan hang dien tu  →  "Ngân hàng điện tử" (e-banking) covers both internet and mobile ...
    ...
    0
    """
    table = cashless.labels(args.kind)
    for (kind,), group in table.group_by("kind", maintain_order=True):
        print(f"{kind}\n{'-' * len(str(kind))}")
        for label, means in group.select("label", "means").iter_rows():
            print(f"  {label}  →  {means}")
        print()
    return 0


def _read_bank_files(
    args: argparse.Namespace,
    files: list[str],
    regions: pl.DataFrame | None,
    **more: Any,
) -> cashless.Read:
    """Reads bank files with the options `_reading_options` adds."""
    return cashless.read(
        files,
        sheet=args.sheet,
        style=args.style,
        mapping=args.mapping,
        regions=regions,
        count_unit=args.count_unit,
        value_unit=args.value_unit,
        period=args.period,
        bank=args.bank,
        bank_from=args.bank_from,
        **more,
    )


def _reading_options(p: argparse.ArgumentParser) -> None:
    """How bank files are read: the same options for `check` and `report --data`."""
    p.add_argument("--sheet", help="only this sheet of each workbook")
    p.add_argument("--style", choices=["vi", "en"], default="vi", help="vi: 1.234,5; en: 1,234.5")
    p.add_argument("--mapping", metavar="TOML", help="headers the built-in words do not know")
    p.add_argument("--count-unit", help="unit of count headers naming none (e.g. 'nghìn món')")
    p.add_argument("--value-unit", help="unit of value headers naming none (e.g. 'triệu đồng')")
    p.add_argument("--period", help="the month of every row, for files without one (T5/2023)")
    p.add_argument("--bank", help="the bank of every row, for files without a bank column")
    p.add_argument(
        "--bank-from",
        choices=["name", "title"],
        help="a file's bank from its name (NH07_2024-03.xlsx) or its title block",
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser.

    >>> build_parser().parse_args(["growth", "--sample", "--year-start", "12-01"]).year_start
    '12-01'
    """
    parser = argparse.ArgumentParser(
        prog="cashless",
        description="Growth figures and target verdicts of Vietnam's cashless-payment programme.",
    )
    parser.add_argument("--version", action="version", version=cashless.__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    def with_inputs(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help)
        source = p.add_mutually_exclusive_group(required=True)
        source.add_argument("--sample", action="store_true", help="the built-in synthetic sample")
        source.add_argument("--data", nargs="+", metavar="FILE", help="canonical CSV/Parquet files")
        p.add_argument("--regions", metavar="FILE|MAP", help=REGIONS_HELP)
        return p

    g = with_inputs("growth", "yearly growth per channel and the stage average")
    g.add_argument("--level", default="province", help="roll up to this level (default province)")
    g.add_argument("--region", metavar="CODE", help="only this region")
    g.add_argument(
        "--year-start",
        default="01-01",
        metavar="MM-DD",
        help="first day of the reporting year (Thanh Hoa: 12-01)",
    )
    g.add_argument("--start", type=int, default=2021, help="first year of the stage")
    g.add_argument("--end", type=int, default=2025, help="last year of the stage")
    g.set_defaults(func=growth_command)

    t = with_inputs("targets", "the verdict on every target of a plan")
    t.add_argument("--indicators", metavar="FILE", help="region_code,year,indicator,value CSV")
    t.add_argument("--catalogue", required=True, metavar="ID|FILE", help="built-in id or TOML file")
    t.add_argument("--as-of", type=int, default=2025, help="last year of data to use")
    t.add_argument(
        "--year-start", metavar="MM-DD", help="reporting year start (default: the plan's)"
    )
    t.add_argument("--reading", choices=["body", "alternative"], default="body")
    t.add_argument(
        "--estimate",
        choices=["none", "same_period", "run_rate"],
        default="none",
        help="complete a partial --as-of year (full-year estimate)",
    )
    t.set_defaults(func=targets_command)

    r = sub.add_parser("report", help="the yearly report: Excel, HTML, Markdown and charts")
    source = r.add_mutually_exclusive_group(required=True)
    source.add_argument("--sample", action="store_true", help="the built-in synthetic sample")
    source.add_argument(
        "--data",
        nargs="+",
        metavar="[BANK=]FILE",
        help="reports as banks send them (.csv, .xlsx, ...); NH01=FILE gives a file its bank",
    )
    r.add_argument("--catalogue", required=True, metavar="ID|FILE", help="built-in id or TOML file")
    r.add_argument("--year", type=int, required=True, help="the reporting year")
    r.add_argument("--as-of", metavar="YYYY-MM-DD", help="data cut-off (later months left out)")
    r.add_argument(
        "--estimate",
        choices=["none", "same_period", "run_rate"],
        help="complete a partial report year (default: same_period for the stage's last "
        "year with at least 6 months, none otherwise)",
    )
    r.add_argument(
        "--half", action="store_true", help="the report on the first six months of the year"
    )
    r.add_argument("--region", metavar="CODE", help="the unit, when the data has several")
    # Given, it is the language of the whole command (report, ledger, errors); the report is
    # Vietnamese without it.
    r.add_argument("--lang", choices=["vi", "en"], default=None)
    r.add_argument("--out", default=".", metavar="DIR", help="where to write (default: here)")
    r.add_argument(
        "--letterhead",
        metavar="TOML",
        help="thông tin đơn vị cho báo cáo Word (cơ quan, số, ký hiệu, nơi nhận, người ký)"
        if cashless.language() == "vi"
        else "the branch's details for the Word report (issuer, number, recipients, signer)",
    )
    r.add_argument("--regions", metavar="FILE|MAP", help=REGIONS_HELP)
    r.add_argument("--indicators", metavar="FILE", help="region_code,year,indicator,value CSV")
    r.add_argument("--keep-going", action="store_true", help="report on the rows without errors")
    _reading_options(r)
    r.set_defaults(func=report_command)

    lb = sub.add_parser("labels", help="the labels the reader accepts (channels, units, …)")
    lb.add_argument(
        "kind",
        nargs="?",
        choices=[
            "channel",
            "refused",
            "column",
            "measure",
            "unit",
            "region_kind",
            "indicator",
            "period",
        ],
        help="only this kind",
    )
    lb.set_defaults(func=labels_command)

    c = sub.add_parser("check", help="read reports as they arrive and print the ledger")
    c.add_argument(
        "files",
        nargs="+",
        metavar="[BANK=]FILE",
        help=".csv, .xlsx or .parquet files; NH01=FILE gives a file without a bank column its bank",
    )
    _reading_options(c)
    rg = c.add_mutually_exclusive_group()
    rg.add_argument("--regions", metavar="FILE|MAP", help=REGIONS_HELP)
    rg.add_argument("--sample-regions", action="store_true", help="the sample's region table")
    c.add_argument("--region", help="the region of every row, for files without one")
    c.add_argument("--rejected", metavar="OUT.csv", help="write the errors (rejected rows) here")
    c.add_argument("--all", action="store_true", help="also list info entries")
    c.add_argument("--quiet", action="store_true", help="no progress lines on standard error")
    c.set_defaults(func=check_command)

    vi = cashless.language() == "vi"
    f = sub.add_parser(
        "forms",
        help="biểu thu thập số liệu gửi các cơ quan, mỗi cơ quan một tệp"
        if vi
        else "the data forms for the agencies, one workbook each",
    )
    f.add_argument("--catalogue", required=True, metavar="ID|PATH")
    f.add_argument("--year", type=int, required=True)
    fg = f.add_mutually_exclusive_group(required=True)
    fg.add_argument("--regions", metavar="FILE|MAP", help=REGIONS_HELP)
    fg.add_argument("--sample-regions", action="store_true", help="the sample's region table")
    f.add_argument(
        "--region",
        metavar="CODE",
        help="chỉ các đơn vị thuộc đơn vị này" if vi else "only the units inside this one",
    )
    f.add_argument("--out", default=".", metavar="DIR", help="where to write (default: here)")
    f.set_defaults(func=forms_command)
    return parser


def forms_command(args: argparse.Namespace) -> int:
    """Write a form for every agency the plan names, and print the files written.

    >>> import tempfile, contextlib, io
    >>> out = tempfile.mkdtemp()
    >>> args = build_parser().parse_args(["forms", "--catalogue", "thanh-hoa-106-2022",
    ...     "--year", "2025", "--sample-regions", "--out", out])
    >>> with contextlib.redirect_stdout(io.StringIO()) as printed:
    ...     status = forms_command(args)
    >>> status, Path(printed.getvalue().split()[0]).name
    (0, 'bieu-so-lieu-so-cong-thuong.xlsx')
    """
    regions = cashless.sample_regions() if args.sample_regions else args.regions
    for form in cashless.forms(args.catalogue, args.year, regions=regions, region=args.region):
        print(form.save(args.out))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; library errors are printed as one line and give exit status 1.

    >>> main(["growth", "--data", "missing.csv"])
    1
    """
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except cashless.CashlessError as e:
        print(f"cashless: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
