//! The text encodings exports come in: UTF-8, UTF-16 (Excel's "Unicode text") and
//! Windows-1252 (older Windows software). Written out here rather than taken from a general
//! encoding library, whose tables for every legacy encoding would weigh on the browser module.

/// An encoding a text export is read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl TextEncoding {
    /// The name the report shows.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "windows-1252",
        }
    }

    pub fn is_utf16(self) -> bool {
        matches!(self, TextEncoding::Utf16Le | TextEncoding::Utf16Be)
    }

    /// The encoding a byte-order mark at the start names, with the mark's length.
    pub fn for_bom(bytes: &[u8]) -> Option<(TextEncoding, usize)> {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            Some((TextEncoding::Utf8, 3))
        } else if bytes.starts_with(b"\xFF\xFE") {
            Some((TextEncoding::Utf16Le, 2))
        } else if bytes.starts_with(b"\xFE\xFF") {
            Some((TextEncoding::Utf16Be, 2))
        } else {
            None
        }
    }
}

/// Windows-1252 bytes 0x80–0x9F; every other byte is the code point of the same number.
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}',
    '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
    '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// Windows-1252 bytes as text. Every byte decodes, so this cannot fail.
pub fn windows_1252(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len());
    for &b in bytes {
        out.push(match b {
            0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        });
    }
}

/// UTF-16 to UTF-8, chunk by chunk: a chunk may end inside a code unit or a surrogate pair.
pub struct Utf16Decoder {
    big_endian: bool,
    odd_byte: Option<u8>,
    high_surrogate: Option<u16>,
    /// A unit that is half a surrogate pair without its other half was met.
    pub malformed: bool,
}

impl Utf16Decoder {
    pub fn new(big_endian: bool) -> Utf16Decoder {
        Utf16Decoder { big_endian, odd_byte: None, high_surrogate: None, malformed: false }
    }

    /// Decode `bytes` onto the end of `out`; `last` says no bytes follow.
    pub fn decode(&mut self, bytes: &[u8], last: bool, out: &mut Vec<u8>) {
        out.reserve(bytes.len() + bytes.len() / 2);
        let mut rest = bytes;
        if let Some(first) = self.odd_byte.take() {
            match rest.split_first() {
                Some((&second, tail)) => {
                    self.unit(self.unit_of(first, second), out);
                    rest = tail;
                }
                None => self.odd_byte = Some(first),
            }
        }
        let mut pairs = rest.chunks_exact(2);
        for pair in &mut pairs {
            self.unit(self.unit_of(pair[0], pair[1]), out);
        }
        if let [odd] = pairs.remainder() {
            self.odd_byte = Some(*odd);
        }
        if last && (self.odd_byte.take().is_some() || self.high_surrogate.take().is_some()) {
            self.bad(out);
        }
    }

    fn unit_of(&self, a: u8, b: u8) -> u16 {
        if self.big_endian {
            u16::from_be_bytes([a, b])
        } else {
            u16::from_le_bytes([a, b])
        }
    }

    fn unit(&mut self, unit: u16, out: &mut Vec<u8>) {
        let c = match (self.high_surrogate.take(), unit) {
            (None, 0xD800..=0xDBFF) => {
                self.high_surrogate = Some(unit);
                return;
            }
            (Some(high), 0xDC00..=0xDFFF) => char::from_u32(0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00)),
            (Some(_), _) => {
                self.bad(out);
                return self.unit(unit, out);
            }
            (None, 0xDC00..=0xDFFF) => None,
            (None, _) => char::from_u32(u32::from(unit)),
        };
        match c {
            Some(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            None => self.bad(out),
        }
    }

    fn bad(&mut self, out: &mut Vec<u8>) {
        self.malformed = true;
        out.extend_from_slice("\u{FFFD}".as_bytes());
    }
}

/// UTF-16 without a byte-order mark shows as every other byte being zero.
pub fn guess_without_bom(bytes: &[u8]) -> TextEncoding {
    let sample = &bytes[..bytes.len().min(4096)];
    let even_zeros = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zeros = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = sample.len() / 2;
    if half >= 4 && odd_zeros * 10 > half * 8 && even_zeros * 10 < half {
        TextEncoding::Utf16Le
    } else if half >= 4 && even_zeros * 10 > half * 8 && odd_zeros * 10 < half {
        TextEncoding::Utf16Be
    } else {
        TextEncoding::Utf8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_high_bytes() {
        let mut s = String::new();
        windows_1252(b"Caf\xE9 \x80 \x93q\x94 \x9F", &mut s);
        assert_eq!(s, "Caf\u{e9} \u{20ac} \u{201c}q\u{201d} \u{178}");
    }

    fn utf16(bytes: &[u8], big_endian: bool, chunk: usize) -> (String, bool) {
        let mut d = Utf16Decoder::new(big_endian);
        let mut out = Vec::new();
        for c in bytes.chunks(chunk) {
            d.decode(c, false, &mut out);
        }
        d.decode(&[], true, &mut out);
        (String::from_utf8(out).expect("UTF-8 out"), d.malformed)
    }

    #[test]
    fn utf16_in_any_chunks() {
        let text = "SKU\t€ café 😀\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for chunk in [1, 2, 3, 5, 64] {
            assert_eq!(utf16(&le, false, chunk), (text.to_string(), false));
            assert_eq!(utf16(&be, true, chunk), (text.to_string(), false));
        }
        // A lone surrogate and a dangling byte are malformed.
        assert_eq!(utf16(&[0x00, 0xD8, 0x41, 0x00], false, 1), ("\u{FFFD}A".to_string(), true));
        assert_eq!(utf16(&[0x41, 0x00, 0x42], false, 2), ("A\u{FFFD}".to_string(), true));
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let le: Vec<u8> = "SKU,OnHand\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "SKU,OnHand\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(guess_without_bom(&le), TextEncoding::Utf16Le);
        assert_eq!(guess_without_bom(&be), TextEncoding::Utf16Be);
        assert_eq!(guess_without_bom(b"SKU,OnHand\n"), TextEncoding::Utf8);
        assert_eq!(TextEncoding::for_bom(b"\xFF\xFEx"), Some((TextEncoding::Utf16Le, 2)));
    }
}
