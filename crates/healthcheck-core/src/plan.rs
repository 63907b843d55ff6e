//! The fix-first plan: the few upstream causes behind the findings, in the order of the
//! failure sequence, each with the step to take at the source and what it would clear.
//!
//! A cause is the check whose findings stand earliest in a trace: the traces it starts are
//! what it explains downstream. Checks with serious findings that start no trace follow as
//! causes of their own. The control stage (which recounts the others) and data coverage are
//! never causes.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::findings::{format_money, money, Finding, Severity, Stage};
use crate::rules::{Role, Rule};
use crate::trace::Trace;

/// The most steps a plan lists.
pub const MAX_STEPS: usize = 5;

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct PlanStep {
    /// The check at the source, its title and stage.
    pub code: String,
    pub title: String,
    pub stage: Stage,
    /// What to complete at the source: the first paragraph of the check's fix.
    pub fix: String,
    /// The check's own findings in this step.
    pub findings: Vec<String>,
    /// Findings of later stages that the step's traces link to it.
    pub downstream: Vec<String>,
    /// The money at stake in the step's findings, each document once.
    pub money: Decimal,
    /// The signed part of the ledger's inventory variance that the step's findings explain,
    /// as a share of the variance (0.25 = a quarter), where there is a variance.
    pub variance_share: Option<Decimal>,
    /// One sentence: what fixing it clears.
    pub clears: String,
}

struct Cause {
    findings: Vec<String>,
    downstream: Vec<String>,
    money: Decimal,
}

pub fn build(findings: &[Finding], traces: &[Trace], rules: &[&dyn Rule], currency: Option<&str>) -> Vec<PlanStep> {
    let by_id: BTreeMap<&str, &Finding> = findings.iter().map(|f| (f.id.as_str(), f)).collect();
    let eligible = |f: &Finding| !matches!(f.stage, Stage::Coverage | Stage::Control);
    let mut causes: BTreeMap<String, Cause> = BTreeMap::new();
    for t in traces {
        // Trace findings come in stage order, heaviest first within a stage.
        let members: Vec<&Finding> = t.findings.iter().filter_map(|id| by_id.get(id.as_str()).copied()).collect();
        let Some(root) = members.iter().find(|f| eligible(f)) else { continue };
        let cause = causes.entry(root.code.clone()).or_insert(Cause { findings: Vec::new(), downstream: Vec::new(), money: Decimal::ZERO });
        for f in &members {
            let list = if f.code == root.code { &mut cause.findings } else { &mut cause.downstream };
            list.push(f.id.clone());
        }
        cause.money += t.impact;
    }
    // Serious findings that no trace carried stand as causes of their own.
    for f in findings.iter().filter(|f| eligible(f) && f.severity >= Severity::High) {
        let carried = causes.values().any(|c| c.findings.contains(&f.id) || c.downstream.contains(&f.id));
        if carried {
            continue;
        }
        let cause = causes.entry(f.code.clone()).or_insert(Cause { findings: Vec::new(), downstream: Vec::new(), money: Decimal::ZERO });
        cause.findings.push(f.id.clone());
        cause.money += f.impact.as_ref().map_or(Decimal::ZERO, |i| i.amount.abs());
    }

    let explaining: Vec<&str> =
        rules.iter().map(|r| r.meta()).filter(|m| m.roles.contains(&Role::ExplainsInventoryVariance)).map(|m| m.code).collect();
    let variance: Option<Decimal> = rules
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.roles.contains(&Role::InventoryVariance))
        .find_map(|m| findings.iter().find(|f| f.code == m.code))
        .and_then(|f| f.impact.as_ref().map(|i| i.amount))
        .filter(|v| !v.is_zero());

    let mut steps: Vec<PlanStep> = causes
        .into_iter()
        .filter_map(|(code, cause)| {
            let meta = rules.iter().map(|r| r.meta()).find(|m| m.code == code)?;
            let all = cause.findings.iter().chain(&cause.downstream);
            let effect: Decimal = all
                .filter_map(|id| by_id.get(id.as_str()))
                .filter(|f| explaining.contains(&f.code.as_str()))
                .filter_map(|f| f.impact.as_ref().and_then(|i| i.inventory_effect))
                .sum();
            let variance_share = variance.filter(|_| !effect.is_zero()).map(|v| (effect / v).round_dp(3));
            let fix = meta.doc_section("How to fix it at the source").unwrap_or_default();
            let fix = fix.split("\n\n").next().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
            let count = cause.findings.len() + cause.downstream.len();
            let mut clears = format!(
                "Clears {count} finding{} ({} of this check, {} downstream), {} at stake",
                if count == 1 { "" } else { "s" },
                cause.findings.len(),
                cause.downstream.len(),
                format_money(money(cause.money), currency)
            );
            if let Some(share) = variance_share {
                clears.push_str(&format!("; explains {}% of the ledger's inventory variance", (share * Decimal::ONE_HUNDRED).round_dp(1)));
            }
            clears.push('.');
            Some(PlanStep {
                title: meta.title.to_string(),
                stage: meta.stage,
                fix,
                findings: cause.findings,
                downstream: cause.downstream,
                money: money(cause.money),
                variance_share,
                clears,
                code,
            })
        })
        .collect();
    // Upstream first; within a stage, the most money first.
    steps.sort_by(|a, b| (a.stage, std::cmp::Reverse(a.money), &a.code).cmp(&(b.stage, std::cmp::Reverse(b.money), &b.code)));
    steps.truncate(MAX_STEPS);
    steps
}
