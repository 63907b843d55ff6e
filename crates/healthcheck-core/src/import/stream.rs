//! Text exports read as a stream of chunks, never held whole.
//!
//! A text file is read in two passes. The first ([`TextScan`]) settles what must be known
//! before any record is typed: whether it is UTF-16, its delimiter, whether it is text at
//! all, its header and kind (from the first rows) and its date order (from the date cells).
//! Once the header is in and a thousand dates have told the order, it stops
//! ([`TextScan::stop`]): a large file's first pass reads only its first part. The second pass
//! ([`TextDecoder`] feeding a [`Splitter`](super::splitter::Splitter)) types each record as it
//! arrives. Byte-wise files are decoded record by record ([`to_text`]): UTF-8 where a
//! record is, else Windows-1252, so that nothing the first pass did not see can overturn
//! what it decided. Chunks may end anywhere, even inside a quoted field or a multi-byte
//! character.

use super::decode;
use super::encoding::{self, TextEncoding, Utf16Decoder};
use super::row_view::Cells;
use super::splitter::{self, nul_and_non_ascii, Splitter};

/// A record's fields as text: as UTF-8 where its bytes are valid UTF-8, else read as
/// Windows-1252; false in that case. One record at a time, so that a stray byte in a UTF-8
/// file costs its own record only ([`RecordEncodings`] tells the user). `scratch` holds
/// decoded text between records.
pub fn to_text(bytes: &[u8], ends: &[usize], scratch: &mut Decoded, use_text: &mut dyn FnMut(Cells)) -> bool {
    if let Ok(text) = std::str::from_utf8(bytes) {
        use_text(Cells::Fields { text, ends });
        return true;
    }
    scratch.text.clear();
    scratch.ends.clear();
    let mut start = 0;
    for &end in ends {
        if start > 0 {
            scratch.text.push(' ');
        }
        encoding::windows_1252(&bytes[start..end], &mut scratch.text);
        scratch.ends.push(scratch.text.len());
        start = end + 1;
    }
    use_text(Cells::Fields { text: &scratch.text, ends: &scratch.ends });
    false
}

/// How a file's records were decoded, counted as they are read.
#[derive(Default)]
pub struct RecordEncodings {
    /// Records with characters beyond ASCII that were valid UTF-8.
    pub utf8: u64,
    /// Records that were not, read as Windows-1252, and the first lines of them.
    pub windows_1252: u64,
    pub windows_1252_lines: Vec<u64>,
    /// Bytes beyond ASCII in the Windows-1252 records, and how many of them stand next to
    /// another such byte: Western text has mostly lone accented letters; Shift-JIS, GB18030,
    /// Big5 and the Cyrillic code pages have runs.
    high: u64,
    paired: u64,
}

/// The Windows-1252 records' lines kept for the report.
const LINES_KEPT: usize = 5;

impl RecordEncodings {
    /// A record as [`to_text`] read it (`utf8`: what it returned); `maybe_non_ascii`: false
    /// when the caller knows the record is ASCII, which spares the look.
    pub fn record(&mut self, line: u64, raw: &[u8], utf8: bool, maybe_non_ascii: bool) {
        if utf8 {
            self.utf8 += u64::from(maybe_non_ascii && !crate::text::ascii(raw));
            return;
        }
        self.windows_1252 += 1;
        if self.windows_1252_lines.len() < LINES_KEPT {
            self.windows_1252_lines.push(line);
        }
        let high = |i: usize| raw.get(i).is_some_and(|b| *b >= 0x80);
        for i in (0..raw.len()).filter(|&i| high(i)) {
            self.high += 1;
            self.paired += u64::from((i > 0 && high(i - 1)) || high(i + 1));
        }
    }

    /// True when the bytes that are not UTF-8 do not read as Windows-1252 text either.
    pub fn other_encoding(&self) -> bool {
        self.high >= 16 && self.paired * 10 >= self.high * 6
    }

    /// What the counts say about the file, into its summary: Windows-1252 when no record
    /// beyond ASCII was UTF-8; a UTF-8 file's records that were not are listed.
    pub fn settle(&self, summary: &mut crate::inputs::InputSummary) {
        if self.windows_1252 == 0 {
            return;
        }
        if self.utf8 == 0 {
            summary.encoding = Some(TextEncoding::Windows1252.name().to_string());
        } else {
            summary.not_utf8 = Some(crate::inputs::NotUtf8 { records: self.windows_1252, lines: self.windows_1252_lines.clone() });
        }
    }
}

