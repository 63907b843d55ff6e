use std::collections::BTreeMap;

use crate::findings::{Evidence, Fields, Severity};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Lists, for each file, the rows that could not be read (a wrong number of fields, an
    /// amount or a date that is not one, a required field left empty) with their line and
    /// reason, and the files that could not be used at all.
    ///
    /// ## Why it matters
    /// A check is only as complete as the rows it read. Nothing is dropped silently: a
    /// rejected row may be the one document that explains a variance, so the report says
    /// which rows it could not see.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available
    /// WID-1,Main,10,3,7
    /// WID-2,Main,12..5,0,12
    /// ```
    /// Line 3 is rejected: its on-hand quantity is not a number.
    ///
    /// ## How to fix it at the source
    /// Export the file again from its system rather than editing it in a spreadsheet; if the
    /// rows are broken in the system itself (a quantity typed with two decimal points in an
    /// import), correct the record there.
    ///
    /// ## Impact
    /// None in money: the rows are simply not part of the analysis. Files whose numbers are
    /// so large that the checks' sums over them could pass what exact arithmetic holds are
    /// left out whole, named together in one high finding. A file that loses more
    /// than 2 % of its records this way makes the finding high, and the stages that read the
    /// file say their confidence is low: their checks saw too little of it.
    pub(crate) RejectedRows {
        code: "DAT001",
        name: "rejected-rows",
        title: "Rows the check could not read",
        stage: Coverage,
        severity: Low,
        counts: Business,
        inputs: [],
    }
}

impl Check for RejectedRows {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        // Files left out because their numbers were too large for exact sums: one finding
        // names them all, since it is their numbers together that would overflow.
        let (too_large, rejected): (Vec<&crate::inputs::Rejected>, Vec<&crate::inputs::Rejected>) =
            cx.rejected.iter().partition(|r| r.cause == crate::inputs::Cause::TooLarge);
        if !too_large.is_empty() {
            let names: Vec<&str> = too_large.iter().map(|r| r.file.as_str()).collect();
            out.push(Draft {
                severity: Severity::High,
                message: {
                    let (was, its, it) = if names.len() == 1 { ("was", "its", "it") } else { ("were", "their", "them") };
                    format!(
                        "{} {was} left out: {its} numbers are so large that the checks' sums over them could pass what exact arithmetic holds; the other files were checked without {it}",
                        names.join(" and ")
                    )
                },
                impact: None,
                entities: Vec::new(),
                evidence: too_large
                    .iter()
                    .map(|r| Evidence { file: r.file.clone(), line: 0, fields: Fields(vec![("Reason".into(), r.reason.clone())]) })
                    .collect(),
            });
        }
        let mut by_file: BTreeMap<&str, Vec<&crate::inputs::Rejected>> = BTreeMap::new();
        for r in rejected {
            by_file.entry(r.file.as_str()).or_default().push(r);
        }
        for (file, rows) in by_file {
            let whole = rows.iter().find(|r| r.line.is_none());
            let summary = cx.inputs.iter().find(|i| i.file == file);
            let lost_much = whole.is_none() && summary.is_some_and(crate::inputs::InputSummary::lost_much);
            let share = match summary {
                Some(s) if lost_much => format!(" ({} of its {} records)", rows.len(), s.records),
                _ => String::new(),
            };
            let message = match whole {
                Some(r) => format!("File {file} could not be used: {}", r.reason),
                None => format!(
                    "{} row{} of {file} could not be read{share}; the first, line {}: {}",
                    rows.len(),
                    if rows.len() == 1 { "" } else { "s" },
                    rows[0].line.unwrap_or(0),
                    rows[0].reason
                ),
            };
            let evidence = rows
                .iter()
                .take(100)
                .map(|r| Evidence {
                    file: file.to_string(),
                    line: r.line.unwrap_or(0),
                    fields: Fields(vec![("Reason".into(), r.reason.clone())]),
                })
                .collect();
            out.push(Draft {
                severity: match (whole.is_some(), lost_much) {
                    (_, true) => Severity::High,
                    (true, false) => Severity::Medium,
                    (false, false) => Severity::Low,
                },
                message,
                impact: None,
                entities: Vec::new(),
                evidence,
            });
        }
    }
}
