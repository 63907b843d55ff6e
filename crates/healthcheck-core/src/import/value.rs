//! Reading one cell: exact decimals and calendar dates in the layouts exports use.

use std::str::FromStr;

use crate::date::Date;
use crate::inputs::{DateOrder, MAX_MAGNITUDE};
use crate::small_decimal::SmallDecimal;
use rust_decimal::Decimal;

/// Parse an amount or quantity exactly. Empty cells (and a lone dash) are `None`; a value of
/// ten trillion or more is refused (see [`MAX_MAGNITUDE`]).
///
/// Accepts currency symbols and codes (`$1,234.56`, `USD 12.00`), thousands separators,
/// negatives as `-1`, `(1)` or `1-`, a decimal comma (`1.234,56`, `12,5`) and exponents
/// (`1.5E-05`, as Excel writes small numbers).
pub fn parse_decimal(raw: &str) -> Result<Option<Decimal>, String> {
    let mut text = crate::text::trim(raw);
    // Most cells are plain numbers: `-12.50`, `4210.00`, `3`.
    if let Some(d) = plain_decimal(text.as_bytes()) {
        return within_limit(d, raw);
    }
    let b = text.as_bytes();
    let plain = !b.is_empty()
        && b.len() <= 28
        && b.iter().enumerate().all(|(i, c)| c.is_ascii_digit() || *c == b'.' || (i == 0 && *c == b'-'))
        && b.iter().filter(|c| **c == b'.').count() <= 1
        && b.last().is_some_and(u8::is_ascii_digit)
        && b.iter().any(u8::is_ascii_digit);
    if plain {
        if let Ok(d) = Decimal::from_str(text) {
            return within_limit(d, raw);
        }
    }
    if text.is_empty() || text == "-" || text == "\u{2014}" || text == "\u{2013}" {
        return Ok(None);
    }
    let mut negative = false;
    if text.starts_with('(') && text.ends_with(')') && text.len() >= 2 {
        negative = true;
        text = text[1..text.len() - 1].trim();
    }
    if let Some(rest) = text.strip_suffix('-') {
        negative = !negative;
        text = rest.trim_end();
    }
    if let Some(rest) = text.strip_prefix('-') {
        negative = !negative;
        text = rest.trim_start();
    } else if let Some(rest) = text.strip_prefix('+') {
        text = rest.trim_start();
    }
    let text = strip_currency(text);
    // A minus may also stand after the currency symbol: `$-12.00`.
    let (text, inner_negative) = match text.strip_prefix('-') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    if inner_negative {
        negative = !negative;
    }
    let cleaned = normalise_separators(text).ok_or_else(|| format!("'{}' is not a number", raw.trim()))?;
    let value = if cleaned.contains(['e', 'E']) { Decimal::from_scientific(&cleaned) } else { Decimal::from_str(&cleaned) }
        .map_err(|_| format!("'{}' is not a number", raw.trim()))?;
    within_limit(if negative { -value } else { value }, raw)
}

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

/// A plain number (an optional minus, digits, at most one point, ending in a digit) that
/// fits 64 bits, read directly; the same value and scale as `Decimal::from_str` gives.
/// `None` for anything else, which the general parser then reads.
fn plain_decimal(b: &[u8]) -> Option<Decimal> {
    let (negative, mantissa, scale) = plain_parts(b)?;
    let mantissa = mantissa as i64; // below 10^18
    Some(Decimal::new(if negative { -mantissa } else { mantissa }, scale))
}

/// A plain number as [`plain_decimal`] reads it, in eight bytes, when it is also under the
/// limit of [`MAX_MAGNITUDE`]: the common cell of a large table, read without a `Decimal`.
/// `cell` is trimmed. `None` for anything else, which [`parse_decimal`] then reads (and
/// refuses where it must).
pub fn plain_small_decimal(cell: &str) -> Option<SmallDecimal> {
    let (negative, mantissa, scale) = plain_parts(cell.as_bytes())?;
    // The value is under ten trillion when the mantissa is under 10^(13 + scale); a
    // mantissa of at most eighteen digits always is once that passes 10^18.
    let under_limit = 10u64.checked_pow(13 + scale).is_none_or(|limit| mantissa < limit);
    under_limit.then(|| SmallDecimal::from_parts(negative, mantissa, scale)).flatten()
}

