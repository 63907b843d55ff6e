//! Import: file bytes to the typed [`Dataset`], with every row either loaded or rejected
//! with its file, line and reason.
//!
//! Steps per file: decode the bytes ([`encoding`], [`decode`]), split records and sniff the
//! delimiter ([`splitter`]), find the header row and the kind ([`detect`]), decide the file's
//! date order from its values ([`date_cell::DateOrderEvidence`]), then build one typed record per
//! data row ([`cin7`], [`accounting`], [`shopify`] through a [`row_view::RowView`]).
//!
//! The jobs, one file each: [`importer`] drives the two passes over streamed files,
//! [`stream`] reads a text file chunk by chunk, [`tables`] finds a table's header and types
//! its rows, [`loader`] holds what the builders write into (and counts a record exported
//! twice once), [`storage`] sizes the records' storage.

pub mod accounting;
pub mod cin7;
pub mod date_cell;
pub mod decode;
pub mod detect;
pub mod encoding;
pub mod header_report;
pub mod importer;
pub mod loader;
mod newer;
pub mod row_view;
pub mod shopify;
pub mod splitter;
mod storage;
mod stores;
pub mod stream;
mod tables;
pub mod value;
pub mod workbook;

use std::collections::BTreeMap;

use crate::dataset::Dataset;
use crate::inputs::{Accounting, FileOverride, InputFile, InputSummary, Rejected};
pub use importer::Importer;
pub use tables::MAX_COLUMNS;

/// Everything read from a set of files: the records, and what the report says of each file.
pub struct Imported {
    pub dataset: Dataset,
    pub inputs: Vec<InputSummary>,
    pub rejected: Vec<Rejected>,
}

/// Read every file. Files are taken in name order so that the same set of files gives
/// the same report whatever order they were dropped in.
pub fn import(files: &[InputFile], overrides: &BTreeMap<String, FileOverride>) -> Imported {
    import_with_progress(files, overrides, &mut |_| {})
}

/// [`import`], telling `progress` the name of each file as its turn comes. Files go through
/// in 1 MB chunks, as a browser streams them: the first pass only checks bytes once a file's
/// layout is settled, and that switch happens between chunks.
pub fn import_with_progress(files: &[InputFile], overrides: &BTreeMap<String, FileOverride>, progress: &mut dyn FnMut(&str)) -> Imported {
    import_in_chunks(files, overrides, 1 << 20, progress)
}

/// [`import_with_progress`] for a company whose ledger the user named.
pub fn import_for(
    files: &[InputFile],
    overrides: &BTreeMap<String, FileOverride>,
    accounting: Option<Accounting>,
    progress: &mut dyn FnMut(&str),
) -> Imported {
    import_chunked(Importer::new(overrides.clone()).with_accounting(accounting), files, 1 << 20, progress)
}

/// The files through the same two passes a stream takes, handed over `chunk` bytes at a
/// time (whole, with `usize::MAX`); the result does not depend on `chunk`.
pub fn import_in_chunks(
    files: &[InputFile],
    overrides: &BTreeMap<String, FileOverride>,
    chunk: usize,
    progress: &mut dyn FnMut(&str),
) -> Imported {
    import_chunked(Importer::new(overrides.clone()), files, chunk, progress)
}

fn import_chunked(mut importer: Importer, files: &[InputFile], chunk: usize, progress: &mut dyn FnMut(&str)) -> Imported {
    let chunk = chunk.max(1);
    for file in files {
        let id = importer.begin_scan(file.name, file.bytes.len() as u64);
        for c in file.bytes.chunks(chunk) {
            if !importer.scan_chunk(id, c) {
                break;
            }
        }
        for (start, end) in importer.sample_ranges(id) {
            importer.scan_sample(id, &file.bytes[start as usize..end as usize]);
        }
        importer.end_scan(id);
    }
    for id in importer.load_order() {
        progress(files[id].name);
        if importer.begin_load(id) {
            files[id].bytes.chunks(chunk).for_each(|c| importer.load_chunk(c));
        }
        importer.end_load();
    }
    importer.finish()
}
