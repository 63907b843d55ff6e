//! Hostile and broken files (tests/hostile/, plus two too large to keep in the repository and
//! made here): the command line exits 0 or 2 with at most one line naming the file, never a
//! panic, and within reasonable memory.

mod scratch;

use scratch::Scratch;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The corpus, and the two files made here in `dir`.
fn cases(dir: &Scratch) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root).expect("hostile corpus").map(|e| e.expect("entry").path()).collect();
    files.push(dir.file("one-50mb-line.csv", format!("SKU,{}\n", "x".repeat(50_000_000))));
    let header: Vec<String> = (0..1_000_000).map(|i| format!("c{i}")).collect();
    files.push(dir.file("million-columns.csv", format!("{}\n{}\n", header.join(","), vec!["1"; 1_000_000].join(","))));
    files.sort();
    files
}

#[test]
fn every_hostile_file_gets_an_exit_code_and_one_line() {
    let dir = Scratch::new("hostile");
    let cases = cases(&dir);
    assert!(cases.len() >= 15, "{} cases", cases.len());
    for path in cases {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let out = Command::new(env!("CARGO_BIN_EXE_cin7-healthcheck")).arg("analyze").arg(&path).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        assert!(matches!(code, Some(0 | 2)), "{name}: exit {code:?}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(err.lines().count() <= 1, "{name}: {err}");
        if code == Some(2) {
            assert!(err.contains(&name), "{name}: the message names the file: {err}");
        }
    }
}

/// Values under the import limit whose products, summed over thousands of rows, would go
/// beyond what exact decimal arithmetic holds: the two files are left out, named in one
/// finding, and the good files beside them give the report they give alone.
#[test]
fn totals_too_large_for_exact_arithmetic_leave_out_their_files_only() {
    let good = Scratch::new("overflow-good");
    for f in healthcheck_demo::generate(&healthcheck_demo::page_demo_config()).files {
        good.file(&f.name, &f.bytes);
    }
    let mut products = String::from("ProductCode,Name,Category,CostingMethod,AverageCost\n");
    let mut availability = String::from("SKU,Location,OnHand,Allocated,Available,StockOnHand\n");
    for i in 0..3000 {
        products.push_str(&format!("S{i},Thing {i},Cat{},FIFO,9999999999999\n", i % 7));
        availability.push_str(&format!("S{i},Main,-9999999999999,0,-9999999999999,9999999999999\n"));
    }
    let both = Scratch::new("overflow");
    for f in healthcheck_demo::generate(&healthcheck_demo::page_demo_config()).files {
        both.file(&f.name, &f.bytes);
    }
    both.file("HugeInventoryList.csv", &products);
    both.file("huge-availability.csv", &availability);
    let (code, alone, _) = scratch::analyze_json(&good);
    assert_eq!(code, Some(0));
    let (code, report, err) = scratch::analyze_json(&both);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        scratch::findings_but_rejections(&report),
        scratch::findings_but_rejections(&alone),
        "the good files' findings are unchanged"
    );
    let dat001: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "DAT001" && f["message"].as_str().is_some_and(|m| m.contains("huge")))
        .collect();
    assert_eq!(dat001.len(), 1, "{dat001:?}");
    let message = dat001[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("HugeInventoryList.csv") && message.contains("huge-availability.csv") && message.contains("exact arithmetic"),
        "{message}"
    );
    assert_eq!(dat001[0]["severity"], "high");
    assert!(dat001[0]["evidence"][0]["fields"]["Reason"].as_str().unwrap_or_default().contains("column AverageCost, up to 13 digits"));
}
