//! Each export layout of `tests/fixtures/mixed` is read on its own and the typed records
//! it gives are compared with `tests/snapshots/import/<file>.txt` (one record a line).
//! `UPDATE_SNAPSHOTS=1 cargo test` rewrites them after a deliberate change.

// Tests read their fixtures from disk; the crate itself does no I/O.
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

use healthcheck_core::import::{import, Imported};
use healthcheck_core::InputFile;

fn mixed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/mixed")
}

fn render(name: &str, bytes: &[u8]) -> String {
    render_imported(&import(&[InputFile { name, bytes }], &BTreeMap::new()))
}

/// The file read as a stream of chunks of `size` bytes, in both passes.
fn import_in_chunks(name: &str, bytes: &[u8], size: usize) -> Imported {
    healthcheck_core::import::import_in_chunks(&[InputFile { name, bytes }], &BTreeMap::new(), size, &mut |_| {})
}

fn render_imported(imported: &Imported) -> String {
    let d = &imported.dataset;
    let mut o = String::new();
    for i in &imported.inputs {
        let _ = writeln!(
            o,
            "input: kind={:?} rows={} rejected={} encoding={:?} delimiter={:?} dates={:?}..{:?} order={:?} guessed={} read={:?} cleaned={} header_line={:?}",
            i.kind.map(|k| k.id()),
            i.rows,
            i.rejected,
            i.encoding,
            i.delimiter,
            i.first_date,
            i.last_date,
            i.date_order,
            i.date_order_guessed,
            i.dates,
            i.identifiers_cleaned,
            i.detection.as_ref().map(|d| d.header_line)
        );
        if let Some(not_utf8) = &i.not_utf8 {
            let _ = writeln!(o, "  not UTF-8: {not_utf8:?}");
        }
    }
    for r in &imported.rejected {
        let _ = writeln!(o, "rejected: line {:?}: {}", r.line, r.reason);
    }
    macro_rules! dump {
        ($($field:ident),*) => {$(
            for rec in &d.$field {
                let _ = writeln!(o, "{}: {:?}", stringify!($field), rec);
            }
        )*};
    }
    dump!(
        sales,
        sale_lines,
        purchases,
        purchase_lines,
        stock,
        products,
        movements,
        adjustments,
        sync_log,
        trial_balance,
        ledger,
        ledger_openings,
        accounts,
        manual_journals,
        accounting_items,
        channel_orders,
        channel_products
    );
    o
}

