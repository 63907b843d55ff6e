use std::collections::BTreeMap;

use crate::findings::Severity;
use crate::rules::facts::sync::{by_document, entry_evidence, joined, target_name};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Counts the Failed entries of each document in the synchronization report and flags
    /// documents that failed `retry_loop_count` (default 3) times or more, quoting the error
    /// text that recurs most.
    ///
    /// ## Why it matters
    /// A document that fails again and again is telling the team that retrying is not the fix:
    /// the cause sits upstream (a product name the ledger rejects, an account that does not
    /// exist, a period that is locked, a document changed after it was paid). Each retry also
    /// spends the API allowance the rest of the sync needs.
    ///
    /// ## Example
    /// ```csv
    /// Cin7 Core Number,Sync date,Sync status,Type,Error
    /// INV-7,2026-03-01,Failed,Invoices,Please remove the incorrect symbols from the product name.
    /// INV-7,2026-03-02,Failed,Invoices,Please remove the incorrect symbols from the product name.
    /// INV-7,2026-03-03,Failed,Invoices,Please remove the incorrect symbols from the product name.
    /// INV-8,2026-03-03,Failed,Invoices,Timeout
    /// ```
    /// INV-7 failed three times with the same error and is flagged; INV-8 once, and is not.
    ///
    /// ## How to fix it at the source
    /// Stop retrying. Read the recurring error and fix its cause where it lives: rename the
    /// product, correct the mapping, move the document out of the locked period, or undo the
    /// payment in the ledger before the document is changed. Then retry once.
    ///
    /// ## Impact
    /// None of its own: the document's amount is counted by SYN001 or SYN002 while it is not
    /// in the ledger.
    pub(crate) RepeatedFailureLoop {
        code: "SYN003",
        name: "repeated-failure-loop",
        title: "Sync failing on repeat",
        stage: Integration,
        severity: Medium,
        counts: SyncedDocuments,
        inputs: [Cin7SyncLog],
    }
}

impl Check for RepeatedFailureLoop {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        for entries in by_document(cx) {
            let failed: Vec<_> = entries.iter().filter(|e| e.status == "FAILED").collect();
            if failed.len() < cx.thresholds().retry_loop_count {
                continue;
            }
            let mut errors: BTreeMap<&str, usize> = BTreeMap::new();
            for e in &failed {
                if let Some(x) = &e.error {
                    *errors.entry(x.as_str()).or_default() += 1;
                }
            }
            let top = errors.iter().max_by_key(|(text, n)| (**n, std::cmp::Reverse(**text))).map(|(t, _)| *t);
            let first = failed[0];
            let quoted = top.map(|t| format!(", each time with \"{}\"", t.trim_end_matches('.'))).unwrap_or_default();
            let message = format!("{} failed to sync to {} {} times{quoted}", first.cin7_number, target_name(cx, first), failed.len());
            let (_, entities) = joined(cx, &first.cin7_number);
            let severity = if failed.len() >= 2 * cx.thresholds().retry_loop_count { Severity::High } else { Severity::Medium };
            out.push(Draft { severity, message, impact: None, entities, evidence: failed.iter().map(|e| entry_evidence(cx, e)).collect() });
        }
    }
}
