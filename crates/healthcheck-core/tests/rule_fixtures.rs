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
