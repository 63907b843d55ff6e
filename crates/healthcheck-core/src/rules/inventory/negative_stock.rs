use rust_decimal::Decimal;

use crate::findings::{format_quantity, money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::{at_location, stock_fields};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds availability rows with a negative quantity: on hand below zero (critical), or
    /// available below zero, which means more is allocated than is on hand.
    ///
    /// ## Why it matters
    /// Negative on-hand stock cannot exist physically: it means goods were shipped, consumed
    /// or transferred out before they were received in the system, so their cost was taken at
    /// a guess and the receipt will later post against stock that is already gone. Negative
    /// available stock means orders have been promised more than the shelf holds.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available,StockOnHand
    /// GAD-7,Main,-5,0,-5,0.00
    /// WID-1,Main,10,2,8,120.00
    /// ```
    /// GAD-7 is flagged (5 units below zero); WID-1 is not.
    ///
    /// ## How to fix it at the source
    /// Receive the purchase or complete the transfer that should have brought the stock in
    /// before it went out, with its real date, and make receiving happen before dispatch in
    /// the warehouse routine. Where allocations exceed stock, backorder or re-plan the sales
    /// rather than shipping against stock that is not there.
    ///
    /// ## Impact
    /// The quantity below zero times the SKU's unit cost (average cost, else stock value per
    /// unit, else last purchase cost).
    pub(crate) NegativeStock {
        code: "INV002",
        name: "negative-stock",
        title: "Negative stock",
        stage: Inventory,
        severity: Critical,
        counts: Skus,
        inputs: [Cin7Availability],
    }
}

impl Check for NegativeStock {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        for line in &cx.data.stock {
            let available = line.available.unwrap_or(line.on_hand - line.allocated.unwrap_or_default());
            let (severity, quantity, what) = if line.on_hand < Decimal::ZERO {
                (Severity::Critical, line.on_hand, "on hand")
            } else if available < Decimal::ZERO {
                (Severity::High, available, "available (more allocated than on hand)")
            } else {
                continue;
            };
            let place = at_location(&line.location);
            let cost = cx.index.unit_cost(&line.sku);
            let impact = cost.map(|(c, basis)| Impact {
                amount: money(quantity.abs() * c),
                estimate: basis != "product average cost",
                basis: format!("quantity below zero times the {basis}"),
                inventory_effect: None,
            });
            let value_note = impact.as_ref().map(|i| format!(" (about {})", cx.money(i.amount))).unwrap_or_default();
            let message = format!("SKU {}{place} shows {} {what}{value_note}", line.sku, format_quantity(quantity));
            let evidence = cx.evidence(line.origin, stock_fields(line, available));
            out.push(Draft {
                severity,
                message,
                impact,
                entities: vec![Entity::new(EntityKind::Sku, &line.sku)],
                evidence: vec![evidence],
            });
        }
    }
}
