use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::date::Date;
use crate::findings::{format_quantity, money, Entity, EntityKind, Impact, Severity};
use crate::rules::facts::common::stock_rows_evidence;
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds SKUs with stock in transit whose last transfer out is more than
    /// `in_transit_days` (default 14) before the as-of date, or that are in transit with no
    /// transfer movement at all to explain it.
    ///
    /// ## Why it matters
    /// A transfer that was sent but never received leaves its stock in limbo: not available
    /// at the sending location, not available at the receiving one, and usually sitting on a
    /// shelf at the destination. Sales are lost at one end while the other reorders.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available,InTransit
    /// WID-1,Main,10,0,10,25
    /// ```
    /// ```csv
    /// SKU,Type,Date,Number,Quantity,Location
    /// WID-1,Transfer Out,2026-02-01,TR-1,-25,Main
    /// ```
    /// With the as-of date 2026-03-31, the transfer has been in transit 58 days, so WID-1 is
    /// flagged.
    ///
    /// ## How to fix it at the source
    /// Receive the transfer at its destination in Cin7 Core (or cancel it back to the source
    /// if the goods never left) and make receiving transfers part of the destination's
    /// goods-in routine.
    ///
    /// ## Impact
    /// The quantity in transit times the SKU's unit cost.
    pub(crate) StuckInTransit {
        code: "INV007",
        name: "stuck-in-transit",
        title: "Stock stuck in transit",
        stage: Inventory,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7Availability, Cin7Movements],
    }
}

impl Check for StuckInTransit {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        let Some(as_of) = cx.as_of else { return };
        let mut last_out: BTreeMap<String, Date> = BTreeMap::new();
        for m in &cx.data.movements {
            if crate::text::starts_with_ignore_case(&m.movement_type, "transfer out") {
                let e = last_out.entry(index::key(&m.sku)).or_insert(m.date);
                *e = (*e).max(m.date);
            }
        }
        for (sku, t) in &cx.index.stock {
            if t.in_transit <= Decimal::ZERO {
                continue;
            }
            let shown = cx.index.stock_sku_shown(sku);
            let message = match last_out.get(sku) {
                Some(d) if d.days_until(as_of) > cx.thresholds().in_transit_days => {
                    format!(
                        "SKU {shown} has {} in transit since a transfer out on {d}, {} days ago",
                        format_quantity(t.in_transit),
                        d.days_until(as_of)
                    )
                }
                Some(_) => continue,
                None => format!("SKU {shown} has {} in transit but no transfer movement explains it", format_quantity(t.in_transit)),
            };
            let impact = cx.index.unit_cost(sku).map(|(c, basis)| Impact {
                amount: money(t.in_transit * c),
                estimate: basis != "product average cost",
                basis: format!("quantity in transit times the {basis}"),
                inventory_effect: None,
            });
            let evidence = stock_rows_evidence(cx, sku, |s| vec![("In transit", s.in_transit.map(format_quantity).unwrap_or_default())]);
            out.push(Draft { severity: Severity::Medium, message, impact, entities: vec![Entity::new(EntityKind::Sku, &shown)], evidence });
        }
    }
}
