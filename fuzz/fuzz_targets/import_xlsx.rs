//! Any bytes behind a ZIP signature, as a workbook: refused with a reason, never a panic.
#![no_main]
use healthcheck_core::import::import;
use healthcheck_core::InputFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(data.strip_prefix(b"PK\x03\x04").unwrap_or(data));
    let imported = import(&[InputFile { name: "fuzz.xlsx", bytes: &bytes }], &Default::default());
    assert!(!imported.inputs.is_empty());
});
