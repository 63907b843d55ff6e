use rust_decimal::Decimal;

use crate::findings::{format_quantity, Entity, EntityKind, Severity};
use crate::rules::facts::common::stock_rows_evidence;
use crate::rules::facts::{declare_rule, index, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Finds products whose status is Deprecated in the Cin7 Core product list while product
    /// availability still shows stock on hand, allocated or on order for them.
    ///
    /// ## Why it matters
    /// A deprecated product drops out of pick lists, price lists and reorder reports, but its
    /// stock still counts in the inventory value. Units nobody can sell or reorder sit there
    /// until a write-off, and open orders against them stall.
    ///
    /// ## Example
    /// ```csv
    /// ProductCode,Name,Status,CostingMethod
    /// GAD-7,Gadget Seven,Deprecated,FIFO
    /// ```
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available
    /// GAD-7,Main,4,0,4
    /// ```
    /// Availability still shows 4 units of GAD-7 on hand, so GAD-7 is flagged.
    ///
    /// ## How to fix it at the source
    /// Either reactivate the product and sell the stock through, or clear it properly: finish
    /// or void the documents that allocate or order it, and write off or transfer the remaining
    /// units with a stock adjustment that states why, before deprecating the product.
    ///
    /// ## Impact
    /// None in money here; the units' value is part of the inventory figures other checks
    /// examine.
    pub(crate) DeprecatedProductWithStock {
        code: "SET010",
        name: "deprecated-product-with-stock",
        title: "Deprecated product still in stock",
        stage: Setup,
        severity: Medium,
        counts: Skus,
        inputs: [Cin7Products, Cin7Availability],
    }
}

impl Check for DeprecatedProductWithStock {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        for p in cx.data.products.iter().filter(|p| p.status.as_deref() == Some("DEPRECATED")) {
            let Some(t) = cx.index.stock.get(index::key_of(&p.sku).as_ref()) else { continue };
            let mut held = Vec::new();
            for (label, q) in [("on hand", t.on_hand), ("allocated", t.allocated), ("on order", t.on_order)] {
                if q != Decimal::ZERO {
                    held.push(format!("{} {label}", format_quantity(q)));
                }
            }
            if held.is_empty() {
                continue;
            }
            let message = format!("Deprecated product {} still has {}", p.sku, held.join(", "));
            let mut evidence = vec![
                cx.evidence(p.origin, vec![("SKU", p.sku.to_string()), ("Name", p.name.to_string()), ("Status", "DEPRECATED".into())])
            ];
            evidence.extend(stock_rows_evidence(cx, &index::key(&p.sku), |s| vec![("On hand", format_quantity(s.on_hand))]));
            out.push(Draft {
                severity: Severity::Medium,
                message,
                impact: None,
                entities: vec![Entity::new(EntityKind::Sku, &p.sku)],
                evidence,
            });
        }
    }
}
