use crate::hash::HashMap;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::findings::{format_quantity, money, Entity, EntityKind, Impact, Severity, Stage};
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Ranks SKUs by quantity sold (from sale lines, else from sale movements) and takes the
    /// fastest `velocity_top_n` (default 20). Each of those that carries an inventory-stage
    /// finding (INV001 to INV008) is flagged: its reorder decisions rest on wrong available,
    /// allocated or on-order figures.
    ///
    /// ## Why it matters
    /// Drift on a slow mover costs little; drift on a best seller means stock-outs of what
    /// customers want most, or cash tied up in reorders that were not needed. This is where
    /// inventory drift turns into lost sales and overstock.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available,StockOnHand
    /// WID-1,Main,-5,0,-5,0.00
    /// ```
    /// ```csv
    /// OrderNumber,SKU,Quantity,Price
    /// SO-1,WID-1,80,25.00
    /// ```
    /// WID-1 is the best seller and shows negative stock (INV002), so it is flagged.
    ///
    /// ## How to fix it at the source
    /// Fix the inventory findings of these SKUs first, at their source, before the next
    /// reorder run; until then, have purchasing confirm their stock by count before ordering.
    ///
    /// ## Impact
    /// The SKU's stock value (value column of availability, else on hand times unit cost).
    pub(crate) PurchasingOnDriftingData {
        code: "CTL002",
        name: "purchasing-on-drifting-data",
        title: "Reorders on drifting stock figures",
        stage: Control,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7SaleLines | Cin7Movements],
        phase: 1,
        roles: [LinksIntoTraces],
        reads: [Cin7Availability],
    }
}

impl Check for PurchasingOnDriftingData {
    fn ready(&self, cx: &Context) -> Result<(), String> {
        cx.any_ran(|m| m.stage == Stage::Inventory)
    }

    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        // Summed per SKU as written first: few distinct SKUs, many lines.
        let mut as_written: HashMap<&str, Decimal> = HashMap::default();
        if cx.data.sale_lines.is_empty() {
            for m in cx.data.movements.iter().filter(|m| {
                crate::text::starts_with_ignore_case(&m.movement_type, "sale")
                    && !crate::text::contains_ignore_case(&m.movement_type, "cogs")
            }) {
                *as_written.entry(&m.sku).or_default() -= m.quantity();
            }
        } else {
            for l in &cx.data.sale_lines {
                *as_written.entry(&l.sku).or_default() += l.quantity();
            }
        }
        let mut sold: BTreeMap<String, Decimal> = BTreeMap::new();
        // Summed into a sorted map: the hash map's order cannot reach the report.
        #[allow(clippy::iter_over_hash_type)]
        for (sku, quantity) in as_written {
            *sold.entry(index::key(sku)).or_default() += quantity;
        }
        let mut ranked: Vec<(String, Decimal)> = sold.into_iter().filter(|(_, q)| *q > Decimal::ZERO).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (rank, (sku, qty)) in ranked.iter().take(cx.thresholds().velocity_top_n).enumerate() {
            let mut codes: Vec<String> = cx
                .findings
                .iter()
                .filter(|f| f.code.starts_with("INV") && f.entities.iter().any(|e| e.kind == EntityKind::Sku && index::key(&e.key) == *sku))
                .map(|f| f.code.clone())
                .collect();
            if codes.is_empty() {
                continue;
            }
            codes.sort();
            codes.dedup();
            let t = cx.index.stock.get(sku);
            let value = t
                .filter(|t| t.has_value)
                .map(|t| t.value)
                .or_else(|| t.and_then(|t| cx.index.unit_cost(sku).map(|(c, _)| c * t.on_hand.max(Decimal::ZERO))));
            let shown = cx
                .data
                .sale_lines
                .iter()
                .map(|l| &l.sku)
                .chain(cx.data.movements.iter().map(|m| &m.sku))
                .find(|s| index::key(s) == *sku)
                .map_or_else(|| sku.clone(), std::string::ToString::to_string);
            let message = format!(
                "SKU {shown}, number {} by quantity sold ({} units), is reordered on drifting figures: {}",
                rank + 1,
                format_quantity(*qty),
                codes.join(", ")
            );
            let evidence = cx
                .index
                .stock_lines(sku)
                .iter()
                .map(|s| {
                    cx.evidence(
                        s.origin,
                        vec![
                            ("SKU", s.sku.to_string()),
                            ("On hand", format_quantity(s.on_hand)),
                            ("Available", s.available.map(format_quantity).unwrap_or_default()),
                            ("On order", s.on_order.map(format_quantity).unwrap_or_default()),
                        ],
                    )
                })
                .collect::<Vec<_>>();
            let evidence = if evidence.is_empty() {
                cx.findings.iter().filter(|f| codes.contains(&f.code)).flat_map(|f| f.evidence.iter().take(1).cloned()).take(5).collect()
            } else {
                evidence
            };
            out.push(Draft {
                severity: if rank < 5 { Severity::High } else { Severity::Medium },
                message,
                impact: value.filter(|v| *v > Decimal::ZERO).map(|v| Impact {
                    amount: money(v),
                    estimate: t.is_none_or(|t| !t.has_value),
                    basis: "the SKU's stock value".into(),
                    inventory_effect: None,
                }),
                entities: vec![Entity::new(EntityKind::Sku, &shown)],
                evidence,
            });
        }
    }
}
