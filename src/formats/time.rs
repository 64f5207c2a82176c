//! Span times in exports: milliseconds since the Unix epoch written as ISO 8601 in UTC
//! (`2026-11-23T09:20:00.000Z`, what JavaScript's `toISOString` and Python's
//! `datetime.fromisoformat` read), and read back.

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `ms` since the Unix epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn iso_from_ms(ms: u64) -> String {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        ms % 1000
    )
}

/// Read `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (the shapes `toISOString` and Python's
/// `isoformat` write) as ms since the Unix epoch. `None` for anything else, for dates before
/// 1970, and for impossible dates (February 30th).
pub fn ms_from_iso(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(range)?;
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        digits.iter().try_fold(0u32, |n, d| {
            n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
        })
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(at(4, b'-') && at(7, b'-') && (at(10, b'T') || at(10, b't')) && at(13, b':')) {
        return None;
    }
    if !at(16, b':') {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut i = 19;
    let mut millis = 0u64;
    if at(i, b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let frac = b.get(start..i)?;
        if frac.is_empty() {
            return None;
        }
        // Milliseconds: the first three digits (more precision is dropped, not rounded).
        millis = (0..3).fold(0u64, |n, k| {
            n * 10 + frac.get(k).map_or(0, |d| u64::from(d - b'0'))
        });
    }
    let offset_minutes: i64 = match b.get(i..) {
        Some([b'Z' | b'z']) => 0,
        Some([sign @ (b'+' | b'-'), _, _, b':', _, _]) => {
            let (h, m) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = i64::from(h * 60 + m);
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let max_day = *month_days.get(month.checked_sub(1)? as usize)?;
    if day == 0 || day > max_day || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset_minutes * 60;
    let ms = secs.checked_mul(1000)?.checked_add(millis as i64)?;
    u64::try_from(ms).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(iso_from_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_from_ms(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso_from_ms(1_795_425_600_123), "2026-11-23T09:20:00.123Z");
        assert_eq!(
            ms_from_iso("2026-11-23T09:20:00.123Z"),
            Some(1_795_425_600_123)
        );
        assert_eq!(ms_from_iso("2026-11-23T09:20:00Z"), Some(1_795_425_600_000));
        assert_eq!(
            ms_from_iso("2026-11-23T10:20:00.123456+01:00"),
            Some(1_795_425_600_123)
        );
        assert_eq!(
            ms_from_iso("2026-11-23T04:50:00-04:30"),
            Some(1_795_425_600_000)
        );
    }

    #[test]
    fn refuses_what_is_not_an_instant() {
        for bad in [
            "",
            "2026-11-23",
            "2026-11-23T09:20:00",
            "2026-02-30T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T09:20:00.Z",
            "1969-12-31T23:59:59Z",
            "2026-11-23T09:20:00+1:00",
            "2026-11-23T09:20:00ZZ",
            "２０２６-11-23T09:20:00Z",
            "+2026-11-23T09:20:00Z",
        ] {
            assert_eq!(ms_from_iso(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_day_for_centuries_round_trips() {
        // Every day from 1970 to 2400 (leap years, centuries, 2000), at a non-zero time.
        for day in 0..157_000u64 {
            let ms = day * 86_400_000 + 45_296_789;
            let iso = iso_from_ms(ms);
            assert_eq!(ms_from_iso(&iso), Some(ms), "{iso}");
        }
    }
}