/// The sign, the digits as a number and the scale of a plain number (see
/// [`plain_decimal`]); the number has at most eighteen digits, so it is below 10^18.
fn plain_parts(b: &[u8]) -> Option<(bool, u64, u32)> {
    let (negative, digits) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    if !digits.last()?.is_ascii_digit() {
        return None;
    }
    // Eighteen digits always fit: no overflow test per digit (which costs a 128-bit multiply
    // in WebAssembly).
    if digits.len() > 18 {
        return None;
    }
    let (mut mantissa, mut scale) = (0u64, None);
    for (i, &c) in digits.iter().enumerate() {
        match c {
            b'0'..=b'9' => mantissa = mantissa * 10 + u64::from(c - b'0'),
            b'.' if scale.is_none() => scale = Some(digits.len() - i - 1),
            _ => return None,
        }
    }
    let scale = u32::try_from(scale.unwrap_or(0)).ok().filter(|s| *s <= 28)?;
    // A negative zero keeps its sign in the general parser: leave it to it.
    if negative && mantissa == 0 {
        return None;
    }
    Some((negative, mantissa, scale))
}

fn within_limit(value: Decimal, raw: &str) -> Result<Option<Decimal>, String> {
    if value.abs() >= MAX_MAGNITUDE {
        return Err(format!("'{}' is too large for an amount or quantity (the limit is 10 trillion)", raw.trim()));
    }
    Ok(Some(value))
}

fn strip_currency(text: &str) -> &str {
    let mut t = text.trim();
    loop {
        let before = t;
        t = t.trim_start_matches(['$', '\u{20ac}', '\u{a3}', '\u{a5}']).trim();
        t = t.trim_end_matches(['$', '\u{20ac}', '\u{a3}', '\u{a5}']).trim();
        // Three-letter currency codes before or after the number (`NZD 10.00`, `10.00 AUD`).
        if let (Some(head), Some(tail)) = (t.get(..3), t.get(3..)) {
            if t.len() > 4 && head.bytes().all(|b| b.is_ascii_uppercase()) && tail.starts_with([' ', '$']) {
                t = tail.trim_start();
            }
        }
        if let (Some(head), Some(tail)) = (t.len().checked_sub(3).and_then(|i| t.get(..i)), t.len().checked_sub(3).and_then(|i| t.get(i..)))
        {
            if t.len() > 4 && tail.bytes().all(|b| b.is_ascii_uppercase()) && head.ends_with(' ') {
                t = head.trim_end();
            }
        }
        if t == before {
            return t;
        }
    }
}

