//! A well-formed workbook whose sheet and shared-string table are made of the fuzzer's bytes:
//! the reader's XML parsing and the import's limits (text, cells, far cells, formulas) under
//! attack. Run with `-rss_limit_mb=2048 -timeout=10`, so that memory or time running away
//! counts as a crash. Any outcome but a refusal with a reason or an import is a finding.
#![no_main]
use std::io::{Cursor, Write};

use healthcheck_core::import::import;
use healthcheck_core::InputFile;
use libfuzzer_sys::fuzz_target;

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

fn workbook(sheet: &[u8], strings: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut part = |name: &str, bytes: &[u8]| {
        let _ = zip.start_file(name, options);
        let _ = zip.write_all(bytes);
    };
    part(
        "xl/workbook.xml",
        format!(r#"<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#).as_bytes(),
    );
    part(
        "xl/_rels/workbook.xml.rels",
        br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    );
    let mut xml = format!(r#"<worksheet xmlns="{MAIN}"><sheetData>"#).into_bytes();
    xml.extend_from_slice(sheet);
    xml.extend_from_slice(b"</sheetData></worksheet>");
    part("xl/worksheets/sheet1.xml", &xml);
    if !strings.is_empty() {
        part("xl/sharedStrings.xml", strings);
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    // The first byte splits the rest between the sheet and the shared strings.
    let Some((&split, rest)) = data.split_first() else { return };
    let at = rest.len() * usize::from(split) / 255;
    let bytes = workbook(&rest[..at], &rest[at..]);
    let imported = import(&[InputFile { name: "fuzz.xlsx", bytes: &bytes }], &Default::default());
    assert!(!imported.inputs.is_empty());
});
