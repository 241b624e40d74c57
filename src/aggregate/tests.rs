//! The dense pass against the general path, and the pass cut into parts against itself.

use polars::prelude::*;

use super::columns::{Columns, DayTable, Plan};
use super::output::Output;
use super::pass::{self, Outcome};
use super::{dense, general};
use crate::calendar::{Frequency, YearStart};
use crate::channels::DEFAULT_ADDITIVE;
use crate::table;

/// A deterministic pseudo-random monthly table with no duplicate key: regions × maps × banks
/// × channels × months, each key present or not, `all` reported in some groups only.
fn table(seed: u64, with_map: bool, with_bank: bool) -> DataFrame {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        state >> 33
    };
    let labels = ["internet", "mobile", "qr", "pos", "atm", "all"];
    let (mut region, mut map, mut bank, mut period, mut channel, mut count, mut value) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let maps: &[&str] = if with_map { &["2008", "2025"] } else { &[""] };
    let banks: &[&str] = if with_bank {
        &["VCB", "BIDV", "Agribank-long-name"]
    } else {
        &[""]
    };
    for r in 0..7 {
        for m in maps {
            for b in banks {
                for label in labels {
                    // 2019-06 to 2024-03, with holes.
                    for month in 0..58 {
                        if next() % 5 == 0 {
                            continue;
                        }
                        let (y, mo) = (2019 + (5 + month) / 12, (5 + month) % 12 + 1);
                        region.push(format!("R{r:02}"));
                        map.push(*m);
                        bank.push(*b);
                        period.push(format!("{y}-{mo:02}"));
                        // An alias now and then: the pass parses labels, not names.
                        let alias = label == "pos" && next() % 3 == 0;
                        channel.push(if alias { "POS/mPOS" } else { label });
                        count.push((next() % 1000) as i64);
                        value.push((next() % 1_000_000) as i64);
                    }
                }
            }
        }
    }
    let mut columns = vec![
        Column::new("region_code".into(), region),
        Column::new("period".into(), period),
        Column::new("channel".into(), channel),
        Column::new("count".into(), count),
        Column::new("value".into(), value),
    ];
    if with_map {
        columns.push(Column::new("region_map".into(), map));
    }
    if with_bank {
        columns.push(Column::new("bank".into(), bank));
    }
    let height = columns[0].len();
    let frame = DataFrame::new(height, columns).unwrap();
    // Shuffled, so that parts hold pieces of every key and `last` caches are defeated.
    let order: Vec<IdxSize> = {
        let mut o: Vec<IdxSize> = (0..height as IdxSize).collect();
        let mut s = seed ^ 0x9E37_79B9;
        for i in (1..o.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1);
            o.swap(i, (s >> 33) as usize % (i + 1));
        }
        o
    };
    frame.take(&IdxCa::from_vec("".into(), order)).unwrap()
}

fn dense_output(tx: &DataFrame, plan: &Plan, parts: usize) -> Output<'static> {
    match pass::sums_in_parts(tx, plan, parts).unwrap() {
        // Leaked: a test's few kilobytes, so that rows can outlive the sums they point into.
        Outcome::Sums(sums) => dense(Box::leak(Box::new(sums))),
        Outcome::Refused => panic!("refused"),
        Outcome::Sparse => panic!("sparse"),
    }
}

fn general_output(tx: &DataFrame, plan: &Plan) -> Output<'static> {
    let checked = Box::leak(Box::new(table::checked(tx, table::IN_MEMORY).unwrap()));
    general::output(&checked.keys, plan).unwrap()
}

