//! Benchmarks that print figures (never assertions):
//!
//!   healthcheck-bench analyze [--scale N] [--seed N]   native end-to-end analysis of the demo company
//!   healthcheck-bench pdf [--scale N] [--runs N]       time and size of the demo company's full PDF
//!   healthcheck-bench write <folder> [--scale N]       write a bundle for the browser benchmark
//!   healthcheck-bench movements <file> [--mb N]        one movements CSV of about N MB (default
//!                                                      1000), for the 1 GB browser test
//!
//! Run with `cargo run --release -p healthcheck-cli --bin healthcheck-bench -- …`.

use std::time::Instant;

use healthcheck_core::{analyze, InputFile, Settings};
use healthcheck_demo::{generate, DemoConfig};
use healthcheck_pdf::{render, Detail, PdfOptions};

use healthcheck_demo::{page_demo_config, page_demo_index};

fn flag(args: &[String], name: &str, default: u64) -> u64 {
    args.windows(2).find(|w| w[0] == name).and_then(|w| w[1].parse().ok()).unwrap_or(default)
}

/// Peak resident memory of this process, from Linux's /proc (kB), where available.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str).unwrap_or("");
    let config = DemoConfig { seed: flag(&args, "--seed", 7), scale: flag(&args, "--scale", 2), clean: false, ..DemoConfig::default() };
    match command {
        "analyze" => {
            let t = Instant::now();
            let demo = generate(&config);
            let generated = t.elapsed();
            let bytes: usize = demo.files.iter().map(|f| f.bytes.len()).sum();
            let files: Vec<InputFile> = demo.files.iter().map(|f| InputFile { name: &f.name, bytes: &f.bytes }).collect();
            let settings = Settings { lock_date: Some(demo.lock_date), ..Settings::default() };
            let t = Instant::now();
            let report = analyze(&files, &settings);
            let took = t.elapsed().as_secs_f64();
            let rows: u64 = report.inputs.iter().map(|i| i.rows + i.rejected).sum();
            let movements: u64 = report.inputs.iter().filter(|i| i.kind.is_some_and(|k| k.id() == "cin7.movements")).map(|i| i.rows).sum();
            println!(
                "bundle: scale {}, {} files, {:.1} MB, {rows} rows ({movements} movement rows), generated in {:.2} s",
                config.scale,
                files.len(),
                bytes as f64 / 1e6,
                generated.as_secs_f64()
            );
            println!(
                "analysis: {took:.3} s, {:.1} MB/s, {:.0} rows/s, {} findings",
                bytes as f64 / 1e6 / took,
                rows as f64 / took,
                report.findings.len()
            );
            if let Some(kb) = peak_rss_kb() {
                println!("peak resident memory: {:.0} MB (input {:.0} MB)", kb as f64 / 1024.0, bytes as f64 / 1e6);
            }
        }
        "phases" => {
            let demo = generate(&config);
            let files: Vec<InputFile> = demo.files.iter().map(|f| InputFile { name: &f.name, bytes: &f.bytes }).collect();
            for f in &files {
                let t = Instant::now();
                let imported = healthcheck_core::import::import(std::slice::from_ref(f), &Default::default());
                println!(
                    "import {:<36} {:>9} bytes {:>8.1} ms {:>6.1} MB/s",
                    f.name,
                    f.bytes.len(),
                    t.elapsed().as_secs_f64() * 1000.0,
                    f.bytes.len() as f64 / 1e6 / t.elapsed().as_secs_f64()
                );
                drop(imported);
            }
            let t = Instant::now();
            let imported = healthcheck_core::import::import(&files, &Default::default());
            println!("import all: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            let report = analyze(&files, &Settings { lock_date: Some(demo.lock_date), ..Settings::default() });
            println!(
                "analyze all (import + rules + sequence): {:.1} ms, {} findings",
                t.elapsed().as_secs_f64() * 1000.0,
                report.findings.len()
            );
            drop(imported);
        }
        "pdf" => {
            let runs = flag(&args, "--runs", 5).max(1);
            let demo = generate(&config);
            let files: Vec<InputFile> = demo.files.iter().map(|f| InputFile { name: &f.name, bytes: &f.bytes }).collect();
            let report = analyze(&files, &Settings { lock_date: Some(demo.lock_date), ..Settings::default() });
            let options = PdfOptions { detail: Detail::Full, ..PdfOptions::default() };
            let mut size = 0;
            let t = Instant::now();
            for _ in 0..runs {
                size = render(&report, &options).len();
            }
            let each = t.elapsed().as_secs_f64() / runs as f64;
            println!(
                "full PDF of the demo company (scale {}, {} findings): {:.1} ms per render over {runs} runs, {size} bytes ({:.0} KB)",
                config.scale,
                report.findings.len(),
                each * 1000.0,
                size as f64 / 1024.0
            );
        }
        "page-demo" => {
            // The page's "Try with demo data": a small instance, with an index the page reads.
            let Some(folder) = args.get(1).filter(|a| !a.starts_with("--")) else {
                eprintln!("healthcheck-bench: page-demo needs a folder");
                std::process::exit(2);
            };
            let demo = generate(&page_demo_config());
            std::fs::create_dir_all(folder).unwrap_or_else(|e| panic!("{folder}: {e}"));
            for f in &demo.files {
                std::fs::write(std::path::Path::new(folder).join(&f.name), &f.bytes).unwrap_or_else(|e| panic!("{}: {e}", f.name));
            }
            std::fs::write(std::path::Path::new(folder).join("index.json"), page_demo_index(&demo))
                .unwrap_or_else(|e| panic!("index.json: {e}"));
            println!("wrote the page's demo to {folder}");
        }
        "hostile-workbooks" => {
            // For the page's tests: the workbooks made to exhaust memory or time, and one with
            // a stray far cell (crates/healthcheck-demo/src/hostile.rs).
            let Some(folder) = args.get(1).filter(|a| !a.starts_with("--")) else {
                eprintln!("healthcheck-bench: hostile-workbooks needs a folder");
                std::process::exit(2);
            };
            let dir = std::path::Path::new(folder);
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{folder}: {e}"));
            for w in healthcheck_demo::hostile::hostile_workbooks() {
                std::fs::write(dir.join(w.name), &w.bytes).unwrap_or_else(|e| panic!("{}: {e}", w.name));
                println!("{}\t{}", w.name, w.refusal);
            }
            std::fs::write(dir.join("far-cell.xlsx"), healthcheck_demo::hostile::far_cell_workbook())
                .unwrap_or_else(|e| panic!("far-cell.xlsx: {e}"));
        }
        "write" => {
            let Some(folder) = args.get(1).filter(|a| !a.starts_with("--")) else {
                eprintln!("healthcheck-bench: write needs a folder");
                std::process::exit(2);
            };
            let demo = generate(&config);
            std::fs::create_dir_all(folder).unwrap_or_else(|e| panic!("{folder}: {e}"));
            for f in &demo.files {
                std::fs::write(std::path::Path::new(folder).join(&f.name), &f.bytes).unwrap_or_else(|e| panic!("{}: {e}", f.name));
            }
            // The browser benchmark reads the lock date from this line, to analyse as `analyze` does.
            println!("wrote {} files to {folder}; lock date {}", demo.files.len(), demo.lock_date);
        }
        "movements" => {
            let Some(path) = args.get(1).filter(|a| !a.starts_with("--")) else {
                eprintln!("healthcheck-bench: movements needs a file name");
                std::process::exit(2);
            };
            let (rows, bytes) = write_movements(path, flag(&args, "--mb", 1000) * 1_000_000, &config);
            println!("wrote {path}: {rows} movement rows, {bytes} bytes");
        }
        _ => {
            eprintln!("usage: healthcheck-bench analyze|pdf|write <folder>|page-demo <folder>|hostile-workbooks <folder>|movements <file> [--scale N] [--seed N] [--runs N] [--mb N]");
            std::process::exit(2);
        }
    }
}