/// Room for a record decoded from Windows-1252.
#[derive(Default)]
pub struct Decoded {
    text: String,
    ends: Vec<usize>,
}

/// How a text file's bytes are read, settled by the first pass.
#[derive(Clone, Copy, Debug)]
pub struct TextPlan {
    pub encoding: TextEncoding,
    pub bom_len: usize,
    pub delimiter: u8,
}

impl TextPlan {
    /// Decide from the first bytes of the file (and the whole file when it is that short).
    fn from_head(head: &[u8]) -> TextPlan {
        let (encoding, bom_len) = TextEncoding::for_bom(head).unwrap_or_else(|| (encoding::guess_without_bom(head), 0));
        let body = &head[bom_len..];
        let text = match encoding {
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
                let mut out = Vec::new();
                Utf16Decoder::new(encoding == TextEncoding::Utf16Be).decode(body, true, &mut out);
                String::from_utf8_lossy(&out).into_owned()
            }
            _ => String::from_utf8_lossy(body).into_owned(),
        };
        TextPlan { encoding, bom_len, delimiter: splitter::sniff_delimiter(&text) }
    }
}

/// Bytes of a pass with the byte-order mark dropped, UTF-16 decoded to UTF-8.
pub struct TextDecoder {
    skip: usize,
    utf16: Option<Utf16Decoder>,
    buffer: Vec<u8>,
}

impl TextDecoder {
    /// Only UTF-16 is decoded here. UTF-8 and Windows-1252 share their ASCII bytes, so their
    /// records are split as bytes and decoded one by one ([`to_text`]): the first pass cannot
    /// know which of the two a file is until its end.
    pub fn new(plan: &TextPlan) -> TextDecoder {
        let utf16 = plan.encoding.is_utf16().then(|| Utf16Decoder::new(plan.encoding == TextEncoding::Utf16Be));
        TextDecoder { skip: plan.bom_len, utf16, buffer: Vec::new() }
    }

    /// The bytes were not valid UTF-16.
    pub fn malformed(&self) -> bool {
        self.utf16.as_ref().is_some_and(|d| d.malformed)
    }

    /// Hand `bytes` (or the end, with `last`) on as UTF-8 to `sink`.
    pub fn push(&mut self, bytes: &[u8], last: bool, sink: &mut dyn FnMut(&[u8])) {
        let skipped = self.skip.min(bytes.len());
        self.skip -= skipped;
        let bytes = &bytes[skipped..];
        match self.utf16.as_mut() {
            None => sink(bytes),
            Some(decoder) => {
                self.buffer.clear();
                decoder.decode(bytes, last, &mut self.buffer);
                sink(&self.buffer);
            }
        }
    }
}

/// How much of a file is looked at before its encoding and delimiter are decided.
const HEAD_BYTES: usize = 64 * 1024;
/// How much text the check for control characters samples.
const SAMPLE_CHARS: usize = 64 * 1024;

/// The first pass over a text file: everything but the typing of records.
#[derive(Default)]
pub struct TextScan {
    head: Vec<u8>,
    plan: Option<TextPlan>,
    refused: Option<String>,
    decoder: Option<TextDecoder>,
    splitter: Option<Splitter>,
    seen: TextSeen,
    scratch: Decoded,
    /// Bytes read before the scan stopped ([`TextScan::stop`]); later bytes are ignored.
    stopped: Option<u64>,
    read: u64,
}

/// What the first pass learns from the records' bytes.
#[derive(Default)]
struct TextSeen {
    encodings: RecordEncodings,
    sampled: usize,
    controls: usize,
    any_text: bool,
}

impl TextSeen {
    fn bytes(&mut self, raw: &[u8]) {
        self.any_text = self.any_text || raw.iter().any(|b| !b.is_ascii_whitespace());
    }

    fn text(&mut self, text: Cells) {
        if self.sampled >= SAMPLE_CHARS {
            return;
        }
        for c in text.iter().flat_map(str::chars) {
            self.sampled += 1;
            if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
                self.controls += 1;
            }
        }
    }
}

impl TextScan {
    /// Stop reading: the caller has all it wants from the records (the header rows and
    /// enough dates), and the checks of the rest are left to the second pass. Refused (false)
    /// for UTF-16, whose bytes are checked by decoding, and before the sample of text the
    /// check for control characters needs.
    pub fn stop(&mut self) -> bool {
        if self.stopped.is_none() && self.plan.is_some_and(|p| !p.encoding.is_utf16()) && self.seen.sampled >= SAMPLE_CHARS {
            self.stopped = Some(self.read);
        }
        self.stopped.is_some()
    }

