//! Detection quality: for several seeds, every fault the generator injects is found by its
//! rule on the entity the manifest names, and the clean company shows nothing above `low`.

use healthcheck_core::report::{Report, Severity};
use healthcheck_core::{analyze, InputFile, Settings};
use healthcheck_demo::{generate, Demo, DemoConfig};

fn run(demo: &Demo) -> Report {
    let files: Vec<InputFile> = demo.files.iter().map(|f| InputFile { name: &f.name, bytes: &f.bytes }).collect();
    let settings = Settings { lock_date: Some(demo.lock_date), ..Settings::default() };
    analyze(&files, &settings)
}

#[test]
fn every_injected_fault_is_found_on_its_entity() {
    for seed in [1, 7, 42] {
        let demo = generate(&DemoConfig { seed, ..DemoConfig::default() });
        assert!(demo.faults.len() >= 45, "seed {seed}: {} faults", demo.faults.len());
        let report = run(&demo);
        let mut missed = Vec::new();
        for fault in &demo.faults {
            let found = report.findings.iter().filter(|f| f.code == fault.code).any(|f| match &fault.entity {
                None => true,
                Some((kind, key)) => f.entities.iter().any(|e| {
                    serde_json::to_value(e.kind).ok().and_then(|v| v.as_str().map(str::to_string)).as_deref() == Some(kind)
                        && e.key.eq_ignore_ascii_case(key)
                }),
            });
            if !found {
                missed.push(format!("{} {:?} ({})", fault.code, fault.entity, fault.note));
            }
        }
        assert!(missed.is_empty(), "seed {seed}: faults not found:\n{}", missed.join("\n"));
        // Every rule code of the catalog has at least one fault, DAT002 aside (it needs a
        // missing export, and the demo supplies them all).
        for rule in healthcheck_core::rules::RULES {
            let code = rule.meta().code;
            if code != "DAT002" {
                assert!(demo.faults.iter().any(|f| f.code == code), "seed {seed}: no fault injected for {code}");
            }
        }
    }
}

#[test]
fn the_clean_company_shows_nothing_above_low() {
    for seed in [1, 7, 42] {
        let demo = generate(&DemoConfig { seed, clean: true, ..DemoConfig::default() });
        assert!(demo.faults.is_empty());
        let report = run(&demo);
        assert!(report.rejected.is_empty(), "seed {seed}: {:?}", report.rejected);
        let loud: Vec<String> =
            report.findings.iter().filter(|f| f.severity > Severity::Low).map(|f| format!("{} {}", f.code, f.message)).collect();
        assert!(loud.is_empty(), "seed {seed}: the clean company shows:\n{}", loud.join("\n"));
        for stage in &report.stages {
            assert_eq!(stage.score, Some(100), "seed {seed}: stage {:?} is not clean", stage.id);
        }
        assert_eq!(report.first_break, None);
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let a = generate(&DemoConfig::default());
    let b = generate(&DemoConfig::default());
    assert_eq!(a.files.len(), b.files.len());
    for (x, y) in a.files.iter().zip(&b.files) {
        assert_eq!(x.name, y.name);
        assert!(x.bytes == y.bytes, "{} differs between runs", x.name);
    }
    let other = generate(&DemoConfig { seed: 8, ..DemoConfig::default() });
    assert!(a.files.iter().zip(&other.files).any(|(x, y)| x.bytes != y.bytes), "another seed gives another company");
}

/// The page's demo files are the generator's output, byte for byte: they cannot drift.
/// Regenerate with `cargo run -p healthcheck-cli --bin healthcheck-bench -- page-demo www/demo`.
#[test]
fn the_page_demo_is_the_generated_company() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/demo");
    let demo = generate(&healthcheck_demo::page_demo_config());
    for f in &demo.files {
        let on_disk = std::fs::read(dir.join(&f.name)).unwrap_or_else(|e| panic!("www/demo/{}: {e}", f.name));
        assert!(on_disk == f.bytes, "www/demo/{} differs from the generator", f.name);
    }
    let index = std::fs::read_to_string(dir.join("index.json")).expect("index.json");
    assert_eq!(index, healthcheck_demo::page_demo_index(&demo));
}

/// What a report says, without the file names it cites: every finding's code, severity,
/// message and money, sorted, and each stage's status and score.
fn said(report: &Report) -> Vec<String> {
    let mut said: Vec<String> = report
        .findings
        .iter()
        .filter(|f| !f.code.starts_with("DAT"))
        .map(|f| format!("{} {:?} {} {:?}", f.code, f.severity, f.message, f.impact.as_ref().map(|i| (i.amount, i.estimate))))
        .collect();
    said.sort();
    said.extend(report.stages.iter().map(|s| format!("{:?} {:?} {:?}", s.id, s.status, s.score)));
    said.push(format!("first break {:?}, as of {:?}", report.first_break, report.as_of));
    said
}

#[test]
fn the_order_and_names_of_the_files_do_not_matter() {
    let demo = generate(&DemoConfig { seed: 7, ..DemoConfig::default() });
    let settings = Settings { lock_date: Some(demo.lock_date), ..Settings::default() };
    let expected = said(&run(&demo));
    // Reversed, and renamed so that name order is the reverse of what it was.
    let renamed: Vec<(String, &[u8])> = demo
        .files
        .iter()
        .rev()
        .enumerate()
        .map(|(i, f)| {
            let ext = f.name.rsplit_once('.').map_or("csv", |(_, e)| e);
            (format!("upload-{i:02}.{ext}"), f.bytes.as_slice())
        })
        .collect();
    let files: Vec<InputFile> = renamed.iter().map(|(name, bytes)| InputFile { name, bytes }).collect();
    let got = said(&analyze(&files, &settings));
    let differ: Vec<String> =
        got.iter().filter(|l| !expected.contains(l)).chain(expected.iter().filter(|l| !got.contains(l))).cloned().collect();
    assert!(differ.is_empty(), "renamed and reordered, the report differs:\n{}", differ.join("\n"));
    assert_eq!(got, expected);
}
