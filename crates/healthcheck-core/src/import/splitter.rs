//! Text to records: a [`Splitter`] cuts UTF-8 bytes, chunk by chunk, into records (quoted
//! fields may hold delimiters and line breaks), each with the line it starts on; the
//! delimiter is sniffed from the first lines.

use super::row_view::Cells;

/// What a record is handed on as: its line, the bytes of its fields with one separating byte
/// after each but the last, and where each field ends in them (field `i` starts one byte
/// after the end of field `i - 1`). For the common line without quotes these are the line's
/// own bytes, delimiters included, and nothing is copied.
pub type OnRecord<'a> = dyn FnMut(u64, &[u8], &[usize]) + 'a;

/// Splits UTF-8 bytes, chunk by chunk, into records, each with the 1-based line it starts on.
/// Quoted fields may hold delimiters and line breaks; blank lines between records are skipped.
pub struct Splitter {
    core: csv_core::Reader,
    delimiter: u8,
    out: Vec<u8>,
    out_len: usize,
    /// The general reader's fields again, each followed by the delimiter (see [`OnRecord`]).
    spaced: Vec<u8>,
    ends: Vec<usize>,
    ends_len: usize,
    /// The line of the next byte.
    line: u64,
    start_line: u64,
    in_record: bool,
    /// The bytes the general reader took for the record it is in, kept so that a quote
    /// never closed can be undone: the record is cut back to its first line and the lines
    /// after it are read again.
    taken: Vec<u8>,
    /// Lines where a quote opened and was never closed (see [`Splitter::take_broken`]).
    broken: Vec<u64>,
    /// The header's number of fields, once known: a line inside a quoted field with as
    /// many delimiters as a whole record is a record the quote swallowed.
    width: usize,
    /// How far into `taken` its lines have been looked at for that.
    looked: usize,
}

/// A quoted field may hold line breaks (a note, an address); one that runs on over this many
/// lines or bytes is a quote that was never closed. Real multi-line notes stay far below.
pub const MAX_QUOTED_LINES: u64 = 200;
pub const MAX_QUOTED_BYTES: usize = 64 * 1024;

impl Splitter {
    pub fn new(delimiter: u8) -> Splitter {
        Splitter {
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            delimiter,
            out: vec![0; 4096],
            out_len: 0,
            spaced: Vec::new(),
            ends: vec![0; 64],
            ends_len: 0,
            line: 1,
            start_line: 1,
            in_record: false,
            taken: Vec::new(),
            broken: Vec::new(),
            width: 0,
            looked: 0,
        }
    }

    /// Tell the number of fields of the file's header, so that a quote which swallows
    /// whole records is told from a field that holds line breaks.
    pub fn with_width(mut self, width: usize) -> Splitter {
        self.width = width;
        self
    }

