//! Property test: whatever bytes arrive, `analyze` returns a report and never panics, and
//! every file is accounted for in the report's inputs. Inputs come from a seeded generator
//! (so a failure reproduces): random bytes, CSV-like text built from export vocabulary, and
//! the real fixtures damaged by truncation and byte flips.

// Tests read their fixtures from disk; the crate itself does no I/O.
#![allow(clippy::disallowed_methods)]

use std::path::Path;

use healthcheck_core::{analyze, InputFile, Settings};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "OrderNumber",
    "SKU",
    "OnHand",
    "Allocated",
    "Available",
    "Date",
    "Debit",
    "Credit",
    "Account",
    "Total",
    "Opening Balance",
    "CombinedInvoiceStatus",
    "INVOICED",
    "NOT SHIPPED",
    "Name",
    "Lineitem quantity",
    "Financial Status",
    "Handle",
    "Type",
    "Sync status",
    "Cin7 Core Number",
    "Failed",
    "31/03/2026",
    "03/31/2026",
    "2026-03-31",
    "/Date(1774915200000+0000)/",
    "(1,234.56)",
    "$12..5",
    "-",
    "1e308",
    "99999999999999999999999999999",
    "0.0000000001",
    "\u{feff}",
    "\"",
    "\"\"",
    "é",
    "\u{0}",
    "Narration",
    "AccountCode",
    "Amount",
    "Product/Service Name",
    "Income Account",
    "ProductCode",
    "AverageCost",
    "Quantity",
    "StocktakeNumber",
    "EffectiveDate",
    "Adjustment",
    "QuantityOnHand",
    "Transaction type",
    "Split",
    "Supplier",
];

fn csv_like(rng: &mut Rng) -> Vec<u8> {
    let delims = [",", ";", "\t", "|"];
    let delim = delims[rng.below(delims.len())];
    let mut out = String::new();
    for _ in 0..rng.below(40) {
        let cells = rng.below(12);
        let row: Vec<String> = (0..cells)
            .map(|_| {
                let w = WORDS[rng.below(WORDS.len())];
                if rng.below(6) == 0 {
                    format!("\"{w}{delim}{w}\"")
                } else {
                    w.to_string()
                }
            })
            .collect();
        out.push_str(&row.join(delim));
        out.push_str(if rng.below(5) == 0 { "\r\n" } else { "\n" });
    }
    out.into_bytes()
}

fn check(files: &[(String, Vec<u8>)]) {
    let inputs: Vec<InputFile> = files.iter().map(|(n, b)| InputFile { name: n, bytes: b }).collect();
    let report = analyze(&inputs, &Settings::default());
    for (name, _) in files {
        assert!(
            report.inputs.iter().any(|i| i.file == *name || i.file.starts_with(&format!("{name} ["))),
            "{name} missing from the report"
        );
    }
    // The report always serializes and reads back.
    let json = report.to_json();
    assert!(healthcheck_core::Report::from_json(&json).is_ok());
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..1500 {
        let len = rng.below(3000);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        check(&[(format!("random-{i}.csv"), bytes)]);
    }
}

#[test]
fn csv_like_text_never_panics() {
    let mut rng = Rng(42);
    for i in 0..1500 {
        let files: Vec<(String, Vec<u8>)> = (0..1 + rng.below(3)).map(|j| (format!("f{i}-{j}.csv"), csv_like(&mut rng))).collect();
        check(&files);
    }
}

#[test]
fn damaged_fixtures_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/mixed");
    let mut rng = Rng(7);
    let mut originals: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .map(|p| (p.file_name().expect("name").to_string_lossy().into_owned(), std::fs::read(&p).expect("read")))
        .collect();
    originals.sort();
    for (name, bytes) in &originals {
        for _ in 0..40 {
            let mut b = bytes.clone();
            match rng.below(3) {
                0 => b.truncate(rng.below(b.len() + 1)),
                1 => {
                    for _ in 0..1 + rng.below(8) {
                        let at = rng.below(b.len());
                        if let Some(x) = b.get_mut(at) {
                            *x = rng.next() as u8;
                        }
                    }
                }
                _ => {
                    let at = rng.below(b.len());
                    let extra = csv_like(&mut rng);
                    b.splice(at..at, extra);
                }
            }
            check(&[(name.clone(), b)]);
        }
    }
}
