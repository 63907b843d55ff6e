//! Text to rows: the delimiter is sniffed, quoted multi-line fields are kept whole,
//! and each row remembers the line it starts on.

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
        let (mode_count, mode_lines) = freq.iter().max_by_key(|(c, n)| (**n, **c)).map(|(c, n)| (*c, *n)).unwrap_or((0, 0));
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

/// Split the text into rows. Never fails: a stray quote runs to the end of its field.
pub fn read_rows(text: &str, delim: u8) -> Vec<Row> {
    let mut splitter = super::stream::Splitter::new(delim);
    let mut rows = Vec::new();
    let mut keep = |line: u64, raw: &[u8], ends: &[usize]| {
        // The text is UTF-8 and fields end at ASCII delimiters, so every record is too.
        let text = std::str::from_utf8(raw).unwrap_or_default();
        rows.push(Row { line, cells: super::Cells::Fields { text, ends }.to_record() });
    };
    splitter.push(text.as_bytes(), &mut keep);
    splitter.finish(&mut keep);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

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
