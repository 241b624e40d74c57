"""Benchmark: annual + growth + stage averages on >= 5 million monthly rows.

Not a test. Prints the time of ``cashless`` against the same computation hand-written in
polars and in pandas, all measured in this run on the same data, as ratios.

    pip install '.[bench]' && python benchmarks/bench_core.py [--regions 1200] [--repeat 3]

The hand-written versions compute the same figures but check nothing: no channel mapping, no
duplicate-key or negative-value checks, no gap rule (they compare with the previous row, as
``pct_change`` does), no partial-year rule. The ratio is the price of those guarantees.
"""

from __future__ import annotations

import argparse
import time
from typing import Any, Callable

import polars as pl

import cashless

CHANNELS = ["internet", "mobile", "qr", "pos", "atm", "all"]


def synthetic(regions: int, banks: int) -> pl.DataFrame:
    """regions x banks x 6 channels x 72 months (2020-2025), deterministic pseudo-random sums."""
    months = pl.date_range(pl.date(2020, 1, 1), pl.date(2025, 12, 1), "1mo", eager=True)
    frame = (
        pl.DataFrame({"region_code": [f"{10000 + i}" for i in range(regions)]})
        .join(pl.DataFrame({"bank": [f"NH{b:02}" for b in range(banks)]}), how="cross")
        .join(pl.DataFrame({"channel": CHANNELS}), how="cross")
        .join(pl.DataFrame({"period": months}), how="cross")
        .with_row_index("i")
    )
    mixed = (pl.col("i").cast(pl.UInt64) * 2654435761) % 1_000_003
    return frame.select(
        "region_code",
        "period",
        "channel",
        (mixed + 1).cast(pl.Int64).alias("count"),
        (mixed * 1_000_003 + 17).cast(pl.Int64).alias("value"),
        "bank",
    )


def with_cashless(tx: pl.DataFrame) -> Any:
    years = cashless.annual(tx, derive_all=False)
    return cashless.growth(years), cashless.average_growth(years, 2021, 2025)


def with_polars(tx: pl.DataFrame) -> Any:
    years = (
        tx.group_by("region_code", "channel", pl.col("period").dt.year().alias("year"))
        .agg(
            pl.col("count").sum(),
            pl.col("value").sum(),
            pl.col("period").n_unique().alias("months"),
        )
        .sort("region_code", "channel", "year")
    )
    growth = years.with_columns(
        (pl.col(m) / pl.col(m).shift(1).over("region_code", "channel") - 1).alias(f"{m}_growth")
        for m in ("count", "value")
    )
    ends = years.filter(pl.col("year").is_in([2020, 2025])).pivot(
        on="year", index=["region_code", "channel"], values=["count", "value"]
    )
    avg = ends.select(
        "region_code",
        "channel",
        *[
            ((pl.col(f"{m}_2025") / pl.col(f"{m}_2020")) ** (1 / 5) - 1).alias(m)
            for m in ("count", "value")
        ],
    )
    return growth, avg


def with_pandas(df: Any) -> Any:
    df = df.assign(year=df["period"].dt.year)
    years = (
        df.groupby(["region_code", "channel", "year"], sort=True)
        .agg(count=("count", "sum"), value=("value", "sum"), months=("period", "nunique"))
        .reset_index()
    )
    grouped = years.groupby(["region_code", "channel"])
    for m in ("count", "value"):
        years[f"{m}_growth"] = grouped[m].pct_change()
    ends = years[years["year"].isin([2020, 2025])].pivot_table(
        index=["region_code", "channel"], columns="year", values=["count", "value"]
    )
    avg = {m: (ends[(m, 2025)] / ends[(m, 2020)]) ** (1 / 5) - 1 for m in ("count", "value")}
    return years, avg


def best_of(repeat: int, f: Callable[[Any], Any], arg: Any) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f(arg)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=1200)
    parser.add_argument("--banks", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    tx = synthetic(args.regions, args.banks)
    print(f"rows: {tx.height:,}  (python polars {pl.__version__}, cashless {cashless.__version__})")
    results = {
        "cashless": best_of(args.repeat, with_cashless, tx),
        "hand-written polars": best_of(args.repeat, with_polars, tx),
    }
    try:
        frame = tx.to_pandas()
    except ImportError:
        print("pandas/pyarrow not installed: pip install '.[bench]' for the pandas baseline")
    else:
        import pandas as pd

        results[f"pandas {pd.__version__}"] = best_of(args.repeat, with_pandas, frame)
    base = results["cashless"]
    for name, seconds in results.items():
        print(f"{name:>24}: {seconds:7.3f} s   cashless / this = {base / seconds:5.2f}")


if __name__ == "__main__":
    main()
