//! Ordinary accidents in real files, made here from the demo company's exports: a quote never
//! closed, a NUL byte, a stray byte that is not UTF-8, a file in another encoding. Each costs
//! the record it is in, is named with its line, and leaves the rest of the report alone.

use std::collections::BTreeMap;

use healthcheck_core::import::{import, Imported};
use healthcheck_core::inputs::{InputSummary, NotUtf8};
use healthcheck_core::{analyze, InputFile, Report, Settings};
use healthcheck_demo::{generate, Demo, DemoConfig};

fn demo() -> Demo {
    generate(&DemoConfig::default())
}

/// The demo's files with `file` replaced by `bytes`.
fn with_file(demo: &Demo, file: &str, bytes: Vec<u8>) -> Vec<(String, Vec<u8>)> {
    demo.files.iter().map(|f| (f.name.clone(), if f.name == file { bytes.clone() } else { f.bytes.clone() })).collect()
}

fn inputs(files: &[(String, Vec<u8>)]) -> Vec<InputFile<'_>> {
    files.iter().map(|(name, bytes)| InputFile { name, bytes }).collect()
}

fn imported(files: &[(String, Vec<u8>)]) -> Imported {
    import(&inputs(files), &BTreeMap::new())
}

fn report(demo: &Demo, files: &[(String, Vec<u8>)]) -> Report {
    analyze(&inputs(files), &Settings { lock_date: Some(demo.lock_date), ..Settings::default() })
}

fn summary<'a>(inputs: &'a [InputSummary], file: &str) -> &'a InputSummary {
    inputs.iter().find(|i| i.file == file).unwrap_or_else(|| panic!("{file} is in the report"))
}

fn original(demo: &Demo, file: &str) -> Vec<u8> {
    demo.files.iter().find(|f| f.name == file).map(|f| f.bytes.clone()).unwrap_or_else(|| panic!("the demo has {file}"))
}

/// The file with `change` applied to its 1-based line `line`.
fn edit_line(bytes: &[u8], line: usize, change: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    lines[line - 1] = change(&lines[line - 1]);
    lines.join(&b'\n')
}

/// A quote put before the field after the `n`th comma: it opens a field that never closes.
fn open_quote_at(n: usize) -> impl Fn(&[u8]) -> Vec<u8> {
    move |line: &[u8]| {
        let at = line.iter().enumerate().filter(|(_, b)| **b == b',').nth(n).map_or(0, |(i, _)| i + 1);
        [&line[..at], b"\"", &line[at..]].concat()
    }
}

fn finding_count(report: &Report, code: &str) -> usize {
    report.findings.iter().filter(|f| f.code == code).count()
}

#[test]
fn a_quote_never_closed_costs_one_line_not_the_file() {
    let demo = demo();
    let clean = report(&demo, &with_file(&demo, "", Vec::new()));
    for file in ["SaleList.csv", "SaleOrderLines.csv"] {
        let before = summary(&clean.inputs, file).clone();
        assert!(before.records > 300, "{file}: {} records", before.records);
        let broken = with_file(&demo, file, edit_line(&original(&demo, file), 3, open_quote_at(5)));
        let after = report(&demo, &broken);
        let input = summary(&after.inputs, file);
        assert_eq!(input.records, before.records, "{file}: every record is counted");
        assert_eq!((input.rows + input.duplicates, input.rejected), (before.rows + before.duplicates - 1, 1), "{file}");
        let rejected: Vec<_> = after.rejected.iter().filter(|r| r.file == file).collect();
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].line, Some(3));
        assert_eq!(rejected[0].reason, "a quote opened on this line is never closed; the line is left out");
        // The one lost record changes little else: no flood of orders without a sale.
        let orders_unmatched = |r: &Report| finding_count(r, "SYN007");
        assert!(
            orders_unmatched(&after) <= orders_unmatched(&clean) + 1,
            "{file}: SYN007 {} -> {}",
            orders_unmatched(&clean),
            orders_unmatched(&after)
        );
        let dat001: Vec<_> = after.findings.iter().filter(|f| f.code == "DAT001").map(|f| (&f.message, f.severity)).collect();
        let dat001 = dat001.iter().find(|(m, _)| m.contains(file)).unwrap_or_else(|| panic!("DAT001 names {file}: {dat001:?}"));
        assert_eq!(dat001.1, healthcheck_core::findings::Severity::Low);
    }
}

