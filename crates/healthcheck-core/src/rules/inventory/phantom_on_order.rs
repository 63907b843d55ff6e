use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::findings::{format_quantity, money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::stock_rows_evidence;
use crate::rules::facts::purchases::{is_open, is_stale};
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// For each SKU, compares the on-order quantity of product availability with the
    /// unreceived quantity (ordered − received) of its open purchases that are not stale
    /// (see SET003). A difference is phantom stock on order.
    ///
    /// ## Why it matters
    /// Reorder decisions subtract on-order stock from what must be bought. Stock on order that
    /// is not really coming, because its purchase is stale or the figures have drifted from
    /// the documents, makes the business buy too little and run out.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available,OnOrder
    /// WID-1,Main,10,0,10,200
    /// ```
    /// ```csv
    /// OrderNumber,Supplier,Status,OrderDate,RequiredBy,CombinedReceivingStatus
    /// PO-310,Acme Supply,ORDERED,2026-01-10,2026-01-31,NOT RECEIVED
    /// ```
    /// ```csv
    /// OrderNumber,Supplier,SKU,Quantity,ReceivedQuantity,UnitCost
    /// PO-310,Acme Supply,WID-1,200,0,11.50
    /// ```
    /// With the as-of date 2026-03-31, the only purchase behind WID-1's 200 on order is stale,
    /// so all 200 are flagged.
    ///
    /// ## How to fix it at the source
    /// Settle the purchases behind the figure: receive what arrived, close or void what will
    /// not come (SET003 lists them), and correct quantities on purchase orders that were
    /// changed by phone or email but not in Cin7 Core.
    ///
    /// ## Impact
    /// The phantom quantity times the SKU's unit cost.
    pub(crate) PhantomOnOrder {
        code: "INV004",
        name: "phantom-on-order",
        title: "On order with no open purchase",
        stage: Inventory,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7Availability, Cin7Purchases, Cin7PurchaseLines],
    }
}

impl Check for PhantomOnOrder {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        // SKU → (unreceived on live purchases, stale purchases behind it)
        let mut expected: BTreeMap<String, (Decimal, Vec<String>)> = BTreeMap::new();
        for line in &cx.data.purchase_lines {
            let Some(p) = cx.index.purchases_by_number.get(&line.order_number) else { continue };
            if !is_open(p) {
                continue;
            }
            let open = (line.quantity - line.received.unwrap_or_default()).max(Decimal::ZERO);
            let e = expected.entry(index::key(&line.sku)).or_default();
            if is_stale(cx, p).is_some() {
                e.1.push(p.order_number.to_string());
            } else {
                e.0 += open;
            }
        }
        let tolerance = cx.thresholds().quantity_tolerance;
        for (sku, t) in &cx.index.stock {
            let (live, stale) = expected.get(sku).cloned().unwrap_or_default();
            let phantom = t.on_order - live;
            if phantom.abs() <= tolerance {
                continue;
            }
            let shown = cx.index.stock_sku_shown(sku);
            let why = if stale.is_empty() {
                String::from("open purchases account for")
            } else {
                format!("stale purchases {} stand behind the rest; live purchases account for", stale.join(", "))
            };
            let message = format!("SKU {shown} shows {} on order but {why} {}", format_quantity(t.on_order), format_quantity(live));
            let impact = cx.index.unit_cost(sku).map(|(c, basis)| Impact {
                amount: money(phantom.abs() * c),
                estimate: basis != "product average cost",
                basis: format!("phantom quantity times the {basis}"),
                inventory_effect: None,
            });
            let mut entities = vec![Entity::new(EntityKind::Sku, &shown)];
            entities.extend(stale.iter().map(|p| Entity::new(EntityKind::Purchase, p)));
            let evidence = stock_rows_evidence(cx, sku, |s| {
                vec![("On order", s.on_order.map(format_quantity).unwrap_or_default()), ("Live purchases", format_quantity(live))]
            });
            out.push(Draft { severity: Severity::Medium, message, impact, entities, evidence });
        }
    }
}
