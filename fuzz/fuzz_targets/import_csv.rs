//! Any bytes as a CSV export: import must return rows or reasons, never panic.
#![no_main]
use healthcheck_core::import::import;
use healthcheck_core::InputFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let imported = import(&[InputFile { name: "fuzz.csv", bytes: data }], &Default::default());
    assert_eq!(imported.inputs.len(), 1);
});
