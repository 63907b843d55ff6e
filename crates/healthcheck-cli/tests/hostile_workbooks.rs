//! Workbooks made to exhaust memory or time (`healthcheck_demo::hostile`), and a workbook
//! written by a script without its formulas' values. Each hostile one is refused
//! with one reason naming its limit, beside good files whose report does not change.

mod scratch;

use healthcheck_demo::hostile::{far_cell_workbook, hostile_workbooks, stock_rows, workbook};
use scratch::{analyze_json as analyze, findings_but_rejections, Scratch};

/// Good files to analyse beside the workbook: the page's demo company.
fn good_files(dir: &Scratch) {
    let demo = healthcheck_demo::generate(&healthcheck_demo::page_demo_config());
    for f in demo.files {
        dir.file(&f.name, f.bytes);
    }
}

#[test]
fn hostile_workbooks_are_refused_and_the_other_files_read_the_same() {
    let dir = Scratch::new("workbooks-good");
    good_files(&dir);
    let (code, alone, _) = analyze(&dir);
    assert_eq!(code, Some(0));
    let good = findings_but_rejections(&alone);
    assert!(good.len() > 20);
    for case in hostile_workbooks() {
        let (name, reason) = (case.name, case.refusal);
        let dir = Scratch::new("workbooks");
        good_files(&dir);
        dir.file(name, &case.bytes);
        let (code, report, err) = analyze(&dir);
        assert_eq!(code, Some(0), "{name}: {err}");
        assert!(err.lines().count() <= 1, "{name}: {err}");
        let input = report["inputs"].as_array().expect("inputs").iter().find(|i| i["file"] == name).expect("named").clone();
        let problem = input["problem"].as_str().unwrap_or_default();
        assert!(problem.contains(reason), "{name}: {problem}");
        assert_eq!(findings_but_rejections(&report), good, "{name}: the other files' findings are unchanged");
    }
}

#[test]
fn a_stray_far_cell_costs_no_memory_and_is_one_rejected_row() {
    let dir = Scratch::new("workbooks-far");
    dir.file("Stock.xlsx", far_cell_workbook());
    let (code, report, err) = analyze(&dir);
    assert_eq!(code, Some(0), "{err}");
    let input = &report["inputs"][0];
    assert_eq!((input["rows"].as_u64(), input["rejected"].as_u64()), (Some(10), Some(1)), "{input}");
    assert_eq!(report["rejected"][0]["line"].as_u64(), Some(1_048_576));
}

#[test]
fn formulas_never_calculated_are_rejected_rows_naming_the_cell() {
    // Five rows whose on-hand is a formula with its value, three without (as openpyxl writes).
    let sheet = stock_rows(8, |r| match r {
        2..=6 => format!(r#"<c r="C{r}"><f>E{r}*2</f><v>{}</v></c>"#, r * 2),
        _ => format!(r#"<c r="C{r}"><f>E{r}*2</f></c>"#),
    });
    let dir = Scratch::new("workbooks-formulas");
    dir.file("Stock.xlsx", workbook(&sheet, None, &[]));
    let (code, report, err) = analyze(&dir);
    assert_eq!(code, Some(0), "{err}");
    let input = &report["inputs"][0];
    assert_eq!((input["rows"].as_u64(), input["rejected"].as_u64(), input["records"].as_u64()), (Some(5), Some(3), Some(8)), "{input}");
    let rejected: Vec<(u64, String)> = report["rejected"]
        .as_array()
        .expect("rejected")
        .iter()
        .map(|r| (r["line"].as_u64().unwrap_or(0), r["reason"].as_str().unwrap_or_default().to_string()))
        .collect();
    assert_eq!(
        rejected[0],
        (7, "cell C7 holds a formula that was never calculated; open the file in Excel and save it, then add it again".into())
    );
    assert_eq!(rejected.iter().map(|r| r.0).collect::<Vec<_>>(), vec![7, 8, 9]);
    let dat001 = report["findings"].as_array().expect("findings").iter().find(|f| f["code"] == "DAT001").expect("DAT001");
    assert_eq!(dat001["severity"], "high", "{dat001}");
}
