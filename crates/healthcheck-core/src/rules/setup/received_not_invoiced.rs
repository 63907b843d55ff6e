use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::purchase_evidence;
use crate::rules::facts::purchases::received_value;
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds purchases whose stock has been received (combined receiving FULLY or PARTIALLY
    /// RECEIVED) while the supplier invoice is NOT INVOICED or PARTIALLY INVOICED, for more
    /// than `grni_days` (default 14) since the receipt (else the last update or order date).
    ///
    /// ## Why it matters
    /// Cin7 Core costs stock when the purchase invoice is authorised. Until then the received
    /// units carry no cost, or only the order's estimated cost through an accrued-inventory
    /// (GRNI) account. Goods sold meanwhile post COGS at that provisional cost and are
    /// corrected later, and the accrual account grows with every receipt left uninvoiced.
    ///
    /// ## Example
    /// ```csv
    /// OrderNumber,Supplier,Status,OrderDate,CombinedReceivingStatus,CombinedInvoiceStatus,InvoiceAmount
    /// PO-00311,Bolt Parts,RECEIVED,2026-02-20,FULLY RECEIVED,NOT INVOICED,840.00
    /// PO-00312,Acme Supply,COMPLETED,2026-03-02,FULLY RECEIVED,INVOICED,1520.75
    /// ```
    /// With the as-of date 2026-03-31, PO-00311 is flagged; PO-00312 is invoiced.
    ///
    /// ## How to fix it at the source
    /// Match the supplier's invoice to the purchase in Cin7 Core and authorise the Invoice
    /// step with the invoiced prices, or chase the supplier for it. Make invoice entry part of
    /// the weekly accounts-payable routine so that receipts do not wait past month end.
    ///
    /// ## Impact
    /// The received value at order cost: received quantity times unit cost over the lines,
    /// else the order's amount as an estimate.
    pub(crate) ReceivedNotInvoiced {
        code: "SET004",
        name: "received-not-invoiced",
        title: "Received, not invoiced",
        stage: Setup,
        severity: High,
        counts: Purchases,
        inputs: [Cin7Purchases],
        roles: [ExplainsInventoryVariance],
        reads: [Cin7PurchaseLines],
    }
}

impl Check for ReceivedNotInvoiced {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Some(as_of) = cx.as_of else { return };
        for p in &cx.data.purchases {
            let Some((value, estimate)) = received_value(cx, p) else { continue };
            let lines = cx.index.purchase_lines.of(&p.order_number);
            let received_on = lines.iter().filter_map(|l| l.received_date).max().or(p.last_updated).or(p.order_date);
            let Some(since) = received_on else { continue };
            let days = since.days_until(as_of);
            if days <= cx.thresholds().grni_days {
                continue;
            }
            let value_note =
                if value.is_zero() { String::new() } else { format!(", {} of stock carried at provisional cost", cx.money(value)) };
            let message = format!(
                "Purchase {} was received by {since} but its supplier invoice is still {} after {days} days{value_note}",
                p.order_number,
                p.invoice_status.clone().unwrap_or_default().to_lowercase(),
            );
            let mut entities = vec![Entity::new(EntityKind::Purchase, &p.order_number)];
            entities.extend(lines.iter().map(|l| Entity::new(EntityKind::Sku, &l.sku)));
            let impact = (!value.is_zero() && cx.in_base_currency(p.currency.as_deref())).then(|| Impact {
                amount: money(value),
                estimate,
                basis: if estimate { "the order's amount" } else { "received quantity times order cost" }.into(),
                // In Cin7's stock value already, on the ledger only once the bill is posted.
                inventory_effect: Some(-money(value)),
            });
            out.push(Draft { severity: Severity::High, message, impact, entities, evidence: vec![purchase_evidence(cx, p)] });
        }
    }
}
