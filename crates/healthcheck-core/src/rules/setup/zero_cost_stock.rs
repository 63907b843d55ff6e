use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::findings::{format_quantity, money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::median;
use crate::rules::facts::common::stock_rows_evidence;
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds stock on hand that carries no cost: a SKU with a positive quantity on hand whose
    /// stock value is zero, or a stock product whose average cost is zero or missing while
    /// units are on hand. Reads product availability, the product list, or both.
    ///
    /// ## Why it matters
    /// Stock received before its purchase invoice is authorised (and without an order cost)
    /// sits in Cin7 at zero cost. When it ships, cost of goods sold posts at zero: the margin
    /// on those sales is overstated now and corrected by a cost change later, often in another
    /// period, and the inventory sub-ledger understates the asset meanwhile.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available,StockOnHand
    /// WID-9,Main,40,0,40,0.00
    /// WID-1,Main,10,0,10,120.00
    /// ```
    /// WID-9 is flagged (40 units valued at 0.00); WID-1 is not.
    ///
    /// ## How to fix it at the source
    /// Find the purchase that brought the stock in and authorise its invoice with the real
    /// prices (or put the unit cost on the order before receiving). For opening stock loaded
    /// without cost, redo the stock-in with the correct unit cost through a stocktake of the
    /// affected SKUs.
    ///
    /// ## Impact
    /// Quantity on hand times the best cost estimate: the last purchase cost of the SKU, else
    /// the median average cost of its category. Marked as an estimate.
    pub(crate) ZeroCostStock {
        code: "SET008",
        name: "zero-cost-stock",
        title: "Stock carried at zero cost",
        stage: Setup,
        severity: High,
        counts: Skus,
        inputs: [Cin7Availability | Cin7Products],
    }
}

impl Check for ZeroCostStock {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let mut category_costs: BTreeMap<String, Vec<Decimal>> = BTreeMap::new();
        for p in &cx.data.products {
            if let (Some(c), Some(cat)) = (p.average_cost.filter(|c| *c > Decimal::ZERO), &p.category) {
                category_costs.entry(cat.to_lowercase()).or_default().push(c);
            }
        }
        let estimate_cost = |sku: &str| -> Option<(Decimal, &'static str)> {
            if let Some(c) = cx.index.last_purchase_cost(sku) {
                return Some((c, "last purchase cost"));
            }
            let cat = cx.index.product(sku)?.category.as_ref()?.to_lowercase();
            median(category_costs.get(&cat)?.clone()).map(|c| (c, "median average cost of its category"))
        };
        let mut flagged: BTreeMap<String, (Decimal, String)> = BTreeMap::new();
        for (sku, t) in &cx.index.stock {
            if t.on_hand > Decimal::ZERO && t.has_value && t.value.is_zero() {
                flagged.insert(sku.clone(), (t.on_hand, "is valued at zero".into()));
            }
        }
        for p in &cx.data.products {
            let k = index::key(&p.sku);
            let stock_product = p.product_type.as_deref() != Some("SERVICE");
            let zero = p.average_cost.is_none_or(|c| c.is_zero());
            let on_hand = cx.index.stock.get(&k).map(|t| t.on_hand);
            if stock_product && zero && on_hand.is_some_and(|q| q > Decimal::ZERO) && !flagged.contains_key(&k) {
                flagged.insert(k, (on_hand.unwrap_or_default(), "has no average cost".into()));
            }
        }
        for (sku, (qty, why)) in flagged {
            let shown = cx.index.product(&sku).map_or(sku.clone(), |p| p.sku.to_string());
            let cost = estimate_cost(&sku);
            let impact = cost.map(|(c, basis)| Impact {
                amount: money(c * qty),
                estimate: true,
                basis: format!("quantity on hand times the {basis}"),
                inventory_effect: None,
            });
            let worth = impact
                .as_ref()
                .map(|i| format!(" (about {} at {})", cx.money(i.amount), i.basis.trim_start_matches("quantity on hand times the ")))
                .unwrap_or_default();
            let message = format!("SKU {shown} has {} units on hand but {why}{worth}", format_quantity(qty));
            let mut evidence: Vec<_> = stock_rows_evidence(cx, &sku, |s| {
                vec![
                    ("On hand", format_quantity(s.on_hand)),
                    ("Stock value", s.stock_value.map(|v| money(v).to_string()).unwrap_or_default()),
                ]
            });
            if let Some(p) = cx.index.product(&sku) {
                evidence.push(cx.evidence(
                    p.origin,
                    vec![
                        ("SKU", p.sku.to_string()),
                        ("Average cost", p.average_cost.map(|c| c.normalize().to_string()).unwrap_or_default()),
                    ],
                ));
            }
            out.push(Draft { severity: Severity::High, message, impact, entities: vec![Entity::new(EntityKind::Sku, &shown)], evidence });
        }
    }
}
