use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::dataset::Text;
use crate::date::Date;
use crate::findings::{money, Entity, EntityKind, Evidence, Impact, Severity};
use crate::rules::facts::common::{purchase_evidence, sale_evidence};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds sales, purchases and stock adjustments left in DRAFT or in an in-progress state
    /// (ORDERING, PICKING, PACKING, SHIPPING, INVOICING, RECEIVING, IN PROGRESS) whose last
    /// update, else their date, is more than `stale_draft_days` (default 14) before the as-of
    /// date.
    ///
    /// ## Why it matters
    /// A document abandoned half way holds state that nobody is looking after: a draft sale may
    /// still reserve stock, a receiving purchase keeps quantities on order, an unfinished
    /// stocktake leaves counts unposted. Each is small; together they are how the system state
    /// drifts away from the warehouse.
    ///
    /// ## Example
    /// ```csv
    /// OrderNumber,Status,OrderDate,CombinedInvoiceStatus,InvoiceAmount
    /// SO-00401,PICKING,2026-02-01,NOT INVOICED,300.00
    /// SO-00402,PICKING,2026-03-28,NOT INVOICED,120.00
    /// ```
    /// With the as-of date 2026-03-31, SO-00401 is flagged; SO-00402 is still fresh.
    ///
    /// ## How to fix it at the source
    /// Work through the list in Cin7 Core: finish the step each document is stuck at (pick,
    /// pack, ship, invoice, receive, complete the stocktake) or void the ones that are no
    /// longer wanted. Then review who owns each step, so that documents do not stall again.
    ///
    /// ## Impact
    /// The document's amount where the export gives one (invoice amount of a sale or
    /// purchase); adjustments and documents without an amount carry none.
    pub(crate) StaleDraftDocument {
        code: "SET006",
        name: "stale-draft-document",
        title: "Draft left unfinished",
        stage: Setup,
        severity: Low,
        counts: Documents,
        inputs: [Cin7Sales | Cin7Purchases | Cin7Adjustments],
    }
}

const IN_PROGRESS: [&str; 8] = ["DRAFT", "ORDERING", "PICKING", "PACKING", "SHIPPING", "INVOICING", "RECEIVING", "IN PROGRESS"];

struct Stale {
    kind: EntityKind,
    what: &'static str,
    number: Text,
    status: Text,
    since: Date,
    amount: Option<Decimal>,
    evidence: Vec<Evidence>,
}

impl Check for StaleDraftDocument {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Some(as_of) = cx.as_of else { return };
        let limit = cx.thresholds().stale_draft_days;
        let mut found = Vec::new();
        for s in &cx.data.sales {
            let Some(status) = s.status.clone().filter(|st| IN_PROGRESS.contains(&st.as_str())) else { continue };
            if let Some(since) = s.updated.or(s.order_date) {
                let amount = s.invoice_amount().filter(|_| cx.in_base_currency(s.currency.as_deref()));
                found.push(Stale {
                    kind: EntityKind::Sale,
                    what: "Sale",
                    number: s.order_number.clone(),
                    status,
                    since,
                    amount,
                    evidence: vec![sale_evidence(cx, s)],
                });
            }
        }
        for p in &cx.data.purchases {
            let Some(status) = p.status.clone().filter(|st| IN_PROGRESS.contains(&st.as_str())) else { continue };
            if let Some(since) = p.last_updated.or(p.order_date) {
                let amount = p.invoice_amount.filter(|_| cx.in_base_currency(p.currency.as_deref()));
                found.push(Stale {
                    kind: EntityKind::Purchase,
                    what: "Purchase",
                    number: p.order_number.clone(),
                    status,
                    since,
                    amount,
                    evidence: vec![purchase_evidence(cx, p)],
                });
            }
        }
        let mut adjustments: BTreeMap<Text, Vec<&crate::dataset::Adjustment>> = BTreeMap::new();
        for a in &cx.data.adjustments {
            if a.status.as_deref().is_some_and(|st| IN_PROGRESS.contains(&st)) {
                adjustments.entry(a.number.clone().unwrap_or_else(|| format!("line {}", a.origin.line).into())).or_default().push(a);
            }
        }
        for (number, lines) in adjustments {
            let since = lines.iter().map(|a| a.date).max().unwrap_or_default();
            let evidence = lines
                .iter()
                .map(|a| {
                    cx.evidence(
                        a.origin,
                        vec![
                            ("Adjustment", number.to_string()),
                            ("Status", a.status.as_deref().unwrap_or_default().to_string()),
                            ("Date", a.date.to_string()),
                            ("SKU", a.sku.to_string()),
                        ],
                    )
                })
                .collect();
            found.push(Stale {
                kind: EntityKind::Journal,
                what: "Stock adjustment",
                number,
                status: lines[0].status.clone().unwrap_or_default(),
                since,
                amount: None,
                evidence,
            });
        }
        for d in found {
            let days = d.since.days_until(as_of);
            if days <= limit {
                continue;
            }
            let amount_note = d.amount.filter(|a| !a.is_zero()).map(|a| format!(", {} at stake", cx.money(a))).unwrap_or_default();
            let message =
                format!("{} {} has been {} since {}, {days} days{amount_note}", d.what, d.number, d.status.to_lowercase(), d.since);
            out.push(Draft {
                severity: if days > 4 * limit { Severity::Medium } else { Severity::Low },
                message,
                impact: d.amount.filter(|a| *a > Decimal::ZERO).map(|a| Impact {
                    amount: money(a),
                    estimate: false,
                    basis: "the document's amount".into(),
                    inventory_effect: None,
                }),
                entities: vec![Entity::new(d.kind, &d.number)],
                evidence: d.evidence,
            });
        }
    }
}
