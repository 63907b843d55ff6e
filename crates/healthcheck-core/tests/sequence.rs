//! The failure sequence on hand-built findings: the score formula is monotone and
//! independent of order, the bands and the first break are as documented, traces count each
//! document once; and on a whole bundle one upstream cause reads as one trace.

// Tests read their fixtures from disk; the crate itself does no I/O.
#![allow(clippy::disallowed_methods)]

use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use healthcheck_core::dataset::{Dataset, Sale};
use healthcheck_core::report::{Entity, EntityKind, Finding, Impact, Severity, Stage, Status};
use healthcheck_core::rules::{self, Counted, Index, Populations, RuleMeta};
use healthcheck_core::sequence::{first_break, score_stages, status_for};
use healthcheck_core::{analyze, trace, InputFile, Settings};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

fn finding(id: usize, code: &str, severity: Severity, impact: Option<&str>, entities: Vec<Entity>) -> Finding {
    let meta = rules::find(code).expect("rule").meta();
    Finding {
        id: format!("F{id:04}"),
        code: code.into(),
        rule: meta.name.into(),
        stage: meta.stage,
        severity,
        message: format!("{code} finding {id}"),
        impact: impact.map(|a| Impact { amount: d(a), estimate: false, basis: String::new(), inventory_effect: None }),
        entities,
        evidence: Vec::new(),
    }
}

fn all_ran() -> Vec<&'static RuleMeta> {
    rules::RULES.iter().map(|r| r.meta()).collect()
}

fn scores(findings: &[Finding]) -> Vec<Option<u8>> {
    score_stages(findings, &all_ran(), &[], Some(d("100000")), &Populations::default(), &[], None).iter().map(|s| s.score).collect()
}

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const CODES: [&str; 8] = ["SET001", "SET003", "INV002", "SYN001", "LED001", "LED003", "TRU001", "CTL001"];
const SEVERITIES: [Severity; 5] = [Severity::Info, Severity::Low, Severity::Medium, Severity::High, Severity::Critical];

fn random_findings(r: &mut Rng, n: usize) -> Vec<Finding> {
    (0..n)
        .map(|i| {
            let amount = format!("{}.{:02}", r.below(20000), r.below(100));
            let impact = if r.below(3) == 0 { None } else { Some(amount.as_str()) };
            finding(i, CODES[r.below(CODES.len())], SEVERITIES[r.below(5)], impact, Vec::new())
        })
        .collect()
}

#[test]
fn another_finding_never_raises_a_score() {
    let mut r = Rng(12345);
    for _ in 0..300 {
        let n = r.below(12);
        let mut set = random_findings(&mut r, n);
        let before = scores(&set);
        let extra = random_findings(&mut r, 1).remove(0);
        set.push(Finding { id: "F9999".into(), ..extra });
        let after = scores(&set);
        for (b, a) in before.iter().zip(&after) {
            assert!(a <= b, "a finding raised a score: {before:?} -> {after:?}");
        }
    }
}

#[test]
fn a_larger_impact_never_raises_a_score() {
    let mut r = Rng(777);
    for _ in 0..300 {
        let n = 1 + r.below(10);
        let mut set = random_findings(&mut r, n);
        let before = scores(&set);
        let i = r.below(set.len());
        let bigger = set[i].impact.as_ref().map_or(d("1"), |x| x.amount.abs() + d("5000"));
        set[i].impact = Some(Impact { amount: bigger, estimate: false, basis: String::new(), inventory_effect: None });
        let after = scores(&set);
        for (b, a) in before.iter().zip(&after) {
            assert!(a <= b, "a larger impact raised a score: {before:?} -> {after:?}");
        }
    }
}

#[test]
fn the_order_of_findings_does_not_matter() {
    let mut r = Rng(99);
    for _ in 0..100 {
        let n = 2 + r.below(10);
        let set = random_findings(&mut r, n);
        let mut shuffled = set.clone();
        for i in (1..shuffled.len()).rev() {
            let j = r.below(i + 1);
            shuffled.swap(i, j);
        }
        assert_eq!(scores(&set), scores(&shuffled));
    }
}

