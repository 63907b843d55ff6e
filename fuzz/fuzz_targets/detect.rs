//! Kind detection over any text table.
#![no_main]
use healthcheck_core::import::{detect, splitter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let delim = splitter::sniff_delimiter(&text);
    let rows = splitter::read_rows(&text, delim);
    let _ = detect::detect(&rows, None, &Default::default());
});
