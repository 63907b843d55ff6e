use rust_decimal::Decimal;

use crate::findings::{money, Entity, EntityKind, Severity};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// For each SKU with stock on hand, divides its stock value in product availability by
    /// its quantity on hand and compares the result with the product's average cost. A
    /// difference of more than `cost_outlier_pct` (default 25 %) is flagged.
    ///
    /// ## Why it matters
    /// The two figures come from the same FIFO layers and should be close. A large gap means
    /// a layer was received at a wrong price, a cost change has not flowed through, or a unit
    /// of measure is mixed up (a carton costed as a unit). Every sale of the SKU then posts the
    /// wrong cost of goods sold.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available,StockOnHand
    /// WID-1,Main,10,0,10,600.00
    /// ```
    /// ```csv
    /// ProductCode,Name,CostingMethod,AverageCost
    /// WID-1,Widget Blue,FIFO,12.00
    /// ```
    /// WID-1 is valued at 60.00 a unit against an average cost of 12.00, so it is flagged.
    ///
    /// ## How to fix it at the source
    /// Open the SKU's FIFO cost layers in Cin7 Core and find the receipt with the odd price.
    /// Correct the purchase invoice price (or the unit of measure on the purchase line) so the
    /// layer is re-costed, rather than adjusting stock value by hand.
    ///
    /// ## Impact
    /// None in money here: the cost error reaches the ledger through sales, which the ledger
    /// checks measure.
    pub(crate) UnitCostOutlier {
        code: "INV006",
        name: "unit-cost-outlier",
        title: "Unit cost out of line",
        stage: Inventory,
        severity: Low,
        counts: Skus,
        inputs: [Cin7Availability, Cin7Products],
    }
}

impl Check for UnitCostOutlier {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let limit = cx.thresholds().cost_outlier_pct;
        for (sku, t) in &cx.index.stock {
            let Some(p) = cx.index.product(sku) else { continue };
            let Some(avg) = p.average_cost.filter(|c| *c > Decimal::ZERO) else { continue };
            let Some(per_unit) = t.value_per_unit() else { continue };
            let Some(pct) = (per_unit - avg).checked_div(avg).and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED)).map(|p| p.round_dp(1))
            else {
                continue;
            };
            if pct.abs() <= limit {
                continue;
            }
            let message = format!(
                "SKU {} is valued at {} a unit on hand against an average cost of {} ({}{}%)",
                p.sku,
                money(per_unit),
                money(avg),
                if pct > Decimal::ZERO { "+" } else { "" },
                pct.normalize()
            );
            let mut evidence: Vec<_> = cx
                .index
                .stock_lines(sku)
                .iter()
                .map(|s| {
                    cx.evidence(
                        s.origin,
                        vec![
                            ("SKU", s.sku.to_string()),
                            ("On hand", s.on_hand.normalize().to_string()),
                            ("Stock value", s.stock_value.map(|v| money(v).to_string()).unwrap_or_default()),
                        ],
                    )
                })
                .collect();
            evidence.push(cx.evidence(p.origin, vec![("SKU", p.sku.to_string()), ("Average cost", avg.normalize().to_string())]));
            let severity = if pct.abs() > limit * Decimal::from(4) { Severity::Medium } else { Severity::Low };
            out.push(Draft { severity, message, impact: None, entities: vec![Entity::new(EntityKind::Sku, &p.sku)], evidence });
        }
    }
}
