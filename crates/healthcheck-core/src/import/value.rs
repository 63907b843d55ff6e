//! Reading an amount or quantity cell exactly, in the layouts exports and spreadsheets use
//! (dates are read in [`super::date_cell`]).

use std::str::FromStr;

use crate::inputs::MAX_MAGNITUDE;
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
    // A number a spreadsheet was told to keep as text: `="12.50"`.
    if let Some(inner) = text.strip_prefix("=\"").and_then(|t| t.strip_suffix('"')) {
        text = inner.trim_matches('"').trim();
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

/// What a file's number cells say about its decimal separator: `1.234,56` is written with a
/// decimal comma, `1,234.56` with a point. Only cells with both marks (or a comma before
/// other than three digits) tell; `1.200` alone could be either.
#[derive(Clone, Copy, Default, Debug)]
pub struct DecimalEvidence {
    pub comma: usize,
    pub point: usize,
}

impl DecimalEvidence {
    pub fn observe(&mut self, cell: &str) {
        let t = cell.trim();
        let b = t.as_bytes();
        if b.len() > 40 || !b.iter().any(u8::is_ascii_digit) || !b.iter().all(|c| c.is_ascii_digit() || b".,-+ ()$".contains(c)) {
            return;
        }
        match (t.rfind('.'), t.rfind(',')) {
            (Some(d), Some(c)) if c > d => self.comma += 1,
            (Some(_), Some(_)) => self.point += 1,
            (None, Some(c)) if t.matches(',').count() == 1 && t.len() - c - 1 != 3 && c > 0 => self.comma += 1,
            (Some(d), None) if t.matches('.').count() == 1 && t.len() - d - 1 != 3 && d > 0 => self.point += 1,
            _ => {}
        }
    }

    /// Cells seen that told one way or the other.
    pub fn told(&self) -> usize {
        self.comma + self.point
    }

    /// True when the file writes a decimal comma (and so a point only between thousands).
    pub fn decimal_comma(&self) -> bool {
        self.comma > self.point
    }
}

/// A number cell of a file written with a decimal comma, in the point form the parser reads:
/// `1.200` is twelve hundred there, and `1.234,5` is `1234.5`.
pub fn from_decimal_comma(cell: &str) -> Option<String> {
    cell.contains('.').then(|| cell.replace('.', "").replace(',', "."))
}

/// Remove thousands separators and turn a decimal comma into a point.
fn normalise_separators(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\u{2019}')).collect();
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
        // `1.234.567`: dots between groups of three digits are thousands separators.
        (Some(_), None) if t.matches('.').count() > 1 && t.split('.').skip(1).all(|g| g.len() == 3) => t.replace('.', ""),
        _ => t,
    };
    let valid = out.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        && out.matches('.').count() <= 1
        && out.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.');
    valid.then_some(out)
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
        // Habits of files that went through a spreadsheet, and other locales' separators.
        assert_eq!(dec("12.50 "), Some("12.50".into()));
        assert_eq!(dec("\u{a0}1\u{a0}234,50\u{a0}"), Some("1234.50".into()));
        assert_eq!(dec("=\"12.50\""), Some("12.50".into()));
        assert_eq!(dec("=\"\"-3\"\""), Some("-3".into()));
        assert_eq!(dec("1.234.567"), Some("1234567".into()));
        assert_eq!(dec("1.234.567,89"), Some("1234567.89".into()));
        assert_eq!(dec("1'234.56"), Some("1234.56".into()));
        assert_eq!(dec("1\u{2019}234.56"), Some("1234.56".into()));
        assert_eq!(dec("1\u{202f}234,56"), Some("1234.56".into()));
        assert_eq!(dec("12,34,567.00"), Some("1234567.00".into()));
        assert!(parse_decimal("1.23.4").is_err(), "dots that are not between groups of three");
        let mut e = DecimalEvidence::default();
        for cell in ["1.200", "14.400,00", "3,5", "SO-1", "2026-03-01"] {
            e.observe(cell);
        }
        assert!(e.decimal_comma(), "{e:?}");
        assert_eq!(from_decimal_comma("1.200").as_deref(), Some("1200"));
        assert_eq!(from_decimal_comma("1.234,5").as_deref(), Some("1234.5"));
        assert_eq!(from_decimal_comma("12,5"), None, "read as it is: the parser takes a lone comma");
        let mut e = DecimalEvidence::default();
        for cell in ["1,200.00", "4.50", "1.200"] {
            e.observe(cell);
        }
        assert!(!e.decimal_comma());
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
}