    /// The lines, since last asked, where a quote opened and was never closed. Each such
    /// line was not handed on as a record: the reading went on at the next line.
    pub fn take_broken(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.broken)
    }

    /// True when no record is unfinished (every byte given so far was handed on).
    pub fn is_between_records(&self) -> bool {
        !self.in_record
    }

    /// Feed the next bytes; `on_record` gets every record they complete.
    pub fn push(&mut self, mut input: &[u8], on_record: &mut OnRecord) {
        use csv_core::ReadRecordResult::{End, InputEmpty, OutputEndsFull, OutputFull, Record};
        // An empty input means the end to the reader: only `finish` may say that.
        while !input.is_empty() {
            if !self.in_record {
                let skip = input.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
                self.line += count_newlines(&input[..skip]);
                input = &input[skip..];
                if input.is_empty() {
                    return;
                }
                if let Some(read) = self.plain_line(input, on_record) {
                    self.line += 1;
                    input = &input[read..];
                    continue;
                }
                self.in_record = true;
                self.start_line = self.line;
            }
            let (result, read, written, ended) =
                self.core.read_record(input, &mut self.out[self.out_len..], &mut self.ends[self.ends_len..]);
            self.line += count_newlines(&input[..read]);
            self.taken.extend_from_slice(&input[..read]);
            input = &input[read..];
            self.out_len += written;
            self.ends_len += ended;
            match result {
                InputEmpty | End => {}
                OutputFull => self.out.resize(self.out.len() * 2, 0),
                OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Record if self.swallowed_a_record(true) => self.break_quote(on_record),
                Record => self.emit(on_record),
            }
            // The reader ends a record at a line break outside quotes, so a record that
            // spans this many lines or bytes is inside a quote.
            let lines = self.line - self.start_line;
            if self.in_record
                && (lines >= MAX_QUOTED_LINES || (lines > 0 && self.taken.len() > MAX_QUOTED_BYTES) || self.swallowed_a_record(false))
            {
                self.break_quote(on_record);
            }
        }
    }

    /// Whether the record being read (`ended`: and just completed) holds a line that is a
    /// record of its own: a line inside it with a whole record's delimiters, or a first and
    /// a last line that have them each. A note or address over several lines has neither:
    /// its first and last lines share one record's delimiters between them.
    fn swallowed_a_record(&mut self, ended: bool) -> bool {
        if self.width < 2 {
            return false;
        }
        let whole = self.width - 1;
        let delimiters = |line: &[u8]| line.iter().filter(|b| **b == self.delimiter).count();
        let Some(first_end) = self.taken.iter().position(|b| *b == b'\n') else { return false };
        let mut at = self.looked.max(first_end + 1);
        while let Some(end) = self.taken[at..].iter().position(|b| *b == b'\n').map(|i| at + i) {
            let is_last = ended && self.taken[end + 1..].iter().all(|b| matches!(b, b'\r' | b'\n'));
            if !is_last && delimiters(&self.taken[at..end]) >= whole {
                return true;
            }
            at = end + 1;
        }
        self.looked = at;
        if !ended {
            return false;
        }
        let last_start = self.taken[..self.taken.len().saturating_sub(1)].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        if last_start == 0 {
            return false;
        }
        let last = &self.taken[last_start..];
        delimiters(&self.taken[..first_end]) >= whole && delimiters(last) >= whole
    }

    /// The record begun on `start_line` opened a quote that is never closed: that line is
    /// dropped (and noted in `broken`), and the lines after it are read again.
    fn break_quote(&mut self, on_record: &mut OnRecord) {
        let taken = std::mem::take(&mut self.taken);
        self.looked = 0;
        let first_break = taken.iter().position(|b| *b == b'\n');
        self.broken.push(self.start_line);
        self.core.reset();
        self.out_len = 0;
        self.ends_len = 0;
        self.in_record = false;
        self.line = self.start_line + u64::from(first_break.is_some());
        self.push(&taken[first_break.map_or(taken.len(), |i| i + 1)..], on_record);
    }

    /// The end of the input: a last record without a line break is completed.
    pub fn finish(&mut self, on_record: &mut OnRecord) {
        // A record that a line break would not end is inside a quote the file never closes.
        while self.in_record {
            let line = self.line;
            self.push(b"\n", on_record);
            self.line = line;
            if !self.in_record {
                return;
            }
            self.taken.pop();
            self.break_quote(on_record);
        }
    }

    /// A whole line at the start of `input` without quotes or stray carriage returns (most
    /// lines of most exports) is split at its delimiters here, several times faster than
    /// the general reader; returns the bytes read, line break included. Anything else, and a
    /// line the chunk cuts, is left to the general reader, which splits it the same way.
    fn plain_line(&mut self, input: &[u8], on_record: &mut OnRecord) -> Option<usize> {
        // One pass finds the line's end and its delimiters (their offsets go to `ends` for
        // now) and gives up at a quote or a carriage return that does not end the line.
        let delimiter = self.delimiter;
        let patterns = [delimiter, b'\n', b'"', b'\r'].map(|b| ONES * u64::from(b));
        let mut fields = 0;
        let mut break_at = None;
        let mut i = 0;
        while i < input.len() {
            // Ordinary bytes are passed over eight at a time, up to the first that matters.
            while let Some(word) = input.get(i..i + 8) {
                let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
                let special = patterns.iter().fold(0, |found, p| found | zero_bytes(word ^ p));
                if special != 0 {
                    i += (special.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            let Some(&b) = input.get(i) else { break };
            if b == delimiter {
                self.set_end(fields, i);
                fields += 1;
            } else if b == b'\n' {
                break_at = Some(i);
                break;
            } else if b == b'"' || (b == b'\r' && input.get(i + 1) != Some(&b'\n')) {
                return None;
            }
            i += 1;
        }
        let break_at = break_at?;
        let line = input[..break_at].strip_suffix(b"\r").unwrap_or(&input[..break_at]);
        self.set_end(fields, line.len());
        fields += 1;
        // Each field ends at its delimiter, which is the separating byte: the line goes as is.
        on_record(self.line, line, &self.ends[..fields]);
        Some(break_at + 1)
    }

    /// Record where field `field` of a plain line ends, growing `ends` as needed.
    fn set_end(&mut self, field: usize, end: usize) {
        if field == self.ends.len() {
            self.ends.resize(self.ends.len() * 2, 0);
        }
        self.ends[field] = end;
    }

    /// Hands on a record of the general reader, whose fields it wrote one after another:
    /// they are spaced out by a delimiter each, as [`OnRecord`] has them.
    fn emit(&mut self, on_record: &mut OnRecord) {
        let (len, count) = (self.out_len, self.ends_len);
        self.out_len = 0;
        self.ends_len = 0;
        self.in_record = false;
        self.taken.clear();
        self.looked = 0;
        self.spaced.clear();
        let mut start = 0;
        for (i, end) in self.ends[..count].iter_mut().enumerate() {
            if i > 0 {
                self.spaced.push(self.delimiter);
            }
            self.spaced.extend_from_slice(&self.out[start..*end]);
            start = *end;
            *end = self.spaced.len();
        }
        debug_assert_eq!(start, len);
        on_record(self.start_line, &self.spaced, &self.ends[..count]);
    }
}

/// One row of a text table and the 1-based line where it starts in the file.
pub struct Row {
    pub line: u64,
    pub cells: csv::StringRecord,
}

/// The delimiter with the most consistent, non-zero count over the first lines.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(30).collect();
    let mut best = (b',', 0usize);
    for delim in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, delim)).collect();
        let max = counts.iter().copied().max().unwrap_or(0);
        if max == 0 {
            continue;
        }
        // Lines that carry the most common non-zero count: title rows above a header have none.
        let mut freq = std::collections::BTreeMap::new();
        for c in counts.iter().filter(|c| **c > 0) {
            *freq.entry(*c).or_insert(0usize) += 1;
        }
        let (mode_count, mode_lines) = freq.iter().max_by_key(|(c, n)| (**n, **c)).map_or((0, 0), |(c, n)| (*c, *n));
        let score = mode_lines * 1000 + mode_count;
        if score > best.1 {
            best = (delim, score);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delim: u8) -> usize {
    let mut inside = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            inside = !inside;
        } else if b == delim && !inside {
            n += 1;
        }
    }
    n
}