    /// Bytes read before the scan stopped, when it did.
    pub fn stopped_at(&self) -> Option<u64> {
        self.stopped
    }

    /// Feed the next chunk; `on_row` gets each record as text.
    pub fn push(&mut self, chunk: &[u8], on_row: &mut dyn FnMut(u64, Cells)) {
        if self.refused.is_some() || self.stopped.is_some() {
            return;
        }
        self.read += chunk.len() as u64;
        if self.plan.is_none() {
            self.head.extend_from_slice(chunk);
            if self.head.len() >= HEAD_BYTES {
                self.start(on_row);
            }
            return;
        }
        self.feed(chunk, false, on_row);
    }

    /// The end of the first pass: the plan, or why the file is not a readable text table;
    /// with what the second pass must still check when the scan stopped early.
    pub fn finish(&mut self, on_row: &mut dyn FnMut(u64, Cells)) -> Result<TextPlan, String> {
        if self.plan.is_none() && self.refused.is_none() {
            if self.head.is_empty() {
                return Err("the file is empty".into());
            }
            self.start(on_row);
        }
        if let Some(reason) = self.refused.take() {
            return Err(reason);
        }
        if self.stopped.is_none() {
            self.feed(&[], true, on_row);
        }
        let mut plan = self.plan.ok_or("the file is empty")?;
        let seen = &self.seen;
        if self.decoder.as_ref().is_some_and(TextDecoder::malformed) {
            return Err(format!("the file is not valid {} text", plan.encoding.name()));
        }
        // A NUL here and there is a broken record (the second pass rejects it); many control
        // characters are a binary file.
        if seen.controls * 100 > seen.sampled.max(1) {
            return Err("the file holds binary data, not text".into());
        }
        if !seen.any_text {
            return Err("the file holds no text".into());
        }
        let encodings = &seen.encodings;
        if encodings.other_encoding() {
            let line = encodings.windows_1252_lines.first().copied().unwrap_or(1);
            return Err(format!(
                "the file's text is in an encoding not recognised: from line {line} it is neither UTF-8 nor Windows-1252 \
                 (it looks like Shift-JIS, GB18030, Big5 or a Cyrillic code page); save it as \"CSV UTF-8\" and add it again"
            ));
        }
        if encodings.windows_1252 > 0 && encodings.utf8 == 0 {
            plan.encoding = TextEncoding::Windows1252;
        }
        Ok(plan)
    }

    /// Settle the plan from the head, then read the head.
    fn start(&mut self, on_row: &mut dyn FnMut(u64, Cells)) {
        if let Some(what) = decode::sniff_binary(&self.head) {
            self.refused = Some(format!("the file is {what}, not a CSV or text export"));
            self.head = Vec::new();
            return;
        }
        let plan = TextPlan::from_head(&self.head);
        self.plan = Some(plan);
        self.decoder = Some(TextDecoder::new(&plan));
        self.splitter = Some(Splitter::new(plan.delimiter));
        let head = std::mem::take(&mut self.head);
        self.feed(&head, false, on_row);
    }

    fn feed(&mut self, bytes: &[u8], last: bool, on_row: &mut dyn FnMut(u64, Cells)) {
        let (Some(decoder), Some(splitter)) = (self.decoder.as_mut(), self.splitter.as_mut()) else { return };
        let (seen, scratch) = (&mut self.seen, &mut self.scratch);
        let mut on_record = |line: u64, raw: &[u8], ends: &[usize]| {
            seen.bytes(raw);
            let utf8 = to_text(raw, ends, scratch, &mut |text| {
                seen.text(text);
                on_row(line, text);
            });
            seen.encodings.record(line, raw, utf8, true);
        };
        decoder.push(bytes, last, &mut |text| splitter.push(text, &mut on_record));
        if last {
            splitter.finish(&mut on_record);
        }
        // The second pass rejects them; here they are only passed over.
        splitter.take_broken();
    }
}

/// Set by a chunk that holds a NUL byte or a byte beyond ASCII, and kept until the records
/// it may be part of are all read: only then are records looked at one by one for them
/// (most chunks of most files are ASCII without NUL).
#[derive(Default)]
pub struct ChunkMarks {
    pub nul: bool,
    pub non_ascii: bool,
}

impl ChunkMarks {
    /// A chunk of text, before its records are split.
    pub fn chunk(&mut self, text: &[u8]) {
        let (nul, non_ascii) = nul_and_non_ascii(text);
        self.nul |= nul;
        self.non_ascii |= non_ascii;
    }