/// A movements export of about `target` bytes: the demo company's movements (at scale 100)
/// again and again, each round with its SKUs and document numbers suffixed (`-1`, `-2`, …),
/// as a business that many times larger would have. Returns the rows and bytes written.
fn write_movements(path: &str, target: u64, config: &DemoConfig) -> (u64, u64) {
    use std::io::Write;
    let demo = generate(&DemoConfig { scale: 100, ..config.clone() });
    let Some(source) = demo.files.iter().find(|f| f.name.starts_with("InventoryMovement")) else {
        eprintln!("healthcheck-bench: the demo company has no movements file");
        std::process::exit(2);
    };
    let text = String::from_utf8_lossy(&source.bytes);
    if text.contains('"') {
        eprintln!("healthcheck-bench: the demo's movements have quoted fields; this simple copier cannot suffix them");
        std::process::exit(2);
    }
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    let body: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let file = std::fs::File::create(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = std::io::BufWriter::new(file);
    let mut written = header.len() as u64 + 1;
    let mut rows = 0u64;
    writeln!(out, "{header}").unwrap_or_else(|e| panic!("{path}: {e}"));
    'rounds: for round in 0.. {
        for fields in &body {
            // SKU is the first column and Number the fifth in the demo's layout.
            let row: Vec<String> = fields
                .iter()
                .enumerate()
                .map(|(i, f)| if (i == 0 || i == 4) && !f.is_empty() { format!("{f}-{round}") } else { (*f).to_string() })
                .collect();
            let line = row.join(",");
            if written + line.len() as u64 + 1 > target {
                break 'rounds;
            }
            writeln!(out, "{line}").unwrap_or_else(|e| panic!("{path}: {e}"));
            written += line.len() as u64 + 1;
            rows += 1;
        }
    }
    out.flush().unwrap_or_else(|e| panic!("{path}: {e}"));
    (rows, written)
}
