//! Bytes to text: byte-order marks, UTF-16 from Excel's "Unicode text", and the
//! Windows-1252 fallback for older Windows exports. Files that are not text are named.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

pub struct Decoded {
    pub text: String,
    /// The encoding that was used, as the report shows it (`UTF-8`, `UTF-16LE`, `windows-1252`).
    pub encoding: &'static str,
}

/// What a file that is not a text export looks like, from its first bytes.
pub fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "a ZIP archive or Excel workbook (.xlsx)"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an old-style Excel workbook (.xls)"),
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
    ];
    SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)).map(|(_, what)| *what)
}

/// Decode a text export. Errors say why the bytes are not a text table.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    if let Some(what) = sniff_binary(bytes) {
        return Err(format!("the file is {what}, not a CSV or text export"));
    }
    let (encoding, body): (&'static Encoding, &[u8]) = match Encoding::for_bom(bytes) {
        Some((enc, bom_len)) => (enc, &bytes[bom_len..]),
        None => (guess_without_bom(bytes), bytes),
    };
    let (text, had_errors) = if encoding == UTF_8 {
        match std::str::from_utf8(body) {
            Ok(s) => (s.to_owned(), false),
            Err(_) => {
                // Not UTF-8: older Windows software writes Windows-1252.
                let (cow, _, errors) = WINDOWS_1252.decode(body);
                return finish(cow.into_owned(), WINDOWS_1252, errors);
            }
        }
    } else {
        let (cow, errors) = encoding.decode_without_bom_handling(body);
        (cow.into_owned(), errors)
    };
    finish(text, encoding, had_errors)
}

fn finish(text: String, encoding: &'static Encoding, had_errors: bool) -> Result<Decoded, String> {
    if had_errors && encoding != WINDOWS_1252 {
        return Err(format!("the file is not valid {} text", encoding.name()));
    }
    let controls = text.chars().take(64 * 1024).filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    let sample = text.chars().take(64 * 1024).count().max(1);
    if text.contains('\0') || controls * 100 > sample {
        return Err("the file holds binary data, not text".into());
    }
    if text.trim().is_empty() {
        return Err("the file holds no text".into());
    }
    Ok(Decoded { text, encoding: encoding.name() })
}

/// UTF-16 without a byte-order mark shows as every other byte being zero.
fn guess_without_bom(bytes: &[u8]) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(4096)];
    let even_zeros = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zeros = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = sample.len() / 2;
    if half >= 4 && odd_zeros * 10 > half * 8 && even_zeros * 10 < half {
        UTF_16LE
    } else if half >= 4 && even_zeros * 10 > half * 8 && odd_zeros * 10 < half {
        UTF_16BE
    } else {
        UTF_8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(b"\xEF\xBB\xBFSKU,OnHand\n").expect("text");
        assert_eq!((d.text.as_str(), d.encoding), ("SKU,OnHand\n", "UTF-8"));
        let d = decode("Caf\u{e9},1\n".as_bytes()).expect("text");
        assert_eq!(d.text, "Caf\u{e9},1\n");
    }

    #[test]
    fn utf16_from_excel() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "SKU\tOnHand\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes).expect("text");
        assert_eq!((d.text.as_str(), d.encoding), ("SKU\tOnHand\r\n", "UTF-16LE"));
        let no_bom: Vec<u8> = "SKU,OnHand\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&no_bom).expect("text").encoding, "UTF-16LE");
    }

    #[test]
    fn windows_1252_fallback() {
        let d = decode(b"Caf\xE9 \x80 5\n").expect("text");
        assert_eq!((d.text.as_str(), d.encoding), ("Caf\u{e9} \u{20ac} 5\n", "windows-1252"));
    }

    #[test]
    fn names_what_is_not_text() {
        assert_eq!(decode(b"").err(), Some("the file is empty".into()));
        assert_eq!(decode(b"%PDF-1.7\n").err(), Some("the file is a PDF document, not a CSV or text export".into()));
        assert!(decode(&[1, 2, 3, 0, 5, 6, 7, 8, 9]).is_err());
        assert_eq!(decode(b" \n\n").err(), Some("the file holds no text".into()));
    }
}