    /// The chunk's records are read; `between_records`: none is left unfinished.
    pub fn chunk_read(&mut self, between_records: bool) {
        if between_records {
            *self = ChunkMarks::default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(bytes: &[u8], chunk: usize) -> (Result<TextPlan, String>, Vec<(u64, String)>) {
        let mut s = TextScan::default();
        let mut rows = Vec::new();
        let mut on = |line: u64, r: Cells| rows.push((line, r.iter().collect::<Vec<_>>().join("|")));
        for c in bytes.chunks(chunk.max(1)) {
            s.push(c, &mut on);
        }
        let plan = s.finish(&mut on);
        (plan, rows)
    }

    #[test]
    fn scan_settles_encoding_and_delimiter() {
        let (plan, rows) = scan(b"\xEF\xBB\xBFSKU;OnHand\nA;1\n", 3);
        let plan = plan.expect("text");
        assert_eq!((plan.encoding.name(), plan.bom_len, plan.delimiter), ("UTF-8", 3, b';'));
        assert_eq!(rows, vec![(1, "SKU|OnHand".to_string()), (2, "A|1".to_string())]);

        // Not UTF-8 near the end: the whole file is Windows-1252.
        let (plan, rows) = scan(b"SKU,Name\nA,Caf\xE9\n", 4);
        assert_eq!(plan.expect("text").encoding.name(), "windows-1252");
        assert_eq!(rows[1].1, "A|Caf\u{e9}");

        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("SKU\tOnHand\r\nA\t1\r\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let (plan, rows) = scan(&utf16, 5);
        assert_eq!(plan.expect("text").encoding.name(), "UTF-16LE");
        assert_eq!(rows, vec![(1, "SKU|OnHand".to_string()), (2, "A|1".to_string())]);
    }

    #[test]
    fn scan_names_an_encoding_it_cannot_read() {
        let rows = |name: &[u8]| {
            let mut out = b"SKU,Name\n".to_vec();
            for i in 0..20 {
                out.extend_from_slice(format!("A{i},").as_bytes());
                out.extend_from_slice(name);
                out.push(b'\n');
            }
            out
        };
        // Shift-JIS and KOI8-R: runs of bytes beyond ASCII.
        for name in [&b"\x8A\x94\x8E\xAE\x89\xEF\x8E\xD0 Tokyo"[..], b"\xF0\xD2\xC9\xD7\xC5\xD4"] {
            let error = scan(&rows(name), 7).0.expect_err("refused");
            assert!(error.starts_with("the file's text is in an encoding not recognised: from line 2 "), "{error}");
        }
        // Western Windows-1252: lone accented letters, now and then two together.
        let (plan, rows) = scan(&rows(b"Zo\xEB Cr\xE8me Br\xFBl\xE9e Gr\xF6\xDFe"), 7);
        assert_eq!(plan.expect("text").encoding.name(), "windows-1252");
        assert_eq!(rows[1].1, "A0|Zo\u{eb} Cr\u{e8}me Br\u{fb}l\u{e9}e Gr\u{f6}\u{df}e");
    }

    #[test]
    fn scan_names_what_is_not_text() {
        assert_eq!(scan(b"", 4).0.err(), Some("the file is empty".into()));
        assert_eq!(scan(b"%PDF-1.7\n", 4).0.err(), Some("the file is a PDF document, not a CSV or text export".into()));
        assert_eq!(scan(&[1, 2, 3, 0, 5, 6, 7, 8, 9], 2).0.err(), Some("the file holds binary data, not text".into()));
        assert_eq!(scan(b" \n\n", 1).0.err(), Some("the file holds no text".into()));
    }

    #[test]
    fn nul_and_non_ascii_bytes_are_found_anywhere() {
        for len in 0..40 {
            let plain = vec![b'a'; len];
            assert_eq!(nul_and_non_ascii(&plain), (false, false), "{len}");
            for at in 0..len {
                let mut nul = plain.clone();
                nul[at] = 0;
                assert_eq!(nul_and_non_ascii(&nul), (true, false), "NUL at {at} of {len}");
                let mut high = plain.clone();
                high[at] = 0xC3;
                assert_eq!(nul_and_non_ascii(&high), (false, true), "0xC3 at {at} of {len}");
                high[at] = 0x80;
                assert_eq!(nul_and_non_ascii(&high), (false, true), "0x80 at {at} of {len}");
            }
        }
        assert_eq!(nul_and_non_ascii(&[0x80, 0, 1, 0x7f, 0x81, 2, 3, 4, 5]), (true, true));
    }
}
