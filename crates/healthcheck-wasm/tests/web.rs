//! The binding in a real browser (headless Chromium through wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use healthcheck_wasm::{free_records, rules, Analysis};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SALES: &[u8] = include_bytes!("../../../tests/fixtures/basic/SaleList.csv");
const STOCK: &[u8] = include_bytes!("../../../tests/fixtures/basic/stock-on-hand.csv");

/// The files streamed through both passes in chunks of 100 bytes, as the worker does.
fn analyze(files: &[(&str, &[u8])], settings: &str) -> String {
    let mut a = Analysis::new(settings).unwrap_or_else(|_| panic!("settings"));
    for (name, bytes) in files {
        let id = a.begin_scan(name, bytes.len() as f64);
        for chunk in bytes.chunks(100) {
            if !a.scan_chunk(id, chunk) {
                break;
            }
        }
        a.end_scan(id);
    }
    for id in a.load_order() {
        if a.begin_load(id) {
            for chunk in files[id as usize].1.chunks(100) {
                a.load_chunk(chunk);
            }
        }
        a.end_load();
    }
    a.finish(&js_sys::Function::new_no_args(""))
}

fn report_of(files: &[(&str, &[u8])], settings: &str) -> serde_json::Value {
    serde_json::from_str(&analyze(files, settings)).expect("report is JSON")
}

#[wasm_bindgen_test]
fn records_kept_past_the_report_are_freed_and_the_next_analysis_is_the_same() {
    let files: &[(&str, &[u8])] = &[("SaleList.csv", SALES), ("stock-on-hand.csv", STOCK)];
    let first = analyze(files, "{}");
    free_records();
    free_records();
    let second = analyze(files, "{}");
    // Not freed by the worker this time: the next analysis frees them itself.
    let third = analyze(files, "{}");
    assert_eq!(first, second);
    assert_eq!(first, third);
}

#[wasm_bindgen_test]
fn analyze_returns_the_report_contract() {
    let r = report_of(&[("SaleList.csv", SALES), ("stock-on-hand.csv", STOCK)], r#"{"as_of":"2026-03-31"}"#);
    assert_eq!(r["schema_version"], 1);
    assert_eq!(r["as_of"], "2026-03-31");
    assert_eq!(r["stages"].as_array().map(Vec::len), Some(6));
    assert_eq!(r["first_break"], "setup");
    let codes: Vec<&str> = r["findings"].as_array().expect("findings").iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(codes, vec!["SET001", "SET001", "INV001", "CTL001", "DAT002", "DAT002", "DAT002"]);
    assert_eq!(r["findings"][0]["impact"]["amount"], "4210.00");
    assert_eq!(r["findings"][0]["evidence"][0]["line"], 3);
}

#[wasm_bindgen_test]
fn unreadable_files_are_named_not_fatal() {
    let r = report_of(&[("empty.csv", b""), ("photo.csv", b"\x89PNG\r\n\x1a\n....")], "{}");
    let problems: Vec<String> = r["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| format!("{}: {}", i["file"].as_str().unwrap_or(""), i["problem"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(problems, vec!["empty.csv: the file is empty", "photo.csv: the file is a PNG image, not a CSV or text export"]);
}

#[wasm_bindgen_test]
fn malformed_settings_are_an_error() {
    assert!(Analysis::new("{not json").is_err());
}

#[wasm_bindgen_test]
fn the_catalog_comes_out_of_the_binding() {
    let catalog: serde_json::Value = serde_json::from_str(&rules()).expect("catalog");
    assert_eq!(catalog[0]["code"], "SET001");
    assert_eq!(catalog.as_array().map(Vec::len), Some(healthcheck_core::rules::RULES.len()));
}

#[wasm_bindgen_test]
fn workbooks_are_handed_over_as_sheets() {
    // This module reads no workbook itself: it asks for the sheets and takes them as JSON.
    let mut a = Analysis::new("{}").unwrap_or_else(|_| panic!("settings"));
    let bytes = b"PK\x03\x04 the rest of a workbook";
    let id = a.begin_scan("Stock.xlsx", bytes.len() as f64);
    a.scan_chunk(id, bytes);
    a.end_scan(id);
    assert!(a.wants_sheets(id));
    a.add_sheets(
        id,
        r#"{"sheets":[{"name":"Stock","lines":[1,2],"rows":[["SKU","Location","OnHand","Available"],["WID-1","Main","5","5"]]}]}"#,
    );
    for id in a.load_order() {
        assert!(!a.begin_load(id), "a workbook is not read twice");
        a.end_load();
    }
    let r: serde_json::Value = serde_json::from_str(&a.finish(&js_sys::Function::new_no_args(""))).expect("report");
    assert_eq!(r["inputs"][0]["kind"], "cin7.availability");
    assert_eq!(r["inputs"][0]["rows"], 1);
}