#[test]
fn bands_are_as_documented() {
    assert_eq!(status_for(100), Status::Healthy);
    assert_eq!(status_for(85), Status::Healthy);
    assert_eq!(status_for(84), Status::Watch);
    assert_eq!(status_for(65), Status::Watch);
    assert_eq!(status_for(64), Status::AtRisk);
    assert_eq!(status_for(40), Status::AtRisk);
    assert_eq!(status_for(39), Status::Critical);
    assert_eq!(status_for(0), Status::Critical);
    // One high finding, its population unknown: the whole weight, 100 − 20 = 80, watch.
    // A second on the same rule: still the weight, the check's most.
    let one = vec![finding(1, "SET001", Severity::High, None, Vec::new())];
    assert_eq!(scores(&one)[0], Some(80));
    let two = vec![finding(1, "SET001", Severity::High, None, Vec::new()), finding(2, "SET001", Severity::High, None, Vec::new())];
    assert_eq!(scores(&two)[0], Some(80));
    // Among 1,000 sales: one takes 20 × (1/4 + 3/4 × 0.1 % ÷ 10 %) = 5.15 → 5.2 points; a
    // hundred (10 %) take the whole 20.
    let among = |set: &[Finding]| {
        let populations = Populations::default().with(Counted::Sales, 1000);
        score_stages(set, &all_ran(), &[], None, &populations, &[], None)[0].score
    };
    assert_eq!(among(&one), Some(94));
    let hundred: Vec<Finding> = (0..100).map(|i| finding(i, "SET001", Severity::High, None, Vec::new())).collect();
    assert_eq!(among(&hundred), Some(80));
    let fifty: Vec<Finding> = (0..50).map(|i| finding(i, "SET001", Severity::High, None, Vec::new())).collect();
    // 5 %: 20 × (0.25 + 0.375) = 12.5.
    assert_eq!(among(&fifty), Some(87));
    // Money: an impact of 10 % of the scale takes the full 25 points.
    let costly = vec![finding(1, "SET001", Severity::Info, Some("10000"), Vec::new())];
    assert_eq!(scores(&costly)[0], Some(75));
    // A stage whose rules did not run is not assessed, whatever its findings.
    let skipped: Vec<(&RuleMeta, String)> =
        all_ran().into_iter().filter(|m| m.stage == Stage::Trust).map(|m| (m, "no input".to_string())).collect();
    let ran: Vec<&RuleMeta> = all_ran().into_iter().filter(|m| m.stage != Stage::Trust).collect();
    let stages = score_stages(&[], &ran, &skipped, None, &Populations::default(), &[], None);
    let trust = stages.iter().find(|s| s.id == Stage::Trust).expect("trust");
    assert_eq!((trust.status, trust.score), (Status::NotAssessed, None));
}

#[test]
fn the_first_break_is_the_earliest_stage_at_risk() {
    let set = vec![
        finding(1, "INV002", Severity::Critical, None, Vec::new()),
        finding(2, "INV002", Severity::Critical, None, Vec::new()),
        finding(3, "SET003", Severity::Medium, None, Vec::new()),
        finding(4, "LED001", Severity::Critical, None, Vec::new()),
        finding(5, "LED003", Severity::Critical, None, Vec::new()),
    ];
    let stages = score_stages(&set, &all_ran(), &[], None, &Populations::default(), &[], None);
    // Setup is healthy (8 points), inventory at risk (one check at its critical weight: 60).
    assert_eq!(stages[0].status, Status::Healthy);
    assert_eq!(stages[1].score, Some(60));
    assert_eq!(first_break(&stages), Some(Stage::Inventory));
    // With nothing at risk, the earliest stage on watch.
    let watch = vec![finding(1, "SYN001", Severity::High, None, Vec::new())];
    assert_eq!(first_break(&score_stages(&watch, &all_ran(), &[], None, &Populations::default(), &[], None)), Some(Stage::Integration));
    assert_eq!(first_break(&score_stages(&[], &all_ran(), &[], None, &Populations::default(), &[], None)), None);
}

