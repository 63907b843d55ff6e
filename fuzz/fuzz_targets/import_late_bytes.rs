//! A long, plain export followed by any bytes: its first pass stops long before them when
//! streamed, so only the second reads them (records decoded one by one, a NUL row
//! rejected). It must import exactly as the same bytes given whole.
#![no_main]
use healthcheck_core::import::{import, import_in_chunks};
use healthcheck_core::InputFile;
use libfuzzer_sys::fuzz_target;
use std::fmt::Write;

/// About 140 KB of movements with day-first dates: enough for the first pass to settle.
fn long_prefix(accent: bool) -> String {
    let mut out = String::from("SKU,ProductName,Type,Date,Number,Status,Quantity,Amount,Location,BatchSN,FromTo\n");
    for i in 0..1500 {
        let name = if accent && i == 3 { "Caf\u{e9}" } else { "Widget" };
        let _ = writeln!(out, "W-{i},{name},Sale,{}/03/2026,SO-{i},COMPLETED,-1,-5.00,Main,,Cust", 13 + i % 15);
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, tail)) = data.split_first() else { return };
    let mut bytes = long_prefix(first & 1 == 1).into_bytes();
    bytes.extend_from_slice(tail);
    let size = 1024 * (usize::from(first >> 1) + 1);
    let whole = import(&[InputFile { name: "fuzz.csv", bytes: &bytes }], &Default::default());
    let chunked = import_in_chunks(&[InputFile { name: "fuzz.csv", bytes: &bytes }], &Default::default(), size, &mut |_| {});
    assert_eq!(whole.inputs, chunked.inputs);
    assert_eq!(whole.rejected, chunked.rejected);
    assert_eq!(format!("{:?}", whole.dataset.movements), format!("{:?}", chunked.dataset.movements));
});
