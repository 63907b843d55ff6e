use rust_decimal::Decimal;

use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::purchase_evidence;
use crate::rules::facts::purchases::is_stale;
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds purchases that are still open (status ORDERING, ORDERED, RECEIVING or PARTIALLY
    /// INVOICED, or combined receiving NOT RECEIVED or PARTIALLY RECEIVED) and not voided,
    /// whose required-by date (else order date) is more than `stale_po_days` (default 30)
    /// before the as-of date.
    ///
    /// ## Why it matters
    /// An open purchase keeps its unreceived quantity in Cin7's on-order figure. Purchasing
    /// and reorder points then count on stock that is not coming, so the business under-buys
    /// what it needs and the on-order report stops meaning anything.
    ///
    /// ## Example
    /// ```csv
    /// OrderNumber,Supplier,Status,OrderDate,RequiredBy,CombinedReceivingStatus,InvoiceAmount
    /// PO-00310,Acme Supply,ORDERED,2026-01-10,2026-01-31,NOT RECEIVED,2300.00
    /// PO-00313,Acme Supply,ORDERED,2026-03-20,2026-03-27,NOT RECEIVED,500.00
    /// ```
    /// With the as-of date 2026-03-31, PO-00310 (due 59 days earlier) is flagged; PO-00313 is
    /// not.
    ///
    /// ## How to fix it at the source
    /// Ask the supplier what is still coming. Receive what arrived, and for the rest either
    /// update the required-by date or close the remaining lines (void an order nothing will
    /// come for), so that on-order shows only stock that is really on its way.
    ///
    /// ## Impact
    /// The open order value: the unreceived quantity of each line times its unit cost where
    /// purchase lines are supplied, else the order's invoice amount.
    pub(crate) StaleOpenPurchase {
        code: "SET003",
        name: "stale-open-purchase",
        title: "Purchase open past its date",
        stage: Setup,
        severity: Medium,
        counts: Purchases,
        inputs: [Cin7Purchases],
        reads: [Cin7PurchaseLines],
    }
}

impl Check for StaleOpenPurchase {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        for p in &cx.data.purchases {
            let Some(days) = is_stale(cx, p) else { continue };
            let lines = cx.index.purchase_lines.of(&p.order_number);
            let open_value: Option<Decimal> = if lines.is_empty() {
                None
            } else {
                lines.iter().map(|l| l.unit_cost.map(|c| c * (l.quantity - l.received.unwrap_or_default()).max(Decimal::ZERO))).sum()
            };
            let value = open_value.or(p.invoice_amount).filter(|v| *v > Decimal::ZERO);
            let due = if p.required_by.is_some() { "required by" } else { "ordered on" };
            let value_note = value.map(|v| format!(", {} still on order", cx.money(v))).unwrap_or_default();
            let message = format!(
                "Purchase {} from {} was {due} {} and is still open {days} days later{value_note}",
                p.order_number,
                if p.supplier.is_empty() { "an unnamed supplier" } else { &p.supplier },
                p.required_by.or(p.order_date).map(|d| d.to_string()).unwrap_or_default(),
            );
            let mut entities = vec![Entity::new(EntityKind::Purchase, &p.order_number)];
            entities.extend(lines.iter().map(|l| Entity::new(EntityKind::Sku, &l.sku)));
            let severity = if days > 3 * cx.thresholds().stale_po_days { Severity::High } else { Severity::Medium };
            let impact = value.filter(|_| cx.in_base_currency(p.currency.as_deref())).map(|v| Impact {
                amount: money(v),
                estimate: open_value.is_none(),
                basis: if open_value.is_some() { "unreceived quantity times unit cost" } else { "the order's amount" }.into(),
                inventory_effect: None,
            });
            out.push(Draft { severity, message, impact, entities, evidence: vec![purchase_evidence(cx, p)] });
        }
    }
}
