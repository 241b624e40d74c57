//! Text times as they come from switches and offices, read into Vietnam time.
//!
//! polars' own string-to-time parsing needs its `strings` feature, a cold rebuild of polars
//! for every user; the forms below are few and fixed, so they are read here.

use polars::prelude::*;

use crate::calendar::days_from_civil;
use crate::calendar::VIETNAM_OFFSET_HOURS;

/// Text times as naive Vietnam-time timestamps (µs); null where the text is not a time.
pub(super) fn parse_times(c: Column, utc: bool) -> PolarsResult<Column> {
    let parsed: Int64Chunked = c
        .str()?
        .iter()
        .map(|s| s.and_then(|s| local_micros(s, utc)))
        .collect();
    Ok(parsed
        .with_name(c.name().clone())
        .into_datetime(TimeUnit::Microseconds, None)
        .into_column())
}

/// Microseconds since 1970 in Vietnam time of `2024-01-31`, `2024-01-31 20:30[:15[.123]]`
/// (`T` or a space), with an optional `Z` or `±07:00` zone (converted to Vietnam time), or
/// the Vietnamese `31/01/2024[ 20:30[:15]]`. A time without a zone is Vietnam time, or UTC
/// when `utc`.
fn local_micros(s: &str, utc: bool) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(r)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let (y, m, d) = match (b.get(4), b.get(2)) {
        (Some(b'-'), _) if b.get(7) == Some(&b'-') => (num(0..4)?, num(5..7)?, num(8..10)?),
        (_, Some(b'/')) if b.get(5) == Some(&b'/') => (num(6..10)?, num(3..5)?, num(0..2)?),
        _ => return None,
    };
    if !(1..=12).contains(&m)
        || d < 1
        || d > i64::from(crate::calendar::days_in_month(y as i32, m as u32))
    {
        return None;
    }
    let day = i64::from(days_from_civil(y as i32, m as u32, 1)) + d - 1;
    let mut rest = &s[10..];
    let mut micros = 0i64;
    if let Some(time) = rest.strip_prefix(['T', ' ']) {
        let t = time.as_bytes();
        let field = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = t.get(r)?;
            part.iter()
                .all(u8::is_ascii_digit)
                .then(|| part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
        };
        let (h, mi) = (field(0..2)?, field(3..5)?);
        if t.get(2) != Some(&b':') || h > 23 || mi > 59 {
            return None;
        }
        let mut used = 5;
        let mut sec = 0;
        if t.get(5) == Some(&b':') {
            sec = field(6..8)?;
            used = 8;
            if t.get(8) == Some(&b'.') {
                let digits = t[9..].iter().take_while(|c| c.is_ascii_digit()).count();
                let frac: String = time[9..9 + digits]
                    .chars()
                    .chain("000000".chars())
                    .take(6)
                    .collect();
                micros = frac.parse().ok()?;
                used = 9 + digits;
            }
        }
        if sec > 60 {
            return None;
        }
        micros += ((h * 60 + mi) * 60 + sec) * 1_000_000;
        rest = &time[used..];
    }
    let local = day * 86_400_000_000 + micros;
    let offset_minutes = match rest {
        "" if utc => 0,
        "" => return Some(local),
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = rest[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let v: i64 = digits.parse().ok()?;
            sign * ((v / 100) * 60 + v % 100)
        }
    };
    Some(local + (VIETNAM_OFFSET_HOURS * 60 - offset_minutes) * 60_000_000)
}

#[cfg(test)]
mod tests {
    use super::local_micros;

    const HOUR: i64 = 3_600_000_000;

    #[test]
    fn text_times_in_the_forms_switches_and_offices_write() {
        let day = 86_400_000_000;
        assert_eq!(local_micros("1970-01-02", false), Some(day));
        assert_eq!(local_micros("02/01/1970", false), Some(day));
        assert_eq!(
            local_micros("1970-01-01 01:30", false),
            Some(HOUR + HOUR / 2)
        );
        assert_eq!(
            local_micros("1970-01-01T00:00:01.25", false),
            Some(1_250_000)
        );
        // Zoned and UTC times become Vietnam time (UTC+7).
        assert_eq!(local_micros("1970-01-01T00:00:00Z", false), Some(7 * HOUR));
        assert_eq!(
            local_micros("1970-01-01T07:00:00+07:00", false),
            Some(7 * HOUR)
        );
        assert_eq!(local_micros("1970-01-01 00:00:00", true), Some(7 * HOUR));
        for bad in [
            "",
            "March",
            "2024-13-01",
            "2024-02-30",
            "2024-01-01 25:00",
            "2024-01-01X",
        ] {
            assert_eq!(local_micros(bad, false), None, "{bad}");
        }
    }
}
