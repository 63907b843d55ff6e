use rust_decimal::Decimal;

use crate::findings::{money, Impact, Severity};
use crate::rules::facts::sync::{by_document, entry_evidence, joined, target_name};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds documents whose latest entry in the synchronization report is Skipped and whose
    /// type moves money: invoices, credit notes, payments, refunds, deposits, journals and
    /// COGS entries.
    ///
    /// ## Why it matters
    /// Skipping takes a failed entry off the error list, and a skipped entry is never tried
    /// again. Each one is a transaction that exists in Cin7 Core and not in the ledger, for
    /// good, unless someone sets it back to pending. Skips are the silent half of a sync
    /// backlog: nothing reminds anyone of them.
    ///
    /// ## Example
    /// ```csv
    /// Cin7 Core Number,Xero Number,Sync date,Sync status,Type
    /// INV-00201,,2026-03-05,Skipped,Invoices
    /// CUS-1,,2026-03-05,Skipped,Contacts
    /// ```
    /// INV-00201 is flagged; a skipped contact moves no money and is not.
    ///
    /// ## How to fix it at the source
    /// For each skipped document, decide whether it belongs in the ledger. If it does, fix the
    /// reason it failed and set the entry back to pending in Cin7 Core so it syncs. If it is
    /// already in the ledger by another route, note that on the document so the difference is
    /// explained rather than hidden.
    ///
    /// ## Impact
    /// The amount of the sale or purchase the document belongs to, where it can be joined.
    pub(crate) SkippedFinancialDocument {
        code: "SYN002",
        name: "skipped-financial-document",
        title: "Financial document skipped in sync",
        stage: Integration,
        severity: High,
        counts: SyncedDocuments,
        inputs: [Cin7SyncLog],
        roles: [ExplainsInventoryVariance],
    }
}

const FINANCIAL: [&str; 8] = ["invoice", "credit", "payment", "refund", "deposit", "journal", "cogs", "bill"];

impl Check for SkippedFinancialDocument {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        for entries in by_document(cx) {
            let Some(e) = entries.last() else { continue };
            let doc_type = e.doc_type.clone().unwrap_or_default();
            if e.status != "SKIPPED" || !FINANCIAL.iter().any(|f| crate::text::contains_ignore_case(&doc_type, f)) {
                continue;
            }
            let (amount, entities) = joined(cx, &e.cin7_number);
            let when = e.date.map(|d| format!(" on {d}")).unwrap_or_default();
            let worth =
                amount.filter(|a| *a > Decimal::ZERO).map(|a| format!(" ({} never reaches the ledger)", cx.money(a))).unwrap_or_default();
            let message = format!(
                "{} ({}) was skipped in the sync to {}{when} and will not be retried{worth}",
                e.cin7_number,
                doc_type.to_lowercase(),
                target_name(cx, e)
            );
            // What its absence does to the ledger's inventory balance against Cin7's stock
            // value: a cost of goods sold never posted leaves the stock on the ledger (more), a
            // supplier bill never posted leaves it off (less). Sales invoices, payments and the
            // rest move other accounts (or an amount these files do not give).
            let effect = |a: Decimal| {
                let kind = doc_type.to_ascii_lowercase();
                if kind.contains("cogs") {
                    Some(a)
                } else if kind.contains("bill") || (kind.contains("invoice") && e.cin7_number.starts_with("PO-")) {
                    Some(-a)
                } else {
                    None
                }
            };
            let impact = amount.filter(|a| *a > Decimal::ZERO).map(|a| Impact {
                amount: money(a),
                estimate: false,
                basis: "amount of the skipped document".into(),
                inventory_effect: effect(money(a)),
            });
            out.push(Draft { severity: Severity::High, message, impact, entities, evidence: vec![entry_evidence(cx, e)] });
        }
    }
}
