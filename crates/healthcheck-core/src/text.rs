//! Text as records hold it ([`Text`]: shared, repeated values stored once), and small text
//! tests that run once per record, written not to allocate.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use crate::places::{Places, Probe};

/// A text field of a record. The same SKU, status or location repeats on thousands of rows:
/// each distinct value is stored once and shared (see [`Interner`]), which keeps a large
/// file's records a fraction of the size owned strings would take. Reads as a `&str`.
///
/// One pointer wide (`ArcStr` keeps the length beside the count, where `Arc<str>` keeps it
/// in every copy): records hold millions of these, and the half saved is a fifth of their
/// memory.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(arcstr::ArcStr);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(arcstr::ArcStr::new())
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
        Text(arcstr::ArcStr::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(arcstr::ArcStr::from(s))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text(arcstr::ArcStr::from(s.as_str()))
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

/// Distinct values, each stored once, in the order first met, found by hash in a
/// [`Places`] table: a column's own values, and (inside [`SharedText`]) those all tables
/// share.
#[derive(Default)]
pub struct Interner {
    places: Places,
    values: Vec<Text>,
}

impl Interner {
    /// The shared text, and whether it was there already.
    pub fn text(&mut self, s: &str) -> (Text, bool) {
        match self.find(s) {
            Ok(place) => (self.values[place as usize].clone(), true),
            Err(free) => (self.add(s, free).1, false),
        }
    }

    /// The place of `s` among the values; or, where it is not there, its hash and the free
    /// slot for [`Interner::add`].
    fn find(&self, s: &str) -> Result<u32, (u32, usize)> {
        let hash = crate::hash::hash_str(s) as u32;
        match self.places.probe(hash, |place| same(&self.values[place as usize], s)) {
            Probe::Found { place, .. } => Ok(place),
            Probe::Free(slot) => Err((hash, slot)),
        }
    }

    /// Keep `s`, which [`Interner::find`] did not find; its place and its text.
    fn add(&mut self, s: &str, (hash, slot): (u32, usize)) -> (u32, Text) {
        let text = Text::from(s);
        let place = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        self.places.insert(slot, hash, place);
        self.values.push(text.clone());
        (place, text)
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Whether two texts are the same bytes, compared eight at a time. WebAssembly has no
/// instruction for it, and the `memcmp` that `==` calls there compares one byte at a time:
/// it was 3.7 % of the browser's analysis of the large bundle, nearly all of it from
/// comparing each cell with its column's previous value and with values found by hash.
#[inline]
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| s.get(at..at + 8).and_then(|w| w.try_into().ok()).map(u64::from_le_bytes);
    if n < 8 {
        let packed = |s: &[u8]| s.iter().fold(0u64, |w, &c| (w << 8) | u64::from(c));
        return packed(a) == packed(b);
    }
    // Whole words, then the last eight bytes (which may overlap the last word compared).
    (0..n - 7).step_by(8).all(|at| word(a, at) == word(b, at)) && word(a, n - 8) == word(b, n - 8)
}

/// The mostly distinct values of every table loaded so far, each stored once, in the order
/// first met. Tables list the same documents in much the same order (sale lines after the
/// sale list, the sync report after both), so a column first tries the value after the one
/// it found last, which saves a hash look-up where the orders agree. The look-up itself is
/// a [`Places`] table (a general hash set cost about 5 % more of the browser's analysis of
/// the 528 MB bundle).
#[derive(Default)]
pub struct SharedText {
    values: Interner,
    /// Whether a value met for the first time is kept: only while a table still to load may
    /// name it again (the last table, or a lone large file, keeps nothing it adds).
    keep_new: bool,
}

impl SharedText {
    pub fn keep_new(&mut self, keep: bool) {
        self.keep_new = keep;
    }

    /// The shared text of `s`. `next` is where the caller's last value was found, plus one;
    /// it is moved to follow this one.
    pub fn text(&mut self, s: &str, next: &mut u32) -> Text {
        if let Some(t) = self.values.values.get(*next as usize) {
            if same(t, s) {
                *next += 1;
                return t.clone();
            }
        }
        if self.values.is_empty() && !self.keep_new {
            return Text::from(s);
        }
        let (place, text) = match self.values.find(s) {
            Ok(place) => (place, self.values.values[place as usize].clone()),
            Err(_) if !self.keep_new => return Text::from(s),
            Err(free) => self.values.add(s, free),
        };
        *next = place.saturating_add(1);
        text
    }
}

/// How one column's values become [`Text`]: a value equal to the previous row's is that
/// same text; others are looked up among the column's values so far, so each distinct
/// value is stored once. A column whose values turn out mostly distinct (document numbers,
/// descriptions) forgets its own and looks them up among the values every table shares
/// instead: the same invoice number is in the sale list, its lines, the sync report and
/// the ledger, and is then stored once for all of them.
#[derive(Default)]
pub struct ColumnText {
    last: Option<Text>,
    seen: Interner,
    /// Where in the shared values to look first (see [`SharedText`]).
    next_shared: u32,
    looked_up: u32,
    found: u32,
    distinct: bool,
}

/// Look-ups between judgements of a column, and the least share of them (in eighths) that
/// must find a value seen before for the column to keep its own values.
const JUDGE_AFTER: u32 = 512;
const MIN_REPEATS_IN_8: u32 = 1;

impl ColumnText {
    pub fn text(&mut self, s: &str, shared: &mut SharedText) -> Text {
        if let Some(last) = &self.last {
            if same(last, s) {
                return last.clone();
            }
        }
        let t = if self.distinct {
            shared.text(s, &mut self.next_shared)
        } else {
            let (t, found) = self.seen.text(s);
            self.looked_up += 1;
            self.found += u32::from(found);
            // Judged again every so many look-ups: a ledger sorted by account repeats its
            // customers' names in one account and gives every order its own description in
            // the next.
            if self.looked_up == JUDGE_AFTER {
                if self.found * 8 < self.looked_up * MIN_REPEATS_IN_8 {
                    self.distinct = true;
                    self.seen = Interner::default();
                }
                (self.looked_up, self.found) = (0, 0);
            }
            t
        };
        self.last = Some(t.clone());
        t
    }
}

/// The text of the table being loaded: its columns' own values, and the mostly distinct
/// values all tables share (handed from table to table, dropped once all are loaded).
pub struct TableText {
    columns: Vec<ColumnText>,
    shared: SharedText,
}

impl TableText {
    pub fn new(width: usize, shared: SharedText) -> TableText {
        TableText { columns: std::iter::repeat_with(ColumnText::default).take(width).collect(), shared }
    }

    /// The text of a value of column `col` (a column past the header's width shares nothing).
    pub fn text(&mut self, col: usize, s: &str) -> Text {
        match self.columns.get_mut(col) {
            Some(column) => column.text(s, &mut self.shared),
            None => Text::from(s),
        }
    }

    /// The shared values, for the next table.
    pub fn into_shared(self) -> SharedText {
        self.shared
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

/// Whether every byte is ASCII, eight at a time (`is_ascii` goes four at a time in the
/// browser's module, and every identifier cell of every row is asked).
pub(crate) fn ascii(b: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = b.chunks_exact(8);
    let whole = words.all(|w| w.try_into().is_ok_and(|w: [u8; 8]| u64::from_le_bytes(w) & HIGH == 0));
    whole && words.remainder().iter().all(u8::is_ascii)
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
        let mut shared = SharedText::default();
        shared.keep_new(true);
        let mut column = ColumnText::default();
        let a = column.text("WID-1", &mut shared);
        let _ = column.text("WID-2", &mut shared);
        let b = column.text("WID-1", &mut shared);
        assert!(arcstr::ArcStr::ptr_eq(&a.0, &b.0), "one copy of a repeated value");
        assert_eq!(a, "WID-1");
        assert_eq!(format!("{a} {a:?}"), "WID-1 \"WID-1\"");
        assert!(shared.values.is_empty(), "a column of repeats keeps its values to itself");
        // A column of distinct values forgets its own and shares them with other columns.
        let mut numbers = ColumnText::default();
        for i in 0..JUDGE_AFTER {
            let _ = numbers.text(&format!("SO-{i}"), &mut shared);
        }
        assert!(numbers.distinct && numbers.seen.is_empty());
        // Judged again later: names that repeat, then a run of values each met once.
        let mut elsewhere = SharedText::default();
        let mut descriptions = ColumnText::default();
        for i in 0..JUDGE_AFTER {
            let _ = descriptions.text(["Harbour Cafe", "Northwind"][i as usize % 2], &mut elsewhere);
        }
        assert!(!descriptions.distinct, "repeated names keep their column's own values");
        for i in 0..JUDGE_AFTER {
            let _ = descriptions.text(&format!("Cin7 COGS SO-{i}"), &mut elsewhere);
        }
        assert!(descriptions.distinct && descriptions.seen.is_empty());
        let later = numbers.text("SO-1000", &mut shared);
        let mut lines = ColumnText { distinct: true, ..ColumnText::default() };
        let again = lines.text("SO-1000", &mut shared);
        assert!(arcstr::ArcStr::ptr_eq(&later.0, &again.0), "one copy of a number two tables name");
        assert_eq!(shared.values.len(), 1);
        // Once no table is to follow, values are still found but new ones are not kept.
        shared.keep_new(false);
        assert_eq!(lines.text("SO-1001", &mut shared), "SO-1001");
        assert_eq!(shared.values.len(), 1);
        let mut more = ColumnText { distinct: true, ..ColumnText::default() };
        assert!(arcstr::ArcStr::ptr_eq(&more.text("SO-1000", &mut shared).0, &again.0));
    }

    #[test]
    fn shared_values_are_found_again_after_the_table_grows() {
        let mut shared = SharedText::default();
        shared.keep_new(true);
        let (mut from_first, mut from_second) = (0, 0);
        let first: Vec<Text> = (0..5000).map(|i| shared.text(&format!("INV-{i}"), &mut from_first)).collect();
        assert_eq!(shared.values.len(), 5000);
        // Found by hash, in another order (the value after the last one found is tried first).
        for i in (0..5000).rev().step_by(7) {
            let again = shared.text(&format!("INV-{i}"), &mut from_second);
            assert!(arcstr::ArcStr::ptr_eq(&again.0, &first[i].0), "INV-{i}");
            assert_eq!(from_second as usize, i + 1);
        }
        assert_eq!(shared.values.len(), 5000, "nothing stored twice");
        shared.keep_new(false);
        assert_eq!(shared.text("INV-5000", &mut from_second), "INV-5000");
        assert_eq!(shared.values.len(), 5000);
    }

    #[test]
    fn same_answers_as_equality_does() {
        let texts = [
            "",
            "a",
            "b",
            "ab",
            "abcdefg",
            "abcdefh",
            "abcdefgh",
            "abcdefgi",
            "bbcdefgh",
            "abcdefghi",
            "abcdefghj",
            "SO-000123",
            "SO-000124",
        ];
        let longer: Vec<String> = (0..40).map(|n| "x".repeat(n) + "é").collect();
        let all: Vec<&str> = texts.iter().copied().chain(longer.iter().map(String::as_str)).collect();
        for a in &all {
            for b in &all {
                assert_eq!(same(a, b), a == b, "{a:?} {b:?}");
            }
        }
        // A difference at every position of a long text.
        let base = "0123456789abcdefghijklmnopqrstuvwxyz";
        for i in 0..base.len() {
            let mut changed = base.as_bytes().to_vec();
            changed[i] = b'_';
            assert!(!same(base, std::str::from_utf8(&changed).unwrap_or_default()), "position {i}");
        }
    }

    #[test]
    fn ascii_answers_as_is_ascii_does() {
        for s in ["", "a", "WID-0001", "SO-000123456", "abcdefgh", "abcdefghé", "é", "abcdefg\u{200b}", "x".repeat(17).as_str()] {
            assert_eq!(ascii(s.as_bytes()), s.is_ascii(), "{s:?}");
        }
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
