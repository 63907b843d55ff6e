//! Reading a date cell: the layouts exports write dates in, and what a file's dates say
//! about whether they are day-first or month-first.

use crate::date::Date;
use crate::inputs::{DateOrder, DatesRead};

/// Year, month and day of an ISO date written in digits (`2026-03-31`, `2026/03/31`, with
/// a time after a space or `T`), read from the bytes; `None` for anything else.
fn iso_digits(b: &[u8]) -> Option<(i32, u32, u32)> {
    let separator = *b.get(4)?;
    let shaped = b.len() >= 10
        && (separator == b'-' || separator == b'/')
        && b.get(7) == Some(&separator)
        && b.get(10).is_none_or(|c| *c == b' ' || *c == b'T');
    if !shaped {
        return None;
    }
    let number = |range: std::ops::Range<usize>| digits(&b[range]);
    Some((i32::try_from(number(0..4)?).ok()?, number(5..7)?, number(8..10)?))
}

/// The number a run of ASCII digits writes (a few of them: no overflow test); `None` if any
/// byte is not a digit.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
}

/// What a file's slashed dates say about their order.
#[derive(Clone, Copy, Default, Debug)]
pub struct DateOrderEvidence {
    pub day_first: usize,
    pub month_first: usize,
    pub ambiguous: usize,
    /// Cells whose order needs no telling (`2026-03-31`, `31 Mar 2026`, a spreadsheet serial).
    pub unordered: usize,
}

impl DateOrderEvidence {
    /// Look at one cell. Only numeric `a/b/yyyy` style dates tell an order.
    pub fn observe(&mut self, raw: &str) {
        let raw = raw.trim();
        match numeric_triplet(raw) {
            Some((a, b, _)) => match (a > 12, b > 12) {
                (true, false) => self.day_first += 1,
                (false, true) => self.month_first += 1,
                (false, false) => self.ambiguous += 1,
                (true, true) => {}
            },
            None if !raw.is_empty() => self.unordered += 1,
            None => {}
        }
    }

    /// Dates seen that leave nothing to decide (told an order, or needed none).
    pub fn settled_count(&self) -> usize {
        self.day_first + self.month_first + self.unordered
    }

    /// The order to use, and how the dates read: `guess` is the order taken when no value
    /// can tell (day-first unless the company's ledger is QuickBooks Online).
    pub fn decide(&self, guess: DateOrder) -> (DateOrder, Option<DatesRead>) {
        if self.month_first > self.day_first {
            (DateOrder::MonthFirst, Some(DatesRead::MonthFirst))
        } else if self.day_first > 0 {
            (DateOrder::DayFirst, Some(DatesRead::DayFirst))
        } else if self.ambiguous > 0 {
            let read = match guess {
                DateOrder::DayFirst => DatesRead::DayFirstGuessed,
                DateOrder::MonthFirst => DatesRead::MonthFirstGuessed,
            };
            (guess, Some(read))
        } else if self.unordered > 0 {
            (guess, Some(DatesRead::Iso))
        } else {
            (guess, None)
        }
    }
}

/// `a/b/yyyy`, `a.b.yyyy` or `a-b-yyyy` (with an optional time after a space).
fn numeric_triplet(text: &str) -> Option<(u32, u32, i32)> {
    two_two_four_digits(text.as_bytes()).or_else(|| numeric_triplet_by_splitting(text))
}

fn numeric_triplet_by_splitting(text: &str) -> Option<(u32, u32, i32)> {
    let date_part = text.split([' ', 'T']).next()?;
    let sep = [b'/', b'.', b'-'].into_iter().find(|s| date_part.as_bytes().contains(s))?;
    let mut it = date_part.split(sep as char);
    let a = it.next()?;
    let b = it.next()?;
    let c = it.next()?;
    if it.next().is_some() || a.len() > 2 || b.len() > 2 || !(c.len() == 4 || c.len() == 2) {
        return None;
    }
    let year: i32 = c.parse().ok()?;
    let year = if c.len() == 2 { 2000 + year } else { year };
    Some((a.parse().ok()?, b.parse().ok()?, year))
}

