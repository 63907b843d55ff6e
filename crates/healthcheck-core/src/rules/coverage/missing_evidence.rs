use crate::findings::{Evidence, Fields, Severity, Stage};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Names each stage of the sequence that none of its checks could assess, and the exports
    /// that would let them, as the user finds them in Cin7 Core, Xero, QuickBooks Online or
    /// Shopify.
    ///
    /// ## Why it matters
    /// A stage without evidence is not a healthy stage. The score leaves it out, and this
    /// finding says what to export next to see it.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available
    /// WID-1,Main,10,3,7
    /// ```
    /// Only availability is supplied, so the integration, ledger and other stages are named
    /// with the exports they need.
    ///
    /// ## How to fix it at the source
    /// Export the files named from their systems and add them to the check; each one turns
    /// a not-assessed stage into one with evidence.
    ///
    /// ## Impact
    /// None in money: the finding is about what the report could not see.
    pub(crate) MissingEvidence {
        code: "DAT002",
        name: "missing-evidence",
        title: "Exports missing for a full check",
        stage: Coverage,
        severity: Info,
        counts: Business,
        inputs: [],
        phase: 1,
    }
}

impl Check for MissingEvidence {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        for stage in Stage::ALL {
            let rules: Vec<_> = cx.rules.iter().filter(|r| r.meta().stage == stage).collect();
            let runnable = rules.iter().any(|r| r.meta().missing_inputs(cx.data).is_empty() && r.ready(cx).is_ok());
            if runnable || rules.is_empty() {
                continue;
            }
            let mut kinds: Vec<crate::kinds::Kind> =
                rules.iter().flat_map(|r| r.meta().inputs.iter().filter(|g| !cx.data.has_any(g)).flat_map(|g| g.iter().copied())).collect();
            kinds.sort();
            kinds.dedup();
            let titles: Vec<&str> = kinds.iter().map(|k| k.title()).collect();
            let hints: Vec<&str> = kinds.iter().map(|k| k.export_hint()).collect();
            let message = format!(
                "Stage {} ({}) cannot be assessed without more exports; its checks read {}",
                stage.number(),
                stage.name().to_lowercase(),
                titles.join(", ")
            );
            let evidence = vec![Evidence {
                file: String::new(),
                line: 0,
                fields: Fields(vec![("Stage".into(), stage.name().into()), ("Exports that would assess it".into(), hints.join("; "))]),
            }];
            out.push(Draft { severity: Severity::Info, message, impact: None, entities: Vec::new(), evidence });
        }
    }
}