#[test]
fn a_trace_counts_each_document_once() {
    let data = Dataset {
        sales: vec![Sale { order_number: "SO-1".into(), invoice_number: Some("INV-1".into()), ..Sale::default() }],
        ..Dataset::default()
    };
    let index = Index::build(&data, &[]);
    let set = vec![
        finding(
            1,
            "SET001",
            Severity::High,
            Some("100"),
            vec![Entity::new(EntityKind::Sale, "SO-1"), Entity::new(EntityKind::Invoice, "INV-1")],
        ),
        {
            // A skipped cost-of-goods entry: its 400 stayed on the ledger's inventory.
            let mut skipped = finding(2, "SYN002", Severity::High, Some("400"), vec![Entity::new(EntityKind::Document, "INV-1")]);
            skipped.impact.as_mut().expect("impact").inventory_effect = Some(d("400"));
            skipped
        },
        finding(
            3,
            "LED001",
            Severity::High,
            Some("1000"),
            vec![Entity::new(EntityKind::Account, "630"), Entity::new(EntityKind::Document, "INV-1")],
        ),
        finding(4, "INV002", Severity::High, Some("50"), vec![Entity::new(EntityKind::Sku, "OTHER")]),
    ];
    let traces = trace::build(&set, &index, rules::RULES);
    assert_eq!(traces.len(), 1, "the unrelated SKU forms no trace");
    let t = &traces[0];
    assert_eq!(t.stages, vec![Stage::Setup, Stage::Integration, Stage::Ledger]);
    assert_eq!(t.findings, vec!["F0001", "F0002", "F0003"]);
    // SO-1 once, at its largest (400), plus the variance SYN002 does not explain (1000 − 400).
    assert_eq!(t.impact, d("1000.00"));
    assert_eq!(t.summary, "SET001 finding 1 (SET001) → SYN002 finding 2 (SYN002) → LED001 finding 3 (LED001)");
}

#[test]
fn one_upstream_cause_reads_as_one_trace_across_three_stages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/scenario-trace");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("fixture")
        .map(|e| e.expect("entry").path())
        .map(|p| (p.file_name().expect("name").to_string_lossy().into_owned(), std::fs::read(&p).expect("read")))
        .collect();
    files.sort();
    let inputs: Vec<InputFile> = files.iter().map(|(n, b)| InputFile { name: n, bytes: b }).collect();
    let report = analyze(&inputs, &Settings::default());
    assert_eq!(report.first_break, Some(Stage::Setup), "{}", report.verdict);
    let top = &report.traces[0];
    assert_eq!(top.stages, vec![Stage::Setup, Stage::Integration, Stage::Ledger]);
    let codes: Vec<&str> =
        top.findings.iter().map(|id| report.findings.iter().find(|f| &f.id == id).map_or("", |f| f.code.as_str())).collect();
    assert_eq!(codes, vec!["SET001", "SET001", "SYN002", "SYN002", "LED001"]);
    // Each sale once at its invoice amount (2,500 + 1,710), and the variance beside them: the
    // skipped invoices carry revenue, not stock (cost of goods sold follows the shipment), so
    // they explain none of it.
    assert_eq!(top.impact, d("8420.00"));
    // The headline total counts each document once too: here every money finding is in the
    // one trace (CTL001 recounts them and is left out), so it is the trace's.
    assert_eq!(report.at_stake, d("8420.00"));
    let stage_sum: rust_decimal::Decimal = report.stages.iter().filter(|s| s.id != Stage::Control).map(|s| s.impact).sum();
    assert!(report.at_stake < stage_sum, "{} against the stages' {stage_sum}", report.at_stake);
    assert!(top.summary.starts_with("Sale SO-00123 was invoiced on 2026-03-02"), "{}", top.summary);
    assert!(top.summary.contains("(SYN002) → The inventory account 630 Inventory Control holds USD 24,210.00"), "{}", top.summary);
}
