//! Workbooks made to exhaust memory or time, small enough to make anywhere (hand-written
//! XML in a ZIP): the command line's tests and the page's use the same ones.

use std::io::{Cursor, Write};

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// A one-sheet `.xlsx` of the given sheet XML (its `sheetData` only), shared strings and extra
/// parts.
pub fn workbook(sheet_data: &str, shared_strings: Option<String>, extra: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut part = |name: &str, bytes: &[u8]| {
        zip.start_file(name, options).unwrap_or_default();
        zip.write_all(bytes).unwrap_or_default();
    };
    part(
        "[Content_Types].xml",
        br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#,
    );
    part(
        "xl/workbook.xml",
        format!(r#"<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Stock" sheetId="1" r:id="rId1"/></sheets></workbook>"#).as_bytes(),
    );
    part(
        "xl/_rels/workbook.xml.rels",
        br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    );
    part(
        "xl/worksheets/sheet1.xml",
        format!(r#"<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>"#).as_bytes(),
    );
    if let Some(strings) = shared_strings {
        part("xl/sharedStrings.xml", strings.as_bytes());
    }
    for (name, bytes) in extra {
        part(name, bytes);
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

pub fn text_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// An availability sheet: its header and `rows` rows of stock, `on_hand` writing the
/// on-hand cell of each.
pub fn stock_rows(rows: usize, on_hand: impl Fn(usize) -> String) -> String {
    let header = ["SKU", "Location", "OnHand", "Allocated", "Available"];
    let mut xml = String::from(r#"<row r="1">"#);
    for (i, name) in header.iter().enumerate() {
        xml.push_str(&text_cell(&format!("{}1", (b'A' + i as u8) as char), name));
    }
    xml.push_str("</row>");
    for r in 2..rows + 2 {
        xml.push_str(&format!(
            r#"<row r="{r}">{}{}{}<c r="D{r}"><v>0</v></c><c r="E{r}"><v>{r}</v></c></row>"#,
            text_cell(&format!("A{r}"), &format!("XW-{r}")),
            text_cell(&format!("B{r}"), "Main"),
            on_hand(r)
        ));
    }
    xml
}

/// A hostile workbook: its file name, its bytes, and words its refusal must contain.
pub struct HostileWorkbook {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub refusal: &'static str,
}

/// One shared string of a million characters used by 40,000 cells; a shared-string table
/// that claims four billion strings; a part whose directory says 900 KB and that inflates to
/// 20 MB. Each is refused with the limit it passed.
pub fn hostile_workbooks() -> Vec<HostileWorkbook> {
    let huge_string = "x".repeat(1_000_000);
    let cells: String = (2..40_002).map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#)).collect();
    let mut lying =
        workbook(&stock_rows(10, |r| format!(r#"<c r="C{r}"><v>5</v></c>"#)), None, &[("xl/media/padding.bin", vec![0; 20 << 20])]);
    // The padding's directory entry and local header say 900 KB.
    let declared = 900_000u32.to_le_bytes();
    for (signature, at, name_at) in [(&b"PK\x01\x02"[..], 24, 46), (b"PK\x03\x04", 22, 30)] {
        let starts: Vec<usize> = lying.windows(4).enumerate().filter(|(_, w)| *w == signature).map(|(i, _)| i).collect();
        for start in starts {
            if lying.get(start + name_at..).is_some_and(|rest| rest.starts_with(b"xl/media/padding.bin")) {
                lying[start + at..start + at + 4].copy_from_slice(&declared);
            }
        }
    }
    vec![
        HostileWorkbook {
            name: "one-string-everywhere.xlsx",
            bytes: workbook(
                &format!(r#"<row r="1">{}</row>{cells}"#, text_cell("A1", "SKU")),
                Some(format!(r#"<sst xmlns="{MAIN}" count="40000" uniqueCount="1"><si><t>{huge_string}</t></si></sst>"#)),
                &[],
            ),
            refusal: "expands to more than 256 MB of text",
        },
        HostileWorkbook {
            name: "claims-four-billion-strings.xlsx",
            bytes: workbook(
                &stock_rows(10, |r| format!(r#"<c r="C{r}"><v>5</v></c>"#)),
                Some(format!(r#"<sst xmlns="{MAIN}" count="1" uniqueCount="4294967295"><si><t>a</t></si></sst>"#)),
                &[],
            ),
            refusal: "claims 4294967295 strings",
        },
        HostileWorkbook {
            name: "inflates-past-its-directory.xlsx",
            bytes: lying,
            refusal: "inflates to more than the 900000 bytes its directory gives",
        },
    ]
}

/// Ten rows of stock and one stray cell in Excel's last column of its last row.
pub fn far_cell_workbook() -> Vec<u8> {
    let mut sheet = stock_rows(10, |r| format!(r#"<c r="C{r}"><v>5</v></c>"#));
    sheet.push_str(&format!(r#"<row r="1048576">{}</row>"#, text_cell("XFD1048576", "stray")));
    workbook(&sheet, None, &[])
}
