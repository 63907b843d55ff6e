//! The failure sequence: each stage's score and status, and the first break.
//!
//! Score of a stage = 100 − the points its checks take, never below 0:
//! - a check that found anything takes `weight × breadth` points, where the weight is its
//!   heaviest finding's severity (critical 40, high 20, medium 10, low 2, info 0) and the
//!   breadth is `min(1, 1/4 + 3/4 × share ÷ 10 %)`: the share is its findings out of the
//!   records it counts them among (sales, purchases, SKUs, synced documents, channel
//!   orders, months; a check about the business as a whole counts one). One slip among
//!   thousands takes a quarter of the weight; a tenth or more of the records takes all of it;
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
use crate::rules::{Counted, Populations, RuleMeta};

/// Points a rule's findings took off its stage's score, and the terms they come from.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Penalty {
    /// A rule code, or `impact` for the money term.
    pub source: String,
    pub points: Decimal,
    /// The most the term can take: the heaviest finding's severity weight, or 25 for money.
    pub weight: Decimal,
    /// The share of the weight taken, 0 to 1 (rounded to three places).
    pub breadth: Decimal,
    /// The check's findings, and the records it counts them among (`None`: none counted).
    pub flagged: u32,
    pub among: Option<u64>,
    pub counted: Option<Counted>,
    /// The term in words, with the figures that make it.
    pub why: String,
}

impl Penalty {
    fn explained(mut self) -> Penalty {
        self.why = self.words();
        self
    }

    /// The term in words, with the figures that make it: a reader can redo the sum.
    fn words(&self) -> String {
        if self.source == "impact" {
            return format!(
                "money: {} = 25 × {} (the stage's impact against a tenth of the business's scale, at most 1)",
                self.points, self.breadth
            );
        }
        let among = match (self.counted, self.among) {
            (Some(Counted::Business), _) => "a check of the business as a whole".to_string(),
            (Some(c), Some(n)) => format!("{} of {n} {}", self.flagged, c.noun()),
            _ => format!("{} flagged, of no count the inputs give", self.flagged),
        };
        format!("{}: {} = {} × {} ({among})", self.source, self.points, self.weight, self.breadth)
    }
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
        Severity::Medium => 10,
        Severity::Low => 2,
        Severity::Info => 0,
    })
}

const MONEY_POINTS: i64 = 25;

/// A check with a finding takes at least this share of its weight…
const BREADTH_FLOOR: Decimal = Decimal::from_parts(25, 0, 0, false, 2);
/// …and all of it once this share of its records is flagged.
const FULL_SHARE: Decimal = Decimal::from_parts(10, 0, 0, false, 2);

/// The breadth of a check: `min(1, 1/4 + 3/4 × share ÷ 10 %)`, with an unknown population
/// counted as all flagged.
pub fn breadth(flagged: u32, among: Option<u64>) -> Decimal {
    let share = match among {
        Some(n) if n > 0 => (Decimal::from(flagged) / Decimal::from(n)).min(Decimal::ONE),
        _ => Decimal::ONE,
    };
    let rising = (Decimal::ONE - BREADTH_FLOOR) * (share / FULL_SHARE);
    (BREADTH_FLOOR + rising).min(Decimal::ONE)
}

/// The larger of stock value and invoiced revenue: what impacts are measured against.
pub fn business_scale(data: &Dataset) -> Option<Decimal> {
    let stock: Decimal = data.stock.iter().filter_map(|s| s.stock_value).filter(|v| *v > Decimal::ZERO).sum();
    let revenue: Decimal = data.sales.iter().filter_map(super::dataset::Sale::invoice_amount).filter(|v| *v > Decimal::ZERO).sum();
    let scale = stock.max(revenue);
    (scale > Decimal::ZERO).then_some(scale)
}

/// The calendar months from the inputs' first date to their last, both counted.
pub fn months_covered(inputs: &[InputSummary]) -> u64 {
    let first = inputs.iter().filter_map(|i| i.first_date).min();
    let last = inputs.iter().filter_map(|i| i.last_date).max();
    match (first, last) {
        (Some(f), Some(l)) if f <= l => {
            let ((fy, fm, _), (ly, lm, _)) = (f.ymd(), l.ymd());
            let months = (i64::from(ly) - i64::from(fy)) * 12 + i64::from(lm) - i64::from(fm) + 1;
            u64::try_from(months).unwrap_or(0)
        }
        _ => 0,
    }
}

pub fn status_for(score: u8) -> Status {
    match score {
        85.. => Status::Healthy,
        65..=84 => Status::Watch,
        40..=64 => Status::AtRisk,
        _ => Status::Critical,
    }
}

/// Score every stage. `ran` holds the rules that ran, `skipped` those whose inputs were missing.
pub fn score_stages(
    findings: &[Finding],
    ran: &[&RuleMeta],
    skipped: &[(&RuleMeta, String)],
    scale: Option<Decimal>,
    populations: &Populations,
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
            // Per check: the heaviest severity weight and the number of findings.
            let mut by_rule: BTreeMap<&str, (Decimal, u32)> = BTreeMap::new();
            for f in &of_stage {
                let entry = by_rule.entry(f.code.as_str()).or_default();
                entry.0 = entry.0.max(severity_points(f.severity));
                entry.1 += 1;
            }
            let mut penalties: Vec<Penalty> = by_rule
                .into_iter()
                .map(|(code, (weight, flagged))| {
                    let counted = ran.iter().find(|m| m.code == code).map_or(Counted::Business, |m| m.counts);
                    let among = populations.get(counted);
                    // The points come from the breadth as published, so the reader's sum agrees.
                    let breadth = breadth(flagged, among).round_dp(3);
                    Penalty {
                        source: code.to_string(),
                        points: (weight * breadth).round_dp(1),
                        weight,
                        breadth,
                        flagged,
                        among,
                        counted: Some(counted),
                        why: String::new(),
                    }
                    .explained()
                })
                .filter(|p| !p.points.is_zero())
                .collect();
            if let Some(scale) = scale {
                // A share too large to compute is the full penalty.
                let full = Decimal::from(MONEY_POINTS);
                let share = impact.abs().checked_div(scale / Decimal::TEN).map(|s| s.min(Decimal::ONE).round_dp(3));
                let points = share.map_or(full, |s| s * full).round_dp(1);
                if !points.is_zero() {
                    penalties.push(
                        Penalty {
                            source: "impact".into(),
                            points,
                            weight: full,
                            breadth: share.unwrap_or(Decimal::ONE),
                            flagged: of_stage.iter().filter(|f| f.impact.is_some()).count() as u32,
                            among: None,
                            counted: None,
                            why: String::new(),
                        }
                        .explained(),
                    );
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