/// Remove thousands separators and turn a decimal comma into a point.
fn normalise_separators(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'')).collect();
    if t.is_empty() {
        return None;
    }
    let last_dot = t.rfind('.');
    let last_comma = t.rfind(',');
    let out = match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => t.replace('.', "").replacen(',', ".", 1),
        (Some(_), Some(_)) => t.replace(',', ""),
        (None, Some(c)) => {
            let decimals = &t[c + 1..];
            let commas = t.matches(',').count();
            if commas == 1 && decimals.len() != 3 {
                t.replace(',', ".")
            } else {
                t.replace(',', "")
            }
        }
        _ => t,
    };
    let valid = out.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        && out.matches('.').count() <= 1
        && out.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.');
    valid.then_some(out)
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

    /// The order to use, and whether it was a guess (no value could tell).
    pub fn decide(&self) -> (DateOrder, bool) {
        if self.month_first > self.day_first {
            (DateOrder::MonthFirst, false)
        } else if self.day_first > 0 {
            (DateOrder::DayFirst, false)
        } else {
            // Cin7 Core and Xero are used mostly in day-first countries; the report says it guessed.
            (DateOrder::DayFirst, self.ambiguous > 0)
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
    fn plain_numbers_read_as_the_general_parser_reads_them() {
        let cases = [
            "0",
            "7",
            "007",
            "-3",
            "12.50",
            "-12.50",
            "4210.00",
            ".5",
            "-.5",
            "0.000",
            "-0.10",
            "123456789012345678",
            "-999999999999999999",
            "1.2345678901234567",
            "0.0000000000000001",
        ];
        for text in cases {
            let general = Decimal::from_str(text).expect("a number");
            let plain = plain_decimal(text.as_bytes()).expect("plain");
            assert_eq!((plain, plain.scale(), plain.to_string()), (general, general.scale(), general.to_string()), "{text}");
        }
        // Left to the general parser: not plain, more than eighteen digits, a negative zero.
        for text in ["", "-", "1.", "1.2.3", "1,000", "+1", "1e3", "$5", "9223372036854775807", "0.0000000000000000000000000001", "-0"] {
            assert_eq!(plain_decimal(text.as_bytes()), None, "{text}");
        }
        for long in ["1234567.000000000000", "0.0000000000000000000000000001"] {
            assert_eq!(dec(long), Some(Decimal::from_str(long).expect("a number").to_string()));
        }
        assert_eq!(dec("-0.00"), Some(Decimal::from_str("-0.00").expect("a number").to_string()));
    }

    #[test]
    fn plain_numbers_in_eight_bytes_are_those_the_general_parser_keeps() {
        for text in ["0", "-3", "12.50", "-.5", "0.000", "9999999999999.9999", "-9999999999999", ".0000000000000001"] {
            let general = parse_decimal(text).expect("a number").expect("a value");
            let small = plain_small_decimal(text).expect("plain and small").get();
            assert_eq!((small, small.scale(), small.to_string()), (general, general.scale(), general.to_string()), "{text}");
        }
        // Over the limit, beyond eight bytes, or not plain: left to the general parser.
        for text in ["10000000000000", "-10000000000000.0", "999999999999999999", "1,000", "-0", "$5"] {
            assert!(plain_small_decimal(text).is_none(), "{text}");
        }
        assert!(parse_decimal("10000000000000").is_err());
    }

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

    fn dec(s: &str) -> Option<String> {
        parse_decimal(s).expect("parses").map(|d| d.to_string())
    }

    #[test]
    fn refuses_magnitudes_no_export_carries() {
        assert_eq!(dec("9999999999999.99"), Some("9999999999999.99".into()));
        assert_eq!(dec("-9,999,999,999,999"), Some("-9999999999999".into()));
        for raw in ["10000000000000", "-10000000000000.00", "79228162514264337593543950335", "1E+20", "$12,000,000,000,000"] {
            let err = parse_decimal(raw).expect_err(raw);
            assert!(err.contains("too large") && err.contains(raw.trim_start_matches('$')), "{raw}: {err}");
        }
    }

    #[test]
    fn money_layouts() {
        assert_eq!(dec("1234.56"), Some("1234.56".into()));
        assert_eq!(dec("$1,234.56"), Some("1234.56".into()));
        assert_eq!(dec("(1,234.56)"), Some("-1234.56".into()));
        assert_eq!(dec("1,234.56-"), Some("-1234.56".into()));
        assert_eq!(dec("-$12.00"), Some("-12.00".into()));
        assert_eq!(dec("$-12.00"), Some("-12.00".into()));
        assert_eq!(dec("USD 4,210.00"), Some("4210.00".into()));
        assert_eq!(dec("10.50 NZD"), Some("10.50".into()));
        assert_eq!(dec("1.234,56"), Some("1234.56".into()));
        assert_eq!(dec("12,5"), Some("12.5".into()));
        assert_eq!(dec("1,000"), Some("1000".into()));
        assert_eq!(dec("1.0000000000"), Some("1.0000000000".into()));
        assert_eq!(dec("1.5E-05"), Some("0.000015".into()));
        assert_eq!(dec(""), None);
        assert_eq!(dec(" - "), None);
        // Found by the property test: a multi-byte character where a currency code could be.
        assert!(parse_decimal("1\u{1d32}0").is_err());
    }

    #[test]
    fn money_errors_name_the_value() {
        assert_eq!(parse_decimal("12..5"), Err("'12..5' is not a number".into()));
        assert!(parse_decimal("abc").is_err());
        assert!(parse_decimal("1-2").is_err());
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
        assert_eq!(e.decide(), (DateOrder::MonthFirst, false));
        let mut e = DateOrderEvidence::default();
        e.observe("03/04/2026");
        assert_eq!(e.decide(), (DateOrder::DayFirst, true));
        let mut e = DateOrderEvidence::default();
        e.observe("2026-03-04");
        assert_eq!(e.decide(), (DateOrder::DayFirst, false));
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
