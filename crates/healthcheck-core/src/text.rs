//! Text as records hold it ([`Text`]: shared, repeated values stored once), and small text
//! tests that run once per record, written not to allocate.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::hash::BuildHasherDefault;
use std::ops::Deref;
use std::sync::Arc;

use crate::hash::FastHasher;

/// A text field of a record. The same SKU, status or location repeats on thousands of rows:
/// each distinct value is stored once and shared (see [`Interner`]), which keeps a large
/// file's records a fraction of the size owned strings would take. Reads as a `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(Arc::from(""))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Arc::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Arc::from(s))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text(Arc::from(s.as_str()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        t.0.to_string()
    }
}

impl From<&Text> for String {
    fn from(t: &Text) -> Self {
        t.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == &*other.0
    }
}

/// One shared [`Text`] per distinct value of a column.
#[derive(Default)]
pub struct Interner(HashSet<Text, BuildHasherDefault<FastHasher>>);

impl Interner {
    /// The shared text, and whether it was there already.
    pub fn text(&mut self, s: &str) -> (Text, bool) {
        if let Some(t) = self.0.get(s) {
            return (t.clone(), true);
        }
        let t = Text::from(s);
        self.0.insert(t.clone());
        (t, false)
    }
}

/// How one column's values become [`Text`]: a value equal to the previous row's is that
/// same text; others are looked up among the column's values so far, so each distinct
/// value is stored once. A column whose values turn out mostly distinct (document numbers,
/// descriptions) stops looking up and forgets them: there a look-up only costs.
#[derive(Default)]
pub struct ColumnText {
    last: Option<Text>,
    seen: Interner,
    looked_up: u32,
    found: u32,
    distinct: bool,
}

/// Look-ups before a column is judged, and the least share of them (in eighths) that must
/// find a value seen before for the column to stay shared.
const JUDGE_AFTER: u32 = 512;
const MIN_REPEATS_IN_8: u32 = 1;

impl ColumnText {
    pub fn text(&mut self, s: &str) -> Text {
        if let Some(last) = &self.last {
            if last.as_str() == s {
                return last.clone();
            }
        }
        let t = if self.distinct {
            Text::from(s)
        } else {
            let (t, found) = self.seen.text(s);
            self.looked_up += 1;
            self.found += u32::from(found);
            if self.looked_up == JUDGE_AFTER && self.found * 8 < self.looked_up * MIN_REPEATS_IN_8 {
                self.distinct = true;
                self.seen = Interner::default();
            }
            t
        };
        self.last = Some(t.clone());
        t
    }
}

/// `str::trim`, with a quick answer for the common cell that starts and ends with a
/// printable ASCII character (no ASCII character above the space is white space).
pub fn trim(s: &str) -> &str {
    let printable = |b: &u8| (b'!'..0x80).contains(b);
    let b = s.as_bytes();
    if b.first().is_none_or(printable) && b.last().is_none_or(printable) {
        s
    } else {
        s.trim()
    }
}

/// Whether `haystack` contains `needle` (given in lower case), ignoring ASCII case.
pub fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Whether `text` starts with `prefix` (given in lower case), ignoring ASCII case.
pub fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len() && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_answers_as_str_trim_does() {
        for s in ["", " ", "a", " a", "a ", "\ta\r", "\u{a0}x\u{a0}", "x\u{3000}", "é", "~", "a b"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn a_column_shares_repeated_values() {
        let mut column = ColumnText::default();
        let a = column.text("WID-1");
        let _ = column.text("WID-2");
        let b = column.text("WID-1");
        assert!(Arc::ptr_eq(&a.0, &b.0), "one copy of a repeated value");
        assert_eq!(a, "WID-1");
        assert_eq!(format!("{a} {a:?}"), "WID-1 \"WID-1\"");
        // A column of distinct values stops sharing (and keeps nothing for it).
        let mut numbers = ColumnText::default();
        for i in 0..JUDGE_AFTER {
            let _ = numbers.text(&format!("SO-{i}"));
        }
        assert!(numbers.distinct && numbers.seen.0.is_empty());
        assert_eq!(numbers.text("SO-1"), "SO-1");
    }

    #[test]
    fn ignores_ascii_case_only() {
        assert!(contains_ignore_case("Manual Journal #12", "manual journal"));
        assert!(contains_ignore_case("x", ""));
        assert!(!contains_ignore_case("Manual", "manual journal"));
        assert!(starts_with_ignore_case("TOTAL Inventory", "total"));
        assert!(!starts_with_ignore_case("Tot", "total"));
        assert!(!starts_with_ignore_case("Ébc", "ebc"));
    }
}
