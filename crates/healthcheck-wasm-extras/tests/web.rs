//! The second module in a real browser (headless Chromium through wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use healthcheck_wasm_extras::{render_pdf, workbook_sheets};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PURCHASES: &[u8] = include_bytes!("../../../tests/fixtures/mixed/PurchaseList.xlsx");
const SALES: &[u8] = include_bytes!("../../../tests/fixtures/basic/SaleList.csv");

fn report() -> String {
    let files = [healthcheck_core::InputFile { name: "SaleList.csv", bytes: SALES }];
    healthcheck_core::analyze(&files, &healthcheck_core::Settings::default()).to_json()
}

#[wasm_bindgen_test]
fn the_pdf_is_deterministic() {
    let report = report();
    let pdf = render_pdf(&report, r#"{"detail":"full"}"#, None, None).unwrap_or_else(|_| panic!("pdf"));
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.ends_with(b"%%EOF") || pdf.ends_with(b"%%EOF\n"));
    let again = render_pdf(&report, r#"{"detail":"full"}"#, None, None).unwrap_or_else(|_| panic!("pdf"));
    assert_eq!(pdf, again, "the same report gives the same bytes");
    assert!(render_pdf("not json", "{}", None, None).is_err());
    assert!(render_pdf(&report, r#"{"detail":"everything"}"#, None, None).is_err());
}

#[wasm_bindgen_test]
fn workbooks_become_sheets_of_text() {
    let sheets: serde_json::Value = serde_json::from_str(&workbook_sheets(PURCHASES)).expect("JSON");
    let first = &sheets["sheets"][0];
    assert_eq!(first["name"], "Purchase List");
    assert_eq!(first["rows"][0][0], "Purchase List", "the title row above the header");
    assert_eq!(first["rows"][2][2], "OrderNumber");
    assert_eq!(first["lines"], serde_json::json!([1, 2, 4, 5, 6, 7]), "rows keep the spreadsheet's numbers");
    assert_eq!(first["rows"][5][9], "1520.75");
    let broken: serde_json::Value = serde_json::from_str(&workbook_sheets(b"PK\x03\x04 not a zip")).expect("JSON");
    assert!(broken["error"].as_str().is_some_and(|e| e.contains("workbook")), "{broken}");
}