/// The common numeric layout `dd/mm/yyyy` (or `.`, `-`), alone or before a time, read from
/// its digits; `None` for anything else.
fn two_two_four_digits(b: &[u8]) -> Option<(u32, u32, i32)> {
    let separator = *b.get(2)?;
    let shaped =
        b.len() >= 10 && matches!(separator, b'/' | b'.' | b'-') && b[5] == separator && b.get(10).is_none_or(|c| *c == b' ' || *c == b'T');
    if !shaped {
        return None;
    }
    let number = |range: std::ops::Range<usize>| digits(&b[range]);
    Some((number(0..2)?, number(3..5)?, i32::try_from(number(6..10)?).ok()?))
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn month_from_name(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let idx = MONTHS.iter().position(|m| w.starts_with(m))?;
    let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    (full[idx].starts_with(&w) || w == "sept").then_some(idx as u32 + 1)
}

/// Parse a date cell. Empty cells are `None`.
///
/// Layouts: ISO (`2026-03-31`, with any time and zone after it), numeric with the file's
/// order (`31/03/2026`, `03/31/2026`, dots or dashes, two-digit years as 20yy), month names
/// (`31 Mar 2026`, `31-Mar-2026`, `March 31, 2026`), Xero's `/Date(1774915200000+0000)/`,
/// and long QuickBooks forms with a weekday (`Tuesday, March 31, 2026`).
pub fn parse_date(raw: &str, order: DateOrder) -> Result<Option<Date>, String> {
    let mut text = crate::text::trim(raw);
    // A date in quotes the CSV reader left (rare): the quotes and any spaces inside go.
    if text.starts_with('"') || text.ends_with('"') {
        text = text.trim_matches('"').trim();
    }
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || format!("'{text}' is not a date");
    if let Some(inner) = text.strip_prefix("/Date(").and_then(|t| t.strip_suffix(")/")) {
        let digits: String = inner.chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
        let ms: i64 = digits.parse().map_err(|_| bad())?;
        let days = ms.div_euclid(86_400_000);
        return i32::try_from(days).map(|d| Some(Date::from_days(d))).map_err(|_| bad());
    }
    // ISO: 2026-03-31, 2026-03-31T10:00:00Z, 2026/03/31
    if let Some(date) = iso_digits(text.as_bytes()) {
        return Date::from_ymd(date.0, date.1, date.2).map(Some).ok_or_else(bad);
    }
    let head: &str = text.split([' ', 'T']).next().unwrap_or(text);
    let bytes = head.as_bytes();
    if bytes.len() == 10 && (bytes[4] == b'-' || bytes[4] == b'/') && bytes[7] == bytes[4] {
        let y = head[0..4].parse().map_err(|_| bad())?;
        let m = head[5..7].parse().map_err(|_| bad())?;
        let d = head[8..10].parse().map_err(|_| bad())?;
        return Date::from_ymd(y, m, d).map(Some).ok_or_else(bad);
    }
    if let Some((a, b, y)) = numeric_triplet(text) {
        let (d, m) = match order {
            DateOrder::DayFirst => (a, b),
            DateOrder::MonthFirst => (b, a),
        };
        return Date::from_ymd(y, m, d).map(Some).ok_or_else(bad);
    }
    // Month names: split on spaces, dashes and commas, drop a weekday.
    let words: Vec<&str> = text.split([' ', '-', ',']).filter(|w| !w.is_empty()).filter(|w| !w.contains(':')).collect();
    let mut day = None;
    let mut month = None;
    let mut year = None;
    for w in &words {
        if let Some(m) = month_from_name(w) {
            if month.is_none() {
                month = Some(m);
                continue;
            }
        }
        if w.chars().all(|c| c.is_ascii_digit()) {
            let n: i32 = w.parse().map_err(|_| bad())?;
            if w.len() == 4 && year.is_none() {
                year = Some(n);
            } else if w.len() <= 2 && day.is_none() {
                day = Some(n as u32);
            } else if w.len() == 2 && year.is_none() {
                year = Some(2000 + n);
            } else {
                return Err(bad());
            }
        } else if w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']).chars().all(|c| c.is_ascii_digit())
            && !w.is_empty()
            && w.chars().next().is_some_and(|c| c.is_ascii_digit())
        {
            // 1st, 2nd, 31st
            day = w.trim_end_matches(|c: char| c.is_ascii_alphabetic()).parse().ok();
        }
    }
    match (day, month, year) {
        (Some(d), Some(m), Some(y)) => Date::from_ymd(y, m, d).map(Some).ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// The time of day in a date-time cell, as seconds after midnight: `10:15`, `10:15:22`,
/// `9:05 PM`. `None` when the cell carries no time.
pub fn parse_time_of_day(raw: &str) -> Option<u32> {
    let text = raw.trim();
    let start = text.find(['T', ' ']).map(|i| i + 1)?;
    let rest = &text[start..];
    let colon = rest.find(':')?;
    let hour_start = rest[..colon].char_indices().rev().find(|(_, c)| !c.is_ascii_digit()).map_or(0, |(i, c)| i + c.len_utf8());
    let mut parts = rest[hour_start..].split([':', '.', ' ', 'Z', '+']);
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: u32 = parts.next().and_then(|p| p.get(..2).unwrap_or(p).parse().ok()).unwrap_or(0);
    let h = if crate::text::contains_ignore_case(rest, "pm") && h < 12 {
        h + 12
    } else if crate::text::contains_ignore_case(rest, "am") && h == 12 {
        0
    } else {
        h
    };
    (h < 24 && m < 60 && s < 60).then_some(h * 3600 + m * 60 + s)
}

/// Excel's serial day number (1900 date system, with its phantom 29 Feb 1900).
pub fn date_from_excel_serial(serial: f64) -> Option<Date> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    // Serial 25569 is 1970-01-01.
    let days = serial.floor() as i32 - 25_569;
    Some(Date::from_days(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn iso_dates_are_read_from_their_digits() {
        let day_first = DateOrder::DayFirst;
        for text in ["2026-03-31", "2026/03/31", "2026-03-31T10:00:00Z", "2026-03-31 10:00", " 2026-03-31 "] {
            assert_eq!(parse_date(text, day_first).map(|d| d.map(|d| d.to_string())), Ok(Some("2026-03-31".to_string())), "{text}");
        }
        assert_eq!(iso_digits(b"2026-3-31"), None);
        assert_eq!(iso_digits(b"2026-03-3"), None);
        assert_eq!(iso_digits(b"2026-03-31x"), None);
        assert_eq!(iso_digits(b"20x6-03-31"), None);
        assert!(parse_date("2026-13-01", day_first).is_err());
        assert!(parse_date("2026-02-30", day_first).is_err());
    }

    fn date(s: &str, order: DateOrder) -> String {
        parse_date(s, order).expect("parses").expect("some").to_string()
    }

    #[test]
    fn date_layouts() {
        use DateOrder::*;
        assert_eq!(date("2026-03-31", DayFirst), "2026-03-31");
        assert_eq!(date("2026-03-31T23:10:00.000Z", DayFirst), "2026-03-31");
        assert_eq!(date("2026-05-01 10:00:00 +0200", DayFirst), "2026-05-01");
        assert_eq!(date("31/03/2026", DayFirst), "2026-03-31");
        assert_eq!(date("03/31/2026", MonthFirst), "2026-03-31");
        assert_eq!(date("04/03/2026", DayFirst), "2026-03-04");
        assert_eq!(date("04/03/2026", MonthFirst), "2026-04-03");
        assert_eq!(date("31.03.26", DayFirst), "2026-03-31");
        assert_eq!(date("31 Mar 2026", MonthFirst), "2026-03-31");
        assert_eq!(date("31-Mar-2026", DayFirst), "2026-03-31");
        assert_eq!(date("March 31, 2026", DayFirst), "2026-03-31");
        assert_eq!(date("Tuesday, March 31, 2026", DayFirst), "2026-03-31");
        assert_eq!(date("/Date(1774915200000+0000)/", DayFirst), "2026-03-31");
        assert_eq!(parse_date("", DayFirst), Ok(None));
        // Quotes a reader left around a date, with spaces inside or out, go.
        assert_eq!(date(" \" 31/03/2026\"", DayFirst), "2026-03-31");
        assert_eq!(date("2026-03-31\"", DayFirst), "2026-03-31");
        assert_eq!(parse_date(" \"\" ", DayFirst), Ok(None));
    }

    #[test]
    fn impossible_dates_are_errors() {
        assert_eq!(parse_date("31/31/2026", DateOrder::DayFirst), Err("'31/31/2026' is not a date".into()));
        assert!(parse_date("2026-02-30", DateOrder::DayFirst).is_err());
        assert!(parse_date("soon", DateOrder::DayFirst).is_err());
    }

    #[test]
    fn order_is_decided_from_values() {
        let mut e = DateOrderEvidence::default();
        for v in ["03/04/2026", "03/31/2026", "12/01/2026"] {
            e.observe(v);
        }
        assert_eq!(e.decide(DateOrder::DayFirst), (DateOrder::MonthFirst, Some(DatesRead::MonthFirst)));
        let mut e = DateOrderEvidence::default();
        e.observe("03/04/2026");
        assert_eq!(e.decide(DateOrder::DayFirst), (DateOrder::DayFirst, Some(DatesRead::DayFirstGuessed)));
        assert_eq!(e.decide(DateOrder::MonthFirst), (DateOrder::MonthFirst, Some(DatesRead::MonthFirstGuessed)));
        e.observe("2026-03-04");
        assert_eq!(e.decide(DateOrder::MonthFirst).1, Some(DatesRead::MonthFirstGuessed), "an ISO date tells nothing");
        e.observe("13/04/2026");
        assert_eq!(e.decide(DateOrder::MonthFirst), (DateOrder::DayFirst, Some(DatesRead::DayFirst)));
        let mut e = DateOrderEvidence::default();
        e.observe("2026-03-04");
        e.observe("31 Mar 2026");
        assert_eq!(e.decide(DateOrder::DayFirst), (DateOrder::DayFirst, Some(DatesRead::Iso)), "only ISO dates: labelled ISO");
        assert_eq!(DateOrderEvidence::default().decide(DateOrder::DayFirst).1, None);
    }

    #[test]
    fn the_digit_reading_of_dd_mm_yyyy_agrees_with_splitting() {
        let shaped = ["08/04/2025 09:01:37", "31.03.2026", "01-12-2025T10:00", "00/00/0000", "99/99/9999"];
        for text in shaped {
            assert!(two_two_four_digits(text.as_bytes()).is_some(), "{text}");
            assert_eq!(two_two_four_digits(text.as_bytes()), numeric_triplet_by_splitting(text), "{text}");
        }
        for text in ["8/04/2025", "08/04/25", "08/0x/2025", "08/04/2025x", "08/04-2025", "08/04/202", "2026-03-31", "", "0"] {
            assert_eq!(two_two_four_digits(text.as_bytes()), None, "{text}");
        }
        assert_eq!(numeric_triplet("8/04/2025"), Some((8, 4, 2025)));
    }

    #[test]
    fn times_of_day() {
        assert_eq!(parse_time_of_day("31/03/2026 10:15:22"), Some(36_922));
        assert_eq!(parse_time_of_day("2026-03-31T23:10:00.000Z"), Some(83_400));
        assert_eq!(parse_time_of_day("31 Mar 2026 9:05 PM"), Some(75_900));
        assert_eq!(parse_time_of_day("31 Mar 2026 9:05 pm"), Some(75_900));
        assert_eq!(parse_time_of_day("31 Mar 2026 12:05 am"), Some(300));
        assert_eq!(parse_time_of_day("31/03/2026"), None);
        // Found by the fuzzer: a multi-byte character just before the hour.
        assert_eq!(parse_time_of_day("2026-03-31 ×9:05"), Some(32_700));
    }

    #[test]
    fn excel_serials() {
        assert_eq!(date_from_excel_serial(46_112.0).map(|d| d.to_string()), Some("2026-03-31".into()));
        assert_eq!(date_from_excel_serial(0.0), None);
    }
}
