use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::findings::{format_quantity, money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::{is_in, sale_voided, stock_rows_evidence};
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// For each SKU, compares the quantity availability shows as allocated with what the open
    /// authorised sales still need: ordered minus shipped, over sales whose order is
    /// authorised and that are not shipped, closed, completed or voided. Allocation beyond
    /// that need is flagged.
    ///
    /// ## Why it matters
    /// Allocated stock is invisible to new orders. When documents that have moved on (shipped
    /// by another route, cancelled, closed) still hold their allocation, the system says the
    /// stock is spoken for and the business turns away or backorders sales it could fill, or
    /// reorders stock it already has.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available
    /// WID-1,Main,50,30,20
    /// ```
    /// ```csv
    /// OrderNumber,OrderStatus,CombinedShippingStatus,CombinedInvoiceStatus
    /// SO-501,AUTHORISED,NOT SHIPPED,NOT INVOICED
    /// ```
    /// ```csv
    /// OrderNumber,SKU,Quantity,Price
    /// SO-501,WID-1,10,20.00
    /// ```
    /// 30 units of WID-1 are allocated but open sales need 10, so 20 are held by nothing.
    ///
    /// ## How to fix it at the source
    /// Find the documents holding the allocation (Cin7 Core's allocation report for the SKU)
    /// and finish them: ship the sales that went, void or close the ones that will not, and
    /// complete any work orders. Cin7 releases the allocation as each document completes.
    ///
    /// ## Impact
    /// The excess allocated quantity times the SKU's unit cost.
    pub(crate) StaleAllocation {
        code: "INV003",
        name: "stale-allocation",
        title: "Stock held for orders that moved on",
        stage: Inventory,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7Availability, Cin7Sales, Cin7SaleLines],
    }
}

impl Check for StaleAllocation {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let mut needed: BTreeMap<String, (Decimal, Vec<String>)> = BTreeMap::new();
        for sale in &cx.data.sales {
            let done = is_in(&sale.status, &["COMPLETED", "CLOSED", "CREDITED"])
                || is_in(&sale.order_status, &["CLOSED", "DRAFT", "NOT AVAILABLE"]);
            let shipped = is_in(&sale.shipping_status, &["SHIPPED"]) || is_in(&sale.fulfilment_status, &["FULFILLED"]);
            if sale_voided(sale) || done || shipped {
                continue;
            }
            for l in cx.index.sale_lines.of(&sale.order_number) {
                let open = (l.quantity() - l.shipped().unwrap_or_default()).max(Decimal::ZERO);
                let e = needed.entry(index::key(&l.sku)).or_default();
                e.0 += open;
                e.1.push(sale.order_number.to_string());
            }
        }
        let tolerance = cx.thresholds().quantity_tolerance;
        for (sku, totals) in &cx.index.stock {
            let (need, sales) = needed.get(sku).cloned().unwrap_or_default();
            let excess = totals.allocated - need;
            if excess <= tolerance {
                continue;
            }
            let shown = cx.index.stock_sku_shown(sku);
            let impact = cx.index.unit_cost(sku).map(|(c, basis)| Impact {
                amount: money(excess * c),
                estimate: basis != "product average cost",
                basis: format!("excess allocation times the {basis}"),
                inventory_effect: None,
            });
            let message = format!(
                "SKU {shown} has {} allocated but open sales need only {}, so {} units are held by documents that have moved on",
                format_quantity(totals.allocated),
                format_quantity(need),
                format_quantity(excess)
            );
            let mut entities = vec![Entity::new(EntityKind::Sku, &shown)];
            entities.extend(sales.iter().map(|s| Entity::new(EntityKind::Sale, s)));
            let evidence = stock_rows_evidence(cx, sku, |s| {
                vec![("Allocated", s.allocated.map(format_quantity).unwrap_or_default()), ("Open sales need", format_quantity(need))]
            });
            out.push(Draft { severity: Severity::Medium, message, impact, entities, evidence });
        }
    }
}
