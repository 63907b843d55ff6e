//! What the first bytes of a file say when it is not a text export at all.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_binary_signatures() {
        assert_eq!(sniff_binary(b"%PDF-1.7"), Some("a PDF document"));
        assert_eq!(sniff_binary(b"PK\x03\x04rest"), Some("a ZIP archive or Excel workbook (.xlsx)"));
        assert_eq!(sniff_binary(b"SKU,OnHand"), None);
    }
}
