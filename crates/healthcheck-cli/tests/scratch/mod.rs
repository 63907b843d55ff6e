//! A temporary folder of a test's own, removed when the test ends, passed or failed, so that
//! repeated runs do not fill the disk (the hostile files alone are 58 MB a run).
// Each test file compiles its own copy and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Scratch(PathBuf);

impl Scratch {
    /// A new, empty folder named after the test file, the process and a counter, so that tests
    /// running side by side never share one.
    pub fn new(label: &str) -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("healthcheck-{label}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `bytes` to `name` in the folder and returns its path.
    pub fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// `cin7-healthcheck analyze` over the folder as JSON, the page demo's lock date: the exit
/// status, the report (`null` when none) and standard error.
pub fn analyze_json(dir: &Scratch) -> (Option<i32>, serde_json::Value, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cin7-healthcheck"))
        .arg("analyze")
        .arg(dir.path())
        .args(["--lock-date", "2026-02-28", "--format", "json"])
        .output()
        .expect("runs");
    let report = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code(), report, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The report's findings but those about unreadable files (DAT001), as JSON text without
/// their ids (which count every finding): what files added beside others must not change.
pub fn findings_but_rejections(report: &serde_json::Value) -> Vec<String> {
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    findings
        .into_iter()
        .filter(|f| f["code"] != "DAT001")
        .map(|mut f| {
            f.as_object_mut().map(|o| o.remove("id"));
            f.to_string()
        })
        .collect()
}