#[test]
fn every_layout_reads_to_its_snapshot() {
    let mut names: Vec<String> =
        fs::read_dir(mixed()).expect("fixtures").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert!(names.len() >= 20, "the mixed fixture folder holds every layout");
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/import");
    let mut failures = Vec::new();
    for name in names {
        let bytes = fs::read(mixed().join(&name)).expect("read");
        let rendered = render(&name, &bytes);
        let path = snapshots.join(format!("{name}.txt"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            fs::write(&path, &rendered).expect("write snapshot");
        } else if fs::read_to_string(&path).unwrap_or_default() != rendered {
            failures.push(format!("{name}: differs from its snapshot\n{rendered}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn chunked_streams_read_the_same_as_whole_files() {
    let mut names: Vec<String> =
        fs::read_dir(mixed()).expect("fixtures").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for name in names {
        let bytes = fs::read(mixed().join(&name)).expect("read");
        let whole = render(&name, &bytes);
        assert!(whole.contains("input: kind=Some"), "{name}: {whole}");
        for size in [1, 2, 3, 7, 4096, 65_537] {
            assert_eq!(render_imported(&import_in_chunks(&name, &bytes, size)), whole, "{name} in chunks of {size}");
        }
    }
}

/// A movements export long enough that the first pass stops splitting records once its date
/// order is settled, with what must still be noticed after that point at its very end.
fn long_movements(last_location: &[u8]) -> Vec<u8> {
    let mut out = b"SKU,ProductName,Type,Date,Number,Status,Quantity,Amount,Location,BatchSN,FromTo\n".to_vec();
    for i in 0..5000 {
        out.extend_from_slice(format!("W-{i},Widget,Sale,{}/03/2026,SO-{i},COMPLETED,-1,-5.00,Main,,Cust\n", 13 + i % 15).as_bytes());
    }
    out.extend_from_slice(b"W-LAST,Widget,Sale,31/03/2026,SO-LAST,COMPLETED,-1,-5.00,");
    out.extend_from_slice(last_location);
    out.extend_from_slice(b",,Cust\n");
    out
}

#[test]
fn the_end_of_a_long_file_still_counts_in_the_first_pass() {
    // Not UTF-8 in the last row only (its location): the whole file is Windows-1252.
    let bytes = long_movements(b"Caf\xE9");
    let whole = import(&[InputFile { name: "moves.csv", bytes: &bytes }], &BTreeMap::new());
    assert_eq!(whole.inputs[0].encoding.as_deref(), Some("windows-1252"));
    assert_eq!(whole.inputs[0].rows, 5001);
    assert_eq!(whole.dataset.movements.last().and_then(|m| m.location.as_deref()), Some("Caf\u{e9}"));
    for size in [7, 4096, 65_537] {
        assert_eq!(render_imported(&import_in_chunks("moves.csv", &bytes, size)), render_imported(&whole), "chunks of {size}");
    }
    // A last line of one byte that is not UTF-8, with no line break after it (found by
    // fuzzing: a first pass that stopped held it unread).
    let mut bytes = long_movements(b"Main");
    bytes.push(0x99);
    let whole = import(&[InputFile { name: "moves.csv", bytes: &bytes }], &BTreeMap::new());
    assert_eq!(whole.inputs[0].encoding.as_deref(), Some("windows-1252"));
    for size in [4096, 79 * 1024] {
        assert_eq!(render_imported(&import_in_chunks("moves.csv", &bytes, size)), render_imported(&whole), "chunks of {size}");
    }
    // A NUL byte in the last row: that row is rejected, the rest is read.
    let bytes = long_movements(b"Ca\x00fe");
    let imported = import(&[InputFile { name: "moves.csv", bytes: &bytes }], &BTreeMap::new());
    assert_eq!((imported.inputs[0].rows, imported.inputs[0].rejected, imported.inputs[0].problem.as_deref()), (5000, 1, None));
    assert_eq!(imported.rejected[0].line, Some(5002));
    assert_eq!(imported.rejected[0].reason, "the row holds a NUL byte (binary data, not text)");
    for size in [4096, 65_537] {
        assert_eq!(render_imported(&import_in_chunks("moves.csv", &bytes, size)), render_imported(&imported), "chunks of {size}");
    }
}

#[test]
fn a_stray_byte_costs_its_own_record_only() {
    use healthcheck_core::import::Importer;
    // UTF-8 at the top (an accented product name), one Windows-1252 byte in the last row:
    // the top stays UTF-8, the last row alone is read as Windows-1252 and is named, though
    // the first pass stopped long before it.
    let mut bytes = long_movements(b"Caf\xE9");
    let top = bytes.iter().position(|b| *b == b'\n').expect("header") + 1;
    bytes.splice(top + 2..top + 2, "\u{e9}".bytes());
    let whole = import(&[InputFile { name: "moves.csv", bytes: &bytes }], &BTreeMap::new());
    let input = &whole.inputs[0];
    assert_eq!(input.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(input.not_utf8, Some(healthcheck_core::inputs::NotUtf8 { records: 1, lines: vec![5002] }));
    assert_eq!(whole.dataset.movements[0].sku.as_str(), "W-\u{e9}0");
    assert_eq!(whole.dataset.movements.last().and_then(|m| m.location.as_deref()), Some("Caf\u{e9}"));

    let mut importer = Importer::new(BTreeMap::new());
    let id = importer.begin_scan("moves.csv", bytes.len() as u64);
    let read = bytes.chunks(4096).take_while(|c| importer.scan_chunk(id, c)).count();
    importer.end_scan(id);
    assert!(read < bytes.len() / 4096 / 2, "the first pass stopped after {read} chunks");
    assert!(importer.begin_load(id));
    bytes.chunks(4096).for_each(|c| importer.load_chunk(c));
    importer.end_load();
    assert_eq!(render_imported(&importer.finish()), render_imported(&whole));
    for size in [7, 4096, 65_537, usize::MAX] {
        assert_eq!(render_imported(&import_in_chunks("moves.csv", &bytes, size)), render_imported(&whole), "chunks of {size}");
    }
}

#[test]
fn a_large_file_names_its_samples_before_its_first_pass() {
    use healthcheck_core::import::Importer;
    // Known from the size alone, so that a host reads them while it reads the file's start.
    let mut importer = Importer::new(BTreeMap::new());
    let large = importer.begin_scan("ledger.csv", 100 << 20);
    let small = importer.begin_scan("items.csv", 1 << 20);
    let mib = 1 << 20;
    assert_eq!(importer.sample_ranges(large), vec![(25 * mib, 26 * mib), (50 * mib, 51 * mib), (75 * mib, 76 * mib)]);
    assert!(importer.sample_ranges(small).is_empty());
}

#[test]
fn storage_sized_from_the_first_part_grows_when_later_rows_are_shorter() {
    // Long rows at the top (the first pass stops within them), short ones after: the
    // estimate from the first part is far too low, and the second pass must top it up.
    let mut bytes = b"SKU,ProductName,Type,Date,Number,Status,Quantity,Amount,Location,BatchSN,FromTo\n".to_vec();
    let long_name = "Widget with a long description ".repeat(8);
    for i in 0..1500 {
        bytes
            .extend_from_slice(format!("W-{i},{long_name},Sale,{}/03/2026,SO-{i},COMPLETED,-1,-5.00,Main,,Cust\n", 13 + i % 15).as_bytes());
    }
    for i in 0..40_000 {
        bytes.extend_from_slice(format!("S-{i},S,Sale,14/03/2026,SO-{i},COMPLETED,-1,-5.00,M,,C\n").as_bytes());
    }
    let imported = import_in_chunks("moves.csv", &bytes, 64 * 1024);
    assert_eq!(imported.dataset.movements.len(), 41_500);
    assert_eq!(imported.dataset.movements.capacity(), 41_500, "storage given back once the kind is done");
    assert_eq!(render_imported(&imported), render("moves.csv", &bytes));
}

#[test]
fn a_number_with_more_digits_than_a_large_table_keeps_is_refused_on_its_line() {
    let csv = "SKU,ProductName,Type,Date,Number,Status,Quantity,Amount,Location\n\
               A-1,Clamp,Sale,2026-01-05,SO-1,COMPLETED,-1,12.50,Main\n\
               A-1,Clamp,Sale,2026-01-06,SO-2,COMPLETED,-1,12.345678901234567891,Main\n\
               A-1,Clamp,Sale,2026-01-07,SO-3,COMPLETED,-0.333333333333333333333,4.00,Main\n\
               A-1,Clamp,Sale,2026-01-08,SO-4,COMPLETED,-2,$1.5000000000000000000000,Main\n";
    let imported = import(&[InputFile { name: "InventoryMovementDetails.csv", bytes: csv.as_bytes() }], &BTreeMap::new());
    let numbers: Vec<_> = imported.dataset.movements.iter().map(|m| (m.number.as_deref(), m.amount.get().map(|a| a.to_string()))).collect();
    // Trailing zeros past what eight bytes hold are dropped; the value is the same.
    assert_eq!(numbers, [(Some("SO-1"), Some("12.50".to_string())), (Some("SO-4"), Some("1.50000000000000000".to_string()))]);
    let rejected: Vec<_> = imported.rejected.iter().map(|r| (r.file.as_str(), r.line, r.reason.as_str())).collect();
    assert_eq!(
        rejected,
        [
            (
                "InventoryMovementDetails.csv",
                Some(3),
                "Amount: '12.345678901234567891' has more digits than an amount or quantity may (at most 17 significant digits)"
            ),
            (
                "InventoryMovementDetails.csv",
                Some(4),
                "Quantity: '-0.333333333333333333333' has more digits than an amount or quantity may (at most 17 significant digits)"
            ),
        ]
    );
}

#[test]
fn a_workbook_loaded_later_still_finds_the_records_an_earlier_file_holds() {
    // "A purchases.csv" loads before the workbook (files load in name order). Its prints are
    // kept because the workbook's sheet is a purchase list, known once the workbook is
    // scanned; the movements loaded before it keep none, since no sheet is of their kind.
    let purchases = "ID,OrderNumber,Status,OrderDate,Supplier,InvoiceNumber,InvoiceAmount,BaseCurrency,OrderStatus\n\
                     p-9,PO-00311,RECEIVED,2026-02-20,Bolt Parts,,,USD,AUTHORISED\n";
    let workbook = fs::read(mixed().join("PurchaseList.xlsx")).expect("the fixture");
    let movements = fs::read(mixed().join("movements.csv")).expect("the fixture");
    let files = [
        InputFile { name: "A purchases.csv", bytes: purchases.as_bytes() },
        InputFile { name: "B movements.csv", bytes: &movements },
        InputFile { name: "PurchaseList.xlsx", bytes: &workbook },
    ];
    let imported = import(&files, &BTreeMap::new());
    let orders: Vec<_> = imported.dataset.purchases.iter().map(|p| (p.order_number.as_str(), p.origin.file)).collect();
    // PO-00311 is in both; the workbook's dates run later, so its state is the one used.
    assert_eq!(orders, [("PO-00311", 2), ("PO-00310", 2), ("PO-00312", 2)]);
    let duplicates: Vec<_> =
        imported.dataset.duplicates.iter().map(|d| (d.first.file, d.first.line, d.again.file, d.again.line, d.older)).collect();
    assert_eq!(duplicates, [(2, 6, 0, 2, true)]);
}

/// Every non-blank record below a file's header is loaded, rejected, already read from an
/// earlier file, or passed over as a heading, total or footer: nothing goes missing.
#[test]
fn every_record_below_the_header_is_accounted_for() {
    let mut checked = 0;
    // Every layout of the mixed folder, and the real-layout bundles.
    let real = mixed().join("../real");
    let mut folders = vec![mixed()];
    folders.extend(fs::read_dir(&real).expect("real layouts").map(|e| e.expect("entry").path()).filter(|p| p.is_dir()));
    let paths: Vec<PathBuf> = folders.iter().flat_map(|f| fs::read_dir(f).expect("folder").map(|e| e.expect("entry").path())).collect();
    for path in paths {
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        let bytes = fs::read(&path).expect("read");
        let imported = import_in_chunks(&name, &bytes, usize::MAX);
        let input = &imported.inputs[0];
        // Counted apart from the importer: records after the one that reads as the header.
        let delimiter = match input.delimiter.as_deref() {
            Some("semicolon") => b';',
            Some("tab") => b'\t',
            Some("pipe") => b'|',
            _ => b',',
        };
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(&bytes[..]);
        let mut record = csv::ByteRecord::new();
        let (mut header_seen, mut below) = (false, 0u64);
        while reader.read_byte_record(&mut record).expect("record") {
            let cells: Vec<String> = record.iter().map(|c| String::from_utf8_lossy(c).trim().to_string()).collect();
            if header_seen && cells.iter().any(|c| !c.is_empty()) {
                below += 1;
            }
            header_seen = header_seen
                || cells.iter().zip(&input.header).all(|(a, b)| a.trim_start_matches('\u{feff}') == b.trim_start_matches('\u{feff}'))
                    && cells.len() == input.header.len();
        }
        assert_eq!(input.rows + input.rejected + input.duplicates + input.passed_over, below, "{name}");
        checked += 1;
    }
    assert!(checked >= 35, "{checked} files");
}
