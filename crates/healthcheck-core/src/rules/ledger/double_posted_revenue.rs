use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::dataset::AccountRef;
use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::{month_label, month_of};
use crate::rules::facts::{declare_rule, AccountClass, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// For each month, checks whether Cin7 Core synced sales invoices to the ledger (completed
    /// invoice entries in the synchronization report) while the ledger also carries channel
    /// settlement postings to revenue, from A2X, Shopify or Link My Books (named in the
    /// posting's description, contact or source).
    ///
    /// ## Why it matters
    /// Two routes to the ledger for the same channel sales double the revenue: once as the
    /// Cin7 invoice, once as the settlement summary. The margin looks excellent until the
    /// year-end accounts are reconciled to the bank.
    ///
    /// ## Example
    /// ```csv
    /// Cin7 Core Number,Xero Number,Sync date,Sync status,Type
    /// INV-1,INV-1,2026-03-02,Completed,Invoices
    /// ```
    /// ```csv
    /// Account Code,Account Name,Date,Source,Description,Net
    /// 200,Sales,2026-03-31,Manual Journal,A2X Shopify settlement March,-5400.00
    /// ```
    /// Both routes posted March revenue, so March is flagged.
    ///
    /// ## How to fix it at the source
    /// Choose one route per channel. If Cin7 Core posts the sales invoices, set the settlement
    /// tool to post only fees, payouts and clearing, not revenue; if the settlement tool posts
    /// revenue, stop Cin7 from syncing that channel's invoices.
    ///
    /// ## Impact
    /// The settlement revenue posted in the month alongside Cin7's invoices.
    pub(crate) DoublePostedRevenue {
        code: "LED009",
        name: "double-posted-revenue",
        title: "Revenue posted twice",
        stage: Ledger,
        severity: High,
        counts: Business,
        inputs: [Cin7SyncLog, XeroGl | QboGl],
    }
}

impl Check for DoublePostedRevenue {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let mut synced: BTreeMap<(i32, u32), usize> = BTreeMap::new();
        for e in &cx.data.sync_log {
            if e.status == "COMPLETED" && e.doc_type.as_deref().is_some_and(|t| crate::text::contains_ignore_case(t, "invoice")) {
                if let Some(d) = e.date {
                    *synced.entry(month_of(d)).or_default() += 1;
                }
            }
        }
        let mut settled: BTreeMap<(i32, u32), (Decimal, Vec<&crate::dataset::LedgerEntry>)> = BTreeMap::new();
        for (e, class) in cx.index.classified_ledger() {
            if class != AccountClass::Revenue {
                continue;
            }
            // Invoices (Cin7's own, or a customer called "Shopify …") are not settlements.
            let source = e.source.as_deref().unwrap_or_default();
            if crate::text::contains_ignore_case(source, "invoice") || source.eq_ignore_ascii_case("accrec") {
                continue;
            }
            let text = format!("{} {} {}", e.description.clone().unwrap_or_default(), e.contact.clone().unwrap_or_default(), source)
                .to_lowercase();
            let tool = ["a2x", "link my books", "linkmybooks"].iter().any(|t| text.contains(t));
            let shopify_settlement = text.contains("shopify") && ["settlement", "payout", "sales summary"].iter().any(|w| text.contains(w));
            if tool || shopify_settlement {
                let s = settled.entry(month_of(e.date)).or_default();
                s.0 -= e.amount();
                s.1.push(e);
            }
        }
        for (month, (revenue, entries)) in settled {
            let Some(invoices) = synced.get(&month) else { continue };
            if revenue <= Decimal::ZERO {
                continue;
            }
            let mut accounts: Vec<AccountRef> = entries.iter().map(|e| e.account.clone()).collect();
            accounts.sort();
            accounts.dedup();
            let message = format!(
                "In {} Cin7 synced {invoices} sales invoice{} and the ledger also took {} of channel settlement revenue",
                month_label(month),
                if *invoices == 1 { "" } else { "s" },
                cx.money(revenue)
            );
            out.push(Draft {
                severity: Severity::High,
                message,
                impact: Some(Impact {
                    amount: money(revenue),
                    estimate: true,
                    basis: "settlement revenue posted alongside Cin7 invoices".into(),
                    inventory_effect: None,
                }),
                entities: accounts.iter().map(|a| Entity::new(EntityKind::Account, a.key())).collect(),
                evidence: entries
                    .iter()
                    .map(|e| {
                        cx.evidence(
                            e.origin,
                            vec![
                                ("Date", e.date.to_string()),
                                ("Account", e.account.display()),
                                ("Description", e.description.as_deref().unwrap_or_default().to_string()),
                                ("Amount", money(e.amount()).to_string()),
                            ],
                        )
                    })
                    .collect(),
            });
        }
    }
}
