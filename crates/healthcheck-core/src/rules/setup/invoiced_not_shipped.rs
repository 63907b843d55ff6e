use rust_decimal::Decimal;

use crate::dataset::SaleLine;
use crate::findings::{money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::{amount_text, is_in, median, quantity_text, sale_evidence, sale_voided, text};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

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
    /// The cost of the goods not yet taken out of stock: for each unshipped line, the quantity
    /// not shipped times the line's average cost (or the product's). Without sale lines, the
    /// invoice amount times the median cost-to-price ratio of the sales that have lines, marked
    /// as an estimate; with no lines at all, the invoice amount itself as an upper bound.
    pub(crate) InvoicedNotShipped {
        code: "SET001",
        name: "invoiced-not-shipped",
        title: "Invoiced, not shipped",
        stage: Setup,
        severity: High,
        counts: Sales,
        inputs: [Cin7Sales],
        roles: [MarginOverstated],
        reads: [Cin7SaleLines],
    }
}

const INVOICED: [&str; 5] = ["INVOICED", "PARTIALLY INVOICED", "INVOICED / CREDITED", "AUTHORISED", "PAID"];
const NOT_SHIPPED: [&str; 3] = ["NOT SHIPPED", "SHIPPING", "PARTIALLY SHIPPED"];
const NOT_FULFILLED: [&str; 2] = ["NOT FULFILLED", "PARTIALLY FULFILLED"];

/// The cost of a sale's unshipped lines, and whether any cost had to be looked up.
fn unshipped_cost(cx: &Context, lines: &[&SaleLine]) -> Option<(Decimal, bool, Vec<String>)> {
    let mut total = Decimal::ZERO;
    let mut looked_up = false;
    let mut skus = Vec::new();
    for l in lines {
        let open = l.quantity() - l.shipped().unwrap_or_default();
        if open <= Decimal::ZERO {
            continue;
        }
        let cost = if let Some(c) = l.average_cost().filter(|c| *c > Decimal::ZERO) {
            c
        } else {
            looked_up = true;
            cx.index.unit_cost(&l.sku).map(|(c, _)| c)?
        };
        total += open * cost;
        skus.push(l.sku.to_string());
    }
    Some((total, looked_up, skus))
}

/// The median, over sales with costed lines, of cost divided by line totals.
fn median_cost_ratio(cx: &Context) -> Option<Decimal> {
    let mut ratios = Vec::new();
    for lines in cx.index.sale_lines.all() {
        let revenue: Decimal = lines.iter().filter_map(|l| l.total()).sum();
        let cost: Option<Decimal> = lines.iter().map(|l| l.average_cost().map(|c| c * l.quantity())).sum();
        if let (Some(cost), true) = (cost, revenue > Decimal::ZERO) {
            ratios.extend(cost.checked_div(revenue));
        }
    }
    median(ratios)
}

impl Check for InvoicedNotShipped {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let grace = cx.thresholds().grace_days;
        let Some(as_of) = cx.as_of else { return };
        // Worked out only if a sale without costed lines needs it: it reads every sale's lines.
        let ratio = std::cell::OnceCell::new();
        for sale in &cx.data.sales {
            let service = sale.sale_type.as_deref() == Some("SERVICE SALE");
            if sale_voided(sale) || service || !is_in(&sale.invoice_status, &INVOICED) {
                continue;
            }
            let open = is_in(&sale.shipping_status, &NOT_SHIPPED) || is_in(&sale.fulfilment_status, &NOT_FULFILLED);
            let Some(invoiced_on) = sale.invoice_date.or(sale.order_date) else { continue };
            let age = invoiced_on.days_until(as_of);
            if !open || age <= grace {
                continue;
            }
            let shipping = sale.shipping_status.clone().or_else(|| sale.fulfilment_status.clone()).unwrap_or_default();
            let amount = sale.invoice_amount().filter(|a| *a > Decimal::ZERO);
            let foreign = !cx.in_base_currency(sale.currency.as_deref());
            let revenue_note = match amount {
                Some(a) if foreign => {
                    format!(" ({} {} revenue without COGS, left out of totals: no exchange rate)", text(&sale.currency), money(a))
                }
                Some(a) => format!(" ({} revenue without COGS)", cx.money(a)),
                None => String::new(),
            };
            let dated = if sale.invoice_date.is_some() { "invoiced on" } else { "ordered on" };
            let message = format!(
                "Sale {} was {dated} {invoiced_on}, {age} days before the as-of date, and is still {}{revenue_note}",
                sale.order_number,
                shipping.to_lowercase(),
            );
            let mut entities = vec![Entity::new(EntityKind::Sale, &sale.order_number)];
            if let Some(inv) = &sale.invoice_number {
                entities.push(Entity::new(EntityKind::Invoice, inv));
            }
            let lines = cx.index.sale_lines.of(&sale.order_number);
            let costed = if lines.is_empty() { None } else { unshipped_cost(cx, lines) };
            let impact = match (costed, amount) {
                _ if foreign => None,
                (Some((cost, looked_up, skus)), _) => {
                    entities.extend(skus.iter().map(|s| Entity::new(EntityKind::Sku, s)));
                    let basis = if looked_up {
                        "unshipped quantity times unit cost, some costs looked up"
                    } else {
                        "unshipped quantity times the lines' average cost"
                    };
                    Some(Impact { amount: money(cost), estimate: looked_up, basis: basis.into(), inventory_effect: None })
                }
                (None, Some(a)) => Some(match *ratio.get_or_init(|| median_cost_ratio(cx)) {
                    Some(r) => Impact {
                        amount: money(a * r),
                        estimate: true,
                        basis: "invoice amount times the median cost ratio of costed sales".into(),
                        inventory_effect: None,
                    },
                    None => Impact {
                        amount: money(a),
                        estimate: true,
                        basis: "invoice amount as an upper bound of the cost not yet recognised".into(),
                        inventory_effect: None,
                    },
                }),
                (None, None) => None,
            };
            let severity = if amount.is_some() { Severity::High } else { Severity::Low };
            let mut evidence = vec![sale_evidence(cx, sale)];
            evidence.extend(lines.iter().map(|l| {
                cx.evidence(
                    l.origin,
                    vec![
                        ("Order number", l.order_number.to_string()),
                        ("SKU", l.sku.to_string()),
                        ("Quantity", quantity_text(Some(l.quantity()))),
                        ("Shipped", quantity_text(l.shipped())),
                        ("Average cost", amount_text(l.average_cost())),
                        ("Total", amount_text(l.total())),
                    ],
                )
            }));
            out.push(Draft { severity, message, impact, entities, evidence });
        }
    }
}
