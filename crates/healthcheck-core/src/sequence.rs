//! The failure sequence: each stage's score and status, and the first break.
//!
//! Score of a stage = 100 − the points its findings take, never below 0:
//! - each finding weighs by severity: critical 40, high 20, medium 8, low 2, info 0;
//! - within one rule the findings are taken heaviest first and the k-th counts 1/2^k of its
//!   weight, so one rule takes at most twice its heaviest finding's weight, however many
//!   documents it flags;
//! - the stage's money impact (the sum of its findings' impacts, as magnitudes) takes up to
//!   25 more points: 25 × impact ÷ (10 % of the business's scale), where the scale is the
//!   larger of the stock value and the invoiced revenue found in the inputs (no scale, no
//!   money term).
//!
//! Bands: healthy 85–100, watch 65–84, at risk 40–64, critical 0–39; a stage none of whose
//! rules could run is not assessed. Adding a finding or raising an impact never raises a
//! score, and the order of the inputs does not matter.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::date::Date;
use crate::findings::{money, Finding, Severity, Stage, Status};
use crate::inputs::InputSummary;
use crate::rules::RuleMeta;

/// Points a rule's findings took off its stage's score.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Penalty {
    /// A rule code, or `impact` for the money term.
    pub source: String,
    pub points: Decimal,
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct StageSummary {
    pub id: Stage,
    pub name: String,
    pub status: Status,
    pub score: Option<u8>,
    pub findings: u32,
    pub impact: Decimal,
    /// Codes of the rules that ran for this stage.
    pub rules_run: Vec<String>,
    /// Exports that would let the rules that did not run assess this stage.
    pub missing_inputs: Vec<String>,
    pub penalties: Vec<Penalty>,
    pub coverage: StageCoverage,
}

/// How much of a stage the inputs let the checks see: shown beside the score, never in it.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct StageCoverage {
    /// The files the stage's checks read.
    pub inputs: Vec<String>,
    /// How many of the stage's checks ran, of how many.
    pub rules_run: usize,
    pub rules_total: usize,
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    /// Whether the inputs' dates reach the as-of date (within a month).
    pub dates_reach_as_of: Option<bool>,
    pub confidence: Confidence,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    None,
    Low,
    Medium,
    High,
}

pub fn severity_points(s: Severity) -> Decimal {
    Decimal::from(match s {
        Severity::Critical => 40,
        Severity::High => 20,
        Severity::Medium => 8,
        Severity::Low => 2,
        Severity::Info => 0,
    })
}

const MONEY_POINTS: i64 = 25;

/// The larger of stock value and invoiced revenue: what impacts are measured against.
pub fn business_scale(data: &Dataset) -> Option<Decimal> {
    let stock: Decimal = data.stock.iter().filter_map(|s| s.stock_value).filter(|v| *v > Decimal::ZERO).sum();
    let revenue: Decimal = data.sales.iter().filter_map(super::dataset::Sale::invoice_amount).filter(|v| *v > Decimal::ZERO).sum();
    let scale = stock.max(revenue);
    (scale > Decimal::ZERO).then_some(scale)
}

pub fn status_for(score: u8) -> Status {
    match score {
        85.. => Status::Healthy,
        65..=84 => Status::Watch,
        40..=64 => Status::AtRisk,
        _ => Status::Critical,
    }
}

/// Points one rule's findings take: heaviest first, each counting half the one before.
fn rule_points(mut weights: Vec<Decimal>) -> Decimal {
    weights.sort_by(|a, b| b.cmp(a));
    let mut factor = Decimal::ONE;
    let mut total = Decimal::ZERO;
    for w in weights {
        total += w * factor;
        factor /= Decimal::TWO;
    }
    total
}

