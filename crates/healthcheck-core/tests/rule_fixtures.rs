//! Every rule runs over its fixture folder (`tests/fixtures/<CODE>/`), whose rows include
//! cases that must be flagged and near misses that must not. The rendered findings are
//! compared with `expected.txt`; run with `UPDATE_SNAPSHOTS=1` to rewrite them after a
//! deliberate change, and review the diff.

// Tests read their fixtures from disk; the crate itself does no I/O.
#![allow(clippy::disallowed_methods)]

use std::fs;
use std::path::{Path, PathBuf};

use healthcheck_core::report::Finding;
use healthcheck_core::{analyze, InputFile, Settings};

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn render(f: &Finding) -> String {
    let impact =
        f.impact.as_ref().map(|i| format!(" | impact {}{}", i.amount, if i.estimate { " (estimate)" } else { "" })).unwrap_or_default();
    let entities: Vec<String> = f.entities.iter().map(|e| format!("{:?}={}", e.kind, e.key)).collect();
    let evidence: Vec<String> = f.evidence.iter().map(|e| format!("{}:{}", e.file, e.line)).collect();
    format!(
        "{} {} [{}] {}{impact}\n    entities: {}\n    evidence: {}",
        f.code,
        f.severity.id(),
        f.stage.id(),
        f.message,
        entities.join(", "),
        evidence.join(", ")
    )
}

pub fn run_fixture(code: &str) -> (Vec<Finding>, String) {
    let dir = fixture_root().join(code);
    let mut names = Vec::new();
    let mut settings = Settings::default();
    for entry in fs::read_dir(&dir).expect("fixture folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        match name.as_str() {
            "settings.json" => settings = Settings::from_json(&fs::read_to_string(&path).expect("settings")).expect("valid settings"),
            "expected.txt" => {}
            _ => names.push((name, fs::read(&path).expect("fixture file"))),
        }
    }
    let files: Vec<InputFile> = names.iter().map(|(n, b)| InputFile { name: n, bytes: b }).collect();
    let report = analyze(&files, &settings);
    if code != "DAT001" {
        assert!(report.rejected.is_empty(), "{code}: fixture rows were rejected: {:?}", report.rejected);
    }
    let findings: Vec<Finding> = report.findings.into_iter().filter(|f| f.code == code).collect();
    let rendered: Vec<String> = findings.iter().map(render).collect();
    (findings, rendered.join("\n") + "\n")
}

#[test]
fn every_fixture_matches_its_snapshot() {
    let mut failures = Vec::new();
    let mut dirs: Vec<PathBuf> =
        fs::read_dir(fixture_root()).expect("fixtures").map(|e| e.expect("entry").path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(!dirs.is_empty());
    for dir in dirs {
        let code = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        assert!(healthcheck_core::rules::find(&code).is_some(), "fixture folder {code} names no rule");
        let (findings, rendered) = run_fixture(&code);
        assert!(!findings.is_empty(), "{code}: the fixture must contain rows that are flagged");
        let snapshot = dir.join("expected.txt");
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            fs::write(&snapshot, &rendered).expect("write snapshot");
        } else {
            let expected = fs::read_to_string(&snapshot).unwrap_or_default();
            if expected != rendered {
                failures.push(format!("{code}: findings differ from expected.txt\n--- expected\n{expected}--- actual\n{rendered}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// CTL003's third signal alone: no adjustments, but the ledger's inventory drifts further from
/// Cin7 each month (150, 400, then 700 against a materiality of 500).
#[test]
fn close_getting_harder_flags_a_widening_ledger_gap_on_its_own() {
    let dir = fixture_root().join("CTL003");
    let movements = fs::read(dir.join("movements.csv")).expect("movements");
    let gl = fs::read(dir.join("gl.csv")).expect("gl");
    let files = [InputFile { name: "movements.csv", bytes: &movements }, InputFile { name: "gl.csv", bytes: &gl }];
    let settings = Settings::from_json(r#"{"as_of": "2026-03-31"}"#).expect("settings");
    let report = analyze(&files, &settings);
    let found: Vec<&Finding> = report.findings.iter().filter(|f| f.code == "CTL003").collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity.id(), "medium");
    assert!(
        found[0].message.ends_with("has widened for three months: 2026-01 150.00, 2026-02 400.00, 2026-03 700.00"),
        "{}",
        found[0].message
    );
    assert!(found[0].impact.is_none(), "no corrections, so no impact of CTL003's own");

    // The same drift that stays within materiality at the end is not a finding.
    let small = String::from_utf8(gl).expect("utf-8").replace("300.00", "50.00");
    let files = [InputFile { name: "movements.csv", bytes: &movements }, InputFile { name: "gl.csv", bytes: small.as_bytes() }];
    assert!(analyze(&files, &settings).findings.iter().all(|f| f.code != "CTL003"));
}