#[test]
fn dense_pass_and_parts_agree_with_the_general_path() {
    let december: YearStart = "12-01".parse().unwrap();
    for (seed, with_map, with_bank) in [(1, false, false), (2, true, false), (3, true, true)] {
        let tx = table(seed, with_map, with_bank);
        // The same rows in uneven chunks, as tables read from files come.
        let mut chunked = tx.slice(0, 1000);
        for (offset, len) in [(1000, 0), (1000, 1), (1001, 2500), (3501, usize::MAX)] {
            chunked.vstack_mut(&tx.slice(offset, len)).unwrap();
        }
        let chunks = |df: &DataFrame| {
            df.column("region_code")
                .unwrap()
                .as_materialized_series()
                .n_chunks()
        };
        assert!(chunks(&chunked) >= 3, "{} chunks", chunks(&chunked));
        // Each column cut at rows of its own: a block must end at every column's boundary.
        let misaligned = tx
            .columns()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (s, h) = (c.as_materialized_series(), tx.height());
                let (cut, middle) = (h / 8 + 97 * i, h / 3);
                let mut cuts = s.slice(0, cut);
                cuts.append(&s.slice(cut as i64, middle)).unwrap();
                cuts.append(&s.slice((cut + middle) as i64, usize::MAX))
                    .unwrap();
                assert_eq!(cuts.n_chunks(), 3);
                cuts.into_column()
            })
            .collect();
        let misaligned = DataFrame::new(tx.height(), misaligned).unwrap();
        // Sorted, as monthly tables usually come: runs of one region, bank and channel that
        // cross blocks of rows. The long bank name is stored once per row, so its equal
        // strings have unequal views.
        let keys: Vec<&str> = ["region_code", "region_map", "bank", "channel", "period"]
            .into_iter()
            .filter(|k| tx.schema().contains(k))
            .collect();
        let sorted = tx.sort(keys, SortMultipleOptions::default()).unwrap();
        for frequency in [
            Frequency::Year,
            Frequency::Half,
            Frequency::Quarter,
            Frequency::Month,
        ] {
            for year_start in [YearStart::JANUARY, december] {
                for derive in [None, Some(&DEFAULT_ADDITIVE[..])] {
                    let plan = Plan {
                        frequency,
                        year_start,
                        derive,
                    };
                    let expected = general_output(&tx, &plan);
                    assert!(expected.rows().len() > 100, "{}", expected.rows().len());
                    for (parts, input) in [
                        (1, &tx),
                        (2, &tx),
                        (5, &tx),
                        (1, &chunked),
                        (3, &chunked),
                        (1, &misaligned),
                        (2, &misaligned),
                        (1, &sorted),
                        (2, &sorted),
                    ] {
                        let chunks = chunks(input);
                        assert_eq!(
                            dense_output(input, &plan, parts),
                            expected,
                            "seed {seed}, {frequency:?}, {year_start:?}, derive {}, {parts} parts, \
                             {chunks} chunks",
                            derive.is_some()
                        );
                    }
                }
            }
        }
    }
}

fn rows(rows: &[(&str, &str, &str, i64)]) -> DataFrame {
    df!(
        "region_code" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "period" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "channel" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        "count" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        "value" => rows.iter().map(|r| 10 * r.3).collect::<Vec<_>>(),
    )
    .unwrap()
}

const YEARLY: Plan<'static> = Plan {
    frequency: Frequency::Year,
    year_start: YearStart::JANUARY,
    derive: Some(&DEFAULT_ADDITIVE),
};

#[test]
fn a_reported_all_in_a_later_part_stops_the_derived_one() {
    // Three parts of one row each: the additive rows and the `all` they must not be added to
    // are summed apart and meet only when the parts are merged.
    let tx = rows(&[
        ("38", "2024-01", "pos", 3),
        ("38", "2024-02", "pos", 4),
        ("38", "2024-01", "all", 100),
    ]);
    let out = dense_output(&tx, &YEARLY, 3).rows();
    let all: Vec<_> = out.iter().filter(|r| r.0 == "all").collect();
    // January as reported (100), February derived from pos (4): 104, two months, derived.
    assert_eq!(all, [&("all", 2024, 1, 104, 1040, 2, true)]);
}

/// Whether the pass, in `parts` parts, refuses a row of `tx`.
fn refused(tx: &DataFrame, parts: usize) -> bool {
    matches!(
        pass::sums_in_parts(tx, &YEARLY, parts).unwrap(),
        Outcome::Refused
    )
}

#[test]
fn a_key_in_two_parts_is_refused() {
    let tx = rows(&[
        ("38", "2024-01", "pos", 3),
        ("38", "2024-02", "pos", 4),
        ("38", "2024-01", "POS/mPOS", 5),
    ]);
    assert!(refused(&tx, 3));
    assert!(refused(&tx, 1));
}

#[test]
fn a_key_twice_in_one_run_is_refused_and_months_out_of_order_are_summed() {
    // One run (one region and channel): a month seen again after the run has left its year.
    let twice = rows(&[
        ("38", "2024-01", "pos", 1),
        ("38", "2024-02", "pos", 2),
        ("38", "2023-12", "pos", 4),
        ("38", "2024-01", "pos", 8),
    ]);
    assert!(refused(&twice, 1));
    // Without the repeat: 2024 has January and February (1 + 2), 2023 December (4).
    let once = twice.slice(0, 3);
    let pos: Vec<(i32, i64, i32)> = dense_output(&once, &YEARLY, 1)
        .rows()
        .into_iter()
        .filter(|r| r.0 == "pos")
        .map(|r| (r.1, r.3, r.5))
        .collect();
    assert_eq!(pos, [(2023, 4, 1), (2024, 3, 2)]);
}

#[test]
fn sums_past_64_bits_in_merged_parts_are_named() {
    let tx = rows(&[
        ("38", "2024-01", "pos", i64::MAX / 10),
        ("38", "2024-02", "pos", 1),
    ]);
    let Err(e) = pass::sums_in_parts(&tx, &YEARLY, 2) else {
        panic!("the sum of 9.2e17 × 10 + 10 fits in no i64");
    };
    let e = e.to_string();
    assert!(
        e.contains("pos count or value of region \"38\" up to 2024-")
            && e.contains("does not fit in a 64-bit integer"),
        "{e}"
    );
}