#[test]
fn a_file_that_loses_many_records_is_flagged_and_lowers_confidence() {
    let demo = demo();
    let file = "SaleList.csv";
    let mut bytes = original(&demo, file);
    let records = bytes.iter().filter(|b| **b == b'\n').count() - 1;
    // One line in twenty-five opens a quote (4 %): each costs its own line.
    let broken_lines: Vec<usize> = (3..records).step_by(25).collect();
    for &line in &broken_lines {
        bytes = edit_line(&bytes, line, open_quote_at(5));
    }
    let after = report(&demo, &with_file(&demo, file, bytes));
    let input = summary(&after.inputs, file);
    assert_eq!(input.rejected, broken_lines.len() as u64);
    assert!(input.lost_much());
    let dat001 = after.findings.iter().find(|f| f.code == "DAT001" && f.message.contains(file)).expect("DAT001 names the file");
    assert_eq!(dat001.severity, healthcheck_core::findings::Severity::High);
    assert!(dat001.message.contains(&format!("({} of its {} records)", broken_lines.len(), input.records)), "{}", dat001.message);
    let reading: Vec<_> = after.stages.iter().filter(|s| s.coverage.inputs.iter().any(|i| i == file)).collect();
    assert!(!reading.is_empty());
    for stage in reading {
        assert!(
            stage.coverage.confidence <= healthcheck_core::sequence::Confidence::Low,
            "{}: {:?}",
            stage.name,
            stage.coverage.confidence
        );
    }
}

#[test]
fn a_nul_byte_costs_its_row_only() {
    let demo = demo();
    let file = "SaleList.csv";
    let clean = imported(&with_file(&demo, "", Vec::new()));
    let broken = edit_line(&original(&demo, file), 50, |l| [&l[..10], b"\0", &l[10..]].concat());
    let after = imported(&with_file(&demo, file, broken));
    let (before, input) = (summary(&clean.inputs, file), summary(&after.inputs, file));
    assert_eq!(input.problem, None);
    assert_eq!((input.rows + input.duplicates, input.rejected), (before.rows + before.duplicates - 1, 1));
    let rejected: Vec<_> = after.rejected.iter().filter(|r| r.file == file).collect();
    assert_eq!((rejected[0].line, rejected[0].reason.as_str()), (Some(50), "the row holds a NUL byte (binary data, not text)"));
}