/// Score every stage. `ran` holds the rules that ran, `skipped` those whose inputs were missing.
pub fn score_stages(
    findings: &[Finding],
    ran: &[&RuleMeta],
    skipped: &[(&RuleMeta, String)],
    scale: Option<Decimal>,
    inputs: &[InputSummary],
    as_of: Option<Date>,
) -> Vec<StageSummary> {
    Stage::ALL
        .iter()
        .map(|&stage| {
            let rules_run: Vec<String> = ran.iter().filter(|m| m.stage == stage).map(|m| m.code.to_string()).collect();
            let mut missing: Vec<String> = skipped.iter().filter(|(m, _)| m.stage == stage).map(|(_, why)| why.clone()).collect();
            missing.sort();
            missing.dedup();
            let of_stage: Vec<&Finding> = findings.iter().filter(|f| f.stage == stage).collect();
            let impact: Decimal = of_stage.iter().filter_map(|f| f.impact.as_ref()).map(|i| i.amount.abs()).sum();
            let mut by_rule: BTreeMap<&str, Vec<Decimal>> = BTreeMap::new();
            for f in &of_stage {
                by_rule.entry(f.code.as_str()).or_default().push(severity_points(f.severity));
            }
            let mut penalties: Vec<Penalty> = by_rule
                .into_iter()
                .map(|(code, w)| Penalty { source: code.to_string(), points: rule_points(w).round_dp(1) })
                .filter(|p| !p.points.is_zero())
                .collect();
            if let Some(scale) = scale {
                // A share too large to compute is the full penalty.
                let share = impact.abs().checked_div(scale / Decimal::TEN).and_then(|s| s.checked_mul(Decimal::from(MONEY_POINTS)));
                let points = share.unwrap_or(Decimal::from(MONEY_POINTS)).min(Decimal::from(MONEY_POINTS)).round_dp(1);
                if !points.is_zero() {
                    penalties.push(Penalty { source: "impact".into(), points });
                }
            }
            let (status, score) = if rules_run.is_empty() {
                (Status::NotAssessed, None)
            } else {
                let taken: Decimal = penalties.iter().map(|p| p.points).sum();
                let left = (Decimal::ONE_HUNDRED - taken).max(Decimal::ZERO).floor();
                let score = left.to_u8().unwrap_or(0);
                (status_for(score), Some(score))
            };
            let coverage = stage_coverage(stage, ran, skipped, inputs, as_of);
            StageSummary {
                coverage,
                id: stage,
                name: stage.name().to_string(),
                status,
                score,
                findings: of_stage.len() as u32,
                impact: money(impact),
                rules_run,
                missing_inputs: missing,
                penalties,
            }
        })
        .collect()
}

/// The earliest stage at risk or critical; else the earliest on watch; else none.
pub fn first_break(stages: &[StageSummary]) -> Option<Stage> {
    let earliest = |wanted: &[Status]| stages.iter().find(|s| wanted.contains(&s.status)).map(|s| s.id);
    earliest(&[Status::AtRisk, Status::Critical]).or_else(|| earliest(&[Status::Watch]))
}

/// What the stage's checks read, and how far that can be trusted.
fn stage_coverage(
    stage: Stage,
    ran: &[&RuleMeta],
    skipped: &[(&RuleMeta, String)],
    inputs: &[InputSummary],
    as_of: Option<Date>,
) -> StageCoverage {
    let ran_here: Vec<&&RuleMeta> = ran.iter().filter(|m| m.stage == stage).collect();
    let total = ran_here.len() + skipped.iter().filter(|(m, _)| m.stage == stage).count();
    let kinds: Vec<_> = ran_here.iter().flat_map(|m| m.inputs.iter().flat_map(|g| g.iter().copied())).collect();
    let used: Vec<&InputSummary> = inputs.iter().filter(|i| i.kind.is_some_and(|k| kinds.contains(&k))).collect();
    let first_date = used.iter().filter_map(|i| i.first_date).min();
    let last_date = used.iter().filter_map(|i| i.last_date).max();
    let dates_reach_as_of = match (last_date, as_of) {
        (Some(l), Some(a)) => Some(l.days_until(a) <= 31),
        _ => None,
    };
    let mut confidence = match (ran_here.len(), total) {
        (0, _) => Confidence::None,
        (r, t) if r == t => Confidence::High,
        (r, t) if r * 2 >= t => Confidence::Medium,
        _ => Confidence::Low,
    };
    if dates_reach_as_of == Some(false) && confidence > Confidence::Low {
        confidence = if confidence == Confidence::High { Confidence::Medium } else { Confidence::Low };
    }
    // A file the stage reads lost too many of its records to rejection.
    if used.iter().any(|i| i.lost_much()) {
        confidence = confidence.min(Confidence::Low);
    }
    let mut files: Vec<String> = used.iter().map(|i| i.file.clone()).collect();
    files.sort();
    StageCoverage { inputs: files, rules_run: ran_here.len(), rules_total: total, first_date, last_date, dates_reach_as_of, confidence }
}
