//! Text exports read as a stream of chunks, never held whole.
//!
//! A text file is read in two passes. The first ([`TextScan`]) settles what must be known
//! before any record is typed: its encoding (a file that is not valid UTF-8 anywhere is read
//! as Windows-1252), its delimiter, whether it is text at all, its header and kind (from the
//! first rows) and its date order (from the date cells). Once the header is in and a
//! thousand dates have told the order, it stops ([`TextScan::stop`]): a large file's first
//! pass reads only its first part. The second pass ([`TextDecoder`] feeding a [`Splitter`](super::splitter::Splitter))
//! types each record as it arrives, and, after a first pass that stopped, checks what that
//! pass did not see ([`LateCheck`]). Chunks may end anywhere, even inside a quoted field or a
//! multi-byte character.

use super::decode;
use super::encoding::{self, TextEncoding, Utf16Decoder};
use super::row_view::Cells;
use super::splitter::{self, nul_and_non_ascii, Splitter};

/// A record's fields as text; false when they were not UTF-8 and were read as Windows-1252
/// (which the second pass does because the first found the file is not UTF-8, or for the
/// record that shows a [`LateCheck`] it is not).
/// `scratch` holds decoded text between records.
pub fn to_text(bytes: &[u8], ends: &[usize], windows_1252: bool, scratch: &mut Decoded, use_text: &mut dyn FnMut(Cells)) -> bool {
    if !windows_1252 || bytes.is_ascii() {
        if let Ok(text) = std::str::from_utf8(bytes) {
            use_text(Cells::Fields { text, ends });
            return true;
        }
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
    /// A record was not valid UTF-8, so the file is Windows-1252.
    not_utf8: bool,
    nul: bool,
    sampled: usize,
    controls: usize,
    any_text: bool,
}

impl TextSeen {
    fn bytes(&mut self, raw: &[u8]) {
        self.any_text = self.any_text || raw.iter().any(|b| !b.is_ascii_whitespace());
        self.nul = self.nul || raw.contains(&0);
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
    pub fn finish(&mut self, on_row: &mut dyn FnMut(u64, Cells)) -> Result<(TextPlan, Option<LateCheck>), String> {
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
        if seen.nul || seen.controls * 100 > seen.sampled.max(1) {
            return Err("the file holds binary data, not text".into());
        }
        if !seen.any_text {
            return Err("the file holds no text".into());
        }
        if seen.not_utf8 {
            plan.encoding = TextEncoding::Windows1252;
        }
        let late = self.stopped.map(|_| LateCheck { utf8: !seen.not_utf8, non_ascii: false, unsorted_non_ascii: false });
        Ok((plan, late))
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
            let not_utf8 = seen.not_utf8;
            let utf8 = to_text(raw, ends, not_utf8, scratch, &mut |text| {
                seen.text(text);
                on_row(line, text);
            });
            seen.not_utf8 = not_utf8 || !utf8;
        };
        decoder.push(bytes, last, &mut |text| splitter.push(text, &mut on_record));
        if last {
            splitter.finish(&mut on_record);
        }
    }
}

/// What a first pass that stopped leaves to the second, which reads every record: a NUL
/// byte anywhere means the file is not text, and, while the file reads as UTF-8, a record
/// that is not UTF-8 means the whole file is Windows-1252. The first pass checks records
/// the same way, so the plan ends as if it had read the whole file. When every record
/// before that one was ASCII (the same in both encodings), the second pass simply goes on in
/// Windows-1252; otherwise records already typed read differently and the file must be read
/// again, with a first pass over all of it.
pub struct LateCheck {
    /// The file reads as UTF-8 so far: each record is still checked.
    utf8: bool,
    /// A record so far held a byte outside ASCII.
    non_ascii: bool,
    /// A chunk held bytes outside ASCII that may be in records not yet read: only then are
    /// records looked at one by one for them (most chunks of most files are ASCII).
    unsorted_non_ascii: bool,
}

/// What a [`LateCheck`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum LateFinding {
    /// Nothing that changes the plan.
    Fine,
    /// The file is not UTF-8, and every record before this one was ASCII: read it, from the
    /// next record on, as Windows-1252 (this one already was).
    Windows1252,
    /// The plan was wrong for records already typed (the file is not UTF-8 after all, or it
    /// holds a NUL byte): the file must be read again with a first pass over all of it.
    ReadWhole,
}

impl LateCheck {
    /// A chunk of the file, before its records are split.
    pub fn chunk(&mut self, chunk: &[u8]) -> LateFinding {
        let (nul, non_ascii) = nul_and_non_ascii(chunk);
        if nul {
            return LateFinding::ReadWhole;
        }
        if self.utf8 && !self.non_ascii && non_ascii {
            self.unsorted_non_ascii = true;
        }
        LateFinding::Fine
    }

    /// The chunk's records are read; `between_records`: none is left unfinished.
    pub fn chunk_read(&mut self, between_records: bool) {
        if between_records {
            self.unsorted_non_ascii = false;
        }
    }

    /// A record after [`to_text`] read it (`utf8`: what it returned).
    pub fn record(&mut self, raw: &[u8], utf8: bool) -> LateFinding {
        if !self.utf8 {
            return LateFinding::Fine;
        }
        if !utf8 {
            self.utf8 = false;
            return if self.non_ascii { LateFinding::ReadWhole } else { LateFinding::Windows1252 };
        }
        if self.unsorted_non_ascii && !self.non_ascii && !raw.is_ascii() {
            self.non_ascii = true;
        }
        LateFinding::Fine
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
        let plan = s.finish(&mut on).map(|(plan, _)| plan);
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
