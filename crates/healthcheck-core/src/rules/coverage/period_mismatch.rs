use crate::findings::{Evidence, Fields, Severity};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Compares each input's date range with the as-of date: a file whose dates end more than
    /// 31 days before it does not cover the period under review, and one whose dates run past
    /// it was exported later than the others.
    ///
    /// ## Why it matters
    /// Exports taken on different days disagree for reasons that are not faults: a trial
    /// balance at 31 March against stock on hand from 15 April will show a variance made of
    /// two weeks' trading. The report is only as consistent as the dates of its inputs.
    ///
    /// ## Example
    /// ```csv
    /// OrderNumber,OrderDate,CombinedInvoiceStatus,CombinedShippingStatus
    /// SO-1,2026-01-05,PAID,SHIPPED
    /// ```
    /// With the as-of date 2026-03-31, the sale list ends 85 days earlier.
    ///
    /// ## How to fix it at the source
    /// Export every file for the same period, ending on the same day, and set the as-of date
    /// to that day.
    ///
    /// ## Impact
    /// None in money: the finding is about how far the inputs can be compared.
    pub(crate) PeriodMismatch {
        code: "DAT003",
        name: "period-mismatch",
        title: "Exports covering different periods",
        stage: Coverage,
        severity: Low,
        counts: Business,
        inputs: [],
    }
}

impl Check for PeriodMismatch {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Some(as_of) = cx.as_of else { return };
        for input in cx.inputs {
            let (Some(first), Some(last)) = (input.first_date, input.last_date) else { continue };
            let message = if last.days_until(as_of) > 31 {
                format!("File {} ends on {last}, {} days before the as-of date {as_of}", input.file, last.days_until(as_of))
            } else if last > as_of {
                format!(
                    "File {} runs to {last}, {} days past the as-of date {as_of}; rows after it are left out of dated checks",
                    input.file,
                    as_of.days_until(last)
                )
            } else {
                continue;
            };
            let evidence = vec![Evidence {
                file: input.file.clone(),
                line: 0,
                fields: Fields(vec![
                    ("First date".into(), first.to_string()),
                    ("Last date".into(), last.to_string()),
                    ("As-of date".into(), as_of.to_string()),
                ]),
            }];
            out.push(Draft { severity: Severity::Low, message, impact: None, entities: Vec::new(), evidence });
        }
    }
}
