use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::findings::{money, Impact, Severity};
use crate::rules::facts::sync::{by_document, entry_evidence, joined, target_name};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Reads the Cin7 Core synchronization report and finds documents whose latest entry is
    /// Failed or Pending, with how long each has waited. Severity grows with age (past
    /// `sync_age_days`, default 3, then past 30 days) and with the size of the backlog of its
    /// document type.
    ///
    /// ## Why it matters
    /// Every document that has not reached the ledger is a difference between Cin7 and the
    /// accounts: an invoice missing from receivables, a bill missing from payables, a payment
    /// that cannot be applied because its invoice never arrived. A backlog that is not cleared
    /// daily grows into a reconciliation project at month end.
    ///
    /// ## Example
    /// ```csv
    /// Cin7 Core Number,Xero Number,Sync date,Sync status,Type,Error
    /// INV-00203,,2026-03-15,Failed,Invoices,Account code 999 is not valid
    /// INV-00204,INV-00204,2026-03-16,Completed,Invoices,
    /// ```
    /// With the as-of date 2026-03-31, INV-00203 has waited 16 days and is flagged.
    ///
    /// ## How to fix it at the source
    /// Open each failed entry in Cin7 Core's integration screen and read its error. Fix what
    /// it names at the source (the account code, the contact, the product, the locked period)
    /// and then retry the sync. Make clearing the failed list a daily task with an owner.
    ///
    /// ## Impact
    /// The amount of the sale or purchase the document belongs to, where its number can be
    /// joined to the sale or purchase list.
    pub(crate) FailedSyncBacklog {
        code: "SYN001",
        name: "failed-sync-backlog",
        title: "Sync failures waiting",
        stage: Integration,
        severity: High,
        counts: SyncedDocuments,
        inputs: [Cin7SyncLog],
    }
}

fn raise(s: Severity) -> Severity {
    match s {
        Severity::Info => Severity::Low,
        Severity::Low => Severity::Medium,
        Severity::Medium => Severity::High,
        _ => Severity::Critical,
    }
}

impl Check for FailedSyncBacklog {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let waiting: Vec<_> = by_document(cx)
            .filter_map(|entries| entries.last().copied())
            .filter(|e| e.status == "FAILED" || e.status == "PENDING")
            .collect();
        let mut per_type: BTreeMap<String, usize> = BTreeMap::new();
        for e in &waiting {
            *per_type.entry(e.doc_type.clone().unwrap_or_default().to_lowercase()).or_default() += 1;
        }
        for e in waiting {
            let age = match (e.date, cx.as_of) {
                (Some(d), Some(a)) => Some(d.days_until(a)),
                _ => None,
            };
            let mut severity = match age {
                Some(a) if a > 30 => Severity::Critical,
                Some(a) if a > cx.thresholds().sync_age_days => Severity::High,
                Some(_) => Severity::Low,
                None => Severity::Medium,
            };
            let backlog = per_type.get(&e.doc_type.clone().unwrap_or_default().to_lowercase()).copied().unwrap_or(1);
            if backlog >= 20 {
                severity = raise(severity);
            }
            let (amount, entities) = joined(cx, &e.cin7_number);
            let what = e.doc_type.clone().unwrap_or_else(|| "document".into()).to_lowercase();
            let waited = match (e.date, age) {
                (Some(d), Some(1)) => format!(" on {d} and has waited 1 day"),
                (Some(d), Some(a)) => format!(" on {d} and has waited {a} days"),
                _ => String::new(),
            };
            let error = e.error.as_deref().map(|x| format!(": {}", x.trim_end_matches('.'))).unwrap_or_default();
            let of = if backlog > 1 { format!(", one of {backlog} {what} waiting") } else { String::new() };
            let verb = if e.status == "FAILED" { "failed" } else { "is pending" };
            let message = format!("{} ({what}) {verb} in the sync to {}{waited}{of}{error}", e.cin7_number, target_name(cx, e));
            let impact = amount.filter(|a| *a > Decimal::ZERO).map(|a| Impact {
                amount: money(a),
                estimate: false,
                basis: "amount of the document not in the ledger".into(),
                inventory_effect: None,
            });
            out.push(Draft { severity, message, impact, entities, evidence: vec![entry_evidence(cx, e)] });
        }
    }
}
