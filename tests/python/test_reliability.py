"""Inputs that once were misread or escaped the library's exceptions (the reliability issue).

Each builds its input and asserts the exact figure or the exact refusal.
"""

from __future__ import annotations

import contextlib
import io
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

import cashless
from cashless.cli import main


def one_row(**columns: object) -> pl.DataFrame:
    """One canonical record (380, May 2023, QR, 1 món, 1 000 đồng), with ``columns`` replacing
    or adding to it."""
    row: dict[str, object] = {
        "region_code": ["380"],
        "period": ["2023-05"],
        "channel": ["qr"],
        "count": [1],
        "value": [1000],
    }
    row.update(columns)
    return pl.DataFrame(row)


def test_decimal_figures_stay_exact():
    # 9007199254740993 = 2^53 + 1: a float holds 9007199254740992.
    big = Decimal("9007199254740993.00")
    raw = one_row(count=[Decimal("10")], value=[big])
    read = cashless.read(raw)
    assert read.data["value"].to_list() == [9007199254740993]
    # Not whole, in a unit: 1 234,5 triệu đồng is 1 234 500 000 đồng.
    raw = pl.DataFrame(
        {
            "region_code": ["380"],
            "period": ["2023-05"],
            "channel": ["qr"],
            "Số lượng (món)": [Decimal("10")],
            "Giá trị (triệu đồng)": [Decimal("1234.50")],
        }
    )
    assert cashless.read(raw).data["value"].to_list() == [1_234_500_000]


def test_a_pandas_frame_is_named_not_read_as_file_names():
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"timestamp": ["2024-01-15"], "amount": [1000]})
    with pytest.raises(cashless.CashlessError, match=r"polars\.from_pandas"):
        cashless.aggregate_transactions(frame)
    with pytest.raises(cashless.CashlessError, match=r"polars\.from_pandas"):
        cashless.read(frame)


def test_projection_out_of_range_is_a_cashless_error():
    with pytest.raises(cashless.CashlessError):
        cashless.project(100, -1, -1)
    with pytest.raises(cashless.CashlessError):
        cashless.required_growth_to_level(1e-300, 2024, 1e300, 2025)
    assert cashless.project(100, 0.1, 2) == pytest.approx(121.0, abs=1e-9)


def test_check_writes_inert_cells_and_prints_no_escape_sequences(tmp_path: Path):
    src = tmp_path / "nh01.csv"
    src.write_text(
        "Mã đơn vị;Kỳ;Kênh;Số lượng (món);Giá trị (đồng)\n"
        '=HYPERLINK("http://x");T1/2023;QR;1;1000\n'
        "380;T1/2023;+cmd|calc;1;1000\n"
        "380;T1/2023;QR\x1b[2J;1;1000\n",
        encoding="utf-8",
    )
    out = tmp_path / "rejected.csv"
    args = ["check", str(src), "--quiet", "--sample-regions", "--rejected", str(out)]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(args) == 1
    assert "\x1b" not in printed.getvalue()
    assert "QR\\x1b[2J" in printed.getvalue()
    written = pl.read_csv(out, infer_schema_length=0)
    values = written["value"].to_list()
    assert '\'=HYPERLINK("http://x")' in values
    assert "'+cmd|calc" in values
    assert not any(v.startswith(("=", "+", "@")) for v in values if v)


def test_new_messages_follow_the_language_chosen():
    try:
        cashless.set_language("vi")
        with pytest.raises(cashless.CashlessError, match="không thể dự báo"):
            cashless.project(100, -1, -1)
        cashless.set_language("en")
        with pytest.raises(cashless.CashlessError, match="cannot project"):
            cashless.project(100, -1, -1)
        with pytest.raises(cashless.CashlessError):
            cashless.set_language("fr")
    finally:
        cashless.set_language("en")


def test_foreign_exceptions_leave_as_cashless_errors(tmp_path: Path):
    tx = cashless.sample_data()
    cat = cashless.catalogue("decision-1813")
    # A year past any integer the engine takes: Python's OverflowError before.
    with pytest.raises(cashless.ArgumentError, match="OverflowError"):
        cashless.attainment(tx, None, cat, year=2**40)
    # A number where a text is due: TypeError before.
    with pytest.raises(cashless.ArgumentError, match="TypeError"):
        cashless.parse_channel(5)  # type: ignore[arg-type]
    # A ragged CSV of raw records: polars' own error, as an input error.
    ragged = tmp_path / "ragged.csv"
    ragged.write_text(
        "timestamp,channel,amount,region_code\n2024-01-15,pos,1000,38\n2024-01-15,pos,1,38,x,y\n",
        encoding="utf-8",
    )
    with pytest.raises(cashless.CashlessError) as caught:
        cashless.aggregate_transactions(ragged, keep_going=True)
    assert not isinstance(caught.value, cashless.InternalError), caught.value


def test_a_zoned_period_is_vietnams_month():
    # Vietnam's midnight on 1 May 2023 is 30 April 17:00 in UTC.
    import datetime as dt

    period = pl.Series(
        "period", [dt.datetime(2023, 5, 1, 0, 0)], dtype=pl.Datetime("us", "Asia/Ho_Chi_Minh")
    )
    raw = one_row(period=period)
    assert [str(p) for p in cashless.read(raw).data["period"]] == ["2023-05-01"]


