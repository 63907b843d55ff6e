//! The command line as a user runs it: exit codes, output formats, the PDF, bad input.

mod scratch;

use scratch::Scratch;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cin7-healthcheck")).args(args).current_dir(root()).output().expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn json_output_follows_the_contract() {
    let o = run(&["analyze", "tests/fixtures/basic", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON report");
    assert_eq!(r["schema_version"], 1);
    assert_eq!(r["as_of"], "2026-03-31");
    assert_eq!(r["currency"], "USD");
    let stages: Vec<(&str, &str)> = r["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| (s["id"].as_str().unwrap_or(""), s["status"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        stages,
        vec![
            ("setup", "at_risk"),
            ("inventory", "healthy"),
            ("integration", "not_assessed"),
            ("ledger", "not_assessed"),
            ("trust", "not_assessed"),
            ("control", "watch")
        ]
    );
    assert_eq!(r["stages"][2]["score"], serde_json::Value::Null);
    assert_eq!(r["first_break"], "setup");
    let f = &r["findings"][0];
    assert_eq!((f["id"].as_str(), f["code"].as_str(), f["rule"].as_str()), (Some("F0001"), Some("SET001"), Some("invoiced-not-shipped")));
    assert_eq!(f["impact"]["amount"], "4210.00");
    assert_eq!(f["entities"][0], serde_json::json!({"kind": "sale", "key": "SO-00123"}));
    assert_eq!(f["evidence"][0]["file"], "SaleList.csv");
    assert_eq!(f["evidence"][0]["line"], 3);
    assert_eq!(f["evidence"][0]["fields"]["Order number"], "SO-00123");
    let kinds: Vec<&str> = r["inputs"].as_array().expect("inputs").iter().filter_map(|i| i["kind"].as_str()).collect();
    assert_eq!(kinds, vec!["cin7.sales", "cin7.availability"]);
    assert_eq!(r["inputs"][0]["rows"], 6);
    assert_eq!(r["inputs"][1]["detection"]["header_line"], 4);
}

#[test]
fn text_output_lists_each_file_and_stage() {
    let o = run(&["analyze", "tests/fixtures/basic"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("SaleList.csv: cin7.sales, 6 records: 6 loaded, 0 rejected, 2026-02-20 to 2026-03-30"), "{out}");
    assert!(out.contains("stock-on-hand.csv: cin7.availability, 4 records: 4 loaded, 0 rejected"), "{out}");
    assert!(out.contains("<- first break"), "{out}");
    assert!(out.contains("F0003 INV001 medium SKU WID-1 at Main Warehouse shows 8 available"), "{out}");
    // The plan comes first, after the verdict; each score shows its terms.
    let plan = out.find("Fix first\n").expect("a plan");
    assert!(out.find("Verdict\n").is_some_and(|v| v < plan) && out.find("Inputs\n").is_some_and(|i| plan < i), "{out}");
    assert!(out.contains("1. Invoiced, not shipped (SET001, stage 1 Flawed setup / operational slip)"), "{out}");
    assert!(out.contains("Clears 2 findings (2 of this check, 0 downstream), USD 6,190.50 at stake."), "{out}");
    assert!(out.contains("points SET001: 20 = 20 × 1 (2 of 6 sales)"), "{out}");
    assert!(out.contains("score  55"), "100 - 20 - 25: {out}");
}

#[test]
fn the_pdf_is_written_and_deterministic() {
    let dir = Scratch::new("cli");
    let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
    for p in [&a, &b] {
        let o = run(&["analyze", "tests/fixtures/basic", "--pdf", p.to_str().expect("path")]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let bytes = std::fs::read(&a).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(bytes, std::fs::read(&b).expect("pdf"));
}

#[test]
fn unusable_input_alone_exits_2_naming_the_file() {
    let cases: [(&str, &[u8], &str); 3] = [
        ("empty.csv", b"", "empty.csv: the file is empty"),
        ("binary.csv", &[0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0, 7, 0, 0, 0], "binary.csv: the file holds binary data, not text"),
        (
            "colours.csv",
            b"Colour,Mood\nblue,calm\n",
            "colours.csv: no known export header found in the first 30 rows; the likeliest header row reads: Colour, Mood",
        ),
    ];
    let dir = Scratch::new("cli");
    for (name, bytes, expected) in cases {
        let path = dir.file(name, bytes);
        let o = run(&["analyze", path.to_str().expect("path")]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr(&o);
        assert!(err.contains(expected), "{name}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("cin7-healthcheck: no usable input: "), "{err}");
    }
}

#[test]
fn a_bad_file_beside_good_ones_is_reported_and_the_run_goes_on() {
    let dir = Scratch::new("cli");
    let bad = dir.file("broken.csv", b"");
    let o = run(&["analyze", "tests/fixtures/basic", bad.to_str().expect("path"), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("broken.csv: the file is empty"));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(r["rejected"][0], serde_json::json!({"file": "broken.csv", "line": null, "reason": "the file is empty", "cause": "file"}));
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    for args in [
        vec!["analyze"],
        vec!["analyze", "tests/fixtures/basic", "--as-of", "31/03/2026"],
        vec!["analyze", "tests/fixtures/basic", "--format", "yaml"],
        vec!["analyze", "tests/fixtures/basic", "--frobnicate"],
        vec!["analyze", "no/such/folder"],
        vec!["explode"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o).lines().count(), 1, "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn as_of_and_kind_override_are_applied() {
    let o = run(&["analyze", "tests/fixtures/basic", "--as-of", "2026-03-04", "--format", "json"]);
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(r["as_of"], "2026-03-04");
    // Only SO-00120 (invoiced 2026-02-21, shipped) and SO-00123 (2 days old) exist by then: nothing is late.
    assert!(r["findings"].as_array().expect("findings").iter().all(|f| f["code"] != "SET001"));
}

#[test]
fn rules_prints_the_documented_catalog() {
    let o = run(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("SET001 invoiced-not-shipped (stage setup, high)"));
    assert!(out.contains("## How to fix it at the source"));
    assert!(out.contains("INV001 availability-arithmetic"));
}

/// Every layout of the mixed folder is recognised; only the three deliberately broken
/// movement rows are rejected.
#[test]
fn a_mixed_folder_is_detected_exactly() {
    let o = run(&["analyze", "tests/fixtures/mixed", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let got: Vec<(String, String)> = r["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| (i["file"].as_str().unwrap_or("").to_string(), i["kind"].as_str().unwrap_or("NONE").to_string()))
        .collect();
    let expected = [
        ("InventoryList_2026-03-31.csv", "cin7.products"),
        ("PurchaseList.xlsx", "cin7.purchases"),
        ("Sales Export (captions).csv", "cin7.sales"),
        ("availability-utf16.txt", "cin7.availability"),
        ("movements.csv", "cin7.movements"),
        ("orders_export.csv", "shopify.orders"),
        ("products_export.csv", "shopify.products"),
        ("products_export_legacy.csv", "shopify.products"),
        ("purchase-lines.csv", "cin7.purchase_lines"),
        ("qbo-account-list.csv", "qbo.accounts"),
        ("qbo-general-ledger-classic.csv", "qbo.gl"),
        ("qbo-journal.csv", "qbo.gl"),
        ("qbo-products-services.csv", "qbo.items"),
        ("qbo-transaction-detail.csv", "qbo.gl"),
        ("qbo-trial-balance.csv", "qbo.trial_balance"),
        ("sale-lines.csv", "cin7.sale_lines"),
        ("sales-api.csv", "cin7.sales"),
        ("stock-adjustments.csv", "cin7.adjustments"),
        ("xero-account-transactions.csv", "xero.gl"),
        ("xero-chart-of-accounts.csv", "xero.accounts"),
        ("xero-gl-detail.csv", "xero.gl"),
        ("xero-items.csv", "xero.items"),
        ("xero-manual-journals.csv", "xero.manual_journals"),
        ("xero-sync-report.csv", "cin7.sync_log"),
        ("xero-trial-balance-new.csv", "xero.trial_balance"),
        ("xero-trial-balance-old.csv", "xero.trial_balance"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(f, k)| (f.to_string(), k.to_string())).collect();
    assert_eq!(got, expected);
    let rejected: Vec<String> = r["rejected"]
        .as_array()
        .expect("rejected")
        .iter()
        .map(|x| format!("{}:{}: {}", x["file"].as_str().unwrap_or(""), x["line"], x["reason"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        rejected,
        vec![
            "movements.csv:8: found 7 fields instead of 11",
            "movements.csv:9: Amount: '12..5' is not a number",
            "movements.csv:10: Date: '31/31/2026' is not a date",
        ]
    );
    // The text output lists each file with kind, rows, rejected and date range.
    let text = stdout(&run(&["analyze", "tests/fixtures/mixed"]));
    assert!(
        text.contains("movements.csv: cin7.movements, 9 records: 6 loaded, 3 rejected, 2026-01-05 to 2026-03-20, dates year-first (ISO)"),
        "{text}"
    );
    assert!(
        text.contains(
            "qbo-journal.csv: qbo.gl, 6 records: 4 loaded, 0 rejected, 2 passed over (headings, totals, footers), 2026-03-28 to 2026-03-31, dates month-first"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "xero-trial-balance-old.csv: xero.trial_balance, 12 records: 3 loaded, 0 rejected, 3 already read from another file, 6 passed over (headings, totals, footers)"
        ),
        "{text}"
    );
}

#[test]
fn kind_and_column_mapping_rescue_an_unknown_layout() {
    let dir = Scratch::new("cli");
    let path = dir.file("warehouse.csv", b"Item,Where,Qty In Stock,Reserved,Free\nWID-1,Main,10,3,8\n");
    let p = path.to_str().expect("path");
    let o = run(&["analyze", p]);
    assert_eq!(o.status.code(), Some(2), "unknown without help");
    let o = run(&[
        "analyze",
        p,
        "--format",
        "json",
        "--kind",
        "warehouse.csv=cin7.availability",
        "--map",
        "warehouse.csv:sku=Item",
        "--map",
        "warehouse.csv:location=Where",
        "--map",
        "warehouse.csv:on_hand=Qty In Stock",
        "--map",
        "warehouse.csv:allocated=Reserved",
        "--map",
        "warehouse.csv:available=Free",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(r["inputs"][0]["kind"], "cin7.availability");
    assert_eq!(r["findings"][0]["code"], "INV001");
    assert_eq!(r["findings"][0]["message"], "SKU WID-1 at Main shows 8 available, but on hand 10 less allocated 3 is 7");
    let o = run(&["analyze", p, "--map", "warehouse.csv:sku=Item"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("needs --kind"));
}

#[test]
fn thresholds_come_from_a_toml_config() {
    let dir = Scratch::new("cli");
    let strict = dir.file("strict.toml", b"grace_days = 40\n");
    let o = run(&["analyze", "tests/fixtures/basic", "--format", "json", "--config", strict.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(r["settings"]["thresholds"]["grace_days"], 40);
    assert!(r["findings"].as_array().expect("findings").iter().all(|f| f["code"] != "SET001"), "no sale is 40 days late");
    let shaped = dir.file("shaped.toml", b"lock_date = \"2026-02-28\"\n[thresholds]\nmateriality_abs = \"250\"\n");
    let o =
        run(&["analyze", "tests/fixtures/basic", "--as-of", "2026-03-30", "--format", "json", "--config", shaped.to_str().expect("path")]);
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!((r["as_of"].as_str(), r["settings"]["lock_date"].as_str()), (Some("2026-03-30"), Some("2026-02-28")));
    assert_eq!(r["settings"]["thresholds"]["materiality_abs"], "250");
    let bad = dir.file("bad.toml", b"grace_dayz = 4\n");
    let o = run(&["analyze", "tests/fixtures/basic", "--config", bad.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown field `grace_dayz`"), "{}", stderr(&o));
}

/// The README's "What each check means" is the rules' own documentation, word for word.
#[test]
fn readme_lists_every_check_as_documented() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let start = readme.find("<!-- checks:start -->\n").expect("start marker") + "<!-- checks:start -->\n".len();
    let end = readme.find("<!-- checks:end -->").expect("end marker");
    let generated = stdout(&run(&["rules", "--format", "markdown"]));
    assert_eq!(&readme[start..end], generated, "regenerate with: cin7-healthcheck rules --format markdown");
    assert_eq!(generated.matches("- **").count(), healthcheck_core::rules::RULES.len());
}

/// A reader that stops early (`| head -c 10`) ends the program quietly: status 0, nothing on
/// standard error, where a panic used to print a backtrace and exit 101.
#[test]
fn a_closed_standard_output_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    for args in [vec!["rules"], vec!["analyze", "tests/fixtures/mixed", "--format", "json"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cin7-healthcheck"))
            .args(&args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run");
        let mut first = [0u8; 10];
        child.stdout.take().expect("stdout").read_exact(&mut first).expect("first bytes");
        // The pipe's reading end is dropped here, as `head` closes it.
        let out = child.wait_with_output().expect("wait");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

/// An unknown layout: its header report names no data cell, and a mapping kept from the
/// page (header and field names only) reads it the next time by its header.
#[test]
fn the_header_report_and_a_kept_mapping_rescue_an_unknown_layout() {
    let dir = Scratch::new("cli-mapping");
    let path = dir.file("warehouse.csv", b"Stock by bin\n\nItem,Where,Qty In Stock,Reserved,Free\nWID-1,Main,10,3,8\n");
    let p = path.to_str().expect("path");
    let o = run(&["analyze", "--explain-file", p]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(report.starts_with("Header report of warehouse.csv"), "{report}");
    assert!(report.contains("Title rows:\n  Stock by bin\n"), "{report}");
    assert!(report.contains("Header row: Item | Where | Qty In Stock | Reserved | Free"), "{report}");
    assert!(report.contains("Encoding: UTF-8; delimiter: comma"), "{report}");
    assert!(!report.contains("WID-1") && !report.contains("Main\n"), "no data cell: {report}");
    let mapping = dir.file(
        "mapping.json",
        br#"{"mappings":[{"header":["Item","Where","Qty In Stock","Reserved","Free"],"kind":"cin7.availability",
            "columns":{"sku":"Item","location":"Where","on_hand":"Qty In Stock","allocated":"Reserved","available":"Free"}}]}"#,
    );
    let o = run(&["analyze", p, "--format", "json", "--mapping", mapping.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(r["inputs"][0]["kind"], "cin7.availability");
    assert_eq!(r["findings"][0]["message"], "SKU WID-1 at Main shows 8 available, but on hand 10 less allocated 3 is 7");
    // A mapping for another header is not applied.
    let other = dir.file("other.json", br#"{"mappings":[{"header":["A","B"],"kind":"cin7.availability","columns":{"sku":"A"}}]}"#);
    let o = run(&["analyze", p, "--mapping", other.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
}

/// A US QuickBooks Online company's files whose dates cannot tell day from month: read
/// month-first, and the guess is said in the text and the markdown report.
#[test]
fn an_undecidable_date_order_is_said_to_be_a_guess() {
    let guess = "dates read month-first, a guess (QuickBooks Online's US order): no date in the file tells day from month";
    for format in ["text", "markdown"] {
        let o = run(&["analyze", "tests/fixtures/real/qbo-us", "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains(&format!("Journal.csv: qbo.gl, 4 records: 4 loaded, 0 rejected, 2026-01-02 to 2026-03-04, {guess}")), "{out}");
        assert!(
            out.contains(&format!(
                "StockAdjustments.csv: cin7.adjustments, 2 records: 2 loaded, 0 rejected, 2026-02-03 to 2026-03-04, {guess}"
            )),
            "{out}"
        );
    }
    let o = run(&["analyze", "tests/fixtures/real/qbo-us", "--dates", "StockAdjustments.csv=day-first"]);
    assert!(stdout(&o).contains(
        "StockAdjustments.csv: cin7.adjustments, 2 records: 2 loaded, 0 rejected, 2026-03-02 to 2026-04-03, dates read in the order given for the file"
    ));
}

/// `--pdf` pointed at one of the inputs would replace the user's export: refused, and the
/// export is left as it was.
#[test]
fn the_pdf_is_never_written_over_an_input() {
    let dir = Scratch::new("cli-pdf-input");
    let sales = std::fs::read(root().join("tests/fixtures/basic/SaleList.csv")).expect("fixture");
    let path = dir.file("SaleList.csv", &sales);
    let p = path.to_str().expect("path");
    let o = run(&["analyze", dir.path().to_str().expect("dir"), "--pdf", p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("this is one of the inputs; the PDF would overwrite it"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&path).expect("still there"), sales, "the export is untouched");
}

/// A pipe in a folder is named and skipped; the files beside it are read.
#[cfg(unix)]
#[test]
fn a_pipe_among_the_files_is_skipped_by_name() {
    let dir = Scratch::new("cli-fifo");
    dir.file("SaleList.csv", std::fs::read(root().join("tests/fixtures/basic/SaleList.csv")).expect("fixture"));
    let fifo = dir.path().join("stream.csv");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let o = run(&["analyze", dir.path().to_str().expect("dir"), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("stream.csv: not a regular file (a pipe or a device); skipped"), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let files: Vec<&str> = r["inputs"].as_array().expect("inputs").iter().filter_map(|i| i["file"].as_str()).collect();
    assert_eq!(files, ["SaleList.csv"]);
}

/// A bundle whose product names are Māori, Japanese and Polish prints them in the PDF, in
/// embedded faces: DejaVu Sans for the first and last, the system's Droid Sans Fallback (the
/// test setup installs it) for the Japanese.
#[test]
fn a_bundle_with_maori_japanese_and_polish_names_prints_them() {
    let dir = Scratch::new("cli");
    for f in ["SaleList.csv", "stock-on-hand.csv"] {
        dir.file(f, std::fs::read(root().join("tests/fixtures/basic").join(f)).expect("fixture"));
    }
    dir.file(
        "ProductList.csv",
        "ProductCode,Name,Category,Brand,Type,CostingMethod,AverageCost,Status\n\
         WID-1,Māori Kete – 日本茶碗 – Zażółć,Widgets,Harbour,Stock,FIFO,12.00,ACTIVE\n",
    );
    let pdf = dir.path().join("names.pdf");
    let o = run(&["analyze", dir.path().to_str().expect("path"), "--pdf-detail", "full", "--pdf", pdf.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains("Māori Kete – 日本茶碗 – Zażółć"), "{text}");
    let fonts = Command::new("pdffonts").arg(&pdf).output().expect("pdffonts runs");
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    for face in ["DejaVuSans ", "DroidSansFallback "] {
        let row = fonts.lines().find(|l| l.contains(face)).unwrap_or_else(|| panic!("{face} in {fonts}"));
        assert!(row.contains("Identity-H       yes yes yes"), "embedded, subset, with a Unicode map: {row}");
    }
}
