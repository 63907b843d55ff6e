use rust_decimal::Decimal;

use crate::report::{format_money, money, Entity, EntityKind, Impact, Severity};
use crate::rules::{declare_rule, Context, Draft, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds sales whose invoice is authorised while the shipment is still open: the combined
    /// invoice status says the sale is invoiced (INVOICED, PARTIALLY INVOICED, INVOICED /
    /// CREDITED, AUTHORISED or PAID) but the combined shipping status is NOT SHIPPED, SHIPPING
    /// or PARTIALLY SHIPPED, or the fulfilment status is NOT FULFILLED or PARTIALLY FULFILLED.
    /// A sale is flagged once its invoice is more than `grace_days` (default 3) old at the
    /// as-of date. Voided sales and service-only sales are left out.
    ///
    /// ## Why it matters
    /// Cin7 Core posts revenue when the invoice is authorised, but it posts the cost of goods
    /// sold, and takes the stock out of the inventory account, only when the shipment is
    /// authorised. Until then the ledger shows the sale's revenue without its cost: gross
    /// profit reads higher than it is and the inventory asset stays overstated by the same
    /// cost. If the month closes in between, the two halves of one sale land in different
    /// periods and margin swings from month to month.
    ///
    /// ## Example
    /// ```csv
    /// OrderNumber,InvoiceNumber,InvoiceDate,CombinedInvoiceStatus,CombinedShippingStatus,InvoiceAmount
    /// SO-00123,INV-00123,2026-03-02,INVOICED,NOT SHIPPED,4210.00
    /// SO-00124,INV-00124,2026-03-30,INVOICED,SHIPPED,99.00
    /// ```
    /// With the as-of date 2026-03-31, SO-00123 is flagged (invoiced 29 days earlier, not
    /// shipped); SO-00124 is not.
    ///
    /// ## How to fix it at the source
    /// Open the sale in Cin7 Core and complete its fulfilment: pick, pack and then authorise
    /// the Ship step for the goods that have left the warehouse. The COGS and inventory
    /// entries then post with the shipment date. If the goods will never ship, credit the
    /// invoice and void or close the order rather than leaving it open. Going forward, make
    /// shipment authorisation part of the dispatch routine, so that no invoice is authorised
    /// for goods that have not gone.
    ///
    /// ## Impact
    /// The cost of the goods not yet taken out of stock. Until sale lines with average cost
    /// are supplied, the invoice amount stands in for it as an upper bound and the figure is
    /// marked as an estimate.
    pub(crate) InvoicedNotShipped {
        code: "SET001",
        name: "invoiced-not-shipped",
        stage: Setup,
        severity: High,
        inputs: [Cin7Sales],
    }
}

const INVOICED: [&str; 5] = ["INVOICED", "PARTIALLY INVOICED", "INVOICED / CREDITED", "AUTHORISED", "PAID"];
const NOT_SHIPPED: [&str; 3] = ["NOT SHIPPED", "SHIPPING", "PARTIALLY SHIPPED"];
const NOT_FULFILLED: [&str; 2] = ["NOT FULFILLED", "PARTIALLY FULFILLED"];

fn is_one_of(value: &Option<String>, set: &[&str]) -> bool {
    value.as_deref().is_some_and(|v| set.contains(&v))
}

impl Rule for InvoicedNotShipped {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let grace = cx.settings.thresholds.grace_days;
        let Some(as_of) = cx.as_of else { return };
        for sale in &cx.data.sales {
            let voided = sale.status.as_deref() == Some("VOIDED") || sale.order_status.as_deref() == Some("VOIDED");
            let service = sale.sale_type.as_deref() == Some("SERVICE SALE");
            if voided || service || !is_one_of(&sale.invoice_status, &INVOICED) {
                continue;
            }
            let open = is_one_of(&sale.shipping_status, &NOT_SHIPPED) || is_one_of(&sale.fulfilment_status, &NOT_FULFILLED);
            let Some(invoiced_on) = sale.invoice_date.or(sale.order_date) else { continue };
            let age = invoiced_on.days_until(as_of);
            if !open || age <= grace {
                continue;
            }
            let shipping = sale.shipping_status.clone().or_else(|| sale.fulfilment_status.clone()).unwrap_or_default();
            let amount = sale.invoice_amount.filter(|a| *a > Decimal::ZERO);
            let amount_text = match amount {
                Some(a) => format!(" ({} revenue without COGS)", format_money(a, cx.currency)),
                None => String::new(),
            };
            let dated = if sale.invoice_date.is_some() { "invoiced on" } else { "ordered on" };
            let message = format!(
                "Sale {} was {dated} {invoiced_on}, {age} days before the as-of date, and is still {}{amount_text}",
                sale.order_number,
                shipping.to_lowercase(),
            );
            let mut entities = vec![Entity::new(EntityKind::Sale, &sale.order_number)];
            if let Some(inv) = &sale.invoice_number {
                entities.push(Entity::new(EntityKind::Invoice, inv));
            }
            let impact = amount.map(|a| Impact {
                amount: money(a),
                estimate: true,
                basis: "invoice amount as an upper bound of the cost not yet recognised".into(),
            });
            let severity = if amount.is_some() { Severity::High } else { Severity::Low };
            let opt = |v: &Option<String>| v.clone().unwrap_or_default();
            let evidence = cx.evidence(
                sale.origin,
                vec![
                    ("Order number", sale.order_number.clone()),
                    ("Invoice number", opt(&sale.invoice_number)),
                    ("Invoice date", sale.invoice_date.map(|d| d.to_string()).unwrap_or_default()),
                    ("Invoice status", opt(&sale.invoice_status)),
                    ("Shipping status", opt(&sale.shipping_status)),
                    ("Fulfilment status", opt(&sale.fulfilment_status)),
                    ("Invoice amount", sale.invoice_amount.map(|a| money(a).to_string()).unwrap_or_default()),
                ],
            );
            out.push(Draft { severity, message, impact, entities, evidence: vec![evidence] });
        }
    }
}
