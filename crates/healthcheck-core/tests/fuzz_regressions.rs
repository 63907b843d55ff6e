//! Every input a fuzzer (or the property test) ever crashed the importer with is kept in
//! `fuzz/regressions/<target>/` and runs here, on stable Rust, on every `cargo test`.

// Tests read their fixtures from disk; the crate itself does no I/O.
#![allow(clippy::disallowed_methods)]

use std::path::Path;

use healthcheck_core::import::{detect, import, splitter};
use healthcheck_core::InputFile;
use healthcheck_core::{analyze, Settings};

#[test]
fn every_regression_input_is_handled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let mut ran = 0;
    for target in ["import_csv", "import_xlsx", "detect", "analyze"] {
        let Ok(dir) = std::fs::read_dir(root.join(target)) else { continue };
        for entry in dir {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read");
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
            match target {
                "detect" => {
                    let text = String::from_utf8_lossy(&bytes);
                    let rows = splitter::read_rows(&text, splitter::sniff_delimiter(&text));
                    let _ = detect::detect(&rows, None, &Default::default());
                }
                "analyze" => {
                    // As the fuzz target does: two files, split at the first 0xFF byte.
                    let cut = bytes.iter().position(|b| *b == 0xFF).unwrap_or(bytes.len());
                    let (a, b) = bytes.split_at(cut);
                    let files = [InputFile { name: "a.csv", bytes: a }, InputFile { name: "b.csv", bytes: b.get(1..).unwrap_or_default() }];
                    let report = analyze(&files, &Settings::default());
                    assert_eq!(report.inputs.len(), 2, "{name}");
                }
                _ => {
                    let imported = import(&[InputFile { name: &name, bytes: &bytes }], &Default::default());
                    assert!(!imported.inputs.is_empty(), "{name}");
                }
            }
            ran += 1;
        }
    }
    assert!(ran >= 2, "the regression corpus is read ({ran} cases)");
}
