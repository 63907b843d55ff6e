//! Kind detection over any text table.
#![no_main]
use healthcheck_core::import::{detect, table};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let delim = table::sniff_delimiter(&text);
    let rows = table::read_rows(&text, delim);
    let _ = detect::detect(&rows, None, &Default::default());
});
