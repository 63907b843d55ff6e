//! The whole analysis over two files made from the input: a report, never a panic.
#![no_main]
use healthcheck_core::{analyze, InputFile, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|b| *b == 0xFF).unwrap_or(data.len());
    let (a, b) = data.split_at(cut);
    let files = [InputFile { name: "a.csv", bytes: a }, InputFile { name: "b.csv", bytes: b.get(1..).unwrap_or_default() }];
    let report = analyze(&files, &Settings::default());
    let _ = report.to_json();
});