pub fn delimiter_name(delim: u8) -> &'static str {
    match delim {
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "pipe",
        _ => "comma",
    }
}

/// Split the text into rows. Never fails: a line whose quote is never closed is left out.
pub fn read_rows(text: &str, delim: u8) -> Vec<Row> {
    let mut splitter = Splitter::new(delim);
    let mut rows = Vec::new();
    let mut keep = |line: u64, raw: &[u8], ends: &[usize]| {
        // The text is UTF-8 and fields end at ASCII delimiters, so every record is too.
        let text = std::str::from_utf8(raw).unwrap_or_default();
        rows.push(Row { line, cells: Cells::Fields { text, ends }.to_record() });
    };
    splitter.push(text.as_bytes(), &mut keep);
    splitter.finish(&mut keep);
    rows
}

pub fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}

pub(super) const ONES: u64 = u64::from_le_bytes([0x01; 8]);
const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// The high bit of each byte of the result is set where that byte of `word` is zero, and
/// only there (no carry crosses bytes). `word ^ (ONES * b)` finds the bytes equal to `b`.
fn zero_bytes(word: u64) -> u64 {
    !(((word & !HIGH).wrapping_add(!HIGH)) | word) & HIGH
}

/// Whether `bytes` hold a NUL byte, and whether they hold a byte outside ASCII, in one pass
/// eight bytes at a time. This runs over every byte of every file, and the standard
/// library's searches for either take four at a time in WebAssembly (they were 2 % of the
/// browser's analysis of the large bundle).
pub fn nul_and_non_ascii(bytes: &[u8]) -> (bool, bool) {
    let (mut zeros, mut any) = (0u64, 0u64);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or([1; 8]));
        zeros |= zero_bytes(word);
        any |= word;
    }
    for &b in words.remainder() {
        zeros |= u64::from(b == 0) << 7;
        any |= u64::from(b);
    }
    (zeros != 0, any & HIGH != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_in_chunks(text: &[u8], size: usize) -> Vec<(u64, Vec<String>)> {
        let mut splitter = Splitter::new(b',');
        let mut rows = Vec::new();
        let mut on = |line: u64, raw: &[u8], ends: &[usize]| {
            let text = std::str::from_utf8(raw).expect("UTF-8");
            rows.push((line, Cells::Fields { text, ends }.iter().map(str::to_string).collect()));
        };
        for chunk in text.chunks(size) {
            splitter.push(chunk, &mut on);
        }
        splitter.finish(&mut on);
        rows
    }

    #[test]
    fn chunks_may_end_anywhere() {
        let text = "title\r\n\r\nh1,h2\r\n\"multi\nline, with comma\",2\n\"say \"\"hi\"\"\",3\nlast,4".as_bytes();
        let whole = split_in_chunks(text, text.len());
        assert_eq!(
            whole,
            vec![
                (1, vec!["title".to_string()]),
                (3, vec!["h1".into(), "h2".into()]),
                (4, vec!["multi\nline, with comma".into(), "2".into()]),
                (6, vec!["say \"hi\"".into(), "3".into()]),
                (7, vec!["last".into(), "4".into()]),
            ]
        );
        for size in [1, 2, 3, 5, 7] {
            assert_eq!(split_in_chunks(text, size), whole, "chunks of {size}");
        }
    }

    #[test]
    fn plain_lines_split_as_the_general_reader_splits_them() {
        // Whole, every complete line without quotes takes the fast path; byte by byte, none
        // does. Both must give the same records and lines.
        let text = "a,b,,d,\r\n,,\n\n  spaced , x \nlone\rcr,1\nq\"mid,2\n\"quoted\",3\nend,é,no break".as_bytes();
        let whole = split_in_chunks(text, text.len());
        assert_eq!(whole[0], (1, vec!["a".to_string(), "b".into(), String::new(), "d".into(), String::new()]));
        assert_eq!(whole[1], (2, vec![String::new(), String::new(), String::new()]));
        assert_eq!(whole[2], (4, vec!["  spaced ".to_string(), " x ".into()]));
        assert_eq!(whole.last(), Some(&(8, vec!["end".to_string(), "é".into(), "no break".into()])));
        assert_eq!(split_in_chunks(text, 1), whole);
        // Long fields, with the special byte at every offset within an eight-byte word.
        let mut long = String::new();
        for n in 0..24 {
            long.push_str(&format!("{},{}\n{}\"q\",z\r\n", "x".repeat(n), "y".repeat(23 - n), "w".repeat(n)));
        }
        assert_eq!(split_in_chunks(long.as_bytes(), long.len()), split_in_chunks(long.as_bytes(), 1));
        let mut tabs = Splitter::new(b'\t');
        let mut fields = Vec::new();
        tabs.push(b"a,b\tc\n", &mut |_, raw: &[u8], ends: &[usize]| fields.push((raw.to_vec(), ends.to_vec())));
        assert_eq!(fields, vec![(b"a,b\tc".to_vec(), vec![3, 5])], "a plain line goes on as it is");
        fields.clear();
        tabs.push(b"\"q\"\"\"\t\td\n", &mut |_, raw: &[u8], ends: &[usize]| fields.push((raw.to_vec(), ends.to_vec())));
        assert_eq!(fields, vec![(b"q\"\t\td".to_vec(), vec![2, 3, 5])], "quoted fields come spaced the same way");
    }

    /// Records and the lines left out as broken, read in chunks of `size`.
    fn split_with_broken(text: &[u8], size: usize) -> (Vec<(u64, Vec<String>)>, Vec<u64>) {
        let mut splitter = Splitter::new(b',');
        let mut rows = Vec::new();
        let mut broken = Vec::new();
        let mut on = |line: u64, raw: &[u8], ends: &[usize]| {
            let text = std::str::from_utf8(raw).expect("UTF-8");
            rows.push((line, Cells::Fields { text, ends }.iter().map(str::to_string).collect()));
        };
        for chunk in text.chunks(size) {
            splitter.push(chunk, &mut on);
            broken.extend(splitter.take_broken());
        }
        splitter.finish(&mut on);
        broken.extend(splitter.take_broken());
        (rows, broken)
    }

    #[test]
    fn a_quote_never_closed_costs_its_line_only() {
        let mut text = String::from("SKU,Note,Qty\nA1,plain,1\nA2,\"opened here,2\n");
        for i in 3..1000 {
            text.push_str(&format!("A{i},note {i},{i}\n"));
        }
        text.push_str("Z9,\"a real note\nover two lines\",5\n");
        for size in [text.len(), 4096, 7] {
            let (rows, broken) = split_with_broken(text.as_bytes(), size);
            assert_eq!(broken, vec![3], "chunks of {size}");
            assert_eq!(rows.len(), 1 + 1 + 997 + 1, "chunks of {size}");
            assert_eq!(rows[2], (4, vec!["A3".to_string(), "note 3".into(), "3".into()]));
            assert_eq!(rows.last().map(|r| (r.0, r.1[1].clone())), Some((1001, "a real note\nover two lines".to_string())));
        }
        // Opened on the last lines, the file ends inside the quote: the line is left out and
        // the lines after it are still read.
        let (rows, broken) = split_with_broken(b"a,b\n1,\"open\n2,x\n3,y", 3);
        assert_eq!(broken, vec![2]);
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 3, 4]);
        // A quote that closes at the very end, without a final line break, is fine.
        let (rows, broken) = split_with_broken(b"a,b\n1,\"two\nlines\"", 2);
        assert!(broken.is_empty());
        assert_eq!(rows[1], (2, vec!["1".to_string(), "two\nlines".into()]));
        // An inch mark inside a field is not a quote that opens one.
        let (rows, broken) = split_with_broken(b"a,b\nMonitor 24\" wide,1\n", 5);
        assert!(broken.is_empty());
        assert_eq!(rows[1].1[0], "Monitor 24\" wide");
        // A long quoted field of one line is not cut, however long.
        let long = format!("a,b\n\"{}\",1\nnext,2\n", "x".repeat(3 * MAX_QUOTED_BYTES));
        let (rows, broken) = split_with_broken(long.as_bytes(), 1000);
        assert!(broken.is_empty());
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn a_quote_that_swallows_whole_records_is_broken_too() {
        let split = |text: &str, size: usize| {
            let mut splitter = Splitter::new(b',').with_width(4);
            let mut rows = Vec::new();
            let mut on = |line: u64, raw: &[u8], ends: &[usize]| {
                rows.push((
                    line,
                    Cells::Fields { text: std::str::from_utf8(raw).expect("UTF-8"), ends }.iter().map(str::to_string).collect::<Vec<_>>(),
                ));
            };
            for chunk in text.as_bytes().chunks(size) {
                splitter.push(chunk, &mut on);
            }
            splitter.finish(&mut on);
            (rows.into_iter().map(|(line, cells)| (line, cells.join("|"))).collect::<Vec<_>>(), splitter.take_broken())
        };
        for size in [1, 5, 1000] {
            // Two lines that each open a quote: the second closes the first's, and the
            // record would have the header's width; it is still two broken lines.
            let (rows, broken) = split("a,b,c,d\n1,x,\"y,z\n2,x,\"y,z\n3,x,y,z\n", size);
            assert_eq!(broken, vec![2, 3], "chunks of {size}");
            assert_eq!(rows, vec![(1, "a|b|c|d".to_string()), (4, "3|x|y|z".into())], "chunks of {size}");
            // Quotes on lines far apart: the records between them are whole lines.
            let (rows, broken) = split("a,b,c,d\n1,x,\"y,z\n2,x,y,z\n3,x,y,z\n4,x,\"y,z\n5,x,y,z\n", size);
            assert_eq!(broken, vec![2, 5], "chunks of {size}");
            assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 3, 4, 6], "chunks of {size}");
            // A note over lines, first or in the middle, commas and all, is a field.
            let notes = "a,b,c,d\n\"first, then\nlast\",x,y,z\n1,\"one, two\nthree, four\",y,z\n2,x,y,z\n";
            let (rows, broken) = split(notes, size);
            assert!(broken.is_empty(), "chunks of {size}");
            assert_eq!(rows[1], (2, "first, then\nlast|x|y|z".to_string()));
            assert_eq!(rows[2], (4, "1|one, two\nthree, four|y|z".to_string()));
        }
    }

    #[test]
    fn long_records_grow_the_buffers() {
        let wide = (0..5000).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let rows = split_in_chunks(format!("{wide}\nx\n").as_bytes(), 1000);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].1.len(), 5000);
        assert_eq!(rows[0].1[4999], "4999");
    }

    #[test]
    fn sniffs_delimiters_under_title_rows() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("Report\nOrg\na;b;c\n1;2,5;3\n4;5;6\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n\"x,y\"\t2\n"), b'\t');
    }

    #[test]
    fn rows_keep_their_starting_line() {
        let rows = read_rows("title\n\nh1,h2\n\"multi\nline\",2\nlast,3\n", b',');
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 3, 4, 6]);
        assert_eq!(&rows[2].cells[0], "multi\nline");
    }
}
