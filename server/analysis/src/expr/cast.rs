//! The runtimes' implicit casting of literal values (AFR `src/features/expressions/index.ts`
//! `ExprTypes`): which literals can never become the expected type, known before evaluating.

use super::ExprType;
use crate::syntax::{Json, JsonKind};

/// Why a literal can never be cast to `to`, in the frontend's runtime wording; `None` when it
/// can. `exponent` allows `1e5`-style numeric strings (the next frontend does, v4 does not).
pub(crate) fn literal_cast_error(v: &Json, to: ExprType, exponent: bool) -> Option<String> {
    match &v.kind {
        JsonKind::String(s) => {
            if s == "null" && to.nullable() {
                return None;
            }
            match to {
                ExprType::Boolean => {
                    let ok = s == "true"
                        || s == "false"
                        || as_number(s, exponent).is_some_and(|n| n == 0.0 || n == 1.0);
                    (!ok).then(|| format!("Expected boolean, got value \"{s}\""))
                }
                ExprType::Number => as_number(s, exponent)
                    .is_none()
                    .then(|| format!("Expected number, got value \"{s}\"")),
                ExprType::Date => {
                    if s.is_empty() {
                        return None;
                    }
                    check_date(s)
                        .err()
                        .map(|why| format!("Unable to parse date \"{}\": {why}", s.to_uppercase()))
                }
                _ => None,
            }
        }
        JsonKind::Number(n) => match to {
            ExprType::Boolean if *n != 0.0 && *n != 1.0 => {
                Some(format!("Expected boolean, got value {n}"))
            }
            _ => None,
        },
        JsonKind::Bool(b) => match to {
            ExprType::Number => Some(format!("Expected number, got value {b}")),
            _ => None,
        },
        _ => None,
    }
}

/// The frontend's `asNumber`: `-12`, `3.5`, and with `exponent` also `1e5`, `.5E-3`.
pub(crate) fn as_number(s: &str, exponent: bool) -> Option<f64> {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    // ^-?\d+$ and ^-?\d+\.\d+$
    let mut i = usize::from(b.first() == Some(&b'-'));
    let int = digits(i);
    if int > 0 {
        i += int;
        if i == b.len() {
            return s.parse().ok();
        }
        if b[i] == b'.' {
            let frac = digits(i + 1);
            if frac > 0 && i + 1 + frac == b.len() {
                return s.parse().ok();
            }
        }
    }
    if !exponent {
        return None;
    }
    // ^[-+]?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)$
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let int = digits(i);
    i += int;
    if i < b.len() && b[i] == b'.' {
        let frac = digits(i + 1);
        if frac == 0 {
            return None;
        }
        i += 1 + frac;
    } else if int == 0 {
        return None;
    }
    if i >= b.len() || !matches!(b[i], b'e' | b'E') {
        return None;
    }
    i += 1;
    if i < b.len() && matches!(b[i], b'-' | b'+') {
        i += 1;
    }
    let exp = digits(i);
    if exp == 0 || i + exp != b.len() {
        return None;
    }
    s.parse().ok()
}

/// The time zone of a parsed date literal, as the frontend classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateTz {
    /// No zone given.
    Local,
    /// `Z`, `+00:00` or `-00:00`.
    Utc,
    /// Another offset, in minutes.
    Offset(i32),
}

/// The frontend's strict date parser: `YYYY-MM-DD`, optionally `[T ]HH:MM[:SS[.f{1,9}]][Z|±HH:MM]`.
pub(crate) fn check_date(s: &str) -> Result<DateTz, &'static str> {
    const UNKNOWN: &str = "Unknown format";
    const INVALID: &str = "Format was recognized, but the date/time is invalid";
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let part = b.get(from..from + len)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0')))
    };
    let (Some(year), Some(month), Some(day)) = (num(0, 4), num(5, 2), num(8, 2)) else {
        return Err(UNKNOWN);
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(UNKNOWN);
    }
    let mut i = 10;
    let (mut hour, mut minute, mut second, mut tz_hour) = (0, 0, 0, 0);
    let mut tz = DateTz::Local;
    if i < b.len() {
        if !matches!(b[i], b'T' | b't' | b' ') {
            return Err(UNKNOWN);
        }
        let (Some(h), Some(m)) = (num(i + 1, 2), num(i + 4, 2)) else {
            return Err(UNKNOWN);
        };
        if b.get(i + 3) != Some(&b':') {
            return Err(UNKNOWN);
        }
        (hour, minute) = (h, m);
        i += 6;
        if b.get(i) == Some(&b':') {
            second = num(i + 1, 2).ok_or(UNKNOWN)?;
            i += 3;
            if b.get(i) == Some(&b'.') {
                let frac = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                if !(1..=9).contains(&frac) {
                    return Err(UNKNOWN);
                }
                i += 1 + frac;
            }
        }
        match b.get(i) {
            None => {}
            Some(b'Z' | b'z') if i + 1 == b.len() => tz = DateTz::Utc,
            Some(b'+' | b'-') => {
                let (Some(th), Some(tm)) = (num(i + 1, 2), num(i + 4, 2)) else {
                    return Err(UNKNOWN);
                };
                if b.get(i + 3) != Some(&b':') || i + 6 != b.len() {
                    return Err(UNKNOWN);
                }
                tz_hour = th;
                let minutes = (th * 60 + tm) as i32;
                tz = match minutes {
                    0 => DateTz::Utc,
                    m if b[i] == b'-' => DateTz::Offset(-m),
                    m => DateTz::Offset(m),
                };
            }
            _ => return Err(UNKNOWN),
        }
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(INVALID),
    };
    let time_ok =
        (hour < 24 || (hour == 24 && minute == 0 && second == 0)) && minute < 60 && second < 60;
    if day == 0 || day > days || !time_ok || tz_hour >= 24 {
        return Err(INVALID);
    }
    Ok(tz)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(as_number("-12", false), Some(-12.0));
        assert_eq!(as_number("3.5", false), Some(3.5));
        for bad in [
            "55.", "5e", "e2", "5-E2", "5+E2", "", "-", ".5", "1e5", " 1",
        ] {
            assert_eq!(as_number(bad, false), None, "{bad}");
        }
        assert_eq!(as_number("1e5", true), Some(1e5));
        assert_eq!(as_number(".5E-3", true), Some(0.0005));
        assert_eq!(as_number("5+E2", true), None);
    }

    #[test]
    fn dates() {
        for ok in [
            "2023-01-31",
            "2020-02-29",
            "2023-01-31T12:30",
            "2023-01-31 12:30:59.123456789Z",
            "2023-01-31t12:30:00+01:00",
        ] {
            assert!(check_date(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2021-02-29",
            "2020-13-01",
            "1998-12-31T23:59:60Z",
            "1990-12-31T15:59:59-24:00",
        ] {
            assert!(check_date(bad).unwrap_err().starts_with("Format"), "{bad}");
        }
        for bad in [
            "20230328",
            "2023-W13-2",
            "1998-1-20",
            "2020",
            "06/19/1963",
            "2023-01-01-08:00",
        ] {
            assert_eq!(check_date(bad), Err("Unknown format"), "{bad}");
        }
    }
}