#[test]
fn a_stray_windows_1252_byte_garbles_nothing_else() {
    let demo = demo();
    let file = "Items.csv";
    let named = |name: &'static [u8]| {
        move |line: &[u8]| {
            let mut cells: Vec<&[u8]> = line.split(|b| *b == b',').collect();
            cells[1] = name;
            cells.join(&b',')
        }
    };
    let bytes = edit_line(&original(&demo, file), 3, named("Zoë Crème".as_bytes()));
    let bytes = edit_line(&bytes, 7, named(b"Caf\xE9 Noir"));
    let after = imported(&with_file(&demo, file, bytes));
    let input = summary(&after.inputs, file);
    assert_eq!(input.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(input.not_utf8, Some(NotUtf8 { records: 1, lines: vec![7] }));
    let names: Vec<&str> = after.dataset.accounting_items.iter().map(|i| i.name.as_str()).collect();
    assert!(names.contains(&"Zoë Crème"), "{names:?}");
    assert!(names.contains(&"Café Noir"), "{names:?}");
    // The command line says which line it read so.
    let dir = std::env::temp_dir().join(format!("accidents-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(file);
    std::fs::write(&path, edit_line(&edit_line(&original(&demo, file), 3, named("Zoë Crème".as_bytes())), 7, named(b"Caf\xE9 Noir")))
        .expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cin7-healthcheck")).arg("analyze").arg(&path).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(text.contains("Items.csv: xero.items, "), "{text}");
    assert!(text.contains("46 records: 46 loaded, 0 rejected, 1 record not UTF-8, read as Windows-1252 (line 7)"), "{text}");
}

#[test]
fn a_file_in_another_encoding_is_named_not_garbled() {
    let demo = demo();
    let file = "Items.csv";
    // Item names in Shift-JIS (株式会社 and a katakana word), as a Japanese Excel saves CSV.
    let mut bytes = original(&demo, file);
    for line in 2..20 {
        bytes = edit_line(&bytes, line, |l| {
            let mut cells: Vec<Vec<u8>> = l.split(|b| *b == b',').map(<[u8]>::to_vec).collect();
            cells[1] = b"\x8A\x94\x8E\xAE\x89\xEF\x8E\xD0 \x83\x4A\x83\x62\x83\x76".to_vec();
            cells.join(&b',')
        });
    }
    let after = imported(&with_file(&demo, file, bytes));
    let input = summary(&after.inputs, file);
    let problem = input.problem.as_deref().unwrap_or_default();
    assert!(problem.starts_with("the file's text is in an encoding not recognised: from line 2 "), "{problem}");
    assert!(after.dataset.accounting_items.is_empty(), "nothing garbled is kept");
}

#[test]
fn skus_with_hidden_or_look_alike_characters_match_their_plain_spelling() {
    let demo = demo();
    let file = "ProductAvailability.csv";
    let clean = report(&demo, &with_file(&demo, "", Vec::new()));
    // The SKUs of five lines, each spoilt another way; everything else reads them plainly.
    type Spoil = fn(&str) -> String;
    let spoilt: [(usize, Spoil); 5] = [
        (2, |s| s.replacen('-', "\u{200b}-", 1)),
        (3, |s| format!("\u{feff}{s}")),
        (4, |s| s.replacen('-', "\u{ff0d}", 1)),
        (5, |s| format!("{}\u{202e}{}\u{202c}", &s[..4], &s[4..])),
        (6, |s| s.replacen('O', "\u{41e}", 1).replacen('A', "\u{410}", 1).replacen('E', "\u{415}", 1).replacen('I', "\u{406}", 1)),
    ];
    let mut bytes = original(&demo, file);
    let mut written = Vec::new();
    for (line, spoil) in spoilt {
        bytes = edit_line(&bytes, line, |l| {
            let text = String::from_utf8_lossy(l).into_owned();
            let (sku, rest) = text.split_once(',').expect("a SKU");
            [spoil(sku), rest.to_string()].join(",").into_bytes()
        });
        written.push(line);
    }
    let after = report(&demo, &with_file(&demo, file, bytes));
    for code in ["INV005", "CTL002", "INV001", "SET008"] {
        assert_eq!(finding_count(&after, code), finding_count(&clean, code), "{code}: no false findings");
    }
    // The demo's own fault is in the Shopify products; this file gets one finding of its own.
    let dat005: Vec<_> = after.findings.iter().filter(|f| f.code == "DAT005" && f.message.contains(file)).collect();
    assert_eq!(dat005.len(), 1, "one finding for the file");
    assert!(dat005[0].message.starts_with(&format!("5 identifiers of {file} held characters")), "{}", dat005[0].message);
    let spellings: Vec<(&str, &str)> = dat005[0].evidence.iter().map(|e| (e.fields.0[1].1.as_str(), e.fields.0[2].1.as_str())).collect();
    assert!(spellings.iter().any(|(w, r)| w.contains("\\u{200b}") && !r.contains('\\')), "{spellings:?}");
    assert!(spellings.iter().any(|(w, _)| w.contains("\\u{202e}")), "{spellings:?}");
    assert!(spellings.iter().all(|(w, r)| w.is_ascii() && r.is_ascii()), "escaped, never a raw control: {spellings:?}");
    assert_eq!(dat005[0].evidence.iter().map(|e| e.line as usize).collect::<Vec<_>>(), written);
    let json = after.to_json();
    assert!(!json.chars().any(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')), "no bidi control reaches the report");
}

/// Every non-blank record below each file's header is loaded, rejected, already read or
/// passed over, counted apart from the importer (with the csv crate), for every text export
/// of the demo company: nothing goes missing.
#[test]
fn every_record_of_the_demo_is_accounted_for() {
    let demo = demo();
    let imported = imported(&with_file(&demo, "", Vec::new()));
    let mut checked = 0;
    for f in demo.files.iter().filter(|f| !f.name.ends_with(".xlsx")) {
        let input = summary(&imported.inputs, &f.name);
        // Below the record that reads as the header the importer found.
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&f.bytes[..]);
        let mut record = csv::ByteRecord::new();
        let (mut header_seen, mut below) = (false, 0u64);
        while reader.read_byte_record(&mut record).expect("record") {
            let cells: Vec<String> =
                record.iter().map(|c| String::from_utf8_lossy(c).trim().trim_start_matches('\u{feff}').to_string()).collect();
            if header_seen && cells.iter().any(|c| !c.is_empty()) {
                below += 1;
            }
            header_seen = header_seen
                || (cells.len() == input.header.len()
                    && cells.iter().zip(&input.header).all(|(a, b)| a == b.trim_start_matches('\u{feff}')));
        }
        assert_eq!(input.rows + input.rejected + input.duplicates + input.passed_over, below, "{}", f.name);
        assert_eq!(input.records, below, "{}", f.name);
        checked += 1;
    }
    assert!(checked >= 15, "{checked} files");
}
