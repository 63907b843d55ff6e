//! Any bytes, streamed in chunks of any size through both passes, must import exactly as the
//! same bytes given whole: the first byte picks the chunk size.
#![no_main]
use healthcheck_core::import::{import, import_in_chunks};
use healthcheck_core::InputFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&size, bytes)) = data.split_first() else { return };
    let size = usize::from(size % 64) + 1;
    let whole = import(&[InputFile { name: "fuzz.csv", bytes }], &Default::default());
    let chunked = import_in_chunks(&[InputFile { name: "fuzz.csv", bytes }], &Default::default(), size, &mut |_| {});
    assert_eq!(whole.inputs, chunked.inputs);
    assert_eq!(whole.rejected, chunked.rejected);
    assert_eq!(format!("{:?}", whole.dataset.movements), format!("{:?}", chunked.dataset.movements));
    assert_eq!(format!("{:?}", whole.dataset.sales), format!("{:?}", chunked.dataset.sales));
    assert_eq!(format!("{:?}", whole.dataset.ledger), format!("{:?}", chunked.dataset.ledger));
});
