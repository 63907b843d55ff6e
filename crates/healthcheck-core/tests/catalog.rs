//! Meta-tests over the rule registry: the catalog stays sorted and unique, every rule is
//! documented under the fixed headings, has a fixture, and its example really triggers it.

// Tests read their fixtures from disk; the crate itself does no I/O.
#![allow(clippy::disallowed_methods)]

use std::path::Path;

use healthcheck_core::report::Stage;
use healthcheck_core::rules::{REQUIRED_HEADINGS, RULES};
use healthcheck_core::{analyze, date::Date, InputFile, Settings};

#[test]
fn codes_are_unique_and_in_catalog_order() {
    let keys: Vec<(usize, &str)> = RULES.iter().map(|r| (r.meta().stage.number(), r.meta().code)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup_by(|a, b| a.1 == b.1);
    assert_eq!(keys, sorted, "RULES must be sorted by stage then code, without repeats");
    for r in RULES {
        let m = r.meta();
        let prefix = &m.code[..3];
        assert!(m.code.len() == 6 && m.code[3..].chars().all(|c| c.is_ascii_digit()), "{}", m.code);
        assert!(["SET", "INV", "SYN", "LED", "TRU", "CTL", "DAT"].contains(&prefix), "{}", m.code);
        assert!(m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}: name {}", m.code, m.name);
    }
}

#[test]
fn every_rule_has_a_short_title_of_its_own() {
    let mut seen = std::collections::BTreeSet::new();
    for r in RULES {
        let m = r.meta();
        let t = m.title;
        assert!(t.chars().next().is_some_and(char::is_uppercase), "{}: '{t}' starts with a capital", m.code);
        assert!(t.len() <= 45 && !t.ends_with('.'), "{}: '{t}' is a title, not a sentence", m.code);
        assert!(!t.contains(m.code) && t != m.name, "{}: '{t}' is words, not the code or slug", m.code);
        assert!(seen.insert(t.to_lowercase()), "{}: '{t}' is another check's title too", m.code);
    }
}

#[test]
fn docs_have_the_required_headings_in_order() {
    for r in RULES {
        let m = r.meta();
        let headings: Vec<String> = m.doc_sections().into_iter().map(|(h, _)| h).collect();
        assert_eq!(headings, REQUIRED_HEADINGS, "{} doc headings", m.code);
        for (h, body) in m.doc_sections() {
            assert!(body.len() > 40, "{}: section '{h}' is too thin", m.code);
        }
        let fix = m.doc_section("How to fix it at the source").unwrap_or_default().to_lowercase();
        assert!(!fix.contains("post a journal") && !fix.contains("post a manual journal"), "{}: the fix must be at the source", m.code);
    }
}

#[test]
fn every_code_has_a_fixture_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for r in RULES {
        let code = r.meta().code;
        assert!(root.join(code).join("expected.txt").is_file(), "{code} has no fixture with expected.txt");
    }
}

/// The `## Example` of each rule holds a CSV block; it must trigger the rule.
#[test]
fn every_example_triggers_its_rule() {
    for r in RULES {
        let m = r.meta();
        let example = m.doc_section("Example").unwrap_or_default();
        let blocks: Vec<String> =
            example.split("```").skip(1).step_by(2).map(|b| b.trim_start_matches("csv").trim_start().to_string()).collect();
        assert!(!blocks.is_empty(), "{}: the example has no csv block", m.code);
        let as_of = example.split("as-of date ").nth(1).and_then(|t| Date::parse_iso(t.get(..10).unwrap_or_default()));
        let lock_date = example.split("lock date ").nth(1).and_then(|t| Date::parse_iso(t.get(..10).unwrap_or_default()));
        let settings = Settings { as_of, lock_date, ..Settings::default() };
        let names: Vec<String> = (0..blocks.len()).map(|i| format!("example-{i}.csv")).collect();
        let files: Vec<InputFile> = blocks.iter().zip(&names).map(|(b, n)| InputFile { name: n, bytes: b.as_bytes() }).collect();
        let report = analyze(&files, &settings);
        let hits = report.findings.iter().filter(|f| f.code == m.code).count();
        assert!(hits >= 1, "{}: its example should give a finding; report: {}", m.code, report.to_json());
    }
}

#[test]
fn messages_follow_the_convention() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for r in RULES {
        let code = r.meta().code;
        let dir = root.join(code);
        let files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .expect("fixture")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .map(|p| (p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string(), std::fs::read(&p).expect("read")))
            .collect();
        let inputs: Vec<InputFile> = files.iter().map(|(n, b)| InputFile { name: n, bytes: b }).collect();
        let report = analyze(&inputs, &Settings { as_of: Date::parse_iso("2026-03-31"), ..Settings::default() });
        for f in report.findings.iter().filter(|f| f.code == code) {
            assert!(!f.message.ends_with('.'), "{code}: message ends with a period: {}", f.message);
            assert!(!f.message.contains('\n'), "{code}: message spans lines");
            assert!(f.message.chars().next().is_some_and(|c| !c.is_lowercase()), "{code}: message starts lower-case");
            // Findings of the control and coverage sections summarise; the others link.
            let summarising = matches!(f.stage, Stage::Control | Stage::Coverage) || code == "TRU004";
            assert!(summarising || !f.entities.is_empty(), "{code}: finding without entities");
            assert!(!f.evidence.is_empty(), "{code}: finding without evidence");
        }
    }
}
