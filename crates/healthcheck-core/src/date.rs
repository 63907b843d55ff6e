//! A calendar date without time zone: all the analysis needs.
//!
//! Stored as days since 1970-01-01 so that comparisons and differences are integer
//! arithmetic (Howard Hinnant's civil-from-days algorithms).

use std::fmt;
use std::num::NonZeroU32;

use serde::{Serialize, Serializer};

/// Held as the days with the sign bit flipped: unsigned order is then date order, and
/// day `i32::MIN` (tens of millions of years out) is the one value never held, which lets
/// `Option<Date>` take four bytes instead of eight; millions of records have such a field.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NonZeroU32);

/// The default is 1970-01-01, for records built field by field.
impl Default for Date {
    fn default() -> Self {
        Date::from_days(0)
    }
}

const SIGN: u32 = 1 << 31;

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Date {
    /// A date from year, month (1–12) and day, or `None` when the day does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(1000..=9999).contains(&year) {
            return None;
        }
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date::from_days(era * 146_097 + doe - 719_468))
    }

    /// The date `days` after 1970-01-01 (`i32::MIN` is taken as the day after it).
    pub fn from_days(days: i32) -> Date {
        Date(NonZeroU32::new(days as u32 ^ SIGN).unwrap_or(NonZeroU32::MIN))
    }

    pub fn days(self) -> i32 {
        (self.0.get() ^ SIGN) as i32
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.days() + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i32 {
        later.days() - self.days()
    }

    pub fn add_days(self, days: i32) -> Date {
        Date::from_days(self.days() + days)
    }

    /// Parse `YYYY-MM-DD` exactly (settings and command-line arguments).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let t = text.trim();
        let mut parts = t.splitn(3, '-');
        let y = parts.next()?.parse().ok()?;
        let m = parts.next()?.parse().ok()?;
        let d = parts.next()?.parse().ok()?;
        if t.len() != 10 {
            return None;
        }
        Date::from_ymd(y, m, d)
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse_iso(&text).ok_or_else(|| serde::de::Error::custom(format!("not a YYYY-MM-DD date: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_days() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2026, 3, 31), (1999, 12, 31), (2400, 2, 29)] {
            let date = Date::from_ymd(y, m, d).expect("valid date");
            assert_eq!(date.ymd(), (y, m, d));
        }
        assert_eq!(Date::from_ymd(1970, 1, 1).map(Date::days), Some(0));
        assert_eq!(Date::from_ymd(2026, 3, 31).map(|d| d.to_string()), Some("2026-03-31".into()));
    }

    #[test]
    fn rejects_impossible_days() {
        assert_eq!(Date::from_ymd(2026, 2, 29), None);
        assert_eq!(Date::from_ymd(2026, 13, 1), None);
        assert_eq!(Date::from_ymd(2026, 4, 31), None);
        assert_eq!(Date::parse_iso("2026-3-1"), None);
    }

    #[test]
    fn counts_days_between() {
        let a = Date::parse_iso("2026-02-27").expect("date");
        let b = Date::parse_iso("2026-03-02").expect("date");
        assert_eq!(a.days_until(b), 3);
    }

    #[test]
    fn orders_and_stores_as_days_do() {
        let days = [-400_000, -1, 0, 1, 20_000, 2_900_000];
        for pair in days.windows(2) {
            let (a, b) = (Date::from_days(pair[0]), Date::from_days(pair[1]));
            assert!(a < b, "{pair:?}");
            assert_eq!((a.days(), b.days()), (pair[0], pair[1]));
        }
        assert_eq!(Date::default().to_string(), "1970-01-01");
        assert_eq!(Date::from_days(i32::MIN).days(), i32::MIN + 1);
        assert_eq!(std::mem::size_of::<Option<Date>>(), 4);
    }
}
