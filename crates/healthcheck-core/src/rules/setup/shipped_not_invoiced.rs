use rust_decimal::Decimal;

use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::{is_in, sale_evidence, sale_voided};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds sales whose goods have shipped (combined shipping status SHIPPED, or fulfilment
    /// status FULFILLED) while the invoice is still NOT INVOICED or DRAFT, more than
    /// `grace_days` (default 3) after the sale's last update or order date.
    ///
    /// ## Why it matters
    /// The shipment has already posted its cost of goods sold and taken the stock out of the
    /// inventory account, but no revenue stands against it. Gross profit for the period reads
    /// lower than it is, receivables are understated, and the customer has not been billed.
    ///
    /// ## Example
    /// ```csv
    /// OrderNumber,OrderDate,CombinedInvoiceStatus,CombinedShippingStatus,InvoiceAmount
    /// SO-00301,2026-03-01,NOT INVOICED,SHIPPED,880.00
    /// SO-00302,2026-03-30,NOT INVOICED,SHIPPED,120.00
    /// ```
    /// With the as-of date 2026-03-31, SO-00301 is flagged; SO-00302 shipped within the grace
    /// period and is not.
    ///
    /// ## How to fix it at the source
    /// Open the sale in Cin7 Core and authorise its invoice for what was shipped, so that the
    /// revenue posts in the same period as the cost. Where billing is deliberately later
    /// (consignment, milestone billing), record that on the sale and invoice at the agreed
    /// point rather than leaving the invoice in draft.
    ///
    /// ## Impact
    /// The revenue not yet billed: the order amount where the export gives it, else the
    /// lines' totals. The cost already posted (shipped quantity times average cost) is named
    /// in the finding.
    pub(crate) ShippedNotInvoiced {
        code: "SET002",
        name: "shipped-not-invoiced",
        title: "Shipped, not invoiced",
        stage: Setup,
        severity: High,
        counts: Sales,
        inputs: [Cin7Sales],
        roles: [MarginUnderstated],
        reads: [Cin7SaleLines],
    }
}

impl Check for ShippedNotInvoiced {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Some(as_of) = cx.as_of else { return };
        for sale in &cx.data.sales {
            let shipped = is_in(&sale.shipping_status, &["SHIPPED"]) || is_in(&sale.fulfilment_status, &["FULFILLED"]);
            if sale_voided(sale) || !shipped || !is_in(&sale.invoice_status, &["NOT INVOICED", "DRAFT"]) {
                continue;
            }
            let Some(since) = sale.updated.or(sale.order_date) else { continue };
            let age = since.days_until(as_of);
            if age <= cx.thresholds().grace_days {
                continue;
            }
            let lines = cx.index.sale_lines.of(&sale.order_number);
            let line_total: Option<Decimal> = lines.iter().map(|l| l.total()).sum();
            let revenue = sale.invoice_amount().filter(|a| *a > Decimal::ZERO).or(line_total.filter(|t| *t > Decimal::ZERO));
            let cogs: Option<Decimal> = lines
                .iter()
                .map(|l| {
                    l.average_cost().or_else(|| cx.index.unit_cost(&l.sku).map(|c| c.0)).map(|c| c * l.shipped().unwrap_or(l.quantity()))
                })
                .sum();
            let mut note = String::new();
            if let Some(r) = revenue {
                note.push_str(&format!(" ({} not billed", cx.money(r)));
                if let Some(c) = cogs.filter(|c| !c.is_zero()) {
                    note.push_str(&format!(", {} of cost already posted", cx.money(c)));
                }
                note.push(')');
            }
            let message = format!("Sale {} shipped but is still not invoiced, {age} days after {since}{note}", sale.order_number);
            let mut entities = vec![Entity::new(EntityKind::Sale, &sale.order_number)];
            entities.extend(lines.iter().map(|l| Entity::new(EntityKind::Sku, &l.sku)));
            let impact = revenue.filter(|_| cx.in_base_currency(sale.currency.as_deref())).map(|r| Impact {
                amount: money(r),
                estimate: sale.invoice_amount().is_none(),
                basis: "revenue not yet invoiced".into(),
                inventory_effect: None,
            });
            let severity = if revenue.is_some() { Severity::High } else { Severity::Medium };
            out.push(Draft { severity, message, impact, entities, evidence: vec![sale_evidence(cx, sale)] });
        }
    }
}
