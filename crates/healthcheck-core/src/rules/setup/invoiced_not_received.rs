use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::purchase_evidence;
use crate::rules::facts::purchases::unreceived_value;
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// The reverse of SET004: finds purchases whose supplier invoice is authorised (combined
    /// invoice INVOICED or PARTIALLY INVOICED, or invoice task AUTHORISED or PAID) while
    /// nothing, or only part, has been received (NOT RECEIVED or PARTIALLY RECEIVED), for
    /// more than `grni_days` (default 14) since the invoice date.
    ///
    /// ## Why it matters
    /// With an invoice-first purchase the cost is booked before any unit exists: the general
    /// ledger's inventory (or stock-in-transit) balance rises while Cin7 shows no stock for
    /// it. The two ledgers disagree until the goods are received, and if they never come the
    /// business has paid for stock it does not have.
    ///
    /// ## Example
    /// ```csv
    /// OrderNumber,Supplier,InvoiceDate,CombinedReceivingStatus,CombinedInvoiceStatus,InvoiceAmount
    /// PO-00320,Acme Supply,2026-02-10,NOT RECEIVED,INVOICED,960.00
    /// PO-00321,Acme Supply,2026-03-25,NOT RECEIVED,INVOICED,150.00
    /// ```
    /// With the as-of date 2026-03-31, PO-00320 is flagged; PO-00321 is recent.
    ///
    /// ## How to fix it at the source
    /// Find out where the goods are. Receive them in Cin7 Core (Stock Received step) with the
    /// real arrival date when they are in; if the supplier will not deliver, get a credit note
    /// and record it against the purchase so the invoice is reversed where it was booked.
    ///
    /// ## Impact
    /// The invoiced value not received: (invoiced − received) quantity times unit cost over the
    /// lines, else the invoice amount (an estimate when part was received).
    pub(crate) InvoicedNotReceived {
        code: "SET005",
        name: "invoiced-not-received",
        title: "Invoiced, not received",
        stage: Setup,
        severity: High,
        counts: Purchases,
        inputs: [Cin7Purchases],
        reads: [Cin7PurchaseLines],
    }
}

impl Check for InvoicedNotReceived {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Some(as_of) = cx.as_of else { return };
        for p in &cx.data.purchases {
            let Some((value, estimate)) = unreceived_value(cx, p) else { continue };
            let Some(invoiced_on) = p.invoice_date.or(p.last_updated).or(p.order_date) else { continue };
            let days = invoiced_on.days_until(as_of);
            if days <= cx.thresholds().grni_days {
                continue;
            }
            let value_note = if value.is_zero() { String::new() } else { format!(" ({} invoiced but not in stock)", cx.money(value)) };
            let message = format!(
                "Purchase {} was invoiced on {invoiced_on} but is {} after {days} days{value_note}",
                p.order_number,
                p.receiving_status.clone().unwrap_or_default().to_lowercase(),
            );
            let impact = (!value.is_zero() && cx.in_base_currency(p.currency.as_deref())).then(|| Impact {
                amount: money(value),
                estimate,
                basis: "invoiced value not yet received".into(),
                inventory_effect: None,
            });
            out.push(Draft {
                severity: Severity::High,
                message,
                impact,
                entities: vec![Entity::new(EntityKind::Purchase, &p.order_number)],
                evidence: vec![purchase_evidence(cx, p)],
            });
        }
    }
}