#[test]
fn a_span_of_more_than_4095_years_is_named() {
    // The error names the row of the last period and the row of the first.
    let named = |tx: &DataFrame, last: usize, first: usize| {
        let e = super::annual(tx, &Default::default())
            .unwrap_err()
            .to_string();
        let span =
            format!("span 4177 reporting years from the first period (\"2024-01\", row {first})");
        assert!(
            e.contains(&format!("row {last}, column `period`, value \"6200-01\""))
                && e.contains(&span),
            "{e}"
        );
    };
    named(
        &rows(&[("38", "2024-01", "pos", 1), ("38", "6200-01", "pos", 1)]),
        1,
        0,
    );
    // A table long enough for its table of days to be guessed from a sample, row 0 in it.
    let codes: Vec<String> = (0..4100).map(|i| format!("{}", 10_000 + i)).collect();
    let keys: Vec<(&str, &str, &str, i64)> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                c.as_str(),
                if i == 0 { "6200-01" } else { "2024-01" },
                "pos",
                1,
            )
        })
        .collect();
    named(&rows(&keys), 0, 1);
}

#[test]
fn few_regions_over_centuries_take_the_general_path() {
    // 1 region × 9 channels × 3,000 years: 27,000 annual cells for 2 rows, but monthly cells
    // are 324,000, past the budget of max(rows, 65,536).
    let tx = rows(&[("38", "1024-01", "pos", 1), ("38", "4023-07", "pos", 2)]);
    let monthly = Plan {
        frequency: Frequency::Month,
        ..YEARLY
    };
    assert!(matches!(
        pass::sums_in_parts(&tx, &monthly, 1).unwrap(),
        Outcome::Sparse
    ));
    let out = general_output(&tx, &monthly).rows();
    // pos and its derived all, in each of the two months.
    assert_eq!(out.len(), 4);
    let years: Vec<(i32, i32, i64)> = out.iter().map(|r| (r.1, r.2, r.3)).collect();
    assert_eq!(
        years,
        vec![(1024, 1, 1), (4023, 7, 2), (1024, 1, 1), (4023, 7, 2)]
    );
}

#[test]
fn a_day_outside_the_sampled_years_is_summed_or_refused_as_any_other() {
    // 200 regions × the 24 months of 2023 and 2024: the table of days is guessed from every
    // fourth row (rows 0, 4, 8, … and the last), so row 1's period is never sampled.
    let codes: Vec<String> = (0..200).map(|i| format!("{}", 10_000 + i)).collect();
    let months: Vec<String> = (0..24)
        .map(|m| format!("{}-{:02}", 2023 + m / 12, m % 12 + 1))
        .collect();
    let table = |row_1: &str| {
        let keys: Vec<(&str, &str, &str, i64)> = (0..4800)
            .map(|i| {
                let period = if i == 1 {
                    row_1
                } else {
                    months[i % 24].as_str()
                };
                (codes[i / 24].as_str(), period, "pos", 1)
            })
            .collect();
        rows(&keys)
    };
    // An earlier year, and a later one: summed where they belong, as the general path does.
    for period in ["2019-06", "2031-11"] {
        let tx = table(period);
        // The guess misses the year of row 1: the pass stops and takes the table of every day.
        let days = &Columns::of(&tx).unwrap().days;
        let guessed = DayTable::guessed(days, &YEARLY, &tx).unwrap().unwrap();
        let every = DayTable::of(days, &YEARLY, &tx).unwrap();
        assert_eq!((guessed.first_year, guessed.years), (2023, 2), "{period}");
        assert_ne!((every.first_year, every.years), (2023, 2), "{period}");
        for parts in [1, 2] {
            let out = dense_output(&tx, &YEARLY, parts);
            assert_eq!(out, general_output(&tx, &YEARLY), "{period}, {parts} parts");
            let year: i32 = period[..4].parse().unwrap();
            // Region 10000's pos and its derived all, one month each in that year alone.
            let there: Vec<_> = out.rows().into_iter().filter(|r| r.1 == year).collect();
            assert_eq!(there.len(), 2, "{period}");
            assert!(there.iter().all(|r| (r.3, r.5) == (1, 1)), "{there:?}");
        }
    }
    // A day that is not the first of a month, outside the sampled years: refused.
    let mut tx = table("2024-01");
    let day = crate::calendar::days_from_civil;
    let days: Vec<i32> = (0..4800)
        .map(|i| {
            if i == 1 {
                day(2019, 6, 15)
            } else {
                day(2023 + (i % 24) / 12, (i % 12) as u32 + 1, 1)
            }
        })
        .collect();
    let days = Column::new("period".into(), days)
        .cast(&DataType::Date)
        .unwrap();
    tx.with_column(days).unwrap();
    assert!(refused(&tx, 1) && refused(&tx, 2));
}
