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

/// The change from the earlier of the two reports to the later, by their as-of dates: given
/// a later report as the previous one, the change is read from `current` to it, and says so.
pub fn compare(current: &Report, previous: &Report) -> Comparison {
    let previous_is_later = matches!((previous.as_of, current.as_of), (Some(p), Some(c)) if p > c);
    let (earlier, later) = if previous_is_later { (current, previous) } else { (previous, current) };
    let before: BTreeSet<(String, String)> = earlier.findings.iter().map(identity).collect();
    let now: BTreeSet<(String, String)> = later.findings.iter().map(identity).collect();
    let described = |f: &Finding| ResolvedFinding { code: f.code.clone(), message: f.message.clone(), entities: f.entities.clone() };
    let resolved = earlier.findings.iter().filter(|f| !now.contains(&identity(f))).map(described).collect();
    let appearing = later.findings.iter().filter(|f| !before.contains(&identity(f)));
    let (new_findings, appeared) = if previous_is_later {
        (Vec::new(), appearing.map(described).collect())
    } else {
        (appearing.map(|f| f.id.clone()).collect(), Vec::new())
    };
    let points = |r: &Report, stage| r.stage(stage).filter(|s| s.score.is_some()).map(|s| s.penalties.iter().map(|p| p.points).sum());
    let stages = current
        .stages
        .iter()
        .map(|s| {
            let (b, a) = (earlier.stage(s.id).and_then(|p| p.score), later.stage(s.id).and_then(|p| p.score));
            let change = match (b, a) {
                (Some(b), Some(a)) => Some(i16::from(a) - i16::from(b)),
                _ => None,
            };
            StageChange {
                stage: s.id,
                before: b,
                after: a,
                change,
                points_before: points(earlier, s.id),
                points_after: points(later, s.id),
            }
        })
        .collect();
    Comparison { previous_as_of: previous.as_of, previous_is_later, new_findings, resolved, appeared, stages }
}

/// Attach the comparison with `previous` to `current`.
pub fn attach(current: &mut Report, previous: &Report) {
    current.comparison = Some(compare(current, previous));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::{analyze, InputFile, Settings};

    fn report(as_of: (i32, u32, u32)) -> Report {
        let files = [
            InputFile { name: "SaleList.csv", bytes: include_bytes!("../../../tests/fixtures/basic/SaleList.csv") },
            InputFile { name: "stock-on-hand.csv", bytes: include_bytes!("../../../tests/fixtures/basic/stock-on-hand.csv") },
        ];
        analyze(&files, &Settings { as_of: Date::from_ymd(as_of.0, as_of.1, as_of.2), ..Settings::default() })
    }

    #[test]
    fn the_change_runs_from_the_earlier_report_to_the_later() {
        let march = report((2026, 3, 31));
        // The same company a month on (the same findings, so that only the change below shows).
        let mut april = report((2026, 3, 31));
        april.as_of = Date::from_ymd(2026, 4, 30);
        assert!(march.findings.len() >= 2);
        // By April one finding is gone, and a stage's findings weigh less.
        let gone = april.findings.remove(0);
        let stage = april.stages.iter_mut().find(|s| s.id == gone.stage).expect("stage");
        stage.penalties.retain(|p| p.source != gone.code);

        let forwards = compare(&april, &march);
        assert!(!forwards.previous_is_later);
        assert_eq!(forwards.resolved.len(), 1);
        assert_eq!(forwards.resolved[0].code, gone.code);
        assert!(forwards.appeared.is_empty() && forwards.new_findings.is_empty());

        // The later report given as the previous one: read forwards all the same, and said so.
        let backwards = compare(&march, &april);
        assert!(backwards.previous_is_later);
        assert_eq!(backwards.previous_as_of, april.as_of);
        assert_eq!(backwards.resolved, forwards.resolved, "the same finding is resolved by April");
        assert!(backwards.new_findings.is_empty());
        for (b, f) in backwards.stages.iter().zip(&forwards.stages) {
            assert_eq!((b.before, b.after, b.points_before, b.points_after), (f.before, f.after, f.points_before, f.points_after));
        }
        // Points are there where the stage was scored, so a score held at 0 still shows movement.
        let scored = forwards.stages.iter().find(|s| s.before.is_some()).expect("a scored stage");
        let points: rust_decimal::Decimal = march.stage(scored.stage).expect("stage").penalties.iter().map(|p| p.points).sum();
        assert_eq!(scored.points_before, Some(points));
        let lighter = forwards.stages.iter().find(|s| s.stage == gone.stage).expect("the stage of the gone finding");
        assert!(lighter.points_after < lighter.points_before, "{lighter:?}");
    }
}
