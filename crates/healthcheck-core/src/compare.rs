//! Change since last time: a report saved earlier, given back, tells which findings are new,
//! which were resolved, and how each stage's score moved. Nothing is stored anywhere: the user
//! keeps the earlier report.
//!
//! A finding is the same finding in both reports when its code and its entities match (its
//! code and message when it names no entity), so a sale fixed since is "resolved" even though
//! finding ids are renumbered.

use std::collections::BTreeSet;

use crate::report::{Comparison, Finding, Report, ResolvedFinding, StageChange};

fn identity(f: &Finding) -> (String, String) {
    if f.entities.is_empty() {
        (f.code.clone(), f.message.clone())
    } else {
        let mut keys: Vec<String> = f.entities.iter().map(|e| format!("{:?}:{}", e.kind, e.key.to_uppercase())).collect();
        keys.sort();
        (f.code.clone(), keys.join("|"))
    }
}

pub fn compare(current: &Report, previous: &Report) -> Comparison {
    let before: BTreeSet<(String, String)> = previous.findings.iter().map(identity).collect();
    let now: BTreeSet<(String, String)> = current.findings.iter().map(identity).collect();
    let new_findings = current.findings.iter().filter(|f| !before.contains(&identity(f))).map(|f| f.id.clone()).collect();
    let resolved = previous
        .findings
        .iter()
        .filter(|f| !now.contains(&identity(f)))
        .map(|f| ResolvedFinding { code: f.code.clone(), message: f.message.clone(), entities: f.entities.clone() })
        .collect();
    let stages = current
        .stages
        .iter()
        .map(|s| {
            let before = previous.stage(s.id).and_then(|p| p.score);
            let change = match (before, s.score) {
                (Some(b), Some(a)) => Some(i16::from(a) - i16::from(b)),
                _ => None,
            };
            StageChange { stage: s.id, before, after: s.score, change }
        })
        .collect();
    Comparison { previous_as_of: previous.as_of, new_findings, resolved, stages }
}

/// Attach the comparison with `previous` to `current`.
pub fn attach(current: &mut Report, previous: &Report) {
    current.comparison = Some(compare(current, previous));
}
