//! Workbooks made to exhaust memory or time, and a workbook written by a script without its
//! formulas' values, made here (small, hand-written XML in a ZIP). Each hostile one is refused
//! with one reason naming its limit, beside good files whose report does not change.

mod scratch;

use std::io::{Cursor, Write};
use std::process::Command;

use scratch::Scratch;
use serde_json::Value;

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// A one-sheet `.xlsx` of the given sheet XML (its `sheetData` only), shared strings and extra
/// parts.
fn workbook(sheet_data: &str, shared_strings: Option<String>, extra: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut part = |name: &str, bytes: &[u8]| {
        zip.start_file(name, options).expect("part");
        zip.write_all(bytes).expect("write");
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
    zip.finish().expect("zip").into_inner()
}

fn text_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// An availability sheet: its header and `rows` rows of stock, `on_hand` writing the
/// on-hand cell of each.
fn stock_rows(rows: usize, on_hand: impl Fn(usize) -> String) -> String {
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

/// Good files to analyse beside the workbook: the page's demo company.
fn good_files(dir: &Scratch) {
    let demo = healthcheck_demo::generate(&healthcheck_demo::page_demo_config());
    for f in demo.files {
        dir.file(&f.name, f.bytes);
    }
}

fn analyze(dir: &Scratch) -> (Option<i32>, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cin7-healthcheck"))
        .arg("analyze")
        .arg(dir.path())
        .args(["--lock-date", "2026-02-28", "--format", "json"])
        .output()
        .expect("runs");
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), report, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The findings but those about unreadable files, as JSON text without their ids (which
/// count every finding).
fn findings_but_rejections(report: &Value) -> Vec<String> {
    let findings = report["findings"].as_array().expect("findings").iter().filter(|f| f["code"] != "DAT001");
    findings
        .map(|f| {
            let mut f = f.clone();
            f.as_object_mut().map(|o| o.remove("id"));
            f.to_string()
        })
        .collect()
}

#[test]
fn hostile_workbooks_are_refused_and_the_other_files_read_the_same() {
    let huge_string = "x".repeat(1_000_000);
    let cells: String = (2..40_002).map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#)).collect();
    let mut lying =
        workbook(&stock_rows(10, |r| format!(r#"<c r="C{r}"><v>5</v></c>"#)), None, &[("xl/media/padding.bin", vec![0; 20 << 20])]);
    // The padding's directory entry and local header say 900 KB; it inflates to 20 MB.
    let declared = 900_000u32.to_le_bytes();
    for (signature, at) in [(&b"PK\x01\x02"[..], 24), (b"PK\x03\x04", 22)] {
        let starts: Vec<usize> = lying.windows(4).enumerate().filter(|(_, w)| *w == signature).map(|(i, _)| i).collect();
        let name_at = if signature == b"PK\x01\x02" { 46 } else { 30 };
        for start in starts {
            if lying[start + name_at..].starts_with(b"xl/media/padding.bin") {
                lying[start + at..start + at + 4].copy_from_slice(&declared);
            }
        }
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "one-string-everywhere.xlsx",
            workbook(
                &format!(r#"<row r="1">{}</row>{cells}"#, text_cell("A1", "SKU")),
                Some(format!(r#"<sst xmlns="{MAIN}" count="40000" uniqueCount="1"><si><t>{huge_string}</t></si></sst>"#)),
                &[],
            ),
            "expands to more than 256 MB of text",
        ),
        (
            "claims-four-billion-strings.xlsx",
            workbook(
                &stock_rows(10, |r| format!(r#"<c r="C{r}"><v>5</v></c>"#)),
                Some(format!(r#"<sst xmlns="{MAIN}" count="1" uniqueCount="4294967295"><si><t>a</t></si></sst>"#)),
                &[],
            ),
            "claims 4294967295 strings",
        ),
        ("inflates-past-its-directory.xlsx", lying, "inflates to more than the 900000 bytes its directory gives"),
    ];
    let dir = Scratch::new("workbooks-good");
    good_files(&dir);
    let (code, alone, _) = analyze(&dir);
    assert_eq!(code, Some(0));
    let good = findings_but_rejections(&alone);
    assert!(good.len() > 20);
    for (name, bytes, reason) in cases {
        let dir = Scratch::new("workbooks");
        good_files(&dir);
        dir.file(name, &bytes);
        let (code, report, err) = analyze(&dir);
        assert_eq!(code, Some(0), "{name}: {err}");
        assert!(err.lines().count() <= 1, "{name}: {err}");
        let input = report["inputs"].as_array().expect("inputs").iter().find(|i| i["file"] == name).expect("named").clone();
        let problem = input["problem"].as_str().unwrap_or_default();
        assert!(problem.contains(reason), "{name}: {problem}");
        assert_eq!(findings_but_rejections(&report), good, "{name}: the other files' findings are unchanged");
    }
}

#[test]
fn a_stray_far_cell_costs_no_memory_and_is_one_rejected_row() {
    let mut sheet = stock_rows(10, |r| format!(r#"<c r="C{r}"><v>5</v></c>"#));
    sheet.push_str(&format!(r#"<row r="1048576">{}</row>"#, text_cell("XFD1048576", "stray")));
    let dir = Scratch::new("workbooks-far");
    dir.file("Stock.xlsx", workbook(&sheet, None, &[]));
    let (code, report, err) = analyze(&dir);
    assert_eq!(code, Some(0), "{err}");
    let input = &report["inputs"][0];
    assert_eq!((input["rows"].as_u64(), input["rejected"].as_u64()), (Some(10), Some(1)), "{input}");
    assert_eq!(report["rejected"][0]["line"].as_u64(), Some(1_048_576));
}

#[test]
fn formulas_never_calculated_are_rejected_rows_naming_the_cell() {
    // Five rows whose on-hand is a formula with its value, three without (as openpyxl writes).
    let sheet = stock_rows(8, |r| match r {
        2..=6 => format!(r#"<c r="C{r}"><f>E{r}*2</f><v>{}</v></c>"#, r * 2),
        _ => format!(r#"<c r="C{r}"><f>E{r}*2</f></c>"#),
    });
    let dir = Scratch::new("workbooks-formulas");
    dir.file("Stock.xlsx", workbook(&sheet, None, &[]));
    let (code, report, err) = analyze(&dir);
    assert_eq!(code, Some(0), "{err}");
    let input = &report["inputs"][0];
    assert_eq!((input["rows"].as_u64(), input["rejected"].as_u64(), input["records"].as_u64()), (Some(5), Some(3), Some(8)), "{input}");
    let rejected: Vec<(u64, String)> = report["rejected"]
        .as_array()
        .expect("rejected")
        .iter()
        .map(|r| (r["line"].as_u64().unwrap_or(0), r["reason"].as_str().unwrap_or_default().to_string()))
        .collect();
    assert_eq!(
        rejected[0],
        (7, "cell C7 holds a formula that was never calculated; open the file in Excel and save it, then add it again".into())
    );
    assert_eq!(rejected.iter().map(|r| r.0).collect::<Vec<_>>(), vec![7, 8, 9]);
    let dat001 = report["findings"].as_array().expect("findings").iter().find(|f| f["code"] == "DAT001").expect("DAT001");
    assert_eq!(dat001["severity"], "high", "{dat001}");
}