def test_an_object_column_nobody_reads_is_no_error():
    raw = one_row(**{"Ghi chú": pl.Series([object()], dtype=pl.Object)})
    assert cashless.read(raw).data["count"].to_list() == [1]


@pytest.mark.parametrize(
    "body",
    [
        b"2024-01-15,pos,1000,38\n2024-01-15,pos,1,38,x,y\n",  # ragged
        b'2024-01-15,pos,1000,38\n2024-01-15,po"s,1,38\n',  # a stray quote
        b"2024-01-15,pos,1000,38\n2024-01-15,Th\xe1i,1,38\n",  # Latin-1, not UTF-8
        b"2024-01-15,pos,1000,38\n" * 3 + b"2024-01-15,pos,99999999999999999999,38\n",
    ],
)
def test_raw_record_files_that_polars_cannot_read_are_input_errors(tmp_path: Path, body: bytes):
    path = tmp_path / "records.csv"
    path.write_bytes(b"timestamp,channel,amount,region_code\n" + body)
    try:
        out = cashless.aggregate_transactions(path, keep_going=True)
    except cashless.CashlessError as e:
        assert not isinstance(e, cashless.InternalError), e
    else:
        # Read after all: then every line is accounted for.
        assert out.rows_read == len(body.splitlines())


def test_methods_leave_with_cashless_errors_too():
    r = cashless.read(one_row())
    # A row of the wrong kind: Python's own error before.
    with pytest.raises(cashless.CashlessError):
        r.explain(42)  # type: ignore[arg-type]
    with pytest.raises(cashless.ArgumentError):
        cashless.Catalogue.from_toml(42)  # type: ignore[arg-type]


def test_duration_and_binary_columns_nobody_reads_are_no_error():
    import datetime as dt

    raw = one_row(
        **{
            "Thời gian xử lý": pl.Series([dt.timedelta(hours=2)], dtype=pl.Duration("us")),
            "Ghi chú": pl.Series([b"\xff\xfe"], dtype=pl.Binary),
        }
    )
    assert cashless.read(raw).data["count"].to_list() == [1]


def test_decimal_figures_stay_exact_in_annual_too():
    big = Decimal("9007199254740993")
    raw = one_row(count=[Decimal("10")], value=[big])
    years = cashless.annual(raw, derive_all=False)
    assert years["value"].to_list() == [9007199254740993]


def test_the_python_layers_own_messages_follow_the_language_chosen():
    calls = [
        (lambda: cashless.read(42), "không phải", "must be"),
        (
            lambda: cashless.report(
                data=[], sample=True, catalogue="thanh-hoa-106-2022", year=2024
            ),
            "không phải cả hai",
            "not both",
        ),
        (lambda: cashless.catalogue("no-such-plan"), "không phải danh mục", "neither"),
        (lambda: cashless.growth("2024"), "phải là một polars.DataFrame", "must be a polars"),
    ]
    try:
        for call, vi, en in calls:
            cashless.set_language("vi")
            with pytest.raises(cashless.ArgumentError, match=vi):
                call()
            cashless.set_language("en")
            with pytest.raises(cashless.ArgumentError, match=en):
                call()
    finally:
        cashless.set_language("en")


def test_the_exceptions_have_the_attributes_their_stub_declares(tmp_path):
    # stubtest does not see instance attributes: the stub's are read here and looked for on
    # the classes (None there) and on raised errors (set there).
    import ast

    stub = Path(cashless._cashless.__file__).with_name("_cashless.pyi")
    if not stub.exists():  # pragma: no cover - an installed wheel carries it
        stub = Path(__file__).parents[2] / "python" / "cashless" / "_cashless.pyi"
    declared = {
        node.name: [a.target.id for a in node.body if isinstance(a, ast.AnnAssign)]
        for node in ast.parse(stub.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef) and node.name.endswith("Error")
    }
    assert declared["InputError"] == ["source", "row", "column", "value"]
    assert declared["CatalogueError"] == ["line", "key"]
    assert declared["IngestError"] == ["sheet", "ledger"]
    for name, attributes in declared.items():
        for attribute in attributes:
            assert hasattr(getattr(cashless, name), attribute), (name, attribute)

    bad = tmp_path / "nh.csv"
    bad.write_text("region_code,period,channel,count,value\n380,2023-01,fax,1,1\n", "utf-8")
    with pytest.raises(cashless.IngestError) as info:
        cashless.read(bad)
    e = info.value
    # The row is the line of the file (the header is line 1).
    assert (e.source, e.row, e.column, e.value, e.sheet) == (str(bad), 2, "channel", "fax", None)
    assert e.ledger is not None and e.ledger.height >= 1
    with pytest.raises(cashless.InputError) as missing:
        cashless.growth(pl.DataFrame({"region_code": ["38"]}))
    # A missing column has no row: the attributes are there, and None.
    assert (missing.value.row, missing.value.value) == (None, None)
