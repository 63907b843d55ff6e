//! The Report: one serializable value that the page, the command line and the PDF all
//! render. Its JSON form is the stable contract of `shared/spec/ARCHITECTURE.md`
//! (`schema_version` 1); amounts are decimal strings with two places, never floats.
//!
//! Every type of the contract is reachable from here; each is defined where it is made
//! (inputs, findings, the sequence's scorecard, the traces), and the comparison with an
//! earlier report here.

use serde::{Deserialize, Serialize};

use crate::date::Date;
pub use crate::findings::{
    format_money, format_quantity, money, Entity, EntityKind, Evidence, Fields, Finding, Impact, Severity, Stage, Status,
};
pub use crate::inputs::{Detection, InputSummary, Rejected};
pub use crate::sequence::{Confidence, Penalty, StageCoverage, StageSummary};
use crate::settings::Settings;
pub use crate::trace::Trace;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub as_of: Option<Date>,
    /// Where the as-of date came from (the user, a report's title, the latest record).
    #[serde(default)]
    pub as_of_source: Option<crate::as_of::AsOfSource>,
    pub currency: Option<String>,
    /// The business, from the settings or the title rows of an accounting report.
    #[serde(default)]
    pub business: Option<String>,
    pub settings: Settings,
    pub inputs: Vec<InputSummary>,
    pub stages: Vec<StageSummary>,
    pub first_break: Option<Stage>,
    pub verdict: String,
    /// The money at stake across the stages, each document once (see `trace::total_at_stake`).
    #[serde(default)]
    pub at_stake: rust_decimal::Decimal,
    /// What to fix first: the upstream causes, in sequence order (see `plan`).
    #[serde(default)]
    pub plan: Vec<crate::plan::PlanStep>,
    /// The figures behind the pictures (see `charts`).
    #[serde(default)]
    pub charts: crate::charts::Charts,
    pub findings: Vec<Finding>,
    pub traces: Vec<Trace>,
    pub rejected: Vec<Rejected>,
    /// Change since a previous report, when one was given.
    #[serde(default)]
    pub comparison: Option<Comparison>,
}

impl Report {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    pub fn from_json(text: &str) -> Result<Report, String> {
        serde_json::from_str(text).map_err(|e| format!("not a health-check report: {e}"))
    }

    pub fn stage(&self, stage: Stage) -> Option<&StageSummary> {
        self.stages.iter().find(|s| s.id == stage)
    }
}

/// Change since a previous report (see `compare`).
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Comparison {
    pub previous_as_of: Option<Date>,
    /// The report given as the previous one is of a later date than this one: the change is
    /// then read from this report to that one (`stages` run from this one's scores to its,
    /// `resolved` are this report's findings it no longer has, `appeared` its findings this
    /// one lacks), and `new_findings` is empty.
    #[serde(default)]
    pub previous_is_later: bool,
    /// Ids (in this report) of findings the previous report did not have.
    pub new_findings: Vec<String>,
    /// Findings of the earlier report that are gone from the later.
    pub resolved: Vec<ResolvedFinding>,
    /// When the previous report is later: its findings this report does not have.
    #[serde(default)]
    pub appeared: Vec<ResolvedFinding>,
    pub stages: Vec<StageChange>,
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct ResolvedFinding {
    pub code: String,
    pub message: String,
    pub entities: Vec<Entity>,
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct StageChange {
    pub stage: Stage,
    pub before: Option<u8>,
    pub after: Option<u8>,
    /// `after − before`, where both were scored.
    pub change: Option<i16>,
    /// The points the stage's findings took, before and after: they still move where a
    /// score stays at 0 (or 100).
    #[serde(default)]
    pub points_before: Option<rust_decimal::Decimal>,
    #[serde(default)]
    pub points_after: Option<rust_decimal::Decimal>,
}

/// Text from the files, as findings, inputs and rejections carry it, without bidi controls:
/// a name written right to left inside a SKU's evidence must not reorder what the report
/// prints around it (`HP-\u{202e}0511` would print as `HP-1150`).
pub fn drop_bidi_controls(findings: &mut [Finding], inputs: &mut [InputSummary], rejected: &mut [Rejected]) {
    use crate::identifier::drop_bidi_controls as strip;
    for f in findings {
        strip(&mut f.message);
        for e in &mut f.entities {
            strip(&mut e.key);
        }
        for e in &mut f.evidence {
            for (_, value) in &mut e.fields.0 {
                strip(value);
            }
        }
    }
    for i in inputs {
        i.header.iter_mut().chain(i.titles.iter_mut()).for_each(strip);
    }
    for r in rejected {
        strip(&mut r.reason);
    }
}
