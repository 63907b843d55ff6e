//! What the first bytes of a file say: a binary format that is not a text export, or
//! UTF-16 (Excel's "Unicode text") written without a byte-order mark. The decoding itself
//! is streamed ([`super::stream`]).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

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

/// UTF-16 without a byte-order mark shows as every other byte being zero.
pub(crate) fn guess_without_bom(bytes: &[u8]) -> &'static Encoding {
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
    fn utf16_without_bom_is_recognised() {
        let le: Vec<u8> = "SKU,OnHand\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = "SKU,OnHand\n".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(guess_without_bom(&le), UTF_16LE);
        assert_eq!(guess_without_bom(&be), UTF_16BE);
        assert_eq!(guess_without_bom(b"SKU,OnHand\n"), UTF_8);
    }

    #[test]
    fn names_binary_signatures() {
        assert_eq!(sniff_binary(b"%PDF-1.7"), Some("a PDF document"));
        assert_eq!(sniff_binary(b"PK\x03\x04rest"), Some("a ZIP archive or Excel workbook (.xlsx)"));
        assert_eq!(sniff_binary(b"SKU,OnHand"), None);
    }
}
