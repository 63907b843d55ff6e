//! The verdict can be checked by hand: every stage's score is 100 less the terms it publishes,
//! each term is its weight times a breadth redone from its own counts, and the fix-first plan
//! starts upstream and names the cause of the largest trace.

use rust_decimal::Decimal;

use healthcheck_core::report::{Report, Stage};
use healthcheck_core::{analyze, InputFile, Settings};
use healthcheck_demo::{generate, DemoConfig};

fn report(config: &DemoConfig) -> Report {
    let demo = generate(config);
    let files: Vec<InputFile> = demo.files.iter().map(|f| InputFile { name: &f.name, bytes: &f.bytes }).collect();
    analyze(&files, &Settings { lock_date: Some(demo.lock_date), ..Settings::default() })
}

fn d(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

#[test]
fn every_score_is_100_less_its_published_terms() {
    let configs = [
        DemoConfig { seed: 7, ..DemoConfig::default() },
        DemoConfig { seed: 42, clean: true, fault_share: d("0.02"), ..DemoConfig::default() },
        DemoConfig { seed: 42, clean: true, fault_share: d("0.1"), ..DemoConfig::default() },
    ];
    for config in &configs {
        let r = report(config);
        for s in &r.stages {
            let Some(score) = s.score else { continue };
            let taken: Decimal = s.penalties.iter().map(|p| p.points).sum();
            let expected = (Decimal::ONE_HUNDRED - taken).max(Decimal::ZERO).floor();
            assert_eq!(Decimal::from(score), expected, "{:?} {:?}: {:?}", config.fault_share, s.id, s.penalties);
            for p in &s.penalties {
                assert!(p.points > Decimal::ZERO && p.points <= p.weight, "{p:?}");
                let label = if p.source == "impact" { "money" } else { p.source.as_str() };
                assert!(p.why.starts_with(&format!("{label}: {} = {} × {}", p.points, p.weight, p.breadth)), "{p:?}");
                if p.source == "impact" {
                    assert_eq!(p.weight, d("25"));
                    assert_eq!(p.points, (p.weight * p.breadth).round_dp(1), "{p:?}");
                    continue;
                }
                // The breadth from the term's own counts: ¼ + ¾ × share ÷ 10 %, at most 1.
                let share = match p.among {
                    Some(n) if n > 0 => (Decimal::from(p.flagged) / Decimal::from(n)).min(Decimal::ONE),
                    _ => Decimal::ONE,
                };
                let breadth = (d("0.25") + d("0.75") * share / d("0.1")).min(Decimal::ONE).round_dp(3);
                assert_eq!(p.breadth, breadth, "{p:?}");
                assert_eq!(p.points, (p.weight * breadth).round_dp(1), "{p:?}");
                let flagged = r.findings.iter().filter(|f| f.code == p.source).count();
                assert_eq!(p.flagged as usize, flagged, "{p:?}");
                assert!([40, 20, 10, 2].map(Decimal::from).contains(&p.weight), "{p:?}");
            }
        }
    }
}

#[test]
fn the_plan_starts_upstream_and_names_the_cause_of_the_largest_trace() {
    for seed in [1, 7, 42] {
        plan_holds(&report(&DemoConfig { seed, ..DemoConfig::default() }));
    }
}

fn plan_holds(r: &Report) {
    assert!(!r.plan.is_empty() && r.plan.len() <= 5, "{} steps", r.plan.len());
    for pair in r.plan.windows(2) {
        assert!(pair[0].stage <= pair[1].stage, "{} before {}", pair[0].code, pair[1].code);
    }
    let first_stage = r.plan[0].stage;
    let earliest = r.findings.iter().filter(|f| !matches!(f.stage, Stage::Coverage | Stage::Control)).map(|f| f.stage).min();
    assert_eq!(Some(first_stage), earliest);
    for step in &r.plan {
        assert!(!step.fix.is_empty() && !step.title.is_empty(), "{}", step.code);
        assert!(!step.findings.is_empty(), "{}", step.code);
        for id in &step.findings {
            let f = r.findings.iter().find(|f| &f.id == id).expect("a step's findings are in the report");
            assert_eq!(f.code, step.code);
        }
        for id in &step.downstream {
            let f = r.findings.iter().find(|f| &f.id == id).expect("downstream findings are in the report");
            assert!(f.stage >= step.stage, "{} is upstream of {}", f.code, step.code);
        }
        let count = step.findings.len() + step.downstream.len();
        assert!(step.clears.starts_with(&format!("Clears {count} finding")), "{}", step.clears);
    }
    // The first step at the source carries money, and the largest trace's root is a step.
    assert!(r.plan[0].money > Decimal::ZERO, "{:?}", r.plan[0]);
    let largest = r.traces.iter().max_by_key(|t| t.impact).expect("the demo has traces");
    let root = largest
        .findings
        .iter()
        .filter_map(|id| r.findings.iter().find(|f| &f.id == id))
        .find(|f| !matches!(f.stage, Stage::Coverage | Stage::Control))
        .expect("a trace has a root");
    let steps: Vec<(&str, Decimal)> = r.plan.iter().map(|s| (s.code.as_str(), s.money)).collect();
    assert_eq!(r.plan[0].code, root.code, "the largest trace ({}) starts at {}; the plan: {steps:?}", largest.impact, root.code);
    assert!(r.plan[0].money >= largest.impact, "{steps:?}");
}

#[test]
fn the_pictures_carry_the_figures_the_checks_name() {
    for seed in [1, 7, 42] {
        let r = report(&DemoConfig { seed, ..DemoConfig::default() });
        let c = &r.charts;
        assert!(c.drift.len() >= 2, "seed {seed}: a drift series");
        let since = c.apart_since.as_ref().expect("the demo's stock and ledger part");
        let led008 = r.findings.iter().find(|f| f.code == "LED008").expect("LED008 finds the drift");
        assert!(led008.message.contains(&format!("since {since}")), "seed {seed}: {since} against {}", led008.message);
        if let Some(agreed) = &c.last_agreed {
            assert!(led008.message.contains(&format!("last agreed at the end of {agreed}")), "{}", led008.message);
        }
        // The demo's sync report has both failures and skips, counted by month in month order.
        let failed: u32 = c.sync_by_month.iter().map(|m| m.failed).sum();
        let skipped: u32 = c.sync_by_month.iter().map(|m| m.skipped).sum();
        assert!(failed > 0 && skipped > 0, "seed {seed}: {:?}", c.sync_by_month);
        let months: Vec<&str> = c.sync_by_month.iter().map(|m| m.month.as_str()).collect();
        let mut sorted = months.clone();
        sorted.sort();
        assert_eq!(months, sorted);
    }
}
